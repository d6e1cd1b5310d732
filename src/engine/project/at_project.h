/* A studio project: the person a garment is made for and the garment as the
 * designer left it — library garment, design parameters, size (or made to
 * measure), fabric and the pattern with its hand edits. Saved as one JSON
 * file (docs/project-format.md), written atomically so a crash mid-save
 * never leaves half a file; the studio autosaves the same form.
 *
 *   { "format": "atelier-project", "version": 1,
 *     "body": { "sex": "female", "stature": 165, ... measured keys only },
 *     "garment": { "id": "tshirt", "params": { "length": 70, ... },
 *                  "size": "M" | null, "fabric": "cotton-jersey",
 *                  "pattern": { ... atelier-pattern ... } } }
 *
 * "garment" may be absent (a body only). Loading checks everything against
 * the installed library: an unknown garment, size or fabric, a parameter out
 * of range or a broken pattern is refused with the key named. */
#pragma once
#include <stdbool.h>

#include "at_measurements.h"
#include "at_status.h"
#include "pattern/at_garment_library.h"

#define AT_PROJECT_FORMAT_VERSION 1

typedef struct {
  AtMeasurements body;       /* given[] marks what was measured; the rest is re-estimated on load */
  bool has_garment;
  AtGarmentDef garment;      /* the library garment with the project's design parameters */
  char size[16];             /* chart size; empty: made to measure */
  char fabric[AT_PATTERN_NAME_MAX];
  AtPattern *pattern;        /* the pattern as edited; owned, NULL with no garment */
} AtProject;

AtProject *at_project_new (void);
void at_project_free (AtProject *project);

/* JSON text of the project (caller frees). */
char *at_project_to_json (const AtProject *project);
AtStatus at_project_from_json (const char *text, AtProject **out, AtError *err);
AtStatus at_project_save (const AtProject *project, const char *path, AtError *err);
AtStatus at_project_load (const char *path, AtProject **out, AtError *err);

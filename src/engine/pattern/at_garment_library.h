/* The garment library: data/garments/<id>.json files, each naming a drafting
 * routine (C code in draft_*.c) together with its design parameters, its
 * size chart (body measurements per size), the default fabric and the
 * category. One drafting routine turns body measurements plus design
 * parameters into a pattern, so the same code grades every chart size (from
 * that size's body measurements) and drafts made-to-measure (from one
 * person's measurements).
 *
 * File format (version 1), documented in docs/garment-format.md:
 *   { "format": "atelier-garment", "version": 1, "id": "tshirt",
 *     "name": "T-shirt", "category": "top", "draft": "tshirt",
 *     "fabric": "cotton-jersey", "trim_fabric": "knit-rib", "sex": "male",
 *     "size_system": "EN 13402-3 letter sizes", "base_size": "M",
 *     "params": { "length": 70, "chest_ease": 10, ... },
 *     "sizes": [ { "size": "XS", "chest_girth": 86, ... }, ... ] }
 * Sizes are listed smallest to largest. */
#pragma once
#include <stdbool.h>
#include "at_measurements.h"
#include "at_pattern.h"

#define AT_GARMENT_FORMAT_VERSION 1
#define AT_GARMENT_MAX_PARAMS 16
#define AT_GARMENT_MAX_SIZES 12

/* A design parameter of a drafting routine (lengths, eases in cm). */
typedef struct {
  const char *name;
  double def, min, max;
  const char *description;
  AtMeasureKey ease_of; /* the girth this parameter is the ease of, or -1 */
} AtDesignParamInfo;

typedef struct AtDraftRoutine AtDraftRoutine;

typedef struct {
  char name[16];
  AtMeasurements body; /* given[] marks the keys the chart states */
} AtChartSize;

typedef struct AtGarmentDef {
  char id[AT_PATTERN_NAME_MAX];
  char name[64];
  char category[AT_PATTERN_NAME_MAX];
  char fabric[AT_PATTERN_NAME_MAX];
  char trim_fabric[AT_PATTERN_NAME_MAX]; /* rib bands and cuffs; empty: the main fabric */
  char size_system[128];
  char base_size[16];
  AtSex sex;
  const AtDraftRoutine *draft;
  double params[AT_GARMENT_MAX_PARAMS]; /* in the order of at_garment_param_info */
  AtChartSize sizes[AT_GARMENT_MAX_SIZES];
  int size_count;
} AtGarmentDef;

/* The ease of one body region, for fit and size recommendation. */
typedef struct {
  const char *region;  /* "chest", "waist", "hip", ... */
  AtMeasureKey girth;  /* the body girth it is added to */
  double ease_cm;
} AtGarmentEase;

/* Library ids in display order, NULL-terminated. */
const char *const *at_garment_library_ids (void);
/* Loads data/garments/<id>.json. */
AtStatus at_garment_load (const char *id, AtGarmentDef *out, AtError *err);
AtStatus at_garment_load_file (const char *path, AtGarmentDef *out, AtError *err);
AtStatus at_garment_parse (const char *json_text, const char *source, AtGarmentDef *out, AtError *err);
char *at_garment_to_json (const AtGarmentDef *def);

/* Design parameters (an editor or the sketch generator drives these). */
int at_garment_param_count (const AtGarmentDef *def);
const AtDesignParamInfo *at_garment_param_info (const AtGarmentDef *def, int index);
int at_garment_param_index (const AtGarmentDef *def, const char *name);
AtStatus at_garment_get_param (const AtGarmentDef *def, const char *name, double *out, AtError *err);
/* Refuses unknown names and values outside the parameter's range. */
AtStatus at_garment_set_param (AtGarmentDef *def, const char *name, double value, AtError *err);

/* Size chart. */
int at_garment_size_index (const AtGarmentDef *def, const char *size);
/* Eases of the garment per region; returns the count written (<= max). */
int at_garment_eases (const AtGarmentDef *def, AtGarmentEase *out, int max);
/* Index of the chart size whose body is closest to m over the garment's
 * ease regions (girths relative to the chart's grade steps), or -1 with no
 * comparable measurement. */
int at_garment_nearest_size (const AtGarmentDef *def, const AtMeasurements *m);

/* The measurement keys the garment's drafting needs: writes up to max keys
 * and returns the count. */
int at_garment_required_keys (const AtGarmentDef *def, AtMeasureKey *out, int max);

/* Drafting. at_garment_draft_size uses the chart size's body;
 * at_garment_draft_body requires every key of at_garment_required_keys to be
 * given (the error lists the missing ones). */
AtStatus at_garment_draft_size (const AtGarmentDef *def, const char *size, AtPattern *out, AtError *err);
AtStatus at_garment_draft_body (const AtGarmentDef *def, const AtMeasurements *m, AtPattern *out, AtError *err);

/* Fabric presets in the units a CLO / Browzwear user reads off a fabric
 * card: areal density, tensile stiffness along warp, weft and bias, bending
 * stiffness along warp and weft, thickness, friction, damping. Presets live
 * in data/fabrics/NAME.json (see data/fabrics/README.md for the sources). */
#pragma once
#include <stdbool.h>
#include "at_status.h"

typedef struct AtFabric {
  char name[64];          /* preset id (file name without .json) */
  char title[96];         /* human-readable name */
  double density_gsm;     /* areal density, g/m² */
  double stretch_warp;    /* tensile stiffness along warp, N/m */
  double stretch_weft;    /* ... along weft, N/m */
  double stretch_bias;    /* ... at 45 degrees, N/m (low for wovens: shear) */
  double bend_warp;       /* bending stiffness bending the warp yarns, µN·m */
  double bend_weft;       /* ... bending the weft yarns, µN·m */
  double thickness_mm;    /* cloth thickness, kept as contact offset */
  double friction;        /* Coulomb coefficient against bodies */
  double damping;         /* velocity damping, 1/s */
} AtFabric;

/* A medium woven cotton (the shirting preset's values), for callers that
 * need a fabric before any file is read. */
AtFabric at_fabric_default (void);

/* Checks ranges; the message names the field and the value. */
AtStatus at_fabric_validate (const AtFabric *fabric, AtError *err);

/* Loads a preset by id ("denim") from the data folder, or a JSON file by
 * path (anything containing '/' or ending in ".json"). */
AtStatus at_fabric_load (const char *name_or_path, AtFabric *out, AtError *err);

/* Ids of the presets in the data folder, sorted; free with
 * at_fabric_list_free. */
AtStatus at_fabric_list (char ***names_out, int *count_out, AtError *err);
void at_fabric_list_free (char **names, int count);

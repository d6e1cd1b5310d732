/* What the engine tests of sizes and fit share: library garments and bodies
 * that sit exactly on a size of their chart. */
#pragma once

#include "pattern/at_garment_library.h"

/* Loads a library garment; a failure aborts the test with its message. */
void at_test_load_garment (const char *id, AtGarmentDef *def);
/* Loads a library garment and drafts one size of it (g_free the pattern). */
AtPattern *at_test_draft_size (const char *id, const char *size, AtGarmentDef *def);
/* A complete body whose chart girths are exactly those of one size. */
void at_test_body_of_size (const AtGarmentDef *def, int size, AtMeasurements *out);

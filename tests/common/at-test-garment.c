#include "at-test-garment.h"

#include <glib.h>

#include "anthro/at_completion.h"

void
at_test_load_garment (const char *id, AtGarmentDef *def)
{
  AtError err = { 0 };
  if (at_garment_load (id, def, &err) != AT_OK)
    g_error ("%s", err.message);
}

void
at_test_body_of_size (const AtGarmentDef *def, int size, AtMeasurements *out)
{
  AtMeasurements partial = def->sizes[size].body;
  partial.sex = def->sex;
  /* Charts state girths; completion needs a stature to start from. */
  if (!partial.given[AT_M_STATURE])
    partial.value[AT_M_STATURE] = 170, partial.given[AT_M_STATURE] = true;
  AtError err = { 0 };
  g_assert_cmpint (at_completion_complete (&partial, out, &err), ==, AT_OK);
}

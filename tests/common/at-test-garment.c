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

AtPattern *
at_test_draft_size (const char *id, const char *size, AtGarmentDef *def)
{
  at_test_load_garment (id, def);
  AtPattern *p = g_new0 (AtPattern, 1);
  AtError err = { 0 };
  if (at_garment_draft_size (def, size, p, &err) != AT_OK)
    g_error ("%s %s: %s", id, size, err.message);
  return p;
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

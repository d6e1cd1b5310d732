/* The kiosk's logic without a display: the staff PIN hash (an RFC test
 * vector, salting, verification), the size and fit advice from the size
 * chart, and the choice of garments to show. */
#include <glib.h>
#include <string.h>

#include "at_file.h"
#include "kiosk/at-kiosk-advice.h"
#include "kiosk/at-kiosk-pin.h"

static void
test_pin_hash (void)
{
  /* RFC 7914, section 11: PBKDF2-HMAC-SHA256 ("passwd", "salt", 1, 64) */
  static const char *expected = "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                                "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783";
  guint8 out[64];
  at_kiosk_pbkdf2_sha256 ((const guint8 *) "passwd", 6, (const guint8 *) "salt", 4, 1, out, sizeof out);
  GString *hex = g_string_new (NULL);
  for (gsize i = 0; i < sizeof out; i++)
    g_string_append_printf (hex, "%02x", out[i]);
  g_assert_cmpstr (hex->str, ==, expected);
  g_string_free (hex, TRUE);

  g_autofree char *a = at_kiosk_pin_hash ("4711");
  g_autofree char *b = at_kiosk_pin_hash ("4711");
  g_assert_nonnull (a);
  g_assert_cmpstr (a, !=, b); /* salted */
  g_assert_null (strstr (a, "4711"));
  g_assert_true (at_kiosk_pin_verify (a, "4711"));
  g_assert_false (at_kiosk_pin_verify (a, "4712"));
  g_assert_false (at_kiosk_pin_verify ("", "4711"));
  g_assert_false (at_kiosk_pin_verify ("pbkdf2-sha256$1$$", "4711"));
  g_assert_null (at_kiosk_pin_hash ("12"));
  g_assert_null (at_kiosk_pin_hash ("12a4"));
}

/* A body exactly the chart's size: that size, every region as intended. */
static void
test_advice_chart_body (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("dress", &def, &err), ==, AT_OK);
  int s38 = at_garment_size_index (&def, "38");
  g_assert_cmpint (s38, >=, 0);
  AtMeasurements body = def.sizes[s38].body;
  AtKioskAdvice advice;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_REGULAR, &advice);
  g_assert_cmpint (advice.best, ==, s38);
  g_assert_true (advice.alternative == s38 - 1 || advice.alternative == s38 + 1);
  const AtKioskSizeFit *fit = &advice.sizes[s38];
  g_assert_cmpint (fit->n_regions, >, 0);
  for (int r = 0; r < fit->n_regions; r++)
    {
      g_assert_cmpint (fit->regions[r].feel, ==, AT_KIOSK_FEEL_RIGHT);
      g_assert_cmpfloat_with_epsilon (fit->regions[r].body_ease, fit->regions[r].ease.ease_cm, 1e-9);
    }
  /* one size down on the same body is tighter everywhere */
  const AtKioskSizeFit *smaller = &advice.sizes[s38 - 1];
  for (int r = 0; r < smaller->n_regions; r++)
    g_assert_cmpfloat (smaller->regions[r].body_ease, <, fit->regions[r].body_ease);

  /* a loose fit asks for more room: a larger size or the same */
  AtKioskAdvice loose;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_LOOSE, &loose);
  g_assert_cmpint (loose.best, >=, s38);
  AtKioskAdvice close;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_CLOSE, &close);
  g_assert_cmpint (close.best, <=, s38);
}

/* Wider hips than the chart's: the hips are what the words talk about. */
static void
test_advice_hips (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("skirt", &def, &err), ==, AT_OK);
  int base = at_garment_size_index (&def, def.base_size);
  AtMeasurements body = def.sizes[base].body;
  body.value[AT_M_HIP_GIRTH] += 12;
  AtKioskAdvice advice;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_REGULAR, &advice);
  const AtKioskSizeFit *in_base = &advice.sizes[base];
  gboolean hips_tight = FALSE;
  for (int r = 0; r < in_base->n_regions; r++)
    if (g_str_equal (in_base->regions[r].ease.region, "hip"))
      hips_tight = in_base->regions[r].feel <= AT_KIOSK_FEEL_SNUG;
  g_assert_true (hips_tight);
  g_assert_cmpint (advice.best, >, base);
  g_assert_cmpfloat (at_kiosk_feel_value (&in_base->regions[0]), >=, -1.0);
}

static void
test_picks (void)
{
  char path[4096];
  at_data_path ("catalog/catalog.json", path, sizeof path);
  AtStyleCatalog *cat = NULL;
  AtStyleModel *model = NULL;
  AtError err = { 0 };
  AtStyleDef def = at_style_def_default ();
  g_assert_cmpint (at_style_catalog_load (path, &cat, &err), ==, AT_OK);
  g_assert_cmpint (at_style_model_train (cat, NULL, 0, &def, &model, &err), ==, AT_OK);
  for (int sex = 0; sex < 2; sex++)
    {
      int picks[6];
      gsize n = at_kiosk_pick_items (model, cat, (AtSex) sex, G_N_ELEMENTS (picks), picks);
      g_assert_cmpuint (n, ==, G_N_ELEMENTS (picks));
      GHashTable *count = g_hash_table_new (g_str_hash, g_str_equal);
      for (gsize i = 0; i < n; i++)
        {
          const AtStyleItem *item = at_style_catalog_item (cat, picks[i]);
          if (sex == AT_SEX_MALE)
            g_assert_true (!g_str_equal (item->garment, "dress") && !g_str_equal (item->garment, "skirt"));
          guint c = GPOINTER_TO_UINT (g_hash_table_lookup (count, item->garment)) + 1;
          g_assert_cmpuint (c, <=, 2);
          g_hash_table_insert (count, (gpointer) item->garment, GUINT_TO_POINTER (c));
        }
      g_hash_table_unref (count);
    }
  at_style_model_free (model);
  at_style_catalog_free (cat);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk-logic/pin-hash", test_pin_hash);
  g_test_add_func ("/kiosk-logic/advice-chart-body", test_advice_chart_body);
  g_test_add_func ("/kiosk-logic/advice-hips", test_advice_hips);
  g_test_add_func ("/kiosk-logic/picks", test_picks);
  return g_test_run ();
}

/* Fabric presets: every required preset loads with anisotropic values in
 * physical ranges, the list is sorted, and broken files are rejected with a
 * message naming the key. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cloth/at_fabric.h"

static void
test_presets (void)
{
  static const char *required[] = { "cotton-jersey", "cotton-poplin", "denim", "wool-suiting",
                                    "silk-charmeuse", "knit-rib", "fleece", "leather" };
  char **names = NULL;
  int count = 0;
  AtError err = { 0 };
  g_assert_cmpint (at_fabric_list (&names, &count, &err), ==, AT_OK);
  g_assert_cmpint (count, >=, 8);
  for (int i = 1; i < count; i++)
    g_assert_cmpint (strcmp (names[i - 1], names[i]), <, 0);
  for (size_t r = 0; r < G_N_ELEMENTS (required); r++)
    {
      bool listed = false;
      for (int i = 0; i < count; i++)
        listed = listed || strcmp (names[i], required[r]) == 0;
      g_assert_true (listed);
      AtFabric f;
      if (at_fabric_load (required[r], &f, &err) != AT_OK)
        g_error ("%s: %s", required[r], err.message);
      g_assert_cmpstr (f.name, ==, required[r]);
      /* Woven or knit, warp, weft and bias differ. */
      g_assert_cmpfloat (f.stretch_bias, !=, f.stretch_warp);
    }
  at_fabric_list_free (names, count);
  AtFabric silk, denim, leather;
  g_assert_cmpint (at_fabric_load ("silk-charmeuse", &silk, &err), ==, AT_OK);
  g_assert_cmpint (at_fabric_load ("denim", &denim, &err), ==, AT_OK);
  g_assert_cmpint (at_fabric_load ("leather", &leather, &err), ==, AT_OK);
  /* Wang et al. 2011's denim: 324 g/m², stiffer along warp than weft. */
  g_assert_cmpfloat (denim.density_gsm, ==, 324);
  g_assert_cmpfloat (denim.stretch_warp, >, 4 * denim.stretch_weft);
  g_assert_cmpfloat (silk.bend_warp, <, denim.bend_warp);
  g_assert_cmpfloat (denim.bend_warp, <, leather.bend_warp);
  g_assert_cmpint (at_fabric_load ("no-such-fabric", &silk, &err), ==, AT_ERR_NOT_FOUND);
  g_assert_cmpint (at_fabric_load ("../etc", &silk, &err), !=, AT_OK);
}

static void
expect_file_error (const char *json, const char *needle)
{
  char *path = g_build_filename (g_get_tmp_dir (), "atelier-test-fabric.json", NULL);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  AtFabric f;
  AtError err = { 0 };
  g_assert_cmpint (at_fabric_load (path, &f, &err), !=, AT_OK);
  if (!strstr (err.message, needle))
    g_error ("message '%s' does not mention '%s'", err.message, needle);
  g_remove (path);
  g_free (path);
}

static void
test_bad_files (void)
{
  const char *good_tail = "\"stretch_weft_n_per_m\": 100, \"stretch_bias_n_per_m\": 20, \"bend_warp_uNm\": 5,"
                          "\"bend_weft_uNm\": 5, \"thickness_mm\": 0.3, \"friction\": 0.3, \"damping\": 0.2}";
  char *neg = g_strdup_printf ("{\"density_gsm\": 100, \"stretch_warp_n_per_m\": -5, %s", good_tail);
  expect_file_error (neg, "stretch_warp_n_per_m");
  char *zero = g_strdup_printf ("{\"density_gsm\": 0, \"stretch_warp_n_per_m\": 100, %s", good_tail);
  expect_file_error (zero, "density_gsm");
  char *missing = g_strdup_printf ("{\"stretch_warp_n_per_m\": 100, %s", good_tail);
  expect_file_error (missing, "density_gsm");
  expect_file_error ("{\"density_gsm\": ", "line");
  g_free (neg);
  g_free (zero);
  g_free (missing);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloth/fabric/presets", test_presets);
  g_test_add_func ("/cloth/fabric/bad-files", test_bad_files);
  return g_test_run ();
}

/* The `complete` command against CONTRACT.md: --json prints one flat object
 * with every key, given values unchanged; exit 1 with the file and key
 * named on bad input, 2 on a usage error; --strict refuses an implausible
 * body. `bench complete --json` reports the figures its issue names. */
#include "at_measurements.h"
#include "common/at-test-cli.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>

static char *
write_meas (const char *name, const char *json)
{
  const char *root = g_getenv ("ATELIER_TEST_TMP");
  char *dir = g_build_filename (root ? root : g_get_tmp_dir (), "anthro", NULL);
  g_mkdir_with_parents (dir, 0755);
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  g_free (dir);
  return path;
}

static void
test_complete_json (void)
{
  char *path = write_meas ("partial.json", "{\"sex\": \"female\", \"stature\": 165.2, \"weight\": 61.5, \"hip_girth\": 101}");
  char *out, *err;
  const char *args[] = { "complete", path, "--json", NULL };
  g_assert_cmpint (at_test_run_cli (args, &out, &err), ==, 0);
  json_error_t jerr;
  json_t *root = json_loads (out, 0, &jerr);
  g_assert_nonnull (root);
  g_assert_true (json_is_object (root));
  g_assert_cmpstr (json_string_value (json_object_get (root, "sex")), ==, "female");
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      const AtMeasureInfo *info = at_measure_info ((AtMeasureKey) k);
      json_t *v = json_object_get (root, info->key);
      g_assert_true (json_is_number (v));
      g_assert_cmpfloat (json_number_value (v), >=, info->min);
      g_assert_cmpfloat (json_number_value (v), <=, info->max);
    }
  g_assert_cmpuint (json_object_size (root), ==, AT_M_COUNT + 1);
  g_assert_cmpfloat (json_number_value (json_object_get (root, "stature")), ==, 165.2);
  g_assert_cmpfloat (json_number_value (json_object_get (root, "hip_girth")), ==, 101);
  /* The output is itself a valid measurement file. */
  AtMeasurements again;
  g_assert_cmpint (at_measurements_parse (out, &again, NULL), ==, AT_OK);
  json_decref (root);
  g_free (out);
  g_free (err);
  g_free (path);
}

static void
test_complete_errors (void)
{
  char *out, *err;
  const char *none[] = { "complete", NULL };
  g_assert_cmpint (at_test_run_cli (none, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_free (out);
  g_free (err);

  char *bad = write_meas ("bad.json", "{\"sex\": \"male\", \"stature\": 180, \"chest_girth\": \"wide\"}");
  const char *bad_args[] = { "complete", bad, "--json", NULL };
  g_assert_cmpint (at_test_run_cli (bad_args, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "bad.json"));
  g_assert_nonnull (strstr (err, "chest_girth"));
  g_free (out);
  g_free (err);

  /* Waist 80 cm beyond chest: a warning by default, an error with --strict. */
  char *odd = write_meas ("odd.json", "{\"sex\": \"female\", \"stature\": 165, \"chest_girth\": 90, \"waist_girth\": 170}");
  const char *warn_args[] = { "complete", odd, "--json", NULL };
  g_assert_cmpint (at_test_run_cli (warn_args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (err, "waist_girth"));
  g_free (out);
  g_free (err);
  const char *strict_args[] = { "complete", odd, "--strict", NULL };
  g_assert_cmpint (at_test_run_cli (strict_args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "odd.json"));
  g_assert_nonnull (strstr (err, "waist_girth"));
  g_free (out);
  g_free (err);
  g_free (bad);
  g_free (odd);
}

static void
test_bench_complete (void)
{
  const char *data = g_getenv ("ATELIER_SHARED_DATA");
  char *ansur = g_build_filename (data ? data : "", "ansur2", NULL);
  gboolean have = data && g_file_test (ansur, G_FILE_TEST_IS_DIR);
  g_free (ansur);
  if (!have)
    {
      g_test_skip ("no ANSUR II data: set ATELIER_SHARED_DATA to the shared data folder");
      return;
    }
  char *out, *err;
  const char *args[] = { "bench", "complete", "--json", NULL };
  g_assert_cmpint (at_test_run_cli (args, &out, &err), ==, 0);
  json_t *root = json_loads (out, 0, NULL);
  g_assert_nonnull (root);
  json_t *summary = json_object_get (root, "summary");
  g_assert_true (json_is_true (json_object_get (summary, "never_worse_than_lsq")));
  g_assert_cmpfloat (json_number_value (json_object_get (summary, "girth_mae_completion")), <,
                     json_number_value (json_object_get (summary, "girth_mae_lsq")));
  json_t *female = json_object_get (json_object_get (root, "sexes"), "female");
  json_t *lsq = json_object_get (female, "lsq_stature_weight_mae");
  g_assert_true (json_is_number (json_object_get (lsq, "chest_girth")));
  json_decref (root);
  g_free (out);
  g_free (err);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!g_getenv ("ATELIER_CLI"))
    {
      g_printerr ("ATELIER_CLI is not set: run through meson test\n");
      return 77;
    }
  g_test_add_func ("/anthro/cli/complete-json", test_complete_json);
  g_test_add_func ("/anthro/cli/complete-errors", test_complete_errors);
  g_test_add_func ("/anthro/cli/bench-complete", test_bench_complete);
  return g_test_run ();
}

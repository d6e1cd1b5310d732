/* Command-line tests of `atelier-cli bench nest` and `atelier-cli cutplan`:
 * exit codes, --json on stdout, and the marker file of CONTRACT.md read
 * back and checked for overlap independently of the nester's state. */
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "common/at-test-cli.h"
#include "nest/at_nest.h"

static int
run_cli (const char *const *args, char **out)
{
  g_autofree char *err = NULL;
  int status = at_test_run_cli (args, out, &err);
  g_test_message ("stderr: %s", err);
  return status;
}

static char *
tmp_path (const char *name)
{
  const char *dir = g_getenv ("ATELIER_TEST_TMP");
  g_autofree char *base = g_build_filename (dir ? dir : g_get_tmp_dir (), "nest", NULL);
  g_mkdir_with_parents (base, 0755);
  return g_build_filename (base, name, NULL);
}

static void
test_bench_marker (void)
{
  const char *data = g_getenv ("ATELIER_SHARED_DATA");
  g_autofree char *inst = data ? g_build_filename (data, "esicup", "jakobs2.json", NULL) : NULL;
  if (!inst || !g_file_test (inst, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("ATELIER_SHARED_DATA/esicup/jakobs2.json is absent");
      return;
    }
  g_autofree char *marker = tmp_path ("marker.json");
  g_autofree char *out = NULL;
  const char *args[] = { "bench", "nest", "--instance", inst, "--iterations", "16", "--out", marker, "--json", NULL };
  g_assert_cmpint (run_cli (args, &out), ==, 0);
  json_t *res = json_loads (out, 0, NULL);
  g_assert_nonnull (res);
  g_assert_true (json_is_true (json_object_get (res, "valid")));
  const double density = json_number_value (json_object_get (res, "density"));
  g_assert_cmpfloat (density, >, 50.0);
  g_assert_cmpfloat (density, <, 100.0);

  json_t *m = json_load_file (marker, 0, NULL);
  g_assert_nonnull (m);
  const double width = json_number_value (json_object_get (m, "strip_width"));
  const double length = json_number_value (json_object_get (m, "length"));
  g_assert_cmpfloat_with_epsilon (width, 70.007, 1e-9);
  g_assert_cmpfloat_with_epsilon (length, json_number_value (json_object_get (res, "length")), 1e-6);
  json_t *pieces = json_object_get (m, "pieces");
  const size_t n = json_array_size (pieces);
  g_assert_cmpuint (n, ==, 25);
  AtNestPolygon *polys = g_new0 (AtNestPolygon, n);
  double area = 0.0;
  for (size_t i = 0; i < n; i++)
    {
      json_t *pc = json_array_get (pieces, i), *poly = json_object_get (pc, "polygon");
      g_assert_true (json_is_integer (json_object_get (pc, "item_id")));
      AtPoint2 *pts = g_new (AtPoint2, json_array_size (poly));
      for (size_t k = 0; k < json_array_size (poly); k++)
        pts[k] = (AtPoint2){ json_number_value (json_array_get (json_array_get (poly, k), 0)),
                             json_number_value (json_array_get (json_array_get (poly, k), 1)) };
      polys[i] = (AtNestPolygon){ pts, json_array_size (poly) };
      double a2 = 0.0;
      for (size_t k = 0; k < polys[i].n_points; k++)
        {
          const AtPoint2 p = pts[k], q = pts[(k + 1) % polys[i].n_points];
          a2 += p.x * q.y - q.x * p.y;
        }
      area += fabs (a2) / 2.0;
    }
  AtError err = { 0 };
  g_assert_cmpint (at_nest_check_layout (polys, n, width, length, 1e-6 * length, &err), ==, AT_OK);
  /* The density printed is the file's piece area over its rectangle. */
  g_assert_cmpfloat_with_epsilon (100.0 * area / (width * length), density, 1e-3);
  for (size_t i = 0; i < n; i++)
    g_free ((gpointer) polys[i].points);
  g_free (polys);
  json_decref (m);
  json_decref (res);
}

static void
test_bench_errors (void)
{
  g_autofree char *out = NULL, *out2 = NULL, *out3 = NULL;
  const char *no_instance[] = { "bench", "nest", "--seconds", "1", NULL };
  g_assert_cmpint (run_cli (no_instance, &out), ==, 2);
  const char *missing[] = { "bench", "nest", "--instance", "/nonexistent/x.json", "--iterations", "1", NULL };
  g_assert_cmpint (run_cli (missing, &out2), ==, 1);
  const char *bad_seconds[] = { "bench", "nest", "--instance", "x.json", "--seconds", "-3", NULL };
  g_assert_cmpint (run_cli (bad_seconds, &out3), ==, 2);
}

static void
test_cutplan_cli (void)
{
  g_autofree char *order = tmp_path ("order.json");
  const char *text = "{\"fabric_width\": 150, \"max_plies\": 10, \"max_marker_length\": 200, \"end_allowance\": 0,"
                     " \"sizes\": [{\"name\": \"S\", \"length\": 50}, {\"name\": \"M\", \"length\": 60}],"
                     " \"colours\": [{\"name\": \"navy\", \"quantities\": {\"S\": 4, \"M\": 8}}]}";
  g_assert_true (g_file_set_contents (order, text, -1, NULL));
  g_autofree char *out = NULL;
  const char *args[] = { "cutplan", order, "--json", NULL };
  g_assert_cmpint (run_cli (args, &out), ==, 0);
  json_t *res = json_loads (out, 0, NULL);
  g_assert_nonnull (res);
  g_assert_cmpint (json_integer_value (json_object_get (res, "n_lays")), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_number_value (json_object_get (res, "fabric_length_cm")), 680.0, 1e-6);
  json_t *sizes = json_object_get (res, "sizes");
  for (size_t i = 0; i < json_array_size (sizes); i++)
    {
      json_t *s = json_array_get (sizes, i);
      g_assert_cmpint (json_integer_value (json_object_get (s, "over")), ==, 0);
      g_assert_cmpint (json_integer_value (json_object_get (s, "under")), ==, 0);
    }
  json_decref (res);

  /* The solver stops at a node count, never a time: a bad count is refused. */
  g_autofree char *bad_nodes = g_strdup (text);
  memcpy (strstr (bad_nodes, "\"end_allowance\": 0"), "\"max_nodes\": 0.5  ", 18);
  g_assert_true (g_file_set_contents (order, bad_nodes, -1, NULL));
  g_autofree char *out3 = NULL;
  g_assert_cmpint (run_cli (args, &out3), ==, 1);

  g_assert_true (g_file_set_contents (order, "{\"fabric_width\": 150, \"max_plies\": 10}", -1, NULL));
  g_autofree char *out2 = NULL;
  g_assert_cmpint (run_cli (args, &out2), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nest-cli/bench-marker", test_bench_marker);
  g_test_add_func ("/nest-cli/bench-errors", test_bench_errors);
  g_test_add_func ("/nest-cli/cutplan", test_cutplan_cli);
  return g_test_run ();
}

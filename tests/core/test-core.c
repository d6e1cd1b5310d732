/* Engine core: measurement parsing and validation, meshes, crash-safe files. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "at_file.h"
#include "at_measurements.h"
#include "at_mesh.h"
#include "at_primitives.h"

static void
expect_parse_error (const char *json, const char *key_in_message)
{
  AtMeasurements m;
  AtError err = { 0 };
  AtStatus st = at_measurements_parse (json, &m, &err);
  g_assert_cmpint (st, !=, AT_OK);
  if (!strstr (err.message, key_in_message))
    g_error ("message '%s' does not name '%s'", err.message, key_in_message);
}

static void
test_measurements_valid (void)
{
  AtMeasurements m;
  AtError err = { 0 };
  g_assert_cmpint (at_measurements_parse ("{\"sex\": \"female\", \"stature\": 165.2, \"weight\": 61.5, \"chest_girth\": 90.1}", &m, &err), ==, AT_OK);
  g_assert_cmpint (m.sex, ==, AT_SEX_FEMALE);
  g_assert_cmpfloat_with_epsilon (m.value[AT_M_STATURE], 165.2, 1e-9);
  g_assert_true (m.given[AT_M_CHEST_GIRTH]);
  g_assert_false (m.given[AT_M_HIP_GIRTH]);

  char *json = at_measurements_to_json (&m, false);
  g_assert_nonnull (strstr (json, "\"chest_girth\""));
  g_assert_null (strstr (json, "\"hip_girth\""));
  AtMeasurements again;
  g_assert_cmpint (at_measurements_parse (json, &again, &err), ==, AT_OK);
  g_assert_cmpfloat_with_epsilon (again.value[AT_M_CHEST_GIRTH], 90.1, 1e-9);
  free (json);
}

static void
test_measurements_invalid (void)
{
  expect_parse_error ("{\"stature\": 170}", "sex");
  expect_parse_error ("{\"sex\": \"female\"}", "stature");
  expect_parse_error ("{\"sex\": \"other\", \"stature\": 170}", "sex");
  expect_parse_error ("{\"sex\": \"male\", \"stature\": 300}", "stature");
  expect_parse_error ("{\"sex\": \"male\", \"stature\": 170, \"chest_girth\": 5}", "chest_girth");
  expect_parse_error ("{\"sex\": \"male\", \"stature\": 170, \"shoe_size\": 42}", "shoe_size");
  expect_parse_error ("{\"sex\": \"male\", \"stature\": 170, \"weight\": \"heavy\"}", "weight");
  expect_parse_error ("{\"sex\": \"male\", \"stature\": NaN}", "line");
  expect_parse_error ("{\"sex\": \"male\", \"stature\": 170,", "line");
  expect_parse_error ("[1, 2]", "object");
  expect_parse_error ("{\"sex\": \"male\", \"stature\": 170, \"stature\": 171}", "line");
}

static void
test_mesh_sphere (void)
{
  float centre[3] = { 0.0f, 0.5f, 0.0f };
  AtMesh *sphere = at_mesh_new_sphere (centre, 0.5f, 16, 32);
  g_assert_nonnull (sphere);
  g_assert_true (at_mesh_is_valid (sphere));
  float min[3], max[3];
  at_mesh_bounds (sphere, min, max);
  g_assert_cmpfloat_with_epsilon (min[1], 0.0f, 1e-5);
  g_assert_cmpfloat_with_epsilon (max[1], 1.0f, 1e-5);
  /* Closed and consistently wound: each directed edge appears once and its
   * reverse once, so Euler's formula for a sphere holds (V - E + F = 2). */
  int edges = sphere->triangle_count * 3 / 2;
  g_assert_cmpint (sphere->vertex_count - edges + sphere->triangle_count, ==, 2);
  /* Outward normals: each points away from the centre. */
  for (int v = 0; v < sphere->vertex_count; v++)
    {
      const float *p = sphere->positions + 3 * v, *n = sphere->normals + 3 * v;
      float d = (p[0] - centre[0]) * n[0] + (p[1] - centre[1]) * n[1] + (p[2] - centre[2]) * n[2];
      g_assert_cmpfloat (d, >, 0.0f);
    }
  AtMesh *copy = at_mesh_copy (sphere);
  g_assert_true (at_mesh_append (copy, sphere));
  g_assert_cmpint (copy->vertex_count, ==, 2 * sphere->vertex_count);
  g_assert_true (at_mesh_is_valid (copy));
  at_mesh_free (copy);
  at_mesh_free (sphere);
  g_assert_null (at_mesh_new_sphere (centre, -1.0f, 16, 32));
}

static void
test_file_atomic (void)
{
  g_autofree char *dir = g_dir_make_tmp ("atelier-core-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  AtError err = { 0 };
  g_assert_cmpint (at_file_write_atomic (path, "first", 5, &err), ==, AT_OK);
  g_assert_cmpint (at_file_write_atomic (path, "second", 6, &err), ==, AT_OK);
  char *text = NULL;
  size_t len = 0;
  g_assert_cmpint (at_file_read_all (path, 100, &text, &len, &err), ==, AT_OK);
  g_assert_cmpstr (text, ==, "second");
  free (text);
  /* A size cap protects against hostile inputs. */
  g_assert_cmpint (at_file_read_all (path, 3, &text, &len, &err), ==, AT_ERR_RANGE);
  g_assert_nonnull (strstr (err.message, path));
  /* A write into a folder that does not exist fails and leaves no file. */
  g_autofree char *bad = g_build_filename (dir, "missing", "out.txt", NULL);
  g_assert_cmpint (at_file_write_atomic (bad, "x", 1, &err), ==, AT_ERR_IO);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  int entries = 0;
  while (g_dir_read_name (listing))
    entries++;
  g_assert_cmpint (entries, ==, 1); /* no temporary file left behind */
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/measurements/valid", test_measurements_valid);
  g_test_add_func ("/core/measurements/invalid", test_measurements_invalid);
  g_test_add_func ("/core/mesh/sphere", test_mesh_sphere);
  g_test_add_func ("/core/file/atomic", test_file_atomic);
  return g_test_run ();
}

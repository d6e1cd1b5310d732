/* atelier-cli marker: exit codes, messages, JSON and files. */
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <math.h>
#include <string.h>
#include "common/at-test-cli.h"
#include "store/at_store.h"

static void
expect (const char *const *args, int code, const char *message)
{
  g_autofree char *out = NULL, *err = NULL;
  int rc = at_test_run_cli (args, &out, &err);
  if (rc != code || (message && !strstr (err, message)))
    g_error ("exit %d (wanted %d), stderr: %s", rc, code, err);
}

static void
test_errors (void)
{
  expect ((const char *[]) { "marker", "tshirt", "--width", "150", NULL }, 2, "--sizes");
  expect ((const char *[]) { "marker", "tshirt", "--sizes", "M=1", NULL }, 2, "--width");
  expect ((const char *[]) { "marker", "tshirt", "--sizes", "M=1", "--width", "abc", NULL }, 2, "--width");
  expect ((const char *[]) { "marker", "tshirt", "--sizes", "M=1", "--width", "150", "--out", "m.png", NULL }, 2, ".svg");
  expect ((const char *[]) { "marker", "nosuchgarment", "--sizes", "M=1", "--width", "150", NULL }, 1, "nosuchgarment");
  expect ((const char *[]) { "marker", "tshirt", "--sizes", "Q=1", "--width", "150", NULL }, 1, "'Q'");
  expect ((const char *[]) { "marker", "tshirt", "--sizes", "S=0,M=0", "--width", "150", NULL }, 1, "no garments");
  expect ((const char *[]) { "marker", "tshirt", "--sizes", "M=1", "--width", "25", "--seconds", "0.5", NULL }, 1,
          "wider than the 25.0 cm fabric");
  expect ((const char *[]) { "marker", "tshirt", "--sizes", "M=1", "--width", "150", "--fabric", "denim", NULL }, 1,
          "no panel of fabric 'denim'");
}

static void
test_json_and_files (void)
{
  const char *tmp = g_getenv ("ATELIER_TEST_TMP");
  g_autofree char *dir = NULL;
  if (tmp)
    g_mkdir_with_parents (tmp, 0755);
  dir = g_build_filename (tmp ? tmp : g_get_tmp_dir (), "production-cli", NULL);
  g_mkdir_with_parents (dir, 0755);
  const char *ext[] = { "pdf", "svg", "json" };
  for (size_t e = 0; e < G_N_ELEMENTS (ext); e++)
    {
      g_autofree char *name = g_strdup_printf ("marker.%s", ext[e]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
      const char *args[] = { "marker", "skirt", "--sizes", "38=1", "--width", "150", "--seconds", "0.3", "--price", "10",
                             "--out", path, "--json", NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_assert_cmpint (at_test_run_cli (args, &out, &err), ==, 0);
      json_error_t je;
      json_t *root = json_loads (out, 0, &je);
      g_assert_nonnull (root);
      double length = json_real_value (json_object_get (root, "length"));
      g_assert_cmpfloat (length, >, 10);
      g_assert_cmpfloat_with_epsilon (json_real_value (json_object_get (root, "cost_per_garment")),
                                      length / 100.0 * 10.0, 1e-6);
      g_assert_cmpint (json_integer_value (json_object_get (root, "garments")), ==, 1);
      json_decref (root);
      g_autofree char *text = NULL;
      gsize len;
      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      const char *magic = e == 0 ? "%PDF" : e == 1 ? "<?xml" : "{";
      g_assert_true (g_str_has_prefix (text, magic));
      g_remove (path);
    }
  /* A marker over 5 m long is cut into PDF pages (readers stop at 508 cm). */
  g_autofree char *pdf = g_build_filename (dir, "long.pdf", NULL);
  const char *args[] = { "marker", "tshirt", "--sizes", "S=2,M=3,L=2", "--width", "150", "--seconds", "0.2", "--out", pdf,
                         "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (at_test_run_cli (args, &out, &err), ==, 0);
  json_t *root = json_loads (out, 0, NULL);
  double length = json_real_value (json_object_get (root, "length"));
  json_decref (root);
  g_autofree char *text = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (pdf, &text, &len, NULL));
  int pages = 0;
  /* memmem: the PDF holds binary streams with NUL bytes. */
  for (const char *p = text; (p = memmem (p, (size_t) (text + len - p), "/Type /Page", 11)); p++)
    pages += p[11] != 's'; /* not the /Pages tree */
  g_assert_cmpint (pages, ==, (int) ceil (length / 500.0));
  g_assert_cmpint (pages, >=, 2);
  g_remove (pdf);
  g_rmdir (dir);
}

/* The trim marker: the T-shirt's rib neckband, the one panel left out of
 * the main marker. */
static void
test_trim_fabric (void)
{
  const char *args[] = { "marker", "tshirt", "--sizes", "M=2", "--width", "60", "--seconds", "0.2", "--fabric", "knit-rib",
                         "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (at_test_run_cli (args, &out, &err), ==, 0);
  json_t *root = json_loads (out, 0, NULL);
  g_assert_nonnull (root);
  g_assert_cmpstr (json_string_value (json_object_get (root, "fabric")), ==, "knit-rib");
  g_assert_cmpint (json_integer_value (json_object_get (root, "pieces")), ==, 2);
  json_decref (root);
}

/* Three customers fitted in S, M, M: 6 garments split 2 S, 4 M. */
static void
test_fittings (void)
{
  const char *tmp = g_getenv ("ATELIER_TEST_TMP");
  g_autofree char *dir = g_build_filename (tmp ? tmp : g_get_tmp_dir (), "production-fittings", NULL);
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *db = g_build_filename (dir, "store.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_remove (db);
  AtStoreDef sd = at_store_def_default ();
  AtStore *store;
  AtError err = { 0 };
  g_assert_cmpint (at_store_open (db, &sd, &store, &err), ==, AT_OK);
  const char *sizes[] = { "S", "M", "M" };
  for (int c = 0; c < 3; c++)
    {
      AtCustomer cu;
      g_autofree char *name = g_strdup_printf ("Customer %d", c);
      g_assert_cmpint (at_store_customer_create (store, name, true, false, &cu, &err), ==, AT_OK);
      g_assert_cmpint (at_store_fitting_add (store, cu.id, "tshirt", sizes[c], NULL, NULL, &err), ==, AT_OK);
    }
  at_store_close (store);
  const char *args[] = { "marker", "tshirt", "--fittings", db, "--garments", "6", "--width", "150", "--seconds", "0.3",
                         "--json", NULL };
  g_autofree char *out = NULL, *errs = NULL;
  g_assert_cmpint (at_test_run_cli (args, &out, &errs), ==, 0);
  json_error_t je;
  json_t *root = json_loads (out, 0, &je);
  g_assert_nonnull (root);
  json_t *order = json_object_get (root, "sizes");
  g_assert_cmpint (json_integer_value (json_object_get (order, "S")), ==, 2);
  g_assert_cmpint (json_integer_value (json_object_get (order, "M")), ==, 4);
  g_assert_cmpint (json_integer_value (json_object_get (order, "L")), ==, 0);
  g_assert_cmpint (json_integer_value (json_object_get (json_object_get (root, "fitted_customers"), "M")), ==, 2);
  g_assert_cmpint (json_integer_value (json_object_get (root, "garments")), ==, 6);
  json_decref (root);
  expect ((const char *[]) { "marker", "tshirt", "--fittings", missing, "--garments", "6", "--width", "150", NULL }, 1,
          "no such customer database");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  expect ((const char *[]) { "marker", "tshirt", "--fittings", db, "--width", "150", NULL }, 2, "--garments");
  expect ((const char *[]) { "marker", "shirt", "--fittings", db, "--garments", "6", "--width", "150", NULL }, 1,
          "no customer has a recorded fitting");
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_remove (wal);
  g_remove (shm);
  g_remove (db);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/production/cli/errors", test_errors);
  g_test_add_func ("/production/cli/json-and-files", test_json_and_files);
  g_test_add_func ("/production/cli/fittings", test_fittings);
  g_test_add_func ("/production/cli/trim-fabric", test_trim_fabric);
  return g_test_run ();
}

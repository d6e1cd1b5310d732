/* Sketch weight files: the committed weights load; the checksum, version,
 * magic and size checks reject damaged files with a message naming them. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sketch/at_sketch.h"
#include "sketch/at_sketch_weights.h"

static char *
tmp_path (const char *name)
{
  const char *dir = g_getenv ("ATELIER_TEST_TMP");
  g_mkdir_with_parents (dir ? dir : "/tmp", 0755);
  return g_build_filename (dir ? dir : "/tmp", name, NULL);
}

static char *
data_file (const char *name)
{
  const char *dir = g_getenv ("ATELIER_DATADIR");
  g_assert_nonnull (dir);
  return g_build_filename (dir, "sketch", name, NULL);
}

static void
test_committed_weights (void)
{
  AtError err = { 0 };
  g_autofree char *gpath = data_file ("generator.atw"), *cpath = data_file ("classifier.atw");
  AtSketchGenerator *g;
  g_assert_cmpint (at_sketch_generator_load (gpath, &g, &err), ==, AT_OK);
  g_assert_cmpint (at_sketch_generator_latent_dim (g), >=, 8);
  at_sketch_generator_free (g);
  AtSketchClassifier *c;
  g_assert_cmpint (at_sketch_classifier_load (cpath, &c, &err), ==, AT_OK);
  at_sketch_classifier_free (c);
  /* A classifier file is not a generator. */
  g_assert_cmpint (at_sketch_generator_load (cpath, &g, &err), ==, AT_ERR_CORRUPT);
  g_assert_nonnull (strstr (err.message, "classifier.atw"));
}

/* Writes a small valid file and returns its bytes. */
static GBytes *
small_file (const char *path)
{
  AtTensorSet set = { 0 };
  AtError err = { 0 };
  float a[6] = { 1, -2, 3.5f, 0, 1e-3f, 7 }, b[2] = { 0.25f, -0.5f };
  int da[2] = { 2, 3 }, db[1] = { 2 };
  g_assert_cmpint (at_tensor_set_add (&set, "a", 2, da, a, &err), ==, AT_OK);
  g_assert_cmpint (at_tensor_set_add (&set, "b", 1, db, b, &err), ==, AT_OK);
  g_assert_cmpint (at_tensor_set_save (path, &set, &err), ==, AT_OK);
  at_tensor_set_clear (&set);
  char *data;
  gsize len;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static void
test_round_trip (void)
{
  g_autofree char *path = tmp_path ("sketch-weights-ok.atw");
  g_autoptr (GBytes) bytes = small_file (path);
  AtTensorSet set;
  AtError err = { 0 };
  g_assert_cmpint (at_tensor_set_load (path, &set, &err), ==, AT_OK);
  g_assert_cmpint (set.count, ==, 2);
  const AtTensor *a = at_tensor_set_find (&set, "a");
  g_assert_nonnull (a);
  g_assert_cmpint (a->dims[0], ==, 2);
  g_assert_cmpint (a->dims[1], ==, 3);
  g_assert_cmpfloat (a->data[2], ==, 3.5f);
  g_assert_cmpfloat (at_tensor_set_find (&set, "b")->data[1], ==, -0.5f);
  at_tensor_set_clear (&set);
  g_assert_cmpuint (at_crc32 (0, "123456789", 9), ==, 0xCBF43926u); /* the CRC-32 check value */
}

static AtStatus
load_modified (const char *name, GBytes *bytes, gsize offset, guint8 value, gsize keep, gboolean fix_crc, AtError *err)
{
  gsize len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  guint8 *copy = g_memdup2 (orig, len);
  if (offset < len)
    copy[offset] = value;
  if (fix_crc)
    {
      guint32 crc = at_crc32 (0, copy, len - 4);
      for (int i = 0; i < 4; i++)
        copy[len - 4 + i] = (guint8) (crc >> (8 * i));
    }
  g_autofree char *path = tmp_path (name);
  g_assert_true (g_file_set_contents (path, (const char *) copy, (gssize) MIN (keep, len), NULL));
  g_free (copy);
  AtTensorSet set;
  AtStatus st = at_tensor_set_load (path, &set, err);
  if (st == AT_OK)
    at_tensor_set_clear (&set);
  else
    g_assert_nonnull (strstr (err->message, name));
  return st;
}

static void
test_damaged_files (void)
{
  g_autofree char *path = tmp_path ("sketch-weights-src.atw");
  g_autoptr (GBytes) bytes = small_file (path);
  gsize len = g_bytes_get_size (bytes);
  AtError err = { 0 };
  /* One flipped bit in the values. */
  guint8 last_value = ((const guint8 *) g_bytes_get_data (bytes, NULL))[len - 6];
  g_assert_cmpint (load_modified ("w-bitflip.atw", bytes, len - 6, last_value ^ 0x10, len, FALSE, &err), ==,
                   AT_ERR_CORRUPT);
  g_assert_nonnull (strstr (err.message, "checksum"));
  /* Truncated. */
  g_assert_cmpint (load_modified ("w-short.atw", bytes, len, 0, len - 9, FALSE, &err), !=, AT_OK);
  /* A newer format version, checksum intact. */
  g_assert_cmpint (load_modified ("w-version.atw", bytes, 8, 2, len, TRUE, &err), ==, AT_ERR_VERSION);
  g_assert_nonnull (strstr (err.message, "version 2"));
  /* Not a weights file at all. */
  g_assert_cmpint (load_modified ("w-magic.atw", bytes, 0, 'X', len, TRUE, &err), ==, AT_ERR_PARSE);
  /* A table that claims more data than the file holds, checksum intact. */
  g_assert_cmpint (load_modified ("w-table.atw", bytes, 16 + 44, 9, len, TRUE, &err), ==, AT_ERR_CORRUPT);
  /* Missing. */
  AtSketchGenerator *g;
  g_assert_cmpint (at_sketch_generator_load ("/nonexistent/generator.atw", &g, &err), ==, AT_ERR_IO);
  g_assert_nonnull (strstr (err.message, "/nonexistent/generator.atw"));
  g_assert_null (g);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sketch/weights/committed", test_committed_weights);
  g_test_add_func ("/sketch/weights/round-trip", test_round_trip);
  g_test_add_func ("/sketch/weights/damaged", test_damaged_files);
  return g_test_run ();
}

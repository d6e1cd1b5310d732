/* Sketch generation with the committed generator: deterministic per seed,
 * closed symmetric outlines for every category, well-formed SVG, valid
 * PNG, JSON round trip, latent variations, and the CLI's exit codes. */
#include <gio/gio.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sketch/at_sketch.h"
#include "sketch/at_sketch_weights.h"

static AtSketchGenerator *gen;

static double
dist (AtSketchPoint a, AtSketchPoint b)
{
  return hypot (a.x - b.x, a.y - b.y);
}

static double
raster_l2 (const AtSketch *a, const AtSketch *b)
{
  double s = 0;
  for (int i = 0; i < AT_SKETCH_PIXELS; i++)
    s += (a->raster[i] - b->raster[i]) * (a->raster[i] - b->raster[i]);
  return sqrt (s);
}

static AtSketch *
make (AtSketchCategory c, uint64_t seed)
{
  AtError err = { 0 };
  AtSketch *s;
  if (at_sketch_generate (gen, c, seed, &s, &err) != AT_OK)
    g_error ("%s seed %" G_GUINT64_FORMAT ": %s", at_sketch_category_name (c), seed, err.message);
  return s;
}

static void
test_deterministic (void)
{
  AtSketch *a = make (AT_SKETCH_DRESS, 42), *b = make (AT_SKETCH_DRESS, 42), *c = make (AT_SKETCH_DRESS, 43);
  g_assert_cmpmem (a->raster, sizeof a->raster, b->raster, sizeof b->raster);
  g_assert_cmpint (a->outline_count, ==, b->outline_count);
  g_assert_cmpmem (a->outline, a->outline_count * sizeof *a->outline, b->outline, b->outline_count * sizeof *b->outline);
  g_assert_cmpfloat (raster_l2 (a, c), >, 0.5);
  at_sketch_free (a);
  at_sketch_free (b);
  at_sketch_free (c);
}

static void
check_outline (const AtSketch *s)
{
  int n = s->outline_count;
  g_assert_cmpint (n, >=, 4);
  g_assert_cmpint (n % 2, ==, 0);
  for (int k = 0; k < n; k++)
    {
      /* Continuous and closed. */
      g_assert_cmpfloat (dist (s->outline[k].p[3], s->outline[(k + 1) % n].p[0]), <, 1e-9);
      /* Symmetric: segment k mirrors segment n-1-k run backwards. */
      const AtSketchBezier *a = &s->outline[k], *b = &s->outline[n - 1 - k];
      for (int i = 0; i < 4; i++)
        {
          g_assert_cmpfloat (fabs (a->p[i].x + b->p[3 - i].x), <, 1e-9);
          g_assert_cmpfloat (fabs (a->p[i].y - b->p[3 - i].y), <, 1e-9);
        }
    }
  g_assert_cmpfloat (s->outline[0].p[0].x, ==, 0.0);
  /* Garment scale: the category's length, a plausible width. */
  g_assert_cmpfloat (fabs (s->height_cm - at_sketch_category_length_cm (s->category)), <, 1e-9);
  g_assert_cmpfloat (s->width_cm, >, 15.0);
  g_assert_cmpfloat (s->width_cm, <, 250.0);
  /* Few control points: a traced outline, not the pixel staircase. */
  g_assert_cmpint (n, <=, 80);
}

static void
test_outline_every_category (void)
{
  for (int c = 0; c < AT_SKETCH_CATEGORY_COUNT; c++)
    for (uint64_t seed = 1; seed <= 8; seed++)
      {
        AtSketch *s = make ((AtSketchCategory) c, seed);
        check_outline (s);
        bool has_neck = false;
        for (int i = 0; i < s->line_count; i++)
          has_neck |= strcmp (s->lines[i].name, "neckline") == 0;
        g_assert_true (has_neck == (c != AT_SKETCH_TROUSERS));
        at_sketch_free (s);
      }
}

typedef struct {
  int svg, paths;
} SvgCount;

static void
on_start (GMarkupParseContext *ctx, const char *name, const char **attrs, const char **values, gpointer data,
          GError **error)
{
  SvgCount *n = data;
  n->svg += strcmp (name, "svg") == 0;
  n->paths += strcmp (name, "path") == 0;
}

static void
test_svg (void)
{
  AtSketch *s = make (AT_SKETCH_COAT, 5);
  char *svg = at_sketch_to_svg (s);
  GMarkupParser parser = { .start_element = on_start };
  SvgCount n = { 0 };
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, &n, NULL);
  GError *error = NULL;
  const char *body = strstr (svg, "<svg"); /* GMarkup does not take the XML declaration */
  g_assert_true (g_markup_parse_context_parse (ctx, body, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);
  g_assert_cmpint (n.svg, ==, 1);
  g_assert_cmpint (n.paths, ==, 2 + s->line_count); /* outline, centre line, inner lines */
  g_assert_nonnull (strstr (svg, " Z\""));
  g_free (svg);
  at_sketch_free (s);
}

static void
test_png (void)
{
  AtSketch *s = make (AT_SKETCH_TOP, 3);
  unsigned char *png;
  size_t len;
  AtError err = { 0 };
  g_assert_cmpint (at_sketch_raster_png (s, &png, &len, &err), ==, AT_OK);
  static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_assert_cmpmem (png, 8, sig, 8);
  /* Walk the chunks, checking each CRC; inflate IDAT with zlib (GIO). */
  size_t off = 8;
  GByteArray *idat = g_byte_array_new ();
  int chunks = 0;
  while (off + 12 <= len)
    {
      guint32 n = (guint32) png[off] << 24 | png[off + 1] << 16 | png[off + 2] << 8 | png[off + 3];
      g_assert_cmpuint (off + 12 + n, <=, len);
      guint32 crc = (guint32) png[off + 8 + n] << 24 | png[off + 9 + n] << 16 | png[off + 10 + n] << 8 | png[off + 11 + n];
      g_assert_cmpuint (crc, ==, at_crc32 (0, png + off + 4, n + 4));
      if (memcmp (png + off + 4, "IHDR", 4) == 0)
        {
          g_assert_cmpuint (png[off + 11], ==, 28); /* width */
          g_assert_cmpuint (png[off + 15], ==, 28); /* height */
          g_assert_cmpuint (png[off + 16], ==, 8);  /* bit depth */
          g_assert_cmpuint (png[off + 17], ==, 0);  /* greyscale */
        }
      if (memcmp (png + off + 4, "IDAT", 4) == 0)
        g_byte_array_append (idat, png + off + 8, n);
      off += 12 + n;
      chunks++;
    }
  g_assert_cmpuint (off, ==, len);
  g_assert_cmpint (chunks, ==, 3);
  GZlibDecompressor *z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  guint8 raw[28 * 29 + 16];
  gsize read, written;
  GError *error = NULL;
  GConverterResult r = g_converter_convert (G_CONVERTER (z), idat->data, idat->len, raw, sizeof raw,
                                            G_CONVERTER_INPUT_AT_END, &read, &written, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, G_CONVERTER_FINISHED);
  g_assert_cmpuint (written, ==, 28 * 29);
  for (int y = 0; y < 28; y++)
    for (int x = 0; x < 28; x++)
      g_assert_cmpint (abs (raw[y * 29 + 1 + x] - (int) lrintf (s->raster[y * 28 + x] * 255.0f)), <=, 0);
  g_object_unref (z);
  g_byte_array_unref (idat);
  free (png);
  at_sketch_free (s);
}

static void
test_json (void)
{
  AtSketch *s = make (AT_SKETCH_SHIRT, 11);
  char *text = at_sketch_to_json (s);
  AtSketch *t;
  AtError err = { 0 };
  g_assert_cmpint (at_sketch_from_json (text, "mem", &t, &err), ==, AT_OK);
  g_assert_cmpint (t->category, ==, s->category);
  g_assert_cmpint (t->latent_dim, ==, s->latent_dim);
  g_assert_cmpint (t->outline_count, ==, s->outline_count);
  g_assert_cmpint (t->line_count, ==, s->line_count);
  for (int k = 0; k < s->outline_count; k++)
    for (int i = 0; i < 4; i++)
      g_assert_cmpfloat (dist (s->outline[k].p[i], t->outline[k].p[i]), <, 1e-6);
  for (int i = 0; i < s->latent_dim; i++)
    g_assert_cmpfloat (s->latent[i], ==, t->latent[i]);
  at_sketch_free (t);
  /* Damaged documents are refused with the key named. */
  char *bad = g_strdup (text);
  char *key = strstr (bad, "\"seed\"");
  memcpy (key, "\"sed\" ", 6);
  g_assert_cmpint (at_sketch_from_json (bad, "bad.json", &t, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "sed"));
  g_free (bad);
  g_assert_cmpint (at_sketch_from_json ("{\"category\": \"hat\"}", "hat.json", &t, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "category"));
  g_assert_cmpint (at_sketch_from_json ("[1,", "trunc.json", &t, &err), ==, AT_ERR_PARSE);
  free (text);
  at_sketch_free (s);
}

static void
test_variations (void)
{
  AtError err = { 0 };
  AtSketch *a = make (AT_SKETCH_PULLOVER, 21), *b = make (AT_SKETCH_PULLOVER, 22), *near0, *near, *mid, *end;
  g_assert_cmpint (at_sketch_sample_near (gen, a, 0.0, 9, &near0, &err), ==, AT_OK);
  g_assert_cmpfloat (raster_l2 (a, near0), <, 1e-4);
  g_assert_cmpint (at_sketch_sample_near (gen, a, 0.5, 9, &near, &err), ==, AT_OK);
  g_assert_cmpfloat (raster_l2 (a, near), >, 0.05);
  g_assert_cmpfloat (raster_l2 (a, near), <, raster_l2 (a, b) + 5.0);
  g_assert_cmpint (near->category, ==, AT_SKETCH_PULLOVER);
  g_assert_cmpint (at_sketch_interpolate (gen, a, b, 1.0, &end, &err), ==, AT_OK);
  g_assert_cmpfloat (raster_l2 (b, end), <, 1e-3);
  at_sketch_free (end);
  g_assert_cmpint (at_sketch_interpolate (gen, a, b, 0.5, &mid, &err), ==, AT_OK);
  check_outline (mid);
  g_assert_cmpint (at_sketch_interpolate (gen, a, b, 1.5, &end, &err), ==, AT_ERR_RANGE);
  g_assert_cmpint (at_sketch_sample_near (gen, a, -1.0, 9, &end, &err), ==, AT_ERR_RANGE);
  at_sketch_free (a);
  at_sketch_free (b);
  at_sketch_free (near0);
  at_sketch_free (near);
  at_sketch_free (mid);
}

static int
run_cli (const char *args, char **err_out)
{
  const char *cli = g_getenv ("ATELIER_CLI");
  g_assert_nonnull (cli);
  g_autofree char *cmd = g_strdup_printf ("%s %s", cli, args);
  int status;
  GError *error = NULL;
  g_autofree char *out = NULL; /* kept off the TAP stream */
  g_assert_true (g_spawn_command_line_sync (cmd, &out, err_out, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  const char *tmp = g_getenv ("ATELIER_TEST_TMP");
  g_mkdir_with_parents (tmp ? tmp : "/tmp", 0755);
  g_autofree char *svg = g_build_filename (tmp ? tmp : "/tmp", "cli-sketch.svg", NULL);
  g_autofree char *png = g_build_filename (tmp ? tmp : "/tmp", "cli-sketch.png", NULL);
  g_autofree char *args = g_strdup_printf ("sketch --category trousers --seed 4 --out %s --raster %s", svg, png);
  char *err = NULL;
  g_assert_cmpint (run_cli (args, &err), ==, 0);
  g_free (err);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (run_cli ("sketch --category hat", &err), ==, 2);
  g_assert_nonnull (strstr (err, "hat"));
  g_free (err);
  g_assert_cmpint (run_cli ("sketch --category top --weights /nonexistent.atw", &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent.atw"));
  g_free (err);
  /* The benchmark needs the training images and says so. */
  g_assert_cmpint (run_cli ("bench sketch --data /nonexistent-fmnist", &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent-fmnist"));
  g_free (err);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  AtError err = { 0 };
  if (at_sketch_generator_load_default (&gen, &err) != AT_OK)
    g_error ("%s", err.message);
  g_test_add_func ("/sketch/generate/deterministic", test_deterministic);
  g_test_add_func ("/sketch/generate/outline", test_outline_every_category);
  g_test_add_func ("/sketch/generate/svg", test_svg);
  g_test_add_func ("/sketch/generate/png", test_png);
  g_test_add_func ("/sketch/generate/json", test_json);
  g_test_add_func ("/sketch/generate/variations", test_variations);
  g_test_add_func ("/sketch/generate/cli", test_cli);
  int rc = g_test_run ();
  at_sketch_generator_free (gen);
  return rc;
}

/* atelier-cli garments / pattern, as CONTRACT.md states them: JSON shape,
 * exit codes, SVG at true scale and well-formed, PDF tiled on A4 pages or
 * on one plotter page, made-to-measure from a partial measurement file. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static int
run (const char *args, char **out, char **err)
{
  const char *cli = g_getenv ("ATELIER_CLI");
  g_autofree char *cmd = g_strdup_printf ("%s %s", cli, args);
  int status = 0;
  g_autoptr (GError) error = NULL;
  if (!g_spawn_command_line_sync (cmd, out, err, &status, &error))
    g_error ("cannot run %s: %s", cmd, error->message);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
tmp_path (const char *name)
{
  const char *tmp = g_getenv ("ATELIER_TEST_TMP");
  g_autofree char *dir = g_build_filename (tmp ? tmp : g_get_tmp_dir (), "pattern-cli", NULL);
  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, name, NULL);
}

static void
test_garments_json (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (run ("garments --json", &out, &err), ==, 0);
  /* GLib has no JSON parser: check the shape through the text. */
  g_assert_true (g_str_has_prefix (g_strstrip (out), "["));
  const char *ids[] = { "tshirt", "shirt", "skirt", "trousers", "dress", "hoodie" };
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *key = g_strdup_printf ("\"id\": \"%s\"", ids[i]);
      g_assert_nonnull (strstr (out, key));
    }
  const char *xs = strstr (out, "\"XS\""), *xxl = strstr (out, "\"XXL\"");
  g_assert_true (xs && xxl && xs < xxl);
  g_assert_nonnull (strstr (out, "\"category\""));
}

static gboolean
svg_well_formed (const char *text, char **width)
{
  GMarkupParser parser = { 0 };
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  gboolean ok = g_markup_parse_context_parse (ctx, text, -1, NULL) && g_markup_parse_context_end_parse (ctx, NULL);
  g_markup_parse_context_free (ctx);
  const char *w = strstr (text, "width=\"");
  if (w)
    *width = g_strndup (w + 7, strcspn (w + 7, "\""));
  return ok;
}

static void
test_svg (void)
{
  g_autofree char *path = tmp_path ("tshirt-m.svg");
  g_autofree char *cmd = g_strdup_printf ("pattern tshirt --size M --out %s", path);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (run (cmd, &out, &err), ==, 0);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_autofree char *width = NULL;
  g_assert_true (svg_well_formed (text, &width));
  g_assert_nonnull (width);
  g_assert_true (g_str_has_suffix (width, "mm"));
  g_assert_cmpfloat (g_ascii_strtod (width, NULL), >, 500);
  g_assert_cmpstr (err, ==, "");
}

/* Page objects ("/Type /Page", not "/Type /Pages"); the file has binary
 * streams, so search bytes, not strings. */
static int
pdf_pages (const char *text, gsize len)
{
  int n = 0;
  const char *end = text + len, *p = text;
  while ((p = memmem (p, (size_t) (end - p), "/Type /Page", 11)))
    {
      n += p + 11 < end && p[11] != 's';
      p += 11;
    }
  return n;
}

static void
test_pdf (void)
{
  g_autofree char *a4 = tmp_path ("skirt-38.pdf"), *plot = tmp_path ("skirt-38-plotter.pdf");
  g_autofree char *c1 = g_strdup_printf ("pattern skirt --size 38 --out %s", a4);
  g_autofree char *c2 = g_strdup_printf ("pattern skirt --size 38 --out %s --page plotter", plot);
  g_assert_cmpint (run (c1, NULL, NULL), ==, 0);
  g_assert_cmpint (run (c2, NULL, NULL), ==, 0);
  g_autofree char *t1 = NULL, *t2 = NULL;
  gsize l1, l2;
  g_assert_true (g_file_get_contents (a4, &t1, &l1, NULL));
  g_assert_true (g_file_get_contents (plot, &t2, &l2, NULL));
  g_assert_true (g_str_has_prefix (t1, "%PDF-"));
  g_assert_nonnull (memmem (t1 + l1 - 8, 8, "%%EOF", 5));
  g_assert_cmpint (pdf_pages (t1, l1), >, 4);
  g_assert_cmpint (pdf_pages (t2, l2), ==, 1);
}

static void
test_made_to_measure (void)
{
  g_autofree char *meas = g_build_filename ("bodies", "partial.json", NULL);
  g_autofree char *path = tmp_path ("hoodie-mtm.json");
  g_autofree char *cmd = g_strdup_printf ("pattern hoodie --measurements %s --out %s", meas, path);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (run (cmd, &out, &err), ==, 0);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"made-to-measure\""));
  g_assert_nonnull (strstr (text, "\"atelier-pattern\""));
}

static void
test_errors (void)
{
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL;
  g_autofree char *out = tmp_path ("never.svg");
  g_autofree char *c1 = g_strdup_printf ("pattern cape --size M --out %s", out);
  g_assert_cmpint (run (c1, NULL, &e1), ==, 1);
  g_assert_nonnull (strstr (e1, "cape"));
  g_autofree char *c2 = g_strdup_printf ("pattern tshirt --size 4XL --out %s", out);
  g_assert_cmpint (run (c2, NULL, &e2), ==, 1);
  g_assert_nonnull (strstr (e2, "4XL"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run ("pattern tshirt --out x.svg", NULL, &e3), ==, 2);
  g_assert_cmpint (run ("pattern tshirt --size M --out x.png", NULL, &e4), ==, 2);
  g_assert_cmpint (run ("garments --bogus", NULL, NULL), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!g_getenv ("ATELIER_CLI"))
    {
      g_printerr ("ATELIER_CLI is not set\n");
      return 77;
    }
  g_test_add_func ("/pattern-cli/garments-json", test_garments_json);
  g_test_add_func ("/pattern-cli/svg", test_svg);
  g_test_add_func ("/pattern-cli/pdf", test_pdf);
  g_test_add_func ("/pattern-cli/made-to-measure", test_made_to_measure);
  g_test_add_func ("/pattern-cli/errors", test_errors);
  return g_test_run ();
}

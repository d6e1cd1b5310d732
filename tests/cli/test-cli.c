/* atelier-cli's contract at the dispatch level: exit codes 0/1/2, help
 * on stdout, errors on stderr naming the problem. Each command's own
 * behaviour is tested in its module's suite. */
#include "common/at-test-cli.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static void
test_dispatch (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *none[] = { NULL };
  g_assert_cmpint (at_test_run_cli (none, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "usage"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  const char *help[] = { "--help", NULL };
  g_assert_cmpint (at_test_run_cli (help, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "bench"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  const char *version[] = { "--version", NULL };
  g_assert_cmpint (at_test_run_cli (version, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  const char *unknown[] = { "frobnicate", NULL };
  g_assert_cmpint (at_test_run_cli (unknown, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  const char *bench_unknown[] = { "bench", "no-such-bench", NULL };
  g_assert_cmpint (at_test_run_cli (bench_unknown, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-bench"));
}

/* Every listed command answers --help with exit 0 and its usage. */
static void
test_every_command_has_help (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *help[] = { "--help", NULL };
  g_assert_cmpint (at_test_run_cli (help, &out, &err), ==, 0);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean in_commands = FALSE;
  int checked = 0;
  for (int i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "Commands:"))
        {
          in_commands = TRUE;
          continue;
        }
      if (!in_commands || !g_str_has_prefix (lines[i], "  "))
        continue;
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", 2);
      g_autofree char *cmd_out = NULL, *cmd_err = NULL;
      const char *cmd_help[] = { words[0], "--help", NULL };
      g_assert_cmpint (at_test_run_cli (cmd_help, &cmd_out, &cmd_err), ==, 0);
      g_assert_nonnull (strstr (cmd_out, "usage"));
      checked++;
    }
  g_assert_cmpint (checked, >, 0);
}

/* CONTRACT.md: cloth-sphere's --out OBJ carries the flat rest positions in
 * metres as texture coordinates, so the strain the bench reports can be
 * recomputed from the file alone; so can its highest point, which tells a
 * cloth still over the sphere from one that slid off. */
static void
test_cloth_sphere_obj (void)
{
  g_autofree char *dir = g_dir_make_tmp ("atelier-cli-XXXXXX", NULL);
  g_autofree char *obj = g_build_filename (dir, "cloth.obj", NULL);
  const char *args[] = { "bench", "cloth-sphere", "--res", "12", "--frames", "40", "--no-peer", "--json", "--out", obj, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (at_test_run_cli (args, &out, &err), ==, 0);
  const char *key = strstr (out, "\"max_strain\"");
  g_assert_nonnull (key);
  double reported = g_ascii_strtod (strchr (key, ':') + 1, NULL);
  key = strstr (out, "\"top_m\"");
  g_assert_nonnull (key);
  double reported_top = g_ascii_strtod (strchr (key, ':') + 1, NULL);
  g_assert_nonnull (strstr (out, "\"on_sphere\": true"));

  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (obj, &text, NULL, NULL));
  GArray *v = g_array_new (FALSE, FALSE, sizeof (double)), *vt = g_array_new (FALSE, FALSE, sizeof (double));
  double max_strain = 0, uv_min = G_MAXDOUBLE, uv_max = -G_MAXDOUBLE, top = -G_MAXDOUBLE;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i]; i++)
    {
      double a[3];
      int iv[3], it[3];
      if (sscanf (lines[i], "v %lf %lf %lf", a, a + 1, a + 2) == 3)
        {
          g_array_append_vals (v, a, 3);
          top = MAX (top, a[1]);
        }
      else if (sscanf (lines[i], "vt %lf %lf", a, a + 1) == 2)
        {
          g_array_append_vals (vt, a, 2);
          uv_min = MIN (uv_min, MIN (a[0], a[1]));
          uv_max = MAX (uv_max, MAX (a[0], a[1]));
        }
      else if (sscanf (lines[i], "f %d/%d/%*d %d/%d/%*d %d/%d/%*d", iv, it, iv + 1, it + 1, iv + 2, it + 2) == 6)
        for (int e = 0; e < 3; e++)
          {
            const double *p = &g_array_index (v, double, 3 * (iv[e] - 1));
            const double *q = &g_array_index (v, double, 3 * (iv[(e + 1) % 3] - 1));
            const double *r = &g_array_index (vt, double, 2 * (it[e] - 1));
            const double *s = &g_array_index (vt, double, 2 * (it[(e + 1) % 3] - 1));
            double len = sqrt ((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
            double rest = hypot (r[0] - s[0], r[1] - s[1]);
            max_strain = MAX (max_strain, fabs (len / rest - 1));
          }
    }
  g_assert_cmpuint (v->len, ==, 3 * 144);
  g_assert_cmpuint (vt->len, ==, 2 * 144);
  g_assert_cmpfloat (uv_max - uv_min, >, 1.99); /* a 2 m square, in metres */
  g_assert_cmpfloat (uv_max - uv_min, <, 2.01);
  g_assert_cmpfloat (fabs (max_strain - reported), <, 1e-3);
  g_assert_cmpfloat (fabs (top - reported_top), <, 1e-4); /* still over the sphere, as the bench says */
  g_array_free (v, TRUE);
  g_array_free (vt, TRUE);
  g_remove (obj);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/dispatch", test_dispatch);
  g_test_add_func ("/cli/help", test_every_command_has_help);
  g_test_add_func ("/cli/cloth-sphere-obj", test_cloth_sphere_obj);
  return g_test_run ();
}

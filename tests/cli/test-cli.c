/* atelier-cli's contract at the dispatch level: exit codes 0/1/2, help
 * on stdout, errors on stderr naming the problem. Each command's own
 * behaviour is tested in its module's suite. */
#include "common/at-test-cli.h"

#include <glib.h>
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/dispatch", test_dispatch);
  g_test_add_func ("/cli/help", test_every_command_has_help);
  return g_test_run ();
}

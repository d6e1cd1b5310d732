#include "at-test-cli.h"

#include <glib.h>
#include <sys/wait.h>
#include <zlib.h>

int
at_test_run_cli (const char *const *args, char **out, char **err)
{
  const char *cli = g_getenv ("ATELIER_CLI");
  g_assert_nonnull (cli);
  GPtrArray *argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) cli);
  for (int i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  int status = 0;
  GError *error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                               &error));
  g_assert_no_error (error);
  g_ptr_array_free (argv, TRUE);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

char *
at_test_write_gz (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  gzFile gz = gzopen (path, "wb");
  g_assert_nonnull (gz);
  g_assert_cmpint (gzputs (gz, text), >=, 0);
  g_assert_cmpint (gzclose (gz), ==, Z_OK);
  return path;
}

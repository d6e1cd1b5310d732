/* Measure-back accuracy on real ANSUR II subjects spread over both files:
 * girths within 5 mm, heights within 3 mm. Skipped (exit 77) without the
 * shared data. */
#include <glib.h>
#include <stdio.h>

#include "anthro/at_ansur.h"
#include "body_test_util.h"

static void
test_ansur_accuracy (gconstpointer data)
{
  const AtAnsurTable *table = data;
  size_t n = at_ansur_count (table), step = n / 24;
  for (size_t r = 3; r < n; r += step)
    check_body (&at_ansur_subject (table, r)->m, 5.0, 3.0);
}

int
main (int argc, char **argv)
{
  const char *shared = g_getenv ("ATELIER_SHARED_DATA");
  char *dir = shared ? g_build_filename (shared, "ansur2", NULL) : NULL;
  if (!dir || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      printf ("1..0 # SKIP ATELIER_SHARED_DATA/ansur2 not found\n");
      g_free (dir);
      return 77;
    }
  AtAnsurTable *table = NULL;
  AtError err = { 0 };
  if (at_ansur_load_dir (dir, &table, &err) != AT_OK)
    g_error ("%s", err.message);
  g_free (dir);
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/body/ansur-accuracy", table, test_ansur_accuracy);
  int rc = g_test_run ();
  at_ansur_free (table);
  return rc;
}

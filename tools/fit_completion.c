/* fit_completion: fits the statistical completion model (see
 * src/engine/anthro/completion.c) to every ANSUR II subject available in
 * ../shared/data/ansur2 (the withheld fifth is not there) and writes
 * data/body/completion.json, which the shipped program reads.
 *
 * usage: fit_completion [ANSUR_DIR [OUT.json]] */
#include "anthro/at_ansur.h"
#include "anthro/at_completion.h"
#include "at-config.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  if (argc > 3)
    {
      fprintf (stderr, "usage: fit_completion [ANSUR_DIR [OUT.json]]\n");
      return 2;
    }
  AtError err = { 0 };
  char dir[4096];
  if (argc > 1)
    snprintf (dir, sizeof dir, "%s", argv[1]);
  else if (at_shared_data_path ("ansur2", dir, sizeof dir, &err) != AT_OK)
    {
      fprintf (stderr, "fit_completion: %s\n", err.message);
      return 1;
    }
  const char *out_path = argc > 2 ? argv[2] : AT_SOURCE_DATADIR "/body/completion.json";

  AtAnsurTable *table = NULL;
  AtCompletionModel *model = NULL;
  AtMeasurements *subjects = NULL;
  int rc = 1;
  if (at_ansur_load_dir (dir, &table, &err) != AT_OK)
    goto out;
  size_t n = at_ansur_count (table);
  subjects = malloc (n * sizeof *subjects);
  if (!subjects)
    goto out;
  for (size_t i = 0; i < n; i++)
    subjects[i] = at_ansur_subject (table, i)->m;
  if (at_completion_model_fit (subjects, n, &model, &err) != AT_OK
      || at_completion_model_save (model, out_path, &err) != AT_OK)
    goto out;
  printf ("fit_completion: %zu subjects -> %s\n", n, out_path);
  rc = 0;
out:
  if (rc)
    fprintf (stderr, "fit_completion: %s\n", err.message[0] ? err.message : "out of memory");
  free (subjects);
  at_completion_model_free (model);
  at_ansur_free (table);
  return rc;
}

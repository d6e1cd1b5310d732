/* `atelier-cli bench size-rec [--data DIR] [--json]`: how often the size
 * recommended from sex, stature, weight and age alone (the rest estimated)
 * matches, or lies within one size of, the size recommended from the full
 * ANSUR II measurement set, per garment and sex. */
#include "cli.h"
#include "anthro/at_ansur.h"
#include "anthro/at_completion.h"
#include "size/at_size_advice.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char synopsis[] = "[--data DIR] [--json]";

typedef struct {
  int n, exact, within_one;
} Tally;

int
at_cli_bench_size_rec (int argc, char **argv)
{
  const char *cmd = "bench size-rec";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Over ANSUR II: the size from stature, weight and age (the rest estimated) against the\n"
                         "size from every measurement, for each library garment and sex.\n");
      return AT_EXIT_OK;
    }
  const char *data = NULL;
  bool json = false;
  const AtCliOption options[] = {
    { "--data", AT_CLI_TEXT, &data },
    { "--json", AT_CLI_FLAG, &json },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  AtError err = { 0 };
  char dir[4096];
  if (data)
    snprintf (dir, sizeof dir, "%s/ansur2", data);
  else if (at_shared_data_path ("ansur2", dir, sizeof dir, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtAnsurTable *table = NULL;
  if (at_ansur_load_dir (dir, &table, &err) != AT_OK)
    return at_cli_fail (cmd, &err);

  json_t *root = json_object (), *rows = json_array ();
  int total_n = 0, total_within = 0, total_exact = 0;
  for (const char *const *id = at_garment_library_ids (); *id; id++)
    {
      AtGarmentDef garment;
      if (at_garment_load (*id, &garment, &err) != AT_OK)
        {
          at_ansur_free (table);
          json_decref (root), json_decref (rows);
          return at_cli_fail (cmd, &err);
        }
      Tally tally[2] = { { 0 } };
      for (size_t r = 0; r < at_ansur_count (table); r++)
        {
          const AtAnsurSubject *subject = at_ansur_subject (table, r);
          AtMeasurements partial, estimated;
          at_measurements_init (&partial, subject->sex);
          const AtMeasureKey known[] = { AT_M_STATURE, AT_M_WEIGHT, AT_M_AGE };
          for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            {
              partial.value[known[k]] = subject->m.value[known[k]];
              partial.given[known[k]] = true;
            }
          AtSizeAdvice full, guess;
          if (at_completion_complete (&partial, &estimated, NULL) != AT_OK
              || at_size_advise (&garment, &subject->m, AT_FIT_PREFERENCE_REGULAR, &full, NULL) != AT_OK
              || at_size_advise (&garment, &estimated, AT_FIT_PREFERENCE_REGULAR, &guess, NULL) != AT_OK)
            continue;
          Tally *t = &tally[subject->sex];
          int gap = abs (full.best.size_index - guess.best.size_index);
          t->n++;
          t->exact += gap == 0;
          t->within_one += gap <= 1;
        }
      for (int sex = 0; sex < 2; sex++)
        {
          const Tally *t = &tally[sex];
          if (!t->n)
            continue;
          total_n += t->n, total_exact += t->exact, total_within += t->within_one;
          if (!json)
            printf ("%-9s %-6s n=%4d  same size %5.1f %%  within one size %5.1f %%\n", *id, at_sex_name ((AtSex) sex),
                    t->n, 100.0 * t->exact / t->n, 100.0 * t->within_one / t->n);
          json_t *row = json_object ();
          json_object_set_new (row, "garment", json_string (*id));
          json_object_set_new (row, "sex", json_string (at_sex_name ((AtSex) sex)));
          json_object_set_new (row, "n", json_integer (t->n));
          json_object_set_new (row, "same_size", json_real ((double) t->exact / t->n));
          json_object_set_new (row, "within_one_size", json_real ((double) t->within_one / t->n));
          json_array_append_new (rows, row);
        }
    }
  at_ansur_free (table);
  json_object_set_new (root, "rows", rows);
  json_object_set_new (root, "same_size", json_real (total_n ? (double) total_exact / total_n : 0.0));
  json_object_set_new (root, "within_one_size", json_real (total_n ? (double) total_within / total_n : 0.0));
  if (json)
    at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER));
  else
    printf ("all       same size %5.1f %%  within one size %5.1f %% (%d subject-garment pairs)\n",
            total_n ? 100.0 * total_exact / total_n : 0.0, total_n ? 100.0 * total_within / total_n : 0.0, total_n);
  json_decref (root);
  return AT_EXIT_OK;
}

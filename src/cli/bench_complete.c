/* `atelier-cli bench complete [--holdout R|all] [--json]`: held-out accuracy
 * of statistical completion on ANSUR II (subjects with SubjectId % 5 == R,
 * default 1, held out; the model is refitted on the rest), per sex and key,
 * against least squares on stature and weight. */
#include "cli.h"
#include "anthro/at_completion_eval.h"

#include <jansson.h>
#include <string.h>

static const char synopsis[] = "[--holdout R|all] [--json]";

static const AtMeasureKey headline[] = { AT_M_CHEST_GIRTH, AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH };
#define N_HEADLINE (sizeof headline / sizeof headline[0])

static json_t *
key_object (const double *mae, AtGivenSet set)
{
  json_t *o = json_object ();
  for (int k = 0; k < AT_M_COUNT; k++)
    if (set == AT_GIVEN_COUNT || !at_given_set_has (set, (AtMeasureKey) k))
      json_object_set_new (o, at_measure_info ((AtMeasureKey) k)->key, json_real (mae[k]));
  return o;
}

/* Mean over the three headline girths of both sexes. */
static double
headline_mean (const double mae[2][AT_M_COUNT])
{
  double s = 0;
  for (int sex = 0; sex < 2; sex++)
    for (size_t i = 0; i < N_HEADLINE; i++)
      s += mae[sex][headline[i]];
  return s / (2.0 * N_HEADLINE);
}

static void
print_json (const AtCompletionEval *ev, int holdout)
{
  json_t *root = json_object ();
  json_object_set_new (root, "holdout", holdout < 0 ? json_string ("four folds: SubjectId % 5 in 0, 1, 3, 4")
                                                    : json_sprintf ("SubjectId %% 5 == %d", holdout));
  json_object_set_new (root, "unit", json_string ("cm (weight kg, age years), mean absolute error"));
  json_t *sexes = json_object ();
  for (int sex = 0; sex < 2; sex++)
    {
      json_t *js = json_object ();
      json_object_set_new (js, "train", json_integer ((json_int_t) ev->n_train[sex]));
      json_object_set_new (js, "test", json_integer ((json_int_t) ev->n_test[sex]));
      json_t *given = json_object ();
      for (int g = 0; g < AT_GIVEN_COUNT; g++)
        json_object_set_new (given, at_given_set_name ((AtGivenSet) g), key_object (ev->mae[g][sex], (AtGivenSet) g));
      json_object_set_new (js, "completion_mae", given);
      json_object_set_new (js, "lsq_stature_weight_mae", key_object (ev->mae_lsq[sex], AT_GIVEN_STATURE_WEIGHT));
      json_object_set_new (js, "false_implausible", json_real (ev->false_implausible[sex]));
      json_object_set_new (sexes, at_sex_name ((AtSex) sex), js);
    }
  json_object_set_new (root, "sexes", sexes);
  json_t *summary = json_object ();
  json_object_set_new (summary, "girth_mae_completion", json_real (headline_mean (ev->mae[AT_GIVEN_STATURE_WEIGHT_AGE])));
  json_object_set_new (summary, "girth_mae_completion_no_age", json_real (headline_mean (ev->mae[AT_GIVEN_STATURE_WEIGHT])));
  json_object_set_new (summary, "girth_mae_lsq", json_real (headline_mean (ev->mae_lsq)));
  bool never_worse = true;
  for (int sex = 0; sex < 2; sex++)
    for (size_t i = 0; i < N_HEADLINE; i++)
      never_worse = never_worse && ev->mae[AT_GIVEN_STATURE_WEIGHT_AGE][sex][headline[i]] <= ev->mae_lsq[sex][headline[i]];
  json_object_set_new (summary, "never_worse_than_lsq", json_boolean (never_worse));
  json_object_set_new (root, "summary", summary);
  at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_REAL_PRECISION (4)));
  json_decref (root);
}

static void
print_text (const AtCompletionEval *ev, int holdout)
{
  if (holdout < 0)
    printf ("Completion on ANSUR II, four-fold cross-validation (SubjectId %% 5 in 0, 1, 3, 4): ");
  else
    printf ("Completion on ANSUR II, held out SubjectId %% 5 == %d: ", holdout);
  printf ("mean absolute error (cm; kg; years)\n");
  printf ("given: S = sex+stature, SW = +weight, SWA = +age; LSQ = least squares on stature+weight\n\n");
  for (int sex = 0; sex < 2; sex++)
    {
      printf ("%s (train %zu, test %zu, summed over folds when cross-validating)\n", at_sex_name ((AtSex) sex), ev->n_train[sex], ev->n_test[sex]);
      printf ("  %-18s %8s %8s %8s %8s\n", "key", "S", "SW", "SWA", "LSQ");
      for (int k = 0; k < AT_M_COUNT; k++)
        {
          if (k == AT_M_STATURE)
            continue;
          printf ("  %-18s %8.2f", at_measure_info ((AtMeasureKey) k)->key, ev->mae[AT_GIVEN_STATURE][sex][k]);
          for (int g = AT_GIVEN_STATURE_WEIGHT; g < AT_GIVEN_COUNT; g++)
            if (at_given_set_has ((AtGivenSet) g, (AtMeasureKey) k))
              printf (" %8s", "given");
            else
              printf (" %8.2f", ev->mae[g][sex][k]);
          if (k == AT_M_WEIGHT)
            printf (" %8s\n", "given");
          else
            printf (" %8.2f\n", ev->mae_lsq[sex][k]);
        }
      printf ("  real held-out bodies flagged implausible: %.2f %%\n\n", 100.0 * ev->false_implausible[sex]);
    }
  printf ("chest/waist/hip girth mean: completion SWA %.3f, SW %.3f, LSQ %.3f cm\n",
          headline_mean (ev->mae[AT_GIVEN_STATURE_WEIGHT_AGE]), headline_mean (ev->mae[AT_GIVEN_STATURE_WEIGHT]),
          headline_mean (ev->mae_lsq));
}

int
at_cli_bench_complete (int argc, char **argv)
{
  const char *cmd = "bench complete";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Fits completion on ANSUR II minus one fifth and reports the mean absolute error on that\n"
                         "fifth per sex and key, given stature, stature+weight, stature+weight+age, next to least\n"
                         "squares on stature+weight. --holdout all pools four-fold cross-validation over\n"
                         "residues 0, 1, 3, 4. Needs ../shared/data/ansur2 or $ATELIER_SHARED_DATA.\n");
      return AT_EXIT_OK;
    }
  bool json = false;
  long holdout = 1;
  const char *holdout_text = NULL;
  const AtCliOption options[] = {
    { "--holdout", AT_CLI_TEXT, &holdout_text },
    { "--json", AT_CLI_FLAG, &json },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  if (holdout_text && strcmp (holdout_text, "all") == 0)
    holdout = -1;
  else if ((holdout_text && !at_cli_parse_int (holdout_text, 0, 4, &holdout)) || holdout == 2)
    return at_cli_usage_error (cmd, synopsis, "--holdout must be 0, 1, 3, 4 or all (2 is withheld)");
  AtError err = { 0 };
  char dir[4096];
  AtAnsurTable *table = NULL;
  if (at_shared_data_path ("ansur2", dir, sizeof dir, &err) != AT_OK || at_ansur_load_dir (dir, &table, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtCompletionEval ev;
  AtStatus st = at_completion_evaluate (table, (int) holdout, &ev, &err);
  at_ansur_free (table);
  if (st != AT_OK)
    return at_cli_fail (cmd, &err);
  if (json)
    print_json (&ev, (int) holdout);
  else
    print_text (&ev, (int) holdout);
  return AT_EXIT_OK;
}

/* `atelier-cli bench sizes [--sizes N] [--tolerance CM] [--holdout R]
 * [--json]`: size systems designed on ANSUR II. For each sex and garment
 * family (tops: chest & waist girth; bottoms: waist & hip girth) N sizes
 * are placed on the subjects with SubjectId % 5 != R and the share of
 * people accommodated (within +-tolerance on both dimensions) is reported
 * on those and on the held-out fifth, next to the share that k-means
 * centres (the same N, a common way to pick sizes) accommodate. */
#include "cli.h"
#include "anthro/at_ansur.h"
#include "anthro/at_sizing.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char synopsis[] = "[--sizes N] [--tolerance CM] [--smoothing CM] [--holdout R] [--json]";

typedef struct {
  double train, heldout, kmeans_heldout, seconds;
} AtSizesResult;

static AtStatus
run_one (const AtMeasurements *train, size_t n_train, const AtMeasurements *test, size_t n_test, AtSex sex,
         const AtSizeChartKind *kind, const AtSizeChartDef *def, AtSizesResult *out, AtError *err)
{
  size_t nt, nh;
  double *pt = at_sizing_points (train, n_train, sex, kind->keys, kind->dims, &nt);
  double *ph = at_sizing_points (test, n_test, sex, kind->keys, kind->dims, &nh);
  AtSizeChart chart = { 0 };
  AtKMeans km = { 0 };
  AtStatus st = AT_OK;
  if (!pt || !ph)
    st = at_error_set (err, AT_ERR_NOMEM, "out of memory");
  struct timespec t0, t1;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  if (st == AT_OK)
    st = at_size_chart_design (def, pt, nt, kind->dims, &chart, err);
  clock_gettime (CLOCK_MONOTONIC, &t1);
  AtKMeansDef kdef = at_kmeans_def_default ();
  kdef.k = def->n_sizes;
  if (st == AT_OK)
    st = at_kmeans_run (&kdef, pt, nt, kind->dims, &km, err);
  if (st == AT_OK)
    {
      out->seconds = (double) (t1.tv_sec - t0.tv_sec) + 1e-9 * (double) (t1.tv_nsec - t0.tv_nsec);
      out->train = at_size_chart_accommodation (&chart, pt, nt);
      out->heldout = at_size_chart_accommodation (&chart, ph, nh);
      AtSizeChart kchart = { .n_sizes = km.k, .dims = km.dims, .tolerance = def->tolerance, .centres = km.centres };
      out->kmeans_heldout = at_size_chart_accommodation (&kchart, ph, nh);
    }
  at_kmeans_clear (&km);
  at_size_chart_clear (&chart);
  free (pt);
  free (ph);
  return st;
}

int
at_cli_bench_sizes (int argc, char **argv)
{
  const char *cmd = "bench sizes";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Designs N-size charts (default 25, +-2.5 cm) for tops (chest, waist girth) and bottoms\n"
                         "(waist, hip girth) per sex on ANSUR II minus the held-out fifth (SubjectId % 5 == R,\n"
                         "default 1) and reports the share accommodated, training and held out, with k-means\n"
                         "centres as the baseline. --smoothing (default 0.5 cm) spreads each person over a small\n"
                         "kernel while designing. Needs ../shared/data/ansur2 or $ATELIER_SHARED_DATA.\n");
      return AT_EXIT_OK;
    }
  AtSizeChartDef def = at_size_chart_def_default ();
  bool json = false;
  long holdout = 1, sizes = def.n_sizes;
  const AtCliOption options[] = {
    { "--sizes", AT_CLI_INT, &sizes, 1, 200 },
    { "--tolerance", AT_CLI_NUMBER, &def.tolerance, 0.01, 50 },
    { "--smoothing", AT_CLI_NUMBER, &def.smoothing, 0, 50 },
    { "--holdout", AT_CLI_INT, &holdout, 0, 4 },
    { "--json", AT_CLI_FLAG, &json },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  if (holdout == 2)
    return at_cli_usage_error (cmd, synopsis, "--holdout must be 0, 1, 3 or 4 (2 is withheld)");
  def.n_sizes = (int) sizes;

  AtError err = { 0 };
  char dir[4096];
  AtAnsurTable *table = NULL;
  if (at_shared_data_path ("ansur2", dir, sizeof dir, &err) != AT_OK || at_ansur_load_dir (dir, &table, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  size_t n = at_ansur_count (table), n_train = 0, n_test = 0;
  AtMeasurements *train = malloc (n * sizeof *train), *test = malloc (n * sizeof *test);
  if (!train || !test)
    {
      free (train);
      free (test);
      at_ansur_free (table);
      at_error_set (&err, AT_ERR_NOMEM, "out of memory");
      return at_cli_fail (cmd, &err);
    }
  for (size_t i = 0; i < n; i++)
    {
      const AtAnsurSubject *s = at_ansur_subject (table, i);
      if (s->subject_id % 5 == holdout)
        test[n_test++] = s->m;
      else
        train[n_train++] = s->m;
    }
  at_ansur_free (table);

  AtSizesResult res[2][2];
  AtStatus st = AT_OK;
  for (int sex = 0; sex < 2 && st == AT_OK; sex++)
    for (int g = 0; g < 2 && st == AT_OK; g++)
      st = run_one (train, n_train, test, n_test, (AtSex) sex, &at_size_chart_kinds[g], &def, &res[sex][g], &err);
  free (train);
  free (test);
  if (st != AT_OK)
    return at_cli_fail (cmd, &err);

  double mean = 0;
  for (int sex = 0; sex < 2; sex++)
    for (int g = 0; g < 2; g++)
      mean += res[sex][g].heldout / 4.0;
  if (json)
    {
      json_t *root = json_object (), *charts = json_array ();
      json_object_set_new (root, "sizes", json_integer (def.n_sizes));
      json_object_set_new (root, "tolerance_cm", json_real (def.tolerance));
      json_object_set_new (root, "smoothing_cm", json_real (def.smoothing));
      json_object_set_new (root, "holdout", json_sprintf ("SubjectId %% 5 == %ld", holdout));
      for (int sex = 0; sex < 2; sex++)
        for (int g = 0; g < 2; g++)
          {
            const AtSizeChartKind *kind = &at_size_chart_kinds[g];
            json_t *c = json_object (), *dims = json_array ();
            for (int d = 0; d < kind->dims; d++)
              json_array_append_new (dims, json_string (at_measure_info (kind->keys[d])->key));
            json_object_set_new (c, "sex", json_string (at_sex_name ((AtSex) sex)));
            json_object_set_new (c, "garment", json_string (kind->name));
            json_object_set_new (c, "dimensions", dims);
            json_object_set_new (c, "accommodation_train", json_real (res[sex][g].train));
            json_object_set_new (c, "accommodation_heldout", json_real (res[sex][g].heldout));
            json_object_set_new (c, "kmeans_accommodation_heldout", json_real (res[sex][g].kmeans_heldout));
            json_object_set_new (c, "design_seconds", json_real (res[sex][g].seconds));
            json_array_append_new (charts, c);
          }
      json_object_set_new (root, "charts", charts);
      json_object_set_new (root, "accommodation_heldout_mean", json_real (mean));
      at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (4)));
      json_decref (root);
      return AT_EXIT_OK;
    }
  printf ("Size systems on ANSUR II: %d sizes, +-%.2g cm on each key dimension; held out SubjectId %% 5 == %ld\n\n",
          def.n_sizes, def.tolerance, holdout);
  printf ("%-7s %-8s %-24s %9s %9s %14s %9s\n", "sex", "garment", "dimensions", "train", "held-out", "k-means held",
          "seconds");
  for (int sex = 0; sex < 2; sex++)
    for (int g = 0; g < 2; g++)
      {
        const AtSizeChartKind *kind = &at_size_chart_kinds[g];
        char dims[64];
        snprintf (dims, sizeof dims, "%s & %s", at_measure_info (kind->keys[0])->key,
                  at_measure_info (kind->keys[1])->key);
        printf ("%-7s %-8s %-24s %8.1f%% %8.1f%% %13.1f%% %9.3f\n", at_sex_name ((AtSex) sex), kind->name, dims,
                100 * res[sex][g].train, 100 * res[sex][g].heldout, 100 * res[sex][g].kmeans_heldout,
                res[sex][g].seconds);
      }
  printf ("\nmean held-out accommodation: %.1f %%\n", 100 * mean);
  return AT_EXIT_OK;
}

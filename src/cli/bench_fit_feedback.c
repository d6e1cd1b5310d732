/* `atelier-cli bench fit-feedback`: trains the fit model (at_fit_model.h)
 * on one RentTheRunway-format file and reports one-vs-rest ROC AUC per fit
 * class on another, as Misra et al. (RecSys 2018) do, next to the peer the
 * issue names (per-customer and per-product fit rates in a logistic
 * regression) trained and scored on the same files. */
#include "cli.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "at_file.h"
#include "recommend/at_fit_model.h"
#include "recommend/at_rec_learn.h"
#include "recommend/at_rtr.h"

#define SYNOPSIS "--train TRAIN.csv.gz --test TEST.csv.gz [--predictions OUT.csv] [--json]"
#define MAX_TEXT ((size_t) 1 << 30)
/* Best average AUC in Misra, Wan & McAuley (2018), table 3, RentTheRunway. */
#define PAPER_AUC 0.719

static const char *const class_names[3] = { "small", "fit", "large" };

typedef struct {
  const double *p;
  size_t n;
} Predictions;

static AtStatus
write_predictions (const char *tmp_path, void *user_data, AtError *err)
{
  const Predictions *pred = user_data;
  FILE *f = fopen (tmp_path, "w");
  if (!f)
    return at_error_set (err, AT_ERR_IO, "%s: cannot write", tmp_path);
  fputs ("small,fit,large\n", f);
  for (size_t r = 0; r < pred->n; r++)
    fprintf (f, "%.6f,%.6f,%.6f\n", pred->p[3 * r], pred->p[3 * r + 1], pred->p[3 * r + 2]);
  bool failed = ferror (f) != 0;
  failed |= fclose (f) != 0;
  return failed ? at_error_set (err, AT_ERR_IO, "%s: write error", tmp_path) : AT_OK;
}

/* AUC of each class against the rest and their mean. */
static void
class_aucs (const double *p, const AtFitRecord *rows, size_t n, double auc[4])
{
  double *score = malloc ((n ? n : 1) * sizeof *score);
  uint8_t *pos = malloc (n ? n : 1);
  auc[3] = 0;
  for (int c = 0; c < 3; c++)
    {
      if (!score || !pos)
        {
          auc[c] = NAN;
          continue;
        }
      for (size_t r = 0; r < n; r++)
        {
          score[r] = p[3 * r + c];
          pos[r] = rows[r].outcome == (AtFitClass) c;
        }
      auc[c] = at_roc_auc (score, pos, n);
    }
  auc[3] = (auc[0] + auc[1] + auc[2]) / 3.0;
  free (score);
  free (pos);
}

static json_t *
auc_object (const double auc[4])
{
  json_t *o = json_object ();
  for (int c = 0; c < 3; c++)
    json_object_set_new (o, class_names[c], isfinite (auc[c]) ? json_real (auc[c]) : json_null ());
  json_object_set_new (o, "average", isfinite (auc[3]) ? json_real (auc[3]) : json_null ());
  return o;
}

static double
seconds_since (const struct timespec *t0)
{
  struct timespec t1;
  clock_gettime (CLOCK_MONOTONIC, &t1);
  return (double) (t1.tv_sec - t0->tv_sec) + 1e-9 * (double) (t1.tv_nsec - t0->tv_nsec);
}

static int
run_bench (const char *train_path, const char *test_path, const char *pred_path, bool json)
{
  const char *cmd = "bench fit-feedback";
  AtError err = { 0 };
  AtRtrVocab vocab;
  AtRtrTable train = { 0 }, test = { 0 };
  AtFitModel *model = NULL;
  double *p = NULL, *peer = NULL;
  int rc = AT_EXIT_FAILURE;
  struct timespec t0;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  if (at_rtr_vocab_init (&vocab, &err) || at_rtr_load (train_path, &vocab, AT_RTR_NEED_FIT, MAX_TEXT, &train, &err)
      || at_rtr_load (test_path, &vocab, AT_RTR_NEED_FIT, MAX_TEXT, &test, &err))
    goto out;
  AtFitModelDef def = at_fit_model_def_default ();
  p = malloc (3 * test.n * sizeof *p);
  peer = malloc (3 * test.n * sizeof *peer);
  if (!p || !peer)
    {
      at_error_set (&err, AT_ERR_NOMEM, "out of memory");
      goto out;
    }
  if (at_fit_model_train (train.rows, train.n, &def, &model, &err))
    goto out;
  double train_s = seconds_since (&t0);
  for (size_t r = 0; r < test.n; r++)
    at_fit_model_predict (model, &test.rows[r], p + 3 * r);
  if (at_fit_rates_peer (train.rows, train.n, test.rows, test.n, &def, peer, &err))
    goto out;
  Predictions pred = { p, test.n };
  if (pred_path && at_file_write_via (pred_path, write_predictions, &pred, &err))
    goto out;
  double auc[4], peer_auc[4];
  class_aucs (p, test.rows, test.n, auc);
  class_aucs (peer, test.rows, test.n, peer_auc);
  if (json)
    {
      json_t *o = json_object ();
      json_object_set_new (o, "auc", auc_object (auc));
      json_object_set_new (o, "peer_auc", auc_object (peer_auc));
      json_object_set_new (o, "peer", json_string ("logistic regression on per-customer and per-product fit rates"));
      json_object_set_new (o, "paper_average_auc", json_real (PAPER_AUC));
      json_object_set_new (o, "train_rows", json_integer ((json_int_t) train.n));
      json_object_set_new (o, "test_rows", json_integer ((json_int_t) test.n));
      json_object_set_new (o, "train_seconds", json_real (train_s));
      json_object_set_new (o, "seconds", json_real (seconds_since (&t0)));
      at_cli_print_json (json_dumps (o, JSON_INDENT (2) | JSON_REAL_PRECISION (6)));
      json_decref (o);
    }
  else
    {
      printf ("fit-feedback: trained on %zu rows in %.1f s, tested on %zu rows\n", train.n, train_s, test.n);
      printf ("%-34s %8s %8s %8s %8s\n", "one-vs-rest AUC", "small", "fit", "large", "average");
      printf ("%-34s %8.4f %8.4f %8.4f %8.4f\n", "latent size + stacked (this)", auc[0], auc[1], auc[2], auc[3]);
      printf ("%-34s %8.4f %8.4f %8.4f %8.4f\n", "peer: fit rates + logistic reg.", peer_auc[0], peer_auc[1],
              peer_auc[2], peer_auc[3]);
      printf ("%-34s %8s %8s %8s %8.4f\n", "paper best (Misra et al. 2018)", "", "", "", PAPER_AUC);
    }
  rc = AT_EXIT_OK;
out:
  if (rc != AT_EXIT_OK)
    at_cli_fail (cmd, &err);
  at_fit_model_free (model);
  free (p);
  free (peer);
  at_rtr_table_clear (&train);
  at_rtr_table_clear (&test);
  at_rtr_vocab_clear (&vocab);
  return rc;
}

int
at_cli_bench_fit_feedback (int argc, char **argv)
{
  const char *cmd = "bench fit-feedback";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, SYNOPSIS,
                         "Trains the size-from-feedback model on TRAIN and prints one-vs-rest AUC\n"
                         "per fit class on TEST, beside a fit-rate logistic-regression peer.\n"
                         "Both files have RentTheRunway's columns (gzip or plain CSV);\n"
                         "tools/rtr-split.sh makes a split. OUT.csv: header small,fit,large and\n"
                         "one row of probabilities per TEST row.\n");
      return AT_EXIT_OK;
    }
  return at_cli_bench_train_test (cmd, SYNOPSIS, argc, argv, run_bench);
}

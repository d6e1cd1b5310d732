/* Tests of the fit-feedback model and its tools: the AUC on known cases,
 * the latent-size model recovering sizes planted in synthetic feedback,
 * the RentTheRunway reader rejecting bad files by name, the bench's
 * predictions file, and a small real subset (skipped without the data). */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include "common/at-test-cli.h"
#include "recommend/at_fit_model.h"
#include "recommend/at_rec_learn.h"
#include "recommend/at_rtr.h"

static char *tmp_dir;

static void
test_auc_known (void)
{
  const double s1[] = { 0.1, 0.4, 0.35, 0.8 };
  const uint8_t y1[] = { 0, 0, 1, 1 };
  g_assert_cmpfloat_with_epsilon (at_roc_auc (s1, y1, 4), 0.75, 1e-12);
  const double s2[] = { 0.9, 0.8, 0.2, 0.1 };
  const uint8_t y2[] = { 1, 1, 0, 0 }, y3[] = { 0, 0, 1, 1 };
  g_assert_cmpfloat_with_epsilon (at_roc_auc (s2, y2, 4), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (at_roc_auc (s2, y3, 4), 0.0, 1e-12);
  const double ties[] = { 0.5, 0.5, 0.5, 0.5, 0.5 };
  const uint8_t y4[] = { 1, 0, 1, 0, 0 };
  g_assert_cmpfloat_with_epsilon (at_roc_auc (ties, y4, 5), 0.5, 1e-12);
  /* one tie between a positive and a negative counts a half */
  const double s5[] = { 0.3, 0.3, 0.9 };
  const uint8_t y5[] = { 1, 0, 1 };
  g_assert_cmpfloat_with_epsilon (at_roc_auc (s5, y5, 3), 0.75, 1e-12);
  const uint8_t none[] = { 0, 0, 0 };
  g_assert_true (isnan (at_roc_auc (s5, none, 3)));
}

/* Synthetic feedback with planted true sizes: customer c has size t_c,
 * product i runs a_i large; a wear is small when the size label plus a_i
 * falls more than one size below t_c, large when more than one above. */
static AtFitRecord *
planted (size_t n, uint64_t seed, double *true_size, double *offset)
{
  AtFitRecord *r = g_new (AtFitRecord, n);
  uint64_t rng = seed;
  for (size_t k = 0; k < n; k++)
    {
      int c = (int) (at_rng_next (&rng) % 300), i = (int) (at_rng_next (&rng) % 60);
      r[k] = at_fit_record_default ();
      r[k].customer = 1000 + c;
      r[k].item = 50000 + i;
      r[k].size = true_size[c] + (double) (int) (at_rng_next (&rng) % 9) - 4.0;
      double gap = r[k].size + offset[i] - true_size[c] + 0.4 * (at_rng_uniform (&rng) - 0.5);
      r[k].outcome = gap < -1.0 ? AT_FIT_SMALL : gap > 1.0 ? AT_FIT_LARGE : AT_FIT_FIT;
      r[k].height_cm = 150 + 2 * true_size[c];
    }
  return r;
}

static double
average_auc (const AtFitModel *m, const AtFitRecord *rows, size_t n)
{
  double *s = g_new (double, n), avg = 0;
  uint8_t *y = g_new (uint8_t, n);
  for (int c = 0; c < 3; c++)
    {
      for (size_t k = 0; k < n; k++)
        {
          double p[3];
          at_fit_model_predict (m, &rows[k], p);
          s[k] = p[c];
          y[k] = rows[k].outcome == (AtFitClass) c;
        }
      avg += at_roc_auc (s, y, n) / 3;
    }
  g_free (s);
  g_free (y);
  return avg;
}

static AtFitModelDef
quick_def (void)
{
  AtFitModelDef def = at_fit_model_def_default ();
  def.folds = 3;
  def.top_rounds = 25;
  def.latent_epochs = 10;
  return def;
}

static void
test_planted_sizes (void)
{
  double true_size[300], offset[60];
  uint64_t rng = 99;
  for (int c = 0; c < 300; c++)
    true_size[c] = 2.0 * (double) (int) (at_rng_next (&rng) % 10);
  for (int i = 0; i < 60; i++)
    offset[i] = (double) (int) (at_rng_next (&rng) % 5) - 2.0;
  AtFitRecord *train = planted (8000, 1, true_size, offset), *test = planted (2000, 2, true_size, offset);
  AtFitModelDef def = quick_def ();
  AtFitModel *m = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_fit_model_train (train, 8000, &def, &m, &err), ==, AT_OK);
  double auc = average_auc (m, test, 2000);
  g_test_message ("planted sizes: held-out average AUC %.3f", auc);
  g_assert_cmpfloat (auc, >, 0.9);
  /* the best size for a customer is her planted size corrected for how the
   * product runs */
  int hits = 0;
  for (int c = 0; c < 40; c++)
    {
      AtFitRecord q = at_fit_record_default ();
      q.customer = 1000 + c;
      q.item = 50000 + c % 60;
      q.height_cm = 150 + 2 * true_size[c];
      double sizes[21];
      for (int s = 0; s < 21; s++)
        sizes[s] = s - 2;
      double p_fit, best = at_fit_model_best_size (m, &q, sizes, 21, &p_fit);
      hits += fabs (best - (true_size[c] - offset[c % 60])) <= 1.0;
      g_assert_cmpfloat (p_fit, >, 0.0);
      g_assert_cmpfloat (p_fit, <=, 1.0);
    }
  g_test_message ("best size within one of the planted size: %d / 40", hits);
  g_assert_cmpint (hits, >=, 32);
  g_free (train);
  g_free (test);
  at_fit_model_free (m);
}

static void
test_update_moves (void)
{
  double true_size[300], offset[60] = { 0 };
  for (int c = 0; c < 300; c++)
    true_size[c] = 8;
  AtFitRecord *train = planted (4000, 3, true_size, offset);
  AtFitModelDef def = quick_def ();
  AtFitModel *m = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_fit_model_train (train, 4000, &def, &m, &err), ==, AT_OK);
  /* a new customer reports size 8 as too small, again and again */
  AtFitRecord r = at_fit_record_default ();
  r.customer = 777777;
  r.item = 50001;
  r.size = 8;
  double before[3], after[3];
  at_fit_model_predict (m, &r, before);
  g_assert_cmpfloat_with_epsilon (before[0] + before[1] + before[2], 1.0, 1e-9);
  r.outcome = AT_FIT_SMALL;
  for (int k = 0; k < 5; k++)
    g_assert_cmpint (at_fit_model_update (m, &r, &err), ==, AT_OK);
  at_fit_model_predict (m, &r, after);
  g_assert_cmpfloat (after[AT_FIT_SMALL], >, before[AT_FIT_SMALL]);
  r.outcome = (AtFitClass) 7;
  g_assert_cmpint (at_fit_model_update (m, &r, &err), ==, AT_ERR_RANGE);
  g_free (train);
  at_fit_model_free (m);
}

static AtStatus
load (const char *path, unsigned needs, AtError *err)
{
  AtRtrVocab vocab;
  AtRtrTable t;
  g_assert_cmpint (at_rtr_vocab_init (&vocab, err), ==, AT_OK);
  AtStatus st = at_rtr_load (path, &vocab, needs, 1 << 24, &t, err);
  if (!st)
    at_rtr_table_clear (&t);
  at_rtr_vocab_clear (&vocab);
  return st;
}

static void
test_reader_rejects (void)
{
  AtError err = { 0 };
  g_autofree char *good = at_test_write_gz (tmp_dir, "good.csv.gz", "fit,user_id,item_id,size,height_in,body_type\n"
                                                  "small,1,10,8,65,pear\nfit,2,10,12,,\n");
  g_assert_cmpint (load (good, AT_RTR_NEED_FIT, &err), ==, AT_OK);
  g_autofree char *missing = at_test_write_gz (tmp_dir, "missing.csv.gz", "user_id,item_id,size\n1,10,8\n");
  g_assert_cmpint (load (missing, AT_RTR_NEED_FIT, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "missing column 'fit'"));
  g_assert_cmpint (load (missing, AT_RTR_NEED_IDS, &err), ==, AT_OK);
  g_autofree char *empty = at_test_write_gz (tmp_dir, "empty.csv.gz", "");
  g_assert_cmpint (load (empty, AT_RTR_NEED_IDS, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "empty"));
  g_autofree char *header_only = at_test_write_gz (tmp_dir, "header.csv.gz", "fit,user_id,item_id,size\n");
  g_assert_cmpint (load (header_only, AT_RTR_NEED_FIT, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "no data rows"));
  g_autofree char *bad_fit = at_test_write_gz (tmp_dir, "badfit.csv.gz", "fit,user_id,item_id,size\nsnug,1,10,8\n");
  g_assert_cmpint (load (bad_fit, AT_RTR_NEED_FIT, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, ":2:"));
  g_autofree char *short_row = at_test_write_gz (tmp_dir, "short.csv.gz", "fit,user_id,item_id,size\nfit,1,10\n");
  g_assert_cmpint (load (short_row, AT_RTR_NEED_FIT, &err), ==, AT_ERR_PARSE);
  g_autofree char *bad_num = at_test_write_gz (tmp_dir, "badnum.csv.gz", "fit,user_id,item_id,size\nfit,1,10,eight\n");
  g_assert_cmpint (load (bad_num, AT_RTR_NEED_FIT, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "'size'"));
  /* a gzip stream cut in half, and gzip magic followed by garbage */
  g_autofree char *contents = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  g_autofree char *cut = g_build_filename (tmp_dir, "cut.csv.gz", NULL);
  g_assert_true (g_file_set_contents (cut, contents, (gssize) len / 2, NULL));
  g_assert_cmpint (load (cut, AT_RTR_NEED_FIT, &err), ==, AT_ERR_CORRUPT);
  g_assert_nonnull (strstr (err.message, cut));
  const char garbage[] = "\x1f\x8b\x08\x00garbage garbage garbage garbage";
  g_autofree char *bad = g_build_filename (tmp_dir, "garbage.csv.gz", NULL);
  g_assert_true (g_file_set_contents (bad, garbage, sizeof garbage - 1, NULL));
  g_assert_cmpint (load (bad, AT_RTR_NEED_FIT, &err), ==, AT_ERR_CORRUPT);
  g_assert_cmpint (load ("/nonexistent/rtr.csv.gz", AT_RTR_NEED_FIT, &err), ==, AT_ERR_IO);
}

/* Writes a synthetic RentTheRunway-format file of n rows. */
static char *
synthetic_rtr (const char *name, size_t n, uint64_t seed)
{
  GString *s = g_string_new ("fit,user_id,item_id,weight_lbs,rating,rented_for,body_type,category,size,age,"
                             "review_date,bust_size_num,bust_size_letter,height_in\n");
  uint64_t rng = seed;
  static const char *const occasions[] = { "party", "wedding", "work", "vacation" };
  for (size_t k = 0; k < n; k++)
    {
      int u = (int) (at_rng_next (&rng) % 80), i = (int) (at_rng_next (&rng) % 30);
      int usize = 4 + 2 * (u % 6), size = usize + 2 * (int) (at_rng_next (&rng) % 3) - 2;
      const char *fit = size < usize ? "small" : size > usize ? "large" : "fit";
      g_string_append_printf (s, "%s,%d,%d,%d,10,%s,%s,dress,%d,30,2016-0%d-1%d,34,c,%d\n", fit, 100 + u, 2000 + i,
                              120 + u, occasions[(u + i) % 4], u % 2 ? "pear" : "hourglass", size, 1 + i % 9,
                              u % 10, 62 + u % 8);
    }
  char *path = at_test_write_gz (tmp_dir, name, s->str);
  g_string_free (s, TRUE);
  return path;
}

static void
test_bench_predictions (void)
{
  if (!g_getenv ("ATELIER_CLI"))
    {
      g_test_skip ("ATELIER_CLI is not set");
      return;
    }
  g_autofree char *train = synthetic_rtr ("train.csv.gz", 2000, 5);
  g_autofree char *test = synthetic_rtr ("test.csv.gz", 300, 6);
  g_autofree char *pred = g_build_filename (tmp_dir, "pred.csv", NULL);
  const char *args[] = { "bench", "fit-feedback", "--train", train, "--test", test, "--predictions", pred, "--json", NULL };
  g_autofree char *out = NULL;
  g_assert_cmpint (at_test_run_cli (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"auc\""));
  g_assert_nonnull (strstr (out, "\"average\""));
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (pred, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "small,fit,large");
  g_assert_cmpuint (g_strv_length (lines), ==, 300 + 2); /* header, rows, "" after the last newline */
  for (int k = 1; k <= 300; k++)
    {
      double a, b, c;
      g_assert_cmpint (sscanf (lines[k], "%lf,%lf,%lf", &a, &b, &c), ==, 3);
      g_assert_cmpfloat_with_epsilon (a + b + c, 1.0, 1e-4);
    }
  /* a test file without the fit column fails cleanly, naming it */
  g_autofree char *nofit = at_test_write_gz (tmp_dir, "nofit.csv.gz", "user_id,item_id,size\n1,2,8\n");
  const char *args2[] = { "bench", "fit-feedback", "--train", train, "--test", nofit, NULL };
  g_autofree char *errs2 = NULL;
  g_assert_cmpint (at_test_run_cli (args2, NULL, &errs2), ==, 1);
  g_assert_nonnull (strstr (errs2, "nofit.csv.gz"));
  const char *args3[] = { "bench", "fit-feedback", "--train", train, NULL };
  g_assert_cmpint (at_test_run_cli (args3, NULL, NULL), ==, 2);
}

static void
test_real_subset (void)
{
  const char *data = g_getenv ("ATELIER_SHARED_DATA");
  g_autofree char *path = data ? g_build_filename (data, "renttherunway", "renttherunway_dev.csv.gz", NULL) : NULL;
  if (!path || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("RentTheRunway data not found (set ATELIER_SHARED_DATA)");
      return;
    }
  AtRtrVocab vocab;
  AtRtrTable t;
  AtError err = { 0 };
  g_assert_cmpint (at_rtr_vocab_init (&vocab, &err), ==, AT_OK);
  g_assert_cmpint (at_rtr_load (path, &vocab, AT_RTR_NEED_FIT, 1u << 30, &t, &err), ==, AT_OK);
  g_assert_cmpuint (t.n, ==, 173319);
  /* the first 12,000 rows train, the next 3,000 test */
  AtFitModelDef def = quick_def ();
  AtFitModel *m = NULL;
  g_assert_cmpint (at_fit_model_train (t.rows, 12000, &def, &m, &err), ==, AT_OK);
  double auc = average_auc (m, t.rows + 12000, 3000);
  g_test_message ("RentTheRunway subset: average AUC %.3f", auc);
  g_assert_cmpfloat (auc, >, 0.65);
  at_fit_model_free (m);
  at_rtr_table_clear (&t);
  at_rtr_vocab_clear (&vocab);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *base = g_getenv ("ATELIER_TEST_TMP");
  if (base)
    g_mkdir_with_parents (base, 0755);
  tmp_dir = g_dir_make_tmp ("test-recommend-fit-XXXXXX", NULL);
  g_test_add_func ("/recommend/auc-known", test_auc_known);
  g_test_add_func ("/recommend/planted-sizes", test_planted_sizes);
  g_test_add_func ("/recommend/update-moves", test_update_moves);
  g_test_add_func ("/recommend/reader-rejects", test_reader_rejects);
  g_test_add_func ("/recommend/bench-predictions", test_bench_predictions);
  g_test_add_func ("/recommend/real-subset", test_real_subset);
  int rc = g_test_run ();
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", tmp_dir);
  g_free (tmp_dir);
  return rc;
}

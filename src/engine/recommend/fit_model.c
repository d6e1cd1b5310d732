/* The stacked fit model of at_fit_model.h.
 *
 * Level 0: the latent-size model (fit_latent.c) and target encodings:
 * log-odds of small and large against fit for the customer, the product,
 * the product size and the category, counts smoothed towards the shop's
 * rates as (k + w p) / (n + w) (Micci-Barreca 2001); the offset of the size
 * worn from the customer's usual size and from the sizes she said fitted;
 * a ridge regression of size on the body, and the size worn against it,
 * also relative to what bodies chose and found fitting on this product and
 * in this category (how the product runs); and the body fields. Level 1:
 * gradient-boosted trees (gbdt.c) on those features (Wolpert 1992, stacked
 * generalisation). The level-1 rows for training are built out-of-fold
 * (each fold's features come from encoders and a latent model fitted on the
 * other folds), because in-sample encodings carry the row's own label and
 * would teach the top model to trust them blindly. */
#include "fit_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "at_rec_learn.h"

enum { MAX_CATEGORIES = 256 };

typedef struct {
  float n, small, large, size_sum;
  float fit_size_sum; /* sizes that were reported to fit */
  float body_off_sum, fit_body_off_sum; /* size worn minus the size for the body */
} Tally;

typedef struct {
  Tally *v;
  size_t cap;
} TallyVec;

/* Target-encoding counts. */
typedef struct {
  AtIdMap *customers, *items, *item_sizes;
  TallyVec c, i, is;
  Tally category[MAX_CATEGORIES];
  Tally all;
} Stats;

/* Feature layout of the stacked model; the peer uses only the first four. */
enum {
  F_C_SMALL, F_C_LARGE, F_I_SMALL, F_I_LARGE,
  F_PEER_COUNT,
  F_C_N = F_PEER_COUNT, F_I_N, F_IS_SMALL, F_IS_LARGE, F_IS_N, F_CAT_SMALL, F_CAT_LARGE,
  F_LOOSE, F_LOOSE2, F_LAT_SMALL, F_LAT_LARGE,
  F_SIZE_OFF_C, F_HAS_C, F_SIZE_OFF_FIT, F_HAS_FIT, F_SIZE_OFF_BODY, F_BODY_OFF_I, F_BODY_OFF_I_FIT, F_BODY_OFF_CAT_FIT, F_SIZE_OFF_I, F_SIZE, F_HEIGHT, F_WEIGHT, F_BUST, F_CUP, F_AGE,
  F_BODY,
  F_COUNT = F_BODY + AT_FIT_BODY_TYPES
};

/* Least-squares size from the body (the size a body like hers usually
 * wears), so that a new customer's choice can be read as large or small
 * for her build. */
typedef struct {
  double coef[AT_FIT_BODY_DIM + 1];
} BodySize;

struct AtFitModel {
  AtFitModelDef def;
  AtFitNorm norm;
  BodySize body_size;
  Stats stats;
  AtFitLatent *latent;
  AtGbdt *top;
};

AtFitRecord
at_fit_record_default (void)
{
  return (AtFitRecord) { .customer = 0, .item = 0, .size = NAN, .category = -1, .body_type = -1,
                         .height_cm = NAN, .weight_kg = NAN, .bust_cm = NAN, .cup = NAN, .age = NAN,
                         .size_prior = NAN, .outcome = AT_FIT_FIT };
}

AtFitModelDef
at_fit_model_def_default (void)
{
  return (AtFitModelDef) { .folds = 5, .latent_epochs = 16, .latent_rate = 0.05, .latent_l2 = 0.05,
                           .top_rounds = 200, .top_depth = 5, .prior_weight = 4.0, .seed = 20180928 };
}

static AtStatus
check_def (const AtFitModelDef *def, AtError *err)
{
  if (def->folds < 2 || def->folds > 20 || def->latent_epochs < 0 || def->top_rounds < 1 || def->top_depth < 1 || def->top_depth > 10
      || !(def->latent_rate > 0) || !(def->latent_l2 >= 0) || !(def->latent_item_l2 >= 0) || !(def->prior_weight > 0))
    return at_error_set (err, AT_ERR_RANGE, "fit model: settings out of range (folds 2-20, positive rates)");
  return AT_OK;
}

static bool
tally_reserve (TallyVec *vec, size_t n)
{
  void *grown = at_fit_reserve_zeroed (vec->v, &vec->cap, n, sizeof *vec->v);
  if (grown)
    vec->v = grown;
  return grown != NULL;
}

static void
stats_clear (Stats *s)
{
  at_id_map_free (s->customers);
  at_id_map_free (s->items);
  at_id_map_free (s->item_sizes);
  free (s->c.v);
  free (s->i.v);
  free (s->is.v);
  memset (s, 0, sizeof *s);
}

static bool
stats_init (Stats *s)
{
  memset (s, 0, sizeof *s);
  s->customers = at_id_map_new ();
  s->items = at_id_map_new ();
  s->item_sizes = at_id_map_new ();
  if (s->customers && s->items && s->item_sizes)
    return true;
  stats_clear (s);
  return false;
}

static void
tally_add (Tally *t, const AtFitRecord *rec, double body_off)
{
  t->body_off_sum += (float) body_off;
  t->fit_body_off_sum += rec->outcome == AT_FIT_FIT ? (float) body_off : 0.0f;
  t->n += 1;
  t->small += rec->outcome == AT_FIT_SMALL;
  t->large += rec->outcome == AT_FIT_LARGE;
  t->size_sum += isfinite (rec->size) ? (float) rec->size : 0.0f;
  t->fit_size_sum += rec->outcome == AT_FIT_FIT && isfinite (rec->size) ? (float) rec->size : 0.0f;
}

/* Adds one report; body_off is its size minus the size for the body (0
 * where the caller has no body model). */
static bool
stats_add (Stats *s, const AtFitRecord *rec, double body_off)
{
  int32_t c = at_id_map_add (s->customers, rec->customer);
  int32_t i = at_id_map_add (s->items, rec->item);
  int32_t is = at_id_map_add (s->item_sizes, at_fit_item_size_key (rec));
  if (c < 0 || i < 0 || is < 0 || !tally_reserve (&s->c, (size_t) c + 1) || !tally_reserve (&s->i, (size_t) i + 1)
      || !tally_reserve (&s->is, (size_t) is + 1))
    return false;
  tally_add (&s->c.v[c], rec, body_off);
  tally_add (&s->i.v[i], rec, body_off);
  tally_add (&s->is.v[is], rec, body_off);
  if (rec->category >= 0 && rec->category < MAX_CATEGORIES)
    tally_add (&s->category[rec->category], rec, body_off);
  tally_add (&s->all, rec, body_off);
  return true;
}

static const Tally *
stats_lookup (const AtIdMap *map, const TallyVec *vec, int64_t key)
{
  int32_t k = at_id_map_find (map, key);
  return k >= 0 ? &vec->v[k] : NULL;
}

/* Log-odds of small and of large against fit for t, each count smoothed
 * towards the prior rates ps, pl. */
static void
log_odds_towards (const Tally *t, double w, double ps, double pl, float *small, float *large)
{
  double n = t ? t->n : 0, ks = t ? t->small : 0, kl = t ? t->large : 0;
  double pf = 1.0 - ps - pl > 1e-3 ? 1.0 - ps - pl : 1e-3;
  double fit = n - ks - kl + w * pf;
  *small = (float) log ((ks + w * ps) / fit);
  *large = (float) log ((kl + w * pl) / fit);
}

/* Log-odds of small and of large against fit for t, each count smoothed
 * towards the global rate. Log-odds, not rates, because evidence from the
 * customer, the product and its size adds up on that scale (as in naive
 * Bayes), which is what a linear top model can express. */
static void
smoothed_log_odds (const Stats *s, const Tally *t, double w, float *small, float *large)
{
  double all = s->all.n > 0 ? s->all.n : 1;
  double ps = s->all.n > 0 ? s->all.small / all : 1.0 / 3, pl = s->all.n > 0 ? s->all.large / all : 1.0 / 3;
  log_odds_towards (t, w, ps, pl, small, large);
}

static double
body_size_predict (const BodySize *b, const AtFitNorm *norm, const AtFitRecord *rec)
{
  double x[AT_FIT_BODY_DIM];
  at_fit_body_vector (norm, rec, x);
  double y = b->coef[AT_FIT_BODY_DIM];
  for (int j = 0; j < AT_FIT_BODY_DIM; j++)
    y += b->coef[j] * x[j];
  return y;
}

/* Ridge regression of the size worn on the body vector, by the normal
 * equations and Gaussian elimination with partial pivoting (13 unknowns). */
static void
body_size_fit (const AtFitRecord *records, size_t n, const AtFitNorm *norm, BodySize *b)
{
  enum { D = AT_FIT_BODY_DIM + 1 };
  double a[D][D + 1];
  memset (a, 0, sizeof a);
  for (size_t r = 0; r < n; r++)
    {
      if (!isfinite (records[r].size))
        continue;
      double x[D];
      at_fit_body_vector (norm, &records[r], x);
      x[D - 1] = 1.0;
      for (int i = 0; i < D; i++)
        {
          for (int j = 0; j < D; j++)
            a[i][j] += x[i] * x[j];
          a[i][D] += x[i] * records[r].size;
        }
    }
  for (int i = 0; i < D; i++)
    a[i][i] += 1e-3 * (double) (n + 1);
  for (int col = 0; col < D; col++)
    {
      int piv = col;
      for (int i = col + 1; i < D; i++)
        if (fabs (a[i][col]) > fabs (a[piv][col]))
          piv = i;
      for (int j = 0; j <= D; j++)
        {
          double t = a[col][j];
          a[col][j] = a[piv][j];
          a[piv][j] = t;
        }
      for (int i = col + 1; i < D; i++)
        {
          double f = a[i][col] / a[col][col];
          for (int j = col; j <= D; j++)
            a[i][j] -= f * a[col][j];
        }
    }
  for (int i = D - 1; i >= 0; i--)
    {
      double v = a[i][D];
      for (int j = i + 1; j < D; j++)
        v -= a[i][j] * b->coef[j];
      b->coef[i] = v / a[i][i];
    }
}

/* The size worn minus the size a body like this usually wears; 0 without
 * a body model or a size. */
static double
body_offset (const BodySize *body, const AtFitNorm *norm, const AtFitRecord *rec)
{
  return body && isfinite (rec->size) ? rec->size - body_size_predict (body, norm, rec) : 0.0;
}

static void
fill_features (const Stats *s, const AtFitLatent *lat, const AtFitNorm *norm, const BodySize *body, double w,
               const AtFitRecord *rec, float *f)
{
  const Tally *tc = stats_lookup (s->customers, &s->c, rec->customer);
  const Tally *ti = stats_lookup (s->items, &s->i, rec->item);
  smoothed_log_odds (s, tc, w, &f[F_C_SMALL], &f[F_C_LARGE]);
  smoothed_log_odds (s, ti, w, &f[F_I_SMALL], &f[F_I_LARGE]);
  if (!lat)
    return;
  const Tally *tis = stats_lookup (s->item_sizes, &s->is, at_fit_item_size_key (rec));
  const Tally *tcat = rec->category >= 0 && rec->category < MAX_CATEGORIES ? &s->category[rec->category] : NULL;
  f[F_C_N] = (float) log1p (tc ? tc->n : 0);
  f[F_I_N] = (float) log1p (ti ? ti->n : 0);
  f[F_IS_N] = (float) log1p (tis ? tis->n : 0);
  /* a product size is smoothed towards its product, not the whole shop:
   * sizes of one product share its cut */
  {
    float is_small, is_large;
    smoothed_log_odds (s, ti, w, &is_small, &is_large);
    double ps = exp (is_small), pl = exp (is_large), z = 1.0 + ps + pl;
    log_odds_towards (tis, w, ps / z, pl / z, &f[F_IS_SMALL], &f[F_IS_LARGE]);
  }
  smoothed_log_odds (s, tcat, w, &f[F_CAT_SMALL], &f[F_CAT_LARGE]);
  double l = at_fit_latent_looseness (lat, rec), p[3];
  at_fit_latent_probs (lat, l, p);
  f[F_LOOSE] = (float) l;
  f[F_LOOSE2] = (float) (l * l);
  f[F_LAT_SMALL] = (float) p[AT_FIT_SMALL];
  f[F_LAT_LARGE] = (float) p[AT_FIT_LARGE];
  double size = isfinite (rec->size) ? rec->size : norm->mean[0];
  bool has_c = tc && tc->n > 0;
  f[F_SIZE_OFF_C] = has_c ? (float) (size - tc->size_sum / tc->n) : 0.0f;
  f[F_HAS_C] = has_c;
  /* the sizes she said fitted are the best evidence of her true size */
  float n_fit = tc ? tc->n - tc->small - tc->large : 0.0f;
  f[F_SIZE_OFF_FIT] = n_fit > 0 ? (float) (size - tc->fit_size_sum / n_fit) : 0.0f;
  f[F_HAS_FIT] = n_fit > 0;
  double off = body_offset (body, norm, rec);
  f[F_SIZE_OFF_BODY] = (float) off;
  /* against what bodies chose on this product, and what fitted them: how
   * the product runs, in sizes */
  f[F_BODY_OFF_I] = ti && ti->n > 0 ? (float) (off - ti->body_off_sum / ti->n) : 0.0f;
  float i_fit = ti ? ti->n - ti->small - ti->large : 0.0f;
  f[F_BODY_OFF_I_FIT] = i_fit > 0 ? (float) (off - ti->fit_body_off_sum / i_fit) : 0.0f;
  float cat_fit = tcat ? tcat->n - tcat->small - tcat->large : 0.0f;
  f[F_BODY_OFF_CAT_FIT] = cat_fit > 0 ? (float) (off - tcat->fit_body_off_sum / cat_fit) : 0.0f;
  f[F_SIZE_OFF_I] = ti && ti->n > 0 ? (float) (size - ti->size_sum / ti->n) : 0.0f;
  f[F_SIZE] = (float) at_fit_norm_z (norm, rec, 0);
  f[F_HEIGHT] = (float) at_fit_norm_z (norm, rec, 1);
  f[F_WEIGHT] = (float) at_fit_norm_z (norm, rec, 2);
  f[F_BUST] = (float) at_fit_norm_z (norm, rec, 3);
  f[F_CUP] = (float) at_fit_norm_z (norm, rec, 4);
  f[F_AGE] = (float) at_fit_norm_z (norm, rec, 5);
  for (int b = 0; b < AT_FIT_BODY_TYPES; b++)
    f[F_BODY + b] = rec->body_type == b;
}

/* The level-1 training rows, out-of-fold: rows of fold k get features from
 * encoders (and, when full, a latent model) fitted on the other folds. */
static AtStatus
out_of_fold_features (const AtFitRecord *records, size_t n, const AtFitModelDef *def, const AtFitNorm *norm,
                      const BodySize *body, bool full, int dim, float *x, AtError *err)
{
  uint8_t *fold = malloc (n ? n : 1);
  if (!fold)
    return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
  uint64_t rng = def->seed;
  for (size_t r = 0; r < n; r++)
    fold[r] = (uint8_t) (at_rng_next (&rng) % (uint64_t) def->folds);
  AtStatus status[20] = { AT_OK };
  AtError fold_err[20];
#pragma omp parallel for schedule(dynamic, 1)
  for (int k = 0; k < def->folds; k++)
    {
      Stats s;
      size_t *rows = malloc ((n ? n : 1) * sizeof *rows);
      size_t m = 0;
      AtFitLatent *lat = full ? at_fit_latent_new (def, norm) : NULL;
      bool ok = stats_init (&s);
      if (!rows || !ok || (full && !lat))
        status[k] = at_error_set (&fold_err[k], AT_ERR_NOMEM, "fit model: out of memory");
      for (size_t r = 0; !status[k] && r < n; r++)
        if (fold[r] != k)
          {
            rows[m++] = r;
            if (!stats_add (&s, &records[r], body_offset (body, norm, &records[r])))
              status[k] = at_error_set (&fold_err[k], AT_ERR_NOMEM, "fit model: out of memory");
          }
      if (!status[k] && lat)
        status[k] = at_fit_latent_train (lat, records, rows, m, &fold_err[k]);
      for (size_t r = 0; !status[k] && r < n; r++)
        if (fold[r] == k)
          fill_features (&s, lat, norm, body, def->prior_weight, &records[r], x + r * (size_t) dim);
      if (ok)
        stats_clear (&s);
      at_fit_latent_free (lat);
      free (rows);
    }
  free (fold);
  for (int k = 0; k < def->folds; k++)
    if (status[k])
      {
        if (err)
          *err = fold_err[k];
        return status[k];
      }
  return AT_OK;
}

static AtStatus
check_records (const AtFitRecord *records, size_t n, AtError *err)
{
  if (n == 0)
    return at_error_set (err, AT_ERR_INVALID, "fit model: no feedback to train on");
  for (size_t r = 0; r < n; r++)
    if (records[r].outcome < AT_FIT_SMALL || records[r].outcome > AT_FIT_LARGE)
      return at_error_set (err, AT_ERR_RANGE, "fit model: record %zu has outcome %d (not small/fit/large)", r,
                           (int) records[r].outcome);
  return AT_OK;
}

/* Out-of-fold features for records, then the level-1 model on them:
 * boosted trees for the full feature set, a logistic regression for the
 * peer's (out_reg). */
static AtStatus
train_top (const AtFitRecord *records, size_t n, const AtFitModelDef *def, const AtFitNorm *norm, const BodySize *body,
           AtGbdt **out_trees, AtSoftmaxReg **out_reg, AtError *err)
{
  bool full = out_trees != NULL;
  int dim = full ? F_COUNT : F_PEER_COUNT;
  float *x = malloc (n * (size_t) dim * sizeof *x);
  uint8_t *y = malloc (n);
  if (!x || !y)
    {
      free (x), free (y);
      return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
    }
  for (size_t r = 0; r < n; r++)
    y[r] = (uint8_t) records[r].outcome;
  AtStatus st = out_of_fold_features (records, n, def, norm, body, full, dim, x, err);
  AtGbdtDef trees = at_gbdt_def_default ();
  trees.rounds = def->top_rounds;
  trees.depth = def->top_depth;
  trees.seed = def->seed;
  if (!st && full)
    st = at_gbdt_train (x, y, n, dim, AT_FIT_CLASS_COUNT, &trees, out_trees, err);
  else if (!st)
    st = at_softmax_reg_train (x, y, n, dim, AT_FIT_CLASS_COUNT, 4, 1e-5, def->seed, out_reg, err);
  free (x), free (y);
  return st;
}

AtStatus
at_fit_model_train (const AtFitRecord *records, size_t n, const AtFitModelDef *def, AtFitModel **out_model,
                    AtError *err)
{
  *out_model = NULL;
  AtStatus st;
  if ((st = check_def (def, err)) || (st = check_records (records, n, err)))
    return st;
  AtFitModel *m = calloc (1, sizeof *m);
  if (!m || !stats_init (&m->stats))
    {
      free (m);
      return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
    }
  m->def = *def;
  at_fit_norm_measure (records, n, &m->norm);
  body_size_fit (records, n, &m->norm, &m->body_size);
  m->latent = at_fit_latent_new (def, &m->norm);
  if (!m->latent)
    st = at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
  for (size_t r = 0; !st && r < n; r++)
    if (!stats_add (&m->stats, &records[r], body_offset (&m->body_size, &m->norm, &records[r])))
      st = at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
  if (!st)
    st = at_fit_latent_train (m->latent, records, NULL, n, err);
  if (!st)
    st = train_top (records, n, def, &m->norm, &m->body_size, &m->top, NULL, err);
  if (st)
    {
      at_fit_model_free (m);
      return st;
    }
  *out_model = m;
  return AT_OK;
}

void
at_fit_model_predict (const AtFitModel *model, const AtFitRecord *query, double out_p[3])
{
  float f[F_COUNT];
  fill_features (&model->stats, model->latent, &model->norm, &model->body_size, model->def.prior_weight, query, f);
  at_gbdt_predict (model->top, f, out_p);
}

AtStatus
at_fit_model_update (AtFitModel *model, const AtFitRecord *report, AtError *err)
{
  if (report->outcome < AT_FIT_SMALL || report->outcome > AT_FIT_LARGE)
    return at_error_set (err, AT_ERR_RANGE, "fit model: outcome %d is not small/fit/large", (int) report->outcome);
  if (!stats_add (&model->stats, report, body_offset (&model->body_size, &model->norm, report)))
    return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
  return at_fit_latent_step (model->latent, report, err);
}

double
at_fit_model_best_size (const AtFitModel *model, const AtFitRecord *query, const double *sizes, size_t n_sizes,
                        double *out_p_fit)
{
  double best = NAN, best_p = -1;
  for (size_t k = 0; k < n_sizes; k++)
    {
      AtFitRecord q = *query;
      q.size = sizes[k];
      double p[3];
      at_fit_model_predict (model, &q, p);
      if (p[AT_FIT_FIT] > best_p)
        {
          best_p = p[AT_FIT_FIT];
          best = sizes[k];
        }
    }
  if (out_p_fit)
    *out_p_fit = best_p;
  return best;
}

void
at_fit_model_free (AtFitModel *model)
{
  if (!model)
    return;
  stats_clear (&model->stats);
  at_fit_latent_free (model->latent);
  at_gbdt_free (model->top);
  free (model);
}

AtStatus
at_fit_rates_peer (const AtFitRecord *train, size_t n_train, const AtFitRecord *test, size_t n_test,
                   const AtFitModelDef *def, double *out_p, AtError *err)
{
  AtStatus st;
  if ((st = check_def (def, err)) || (st = check_records (train, n_train, err)))
    return st;
  AtFitNorm norm;
  at_fit_norm_measure (train, n_train, &norm);
  AtSoftmaxReg *top = NULL;
  Stats s;
  if (!stats_init (&s))
    return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
  for (size_t r = 0; r < n_train; r++)
    if (!stats_add (&s, &train[r], 0.0))
      {
        stats_clear (&s);
        return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
      }
  st = train_top (train, n_train, def, &norm, NULL, NULL, &top, err);
  for (size_t r = 0; !st && r < n_test; r++)
    {
      float f[F_PEER_COUNT];
      fill_features (&s, NULL, &norm, NULL, def->prior_weight, &test[r], f);
      at_softmax_reg_predict (top, f, out_p + 3 * r);
    }
  at_softmax_reg_free (top);
  stats_clear (&s);
  return st;
}

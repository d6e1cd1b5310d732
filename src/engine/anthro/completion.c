/* Statistical completion by Gaussian conditioning in log space.
 *
 * Method. For each sex, the vector y = log(x) of all contract keys is
 * modelled as multivariate normal N(mu, S), with mu and S the sample mean
 * and covariance of ANSUR II (Gordon et al. 2014). Given any subset o of
 * keys, the missing keys m are estimated by the conditional mean
 *     E[y_m | y_o] = mu_m + S_mo (S_oo + R)^-1 (y_o - mu_o)
 * (the Schur complement form; see e.g. Rasmussen & Williams 2006, A.2).
 * This is the best linear predictor for every subset at once, where a
 * regression per subset would need 2^25 fits. Why log space: body
 * proportions are multiplicative (a girth grows like sqrt(weight/stature)),
 * so log girths are close to linear in log stature and log weight, and BMI
 * or any power law is already a linear combination there, needing no extra
 * latent columns. exp() of the conditional mean is the conditional median
 * of a log-normal, which is what minimises the expected absolute error.
 * R = r^2 I is the tape's own error (r = 0.5 % of the value): it keeps S_oo
 * well conditioned when nearly redundant keys are given together (chest
 * girth with chest breadth and depth) and stops one noisy key from
 * dominating.
 *
 * Plausibility uses the same model: d^2 = (y_o - mu_o)^T (S_oo + R)^-1
 * (y_o - mu_o) is chi-square with |o| degrees of freedom for real bodies; a
 * set beyond the 1e-7 tail (Wilson-Hilferty approximation of the quantile)
 * is rejected, naming the key whose leave-one-out residual
 * (P r)_i / sqrt(P_ii), P the inverse of S_oo + R, is largest: that is the
 * key the other given keys contradict most. */
#include "at_json.h"
#include "at_completion.h"
#include "at_file.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define D AT_M_COUNT
#define AT_COMPLETION_NOISE_SD 0.005
/* Standard-normal quantile of the 1e-7 upper tail. */
#define AT_PLAUSIBILITY_Z 5.199

typedef struct {
  size_t n;
  double mean[D];
  double cov[D][D];
} AtSexModel;

struct AtCompletionModel {
  double noise_sd;
  AtSexModel sex[2];
};

/* In-place Cholesky factorisation of the p x p matrix a (row-major, lower
 * triangle used); false when it is not positive definite. */
static bool
cholesky (double *a, int p)
{
  for (int j = 0; j < p; j++)
    {
      double d = a[j * p + j];
      for (int k = 0; k < j; k++)
        d -= a[j * p + k] * a[j * p + k];
      if (!(d > 0))
        return false;
      d = sqrt (d);
      a[j * p + j] = d;
      for (int i = j + 1; i < p; i++)
        {
          double s = a[i * p + j];
          for (int k = 0; k < j; k++)
            s -= a[i * p + k] * a[j * p + k];
          a[i * p + j] = s / d;
        }
    }
  return true;
}

/* Solves L L^T x = b in place, L from cholesky(). */
static void
cholesky_solve (const double *l, int p, double *b)
{
  for (int i = 0; i < p; i++)
    {
      double s = b[i];
      for (int k = 0; k < i; k++)
        s -= l[i * p + k] * b[k];
      b[i] = s / l[i * p + i];
    }
  for (int i = p - 1; i >= 0; i--)
    {
      double s = b[i];
      for (int k = i + 1; k < p; k++)
        s -= l[k * p + i] * b[k];
      b[i] = s / l[i * p + i];
    }
}

/* The observed part of one sex's model: indices, residuals and the factored
 * S_oo + R, shared by completion and the plausibility check. */
typedef struct {
  int p;
  int idx[D];
  double r[D];       /* y_o - mu_o */
  double l[D * D];   /* Cholesky factor of S_oo + R */
} AtObserved;

static AtStatus
observe (const AtCompletionModel *model, const AtMeasurements *m, AtObserved *o, AtError *err)
{
  if (m->sex != AT_SEX_FEMALE && m->sex != AT_SEX_MALE)
    return at_error_set (err, AT_ERR_INVALID, "sex: must be female or male");
  if (!m->given[AT_M_STATURE])
    return at_error_set (err, AT_ERR_INVALID, "stature: missing (it is required to estimate the others)");
  const AtSexModel *s = &model->sex[m->sex];
  o->p = 0;
  for (int k = 0; k < D; k++)
    {
      if (!m->given[k])
        continue;
      AtStatus st = at_measurement_check ((AtMeasureKey) k, m->value[k], err);
      if (st != AT_OK)
        return st;
      o->idx[o->p] = k;
      o->r[o->p] = log (m->value[k]) - s->mean[k];
      o->p++;
    }
  double noise2 = model->noise_sd * model->noise_sd;
  for (int i = 0; i < o->p; i++)
    for (int j = 0; j < o->p; j++)
      o->l[i * o->p + j] = s->cov[o->idx[i]][o->idx[j]] + (i == j ? noise2 : 0.0);
  if (!cholesky (o->l, o->p))
    return at_error_set (err, AT_ERR_INVALID, "completion model: covariance of the given keys is singular");
  return AT_OK;
}

AtStatus
at_completion_model_complete (const AtCompletionModel *model, const AtMeasurements *partial,
                              AtMeasurements *out_complete, AtError *err)
{
  AtObserved o;
  AtStatus st = observe (model, partial, &o, err);
  if (st != AT_OK)
    return st;
  double alpha[D];
  memcpy (alpha, o.r, sizeof alpha);
  cholesky_solve (o.l, o.p, alpha);

  const AtSexModel *s = &model->sex[partial->sex];
  AtMeasurements result = *partial;
  for (int k = 0; k < D; k++)
    {
      if (partial->given[k])
        continue;
      double y = s->mean[k];
      for (int i = 0; i < o.p; i++)
        y += s->cov[k][o.idx[i]] * alpha[i];
      const AtMeasureInfo *info = at_measure_info ((AtMeasureKey) k);
      /* Extrapolating far outside ANSUR II can leave a key's human range;
       * the nearest plausible value is a better answer than an error. */
      result.value[k] = fmin (info->max, fmax (info->min, exp (y)));
      result.given[k] = false;
    }
  *out_complete = result;
  return AT_OK;
}

/* Wilson-Hilferty approximation of the chi-square quantile with p degrees
 * of freedom at the standard-normal quantile z. */
static double
chi2_quantile (int p, double z)
{
  double h = 2.0 / (9.0 * p);
  double c = 1.0 - h + z * sqrt (h);
  return p * c * c * c;
}

AtStatus
at_completion_model_check (const AtCompletionModel *model, const AtMeasurements *m, AtPlausibility *out,
                           AtError *err)
{
  AtObserved o;
  AtStatus st = observe (model, m, &o, err);
  if (st != AT_OK)
    return st;
  /* P = (S_oo + R)^-1, column by column. */
  double pinv[D * D];
  for (int j = 0; j < o.p; j++)
    {
      double e[D] = { 0 };
      e[j] = 1.0;
      cholesky_solve (o.l, o.p, e);
      for (int i = 0; i < o.p; i++)
        pinv[i * o.p + j] = e[i];
    }
  AtPlausibility res = { .worst_key = o.idx[0] };
  for (int i = 0; i < o.p; i++)
    {
      double pr = 0;
      for (int j = 0; j < o.p; j++)
        pr += pinv[i * o.p + j] * o.r[j];
      res.distance2 += o.r[i] * pr;
      double z = pr / sqrt (pinv[i * o.p + i]);
      if (fabs (z) > fabs (res.worst_z) || i == 0)
        {
          res.worst_z = z;
          res.worst_key = o.idx[i];
          /* The leave-one-out prediction in log space is y_i - (P r)_i / P_ii. */
          res.worst_expected = m->value[o.idx[i]] * exp (-pr / pinv[i * o.p + i]);
        }
    }
  res.threshold2 = chi2_quantile (o.p, AT_PLAUSIBILITY_Z);
  if (out)
    *out = res;
  if (res.distance2 > res.threshold2)
    {
      const AtMeasureInfo *info = at_measure_info ((AtMeasureKey) res.worst_key);
      if (o.p == 1)
        return at_error_set (err, AT_ERR_INVALID, "%s: %g lies %.1f standard deviations from the %s average (%.1f)",
                             info->key, m->value[res.worst_key], fabs (res.worst_z), at_sex_name (m->sex),
                             res.worst_expected);
      return at_error_set (err, AT_ERR_INVALID,
                           "implausible measurements: %s %g is %.1f standard deviations from the %.1f that the "
                           "other measurements predict",
                           info->key, m->value[res.worst_key], fabs (res.worst_z), res.worst_expected);
    }
  return AT_OK;
}

AtStatus
at_completion_model_fit (const AtMeasurements *subjects, size_t n, AtCompletionModel **out, AtError *err)
{
  *out = NULL;
  AtCompletionModel *model = calloc (1, sizeof *model);
  if (!model)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory");
  model->noise_sd = AT_COMPLETION_NOISE_SD;
  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < D; k++)
      if (!subjects[i].given[k] || !(subjects[i].value[k] > 0))
        {
          free (model);
          return at_error_set (err, AT_ERR_INVALID, "subject %zu: %s missing or not positive", i,
                               at_measure_info ((AtMeasureKey) k)->key);
        }
  for (int sex = 0; sex < 2; sex++)
    {
      AtSexModel *s = &model->sex[sex];
      for (size_t i = 0; i < n; i++)
        if ((int) subjects[i].sex == sex)
          {
            s->n++;
            for (int k = 0; k < D; k++)
              s->mean[k] += log (subjects[i].value[k]);
          }
      if (s->n <= D)
        {
          size_t count = s->n;
          free (model);
          return at_error_set (err, AT_ERR_INVALID, "%zu %s subjects: the model needs more than %d", count,
                               at_sex_name ((AtSex) sex), D);
        }
      for (int k = 0; k < D; k++)
        s->mean[k] /= (double) s->n;
      for (size_t i = 0; i < n; i++)
        if ((int) subjects[i].sex == sex)
          {
            double y[D];
            for (int k = 0; k < D; k++)
              y[k] = log (subjects[i].value[k]) - s->mean[k];
            for (int a = 0; a < D; a++)
              for (int b = 0; b <= a; b++)
                s->cov[a][b] += y[a] * y[b];
          }
      for (int a = 0; a < D; a++)
        for (int b = 0; b <= a; b++)
          s->cov[b][a] = s->cov[a][b] /= (double) (s->n - 1);
    }
  *out = model;
  return AT_OK;
}

void
at_completion_model_free (AtCompletionModel *model)
{
  free (model);
}

#define AT_COMPLETION_FORMAT "atelier-completion"
#define AT_COMPLETION_VERSION 1

AtStatus
at_completion_model_save (const AtCompletionModel *model, const char *path, AtError *err)
{
  json_t *root = json_object ();
  json_object_set_new (root, "format", json_string (AT_COMPLETION_FORMAT));
  json_object_set_new (root, "version", json_integer (AT_COMPLETION_VERSION));
  json_object_set_new (root, "space", json_string ("log"));
  json_object_set_new (root, "noise_sd", json_real (model->noise_sd));
  json_t *keys = json_array ();
  for (int k = 0; k < D; k++)
    json_array_append_new (keys, json_string (at_measure_info ((AtMeasureKey) k)->key));
  json_object_set_new (root, "keys", keys);
  json_t *models = json_object ();
  for (int sex = 0; sex < 2; sex++)
    {
      const AtSexModel *s = &model->sex[sex];
      json_t *js = json_object ();
      json_object_set_new (js, "subjects", json_integer ((json_int_t) s->n));
      json_t *mean = json_array (), *cov = json_array ();
      for (int a = 0; a < D; a++)
        {
          json_array_append_new (mean, json_real (s->mean[a]));
          json_t *row = json_array ();
          for (int b = 0; b < D; b++)
            json_array_append_new (row, json_real (s->cov[a][b]));
          json_array_append_new (cov, row);
        }
      json_object_set_new (js, "mean", mean);
      json_object_set_new (js, "covariance", cov);
      json_object_set_new (models, at_sex_name ((AtSex) sex), js);
    }
  json_object_set_new (root, "models", models);
  char *text = json_dumps (root, JSON_INDENT (1) | JSON_REAL_PRECISION (10));
  json_decref (root);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  AtStatus st = at_file_write_atomic (path, text, strlen (text), err);
  free (text);
  return st;
}

static bool
read_number (json_t *j, double *out)
{
  if (!json_is_number (j))
    return false;
  *out = json_number_value (j);
  return isfinite (*out);
}

static AtStatus
load_sex (json_t *js, const int *column_of_key, const char *path, const char *sex_name, AtSexModel *s,
          AtError *err)
{
  json_t *mean = json_object_get (js, "mean"), *cov = json_object_get (js, "covariance");
  json_t *n = json_object_get (js, "subjects");
  if (!json_is_integer (n) || json_integer_value (n) <= D || json_array_size (mean) != D
      || json_array_size (cov) != D)
    return at_error_set (err, AT_ERR_CORRUPT, "%s: models.%s needs subjects > %d and %d means and covariance rows",
                         path, sex_name, D, D);
  s->n = (size_t) json_integer_value (n);
  for (int a = 0; a < D; a++)
    {
      json_t *row = json_array_get (cov, (size_t) column_of_key[a]);
      bool ok = read_number (json_array_get (mean, (size_t) column_of_key[a]), &s->mean[a])
                && json_array_size (row) == D;
      for (int b = 0; ok && b < D; b++)
        ok = read_number (json_array_get (row, (size_t) column_of_key[b]), &s->cov[a][b]);
      if (!ok)
        return at_error_set (err, AT_ERR_CORRUPT, "%s: models.%s: %s: mean or covariance row is not %d numbers",
                             path, sex_name, at_measure_info ((AtMeasureKey) a)->key, D);
    }
  double l[D * D];
  for (int a = 0; a < D; a++)
    for (int b = 0; b < D; b++)
      {
        if (fabs (s->cov[a][b] - s->cov[b][a]) > 1e-9 * (fabs (s->cov[a][b]) + 1e-12))
          return at_error_set (err, AT_ERR_CORRUPT, "%s: models.%s: covariance is not symmetric", path, sex_name);
        l[a * D + b] = s->cov[a][b];
      }
  if (!cholesky (l, D))
    return at_error_set (err, AT_ERR_CORRUPT, "%s: models.%s: covariance is not positive definite", path, sex_name);
  return AT_OK;
}

static AtStatus
load_json (json_t *root, const char *path, AtCompletionModel *model, AtError *err)
{
  json_t *format = json_object_get (root, "format"), *version = json_object_get (root, "version");
  if (!json_is_string (format) || strcmp (json_string_value (format), AT_COMPLETION_FORMAT) != 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: not an %s file", path, AT_COMPLETION_FORMAT);
  if (!json_is_integer (version) || json_integer_value (version) != AT_COMPLETION_VERSION)
    return at_error_set (err, AT_ERR_VERSION, "%s: version is not %d", path, AT_COMPLETION_VERSION);
  json_t *space = json_object_get (root, "space");
  if (!json_is_string (space) || strcmp (json_string_value (space), "log") != 0)
    return at_error_set (err, AT_ERR_UNSUPPORTED, "%s: space must be \"log\"", path);
  if (!read_number (json_object_get (root, "noise_sd"), &model->noise_sd) || model->noise_sd < 0)
    return at_error_set (err, AT_ERR_CORRUPT, "%s: noise_sd must be a number >= 0", path);
  /* Columns are matched by name, so the file survives a reordering of the
   * key table. */
  json_t *keys = json_object_get (root, "keys");
  if (json_array_size (keys) != D)
    return at_error_set (err, AT_ERR_CORRUPT, "%s: keys must list the %d measurement keys", path, D);
  int column_of_key[D];
  for (int k = 0; k < D; k++)
    column_of_key[k] = -1;
  for (size_t c = 0; c < D; c++)
    {
      json_t *name = json_array_get (keys, c);
      int k = json_is_string (name) ? at_measure_key_from_name (json_string_value (name)) : -1;
      if (k < 0 || column_of_key[k] >= 0)
        return at_error_set (err, AT_ERR_CORRUPT, "%s: keys[%zu] is unknown or repeated", path, c);
      column_of_key[k] = (int) c;
    }
  json_t *models = json_object_get (root, "models");
  for (int sex = 0; sex < 2; sex++)
    {
      const char *name = at_sex_name ((AtSex) sex);
      json_t *js = json_object_get (models, name);
      if (!json_is_object (js))
        return at_error_set (err, AT_ERR_CORRUPT, "%s: models.%s missing", path, name);
      AtStatus st = load_sex (js, column_of_key, path, name, &model->sex[sex], err);
      if (st != AT_OK)
        return st;
    }
  return AT_OK;
}

AtStatus
at_completion_model_load (const char *path, AtCompletionModel **out, AtError *err)
{
  *out = NULL;
  json_t *root;
  AtStatus st = at_json_read_file (path, 1u << 20, &root, err);
  if (st != AT_OK)
    return st;
  AtCompletionModel *model = calloc (1, sizeof *model);
  if (!model)
    st = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  else
    st = load_json (root, path, model, err);
  json_decref (root);
  if (st != AT_OK)
    {
      free (model);
      return st;
    }
  *out = model;
  return AT_OK;
}

/* The shipped model, loaded on first use; a load failure is kept and
 * reported to every caller rather than retried. */
static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static AtCompletionModel *default_model;
static AtError default_error;

static void
load_default (void)
{
  char path[4096];
  at_completion_model_load (at_data_path ("body/completion.json", path, sizeof path), &default_model,
                            &default_error);
}

static AtStatus
get_default (const AtCompletionModel **out, AtError *err)
{
  pthread_once (&default_once, load_default);
  if (!default_model)
    return at_error_set (err, default_error.code, "%s", default_error.message);
  *out = default_model;
  return AT_OK;
}

AtStatus
at_completion_complete (const AtMeasurements *partial, AtMeasurements *out_complete, AtError *err)
{
  const AtCompletionModel *model = NULL;
  AtStatus st = get_default (&model, err);
  return st != AT_OK ? st : at_completion_model_complete (model, partial, out_complete, err);
}

AtStatus
at_completion_reference_body (AtSex sex, AtMeasurements *out, AtError *err)
{
  AtMeasurements given;
  at_measurements_init (&given, sex);
  given.value[AT_M_STATURE] = sex == AT_SEX_MALE ? 175.6 : 162.8;
  given.value[AT_M_WEIGHT] = sex == AT_SEX_MALE ? 85.3 : 67.7;
  given.given[AT_M_STATURE] = given.given[AT_M_WEIGHT] = true;
  return at_completion_complete (&given, out, err);
}

AtStatus
at_completion_check_plausible (const AtMeasurements *m, AtError *err)
{
  const AtCompletionModel *model = NULL;
  AtStatus st = get_default (&model, err);
  return st != AT_OK ? st : at_completion_model_check (model, m, NULL, err);
}

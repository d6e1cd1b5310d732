/* Held-out evaluation of completion against the usual baseline: linear
 * least squares on stature and weight (the regression most size advisers
 * use when a customer gives only height and weight). Both are fitted on the
 * same training subjects and scored by mean absolute error on the held-out
 * ones, so the comparison is fair. */
#include "at_completion_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *
at_given_set_name (AtGivenSet set)
{
  switch (set)
    {
    case AT_GIVEN_STATURE: return "stature";
    case AT_GIVEN_STATURE_WEIGHT: return "stature+weight";
    case AT_GIVEN_STATURE_WEIGHT_AGE: return "stature+weight+age";
    default: return "?";
    }
}

bool
at_given_set_has (AtGivenSet set, AtMeasureKey key)
{
  return key == AT_M_STATURE || (key == AT_M_WEIGHT && set >= AT_GIVEN_STATURE_WEIGHT)
         || (key == AT_M_AGE && set >= AT_GIVEN_STATURE_WEIGHT_AGE);
}

/* Solves the 3 x 3 system a x = b by Gaussian elimination with partial
 * pivoting; false when singular. */
static bool
solve3 (double a[3][3], double b[3], double x[3])
{
  for (int c = 0; c < 3; c++)
    {
      int piv = c;
      for (int r = c + 1; r < 3; r++)
        if (fabs (a[r][c]) > fabs (a[piv][c]))
          piv = r;
      if (fabs (a[piv][c]) < 1e-12)
        return false;
      for (int k = 0; k < 3; k++)
        {
          double t = a[c][k];
          a[c][k] = a[piv][k];
          a[piv][k] = t;
        }
      double t = b[c];
      b[c] = b[piv];
      b[piv] = t;
      for (int r = c + 1; r < 3; r++)
        {
          double f = a[r][c] / a[c][c];
          for (int k = c; k < 3; k++)
            a[r][k] -= f * a[c][k];
          b[r] -= f * b[c];
        }
    }
  for (int r = 2; r >= 0; r--)
    {
      double s = b[r];
      for (int k = r + 1; k < 3; k++)
        s -= a[r][k] * x[k];
      x[r] = s / a[r][r];
    }
  return true;
}

/* Least-squares coefficients [1, stature, weight] -> key, per sex. */
static AtStatus
fit_lsq (const AtMeasurements *train, size_t n, double coef[2][AT_M_COUNT][3], AtError *err)
{
  for (int sex = 0; sex < 2; sex++)
    for (int k = 0; k < AT_M_COUNT; k++)
      {
        double ata[3][3] = { { 0 } }, atb[3] = { 0 };
        for (size_t i = 0; i < n; i++)
          {
            if ((int) train[i].sex != sex)
              continue;
            double f[3] = { 1.0, train[i].value[AT_M_STATURE], train[i].value[AT_M_WEIGHT] };
            for (int a = 0; a < 3; a++)
              {
                for (int b = 0; b < 3; b++)
                  ata[a][b] += f[a] * f[b];
                atb[a] += f[a] * train[i].value[k];
              }
          }
        if (!solve3 (ata, atb, coef[sex][k]))
          return at_error_set (err, AT_ERR_INVALID, "least squares for %s (%s): singular",
                               at_measure_info ((AtMeasureKey) k)->key, at_sex_name ((AtSex) sex));
      }
  return AT_OK;
}

static AtStatus
score (const AtCompletionModel *model, const double coef[2][AT_M_COUNT][3], const AtMeasurements *test, size_t n,
       AtCompletionEval *out, AtError *err)
{
  size_t implausible[2] = { 0, 0 };
  for (size_t i = 0; i < n; i++)
    {
      const AtMeasurements *truth = &test[i];
      int sex = truth->sex;
      for (int g = 0; g < AT_GIVEN_COUNT; g++)
        {
          AtMeasurements partial = *truth, done;
          for (int k = 0; k < AT_M_COUNT; k++)
            partial.given[k] = at_given_set_has ((AtGivenSet) g, (AtMeasureKey) k);
          AtStatus st = at_completion_model_complete (model, &partial, &done, err);
          if (st != AT_OK)
            return st;
          for (int k = 0; k < AT_M_COUNT; k++)
            out->mae[g][sex][k] += fabs (done.value[k] - truth->value[k]);
        }
      for (int k = 0; k < AT_M_COUNT; k++)
        {
          const double *c = coef[sex][k];
          double est = c[0] + c[1] * truth->value[AT_M_STATURE] + c[2] * truth->value[AT_M_WEIGHT];
          if (!at_given_set_has (AT_GIVEN_STATURE_WEIGHT, (AtMeasureKey) k))
            out->mae_lsq[sex][k] += fabs (est - truth->value[k]);
        }
      AtPlausibility pl;
      implausible[sex] += at_completion_model_check (model, truth, &pl, NULL) != AT_OK;
    }
  for (int sex = 0; sex < 2; sex++)
    {
      double nt = (double) out->n_test[sex];
      if (nt == 0)
        return at_error_set (err, AT_ERR_INVALID, "no held-out %s subjects", at_sex_name ((AtSex) sex));
      for (int k = 0; k < AT_M_COUNT; k++)
        {
          for (int g = 0; g < AT_GIVEN_COUNT; g++)
            out->mae[g][sex][k] /= nt;
          out->mae_lsq[sex][k] /= nt;
        }
      out->false_implausible[sex] = (double) implausible[sex] / nt;
    }
  return AT_OK;
}

static AtStatus
evaluate_fold (const AtAnsurTable *table, int holdout_residue, AtCompletionEval *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  size_t n = at_ansur_count (table), n_train = 0, n_test = 0;
  AtMeasurements *train = malloc ((n ? n : 1) * sizeof *train);
  AtMeasurements *test = malloc ((n ? n : 1) * sizeof *test);
  AtCompletionModel *model = NULL;
  AtStatus st = AT_OK;
  if (!train || !test)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "out of memory");
      goto out;
    }
  for (size_t i = 0; i < n; i++)
    {
      const AtAnsurSubject *s = at_ansur_subject (table, i);
      if (s->subject_id % 5 == holdout_residue)
        {
          test[n_test++] = s->m;
          out->n_test[s->sex]++;
        }
      else
        {
          train[n_train++] = s->m;
          out->n_train[s->sex]++;
        }
    }
  double coef[2][AT_M_COUNT][3];
  if ((st = at_completion_model_fit (train, n_train, &model, err)) != AT_OK
      || (st = fit_lsq (train, n_train, coef, err)) != AT_OK)
    goto out;
  st = score (model, (const double (*)[AT_M_COUNT][3]) coef, test, n_test, out, err);
out:
  at_completion_model_free (model);
  free (train);
  free (test);
  return st;
}

/* Pools the folds: errors weighted by each fold's held-out count. */
static AtStatus
evaluate_all_folds (const AtAnsurTable *table, AtCompletionEval *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  static const int residues[] = { 0, 1, 3, 4 }; /* 2 is the project's withheld fifth */
  for (size_t f = 0; f < sizeof residues / sizeof residues[0]; f++)
    {
      AtCompletionEval fold;
      AtStatus st = evaluate_fold (table, residues[f], &fold, err);
      if (st != AT_OK)
        return st;
      for (int sex = 0; sex < 2; sex++)
        {
          double w = (double) fold.n_test[sex];
          out->n_train[sex] += fold.n_train[sex];
          out->n_test[sex] += fold.n_test[sex];
          for (int k = 0; k < AT_M_COUNT; k++)
            {
              for (int g = 0; g < AT_GIVEN_COUNT; g++)
                out->mae[g][sex][k] += w * fold.mae[g][sex][k];
              out->mae_lsq[sex][k] += w * fold.mae_lsq[sex][k];
            }
          out->false_implausible[sex] += w * fold.false_implausible[sex];
        }
    }
  for (int sex = 0; sex < 2; sex++)
    {
      double w = (double) out->n_test[sex];
      for (int k = 0; k < AT_M_COUNT; k++)
        {
          for (int g = 0; g < AT_GIVEN_COUNT; g++)
            out->mae[g][sex][k] /= w;
          out->mae_lsq[sex][k] /= w;
        }
      out->false_implausible[sex] /= w;
    }
  return AT_OK;
}

AtStatus
at_completion_evaluate (const AtAnsurTable *table, int holdout_residue, AtCompletionEval *out, AtError *err)
{
  if (holdout_residue < 0)
    return evaluate_all_folds (table, out, err);
  if (holdout_residue > 4 || holdout_residue == 2)
    return at_error_set (err, AT_ERR_RANGE, "held-out residue %d: must be 0, 1, 3 or 4 (2 is withheld)",
                         holdout_residue);
  return evaluate_fold (table, holdout_residue, out, err);
}

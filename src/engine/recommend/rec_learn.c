/* Multinomial logistic regression trained by SGD with AdaGrad step sizes
 * (Duchi, Hazan & Singer 2011), so features of very different scales and
 * frequencies learn at comparable speed; the Mann-Whitney form of the ROC
 * AUC (Hanley & McNeil 1982) with tie-averaged ranks; and NDCG with binary
 * relevance (Jarvelin & Kekalainen 2002). */
#include "at_rec_learn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct AtSoftmaxReg {
  int dim, classes;
  double *mean, *scale; /* standardisation */
  double *w;            /* classes x (dim + 1), bias last */
};

uint64_t
at_rng_next (uint64_t *state)
{
  /* splitmix64: tiny, fast and good enough for shuffles */
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double
at_rng_uniform (uint64_t *state)
{
  return (double) (at_rng_next (state) >> 11) * (1.0 / 9007199254740992.0);
}

static void
softmax_scores (const AtSoftmaxReg *reg, const double *z, double *p)
{
  double best = -INFINITY, sum = 0;
  for (int c = 0; c < reg->classes; c++)
    {
      const double *w = reg->w + (size_t) c * (reg->dim + 1);
      double s = w[reg->dim];
      for (int j = 0; j < reg->dim; j++)
        s += w[j] * z[j];
      p[c] = s;
      if (s > best)
        best = s;
    }
  for (int c = 0; c < reg->classes; c++)
    sum += (p[c] = exp (p[c] - best));
  for (int c = 0; c < reg->classes; c++)
    p[c] /= sum;
}

static void
standardise (const AtSoftmaxReg *reg, const float *x, double *z)
{
  for (int j = 0; j < reg->dim; j++)
    z[j] = ((double) x[j] - reg->mean[j]) * reg->scale[j];
}

void
at_softmax_reg_free (AtSoftmaxReg *reg)
{
  if (!reg)
    return;
  free (reg->mean);
  free (reg->scale);
  free (reg->w);
  free (reg);
}

AtStatus
at_softmax_reg_train (const float *x, const uint8_t *labels, size_t n, int dim, int classes,
                      int epochs, double l2, uint64_t seed, AtSoftmaxReg **out, AtError *err)
{
  *out = NULL;
  if (n == 0 || dim <= 0 || classes < 2)
    return at_error_set (err, AT_ERR_INVALID, "logistic regression: no training rows");
  AtSoftmaxReg *reg = calloc (1, sizeof *reg);
  size_t nw = (size_t) classes * (dim + 1);
  double *g2 = calloc (nw, sizeof *g2), *z = malloc (dim * sizeof *z), *p = malloc (classes * sizeof *p);
  size_t *order = malloc (n * sizeof *order);
  if (reg)
    {
      reg->dim = dim;
      reg->classes = classes;
      reg->mean = calloc (dim, sizeof *reg->mean);
      reg->scale = calloc (dim, sizeof *reg->scale);
      reg->w = calloc (nw, sizeof *reg->w);
    }
  if (!reg || !reg->mean || !reg->scale || !reg->w || !g2 || !z || !p || !order)
    {
      at_softmax_reg_free (reg);
      free (g2), free (z), free (p), free (order);
      return at_error_set (err, AT_ERR_NOMEM, "logistic regression: out of memory");
    }
  for (size_t i = 0; i < n; i++)
    for (int j = 0; j < dim; j++)
      reg->mean[j] += x[i * dim + j];
  for (int j = 0; j < dim; j++)
    reg->mean[j] /= (double) n;
  for (size_t i = 0; i < n; i++)
    for (int j = 0; j < dim; j++)
      {
        double d = x[i * dim + j] - reg->mean[j];
        reg->scale[j] += d * d;
      }
  for (int j = 0; j < dim; j++)
    {
      double sd = sqrt (reg->scale[j] / (double) n);
      reg->scale[j] = sd > 1e-12 ? 1.0 / sd : 0.0; /* a constant feature carries nothing */
    }
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  uint64_t rng = seed;
  const double rate = 0.1;
  for (int e = 0; e < epochs; e++)
    {
      for (size_t i = n - 1; i > 0; i--)
        {
          size_t k = at_rng_next (&rng) % (i + 1), t = order[i];
          order[i] = order[k];
          order[k] = t;
        }
      for (size_t r = 0; r < n; r++)
        {
          size_t i = order[r];
          standardise (reg, x + i * dim, z);
          softmax_scores (reg, z, p);
          for (int c = 0; c < classes; c++)
            {
              double gc = p[c] - (labels[i] == c ? 1.0 : 0.0);
              double *w = reg->w + (size_t) c * (dim + 1);
              double *gg = g2 + (size_t) c * (dim + 1);
              for (int j = 0; j <= dim; j++)
                {
                  double xj = j < dim ? z[j] : 1.0;
                  double g = gc * xj + (j < dim ? l2 * w[j] : 0.0);
                  gg[j] += g * g;
                  w[j] -= rate * g / (sqrt (gg[j]) + 1e-8);
                }
            }
        }
    }
  free (g2), free (z), free (p), free (order);
  *out = reg;
  return AT_OK;
}

void
at_softmax_reg_predict (const AtSoftmaxReg *reg, const float *x, double *out_p)
{
  double z[reg->dim];
  standardise (reg, x, z);
  softmax_scores (reg, z, out_p);
}

typedef struct {
  double score;
  uint8_t positive;
} ScoredRow;

static int
compare_scored (const void *a, const void *b)
{
  double x = ((const ScoredRow *) a)->score, y = ((const ScoredRow *) b)->score;
  return (x > y) - (x < y);
}

double
at_roc_auc (const double *scores, const uint8_t *positive, size_t n)
{
  ScoredRow *rows = malloc ((n ? n : 1) * sizeof *rows);
  if (!rows)
    return NAN;
  size_t n_pos = 0;
  for (size_t i = 0; i < n; i++)
    {
      rows[i].score = scores[i];
      rows[i].positive = positive[i] != 0;
      n_pos += rows[i].positive;
    }
  size_t n_neg = n - n_pos;
  if (n_pos == 0 || n_neg == 0)
    {
      free (rows);
      return NAN;
    }
  qsort (rows, n, sizeof *rows, compare_scored);
  /* sum of the positives' ranks, ties sharing their average rank */
  double rank_sum = 0;
  for (size_t i = 0; i < n;)
    {
      size_t j = i;
      size_t pos_in_tie = 0;
      while (j < n && rows[j].score == rows[i].score)
        pos_in_tie += rows[j++].positive;
      double mid_rank = 0.5 * (double) (i + 1 + j);
      rank_sum += mid_rank * (double) pos_in_tie;
      i = j;
    }
  free (rows);
  return (rank_sum - 0.5 * (double) n_pos * (double) (n_pos + 1)) / ((double) n_pos * (double) n_neg);
}

int
at_rank_of (const int32_t *list, int k, int32_t target)
{
  for (int r = 0; r < k; r++)
    if (list[r] == target)
      return r;
  return -1;
}

double
at_ndcg_single (int rank)
{
  return rank < 0 ? 0.0 : 1.0 / log2 ((double) rank + 2.0);
}

/* Small learning and scoring tools shared by the recommenders and their
 * benchmarks: a multinomial logistic regression (the stacked top model of
 * the fit model and its peer), one-vs-rest ROC AUC, and ranking metrics. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "at_status.h"

typedef struct AtSoftmaxReg AtSoftmaxReg;

/* Fits P(class | x) = softmax(W x + b) on n rows of dim features (row-major
 * x, labels in 0..classes-1) by AdaGrad SGD over epochs shuffled passes with
 * L2 penalty l2. Features are standardised internally. */
AtStatus at_softmax_reg_train (const float *x, const uint8_t *labels, size_t n, int dim, int classes,
                               int epochs, double l2, uint64_t seed, AtSoftmaxReg **out, AtError *err);
void at_softmax_reg_predict (const AtSoftmaxReg *reg, const float *x, double *out_p);
void at_softmax_reg_free (AtSoftmaxReg *reg);

/* Area under the ROC curve of scores for the rows where positive[i] is
 * nonzero against the rest (ties count one half). NAN when either side is
 * empty. */
double at_roc_auc (const double *scores, const uint8_t *positive, size_t n);

/* Rank (0-based) of target in the list of k ids, or -1. */
int at_rank_of (const int32_t *list, int k, int32_t target);
/* NDCG@k contribution of one held-out item found at rank (or -1). */
double at_ndcg_single (int rank);

/* Deterministic generator for shuffles and initialisation. */
uint64_t at_rng_next (uint64_t *state);
double at_rng_uniform (uint64_t *state);

/* Gradient-boosted trees for multi-class probabilities: softmax loss,
 * Newton leaf values, histogram split search on quantile bins. */
typedef struct {
  int rounds;        /* boosting rounds (one tree per class each) */
  int depth;         /* levels per tree */
  int bins;          /* quantile bins per feature, at most 255 */
  double rate;       /* shrinkage */
  double lambda;     /* L2 on leaf values */
  double min_hessian; /* smallest hessian sum a leaf may hold */
  double subsample;  /* fraction of rows drawn for each round */
  uint64_t seed;
} AtGbdtDef;

AtGbdtDef at_gbdt_def_default (void);

typedef struct AtGbdt AtGbdt;

AtStatus at_gbdt_train (const float *x, const uint8_t *labels, size_t n, int dim, int classes, const AtGbdtDef *def,
                        AtGbdt **out, AtError *err);
void at_gbdt_predict (const AtGbdt *model, const float *x, double *out_p);
void at_gbdt_free (AtGbdt *model);

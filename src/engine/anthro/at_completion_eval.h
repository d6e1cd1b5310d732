/* Held-out evaluation of statistical completion on ANSUR II, shared by
 * `atelier-cli bench complete` and the tests: the subjects whose SubjectId
 * modulo 5 equals a chosen residue are held out, the model is fitted on
 * the rest, and each held-out subject is completed from a few given keys. */
#pragma once
#include <stddef.h>
#include "anthro/at_ansur.h"
#include "anthro/at_completion.h"

typedef enum {
  AT_GIVEN_STATURE,               /* sex + stature */
  AT_GIVEN_STATURE_WEIGHT,        /* sex + stature + weight */
  AT_GIVEN_STATURE_WEIGHT_AGE,    /* sex + stature + weight + age */
  AT_GIVEN_COUNT
} AtGivenSet;

typedef struct {
  size_t n_train[2], n_test[2];      /* per sex */
  /* Mean absolute error (key's unit) of the conditional model per given
   * set, sex and key; 0 for keys in the given set. */
  double mae[AT_GIVEN_COUNT][2][AT_M_COUNT];
  /* The baseline: ordinary least squares per sex and key on stature and
   * weight (cm, kg), fitted on the same training subjects. */
  double mae_lsq[2][AT_M_COUNT];
  /* Share of held-out subjects, all keys given, that the plausibility
   * check rejects (real bodies: should be near 0). */
  double false_implausible[2];
} AtCompletionEval;

const char *at_given_set_name (AtGivenSet set);
/* True when key is part of the given set. */
bool at_given_set_has (AtGivenSet set, AtMeasureKey key);

/* holdout_residue -1: four-fold cross-validation over residues 0, 1, 3, 4
 * (n_train and n_test then sum over the folds). */
AtStatus at_completion_evaluate (const AtAnsurTable *table, int holdout_residue, AtCompletionEval *out, AtError *err);

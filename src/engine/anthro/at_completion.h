/* Statistical completion of a measurement set: every key not given is
 * estimated from the keys that are (any subset holding sex and stature),
 * by conditioning a per-sex log-normal model of all keys learned from
 * ANSUR II (completion.c explains the method). The shipped model is
 * data/body/completion.json, written by tools/fit_completion. */
#pragma once
#include <stddef.h>
#include "at_measurements.h"
#include "at_status.h"

typedef struct AtCompletionModel AtCompletionModel;

/* Fits the model to n complete measurement sets (all keys given); each sex
 * needs more subjects than keys. */
AtStatus at_completion_model_fit (const AtMeasurements *subjects, size_t n, AtCompletionModel **out, AtError *err);
AtStatus at_completion_model_load (const char *path, AtCompletionModel **out, AtError *err);
AtStatus at_completion_model_save (const AtCompletionModel *model, const char *path, AtError *err);
void at_completion_model_free (AtCompletionModel *model);

/* Copies the given keys (flagged given) and estimates the others (flagged
 * not given), clamped to each key's human range. Rejects a set without
 * stature or with a given value outside its range, naming the key. */
AtStatus at_completion_model_complete (const AtCompletionModel *model, const AtMeasurements *partial,
                                       AtMeasurements *out_complete, AtError *err);

typedef struct {
  double distance2;     /* squared Mahalanobis distance of the given keys */
  double threshold2;    /* the distance2 above which the set is implausible */
  int worst_key;        /* the given key least consistent with the others */
  double worst_z;       /* its deviation from their prediction, in SDs */
  double worst_expected; /* the value the others predict for it */
} AtPlausibility;

/* Measures how far the given keys lie from the population (see
 * completion.c); fills *out and returns AT_ERR_INVALID with a message
 * naming the least consistent key when the set is implausible. */
AtStatus at_completion_model_check (const AtCompletionModel *model, const AtMeasurements *m, AtPlausibility *out,
                                    AtError *err);

/* The same with the shipped model (loaded once from data/body/completion.json). */
AtStatus at_completion_complete (const AtMeasurements *partial, AtMeasurements *out_complete, AtError *err);
AtStatus at_completion_check_plausible (const AtMeasurements *m, AtError *err);
/* The reference body of a sex, which benchmarks drape on: the ANSUR II
 * means of stature and weight (Gordon et al. 2014: men 175.6 cm, 85.3 kg;
 * women 162.8 cm, 67.7 kg), every other key completed from those two. */
AtStatus at_completion_reference_body (AtSex sex, AtMeasurements *out, AtError *err);

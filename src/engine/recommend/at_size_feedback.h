/* Size advice refined by fit feedback: the studio's recommendation for a
 * customer and a garment starts from the body (at_size_advise) and moves
 * as the customer's reports accumulate ("too small", "fits", "too large",
 * for the garment overall or one region).
 *
 * The reports train the latent-size model of at_fit_model.h (Sembium et
 * al. 2017; Misra, Wan & McAuley 2018): each customer gets a learned true
 * size, each garment and each of its sizes a learned true size, read
 * through an ordinal logit. The body's place on the garment's chart is the
 * customer's prior size, so a customer without reports, or a garment
 * without any, gets exactly the body-based answer. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "at_fit_model.h"
#include "size/at_size_advice.h"
#include "store/at_store.h"

/* One report as the model reads it. */
typedef struct {
  int64_t customer;
  const AtGarmentDef *garment;
  const AtMeasurements *body; /* the customer's complete measurements */
  const char *size;           /* a size of the garment's chart */
  const char *region;         /* NULL or "" for the garment overall */
  AtFitClass outcome;
} AtSizeReport;

typedef struct AtSizeFeedback AtSizeFeedback;

/* Latent-model settings for a shop's few reports: a strong prior (one
 * report moves a customer by about one size) and garment offsets that
 * need several customers to agree. */
AtFitModelDef at_size_feedback_def_default (void);

/* Trains on reports[0..n-1] (oldest first). Reports naming a size the
 * garment's chart lacks, or a garment without a chart, are skipped and
 * counted in *skipped (may be NULL). */
AtStatus at_size_feedback_train (const AtSizeReport *reports, size_t n, const AtFitModelDef *def,
                                 AtSizeFeedback **out, size_t *skipped, AtError *err);
/* Trains on every report in the store, each customer placed by their latest
 * measurements; reports of customers without measurements, or on garments
 * not in the library, are skipped. */
AtStatus at_size_feedback_from_store (AtStore *store, AtSizeFeedback **out, size_t *skipped, AtError *err);
void at_size_feedback_free (AtSizeFeedback *feedback);

/* What the feedback did to one recommendation. */
typedef struct {
  bool changed;          /* the advice differs from the body's */
  char body_size[16];    /* what the body alone says */
  int reports;           /* the customer's reports the model learnt from */
  int evidence;          /* of those on this garment, how many point the way the advice moved */
  char evidence_size[16]; /* the size the latest of them was about */
  bool evidence_tight;   /* they said it was too small (else too large) */
} AtSizeFeedbackEffect;

/* The body-based advice for customer (complete body) and garment, moved
 * to the size whose learned looseness is nearest the one the body advice
 * aims for. feedback may be NULL (no reports yet). */
AtStatus at_size_advise_feedback (const AtSizeFeedback *feedback, const AtGarmentDef *garment,
                                  const AtMeasurements *body, AtFitPreference preference, int64_t customer,
                                  AtSizeAdvice *out, AtSizeFeedbackEffect *effect, AtError *err);

/* Pieces of the fit model shared between its files (see at_fit_model.h):
 * the body-field normalisation and the latent-size model. */
#pragma once
#include "at_fit_model.h"
#include "at_id_map.h"

enum { AT_FIT_BODY_TYPES = 8, AT_FIT_BODY_DIM = 4 + AT_FIT_BODY_TYPES };

/* Means and spreads of the numeric fields, measured on the training data,
 * so that missing values can be imputed by the mean (z = 0). */
typedef struct {
  double mean[6], sd[6]; /* size, height, weight, bust, cup, age */
} AtFitNorm;

void at_fit_norm_measure (const AtFitRecord *records, size_t n, AtFitNorm *norm);
/* z-score of field f (0 size ... 5 age) of rec; 0 when unknown. */
double at_fit_norm_z (const AtFitNorm *norm, const AtFitRecord *rec, int f);
/* The customer's body as the latent model sees it: z-scores of height,
 * weight, bust and cup, then a one-hot body type. */
void at_fit_body_vector (const AtFitNorm *norm, const AtFitRecord *rec, double x[AT_FIT_BODY_DIM]);

/* items (elements of size bytes, *cap of them) grown to hold at least n, the
 * new tail zero-filled so per-id tallies start at zero; NULL when out of
 * memory, items then untouched. */
void *at_fit_reserve_zeroed (void *items, size_t *cap, size_t n, size_t size);

/* One key per product size (product id and size label). */
int64_t at_fit_item_size_key (const AtFitRecord *rec);

typedef struct AtFitLatent AtFitLatent;

AtFitLatent *at_fit_latent_new (const AtFitModelDef *def, const AtFitNorm *norm);
void at_fit_latent_free (AtFitLatent *lat);
/* Trains on records[rows[0..n-1]] (all records when rows is NULL). */
AtStatus at_fit_latent_train (AtFitLatent *lat, const AtFitRecord *records, const size_t *rows, size_t n,
                              AtError *err);
/* One SGD step on a new report. */
AtStatus at_fit_latent_step (AtFitLatent *lat, const AtFitRecord *rec, AtError *err);
/* How much larger the product size is than the customer's true size (the
 * model's latent difference), and the model's own class probabilities. */
double at_fit_latent_looseness (const AtFitLatent *lat, const AtFitRecord *rec);
void at_fit_latent_probs (const AtFitLatent *lat, double looseness, double p[3]);

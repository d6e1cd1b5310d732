/* Size advice from fit feedback: customers report whether a product size
 * they wore was too small, fitted, or too large, and the model learns from
 * these reports which size will fit whom.
 *
 * Method: a latent-size model in the manner of Sembium et al. (2017) and
 * Misra, Wan & McAuley, "Decomposing Fit Semantics for Product Size
 * Recommendation in Metric Spaces" (RecSys 2018): every customer and every
 * product size gets a learned "true size", and an ordinal (two-threshold)
 * logistic loss ties their difference to the reported outcome. Its output is
 * stacked with target-encoded fit rates of the customer, product and product
 * size (computed out-of-fold so the top model never sees leaked labels), the
 * offset of the size worn from the customer's usual size and the body fields,
 * into small gradient-boosted trees. New customers and products fall
 * back to body measurements and category priors; at_fit_model_update folds
 * each new report in as it arrives.
 *
 * The caller keeps customers and products in its own database and passes
 * plain records; ids are the caller's. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "at_status.h"

typedef enum { AT_FIT_SMALL = 0, AT_FIT_FIT = 1, AT_FIT_LARGE = 2, AT_FIT_CLASS_COUNT = 3 } AtFitClass;

/* One wear of a product size by a customer. Unknown numbers are NAN; unknown
 * category or body type is -1 (small indices the caller assigns). */
typedef struct {
  int64_t customer;
  int64_t item;
  double size;        /* the size worn on the shop's numeric scale */
  int category;
  int body_type;
  double height_cm;
  double weight_kg;
  double bust_cm;     /* underbust band */
  double cup;         /* cup letter as a number: a = 1, b = 2, ... */
  double age;
  double size_prior;  /* the customer's size on the same scale as size, known
                       * from elsewhere (the studio: the body's place on the
                       * garment's size chart); NAN when unknown */
  AtFitClass outcome; /* the report; ignored by at_fit_model_predict */
} AtFitRecord;

/* Returns a record with every optional field unknown. */
AtFitRecord at_fit_record_default (void);

typedef struct {
  int folds;          /* out-of-fold folds for the stacked features (>= 2) */
  int latent_epochs;  /* SGD passes of the latent-size model */
  double latent_rate; /* its learning rate */
  double latent_l2;   /* its L2 regularisation */
  double latent_item_l2; /* extra L2 on product offsets, so that one
                          * customer's reports move their own true size
                          * before the product's (0: latent_l2 alone) */
  int top_rounds;     /* boosting rounds of the stacked top model */
  int top_depth;      /* depth of its trees (1-10) */
  double prior_weight; /* pseudo-counts behind each smoothed fit rate */
  uint64_t seed;
} AtFitModelDef;

AtFitModelDef at_fit_model_def_default (void);

typedef struct AtFitModel AtFitModel;

AtStatus at_fit_model_train (const AtFitRecord *records, size_t n, const AtFitModelDef *def,
                             AtFitModel **out_model, AtError *err);
/* P(small), P(fit), P(large) for this customer wearing this product size. */
void at_fit_model_predict (const AtFitModel *model, const AtFitRecord *query, double out_p[3]);
/* Adds one new report: the fit rates and the latent sizes of this customer
 * and product size move towards it at once. */
AtStatus at_fit_model_update (AtFitModel *model, const AtFitRecord *report, AtError *err);
/* The size from candidates (n_sizes, any order) with the highest P(fit). */
double at_fit_model_best_size (const AtFitModel *model, const AtFitRecord *query, const double *sizes,
                               size_t n_sizes, double *out_p_fit);
void at_fit_model_free (AtFitModel *model);

/* The peer the issue compares against: per-customer and per-product fit
 * rates (same out-of-fold smoothing) in a logistic regression, nothing else. */
AtStatus at_fit_rates_peer (const AtFitRecord *train, size_t n_train, const AtFitRecord *test, size_t n_test,
                            const AtFitModelDef *def, double *out_p, AtError *err);

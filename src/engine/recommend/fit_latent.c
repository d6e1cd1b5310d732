/* Latent-size fit model (Sembium, Rastogi, Saroop, Merugu: "Recommending
 * Product Sizes to Customers", RecSys 2017; Misra, Wan & McAuley,
 * "Decomposing Fit Semantics for Product Size Recommendation in Metric
 * Spaces", RecSys 2018).
 *
 * Each customer c has a true size and each product size (i, s) a true size;
 * their difference, the looseness
 *     l = g * z(s) + a_i + e_is - (beta . x_c + t_c),
 * is read through an ordinal logit with two thresholds th1 < th2:
 *     P(small) = sigma(th1 - l),  P(small or fit) = sigma(th2 - l).
 * The product size is the size label on a global slope g plus a product
 * offset a_i (how the brand runs) plus a per-size residual e_is; the
 * customer is a body regression beta . x_c (height, weight, bust, cup, body
 * type) plus a residual t_c, plus g * z(p_c) when the caller knows the
 * customer's size p_c on the same scale (the studio places the body on the
 * garment's chart), so that feedback only learns what the body missed. The regressions are what let new customers and
 * new products fall back to priors: an unseen id just has a zero residual.
 * Trained by SGD on the negative log-likelihood with L2 on the residuals. */
#include "fit_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "at_rec_learn.h"

typedef struct {
  double *v;
  size_t cap;
} Vec;

struct AtFitLatent {
  AtFitModelDef def;
  AtFitNorm norm;
  AtIdMap *customers, *items, *item_sizes;
  Vec t_c, a_i, e_is;
  double g, beta[AT_FIT_BODY_DIM], theta[2];
};

static double
sigmoid (double z)
{
  return 1.0 / (1.0 + exp (-z));
}

/* Field f of rec: 0 size, 1 height, 2 weight, 3 bust, 4 cup, 5 age. */
static double
field_value (const AtFitRecord *rec, int f)
{
  switch (f)
    {
    case 0: return rec->size;
    case 1: return rec->height_cm;
    case 2: return rec->weight_kg;
    case 3: return rec->bust_cm;
    case 4: return rec->cup;
    default: return rec->age;
    }
}

void
at_fit_norm_measure (const AtFitRecord *records, size_t n, AtFitNorm *norm)
{
  for (int f = 0; f < 6; f++)
    {
      double sum = 0, sum2 = 0;
      size_t count = 0;
      for (size_t i = 0; i < n; i++)
        {
          double v = field_value (&records[i], f);
          if (isfinite (v))
            {
              sum += v;
              sum2 += v * v;
              count++;
            }
        }
      norm->mean[f] = count ? sum / (double) count : 0.0;
      double var = count ? sum2 / (double) count - norm->mean[f] * norm->mean[f] : 0.0;
      norm->sd[f] = var > 1e-12 ? sqrt (var) : 1.0;
    }
}

/* z-score of value v of field f; 0 when unknown. */
static double
norm_z (const AtFitNorm *norm, double v, int f)
{
  if (!isfinite (v))
    return 0.0;
  double z = (v - norm->mean[f]) / norm->sd[f];
  /* typing errors in the source data (ages of 116, heights of 1 m) must not
   * dominate a linear model */
  return z < -5 ? -5 : z > 5 ? 5 : z;
}

double
at_fit_norm_z (const AtFitNorm *norm, const AtFitRecord *rec, int f)
{
  return norm_z (norm, field_value (rec, f), f);
}

/* The size label's part of the looseness, relative to the customer's known
 * size when there is one. */
static double
size_term (const AtFitLatent *lat, const AtFitRecord *rec)
{
  return at_fit_norm_z (&lat->norm, rec, 0) - norm_z (&lat->norm, rec->size_prior, 0);
}

void
at_fit_body_vector (const AtFitNorm *norm, const AtFitRecord *rec, double x[AT_FIT_BODY_DIM])
{
  memset (x, 0, AT_FIT_BODY_DIM * sizeof *x);
  for (int f = 0; f < 4; f++)
    x[f] = at_fit_norm_z (norm, rec, f + 1);
  if (rec->body_type >= 0 && rec->body_type < AT_FIT_BODY_TYPES)
    x[4 + rec->body_type] = 1.0;
}

int64_t
at_fit_item_size_key (const AtFitRecord *rec)
{
  /* quarter sizes are distinct; unknown sizes share one slot per product.
   * Distinct for product ids below 2^64 / 1031. */
  long code = isfinite (rec->size) ? lround (rec->size * 4.0) : 1000;
  code = code < 0 ? 0 : code > 1000 ? 1000 : code;
  return (int64_t) ((uint64_t) rec->item * 1031u + (uint64_t) code);
}

void *
at_fit_reserve_zeroed (void *items, size_t *cap, size_t n, size_t size)
{
  if (n <= *cap)
    return items;
  size_t grown = *cap ? *cap : 256;
  while (grown < n)
    grown *= 2;
  char *v = realloc (items, grown * size);
  if (!v)
    return NULL;
  memset (v + *cap * size, 0, (grown - *cap) * size);
  *cap = grown;
  return v;
}

static bool
vec_reserve (Vec *vec, size_t n)
{
  void *grown = at_fit_reserve_zeroed (vec->v, &vec->cap, n, sizeof *vec->v);
  if (grown)
    vec->v = grown;
  return grown != NULL;
}

AtFitLatent *
at_fit_latent_new (const AtFitModelDef *def, const AtFitNorm *norm)
{
  AtFitLatent *lat = calloc (1, sizeof *lat);
  if (!lat)
    return NULL;
  lat->def = *def;
  lat->norm = *norm;
  lat->customers = at_id_map_new ();
  lat->items = at_id_map_new ();
  lat->item_sizes = at_id_map_new ();
  if (!lat->customers || !lat->items || !lat->item_sizes)
    {
      at_fit_latent_free (lat);
      return NULL;
    }
  lat->theta[0] = -1.0;
  lat->theta[1] = 1.0;
  return lat;
}

void
at_fit_latent_free (AtFitLatent *lat)
{
  if (!lat)
    return;
  at_id_map_free (lat->customers);
  at_id_map_free (lat->items);
  at_id_map_free (lat->item_sizes);
  free (lat->t_c.v);
  free (lat->a_i.v);
  free (lat->e_is.v);
  free (lat);
}

/* The parameter indices of rec, added when new; false on lack of memory. */
static bool
latent_slots (AtFitLatent *lat, const AtFitRecord *rec, int32_t slot[3])
{
  slot[0] = at_id_map_add (lat->customers, rec->customer);
  slot[1] = at_id_map_add (lat->items, rec->item);
  slot[2] = at_id_map_add (lat->item_sizes, at_fit_item_size_key (rec));
  return slot[0] >= 0 && slot[1] >= 0 && slot[2] >= 0 && vec_reserve (&lat->t_c, (size_t) slot[0] + 1)
         && vec_reserve (&lat->a_i, (size_t) slot[1] + 1) && vec_reserve (&lat->e_is, (size_t) slot[2] + 1);
}

static double
looseness_at (const AtFitLatent *lat, const AtFitRecord *rec, const int32_t slot[3], const double *x)
{
  double customer = slot[0] >= 0 ? lat->t_c.v[slot[0]] : 0.0;
  for (int j = 0; j < AT_FIT_BODY_DIM; j++)
    customer += lat->beta[j] * x[j];
  double product = lat->g * size_term (lat, rec);
  product += slot[1] >= 0 ? lat->a_i.v[slot[1]] : 0.0;
  product += slot[2] >= 0 ? lat->e_is.v[slot[2]] : 0.0;
  return product - customer;
}

double
at_fit_latent_looseness (const AtFitLatent *lat, const AtFitRecord *rec)
{
  int32_t slot[3] = { at_id_map_find (lat->customers, rec->customer), at_id_map_find (lat->items, rec->item),
                      at_id_map_find (lat->item_sizes, at_fit_item_size_key (rec)) };
  double x[AT_FIT_BODY_DIM];
  at_fit_body_vector (&lat->norm, rec, x);
  return looseness_at (lat, rec, slot, x);
}

void
at_fit_latent_probs (const AtFitLatent *lat, double looseness, double p[3])
{
  double a = sigmoid (lat->theta[0] - looseness), b = sigmoid (lat->theta[1] - looseness);
  p[AT_FIT_SMALL] = a;
  p[AT_FIT_FIT] = b - a > 1e-12 ? b - a : 1e-12;
  p[AT_FIT_LARGE] = 1.0 - b;
}

static void
sgd_step (AtFitLatent *lat, const AtFitRecord *rec, const int32_t slot[3], double rate)
{
  double x[AT_FIT_BODY_DIM];
  at_fit_body_vector (&lat->norm, rec, x);
  double l = looseness_at (lat, rec, slot, x);
  double a = sigmoid (lat->theta[0] - l), b = sigmoid (lat->theta[1] - l);
  /* d(-log P)/dl and d(-log P)/dtheta for the observed class */
  double dl, dth0 = 0, dth1 = 0;
  switch (rec->outcome)
    {
    case AT_FIT_SMALL:
      dl = 1.0 - a;
      dth0 = -(1.0 - a);
      break;
    case AT_FIT_LARGE:
      dl = -b;
      dth1 = b;
      break;
    default:
      {
        double p = b - a > 1e-9 ? b - a : 1e-9;
        dl = (b * (1 - b) - a * (1 - a)) / p;
        dth0 = a * (1 - a) / p;
        dth1 = -b * (1 - b) / p;
      }
      break;
    }
  double l2 = lat->def.latent_l2, item_l2 = l2 + lat->def.latent_item_l2;
  double *t = &lat->t_c.v[slot[0]], *ai = &lat->a_i.v[slot[1]], *e = &lat->e_is.v[slot[2]];
  *t -= rate * (-dl + l2 * *t);
  *ai -= rate * (dl + item_l2 * *ai);
  *e -= rate * (dl + 4.0 * item_l2 * *e); /* sizes of one product share its offset first */
  /* the shared parameters see every row: smaller steps keep them stable */
  double shared = 0.05 * rate;
  lat->g -= shared * dl * size_term (lat, rec);
  for (int j = 0; j < AT_FIT_BODY_DIM; j++)
    lat->beta[j] -= shared * (-dl * x[j]);
  lat->theta[0] -= shared * dth0;
  lat->theta[1] -= shared * dth1;
  if (lat->theta[1] < lat->theta[0] + 0.05)
    lat->theta[1] = lat->theta[0] + 0.05;
}

AtStatus
at_fit_latent_train (AtFitLatent *lat, const AtFitRecord *records, const size_t *rows, size_t n, AtError *err)
{
  int32_t *slots = malloc ((n ? n : 1) * 3 * sizeof *slots);
  size_t *order = malloc ((n ? n : 1) * sizeof *order);
  if (!slots || !order)
    {
      free (slots), free (order);
      return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
    }
  for (size_t k = 0; k < n; k++)
    {
      const AtFitRecord *rec = &records[rows ? rows[k] : k];
      if (!latent_slots (lat, rec, slots + 3 * k))
        {
          free (slots), free (order);
          return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
        }
      order[k] = k;
    }
  uint64_t rng = lat->def.seed ^ 0x5eed1a7e47ULL;
  /* a size label starts as the size itself: larger labels are looser */
  if (lat->g == 0.0)
    lat->g = 1.0;
  for (int epoch = 0; epoch < lat->def.latent_epochs; epoch++)
    {
      for (size_t k = n; k > 1; k--)
        {
          size_t j = at_rng_next (&rng) % k, tmp = order[k - 1];
          order[k - 1] = order[j];
          order[j] = tmp;
        }
      double rate = lat->def.latent_rate / (1.0 + 0.3 * epoch);
      for (size_t k = 0; k < n; k++)
        {
          size_t r = order[k];
          sgd_step (lat, &records[rows ? rows[r] : r], slots + 3 * r, rate);
        }
    }
  free (slots), free (order);
  return AT_OK;
}

AtStatus
at_fit_latent_step (AtFitLatent *lat, const AtFitRecord *rec, AtError *err)
{
  int32_t slot[3];
  if (!latent_slots (lat, rec, slot))
    return at_error_set (err, AT_ERR_NOMEM, "fit model: out of memory");
  sgd_step (lat, rec, slot, lat->def.latent_rate);
  return AT_OK;
}

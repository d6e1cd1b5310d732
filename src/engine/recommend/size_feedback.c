/* Size advice refined by fit feedback (see at_size_feedback.h).
 *
 * Method: the latent-size model of fit_latent.c (Sembium et al., RecSys
 * 2017; Misra, Wan & McAuley, RecSys 2018) on the shop's own reports. The
 * size label is the size's index on the garment's chart and the customer's
 * prior size is the body's fractional place on that chart (at_size_advise),
 * so the looseness of size s for customer c is
 *     l = g (s - p_c) + a_garment + e_garment,s - t_c
 * and the learned residuals t_c (the customer's true size beyond what the
 * body says) and a, e (how the garment and each of its sizes run) start at
 * zero: without reports the model is the body advice. A region's report
 * ("tight at the chest") is a product of its own (garment/region), so it
 * informs the customer's true size without being taken for the garment's
 * overall fit. The advice then moves to the size whose learned looseness is
 * nearest the looseness the body advice aimed for (which carries the fit
 * preference and the chart's tight-is-worse asymmetry). */
#include "at_size_feedback.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fit_internal.h"

typedef struct {
  int64_t customer;
  int64_t garment;   /* key of the garment overall */
  bool overall;
  int size;
  AtFitClass outcome;
} Kept;

struct AtSizeFeedback {
  AtFitLatent *latent;
  Kept *kept;
  size_t n;
};

AtFitModelDef
at_size_feedback_def_default (void)
{
  AtFitModelDef def = at_fit_model_def_default ();
  def.latent_epochs = 300;
  def.latent_rate = 0.05;
  def.latent_l2 = 1.0;
  def.latent_item_l2 = 4.0;
  return def;
}

/* FNV-1a of "garment/region", kept below 2^53 so that the model's
 * product-size keys stay distinct. */
static int64_t
product_key (const char *garment, const char *region)
{
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = garment; *p; p++)
    h = (h ^ (unsigned char) *p) * 1099511628211ULL;
  h = (h ^ '/') * 1099511628211ULL;
  for (const char *p = region ? region : ""; *p; p++)
    h = (h ^ (unsigned char) *p) * 1099511628211ULL;
  return (int64_t) (h >> 11);
}

static int
size_index (const AtGarmentDef *g, const char *name)
{
  for (int s = 0; s < g->size_count; s++)
    if (strcmp (g->sizes[s].name, name) == 0)
      return s;
  return -1;
}

AtStatus
at_size_feedback_train (const AtSizeReport *reports, size_t n, const AtFitModelDef *def, AtSizeFeedback **out,
                        size_t *skipped, AtError *err)
{
  *out = NULL;
  if (def->latent_epochs < 0 || !(def->latent_rate > 0) || !(def->latent_l2 >= 0) || !(def->latent_item_l2 >= 0))
    return at_error_set (err, AT_ERR_RANGE, "size feedback: settings out of range (positive rates)");
  /* sizes are chart indices: centred on the middle of the longest chart,
   * one size one unit */
  AtFitNorm norm;
  for (int f = 0; f < 6; f++)
    norm.mean[f] = 0.0, norm.sd[f] = 1.0;
  norm.mean[0] = 0.5 * (AT_GARMENT_MAX_SIZES - 1);
  AtSizeFeedback *fb = calloc (1, sizeof *fb);
  AtFitRecord *records = malloc ((n ? n : 1) * sizeof *records);
  if (fb)
    fb->kept = malloc ((n ? n : 1) * sizeof *fb->kept);
  if (fb)
    fb->latent = at_fit_latent_new (def, &norm);
  if (!fb || !records || !fb->kept || !fb->latent)
    {
      free (records);
      at_size_feedback_free (fb);
      return at_error_set (err, AT_ERR_NOMEM, "size feedback: out of memory");
    }
  size_t dropped = 0;
  for (size_t i = 0; i < n; i++)
    {
      const AtSizeReport *r = &reports[i];
      int s = size_index (r->garment, r->size);
      AtSizeAdvice body;
      if (s < 0 || at_size_advise (r->garment, r->body, AT_FIT_PREFERENCE_REGULAR, &body, NULL) != AT_OK)
        {
          dropped++;
          continue;
        }
      bool overall = !r->region || !r->region[0];
      AtFitRecord *rec = &records[fb->n];
      *rec = at_fit_record_default ();
      rec->customer = r->customer;
      rec->item = product_key (r->garment->id, overall ? "" : r->region);
      rec->size = s;
      rec->size_prior = body.position;
      rec->outcome = r->outcome;
      fb->kept[fb->n++] = (Kept) { .customer = r->customer, .garment = product_key (r->garment->id, ""),
                                   .overall = overall, .size = s, .outcome = r->outcome };
    }
  AtStatus st = at_fit_latent_train (fb->latent, records, NULL, fb->n, err);
  free (records);
  if (st != AT_OK)
    {
      at_size_feedback_free (fb);
      return st;
    }
  if (skipped)
    *skipped = dropped;
  *out = fb;
  return AT_OK;
}

void
at_size_feedback_free (AtSizeFeedback *fb)
{
  if (!fb)
    return;
  at_fit_latent_free (fb->latent);
  free (fb->kept);
  free (fb);
}

/* The learned looseness of size s of garment for customer placed at
 * position; customer and garment 0 mean "nobody the model has seen". */
static double
looseness (const AtSizeFeedback *fb, int64_t customer, int64_t garment, int s, double position)
{
  AtFitRecord q = at_fit_record_default ();
  q.customer = customer;
  q.item = garment;
  q.size = s;
  q.size_prior = position;
  return at_fit_latent_looseness (fb->latent, &q);
}

/* Counts the customer's reports and, when the advice moved (up: towards
 * larger sizes), those on this garment that asked for the move. */
static void
explain (const AtSizeFeedback *fb, const AtGarmentDef *g, int64_t customer, int64_t garment, int moved,
         AtSizeFeedbackEffect *effect)
{
  AtFitClass asked = moved > 0 ? AT_FIT_SMALL : AT_FIT_LARGE;
  for (size_t i = 0; i < fb->n; i++)
    {
      const Kept *k = &fb->kept[i];
      if (k->customer != customer)
        continue;
      effect->reports++;
      if (moved != 0 && k->garment == garment && k->outcome == asked && k->size < g->size_count)
        {
          effect->evidence++;
          snprintf (effect->evidence_size, sizeof effect->evidence_size, "%s", g->sizes[k->size].name);
        }
    }
  effect->changed = moved != 0;
  effect->evidence_tight = moved > 0;
}

AtStatus
at_size_advise_feedback (const AtSizeFeedback *fb, const AtGarmentDef *g, const AtMeasurements *body,
                         AtFitPreference preference, int64_t customer, AtSizeAdvice *out,
                         AtSizeFeedbackEffect *effect, AtError *err)
{
  memset (effect, 0, sizeof *effect);
  AtStatus st = at_size_advise (g, body, preference, out, err);
  if (st != AT_OK)
    return st;
  snprintf (effect->body_size, sizeof effect->body_size, "%s", out->best.size);
  if (!fb)
    return AT_OK;
  int64_t garment = product_key (g->id, "");
  /* The body advice's aim, as the model measures looseness: the best
   * size's looseness for someone with no reports on a garment with none. */
  double target = looseness (fb, 0, 0, out->best.size_index, out->position);
  int best = out->best.size_index;
  double best_gap = fabs (looseness (fb, customer, garment, best, out->position) - target);
  for (int s = 0; s < g->size_count; s++)
    {
      double gap = fabs (looseness (fb, customer, garment, s, out->position) - target);
      if (gap < best_gap - 1e-9)
        best = s, best_gap = gap;
    }
  explain (fb, g, customer, garment, best - out->best.size_index, effect);
  if (!effect->changed)
    return AT_OK;
  AtSizeFit moved;
  st = at_size_fit (g, best, body, preference, &moved, err);
  if (st != AT_OK)
    return st;
  out->runner_up = out->best;
  out->has_runner_up = true;
  out->best = moved;
  out->between_sizes = false;
  snprintf (out->advice, sizeof out->advice, "Size %.15s from fit feedback (the body alone says %.15s)", moved.size,
            effect->body_size);
  return AT_OK;
}

/* ---- reading the reports from the customer store ---- */

typedef struct {
  int64_t customer;
  AtMeasurements body;
  bool has_body;
} Placed;

typedef struct {
  AtGarmentDef def;
  bool loaded;
} Loaded;

/* Grows *items (count used, *cap allocated, size bytes each) by one. */
static void *
grow (void **items, size_t count, size_t *cap, size_t size)
{
  if (count == *cap)
    {
      size_t new_cap = *cap ? 2 * *cap : 8;
      void *bigger = realloc (*items, new_cap * size);
      if (!bigger)
        return NULL;
      *items = bigger;
      *cap = new_cap;
    }
  return memset ((char *) *items + count * size, 0, size);
}

AtStatus
at_size_feedback_from_store (AtStore *store, AtSizeFeedback **out, size_t *skipped, AtError *err)
{
  *out = NULL;
  AtFeedback *rows = NULL;
  size_t n = 0;
  AtStatus st = at_store_feedback_list_all (store, &rows, &n, err);
  if (st != AT_OK)
    return st;
  /* Each distinct customer and garment is read once; the reports name them
   * by index until both lists stop moving in memory. */
  Placed *people = NULL;
  Loaded *garments = NULL;
  size_t n_people = 0, n_garments = 0, cap_people = 0, cap_garments = 0, n_reports = 0, dropped = 0;
  AtSizeReport *reports = calloc (n ? n : 1, sizeof *reports);
  size_t (*owners)[2] = calloc (n ? n : 1, sizeof *owners);
  if (!reports || !owners)
    st = at_error_set (err, AT_ERR_NOMEM, "size feedback: out of memory");
  for (size_t i = 0; st == AT_OK && i < n; i++)
    {
      size_t p = 0, g = 0;
      while (p < n_people && people[p].customer != rows[i].customer)
        p++;
      /* ids longer than a garment id cannot be library garments: they share
       * one unloaded slot per prefix */
      while (g < n_garments && strncmp (garments[g].def.id, rows[i].garment, sizeof garments[g].def.id - 1) != 0)
        g++;
      Placed *person = p < n_people ? &people[p] : grow ((void **) &people, n_people, &cap_people, sizeof *people);
      Loaded *garment = g < n_garments ? &garments[g]
                                       : grow ((void **) &garments, n_garments, &cap_garments, sizeof *garments);
      if (!person || !garment)
        {
          st = at_error_set (err, AT_ERR_NOMEM, "size feedback: out of memory");
          break;
        }
      if (p == n_people)
        {
          person->customer = rows[i].customer;
          AtStoredMeasurements *history = NULL;
          size_t count = 0;
          st = at_store_measurements_list (store, rows[i].customer, &history, &count, err);
          if (st == AT_OK && count > 0)
            person->body = history[count - 1].m, person->has_body = true;
          free (history);
          n_people++;
        }
      if (g == n_garments)
        {
          /* a garment no longer in the library keeps its id, unloaded */
          garment->loaded = at_garment_load (rows[i].garment, &garment->def, NULL) == AT_OK;
          snprintf (garment->def.id, sizeof garment->def.id, "%.*s", (int) sizeof garment->def.id - 1,
                    rows[i].garment);
          n_garments++;
        }
      if (st != AT_OK || !person->has_body || !garment->loaded)
        {
          dropped++;
          continue;
        }
      owners[n_reports][0] = p, owners[n_reports][1] = g;
      reports[n_reports++] = (AtSizeReport) {
        .customer = rows[i].customer, .size = rows[i].size, .region = rows[i].region,
        .outcome = rows[i].verdict == AT_FEEDBACK_TOO_SMALL   ? AT_FIT_SMALL
                   : rows[i].verdict == AT_FEEDBACK_TOO_LARGE ? AT_FIT_LARGE
                                                              : AT_FIT_FIT,
      };
    }
  if (st == AT_OK)
    {
      for (size_t r = 0; r < n_reports; r++)
        reports[r].body = &people[owners[r][0]].body, reports[r].garment = &garments[owners[r][1]].def;
      AtFitModelDef def = at_size_feedback_def_default ();
      size_t unplaced = 0;
      st = at_size_feedback_train (reports, n_reports, &def, out, &unplaced, err);
      dropped += unplaced;
    }
  if (st == AT_OK && skipped)
    *skipped = dropped;
  free (owners);
  free (reports);
  free (garments);
  free (people);
  free (rows);
  return st;
}

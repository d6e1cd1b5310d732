/* Size recommendation from body measurements (see at_size_advice.h).
 *
 * Each size is scored by the squared deviation of the person's girths from
 * the size's chart girths, in units of the chart's local grade step (so a
 * 4 cm chest step and a 2 cm neck step weigh alike), with deviations that
 * make the garment tighter than intended weighing 1.5 times more: a loose
 * garment can be worn, a tight one cannot (the asymmetry size advisers
 * apply, cf. Sembium et al., RecSys 2017, who learn it from returns). The
 * fit preference shifts the wanted girth by a fraction of the grade step.
 * The regions' ease and verdicts are the finished garment's (fit/
 * at_fit_chart_girth measures the graded pattern), falling back to chart
 * girth plus design ease where the pattern cannot be measured.
 * Confidence is the softmax share of the best size among all sizes, scaled
 * down when the deciding girths were estimated rather than measured. */
#include "at_size_advice.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define TIGHT_WEIGHT 1.5
/* Verdict limits come from the drape's fit analysis (at_fit_region_limits)
 * so that the advice says what the drape shows for the same body and size:
 * a region is tight when the garment leaves less than 2 cm round the body
 * (1 cm at the neck), loose when it leaves more than 3 cm beyond the ease
 * the size was made with. Limits relative to the grade step (half a step
 * tight, a step loose) called a one-size-small T-shirt's hip "tight" with
 * 5 cm to spare, where the drape shows it sitting well: bench
 * drape-agreement. */
#define SOFTMAX_SHARPNESS 2.0
#define BETWEEN_MARGIN 0.25

bool
at_fit_preference_from_name (const char *name, AtFitPreference *out)
{
  if (strcmp (name, "close") == 0)
    *out = AT_FIT_PREFERENCE_CLOSE;
  else if (strcmp (name, "regular") == 0)
    *out = AT_FIT_PREFERENCE_REGULAR;
  else if (strcmp (name, "loose") == 0)
    *out = AT_FIT_PREFERENCE_LOOSE;
  else
    return false;
  return true;
}

/* The chart's grade step for a girth around a size: the mean difference to
 * its neighbours (a chart with one size falls back to 4 cm, EN 13402-3's
 * usual chest step). */
static double
grade_step (const AtGarmentDef *g, int size, AtMeasureKey key)
{
  double sum = 0.0;
  int n = 0;
  if (size > 0 && g->sizes[size - 1].body.given[key])
    sum += g->sizes[size].body.value[key] - g->sizes[size - 1].body.value[key], n++;
  if (size + 1 < g->size_count && g->sizes[size + 1].body.given[key])
    sum += g->sizes[size + 1].body.value[key] - g->sizes[size].body.value[key], n++;
  double step = n ? sum / n : 4.0;
  return step > 0.5 ? step : 0.5;
}

static double
preference_shift (AtFitPreference p)
{
  return p == AT_FIT_PREFERENCE_CLOSE ? -0.5 : p == AT_FIT_PREFERENCE_LOOSE ? 0.5 : 0.0;
}

/* One size's score and regions; finished: the regions' ease is the
 * finished garment's (else the chart's body girth plus design ease, which
 * scores alike: choosing among all sizes needs no pattern). */
static AtStatus
size_fit (const AtGarmentDef *g, int size_index, const AtMeasurements *body, AtFitPreference preference,
          bool finished_girths, AtSizeFit *out, AtError *err)
{
  if (size_index < 0 || size_index >= g->size_count)
    return at_error_set (err, AT_ERR_RANGE, "%s: no size number %d", g->id, size_index);
  memset (out, 0, sizeof *out);
  snprintf (out->size, sizeof out->size, "%s", g->sizes[size_index].name);
  out->size_index = size_index;
  AtGarmentEase eases[AT_SIZE_MAX_REGIONS];
  int n = at_garment_eases (g, eases, AT_SIZE_MAX_REGIONS);
  const AtChartSize *chart = &g->sizes[size_index];
  for (int i = 0; i < n; i++)
    {
      AtMeasureKey key = eases[i].girth;
      if (!chart->body.given[key] || !(body->value[key] > 0.0))
        continue;
      double step = grade_step (g, size_index, key);
      /* the size is chosen by the chart's body girths against the person's */
      double deviation = (chart->body.value[key] - body->value[key]) / step - preference_shift (preference);
      AtRegionFit *r = &out->regions[out->region_count++];
      snprintf (r->region, sizeof r->region, "%s", eases[i].region);
      r->girth = key;
      r->measured = body->given[key];
      /* the fit is the garment's: its finished girth, as graded, less the
       * person's, and the ease it was made with is what it has on the
       * size's own body */
      double finished, made_with;
      if (finished_girths && at_fit_chart_girth (g, size_index, key, body, &finished, &made_with))
        r->intended_cm = made_with, r->ease_cm = finished - body->value[key];
      else
        r->intended_cm = eases[i].ease_cm, r->ease_cm = chart->body.value[key] + eases[i].ease_cm - body->value[key];
      double wanted = r->intended_cm + preference_shift (preference) * step, tight_below, loose_above;
      at_fit_region_limits (eases[i].region, &wanted, &tight_below, &loose_above);
      double ease = r->ease_cm;
      r->verdict = ease < tight_below ? AT_FIT_TIGHT : ease > loose_above ? AT_FIT_LOOSE : AT_FIT_GOOD;
      out->score += deviation * deviation * (deviation < 0.0 ? TIGHT_WEIGHT : 1.0);
      out->looseness += deviation;
    }
  if (out->region_count == 0)
    return at_error_set (err, AT_ERR_INVALID, "%s: its size chart states none of the girths it fits", g->id);
  out->score /= out->region_count;
  out->looseness /= out->region_count;
  return AT_OK;
}

AtStatus
at_size_fit (const AtGarmentDef *g, int size_index, const AtMeasurements *body, AtFitPreference preference,
             AtSizeFit *out, AtError *err)
{
  return size_fit (g, size_index, body, preference, true, out, err);
}

/* Beyond the chart: every fitted girth lies more than half a grade step
 * outside the smallest or the largest size. */
static bool
outside_chart (const AtGarmentDef *g, const AtSizeFit *smallest, const AtSizeFit *largest)
{
  bool below = true, above = true;
  for (int i = 0; i < smallest->region_count; i++)
    {
      const AtRegionFit *s = &smallest->regions[i], *l = &largest->regions[i];
      double step_s = grade_step (g, 0, s->girth), step_l = grade_step (g, g->size_count - 1, l->girth);
      below &= s->ease_cm - s->intended_cm > 0.5 * step_s;
      above &= l->ease_cm - l->intended_cm < -0.5 * step_l;
    }
  return below || above;
}

AtStatus
at_size_advise (const AtGarmentDef *g, const AtMeasurements *body, AtFitPreference preference, AtSizeAdvice *out,
                AtError *err)
{
  memset (out, 0, sizeof *out);
  if (g->size_count < 1)
    return at_error_set (err, AT_ERR_INVALID, "%s: the garment has no size chart", g->id);
  AtSizeFit fits[AT_GARMENT_MAX_SIZES];
  for (int s = 0; s < g->size_count; s++)
    {
      AtStatus st = size_fit (g, s, body, preference, false, &fits[s], err);
      if (st != AT_OK)
        return st;
    }
  int best = 0, second = -1;
  for (int s = 1; s < g->size_count; s++)
    if (fits[s].score < fits[best].score)
      best = s;
  for (int s = 0; s < g->size_count; s++)
    if (s != best && (second < 0 || fits[s].score < fits[second].score))
      second = s;
  /* the two sizes told get the finished garment's fit */
  AtStatus st = size_fit (g, best, body, preference, true, &out->best, err);
  if (st == AT_OK && second >= 0)
    st = size_fit (g, second, body, preference, true, &out->runner_up, err);
  if (st != AT_OK)
    return st;
  out->has_runner_up = second >= 0;
  out->position = best - fits[best].looseness;

  double total = 0.0;
  for (int s = 0; s < g->size_count; s++)
    total += exp (-SOFTMAX_SHARPNESS * (fits[s].score - fits[best].score));
  int measured = 0;
  for (int i = 0; i < out->best.region_count; i++)
    measured += out->best.regions[i].measured;
  double measured_share = (double) measured / out->best.region_count;
  out->confidence = (1.0 / total) * (0.6 + 0.4 * measured_share);
  out->outside_chart = outside_chart (g, &fits[0], &fits[g->size_count - 1]);
  out->between_sizes = second >= 0 && abs (second - best) == 1
                       && fits[second].score - fits[best].score < BETWEEN_MARGIN;

  if (out->outside_chart)
    snprintf (out->advice, sizeof out->advice, "Outside the size chart: %.15s is the nearest size", out->best.size);
  else if (out->between_sizes)
    {
      const char *smaller = second < best ? fits[second].size : fits[best].size;
      const char *larger = second < best ? fits[best].size : fits[second].size;
      snprintf (out->advice, sizeof out->advice, "Between %.15s and %.15s: %.15s for a closer fit, %.15s for more room", smaller,
                larger, smaller, larger);
    }
  else
    snprintf (out->advice, sizeof out->advice, "Size %.15s", out->best.size);
  return AT_OK;
}

char *
at_size_advice_to_json (const AtGarmentDef *g, const AtSizeAdvice *a)
{
  json_t *root = json_object ();
  json_object_set_new (root, "garment", json_string (g->id));
  json_object_set_new (root, "size", json_string (a->best.size));
  json_object_set_new (root, "runner_up", a->has_runner_up ? json_string (a->runner_up.size) : json_null ());
  json_object_set_new (root, "confidence", json_real (round (a->confidence * 1000.0) / 1000.0));
  json_object_set_new (root, "outside_chart", json_boolean (a->outside_chart));
  json_object_set_new (root, "between_sizes", json_boolean (a->between_sizes));
  json_object_set_new (root, "advice", json_string (a->advice));
  json_t *regions = json_array ();
  for (int i = 0; i < a->best.region_count; i++)
    {
      const AtRegionFit *r = &a->best.regions[i];
      json_t *o = json_object ();
      json_object_set_new (o, "region", json_string (r->region));
      json_object_set_new (o, "ease_cm", json_real (round (r->ease_cm * 10.0) / 10.0));
      json_object_set_new (o, "verdict", json_string (at_fit_verdict_name (r->verdict)));
      json_object_set_new (o, "intended_ease_cm", json_real (round (r->intended_cm * 10.0) / 10.0));
      json_object_set_new (o, "measured", json_boolean (r->measured));
      json_array_append_new (regions, o);
    }
  json_object_set_new (root, "regions", regions);
  char *text = json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (6));
  json_decref (root);
  return text;
}

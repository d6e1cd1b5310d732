/* Size and fit advice for the kiosk from the size chart alone.
 *
 * Method: the garment in chart size s has a finished girth at each region
 * the garment eases, measured on its graded pattern at the customer's own
 * levels (at_fit_chart_girth, as `recommend` and the drape measure it), so
 * on this customer it leaves body_ease = finished - customer_girth. The
 * ease it was made with (finished less its own chart body's girth) is the
 * intended ease; the customer's preference scales it (close 0.6x, regular 1x,
 * loose 1.5x: the usual spread between fitted, regular and relaxed blocks,
 * Aldrich, "Metric Pattern Cutting"); the deviation from that target,
 * divided by a tolerance of half the ease (at least 2 cm), gives each
 * region's feel, and the sum of squared normalised deviations ranks the
 * sizes, a negative body ease (smaller than the body) counted four times
 * over because it cannot be worn. The runner-up is the better neighbour.
 *
 * The size the customer usually wears is a prior, not a measurement: shop
 * sizes drift between brands by about one size, so it only breaks near ties
 * between neighbouring sizes (a score within one region's tolerance of the
 * best), and the advice says when it did.
 *
 * Once the garment is draped, the drape's fit report (ease measured on the
 * draped mesh) replaces the chart estimate region by region, judged by the
 * same preference and tolerance. */
#include "at-kiosk-advice.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double pref_factor[] = { 0.6, 1.0, 1.5 };

static double
tolerance (double ease)
{
  return MAX (2.0, 0.5 * fabs (ease));
}

/* Judges a region whose garment girth leaves body_ease on the customer
 * against the design ease scaled by their preference; returns the squared
 * normalised deviation the size's score adds. */
static double
judge (AtKioskRegionFit *r, const AtGarmentEase *ease, double body_ease, AtKioskFitPref pref)
{
  r->ease = *ease;
  r->body_ease = body_ease;
  r->deviation = body_ease - ease->ease_cm * pref_factor[pref];
  double z = r->deviation / tolerance (ease->ease_cm);
  if (body_ease < 0)
    r->feel = AT_KIOSK_FEEL_TIGHT;
  else if (z < -1)
    r->feel = AT_KIOSK_FEEL_SNUG;
  else if (z > 1)
    r->feel = AT_KIOSK_FEEL_ROOMY;
  else
    r->feel = AT_KIOSK_FEEL_RIGHT;
  return z * z * (body_ease < 0 ? 4.0 : 1.0);
}

static int
known_index (const AtGarmentDef *def, const char *const *known)
{
  for (int k = 0; known && known[k]; k++)
    for (int s = 0; s < def->size_count; s++)
      if (g_str_equal (def->sizes[s].name, known[k]))
        return s;
  return -1;
}

void
at_kiosk_advise (const AtGarmentDef *def, const AtMeasurements *body, AtKioskFitPref pref,
                 const char *const *known, AtKioskAdvice *out)
{
  memset (out, 0, sizeof *out);
  AtGarmentEase eases[AT_GARMENT_MAX_PARAMS];
  int ne = at_garment_eases (def, eases, AT_GARMENT_MAX_PARAMS);
  out->best = -1;
  out->alternative = -1;
  for (int s = 0; s < def->size_count; s++)
    {
      AtKioskSizeFit *fit = &out->sizes[s];
      for (int e = 0; e < ne && fit->n_regions < AT_KIOSK_MAX_REGIONS; e++)
        {
          AtMeasureKey g = eases[e].girth;
          if (!def->sizes[s].body.given[g] || !(body->value[g] > 0))
            continue;
          /* The garment's finished girth at the customer's own levels and
           * the ease it was made with, as `recommend` and the drape read
           * them; the chart body plus design ease where the pattern does
           * not say (a neck band). */
          AtGarmentEase made = eases[e];
          double finished;
          if (!at_fit_chart_girth (def, s, g, body, &finished, &made.ease_cm))
            finished = def->sizes[s].body.value[g] + eases[e].ease_cm;
          fit->score += judge (&fit->regions[fit->n_regions++], &made, finished - body->value[g], pref);
        }
      if (fit->n_regions > 0 && (out->best < 0 || fit->score < out->sizes[out->best].score))
        out->best = s;
    }
  out->known = known_index (def, known);
  if (out->best < 0)
    return;
  int k = out->known;
  if (k >= 0 && abs (k - out->best) == 1 && out->sizes[k].n_regions > 0
      && out->sizes[k].score <= out->sizes[out->best].score + AT_KIOSK_KNOWN_SIZE_MARGIN)
    {
      out->best = k;
      out->known_chosen = TRUE;
    }
  int lo = out->best - 1, hi = out->best + 1;
  if (lo >= 0 && (hi >= def->size_count || out->sizes[lo].score <= out->sizes[hi].score))
    out->alternative = lo;
  else if (hi < def->size_count)
    out->alternative = hi;
}

double
at_kiosk_feel_value (const AtKioskRegionFit *fit)
{
  switch (fit->feel)
    {
    case AT_KIOSK_FEEL_TIGHT: return -1.0;
    case AT_KIOSK_FEEL_SNUG: return -0.55;
    case AT_KIOSK_FEEL_ROOMY: return 0.7;
    case AT_KIOSK_FEEL_RIGHT:
    default: return 0.0;
    }
}

gsize
at_kiosk_pick_items (const AtStyleModel *model, const AtStyleCatalog *cat, AtSex sex, gsize max, int *out)
{
  gsize pool = at_style_catalog_size (cat);
  AtStyleRec *recs = g_new (AtStyleRec, pool);
  AtStyleProfile profile = at_style_profile_default ();
  GDateTime *now = g_date_time_new_now_utc ();
  profile.day = (int32_t) (g_date_time_to_unix (now) / 86400);
  g_date_time_unref (now);
  gsize n = at_style_rank (model, &profile, pool, recs);
  GHashTable *per_garment = g_hash_table_new (g_str_hash, g_str_equal);
  gsize count = 0;
  for (gsize i = 0; i < n && count < max; i++)
    {
      const AtStyleItem *item = at_style_catalog_item (cat, recs[i].item);
      if (sex == AT_SEX_MALE && (g_str_equal (item->garment, "dress") || g_str_equal (item->garment, "skirt")))
        continue;
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (per_garment, item->garment));
      if (seen >= 2)
        continue;
      g_hash_table_insert (per_garment, (gpointer) item->garment, GUINT_TO_POINTER (seen + 1));
      out[count++] = recs[i].item;
    }
  g_hash_table_unref (per_garment);
  g_free (recs);
  return count;
}

/* The fit report names some regions otherwise than the garment's eases. */
static gboolean
same_region (const char *report_region, const AtGarmentEase *ease)
{
  static const char *const aliases[][2] = { { "neck", "neck_girth" }, { "thigh", "thigh_girth" } };
  if (g_str_equal (report_region, ease->region))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (report_region, aliases[i][0]) && g_str_equal (ease->region, aliases[i][1]))
      return TRUE;
  return FALSE;
}

void
at_kiosk_feel_measured (const AtFitReport *report, const AtGarmentDef *def, AtKioskFitPref pref,
                        AtKioskSizeFit *out)
{
  memset (out, 0, sizeof *out);
  AtGarmentEase eases[AT_GARMENT_MAX_PARAMS];
  int ne = at_garment_eases (def, eases, AT_GARMENT_MAX_PARAMS);
  for (int i = 0; i < report->region_count && out->n_regions < AT_KIOSK_MAX_REGIONS; i++)
    {
      const AtFitRegion *reg = &report->regions[i];
      if (g_str_equal (reg->region, "length"))
        continue;
      AtKioskRegionFit *r = &out->regions[out->n_regions++];
      int e = 0;
      while (e < ne && !same_region (reg->region, &eases[e]))
        e++;
      if (e < ne)
        {
          out->score += judge (r, &eases[e], reg->ease_cm, pref);
          /* The report's verdict also counts cloth strain: a stretched
           * girth is tight whatever its ease. */
          if (reg->verdict == AT_FIT_TIGHT)
            r->feel = AT_KIOSK_FEEL_TIGHT;
          continue;
        }
      /* No design ease to prefer more or less of: the report's verdict. */
      r->ease = (AtGarmentEase) { .region = reg->region, .girth = AT_M_COUNT, .ease_cm = 0 };
      r->body_ease = reg->ease_cm;
      r->feel = reg->verdict == AT_FIT_TIGHT ? AT_KIOSK_FEEL_TIGHT
                : reg->verdict == AT_FIT_LOOSE ? AT_KIOSK_FEEL_ROOMY : AT_KIOSK_FEEL_RIGHT;
    }
}

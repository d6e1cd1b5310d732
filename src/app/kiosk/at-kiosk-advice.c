/* Size and fit advice for the kiosk from the size chart alone.
 *
 * Method: the garment in chart size s has girth chart_body_s + ease at each
 * region the garment eases (the drafting's own ease parameters), so on this
 * customer it leaves body_ease = chart_body_s + ease - customer_girth. The
 * customer's preference scales the intended ease (close 0.6x, regular 1x,
 * loose 1.5x: the usual spread between fitted, regular and relaxed blocks,
 * Aldrich, "Metric Pattern Cutting"); the deviation from that target,
 * divided by a tolerance of half the ease (at least 2 cm), gives each
 * region's feel, and the sum of squared normalised deviations ranks the
 * sizes, a negative body ease (smaller than the body) counted four times
 * over because it cannot be worn. The runner-up is the better neighbour.
 * When a drape engine reports measured ease, it replaces this estimate. */
#include "at-kiosk-advice.h"

#include <math.h>
#include <string.h>

static const double pref_factor[] = { 0.6, 1.0, 1.5 };

static double
tolerance (double ease)
{
  return MAX (2.0, 0.5 * fabs (ease));
}

void
at_kiosk_advise (const AtGarmentDef *def, const AtMeasurements *body, AtKioskFitPref pref, AtKioskAdvice *out)
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
          AtKioskRegionFit *r = &fit->regions[fit->n_regions++];
          r->ease = eases[e];
          r->body_ease = def->sizes[s].body.value[g] + eases[e].ease_cm - body->value[g];
          r->deviation = r->body_ease - eases[e].ease_cm * pref_factor[pref];
          double tol = tolerance (eases[e].ease_cm);
          double z = r->deviation / tol;
          if (r->body_ease < 0)
            r->feel = AT_KIOSK_FEEL_TIGHT;
          else if (z < -1)
            r->feel = AT_KIOSK_FEEL_SNUG;
          else if (z > 1)
            r->feel = AT_KIOSK_FEEL_ROOMY;
          else
            r->feel = AT_KIOSK_FEEL_RIGHT;
          fit->score += z * z * (r->body_ease < 0 ? 4.0 : 1.0);
        }
      if (fit->n_regions > 0 && (out->best < 0 || fit->score < out->sizes[out->best].score))
        out->best = s;
    }
  if (out->best < 0)
    return;
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

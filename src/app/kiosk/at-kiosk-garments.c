/* Words for garments and fit in the customer's language, and the two fit
 * pictures: the draped garment coloured by how it sits, or, when it could
 * not be draped, the body coloured by how each region would feel.
 *
 * The draped garment's colour per vertex reads the drape's fit report:
 * where the cloth presses on the skin (contact pressure) it runs from
 * yellow to red, reaching red at KIOSK_FIRM_KPA; where it stands off the
 * skin it runs from yellow to blue, reaching blue at KIOSK_LOOSE_CM of
 * clearance. One diverging ramp, one legend: red tight, blue roomy.
 *
 * The fit map spreads each region's feel over the body around the region's
 * landmark (a horizontal band for torso girths, a sphere round each limb's
 * point), with Gaussian fall-off, and blends the diverging ramp of the
 * studio's legend (ColorBrewer RdYlBu: blue roomy, yellow right, red tight)
 * into the skin colour by the strongest weight, so uncovered parts stay skin. */
#include "at-kiosk-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

/* ---- words for garments ---- */

static const char *
garment_word (const char *garment)
{
  static const struct { const char *id, *word; } words[] = {
    { "tshirt", N_("T-shirt") }, { "shirt", N_("shirt") }, { "skirt", N_("skirt") },
    { "trousers", N_("trousers") }, { "dress", N_("dress") }, { "hoodie", N_("hoodie") },
    { "jacket", N_("jacket") },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (words[i].id, garment))
      return _(words[i].word);
  return garment;
}

const char *
at_kiosk_attribute_word (const char *value)
{
  /* Catalogue colours, silhouettes and fabrics, marked for translation. */
  static const char *const words[] = {
    N_("beige"), N_("black"), N_("blue"), N_("burgundy"), N_("green"), N_("grey"), N_("navy"), N_("pink"),
    N_("red"), N_("white"), N_("a-line"), N_("cropped"), N_("fitted"), N_("maxi"), N_("oversized"), N_("pencil"),
    N_("pleated"), N_("regular"), N_("relaxed"), N_("sheath"), N_("shift"), N_("slim"), N_("straight"),
    N_("tapered"), N_("wide-leg"), N_("wrap"), N_("cotton fleece"), N_("cotton jersey"), N_("cotton poplin"),
    N_("cotton twill"), N_("denim"), N_("french terry"), N_("jersey"), N_("linen"), N_("linen jersey"),
    N_("merino"), N_("oxford"), N_("satin"), N_("silk"), N_("viscose crepe"), N_("wool crepe"), N_("wool twill"),
  };
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (words[i], value))
      return _(words[i]);
  return value;
}

char *
at_kiosk_item_title (const AtStyleItem *item)
{
  /* TRANSLATORS: colour, silhouette and garment, e.g. "navy slim trousers" */
  char *title = g_strdup_printf (_("%s %s %s"), at_kiosk_attribute_word (item->colour),
                                 at_kiosk_attribute_word (item->silhouette), garment_word (item->garment));
  title[0] = g_ascii_toupper (title[0]); /* a no-op for scripts without case */
  return title;
}

static const char *
region_word (const char *region)
{
  static const struct { const char *id, *word; } words[] = {
    { "chest", N_("chest") }, { "waist", N_("waist") }, { "hip", N_("hips") }, { "upper_arm", N_("upper arms") },
    { "wrist", N_("wrists") }, { "calf", N_("calves") }, { "neck_girth", N_("neck") },
    { "thigh_girth", N_("thighs") },
    { "neck", N_("neck") }, { "shoulders", N_("shoulders") }, { "thigh", N_("thighs") },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (words[i].id, region))
      return _(words[i].word);
  return region;
}

char *
at_kiosk_feel_words (const AtKioskRegionFit *fit)
{
  const char *region = region_word (fit->ease.region);
  switch (fit->feel)
    {
    /* TRANSLATORS: %s is a body region: "chest", "hips"... */
    case AT_KIOSK_FEEL_TIGHT: return g_strdup_printf (_("Tight at the %s"), region);
    case AT_KIOSK_FEEL_SNUG: return g_strdup_printf (_("Snug at the %s"), region);
    case AT_KIOSK_FEEL_ROOMY: return g_strdup_printf (_("Roomy at the %s"), region);
    case AT_KIOSK_FEEL_RIGHT:
    default: return g_strdup_printf (_("Just right at the %s"), region);
    }
}

/* ---- try it on: the fit map on the body ---- */

static gboolean
region_points (const AtBodyLandmarks *lm, const char *region, float points[2][3], gboolean *band)
{
  *band = TRUE;
  const AtBodyLevel *level = NULL;
  if (g_str_equal (region, "chest"))
    level = &lm->chest;
  else if (g_str_equal (region, "waist"))
    level = &lm->waist;
  else if (g_str_equal (region, "hip"))
    level = &lm->hip;
  else if (g_str_equal (region, "neck_girth"))
    level = &lm->neck;
  if (level)
    {
      points[0][1] = points[1][1] = level->y;
      return TRUE;
    }
  *band = FALSE;
  const float *a = NULL, *b = NULL;
  if (g_str_equal (region, "upper_arm"))
    a = lm->arm_left.upper_arm, b = lm->arm_right.upper_arm;
  else if (g_str_equal (region, "wrist"))
    a = lm->arm_left.wrist, b = lm->arm_right.wrist;
  else if (g_str_equal (region, "calf"))
    a = lm->leg_left.calf, b = lm->leg_right.calf;
  else if (g_str_equal (region, "thigh_girth"))
    a = lm->leg_left.thigh, b = lm->leg_right.thigh;
  if (!a)
    return FALSE;
  memcpy (points[0], a, sizeof points[0]);
  memcpy (points[1], b, sizeof points[1]);
  return TRUE;
}

/* Diverging ramp of the studio's legend (ColorBrewer RdYlBu), blue = roomy,
 * red = tight, in linear RGB. */
static void
ramp (double t, float out[3])
{
  static const float stops[5][3] = {
    { 0.025f, 0.198f, 0.479f }, { 0.402f, 0.693f, 0.815f }, { 1.0f, 1.0f, 0.521f },
    { 0.982f, 0.423f, 0.122f }, { 0.680f, 0.008f, 0.012f },
  };
  t = CLAMP (t, 0.0, 1.0) * 4.0;
  int i = MIN ((int) t, 3);
  float f = (float) (t - i);
  for (int c = 0; c < 3; c++)
    out[c] = stops[i][c] * (1 - f) + stops[i + 1][c] * f;
}

/* What the customer's usual size did to the advice, in plain words. */
char *
at_kiosk_known_size_words (const AtKioskWindow *self)
{
  const AtKioskAdvice *a = &self->session.advice;
  if (a->known < 0 || a->best < 0)
    return NULL;
  const char *known = self->session.garment.sizes[a->known].name;
  const char *best = self->session.garment.sizes[a->best].name;
  if (a->known_chosen)
    /* TRANSLATORS: %s is a size, e.g. "M" */
    return g_strdup_printf (_("You usually wear %s. Two sizes fit your measurements almost equally, so we "
                              "recommend the one you know."), known);
  if (a->known == a->best)
    return g_strdup_printf (_("Your measurements agree with the size you usually wear, %s."), known);
  /* TRANSLATORS: the usual size, then the size recommended */
  return g_strdup_printf (_("You usually wear %s, but in this garment your measurements point to %s."), known, best);
}

/* ---- the draped garment ---- */

#define KIOSK_FIRM_KPA 2.0f  /* about 15 mmHg: light compression hosiery */
#define KIOSK_LOOSE_CM 6.0f  /* clearly hanging away from the body */

void
at_kiosk_show_drape (AtKioskWindow *self)
{
  const AtFitReport *report = &self->drape_report;
  if (!self->drape_mesh || !self->has_drape_report || report->vertex_count != self->drape_mesh->vertex_count)
    return;
  AtMesh *mesh = at_mesh_copy (self->drape_mesh);
  if (!mesh)
    return;
  if (!mesh->colors)
    mesh->colors = malloc (sizeof (float) * 3 * mesh->vertex_count);
  if (!mesh->colors)
    {
      at_mesh_free (mesh);
      return;
    }
  for (int v = 0; v < mesh->vertex_count; v++)
    {
      /* 0.5 touches, 1 presses firmly, 0 hangs loose */
      double t = report->pressure[v] > 0 ? 0.5 + 0.5 * MIN (1.0, report->pressure[v] / KIOSK_FIRM_KPA)
                                         : 0.5 - 0.5 * CLAMP (report->clearance[v] / KIOSK_LOOSE_CM, 0.0, 1.0);
      ramp (t, mesh->colors + 3 * v);
    }
  AtMaterial cloth = at_material_default ();
  cloth.roughness = 0.85f;
  cloth.weave = 0.18f;
  cloth.weave_scale = 350.0f;
  cloth.use_vertex_color = TRUE;
  AtMaterial skin = at_kiosk_skin_material ();
  at_view3d_set_mesh (self->view, AT_SLOT_BODY, self->body ? at_body_mesh (self->body) : NULL, &skin);
  at_view3d_set_mesh (self->view, AT_SLOT_GARMENT, mesh, &cloth);
  at_view3d_set_legend (self->view, _("How it fits"), _("Roomy"), _("Tight"));
  at_mesh_free (mesh);
}

void
at_kiosk_show_fit_map (AtKioskWindow *self)
{
  KioskSession *s = &self->session;
  if (!self->body)
    return;
  const AtKioskSizeFit *fit = &s->advice.sizes[s->shown_size];
  const AtBodyLandmarks *lm = at_body_landmarks (self->body);
  AtMesh *mesh = at_mesh_copy (at_body_mesh (self->body));
  if (!mesh)
    return;
  if (!mesh->colors)
    mesh->colors = g_malloc (sizeof (float) * 3 * mesh->vertex_count);
  AtMaterial skin = at_kiosk_skin_material ();
  for (int v = 0; v < mesh->vertex_count; v++)
    {
      const float *p = mesh->positions + 3 * v;
      double wsum = 0, vsum = 0, cover = 0;
      for (int r = 0; r < fit->n_regions; r++)
        {
          float pts[2][3];
          gboolean band;
          if (!region_points (lm, fit->regions[r].ease.region, pts, &band))
            continue;
          double d2;
          if (band)
            d2 = (p[1] - pts[0][1]) * (p[1] - pts[0][1]) / (0.07 * 0.07);
          else
            {
              double best = G_MAXDOUBLE;
              for (int k = 0; k < 2; k++)
                {
                  double dx = p[0] - pts[k][0], dy = p[1] - pts[k][1], dz = p[2] - pts[k][2];
                  best = MIN (best, dx * dx + dy * dy + dz * dz);
                }
              d2 = best / (0.08 * 0.08);
            }
          double w = exp (-d2);
          wsum += w;
          vsum += w * at_kiosk_feel_value (&fit->regions[r]);
          cover = MAX (cover, w);
        }
      float c[3];
      ramp (wsum > 0 ? (1.0 - vsum / wsum) / 2.0 : 0.5, c);
      for (int k = 0; k < 3; k++)
        mesh->colors[3 * v + k] = (float) (skin.base_color[k] * (1 - cover) + c[k] * cover);
    }
  AtMaterial material = skin;
  material.use_vertex_color = TRUE;
  at_view3d_set_mesh (self->view, AT_SLOT_GARMENT, NULL, NULL);
  at_view3d_set_mesh (self->view, AT_SLOT_BODY, mesh, &material);
  at_view3d_set_legend (self->view, _("How it fits"), _("Roomy"), _("Tight"));
  at_mesh_free (mesh);
}


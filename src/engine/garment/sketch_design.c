/* Sketch to garment design parameters.
 *
 * Method: the traced outline is symmetric about x = 0 and drawn at the
 * garment's real length, so a horizontal line through it at height y meets
 * the outline where the garment's front edge is; twice the half width is
 * the flat front width and four times it the circumference of a garment
 * whose back matches its front (the usual assumption when reading a
 * technical flat, e.g. Szkutnicka, "Technical Drawing for Fashion", 2010).
 * The torso's half width at a level is the innermost crossing beyond the
 * centre that still belongs to the body of the garment: for tops the
 * sleeves hang outside the torso, so the torso edge is taken as the first
 * crossing outward from the centre line. Levels follow the proportions of
 * a standing figure relative to the garment's top (the neck point): chest
 * at 20 % of a top's length, waist at 45 %, hip at 75 %; for trousers and
 * skirts the top is the waist. Eases are those widths minus the body's
 * girths; parameters without a counterpart keep their values. */
#include "at_sketch_design.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define SAMPLES_PER_SEGMENT 24
#define MAX_CROSSINGS 32

const char *
at_sketch_garment_id (AtSketchCategory category)
{
  switch (category)
    {
    case AT_SKETCH_TOP: return "tshirt";
    case AT_SKETCH_TROUSERS: return "trousers";
    case AT_SKETCH_PULLOVER: return "hoodie";
    case AT_SKETCH_DRESS: return "dress";
    case AT_SKETCH_COAT: return "hoodie";
    case AT_SKETCH_SHIRT: return "shirt";
    default: return "tshirt";
    }
}

/* Positive x where the outline crosses height y, sorted outward. */
static int
crossings (const AtSketch *s, double y, double *xs)
{
  int n = 0;
  for (int i = 0; i < s->outline_count; i++)
    {
      AtSketchPoint a = at_sketch_bezier_point (&s->outline[i], 0.0);
      for (int k = 1; k <= SAMPLES_PER_SEGMENT; k++)
        {
          AtSketchPoint b = at_sketch_bezier_point (&s->outline[i], (double) k / SAMPLES_PER_SEGMENT);
          if ((a.y - y) * (b.y - y) <= 0.0 && a.y != b.y)
            {
              double x = a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x);
              if (x > 0.0 && n < MAX_CROSSINGS)
                xs[n++] = x;
            }
          a = b;
        }
    }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && xs[j] < xs[j - 1]; j--)
      {
        double t = xs[j];
        xs[j] = xs[j - 1], xs[j - 1] = t;
      }
  return n;
}

static double
torso_half (const AtSketch *s, double top, double fraction, double length)
{
  double xs[MAX_CROSSINGS];
  int n = crossings (s, top + fraction * length, xs);
  return n > 0 ? xs[0] : 0.0;
}

void
at_sketch_measure (const AtSketch *s, AtSketchSilhouette *out)
{
  memset (out, 0, sizeof *out);
  double top = INFINITY, bottom = -INFINITY, widest_x = 0.0, widest_y = 0.0;
  for (int i = 0; i < s->outline_count; i++)
    for (int k = 0; k <= SAMPLES_PER_SEGMENT; k++)
      {
        AtSketchPoint p = at_sketch_bezier_point (&s->outline[i], (double) k / SAMPLES_PER_SEGMENT);
        top = fmin (top, p.y);
        bottom = fmax (bottom, p.y);
        if (p.x > widest_x)
          widest_x = p.x, widest_y = p.y;
      }
  if (!(bottom > top))
    return;
  double length = bottom - top;
  out->length = length;
  out->shoulder_half = torso_half (s, top, 0.06, length);
  out->chest_half = torso_half (s, top, 0.20, length);
  out->waist_half = torso_half (s, top, 0.45, length);
  out->hip_half = torso_half (s, top, 0.75, length);
  out->hem_half = torso_half (s, top, 0.97, length);
  /* A sleeve is outline well outside the torso; its lowest point beyond
   * the torso's edge tells how far down it reaches. */
  if (s->category != AT_SKETCH_TROUSERS && s->category != AT_SKETCH_DRESS && widest_x > 1.25 * out->chest_half)
    {
      double reach = 0.0;
      for (int i = 0; i < s->outline_count; i++)
        for (int k = 0; k <= SAMPLES_PER_SEGMENT; k++)
          {
            AtSketchPoint p = at_sketch_bezier_point (&s->outline[i], (double) k / SAMPLES_PER_SEGMENT);
            double torso = torso_half (s, top, fmin ((p.y - top) / length, 1.0), length);
            if (p.x > torso + 1.0)
              reach = fmax (reach, p.y - top);
          }
      out->sleeve_reach = fmax (reach, widest_y - top);
    }
}

static void
set_clamped (AtGarmentDef *def, const char *name, double value)
{
  int index = at_garment_param_index (def, name);
  if (index < 0 || !isfinite (value))
    return;
  const AtDesignParamInfo *info = at_garment_param_info (def, index);
  at_garment_set_param (def, name, fmin (fmax (value, info->min), info->max), NULL);
}

AtStatus
at_sketch_apply_design (const AtSketch *sketch, const AtMeasurements *body, AtGarmentDef *def, AtError *err)
{
  AtSketchSilhouette sil;
  at_sketch_measure (sketch, &sil);
  if (sil.length <= 0.0 || sil.chest_half <= 0.0)
    return at_error_set (err, AT_ERR_INVALID, "the sketch's outline is empty or not closed");
  const double *m = body->value;
  set_clamped (def, "chest_ease", 4.0 * sil.chest_half - m[AT_M_CHEST_GIRTH]);
  set_clamped (def, "waist_ease", 4.0 * sil.waist_half - m[AT_M_WAIST_GIRTH]);
  set_clamped (def, "hip_ease", 4.0 * fmax (sil.hip_half, sil.waist_half) - m[AT_M_HIP_GIRTH]);
  /* Each of four side seam edges gains the flare at the hem. */
  set_clamped (def, "flare", sil.hem_half - sil.hip_half);

  /* The outline's top is the neck point for tops and dresses, the waist
   * for trousers and skirts; the neck point stands at about 0.84 of the
   * stature (segment proportions of Drillis & Contini, 1966: shoulder at
   * 0.818 H). */
  double neck_height = 0.84 * m[AT_M_STATURE];
  bool from_waist = sketch->category == AT_SKETCH_TROUSERS;
  double top_height = from_waist ? m[AT_M_WAIST_HEIGHT] : neck_height;
  double hem_height = top_height - sil.length;
  set_clamped (def, "length_below_waist", m[AT_M_WAIST_HEIGHT] - hem_height);
  set_clamped (def, "knee_offset", m[AT_M_KNEE_HEIGHT] - hem_height);
  if (sil.sleeve_reach > 0.0 && m[AT_M_ARM_LENGTH] > 0.0)
    set_clamped (def, "sleeve_ratio", sil.sleeve_reach / m[AT_M_ARM_LENGTH]);
  return AT_OK;
}

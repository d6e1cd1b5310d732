/* Sketches from the generator: latent sampling, tracing to a symmetric
 * vector outline at garment scale, and the inner construction lines.
 *
 * The right half of the traced contour (sketch_trace.c) is scaled to the
 * category's garment length, split at corners (points where the direction
 * turns by more than CORNER_DEG over CORNER_SPAN_CM on either side) and
 * each run between corners is fitted with cubic Beziers (Schneider 1990,
 * sketch_fit.c); the left half is its mirror image, so the outline is
 * symmetric by construction. At the centre line the end tangents are made
 * horizontal unless the contour meets it at a real corner (a V-neck, the
 * crotch), so the two halves join smoothly.
 *
 * Inner lines follow garment construction (Aldrich, "Metric Pattern
 * Cutting", 2015): a front neckline dipping from the neck points, armhole
 * seams from the shoulder point to the underarm for garments with sleeves,
 * a waist seam for dresses at the narrowest point of the bodice, a
 * waistband and fly for trousers, and a centre-front opening for coats
 * and shirts. Their depths are typical ready-to-wear proportions. */
#include "sketch_private.h"
#include "at_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORNER_DEG 50.0
#define CORNER_SPAN_CM 2.0
#define FIT_TOLERANCE_CM 0.45

static const struct {
  const char *name;
  double length_cm;     /* garment length the drawing is scaled to */
  double neck_depth_cm; /* front neckline below the neck points; 0: no neckline */
  bool sleeves, front_opening;
} categories[AT_SKETCH_CATEGORY_COUNT] = {
  [AT_SKETCH_TOP] = { "top", 70.0, 9.0, true, false },
  [AT_SKETCH_TROUSERS] = { "trousers", 104.0, 0.0, false, false },
  [AT_SKETCH_PULLOVER] = { "pullover", 68.0, 7.0, true, false },
  [AT_SKETCH_DRESS] = { "dress", 100.0, 10.0, false, false },
  [AT_SKETCH_COAT] = { "coat", 95.0, 16.0, true, true },
  [AT_SKETCH_SHIRT] = { "shirt", 76.0, 6.0, true, true },
};

const char *
at_sketch_category_name (AtSketchCategory category)
{
  return category < AT_SKETCH_CATEGORY_COUNT ? categories[category].name : "unknown";
}

bool
at_sketch_category_from_name (const char *name, AtSketchCategory *out)
{
  for (int c = 0; c < AT_SKETCH_CATEGORY_COUNT; c++)
    if (name && strcmp (name, categories[c].name) == 0)
      {
        *out = (AtSketchCategory) c;
        return true;
      }
  return false;
}

double
at_sketch_category_length_cm (AtSketchCategory category)
{
  return category < AT_SKETCH_CATEGORY_COUNT ? categories[category].length_cm : 0.0;
}

AtStatus
at_sketch_generator_load_default (AtSketchGenerator **out, AtError *err)
{
  char path[4096];
  return at_sketch_generator_load (at_data_path ("sketch/generator.atw", path, sizeof path), out, err);
}

void
at_sketch_free (AtSketch *s)
{
  if (!s)
    return;
  free (s->outline);
  for (int i = 0; i < s->line_count; i++)
    free (s->lines[i].segments);
  free (s->lines);
  free (s);
}

/* ---------- geometry helpers ---------- */

static AtSketchPoint
mirror (AtSketchPoint p)
{
  return (AtSketchPoint) { -p.x, p.y };
}

static double
turn_deg (AtSketchPoint a, AtSketchPoint b, AtSketchPoint c)
{
  double a1 = atan2 (b.y - a.y, b.x - a.x), a2 = atan2 (c.y - b.y, c.x - b.x);
  double d = fabs (a2 - a1);
  return (d > M_PI ? 2 * M_PI - d : d) * 180.0 / M_PI;
}

/* Index of the first point at least span away along the polyline from i
 * in direction dir (clamped to the ends). */
static int
walk (const AtSketchPoint *p, int n, int i, int dir, double span)
{
  double acc = 0.0;
  int k = i;
  while (k + dir >= 0 && k + dir < n && acc < span)
    {
      acc += hypot (p[k + dir].x - p[k].x, p[k + dir].y - p[k].y);
      k += dir;
    }
  return k;
}

static AtSketchPoint
direction (AtSketchPoint from, AtSketchPoint to)
{
  double l = hypot (to.x - from.x, to.y - from.y);
  return l > 1e-12 ? (AtSketchPoint) { (to.x - from.x) / l, (to.y - from.y) / l } : (AtSketchPoint) { 1.0, 0.0 };
}

/* Corner indices of the half outline (always including both ends). */
static int
find_corners (const AtSketchPoint *p, int n, int *corners, double *turn)
{
  for (int i = 0; i < n; i++)
    {
      int a = walk (p, n, i, -1, CORNER_SPAN_CM), b = walk (p, n, i, 1, CORNER_SPAN_CM);
      turn[i] = a < i && b > i ? turn_deg (p[a], p[i], p[b]) : 0.0;
    }
  int count = 0;
  corners[count++] = 0;
  for (int i = 1; i < n - 1; i++)
    {
      if (turn[i] < CORNER_DEG)
        continue;
      int a = walk (p, n, i, -1, CORNER_SPAN_CM), b = walk (p, n, i, 1, CORNER_SPAN_CM);
      bool peak = true;
      for (int k = a; k <= b && peak; k++)
        peak = turn[k] < turn[i] || (turn[k] == turn[i] && k >= i);
      /* Keep corners apart from each other and from the ends. */
      if (peak && a > 0 && b < n - 1 && i - corners[count - 1] > 1)
        corners[count++] = i;
    }
  corners[count++] = n - 1;
  return count;
}

/* Largest x of the half outline at height y (its right edge there). */
static double
half_width_at (const AtSketchPoint *p, int n, double y)
{
  double w = 0.0;
  for (int k = 0; k + 1 < n; k++)
    if ((p[k].y - y) * (p[k + 1].y - y) <= 0 && p[k].y != p[k + 1].y)
      {
        double x = p[k].x + (p[k + 1].x - p[k].x) * (y - p[k].y) / (p[k + 1].y - p[k].y);
        w = fmax (w, x);
      }
  return w;
}

static AtSketchBezier
straight (AtSketchPoint a, AtSketchPoint b)
{
  return (AtSketchBezier) { { a, { a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3 },
                              { a.x + 2 * (b.x - a.x) / 3, a.y + 2 * (b.y - a.y) / 3 }, b } };
}

static bool
add_line (AtSketch *s, const char *name, const AtSketchBezier *segs, int count)
{
  AtSketchLine *lines = realloc (s->lines, (size_t) (s->line_count + 1) * sizeof *lines);
  if (!lines)
    return false;
  s->lines = lines;
  AtSketchLine *l = &lines[s->line_count];
  memset (l, 0, sizeof *l);
  snprintf (l->name, sizeof l->name, "%s", name);
  l->segments = malloc ((size_t) count * sizeof *l->segments);
  if (!l->segments)
    return false;
  memcpy (l->segments, segs, (size_t) count * sizeof *segs);
  l->count = count;
  s->line_count++;
  return true;
}

/* ---------- inner lines ---------- */

static bool
add_inner_lines (AtSketch *s, const AtSketchPoint *p, int n, const int *corners, int nc, const double *turn)
{
  const double H = s->height_cm;
  bool ok = true;
  /* Neck point: the highest point of the half outline near the centre. */
  int neck = 0;
  double max_x = 0.0;
  for (int k = 0; k < n; k++)
    max_x = fmax (max_x, p[k].x);
  for (int k = 0; k < n && p[k].y < 0.3 * H; k++)
    if (p[k].x < 0.4 * max_x && p[k].y < p[neck].y)
      neck = k;
  AtSketchPoint np = p[neck];
  if (categories[s->category].neck_depth_cm > 0.0)
    {
      if (np.x < 3.0)
        np = (AtSketchPoint) { fmax (3.0, 0.25 * max_x), p[neck].y };
      AtSketchPoint bottom = { 0.0, np.y + categories[s->category].neck_depth_cm };
      AtSketchBezier right;
      if (categories[s->category].front_opening)
        right = straight (np, bottom); /* collar / lapel V */
      else
        right = (AtSketchBezier) { { np, { np.x, np.y + 0.55 * (bottom.y - np.y) },
                                     { 0.55 * np.x, bottom.y }, bottom } };
      /* Left neck point -> centre front -> right neck point. */
      AtSketchBezier neckline[2] = {
        { { mirror (right.p[0]), mirror (right.p[1]), mirror (right.p[2]), mirror (right.p[3]) } },
        { { right.p[3], right.p[2], right.p[1], right.p[0] } },
      };
      ok = ok && add_line (s, "neckline", neckline, 2);
      if (categories[s->category].front_opening)
        {
          AtSketchBezier cf = straight (bottom, (AtSketchPoint) { 0.0, p[n - 1].y });
          ok = ok && add_line (s, "centre_front", &cf, 1);
        }
    }
  if (categories[s->category].sleeves)
    {
      /* Shoulder point: the first convex corner beyond the neck; underarm:
       * the first concave corner below it (short sleeves show one), else a
       * typical armhole depth straight below the shoulder. */
      int shoulder = -1, underarm = -1;
      for (int c = 1; c < nc - 1; c++)
        {
          int k = corners[c];
          AtSketchPoint a = p[walk (p, n, k, -1, CORNER_SPAN_CM)], b = p[walk (p, n, k, 1, CORNER_SPAN_CM)];
          double cross = (p[k].x - a.x) * (b.y - p[k].y) - (p[k].y - a.y) * (b.x - p[k].x);
          bool convex = cross > 0; /* turning clockwise on screen, down the right side */
          if (shoulder < 0 && convex && k > neck && p[k].y < 0.35 * H)
            shoulder = k;
          else if (shoulder >= 0 && underarm < 0 && !convex && p[k].y < 0.6 * H && turn[k] >= CORNER_DEG)
            underarm = k;
        }
      AtSketchPoint sp = shoulder >= 0 ? p[shoulder]
                                       : (AtSketchPoint) { half_width_at (p, n, np.y + 0.06 * H) * 0.85, np.y + 0.06 * H };
      AtSketchPoint up = underarm >= 0 ? p[underarm] : (AtSketchPoint) { 0.85 * sp.x, sp.y + 0.3 * H };
      if (up.x > sp.x)
        up.x = sp.x; /* an armhole never leans outwards */
      AtSketchBezier arm = { { sp, { sp.x - 0.1 * (up.y - sp.y), sp.y + 0.4 * (up.y - sp.y) },
                               { up.x - 0.05 * (up.y - sp.y), up.y - 0.25 * (up.y - sp.y) }, up } };
      AtSketchBezier left = { { mirror (arm.p[0]), mirror (arm.p[1]), mirror (arm.p[2]), mirror (arm.p[3]) } };
      ok = ok && add_line (s, "armhole_right", &arm, 1) && add_line (s, "armhole_left", &left, 1);
    }
  if (s->category == AT_SKETCH_DRESS)
    {
      /* Waist seam at the narrowest point of the upper half. */
      double best_y = 0.35 * H, best_w = INFINITY;
      for (double y = 0.2 * H; y <= 0.5 * H; y += 0.5)
        {
          double w = half_width_at (p, n, y);
          if (w > 0.0 && w < best_w)
            {
              best_w = w;
              best_y = y;
            }
        }
      if (isfinite (best_w))
        {
          AtSketchBezier waist = straight ((AtSketchPoint) { -best_w, best_y }, (AtSketchPoint) { best_w, best_y });
          ok = ok && add_line (s, "waist", &waist, 1);
        }
    }
  if (s->category == AT_SKETCH_TROUSERS)
    {
      double y = p[0].y + 4.0; /* a 4 cm waistband */
      double w = half_width_at (p, n, y);
      AtSketchBezier band = straight ((AtSketchPoint) { -w, y }, (AtSketchPoint) { w, y });
      AtSketchBezier fly[2] = { straight ((AtSketchPoint) { 0.0, y }, (AtSketchPoint) { 0.0, y + 16.0 }),
                                straight ((AtSketchPoint) { 0.0, y + 16.0 }, (AtSketchPoint) { 3.5, y + 12.5 }) };
      ok = ok && add_line (s, "waistband", &band, 1) && add_line (s, "fly", fly, 2);
    }
  return ok;
}

/* ---------- tracing ---------- */

AtStatus
at_sketch_trace (AtSketch *s, AtError *err)
{
  free (s->outline);
  for (int i = 0; i < s->line_count; i++)
    free (s->lines[i].segments);
  free (s->lines);
  s->outline = NULL;
  s->lines = NULL;
  s->outline_count = s->line_count = 0;

  AtSketchPoint *p;
  int n;
  AtStatus st = at_sketch_trace_half (s->raster, &p, &n, err);
  if (st != AT_OK)
    return st;
  double top = INFINITY, bottom = -INFINITY, max_x = 0.0;
  for (int k = 0; k < n; k++)
    {
      top = fmin (top, p[k].y);
      bottom = fmax (bottom, p[k].y);
      max_x = fmax (max_x, p[k].x);
    }
  if (bottom - top < 1.0 || n < 3)
    {
      free (p);
      return at_error_set (err, AT_ERR_INVALID, "sketch outline is too small to trace");
    }
  double scale = categories[s->category].length_cm / (bottom - top);
  for (int k = 0; k < n; k++)
    p[k] = (AtSketchPoint) { p[k].x * scale, (p[k].y - top) * scale };
  p[0].x = p[n - 1].x = 0.0;
  s->height_cm = categories[s->category].length_cm;
  s->width_cm = 2.0 * max_x * scale;

  int *corners = malloc ((size_t) n * sizeof *corners);
  double *turn = malloc ((size_t) n * sizeof *turn);
  AtBezierList right = { 0 };
  bool ok = corners && turn;
  int nc = ok ? find_corners (p, n, corners, turn) : 0;
  for (int c = 0; ok && c + 1 < nc; c++)
    {
      int a = corners[c], b = corners[c + 1];
      AtSketchPoint t0 = direction (p[a], p[walk (p, n, a, 1, 1.0)]);
      AtSketchPoint t1 = direction (p[b], p[walk (p, n, b, -1, 1.0)]);
      /* Smooth joins across the centre line: horizontal tangents there
       * unless the contour meets it steeply (a corner). */
      if (a == 0 && fabs (t0.y) < sin (35.0 * M_PI / 180.0))
        t0 = (AtSketchPoint) { 1.0, 0.0 };
      if (b == n - 1 && fabs (t1.y) < sin (35.0 * M_PI / 180.0))
        t1 = (AtSketchPoint) { 1.0, 0.0 };
      ok = at_sketch_fit_cubics (p + a, b - a + 1, &t0, &t1, FIT_TOLERANCE_CM, &right);
    }
  int m = right.count;
  if (ok && (s->outline = malloc ((size_t) 2 * m * sizeof *s->outline)))
    {
      for (int k = 0; k < m; k++)
        {
          const AtSketchBezier *r = &right.v[k];
          s->outline[k] = *r;
          s->outline[2 * m - 1 - k] = (AtSketchBezier) { { mirror (r->p[3]), mirror (r->p[2]), mirror (r->p[1]), mirror (r->p[0]) } };
        }
      s->outline_count = 2 * m;
      ok = add_inner_lines (s, p, n, corners, nc, turn);
    }
  else
    ok = false;
  free (right.v);
  free (corners);
  free (turn);
  free (p);
  return ok ? AT_OK : at_error_set (err, AT_ERR_NOMEM, "out of memory tracing a sketch");
}

/* ---------- generation ---------- */

AtStatus
at_sketch_from_latent (const AtSketchGenerator *g, AtSketchCategory category, const float *latent,
                       const float *class_weights, uint64_t seed, AtSketch **out, AtError *err)
{
  *out = NULL;
  if (!g)
    return at_error_set (err, AT_ERR_INVALID, "no sketch generator loaded");
  if ((unsigned) category >= AT_SKETCH_CATEGORY_COUNT)
    return at_error_set (err, AT_ERR_RANGE, "unknown sketch category %d", (int) category);
  AtSketch *s = calloc (1, sizeof *s);
  if (!s)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory");
  s->category = category;
  s->seed = seed;
  s->latent_dim = at_sketch_generator_latent_dim (g);
  memcpy (s->latent, latent, (size_t) s->latent_dim * sizeof (float));
  for (int k = 0; k < AT_SKETCH_CLASSES; k++)
    s->class_weights[k] = class_weights ? class_weights[k] : (k == (int) category ? 1.0f : 0.0f);
  at_sketch_generator_run (g, s->latent, s->class_weights, s->raster);
  AtStatus st = at_sketch_trace (s, err);
  if (st != AT_OK)
    {
      at_sketch_free (s);
      return st;
    }
  *out = s;
  return AT_OK;
}

AtStatus
at_sketch_generate (const AtSketchGenerator *g, AtSketchCategory category, uint64_t seed, AtSketch **out,
                    AtError *err)
{
  *out = NULL;
  if (!g)
    return at_error_set (err, AT_ERR_INVALID, "no sketch generator loaded");
  float z[AT_SKETCH_MAX_LATENT];
  uint64_t rng = seed;
  for (int k = 0; k < at_sketch_generator_latent_dim (g); k++)
    z[k] = (float) at_sketch_rng_normal (&rng);
  return at_sketch_from_latent (g, category, z, NULL, seed, out, err);
}

static AtStatus
check_latent (const AtSketchGenerator *g, const AtSketch *s, AtError *err)
{
  if (!g)
    return at_error_set (err, AT_ERR_INVALID, "no sketch generator loaded");
  if (s->latent_dim != at_sketch_generator_latent_dim (g))
    return at_error_set (err, AT_ERR_INVALID, "sketch latent has %d values, the generator takes %d", s->latent_dim,
                         at_sketch_generator_latent_dim (g));
  return AT_OK;
}

AtStatus
at_sketch_sample_near (const AtSketchGenerator *g, const AtSketch *base, double spread, uint64_t seed,
                       AtSketch **out, AtError *err)
{
  *out = NULL;
  AtStatus st = check_latent (g, base, err);
  if (st != AT_OK)
    return st;
  if (!(spread >= 0.0 && spread <= 10.0))
    return at_error_set (err, AT_ERR_RANGE, "spread %g outside 0..10", spread);
  float z[AT_SKETCH_MAX_LATENT];
  uint64_t rng = seed;
  for (int k = 0; k < base->latent_dim; k++)
    z[k] = base->latent[k] + (float) (spread * at_sketch_rng_normal (&rng));
  return at_sketch_from_latent (g, base->category, z, base->class_weights, seed, out, err);
}

AtStatus
at_sketch_interpolate (const AtSketchGenerator *g, const AtSketch *a, const AtSketch *b, double t, AtSketch **out,
                       AtError *err)
{
  *out = NULL;
  AtStatus st = check_latent (g, a, err);
  if (st == AT_OK)
    st = check_latent (g, b, err);
  if (st != AT_OK)
    return st;
  if (!(t >= 0.0 && t <= 1.0))
    return at_error_set (err, AT_ERR_RANGE, "interpolation parameter %g outside 0..1", t);
  int d = a->latent_dim;
  double na = 0, nb = 0, ab = 0;
  for (int k = 0; k < d; k++)
    {
      na += (double) a->latent[k] * a->latent[k];
      nb += (double) b->latent[k] * b->latent[k];
      ab += (double) a->latent[k] * b->latent[k];
    }
  double cosw = na > 0 && nb > 0 ? ab / sqrt (na * nb) : 1.0;
  double omega = acos (fmax (-1.0, fmin (1.0, cosw)));
  /* slerp (Shoemake 1985); nearly parallel latents fall back to lerp. */
  double wa = 1.0 - t, wb = t;
  if (omega > 1e-4)
    {
      wa = sin ((1.0 - t) * omega) / sin (omega);
      wb = sin (t * omega) / sin (omega);
    }
  float z[AT_SKETCH_MAX_LATENT], cw[AT_SKETCH_CLASSES];
  for (int k = 0; k < d; k++)
    z[k] = (float) (wa * a->latent[k] + wb * b->latent[k]);
  for (int k = 0; k < AT_SKETCH_CLASSES; k++)
    cw[k] = (float) ((1.0 - t) * a->class_weights[k] + t * b->class_weights[k]);
  return at_sketch_from_latent (g, t < 0.5 ? a->category : b->category, z, cw, t < 0.5 ? a->seed : b->seed, out,
                                err);
}

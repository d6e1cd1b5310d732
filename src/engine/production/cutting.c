/* Cutting outlines: the stitch line of a panel pushed outward by the seam
 * allowance of each of its segments.
 *
 * Method: the outline is flattened to a polygon (curves as chords at most
 * `step` apart); every edge is moved outward along its normal by its
 * segment's allowance, and neighbouring moved edges are joined where their
 * lines cross (a mitred corner, the classic polygon offset of e.g. Tiller &
 * Hanson, "Offsets of two-dimensional profiles", IEEE CG&A 1984, without
 * its arcs: a cutter follows straight corners). Where the allowance changes
 * along a straight run the outline steps. A convex corner so sharp that its
 * mitre would reach further than AT_MITRE_LIMIT allowances is squared off,
 * as a cutter would, at one allowance past the corner on each side. A dart
 * drafted into the outline is bridged across its mouth before offsetting:
 * the allowance is cut with the dart closed, never into the dart's V (whose
 * offset lines would cross each other). */
#include "at_production.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AT_MITRE_LIMIT 3.0

bool
at_fabric_is_knit (const char *fabric)
{
  static const char *const knit_words[] = { "jersey", "rib", "fleece", "knit" };
  if (!fabric)
    return false;
  for (size_t i = 0; i < sizeof knit_words / sizeof knit_words[0]; i++)
    if (strstr (fabric, knit_words[i]))
      return true;
  return false;
}

/* True when point k of the flattened outline lies inside a dart's V (on
 * the legs, past the mouth's first corner). */
static bool
inside_dart (const AtPanel *panel, const int *seg_of, int k)
{
  for (int d = 0; d < panel->dart_count; d++)
    {
      int a = panel->darts[d].leg_a, b = panel->darts[d].leg_b;
      if (b != (a + 1) % panel->segment_count)
        continue; /* legs apart from each other: nothing to bridge */
      if (seg_of[k] == b)
        return true;
      if (seg_of[k] == a && k > 0 && seg_of[k - 1] == a)
        return true;
    }
  return false;
}

/* Reverses the polygon keeping each edge's allowance with its edge: edge i
 * runs from p[i] to p[i + 1]. */
static void
reverse_outline (AtPoint2 *p, double *allow, size_t n)
{
  for (size_t i = 1, j = n - 1; i < j; i++, j--)
    {
      AtPoint2 t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
  for (size_t i = 0, j = n - 1; i < j; i++, j--)
    {
      double t = allow[i];
      allow[i] = allow[j];
      allow[j] = t;
    }
}

static double
signed_area (const AtPoint2 *p, size_t n)
{
  double a = 0;
  for (size_t i = 0; i < n; i++)
    {
      AtPoint2 q = p[(i + 1) % n];
      a += p[i].x * q.y - q.x * p[i].y;
    }
  return 0.5 * a;
}

static double
cross (AtPoint2 a, AtPoint2 b)
{
  return a.x * b.y - a.y * b.x;
}

/* Proper crossing of segments ab and cd (shared end points excluded by the
 * caller, which only tests edges that are not neighbours). */
static bool
segments_cross (AtPoint2 a, AtPoint2 b, AtPoint2 c, AtPoint2 d)
{
  AtPoint2 ab = { b.x - a.x, b.y - a.y }, cd = { d.x - c.x, d.y - c.y };
  double d1 = cross (ab, (AtPoint2) { c.x - a.x, c.y - a.y });
  double d2 = cross (ab, (AtPoint2) { d.x - a.x, d.y - a.y });
  double d3 = cross (cd, (AtPoint2) { a.x - c.x, a.y - c.y });
  double d4 = cross (cd, (AtPoint2) { b.x - c.x, b.y - c.y });
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

static bool
self_crosses (const AtPoint2 *p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 2; j < n; j++)
      {
        if (i == 0 && j == n - 1)
          continue;
        if (segments_cross (p[i], p[i + 1], p[j], p[(j + 1) % n]))
          return true;
      }
  return false;
}

/* Moves each edge i (p[i] to p[i + 1]) of a counter-clockwise polygon
 * outward by allow[i] and joins the moved edges (see the top). Returns the
 * point count written to c (room for 2 n points), or 0 when the result is
 * not a simple counter-clockwise polygon. */
static size_t
offset_polygon (const AtPoint2 *p, const double *allow, size_t n, AtPoint2 *c)
{
  size_t nc = 0;
  for (size_t j = 0; j < n; j++)
    {
      size_t i = (j + n - 1) % n;
      AtPoint2 v = p[j];
      AtPoint2 ti = { p[j].x - p[i].x, p[j].y - p[i].y }, tj = { p[(j + 1) % n].x - v.x, p[(j + 1) % n].y - v.y };
      double li = hypot (ti.x, ti.y), lj = hypot (tj.x, tj.y);
      ti.x /= li, ti.y /= li, tj.x /= lj, tj.y /= lj;
      double di = allow[i], dj = allow[j];
      /* Outward normals of a counter-clockwise outline point to the right. */
      AtPoint2 a = { v.x + di * ti.y, v.y - di * ti.x }, b = { v.x + dj * tj.y, v.y - dj * tj.x };
      double turn = cross (ti, tj), along = ti.x * tj.x + ti.y * tj.y;
      if (fabs (turn) < 1e-9 && along > 0)
        {
          c[nc++] = a;
          if (fabs (di - dj) > 1e-9)
            c[nc++] = b;
          continue;
        }
      double s = fabs (turn) < 1e-9 ? INFINITY : cross ((AtPoint2) { b.x - a.x, b.y - a.y }, tj) / turn;
      AtPoint2 x = { a.x + s * ti.x, a.y + s * ti.y };
      double reach = fmax (di, dj);
      if (turn > 0 && (!isfinite (s) || hypot (x.x - v.x, x.y - v.y) > AT_MITRE_LIMIT * reach))
        {
          c[nc++] = (AtPoint2) { a.x + di * ti.x, a.y + di * ti.y };
          c[nc++] = (AtPoint2) { b.x - dj * tj.x, b.y - dj * tj.y };
        }
      else if (isfinite (s))
        c[nc++] = x;
    }
  if (nc < 3 || signed_area (c, nc) <= 0 || self_crosses (c, nc))
    return 0;
  return nc;
}

/* The stitch-line polygon with one allowance per edge, counter-clockwise,
 * darts bridged, repeated points dropped. */
static AtStatus
stitch_polygon (const AtPanel *panel, bool mirror, double step, AtPoint2 **out_p, double **out_allow, size_t *out_n,
                AtError *err)
{
  int max = (int) (at_panel_perimeter (panel) / step) + 2 * panel->segment_count + 8;
  AtVec2 *pts = malloc ((size_t) max * sizeof *pts);
  int *seg_of = malloc ((size_t) max * sizeof *seg_of);
  AtPoint2 *p = malloc ((size_t) max * sizeof *p);
  double *allow = malloc ((size_t) max * sizeof *allow);
  int m = pts && seg_of && p && allow ? at_panel_flatten (panel, step, pts, seg_of, max) : -1;
  if (m < 0)
    {
      free (pts), free (seg_of), free (p), free (allow);
      return at_error_set (err, AT_ERR_NOMEM, "panel '%s': no memory to flatten its outline", panel->name);
    }
  size_t n = 0;
  for (int k = 0; k < m; k++)
    {
      if (inside_dart (panel, seg_of, k))
        continue;
      AtPoint2 q = { mirror ? -pts[k].x : pts[k].x, pts[k].y };
      if (n > 0 && hypot (q.x - p[n - 1].x, q.y - p[n - 1].y) < 1e-9)
        continue;
      p[n] = q;
      /* A bridged dart's mouth takes the allowance of the seam it sits in. */
      allow[n] = at_segment_allowance (panel, seg_of[k]);
      n++;
    }
  while (n > 1 && hypot (p[0].x - p[n - 1].x, p[0].y - p[n - 1].y) < 1e-9)
    n--;
  free (pts);
  free (seg_of);
  double area = n >= 3 ? signed_area (p, n) : 0;
  if (n < 3 || fabs (area) < 1e-6)
    {
      free (p), free (allow);
      return at_error_set (err, AT_ERR_INVALID, "panel '%s': its outline has no area", panel->name);
    }
  if (area < 0)
    reverse_outline (p, allow, n);
  *out_p = p;
  *out_allow = allow;
  *out_n = n;
  return AT_OK;
}

AtStatus
at_cutting_outline (const AtPanel *panel, bool mirror, double step, AtPoint2 **out, size_t *n_out, AtError *err)
{
  *out = NULL;
  *n_out = 0;
  if (!(step > 0))
    return at_error_set (err, AT_ERR_RANGE, "flattening step %g cm: must be positive", step);
  for (int i = 0; i < panel->segment_count; i++)
    {
      double a = at_segment_allowance (panel, i);
      if (!isfinite (a) || a < 0 || a > 20)
        return at_error_set (err, AT_ERR_RANGE, "panel '%s', segment '%s': seam allowance %g cm is not in 0-20",
                             panel->name, panel->segments[i].name, a);
    }
  AtPoint2 *p = NULL;
  double *allow = NULL;
  size_t n = 0;
  AtStatus status = stitch_polygon (panel, mirror, step, &p, &allow, &n, err);
  if (status != AT_OK)
    return status;

  AtPoint2 *c = malloc (2 * n * sizeof *c);
  size_t nc = c ? offset_polygon (p, allow, n, c) : 0;
  free (p);
  free (allow);
  if (!c)
    return at_error_set (err, AT_ERR_NOMEM, "panel '%s': no memory for its cutting outline", panel->name);
  if (nc == 0)
    {
      free (c);
      return at_error_set (err, AT_ERR_INVALID,
                           "panel '%s': its cutting outline crosses itself (a curve tighter than its seam "
                           "allowance)",
                           panel->name);
    }
  *out = c;
  *n_out = nc;
  return AT_OK;
}

static double
point_segment_distance (AtPoint2 q, AtPoint2 a, AtPoint2 b)
{
  double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? fmax (0, fmin (1, ((q.x - a.x) * dx + (q.y - a.y) * dy) / l2)) : 0;
  return hypot (a.x + t * dx - q.x, a.y + t * dy - q.y);
}

/* Douglas-Peucker on the chain p[first..last] (indices modulo n): marks the
 * points to keep. */
static void
simplify_chain (const AtPoint2 *p, size_t n, size_t first, size_t last, double tol, bool *keep)
{
  size_t stack[2 * 4096], top = 0;
  stack[top++] = first, stack[top++] = last;
  while (top > 0)
    {
      size_t b = stack[--top], a = stack[--top];
      double worst = -1;
      size_t at = a;
      for (size_t k = (a + 1) % n; k != b % n; k = (k + 1) % n)
        {
          double d = point_segment_distance (p[k], p[a], p[b % n]);
          if (d > worst)
            worst = d, at = k;
        }
      if (worst > tol && top + 4 <= sizeof stack / sizeof stack[0])
        {
          keep[at] = true;
          stack[top++] = a, stack[top++] = at, stack[top++] = at, stack[top++] = b;
        }
    }
}

AtStatus
at_outline_simplify_outward (const AtPoint2 *p, size_t n, double tol, AtPoint2 **out, size_t *n_out, AtError *err)
{
  *out = NULL;
  *n_out = 0;
  bool *keep = calloc (n, sizeof *keep);
  AtPoint2 *q = malloc (n * sizeof *q);
  double *allow = malloc (n * sizeof *allow);
  AtPoint2 *c = malloc (2 * n * sizeof *c);
  if (!keep || !q || !allow || !c)
    {
      free (keep), free (q), free (allow), free (c);
      return at_error_set (err, AT_ERR_NOMEM, "no memory to simplify an outline of %zu points", n);
    }
  /* Anchors: the first point and the point farthest from it. */
  size_t far = 0;
  for (size_t k = 1; k < n; k++)
    if (hypot (p[k].x - p[0].x, p[k].y - p[0].y) > hypot (p[far].x - p[0].x, p[far].y - p[0].y))
      far = k;
  keep[0] = keep[far] = true;
  simplify_chain (p, n, 0, far, tol, keep);
  simplify_chain (p, n, far, n, tol, keep);
  size_t m = 0;
  for (size_t k = 0; k < n; k++)
    if (keep[k])
      q[m] = p[k], allow[m++] = tol;
  size_t nc = m >= 3 && m < n && signed_area (q, m) > 0 ? offset_polygon (q, allow, m, c) : 0;
  if (nc == 0)
    {
      /* Nothing to gain, or the coarser outline folds over itself. */
      memcpy (c, p, n * sizeof *p);
      nc = n;
    }
  free (keep), free (q), free (allow);
  *out = c;
  *n_out = nc;
  return AT_OK;
}

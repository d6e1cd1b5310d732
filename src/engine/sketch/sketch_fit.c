/* Cubic Bezier fitting of digitised curves.
 *
 * Method: P. J. Schneider, "An Algorithm for Automatically Fitting Digitized
 * Curves", Graphics Gems (1990). Points get chord-length parameters; with
 * the end tangents fixed, the two control-point distances along them are the
 * least-squares solution of a 2 x 2 system; the parameters are then refined
 * by Newton-Raphson steps towards the nearest curve point, and where the
 * error stays above tolerance the run is split at its worst point, with a
 * shared tangent there so the pieces join smoothly. */
#include "sketch_private.h"

#include <math.h>
#include <stdlib.h>

enum { MAX_REFINE = 4, MAX_DEPTH = 24 };

bool
at_bezier_list_push (AtBezierList *list, const AtSketchBezier *b)
{
  if (list->count == list->cap)
    {
      int cap = list->cap ? list->cap * 2 : 16;
      AtSketchBezier *v = realloc (list->v, (size_t) cap * sizeof *v);
      if (!v)
        return false;
      list->v = v;
      list->cap = cap;
    }
  list->v[list->count++] = *b;
  return true;
}

static AtSketchPoint
sub (AtSketchPoint a, AtSketchPoint b)
{
  return (AtSketchPoint) { a.x - b.x, a.y - b.y };
}

static AtSketchPoint
add_scaled (AtSketchPoint a, AtSketchPoint d, double s)
{
  return (AtSketchPoint) { a.x + d.x * s, a.y + d.y * s };
}

static double
dot (AtSketchPoint a, AtSketchPoint b)
{
  return a.x * b.x + a.y * b.y;
}

static double
dist (AtSketchPoint a, AtSketchPoint b)
{
  return hypot (a.x - b.x, a.y - b.y);
}

static AtSketchPoint
unit (AtSketchPoint a)
{
  double l = hypot (a.x, a.y);
  return l > 1e-12 ? (AtSketchPoint) { a.x / l, a.y / l } : (AtSketchPoint) { 1.0, 0.0 };
}

static AtSketchPoint
bezier_eval (const AtSketchPoint *p, int degree, double t)
{
  AtSketchPoint q[4];
  for (int i = 0; i <= degree; i++)
    q[i] = p[i];
  for (int level = 1; level <= degree; level++)
    for (int i = 0; i <= degree - level; i++)
      q[i] = (AtSketchPoint) { (1 - t) * q[i].x + t * q[i + 1].x, (1 - t) * q[i].y + t * q[i + 1].y };
  return q[0];
}

AtSketchPoint
at_sketch_bezier_point (const AtSketchBezier *b, double t)
{
  return bezier_eval (b->p, 3, t);
}

void
at_sketch_bezier_split (const AtSketchBezier *b, double t, AtSketchBezier *first, AtSketchBezier *second)
{
  /* de Casteljau: the intermediate points are the two halves' controls. */
  AtSketchPoint q[4][4];
  for (int i = 0; i < 4; i++)
    q[0][i] = b->p[i];
  for (int level = 1; level < 4; level++)
    for (int i = 0; i < 4 - level; i++)
      q[level][i] = (AtSketchPoint) { (1 - t) * q[level - 1][i].x + t * q[level - 1][i + 1].x,
                                      (1 - t) * q[level - 1][i].y + t * q[level - 1][i + 1].y };
  *first = (AtSketchBezier) { { q[0][0], q[1][0], q[2][0], q[3][0] } };
  *second = (AtSketchBezier) { { q[3][0], q[2][1], q[1][2], q[0][3] } };
}

/* Control points from the least-squares fit along fixed tangents. */
static AtSketchBezier
generate (const AtSketchPoint *d, int n, const double *u, AtSketchPoint t0, AtSketchPoint t1)
{
  double c00 = 0, c01 = 0, c11 = 0, x0 = 0, x1 = 0;
  AtSketchPoint first = d[0], last = d[n - 1];
  for (int i = 0; i < n; i++)
    {
      double s = u[i], r = 1 - s;
      double b0 = r * r * r, b1 = 3 * s * r * r, b2 = 3 * s * s * r, b3 = s * s * s;
      AtSketchPoint a0 = { t0.x * b1, t0.y * b1 }, a1 = { t1.x * b2, t1.y * b2 };
      c00 += dot (a0, a0);
      c01 += dot (a0, a1);
      c11 += dot (a1, a1);
      AtSketchPoint base = { first.x * (b0 + b1) + last.x * (b2 + b3), first.y * (b0 + b1) + last.y * (b2 + b3) };
      AtSketchPoint tmp = sub (d[i], base);
      x0 += dot (a0, tmp);
      x1 += dot (a1, tmp);
    }
  double det = c00 * c11 - c01 * c01;
  double al = fabs (det) > 1e-12 ? (x0 * c11 - x1 * c01) / det : 0.0;
  double ar = fabs (det) > 1e-12 ? (c00 * x1 - c01 * x0) / det : 0.0;
  double seg = dist (first, last), eps = 1e-6 * seg;
  /* Degenerate or backwards solutions: Wu & Barsky's heuristic, a third of
   * the chord along each tangent. */
  if (al < eps || ar < eps)
    al = ar = seg / 3.0;
  return (AtSketchBezier) { { first, add_scaled (first, t0, al), add_scaled (last, t1, ar), last } };
}

static double
max_error (const AtSketchPoint *d, int n, const AtSketchBezier *b, const double *u, int *split)
{
  double worst = 0.0;
  *split = n / 2;
  for (int i = 1; i < n - 1; i++)
    {
      double e = dist (bezier_eval (b->p, 3, u[i]), d[i]);
      if (e >= worst)
        {
          worst = e;
          *split = i;
        }
    }
  return worst;
}

/* One Newton-Raphson step of each parameter towards the nearest point. */
static void
reparameterize (const AtSketchPoint *d, int n, const AtSketchBezier *b, double *u)
{
  AtSketchPoint d1[3], d2[2];
  for (int i = 0; i < 3; i++)
    d1[i] = (AtSketchPoint) { 3 * (b->p[i + 1].x - b->p[i].x), 3 * (b->p[i + 1].y - b->p[i].y) };
  for (int i = 0; i < 2; i++)
    d2[i] = (AtSketchPoint) { 2 * (d1[i + 1].x - d1[i].x), 2 * (d1[i + 1].y - d1[i].y) };
  for (int i = 0; i < n; i++)
    {
      AtSketchPoint q = bezier_eval (b->p, 3, u[i]), q1 = bezier_eval (d1, 2, u[i]), q2 = bezier_eval (d2, 1, u[i]);
      AtSketchPoint diff = sub (q, d[i]);
      double num = dot (diff, q1), den = dot (q1, q1) + dot (diff, q2);
      if (fabs (den) > 1e-12)
        u[i] = fmin (1.0, fmax (0.0, u[i] - num / den));
    }
}

static bool
fit (const AtSketchPoint *d, int n, AtSketchPoint t0, AtSketchPoint t1, double tol, int depth, AtBezierList *out)
{
  if (n == 2 || depth >= MAX_DEPTH)
    {
      double l = dist (d[0], d[n - 1]) / 3.0;
      AtSketchBezier b = { { d[0], add_scaled (d[0], t0, l), add_scaled (d[n - 1], t1, l), d[n - 1] } };
      return at_bezier_list_push (out, &b);
    }
  double *u = malloc ((size_t) n * sizeof *u);
  if (!u)
    return false;
  u[0] = 0.0;
  for (int i = 1; i < n; i++)
    u[i] = u[i - 1] + dist (d[i], d[i - 1]);
  for (int i = 1; i < n; i++)
    u[i] = u[n - 1] > 0 ? u[i] / u[n - 1] : (double) i / (n - 1);
  AtSketchBezier b = generate (d, n, u, t0, t1);
  int split;
  double err = max_error (d, n, &b, u, &split);
  for (int k = 0; k < MAX_REFINE && err > tol && err < 4.0 * tol; k++)
    {
      reparameterize (d, n, &b, u);
      b = generate (d, n, u, t0, t1);
      err = max_error (d, n, &b, u, &split);
    }
  free (u);
  if (err <= tol)
    return at_bezier_list_push (out, &b);
  split = split < 1 ? 1 : split > n - 2 ? n - 2 : split;
  AtSketchPoint tc = unit (sub (d[split - 1], d[split + 1]));
  AtSketchPoint back = { -tc.x, -tc.y };
  return fit (d, split + 1, t0, tc, tol, depth + 1, out) && fit (d + split, n - split, back, t1, tol, depth + 1, out);
}

bool
at_sketch_fit_cubics (const AtSketchPoint *pts, int n, const AtSketchPoint *t0, const AtSketchPoint *t1,
                      double tolerance, AtBezierList *out)
{
  if (n < 2)
    return false;
  AtSketchPoint a = t0 ? *t0 : unit (sub (pts[1], pts[0]));
  AtSketchPoint b = t1 ? *t1 : unit (sub (pts[n - 2], pts[n - 1]));
  return fit (pts, n, a, b, tolerance, 0, out);
}

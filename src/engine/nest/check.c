/* Independent validity check of a marker.
 *
 * Method: deliberately shares nothing with the no-fit-polygon machinery it
 * checks. For every pair of polygons whose bounding boxes meet: (1) exact
 * segment tests report any two edges that cross properly, each endpoint
 * farther than tol from the other edge's line (so boundaries that only
 * touch are accepted); (2) containment by the crossing-number rule
 * (Shimrat 1962; Haines 1994, "Point in polygon strategies") reports any
 * vertex, edge midpoint, or point just inside an edge midpoint of one
 * polygon lying deeper than tol inside the other. (1) catches partial
 * overlaps, (2) nesting, identical copies on top of each other and overlaps
 * along shared collinear edges, which produce no proper crossing. */
#include "at_nest.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
  double minx, miny, maxx, maxy;
  double orient; /* +1 counter-clockwise, -1 clockwise */
} Box;

/* Signed distance of c from the line a-b (positive on the left). */
static double
side (AtPoint2 a, AtPoint2 b, AtPoint2 c)
{
  const double len = hypot (b.x - a.x, b.y - a.y);
  const double cr = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  return len > 0 ? cr / len : 0.0;
}

static bool
proper_crossing (AtPoint2 a, AtPoint2 b, AtPoint2 c, AtPoint2 d, double tol)
{
  const double s1 = side (a, b, c), s2 = side (a, b, d);
  const double s3 = side (c, d, a), s4 = side (c, d, b);
  return ((s1 > tol && s2 < -tol) || (s1 < -tol && s2 > tol))
         && ((s3 > tol && s4 < -tol) || (s3 < -tol && s4 > tol));
}

static double
distance_to_segment (AtPoint2 p, AtPoint2 a, AtPoint2 b)
{
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return hypot (p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/* True when p lies inside poly farther than tol from its boundary. */
static bool
deep_inside (AtPoint2 p, const AtNestPolygon *poly, double tol)
{
  bool in = false;
  const size_t n = poly->n_points;
  for (size_t i = 0, j = n - 1; i < n; j = i++)
    {
      const AtPoint2 a = poly->points[i], b = poly->points[j];
      if (distance_to_segment (p, a, b) <= tol)
        return false;
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
        in = !in;
    }
  return in;
}

static bool
samples_inside (const AtNestPolygon *a, double orient_a, const AtNestPolygon *b, double tol)
{
  const size_t n = a->n_points;
  for (size_t i = 0; i < n; i++)
    {
      const AtPoint2 p = a->points[i], q = a->points[(i + 1) % n];
      const double len = hypot (q.x - p.x, q.y - p.y);
      const AtPoint2 mid = { 0.5 * (p.x + q.x), 0.5 * (p.y + q.y) };
      if (deep_inside (p, b, tol) || deep_inside (mid, b, tol))
        return true;
      if (len > 40.0 * tol)
        {
          /* 10 tol to the interior side of the edge: inside a, so inside b
           * means a real overlap even when all boundaries coincide. */
          const double k = orient_a * 10.0 * tol / len;
          const AtPoint2 in = { mid.x - k * (q.y - p.y), mid.y + k * (q.x - p.x) };
          if (deep_inside (in, b, tol))
            return true;
        }
    }
  return false;
}

static bool
overlap (const AtNestPolygon *a, const Box *ba, const AtNestPolygon *b, const Box *bb, double tol)
{
  for (size_t i = 0; i < a->n_points; i++)
    for (size_t j = 0; j < b->n_points; j++)
      if (proper_crossing (a->points[i], a->points[(i + 1) % a->n_points], b->points[j],
                           b->points[(j + 1) % b->n_points], tol))
        return true;
  return samples_inside (a, ba->orient, b, tol) || samples_inside (b, bb->orient, a, tol);
}

AtStatus
at_nest_check_layout (const AtNestPolygon *polygons, size_t n, double width, double length,
                      double tol, AtError *err)
{
  Box *box = malloc ((n + 1) * sizeof *box);
  if (!box)
    return at_error_set (err, AT_ERR_NOMEM, "marker check: out of memory");
  AtStatus st = AT_OK;
  for (size_t i = 0; i < n && st == AT_OK; i++)
    {
      const AtNestPolygon *p = &polygons[i];
      if (p->n_points < 3)
        {
          st = at_error_set (err, AT_ERR_INVALID, "marker check: piece %zu has fewer than 3 points", i);
          break;
        }
      Box *b = &box[i];
      b->minx = b->miny = INFINITY;
      b->maxx = b->maxy = -INFINITY;
      double area2 = 0.0;
      for (size_t k = 0; k < p->n_points; k++)
        {
          const AtPoint2 v = p->points[k], w = p->points[(k + 1) % p->n_points];
          if (!isfinite (v.x) || !isfinite (v.y))
            {
              st = at_error_set (err, AT_ERR_INVALID, "marker check: piece %zu has a non-finite point", i);
              break;
            }
          area2 += v.x * w.y - w.x * v.y;
          b->minx = fmin (b->minx, v.x);
          b->maxx = fmax (b->maxx, v.x);
          b->miny = fmin (b->miny, v.y);
          b->maxy = fmax (b->maxy, v.y);
        }
      b->orient = area2 >= 0 ? 1.0 : -1.0;
      if (st == AT_OK && (b->minx < -tol || b->miny < -tol || b->maxx > length + tol || b->maxy > width + tol))
        st = at_error_set (err, AT_ERR_INVALID,
                           "marker check: piece %zu leaves the strip [0, %g] x [0, %g]", i, length, width);
    }
  for (size_t i = 0; i < n && st == AT_OK; i++)
    for (size_t j = i + 1; j < n && st == AT_OK; j++)
      {
        if (box[i].maxx <= box[j].minx + tol || box[j].maxx <= box[i].minx + tol
            || box[i].maxy <= box[j].miny + tol || box[j].maxy <= box[i].miny + tol)
          continue;
        if (overlap (&polygons[i], &box[i], &polygons[j], &box[j], tol))
          st = at_error_set (err, AT_ERR_INVALID, "marker check: pieces %zu and %zu overlap", i, j);
      }
  free (box);
  return st;
}

AtStatus
at_marker_check (const AtMarker *marker, AtError *err)
{
  AtNestPolygon *polys = malloc ((marker->n_placements + 1) * sizeof *polys);
  if (!polys)
    return at_error_set (err, AT_ERR_NOMEM, "marker check: out of memory");
  for (size_t i = 0; i < marker->n_placements; i++)
    polys[i] = (AtNestPolygon){ marker->placements[i].polygon, marker->placements[i].n_points };
  /* Touching within a millionth of the marker's size counts as touching. */
  const double tol = 1e-6 * fmax (marker->strip_width, marker->length);
  AtStatus st = at_nest_check_layout (polys, marker->n_placements, marker->strip_width,
                                      marker->length, tol, err);
  free (polys);
  return st;
}

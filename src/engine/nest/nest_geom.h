/* Internal planar geometry for the nester: small convex polygons, convex
 * decomposition, Minkowski sums. Not part of the public API (at_nest.h). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "at_nest.h"

/* A convex polygon in counter-clockwise order with its bounding box and
 * outward edge lines n·p = c (|n| = 1), so that point tests are one dot
 * product per edge. reach is half its least width (over the edges'
 * normals): no point lies deeper inside than that, since the largest
 * disk inside must fit between every edge and the parallel line touching
 * the far side. */
typedef struct {
  AtPoint2 *v;
  double *nx, *ny, *c;
  int n;
  double minx, miny, maxx, maxy;
  double reach;
} NestConvex;

double nest_signed_area (const AtPoint2 *p, size_t n);
/* Twice the signed area of the triangle a, b, c (> 0 when counter-clockwise). */
double nest_cross3 (AtPoint2 a, AtPoint2 b, AtPoint2 c);

/* Copies the outline without a repeated closing vertex, duplicate or
 * collinear vertices, counter-clockwise. Returns the new count (0 when
 * fewer than three vertices remain). out must hold n points. */
size_t nest_clean_polygon (const AtPoint2 *in, size_t n, double tol, AtPoint2 *out);

/* True when two non-adjacent edges of the closed polygon touch or cross. */
bool nest_polygon_self_intersects (const AtPoint2 *p, size_t n, double tol);

/* Drops reflex vertices of a counter-clockwise simple outline, cheapest
 * first, while the area added stays within max_added_area and more than
 * keep_reflex are left: the result contains the original and has the same
 * bounding box. In place; returns the new count. */
size_t nest_simplify_outward (AtPoint2 *p, size_t n, double max_added_area, int keep_reflex,
                              double tol);

/* Splits a simple counter-clockwise polygon into convex parts (ear clipping,
 * then Hertel-Mehlhorn merging). Returns the number of parts written to
 * *out_parts (caller frees with nest_convex_free_array), or -1 on failure. */
int nest_convex_decompose (const AtPoint2 *p, size_t n, NestConvex **out_parts);

/* Convex hull (counter-clockwise, no collinear points) of pts into parts. */
bool nest_convex_from_hull (AtPoint2 *pts, size_t n, NestConvex *out);
/* a ⊕ (−b) ⊕ disk(gap), the disk replaced by a circumscribed 8-gon so the
 * result is conservative. */
bool nest_convex_nfp (const NestConvex *a, const NestConvex *b, double gap, NestConvex *out);
/* Point strictly inside by more than tol (distance units). */
static inline bool
nest_convex_contains (const NestConvex *c, double x, double y, double tol)
{
  if (x <= c->minx + tol || x >= c->maxx - tol || y <= c->miny + tol || y >= c->maxy - tol)
    return false;
  for (int i = 0; i < c->n; i++)
    if (c->nx[i] * x + c->ny[i] * y - c->c[i] > -tol)
      return false;
  return true;
}
void nest_convex_free (NestConvex *c);
void nest_convex_free_array (NestConvex *parts, int n);

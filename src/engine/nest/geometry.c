/* Planar geometry for the nester.
 *
 * Method: pieces are split into convex parts (ear-clipping triangulation
 * followed by Hertel-Mehlhorn merging of triangles across removable
 * diagonals; Hertel & Mehlhorn 1983, at most four times the optimal number
 * of parts). The no-fit polygon of two pieces is then the union of the
 * Minkowski sums part_A ⊕ (−part_B) of their convex parts (the
 * decomposition approach of Agarwal, Flato & Halperin 2002, "Polygon
 * decomposition for efficient construction of Minkowski sums"); each
 * convex sum is computed as the convex hull of the vertex sums (Andrew's
 * monotone chain), which is robust and cheap for the ≤ 40-vertex parts of
 * garment pieces. A minimum gap is added as a further Minkowski sum with a
 * regular 8-gon circumscribing the gap disk, so the gap is never violated. */
#include "nest_geom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double
nest_cross3 (AtPoint2 a, AtPoint2 b, AtPoint2 c)
{
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

double
nest_signed_area (const AtPoint2 *p, size_t n)
{
  double s = 0.0;
  for (size_t i = 0; i < n; i++)
    {
      const AtPoint2 a = p[i], b = p[(i + 1) % n];
      s += a.x * b.y - b.x * a.y;
    }
  return 0.5 * s;
}

static double
dist2 (AtPoint2 a, AtPoint2 b)
{
  return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y);
}

/* Distance from b to the line through a and c, or to a when a == c. */
static double
line_distance (AtPoint2 a, AtPoint2 b, AtPoint2 c)
{
  const double len = sqrt (dist2 (a, c));
  if (len == 0.0)
    return sqrt (dist2 (a, b));
  return fabs (nest_cross3 (a, c, b)) / len;
}

size_t
nest_clean_polygon (const AtPoint2 *in, size_t n, double tol, AtPoint2 *out)
{
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (m == 0 || dist2 (out[m - 1], in[i]) > tol * tol)
      out[m++] = in[i];
  while (m > 1 && dist2 (out[0], out[m - 1]) <= tol * tol)
    m--;
  /* Collinear (or spike) vertices add nothing but degenerate parts; remove
   * them until none is left. */
  bool changed = true;
  while (changed && m >= 3)
    {
      changed = false;
      for (size_t i = 0; i < m && m >= 3; i++)
        {
          const AtPoint2 a = out[(i + m - 1) % m], b = out[i], c = out[(i + 1) % m];
          if (line_distance (a, b, c) <= tol)
            {
              memmove (out + i, out + i + 1, (m - i - 1) * sizeof *out);
              m--;
              changed = true;
              i--;
            }
        }
    }
  if (m < 3)
    return 0;
  if (nest_signed_area (out, m) < 0.0)
    for (size_t i = 0; i < m / 2; i++)
      {
        const AtPoint2 t = out[i];
        out[i] = out[m - 1 - i];
        out[m - 1 - i] = t;
      }
  return m;
}

static double
point_segment_distance (AtPoint2 p, AtPoint2 a, AtPoint2 b)
{
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
  const AtPoint2 q = { a.x + t * dx, a.y + t * dy };
  return sqrt (dist2 (p, q));
}

static double
segment_distance (AtPoint2 a, AtPoint2 b, AtPoint2 c, AtPoint2 d)
{
  const double d1 = nest_cross3 (a, b, c), d2 = nest_cross3 (a, b, d);
  const double d3 = nest_cross3 (c, d, a), d4 = nest_cross3 (c, d, b);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
    return 0.0;
  return fmin (fmin (point_segment_distance (a, c, d), point_segment_distance (b, c, d)),
               fmin (point_segment_distance (c, a, b), point_segment_distance (d, a, b)));
}

bool
nest_polygon_self_intersects (const AtPoint2 *p, size_t n, double tol)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 2; j < n; j++)
      {
        if (i == 0 && j == n - 1)
          continue; /* adjacent through the closing edge */
        if (segment_distance (p[i], p[(i + 1) % n], p[j], p[(j + 1) % n]) <= tol)
          return true;
      }
  return false;
}

/* Conservative simplification for the search: a reflex vertex b between a
 * and c is dropped by the chord a-c, which adds the triangle a-b-c outside
 * the outline, so the simplified outline contains the original and any
 * layout without overlap of simplified outlines has none of the originals.
 * Reflex vertices are what convex decomposition cuts at, so each one
 * removed saves convex parts in every no-fit polygon of the piece. The
 * cheapest triangle goes first while the added area stays within budget
 * and the outline stays simple; a reflex vertex is never a vertex of the
 * convex hull, so the bounding box does not change. A piece with a few
 * reflex vertices is left alone: it has few convex parts already, and
 * the added area would only cost density. */
size_t
nest_simplify_outward (AtPoint2 *p, size_t n, double max_added_area, int keep_reflex, double tol)
{
  double used = 0.0;
  AtPoint2 *trial = malloc (n * sizeof *trial);
  bool *refused = calloc (n, sizeof *refused);
  if (!trial || !refused)
    {
      free (trial);
      free (refused);
      return n; /* the outline as it is stays correct */
    }
  while (n > 3)
    {
      size_t pick = n;
      double pick_area = INFINITY;
      int reflex = 0;
      for (size_t i = 0; i < n; i++)
        {
          const double added = -0.5 * nest_cross3 (p[(i + n - 1) % n], p[i], p[(i + 1) % n]);
          reflex += added > 0.0;
          if (added > 0.0 && !refused[i] && added < pick_area)
            {
              pick = i;
              pick_area = added;
            }
        }
      if (pick == n || reflex <= keep_reflex || used + pick_area > max_added_area)
        break;
      memcpy (trial, p, pick * sizeof *p);
      memcpy (trial + pick, p + pick + 1, (n - pick - 1) * sizeof *p);
      if (nest_polygon_self_intersects (trial, n - 1, tol))
        {
          refused[pick] = true;
          continue;
        }
      memcpy (p, trial, (n - 1) * sizeof *p);
      memmove (refused + pick, refused + pick + 1, (n - pick - 1) * sizeof *refused);
      /* The neighbours' angles changed: they may be removable now. */
      refused[(pick + n - 2) % (n - 1)] = refused[pick % (n - 1)] = false;
      used += pick_area;
      n--;
    }
  free (trial);
  free (refused);
  return n;
}

/* ---- convex parts ---- */

static bool
convex_fill (NestConvex *out, const AtPoint2 *v, int n)
{
  memset (out, 0, sizeof *out);
  out->v = malloc ((size_t) n * sizeof *out->v);
  out->nx = malloc ((size_t) n * 3 * sizeof (double));
  if (!out->v || !out->nx)
    {
      free (out->v);
      free (out->nx);
      out->v = NULL;
      out->nx = NULL;
      return false;
    }
  out->ny = out->nx + n;
  out->c = out->nx + 2 * n;
  out->n = n;
  memcpy (out->v, v, (size_t) n * sizeof *v);
  out->minx = out->maxx = v[0].x;
  out->miny = out->maxy = v[0].y;
  for (int i = 0; i < n; i++)
    {
      const AtPoint2 a = v[i], b = v[(i + 1) % n];
      const double dx = b.x - a.x, dy = b.y - a.y, len = hypot (dx, dy);
      out->nx[i] = dy / len;
      out->ny[i] = -dx / len;
      out->c[i] = out->nx[i] * a.x + out->ny[i] * a.y;
      out->minx = fmin (out->minx, a.x);
      out->maxx = fmax (out->maxx, a.x);
      out->miny = fmin (out->miny, a.y);
      out->maxy = fmax (out->maxy, a.y);
    }
  out->reach = INFINITY;
  for (int i = 0; i < n; i++)
    {
      double wide = 0.0;
      for (int k = 0; k < n; k++)
        wide = fmax (wide, out->c[i] - (out->nx[i] * v[k].x + out->ny[i] * v[k].y));
      out->reach = fmin (out->reach, 0.5 * wide);
    }
  return true;
}

static int
cmp_point (const void *pa, const void *pb)
{
  const AtPoint2 *a = pa, *b = pb;
  if (a->x != b->x)
    return a->x < b->x ? -1 : 1;
  if (a->y != b->y)
    return a->y < b->y ? -1 : 1;
  return 0;
}

bool
nest_convex_from_hull (AtPoint2 *pts, size_t n, NestConvex *out)
{
  qsort (pts, n, sizeof *pts, cmp_point);
  AtPoint2 *h = malloc ((2 * n + 1) * sizeof *h);
  if (!h)
    return false;
  double scale = 0.0;
  for (size_t i = 0; i < n; i++)
    scale = fmax (scale, fmax (fabs (pts[i].x), fabs (pts[i].y)));
  /* Collinear hull points would make zero-length normals; drop them with a
   * tolerance relative to the coordinates' magnitude. */
  const double eps = 1e-12 * (scale * scale + 1e-300);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    {
      while (k >= 2 && nest_cross3 (h[k - 2], h[k - 1], pts[i]) <= eps)
        k--;
      h[k++] = pts[i];
    }
  for (size_t i = n - 1, lower = k + 1; i-- > 0;)
    {
      while (k >= lower && nest_cross3 (h[k - 2], h[k - 1], pts[i]) <= eps)
        k--;
      h[k++] = pts[i];
    }
  k--; /* the last point repeats the first */
  bool ok = k >= 3 && convex_fill (out, h, (int) k);
  free (h);
  return ok;
}

bool
nest_convex_nfp (const NestConvex *a, const NestConvex *b, double gap, NestConvex *out)
{
  const int n = a->n * b->n;
  AtPoint2 *sum = malloc ((size_t) (n > 8 ? n : 8) * 8 * sizeof *sum);
  if (!sum)
    return false;
  for (int i = 0; i < a->n; i++)
    for (int j = 0; j < b->n; j++)
      sum[i * b->n + j] = (AtPoint2){ a->v[i].x - b->v[j].x, a->v[i].y - b->v[j].y };
  NestConvex base;
  bool ok = nest_convex_from_hull (sum, (size_t) n, &base);
  if (ok && gap > 0.0)
    {
      const double r = gap / cos (M_PI / 8.0);
      int m = 0;
      for (int i = 0; i < base.n; i++)
        for (int k = 0; k < 8; k++)
          {
            const double t = (k + 0.5) * M_PI / 4.0;
            sum[m++] = (AtPoint2){ base.v[i].x + r * cos (t), base.v[i].y + r * sin (t) };
          }
      nest_convex_free (&base);
      ok = nest_convex_from_hull (sum, (size_t) m, out);
    }
  else if (ok)
    *out = base;
  free (sum);
  return ok;
}

void
nest_convex_free (NestConvex *c)
{
  free (c->v);
  free (c->nx);
  c->v = NULL;
  c->nx = c->ny = c->c = NULL;
}

void
nest_convex_free_array (NestConvex *parts, int n)
{
  for (int i = 0; parts && i < n; i++)
    nest_convex_free (&parts[i]);
  free (parts);
}

/* True when p lies inside or on the triangle a, b, c (counter-clockwise). */
static bool
in_triangle (AtPoint2 p, AtPoint2 a, AtPoint2 b, AtPoint2 c)
{
  return nest_cross3 (a, b, p) >= 0 && nest_cross3 (b, c, p) >= 0 && nest_cross3 (c, a, p) >= 0;
}

typedef struct {
  int *idx;
  int n;
} Part;

static bool
part_is_convex (const AtPoint2 *p, const int *idx, int n)
{
  for (int i = 0; i < n; i++)
    {
      const AtPoint2 a = p[idx[(i + n - 1) % n]], b = p[idx[i]], c = p[idx[(i + 1) % n]];
      const double l = sqrt (dist2 (a, b) * dist2 (b, c));
      if (nest_cross3 (a, b, c) < -1e-9 * l)
        return false;
    }
  return true;
}

/* Merges part b into part a across the diagonal u->v of a (v->u of b) when
 * the union stays convex. */
static bool
try_merge (const AtPoint2 *p, Part *a, Part *b, int *scratch)
{
  for (int i = 0; i < a->n; i++)
    {
      const int u = a->idx[i], v = a->idx[(i + 1) % a->n];
      for (int j = 0; j < b->n; j++)
        {
          if (b->idx[j] != v || b->idx[(j + 1) % b->n] != u)
            continue;
          int m = 0;
          for (int k = 1; k <= a->n; k++)
            scratch[m++] = a->idx[(i + k) % a->n]; /* v ... u */
          for (int k = 2; k < b->n; k++)
            scratch[m++] = b->idx[(j + k) % b->n];
          if (!part_is_convex (p, scratch, m))
            return false;
          memcpy (a->idx, scratch, (size_t) m * sizeof (int));
          a->n = m;
          b->n = 0;
          return true;
        }
    }
  return false;
}

int
nest_convex_decompose (const AtPoint2 *p, size_t n, NestConvex **out_parts)
{
  *out_parts = NULL;
  int *ring = malloc (n * sizeof *ring);
  Part *parts = calloc (n, sizeof *parts);
  int *pool = malloc (n * n * sizeof *pool);
  int *scratch = malloc (2 * n * sizeof *scratch);
  int n_parts = 0, result = -1;
  if (!ring || !parts || !pool || !scratch)
    goto done;
  for (size_t i = 0; i < n; i++)
    {
      ring[i] = (int) i;
      parts[i].idx = pool + i * n;
    }
  /* Ear clipping: an ear is a convex vertex whose triangle holds no other
   * vertex; a simple polygon always has one. */
  int m = (int) n;
  while (m > 3)
    {
      int ear = -1;
      for (int i = 0; i < m && ear < 0; i++)
        {
          const AtPoint2 a = p[ring[(i + m - 1) % m]], b = p[ring[i]], c = p[ring[(i + 1) % m]];
          if (nest_cross3 (a, b, c) <= 0)
            continue;
          bool empty = true;
          for (int k = 0; k < m && empty; k++)
            {
              const int vk = ring[k];
              if (vk == ring[(i + m - 1) % m] || vk == ring[i] || vk == ring[(i + 1) % m])
                continue;
              if (in_triangle (p[vk], a, b, c))
                empty = false;
            }
          if (empty)
            ear = i;
        }
      if (ear < 0)
        goto done; /* not simple: the caller rejects it */
      Part *t = &parts[n_parts++];
      t->idx[0] = ring[(ear + m - 1) % m];
      t->idx[1] = ring[ear];
      t->idx[2] = ring[(ear + 1) % m];
      t->n = 3;
      memmove (ring + ear, ring + ear + 1, (size_t) (m - ear - 1) * sizeof *ring);
      m--;
    }
  Part *t = &parts[n_parts++];
  memcpy (t->idx, ring, 3 * sizeof (int));
  t->n = 3;

  bool merged = true;
  while (merged)
    {
      merged = false;
      for (int i = 0; i < n_parts; i++)
        for (int j = 0; j < n_parts && parts[i].n > 0; j++)
          if (i != j && parts[j].n > 0 && try_merge (p, &parts[i], &parts[j], scratch))
            merged = true;
    }
  int live = 0;
  for (int i = 0; i < n_parts; i++)
    live += parts[i].n > 0;
  NestConvex *out = calloc ((size_t) live, sizeof *out);
  if (!out)
    goto done;
  int k = 0;
  for (int i = 0; i < n_parts; i++)
    {
      if (parts[i].n == 0)
        continue;
      AtPoint2 *pts = malloc ((size_t) parts[i].n * sizeof *pts);
      bool ok = pts != NULL;
      for (int j = 0; ok && j < parts[i].n; j++)
        pts[j] = p[parts[i].idx[j]];
      ok = ok && nest_convex_from_hull (pts, (size_t) parts[i].n, &out[k]);
      free (pts);
      if (!ok)
        {
          nest_convex_free_array (out, k);
          goto done;
        }
      k++;
    }
  *out_parts = out;
  result = live;
done:
  free (ring);
  free (parts);
  free (pool);
  free (scratch);
  return result;
}

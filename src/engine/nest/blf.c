/* Bottom-left-fill placement on no-fit polygons.
 *
 * Method: the feasible reference positions of a new piece are the inner-fit
 * rectangle of the strip minus the union of the no-fit polygons (NFPs) of
 * the pieces already placed (Art 1966; Burke, Hellier, Kendall & Whitwell
 * 2006, "A new bottom-left-fill heuristic algorithm for the two-dimensional
 * irregular packing problem", OR 54:587-601). The bottom-left-most feasible
 * point lies on a vertex of that region, so candidates are the NFP part
 * vertices, their crossings with the inner-fit rectangle's edges and the
 * crossings of NFP edges with each other. Candidates are tried in
 * bottom-left order and the first one outside every NFP wins; edge
 * crossings, which are many, are only generated left of the best vertex
 * candidate found first. Holes left behind are filled because candidates
 * anywhere in the strip are considered. */
#include "nest_problem.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
  const NestConvex *part;
  double dx, dy; /* the fixed piece's position */
} ActivePart;

typedef struct {
  AtPoint2 a, b;
  double minx, maxx, miny, maxy;
  int part;
} Edge;

typedef struct {
  AtPoint2 *v;
  size_t n, cap;
} Cands;

static bool
cand_push (Cands *c, double x, double y)
{
  if (c->n == c->cap)
    {
      size_t cap = c->cap ? 2 * c->cap : 256;
      AtPoint2 *v = realloc (c->v, cap * sizeof *v);
      if (!v)
        return false;
      c->v = v;
      c->cap = cap;
    }
  c->v[c->n++] = (AtPoint2){ x, y };
  return true;
}

static int
cmp_bl (const void *pa, const void *pb)
{
  const AtPoint2 *a = pa, *b = pb;
  if (a->x != b->x)
    return a->x < b->x ? -1 : 1;
  if (a->y != b->y)
    return a->y < b->y ? -1 : 1;
  return 0;
}

static int
cmp_edge (const void *pa, const void *pb)
{
  const Edge *a = pa, *b = pb;
  return a->minx < b->minx ? -1 : a->minx > b->minx ? 1 : 0;
}

typedef struct {
  const NestProblem *pb;
  const NestPlaced *placed;
  int n_placed, shape;
  double ymax;
} Query;

static bool
feasible (const Query *q, double x, double y)
{
  const double tol = q->pb->tol;
  if (x < -tol || y < -tol || y > q->ymax + tol)
    return false;
  for (int j = 0; j < q->n_placed; j++)
    {
      const NestNfp *f = &q->pb->nfp[q->placed[j].shape * q->pb->n_shapes + q->shape];
      const double lx = x - q->placed[j].x, ly = y - q->placed[j].y;
      if (lx <= f->minx || lx >= f->maxx || ly <= f->miny || ly >= f->maxy)
        continue;
      for (int k = 0; k < f->n_parts; k++)
        if (nest_convex_contains (&f->parts[k], lx, ly, tol))
          return false;
    }
  return true;
}

/* Clamps values within tolerance of the strip's inner-fit edges onto them,
 * so a candidate computed with rounding still counts as inside. */
static bool
cand_push_clamped (Cands *c, const Query *q, double x, double y)
{
  const double tol = q->pb->tol;
  if (x < -tol || y < -tol || y > q->ymax + tol)
    return true;
  return cand_push (c, fmax (x, 0.0), fmin (fmax (y, 0.0), q->ymax));
}

/* The first feasible candidate in bottom-left order, if any. */
static bool
first_feasible (const Query *q, Cands *c, double *x, double *y)
{
  qsort (c->v, c->n, sizeof *c->v, cmp_bl);
  for (size_t i = 0; i < c->n; i++)
    if (feasible (q, c->v[i].x, c->v[i].y))
      {
        *x = c->v[i].x;
        *y = c->v[i].y;
        return true;
      }
  return false;
}

/* Where segment a-b crosses the horizontal line y = h (if it does). */
static bool
cross_horizontal (AtPoint2 a, AtPoint2 b, double h, double *x)
{
  if ((a.y - h) * (b.y - h) > 0 || a.y == b.y)
    return false;
  *x = a.x + (h - a.y) / (b.y - a.y) * (b.x - a.x);
  return true;
}

static bool
segment_crossing (const Edge *e, const Edge *f, AtPoint2 *p)
{
  const double rx = e->b.x - e->a.x, ry = e->b.y - e->a.y;
  const double sx = f->b.x - f->a.x, sy = f->b.y - f->a.y;
  const double den = rx * sy - ry * sx;
  if (den == 0.0)
    return false;
  const double qx = f->a.x - e->a.x, qy = f->a.y - e->a.y;
  const double t = (qx * sy - qy * sx) / den, u = (qx * ry - qy * rx) / den;
  if (t < 0.0 || t > 1.0 || u < 0.0 || u > 1.0)
    return false;
  *p = (AtPoint2){ e->a.x + t * rx, e->a.y + t * ry };
  return true;
}

bool
nest_place_blf (const NestProblem *pb, const NestPlaced *placed, int n_placed, int shape,
                double *out_x, double *out_y)
{
  const Query q = { pb, placed, n_placed, shape, fmax (0.0, pb->width - pb->shapes[shape].h) };
  size_t n_parts = 0;
  for (int j = 0; j < n_placed; j++)
    n_parts += (size_t) pb->nfp[placed[j].shape * pb->n_shapes + shape].n_parts;
  ActivePart *act = malloc ((n_parts + 1) * sizeof *act);
  Cands c = { 0 };
  Edge *edges = NULL;
  bool ok = act != NULL;
  size_t na = 0, n_edges = 0;
  double far_x = 0.0;
  for (int j = 0; ok && j < n_placed; j++)
    {
      const NestNfp *f = &pb->nfp[placed[j].shape * pb->n_shapes + shape];
      far_x = fmax (far_x, placed[j].x + f->maxx);
      if (placed[j].y + f->maxy <= 0.0 || placed[j].y + f->miny >= q.ymax)
        continue; /* entirely outside the inner-fit band: neither blocks nor bounds */
      for (int k = 0; k < f->n_parts; k++)
        {
          act[na++] = (ActivePart){ &f->parts[k], placed[j].x, placed[j].y };
          n_edges += (size_t) f->parts[k].n;
        }
    }
  /* Vertex candidates: corners of the inner-fit rectangle, NFP vertices and
   * their crossings with the rectangle's long edges, and a point right of
   * everything, which is always feasible. */
  ok = ok && cand_push (&c, 0.0, 0.0) && cand_push (&c, 0.0, q.ymax) && cand_push (&c, far_x, 0.0);
  for (size_t i = 0; ok && i < na; i++)
    {
      const NestConvex *p = act[i].part;
      for (int k = 0; ok && k < p->n; k++)
        {
          const AtPoint2 a = { p->v[k].x + act[i].dx, p->v[k].y + act[i].dy };
          const AtPoint2 b = { p->v[(k + 1) % p->n].x + act[i].dx, p->v[(k + 1) % p->n].y + act[i].dy };
          double x;
          ok = cand_push_clamped (&c, &q, a.x, a.y);
          if (ok && cross_horizontal (a, b, 0.0, &x))
            ok = cand_push_clamped (&c, &q, x, 0.0);
          if (ok && cross_horizontal (a, b, q.ymax, &x))
            ok = cand_push_clamped (&c, &q, x, q.ymax);
        }
    }
  double bx = far_x, by = 0.0;
  if (ok && !first_feasible (&q, &c, &bx, &by))
    bx = far_x, by = 0.0;
  /* Edge-crossing candidates, only left of (or level with) the best so far. */
  edges = ok ? malloc ((n_edges + 1) * sizeof *edges) : NULL;
  ok = ok && edges != NULL;
  n_edges = 0;
  for (size_t i = 0; ok && i < na; i++)
    {
      const NestConvex *p = act[i].part;
      if (p->minx + act[i].dx > bx)
        continue;
      for (int k = 0; k < p->n; k++)
        {
          Edge *e = &edges[n_edges++];
          e->a = (AtPoint2){ p->v[k].x + act[i].dx, p->v[k].y + act[i].dy };
          e->b = (AtPoint2){ p->v[(k + 1) % p->n].x + act[i].dx, p->v[(k + 1) % p->n].y + act[i].dy };
          e->minx = fmin (e->a.x, e->b.x);
          e->maxx = fmax (e->a.x, e->b.x);
          e->miny = fmin (e->a.y, e->b.y);
          e->maxy = fmax (e->a.y, e->b.y);
          e->part = (int) i;
          if (e->minx > bx || e->maxy < 0.0 || e->miny > q.ymax)
            n_edges--;
        }
    }
  if (ok)
    {
      qsort (edges, n_edges, sizeof *edges, cmp_edge);
      c.n = 0;
      for (size_t i = 0; ok && i < n_edges; i++)
        for (size_t j = i + 1; ok && j < n_edges && edges[j].minx <= edges[i].maxx; j++)
          {
            AtPoint2 p;
            if (edges[i].part == edges[j].part || edges[j].miny > edges[i].maxy
                || edges[j].maxy < edges[i].miny || !segment_crossing (&edges[i], &edges[j], &p))
              continue;
            if (p.x < bx || (p.x == bx && p.y < by))
              ok = cand_push_clamped (&c, &q, p.x, p.y);
          }
      double x, y;
      if (ok && first_feasible (&q, &c, &x, &y) && (x < bx || (x == bx && y < by)))
        bx = x, by = y;
    }
  free (act);
  free (edges);
  free (c.v);
  *out_x = bx;
  *out_y = by;
  return ok;
}

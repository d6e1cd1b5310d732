/* Preparing a nesting problem: input validation, rotated shapes with their
 * convex decompositions, and the table of pairwise no-fit polygons (NFPs)
 * built once so every placement during the search is only point tests.
 * NFP construction by convex decomposition and Minkowski sums, see
 * geometry.c (Agarwal, Flato & Halperin 2002). */
#include "nest_problem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Area, relative to the piece, that simplifying its search outline may
 * add, and the reflex vertices a piece may keep without being simplified
 * (see nest_simplify_outward). Only swim's digitised curves (about 8
 * reflex vertices a piece, 10 convex parts, 100-part no-fit polygons)
 * and a few mao pieces are touched (swim: 300 iterations of the whole
 * search took 258 s of CPU on the exact outlines, 30 s with 2 %
 * simplified). A chord costs density, as no piece can nest into the curve
 * it fills; once the depth search stopped at the first part that settles
 * a candidate (compact.c), parts cost less than moves: swim at 600 s, seed
 * 1, one run at a time: 74.7 % with 2 % (1.05 M moves, load 3.5), 75.5 %
 * with 0.5 % (0.88 M, load 2), 75.4 % on the exact outlines (0.52 M,
 * load 2); 0.5 % adds 0.4 % to swim's piece area, 2 % added 1.1 %. */
static const double SIMPLIFY_AREA = 0.005;
enum { SIMPLIFY_KEEP_REFLEX = 3 };

AtNestDef
at_nest_def_default (void)
{
  return (AtNestDef){ .strip_width = 0.0, .gap = 0.0, .seconds = 10.0, .max_iterations = 0,
                      .seed = 1, .cancel = NULL };
}

/* Rotations by multiples of 90° are exact, so axis-aligned pieces stay
 * axis-aligned and touch exactly. */
static void
rotation_cos_sin (double deg, double *c, double *s)
{
  double r = fmod (deg, 360.0);
  if (r < 0)
    r += 360.0;
  if (r == 0.0 || r == 90.0 || r == 180.0 || r == 270.0)
    {
      const int q = (int) (r / 90.0);
      const double cs[4] = { 1, 0, -1, 0 }, sn[4] = { 0, 1, 0, -1 };
      *c = cs[q];
      *s = sn[q];
      return;
    }
  *c = cos (r * M_PI / 180.0);
  *s = sin (r * M_PI / 180.0);
}

static AtStatus
check_piece (const AtNestPiece *pc, size_t i, double tol, AtPoint2 *clean, size_t *n_clean,
             AtError *err)
{
  if (pc->quantity < 0)
    return at_error_set (err, AT_ERR_RANGE, "piece %zu: quantity %d is negative", i, pc->quantity);
  if (!pc->outline.points || pc->outline.n_points < 3)
    return at_error_set (err, AT_ERR_INVALID, "piece %zu: the outline needs at least 3 points", i);
  for (size_t k = 0; k < pc->outline.n_points; k++)
    if (!isfinite (pc->outline.points[k].x) || !isfinite (pc->outline.points[k].y))
      return at_error_set (err, AT_ERR_RANGE, "piece %zu: point %zu is not a finite number", i, k);
  for (size_t r = 0; r < pc->n_rotations && pc->rotations; r++)
    if (!isfinite (pc->rotations[r]))
      return at_error_set (err, AT_ERR_RANGE, "piece %zu: rotation %zu is not a finite number", i, r);
  *n_clean = nest_clean_polygon (pc->outline.points, pc->outline.n_points, tol, clean);
  if (*n_clean < 3 || fabs (nest_signed_area (clean, *n_clean)) <= tol * tol)
    return at_error_set (err, AT_ERR_INVALID, "piece %zu: the outline has no area", i);
  if (nest_polygon_self_intersects (clean, *n_clean, tol))
    return at_error_set (err, AT_ERR_INVALID, "piece %zu: the outline intersects itself", i);
  return AT_OK;
}

static AtStatus
add_shape (NestProblem *pb, int piece, double deg, const AtPoint2 *clean, size_t n, AtError *err)
{
  NestShape *s = &pb->shapes[pb->n_shapes];
  memset (s, 0, sizeof *s);
  s->piece = piece;
  s->rotation = deg;
  rotation_cos_sin (deg, &s->cos_r, &s->sin_r);
  AtPoint2 *rot = malloc (n * sizeof *rot);
  if (!rot)
    return at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
  double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
  for (size_t k = 0; k < n; k++)
    {
      rot[k].x = s->cos_r * clean[k].x - s->sin_r * clean[k].y;
      rot[k].y = s->sin_r * clean[k].x + s->cos_r * clean[k].y;
      minx = fmin (minx, rot[k].x);
      miny = fmin (miny, rot[k].y);
      maxx = fmax (maxx, rot[k].x);
      maxy = fmax (maxy, rot[k].y);
    }
  s->ox = -minx;
  s->oy = -miny;
  s->w = maxx - minx;
  s->h = maxy - miny;
  if (s->h > pb->width + pb->tol)
    {
      free (rot);
      return AT_OK; /* does not fit across the strip in this rotation */
    }
  for (size_t k = 0; k < n; k++)
    {
      rot[k].x += s->ox;
      rot[k].y += s->oy;
    }
  s->n_parts = nest_convex_decompose (rot, n, &s->parts);
  free (rot);
  if (s->n_parts <= 0)
    return at_error_set (err, AT_ERR_INVALID, "piece %d: the outline is not a simple polygon", piece);
  pb->n_shapes++;
  return AT_OK;
}

/* Cells per side of an NFP's part index: one cell (all parts) for a few
 * parts, where the index would not pay. */
enum { NFP_CELLS = 16, NFP_INDEXED_PARTS = 4 };

static bool
nfp_index (NestNfp *f)
{
  f->cells = f->n_parts > NFP_INDEXED_PARTS ? NFP_CELLS : 1;
  f->cell_w = fmax (f->maxx - f->minx, 1e-300) / f->cells;
  f->cell_h = fmax (f->maxy - f->miny, 1e-300) / f->cells;
  f->per_w = 1.0 / f->cell_w;
  f->per_h = 1.0 / f->cell_h;
  const int n_cells = f->cells * f->cells;
  f->cell_start = calloc ((size_t) n_cells + 1, sizeof *f->cell_start);
  if (!f->cell_start)
    return false;
  int range[4];
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          for (int k = 1; k < n_cells; k++)
            f->cell_start[k] += f->cell_start[k - 1];
          f->cell_start[n_cells] = f->cell_start[n_cells - 1];
          f->cell_parts = malloc (((size_t) f->cell_start[n_cells] + 1) * sizeof *f->cell_parts);
          if (!f->cell_parts)
            return false;
        }
      /* Pass 0 counts each cell's parts, summed into where each cell ends;
       * pass 1 fills cells from their ends, leaving where each starts. */
      for (int q = f->n_parts - 1; q >= 0; q--)
        {
          const NestConvex *c = &f->parts[q];
          range[0] = (int) ((c->minx - f->minx) / f->cell_w);
          range[1] = (int) ((c->maxx - f->minx) / f->cell_w);
          range[2] = (int) ((c->miny - f->miny) / f->cell_h);
          range[3] = (int) ((c->maxy - f->miny) / f->cell_h);
          for (int r = 0; r < 4; r++)
            range[r] = range[r] < 0 ? 0 : range[r] >= f->cells ? f->cells - 1 : range[r];
          for (int cy = range[2]; cy <= range[3]; cy++)
            for (int cx = range[0]; cx <= range[1]; cx++)
              {
                const int k = cy * f->cells + cx;
                if (pass == 0)
                  f->cell_start[k]++;
                else
                  f->cell_parts[--f->cell_start[k]] = q;
              }
        }
    }
  /* Each cell's parts by decreasing reach (insertion sort: a cell holds a
   * few parts), in index order on ties. */
  for (int k = 0; k < n_cells; k++)
    for (int a = f->cell_start[k] + 1; a < f->cell_start[k + 1]; a++)
      {
        const int q = f->cell_parts[a];
        int b = a;
        for (; b > f->cell_start[k] && f->parts[f->cell_parts[b - 1]].reach < f->parts[q].reach; b--)
          f->cell_parts[b] = f->cell_parts[b - 1];
        f->cell_parts[b] = q;
      }
  return true;
}

static bool
build_nfp (const NestProblem *pb, const NestShape *fixed, const NestShape *moving, NestNfp *out)
{
  memset (out, 0, sizeof *out);
  out->parts = calloc ((size_t) (fixed->n_parts * moving->n_parts), sizeof *out->parts);
  if (!out->parts)
    return false;
  out->minx = out->miny = INFINITY;
  out->maxx = out->maxy = -INFINITY;
  for (int i = 0; i < fixed->n_parts; i++)
    for (int j = 0; j < moving->n_parts; j++)
      {
        NestConvex *c = &out->parts[out->n_parts];
        if (!nest_convex_nfp (&fixed->parts[i], &moving->parts[j], pb->gap, c))
          return false;
        out->n_parts++;
        out->minx = fmin (out->minx, c->minx);
        out->miny = fmin (out->miny, c->miny);
        out->maxx = fmax (out->maxx, c->maxx);
        out->maxy = fmax (out->maxy, c->maxy);
      }
  if (!nfp_index (out))
    return false;
  size_t total = 0;
  for (int k = 0; k < out->n_parts; k++)
    total += (size_t) out->parts[k].n;
  out->corners = malloc ((total + 1) * sizeof *out->corners);
  if (!out->corners)
    return false;
  for (int k = 0; k < out->n_parts; k++)
    for (int v = 0; v < out->parts[k].n; v++)
      {
        const AtPoint2 p = out->parts[k].v[v];
        bool inner = false;
        for (int m = 0; m < out->n_parts && !inner; m++)
          inner = m != k && nest_convex_contains (&out->parts[m], p.x, p.y, pb->tol);
        if (!inner)
          out->corners[out->n_corners++] = p;
      }
  return true;
}

AtStatus
nest_problem_init (NestProblem *pb, const AtNestPiece *pieces, size_t n_pieces,
                   const AtNestDef *def, AtError *err)
{
  memset (pb, 0, sizeof *pb);
  if (!def || !isfinite (def->strip_width) || def->strip_width <= 0.0)
    return at_error_set (err, AT_ERR_RANGE, "nest: the strip (fabric) width must be positive");
  if (!isfinite (def->gap) || def->gap < 0.0)
    return at_error_set (err, AT_ERR_RANGE, "nest: the gap must be zero or positive");
  if (!(def->seconds > 0) && def->max_iterations <= 0)
    return at_error_set (err, AT_ERR_RANGE, "nest: give a time budget or an iteration budget");
  if (!pieces || n_pieces == 0)
    return at_error_set (err, AT_ERR_INVALID, "nest: no pieces to nest");
  pb->width = def->strip_width;
  pb->gap = def->gap;
  double scale = def->strip_width;
  size_t max_pts = 0, n_rot = 0;
  for (size_t i = 0; i < n_pieces; i++)
    {
      max_pts = pieces[i].outline.n_points > max_pts ? pieces[i].outline.n_points : max_pts;
      n_rot += pieces[i].rotations ? pieces[i].n_rotations : 1;
      for (size_t k = 0; pieces[i].outline.points && k < pieces[i].outline.n_points; k++)
        scale = fmax (scale, fmax (fabs (pieces[i].outline.points[k].x),
                                   fabs (pieces[i].outline.points[k].y)));
    }
  /* Touching is allowed, overlap is not: one tolerance, relative to the
   * size of the problem, separates the two everywhere. */
  pb->tol = 1e-9 * scale;
  AtPoint2 *clean = malloc ((max_pts + 1) * sizeof *clean);
  AtPoint2 *search = malloc ((max_pts + 1) * sizeof *search);
  pb->shapes = calloc (n_rot + 1, sizeof *pb->shapes);
  pb->piece_first_shape = calloc (n_pieces + 1, sizeof *pb->piece_first_shape);
  AtStatus st = AT_OK;
  if (!clean || !search || !pb->shapes || !pb->piece_first_shape)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
      goto fail;
    }
  for (size_t i = 0; i < n_pieces; i++)
    {
      size_t n_clean = 0;
      pb->piece_first_shape[i] = pb->n_shapes;
      if ((st = check_piece (&pieces[i], i, pb->tol, clean, &n_clean, err)) != AT_OK)
        goto fail;
      const double zero = 0.0;
      const double *rots = pieces[i].rotations && pieces[i].n_rotations ? pieces[i].rotations : &zero;
      const size_t nr = pieces[i].rotations && pieces[i].n_rotations ? pieces[i].n_rotations : 1;
      /* The search works on an outline that contains the piece with fewer
       * reflex vertices; the marker keeps the piece's own outline. */
      const double area = fabs (nest_signed_area (clean, n_clean));
      memcpy (search, clean, n_clean * sizeof *clean);
      const size_t n_search = nest_simplify_outward (search, n_clean, SIMPLIFY_AREA * area,
                                                     SIMPLIFY_KEEP_REFLEX, pb->tol);
      for (size_t r = 0; r < nr; r++)
        if ((st = add_shape (pb, (int) i, rots[r], search, n_search, err)) != AT_OK)
          goto fail;
      if (pb->n_shapes == pb->piece_first_shape[i])
        {
          st = at_error_set (err, AT_ERR_RANGE,
                             "piece %zu is wider than the fabric (%g) in every allowed rotation", i,
                             pb->width);
          goto fail;
        }
      pb->n_items += pieces[i].quantity;
      pb->piece_area_total += pieces[i].quantity * fabs (nest_signed_area (clean, n_clean));
    }
  pb->piece_first_shape[n_pieces] = pb->n_shapes;
  if (pb->n_items == 0)
    {
      st = at_error_set (err, AT_ERR_INVALID, "nest: every piece has quantity 0, nothing to nest");
      goto fail;
    }
  pb->item_piece = malloc ((size_t) pb->n_items * sizeof *pb->item_piece);
  pb->nfp = calloc ((size_t) pb->n_shapes * (size_t) pb->n_shapes, sizeof *pb->nfp);
  if (!pb->item_piece || !pb->nfp)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
      goto fail;
    }
  for (size_t i = 0, k = 0; i < n_pieces; i++)
    for (int q = 0; q < pieces[i].quantity; q++)
      pb->item_piece[k++] = (int) i;
  const int ns = pb->n_shapes;
  int failed = 0;
#pragma omp parallel for schedule(dynamic) reduction(| : failed)
  for (int ij = 0; ij < ns * ns; ij++)
    failed |= !build_nfp (pb, &pb->shapes[ij / ns], &pb->shapes[ij % ns], &pb->nfp[ij]);
  if (failed)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "nest: out of memory building no-fit polygons");
      goto fail;
    }
  free (clean);
  free (search);
  return AT_OK;
fail:
  free (clean);
  free (search);
  nest_problem_free (pb);
  return st;
}

void
nest_problem_free (NestProblem *pb)
{
  if (pb->nfp)
    for (int i = 0; i < pb->n_shapes * pb->n_shapes; i++)
      {
        nest_convex_free_array (pb->nfp[i].parts, pb->nfp[i].n_parts);
        free (pb->nfp[i].corners);
        free (pb->nfp[i].cell_start);
        free (pb->nfp[i].cell_parts);
      }
  for (int i = 0; pb->shapes && i < pb->n_shapes; i++)
    nest_convex_free_array (pb->shapes[i].parts, pb->shapes[i].n_parts);
  free (pb->nfp);
  free (pb->shapes);
  free (pb->piece_first_shape);
  free (pb->item_piece);
  memset (pb, 0, sizeof *pb);
}

AtStatus
nest_marker_build (const NestProblem *pb, const AtNestPiece *pieces, const NestPlaced *placed,
                   int n, AtMarker *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  out->strip_width = pb->width;
  out->placements = calloc ((size_t) n, sizeof *out->placements);
  if (!out->placements)
    return at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
  out->n_placements = (size_t) n;
  for (int i = 0; i < n; i++)
    {
      const NestShape *s = &pb->shapes[placed[i].shape];
      const AtNestPolygon *o = &pieces[s->piece].outline;
      AtNestPlacement *pl = &out->placements[i];
      size_t m = o->n_points;
      if (m > 1 && o->points[0].x == o->points[m - 1].x && o->points[0].y == o->points[m - 1].y)
        m--; /* the closing vertex is implied */
      pl->piece = s->piece;
      pl->rotation = s->rotation;
      pl->dx = s->ox + placed[i].x;
      pl->dy = s->oy + placed[i].y;
      pl->polygon = malloc (m * sizeof *pl->polygon);
      if (!pl->polygon)
        {
          at_marker_free (out);
          return at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
        }
      pl->n_points = m;
      for (size_t k = 0; k < m; k++)
        {
          const AtPoint2 p = o->points[k];
          AtPoint2 q = { s->cos_r * p.x - s->sin_r * p.y + pl->dx,
                         s->sin_r * p.x + s->cos_r * p.y + pl->dy };
          /* Rounding can push a vertex a hair past the strip edge. */
          q.y = fmin (fmax (q.y, 0.0), pb->width);
          q.x = fmax (q.x, 0.0);
          pl->polygon[k] = q;
          out->length = fmax (out->length, q.x);
        }
    }
  out->piece_area = pb->piece_area_total;
  out->utilisation = out->length > 0 ? out->piece_area / (out->length * pb->width) : 0.0;
  return AT_OK;
}

void
at_marker_free (AtMarker *marker)
{
  if (!marker)
    return;
  for (size_t i = 0; i < marker->n_placements; i++)
    free (marker->placements[i].polygon);
  free (marker->placements);
  memset (marker, 0, sizeof *marker);
}

double
at_marker_fabric_cost (const AtMarker *marker, double price_per_metre, int garments)
{
  if (!marker || garments <= 0)
    return 0.0;
  /* Strip units are centimetres: 100 per metre. */
  return marker->length / 100.0 * price_per_metre / garments;
}

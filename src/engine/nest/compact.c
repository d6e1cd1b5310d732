/* Strip-length reduction by overlap minimisation.
 *
 * Method: the approach of Egeblad, Nielsen & Odgaard 2007 ("Fast neighbor
 * search for two- and three-dimensional nesting problems", EJOR
 * 183:1249-1266) and Umetani, Yagiura, Imahori, Imamichi, Nonobe & Ibaraki
 * 2009 ("Solving the irregular strip packing problem via guided local
 * search for overlap minimization", ITOR 16:661-683). From a valid marker
 * of length L, the strip is shortened to L (1 - r); pieces that no longer
 * fit are pushed inside, overlapping. Guided local search then removes the
 * overlap in sweeps: every overlapping piece moves once, in any allowed
 * rotation, to the position of least weighted overlap with all the others,
 * and after each sweep the weights of the pairs still overlapping grow
 * (Voudouris & Tsang's GLS penalties, updated as in the separator of
 * Gardeyn & Wauters 2025), which reshapes the landscape until the pieces
 * separate. Raising the weights only at a local minimum, as before, let
 * the moves creep: on shirts 5,500 moves ran between two updates, each
 * gaining a sliver, with the overlap stuck; per sweep, at 30,000 moves
 * (seed 1, additive weights): dagli 81.1 -> 83.2 %, jakobs2 76.6 -> 80.3 %,
 * mao 78.0 -> 80.7 %, shirts 84.1 -> 84.5 %. A layout without
 * overlap is a new valid marker: it is kept and the strip shortened again.
 * A length that resists for a whole budget of moves is given up,
 * and the next try shrinks by half as much from the best marker, with
 * twice the moves (a tighter marker takes longer to untangle) and two
 * pieces swapped (see disrupt).
 *
 * Overlap of two pieces is the penetration depth of the moving piece's
 * reference point into the no-fit polygon of the pair (Umetani et al.),
 * here the deepest depth over the NFP's convex parts, scaled by the
 * pieces' sizes in the moves' cost (see item_sizes): zero exactly where
 * the placer's own test (blf.c) finds no overlap, so a layout of zero
 * overlap is valid by the same rule as every placement, gap included.
 * Candidate positions are the vertices of the other pieces' no-fit
 * polygons (the corners of their unions) clamped into the inner-fit rectangle, where the feasible and
 * the least-overlap positions lie (the BLF candidate set), so a piece can
 * jump anywhere on the strip, into a hole across the marker. On large
 * orders (swim, shirts: 4,000-5,500 corners a move) an evenly spaced
 * sample of them, from a random offset, stands for the rest, as sparrow
 * samples the strip (Gardeyn & Wauters 2025); the exact line candidates
 * then refine the position found. Swim at an equal 600 moves: 66.9 ->
 * 67.6 %; with the culprit test of candidate_cost, 1.8-2.1 times the
 * moves per second (60 s side by side, one core each): swim 65.9 ->
 * 67.5 %, shirts 84.1 % both.
 *
 * The last COMPRESS_SHARE of the budget is a compression phase, as in
 * Gardeyn & Wauters 2025: the steps fall from 0.05 % to 0.001 % of the
 * length, where the exploration's smallest is 0.1 %, so the marker found
 * is squeezed by the slivers the larger steps cannot take. At 120 s, two
 * threads, two runs side by side (load 4-5), without -> with: jakobs2
 * 81.0 -> 82.4 %, shirts 86.1 -> 86.8 %, swim 71.2 -> 71.9 %, blaz1
 * 81.2 -> 81.1 %; shapes0 (one thread) 64.9 -> 66.3 %. At 600 s, seed 1,
 * two runs side by side (load 4-6), before -> after: shirts 87.1 ->
 * 88.6 %, jakobs2 84.1 -> 85.8 %, blaz1 82.7 -> 83.0 %, trousers 90.2 ->
 * 90.4 %, dagli 88.1 -> 88.6 %, mao 83.9 -> 83.8 %, swim 74.3 -> 74.3 %,
 * shapes0 65.9 -> 65.4 % (load 6) and 66.5 % (load 4). Both chains
 * compress the shorter of the two markers they explored, each with its
 * own moves, as sparrow compresses its best explored solution:
 * explorations from different seeds end points apart (jakobs2 at 200 s,
 * seeds 1 and 2: 81.3 and 85.5 %), while a compression adds 0.4 to 1.3
 * points to whatever it starts from (jakobs2, swim at 300 s, traced), so
 * both squeezes go to the better start.
 *
 * Speed: the overlap depth is most of the time. An NFP's cells list their
 * parts by decreasing reach (half a part's least width, a bound on any
 * depth inside it), so the depth search stops at the first part whose
 * reach cannot beat the depth found; and a candidate's cost tells the
 * depth search how much room is left under the best cost so far, so it
 * stops at the first part deep enough to rule the candidate out (see
 * depth and add_pair_cost). The other pieces are listed per move in a
 * 16 x 8 grid of the strip rather than 64 slices, and the inner loops
 * multiply and compare where they divided and called fmin. The moves stay
 * the same; from a BLF start, side by side, one core each, moves per CPU
 * second: swim (6,000 moves) 880-1,020 -> 1,420-1,480, shapes0 (40,000
 * moves) 4,270-4,410 -> 5,350-5,640. At 600 s, seed 1, one run at a
 * time: shapes0 66.5 % (4.9 M moves, load 2-3.5; 65.4 % with 1.3 M and
 * 66.5 % with 2.0 M before); swim 74.7 % (1.05 M moves against 0.42 M,
 * load 3.5), and 75.5 % once the cheaper parts let its search outlines
 * keep more of their curves (problem.c, SIMPLIFY_AREA 0.5 %, 0.88 M
 * moves, load 2), still short of 4 points from the best known 79.8 %.
 *
 * Determinism: the move order comes from the seeded generator and ties
 * between candidates go to the lowest index; the two cores run
 * independent chains (see nest_compact), so a move budget gives the same
 * marker for a seed on any number of threads. */
#include "nest_problem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The first step shortens by 1 %. The smallest step: a length 0.1 %
 * shorter is still worth a try from a fresh start (new move order),
 * rather than stopping. A step halves when its length resists and grows
 * by half again, up to the first step, when it succeeds, so a search
 * that got stuck once does not crawl for ever after (at equal time on one
 * core: dagli 82.2 -> 82.9 %, mao 78.6 -> 79.2 %, jakobs1 and swim
 * unchanged). */
static const double FIRST_SHRINK = 0.01, MIN_SHRINK = 0.001, GROW = 1.5;
/* The compression phase (see the top): its share of the strip
 * reduction's budget, its first and its smallest step. */
static const double COMPRESS_SHARE = 0.3, COMPRESS_FIRST = 0.0005, COMPRESS_MIN = 0.00001;
/* Moves per item a length may take before it is given up, at first and
 * at most. */
enum { MOVES_PER_ITEM = 60, MOVES_PER_ITEM_MAX = 1000 };

typedef struct {
  double x, y;
  int shape;
} Candidate;

typedef struct {
  const NestProblem *pb;
  int n;
  NestPlaced *pos;      /* by item */
  double *pen;          /* n x n overlap depth, symmetric */
  double *w;            /* n x n GLS weights */
  double *size;         /* by item: see item_sizes */
  double length;        /* the strip length tried */
  Candidate *cand;
  size_t cand_cap;
  struct Grid *grid;    /* one per rotation of the moving piece */
  uint64_t rng;
} Gls;

/* Depth of the point (lx, ly), in the frame of no-fit polygon f, inside
 * it: the largest, over convex parts, of the distance to the nearest
 * edge; 0 when outside every part (or within tol of a boundary). A caller
 * that only needs to know whether scale times the depth exceeds room
 * gets, once one part is deep enough for that, that part's depth (at most
 * the depth); otherwise the exact depth (always with room = INFINITY).
 * Parts come deepest reach first (see NestNfp), so the search stops at the
 * first part whose reach cannot beat the depth found. */
static double
depth (const NestProblem *pb, const NestNfp *f, double lx, double ly, double scale, double room)
{
  if (lx <= f->minx || lx >= f->maxx || ly <= f->miny || ly >= f->maxy)
    return 0.0;
  double best = pb->tol;
  const int *end, *k = nest_nfp_cell (f, lx, ly, &end);
  for (; k < end; k++)
    {
      const NestConvex *c = &f->parts[*k];
      if (c->reach <= best)
        break;
      if (lx <= c->minx + best || lx >= c->maxx - best || ly <= c->miny + best || ly >= c->maxy - best)
        continue;
      /* A plain comparison, not fmin: this loop is most of the search's
       * time, and fmin's NaN rules keep it a library call. */
      double d = INFINITY;
      for (int e = 0; e < c->n && d > best; e++)
        {
          const double de = c->c[e] - (c->nx[e] * lx + c->ny[e] * ly);
          d = de < d ? de : d;
        }
      if (d > best)
        {
          best = d;
          if (scale * best > room)
            break;
        }
    }
  return best > pb->tol ? best : 0.0;
}

/* The overlap of items i (at x, y in shape) and j is always measured in
 * the no-fit polygon of the lower index fixed: the two NFPs of a pair are
 * the same set mirrored but their convex parts, and so the depths,
 * differ, and one measure per pair is what makes every improving move
 * lower the total (two measures let a pair chase each other for ever).
 * Returns that NFP and the moving piece's point in its frame. */
static const NestNfp *
pair_frame (const Gls *g, int i, int shape, double x, double y, int j, double *lx, double *ly)
{
  const NestProblem *pb = g->pb;
  const NestPlaced *pj = &g->pos[j];
  if (j < i)
    {
      *lx = x - pj->x;
      *ly = y - pj->y;
      return &pb->nfp[pj->shape * pb->n_shapes + shape];
    }
  *lx = pj->x - x;
  *ly = pj->y - y;
  return &pb->nfp[shape * pb->n_shapes + pj->shape];
}

static double
item_overlap (const Gls *g, int i)
{
  double s = 0.0;
  for (int j = 0; j < g->n; j++)
    s += g->pen[i * g->n + j];
  return s;
}

static void
update_item (Gls *g, int i)
{
  for (int j = 0; j < g->n; j++)
    {
      double lx = 0.0, ly = 0.0;
      const NestNfp *f = j == i ? NULL : pair_frame (g, i, g->pos[i].shape, g->pos[i].x, g->pos[i].y, j, &lx, &ly);
      const double d = f ? depth (g->pb, f, lx, ly, 1.0, INFINITY) : 0.0;
      g->pen[i * g->n + j] = g->pen[j * g->n + i] = d;
    }
}

static bool
add_candidate (Gls *g, size_t *n, Candidate c)
{
  if (*n == g->cand_cap)
    {
      const size_t cap = g->cand_cap ? 2 * g->cand_cap : 4096;
      Candidate *p = realloc (g->cand, cap * sizeof *p);
      if (!p)
        return false;
      g->cand = p;
      g->cand_cap = cap;
    }
  g->cand[(*n)++] = c;
  return true;
}

/* v moved into [0, hi]: plain comparisons, not the library's fmin and
 * fmax, for every corner of every move. */
static inline double
clamp (double v, double hi)
{
  return v < 0.0 ? 0.0 : v > hi ? hi : v;
}

/* NFP corners tried per rotation of the moving piece, at most. */
enum { MAX_CORNERS = 600 };

/* The candidates of item i in one shape: the inner-fit rectangle's corners
 * and the other pieces' NFP vertices clamped into it, every stride-th of
 * them when there are more than MAX_CORNERS. */
static bool
shape_candidates (Gls *g, int i, int shape, size_t *n)
{
  const NestProblem *pb = g->pb;
  const double xmax = g->length - pb->shapes[shape].w, ymax = fmax (0.0, pb->width - pb->shapes[shape].h);
  if (xmax < 0.0)
    return true; /* longer than the strip tried in this rotation */
  const Candidate corners[4] = { { 0, 0, shape }, { 0, ymax, shape }, { xmax, 0, shape }, { xmax, ymax, shape } };
  for (int k = 0; k < 4; k++)
    if (!add_candidate (g, n, corners[k]))
      return false;
  long total = 0;
  for (int j = 0; j < g->n; j++)
    if (j != i)
      total += pb->nfp[g->pos[j].shape * pb->n_shapes + shape].n_corners;
  const long stride = total > MAX_CORNERS ? (total + MAX_CORNERS - 1) / MAX_CORNERS : 1;
  const long pick = stride > 1 ? (long) (nest_rng_next (&g->rng) % (uint64_t) stride) : 0;
  long seen = 0;
  for (int j = 0; j < g->n; j++)
    {
      if (j == i)
        continue;
      const NestNfp *f = &pb->nfp[g->pos[j].shape * pb->n_shapes + shape];
      const double dx = g->pos[j].x, dy = g->pos[j].y;
      if (dx + f->maxx < 0.0 || dx + f->minx > xmax || dy + f->maxy < 0.0 || dy + f->miny > ymax)
        {
          seen += f->n_corners;
          continue;
        }
      for (int v = 0; v < f->n_corners; v++)
        {
          if (seen++ % stride != pick)
            continue;
          const Candidate c = { clamp (f->corners[v].x + dx, xmax), clamp (f->corners[v].y + dy, ymax),
                                shape };
          if (!add_candidate (g, n, c))
            return false;
        }
    }
  return true;
}

/* The other pieces whose no-fit polygon, for one shape of the moving
 * piece, reaches into each of CELLS x ROWS cells of the strip: a
 * candidate is only tested against the pieces listed in its cell, in
 * index order (so the sum rounds as over all pieces). Rows across the
 * strip as well as slices along it: on shapes0, 64 slices listed six
 * pieces a candidate, most of them above or below it; 16 x 8 cells,
 * cheap enough to build for every move, took 10 % fewer instructions
 * there (callgrind, 5,000 moves), 3 % fewer on swim, for the same
 * moves. */
enum { CELLS = 16, ROWS = 8 };

typedef struct Grid {
  double cell_w, cell_h, per_w, per_h; /* per_: the inverses, to multiply by */
  int start[CELLS * ROWS + 1];
  int count[CELLS * ROWS];
  int *items;
  size_t cap;
} Grid;

/* The cells [*lo, *hi] of size step that the interval [a, b] reaches,
 * among cells 0 .. n - 1; empty (*lo > *hi) when it misses them all. */
static void
cell_span (double a, double b, double step, int n, int *lo, int *hi)
{
  const double l = floor (a / step), h = floor (b / step);
  *lo = l < 0.0 ? 0 : l > n ? n : (int) l;
  *hi = h < 0.0 ? -1 : h > n - 1.0 ? n - 1 : (int) h;
}

static bool
grid_build (const Gls *g, int i, int shape, Grid *grid)
{
  const NestProblem *pb = g->pb;
  grid->cell_w = fmax (g->length, pb->tol) / CELLS;
  grid->cell_h = fmax (pb->width, pb->tol) / ROWS;
  grid->per_w = 1.0 / grid->cell_w;
  grid->per_h = 1.0 / grid->cell_h;
  memset (grid->count, 0, sizeof grid->count);
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          grid->start[0] = 0;
          for (int c = 0; c < CELLS * ROWS; c++)
            grid->start[c + 1] = grid->start[c] + grid->count[c];
          const size_t total = (size_t) grid->start[CELLS * ROWS];
          if (total > grid->cap)
            {
              int *p = realloc (grid->items, total * sizeof *p);
              if (!p)
                return false;
              grid->items = p;
              grid->cap = total;
            }
          memset (grid->count, 0, sizeof grid->count);
        }
      for (int j = 0; j < g->n; j++)
        {
          if (j == i)
            continue;
          const NestNfp *f = &pb->nfp[g->pos[j].shape * pb->n_shapes + shape];
          int x0, x1, y0, y1;
          cell_span (g->pos[j].x + f->minx, g->pos[j].x + f->maxx, grid->cell_w, CELLS, &x0, &x1);
          cell_span (g->pos[j].y + f->miny, g->pos[j].y + f->maxy, grid->cell_h, ROWS, &y0, &y1);
          for (int cy = y0; cy <= y1; cy++)
            for (int cx = x0; cx <= x1; cx++)
              {
                const int c = cy * CELLS + cx;
                if (pass == 1)
                  grid->items[grid->start[c] + grid->count[c]] = j;
                grid->count[c]++;
              }
        }
    }
  return true;
}

/* s plus the weighted overlap of item i at candidate c with item j; once
 * the sum exceeds bound it may stop short (the depth search stops at the
 * first part deep enough), still above bound and at most the full sum. */
static double
add_pair_cost (const Gls *g, int i, const Candidate *c, int j, double s, double bound)
{
  double lx, ly;
  const NestNfp *f = pair_frame (g, i, c->shape, c->x, c->y, j, &lx, &ly);
  if (lx <= f->minx || lx >= f->maxx || ly <= f->miny || ly >= f->maxy)
    return s;
  const double scale = g->w[i * g->n + j] * g->size[i] * g->size[j], room = bound - s;
  double d = depth (g->pb, f, lx, ly, scale, room);
  /* Rounding may leave a stopped-short sum at or under bound: then the
   * exact depth decides, as without the shortcut. */
  if (scale * d > room && !(s + scale * d > bound))
    d = depth (g->pb, f, lx, ly, 1.0, INFINITY);
  return s + scale * d;
}

/* Weighted overlap of item i at candidate c, abandoned (returning a value
 * above bound) once it exceeds bound. *culprit is the piece that ended
 * the last abandoned sum: neighbouring candidates (corners of one no-fit
 * polygon) mostly overlap the same piece, so it is tried first, alone;
 * every term is >= 0, so one term above the bound settles it, and
 * otherwise the full sum runs in its usual order (the same rounding, so
 * the same moves as without the shortcut). */
static double
candidate_cost (const Gls *g, const Grid *grid, int i, const Candidate *c, double bound, int *culprit)
{
  if (*culprit >= 0 && *culprit != i)
    {
      const double t = add_pair_cost (g, i, c, *culprit, 0.0, bound);
      if (t > bound)
        return t;
    }
  /* Truncation, not floor: x, y >= 0, and plain comparisons, not the
   * library's fmin and fmax (this runs for every candidate). */
  int cx = (int) (c->x * grid->per_w), cy = (int) (c->y * grid->per_h);
  cx = cx < 0 ? 0 : cx >= CELLS ? CELLS - 1 : cx;
  cy = cy < 0 ? 0 : cy >= ROWS ? ROWS - 1 : cy;
  const int cell = cy * CELLS + cx;
  double s = 0.0;
  for (int k = grid->start[cell]; k < grid->start[cell + 1]; k++)
    {
      s = add_pair_cost (g, i, c, grid->items[k], s, bound);
      if (s > bound)
        {
          *culprit = grid->items[k];
          break;
        }
    }
  return s;
}

/* The candidates of item i in one shape on the horizontal line y = at
 * (vertical x = at when !horizontal): where the line enters or leaves each
 * convex part of the other pieces' no-fit polygons, and the strip's ends.
 * Along the line each part's depth is concave where it is positive, so
 * the least weighted overlap on the whole line lies at one of these
 * points: this is the exact one-dimensional translation of Egeblad et al.,
 * and it reaches the touching positions between two pieces that NFP
 * corners miss. */
static bool
line_candidates (Gls *g, int i, int shape, bool horizontal, double at, size_t *n)
{
  const NestProblem *pb = g->pb;
  const double xmax = g->length - pb->shapes[shape].w, ymax = fmax (0.0, pb->width - pb->shapes[shape].h);
  if (xmax < 0.0)
    return true;
  const double hi_end = horizontal ? xmax : ymax;
  /* A line through another rotation's position may run outside this
   * rotation's inner-fit rectangle (90 degrees swaps width and height):
   * moved onto it. */
  at = fmin (fmax (at, 0.0), horizontal ? ymax : xmax);
  const Candidate ends[2] = { { horizontal ? 0.0 : at, horizontal ? at : 0.0, shape },
                              { horizontal ? xmax : at, horizontal ? at : ymax, shape } };
  if (!add_candidate (g, n, ends[0]) || !add_candidate (g, n, ends[1]))
    return false;
  for (int j = 0; j < g->n; j++)
    {
      if (j == i)
        continue;
      const NestNfp *f = &pb->nfp[g->pos[j].shape * pb->n_shapes + shape];
      const double dx = g->pos[j].x, dy = g->pos[j].y;
      /* The line in the NFP's frame: fixed coordinate u, running one t. */
      const double u = horizontal ? at - dy : at - dx, off = horizontal ? dx : dy;
      if (horizontal ? (u <= f->miny || u >= f->maxy) : (u <= f->minx || u >= f->maxx))
        continue;
      for (int k = 0; k < f->n_parts; k++)
        {
          const NestConvex *c = &f->parts[k];
          if (horizontal ? (u <= c->miny || u >= c->maxy) : (u <= c->minx || u >= c->maxx))
            continue;
          double lo = -INFINITY, hi = INFINITY;
          for (int e = 0; e < c->n; e++)
            {
              const double a = horizontal ? c->nx[e] : c->ny[e];
              const double rest = c->c[e] - (horizontal ? c->ny[e] : c->nx[e]) * u;
              const double t = rest / a;
              if (a > 1e-12 && t < hi)
                hi = t;
              else if (a < -1e-12 && t > lo)
                lo = t;
            }
          const double ends_t[2] = { lo + off, hi + off };
          for (int q = 0; q < 2 && lo < hi; q++)
            {
              const double t = ends_t[q];
              if (t < 0.0 || t > hi_end)
                continue;
              if (!add_candidate (g, n, (Candidate){ horizontal ? t : at, horizontal ? at : t, shape }))
                return false;
            }
        }
    }
  return true;
}

/* The least-cost candidate among cand[0..n) (lowest index on ties), cand[0]
 * being the reference of cost ref. */
static size_t
best_candidate (const Gls *g, int i, int first, size_t n, double ref, double *cost)
{
  double best_cost = ref;
  size_t best_k = 0;
  int culprit = -1;
  /* Nothing beats no overlap: the first candidate without any wins. */
  for (size_t k = 1; k < n && best_cost > 0.0; k++)
    {
      /* Abandoned as soon as it is no better: most candidates stop at the
       * first piece they overlap. */
      const double c = candidate_cost (g, &g->grid[g->cand[k].shape - first], i, &g->cand[k],
                                       best_cost, &culprit);
      if (c < best_cost)
        {
          best_cost = c;
          best_k = k;
        }
    }
  *cost = best_cost;
  return best_k;
}

/* Moves item i to its least-overlap position: the best of the NFP corners
 * of every rotation and the horizontal and vertical lines through where it
 * is, then refined along both lines through the position found. Returns 1
 * when it moved to a strictly better position, 0 when it stayed, -1 when
 * memory ran out. */
static int
move_item (Gls *g, int i)
{
  const NestProblem *pb = g->pb;
  const int piece = pb->shapes[g->pos[i].shape].piece;
  const int first = pb->piece_first_shape[piece];
  const int n_rot = pb->piece_first_shape[piece + 1] - first;
  size_t n = 0;
  /* Candidate 0 is where it is: ties keep it there. */
  if (!add_candidate (g, &n, (Candidate){ g->pos[i].x, g->pos[i].y, g->pos[i].shape }))
    return -1;
  for (int r = 0; r < n_rot; r++)
    if (!grid_build (g, i, first + r, &g->grid[r]) || !shape_candidates (g, i, first + r, &n)
        || !line_candidates (g, i, first + r, true, g->pos[i].y, &n)
        || !line_candidates (g, i, first + r, false, g->pos[i].x, &n))
      return -1;
  int none = -1;
  const double here = candidate_cost (g, &g->grid[g->pos[i].shape - first], i, &g->cand[0], INFINITY, &none);
  double cost;
  size_t k = best_candidate (g, i, first, n, here, &cost);
  Candidate pick = g->cand[k];
  if (k != 0 && cost > 0.0)
    {
      /* Refine along both lines through the new position. */
      const double found = cost;
      n = 0;
      if (!add_candidate (g, &n, pick) || !line_candidates (g, i, pick.shape, true, pick.y, &n)
          || !line_candidates (g, i, pick.shape, false, pick.x, &n))
        return -1;
      const size_t r = best_candidate (g, i, first, n, found, &cost);
      pick = g->cand[r];
    }
  if (!(cost < here))
    return 0;
  g->pos[i] = (NestPlaced){ pick.shape, pick.x, pick.y };
  update_item (g, i);
  return 1;
}

static double
used_length (const NestProblem *pb, const NestPlaced *pos, int n)
{
  double l = 0.0;
  for (int i = 0; i < n; i++)
    l = fmax (l, pos[i].x + pb->shapes[pos[i].shape].w);
  return l;
}

/* Starts a try at length L from a valid layout: pieces past the end are
 * pushed back inside. False when some piece is longer than L. */
static bool
start_length (Gls *g, const NestPlaced *from, double length)
{
  const NestProblem *pb = g->pb;
  g->length = length;
  for (int i = 0; i < g->n; i++)
    {
      g->pos[i] = from[i];
      const double xmax = length - pb->shapes[from[i].shape].w;
      if (xmax < 0.0)
        return false;
      g->pos[i].x = fmin (g->pos[i].x, xmax);
    }
  for (int k = 0; k < g->n * g->n; k++)
    g->w[k] = 1.0;
  for (int i = 0; i < g->n; i++)
    update_item (g, i);
  return true;
}

/* After a length resisted, the next try starts from the best marker with
 * two copies of different pieces swapped, centre to centre: a plain
 * restart from the same marker tends to fall back into the same tangle
 * (Gardeyn & Wauters 2025 disrupt their solutions between tries in the
 * same spirit). Measured at equal time, one core each: dagli 83.0 / 81.2 %
 * without, 84.9 / 81.6 % with (two seeds), mao 77.9 / 78.6 %, shirts
 * unchanged. */
static void
disrupt (const NestProblem *pb, NestPlaced *pos, int n, uint64_t *rng)
{
  for (int attempt = 0; attempt < 32; attempt++)
    {
      const int a = (int) (nest_rng_next (rng) % (uint64_t) n);
      const int b = (int) (nest_rng_next (rng) % (uint64_t) n);
      const NestShape *sa = &pb->shapes[pos[a].shape], *sb = &pb->shapes[pos[b].shape];
      if (sa->piece == sb->piece)
        continue;
      const NestPlaced was_a = pos[a];
      pos[a].x = fmax (0.0, pos[b].x + 0.5 * (sb->w - sa->w));
      pos[a].y = fmin (fmax (0.0, pos[b].y + 0.5 * (sb->h - sa->h)), fmax (0.0, pb->width - sa->h));
      pos[b].x = fmax (0.0, was_a.x + 0.5 * (sa->w - sb->w));
      pos[b].y = fmin (fmax (0.0, was_a.y + 0.5 * (sa->h - sb->h)), fmax (0.0, pb->width - sb->h));
      return;
    }
}

/* GLS penalties, raised after every sweep as Gardeyn & Wauters 2025 do:
 * the weight of a pair still overlapping grows by a factor of 1.2 to 2,
 * more for a deeper overlap relative to the deepest, and the weight of a
 * pair that no longer overlaps decays back towards 1, so the landscape
 * follows the pairs that are in conflict now rather than all that ever
 * were. Against additive weights (both per sweep), at 30,000 moves,
 * seeds 1 / 2: dagli 83.2 / 82.9 -> 84.4 / 84.9 %, jakobs2 80.3 / 79.0 ->
 * 80.2 / 79.5 %, mao 80.7 / 80.3 -> 79.3 / 81.3 %, shirts (seed 1) 84.5 ->
 * 84.9 %. */
static void
raise_weights (Gls *g)
{
  double most = 0.0;
  for (int k = 0; k < g->n * g->n; k++)
    most = fmax (most, g->pen[k]);
  if (most <= 0.0)
    return;
  for (int k = 0; k < g->n * g->n; k++)
    g->w[k] = g->pen[k] > 0.0 ? g->w[k] * (1.2 + 0.8 * g->pen[k] / most) : fmax (1.0, 0.95 * g->w[k]);
}

/* Each item's size, the square root of its area over the mean of those:
 * the weighted overlap of a pair is scaled by both sizes. Depth alone is
 * bounded by the smaller piece, so a large piece lying over a small one
 * looked as cheap as two small ones touching, and large pieces settled
 * on small ones; scaled, the cost is nearer the overlapping area
 * (Gardeyn & Wauters 2025 weight their overlap proxy by the items'
 * sizes too). At 30,000 moves: dagli 83.9 / 84.9 -> 85.1 / 84.6 % (seeds
 * 1 / 2), jakobs2 80.2 -> 80.3 %, mao 79.3 -> 82.0 %, shirts 84.9 ->
 * 86.2 %, trousers 86.6 -> 88.8 %, albano 86.2 -> 85.7 %, shapes0 61.8 ->
 * 61.4 %. */
static void
item_sizes (const NestProblem *pb, const NestPlaced *pos, int n, double *size)
{
  double mean = 0.0;
  for (int i = 0; i < n; i++)
    {
      const NestShape *sh = &pb->shapes[pos[i].shape];
      double area = 0.0;
      for (int k = 0; k < sh->n_parts; k++)
        area += nest_signed_area (sh->parts[k].v, (size_t) sh->parts[k].n);
      size[i] = sqrt (area);
      mean += size[i] / n;
    }
  for (int i = 0; i < n; i++)
    size[i] /= mean;
}

/* Stops a chain: the caller's clock and cancel flag, its share of the
 * moves, or the end of its phase (until, on the clock). */
static bool
chain_stop (const NestStop *stop, long budget, long moves, double until)
{
  return (budget > 0 && moves >= budget) || nest_stop_now (stop, 0) || nest_now () >= until;
}

/* One strip-reduction run from the valid layout best, which it improves
 * in place: the exploration phase, or the compression phase. */
static int
chain (const NestProblem *pb, NestPlaced *best, const NestStop *stop, long budget, long *iterations,
       uint64_t seed, double until, bool compressing)
{
  const int n = pb->n_items;
  Gls g = { .pb = pb, .n = n };
  g.pos = malloc ((size_t) n * sizeof *g.pos);
  g.pen = malloc ((size_t) n * (size_t) n * sizeof *g.pen);
  g.w = malloc ((size_t) n * (size_t) n * sizeof *g.w);
  g.size = malloc ((size_t) n * sizeof *g.size);
  int *order = malloc ((size_t) n * sizeof *order);
  NestPlaced *start = malloc ((size_t) n * sizeof *start);
  int max_rot = 1;
  for (int p = 0; p < pb->n_shapes; p++)
    {
      const int piece = pb->shapes[p].piece;
      const int r = pb->piece_first_shape[piece + 1] - pb->piece_first_shape[piece];
      max_rot = r > max_rot ? r : max_rot;
    }
  g.grid = calloc ((size_t) max_rot, sizeof *g.grid);
  int result = NEST_COMPACT_DONE;
  if (!g.pos || !g.pen || !g.w || !g.size || !order || !start || !g.grid)
    {
      result = NEST_COMPACT_NOMEM;
      goto done;
    }
  item_sizes (pb, best, n, g.size);
  uint64_t rng = seed ^ 0xBB67AE8584CAA73Bull;
  g.rng = seed ^ 0x3C6EF372FE94F82Bull;
  double best_length = used_length (pb, best, n);
  double shrink = FIRST_SHRINK;
  long per_item = MOVES_PER_ITEM;
  bool disrupt_next = false;
  if (compressing)
    shrink = COMPRESS_FIRST;
  while (!chain_stop (stop, budget, *iterations, until))
    {
      memcpy (start, best, (size_t) n * sizeof *start);
      if (disrupt_next)
        disrupt (pb, start, n, &rng);
      if (!start_length (&g, start, best_length * (1.0 - shrink)))
        break; /* a piece alone is longer than the strip would be */
      bool solved = false;
      const long give_up = *iterations + per_item * n;
      while (*iterations < give_up)
        {
          /* One sweep: every overlapping piece moves once, in random
           * order, then the weights of the pairs still overlapping grow
           * (see raise_weights). */
          int m = 0;
          for (int i = 0; i < n; i++)
            if (item_overlap (&g, i) > 0.0)
              order[m++] = i;
          if ((solved = m == 0))
            break;
          for (int k = m - 1; k > 0; k--)
            {
              const int r = (int) (nest_rng_next (&rng) % (uint64_t) (k + 1)), t = order[k];
              order[k] = order[r];
              order[r] = t;
            }
          for (int k = 0; k < m; k++)
            {
              if (chain_stop (stop, budget, *iterations, until))
                goto done;
              if (item_overlap (&g, order[k]) <= 0.0)
                continue;
              const int r = move_item (&g, order[k]);
              ++*iterations;
              if (r < 0)
                {
                  result = NEST_COMPACT_NOMEM;
                  goto done;
                }
            }
          raise_weights (&g);
        }
      if (!solved)
        {
          /* The last sweep may have ended the overlap as the moves ran
           * out. */
          solved = true;
          for (int i = 0; i < n && solved; i++)
            solved = item_overlap (&g, i) <= 0.0;
        }
      if (solved)
        {
          memcpy (best, g.pos, (size_t) n * sizeof *best);
          best_length = used_length (pb, best, n);
          per_item = MOVES_PER_ITEM;
          disrupt_next = false;
          shrink = fmin (GROW * shrink, compressing ? COMPRESS_FIRST : FIRST_SHRINK);
        }
      else
        {
          shrink = fmax (0.5 * shrink, compressing ? COMPRESS_MIN : MIN_SHRINK);
          disrupt_next = true;
          per_item = per_item * 2 < MOVES_PER_ITEM_MAX ? per_item * 2 : MOVES_PER_ITEM_MAX;
        }
    }
done:
  free (g.pos);
  free (g.pen);
  free (g.w);
  free (g.size);
  free (g.cand);
  for (int r = 0; g.grid && r < max_rot; r++)
    free (g.grid[r].items);
  free (g.grid);
  free (order);
  free (start);
  return result;
}

/* Independent chains, one per thread when there are threads: they share
 * nothing while they run (no lock-step per move, which a loaded machine
 * would stall on), and the shortest marker wins, the lower chain on ties.
 * A move budget is split evenly, so the result depends on the seed only,
 * not on the number of threads. */
enum { CHAINS = 2 };

/* The chain whose marker is shortest (the lower on ties), or -1 when none
 * is shorter than best. */
static int
shortest_run (const NestProblem *pb, const NestPlaced *runs, int n, const NestPlaced *best)
{
  int pick = -1;
  double best_length = used_length (pb, best, n);
  for (int c = 0; c < CHAINS; c++)
    {
      const double l = used_length (pb, runs + (size_t) c * n, n);
      if (l < best_length)
        {
          best_length = l;
          pick = c;
        }
    }
  return pick;
}

int
nest_compact (const NestProblem *pb, NestPlaced *best, const NestStop *stop, long *iterations,
              uint64_t seed)
{
  const int n = pb->n_items;
  long budget = 0;
  if (stop->max_iterations > 0)
    {
      const long left = stop->max_iterations - *iterations;
      if (left <= 0)
        return NEST_COMPACT_DONE;
      budget = left / CHAINS > 0 ? left / CHAINS : 1;
    }
  NestPlaced *runs = malloc ((size_t) CHAINS * (size_t) n * sizeof *runs);
  if (!runs)
    return NEST_COMPACT_NOMEM;
  long moves[CHAINS] = { 0 };
  int status[CHAINS];
  for (int c = 0; c < CHAINS; c++)
    memcpy (runs + (size_t) c * n, best, (size_t) n * sizeof *best);
  /* The compression phase starts at the same point on every chain: after
   * a share of the moves, or of the time (never, without a deadline). */
  const double start = nest_now ();
  const double compress_at = start + (1.0 - COMPRESS_SHARE) * (stop->deadline - start);
  const long explore_budget = budget > 0 ? (long) fmax (1.0, floor ((1.0 - COMPRESS_SHARE) * (double) budget)) : 0;
#pragma omp parallel for schedule(static, 1)
  for (int c = 0; c < CHAINS; c++)
    status[c] = chain (pb, runs + (size_t) c * n, stop, explore_budget, &moves[c],
                       seed + 0x9E3779B97F4A7C15ull * (uint64_t) c, budget > 0 ? INFINITY : compress_at, false);
  const int explored = shortest_run (pb, runs, n, best);
  bool compress = !nest_stop_now (stop, 0);
  for (int c = 0; c < CHAINS; c++)
    compress = compress && status[c] == NEST_COMPACT_DONE;
  if (compress)
    {
      /* Both chains compress the shorter of the two markers explored. */
      const NestPlaced *from = explored >= 0 ? runs + (size_t) explored * n : best;
      for (int c = 0; c < CHAINS; c++)
        if (c != explored)
          memcpy (runs + (size_t) c * n, from, (size_t) n * sizeof *runs);
#pragma omp parallel for schedule(static, 1)
      for (int c = 0; c < CHAINS; c++)
        status[c] = chain (pb, runs + (size_t) c * n, stop, budget, &moves[c],
                           seed + 0x9E3779B97F4A7C15ull * (uint64_t) (c + CHAINS), INFINITY, true);
    }
  int result = NEST_COMPACT_DONE;
  for (int c = 0; c < CHAINS; c++)
    {
      *iterations += moves[c];
      if (status[c] != NEST_COMPACT_DONE)
        result = status[c];
    }
  const int pick = shortest_run (pb, runs, n, best);
  if (pick >= 0)
    memcpy (best, runs + (size_t) pick * n, (size_t) n * sizeof *best);
  free (runs);
  return result;
}

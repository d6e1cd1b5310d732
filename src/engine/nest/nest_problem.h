/* Internal: a nesting problem prepared for the search (pieces rotated and
 * decomposed, pairwise no-fit polygons) and the bottom-left-fill placer. */
#pragma once
#include "nest_geom.h"

/* One piece in one allowed rotation, moved so its bounding box starts at
 * the origin (the reference point the placer positions). */
typedef struct {
  int piece;
  double rotation;          /* degrees */
  double cos_r, sin_r;
  double ox, oy;            /* shape = R * outline + (ox, oy) */
  double w, h;
  NestConvex *parts;
  int n_parts;
} NestShape;

/* The no-fit polygon of a moving shape against a fixed one at the origin:
 * the reference positions of the moving shape where the two overlap (or
 * come closer than the gap) are the interior of the union of parts. */
typedef struct {
  NestConvex *parts;
  int n_parts;
  double minx, miny, maxx, maxy;
  AtPoint2 *corners;        /* part vertices not inside another part: the
                             * union's corners, where touching positions lie */
  int n_corners;
  /* The bounding box cut into cells x cells; cell k lists the parts whose
   * boxes reach into it, cell_parts[cell_start[k] .. cell_start[k + 1]),
   * so a point test looks at a few parts instead of all of them; deepest
   * reach first, so a depth search may stop at the first part that cannot
   * beat the depth found. */
  int cells;
  double cell_w, cell_h;
  double per_w, per_h;      /* 1 / cell_w, 1 / cell_h: a lookup multiplies */
  int *cell_start, *cell_parts;
} NestNfp;

/* The parts of f that may contain the point (lx, ly), which lies inside
 * f's bounding box; *end is one past the last. */
static inline const int *
nest_nfp_cell (const NestNfp *f, double lx, double ly, const int **end)
{
  int cx = (int) ((lx - f->minx) * f->per_w), cy = (int) ((ly - f->miny) * f->per_h);
  cx = cx < 0 ? 0 : cx >= f->cells ? f->cells - 1 : cx;
  cy = cy < 0 ? 0 : cy >= f->cells ? f->cells - 1 : cy;
  const int k = cy * f->cells + cx;
  *end = f->cell_parts + f->cell_start[k + 1];
  return f->cell_parts + f->cell_start[k];
}

typedef struct {
  double width, gap, tol;
  NestShape *shapes;
  int n_shapes;
  int *piece_first_shape;   /* shapes of piece p: [first[p], first[p + 1]) */
  NestNfp *nfp;             /* nfp[fixed * n_shapes + moving] */
  int n_items;              /* copies in all */
  int *item_piece;
  double piece_area_total;
} NestProblem;

typedef struct {
  int shape;
  double x, y;
} NestPlaced;

/* Validates the input and prepares the problem; messages name the piece. */
AtStatus nest_problem_init (NestProblem *pb, const AtNestPiece *pieces, size_t n_pieces,
                            const AtNestDef *def, AtError *err);
void nest_problem_free (NestProblem *pb);

/* Bottom-left-fill: the lowest-x, then lowest-y feasible reference
 * position of `shape` against the placed shapes. Returns false only when
 * memory runs out. */
bool nest_place_blf (const NestProblem *pb, const NestPlaced *placed, int n_placed, int shape,
                     double *out_x, double *out_y);

/* Builds the marker (outlines in strip coordinates) from placed shapes. */
AtStatus nest_marker_build (const NestProblem *pb, const AtNestPiece *pieces,
                            const NestPlaced *placed, int n, AtMarker *out, AtError *err);

/* When a search must stop: the caller's cancel flag, a deadline on the
 * monotonic clock (nest_now; INFINITY: none) or a count of moves (0: none). */
typedef struct {
  const volatile int *cancel;
  double deadline;
  long max_iterations;
} NestStop;

double nest_now (void);

/* splitmix64: small, fast and good enough to drive the searches' moves. */
static inline uint64_t
nest_rng_next (uint64_t *s)
{
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
bool nest_stop_now (const NestStop *stop, long iterations);

enum { NEST_COMPACT_DONE, NEST_COMPACT_NOMEM };

/* Shortens the valid layout best (placements by item) by overlap
 * minimisation (compact.c) until stop says so; best is always valid.
 * Counts its moves in *iterations. */
int nest_compact (const NestProblem *pb, NestPlaced *best, const NestStop *stop, long *iterations,
                  uint64_t seed);

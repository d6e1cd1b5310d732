/* The improvement search over placement sequences.
 *
 * Method: a solution is an order of all copies; it is decoded into a
 * marker by bottom-left-fill (blf.c), each copy taking the allowed rotation
 * whose bottom-left position ends leftmost (greedy rotation beat searching
 * rotations as part of the solution on shirts: 85.8 % against 84.1 % in 30
 * s), and its cost is the used strip length. Starting from the copies by decreasing area (the
 * classic first-fit-decreasing start), each iteration draws a batch of
 * neighbours (swap two copies of different pieces, or move one copy
 * elsewhere in the order; half of the moves are short ones late in the
 * order, which decode cheaply and tune the end that decides the length:
 * 85.0 / 87.5 % against 84.6 / 86.8 % on shirts / trousers in 60 s), decodes them in parallel with
 * OpenMP and keeps the best under Late Acceptance Hill Climbing (Burke &
 * Bykov 2017, EJOR 258:70-78), which accepts sideways and some worse moves
 * to leave plateaus. This is the sequence-search family of Gomes & Oliveira
 * 2002 ("A 2-exchange heuristic for nesting problems", EJOR 141:359-370)
 * and Burke et al. 2006. The decoding of a neighbour reuses the current
 * solution's placements up to the first position the move changes.
 *
 * This sequence search has the first quarter of the budget; its best
 * marker then goes to the strip-length reduction of compact.c (guided
 * local search over positions), which gains more per second from a good
 * start (trousers 88.7 % in 60 s on a loaded machine, against 86.9 % for
 * the sequence search alone).
 *
 * Determinism: moves are drawn serially from one seeded generator and the
 * batch size does not depend on the thread count, so a run with an
 * iteration budget gives the same marker for the same seed on any number
 * of threads; a time budget only decides how many batches run. */
#include "nest_problem.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BATCH = 8, LAHC_HISTORY = 64 };
/* Share of the budget (time or moves) for the sequence search; the strip
 * reduction that follows gains more per second once a good start exists. */
static const double SEQUENCE_SHARE = 0.25;

typedef struct {
  int *order;        /* item indices in placement order */
  NestPlaced *placed;/* placed[k]: the k-th item of order */
  double length;
} Solution;

static int
rng_int (uint64_t *s, int n)
{
  return (int) (nest_rng_next (s) % (uint64_t) n);
}

double
nest_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

bool
nest_stop_now (const NestStop *stop, long iterations)
{
  return (stop->max_iterations > 0 && iterations >= stop->max_iterations) || (stop->cancel && *stop->cancel)
         || nest_now () >= stop->deadline;
}

static bool
solution_alloc (Solution *s, int n)
{
  s->order = malloc ((size_t) n * sizeof *s->order);
  s->placed = malloc ((size_t) n * sizeof *s->placed);
  s->length = INFINITY;
  return s->order && s->placed;
}

static void
solution_free (Solution *s)
{
  free (s->order);
  free (s->placed);
}

static void
solution_copy (Solution *dst, const Solution *src, int n)
{
  memcpy (dst->order, src->order, (size_t) n * sizeof *dst->order);
  memcpy (dst->placed, src->placed, (size_t) n * sizeof *dst->placed);
  dst->length = src->length;
}

enum { DECODED, DECODE_NOMEM, DECODE_STOPPED };

/* Decodes positions from..n-1 (earlier ones are kept) and sets the length.
 * Gives up between placements once the clock or the cancel flag says stop
 * (the move count is the caller's), so a large order cannot overrun its
 * budget by a whole decode; *done tells how many positions are placed. */
static int
decode (const NestProblem *pb, Solution *s, int from, const NestStop *stop, int *done)
{
  const int n = pb->n_items;
  for (int k = from; k < n; k++)
    {
      *done = k;
      if (nest_stop_now (stop, 0))
        return DECODE_STOPPED;
      const int piece = pb->item_piece[s->order[k]];
      double best_right = INFINITY, best_y = INFINITY;
      for (int shape = pb->piece_first_shape[piece]; shape < pb->piece_first_shape[piece + 1]; shape++)
        {
          double x, y;
          if (!nest_place_blf (pb, s->placed, k, shape, &x, &y))
            return DECODE_NOMEM;
          const double right = x + pb->shapes[shape].w;
          if (right < best_right || (right == best_right && y < best_y))
            {
              best_right = right;
              best_y = y;
              s->placed[k] = (NestPlaced){ shape, x, y };
            }
        }
    }
  *done = n;
  s->length = 0.0;
  for (int k = 0; k < n; k++)
    s->length = fmax (s->length, s->placed[k].x + pb->shapes[s->placed[k].shape].w);
  return DECODED;
}

/* Completes a first marker cut short by the budget or the cancel flag:
 * each remaining copy goes right of everything placed, where no no-fit
 * polygon reaches, so the answer is valid at once, if long. */
static void
place_rest_right (const NestProblem *pb, Solution *s, int from)
{
  for (int k = from; k < pb->n_items; k++)
    {
      const int shape = pb->piece_first_shape[pb->item_piece[s->order[k]]];
      double x = 0.0;
      for (int j = 0; j < k; j++)
        x = fmax (x, s->placed[j].x + pb->nfp[s->placed[j].shape * pb->n_shapes + shape].maxx);
      s->placed[k] = (NestPlaced){ shape, x, 0.0 };
    }
  s->length = 0.0;
  for (int k = 0; k < pb->n_items; k++)
    s->length = fmax (s->length, s->placed[k].x + pb->shapes[s->placed[k].shape].w);
}

/* Applies a random move to s (a copy of the current solution) and returns
 * the first order position it changes. */
static int
random_move (const NestProblem *pb, Solution *s, uint64_t *rng)
{
  const int n = pb->n_items;
  for (int attempt = 0; attempt < 32; attempt++)
    {
      int i, j;
      if (rng_int (rng, 2) == 0)
        {
          /* A small move late in the order: cheap to decode (the prefix is
           * kept) and where the length is decided. */
          const double u = (double) (nest_rng_next (rng) >> 11) * 0x1.0p-53;
          i = n - 1 - (int) (u * u * n);
          j = i + (rng_int (rng, 2) ? 1 : -1) * (1 + rng_int (rng, 4));
          if (j < 0 || j >= n)
            continue;
        }
      else
        {
          i = rng_int (rng, n);
          j = rng_int (rng, n);
        }
      if (i == j || pb->item_piece[s->order[i]] == pb->item_piece[s->order[j]])
        continue; /* swapping identical copies changes nothing */
      if (rng_int (rng, 2) == 0)
        {
          const int t = s->order[i];
          s->order[i] = s->order[j];
          s->order[j] = t;
        }
      else
        {
          const int t = s->order[i];
          if (i < j)
            memmove (s->order + i, s->order + i + 1, (size_t) (j - i) * sizeof (int));
          else
            memmove (s->order + j + 1, s->order + j, (size_t) (i - j) * sizeof (int));
          s->order[j] = t;
        }
      return i < j ? i : j;
    }
  return n; /* nothing movable: all copies of one piece */
}

static double
item_area (const NestProblem *pb, int item)
{
  const NestShape *s = &pb->shapes[pb->piece_first_shape[pb->item_piece[item]]];
  return s->w * s->h;
}

static int
cmp_area_desc (const void *pa, const void *pb, void *problem)
{
  const int a = *(const int *) pa, b = *(const int *) pb;
  const double da = item_area (problem, a), db = item_area (problem, b);
  if (da != db)
    return da > db ? -1 : 1;
  return a - b;
}

AtStatus
at_nest_run (const AtNestPiece *pieces, size_t n_pieces, const AtNestDef *def, AtMarker *out,
             AtError *err)
{
  const double t0 = nest_now ();
  memset (out, 0, sizeof *out);
  NestProblem pb;
  AtStatus st = nest_problem_init (&pb, pieces, n_pieces, def, err);
  if (st != AT_OK)
    return st;
  const int n = pb.n_items;
  /* The whole budget, and the sequence search's share of it; the strip
   * reduction (compact.c) has the rest. */
  const NestStop all = { def->cancel, def->seconds > 0 ? t0 + def->seconds : INFINITY, def->max_iterations };
  const NestStop seq = { def->cancel, def->seconds > 0 ? t0 + SEQUENCE_SHARE * def->seconds : INFINITY,
                         def->max_iterations > 0 ? (long) ceil (SEQUENCE_SHARE * def->max_iterations) : 0 };
  Solution cur, best, cand[BATCH];
  bool ok = solution_alloc (&cur, n) & solution_alloc (&best, n);
  for (int b = 0; b < BATCH; b++)
    ok &= solution_alloc (&cand[b], n);
  if (!ok)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
      goto done;
    }
  for (int i = 0; i < n; i++)
    cur.order[i] = i;
  qsort_r (cur.order, (size_t) n, sizeof (int), cmp_area_desc, &pb);
  /* The first marker is the answer of last resort: when the budget ends
   * or the caller cancels while it is built, the copies not yet placed go
   * at the end, so a valid marker always comes back in time. */
  int placed = 0;
  const int first = decode (&pb, &cur, 0, &all, &placed);
  if (first == DECODE_NOMEM)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
      goto done;
    }
  if (first == DECODE_STOPPED)
    place_rest_right (&pb, &cur, placed);
  solution_copy (&best, &cur, n);
  double history[LAHC_HISTORY];
  for (int h = 0; h < LAHC_HISTORY; h++)
    history[h] = cur.length;
  uint64_t rng = def->seed ^ 0x6A09E667F3BCC908ull;
  long iter = 0;
  int from[BATCH], failed = 0, stopped = 0;
  for (long batch = 0; first == DECODED && !nest_stop_now (&seq, iter); batch++)
    {
      for (int b = 0; b < BATCH; b++)
        {
          solution_copy (&cand[b], &cur, n);
          from[b] = random_move (&pb, &cand[b], &rng);
        }
#pragma omp parallel for schedule(dynamic, 1) reduction(| : failed, stopped)
      for (int b = 0; b < BATCH; b++)
        {
          int upto;
          const int r = decode (&pb, &cand[b], from[b], &seq, &upto);
          failed |= r == DECODE_NOMEM;
          stopped |= r == DECODE_STOPPED;
        }
      if (failed)
        {
          st = at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
          goto done;
        }
      if (stopped)
        break; /* an unfinished batch is dropped: the best so far stands */
      iter += BATCH;
      int pick = 0;
      for (int b = 1; b < BATCH; b++)
        if (cand[b].length < cand[pick].length)
          pick = b;
      const int slot = (int) (batch % LAHC_HISTORY);
      if (cand[pick].length <= cur.length || cand[pick].length < history[slot])
        solution_copy (&cur, &cand[pick], n);
      history[slot] = cur.length;
      if (cur.length < best.length)
        solution_copy (&best, &cur, n);
    }
  if (nest_compact (&pb, best.placed, &all, &iter, def->seed) != NEST_COMPACT_DONE)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "nest: out of memory");
      goto done;
    }
  st = nest_marker_build (&pb, pieces, best.placed, n, out, err);
  if (st == AT_OK)
    {
      out->iterations = iter;
      out->seconds = nest_now () - t0;
    }
done:
  solution_free (&cur);
  solution_free (&best);
  for (int b = 0; b < BATCH; b++)
    solution_free (&cand[b]);
  nest_problem_free (&pb);
  return st;
}

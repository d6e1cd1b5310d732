/* The cloth integrator: XPBD with substeps.
 *
 * Method: extended position-based dynamics (Macklin, Müller & Chentanez,
 * "XPBD: Position-Based Simulation of Compliant Constrained Dynamics",
 * MIG 2016) run as "small steps" (Macklin et al., "Small Steps in Physics
 * Simulation", SCA 2019): each 1/60 s frame is split into substeps with one
 * constraint sweep each.
 *
 * Why this and not implicit Euler or projective dynamics: woven fabrics are
 * 1000-8000 N/m on centimetre edges, so explicit springs would need
 * microsecond steps. Implicit Euler needs a Newton/CG solve whose cost and
 * robustness degrade with that stiffness ratio; projective dynamics
 * (Liu et al. 2013) prefactors one system, which every new pin, seam, grab or
 * contact set invalidates. XPBD is unconditionally stable (a correction never
 * exceeds the constraint error, compliance alpha/h^2 only softens it),
 * handles pins, seams, grabs and contacts as more constraints with no
 * refactorisation, and substepping gives the convergence of many iterations
 * at the cost of few while damping far less than extra iterations do
 * (Macklin 2019). Stiffness is physical: compliance = 1/k in SI units, so the
 * static stretch of a hanging cloth matches the fabric's N/m (tested).
 * Measured (bench cloth-sphere): see the report of that benchmark.
 *
 * Robustness: speeds are clamped to def.max_speed, and any vertex that still
 * turns non-finite is restored to its last position with zero velocity and
 * the frame reports it, so the state never fills with NaN.
 * Parallelism and determinism: each thread solves the constraints inside its
 * own block of vertices in mesh order (Gauss-Seidel, no locks, one barrier
 * per sweep: on two cores a barrier per graph colour cost more than the
 * solve); constraints spanning blocks run after it, coloured or serially,
 * and contacts serially or per vertex, so a run is bit-identical for a
 * given thread count at creation (the block count). How many threads run a
 * frame (all or one) is chosen from measured frame times (pick_team) and
 * never changes the result: the sphere scene's final mesh is byte-identical
 * on one, two or alternating threads.
 * Measured (bench cloth-sphere N = 64, one thread, callgrind over the 240
 * frames): 62 M instructions a frame (77 M before the hot loops spelled out
 * x, y and z and the strain limit's common case was inlined; positions
 * bit-identical), 36 % constraint sweeps and strain limit (bending the
 * largest part), 36 % self-contacts (search 24 %, patches, hash, normals,
 * solve), 15 % prediction, limit loops and velocities, 10 % body contacts.
 */
#include "cloth_internal.h"

#include <math.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static inline void
solve_stretch (AtCloth *c, const AtStretch *s, float *lambda, float inv_h2)
{
  float *xi = c->x + 3 * s->i, *xj = c->x + 3 * s->j;
  float wi = c->w[s->i], wj = c->w[s->j];
  float d0 = xj[0] - xi[0], d1 = xj[1] - xi[1], d2 = xj[2] - xi[2];
  float len = sqrtf (d0 * d0 + d1 * d1 + d2 * d2);
  float wsum = wi + wj;
  if (len < 1e-9f || wsum <= 0)
    return;
  float at = s->compliance * inv_h2;
  float dl = (-(len - s->rest) - at * *lambda) / (wsum + at);
  *lambda += dl;
  float g = dl / len;
  xi[0] -= wi * g * d0;
  xi[1] -= wi * g * d1;
  xi[2] -= wi * g * d2;
  xj[0] += wj * g * d0;
  xj[1] += wj * g * d1;
  xj[2] += wj * g * d2;
}

/* Hard limits on a pair's distance: beyond hi, or short of lo, it is
 * projected back onto the limit (strain limiting, Provot 1995; tethers
 * work the same way with lo = 0). Returns whether it was outside by more
 * than a tenth of a percent of its rest length. The lower limit makes a
 * woven buckle rather than shorten in its plane: without it, at 128 x 128
 * in the sphere scene, warp and weft edges ended up to 23 % short (folds
 * finer than the mesh, pressed by contacts), 8 % with it. The limits are
 * off while seams are being sewn (a limit on compression kept a panel
 * drawn in by a seam from folding). */
static bool
project_limit (AtCloth *c, const AtStretch *s, float *xi, float *xj, float d0, float d1, float d2, float len2)
{
  float wi = c->w[s->i], wj = c->w[s->j];
  float wsum = wi + wj;
  if (wsum <= 0)
    return false;
  float len = sqrtf (len2);
  float target = len > s->hi ? s->hi : s->lo;
  float g = (len - target) / (len * wsum);
  xi[0] += wi * g * d0;
  xi[1] += wi * g * d1;
  xi[2] += wi * g * d2;
  xj[0] -= wj * g * d0;
  xj[1] -= wj * g * d1;
  xj[2] -= wj * g * d2;
  return fabsf (len - target) > 1e-3f * s->rest;
}

/* Most pairs are within their limits: that test is inlined into the
 * sweeps, the projection is not (inlining both made GCC call the whole
 * function per pair). */
static inline bool
solve_limit (AtCloth *c, const AtStretch *s)
{
  float *xi = c->x + 3 * s->i, *xj = c->x + 3 * s->j;
  float d0 = xj[0] - xi[0], d1 = xj[1] - xi[1], d2 = xj[2] - xi[2];
  float len2 = d0 * d0 + d1 * d1 + d2 * d2;
  if ((len2 <= s->hi * s->hi && len2 >= s->lo * s->lo) || len2 <= 0)
    return false;
  return project_limit (c, s, xi, xj, d0, d1, d2, len2);
}

/* The hot loops spell out x, y and z in scalars: GCC at -O2 kept a
 * float[3] accumulator on the stack and looped over its components (10 %
 * fewer instructions in the sphere scene, positions bit-identical). */
static inline void
solve_bend (AtCloth *c, const AtBend *b, float *lambda, float inv_h2)
{
  const int *nbr = c->bend_nbr + b->first;
  const float *wk = c->bend_w + b->first, *ws = c->bend_ws + b->first;
  float *x = c->x, *xv = x + 3 * b->v;
  float C0 = -b->wsum * xv[0], C1 = -b->wsum * xv[1], C2 = -b->wsum * xv[2];
  for (int k = 0; k < b->count; k++)
    {
      const float *xk = x + 3 * nbr[k];
      C0 += wk[k] * xk[0];
      C1 += wk[k] * xk[1];
      C2 += wk[k] * xk[2];
    }
  float at = b->compliance * inv_h2;
  float denom = b->denom + at;
  if (denom <= 0)
    return;
  float d0 = (-C0 - at * lambda[0]) / denom, d1 = (-C1 - at * lambda[1]) / denom, d2 = (-C2 - at * lambda[2]) / denom;
  lambda[0] += d0;
  lambda[1] += d1;
  lambda[2] += d2;
  xv[0] -= b->wv * d0;
  xv[1] -= b->wv * d1;
  xv[2] -= b->wv * d2;
  for (int k = 0; k < b->count; k++)
    {
      float *xk = x + 3 * nbr[k];
      xk[0] += ws[k] * d0;
      xk[1] += ws[k] * d1;
      xk[2] += ws[k] * d2;
    }
}

/* Pulls vertex i toward target with compliance alpha (0: exactly). */
static void
solve_point (AtCloth *c, int i, const float target[3], float alpha, float inv_h2)
{
  float w = c->w[i];
  if (w <= 0)
    return;
  float f = w / (w + alpha * inv_h2);
  for (int a = 0; a < 3; a++)
    c->x[3 * i + a] += f * (target[a] - c->x[3 * i + a]);
}

/* Seams close at a bounded speed so panels placed centimetres apart are
 * drawn together rather than snapped (which would inject energy). */
static void
solve_seams (AtCloth *c, float h)
{
  const float max_step = 0.5f * h; /* m per substep: 0.5 m/s closing speed */
  for (int s = 0; s < c->nseam; s++)
    {
      int i = c->seam[s][0], j = c->seam[s][1];
      float wi = c->w[i], wj = c->w[j], wsum = wi + wj;
      if (wsum <= 0)
        continue;
      float d[3], len2 = 0;
      for (int a = 0; a < 3; a++)
        {
          d[a] = c->x[3 * j + a] - c->x[3 * i + a];
          len2 += d[a] * d[a];
        }
      float len = sqrtf (len2);
      float scale = len > max_step ? max_step / len : 1.0f;
      for (int a = 0; a < 3; a++)
        {
          c->x[3 * i + a] += wi / wsum * scale * d[a];
          c->x[3 * j + a] -= wj / wsum * scale * d[a];
        }
    }
}

/* The sweep solves the first KIND_COUNT kinds; the strain limit is a
 * separate pass over the stretch constraints. */
enum { KIND_STRETCH, KIND_TETHER, KIND_BEND, KIND_COUNT, KIND_LIMIT = KIND_COUNT };

static const AtColoring *
schedule_of (const AtCloth *c, int kind)
{
  return kind == KIND_STRETCH || kind == KIND_LIMIT ? &c->stretch_col : kind == KIND_TETHER ? &c->tether_col : &c->bend_col;
}

/* Solves constraints [a, b) of kind in order; returns whether a strain
 * limit (or tether) was still violated. The kind is chosen once per range,
 * so each loop compiles to its own tight inlined body (a test per
 * constraint cost 10 % of a frame). */
static bool
solve_range (AtCloth *c, int kind, int a, int b, float inv_h2)
{
  bool violated = false;
  switch (kind)
    {
    case KIND_STRETCH:
      for (int k = a; k < b; k++)
        solve_stretch (c, &c->stretch[k], &c->lambda[k], inv_h2);
      break;
    case KIND_TETHER:
      for (int k = a; k < b; k++)
        violated |= solve_limit (c, &c->tether[k]);
      break;
    case KIND_LIMIT:
      for (int k = a; k < b; k++)
        violated |= solve_limit (c, &c->stretch[k]);
      break;
    default:
      for (int k = a; k < b; k++)
        solve_bend (c, &c->bend[k], c->lambda + c->stretch_col.count + 3 * k, inv_h2);
      break;
    }
  return violated;
}

/* Zeroes the multipliers of constraints [a, b) of kind. */
static void
reset_lambda (AtCloth *c, int kind, int a, int b)
{
  if (kind == KIND_STRETCH)
    memset (c->lambda + a, 0, (size_t) (b - a) * sizeof *c->lambda);
  else if (kind == KIND_BEND)
    memset (c->lambda + c->stretch_col.count + 3 * (size_t) a, 0, 3 * (size_t) (b - a) * sizeof *c->lambda);
}

/* A small boundary (a mesh numbered in spatial order) is cheaper solved by
 * one thread than with a barrier per colour. */
static bool
boundary_is_small (const AtColoring *col)
{
  return 8 * (col->count - col->block_start[col->blocks]) <= col->count;
}

void
at_cloth_team_barrier (const AtTeam *tm)
{
  if (tm->nt == 1)
    return;
  int gen = atomic_load_explicit (tm->generation, memory_order_acquire);
  if (atomic_fetch_add_explicit (tm->arrived, 1, memory_order_acq_rel) == tm->nt - 1)
    {
      atomic_store_explicit (tm->arrived, 0, memory_order_relaxed);
      atomic_store_explicit (tm->generation, gen + 1, memory_order_release);
      return;
    }
  for (int spin = 0; atomic_load_explicit (tm->generation, memory_order_acquire) == gen; spin++)
    if (spin >= 2000)
      sched_yield ();
}

/* The boundary constraints of kind, colour by colour, split over the team
 * (the last colour, whose constraints may share vertices, by one thread).
 * Returns whether this thread met a violated limit. */
static bool
solve_boundary_colors (AtCloth *c, const AtTeam *tm, int kind, float inv_h2)
{
  const AtColoring *col = schedule_of (c, kind);
  bool violated = false;
  for (int q = 0; q < col->colors; q++)
    {
      int a = col->color_start[q], b = col->color_start[q + 1];
      if (q == AT_CLOTH_MAX_COLORS - 1)
        {
          if (tm->tid == 0)
            violated |= solve_range (c, kind, a, b, inv_h2);
        }
      else
        violated |= solve_range (c, kind, a + (int) ((int64_t) (b - a) * tm->tid / tm->nt),
                                 a + (int) ((int64_t) (b - a) * (tm->tid + 1) / tm->nt), inv_h2);
      at_cloth_team_barrier (tm);
    }
  return violated;
}

/* Single-threaded work after a sweep: small boundaries, seams, attachments,
 * the grab and (after the last sweep) self-contacts, which touch vertices
 * anywhere. */
static void
solve_serial_part (AtCloth *c, float h, bool last)
{
  float inv_h2 = 1.0f / (h * h);
  for (int kind = 0; kind < KIND_COUNT; kind++)
    {
      const AtColoring *col = schedule_of (c, kind);
      if (boundary_is_small (col))
        solve_range (c, kind, col->block_start[col->blocks], col->count, inv_h2);
    }
  solve_seams (c, h);
  for (int k = 0; k < c->nattach; k++)
    solve_point (c, c->attach[k].vertex, c->attach[k].target, c->attach[k].compliance, inv_h2);
  if (c->grab_vertex >= 0)
    solve_point (c, c->grab_vertex, c->grab_target, 1e-4f, inv_h2);
  if (last)
    at_cloth_solve_self_contacts (c, h);
}

/* One sweep of the strain limit over every mesh edge: each thread's
 * blocks, then the boundary. Returns whether any edge was found beyond its
 * limit by more than the tolerance (the same answer on every thread). */
static bool
limit_strain (AtCloth *c, const AtTeam *tm, int sweep)
{
  const AtColoring *col = &c->stretch_col;
  bool violated = false;
  for (int b = tm->tid; b < col->blocks; b += tm->nt)
    for (int k = col->block_start[b]; k < col->block_start[b + 1]; k++)
      violated |= solve_limit (c, &c->stretch[k]);
  at_cloth_team_barrier (tm);
  if (!boundary_is_small (col))
    violated |= solve_boundary_colors (c, tm, KIND_LIMIT, 0.0f);
  else if (tm->tid == 0)
    for (int k = col->block_start[col->blocks]; k < col->count; k++)
      violated |= solve_limit (c, &c->stretch[k]);
  if (violated)
    atomic_store_explicit (&c->limit_violated[sweep], 1, memory_order_relaxed);
  at_cloth_team_barrier (tm);
  return atomic_load_explicit (&c->limit_violated[sweep], memory_order_relaxed) != 0;
}

/* Explicit prediction of vertices [lo, hi): gravity, damping, pins. */
static void
predict (AtCloth *c, float h, float damp, int lo, int hi)
{
  const float *g = c->def.gravity;
  for (int i = lo; i < hi; i++)
    {
      float *x = c->x + 3 * i, *v = c->v + 3 * i, *xp = c->x_prev + 3 * i;
      xp[0] = x[0];
      xp[1] = x[1];
      xp[2] = x[2];
      if (c->pinned[i])
        {
          for (int a = 0; a < 3; a++)
            x[a] = c->pin_target[3 * i + a];
          continue;
        }
      v[0] = (v[0] + g[0] * h) * damp;
      v[1] = (v[1] + g[1] * h) * damp;
      v[2] = (v[2] + g[2] * h) * damp;
      x[0] += v[0] * h;
      x[1] += v[1] * h;
      x[2] += v[2] * h;
    }
}

/* New velocities of vertices [lo, hi) from the substep's displacement,
 * clamped to max_speed; returns how many were not finite and were put back. */
static int
finish_velocities (AtCloth *c, float h, int lo, int hi)
{
  float vmax = c->def.max_speed;
  int restored = 0;
  for (int i = lo; i < hi; i++)
    {
      float *x = c->x + 3 * i, *v = c->v + 3 * i, *xp = c->x_prev + 3 * i;
      v[0] = (x[0] - xp[0]) / h;
      v[1] = (x[1] - xp[1]) / h;
      v[2] = (x[2] - xp[2]) / h;
      float s2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
      if (!isfinite (s2))
        {
          for (int a = 0; a < 3; a++)
            {
              x[a] = xp[a];
              v[a] = 0;
            }
          restored++;
        }
      else if (s2 > vmax * vmax)
        {
          float f = vmax / sqrtf (s2);
          for (int a = 0; a < 3; a++)
            {
              v[a] *= f;
              x[a] = xp[a] + v[a] * h;
            }
        }
    }
  return restored;
}

/* One substep, run by every thread of the team; t in (0, 1] is the
 * substep's end within the frame. Returns the number of this thread's
 * vertices that had to be restored. Each thread predicts, collides and
 * solves the interior constraints of its own vertex blocks with no
 * synchronisation; the team meets once per sweep for the boundary and the
 * serial part. */
static int
substep (AtCloth *c, const AtTeam *tm, float h, float t)
{
  float inv_h2 = 1.0f / (h * h);
  float damp = expf (-(float) c->def.fabric.damping * h);
  int iterations = c->def.iterations, restored = 0;
  for (int b = tm->tid; b < c->blocks; b += tm->nt)
    {
      predict (c, h, damp, c->block_first[b], c->block_first[b + 1]);
      at_cloth_collide_bodies (c, h, t, c->block_first[b], c->block_first[b + 1], true);
      for (int kind = 0; kind < KIND_COUNT; kind++)
        {
          const AtColoring *col = schedule_of (c, kind);
          if (b < col->blocks)
            reset_lambda (c, kind, col->block_start[b], col->block_start[b + 1]);
        }
    }
  if (tm->tid == 0) /* boundary multipliers and the limit's flags are not touched before the barrier */
    {
      for (int kind = 0; kind < KIND_COUNT; kind++)
        {
          const AtColoring *col = schedule_of (c, kind);
          reset_lambda (c, kind, col->block_start[col->blocks], col->count);
        }
      for (int q = 0; q < AT_CLOTH_LIMIT_SWEEPS; q++)
        atomic_store_explicit (&c->limit_violated[q], 0, memory_order_relaxed);
    }
  for (int it = 0; it < iterations; it++)
    {
      for (int b = tm->tid; b < c->blocks; b += tm->nt)
        for (int kind = 0; kind < KIND_COUNT; kind++)
          {
            const AtColoring *col = schedule_of (c, kind);
            if (b < col->blocks)
              solve_range (c, kind, col->block_start[b], col->block_start[b + 1], inv_h2);
          }
      at_cloth_team_barrier (tm);
      for (int kind = 0; kind < KIND_COUNT; kind++)
        if (!boundary_is_small (schedule_of (c, kind)))
          (void) solve_boundary_colors (c, tm, kind, inv_h2);
      if (tm->tid == 0)
        solve_serial_part (c, h, it == iterations - 1);
      at_cloth_team_barrier (tm);
    }
  /* Strain limit after the contacts, until no edge is off by more than a
   * tenth of a percent beyond its limit: at most a few sweeps. Not while
   * seams are being sewn: panels must be free to stretch to meet (a
   * garment is sewn, then its seams welded, then draped). */
  for (int q = 0; c->nseam == 0 && q < AT_CLOTH_LIMIT_SWEEPS && limit_strain (c, tm, q); q++)
    ;
  /* Bodies last: a vertex may end a substep touching another layer, never
   * inside the skin. */
  for (int b = tm->tid; b < c->blocks; b += tm->nt)
    {
      at_cloth_collide_bodies (c, h, t, c->block_first[b], c->block_first[b + 1], false);
      restored += finish_velocities (c, h, c->block_first[b], c->block_first[b + 1]);
    }
  return restored;
}

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec * 1e-6;
}

/* Threads for the next frame: all of the blocks' threads, or one. The
 * answer does not change the result (the blocks and the order of every
 * solve are fixed at creation; one thread runs every block in turn), only
 * the time: on two cores shared with other work, threads that meet at 50
 * barriers a frame wait for a descheduled partner at each, and a 64 x 64
 * frame took 2-5x longer on two threads than on one (load 10-18), while
 * on an idle machine two threads can win. So every AT_CLOTH_TEAM_PROBE
 * frames one frame runs on the other choice, and the solver keeps it when
 * it was a tenth faster than the frame before it. */
static int
pick_team (AtCloth *c)
{
  if (c->blocks == 1)
    return 1;
  int other = c->team == 1 ? c->blocks : 1;
  /* The first probe at frame 2: frame 0 pays for first touches of memory,
   * so frame 1 is the first fair reference. */
  c->probing = c->frames_run % AT_CLOTH_TEAM_PROBE == 2;
  return c->probing ? other : c->team;
}

static void
record_team_time (AtCloth *c, int team, double ms)
{
  if (c->probing && ms < 0.9 * c->last_frame_ms)
    c->team = team;
  if (!c->probing)
    c->last_frame_ms = ms;
  c->frames_run++;
}

AtStatus
at_cloth_step (AtCloth *c, AtError *err)
{
  double start = now_ms ();
  memcpy (c->x_frame, c->x, (size_t) 3 * c->n * sizeof *c->x);
  if (c->masses_changed)
    at_cloth_update_bend_masses (c);
  c->ncontacts = 0;
  c->contacts_failed = false;
  if (c->def.self_collision && at_cloth_prepare_self_contacts (c) != AT_OK)
    return at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory for self-collision");
  int S = c->def.substeps;
  float h = c->def.frame_dt / (float) S;
  for (int k = 0; k < c->ncolliders; k++)
    for (int a = 0; a < 3; a++)
      c->colliders[k].velocity[a] = (c->colliders[k].offset_to[a] - c->colliders[k].offset_from[a]) / c->def.frame_dt;
  int restored = 0, team = pick_team (c);
  atomic_int arrived = 0, generation = 0;
  /* One parallel region per frame: contact search and substeps meet at
   * team barriers. */
#pragma omp parallel num_threads (team) if (team > 1) reduction(+ : restored)
  {
    AtTeam tm = { 0, 1, &arrived, &generation };
#ifdef _OPENMP
    tm.tid = omp_get_thread_num ();
    tm.nt = omp_get_num_threads ();
#endif
    if (c->def.self_collision)
      at_cloth_detect_self_contacts (c, &tm);
    for (int s = 0; s < S && !c->contacts_failed; s++)
      restored += substep (c, &tm, h, (float) (s + 1) / (float) S);
  }
  if (c->contacts_failed)
    return at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory for self-collision");
  for (int k = 0; k < c->ncolliders; k++)
    memcpy (c->colliders[k].offset_from, c->colliders[k].offset_to, sizeof c->colliders[k].offset_from);
  record_team_time (c, team, now_ms () - start);
  if (restored)
    return at_error_set (err, AT_ERR_RANGE, "cloth: %d vertex updates were not finite and were undone", restored);
  return AT_OK;
}

AtStatus
at_cloth_run_to_rest (AtCloth *c, int max_frames, float rest_speed, AtClothProgress progress, void *user_data,
                      const volatile bool *cancel, int *frames_out, AtError *err)
{
  if (max_frames < 1 || !(rest_speed > 0))
    return at_error_set (err, AT_ERR_RANGE, "cloth: run to rest needs max_frames >= 1 (got %d) and rest_speed > 0 (got %g)",
                         max_frames, rest_speed);
  int calm_needed = (int) ceilf (0.25f / c->def.frame_dt), calm = 0, frame = 0;
  AtStatus st = AT_OK;
  while (frame < max_frames)
    {
      if ((cancel && *cancel) || (progress && !progress (frame, max_frames, user_data)))
        {
          st = at_error_set (err, AT_ERR_CANCELLED, "cloth: cancelled after %d frames", frame);
          break;
        }
      AtError step_err = { 0 };
      if (at_cloth_step (c, &step_err) == AT_ERR_NOMEM)
        {
          st = at_error_set (err, AT_ERR_NOMEM, "%s", step_err.message);
          break;
        }
      frame++;
      AtClothStats stats;
      at_cloth_stats (c, &stats);
      calm = stats.max_speed < rest_speed ? calm + 1 : 0;
      if (calm >= calm_needed)
        break;
    }
  if (frames_out)
    *frames_out = frame;
  return st;
}

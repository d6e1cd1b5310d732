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
 * Determinism: constraint colours are solved in parallel with disjoint
 * vertices, contacts serially or per vertex, so a run is bit-identical for a
 * given thread count.
 */
#include "cloth_internal.h"

#include <math.h>
#include <string.h>

static inline void
solve_stretch (AtCloth *c, const AtStretch *s, float *lambda, float inv_h2)
{
  float *xi = c->x + 3 * s->i, *xj = c->x + 3 * s->j;
  float wi = c->w[s->i], wj = c->w[s->j];
  float d[3] = { xj[0] - xi[0], xj[1] - xi[1], xj[2] - xi[2] };
  float len = sqrtf (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  float wsum = wi + wj;
  if (len < 1e-9f || wsum <= 0)
    return;
  float at = s->compliance * inv_h2;
  float dl = (-(len - s->rest) - at * *lambda) / (wsum + at);
  *lambda += dl;
  float g = dl / len;
  for (int a = 0; a < 3; a++)
    {
      xi[a] -= wi * g * d[a];
      xj[a] += wj * g * d[a];
    }
}

/* Unilateral: acts only when the pair is farther apart than its limit. */
static inline void
solve_tether (AtCloth *c, const AtStretch *s)
{
  float *xi = c->x + 3 * s->i, *xj = c->x + 3 * s->j;
  float wi = c->w[s->i], wj = c->w[s->j];
  float d[3] = { xj[0] - xi[0], xj[1] - xi[1], xj[2] - xi[2] };
  float len2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  float wsum = wi + wj;
  if (len2 <= s->rest * s->rest || wsum <= 0)
    return;
  float len = sqrtf (len2);
  float g = (len - s->rest) / (len * wsum);
  for (int a = 0; a < 3; a++)
    {
      xi[a] += wi * g * d[a];
      xj[a] -= wj * g * d[a];
    }
}

static inline void
solve_bend (AtCloth *c, const AtBend *b, float *lambda, float inv_h2)
{
  const int *nbr = c->bend_nbr + b->first;
  const float *wk = c->bend_w + b->first;
  float *xv = c->x + 3 * b->v;
  float C[3] = { -b->wsum * xv[0], -b->wsum * xv[1], -b->wsum * xv[2] };
  float denom = c->w[b->v] * b->wsum * b->wsum;
  for (int k = 0; k < b->count; k++)
    {
      const float *xk = c->x + 3 * nbr[k];
      for (int a = 0; a < 3; a++)
        C[a] += wk[k] * xk[a];
      denom += c->w[nbr[k]] * wk[k] * wk[k];
    }
  float at = b->compliance * inv_h2;
  denom += at;
  if (denom <= 0)
    return;
  float dl[3];
  for (int a = 0; a < 3; a++)
    {
      dl[a] = (-C[a] - at * lambda[a]) / denom;
      lambda[a] += dl[a];
    }
  float wv = c->w[b->v] * b->wsum;
  for (int a = 0; a < 3; a++)
    xv[a] -= wv * dl[a];
  for (int k = 0; k < b->count; k++)
    {
      float s = c->w[nbr[k]] * wk[k];
      float *xk = c->x + 3 * nbr[k];
      for (int a = 0; a < 3; a++)
        xk[a] += s * dl[a];
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

static void
solve_constraints (AtCloth *c, float h)
{
  float inv_h2 = 1.0f / (h * h);
  float *lam_st = c->lambda, *lam_bd = c->lambda + c->stretch_col.count;
  const int serial = AT_CLOTH_MAX_COLORS - 1;
#pragma omp parallel if (c->n >= AT_CLOTH_PARALLEL_MIN)
  {
    for (int col = 0; col < c->stretch_col.colors; col++)
      {
        int a = c->stretch_col.color_start[col], b = c->stretch_col.color_start[col + 1];
        if (col == serial)
          {
#pragma omp single
            for (int k = a; k < b; k++)
              solve_stretch (c, &c->stretch[k], &lam_st[k], inv_h2);
          }
        else
          {
#pragma omp for schedule(static)
            for (int k = a; k < b; k++)
              solve_stretch (c, &c->stretch[k], &lam_st[k], inv_h2);
          }
      }
    for (int col = 0; col < c->tether_col.colors; col++)
      {
        int a = c->tether_col.color_start[col], b = c->tether_col.color_start[col + 1];
        if (col == serial)
          {
#pragma omp single
            for (int k = a; k < b; k++)
              solve_tether (c, &c->tether[k]);
          }
        else
          {
#pragma omp for schedule(static)
            for (int k = a; k < b; k++)
              solve_tether (c, &c->tether[k]);
          }
      }
    for (int col = 0; col < c->bend_col.colors; col++)
      {
        int a = c->bend_col.color_start[col], b = c->bend_col.color_start[col + 1];
        if (col == serial)
          {
#pragma omp single
            for (int k = a; k < b; k++)
              solve_bend (c, &c->bend[k], &lam_bd[3 * k], inv_h2);
          }
        else
          {
#pragma omp for schedule(static)
            for (int k = a; k < b; k++)
              solve_bend (c, &c->bend[k], &lam_bd[3 * k], inv_h2);
          }
      }
  }
  solve_seams (c, h);
  for (int k = 0; k < c->nattach; k++)
    solve_point (c, c->attach[k].vertex, c->attach[k].target, c->attach[k].compliance, inv_h2);
  if (c->grab_vertex >= 0)
    solve_point (c, c->grab_vertex, c->grab_target, 1e-4f, inv_h2);
}

/* One substep; t in (0, 1] is the substep's end within the frame. Returns
 * the number of vertices that had to be restored. */
static int
substep (AtCloth *c, float h, float t)
{
  const float *g = c->def.gravity;
  float damp = expf (-(float) c->def.fabric.damping * h);
  int n = c->n;
#pragma omp parallel for schedule(static) if (n >= AT_CLOTH_PARALLEL_MIN)
  for (int i = 0; i < n; i++)
    {
      float *x = c->x + 3 * i, *v = c->v + 3 * i, *xp = c->x_prev + 3 * i;
      for (int a = 0; a < 3; a++)
        xp[a] = x[a];
      if (c->pinned[i])
        {
          for (int a = 0; a < 3; a++)
            x[a] = c->pin_target[3 * i + a];
          continue;
        }
      for (int a = 0; a < 3; a++)
        {
          v[a] = (v[a] + g[a] * h) * damp;
          x[a] += v[a] * h;
        }
    }
  /* Friction acts on the inertial motion only: applied after the
   * constraints it would also undo their corrections on every vertex in
   * contact, freezing whatever stretch the cloth had on landing. */
  at_cloth_collide_bodies (c, h, t, true);
  memset (c->lambda, 0, ((size_t) c->stretch_col.count + 3 * (size_t) c->bend_col.count) * sizeof *c->lambda);
  for (int it = 0; it < c->def.iterations; it++)
    solve_constraints (c, h);
  /* Bodies last (pushed out, no friction): a vertex may end a substep
   * touching another layer, never inside the skin. */
  at_cloth_solve_self_contacts (c);
  at_cloth_collide_bodies (c, h, t, false);
  float vmax = c->def.max_speed;
  int restored = 0;
#pragma omp parallel for schedule(static) reduction(+ : restored) if (n >= AT_CLOTH_PARALLEL_MIN)
  for (int i = 0; i < n; i++)
    {
      float *x = c->x + 3 * i, *v = c->v + 3 * i, *xp = c->x_prev + 3 * i;
      float s2 = 0;
      for (int a = 0; a < 3; a++)
        {
          v[a] = (x[a] - xp[a]) / h;
          s2 += v[a] * v[a];
        }
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

AtStatus
at_cloth_step (AtCloth *c, AtError *err)
{
  memcpy (c->x_frame, c->x, (size_t) 3 * c->n * sizeof *c->x);
  AtStatus st = AT_OK;
  if (c->def.self_collision)
    st = at_cloth_find_self_contacts (c);
  else
    c->ncontacts = 0;
  if (st != AT_OK)
    return at_error_set (err, st, "cloth: out of memory for self-collision");
  int S = c->def.substeps;
  float h = c->def.frame_dt / (float) S;
  for (int k = 0; k < c->ncolliders; k++)
    for (int a = 0; a < 3; a++)
      c->colliders[k].velocity[a] = (c->colliders[k].offset_to[a] - c->colliders[k].offset_from[a]) / c->def.frame_dt;
  int restored = 0;
  for (int s = 0; s < S; s++)
    restored += substep (c, h, (float) (s + 1) / (float) S);
  for (int k = 0; k < c->ncolliders; k++)
    memcpy (c->colliders[k].offset_from, c->colliders[k].offset_to, sizeof c->colliders[k].offset_from);
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

/* Finding the landmarks of an A-pose body mesh (ours or a scan), then
 * measuring there.
 *
 * Method: horizontal sections scanned up the body, each split into curves
 * (measure_slice.c), as in the landmarking of body scans by slicing (e.g.
 * Simmons and Istook, "Body measurement techniques", J. Fashion Marketing
 * and Management 7(3), 2003; Lu and Wang, "Automated anthropometric data
 * collection using 3D whole body scanners", Expert Systems with
 * Applications 35, 2008):
 * - crotch: the lowest level whose section has one curve across the
 *   midline (below it the legs are apart), refined by bisection;
 * - armpits: scanning down from the neck, the highest level where an arm's
 *   curve has separated from the torso's, refined by bisection;
 * - hip: the level of greatest buttock protrusion near the crotch; chest:
 *   the bust point (greatest front protrusion) or fullest section below
 *   the armpits; waist:
 *   the omphalion's level as a proportion between crotch and axilla,
 *   moved to the narrowest torso girth close to it (ANSUR II and ISO
 *   8559-1 definitions);
 * - calf: the largest, ankle: the smallest lower-leg girth in their bands;
 * - arm axis: a least-squares line through the centres of the arm's
 *   sections below the armpit; wrist: walking up from the fingertips, the
 *   first narrowing after the palm (girths normal to the axis); acromion:
 *   the outermost point of the
 *   shoulder level.
 * Levels without a reliable surface feature follow the same population
 * conventions the builder uses (body_internal.h): neck base, shoulder
 * and thigh levels, so a built body is found where it was built. The knee
 * is the narrowest leg section between calf and thigh (just above the
 * patella on a real leg, at it on ours). */
#include "at_body.h"
#include "body_internal.h"

#include <math.h>
#include <string.h>

typedef struct {
  const AtSlicer *slicer;
  AtSlice slice;
  bool oom;
} Scan;

static bool
cut (Scan *s, float y)
{
  if (!at_slicer_cut_y (s->slicer, y, &s->slice))
    s->oom = true;
  return !s->oom;
}

static bool
loop_ok (const AtSliceLoop *l)
{
  return l->count >= 3 && hypotf (l->max[0] - l->min[0], l->max[1] - l->min[1]) > 0.01f;
}

/* A curve crossing the midline at y (the torso, not two legs). */
static bool
spans_midline (Scan *s, float y)
{
  if (!cut (s, y))
    return false;
  for (int i = 0; i < s->slice.count; i++)
    if (loop_ok (&s->slice.loops[i]) && s->slice.loops[i].min[0] <= 0 && s->slice.loops[i].max[0] >= 0)
      return true;
  return false;
}

/* A curve wholly on the left (x > 0) beside the torso at y: the left arm. */
static int
left_arm_loop (Scan *s, float y)
{
  if (!cut (s, y))
    return -1;
  int torso[2];
  if (at_slice_torso_loops (&s->slice, torso) != 1)
    return -1;
  float edge = s->slice.loops[torso[0]].max[0];
  int best = -1;
  for (int i = 0; i < s->slice.count; i++)
    {
      const AtSliceLoop *l = &s->slice.loops[i];
      if (i != torso[0] && loop_ok (l) && l->min[0] > edge
          && (best < 0 || l->centroid[0] < s->slice.loops[best].centroid[0]))
        best = i;
    }
  return best;
}

/* Bisects a predicate that is false at lo and true at hi. */
static float
bisect (Scan *s, bool (*pred) (Scan *, float), float lo, float hi)
{
  for (int i = 0; i < 16; i++)
    {
      float mid = 0.5f * (lo + hi);
      if (pred (s, mid))
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

static bool
arm_separate (Scan *s, float y)
{
  return left_arm_loop (s, y) < 0;
}

typedef enum { TORSO_FRONT, TORSO_BACK, TORSO_GIRTH, LEG_GIRTH } Probe;

static float
probe (Scan *s, Probe what, float y)
{
  if (!cut (s, y))
    return NAN;
  int loops[2], n;
  if (what == LEG_GIRTH)
    {
      loops[0] = at_slice_left_leg_loop (&s->slice);
      n = loops[0] >= 0;
    }
  else
    n = at_slice_torso_loops (&s->slice, loops);
  if (n == 0)
    return NAN;
  if (what == TORSO_GIRTH || what == LEG_GIRTH)
    return (float) at_slice_hull_perimeter (&s->slice, loops, n);
  float v = what == TORSO_FRONT ? -INFINITY : INFINITY;
  for (int i = 0; i < n; i++)
    v = what == TORSO_FRONT ? fmaxf (v, s->slice.loops[loops[i]].max[1]) : fminf (v, s->slice.loops[loops[i]].min[1]);
  return what == TORSO_FRONT ? v : -v;
}

/* The level in [lo, hi] where the probe is largest (sign +1) or smallest
 * (-1): a coarse scan, then a fine one around the best step. */
static float
extremum (Scan *s, Probe what, int sign, float lo, float hi)
{
  float best_y = 0.5f * (lo + hi), best = -INFINITY;
  for (int pass = 0; pass < 2; pass++)
    {
      int steps = 40;
      float step = (hi - lo) / steps;
      for (int i = 0; i <= steps; i++)
        {
          float y = lo + step * (float) i, v = sign * probe (s, what, y);
          if (isfinite (v) && v > best)
            best = v, best_y = y;
        }
      lo = fmaxf (lo, best_y - step);
      hi = fminf (hi, best_y + step);
    }
  return best_y;
}

static void
axis_point (const float a0[3], const float dir[3], float t, float out[3])
{
  for (int k = 0; k < 3; k++)
    out[k] = a0[k] + t * dir[k];
}

static float
project (const float a0[3], const float dir[3], const float p[3])
{
  return (p[0] - a0[0]) * dir[0] + (p[1] - a0[1]) * dir[1] + (p[2] - a0[2]) * dir[2];
}

/* Girth of the arm cut normal to dir at a0 + t dir. */
static float
arm_girth (Scan *s, const float a0[3], const float dir[3], float t)
{
  float at[3], u[3] = { dir[1], -dir[0], 0 };
  axis_point (a0, dir, t, at);
  float ul = hypotf (u[0], u[1]);
  u[0] /= ul, u[1] /= ul;
  if (!at_slicer_cut (s->slicer, at, dir, u, 0.2f, &s->slice))
    {
      s->oom = true;
      return NAN;
    }
  int l = at_slice_nearest_loop (&s->slice, 0, 0);
  return l >= 0 ? (float) at_slice_hull_perimeter (&s->slice, &l, 1) : NAN;
}

static AtStatus
find_arm (Scan *s, float y_a, float shoulder_y, AtBodyArm *arm, AtError *err)
{
  /* Centres of the arm's sections from just below the armpit down. */
  double sy = 0, sx = 0, sz = 0, syy = 0, sxy = 0, szy = 0;
  int n = 0;
  float y_low = y_a;
  float ys[64], xs[64], zs[64];
  for (float y = y_a - 0.03f; y > 0.2f * y_a && n < 64; y -= 0.01f)
    {
      int l = left_arm_loop (s, y);
      if (l < 0)
        break;
      ys[n] = y, xs[n] = s->slice.loops[l].centroid[0], zs[n] = s->slice.loops[l].centroid[1];
      y_low = y;
      n++;
    }
  /* Fit on the upper arm and forearm only: the hand may turn. */
  int m = 0;
  for (int i = 0; i < n && ys[i] >= y_a - 0.55f * (y_a - y_low); i++, m++)
    {
      sy += ys[i], sx += xs[i], sz += zs[i];
      syy += (double) ys[i] * ys[i], sxy += (double) xs[i] * ys[i], szy += (double) zs[i] * ys[i];
    }
  if (m < 5 || s->oom)
    return at_error_set (err, AT_ERR_INVALID, "no arm found below the armpit: not an A-pose body?");
  double den = m * syy - sy * sy;
  double bx = (m * sxy - sx * sy) / den, bz = (m * szy - sz * sy) / den;
  double ax = (sx - bx * sy) / m, az = (sz - bz * sy) / m;
  float a0[3] = { (float) (ax + bx * y_a), y_a, (float) (az + bz * y_a) };
  float dir[3] = { (float) -bx, -1.f, (float) -bz };
  float dl = sqrtf (dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
  for (int k = 0; k < 3; k++)
    dir[k] /= dl;
  float low[3] = { (float) (ax + bx * y_low), y_low, (float) (az + bz * y_low) };
  /* Acromion: the outermost point of the shoulder level. */
  if (!cut (s, shoulder_y))
    return at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the mesh");
  int torso[2];
  if (at_slice_torso_loops (&s->slice, torso) != 1)
    return at_error_set (err, AT_ERR_INVALID, "no shoulder section at %.1f cm", shoulder_y * 100.0);
  const AtSliceLoop *sl = &s->slice.loops[torso[0]];
  int best = 0;
  for (int k = 1; k < sl->count; k++)
    if (sl->uv[2 * k] > sl->uv[2 * best])
      best = k;
  float shoulder[3] = { sl->uv[2 * best], shoulder_y, sl->uv[2 * best + 1] };
  float t_s = project (a0, dir, shoulder), t_end = project (a0, dir, low) + 0.1f;
  /* Walking back from the fingertips the girth rises to the palm, falls
   * to the wrist and rises again along the forearm: the wrist is the first
   * valley after the first peak that falls well below it (the hand's own
   * dips, where the thumb joins the fingers, are shallow; a wrist is about
   * seven tenths of the hand round the thumb). */
  enum { N = 64 };
  float g[N], t0 = t_s + 0.45f * (t_end - t_s), step = (t_end - 0.02f - t0) / (N - 1);
  for (int i = 0; i < N; i++)
    g[i] = arm_girth (s, a0, dir, t0 + step * (float) i);
  int peak = -1, valley = -1;
  for (int i = N - 1; i >= 0 && valley < 0; i--)
    {
      if (!isfinite (g[i]))
        continue;
      if (peak < 0 || g[i] >= g[peak])
        peak = i; /* still rising towards the palm */
      else if (g[i] < 0.85f * g[peak])
        {
          valley = i;
          while (valley > 0 && isfinite (g[valley - 1]) && g[valley - 1] <= g[valley])
            valley--;
        }
    }
  /* No hand to rise to (a scan cut at the wrist): the narrowest section. */
  if (valley < 0)
    for (int i = 0; i < N; i++)
      if (isfinite (g[i]) && (valley < 0 || g[i] < g[valley]))
        valley = i;
  float t_w = valley >= 0 ? t0 + step * (float) valley : NAN, best_g = valley >= 0 ? g[valley] : NAN;
  for (int i = -10; valley >= 0 && i <= 10; i++) /* refine within a step either side */
    {
      float t = t0 + step * ((float) valley + 0.1f * (float) i), gi = arm_girth (s, a0, dir, t);
      if (isfinite (gi) && gi < best_g)
        best_g = gi, t_w = t;
    }
  if (!isfinite (best_g))
    return at_error_set (err, AT_ERR_INVALID, "no wrist found along the arm");
  float t_e = t_s + 0.55f * (t_w - t_s);
  memcpy (arm->shoulder, shoulder, sizeof shoulder);
  axis_point (a0, dir, t_w, arm->wrist);
  axis_point (a0, dir, t_e, arm->elbow);
  axis_point (a0, dir, 0.5f * (t_s + t_e), arm->upper_arm);
  memcpy (arm->axis, dir, sizeof dir);
  return AT_OK;
}

static void
mirror_x (float p[3])
{
  p[0] = -p[0];
}

/* The extremum of a probe between lo and hi, or the prior level when the
 * extremum is one of the window's ends (no turning point inside). */
static float
level_near (Scan *s, Probe what, int sign, float prior, float lo, float hi)
{
  float y = extremum (s, what, sign, lo, hi), margin = 0.05f * (hi - lo);
  return y > lo + margin && y < hi - margin ? y : prior;
}

static AtStatus
detect (const AtMesh *mesh, const AtSlicer *slicer, bool female, AtBodyLandmarks *lm, AtError *err)
{
  memset (lm, 0, sizeof *lm);
  float mn[3], mx[3];
  at_mesh_bounds (mesh, mn, mx);
  float H = mx[1] - mn[1];
  if (!(H > 0.5f && H < 2.6f) || fabsf (mn[1]) > 0.01f)
    return at_error_set (err, AT_ERR_INVALID, "the mesh is %.2f m tall from y = %.2f: expected a body standing on y = 0 in metres",
                         H, mn[1]);
  lm->stature = H;
  Scan s = { slicer, { 0 }, false };
  AtStatus st = AT_OK;
  /* Crotch: the lowest level with one curve across the midline. */
  float y_c = NAN;
  for (float y = 0.3f * H; y < 0.62f * H; y += 0.005f)
    if (spans_midline (&s, y))
      {
        y_c = bisect (&s, spans_midline, y - 0.005f, y);
        break;
      }
  if (isnan (y_c) || y_c < 0.305f * H)
    {
      st = at_error_set (err, AT_ERR_INVALID, "no crotch found (legs must stand apart): not an A-pose body?");
      goto done;
    }
  /* Armpit: scanning down from the neck, where the arm leaves the torso. */
  float y_nb = at_body_neck_level (H), y_a = NAN;
  for (float y = y_nb - 0.02f; y > y_c + 0.15f * H; y -= 0.005f)
    if (left_arm_loop (&s, y) >= 0)
      {
        y_a = bisect (&s, arm_separate, y, y + 0.005f);
        break;
      }
  if (isnan (y_a) || s.oom)
    {
      st = at_error_set (err, AT_ERR_INVALID, "no armpit found (arms must be clear of the torso): not an A-pose body?");
      goto done;
    }
  /* Hip and waist as ANSUR II takes them: buttock height at the greatest
   * posterior protrusion, waist at the omphalion. Where the section gives
   * no clear extremum (it grows or shrinks through the whole window) the
   * level falls back on its ANSUR II proportion between crotch and axilla:
   * 0.095 for the buttocks, 0.435 for the omphalion (sd 21 and 17 mm over
   * the 4,810 subjects). The waist takes the narrowest section (ISO 8559-1's
   * natural waist) only within 3 % of stature of the omphalion's level. */
  float y_hip = level_near (&s, TORSO_BACK, 1, y_c + 0.095f * (y_a - y_c), y_c - 0.02f * H, y_c + 0.08f * H);
  /* Chest as ANSUR II takes it, at the bust points (women) or nipples
   * (men): the greatest front projection below the armpits, else the
   * fullest torso section there (ISO 8559-1's chest girth). Where neither
   * turns inside the window (a belly fuller than the chest, a flat front)
   * the level falls back on its ANSUR II mean distance under the axilla,
   * 38 mm for men and 67 mm for women (sd 17 and 22 mm over the 4,810
   * subjects), scaled with stature. */
  float c_lo = y_a - 0.12f * H, c_hi = y_a - 0.005f;
  float y_chest = level_near (&s, TORSO_FRONT, 1, NAN, c_lo, c_hi);
  if (isnan (y_chest))
    y_chest = level_near (&s, TORSO_GIRTH, 1, y_a - (female ? 0.067f : 0.038f) * H / 1.756f, c_lo, c_hi);
  float y_om = y_c + 0.435f * (y_a - y_c);
  float y_waist = level_near (&s, TORSO_GIRTH, -1, y_om, y_om - 0.03f * H, y_om + 0.03f * H);
  if (y_hip + 0.03f * H < y_chest - 0.03f * H)
    y_waist = fminf (fmaxf (y_waist, y_hip + 0.03f * H), y_chest - 0.03f * H);
  /* Knee: first guessed from the crotch (ANSUR II mean ratio) to bound
   * the calf, then the narrowest leg section between calf and thigh. */
  float y_knee = 0.577f * y_c;
  float y_ankle = extremum (&s, LEG_GIRTH, -1, 0.045f * H, 0.09f * H);
  float y_calf = extremum (&s, LEG_GIRTH, 1, y_ankle + 0.3f * (y_knee - y_ankle), y_knee - 0.05f * (y_knee - y_ankle));
  y_knee = extremum (&s, LEG_GIRTH, -1, y_calf + 0.03f * H, at_body_thigh_level (y_c, H) - 0.02f * H);
  if (s.oom)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the mesh");
      goto done;
    }
  lm->chest.y = y_chest, lm->waist.y = y_waist, lm->hip.y = y_hip, lm->neck.y = y_nb;
  lm->shoulder_y = at_body_shoulder_level (y_a, y_nb);
  lm->crotch[1] = y_c;
  float y_thigh = at_body_thigh_level (y_c, H);
  float *legs[4] = { lm->leg_left.thigh, lm->leg_left.knee, lm->leg_left.calf, lm->leg_left.ankle };
  float leg_y[4] = { y_thigh, y_knee, y_calf, y_ankle };
  for (int i = 0; i < 4; i++)
    {
      legs[i][1] = leg_y[i];
      if (cut (&s, leg_y[i]))
        {
          int l = at_slice_left_leg_loop (&s.slice);
          if (l >= 0)
            legs[i][0] = s.slice.loops[l].centroid[0], legs[i][2] = s.slice.loops[l].centroid[1];
        }
    }
  if ((st = find_arm (&s, y_a, lm->shoulder_y, &lm->arm_left, err)) != AT_OK)
    goto done;
  if (cut (&s, y_a))
    {
      int torso[2];
      if (at_slice_torso_loops (&s.slice, torso) == 1)
        {
          const AtSliceLoop *l = &s.slice.loops[torso[0]];
          lm->arm_left.armpit[0] = l->max[0], lm->arm_left.armpit[1] = y_a, lm->arm_left.armpit[2] = l->centroid[1];
          lm->crotch[2] = 0;
        }
    }
  /* The right side as the mirror of the left (an A-pose is symmetric
   * enough for drafting; girths are taken on the left). */
  lm->arm_right = lm->arm_left;
  lm->leg_right = lm->leg_left;
  float *mirror[] = { lm->arm_right.shoulder, lm->arm_right.armpit, lm->arm_right.upper_arm, lm->arm_right.elbow,
                      lm->arm_right.wrist, lm->arm_right.axis, lm->leg_right.thigh, lm->leg_right.knee,
                      lm->leg_right.calf, lm->leg_right.ankle };
  for (size_t i = 0; i < sizeof mirror / sizeof mirror[0]; i++)
    mirror_x (mirror[i]);
  at_body_level_fill (slicer, y_chest, &lm->chest);
  at_body_level_fill (slicer, y_waist, &lm->waist);
  at_body_level_fill (slicer, y_hip, &lm->hip);
  at_body_level_fill (slicer, y_nb, &lm->neck);
done:
  at_slice_clear (&s.slice);
  if (st == AT_OK && s.oom)
    st = at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the mesh");
  return st;
}

AtStatus
at_body_measure_mesh (const AtMesh *mesh, AtSex sex, AtMeasurements *out, AtBodyLandmarks *lm_out, AtError *err)
{
  at_measurements_init (out, sex);
  if (!at_mesh_is_valid (mesh))
    return at_error_set (err, AT_ERR_INVALID, "the mesh is empty or has invalid coordinates");
  AtSlicer *slicer = at_slicer_new (mesh);
  if (!slicer)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the mesh");
  AtBodyLandmarks lm;
  AtStatus st = detect (mesh, slicer, sex == AT_SEX_FEMALE, &lm, err);
  at_slicer_free (slicer);
  if (st != AT_OK)
    return st;
  if ((st = at_body_measure_at (mesh, sex, &lm, out, err)) != AT_OK)
    return st;
  if (lm_out)
    *lm_out = lm;
  return AT_OK;
}

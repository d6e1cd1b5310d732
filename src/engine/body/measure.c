/* Measuring a body mesh at its landmarks, as CONTRACT.md defines each key:
 * a girth is the perimeter of the convex hull of the section at the
 * landmark (horizontal for torso, neck and legs: the torso's curve, or both
 * legs' below the crotch; the arm's own curve in the plane normal to the
 * arm axis for upper arm and wrist), breadth and depth the section's
 * extent across and front to back, heights the landmarks' levels, arm
 * length acromion -> elbow -> wrist as a sleeve outseam is taken. Weight
 * comes from the enclosed volume (divergence theorem) at the mean density
 * of the living body, about 1.01 kg/L with the lungs' air (Siri, 1961). */
#include "at_body.h"
#include "body_internal.h"

#include <math.h>
#include <string.h>

#define BODY_DENSITY 1010.0 /* kg / m^3 */

static AtStatus
torso_at (const AtSlicer *slicer, float y, const char *what, double *girth, double *breadth, double *depth,
          AtError *err)
{
  AtSlice slice = { 0 };
  int loops[2];
  if (!at_slicer_cut_y (slicer, y, &slice))
    return at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the %s", what);
  int n = at_slice_torso_loops (&slice, loops);
  if (n == 0)
    {
      at_slice_clear (&slice);
      return at_error_set (err, AT_ERR_INVALID, "no body section at the %s level (%.1f cm): not an A-pose body?",
                           what, y * 100.0);
    }
  *girth = at_slice_hull_perimeter (&slice, loops, n);
  float mn[2] = { INFINITY, INFINITY }, mx[2] = { -INFINITY, -INFINITY };
  for (int i = 0; i < n; i++)
    for (int k = 0; k < 2; k++)
      {
        mn[k] = fminf (mn[k], slice.loops[loops[i]].min[k]);
        mx[k] = fmaxf (mx[k], slice.loops[loops[i]].max[k]);
      }
  if (breadth)
    *breadth = mx[0] - mn[0];
  if (depth)
    *depth = mx[1] - mn[1];
  at_slice_clear (&slice);
  return AT_OK;
}

static AtStatus
leg_at (const AtSlicer *slicer, float y, const char *what, double *girth, AtError *err)
{
  AtSlice slice = { 0 };
  if (!at_slicer_cut_y (slicer, y, &slice))
    return at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the %s", what);
  int l = at_slice_left_leg_loop (&slice);
  *girth = l >= 0 ? at_slice_hull_perimeter (&slice, &l, 1) : 0;
  at_slice_clear (&slice);
  if (l < 0)
    return at_error_set (err, AT_ERR_INVALID, "no left leg section at the %s level (%.1f cm)", what, y * 100.0);
  return AT_OK;
}

/* Girth of the limb around an axis point, cut normal to the axis. */
static AtStatus
limb_at (const AtSlicer *slicer, const float at[3], const float axis[3], const char *what, double *girth,
         AtError *err)
{
  float n[3] = { axis[0], axis[1], axis[2] };
  float len = sqrtf (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  if (!(len > 1e-6f))
    return at_error_set (err, AT_ERR_INVALID, "no arm axis for the %s", what);
  for (int k = 0; k < 3; k++)
    n[k] /= len;
  /* u = n x z, or n x x when the axis runs front to back. */
  float u[3] = { n[1], -n[0], 0 };
  if (hypotf (u[0], u[1]) < 0.1f)
    u[0] = 0, u[1] = n[2], u[2] = -n[1];
  float ul = sqrtf (u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  for (int k = 0; k < 3; k++)
    u[k] /= ul;
  AtSlice slice = { 0 };
  if (!at_slicer_cut (slicer, at, n, u, 0.2f, &slice))
    return at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the %s", what);
  int l = at_slice_nearest_loop (&slice, 0, 0);
  *girth = l >= 0 ? at_slice_hull_perimeter (&slice, &l, 1) : 0;
  at_slice_clear (&slice);
  if (l < 0)
    return at_error_set (err, AT_ERR_INVALID, "no arm section at the %s", what);
  return AT_OK;
}

static double
dist3 (const float a[3], const float b[3])
{
  return sqrt ((double) (a[0] - b[0]) * (a[0] - b[0]) + (double) (a[1] - b[1]) * (a[1] - b[1])
               + (double) (a[2] - b[2]) * (a[2] - b[2]));
}

static double
mesh_volume (const AtMesh *mesh)
{
  double vol = 0;
  const float *p = mesh->positions;
  for (int t = 0; t < mesh->triangle_count; t++)
    {
      const float *a = p + 3 * mesh->indices[3 * t], *b = p + 3 * mesh->indices[3 * t + 1];
      const float *c = p + 3 * mesh->indices[3 * t + 2];
      vol += (double) a[0] * ((double) b[1] * c[2] - (double) b[2] * c[1])
             - (double) a[1] * ((double) b[0] * c[2] - (double) b[2] * c[0])
             + (double) a[2] * ((double) b[0] * c[1] - (double) b[1] * c[0]);
    }
  return fabs (vol) / 6.0;
}

/* The keys a section gives (girths, breadths, depths), in metres into g. */
static AtStatus
measure_sections (const AtMesh *mesh, const AtBodyLandmarks *lm, double g[AT_M_COUNT], AtError *err)
{
  AtSlicer *slicer = at_slicer_new (mesh);
  if (!slicer)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the mesh");
  AtStatus st;
  const AtBodyArm *arm = &lm->arm_left;
  if ((st = torso_at (slicer, lm->chest.y, "chest", &g[AT_M_CHEST_GIRTH], &g[AT_M_CHEST_BREADTH],
                      &g[AT_M_CHEST_DEPTH], err))
      || (st = torso_at (slicer, lm->waist.y, "waist", &g[AT_M_WAIST_GIRTH], &g[AT_M_WAIST_BREADTH],
                         &g[AT_M_WAIST_DEPTH], err))
      || (st = torso_at (slicer, lm->hip.y, "hip", &g[AT_M_HIP_GIRTH], &g[AT_M_HIP_BREADTH], &g[AT_M_HIP_DEPTH], err))
      || (st = torso_at (slicer, lm->neck.y, "neck base", &g[AT_M_NECK_GIRTH], NULL, NULL, err))
      || (st = torso_at (slicer, lm->shoulder_y, "shoulder", &(double) { 0 }, &g[AT_M_SHOULDER_BREADTH], NULL, err))
      || (st = leg_at (slicer, lm->leg_left.thigh[1], "thigh", &g[AT_M_THIGH_GIRTH], err))
      || (st = leg_at (slicer, lm->leg_left.calf[1], "calf", &g[AT_M_CALF_GIRTH], err))
      || (st = leg_at (slicer, lm->leg_left.ankle[1], "ankle", &g[AT_M_ANKLE_GIRTH], err))
      || (st = limb_at (slicer, arm->upper_arm, arm->axis, "upper arm", &g[AT_M_UPPER_ARM_GIRTH], err))
      || (st = limb_at (slicer, arm->wrist, arm->axis, "wrist", &g[AT_M_WRIST_GIRTH], err)))
    {
      at_slicer_free (slicer);
      return st;
    }
  at_slicer_free (slicer);
  return AT_OK;
}

/* Marks the keys of g as given in out, in centimetres. */
static void
set_keys (const double g[AT_M_COUNT], AtMeasurements *out)
{
  for (int k = 0; k < AT_M_COUNT; k++)
    if (k != AT_M_WEIGHT && k != AT_M_AGE)
      {
        out->value[k] = g[k] * 100.0;
        out->given[k] = true;
      }
}

AtStatus
body_measure_sections (const AtMesh *mesh, AtSex sex, const AtBodyLandmarks *lm, AtMeasurements *out, AtError *err)
{
  at_measurements_init (out, sex);
  double g[AT_M_COUNT] = { 0 };
  AtStatus st = measure_sections (mesh, lm, g, err);
  if (st == AT_OK)
    set_keys (g, out);
  return st;
}

AtStatus
at_body_measure_at (const AtMesh *mesh, AtSex sex, const AtBodyLandmarks *lm, AtMeasurements *out, AtError *err)
{
  at_measurements_init (out, sex);
  if (!at_mesh_is_valid (mesh))
    return at_error_set (err, AT_ERR_INVALID, "the mesh is empty or has invalid coordinates");
  double g[AT_M_COUNT] = { 0 };
  AtStatus st = measure_sections (mesh, lm, g, err);
  if (st != AT_OK)
    return st;
  const AtBodyArm *arm = &lm->arm_left;
  float mn[3], mx[3];
  at_mesh_bounds (mesh, mn, mx);
  g[AT_M_STATURE] = mx[1] - mn[1];
  g[AT_M_CHEST_HEIGHT] = lm->chest.y;
  g[AT_M_WAIST_HEIGHT] = lm->waist.y;
  g[AT_M_HIP_HEIGHT] = lm->hip.y;
  g[AT_M_INSIDE_LEG] = lm->crotch[1];
  g[AT_M_KNEE_HEIGHT] = lm->leg_left.knee[1];
  g[AT_M_ARM_LENGTH] = dist3 (arm->shoulder, arm->elbow) + dist3 (arm->elbow, arm->wrist);
  set_keys (g, out);
  out->value[AT_M_WEIGHT] = mesh_volume (mesh) * BODY_DENSITY;
  return AT_OK;
}

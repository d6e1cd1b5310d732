/* at_body_build: plan, generate, measure, correct.
 *
 * Method: the plan (body_plan.c) sets every section from the measurements;
 * the generator (body_mesh.c) turns it into a closed mesh. The mesh is then
 * measured exactly as any user or check would measure it (measure.c, convex
 * hull of the section at the landmark), and each girth's key section is
 * rescaled by target / measured. A girth depends almost only on its own
 * key (rings sit exactly at the key levels), so two passes make the girths
 * exact to a fraction of a millimetre; the rescaled torso moves the arms
 * out or in (body_plan_derive) before the next pass. Finally the body
 * is centred on its bounding box, as imported meshes are. */
#include "at_body.h"
#include "body_internal.h"
#include "body_mesh.h"
#include "cloth/at_sdf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct AtBody {
  AtMesh *mesh;
  AtBodyLandmarks landmarks;
  AtMeasurements measurements;
  AtSdf *sdf;
  AtBodyDef def;
  BodyPlan plan;   /* the corrected plan, for the collision mesh */
  float shift[2];  /* x, z centring applied to the display mesh */
};

AtBodyDef
at_body_def_default (void)
{
  return (AtBodyDef) {
    .torso_ring = 96,
    .arm_ring = 40,
    .row_spacing = 0.008f,
    .arm_angle_deg = 38.f,
    .leg_spread = 0.03f,
    .correction_passes = 2,
    .smoothing = 4,
    .sdf_cell = 0.017f,
  };
}

static void
set3 (float dst[3], float x, float y, float z)
{
  dst[0] = x, dst[1] = y, dst[2] = z;
}

static void
leg_centre (const BodyPlan *p, float y, float out[3])
{
  BodySection s;
  body_curve_eval (&p->leg, y, &s);
  set3 (out, s.cx, y, s.cz);
}

/* Landmarks straight from the plan (levels' extreme points filled later). */
static void
plan_landmarks (const BodyPlan *p, AtBodyLandmarks *lm)
{
  memset (lm, 0, sizeof *lm);
  lm->stature = p->H;
  lm->chest.y = p->y_chest;
  lm->waist.y = p->y_waist;
  lm->hip.y = p->y_hip;
  lm->neck.y = p->y_nb;
  lm->shoulder_y = p->y_sh;
  BodySection s;
  body_curve_eval (&p->torso, p->y_c, &s);
  set3 (lm->crotch, 0, p->y_c, s.cz + 0.5f * (s.bf - s.bb));
  AtBodyArm *arm = &lm->arm_left;
  memcpy (arm->shoulder, p->shoulder_pt, sizeof arm->shoulder);
  body_curve_eval (&p->torso, p->y_a, &s);
  set3 (arm->armpit, s.cx + s.a, p->y_a, s.cz);
  const float *ts[3] = { &p->t_ua, &p->t_el, &p->t_wr };
  float *dst[3] = { arm->upper_arm, arm->elbow, arm->wrist };
  for (int i = 0; i < 3; i++)
    for (int k = 0; k < 3; k++)
      dst[i][k] = p->sj[k] + *ts[i] * p->dir[k];
  memcpy (arm->axis, p->dir, sizeof arm->axis);
  leg_centre (p, p->y_thigh, lm->leg_left.thigh);
  leg_centre (p, p->y_knee, lm->leg_left.knee);
  leg_centre (p, p->y_calf, lm->leg_left.calf);
  leg_centre (p, p->y_ankle, lm->leg_left.ankle);
  /* The right side mirrors the left. */
  lm->arm_right = lm->arm_left;
  lm->leg_right = lm->leg_left;
  float *mirror[] = { lm->arm_right.shoulder, lm->arm_right.armpit, lm->arm_right.upper_arm, lm->arm_right.elbow,
                      lm->arm_right.wrist, lm->arm_right.axis, lm->leg_right.thigh, lm->leg_right.knee,
                      lm->leg_right.calf, lm->leg_right.ankle };
  for (size_t i = 0; i < sizeof mirror / sizeof mirror[0]; i++)
    mirror[i][0] = -mirror[i][0];
}

static void
shift_point (float p[3], float dx, float dz)
{
  p[0] += dx, p[2] += dz;
}

static void
shift_landmarks (AtBodyLandmarks *lm, float dx, float dz)
{
  float *pts[] = { lm->crotch, lm->arm_left.shoulder, lm->arm_left.armpit, lm->arm_left.upper_arm,
                   lm->arm_left.elbow, lm->arm_left.wrist, lm->arm_right.shoulder, lm->arm_right.armpit,
                   lm->arm_right.upper_arm, lm->arm_right.elbow, lm->arm_right.wrist, lm->leg_left.thigh,
                   lm->leg_left.knee, lm->leg_left.calf, lm->leg_left.ankle, lm->leg_right.thigh,
                   lm->leg_right.knee, lm->leg_right.calf, lm->leg_right.ankle };
  for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++)
    shift_point (pts[i], dx, dz);
}

static AtStatus
check_def (const AtBodyDef *def, AtError *err)
{
  if (def->torso_ring < 32 || def->torso_ring > 1024 || def->torso_ring % 4)
    return at_error_set (err, AT_ERR_RANGE, "body definition: torso_ring %d must be a multiple of 4 in 32-1024",
                         def->torso_ring);
  if (def->arm_ring < 16 || def->arm_ring > 512)
    return at_error_set (err, AT_ERR_RANGE, "body definition: arm_ring %d must be in 16-512", def->arm_ring);
  if (!(def->row_spacing >= 0.002f && def->row_spacing <= 0.05f))
    return at_error_set (err, AT_ERR_RANGE, "body definition: row_spacing must be in 0.002-0.05 m");
  if (!(def->arm_angle_deg >= 15 && def->arm_angle_deg <= 60))
    return at_error_set (err, AT_ERR_RANGE, "body definition: arm_angle_deg must be in 15-60");
  if (!(def->leg_spread >= 0 && def->leg_spread <= 0.3f) || def->correction_passes < 0 || def->correction_passes > 10
      || def->smoothing < 0 || def->smoothing > 20 || !(def->sdf_cell > 0.001f))
    return at_error_set (err, AT_ERR_RANGE,
                         "body definition: leg_spread, correction_passes, smoothing or sdf_cell out of range");
  return AT_OK;
}

/* The mesh of the collision field and of the first correction pass: a
 * seventh of the display mesh's triangles, its chords within about a
 * millimetre of the display surface (less than the field's own
 * interpolation error at its cell). The field's cost is mostly per grid
 * node, the rest per triangle near the surface: this halves the latter. */
static AtBodyDef
coarse_def (const AtBodyDef *def)
{
  AtBodyDef coarse = *def;
  coarse.torso_ring = 32, coarse.arm_ring = 16, coarse.row_spacing = 0.024f, coarse.smoothing /= 2;
  return coarse;
}

/* Scales key k of curve c by target/measured (cm), guarding against a
 * failed measurement. */
static void
correct_key (BodyCurve *c, int k, double target, double measured)
{
  if (measured > 1 && isfinite (measured))
    body_section_scale (&c->s[k], (float) (target / measured));
}

/* A leg key inside the legs' blend into the torso makes only part of its
 * section (body_leg_blend): rescaling it by target / measured would move
 * the girth by that share of the difference, so the key grows by the
 * whole difference over its share of the perimeter (a Newton step). */
static void
correct_leg_key (BodyPlan *plan, int k, double target, double measured)
{
  BodySection *key = &plan->leg.s[k];
  /* The key's share, averaged round the ring: half of it inner thigh
   * (reach 0), half from centre front round the hip to centre back. */
  enum { N = 16 };
  double own = 0;
  for (int i = 0; i < N; i++)
    own += 1 - body_leg_blend (plan, plan->leg.y[k], sinf (3.14159265f * ((float) i + 0.5f) / N));
  own = 0.5 * (1 - body_leg_blend (plan, plan->leg.y[k], 0)) + 0.5 * own / N;
  double share = 100.0 * own * body_section_perimeter (key);
  if (measured > 1 && isfinite (measured) && share > 1)
    body_section_scale (key, (float) fmin (fmax (1 + (target - measured) / share, 0.5), 2.0));
}

/* A hip level under the crotch: the tape's hull round both legs there is
 * about one leg's girth P plus four times the distance from the midline
 * to the leg's centre (the hull of two translated copies of a convex
 * section adds twice their distance). Scaling the leg's section by f
 * about its inner edge (the thighs touch there, they must not pass
 * through each other) moves the centre out by (f - 1) r, r the section's
 * half-breadth, so the hull grows by (f - 1) (P + 4 r): that fixes f for
 * the target, where the plain ratio would undershoot by the gap's share. */
static void
correct_hip_on_legs (BodyPlan *plan, const AtMesh *mesh, double target, double measured)
{
  double leg = 0, r = 0;
  AtSlicer *slicer = at_slicer_new (mesh);
  AtSlice slice = { 0 };
  if (slicer && at_slicer_cut_y (slicer, plan->y_hip, &slice))
    {
      int l = at_slice_left_leg_loop (&slice);
      if (l >= 0)
        {
          leg = 100.0 * at_slice_hull_perimeter (&slice, &l, 1);
          r = 50.0 * (slice.loops[l].max[0] - slice.loops[l].min[0]);
        }
    }
  at_slice_clear (&slice);
  at_slicer_free (slicer);
  BodySection *key = &plan->leg.s[plan->k_hip_leg];
  if (!(leg > 1) || !isfinite (measured) || measured < 1)
    return;
  float f = (float) fmin (fmax (1 + (target - measured) / (leg + 4 * r), 0.5), 2.0);
  float inner = fmaxf (key->cx - key->a, 0.002f);
  body_section_scale (key, f);
  key->cx = inner + key->a;
}

AtStatus
at_body_build (const AtMeasurements *m, const AtBodyDef *def_in, AtBody **out, AtError *err)
{
  *out = NULL;
  AtBodyDef def = def_in ? *def_in : at_body_def_default ();
  AtStatus st = check_def (&def, err);
  if (st != AT_OK)
    return st;
  BodyPlan plan;
  if ((st = body_plan_init (m, &def, &plan, err)) != AT_OK)
    return st;
  AtBody *body = calloc (1, sizeof *body);
  if (!body)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory building the body");
  body->def = def;
  AtBodyDef coarse = coarse_def (&def);
  /* A hip level under the crotch is corrected through a model of the tape
   * round both legs (correct_hip_on_legs), which the legs' arch between
   * the thighs bends: it takes one more pass to come within a millimetre
   * (under one subject in a hundred). */
  int passes = def.correction_passes + (plan.k_hip_leg >= 0 && def.correction_passes > 0);
  for (int pass = 0;; pass++)
    {
      at_mesh_free (body->mesh);
      /* The first pass only gets the sections near their targets: a coarse
       * mesh does, in a fraction of the time; the passes after it measure
       * the display mesh itself. */
      body->mesh = body_mesh_generate (&plan, pass == 0 && passes > 1 ? &coarse : &def);
      if (!body->mesh)
        {
          at_body_free (body);
          return at_error_set (err, AT_ERR_NOMEM, "out of memory building the body mesh");
        }
      plan_landmarks (&plan, &body->landmarks);
      if (pass == passes)
        break;
      AtMeasurements got;
      if ((st = body_measure_sections (body->mesh, m->sex, &body->landmarks, &got, err)) != AT_OK)
        {
          at_body_free (body);
          return st;
        }
      const double *want = m->value, *have = got.value;
      if (plan.k_hip_leg >= 0)
        correct_hip_on_legs (&plan, body->mesh, want[AT_M_HIP_GIRTH], have[AT_M_HIP_GIRTH]);
      else
        {
          correct_key (&plan.torso, plan.k_hip, want[AT_M_HIP_GIRTH], have[AT_M_HIP_GIRTH]);
          if (plan.hip_below_crotch) /* the legs' tops, which the tape goes round, follow the crotch key */
            correct_key (&plan.torso, 0, want[AT_M_HIP_GIRTH], have[AT_M_HIP_GIRTH]);
        }
      correct_key (&plan.torso, plan.k_waist, want[AT_M_WAIST_GIRTH], have[AT_M_WAIST_GIRTH]);
      correct_key (&plan.torso, plan.k_chest, want[AT_M_CHEST_GIRTH], have[AT_M_CHEST_GIRTH]);
      correct_key (&plan.upper, plan.k_neck, want[AT_M_NECK_GIRTH], have[AT_M_NECK_GIRTH]);
      if (have[AT_M_SHOULDER_BREADTH] > 1)
        plan.upper.s[1].a *= (float) (want[AT_M_SHOULDER_BREADTH] / have[AT_M_SHOULDER_BREADTH]);
      correct_leg_key (&plan, plan.k_thigh, want[AT_M_THIGH_GIRTH], have[AT_M_THIGH_GIRTH]);
      correct_key (&plan.leg, plan.k_calf, want[AT_M_CALF_GIRTH], have[AT_M_CALF_GIRTH]);
      correct_key (&plan.leg, plan.k_ankle, want[AT_M_ANKLE_GIRTH], have[AT_M_ANKLE_GIRTH]);
      correct_key (&plan.arm, plan.k_ua, want[AT_M_UPPER_ARM_GIRTH], have[AT_M_UPPER_ARM_GIRTH]);
      correct_key (&plan.arm, plan.k_wr, want[AT_M_WRIST_GIRTH], have[AT_M_WRIST_GIRTH]);
      plan.leg.s[plan.leg.n - 1] = plan.leg.s[plan.k_thigh];
      body_plan_derive (&plan);
    }
  /* Centre on the bounding box, like an imported mesh (its x and z
   * extent only: the generator's positions are finite). */
  AtMesh *mesh = body->mesh;
  float mn[2] = { INFINITY, INFINITY }, mx[2] = { -INFINITY, -INFINITY };
  for (int v = 0; v < mesh->vertex_count; v++)
    for (int k = 0; k < 2; k++)
      {
        float x = mesh->positions[3 * v + 2 * k];
        mn[k] = x < mn[k] ? x : mn[k];
        mx[k] = x > mx[k] ? x : mx[k];
      }
  float dx = -0.5f * (mn[0] + mx[0]), dz = -0.5f * (mn[1] + mx[1]);
  for (int v = 0; v < mesh->vertex_count; v++)
    mesh->positions[3 * v] += dx, mesh->positions[3 * v + 2] += dz;
  shift_landmarks (&body->landmarks, dx, dz);
  body->shift[0] = dx, body->shift[1] = dz;
  body->plan = plan;
  at_mesh_compute_normals (mesh);
  AtSlicer *slicer = at_slicer_new (mesh);
  if (!slicer)
    {
      at_body_free (body);
      return at_error_set (err, AT_ERR_NOMEM, "out of memory measuring the body");
    }
  AtBodyLandmarks *lm = &body->landmarks;
  at_body_level_fill (slicer, lm->chest.y, &lm->chest);
  at_body_level_fill (slicer, lm->waist.y, &lm->waist);
  at_body_level_fill (slicer, lm->hip.y, &lm->hip);
  at_body_level_fill (slicer, lm->neck.y, &lm->neck);
  at_slicer_free (slicer);
  body->measurements = *m;
  *out = body;
  return AT_OK;
}

void
at_body_free (AtBody *body)
{
  if (!body)
    return;
  at_mesh_free (body->mesh);
  at_sdf_free (body->sdf);
  free (body);
}

const AtMesh *
at_body_mesh (const AtBody *body)
{
  return body->mesh;
}

const AtBodyLandmarks *
at_body_landmarks (const AtBody *body)
{
  return &body->landmarks;
}

const AtMeasurements *
at_body_measurements (const AtBody *body)
{
  return &body->measurements;
}

/* Moves each vertex of the coarse mesh out along its normal by the largest
 * sagitta of its convex edges' chords (L * theta / 8 for an edge of length
 * L whose end normals differ by theta). The coarse mesh's vertices lie on
 * the skin but its chords cut inside it where the skin curves: up to 5 mm
 * at the shoulders, where cloth resting on the field showed skin between
 * its vertices. Moved out, the facets straddle the skin instead (the field
 * then lies within half a millimetre of it on average). Concave edges'
 * chords lie outside already and move nothing. False when out of memory. */
static bool
straddle_skin (AtMesh *mesh)
{
  float *push = calloc ((size_t) mesh->vertex_count, sizeof *push);
  bool ok = push && at_mesh_compute_normals (mesh);
  for (int t = 0; ok && t < mesh->triangle_count; t++)
    for (int e = 0; e < 3; e++)
      {
        uint32_t a = mesh->indices[3 * t + e], b = mesh->indices[3 * t + (e + 1) % 3];
        const float *pa = mesh->positions + 3 * a, *pb = mesh->positions + 3 * b;
        const float *na = mesh->normals + 3 * a, *nb = mesh->normals + 3 * b;
        float len = sqrtf ((pa[0] - pb[0]) * (pa[0] - pb[0]) + (pa[1] - pb[1]) * (pa[1] - pb[1])
                           + (pa[2] - pb[2]) * (pa[2] - pb[2]));
        float cosine = na[0] * nb[0] + na[1] * nb[1] + na[2] * nb[2];
        /* Normals spreading along the edge: convex, the chord inside. */
        float spread = (nb[0] - na[0]) * (pb[0] - pa[0]) + (nb[1] - na[1]) * (pb[1] - pa[1])
                       + (nb[2] - na[2]) * (pb[2] - pa[2]);
        float sagitta = spread > 0 ? len * acosf (fmaxf (-1.0f, fminf (1.0f, cosine))) / 8 : 0;
        push[a] = fmaxf (push[a], sagitta);
        push[b] = fmaxf (push[b], sagitta);
      }
  for (int v = 0; ok && v < mesh->vertex_count; v++)
    for (int k = 0; k < 3; k++)
      mesh->positions[3 * v + k] += mesh->normals[3 * v + k] * push[v];
  free (push);
  return ok;
}

/* The field is built from the coarse mesh of the same plan, whose chords
 * stay well under the field's own cell. One cell of padding holds every
 * query the cloth makes (contacts within millimetres, placement and the
 * fit's pressure stencil within a centimetre) inside the grid; farther out
 * the field extends itself by the distance to the grid, and each padding
 * cell costs a tenth of the field's build. */
const AtSdf *
at_body_sdf (AtBody *body, AtError *err)
{
  if (body->sdf)
    return body->sdf;
  AtBodyDef coarse = coarse_def (&body->def);
  AtMesh *mesh = body_mesh_generate (&body->plan, &coarse);
  if (mesh && !straddle_skin (mesh))
    {
      at_mesh_free (mesh);
      mesh = NULL;
    }
  if (!mesh)
    {
      at_error_set (err, AT_ERR_NOMEM, "out of memory building the collision mesh");
      return NULL;
    }
  float min_x = 0;
  for (int v = 0; v < mesh->vertex_count; v++)
    min_x = fminf (min_x, mesh->positions[3 * v]);
  for (int v = 0; v < mesh->vertex_count; v++)
    mesh->positions[3 * v] += body->shift[0], mesh->positions[3 * v + 2] += body->shift[1];
  /* The cell changes (by half a cell over the half-width at most, under
   * 2 %, neither finer nor coarser on average) so that a plane of nodes
   * lies on the midline: between the thighs the field then holds
   * the exact distance across the cleft there, which a cell wider than
   * the cleft would otherwise average away with the thighs' insides,
   * leaving the body solid below the crotch for the cloth. */
  float cell = -min_x / roundf (-min_x / body->def.sdf_cell);
  body->sdf = at_sdf_from_mesh (mesh, cell, cell, err);
  at_mesh_free (mesh);
  return body->sdf;
}

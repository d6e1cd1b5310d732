/* Mesh generation from a body plan (body_mesh.c explains the method). */
#pragma once
#include <math.h>
#include "body_plan.h"

/* Weight of the torso's crotch ring in the legs' sections at height y,
 * for a ring position reaching out from the inner thigh (reach 0: the
 * seam, the centre front and back) to the outer hip (1): the blend runs
 * longer on the outside, where the hips narrow into the thighs, than
 * between the thighs, which must stay apart (smoothstep). */
static inline float
body_leg_blend (const BodyPlan *p, float y, float reach)
{
  float len = p->leg_blend_in + reach * (p->leg_blend_out - p->leg_blend_in);
  float u = (y - (p->y_c - len)) / len;
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  return u * u * (3 - 2 * u);
}

/* The same weight across the body (x) near the inner thighs: a quarter
 * circle there (1 - sqrt(1 - u^2)), so the thighs leave the midline under
 * a round arch; a smoothstep opened the cleft as a cusp, a fold at the
 * centre front and back of the crotch. Further out, where the hips narrow
 * into the thighs, it turns into the smoothstep, which carries the hips'
 * slope on. */
static inline float
body_leg_blend_across (const BodyPlan *p, float y, float reach)
{
  float len = p->leg_blend_in + reach * (p->leg_blend_out - p->leg_blend_in);
  float u = (y - (p->y_c - len)) / len;
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  float out = reach < 0.5f ? reach / 0.5f : 1;
  out = out * out * (3 - 2 * out);
  return out * u * u * (3 - 2 * u) + (1 - out) * (1 - sqrtf (1 - u * u));
}

/* The closed display mesh (normals not yet computed), or NULL when out of
 * memory. Not centred: the plan's coordinates are kept. */
AtMesh *body_mesh_generate (const BodyPlan *plan, const AtBodyDef *def);

/* Mesh generation from a body plan (body_mesh.c explains the method). */
#pragma once
#include "body_plan.h"

/* Weight of the torso's crotch ring in the legs' sections at height y,
 * over the plan's blend length below the crotch (smoothstep). */
static inline float
body_leg_blend (const BodyPlan *p, float y)
{
  float u = (y - (p->y_c - p->leg_blend)) / p->leg_blend;
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  return u * u * (3 - 2 * u);
}

/* The closed display mesh (normals not yet computed), or NULL when out of
 * memory. Not centred: the plan's coordinates are kept. */
AtMesh *body_mesh_generate (const BodyPlan *plan, const AtBodyDef *def);

/* Mesh generation from a body plan (body_mesh.c explains the method). */
#pragma once
#include "body_plan.h"

/* The closed display mesh (normals not yet computed), or NULL when out of
 * memory. Not centred: the plan's coordinates are kept. */
AtMesh *body_mesh_generate (const BodyPlan *plan, const AtBodyDef *def);

/* Simple closed meshes for scenes and tests: the sphere of the cloth
 * reference scene, the Cusick pedestal disk, markers in the 3D view. */
#pragma once
#include "at_mesh.h"

/* UV sphere centred at centre; rings >= 2, segments >= 3. */
AtMesh *at_mesh_new_sphere (const float centre[3], float radius, int rings, int segments);
/* Closed cylinder along +Y from base centre; segments >= 3. */
AtMesh *at_mesh_new_cylinder (const float base[3], float radius, float height, int segments);
/* A thin tube along a closed polyline of n points (measurement rings,
 * seam lines drawn on a garment); sides >= 3. */
AtMesh *at_mesh_new_tube_loop (const float *points, int n, float radius, int sides);

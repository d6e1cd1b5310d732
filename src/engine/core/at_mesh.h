/* CPU-side triangle mesh, kept apart from any GPU upload (sokol/raylib
 * style): the renderer copies it, the engine owns it. Positions in metres,
 * Y up. Struct of arrays so solvers can hand the arrays straight to loops. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

typedef struct AtMesh {
  float *positions;   /* 3 floats per vertex */
  float *normals;     /* 3 floats per vertex, or NULL */
  float *uvs;         /* 2 floats per vertex, or NULL */
  float *colors;      /* 3 floats per vertex (linear RGB), or NULL */
  uint32_t *indices;  /* 3 per triangle */
  int vertex_count;
  int triangle_count;
} AtMesh;

typedef enum {
  AT_MESH_NORMALS = 1 << 0,
  AT_MESH_UVS = 1 << 1,
  AT_MESH_COLORS = 1 << 2,
} AtMeshAttributes;

/* Returns NULL when out of memory or when a count is negative. */
AtMesh *at_mesh_new (int vertex_count, int triangle_count, unsigned attributes);
AtMesh *at_mesh_copy (const AtMesh *mesh);
void at_mesh_free (AtMesh *mesh);

/* Area-weighted vertex normals; allocates the normal array if needed. */
bool at_mesh_compute_normals (AtMesh *mesh);
void at_mesh_bounds (const AtMesh *mesh, float min[3], float max[3]);
/* True when every position is finite and every index is in range. */
bool at_mesh_is_valid (const AtMesh *mesh);
/* Appends src to dst (attributes present in both are kept). */
bool at_mesh_append (AtMesh *dst, const AtMesh *src);

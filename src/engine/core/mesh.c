#include "at_mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

AtMesh *
at_mesh_new (int vertex_count, int triangle_count, unsigned attributes)
{
  if (vertex_count < 0 || triangle_count < 0)
    return NULL;
  AtMesh *mesh = calloc (1, sizeof *mesh);
  if (!mesh)
    return NULL;
  size_t nv = (size_t) vertex_count, nt = (size_t) triangle_count;
  mesh->vertex_count = vertex_count;
  mesh->triangle_count = triangle_count;
  mesh->positions = calloc (nv * 3 + 1, sizeof (float));
  mesh->indices = calloc (nt * 3 + 1, sizeof (uint32_t));
  if (attributes & AT_MESH_NORMALS)
    mesh->normals = calloc (nv * 3 + 1, sizeof (float));
  if (attributes & AT_MESH_UVS)
    mesh->uvs = calloc (nv * 2 + 1, sizeof (float));
  if (attributes & AT_MESH_COLORS)
    mesh->colors = calloc (nv * 3 + 1, sizeof (float));
  if (!mesh->positions || !mesh->indices
      || ((attributes & AT_MESH_NORMALS) && !mesh->normals)
      || ((attributes & AT_MESH_UVS) && !mesh->uvs)
      || ((attributes & AT_MESH_COLORS) && !mesh->colors))
    {
      at_mesh_free (mesh);
      return NULL;
    }
  return mesh;
}

AtMesh *
at_mesh_copy (const AtMesh *mesh)
{
  unsigned attributes = (mesh->normals ? AT_MESH_NORMALS : 0) | (mesh->uvs ? AT_MESH_UVS : 0)
                        | (mesh->colors ? AT_MESH_COLORS : 0);
  AtMesh *copy = at_mesh_new (mesh->vertex_count, mesh->triangle_count, attributes);
  if (!copy)
    return NULL;
  size_t nv = (size_t) mesh->vertex_count;
  memcpy (copy->positions, mesh->positions, nv * 3 * sizeof (float));
  memcpy (copy->indices, mesh->indices, (size_t) mesh->triangle_count * 3 * sizeof (uint32_t));
  if (mesh->normals)
    memcpy (copy->normals, mesh->normals, nv * 3 * sizeof (float));
  if (mesh->uvs)
    memcpy (copy->uvs, mesh->uvs, nv * 2 * sizeof (float));
  if (mesh->colors)
    memcpy (copy->colors, mesh->colors, nv * 3 * sizeof (float));
  return copy;
}

void
at_mesh_free (AtMesh *mesh)
{
  if (!mesh)
    return;
  free (mesh->positions);
  free (mesh->normals);
  free (mesh->uvs);
  free (mesh->colors);
  free (mesh->indices);
  free (mesh);
}

bool
at_mesh_compute_normals (AtMesh *mesh)
{
  size_t nv = (size_t) mesh->vertex_count;
  if (!mesh->normals && !(mesh->normals = malloc ((nv * 3 + 1) * sizeof (float))))
    return false;
  /* Local restrict pointers: through the struct, every normal store could
   * alias mesh's own fields, and the compiler reloaded them per add. */
  float *restrict normals = mesh->normals;
  const float *restrict p = mesh->positions;
  const uint32_t *restrict indices = mesh->indices;
  memset (normals, 0, nv * 3 * sizeof (float));
  for (int t = 0, nt = mesh->triangle_count; t < nt; t++)
    {
      const uint32_t *tri = indices + 3 * t;
      const float *a = p + 3 * tri[0], *b = p + 3 * tri[1], *c = p + 3 * tri[2];
      float e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      float e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      /* The unnormalised cross product weights each face by its area. */
      float n[3] = { e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
                     e1[0] * e2[1] - e1[1] * e2[0] };
      for (int k = 0; k < 3; k++)
        for (int j = 0; j < 3; j++)
          normals[3 * tri[k] + j] += n[j];
    }
  for (size_t v = 0; v < nv; v++)
    {
      float *n = normals + 3 * v;
      float len = sqrtf (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
      if (len > 1e-20f)
        n[0] /= len, n[1] /= len, n[2] /= len;
      else
        n[0] = 0.f, n[1] = 1.f, n[2] = 0.f;
    }
  return true;
}

void
at_mesh_bounds (const AtMesh *mesh, float min[3], float max[3])
{
  for (int k = 0; k < 3; k++)
    min[k] = INFINITY, max[k] = -INFINITY;
  for (int v = 0; v < mesh->vertex_count; v++)
    for (int k = 0; k < 3; k++)
      {
        float x = mesh->positions[3 * v + k];
        min[k] = fminf (min[k], x);
        max[k] = fmaxf (max[k], x);
      }
}

bool
at_mesh_is_valid (const AtMesh *mesh)
{
  if (!mesh || mesh->vertex_count <= 0 || mesh->triangle_count <= 0)
    return false;
  for (int i = 0; i < mesh->vertex_count * 3; i++)
    if (!isfinite (mesh->positions[i]))
      return false;
  for (int i = 0; i < mesh->triangle_count * 3; i++)
    if (mesh->indices[i] >= (uint32_t) mesh->vertex_count)
      return false;
  return true;
}

static bool
grow (void **array, size_t old_bytes, size_t add_bytes, const void *src)
{
  void *grown = realloc (*array, old_bytes + add_bytes + sizeof (float));
  if (!grown)
    return false;
  memcpy ((char *) grown + old_bytes, src, add_bytes);
  *array = grown;
  return true;
}

bool
at_mesh_append (AtMesh *dst, const AtMesh *src)
{
  size_t nv = (size_t) dst->vertex_count, sv = (size_t) src->vertex_count;
  size_t nt = (size_t) dst->triangle_count, st = (size_t) src->triangle_count;
  uint32_t *shifted = malloc ((st * 3 + 1) * sizeof (uint32_t));
  if (!shifted)
    return false;
  for (size_t i = 0; i < st * 3; i++)
    shifted[i] = src->indices[i] + (uint32_t) nv;
  bool ok = grow ((void **) &dst->positions, nv * 3 * sizeof (float), sv * 3 * sizeof (float), src->positions)
            && grow ((void **) &dst->indices, nt * 3 * sizeof (uint32_t), st * 3 * sizeof (uint32_t), shifted);
  free (shifted);
  if (!ok)
    return false;
  if (dst->normals && !(src->normals && grow ((void **) &dst->normals, nv * 3 * sizeof (float), sv * 3 * sizeof (float), src->normals)))
    free (dst->normals), dst->normals = NULL;
  if (dst->uvs && !(src->uvs && grow ((void **) &dst->uvs, nv * 2 * sizeof (float), sv * 2 * sizeof (float), src->uvs)))
    free (dst->uvs), dst->uvs = NULL;
  if (dst->colors && !(src->colors && grow ((void **) &dst->colors, nv * 3 * sizeof (float), sv * 3 * sizeof (float), src->colors)))
    free (dst->colors), dst->colors = NULL;
  dst->vertex_count += src->vertex_count;
  dst->triangle_count += src->triangle_count;
  return true;
}

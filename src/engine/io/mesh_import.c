/* Importing body meshes with Assimp and normalising them.
 *
 * Method: Assimp triangulates and welds identical vertices (STL stores
 * none shared, and the measurer chains sections through shared edges);
 * every mesh of the node tree is appended with its accumulated transform.
 * The up axis is the longer of the Y and Z extents (a standing body is
 * taller than deep or wide); Z-up files are turned with (x, y, z) ->
 * (x, z, -y), which keeps them right-handed and turns a body facing -Y
 * (the Z-up convention of Blender and most scanners) to face +Z. The unit
 * follows from the height: a person is 0.5-2.5 m tall, so a height over
 * 30 must be millimetres and one over 3 centimetres. */
#include "at_io.h"

#include <assimp/cimport.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

AtImportOptions
at_import_options_default (void)
{
  return (AtImportOptions) { AT_UNIT_AUTO, AT_UP_AUTO, true };
}

bool
at_unit_from_name (const char *name, AtUnit *out)
{
  static const struct { const char *name; AtUnit unit; } units[] = {
    { "mm", AT_UNIT_MM }, { "cm", AT_UNIT_CM }, { "m", AT_UNIT_M }, { "auto", AT_UNIT_AUTO },
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (name && strcmp (name, units[i].name) == 0)
      {
        *out = units[i].unit;
        return true;
      }
  return false;
}

bool
at_up_axis_from_name (const char *name, AtUpAxis *out)
{
  if (!name)
    return false;
  if (strcmp (name, "y") == 0 || strcmp (name, "Y") == 0)
    *out = AT_UP_Y;
  else if (strcmp (name, "z") == 0 || strcmp (name, "Z") == 0)
    *out = AT_UP_Z;
  else if (strcmp (name, "auto") == 0)
    *out = AT_UP_AUTO;
  else
    return false;
  return true;
}

typedef struct {
  AtMesh *mesh;
  int nv, nt, cap_v, cap_t;
  bool oom;
} Gather;

static void
gather_node (const struct aiScene *scene, const struct aiNode *node, struct aiMatrix4x4 parent, Gather *g)
{
  struct aiMatrix4x4 m = parent;
  aiMultiplyMatrix4 (&m, &node->mTransformation);
  for (unsigned i = 0; i < node->mNumMeshes && !g->oom; i++)
    {
      const struct aiMesh *am = scene->mMeshes[node->mMeshes[i]];
      if (!(am->mPrimitiveTypes & aiPrimitiveType_TRIANGLE))
        continue;
      int need_v = g->nv + (int) am->mNumVertices, need_t = g->nt + (int) am->mNumFaces;
      if (need_v > g->cap_v || need_t > g->cap_t)
        {
          int cv = need_v * 2, ct = need_t * 2;
          float *pos = realloc (g->mesh->positions, ((size_t) cv * 3 + 1) * sizeof (float));
          if (pos)
            g->mesh->positions = pos;
          uint32_t *idx = realloc (g->mesh->indices, ((size_t) ct * 3 + 1) * sizeof (uint32_t));
          if (idx)
            g->mesh->indices = idx;
          if (!pos || !idx)
            {
              g->oom = true;
              return;
            }
          g->cap_v = cv, g->cap_t = ct;
        }
      for (unsigned v = 0; v < am->mNumVertices; v++)
        {
          struct aiVector3D p = am->mVertices[v];
          aiTransformVecByMatrix4 (&p, &m);
          float *dst = g->mesh->positions + 3 * (size_t) (g->nv + (int) v);
          dst[0] = p.x, dst[1] = p.y, dst[2] = p.z;
        }
      for (unsigned f = 0; f < am->mNumFaces; f++)
        {
          const struct aiFace *face = &am->mFaces[f];
          if (face->mNumIndices != 3)
            continue;
          uint32_t *dst = g->mesh->indices + 3 * (size_t) g->nt++;
          for (int k = 0; k < 3; k++)
            dst[k] = (uint32_t) g->nv + face->mIndices[k];
        }
      g->nv += (int) am->mNumVertices;
    }
  for (unsigned c = 0; c < node->mNumChildren && !g->oom; c++)
    gather_node (scene, node->mChildren[c], m, g);
}

static float
unit_scale (AtUnit unit, float height)
{
  switch (unit)
    {
    case AT_UNIT_MM:
      return 0.001f;
    case AT_UNIT_CM:
      return 0.01f;
    case AT_UNIT_M:
      return 1.f;
    case AT_UNIT_AUTO:
    default:
      return height > 30.f ? 0.001f : height > 3.f ? 0.01f : 1.f;
    }
}

AtStatus
at_mesh_import (const char *path, const AtImportOptions *options, AtMesh **out, AtError *err)
{
  *out = NULL;
  AtImportOptions opt = options ? *options : at_import_options_default ();
  struct stat st;
  if (stat (path, &st) != 0)
    return at_error_set (err, AT_ERR_IO, "%s: %s", path, strerror (errno));
  if (!S_ISREG (st.st_mode))
    return at_error_set (err, AT_ERR_IO, "%s: not a regular file", path);
  if (st.st_size == 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: the file is empty", path);
  const struct aiScene *scene = aiImportFile (path, aiProcess_Triangulate | aiProcess_JoinIdenticalVertices
                                                      | aiProcess_SortByPType);
  if (!scene || !scene->mRootNode)
    return at_error_set (err, AT_ERR_PARSE, "%s: not a readable mesh file (%s)", path, aiGetErrorString ());
  Gather g = { at_mesh_new (0, 0, 0) };
  if (!g.mesh)
    {
      aiReleaseImport (scene);
      return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
    }
  struct aiMatrix4x4 identity;
  aiIdentityMatrix4 (&identity);
  gather_node (scene, scene->mRootNode, identity, &g);
  aiReleaseImport (scene);
  AtMesh *mesh = g.mesh;
  mesh->vertex_count = g.nv;
  mesh->triangle_count = g.nt;
  if (g.oom)
    {
      at_mesh_free (mesh);
      return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
    }
  if (g.nt == 0)
    {
      at_mesh_free (mesh);
      return at_error_set (err, AT_ERR_INVALID, "%s: the file holds no triangles", path);
    }
  if (!at_mesh_is_valid (mesh))
    {
      at_mesh_free (mesh);
      return at_error_set (err, AT_ERR_INVALID, "%s: the mesh has non-finite coordinates", path);
    }
  float mn[3], mx[3];
  at_mesh_bounds (mesh, mn, mx);
  AtUpAxis up = opt.up != AT_UP_AUTO ? opt.up : (mx[2] - mn[2] > mx[1] - mn[1] ? AT_UP_Z : AT_UP_Y);
  float height = up == AT_UP_Z ? mx[2] - mn[2] : mx[1] - mn[1];
  float s = unit_scale (opt.unit, height);
  for (int v = 0; v < mesh->vertex_count; v++)
    {
      float *p = mesh->positions + 3 * v;
      if (up == AT_UP_Z)
        {
          float y = p[1];
          p[1] = p[2], p[2] = -y;
        }
      p[0] *= s, p[1] *= s, p[2] *= s;
    }
  at_mesh_bounds (mesh, mn, mx);
  float dx = -0.5f * (mn[0] + mx[0]), dz = -0.5f * (mn[2] + mx[2]);
  for (int v = 0; v < mesh->vertex_count; v++)
    {
      float *p = mesh->positions + 3 * v;
      p[0] += dx, p[1] -= mn[1], p[2] += dz;
    }
  float h = mx[1] - mn[1], w = mx[0] - mn[0], d = mx[2] - mn[2];
  if (opt.check_body && (h < 0.5f || h > 2.6f))
    {
      at_mesh_free (mesh);
      return at_error_set (err, AT_ERR_INVALID, "%s: %.2f m tall once converted: not a human body (give --unit?)",
                           path, h);
    }
  if (opt.check_body && (h < 1.2f * w || h < 2.f * d))
    {
      at_mesh_free (mesh);
      return at_error_set (err, AT_ERR_INVALID,
                           "%s: %.2f x %.2f x %.2f m is not the shape of a standing body in A-pose", path, w, h, d);
    }
  if (!at_mesh_compute_normals (mesh))
    {
      at_mesh_free (mesh);
      return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
    }
  *out = mesh;
  return AT_OK;
}

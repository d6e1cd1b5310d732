/* Exporting scenes of named meshes through Assimp.
 *
 * The aiScene is built by hand in our own allocations (root node, one child
 * node, mesh and material per AtSceneNode) and freed by us, never by
 * aiFreeScene, which would free with the wrong allocator. Every mesh gets a
 * material (Assimp's OBJ writer crashes without one) carrying the base
 * colour and the roughness as glTF 2 metallic-roughness factors. OBJ goes
 * through the "objnomtl" writer: a .mtl beside it would be named after the
 * temporary file of the atomic write. A .gltf's .bin takes the name of the
 * temporary file less its last extension, which is the final .gltf name,
 * so the pair stays consistent after the rename. */
#include "at_io.h"
#include "at_file.h"

#include <assimp/cexport.h>
#include <assimp/cimport.h>
#include <assimp/material.h>
#include <assimp/scene.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  struct aiScene scene;
  struct aiNode root;
  struct aiNode **children;
  struct aiMesh **meshes;
  struct aiMaterial **materials;
  int n;
  const char *format;
} Export;

static void
set_ai_string (struct aiString *s, const char *text)
{
  size_t len = strlen (text);
  if (len >= sizeof s->data)
    len = sizeof s->data - 1;
  s->length = (ai_uint32) len;
  memcpy (s->data, text, len);
  s->data[len] = 0;
}

static bool
add_property (struct aiMaterial *mat, const char *key, enum aiPropertyTypeInfo type, const void *data, unsigned len)
{
  struct aiMaterialProperty *prop = calloc (1, sizeof *prop);
  char *copy = malloc (len);
  if (!prop || !copy)
    {
      free (prop);
      free (copy);
      return false;
    }
  set_ai_string (&prop->mKey, key);
  prop->mType = type;
  prop->mDataLength = len;
  memcpy (copy, data, len);
  prop->mData = copy;
  mat->mProperties[mat->mNumProperties++] = prop;
  return true;
}

static struct aiMaterial *
make_material (const AtSceneNode *node)
{
  struct aiMaterial *mat = calloc (1, sizeof *mat);
  if (!mat || !(mat->mProperties = calloc (8, sizeof *mat->mProperties)))
    {
      free (mat);
      return NULL;
    }
  mat->mNumAllocated = 8;
  /* String properties are stored as a 32-bit length, the bytes and a NUL. */
  char name[256];
  uint32_t len = (uint32_t) strnlen (node->name, 200);
  memcpy (name, &len, 4);
  memcpy (name + 4, node->name, len);
  name[4 + len] = 0;
  float metallic = 0, roughness = node->roughness;
  bool ok = add_property (mat, "?mat.name", aiPTI_String, name, 4 + len + 1)
            && add_property (mat, "$clr.base", aiPTI_Float, node->base_color, 4 * sizeof (float))
            && add_property (mat, "$clr.diffuse", aiPTI_Float, node->base_color, 4 * sizeof (float))
            && add_property (mat, "$mat.metallicFactor", aiPTI_Float, &metallic, sizeof (float))
            && add_property (mat, "$mat.roughnessFactor", aiPTI_Float, &roughness, sizeof (float));
  if (!ok)
    {
      for (unsigned i = 0; i < mat->mNumProperties; i++)
        free (mat->mProperties[i]->mData), free (mat->mProperties[i]);
      free (mat->mProperties);
      free (mat);
      return NULL;
    }
  return mat;
}

static struct aiMesh *
make_mesh (const AtSceneNode *node, unsigned material)
{
  const AtMesh *m = node->mesh;
  struct aiMesh *am = calloc (1, sizeof *am);
  if (!am)
    return NULL;
  size_t nv = (size_t) m->vertex_count, nt = (size_t) m->triangle_count;
  am->mPrimitiveTypes = aiPrimitiveType_TRIANGLE;
  am->mNumVertices = (unsigned) nv;
  am->mNumFaces = (unsigned) nt;
  am->mMaterialIndex = material;
  set_ai_string (&am->mName, node->name);
  am->mVertices = malloc ((nv + 1) * sizeof *am->mVertices);
  am->mNormals = malloc ((nv + 1) * sizeof *am->mNormals);
  am->mFaces = calloc (nt + 1, sizeof *am->mFaces);
  unsigned *indices = malloc ((nt * 3 + 1) * sizeof *indices);
  if (m->uvs)
    am->mTextureCoords[0] = malloc ((nv + 1) * sizeof (struct aiVector3D));
  if (!am->mVertices || !am->mNormals || !am->mFaces || !indices || (m->uvs && !am->mTextureCoords[0]))
    {
      free (indices);
      free (am->mVertices), free (am->mNormals), free (am->mFaces), free (am->mTextureCoords[0]);
      free (am);
      return NULL;
    }
  AtMesh *with_normals = m->normals ? NULL : at_mesh_copy (m);
  if (with_normals)
    at_mesh_compute_normals (with_normals);
  const float *normals = m->normals ? m->normals : with_normals ? with_normals->normals : NULL;
  for (size_t v = 0; v < nv; v++)
    {
      am->mVertices[v] = (struct aiVector3D) { m->positions[3 * v], m->positions[3 * v + 1], m->positions[3 * v + 2] };
      am->mNormals[v] = normals ? (struct aiVector3D) { normals[3 * v], normals[3 * v + 1], normals[3 * v + 2] }
                                : (struct aiVector3D) { 0, 1, 0 };
      if (m->uvs)
        am->mTextureCoords[0][v] = (struct aiVector3D) { m->uvs[2 * v], m->uvs[2 * v + 1], 0 };
    }
  at_mesh_free (with_normals);
  if (m->uvs)
    am->mNumUVComponents[0] = 2;
  for (size_t t = 0; t < nt; t++)
    {
      am->mFaces[t].mNumIndices = 3;
      am->mFaces[t].mIndices = indices + 3 * t;
      for (int k = 0; k < 3; k++)
        indices[3 * t + k] = m->indices[3 * t + k];
    }
  return am;
}

static void
free_export (Export *e)
{
  for (int i = 0; i < e->n; i++)
    {
      if (e->meshes && e->meshes[i])
        {
          struct aiMesh *am = e->meshes[i];
          free (am->mFaces ? am->mFaces[0].mIndices : NULL);
          free (am->mVertices), free (am->mNormals), free (am->mFaces), free (am->mTextureCoords[0]);
          free (am);
        }
      if (e->materials && e->materials[i])
        {
          struct aiMaterial *mat = e->materials[i];
          for (unsigned k = 0; k < mat->mNumProperties; k++)
            free (mat->mProperties[k]->mData), free (mat->mProperties[k]);
          free (mat->mProperties);
          free (mat);
        }
      if (e->children && e->children[i])
        {
          free (e->children[i]->mMeshes);
          free (e->children[i]);
        }
    }
  free (e->meshes);
  free (e->materials);
  free (e->children);
}

static AtStatus
write_scene (const char *tmp_path, void *user_data, AtError *err)
{
  Export *e = user_data;
  if (aiExportScene (&e->scene, e->format, tmp_path, 0) != aiReturn_SUCCESS)
    return at_error_set (err, AT_ERR_IO, "%s: export failed (%s)", tmp_path, aiGetErrorString ());
  return AT_OK;
}

AtStatus
at_scene_export (const char *path, const AtSceneNode *nodes, int n, AtError *err)
{
  char ext[16];
  at_file_extension (path, ext, sizeof ext);
  const char *format = strcmp (ext, "glb") == 0    ? "glb2"
                       : strcmp (ext, "gltf") == 0 ? "gltf2"
                       : strcmp (ext, "obj") == 0  ? "objnomtl"
                                                   : NULL;
  if (!format)
    return at_error_set (err, AT_ERR_UNSUPPORTED, "%s: unknown 3D format '.%s' (use .glb, .gltf or .obj)", path, ext);
  if (n <= 0)
    return at_error_set (err, AT_ERR_INVALID, "%s: nothing to export", path);
  for (int i = 0; i < n; i++)
    if (!nodes[i].name || !nodes[i].mesh || !at_mesh_is_valid (nodes[i].mesh))
      return at_error_set (err, AT_ERR_INVALID, "%s: node %d has no name or an invalid mesh", path, i);
  Export e = { .n = n, .format = format };
  e.children = calloc ((size_t) n, sizeof *e.children);
  e.meshes = calloc ((size_t) n, sizeof *e.meshes);
  e.materials = calloc ((size_t) n, sizeof *e.materials);
  bool ok = e.children && e.meshes && e.materials;
  for (int i = 0; ok && i < n; i++)
    {
      e.meshes[i] = make_mesh (&nodes[i], (unsigned) i);
      e.materials[i] = make_material (&nodes[i]);
      e.children[i] = calloc (1, sizeof (struct aiNode));
      ok = e.meshes[i] && e.materials[i] && e.children[i];
      if (ok && !(e.children[i]->mMeshes = malloc (sizeof (unsigned))))
        ok = false;
      if (ok)
        {
          struct aiNode *c = e.children[i];
          set_ai_string (&c->mName, nodes[i].name);
          aiIdentityMatrix4 (&c->mTransformation);
          c->mParent = &e.root;
          c->mNumMeshes = 1;
          c->mMeshes[0] = (unsigned) i;
        }
    }
  if (!ok)
    {
      free_export (&e);
      return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory exporting", path);
    }
  set_ai_string (&e.root.mName, "atelier");
  aiIdentityMatrix4 (&e.root.mTransformation);
  e.root.mNumChildren = (unsigned) n;
  e.root.mChildren = e.children;
  e.scene.mRootNode = &e.root;
  e.scene.mNumMeshes = (unsigned) n;
  e.scene.mMeshes = e.meshes;
  e.scene.mNumMaterials = (unsigned) n;
  e.scene.mMaterials = e.materials;
  AtStatus st = at_file_write_via (path, write_scene, &e, err);
  free_export (&e);
  return st;
}

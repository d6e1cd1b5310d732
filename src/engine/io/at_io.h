/* Mesh files in and out (the only module that uses Assimp).
 *
 * Import: OBJ, PLY, STL, glTF/GLB, FBX (and whatever else Assimp reads),
 * every mesh of the file merged with its node transforms, converted to
 * Atelier's convention: Y up, metres, feet on y = 0, centred on x = 0,
 * z = 0 (bounding box). Unit and up axis are guessed from the extent
 * unless given.
 *
 * Export: a scene of named nodes, one mesh and one material each, to
 * GLB/glTF (TEXCOORD_0 when the mesh has uvs) or OBJ (vt when it has
 * uvs), chosen by the file extension, written atomically. */
#pragma once
#include <stdbool.h>
#include "at_mesh.h"
#include "at_status.h"

typedef enum {
  AT_UNIT_AUTO = 0,
  AT_UNIT_MM,
  AT_UNIT_CM,
  AT_UNIT_M,
} AtUnit;

typedef enum {
  AT_UP_AUTO = 0,
  AT_UP_Y,
  AT_UP_Z,
} AtUpAxis;

typedef struct {
  AtUnit unit;
  AtUpAxis up;
  bool check_body; /* reject what cannot be a standing body (a cube, a sphere) */
} AtImportOptions;

AtImportOptions at_import_options_default (void);
/* Parses "mm", "cm", "m" / "y", "z" (false if unknown). */
bool at_unit_from_name (const char *name, AtUnit *out);
bool at_up_axis_from_name (const char *name, AtUpAxis *out);

/* options may be NULL (defaults). The result has normals. */
AtStatus at_mesh_import (const char *path, const AtImportOptions *options, AtMesh **out, AtError *err);

typedef struct {
  const char *name;
  const AtMesh *mesh;  /* positions, normals (computed if absent), optional uvs */
  float base_color[4]; /* linear RGBA */
  float roughness;
} AtSceneNode;

/* .glb, .gltf (with its .bin beside it) or .obj. */
AtStatus at_scene_export (const char *path, const AtSceneNode *nodes, int n_nodes, AtError *err);

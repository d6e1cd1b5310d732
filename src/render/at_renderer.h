/* The scene renderer shared by the GTK view and offscreen rendering.
 * Meshes are uploaded from CPU-side AtMesh data into numbered slots (body,
 * garment, a second body for size comparison...); raw GL stays in this
 * file and at_gl.c so the layers above are testable.
 * Frame: key-light shadow map and top-down contact map, then a 4x MSAA
 * pass (background gradient, floor with soft contact shadow, lit meshes),
 * resolved into whatever framebuffer was bound when at_renderer_draw was
 * called (the GtkGLArea's, or an offscreen one). */
#pragma once
#include <glib.h>
#include <stdbool.h>
#include "at_camera.h"
#include "at_mesh.h"

typedef struct AtRenderer AtRenderer;

enum { AT_RENDER_SLOTS = 8 };

typedef struct {
  float base_color[3];  /* linear RGB */
  float roughness;      /* 0 glossy .. 1 matte */
  bool use_vertex_color;/* fit map colours from AtMesh.colors */
  float weave;          /* 0 none .. 1 strong weave texture (needs uvs) */
  float weave_scale;    /* threads per metre */
  bool visible;
} AtMaterial;

AtMaterial at_material_default (void);

/* Needs a current GL 3.3 core context. On failure (shader compile, missing
 * resource) returns NULL with a message meant for the user. */
AtRenderer *at_renderer_new (GError **error);
void at_renderer_free (AtRenderer *renderer);

/* Uploads (or replaces) a slot's mesh; NULL clears the slot. */
void at_renderer_set_mesh (AtRenderer *renderer, int slot, const AtMesh *mesh, const AtMaterial *material);
void at_renderer_set_material (AtRenderer *renderer, int slot, const AtMaterial *material);
/* Shifts a slot sideways (compare two sizes side by side). */
void at_renderer_set_offset (AtRenderer *renderer, int slot, float dx);
/* Highlights a horizontal band (a body region) at height y; half_width 0 turns it off. */
void at_renderer_set_highlight (AtRenderer *renderer, float y, float half_width);
void at_renderer_set_dark (AtRenderer *renderer, bool dark);
/* The union of visible slots' bounds; false when the scene is empty. */
bool at_renderer_scene_bounds (AtRenderer *renderer, float min[3], float max[3]);

/* Draws at width x height pixels into the framebuffer bound on entry.
 * Returns false and sets error if GL reported one. */
bool at_renderer_draw (AtRenderer *renderer, const AtCamera *camera, int width, int height, GError **error);

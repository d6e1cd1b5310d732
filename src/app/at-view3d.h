/* The 3D view: a GtkGLArea showing the scene through AtRenderer, with
 * orbit/pan/zoom by mouse, touch (drag, pinch) and keyboard, view presets,
 * and GL failures shown to the user inside the view. Meshes handed to it
 * are copied and uploaded on the next frame, so callers need no context. */
#pragma once
#include <gtk/gtk.h>
#include "at_camera.h"
#include "at_renderer.h"

G_BEGIN_DECLS

#define AT_TYPE_VIEW3D (at_view3d_get_type ())
G_DECLARE_FINAL_TYPE (AtView3d, at_view3d, AT, VIEW3D, GtkWidget)

enum { AT_SLOT_BODY = 0, AT_SLOT_GARMENT = 1, AT_SLOT_COMPARE_BODY = 2, AT_SLOT_COMPARE_GARMENT = 3 };

GtkWidget *at_view3d_new (void);
void at_view3d_set_mesh (AtView3d *self, int slot, const AtMesh *mesh, const AtMaterial *material);
void at_view3d_set_offset (AtView3d *self, int slot, float dx);
void at_view3d_set_highlight (AtView3d *self, float y, float half_width);
void at_view3d_set_preset (AtView3d *self, AtViewPreset preset);
/* Frames the current scene again from the default three-quarter view. */
void at_view3d_reset (AtView3d *self);
void at_view3d_zoom (AtView3d *self, float factor);
/* Number of frames drawn so far (screenshots wait for a settled view). */
guint at_view3d_get_frames_drawn (AtView3d *self);
/* The error shown in the view, or NULL when rendering works. */
const char *at_view3d_get_error (AtView3d *self);
/* Shows a colour legend in the corner (fit maps); NULL hides it. */
void at_view3d_set_legend (AtView3d *self, const char *title, const char *low_label, const char *high_label);

/* The Fabric/Strain/Ease/Pressure switch (bound to win.fit-map) shows in
 * the studio; the kiosk hides it. */
void at_view3d_set_map_switch_visible (AtView3d *self, gboolean visible);

G_END_DECLS

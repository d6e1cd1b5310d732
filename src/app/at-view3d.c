#include "at-view3d.h"

#include <math.h>

#define ORBIT_RADIANS_PER_PIXEL 0.008f
#define KEY_ORBIT_STEP 0.12f

typedef struct {
  AtMesh *mesh;
  AtMaterial material;
  gboolean dirty;
  gboolean present;
} PendingSlot;

struct _AtView3d {
  GtkWidget parent_instance;

  /* template children */
  GtkGLArea *gl_area;
  GtkWidget *error_box;
  GtkLabel *error_label;
  GtkWidget *legend_box;
  GtkWidget *map_switch;
  GtkLabel *legend_title;
  GtkLabel *legend_low;
  GtkLabel *legend_high;

  /* owned */
  AtRenderer *renderer;
  PendingSlot slots[AT_RENDER_SLOTS];
  float offsets[AT_RENDER_SLOTS];
  float highlight_y, highlight_half_width;
  AtCamera camera;
  gboolean camera_framed;
  char *error;
  guint frames_drawn;
  double drag_start_x, drag_start_y;
  AtCamera drag_start_camera;
  gboolean drag_pans;
  double pinch_start_distance;
};

G_DEFINE_FINAL_TYPE (AtView3d, at_view3d, GTK_TYPE_WIDGET)

static void
show_error (AtView3d *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
}

static void
frame_scene (AtView3d *self, AtViewPreset preset)
{
  float min[3] = { -0.3f, 0.0f, -0.2f }, max[3] = { 0.3f, 1.75f, 0.2f };
  if (self->renderer)
    at_renderer_scene_bounds (self->renderer, min, max);
  else
    for (int i = 0; i < AT_RENDER_SLOTS; i++)
      if (self->slots[i].present && self->slots[i].mesh)
        at_mesh_bounds (self->slots[i].mesh, min, max);
  min[1] = fminf (min[1], 0.0f);
  at_camera_frame (&self->camera, min, max, preset);
  self->camera_framed = TRUE;
}

static void
on_realize (GtkGLArea *area, AtView3d *self)
{
  gtk_gl_area_make_current (area);
  GError *gl_error = gtk_gl_area_get_error (area);
  if (gl_error)
    {
      g_autofree char *msg = g_strdup_printf ("The 3D view needs OpenGL 3.3, which is not available here:\n%s",
                                              gl_error->message);
      show_error (self, msg);
      return;
    }
  g_autoptr (GError) error = NULL;
  self->renderer = at_renderer_new (&error);
  if (!self->renderer)
    {
      g_autofree char *msg = g_strdup_printf ("The 3D view could not start:\n%s", error->message);
      show_error (self, msg);
      return;
    }
  for (int i = 0; i < AT_RENDER_SLOTS; i++)
    self->slots[i].dirty = TRUE;
}

static void
on_unrealize (GtkGLArea *area, AtView3d *self)
{
  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) == NULL)
    g_clear_pointer (&self->renderer, at_renderer_free);
}

static void
upload_pending (AtView3d *self)
{
  gboolean any_new = FALSE;
  for (int i = 0; i < AT_RENDER_SLOTS; i++)
    {
      PendingSlot *s = &self->slots[i];
      at_renderer_set_offset (self->renderer, i, self->offsets[i]);
      if (!s->dirty)
        continue;
      at_renderer_set_mesh (self->renderer, i, s->present ? s->mesh : NULL, &s->material);
      s->dirty = FALSE;
      any_new = TRUE;
    }
  at_renderer_set_highlight (self->renderer, self->highlight_y, self->highlight_half_width);
  if (any_new && !self->camera_framed)
    frame_scene (self, AT_VIEW_THREE_QUARTER);
}

static gboolean
on_render (GtkGLArea *area, GdkGLContext *context, AtView3d *self)
{
  if (!self->renderer)
    return FALSE;
  upload_pending (self);
  gboolean dark = FALSE;
  g_autofree char *theme = NULL;
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_object_get (settings, "gtk-application-prefer-dark-theme", &dark, "gtk-theme-name", &theme, NULL);
  const char *env_theme = g_getenv ("GTK_THEME");
  dark = dark || (theme && g_str_has_suffix (theme, "-dark")) || (env_theme && g_str_has_suffix (env_theme, ":dark"));
  at_renderer_set_dark (self->renderer, dark);
  if (!self->camera_framed)
    frame_scene (self, AT_VIEW_THREE_QUARTER);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));
  int width = gtk_widget_get_width (GTK_WIDGET (area)) * scale;
  int height = gtk_widget_get_height (GTK_WIDGET (area)) * scale;
  g_autoptr (GError) error = NULL;
  if (!at_renderer_draw (self->renderer, &self->camera, width, height, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  self->frames_drawn++;
  return TRUE;
}

static void
redraw (AtView3d *self)
{
  gtk_gl_area_queue_render (self->gl_area);
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, AtView3d *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  self->drag_pans = button == GDK_BUTTON_MIDDLE || button == GDK_BUTTON_SECONDARY || (mods & GDK_SHIFT_MASK);
  self->drag_start_camera = self->camera;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, AtView3d *self)
{
  self->camera = self->drag_start_camera;
  if (self->drag_pans)
    {
      float h = (float) MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1);
      at_camera_pan (&self->camera, (float) dx / h, (float) -dy / h);
    }
  else
    at_camera_orbit (&self->camera, (float) -dx * ORBIT_RADIANS_PER_PIXEL, (float) dy * ORBIT_RADIANS_PER_PIXEL);
  redraw (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, AtView3d *self)
{
  at_camera_zoom (&self->camera, powf (1.1f, (float) -dy));
  redraw (self);
  return TRUE;
}

static void
on_pinch_begin (GtkGesture *gesture, GdkEventSequence *sequence, AtView3d *self)
{
  self->drag_start_camera = self->camera;
}

static void
on_pinch_scale_changed (GtkGestureZoom *gesture, double scale, AtView3d *self)
{
  self->camera.distance = self->drag_start_camera.distance;
  at_camera_zoom (&self->camera, (float) scale);
  redraw (self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
                AtView3d *self)
{
  gboolean pan = (state & GDK_SHIFT_MASK) != 0;
  float dx = 0.0f, dy = 0.0f;
  switch (keyval)
    {
    case GDK_KEY_Left: dx = -1.0f; break;
    case GDK_KEY_Right: dx = 1.0f; break;
    case GDK_KEY_Up: dy = 1.0f; break;
    case GDK_KEY_Down: dy = -1.0f; break;
    case GDK_KEY_plus: case GDK_KEY_equal: case GDK_KEY_KP_Add:
      at_view3d_zoom (self, 1.15f);
      return TRUE;
    case GDK_KEY_minus: case GDK_KEY_KP_Subtract:
      at_view3d_zoom (self, 1.0f / 1.15f);
      return TRUE;
    default:
      return FALSE;
    }
  if (pan)
    at_camera_pan (&self->camera, dx * 0.05f, dy * 0.05f);
  else
    at_camera_orbit (&self->camera, dx * KEY_ORBIT_STEP, -dy * KEY_ORBIT_STEP);
  redraw (self);
  return TRUE;
}

static void
at_view3d_dispose (GObject *object)
{
  AtView3d *self = AT_VIEW3D (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), AT_TYPE_VIEW3D);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  for (int i = 0; i < AT_RENDER_SLOTS; i++)
    g_clear_pointer (&self->slots[i].mesh, at_mesh_free);
  g_clear_pointer (&self->error, g_free);
  G_OBJECT_CLASS (at_view3d_parent_class)->dispose (object);
}

static void
at_view3d_class_init (AtView3dClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = at_view3d_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-view3d.ui");
  gtk_widget_class_bind_template_child (widget_class, AtView3d, gl_area);
  gtk_widget_class_bind_template_child (widget_class, AtView3d, error_box);
  gtk_widget_class_bind_template_child (widget_class, AtView3d, error_label);
  gtk_widget_class_bind_template_child (widget_class, AtView3d, legend_box);
  gtk_widget_class_bind_template_child (widget_class, AtView3d, map_switch);
  gtk_widget_class_bind_template_child (widget_class, AtView3d, legend_title);
  gtk_widget_class_bind_template_child (widget_class, AtView3d, legend_low);
  gtk_widget_class_bind_template_child (widget_class, AtView3d, legend_high);
  gtk_widget_class_bind_template_callback (widget_class, on_realize);
  gtk_widget_class_bind_template_callback (widget_class, on_unrealize);
  gtk_widget_class_bind_template_callback (widget_class, on_render);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "view3d");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
at_view3d_init (AtView3d *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_gl_area_set_required_version (self->gl_area, 3, 3);
  gtk_gl_area_set_use_es (self->gl_area, FALSE);
  gtk_gl_area_set_has_depth_buffer (self->gl_area, TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  for (int i = 0; i < AT_RENDER_SLOTS; i++)
    self->slots[i].material = at_material_default ();

  GtkGesture *drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self->gl_area), GTK_EVENT_CONTROLLER (drag));

  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->gl_area), scroll);

  GtkGesture *pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->gl_area), GTK_EVENT_CONTROLLER (pinch));
  gtk_gesture_group (pinch, drag);

  GtkEventController *keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "3D view of the body and garment", -1);
}

GtkWidget *
at_view3d_new (void)
{
  return g_object_new (AT_TYPE_VIEW3D, NULL);
}

void
at_view3d_set_mesh (AtView3d *self, int slot, const AtMesh *mesh, const AtMaterial *material)
{
  g_return_if_fail (AT_IS_VIEW3D (self) && slot >= 0 && slot < AT_RENDER_SLOTS);
  PendingSlot *s = &self->slots[slot];
  g_clear_pointer (&s->mesh, at_mesh_free);
  s->mesh = mesh ? at_mesh_copy (mesh) : NULL;
  s->present = s->mesh != NULL;
  if (material)
    s->material = *material;
  s->dirty = TRUE;
  redraw (self);
}

void
at_view3d_set_offset (AtView3d *self, int slot, float dx)
{
  g_return_if_fail (AT_IS_VIEW3D (self) && slot >= 0 && slot < AT_RENDER_SLOTS);
  self->offsets[slot] = dx;
  redraw (self);
}

void
at_view3d_set_highlight (AtView3d *self, float y, float half_width)
{
  self->highlight_y = y;
  self->highlight_half_width = half_width;
  redraw (self);
}

void
at_view3d_set_preset (AtView3d *self, AtViewPreset preset)
{
  frame_scene (self, preset);
  redraw (self);
}

void
at_view3d_reset (AtView3d *self)
{
  at_view3d_set_preset (self, AT_VIEW_THREE_QUARTER);
}

void
at_view3d_zoom (AtView3d *self, float factor)
{
  at_camera_zoom (&self->camera, factor);
  redraw (self);
}

guint
at_view3d_get_frames_drawn (AtView3d *self)
{
  return self->frames_drawn;
}

const char *
at_view3d_get_error (AtView3d *self)
{
  return self->error;
}

void
at_view3d_set_legend (AtView3d *self, const char *title, const char *low_label, const char *high_label)
{
  gtk_widget_set_visible (self->legend_box, title != NULL);
  if (!title)
    return;
  gtk_label_set_text (self->legend_title, title);
  gtk_label_set_text (self->legend_low, low_label);
  gtk_label_set_text (self->legend_high, high_label);
}

void
at_view3d_set_map_switch_visible (AtView3d *self, gboolean visible)
{
  gtk_widget_set_visible (self->map_switch, visible);
}

#include "at-pattern-view.h"
#include "at_print.h"
#include "pattern/at_pattern_edit.h"

#include <glib/gi18n.h>
#include <math.h>

#define GAP_CM 8.0
#define ROW_WIDTH_CM 220.0
#define PICK_RADIUS_PX 9.0
#define SNAP_CM 0.5
/* A new dart: 2 cm wide, as deep as fits (the designer drags the apex after). */
#define DART_WIDTH_CM 2.0
static const double dart_depths_cm[] = { 8.0, 5.0, 3.0, 1.5 };

typedef enum { HANDLE_NONE, HANDLE_P0, HANDLE_C1, HANDLE_C2 } HandleKind;

struct _AtPatternView {
  GtkWidget parent_instance;

  /* owned (patterns are too large to live inside the instance) */
  AtPattern *pattern;
  AtPattern *drag_before;
  gboolean has_pattern;
  double origin_x[AT_PATTERN_MAX_PANELS], origin_y[AT_PATTERN_MAX_PANELS]; /* sheet cm of panel (0,0) */
  double sheet_w, sheet_h;
  double scale;    /* pixels per cm */
  double offset_x, offset_y; /* pixels of sheet origin */
  gboolean fitted;
  int highlight;
  int hover_panel, hover_segment;
  int drag_panel, drag_segment;
  HandleKind drag_kind;
  double drag_start_offset_x, drag_start_offset_y, zoom_start_scale;
  AtCheckIssue issues[16];
  int issue_count;
  char *message; /* why the last edit could not be made */
  GtkPopover *length_popover; /* typed edge length (secondary click) */
  GtkLabel *length_label;
  GtkSpinButton *length_spin;
  int length_panel, length_segment;
};

G_DEFINE_FINAL_TYPE (AtPatternView, at_pattern_view, GTK_TYPE_WIDGET)

static guint edited_signal;

/* Panels in rows, each at its bounds; mirrored twins are drawn once. */
static void
layout_panels (AtPatternView *self)
{
  double x = GAP_CM, y = GAP_CM, row_h = 0, width = 0;
  for (int p = 0; p < self->pattern->panel_count; p++)
    {
      const AtPanel *panel = &self->pattern->panels[p];
      if (panel->mirror_of >= 0)
        continue;
      AtVec2 lo, hi;
      at_panel_bounds (panel, &lo, &hi);
      double w = hi.x - lo.x, h = hi.y - lo.y;
      if (x > GAP_CM && x + w > ROW_WIDTH_CM)
        {
          x = GAP_CM;
          y += row_h + GAP_CM;
          row_h = 0;
        }
      /* Sheet y grows downwards; panel y grows upwards. */
      self->origin_x[p] = x - lo.x;
      self->origin_y[p] = y + hi.y;
      x += w + GAP_CM;
      row_h = fmax (row_h, h);
      width = fmax (width, x);
    }
  self->sheet_w = width;
  self->sheet_h = y + row_h + GAP_CM;
}

static void
to_screen (AtPatternView *self, int panel, AtVec2 p, double *sx, double *sy)
{
  *sx = self->offset_x + (self->origin_x[panel] + p.x) * self->scale;
  *sy = self->offset_y + (self->origin_y[panel] - p.y) * self->scale;
}

static void
fit_to_widget (AtPatternView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  if (w <= 0 || h <= 0 || self->sheet_w <= 0)
    return;
  self->scale = fmin (w / self->sheet_w, h / self->sheet_h);
  self->offset_x = 0.5 * (w - self->sheet_w * self->scale);
  self->offset_y = 0.5 * (h - self->sheet_h * self->scale);
  self->fitted = TRUE;
}

/* GTK 4.8 has no gtk_widget_get_color yet; the style context gives the same. */
static void
foreground_color (GtkWidget *widget, GdkRGBA *out)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), out);
}

static void
draw_grid (AtPatternView *self, cairo_t *cr, int w, int h)
{
  GdkRGBA fg;
  foreground_color (GTK_WIDGET (self), &fg);
  for (int major = 0; major < 2; major++)
    {
      double step = major ? 10.0 : 1.0;
      if (step * self->scale < 6.0)
        continue;
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, major ? 0.12 : 0.05);
      cairo_set_line_width (cr, 1.0);
      double start_x = fmod (self->offset_x, step * self->scale), start_y = fmod (self->offset_y, step * self->scale);
      for (double x = start_x; x < w; x += step * self->scale)
        {
          cairo_move_to (cr, floor (x) + 0.5, 0);
          cairo_line_to (cr, floor (x) + 0.5, h);
        }
      for (double y = start_y; y < h; y += step * self->scale)
        {
          cairo_move_to (cr, 0, floor (y) + 0.5);
          cairo_line_to (cr, w, floor (y) + 0.5);
        }
      cairo_stroke (cr);
    }
}

/* The stitch line again, filled and at a screen width, so panels read at
 * any zoom (the print routine's lines are in millimetres). */
static void
draw_outline (AtPatternView *self, cairo_t *cr, int p)
{
  AtVec2 outline[1024];
  int n = at_panel_flatten (&self->pattern->panels[p], 0.5, outline, NULL, G_N_ELEMENTS (outline));
  if (n < 3)
    return;
  /* cairo_restore keeps the path: start a fresh one. */
  cairo_new_path (cr);
  for (int i = 0; i < n; i++)
    {
      double x, y;
      to_screen (self, p, outline[i], &x, &y);
      cairo_line_to (cr, x, y);
    }
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.80, 0.55, 0.45, p == self->hover_panel ? 0.28 : 0.16);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.35, 0.20, 0.16);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
draw_handles (AtPatternView *self, cairo_t *cr, int p)
{
  const AtPanel *panel = &self->pattern->panels[p];
  for (int i = 0; i < panel->segment_count; i++)
    {
      const AtSegment *s = &panel->segments[i];
      double x, y;
      to_screen (self, p, s->p0, &x, &y);
      cairo_rectangle (cr, x - 2.5, y - 2.5, 5, 5);
      cairo_set_source_rgb (cr, 0.15, 0.35, 0.75);
      cairo_fill (cr);
      if (s->kind != AT_SEGMENT_CUBIC || p != self->hover_panel || i != self->hover_segment)
        continue;
      AtVec2 end = at_segment_end (panel, i);
      double cx1, cy1, cx2, cy2, ex, ey;
      to_screen (self, p, s->c1, &cx1, &cy1);
      to_screen (self, p, s->c2, &cx2, &cy2);
      to_screen (self, p, end, &ex, &ey);
      cairo_set_source_rgba (cr, 0.15, 0.35, 0.75, 0.7);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, cx1, cy1);
      cairo_move_to (cr, ex, ey);
      cairo_line_to (cr, cx2, cy2);
      cairo_stroke (cr);
      cairo_arc (cr, cx1, cy1, 4, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, cx2, cy2, 4, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_readout (AtPatternView *self, cairo_t *cr, int w, int h)
{
  GString *text = g_string_new (NULL);
  if (self->hover_panel >= 0 && self->hover_segment >= 0)
    {
      const AtPanel *panel = &self->pattern->panels[self->hover_panel];
      g_string_append_printf (text, _("%s · %s: %.1f cm"), panel->label, panel->segments[self->hover_segment].name,
                              at_segment_length (panel, self->hover_segment));
    }
  if (self->message)
    g_string_append_printf (text, "%s⚠ %s", text->len ? "\n" : "", self->message);
  for (int i = 0; i < self->issue_count && i < 3; i++)
    g_string_append_printf (text, "%s⚠ %s", text->len ? "\n" : "", self->issues[i].message);
  if (text->len)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text->str);
      int lw, lh;
      pango_layout_get_pixel_size (layout, &lw, &lh);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_rectangle (cr, 8, h - lh - 16, lw + 16, lh + 8);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, self->issue_count || self->message ? 0.6 : 0.1, 0.1, 0.1);
      cairo_move_to (cr, 16, h - lh - 12);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
    }
  g_string_free (text, TRUE);
}

static void
at_pattern_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AtPatternView *self = AT_PATTERN_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) w, (float) h));
  if (!self->fitted)
    fit_to_widget (self);
  draw_grid (self, cr, w, h);
  if (!self->has_pattern)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, _("Choose a garment in the library to see its pattern"));
      int lw, lh;
      pango_layout_get_pixel_size (layout, &lw, &lh);
      GdkRGBA fg;
      foreground_color (widget, &fg);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
      cairo_move_to (cr, 0.5 * (w - lw), 0.5 * (h - lh));
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
      cairo_destroy (cr);
      return;
    }
  for (int p = 0; p < self->pattern->panel_count; p++)
    {
      if (self->pattern->panels[p].mirror_of >= 0)
        continue;
      cairo_save (cr);
      cairo_translate (cr, self->offset_x + self->origin_x[p] * self->scale,
                       self->offset_y + self->origin_y[p] * self->scale);
      /* at_print_draw_panel works in mm with the panel's y flipped. */
      cairo_scale (cr, self->scale / 10.0, self->scale / 10.0);
      if (p == self->highlight)
        {
          AtVec2 lo, hi;
          at_panel_bounds (&self->pattern->panels[p], &lo, &hi);
          cairo_rectangle (cr, 10 * lo.x - 20, -10 * hi.y - 20, 10 * (hi.x - lo.x) + 40, 10 * (hi.y - lo.y) + 40);
          cairo_set_source_rgba (cr, 0.9, 0.3, 0.1, 0.15);
          cairo_fill (cr);
        }
      at_print_draw_panel (cr, self->pattern, p);
      cairo_restore (cr);
      draw_outline (self, cr, p);
      if (p == self->hover_panel)
        draw_handles (self, cr, p);
    }
  draw_readout (self, cr, w, h);
  cairo_destroy (cr);
}

/* The nearest handle to a screen point within the pick radius. */
static gboolean
pick_handle (AtPatternView *self, double sx, double sy, int *out_panel, int *out_segment, HandleKind *out_kind)
{
  double best = PICK_RADIUS_PX * PICK_RADIUS_PX;
  gboolean found = FALSE;
  for (int p = 0; p < self->pattern->panel_count; p++)
    {
      const AtPanel *panel = &self->pattern->panels[p];
      if (panel->mirror_of >= 0)
        continue;
      for (int i = 0; i < panel->segment_count; i++)
        {
          const AtSegment *s = &panel->segments[i];
          AtVec2 points[3] = { s->p0, s->c1, s->c2 };
          int kinds = s->kind == AT_SEGMENT_CUBIC && p == self->hover_panel && i == self->hover_segment ? 3 : 1;
          for (int k = 0; k < kinds; k++)
            {
              double x, y;
              to_screen (self, p, points[k], &x, &y);
              double d = (x - sx) * (x - sx) + (y - sy) * (y - sy);
              if (d < best)
                {
                  best = d;
                  *out_panel = p, *out_segment = i, *out_kind = (HandleKind) (HANDLE_P0 + k);
                  found = TRUE;
                }
            }
        }
    }
  return found;
}

/* The segment passing nearest to a screen point, for the length read-out. */
static void
update_hover (AtPatternView *self, double sx, double sy)
{
  double best = 12.0 * 12.0;
  int hp = -1, hs = -1;
  for (int p = 0; p < self->pattern->panel_count; p++)
    {
      const AtPanel *panel = &self->pattern->panels[p];
      if (panel->mirror_of >= 0)
        continue;
      for (int i = 0; i < panel->segment_count; i++)
        for (int k = 0; k <= 16; k++)
          {
            double x, y;
            to_screen (self, p, at_segment_point (panel, i, k / 16.0), &x, &y);
            double d = (x - sx) * (x - sx) + (y - sy) * (y - sy);
            if (d < best)
              best = d, hp = p, hs = i;
          }
    }
  if (hp != self->hover_panel || hs != self->hover_segment)
    {
      self->hover_panel = hp;
      self->hover_segment = hs;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, AtPatternView *self)
{
  if (self->drag_kind == HANDLE_NONE)
    update_hover (self, x, y);
}

static void
run_checks (AtPatternView *self)
{
  AtCheckOptions options = at_check_options_default ();
  self->issue_count = MIN (at_pattern_check (self->pattern, &options, self->issues, G_N_ELEMENTS (self->issues)),
                           (int) G_N_ELEMENTS (self->issues));
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, AtPatternView *self)
{
  self->drag_kind = HANDLE_NONE;
  if (self->has_pattern && pick_handle (self, x, y, &self->drag_panel, &self->drag_segment, &self->drag_kind))
    {
      *self->drag_before = *self->pattern;
      return;
    }
  self->drag_start_offset_x = self->offset_x;
  self->drag_start_offset_y = self->offset_y;
}

static double
snap (double v, gboolean free)
{
  return free ? v : round (v / SNAP_CM) * SNAP_CM;
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, AtPatternView *self)
{
  if (self->drag_kind == HANDLE_NONE)
    {
      self->offset_x = self->drag_start_offset_x + dx;
      self->offset_y = self->drag_start_offset_y + dy;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  double sx, sy;
  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  gboolean free = (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture)) & GDK_SHIFT_MASK) != 0;
  AtPanel *panel = &self->pattern->panels[self->drag_panel];
  const AtSegment *before = &self->drag_before->panels[self->drag_panel].segments[self->drag_segment];
  AtSegment *s = &panel->segments[self->drag_segment];
  AtVec2 start = self->drag_kind == HANDLE_P0 ? before->p0 : self->drag_kind == HANDLE_C1 ? before->c1 : before->c2;
  AtVec2 moved = { snap (start.x + dx / self->scale, free), snap (start.y - dy / self->scale, free) };
  if (self->drag_kind == HANDLE_P0)
    {
      /* Moving a corner carries the handles next to it, as in vector editors. */
      AtVec2 delta = { moved.x - before->p0.x, moved.y - before->p0.y };
      s->p0 = moved;
      s->c1 = (AtVec2) { before->c1.x + delta.x, before->c1.y + delta.y };
      int prev = (self->drag_segment + panel->segment_count - 1) % panel->segment_count;
      const AtSegment *prev_before = &self->drag_before->panels[self->drag_panel].segments[prev];
      panel->segments[prev].c2 = (AtVec2) { prev_before->c2.x + delta.x, prev_before->c2.y + delta.y };
    }
  else if (self->drag_kind == HANDLE_C1)
    s->c1 = moved;
  else
    s->c2 = moved;
  at_pattern_sync_mirrors (self->pattern);
  run_checks (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, AtPatternView *self)
{
  if (self->drag_kind != HANDLE_NONE && (dx != 0 || dy != 0))
    g_signal_emit (self, edited_signal, 0, self->drag_before);
  self->drag_kind = HANDLE_NONE;
}

/* Arc length along segment i of the point nearest a screen point. */
static double
nearest_arc (AtPatternView *self, int p, int i, double sx, double sy)
{
  const AtPanel *panel = &self->pattern->panels[p];
  double len = at_segment_length (panel, i), best = G_MAXDOUBLE, best_s = 0.5 * len;
  for (int k = 1; k < 64; k++)
    {
      double s = len * k / 64.0, x, y;
      to_screen (self, p, at_segment_point (panel, i, at_segment_param_at_length (panel, i, s)), &x, &y);
      double d = (x - sx) * (x - sx) + (y - sy) * (y - sy);
      if (d < best)
        best = d, best_s = s;
    }
  return best_s;
}

/* Applies an engine edit to the pattern: on success the view and the
 * garment follow (one undo step); on failure the reason shows in the view. */
static void
finish_edit (AtPatternView *self, AtStatus st, const AtError *err)
{
  g_clear_pointer (&self->message, g_free);
  if (st != AT_OK)
    self->message = g_strdup (err->message);
  else
    {
      layout_panels (self);
      run_checks (self);
      g_signal_emit (self, edited_signal, 0, self->drag_before);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* pattern.add-dart (panel, segment, arc length along it) and
 * pattern.set-length (panel, segment, new length), all in cm. */
static void
edit_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  AtPatternView *self = AT_PATTERN_VIEW (widget);
  int p, i;
  double value;
  g_variant_get (parameter, "(iid)", &p, &i, &value);
  if (!self->has_pattern)
    return;
  *self->drag_before = *self->pattern;
  AtError err = { 0 };
  AtStatus st = AT_ERR_INVALID;
  if (g_str_equal (action_name, "pattern.set-length"))
    st = at_pattern_set_segment_length (self->pattern, p, i, value, &err);
  else
    for (size_t k = 0; k < G_N_ELEMENTS (dart_depths_cm) && st != AT_OK && st != AT_ERR_RANGE; k++)
      st = at_pattern_insert_dart (self->pattern, p, i, value, DART_WIDTH_CM, dart_depths_cm[k], &err);
  finish_edit (self, st, &err);
}

static void
on_length_entered (AtPatternView *self)
{
  gtk_spin_button_update (self->length_spin);
  gtk_popover_popdown (self->length_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "pattern.set-length", "(iid)", self->length_panel,
                              self->length_segment, gtk_spin_button_get_value (self->length_spin));
}

static void
on_secondary_pressed (GtkGestureClick *gesture, int n_press, double x, double y, AtPatternView *self)
{
  if (!self->has_pattern)
    return;
  update_hover (self, x, y);
  if (self->hover_panel < 0)
    return;
  self->length_panel = self->hover_panel;
  self->length_segment = self->hover_segment;
  const AtPanel *panel = &self->pattern->panels[self->hover_panel];
  g_autofree char *title = g_strdup_printf (_("Length of %s · %s (cm)"), panel->label,
                                            panel->segments[self->hover_segment].name);
  gtk_label_set_text (self->length_label, title);
  gtk_spin_button_set_value (self->length_spin, at_segment_length (panel, self->hover_segment));
  gtk_popover_set_pointing_to (self->length_popover, &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (self->length_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->length_spin));
}

static void
build_length_popover (AtPatternView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->length_label = GTK_LABEL (gtk_label_new (NULL));
  self->length_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0.5, 500, 0.1));
  gtk_spin_button_set_digits (self->length_spin, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->length_spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->length_label, NULL, -1);
  /* GTK 4.8's spin button has no activate signal; its text field does. */
  g_signal_connect_swapped (gtk_editable_get_delegate (GTK_EDITABLE (self->length_spin)), "activate",
                            G_CALLBACK (on_length_entered), self);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (on_length_entered), self);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->length_spin));
  gtk_box_append (GTK_BOX (row), apply);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->length_label));
  gtk_box_append (GTK_BOX (box), row);
  self->length_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->length_popover, box);
  gtk_widget_set_parent (GTK_WIDGET (self->length_popover), GTK_WIDGET (self));
  GtkGesture *secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));
}

static void
at_pattern_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  gtk_popover_present (AT_PATTERN_VIEW (widget)->length_popover);
}

static void
at_pattern_view_dispose (GObject *object)
{
  AtPatternView *self = AT_PATTERN_VIEW (object);
  g_clear_pointer ((GtkWidget **) &self->length_popover, gtk_widget_unparent);
  G_OBJECT_CLASS (at_pattern_view_parent_class)->dispose (object);
}

static void
on_click_pressed (GtkGestureClick *gesture, int n_press, double x, double y, AtPatternView *self)
{
  if (n_press != 2 || !self->has_pattern)
    return;
  update_hover (self, x, y);
  if (self->hover_panel < 0)
    return;
  double s = nearest_arc (self, self->hover_panel, self->hover_segment, x, y);
  gtk_widget_activate_action (GTK_WIDGET (self), "pattern.add-dart", "(iid)", self->hover_panel, self->hover_segment,
                              s);
}

static void
zoom_at (AtPatternView *self, double factor, double x, double y)
{
  double new_scale = CLAMP (self->scale * factor, 0.5, 200.0);
  factor = new_scale / self->scale;
  self->offset_x = x - (x - self->offset_x) * factor;
  self->offset_y = y - (y - self->offset_y) * factor;
  self->scale = new_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, AtPatternView *self)
{
  double x = 0.5 * gtk_widget_get_width (GTK_WIDGET (self)), y = 0.5 * gtk_widget_get_height (GTK_WIDGET (self));
  zoom_at (self, pow (1.15, -dy), x, y);
  return TRUE;
}

static void
on_pinch_begin (GtkGesture *gesture, GdkEventSequence *sequence, AtPatternView *self)
{
  self->zoom_start_scale = self->scale;
}

static void
on_pinch (GtkGestureZoom *gesture, double scale, AtPatternView *self)
{
  double x, y;
  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  zoom_at (self, self->zoom_start_scale * scale / self->scale, x, y);
}

static void
at_pattern_view_finalize (GObject *object)
{
  AtPatternView *self = AT_PATTERN_VIEW (object);
  g_free (self->pattern);
  g_free (self->drag_before);
  g_free (self->message);
  G_OBJECT_CLASS (at_pattern_view_parent_class)->finalize (object);
}

static void
at_pattern_view_class_init (AtPatternViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->finalize = at_pattern_view_finalize;
  G_OBJECT_CLASS (klass)->dispose = at_pattern_view_dispose;
  widget_class->size_allocate = at_pattern_view_size_allocate;
  widget_class->snapshot = at_pattern_view_snapshot;
  edited_signal = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_POINTER);
  gtk_widget_class_set_css_name (widget_class, "patternview");
  gtk_widget_class_install_action (widget_class, "pattern.add-dart", "(iid)", edit_activated);
  gtk_widget_class_install_action (widget_class, "pattern.set-length", "(iid)", edit_activated);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
at_pattern_view_init (AtPatternView *self)
{
  self->scale = 4.0;
  self->pattern = g_new0 (AtPattern, 1);
  self->drag_before = g_new0 (AtPattern, 1);
  self->highlight = self->hover_panel = self->hover_segment = -1;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sewing pattern editor"), -1);

  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  build_length_popover (self);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
  gtk_gesture_group (pinch, drag);
}

GtkWidget *
at_pattern_view_new (void)
{
  return g_object_new (AT_TYPE_PATTERN_VIEW, NULL);
}

void
at_pattern_view_set_pattern (AtPatternView *self, const AtPattern *pattern)
{
  gboolean first = !self->has_pattern;
  self->has_pattern = pattern != NULL;
  g_clear_pointer (&self->message, g_free);
  if (pattern)
    {
      *self->pattern = *pattern;
      layout_panels (self);
      run_checks (self);
    }
  if (first)
    self->fitted = FALSE;
  self->hover_panel = self->hover_segment = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const AtPattern *
at_pattern_view_get_pattern (AtPatternView *self)
{
  return self->has_pattern ? self->pattern : NULL;
}

void
at_pattern_view_highlight_panel (AtPatternView *self, int panel)
{
  self->highlight = panel;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

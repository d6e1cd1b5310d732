#include "at-sketch-editor.h"
#include "at-fabric-titles.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#define GALLERY_SIZE 8
#define THUMB_W 64
#define THUMB_H 80
#define PICK_PX 9.0
#define CENTRE_TOLERANCE_CM 0.3

struct _AtSketchEditor {
  GtkWidget parent_instance;

  /* template children */
  GtkDropDown *category_dropdown;
  GtkSpinButton *seed_spin;
  GtkFlowBox *gallery_box;
  GtkDrawingArea *canvas;
  GtkLabel *message_label;
  GtkScale *blend_scale;
  GtkColorButton *fill_button;
  GtkDropDown *fabric_dropdown;

  /* borrowed */
  AtWindow *window;

  /* owned */
  GSimpleActionGroup *actions;
  char **fabric_ids;
  int fabric_count;
  AtSketchGenerator *generator;
  AtSketch *gallery[GALLERY_SIZE];
  int selected, previous;       /* gallery indices, -1 none */
  AtSketch *sketch;             /* the one on the canvas, edited in place */
  char *drag_before;            /* JSON of the sketch when a drag began */
  double scale, offset_x, offset_y, zoom_start;
  gboolean fitted;
  int pick_seg, pick_k;         /* selected control point: segment, 0 = anchor, 1-2 = handles */
  int mirror_seg, mirror_k;
  AtSketchPoint drag_origin, mirror_origin;
  double pan_start_x, pan_start_y;
};

G_DEFINE_FINAL_TYPE (AtSketchEditor, at_sketch_editor, GTK_TYPE_WIDGET)

static guint make_garment_signal;

static void
show_message (AtSketchEditor *self, const char *message)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static AtSketch *
copy_sketch (const AtSketch *s)
{
  g_autofree char *json = at_sketch_to_json (s);
  AtSketch *copy = NULL;
  if (json)
    at_sketch_from_json (json, "copy", &copy, NULL);
  return copy;
}

static gboolean
ensure_generator (AtSketchEditor *self)
{
  if (self->generator)
    return TRUE;
  AtError err = { 0 };
  if (at_sketch_generator_load_default (&self->generator, &err) != AT_OK)
    {
      g_autofree char *msg = g_strdup_printf (_("Sketches are unavailable: %s"), err.message);
      show_message (self, msg);
      return FALSE;
    }
  return TRUE;
}

/* ---- drawing ---------------------------------------------------------- */

static void
trace_path (cairo_t *cr, const AtSketchBezier *segs, int n, gboolean close, double s, double ox, double oy)
{
  for (int i = 0; i < n; i++)
    {
      const AtSketchPoint *p = segs[i].p;
      if (i == 0)
        cairo_move_to (cr, ox + s * p[0].x, oy + s * p[0].y);
      cairo_curve_to (cr, ox + s * p[1].x, oy + s * p[1].y, ox + s * p[2].x, oy + s * p[2].y, ox + s * p[3].x,
                      oy + s * p[3].y);
    }
  if (close)
    cairo_close_path (cr);
}

static void
draw_sketch (cairo_t *cr, const AtSketch *s, const GdkRGBA *fill, double scale, double ox, double oy, double line)
{
  trace_path (cr, s->outline, s->outline_count, TRUE, scale, ox, oy);
  gdk_cairo_set_source_rgba (cr, fill);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.18, 0.14, 0.12);
  cairo_set_line_width (cr, line);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 0.6 * line);
  cairo_set_source_rgba (cr, 0.18, 0.14, 0.12, 0.7);
  double dashes[] = { 3.0 * line, 2.0 * line };
  cairo_set_dash (cr, dashes, 2, 0);
  for (int i = 0; i < s->line_count; i++)
    {
      trace_path (cr, s->lines[i].segments, s->lines[i].count, FALSE, scale, ox, oy);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_thumbnail (GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer user_data)
{
  const AtSketch *s = user_data;
  double scale = 0.9 * MIN (w / s->width_cm, h / s->height_cm);
  GdkRGBA fill = { 0.85, 0.72, 0.64, 1 };
  draw_sketch (cr, s, &fill, scale, 0.5 * w, 0.5 * (h - scale * s->height_cm), 1.0);
}

static void
fit_canvas (AtSketchEditor *self, int w, int h)
{
  if (!self->sketch)
    return;
  self->scale = 0.85 * MIN (w / self->sketch->width_cm, h / self->sketch->height_cm);
  self->offset_x = 0.5 * w;
  self->offset_y = 0.5 * (h - self->scale * self->sketch->height_cm);
  self->fitted = TRUE;
}

static AtSketchPoint *
point_ref (AtSketch *s, int seg, int k)
{
  return &s->outline[seg].p[k];
}

/* The fabric swatch in the corner: the fill colour woven with the grain,
 * and the fabric's name. */
static void
draw_swatch (AtSketchEditor *self, cairo_t *cr, const GdkRGBA *fill)
{
  guint index = gtk_drop_down_get_selected (self->fabric_dropdown);
  GtkStringObject *title = gtk_drop_down_get_selected_item (self->fabric_dropdown);
  if (index == GTK_INVALID_LIST_POSITION || !title)
    return;
  const double x = 12, y = 12, size = 44;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, size, size);
  gdk_cairo_set_source_rgba (cr, fill);
  cairo_fill_preserve (cr);
  cairo_clip_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_set_line_width (cr, 1.0);
  for (double t = 0; t < size; t += 3.0)
    {
      cairo_move_to (cr, x + t, y), cairo_line_to (cr, x + t, y + size);
      if ((int) (t / 3.0) % 2 == 0)
        cairo_move_to (cr, x, y + t), cairo_line_to (cr, x + size, y + t);
    }
  cairo_stroke (cr);
  cairo_reset_clip (cr);
  cairo_rectangle (cr, x, y, size, size);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_stroke (cr);
  cairo_move_to (cr, x + size + 8, y + 0.5 * size + 4);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  cairo_show_text (cr, gtk_string_object_get_string (title));
  cairo_restore (cr);
}

static void
draw_canvas (GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer user_data)
{
  AtSketchEditor *self = AT_SKETCH_EDITOR (user_data);
  if (!self->sketch)
    return;
  if (!self->fitted)
    fit_canvas (self, w, h);
  /* Centre line: edits stay mirror-symmetric about it. */
  cairo_set_source_rgba (cr, 0.2, 0.4, 0.8, 0.35);
  cairo_set_line_width (cr, 1.0);
  double dashes[] = { 6.0, 4.0 };
  cairo_set_dash (cr, dashes, 2, 0);
  cairo_move_to (cr, self->offset_x, 0);
  cairo_line_to (cr, self->offset_x, h);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  GdkRGBA fill;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->fill_button), &fill);
  draw_sketch (cr, self->sketch, &fill, self->scale, self->offset_x, self->offset_y, 2.0);
  draw_swatch (self, cr, &fill);

  for (int i = 0; i < self->sketch->outline_count; i++)
    {
      const AtSketchPoint *p = self->sketch->outline[i].p;
      double ax = self->offset_x + self->scale * p[0].x, ay = self->offset_y + self->scale * p[0].y;
      gboolean selected = i == self->pick_seg;
      if (selected || (self->pick_seg >= 0 && i == (self->pick_seg + self->sketch->outline_count - 1) % self->sketch->outline_count))
        {
          /* Handles of the selected anchor's two segments. */
          cairo_set_source_rgba (cr, 0.15, 0.35, 0.75, 0.8);
          cairo_set_line_width (cr, 1.0);
          for (int k = 1; k <= 2; k++)
            {
              double hx = self->offset_x + self->scale * p[k].x, hy = self->offset_y + self->scale * p[k].y;
              const AtSketchPoint *anchor = k == 1 ? &p[0] : &p[3];
              cairo_move_to (cr, self->offset_x + self->scale * anchor->x, self->offset_y + self->scale * anchor->y);
              cairo_line_to (cr, hx, hy);
              cairo_stroke (cr);
              cairo_arc (cr, hx, hy, 3.5, 0, 2 * G_PI);
              cairo_fill (cr);
            }
        }
      cairo_rectangle (cr, ax - 3.5, ay - 3.5, 7, 7);
      cairo_set_source_rgb (cr, selected ? 0.9 : 0.15, selected ? 0.45 : 0.35, selected ? 0.1 : 0.75);
      cairo_fill (cr);
    }
}

/* ---- editing ---------------------------------------------------------- */

static AtSketchPoint
to_sketch (AtSketchEditor *self, double x, double y)
{
  return (AtSketchPoint) { (x - self->offset_x) / self->scale, (y - self->offset_y) / self->scale };
}

static gboolean
pick (AtSketchEditor *self, double x, double y, int *seg, int *k)
{
  double best = PICK_PX * PICK_PX;
  gboolean found = FALSE;
  for (int i = 0; i < self->sketch->outline_count; i++)
    for (int j = 0; j < 3; j++)
      {
        /* Handles are pickable only where they are shown. */
        if (j > 0 && i != self->pick_seg
            && i != (self->pick_seg + self->sketch->outline_count - 1) % self->sketch->outline_count)
          continue;
        const AtSketchPoint *p = &self->sketch->outline[i].p[j];
        double dx = self->offset_x + self->scale * p->x - x, dy = self->offset_y + self->scale * p->y - y;
        if (dx * dx + dy * dy < best)
          best = dx * dx + dy * dy, *seg = i, *k = j, found = TRUE;
      }
  return found;
}

/* The control point nearest the mirror image of (seg, k). */
static void
find_mirror (AtSketchEditor *self, int seg, int k, int *mseg, int *mk)
{
  AtSketchPoint p = self->sketch->outline[seg].p[k];
  double best = INFINITY;
  *mseg = -1;
  if (fabs (p.x) < CENTRE_TOLERANCE_CM && k == 0)
    return;
  for (int i = 0; i < self->sketch->outline_count; i++)
    for (int j = 0; j < 3; j++)
      {
        if (i == seg && j == k)
          continue;
        const AtSketchPoint *q = &self->sketch->outline[i].p[j];
        double d = (q->x + p.x) * (q->x + p.x) + (q->y - p.y) * (q->y - p.y);
        if (d < best)
          best = d, *mseg = i, *mk = j;
      }
}

/* Moves a control point; an anchor carries its two handles and the end of
 * the previous segment (the same point). */
static void
move_point (AtSketch *s, int seg, int k, AtSketchPoint to)
{
  AtSketchPoint *p = point_ref (s, seg, k);
  double dx = to.x - p->x, dy = to.y - p->y;
  *p = to;
  if (k != 0)
    return;
  int prev = (seg + s->outline_count - 1) % s->outline_count;
  s->outline[prev].p[3] = to;
  s->outline[seg].p[1].x += dx, s->outline[seg].p[1].y += dy;
  s->outline[prev].p[2].x += dx, s->outline[prev].p[2].y += dy;
}

static void
refresh_extent (AtSketch *s)
{
  double min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
  for (int i = 0; i < s->outline_count; i++)
    for (int j = 0; j < 4; j++)
      {
        min_x = fmin (min_x, s->outline[i].p[j].x), max_x = fmax (max_x, s->outline[i].p[j].x);
        min_y = fmin (min_y, s->outline[i].p[j].y), max_y = fmax (max_y, s->outline[i].p[j].y);
      }
  s->width_cm = max_x - min_x;
  s->height_cm = max_y - min_y;
}

static void
apply_sketch_json (gpointer owner, gconstpointer state)
{
  AtSketchEditor *self = AT_SKETCH_EDITOR (owner);
  AtSketch *s = NULL;
  if (at_sketch_from_json (state, "undo", &s, NULL) != AT_OK)
    return;
  at_sketch_free (self->sketch);
  self->sketch = s;
  self->pick_seg = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

/* Records the edit from `before` (JSON) to the current sketch. */
static void
push_edit (AtSketchEditor *self, const char *label, const char *before)
{
  g_autofree char *after = at_sketch_to_json (self->sketch);
  if (!before || !after || g_str_equal (before, after))
    return;
  /* The history stores fixed-size states: pad both texts to one length. */
  gsize size = MAX (strlen (before), strlen (after)) + 1;
  g_autofree char *a = g_malloc0 (size), *b = g_malloc0 (size);
  memcpy (a, before, strlen (before));
  memcpy (b, after, strlen (after));
  at_window_push_undo (self->window, label, self, apply_sketch_json, a, b, size);
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, AtSketchEditor *self)
{
  g_clear_pointer (&self->drag_before, g_free);
  if (!self->sketch)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  int seg, k;
  if (pick (self, x, y, &seg, &k))
    {
      self->pick_seg = seg, self->pick_k = k;
      find_mirror (self, seg, k, &self->mirror_seg, &self->mirror_k);
      self->drag_origin = self->sketch->outline[seg].p[k];
      if (self->mirror_seg >= 0)
        self->mirror_origin = self->sketch->outline[self->mirror_seg].p[self->mirror_k];
      self->drag_before = at_sketch_to_json (self->sketch);
    }
  else
    {
      self->pick_seg = -1;
      self->pan_start_x = self->offset_x, self->pan_start_y = self->offset_y;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, AtSketchEditor *self)
{
  if (!self->sketch)
    return;
  if (!self->drag_before)
    {
      self->offset_x = self->pan_start_x + dx, self->offset_y = self->pan_start_y + dy;
      gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
      return;
    }
  AtSketchPoint to = { self->drag_origin.x + dx / self->scale, self->drag_origin.y + dy / self->scale };
  if (self->mirror_seg < 0 && self->pick_k == 0 && fabs (self->drag_origin.x) < CENTRE_TOLERANCE_CM)
    to.x = 0.0; /* a point on the centre line stays there */
  move_point (self->sketch, self->pick_seg, self->pick_k, to);
  if (self->mirror_seg >= 0)
    move_point (self->sketch, self->mirror_seg, self->mirror_k, (AtSketchPoint) { -to.x, to.y });
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, AtSketchEditor *self)
{
  if (self->drag_before && self->sketch)
    {
      refresh_extent (self->sketch);
      push_edit (self, _("Edit sketch"), self->drag_before);
    }
  g_clear_pointer (&self->drag_before, g_free);
}

static void
split_segment (AtSketch *s, int seg, double t)
{
  AtSketchBezier *grown = realloc (s->outline, (size_t) (s->outline_count + 1) * sizeof *grown);
  if (!grown)
    return;
  s->outline = grown;
  memmove (&s->outline[seg + 2], &s->outline[seg + 1], (size_t) (s->outline_count - seg - 1) * sizeof *grown);
  s->outline_count++;
  AtSketchBezier whole = s->outline[seg];
  at_sketch_bezier_split (&whole, t, &s->outline[seg], &s->outline[seg + 1]);
}

static gboolean
nearest_on_outline (AtSketch *s, AtSketchPoint target, double max_d, int *seg, double *t)
{
  double best = max_d * max_d;
  gboolean found = FALSE;
  for (int i = 0; i < s->outline_count; i++)
    for (int k = 1; k < 32; k++)
      {
        AtSketchPoint p = at_sketch_bezier_point (&s->outline[i], k / 32.0);
        double d = (p.x - target.x) * (p.x - target.x) + (p.y - target.y) * (p.y - target.y);
        if (d < best)
          best = d, *seg = i, *t = k / 32.0, found = TRUE;
      }
  return found;
}

static void
on_double_click (GtkGestureClick *click, int n_press, double x, double y, AtSketchEditor *self)
{
  if (n_press != 2 || !self->sketch)
    return;
  AtSketchPoint at = to_sketch (self, x, y);
  int seg, mseg;
  double t, mt;
  if (!nearest_on_outline (self->sketch, at, PICK_PX / self->scale, &seg, &t))
    return;
  g_autofree char *before = at_sketch_to_json (self->sketch);
  AtSketchPoint p = at_sketch_bezier_point (&self->sketch->outline[seg], t);
  gboolean mirrored = fabs (p.x) > CENTRE_TOLERANCE_CM
                      && nearest_on_outline (self->sketch, (AtSketchPoint) { -p.x, p.y }, 1.0, &mseg, &mt)
                      && mseg != seg;
  /* Split the later segment first so the earlier index stays valid. */
  if (mirrored && mseg > seg)
    split_segment (self->sketch, mseg, mt);
  split_segment (self->sketch, seg, t);
  if (mirrored && mseg < seg)
    split_segment (self->sketch, mseg, mt);
  self->pick_seg = -1;
  push_edit (self, _("Add point"), before);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
remove_anchor (AtSketch *s, int seg)
{
  int n = s->outline_count, prev = (seg + n - 1) % n;
  s->outline[prev].p[2] = s->outline[seg].p[2];
  s->outline[prev].p[3] = s->outline[seg].p[3];
  memmove (&s->outline[seg], &s->outline[seg + 1], (size_t) (n - seg - 1) * sizeof *s->outline);
  s->outline_count--;
}

static gboolean
on_key_pressed (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state, AtSketchEditor *self)
{
  if ((keyval != GDK_KEY_Delete && keyval != GDK_KEY_BackSpace) || !self->sketch || self->pick_seg < 0
      || self->sketch->outline_count <= 6)
    return FALSE;
  g_autofree char *before = at_sketch_to_json (self->sketch);
  int seg = self->pick_seg, mseg, mk;
  find_mirror (self, seg, 0, &mseg, &mk);
  if (mseg >= 0 && mk == 0 && mseg != seg)
    {
      remove_anchor (self->sketch, MAX (seg, mseg));
      remove_anchor (self->sketch, MIN (seg, mseg));
    }
  else
    remove_anchor (self->sketch, seg);
  self->pick_seg = -1;
  refresh_extent (self->sketch);
  push_edit (self, _("Remove point"), before);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  return TRUE;
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, AtSketchEditor *self)
{
  double factor = pow (1.15, -dy);
  double cx = 0.5 * gtk_widget_get_width (GTK_WIDGET (self->canvas)), cy = 0.5 * gtk_widget_get_height (GTK_WIDGET (self->canvas));
  self->offset_x = cx - (cx - self->offset_x) * factor;
  self->offset_y = cy - (cy - self->offset_y) * factor;
  self->scale *= factor;
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  return TRUE;
}

static void
on_pinch_begin (GtkGesture *gesture, GdkEventSequence *sequence, AtSketchEditor *self)
{
  self->zoom_start = self->scale;
}

static void
on_pinch (GtkGestureZoom *gesture, double scale, AtSketchEditor *self)
{
  self->scale = CLAMP (self->zoom_start * scale, 0.2, 100.0);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

/* ---- gallery ---------------------------------------------------------- */

static void
set_canvas_sketch (AtSketchEditor *self, const AtSketch *s)
{
  at_sketch_free (self->sketch);
  self->sketch = s ? copy_sketch (s) : NULL;
  self->pick_seg = -1;
  self->fitted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
on_thumbnail_clicked (GtkButton *button, AtSketchEditor *self)
{
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "index"));
  if (index == self->selected)
    return;
  self->previous = self->selected;
  self->selected = index;
  set_canvas_sketch (self, self->gallery[index]);
}

static void
rebuild_gallery (AtSketchEditor *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->gallery_box))))
    gtk_flow_box_remove (self->gallery_box, child);
  for (int i = 0; i < GALLERY_SIZE; i++)
    {
      if (!self->gallery[i])
        continue;
      GtkWidget *area = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), THUMB_W);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), THUMB_H);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_thumbnail, self->gallery[i], NULL);
      GtkWidget *button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), area);
      gtk_widget_add_css_class (button, "flat");
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) self->gallery[i]->seed);
      g_autofree char *label = g_strdup_printf (_("Sketch %s, seed %s"),
                                                at_sketch_category_name (self->gallery[i]->category), seed);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (button), "index", GINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_thumbnail_clicked), self);
      gtk_flow_box_append (self->gallery_box, button);
    }
}

static void
clear_gallery (AtSketchEditor *self)
{
  for (int i = 0; i < GALLERY_SIZE; i++)
    g_clear_pointer (&self->gallery[i], at_sketch_free);
  self->selected = self->previous = -1;
}

static void
fill_gallery_from (AtSketchEditor *self, AtSketch *first, AtError *err)
{
  clear_gallery (self);
  self->gallery[0] = first;
  self->selected = 0;
  rebuild_gallery (self);
  set_canvas_sketch (self, first);
  show_message (self, err && err->code != AT_OK ? err->message : NULL);
}

void
at_sketch_editor_new_batch (AtSketchEditor *self, AtSketchCategory category, guint64 seed)
{
  if (!ensure_generator (self))
    return;
  gtk_drop_down_set_selected (self->category_dropdown, (guint) category);
  clear_gallery (self);
  AtError err = { 0 };
  for (int i = 0; i < GALLERY_SIZE; i++)
    if (at_sketch_generate (self->generator, category, seed + (guint64) i, &self->gallery[i], &err) != AT_OK)
      break;
  self->selected = self->gallery[0] ? 0 : -1;
  rebuild_gallery (self);
  set_canvas_sketch (self, self->gallery[0]);
  show_message (self, err.code != AT_OK ? err.message : NULL);
}

static void
new_batch_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtSketchEditor *self = AT_SKETCH_EDITOR (user_data);
  at_sketch_editor_new_batch (self, (AtSketchCategory) gtk_drop_down_get_selected (self->category_dropdown),
                              (guint64) gtk_spin_button_get_value (self->seed_spin));
}

static void
more_like_this_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtSketchEditor *self = AT_SKETCH_EDITOR (user_data);
  if (!self->sketch || !ensure_generator (self))
    return;
  AtSketch *base = copy_sketch (self->sketch);
  AtError err = { 0 };
  AtSketch *variations[GALLERY_SIZE] = { base };
  for (int i = 1; i < GALLERY_SIZE && err.code == AT_OK; i++)
    at_sketch_sample_near (self->generator, base, 0.35, base->seed * 31u + (guint64) i, &variations[i], &err);
  clear_gallery (self);
  memcpy (self->gallery, variations, sizeof variations);
  self->selected = 0;
  rebuild_gallery (self);
  show_message (self, err.code != AT_OK ? err.message : NULL);
}

static void
on_blend_changed (GtkRange *range, AtSketchEditor *self)
{
  if (self->selected < 0 || self->previous < 0 || !ensure_generator (self))
    return;
  AtSketch *mix = NULL;
  AtError err = { 0 };
  if (at_sketch_interpolate (self->generator, self->gallery[self->previous], self->gallery[self->selected],
                             gtk_range_get_value (range), &mix, &err) != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  set_canvas_sketch (self, mix);
  at_sketch_free (mix);
}

/* ---- files ------------------------------------------------------------ */

typedef enum { FILE_SAVE_JSON, FILE_OPEN_JSON, FILE_EXPORT_SVG, FILE_EXPORT_PNG } FileJob;

static void
on_file_chosen (GtkNativeDialog *dialog, int response, AtSketchEditor *self)
{
  FileJob job = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "job"));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      AtError err = { 0 };
      AtSketch *loaded = NULL;
      AtStatus st = AT_OK;
      switch (job)
        {
        case FILE_SAVE_JSON: st = at_sketch_save_json (self->sketch, path, &err); break;
        case FILE_EXPORT_SVG: st = at_sketch_save_svg (self->sketch, path, &err); break;
        case FILE_EXPORT_PNG: st = at_sketch_save_png (self->sketch, path, &err); break;
        case FILE_OPEN_JSON:
          if ((st = at_sketch_load_json (path, &loaded, &err)) == AT_OK)
            fill_gallery_from (self, loaded, NULL);
          break;
        }
      show_message (self, st != AT_OK ? err.message : NULL);
    }
  g_object_unref (dialog);
}

static void
file_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtSketchEditor *self = AT_SKETCH_EDITOR (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  FileJob job = g_str_equal (name, "save") ? FILE_SAVE_JSON
                : g_str_equal (name, "open") ? FILE_OPEN_JSON
                : g_str_equal (name, "export-svg") ? FILE_EXPORT_SVG : FILE_EXPORT_PNG;
  if (job != FILE_OPEN_JSON && !self->sketch)
    return;
  static const char *titles[] = { N_("Save Sketch"), N_("Open Sketch"), N_("Export Sketch as SVG"), N_("Export Sketch as PNG") };
  static const char *names[] = { "sketch.json", NULL, "sketch.svg", "sketch.png" };
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
    _(titles[job]), GTK_WINDOW (self->window), job == FILE_OPEN_JSON ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE,
    NULL, NULL);
  if (names[job])
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), names[job]);
  g_object_set_data (G_OBJECT (chooser), "job", GINT_TO_POINTER (job));
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
make_garment_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtSketchEditor *self = AT_SKETCH_EDITOR (user_data);
  if (self->sketch)
    g_signal_emit (self, make_garment_signal, 0);
}

static void
on_fill_set (GtkColorButton *button, AtSketchEditor *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static const GActionEntry sketch_entries[] = {
  { "new-batch", new_batch_activated },
  { "more-like-this", more_like_this_activated },
  { "save", file_activated },
  { "open", file_activated },
  { "export-svg", file_activated },
  { "export-png", file_activated },
  { "make-garment", make_garment_activated },
};

static void
at_sketch_editor_dispose (GObject *object)
{
  AtSketchEditor *self = AT_SKETCH_EDITOR (object);
  clear_gallery (self);
  g_clear_pointer (&self->sketch, at_sketch_free);
  g_clear_pointer (&self->generator, at_sketch_generator_free);
  g_clear_pointer (&self->drag_before, g_free);
  g_clear_object (&self->actions);
  if (self->fabric_ids)
    at_fabric_list_free (self->fabric_ids, self->fabric_count);
  self->fabric_ids = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), AT_TYPE_SKETCH_EDITOR);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (at_sketch_editor_parent_class)->dispose (object);
}

static void
at_sketch_editor_class_init (AtSketchEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = at_sketch_editor_dispose;
  make_garment_signal = g_signal_new ("make-garment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-sketch-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AtSketchEditor, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtSketchEditor, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, AtSketchEditor, gallery_box);
  gtk_widget_class_bind_template_child (widget_class, AtSketchEditor, canvas);
  gtk_widget_class_bind_template_child (widget_class, AtSketchEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, AtSketchEditor, blend_scale);
  gtk_widget_class_bind_template_child (widget_class, AtSketchEditor, fill_button);
  gtk_widget_class_bind_template_child (widget_class, AtSketchEditor, fabric_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_blend_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_fill_set);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
at_sketch_editor_init (AtSketchEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected = self->previous = self->pick_seg = self->mirror_seg = -1;
  self->scale = 4.0;
  GtkStringList *names = gtk_string_list_new (NULL);
  for (int c = 0; c < AT_SKETCH_CATEGORY_COUNT; c++)
    gtk_string_list_append (names, at_sketch_category_name ((AtSketchCategory) c));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (names));
  g_object_unref (names);
  GtkStringList *fabrics = at_fabric_titles_new (&self->fabric_ids, &self->fabric_count, NULL);
  gtk_drop_down_set_model (self->fabric_dropdown, G_LIST_MODEL (fabrics));
  g_object_unref (fabrics);
  g_signal_connect_swapped (self->fabric_dropdown, "notify::selected", G_CALLBACK (gtk_widget_queue_draw), self->canvas);
  GdkRGBA fill = { 0.85, 0.72, 0.64, 1.0 };
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->fill_button), &fill);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), sketch_entries, G_N_ELEMENTS (sketch_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sketch", G_ACTION_GROUP (self->actions));

  gtk_drawing_area_set_draw_func (self->canvas, draw_canvas, self, NULL);
  gtk_widget_set_focusable (GTK_WIDGET (self->canvas), TRUE);
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drag));
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_double_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (click));
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), keys);
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), scroll);
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (pinch));
  gtk_gesture_group (pinch, drag);
}

AtSketchEditor *
at_sketch_editor_new (AtWindow *window)
{
  AtSketchEditor *self = g_object_new (AT_TYPE_SKETCH_EDITOR, NULL);
  self->window = window;
  return self;
}

const AtSketch *
at_sketch_editor_get_sketch (AtSketchEditor *self)
{
  return self->sketch;
}

const char *
at_sketch_editor_get_fabric (AtSketchEditor *self)
{
  guint index = gtk_drop_down_get_selected (self->fabric_dropdown);
  return index < (guint) self->fabric_count ? self->fabric_ids[index] : NULL;
}

/* The Marker page (see at-production-view.h). The nesting runs in a GTask
 * thread on copies of the order; the window's status bar shows its progress
 * (time spent against the budget: the search improves until its budget ends)
 * and its cancel button stops the search, which keeps the best marker found.
 * The marker is drawn by the same Cairo routine as the PDF export. */
#include "at-production-view.h"
#include "dxf/at_dxf.h"
#include "at-application.h"
#include "at-garment-panel.h"
#include "at_marker_draw.h"

#include <glib/gi18n.h>
#include <math.h>

struct _AtProductionView {
  GtkWidget parent_instance;

  /* template children */
  GtkLabel *garment_label;
  GtkGrid *sizes_grid;
  GtkSpinButton *width_spin;
  GtkSpinButton *price_spin;
  GtkSpinButton *seconds_spin;
  GtkDropDown *fabric_drop;
  GtkLabel *result_label;
  GtkWidget *export_box;
  GtkLabel *mix_label;
  GtkDrawingArea *mix_area;
  GtkSpinButton *mix_total_spin;
  GtkDrawingArea *marker_area;

  /* borrowed */
  AtWindow *window;
  AtStore *store;

  /* owned */
  GSimpleActionGroup *actions;
  AtGarmentDef garment;
  gboolean has_garment;
  GtkSpinButton *quantity_spins[AT_GARMENT_MAX_SIZES];
  int mix_counts[AT_GARMENT_MAX_SIZES];
  int mix_customers;
  AtProductionMarker marker;
  gboolean has_marker;
  guint generation;
  guint progress_source;
  gint64 task_started;
  double task_seconds;
  /* view transform: screen = offset + scale * marker cm */
  double scale, offset_x, offset_y;
  gboolean fitted;
  double drag_x, drag_y;
  double pointer_x, pointer_y;
};

G_DEFINE_FINAL_TYPE (AtProductionView, at_production_view, GTK_TYPE_WIDGET)

typedef struct {
  AtProductionView *self;   /* strong reference */
  guint generation;
  AtGarmentDef garment;
  AtSizeQuantity sizes[AT_GARMENT_MAX_SIZES];
  size_t n_sizes;
  AtProductionDef def;
  char fabric[AT_PATTERN_NAME_MAX];
  volatile int cancel;
  GCancellable *cancellable;
  gulong cancel_handler;
  AtProductionMarker marker;
  gboolean ok;
  AtError error;
} MarkerJob;

static void
marker_job_free (gpointer data)
{
  MarkerJob *job = data;
  if (job->cancel_handler)
    g_cancellable_disconnect (job->cancellable, job->cancel_handler);
  g_clear_object (&job->cancellable);
  if (job->ok)
    at_production_marker_free (&job->marker);
  g_object_unref (job->self);
  g_free (job);
}

static void
on_job_cancelled (GCancellable *cancellable, gpointer data)
{
  MarkerJob *job = data;
  job->cancel = 1;
}

static void
marker_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  MarkerJob *job = data;
  AtProductionOrder order = { .garment = &job->garment, .sizes = job->sizes, .n_sizes = job->n_sizes,
                              .fabric = job->fabric };
  job->def.cancel = &job->cancel;
  job->ok = at_production_marker_make (&order, &job->def, &job->marker, &job->error) == AT_OK;
  g_task_return_boolean (task, TRUE);
}

static void
show_result (AtProductionView *self)
{
  if (!self->has_marker)
    {
      gtk_widget_set_sensitive (self->export_box, FALSE);
      return;
    }
  const AtProductionMarker *pm = &self->marker;
  g_autofree char *text = g_strdup_printf (
    _("%d garments, %zu pieces of %s\nLength %.1f cm on %.0f cm\nUtilisation %.1f %%\nFabric %.2f, %.2f per garment"),
    pm->cuts.garments, pm->marker.n_placements, pm->fabric, pm->marker.length, pm->marker.strip_width,
    100.0 * pm->marker.utilisation, pm->fabric_cost, pm->cost_per_garment);
  gtk_label_set_text (self->result_label, text);
  gtk_widget_set_sensitive (self->export_box, TRUE);
}

static void
stop_progress (AtProductionView *self)
{
  if (self->progress_source)
    g_source_remove (self->progress_source);
  self->progress_source = 0;
}

static void
marker_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AtProductionView *self = AT_PRODUCTION_VIEW (source);
  MarkerJob *job = g_task_get_task_data (G_TASK (result));
  if (!self->window || job->generation != self->generation)
    return;
  stop_progress (self);
  if (!job->ok)
    {
      gtk_label_set_text (self->result_label, job->error.message);
      g_autofree char *status = g_strdup_printf (_("No marker: %s"), job->error.message);
      at_window_end_task (self->window, status);
      return;
    }
  if (self->has_marker)
    at_production_marker_free (&self->marker);
  self->marker = job->marker;
  job->ok = FALSE; /* the view owns it now */
  self->has_marker = TRUE;
  self->fitted = FALSE;
  show_result (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->marker_area));
  g_autofree char *status = g_strdup_printf (_("Marker: %.1f cm, %.1f %% used%s"), self->marker.marker.length,
                                             100.0 * self->marker.marker.utilisation,
                                             job->cancel ? _(" (stopped early)") : "");
  at_window_end_task (self->window, status);
}

static gboolean
tick_progress (gpointer data)
{
  AtProductionView *self = data;
  double spent = (g_get_monotonic_time () - self->task_started) / 1e6;
  at_window_task_progress (self->window, spent / self->task_seconds);
  return G_SOURCE_CONTINUE;
}

void
at_production_view_make_marker (AtProductionView *self)
{
  if (!self->has_garment)
    {
      gtk_label_set_text (self->result_label, _("No garment: choose one in the library first."));
      return;
    }
  MarkerJob *job = g_new0 (MarkerJob, 1);
  job->self = g_object_ref (self);
  job->generation = ++self->generation;
  job->garment = self->garment;
  for (int i = 0; i < self->garment.size_count; i++)
    {
      int q = gtk_spin_button_get_value_as_int (self->quantity_spins[i]);
      if (q <= 0)
        continue;
      g_strlcpy (job->sizes[job->n_sizes].size, self->garment.sizes[i].name, sizeof job->sizes[0].size);
      job->sizes[job->n_sizes++].quantity = q;
    }
  job->def = at_production_def_default ();
  job->def.fabric_width = gtk_spin_button_get_value (self->width_spin);
  job->def.price_per_metre = gtk_spin_button_get_value (self->price_spin);
  job->def.seconds = gtk_spin_button_get_value (self->seconds_spin);
  GtkStringObject *fabric = gtk_drop_down_get_selected_item (self->fabric_drop);
  g_strlcpy (job->fabric, fabric ? gtk_string_object_get_string (fabric) : "", sizeof job->fabric);
  if (job->n_sizes == 0)
    {
      gtk_label_set_text (self->result_label, _("Nothing ordered: give at least one size a quantity."));
      g_object_unref (job->self);
      g_free (job);
      return;
    }
  job->cancellable = g_object_ref (at_window_begin_task (self->window, _("Making the marker…")));
  job->cancel_handler = g_cancellable_connect (job->cancellable, G_CALLBACK (on_job_cancelled), job, NULL);
  stop_progress (self);
  self->task_started = g_get_monotonic_time ();
  self->task_seconds = job->def.seconds;
  self->progress_source = g_timeout_add (200, tick_progress, self);
  GTask *task = g_task_new (self, NULL, marker_done, NULL);
  g_task_set_task_data (task, job, marker_job_free);
  g_task_run_in_thread (task, marker_thread);
  g_object_unref (task);
}

const AtProductionMarker *
at_production_view_get_marker (AtProductionView *self)
{
  return self->has_marker ? &self->marker : NULL;
}

gboolean
at_production_view_set_quantity (AtProductionView *self, const char *size, int quantity)
{
  int k = self->has_garment ? at_garment_size_index (&self->garment, size) : -1;
  if (k < 0)
    return FALSE;
  gtk_spin_button_set_value (self->quantity_spins[k], quantity);
  return TRUE;
}

void
at_production_view_set_options (AtProductionView *self, double width_cm, double price, double seconds)
{
  gtk_spin_button_set_value (self->width_spin, width_cm);
  gtk_spin_button_set_value (self->price_spin, price);
  gtk_spin_button_set_value (self->seconds_spin, seconds);
}

const char *
at_production_view_get_message (AtProductionView *self)
{
  return gtk_label_get_text (self->result_label);
}

/* ---- exports ---- */

static void
on_export_chosen (GtkNativeDialog *dialog, int response, AtProductionView *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->has_marker)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      AtError err = { 0 };
      AtStatus st = g_str_has_suffix (path, ".pdf")   ? at_marker_pdf (&self->marker, path, &err)
                    : g_str_has_suffix (path, ".dxf") ? at_dxf_write_marker (&self->marker, path, &err)
                                                      : at_production_marker_write (&self->marker, path, &err);
      g_autofree char *status = st == AT_OK ? g_strdup_printf (_("Marker written to %s"), path)
                                            : g_strdup_printf (_("The marker was not written: %s"), err.message);
      at_window_set_status (self->window, status);
    }
  g_object_unref (dialog);
}

static void
export_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtProductionView *self = AT_PRODUCTION_VIEW (user_data);
  if (!self->has_marker)
    return;
  const char *ext = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
    _("Export the Marker"), GTK_WINDOW (self->window), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("%s-marker.%s", self->garment.id, ext);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
make_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  at_production_view_make_marker (AT_PRODUCTION_VIEW (user_data));
}

/* GTK 4.8 has no gtk_widget_get_color: the style context gives it. */
static void
text_colour (GtkWidget *widget, GdkRGBA *out)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), out);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* ---- size mix from fittings ---- */

static void
refresh_mix (AtProductionView *self)
{
  memset (self->mix_counts, 0, sizeof self->mix_counts);
  self->mix_customers = 0;
  AtError err = { 0 };
  if (!self->has_garment)
    gtk_label_set_text (self->mix_label, _("No garment."));
  else if (!self->store)
    gtk_label_set_text (self->mix_label, _("No customer database: sizes from fittings are not available."));
  else if (at_size_mix_from_store (self->store, &self->garment, self->mix_counts, &self->mix_customers, &err)
           != AT_OK)
    gtk_label_set_text (self->mix_label, err.message);
  else if (self->mix_customers == 0)
    gtk_label_set_text (self->mix_label, _("No customer has a recorded fitting of this garment yet."));
  else
    {
      GString *text = g_string_new (NULL);
      g_string_printf (text, _("Latest fitted size of %d customers:"), self->mix_customers);
      for (int i = 0; i < self->garment.size_count; i++)
        if (self->mix_counts[i] > 0)
          g_string_append_printf (text, " %s %.0f %%", self->garment.sizes[i].name,
                                  100.0 * self->mix_counts[i] / self->mix_customers);
      gtk_label_set_text (self->mix_label, text->str);
      g_string_free (text, TRUE);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->mix_total_spin), self->mix_customers > 0);
  g_simple_action_set_enabled (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "use-mix")), self->mix_customers > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->mix_area));
}

static void
use_mix_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtProductionView *self = AT_PRODUCTION_VIEW (user_data);
  int out[AT_GARMENT_MAX_SIZES];
  AtError err = { 0 };
  int total = gtk_spin_button_get_value_as_int (self->mix_total_spin);
  if (at_size_mix_round (self->mix_counts, (size_t) self->garment.size_count, total, out, &err) != AT_OK)
    {
      gtk_label_set_text (self->mix_label, err.message);
      return;
    }
  for (int i = 0; i < self->garment.size_count; i++)
    gtk_spin_button_set_value (self->quantity_spins[i], out[i]);
}

static void
draw_mix (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  AtProductionView *self = data;
  int n = self->has_garment ? self->garment.size_count : 0;
  if (n == 0 || self->mix_customers == 0)
    return;
  int most = 1;
  for (int i = 0; i < n; i++)
    most = MAX (most, self->mix_counts[i]);
  double bar = (double) width / n;
  GdkRGBA fg;
  text_colour (GTK_WIDGET (area), &fg);
  for (int i = 0; i < n; i++)
    {
      double h = (height - 16.0) * self->mix_counts[i] / most;
      cairo_set_source_rgba (cr, 0.25, 0.45, 0.7, 1.0);
      cairo_rectangle (cr, i * bar + 3, height - 16 - h, bar - 6, h);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_set_font_size (cr, 11);
      cairo_text_extents_t ext;
      cairo_text_extents (cr, self->garment.sizes[i].name, &ext);
      cairo_move_to (cr, i * bar + (bar - ext.width) / 2, height - 3);
      cairo_show_text (cr, self->garment.sizes[i].name);
    }
}

/* ---- the garment ---- */

static void
refresh_garment (AtProductionView *self)
{
  const AtGarmentDef *g = at_garment_panel_get_garment (at_window_get_garment_panel (self->window));
  if (self->has_garment && g && g_str_equal (g->id, self->garment.id))
    {
      self->garment = *g; /* design parameters may have changed; the order stays */
      return;
    }
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sizes_grid))))
    gtk_grid_remove (self->sizes_grid, child);
  memset (self->quantity_spins, 0, sizeof self->quantity_spins);
  self->has_garment = g != NULL;
  if (g)
    {
      self->garment = *g;
      /* The main fabric's marker, or the trim's (rib bands, cuffs). */
      const char *fabrics[] = { g->fabric, g->trim_fabric[0] ? g->trim_fabric : NULL, NULL };
      GtkStringList *list = gtk_string_list_new (fabrics);
      gtk_drop_down_set_model (self->fabric_drop, G_LIST_MODEL (list));
      g_object_unref (list);
      g_autofree char *title = g_strdup_printf (_("Order of %s"), g->name);
      gtk_label_set_text (self->garment_label, title);
      for (int i = 0; i < g->size_count; i++)
        {
          GtkWidget *label = gtk_label_new (g->sizes[i].name);
          gtk_widget_set_halign (label, GTK_ALIGN_START);
          GtkWidget *spin = gtk_spin_button_new_with_range (0, 10000, 1);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), g_str_equal (g->sizes[i].name, g->base_size) ? 1 : 0);
          gtk_grid_attach (self->sizes_grid, label, (i % 2) * 2, i / 2, 1, 1);
          gtk_grid_attach (self->sizes_grid, spin, (i % 2) * 2 + 1, i / 2, 1, 1);
          self->quantity_spins[i] = GTK_SPIN_BUTTON (spin);
        }
    }
  else
    gtk_label_set_text (self->garment_label, _("No garment: choose one in the library"));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "make")),
                               g != NULL);
  refresh_mix (self);
}

/* ---- the marker drawing: zoom with the wheel, pan by dragging ---- */

static void
fit_view (AtProductionView *self, int width, int height)
{
  const AtMarker *m = &self->marker.marker;
  double margin = 16;
  self->scale = fmin ((width - 2 * margin) / fmax (m->length, 1), (height - 2 * margin) / fmax (m->strip_width, 1));
  self->offset_x = margin;
  self->offset_y = (height - self->scale * m->strip_width) / 2;
  self->fitted = TRUE;
}

static void
draw_marker (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  AtProductionView *self = data;
  if (!self->has_marker)
    {
      GdkRGBA fg;
      text_colour (GTK_WIDGET (area), &fg);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_set_font_size (cr, 14);
      cairo_move_to (cr, 16, height / 2.0);
      cairo_show_text (cr, _("Set the order and press Make marker."));
      return;
    }
  if (!self->fitted)
    fit_view (self, width, height);
  cairo_translate (cr, self->offset_x, self->offset_y);
  cairo_scale (cr, self->scale, self->scale);
  at_marker_draw (cr, &self->marker);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, gpointer data)
{
  AtProductionView *self = data;
  if (!self->has_marker)
    return FALSE;
  /* Zoom about the pointer so the piece under it stays put. */
  double factor = dy < 0 ? 1.2 : 1 / 1.2;
  self->offset_x = self->pointer_x - (self->pointer_x - self->offset_x) * factor;
  self->offset_y = self->pointer_y - (self->pointer_y - self->offset_y) * factor;
  self->scale *= factor;
  gtk_widget_queue_draw (GTK_WIDGET (self->marker_area));
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, gpointer data)
{
  AtProductionView *self = data;
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, gpointer data)
{
  AtProductionView *self = data;
  self->drag_x = self->offset_x;
  self->drag_y = self->offset_y;
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, gpointer data)
{
  AtProductionView *self = data;
  self->offset_x = self->drag_x + dx;
  self->offset_y = self->drag_y + dy;
  gtk_widget_queue_draw (GTK_WIDGET (self->marker_area));
}

static void
on_released (GtkGestureClick *gesture, int n_press, double x, double y, gpointer data)
{
  AtProductionView *self = data;
  if (n_press == 2)
    {
      self->fitted = FALSE; /* a double click fits the marker again */
      gtk_widget_queue_draw (GTK_WIDGET (self->marker_area));
    }
}

static const GActionEntry production_entries[] = {
  { "make", make_activated },
  { "export", export_activated, "s" },
  { "use-mix", use_mix_activated },
};

static void
at_production_view_dispose (GObject *object)
{
  AtProductionView *self = AT_PRODUCTION_VIEW (object);
  stop_progress (self);
  self->window = NULL; /* a job finishing later finds no window and drops its result */
  g_clear_object (&self->actions);
  if (self->has_marker)
    at_production_marker_free (&self->marker);
  self->has_marker = FALSE;
  gtk_widget_dispose_template (GTK_WIDGET (self), AT_TYPE_PRODUCTION_VIEW);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (at_production_view_parent_class)->dispose (object);
}

static void
at_production_view_class_init (AtProductionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = at_production_view_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-production-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, garment_label);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, sizes_grid);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, width_spin);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, price_spin);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, fabric_drop);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, result_label);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, export_box);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, mix_label);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, mix_area);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, mix_total_spin);
  gtk_widget_class_bind_template_child (widget_class, AtProductionView, marker_area);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
at_production_view_init (AtProductionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), production_entries,
                                   G_N_ELEMENTS (production_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "production", G_ACTION_GROUP (self->actions));
  gtk_drawing_area_set_draw_func (self->marker_area, draw_marker, self, NULL);
  gtk_drawing_area_set_draw_func (self->mix_area, draw_mix, self, NULL);
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->marker_area), scroll);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self->marker_area), motion);
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self->marker_area), GTK_EVENT_CONTROLLER (drag));
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->marker_area), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_sensitive (self->export_box, FALSE);
}

AtProductionView *
at_production_view_new (AtWindow *window, AtStore *store)
{
  AtProductionView *self = g_object_new (AT_TYPE_PRODUCTION_VIEW, NULL);
  self->window = window;
  self->store = store;
  g_signal_connect_object (at_window_get_garment_panel (window), "pattern-changed", G_CALLBACK (refresh_garment),
                           self, G_CONNECT_SWAPPED);
  refresh_garment (self);
  return self;
}

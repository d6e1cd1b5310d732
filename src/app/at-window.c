#include "at-window.h"
#include "at-body-panel.h"
#include "at-customer-list.h"
#include "at-drape-view.h"
#include "at-fit-panel.h"
#include "at-garment-panel.h"
#include "at-library-list.h"
#include "at-pattern-view.h"
#include "at-production-view.h"
#include "at-project-files.h"
#include "at-sketch-editor.h"
#include "at-undo.h"

#include <glib/gi18n.h>

struct _AtWindow {
  GtkApplicationWindow parent_instance;

  /* template children */
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkStack *sidebar_stack;
  GtkBox *library_box;
  GtkBox *customers_box;
  GtkPaned *outer_paned;
  GtkPaned *center_paned;
  AtView3d *view3d;
  GtkBox *pattern_pane;
  GtkWidget *inspector;
  GtkStack *inspector_stack;
  GtkLabel *status_label;
  GtkProgressBar *progress_bar;
  GtkWidget *cancel_button;
  GtkRevealer *banner;
  GtkLabel *banner_label;
  GtkButton *banner_button;
  GtkButton *banner_close;

  /* owned */
  GCancellable *task_cancellable;
  AtUndo *undo;

  /* borrowed (children of the panes) */
  AtBodyPanel *body_panel;
  AtGarmentPanel *garment_panel;
  AtPatternView *pattern_view;
  AtSketchEditor *sketch_editor;
  GtkStack *pane_stack;
  AtFitPanel *fit_panel;

  /* owned */
  AtDrapeView *drape_view;
  AtProjectFiles *project_files;
};

G_DEFINE_FINAL_TYPE (AtWindow, at_window, GTK_TYPE_APPLICATION_WINDOW)

static void
mode_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  AtWindow *self = AT_WINDOW (user_data);
  const char *mode = g_variant_get_string (state, NULL);
  if (g_strcmp0 (mode, "design") != 0 && g_strcmp0 (mode, "fitting") != 0)
    return;
  g_simple_action_set_state (action, state);
  gtk_stack_set_visible_child_name (self->sidebar_stack, mode);
  if (self->fit_panel)
    gtk_stack_set_visible_child_name (self->inspector_stack, g_str_equal (mode, "fitting") ? "fit" : "body");
}

static void
view_preset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtWindow *self = AT_WINDOW (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  if (g_str_equal (name, "view-front"))
    at_view3d_set_preset (self->view3d, AT_VIEW_FRONT);
  else if (g_str_equal (name, "view-side"))
    at_view3d_set_preset (self->view3d, AT_VIEW_SIDE);
  else if (g_str_equal (name, "view-back"))
    at_view3d_set_preset (self->view3d, AT_VIEW_BACK);
  else
    at_view3d_reset (self->view3d);
}

static void
zoom_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtWindow *self = AT_WINDOW (user_data);
  gboolean in = g_str_equal (g_action_get_name (G_ACTION (action)), "zoom-in");
  at_view3d_zoom (self->view3d, in ? 1.2f : 1.0f / 1.2f);
}

static void
toggle_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  AtWindow *self = AT_WINDOW (user_data);
  g_simple_action_set_state (action, state);
  gboolean visible = g_variant_get_boolean (state);
  const char *name = g_action_get_name (G_ACTION (action));
  if (g_str_equal (name, "show-pattern-pane"))
    gtk_widget_set_visible (GTK_WIDGET (self->pattern_pane), visible);
  else
    gtk_widget_set_visible (self->inspector, visible);
}

static void
toggle_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_autoptr (GVariant) state = g_action_get_state (G_ACTION (action));
  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
}

static void
fullscreen_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *window = GTK_WINDOW (user_data);
  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
fit_map_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  AtWindow *self = AT_WINDOW (user_data);
  g_simple_action_set_state (action, state);
  at_drape_view_set_map (self->drape_view, g_variant_get_string (state, NULL));
}

static void
cancel_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtWindow *self = AT_WINDOW (user_data);
  if (self->task_cancellable)
    g_cancellable_cancel (self->task_cancellable);
}

static void
update_undo_actions (AtWindow *self)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "undo")),
                               at_undo_can_undo (self->undo));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "redo")),
                               at_undo_can_redo (self->undo));
}

static void
undo_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtWindow *self = AT_WINDOW (user_data);
  if (g_str_equal (g_action_get_name (G_ACTION (action)), "undo"))
    at_undo_undo (self->undo);
  else
    at_undo_redo (self->undo);
  update_undo_actions (self);
}

static const GActionEntry win_entries[] = {
  { "mode", NULL, "s", "'design'", mode_changed },
  { "view-reset", view_preset_activated },
  { "view-front", view_preset_activated },
  { "view-side", view_preset_activated },
  { "view-back", view_preset_activated },
  { "zoom-in", zoom_activated },
  { "zoom-out", zoom_activated },
  { "show-pattern-pane", toggle_activated, NULL, "true", toggle_changed },
  { "show-inspector", toggle_activated, NULL, "true", toggle_changed },
  { "fullscreen", fullscreen_activated },
  { "cancel", cancel_activated },
  { "fit-map", NULL, "s", "'none'", fit_map_changed },
  { "undo", undo_activated },
  { "redo", undo_activated },
};

static void
on_garment_activated (AtWindow *self, const char *id)
{
  at_window_show_garment (self, id);
}

static void
on_make_garment (AtWindow *self)
{
  const AtSketch *sketch = at_sketch_editor_get_sketch (self->sketch_editor);
  if (sketch && at_garment_panel_apply_sketch (self->garment_panel, sketch,
                                               at_sketch_editor_get_fabric (self->sketch_editor)))
    {
      gtk_stack_set_visible_child_name (self->inspector_stack, "garment");
      gtk_stack_set_visible_child_name (self->pane_stack, "pattern");
    }
}

static void
on_pattern_changed (AtWindow *self)
{
  at_pattern_view_set_pattern (self->pattern_view, at_garment_panel_get_pattern (self->garment_panel));
}

static void
apply_pattern (gpointer owner, gconstpointer state)
{
  at_garment_panel_set_edited_pattern (AT_GARMENT_PANEL (owner), state);
}

static void
on_pattern_edited (AtWindow *self, const AtPattern *before)
{
  const AtPattern *after = at_pattern_view_get_pattern (self->pattern_view);
  at_window_push_undo (self, _("Edit pattern"), self->garment_panel, apply_pattern, before, after, sizeof *after);
  at_garment_panel_set_edited_pattern (self->garment_panel, after);
}

static void
at_window_dispose (GObject *object)
{
  AtWindow *self = AT_WINDOW (object);
  if (self->task_cancellable)
    g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  /* Before the panels go: an unsaved project is autosaved from them. */
  g_clear_pointer (&self->project_files, at_project_files_free);
  g_clear_pointer (&self->undo, at_undo_free);
  if (self->drape_view)
    at_drape_view_detach (self->drape_view);
  g_clear_object (&self->drape_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), AT_TYPE_WINDOW);
  G_OBJECT_CLASS (at_window_parent_class)->dispose (object);
}

static void
at_window_class_init (AtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = at_window_dispose;
  g_type_ensure (AT_TYPE_VIEW3D);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, library_box);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, customers_box);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, center_paned);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, view3d);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, pattern_pane);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, inspector_stack);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, AtWindow, banner_close);
}

static void
at_window_init (AtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  self->undo = at_undo_new ();
  update_undo_actions (self);
  self->body_panel = at_body_panel_new (self);
  at_window_add_inspector_page (self, GTK_WIDGET (self->body_panel), "body", _("Body"));
  self->garment_panel = at_garment_panel_new (self);
  at_window_add_inspector_page (self, GTK_WIDGET (self->garment_panel), "garment", _("Garment"));
  self->pattern_view = AT_PATTERN_VIEW (at_pattern_view_new ());
  self->sketch_editor = at_sketch_editor_new (self);
  GtkStack *pane_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_titled (pane_stack, GTK_WIDGET (self->pattern_view), "pattern", _("Pattern"));
  gtk_stack_add_titled (pane_stack, GTK_WIDGET (self->sketch_editor), "sketch", _("Sketch"));
  gtk_widget_set_vexpand (GTK_WIDGET (pane_stack), TRUE);
  GtkWidget *pane_switcher = gtk_stack_switcher_new ();
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (pane_switcher), pane_stack);
  gtk_widget_set_halign (pane_switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (pane_switcher, 4);
  gtk_box_append (self->pattern_pane, pane_switcher);
  gtk_box_append (self->pattern_pane, GTK_WIDGET (pane_stack));
  self->pane_stack = pane_stack;
  g_signal_connect_swapped (self->sketch_editor, "make-garment", G_CALLBACK (on_make_garment), self);
  GtkWidget *library = at_library_list_new ();
  gtk_box_append (self->library_box, library);
  g_signal_connect_swapped (library, "garment-activated", G_CALLBACK (on_garment_activated), self);
  g_signal_connect_swapped (self->garment_panel, "pattern-changed", G_CALLBACK (on_pattern_changed), self);
  g_signal_connect_swapped (self->garment_panel, "highlight-panel", G_CALLBACK (at_pattern_view_highlight_panel),
                            self->pattern_view);
  g_signal_connect_swapped (self->pattern_view, "edited", G_CALLBACK (on_pattern_edited), self);
  self->drape_view = at_drape_view_new (self);
  g_signal_connect_swapped (self->banner_close, "clicked", G_CALLBACK (at_window_hide_banner), self);
  at_window_set_status (self, _("Ready"));
}

static void
on_customer_selected (AtWindow *self, const AtCustomer *customer)
{
  at_fit_panel_set_customer (self->fit_panel, customer);
  gtk_stack_set_visible_child_name (self->inspector_stack, "fit");
}

AtWindow *
at_window_new (AtApplication *app)
{
  AtWindow *self = g_object_new (AT_TYPE_WINDOW, "application", app, NULL);
  /* Fitting needs the customer store, which belongs to the application. */
  const char *store_error = NULL;
  AtStore *store = at_application_get_store (app, &store_error);
  self->fit_panel = at_fit_panel_new (self, store);
  at_window_add_inspector_page (self, GTK_WIDGET (self->fit_panel), "fit", _("Fit"));
  GtkWidget *customers = at_customer_list_new (store, store_error);
  gtk_box_append (self->customers_box, customers);
  g_signal_connect_swapped (customers, "customer-selected", G_CALLBACK (on_customer_selected), self);
  /* Markers and the size mix from fittings: a third page of the 2D pane. */
  gtk_stack_add_titled (self->pane_stack, GTK_WIDGET (at_production_view_new (self, store)), "marker", _("Marker"));
  self->project_files = at_project_files_new (self);
  return self;
}

AtView3d *
at_window_get_view3d (AtWindow *self)
{
  return self->view3d;
}

void
at_window_add_inspector_page (AtWindow *self, GtkWidget *page, const char *name, const char *title)
{
  gtk_stack_add_titled (self->inspector_stack, page, name, title);
}

GtkBox *
at_window_get_sidebar (AtWindow *self, const char *mode)
{
  return g_strcmp0 (mode, "fitting") == 0 ? self->customers_box : self->library_box;
}

void
at_window_set_subtitle (AtWindow *self, const char *subtitle)
{
  gtk_label_set_text (self->subtitle_label, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle && *subtitle);
  g_autofree char *title = subtitle && *subtitle ? g_strdup_printf ("Atelier — %s", subtitle) : g_strdup ("Atelier");
  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
at_window_set_document (AtWindow *self, const char *name, gboolean modified)
{
  g_autofree char *title = g_strdup_printf ("%s%s", name ? name : "Atelier", modified ? " •" : "");
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), modified ? _("Unsaved changes") : NULL);
}

void
at_window_show_banner (AtWindow *self, const char *message, gboolean error, const char *button_label,
                       const char *action)
{
  gtk_label_set_text (self->banner_label, message);
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->banner_label));
  if (error)
    gtk_widget_add_css_class (box, "error");
  else
    gtk_widget_remove_css_class (box, "error");
  gtk_button_set_label (self->banner_button, button_label ? button_label : "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_button), action);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button_label && action);
  gtk_revealer_set_reveal_child (self->banner, TRUE);
}

void
at_window_hide_banner (AtWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner, FALSE);
}

const char *
at_window_get_banner (AtWindow *self)
{
  return gtk_revealer_get_reveal_child (self->banner) ? gtk_label_get_text (self->banner_label) : NULL;
}

void
at_window_set_status (AtWindow *self, const char *text)
{
  gtk_label_set_text (self->status_label, text);
}

GCancellable *
at_window_begin_task (AtWindow *self, const char *description)
{
  if (self->task_cancellable)
    g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  self->task_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->status_label, description);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  return self->task_cancellable;
}

void
at_window_task_progress (AtWindow *self, double fraction)
{
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

void
at_window_end_task (AtWindow *self, const char *status)
{
  g_clear_object (&self->task_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  if (status)
    gtk_label_set_text (self->status_label, status);
}

gboolean
at_window_is_settled (AtWindow *self)
{
  return self->task_cancellable == NULL
         && (at_view3d_get_frames_drawn (self->view3d) >= 1 || at_view3d_get_error (self->view3d) != NULL);
}

void
at_window_push_undo (AtWindow *self, const char *label, gpointer owner, AtUndoApply apply, gconstpointer before,
                     gconstpointer after, gsize size)
{
  at_undo_push (self->undo, label, owner, apply, before, after, size);
  update_undo_actions (self);
}

AtBodyPanel *
at_window_get_body_panel (AtWindow *self)
{
  return self->body_panel;
}

gboolean
at_window_show_garment (AtWindow *self, const char *id)
{
  if (!at_garment_panel_load (self->garment_panel, id))
    return FALSE;
  /* In a fitting the Fit page stays in front: it follows the garment. */
  g_autoptr (GVariant) mode = g_action_group_get_action_state (G_ACTION_GROUP (self), "mode");
  if (!g_str_equal (g_variant_get_string (mode, NULL), "fitting"))
    gtk_stack_set_visible_child_name (self->inspector_stack, "garment");
  return TRUE;
}

AtGarmentPanel *
at_window_get_garment_panel (AtWindow *self)
{
  return self->garment_panel;
}

AtSketchEditor *
at_window_get_sketch_editor (AtWindow *self)
{
  return self->sketch_editor;
}

void
at_window_show_pane (AtWindow *self, const char *name)
{
  gtk_stack_set_visible_child_name (self->pane_stack, name);
}

AtFitPanel *
at_window_get_fit_panel (AtWindow *self)
{
  return self->fit_panel;
}

AtDrapeView *
at_window_get_drape_view (AtWindow *self)
{
  return self->drape_view;
}

AtProjectFiles *
at_window_get_project_files (AtWindow *self)
{
  return self->project_files;
}

AtPatternView *
at_window_get_pattern_view (AtWindow *self)
{
  return self->pattern_view;
}

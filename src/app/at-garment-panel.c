#include "at-garment-panel.h"
#include "at-body-panel.h"
#include "at-fabric-titles.h"
#include "at_print.h"
#include "garment/at_sketch_design.h"

#include <glib/gi18n.h>

#define MADE_TO_MEASURE_ROW 0

struct _AtGarmentPanel {
  GtkWidget parent_instance;

  /* template children */
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkDropDown *size_dropdown;
  GtkDropDown *fabric_dropdown;
  GtkLabel *fabric_label;
  GtkBox *params_box;
  GtkLabel *message_label;
  GtkListBox *issues_list;
  GtkWidget *content;

  /* borrowed */
  AtWindow *window;

  /* owned */
  GSimpleActionGroup *actions;
  AtGarmentDef def;
  AtPattern *pattern; /* too large to live inside the instance */
  AtFabric fabric;
  char **fabric_ids;
  int fabric_count;
  gboolean loaded;
  gboolean made_to_measure;
  gboolean updating;
  char size[16];
};

G_DEFINE_FINAL_TYPE (AtGarmentPanel, at_garment_panel, GTK_TYPE_WIDGET)

static guint pattern_changed_signal;

static void
show_message (AtGarmentPanel *self, const char *message)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
refresh_issues (AtGarmentPanel *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->issues_list))))
    gtk_list_box_remove (self->issues_list, child);
  AtCheckIssue issues[12];
  AtCheckOptions options = at_check_options_default ();
  /* The check wants a NULL-terminated list; at_fabric_list gives a counted one. */
  g_autofree const char **known = g_new0 (const char *, self->fabric_count + 1);
  for (int i = 0; i < self->fabric_count; i++)
    known[i] = self->fabric_ids[i];
  options.fabrics = known;
  int n = MIN (at_pattern_check (self->pattern, &options, issues, G_N_ELEMENTS (issues)), (int) G_N_ELEMENTS (issues));
  for (int i = 0; i < n; i++)
    {
      GtkWidget *label = gtk_label_new (issues[i].message);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, "warning");
      g_object_set_data (G_OBJECT (label), "panel", GINT_TO_POINTER (issues[i].panel));
      gtk_list_box_append (self->issues_list, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->issues_list), n > 0);
}

static void
redraft (AtGarmentPanel *self)
{
  if (!self->loaded)
    return;
  AtError err = { 0 };
  g_autofree AtPattern *drafted = g_new0 (AtPattern, 1);
  AtStatus st;
  if (self->made_to_measure)
    {
      AtBodyPanel *body = at_window_get_body_panel (self->window);
      st = at_garment_draft_body (&self->def, at_body_panel_get_measurements (body), drafted, &err);
    }
  else
    st = at_garment_draft_size (&self->def, self->size, drafted, &err);
  if (st != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  show_message (self, NULL);
  *self->pattern = *drafted;
  refresh_issues (self);
  g_signal_emit (self, pattern_changed_signal, 0);
}

static void
sync_sliders (AtGarmentPanel *self)
{
  self->updating = TRUE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->params_box)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkRange *scale = g_object_get_data (G_OBJECT (row), "scale");
      const char *name = g_object_get_data (G_OBJECT (row), "param");
      double value;
      if (scale && at_garment_get_param (&self->def, name, &value, NULL) == AT_OK)
        gtk_range_set_value (scale, value);
    }
  self->updating = FALSE;
}

static void
apply_def (gpointer owner, gconstpointer state)
{
  AtGarmentPanel *self = AT_GARMENT_PANEL (owner);
  self->def = *(const AtGarmentDef *) state;
  sync_sliders (self);
  redraft (self);
}

static void
on_param_changed (GtkRange *scale, AtGarmentPanel *self)
{
  if (self->updating)
    return;
  const char *name = g_object_get_data (G_OBJECT (scale), "param");
  AtGarmentDef next = self->def;
  AtError err = { 0 };
  if (at_garment_set_param (&next, name, gtk_range_get_value (scale), &err) != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  AtGarmentDef before = self->def;
  at_window_push_undo (self->window, name, self, apply_def, &before, &next, sizeof next);
  self->def = next;
  redraft (self);
}

static void
build_param_rows (AtGarmentPanel *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->params_box))))
    gtk_box_remove (self->params_box, child);
  for (int i = 0; i < at_garment_param_count (&self->def); i++)
    {
      const AtDesignParamInfo *info = at_garment_param_info (&self->def, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *pretty = g_strdelimit (g_strdup (info->name), "_", ' ');
      pretty[0] = g_ascii_toupper (pretty[0]);
      GtkWidget *label = gtk_label_new (pretty);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_set_tooltip_text (label, info->description);
      GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, info->min, info->max, 0.5);
      gtk_scale_set_draw_value (GTK_SCALE (scale), TRUE);
      gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_RIGHT);
      gtk_scale_set_digits (GTK_SCALE (scale), 1);
      gtk_range_set_value (GTK_RANGE (scale), self->def.params[i]);
      g_object_set_data (G_OBJECT (scale), "param", (gpointer) info->name);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      g_signal_connect (scale, "value-changed", G_CALLBACK (on_param_changed), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), scale);
      g_object_set_data (G_OBJECT (row), "scale", scale);
      g_object_set_data (G_OBJECT (row), "param", (gpointer) info->name);
      gtk_box_append (self->params_box, row);
    }
}

static void
on_size_selected (GtkDropDown *dropdown, GParamSpec *pspec, AtGarmentPanel *self)
{
  if (self->updating || !self->loaded)
    return;
  guint index = gtk_drop_down_get_selected (dropdown);
  self->made_to_measure = index == MADE_TO_MEASURE_ROW;
  if (!self->made_to_measure && index - 1 < (guint) self->def.size_count)
    g_strlcpy (self->size, self->def.sizes[index - 1].name, sizeof self->size);
  redraft (self);
}

static void
show_fabric (AtGarmentPanel *self)
{
  g_autofree char *text = g_strdup_printf (_("%s: %.0f g/m², stretch warp %.0f / weft %.0f / bias %.0f N/m, "
                                             "bending %.1f / %.1f µN·m"),
                                           self->fabric.title, self->fabric.density_gsm, self->fabric.stretch_warp,
                                           self->fabric.stretch_weft, self->fabric.stretch_bias,
                                           self->fabric.bend_warp, self->fabric.bend_weft);
  gtk_label_set_text (self->fabric_label, text);
}

static void
select_fabric (AtGarmentPanel *self, const char *id)
{
  AtError err = { 0 };
  AtFabric fabric;
  if (at_fabric_load (id, &fabric, &err) != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  self->fabric = fabric;
  show_fabric (self);
  self->updating = TRUE;
  for (int i = 0; i < self->fabric_count; i++)
    if (g_str_equal (self->fabric_ids[i], id))
      gtk_drop_down_set_selected (self->fabric_dropdown, (guint) i);
  self->updating = FALSE;
}

static void
on_fabric_selected (GtkDropDown *dropdown, GParamSpec *pspec, AtGarmentPanel *self)
{
  guint index = gtk_drop_down_get_selected (dropdown);
  if (self->updating || index >= (guint) self->fabric_count)
    return;
  select_fabric (self, self->fabric_ids[index]);
  g_signal_emit (self, pattern_changed_signal, 0);
}

static void
on_issue_selected (GtkListBox *box, GtkListBoxRow *row, AtGarmentPanel *self)
{
  if (!row)
    return;
  GtkWidget *label = gtk_list_box_row_get_child (row);
  g_signal_emit_by_name (self, "highlight-panel", GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "panel")));
}

static void
on_export_chosen (GtkNativeDialog *dialog, int response, AtGarmentPanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      AtPrintOptions options = at_print_options_default ();
      options.garment = &self->def;
      AtError err = { 0 };
      if (at_print_file (self->pattern, &options, path, &err) != AT_OK)
        show_message (self, err.message);
      else
        {
          g_autofree char *status = g_strdup_printf (_("Pattern written to %s"), path);
          at_window_set_status (self->window, status);
        }
    }
  g_object_unref (dialog);
}

static void
export_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtGarmentPanel *self = AT_GARMENT_PANEL (user_data);
  if (!self->loaded)
    return;
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export the Pattern"), GTK_WINDOW (self->window),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  g_autofree char *name = g_strdup_printf ("%s-%s.pdf", self->def.id, self->pattern->size);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static const GActionEntry garment_entries[] = {
  { "export-pattern", export_activated },
};

static void
at_garment_panel_dispose (GObject *object)
{
  AtGarmentPanel *self = AT_GARMENT_PANEL (object);
  g_clear_object (&self->actions);
  if (self->fabric_ids)
    at_fabric_list_free (self->fabric_ids, self->fabric_count);
  self->fabric_ids = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), AT_TYPE_GARMENT_PANEL);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (at_garment_panel_parent_class)->dispose (object);
}

static void
at_garment_panel_finalize (GObject *object)
{
  g_free (AT_GARMENT_PANEL (object)->pattern);
  G_OBJECT_CLASS (at_garment_panel_parent_class)->finalize (object);
}

static void
at_garment_panel_class_init (AtGarmentPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = at_garment_panel_dispose;
  object_class->finalize = at_garment_panel_finalize;
  pattern_changed_signal = g_signal_new ("pattern-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 0);
  g_signal_new ("highlight-panel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                1, G_TYPE_INT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-garment-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, fabric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, fabric_label);
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, params_box);
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, message_label);
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, issues_list);
  gtk_widget_class_bind_template_child (widget_class, AtGarmentPanel, content);
  gtk_widget_class_bind_template_callback (widget_class, on_size_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_fabric_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_issue_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
at_garment_panel_init (AtGarmentPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pattern = g_new0 (AtPattern, 1);
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), garment_entries, G_N_ELEMENTS (garment_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "garment", G_ACTION_GROUP (self->actions));
  self->fabric = at_fabric_default ();
  AtError err = { 0 };
  GtkStringList *titles = at_fabric_titles_new (&self->fabric_ids, &self->fabric_count, &err);
  if (err.code != AT_OK)
    show_message (self, err.message);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->fabric_dropdown, G_LIST_MODEL (titles));
  self->updating = FALSE;
  g_object_unref (titles);
  gtk_widget_set_sensitive (self->content, FALSE);
}

static void
on_body_changed (AtBodyPanel *body, AtGarmentPanel *self)
{
  if (self->made_to_measure)
    redraft (self);
}

AtGarmentPanel *
at_garment_panel_new (AtWindow *window)
{
  AtGarmentPanel *self = g_object_new (AT_TYPE_GARMENT_PANEL, NULL);
  self->window = window;
  g_signal_connect_object (at_window_get_body_panel (window), "body-changed", G_CALLBACK (on_body_changed), self, 0);
  return self;
}

gboolean
at_garment_panel_load (AtGarmentPanel *self, const char *id)
{
  AtError err = { 0 };
  AtGarmentDef def;
  if (at_garment_load (id, &def, &err) != AT_OK)
    {
      show_message (self, err.message);
      return FALSE;
    }
  self->def = def;
  self->loaded = TRUE;
  gtk_widget_set_sensitive (self->content, TRUE);
  gtk_label_set_text (self->title_label, def.name);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", def.category, def.size_system);
  gtk_label_set_text (self->subtitle_label, subtitle);

  GtkStringList *sizes = gtk_string_list_new (NULL);
  gtk_string_list_append (sizes, _("Made to measure"));
  for (int i = 0; i < def.size_count; i++)
    gtk_string_list_append (sizes, def.sizes[i].name);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->size_dropdown, G_LIST_MODEL (sizes));
  self->updating = FALSE;
  g_object_unref (sizes);

  /* Start in the chart size nearest the current body, as a fitting would. */
  AtBodyPanel *body = at_window_get_body_panel (self->window);
  int nearest = at_garment_nearest_size (&def, at_body_panel_get_measurements (body));
  if (nearest < 0)
    nearest = MAX (at_garment_size_index (&def, def.base_size), 0);
  build_param_rows (self);
  select_fabric (self, def.fabric);
  at_window_set_subtitle (self->window, def.name);
  return at_garment_panel_set_size (self, def.sizes[nearest].name);
}

gboolean
at_garment_panel_set_size (AtGarmentPanel *self, const char *size)
{
  if (!self->loaded)
    return FALSE;
  int index = size ? at_garment_size_index (&self->def, size) : -1;
  if (size && index < 0)
    {
      g_autofree char *msg = g_strdup_printf (_("%s has no size %s"), self->def.name, size);
      show_message (self, msg);
      return FALSE;
    }
  self->made_to_measure = size == NULL;
  if (size)
    g_strlcpy (self->size, size, sizeof self->size);
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->size_dropdown, size ? (guint) index + 1 : MADE_TO_MEASURE_ROW);
  self->updating = FALSE;
  redraft (self);
  return TRUE;
}

const AtPattern *
at_garment_panel_get_pattern (AtGarmentPanel *self)
{
  return self->loaded ? self->pattern : NULL;
}

const AtGarmentDef *
at_garment_panel_get_garment (AtGarmentPanel *self)
{
  return self->loaded ? &self->def : NULL;
}

const AtFabric *
at_garment_panel_get_fabric (AtGarmentPanel *self)
{
  return &self->fabric;
}

void
at_garment_panel_set_edited_pattern (AtGarmentPanel *self, const AtPattern *pattern)
{
  *self->pattern = *pattern;
  refresh_issues (self);
  g_signal_emit (self, pattern_changed_signal, 0);
}

gboolean
at_garment_panel_apply_sketch (AtGarmentPanel *self, const AtSketch *sketch, const char *fabric)
{
  if (!at_garment_panel_load (self, at_sketch_garment_id (sketch->category)))
    return FALSE;
  if (fabric)
    select_fabric (self, fabric);
  AtGarmentDef next = self->def;
  AtError err = { 0 };
  const AtMeasurements *body = at_body_panel_get_measurements (at_window_get_body_panel (self->window));
  if (at_sketch_apply_design (sketch, body, &next, &err) != AT_OK)
    {
      show_message (self, err.message);
      return FALSE;
    }
  AtGarmentDef before = self->def;
  at_window_push_undo (self->window, _("Make garment from sketch"), self, apply_def, &before, &next, sizeof next);
  self->made_to_measure = TRUE;
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->size_dropdown, MADE_TO_MEASURE_ROW);
  self->updating = FALSE;
  apply_def (self, &next);
  return TRUE;
}

const char *
at_garment_panel_get_size (AtGarmentPanel *self)
{
  return self->loaded && !self->made_to_measure ? self->size : NULL;
}

gboolean
at_garment_panel_restore (AtGarmentPanel *self, const AtGarmentDef *def, const char *size, const char *fabric,
                          const AtPattern *pattern)
{
  if (!at_garment_panel_load (self, def->id) || !at_garment_panel_set_size (self, size))
    return FALSE;
  self->def = *def;
  sync_sliders (self);
  select_fabric (self, fabric);
  at_garment_panel_set_edited_pattern (self, pattern);
  return TRUE;
}

#include "at-body-panel.h"
#include "at-body-task.h"
#include "io/at_io.h"
#include "at_primitives.h"

#include <glib/gi18n.h>
#include <math.h>

#define REBUILD_DELAY_MS 120
#define CM_PER_INCH 2.54
#define KG_PER_LB 0.45359237
#define RING_SEGMENTS 72

enum { AT_SLOT_RINGS = 4 };

typedef struct {
  const char *stature_label;
  AtSex sex;
  double stature, weight, age;
} Preset;

/* Means and spreads of ANSUR II (Gordon et al. 2014) by sex; the rest of
 * each body comes from statistical completion. */
static const Preset presets[] = {
  { N_("Average woman"), AT_SEX_FEMALE, 162.9, 67.8, 29 },
  { N_("Average man"), AT_SEX_MALE, 175.6, 85.5, 30 },
  { N_("Petite woman"), AT_SEX_FEMALE, 152.0, 50.0, 25 },
  { N_("Tall slim woman"), AT_SEX_FEMALE, 178.0, 62.0, 27 },
  { N_("Plus-size woman"), AT_SEX_FEMALE, 165.0, 98.0, 40 },
  { N_("Slim man"), AT_SEX_MALE, 172.0, 62.0, 24 },
  { N_("Tall heavy man"), AT_SEX_MALE, 192.0, 118.0, 45 },
};

static const char *const key_labels[AT_M_COUNT] = {
  [AT_M_STATURE] = N_("Height"), [AT_M_WEIGHT] = N_("Weight"), [AT_M_AGE] = N_("Age"),
  [AT_M_CHEST_GIRTH] = N_("Chest girth"), [AT_M_CHEST_HEIGHT] = N_("Chest height"),
  [AT_M_CHEST_BREADTH] = N_("Chest breadth"), [AT_M_CHEST_DEPTH] = N_("Chest depth"),
  [AT_M_WAIST_GIRTH] = N_("Waist girth"), [AT_M_WAIST_HEIGHT] = N_("Waist height"),
  [AT_M_WAIST_BREADTH] = N_("Waist breadth"), [AT_M_WAIST_DEPTH] = N_("Waist depth"),
  [AT_M_HIP_GIRTH] = N_("Hip girth"), [AT_M_HIP_HEIGHT] = N_("Hip height"),
  [AT_M_HIP_BREADTH] = N_("Hip breadth"), [AT_M_HIP_DEPTH] = N_("Hip depth"),
  [AT_M_NECK_GIRTH] = N_("Neck girth"), [AT_M_SHOULDER_BREADTH] = N_("Shoulder breadth"),
  [AT_M_UPPER_ARM_GIRTH] = N_("Upper arm girth"), [AT_M_WRIST_GIRTH] = N_("Wrist girth"),
  [AT_M_THIGH_GIRTH] = N_("Thigh girth"), [AT_M_CALF_GIRTH] = N_("Calf girth"),
  [AT_M_ANKLE_GIRTH] = N_("Ankle girth"), [AT_M_INSIDE_LEG] = N_("Inside leg"),
  [AT_M_ARM_LENGTH] = N_("Arm length"), [AT_M_KNEE_HEIGHT] = N_("Knee height"),
};

struct _AtBodyPanel {
  GtkWidget parent_instance;

  /* template children */
  GtkDropDown *preset_dropdown;
  GtkGrid *rows;
  GtkLabel *message_label;
  GtkToggleButton *inch_button;
  GtkToggleButton *rings_button;

  /* borrowed */
  AtWindow *window;

  /* owned */
  GSimpleActionGroup *actions;
  AtMeasurements partial;   /* what the user gave */
  AtMeasurements complete;  /* behind the current body */
  AtBody *body;
  GtkSpinButton *spins[AT_M_COUNT];
  GtkLabel *badges[AT_M_COUNT];
  guint rebuild_source;
  guint generation;
  gboolean updating;
  gboolean inches;
};

G_DEFINE_FINAL_TYPE (AtBodyPanel, at_body_panel, GTK_TYPE_WIDGET)

static guint body_changed_signal;

static double
display_factor (AtBodyPanel *self, AtMeasureKey key)
{
  const AtMeasureInfo *info = at_measure_info (key);
  if (!self->inches || info->kind == AT_KIND_AGE)
    return 1.0;
  return info->kind == AT_KIND_WEIGHT ? 1.0 / KG_PER_LB : 1.0 / CM_PER_INCH;
}

static const char *
unit_name (AtBodyPanel *self, AtMeasureKey key)
{
  switch (at_measure_info (key)->kind)
    {
    case AT_KIND_WEIGHT: return self->inches ? "lb" : "kg";
    case AT_KIND_AGE: return _("years");
    default: return self->inches ? "in" : "cm";
    }
}

/* Writes the complete set into the widgets without treating it as edits. */
static void
refresh_rows (AtBodyPanel *self)
{
  self->updating = TRUE;
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      const AtMeasureInfo *info = at_measure_info (k);
      double f = display_factor (self, k);
      gtk_spin_button_set_range (self->spins[k], info->min * f, info->max * f);
      double value = self->partial.given[k] ? self->partial.value[k] : self->complete.value[k];
      gtk_spin_button_set_value (self->spins[k], value * f);
      gboolean given = self->partial.given[k];
      g_autofree char *badge = g_strdup_printf ("%s · %s", unit_name (self, k), given ? _("measured") : _("estimated"));
      gtk_label_set_text (self->badges[k], badge);
      if (given)
        gtk_widget_remove_css_class (GTK_WIDGET (self->badges[k]), "dim-label");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->badges[k]), "dim-label");
    }
  self->updating = FALSE;
}

static void
show_rings (AtBodyPanel *self)
{
  AtView3d *view = at_window_get_view3d (self->window);
  if (!self->body || !gtk_toggle_button_get_active (self->rings_button))
    {
      at_view3d_set_mesh (view, AT_SLOT_RINGS, NULL, NULL);
      return;
    }
  const AtBodyLandmarks *lm = at_body_landmarks (self->body);
  const AtBodyLevel *levels[] = { &lm->neck, &lm->chest, &lm->waist, &lm->hip };
  AtMesh *all = NULL;
  for (size_t i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      const AtBodyLevel *l = levels[i];
      /* An ellipse through the section's extreme points, slightly proud of the skin. */
      float cx = 0.5f * (l->left[0] + l->right[0]), cz = 0.5f * (l->front[2] + l->back[2]);
      float rx = 0.5f * (l->left[0] - l->right[0]) + 0.004f, rz = 0.5f * (l->front[2] - l->back[2]) + 0.004f;
      float pts[3 * RING_SEGMENTS];
      for (int s = 0; s < RING_SEGMENTS; s++)
        {
          double a = 2.0 * G_PI * s / RING_SEGMENTS;
          pts[3 * s + 0] = cx + rx * (float) cos (a);
          pts[3 * s + 1] = l->y;
          pts[3 * s + 2] = cz + rz * (float) sin (a);
        }
      AtMesh *ring = at_mesh_new_tube_loop (pts, RING_SEGMENTS, 0.003f, 8);
      if (!ring)
        continue;
      if (!all)
        all = ring;
      else
        {
          at_mesh_append (all, ring);
          at_mesh_free (ring);
        }
    }
  AtMaterial material = at_material_default ();
  material.base_color[0] = 0.95f, material.base_color[1] = 0.45f, material.base_color[2] = 0.10f;
  material.roughness = 0.4f;
  at_view3d_set_mesh (view, AT_SLOT_RINGS, all, &material);
  at_mesh_free (all);
}

static void
build_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AtBodyPanel *self = AT_BODY_PANEL (source);
  AtMeasurements complete;
  AtBody *body = NULL;
  double milliseconds = 0.0;
  g_autoptr (GError) error = NULL;
  gboolean built = at_body_build_finish (result, &complete, &body, &milliseconds, &error);
  if (GPOINTER_TO_UINT (user_data) != self->generation)
    {
      at_body_free (body); /* a newer edit is already being built */
      return;
    }
  if (!built)
    {
      gtk_label_set_text (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      at_window_end_task (self->window, _("The body could not be built"));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  self->complete = complete;
  at_body_free (self->body);
  self->body = body;
  refresh_rows (self);

  const AtMesh *mesh = at_body_mesh (self->body);
  AtMaterial skin = at_material_default ();
  skin.roughness = 0.55f;
  skin.base_color[0] = 0.74f, skin.base_color[1] = 0.53f, skin.base_color[2] = 0.43f;
  at_view3d_set_mesh (at_window_get_view3d (self->window), AT_SLOT_BODY, mesh, &skin);
  show_rings (self);
  g_autofree char *status = g_strdup_printf (_("Body built in %.0f ms · %'d triangles · %s %.1f cm"), milliseconds,
                                             mesh->triangle_count, _("height"), self->complete.value[AT_M_STATURE]);
  at_window_end_task (self->window, status);
  g_signal_emit (self, body_changed_signal, 0);
}

static gboolean
rebuild_now (gpointer user_data)
{
  AtBodyPanel *self = AT_BODY_PANEL (user_data);
  self->rebuild_source = 0;
  /* Building takes a fraction of a second and is never abandoned half
   * way: a newer edit simply supersedes it (the generation check). */
  at_window_begin_task (self->window, _("Building the body…"));
  at_body_build_async (self, &self->partial, NULL, build_done, GUINT_TO_POINTER (++self->generation));
  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (AtBodyPanel *self)
{
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  self->rebuild_source = g_timeout_add (REBUILD_DELAY_MS, rebuild_now, self);
}

static void
apply_partial (gpointer owner, gconstpointer state)
{
  AtBodyPanel *self = AT_BODY_PANEL (owner);
  self->partial = *(const AtMeasurements *) state;
  refresh_rows (self);
  schedule_rebuild (self);
}

/* Every edit goes through here so it can be undone. */
static void
commit_partial (AtBodyPanel *self, const AtMeasurements *next, const char *label)
{
  AtMeasurements before = self->partial;
  at_window_push_undo (self->window, label, self, apply_partial, &before, next, sizeof *next);
  apply_partial (self, next);
}

static void
on_value_changed (GtkSpinButton *spin, AtBodyPanel *self)
{
  if (self->updating)
    return;
  int key = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "key"));
  AtMeasurements next = self->partial;
  next.value[key] = gtk_spin_button_get_value (spin) / display_factor (self, key);
  next.given[key] = TRUE;
  commit_partial (self, &next, _(key_labels[key]));
}

static float
highlight_height (AtBodyPanel *self, int key)
{
  if (!self->body)
    return -1.0f;
  const AtBodyLandmarks *lm = at_body_landmarks (self->body);
  switch (key)
    {
    case AT_M_CHEST_GIRTH: case AT_M_CHEST_BREADTH: case AT_M_CHEST_DEPTH: return lm->chest.y;
    case AT_M_WAIST_GIRTH: case AT_M_WAIST_BREADTH: case AT_M_WAIST_DEPTH: return lm->waist.y;
    case AT_M_HIP_GIRTH: case AT_M_HIP_BREADTH: case AT_M_HIP_DEPTH: return lm->hip.y;
    case AT_M_NECK_GIRTH: return lm->neck.y;
    case AT_M_SHOULDER_BREADTH: return lm->shoulder_y;
    case AT_M_THIGH_GIRTH: return lm->leg_left.thigh[1];
    case AT_M_CALF_GIRTH: return lm->leg_left.calf[1];
    case AT_M_ANKLE_GIRTH: return lm->leg_left.ankle[1];
    case AT_M_UPPER_ARM_GIRTH: return lm->arm_left.upper_arm[1];
    case AT_M_WRIST_GIRTH: return lm->arm_left.wrist[1];
    case AT_M_CHEST_HEIGHT: case AT_M_WAIST_HEIGHT: case AT_M_HIP_HEIGHT: case AT_M_INSIDE_LEG:
    case AT_M_KNEE_HEIGHT: case AT_M_STATURE:
      return (float) (self->complete.value[key] / 100.0);
    default: return -1.0f;
    }
}

static void
on_row_focus (GtkEventControllerFocus *controller, AtBodyPanel *self)
{
  GtkWidget *spin = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  int key = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "key"));
  float y = highlight_height (self, key);
  at_view3d_set_highlight (at_window_get_view3d (self->window), y, y >= 0.0f ? 0.012f : 0.0f);
}

static void
on_row_unfocus (GtkEventControllerFocus *controller, AtBodyPanel *self)
{
  at_view3d_set_highlight (at_window_get_view3d (self->window), 0.0f, 0.0f);
}

static void
build_rows (AtBodyPanel *self)
{
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      GtkWidget *label = gtk_label_new (_(key_labels[k]));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_set_hexpand (label, TRUE);
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 1000, 0.1);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
      gtk_widget_set_size_request (spin, 110, -1);
      g_object_set_data (G_OBJECT (spin), "key", GINT_TO_POINTER (k));
      g_signal_connect (spin, "value-changed", G_CALLBACK (on_value_changed), self);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      GtkEventController *focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "enter", G_CALLBACK (on_row_focus), self);
      g_signal_connect (focus, "leave", G_CALLBACK (on_row_unfocus), self);
      gtk_widget_add_controller (spin, focus);
      GtkWidget *badge = gtk_label_new ("");
      gtk_label_set_xalign (GTK_LABEL (badge), 0.0f);
      gtk_widget_add_css_class (badge, "caption");
      gtk_grid_attach (self->rows, label, 0, k, 1, 1);
      gtk_grid_attach (self->rows, spin, 1, k, 1, 1);
      gtk_grid_attach (self->rows, badge, 2, k, 1, 1);
      self->spins[k] = GTK_SPIN_BUTTON (spin);
      self->badges[k] = GTK_LABEL (badge);
    }
}

static void
sex_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtBodyPanel *self = AT_BODY_PANEL (user_data);
  AtSex sex;
  if (!at_sex_from_name (g_variant_get_string (parameter, NULL), &sex) || sex == self->partial.sex)
    return;
  AtMeasurements next = self->partial;
  next.sex = sex;
  g_simple_action_set_state (action, parameter);
  commit_partial (self, &next, _("Sex"));
}

static void
estimate_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtBodyPanel *self = AT_BODY_PANEL (user_data);
  AtMeasurements next;
  at_measurements_init (&next, self->partial.sex);
  const AtMeasureKey kept[] = { AT_M_STATURE, AT_M_WEIGHT, AT_M_AGE };
  for (size_t i = 0; i < G_N_ELEMENTS (kept); i++)
    if (self->partial.given[kept[i]])
      {
        next.value[kept[i]] = self->partial.value[kept[i]];
        next.given[kept[i]] = TRUE;
      }
  commit_partial (self, &next, _("Estimate from height and weight"));
}

static void
on_preset_selected (GtkDropDown *dropdown, GParamSpec *pspec, AtBodyPanel *self)
{
  guint index = gtk_drop_down_get_selected (dropdown);
  if (self->updating || index == 0 || index > G_N_ELEMENTS (presets))
    return;
  const Preset *p = &presets[index - 1];
  AtMeasurements next;
  at_measurements_init (&next, p->sex);
  next.value[AT_M_STATURE] = p->stature, next.given[AT_M_STATURE] = TRUE;
  next.value[AT_M_WEIGHT] = p->weight, next.given[AT_M_WEIGHT] = TRUE;
  next.value[AT_M_AGE] = p->age, next.given[AT_M_AGE] = TRUE;
  g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "sex",
                                      g_variant_new_string (at_sex_name (p->sex)));
  commit_partial (self, &next, _(p->stature_label));
}

static void
on_units_toggled (GtkToggleButton *button, AtBodyPanel *self)
{
  self->inches = gtk_toggle_button_get_active (button);
  refresh_rows (self);
}

static void
on_rings_toggled (GtkToggleButton *button, AtBodyPanel *self)
{
  show_rings (self);
}

typedef struct {
  char *path;
  AtSex sex;
  AtMesh *mesh;
  AtMeasurements measured;
  AtError error;
} ScanJob;

static void
scan_job_free (gpointer data)
{
  ScanJob *job = data;
  g_free (job->path);
  at_mesh_free (job->mesh);
  g_free (job);
}

static void
scan_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ScanJob *job = data;
  AtImportOptions options = at_import_options_default ();
  options.check_body = true;
  if (at_mesh_import (job->path, &options, &job->mesh, &job->error) == AT_OK)
    at_body_measure_mesh (job->mesh, job->sex, &job->measured, NULL, &job->error);
  g_task_return_boolean (task, TRUE);
}

static void
scan_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AtBodyPanel *self = AT_BODY_PANEL (source);
  ScanJob *job = g_task_get_task_data (G_TASK (result));
  if (job->error.code != AT_OK)
    {
      gtk_label_set_text (self->message_label, job->error.message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      at_window_end_task (self->window, _("The scan could not be measured"));
      return;
    }
  AtMaterial scan_material = at_material_default ();
  scan_material.base_color[0] = 0.62f, scan_material.base_color[1] = 0.66f, scan_material.base_color[2] = 0.72f;
  at_view3d_set_mesh (at_window_get_view3d (self->window), AT_SLOT_BODY, job->mesh, &scan_material);
  g_autofree char *basename = g_path_get_basename (job->path);
  g_autofree char *status = g_strdup_printf (_("Scan %s measured: %d vertices"), basename, job->mesh->vertex_count);
  at_window_end_task (self->window, status);
  /* The measured keys become the customer's measurements; the avatar
   * follows on the next edit, while the scan itself stays on screen. */
  AtMeasurements before = self->partial;
  at_window_push_undo (self->window, _("Import scan"), self, apply_partial, &before, &job->measured,
                       sizeof job->measured);
  self->partial = job->measured;
  self->complete = job->measured;
  refresh_rows (self);
}

static void
on_scan_chosen (GtkNativeDialog *dialog, int response, AtBodyPanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      ScanJob *job = g_new0 (ScanJob, 1);
      job->path = g_file_get_path (file);
      job->sex = self->partial.sex;
      GCancellable *cancellable = at_window_begin_task (self->window, _("Measuring the scan…"));
      GTask *task = g_task_new (self, cancellable, scan_done, NULL);
      g_task_set_task_data (task, job, scan_job_free);
      g_task_run_in_thread (task, scan_thread);
      g_object_unref (task);
    }
  g_object_unref (dialog);
}

static void
import_scan_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtBodyPanel *self = AT_BODY_PANEL (user_data);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import a Body Scan"), GTK_WINDOW (self->window),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  GtkFileFilter *filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("3D meshes (OBJ, PLY, STL, glTF, FBX)"));
  const char *patterns[] = { "*.obj", "*.ply", "*.stl", "*.gltf", "*.glb", "*.fbx" };
  for (size_t i = 0; i < G_N_ELEMENTS (patterns); i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_scan_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static const GActionEntry body_entries[] = {
  { "sex", sex_activated, "s", "'female'" },
  { "estimate", estimate_activated },
  { "import-scan", import_scan_activated },
};

static void
at_body_panel_dispose (GObject *object)
{
  AtBodyPanel *self = AT_BODY_PANEL (object);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_pointer (&self->body, at_body_free);
  g_clear_object (&self->actions);
  gtk_widget_dispose_template (GTK_WIDGET (self), AT_TYPE_BODY_PANEL);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (at_body_panel_parent_class)->dispose (object);
}

static void
at_body_panel_class_init (AtBodyPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = at_body_panel_dispose;
  body_changed_signal = g_signal_new ("body-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-body-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AtBodyPanel, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtBodyPanel, rows);
  gtk_widget_class_bind_template_child (widget_class, AtBodyPanel, message_label);
  gtk_widget_class_bind_template_child (widget_class, AtBodyPanel, inch_button);
  gtk_widget_class_bind_template_child (widget_class, AtBodyPanel, rings_button);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_units_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_rings_toggled);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
at_body_panel_init (AtBodyPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  GtkStringList *names = gtk_string_list_new (NULL);
  gtk_string_list_append (names, _("Presets…"));
  for (size_t i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_string_list_append (names, _(presets[i].stature_label));
  gtk_drop_down_set_model (self->preset_dropdown, G_LIST_MODEL (names));
  g_object_unref (names);
  build_rows (self);
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), body_entries, G_N_ELEMENTS (body_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "body", G_ACTION_GROUP (self->actions));
}

AtBodyPanel *
at_body_panel_new (AtWindow *window)
{
  AtBodyPanel *self = g_object_new (AT_TYPE_BODY_PANEL, NULL);
  self->window = window;
  /* Start from the average woman of ANSUR II, as a fitting would. */
  AtMeasurements start;
  at_measurements_init (&start, presets[0].sex);
  start.value[AT_M_STATURE] = presets[0].stature, start.given[AT_M_STATURE] = TRUE;
  start.value[AT_M_WEIGHT] = presets[0].weight, start.given[AT_M_WEIGHT] = TRUE;
  at_body_panel_set_measurements (self, &start);
  return self;
}

void
at_body_panel_set_measurements (AtBodyPanel *self, const AtMeasurements *partial)
{
  self->partial = *partial;
  g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "sex",
                                      g_variant_new_string (at_sex_name (partial->sex)));
  refresh_rows (self);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  rebuild_now (self);
}

const AtMeasurements *
at_body_panel_get_measurements (AtBodyPanel *self)
{
  return &self->complete;
}

AtBody *
at_body_panel_get_body (AtBodyPanel *self)
{
  return self->body;
}

#include "at-project-files.h"
#include "at-body-panel.h"
#include "at-garment-panel.h"
#include "at_file.h"
#include "project/at_project.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>

/* Long enough that a slider drag is one write, short enough that a crash
 * loses little. */
#define AUTOSAVE_DELAY_SECONDS 3

struct _AtProjectFiles {
  AtWindow *window; /* borrowed: the window owns this */
  char *path;       /* the open project file, NULL while untitled */
  char *baseline;   /* the project's text when last opened or saved */
  char *autosave_path;
  gboolean wrote_autosave;
  guint autosave_id;
  AtProject *pending; /* opened, waiting for its body before its garment */
  gulong pending_handler;
  gboolean pending_recovered;
};

static AtProject *
capture (AtProjectFiles *self)
{
  AtProject *project = at_project_new ();
  project->body = *at_body_panel_get_measurements (at_window_get_body_panel (self->window));
  AtGarmentPanel *garment = at_window_get_garment_panel (self->window);
  const AtGarmentDef *def = at_garment_panel_get_garment (garment);
  const AtPattern *pattern = at_garment_panel_get_pattern (garment);
  if (def && pattern)
    {
      project->has_garment = TRUE;
      project->garment = *def;
      const char *size = at_garment_panel_get_size (garment);
      g_strlcpy (project->size, size ? size : "", sizeof project->size);
      g_strlcpy (project->fabric, at_garment_panel_get_fabric (garment)->name, sizeof project->fabric);
      /* at_project_free releases it with free (). */
      project->pattern = malloc (sizeof *pattern);
      *project->pattern = *pattern;
    }
  return project;
}

static char *
capture_text (AtProjectFiles *self)
{
  AtProject *project = capture (self);
  char *text = at_project_to_json (project);
  at_project_free (project);
  return text;
}

gboolean
at_project_files_is_modified (AtProjectFiles *self)
{
  if (!self->baseline)
    return FALSE;
  g_autofree char *now = capture_text (self);
  return g_strcmp0 (now, self->baseline) != 0;
}

static void
refresh_title (AtProjectFiles *self)
{
  g_autofree char *name = self->path ? g_path_get_basename (self->path) : NULL;
  at_window_set_document (self->window, name, at_project_files_is_modified (self));
}

void
at_project_files_autosave_now (AtProjectFiles *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (!at_project_files_is_modified (self))
    return;
  g_autofree char *text = capture_text (self);
  g_autofree char *dir = g_path_get_dirname (self->autosave_path);
  AtError err = { 0 };
  if (!text || g_mkdir_with_parents (dir, 0700) != 0
      || at_file_write_atomic (self->autosave_path, text, strlen (text), &err) != AT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Autosave failed: %s"), err.message[0] ? err.message : dir);
      at_window_show_banner (self->window, message, TRUE, NULL, NULL);
      return;
    }
  self->wrote_autosave = TRUE;
}

static gboolean
autosave_due (gpointer user_data)
{
  AtProjectFiles *self = user_data;
  self->autosave_id = 0;
  at_project_files_autosave_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_project_changed (AtProjectFiles *self)
{
  /* The studio's starting state is the first baseline, so an untouched
   * window has nothing to save. */
  if (!self->baseline)
    self->baseline = capture_text (self);
  refresh_title (self);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add_seconds (AUTOSAVE_DELAY_SECONDS, autosave_due, self);
}

gboolean
at_project_files_save_to (AtProjectFiles *self, const char *path)
{
  AtProject *project = capture (self);
  AtError err = { 0 };
  AtStatus st = at_project_save (project, path, &err);
  at_project_free (project);
  if (st != AT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("The project was not saved: %s"), err.message);
      at_window_show_banner (self->window, message, TRUE, NULL, NULL);
      return FALSE;
    }
  if (self->path != path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  g_free (self->baseline);
  self->baseline = capture_text (self);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_unlink (self->autosave_path);
  self->wrote_autosave = FALSE;
  refresh_title (self);
  g_autofree char *status = g_strdup_printf (_("Saved to %s"), path);
  at_window_set_status (self->window, status);
  return TRUE;
}

/* The garment waits for the body: a made-to-measure garment reacts to the
 * new body by redrafting, which must not replace the saved pattern. */
static void
finish_open (AtProjectFiles *self)
{
  AtBodyPanel *body = at_window_get_body_panel (self->window);
  g_clear_signal_handler (&self->pending_handler, body);
  AtProject *project = g_steal_pointer (&self->pending);
  if (project->has_garment
      && !at_garment_panel_restore (at_window_get_garment_panel (self->window), &project->garment,
                                    project->size[0] ? project->size : NULL, project->fabric, project->pattern))
    at_window_show_banner (self->window, _("The project's garment could not be shown: see the Garment page."), TRUE,
                           NULL, NULL);
  at_project_free (project);
  g_free (self->baseline);
  /* Recovered work stays marked unsaved until it is saved somewhere. */
  self->baseline = self->pending_recovered ? g_strdup ("") : capture_text (self);
  refresh_title (self);
}

static gboolean
open_file (AtProjectFiles *self, const char *path, gboolean recovered)
{
  AtProject *project = NULL;
  AtError err = { 0 };
  if (at_project_load (path, &project, &err) != AT_OK)
    {
      /* The work on screen is untouched: nothing was applied. */
      g_autofree char *message = g_strdup_printf (_("The project could not be opened: %s"), err.message);
      at_window_show_banner (self->window, message, TRUE, NULL, NULL);
      return FALSE;
    }
  at_window_hide_banner (self->window);
  AtBodyPanel *body = at_window_get_body_panel (self->window);
  g_clear_signal_handler (&self->pending_handler, body);
  at_project_free (self->pending);
  self->pending = project;
  self->pending_recovered = recovered;
  self->pending_handler = g_signal_connect_swapped (body, "body-changed", G_CALLBACK (finish_open), self);
  if (!recovered)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  at_body_panel_set_measurements (body, &project->body);
  g_autofree char *status = g_strdup_printf (recovered ? _("Recovered unsaved work") : _("Opened %s"), path);
  at_window_set_status (self->window, status);
  return TRUE;
}

gboolean
at_project_files_open (AtProjectFiles *self, const char *path)
{
  return open_file (self, path, FALSE);
}

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Atelier projects"));
  gtk_file_filter_add_pattern (filter, "*.atelier");
  return filter;
}

static void
on_open_chosen (GtkNativeDialog *dialog, int response, AtProjectFiles *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      if (path)
        at_project_files_open (self, path);
    }
  g_object_unref (dialog);
}

static void
on_save_chosen (GtkNativeDialog *dialog, int response, AtProjectFiles *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *chosen = g_file_get_path (file);
      g_autofree char *path = chosen && !g_str_has_suffix (chosen, ".atelier")
                                  ? g_strconcat (chosen, ".atelier", NULL)
                                  : g_strdup (chosen);
      if (path)
        at_project_files_save_to (self, path);
    }
  g_object_unref (dialog);
}

static void
choose_file (AtProjectFiles *self, gboolean save)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
    save ? _("Save the Project") : _("Open a Project"), GTK_WINDOW (self->window),
    save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN, save ? _("_Save") : _("_Open"), NULL);
  g_autoptr (GtkFileFilter) filter = project_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (save)
    {
      const AtGarmentDef *def = at_garment_panel_get_garment (at_window_get_garment_panel (self->window));
      g_autofree char *name = g_strdup_printf ("%s.atelier", def ? def->id : _("untitled"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (save ? on_save_chosen : on_open_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  choose_file (user_data, g_str_equal (g_action_get_name (G_ACTION (action)), "save-as"));
}

static void
save_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtProjectFiles *self = user_data;
  if (self->path)
    at_project_files_save_to (self, self->path);
  else
    choose_file (self, TRUE);
}

static void
restore_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtProjectFiles *self = user_data;
  open_file (self, self->autosave_path, TRUE);
}

static const GActionEntry project_entries[] = {
  { "open", choose_activated },
  { "save", save_activated },
  { "save-as", choose_activated },
  { "restore-autosave", restore_activated },
};

AtProjectFiles *
at_project_files_new (AtWindow *window)
{
  AtProjectFiles *self = g_new0 (AtProjectFiles, 1);
  self->window = window;
  self->autosave_path = g_build_filename (g_get_user_data_dir (), "atelier", "autosave.atelier", NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (window), project_entries, G_N_ELEMENTS (project_entries), self);
  g_signal_connect_swapped (at_window_get_body_panel (window), "body-changed", G_CALLBACK (on_project_changed), self);
  g_signal_connect_swapped (at_window_get_garment_panel (window), "pattern-changed", G_CALLBACK (on_project_changed),
                            self);
  if (g_file_test (self->autosave_path, G_FILE_TEST_IS_REGULAR))
    at_window_show_banner (window, _("Atelier found work that was not saved when it last closed."), FALSE,
                           _("Restore"), "win.restore-autosave");
  return self;
}

void
at_project_files_free (AtProjectFiles *self)
{
  if (!self)
    return;
  g_signal_handlers_disconnect_by_data (at_window_get_body_panel (self->window), self);
  g_signal_handlers_disconnect_by_data (at_window_get_garment_panel (self->window), self);
  self->pending_handler = 0;
  /* Unsaved work outlives the window; work that is saved leaves no autosave. */
  if (at_project_files_is_modified (self))
    at_project_files_autosave_now (self);
  else if (self->wrote_autosave)
    g_unlink (self->autosave_path);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  at_project_free (self->pending);
  g_free (self->path);
  g_free (self->baseline);
  g_free (self->autosave_path);
  g_free (self);
}

#include "at-application.h"
#include "at-body-panel.h"
#include "at-garment-panel.h"
#include "at-config.h"
#include "at-preferences-window.h"
#include "at-screenshot.h"
#include "at-settings.h"
#include "at-window.h"
#include "kiosk/at-kiosk-window.h"
#include "at_measurements.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define SCREENSHOT_TIMEOUT_SECONDS 120

struct _AtApplication {
  GtkApplication parent_instance;

  /* owned */
  GSettings *settings;
  char *screenshot_path;
  char *mode;
  char *body_path;
  char *garment_id;
  char *size;
  gboolean kiosk;
  AtMeasurements body_measurements;
  AtStore *store;
  char *store_error;
  gboolean store_tried;
  gboolean have_body_measurements;
  guint screenshot_timeout_id;
  gint64 screenshot_deadline;
  int exit_status;
};

G_DEFINE_FINAL_TYPE (AtApplication, at_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the customer kiosk"), NULL },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Write the window to a PNG once the view has settled, then exit"), N_("FILE") },
  { "mode", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Start in design or fitting mode"), N_("MODE") },
  { "body", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Measurement file of the body to show"), N_("MEAS.json") },
  { "garment", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Garment to show"), N_("GARMENT") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Size of the garment"), N_("SIZE") },
  { NULL }
};

static int
at_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  AtApplication *self = AT_APPLICATION (app);
  g_variant_dict_lookup (options, "kiosk", "b", &self->kiosk);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path);
  g_variant_dict_lookup (options, "mode", "s", &self->mode);
  g_variant_dict_lookup (options, "body", "^ay", &self->body_path);
  g_variant_dict_lookup (options, "garment", "s", &self->garment_id);
  g_variant_dict_lookup (options, "size", "s", &self->size);

  if (self->mode && !g_str_equal (self->mode, "design") && !g_str_equal (self->mode, "fitting"))
    {
      g_printerr ("atelier: --mode must be 'design' or 'fitting', not '%s'\n", self->mode);
      return 2;
    }
  if (self->body_path)
    {
      AtError err = { 0 };
      if (at_measurements_load (self->body_path, &self->body_measurements, &err) != AT_OK)
        {
          g_printerr ("atelier: %s\n", err.message);
          return 1;
        }
      self->have_body_measurements = TRUE;
    }
  return -1;
}

static gboolean
screenshot_tick (gpointer user_data)
{
  AtApplication *self = AT_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  gboolean settled = window && AT_IS_WINDOW (window) && at_window_is_settled (AT_WINDOW (window));
  settled = settled || (window && AT_IS_KIOSK_WINDOW (window) && at_kiosk_window_is_settled (AT_KIOSK_WINDOW (window)));
  if (!settled && g_get_monotonic_time () < self->screenshot_deadline)
    return G_SOURCE_CONTINUE;

  self->screenshot_timeout_id = 0;
  g_autoptr (GError) error = NULL;
  if (!window)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "no window was shown");
  else if (!settled)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the view did not settle within %d s",
                 SCREENSHOT_TIMEOUT_SECONDS);
  if (!error)
    {
      g_autoptr (GdkTexture) texture = at_screenshot_widget (GTK_WIDGET (window), &error);
      if (texture)
        at_screenshot_save_png (texture, self->screenshot_path, &error);
    }
  if (error)
    {
      g_printerr ("atelier: screenshot %s: %s\n", self->screenshot_path, error->message);
      self->exit_status = 1;
    }
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
at_application_activate (GApplication *app)
{
  AtApplication *self = AT_APPLICATION (app);
  GtkWindow *existing = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (existing)
    {
      gtk_window_present (existing);
      return;
    }
  if (self->kiosk)
    {
      gtk_window_present (at_kiosk_window_new (GTK_APPLICATION (self)));
      if (self->screenshot_path)
        {
          self->screenshot_deadline = g_get_monotonic_time () + SCREENSHOT_TIMEOUT_SECONDS * G_USEC_PER_SEC;
          self->screenshot_timeout_id = g_timeout_add (100, screenshot_tick, self);
        }
      return;
    }
  AtWindow *window = at_window_new (self);
  if (self->mode)
    g_action_group_change_action_state (G_ACTION_GROUP (window), "mode", g_variant_new_string (self->mode));
  if (self->have_body_measurements)
    at_body_panel_set_measurements (at_window_get_body_panel (window), &self->body_measurements);
  if (self->garment_id)
    {
      AtGarmentPanel *garment = at_window_get_garment_panel (window);
      if (!at_window_show_garment (window, self->garment_id)
          || (self->size && !at_garment_panel_set_size (garment, self->size)))
        {
          g_printerr ("atelier: cannot show garment '%s'%s%s\n", self->garment_id, self->size ? " in size " : "",
                      self->size ? self->size : "");
          self->exit_status = 1;
          g_application_quit (app);
          return;
        }
    }
  gtk_window_present (GTK_WINDOW (window));

  if (self->screenshot_path)
    {
      self->screenshot_deadline = g_get_monotonic_time () + SCREENSHOT_TIMEOUT_SECONDS * G_USEC_PER_SEC;
      self->screenshot_timeout_id = g_timeout_add (100, screenshot_tick, self);
    }
}

static void
apply_color_scheme (GSettings *settings, const char *key, gpointer user_data)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  if (g_str_equal (scheme, "system"))
    gtk_settings_reset_property (gtk_settings, "gtk-application-prefer-dark-theme");
  else
    g_object_set (gtk_settings, "gtk-application-prefer-dark-theme", g_str_equal (scheme, "dark"), NULL);
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Atelier developers", NULL };
  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "Atelier",
                         "logo-icon-name", "org.atelier.Atelier",
                         "version", AT_VERSION,
                         "comments", _("Made-to-measure clothing studio: bodies from measurements, patterns sewn and draped in 3D, honest fit."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         NULL);
}

static void
preferences_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtApplication *self = AT_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  gtk_window_present (at_preferences_window_new (parent, self->settings));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

static void
at_application_startup (GApplication *app)
{
  AtApplication *self = AT_APPLICATION (app);
  G_APPLICATION_CLASS (at_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries), app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.mode::design", { "<Alt>1", NULL } },
    { "win.mode::fitting", { "<Alt>2", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.cancel", { "Escape", NULL } },
    { "win.view-reset", { "<Control>0", "Home", NULL } },
    { "win.view-front", { "<Control>1", NULL } },
    { "win.view-side", { "<Control>2", NULL } },
    { "win.view-back", { "<Control>3", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.show-pattern-pane", { "F9", NULL } },
    { "win.show-inspector", { "<Shift>F9", NULL } },
    { "win.fullscreen", { "F11", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/atelier/Atelier/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name ("org.atelier.Atelier");

  self->settings = at_settings_new ();
  if (self->settings)
    {
      g_signal_connect (self->settings, "changed::color-scheme", G_CALLBACK (apply_color_scheme), NULL);
      apply_color_scheme (self->settings, "color-scheme", NULL);
    }
}

static void
at_application_finalize (GObject *object)
{
  AtApplication *self = AT_APPLICATION (object);
  g_clear_handle_id (&self->screenshot_timeout_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->store, at_store_close);
  g_free (self->store_error);
  g_free (self->screenshot_path);
  g_free (self->mode);
  g_free (self->body_path);
  g_free (self->garment_id);
  g_free (self->size);
  G_OBJECT_CLASS (at_application_parent_class)->finalize (object);
}

static void
at_application_class_init (AtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  object_class->finalize = at_application_finalize;
  app_class->handle_local_options = at_application_handle_local_options;
  app_class->startup = at_application_startup;
  app_class->activate = at_application_activate;
}

static void
at_application_init (AtApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Atelier: made-to-measure clothing studio"));
}

AtApplication *
at_application_new (void)
{
  /* Non-unique: a kiosk, a studio and scripted screenshots may run side by
   * side, and no session bus is needed. */
  return g_object_new (AT_TYPE_APPLICATION, "application-id", "org.atelier.Atelier", "flags",
                       G_APPLICATION_NON_UNIQUE, "resource-base-path", "/org/atelier/Atelier", NULL);
}

GSettings *
at_application_get_settings (AtApplication *self)
{
  return self->settings;
}

int
at_application_get_exit_status (AtApplication *self)
{
  return self->exit_status;
}

AtStore *
at_application_get_store (AtApplication *self, const char **error)
{
  if (!self->store_tried)
    {
      self->store_tried = TRUE;
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "atelier", NULL);
      g_autofree char *path = g_build_filename (dir, "atelier.db", NULL);
      AtError err = { 0 };
      AtStoreDef def = at_store_def_default ();
      if (g_mkdir_with_parents (dir, 0700) != 0)
        self->store_error = g_strdup_printf ("%s: %s", dir, g_strerror (errno));
      else if (at_store_open (path, &def, &self->store, &err) != AT_OK)
        self->store_error = g_strdup (err.message);
    }
  if (error)
    *error = self->store_error;
  return self->store;
}

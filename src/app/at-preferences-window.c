#include "at-preferences-window.h"

struct _AtPreferencesWindow {
  GtkWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (AtPreferencesWindow, at_preferences_window, GTK_TYPE_WINDOW)

static void
at_preferences_window_class_init (AtPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-preferences-window.ui");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
at_preferences_window_init (AtPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
at_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  GtkWindow *window = g_object_new (AT_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  if (settings)
    {
      g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
      const char *keys[] = { "units", "color-scheme" };
      for (size_t i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          g_autoptr (GAction) action = g_settings_create_action (settings, keys[i]);
          g_action_map_add_action (G_ACTION_MAP (group), action);
        }
      gtk_widget_insert_action_group (GTK_WIDGET (window), "prefs", G_ACTION_GROUP (group));
    }
  return window;
}

#include "at-preferences-window.h"
#include "kiosk/at-kiosk-pin.h"

#include <glib/gi18n.h>

struct _AtPreferencesWindow {
  GtkWindow parent_instance;

  /* template children */
  GtkPasswordEntry *pin_entry;
  GtkLabel *pin_label;

  /* borrowed */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (AtPreferencesWindow, at_preferences_window, GTK_TYPE_WINDOW)

/* Only the salted, iterated hash is kept; the PIN itself never is. */
static void
on_pin_activate (GtkPasswordEntry *entry, AtPreferencesWindow *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (entry));
  if (!self->settings || !at_kiosk_pin_is_valid (pin))
    {
      gtk_label_set_text (self->pin_label, _("A PIN is 4 to 12 digits"));
      return;
    }
  g_autofree char *hash = at_kiosk_pin_hash (pin);
  g_settings_set_string (self->settings, "kiosk-pin-hash", hash);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_label_set_text (self->pin_label, _("Staff PIN saved"));
}

static void
at_preferences_window_class_init (AtPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/atelier/Atelier/ui/at-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtPreferencesWindow, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, AtPreferencesWindow, pin_label);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_activate);
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
  AtPreferencesWindow *self = g_object_new (AT_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  GtkWindow *window = GTK_WINDOW (self);
  self->settings = settings;
  if (settings)
    {
      g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
      const char *keys[] = { "units", "color-scheme" };
      g_autofree char *stored = g_settings_get_string (settings, "kiosk-pin-hash");
      gtk_label_set_text (self->pin_label, stored[0] ? _("A staff PIN is set; type a new one to replace it")
                                             : _("No staff PIN yet: the kiosk cannot be unlocked"));
      for (size_t i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          g_autoptr (GAction) action = g_settings_create_action (settings, keys[i]);
          g_action_map_add_action (G_ACTION_MAP (group), action);
        }
      gtk_widget_insert_action_group (GTK_WIDGET (window), "prefs", G_ACTION_GROUP (group));
    }
  return window;
}

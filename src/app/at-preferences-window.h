/* Preferences: units and style now, the kiosk's PIN and idle time with the
 * kiosk. Every row is a GSettings key exposed as a stateful action, so the
 * widgets need no code to stay in sync. */
#pragma once
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AT_TYPE_PREFERENCES_WINDOW (at_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (AtPreferencesWindow, at_preferences_window, AT, PREFERENCES_WINDOW, GtkWindow)

GtkWindow *at_preferences_window_new (GtkWindow *parent, GSettings *settings);

G_END_DECLS

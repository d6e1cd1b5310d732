#pragma once
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AT_TYPE_APPLICATION (at_application_get_type ())
G_DECLARE_FINAL_TYPE (AtApplication, at_application, AT, APPLICATION, GtkApplication)

AtApplication *at_application_new (void);
GSettings *at_application_get_settings (AtApplication *self);
/* Non-zero when a scripted run (--screenshot) failed. */
int at_application_get_exit_status (AtApplication *self);

G_END_DECLS

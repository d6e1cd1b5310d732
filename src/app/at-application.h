#pragma once
#include <gtk/gtk.h>
#include "store/at_store.h"

G_BEGIN_DECLS

#define AT_TYPE_APPLICATION (at_application_get_type ())
G_DECLARE_FINAL_TYPE (AtApplication, at_application, AT, APPLICATION, GtkApplication)

AtApplication *at_application_new (void);
GSettings *at_application_get_settings (AtApplication *self);
/* Non-zero when a scripted run (--screenshot) failed. */
int at_application_get_exit_status (AtApplication *self);

/* The customer database in the user's data folder, opened on first use;
 * NULL when it cannot be used, with *error saying why (never overwritten). */
AtStore *at_application_get_store (AtApplication *self, const char **error);

G_END_DECLS

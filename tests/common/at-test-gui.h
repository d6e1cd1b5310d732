/* What the GUI tests share: starting the application under a display and
 * running the main loop until a condition holds. */
#pragma once

#include <glib.h>

#include "at-application.h"

/* Exits 77 (the whole program skipped) without a display; otherwise
 * initialises GTK for tests and returns a registered application. */
AtApplication *at_test_gui_start (int *argc, char ***argv);

/* Iterates the default main context until done (data) is true or the
 * seconds run out; returns whether it became true. */
gboolean at_test_wait_until (gboolean (*done) (gpointer), gpointer data, int seconds);

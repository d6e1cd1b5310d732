/* What the GUI tests share: running the main loop until a condition holds. */
#pragma once

#include <glib.h>

/* Iterates the default main context until done (data) is true or the
 * seconds run out; returns whether it became true. */
gboolean at_test_wait_until (gboolean (*done) (gpointer), gpointer data, int seconds);

#include "at-test-gui.h"

#include <gtk/gtk.h>
#include <stdlib.h>

AtApplication *
at_test_gui_start (int *argc, char ***argv)
{
  if (!g_getenv ("DISPLAY") && !g_getenv ("WAYLAND_DISPLAY"))
    {
      g_print ("1..0 # SKIP no display: run the GUI tests under xvfb-run\n");
      exit (77);
    }
  gtk_test_init (argc, argv, NULL);
  AtApplication *app = at_application_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  return app;
}

gboolean
at_test_wait_until (gboolean (*done) (gpointer), gpointer data, int seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      /* Workers (drapes, nesting) need the CPU more than a spinning loop. */
      g_usleep (2000);
    }
  return TRUE;
}

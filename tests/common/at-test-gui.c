#include "at-test-gui.h"

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

/* The Marker view under Xvfb: no garment and nothing ordered give clear
 * messages; an order of the current garment is nested in the background
 * into a valid marker that the view draws; the view is freed when closed.
 * Without a display the test is skipped (77). */
#include <gtk/gtk.h>
#include <string.h>

#include "at-application.h"
#include "common/at-test-gui.h"
#include "at-production-view.h"
#include "at-screenshot.h"
#include "at-window.h"

static AtApplication *app;

static gboolean
has_marker (gpointer data)
{
  return at_production_view_get_marker (AT_PRODUCTION_VIEW (data)) != NULL;
}

static void
test_view (void)
{
  g_application_activate (G_APPLICATION (app));
  AtWindow *window = AT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  /* The studio's own Marker page (a missing page would warn, and warnings are fatal here). */
  at_window_show_pane (window, "marker");
  at_window_show_pane (window, "pattern");

  AtProductionView *view = at_production_view_new (window, NULL);
  GtkWidget *holder = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (holder), 900, 500);
  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (holder));
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);

  /* No garment yet. */
  at_production_view_make_marker (view);
  g_assert_nonnull (strstr (at_production_view_get_message (view), "No garment"));
  /* The garment's drape starts too; the marker's task takes the status bar over. */
  g_assert_true (at_window_show_garment (window, "skirt"));
  /* Nothing ordered. */
  g_assert_true (at_production_view_set_quantity (view, "38", 0));
  g_assert_false (at_production_view_set_quantity (view, "XXXL", 1));
  at_production_view_make_marker (view);
  g_assert_nonnull (strstr (at_production_view_get_message (view), "Nothing ordered"));
  g_assert_null (at_production_view_get_marker (view));

  g_assert_true (at_production_view_set_quantity (view, "38", 2));
  at_production_view_set_options (view, 150, 10, 1);
  at_production_view_make_marker (view);
  g_assert_true (at_test_wait_until (has_marker, view, 120));
  const AtProductionMarker *pm = at_production_view_get_marker (view);
  AtError err = { 0 };
  g_assert_cmpint (at_marker_check (&pm->marker, &err), ==, AT_OK);
  g_assert_cmpint (pm->cuts.garments, ==, 2);
  g_assert_nonnull (strstr (at_production_view_get_message (view), "Utilisation"));

  /* The drawing shows the pieces' fill colour. */
  GdkTexture *shot = NULL;
  for (int attempt = 0; attempt < 500 && !shot; attempt++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
      shot = at_screenshot_widget (holder, NULL);
    }
  g_assert_nonnull (shot);
  /* Kept for a person to look at. */
  const char *tmp = g_getenv ("ATELIER_TEST_TMP");
  if (tmp && g_mkdir_with_parents (tmp, 0755) == 0)
    {
      g_autofree char *png = g_build_filename (tmp, "production-view.png", NULL);
      gdk_texture_save_to_png (shot, png);
    }
  int w = gdk_texture_get_width (shot), h = gdk_texture_get_height (shot);
  guint8 *pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (shot, pixels, (gsize) w * 4);
  int piece_pixels = 0;
  for (int i = 0; i < w * h; i++)
    {
      const guint8 *p = pixels + (gsize) i * 4;
      /* Cairo ARGB in memory order B, G, R: the light blue of a piece. */
      piece_pixels += p[0] > 230 && p[2] > 180 && p[2] < 230;
    }
  g_free (pixels);
  g_object_unref (shot);
  g_assert_cmpint (piece_pixels, >, w * h / 20);

  gtk_window_destroy (GTK_WINDOW (holder));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (view);
}

int
main (int argc, char **argv)
{
  app = at_test_gui_start (&argc, &argv);
  g_test_add_func ("/production/view", test_view);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}

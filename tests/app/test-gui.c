/* The studio window under Xvfb: it opens, its actions work, the 3D view
 * draws a lit scene (not a blank area), --screenshot writes that, and the
 * window is freed when closed. Without a display the test is skipped (77). */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "at-application.h"
#include "common/at-test-gui.h"
#include "at-project-files.h"
#include "at-screenshot.h"
#include "at-fit-panel.h"
#include "at-garment-panel.h"
#include "at-pattern-view.h"
#include "at-sketch-editor.h"
#include "at-window.h"

static AtApplication *app;

static gboolean
window_settled (gpointer data)
{
  return at_window_is_settled (AT_WINDOW (data));
}

static AtWindow *
open_window (void)
{
  g_application_activate (G_APPLICATION (app));
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (AT_IS_WINDOW (window));
  /* A window kept from an earlier test may still be draping its garment. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_true (at_test_wait_until (window_settled, window, 240));
  return AT_WINDOW (window);
}

static GdkTexture *
capture (AtWindow *window)
{
  GdkTexture *shot = NULL;
  /* The first snapshot can come before the window's first frame. */
  for (int attempt = 0; attempt < 500 && !shot; attempt++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
      shot = at_screenshot_widget (GTK_WIDGET (window), NULL);
    }
  g_assert_nonnull (shot);
  return shot;
}

/* Share of distinct colours and mean brightness inside the 3D view. */
static void
view_statistics (AtWindow *window, guint *distinct, double *brightness)
{
  g_autoptr (GdkTexture) shot = capture (window);
  int w = gdk_texture_get_width (shot), h = gdk_texture_get_height (shot);
  guint8 *pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (shot, pixels, (gsize) w * 4);
  graphene_rect_t bounds;
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (at_window_get_view3d (window)), GTK_WIDGET (window), &bounds));
  GHashTable *colours = g_hash_table_new (NULL, NULL);
  double sum = 0;
  int count = 0;
  for (int y = (int) bounds.origin.y + 4; y < (int) (bounds.origin.y + bounds.size.height) - 4 && y < h; y += 3)
    for (int x = (int) bounds.origin.x + 4; x < (int) (bounds.origin.x + bounds.size.width) - 4 && x < w; x += 3)
      {
        const guint8 *p = pixels + ((gsize) y * w + x) * 4;
        g_hash_table_add (colours, GUINT_TO_POINTER (p[0] | p[1] << 8 | p[2] << 16));
        sum += (p[0] + p[1] + p[2]) / 3.0;
        count++;
      }
  *distinct = g_hash_table_size (colours);
  *brightness = count ? sum / count : 0;
  g_hash_table_unref (colours);
  g_free (pixels);
}

static void
test_window_renders (void)
{
  AtWindow *window = open_window ();
  g_assert_null (at_view3d_get_error (at_window_get_view3d (window)));
  guint distinct;
  double brightness;
  view_statistics (window, &distinct, &brightness);
  /* A lit, shaded scene has many colours; a blank or black area has few. */
  g_assert_cmpuint (distinct, >, 300);
  g_assert_cmpfloat (brightness, >, 60.0);
}

static gboolean
sidebar_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_actions (void)
{
  AtWindow *window = open_window ();
  GActionGroup *group = G_ACTION_GROUP (window);
  const char *commands[] = { "view-front", "view-side", "view-back", "view-reset", "zoom-in", "zoom-out" };
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_assert_true (g_action_group_has_action (group, commands[i]));
      g_action_group_activate_action (group, commands[i], NULL);
    }
  /* Every command has a keyboard shortcut. */
  const char *with_accels[] = { "win.view-front", "win.view-reset", "win.mode::fitting", "win.undo",
                                "win.show-pattern-pane", "app.quit", "app.preferences" };
  for (size_t i = 0; i < G_N_ELEMENTS (with_accels); i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), with_accels[i]);
      g_assert_nonnull (accels[0]);
    }

  g_action_group_activate_action (group, "mode", g_variant_new_string ("fitting"));
  g_assert_true (at_test_wait_until (sidebar_mapped, at_window_get_sidebar (window, "fitting"), 10));
  g_action_group_activate_action (group, "mode", g_variant_new_string ("nonsense"));
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, "mode");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "fitting");
  g_action_group_activate_action (group, "mode", g_variant_new_string ("design"));
  g_assert_true (at_test_wait_until (sidebar_mapped, at_window_get_sidebar (window, "design"), 10));

  /* Hiding the 2D pane and the inspector leaves the 3D view drawing. */
  g_action_group_activate_action (group, "show-pattern-pane", NULL);
  g_action_group_activate_action (group, "show-inspector", NULL);
  guint before = at_view3d_get_frames_drawn (at_window_get_view3d (window));
  g_assert_true (at_test_wait_until (window_settled, window, 10));
  guint distinct;
  double brightness;
  view_statistics (window, &distinct, &brightness);
  g_assert_cmpuint (distinct, >, 300);
  g_assert_cmpuint (at_view3d_get_frames_drawn (at_window_get_view3d (window)), >=, before);
  g_action_group_activate_action (group, "show-pattern-pane", NULL);
  g_action_group_activate_action (group, "show-inspector", NULL);

  /* Closing the window frees it and everything it holds. */
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

/* Saves what the window shows, for a person to look at after the run. */
static void
save_artifact (AtWindow *window, const char *name)
{
  const char *dir = g_getenv ("ATELIER_TEST_TMP");
  if (!dir)
    return;
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GdkTexture) shot = capture (window);
  g_assert_true (at_screenshot_save_png (shot, path, NULL));
}

static gboolean
pattern_ready (gpointer data)
{
  return at_garment_panel_get_pattern (data) != NULL;
}

static void
test_garment_and_sketch (void)
{
  AtWindow *window = open_window ();
  /* A library garment drafts its pattern in the size nearest the body. */
  g_assert_true (at_window_show_garment (window, "trousers"));
  /* Loading a garment starts its drape; Esc cancels it and the window settles. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_true (at_test_wait_until (window_settled, window, 30));
  AtGarmentPanel *garment = at_window_get_garment_panel (window);
  g_assert_true (at_test_wait_until (pattern_ready, garment, 10));
  const AtPattern *pattern = at_garment_panel_get_pattern (garment);
  g_assert_cmpint (pattern->panel_count, >=, 4);
  g_assert_false (at_window_show_garment (window, "no-such-garment"));
  g_assert_true (at_garment_panel_set_size (garment, "XL"));
  g_assert_cmpstr (at_garment_panel_get_pattern (garment)->size, ==, "XL");
  g_assert_false (at_garment_panel_set_size (garment, "XXXXL"));
  save_artifact (window, "studio-garment.png");

  /* Sketches: a batch, then the chosen one becomes a made-to-measure garment. */
  AtSketchEditor *editor = at_window_get_sketch_editor (window);
  at_window_show_pane (window, "sketch");
  at_sketch_editor_new_batch (editor, AT_SKETCH_DRESS, 3);
  if (!at_sketch_editor_get_sketch (editor))
    {
      g_test_skip ("no sketch generator weights in data/sketch");
      return;
    }
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_true (at_test_wait_until (window_settled, window, 30));
  save_artifact (window, "studio-sketch.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "sketch.make-garment", NULL));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_cmpstr (at_garment_panel_get_garment (garment)->id, ==, "dress");
  g_assert_cmpstr (at_garment_panel_get_pattern (garment)->size, ==, "made-to-measure");
  /* The edit can be undone. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo"));
}

static void
test_fitting (void)
{
  AtWindow *window = open_window ();
  g_action_group_activate_action (G_ACTION_GROUP (window), "mode", g_variant_new_string ("fitting"));
  const char *error = NULL;
  AtStore *store = at_application_get_store (app, &error);
  g_assert_nonnull (store);
  AtCustomer customer;
  AtError err = { 0 };
  g_assert_cmpint (at_store_customer_create (store, "Ada Test", TRUE, FALSE, &customer, &err), ==, AT_OK);
  AtFitPanel *fit = at_window_get_fit_panel (window);
  at_fit_panel_set_customer (fit, &customer);
  g_assert_true (at_window_show_garment (window, "shirt"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_nonnull (at_fit_panel_get_recommended_size (fit));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fit), "fit.try-runner-up", NULL));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fit), "fit.feedback", "s", "fits"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fit), "fit.save", NULL));
  AtFitting *fittings = NULL;
  size_t n = 0;
  g_assert_cmpint (at_store_fittings_list (store, customer.id, &fittings, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (fittings[0].garment, ==, "shirt");
  at_store_fittings_free (fittings, n);
  AtFeedback *feedback = NULL;
  g_assert_cmpint (at_store_feedback_list (store, customer.id, &feedback, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 1);
  free (feedback);
  save_artifact (window, "studio-fitting.png");
  g_assert_cmpint (at_store_customer_delete (store, customer.id, &err), ==, AT_OK);
}


/* A dart added and a length typed in the 2D editor reach the garment and
 * can be undone. */
static void
test_pattern_dart (void)
{
  AtWindow *window = open_window ();
  AtGarmentPanel *garment = at_window_get_garment_panel (window);
  g_assert_true (at_window_show_garment (window, "skirt"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  const AtPattern *pattern = at_garment_panel_get_pattern (garment);
  int front = at_pattern_find_panel (pattern, "front");
  int edge = at_panel_find_segment (&pattern->panels[front], "waist_side_l");
  int darts = pattern->panels[front].dart_count, seams = pattern->seam_count;
  double s = 0.5 * at_segment_length (&pattern->panels[front], edge);
  GtkWidget *view = GTK_WIDGET (at_window_get_pattern_view (window));
  g_assert_true (gtk_widget_activate_action (view, "pattern.add-dart", "(iid)", front, edge, s));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  pattern = at_garment_panel_get_pattern (garment);
  g_assert_cmpint (pattern->panels[front].dart_count, ==, darts + 1);
  g_assert_cmpint (pattern->seam_count, ==, seams + 2);
  save_artifact (window, "studio-dart.png");
  int hem = at_panel_find_segment (&pattern->panels[front], "hem");
  double hem_len = at_segment_length (&pattern->panels[front], hem);
  g_assert_true (gtk_widget_activate_action (view, "pattern.set-length", "(iid)", front, hem, hem_len + 2.0));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  pattern = at_garment_panel_get_pattern (garment);
  g_assert_cmpfloat (fabs (at_segment_length (&pattern->panels[front], hem) - (hem_len + 2.0)), <, 1e-6);
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_cmpint (at_garment_panel_get_pattern (garment)->panels[front].dart_count, ==, darts);
}

static gboolean
garment_is (gpointer data)
{
  const AtGarmentDef *def = at_garment_panel_get_garment (at_window_get_garment_panel (data));
  return def && g_str_equal (def->id, "skirt");
}

/* Save, change, autosave, reopen: the project comes back as it was saved,
 * hand edit and design included; a broken file changes nothing on screen. */
static void
test_project_files (void)
{
  AtWindow *window = open_window ();
  AtProjectFiles *files = at_window_get_project_files (window);
  AtGarmentPanel *garment = at_window_get_garment_panel (window);
  g_assert_true (at_window_show_garment (window, "skirt"));
  g_assert_true (at_garment_panel_set_size (garment, "40"));
  AtGarmentDef def = *at_garment_panel_get_garment (garment);
  g_assert_cmpint (at_garment_set_param (&def, "flare", 12, NULL), ==, AT_OK);
  AtPattern *edited = g_new (AtPattern, 1);
  *edited = *at_garment_panel_get_pattern (garment);
  edited->panels[0].segments[1].p0.y += 2.0;
  g_assert_true (at_garment_panel_restore (garment, &def, "40", "denim", edited));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_true (at_test_wait_until (window_settled, window, 30));

  g_autofree char *dir = g_dir_make_tmp ("atelier-gui-project-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "client.atelier", NULL);
  g_assert_true (at_project_files_save_to (files, path));
  g_assert_false (at_project_files_is_modified (files));
  g_autofree char *autosave = g_build_filename (g_get_user_data_dir (), "atelier", "autosave.atelier", NULL);
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));

  /* Another garment: unsaved work, which autosave keeps. */
  g_assert_true (at_window_show_garment (window, "tshirt"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_true (at_project_files_is_modified (files));
  at_project_files_autosave_now (files);
  g_assert_true (g_file_test (autosave, G_FILE_TEST_IS_REGULAR));

  /* A broken file is refused in the banner and the tshirt stays. */
  g_autofree char *broken = g_build_filename (dir, "broken.atelier", NULL);
  g_assert_true (g_file_set_contents (broken, "{\"format\": \"atelier-project\", \"version\": 7}", -1, NULL));
  g_assert_false (at_project_files_open (files, broken));
  g_assert_nonnull (strstr (at_window_get_banner (window), "newer"));
  g_assert_cmpstr (at_garment_panel_get_garment (garment)->id, ==, "tshirt");

  g_assert_true (at_project_files_open (files, path));
  g_assert_true (at_test_wait_until (garment_is, window, 60));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  g_assert_cmpstr (at_garment_panel_get_size (garment), ==, "40");
  g_assert_cmpstr (at_garment_panel_get_fabric (garment)->name, ==, "denim");
  double flare = 0;
  g_assert_cmpint (at_garment_get_param (at_garment_panel_get_garment (garment), "flare", &flare, NULL), ==, AT_OK);
  g_assert_cmpfloat (flare, ==, 12);
  g_assert_cmpfloat (at_garment_panel_get_pattern (garment)->panels[0].segments[1].p0.y, ==,
                     edited->panels[0].segments[1].p0.y);
  g_assert_false (at_project_files_is_modified (files));
  g_free (edited);
  g_unlink (broken);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_screenshot_option (void)
{
  g_autofree char *dir = g_dir_make_tmp ("atelier-gui-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "studio.png", NULL);
  const char *argv[] = { g_getenv ("ATELIER_APP"), "--screenshot", png, "--mode", "fitting", NULL };
  int status = -1;
  g_autoptr (GError) error = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 800);
  g_remove (png);

  /* A bad option value is a usage error, a bad body file a runtime error. */
  const char *bad_mode[] = { g_getenv ("ATELIER_APP"), "--screenshot", png, "--mode", "sideways", NULL };
  g_spawn_sync (NULL, (char **) bad_mode, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  const char *bad_body[] = { g_getenv ("ATELIER_APP"), "--screenshot", png, "--body", "/nonexistent.json", NULL };
  g_spawn_sync (NULL, (char **) bad_body, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  app = at_test_gui_start (&argc, &argv);
  g_test_add_func ("/gui/window-renders", test_window_renders);
  g_test_add_func ("/gui/actions", test_actions);
  g_test_add_func ("/gui/garment-and-sketch", test_garment_and_sketch);
  g_test_add_func ("/gui/fitting", test_fitting);
  g_test_add_func ("/gui/pattern-dart", test_pattern_dart);
  g_test_add_func ("/gui/project-files", test_project_files);
  g_test_add_func ("/gui/screenshot-option", test_screenshot_option);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}

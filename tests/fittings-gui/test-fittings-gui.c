/* Fitting mode under Xvfb, as staff would use it: a customer's repeated
 * "too small" reports move the Fit page's advice up a size and the page
 * says why; the customer list exports everything about a customer to a
 * JSON file through a file chooser, and deletes it all only after a
 * confirmation. Without a display the test is skipped (77). */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "anthro/at_completion.h"
#include "at-application.h"
#include "at-body-panel.h"
#include "at-customer-list.h"
#include "at-fit-panel.h"
#include "at-garment-panel.h"
#include "at-window.h"
#include "common/at-test-gui.h"

static AtApplication *app;

/* Settled, cancelling whatever the window starts meanwhile (a drape after
 * a body or size change): these tests read the Fit page, not the drape. */
static gboolean
cancel_until_settled (gpointer data)
{
  if (at_window_is_settled (AT_WINDOW (data)))
    return TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (data), "cancel", NULL);
  return FALSE;
}

static void
settle (AtWindow *window)
{
  g_assert_true (at_test_wait_until (cancel_until_settled, window, 240));
}

static void
on_body_changed (AtBodyPanel *panel, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* A complete body whose chart girths are those of size index s. */
static void
body_of_size (const AtGarmentDef *def, int size, AtMeasurements *out)
{
  AtMeasurements partial = def->sizes[size].body;
  partial.sex = def->sex;
  if (!partial.given[AT_M_STATURE])
    partial.value[AT_M_STATURE] = 175, partial.given[AT_M_STATURE] = true;
  AtError err = { 0 };
  g_assert_cmpint (at_completion_complete (&partial, out, &err), ==, AT_OK);
}

static void
test_feedback_moves_advice (void)
{
  g_application_activate (G_APPLICATION (app));
  AtWindow *window = AT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  settle (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "mode", g_variant_new_string ("fitting"));
  const char *error = NULL;
  AtStore *store = at_application_get_store (app, &error);
  g_assert_nonnull (store);
  AtGarmentDef shirt;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("shirt", &shirt, &err), ==, AT_OK);
  int m = shirt.size_count / 2;
  AtMeasurements body;
  body_of_size (&shirt, m, &body);
  AtCustomer customer;
  g_assert_cmpint (at_store_customer_create (store, "Feedback Test", TRUE, FALSE, &customer, &err), ==, AT_OK);
  g_assert_cmpint (at_store_measurements_add (store, customer.id, &body, AT_MEASURE_SOURCE_TYPED, NULL, &err), ==,
                   AT_OK);

  AtFitPanel *fit = at_window_get_fit_panel (window);
  /* The customer's stored measurements become the body. */
  gboolean built = FALSE;
  gulong handler = g_signal_connect (at_window_get_body_panel (window), "body-changed", G_CALLBACK (on_body_changed),
                                     &built);
  at_fit_panel_set_customer (fit, &customer);
  g_assert_true (at_test_wait_until (flag_set, &built, 240));
  g_signal_handler_disconnect (at_window_get_body_panel (window), handler);
  settle (window);
  g_assert_true (at_window_show_garment (window, "shirt"));
  settle (window);
  /* No feedback yet: the body's answer, and nothing to explain. */
  g_assert_cmpstr (at_fit_panel_get_recommended_size (fit), ==, shirt.sizes[m].name);
  g_assert_null (at_fit_panel_get_feedback_note (fit));

  /* The customer tries the recommended size twice and finds it tight. */
  for (int i = 0; i < 2; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fit), "fit.try-recommended", NULL));
      g_assert_cmpstr (at_garment_panel_get_size (at_window_get_garment_panel (window)), ==, shirt.sizes[m].name);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fit), "fit.feedback", "s", "small"));
      settle (window);
    }
  g_assert_cmpstr (at_fit_panel_get_recommended_size (fit), ==, shirt.sizes[m + 1].name);
  const char *note = at_fit_panel_get_feedback_note (fit);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, shirt.sizes[m].name));
  g_assert_nonnull (strstr (note, shirt.sizes[m + 1].name));

  /* Once the customer is gone, the advice is the body's again. */
  g_assert_cmpint (at_store_customer_delete (store, customer.id, &err), ==, AT_OK);
  at_fit_panel_set_customer (fit, NULL);
  g_assert_cmpstr (at_fit_panel_get_recommended_size (fit), ==, shirt.sizes[m].name);
  g_assert_null (at_fit_panel_get_feedback_note (fit));
  settle (window);
}

/* The newest toplevel of a type (a dialog the list opened), or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = w;
      g_object_unref (w);
    }
  return found;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_toplevel (GTK_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
has_file_chooser (gpointer data)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static void
on_selected (AtCustomerList *list, const AtCustomer *customer, gpointer data)
{
  *(int *) data = customer ? 1 : 0;
}

static void
test_export_and_delete (void)
{
  const char *store_error = NULL;
  AtStore *store = at_application_get_store (app, &store_error);
  g_assert_nonnull (store);
  AtCustomer customer;
  AtError err = { 0 };
  g_assert_cmpint (at_store_customer_create (store, "Export Test", TRUE, FALSE, &customer, &err), ==, AT_OK);
  AtFeedback report = { .verdict = AT_FEEDBACK_FITS };
  g_strlcpy (report.garment, "shirt", sizeof report.garment);
  g_strlcpy (report.size, "M", sizeof report.size);
  g_assert_cmpint (at_store_feedback_add (store, customer.id, &report, NULL, &err), ==, AT_OK);

  GtkWidget *window = gtk_window_new ();
  AtCustomerList *list = AT_CUSTOMER_LIST (at_customer_list_new (store, NULL));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list));
  gtk_window_present (GTK_WINDOW (window));
  int selected = -1;
  g_signal_connect (list, "customer-selected", G_CALLBACK (on_selected), &selected);
  g_assert_false (at_customer_list_select_number (list, "ZZZZ-ZZZZ"));
  g_assert_true (at_customer_list_select_number (list, customer.number));
  g_assert_cmpint (selected, ==, 1);

  /* Export: a file chooser opens, offering a name with the customer number;
   * the chosen file gets everything about them as JSON. (The chooser's own
   * accept path checks the file system asynchronously: the test cancels it
   * and writes through the function the accept path calls.) */
  g_autofree char *dir = g_dir_make_tmp ("atelier-fittings-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "customer.json", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "customers.export", NULL));
  g_assert_true (at_test_wait_until (has_file_chooser, NULL, 20));
  GtkWindow *chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_autofree char *offered = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_nonnull (strstr (offered, customer.number));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_assert_true (at_customer_list_export_file (list, file, &error));
  g_assert_no_error (error);
  json_error_t jerr;
  json_t *exported = json_load_file (path, 0, &jerr);
  g_assert_nonnull (exported);
  g_assert_cmpstr (json_string_value (json_object_get (json_object_get (exported, "customer"), "number")), ==,
                   customer.number);
  g_assert_cmpuint (json_array_size (json_object_get (exported, "feedback")), ==, 1);
  json_decref (exported);
  g_remove (path);
  g_rmdir (dir);

  /* Delete: nothing happens until the staff confirm. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "customers.delete", NULL));
  g_assert_true (at_test_wait_until (has_message_dialog, NULL, 20));
  gtk_dialog_response (GTK_DIALOG (find_toplevel (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_CANCEL);
  AtCustomer found;
  g_assert_cmpint (at_store_customer_find_number (store, customer.number, &found, &err), ==, AT_OK);
  g_assert_cmpint (selected, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "customers.delete", NULL));
  g_assert_true (at_test_wait_until (has_message_dialog, NULL, 20));
  gtk_dialog_response (GTK_DIALOG (find_toplevel (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_ACCEPT);
  g_assert_cmpint (at_store_customer_find_number (store, customer.number, &found, &err), ==, AT_ERR_NOT_FOUND);
  AtFeedback *left = NULL;
  size_t n = 99;
  g_assert_cmpint (at_store_feedback_list (store, customer.id, &left, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 0);
  free (left);
  g_assert_cmpint (selected, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  app = at_test_gui_start (&argc, &argv);
  g_test_add_func ("/fittings-gui/feedback-moves-advice", test_feedback_moves_advice);
  g_test_add_func ("/fittings-gui/export-and-delete", test_export_and_delete);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}

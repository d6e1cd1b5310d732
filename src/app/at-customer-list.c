#include "at-customer-list.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include "at_file.h"

#define MAX_RESULTS 50

struct _AtCustomerList {
  GtkWidget parent_instance;

  /* owned children */
  GtkWidget *box;
  GtkSearchEntry *search;
  GtkListBox *list;
  GtkLabel *message;
  GtkEntry *new_name;
  GtkCheckButton *new_consent;
  GtkWidget *create_box;
  GtkLabel *selected_label;

  /* borrowed */
  AtStore *store;

  /* owned */
  AtCustomer results[MAX_RESULTS];
  size_t result_count;
  AtCustomer selected;      /* the customer export and delete act on */
  gboolean has_selected;
  GSimpleActionGroup *actions;
};

G_DEFINE_FINAL_TYPE (AtCustomerList, at_customer_list, GTK_TYPE_WIDGET)

static guint selected_signal;

static void
show_message (AtCustomerList *self, const char *text)
{
  gtk_label_set_text (self->message, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
}

static void
refresh (AtCustomerList *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  if (!self->store)
    return;
  AtError err = { 0 };
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  self->result_count = 0;
  AtCustomer by_number;
  if (*text && at_store_customer_find_number (self->store, text, &by_number, NULL) == AT_OK)
    self->results[self->result_count++] = by_number;
  else if (at_store_customer_find_name (self->store, text, self->results, MAX_RESULTS, &self->result_count, &err)
           != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  for (size_t i = 0; i < self->result_count; i++)
    {
      const AtCustomer *c = &self->results[i];
      g_autofree char *title = g_strdup_printf ("%s%s%s", c->number, c->name[0] ? " · " : "", c->name);
      GtkWidget *label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_append (self->list, label);
    }
  if (self->result_count == 0)
    {
      GtkWidget *empty = gtk_label_new (*text ? _("No customer matches") : _("No customers yet"));
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_list_box_append (self->list, empty);
    }
}

/* Makes customer (NULL: none) the one the actions act on and tells the
 * window. */
static void
select_customer (AtCustomerList *self, const AtCustomer *customer)
{
  self->has_selected = customer != NULL;
  if (customer)
    self->selected = *customer;
  const char *names[] = { "export", "delete" };
  for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), names[i])), customer != NULL);
  g_autofree char *text = customer ? g_strdup_printf (_("Selected: %s"), customer->number) : NULL;
  gtk_label_set_text (self->selected_label, text ? text : "");
  g_signal_emit (self, selected_signal, 0, customer);
}

static void
on_search_changed (GtkSearchEntry *entry, AtCustomerList *self)
{
  refresh (self);
}

static void
on_row_activated (GtkListBox *box, GtkListBoxRow *row, AtCustomerList *self)
{
  int index = gtk_list_box_row_get_index (row);
  if (index >= 0 && (size_t) index < self->result_count)
    select_customer (self, &self->results[index]);
}

static void
on_create (GtkButton *button, AtCustomerList *self)
{
  if (!self->store)
    return;
  AtError err = { 0 };
  AtCustomer customer;
  gboolean consent = gtk_check_button_get_active (self->new_consent);
  if (!consent)
    {
      show_message (self, _("The customer must agree that their measurements are kept before a record is made."));
      return;
    }
  if (at_store_customer_create (self->store, gtk_editable_get_text (GTK_EDITABLE (self->new_name)), TRUE, FALSE,
                                &customer, &err) != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  show_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->new_name), "");
  gtk_check_button_set_active (self->new_consent, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search), customer.number);
  refresh (self);
  select_customer (self, &customer);
}

gboolean
at_customer_list_select_number (AtCustomerList *self, const char *number)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), number);
  refresh (self);
  if (self->result_count != 1 || !self->store)
    return FALSE;
  select_customer (self, &self->results[0]);
  return TRUE;
}

gboolean
at_customer_list_export_file (AtCustomerList *self, GFile *file, GError **error)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  if (!self->has_selected || !self->store)
    return g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No customer is selected")), FALSE;
  if (!path)
    return g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Choose a local file for the export")),
           FALSE;
  char *json = NULL;
  AtError err = { 0 };
  gboolean ok = at_store_customer_export (self->store, self->selected.id, &json, &err) == AT_OK
                && at_file_write_atomic (path, json, strlen (json), &err) == AT_OK;
  free (json);
  if (!ok)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, err.message);
  return ok;
}

static void
on_export_chosen (GtkNativeDialog *dialog, int response, AtCustomerList *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GError) error = NULL;
      show_message (self, at_customer_list_export_file (self, file, &error) ? NULL : error->message);
    }
  g_object_unref (dialog);
}

/* Everything held about the customer, as one JSON file of their choosing
 * (the right of access and portability). */
static void
export_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtCustomerList *self = AT_CUSTOMER_LIST (user_data);
  if (!self->has_selected || !self->store)
    return;
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
    _("Export the Customer's Data"), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  g_autofree char *name = g_strdup_printf ("customer-%s.json", self->selected.number);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_delete_confirmed (GtkDialog *dialog, int response, AtCustomerList *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response != GTK_RESPONSE_ACCEPT || !self->has_selected)
    return;
  AtError err = { 0 };
  if (at_store_customer_delete (self->store, self->selected.id, &err) != AT_OK)
    {
      show_message (self, err.message);
      return;
    }
  show_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  refresh (self);
  select_customer (self, NULL);
}

/* Erasure cannot be undone: the staff confirm it first. */
static void
delete_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  AtCustomerList *self = AT_CUSTOMER_LIST (user_data);
  if (!self->has_selected || !self->store)
    return;
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING,
                                              GTK_BUTTONS_NONE, _("Delete everything about customer %s?"),
                                              self->selected.number);
  gtk_message_dialog_format_secondary_text (
    GTK_MESSAGE_DIALOG (dialog),
    _("Their measurements, fittings, feedback and favourites are erased from this computer. This cannot be undone."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  GtkWidget *erase = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Delete"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (erase, "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_confirmed), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry customer_entries[] = {
  { "export", export_activated },
  { "delete", delete_activated },
};

static void
at_customer_list_dispose (GObject *object)
{
  AtCustomerList *self = AT_CUSTOMER_LIST (object);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (at_customer_list_parent_class)->dispose (object);
}

static void
at_customer_list_class_init (AtCustomerListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = at_customer_list_dispose;
  selected_signal = g_signal_new ("customer-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
at_customer_list_init (AtCustomerList *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  GtkBox *box = GTK_BOX (self->box);
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find a customer by name or number"), -1);
  g_signal_connect (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_box_append (box, GTK_WIDGET (self->search));
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (box, GTK_WIDGET (self->message));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_box_append (box, GTK_WIDGET (self->list));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), customer_entries, G_N_ELEMENTS (customer_entries),
                                   self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "customers", G_ACTION_GROUP (self->actions));
  self->selected_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->selected_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->selected_label), "caption");
  gtk_box_append (box, GTK_WIDGET (self->selected_label));
  GtkWidget *manage = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *export = gtk_button_new_with_mnemonic (_("E_xport Data…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "customers.export");
  gtk_widget_set_tooltip_text (export, _("Save everything held about this customer as a JSON file"));
  GtkWidget *erase = gtk_button_new_with_mnemonic (_("_Delete Customer…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (erase), "customers.delete");
  gtk_widget_add_css_class (erase, "destructive-action");
  gtk_box_append (GTK_BOX (manage), export);
  gtk_box_append (GTK_BOX (manage), erase);
  gtk_box_append (box, manage);
  select_customer (self, NULL);

  self->create_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_label_new (_("New customer"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 12);
  self->new_name = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->new_name, _("Name (optional)"));
  self->new_consent = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (_("Agrees that measurements are kept")));
  GtkWidget *create = gtk_button_new_with_label (_("Create Customer"));
  gtk_widget_add_css_class (create, "suggested-action");
  g_signal_connect (create, "clicked", G_CALLBACK (on_create), self);
  gtk_box_append (GTK_BOX (self->create_box), heading);
  gtk_box_append (GTK_BOX (self->create_box), GTK_WIDGET (self->new_name));
  gtk_box_append (GTK_BOX (self->create_box), GTK_WIDGET (self->new_consent));
  gtk_box_append (GTK_BOX (self->create_box), create);
  gtk_box_append (box, self->create_box);
}

GtkWidget *
at_customer_list_new (AtStore *store, const char *error)
{
  AtCustomerList *self = g_object_new (AT_TYPE_CUSTOMER_LIST, NULL);
  self->store = store;
  gtk_widget_set_sensitive (self->create_box, store != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search), store != NULL);
  if (!store)
    {
      g_autofree char *msg = g_strdup_printf (_("Customer records are unavailable: %s"), error ? error : "");
      show_message (self, msg);
    }
  refresh (self);
  return GTK_WIDGET (self);
}

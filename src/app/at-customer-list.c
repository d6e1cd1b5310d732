#include "at-customer-list.h"

#include <glib/gi18n.h>

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

  /* borrowed */
  AtStore *store;

  /* owned */
  AtCustomer results[MAX_RESULTS];
  size_t result_count;
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
    g_signal_emit (self, selected_signal, 0, &self->results[index]);
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
  g_signal_emit (self, selected_signal, 0, &customer);
}

static void
at_customer_list_dispose (GObject *object)
{
  AtCustomerList *self = AT_CUSTOMER_LIST (object);
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

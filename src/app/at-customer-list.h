/* Fitting mode's left column: find a customer by name or customer number,
 * or create one (name optional, consent recorded). Selecting one emits
 * "customer-selected" with a pointer to an AtCustomer valid during the
 * emission (NULL once their records were deleted). The actions
 * customers.export (everything about the selected customer as a JSON file,
 * through a file chooser) and customers.delete (erase it all, after a
 * confirmation) act on the selected customer. Store errors (a corrupt,
 * newer or locked database) show in the column; the database is never
 * overwritten. */
#pragma once
#include <gtk/gtk.h>
#include "store/at_store.h"

G_BEGIN_DECLS

#define AT_TYPE_CUSTOMER_LIST (at_customer_list_get_type ())
G_DECLARE_FINAL_TYPE (AtCustomerList, at_customer_list, AT, CUSTOMER_LIST, GtkWidget)

/* store may be NULL (unavailable), with error saying why. */
GtkWidget *at_customer_list_new (AtStore *store, const char *error);
/* Finds the customer with this number and selects them, as a click on
 * their row would; FALSE when there is no such customer. */
gboolean at_customer_list_select_number (AtCustomerList *self, const char *number);
/* What customers.export writes once a file is chosen: everything about the
 * selected customer as JSON, written atomically. */
gboolean at_customer_list_export_file (AtCustomerList *self, GFile *file, GError **error);

G_END_DECLS

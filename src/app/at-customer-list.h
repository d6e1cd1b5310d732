/* Fitting mode's left column: find a customer by name or customer number,
 * or create one (name optional, consent recorded). Selecting one emits
 * "customer-selected" with a pointer to an AtCustomer valid during the
 * emission. Store errors (a corrupt, newer or locked database) show in
 * the column; the database is never overwritten. */
#pragma once
#include <gtk/gtk.h>
#include "store/at_store.h"

G_BEGIN_DECLS

#define AT_TYPE_CUSTOMER_LIST (at_customer_list_get_type ())
G_DECLARE_FINAL_TYPE (AtCustomerList, at_customer_list, AT, CUSTOMER_LIST, GtkWidget)

/* store may be NULL (unavailable), with error saying why. */
GtkWidget *at_customer_list_new (AtStore *store, const char *error);

G_END_DECLS

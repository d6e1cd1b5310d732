/* The library column: every garment of the library with a thumbnail of its
 * front panel, name, category and sizes. Activating a row emits
 * "garment-activated" with the garment id. */
#pragma once
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AT_TYPE_LIBRARY_LIST (at_library_list_get_type ())
G_DECLARE_FINAL_TYPE (AtLibraryList, at_library_list, AT, LIBRARY_LIST, GtkWidget)

GtkWidget *at_library_list_new (void);

G_END_DECLS

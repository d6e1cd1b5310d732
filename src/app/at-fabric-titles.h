/* The fabric presets as a list model of their titles, for drop-downs; the
 * ids come back in the same order. */
#pragma once
#include <gtk/gtk.h>
#include "cloth/at_fabric.h"

/* Free *ids with at_fabric_list_free (ids, count). */
GtkStringList *at_fabric_titles_new (char ***ids, int *count, AtError *err);

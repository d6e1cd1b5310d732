/* Captures what a person sees of a widget (a whole window included): the
 * widget's paintable rendered by its own GSK renderer, GL view and all. */
#pragma once
#include <gtk/gtk.h>

GdkTexture *at_screenshot_widget (GtkWidget *widget, GError **error);
/* Writes the texture as PNG through a temporary name and rename. */
gboolean at_screenshot_save_png (GdkTexture *texture, const char *path, GError **error);

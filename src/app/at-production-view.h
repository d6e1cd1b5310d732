/* The studio's Marker page: an order (garments per size) of the current
 * garment, nested on the fabric in the background (status bar progress and
 * cancel), the marker drawn zoomable and pannable with each piece labelled
 * garment / size / panel, its length, utilisation and fabric cost, exports
 * (SVG, PDF, cutting file), and the size mix proposed from the sizes
 * recorded at customers' fittings. */
#pragma once
#include <gtk/gtk.h>
#include "at-window.h"
#include "production/at_production.h"
#include "store/at_store.h"

G_BEGIN_DECLS

#define AT_TYPE_PRODUCTION_VIEW (at_production_view_get_type ())
G_DECLARE_FINAL_TYPE (AtProductionView, at_production_view, AT, PRODUCTION_VIEW, GtkWidget)

/* store may be NULL (no customer database): the size mix then says so. */
AtProductionView *at_production_view_new (AtWindow *window, AtStore *store);
/* Sets the order's quantity of a size of the current garment. */
gboolean at_production_view_set_quantity (AtProductionView *self, const char *size, int quantity);
/* Fabric width (cm), price per metre and the nesting's time budget (s). */
void at_production_view_set_options (AtProductionView *self, double width_cm, double price, double seconds);
/* The text under "Make marker": the marker's figures or what went wrong. */
const char *at_production_view_get_message (AtProductionView *self);
/* Starts "Make marker" (as the button does). */
void at_production_view_make_marker (AtProductionView *self);
/* The last marker made, or NULL. */
const AtProductionMarker *at_production_view_get_marker (AtProductionView *self);

G_END_DECLS

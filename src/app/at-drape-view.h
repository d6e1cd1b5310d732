/* Puts the current garment on the current body in the 3D view: whenever
 * the pattern, fabric or body changes, a worker thread (GTask) builds the
 * body, sews and drapes the garment, streams frames to the view while the
 * cloth settles, then analyses the fit. The status bar shows progress with
 * cancel; a newer edit cancels an older drape. Fit maps (strain, ease,
 * pressure) colour the garment with a legend. */
#pragma once
#include <gtk/gtk.h>
#include "at-window.h"

G_BEGIN_DECLS

#define AT_TYPE_DRAPE_VIEW (at_drape_view_get_type ())
G_DECLARE_FINAL_TYPE (AtDrapeView, at_drape_view, AT, DRAPE_VIEW, GObject)

AtDrapeView *at_drape_view_new (AtWindow *window);
/* Starts a drape of the current garment (cancelling a running one). */
void at_drape_view_update (AtDrapeView *self);
/* Drapes the same garment in another size on a second body beside the
 * first (NULL ends the comparison). */
void at_drape_view_set_compare_size (AtDrapeView *self, const char *size);
/* "none", "strain", "ease" or "pressure". */
void at_drape_view_set_map (AtDrapeView *self, const char *map);
/* The window is going away: drop running work and stop touching it. */
void at_drape_view_detach (AtDrapeView *self);

G_END_DECLS

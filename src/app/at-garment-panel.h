/* The inspector's Garment page: the garment chosen in the library, its
 * size (a chart size or made to measure for the current body), fabric,
 * design parameters as sliders, the pattern's checks, and pattern export.
 * It owns the current pattern; "pattern-changed" tells the 2D and 3D
 * views to follow. */
#pragma once
#include <gtk/gtk.h>
#include "at-window.h"
#include "cloth/at_fabric.h"
#include "pattern/at_garment_library.h"
#include "sketch/at_sketch.h"

G_BEGIN_DECLS

#define AT_TYPE_GARMENT_PANEL (at_garment_panel_get_type ())
G_DECLARE_FINAL_TYPE (AtGarmentPanel, at_garment_panel, AT, GARMENT_PANEL, GtkWidget)

AtGarmentPanel *at_garment_panel_new (AtWindow *window);
/* Loads a library garment; FALSE with a message on the page if it fails. */
gboolean at_garment_panel_load (AtGarmentPanel *self, const char *id);
/* "M", or NULL for made to measure. */
gboolean at_garment_panel_set_size (AtGarmentPanel *self, const char *size);
/* The current pattern, or NULL while no garment is loaded. */
const AtPattern *at_garment_panel_get_pattern (AtGarmentPanel *self);
const AtGarmentDef *at_garment_panel_get_garment (AtGarmentPanel *self);
const AtFabric *at_garment_panel_get_fabric (AtGarmentPanel *self);
/* The chart size shown, or NULL for made to measure or no garment. */
const char *at_garment_panel_get_size (AtGarmentPanel *self);
/* Replaces the pattern with an edited one (from the 2D editor). */
void at_garment_panel_set_edited_pattern (AtGarmentPanel *self, const AtPattern *pattern);

/* Loads the garment matching the sketch's category and sets its design
 * from the sketch, made to measure for the current body, in the fabric
 * (a preset id; NULL keeps the garment's own). */
gboolean at_garment_panel_apply_sketch (AtGarmentPanel *self, const AtSketch *sketch, const char *fabric);

/* Shows a saved garment exactly as it was left: its design parameters, size
 * (NULL: made to measure), fabric preset id and the pattern with its edits. */
gboolean at_garment_panel_restore (AtGarmentPanel *self, const AtGarmentDef *def, const char *size,
                                   const char *fabric, const AtPattern *pattern);

G_END_DECLS

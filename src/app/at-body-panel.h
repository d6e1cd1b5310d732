/* The inspector's Body page: sex, presets, every measurement with whether
 * it was measured or estimated, cm/inch, "estimate the rest", scan import,
 * measurement rings. Edits rebuild the body off the main thread (a GTask
 * running completion + at_body_build), debounced so sliders stay live. */
#pragma once
#include <gtk/gtk.h>
#include "at-window.h"
#include "body/at_body.h"

G_BEGIN_DECLS

#define AT_TYPE_BODY_PANEL (at_body_panel_get_type ())
G_DECLARE_FINAL_TYPE (AtBodyPanel, at_body_panel, AT, BODY_PANEL, GtkWidget)

AtBodyPanel *at_body_panel_new (AtWindow *window);
/* Replaces the measurement set (given keys kept, the rest estimated). */
void at_body_panel_set_measurements (AtBodyPanel *self, const AtMeasurements *partial);
/* The complete set behind the current body (given flags say which were measured). */
const AtMeasurements *at_body_panel_get_measurements (AtBodyPanel *self);
/* The current body, or NULL while none is built. Emits "body-changed". */
AtBody *at_body_panel_get_body (AtBodyPanel *self);

G_END_DECLS

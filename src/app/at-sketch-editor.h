/* The sketch editor (the 2D pane's second page): a gallery strip of
 * generated sketches (new batch by category and seed, "more like this",
 * interpolation between two) above a canvas where the traced outline is
 * edited: drag points and handles with the mirror point following (the
 * garment stays symmetric), double-click a curve to add a point, Delete to
 * remove the selected one, scroll/pinch to zoom, drag the background to
 * pan; fill colour; save/open JSON, export SVG/PNG; "Make garment" turns
 * the sketch into the matching library garment's design. */
#pragma once
#include <gtk/gtk.h>
#include "at-window.h"
#include "sketch/at_sketch.h"

G_BEGIN_DECLS

#define AT_TYPE_SKETCH_EDITOR (at_sketch_editor_get_type ())
G_DECLARE_FINAL_TYPE (AtSketchEditor, at_sketch_editor, AT, SKETCH_EDITOR, GtkWidget)

AtSketchEditor *at_sketch_editor_new (AtWindow *window);
/* Generates a new gallery for the category (seeds from seed on). */
void at_sketch_editor_new_batch (AtSketchEditor *self, AtSketchCategory category, guint64 seed);
/* The sketch on the canvas, or NULL. */
const AtSketch *at_sketch_editor_get_sketch (AtSketchEditor *self);

/* The fabric preset id chosen for the sketch's swatch, or NULL. */
const char *at_sketch_editor_get_fabric (AtSketchEditor *self);

/* Signal "make-garment" (no arguments): the user asked to turn the sketch
 * into a garment. */

G_END_DECLS

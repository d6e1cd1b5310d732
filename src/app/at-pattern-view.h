/* The 2D pattern editor: panels at true scale on a centimetre grid, drawn
 * by the same Cairo routine as the SVG/PDF export (src/print); drag a
 * corner or a curve handle to reshape a panel (snapped to 5 mm, Shift for
 * free), double-click an edge to add a dart there (action pattern.add-dart),
 * right-click an edge to type its length (pattern.set-length),
 * scroll or pinch to zoom, drag the background to pan. Twins of a panel
 * (the right sleeve of a left one) follow its edits. Edge lengths read out
 * live, and seams whose sides disagree are flagged. */
#pragma once
#include <gtk/gtk.h>
#include "pattern/at_pattern.h"

G_BEGIN_DECLS

#define AT_TYPE_PATTERN_VIEW (at_pattern_view_get_type ())
G_DECLARE_FINAL_TYPE (AtPatternView, at_pattern_view, AT, PATTERN_VIEW, GtkWidget)

GtkWidget *at_pattern_view_new (void);
/* Shows a copy of pattern (NULL clears); keeps the zoom unless it is the first. */
void at_pattern_view_set_pattern (AtPatternView *self, const AtPattern *pattern);
const AtPattern *at_pattern_view_get_pattern (AtPatternView *self);
/* Highlights a panel (-1 for none), e.g. the one a check complains about. */
void at_pattern_view_highlight_panel (AtPatternView *self, int panel);

/* Signal "edited" (before: gpointer to the AtPattern before the drag) is
 * emitted when a drag ends; the view already holds the edited pattern. */

G_END_DECLS

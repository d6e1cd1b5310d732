/* Drawing production markers with Cairo, outside the engine: the studio's
 * marker view and the CLI's PDF export share this routine, so what is
 * exported is what the studio shows. */
#pragma once
#include <cairo.h>
#include "production/at_production.h"

/* Draws the marker with 1 user unit = 1 cm: the strip from (0, 0) to
 * (length, width), x along the length, y across (down the page); each piece
 * filled, outlined and labelled garment / size / panel. */
void at_marker_draw (cairo_t *cr, const AtProductionMarker *pm);

/* The marker at true scale in PDF with a caption (garment, fabric, length,
 * width, utilisation, cost per garment): one page per 5 m of strip, as PDF
 * pages stop at 508 cm. Atomic. */
AtStatus at_marker_pdf (const AtProductionMarker *pm, const char *path, AtError *err);

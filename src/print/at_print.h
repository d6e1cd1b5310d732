/* Drawing sewing patterns with Cairo, outside the engine (which never sees
 * a graphics library). One routine draws a laid-out pattern sheet in
 * millimetres on any cairo_t: the SVG and PDF writers here use it, and the
 * GUI's 2D pattern editor calls it with its own context and transform.
 *
 * The sheet: every panel (a mirrored twin is drawn once, labelled "cut 2")
 * at true scale with its stitch line (solid), cutting line with seam
 * allowance (dashed), grain line, notches, fold lines and a label (garment,
 * size, panel, cut count, fabric); a title and, when the garment definition
 * is given, its size table with the drafted size highlighted. */
#pragma once
#include <cairo.h>
#include <stdbool.h>
#include "pattern/at_garment_library.h"
#include "pattern/at_pattern.h"

typedef enum {
  AT_PRINT_PAGE_A4,      /* PDF tiled over A4 pages with overlap and alignment marks */
  AT_PRINT_PAGE_A0,      /* one A0 page (refused if the sheet does not fit) */
  AT_PRINT_PAGE_PLOTTER, /* one page exactly the size of the sheet */
} AtPrintPage;

typedef struct {
  const AtGarmentDef *garment; /* optional: name and size table */
  AtPrintPage page;
  double sheet_width_mm;       /* layout width; default 900 (a plotter roll) */
  double overlap_mm;           /* tiled pages overlap, default 10 */
} AtPrintOptions;

AtPrintOptions at_print_options_default (void);

typedef struct {
  double x[AT_PATTERN_MAX_PANELS], y[AT_PATTERN_MAX_PANELS]; /* top-left of each panel's box (mm) */
  bool shown[AT_PATTERN_MAX_PANELS];
  double table_y;        /* where the size table starts */
  double width, height;  /* the whole sheet (mm) */
} AtPrintLayout;

void at_print_layout (const AtPattern *pattern, const AtPrintOptions *options, AtPrintLayout *out);
/* Draws the sheet with 1 user unit = 1 mm, origin at the sheet's top left. */
void at_print_draw (cairo_t *cr, const AtPattern *pattern, const AtPrintLayout *layout, const AtPrintOptions *options);
/* Draws one panel with 1 unit = 1 mm, the panel's own origin at (0, 0) and y
 * pointing down (panel y up is flipped). */
void at_print_draw_panel (cairo_t *cr, const AtPattern *pattern, int panel);

/* Writers (atomic: temporary file then rename). The SVG is one page at true
 * scale (document unit mm); the PDF follows options->page. */
AtStatus at_print_svg (const AtPattern *pattern, const AtPrintOptions *options, const char *path, AtError *err);
AtStatus at_print_pdf (const AtPattern *pattern, const AtPrintOptions *options, const char *path, AtError *err);
/* Picks the writer from the extension: .svg, .pdf, or .dxf (AAMA, see dxf/at_dxf.h). */
AtStatus at_print_file (const AtPattern *pattern, const AtPrintOptions *options, const char *path, AtError *err);

/* Frees Cairo's and fontconfig's process-wide caches, so leak checkers see
 * only real leaks. For programs that end after printing (the CLI); never
 * while another thread may still draw text. */
void at_print_shutdown (void);

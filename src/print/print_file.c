/* SVG and PDF writers for pattern sheets. The PDF can tile the sheet over
 * A4 pages: each page shows its part of the sheet with `overlap_mm` shared
 * with its neighbours, the overlap edges marked by thin lines and crosses,
 * and a row/column label so the pages can be taped together; the first page
 * carries a 50 mm test square (bottom left) to check the printer did not scale. */
#include "at_print.h"
#include "at_file.h"
#include "dxf/at_dxf.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PT_PER_MM (72.0 / 25.4)
#define A4_W 210.0
#define A4_H 297.0
#define A4_MARGIN 10.0
#define A0_W 841.0
#define A0_H 1189.0

typedef struct {
  const AtPattern *pattern;
  const AtPrintOptions *options;
  AtPrintLayout layout;
} Job;

static AtStatus
finish (cairo_surface_t *surface, cairo_t *cr, const char *path, AtError *err)
{
  cairo_status_t cst = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (cst == CAIRO_STATUS_SUCCESS)
    cst = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (cst != CAIRO_STATUS_SUCCESS)
    return at_error_set (err, AT_ERR_IO, "%s: %s", path, cairo_status_to_string (cst));
  return AT_OK;
}

static AtStatus
write_svg (const char *tmp_path, void *user, AtError *err)
{
  Job *job = user;
  cairo_surface_t *s = cairo_svg_surface_create (tmp_path, job->layout.width, job->layout.height);
  /* With millimetres as the document unit, one user unit is one mm. */
  cairo_svg_surface_set_document_unit (s, CAIRO_SVG_UNIT_MM);
  cairo_t *cr = cairo_create (s);
  at_print_draw (cr, job->pattern, &job->layout, job->options);
  return finish (s, cr, tmp_path, err);
}

static void
page_marks (cairo_t *cr, int row, int col, int rows, int cols, double ov)
{
  double w = A4_W - 2 * A4_MARGIN, h = A4_H - 2 * A4_MARGIN;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  cairo_set_line_width (cr, 0.2);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_stroke (cr);
  double dash[] = { 1, 1.5 };
  cairo_set_dash (cr, dash, 2, 0);
  if (col > 0)
    cairo_move_to (cr, ov, 0), cairo_line_to (cr, ov, h);
  if (row > 0)
    cairo_move_to (cr, 0, ov), cairo_line_to (cr, w, ov);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  /* Alignment crosses where the overlap lines meet the page edges. */
  double xs[2] = { ov, w - ov }, ys[2] = { ov, h - ov };
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++)
      {
        cairo_move_to (cr, xs[i] - 3, ys[j]), cairo_line_to (cr, xs[i] + 3, ys[j]);
        cairo_move_to (cr, xs[i], ys[j] - 3), cairo_line_to (cr, xs[i], ys[j] + 3);
      }
  cairo_stroke (cr);
  char label[64];
  snprintf (label, sizeof label, "page row %d/%d, column %d/%d", row + 1, rows, col + 1, cols);
  cairo_set_font_size (cr, 3);
  cairo_move_to (cr, 2, h + 5);
  cairo_show_text (cr, label);
  cairo_restore (cr);
}

static void
test_square (cairo_t *cr)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 0.3);
  cairo_rectangle (cr, 10, A4_H - 2 * A4_MARGIN - 60, 50, 50);
  cairo_stroke (cr);
  cairo_set_font_size (cr, 3);
  cairo_move_to (cr, 12, A4_H - 2 * A4_MARGIN - 55);
  cairo_show_text (cr, "50 mm test square");
  cairo_restore (cr);
}

static AtStatus
write_pdf (const char *tmp_path, void *user, AtError *err)
{
  Job *job = user;
  const AtPrintLayout *L = &job->layout;
  cairo_surface_t *s;
  cairo_t *cr;
  if (job->options->page != AT_PRINT_PAGE_A4)
    {
      double w = job->options->page == AT_PRINT_PAGE_A0 ? A0_W : L->width;
      double h = job->options->page == AT_PRINT_PAGE_A0 ? A0_H : L->height;
      s = cairo_pdf_surface_create (tmp_path, w * PT_PER_MM, h * PT_PER_MM);
      cr = cairo_create (s);
      cairo_scale (cr, PT_PER_MM, PT_PER_MM);
      at_print_draw (cr, job->pattern, L, job->options);
      return finish (s, cr, tmp_path, err);
    }
  double ov = job->options->overlap_mm >= 0 ? job->options->overlap_mm : 10;
  double w = A4_W - 2 * A4_MARGIN, h = A4_H - 2 * A4_MARGIN;
  double sx = w - ov, sy = h - ov;
  int cols = (int) fmax (1, ceil ((L->width - ov) / sx)), rows = (int) fmax (1, ceil ((L->height - ov) / sy));
  s = cairo_pdf_surface_create (tmp_path, A4_W * PT_PER_MM, A4_H * PT_PER_MM);
  cr = cairo_create (s);
  cairo_scale (cr, PT_PER_MM, PT_PER_MM);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        cairo_save (cr);
        cairo_translate (cr, A4_MARGIN, A4_MARGIN);
        cairo_save (cr);
        cairo_rectangle (cr, 0, 0, w, h);
        cairo_clip (cr);
        cairo_translate (cr, -c * sx, -r * sy);
        at_print_draw (cr, job->pattern, L, job->options);
        cairo_restore (cr);
        page_marks (cr, r, c, rows, cols, ov);
        if (r == 0 && c == 0)
          test_square (cr);
        cairo_restore (cr);
        cairo_show_page (cr);
      }
  return finish (s, cr, tmp_path, err);
}

static AtStatus
prepare (Job *job, const AtPattern *pattern, const AtPrintOptions *options, AtPrintOptions *storage,
         const char *path, AtError *err)
{
  if (!options)
    {
      *storage = at_print_options_default ();
      options = storage;
    }
  job->pattern = pattern;
  job->options = options;
  AtPrintOptions layout_opts = *options;
  if (options->page == AT_PRINT_PAGE_A0)
    layout_opts.sheet_width_mm = A0_W;
  at_print_layout (pattern, &layout_opts, &job->layout);
  if (options->page == AT_PRINT_PAGE_A0 && (job->layout.width > A0_W || job->layout.height > A0_H))
    return at_error_set (err, AT_ERR_RANGE, "%s: the pattern (%.0f x %.0f mm) does not fit on A0; use a plotter page",
                         path, job->layout.width, job->layout.height);
  return AT_OK;
}

AtStatus
at_print_svg (const AtPattern *pattern, const AtPrintOptions *options, const char *path, AtError *err)
{
  Job job;
  AtPrintOptions storage;
  AtStatus st = prepare (&job, pattern, options, &storage, path, err);
  return st != AT_OK ? st : at_file_write_via (path, write_svg, &job, err);
}

AtStatus
at_print_pdf (const AtPattern *pattern, const AtPrintOptions *options, const char *path, AtError *err)
{
  Job job;
  AtPrintOptions storage;
  AtStatus st = prepare (&job, pattern, options, &storage, path, err);
  return st != AT_OK ? st : at_file_write_via (path, write_pdf, &job, err);
}

AtStatus
at_print_file (const AtPattern *pattern, const AtPrintOptions *options, const char *path, AtError *err)
{
  char ext[16];
  at_file_extension (path, ext, sizeof ext);
  if (strcmp (ext, "svg") == 0)
    return at_print_svg (pattern, options, path, err);
  if (strcmp (ext, "pdf") == 0)
    return at_print_pdf (pattern, options, path, err);
  if (strcmp (ext, "dxf") == 0)
    return at_dxf_write_pattern (pattern, path, err);
  return at_error_set (err, AT_ERR_UNSUPPORTED, "%s: the pattern can be written as .svg, .pdf or .dxf (AAMA)", path);
}

void
at_print_shutdown (void)
{
  cairo_debug_reset_static_data ();
  FcFini ();
}

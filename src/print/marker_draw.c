/* Production markers drawn with Cairo (see at_marker_draw.h). */
#include "at_marker_draw.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include "at_file.h"

#define CM_TO_PT (72.0 / 2.54)
#define CAPTION_CM 5.0

void
at_marker_draw (cairo_t *cr, const AtProductionMarker *pm)
{
  const AtMarker *m = &pm->marker;
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_rectangle (cr, 0, 0, m->length, m->strip_width);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.15);
  cairo_stroke (cr);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (size_t i = 0; i < m->n_placements; i++)
    {
      const AtNestPlacement *pl = &m->placements[i];
      double min_y = INFINITY, max_y = -INFINITY, min_x = INFINITY, max_x = -INFINITY;
      /* A label leaves a current point behind: start each outline afresh. */
      cairo_new_path (cr);
      for (size_t k = 0; k < pl->n_points; k++)
        {
          cairo_line_to (cr, pl->polygon[k].x, pl->polygon[k].y);
          min_x = fmin (min_x, pl->polygon[k].x), max_x = fmax (max_x, pl->polygon[k].x);
          min_y = fmin (min_y, pl->polygon[k].y), max_y = fmax (max_y, pl->polygon[k].y);
        }
      cairo_close_path (cr);
      /* Sizes alternate in tint so a cutter tells them apart at a glance. */
      double tint = 0.06 * (double) (pl->piece % 4);
      cairo_set_source_rgb (cr, 0.86 - tint, 0.91 - tint / 2, 0.96);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.1, 0.23, 0.36);
      cairo_set_line_width (cr, 0.12);
      cairo_stroke (cr);

      char label[128];
      at_production_placement_label (pm, i, label, sizeof label);
      AtPoint2 at = at_production_label_point (pl);
      bool upright = (max_y - min_y) > 1.5 * (max_x - min_x);
      double room = upright ? max_y - min_y : max_x - min_x;
      cairo_set_font_size (cr, 1.6);
      cairo_text_extents_t ext;
      cairo_text_extents (cr, label, &ext);
      /* Fit the label to the piece: at most 3 cm high, never below a
       * legible 0.6 cm. */
      double size = fmax (0.6, fmin (3.0, 1.6 * 0.8 * room / fmax (ext.width, 1e-6)));
      cairo_set_font_size (cr, size);
      cairo_text_extents (cr, label, &ext);
      cairo_save (cr);
      cairo_translate (cr, at.x, at.y);
      if (upright)
        cairo_rotate (cr, -M_PI / 2);
      cairo_move_to (cr, -ext.width / 2 - ext.x_bearing, -ext.height / 2 - ext.y_bearing);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_show_text (cr, label);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

/* PDF readers refuse pages over 200 inches (508 cm): a longer marker is
 * cut into pages of at most this much strip, each at true scale, to be
 * plotted end to end. */
#define PAGE_STRIP_CM 500.0

static AtStatus
write_pdf (const char *tmp_path, void *user_data, AtError *err)
{
  const AtProductionMarker *pm = user_data;
  const AtMarker *m = &pm->marker;
  const double margin = 1.0;
  int pages = (int) fmax (1.0, ceil (m->length / PAGE_STRIP_CM));
  double h = m->strip_width + 2 * margin + CAPTION_CM;
  double first_w = fmin (m->length, PAGE_STRIP_CM) + 2 * margin;
  cairo_surface_t *s = cairo_pdf_surface_create (tmp_path, first_w * CM_TO_PT, h * CM_TO_PT);
  cairo_t *cr = cairo_create (s);
  for (int page = 0; page < pages; page++)
    {
      double x0 = page * PAGE_STRIP_CM, span = fmin (m->length - x0, PAGE_STRIP_CM);
      cairo_pdf_surface_set_size (s, (span + 2 * margin) * CM_TO_PT, h * CM_TO_PT);
      cairo_save (cr);
      cairo_scale (cr, CM_TO_PT, CM_TO_PT);
      cairo_translate (cr, margin, margin);
      cairo_save (cr);
      cairo_rectangle (cr, 0, -margin, span, m->strip_width + 2 * margin);
      cairo_clip (cr);
      cairo_translate (cr, -x0, 0);
      at_marker_draw (cr, pm);
      cairo_restore (cr);
      char caption[320];
      snprintf (caption, sizeof caption,
                "%s, %d garments, %s: %.1f cm long on %.1f cm, %.1f %% used, fabric %.2f per garment"
                " - page %d of %d, %.0f to %.0f cm",
                pm->cuts.n_pieces ? pm->cuts.pieces[0].garment : "", pm->cuts.garments, pm->fabric, m->length,
                m->strip_width, 100.0 * m->utilisation, pm->cost_per_garment, page + 1, pages, x0, x0 + span);
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 1.2);
      cairo_move_to (cr, 0, m->strip_width + 2.5);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_show_text (cr, caption);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (s);
  cairo_status_t cs = cairo_surface_status (s);
  cairo_surface_destroy (s);
  if (cs != CAIRO_STATUS_SUCCESS)
    return at_error_set (err, AT_ERR_IO, "%s: %s", tmp_path, cairo_status_to_string (cs));
  return AT_OK;
}

AtStatus
at_marker_pdf (const AtProductionMarker *pm, const char *path, AtError *err)
{
  return at_file_write_via (path, write_pdf, (void *) pm, err);
}

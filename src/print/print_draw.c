/* Pattern sheet drawing (see at_print.h).
 *
 * Seam allowances: the outline is flattened to a polygon (2 mm chords) and
 * each edge is offset outwards by its segment's allowance; consecutive
 * offset edges are joined at the intersection of their lines (a mitre),
 * capped at three times the allowance so a sharp dart apex does not spike.
 * Layout: shelf packing in the order of the pattern, rows as wide as the
 * sheet. */
#include "at_print.h"
#include "pattern/at_pattern_edit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define GAP_MM 15.0
#define HEADER_MM 22.0
#define FLAT_MAX 2048

AtPrintOptions
at_print_options_default (void)
{
  return (AtPrintOptions) { .garment = NULL, .page = AT_PRINT_PAGE_A4, .sheet_width_mm = 900, .overlap_mm = 10 };
}

static double
max_allowance (const AtPanel *pn)
{
  double a = 0;
  for (int i = 0; i < pn->segment_count; i++)
    a = fmax (a, at_segment_allowance (pn, i));
  return a;
}

/* The panel's box in mm, allowance included. */
static void
panel_box (const AtPanel *pn, AtVec2 *lo, AtVec2 *hi)
{
  at_panel_bounds (pn, lo, hi);
  double a = max_allowance (pn) * 1.5;
  lo->x -= a, lo->y -= a, hi->x += a, hi->y += a;
}

static int
table_rows (const AtPrintOptions *o)
{
  return o->garment ? o->garment->size_count + 1 : 0;
}

void
at_print_layout (const AtPattern *pattern, const AtPrintOptions *options, AtPrintLayout *out)
{
  AtPrintOptions def = at_print_options_default ();
  if (!options)
    options = &def;
  memset (out, 0, sizeof *out);
  double width = options->sheet_width_mm > 100 ? options->sheet_width_mm : 900;
  double x = GAP_MM, y = HEADER_MM + table_rows (options) * 6.0 + GAP_MM, row_h = 0, used_w = 0;
  out->table_y = HEADER_MM;
  for (int p = 0; p < pattern->panel_count; p++)
    {
      const AtPanel *pn = &pattern->panels[p];
      if (pn->mirror_of >= 0)
        continue;
      AtVec2 lo, hi;
      panel_box (pn, &lo, &hi);
      double w = 10 * (hi.x - lo.x), h = 10 * (hi.y - lo.y);
      if (x > GAP_MM && x + w + GAP_MM > width)
        {
          x = GAP_MM;
          y += row_h + GAP_MM;
          row_h = 0;
        }
      out->x[p] = x;
      out->y[p] = y;
      out->shown[p] = true;
      x += w + GAP_MM;
      used_w = fmax (used_w, x);
      row_h = fmax (row_h, h);
    }
  out->width = fmax (used_w, 200);
  out->height = y + row_h + GAP_MM;
}

static void
outline_path (cairo_t *cr, const AtPanel *pn)
{
  for (int i = 0; i < pn->segment_count; i++)
    {
      const AtSegment *s = &pn->segments[i];
      AtVec2 e = at_segment_end (pn, i);
      if (i == 0)
        cairo_move_to (cr, 10 * s->p0.x, -10 * s->p0.y);
      if (s->kind == AT_SEGMENT_CUBIC)
        cairo_curve_to (cr, 10 * s->c1.x, -10 * s->c1.y, 10 * s->c2.x, -10 * s->c2.y, 10 * e.x, -10 * e.y);
      else
        cairo_line_to (cr, 10 * e.x, -10 * e.y);
    }
  cairo_close_path (cr);
}

static bool
line_intersection (AtVec2 p, AtVec2 d, AtVec2 q, AtVec2 e, AtVec2 *out)
{
  double den = d.x * e.y - d.y * e.x;
  if (fabs (den) < 1e-9)
    return false;
  double t = ((q.x - p.x) * e.y - (q.y - p.y) * e.x) / den;
  *out = (AtVec2) { p.x + t * d.x, p.y + t * d.y };
  return true;
}

static void
allowance_path (cairo_t *cr, const AtPanel *pn)
{
  AtVec2 pts[FLAT_MAX];
  int seg[FLAT_MAX];
  int n = at_panel_flatten (pn, 0.2, pts, seg, FLAT_MAX);
  if (n < 3)
    return;
  for (int i = 0; i < n; i++)
    {
      int a = (i + n - 1) % n, b = (i + 1) % n;
      /* Edge a->i and edge i->b, each offset to its right (outside of a
       * counter-clockwise outline) by its own segment's allowance. */
      AtVec2 d0 = { pts[i].x - pts[a].x, pts[i].y - pts[a].y }, d1 = { pts[b].x - pts[i].x, pts[b].y - pts[i].y };
      double l0 = hypot (d0.x, d0.y), l1 = hypot (d1.x, d1.y);
      double o0 = at_segment_allowance (pn, seg[a]), o1 = at_segment_allowance (pn, seg[i]);
      AtVec2 n0 = l0 > 0 ? (AtVec2) { d0.y / l0, -d0.x / l0 } : (AtVec2) { 0, 0 };
      AtVec2 n1 = l1 > 0 ? (AtVec2) { d1.y / l1, -d1.x / l1 } : n0;
      AtVec2 p0 = { pts[i].x + o0 * n0.x, pts[i].y + o0 * n0.y }, p1 = { pts[i].x + o1 * n1.x, pts[i].y + o1 * n1.y };
      AtVec2 q;
      double cap = 3 * fmax (o0, o1);
      if (!line_intersection (p0, d0, p1, d1, &q) || hypot (q.x - pts[i].x, q.y - pts[i].y) > cap)
        q = (AtVec2) { 0.5 * (p0.x + p1.x), 0.5 * (p0.y + p1.y) };
      if (i == 0)
        cairo_move_to (cr, 10 * q.x, -10 * q.y);
      else
        cairo_line_to (cr, 10 * q.x, -10 * q.y);
    }
  cairo_close_path (cr);
}

static void
arrow_head (cairo_t *cr, double x, double y, double dx, double dy)
{
  double l = hypot (dx, dy);
  if (l <= 0)
    return;
  dx /= l, dy /= l;
  cairo_move_to (cr, x - 4 * dx + 2 * dy, y - 4 * dy - 2 * dx);
  cairo_line_to (cr, x, y);
  cairo_line_to (cr, x - 4 * dx - 2 * dy, y - 4 * dy + 2 * dx);
}

static void
text_at (cairo_t *cr, double x, double y, double size, const char *text)
{
  cairo_set_font_size (cr, size);
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

static int
mirror_count (const AtPattern *pattern, int panel)
{
  int n = 0;
  for (int p = 0; p < pattern->panel_count; p++)
    n += pattern->panels[p].mirror_of == panel;
  return n;
}

void
at_print_draw_panel (cairo_t *cr, const AtPattern *pattern, int panel)
{
  const AtPanel *pn = &pattern->panels[panel];
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* Cutting line (seam allowance), dashed. */
  double dash[] = { 3, 2 };
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 0.3);
  allowance_path (cr, pn);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Stitch line. */
  cairo_set_line_width (cr, 0.5);
  outline_path (cr, pn);
  cairo_stroke (cr);

  /* Notches: 6 mm ticks across the stitch line into the allowance. */
  cairo_set_line_width (cr, 0.4);
  for (int k = 0; k < pn->notch_count; k++)
    {
      AtVec2 p, n;
      if (!at_notch_frame (pn, &pn->notches[k], &p, &n))
        continue;
      double nx = n.x, ny = n.y;
      cairo_move_to (cr, 10 * (p.x - 0.2 * nx), -10 * (p.y - 0.2 * ny));
      cairo_line_to (cr, 10 * (p.x + 0.6 * nx), -10 * (p.y + 0.6 * ny));
    }
  cairo_stroke (cr);

  /* Fold lines: long dash, dot. */
  double fold_dash[] = { 8, 2, 1, 2 };
  cairo_set_dash (cr, fold_dash, 4, 0);
  for (int k = 0; k < pn->fold_count; k++)
    {
      cairo_move_to (cr, 10 * pn->folds[k].a.x, -10 * pn->folds[k].a.y);
      cairo_line_to (cr, 10 * pn->folds[k].b.x, -10 * pn->folds[k].b.y);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Grain line with arrows at both ends. */
  double gx0 = 10 * pn->grain_a.x, gy0 = -10 * pn->grain_a.y, gx1 = 10 * pn->grain_b.x, gy1 = -10 * pn->grain_b.y;
  cairo_move_to (cr, gx0, gy0);
  cairo_line_to (cr, gx1, gy1);
  arrow_head (cr, gx1, gy1, gx1 - gx0, gy1 - gy0);
  arrow_head (cr, gx0, gy0, gx0 - gx1, gy0 - gy1);
  cairo_stroke (cr);

  /* Label beside the grain line. */
  char line[160];
  int twins = mirror_count (pattern, panel);
  double lx = 0.5 * (gx0 + gx1) + 4, ly = 0.5 * (gy0 + gy1) - 10;
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  text_at (cr, lx, ly, 5, pn->label[0] ? pn->label : pn->name);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  snprintf (line, sizeof line, "%s, size %s", pattern->garment, pattern->size);
  text_at (cr, lx, ly + 6, 3.5, line);
  if (twins > 0)
    snprintf (line, sizeof line, "Cut %d (%d mirrored pair%s)", pn->cut_count * (twins + 1), pn->cut_count,
              pn->cut_count > 1 ? "s" : "");
  else
    snprintf (line, sizeof line, "Cut %d", pn->cut_count);
  text_at (cr, lx, ly + 11, 3.5, line);
  snprintf (line, sizeof line, "Fabric: %s", pn->fabric);
  text_at (cr, lx, ly + 16, 3.5, line);
  cairo_restore (cr);
}

static void
draw_size_table (cairo_t *cr, const AtPattern *pattern, const AtGarmentDef *def, double y)
{
  AtMeasureKey keys[AT_M_COUNT];
  int nk = 0;
  for (int k = 0; k < AT_M_COUNT; k++)
    if (def->sizes[0].body.given[k])
      keys[nk++] = (AtMeasureKey) k;
  double cw = 26, x0 = GAP_MM;
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  text_at (cr, x0, y, 3, "size");
  for (int j = 0; j < nk; j++)
    text_at (cr, x0 + 14 + j * cw, y, 2.6, at_measure_info (keys[j])->key);
  for (int s = 0; s < def->size_count; s++)
    {
      double ry = y + 6 * (s + 1);
      bool current = strcmp (def->sizes[s].name, pattern->size) == 0;
      if (current)
        {
          cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
          cairo_rectangle (cr, x0 - 1, ry - 4.2, 14 + nk * cw, 5.6);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
        }
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                              current ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
      text_at (cr, x0, ry, 3, def->sizes[s].name);
      for (int j = 0; j < nk; j++)
        {
          char v[32];
          snprintf (v, sizeof v, "%.1f", def->sizes[s].body.value[keys[j]]);
          text_at (cr, x0 + 14 + j * cw, ry, 3, v);
        }
    }
}

void
at_print_draw (cairo_t *cr, const AtPattern *pattern, const AtPrintLayout *layout, const AtPrintOptions *options)
{
  AtPrintOptions def = at_print_options_default ();
  if (!options)
    options = &def;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  char title[200];
  const char *name = options->garment ? options->garment->name : pattern->garment;
  snprintf (title, sizeof title, "%s - size %s - all measurements in cm, seam allowance included (dashed); print at 100%%",
            name, pattern->size);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  text_at (cr, GAP_MM, 12, 6, title);
  if (options->garment)
    draw_size_table (cr, pattern, options->garment, layout->table_y);
  for (int p = 0; p < pattern->panel_count; p++)
    {
      if (!layout->shown[p])
        continue;
      AtVec2 lo, hi;
      panel_box (&pattern->panels[p], &lo, &hi);
      cairo_save (cr);
      cairo_translate (cr, layout->x[p] - 10 * lo.x, layout->y[p] + 10 * hi.y);
      at_print_draw_panel (cr, pattern, p);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

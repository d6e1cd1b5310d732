/* Marker files: the SVG drawing (true scale, for printing or a plotter) and
 * the cutting file (JSON polylines in centimetres, its format described in
 * at_production.h) that a cutting table's software converts.
 * Both are written atomically (temporary file, then rename). */
#include "at_production.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "at_file.h"

typedef struct {
  char *text;
  size_t len, cap;
  bool failed;
} Buf;

static void buf_printf (Buf *b, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
buf_printf (Buf *b, const char *fmt, ...)
{
  if (b->failed)
    return;
  va_list ap;
  va_start (ap, fmt);
  int need = vsnprintf (NULL, 0, fmt, ap);
  va_end (ap);
  if (b->len + (size_t) need + 1 > b->cap)
    {
      size_t cap = (b->cap + (size_t) need + 1) * 2;
      char *t = realloc (b->text, cap);
      if (!t)
        {
          b->failed = true;
          return;
        }
      b->text = t, b->cap = cap;
    }
  va_start (ap, fmt);
  vsnprintf (b->text + b->len, b->cap - b->len, fmt, ap);
  va_end (ap);
  b->len += (size_t) need;
}

/* Garment ids and panel labels are user-editable: escape them for XML. */
static void
buf_xml (Buf *b, const char *s)
{
  for (; *s; s++)
    switch (*s)
      {
      case '&': buf_printf (b, "&amp;"); break;
      case '<': buf_printf (b, "&lt;"); break;
      case '>': buf_printf (b, "&gt;"); break;
      case '"': buf_printf (b, "&quot;"); break;
      default: buf_printf (b, "%c", *s);
      }
}

char *
at_production_marker_svg (const AtProductionMarker *pm)
{
  const AtMarker *m = &pm->marker;
  const double caption = 6.0; /* cm below the strip for the caption */
  double w = fmax (m->length, 1.0), h = m->strip_width + caption;
  char title[256];
  snprintf (title, sizeof title, "%s marker, %s: %.1f cm long on %.1f cm fabric, %.1f %% used, %d garments",
            pm->cuts.n_pieces ? pm->cuts.pieces[0].garment : "", pm->fabric, m->length, m->strip_width,
            100.0 * m->utilisation, pm->cuts.garments);
  Buf b = { 0 };
  buf_printf (&b,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2fcm\" height=\"%.2fcm\" "
              "viewBox=\"0 0 %.3f %.3f\">\n<title>",
              w, h, w, h);
  buf_xml (&b, title);
  buf_printf (&b, "</title>\n<rect x=\"0\" y=\"0\" width=\"%.3f\" height=\"%.3f\" fill=\"none\" stroke=\"#000\" "
                  "stroke-width=\"0.15\"/>\n",
              w, m->strip_width);
  for (size_t i = 0; i < m->n_placements; i++)
    {
      const AtNestPlacement *pl = &m->placements[i];
      buf_printf (&b, "<polygon fill=\"#dfe8f3\" stroke=\"#1b3a5c\" stroke-width=\"0.1\" points=\"");
      for (size_t k = 0; k < pl->n_points; k++)
        buf_printf (&b, "%s%.3f,%.3f", k ? " " : "", pl->polygon[k].x, pl->polygon[k].y);
      char label[128];
      at_production_placement_label (pm, i, label, sizeof label);
      AtPoint2 at = at_production_label_point (pl);
      /* Fit the label across the piece: sans-serif runs about 0.55 em a
       * character. */
      double min_x = INFINITY, max_x = -INFINITY;
      for (size_t k = 0; k < pl->n_points; k++)
        min_x = fmin (min_x, pl->polygon[k].x), max_x = fmax (max_x, pl->polygon[k].x);
      double size = fmax (0.6, fmin (1.6, 0.8 * (max_x - min_x) / (0.55 * (double) strlen (label))));
      buf_printf (&b, "\"/>\n<text x=\"%.3f\" y=\"%.3f\" font-family=\"sans-serif\" font-size=\"%.2f\" "
                      "text-anchor=\"middle\">",
                  at.x, at.y, size);
      buf_xml (&b, label);
      buf_printf (&b, "</text>\n");
    }
  buf_printf (&b, "<text x=\"0.5\" y=\"%.3f\" font-family=\"sans-serif\" font-size=\"2.4\">", m->strip_width + 3.5);
  buf_xml (&b, title);
  buf_printf (&b, "</text>\n</svg>\n");
  if (b.failed)
    {
      free (b.text);
      return NULL;
    }
  return b.text;
}

char *
at_production_cutting_json (const AtProductionMarker *pm)
{
  const AtMarker *m = &pm->marker;
  json_t *pieces = json_array ();
  for (size_t i = 0; i < m->n_placements; i++)
    {
      const AtNestPlacement *pl = &m->placements[i];
      const AtCutPiece *pc = &pm->cuts.pieces[pl->piece];
      json_t *poly = json_array ();
      for (size_t k = 0; k < pl->n_points; k++)
        json_array_append_new (poly, json_pack ("[ff]", pl->polygon[k].x, pl->polygon[k].y));
      json_array_append_new (pieces, json_pack ("{s:s, s:s, s:s, s:s, s:f, s:b, s:o}", "garment", pc->garment, "size",
                                                pc->size, "panel", pc->panel, "label", pc->label, "rotation",
                                                pl->rotation, "mirrored", pc->mirrored, "polygon", poly));
    }
  json_t *root = json_pack ("{s:s, s:i, s:s, s:s, s:s, s:f, s:f, s:f, s:i, s:f, s:f, s:o}", "format",
                            "atelier-cutting", "version", 1, "unit", "cm", "garment",
                            pm->cuts.n_pieces ? pm->cuts.pieces[0].garment : "", "fabric", pm->fabric,
                            "fabric_width", m->strip_width, "length", m->length, "utilisation", m->utilisation,
                            "garments", pm->cuts.garments, "price_per_metre", pm->price_per_metre,
                            "cost_per_garment", pm->cost_per_garment, "pieces", pieces);
  char *text = root ? json_dumps (root, JSON_INDENT (1) | JSON_REAL_PRECISION (10)) : NULL;
  json_decref (root);
  return text;
}

AtStatus
at_production_marker_write (const AtProductionMarker *pm, const char *path, AtError *err)
{
  char ext[16];
  at_file_extension (path, ext, sizeof ext);
  char *text;
  if (strcmp (ext, "svg") == 0)
    text = at_production_marker_svg (pm);
  else if (strcmp (ext, "json") == 0)
    text = at_production_cutting_json (pm);
  else
    return at_error_set (err, AT_ERR_UNSUPPORTED, "%s: the marker is written as .svg or .json (cutting file)", path);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: no memory for the marker", path);
  AtStatus status = at_file_write_atomic (path, text, strlen (text), err);
  free (text);
  return status;
}

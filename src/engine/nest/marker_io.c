/* Reading ESICUP strip-packing instances (the jagua-rs / sparrow JSON
 * format, see shared/data/esicup/README.md) and writing markers as the
 * JSON of CONTRACT.md or as an SVG drawing. */
#include "at_nest.h"
#include "at_file.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { INSTANCE_MAX_BYTES = 64 << 20 };

static AtStatus
load_item (const char *path, size_t i, json_t *item, AtNestPiece *pc, AtError *err)
{
  json_t *id = json_object_get (item, "id");
  json_t *demand = json_object_get (item, "demand");
  json_t *orient = json_object_get (item, "allowed_orientations");
  json_t *shape = json_object_get (item, "shape");
  json_t *data = shape ? json_object_get (shape, "data") : NULL;
  json_t *type = shape ? json_object_get (shape, "type") : NULL;
  if (!json_is_integer (id) || json_integer_value (id) != (json_int_t) i)
    return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: \"id\" must be %zu (ids run 0..n-1 in order)", path, i, i);
  if (!json_is_integer (demand) || json_integer_value (demand) < 0 || json_integer_value (demand) > 100000)
    return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: \"demand\" must be an integer 0..100000", path, i);
  if (!json_is_string (type) || strcmp (json_string_value (type), "simple_polygon") != 0)
    return at_error_set (err, AT_ERR_UNSUPPORTED, "%s: items[%zu]: \"shape\" must be a simple_polygon", path, i);
  if (!json_is_array (data) || json_array_size (data) < 3)
    return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: \"shape.data\" needs at least 3 points", path, i);
  pc->quantity = (int) json_integer_value (demand);
  const size_t n = json_array_size (data);
  AtPoint2 *pts = malloc (n * sizeof *pts);
  if (!pts)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  pc->outline.points = pts;
  pc->outline.n_points = n;
  for (size_t k = 0; k < n; k++)
    {
      json_t *p = json_array_get (data, k);
      if (!json_is_array (p) || json_array_size (p) != 2 || !json_is_number (json_array_get (p, 0))
          || !json_is_number (json_array_get (p, 1)))
        return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: shape.data[%zu] is not [x, y]", path, i, k);
      pts[k] = (AtPoint2){ json_number_value (json_array_get (p, 0)), json_number_value (json_array_get (p, 1)) };
    }
  const size_t nr = json_is_array (orient) ? json_array_size (orient) : 0;
  if (nr == 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: \"allowed_orientations\" must be a non-empty array", path, i);
  double *rot = malloc (nr * sizeof *rot);
  if (!rot)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  pc->rotations = rot;
  pc->n_rotations = nr;
  for (size_t r = 0; r < nr; r++)
    {
      json_t *v = json_array_get (orient, r);
      if (!json_is_number (v))
        return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: allowed_orientations[%zu] is not a number", path, i, r);
      rot[r] = json_number_value (v);
    }
  return AT_OK;
}

AtStatus
at_nest_instance_load (const char *path, AtNestInstance *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  char *text = NULL;
  size_t len = 0;
  AtStatus st = at_file_read_all (path, INSTANCE_MAX_BYTES, &text, &len, err);
  if (st != AT_OK)
    return st;
  json_error_t jerr;
  json_t *root = json_loadb (text, len, 0, &jerr);
  free (text);
  if (!root)
    return at_error_set (err, AT_ERR_PARSE, "%s:%d: %s", path, jerr.line, jerr.text);
  json_t *name = json_object_get (root, "name");
  json_t *height = json_object_get (root, "strip_height");
  json_t *items = json_object_get (root, "items");
  if (!json_is_number (height) || !(json_number_value (height) > 0) || !isfinite (json_number_value (height)))
    st = at_error_set (err, AT_ERR_PARSE, "%s: \"strip_height\" must be a positive number", path);
  else if (!json_is_array (items) || json_array_size (items) == 0)
    st = at_error_set (err, AT_ERR_PARSE, "%s: \"items\" must be a non-empty array", path);
  if (st == AT_OK)
    {
      out->strip_width = json_number_value (height);
      out->name = strdup (json_is_string (name) ? json_string_value (name) : "instance");
      out->n_pieces = json_array_size (items);
      out->pieces = calloc (out->n_pieces, sizeof *out->pieces);
      if (!out->name || !out->pieces)
        st = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
      for (size_t i = 0; st == AT_OK && i < out->n_pieces; i++)
        st = load_item (path, i, json_array_get (items, i), &out->pieces[i], err);
    }
  json_decref (root);
  if (st != AT_OK)
    at_nest_instance_free (out);
  return st;
}

void
at_nest_instance_free (AtNestInstance *inst)
{
  for (size_t i = 0; inst->pieces && i < inst->n_pieces; i++)
    {
      free ((void *) inst->pieces[i].outline.points);
      free ((void *) inst->pieces[i].rotations);
    }
  free (inst->pieces);
  free (inst->name);
  memset (inst, 0, sizeof *inst);
}

char *
at_marker_to_json (const AtMarker *m)
{
  json_t *root = json_object ();
  json_t *pieces = json_array ();
  json_object_set_new (root, "strip_width", json_real (m->strip_width));
  json_object_set_new (root, "length", json_real (m->length));
  json_object_set_new (root, "utilisation", json_real (m->utilisation));
  for (size_t i = 0; i < m->n_placements; i++)
    {
      const AtNestPlacement *pl = &m->placements[i];
      json_t *o = json_object ();
      json_t *poly = json_array ();
      json_object_set_new (o, "item_id", json_integer (pl->piece));
      json_object_set_new (o, "rotation", json_real (pl->rotation));
      json_object_set_new (o, "translation", json_pack ("[ff]", pl->dx, pl->dy));
      for (size_t k = 0; k < pl->n_points; k++)
        json_array_append_new (poly, json_pack ("[ff]", pl->polygon[k].x, pl->polygon[k].y));
      json_object_set_new (o, "polygon", poly);
      json_array_append_new (pieces, o);
    }
  json_object_set_new (root, "pieces", pieces);
  char *text = json_dumps (root, JSON_COMPACT | JSON_REAL_PRECISION (12));
  json_decref (root);
  return text;
}

static char *
marker_to_svg (const AtMarker *m)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream (&buf, &size);
  if (!f)
    return NULL;
  const double pad = 0.02 * m->strip_width;
  fprintf (f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"%g %g %g %g\">\n", -pad, -pad,
           m->length + 2 * pad, m->strip_width + 2 * pad);
  fprintf (f, "<title>marker: length %.6g, utilisation %.2f %%</title>\n", m->length, 100.0 * m->utilisation);
  fprintf (f, "<rect x=\"0\" y=\"0\" width=\"%.9g\" height=\"%.9g\" fill=\"#f4f1ea\" stroke=\"#333\" stroke-width=\"%g\"/>\n",
           m->length, m->strip_width, pad * 0.1);
  for (size_t i = 0; i < m->n_placements; i++)
    {
      const AtNestPlacement *pl = &m->placements[i];
      /* A distinct hue per piece type, spread by the golden angle. */
      const int hue = (int) fmod (pl->piece * 137.508, 360.0);
      fprintf (f, "<polygon data-item=\"%d\" fill=\"hsl(%d,55%%,70%%)\" stroke=\"#222\" stroke-width=\"%g\" points=\"",
               pl->piece, hue, pad * 0.05);
      for (size_t k = 0; k < pl->n_points; k++)
        fprintf (f, "%s%.9g,%.9g", k ? " " : "", pl->polygon[k].x, pl->polygon[k].y);
      fprintf (f, "\"/>\n");
    }
  fprintf (f, "</svg>\n");
  if (fclose (f) != 0)
    {
      free (buf);
      return NULL;
    }
  return buf;
}

AtStatus
at_marker_write (const AtMarker *marker, const char *path, AtError *err)
{
  char ext[16];
  at_file_extension (path, ext, sizeof ext);
  char *text = NULL;
  if (strcmp (ext, "json") == 0)
    text = at_marker_to_json (marker);
  else if (strcmp (ext, "svg") == 0)
    text = marker_to_svg (marker);
  else
    return at_error_set (err, AT_ERR_UNSUPPORTED, "%s: write a marker as .json or .svg", path);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  AtStatus st = at_file_write_atomic (path, text, strlen (text), err);
  free (text);
  return st;
}

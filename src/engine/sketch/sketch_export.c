/* Sketch files: SVG drawing, JSON round trip, and the raster as PNG.
 *
 * The PNG is written without a compressor: a zlib stream may hold "stored"
 * deflate blocks (RFC 1950/1951), and a 28 x 28 greyscale image is 812
 * bytes, well within one block. Chunk CRCs and the zlib Adler-32 follow
 * the PNG specification (ISO/IEC 15948). */
#include "at_json.h"
#include "sketch_private.h"
#include "at_file.h"
#include "at_sketch_weights.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- a growing text buffer ---------- */

typedef struct {
  char *s;
  size_t len, cap;
  bool failed;
} Text;

static void text_add (Text *t, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
text_add (Text *t, const char *fmt, ...)
{
  if (t->failed)
    return;
  va_list ap;
  va_start (ap, fmt);
  va_list copy;
  va_copy (copy, ap);
  int n = vsnprintf (NULL, 0, fmt, copy);
  va_end (copy);
  if (n < 0 || t->len + (size_t) n + 1 > t->cap)
    {
      size_t cap = (t->cap ? t->cap * 2 : 4096) + (n > 0 ? (size_t) n : 0);
      char *s = n < 0 ? NULL : realloc (t->s, cap);
      if (!s)
        {
          t->failed = true;
          va_end (ap);
          return;
        }
      t->s = s;
      t->cap = cap;
    }
  vsnprintf (t->s + t->len, t->cap - t->len, fmt, ap);
  t->len += (size_t) n;
  va_end (ap);
}

/* ---------- SVG ---------- */

static void
path_data (Text *t, const AtSketchBezier *segs, int count, bool closed)
{
  text_add (t, "M %.3f %.3f", segs[0].p[0].x, segs[0].p[0].y);
  for (int i = 0; i < count; i++)
    text_add (t, " C %.3f %.3f %.3f %.3f %.3f %.3f", segs[i].p[1].x, segs[i].p[1].y, segs[i].p[2].x,
              segs[i].p[2].y, segs[i].p[3].x, segs[i].p[3].y);
  if (closed)
    text_add (t, " Z");
}

char *
at_sketch_to_svg (const AtSketch *s)
{
  Text t = { 0 };
  double margin = 4.0, w = s->width_cm + 2 * margin, h = s->height_cm + 2 * margin;
  text_add (&t,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2fcm\" height=\"%.2fcm\" "
            "viewBox=\"%.3f %.3f %.3f %.3f\">\n"
            "  <title>Atelier sketch: %s, seed %llu (units: cm)</title>\n",
            w, h, -s->width_cm / 2 - margin, -margin, w, h, at_sketch_category_name (s->category),
            (unsigned long long) s->seed);
  text_add (&t, "  <path id=\"outline\" fill=\"#f4f1ea\" stroke=\"#222222\" stroke-width=\"0.3\" "
                "stroke-linejoin=\"round\" d=\"");
  if (s->outline_count > 0)
    path_data (&t, s->outline, s->outline_count, true);
  text_add (&t, "\"/>\n");
  text_add (&t, "  <path id=\"centre-line\" fill=\"none\" stroke=\"#9a9a9a\" stroke-width=\"0.1\" "
                "stroke-dasharray=\"1 0.6\" d=\"M 0 0 L 0 %.3f\"/>\n",
            s->height_cm);
  for (int i = 0; i < s->line_count; i++)
    {
      if (s->lines[i].count < 1)
        continue;
      text_add (&t, "  <path id=\"%s\" fill=\"none\" stroke=\"#444444\" stroke-width=\"0.2\" "
                    "stroke-dasharray=\"0.8 0.4\" d=\"",
                s->lines[i].name);
      path_data (&t, s->lines[i].segments, s->lines[i].count, false);
      text_add (&t, "\"/>\n");
    }
  text_add (&t, "</svg>\n");
  if (t.failed)
    {
      free (t.s);
      return NULL;
    }
  return t.s;
}

AtStatus
at_sketch_save_svg (const AtSketch *s, const char *path, AtError *err)
{
  char *svg = at_sketch_to_svg (s);
  if (!svg)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  AtStatus st = at_file_write_atomic (path, svg, strlen (svg), err);
  free (svg);
  return st;
}

/* ---------- PNG ---------- */

static void
be32 (unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char) (v >> 24);
  p[1] = (unsigned char) (v >> 16);
  p[2] = (unsigned char) (v >> 8);
  p[3] = (unsigned char) v;
}

/* Appends a chunk (length, type, data, CRC of type + data) at *p. */
static unsigned char *
chunk (unsigned char *p, const char *type, const unsigned char *data, uint32_t len)
{
  be32 (p, len);
  memcpy (p + 4, type, 4);
  if (len)
    memcpy (p + 8, data, len);
  be32 (p + 8 + len, at_crc32 (0, p + 4, len + 4));
  return p + 12 + len;
}

AtStatus
at_sketch_raster_png (const AtSketch *s, unsigned char **png, size_t *len, AtError *err)
{
  enum { W = AT_SKETCH_SIDE, RAW = W * (W + 1), ZLEN = 2 + 5 + RAW + 4 };
  unsigned char raw[RAW], z[ZLEN], ihdr[13];
  for (int y = 0; y < W; y++)
    {
      raw[y * (W + 1)] = 0; /* filter: none */
      for (int x = 0; x < W; x++)
        {
          float v = s->raster[y * W + x];
          v = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
          raw[y * (W + 1) + 1 + x] = (unsigned char) lrintf (v * 255.0f);
        }
    }
  /* zlib header (deflate, 32K window, no dictionary; 0x7801 % 31 == 0),
   * one final stored block, then Adler-32 of the raw bytes. */
  z[0] = 0x78;
  z[1] = 0x01;
  z[2] = 0x01;
  z[3] = RAW & 0xff;
  z[4] = RAW >> 8;
  z[5] = (unsigned char) (~RAW & 0xff);
  z[6] = (unsigned char) ((~RAW >> 8) & 0xff);
  memcpy (z + 7, raw, RAW);
  uint32_t a = 1, b = 0;
  for (int i = 0; i < RAW; i++)
    {
      a = (a + raw[i]) % 65521;
      b = (b + a) % 65521;
    }
  be32 (z + 7 + RAW, b << 16 | a);
  be32 (ihdr, W);
  be32 (ihdr + 4, W);
  ihdr[8] = 8;  /* bit depth */
  ihdr[9] = 0;  /* greyscale */
  ihdr[10] = 0; /* deflate */
  ihdr[11] = 0; /* adaptive filtering */
  ihdr[12] = 0; /* no interlace */
  size_t total = 8 + (12 + 13) + (12 + ZLEN) + 12;
  unsigned char *out = malloc (total);
  if (!out)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory writing PNG");
  static const unsigned char signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  memcpy (out, signature, 8);
  unsigned char *p = chunk (out + 8, "IHDR", ihdr, 13);
  p = chunk (p, "IDAT", z, ZLEN);
  chunk (p, "IEND", NULL, 0);
  *png = out;
  *len = total;
  return AT_OK;
}

AtStatus
at_sketch_save_png (const AtSketch *s, const char *path, AtError *err)
{
  unsigned char *png;
  size_t len;
  AtStatus st = at_sketch_raster_png (s, &png, &len, err);
  if (st != AT_OK)
    return st;
  st = at_file_write_atomic (path, png, len, err);
  free (png);
  return st;
}

/* ---------- JSON ---------- */

static json_t *
segments_to_json (const AtSketchBezier *segs, int count)
{
  json_t *arr = json_array ();
  for (int i = 0; i < count; i++)
    {
      json_t *seg = json_array ();
      for (int k = 0; k < 4; k++)
        json_array_append_new (seg, json_pack ("[f, f]", segs[i].p[k].x, segs[i].p[k].y));
      json_array_append_new (arr, seg);
    }
  return arr;
}

char *
at_sketch_to_json (const AtSketch *s)
{
  json_t *latent = json_array (), *weights = json_array (), *lines = json_array ();
  for (int k = 0; k < s->latent_dim; k++)
    json_array_append_new (latent, json_real (s->latent[k]));
  for (int k = 0; k < AT_SKETCH_CLASSES; k++)
    json_array_append_new (weights, json_real (s->class_weights[k]));
  char hex[2 * AT_SKETCH_PIXELS + 1];
  for (int i = 0; i < AT_SKETCH_PIXELS; i++)
    {
      float v = s->raster[i] < 0.0f ? 0.0f : s->raster[i] > 1.0f ? 1.0f : s->raster[i];
      snprintf (hex + 2 * i, 3, "%02x", (unsigned) lrintf (v * 255.0f));
    }
  for (int i = 0; i < s->line_count; i++)
    json_array_append_new (lines, json_pack ("{s:s, s:o}", "name", s->lines[i].name, "segments",
                                             segments_to_json (s->lines[i].segments, s->lines[i].count)));
  json_t *root = json_pack ("{s:s, s:I, s:o, s:o, s:s, s:f, s:f, s:o, s:o}", "category",
                            at_sketch_category_name (s->category), "seed", (json_int_t) (s->seed & INT64_MAX),
                            "latent", latent, "class_weights", weights, "raster", hex, "width_cm", s->width_cm,
                            "height_cm", s->height_cm, "outline", segments_to_json (s->outline, s->outline_count),
                            "lines", lines);
  char *text = root ? json_dumps (root, JSON_INDENT (1) | JSON_REAL_PRECISION (9)) : NULL;
  json_decref (root);
  return text;
}

static bool
read_point (json_t *j, AtSketchPoint *p)
{
  if (!json_is_array (j) || json_array_size (j) != 2 || !json_is_number (json_array_get (j, 0))
      || !json_is_number (json_array_get (j, 1)))
    return false;
  p->x = json_number_value (json_array_get (j, 0));
  p->y = json_number_value (json_array_get (j, 1));
  return isfinite (p->x) && isfinite (p->y) && fabs (p->x) < 1e4 && fabs (p->y) < 1e4;
}

/* Segments of a chain, each starting where the previous one ends. */
static AtStatus
read_segments (json_t *j, const char *source, const char *what, AtSketchBezier **out, int *count, AtError *err)
{
  *out = NULL;
  *count = 0;
  if (!json_is_array (j) || json_array_size (j) < 1 || json_array_size (j) > 10000)
    return at_error_set (err, AT_ERR_PARSE, "%s: '%s' must be a non-empty array of Bezier segments", source, what);
  size_t n = json_array_size (j);
  AtSketchBezier *segs = malloc (n * sizeof *segs);
  if (!segs)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", source);
  for (size_t i = 0; i < n; i++)
    {
      json_t *seg = json_array_get (j, i);
      bool ok = json_is_array (seg) && json_array_size (seg) == 4;
      for (int k = 0; ok && k < 4; k++)
        ok = read_point (json_array_get (seg, (size_t) k), &segs[i].p[k]);
      if (ok && i > 0)
        ok = hypot (segs[i].p[0].x - segs[i - 1].p[3].x, segs[i].p[0].y - segs[i - 1].p[3].y) < 1e-6;
      if (!ok)
        {
          free (segs);
          return at_error_set (err, AT_ERR_PARSE,
                               "%s: '%s' segment %zu must be four [x, y] points starting where the previous ends",
                               source, what, i);
        }
    }
  *out = segs;
  *count = (int) n;
  return AT_OK;
}

static AtStatus
read_floats (json_t *j, const char *source, const char *key, int min, int max, float *out, int *count, AtError *err)
{
  if (!json_is_array (j) || (int) json_array_size (j) < min || (int) json_array_size (j) > max)
    return at_error_set (err, AT_ERR_PARSE, "%s: '%s' must be an array of %d to %d numbers", source, key, min, max);
  for (size_t i = 0; i < json_array_size (j); i++)
    {
      json_t *v = json_array_get (j, i);
      if (!json_is_number (v) || !isfinite (json_number_value (v)) || fabs (json_number_value (v)) > 1e3)
        return at_error_set (err, AT_ERR_RANGE, "%s: '%s'[%zu] is not a finite number", source, key, i);
      out[i] = (float) json_number_value (v);
    }
  *count = (int) json_array_size (j);
  return AT_OK;
}

static AtStatus
parse_sketch (json_t *root, const char *source, AtSketch *s, AtError *err)
{
  static const char *const known[] = { "category", "seed", "latent", "class_weights", "raster", "width_cm",
                                       "height_cm", "outline", "lines" };
  if (!json_is_object (root))
    return at_error_set (err, AT_ERR_PARSE, "%s: a sketch must be a JSON object", source);
  const char *key;
  json_t *value;
  json_object_foreach (root, key, value)
    {
      bool ok = false;
      for (size_t i = 0; i < sizeof known / sizeof known[0] && !ok; i++)
        ok = strcmp (key, known[i]) == 0;
      if (!ok)
        return at_error_set (err, AT_ERR_PARSE, "%s: unknown key '%s'", source, key);
    }
  json_t *cat = json_object_get (root, "category"), *seed = json_object_get (root, "seed");
  if (!json_is_string (cat) || !at_sketch_category_from_name (json_string_value (cat), &s->category))
    return at_error_set (err, AT_ERR_PARSE, "%s: 'category' must be one of top, trousers, pullover, dress, coat, shirt",
                         source);
  if (!json_is_integer (seed) || json_integer_value (seed) < 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: 'seed' must be a non-negative integer", source);
  s->seed = (uint64_t) json_integer_value (seed);
  int nw;
  AtStatus st = read_floats (json_object_get (root, "latent"), source, "latent", 1, AT_SKETCH_MAX_LATENT, s->latent,
                             &s->latent_dim, err);
  if (st == AT_OK)
    st = read_floats (json_object_get (root, "class_weights"), source, "class_weights", AT_SKETCH_CLASSES,
                      AT_SKETCH_CLASSES, s->class_weights, &nw, err);
  if (st != AT_OK)
    return st;
  json_t *raster = json_object_get (root, "raster");
  const char *hex = json_is_string (raster) ? json_string_value (raster) : "";
  if (strlen (hex) != 2 * AT_SKETCH_PIXELS || strspn (hex, "0123456789abcdefABCDEF") != 2 * AT_SKETCH_PIXELS)
    return at_error_set (err, AT_ERR_PARSE, "%s: 'raster' must be %d hexadecimal digits", source, 2 * AT_SKETCH_PIXELS);
  for (int i = 0; i < AT_SKETCH_PIXELS; i++)
    {
      char byte[3] = { hex[2 * i], hex[2 * i + 1], 0 };
      s->raster[i] = (float) strtol (byte, NULL, 16) / 255.0f;
    }
  json_t *w = json_object_get (root, "width_cm"), *h = json_object_get (root, "height_cm");
  if (!json_is_number (w) || !json_is_number (h) || !(json_number_value (w) > 0 && json_number_value (w) < 1000)
      || !(json_number_value (h) > 0 && json_number_value (h) < 1000))
    return at_error_set (err, AT_ERR_RANGE, "%s: 'width_cm' and 'height_cm' must be numbers in 0..1000", source);
  s->width_cm = json_number_value (w);
  s->height_cm = json_number_value (h);
  st = read_segments (json_object_get (root, "outline"), source, "outline", &s->outline, &s->outline_count, err);
  if (st != AT_OK)
    return st;
  const AtSketchPoint first = s->outline[0].p[0], last = s->outline[s->outline_count - 1].p[3];
  if (hypot (first.x - last.x, first.y - last.y) > 1e-6)
    return at_error_set (err, AT_ERR_INVALID, "%s: 'outline' is not closed", source);
  json_t *lines = json_object_get (root, "lines");
  if (!json_is_array (lines) || json_array_size (lines) > 64)
    return at_error_set (err, AT_ERR_PARSE, "%s: 'lines' must be an array (at most 64)", source);
  if (json_array_size (lines) > 0 && !(s->lines = calloc (json_array_size (lines), sizeof *s->lines)))
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", source);
  for (size_t i = 0; i < json_array_size (lines); i++)
    {
      json_t *l = json_array_get (lines, i), *name = json_object_get (l, "name");
      if (!json_is_string (name) || strlen (json_string_value (name)) >= sizeof s->lines[i].name
          || strspn (json_string_value (name), "abcdefghijklmnopqrstuvwxyz_-0123456789") != strlen (json_string_value (name)))
        return at_error_set (err, AT_ERR_PARSE, "%s: lines[%zu] needs a short 'name' of [a-z0-9_-]", source, i);
      snprintf (s->lines[i].name, sizeof s->lines[i].name, "%s", json_string_value (name));
      st = read_segments (json_object_get (l, "segments"), source, s->lines[i].name, &s->lines[i].segments,
                          &s->lines[i].count, err);
      if (st != AT_OK)
        return st;
      s->line_count++;
    }
  return AT_OK;
}

AtStatus
at_sketch_from_json (const char *text, const char *source, AtSketch **out, AtError *err)
{
  *out = NULL;
  json_t *root;
  if (at_json_parse (text, source, &root, err) != AT_OK)
    return AT_ERR_PARSE;
  AtSketch *s = calloc (1, sizeof *s);
  AtStatus st = s ? parse_sketch (root, source, s, err) : at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", source);
  json_decref (root);
  if (st != AT_OK)
    {
      at_sketch_free (s);
      return st;
    }
  *out = s;
  return AT_OK;
}

AtStatus
at_sketch_save_json (const AtSketch *s, const char *path, AtError *err)
{
  char *text = at_sketch_to_json (s);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  AtStatus st = at_file_write_atomic (path, text, strlen (text), err);
  free (text);
  return st;
}

AtStatus
at_sketch_load_json (const char *path, AtSketch **out, AtError *err)
{
  *out = NULL;
  char *text;
  AtStatus st = at_file_read_all (path, 4 << 20, &text, NULL, err);
  if (st != AT_OK)
    return st;
  st = at_sketch_from_json (text, path, out, err);
  free (text);
  return st;
}

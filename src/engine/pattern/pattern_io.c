/* The pattern file: JSON, versioned, references by name (see
 * docs/garment-format.md). Loading is strict: everything is validated
 * before the caller's pattern is touched, and any problem is reported with
 * the panel, segment or key it concerns. */
#include "at_json.h"
#include "at_pattern.h"
#include "at_file.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *
vec (AtVec2 p)
{
  return json_pack ("[ff]", p.x, p.y);
}

static json_t *
side_json (const AtPattern *p, const AtSeamSide *s)
{
  const AtPanel *pn = &p->panels[s->panel];
  int last = (s->first + s->count - 1) % pn->segment_count;
  return json_pack ("{ssssss}", "panel", pn->name, "first", pn->segments[s->first].name, "last",
                    pn->segments[last].name);
}

char *
at_pattern_to_json (const AtPattern *p)
{
  json_t *panels = json_array ();
  for (int i = 0; i < p->panel_count; i++)
    {
      const AtPanel *pn = &p->panels[i];
      json_t *segs = json_array ();
      for (int k = 0; k < pn->segment_count; k++)
        {
          const AtSegment *s = &pn->segments[k];
          json_t *o = json_pack ("{sssss o}", "name", s->name, "kind", s->kind == AT_SEGMENT_CUBIC ? "cubic" : "line",
                                 "p0", vec (s->p0));
          if (s->kind == AT_SEGMENT_CUBIC)
            {
              json_object_set_new (o, "c1", vec (s->c1));
              json_object_set_new (o, "c2", vec (s->c2));
            }
          if (s->allowance >= 0)
            json_object_set_new (o, "allowance", json_real (s->allowance));
          json_array_append_new (segs, o);
        }
      json_t *notches = json_array ();
      for (int k = 0; k < pn->notch_count; k++)
        json_array_append_new (notches, json_pack ("{sssf}", "segment", pn->segments[pn->notches[k].segment].name, "t",
                                                   pn->notches[k].t));
      json_t *darts = json_array ();
      for (int k = 0; k < pn->dart_count; k++)
        json_array_append_new (darts, json_pack ("[ss]", pn->segments[pn->darts[k].leg_a].name,
                                                 pn->segments[pn->darts[k].leg_b].name));
      json_t *folds = json_array ();
      for (int k = 0; k < pn->fold_count; k++)
        json_array_append_new (folds, json_pack ("{sososf}", "a", vec (pn->folds[k].a), "b", vec (pn->folds[k].b),
                                                 "angle", pn->folds[k].angle_deg));
      const AtPlacement *pl = &pn->placement;
      json_t *placement = json_pack ("{sss[fff]sosbsb}", "landmark", pl->landmark, "offset", pl->offset[0],
                                     pl->offset[1], pl->offset[2], "anchor", vec (pl->anchor), "wrap", pl->wrap,
                                     "hold", pl->hold);
      json_t *o = json_pack ("{sssssssfsisososososososo}", "name", pn->name, "label", pn->label, "fabric", pn->fabric,
                             "allowance", pn->allowance, "cut", pn->cut_count, "mirror_of",
                             pn->mirror_of >= 0 ? json_string (p->panels[pn->mirror_of].name) : json_null (),
                             "segments", segs, "grain", json_pack ("[oo]", vec (pn->grain_a), vec (pn->grain_b)),
                             "notches", notches, "darts", darts, "folds", folds, "placement", placement);
      json_array_append_new (panels, o);
    }
  json_t *seams = json_array ();
  for (int s = 0; s < p->seam_count; s++)
    json_array_append_new (seams, json_pack ("{sososb}", "a", side_json (p, &p->seams[s].a), "b",
                                             side_json (p, &p->seams[s].b), "reversed", p->seams[s].reversed));
  json_t *root = json_pack ("{sssisssssssoso}", "format", "atelier-pattern", "version", AT_PATTERN_FORMAT_VERSION,
                            "garment", p->garment, "size", p->size, "units", "cm", "panels", panels, "seams", seams);
  char *text = root ? json_dumps (root, JSON_INDENT (1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (9)) : NULL;
  json_decref (root);
  return text;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct {
  const char *source;
  AtError *err;
} Ctx;

static bool
fail (Ctx *c, AtStatus st, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));

static bool
fail (Ctx *c, AtStatus st, const char *fmt, ...)
{
  char detail[400];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (detail, sizeof detail, fmt, ap);
  va_end (ap);
  at_error_set (c->err, st, "%s: %s", c->source, detail);
  return false;
}

static bool
read_number (Ctx *c, json_t *v, const char *what, double *out)
{
  if (!json_is_number (v) || !isfinite (json_number_value (v)) || fabs (json_number_value (v)) > 1e5)
    return fail (c, AT_ERR_PARSE, "%s must be a finite number", what);
  *out = json_number_value (v);
  return true;
}

static bool
read_vec (Ctx *c, json_t *v, const char *what, AtVec2 *out)
{
  if (!json_is_array (v) || json_array_size (v) != 2)
    return fail (c, AT_ERR_PARSE, "%s must be [x, y]", what);
  return read_number (c, json_array_get (v, 0), what, &out->x) && read_number (c, json_array_get (v, 1), what, &out->y);
}

static bool
read_name (Ctx *c, json_t *obj, const char *key, const char *what, char *dst, size_t size, bool required)
{
  json_t *v = json_object_get (obj, key);
  if (!v && !required)
    return true;
  if (!json_is_string (v) || json_string_length (v) == 0 || json_string_length (v) >= size)
    return fail (c, AT_ERR_PARSE, "%s.%s must be a non-empty string shorter than %zu characters", what, key, size);
  snprintf (dst, size, "%s", json_string_value (v));
  return true;
}

static bool
read_array (Ctx *c, json_t *obj, const char *key, const char *what, int max, json_t **out)
{
  *out = json_object_get (obj, key);
  if (!*out)
    return true;
  if (!json_is_array (*out))
    return fail (c, AT_ERR_PARSE, "%s.%s must be an array", what, key);
  if ((int) json_array_size (*out) > max)
    return fail (c, AT_ERR_RANGE, "%s.%s has more than %d entries", what, key, max);
  return true;
}

static int
segment_ref (Ctx *c, const AtPanel *pn, json_t *v, const char *what)
{
  int i = json_is_string (v) ? at_panel_find_segment (pn, json_string_value (v)) : -1;
  if (i < 0)
    fail (c, AT_ERR_INVALID, "%s names no segment of panel '%s'", what, pn->name);
  return i;
}

static bool
read_segments (Ctx *c, json_t *segs, AtPanel *pn)
{
  size_t k;
  json_t *o;
  json_array_foreach (segs, k, o)
    {
      char what[96];
      snprintf (what, sizeof what, "panel '%s' segment %zu", pn->name, k);
      AtSegment *s = &pn->segments[k];
      memset (s, 0, sizeof *s);
      s->allowance = -1;
      if (!json_is_object (o) || !read_name (c, o, "name", what, s->name, sizeof s->name, true))
        return json_is_object (o) ? false : fail (c, AT_ERR_PARSE, "%s must be an object", what);
      json_t *kind = json_object_get (o, "kind");
      if (json_is_string (kind) && strcmp (json_string_value (kind), "line") == 0)
        s->kind = AT_SEGMENT_LINE;
      else if (json_is_string (kind) && strcmp (json_string_value (kind), "cubic") == 0)
        s->kind = AT_SEGMENT_CUBIC;
      else
        return fail (c, AT_ERR_PARSE, "%s: kind must be \"line\" or \"cubic\"", what);
      if (!read_vec (c, json_object_get (o, "p0"), what, &s->p0))
        return false;
      s->c1 = s->c2 = s->p0;
      if (s->kind == AT_SEGMENT_CUBIC
          && (!read_vec (c, json_object_get (o, "c1"), what, &s->c1) || !read_vec (c, json_object_get (o, "c2"), what, &s->c2)))
        return false;
      json_t *a = json_object_get (o, "allowance");
      if (a && (!read_number (c, a, what, &s->allowance) || s->allowance < 0 || s->allowance > 20))
        return fail (c, AT_ERR_RANGE, "%s: allowance must be 0-20 cm", what);
      for (size_t j = 0; j < k; j++)
        if (strcmp (pn->segments[j].name, s->name) == 0)
          return fail (c, AT_ERR_INVALID, "panel '%s' has two segments named '%s'", pn->name, s->name);
      pn->segment_count = (int) k + 1;
    }
  return true;
}

static bool
read_panel (Ctx *c, json_t *o, int index, AtPanel *pn)
{
  char what[64];
  snprintf (what, sizeof what, "panels[%d]", index);
  memset (pn, 0, sizeof *pn);
  pn->mirror_of = -1;
  json_t *segs, *notches, *darts, *folds;
  if (!json_is_object (o))
    return fail (c, AT_ERR_PARSE, "%s must be an object", what);
  if (!read_name (c, o, "name", what, pn->name, sizeof pn->name, true)
      || !read_name (c, o, "label", what, pn->label, sizeof pn->label, false)
      || !read_name (c, o, "fabric", what, pn->fabric, sizeof pn->fabric, true)
      || !read_array (c, o, "segments", what, AT_PANEL_MAX_SEGMENTS, &segs)
      || !read_array (c, o, "notches", what, AT_PANEL_MAX_NOTCHES, &notches)
      || !read_array (c, o, "darts", what, AT_PANEL_MAX_DARTS, &darts)
      || !read_array (c, o, "folds", what, AT_PANEL_MAX_FOLDS, &folds))
    return false;
  if (!segs || json_array_size (segs) < 2)
    return fail (c, AT_ERR_INVALID, "panel '%s' needs at least 2 segments", pn->name);
  if (!read_segments (c, segs, pn))
    return false;
  if (!read_number (c, json_object_get (o, "allowance"), "allowance", &pn->allowance) || pn->allowance < 0
      || pn->allowance > 20)
    return fail (c, AT_ERR_RANGE, "panel '%s': allowance must be 0-20 cm", pn->name);
  json_t *cut = json_object_get (o, "cut");
  if (!json_is_integer (cut) || json_integer_value (cut) < 1 || json_integer_value (cut) > 100)
    return fail (c, AT_ERR_RANGE, "panel '%s': cut must be an integer 1-100", pn->name);
  pn->cut_count = (int) json_integer_value (cut);
  json_t *grain = json_object_get (o, "grain");
  if (!json_is_array (grain) || json_array_size (grain) != 2
      || !read_vec (c, json_array_get (grain, 0), "grain", &pn->grain_a)
      || !read_vec (c, json_array_get (grain, 1), "grain", &pn->grain_b))
    return fail (c, AT_ERR_PARSE, "panel '%s': grain must be [[x, y], [x, y]]", pn->name);
  size_t k;
  json_t *e;
  json_array_foreach (notches, k, e)
    {
      int i = segment_ref (c, pn, json_object_get (e, "segment"), "a notch");
      double t;
      if (i < 0 || !read_number (c, json_object_get (e, "t"), "notch t", &t))
        return false;
      if (t < 0 || t > 1)
        return fail (c, AT_ERR_RANGE, "panel '%s': notch t must be 0-1", pn->name);
      pn->notches[pn->notch_count++] = (AtNotch) { i, t };
    }
  json_array_foreach (darts, k, e)
    {
      int a = segment_ref (c, pn, json_array_get (e, 0), "a dart leg");
      int b = a < 0 ? -1 : segment_ref (c, pn, json_array_get (e, 1), "a dart leg");
      if (b < 0)
        return false;
      pn->darts[pn->dart_count++] = (AtDart) { a, b };
    }
  json_array_foreach (folds, k, e)
    {
      AtFoldLine *f = &pn->folds[pn->fold_count];
      if (!read_vec (c, json_object_get (e, "a"), "fold a", &f->a) || !read_vec (c, json_object_get (e, "b"), "fold b", &f->b)
          || !read_number (c, json_object_get (e, "angle"), "fold angle", &f->angle_deg))
        return false;
      pn->fold_count++;
    }
  json_t *pl = json_object_get (o, "placement");
  if (!json_is_object (pl) || !read_name (c, pl, "landmark", "placement", pn->placement.landmark,
                                          sizeof pn->placement.landmark, true))
    return fail (c, AT_ERR_PARSE, "panel '%s': placement must name a landmark", pn->name);
  bool known = false;
  for (const char *const *l = at_placement_landmarks (); *l; l++)
    known |= strcmp (*l, pn->placement.landmark) == 0;
  if (!known)
    return fail (c, AT_ERR_INVALID, "panel '%s': unknown placement landmark '%s'", pn->name, pn->placement.landmark);
  json_t *off = json_object_get (pl, "offset");
  if (!json_is_array (off) || json_array_size (off) != 3)
    return fail (c, AT_ERR_PARSE, "panel '%s': placement offset must be [x, y, z]", pn->name);
  for (int j = 0; j < 3; j++)
    if (!read_number (c, json_array_get (off, (size_t) j), "placement offset", &pn->placement.offset[j]))
      return false;
  if (!read_vec (c, json_object_get (pl, "anchor"), "placement anchor", &pn->placement.anchor))
    return false;
  pn->placement.wrap = json_is_true (json_object_get (pl, "wrap"));
  pn->placement.hold = json_is_true (json_object_get (pl, "hold"));
  return true;
}

static bool
read_side (Ctx *c, const AtPattern *p, json_t *o, int s, AtSeamSide *out)
{
  if (!json_is_object (o))
    return fail (c, AT_ERR_PARSE, "seams[%d]: each side must be an object", s);
  json_t *pname = json_object_get (o, "panel");
  int pi = json_is_string (pname) ? at_pattern_find_panel (p, json_string_value (pname)) : -1;
  if (pi < 0)
    return fail (c, AT_ERR_INVALID, "seams[%d] names an unknown panel", s);
  const AtPanel *pn = &p->panels[pi];
  int a = segment_ref (c, pn, json_object_get (o, "first"), "a seam");
  int b = a < 0 ? -1 : segment_ref (c, pn, json_object_get (o, "last"), "a seam");
  if (b < 0)
    return false;
  *out = (AtSeamSide) { pi, a, (b - a + pn->segment_count) % pn->segment_count + 1 };
  return true;
}

static bool
read_root (Ctx *c, json_t *root, AtPattern *p)
{
  if (!json_is_object (root))
    return fail (c, AT_ERR_PARSE, "not a JSON object");
  json_t *format = json_object_get (root, "format");
  if (!json_is_string (format) || strcmp (json_string_value (format), "atelier-pattern") != 0)
    return fail (c, AT_ERR_PARSE, "'format' is not \"atelier-pattern\"");
  json_t *version = json_object_get (root, "version");
  if (!json_is_integer (version) || json_integer_value (version) < 1)
    return fail (c, AT_ERR_PARSE, "'version' must be a positive integer");
  if (json_integer_value (version) > AT_PATTERN_FORMAT_VERSION)
    return fail (c, AT_ERR_VERSION, "pattern format version %lld is newer than this program reads (%d)",
                 (long long) json_integer_value (version), AT_PATTERN_FORMAT_VERSION);
  json_t *units = json_object_get (root, "units");
  if (!json_is_string (units) || strcmp (json_string_value (units), "cm") != 0)
    return fail (c, AT_ERR_UNSUPPORTED, "'units' must be \"cm\"");
  json_t *panels, *seams;
  if (!read_name (c, root, "garment", "pattern", p->garment, sizeof p->garment, true)
      || !read_name (c, root, "size", "pattern", p->size, sizeof p->size, true)
      || !read_array (c, root, "panels", "pattern", AT_PATTERN_MAX_PANELS, &panels)
      || !read_array (c, root, "seams", "pattern", AT_PATTERN_MAX_SEAMS, &seams))
    return false;
  if (!panels || json_array_size (panels) == 0)
    return fail (c, AT_ERR_INVALID, "the pattern has no panels");
  size_t k;
  json_t *e;
  json_array_foreach (panels, k, e)
    {
      if (!read_panel (c, e, (int) k, &p->panels[k]))
        return false;
      if (at_pattern_find_panel (p, p->panels[k].name) >= 0)
        return fail (c, AT_ERR_INVALID, "two panels are named '%s'", p->panels[k].name);
      p->panel_count = (int) k + 1;
    }
  json_array_foreach (panels, k, e)
    {
      json_t *m = json_object_get (e, "mirror_of");
      if (m && !json_is_null (m))
        {
          int mi = json_is_string (m) ? at_pattern_find_panel (p, json_string_value (m)) : -1;
          if (mi < 0 || mi == (int) k)
            return fail (c, AT_ERR_INVALID, "panel '%s': mirror_of names no other panel", p->panels[k].name);
          p->panels[k].mirror_of = mi;
        }
    }
  json_array_foreach (seams, k, e)
    {
      AtSeam *s = &p->seams[k];
      memset (s, 0, sizeof *s);
      if (!json_is_object (e) || !read_side (c, p, json_object_get (e, "a"), (int) k, &s->a)
          || !read_side (c, p, json_object_get (e, "b"), (int) k, &s->b))
        return json_is_object (e) ? false : fail (c, AT_ERR_PARSE, "seams[%zu] must be an object", k);
      s->reversed = json_is_true (json_object_get (e, "reversed"));
      snprintf (s->name, sizeof s->name, "%s.%s-%s.%s", p->panels[s->a.panel].name,
                p->panels[s->a.panel].segments[s->a.first].name, p->panels[s->b.panel].name,
                p->panels[s->b.panel].segments[s->b.first].name);
      p->seam_count = (int) k + 1;
    }
  return true;
}

AtStatus
at_pattern_from_json (const char *text, AtPattern *out, AtError *err)
{
  AtError local = { 0 };
  Ctx c = { "pattern", &local };
  json_t *root;
  if (at_json_parse (text, "pattern", &root, err) != AT_OK)
    return AT_ERR_PARSE;
  AtPattern *tmp = calloc (1, sizeof *tmp);
  if (!tmp)
    {
      json_decref (root);
      return at_error_set (err, AT_ERR_NOMEM, "pattern: out of memory");
    }
  bool ok = read_root (&c, root, tmp);
  json_decref (root);
  if (ok)
    *out = *tmp;
  free (tmp);
  if (!ok)
    return at_error_set (err, local.code, "%s", local.message);
  return AT_OK;
}

AtStatus
at_pattern_save (const AtPattern *pattern, const char *path, AtError *err)
{
  char *text = at_pattern_to_json (pattern);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: cannot serialise the pattern", path);
  AtStatus st = at_file_write_atomic (path, text, strlen (text), err);
  free (text);
  return st;
}

AtStatus
at_pattern_load (const char *path, AtPattern *out, AtError *err)
{
  char *text = NULL;
  size_t len;
  AtStatus st = at_file_read_all (path, 8 << 20, &text, &len, err);
  if (st != AT_OK)
    return st;
  AtError local = { 0 };
  st = at_pattern_from_json (text, out, &local);
  free (text);
  if (st != AT_OK)
    return at_error_set (err, st, "%s: %s", path, local.message + (strncmp (local.message, "pattern: ", 9) == 0 ? 9 : 0));
  return AT_OK;
}

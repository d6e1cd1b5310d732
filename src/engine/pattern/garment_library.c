/* The garment library: reading and writing data/garments/<id>.json, design
 * parameters, the size chart, and the entry points of the drafting code.
 *
 * Nearest size: each chart size is a point in the space of the girths the
 * garment has an ease for; distances are measured in grade steps (the
 * chart's mean difference between neighbouring sizes for that girth), so a
 * 4 cm chest step and a 6 cm hip step weigh alike, as a fitter would read a
 * size chart. */
#include "at_json.h"
#include "at_garment_library.h"
#include "draft_internal.h"
#include "at_file.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const library_ids[] = { "tshirt", "shirt", "skirt", "trousers", "dress", "hoodie", NULL };

const char *const *
at_garment_library_ids (void)
{
  return library_ids;
}

static AtStatus
get_string (json_t *root, const char *key, const char *source, char *dst, size_t size, bool required, AtError *err)
{
  json_t *v = json_object_get (root, key);
  if (!v)
    {
      if (required)
        return at_error_set (err, AT_ERR_PARSE, "%s: missing key '%s'", source, key);
      dst[0] = '\0';
      return AT_OK;
    }
  if (!json_is_string (v) || json_string_length (v) == 0 || json_string_length (v) >= size)
    return at_error_set (err, AT_ERR_PARSE, "%s: '%s' must be a non-empty string of at most %zu characters", source,
                         key, size - 1);
  snprintf (dst, size, "%s", json_string_value (v));
  return AT_OK;
}

static AtStatus
parse_params (json_t *params, const char *source, AtGarmentDef *def, AtError *err)
{
  const AtDraftRoutine *r = def->draft;
  for (int i = 0; i < r->param_count; i++)
    def->params[i] = r->params[i].def;
  if (!params)
    return AT_OK;
  if (!json_is_object (params))
    return at_error_set (err, AT_ERR_PARSE, "%s: 'params' must be an object", source);
  const char *name;
  json_t *value;
  json_object_foreach (params, name, value)
    {
      if (!json_is_number (value))
        return at_error_set (err, AT_ERR_PARSE, "%s: params.%s must be a number", source, name);
      AtStatus st = at_garment_set_param (def, name, json_number_value (value), err);
      if (st != AT_OK)
        {
          char detail[sizeof err->message];
          snprintf (detail, sizeof detail, "%s", err->message);
          return at_error_set (err, st, "%s: %s", source, detail);
        }
    }
  return AT_OK;
}

static double
required_girth_sum (const AtGarmentDef *def, const AtMeasurements *m)
{
  double sum = 0;
  for (int k = 0; k < def->draft->required_count; k++)
    if (at_measure_info (def->draft->required[k])->kind == AT_KIND_GIRTH)
      sum += m->value[def->draft->required[k]];
  return sum;
}

static AtStatus
parse_sizes (json_t *sizes, const char *source, AtGarmentDef *def, AtError *err)
{
  if (!json_is_array (sizes) || json_array_size (sizes) == 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: 'sizes' must be a non-empty array", source);
  if (json_array_size (sizes) > AT_GARMENT_MAX_SIZES)
    return at_error_set (err, AT_ERR_RANGE, "%s: more than %d sizes", source, AT_GARMENT_MAX_SIZES);
  size_t i;
  json_t *entry;
  json_array_foreach (sizes, i, entry)
    {
      AtChartSize *cs = &def->sizes[i];
      char where[96];
      snprintf (where, sizeof where, "%s: sizes[%zu]", source, i);
      if (!json_is_object (entry))
        return at_error_set (err, AT_ERR_PARSE, "%s must be an object", where);
      AtStatus st = get_string (entry, "size", where, cs->name, sizeof cs->name, true, err);
      if (st != AT_OK)
        return st;
      at_measurements_init (&cs->body, def->sex);
      const char *key;
      json_t *value;
      json_object_foreach (entry, key, value)
        {
          if (strcmp (key, "size") == 0)
            continue;
          int k = at_measure_key_from_name (key);
          if (k < 0 || k == AT_M_WEIGHT || k == AT_M_AGE)
            return at_error_set (err, AT_ERR_PARSE, "%s (%s): unknown measurement '%s'", where, cs->name, key);
          if (!json_is_number (value))
            return at_error_set (err, AT_ERR_PARSE, "%s (%s): '%s' must be a number", where, cs->name, key);
          double v = json_number_value (value);
          AtError e2;
          if (at_measurement_check ((AtMeasureKey) k, v, &e2) != AT_OK)
            return at_error_set (err, AT_ERR_RANGE, "%s (%s): %s", where, cs->name, e2.message);
          cs->body.value[k] = v;
          cs->body.given[k] = true;
        }
      for (int r = 0; r < def->draft->required_count; r++)
        if (!cs->body.given[def->draft->required[r]])
          return at_error_set (err, AT_ERR_PARSE, "%s (%s): missing '%s', which drafting '%s' needs", where,
                               cs->name, at_measure_info (def->draft->required[r])->key, def->draft->id);
      for (size_t j = 0; j < i; j++)
        if (strcmp (def->sizes[j].name, cs->name) == 0)
          return at_error_set (err, AT_ERR_PARSE, "%s: size '%s' listed twice", where, cs->name);
      if (i > 0 && required_girth_sum (def, &cs->body) <= required_girth_sum (def, &def->sizes[i - 1].body))
        return at_error_set (err, AT_ERR_INVALID, "%s: size '%s' is not larger than '%s' (sizes go smallest to largest)",
                             where, cs->name, def->sizes[i - 1].name);
      def->size_count = (int) i + 1;
    }
  return AT_OK;
}

static AtStatus
parse_root (json_t *root, const char *source, AtGarmentDef *out, AtError *err)
{
  if (!json_is_object (root))
    return at_error_set (err, AT_ERR_PARSE, "%s: not a JSON object", source);
  json_t *format = json_object_get (root, "format");
  if (!json_is_string (format) || strcmp (json_string_value (format), "atelier-garment") != 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: 'format' is not \"atelier-garment\"", source);
  json_t *version = json_object_get (root, "version");
  if (!json_is_integer (version) || json_integer_value (version) < 1)
    return at_error_set (err, AT_ERR_PARSE, "%s: 'version' must be a positive integer", source);
  if (json_integer_value (version) > AT_GARMENT_FORMAT_VERSION)
    return at_error_set (err, AT_ERR_VERSION, "%s: garment format version %lld is newer than this program reads (%d)",
                         source, (long long) json_integer_value (version), AT_GARMENT_FORMAT_VERSION);
  char draft[AT_PATTERN_NAME_MAX], sex[16];
  AtStatus st;
  if ((st = get_string (root, "id", source, out->id, sizeof out->id, true, err))
      || (st = get_string (root, "name", source, out->name, sizeof out->name, true, err))
      || (st = get_string (root, "category", source, out->category, sizeof out->category, true, err))
      || (st = get_string (root, "fabric", source, out->fabric, sizeof out->fabric, true, err))
      || (st = get_string (root, "trim_fabric", source, out->trim_fabric, sizeof out->trim_fabric, false, err))
      || (st = get_string (root, "draft", source, draft, sizeof draft, true, err))
      || (st = get_string (root, "sex", source, sex, sizeof sex, true, err))
      || (st = get_string (root, "size_system", source, out->size_system, sizeof out->size_system, false, err))
      || (st = get_string (root, "base_size", source, out->base_size, sizeof out->base_size, false, err)))
    return st;
  if (!at_sex_from_name (sex, &out->sex))
    return at_error_set (err, AT_ERR_PARSE, "%s: 'sex' must be \"female\" or \"male\"", source);
  out->draft = at_draft_routine_find (draft);
  if (!out->draft)
    return at_error_set (err, AT_ERR_UNSUPPORTED, "%s: unknown drafting routine '%s'", source, draft);
  if ((st = parse_params (json_object_get (root, "params"), source, out, err)))
    return st;
  if ((st = parse_sizes (json_object_get (root, "sizes"), source, out, err)))
    return st;
  if (out->base_size[0] && at_garment_size_index (out, out->base_size) < 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: base_size '%s' is not in the chart", source, out->base_size);
  return AT_OK;
}

AtStatus
at_garment_parse (const char *json_text, const char *source, AtGarmentDef *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  json_t *root;
  if (at_json_parse (json_text, source, &root, err) != AT_OK)
    return AT_ERR_PARSE;
  AtStatus st = parse_root (root, source, out, err);
  json_decref (root);
  return st;
}

AtStatus
at_garment_load_file (const char *path, AtGarmentDef *out, AtError *err)
{
  char *text = NULL;
  size_t len;
  AtStatus st = at_file_read_all (path, 1 << 20, &text, &len, err);
  if (st != AT_OK)
    return st;
  st = at_garment_parse (text, path, out, err);
  free (text);
  return st;
}

AtStatus
at_garment_load (const char *id, AtGarmentDef *out, AtError *err)
{
  bool known = false;
  for (int i = 0; library_ids[i]; i++)
    known |= strcmp (library_ids[i], id) == 0;
  if (!known)
    return at_error_set (err, AT_ERR_NOT_FOUND, "unknown garment '%s' (the library has tshirt, shirt, skirt, "
                         "trousers, dress, hoodie)", id);
  char rel[96], path[1024];
  snprintf (rel, sizeof rel, "garments/%s.json", id);
  AtStatus st = at_garment_load_file (at_data_path (rel, path, sizeof path), out, err);
  if (st == AT_OK && strcmp (out->id, id) != 0)
    return at_error_set (err, AT_ERR_INVALID, "%s: id '%s' does not match the file name", path, out->id);
  return st;
}

char *
at_garment_to_json (const AtGarmentDef *def)
{
  json_t *root = json_object ();
  json_object_set_new (root, "format", json_string ("atelier-garment"));
  json_object_set_new (root, "version", json_integer (AT_GARMENT_FORMAT_VERSION));
  json_object_set_new (root, "id", json_string (def->id));
  json_object_set_new (root, "name", json_string (def->name));
  json_object_set_new (root, "category", json_string (def->category));
  json_object_set_new (root, "draft", json_string (def->draft->id));
  json_object_set_new (root, "fabric", json_string (def->fabric));
  if (def->trim_fabric[0])
    json_object_set_new (root, "trim_fabric", json_string (def->trim_fabric));
  json_object_set_new (root, "sex", json_string (at_sex_name (def->sex)));
  if (def->size_system[0])
    json_object_set_new (root, "size_system", json_string (def->size_system));
  if (def->base_size[0])
    json_object_set_new (root, "base_size", json_string (def->base_size));
  json_t *params = json_object ();
  for (int i = 0; i < def->draft->param_count; i++)
    json_object_set_new (params, def->draft->params[i].name, json_real (def->params[i]));
  json_object_set_new (root, "params", params);
  json_t *sizes = json_array ();
  for (int s = 0; s < def->size_count; s++)
    {
      json_t *e = json_object ();
      json_object_set_new (e, "size", json_string (def->sizes[s].name));
      for (int k = 0; k < AT_M_COUNT; k++)
        if (def->sizes[s].body.given[k])
          json_object_set_new (e, at_measure_info (k)->key, json_real (def->sizes[s].body.value[k]));
      json_array_append_new (sizes, e);
    }
  json_object_set_new (root, "sizes", sizes);
  char *text = json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10));
  json_decref (root);
  return text;
}

int
at_garment_param_count (const AtGarmentDef *def)
{
  return def->draft->param_count;
}

const AtDesignParamInfo *
at_garment_param_info (const AtGarmentDef *def, int index)
{
  return index >= 0 && index < def->draft->param_count ? &def->draft->params[index] : NULL;
}

int
at_garment_param_index (const AtGarmentDef *def, const char *name)
{
  for (int i = 0; i < def->draft->param_count; i++)
    if (strcmp (def->draft->params[i].name, name) == 0)
      return i;
  return -1;
}

AtStatus
at_garment_get_param (const AtGarmentDef *def, const char *name, double *out, AtError *err)
{
  int i = at_garment_param_index (def, name);
  if (i < 0)
    return at_error_set (err, AT_ERR_NOT_FOUND, "garment '%s' has no design parameter '%s'", def->id, name);
  *out = def->params[i];
  return AT_OK;
}

AtStatus
at_garment_set_param (AtGarmentDef *def, const char *name, double value, AtError *err)
{
  int i = at_garment_param_index (def, name);
  if (i < 0)
    return at_error_set (err, AT_ERR_NOT_FOUND, "garment '%s' has no design parameter '%s'", def->id, name);
  const AtDesignParamInfo *info = &def->draft->params[i];
  if (!(value >= info->min && value <= info->max))
    return at_error_set (err, AT_ERR_RANGE, "design parameter '%s' = %g is outside %g..%g", name, value, info->min,
                         info->max);
  def->params[i] = value;
  return AT_OK;
}

int
at_garment_size_index (const AtGarmentDef *def, const char *size)
{
  for (int i = 0; i < def->size_count; i++)
    if (strcmp (def->sizes[i].name, size) == 0)
      return i;
  return -1;
}

static const char *
region_name (AtMeasureKey girth)
{
  switch (girth)
    {
    case AT_M_CHEST_GIRTH: return "chest";
    case AT_M_WAIST_GIRTH: return "waist";
    case AT_M_HIP_GIRTH: return "hip";
    case AT_M_UPPER_ARM_GIRTH: return "upper_arm";
    case AT_M_WRIST_GIRTH: return "wrist";
    case AT_M_CALF_GIRTH: return "calf";
    default: return at_measure_info (girth)->key;
    }
}

int
at_garment_eases (const AtGarmentDef *def, AtGarmentEase *out, int max)
{
  int n = 0;
  for (int i = 0; i < def->draft->param_count && n < max; i++)
    {
      AtMeasureKey g = def->draft->params[i].ease_of;
      if ((int) g >= 0)
        out[n++] = (AtGarmentEase) { region_name (g), g, def->params[i] };
    }
  return n;
}

int
at_garment_nearest_size (const AtGarmentDef *def, const AtMeasurements *m)
{
  AtGarmentEase eases[AT_GARMENT_MAX_PARAMS];
  int ne = at_garment_eases (def, eases, AT_GARMENT_MAX_PARAMS);
  double step[AT_GARMENT_MAX_PARAMS];
  for (int e = 0; e < ne; e++)
    {
      AtMeasureKey g = eases[e].girth;
      double span = def->sizes[def->size_count - 1].body.value[g] - def->sizes[0].body.value[g];
      step[e] = def->size_count > 1 && span > 0 ? span / (def->size_count - 1) : 4.0;
    }
  int best = -1;
  double best_d = INFINITY;
  for (int s = 0; s < def->size_count; s++)
    {
      double d = 0;
      int used = 0;
      for (int e = 0; e < ne; e++)
        {
          AtMeasureKey g = eases[e].girth;
          if (!(m->value[g] > 0) || !def->sizes[s].body.given[g])
            continue;
          double z = (m->value[g] - def->sizes[s].body.value[g]) / step[e];
          d += z * z;
          used++;
        }
      if (used > 0 && d < best_d)
        {
          best_d = d;
          best = s;
        }
    }
  return best;
}

int
at_garment_required_keys (const AtGarmentDef *def, AtMeasureKey *out, int max)
{
  int n = 0;
  for (int i = 0; i < def->draft->required_count && n < max; i++)
    out[n++] = def->draft->required[i];
  return n;
}

static AtStatus
run_draft (const AtGarmentDef *def, const AtMeasurements *m, const char *size, AtPattern *out, AtError *err)
{
  AtError local = { 0 };
  at_pattern_init (out, def->id, size);
  AtStatus st = def->draft->draft (m, def->params, def->fabric, out, &local);
  if (st != AT_OK)
    return at_error_set (err, st, "drafting %s (%s): %s", def->id, size, local.message);
  for (int k = 0; def->trim_fabric[0] && def->draft->trim_panels && def->draft->trim_panels[k]; k++)
    {
      int p = at_pattern_find_panel (out, def->draft->trim_panels[k]);
      if (p >= 0)
        snprintf (out->panels[p].fabric, sizeof out->panels[p].fabric, "%s", def->trim_fabric);
    }
  return AT_OK;
}

AtStatus
at_garment_draft_size (const AtGarmentDef *def, const char *size, AtPattern *out, AtError *err)
{
  int s = at_garment_size_index (def, size);
  if (s < 0)
    {
      char list[256] = "";
      for (int i = 0; i < def->size_count; i++)
        snprintf (list + strlen (list), sizeof list - strlen (list), "%s%s", i ? ", " : "", def->sizes[i].name);
      return at_error_set (err, AT_ERR_NOT_FOUND, "garment '%s' has no size '%s' (sizes: %s)", def->id, size, list);
    }
  return run_draft (def, &def->sizes[s].body, def->sizes[s].name, out, err);
}

AtStatus
at_garment_draft_body (const AtGarmentDef *def, const AtMeasurements *m, AtPattern *out, AtError *err)
{
  char missing[400] = "";
  for (int i = 0; i < def->draft->required_count; i++)
    {
      AtMeasureKey k = def->draft->required[i];
      if (!(m->value[k] > 0))
        snprintf (missing + strlen (missing), sizeof missing - strlen (missing), "%s%s", missing[0] ? ", " : "",
                  at_measure_info (k)->key);
    }
  if (missing[0])
    return at_error_set (err, AT_ERR_INVALID, "drafting %s to measure needs %s", def->id, missing);
  return run_draft (def, m, "made-to-measure", out, err);
}

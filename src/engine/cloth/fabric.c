/* Fabric presets: JSON files in physical units, validated on load so that a
 * bad file cannot reach the solver (a negative stiffness or zero density
 * would make it blow up or divide by zero). */
#include "at_fabric.h"

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_file.h"

AtFabric
at_fabric_default (void)
{
  return (AtFabric) {
    .name = "cotton-poplin",
    .title = "Cotton poplin (shirting)",
    .density_gsm = 115,
    .stretch_warp = 4000,
    .stretch_weft = 3500,
    .stretch_bias = 150,
    .bend_warp = 10,
    .bend_weft = 8,
    .thickness_mm = 0.25,
    .friction = 0.3,
    .damping = 0.2,
  };
}

typedef struct {
  const char *key;
  size_t offset;
  double min, max;
} FabricField;

#define FIELD(k, member, lo, hi) { k, offsetof (AtFabric, member), lo, hi }
static const FabricField fields[] = {
  FIELD ("density_gsm", density_gsm, 10, 2000),
  FIELD ("stretch_warp_n_per_m", stretch_warp, 1, 1e6),
  FIELD ("stretch_weft_n_per_m", stretch_weft, 1, 1e6),
  FIELD ("stretch_bias_n_per_m", stretch_bias, 0.1, 1e6),
  FIELD ("bend_warp_uNm", bend_warp, 0.01, 1e5),
  FIELD ("bend_weft_uNm", bend_weft, 0.01, 1e5),
  FIELD ("thickness_mm", thickness_mm, 0.01, 20),
  FIELD ("friction", friction, 0, 2),
  FIELD ("damping", damping, 0, 50),
};
#undef FIELD

AtStatus
at_fabric_validate (const AtFabric *f, AtError *err)
{
  if (!f)
    return at_error_set (err, AT_ERR_INVALID, "fabric: no fabric given");
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    {
      double v = *(const double *) ((const char *) f + fields[i].offset);
      if (!isfinite (v) || v < fields[i].min || v > fields[i].max)
        return at_error_set (err, AT_ERR_RANGE, "fabric '%s': %s = %g is outside %g..%g", f->name, fields[i].key, v,
                             fields[i].min, fields[i].max);
    }
  return AT_OK;
}

static bool
is_path (const char *s)
{
  size_t n = strlen (s);
  return strchr (s, '/') || (n > 5 && strcmp (s + n - 5, ".json") == 0);
}

static AtStatus
parse_fabric (const char *path, const char *id, AtFabric *out, AtError *err)
{
  char *text = NULL;
  size_t len = 0;
  AtStatus st = at_file_read_all (path, 1 << 20, &text, &len, err);
  if (st != AT_OK)
    return st;
  json_error_t jerr;
  json_t *root = json_loadb (text, len, 0, &jerr);
  free (text);
  if (!json_is_object (root))
    {
      json_decref (root);
      return at_error_set (err, AT_ERR_PARSE, "%s: line %d: %s", path, jerr.line, root ? "not a JSON object" : jerr.text);
    }
  AtFabric f = { 0 };
  snprintf (f.name, sizeof f.name, "%s", id);
  json_t *title = json_object_get (root, "title");
  snprintf (f.title, sizeof f.title, "%s", json_is_string (title) ? json_string_value (title) : id);
  st = AT_OK;
  for (size_t i = 0; i < sizeof fields / sizeof fields[0] && st == AT_OK; i++)
    {
      json_t *v = json_object_get (root, fields[i].key);
      if (!json_is_number (v))
        st = at_error_set (err, AT_ERR_PARSE, "%s: key '%s' is missing or not a number", path, fields[i].key);
      else
        *(double *) ((char *) &f + fields[i].offset) = json_number_value (v);
    }
  json_decref (root);
  if (st != AT_OK)
    return st;
  AtError verr = { 0 };
  if (at_fabric_validate (&f, &verr) != AT_OK)
    return at_error_set (err, verr.code, "%s: %s", path, verr.message);
  *out = f;
  return AT_OK;
}

AtStatus
at_fabric_load (const char *name_or_path, AtFabric *out, AtError *err)
{
  if (!name_or_path || !*name_or_path || !out)
    return at_error_set (err, AT_ERR_INVALID, "fabric: no name given");
  if (is_path (name_or_path))
    {
      const char *base = strrchr (name_or_path, '/');
      char id[64];
      snprintf (id, sizeof id, "%s", base ? base + 1 : name_or_path);
      char *dot = strrchr (id, '.');
      if (dot)
        *dot = '\0';
      return parse_fabric (name_or_path, id, out, err);
    }
  for (const char *c = name_or_path; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
      return at_error_set (err, AT_ERR_NOT_FOUND, "fabric '%s': not a preset id (see 'atelier-cli bench drape-cusick --fabric all')", name_or_path);
  char rel[128], path[4096];
  snprintf (rel, sizeof rel, "fabrics/%s.json", name_or_path);
  at_data_path (rel, path, sizeof path);
  AtError ferr = { 0 };
  AtStatus st = parse_fabric (path, name_or_path, out, &ferr);
  if (st == AT_ERR_IO)
    return at_error_set (err, AT_ERR_NOT_FOUND, "fabric '%s': no preset %s", name_or_path, path);
  if (st != AT_OK)
    return at_error_set (err, st, "%s", ferr.message);
  return AT_OK;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

AtStatus
at_fabric_list (char ***names_out, int *count_out, AtError *err)
{
  char path[4096];
  at_data_path ("fabrics", path, sizeof path);
  DIR *dir = opendir (path);
  if (!dir)
    return at_error_set (err, AT_ERR_IO, "%s: cannot open the fabric folder", path);
  char **names = NULL;
  int count = 0, cap = 0;
  struct dirent *de;
  AtStatus st = AT_OK;
  while ((de = readdir (dir)) && st == AT_OK)
    {
      size_t n = strlen (de->d_name);
      if (n <= 5 || strcmp (de->d_name + n - 5, ".json") != 0 || de->d_name[0] == '.')
        continue;
      if (count == cap)
        {
          cap = cap ? 2 * cap : 16;
          char **grown = realloc (names, (size_t) cap * sizeof *names);
          if (!grown)
            {
              st = at_error_set (err, AT_ERR_NOMEM, "fabric list: out of memory");
              break;
            }
          names = grown;
        }
      names[count] = strndup (de->d_name, n - 5);
      if (!names[count])
        st = at_error_set (err, AT_ERR_NOMEM, "fabric list: out of memory");
      else
        count++;
    }
  closedir (dir);
  if (st != AT_OK)
    {
      at_fabric_list_free (names, count);
      return st;
    }
  qsort (names, (size_t) count, sizeof *names, compare_names);
  *names_out = names;
  *count_out = count;
  return AT_OK;
}

void
at_fabric_list_free (char **names, int count)
{
  for (int i = 0; i < count; i++)
    free (names[i]);
  free (names);
}

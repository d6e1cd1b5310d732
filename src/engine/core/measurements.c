#include "at_measurements.h"
#include "at_file.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Ranges are deliberately wider than ANSUR II (soldiers aged 17-58) so that
 * children, the elderly and plus sizes are accepted, while typos (a stature
 * in mm, a girth in inches swapped with a height) are caught. */
static const AtMeasureInfo infos[AT_M_COUNT] = {
  [AT_M_STATURE] = { "stature", "stature", AT_KIND_LENGTH, 50, 250 },
  [AT_M_WEIGHT] = { "weight", "weightkg", AT_KIND_WEIGHT, 2, 350 },
  [AT_M_AGE] = { "age", "Age", AT_KIND_AGE, 0, 120 },
  [AT_M_CHEST_GIRTH] = { "chest_girth", "chestcircumference", AT_KIND_GIRTH, 30, 250 },
  [AT_M_CHEST_HEIGHT] = { "chest_height", "chestheight", AT_KIND_LENGTH, 25, 200 },
  [AT_M_CHEST_BREADTH] = { "chest_breadth", "chestbreadth", AT_KIND_LENGTH, 8, 80 },
  [AT_M_CHEST_DEPTH] = { "chest_depth", "chestdepth", AT_KIND_LENGTH, 6, 70 },
  [AT_M_WAIST_GIRTH] = { "waist_girth", "waistcircumference", AT_KIND_GIRTH, 25, 250 },
  [AT_M_WAIST_HEIGHT] = { "waist_height", "waistheightomphalion", AT_KIND_LENGTH, 20, 170 },
  [AT_M_WAIST_BREADTH] = { "waist_breadth", "waistbreadth", AT_KIND_LENGTH, 6, 80 },
  [AT_M_WAIST_DEPTH] = { "waist_depth", "waistdepth", AT_KIND_LENGTH, 5, 70 },
  [AT_M_HIP_GIRTH] = { "hip_girth", "buttockcircumference", AT_KIND_GIRTH, 30, 250 },
  [AT_M_HIP_HEIGHT] = { "hip_height", "buttockheight", AT_KIND_LENGTH, 15, 150 },
  [AT_M_HIP_BREADTH] = { "hip_breadth", "hipbreadth", AT_KIND_LENGTH, 8, 90 },
  [AT_M_HIP_DEPTH] = { "hip_depth", "buttockdepth", AT_KIND_LENGTH, 6, 70 },
  [AT_M_NECK_GIRTH] = { "neck_girth", "neckcircumferencebase", AT_KIND_GIRTH, 15, 80 },
  [AT_M_SHOULDER_BREADTH] = { "shoulder_breadth", "biacromialbreadth", AT_KIND_LENGTH, 12, 70 },
  [AT_M_UPPER_ARM_GIRTH] = { "upper_arm_girth", "bicepscircumferenceflexed", AT_KIND_GIRTH, 10, 80 },
  [AT_M_WRIST_GIRTH] = { "wrist_girth", "wristcircumference", AT_KIND_GIRTH, 10, 35 },
  [AT_M_THIGH_GIRTH] = { "thigh_girth", "thighcircumference", AT_KIND_GIRTH, 15, 120 },
  [AT_M_CALF_GIRTH] = { "calf_girth", "calfcircumference", AT_KIND_GIRTH, 12, 80 },
  [AT_M_ANKLE_GIRTH] = { "ankle_girth", "anklecircumference", AT_KIND_GIRTH, 10, 50 },
  [AT_M_INSIDE_LEG] = { "inside_leg", "crotchheight", AT_KIND_LENGTH, 15, 130 },
  [AT_M_ARM_LENGTH] = { "arm_length", "sleeveoutseam", AT_KIND_LENGTH, 15, 110 },
  [AT_M_KNEE_HEIGHT] = { "knee_height", "kneeheightmidpatella", AT_KIND_LENGTH, 10, 80 },
};

const AtMeasureInfo *
at_measure_info (AtMeasureKey key)
{
  if ((int) key < 0 || key >= AT_M_COUNT)
    return NULL;
  return &infos[key];
}

int
at_measure_key_from_name (const char *name)
{
  for (int k = 0; k < AT_M_COUNT; k++)
    if (strcmp (infos[k].key, name) == 0)
      return k;
  return -1;
}

const char *
at_sex_name (AtSex sex)
{
  return sex == AT_SEX_MALE ? "male" : "female";
}

bool
at_sex_from_name (const char *name, AtSex *out)
{
  if (strcmp (name, "male") == 0 || strcmp (name, "m") == 0)
    *out = AT_SEX_MALE;
  else if (strcmp (name, "female") == 0 || strcmp (name, "f") == 0)
    *out = AT_SEX_FEMALE;
  else
    return false;
  return true;
}

void
at_measurements_init (AtMeasurements *m, AtSex sex)
{
  memset (m, 0, sizeof *m);
  m->sex = sex;
}

AtStatus
at_measurement_check (AtMeasureKey key, double value, AtError *err)
{
  const AtMeasureInfo *info = at_measure_info (key);
  if (!info)
    return at_error_set (err, AT_ERR_INVALID, "unknown measurement");
  if (!isfinite (value))
    return at_error_set (err, AT_ERR_RANGE, "%s: not a finite number", info->key);
  if (value < info->min || value > info->max)
    return at_error_set (err, AT_ERR_RANGE, "%s: %g is outside the human range %g-%g %s", info->key, value,
                         info->min, info->max,
                         info->kind == AT_KIND_WEIGHT ? "kg" : info->kind == AT_KIND_AGE ? "years" : "cm");
  return AT_OK;
}

AtStatus
at_measurements_parse (const char *json_text, AtMeasurements *out, AtError *err)
{
  json_error_t jerr;
  /* JSON_ALLOW_NAN is not set, so NaN/Infinity literals are rejected by the parser. */
  json_t *root = json_loads (json_text, JSON_REJECT_DUPLICATES, &jerr);
  if (!root)
    return at_error_set (err, AT_ERR_PARSE, "line %d: %s", jerr.line, jerr.text);
  AtStatus st = AT_OK;
  if (!json_is_object (root))
    {
      st = at_error_set (err, AT_ERR_PARSE, "expected a JSON object of measurements");
      goto out;
    }
  json_t *sex = json_object_get (root, "sex");
  AtSex parsed_sex;
  if (!sex)
    {
      st = at_error_set (err, AT_ERR_INVALID, "sex: missing (\"female\" or \"male\")");
      goto out;
    }
  if (!json_is_string (sex) || !at_sex_from_name (json_string_value (sex), &parsed_sex))
    {
      st = at_error_set (err, AT_ERR_INVALID, "sex: must be \"female\" or \"male\"");
      goto out;
    }
  at_measurements_init (out, parsed_sex);

  const char *name;
  json_t *value;
  json_object_foreach (root, name, value)
    {
      if (strcmp (name, "sex") == 0)
        continue;
      int key = at_measure_key_from_name (name);
      if (key < 0)
        {
          st = at_error_set (err, AT_ERR_INVALID, "%s: unknown key", name);
          goto out;
        }
      if (!json_is_number (value))
        {
          st = at_error_set (err, AT_ERR_INVALID, "%s: not a number", name);
          goto out;
        }
      double v = json_number_value (value);
      if ((st = at_measurement_check (key, v, err)) != AT_OK)
        goto out;
      out->value[key] = v;
      out->given[key] = true;
    }
  if (!out->given[AT_M_STATURE])
    st = at_error_set (err, AT_ERR_INVALID, "stature: missing (required, in cm)");

out:
  json_decref (root);
  return st;
}

AtStatus
at_measurements_load (const char *path, AtMeasurements *out, AtError *err)
{
  char *text = NULL;
  AtStatus st = at_file_read_all (path, 1 << 20, &text, NULL, err);
  if (st != AT_OK)
    return st;
  st = at_measurements_parse (text, out, err);
  free (text);
  if (st != AT_OK && err)
    {
      char detail[sizeof err->message];
      memcpy (detail, err->message, sizeof detail);
      at_error_set (err, st, "%s: %s", path, detail);
    }
  return st;
}

char *
at_measurements_to_json (const AtMeasurements *m, bool pretty)
{
  json_t *root = json_object ();
  json_object_set_new (root, "sex", json_string (at_sex_name (m->sex)));
  /* A complete set writes every key; a partial one only what it knows, so
   * the text parses back to the same set. */
  for (int k = 0; k < AT_M_COUNT; k++)
    if (m->given[k] || m->value[k] != 0.0)
      json_object_set_new (root, infos[k].key, json_real (round (m->value[k] * 100.0) / 100.0));
  char *text = json_dumps (root, (pretty ? JSON_INDENT (2) : JSON_COMPACT) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10));
  json_decref (root);
  return text;
}

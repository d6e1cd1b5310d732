/* The measurement set of CONTRACT.md: one value per key in cm (weight kg,
 * age years), with a flag saying whether it was given (measured) or
 * estimated. The key table also carries each key's ANSUR II column and its
 * plausible human range, so parsing, completion and the UI share one truth. */
#pragma once
#include <stdbool.h>
#include "at_status.h"

typedef enum {
  AT_SEX_FEMALE = 0,
  AT_SEX_MALE = 1,
} AtSex;

typedef enum {
  AT_M_STATURE, AT_M_WEIGHT, AT_M_AGE,
  AT_M_CHEST_GIRTH, AT_M_CHEST_HEIGHT, AT_M_CHEST_BREADTH, AT_M_CHEST_DEPTH,
  AT_M_WAIST_GIRTH, AT_M_WAIST_HEIGHT, AT_M_WAIST_BREADTH, AT_M_WAIST_DEPTH,
  AT_M_HIP_GIRTH, AT_M_HIP_HEIGHT, AT_M_HIP_BREADTH, AT_M_HIP_DEPTH,
  AT_M_NECK_GIRTH, AT_M_SHOULDER_BREADTH, AT_M_UPPER_ARM_GIRTH, AT_M_WRIST_GIRTH,
  AT_M_THIGH_GIRTH, AT_M_CALF_GIRTH, AT_M_ANKLE_GIRTH,
  AT_M_INSIDE_LEG, AT_M_ARM_LENGTH, AT_M_KNEE_HEIGHT,
  AT_M_COUNT
} AtMeasureKey;

typedef enum {
  AT_KIND_LENGTH,  /* heights, breadths, depths, lengths (cm) */
  AT_KIND_GIRTH,   /* circumferences (cm) */
  AT_KIND_WEIGHT,  /* kg */
  AT_KIND_AGE,     /* years */
} AtMeasureKind;

typedef struct {
  const char *key;          /* JSON key, e.g. "chest_girth" */
  const char *ansur_column; /* ANSUR II column (mm, weightkg in 0.1 kg) */
  AtMeasureKind kind;
  double min, max;          /* accepted range in the key's unit */
} AtMeasureInfo;

typedef struct AtMeasurements {
  AtSex sex;
  double value[AT_M_COUNT];
  bool given[AT_M_COUNT];   /* true: typed or measured; false: estimated or absent */
} AtMeasurements;

const AtMeasureInfo *at_measure_info (AtMeasureKey key);
/* Returns the key for a JSON name, or -1. */
int at_measure_key_from_name (const char *name);
const char *at_sex_name (AtSex sex);
bool at_sex_from_name (const char *name, AtSex *out);

void at_measurements_init (AtMeasurements *m, AtSex sex);

/* Parses a measurement file's JSON text. Rejects unknown keys, non-numbers,
 * NaN, values outside the human range, a missing sex or stature, with a
 * message naming the key. Keys not present are left not given (value 0). */
AtStatus at_measurements_parse (const char *json_text, AtMeasurements *out, AtError *err);
AtStatus at_measurements_load (const char *path, AtMeasurements *out, AtError *err);

/* Checks a single value against its key's range (used by the UI too). */
AtStatus at_measurement_check (AtMeasureKey key, double value, AtError *err);

/* Serialises every known key (given or estimated) as one flat JSON object;
 * the caller frees the string. */
char *at_measurements_to_json (const AtMeasurements *m, bool pretty);

/* Body-shape groups: k-means (kmeans.c) per sex on three scale-free shape
 * descriptors, the log ratios chest/hip girth, waist/hip girth and
 * shoulder/hip breadth, each standardised to unit variance so that no
 * ratio dominates the distance. These are the proportions that the
 * classic shape taxonomies (hourglass, pear, inverted triangle, rectangle,
 * apple; Simmons, Istook & Devarajan 2004, FFIT) read off bust, waist and
 * hip; clustering finds the groups the population actually forms instead
 * of fixed thresholds. Each group is labelled from its centre by the one or
 * two descriptors that depart most from the average, and groups are
 * numbered by decreasing share. */
#include "at_json.h"
#include "at_sizing.h"
#include "at_completion.h"
#include "at_file.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT_SHAPE_MAX_GROUPS 16
#define AT_SHAPE_FORMAT "atelier-shape-groups"
#define AT_SHAPE_VERSION 1

typedef struct {
  double mean[AT_SHAPE_FEATURES], sd[AT_SHAPE_FEATURES];
  int k;
  double centre[AT_SHAPE_MAX_GROUPS][AT_SHAPE_FEATURES]; /* standardised */
  AtShapeGroup group[AT_SHAPE_MAX_GROUPS];
} AtShapeSex;

struct AtShapeModel {
  AtShapeSex sex[2];
};

static const char *const feature_names[AT_SHAPE_FEATURES] = {
  "log_chest_hip_girth", "log_waist_hip_girth", "log_shoulder_hip_breadth",
};
/* What a centre above (below) the average on each descriptor looks like. */
static const char *const feature_words[AT_SHAPE_FEATURES][2] = {
  { "chest fuller than hips", "hips fuller than chest" },
  { "full waist", "defined waist" },
  { "broad shoulders", "narrow shoulders" },
};

void
at_shape_features (const AtMeasurements *m, double out[AT_SHAPE_FEATURES])
{
  out[0] = log (m->value[AT_M_CHEST_GIRTH] / m->value[AT_M_HIP_GIRTH]);
  out[1] = log (m->value[AT_M_WAIST_GIRTH] / m->value[AT_M_HIP_GIRTH]);
  out[2] = log (m->value[AT_M_SHOULDER_BREADTH] / m->value[AT_M_HIP_BREADTH]);
}

static void
label_group (const double *z, char *label, size_t size)
{
  int order[AT_SHAPE_FEATURES] = { 0, 1, 2 };
  for (int a = 0; a < AT_SHAPE_FEATURES; a++)
    for (int b = a + 1; b < AT_SHAPE_FEATURES; b++)
      if (fabs (z[order[b]]) > fabs (z[order[a]]))
        {
          int t = order[a];
          order[a] = order[b];
          order[b] = t;
        }
  label[0] = '\0';
  /* 0.4 SD: a departure a fitter would notice on the tape. */
  for (int i = 0; i < 2 && fabs (z[order[i]]) >= 0.4; i++)
    {
      size_t len = strlen (label);
      snprintf (label + len, size - len, "%s%s", i ? ", " : "", feature_words[order[i]][z[order[i]] < 0]);
    }
  if (!label[0])
    snprintf (label, size, "balanced proportions");
}

static AtStatus
fit_sex (const AtMeasurements *subjects, size_t n, AtSex sex, int k, uint64_t seed, AtShapeSex *out, AtError *err)
{
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    count += subjects[i].sex == sex;
  double *z = malloc ((count ? count : 1) * AT_SHAPE_FEATURES * sizeof *z);
  const AtMeasurements **members = malloc ((count ? count : 1) * sizeof *members);
  if (!z || !members)
    {
      free (z);
      free (members);
      return at_error_set (err, AT_ERR_NOMEM, "shape groups: out of memory");
    }
  size_t j = 0;
  for (size_t i = 0; i < n; i++)
    if (subjects[i].sex == sex)
      {
        members[j] = &subjects[i];
        at_shape_features (&subjects[i], z + j * AT_SHAPE_FEATURES);
        j++;
      }
  memset (out, 0, sizeof *out);
  for (int f = 0; f < AT_SHAPE_FEATURES; f++)
    {
      double s = 0, s2 = 0;
      for (size_t i = 0; i < count; i++)
        s += z[i * AT_SHAPE_FEATURES + f];
      out->mean[f] = count ? s / (double) count : 0;
      for (size_t i = 0; i < count; i++)
        s2 += pow (z[i * AT_SHAPE_FEATURES + f] - out->mean[f], 2);
      out->sd[f] = count > 1 ? sqrt (s2 / (double) (count - 1)) : 0;
      if (!(out->sd[f] > 0))
        {
          free (z);
          free (members);
          return at_error_set (err, AT_ERR_INVALID, "shape groups: %s subjects show no spread in %s",
                               at_sex_name (sex), feature_names[f]);
        }
      for (size_t i = 0; i < count; i++)
        z[i * AT_SHAPE_FEATURES + f] = (z[i * AT_SHAPE_FEATURES + f] - out->mean[f]) / out->sd[f];
    }
  AtKMeansDef def = at_kmeans_def_default ();
  def.k = k;
  def.seed = seed;
  AtKMeans km;
  AtStatus st = at_kmeans_run (&def, z, count, AT_SHAPE_FEATURES, &km, err);
  if (st == AT_OK)
    {
      /* Number the groups by decreasing share (ties: lower cluster first). */
      int order[AT_SHAPE_MAX_GROUPS];
      for (int c = 0; c < k; c++)
        order[c] = c;
      for (int a = 0; a < k; a++)
        for (int b = a + 1; b < k; b++)
          if (km.sizes[order[b]] > km.sizes[order[a]])
            {
              int t = order[a];
              order[a] = order[b];
              order[b] = t;
            }
      out->k = k;
      for (int g = 0; g < k; g++)
        {
          int c = order[g];
          AtShapeGroup *grp = &out->group[g];
          memcpy (out->centre[g], km.centres + (size_t) c * AT_SHAPE_FEATURES, sizeof out->centre[g]);
          grp->id = g;
          grp->sex = sex;
          grp->share = (double) km.sizes[c] / (double) count;
          label_group (out->centre[g], grp->label, sizeof grp->label);
          for (size_t i = 0; i < count; i++)
            if (km.assignment[i] == c)
              {
                grp->chest_girth += members[i]->value[AT_M_CHEST_GIRTH] / (double) km.sizes[c];
                grp->waist_girth += members[i]->value[AT_M_WAIST_GIRTH] / (double) km.sizes[c];
                grp->hip_girth += members[i]->value[AT_M_HIP_GIRTH] / (double) km.sizes[c];
              }
        }
      at_kmeans_clear (&km);
    }
  free (z);
  free (members);
  return st;
}

AtStatus
at_shape_model_fit (const AtMeasurements *subjects, size_t n, int k, uint64_t seed, AtShapeModel **out, AtError *err)
{
  *out = NULL;
  if (k < 1 || k > AT_SHAPE_MAX_GROUPS)
    return at_error_set (err, AT_ERR_RANGE, "shape groups: k = %d is not between 1 and %d", k, AT_SHAPE_MAX_GROUPS);
  AtShapeModel *model = calloc (1, sizeof *model);
  if (!model)
    return at_error_set (err, AT_ERR_NOMEM, "shape groups: out of memory");
  for (int sex = 0; sex < 2; sex++)
    {
      AtStatus st = fit_sex (subjects, n, (AtSex) sex, k, seed, &model->sex[sex], err);
      if (st != AT_OK)
        {
          free (model);
          return st;
        }
    }
  *out = model;
  return AT_OK;
}

void
at_shape_model_free (AtShapeModel *model)
{
  free (model);
}

int
at_shape_model_count (const AtShapeModel *model, AtSex sex)
{
  return model->sex[sex == AT_SEX_MALE].k;
}

const AtShapeGroup *
at_shape_model_group (const AtShapeModel *model, AtSex sex, int id)
{
  const AtShapeSex *s = &model->sex[sex == AT_SEX_MALE];
  return id >= 0 && id < s->k ? &s->group[id] : NULL;
}

AtStatus
at_shape_model_classify (const AtShapeModel *model, const AtMeasurements *m, AtShapeGroup *out, AtError *err)
{
  AtMeasurements full;
  AtStatus st = at_completion_complete (m, &full, err);
  if (st != AT_OK)
    return st;
  const AtShapeSex *s = &model->sex[full.sex == AT_SEX_MALE];
  double z[AT_SHAPE_FEATURES];
  at_shape_features (&full, z);
  for (int f = 0; f < AT_SHAPE_FEATURES; f++)
    z[f] = (z[f] - s->mean[f]) / s->sd[f];
  *out = s->group[at_kmeans_nearest (&s->centre[0][0], s->k, AT_SHAPE_FEATURES, z)];
  return AT_OK;
}

static json_t *
number_array (const double *v, int n)
{
  json_t *a = json_array ();
  for (int i = 0; i < n; i++)
    json_array_append_new (a, json_real (v[i]));
  return a;
}

AtStatus
at_shape_model_save (const AtShapeModel *model, const char *path, AtError *err)
{
  json_t *root = json_object ();
  json_object_set_new (root, "format", json_string (AT_SHAPE_FORMAT));
  json_object_set_new (root, "version", json_integer (AT_SHAPE_VERSION));
  json_t *names = json_array ();
  for (int f = 0; f < AT_SHAPE_FEATURES; f++)
    json_array_append_new (names, json_string (feature_names[f]));
  json_object_set_new (root, "features", names);
  for (int sex = 0; sex < 2; sex++)
    {
      const AtShapeSex *s = &model->sex[sex];
      json_t *js = json_object (), *groups = json_array ();
      json_object_set_new (js, "mean", number_array (s->mean, AT_SHAPE_FEATURES));
      json_object_set_new (js, "sd", number_array (s->sd, AT_SHAPE_FEATURES));
      for (int g = 0; g < s->k; g++)
        {
          const AtShapeGroup *grp = &s->group[g];
          json_t *jg = json_object ();
          json_object_set_new (jg, "label", json_string (grp->label));
          json_object_set_new (jg, "share", json_real (grp->share));
          json_object_set_new (jg, "centre", number_array (s->centre[g], AT_SHAPE_FEATURES));
          json_object_set_new (jg, "chest_girth", json_real (grp->chest_girth));
          json_object_set_new (jg, "waist_girth", json_real (grp->waist_girth));
          json_object_set_new (jg, "hip_girth", json_real (grp->hip_girth));
          json_array_append_new (groups, jg);
        }
      json_object_set_new (js, "groups", groups);
      json_object_set_new (root, at_sex_name ((AtSex) sex), js);
    }
  char *text = json_dumps (root, JSON_INDENT (1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (8));
  json_decref (root);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  AtStatus st = at_file_write_atomic (path, text, strlen (text), err);
  free (text);
  return st;
}

static bool
read_numbers (json_t *a, double *out, int n)
{
  if (json_array_size (a) != (size_t) n)
    return false;
  for (int i = 0; i < n; i++)
    {
      json_t *v = json_array_get (a, (size_t) i);
      if (!json_is_number (v) || !isfinite (json_number_value (v)))
        return false;
      out[i] = json_number_value (v);
    }
  return true;
}

static AtStatus
load_sex (json_t *js, AtSex sex, const char *path, AtShapeSex *s, AtError *err)
{
  const char *name = at_sex_name (sex);
  json_t *groups = json_object_get (js, "groups");
  size_t k = json_array_size (groups);
  if (!read_numbers (json_object_get (js, "mean"), s->mean, AT_SHAPE_FEATURES)
      || !read_numbers (json_object_get (js, "sd"), s->sd, AT_SHAPE_FEATURES))
    return at_error_set (err, AT_ERR_CORRUPT, "%s: %s: mean and sd must be %d numbers", path, name,
                         AT_SHAPE_FEATURES);
  for (int f = 0; f < AT_SHAPE_FEATURES; f++)
    if (!(s->sd[f] > 0))
      return at_error_set (err, AT_ERR_CORRUPT, "%s: %s: sd must be positive", path, name);
  if (k < 1 || k > AT_SHAPE_MAX_GROUPS)
    return at_error_set (err, AT_ERR_CORRUPT, "%s: %s: 1 to %d groups expected", path, name, AT_SHAPE_MAX_GROUPS);
  s->k = (int) k;
  for (size_t g = 0; g < k; g++)
    {
      json_t *jg = json_array_get (groups, g);
      AtShapeGroup *grp = &s->group[g];
      json_t *label = json_object_get (jg, "label");
      double girths[4];
      json_t *share = json_object_get (jg, "share");
      bool ok = json_is_string (label) && json_is_number (share)
                && read_numbers (json_object_get (jg, "centre"), s->centre[g], AT_SHAPE_FEATURES);
      const char *keys[] = { "chest_girth", "waist_girth", "hip_girth" };
      for (int i = 0; ok && i < 3; i++)
        {
          json_t *v = json_object_get (jg, keys[i]);
          ok = json_is_number (v) && json_number_value (v) > 0;
          girths[i] = ok ? json_number_value (v) : 0;
        }
      if (!ok)
        return at_error_set (err, AT_ERR_CORRUPT, "%s: %s group %zu: needs label, share, centre and girths", path,
                             name, g);
      grp->id = (int) g;
      grp->sex = sex;
      snprintf (grp->label, sizeof grp->label, "%s", json_string_value (label));
      grp->share = json_number_value (share);
      grp->chest_girth = girths[0];
      grp->waist_girth = girths[1];
      grp->hip_girth = girths[2];
    }
  return AT_OK;
}

AtStatus
at_shape_model_load (const char *path, AtShapeModel **out, AtError *err)
{
  *out = NULL;
  json_t *root;
  AtStatus st = at_json_read_file (path, 1u << 20, &root, err);
  if (st != AT_OK)
    return st;
  AtShapeModel *model = calloc (1, sizeof *model);
  json_t *format = json_object_get (root, "format"), *version = json_object_get (root, "version");
  if (!model)
    st = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  else if (!json_is_string (format) || strcmp (json_string_value (format), AT_SHAPE_FORMAT) != 0)
    st = at_error_set (err, AT_ERR_PARSE, "%s: not an %s file", path, AT_SHAPE_FORMAT);
  else if (!json_is_integer (version) || json_integer_value (version) != AT_SHAPE_VERSION)
    st = at_error_set (err, AT_ERR_VERSION, "%s: version is not %d", path, AT_SHAPE_VERSION);
  for (int sex = 0; st == AT_OK && sex < 2; sex++)
    {
      json_t *js = json_object_get (root, at_sex_name ((AtSex) sex));
      st = json_is_object (js) ? load_sex (js, (AtSex) sex, path, &model->sex[sex], err)
                               : at_error_set (err, AT_ERR_CORRUPT, "%s: %s missing", path, at_sex_name ((AtSex) sex));
    }
  json_decref (root);
  if (st != AT_OK)
    {
      free (model);
      return st;
    }
  *out = model;
  return AT_OK;
}

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static AtShapeModel *default_model;
static AtError default_error;

static void
load_default (void)
{
  char path[4096];
  at_shape_model_load (at_data_path ("sizes/shape_groups.json", path, sizeof path), &default_model, &default_error);
}

AtStatus
at_sizing_shape_group (const AtMeasurements *m, AtShapeGroup *out, AtError *err)
{
  pthread_once (&default_once, load_default);
  if (!default_model)
    return at_error_set (err, default_error.code, "%s", default_error.message);
  return at_shape_model_classify (default_model, m, out, err);
}

/* fit_anthro_sizes: fits the body-shape groups and designs the reference
 * size systems (src/engine/anthro/at_sizing.h) on every ANSUR II subject
 * available in ../shared/data/ansur2, writing data/sizes/shape_groups.json
 * (read by the studio to show a customer's shape group) and
 * data/sizes/ansur_size_systems.json (25 sizes, +-2.5 cm, tops and bottoms
 * per sex, with the share of the population each accommodates).
 *
 * usage: fit_anthro_sizes [ANSUR_DIR [OUT_DIR]] */
#include "anthro/at_ansur.h"
#include "anthro/at_sizing.h"
#include "at_file.h"
#include "at-config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SHAPE_GROUPS = 5, SHAPE_SEED = 1 };

static json_t *
design_chart (const AtMeasurements *subjects, size_t n, AtSex sex, const AtSizeChartKind *kind, AtError *err)
{
  size_t count;
  double *pts = at_sizing_points (subjects, n, sex, kind->keys, kind->dims, &count);
  if (!pts)
    {
      at_error_set (err, AT_ERR_NOMEM, "out of memory");
      return NULL;
    }
  AtSizeChartDef def = at_size_chart_def_default ();
  AtSizeChart chart;
  if (at_size_chart_design (&def, pts, count, kind->dims, &chart, err) != AT_OK)
    {
      free (pts);
      return NULL;
    }
  json_t *c = json_object (), *dims = json_array (), *sizes = json_array ();
  for (int d = 0; d < kind->dims; d++)
    json_array_append_new (dims, json_string (at_measure_info (kind->keys[d])->key));
  json_object_set_new (c, "sex", json_string (at_sex_name (sex)));
  json_object_set_new (c, "garment", json_string (kind->name));
  json_object_set_new (c, "dimensions", dims);
  json_object_set_new (c, "tolerance_cm", json_real (chart.tolerance));
  json_object_set_new (c, "accommodation", json_real (at_size_chart_accommodation (&chart, pts, count)));
  for (int s = 0; s < chart.n_sizes; s++)
    {
      json_t *centre = json_array ();
      for (int d = 0; d < chart.dims; d++)
        json_array_append_new (centre, json_real (chart.centres[(size_t) s * chart.dims + d]));
      json_array_append_new (sizes, centre);
    }
  json_object_set_new (c, "centres", sizes);
  at_size_chart_clear (&chart);
  free (pts);
  return c;
}

int
main (int argc, char **argv)
{
  if (argc > 3)
    {
      fprintf (stderr, "usage: fit_anthro_sizes [ANSUR_DIR [OUT_DIR]]\n");
      return 2;
    }
  AtError err = { 0 };
  char dir[4096], groups_path[4096], systems_path[4096];
  if (argc > 1)
    snprintf (dir, sizeof dir, "%s", argv[1]);
  else if (at_shared_data_path ("ansur2", dir, sizeof dir, &err) != AT_OK)
    {
      fprintf (stderr, "fit_anthro_sizes: %s\n", err.message);
      return 1;
    }
  const char *out_dir = argc > 2 ? argv[2] : AT_SOURCE_DATADIR "/sizes";
  snprintf (groups_path, sizeof groups_path, "%s/shape_groups.json", out_dir);
  snprintf (systems_path, sizeof systems_path, "%s/ansur_size_systems.json", out_dir);

  AtAnsurTable *table = NULL;
  AtShapeModel *shapes = NULL;
  AtMeasurements *subjects = NULL;
  json_t *root = NULL;
  char *text = NULL;
  int rc = 1;
  if (at_ansur_load_dir (dir, &table, &err) != AT_OK)
    goto out;
  size_t n = at_ansur_count (table);
  if (!(subjects = malloc (n * sizeof *subjects)))
    {
      at_error_set (&err, AT_ERR_NOMEM, "out of memory");
      goto out;
    }
  for (size_t i = 0; i < n; i++)
    subjects[i] = at_ansur_subject (table, i)->m;
  if (at_shape_model_fit (subjects, n, SHAPE_GROUPS, SHAPE_SEED, &shapes, &err) != AT_OK
      || at_shape_model_save (shapes, groups_path, &err) != AT_OK)
    goto out;

  root = json_object ();
  json_t *charts = json_array ();
  json_object_set_new (root, "format", json_string ("atelier-size-systems"));
  json_object_set_new (root, "version", json_integer (1));
  json_object_set_new (root, "source", json_string ("ANSUR II public release, all subjects available to the project"));
  json_object_set_new (root, "systems", charts);
  for (int sex = 0; sex < 2; sex++)
    for (int g = 0; g < 2; g++)
      {
        json_t *c = design_chart (subjects, n, (AtSex) sex, &at_size_chart_kinds[g], &err);
        if (!c)
          goto out;
        json_array_append_new (charts, c);
      }
  text = json_dumps (root, JSON_INDENT (1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (6));
  if (!text)
    {
      at_error_set (&err, AT_ERR_NOMEM, "out of memory");
      goto out;
    }
  if (at_file_write_atomic (systems_path, text, strlen (text), &err) != AT_OK)
    goto out;
  printf ("fit_anthro_sizes: %zu subjects -> %s, %s\n", n, groups_path, systems_path);
  rc = 0;
out:
  if (rc)
    fprintf (stderr, "fit_anthro_sizes: %s\n", err.message);
  free (text);
  json_decref (root);
  free (subjects);
  at_shape_model_free (shapes);
  at_ansur_free (table);
  return rc;
}

/* `atelier-cli bench body [--sex male|female] [--limit N] [--data DIR]
 * [--detect] [--json]`: builds the body of every ANSUR II subject (or N of
 * them, spread evenly over the table), measures it back and reports the
 * mean and maximum absolute error per key in millimetres, and the build
 * time per body (display mesh + collision field) on one thread: the
 * thread's processor time (what one core spends, however loaded the
 * machine) beside the wall time, with the load average. Measuring
 * is at the input heights (the built landmarks); --detect also finds the
 * landmarks afresh, as on a scan, and reports those errors too. */
#include "cli.h"
#include "anthro/at_ansur.h"
#include "body/at_body.h"

#include <jansson.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char synopsis[] = "[--sex male|female] [--limit N] [--data DIR] [--detect] [--json]";

typedef struct {
  double sum[AT_M_COUNT], max[AT_M_COUNT];
  int n;
} Errors;

static void
add_errors (Errors *e, const AtMeasurements *want, const AtMeasurements *got)
{
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      double d = fabs (got->value[k] - want->value[k]) * 10.0;
      e->sum[k] += d;
      e->max[k] = fmax (e->max[k], d);
    }
  e->n++;
}

static bool
is_scored (int k)
{
  return k != AT_M_WEIGHT && k != AT_M_AGE;
}

static bool
is_breadth (int k)
{
  return k == AT_M_CHEST_BREADTH || k == AT_M_CHEST_DEPTH || k == AT_M_WAIST_BREADTH || k == AT_M_WAIST_DEPTH
         || k == AT_M_HIP_BREADTH || k == AT_M_HIP_DEPTH || k == AT_M_SHOULDER_BREADTH;
}

static json_t *
errors_json (const Errors *e, double *girth_mean, double *girth_max, double *height_max)
{
  json_t *keys = json_object ();
  *girth_mean = *girth_max = *height_max = 0;
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      if (!is_scored (k) || e->n == 0)
        continue;
      const AtMeasureInfo *info = at_measure_info ((AtMeasureKey) k);
      double mean = e->sum[k] / e->n;
      json_t *o = json_object ();
      json_object_set_new (o, "mean_mm", json_real (round (mean * 100) / 100));
      json_object_set_new (o, "max_mm", json_real (round (e->max[k] * 100) / 100));
      json_object_set_new (keys, info->key, o);
      if (info->kind == AT_KIND_GIRTH)
        *girth_mean = fmax (*girth_mean, mean), *girth_max = fmax (*girth_max, e->max[k]);
      else if (!is_breadth (k) && k != AT_M_ARM_LENGTH)
        *height_max = fmax (*height_max, e->max[k]);
    }
  return keys;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The calling thread's processor time (the build runs on it alone: one
 * OpenMP thread), or the wall clock. */
static double
now_ms (clockid_t clock)
{
  struct timespec ts;
  clock_gettime (clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static double
median_sorted (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, cmp_double);
  return n ? v[n / 2] : 0;
}

static void
print_text (const char *title, const Errors *e)
{
  printf ("%s (%d bodies), absolute error in mm:\n", title, e->n);
  for (int k = 0; k < AT_M_COUNT; k++)
    if (is_scored (k) && e->n)
      printf ("  %-18s mean %7.2f  max %7.2f%s\n", at_measure_info ((AtMeasureKey) k)->key, e->sum[k] / e->n,
              e->max[k], is_breadth (k) && k != AT_M_SHOULDER_BREADTH ? "  (girth wins over calipers)" : "");
}

int
at_cli_bench_body (int argc, char **argv)
{
  const char *cmd = "bench body";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Builds the body of each ANSUR II subject, measures it back, prints the error per key\n"
                         "(mm) and the build time (mesh + collision field, one thread: its processor and wall\n"
                         "time, with the load average).\n"
                         "  --data DIR  the ansur2 folder (default $ATELIER_SHARED_DATA/ansur2)\n"
                         "  --detect    also measure at landmarks found afresh (slower)\n");
      return AT_EXIT_OK;
    }
  const char *data = NULL;
  bool json = false, detect = false, filter = false;
  AtSex sex = AT_SEX_FEMALE;
  long limit = 0;
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "--json") == 0)
        json = true;
      else if (strcmp (a, "--detect") == 0)
        detect = true;
      else if (strcmp (a, "--sex") == 0 && i + 1 < argc)
        {
          if (!at_sex_from_name (argv[++i], &sex))
            return at_cli_usage_error (cmd, synopsis, "bad sex '%s'", argv[i]);
          filter = true;
        }
      else if (strcmp (a, "--limit") == 0 && i + 1 < argc)
        {
          if (!at_cli_parse_int (argv[++i], 1, 100000, &limit))
            return at_cli_usage_error (cmd, synopsis, "bad --limit '%s'", argv[i]);
        }
      else if (strcmp (a, "--data") == 0 && i + 1 < argc)
        data = argv[++i];
      else
        return at_cli_usage_error (cmd, synopsis, "unknown or incomplete option '%s'", a);
    }
  AtError err = { 0 };
  char dir[4096];
  if (data)
    snprintf (dir, sizeof dir, "%s", data);
  else if (at_shared_data_path ("ansur2", dir, sizeof dir, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtAnsurTable *table;
  if (at_ansur_load_dir (dir, &table, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  size_t rows = at_ansur_count (table), n_sel = 0;
  size_t *sel = malloc ((rows + 1) * sizeof *sel);
  double *ms = malloc ((rows + 1) * sizeof *ms), *wall = malloc ((rows + 1) * sizeof *wall);
  if (!sel || !ms || !wall)
    {
      free (sel), free (ms), free (wall), at_ansur_free (table);
      at_error_set (&err, AT_ERR_NOMEM, "out of memory");
      return at_cli_fail (cmd, &err);
    }
  for (size_t r = 0; r < rows; r++)
    if (!filter || at_ansur_subject (table, r)->sex == sex)
      sel[n_sel++] = r;
  size_t n_run = limit > 0 && (size_t) limit < n_sel ? (size_t) limit : n_sel;
  omp_set_num_threads (1);
  Errors at_lm = { 0 }, found = { 0 };
  int failed = 0, n_ms = 0;
  char first_failure[600] = "";
  AtBodyDef def = at_body_def_default ();
  for (size_t i = 0; i < n_run; i++)
    {
      const AtAnsurSubject *s = at_ansur_subject (table, sel[i * n_sel / n_run]);
      double t0 = now_ms (CLOCK_THREAD_CPUTIME_ID), w0 = now_ms (CLOCK_MONOTONIC);
      AtBody *body;
      if (at_body_build (&s->m, &def, &body, &err) != AT_OK || !at_body_sdf (body, &err))
        {
          if (!failed++)
            snprintf (first_failure, sizeof first_failure, "subject %d: %s", s->subject_id, err.message);
          if (err.code != AT_ERR_INVALID && err.code != AT_ERR_RANGE)
            at_body_free (body);
          continue;
        }
      wall[n_ms] = now_ms (CLOCK_MONOTONIC) - w0;
      ms[n_ms++] = now_ms (CLOCK_THREAD_CPUTIME_ID) - t0;
      AtMeasurements got;
      if (at_body_measure_at (at_body_mesh (body), s->m.sex, at_body_landmarks (body), &got, &err) == AT_OK)
        add_errors (&at_lm, &s->m, &got);
      else if (!failed++)
        snprintf (first_failure, sizeof first_failure, "subject %d: %s", s->subject_id, err.message);
      if (detect && at_body_measure_mesh (at_body_mesh (body), s->m.sex, &got, NULL, &err) == AT_OK)
        add_errors (&found, &s->m, &got);
      at_body_free (body);
    }
  double median = median_sorted (ms, n_ms), max_ms = n_ms ? ms[n_ms - 1] : 0;
  double median_wall = median_sorted (wall, n_ms), max_wall = n_ms ? wall[n_ms - 1] : 0;
  double load[3] = { 0, 0, 0 };
  if (getloadavg (load, 3) != 3)
    load[0] = load[1] = load[2] = NAN;
  double gmean, gmax, hmax, dgmean = 0, dgmax = 0, dhmax = 0;
  json_t *keys = errors_json (&at_lm, &gmean, &gmax, &hmax);
  json_t *dkeys = detect ? errors_json (&found, &dgmean, &dgmax, &dhmax) : NULL;
  if (json)
    {
      json_t *root = json_object ();
      json_object_set_new (root, "subjects", json_integer ((json_int_t) n_run));
      json_object_set_new (root, "built", json_integer (n_ms));
      json_object_set_new (root, "failed", json_integer (failed));
      if (failed)
        json_object_set_new (root, "first_failure", json_string (first_failure));
      json_object_set_new (root, "median_ms", json_real (round (median * 100) / 100));
      json_object_set_new (root, "max_ms", json_real (round (max_ms * 100) / 100));
      json_object_set_new (root, "median_wall_ms", json_real (round (median_wall * 100) / 100));
      json_object_set_new (root, "max_wall_ms", json_real (round (max_wall * 100) / 100));
      if (isfinite (load[0]))
        json_object_set_new (root, "load_average", json_real (round (load[0] * 100) / 100));
      json_object_set_new (root, "girth_mean_mm", json_real (round (gmean * 100) / 100));
      json_object_set_new (root, "girth_max_mm", json_real (round (gmax * 100) / 100));
      json_object_set_new (root, "height_max_mm", json_real (round (hmax * 100) / 100));
      json_object_set_new (root, "keys", keys);
      if (detect)
        {
          json_t *d = json_object ();
          json_object_set_new (d, "measured", json_integer (found.n));
          json_object_set_new (d, "girth_mean_mm", json_real (round (dgmean * 100) / 100));
          json_object_set_new (d, "girth_max_mm", json_real (round (dgmax * 100) / 100));
          json_object_set_new (d, "height_max_mm", json_real (round (dhmax * 100) / 100));
          json_object_set_new (d, "keys", dkeys);
          json_object_set_new (root, "detected", d);
        }
      at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10)));
      json_decref (root);
    }
  else
    {
      printf ("bench body: %zu subjects, %d built, %d failed%s%s\n", n_run, n_ms, failed, failed ? ": first " : "",
              first_failure);
      printf ("build time (mesh + collision field, 1 thread): processor time median %.1f ms, max %.1f ms; "
              "wall median %.1f ms, max %.1f ms (load average %.2f)\n",
              median, max_ms, median_wall, max_wall, load[0]);
      print_text ("measured at the input heights", &at_lm);
      printf ("worst girth: mean %.2f mm, max %.2f mm; worst height max %.2f mm\n", gmean, gmax, hmax);
      if (detect)
        {
          print_text ("measured at detected landmarks", &found);
          printf ("worst girth: mean %.2f mm, max %.2f mm; worst height max %.2f mm\n", dgmean, dgmax, dhmax);
        }
      json_decref (keys);
      json_decref (dkeys);
    }
  free (sel);
  free (ms);
  free (wall);
  at_ansur_free (table);
  return AT_EXIT_OK;
}

/* `atelier-cli bench sketch`: quality and speed of the sketch generator.
 *
 * For each class it generates --per-class sketches (seeds 1..N) and reports
 *  - fidelity: the share the independent classifier (data/sketch/
 *    classifier.atw) assigns to the conditioned class, beside that
 *    classifier's accuracy on the real t10k images of the class;
 *  - diversity: mean pairwise L2 distance between generated images over the
 *    same for as many real training images of the class (ratio; 1 = as
 *    varied as the data);
 *  - memorisation: each sample's L2 distance to its nearest training image
 *    of the class (min and median), beside the same for real test images;
 *    a sample closer than NEAR_DUPLICATE_L2 counts as a near-duplicate;
 *  - time per sketch: the generator alone, and generation + tracing, as
 *    the thread's CPU time (what a sketch costs, whatever else the machine
 *    runs) and as wall-clock time.
 * Pixels are in [0, 1], so L2 distances are in grey levels / 255 over 784
 * pixels. */
#include "cli.h"
#include "at_file.h"
#include "sketch/at_sketch.h"
#include "../../tools/sketch_idx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#define NEAR_DUPLICATE_L2 1.0

static const char synopsis[] = "[--per-class N] [--data DIR] [--weights FILE] [--classifier FILE] [--json]";

static double
now_ms (clockid_t clock)
{
  struct timespec ts;
  clock_gettime (clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, cmp_double);
  return n ? (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2])) : 0.0;
}

static double
mean_pairwise (const float *imgs, int n)
{
  double sum = 0.0;
  long pairs = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++, pairs++)
      {
        double d = 0.0;
        for (int k = 0; k < AT_SKETCH_PIXELS; k++)
          {
            double t = imgs[(size_t) i * AT_SKETCH_PIXELS + k] - imgs[(size_t) j * AT_SKETCH_PIXELS + k];
            d += t * t;
          }
        sum += sqrt (d);
      }
  return pairs ? sum / pairs : 0.0;
}

/* Nearest-neighbour L2 distance of each query among refs (early exit once a
 * partial sum exceeds the best so far). */
static void
nearest (const float *queries, int nq, const float *refs, int nr, double *out)
{
#pragma omp parallel for schedule(dynamic, 4)
  for (int q = 0; q < nq; q++)
    {
      const float *a = queries + (size_t) q * AT_SKETCH_PIXELS;
      float best = INFINITY;
      for (int r = 0; r < nr; r++)
        {
          const float *b = refs + (size_t) r * AT_SKETCH_PIXELS;
          float d = 0.0f;
          for (int k = 0; k < AT_SKETCH_PIXELS && d < best; k += 28)
            for (int m = k; m < k + 28; m++)
              d += (a[m] - b[m]) * (a[m] - b[m]);
          best = d < best ? d : best;
        }
      out[q] = sqrt (best);
    }
}

/* The images of class c as floats in [0, 1]; returns their count. */
static int
class_images (const AtSketchDataset *d, int c, int limit, float **out)
{
  int n = 0;
  for (int i = 0; i < d->count; i++)
    n += d->labels[i] == c;
  n = n < limit ? n : limit;
  *out = malloc ((size_t) (n ? n : 1) * AT_SKETCH_PIXELS * sizeof (float));
  if (!*out)
    return -1;
  for (int i = 0, k = 0; i < d->count && k < n; i++)
    if (d->labels[i] == c)
      {
        for (int p = 0; p < AT_SKETCH_PIXELS; p++)
          (*out)[(size_t) k * AT_SKETCH_PIXELS + p] = d->pixels[(size_t) i * AT_SKETCH_PIXELS + p] / 255.0f;
        k++;
      }
  return n;
}

typedef struct {
  double fidelity, real_accuracy, diversity, real_diversity, nn_min, nn_median, real_nn_median;
  int near_duplicates, trace_failures;
} ClassFigures;

static AtStatus
bench_class (const AtSketchGenerator *g, const AtSketchClassifier *cls, const AtSketchDataset *train,
             const AtSketchDataset *test, int c, int n, ClassFigures *f, double *ms_raster, double *ms_sketch,
             double *wall_sketch, AtError *err)
{
  memset (f, 0, sizeof *f);
  float *gen = malloc ((size_t) n * AT_SKETCH_PIXELS * sizeof (float)), *train_c = NULL, *test_c = NULL;
  double *nn = malloc ((size_t) n * sizeof *nn);
  int ntrain = class_images (train, c, train->count, &train_c);
  int ntest = class_images (test, c, n, &test_c);
  AtStatus st = AT_OK;
  if (!gen || !nn || ntrain < 0 || ntest < 0)
    st = at_error_set (err, AT_ERR_NOMEM, "out of memory");
  if (st == AT_OK && (ntrain < 2 || ntest < 1))
    st = at_error_set (err, AT_ERR_INVALID, "no real images of class %s", at_sketch_category_name ((AtSketchCategory) c));
  int right = 0;
  float probs[AT_SKETCH_CLASSES];
  for (int i = 0; st == AT_OK && i < n; i++)
    {
      uint64_t seed = (uint64_t) i + 1;
      AtSketch *s;
      AtError trace_err = { 0 };
      double t0 = now_ms (CLOCK_THREAD_CPUTIME_ID), w0 = now_ms (CLOCK_MONOTONIC);
      AtStatus gs = at_sketch_generate (g, (AtSketchCategory) c, seed, &s, &trace_err);
      ms_sketch[i] = now_ms (CLOCK_THREAD_CPUTIME_ID) - t0;
      wall_sketch[i] = now_ms (CLOCK_MONOTONIC) - w0;
      /* The raster alone, for the generator's own speed. */
      float z[AT_SKETCH_MAX_LATENT], onehot[AT_SKETCH_CLASSES] = { 0 };
      uint64_t rng = seed;
      for (int k = 0; k < at_sketch_generator_latent_dim (g); k++)
        z[k] = (float) at_sketch_rng_normal (&rng);
      onehot[c] = 1.0f;
      t0 = now_ms (CLOCK_THREAD_CPUTIME_ID);
      at_sketch_generator_run (g, z, onehot, gen + (size_t) i * AT_SKETCH_PIXELS);
      ms_raster[i] = now_ms (CLOCK_THREAD_CPUTIME_ID) - t0;
      if (gs == AT_OK)
        at_sketch_free (s);
      else if (gs == AT_ERR_NOMEM)
        st = at_error_set (err, gs, "%s", trace_err.message);
      else
        f->trace_failures++;
      right += at_sketch_classifier_run (cls, gen + (size_t) i * AT_SKETCH_PIXELS, probs) == c;
    }
  if (st == AT_OK)
    {
      f->fidelity = (double) right / n;
      int real_right = 0;
      for (int i = 0; i < test->count; i++)
        if (test->labels[i] == c)
          {
            float img[AT_SKETCH_PIXELS];
            for (int p = 0; p < AT_SKETCH_PIXELS; p++)
              img[p] = test->pixels[(size_t) i * AT_SKETCH_PIXELS + p] / 255.0f;
            real_right += at_sketch_classifier_run (cls, img, probs) == c;
            f->real_accuracy += 1.0;
          }
      f->real_accuracy = real_right / f->real_accuracy;
      f->diversity = mean_pairwise (gen, n);
      /* As many real images as samples, spread over the class. */
      int nreal = n < ntrain ? n : ntrain, stride = ntrain / nreal;
      float *real = malloc ((size_t) nreal * AT_SKETCH_PIXELS * sizeof (float));
      if (!real)
        st = at_error_set (err, AT_ERR_NOMEM, "out of memory");
      else
        {
          for (int i = 0; i < nreal; i++)
            memcpy (real + (size_t) i * AT_SKETCH_PIXELS, train_c + (size_t) i * stride * AT_SKETCH_PIXELS,
                    AT_SKETCH_PIXELS * sizeof (float));
          f->real_diversity = mean_pairwise (real, nreal);
          free (real);
        }
    }
  if (st == AT_OK)
    {
      nearest (gen, n, train_c, ntrain, nn);
      f->nn_min = INFINITY;
      for (int i = 0; i < n; i++)
        {
          f->nn_min = fmin (f->nn_min, nn[i]);
          f->near_duplicates += nn[i] < NEAR_DUPLICATE_L2;
        }
      f->nn_median = median (nn, n);
      nearest (test_c, ntest, train_c, ntrain, nn);
      f->real_nn_median = median (nn, ntest);
    }
  free (gen);
  free (nn);
  free (train_c);
  free (test_c);
  return st;
}

int
at_cli_bench_sketch (int argc, char **argv)
{
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, "bench sketch", synopsis,
                         "Generates N sketches per class (default 200) and reports class fidelity, diversity,\n"
                         "nearest-training-image distances and time per sketch. Needs the Fashion-MNIST\n"
                         "images: --data DIR, or $ATELIER_SHARED_DATA/fashion-mnist.\n");
      return AT_EXIT_OK;
    }
  long per_class = 200;
  bool json = false;
  const char *data_dir = NULL, *weights = NULL, *classifier = NULL;
  const AtCliOption options[] = {
    { "--per-class", AT_CLI_INT, &per_class, 2, 5000 },
    { "--data", AT_CLI_TEXT, &data_dir },
    { "--weights", AT_CLI_TEXT, &weights },
    { "--classifier", AT_CLI_TEXT, &classifier },
    { "--json", AT_CLI_FLAG, &json },
    { 0 },
  };
  int rc = at_cli_parse_options ("bench sketch", synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  char dir[4096], cpath[4096];
  if (!data_dir)
    {
      const char *shared = getenv ("ATELIER_SHARED_DATA");
      if (!shared || !*shared)
        {
          fprintf (stderr, "atelier-cli bench sketch: the Fashion-MNIST training images are needed: pass --data DIR "
                           "or set ATELIER_SHARED_DATA\n");
          return AT_EXIT_FAILURE;
        }
      snprintf (dir, sizeof dir, "%s/fashion-mnist", shared);
      data_dir = dir;
    }
  AtError err = { 0 };
  AtSketchDataset train = { 0 }, test = { 0 };
  AtSketchGenerator *g = NULL;
  AtSketchClassifier *cls = NULL;
  AtStatus st = at_sketch_dataset_load (data_dir, "train", &train, &err);
  if (st == AT_OK)
    st = at_sketch_dataset_load (data_dir, "t10k", &test, &err);
  if (st == AT_OK)
    st = weights ? at_sketch_generator_load (weights, &g, &err) : at_sketch_generator_load_default (&g, &err);
  if (st == AT_OK)
    st = at_sketch_classifier_load (classifier ? classifier : at_data_path ("sketch/classifier.atw", cpath, sizeof cpath),
                                    &cls, &err);
  int n = (int) per_class;
  ClassFigures f[AT_SKETCH_CLASSES];
  double *ms_raster = malloc ((size_t) n * AT_SKETCH_CLASSES * sizeof (double));
  double *ms_sketch = malloc ((size_t) n * AT_SKETCH_CLASSES * sizeof (double));
  double *wall_sketch = malloc ((size_t) n * AT_SKETCH_CLASSES * sizeof (double));
  if (st == AT_OK && (!ms_raster || !ms_sketch || !wall_sketch))
    st = at_error_set (&err, AT_ERR_NOMEM, "out of memory");
  for (int c = 0; st == AT_OK && c < AT_SKETCH_CLASSES; c++)
    st = bench_class (g, cls, &train, &test, c, n, &f[c], ms_raster + (size_t) c * n, ms_sketch + (size_t) c * n,
                      wall_sketch + (size_t) c * n, &err);
  rc = AT_EXIT_OK;
  if (st != AT_OK)
    rc = at_cli_fail ("bench sketch", &err);
  else
    {
      double fid = 0, acc = 0, ratio_min = INFINITY, nn_min = INFINITY, max_ms = 0;
      int dups = 0, failures = 0;
      for (int c = 0; c < AT_SKETCH_CLASSES; c++)
        {
          fid += f[c].fidelity / AT_SKETCH_CLASSES;
          acc += f[c].real_accuracy / AT_SKETCH_CLASSES;
          ratio_min = fmin (ratio_min, f[c].diversity / f[c].real_diversity);
          nn_min = fmin (nn_min, f[c].nn_min);
          dups += f[c].near_duplicates;
          failures += f[c].trace_failures;
        }
      int total = n * AT_SKETCH_CLASSES;
      for (int i = 0; i < total; i++)
        max_ms = fmax (max_ms, ms_sketch[i]);
      double med_sketch = median (ms_sketch, total), med_raster = median (ms_raster, total);
      double med_wall = median (wall_sketch, total);
      if (json)
        {
          json_t *classes = json_array ();
          for (int c = 0; c < AT_SKETCH_CLASSES; c++)
            json_array_append_new (classes, json_pack (
              "{s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:i}", "category",
              at_sketch_category_name ((AtSketchCategory) c), "fidelity", f[c].fidelity, "classifier_real_accuracy",
              f[c].real_accuracy, "diversity", f[c].diversity, "real_diversity", f[c].real_diversity,
              "diversity_ratio", f[c].diversity / f[c].real_diversity, "nn_min", f[c].nn_min, "nn_median",
              f[c].nn_median, "real_nn_median", f[c].real_nn_median, "near_duplicates", f[c].near_duplicates,
              "trace_failures", f[c].trace_failures));
          json_t *root = json_pack (
            "{s:i, s:f, s:f, s:f, s:f, s:f, s:i, s:b, s:f, s:f, s:f, s:f, s:i, s:o}", "per_class", n,
            "classifier_test_accuracy", acc, "fidelity", fid, "diversity_ratio_min", ratio_min, "nn_min", nn_min,
            "near_duplicate_threshold", NEAR_DUPLICATE_L2, "near_duplicates", dups, "no_near_duplicates", dups == 0,
            "median_ms", med_sketch, "max_ms", max_ms, "generator_median_ms", med_raster, "wall_median_ms", med_wall,
            "trace_failures",
            failures, "classes", classes);
          at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_REAL_PRECISION (6)));
          json_decref (root);
        }
      else
        {
          printf ("sketch generator, %d samples per class\n", n);
          printf ("%-9s %9s %9s %9s %9s %7s %8s %8s %8s %5s\n", "class", "fidelity", "clf real", "diversity",
                  "real div", "ratio", "nn min", "nn med", "real nn", "dups");
          for (int c = 0; c < AT_SKETCH_CLASSES; c++)
            printf ("%-9s %9.3f %9.3f %9.2f %9.2f %7.2f %8.2f %8.2f %8.2f %5d\n",
                    at_sketch_category_name ((AtSketchCategory) c), f[c].fidelity, f[c].real_accuracy, f[c].diversity,
                    f[c].real_diversity, f[c].diversity / f[c].real_diversity, f[c].nn_min, f[c].nn_median,
                    f[c].real_nn_median, f[c].near_duplicates);
          printf ("mean fidelity %.3f (classifier on real t10k: %.3f); lowest diversity ratio %.2f\n", fid, acc,
                  ratio_min);
          printf ("nearest training image: min %.2f; %d near-duplicates (L2 < %.1f)\n", nn_min, dups,
                  NEAR_DUPLICATE_L2);
          printf ("time per sketch (CPU): %.2f ms median, %.2f ms max (generator alone %.2f ms); wall-clock median "
                  "%.2f ms; %d tracing failures\n",
                  med_sketch, max_ms, med_raster, med_wall, failures);
        }
    }
  free (ms_raster);
  free (ms_sketch);
  free (wall_sketch);
  at_sketch_generator_free (g);
  at_sketch_classifier_free (cls);
  at_sketch_dataset_free (&train);
  at_sketch_dataset_free (&test);
  return rc;
}

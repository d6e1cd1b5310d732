/* k-means clustering: Lloyd's iterations (Lloyd 1982) from k-means++
 * seeding (Arthur & Vassilvitskii 2007), which picks each new centre with
 * probability proportional to its squared distance from the centres
 * already chosen and so starts within O(log k) of the optimum. The random
 * draws come from a seeded SplitMix64 generator, so a given seed always
 * yields the same clusters on every machine. */
#include "at_sizing.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

AtKMeansDef
at_kmeans_def_default (void)
{
  return (AtKMeansDef) { .k = 5, .max_iterations = 300, .seed = 1 };
}

/* SplitMix64 (Steele et al. 2014): a tiny generator with good statistics. */
static uint64_t
splitmix64 (uint64_t *state)
{
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
uniform (uint64_t *state)
{
  return (double) (splitmix64 (state) >> 11) * (1.0 / 9007199254740992.0);
}

static double
dist2 (const double *a, const double *b, int dims)
{
  double s = 0;
  for (int d = 0; d < dims; d++)
    s += (a[d] - b[d]) * (a[d] - b[d]);
  return s;
}

int
at_kmeans_nearest (const double *centres, int k, int dims, const double *point)
{
  int best = 0;
  double best_d = DBL_MAX;
  for (int c = 0; c < k; c++)
    {
      double d = dist2 (centres + (size_t) c * dims, point, dims);
      if (d < best_d)
        {
          best_d = d;
          best = c;
        }
    }
  return best;
}

static void
seed_plus_plus (const double *points, size_t n, int dims, int k, uint64_t *rng, double *centres, double *d2)
{
  size_t first = (size_t) (uniform (rng) * (double) n);
  memcpy (centres, points + first * dims, (size_t) dims * sizeof *centres);
  for (size_t i = 0; i < n; i++)
    d2[i] = dist2 (points + i * dims, centres, dims);
  for (int c = 1; c < k; c++)
    {
      double total = 0;
      for (size_t i = 0; i < n; i++)
        total += d2[i];
      /* All points on the chosen centres already: any point will do. */
      size_t pick = n - 1;
      double target = uniform (rng) * total;
      for (size_t i = 0; i < n && total > 0; i++)
        {
          target -= d2[i];
          if (target < 0)
            {
              pick = i;
              break;
            }
        }
      double *centre = centres + (size_t) c * dims;
      memcpy (centre, points + pick * dims, (size_t) dims * sizeof *centre);
      for (size_t i = 0; i < n; i++)
        {
          double d = dist2 (points + i * dims, centre, dims);
          if (d < d2[i])
            d2[i] = d;
        }
    }
}

/* Moves each centre to the mean of its points; a centre left without points
 * takes the point farthest from its own centre, so k clusters survive. */
static void
update_centres (const double *points, AtKMeans *km)
{
  int dims = km->dims;
  memset (km->centres, 0, (size_t) km->k * dims * sizeof *km->centres);
  memset (km->sizes, 0, (size_t) km->k * sizeof *km->sizes);
  for (size_t i = 0; i < km->n; i++)
    {
      int c = km->assignment[i];
      km->sizes[c]++;
      for (int d = 0; d < dims; d++)
        km->centres[(size_t) c * dims + d] += points[i * dims + d];
    }
  for (int c = 0; c < km->k; c++)
    {
      double *centre = km->centres + (size_t) c * dims;
      if (km->sizes[c])
        {
          for (int d = 0; d < dims; d++)
            centre[d] /= (double) km->sizes[c];
          continue;
        }
      size_t far = 0;
      double far_d = -1;
      for (size_t i = 0; i < km->n; i++)
        {
          int own = km->assignment[i];
          if (km->sizes[own] < 2)
            continue;
          double d = dist2 (points + i * dims, km->centres + (size_t) own * dims, dims);
          if (d > far_d)
            {
              far_d = d;
              far = i;
            }
        }
      memcpy (centre, points + far * dims, (size_t) dims * sizeof *centre);
      km->sizes[km->assignment[far]]--;
      km->assignment[far] = c;
      km->sizes[c] = 1;
    }
}

AtStatus
at_kmeans_run (const AtKMeansDef *def, const double *points, size_t n, int dims, AtKMeans *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  if (def->k < 1 || dims < 1 || n < (size_t) def->k)
    return at_error_set (err, AT_ERR_INVALID, "k-means: %zu points cannot form %d clusters", n, def->k);
  for (size_t i = 0; i < n * (size_t) dims; i++)
    if (!(points[i] > -DBL_MAX && points[i] < DBL_MAX))
      return at_error_set (err, AT_ERR_INVALID, "k-means: point %zu is not finite", i / (size_t) dims);
  out->k = def->k;
  out->dims = dims;
  out->n = n;
  out->centres = calloc ((size_t) def->k * dims, sizeof *out->centres);
  out->assignment = calloc (n, sizeof *out->assignment);
  out->sizes = calloc ((size_t) def->k, sizeof *out->sizes);
  double *d2 = calloc (n, sizeof *d2);
  if (!out->centres || !out->assignment || !out->sizes || !d2)
    {
      free (d2);
      at_kmeans_clear (out);
      return at_error_set (err, AT_ERR_NOMEM, "k-means: out of memory");
    }
  uint64_t rng = def->seed;
  seed_plus_plus (points, n, dims, def->k, &rng, out->centres, d2);
  free (d2);
  for (size_t i = 0; i < n; i++)
    out->assignment[i] = -1;
  for (out->iterations = 0; out->iterations < def->max_iterations; out->iterations++)
    {
      bool changed = false;
      for (size_t i = 0; i < n; i++)
        {
          int c = at_kmeans_nearest (out->centres, def->k, dims, points + i * dims);
          changed = changed || c != out->assignment[i];
          out->assignment[i] = c;
        }
      if (!changed)
        break;
      update_centres (points, out);
    }
  out->inertia = 0;
  for (size_t i = 0; i < n; i++)
    out->inertia += dist2 (points + i * dims, out->centres + (size_t) out->assignment[i] * dims, dims);
  return AT_OK;
}

void
at_kmeans_clear (AtKMeans *km)
{
  free (km->centres);
  free (km->assignment);
  free (km->sizes);
  memset (km, 0, sizeof *km);
}

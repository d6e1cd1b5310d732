/* Size-chart design as maximum coverage: a size with centre c accommodates
 * a person x when |x_d - c_d| <= t on every key dimension d (the usual
 * tolerance of a size system, e.g. +-2.5 cm; the anchor the project was
 * given is Jung et al.'s 25 sizes accommodating about 95 % of their
 * population; on ANSUR II's chest & waist or waist & hip, 25 sizes of
 * +-2.5 cm reach about 86 % held out and 50 sizes about 96 %). Choosing N
 * centres that accommodate the most people is the maximum-coverage problem;
 * the greedy choice (each new size where it covers the most people not yet
 * accommodated) is within 1 - 1/e of the optimum (Nemhauser, Wolsey &
 * Fisher 1978). It is followed by local search: each size is either
 * nudged along one dimension (steps t/2, t/4, t/8) or moved to the best
 * greedy spot whenever that accommodates more people than it uniquely
 * covers where it stands, until no move helps.
 * Points are sorted by the first dimension, so the people inside a box are
 * found by binary search on that axis and a filter on the others. */
#include "at_sizing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

AtSizeChartDef
at_size_chart_def_default (void)
{
  return (AtSizeChartDef) { .n_sizes = 25, .tolerance = 2.5, .smoothing = 0.5 };
}

typedef struct {
  const double *pts; /* n rows of stride: dims coordinates and a candidate
                      * flag, sorted by the first coordinate */
  size_t n;
  int dims, stride;
  double t;
  int *cover;        /* sizes accommodating each point */
} AtCoverage;

static size_t
lower_bound (const AtCoverage *cv, double x0)
{
  size_t lo = 0, hi = cv->n;
  while (lo < hi)
    {
      size_t mid = (lo + hi) / 2;
      if (cv->pts[mid * cv->stride] < x0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static bool
inside (const double *p, const double *c, int dims, double t)
{
  for (int d = 0; d < dims; d++)
    if (fabs (p[d] - c[d]) > t)
      return false;
  return true;
}

/* People in the box around c whose cover equals `when` (0: not yet
 * accommodated). */
static size_t
count_in_box (const AtCoverage *cv, const double *c, int when)
{
  size_t count = 0;
  for (size_t i = lower_bound (cv, c[0] - cv->t); i < cv->n && cv->pts[i * cv->stride] <= c[0] + cv->t; i++)
    count += cv->cover[i] == when && inside (cv->pts + i * cv->stride, c, cv->dims, cv->t);
  return count;
}

static void
add_box (AtCoverage *cv, const double *c, int sign)
{
  for (size_t i = lower_bound (cv, c[0] - cv->t); i < cv->n && cv->pts[i * cv->stride] <= c[0] + cv->t; i++)
    if (inside (cv->pts + i * cv->stride, c, cv->dims, cv->t))
      cv->cover[i] += sign;
}

/* The point position whose box holds the most people not yet accommodated. */
static size_t
best_spot (const AtCoverage *cv, double *centre)
{
  size_t best = 0, best_i = 0;
  for (size_t i = 0; i < cv->n; i++)
    {
      const double *p = cv->pts + i * cv->stride;
      /* Candidates are the real people not yet accommodated: a box centred
       * on a covered person or on a smoothing copy rarely wins. */
      if (cv->cover[i] || p[cv->dims] == 0)
        continue;
      size_t gain = count_in_box (cv, p, 0);
      if (gain > best)
        {
          best = gain;
          best_i = i;
        }
    }
  memcpy (centre, cv->pts + best_i * cv->stride, (size_t) cv->dims * sizeof *centre);
  return best;
}

/* Change in accommodated people when a size moves from a to b. */
static long
move_gain (const AtCoverage *cv, const double *a, const double *b)
{
  long gain = 0;
  double lo = fmin (a[0], b[0]) - cv->t, hi = fmax (a[0], b[0]) + cv->t;
  for (size_t i = lower_bound (cv, lo); i < cv->n && cv->pts[i * cv->stride] <= hi; i++)
    {
      const double *p = cv->pts + i * cv->stride;
      bool in_a = inside (p, a, cv->dims, cv->t), in_b = inside (p, b, cv->dims, cv->t);
      if (in_a && !in_b && cv->cover[i] == 1)
        gain--;
      else if (in_b && !in_a && cv->cover[i] == 0)
        gain++;
    }
  return gain;
}

/* One pass of local search over every size; true when something improved. */
static bool
improve (AtCoverage *cv, double *centres, int n_sizes)
{
  bool improved = false;
  int dims = cv->dims;
  double trial[16];
  for (int s = 0; s < n_sizes; s++)
    {
      double *c = centres + (size_t) s * dims;
      /* Relocation: lift the size out and compare its unique coverage with
       * the best free spot. */
      size_t unique = count_in_box (cv, c, 1);
      add_box (cv, c, -1);
      size_t spot_gain = best_spot (cv, trial);
      if (spot_gain > unique)
        {
          memcpy (c, trial, (size_t) dims * sizeof *c);
          improved = true;
        }
      add_box (cv, c, +1);
      for (double step = cv->t / 2; step >= cv->t / 8; step /= 2)
        for (int d = 0; d < dims; d++)
          for (int sign = -1; sign <= 1; sign += 2)
            {
              memcpy (trial, c, (size_t) dims * sizeof *c);
              trial[d] += sign * step;
              if (move_gain (cv, c, trial) > 0)
                {
                  add_box (cv, c, -1);
                  memcpy (c, trial, (size_t) dims * sizeof *c);
                  add_box (cv, c, +1);
                  improved = true;
                }
            }
    }
  return improved;
}

static const double *sort_base;
static int sort_dims;

static int
compare_rows (const void *a, const void *b)
{
  const double *pa = sort_base + (size_t) *(const size_t *) a * sort_dims;
  const double *pb = sort_base + (size_t) *(const size_t *) b * sort_dims;
  for (int d = 0; d < sort_dims; d++)
    if (pa[d] != pb[d])
      return pa[d] < pb[d] ? -1 : 1;
  return 0;
}

/* The design population: each person as a candidate row, plus 2 dims
 * copies shifted by +-h along each axis (a small cross-shaped kernel).
 * Smoothing fills the gaps between whole-millimetre measurements, so the
 * sizes follow the population's density rather than the sample's accidents
 * (it raised held-out accommodation by about 2 points on ANSUR II). */
static double *
smoothed_rows (const double *points, size_t n, int dims, double h, size_t *out_n)
{
  int copies = h > 0 ? 1 + 2 * dims : 1, stride = dims + 1;
  double *rows = malloc ((n ? n : 1) * (size_t) copies * (size_t) stride * sizeof *rows);
  *out_n = n * (size_t) copies;
  if (!rows)
    return NULL;
  for (size_t i = 0; i < n; i++)
    for (int c = 0; c < copies; c++)
      {
        double *row = rows + (i * (size_t) copies + (size_t) c) * (size_t) stride;
        memcpy (row, points + i * dims, (size_t) dims * sizeof *row);
        if (c > 0)
          row[(c - 1) / 2] += (c % 2 ? -h : h);
        row[dims] = c == 0;
      }
  return rows;
}

/* Rows sorted by their coordinates (first dimension first). qsort has no
 * user pointer in C17, hence the file-level base; callers are serial. */
static double *
sorted_rows (const double *rows, size_t n, int dims)
{
  size_t *order = malloc ((n ? n : 1) * sizeof *order);
  double *out = malloc ((n ? n : 1) * (size_t) dims * sizeof *out);
  if (!order || !out)
    {
      free (order);
      free (out);
      return NULL;
    }
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  sort_base = rows;
  sort_dims = dims;
  qsort (order, n, sizeof *order, compare_rows);
  for (size_t i = 0; i < n; i++)
    memcpy (out + i * dims, rows + order[i] * dims, (size_t) dims * sizeof *out);
  free (order);
  return out;
}

AtStatus
at_size_chart_design (const AtSizeChartDef *def, const double *points, size_t n, int dims, AtSizeChart *out,
                      AtError *err)
{
  memset (out, 0, sizeof *out);
  if (def->n_sizes < 1 || def->n_sizes > 1000)
    return at_error_set (err, AT_ERR_RANGE, "sizes: %d is not between 1 and 1000", def->n_sizes);
  if (!(def->tolerance > 0) || def->tolerance > 100)
    return at_error_set (err, AT_ERR_RANGE, "tolerance: %g cm is not between 0 and 100", def->tolerance);
  if (!(def->smoothing >= 0) || def->smoothing > def->tolerance)
    return at_error_set (err, AT_ERR_RANGE, "smoothing: %g cm is not between 0 and the tolerance", def->smoothing);
  if (dims < 1 || dims > 16 || n == 0)
    return at_error_set (err, AT_ERR_INVALID, "size chart: needs people and 1-16 key dimensions");
  for (size_t i = 0; i < n * (size_t) dims; i++)
    if (!isfinite (points[i]))
      return at_error_set (err, AT_ERR_INVALID, "size chart: person %zu has a value that is not finite",
                           i / (size_t) dims);
  AtCoverage cv = { .dims = dims, .stride = dims + 1, .t = def->tolerance };
  double *rows = smoothed_rows (points, n, dims, def->smoothing, &cv.n);
  double *pts = rows ? sorted_rows (rows, cv.n, cv.stride) : NULL;
  free (rows);
  cv.pts = pts;
  cv.cover = calloc (cv.n, sizeof *cv.cover);
  out->centres = calloc ((size_t) def->n_sizes * dims, sizeof *out->centres);
  if (!pts || !cv.cover || !out->centres)
    {
      free (pts);
      free (cv.cover);
      at_size_chart_clear (out);
      return at_error_set (err, AT_ERR_NOMEM, "size chart: out of memory");
    }
  out->n_sizes = def->n_sizes;
  out->dims = dims;
  out->tolerance = def->tolerance;
  for (int s = 0; s < def->n_sizes; s++)
    {
      double *c = out->centres + (size_t) s * dims;
      best_spot (&cv, c);
      add_box (&cv, c, +1);
    }
  for (int pass = 0; pass < 100 && improve (&cv, out->centres, def->n_sizes); pass++)
    ;
  double *sorted = sorted_rows (out->centres, (size_t) def->n_sizes, dims);
  free (out->centres);
  out->centres = sorted;
  free (pts);
  free (cv.cover);
  if (!sorted)
    {
      at_size_chart_clear (out);
      return at_error_set (err, AT_ERR_NOMEM, "size chart: out of memory");
    }
  return AT_OK;
}

int
at_size_chart_fit (const AtSizeChart *chart, const double *point)
{
  int best = -1;
  double best_d = INFINITY;
  for (int s = 0; s < chart->n_sizes; s++)
    {
      const double *c = chart->centres + (size_t) s * chart->dims;
      double d = 0;
      for (int k = 0; k < chart->dims; k++)
        d = fmax (d, fabs (point[k] - c[k]));
      if (d <= chart->tolerance && d < best_d)
        {
          best_d = d;
          best = s;
        }
    }
  return best;
}

double
at_size_chart_accommodation (const AtSizeChart *chart, const double *points, size_t n)
{
  if (n == 0)
    return 0;
  size_t fit = 0;
  for (size_t i = 0; i < n; i++)
    fit += at_size_chart_fit (chart, points + i * chart->dims) >= 0;
  return (double) fit / (double) n;
}

const AtSizeChartKind at_size_chart_kinds[2] = {
  { "tops", 2, { AT_M_CHEST_GIRTH, AT_M_WAIST_GIRTH } },
  { "bottoms", 2, { AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH } },
};

double *
at_sizing_points (const AtMeasurements *subjects, size_t n, AtSex sex, const AtMeasureKey *keys, int dims,
                  size_t *out_count)
{
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    count += subjects[i].sex == sex;
  double *rows = malloc ((count ? count : 1) * (size_t) dims * sizeof *rows);
  *out_count = 0;
  if (!rows)
    return NULL;
  for (size_t i = 0; i < n; i++)
    if (subjects[i].sex == sex)
      {
        for (int d = 0; d < dims; d++)
          rows[*out_count * dims + d] = subjects[i].value[keys[d]];
        (*out_count)++;
      }
  return rows;
}

void
at_size_chart_clear (AtSizeChart *chart)
{
  free (chart->centres);
  memset (chart, 0, sizeof *chart);
}

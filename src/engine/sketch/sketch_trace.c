/* From the generator's 28 x 28 image to the right half of a symmetric
 * outer contour.
 *
 * Method: the image is resampled four times finer with Catmull-Rom cubic
 * interpolation (Keys 1981) on a grid placed symmetrically about the
 * garment's centre line (the intensity-weighted mean column), and each
 * sample is averaged with its mirror image, so the field, and therefore
 * its iso-contour, is exactly symmetric. Marching squares (Lorensen &
 * Cline 1987, in its 2D form) with linear edge interpolation extracts the
 * iso-contour; saddle cells are resolved by the cell-centre average.
 * Segments are oriented so that the inside lies on a fixed side, which makes
 * chaining them into closed loops a matter of following each edge crossing
 * to the next. The largest loop is the outer outline; its right half runs
 * from the topmost crossing of the centre line down to the next one. */
#include "sketch_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { UPSAMPLE = 4 };

static float
pixel (const float *r, int x, int y)
{
  return x < 0 || y < 0 || x >= AT_SKETCH_SIDE || y >= AT_SKETCH_SIDE ? 0.0f : r[y * AT_SKETCH_SIDE + x];
}

static double
catmull_rom (double p0, double p1, double p2, double p3, double t)
{
  return p1 + 0.5 * t * (p2 - p0 + t * (2 * p0 - 5 * p1 + 4 * p2 - p3 + t * (3 * (p1 - p2) + p3 - p0)));
}

/* Separable resampling: first every column (with a margin of background)
 * at one row position, then along that row. Pixel centres are at integer
 * coordinates. */
enum { MARGIN = 4, ROW_LEN = AT_SKETCH_SIDE + 2 * MARGIN };

static void
row_at (const float *r, double y, double row[ROW_LEN])
{
  int y0 = (int) floor (y);
  double ty = y - y0;
  for (int x = -MARGIN; x < AT_SKETCH_SIDE + MARGIN; x++)
    row[x + MARGIN] = catmull_rom (pixel (r, x, y0 - 1), pixel (r, x, y0), pixel (r, x, y0 + 1), pixel (r, x, y0 + 2), ty);
}

static double
along (const double row[ROW_LEN], double x)
{
  int x0 = (int) floor (x);
  if (x0 - 1 < -MARGIN || x0 + 2 >= AT_SKETCH_SIDE + MARGIN)
    return 0.0;
  const double *p = row + x0 - 1 + MARGIN;
  return catmull_rom (p[0], p[1], p[2], p[3], x - x0);
}

typedef struct {
  int w, h;       /* grid samples */
  double x0, y0;  /* position of sample (0, 0) in pixels; x0 relative to the centre line */
  double step;
  float *v;
  int *next;      /* per edge crossing: the following crossing on its loop, or -1 */
  float iso;
} Grid;

/* Edge ids: 2 * (j * w + i) for the edge from sample (i, j) to (i + 1, j),
 * +1 for the edge from (i, j) to (i, j + 1). */
static AtSketchPoint
crossing (const Grid *g, int id)
{
  int cell = id / 2, i = cell % g->w, j = cell / g->w;
  int i2 = id % 2 ? i : i + 1, j2 = id % 2 ? j + 1 : j;
  float a = g->v[j * g->w + i], b = g->v[j2 * g->w + i2];
  double t = fabs (b - a) > 1e-12 ? (g->iso - a) / (b - a) : 0.5;
  return (AtSketchPoint) { g->x0 + (i + t * (i2 - i)) * g->step, g->y0 + (j + t * (j2 - j)) * g->step };
}

/* Links every crossing to the next one along its contour, inside on the
 * right when walking in image coordinates (y down). */
static void
march (Grid *g)
{
  int w = g->w;
  for (int k = 0; k < 2 * w * g->h; k++)
    g->next[k] = -1;
  for (int j = 0; j + 1 < g->h; j++)
    for (int i = 0; i + 1 < w; i++)
      {
        /* Cell corners clockwise on screen and the edges between them. */
        float c[4] = { g->v[j * w + i], g->v[j * w + i + 1], g->v[(j + 1) * w + i + 1], g->v[(j + 1) * w + i] };
        int e[4] = { 2 * (j * w + i), 2 * (j * w + i + 1) + 1, 2 * ((j + 1) * w + i), 2 * (j * w + i) + 1 };
        int leave[2], enter[2], nl = 0, ne = 0;
        for (int k = 0; k < 4; k++)
          {
            bool a = c[k] >= g->iso, b = c[(k + 1) % 4] >= g->iso;
            if (a && !b)
              leave[nl++] = k;
            else if (!a && b)
              enter[ne++] = k;
          }
        if (nl == 1)
          g->next[e[leave[0]]] = e[enter[0]];
        else if (nl == 2)
          {
            /* Saddle: with the centre inside, each leaving crossing joins the
             * entering one that follows it round the cell (inside regions
             * connected); otherwise the one before it. */
            bool centre_in = (c[0] + c[1] + c[2] + c[3]) / 4.0f >= g->iso;
            for (int a = 0; a < 2; a++)
              {
                int best = -1, best_gap = 5;
                for (int b = 0; b < 2; b++)
                  {
                    int gap = centre_in ? (enter[b] - leave[a] + 4) % 4 : (leave[a] - enter[b] + 4) % 4;
                    if (gap < best_gap)
                      {
                        best_gap = gap;
                        best = b;
                      }
                  }
                g->next[e[leave[a]]] = e[enter[best]];
              }
          }
      }
}

/* The loop of largest area as a polyline (caller frees). */
static AtSketchPoint *
largest_loop (const Grid *g, int *count)
{
  int n_ids = 2 * g->w * g->h, best_start = -1, best_len = 0;
  double best_area = 0.0;
  char *seen = calloc ((size_t) n_ids, 1);
  if (!seen)
    return NULL;
  for (int s = 0; s < n_ids; s++)
    {
      if (g->next[s] < 0 || seen[s])
        continue;
      double area = 0.0;
      int len = 0, k = s;
      bool closed = false;
      while (k >= 0 && !seen[k])
        {
          seen[k] = 1;
          AtSketchPoint p = crossing (g, k), q = crossing (g, g->next[k] >= 0 ? g->next[k] : k);
          area += p.x * q.y - q.x * p.y;
          len++;
          k = g->next[k];
          closed = k == s;
        }
      if (closed && fabs (area) > best_area)
        {
          best_area = fabs (area);
          best_start = s;
          best_len = len;
        }
    }
  free (seen);
  if (best_start < 0)
    return NULL;
  AtSketchPoint *pts = malloc ((size_t) best_len * sizeof *pts);
  if (!pts)
    return NULL;
  for (int k = best_start, n = 0; n < best_len; n++, k = g->next[k])
    pts[n] = crossing (g, k);
  *count = best_len;
  return pts;
}

/* The right half of loop: from its topmost centre-line crossing, along the
 * side where x > 0, to the next crossing. */
static AtSketchPoint *
right_half (const AtSketchPoint *loop, int n, int *count)
{
  int top = -1;
  double top_y = INFINITY;
  for (int k = 0; k < n; k++)
    {
      AtSketchPoint a = loop[k], b = loop[(k + 1) % n];
      if ((a.x > 0) != (b.x > 0))
        {
          double y = a.y + (b.y - a.y) * (0 - a.x) / (b.x - a.x);
          if (y < top_y)
            {
              top_y = y;
              top = k;
            }
        }
    }
  if (top < 0)
    return NULL;
  AtSketchPoint *out = malloc ((size_t) (n + 2) * sizeof *out);
  if (!out)
    return NULL;
  int dir = loop[(top + 1) % n].x > 0 ? 1 : -1;
  int k = dir > 0 ? (top + 1) % n : top, m = 0;
  out[m++] = (AtSketchPoint) { 0.0, top_y };
  for (int steps = 0; steps < n; steps++)
    {
      AtSketchPoint a = loop[k];
      int kn = (k + dir + n) % n;
      AtSketchPoint b = loop[kn];
      out[m++] = a;
      if (b.x <= 0)
        {
          out[m++] = (AtSketchPoint) { 0.0, a.y + (b.y - a.y) * a.x / (a.x - b.x) };
          *count = m;
          return out;
        }
      k = kn;
    }
  free (out);
  return NULL;
}

/* Separable [1 2 1] / 4 filter; outside the image counts as background. */
static void
smooth (const float *in, float *out)
{
  float tmp[AT_SKETCH_PIXELS];
  for (int y = 0; y < AT_SKETCH_SIDE; y++)
    for (int x = 0; x < AT_SKETCH_SIDE; x++)
      tmp[y * AT_SKETCH_SIDE + x] = 0.25f * pixel (in, x - 1, y) + 0.5f * pixel (in, x, y) + 0.25f * pixel (in, x + 1, y);
  for (int y = 0; y < AT_SKETCH_SIDE; y++)
    for (int x = 0; x < AT_SKETCH_SIDE; x++)
      out[y * AT_SKETCH_SIDE + x] = 0.25f * pixel (tmp, x, y - 1) + 0.5f * pixel (tmp, x, y) + 0.25f * pixel (tmp, x, y + 1);
}

AtStatus
at_sketch_trace_half (const float image[AT_SKETCH_PIXELS], AtSketchPoint **half, int *count, AtError *err)
{
  *half = NULL;
  *count = 0;
  float raster[AT_SKETCH_PIXELS];
  smooth (image, raster);
  float peak = 0.0f;
  for (int i = 0; i < AT_SKETCH_PIXELS; i++)
    peak = raster[i] > peak ? raster[i] : peak;
  if (!(peak > 0.05f))
    return at_error_set (err, AT_ERR_INVALID, "sketch image is empty: nothing to trace");
  /* Centre line: intensity-weighted mean column of the garment's pixels. */
  double sw = 0.0, sx = 0.0;
  for (int i = 0; i < AT_SKETCH_PIXELS; i++)
    if (raster[i] > 0.1f * peak)
      {
        sw += raster[i];
        sx += raster[i] * (i % AT_SKETCH_SIDE);
      }
  double centre = sx / sw, step = 1.0 / UPSAMPLE;
  double reach = fmax (centre, AT_SKETCH_SIDE - 1 - centre) + 2.5;
  int half_w = (int) ceil (reach / step);
  Grid g = { .w = 2 * half_w + 1, .h = (int) ceil ((AT_SKETCH_SIDE + 4.0) / step) + 1, .step = step,
             .x0 = -half_w * step, .y0 = -2.5 };
  g.v = malloc ((size_t) g.w * g.h * sizeof (float));
  g.next = malloc ((size_t) 2 * g.w * g.h * sizeof (int));
  if (!g.v || !g.next)
    {
      free (g.v);
      free (g.next);
      return at_error_set (err, AT_ERR_NOMEM, "out of memory tracing a sketch");
    }
  for (int j = 0; j < g.h; j++)
    {
      double row[ROW_LEN];
      row_at (raster, g.y0 + j * step, row);
      /* Column i and its mirror w-1-i get the same value: the symmetric field. */
      for (int i = 0; i <= half_w; i++)
        {
          double x = g.x0 + i * step;
          bool border = i == 0 || j == 0 || j == g.h - 1;
          float v = border ? 0.0f : (float) (0.5 * (along (row, centre + x) + along (row, centre - x)));
          g.v[j * g.w + i] = g.v[j * g.w + g.w - 1 - i] = v;
        }
    }
  /* A high level keeps gaps (between trouser legs) and a crisp edge, but
   * loses dark fabric (a black coat) and falls apart on dark patterns; a
   * low level keeps the whole garment. Take the highest level whose outline
   * still covers most of the low level's area. */
  const float levels[3] = { 0.35f, 0.2f, 0.1f };
  AtSketchPoint *halves[3] = { NULL, NULL, NULL };
  int counts[3] = { 0, 0, 0 };
  double areas[3] = { 0.0, 0.0, 0.0 };
  for (int l = 0; l < 3; l++)
    {
      g.iso = levels[l] * peak;
      march (&g);
      int n;
      AtSketchPoint *loop = largest_loop (&g, &n);
      if (loop)
        halves[l] = right_half (loop, n, &counts[l]);
      for (int k = 0; halves[l] && k + 1 < counts[l]; k++)
        areas[l] += halves[l][k].x * halves[l][k + 1].y - halves[l][k + 1].x * halves[l][k].y;
      areas[l] = fabs (areas[l]);
      free (loop);
    }
  double reference = fmax (areas[0], fmax (areas[1], areas[2]));
  for (int l = 0; l < 3 && !*half; l++)
    if (halves[l] && areas[l] >= 0.75 * reference)
      {
        *half = halves[l];
        *count = counts[l];
        halves[l] = NULL;
      }
  for (int l = 0; l < 3; l++)
    free (halves[l]);
  AtStatus s = *half ? AT_OK : at_error_set (err, AT_ERR_INVALID, "sketch image has no outline crossing its centre line");
  free (g.v);
  free (g.next);
  return s;
}

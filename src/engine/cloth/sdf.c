/* Signed distance field of a closed triangle mesh on a regular grid.
 *
 * Method (three linear-time passes):
 * 1. Narrow band: every triangle writes exact point-triangle distances
 *    (closest-feature regions as in Ericson, "Real-Time Collision
 *    Detection", 2004, sec. 5.1.5, each distance from three dot products
 *    and the triangle's precomputed frame) into the nodes of its bounding
 *    box grown by one cell that lie within one cell of its plane.
 *    Triangles are bucketed by z slice so slices run in parallel without
 *    write races and the result does not depend on the thread count.
 * 2. Far field: the exact Euclidean distance transform of the band nodes
 *    (Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled
 *    Functions", Theory of Computing 8, 2012), separable into three 1D
 *    passes (along x a scan each way for the nearest seed, the input being
 *    binary; along y and z lower envelopes of parabolas), each parallel
 *    over grid lines, carrying the
 *    nearest seed: a node takes the distance to that seed's nearest
 *    triangle (a closest-feature transform), exact wherever the two share
 *    it; nodes near the band also try their neighbours' seeds' triangles.
 *    A one-cell band keeps every corner of a cell the surface crosses
 *    exact; a wider band costs far more triangle tests for no gain there.
 *    Beyond two cells from its seed a node skips the triangles: it takes the
 *    distance to the seed node corrected by the seed's own distance (within
 *    half a cell on a sphere, tested): a body's field costs a fifth less.
 * 3. Sign: ray parity (Bridson-style crossing counts along grid lines),
 *    computed along x, y and z and decided by majority, so one ray grazing
 *    an edge or vertex cannot flip a whole grid line.
 */
#include "at_sdf.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define AT_SDF_MAX_NODES (64L * 1024 * 1024)
/* Exact distances are written this many cells around each triangle. */
#define AT_SDF_BAND_CELLS 1
/* Nodes within this squared distance (cells²) of their seed take the
 * distance to the nearest of their own and their neighbours' seeds'
 * triangles. Further ones skip the triangle tests: they take the distance
 * to the seed node, plus the seed's own distance when the seed lies on
 * their side of the surface and less it when across, exact to first order
 * along the line to the surface. Contacts and their gradients are read
 * within a few centimetres of the skin, and the far nodes, most of a
 * body's grid, cost several point-triangle tests each. */
#define AT_SDF_EXACT_CELLS2 4.0f
/* Squared distance (cells²) of nodes no seed has reached yet. */
#define AT_SDF_FAR 1e20f

struct AtSdf {
  int n[3];
  float origin[3];
  float h;
  float *d;
  int32_t *tri; /* nearest triangle of band nodes (build only, in its scratch block) */
};

static inline size_t
node_index (const AtSdf *s, int i, int j, int k)
{
  return (size_t) i + (size_t) s->n[0] * ((size_t) j + (size_t) s->n[1] * (size_t) k);
}

static inline void
sub3 (const float a[3], const float b[3], float out[3])
{
  out[0] = a[0] - b[0];
  out[1] = a[1] - b[1];
  out[2] = a[2] - b[2];
}

static inline float
dot3 (const float a[3], const float b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* A triangle's frame for distance queries: corner a, edges ab and ac,
 * their dot products and the unit normal. Every squared distance below
 * follows from three dot products of ap = p - a (ab.ap, ac.ap, ap.ap) and
 * these constants, so a query costs a fraction of the closest point's
 * construction. */
typedef struct {
  float a[3], ab[3], ac[3], nrm[3];
  float ab2, ac2, abac, inv_ab2, inv_ac2, inv_bc2;
} TriFrame;

static inline float
safe_inv (float x)
{
  return x > 0 ? 1.0f / x : 0.0f;
}

static void
tri_frame (const float *a, const float *b, const float *c, TriFrame *f)
{
  sub3 (b, a, f->ab);
  sub3 (c, a, f->ac);
  memcpy (f->a, a, sizeof f->a);
  f->ab2 = dot3 (f->ab, f->ab);
  f->ac2 = dot3 (f->ac, f->ac);
  f->abac = dot3 (f->ab, f->ac);
  f->inv_ab2 = safe_inv (f->ab2);
  f->inv_ac2 = safe_inv (f->ac2);
  f->inv_bc2 = safe_inv (f->ab2 - 2 * f->abac + f->ac2);
  f->nrm[0] = f->ab[1] * f->ac[2] - f->ab[2] * f->ac[1];
  f->nrm[1] = f->ab[2] * f->ac[0] - f->ab[0] * f->ac[2];
  f->nrm[2] = f->ab[0] * f->ac[1] - f->ab[1] * f->ac[0];
  float inv = safe_inv (sqrtf (dot3 (f->nrm, f->nrm)));
  for (int k = 0; k < 3; k++)
    f->nrm[k] *= inv;
}

/* Squared distance from a triangle to the point a + ap, by the Voronoi
 * region of the closest feature (vertex, edge or face; the region tests
 * of Ericson, "Real-Time Collision Detection", 2004, sec. 5.1.5). With
 * d1 = ab.ap, d2 = ac.ap the other corners' products follow (b: d1 - |ab|²,
 * d2 - ab.ac; c: d1 - ab.ac, d2 - |ac|²); a vertex region's distance is
 * that corner's |p - corner|², an edge's the same less the squared
 * projection on the edge, the face's the squared plane distance. */
static inline __attribute__ ((always_inline)) float
tri_distance2 (const TriFrame *f, const float ap[3])
{
  float d1 = dot3 (f->ab, ap), d2 = dot3 (f->ac, ap), ap2 = dot3 (ap, ap);
  float d3 = d1 - f->ab2, d4 = d2 - f->abac, d5 = d1 - f->abac, d6 = d2 - f->ac2;
  float dd;
  if (d1 <= 0 && d2 <= 0)
    return ap2;
  float bp2 = ap2 - 2 * d1 + f->ab2;
  if (d3 >= 0 && d4 <= d3)
    return bp2;
  float vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0)
    dd = ap2 - d1 * d1 * f->inv_ab2;
  else if (d6 >= 0 && d5 <= d6)
    dd = ap2 - 2 * d2 + f->ac2;
  else
    {
      float vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
      if (vb <= 0 && d2 >= 0 && d6 <= 0)
        dd = ap2 - d2 * d2 * f->inv_ac2;
      else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0)
        dd = bp2 - (d4 - d3) * (d4 - d3) * f->inv_bc2;
      else
        {
          float h = dot3 (f->nrm, ap);
          dd = h * h;
        }
    }
  return dd > 0 ? dd : 0;
}

/* A triangle's node box, grown by the band. */
typedef struct {
  int lo[3], hi[3];
} TriBox;

static void
triangle_box (const AtSdf *s, const float *v[3], TriBox *tb)
{
  for (int a = 0; a < 3; a++)
    {
      float mn = v[0][a] < v[1][a] ? v[0][a] : v[1][a], mx = v[0][a] < v[1][a] ? v[1][a] : v[0][a];
      mn = v[2][a] < mn ? v[2][a] : mn;
      mx = v[2][a] > mx ? v[2][a] : mx;
      int lo = (int) ceilf ((mn - s->origin[a]) / s->h - AT_SDF_BAND_CELLS);
      int hi = (int) floorf ((mx - s->origin[a]) / s->h + AT_SDF_BAND_CELLS);
      tb->lo[a] = lo < 0 ? 0 : lo;
      tb->hi[a] = hi > s->n[a] - 1 ? s->n[a] - 1 : hi;
    }
}

/* Exact squared distances from triangle t (frame f, box tb) to the nodes
 * of slice k within the band of its plane. The signed plane distance is
 * linear in the in-slice indices: the inner loop runs along the in-slice
 * axis the plane is steeper in and visits only the run of nodes inside
 * the band. */
static void
band_triangle_slice (AtSdf *s, const TriFrame *f, const TriBox *tb, int t, int k)
{
  float band = AT_SDF_BAND_CELLS * s->h;
  int in = fabsf (f->nrm[0]) >= fabsf (f->nrm[1]) ? 0 : 1, out = 1 - in;
  float ap[3];
  ap[2] = s->origin[2] + (float) k * s->h - f->a[2];
  float step = f->nrm[in] * s->h, inv_step = fabsf (step) > 1e-12f ? 1.0f / step : 0.0f;
  size_t stride_in = in == 0 ? 1 : (size_t) s->n[0], stride_out = in == 0 ? (size_t) s->n[0] : 1;
  size_t slice = (size_t) k * (size_t) s->n[0] * (size_t) s->n[1];
  for (int o = tb->lo[out]; o <= tb->hi[out]; o++)
    {
      ap[out] = s->origin[out] + (float) o * s->h - f->a[out];
      ap[in] = s->origin[in] - f->a[in];
      float d0 = dot3 (ap, f->nrm);
      int i0 = tb->lo[in], i1 = tb->hi[in];
      if (inv_step != 0)
        {
          float ia = (-band - d0) * inv_step, ib = (band - d0) * inv_step;
          if (ia > ib)
            {
              float tmp = ia;
              ia = ib;
              ib = tmp;
            }
          /* (Both past a non-negative box index here, so truncation
           * rounds them as ceil and floor would.) */
          if (ia > (float) i0)
            i0 = (int) ia + ((float) (int) ia < ia);
          if (ib < (float) i0)
            continue;
          if (ib < (float) i1)
            i1 = (int) ib;
        }
      else if (fabsf (d0) > band)
        continue;
      float ap_in = ap[in];
      size_t id = slice + (size_t) o * stride_out + (size_t) i0 * stride_in;
      for (int i = i0; i <= i1; i++, id += stride_in)
        {
          ap[in] = ap_in + (float) i * s->h;
          float dd = tri_distance2 (f, ap);
          if (dd < s->d[id])
            {
              s->d[id] = dd;
              s->tri[id] = t;
            }
        }
    }
}

/* Pass 1 (squared distances into s->d). Triangles are bucketed by z slice
 * so slices run in parallel without write races. Returns false when out
 * of memory. */
static bool
narrow_band (AtSdf *s, const AtMesh *m, const TriFrame *frames)
{
  int nz = s->n[2];
  int *count = calloc ((size_t) nz + 1, sizeof *count);
  TriBox *boxes = malloc ((size_t) m->triangle_count * sizeof *boxes);
  if (!count || !boxes)
    {
      free (count);
      free (boxes);
      return false;
    }
  for (int t = 0; t < m->triangle_count; t++)
    {
      const float *v[3];
      for (int c = 0; c < 3; c++)
        v[c] = m->positions + 3 * m->indices[3 * t + c];
      triangle_box (s, v, &boxes[t]);
      for (int k = boxes[t].lo[2]; k <= boxes[t].hi[2]; k++)
        count[k + 1]++;
    }
  for (int k = 0; k < nz; k++)
    count[k + 1] += count[k];
  int *bucket = malloc ((size_t) (count[nz] > 0 ? count[nz] : 1) * sizeof *bucket);
  int *fill = malloc ((size_t) nz * sizeof *fill);
  if (!bucket || !fill)
    {
      free (count);
      free (boxes);
      free (bucket);
      free (fill);
      return false;
    }
  memcpy (fill, count, (size_t) nz * sizeof *fill);
  for (int t = 0; t < m->triangle_count; t++)
    for (int k = boxes[t].lo[2]; k <= boxes[t].hi[2]; k++)
      bucket[fill[k]++] = t;
#pragma omp parallel for schedule(dynamic, 1)
  for (int k = 0; k < nz; k++)
    for (int b = count[k]; b < count[k + 1]; b++)
      {
        int t = bucket[b];
        band_triangle_slice (s, &frames[t], &boxes[t], t, k);
      }
  free (count);
  free (boxes);
  free (bucket);
  free (fill);
  return true;
}

/* Pass 2 along x, where the input is still binary (a node is a seed or
 * not): the 1D transform is the squared distance to the nearest seed of
 * the line, one scan each way. The band's squared distances become
 * distances on the way. */
static void
edt_seed_lines (AtSdf *s, float *g, uint32_t *feat)
{
  int n = s->n[0], lines = s->n[1] * s->n[2];
  float seed_max = AT_SDF_BAND_CELLS * s->h;
#pragma omp parallel for schedule(static)
  for (int line = 0; line < lines; line++)
    {
      size_t base = (size_t) line * (size_t) n;
      float *d = s->d + base, *gl = g + base;
      uint32_t *fl = feat + base;
      int last = -1;
      for (int q = 0; q < n; q++)
        {
          if (d[q] < FLT_MAX)
            d[q] = sqrtf (d[q]);
          if (d[q] <= seed_max)
            last = q;
          gl[q] = last >= 0 ? (float) ((q - last) * (q - last)) : AT_SDF_FAR;
          fl[q] = (uint32_t) (base + (size_t) (last >= 0 ? last : q));
        }
      for (int q = n - 1, next = -1; q >= 0; q--)
        {
          if (gl[q] == 0)
            next = q;
          else if (next >= 0 && (float) ((next - q) * (next - q)) < gl[q])
            {
              gl[q] = (float) ((next - q) * (next - q));
              fl[q] = (uint32_t) (base + (size_t) next);
            }
        }
    }
}

/* One 1D squared distance transform of f (n samples, unit spacing) into out,
 * by the lower envelope of parabolas; feat/feat_out carry the index of the
 * seed each value came from. Samples no seed has reached (AT_SDF_FAR) add
 * no parabola. v, fv (n) and zb (n + 1) are scratch. */
static void
edt_1d (const float *f, const uint32_t *feat, int n, float *out, uint32_t *feat_out, int *v, float *fv, float *zb)
{
  int k = -1;
  for (int q = 0; q < n; q++)
    {
      if (f[q] >= AT_SDF_FAR)
        continue;
      float fq = f[q] + (float) (q * q), sq = -FLT_MAX;
      while (k >= 0)
        {
          sq = (fq - fv[k]) / (float) (2 * (q - v[k]));
          if (sq > zb[k])
            break;
          k--; /* zb[0] is -FLT_MAX, so this stops at k = 0 */
        }
      k = k < 0 ? 0 : k + 1;
      v[k] = q;
      fv[k] = fq;
      zb[k] = k ? sq : -FLT_MAX;
      zb[k + 1] = FLT_MAX;
    }
  k = 0;
  for (int q = 0; q < n; q++)
    {
      while (zb[k + 1] < (float) q)
        k++;
      float dq = (float) (q - v[k]);
      out[q] = dq * dq + f[v[k]];
      feat_out[q] = feat[v[k]];
    }
}

/* Pass 2 along y or z: g (squared distances in cells²) and feat (nearest
 * seed node) are transformed in place along axis a. */
static bool
edt_axis (AtSdf *s, float *g, uint32_t *feat, int a)
{
  /* Neighbouring lines run along the smallest remaining stride, so
   * consecutive lines read neighbouring memory. */
  int b = a == 0 ? 1 : 0, c = a == 2 ? 1 : 2;
  size_t stride[3] = { 1, (size_t) s->n[0], (size_t) s->n[0] * s->n[1] };
  int n = s->n[a];
  int lines = s->n[b] * s->n[c];
  bool ok = true;
#pragma omp parallel
  {
    float *f = malloc ((size_t) n * sizeof *f);
    float *out = malloc ((size_t) n * sizeof *out);
    float *fv = malloc ((size_t) n * sizeof *fv);
    float *zb = malloc ((size_t) (n + 1) * sizeof *zb);
    int *v = malloc ((size_t) n * sizeof *v);
    uint32_t *fi = malloc ((size_t) n * sizeof *fi);
    uint32_t *fo = malloc ((size_t) n * sizeof *fo);
    if (!f || !out || !fv || !zb || !v || !fi || !fo)
      {
#pragma omp atomic write
        ok = false;
      }
    else
      {
#pragma omp for schedule(static)
        for (int line = 0; line < lines; line++)
          {
            size_t base = (size_t) (line % s->n[b]) * stride[b] + (size_t) (line / s->n[b]) * stride[c];
            bool seeded = false;
            for (int q = 0; q < n; q++)
              {
                f[q] = g[base + (size_t) q * stride[a]];
                fi[q] = feat[base + (size_t) q * stride[a]];
                seeded |= f[q] < AT_SDF_FAR;
              }
            if (!seeded) /* nothing to spread along this line */
              continue;
            edt_1d (f, fi, n, out, fo, v, fv, zb);
            for (int q = 0; q < n; q++)
              {
                g[base + (size_t) q * stride[a]] = out[q];
                feat[base + (size_t) q * stride[a]] = fo[q];
              }
          }
      }
    free (f);
    free (out);
    free (fv);
    free (zb);
    free (v);
    free (fi);
    free (fo);
  }
  return ok;
}

/* ceil and floor of a non-negative grid coordinate. */
static inline int
ceil_nonneg (double x)
{
  int i = (int) x;
  return i + ((double) i < x);
}

/* Pass 3 along one axis: adds 1 to votes[] for every node that an odd number
 * of surface crossings separates from the grid's low face along axis a.
 * gp holds the vertices in grid units (non-negative: the grid covers the
 * mesh), cross is zeroed scratch of a node each and is left zeroed. */
static void
parity_axis (const AtSdf *s, const AtMesh *m, const double *gp, int a, uint8_t *cross, uint8_t *votes)
{
  int b = (a + 1) % 3, c = (a + 2) % 3;
  size_t stride[3] = { 1, (size_t) s->n[0], (size_t) s->n[0] * s->n[1] };
  for (int t = 0; t < m->triangle_count; t++)
    {
      const double *P[3];
      for (int v = 0; v < 3; v++)
        P[v] = gp + 3 * (size_t) m->indices[3 * t + v];
      double bmin = P[0][b] < P[1][b] ? P[0][b] : P[1][b], bmax = P[0][b] < P[1][b] ? P[1][b] : P[0][b];
      double cmin = P[0][c] < P[1][c] ? P[0][c] : P[1][c], cmax = P[0][c] < P[1][c] ? P[1][c] : P[0][c];
      bmin = P[2][b] < bmin ? P[2][b] : bmin;
      bmax = P[2][b] > bmax ? P[2][b] : bmax;
      cmin = P[2][c] < cmin ? P[2][c] : cmin;
      cmax = P[2][c] > cmax ? P[2][c] : cmax;
      int jb0 = ceil_nonneg (bmin), jb1 = (int) bmax;
      int jc0 = ceil_nonneg (cmin), jc1 = (int) cmax;
      if (jb1 > s->n[b] - 1) jb1 = s->n[b] - 1;
      if (jc1 > s->n[c] - 1) jc1 = s->n[c] - 1;
      for (int jc = jc0; jc <= jc1; jc++)
        for (int jb = jb0; jb <= jb1; jb++)
          {
            /* Barycentric coordinates of the line in the (b, c) projection.
             * A line through an edge or vertex is nudged by (eps, eps^2)
             * (simulation of simplicity), so exactly one of the triangles
             * sharing that edge counts the crossing. */
            double w[3];
            int sgn[3];
            for (int v = 0; v < 3; v++)
              {
                const double *p1 = P[(v + 1) % 3], *p2 = P[(v + 2) % 3];
                w[v] = (p1[b] - jb) * (p2[c] - jc) - (p1[c] - jc) * (p2[b] - jb);
                double tie = p1[c] != p2[c] ? p1[c] - p2[c] : p2[b] - p1[b];
                double e = w[v] != 0 ? w[v] : tie;
                sgn[v] = (e > 0) - (e < 0);
              }
            double sum = w[0] + w[1] + w[2];
            if (sum == 0 || sgn[0] == 0 || sgn[0] != sgn[1] || sgn[1] != sgn[2])
              continue;
            double xa = (w[0] * P[0][a] + w[1] * P[1][a] + w[2] * P[2][a]) / sum;
            int i0 = xa > 0 ? ceil_nonneg (xa) : 0;
            if (i0 >= s->n[a])
              continue;
            size_t id = (size_t) i0 * stride[a] + (size_t) jb * stride[b] + (size_t) jc * stride[c];
            cross[id] ^= 1;
          }
    }
  int lines = s->n[b] * s->n[c];
#pragma omp parallel for schedule(static)
  for (int line = 0; line < lines; line++)
    {
      size_t base = (size_t) (line % s->n[b]) * stride[b] + (size_t) (line / s->n[b]) * stride[c];
      uint8_t inside = 0;
      for (int q = 0; q < s->n[a]; q++)
        {
          size_t id = base + (size_t) q * stride[a];
          inside ^= cross[id];
          cross[id] = 0;
          votes[id] += inside;
        }
    }
}

AtSdf *
at_sdf_from_mesh (const AtMesh *m, float cell_size, float padding, AtError *err)
{
  if (!m || m->vertex_count < 3 || m->triangle_count < 1 || !at_mesh_is_valid (m))
    {
      at_error_set (err, AT_ERR_INVALID, "SDF: the body mesh is empty or has non-finite positions or bad indices");
      return NULL;
    }
  if (!(cell_size > 0) || !isfinite (cell_size) || !(padding >= 0) || !isfinite (padding))
    {
      at_error_set (err, AT_ERR_RANGE, "SDF: cell size %g must be positive and padding %g non-negative", cell_size, padding);
      return NULL;
    }
  float mn[3], mx[3];
  at_mesh_bounds (m, mn, mx);
  AtSdf *s = calloc (1, sizeof *s);
  if (!s)
    {
      at_error_set (err, AT_ERR_NOMEM, "SDF: out of memory");
      return NULL;
    }
  s->h = cell_size;
  double nodes = 1;
  for (int a = 0; a < 3; a++)
    {
      s->origin[a] = mn[a] - padding;
      double cells = ceil ((mx[a] + padding - s->origin[a]) / cell_size);
      nodes *= cells + 1;
      if (nodes > AT_SDF_MAX_NODES)
        {
          free (s);
          at_error_set (err, AT_ERR_RANGE, "SDF: a %g m cell size gives more than %ld grid nodes", cell_size, AT_SDF_MAX_NODES);
          return NULL;
        }
      s->n[a] = (int) cells + 1;
    }
  size_t total = (size_t) nodes, nv = (size_t) m->vertex_count, nt = (size_t) m->triangle_count;
  /* The field, and one block for every array only the build needs (the
   * widest elements first, so that each stays aligned). After a first
   * build the allocator serves a block this size from memory it holds
   * (glibc raises its mmap threshold to the largest block freed) instead
   * of fresh pages: separate arrays each cost their page faults again,
   * a tenth of the build's time. */
  float *field = malloc (total * sizeof *field);
  char *scratch = malloc (nv * 3 * sizeof (double) + nt * sizeof (TriFrame) + total * (4 * sizeof (float) + 2));
  bool ok = field && scratch;
  double *gp = (double *) scratch; /* the vertices in grid units */
  TriFrame *frames = (TriFrame *) (gp + 3 * nv);
  s->d = (float *) (frames + nt); /* band distances */
  s->tri = (int32_t *) (s->d + total);
  float *g = (float *) (s->tri + total);
  uint32_t *feat = (uint32_t *) (g + total);
  uint8_t *votes = (uint8_t *) (feat + total), *cross = votes + total;
  if (ok)
    {
      memset (votes, 0, 2 * total);
      for (int t = 0; t < m->triangle_count; t++)
        {
          const uint32_t *tv = m->indices + 3 * (size_t) t;
          tri_frame (m->positions + 3 * tv[0], m->positions + 3 * tv[1], m->positions + 3 * tv[2], &frames[t]);
        }
      for (size_t id = 0; id < total; id++)
        s->d[id] = FLT_MAX;
      ok = narrow_band (s, m, frames);
    }
  if (ok)
    {
      /* Band nodes are exact seeds; every other node finds its nearest seed
       * and takes the distance to that seed's nearest triangle, an upper
       * bound that is exact wherever the two share it. */
      edt_seed_lines (s, g, feat);
      for (int a = 1; a < 3 && ok; a++)
        ok = edt_axis (s, g, feat, a);
    }
  /* The vertices in grid units, computed once so that the triangles
   * sharing an edge see it identically on every axis. */
  for (int v = 0; ok && v < m->vertex_count; v++)
    for (int x = 0; x < 3; x++)
      gp[3 * v + x] = (m->positions[3 * v + x] - s->origin[x]) / s->h;
  for (int a = 0; a < 3 && ok; a++)
    parity_axis (s, m, gp, a, cross, votes);
  if (!ok)
    {
      at_error_set (err, AT_ERR_NOMEM, "SDF: out of memory for a %d x %d x %d grid", s->n[0], s->n[1], s->n[2]);
      free (field);
      free (scratch);
      s->d = NULL;
      s->tri = NULL;
      at_sdf_free (s);
      return NULL;
    }
  int planes = s->n[1] * s->n[2];
  size_t stride[3] = { 1, (size_t) s->n[0], (size_t) s->n[0] * s->n[1] };
#pragma omp parallel for schedule(static)
  for (int jk = 0; jk < planes; jk++)
    {
      int j = jk % s->n[1], k = jk / s->n[1];
      float p[3] = { 0, s->origin[1] + (float) j * s->h, s->origin[2] + (float) k * s->h }, ap[3];
      size_t id = (size_t) jk * (size_t) s->n[0];
      for (int i = 0; i < s->n[0]; i++, id++)
        {
          float d = s->d[id];
          bool seeded = d > AT_SDF_BAND_CELLS * s->h && g[id] < AT_SDF_FAR;
          if (seeded && g[id] > AT_SDF_EXACT_CELLS2)
            {
              float seed = s->d[feat[id]];
              d = sqrtf (g[id]) * s->h + ((votes[feat[id]] >= 2) == (votes[id] >= 2) ? seed : -seed);
            }
          else if (seeded)
            {
              p[0] = s->origin[0] + (float) i * s->h;
              /* Near the band the nearest seed node may sit beside the
               * node rather than under it, on another triangle: the
               * neighbours' seeds' triangles are candidates too. */
              int ijk[3] = { i, j, k };
              int32_t cand[7];
              int nc = 0;
              cand[nc++] = s->tri[feat[id]];
              for (int a = 0; a < 3; a++)
                for (int side = -1; side <= 1; side += 2)
                  {
                    int nb = ijk[a] + side;
                    if (nb < 0 || nb >= s->n[a])
                      continue;
                    int32_t t = s->tri[feat[side < 0 ? id - stride[a] : id + stride[a]]];
                    bool seen = false;
                    for (int c = 0; c < nc; c++)
                      seen |= cand[c] == t;
                    if (!seen)
                      cand[nc++] = t;
                  }
              float best = FLT_MAX; /* squared: one root for all candidates */
              for (int c = 0; c < nc; c++)
                {
                  sub3 (p, frames[cand[c]].a, ap);
                  float dq = tri_distance2 (&frames[cand[c]], ap);
                  best = dq < best ? dq : best;
                }
              best = sqrtf (best);
              d = best < d ? best : d;
            }
          field[id] = votes[id] >= 2 ? -d : d;
        }
    }
  free (scratch);
  s->d = field;
  s->tri = NULL;
  return s;
}

float
at_sdf_sample (const AtSdf *s, const float p[3], float grad_out[3])
{
  float u[3], t[3], outside[3];
  int i0[3];
  for (int a = 0; a < 3; a++)
    {
      float lim = (float) (s->n[a] - 1);
      u[a] = (p[a] - s->origin[a]) / s->h;
      /* Comparisons, not fminf / fmaxf, and a truncation, not floorf, of
       * the clamped (non-negative) coordinate: GCC calls libm for the
       * first two and spends 16 instructions on the third, and a fifth of
       * a garment drape's instructions are this function (the man's shirt,
       * callgrind: 19.8 G -> 18.4 G, the same drape). A NaN coordinate
       * clamps to 0, as fmaxf would. */
      float cu = u[a] > 0.0f ? u[a] : 0.0f;
      cu = cu < lim ? cu : lim;
      outside[a] = (u[a] - cu) * s->h;
      i0[a] = (int) cu;
      if (i0[a] > s->n[a] - 2)
        i0[a] = s->n[a] - 2;
      if (i0[a] < 0)
        i0[a] = 0;
      t[a] = cu - i0[a];
    }
  const size_t sy = (size_t) s->n[0], sz = sy * (size_t) s->n[1];
  const float *d = s->d + node_index (s, i0[0], i0[1], i0[2]);
  const float c[2][2][2] = { { { d[0], d[1] }, { d[sy], d[sy + 1] } }, { { d[sz], d[sz + 1] }, { d[sz + sy], d[sz + sy + 1] } } };
  float x0 = t[0], x1 = 1 - t[0], y0 = t[1], y1 = 1 - t[1], z0 = t[2], z1 = 1 - t[2];
  float c00 = c[0][0][0] * x1 + c[0][0][1] * x0, c01 = c[0][1][0] * x1 + c[0][1][1] * x0;
  float c10 = c[1][0][0] * x1 + c[1][0][1] * x0, c11 = c[1][1][0] * x1 + c[1][1][1] * x0;
  float cy0 = c00 * y1 + c01 * y0, cy1 = c10 * y1 + c11 * y0;
  float val = cy0 * z1 + cy1 * z0;
  float out_len = sqrtf (dot3 (outside, outside));
  if (grad_out)
    {
      if (out_len > 0)
        {
          for (int a = 0; a < 3; a++)
            grad_out[a] = outside[a] / out_len;
        }
      else
        {
          float gx0 = (c[0][0][1] - c[0][0][0]) * y1 + (c[0][1][1] - c[0][1][0]) * y0;
          float gx1 = (c[1][0][1] - c[1][0][0]) * y1 + (c[1][1][1] - c[1][1][0]) * y0;
          grad_out[0] = (gx0 * z1 + gx1 * z0) / s->h;
          grad_out[1] = ((c01 - c00) * z1 + (c11 - c10) * z0) / s->h;
          grad_out[2] = (cy1 - cy0) / s->h;
        }
    }
  return val + out_len;
}

void
at_sdf_get_grid (const AtSdf *s, int dims_out[3], float origin_out[3], float *cell_size_out)
{
  for (int a = 0; a < 3; a++)
    {
      dims_out[a] = s->n[a];
      origin_out[a] = s->origin[a];
    }
  *cell_size_out = s->h;
}

void
at_sdf_free (AtSdf *s)
{
  if (!s)
    return;
  free (s->d);
  free (s);
}

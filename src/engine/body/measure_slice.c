/* Plane sections of triangle meshes and their convex-hull perimeters: the
 * "tape measure" of the body module (a girth is the perimeter of the convex
 * hull of a section, CONTRACT.md).
 *
 * Method: each triangle whose vertices straddle the plane contributes one
 * segment between the crossings of two of its edges. A crossing is keyed by
 * its mesh edge (hash of the two vertex indices), so segments chain into
 * curves through shared edges, exactly and without tolerance on positions.
 * A vertex exactly on the plane counts as above it (symbolic perturbation),
 * which keeps every section a set of simple curves even when the plane
 * passes through a ring of vertices. Horizontal cuts visit only the
 * triangles of the height buckets they cross. Hull: Andrew's monotone
 * chain (A. M. Andrew, Inf. Proc. Letters 9(5), 1979). */
#include "body_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKET_SIZE 0.01f

struct AtSlicer {
  const AtMesh *mesh;
  float y0;
  int n_buckets;
  int *bucket_start; /* n_buckets + 1 offsets into bucket_tris */
  int *bucket_tris;
  int *vertex_bucket; /* each vertex's height bucket */
};

/* The height bucket of y, clamped to the slicer's range. */
static inline int
bucket_of (const AtSlicer *s, float y)
{
  float b = (y - s->y0) * (1.f / BUCKET_SIZE);
  return b < 0 ? 0 : b >= (float) (s->n_buckets - 1) ? s->n_buckets - 1 : (int) b;
}

/* The buckets a triangle's height span covers (bucket_of is monotonic:
 * those of its lowest and highest vertices). */
static inline void
triangle_buckets (const AtSlicer *s, const uint32_t *tri, int *b0, int *b1)
{
  int x = s->vertex_bucket[tri[0]], y = s->vertex_bucket[tri[1]], z = s->vertex_bucket[tri[2]];
  int lo = x < y ? x : y, hi = x < y ? y : x;
  *b0 = z < lo ? z : lo;
  *b1 = z > hi ? z : hi;
}

AtSlicer *
at_slicer_new (const AtMesh *mesh)
{
  AtSlicer *s = calloc (1, sizeof *s);
  if (!s)
    return NULL;
  s->mesh = mesh;
  const float *p = mesh->positions;
  float lo_y = INFINITY, hi_y = -INFINITY;
  for (int i = 0; i < mesh->vertex_count; i++)
    {
      float y = p[3 * i + 1];
      lo_y = y < lo_y ? y : lo_y;
      hi_y = y > hi_y ? y : hi_y;
    }
  s->y0 = lo_y;
  float extent = hi_y - lo_y;
  s->n_buckets = isfinite (extent) ? (int) (extent / BUCKET_SIZE) + 1 : 1;
  if (s->n_buckets > 1000000)
    s->n_buckets = 1000000;
  int nb = s->n_buckets, nt = mesh->triangle_count;
  s->bucket_start = calloc ((size_t) nb + 2, sizeof (int));
  s->vertex_bucket = malloc ((size_t) mesh->vertex_count * sizeof (int) + 1);
  int *span = malloc ((size_t) nt * 2 * sizeof (int) + 1), *fill = malloc (((size_t) nb + 1) * sizeof (int));
  if (!s->bucket_start || !s->vertex_bucket || !span || !fill)
    {
      free (span), free (fill);
      at_slicer_free (s);
      return NULL;
    }
  for (int i = 0; i < mesh->vertex_count; i++)
    s->vertex_bucket[i] = bucket_of (s, p[3 * i + 1]);
  /* Count, then fill one compact array. */
  for (int t = 0; t < nt; t++)
    {
      triangle_buckets (s, mesh->indices + 3 * t, &span[2 * t], &span[2 * t + 1]);
      for (int b = span[2 * t]; b <= span[2 * t + 1]; b++)
        s->bucket_start[b + 1]++;
    }
  for (int b = 0; b < nb; b++)
    s->bucket_start[b + 1] += s->bucket_start[b];
  s->bucket_tris = malloc (((size_t) s->bucket_start[nb] + 1) * sizeof (int));
  if (!s->bucket_tris)
    {
      free (span), free (fill);
      at_slicer_free (s);
      return NULL;
    }
  memcpy (fill, s->bucket_start, (size_t) nb * sizeof (int));
  for (int t = 0; t < nt; t++)
    for (int b = span[2 * t]; b <= span[2 * t + 1]; b++)
      s->bucket_tris[fill[b]++] = t;
  free (span), free (fill);
  return s;
}

void
at_slicer_free (AtSlicer *slicer)
{
  if (!slicer)
    return;
  free (slicer->bucket_start);
  free (slicer->bucket_tris);
  free (slicer->vertex_bucket);
  free (slicer);
}

void
at_slice_clear (AtSlice *slice)
{
  for (int i = 0; i < slice->count; i++)
    free (slice->loops[i].uv);
  free (slice->loops);
  memset (slice, 0, sizeof *slice);
}

typedef struct {
  uint64_t *keys;  /* edge key + 1, 0 = empty */
  int *ids;
  size_t mask;
} EdgeMap;

static int
edge_map_get (EdgeMap *m, uint32_t a, uint32_t b, int next_id, bool *is_new)
{
  uint64_t key = a < b ? ((uint64_t) a << 32 | b) : ((uint64_t) b << 32 | a);
  key += 1;
  size_t h = (size_t) ((key * 0x9E3779B97F4A7C15ull) >> 17) & m->mask;
  while (m->keys[h] && m->keys[h] != key)
    h = (h + 1) & m->mask;
  if (m->keys[h])
    {
      *is_new = false;
      return m->ids[h];
    }
  m->keys[h] = key;
  m->ids[h] = next_id;
  *is_new = true;
  return next_id;
}

static bool
slice_add_loop (AtSlice *out, float *uv, int count)
{
  if (out->count == out->capacity)
    {
      int cap = out->capacity ? out->capacity * 2 : 8;
      AtSliceLoop *grown = realloc (out->loops, (size_t) cap * sizeof *grown);
      if (!grown)
        return false;
      out->loops = grown;
      out->capacity = cap;
    }
  AtSliceLoop *l = &out->loops[out->count++];
  l->uv = uv;
  l->count = count;
  l->min[0] = l->min[1] = INFINITY;
  l->max[0] = l->max[1] = -INFINITY;
  double cu = 0, cv = 0;
  for (int i = 0; i < count; i++)
    {
      for (int k = 0; k < 2; k++)
        {
          l->min[k] = fminf (l->min[k], uv[2 * i + k]);
          l->max[k] = fmaxf (l->max[k], uv[2 * i + k]);
        }
      cu += uv[2 * i], cv += uv[2 * i + 1];
    }
  l->centroid[0] = (float) (cu / count);
  l->centroid[1] = (float) (cv / count);
  return true;
}

static bool
cut_triangles (const AtSlicer *s, const int *tris, int n_tris, const float o[3], const float n[3],
               const float u[3], AtSlice *out)
{
  at_slice_clear (out);
  const AtMesh *mesh = s->mesh;
  const float *p = mesh->positions;
  float v[3] = { n[1] * u[2] - n[2] * u[1], n[2] * u[0] - n[0] * u[2], n[0] * u[1] - n[1] * u[0] };
  size_t cap = 16;
  while (cap < (size_t) n_tris * 4 + 16)
    cap <<= 1;
  EdgeMap map = { calloc (cap, sizeof (uint64_t)), malloc (cap * sizeof (int)), cap - 1 };
  size_t max_x = (size_t) n_tris * 2 + 2;
  float *xuv = malloc (max_x * 2 * sizeof (float));
  int *nb = malloc (max_x * 2 * sizeof (int));
  bool ok = map.keys && map.ids && xuv && nb;
  int nx = 0;
  for (int i = 0; ok && i < n_tris; i++)
    {
      int t = tris ? tris[i] : i;
      const uint32_t *tri = mesh->indices + 3 * t;
      float d[3];
      for (int k = 0; k < 3; k++)
        {
          const float *q = p + 3 * tri[k];
          d[k] = (q[0] - o[0]) * n[0] + (q[1] - o[1]) * n[1] + (q[2] - o[2]) * n[2];
        }
      int above = (d[0] >= 0) + (d[1] >= 0) + (d[2] >= 0);
      if (above == 0 || above == 3)
        continue;
      int ends[2], ne = 0;
      for (int k = 0; k < 3; k++)
        {
          int k2 = (k + 1) % 3;
          if ((d[k] >= 0) == (d[k2] >= 0))
            continue;
          bool is_new;
          int id = edge_map_get (&map, tri[k], tri[k2], nx, &is_new);
          if (is_new)
            {
              const float *a = p + 3 * tri[k], *b = p + 3 * tri[k2];
              float tt = d[k] / (d[k] - d[k2]);
              float q[3];
              for (int c = 0; c < 3; c++)
                q[c] = a[c] + tt * (b[c] - a[c]) - o[c];
              xuv[2 * nx] = q[0] * u[0] + q[1] * u[1] + q[2] * u[2];
              xuv[2 * nx + 1] = q[0] * v[0] + q[1] * v[1] + q[2] * v[2];
              nb[2 * nx] = nb[2 * nx + 1] = -1;
              nx++;
            }
          ends[ne++] = id;
        }
      /* Link the two crossings; a third link (non-manifold scan edge) is dropped. */
      for (int e = 0; e < 2; e++)
        {
          int a = ends[e], b = ends[1 - e];
          if (nb[2 * a] < 0)
            nb[2 * a] = b;
          else if (nb[2 * a + 1] < 0 && nb[2 * a] != b)
            nb[2 * a + 1] = b;
        }
    }
  char *seen = ok ? calloc ((size_t) nx + 1, 1) : NULL;
  ok = ok && seen;
  /* Open chains first (from an end), then closed loops. */
  for (int pass = 0; ok && pass < 2; pass++)
    for (int start = 0; ok && start < nx; start++)
      {
        if (seen[start] || (pass == 0 && nb[2 * start + 1] >= 0))
          continue;
        int len = 0, cur = start, prev = -1;
        float *uv = malloc (((size_t) nx + 1) * 2 * sizeof (float));
        if (!uv)
          {
            ok = false;
            break;
          }
        while (cur >= 0 && !seen[cur])
          {
            seen[cur] = 1;
            uv[2 * len] = xuv[2 * cur];
            uv[2 * len + 1] = xuv[2 * cur + 1];
            len++;
            int next = nb[2 * cur] != prev ? nb[2 * cur] : nb[2 * cur + 1];
            if (next == prev && nb[2 * cur] == nb[2 * cur + 1])
              next = -1;
            prev = cur;
            cur = next;
          }
        float *shrunk = realloc (uv, (size_t) len * 2 * sizeof (float));
        if (!slice_add_loop (out, shrunk ? shrunk : uv, len))
          {
            free (shrunk ? shrunk : uv);
            ok = false;
          }
      }
  free (seen);
  free (map.keys);
  free (map.ids);
  free (xuv);
  free (nb);
  return ok;
}

bool
at_slicer_cut (const AtSlicer *slicer, const float origin[3], const float n[3], const float u_axis[3],
               float radius, AtSlice *out)
{
  /* Only triangles that straddle the plane within radius of the origin:
   * those of the height buckets within radius, each once (from the
   * lowest of its buckets in that range). */
  const AtMesh *mesh = slicer->mesh;
  const float *p = mesh->positions;
  int lo = bucket_of (slicer, origin[1] - radius), hi = bucket_of (slicer, origin[1] + radius);
  int *tris = malloc (((size_t) (slicer->bucket_start[hi + 1] - slicer->bucket_start[lo])) * sizeof (int) + 1);
  if (!tris)
    return false;
  int nt = 0;
  float r2 = radius * radius;
  for (int b = lo; b <= hi; b++)
    for (int i = slicer->bucket_start[b]; i < slicer->bucket_start[b + 1]; i++)
      {
        int t = slicer->bucket_tris[i], b0, b1;
        const uint32_t *tri = mesh->indices + 3 * t;
        triangle_buckets (slicer, tri, &b0, &b1);
        if ((b0 > lo ? b0 : lo) != b)
          continue;
        /* (Distance first: most triangles of these heights lie far off.) */
        const float *q = p + 3 * tri[0];
        float dx = q[0] - origin[0], dy = q[1] - origin[1], dz = q[2] - origin[2];
        if (!(dx * dx + dy * dy + dz * dz < r2))
          continue;
        int above = 0;
        for (int k = 0; k < 3; k++)
          {
            const float *c = p + 3 * tri[k];
            above += (c[0] - origin[0]) * n[0] + (c[1] - origin[1]) * n[1] + (c[2] - origin[2]) * n[2] >= 0;
          }
        if (above != 0 && above != 3)
          tris[nt++] = t;
      }
  bool ok = cut_triangles (slicer, tris, nt, origin, n, u_axis, out);
  free (tris);
  return ok;
}

bool
at_slicer_cut_y (const AtSlicer *slicer, float y, AtSlice *out)
{
  float fb = (y - slicer->y0) * (1.f / BUCKET_SIZE);
  int b = bucket_of (slicer, y);
  if (!(fb >= 0) || fb >= (float) slicer->n_buckets)
    {
      at_slice_clear (out);
      return true;
    }
  const float o[3] = { 0, y, 0 }, n[3] = { 0, 1, 0 }, u[3] = { 1, 0, 0 };
  int first = slicer->bucket_start[b];
  /* v = n x u = -z; flip back so v is +z (front). */
  bool ok = cut_triangles (slicer, slicer->bucket_tris + first, slicer->bucket_start[b + 1] - first, o, n, u, out);
  for (int i = 0; ok && i < out->count; i++)
    {
      AtSliceLoop *l = &out->loops[i];
      for (int k = 0; k < l->count; k++)
        l->uv[2 * k + 1] = -l->uv[2 * k + 1];
      float t = l->min[1];
      l->min[1] = -l->max[1];
      l->max[1] = -t;
      l->centroid[1] = -l->centroid[1];
    }
  return ok;
}

static int
cmp_point (const void *a, const void *b)
{
  const float *p = a, *q = b;
  if (p[0] != q[0])
    return p[0] < q[0] ? -1 : 1;
  return (p[1] > q[1]) - (p[1] < q[1]);
}

static double
cross (const float *o, const float *a, const float *b)
{
  return ((double) a[0] - o[0]) * ((double) b[1] - o[1]) - ((double) a[1] - o[1]) * ((double) b[0] - o[0]);
}

double
at_slice_hull_perimeter (const AtSlice *slice, const int *loops, int n_loops)
{
  int n = 0;
  for (int i = 0; i < n_loops; i++)
    n += slice->loops[loops[i]].count;
  if (n < 2)
    return 0;
  float *pts = malloc ((size_t) n * 2 * sizeof (float));
  float *hull = malloc (((size_t) n * 2 + 2) * 2 * sizeof (float));
  if (!pts || !hull)
    {
      free (pts);
      free (hull);
      return NAN;
    }
  int m = 0;
  for (int i = 0; i < n_loops; i++)
    {
      const AtSliceLoop *l = &slice->loops[loops[i]];
      memcpy (pts + 2 * m, l->uv, (size_t) l->count * 2 * sizeof (float));
      m += l->count;
    }
  qsort (pts, (size_t) n, 2 * sizeof (float), cmp_point);
  int k = 0;
  for (int i = 0; i < n; i++)
    {
      while (k >= 2 && cross (hull + 2 * (k - 2), hull + 2 * (k - 1), pts + 2 * i) <= 0)
        k--;
      memcpy (hull + 2 * k++, pts + 2 * i, 2 * sizeof (float));
    }
  for (int i = n - 2, lower = k + 1; i >= 0; i--)
    {
      while (k >= lower && cross (hull + 2 * (k - 2), hull + 2 * (k - 1), pts + 2 * i) <= 0)
        k--;
      memcpy (hull + 2 * k++, pts + 2 * i, 2 * sizeof (float));
    }
  double perimeter = 0;
  for (int i = 0; i + 1 < k; i++)
    perimeter += hypot ((double) hull[2 * i + 2] - hull[2 * i], (double) hull[2 * i + 3] - hull[2 * i + 1]);
  free (pts);
  free (hull);
  return perimeter;
}

/* Curves smaller than this are scan noise, not body parts. */
static bool
loop_is_part (const AtSliceLoop *l)
{
  return l->count >= 3 && hypotf (l->max[0] - l->min[0], l->max[1] - l->min[1]) > 0.01f;
}

int
at_slice_torso_loops (const AtSlice *slice, int out[2])
{
  int best = -1;
  for (int i = 0; i < slice->count; i++)
    {
      const AtSliceLoop *l = &slice->loops[i];
      if (loop_is_part (l) && l->min[0] <= 0 && l->max[0] >= 0
          && (best < 0 || l->max[0] - l->min[0] > slice->loops[best].max[0] - slice->loops[best].min[0]))
        best = i;
    }
  if (best >= 0)
    {
      out[0] = best;
      return 1;
    }
  int left = -1, right = -1;
  for (int i = 0; i < slice->count; i++)
    {
      const AtSliceLoop *l = &slice->loops[i];
      if (!loop_is_part (l))
        continue;
      if (l->centroid[0] > 0 && (left < 0 || l->centroid[0] < slice->loops[left].centroid[0]))
        left = i;
      if (l->centroid[0] < 0 && (right < 0 || l->centroid[0] > slice->loops[right].centroid[0]))
        right = i;
    }
  int n = 0;
  if (left >= 0)
    out[n++] = left;
  if (right >= 0)
    out[n++] = right;
  return n;
}

int
at_slice_left_leg_loop (const AtSlice *slice)
{
  int best = -1;
  for (int i = 0; i < slice->count; i++)
    {
      const AtSliceLoop *l = &slice->loops[i];
      if (loop_is_part (l) && l->centroid[0] > 0 && (best < 0 || l->centroid[0] < slice->loops[best].centroid[0]))
        best = i;
    }
  return best;
}

int
at_slice_nearest_loop (const AtSlice *slice, float u, float v)
{
  int best = -1;
  float best_d = INFINITY;
  for (int i = 0; i < slice->count; i++)
    {
      const AtSliceLoop *l = &slice->loops[i];
      float d = hypotf (l->centroid[0] - u, l->centroid[1] - v);
      if (loop_is_part (l) && d < best_d)
        best_d = d, best = i;
    }
  return best;
}

bool
at_body_level_fill (const AtSlicer *slicer, float y, AtBodyLevel *level)
{
  AtSlice slice = { 0 };
  int loops[2];
  bool ok = at_slicer_cut_y (slicer, y, &slice);
  int n = ok ? at_slice_torso_loops (&slice, loops) : 0;
  memset (level, 0, sizeof *level);
  level->y = y;
  float ext[4][2] = { { 0, -INFINITY }, { 0, INFINITY }, { -INFINITY, 0 }, { INFINITY, 0 } };
  for (int i = 0; i < n; i++)
    {
      const AtSliceLoop *l = &slice.loops[loops[i]];
      for (int k = 0; k < l->count; k++)
        {
          const float *q = l->uv + 2 * k;
          if (q[1] > ext[0][1])
            memcpy (ext[0], q, sizeof ext[0]);
          if (q[1] < ext[1][1])
            memcpy (ext[1], q, sizeof ext[1]);
          if (q[0] > ext[2][0])
            memcpy (ext[2], q, sizeof ext[2]);
          if (q[0] < ext[3][0])
            memcpy (ext[3], q, sizeof ext[3]);
        }
    }
  float *dst[4] = { level->front, level->back, level->left, level->right };
  for (int e = 0; e < 4 && n > 0; e++)
    {
      dst[e][0] = ext[e][0];
      dst[e][1] = y;
      dst[e][2] = ext[e][1];
    }
  at_slice_clear (&slice);
  return n > 0;
}

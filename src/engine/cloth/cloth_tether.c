/* Long-range strain limits ("tethers") for near-inextensible fabrics.
 *
 * Gauss-Seidel sweeps move tension about one edge per sweep, so a stiff
 * woven hanging 50 edges below a contact stays visibly over-stretched for
 * hundreds of substeps (the slow low-frequency convergence that
 * hierarchical PBD, Müller 2008, and long range attachments, Kim, Chentanez
 * & Müller 2012, address). We add, for every vertex, unilateral
 * constraints to the vertices about 4 and 16 edges away along the weft and
 * warp in the flat pattern: |x_i - x_j| <= (1 + s) |X_i - X_j|. They are
 * inactive whenever the cloth is not stretched (folding, draping over a
 * body only brings points closer than on the flat pattern, since a chord is
 * never longer than the geodesic), so they never add bending resistance;
 * they only cut off over-stretching that the local springs cannot remove
 * quickly. The slack s is the strain the fabric itself would reach holding
 * two metres of its own weight in that direction (at least 1 %), so soft
 * knits keep their stretch. A tether is made only when the straight segment
 * between its ends lies inside the panel (every sample point near a vertex
 * of the same panel), so concave pattern notches cannot be bridged. Meshes
 * without pattern coordinates get no tethers. */
#include "cloth_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int size;     /* power of two */
  float cell;
  int *start;   /* size + 1 */
  int *items;   /* vertices, grouped by bucket */
} RestHash;

static inline uint32_t
bucket_of (const RestHash *h, float u, float v)
{
  int iu = (int) floorf (u / h->cell), iv = (int) floorf (v / h->cell);
  return ((uint32_t) iu * 73856093u ^ (uint32_t) iv * 19349663u) & (uint32_t) (h->size - 1);
}

static bool
rest_hash_build (RestHash *h, const AtCloth *c, float cell)
{
  h->size = 1;
  while (h->size < 2 * c->n)
    h->size <<= 1;
  h->cell = cell;
  h->start = calloc ((size_t) h->size + 1, sizeof *h->start);
  h->items = malloc ((size_t) c->n * sizeof *h->items);
  if (!h->start || !h->items)
    return false;
  for (int i = 0; i < c->n; i++)
    h->start[bucket_of (h, c->rest[3 * i], c->rest[3 * i + 1]) + 1]++;
  for (int b = 0; b < h->size; b++)
    h->start[b + 1] += h->start[b];
  int *fill = malloc ((size_t) h->size * sizeof *fill);
  if (!fill)
    return false;
  memcpy (fill, h->start, (size_t) h->size * sizeof *fill);
  for (int i = 0; i < c->n; i++)
    h->items[fill[bucket_of (h, c->rest[3 * i], c->rest[3 * i + 1])]++] = i;
  free (fill);
  return true;
}

/* Nearest vertex of component comp to (u, v) within radius, or -1. */
static int
rest_hash_nearest (const RestHash *h, const AtCloth *c, float u, float v, int comp, float radius)
{
  int best = -1;
  float best2 = radius * radius;
  int iu = (int) floorf (u / h->cell), iv = (int) floorf (v / h->cell);
  int reach = (int) ceilf (radius / h->cell);
  for (int dv = -reach; dv <= reach; dv++)
    for (int du = -reach; du <= reach; du++)
      {
        uint32_t b = bucket_of (h, (iu + du + 0.5f) * h->cell, (iv + dv + 0.5f) * h->cell);
        for (int s = h->start[b]; s < h->start[b + 1]; s++)
          {
            int j = h->items[s];
            if (c->component[j] != comp)
              continue;
            float du2 = c->rest[3 * j] - u, dv2 = c->rest[3 * j + 1] - v;
            float d2 = du2 * du2 + dv2 * dv2;
            if (d2 < best2 || (d2 == best2 && j < best))
              {
                best2 = d2;
                best = j;
              }
          }
      }
  return best;
}

static double
tether_slack (const AtFabric *f, bool along_warp)
{
  double k = along_warp ? f->stretch_warp : f->stretch_weft;
  double s = f->density_gsm * 1e-3 * 9.81 * 2.0 / k;
  return fmin (fmax (s, 0.01), 0.5);
}

AtStatus
at_cloth_build_tethers (AtCloth *c, AtError *err)
{
  c->tether = NULL;
  memset (&c->tether_col, 0, sizeof c->tether_col);
  if (!c->has_uv)
    return AT_OK;
  double mean_edge = 0;
  for (int e = 0; e < c->stretch_col.count; e++)
    mean_edge += c->stretch[e].rest;
  mean_edge /= c->stretch_col.count > 0 ? c->stretch_col.count : 1;
  static const float levels[] = { 4.0f, 16.0f };
  const int per_vertex = 2 * (int) (sizeof levels / sizeof levels[0]);
  RestHash h = { 0 };
  c->tether = malloc ((size_t) c->n * per_vertex * sizeof *c->tether);
  bool ok = c->tether && rest_hash_build (&h, c, c->max_edge);
  int count = 0;
  float near = c->max_edge;
  for (int i = 0; ok && i < c->n; i++)
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++)
      for (int dir = 0; dir < 2; dir++)
        {
          float L = levels[l] * (float) mean_edge;
          float u0 = c->rest[3 * i], v0 = c->rest[3 * i + 1];
          float du = dir == 0 ? L : 0, dv = dir == 0 ? 0 : L;
          int j = rest_hash_nearest (&h, c, u0 + du, v0 + dv, c->component[i], 0.5f * near);
          if (j < 0 || j == i)
            continue;
          float uj = c->rest[3 * j], vj = c->rest[3 * j + 1];
          float len = sqrtf ((uj - u0) * (uj - u0) + (vj - v0) * (vj - v0));
          int samples = (int) ceilf (len / (float) mean_edge);
          bool inside = true;
          for (int s = 1; s < samples && inside; s++)
            {
              float t = (float) s / (float) samples;
              inside = rest_hash_nearest (&h, c, u0 + t * (uj - u0), v0 + t * (vj - v0), c->component[i], near) >= 0;
            }
          if (!inside)
            continue;
          double slack = tether_slack (&c->def.fabric, dir == 1);
          float limit = (float) ((1.0 + slack) * len);
          c->tether[count++] = (AtStretch) { i, j, limit, 0.0f, limit, 0.0f };
        }
  free (h.start);
  free (h.items);
  int *first = malloc ((size_t) (count + 1) * sizeof *first);
  int *verts = malloc ((size_t) (2 * count + 1) * sizeof *verts);
  ok = ok && first && verts;
  if (ok)
    {
      for (int k = 0; k < count; k++)
        {
          first[k] = 2 * k;
          verts[2 * k] = c->tether[k].i;
          verts[2 * k + 1] = c->tether[k].j;
        }
      first[count] = 2 * count;
      ok = at_cloth_schedule_constraints (c, c->tether, sizeof *c->tether, count, first, verts, &c->tether_col);
    }
  free (first);
  free (verts);
  return ok ? AT_OK : at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory for tethers");
}

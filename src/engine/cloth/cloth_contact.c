/* Cloth contacts: bodies and self-collision, as XPBD position constraints.
 *
 * Bodies (sphere, plane, capsule, signed distance field) are one-sided
 * constraints phi(x) >= thickness solved per vertex every substep, so the
 * cloth rests one fabric thickness off the skin: once on the predicted
 * positions, once after the other constraints.
 * Friction is Coulomb's, with the normal force read from the contact's own
 * correction, as in Macklin et al., "Unified Particle Physics for
 * Real-Time Applications" (SIGGRAPH 2014, sec. 6.1): the tangential
 * displacement relative to the (moving) body over the substep is removed
 * when it is below mu times the penetration depth (static), else reduced by
 * that amount (kinetic). On the predicted positions the depth is the
 * vertex's own inertia and weight, and the displacement is removed from the
 * position. After the constraints the depth is how far the cloth's tension
 * pulled the vertex into the body (the pressure of a cloth wrapped round
 * it), and the displacement is removed from the velocity only (Müller et
 * al., "Detailed Rigid Body Simulation with Extended Position Based
 * Dynamics", SCA 2020, sec. 3.6): removing it from the position would undo
 * the constraints' corrections and freeze the stretch the cloth landed
 * with. Without the pressure term friction weakened as the substeps
 * shrank, and the sphere scene's cloth slid off the sphere at N = 12 and
 * 16 (8 substeps) and at 32 and 64 substeps (N = 64); with it the cloth
 * holds in all of them (at 64 substeps with the self-contacts' bound on
 * separation below), and at N = 64 and 128 (8 substeps) the final strain
 * is about the same (14.1 -> 14.2 %, 24.5 -> 25.1 %). Garments (bench
 * drape): strain p99 within -1.9 .. +2.6 points, seams closed.
 *
 * Self-collision: vertex-triangle proximity with remembered sides, in the
 * spirit of Bridson, Fedkiw & Anderson, "Robust Treatment of Collisions,
 * Contact and Friction for Cloth Animation" (SIGGRAPH 2002) and the
 * continuous-side bookkeeping of Baraff, Witkin & Kass, "Untangling Cloth"
 * (2003): once per frame a spatial hash of vertices is queried with every
 * triangle's box for the vertices near it that are far from it on the rest
 * mesh; the side of the triangle the vertex is on at the frame start is
 * stored, and every substep a one-sided constraint keeps it on that side at
 * least the contact distance away. Overlap that was already there when the
 * substep began (a layer the constraints pressed in, or one that started
 * inside) is taken out at no more than one contact distance a frame, the
 * cloth's counterpart of a rigid-body engine's maximum depenetration
 * velocity: taken out in full every substep, 1 mm left the substep at
 * 1 mm / h, 4 m/s at 64 substeps, so more substeps pumped in energy. Before
 * the bound the sphere scene's cloth flew up and slid off at 64 substeps
 * (N = 64; at N = 32 it ended at 24 % strain, 2 cm above the sphere's top);
 * with it, 8.1 and 9.0 % on the sphere. At 8 substeps the bound costs a
 * little (N = 64: 14.2 -> 15.5 %; N = 128: 25.1 -> 25.2 %).
 * "Near" is the contact distance plus
 * each side's own reach (its motion over the last frame): each vertex sits
 * in every hash cell its reach overlaps, and each triangle's box grows by
 * its corners' reach only (the fastest vertex's motion for all searched a
 * cloth at rest as widely as its one swinging corner). A patch broad phase
 * (cloth_patch.c) skips triangles and vertices of patches that cannot meet.
 * Querying per triangle visits each vertex-triangle pair once (a per-vertex
 * query meets each triangle through all three of its vertices); hash
 * entries carry the vertex's position and cells, so a bucket is read in
 * order. Detection fills fixed triangle chunks joined in order, so the
 * contact list does not depend on the thread count or timing.
 * Measured (bench cloth-sphere, N = 64, one thread, instructions counted by
 * callgrind over the 240 frames): self-contacts (search, hash, patches)
 * 5.98 G -> 5.00 G; whole run 21.7 G -> 18.5 G with the solver changes of
 * cloth_step.c and the sphere's squared-distance test below; the search
 * 4.13 G -> 3.57 G with each hash entry's box tested before its cells. */
#include "cloth_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AT_CONTACTS_PER_VERTEX 6

/* Distance and outward normal of collider k, moved by offset, at x. */
static float
collider_distance (const AtCollider *k, const float offset[3], const float x[3], float n[3])
{
  float p[3] = { x[0] - offset[0], x[1] - offset[1], x[2] - offset[2] };
  float d[3], len;
  switch (k->kind)
    {
    case AT_COLLIDER_PLANE:
      memcpy (n, k->b, 3 * sizeof *n);
      return (p[0] - k->a[0]) * n[0] + (p[1] - k->a[1]) * n[1] + (p[2] - k->a[2]) * n[2];
    case AT_COLLIDER_SDF:
      {
        float dist = at_sdf_sample (k->sdf, p, n);
        len = sqrtf (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        if (len < 1e-6f)
          {
            n[0] = 0, n[1] = 1, n[2] = 0;
            return dist;
          }
        for (int a = 0; a < 3; a++)
          n[a] /= len;
        return dist;
      }
    case AT_COLLIDER_CAPSULE:
      {
        float ab[3], ap[3], t = 0, ab2 = 0;
        for (int a = 0; a < 3; a++)
          {
            ab[a] = k->b[a] - k->a[a];
            ap[a] = p[a] - k->a[a];
            t += ab[a] * ap[a];
            ab2 += ab[a] * ab[a];
          }
        t = ab2 > 0 ? fminf (fmaxf (t / ab2, 0.0f), 1.0f) : 0.0f;
        for (int a = 0; a < 3; a++)
          d[a] = p[a] - (k->a[a] + t * ab[a]);
        break;
      }
    case AT_COLLIDER_SPHERE:
    default:
      for (int a = 0; a < 3; a++)
        d[a] = p[a] - k->a[a];
      break;
    }
  len = sqrtf (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  if (len < 1e-9f)
    {
      n[0] = 0, n[1] = 1, n[2] = 0;
      return -k->radius;
    }
  for (int a = 0; a < 3; a++)
    n[a] = d[a] / len;
  return len - k->radius;
}

void
at_cloth_collide_bodies (AtCloth *c, float h, float t, int lo, int hi, bool predicted)
{
  if (c->ncolliders == 0)
    return;
  float moved[AT_CLOTH_MAX_COLLIDERS][3];
  for (int k = 0; k < c->ncolliders; k++)
    for (int a = 0; a < 3; a++)
      moved[k][a] = c->colliders[k].offset_from[a] + t * (c->colliders[k].offset_to[a] - c->colliders[k].offset_from[a]);
  float mu = (float) c->def.fabric.friction;
  float offset = c->thickness;
  /* Read once: stores through x could alias the cloth's fields. */
  const int ncol = c->ncolliders;
  const AtCollider *cols = c->colliders;
  const float *w = c->w;
  float *xs = c->x;
  float *x_prev = c->x_prev;
  for (int i = lo; i < hi; i++)
    {
      if (w[i] <= 0)
        continue;
      float *x = xs + 3 * i;
      const float *xp = x_prev + 3 * i;
      for (int k = 0; k < ncol; k++)
        {
          const AtCollider *col = &cols[k];
          if (col->kind == AT_COLLIDER_SPHERE)
            {
              /* Most vertices are clear of a sphere: a squared distance
               * tells without the root and the normal. */
              float r = col->radius + offset + col->skin_offset;
              float d0 = x[0] - moved[k][0] - col->a[0], d1 = x[1] - moved[k][1] - col->a[1],
                    d2 = x[2] - moved[k][2] - col->a[2];
              if (d0 * d0 + d1 * d1 + d2 * d2 >= r * r)
                continue;
            }
          float nrm[3];
          float phi = collider_distance (col, moved[k], x, nrm);
          float depth = offset + col->skin_offset - phi;
          if (!(depth > 0))
            continue;
          for (int a = 0; a < 3; a++)
            x[a] += depth * nrm[a];
          if (col->kind == AT_COLLIDER_SDF)
            {
              /* A sampled field's gradient only points the way out
               * approximately where the body folds (crotch, armpit): one
               * step along it left 2 of the man's trousers' 6,468 vertices
               * under the skin at rest; a second step from there, none. */
              float again[3];
              float rest = offset + col->skin_offset - collider_distance (col, moved[k], x, again);
              for (int a = 0; a < 3 && rest > 0; a++)
                x[a] += rest * again[a];
            }
          float dx[3], dn = 0;
          for (int a = 0; a < 3; a++)
            {
              dx[a] = x[a] - xp[a] - col->velocity[a] * h;
              dn += dx[a] * nrm[a];
            }
          float tang[3], tl2 = 0;
          for (int a = 0; a < 3; a++)
            {
              tang[a] = dx[a] - dn * nrm[a];
              tl2 += tang[a] * tang[a];
            }
          float tl = sqrtf (tl2), lim = mu * depth;
          float f = tl <= lim ? 1.0f : lim / tl;
          /* The substep's velocity will be (x - x_prev) / h: moving x_prev
           * takes the friction off the velocity and leaves x in place. */
          float *moved_from = predicted ? x : x_prev + 3 * i;
          float sign = predicted ? -1.0f : 1.0f;
          for (int a = 0; a < 3; a++)
            moved_from[a] += sign * f * tang[a];
        }
    }
}

/* Closest point of triangle abc to p as barycentric weights. */
static void
closest_barycentric (const float p[3], const float *a, const float *b, const float *cc, float bary[3])
{
  float ab[3], ac[3], ap[3], bp[3], cp[3];
  for (int k = 0; k < 3; k++)
    {
      ab[k] = b[k] - a[k];
      ac[k] = cc[k] - a[k];
      ap[k] = p[k] - a[k];
      bp[k] = p[k] - b[k];
      cp[k] = p[k] - cc[k];
    }
#define DOT(u, v) ((u)[0] * (v)[0] + (u)[1] * (v)[1] + (u)[2] * (v)[2])
  float d1 = DOT (ab, ap), d2 = DOT (ac, ap), d3 = DOT (ab, bp), d4 = DOT (ac, bp), d5 = DOT (ab, cp), d6 = DOT (ac, cp);
#undef DOT
  float vc = d1 * d4 - d3 * d2, vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
  float v, w;
  if (d1 <= 0 && d2 <= 0)
    v = 0, w = 0;
  else if (d3 >= 0 && d4 <= d3)
    v = 1, w = 0;
  else if (vc <= 0 && d1 >= 0 && d3 <= 0)
    v = d1 / (d1 - d3), w = 0;
  else if (d6 >= 0 && d5 <= d6)
    v = 0, w = 1;
  else if (vb <= 0 && d2 >= 0 && d6 <= 0)
    v = 0, w = d2 / (d2 - d6);
  else if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0)
    w = (d4 - d3) / ((d4 - d3) + (d5 - d6)), v = 1 - w;
  else
    {
      float den = 1.0f / (va + vb + vc);
      v = vb * den;
      w = vc * den;
    }
  bary[0] = 1 - v - w;
  bary[1] = v;
  bary[2] = w;
}

/* True when p's projection along n onto triangle abc has every barycentric
 * coordinate above tol. */
static bool
projects_inside (const float p[3], const float *a, const float *b, const float *cc, const float n[3], float tol)
{
  float ab[3], ac[3], ap[3];
  for (int k = 0; k < 3; k++)
    {
      ab[k] = b[k] - a[k];
      ac[k] = cc[k] - a[k];
      ap[k] = p[k] - a[k];
    }
  /* Signed areas against the normal give unnormalised barycentrics. */
  float area = n[0] * (ab[1] * ac[2] - ab[2] * ac[1]) + n[1] * (ab[2] * ac[0] - ab[0] * ac[2]) + n[2] * (ab[0] * ac[1] - ab[1] * ac[0]);
  if (!(area > 0))
    return false;
  float v = (n[0] * (ap[1] * ac[2] - ap[2] * ac[1]) + n[1] * (ap[2] * ac[0] - ap[0] * ac[2]) + n[2] * (ap[0] * ac[1] - ap[1] * ac[0])) / area;
  float w = (n[0] * (ab[1] * ap[2] - ab[2] * ap[1]) + n[1] * (ab[2] * ap[0] - ab[0] * ap[2]) + n[2] * (ab[0] * ap[1] - ab[1] * ap[0])) / area;
  return v > tol && w > tol && 1 - v - w > tol;
}

static void
triangle_normal (const AtCloth *c, int t, float n[3])
{
  const float *a = c->x + 3 * c->tris[3 * t], *b = c->x + 3 * c->tris[3 * t + 1], *d = c->x + 3 * c->tris[3 * t + 2];
  float e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] }, e2[3] = { d[0] - a[0], d[1] - a[1], d[2] - a[2] };
  n[0] = e1[1] * e2[2] - e1[2] * e2[1];
  n[1] = e1[2] * e2[0] - e1[0] * e2[2];
  n[2] = e1[0] * e2[1] - e1[1] * e2[0];
  float len = sqrtf (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  float inv = len > 0 ? 1.0f / len : 0.0f;
  for (int k = 0; k < 3; k++)
    n[k] *= inv;
}

/* Contact distance between layers: two fabric thicknesses, but at least
 * 2 mm so a substep's motion cannot skip across it. */
static float
self_distance (const AtCloth *c)
{
  return fmaxf (2.0f * c->thickness, 0.002f);
}

static inline uint32_t
cell_hash (int ix, int iy, int iz, int mask)
{
  return ((uint32_t) ix * 73856093u ^ (uint32_t) iy * 19349663u ^ (uint32_t) iz * 83492791u) & (uint32_t) mask;
}

/* Buckets of vertices by grid cell. Each vertex goes into every cell its
 * own reach (how far it may move this frame) overlaps, and keeps the range
 * of those cells, so a query can drop vertices of other cells sharing a
 * bucket and take each vertex once. */
static bool
build_vertex_hash (AtCloth *c, float cell)
{
  int size = 1;
  while (size < 2 * c->n)
    size <<= 1;
  if (size != c->hash_size)
    {
      free (c->hash_start);
      free (c->vertex_cell);
      c->hash_start = malloc ((size_t) (size + 1) * sizeof *c->hash_start);
      c->vertex_cell = malloc ((size_t) 6 * c->n * sizeof *c->vertex_cell);
      if (!c->hash_start || !c->vertex_cell)
        {
          c->hash_size = 0;
          return false;
        }
      c->hash_size = size;
    }
  memset (c->hash_start, 0, (size_t) (size + 1) * sizeof *c->hash_start);
  int total = 0;
  for (int i = 0; i < c->n; i++)
    {
      int *cc = c->vertex_cell + 6 * i;
      for (int a = 0; a < 3; a++)
        {
          cc[a] = (int) floorf ((c->x[3 * i + a] - c->motion[i]) / cell);
          cc[3 + a] = (int) floorf ((c->x[3 * i + a] + c->motion[i]) / cell);
        }
      for (int iz = cc[2]; iz <= cc[5]; iz++)
        for (int iy = cc[1]; iy <= cc[4]; iy++)
          for (int ix = cc[0]; ix <= cc[3]; ix++)
            {
              c->hash_start[cell_hash (ix, iy, iz, size - 1) + 1]++;
              total++;
            }
    }
  if (total > c->hash_cap)
    {
      free (c->hash_items);
      c->hash_items = malloc ((size_t) total * sizeof *c->hash_items);
      c->hash_cap = c->hash_items ? total : 0;
      if (!c->hash_items)
        return false;
    }
  for (int b = 0; b < size; b++)
    c->hash_start[b + 1] += c->hash_start[b];
  /* Fill back to front so each bucket keeps vertex order. */
  for (int i = c->n - 1; i >= 0; i--)
    {
      const int *cc = c->vertex_cell + 6 * i;
      for (int iz = cc[2]; iz <= cc[5]; iz++)
        for (int iy = cc[1]; iy <= cc[4]; iy++)
          for (int ix = cc[0]; ix <= cc[3]; ix++)
            {
              AtHashEntry *e = &c->hash_items[--c->hash_start[cell_hash (ix, iy, iz, size - 1) + 1]];
              memcpy (e->x, c->x + 3 * i, sizeof e->x);
              e->reach = c->motion[i];
              e->vertex = i;
              memcpy (e->cells, cc, sizeof e->cells);
            }
    }
  /* hash_start[b + 1] was decremented to the bucket's start; shift back. */
  memmove (c->hash_start, c->hash_start + 1, (size_t) size * sizeof *c->hash_start);
  c->hash_start[size] = total;
  return true;
}

/* Appends to one chunk's contact buffer; false when out of memory. */
static bool
chunk_push (AtContactChunk *ch, const AtSelfContact *ct)
{
  if (ch->count == ch->cap)
    {
      int cap = ch->cap ? 2 * ch->cap : 64;
      AtSelfContact *grown = realloc (ch->items, (size_t) cap * sizeof *grown);
      if (!grown)
        return false;
      ch->items = grown;
      ch->cap = cap;
    }
  ch->items[ch->count++] = *ct;
  return true;
}

/* Every vertex that may come within the contact distance dist of triangle
 * t this frame (dist plus both sides' reach), is over it and is far from
 * it on the rest mesh, into ch. */
static bool
triangle_contacts (const AtCloth *c, int t, float dist, AtContactChunk *ch)
{
  int tp = c->tri_patch[t];
  if (!c->patch_active[tp])
    return true;
  const uint32_t *tv = c->tris + 3 * t;
  const float *A = c->x + 3 * tv[0], *B = c->x + 3 * tv[1], *C = c->x + 3 * tv[2];
  const float *nrm = c->tri_normal + 3 * t;
  float reach = dist + max_f (c->motion[tv[0]], max_f (c->motion[tv[1]], c->motion[tv[2]]));
  float lo[3], hi[3], cell = c->hash_cell;
  int clo[3], chi[3];
  for (int a = 0; a < 3; a++)
    {
      lo[a] = min_f (A[a], min_f (B[a], C[a])) - reach;
      hi[a] = max_f (A[a], max_f (B[a], C[a])) + reach;
      clo[a] = (int) floorf (lo[a] / cell);
      chi[a] = (int) floorf (hi[a] / cell);
      /* A triangle stretched over many cells is a failure elsewhere; its
       * contacts would cost more than they could save. */
      if (chi[a] - clo[a] > 3)
        return true;
    }
  int mask = c->hash_size - 1;
  for (int iz = clo[2]; iz <= chi[2]; iz++)
    for (int iy = clo[1]; iy <= chi[1]; iy++)
      for (int ix = clo[0]; ix <= chi[0]; ix++)
        {
          uint32_t b = cell_hash (ix, iy, iz, mask);
          for (int s = c->hash_start[b]; s < c->hash_start[b + 1]; s++)
            {
              const AtHashEntry *e = &c->hash_items[s];
              /* The box test first: it drops most entries and costs less
               * than the cell bookkeeping below. */
              const float *xp = e->x;
              float m = e->reach, keep = reach + m;
              if (xp[0] < lo[0] - m || xp[0] > hi[0] + m || xp[1] < lo[1] - m || xp[1] > hi[1] + m || xp[2] < lo[2] - m
                  || xp[2] > hi[2] + m)
                continue;
              const int *pc = e->cells;
              /* In this cell (not another sharing the bucket), and this is
               * the first cell where the vertex's cells meet the query's. */
              if (ix != (pc[0] > clo[0] ? pc[0] : clo[0]) || iy != (pc[1] > clo[1] ? pc[1] : clo[1])
                  || iz != (pc[2] > clo[2] ? pc[2] : clo[2]) || ix > pc[3] || iy > pc[4] || iz > pc[5])
                continue;
              int p = e->vertex;
              if (!at_cloth_patch_pair (c, tp, c->vertex_patch[p]) || c->w[p] <= 0 || (int) tv[0] == p || (int) tv[1] == p || (int) tv[2] == p)
                continue;
              int partner = c->seam_partner[p];
              if (partner >= 0 && ((int) tv[0] == partner || (int) tv[1] == partner || (int) tv[2] == partner))
                continue;
              /* Same panel and a corner near on the pattern: the same layer,
               * whose spacing stretch and bending keep (a point within keep
               * of a triangle is within keep + 0.6 x its longest edge of a
               * corner). */
              if (c->component[p] == c->component[tv[0]])
                {
                  const float *rp = c->rest + 3 * p;
                  float rest_skip = 1.5f * (0.6f * c->max_edge + keep);
                  bool near = false;
                  for (int q = 0; q < 3 && !near; q++)
                    {
                      const float *rq = c->rest + 3 * tv[q];
                      float r2 = (rp[0] - rq[0]) * (rp[0] - rq[0]) + (rp[1] - rq[1]) * (rp[1] - rq[1]) + (rp[2] - rq[2]) * (rp[2] - rq[2]);
                      near = r2 < rest_skip * rest_skip;
                    }
                  if (near)
                    continue;
                }
              float plane = (xp[0] - A[0]) * nrm[0] + (xp[1] - A[1]) * nrm[1] + (xp[2] - A[2]) * nrm[2];
              if (fabsf (plane) > keep)
                continue;
              /* Only a vertex over the triangle (its projection inside, or
               * within half the triangle beyond an edge) is held off the
               * plane; one beside it is the neighbouring triangle's
               * business, and pushing it off this plane would fight the
               * stretch springs of a merely wrinkled layer. */
              if (!projects_inside (xp, A, B, C, nrm, -0.5f))
                continue;
              float bary[3], dd = 0, side = 0;
              closest_barycentric (xp, A, B, C, bary);
              for (int a = 0; a < 3; a++)
                {
                  float cp = bary[0] * A[a] + bary[1] * B[a] + bary[2] * C[a];
                  dd += (xp[a] - cp) * (xp[a] - cp);
                  side += (xp[a] - cp) * nrm[a];
                }
              if (dd > keep * keep)
                continue;
              AtSelfContact ct = { p, t, { bary[0], bary[1], bary[2] }, side >= 0 ? 1.0f : -1.0f, dd };
              if (!chunk_push (ch, &ct))
                return false;
            }
        }
  return true;
}

AtStatus
at_cloth_prepare_self_contacts (AtCloth *c)
{
  c->ncontacts = 0;
  c->contacts_failed = false;
  if (!c->tri_normal)
    c->tri_normal = malloc ((size_t) 3 * c->ntri * sizeof *c->tri_normal);
  if (!c->contact_count)
    c->contact_count = malloc ((size_t) c->n * sizeof *c->contact_count);
  if (!c->motion)
    c->motion = malloc ((size_t) c->n * sizeof *c->motion);
  if (!c->tri_normal || !c->contact_count || !c->motion)
    return AT_ERR_NOMEM;
  /* A pair may touch within the frame when it is closer than the contact
   * distance plus how far each side may move: each vertex's reach is the
   * distance it moved last frame (bounded by half an edge, beyond which
   * the substep constraints still catch up). A reach per vertex rather
   * than the fastest vertex's for all: a cloth still swinging somewhere
   * would otherwise search its resting parts as widely. */
  float cap = 0.5f * c->max_edge, sum = 0;
  for (int i = 0; i < c->n; i++)
    {
      const float *v = c->v + 3 * i;
      float m = sqrtf (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) * c->def.frame_dt;
      c->motion[i] = min_f (max_f (m, 0.00025f), cap);
      sum += c->motion[i];
    }
  /* Cells about one edge wide: a triangle's box, grown by its reach, covers
   * a handful of them. */
  c->hash_cell = c->max_edge + 2.0f * (self_distance (c) + 2.0f * sum / (float) c->n);
  return build_vertex_hash (c, c->hash_cell) ? AT_OK : AT_ERR_NOMEM;
}

void
at_cloth_detect_self_contacts (AtCloth *c, const AtTeam *tm)
{
  float dist = self_distance (c);
  int ntri = c->ntri;
  for (int t = (int) ((int64_t) ntri * tm->tid / tm->nt); t < (int) ((int64_t) ntri * (tm->tid + 1) / tm->nt); t++)
    triangle_normal (c, t, c->tri_normal + 3 * t);
  at_cloth_team_barrier (tm);
  at_cloth_update_patches (c, tm, dist);
  /* Triangles in fixed chunks, each with its own buffer, joined in chunk
   * order: the list does not depend on the thread count or timing. */
  for (int k = tm->tid; k < AT_CONTACT_CHUNKS; k += tm->nt)
    {
      AtContactChunk *ch = &c->chunks[k];
      ch->count = 0;
      ch->failed = false;
      int t0 = (int) ((int64_t) ntri * k / AT_CONTACT_CHUNKS), t1 = (int) ((int64_t) ntri * (k + 1) / AT_CONTACT_CHUNKS);
      for (int t = t0; t < t1 && !ch->failed; t++)
        ch->failed = !triangle_contacts (c, t, dist, ch);
    }
  at_cloth_team_barrier (tm);
  if (tm->tid == 0)
    {
      for (int k = 0; k < AT_CONTACT_CHUNKS; k++)
        c->contacts_failed = c->contacts_failed || c->chunks[k].failed;
      size_t slots = (size_t) c->n * AT_CONTACTS_PER_VERTEX;
      if (!c->contacts_failed && slots > (size_t) c->contacts_cap)
        {
          free (c->contacts);
          c->contacts = malloc (slots * sizeof *c->contacts);
          c->contacts_cap = c->contacts ? (int) slots : 0;
          c->contacts_failed = !c->contacts;
        }
      if (!c->contacts_failed)
        memset (c->contact_count, 0, (size_t) c->n * sizeof *c->contact_count);
      /* A vertex keeps its nearest few triangles: in a crumpled pile the
       * farther ones' remembered sides disagree and push it to and fro. */
      for (int k = 0; k < AT_CONTACT_CHUNKS && !c->contacts_failed; k++)
        for (int q = 0; q < c->chunks[k].count; q++)
          {
            const AtSelfContact *ct = &c->chunks[k].items[q];
            AtSelfContact *slot = c->contacts + (size_t) ct->vertex * AT_CONTACTS_PER_VERTEX;
            int *cnt = &c->contact_count[ct->vertex];
            if (*cnt < AT_CONTACTS_PER_VERTEX)
              {
                slot[(*cnt)++] = *ct;
                continue;
              }
            int worst = 0;
            for (int f = 1; f < AT_CONTACTS_PER_VERTEX; f++)
              if (slot[f].dist2 > slot[worst].dist2)
                worst = f;
            if (ct->dist2 < slot[worst].dist2)
              slot[worst] = *ct;
          }
      for (int p = 0; p < c->n && !c->contacts_failed; p++)
        for (int f = 0; f < c->contact_count[p]; f++)
          c->contacts[c->ncontacts++] = c->contacts[(size_t) p * AT_CONTACTS_PER_VERTEX + f];
    }
  at_cloth_team_barrier (tm);
}

/* Signed distance along nrm from contact ct's point on its triangle to its
 * vertex, in positions pos. */
static inline float
contact_gap (const float *pos, const AtSelfContact *ct, const uint32_t *tv, const float nrm[3])
{
  const float *P = pos + 3 * ct->vertex, *A = pos + 3 * tv[0], *B = pos + 3 * tv[1], *C = pos + 3 * tv[2];
  float b0 = ct->bary[0], b1 = ct->bary[1], b2 = ct->bary[2];
  return (P[0] - (b0 * A[0] + b1 * B[0] + b2 * C[0])) * nrm[0] + (P[1] - (b0 * A[1] + b1 * B[1] + b2 * C[1])) * nrm[1]
         + (P[2] - (b0 * A[2] + b1 * B[2] + b2 * C[2])) * nrm[2];
}

void
at_cloth_solve_self_contacts (AtCloth *c, float h)
{
  float dist = self_distance (c);
  /* Overlap left from before the substep comes out at most one contact
   * distance a frame (see the top). */
  float sep_step = dist * h / c->def.frame_dt;
  for (int k = 0; k < c->ncontacts; k++)
    {
      const AtSelfContact *ct = &c->contacts[k];
      const uint32_t *tv = c->tris + 3 * ct->tri;
      float nrm[3];
      triangle_normal (c, ct->tri, nrm);
      float *x = c->x, *xp = x + 3 * ct->vertex;
      float depth = dist - ct->side * contact_gap (x, ct, tv, nrm);
      if (depth <= 0)
        continue;
      float depth0 = dist - ct->side * contact_gap (c->x_prev, ct, tv, nrm);
      if (depth0 > sep_step)
        depth -= depth0 - sep_step;
      if (depth <= 0)
        continue;
      float wp = c->w[ct->vertex];
      float wsum = wp;
      for (int q = 0; q < 3; q++)
        wsum += ct->bary[q] * ct->bary[q] * c->w[tv[q]];
      if (wsum <= 0)
        continue;
      float s = depth / wsum * ct->side;
      for (int a = 0; a < 3; a++)
        xp[a] += wp * s * nrm[a];
      for (int q = 0; q < 3; q++)
        {
          float f = ct->bary[q] * c->w[tv[q]] * s;
          for (int a = 0; a < 3; a++)
            c->x[3 * tv[q] + a] -= f * nrm[a];
        }
    }
}

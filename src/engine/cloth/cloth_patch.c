/* Self-collision broad phase: surface patches with normal cones.
 *
 * Method: Volino & Magnenat-Thalmann, "Efficient self-collision detection
 * on smoothly discretized surface animations using geometrical shape
 * regularity" (Eurographics 1994), as used for cloth by Provot, "Collision
 * and self-collision handling in cloth model dedicated to design garments"
 * (1997): a connected piece of surface whose normals all lie within a cone
 * of half-angle below 90 degrees is a height field over the plane normal to
 * the cone's axis, so two of its points close in space are close along the
 * surface too. The narrow phase (cloth_contact.c) already ignores pairs
 * close along the flat pattern; on such a piece it can find nothing, and
 * the search there is pure cost (43 % of a frame of the sphere scene was
 * spent rejecting the neighbours of each triangle).
 *
 * The pattern is cut into square patches a few edges wide, per connected
 * component (cells of the rest shape). Once per frame each patch gets a box
 * (its triangles and vertices, grown by the contact search distance) and a
 * normal cone (axis = mean triangle normal, half-angle = the widest angle
 * from it). A pair of patches is searched only when their boxes overlap and
 * - it is one patch whose cone is wider than AT_PATCH_CONE, or
 * - two patches that touch on the pattern and whose joint cone is wider, or
 * - two patches that do not touch on the pattern (or lie on different
 *   components: separate panels).
 * Why AT_PATCH_CONE is 35 degrees: on a height field, a point within the
 * search distance d of a triangle is at most d / cos(theta) from it along
 * the surface (1.22 d), inside the 1.5 d margin the narrow phase skips as
 * "the same layer"; the rest is slack for stretch and for a projection that
 * is not convex.
 * Measured on the sphere scene (N = 64, one thread, callgrind over 240
 * frames): the search skips everything while the cloth falls flat and the
 * smooth cap over the sphere, but 93 of the 100 patches of the settled
 * cloth have cones wider than 35 degrees (the hanging sides fold at the
 * patch scale), so over the run it saves about what it costs: search
 * 3.94 G -> 3.57 G instructions, patches 0.40 G. Smaller patches (2-3
 * edges) did not cull more. */
#include "cloth_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Patch side in mean rest edges, and the most patches (larger meshes get
 * wider patches, so the per-frame pair table stays small). */
#define AT_PATCH_EDGES 6.0
#define AT_PATCH_MAX 2048
/* cos(35 deg) */
#define AT_PATCH_CONE_COS 0.8192f

typedef struct {
  int comp, cell[3];
  int owner; /* vertex index, or n + triangle index */
} PatchKey;

static int
compare_keys (const void *a, const void *b)
{
  const PatchKey *x = a, *y = b;
  if (x->comp != y->comp)
    return (x->comp > y->comp) - (x->comp < y->comp);
  for (int k = 0; k < 3; k++)
    if (x->cell[k] != y->cell[k])
      return (x->cell[k] > y->cell[k]) - (x->cell[k] < y->cell[k]);
  return (x->owner > y->owner) - (x->owner < y->owner);
}

static bool
same_cell (const PatchKey *x, const PatchKey *y)
{
  return x->comp == y->comp && x->cell[0] == y->cell[0] && x->cell[1] == y->cell[1] && x->cell[2] == y->cell[2];
}

/* CSR lists: members of each patch. */
static int *
patch_lists (int np, const int *patch_of, int count, int **start_out)
{
  int *start = calloc ((size_t) np + 1, sizeof *start);
  int *items = malloc ((size_t) (count > 0 ? count : 1) * sizeof *items);
  int *fill = malloc ((size_t) np * sizeof *fill);
  if (!start || !items || !fill)
    {
      free (start);
      free (items);
      free (fill);
      return NULL;
    }
  for (int k = 0; k < count; k++)
    start[patch_of[k] + 1]++;
  for (int p = 0; p < np; p++)
    start[p + 1] += start[p];
  memcpy (fill, start, (size_t) np * sizeof *fill);
  for (int k = 0; k < count; k++)
    items[fill[patch_of[k]]++] = k;
  free (fill);
  *start_out = start;
  return items;
}

AtStatus
at_cloth_build_patches (AtCloth *c, AtError *err)
{
  int n = c->n, nt = c->ntri;
  double mean_edge = 0, area = 0;
  for (int e = 0; e < c->stretch_col.count; e++)
    mean_edge += c->stretch[e].rest;
  mean_edge /= c->stretch_col.count > 0 ? c->stretch_col.count : 1;
  for (int i = 0; i < n; i++)
    area += 1.0 / c->inv_mass[i];
  area /= c->def.fabric.density_gsm * 1e-3;
  double side = fmax (AT_PATCH_EDGES * mean_edge, sqrt (area / AT_PATCH_MAX));
  PatchKey *keys = malloc ((size_t) (n + nt) * sizeof *keys);
  c->vertex_patch = malloc ((size_t) n * sizeof *c->vertex_patch);
  c->tri_patch = malloc ((size_t) nt * sizeof *c->tri_patch);
  if (!keys || !c->vertex_patch || !c->tri_patch)
    {
      free (keys);
      return at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory for self-collision patches");
    }
  for (int i = 0; i < n + nt; i++)
    {
      float r[3];
      int comp;
      if (i < n)
        {
          memcpy (r, c->rest + 3 * i, sizeof r);
          comp = c->component[i];
        }
      else
        {
          const uint32_t *tv = c->tris + 3 * (i - n);
          for (int a = 0; a < 3; a++)
            r[a] = (c->rest[3 * tv[0] + a] + c->rest[3 * tv[1] + a] + c->rest[3 * tv[2] + a]) / 3.0f;
          comp = c->component[tv[0]];
        }
      keys[i].comp = comp;
      for (int a = 0; a < 3; a++)
        keys[i].cell[a] = (int) floor (r[a] / side);
      keys[i].owner = i;
    }
  qsort (keys, (size_t) (n + nt), sizeof *keys, compare_keys);
  int np = 0;
  for (int k = 0; k < n + nt; k++)
    {
      if (k > 0 && !same_cell (&keys[k], &keys[k - 1]))
        np++;
      int o = keys[k].owner;
      if (o < n)
        c->vertex_patch[o] = np;
      else
        c->tri_patch[o - n] = np;
    }
  np++;
  c->npatch = np;
  c->patch_cell = malloc ((size_t) np * sizeof *c->patch_cell);
  c->patch_box = malloc ((size_t) np * 6 * sizeof *c->patch_box);
  c->patch_cone = malloc ((size_t) np * 4 * sizeof *c->patch_cone);
  c->patch_order = malloc ((size_t) np * sizeof *c->patch_order);
  c->patch_active = malloc ((size_t) np);
  c->patch_pairs = malloc (((size_t) np * np + 7) / 8);
  c->patch_verts = patch_lists (np, c->vertex_patch, n, &c->patch_vert_start);
  c->patch_tris = patch_lists (np, c->tri_patch, nt, &c->patch_tri_start);
  bool ok = c->patch_cell && c->patch_box && c->patch_cone && c->patch_order && c->patch_active && c->patch_pairs
            && c->patch_verts && c->patch_tris;
  for (int k = 0, p = 0; ok && k < n + nt; k++)
    {
      if (k > 0 && !same_cell (&keys[k], &keys[k - 1]))
        p++;
      c->patch_cell[p][0] = keys[k].comp;
      memcpy (&c->patch_cell[p][1], keys[k].cell, sizeof keys[k].cell);
    }
  free (keys);
  return ok ? AT_OK : at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory for self-collision patches");
}

static inline void
set_pair (AtCloth *c, int p, int q)
{
  size_t a = (size_t) p * c->npatch + q, b = (size_t) q * c->npatch + p;
  c->patch_pairs[a >> 3] |= (uint8_t) (1u << (a & 7));
  c->patch_pairs[b >> 3] |= (uint8_t) (1u << (b & 7));
  c->patch_active[p] = c->patch_active[q] = 1;
}

/* Box and normal cone of patch p (triangle normals already in tri_normal);
 * the box grown by dist plus the reach of its fastest vertex. */
static void
patch_bounds (AtCloth *c, int p, float dist)
{
  float reach = 0;
  float *box = c->patch_box + 6 * p, *cone = c->patch_cone + 4 * p;
  float s[3] = { 0, 0, 0 };
  for (int a = 0; a < 3; a++)
    {
      box[a] = INFINITY;
      box[3 + a] = -INFINITY;
    }
  for (int k = c->patch_tri_start[p]; k < c->patch_tri_start[p + 1]; k++)
    {
      int t = c->patch_tris[k];
      for (int q = 0; q < 3; q++)
        {
          const float *x = c->x + 3 * c->tris[3 * t + q];
          reach = max_f (reach, c->motion[c->tris[3 * t + q]]);
          for (int a = 0; a < 3; a++)
            {
              box[a] = min_f (box[a], x[a]);
              box[3 + a] = max_f (box[3 + a], x[a]);
            }
        }
      for (int a = 0; a < 3; a++)
        s[a] += c->tri_normal[3 * t + a];
    }
  for (int k = c->patch_vert_start[p]; k < c->patch_vert_start[p + 1]; k++)
    {
      const float *x = c->x + 3 * c->patch_verts[k];
      reach = max_f (reach, c->motion[c->patch_verts[k]]);
      for (int a = 0; a < 3; a++)
        {
          box[a] = min_f (box[a], x[a]);
          box[3 + a] = max_f (box[3 + a], x[a]);
        }
    }
  for (int a = 0; a < 3; a++)
    {
      box[a] -= dist + reach;
      box[3 + a] += dist + reach;
    }
  float len = sqrtf (s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
  float cosmin = len > 1e-6f ? 1.0f : -1.0f;
  for (int a = 0; a < 3 && len > 1e-6f; a++)
    s[a] /= len;
  for (int k = c->patch_tri_start[p]; k < c->patch_tri_start[p + 1] && len > 1e-6f; k++)
    {
      const float *nt = c->tri_normal + 3 * c->patch_tris[k];
      /* A degenerate triangle (zero normal) reads as 90 degrees off. */
      cosmin = min_f (cosmin, nt[0] * s[0] + nt[1] * s[1] + nt[2] * s[2]);
    }
  memcpy (cone, s, sizeof s);
  cone[3] = acosf (fmaxf (-1.0f, fminf (1.0f, cosmin)));
}

static int
compare_box_x (const void *a, const void *b, void *boxes)
{
  const float *box = boxes;
  float x = box[6 * *(const int *) a], y = box[6 * *(const int *) b];
  if (x != y)
    return (x > y) - (x < y);
  return (*(const int *) a > *(const int *) b) - (*(const int *) a < *(const int *) b);
}

/* Whether two overlapping patches may hold a contact the narrow phase
 * would keep. */
static bool
pair_needed (const AtCloth *c, int p, int q)
{
  const int *cp = c->patch_cell[p], *cq = c->patch_cell[q];
  if (cp[0] != cq[0] || abs (cp[1] - cq[1]) > 1 || abs (cp[2] - cq[2]) > 1 || abs (cp[3] - cq[3]) > 1)
    return true;
  /* Joint cone of two cones: the wider one if it holds the other, else
   * the cone spanning both (half of axis angle + both half-angles). */
  const float *kp = c->patch_cone + 4 * p, *kq = c->patch_cone + 4 * q;
  float phi = acosf (fmaxf (-1.0f, fminf (1.0f, kp[0] * kq[0] + kp[1] * kq[1] + kp[2] * kq[2])));
  float half = fmaxf (fmaxf (kp[3], kq[3]), 0.5f * (phi + kp[3] + kq[3]));
  return half > acosf (AT_PATCH_CONE_COS);
}

void
at_cloth_update_patches (AtCloth *c, const AtTeam *tm, float dist)
{
  int np = c->npatch;
  for (int p = (int) ((int64_t) np * tm->tid / tm->nt); p < (int) ((int64_t) np * (tm->tid + 1) / tm->nt); p++)
    patch_bounds (c, p, dist);
  at_cloth_team_barrier (tm);
  if (tm->tid == 0)
    {
      memset (c->patch_pairs, 0, ((size_t) np * np + 7) / 8);
      memset (c->patch_active, 0, (size_t) np);
      float half_max = acosf (AT_PATCH_CONE_COS);
      for (int p = 0; p < np; p++)
        {
          c->patch_order[p] = p;
          if (c->patch_cone[4 * p + 3] > half_max)
            set_pair (c, p, p);
        }
      /* Sweep along x: boxes sorted by their low x. */
      qsort_r (c->patch_order, (size_t) np, sizeof *c->patch_order, compare_box_x, c->patch_box);
      for (int i = 0; i < np; i++)
        {
          int p = c->patch_order[i];
          const float *bp = c->patch_box + 6 * p;
          for (int j = i + 1; j < np; j++)
            {
              int q = c->patch_order[j];
              const float *bq = c->patch_box + 6 * q;
              if (bq[0] > bp[3])
                break;
              if (bq[1] > bp[4] || bp[1] > bq[4] || bq[2] > bp[5] || bp[2] > bq[5])
                continue;
              if (pair_needed (c, p, q))
                set_pair (c, p, q);
            }
        }
    }
  at_cloth_team_barrier (tm);
}

/* Cloth set-up: turns a triangle mesh and an AtFabric into XPBD constraints.
 *
 * Stretch: one distance constraint per mesh edge. A membrane of tensile
 * stiffness k (N/m) in the edge's direction is lumped onto the edge as a
 * spring of k * A_e / L^2 newtons per metre of extension, A_e being the
 * rest area of the triangles sharing the edge: on a square grid this gives
 * back exactly k along warp and weft, and the diagonals (bias) carry the
 * shear. k varies piecewise linearly with the edge's rest angle from weft
 * (0 deg) through bias (45) to warp (90), as in ARCSim's angular sampling
 * (Wang et al. 2011).
 * Bending: the cotangent-Laplacian ("quadratic bending", Bergou et al.,
 * SCA 2006; Wardetzky et al. 2007) evaluated per interior vertex:
 * C_v = sum_k w_k (x_k - x_v) is A_v times the mean-curvature normal, so
 * B |C_v|^2 / (2 A_v) integrates B kappa^2 / 2 for any bending direction
 * on any triangulation (an edge-hinge version over-counts folds along the
 * diagonals of a regular grid by 3x). It is linear in x, so XPBD solves it
 * exactly in one sweep. Anisotropy: each neighbour's weight is scaled by
 * the square root of the bending stiffness along its rest direction (warp
 * B_warp, weft B_weft, cos^2/sin^2 blend between), then corrected to keep
 * the flat rest shape force-free (see anisotropic_weights).
 * Strain limit: each edge also gets a hard upper and lower length (Provot,
 * "Deformation constraints in a mass-spring model to describe rigid cloth
 * behavior", GI 1995), +/- the fabric's strain at AT_CLOTH_LIMIT_TENSION
 * in the edge's direction: one substep sweep leaves stiff wovens stretched
 * (or squeezed) well beyond what their N/m allow (the springs converge
 * slowly and contacts push last), which the limit pass removes in a few
 * cheap sweeps (most edges are within it and cost one comparison). The
 * bias of a woven is soft (shear), so its limit is wide. On the sphere
 * scene the shirting's diagonals end the 240 frames sheared by up to 15 %
 * (N = 64) and 25 % (N = 128), in the folds of the four hanging corners,
 * and friction keeps it there (15.1 % at 720 frames). More sweeps lower it
 * (N = 64: 2, 4 and 8 sweeps a substep 10.5, 7.7 and 9.0 %; 32 substeps
 * 6.9 %), so about half is how far the solver got by the time friction
 * held the cloth, and half the folds themselves: they are finer than the
 * mesh (a shirting's bending length, (B / weight)^(1/3), is 2 cm, the edge
 * 3.2 cm), so a fold creases across single quads, whose diagonals stretch.
 * Constraints are split by vertex-index blocks, one per thread, each
 * solved Gauss-Seidel by its thread; those spanning blocks are
 * graph-coloured greedily (see AtColoring). */
#include "cloth_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

AtClothDef
at_cloth_def_default (void)
{
  return (AtClothDef) {
    .mesh = NULL,
    .fabric = at_fabric_default (),
    .gravity = { 0.0f, -9.81f, 0.0f },
    .frame_dt = 1.0f / 60.0f,
    .substeps = 8,
    .iterations = 1,
    .self_collision = true,
    .max_speed = 30.0f,
  };
}

/* Rest-space vector from i to j: pattern coordinates when the mesh has uvs,
 * otherwise the initial 3D positions. */
static void
rest_vec (const AtMesh *m, int i, int j, double out[3])
{
  if (m->uvs)
    {
      out[0] = (double) m->uvs[2 * j] - m->uvs[2 * i];
      out[1] = (double) m->uvs[2 * j + 1] - m->uvs[2 * i + 1];
      out[2] = 0;
    }
  else
    for (int a = 0; a < 3; a++)
      out[a] = (double) m->positions[3 * j + a] - m->positions[3 * i + a];
}

static double
dotd (const double a[3], const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static double
cross_len (const double a[3], const double b[3])
{
  double c[3] = { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
  return sqrt (dotd (c, c));
}

/* Tensile stiffness (N/m) of a rest-space direction d. */
static double
stretch_stiffness (const AtFabric *f, const double d[3], bool has_uv)
{
  if (!has_uv)
    return (f->stretch_warp + f->stretch_weft) * 0.5;
  double ang = atan2 (fabs (d[1]), fabs (d[0])) * (180.0 / M_PI); /* 0 = weft (u), 90 = warp (v) */
  if (ang <= 45)
    return f->stretch_weft + (f->stretch_bias - f->stretch_weft) * (ang / 45.0);
  return f->stretch_bias + (f->stretch_warp - f->stretch_bias) * ((ang - 45.0) / 45.0);
}

typedef struct {
  int64_t key;     /* min vertex << 32 | max vertex */
  double half_cot; /* half the cotangent of the angle facing the edge */
  double area;     /* rest area of the triangle */
} HalfEdge;

typedef struct {
  int i, j, ntri;
  double len, area, w;
} EdgeInfo;

static int
compare_half_edges (const void *a, const void *b)
{
  int64_t ka = ((const HalfEdge *) a)->key, kb = ((const HalfEdge *) b)->key;
  return (ka > kb) - (ka < kb);
}

/* Greedy colouring of count constraints (constraint k touches
 * verts[first[k] .. first[k+1])) into color_of. The last colour collects constraints that
 * found no free colour; it is solved serially. */
static bool
color_constraints (int count, const int *first, const int *verts, int nverts, int *color_of)
{
  uint64_t *used = calloc ((size_t) nverts, sizeof *used);
  if (!used)
    return false;
  for (int k = 0; k < count; k++)
    {
      uint64_t mask = 0;
      for (int v = first[k]; v < first[k + 1]; v++)
        mask |= used[verts[v]];
      int color = AT_CLOTH_MAX_COLORS - 1;
      for (int bit = 0; bit < AT_CLOTH_MAX_COLORS - 1; bit++)
        if (!(mask & (1ull << bit)))
          {
            color = bit;
            break;
          }
      if (color < AT_CLOTH_MAX_COLORS - 1)
        for (int v = first[k]; v < first[k + 1]; v++)
          used[verts[v]] |= 1ull << color;
      color_of[k] = color;
    }
  free (used);
  return true;
}

static int
block_of (const AtCloth *c, int v)
{
  int b = 0;
  while (v >= c->block_first[b + 1])
    b++;
  return b;
}

bool
at_cloth_schedule_constraints (const AtCloth *c, void *items, size_t size, int count, const int *first, const int *verts,
                               AtColoring *col)
{
  /* Sort key: block * colours + colour inside blocks, then the boundary
   * (key blocks * colours + colour). Inside a block the colour order is
   * kept too: a sweep in plain mesh order drags every correction the same
   * way and converged far worse on the sphere scene. */
  int nkeys = (c->blocks + 1) * AT_CLOTH_MAX_COLORS;
  int *key = malloc ((size_t) (count > 0 ? count : 1) * sizeof *key);
  int *start = calloc ((size_t) nkeys + 1, sizeof *start);
  char *tmp = malloc ((size_t) (count > 0 ? count : 1) * size);
  bool ok = key && start && tmp && color_constraints (count, first, verts, c->n, key);
  if (ok)
    {
      for (int k = 0; k < count; k++)
        {
          int b = block_of (c, verts[first[k]]);
          for (int v = first[k] + 1; v < first[k + 1] && b < c->blocks; v++)
            if (block_of (c, verts[v]) != b)
              b = c->blocks;
          key[k] += b * AT_CLOTH_MAX_COLORS;
          start[key[k] + 1]++;
        }
      for (int q = 0; q < nkeys; q++)
        start[q + 1] += start[q];
      memset (col, 0, sizeof *col);
      col->count = count;
      col->blocks = c->blocks;
      for (int b = 0; b <= c->blocks; b++)
        col->block_start[b] = start[b * AT_CLOTH_MAX_COLORS];
      for (int q = 0; q <= AT_CLOTH_MAX_COLORS; q++)
        {
          col->color_start[q] = start[c->blocks * AT_CLOTH_MAX_COLORS + q];
          if (q > 0 && col->color_start[q] > col->color_start[q - 1])
            col->colors = q;
        }
      for (int k = 0; k < count; k++)
        memcpy (tmp + (size_t) start[key[k]]++ * size, (char *) items + (size_t) k * size, size);
      memcpy (items, tmp, (size_t) count * size);
    }
  free (key);
  free (start);
  free (tmp);
  return ok;
}

static int
find_root (int *parent, int a)
{
  while (parent[a] != a)
    a = parent[a] = parent[parent[a]];
  return a;
}

/* Unique edges with rest length, adjacent rest area and cotangent weight;
 * vertex masses; connected components. */
static AtStatus
build_edges (AtCloth *c, const AtMesh *m, EdgeInfo **edges_out, int *ne_out, AtError *err)
{
  int nt = c->ntri, n = c->n;
  HalfEdge *he = malloc ((size_t) 3 * nt * sizeof *he);
  double *vert_area = calloc ((size_t) n, sizeof *vert_area);
  if (!he || !vert_area)
    {
      free (he);
      free (vert_area);
      return at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
    }
  for (int i = 0; i < n; i++)
    c->component[i] = i;
  for (int t = 0; t < nt; t++)
    {
      int v[3] = { (int) m->indices[3 * t], (int) m->indices[3 * t + 1], (int) m->indices[3 * t + 2] };
      double e1[3], e2[3];
      rest_vec (m, v[0], v[1], e1);
      rest_vec (m, v[0], v[2], e2);
      double area = 0.5 * cross_len (e1, e2);
      for (int k = 0; k < 3; k++)
        {
          int a = v[(k + 1) % 3], b = v[(k + 2) % 3], o = v[k];
          double oa[3], ob[3];
          rest_vec (m, o, a, oa);
          rest_vec (m, o, b, ob);
          double cr = cross_len (oa, ob);
          /* Slivers give huge cotangents; bound them so one bad triangle
           * cannot dominate its neighbourhood. */
          double cot = cr > 1e-12 ? fmax (-5.0, fmin (5.0, dotd (oa, ob) / cr)) : 0.0;
          int lo = a < b ? a : b, hi = a < b ? b : a;
          he[3 * t + k] = (HalfEdge) { ((int64_t) lo << 32) | hi, 0.5 * cot, area };
          vert_area[o] += area / 3.0;
          c->component[find_root (c->component, a)] = find_root (c->component, b);
        }
    }
  for (int i = 0; i < n; i++)
    c->component[i] = find_root (c->component, i);
  qsort (he, (size_t) 3 * nt, sizeof *he, compare_half_edges);
  EdgeInfo *edges = malloc ((size_t) 3 * nt * sizeof *edges);
  int ne = 0;
  AtStatus st = edges ? AT_OK : at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
  double max_edge = 0;
  for (int k = 0; st == AT_OK && k < 3 * nt; k++)
    {
      if (k == 0 || he[k].key != he[k - 1].key)
        {
          int i = (int) (he[k].key >> 32), j = (int) (he[k].key & 0xffffffff);
          double d[3];
          rest_vec (m, i, j, d);
          double len = sqrt (dotd (d, d));
          if (len < 1e-6)
            st = at_error_set (err, AT_ERR_INVALID, "cloth: vertices %d and %d coincide in the rest shape (zero-length edge)", i, j);
          edges[ne++] = (EdgeInfo) { i, j, 0, len, 0, 0 };
          max_edge = fmax (max_edge, len);
        }
      edges[ne - 1].ntri++;
      edges[ne - 1].area += he[k].area;
      edges[ne - 1].w += he[k].half_cot;
    }
  c->max_edge = (float) max_edge;
  double density = c->def.fabric.density_gsm * 1e-3; /* kg/m² */
  for (int i = 0; st == AT_OK && i < n; i++)
    {
      if (!(vert_area[i] > 0))
        st = at_error_set (err, AT_ERR_INVALID, "cloth: vertex %d belongs to no triangle of non-zero area, so it has zero mass", i);
      else
        c->inv_mass[i] = (float) (1.0 / (density * vert_area[i]));
    }
  free (he);
  free (vert_area);
  if (st != AT_OK)
    {
      free (edges);
      return st;
    }
  *edges_out = edges;
  *ne_out = ne;
  return AT_OK;
}

static AtStatus
build_stretch (AtCloth *c, const AtMesh *m, const EdgeInfo *edges, int ne, AtError *err)
{
  c->stretch = malloc ((size_t) ne * sizeof *c->stretch);
  int *first = malloc ((size_t) (ne + 1) * sizeof *first);
  int *verts = malloc ((size_t) 2 * ne * sizeof *verts);
  bool ok = c->stretch && first && verts;
  for (int e = 0; ok && e < ne; e++)
    {
      double d[3];
      rest_vec (m, edges[e].i, edges[e].j, d);
      double k = stretch_stiffness (&c->def.fabric, d, m->uvs != NULL);
      double k_spring = k * edges[e].area / (edges[e].len * edges[e].len);
      double limit = fmin (fmax (AT_CLOTH_LIMIT_TENSION / k, 0.02), 0.5);
      c->stretch[e] = (AtStretch) { edges[e].i, edges[e].j, (float) edges[e].len, (float) (1.0 / k_spring),
                                    (float) ((1.0 + limit) * edges[e].len), (float) ((1.0 - limit) * edges[e].len) };
      first[e] = 2 * e;
      verts[2 * e] = edges[e].i;
      verts[2 * e + 1] = edges[e].j;
    }
  if (ok)
    {
      first[ne] = 2 * ne;
      ok = at_cloth_schedule_constraints (c, c->stretch, sizeof *c->stretch, ne, first, verts, &c->stretch_col);
    }
  free (first);
  free (verts);
  return ok ? AT_OK : at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
}

/* Bending stiffness (N m) for curvature along the rest direction d: the
 * warp yarns bend when the cloth curves along the warp (v), the weft yarns
 * along the weft (u); in between, the stiffness blends as cos^2 / sin^2 of
 * the angle (the usual orthotropic plate law). */
static double
bend_stiffness (const AtFabric *f, const double d[3], bool has_uv)
{
  if (!has_uv)
    return sqrt (f->bend_warp * f->bend_weft) * 1e-6;
  double len2 = d[0] * d[0] + d[1] * d[1];
  double cos2 = len2 > 0 ? d[0] * d[0] / len2 : 0.5;
  return (f->bend_weft * cos2 + f->bend_warp * (1.0 - cos2)) * 1e-6;
}

/* Scales the cotangent weights w[0 .. count) of vertex v's neighbours nbr by
 * the square root of the bending stiffness along each, so that
 * |C_v|^2 / (2 A_v) charges a curvature along the warp at B_warp and along
 * the weft at B_weft. The scaled weights are then corrected by the least
 * change that keeps sum w_k (X_k - X_v) = 0 on the flat rest shape (a 2 x 2
 * solve), so a flat panel of any triangulation stays free of bending
 * forces. */
static void
anisotropic_weights (const AtCloth *c, int v, const int *nbr, float *w, int count)
{
  double wd[2] = { 0, 0 }, m[3] = { 0, 0, 0 };
  const float *xv = c->rest + 3 * v;
  for (int k = 0; k < count; k++)
    {
      const float *xk = c->rest + 3 * nbr[k];
      double d[3] = { (double) xk[0] - xv[0], (double) xk[1] - xv[1], (double) xk[2] - xv[2] };
      w[k] = (float) (w[k] * sqrt (bend_stiffness (&c->def.fabric, d, c->has_uv)));
      wd[0] += w[k] * d[0];
      wd[1] += w[k] * d[1];
      m[0] += d[0] * d[0];
      m[1] += d[0] * d[1];
      m[2] += d[1] * d[1];
    }
  double det = m[0] * m[2] - m[1] * m[1];
  if (c->has_uv && det > 1e-12 * (m[0] + m[2]) * (m[0] + m[2]))
    {
      /* w -= D^T (D D^T)^-1 (D w), D the 2 x count rest offsets. */
      double y0 = (m[2] * wd[0] - m[1] * wd[1]) / det, y1 = (m[0] * wd[1] - m[1] * wd[0]) / det;
      for (int k = 0; k < count; k++)
        {
          const float *xk = c->rest + 3 * nbr[k];
          w[k] -= (float) (((double) xk[0] - xv[0]) * y0 + ((double) xk[1] - xv[1]) * y1);
        }
    }
}

/* Drops the neighbours whose weight is nil next to the others' (the
 * diagonals of a square grid: the angle facing them is a right angle, whose
 * cotangent is 0), so the solver does not carry them; returns how many are
 * left, first in nbr and w. On the sphere scene (N = 64, callgrind, 120
 * frames) the constraint sweeps took 10 % fewer instructions, the frame
 * 3 % fewer. */
static int
drop_null_weights (int *nbr, float *w, int count)
{
  double total = 0;
  for (int k = 0; k < count; k++)
    total += fabs (w[k]);
  int kept = 0;
  for (int k = 0; k < count; k++)
    if (fabs (w[k]) > 1e-6 * total)
      {
        nbr[kept] = nbr[k];
        w[kept++] = w[k];
      }
  return kept;
}

static AtStatus
build_bending (AtCloth *c, const EdgeInfo *edges, int ne, AtError *err)
{
  int n = c->n;
  int *start = calloc ((size_t) n + 1, sizeof *start);
  uint8_t *boundary = calloc ((size_t) n, 1);
  if (!start || !boundary)
    {
      free (start);
      free (boundary);
      return at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
    }
  for (int e = 0; e < ne; e++)
    {
      start[edges[e].i + 1]++;
      start[edges[e].j + 1]++;
      if (edges[e].ntri != 2)
        boundary[edges[e].i] = boundary[edges[e].j] = 1;
    }
  for (int i = 0; i < n; i++)
    start[i + 1] += start[i];
  int start_total = start[n];
  int *nbr = malloc ((size_t) (start[n] > 0 ? start[n] : 1) * sizeof *nbr);
  float *w = malloc ((size_t) (start[n] > 0 ? start[n] : 1) * sizeof *w);
  int *fill = malloc ((size_t) n * sizeof *fill);
  int nb = 0;
  for (int i = 0; i < n; i++)
    nb += !boundary[i];
  c->bend = malloc ((size_t) (nb > 0 ? nb : 1) * sizeof *c->bend);
  int *first = malloc ((size_t) (nb + 1) * sizeof *first);
  int *verts = malloc ((size_t) (start[n] + n + 1) * sizeof *verts);
  bool ok = nbr && w && fill && c->bend && first && verts;
  if (ok)
    {
      memcpy (fill, start, (size_t) n * sizeof *fill);
      for (int e = 0; e < ne; e++)
        {
          nbr[fill[edges[e].i]] = edges[e].j;
          w[fill[edges[e].i]++] = (float) edges[e].w;
          nbr[fill[edges[e].j]] = edges[e].i;
          w[fill[edges[e].j]++] = (float) edges[e].w;
        }
      double density = c->def.fabric.density_gsm * 1e-3;
      int b = 0, q = 0;
      for (int i = 0; i < n; i++)
        {
          if (boundary[i])
            continue;
          anisotropic_weights (c, i, nbr + start[i], w + start[i], start[i + 1] - start[i]);
          int count = drop_null_weights (nbr + start[i], w + start[i], start[i + 1] - start[i]);
          double wsum = 0, area = 1.0 / (c->inv_mass[i] * density);
          for (int k = start[i]; k < start[i] + count; k++)
            wsum += w[k];
          c->bend[b] = (AtBend) { i, start[i], count, (float) wsum, (float) area };
          first[b] = q;
          verts[q++] = i;
          for (int k = start[i]; k < start[i] + count; k++)
            verts[q++] = nbr[k];
          b++;
        }
      first[nb] = q;
      ok = at_cloth_schedule_constraints (c, c->bend, sizeof *c->bend, nb, first, verts, &c->bend_col);
    }
  free (start);
  free (boundary);
  free (fill);
  free (first);
  free (verts);
  c->bend_nbr = nbr;
  c->bend_w = w;
  c->bend_ws = malloc ((size_t) (start_total > 0 ? start_total : 1) * sizeof *c->bend_ws);
  ok = ok && c->bend_ws;
  return ok ? AT_OK : at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
}

void
at_cloth_update_bend_masses (AtCloth *c)
{
  for (int b = 0; b < c->bend_col.count; b++)
    {
      AtBend *bd = &c->bend[b];
      float wv = c->w[bd->v];
      bd->wv = wv * bd->wsum;
      bd->denom = wv * bd->wsum * bd->wsum;
      for (int k = bd->first; k < bd->first + bd->count; k++)
        {
          float wn = c->w[c->bend_nbr[k]];
          c->bend_ws[k] = wn * c->bend_w[k];
          bd->denom += wn * c->bend_w[k] * c->bend_w[k];
        }
    }
  c->masses_changed = false;
}

/* Vertex -> incident triangles, for self-collision's 1-ring queries. */
static bool
build_vertex_triangles (AtCloth *c)
{
  c->vt_start = calloc ((size_t) c->n + 1, sizeof *c->vt_start);
  c->vt_tris = malloc ((size_t) 3 * c->ntri * sizeof *c->vt_tris);
  int *fill = malloc ((size_t) c->n * sizeof *fill);
  bool ok = c->vt_start && c->vt_tris && fill;
  if (ok)
    {
      for (int k = 0; k < 3 * c->ntri; k++)
        c->vt_start[c->tris[k] + 1]++;
      for (int i = 0; i < c->n; i++)
        c->vt_start[i + 1] += c->vt_start[i];
      memcpy (fill, c->vt_start, (size_t) c->n * sizeof *fill);
      for (int k = 0; k < 3 * c->ntri; k++)
        c->vt_tris[fill[c->tris[k]]++] = k / 3;
    }
  free (fill);
  return ok;
}

AtCloth *
at_cloth_create (const AtClothDef *def, AtError *err)
{
  if (!def || !def->mesh)
    {
      at_error_set (err, AT_ERR_INVALID, "cloth: no mesh given");
      return NULL;
    }
  const AtMesh *m = def->mesh;
  if (m->vertex_count < 3 || m->triangle_count < 1 || !at_mesh_is_valid (m))
    {
      at_error_set (err, AT_ERR_INVALID, "cloth: the mesh is empty, has non-finite positions or out-of-range indices");
      return NULL;
    }
  if (m->uvs)
    for (int i = 0; i < 2 * m->vertex_count; i++)
      if (!isfinite (m->uvs[i]))
        {
          at_error_set (err, AT_ERR_INVALID, "cloth: rest (uv) coordinate %d of vertex %d is not finite", i % 2, i / 2);
          return NULL;
        }
  if (at_fabric_validate (&def->fabric, err) != AT_OK)
    return NULL;
  if (!(def->frame_dt > 0 && def->frame_dt <= 0.1f) || def->substeps < 1 || def->substeps > 200 || def->iterations < 1
      || def->iterations > 100 || !(def->max_speed > 0))
    {
      at_error_set (err, AT_ERR_RANGE, "cloth: frame_dt %g must be in (0, 0.1] s, substeps %d in 1..200, iterations %d in 1..100, max_speed %g > 0",
                    def->frame_dt, def->substeps, def->iterations, def->max_speed);
      return NULL;
    }
  for (int a = 0; a < 3; a++)
    if (!isfinite (def->gravity[a]))
      {
        at_error_set (err, AT_ERR_RANGE, "cloth: gravity is not finite");
        return NULL;
      }
  AtCloth *c = calloc (1, sizeof *c);
  if (!c)
    {
      at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
      return NULL;
    }
  c->def = *def;
  c->def.mesh = NULL;
  c->n = m->vertex_count;
  c->ntri = m->triangle_count;
  c->thickness = (float) (def->fabric.thickness_mm * 1e-3);
  c->grab_vertex = -1;
  c->has_uv = m->uvs != NULL;
  c->blocks = 1;
#ifdef _OPENMP
  if (c->n >= AT_CLOTH_PARALLEL_MIN)
    c->blocks = omp_get_max_threads () < AT_CLOTH_MAX_BLOCKS ? omp_get_max_threads () : AT_CLOTH_MAX_BLOCKS;
#endif
  c->team = c->blocks;
  for (int b = 0; b <= c->blocks; b++)
    c->block_first[b] = (int) ((int64_t) c->n * b / c->blocks);
  size_t n3 = (size_t) 3 * c->n;
  c->tris = malloc ((size_t) 3 * c->ntri * sizeof *c->tris);
  c->x = malloc (n3 * sizeof *c->x);
  c->v = calloc (n3, sizeof *c->v);
  c->x_prev = malloc (n3 * sizeof *c->x_prev);
  c->x_frame = malloc (n3 * sizeof *c->x_frame);
  c->inv_mass = malloc ((size_t) c->n * sizeof *c->inv_mass);
  c->w = malloc ((size_t) c->n * sizeof *c->w);
  c->pinned = calloc ((size_t) c->n, 1);
  c->pin_target = malloc (n3 * sizeof *c->pin_target);
  c->seam_partner = malloc ((size_t) c->n * sizeof *c->seam_partner);
  c->component = malloc ((size_t) c->n * sizeof *c->component);
  c->rest = malloc (n3 * sizeof *c->rest);
  if (!c->tris || !c->x || !c->v || !c->x_prev || !c->x_frame || !c->inv_mass || !c->w || !c->pinned || !c->pin_target
      || !c->seam_partner || !c->component || !c->rest)
    {
      at_cloth_free (c);
      at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
      return NULL;
    }
  memcpy (c->tris, m->indices, (size_t) 3 * c->ntri * sizeof *c->tris);
  memcpy (c->x, m->positions, n3 * sizeof *c->x);
  memcpy (c->x_prev, c->x, n3 * sizeof *c->x);
  memcpy (c->x_frame, c->x, n3 * sizeof *c->x);
  memcpy (c->pin_target, c->x, n3 * sizeof *c->x);
  for (int i = 0; i < c->n; i++)
    {
      c->seam_partner[i] = -1;
      for (int a = 0; a < 3; a++)
        c->rest[3 * i + a] = m->uvs ? (a < 2 ? m->uvs[2 * i + a] : 0.0f) : m->positions[3 * i + a];
    }
  EdgeInfo *edges = NULL;
  int ne = 0;
  AtStatus st = build_edges (c, m, &edges, &ne, err);
  if (st == AT_OK)
    st = build_stretch (c, m, edges, ne, err);
  if (st == AT_OK)
    st = build_bending (c, edges, ne, err);
  free (edges);
  if (st == AT_OK)
    {
      memcpy (c->w, c->inv_mass, (size_t) c->n * sizeof *c->w);
      at_cloth_update_bend_masses (c);
    }
  if (st == AT_OK && !build_vertex_triangles (c))
    st = at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
  if (st == AT_OK)
    st = at_cloth_build_tethers (c, err);
  if (st == AT_OK && def->self_collision)
    st = at_cloth_build_patches (c, err);
  if (st == AT_OK)
    {
      c->lambda = calloc ((size_t) c->stretch_col.count + 3 * (size_t) c->bend_col.count, sizeof *c->lambda);
      if (!c->lambda)
        st = at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory");
    }
  if (st != AT_OK)
    {
      at_cloth_free (c);
      return NULL;
    }
  return c;
}

void
at_cloth_free (AtCloth *c)
{
  if (!c)
    return;
  free (c->tris);
  free (c->x);
  free (c->v);
  free (c->x_prev);
  free (c->x_frame);
  free (c->inv_mass);
  free (c->w);
  free (c->stretch);
  free (c->tether);
  free (c->bend);
  free (c->bend_nbr);
  free (c->bend_w);
  free (c->bend_ws);
  free (c->lambda);
  free (c->pinned);
  free (c->pin_target);
  free (c->attach);
  free (c->seam);
  free (c->seam_partner);
  free (c->component);
  free (c->vt_start);
  free (c->vt_tris);
  free (c->contacts);
  free (c->hash_start);
  free (c->hash_items);
  free (c->vertex_cell);
  free (c->motion);
  free (c->contact_count);
  for (int k = 0; k < AT_CONTACT_CHUNKS; k++)
    free (c->chunks[k].items);
  free (c->tri_normal);
  free (c->vertex_patch);
  free (c->tri_patch);
  free (c->patch_vert_start);
  free (c->patch_verts);
  free (c->patch_tri_start);
  free (c->patch_tris);
  free (c->patch_cell);
  free (c->patch_box);
  free (c->patch_cone);
  free (c->patch_order);
  free (c->patch_active);
  free (c->patch_pairs);
  free (c->rest);
  free (c);
}

/* Panel meshing: boundary resampling, ear clipping, constrained Delaunay
 * refinement with interior points on a jittered hexagonal grid, Laplacian
 * smoothing.
 *
 * 0. The target spacing is the requested edge length, or finer for a panel
 *    whose fold line lies nearer than AT_MESH_FOLD_ROWS edges to the far
 *    side of the panel (a T-shirt's 1.8 cm folded neckband at 1.5 cm
 *    edges): folding needs at least two rows of triangles either side of
 *    the hinge. Seams take the finer spacing of their two sides.
 * 1. Each segment is resampled at equal arc length with a given number of
 *    divisions (seam sides share their count, so seams pair 1:1).
 * 2. The boundary polygon is triangulated by ear clipping (Meisters 1975),
 *    which always succeeds on a simple polygon.
 * 3. Lawson's edge flips (Lawson 1977) make it Delaunay except across the
 *    boundary edges, which are never flipped: that is the constrained
 *    Delaunay triangulation of the outline (Chew 1989).
 * 4. Fold lines become rows of vertices at the target spacing joined by
 *    edges that are never flipped (constrained, as the boundary), so a
 *    simulator can fold the panel there along mesh edges, as a hinge,
 *    instead of through triangles. Interior points keep 0.6 of a spacing
 *    from them, as from the outline: an edge whose diametral circle holds
 *    no other point is in every Delaunay triangulation, so the fold edges
 *    are there to keep.
 * 5. Interior points on a hexagonal grid of the target spacing (a grid of
 *    equilateral triangles; in a panel with a fold, one whose rows run
 *    along the fold and divide its shallower side evenly, so no row falls
 *    just beside the fold), jittered by a deterministic hash to avoid
 *    co-circular degeneracies and kept away from the boundary, are inserted
 *    one by one (split the containing triangle, restore Delaunay by flips):
 *    the incremental Bowyer-Watson/Lawson scheme.
 * 6. A few passes of Laplacian smoothing move interior vertices (not those
 *    on fold lines) to their neighbours' centroid (a move that would fold a
 *    triangle is refused), followed by flips.
 * Point location is a linear scan: panels have a few thousand triangles and
 * this runs once per drape, so simplicity wins over a walk. */
#include "at_panel_mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int v[3];
  int n[3]; /* neighbour across the edge opposite v[i], -1 on the boundary */
} Tri;

typedef struct {
  AtVec2 *p;
  int np, cap_p;
  Tri *t;
  int nt, cap_t;
  int nb; /* boundary vertex count: vertices 0..nb-1 */
  int nfixed;   /* vertices nb..nfixed-1 lie on fold lines */
  int *fold_of; /* fold line of each of those, from 0 */
  int *stack;
  int nstack, cap_stack;
} Mesh;

AtMeshOptions
at_mesh_options_default (void)
{
  return (AtMeshOptions) { .edge_length_cm = 1.5, .smoothing_iterations = 6 };
}

static double
orient (AtVec2 a, AtVec2 b, AtVec2 c)
{
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

/* > 0 when d lies inside the circumcircle of counter-clockwise a, b, c. */
static double
incircle (AtVec2 a, AtVec2 b, AtVec2 c, AtVec2 d)
{
  double adx = a.x - d.x, ady = a.y - d.y, bdx = b.x - d.x, bdy = b.y - d.y, cdx = c.x - d.x, cdy = c.y - d.y;
  double ad = adx * adx + ady * ady, bd = bdx * bdx + bdy * bdy, cd = cdx * cdx + cdy * cdy;
  return adx * (bdy * cd - bd * cdy) - ady * (bdx * cd - bd * cdx) + ad * (bdx * cdy - bdy * cdx);
}

static bool
grow (void **arr, int *cap, int need, size_t elem)
{
  if (need <= *cap)
    return true;
  int nc = *cap ? *cap : 64;
  while (nc < need)
    nc *= 2;
  void *n = realloc (*arr, (size_t) nc * elem);
  if (!n)
    return false;
  *arr = n;
  *cap = nc;
  return true;
}

static bool
push_edge (Mesh *m, int tri, int side)
{
  if (!grow ((void **) &m->stack, &m->cap_stack, m->nstack + 1, sizeof (int)))
    return false;
  m->stack[m->nstack++] = tri * 3 + side;
  return true;
}

static int
find_side (const Tri *t, int neighbour)
{
  for (int i = 0; i < 3; i++)
    if (t->n[i] == neighbour)
      return i;
  return -1;
}

/* Flip the edge opposite t.v[i] if the neighbour's far vertex is inside t's
 * circumcircle (and the edge is not on the boundary). */
static bool
flip_if_needed (Mesh *m, int ti, int i)
{
  Tri *t = &m->t[ti];
  int ui = t->n[i];
  if (ui < 0)
    return true;
  Tri *u = &m->t[ui];
  int j = find_side (u, ti);
  int a = t->v[i], b = t->v[(i + 1) % 3], c = t->v[(i + 2) % 3], d = u->v[j];
  if (b >= m->nb && c >= m->nb && b < m->nfixed && c < m->nfixed && abs (b - c) == 1
      && m->fold_of[b - m->nb] == m->fold_of[c - m->nb])
    return true; /* a fold line's edge */
  if (incircle (m->p[a], m->p[b], m->p[c], m->p[d]) <= 1e-12)
    return true;
  if (orient (m->p[a], m->p[b], m->p[d]) <= 0 || orient (m->p[a], m->p[d], m->p[c]) <= 0)
    return true; /* not a convex quadrilateral: flipping would fold */
  /* u runs the shared edge backwards: u = (d, c, b) from its side j.
   * Edge b-c becomes a-d: t = (a, b, d), u = (d, c, a). */
  int t_ab = t->n[(i + 2) % 3], t_ca = t->n[(i + 1) % 3];
  int u_bd = u->n[(j + 1) % 3], u_dc = u->n[(j + 2) % 3];
  *t = (Tri) { { a, b, d }, { u_bd, ui, t_ab } };
  *u = (Tri) { { d, c, a }, { t_ca, ti, u_dc } };
  if (u_bd >= 0)
    m->t[u_bd].n[find_side (&m->t[u_bd], ui)] = ti;
  if (t_ca >= 0)
    m->t[t_ca].n[find_side (&m->t[t_ca], ti)] = ui;
  return push_edge (m, ti, 0) && push_edge (m, ti, 2) && push_edge (m, ui, 0) && push_edge (m, ui, 2);
}

static bool
flip_all_pending (Mesh *m)
{
  int guard = 0;
  while (m->nstack > 0)
    {
      int e = m->stack[--m->nstack];
      if (!flip_if_needed (m, e / 3, e % 3))
        return false;
      if (++guard > 50 * (m->nt + 10) + 100000)
        break; /* cannot cycle in exact arithmetic; a bound guards rounding */
    }
  return true;
}

static bool
delaunay_pass (Mesh *m)
{
  for (int t = 0; t < m->nt; t++)
    for (int i = 0; i < 3; i++)
      if (!push_edge (m, t, i))
        return false;
  return flip_all_pending (m);
}

static bool
link_neighbours (Mesh *m)
{
  /* Hash of directed edges (a -> b) to triangle side. */
  int size = 1;
  while (size < 6 * m->nt + 16)
    size <<= 1;
  long *keys = malloc ((size_t) size * sizeof *keys);
  int *vals = malloc ((size_t) size * sizeof *vals);
  if (!keys || !vals)
    {
      free (keys);
      free (vals);
      return false;
    }
  for (int i = 0; i < size; i++)
    keys[i] = -1;
  long np = m->np;
  for (int t = 0; t < m->nt; t++)
    for (int i = 0; i < 3; i++)
      {
        long key = m->t[t].v[(i + 1) % 3] * np + m->t[t].v[(i + 2) % 3];
        unsigned h = (unsigned) (key * 2654435761u) & (unsigned) (size - 1);
        while (keys[h] != -1)
          h = (h + 1) & (unsigned) (size - 1);
        keys[h] = key;
        vals[h] = t * 3 + i;
        m->t[t].n[i] = -1;
      }
  for (int t = 0; t < m->nt; t++)
    for (int i = 0; i < 3; i++)
      {
        long key = m->t[t].v[(i + 2) % 3] * np + m->t[t].v[(i + 1) % 3];
        unsigned h = (unsigned) (key * 2654435761u) & (unsigned) (size - 1);
        while (keys[h] != -1 && keys[h] != key)
          h = (h + 1) & (unsigned) (size - 1);
        if (keys[h] == key)
          m->t[t].n[i] = vals[h] / 3;
      }
  free (keys);
  free (vals);
  return true;
}

static bool
add_tri (Mesh *m, int a, int b, int c)
{
  if (!grow ((void **) &m->t, &m->cap_t, m->nt + 1, sizeof (Tri)))
    return false;
  m->t[m->nt++] = (Tri) { { a, b, c }, { -1, -1, -1 } };
  return true;
}

/* Inside or on the triangle, with a tolerance (cm²): a boundary vertex
 * that rounding puts a hair outside an ear's diagonal (a straight seam
 * resampled into collinear points) must still block that ear, or the
 * clipping strands the rest of the run as a zero-area remainder. */
#define ON_EDGE_CM2 1e-9

static bool
point_in_triangle (AtVec2 a, AtVec2 b, AtVec2 c, AtVec2 p)
{
  return orient (a, b, p) >= -ON_EDGE_CM2 && orient (b, c, p) >= -ON_EDGE_CM2 && orient (c, a, p) >= -ON_EDGE_CM2;
}

static bool
ear_clip (Mesh *m, AtError *err)
{
  int n = m->nb;
  int *next = malloc ((size_t) n * sizeof *next), *prev = malloc ((size_t) n * sizeof *prev);
  if (!next || !prev)
    {
      free (next);
      free (prev);
      at_error_set (err, AT_ERR_NOMEM, "meshing: out of memory");
      return false;
    }
  for (int i = 0; i < n; i++)
    {
      next[i] = (i + 1) % n;
      prev[i] = (i + n - 1) % n;
    }
  int remaining = n, cur = 0, misses = 0;
  bool ok = true;
  while (remaining > 3 && ok)
    {
      int a = prev[cur], b = cur, c = next[cur];
      AtVec2 pa = m->p[a], pb = m->p[b], pc = m->p[c];
      bool ear = orient (pa, pb, pc) > 1e-10;
      for (int k = next[c]; ear && k != a; k = next[k])
        {
          AtVec2 q = m->p[k];
          bool same = (q.x == pa.x && q.y == pa.y) || (q.x == pb.x && q.y == pb.y) || (q.x == pc.x && q.y == pc.y);
          if (!same && point_in_triangle (pa, pb, pc, q))
            ear = false;
        }
      if (ear)
        {
          ok = add_tri (m, a, b, c);
          next[a] = c;
          prev[c] = a;
          remaining--;
          cur = c;
          misses = 0;
        }
      else
        {
          cur = next[cur];
          if (++misses > remaining)
            {
              at_error_set (err, AT_ERR_INVALID, "meshing: the outline is not a simple polygon");
              ok = false;
            }
        }
    }
  if (ok && remaining == 3)
    ok = add_tri (m, prev[cur], cur, next[cur]);
  free (next);
  free (prev);
  return ok;
}

static double
dist_to_segment (AtVec2 p, AtVec2 a, AtVec2 b)
{
  double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
  t = fmin (fmax (t, 0), 1);
  return hypot (p.x - a.x - t * dx, p.y - a.y - t * dy);
}

static bool
inside_boundary (const Mesh *m, AtVec2 p, double clearance)
{
  bool in = false;
  for (int i = 0, j = m->nb - 1; i < m->nb; j = i++)
    {
      AtVec2 a = m->p[i], b = m->p[j];
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
        in = !in;
      if (dist_to_segment (p, a, b) < clearance)
        return false;
    }
  return in;
}

static double
hash01 (int i, int j, int k)
{
  unsigned h = (unsigned) i * 73856093u ^ (unsigned) j * 19349663u ^ (unsigned) k * 83492791u;
  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return (h & 0xffffff) / (double) 0x1000000;
}

static bool
insert_point (Mesh *m, AtVec2 p)
{
  int found = -1;
  for (int t = 0; t < m->nt && found < 0; t++)
    {
      AtVec2 a = m->p[m->t[t].v[0]], b = m->p[m->t[t].v[1]], c = m->p[m->t[t].v[2]];
      if (orient (a, b, p) > 1e-9 && orient (b, c, p) > 1e-9 && orient (c, a, p) > 1e-9)
        found = t;
    }
  if (found < 0)
    return true; /* on an edge or outside: leave it out */
  if (!grow ((void **) &m->p, &m->cap_p, m->np + 1, sizeof (AtVec2))
      || !grow ((void **) &m->t, &m->cap_t, m->nt + 2, sizeof (Tri)))
    return false;
  int v = m->np++;
  m->p[v] = p;
  Tri old = m->t[found];
  int t1 = m->nt, t2 = m->nt + 1;
  m->nt += 2;
  /* found = (v, v1, v2), t1 = (v, v2, v0), t2 = (v, v0, v1). */
  int v0 = old.v[0], v1 = old.v[1], v2 = old.v[2];
  m->t[found] = (Tri) { { v, v1, v2 }, { old.n[0], t1, t2 } };
  m->t[t1] = (Tri) { { v, v2, v0 }, { old.n[1], t2, found } };
  m->t[t2] = (Tri) { { v, v0, v1 }, { old.n[2], found, t1 } };
  if (old.n[1] >= 0)
    m->t[old.n[1]].n[find_side (&m->t[old.n[1]], found)] = t1;
  if (old.n[2] >= 0)
    m->t[old.n[2]].n[find_side (&m->t[old.n[2]], found)] = t2;
  return push_edge (m, found, 0) && push_edge (m, t1, 0) && push_edge (m, t2, 0) && flip_all_pending (m);
}

/* Whether p lies within clearance of one of the panel's fold lines. */
static bool
near_fold (const AtPanel *panel, AtVec2 p, double clearance)
{
  for (int f = 0; f < panel->fold_count; f++)
    if (dist_to_segment (p, panel->folds[f].a, panel->folds[f].b) < clearance)
      return true;
  return false;
}

/* Vertices along each fold line, spacing about h, kept half a spacing from
 * the outline (vertices nb..nfixed-1, see the design comment). */
static bool
insert_folds (Mesh *m, const AtPanel *panel, double h)
{
  int cap = 1;
  for (int f = 0; f < panel->fold_count; f++)
    cap += (int) lround (hypot (panel->folds[f].b.x - panel->folds[f].a.x, panel->folds[f].b.y - panel->folds[f].a.y) / h) + 1;
  m->fold_of = malloc ((size_t) cap * sizeof *m->fold_of);
  if (!m->fold_of)
    return false;
  for (int f = 0; f < panel->fold_count; f++)
    {
      AtVec2 a = panel->folds[f].a, b = panel->folds[f].b;
      int k = (int) lround (hypot (b.x - a.x, b.y - a.y) / h);
      for (int j = 1; j < k; j++)
        {
          /* A point lying on an edge is left out by insert_point (the
           * boundary's vertices above and below a band's fold line join
           * across it): then a little further along the line. */
          int before = m->np;
          for (int shift = 0; shift < 4 && m->np == before; shift++)
            {
              double t = (j + 0.1 * (shift % 2 ? shift : -shift)) / k;
              AtVec2 p = { a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t };
              if (inside_boundary (m, p, 0.5 * h) && !insert_point (m, p))
                return false;
            }
          if (m->np > before)
            m->fold_of[m->np - 1 - m->nb] = f;
        }
    }
  m->nfixed = m->np;
  return true;
}

static bool
smooth (Mesh *m, int iterations)
{
  int n = m->np;
  double *sx = malloc ((size_t) n * sizeof *sx), *sy = malloc ((size_t) n * sizeof *sy);
  int *cnt = malloc ((size_t) (n + 1) * sizeof *cnt), *first = malloc ((size_t) (n + 1) * sizeof *first);
  int *inc = malloc ((size_t) (3 * m->nt + 1) * sizeof *inc);
  bool ok = sx && sy && cnt && first && inc;
  for (int it = 0; ok && it < iterations; it++)
    {
      memset (sx, 0, (size_t) n * sizeof *sx);
      memset (sy, 0, (size_t) n * sizeof *sy);
      memset (cnt, 0, (size_t) (n + 1) * sizeof *cnt);
      /* Each interior edge is seen from both of its triangles, so every
       * neighbour counts twice and the centroid is unchanged. */
      for (int t = 0; t < m->nt; t++)
        for (int i = 0; i < 3; i++)
          {
            int a = m->t[t].v[i], b = m->t[t].v[(i + 1) % 3];
            sx[a] += m->p[b].x, sy[a] += m->p[b].y, cnt[a]++;
            sx[b] += m->p[a].x, sy[b] += m->p[a].y, cnt[b]++;
          }
      /* Triangles around each vertex (compressed rows). */
      memset (first, 0, (size_t) (n + 1) * sizeof *first);
      for (int t = 0; t < m->nt; t++)
        for (int i = 0; i < 3; i++)
          first[m->t[t].v[i] + 1]++;
      for (int v = 0; v < n; v++)
        first[v + 1] += first[v];
      for (int t = 0; t < m->nt; t++)
        for (int i = 0; i < 3; i++)
          inc[first[m->t[t].v[i]]++] = t;
      for (int v = n; v > 0; v--)
        first[v] = first[v - 1];
      first[0] = 0;
      for (int v = m->nfixed; v < n; v++)
        {
          if (!cnt[v])
            continue;
          AtVec2 old = m->p[v];
          m->p[v] = (AtVec2) { sx[v] / cnt[v], sy[v] / cnt[v] };
          for (int k = first[v]; k < first[v + 1]; k++)
            {
              const Tri *tr = &m->t[inc[k]];
              if (orient (m->p[tr->v[0]], m->p[tr->v[1]], m->p[tr->v[2]]) <= 1e-9)
                {
                  m->p[v] = old; /* the move would fold a triangle */
                  break;
                }
            }
        }
      ok = delaunay_pass (m);
    }
  free (sx);
  free (sy);
  free (cnt);
  free (first);
  free (inc);
  return ok;
}

void
at_panel_mesh_clear (AtPanelMesh *mesh)
{
  free (mesh->rest);
  free (mesh->indices);
  free (mesh->segment_start);
  memset (mesh, 0, sizeof *mesh);
}

/* The depth (cm) of the shallower part of panel either side of fold f:
 * the farthest outline point from the line on each side, the nearer of the
 * two (0 when the line runs along the outline). */
static double
fold_depth (const AtPanel *panel, int f)
{
  AtVec2 a = panel->folds[f].a, b = panel->folds[f].b, pts[2048];
  double len = hypot (b.x - a.x, b.y - a.y), side[2] = { 0, 0 };
  if (len <= 0)
    return 0;
  int n = at_panel_flatten (panel, 0.5, pts, NULL, 2048);
  if (n < 0)
    n = at_panel_flatten (panel, 5.0, pts, NULL, 2048);
  for (int i = 0; i < n; i++)
    {
      double d = ((pts[i].x - a.x) * (a.y - b.y) + (pts[i].y - a.y) * (b.x - a.x)) / len;
      side[d < 0] = fmax (side[d < 0], fabs (d));
    }
  return fmin (side[0], side[1]);
}

double
at_panel_edge_length (const AtPanel *panel, const AtMeshOptions *options)
{
  double h = options->edge_length_cm;
  for (int f = 0; f < panel->fold_count; f++)
    {
      /* a fold shallower than a quarter edge stays a crease, not refined */
      double finer = fold_depth (panel, f) / AT_MESH_FOLD_ROWS;
      if (finer >= 0.25 * options->edge_length_cm)
        h = fmin (h, finer);
    }
  return h;
}

AtStatus
at_panel_triangulate (const AtPanel *panel, const int *divisions, const AtMeshOptions *options, AtPanelMesh *out,
                      AtError *err)
{
  AtMeshOptions def = at_mesh_options_default ();
  if (!options)
    options = &def;
  memset (out, 0, sizeof *out);
  if (!(options->edge_length_cm >= 0.1 && options->edge_length_cm <= 100))
    return at_error_set (err, AT_ERR_RANGE, "meshing: edge length %g cm is outside 0.1-100", options->edge_length_cm);
  double h = at_panel_edge_length (panel, options);
  if (panel->segment_count < 2)
    return at_error_set (err, AT_ERR_INVALID, "meshing: panel '%s' has fewer than 2 segments", panel->name);
  Mesh m = { 0 };
  AtStatus st = AT_OK;
  out->segment_count = panel->segment_count;
  out->segment_start = malloc ((size_t) (panel->segment_count + 1) * sizeof (int));
  if (!out->segment_start)
    return at_error_set (err, AT_ERR_NOMEM, "meshing: out of memory");
  for (int i = 0; i < panel->segment_count; i++)
    {
      double len = at_segment_length (panel, i);
      int k = divisions ? divisions[i] : (int) lround (len / h);
      k = k < 1 ? 1 : k;
      if (k > 100000)
        {
          st = at_error_set (err, AT_ERR_RANGE, "meshing: panel '%s' segment '%s' needs too many points", panel->name,
                             panel->segments[i].name);
          goto done;
        }
      out->segment_start[i] = m.np;
      if (!grow ((void **) &m.p, &m.cap_p, m.np + k, sizeof (AtVec2)))
        goto nomem;
      for (int j = 0; j < k; j++)
        m.p[m.np++] = at_segment_point (panel, i, at_segment_param_at_length (panel, i, len * j / k));
    }
  out->segment_start[panel->segment_count] = m.np;
  m.nb = m.np;
  if (at_panel_area (panel) <= 0)
    {
      st = at_error_set (err, AT_ERR_INVALID, "meshing: panel '%s' runs clockwise or has no area", panel->name);
      goto done;
    }
  if (!ear_clip (&m, err))
    {
      st = err ? err->code : AT_ERR_INVALID;
      if (st == AT_ERR_INVALID)
        at_error_set (err, st, "meshing: panel '%s': the outline is not a simple polygon", panel->name);
      goto done;
    }
  m.nfixed = m.nb;
  if (!link_neighbours (&m) || !delaunay_pass (&m) || !insert_folds (&m, panel, h))
    goto nomem;

  /* The grid's rows run along x from the panel's corner, or along the
   * first fold line from its start: then the fold is a row of the grid,
   * and the row spacing is set to divide the depth of the fold's shallower
   * side into whole rows, at least 0.7 of a spacing apart (clear of the
   * fold's 0.6 with the jitter), so a band's rows either side of its fold
   * are evenly spaced; rows at random offsets from the fold left a band's
   * folded half a single row of triangles, or slivers. */
  AtVec2 lo, hi, o, u = { 1, 0 };
  at_panel_bounds (panel, &lo, &hi);
  o = lo;
  double dy = h * sqrt (3) / 2, umin = INFINITY, umax = -INFINITY, wmin = INFINITY, wmax = -INFINITY;
  if (panel->fold_count > 0)
    {
      AtVec2 a = panel->folds[0].a, b = panel->folds[0].b;
      double len = hypot (b.x - a.x, b.y - a.y), depth = fold_depth (panel, 0);
      int rows = (int) lround (depth / dy);
      while (rows > 1 && depth / rows < 0.7 * h)
        rows--;
      if (len > 0 && rows > 0)
        o = a, u = (AtVec2) { (b.x - a.x) / len, (b.y - a.y) / len }, dy = depth / rows;
    }
  for (int c = 0; c < 4; c++)
    {
      double x = (c & 1 ? hi.x : lo.x) - o.x, y = (c & 2 ? hi.y : lo.y) - o.y;
      umin = fmin (umin, x * u.x + y * u.y), umax = fmax (umax, x * u.x + y * u.y);
      wmin = fmin (wmin, y * u.x - x * u.y), wmax = fmax (wmax, y * u.x - x * u.y);
    }
  for (int j = (int) floor (wmin / dy); j * dy <= wmax; j++)
    for (int i = (int) floor (umin / h) - 1; i * h <= umax + h; i++)
      {
        double along = i * h + (j % 2 ? 0.5 * h : 0) + 0.15 * h * (hash01 (i, j, 1) - 0.5);
        double across = j * dy + 0.15 * h * (hash01 (i, j, 2) - 0.5);
        AtVec2 p = { o.x + along * u.x - across * u.y, o.y + along * u.y + across * u.x };
        if (inside_boundary (&m, p, 0.6 * h) && !near_fold (panel, p, 0.6 * h) && !insert_point (&m, p))
          goto nomem;
      }
  if (!smooth (&m, options->smoothing_iterations))
    goto nomem;

  out->vertex_count = m.np;
  out->boundary_count = m.nb;
  out->triangle_count = m.nt;
  out->rest = malloc ((size_t) m.np * 2 * sizeof (float));
  out->indices = malloc ((size_t) m.nt * 3 * sizeof (uint32_t));
  if (!out->rest || !out->indices)
    goto nomem;
  for (int v = 0; v < m.np; v++)
    {
      out->rest[2 * v] = (float) (m.p[v].x / 100);
      out->rest[2 * v + 1] = (float) (m.p[v].y / 100);
    }
  for (int t = 0; t < m.nt; t++)
    for (int i = 0; i < 3; i++)
      out->indices[3 * t + i] = (uint32_t) m.t[t].v[i];
  goto done;
nomem:
  st = at_error_set (err, AT_ERR_NOMEM, "meshing panel '%s': out of memory", panel->name);
done:
  free (m.p);
  free (m.t);
  free (m.stack);
  free (m.fold_of);
  if (st != AT_OK)
    at_panel_mesh_clear (out);
  return st;
}

static int
compare_double (const void *x, const void *y)
{
  double a = *(const double *) x, b = *(const double *) y;
  return (a > b) - (a < b);
}

void
at_panel_mesh_quality (const AtPanelMesh *mesh, double *min_angle_deg, double *edge_spread)
{
  double min_angle = 180;
  int ne = mesh->triangle_count * 3;
  double *len = malloc ((size_t) (ne > 0 ? ne : 1) * sizeof *len);
  for (int t = 0; t < mesh->triangle_count; t++)
    {
      const float *p[3];
      for (int i = 0; i < 3; i++)
        p[i] = &mesh->rest[2 * mesh->indices[3 * t + i]];
      for (int i = 0; i < 3; i++)
        {
          const float *a = p[i], *b = p[(i + 1) % 3], *c = p[(i + 2) % 3];
          double ux = b[0] - a[0], uy = b[1] - a[1], vx = c[0] - a[0], vy = c[1] - a[1];
          double ang = atan2 (fabs (ux * vy - uy * vx), ux * vx + uy * vy) * 180 / M_PI;
          min_angle = fmin (min_angle, ang);
          if (len)
            len[3 * t + i] = hypot (ux, uy);
        }
    }
  *min_angle_deg = min_angle;
  *edge_spread = 0;
  if (len && ne > 0)
    {
      qsort (len, (size_t) ne, sizeof *len, compare_double);
      double p5 = len[(int) (0.05 * (ne - 1))], p95 = len[(int) (0.95 * (ne - 1))];
      *edge_spread = p5 > 0 ? p95 / p5 : INFINITY;
    }
  free (len);
}

/* Splits `total` divisions over the segments of a seam side in proportion to
 * their lengths (largest remainder, at least one each). */
static bool
distribute (const AtPattern *p, const AtSeamSide *side, int total, int *div)
{
  const AtPanel *pn = &p->panels[side->panel];
  double len = at_seam_side_length (p, side);
  if (total < side->count || len <= 0)
    return false;
  double rem[AT_PANEL_MAX_SEGMENTS];
  int given = 0;
  for (int k = 0; k < side->count; k++)
    {
      int i = (side->first + k) % pn->segment_count;
      double share = total * at_segment_length (pn, i) / len;
      div[i] = share < 1 ? 1 : (int) floor (share);
      rem[k] = share - div[i];
      given += div[i];
    }
  while (given != total)
    {
      int best = -1;
      for (int k = 0; k < side->count; k++)
        {
          int i = (side->first + k) % pn->segment_count;
          if (given > total && div[i] <= 1)
            continue;
          if (best < 0 || (given < total ? rem[k] > rem[best] : rem[k] < rem[best]))
            best = k;
        }
      if (best < 0)
        return false;
      div[(side->first + best) % pn->segment_count] += given < total ? 1 : -1;
      rem[best] += given < total ? -1 : 1;
      given += given < total ? 1 : -1;
    }
  return true;
}

/* Boundary vertices of a seam side, from its start to its end inclusive. */
static int
side_vertices (const AtPanelMesh *mesh, const AtPanel *pn, const AtSeamSide *side, int *out)
{
  int n = 0;
  for (int k = 0; k < side->count; k++)
    {
      int i = (side->first + k) % pn->segment_count;
      for (int v = mesh->segment_start[i]; v < mesh->segment_start[i + 1]; v++)
        out[n++] = v;
    }
  int last = (side->first + side->count - 1) % pn->segment_count;
  out[n++] = mesh->segment_start[last + 1] % mesh->boundary_count;
  return n;
}

void
at_pattern_mesh_free (AtPatternMesh *mesh)
{
  if (!mesh)
    return;
  for (int i = 0; i < mesh->panel_count; i++)
    at_panel_mesh_clear (&mesh->panels[i]);
  for (int s = 0; s < mesh->seam_count; s++)
    {
      free (mesh->seams[s].a);
      free (mesh->seams[s].b);
    }
  free (mesh->panels);
  free (mesh->seams);
  free (mesh);
}

AtStatus
at_pattern_mesh (const AtPattern *pattern, const AtMeshOptions *options, AtPatternMesh **out, AtError *err)
{
  AtMeshOptions def = at_mesh_options_default ();
  if (!options)
    options = &def;
  *out = NULL;
  const int none = 0; /* calloc'd: no division count chosen yet */
  int (*div)[AT_PANEL_MAX_SEGMENTS] = calloc (AT_PATTERN_MAX_PANELS, sizeof *div);
  AtPatternMesh *pm = calloc (1, sizeof *pm);
  if (!div || !pm)
    {
      free (div);
      free (pm);
      return at_error_set (err, AT_ERR_NOMEM, "meshing: out of memory");
    }
  pm->panels = calloc ((size_t) pattern->panel_count + 1, sizeof *pm->panels);
  pm->seams = calloc ((size_t) pattern->seam_count + 1, sizeof *pm->seams);
  AtStatus st = AT_OK;
  if (!pm->panels || !pm->seams)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "meshing: out of memory");
      goto done;
    }
  for (int s = 0; s < pattern->seam_count; s++)
    {
      const AtSeam *seam = &pattern->seams[s];
      const AtSeamSide *sides[2] = { &seam->a, &seam->b };
      double len = 0.5 * (at_seam_side_length (pattern, &seam->a) + at_seam_side_length (pattern, &seam->b));
      double h = fmin (at_panel_edge_length (&pattern->panels[seam->a.panel], options),
                       at_panel_edge_length (&pattern->panels[seam->b.panel], options));
      int total = (int) lround (len / h);
      total = total < seam->a.count ? seam->a.count : total;
      total = total < seam->b.count ? seam->b.count : total;
      for (int k = 0; k < 2; k++)
        {
          for (int j = 0; j < sides[k]->count; j++)
            if (div[sides[k]->panel][(sides[k]->first + j) % pattern->panels[sides[k]->panel].segment_count] != none)
              {
                st = at_error_set (err, AT_ERR_INVALID, "meshing: seam '%s' sews a segment that another seam sews",
                                   seam->name);
                goto done;
              }
          if (!distribute (pattern, sides[k], total, div[sides[k]->panel]))
            {
              st = at_error_set (err, AT_ERR_INVALID, "meshing: seam '%s' has a side of zero length", seam->name);
              goto done;
            }
        }
    }
  for (int p = 0; p < pattern->panel_count; p++)
    {
      const AtPanel *pn = &pattern->panels[p];
      double h = at_panel_edge_length (pn, options);
      for (int i = 0; i < pn->segment_count; i++)
        if (div[p][i] == none)
          {
            int k = (int) lround (at_segment_length (pn, i) / h);
            div[p][i] = k < 1 ? 1 : k;
          }
      if ((st = at_panel_triangulate (pn, div[p], options, &pm->panels[p], err)) != AT_OK)
        goto done;
      pm->panel_count = p + 1;
    }
  for (int s = 0; s < pattern->seam_count; s++)
    {
      const AtSeam *seam = &pattern->seams[s];
      const AtPanelMesh *ma = &pm->panels[seam->a.panel], *mb = &pm->panels[seam->b.panel];
      AtSeamPairs *sp = &pm->seams[s];
      sp->a = malloc ((size_t) (ma->boundary_count + 1) * sizeof (int));
      sp->b = malloc ((size_t) (mb->boundary_count + 1) * sizeof (int));
      pm->seam_count = s + 1;
      if (!sp->a || !sp->b)
        {
          st = at_error_set (err, AT_ERR_NOMEM, "meshing: out of memory");
          goto done;
        }
      int na = side_vertices (ma, &pattern->panels[seam->a.panel], &seam->a, sp->a);
      int nb = side_vertices (mb, &pattern->panels[seam->b.panel], &seam->b, sp->b);
      if (na != nb)
        {
          st = at_error_set (err, AT_ERR_INVALID, "meshing: seam '%s' has %d and %d vertices", seam->name, na, nb);
          goto done;
        }
      sp->count = na;
      if (seam->reversed)
        for (int k = 0; k < nb / 2; k++)
          {
            int tmp = sp->b[k];
            sp->b[k] = sp->b[nb - 1 - k];
            sp->b[nb - 1 - k] = tmp;
          }
    }
done:
  free (div);
  if (st != AT_OK)
    at_pattern_mesh_free (pm);
  else
    *out = pm;
  return st;
}

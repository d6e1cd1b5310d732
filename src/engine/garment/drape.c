/* Sewing and draping a pattern on a body, in two phases as in CLO and
 * Marvelous Designer ("simulation with sewing", Volino & Magnenat-Thalmann,
 * "Virtual Clothing", 2000, ch. 6; Fontana et al. 2005):
 *
 * 1. Sewing: every panel meshed (at_pattern_mesh pairs the boundary
 *    vertices of both sides of each seam one to one), placed round the body
 *    (drape_place.c) and simulated without gravity while the cloth solver's
 *    seam constraints draw each pair together at a bounded speed; the body
 *    field and self-collision keep the panels outside the skin and apart.
 *    The phase ends when every pair is within seam_closed_mm and the
 *    garment has settled, or after sew_frames. A buttoned front is sewn
 *    the same way at its buttons (button_pairs). The bounded speed is also
 *    a bounded force: a garment one size too small for the body needs its
 *    cloth stretched to close, which that force cannot do (a trouser crotch
 *    stayed 5-10 cm open). So the sewing ends by closing: every group of
 *    sewn vertices is attached, stiffly, to the group's mean (outside the
 *    skin), and the cloth stretches to meet it until the seams are within a
 *    millimetre or two and the garment has settled, as CLO's sewing springs
 *    pull a seam shut and leave the strain in the cloth.
 * 2. Draping: the sewn garment is simulated again from where sewing left it,
 *    now under gravity, until at rest (all but 1 % of the vertices slower
 *    than rest_speed for a quarter of a second) or max_frames.
 *
 * The XPBD solver (cloth module) takes its gravity at creation, so phase 2
 * is a new solver started from phase 1's positions. Its seam constraint
 * closes at a bounded speed (right for sewing, too weak to carry a
 * garment's weight), so phase 2 welds every sewn pair into one vertex, as a
 * sewn seam is one piece of cloth: its rest shape is the sewn garment, with
 * the stretch that closing left in it relaxed back to the pattern's edge
 * lengths (relax_stretch), and the fit analysis still measures strain
 * against the flat pattern, which the garment mesh keeps in its uvs. */
#include "drape_internal.h"
#include "cloth/at_cloth.h"
#include "cloth/at_sdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct AtDrape {
  AtPattern pattern;
  AtFabric fabric;
  AtDrapeDef def;
  AtBody *body;
  const AtSdf *sdf;
  AtMesh *mesh;          /* garment: positions, normals, uvs (pattern, metres) */
  int *vertex_panel;
  int *pairs;            /* 2 per seam pair, garment vertex indices */
  int npairs;
  AtCloth *cloth;
  int *weld;             /* garment vertex -> solver vertex once welded, else NULL */
  double sewn_gap;       /* largest seam gap when welded (m) */
  AtDrapePhase phase;
  int closing_from;      /* sewing: frame the closing began, or -1 */
  double least_gap_mm;   /* sewing: the smallest largest gap so far ... */
  int least_gap_frame;   /* ... and the frame it was reached */
  int frames, calm;
  float *last;           /* solver positions a frame ago, or NULL */
  double seconds;
  bool mesh_fresh;
};

AtDrapeDef
at_drape_def_default (void)
{
  return (AtDrapeDef) {
    .edge_length_cm = 1.5,
    .sew_frames = 120,
    .max_frames = 600,
    .rest_speed = 0.05f,
    .frame_dt = 1.0f / 30.0f,
    .substeps = 16,
    .sew_substeps = 8,
    .drape_iterations = 4,
    .self_collision = true,
    .seam_closed_mm = 20.0f,
    .settle_damping = 4.0f,
  };
}

static double
now_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* The pattern checks a simulator depends on; the first problem found is
 * the error (its message names the seam or panel). */
static AtStatus
check_pattern (const AtPattern *p, AtError *err)
{
  if (p->panel_count < 1)
    return at_error_set (err, AT_ERR_INVALID, "pattern '%s' has no panels", p->garment);
  AtCheckOptions opt = at_check_options_default ();
  AtCheckIssue issue;
  if (at_pattern_check (p, &opt, &issue, 1) > 0)
    return at_error_set (err, AT_ERR_INVALID, "pattern '%s' cannot be sewn: %s", p->garment, issue.message);
  return AT_OK;
}

/* Every panel's fabric must exist; the garment is simulated in the first
 * panel's (a pattern names one fabric per garment in the library). */
static AtStatus
resolve_fabric (const AtPattern *p, const AtFabric *override, AtFabric *out, AtError *err)
{
  if (override)
    {
      *out = *override;
      return at_fabric_validate (out, err);
    }
  for (int i = p->panel_count - 1; i >= 0; i--)
    {
      AtError ferr = { 0 };
      if (at_fabric_load (p->panels[i].fabric, out, &ferr) != AT_OK)
        return at_error_set (err, AT_ERR_NOT_FOUND, "panel '%s': unknown fabric '%s' (%s)", p->panels[i].name,
                             p->panels[i].fabric, ferr.message);
    }
  return AT_OK;
}

/* CLO's default avatar skin offset; it covers the body field's coarseness
 * (see at_cloth_set_skin_offset). */
#define SKIN_OFFSET 0.003f

/* Buttons, cm: the first below the neck (the collar stand closes the neck
 * itself), then at a shirt's usual spacing, the last this far above the hem. */
#define BUTTON_TOP_CM 1.5
#define BUTTON_SPACING_CM 9.0
#define BUTTON_HEM_CM 6.0

/* The vertex of panel mesh m nearest flat point (x, y) metres. */
static int
nearest_vertex (const AtPanelMesh *m, float x, float y)
{
  int best = 0;
  float best_d = INFINITY;
  for (int v = 0; v < m->vertex_count; v++)
    {
      float dx = m->rest[2 * v] - x, dy = m->rest[2 * v + 1] - y, dd = dx * dx + dy * dy;
      if (dd < best_d)
        best_d = dd, best = v;
    }
  return best;
}

/* A buttoned front (at_panel_is_buttoned_front) overlaps its mirror
 * image at the centre front once buttoned: each button joins the two
 * centre lines at one point, as a sewn pair (CLO's button and buttonhole
 * points). Appends the pairs to d->pairs, which has room for max_pairs. */
static void
button_pairs (AtDrape *d, const AtPatternMesh *pm, const int *first, int max_pairs)
{
  const AtPattern *p = &d->pattern;
  for (int i = 0; i < p->panel_count; i++)
    {
      int j = p->panels[i].mirror_of;
      if (j < 0 || !at_panel_is_buttoned_front (p, j))
        continue;
      /* The centre line's extent: the panel's boundary and interior points
       * within half an edge of x = 0. */
      const AtPanelMesh *mj = &pm->panels[j];
      float top = -INFINITY, bottom = INFINITY, near = (float) d->def.edge_length_cm / 200;
      for (int v = 0; v < mj->vertex_count; v++)
        if (fabsf (mj->rest[2 * v]) < near)
          {
            top = fmaxf (top, mj->rest[2 * v + 1]);
            bottom = fminf (bottom, mj->rest[2 * v + 1]);
          }
      for (float y = top - BUTTON_TOP_CM / 100; y >= bottom + BUTTON_HEM_CM / 100 && d->npairs < max_pairs;
           y -= BUTTON_SPACING_CM / 100)
        {
          d->pairs[2 * d->npairs] = first[j] + nearest_vertex (mj, 0, y);
          d->pairs[2 * d->npairs + 1] = first[i] + nearest_vertex (&pm->panels[i], 0, y);
          d->npairs++;
        }
    }
}

/* A folded panel's free edge is sewn back into the seam it folds onto (a
 * folded cuff's or band's two edges go into one seam with the sleeve or
 * neckline): each unsewn boundary vertex beyond a fold the drape folds
 * (at_drape_fold_side) is paired with the sewn boundary vertex nearest its
 * mirror image, when that lies within FOLD_REACH edges of it. */
#define FOLD_REACH 0.6f

static bool
fold_pairs (AtDrape *d, const AtPatternMesh *pm, const int *first, int max_pairs)
{
  const AtPattern *p = &d->pattern;
  float reach = FOLD_REACH * (float) d->def.edge_length_cm / 100, near = 1e-3f;
  bool *sewn = NULL;
  for (int i = 0; i < p->panel_count; i++)
    {
      const AtPanelMesh *m = &pm->panels[i];
      if (p->panels[i].fold_count == 0)
        continue;
      free (sewn);
      if (!(sewn = calloc ((size_t) m->boundary_count, sizeof *sewn)))
        return false;
      for (int s = 0; s < p->seam_count; s++)
        for (int k = 0; k < pm->seams[s].count; k++)
          {
            if (p->seams[s].a.panel == i)
              sewn[pm->seams[s].a[k]] = true;
            if (p->seams[s].b.panel == i)
              sewn[pm->seams[s].b[k]] = true;
          }
      for (int f = 0; f < p->panels[i].fold_count; f++)
        {
          float n[2];
          if (!at_drape_fold_side (p, pm, i, f, n))
            continue;
          float ax = (float) (p->panels[i].folds[f].a.x / 100), ay = (float) (p->panels[i].folds[f].a.y / 100);
          for (int v = 0; v < m->boundary_count && d->npairs < max_pairs; v++)
            {
              float dv = (m->rest[2 * v] - ax) * n[0] + (m->rest[2 * v + 1] - ay) * n[1];
              if (sewn[v] || dv <= near)
                continue;
              float rx = m->rest[2 * v] - 2 * dv * n[0], ry = m->rest[2 * v + 1] - 2 * dv * n[1], best = reach;
              int partner = -1;
              for (int u = 0; u < m->boundary_count; u++)
                {
                  float du = (m->rest[2 * u] - ax) * n[0] + (m->rest[2 * u + 1] - ay) * n[1];
                  float dist = hypotf (m->rest[2 * u] - rx, m->rest[2 * u + 1] - ry);
                  if (sewn[u] && du <= near && dist < best)
                    best = dist, partner = u;
                }
              if (partner >= 0)
                {
                  d->pairs[2 * d->npairs] = first[i] + v;
                  d->pairs[2 * d->npairs + 1] = first[i] + partner;
                  d->npairs++;
                }
            }
        }
    }
  free (sewn);
  return true;
}

static AtStatus
build_mesh (AtDrape *d, AtError *err)
{
  const AtPattern *p = &d->pattern;
  AtMeshOptions opt = at_mesh_options_default ();
  opt.edge_length_cm = d->def.edge_length_cm;
  AtPatternMesh *pm;
  /* A coarse resampling can make a tight curve (a dart apex, a narrow
   * band end) touch itself, which the triangulator refuses: retry finer. */
  AtStatus st = at_pattern_mesh (p, &opt, &pm, err);
  for (int retry = 0; st == AT_ERR_INVALID && retry < 4; retry++)
    {
      opt.edge_length_cm *= 0.85;
      st = at_pattern_mesh (p, &opt, &pm, err);
    }
  if (st != AT_OK)
    return st;
  int first[AT_PATTERN_MAX_PANELS + 1] = { 0 }, ntri = 0, nboundary = 0;
  for (int i = 0; i < p->panel_count; i++)
    {
      first[i + 1] = first[i] + pm->panels[i].vertex_count;
      ntri += pm->panels[i].triangle_count;
      nboundary += pm->panels[i].boundary_count;
    }
  int n = first[p->panel_count], npairs = 0;
  for (int s = 0; s < pm->seam_count; s++)
    npairs += pm->seams[s].count;
  /* room for the buttons, one per spacing down each panel, and for the
   * folds' free edges */
  int max_pairs = npairs + p->panel_count * (int) (300 / BUTTON_SPACING_CM) + nboundary;
  d->mesh = at_mesh_new (n, ntri, AT_MESH_NORMALS | AT_MESH_UVS);
  d->vertex_panel = malloc ((size_t) n * sizeof *d->vertex_panel);
  d->pairs = malloc ((size_t) (2 * max_pairs + 1) * sizeof *d->pairs);
  if (!d->mesh || !d->vertex_panel || !d->pairs)
    {
      at_pattern_mesh_free (pm);
      return at_error_set (err, AT_ERR_NOMEM, "drape: out of memory for %d vertices", n);
    }
  int t = 0;
  for (int i = 0; i < p->panel_count; i++)
    {
      const AtPanelMesh *m = &pm->panels[i];
      memcpy (d->mesh->uvs + 2 * first[i], m->rest, (size_t) 2 * m->vertex_count * sizeof *m->rest);
      for (int v = 0; v < m->vertex_count; v++)
        d->vertex_panel[first[i] + v] = i;
      for (int k = 0; k < 3 * m->triangle_count; k++)
        d->mesh->indices[3 * t + k] = m->indices[k] + (uint32_t) first[i];
      t += m->triangle_count;
    }
  for (int s = 0; s < pm->seam_count; s++)
    {
      const AtSeamPairs *sp = &pm->seams[s];
      int pa = p->seams[s].a.panel, pb = p->seams[s].b.panel;
      for (int k = 0; k < sp->count; k++)
        {
          int i = first[pa] + sp->a[k], j = first[pb] + sp->b[k];
          if (i == j)
            continue;
          d->pairs[2 * d->npairs] = i;
          d->pairs[2 * d->npairs + 1] = j;
          d->npairs++;
        }
    }
  button_pairs (d, pm, first, max_pairs);
  if (!fold_pairs (d, pm, first, max_pairs))
    st = at_error_set (err, AT_ERR_NOMEM, "drape: out of memory sewing folds");
  else
    st = at_drape_place (p, pm, d->body, first, d->mesh->positions, err);
  at_pattern_mesh_free (pm);
  if (st == AT_OK && !at_mesh_compute_normals (d->mesh))
    st = at_error_set (err, AT_ERR_NOMEM, "drape: out of memory for normals");
  return st;
}

static double
max_gap (const float *x, const int *pairs, int n)
{
  double worst = 0;
  for (int k = 0; k < n; k++)
    {
      const float *a = x + 3 * pairs[2 * k], *b = x + 3 * pairs[2 * k + 1];
      double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
      worst = fmax (worst, sqrt (dx * dx + dy * dy + dz * dz));
    }
  return worst;
}

/* Garment positions (and normals) from the solver's. */
static void
sync_mesh (AtDrape *d)
{
  const float *x = at_cloth_positions (d->cloth);
  for (int v = 0; v < d->mesh->vertex_count; v++)
    memcpy (d->mesh->positions + 3 * v, x + 3 * (d->weld ? d->weld[v] : v), 3 * sizeof *x);
  at_mesh_compute_normals (d->mesh);
  d->mesh_fresh = true;
}

static int
find_root (int *parent, int v)
{
  while (parent[v] != v)
    v = parent[v] = parent[parent[v]];
  return v;
}

/* group[v]: the group of garment vertex v, each group a vertex and
 * everything sewn to it (union-find over the seam pairs), numbered from 0
 * in vertex order. Returns the group count, -1 out of memory. */
static int
seam_groups (const AtDrape *d, int *group)
{
  int n = d->mesh->vertex_count, m = 0;
  int *parent = malloc ((size_t) n * sizeof *parent);
  if (!parent)
    return -1;
  for (int v = 0; v < n; v++)
    parent[v] = v, group[v] = -1;
  for (int k = 0; k < d->npairs; k++)
    parent[find_root (parent, d->pairs[2 * k])] = find_root (parent, d->pairs[2 * k + 1]);
  for (int v = 0; v < n; v++)
    {
      int r = find_root (parent, v);
      if (group[r] < 0)
        group[r] = m++;
      group[v] = group[r];
    }
  free (parent);
  return m;
}

/* Mean position of each group (3 per group) of the positions x; count
 * (one per group) receives the group sizes. */
static void
group_means (const int *group, int n, int groups, const float *x, float *mean, int *count)
{
  memset (mean, 0, (size_t) 3 * groups * sizeof *mean);
  memset (count, 0, (size_t) groups * sizeof *count);
  for (int v = 0; v < n; v++)
    {
      count[group[v]]++;
      for (int a = 0; a < 3; a++)
        mean[3 * group[v] + a] += x[3 * v + a];
    }
  for (int k = 0; k < groups; k++)
    for (int a = 0; a < 3; a++)
      mean[3 * k + a] /= (float) count[k];
}

/* An edge of the welded garment and its length in the flat pattern. */
typedef struct {
  int a, b;
  float length;
} PatternEdge;

static int
cmp_pattern_edge (const void *pa, const void *pb)
{
  const PatternEdge *x = pa, *y = pb;
  return x->a != y->a ? (x->a > y->a) - (x->a < y->a) : (x->b > y->b) - (x->b < y->b);
}

/* Shortens the welded garment's stretched edges back to their pattern
 * lengths (Gauss-Seidel projection of those edges alone, as Provot's 1995
 * strain limiting projects over-stretched springs). Closing the seams
 * stretches the cloth at seam junctions and dart tips by tens of per cent
 * in a few edges; the welded solver takes its positions as the rest
 * shape, so without this that stretch would be its rest state, never
 * relax, and show in the strain map. Shortened edges are left alone: they
 * are folds (a folded band's edges across its fold line) and ease, whose
 * buckled shape the rest state should keep. A vertex the relaxation moves
 * is kept the skin offset outside the body, as the drape would keep it:
 * where the body holds the garment open (a size too small) that stretch
 * stays, and a relaxed cuff or hood drawn into the skin would be thrown
 * off it when the drape's contacts push it back out (a hoodie's cuffs slid
 * over the hands). An edge shared by two panels (along a seam) takes the
 * mean of their lengths. */
#define RELAX_TOLERANCE 0.005f
#define RELAX_SWEEPS 64

static bool
relax_stretch (const AtDrape *d, AtMesh *w)
{
  const AtMesh *g = d->mesh;
  PatternEdge *e = malloc ((size_t) 3 * g->triangle_count * sizeof *e + 1);
  bool *moved = calloc ((size_t) w->vertex_count + 1, sizeof *moved);
  if (!e || !moved)
    {
      free (e);
      free (moved);
      return false;
    }
  int ne = 0;
  for (int t = 0; t < g->triangle_count; t++)
    for (int k = 0; k < 3; k++)
      {
        int i = (int) g->indices[3 * t + k], j = (int) g->indices[3 * t + (k + 1) % 3];
        int a = d->weld[i], b = d->weld[j], opposite = d->weld[g->indices[3 * t + (k + 2) % 3]];
        if (a == b || opposite == a || opposite == b) /* a triangle the weld collapses */
          continue;
        float du = g->uvs[2 * j] - g->uvs[2 * i], dv = g->uvs[2 * j + 1] - g->uvs[2 * i + 1];
        e[ne++] = (PatternEdge) { a < b ? a : b, a < b ? b : a, sqrtf (du * du + dv * dv) };
      }
  qsort (e, (size_t) ne, sizeof *e, cmp_pattern_edge);
  int unique = 0;
  for (int k = 0; k < ne;)
    {
      int end = k;
      double sum = 0;
      while (end < ne && e[end].a == e[k].a && e[end].b == e[k].b)
        sum += e[end++].length;
      e[unique] = e[k];
      e[unique++].length = (float) (sum / (end - k));
      k = end;
    }
  float *x = w->positions;
  bool stretched = true;
  for (int sweep = 0; sweep < RELAX_SWEEPS && stretched; sweep++)
    {
      stretched = false;
      for (int k = 0; k < unique; k++)
        {
          float *xa = x + 3 * e[k].a, *xb = x + 3 * e[k].b, dx[3];
          for (int c = 0; c < 3; c++)
            dx[c] = xb[c] - xa[c];
          float len = sqrtf (dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2]);
          if (len <= e[k].length * (1 + RELAX_TOLERANCE))
            continue;
          stretched = true;
          float half = 0.5f * (len - e[k].length) / len;
          for (int c = 0; c < 3; c++)
            xa[c] += half * dx[c], xb[c] -= half * dx[c];
          moved[e[k].a] = moved[e[k].b] = true;
        }
      for (int v = 0; v < w->vertex_count; v++)
        if (moved[v])
          {
            moved[v] = false;
            float grad[3], dist = at_sdf_sample (d->sdf, x + 3 * v, grad) - SKIN_OFFSET;
            float gl = sqrtf (grad[0] * grad[0] + grad[1] * grad[1] + grad[2] * grad[2]);
            if (dist < 0 && gl > 0)
              for (int c = 0; c < 3; c++)
                x[3 * v + c] -= dist * grad[c] / gl;
          }
    }
  free (e);
  free (moved);
  return true;
}

/* The garment with each group of sewn vertices merged at their mean
 * position, its stretched edges relaxed (relax_stretch); triangles a dart
 * apex collapses are dropped. No uvs: the rest shape is the sewn one. */
static AtMesh *
weld_seams (AtDrape *d, AtError *err)
{
  const AtMesh *g = d->mesh;
  int n = g->vertex_count, m = -1, kept = 0;
  int *count = malloc ((size_t) n * sizeof *count);
  d->weld = malloc ((size_t) n * sizeof *d->weld);
  AtMesh *w = NULL;
  if (count && d->weld && (m = seam_groups (d, d->weld)) >= 0)
    {
      for (int t = 0; t < g->triangle_count; t++)
        {
          const uint32_t *i = g->indices + 3 * t;
          kept += d->weld[i[0]] != d->weld[i[1]] && d->weld[i[1]] != d->weld[i[2]] && d->weld[i[0]] != d->weld[i[2]];
        }
      w = at_mesh_new (m, kept, 0);
    }
  if (w)
    {
      group_means (d->weld, n, m, g->positions, w->positions, count);
      kept = 0;
      for (int t = 0; t < g->triangle_count; t++)
        {
          uint32_t a = (uint32_t) d->weld[g->indices[3 * t]], b = (uint32_t) d->weld[g->indices[3 * t + 1]],
                   c = (uint32_t) d->weld[g->indices[3 * t + 2]];
          if (a != b && b != c && a != c)
            {
              w->indices[3 * kept] = a, w->indices[3 * kept + 1] = b, w->indices[3 * kept + 2] = c;
              kept++;
            }
        }
    }
  if (w && !relax_stretch (d, w))
    {
      at_mesh_free (w);
      w = NULL;
    }
  if (!w)
    at_error_set (err, AT_ERR_NOMEM, "drape: out of memory welding %d vertices", n);
  free (count);
  return w;
}

/* Closing the seams: each sewn vertex attached to its group's mean, pushed
 * out of the skin (a crotch seam's mean can fall in the cleft between the
 * thighs). CLOSE_STIFFNESS N/m is far stiffer than a vertex's mass over a
 * substep squared (tens of N/m), so each substep puts the vertex on its
 * target and the cloth, pulled by every seam at once, stretches to close
 * the garment: a solver sweep's weights give a hard attachment twice a
 * fabric edge's pull, and a panel's dozens of edges in series yield to it.
 * Ends when every pair is within CLOSED_MM and the garment has settled, or
 * after CLOSE_FRAMES. A vertex further than CLOSE_REACH_M from its group's
 * mean was never sewn (a placement that put a panel on the wrong side): it
 * is left apart, and the weld's gap reports it. */
#define CLOSE_STIFFNESS 1e4f
#define CLOSED_MM 2.0
#define CLOSE_FRAMES 40
#define CLOSE_REACH_M 0.08f
/* Sewing has stalled when its largest gap has not shrunk by STALL_MM in
 * STALL_FRAMES (half a second): a garment too small for the body, whose
 * seams the bounded pull cannot close. */
#define STALL_MM 1.0
#define STALL_FRAMES 15

static AtStatus
close_seams (AtDrape *d, AtError *err)
{
  int n = d->mesh->vertex_count;
  int *group = malloc ((size_t) n * sizeof *group), *count = malloc ((size_t) n * sizeof *count);
  float *mean = malloc ((size_t) 3 * n * sizeof *mean);
  bool *sewn = calloc ((size_t) n, sizeof *sewn);
  int groups = group && count && mean && sewn ? seam_groups (d, group) : -1;
  AtStatus st = groups < 0 ? at_error_set (err, AT_ERR_NOMEM, "drape: out of memory closing seams") : AT_OK;
  if (st == AT_OK)
    {
      const float *x = at_cloth_positions (d->cloth);
      group_means (group, n, groups, x, mean, count);
      for (int k = 0; k < 2 * d->npairs; k++)
        sewn[d->pairs[k]] = true;
      for (int v = 0; v < n && st == AT_OK; v++)
        if (sewn[v])
          {
            float *target = mean + 3 * group[v], g[3];
            const float *xv = x + 3 * v;
            float dx = xv[0] - target[0], dy = xv[1] - target[1], dz = xv[2] - target[2];
            if (dx * dx + dy * dy + dz * dz > CLOSE_REACH_M * CLOSE_REACH_M)
              continue;
            /* count[] is spent: zero once the group's target is pushed out */
            for (int it = 0; it < 4 && count[group[v]] > 0; it++)
              {
                float dist = at_sdf_sample (d->sdf, target, g), gl = sqrtf (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
                if (dist >= 0 || !(gl > 0))
                  break;
                for (int a = 0; a < 3; a++)
                  target[a] -= dist * g[a] / gl;
              }
            count[group[v]] = 0;
            st = at_cloth_attach (d->cloth, v, target, CLOSE_STIFFNESS, err);
          }
    }
  free (group);
  free (count);
  free (mean);
  free (sewn);
  return st;
}

/* Panels whose placement holds (waistbands) are attached where sewing left
 * them, as a waistband's elastic grips the waist. Without it the band, sewn
 * to the waist girth, still slides over the hips: the solver's few sweeps
 * per substep carry hoop tension round a ring of a hundred edges far too
 * slowly to balance the garment's weight on the gently sloping hips (Gauss-
 * Seidel needs on the order of the ring's length in sweeps). The springs
 * carry that weight within a millimetre (HOLD_STIFFNESS N/m per vertex
 * against a few millinewtons each). */
#define HOLD_STIFFNESS 20.0f

static AtStatus
hold_panels (AtDrape *d, AtError *err)
{
  int n = at_cloth_vertex_count (d->cloth);
  bool *held = calloc ((size_t) n, sizeof *held);
  if (!held)
    return at_error_set (err, AT_ERR_NOMEM, "drape: out of memory holding bands");
  const float *x = at_cloth_positions (d->cloth);
  AtStatus st = AT_OK;
  for (int v = 0; v < d->mesh->vertex_count && st == AT_OK; v++)
    {
      int w = d->weld[v];
      if (!d->pattern.panels[d->vertex_panel[v]].placement.hold || held[w])
        continue;
      held[w] = true;
      st = at_cloth_attach (d->cloth, w, x + 3 * w, HOLD_STIFFNESS, err);
    }
  free (held);
  return st;
}

/* A solver for the current positions: sewing (no gravity, seam pairs) or
 * draping (gravity, seams welded). */
static AtStatus
start_cloth (AtDrape *d, bool gravity, AtError *err)
{
  if (d->cloth)
    {
      sync_mesh (d);
      at_cloth_free (d->cloth);
      d->cloth = NULL;
    }
  AtMesh *welded = NULL;
  if (gravity)
    {
      d->sewn_gap = max_gap (d->mesh->positions, d->pairs, d->npairs);
      if (!(welded = weld_seams (d, err)))
        return err && err->code ? err->code : AT_ERR_NOMEM;
    }
  AtClothDef cd = at_cloth_def_default ();
  cd.mesh = welded ? welded : d->mesh;
  cd.fabric = d->fabric;
  cd.fabric.damping = fmax (cd.fabric.damping, d->def.settle_damping);
  cd.frame_dt = d->def.frame_dt;
  cd.substeps = gravity ? d->def.substeps : d->def.sew_substeps;
  /* Self-contact only once sewn: while sewing, the cloth beside each seam
   * pair must pass its partner's to close the seam. */
  cd.self_collision = gravity && d->def.self_collision;
  if (!gravity)
    cd.gravity[1] = 0;
  else
    cd.iterations = d->def.drape_iterations;
  d->cloth = at_cloth_create (&cd, err);
  at_mesh_free (welded);
  if (!d->cloth)
    return err && err->code ? err->code : AT_ERR_INVALID;
  /* The floor the body stands on: a hem that slips stops there. */
  const float floor_point[3] = { 0, 0, 0 }, floor_up[3] = { 0, 1, 0 };
  /* The skin offset only once sewn: while sewing it would hold the panels
   * off the body and leave seams that much further apart when welded. */
  int skin = at_cloth_add_sdf (d->cloth, d->sdf, err);
  if (skin < 0 || at_cloth_set_skin_offset (d->cloth, skin, gravity ? SKIN_OFFSET : 0.0f, err) != AT_OK
      || at_cloth_add_plane (d->cloth, floor_point, floor_up, err) < 0)
    return err->code;
  for (int k = 0; k < d->npairs && !gravity; k++)
    {
      AtStatus st = at_cloth_add_seam_pair (d->cloth, d->pairs[2 * k], d->pairs[2 * k + 1], err);
      if (st != AT_OK)
        return st;
    }
  d->mesh_fresh = false;
  return gravity ? hold_panels (d, err) : AT_OK;
}

AtStatus
at_drape_create (const AtPattern *pattern, const AtFabric *fabric, AtBody *body, const AtDrapeDef *def,
                 AtDrape **out, AtError *err)
{
  *out = NULL;
  if (!pattern || !body)
    return at_error_set (err, AT_ERR_INVALID, "drape: no pattern or no body");
  AtDrapeDef dd = def ? *def : at_drape_def_default ();
  if (!(dd.edge_length_cm >= 0.5 && dd.edge_length_cm <= 10) || dd.max_frames < 1 || dd.sew_frames < 0
      || !(dd.rest_speed > 0) || !(dd.frame_dt > 0) || dd.substeps < 1 || dd.sew_substeps < 1 || dd.drape_iterations < 1
      || !(dd.seam_closed_mm > 0)
      || !(dd.settle_damping >= 0))
    return at_error_set (err, AT_ERR_RANGE, "drape: edge length %g cm must be in 0.5-10, frame counts and speeds positive",
                         dd.edge_length_cm);
  AtStatus st = check_pattern (pattern, err);
  if (st != AT_OK)
    return st;
  AtDrape *d = calloc (1, sizeof *d);
  if (!d)
    return at_error_set (err, AT_ERR_NOMEM, "drape: out of memory");
  d->pattern = *pattern;
  d->def = dd;
  d->body = body;
  d->phase = AT_DRAPE_SEWING;
  d->closing_from = -1;
  d->least_gap_mm = INFINITY;
  if ((st = resolve_fabric (pattern, fabric, &d->fabric, err)) == AT_OK
      && (d->sdf = at_body_sdf (body, err)) == NULL)
    st = err && err->code ? err->code : AT_ERR_INVALID;
  if (st == AT_OK)
    st = build_mesh (d, err);
  if (st == AT_OK)
    st = start_cloth (d, dd.sew_frames == 0, err);
  if (st != AT_OK)
    {
      at_drape_free (d);
      return st;
    }
  if (dd.sew_frames == 0)
    d->phase = AT_DRAPE_DRAPING;
  *out = d;
  return AT_OK;
}

void
at_drape_free (AtDrape *d)
{
  if (!d)
    return;
  at_cloth_free (d->cloth);
  at_mesh_free (d->mesh);
  free (d->weld);
  free (d->last);
  free (d->vertex_panel);
  free (d->pairs);
  free (d);
}

/* *moving = the solver's vertices that moved faster than speed since the
 * last call (all of them on the first call of a solver). Settling is read
 * as all but 1 % of them slower than that: a vertex pinched between the
 * body and a tight seam, or at a fold, can jitter for ever without the
 * garment moving, and the fastest vertex alone would never settle. */
static AtStatus
count_moving (AtDrape *d, float speed, int *moving, AtError *err)
{
  int n = at_cloth_vertex_count (d->cloth);
  const float *x = at_cloth_positions (d->cloth);
  float step2 = speed * d->def.frame_dt * speed * d->def.frame_dt;
  *moving = n;
  if (!d->last)
    {
      if (!(d->last = malloc ((size_t) 3 * n * sizeof *d->last)))
        return at_error_set (err, AT_ERR_NOMEM, "drape: out of memory for %d vertices", n);
    }
  else
    {
      *moving = 0;
      for (int v = 0; v < n; v++)
        {
          float dx = x[3 * v] - d->last[3 * v], dy = x[3 * v + 1] - d->last[3 * v + 1],
                dz = x[3 * v + 2] - d->last[3 * v + 2];
          *moving += dx * dx + dy * dy + dz * dz > step2;
        }
    }
  memcpy (d->last, x, (size_t) 3 * n * sizeof *x);
  return AT_OK;
}

AtStatus
at_drape_step (AtDrape *d, AtError *err)
{
  double t0 = now_seconds ();
  AtError step_err = { 0 };
  AtStatus st = at_cloth_step (d->cloth, &step_err);
  /* A non-finite update is undone by the solver and the state stays
   * usable: only running out of memory ends the drape. */
  if (st == AT_ERR_NOMEM)
    return at_error_set (err, st, "%s", step_err.message);
  d->frames++;
  d->mesh_fresh = false;
  if (d->phase == AT_DRAPE_SEWING)
    {
      /* Close, and weld, only once the sewn garment has also settled:
       * welding takes the current shape as the rest shape, and a band still
       * stretched round its placement cylinder would keep that girth. */
      int moving;
      if ((st = count_moving (d, 2 * d->def.rest_speed, &moving, err)) != AT_OK)
        return st;
      double gap_mm = max_gap (at_cloth_positions (d->cloth), d->pairs, d->npairs) * 1000;
      bool settled = moving <= at_cloth_vertex_count (d->cloth) / 100;
      if (gap_mm < d->least_gap_mm - STALL_MM)
        d->least_gap_mm = gap_mm, d->least_gap_frame = d->frames;
      bool stalled = settled && d->frames - d->least_gap_frame >= STALL_FRAMES;
      if (d->closing_from < 0
          && ((gap_mm < d->def.seam_closed_mm && settled) || stalled || d->frames >= d->def.sew_frames))
        {
          if ((st = close_seams (d, err)) != AT_OK)
            return st;
          d->closing_from = d->frames;
        }
      else if (d->closing_from >= 0 && ((gap_mm < CLOSED_MM && settled) || d->frames - d->closing_from >= CLOSE_FRAMES))
        {
          if ((st = start_cloth (d, true, err)) != AT_OK)
            return st;
          d->phase = AT_DRAPE_DRAPING;
          d->calm = 0;
          free (d->last); /* welding renumbered the vertices */
          d->last = NULL;
        }
    }
  else if (d->phase == AT_DRAPE_DRAPING)
    {
      /* At rest when all but 1 % of the vertices are slower than
       * rest_speed for a quarter of a second. */
      int moving;
      if ((st = count_moving (d, d->def.rest_speed, &moving, err)) != AT_OK)
        return st;
      d->calm = moving <= at_cloth_vertex_count (d->cloth) / 100 ? d->calm + 1 : 0;
      if (d->calm >= (int) ceilf (0.25f / d->def.frame_dt))
        d->phase = AT_DRAPE_AT_REST;
    }
  d->seconds += now_seconds () - t0;
  return AT_OK;
}

AtStatus
at_drape_run (AtDrape *d, AtDrapeProgress progress, void *user_data, const volatile bool *cancel, AtError *err)
{
  while (d->phase != AT_DRAPE_AT_REST && d->frames < d->def.max_frames)
    {
      if ((cancel && *cancel) || (progress && !progress (d->frames, d->def.max_frames, user_data)))
        return at_error_set (err, AT_ERR_CANCELLED, "drape: cancelled after %d frames", d->frames);
      AtStatus st = at_drape_step (d, err);
      if (st != AT_OK)
        return st;
    }
  return AT_OK;
}

AtDrapePhase
at_drape_phase (const AtDrape *d)
{
  return d->phase;
}

int
at_drape_frames (const AtDrape *d)
{
  return d->frames;
}

double
at_drape_seconds (const AtDrape *d)
{
  return d->seconds;
}

const AtMesh *
at_drape_garment_mesh (AtDrape *d)
{
  if (!d->mesh_fresh)
    sync_mesh (d);
  return d->mesh;
}

AtBody *
at_drape_body (const AtDrape *d)
{
  return d->body;
}

const AtPattern *
at_drape_pattern (const AtDrape *d)
{
  return &d->pattern;
}

const AtFabric *
at_drape_fabric (const AtDrape *d)
{
  return &d->fabric;
}

const int *
at_drape_vertex_panel (const AtDrape *d)
{
  return d->vertex_panel;
}

double
at_drape_max_seam_gap (AtDrape *d)
{
  return d->weld ? d->sewn_gap : max_gap (at_cloth_positions (d->cloth), d->pairs, d->npairs);
}

int
at_drape_seam_pairs (const AtDrape *d, const int **pairs)
{
  *pairs = d->pairs;
  return d->npairs;
}

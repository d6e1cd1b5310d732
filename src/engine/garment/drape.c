/* Sewing and draping a pattern on a body, in two phases as in CLO and
 * Marvelous Designer ("simulation with sewing", Volino & Magnenat-Thalmann,
 * "Virtual Clothing", 2000, ch. 6; Fontana et al. 2005):
 *
 * 1. Sewing: every panel meshed (at_pattern_mesh pairs the boundary
 *    vertices of both sides of each seam one to one), placed round the body
 *    (drape_place.c) and simulated without gravity while the cloth solver's
 *    seam constraints draw each pair together at a bounded speed; the body
 *    field and self-collision keep the panels outside the skin and apart.
 *    The phase ends when every pair is within seam_closed_mm, or after
 *    sew_frames.
 * 2. Draping: the sewn garment is simulated again from where sewing left it,
 *    now under gravity, until at rest (every vertex slower than rest_speed
 *    for a quarter of a second) or max_frames.
 *
 * The XPBD solver (cloth module) takes its gravity at creation, so phase 2
 * is a new solver started from phase 1's positions; the rest shape (the flat
 * pattern in the mesh's uvs), seams and colliders are the same. */
#include "drape_internal.h"
#include "cloth/at_cloth.h"

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
  AtDrapePhase phase;
  int frames, calm;
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
    .substeps = 8,
    .self_collision = true,
    .seam_closed_mm = 5.0f,
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

static AtStatus
build_mesh (AtDrape *d, AtError *err)
{
  const AtPattern *p = &d->pattern;
  AtMeshOptions opt = at_mesh_options_default ();
  opt.edge_length_cm = d->def.edge_length_cm;
  AtPatternMesh *pm;
  AtStatus st = at_pattern_mesh (p, &opt, &pm, err);
  if (st != AT_OK)
    return st;
  int first[AT_PATTERN_MAX_PANELS + 1] = { 0 }, ntri = 0;
  for (int i = 0; i < p->panel_count; i++)
    {
      first[i + 1] = first[i] + pm->panels[i].vertex_count;
      ntri += pm->panels[i].triangle_count;
    }
  int n = first[p->panel_count], npairs = 0;
  for (int s = 0; s < pm->seam_count; s++)
    npairs += pm->seams[s].count;
  d->mesh = at_mesh_new (n, ntri, AT_MESH_NORMALS | AT_MESH_UVS);
  d->vertex_panel = malloc ((size_t) n * sizeof *d->vertex_panel);
  d->pairs = malloc ((size_t) (2 * npairs + 1) * sizeof *d->pairs);
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
  st = at_drape_place (p, pm, d->body, first, d->mesh->positions, err);
  at_pattern_mesh_free (pm);
  if (st == AT_OK && !at_mesh_compute_normals (d->mesh))
    st = at_error_set (err, AT_ERR_NOMEM, "drape: out of memory for normals");
  return st;
}

/* A solver for the current positions, with or without gravity. */
static AtStatus
start_cloth (AtDrape *d, bool gravity, AtError *err)
{
  if (d->cloth)
    {
      AtStatus st = at_cloth_write_mesh (d->cloth, d->mesh, err);
      at_cloth_free (d->cloth);
      d->cloth = NULL;
      if (st != AT_OK)
        return st;
    }
  AtClothDef cd = at_cloth_def_default ();
  cd.mesh = d->mesh;
  cd.fabric = d->fabric;
  cd.frame_dt = d->def.frame_dt;
  cd.substeps = d->def.substeps;
  cd.self_collision = d->def.self_collision;
  if (!gravity)
    cd.gravity[1] = 0;
  d->cloth = at_cloth_create (&cd, err);
  if (!d->cloth)
    return err && err->code ? err->code : AT_ERR_INVALID;
  if (at_cloth_add_sdf (d->cloth, d->sdf, err) < 0)
    return err->code;
  for (int k = 0; k < d->npairs; k++)
    {
      AtStatus st = at_cloth_add_seam_pair (d->cloth, d->pairs[2 * k], d->pairs[2 * k + 1], err);
      if (st != AT_OK)
        return st;
    }
  d->mesh_fresh = false;
  return AT_OK;
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
      || !(dd.rest_speed > 0) || !(dd.frame_dt > 0) || dd.substeps < 1 || !(dd.seam_closed_mm > 0))
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
  free (d->vertex_panel);
  free (d->pairs);
  free (d);
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
      bool closed = max_gap (at_cloth_positions (d->cloth), d->pairs, d->npairs) * 1000 < d->def.seam_closed_mm;
      if (closed || d->frames >= d->def.sew_frames)
        {
          if ((st = start_cloth (d, true, err)) != AT_OK)
            return st;
          d->phase = AT_DRAPE_DRAPING;
          d->calm = 0;
        }
    }
  else if (d->phase == AT_DRAPE_DRAPING)
    {
      AtClothStats stats;
      at_cloth_stats (d->cloth, &stats);
      d->calm = stats.max_speed < d->def.rest_speed ? d->calm + 1 : 0;
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
  if (!d->mesh_fresh && at_cloth_write_mesh (d->cloth, d->mesh, NULL) == AT_OK)
    d->mesh_fresh = true;
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
  return max_gap (at_cloth_positions (d->cloth), d->pairs, d->npairs);
}

int
at_drape_seam_pairs (const AtDrape *d, const int **pairs)
{
  *pairs = d->pairs;
  return d->npairs;
}

/* The cloth's public controls: pins, attachments, seams, the mouse grab,
 * colliders, state read-back and statistics. Every entry point checks its
 * arguments, so a GUI or script passing a stale vertex index or a NaN
 * target gets a message instead of corrupting the simulation. */
#include "cloth_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static AtStatus
check_vertex (const AtCloth *c, int v, const char *what, AtError *err)
{
  if (!c)
    return at_error_set (err, AT_ERR_INVALID, "cloth %s: no cloth", what);
  if (v < 0 || v >= c->n)
    return at_error_set (err, AT_ERR_RANGE, "cloth %s: vertex %d is outside 0..%d", what, v, c->n - 1);
  return AT_OK;
}

static AtStatus
check_point (const float p[3], const char *what, AtError *err)
{
  if (!p || !isfinite (p[0]) || !isfinite (p[1]) || !isfinite (p[2]))
    return at_error_set (err, AT_ERR_RANGE, "cloth %s: the point is missing or not finite", what);
  return AT_OK;
}

int
at_cloth_vertex_count (const AtCloth *c)
{
  return c->n;
}

const float *
at_cloth_positions (const AtCloth *c)
{
  return c->x;
}

AtStatus
at_cloth_write_mesh (const AtCloth *c, AtMesh *m, AtError *err)
{
  if (!m || m->vertex_count != c->n || m->triangle_count != c->ntri)
    return at_error_set (err, AT_ERR_INVALID, "cloth: the output mesh does not have the cloth's %d vertices and %d triangles",
                         c->n, c->ntri);
  memcpy (m->positions, c->x, (size_t) 3 * c->n * sizeof *c->x);
  if (!at_mesh_compute_normals (m))
    return at_error_set (err, AT_ERR_NOMEM, "cloth: out of memory for normals");
  return AT_OK;
}

AtStatus
at_cloth_pin (AtCloth *c, int v, const float target[3], AtError *err)
{
  AtStatus st = check_vertex (c, v, "pin", err);
  if (st != AT_OK)
    return st;
  if (target && (st = check_point (target, "pin", err)) != AT_OK)
    return st;
  c->pinned[v] = 1;
  c->w[v] = 0;
  c->masses_changed = true;
  memcpy (c->pin_target + 3 * v, target ? target : c->x + 3 * v, 3 * sizeof (float));
  memset (c->v + 3 * v, 0, 3 * sizeof (float));
  return AT_OK;
}

AtStatus
at_cloth_unpin (AtCloth *c, int v, AtError *err)
{
  AtStatus st = check_vertex (c, v, "unpin", err);
  if (st != AT_OK)
    return st;
  c->pinned[v] = 0;
  c->w[v] = c->inv_mass[v];
  c->masses_changed = true;
  return AT_OK;
}

AtStatus
at_cloth_attach (AtCloth *c, int v, const float target[3], float stiffness, AtError *err)
{
  AtStatus st = check_vertex (c, v, "attach", err);
  if (st != AT_OK || (st = check_point (target, "attach", err)) != AT_OK)
    return st;
  if (!(stiffness > 0) || !isfinite (stiffness))
    return at_error_set (err, AT_ERR_RANGE, "cloth attach: stiffness %g N/m must be positive", stiffness);
  if (c->nattach == c->attach_cap)
    {
      int cap = c->attach_cap ? 2 * c->attach_cap : 16;
      AtAttachment *grown = realloc (c->attach, (size_t) cap * sizeof *grown);
      if (!grown)
        return at_error_set (err, AT_ERR_NOMEM, "cloth attach: out of memory");
      c->attach = grown;
      c->attach_cap = cap;
    }
  AtAttachment *a = &c->attach[c->nattach++];
  a->vertex = v;
  memcpy (a->target, target, sizeof a->target);
  a->compliance = 1.0f / stiffness;
  return AT_OK;
}

AtStatus
at_cloth_add_seam_pair (AtCloth *c, int i, int j, AtError *err)
{
  AtStatus st = check_vertex (c, i, "seam", err);
  if (st != AT_OK || (st = check_vertex (c, j, "seam", err)) != AT_OK)
    return st;
  if (i == j)
    return at_error_set (err, AT_ERR_INVALID, "cloth seam: vertex %d cannot be sewn to itself", i);
  if (c->nseam == c->seam_cap)
    {
      int cap = c->seam_cap ? 2 * c->seam_cap : 64;
      int (*grown)[2] = realloc (c->seam, (size_t) cap * sizeof *grown);
      if (!grown)
        return at_error_set (err, AT_ERR_NOMEM, "cloth seam: out of memory");
      c->seam = grown;
      c->seam_cap = cap;
    }
  c->seam[c->nseam][0] = i;
  c->seam[c->nseam][1] = j;
  c->nseam++;
  if (c->seam_partner[i] < 0)
    c->seam_partner[i] = j;
  if (c->seam_partner[j] < 0)
    c->seam_partner[j] = i;
  return AT_OK;
}

AtStatus
at_cloth_set_grab (AtCloth *c, int v, const float target[3], AtError *err)
{
  if (c && v == -1)
    {
      c->grab_vertex = -1;
      return AT_OK;
    }
  AtStatus st = check_vertex (c, v, "grab", err);
  if (st != AT_OK || (st = check_point (target, "grab", err)) != AT_OK)
    return st;
  c->grab_vertex = v;
  memcpy (c->grab_target, target, sizeof c->grab_target);
  return AT_OK;
}

static AtCollider *
new_collider (AtCloth *c, AtColliderKind kind, AtError *err)
{
  if (c->ncolliders == AT_CLOTH_MAX_COLLIDERS)
    {
      at_error_set (err, AT_ERR_RANGE, "cloth: at most %d colliders", AT_CLOTH_MAX_COLLIDERS);
      return NULL;
    }
  AtCollider *k = &c->colliders[c->ncolliders];
  memset (k, 0, sizeof *k);
  k->kind = kind;
  return k;
}

int
at_cloth_add_sdf (AtCloth *c, const AtSdf *sdf, AtError *err)
{
  if (!sdf)
    {
      at_error_set (err, AT_ERR_INVALID, "cloth: no SDF given");
      return -1;
    }
  AtCollider *k = new_collider (c, AT_COLLIDER_SDF, err);
  if (!k)
    return -1;
  k->sdf = sdf;
  return c->ncolliders++;
}

int
at_cloth_add_sphere (AtCloth *c, const float centre[3], float radius, AtError *err)
{
  if (check_point (centre, "sphere", err) != AT_OK)
    return -1;
  if (!(radius > 0) || !isfinite (radius))
    {
      at_error_set (err, AT_ERR_RANGE, "cloth: sphere radius %g must be positive", radius);
      return -1;
    }
  AtCollider *k = new_collider (c, AT_COLLIDER_SPHERE, err);
  if (!k)
    return -1;
  memcpy (k->a, centre, sizeof k->a);
  k->radius = radius;
  return c->ncolliders++;
}

int
at_cloth_add_plane (AtCloth *c, const float point[3], const float normal[3], AtError *err)
{
  if (check_point (point, "plane", err) != AT_OK || check_point (normal, "plane normal", err) != AT_OK)
    return -1;
  float len = sqrtf (normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
  if (!(len > 1e-6f))
    {
      at_error_set (err, AT_ERR_RANGE, "cloth: plane normal has zero length");
      return -1;
    }
  AtCollider *k = new_collider (c, AT_COLLIDER_PLANE, err);
  if (!k)
    return -1;
  memcpy (k->a, point, sizeof k->a);
  for (int a = 0; a < 3; a++)
    k->b[a] = normal[a] / len;
  return c->ncolliders++;
}

int
at_cloth_add_capsule (AtCloth *c, const float a[3], const float b[3], float radius, AtError *err)
{
  if (check_point (a, "capsule", err) != AT_OK || check_point (b, "capsule", err) != AT_OK)
    return -1;
  if (!(radius > 0) || !isfinite (radius))
    {
      at_error_set (err, AT_ERR_RANGE, "cloth: capsule radius %g must be positive", radius);
      return -1;
    }
  AtCollider *k = new_collider (c, AT_COLLIDER_CAPSULE, err);
  if (!k)
    return -1;
  memcpy (k->a, a, sizeof k->a);
  memcpy (k->b, b, sizeof k->b);
  k->radius = radius;
  return c->ncolliders++;
}

AtStatus
at_cloth_move_collider (AtCloth *c, int id, const float translation[3], AtError *err)
{
  if (id < 0 || id >= c->ncolliders)
    return at_error_set (err, AT_ERR_RANGE, "cloth: no collider %d", id);
  AtStatus st = check_point (translation, "collider translation", err);
  if (st != AT_OK)
    return st;
  memcpy (c->colliders[id].offset_to, translation, 3 * sizeof (float));
  return AT_OK;
}

AtStatus
at_cloth_set_collider_sdf (AtCloth *c, int id, const AtSdf *sdf, AtError *err)
{
  if (id < 0 || id >= c->ncolliders || c->colliders[id].kind != AT_COLLIDER_SDF)
    return at_error_set (err, AT_ERR_RANGE, "cloth: collider %d is not an SDF collider", id);
  if (!sdf)
    return at_error_set (err, AT_ERR_INVALID, "cloth: no SDF given");
  c->colliders[id].sdf = sdf;
  return AT_OK;
}

AtStatus
at_cloth_set_skin_offset (AtCloth *c, int id, float metres, AtError *err)
{
  if (id < 0 || id >= c->ncolliders)
    return at_error_set (err, AT_ERR_RANGE, "cloth: no collider %d", id);
  if (!(metres >= 0 && metres <= 0.02f))
    return at_error_set (err, AT_ERR_RANGE, "cloth: skin offset %g m is outside 0-0.02 m", metres);
  c->colliders[id].skin_offset = metres;
  return AT_OK;
}

void
at_cloth_stats (const AtCloth *c, AtClothStats *out)
{
  double max_strain = 0, sum_strain = 0, ke = 0, vmax2 = 0;
  bool finite = true;
  int ne = c->stretch_col.count;
#pragma omp parallel for schedule(static) reduction(max : max_strain) reduction(+ : sum_strain) if (c->n >= AT_CLOTH_PARALLEL_MIN)
  for (int e = 0; e < ne; e++)
    {
      const AtStretch *s = &c->stretch[e];
      double len2 = 0;
      for (int a = 0; a < 3; a++)
        {
          double d = (double) c->x[3 * s->j + a] - c->x[3 * s->i + a];
          len2 += d * d;
        }
      double strain = fabs (sqrt (len2) / s->rest - 1.0);
      if (strain > max_strain)
        max_strain = strain;
      sum_strain += strain;
    }
  for (int i = 0; i < c->n; i++)
    {
      double v2 = 0;
      for (int a = 0; a < 3; a++)
        {
          v2 += (double) c->v[3 * i + a] * c->v[3 * i + a];
          finite = finite && isfinite (c->x[3 * i + a]);
        }
      ke += 0.5 / ((double) c->inv_mass[i]) * v2;
      if (v2 > vmax2)
        vmax2 = v2;
    }
  out->max_strain = max_strain;
  out->mean_strain = ne ? sum_strain / ne : 0;
  out->kinetic_energy = ke;
  out->max_speed = sqrt (vmax2);
  out->self_contacts = c->ncontacts;
  out->finite = finite && isfinite (max_strain);
}

/* Specimen meshes and the Cusick drape test.
 *
 * Cusick drape meter (G. E. Cusick, "The dependence of fabric drape on
 * bending and shear stiffness", J. Textile Inst. 56, 1965; standardised as
 * BS 5058 and ISO 9073-9): a 30 cm circular specimen is clamped
 * concentrically between 18 cm disks and hangs under its weight. The drape
 * coefficient is the share of the overhanging annulus that the specimen's
 * shadow still covers, DC = (A_shadow - A_disk) / (A_specimen - A_disk):
 * near 1 for stiff fabrics, 0.2-0.4 for limp ones. We clamp by pinning every
 * vertex inside the disk, run the solver to rest, rasterise the vertical
 * projection of the triangles at 0.5 mm to measure the shadow, and count
 * nodes (folds) as the peaks of the hem's radius around the circle, with
 * hysteresis so ripples smaller than 3 mm are not folds.
 * The specimen is meshed in concentric rings (6k vertices on ring k) so the
 * rim is a true circle; a 0.5 mm deterministic jitter breaks the mesh's
 * six-fold symmetry the way a real specimen's irregularities do. */
#include "cloth_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AT_CUSICK_SPECIMEN_R 0.15f
#define AT_CUSICK_DISK_R 0.09f
#define AT_CUSICK_PIXEL 0.0005f
/* Ring spacing: 12 rings over the specimen radius, fine enough for 10
 * folds around the hem, coarse enough that bending converges in the
 * substeps (a bending wave crosses the 5-ring overhang quickly). */
#define AT_CUSICK_SPACING 0.0125f

/* Flips triangles so every normal points to +y (both specimens are flat). */
static void
orient_up (AtMesh *m)
{
  for (int t = 0; t < m->triangle_count; t++)
    {
      uint32_t *v = m->indices + 3 * t;
      const float *a = m->positions + 3 * v[0], *b = m->positions + 3 * v[1], *c = m->positions + 3 * v[2];
      float ny = (c[0] - a[0]) * (b[2] - a[2]) - (c[2] - a[2]) * (b[0] - a[0]);
      if (ny < 0)
        {
          uint32_t tmp = v[1];
          v[1] = v[2];
          v[2] = tmp;
        }
    }
}

static void
set_uvs_from_xz (AtMesh *m)
{
  for (int i = 0; i < m->vertex_count; i++)
    {
      m->uvs[2 * i] = m->positions[3 * i];
      m->uvs[2 * i + 1] = m->positions[3 * i + 2];
    }
}

AtMesh *
at_cloth_mesh_square (int res, float size)
{
  if (res < 2 || res > 4096 || !(size > 0))
    return NULL;
  AtMesh *m = at_mesh_new (res * res, 2 * (res - 1) * (res - 1), AT_MESH_UVS);
  if (!m)
    return NULL;
  for (int j = 0; j < res; j++)
    for (int i = 0; i < res; i++)
      {
        float *p = m->positions + 3 * (j * res + i);
        p[0] = -0.5f * size + size * (float) i / (float) (res - 1);
        p[1] = 0;
        p[2] = -0.5f * size + size * (float) j / (float) (res - 1);
      }
  uint32_t *ix = m->indices;
  for (int j = 0; j < res - 1; j++)
    for (int i = 0; i < res - 1; i++)
      {
        uint32_t a = (uint32_t) (j * res + i), b = a + 1, c = a + (uint32_t) res, d = c + 1;
        /* Alternate the diagonal so the grid has no preferred shear axis. */
        if ((i + j) % 2 == 0)
          {
            uint32_t t[6] = { a, b, d, a, d, c };
            memcpy (ix, t, sizeof t);
          }
        else
          {
            uint32_t t[6] = { a, b, c, b, d, c };
            memcpy (ix, t, sizeof t);
          }
        ix += 6;
      }
  set_uvs_from_xz (m);
  orient_up (m);
  return m;
}

AtMesh *
at_cloth_mesh_disk (float radius, float spacing)
{
  if (!(radius > 0) || !(spacing > 0) || radius / spacing > 400)
    return NULL;
  int rings = (int) lroundf (radius / spacing);
  if (rings < 1)
    rings = 1;
  int nv = 1 + 3 * rings * (rings + 1), nt = 6 * rings * rings;
  AtMesh *m = at_mesh_new (nv, nt, AT_MESH_UVS);
  if (!m)
    return NULL;
  memset (m->positions, 0, 3 * sizeof (float));
  int t = 0;
  for (int k = 1; k <= rings; k++)
    {
      int inner0 = k == 1 ? 0 : 1 + 3 * (k - 1) * (k - 2), a = k == 1 ? 1 : 6 * (k - 1);
      int outer0 = 1 + 3 * k * (k - 1), b = 6 * k;
      float r = radius * (float) k / (float) rings;
      for (int j = 0; j < b; j++)
        {
          float th = 2.0f * (float) M_PI * (float) j / (float) b;
          float *p = m->positions + 3 * (outer0 + j);
          p[0] = r * cosf (th);
          p[1] = 0;
          p[2] = r * sinf (th);
        }
      /* Zip ring k-1 to ring k, always advancing on the ring whose next
       * vertex comes first in angle. */
      int i = 0, j = 0;
      while (j < b || (a > 1 && i < a))
        {
          bool outer = j < b && (a == 1 || i == a || (double) (j + 1) / b <= (double) (i + 1) / a);
          uint32_t *v = m->indices + 3 * t++;
          v[0] = (uint32_t) (inner0 + i % a);
          v[1] = (uint32_t) (outer0 + j % b);
          v[2] = outer ? (uint32_t) (outer0 + (j + 1) % b) : (uint32_t) (inner0 + (i + 1) % a);
          if (outer)
            j++;
          else
            i++;
        }
    }
  m->triangle_count = t;
  set_uvs_from_xz (m);
  orient_up (m);
  return m;
}

/* Area (m²) covered by the vertical projection of the triangles. */
static double
shadow_area (const float *x, const uint32_t *tris, int ntri)
{
  const float half = AT_CUSICK_SPECIMEN_R * 1.1f;
  int res = (int) ceilf (2 * half / AT_CUSICK_PIXEL);
  uint8_t *cover = calloc ((size_t) res * res, 1);
  if (!cover)
    return NAN;
  for (int t = 0; t < ntri; t++)
    {
      float px[3], pz[3];
      for (int k = 0; k < 3; k++)
        {
          px[k] = (x[3 * tris[3 * t + k]] + half) / AT_CUSICK_PIXEL - 0.5f;
          pz[k] = (x[3 * tris[3 * t + k] + 2] + half) / AT_CUSICK_PIXEL - 0.5f;
        }
      float area2 = (px[1] - px[0]) * (pz[2] - pz[0]) - (pz[1] - pz[0]) * (px[2] - px[0]);
      if (area2 == 0)
        continue;
      int x0 = (int) ceilf (fminf (px[0], fminf (px[1], px[2]))), x1 = (int) floorf (fmaxf (px[0], fmaxf (px[1], px[2])));
      int z0 = (int) ceilf (fminf (pz[0], fminf (pz[1], pz[2]))), z1 = (int) floorf (fmaxf (pz[0], fmaxf (pz[1], pz[2])));
      x0 = x0 < 0 ? 0 : x0;
      z0 = z0 < 0 ? 0 : z0;
      x1 = x1 >= res ? res - 1 : x1;
      z1 = z1 >= res ? res - 1 : z1;
      for (int zi = z0; zi <= z1; zi++)
        for (int xi = x0; xi <= x1; xi++)
          {
            float w0 = (px[1] - xi) * (pz[2] - zi) - (pz[1] - zi) * (px[2] - xi);
            float w1 = (px[2] - xi) * (pz[0] - zi) - (pz[2] - zi) * (px[0] - xi);
            float w2 = (px[0] - xi) * (pz[1] - zi) - (pz[0] - zi) * (px[1] - xi);
            if ((w0 >= 0 && w1 >= 0 && w2 >= 0) || (w0 <= 0 && w1 <= 0 && w2 <= 0))
              cover[(size_t) zi * res + xi] = 1;
          }
    }
  size_t n = 0;
  for (size_t k = 0; k < (size_t) res * res; k++)
    n += cover[k];
  free (cover);
  return (double) n * AT_CUSICK_PIXEL * AT_CUSICK_PIXEL;
}

/* Folds: peaks of the hem radius over the hem's order around the rim. */
static int
count_nodes (const float *x, int first, int count)
{
  float *r = malloc ((size_t) count * sizeof *r);
  if (!r)
    return 0;
  int lo = 0;
  for (int k = 0; k < count; k++)
    {
      const float *p = x + 3 * (first + k);
      r[k] = sqrtf (p[0] * p[0] + p[2] * p[2]);
      if (r[k] < r[lo])
        lo = k;
    }
  const float thr = 0.003f;
  int nodes = 0;
  bool rising = true;
  float ext = r[lo];
  for (int s = 1; s <= count; s++)
    {
      float v = r[(lo + s) % count];
      if (rising)
        {
          if (v > ext)
            ext = v;
          else if (ext - v > thr)
            {
              nodes++;
              rising = false;
              ext = v;
            }
        }
      else
        {
          if (v < ext)
            ext = v;
          else if (v - ext > thr)
            {
              rising = true;
              ext = v;
            }
        }
    }
  free (r);
  return nodes;
}

AtStatus
at_cloth_drape_cusick (const AtFabric *fabric, AtDrapeResult *out, AtMesh **out_mesh, AtError *err)
{
  AtMesh *m = at_cloth_mesh_disk (AT_CUSICK_SPECIMEN_R, AT_CUSICK_SPACING);
  if (!m)
    return at_error_set (err, AT_ERR_NOMEM, "drape test: out of memory");
  double a_spec = shadow_area (m->positions, m->indices, m->triangle_count);
  uint32_t seed = 12345u;
  for (int i = 0; i < m->vertex_count; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      m->positions[3 * i + 1] = 0.0005f * ((float) (seed >> 8) / 16777216.0f - 0.5f);
    }
  AtClothDef def = at_cloth_def_default ();
  def.mesh = m;
  def.fabric = *fabric;
  def.self_collision = true;
  /* Bending is a fourth-order problem: Gauss-Seidel needs many sweeps to
   * carry the moment across the overhang, and this small mesh affords them. */
  def.substeps = 32;
  AtCloth *c = at_cloth_create (&def, err);
  if (!c)
    {
      at_mesh_free (m);
      return err ? err->code : AT_ERR_INVALID;
    }
  AtStatus st = AT_OK;
  for (int i = 0; i < m->vertex_count && st == AT_OK; i++)
    {
      const float *p = m->positions + 3 * i;
      if (p[0] * p[0] + p[2] * p[2] <= AT_CUSICK_DISK_R * AT_CUSICK_DISK_R * 1.0001f)
        {
          float flat[3] = { p[0], 0.0f, p[2] };
          st = at_cloth_pin (c, i, flat, err);
        }
    }
  int frames = 0;
  if (st == AT_OK)
    st = at_cloth_run_to_rest (c, 900, 0.003f, NULL, NULL, NULL, &frames, err);
  if (st == AT_OK)
    {
      AtClothStats stats;
      at_cloth_stats (c, &stats);
      double a_disk = M_PI * AT_CUSICK_DISK_R * AT_CUSICK_DISK_R;
      double a_shadow = shadow_area (c->x, c->tris, c->ntri);
      int rings = (int) lroundf (AT_CUSICK_SPECIMEN_R / AT_CUSICK_SPACING);
      out->shadow_area = a_shadow;
      out->drape_coefficient = (a_shadow - a_disk) / (a_spec - a_disk);
      out->nodes = count_nodes (c->x, 1 + 3 * rings * (rings - 1), 6 * rings);
      out->frames = frames;
      out->finite = stats.finite;
      if (out_mesh)
        st = at_cloth_write_mesh (c, m, err);
    }
  at_cloth_free (c);
  if (st == AT_OK && out_mesh)
    *out_mesh = m;
  else
    at_mesh_free (m);
  return st;
}

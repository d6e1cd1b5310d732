#include "at_primitives.h"

#include <math.h>
#include <stddef.h>

AtMesh *
at_mesh_new_sphere (const float centre[3], float radius, int rings, int segments)
{
  if (rings < 2 || segments < 3 || !(radius > 0.f))
    return NULL;
  /* Poles are single vertices so the mesh is closed and manifold. */
  int nv = 2 + (rings - 1) * segments;
  int nt = 2 * segments * (rings - 1);
  AtMesh *m = at_mesh_new (nv, nt, AT_MESH_NORMALS);
  if (!m)
    return NULL;
  float *p = m->positions;
  p[0] = centre[0], p[1] = centre[1] + radius, p[2] = centre[2];
  int v = 1;
  for (int r = 1; r < rings; r++)
    {
      double phi = M_PI * r / rings;
      for (int s = 0; s < segments; s++, v++)
        {
          double theta = 2.0 * M_PI * s / segments;
          p[3 * v + 0] = centre[0] + radius * (float) (sin (phi) * sin (theta));
          p[3 * v + 1] = centre[1] + radius * (float) cos (phi);
          p[3 * v + 2] = centre[2] + radius * (float) (sin (phi) * cos (theta));
        }
    }
  int south = v;
  p[3 * south + 0] = centre[0], p[3 * south + 1] = centre[1] - radius, p[3 * south + 2] = centre[2];

  uint32_t *idx = m->indices;
  int t = 0;
  for (int s = 0; s < segments; s++)
    {
      int s1 = (s + 1) % segments;
      idx[3 * t + 0] = 0, idx[3 * t + 1] = (uint32_t) (1 + s), idx[3 * t + 2] = (uint32_t) (1 + s1), t++;
    }
  for (int r = 0; r < rings - 2; r++)
    for (int s = 0; s < segments; s++)
      {
        int s1 = (s + 1) % segments;
        uint32_t a = (uint32_t) (1 + r * segments + s), b = (uint32_t) (1 + r * segments + s1);
        uint32_t c = a + (uint32_t) segments, d = b + (uint32_t) segments;
        idx[3 * t + 0] = a, idx[3 * t + 1] = c, idx[3 * t + 2] = b, t++;
        idx[3 * t + 0] = b, idx[3 * t + 1] = c, idx[3 * t + 2] = d, t++;
      }
  int last = 1 + (rings - 2) * segments;
  for (int s = 0; s < segments; s++)
    {
      int s1 = (s + 1) % segments;
      idx[3 * t + 0] = (uint32_t) (last + s), idx[3 * t + 1] = (uint32_t) south,
      idx[3 * t + 2] = (uint32_t) (last + s1), t++;
    }
  at_mesh_compute_normals (m);
  return m;
}

AtMesh *
at_mesh_new_cylinder (const float base[3], float radius, float height, int segments)
{
  if (segments < 3 || !(radius > 0.f) || !(height > 0.f))
    return NULL;
  /* Two rings plus a centre vertex per cap keep it closed and manifold. */
  int nv = 2 * segments + 2;
  int nt = 4 * segments;
  AtMesh *m = at_mesh_new (nv, nt, AT_MESH_NORMALS);
  if (!m)
    return NULL;
  float *p = m->positions;
  for (int ring = 0; ring < 2; ring++)
    for (int s = 0; s < segments; s++)
      {
        double theta = 2.0 * M_PI * s / segments;
        float *q = p + 3 * (ring * segments + s);
        q[0] = base[0] + radius * (float) sin (theta);
        q[1] = base[1] + (ring ? height : 0.f);
        q[2] = base[2] + radius * (float) cos (theta);
      }
  int bottom = 2 * segments, top = bottom + 1;
  p[3 * bottom + 0] = base[0], p[3 * bottom + 1] = base[1], p[3 * bottom + 2] = base[2];
  p[3 * top + 0] = base[0], p[3 * top + 1] = base[1] + height, p[3 * top + 2] = base[2];
  uint32_t *idx = m->indices;
  int t = 0;
  for (int s = 0; s < segments; s++)
    {
      uint32_t a = (uint32_t) s, b = (uint32_t) ((s + 1) % segments);
      uint32_t c = a + (uint32_t) segments, d = b + (uint32_t) segments;
      idx[3 * t + 0] = a, idx[3 * t + 1] = b, idx[3 * t + 2] = c, t++;
      idx[3 * t + 0] = b, idx[3 * t + 1] = d, idx[3 * t + 2] = c, t++;
      idx[3 * t + 0] = (uint32_t) bottom, idx[3 * t + 1] = b, idx[3 * t + 2] = a, t++;
      idx[3 * t + 0] = (uint32_t) top, idx[3 * t + 1] = c, idx[3 * t + 2] = d, t++;
    }
  at_mesh_compute_normals (m);
  return m;
}

AtMesh *
at_mesh_new_tube_loop (const float *points, int n, float radius, int sides)
{
  if (n < 3 || sides < 3 || !(radius > 0.f))
    return NULL;
  AtMesh *m = at_mesh_new (n * sides, 2 * n * sides, AT_MESH_NORMALS);
  if (!m)
    return NULL;
  for (int i = 0; i < n; i++)
    {
      const float *prev = points + 3 * ((i + n - 1) % n), *next = points + 3 * ((i + 1) % n);
      const float *p = points + 3 * i;
      float t[3] = { next[0] - prev[0], next[1] - prev[1], next[2] - prev[2] };
      float tl = sqrtf (t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
      if (tl < 1e-12f)
        t[0] = 1.f, t[1] = t[2] = 0.f, tl = 1.f;
      t[0] /= tl, t[1] /= tl, t[2] /= tl;
      /* A frame from the tangent and world up (rings lie roughly horizontal). */
      float up[3] = { 0.f, 1.f, 0.f };
      if (fabsf (t[1]) > 0.9f)
        up[0] = 1.f, up[1] = 0.f;
      float b[3] = { t[1] * up[2] - t[2] * up[1], t[2] * up[0] - t[0] * up[2], t[0] * up[1] - t[1] * up[0] };
      float bl = sqrtf (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
      b[0] /= bl, b[1] /= bl, b[2] /= bl;
      float c[3] = { b[1] * t[2] - b[2] * t[1], b[2] * t[0] - b[0] * t[2], b[0] * t[1] - b[1] * t[0] };
      for (int s = 0; s < sides; s++)
        {
          double a = 2.0 * M_PI * s / sides;
          float ca = (float) cos (a), sa = (float) sin (a);
          float *q = m->positions + 3 * (i * sides + s);
          for (int k = 0; k < 3; k++)
            q[k] = p[k] + radius * (ca * b[k] + sa * c[k]);
        }
    }
  int t = 0;
  for (int i = 0; i < n; i++)
    for (int s = 0; s < sides; s++)
      {
        uint32_t a = (uint32_t) (i * sides + s), b = (uint32_t) (i * sides + (s + 1) % sides);
        uint32_t c = (uint32_t) (((i + 1) % n) * sides + s), d = (uint32_t) (((i + 1) % n) * sides + (s + 1) % sides);
        m->indices[3 * t + 0] = a, m->indices[3 * t + 1] = c, m->indices[3 * t + 2] = b, t++;
        m->indices[3 * t + 0] = b, m->indices[3 * t + 1] = c, m->indices[3 * t + 2] = d, t++;
      }
  at_mesh_compute_normals (m);
  return m;
}

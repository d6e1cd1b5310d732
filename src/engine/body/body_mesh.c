/* The body's display mesh from its plan: one closed, manifold surface.
 *
 * Method: rings of vertices (horizontal for torso, legs and head; normal
 * to the axis for the arms) joined by quad strips, like a lofted
 * generalised cylinder. Branches use "pair of pants" junctions: at the
 * crotch the torso ring splits into two leg rings that share a seam of
 * vertices along the midline; at the armpits the torso ring below, the two
 * arm rings and the shoulder ring above share the torso's side arcs, so
 * every edge keeps exactly two triangles. Rings next to a junction carry
 * the junction's offset from their own section, fading out with a
 * smoothstep over a few centimetres, which blends the limbs smoothly into
 * the torso instead of stacking cylinders. Above the armpits the rings'
 * angular parameter also relaxes from arc length along the junction to
 * uniform, and the tilted junction ring straightens into horizontal
 * rings by the acromion level. Feet are the lowest leg rings (the
 * footprint grows out of the ankle section), hands and the crown close
 * with ellipsoidal caps. */
#include "body_mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI_F 3.14159265358979f

typedef struct {
  float *pos;
  uint32_t *idx;
  int nv, nt, cap_v, cap_t;
  bool oom;
} Builder;

static int
add_v (Builder *b, float x, float y, float z)
{
  if (b->nv == b->cap_v)
    {
      int cap = b->cap_v ? b->cap_v * 2 : 4096;
      float *grown = realloc (b->pos, (size_t) cap * 3 * sizeof (float));
      if (!grown)
        {
          b->oom = true;
          return 0;
        }
      b->pos = grown, b->cap_v = cap;
    }
  b->pos[3 * b->nv] = x, b->pos[3 * b->nv + 1] = y, b->pos[3 * b->nv + 2] = z;
  return b->nv++;
}

static void
add_t (Builder *b, int i, int j, int k)
{
  if (b->nt == b->cap_t)
    {
      int cap = b->cap_t ? b->cap_t * 2 : 8192;
      uint32_t *grown = realloc (b->idx, (size_t) cap * 3 * sizeof (uint32_t));
      if (!grown)
        {
          b->oom = true;
          return;
        }
      b->idx = grown, b->cap_t = cap;
    }
  b->idx[3 * b->nt] = (uint32_t) i, b->idx[3 * b->nt + 1] = (uint32_t) j, b->idx[3 * b->nt + 2] = (uint32_t) k;
  b->nt++;
}

/* Quads between two closed rings of n vertices, split on the shorter diagonal. */
static void
strip (Builder *b, const int *lower, const int *upper, int n)
{
  for (int i = 0; i < n; i++)
    {
      int a = lower[i], c = lower[(i + 1) % n], d = upper[(i + 1) % n], e = upper[i];
      const float *pa = b->pos + 3 * a, *pc = b->pos + 3 * c, *pd = b->pos + 3 * d, *pe = b->pos + 3 * e;
      float d1 = 0, d2 = 0;
      for (int k = 0; k < 3; k++)
        d1 += (pa[k] - pd[k]) * (pa[k] - pd[k]), d2 += (pc[k] - pe[k]) * (pc[k] - pe[k]);
      if (d1 <= d2)
        add_t (b, a, c, d), add_t (b, a, d, e);
      else
        add_t (b, a, c, e), add_t (b, c, d, e);
    }
}

static void
cap_bottom (Builder *b, int pole, const int *ring, int n)
{
  for (int i = 0; i < n; i++)
    add_t (b, pole, ring[(i + 1) % n], ring[i]);
}

static void
cap_top (Builder *b, const int *ring, int n, int pole)
{
  for (int i = 0; i < n; i++)
    add_t (b, ring[i], ring[(i + 1) % n], pole);
}

static float
smoothstep (float x)
{
  x = x < 0 ? 0 : x > 1 ? 1 : x;
  return x * x * (3 - 2 * x);
}

/* Ascending levels from lo to hi, every key inside included exactly, the
 * gaps split evenly at no more than spacing. Caller frees. */
static float *
make_rows (float lo, float hi, const float *keys, int nk, float spacing, int *count)
{
  float pts[24];
  int np = 0;
  pts[np++] = lo;
  for (int i = 0; i < nk && np < 22; i++)
    if (keys[i] > lo + 1e-4f && keys[i] < hi - 1e-4f)
      pts[np++] = keys[i];
  pts[np++] = hi;
  for (int i = 1; i < np; i++)
    for (int j = i; j > 0 && pts[j] < pts[j - 1]; j--)
      {
        float t = pts[j];
        pts[j] = pts[j - 1], pts[j - 1] = t;
      }
  int cap = (int) ((hi - lo) / spacing) + 2 * np + 2;
  float *out = malloc ((size_t) cap * sizeof (float));
  if (!out)
    return NULL;
  int n = 0;
  out[n++] = lo;
  for (int i = 0; i + 1 < np; i++)
    {
      float len = pts[i + 1] - pts[i];
      if (len < 1e-5f)
        continue;
      int m = (int) ceilf (len / spacing - 1e-3f);
      m = m < 1 ? 1 : m;
      for (int j = 1; j <= m && n < cap; j++)
        out[n++] = j == m ? pts[i + 1] : pts[i] + len * (float) j / (float) m;
    }
  *count = n;
  return out;
}

/* Left leg section at height y, the foot growing out of the ankle below it. */
static void
leg_section (const BodyPlan *p, float y, BodySection *s)
{
  body_curve_eval (&p->leg, y, s);
  if (y >= p->y_ankle)
    return;
  const BodySection *an = &p->leg.s[p->k_ankle];
  float u = fmaxf (y, 0) / p->y_ankle, g = smoothstep (u);
  float L = p->foot_len, half_d = 0.5f * (an->bf + an->bb);
  float front = half_d + (0.78f * L - half_d) * powf (1 - fmaxf (0, (y - p->toe_h) / (p->y_ankle - p->toe_h)), 1.7f);
  float back = half_d + (0.22f * L - half_d) * (1 - g);
  float rim = 0.9f + 0.1f * sqrtf (fminf (1, y / 0.008f));
  s->cx = an->cx + 0.012f * p->sc * (1 - g);
  s->cz = an->cz + 0.5f * (front - back);
  s->bf = s->bb = 0.5f * (front + back) * rim;
  s->a = (an->a + (0.19f * L - an->a) * (1 - g)) * rim;
  s->n = an->n + (2.4f - an->n) * (1 - g);
  s->taper = 0.3f * (1 - g);
}

/* Arm section at distance t along the axis; the fingertips close as an
 * ellipsoid. */
static void
arm_section (const BodyPlan *p, float t, BodySection *s)
{
  body_curve_eval (&p->arm, t, s);
  if (t > p->t_cap)
    {
      float f = (t - p->t_cap) / (p->t_tip - p->t_cap);
      body_section_scale (s, sqrtf (fmaxf (0, 1 - f * f)));
    }
}

static void
arm_point (const BodyPlan *p, const BodySection *s, float t, float psi, float out[3])
{
  float uv[2];
  body_section_point (s, psi, uv);
  for (int k = 0; k < 3; k++)
    out[k] = p->sj[k] + t * p->dir[k] + uv[0] * p->e1[k];
  out[2] += uv[1];
}

/* Upper-body section at height y; the crown closes as an ellipsoid. */
static void
upper_section (const BodyPlan *p, float y, BodySection *s)
{
  body_curve_eval (&p->upper, y, s);
  if (y > p->y_hc)
    {
      float f = (y - p->y_hc) / (p->H - p->y_hc);
      body_section_scale (s, sqrtf (fmaxf (0, 1 - f * f)));
    }
}

static void
upper_point (const BodyPlan *p, float y, float theta, float out[2])
{
  BodySection s;
  upper_section (p, y, &s);
  body_section_point (&s, theta, out);
}

/* Where rings of different parts meet, the only places with creases to
 * iron out: around the crotch, and from below the armpits to above the
 * acromion (arm tops and shoulders); the soles' rim. Elsewhere the lofted
 * rings are already smooth, and smoothing them would cost most of the
 * generator's time for nothing. */
static bool
near_join (const BodyPlan *p, float y)
{
  float d_leg = p->y_c - p->y_thigh;
  return (y > p->y_c - 1.5f * d_leg && y < p->y_c + 0.04f * p->sc)
         || (y > p->y_a - 0.06f * p->sc && y < p->y_sh + 0.03f * p->sc) || y < p->toe_h;
}

/* Taubin's lambda|mu smoothing (G. Taubin, "A signal processing approach
 * to fair surface design", SIGGRAPH 1995) of the horizontal coordinates
 * of the vertices near the joins only: it irons out the creases where
 * rings of different parts meet without shrinking the body or moving any
 * level (heights, soles, crown stay put); the girth correction then
 * absorbs what it changes. */
static bool
smooth_joins (const BodyPlan *p, float *pos, int nv, const uint32_t *idx, int nt, int iterations)
{
  int *start = calloc ((size_t) nv + 1, sizeof (int)), *fill = malloc ((size_t) nv * sizeof (int) + 1);
  int *moved = malloc ((size_t) nv * sizeof (int) + 1);
  bool *sel = malloc ((size_t) nv + 1);
  if (!start || !fill || !moved || !sel)
    {
      free (start), free (fill), free (moved), free (sel);
      return false;
    }
  int nm = 0;
  for (int v = 0; v < nv; v++)
    if ((sel[v] = near_join (p, pos[3 * v + 1])))
      moved[nm++] = v;
  /* The surface is closed and consistently oriented, so every edge v -> w
   * follows v in exactly one triangle: the "next" vertices are the
   * one-ring, each neighbour once. */
  for (int t = 0; t < nt * 3; t++)
    start[idx[t] + 1] += sel[idx[t]];
  for (int v = 0; v < nv; v++)
    start[v + 1] += start[v];
  int *nb = malloc ((size_t) start[nv] * sizeof (int) + 1);
  float *delta = malloc ((size_t) nm * 2 * sizeof (float) + 1);
  if (!nb || !delta)
    {
      free (start), free (fill), free (moved), free (sel), free (nb), free (delta);
      return false;
    }
  memcpy (fill, start, (size_t) nv * sizeof (int));
  for (int t = 0; t < nt; t++)
    for (int k = 0; k < 3; k++)
      if (sel[idx[3 * t + k]])
        nb[fill[idx[3 * t + k]]++] = (int) idx[3 * t + (k + 1) % 3];
  static const float factor[2] = { 0.5f, -0.53f };
  for (int it = 0; it < 2 * iterations; it++)
    {
      for (int i = 0; i < nm; i++)
        {
          int v = moved[i];
          float sx = 0, sz = 0;
          for (int e = start[v]; e < start[v + 1]; e++)
            sx += pos[3 * nb[e]], sz += pos[3 * nb[e] + 2];
          float inv = 1.f / (float) (start[v + 1] - start[v]);
          delta[2 * i] = sx * inv - pos[3 * v];
          delta[2 * i + 1] = sz * inv - pos[3 * v + 2];
        }
      for (int i = 0; i < nm; i++)
        {
          pos[3 * moved[i]] += factor[it % 2] * delta[2 * i];
          pos[3 * moved[i] + 2] += factor[it % 2] * delta[2 * i + 1];
        }
    }
  free (start), free (fill), free (moved), free (sel), free (nb), free (delta);
  return true;
}

AtMesh *
body_mesh_generate (const BodyPlan *p, const AtBodyDef *def)
{
  const int K = def->torso_ring / 2, T = 2 * K;
  int A = def->arm_ring, S = 2 * (int) fmaxf (1, roundf ((float) K / 12));
  if ((K + A) % 2)
    A++;
  const int U = T + 2 * A - 4 * S;
  const float sp = def->row_spacing, d_blend = 0.03f * p->sc, d_leg = p->y_c - p->y_thigh;
  const int N = 2 * T + 2 * A + U; /* room for any ring or ring pair */
  Builder b = { 0 };
  int *ring = malloc ((size_t) (5 * T + 2 * A + U + 3 * N) * sizeof (int));
  if (!ring)
    return NULL;
  int *t0 = ring, *ta = t0 + T, *seam = ta + T, *lt = seam + T, *rt = lt + T, *la = rt + T, *ra = la + A;
  int *uj = ra + A, *prev_a = uj + U, *prev_b = prev_a + N, *cur = prev_b + N;
  float *jxz = malloc ((size_t) (U + T + 2 * A) * 3 * sizeof (float));
  float *jth = malloc ((size_t) (U + T) * sizeof (float));
  float *rows = NULL;
  int nrows = 0;
  BodySection s;
  float q[3];

  /* Crotch junction: the torso ring and the midline seam. */
  body_curve_eval (&p->torso, p->y_c, &s);
  for (int j = 0; j < T; j++)
    {
      body_section_point (&s, -PI_F / 2 + (float) j * PI_F / K, q);
      t0[j] = add_v (&b, q[0], p->y_c, q[1]);
    }
  for (int i = 1; i < K; i++)
    {
      float zf = b.pos[3 * t0[K] + 2], zb = b.pos[3 * t0[0] + 2];
      seam[i] = add_v (&b, 0, p->y_c, zf + (zb - zf) * (float) i / K);
    }
  /* Torso up to the armpits. */
  float tk[] = { p->torso.y[p->k_hip], p->y_waist, p->y_chest };
  rows = make_rows (p->y_c, p->y_a, tk, 3, sp, &nrows);
  if (!rows || !jxz || !jth)
    goto fail;
  memcpy (prev_a, t0, (size_t) T * sizeof (int));
  for (int r = 1; r < nrows; r++)
    {
      body_curve_eval (&p->torso, rows[r], &s);
      for (int j = 0; j < T; j++)
        {
          body_section_point (&s, -PI_F / 2 + (float) j * PI_F / K, q);
          cur[j] = add_v (&b, q[0], rows[r], q[1]);
        }
      strip (&b, prev_a, cur, T);
      memcpy (prev_a, cur, (size_t) T * sizeof (int));
    }
  memcpy (ta, prev_a, (size_t) T * sizeof (int));
  free (rows);

  /* Legs: the left leg's top ring is half the torso ring plus the seam;
   * the right leg mirrors it (mirrored index i, ring order reversed). */
  for (int i = 0; i < T; i++)
    {
      lt[i] = i <= K ? t0[i] : seam[i - K];
      int m = (T - i) % T; /* ring position i of the right leg holds mirrored index m */
      rt[i] = m <= K ? t0[(T - m) % T] : seam[m - K];
    }
  BodySection top;
  leg_section (p, p->y_c, &top);
  for (int i = 0; i < T; i++)
    {
      float phi = -PI_F / 2 + (float) i * PI_F / K;
      body_section_point (&top, phi, q);
      jxz[2 * i] = b.pos[3 * lt[i]] - q[0];
      jxz[2 * i + 1] = b.pos[3 * lt[i] + 2] - q[1];
    }
  float lk[] = { p->y_thigh, p->y_knee, p->y_calf, p->y_ankle, p->toe_h, 0.008f, 0.003f, p->y_hip };
  rows = make_rows (0, p->y_c, lk, 8, sp, &nrows);
  if (!rows)
    goto fail;
  memcpy (prev_a, lt, (size_t) T * sizeof (int));
  memcpy (prev_b, rt, (size_t) T * sizeof (int));
  for (int r = nrows - 2; r >= 0; r--)
    {
      float y = rows[r], w = smoothstep ((y - (p->y_c - d_leg)) / d_leg);
      leg_section (p, y, &s);
      int *cl = cur, *cr = cur + T;
      for (int i = 0; i < T; i++)
        {
          body_section_point (&s, -PI_F / 2 + (float) i * PI_F / K, q);
          float x = q[0] + w * jxz[2 * i], z = q[1] + w * jxz[2 * i + 1];
          cl[i] = add_v (&b, x, y, z);
          cr[(T - i) % T] = add_v (&b, -x, y, z);
        }
      strip (&b, cl, prev_a, T);
      strip (&b, cr, prev_b, T);
      memcpy (prev_a, cl, (size_t) T * sizeof (int));
      memcpy (prev_b, cr, (size_t) T * sizeof (int));
    }
  free (rows);
  rows = NULL;
  cap_bottom (&b, add_v (&b, s.cx, 0, s.cz), prev_a, T);
  cap_bottom (&b, add_v (&b, -s.cx, 0, s.cz), prev_b, T);

  /* Arms: the inner arc of the top ring is the torso's side arc at the
   * armpit, the outer arc the arm's own section at t0. */
  float *off = jxz + 2 * T;
  arm_section (p, p->t0, &s);
  for (int i = 0; i < A; i++)
    {
      float psi = PI_F - (float) S * PI_F / A + (float) i * 2 * PI_F / A;
      arm_point (p, &s, p->t0, psi, q);
      if (i <= S)
        {
          la[i] = ta[K / 2 + S / 2 - i];
          for (int k = 0; k < 3; k++)
            off[3 * i + k] = b.pos[3 * la[i] + k] - q[k];
        }
      else
        {
          la[i] = add_v (&b, q[0], q[1], q[2]);
          off[3 * i] = off[3 * i + 1] = off[3 * i + 2] = 0;
        }
    }
  for (int i = 0; i < A; i++)
    {
      int m = (A - i) % A;
      ra[i] = m <= S ? ta[3 * K / 2 - S / 2 + m] : add_v (&b, -b.pos[3 * la[m]], b.pos[3 * la[m] + 1], b.pos[3 * la[m] + 2]);
    }
  float ak[] = { p->t_ua, p->t_wr };
  rows = make_rows (p->t0, p->t_cap, ak, 2, sp, &nrows);
  if (!rows)
    goto fail;
  memcpy (prev_a, la, (size_t) A * sizeof (int));
  memcpy (prev_b, ra, (size_t) A * sizeof (int));
  const int n_cap = 6;
  for (int r = 1; r < nrows + n_cap; r++)
    {
      float t = r < nrows ? rows[r] : p->t_cap + (p->t_tip - p->t_cap) * sinf ((float) (r - nrows + 1) * 1.4f / n_cap);
      float w = 1 - smoothstep ((t - p->t0) / d_blend);
      int *cl = cur, *cr = cur + A;
      arm_section (p, t, &s);
      for (int i = 0; i < A; i++)
        {
          arm_point (p, &s, t, PI_F - (float) S * PI_F / A + (float) i * 2 * PI_F / A, q);
          for (int k = 0; k < 3; k++)
            q[k] += w * off[3 * i + k];
          cl[i] = add_v (&b, q[0], q[1], q[2]);
          cr[(A - i) % A] = add_v (&b, -q[0], q[1], q[2]);
        }
      strip (&b, cl, prev_a, A);
      strip (&b, cr, prev_b, A);
      memcpy (prev_a, cl, (size_t) A * sizeof (int));
      memcpy (prev_b, cr, (size_t) A * sizeof (int));
    }
  free (rows);
  rows = NULL;
  for (int k = 0; k < 3; k++)
    q[k] = p->sj[k] + p->t_tip * p->dir[k];
  cap_bottom (&b, add_v (&b, q[0], q[1], q[2]), prev_a, A);
  cap_bottom (&b, add_v (&b, -q[0], q[1], q[2]), prev_b, A);

  /* Shoulders: the junction ring above the armpits, in torso order. */
  int nu = 0;
  for (int j = 0; j <= K / 2 - S / 2; j++)
    uj[nu++] = ta[j];
  for (int i = S + 1; i < A; i++)
    uj[nu++] = la[i];
  for (int j = K / 2 + S / 2; j <= 3 * K / 2 - S / 2; j++)
    uj[nu++] = ta[j];
  for (int i = 0; i < A - S - 1; i++)
    uj[nu++] = ra[i + 1];
  for (int j = 3 * K / 2 + S / 2; j < T; j++)
    uj[nu++] = ta[j];
  /* Angular parameter of the junction: arc length from the back centre. */
  float total = 0;
  for (int u = 0; u < U; u++)
    {
      const float *a = b.pos + 3 * uj[u], *c = b.pos + 3 * uj[(u + 1) % U];
      jth[u] = total;
      total += hypotf (c[0] - a[0], c[2] - a[2]);
    }
  for (int u = 0; u < U; u++)
    {
      jth[u] = -PI_F / 2 + 2 * PI_F * jth[u] / total;
      float yj = b.pos[3 * uj[u] + 1];
      upper_point (p, yj, jth[u], q);
      jxz[3 * u] = yj;
      jxz[3 * u + 1] = b.pos[3 * uj[u]] - q[0];
      jxz[3 * u + 2] = b.pos[3 * uj[u] + 2] - q[1];
    }
  int ns = (int) fmaxf (3, ceilf ((p->y_sh - p->y_a) / sp));
  memcpy (prev_a, uj, (size_t) U * sizeof (int));
  for (int k = 1; k <= ns; k++)
    {
      float sv = (float) k / ns, w = smoothstep (sv);
      for (int u = 0; u < U; u++)
        {
          float y = jxz[3 * u] + sv * (p->y_sh - jxz[3 * u]);
          float th = jth[u] + w * (-PI_F / 2 + 2 * PI_F * (float) u / U - jth[u]);
          upper_point (p, y, th, q);
          cur[u] = add_v (&b, q[0] + (1 - w) * jxz[3 * u + 1], y, q[1] + (1 - w) * jxz[3 * u + 2]);
        }
      strip (&b, prev_a, cur, U);
      memcpy (prev_a, cur, (size_t) U * sizeof (int));
    }
  float uk[BODY_MAX_KEYS];
  for (int i = 0; i < p->upper.n; i++)
    uk[i] = p->upper.y[i];
  rows = make_rows (p->y_sh, p->y_hc, uk, p->upper.n, sp, &nrows);
  if (!rows)
    goto fail;
  const int n_crown = 10;
  for (int r = 1; r < nrows + n_crown; r++)
    {
      float y = r < nrows ? rows[r] : p->y_hc + (p->H - p->y_hc) * sinf ((float) (r - nrows + 1) * 1.45f / n_crown);
      upper_section (p, y, &s);
      for (int u = 0; u < U; u++)
        {
          body_section_point (&s, -PI_F / 2 + 2 * PI_F * (float) u / U, q);
          cur[u] = add_v (&b, q[0], y, q[1]);
        }
      strip (&b, prev_a, cur, U);
      memcpy (prev_a, cur, (size_t) U * sizeof (int));
    }
  body_curve_eval (&p->upper, p->H, &s);
  cap_top (&b, prev_a, U, add_v (&b, s.cx, p->H, s.cz));
  free (rows);
  rows = NULL;
  if (b.oom || !smooth_joins (p, b.pos, b.nv, b.idx, b.nt, def->smoothing))
    goto fail;

  AtMesh *mesh = at_mesh_new (b.nv, b.nt, AT_MESH_NORMALS);
  if (!mesh)
    goto fail;
  memcpy (mesh->positions, b.pos, (size_t) b.nv * 3 * sizeof (float));
  memcpy (mesh->indices, b.idx, (size_t) b.nt * 3 * sizeof (uint32_t));
  /* Outward-facing triangles: flip all if the enclosed volume is negative. */
  double vol = 0;
  for (int t = 0; t < b.nt; t++)
    {
      const float *a = b.pos + 3 * b.idx[3 * t], *c = b.pos + 3 * b.idx[3 * t + 1], *d = b.pos + 3 * b.idx[3 * t + 2];
      vol += (double) a[0] * (c[1] * d[2] - c[2] * d[1]) - (double) a[1] * (c[0] * d[2] - c[2] * d[0])
             + (double) a[2] * (c[0] * d[1] - c[1] * d[0]);
    }
  if (vol < 0)
    for (int t = 0; t < b.nt; t++)
      {
        uint32_t tmp = mesh->indices[3 * t + 1];
        mesh->indices[3 * t + 1] = mesh->indices[3 * t + 2];
        mesh->indices[3 * t + 2] = tmp;
      }
  free (b.pos);
  free (b.idx);
  free (ring);
  free (jxz);
  free (jth);
  return mesh;

fail:
  free (rows);
  free (b.pos);
  free (b.idx);
  free (ring);
  free (jxz);
  free (jth);
  return NULL;
}

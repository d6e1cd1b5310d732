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
 * footprint grows out of the ankle section), the crown closes with an
 * ellipsoidal cap, the hands are lobed sections of the arm's tube (thumb
 * and fingers, see hand_lobes) closing at the middle fingertip. */
#include "body_mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI_F 3.14159265358979f

static bool near_join (const BodyPlan *p, float x, float y);

/* The mesh as it is built. Vertices near the joins, the only ones
 * smoothing moves, are listed as they come, and so are the one-ring edges
 * leaving them as triangles come: smoothing then needs no pass over the
 * whole mesh. */
typedef struct {
  const BodyPlan *plan;
  float *pos;
  uint32_t *idx;
  int *slot;  /* per vertex: its index among the moved vertices, or -1 */
  int *moved; /* the moved vertices */
  int *edge;  /* (slot, next vertex) for each triangle corner at a moved vertex */
  int nv, nt, nm, ne;
  int cap_pos, cap_idx, cap_slot, cap_moved, cap_edge;
  bool oom;
} Builder;

/* buf with room for element index count (elem bytes each): first
 * allocated at *cap (or 1024) elements, then doubled; NULL, the old buffer
 * kept, when out of memory. */
static void *
room (Builder *b, void *buf, int *cap, int count, size_t elem)
{
  if (buf && count < *cap)
    return buf;
  int c = !buf ? (*cap > 1024 ? *cap : 1024) : *cap * 2;
  void *grown = realloc (buf, (size_t) c * elem);
  if (!grown)
    {
      b->oom = true;
      return NULL;
    }
  *cap = c;
  return grown;
}

static int
add_v (Builder *b, float x, float y, float z)
{
  if (!b->pos || b->nv >= b->cap_pos || b->nv >= b->cap_slot) /* (room's test, here to save the calls) */
    {
      float *pos = room (b, b->pos, &b->cap_pos, b->nv, 3 * sizeof (float));
      if (!pos)
        return 0;
      b->pos = pos;
      int *slot = room (b, b->slot, &b->cap_slot, b->nv, sizeof (int));
      if (!slot)
        return 0;
      b->slot = slot;
    }
  float *pos = b->pos + 3 * b->nv;
  int *slot = b->slot;
  pos[0] = x, pos[1] = y, pos[2] = z;
  slot[b->nv] = -1;
  if (near_join (b->plan, x, y))
    {
      int *moved = room (b, b->moved, &b->cap_moved, b->nm, sizeof (int));
      if (!moved)
        return 0;
      b->moved = moved;
      moved[b->nm] = b->nv;
      slot[b->nv] = b->nm++;
    }
  return b->nv++;
}

/* Records the one-ring edge from a moved vertex (its slot) to next. */
static inline void
add_edge (Builder *b, int slot, int next)
{
  int *edge = b->edge && b->ne < b->cap_edge ? b->edge : room (b, b->edge, &b->cap_edge, b->ne, 2 * sizeof (int));
  if (!edge)
    return;
  b->edge = edge;
  edge[2 * b->ne] = slot;
  edge[2 * b->ne++ + 1] = next;
}

static inline void
add_t (Builder *b, int i, int j, int k)
{
  if (!b->idx || b->nt >= b->cap_idx)
    {
      uint32_t *idx = room (b, b->idx, &b->cap_idx, b->nt, 3 * sizeof (uint32_t));
      if (!idx)
        return;
      b->idx = idx;
    }
  uint32_t *idx = b->idx + 3 * b->nt++;
  idx[0] = (uint32_t) i, idx[1] = (uint32_t) j, idx[2] = (uint32_t) k;
  int si = b->slot[i], sj = b->slot[j], sk = b->slot[k];
  if (si >= 0)
    add_edge (b, si, j);
  if (sj >= 0)
    add_edge (b, sj, k);
  if (sk >= 0)
    add_edge (b, sk, i);
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

/* Triangles from a closed ring of 2n vertices to one of n above it, whose
 * vertex i stands over vertex 2i below: three per pair below. */
static void
strip_halving (Builder *b, const int *lower, const int *upper, int n)
{
  for (int i = 0; i < n; i++)
    {
      int a = lower[2 * i], c = lower[2 * i + 1], d = lower[(2 * i + 2) % (2 * n)];
      int e = upper[i], f = upper[(i + 1) % n];
      add_t (b, a, c, e), add_t (b, c, f, e), add_t (b, c, d, f);
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

/* The hand, past the wrist: the arm's own section (the palm) joined by
 * lobes, each an ellipse across the hand's section (u along e1, outwards,
 * the palm facing the thigh at -u; v along z, the thumb to the front):
 * the thumb grows out of the thenar at the palm's front edge and lies
 * beside the index finger, the four fingers emerge from the palm at the
 * knuckles and end at their own lengths in rounded tips. The section's
 * outline is the smooth union of the lobes: at each v across the hand the
 * lowest bottom and highest top of the lobes there, so grooves part the
 * fingers and the thumb while every section stays one closed curve and
 * the surface one closed lofted tube. Proportions of the hand length
 * (wrist crease to middle fingertip) follow hand anthropometry (palm 0.44,
 * fingers 0.8-1.0, thumb tip at about 0.7 when adducted). */
typedef struct {
  float cu, cv, h, w, e; /* centre, half-thickness, half-width, superellipse exponent */
} HandLobe;

/* The lobes across the hand, back (-z) to front; the palm is apart. */
enum { LITTLE, RING, MIDDLE, INDEX, THUMB, N_DIGITS };

typedef struct {
  BodySection s;          /* the arm's own section; the palm in the hand */
  float beta;             /* weight of the lobed outline over the plain section */
  HandLobe palm, digit[N_DIGITS];
  float knot[N_DIGITS + 1]; /* across the hand: back edge, the four grooves, front edge */
} ArmRing;

/* Where the knots sit on the ring's parameter (-1 back edge .. 1 front
 * edge): the digits' shares of an open hand's width, so each keeps its
 * vertices from the knuckles to its tip and the grooves do not wander
 * between them. */
static const float knot_sigma[N_DIGITS + 1] = { -1.f, -0.567f, -0.167f, 0.233f, 0.608f, 1.f };

/* A lobe's size towards its rounded tip at hand fraction end. */
static float
tip_round (float s, float end, float r)
{
  float f = (s - (end - r)) / r;
  return f <= 0 ? 1 : f >= 1 ? 0 : sqrtf (1 - f * f);
}

static void
hand_lobes (const BodyPlan *p, float s, ArmRing *r)
{
  const BodySection *palm = &p->arm.s[p->k_wr + 2];
  float a = palm->a, b = palm->bf;
  /* The palm fades out past the knuckles, where the fingers take over. */
  float fp = 1 - smoothstep ((s - 0.33f) / 0.27f);
  r->palm = (HandLobe) { r->s.cx, r->s.cz, r->s.a * fp, r->s.bf * (0.9f + 0.1f * fp), r->s.n };
  /* A digit that ends before its neighbour rounds off towards it: the
   * edge it shares with the longer digit stays, the far edge closes in.
   * Rounding off about its own centre left a strip of bare web between
   * the shrinking tip and the neighbour, a fin beyond every fingertip.
   * The middle finger, the longest, closes about its centre. */
  static const float toward[N_DIGITS] = { 1, 1, 0, -1, -1 };
  float g = smoothstep ((s - 0.2f) / 0.35f), ft = tip_round (s, 0.70f, 0.08f), wt = 0.26f * b;
  r->digit[THUMB] = (HandLobe) { -(0.1f + 0.3f * g) * a, b * (0.62f + 0.56f * g) + toward[THUMB] * wt * (1 - ft),
                                 0.6f * a * ft, wt * ft, 2 };
  static const float centre[4] = { -0.72f, -0.24f, 0.24f, 0.72f }, end[4] = { 0.86f, 0.965f, 1.0f, 0.955f };
  float k = smoothstep ((s - 0.45f) / 0.55f);
  for (int j = 0; j < 4; j++)
    {
      float f = s > 0.25f ? tip_round (s, end[j], 0.06f) : 0, w = 0.27f * b * (1 - 0.15f * k);
      r->digit[j] = (HandLobe) { 0, b * centre[j] * (1 - 0.1f * k) + (f > 0 ? toward[j] * w * (1 - f) : 0),
                                 0.62f * a * (1 - 0.2f * k) * f, w * f, 2 };
    }
  float lo = fp > 0 ? r->palm.cv - r->palm.w : INFINITY, hi = fp > 0 ? r->palm.cv + r->palm.w : -INFINITY;
  for (int j = 0; j < N_DIGITS; j++)
    if (r->digit[j].w > 0)
      lo = fminf (lo, r->digit[j].cv - r->digit[j].w), hi = fmaxf (hi, r->digit[j].cv + r->digit[j].w);
  /* Grooves midway between neighbouring digits, kept apart by a little so
   * that no stretch of the ring collapses onto one point where a digit
   * has ended or the thumb still lies inside the palm. */
  float gap = 0.04f * (hi - lo);
  r->knot[0] = lo, r->knot[N_DIGITS] = hi;
  for (int j = 1; j < N_DIGITS; j++)
    r->knot[j] = fmaxf (0.5f * (r->digit[j - 1].cv + r->digit[j].cv), r->knot[j - 1] + gap);
  for (int j = N_DIGITS - 1; j > 0; j--)
    r->knot[j] = fminf (r->knot[j], r->knot[j + 1] - gap);
}

/* The arm's section at distance t along its axis. */
static void
arm_ring (const BodyPlan *p, float t, ArmRing *r)
{
  body_curve_eval (&p->arm, t, &r->s);
  float s = (t - p->t_wr) / p->hand_len;
  r->beta = smoothstep ((s - 0.1f) / 0.15f);
  if (r->beta > 0)
    hand_lobes (p, s, r);
}

/* Smooth maximum (polynomial, blend width k): rounds the grooves. */
static float
smax (float x, float y, float k)
{
  float d = fabsf (x - y);
  return fmaxf (x, y) + (d < k ? (k - d) * (k - d) / (4 * k) : 0);
}

/* The lobe's top (side 1) or, negated, bottom at v; -INFINITY off it
 * (its own span's ends touch it within rounding). */
static float
lobe_edge (const HandLobe *l, float v, float side)
{
  if (!(l->w > 0) || !(l->h > 0) || fabsf (v - l->cv) > l->w * 1.001f)
    return -INFINITY;
  float x = fminf (fabsf (v - l->cv) / l->w, 1.f);
  float prof = l->e == 2 ? sqrtf (1 - x * x) : powf (1 - powf (x, l->e), 1 / l->e);
  return side * l->cu + l->h * prof;
}

/* The hand's outline at ring angle psi: across the hand by the knots, the
 * top (u > 0) or bottom side by the angle's cosine. */
static void
hand_point (const ArmRing *r, const BodyAngle *psi, float k, float web, float uv[2])
{
  float sn = psi->s, sigma = 0.6f * (2 / PI_F) * asinf (fmaxf (-1, fminf (1, sn))) + 0.4f * sn;
  int j = 0;
  while (j < N_DIGITS - 1 && sigma > knot_sigma[j + 1])
    j++;
  float f = (sigma - knot_sigma[j]) / (knot_sigma[j + 1] - knot_sigma[j]);
  float v = r->knot[j] + f * (r->knot[j + 1] - r->knot[j]), side = psi->c >= 0 ? 1.f : -1.f;
  float u = lobe_edge (&r->palm, v, side);
  for (int d = 0; d < N_DIGITS; d++)
    {
      float e = lobe_edge (&r->digit[d], v, side);
      u = u == -INFINITY ? e : e == -INFINITY ? u : smax (u, e, k);
    }
  /* Between fingertips that have parted (they end at different lengths)
   * a thin web keeps the section one curve with two distinct sides. */
  if (u == -INFINITY)
    u = web;
  uv[0] = side * u, uv[1] = v;
}

static void
arm_point (const BodyPlan *p, const ArmRing *r, float t, const BodyAngle *psi, float out[3])
{
  float uv[2];
  body_section_point_at (&r->s, psi, uv);
  if (r->beta > 0)
    {
      float hand[2];
      hand_point (r, psi, 0.3f * p->arm.s[p->k_wr + 2].a, 0.08f * p->arm.s[p->k_wr + 2].a, hand);
      uv[0] += r->beta * (hand[0] - uv[0]);
      uv[1] += r->beta * (hand[1] - uv[1]);
    }
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
 * iron out: around the crotch (not the hands hanging beside it), and from
 * below the armpits to above the acromion (arm tops and shoulders); the
 * soles' rim. Elsewhere the lofted rings are already smooth, and smoothing
 * them would cost most of the generator's time for nothing. */
static bool
near_join (const BodyPlan *p, float x, float y)
{
  float hips = p->torso.s[p->k_hip].a + 0.03f * p->sc;
  return (y > p->y_c - p->leg_blend_out - 0.01f * p->sc && y < p->y_c + 0.04f * p->sc && fabsf (x) < hips)
         || (y > p->y_a - 0.06f * p->sc && y < p->y_sh + 0.03f * p->sc) || y < p->toe_h;
}

/* Taubin's lambda|mu smoothing (G. Taubin, "A signal processing approach
 * to fair surface design", SIGGRAPH 1995) of the horizontal coordinates
 * of the vertices near the joins only: it irons out the creases where
 * rings of different parts meet without shrinking the body or moving any
 * level (heights, soles, crown stay put); the girth correction then
 * absorbs what it changes. */
static bool
smooth_joins (Builder *b, int iterations)
{
  int nm = b->nm, *start = calloc ((size_t) nm + 1, sizeof (int)), *fill = malloc ((size_t) nm * sizeof (int) + 1);
  int *nb = malloc ((size_t) b->ne * sizeof (int) + 1);
  float *delta = malloc ((size_t) nm * 2 * sizeof (float) + 1);
  if (!start || !fill || !nb || !delta)
    {
      free (start), free (fill), free (nb), free (delta);
      return false;
    }
  /* The surface is closed and consistently oriented, so every edge v -> w
   * follows v in exactly one triangle: the "next" vertices are the
   * one-ring, each neighbour once. */
  for (int e = 0; e < b->ne; e++)
    start[b->edge[2 * e] + 1]++;
  for (int i = 0; i < nm; i++)
    start[i + 1] += start[i];
  memcpy (fill, start, (size_t) nm * sizeof (int));
  for (int e = 0; e < b->ne; e++)
    nb[fill[b->edge[2 * e]]++] = b->edge[2 * e + 1];
  float *pos = b->pos;
  static const float factor[2] = { 0.5f, -0.53f };
  for (int it = 0; it < 2 * iterations; it++)
    {
      for (int i = 0; i < nm; i++)
        {
          int v = b->moved[i];
          float sx = 0, sz = 0;
          for (int e = start[i]; e < start[i + 1]; e++)
            sx += pos[3 * nb[e]], sz += pos[3 * nb[e] + 2];
          float inv = 1.f / (float) (start[i + 1] - start[i]);
          delta[2 * i] = sx * inv - pos[3 * v];
          delta[2 * i + 1] = sz * inv - pos[3 * v + 2];
        }
      for (int i = 0; i < nm; i++)
        {
          pos[3 * b->moved[i]] += factor[it % 2] * delta[2 * i];
          pos[3 * b->moved[i] + 2] += factor[it % 2] * delta[2 * i + 1];
        }
    }
  free (start), free (fill), free (nb), free (delta);
  return true;
}

static void
builder_free (Builder *b)
{
  free (b->pos), free (b->idx), free (b->slot), free (b->moved), free (b->edge);
}

AtMesh *
body_mesh_generate (const BodyPlan *p, const AtBodyDef *def)
{
  const int K = def->torso_ring / 2, T = 2 * K;
  int A = def->arm_ring, S = 2 * (int) fmaxf (1, roundf ((float) K / 12));
  if ((K + A) % 2)
    A++;
  const int U = T + 2 * A - 4 * S;
  const float sp = def->row_spacing, d_blend = 0.03f * p->sc;
  const int N = 2 * T + 2 * A + U; /* room for any ring or ring pair */
  /* Room for about the vertices the rows below will make, doubled if short. */
  float rows_torso = (p->y_a - p->y_c) / sp + 8, rows_leg = p->y_c / sp + 12;
  float rows_arm = (p->t_cap - p->t0) / sp + 10, rows_up = (p->H - p->y_a) / sp + 16;
  int nv_est = (int) (T * rows_torso + 2 * T * rows_leg + 2 * A * rows_arm + U * rows_up);
  Builder b = { .plan = p, .cap_pos = nv_est, .cap_slot = nv_est, .cap_idx = 2 * nv_est };
  int *ring = malloc ((size_t) (5 * T + 2 * A + U + 3 * N) * sizeof (int));
  if (!ring)
    return NULL;
  int *t0 = ring, *ta = t0 + T, *seam = ta + T, *lt = seam + T, *rt = lt + T, *la = rt + T, *ra = la + A;
  int *uj = ra + A, *prev_a = uj + U, *prev_b = prev_a + N, *cur = prev_b + N;
  float *jxz = malloc ((size_t) (U + T + 2 * A) * 3 * sizeof (float));
  float *jth = malloc ((size_t) (U + T) * sizeof (float));
  float *slope = malloc ((size_t) T * 2 * sizeof (float));
  /* The angles of the torso and legs' ring positions, the arms' and the
   * upper body's: every ring of a part samples its section at the same. */
  BodyAngle *tang = malloc ((size_t) (T + A + U) * sizeof *tang), *aang = tang + T, *uang = aang + A;
  float *rows = NULL;
  int nrows = 0;
  BodySection s;
  float q[3];

  if (!tang)
    goto fail;
  for (int j = 0; j < T; j++)
    tang[j] = body_angle (-PI_F / 2 + (float) j * PI_F / K);
  for (int i = 0; i < A; i++)
    aang[i] = body_angle (PI_F - (float) S * PI_F / A + (float) i * 2 * PI_F / A);
  for (int u = 0; u < U; u++)
    uang[u] = body_angle (-PI_F / 2 + 2 * PI_F * (float) u / U);
  /* Crotch junction: the torso ring and the midline seam. */
  body_curve_eval (&p->torso, p->y_c, &s);
  for (int j = 0; j < T; j++)
    {
      body_section_point_at (&s, &tang[j], q);
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
  if (!rows || !jxz || !jth || !slope)
    goto fail;
  memcpy (prev_a, t0, (size_t) T * sizeof (int));
  for (int r = 1; r < nrows; r++)
    {
      body_curve_eval (&p->torso, rows[r], &s);
      for (int j = 0; j < T; j++)
        {
          body_section_point_at (&s, &tang[j], q);
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
  BodySection top, above;
  leg_section (p, p->y_c, &top);
  /* The legs' rings also carry on the slope the torso has just above the
   * crotch (dP/dy of each torso ring position), so the surface turns
   * from torso to legs without a crease round the hips; along the seam,
   * where no torso lies above, the inner thighs part at a slope that is
   * steepest midway between front and back, rounding the crotch. */
  /* (Taken over a centimetre and bounded: a hip key just above the
   * crotch makes the torso's own slope there steep but short-lived.) */
  const float dy = 0.01f;
  body_curve_eval (&p->torso, p->y_c + dy, &above);
  for (int i = 0; i <= K; i++)
    {
      body_section_point_at (&above, &tang[i], q);
      slope[2 * i] = fminf (fmaxf ((q[0] - b.pos[3 * t0[i]]) / dy, -0.5f), 0.5f);
      slope[2 * i + 1] = fminf (fmaxf ((q[1] - b.pos[3 * t0[i] + 2]) / dy, -0.5f), 0.5f);
    }
  for (int i = K + 1; i < T; i++)
    {
      float f = (float) (i - K) / K;
      slope[2 * i] = -0.4f * sinf (PI_F * f);
      slope[2 * i + 1] = slope[2 * K + 1] + f * (slope[1] - slope[2 * K + 1]);
    }
  for (int i = 0; i < T; i++)
    {
      body_section_point_at (&top, &tang[i], q);
      jxz[2 * i] = b.pos[3 * lt[i]] - q[0];
      jxz[2 * i + 1] = b.pos[3 * lt[i] + 2] - q[1];
    }
  /* (A row where the arch between the thighs has turned halfway.) */
  float lk[] = { p->y_thigh, p->y_knee, p->y_calf, p->y_ankle, p->toe_h, 0.008f, 0.003f, p->y_hip,
                 p->y_c - (1 - sqrtf (0.5f)) * p->leg_blend_in };
  rows = make_rows (0, p->y_c, lk, 9, sp, &nrows);
  if (!rows)
    goto fail;
  memcpy (prev_a, lt, (size_t) T * sizeof (int));
  memcpy (prev_b, rt, (size_t) T * sizeof (int));
  for (int r = nrows - 2; r >= 0; r--)
    {
      float y = rows[r];
      leg_section (p, y, &s);
      int *cl = cur, *cr = cur + T;
      for (int i = 0; i < T; i++)
        {
          float reach = i < K ? tang[i].c : 0, w = body_leg_blend (p, y, reach);
          body_section_point_at (&s, &tang[i], q);
          float x = q[0] + body_leg_blend_across (p, y, reach) * (jxz[2 * i] + (y - p->y_c) * slope[2 * i]);
          float z = q[1] + w * (jxz[2 * i + 1] + (y - p->y_c) * slope[2 * i + 1]);
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
  ArmRing ar;
  arm_ring (p, p->t0, &ar);
  for (int i = 0; i < A; i++)
    {
      arm_point (p, &ar, p->t0, &aang[i], q);
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
      arm_ring (p, t, &ar);
      for (int i = 0; i < A; i++)
        {
          arm_point (p, &ar, t, &aang[i], q);
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
  /* The middle fingertip closes the hand. */
  for (int k = 0; k < 3; k++)
    q[k] = p->sj[k] + p->t_tip * p->dir[k];
  q[2] += ar.digit[MIDDLE].cv;
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
  /* Neck and head: the shoulders' ring carries the torso's vertices and
   * both arms' outer arcs, twice as many as the neck needs (2-3 mm apart
   * round it); above the shoulders every other one goes. */
  const int V = U / 2;
  for (int u = 0; u < V; u++)
    uang[u] = uang[2 * u];
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
      for (int u = 0; u < V; u++)
        {
          body_section_point_at (&s, &uang[u], q);
          cur[u] = add_v (&b, q[0], y, q[1]);
        }
      if (r == 1)
        strip_halving (&b, prev_a, cur, V);
      else
        strip (&b, prev_a, cur, V);
      memcpy (prev_a, cur, (size_t) V * sizeof (int));
    }
  body_curve_eval (&p->upper, p->H, &s);
  cap_top (&b, prev_a, V, add_v (&b, s.cx, p->H, s.cz));
  int crown = b.nt - V; /* the crown's fan, the last triangles */
  free (rows);
  rows = NULL;
  if (b.oom || !smooth_joins (&b, def->smoothing))
    goto fail;

  /* The builder's arrays become the mesh's (at_mesh_free frees each). */
  AtMesh *mesh = calloc (1, sizeof *mesh);
  if (!mesh)
    goto fail;
  mesh->positions = b.pos, mesh->indices = b.idx;
  mesh->vertex_count = b.nv, mesh->triangle_count = b.nt;
  b.pos = NULL, b.idx = NULL;
  /* Outward-facing triangles: the surface is closed and consistently
   * oriented, so the crown's fan tells for all. Its triangles' summed
   * cross products are twice its area vector, whose vertical part is
   * the area of the ring under the crown: up when they face outward. */
  double up = 0;
  for (int t = crown; t < mesh->triangle_count; t++)
    {
      const uint32_t *tri = mesh->indices + 3 * t;
      const float *a = mesh->positions + 3 * tri[0], *c = mesh->positions + 3 * tri[1], *d = mesh->positions + 3 * tri[2];
      up += (double) (c[2] - a[2]) * (d[0] - a[0]) - (double) (c[0] - a[0]) * (d[2] - a[2]);
    }
  if (up < 0)
    for (int t = 0; t < mesh->triangle_count; t++)
      {
        uint32_t tmp = mesh->indices[3 * t + 1];
        mesh->indices[3 * t + 1] = mesh->indices[3 * t + 2];
        mesh->indices[3 * t + 2] = tmp;
      }
  builder_free (&b);
  free (ring);
  free (jxz);
  free (jth);
  free (slope);
  free (tang);
  return mesh;

fail:
  free (rows);
  builder_free (&b);
  free (ring);
  free (jxz);
  free (jth);
  free (slope);
  free (tang);
  return NULL;
}

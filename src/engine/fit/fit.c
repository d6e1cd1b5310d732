/* Fit analysis of a draped garment (the fit maps of CLO 3D / Browzwear).
 *
 * Ease per girth region: the garment's girth where it hangs on the body
 * minus the body's girth there, with the garment's girth measured as its
 * specification sheet would give it, in cloth at rest, so that the drape
 * and the chart advice (which measures the flat graded pattern,
 * fit_pattern.c) say the same of the same body and size. The plane through
 * the landmark (horizontal for chest, waist and hip; across the limb axis
 * for upper_arm and thigh) cuts the mesh's triangles of that part's panels;
 * each cut piece has the length it has in the flat pattern (the mesh's
 * uvs), and round the section's centre each direction counts the outermost
 * piece only, so overlapping layers (a waistband over a skirt top, buttoned
 * fronts, a facing) count once. Stretched round a body too big for it, the
 * cloth's rest girth says by how much it is too small (a hull would read
 * the body); hanging in folds, it counts the cloth in the folds (a hull
 * would read only what spans them); slid down or ridden up, it reads the
 * part of the pattern that came to lie at the level, which is what the
 * drape shows and the chart cannot know. The mean over three planes 1 cm
 * apart smooths a fold crossing one. Under armholes that hang below the
 * body's chest level the chest is read just below them (up to 16 cm down),
 * as a specification sheet takes a garment's chest; a chest with no level
 * all the way round is not judged. The neck takes the hull of the neck
 * panels (bands are cut shorter than the neckline they are stretched
 * onto); shoulders take the width of the torso panels at shoulder level
 * minus the biacromial breadth; length is how much longer (positive) or
 * shorter the main panels hang than they are flat (a garment that rides up
 * reads tight). Which panels belong to which part follows their placement
 * landmark.
 *
 * Verdicts use per-region thresholds in cm (tight below, loose above):
 *   neck 1 / 8, shoulders -1 / 6, chest 2 / 16, waist 2 / 20, hip 2 / 16,
 *   upper_arm 2 / 14, thigh 2 / 14, length -3 / 3.
 * Where the garment states an ease for the region, loose starts 3 cm
 * beyond the ease it was made with (its finished girth less the girth of
 * the body it was drafted for): more room than that is a size too big,
 * while a hoodie's 20 cm is its style.
 *
 * Strain: |x_i - x_j| / |X_i - X_j| - 1 per mesh edge against the flat
 * pattern (uvs); per vertex the mean over its edges.
 * Pressure: Laplace's law for a membrane on a curved support,
 * p = T (k1 + k2), with the membrane tension T = k * strain (k the fabric's
 * mean tensile stiffness, N/m) and k1 + k2 the body's mean curvature at the
 * contact, taken as the Laplacian of its signed distance field (which is
 * the sum of the principal curvatures of its level sets); only vertices in
 * contact (within thickness + 3 mm of the skin) press. */
#include "at_fit.h"
#include "cloth/at_sdf.h"
#include "fit_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  double x, y;
} P2;

static int
cmp_p2 (const void *a, const void *b)
{
  const P2 *p = a, *q = b;
  return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->y < q->y ? -1 : p->y > q->y);
}

static double
turn (P2 o, P2 a, P2 b)
{
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/* Perimeter of the convex hull (Andrew's monotone chain); sorts pts. */
static double
hull_perimeter (P2 *pts, int n, P2 *work)
{
  if (n < 3)
    return 0;
  qsort (pts, (size_t) n, sizeof *pts, cmp_p2);
  int k = 0;
  for (int i = 0; i < n; i++)
    {
      while (k >= 2 && turn (work[k - 2], work[k - 1], pts[i]) <= 0)
        k--;
      work[k++] = pts[i];
    }
  for (int i = n - 2, lo = k + 1; i >= 0; i--)
    {
      while (k >= lo && turn (work[k - 2], work[k - 1], pts[i]) <= 0)
        k--;
      work[k++] = pts[i];
    }
  double per = 0;
  for (int i = 0; i + 1 < k; i++)
    per += hypot (work[i + 1].x - work[i].x, work[i + 1].y - work[i].y);
  return per;
}

typedef struct {
  const AtMesh *mesh;
  const int *vpanel;
  const AtFitPart *part;
  P2 *pts, *work;
  int min_points;
} Ctx;

/* e1, e2: an orthonormal basis of the plane across the unit vector axis. */
static void
plane_basis (const float axis[3], float e1[3], float e2[3])
{
  float ref[3] = { 1, 0, 0 };
  if (fabsf (axis[0]) > 0.9f)
    ref[0] = 0, ref[2] = 1;
  float d = ref[0] * axis[0] + ref[1] * axis[1] + ref[2] * axis[2];
  for (int k = 0; k < 3; k++)
    e1[k] = ref[k] - d * axis[k];
  float l = sqrtf (e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
  for (int k = 0; k < 3; k++)
    e1[k] /= l;
  e2[0] = axis[1] * e1[2] - axis[2] * e1[1];
  e2[1] = axis[2] * e1[0] - axis[0] * e1[2];
  e2[2] = axis[0] * e1[1] - axis[1] * e1[0];
}

/* The perimeter (m) of the hull of the vertices of the given parts within
 * half of the plane through centre across axis, seen along the axis; 0
 * when too few points. */
static double
hull_section (const Ctx *c, unsigned parts, const float centre[3], const float axis[3], float half)
{
  float e1[3], e2[3];
  plane_basis (axis, e1, e2);
  int n = 0;
  for (int v = 0; v < c->mesh->vertex_count; v++)
    {
      if (!(parts & (1u << c->part[c->vpanel[v]])))
        continue;
      const float *p = c->mesh->positions + 3 * v;
      float r[3] = { p[0] - centre[0], p[1] - centre[1], p[2] - centre[2] };
      if (fabsf (r[0] * axis[0] + r[1] * axis[1] + r[2] * axis[2]) >= half)
        continue;
      c->pts[n++] = (P2) { r[0] * e1[0] + r[1] * e1[1] + r[2] * e1[2], r[0] * e2[0] + r[1] * e2[1] + r[2] * e2[2] };
    }
  return n >= c->min_points ? hull_perimeter (c->pts, n, c->work) : 0;
}

#define ANGLE_BINS 720
/* Least share of the way round the cloth must cover for a girth: a tenth
 * may be open (unbuttoned fronts gaping in the drape) ... */
#define MIN_COVER 0.9
/* ... but not at the chest, where missing cloth is an armhole the level
 * passes through: the torso's girth is then taken lower. */
#define MIN_COVER_CHEST 0.98

/* The girth at rest (m) of the cloth of the given parts where the plane
 * through centre across axis cuts it: each triangle the plane crosses adds
 * a piece of the section whose rest length is that of its ends in the flat
 * pattern (the mesh's uvs). Round the centre, each direction counts the
 * outermost piece only, so a waistband over the top of a skirt, the two
 * fronts of a buttoned shirt where they overlap, or a facing folded under
 * count once, as a tape measure round the garment would. False when the
 * cloth goes less than min_cover of the way round. */
/* A cut piece turning round the centre by less than this share of its
 * rest length points out rather than round (see rest_girth). */
#define RADIAL_PIECE 0.1

static bool
rest_girth (const Ctx *c, unsigned parts, const float centre[3], const float axis[3], double min_cover,
            double *out)
{
  const AtMesh *m = c->mesh;
  float e1[3], e2[3];
  plane_basis (axis, e1, e2);
  float outer[ANGLE_BINS];
  double density[ANGLE_BINS];
  for (int k = 0; k < ANGLE_BINS; k++)
    outer[k] = -1, density[k] = 0;
  const double bin = 2 * M_PI / ANGLE_BINS;
  for (int t = 0; t < m->triangle_count; t++)
    {
      const uint32_t *tri = m->indices + 3 * t;
      int inside = 0;
      float s[3];
      for (int k = 0; k < 3; k++)
        {
          const float *p = m->positions + 3 * tri[k];
          inside += (parts >> c->part[c->vpanel[tri[k]]]) & 1u;
          s[k] = (p[0] - centre[0]) * axis[0] + (p[1] - centre[1]) * axis[1] + (p[2] - centre[2]) * axis[2];
        }
      if (inside < 2)
        continue;
      double x[2], y[2], u[2], w[2];
      int n = 0;
      for (int k = 0; k < 3 && n < 2; k++)
        {
          int a = k, b = (k + 1) % 3;
          if ((s[a] < 0) == (s[b] < 0))
            continue;
          float f = s[a] / (s[a] - s[b]);
          const float *pa = m->positions + 3 * tri[a], *pb = m->positions + 3 * tri[b];
          float r[3];
          for (int j = 0; j < 3; j++)
            r[j] = pa[j] + f * (pb[j] - pa[j]) - centre[j];
          x[n] = r[0] * e1[0] + r[1] * e1[1] + r[2] * e1[2];
          y[n] = r[0] * e2[0] + r[1] * e2[1] + r[2] * e2[2];
          u[n] = m->uvs[2 * tri[a]] + f * (m->uvs[2 * tri[b]] - m->uvs[2 * tri[a]]);
          w[n] = m->uvs[2 * tri[a] + 1] + f * (m->uvs[2 * tri[b] + 1] - m->uvs[2 * tri[a] + 1]);
          n++;
        }
      if (n < 2)
        continue;
      double from = atan2 (y[0], x[0]), span = atan2 (y[1], x[1]) - from;
      span -= 2 * M_PI * floor ((span + M_PI) / (2 * M_PI)); /* into [-pi, pi) */
      if (span < 0)
        from += span, span = -span;
      double rest = hypot (u[1] - u[0], w[1] - w[0]);
      float radius = (float) (0.5 * (hypot (x[0], y[0]) + hypot (x[1], y[1])));
      /* A piece pointing out more than round (the turn of a folded band
       * between its two layers) adds no way round, and its rest length
       * over its sliver of angle would count as metres of cloth. */
      if (radius * span < RADIAL_PIECE * rest || span < 1e-9)
        continue;
      int first = (int) floor ((from + M_PI) / bin), last = (int) floor ((from + span + M_PI) / bin);
      for (int k = first; k <= last; k++)
        {
          int kk = ((k % ANGLE_BINS) + ANGLE_BINS) % ANGLE_BINS;
          if (radius > outer[kk])
            outer[kk] = radius, density[kk] = rest / span;
        }
    }
  int covered = 0;
  double sum = 0;
  for (int k = 0; k < ANGLE_BINS; k++)
    if (outer[k] >= 0)
      covered++, sum += density[k] * bin;
  if (covered < min_cover * ANGLE_BINS)
    return false;
  /* a direction left out (a piece narrower than a bin, an armhole's edge)
   * has the mean of the others */
  *out = sum * ANGLE_BINS / covered;
  return true;
}

/* The ease (cm) of body girth body_cm: the mean over planes 1 cm apart
 * round the level, which smooths a fold that happens to cross one. */
static bool
girth_ease (const Ctx *c, unsigned parts, const float centre[3], const float axis[3], double body_cm,
            double min_cover, double *ease_cm)
{
  double sum = 0, girth;
  int n = 0;
  for (int i = -1; i <= 1; i++)
    {
      float at[3];
      for (int k = 0; k < 3; k++)
        at[k] = centre[k] + 0.01f * (float) i * axis[k];
      if (rest_girth (c, parts, at, axis, min_cover, &girth))
        sum += girth, n++;
    }
  if (n)
    *ease_cm = 100 * sum / n - body_cm;
  return n > 0;
}

static const struct {
  const char *name;
  double tight, loose;
} thresholds[] = {
  { "neck", 1, 8 }, { "shoulders", -1, 6 }, { "chest", 2, 16 }, { "waist", 2, 20 },
  { "hip", 2, 16 }, { "upper_arm", 2, 14 }, { "thigh", 2, 14 }, { "length", -3, 3 },
};

/* More room than the designer meant by this much is a size too big. */
#define LOOSE_BEYOND_DESIGN_CM 3.0

void
at_fit_region_limits (const char *region, const double *design_ease_cm, double *tight_below, double *loose_above)
{
  *tight_below = 2, *loose_above = 16;
  /* A garment's ease may name its region by the girth key ("neck_girth"). */
  size_t len = strlen (region);
  if (len > 6 && strcmp (region + len - 6, "_girth") == 0)
    len -= 6;
  for (size_t i = 0; i < sizeof thresholds / sizeof *thresholds; i++)
    if (strlen (thresholds[i].name) == len && strncmp (thresholds[i].name, region, len) == 0)
      *tight_below = thresholds[i].tight, *loose_above = thresholds[i].loose;
  if (design_ease_cm)
    *loose_above = *design_ease_cm + LOOSE_BEYOND_DESIGN_CM;
}

/* The ease the garment was made with at a region: its finished girth less
 * the girth of the body it was drafted for (a chart size's, or the
 * customer's for made-to-measure), as the size advice takes it; else the
 * design parameter's ease. NULL when it states none. */
static const double *
design_ease (const AtGarmentDef *g, const AtPattern *p, const AtMeasurements *body, const char *region,
             double *out)
{
  AtGarmentEase eases[AT_GARMENT_MAX_PARAMS];
  int n = g ? at_garment_eases (g, eases, AT_GARMENT_MAX_PARAMS) : 0;
  for (int i = 0; i < n; i++)
    if (strcmp (eases[i].region, region) == 0)
      {
        int size = at_garment_size_index (g, p->size);
        double finished, made_with;
        if (size >= 0 && at_fit_chart_girth (g, size, eases[i].girth, NULL, &finished, &made_with))
          *out = made_with;
        else if (size < 0 && (finished = at_fit_pattern_girth (p, eases[i].girth, body, body)) > 0)
          *out = finished - body->value[eases[i].girth];
        else
          *out = eases[i].ease_cm;
        return out;
      }
  return NULL;
}

static void
add_region (AtFitReport *r, const AtGarmentDef *g, const AtPattern *p, const AtMeasurements *body, int which,
            double ease_cm)
{
  AtFitRegion *reg = &r->regions[r->region_count++];
  reg->region = thresholds[which].name;
  reg->ease_cm = ease_cm;
  double ease;
  at_fit_region_limits (reg->region, design_ease (g, p, body, reg->region, &ease), &reg->tight_below,
                        &reg->loose_above);
  reg->verdict = ease_cm < reg->tight_below ? AT_FIT_TIGHT : ease_cm > reg->loose_above ? AT_FIT_LOOSE : AT_FIT_GOOD;
}

static void
vertex_strain (const AtMesh *m, float *strain, float *edges)
{
  int *count = calloc ((size_t) m->vertex_count, sizeof *count);
  memset (strain, 0, (size_t) m->vertex_count * sizeof *strain);
  for (int t = 0; t < m->triangle_count; t++)
    for (int e = 0; e < 3; e++)
      {
        uint32_t i = m->indices[3 * t + e], j = m->indices[3 * t + (e + 1) % 3];
        const float *a = m->positions + 3 * i, *b = m->positions + 3 * j;
        float len = sqrtf ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
        float du = m->uvs[2 * i] - m->uvs[2 * j], dv = m->uvs[2 * i + 1] - m->uvs[2 * j + 1];
        float rest = sqrtf (du * du + dv * dv);
        float s = rest > 0 ? len / rest - 1 : 0;
        edges[3 * t + e] = s;
        strain[i] += s;
        strain[j] += s;
        if (count)
          count[i]++, count[j]++;
      }
  for (int v = 0; v < m->vertex_count; v++)
    strain[v] = count && count[v] ? strain[v] / (float) count[v] : 0;
  free (count);
}

static int
cmp_float (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

static void
body_fields (AtFitReport *r, const AtMesh *m, const AtSdf *sdf, const AtFabric *fabric)
{
  const float h = 0.01f;
  double k = 0.5 * (fabric->stretch_warp + fabric->stretch_weft);
  float contact = (float) (fabric->thickness_mm * 1e-3) + 0.003f;
  for (int v = 0; v < m->vertex_count; v++)
    {
      const float *p = m->positions + 3 * v;
      float d = at_sdf_sample (sdf, p, NULL);
      r->clearance[v] = 100 * d;
      r->penetrating_vertices += d < 0;
      r->pressure[v] = 0;
      if (d > contact || r->strain[v] <= 0)
        continue;
      float lap = -6 * d;
      for (int a = 0; a < 3; a++)
        for (int sgn = -1; sgn <= 1; sgn += 2)
          {
            float q[3] = { p[0], p[1], p[2] };
            q[a] += (float) sgn * h;
            lap += at_sdf_sample (sdf, q, NULL);
          }
      double curvature = fmax (lap / (h * h), 0);
      r->pressure[v] = (float) (k * r->strain[v] * curvature / 1000);
      r->pressure_max_kpa = fmax (r->pressure_max_kpa, r->pressure[v]);
    }
}

/* How far below the chest level (in 2 cm steps) a garment's chest is
 * looked for under dropped armholes (a man's hoodie on a woman hangs its
 * armholes well below her bust). */
#define CHEST_STEPS 8

static void
regions (AtFitReport *r, AtDrape *drape, const AtGarmentDef *g, const Ctx *c)
{
  const AtBodyLandmarks *lm = at_body_landmarks (at_drape_body (drape));
  const AtMeasurements *m = at_body_measurements (at_drape_body (drape));
  const AtPattern *p = at_drape_pattern (drape);
  const float up[3] = { 0, 1, 0 };
  const unsigned torso = 1u << AT_FIT_PART_TORSO, legs = 1u << AT_FIT_PART_LEG_L | 1u << AT_FIT_PART_LEG_R;
  const AtBodyLevel *lv[] = { &lm->chest, &lm->waist, &lm->hip };
  const AtMeasureKey girth[] = { AT_M_CHEST_GIRTH, AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH };
  const int which[] = { 2, 3, 4 };
  double ease, per;

  /* The neck reads its hull only: bands are cut shorter than the neckline
   * they are stretched onto, so their rest length is no girth. */
  const float origin[3] = { 0, 0, 0 };
  if ((per = hull_section (c, 1u << AT_FIT_PART_NECK, origin, up, INFINITY)) > 0)
    add_region (r, g, p, m, 0, 100 * per - m->value[AT_M_NECK_GIRTH]);
  /* Shoulders: width of the torso panels at shoulder level. */
  float xmin = INFINITY, xmax = -INFINITY;
  for (int v = 0; v < c->mesh->vertex_count; v++)
    if (c->part[c->vpanel[v]] == AT_FIT_PART_TORSO && fabsf (c->mesh->positions[3 * v + 1] - lm->shoulder_y) < 0.015f)
      {
        xmin = fminf (xmin, c->mesh->positions[3 * v]);
        xmax = fmaxf (xmax, c->mesh->positions[3 * v]);
      }
  if (xmax > xmin)
    add_region (r, g, p, m, 1, 100 * (xmax - xmin) - m->value[AT_M_SHOULDER_BREADTH]);
  for (int i = 0; i < 3; i++)
    {
      const float centre[3] = { 0.5f * (lv[i]->left[0] + lv[i]->right[0]), lv[i]->y,
                                0.5f * (lv[i]->front[2] + lv[i]->back[2]) };
      /* Armholes that hang below the chest level leave the torso panels
       * short of the way round there: the chest is then read just below
       * them, where a specification sheet takes it. */
      bool judged = false;
      for (int step = 0; !judged && i == 0 && step <= CHEST_STEPS; step++)
        {
          float at[3] = { centre[0], centre[1] - 0.02f * (float) step, centre[2] };
          judged = girth_ease (c, torso | legs, at, up, m->value[girth[i]], MIN_COVER_CHEST, &ease);
        }
      if (i > 0)
        judged = girth_ease (c, torso | legs, centre, up, m->value[girth[i]], MIN_COVER, &ease);
      if (judged)
        add_region (r, g, p, m, which[i], ease);
    }
  /* Limbs: mean of left and right where both are covered. */
  const AtBodyArm *arms[] = { &lm->arm_left, &lm->arm_right };
  const AtFitPart arm_part[] = { AT_FIT_PART_ARM_L, AT_FIT_PART_ARM_R };
  double sum = 0;
  int got = 0;
  for (int s = 0; s < 2; s++)
    if (girth_ease (c, 1u << arm_part[s], arms[s]->upper_arm, arms[s]->axis, m->value[AT_M_UPPER_ARM_GIRTH],
                    MIN_COVER, &ease))
      sum += ease, got++;
  if (got)
    add_region (r, g, p, m, 5, sum / got);
  const AtBodyLeg *legs_lm[] = { &lm->leg_left, &lm->leg_right };
  const AtFitPart leg_part[] = { AT_FIT_PART_LEG_L, AT_FIT_PART_LEG_R };
  sum = 0, got = 0;
  for (int s = 0; s < 2; s++)
    {
      float axis[3];
      for (int k = 0; k < 3; k++)
        axis[k] = legs_lm[s]->thigh[k] - legs_lm[s]->knee[k];
      float l = sqrtf (axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
      for (int k = 0; k < 3; k++)
        axis[k] /= l;
      if (girth_ease (c, 1u << leg_part[s], legs_lm[s]->thigh, axis, m->value[AT_M_THIGH_GIRTH], MIN_COVER, &ease))
        sum += ease, got++;
    }
  if (got)
    add_region (r, g, p, m, 6, sum / got);
}

/* Draped minus flat height of the torso and leg panels, averaged (cm). */
static bool
length_ease (const AtPattern *p, const Ctx *c, double *out)
{
  float lo3[AT_PATTERN_MAX_PANELS], hi3[AT_PATTERN_MAX_PANELS], lo2[AT_PATTERN_MAX_PANELS], hi2[AT_PATTERN_MAX_PANELS];
  for (int i = 0; i < p->panel_count; i++)
    lo3[i] = lo2[i] = INFINITY, hi3[i] = hi2[i] = -INFINITY;
  for (int v = 0; v < c->mesh->vertex_count; v++)
    {
      int i = c->vpanel[v];
      lo3[i] = fminf (lo3[i], c->mesh->positions[3 * v + 1]);
      hi3[i] = fmaxf (hi3[i], c->mesh->positions[3 * v + 1]);
      lo2[i] = fminf (lo2[i], c->mesh->uvs[2 * v + 1]);
      hi2[i] = fmaxf (hi2[i], c->mesh->uvs[2 * v + 1]);
    }
  double sum = 0;
  int n = 0;
  for (int i = 0; i < p->panel_count; i++)
    if ((c->part[i] == AT_FIT_PART_TORSO || c->part[i] == AT_FIT_PART_LEG_L || c->part[i] == AT_FIT_PART_LEG_R)
        && hi2[i] - lo2[i] > 0.2f)
      {
        sum += 100.0 * ((hi3[i] - lo3[i]) - (hi2[i] - lo2[i]));
        n++;
      }
  *out = n ? sum / n : 0;
  return n > 0;
}

AtStatus
at_fit_analyze (AtDrape *drape, const AtGarmentDef *garment, AtFitReport *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  const AtMesh *m = at_drape_garment_mesh (drape);
  const AtPattern *p = at_drape_pattern (drape);
  const AtSdf *sdf = at_body_sdf (at_drape_body (drape), err);
  if (!sdf)
    return err && err->code ? err->code : AT_ERR_INVALID;
  int n = m->vertex_count;
  AtFitPart part[AT_PATTERN_MAX_PANELS];
  for (int i = 0; i < p->panel_count; i++)
    part[i] = at_fit_part_of (&p->panels[i]);
  out->vertex_count = n;
  out->strain = malloc ((size_t) n * sizeof *out->strain);
  out->clearance = malloc ((size_t) n * sizeof *out->clearance);
  out->pressure = malloc ((size_t) n * sizeof *out->pressure);
  float *edges = malloc ((size_t) 3 * m->triangle_count * sizeof *edges + 1);
  Ctx c = { m, at_drape_vertex_panel (drape), part, malloc ((size_t) n * sizeof (P2) + 1),
            malloc ((size_t) (2 * n + 1) * sizeof (P2)), 12 };
  AtStatus st = AT_OK;
  if (!out->strain || !out->clearance || !out->pressure || !edges || !c.pts || !c.work)
    st = at_error_set (err, AT_ERR_NOMEM, "fit: out of memory for %d vertices", n);
  else
    {
      vertex_strain (m, out->strain, edges);
      int ne = 3 * m->triangle_count;
      double sum = 0;
      for (int e = 0; e < ne; e++)
        sum += edges[e];
      qsort (edges, (size_t) ne, sizeof *edges, cmp_float);
      out->strain_mean = ne ? sum / ne : 0;
      out->strain_max = ne ? edges[ne - 1] : 0;
      out->strain_p99 = ne ? edges[(int) (0.99 * (ne - 1))] : 0;
      body_fields (out, m, sdf, at_drape_fabric (drape));
      regions (out, drape, garment, &c);
      double len;
      if (length_ease (p, &c, &len))
        add_region (out, garment, p, at_body_measurements (at_drape_body (drape)), 7, len);
    }
  free (edges);
  free (c.pts);
  free (c.work);
  if (st != AT_OK)
    at_fit_report_clear (out);
  return st;
}

void
at_fit_report_clear (AtFitReport *r)
{
  free (r->strain);
  free (r->clearance);
  free (r->pressure);
  memset (r, 0, sizeof *r);
}

const char *
at_fit_verdict_name (AtFitVerdict v)
{
  return v == AT_FIT_TIGHT ? "tight" : v == AT_FIT_LOOSE ? "loose" : "good";
}

static float
map_value (const AtFitReport *r, AtFitMap map, int v)
{
  return map == AT_FIT_MAP_STRAIN ? 100 * r->strain[v] : map == AT_FIT_MAP_EASE ? r->clearance[v] : r->pressure[v];
}

void
at_fit_vertex_values (const AtFitReport *r, AtFitMap map, float *out)
{
  for (int v = 0; v < r->vertex_count; v++)
    out[v] = map_value (r, map, v);
}

void
at_fit_map_range (AtFitMap map, float *lo, float *hi)
{
  /* Strain: -5 % (compressed) to 10 %; ease: skin to 8 cm away;
   * pressure: none to 4 kPa (about 30 mmHg, firm compression wear). */
  *lo = map == AT_FIT_MAP_STRAIN ? -5.0f : 0.0f;
  *hi = map == AT_FIT_MAP_STRAIN ? 10.0f : map == AT_FIT_MAP_EASE ? 8.0f : 4.0f;
}

void
at_fit_color_ramp (float value, float lo, float hi, float rgb[3])
{
  static const float stops[5][3] = { { 0, 0, 1 }, { 0, 1, 1 }, { 0, 1, 0 }, { 1, 1, 0 }, { 1, 0, 0 } };
  float t = hi > lo ? (value - lo) / (hi - lo) : 0;
  t = isfinite (t) ? fminf (fmaxf (t, 0), 1) : 0;
  float f = t * 4;
  int i = (int) f < 3 ? (int) f : 3;
  f -= (float) i;
  for (int k = 0; k < 3; k++)
    rgb[k] = stops[i][k] + f * (stops[i + 1][k] - stops[i][k]);
}

AtStatus
at_fit_colorize (const AtFitReport *r, AtFitMap map, AtMesh *mesh, AtError *err)
{
  if (mesh->vertex_count != r->vertex_count)
    return at_error_set (err, AT_ERR_INVALID, "fit: mesh has %d vertices, the report %d", mesh->vertex_count,
                         r->vertex_count);
  if (!mesh->colors && !(mesh->colors = malloc ((size_t) 3 * mesh->vertex_count * sizeof *mesh->colors)))
    return at_error_set (err, AT_ERR_NOMEM, "fit: out of memory for colours");
  float lo, hi;
  at_fit_map_range (map, &lo, &hi);
  for (int v = 0; v < r->vertex_count; v++)
    at_fit_color_ramp (map_value (r, map, v), lo, hi, mesh->colors + 3 * v);
  return AT_OK;
}

/* The built body's surface where renders show its faults: fingertips
 * (a digit that ended between two rings left a fin), the crotch (the
 * cleft between the thighs opened as a cusp, a fold at the centre front
 * and back), the ring at the armpit level (a change of slope there drew a
 * line across the chest), slivers and triangles folded against their
 * neighbours. Checked on the
 * two built-in sets and on a small woman and a tall heavy man completed
 * from stature and weight. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "body_test_util.h"
#include "body/body_internal.h"

enum { N_BODIES = 4 };

static AtBody *
build (int which)
{
  AtMeasurements m;
  AtError err = { 0 };
  AtBody *body = NULL;
  if (which < 2)
    {
      body_test_set (&m, (AtSex) which);
      g_assert_cmpint (at_body_build (&m, NULL, &body, &err), ==, AT_OK);
      return body;
    }
  bool small = which == 2;
  at_measurements_init (&m, small ? AT_SEX_FEMALE : AT_SEX_MALE);
  m.value[AT_M_STATURE] = small ? 150 : 196, m.given[AT_M_STATURE] = true;
  m.value[AT_M_WEIGHT] = small ? 45 : 125, m.given[AT_M_WEIGHT] = true;
  AtMeasurements full;
  if (at_body_build_from_partial (&m, NULL, &full, &body, &err) != AT_OK)
    g_error ("%s", err.message);
  return body;
}

static void
face_normal (const AtMesh *m, int t, double n[3], double *area)
{
  const float *a = m->positions + 3 * m->indices[3 * t], *b = m->positions + 3 * m->indices[3 * t + 1];
  const float *c = m->positions + 3 * m->indices[3 * t + 2];
  double u[3], v[3];
  for (int k = 0; k < 3; k++)
    u[k] = b[k] - a[k], v[k] = c[k] - a[k];
  n[0] = u[1] * v[2] - u[2] * v[1], n[1] = u[2] * v[0] - u[0] * v[2], n[2] = u[0] * v[1] - u[1] * v[0];
  double len = sqrt (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  *area = len / 2;
  for (int k = 0; k < 3; k++)
    n[k] = len > 0 ? n[k] / len : 0;
}

/* Distance of p past the wrist along the arm (either arm). */
static float
past_wrist (const AtBodyArm *arm, const float p[3])
{
  float q[3] = { fabsf (p[0]), p[1], p[2] }, s = 0;
  for (int k = 0; k < 3; k++)
    s += (q[k] - arm->wrist[k]) * arm->axis[k];
  return s;
}

static gint
cmp_edge (gconstpointer a, gconstpointer b)
{
  guint64 x = ((const guint64 *) a)[0], y = ((const guint64 *) b)[0];
  return (x > y) - (x < y);
}

typedef bool (*Region) (const AtBodyLandmarks *lm, const float p[3]);

/* The hands, a centimetre past the wrist and on. */
static bool
in_hand (const AtBodyLandmarks *lm, const float p[3])
{
  return past_wrist (&lm->arm_left, p) > 0.01f;
}

/* Within 5 cm of the crotch's height and 10 cm of the midline. */
static bool
near_crotch (const AtBodyLandmarks *lm, const float p[3])
{
  return fabsf (p[1] - lm->crotch[1]) < 0.05f && fabsf (p[0]) < 0.1f;
}

/* The largest angle between the normals of two triangles sharing an edge
 * in a region. */
static double
max_dihedral (AtBody *body, Region region)
{
  const AtMesh *m = at_body_mesh (body);
  const AtBodyLandmarks *lm = at_body_landmarks (body);
  int nt = m->triangle_count;
  double *n = g_new (double, 3 * (gsize) nt);
  guint64 *edge = g_new (guint64, 2 * 3 * (gsize) nt); /* (key, triangle) */
  for (int t = 0; t < nt; t++)
    {
      double area;
      face_normal (m, t, n + 3 * t, &area);
      for (int k = 0; k < 3; k++)
        {
          guint64 a = m->indices[3 * t + k], b = m->indices[3 * t + (k + 1) % 3];
          edge[2 * (3 * t + k)] = a < b ? a << 32 | b : b << 32 | a;
          edge[2 * (3 * t + k) + 1] = (guint64) t;
        }
    }
  qsort (edge, 3 * (gsize) nt, 2 * sizeof (guint64), (int (*) (const void *, const void *)) cmp_edge);
  double worst = 0;
  for (int e = 0; e + 1 < 3 * nt; e++)
    if (edge[2 * e] == edge[2 * e + 2] && region (lm, m->positions + 3 * (edge[2 * e] >> 32)))
      {
        const double *a = n + 3 * edge[2 * e + 1], *b = n + 3 * edge[2 * e + 3];
        worst = fmax (worst, acos (fmax (-1, fmin (1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))) * 180 / G_PI);
      }
  g_free (n);
  g_free (edge);
  return worst;
}

/* On every test body, no two neighbouring triangles in the region turn by
 * over 120 degrees. */
static void
assert_no_sharp_edge (Region region, const char *where)
{
  for (int i = 0; i < N_BODIES; i++)
    {
      AtBody *body = build (i);
      double worst = max_dihedral (body, region);
      if (worst > 120)
        g_error ("body %d: triangles %s meet at %.1f degrees", i, where, worst);
      at_body_free (body);
    }
}

/* No fins or folds at the fingertips: neighbouring triangles in the hands
 * turn by well under 120 degrees (the fins turned by up to 150). */
static void
test_fingertips (void)
{
  assert_no_sharp_edge (in_hand, "in the hand");
}

/* The thighs leave the midline under an arch: round the crotch no two
 * neighbouring triangles meet at over 120 degrees (the cusp's edges met
 * at up to 144). */
static void
test_crotch (void)
{
  assert_no_sharp_edge (near_crotch, "round the crotch");
}

/* No sliver of near-zero area anywhere, and in the hands no triangle
 * facing against the normals of its own corners (the renderer's shading
 * normals), which shade as dark specks. */
static void
test_no_degenerate (void)
{
  for (int i = 0; i < N_BODIES; i++)
    {
      AtBody *body = build (i);
      const AtMesh *m = at_body_mesh (body);
      const AtBodyArm *arm = &at_body_landmarks (body)->arm_left;
      for (int t = 0; t < m->triangle_count; t++)
        {
          double n[3], area, along = 0;
          face_normal (m, t, n, &area);
          if (area < 1e-9) /* 0.001 mm^2 */
            g_error ("body %d: triangle %d has an area of %g mm^2", i, t, area * 1e6);
          const uint32_t *tri = m->indices + 3 * t;
          if (past_wrist (arm, m->positions + 3 * tri[0]) < 0)
            continue;
          for (int c = 0; c < 3; c++)
            for (int k = 0; k < 3; k++)
              along += n[k] * m->normals[3 * tri[c] + k];
          if (along <= 0)
            g_error ("body %d: hand triangle %d faces against its corners' normals", i, t);
        }
      at_body_free (body);
    }
}

static gint
cmp_y (gconstpointer a, gconstpointer b)
{
  float x = ((const float *) a)[0], y = ((const float *) b)[0];
  return (x > y) - (x < y);
}

/* The centre front's profile (height, depth) at y, along the midline
 * section's points sorted by height. */
static float
profile_at (const GArray *pts, float y)
{
  const float *p = (const float *) pts->data;
  guint k = 0;
  while (k + 2 < pts->len && p[2 * (k + 1)] < y)
    k++;
  float t = (y - p[2 * k]) / (p[2 * k + 2] - p[2 * k]);
  return p[2 * k + 1] + t * (p[2 * k + 3] - p[2 * k + 1]);
}

/* Up the centre front across the ring at the armpit level, where the
 * upper body's sections take over from the torso's, the surface turns no
 * more there than a smooth chest does from one step of 4 mm to the next
 * (it turned by 4-6 degrees at once, a line across the chest). */
static void
test_chest_line (void)
{
  for (int i = 0; i < N_BODIES; i++)
    {
      AtBody *body = build (i);
      const AtBodyLandmarks *lm = at_body_landmarks (body);
      AtSlicer *slicer = at_slicer_new (at_body_mesh (body));
      AtSlice slice = { 0 };
      const float o[3] = { 0, 0, 0 }, x[3] = { 1, 0, 0 }, y[3] = { 0, 1, 0 }; /* u: height, v: depth */
      g_assert_true (at_slicer_cut (slicer, o, x, y, 3.f, &slice));
      float y_a = lm->arm_left.armpit[1], z_mid = 0.5f * (lm->chest.front[2] + lm->chest.back[2]);
      GArray *front = g_array_new (FALSE, FALSE, 2 * sizeof (float));
      for (int l = 0; l < slice.count; l++)
        for (int k = 0; k < slice.loops[l].count; k++)
          {
            const float *q = slice.loops[l].uv + 2 * k;
            if (q[1] > z_mid && q[0] > y_a - 0.03f && q[0] < y_a + 0.03f)
              g_array_append_vals (front, q, 1);
          }
      g_array_sort (front, cmp_y);
      g_assert_cmpuint (front->len, >, 6);
      const float step = 0.004f;
      double worst = 0;
      for (float at = y_a - step; at < y_a + 3 * step + 1e-4f; at += step)
        {
          double below = atan2 (profile_at (front, at) - profile_at (front, at - step), step);
          double above = atan2 (profile_at (front, at + step) - profile_at (front, at), step);
          worst = fmax (worst, fabs (above - below) * 180 / G_PI);
        }
      if (worst > 3.5)
        g_error ("body %d: the centre front turns by %.1f degrees within 4 mm at the armpit level", i, worst);
      g_array_unref (front);
      at_slice_clear (&slice);
      at_slicer_free (slicer);
      at_body_free (body);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/body/surface/fingertips", test_fingertips);
  g_test_add_func ("/body/surface/crotch", test_crotch);
  g_test_add_func ("/body/surface/no-degenerate", test_no_degenerate);
  g_test_add_func ("/body/surface/chest-line", test_chest_line);
  return g_test_run ();
}

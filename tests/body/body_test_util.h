/* Shared by the body tests: complete measurement sets (the CONTRACT.md
 * example, female, and a male one of ANSUR II mean proportions) and the
 * checks every built body must pass. */
#pragma once
#include <glib.h>
#include <math.h>
#include "at_measurements.h"
#include "body/at_body.h"

static inline void
body_test_set (AtMeasurements *m, AtSex sex)
{
  static const double female[AT_M_COUNT] = {
    [AT_M_STATURE] = 165.2, [AT_M_WEIGHT] = 61.5, [AT_M_AGE] = 31,
    [AT_M_CHEST_GIRTH] = 90.1, [AT_M_CHEST_HEIGHT] = 120.3, [AT_M_CHEST_BREADTH] = 30.1, [AT_M_CHEST_DEPTH] = 23.0,
    [AT_M_WAIST_GIRTH] = 78.0, [AT_M_WAIST_HEIGHT] = 101.2, [AT_M_WAIST_BREADTH] = 28.0, [AT_M_WAIST_DEPTH] = 20.0,
    [AT_M_HIP_GIRTH] = 100.0, [AT_M_HIP_HEIGHT] = 84.0, [AT_M_HIP_BREADTH] = 35.0, [AT_M_HIP_DEPTH] = 24.0,
    [AT_M_NECK_GIRTH] = 33.0, [AT_M_SHOULDER_BREADTH] = 36.0, [AT_M_UPPER_ARM_GIRTH] = 28.0, [AT_M_WRIST_GIRTH] = 15.0,
    [AT_M_THIGH_GIRTH] = 58.0, [AT_M_CALF_GIRTH] = 36.0, [AT_M_ANKLE_GIRTH] = 22.0,
    [AT_M_INSIDE_LEG] = 76.0, [AT_M_ARM_LENGTH] = 58.0, [AT_M_KNEE_HEIGHT] = 47.0,
  };
  static const double male[AT_M_COUNT] = {
    [AT_M_STATURE] = 175.6, [AT_M_WEIGHT] = 85.5, [AT_M_AGE] = 30,
    [AT_M_CHEST_GIRTH] = 105.9, [AT_M_CHEST_HEIGHT] = 129.1, [AT_M_CHEST_BREADTH] = 28.9, [AT_M_CHEST_DEPTH] = 25.4,
    [AT_M_WAIST_GIRTH] = 94.1, [AT_M_WAIST_HEIGHT] = 105.6, [AT_M_WAIST_BREADTH] = 32.7, [AT_M_WAIST_DEPTH] = 23.8,
    [AT_M_HIP_GIRTH] = 102.0, [AT_M_HIP_HEIGHT] = 88.8, [AT_M_HIP_BREADTH] = 34.6, [AT_M_HIP_DEPTH] = 24.6,
    [AT_M_NECK_GIRTH] = 43.5, [AT_M_SHOULDER_BREADTH] = 41.6, [AT_M_UPPER_ARM_GIRTH] = 35.8, [AT_M_WRIST_GIRTH] = 17.6,
    [AT_M_THIGH_GIRTH] = 62.5, [AT_M_CALF_GIRTH] = 39.2, [AT_M_ANKLE_GIRTH] = 22.9,
    [AT_M_INSIDE_LEG] = 84.6, [AT_M_ARM_LENGTH] = 59.3, [AT_M_KNEE_HEIGHT] = 48.8,
  };
  at_measurements_init (m, sex);
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      m->value[k] = sex == AT_SEX_FEMALE ? female[k] : male[k];
      m->given[k] = true;
    }
}

/* Every directed edge exactly once and its reverse exactly once: closed,
 * manifold and consistently oriented. */
static inline void
assert_closed_manifold (const AtMesh *m)
{
  GHashTable *edges = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (int t = 0; t < m->triangle_count; t++)
    for (int k = 0; k < 3; k++)
      {
        gint64 *key = g_new (gint64, 1);
        *key = (gint64) m->indices[3 * t + k] << 32 | m->indices[3 * t + (k + 1) % 3];
        g_assert_cmpuint (m->indices[3 * t + k], !=, m->indices[3 * t + (k + 1) % 3]);
        g_assert_false (g_hash_table_contains (edges, key));
        g_hash_table_add (edges, key);
      }
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, edges);
  while (g_hash_table_iter_next (&it, &key, NULL))
    {
      gint64 e = *(gint64 *) key, rev = (e & 0xffffffff) << 32 | (e >> 32);
      g_assert_true (g_hash_table_contains (edges, &rev));
    }
  g_hash_table_destroy (edges);
}

static inline double
signed_volume (const AtMesh *m)
{
  double v = 0;
  for (int t = 0; t < m->triangle_count; t++)
    {
      const float *a = m->positions + 3 * m->indices[3 * t], *b = m->positions + 3 * m->indices[3 * t + 1];
      const float *c = m->positions + 3 * m->indices[3 * t + 2];
      v += a[0] * ((double) b[1] * c[2] - (double) b[2] * c[1]) - a[1] * ((double) b[0] * c[2] - (double) b[2] * c[0])
           + a[2] * ((double) b[0] * c[1] - (double) b[1] * c[0]);
    }
  return v / 6;
}

static inline void
assert_landmarks_ordered (const AtBodyLandmarks *lm)
{
  float up[] = { lm->leg_left.ankle[1], lm->leg_left.calf[1], lm->leg_left.knee[1], lm->leg_left.thigh[1],
                 lm->crotch[1], lm->waist.y, lm->chest.y, lm->arm_left.armpit[1], lm->shoulder_y,
                 lm->neck.y, lm->stature };
  for (size_t i = 0; i + 1 < G_N_ELEMENTS (up); i++)
    g_assert_cmpfloat (up[i], <, up[i + 1]);
  /* ANSUR has buttock levels up to 4 cm under the crotch. */
  g_assert_cmpfloat (lm->hip.y, >, lm->crotch[1] - 0.04f);
  g_assert_cmpfloat (lm->hip.y, <, lm->waist.y);
  const AtBodyArm *l = &lm->arm_left, *r = &lm->arm_right;
  g_assert_cmpfloat (l->shoulder[1], >, l->elbow[1]);
  g_assert_cmpfloat (l->elbow[1], >, l->wrist[1]);
  g_assert_cmpfloat (l->wrist[0], >, l->elbow[0]); /* A-pose: the arm goes out as it goes down */
  g_assert_cmpfloat (l->shoulder[0], >, 0);
  g_assert_cmpfloat (fabsf (l->shoulder[0] + r->shoulder[0]), <, 1e-4);
  g_assert_cmpfloat (lm->chest.front[2], >, lm->chest.back[2]);
  g_assert_cmpfloat (lm->hip.left[0], >, lm->hip.right[0]);
  g_assert_cmpfloat (lm->neck.left[0] - lm->neck.right[0], <, lm->chest.left[0] - lm->chest.right[0]);
  g_assert_cmpfloat (lm->leg_left.ankle[0], >, 0.03f); /* legs apart */
}

static inline void
check_body (const AtMeasurements *m, double girth_tol_mm, double height_tol_mm)
{
  AtError err = { 0 };
  AtBody *body = NULL;
  AtBodyDef def = at_body_def_default ();
  g_assert_cmpint (at_body_build (m, &def, &body, &err), ==, AT_OK);
  const AtMesh *mesh = at_body_mesh (body);
  g_assert_true (at_mesh_is_valid (mesh));
  g_assert_nonnull (mesh->normals);
  g_assert_cmpint (mesh->triangle_count, >, 20000);
  assert_closed_manifold (mesh);
  g_assert_cmpfloat (signed_volume (mesh), >, 0.02); /* outward facing, a body's volume */
  float mn[3], mx[3];
  at_mesh_bounds (mesh, mn, mx);
  g_assert_cmpfloat (fabsf (mn[1]), <, 1e-5);
  g_assert_cmpfloat (fabsf (mn[0] + mx[0]), <, 1e-4);
  g_assert_cmpfloat (fabsf (mn[2] + mx[2]), <, 1e-4);
  g_assert_cmpfloat (fabs (mx[1] * 100 - m->value[AT_M_STATURE]), <, 0.01);
  assert_landmarks_ordered (at_body_landmarks (body));

  AtMeasurements got;
  g_assert_cmpint (at_body_measure_at (mesh, m->sex, at_body_landmarks (body), &got, &err), ==, AT_OK);
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      const AtMeasureInfo *info = at_measure_info ((AtMeasureKey) k);
      double e = fabs (got.value[k] - m->value[k]) * 10;
      if (info->kind == AT_KIND_GIRTH && e > girth_tol_mm)
        g_error ("%s: built %.2f cm, asked %.2f cm", info->key, got.value[k], m->value[k]);
      bool height = k == AT_M_STATURE || k == AT_M_CHEST_HEIGHT || k == AT_M_WAIST_HEIGHT || k == AT_M_HIP_HEIGHT
                    || k == AT_M_INSIDE_LEG || k == AT_M_KNEE_HEIGHT || k == AT_M_ARM_LENGTH
                    || k == AT_M_SHOULDER_BREADTH;
      if (height && e > height_tol_mm)
        g_error ("%s: built %.2f cm, asked %.2f cm", info->key, got.value[k], m->value[k]);
    }
  at_body_free (body);
}


/* Shared by the io tests: a built test body and a temporary folder. */
#pragma once
#include <glib.h>
#include <glib/gstdio.h>
#include "body/at_body.h"

/* The CONTRACT.md example body (female). */
static inline AtBody *
io_test_body (const AtBodyDef *def)
{
  static const double v[AT_M_COUNT] = {
    [AT_M_STATURE] = 165.2, [AT_M_WEIGHT] = 61.5, [AT_M_AGE] = 31,
    [AT_M_CHEST_GIRTH] = 90.1, [AT_M_CHEST_HEIGHT] = 120.3, [AT_M_CHEST_BREADTH] = 30.1, [AT_M_CHEST_DEPTH] = 23.0,
    [AT_M_WAIST_GIRTH] = 78.0, [AT_M_WAIST_HEIGHT] = 101.2, [AT_M_WAIST_BREADTH] = 28.0, [AT_M_WAIST_DEPTH] = 20.0,
    [AT_M_HIP_GIRTH] = 100.0, [AT_M_HIP_HEIGHT] = 84.0, [AT_M_HIP_BREADTH] = 35.0, [AT_M_HIP_DEPTH] = 24.0,
    [AT_M_NECK_GIRTH] = 33.0, [AT_M_SHOULDER_BREADTH] = 36.0, [AT_M_UPPER_ARM_GIRTH] = 28.0, [AT_M_WRIST_GIRTH] = 15.0,
    [AT_M_THIGH_GIRTH] = 58.0, [AT_M_CALF_GIRTH] = 36.0, [AT_M_ANKLE_GIRTH] = 22.0,
    [AT_M_INSIDE_LEG] = 76.0, [AT_M_ARM_LENGTH] = 58.0, [AT_M_KNEE_HEIGHT] = 47.0,
  };
  AtMeasurements m;
  at_measurements_init (&m, AT_SEX_FEMALE);
  for (int k = 0; k < AT_M_COUNT; k++)
    m.value[k] = v[k], m.given[k] = true;
  AtBody *body = NULL;
  AtError err = { 0 };
  if (at_body_build (&m, def, &body, &err) != AT_OK)
    g_error ("%s", err.message);
  return body;
}

/* A fresh folder under $ATELIER_TEST_TMP (or the system's); caller frees. */
static inline char *
io_test_dir (const char *name)
{
  const char *base = g_getenv ("ATELIER_TEST_TMP");
  char *dir = g_build_filename (base ? base : g_get_tmp_dir (), name, NULL);
  g_mkdir_with_parents (dir, 0755);
  return dir;
}

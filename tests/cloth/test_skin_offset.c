/* Skin offset: cloth dropped on a floor comes to rest the offset plus its
 * own thickness above it, and an offset outside 0-2 cm is refused. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "cloth/at_cloth.h"

static double
lowest_rest_height (float skin_offset)
{
  AtMesh *m = at_cloth_mesh_square (10, 0.3f);
  for (int v = 0; v < m->vertex_count; v++)
    m->positions[3 * v + 1] += 0.02f;
  AtClothDef def = at_cloth_def_default ();
  def.mesh = m;
  AtError err = { 0 };
  AtCloth *c = at_cloth_create (&def, &err);
  g_assert_nonnull (c);
  const float point[3] = { 0, 0, 0 }, up[3] = { 0, 1, 0 };
  int floor_id = at_cloth_add_plane (c, point, up, &err);
  g_assert_cmpint (floor_id, ==, 0);
  g_assert_cmpint (at_cloth_set_skin_offset (c, floor_id, skin_offset, &err), ==, AT_OK);
  for (int f = 0; f < 90; f++)
    g_assert_cmpint (at_cloth_step (c, &err), ==, AT_OK);
  const float *x = at_cloth_positions (c);
  double lowest = INFINITY;
  for (int v = 0; v < at_cloth_vertex_count (c); v++)
    lowest = fmin (lowest, x[3 * v + 1]);
  at_cloth_free (c);
  at_mesh_free (m);
  return lowest;
}

static void
test_rests_on_offset (void)
{
  double thickness = at_fabric_default ().thickness_mm * 1e-3;
  double bare = lowest_rest_height (0), offset = lowest_rest_height (0.004f);
  g_assert_cmpfloat (fabs (bare - thickness), <, 2e-4);
  g_assert_cmpfloat (fabs (offset - (thickness + 0.004)), <, 2e-4);
}

static void
test_refused (void)
{
  AtMesh *m = at_cloth_mesh_square (4, 0.3f);
  AtClothDef def = at_cloth_def_default ();
  def.mesh = m;
  AtError err = { 0 };
  AtCloth *c = at_cloth_create (&def, &err);
  const float centre[3] = { 0, -1, 0 };
  g_assert_cmpint (at_cloth_add_sphere (c, centre, 0.5f, &err), ==, 0);
  g_assert_cmpint (at_cloth_set_skin_offset (c, 0, -0.001f, &err), ==, AT_ERR_RANGE);
  g_assert_nonnull (strstr (err.message, "skin offset"));
  g_assert_cmpint (at_cloth_set_skin_offset (c, 0, NAN, &err), ==, AT_ERR_RANGE);
  g_assert_cmpint (at_cloth_set_skin_offset (c, 0, 0.05f, &err), ==, AT_ERR_RANGE);
  g_assert_cmpint (at_cloth_set_skin_offset (c, 1, 0.003f, &err), ==, AT_ERR_RANGE);
  at_cloth_free (c);
  at_mesh_free (m);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloth/skin-offset/rests-on-offset", test_rests_on_offset);
  g_test_add_func ("/cloth/skin-offset/refused", test_refused);
  return g_test_run ();
}

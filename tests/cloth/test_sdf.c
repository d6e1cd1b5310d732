/* The body SDF: distances and signs of a sphere against the analytic field,
 * the gradient's direction, far-away queries and rejected input. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "cloth/at_sdf.h"
#include "at_primitives.h"

static void
test_sphere_distances (void)
{
  const float centre[3] = { 0.1f, 0.9f, -0.05f };
  const float radius = 0.3f;
  AtMesh *m = at_mesh_new_sphere (centre, radius, 48, 96);
  g_assert_nonnull (m);
  AtError err = { 0 };
  AtSdf *sdf = at_sdf_from_mesh (m, 0.01f, 0.05f, &err);
  g_assert_nonnull (sdf);
  GRand *rng = g_rand_new_with_seed (7);
  /* The tessellated sphere lies up to ~1 mm inside the true one. */
  for (int n = 0; n < 2000; n++)
    {
      float p[3], g[3];
      for (int a = 0; a < 3; a++)
        p[a] = centre[a] + (float) g_rand_double_range (rng, -0.34, 0.34);
      float r = sqrtf ((p[0] - centre[0]) * (p[0] - centre[0]) + (p[1] - centre[1]) * (p[1] - centre[1])
                       + (p[2] - centre[2]) * (p[2] - centre[2]));
      float expect = r - radius;
      float d = at_sdf_sample (sdf, p, g);
      /* Exact within the two-cell band, about half a cell beyond. */
      float tol = fabsf (expect) < 0.02f ? 0.003f : 0.005f;
      if (fabsf (d - expect) > tol)
        g_error ("at r=%g: sdf %g, expected %g", r, d, expect);
      if (fabsf (expect) > 0.003f && fabsf (expect) < 0.02f)
        {
          float dot = 0;
          for (int a = 0; a < 3; a++)
            dot += g[a] * (p[a] - centre[a]) / r;
          if (dot < 0.9f) g_error ("r=%g d=%g dot=%g", r, d, dot);
        }
    }
  float far[3] = { 3.0f, 0.9f, -0.05f }, g[3];
  float d = at_sdf_sample (sdf, far, g);
  g_assert_cmpfloat (fabsf (d - (3.0f - 0.1f - radius)), <, 0.02f);
  g_assert_cmpfloat (g[0], >, 0.99f);
  g_rand_free (rng);
  at_sdf_free (sdf);
  at_mesh_free (m);
}

static void
test_bad_input (void)
{
  const float centre[3] = { 0, 0, 0 };
  AtMesh *m = at_mesh_new_sphere (centre, 0.5f, 8, 16);
  AtError err = { 0 };
  g_assert_null (at_sdf_from_mesh (m, 0.0f, 0.1f, &err));
  g_assert_cmpint (err.code, ==, AT_ERR_RANGE);
  g_assert_nonnull (strstr (err.message, "cell size"));
  g_assert_null (at_sdf_from_mesh (m, 1e-5f, 0.1f, &err));
  g_assert_cmpint (err.code, ==, AT_ERR_RANGE);
  m->positions[4] = NAN;
  g_assert_null (at_sdf_from_mesh (m, 0.01f, 0.1f, &err));
  g_assert_cmpint (err.code, ==, AT_ERR_INVALID);
  at_mesh_free (m);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloth/sdf/sphere", test_sphere_distances);
  g_test_add_func ("/cloth/sdf/bad-input", test_bad_input);
  return g_test_run ();
}

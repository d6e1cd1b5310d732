/* Every panel of every library garment, in every size and drafted to the
 * measure of the test bodies, meshes at every resolution a drape may ask for
 * (1 to 3 cm): the triangles tile the panel, every vertex belongs to a
 * triangle, and both sides of every seam get the same vertex count. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "at_garment_library.h"
#include "at_panel_mesh.h"
#include "at_pattern.h"

/* Coarse meshes are where outlines break (a few points per curve), and they
 * are cheap: every size and made-to-measure draft gets them; the fine ones,
 * slow to build, only the base size. */
static const double edges_cm[] = { 3.0, 2.75, 2.5, 2.25, 2.0, 1.75, 1.5, 1.25, 1.0 };
#define COARSE 6

/* Meshes p at the first n edge lengths and checks the result. */
static void
check_pattern (const AtPattern *p, const char *what, size_t n)
{
  for (size_t e = 0; e < n; e++)
    {
      AtMeshOptions opt = at_mesh_options_default ();
      opt.edge_length_cm = edges_cm[e];
      AtPatternMesh *pm = NULL;
      AtError err = { 0 };
      if (at_pattern_mesh (p, &opt, &pm, &err) != AT_OK)
        g_error ("%s at %.2f cm: %s", what, edges_cm[e], err.message);
      for (int i = 0; i < pm->panel_count; i++)
        {
          const AtPanelMesh *m = &pm->panels[i];
          gboolean *used = g_new0 (gboolean, m->vertex_count);
          double area = 0;
          for (int t = 0; t < m->triangle_count; t++)
            {
              const uint32_t *v = m->indices + 3 * t;
              const float *a = &m->rest[2 * v[0]], *b = &m->rest[2 * v[1]], *c = &m->rest[2 * v[2]];
              double at = 0.5 * ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
              if (!(at > 0))
                g_error ("%s at %.2f cm: panel '%s' has a folded or empty triangle", what, edges_cm[e],
                         p->panels[i].name);
              area += at;
              used[v[0]] = used[v[1]] = used[v[2]] = TRUE;
            }
          for (int v = 0; v < m->vertex_count; v++)
            if (!used[v])
              g_error ("%s at %.2f cm: panel '%s' vertex %d belongs to no triangle", what, edges_cm[e],
                       p->panels[i].name, v);
          g_free (used);
          /* Chords cut a little off the curves, more at coarse resolution. */
          double want = at_panel_area (&p->panels[i]) / 1e4;
          g_assert_cmpfloat (fabs (area - want) / want, <, 0.02);
        }
      at_pattern_mesh_free (pm);
    }
}

static void
test_sizes (void)
{
  for (const char *const *id = at_garment_library_ids (); *id; id++)
    {
      AtGarmentDef def;
      AtError err = { 0 };
      g_assert_cmpint (at_garment_load (*id, &def, &err), ==, AT_OK);
      for (int s = 0; s < def.size_count; s++)
        {
          AtPattern *p = g_new0 (AtPattern, 1);
          g_assert_cmpint (at_garment_draft_size (&def, def.sizes[s].name, p, &err), ==, AT_OK);
          char *what = g_strdup_printf ("%s size %s", *id, def.sizes[s].name);
          check_pattern (p, what, strcmp (def.sizes[s].name, def.base_size) == 0 ? G_N_ELEMENTS (edges_cm) : COARSE);
          g_free (what);
          g_free (p);
        }
    }
}

static void
test_made_to_measure (void)
{
  const char *bodies[] = { "bodies/short_female.json", "bodies/plus_female.json", "bodies/tall_male.json" };
  for (size_t b = 0; b < G_N_ELEMENTS (bodies); b++)
    {
      AtMeasurements m;
      AtError err = { 0 };
      g_assert_cmpint (at_measurements_load (bodies[b], &m, &err), ==, AT_OK);
      for (const char *const *id = at_garment_library_ids (); *id; id++)
        {
          AtGarmentDef def;
          g_assert_cmpint (at_garment_load (*id, &def, &err), ==, AT_OK);
          AtPattern *p = g_new0 (AtPattern, 1);
          g_assert_cmpint (at_garment_draft_body (&def, &m, p, &err), ==, AT_OK);
          char *what = g_strdup_printf ("%s for %s", *id, bodies[b]);
          check_pattern (p, what, COARSE);
          g_free (what);
          g_free (p);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mesh-resolution/sizes", test_sizes);
  g_test_add_func ("/mesh-resolution/made-to-measure", test_made_to_measure);
  return g_test_run ();
}

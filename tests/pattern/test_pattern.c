/* Pattern module: the garment library drafts every size and to measure,
 * seams match, outlines are simple, grading grows, meshes are good and
 * paired, files round-trip, and bad files are refused with a reason. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "at_garment_library.h"
#include "at_panel_mesh.h"
#include "at_pattern.h"

static char **fabric_ids;

/* The fabric presets shipped in data/fabrics (ids = file names); NULL, and
 * the fabric check skipped, in a tree that has no presets yet. */
static void
load_fabric_ids (void)
{
  const char *datadir = g_getenv ("ATELIER_DATADIR");
  g_autofree char *dir = g_build_filename (datadir ? datadir : "data", "fabrics", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  if (!d)
    {
      g_test_message ("no fabric presets in %s: fabric ids not checked", dir);
      return;
    }
  GPtrArray *ids = g_ptr_array_new ();
  const char *name;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (ids, g_strndup (name, strlen (name) - 5));
  g_dir_close (d);
  g_ptr_array_add (ids, NULL);
  fabric_ids = (char **) g_ptr_array_free (ids, FALSE);
}

static AtPattern *
draft (const AtGarmentDef *def, const char *size)
{
  AtPattern *p = g_new0 (AtPattern, 1);
  AtError err = { 0 };
  AtStatus st = at_garment_draft_size (def, size, p, &err);
  if (st != AT_OK)
    g_error ("%s %s: %s", def->id, size, err.message);
  return p;
}

static void
assert_clean (const AtPattern *p)
{
  AtCheckOptions opt = at_check_options_default ();
  opt.fabrics = (const char *const *) fabric_ids;
  AtCheckIssue issues[8];
  int n = at_pattern_check (p, &opt, issues, 8);
  for (int i = 0; i < n && i < 8; i++)
    g_printerr ("%s %s: %s\n", p->garment, p->size, issues[i].message);
  g_assert_cmpint (n, ==, 0);
}

static double
max_seam_mismatch (const AtPattern *p)
{
  double worst = 0;
  for (int s = 0; s < p->seam_count; s++)
    worst = fmax (worst, fabs (at_seam_side_length (p, &p->seams[s].a) - at_seam_side_length (p, &p->seams[s].b)));
  return worst;
}

static void
test_library (void)
{
  const char *const *ids = at_garment_library_ids ();
  const char *expected[] = { "tshirt", "shirt", "skirt", "trousers", "dress", "hoodie" };
  for (int g = 0; g < 6; g++)
    {
      g_assert_cmpstr (ids[g], ==, expected[g]);
      AtGarmentDef def;
      AtError err = { 0 };
      g_assert_cmpint (at_garment_load (ids[g], &def, &err), ==, AT_OK);
      g_assert_cmpstr (def.id, ==, ids[g]);
      g_assert_cmpint (def.size_count, >=, 5);
      g_assert_cmpint (at_garment_param_count (&def), >=, 5);
      /* Round trip of the definition itself. */
      char *text = at_garment_to_json (&def);
      AtGarmentDef again;
      g_assert_cmpint (at_garment_parse (text, "copy", &again, &err), ==, AT_OK);
      g_assert_cmpint (again.size_count, ==, def.size_count);
      g_assert_cmpfloat (again.params[0], ==, def.params[0]);
      free (text);
    }
  g_assert_null (ids[6]);
}

/* Every size drafts, passes every check (seams within 3 mm, simple
 * outlines, known fabric), and panels grow from size to size. */
static void
test_all_sizes (void)
{
  const char *const *ids = at_garment_library_ids ();
  for (int g = 0; ids[g]; g++)
    {
      AtGarmentDef def;
      AtError err = { 0 };
      g_assert_cmpint (at_garment_load (ids[g], &def, &err), ==, AT_OK);
      AtPattern *prev = NULL;
      for (int s = 0; s < def.size_count; s++)
        {
          AtPattern *p = draft (&def, def.sizes[s].name);
          g_assert_cmpint (p->panel_count, >=, 3);
          assert_clean (p);
          g_assert_cmpfloat (max_seam_mismatch (p), <, 0.05);
          if (prev)
            {
              g_assert_cmpint (prev->panel_count, ==, p->panel_count);
              for (int i = 0; i < p->panel_count; i++)
                if (at_panel_area (&p->panels[i]) <= at_panel_area (&prev->panels[i]))
                  g_error ("%s: panel %s does not grow from %s to %s (%.1f -> %.1f cm2)", def.id, p->panels[i].name,
                           prev->size, p->size, at_panel_area (&prev->panels[i]), at_panel_area (&p->panels[i]));
              g_free (prev);
            }
          prev = p;
        }
      g_free (prev);
    }
}

static void
test_made_to_measure (void)
{
  const char *bodies[] = { "short_female.json", "tall_male.json", "plus_female.json" };
  const char *const *ids = at_garment_library_ids ();
  for (int b = 0; b < 3; b++)
    {
      g_autofree char *path = g_build_filename ("bodies", bodies[b], NULL);
      AtMeasurements m;
      AtError err = { 0 };
      g_assert_cmpint (at_measurements_load (path, &m, &err), ==, AT_OK);
      for (int g = 0; ids[g]; g++)
        {
          AtGarmentDef def;
          g_assert_cmpint (at_garment_load (ids[g], &def, &err), ==, AT_OK);
          AtPattern *p = g_new0 (AtPattern, 1);
          if (at_garment_draft_body (&def, &m, p, &err) != AT_OK)
            g_error ("%s on %s: %s", ids[g], bodies[b], err.message);
          g_assert_cmpstr (p->size, ==, "made-to-measure");
          assert_clean (p);
          g_free (p);
        }
    }
}

/* Drafting to the chart's own body gives exactly the chart size's pattern:
 * one code path for grading and made-to-measure. */
static void
test_same_code_path (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("shirt", &def, &err), ==, AT_OK);
  int m = at_garment_size_index (&def, "M");
  AtPattern *a = draft (&def, "M"), *b = g_new0 (AtPattern, 1);
  g_assert_cmpint (at_garment_draft_body (&def, &def.sizes[m].body, b, &err), ==, AT_OK);
  for (int i = 0; i < a->panel_count; i++)
    g_assert_cmpfloat (fabs (at_panel_area (&a->panels[i]) - at_panel_area (&b->panels[i])), <, 1e-9);
  /* A partial set is refused with the missing keys named. */
  AtMeasurements part;
  at_measurements_init (&part, AT_SEX_MALE);
  part.value[AT_M_STATURE] = 180;
  part.given[AT_M_STATURE] = true;
  g_assert_cmpint (at_garment_draft_body (&def, &part, b, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "chest_girth"));
  g_assert_nonnull (strstr (err.message, "arm_length"));
  g_free (a);
  g_free (b);
}

static void
test_params_and_sizes (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("tshirt", &def, &err), ==, AT_OK);
  double v;
  g_assert_cmpint (at_garment_get_param (&def, "chest_ease", &v, &err), ==, AT_OK);
  AtPattern *before = draft (&def, "M");
  g_assert_cmpstr (before->panels[at_pattern_find_panel (before, "front")].fabric, ==, "cotton-jersey");
  g_assert_cmpstr (before->panels[at_pattern_find_panel (before, "neckband")].fabric, ==, "knit-rib");
  g_assert_cmpint (at_garment_set_param (&def, "chest_ease", v + 8, &err), ==, AT_OK);
  AtPattern *after = draft (&def, "M");
  int front = at_pattern_find_panel (after, "front");
  g_assert_cmpfloat (at_panel_area (&after->panels[front]), >, at_panel_area (&before->panels[front]));
  g_assert_cmpint (at_garment_set_param (&def, "chest_ease", 1000, &err), ==, AT_ERR_RANGE);
  g_assert_nonnull (strstr (err.message, "chest_ease"));
  g_assert_cmpint (at_garment_set_param (&def, "no_such", 1, &err), ==, AT_ERR_NOT_FOUND);

  AtGarmentEase eases[8];
  int ne = at_garment_eases (&def, eases, 8);
  g_assert_cmpint (ne, >=, 2);
  g_assert_cmpstr (eases[0].region, ==, "chest");
  for (int s = 0; s < def.size_count; s++)
    {
      g_assert_cmpint (at_garment_nearest_size (&def, &def.sizes[s].body), ==, s);
      AtMeasurements m = def.sizes[s].body;
      m.value[AT_M_CHEST_GIRTH] += 1.0;
      g_assert_cmpint (at_garment_nearest_size (&def, &m), ==, s);
    }
  AtMeasurements big = def.sizes[def.size_count - 1].body;
  big.value[AT_M_CHEST_GIRTH] += 30;
  big.value[AT_M_HIP_GIRTH] += 30;
  g_assert_cmpint (at_garment_nearest_size (&def, &big), ==, def.size_count - 1);
  g_assert_cmpint (at_garment_draft_size (&def, "XXXL", before, &err), ==, AT_ERR_NOT_FOUND);
  g_assert_nonnull (strstr (err.message, "XXL"));
  g_free (before);
  g_free (after);
}

static double
mesh_area (const AtPanelMesh *m)
{
  double a = 0;
  for (int t = 0; t < m->triangle_count; t++)
    {
      const float *p = &m->rest[2 * m->indices[3 * t]], *q = &m->rest[2 * m->indices[3 * t + 1]],
                  *r = &m->rest[2 * m->indices[3 * t + 2]];
      double at = 0.5 * ((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
      g_assert_cmpfloat (at, >, 0);
      a += at;
    }
  return a;
}

static void
test_mesh (void)
{
  const char *const *ids = at_garment_library_ids ();
  AtMeshOptions opt = at_mesh_options_default ();
  g_assert_cmpfloat (opt.edge_length_cm, ==, 1.5);
  for (int g = 0; ids[g]; g++)
    {
      AtGarmentDef def;
      AtError err = { 0 };
      g_assert_cmpint (at_garment_load (ids[g], &def, &err), ==, AT_OK);
      AtPattern *p = draft (&def, def.base_size);
      AtPatternMesh *pm = NULL;
      g_assert_cmpint (at_pattern_mesh (p, &opt, &pm, &err), ==, AT_OK);
      g_assert_cmpint (pm->panel_count, ==, p->panel_count);
      for (int i = 0; i < pm->panel_count; i++)
        {
          const AtPanelMesh *m = &pm->panels[i];
          double min_angle, spread;
          at_panel_mesh_quality (m, &min_angle, &spread);
          g_assert_cmpfloat (min_angle, >, 20);
          g_assert_cmpfloat (spread, <, 1.6);
          /* The triangles tile the panel exactly (cm² -> m²); boundary
           * chords cut a little off the curves. */
          double area = at_panel_area (&p->panels[i]) / 1e4;
          g_assert_cmpfloat (fabs (mesh_area (m) - area) / area, <, 0.005);
          g_assert_cmpint (m->segment_start[m->segment_count], ==, m->boundary_count);
        }
      for (int s = 0; s < pm->seam_count; s++)
        {
          const AtSeamPairs *sp = &pm->seams[s];
          const AtSeam *seam = &p->seams[s];
          g_assert_cmpint (sp->count, >=, 2);
          /* Paired vertices are spaced alike along both sides: the same
           * arc-length fraction of equal-length seams. */
          const AtPanelMesh *ma = &pm->panels[seam->a.panel], *mb = &pm->panels[seam->b.panel];
          double la = 0, lb = 0;
          for (int k = 1; k < sp->count; k++)
            {
              const float *a0 = &ma->rest[2 * sp->a[k - 1]], *a1 = &ma->rest[2 * sp->a[k]];
              const float *b0 = &mb->rest[2 * sp->b[k - 1]], *b1 = &mb->rest[2 * sp->b[k]];
              la += hypot (a1[0] - a0[0], a1[1] - a0[1]);
              lb += hypot (b1[0] - b0[0], b1[1] - b0[1]);
              g_assert_cmpfloat (fabs (la - lb), <, 0.01);
            }
        }
      at_pattern_mesh_free (pm);
      g_free (p);
    }
}

static void
test_file_roundtrip (void)
{
  const char *const *ids = at_garment_library_ids ();
  AtError err = { 0 };
  AtPattern *q = g_new0 (AtPattern, 1);
  for (int g = 0; ids[g]; g++)
    {
      AtGarmentDef def;
      g_assert_cmpint (at_garment_load (ids[g], &def, &err), ==, AT_OK);
      AtPattern *p = draft (&def, def.sizes[1].name);
      char *text = at_pattern_to_json (p);
      g_assert_cmpint (at_pattern_from_json (text, q, &err), ==, AT_OK);
      char *again = at_pattern_to_json (q);
      g_assert_cmpstr (text, ==, again);
      g_assert_cmpint (q->seam_count, ==, p->seam_count);
      for (int i = 0; i < p->panel_count; i++)
        g_assert_cmpint (q->panels[i].placement.hold, ==, p->panels[i].placement.hold);
      if (strcmp (ids[g], "skirt") == 0 || strcmp (ids[g], "trousers") == 0)
        g_assert_true (q->panels[at_pattern_find_panel (q, "waistband")].placement.hold);
      free (text);
      free (again);
      g_free (p);
    }
  g_assert_cmpint (q->panels[at_pattern_find_panel (q, "hood_r")].mirror_of, ==, at_pattern_find_panel (q, "hood_l"));

  AtGarmentDef def;
  g_assert_cmpint (at_garment_load ("dress", &def, &err), ==, AT_OK);
  AtPattern *p = draft (&def, "40");
  const char *tmp = g_getenv ("ATELIER_TEST_TMP");
  g_autofree char *dir = g_build_filename (tmp ? tmp : g_get_tmp_dir (), "pattern", NULL);
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, "dress.json", NULL);
  g_assert_cmpint (at_pattern_save (p, path, &err), ==, AT_OK);
  memset (q, 0, sizeof *q);
  g_assert_cmpint (at_pattern_load (path, q, &err), ==, AT_OK);
  g_assert_cmpint (q->panels[at_pattern_find_panel (q, "front")].dart_count, ==, 2);
  g_assert_cmpint (q->seam_count, ==, p->seam_count);
  g_free (p);
  g_free (q);
}

static void
expect_refused (const char *text, AtStatus code, const char *words)
{
  AtPattern *q = g_new0 (AtPattern, 1);
  AtError err = { 0 };
  AtStatus st = at_pattern_from_json (text, q, &err);
  if (st != code)
    g_error ("expected status %d, got %d: %s", code, st, err.message);
  if (!strstr (err.message, words))
    g_error ("message '%s' does not mention '%s'", err.message, words);
  g_free (q);
}

static void
test_bad_files (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("tshirt", &def, &err), ==, AT_OK);
  AtPattern *p = draft (&def, "S");
  char *text = at_pattern_to_json (p);
  /* Truncated. */
  char *cut = g_strndup (text, strlen (text) / 2);
  expect_refused (cut, AT_ERR_PARSE, "line");
  /* Newer version. */
  g_autofree char *newer = g_strdup (text);
  char *v = strstr (newer, "\"version\": 1");
  g_assert_nonnull (v);
  v[11] = '7';
  expect_refused (newer, AT_ERR_VERSION, "newer");
  /* Unknown segment kind, unknown seam segment, bad number. */
  GString *s = g_string_new (text);
  g_string_replace (s, "\"kind\": \"cubic\"", "\"kind\": \"spline\"", 1);
  expect_refused (s->str, AT_ERR_PARSE, "kind");
  g_string_assign (s, text);
  g_string_replace (s, "\"first\": \"side_r\"", "\"first\": \"nowhere\"", 1);
  expect_refused (s->str, AT_ERR_INVALID, "segment");
  g_string_assign (s, text);
  g_string_replace (s, "\"cut\": 1", "\"cut\": \"one\"", 1);
  expect_refused (s->str, AT_ERR_RANGE, "cut");
  g_string_free (s, TRUE);

  /* Garment files: newer version, a size without a needed key. */
  char *gtext = at_garment_to_json (&def);
  GString *g = g_string_new (gtext);
  g_string_replace (g, "\"version\": 1", "\"version\": 3", 1);
  AtGarmentDef bad;
  g_assert_cmpint (at_garment_parse (g->str, "g.json", &bad, &err), ==, AT_ERR_VERSION);
  g_assert_nonnull (strstr (err.message, "g.json"));
  g_string_assign (g, gtext);
  g_string_replace (g, "\"neck_girth\"", "\"neck_girthx\"", 1);
  g_assert_cmpint (at_garment_parse (g->str, "g.json", &bad, &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "neck_girthx"));
  g_string_free (g, TRUE);
  free (gtext);
  free (text);
  g_free (cut);
  g_free (p);
}

static void
test_checks_explain (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("tshirt", &def, &err), ==, AT_OK);
  AtPattern *p = draft (&def, "L");
  AtCheckIssue issues[8];
  /* Lengthen the back's hem corner: the back side seam grows 3 cm. */
  AtPanel *back = &p->panels[at_pattern_find_panel (p, "back")];
  back->segments[at_panel_find_segment (back, "side_r")].p0.y -= 3;
  int n = at_pattern_check (p, NULL, issues, 8);
  g_assert_cmpint (n, >=, 1);
  g_assert_cmpint (issues[0].kind, ==, AT_CHECK_SEAM_LENGTH);
  g_assert_nonnull (strstr (issues[0].message, "back.side_r"));

  /* Pull the front's shoulder point across the neckline: self-crossing. */
  AtPattern *q = draft (&def, "L");
  AtPanel *front = &q->panels[at_pattern_find_panel (q, "front")];
  front->segments[at_panel_find_segment (front, "shoulder_r")].p0.x = -20;
  g_assert_true (at_panel_self_intersects (front));
  n = at_pattern_check (q, NULL, issues, 8);
  bool named = false;
  for (int i = 0; i < n && i < 8; i++)
    named |= issues[i].kind == AT_CHECK_SELF_INTERSECTION && strstr (issues[i].message, "'front'");
  g_assert_true (named);

  /* Unknown fabric. */
  AtPattern *r = draft (&def, "L");
  strcpy (r->panels[0].fabric, "unobtainium");
  static const char *const known[] = { "cotton-jersey", "knit-rib", NULL };
  AtCheckOptions opt = at_check_options_default ();
  opt.fabrics = known;
  n = at_pattern_check (r, &opt, issues, 8);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (issues[0].kind, ==, AT_CHECK_UNKNOWN_FABRIC);
  g_assert_nonnull (strstr (issues[0].message, "unobtainium"));
  g_free (p);
  g_free (q);
  g_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  load_fabric_ids ();
  g_test_add_func ("/pattern/library", test_library);
  g_test_add_func ("/pattern/all-sizes", test_all_sizes);
  g_test_add_func ("/pattern/made-to-measure", test_made_to_measure);
  g_test_add_func ("/pattern/same-code-path", test_same_code_path);
  g_test_add_func ("/pattern/params-and-sizes", test_params_and_sizes);
  g_test_add_func ("/pattern/mesh", test_mesh);
  g_test_add_func ("/pattern/file-roundtrip", test_file_roundtrip);
  g_test_add_func ("/pattern/bad-files", test_bad_files);
  g_test_add_func ("/pattern/checks-explain", test_checks_explain);
  int rc = g_test_run ();
  g_strfreev (fabric_ids);
  return rc;
}

/* Drape tests: a T-shirt sewn and draped on a body (no penetration, seams
 * closed, finite, bounded strain, fit regions), XS and XXL read tight and
 * loose at the chest on a large body, the GLB a drape writes (named nodes,
 * pattern uvs, Khronos validator when node is there), and bad patterns
 * refused with messages naming the seam, panel or fabric; a skirt stays at
 * the waist and a hoodie's sleeves close round the arms; every size of the
 * sheath dress is finished with its hip ease at the hip and, made to
 * measure, hangs with its waist line at the body's waist; a shirt's folded
 * cuffs and a T-shirt's narrow neckband hang at their finished depth, the
 * cuffs ending at the wrist; the skirt keeps no edge stretched by half its
 * length (seam closing relaxed before draping). Meshes are
 * coarser than the default (2.5 cm edges) to keep the suite fast; the
 * benchmark (`atelier-cli bench drape`) runs the default resolution. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "anthro/at_completion.h"
#include "fit/at_fit.h"
#include "io/at_io.h"
#include "pattern/at_garment_library.h"

static AtBody *
make_body (AtSex sex, double stature, double weight, double chest)
{
  AtMeasurements given, full;
  at_measurements_init (&given, sex);
  given.value[AT_M_STATURE] = stature, given.given[AT_M_STATURE] = true;
  given.value[AT_M_WEIGHT] = weight, given.given[AT_M_WEIGHT] = true;
  if (chest > 0)
    given.value[AT_M_CHEST_GIRTH] = chest, given.given[AT_M_CHEST_GIRTH] = true;
  AtError err = { 0 };
  if (at_completion_complete (&given, &full, &err) != AT_OK)
    g_error ("%s", err.message);
  AtBodyDef def = at_body_def_default ();
  AtBody *body = NULL;
  if (at_body_build (&full, &def, &body, &err) != AT_OK)
    g_error ("%s", err.message);
  return body;
}

static AtDrapeDef
test_def (void)
{
  AtDrapeDef def = at_drape_def_default ();
  def.edge_length_cm = 2.5;
  def.max_frames = 300;
  return def;
}

static AtDrape *
drape_size (const char *garment, const char *size, AtBody *body, AtGarmentDef *def_out)
{
  AtError err = { 0 };
  AtPattern pattern;
  g_assert_cmpint (at_garment_load (garment, def_out, &err), ==, AT_OK);
  g_assert_cmpint (at_garment_draft_size (def_out, size, &pattern, &err), ==, AT_OK);
  AtDrapeDef def = test_def ();
  AtDrape *drape = NULL;
  if (at_drape_create (&pattern, NULL, body, &def, &drape, &err) != AT_OK)
    g_error ("%s", err.message);
  g_assert_cmpint (at_drape_run (drape, NULL, NULL, NULL, &err), ==, AT_OK);
  return drape;
}

static const AtFitRegion *
region (const AtFitReport *r, const char *name)
{
  for (int i = 0; i < r->region_count; i++)
    if (strcmp (r->regions[i].region, name) == 0)
      return &r->regions[i];
  return NULL;
}

static void
test_tshirt (void)
{
  AtBody *body = make_body (AT_SEX_FEMALE, 165, 62, 0);
  AtGarmentDef def;
  AtDrape *drape = drape_size ("tshirt", "M", body, &def);
  const AtMesh *m = at_drape_garment_mesh (drape);
  g_assert_true (at_mesh_is_valid (m));
  g_assert_nonnull (m->uvs);
  g_test_message ("%d vertices, %d frames, %.2f s, seam gap %.2f mm", m->vertex_count, at_drape_frames (drape),
                  at_drape_seconds (drape), 1000 * at_drape_max_seam_gap (drape));
  g_assert_cmpint (at_drape_phase (drape), !=, AT_DRAPE_SEWING);
  /* Sewing closed every seam before draping welded them, and the sewn
   * vertices sit together in the result. */
  g_assert_cmpfloat (at_drape_max_seam_gap (drape), <, 0.025);
  const int *pairs;
  int npairs = at_drape_seam_pairs (drape, &pairs);
  g_assert_cmpint (npairs, >, 100);
  for (int k = 0; k < npairs; k++)
    {
      const float *a = m->positions + 3 * pairs[2 * k], *b = m->positions + 3 * pairs[2 * k + 1];
      g_assert_cmpfloat (fabsf (a[0] - b[0]) + fabsf (a[1] - b[1]) + fabsf (a[2] - b[2]), <, 0.003f);
    }
  /* The shirt hangs on the shoulders: nothing fell to the floor. */
  float lo[3], hi[3];
  at_mesh_bounds (m, lo, hi);
  const AtBodyLandmarks *lm = at_body_landmarks (body);
  g_assert_cmpfloat (lo[1], >, lm->crotch[1] - 0.15f);
  g_assert_cmpfloat (hi[1], >, lm->shoulder_y);

  AtFitReport fit;
  AtError err = { 0 };
  g_assert_cmpint (at_fit_analyze (drape, &def, &fit, &err), ==, AT_OK);
  g_test_message ("penetrating %d, strain mean %.3f p99 %.3f max %.3f", fit.penetrating_vertices, fit.strain_mean,
                  fit.strain_p99, fit.strain_max);
  g_assert_cmpint (fit.penetrating_vertices, <=, m->vertex_count / 200);
  /* Cotton jersey is soft across (63 N/m weft): a few per cent on average,
   * a fifth or so where the shirt hangs from the shoulders. */
  g_assert_cmpfloat (fit.strain_p99, <, 0.35);
  g_assert_cmpfloat (fabs (fit.strain_mean), <, 0.03);
  const char *expected[] = { "neck", "shoulders", "chest", "upper_arm", "length" };
  for (size_t i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const AtFitRegion *r = region (&fit, expected[i]);
      g_assert_nonnull (r);
      g_test_message ("%s %.1f cm %s", r->region, r->ease_cm, at_fit_verdict_name (r->verdict));
      g_assert_true (isfinite (r->ease_cm));
      g_assert_cmpfloat (r->ease_cm, >, -10);
      g_assert_cmpfloat (r->ease_cm, <, 40);
    }
  g_assert_cmpfloat (region (&fit, "chest")->ease_cm, >, 0);
  /* Maps: one value per vertex, colours in [0, 1]. */
  float *values = g_new (float, m->vertex_count);
  at_fit_vertex_values (&fit, AT_FIT_MAP_PRESSURE, values);
  for (int v = 0; v < m->vertex_count; v++)
    g_assert_true (isfinite (values[v]) && values[v] >= 0);
  g_free (values);
  AtMesh *colored = at_mesh_copy (m);
  g_assert_cmpint (at_fit_colorize (&fit, AT_FIT_MAP_STRAIN, colored, &err), ==, AT_OK);
  for (int k = 0; k < 3 * colored->vertex_count; k++)
    g_assert_true (colored->colors[k] >= 0 && colored->colors[k] <= 1);
  at_mesh_free (colored);
  float rgb[3];
  at_fit_color_ramp (-1, 0, 1, rgb);
  g_assert_cmpfloat (rgb[2], ==, 1);
  at_fit_color_ramp (2, 0, 1, rgb);
  g_assert_cmpfloat (rgb[0], ==, 1);
  at_fit_report_clear (&fit);

  /* GLB: named nodes and pattern uvs, atomically written. */
  const char *base = g_getenv ("ATELIER_TEST_TMP");
  char *dir = g_build_filename (base ? base : g_get_tmp_dir (), "drape-glb", NULL);
  g_mkdir_with_parents (dir, 0755);
  char *glb = g_build_filename (dir, "drape.glb", NULL);
  AtSceneNode nodes[2] = { { "body", at_body_mesh (body), { 0.8f, 0.6f, 0.5f, 1 }, 0.6f },
                           { "garment", m, { 0.3f, 0.4f, 0.6f, 1 }, 0.85f } };
  g_assert_cmpint (at_scene_export (glb, nodes, 2, &err), ==, AT_OK);
  char *text = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (glb, &text, &len, NULL));
  g_assert_nonnull (memmem (text, len, "\"garment\"", strlen ("\"garment\"")));
  g_assert_nonnull (memmem (text, len, "\"body\"", strlen ("\"body\"")));
  g_assert_nonnull (memmem (text, len, "\"TEXCOORD_0\"", strlen ("\"TEXCOORD_0\"")));
  g_free (text);
  AtMesh *back = NULL;
  AtImportOptions opt = { AT_UNIT_M, AT_UP_Y, false };
  g_assert_cmpint (at_mesh_import (glb, &opt, &back, &err), ==, AT_OK);
  g_assert_cmpint (back->vertex_count, >=, m->vertex_count);
  at_mesh_free (back);
  char *node = g_find_program_in_path ("node");
  if (node && g_file_test (AT_GLTF_VALIDATOR_MODULE, G_FILE_TEST_IS_DIR))
    {
      char *argv[] = { node, AT_GLTF_VALIDATE, glb, NULL };
      char *out = NULL;
      int status = 0;
      g_assert_true (g_spawn_sync (NULL, argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL));
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("validator: %s", out);
      g_free (out);
    }
  else
    g_test_message ("glTF validator skipped: node or tools/node_modules/gltf-validator missing");
  g_free (node);
  g_free (glb);
  g_free (dir);
  at_drape_free (drape);
  at_body_free (body);
}

static void
test_sizes_read_tight_and_loose (void)
{
  AtBody *body = make_body (AT_SEX_MALE, 178, 80, 100);
  const char *sizes[] = { "XS", "XXL" };
  AtFitVerdict want[] = { AT_FIT_TIGHT, AT_FIT_LOOSE };
  double ease[2];
  for (int s = 0; s < 2; s++)
    {
      AtGarmentDef def;
      AtDrape *drape = drape_size ("tshirt", sizes[s], body, &def);
      AtFitReport fit;
      AtError err = { 0 };
      g_assert_cmpint (at_fit_analyze (drape, &def, &fit, &err), ==, AT_OK);
      const AtFitRegion *chest = region (&fit, "chest");
      g_assert_nonnull (chest);
      g_test_message ("%s: chest %.1f cm %s", sizes[s], chest->ease_cm, at_fit_verdict_name (chest->verdict));
      g_assert_cmpint (chest->verdict, ==, want[s]);
      ease[s] = chest->ease_cm;
      at_fit_report_clear (&fit);
      at_drape_free (drape);
    }
  g_assert_cmpfloat (ease[0], <, ease[1]);
  at_body_free (body);
}

static void
expect_refused (const AtPattern *p, AtBody *body, const char *needle)
{
  AtDrapeDef def = test_def ();
  AtDrape *drape = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_drape_create (p, NULL, body, &def, &drape, &err), !=, AT_OK);
  g_assert_null (drape);
  g_test_message ("%s", err.message);
  g_assert_nonnull (strstr (err.message, needle));
}

static void
test_bad_patterns (void)
{
  AtBody *body = make_body (AT_SEX_FEMALE, 165, 62, 0);
  AtGarmentDef def;
  AtPattern good, p;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("skirt", &def, &err), ==, AT_OK);
  g_assert_cmpint (at_garment_draft_size (&def, def.sizes[def.size_count / 2].name, &good, &err), ==, AT_OK);

  /* A side seam 5 cm longer on the front than on the back. */
  p = good;
  AtPanel *front = &p.panels[at_pattern_find_panel (&p, "front")];
  for (int i = 0; i < front->segment_count; i++)
    front->segments[i].p0.y -= front->segments[i].p0.y < 1e-6 ? 5 : 0;
  expect_refused (&p, body, "side");

  /* The front's outline crossing itself: two corners swapped. */
  p = good;
  front = &p.panels[at_pattern_find_panel (&p, "front")];
  AtVec2 t = front->segments[0].p0;
  front->segments[0].p0 = front->segments[1].p0;
  front->segments[1].p0 = t;
  front->segments[0].kind = front->segments[1].kind = AT_SEGMENT_LINE;
  g_assert_true (at_panel_self_intersects (front));
  expect_refused (&p, body, "front");

  /* A fabric no preset or file provides. */
  p = good;
  snprintf (p.panels[0].fabric, sizeof p.panels[0].fabric, "moon-silk");
  expect_refused (&p, body, "moon-silk");

  /* A placement on a landmark the body does not have. */
  p = good;
  snprintf (p.panels[1].placement.landmark, sizeof p.panels[1].placement.landmark, "tail");
  expect_refused (&p, body, "tail");
  at_body_free (body);
}

/* The reference woman of the benchmark (ANSUR II means): her hips are much
 * wider than her waist, which a waistband must hold on to. */
static void
test_skirt_stays_at_waist (void)
{
  AtBody *body = make_body (AT_SEX_FEMALE, 162.8, 67.7, 0);
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("skirt", &def, &err), ==, AT_OK);
  int k = at_garment_nearest_size (&def, at_body_measurements (body));
  AtDrape *drape = drape_size ("skirt", def.sizes[k].name, body, &def);
  g_assert_cmpint (at_drape_phase (drape), ==, AT_DRAPE_AT_REST);
  g_assert_cmpfloat (at_drape_max_seam_gap (drape), <, 0.025);
  const AtMesh *m = at_drape_garment_mesh (drape);
  const AtPattern *p = at_drape_pattern (drape);
  const int *panel = at_drape_vertex_panel (drape);
  int band = at_pattern_find_panel (p, "waistband");
  const AtBodyLandmarks *lm = at_body_landmarks (body);
  float band_lo = INFINITY, hem_lo = INFINITY;
  for (int v = 0; v < m->vertex_count; v++)
    {
      float y = m->positions[3 * v + 1];
      if (panel[v] == band)
        band_lo = fminf (band_lo, y);
      else
        hem_lo = fminf (hem_lo, y);
    }
  /* The band within a few centimetres of the waist, the hem off the floor. */
  g_assert_cmpfloat (band_lo, >, lm->waist.y - 0.04f);
  g_assert_cmpfloat (hem_lo, >, 0.2f);
  /* Closing the seams stretches the cloth where the waistband meets the
   * side seams and darts; that stretch relaxes before draping instead of
   * becoming the rest shape, where it stayed for good. */
  AtFitReport report;
  g_assert_cmpint (at_fit_analyze (drape, &def, &report, &err), ==, AT_OK);
  g_test_message ("skirt strain p99 %.1f %%, max %.1f %%", 100 * report.strain_p99, 100 * report.strain_max);
  g_assert_cmpfloat (report.strain_max, <, 0.5); /* 76 % when it stayed, 32 % relaxed */
  at_fit_report_clear (&report);
  at_drape_free (drape);
  at_body_free (body);
}

/* Sleeves close under the arm (their seam does not stay open across the
 * arm) and the garment hangs from the shoulders. */
static void
test_hoodie_sleeves_closed (void)
{
  AtBody *body = make_body (AT_SEX_FEMALE, 162.8, 67.7, 0);
  AtGarmentDef def;
  AtDrape *drape = drape_size ("hoodie", "M", body, &def);
  g_assert_cmpfloat (at_drape_max_seam_gap (drape), <, 0.025);
  const AtMesh *m = at_drape_garment_mesh (drape);
  const AtPattern *p = at_drape_pattern (drape);
  const int *panel = at_drape_vertex_panel (drape);
  const AtBodyArm *arm = &at_body_landmarks (body)->arm_left;
  int sleeve = at_pattern_find_panel (p, "sleeve_l");
  /* Every left-sleeve vertex lies within a sleeve's reach of the arm axis. */
  for (int v = 0; v < m->vertex_count; v++)
    {
      if (panel[v] != sleeve)
        continue;
      float d[3], along = 0, off = 0;
      for (int a = 0; a < 3; a++)
        {
          d[a] = m->positions[3 * v + a] - arm->elbow[a];
          along += d[a] * arm->axis[a];
        }
      for (int a = 0; a < 3; a++)
        off += (d[a] - along * arm->axis[a]) * (d[a] - along * arm->axis[a]);
      g_assert_cmpfloat (sqrtf (off), <, 0.15f);
    }
  at_drape_free (drape);
  at_body_free (body);
}

/* A garment drafted to measure for a completed body and draped with edges
 * of edge_cm, with the vertices of one of its panels to look at. */
typedef struct {
  AtBody *body;
  AtPattern pattern;
  AtDrape *drape;
  const AtMesh *mesh;
  const int *vertex_panel;
  int panel; /* index of the named panel */
} MeasuredDrape;

static void
drape_to_measure (const char *garment, AtSex sex, double stature, double weight, double edge_cm, const char *panel,
                  MeasuredDrape *out)
{
  AtError err = { 0 };
  AtGarmentDef g;
  out->body = make_body (sex, stature, weight, 0);
  g_assert_cmpint (at_garment_load (garment, &g, &err), ==, AT_OK);
  g_assert_cmpint (at_garment_draft_body (&g, at_body_measurements (out->body), &out->pattern, &err), ==, AT_OK);
  AtDrapeDef def = test_def ();
  def.edge_length_cm = edge_cm;
  if (at_drape_create (&out->pattern, NULL, out->body, &def, &out->drape, &err) != AT_OK)
    g_error ("%s", err.message);
  g_assert_cmpint (at_drape_run (out->drape, NULL, NULL, NULL, &err), ==, AT_OK);
  out->mesh = at_drape_garment_mesh (out->drape);
  out->vertex_panel = at_drape_vertex_panel (out->drape);
  out->panel = at_pattern_find_panel (&out->pattern, panel);
  g_assert_cmpint (out->panel, >=, 0);
}

static void
measured_drape_free (MeasuredDrape *md)
{
  at_drape_free (md->drape);
  at_body_free (md->body);
}

/* A shirt's folded cuffs hang at their finished depth (folded at their fold
 * line, not open at twice the depth), and a sleeve drafted to measure ends
 * at the wrist: the cuff's far edge lies within a few centimetres of it. */
static void
test_folded_cuffs (void)
{
  MeasuredDrape md;
  drape_to_measure ("shirt", AT_SEX_MALE, 175.6, 85.3, test_def ().edge_length_cm, "cuff_l", &md);
  const AtBodyArm *arm = &at_body_landmarks (md.body)->arm_left;
  float lo = INFINITY, hi = -INFINITY;
  for (int v = 0; v < md.mesh->vertex_count; v++)
    if (md.vertex_panel[v] == md.panel)
      {
        float along = 0;
        for (int a = 0; a < 3; a++)
          along += (md.mesh->positions[3 * v + a] - arm->wrist[a]) * arm->axis[a];
        lo = fminf (lo, along), hi = fmaxf (hi, along);
      }
  /* the fold line halves the cuff panel's height */
  double depth = md.pattern.panels[md.panel].folds[0].a.y / 100;
  g_test_message ("cuff %.1f to %.1f cm along the arm from the wrist (towards the hand), finished depth %.1f cm",
                  100 * lo, 100 * hi, 100 * depth);
  g_assert_cmpfloat (hi - lo, <, 1.4 * depth);
  g_assert_cmpfloat (fabsf (hi), <, 0.04);
  measured_drape_free (&md);
}

/* A T-shirt's 1.8 cm neckband (cut 3.6 cm, folded in half) hangs at its
 * finished depth: no part of it lies farther from the neckline seam than
 * about 1.8 cm. It was once meshed too coarsely to fold and stood up round
 * the neck at twice that, a mock neck. Distances are taken from the seam
 * vertex at the same place along the band. */
static void
test_tshirt_neckband_folded (void)
{
  AtBody *body = make_body (AT_SEX_MALE, 175.6, 85.3, 0);
  AtGarmentDef def;
  AtDrape *drape = drape_size ("tshirt", "M", body, &def);
  const AtMesh *m = at_drape_garment_mesh (drape);
  const int *panel = at_drape_vertex_panel (drape);
  const AtPattern *pattern = at_drape_pattern (drape);
  int band = at_pattern_find_panel (pattern, "neckband");
  g_assert_cmpint (band, >=, 0);
  double depth = pattern->panels[band].folds[0].a.y / 100;
  float reach = 0;
  for (int v = 0; v < m->vertex_count; v++)
    {
      if (panel[v] != band)
        continue;
      int seam = -1;
      for (int u = 0; u < m->vertex_count; u++)
        if (panel[u] == band && m->uvs[2 * u + 1] < 1e-4f
            && (seam < 0 || fabsf (m->uvs[2 * u] - m->uvs[2 * v]) < fabsf (m->uvs[2 * seam] - m->uvs[2 * v])))
          seam = u;
      g_assert_cmpint (seam, >=, 0);
      const float *a = m->positions + 3 * v, *b = m->positions + 3 * seam;
      reach = fmaxf (reach, sqrtf ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
                                   + (a[2] - b[2]) * (a[2] - b[2])));
    }
  g_test_message ("neckband reaches %.1f cm from the neckline seam, finished depth %.1f cm", 100 * reach,
                  100 * depth);
  g_assert_cmpfloat (reach, <, 1.4 * depth);
  at_drape_free (drape);
  at_body_free (body);
}

/* A sheath dress drafted to measure hangs from the shoulders with its waist
 * line at the body's waist (it once sagged 4 cm under its own weight, which
 * also moved the chest and waist the drape reads against the chart's). At
 * the default resolution: a coarse mesh, fewer rows to carry the weight
 * down, sagged less. */
static void
test_dress_waist_level (void)
{
  MeasuredDrape md;
  drape_to_measure ("dress", AT_SEX_FEMALE, 164, 64, at_drape_def_default ().edge_length_cm, "front", &md);
  const AtPanel *f = &md.pattern.panels[md.panel];
  /* the side seam's waist point starts the segment above it */
  float waist = (float) f->segments[at_panel_find_segment (f, "side_r")].p0.y / 100, sum = 0;
  int n = 0;
  for (int v = 0; v < md.mesh->vertex_count; v++)
    if (md.vertex_panel[v] == md.panel && fabsf (md.mesh->uvs[2 * v + 1] - waist) < 0.01f)
      sum += md.mesh->positions[3 * v + 1], n++;
  g_assert_cmpint (n, >, 0);
  float body_waist = at_body_landmarks (md.body)->waist.y;
  g_test_message ("dress waist line at %.1f cm, body waist %.1f cm", 100 * sum / n, 100 * body_waist);
  g_assert_cmpfloat (fabsf (sum / n - body_waist), <, 0.02f);
  measured_drape_free (&md);
}

/* The dress's centre back seam takes its suppression at the waist only:
 * at the hip the graded pattern of every size is the size's hip plus
 * hip_ease (a seam that stayed inside the centre back line down to the hem
 * once left about 1 cm of the 4). */
static void
test_dress_hip_ease (void)
{
  AtError err = { 0 };
  AtGarmentDef g;
  g_assert_cmpint (at_garment_load ("dress", &g, &err), ==, AT_OK);
  double hip_ease;
  g_assert_cmpint (at_garment_get_param (&g, "hip_ease", &hip_ease, &err), ==, AT_OK);
  for (int k = 0; k < g.size_count; k++)
    {
      double finished, ease;
      g_assert_true (at_fit_chart_girth (&g, k, AT_M_HIP_GIRTH, NULL, &finished, &ease));
      g_test_message ("dress %s: hip finished %.1f cm, ease %.2f cm (hip_ease %.1f)", g.sizes[k].name, finished, ease,
                      hip_ease);
      g_assert_cmpfloat (fabs (ease - hip_ease), <, 0.5);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/drape/tshirt", test_tshirt);
  g_test_add_func ("/drape/sizes-tight-loose", test_sizes_read_tight_and_loose);
  g_test_add_func ("/drape/bad-patterns", test_bad_patterns);
  g_test_add_func ("/drape/skirt-stays-at-waist", test_skirt_stays_at_waist);
  g_test_add_func ("/drape/hoodie-sleeves-closed", test_hoodie_sleeves_closed);
  g_test_add_func ("/drape/dress-hip-ease", test_dress_hip_ease);
  g_test_add_func ("/drape/folded-cuffs", test_folded_cuffs);
  g_test_add_func ("/drape/tshirt-neckband-folded", test_tshirt_neckband_folded);
  g_test_add_func ("/drape/dress-waist-level", test_dress_waist_level);
  return g_test_run ();
}

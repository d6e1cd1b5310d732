/* Every library garment stays on bodies it was never tuned on: ANSUR II
 * subjects (a heavy woman and a light man, who fall far from the size
 * charts' bodies) in the size nearest to them and drafted to measure, and
 * the sheath dress in sizes 38 and 42 on a 164 cm, 64 kg woman (it once slid to
 * the floor there). Each drape keeps its top above the armpits or the hips
 * with nothing under the floor (at_drape_check), no more than a few
 * vertices inside the skin, and every seam sewn shut, a chart size too
 * small for the body too (it reads tight instead); a made-to-measure one
 * also has bounded strain. Coarse meshes
 * (3 cm) keep the suite fast; `atelier-cli bench drape-check` runs many
 * more bodies and sizes at the default resolution. Without the shared data
 * the ANSUR II part is skipped (exit 77 when nothing else runs). */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anthro/at_ansur.h"
#include "anthro/at_completion.h"
#include "fit/at_fit.h"
#include "pattern/at_garment_library.h"

/* Sewing closes every seam before it is welded, also where the body
 * pinches it (a sleeve's underarm in the armpit of a heavy woman, trousers'
 * crotch between a light man's thighs) or the garment is too small (a
 * chart size's trouser crotch stayed 5-10 cm open before the seams were
 * closed by stiff attachments); a seam never sewn stays apart by its
 * placement's distance, tens of centimetres. */
#define SEAM_SEWN_MM 10.0
/* A chart size too small for the body pinches a few vertices into the
 * skin (trousers at the crotch). */
#define MAX_PENETRATING_SHARE 0.02
#define MAX_STRAIN_P99 0.25
#define MAX_EASE_CM 60.0

static AtDrapeDef
coarse_def (void)
{
  AtDrapeDef def = at_drape_def_default ();
  def.edge_length_cm = 3.0;
  def.max_frames = 300;
  return def;
}

/* Every drape sews its seams shut; mtm: a pattern drafted for this body
 * also has bounded strain (a chart size too small for it reads tight). */
static void
check_drape (const AtGarmentDef *g, const AtPattern *pattern, AtBody *body, bool mtm, const char *what)
{
  AtError err = { 0 };
  AtDrapeDef def = coarse_def ();
  AtDrape *drape = NULL;
  if (at_drape_create (pattern, NULL, body, &def, &drape, &err) != AT_OK
      || at_drape_run (drape, NULL, NULL, NULL, &err) != AT_OK)
    g_error ("%s: %s", what, err.message);
  AtDrapeCheck c;
  at_drape_check (drape, &c);
  AtFitReport fit = { 0 };
  g_assert_cmpint (at_fit_analyze (drape, g, &fit, &err), ==, AT_OK);
  int n = at_drape_garment_mesh (drape)->vertex_count;
  g_test_message ("%s: top %.2f m (needs %.2f), lowest %.3f m, seam gap %.1f mm, %d of %d vertices inside, "
                  "strain p99 %.1f %%",
                  what, c.top_m, c.expected_top_m, c.lowest_m, c.max_seam_gap_mm, fit.penetrating_vertices, n,
                  100 * fit.strain_p99);
  if (!c.stayed_on)
    g_error ("%s did not stay on: top %.2f m, needs %.2f m; lowest %.3f m", what, c.top_m, c.expected_top_m,
             c.lowest_m);
  g_assert_cmpfloat (c.max_seam_gap_mm, <=, SEAM_SEWN_MM);
  /* every region's ease is a garment's, not a blown-up section (a folded
   * band's turn between its layers, cut edge-on, once read 1.6 km) */
  for (int r = 0; r < fit.region_count; r++)
    g_assert_cmpfloat (fabs (fit.regions[r].ease_cm), <, MAX_EASE_CM);
  if (mtm)
    g_assert_cmpfloat (fit.strain_p99, <, MAX_STRAIN_P99);
  g_assert_cmpint (fit.penetrating_vertices, <=, (int) (MAX_PENETRATING_SHARE * n));
  at_fit_report_clear (&fit);
  at_drape_free (drape);
}

static AtBody *
build_body (const AtMeasurements *m)
{
  AtError err = { 0 };
  AtBodyDef def = at_body_def_default ();
  AtBody *body = NULL;
  if (at_body_build (m, &def, &body, &err) != AT_OK)
    g_error ("%s", err.message);
  return body;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The subject of that sex nearest the 90th (heavy) or 10th weight percentile. */
static const AtAnsurSubject *
by_weight (const AtAnsurTable *t, AtSex sex, bool heavy)
{
  size_t n = at_ansur_count (t), count = 0;
  double *w = g_new (double, n);
  for (size_t r = 0; r < n; r++)
    if (at_ansur_subject (t, r)->sex == sex)
      w[count++] = at_ansur_subject (t, r)->m.value[AT_M_WEIGHT];
  qsort (w, count, sizeof *w, compare_double);
  double target = w[(size_t) ((heavy ? 0.9 : 0.1) * count)];
  g_free (w);
  const AtAnsurSubject *best = NULL;
  for (size_t r = 0; r < n; r++)
    {
      const AtAnsurSubject *s = at_ansur_subject (t, r);
      if (s->sex == sex
          && (!best || fabs (s->m.value[AT_M_WEIGHT] - target) < fabs (best->m.value[AT_M_WEIGHT] - target)))
        best = s;
    }
  return best;
}

static void
test_ansur_subjects (void)
{
  char dir[4096];
  AtError err = { 0 };
  AtAnsurTable *table = NULL;
  if (at_shared_data_path ("ansur2", dir, sizeof dir, &err) != AT_OK || at_ansur_load_dir (dir, &table, &err) != AT_OK)
    {
      g_test_skip ("no ANSUR II data (set ATELIER_SHARED_DATA)");
      return;
    }
  const AtAnsurSubject *subjects[] = { by_weight (table, AT_SEX_FEMALE, true), by_weight (table, AT_SEX_MALE, false) };
  for (size_t b = 0; b < G_N_ELEMENTS (subjects); b++)
    {
      AtBody *body = build_body (&subjects[b]->m);
      for (const char *const *id = at_garment_library_ids (); *id; id++)
        {
          AtGarmentDef g;
          g_assert_cmpint (at_garment_load (*id, &g, &err), ==, AT_OK);
          int k = at_garment_nearest_size (&g, &subjects[b]->m);
          for (int mtm = 0; mtm < 2; mtm++)
            {
              AtPattern pattern;
              g_assert_cmpint (mtm ? at_garment_draft_body (&g, &subjects[b]->m, &pattern, &err)
                                   : at_garment_draft_size (&g, g.sizes[k].name, &pattern, &err),
                               ==, AT_OK);
              char *what = g_strdup_printf ("%s %s on ANSUR II subject %d", *id, mtm ? "made to measure" : g.sizes[k].name,
                                            subjects[b]->subject_id);
              check_drape (&g, &pattern, body, mtm, what);
              g_free (what);
            }
        }
      at_body_free (body);
    }
  at_ansur_free (table);
}

static void
test_dress_on_short_woman (void)
{
  AtMeasurements given, full;
  AtError err = { 0 };
  at_measurements_init (&given, AT_SEX_FEMALE);
  given.value[AT_M_STATURE] = 164, given.given[AT_M_STATURE] = true;
  given.value[AT_M_WEIGHT] = 64, given.given[AT_M_WEIGHT] = true;
  g_assert_cmpint (at_completion_complete (&given, &full, &err), ==, AT_OK);
  AtBody *body = build_body (&full);
  AtGarmentDef g;
  g_assert_cmpint (at_garment_load ("dress", &g, &err), ==, AT_OK);
  const char *sizes[] = { "38", "42" };
  for (size_t s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      AtPattern pattern;
      g_assert_cmpint (at_garment_draft_size (&g, sizes[s], &pattern, &err), ==, AT_OK);
      char *what = g_strdup_printf ("dress %s on a 164 cm, 64 kg woman", sizes[s]);
      check_drape (&g, &pattern, body, false, what);
      g_free (what);
    }
  at_body_free (body);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/drape-check/dress-on-short-woman", test_dress_on_short_woman);
  g_test_add_func ("/drape-check/ansur-subjects", test_ansur_subjects);
  return g_test_run ();
}

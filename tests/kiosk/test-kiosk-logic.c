/* The kiosk's logic without a display: the staff PIN hash (an RFC test
 * vector, salting, verification), the size and fit advice from the size
 * chart and the size usually worn, the feel of a drape's measured ease, the
 * try-on drape task (to rest, and cancelled), and the choice of garments to
 * show. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "at_file.h"
#include "anthro/at_completion.h"
#include "kiosk/at-kiosk-advice.h"
#include "kiosk/at-kiosk-drape.h"
#include "kiosk/at-kiosk-pin.h"

static void
test_pin_hash (void)
{
  /* RFC 7914, section 11: PBKDF2-HMAC-SHA256 ("passwd", "salt", 1, 64) */
  static const char *expected = "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                                "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783";
  guint8 out[64];
  at_kiosk_pbkdf2_sha256 ((const guint8 *) "passwd", 6, (const guint8 *) "salt", 4, 1, out, sizeof out);
  GString *hex = g_string_new (NULL);
  for (gsize i = 0; i < sizeof out; i++)
    g_string_append_printf (hex, "%02x", out[i]);
  g_assert_cmpstr (hex->str, ==, expected);
  g_string_free (hex, TRUE);

  g_autofree char *a = at_kiosk_pin_hash ("4711");
  g_autofree char *b = at_kiosk_pin_hash ("4711");
  g_assert_nonnull (a);
  g_assert_cmpstr (a, !=, b); /* salted */
  g_assert_null (strstr (a, "4711"));
  g_assert_true (at_kiosk_pin_verify (a, "4711"));
  g_assert_false (at_kiosk_pin_verify (a, "4712"));
  g_assert_false (at_kiosk_pin_verify ("", "4711"));
  g_assert_false (at_kiosk_pin_verify ("pbkdf2-sha256$1$$", "4711"));
  g_assert_null (at_kiosk_pin_hash ("12"));
  g_assert_null (at_kiosk_pin_hash ("12a4"));
}

/* The kiosk advises on complete bodies (their heights place the garment's
 * levels); a chart body is completed as the garment's own chart bodies are,
 * so its levels are the size's. */
static AtMeasurements
completed (const AtMeasurements *partial)
{
  AtMeasurements full;
  AtError err = { 0 };
  g_assert_cmpint (at_completion_complete (partial, &full, &err), ==, AT_OK);
  return full;
}

/* A body exactly the chart's size: that size, every region as intended. */
static void
test_advice_chart_body (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("dress", &def, &err), ==, AT_OK);
  int s38 = at_garment_size_index (&def, "38");
  g_assert_cmpint (s38, >=, 0);
  AtMeasurements body = completed (&def.sizes[s38].body);
  AtKioskAdvice advice;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_REGULAR, NULL, &advice);
  g_assert_cmpint (advice.best, ==, s38);
  g_assert_true (advice.alternative == s38 - 1 || advice.alternative == s38 + 1);
  const AtKioskSizeFit *fit = &advice.sizes[s38];
  g_assert_cmpint (fit->n_regions, >, 0);
  for (int r = 0; r < fit->n_regions; r++)
    {
      g_assert_cmpint (fit->regions[r].feel, ==, AT_KIOSK_FEEL_RIGHT);
      g_assert_cmpfloat_with_epsilon (fit->regions[r].body_ease, fit->regions[r].ease.ease_cm, 1e-9);
    }
  /* one size down on the same body is tighter everywhere */
  const AtKioskSizeFit *smaller = &advice.sizes[s38 - 1];
  for (int r = 0; r < smaller->n_regions; r++)
    g_assert_cmpfloat (smaller->regions[r].body_ease, <, fit->regions[r].body_ease);

  /* a loose fit asks for more room: a larger size or the same */
  AtKioskAdvice loose;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_LOOSE, NULL, &loose);
  g_assert_cmpint (loose.best, >=, s38);
  AtKioskAdvice close;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_CLOSE, NULL, &close);
  g_assert_cmpint (close.best, <=, s38);
}

/* Wider hips than the chart's: the hips are what the words talk about. */
static void
test_advice_hips (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("skirt", &def, &err), ==, AT_OK);
  int base = at_garment_size_index (&def, def.base_size);
  AtMeasurements body = completed (&def.sizes[base].body);
  body.value[AT_M_HIP_GIRTH] += 12;
  AtKioskAdvice advice;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_REGULAR, NULL, &advice);
  const AtKioskSizeFit *in_base = &advice.sizes[base];
  gboolean hips_tight = FALSE;
  for (int r = 0; r < in_base->n_regions; r++)
    if (g_str_equal (in_base->regions[r].ease.region, "hip"))
      hips_tight = in_base->regions[r].feel <= AT_KIOSK_FEEL_SNUG;
  g_assert_true (hips_tight);
  g_assert_cmpint (advice.best, >, base);
  g_assert_cmpfloat (at_kiosk_feel_value (&in_base->regions[0]), >=, -1.0);
}

/* The usual size breaks a near tie between neighbours, and only that. */
static void
test_advice_known_size (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("dress", &def, &err), ==, AT_OK);
  int s38 = at_garment_size_index (&def, "38"), s40 = at_garment_size_index (&def, "40");
  g_assert_cmpint (s40, ==, s38 + 1);
  /* between 38 and 40 where the two score most alike */
  AtMeasurements body = { 0 };
  AtKioskAdvice plain = { 0 };
  double closest = INFINITY;
  for (int step = 0; step <= 20; step++)
    {
      AtMeasurements between = def.sizes[s38].body;
      for (int k = 0; k < AT_M_COUNT; k++)
        if (def.sizes[s38].body.given[k] && def.sizes[s40].body.given[k])
          between.value[k] += step / 20.0 * (def.sizes[s40].body.value[k] - def.sizes[s38].body.value[k]);
      AtMeasurements full = completed (&between);
      AtKioskAdvice a;
      at_kiosk_advise (&def, &full, AT_KIOSK_FIT_REGULAR, NULL, &a);
      double gap = fabs (a.sizes[s38].score - a.sizes[s40].score);
      if (gap < closest)
        closest = gap, body = full, plain = a;
    }
  g_assert_true (plain.best == s38 || plain.best == s40);
  g_assert_cmpint (plain.known, ==, -1);
  g_assert_false (plain.known_chosen);
  int other = plain.best == s38 ? s40 : s38;
  g_assert_cmpfloat (plain.sizes[other].score, <=, plain.sizes[plain.best].score + AT_KIOSK_KNOWN_SIZE_MARGIN);
  /* the size system that does not apply (letters) is passed over */
  const char *known[] = { "M", def.sizes[other].name, NULL };
  AtKioskAdvice usual;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_REGULAR, known, &usual);
  g_assert_cmpint (usual.best, ==, other);
  g_assert_cmpint (usual.known, ==, other);
  g_assert_true (usual.known_chosen);
  g_assert_cmpint (usual.alternative, ==, plain.best);

  /* a body exactly the chart's 38 stays 38 whatever size they name */
  AtMeasurements exact = completed (&def.sizes[s38].body);
  const char *far[] = { def.sizes[s40].name, NULL };
  AtKioskAdvice measured;
  at_kiosk_advise (&def, &exact, AT_KIOSK_FIT_REGULAR, far, &measured);
  g_assert_cmpint (measured.best, ==, s38);
  g_assert_cmpint (measured.known, ==, s40);
  g_assert_false (measured.known_chosen);
}

/* A drape's measured ease judged like the chart's: the design ease is just
 * right, under the body is tight, regions without design ease follow the
 * report's verdict, and length is not a feel. */
static void
test_feel_measured (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("dress", &def, &err), ==, AT_OK);
  AtGarmentEase eases[AT_GARMENT_MAX_PARAMS];
  int ne = at_garment_eases (&def, eases, AT_GARMENT_MAX_PARAMS);
  double chest_ease = -1;
  for (int e = 0; e < ne; e++)
    if (g_str_equal (eases[e].region, "chest"))
      chest_ease = eases[e].ease_cm;
  g_assert_cmpfloat (chest_ease, >, 0);
  AtFitReport report = { 0 };
  report.regions[report.region_count++] = (AtFitRegion) { .region = "chest", .ease_cm = chest_ease, .verdict = AT_FIT_GOOD };
  report.regions[report.region_count++] = (AtFitRegion) { .region = "hip", .ease_cm = -1.5, .verdict = AT_FIT_TIGHT };
  report.regions[report.region_count++] = (AtFitRegion) { .region = "shoulders", .ease_cm = 7, .verdict = AT_FIT_LOOSE };
  report.regions[report.region_count++] = (AtFitRegion) { .region = "length", .ease_cm = 1, .verdict = AT_FIT_GOOD };
  AtKioskSizeFit fit;
  at_kiosk_feel_measured (&report, &def, AT_KIOSK_FIT_REGULAR, &fit);
  g_assert_cmpint (fit.n_regions, ==, 3);
  g_assert_cmpstr (fit.regions[0].ease.region, ==, "chest");
  g_assert_cmpint (fit.regions[0].feel, ==, AT_KIOSK_FEEL_RIGHT);
  g_assert_cmpint (fit.regions[1].feel, ==, AT_KIOSK_FEEL_TIGHT);
  g_assert_cmpint (fit.regions[2].feel, ==, AT_KIOSK_FEEL_ROOMY);
  /* a close fit wants less room: the same chest ease now reads roomy or right, never snug */
  AtKioskSizeFit close;
  at_kiosk_feel_measured (&report, &def, AT_KIOSK_FIT_CLOSE, &close);
  g_assert_cmpint (close.regions[0].feel, >=, AT_KIOSK_FEEL_RIGHT);
  g_assert_cmpfloat (close.regions[0].deviation, >, fit.regions[0].deviation);
}

typedef struct {
  GMainLoop *loop;
  AtMesh *mesh;
  AtFitReport report;
  gboolean ok;
  GError *error;
} DrapeWait;

static void
drape_ready (GObject *source, GAsyncResult *result, gpointer data)
{
  DrapeWait *w = data;
  w->ok = at_kiosk_drape_finish (result, &w->mesh, &w->report, &w->error);
  g_main_loop_quit (w->loop);
}

static void
wait_drape (const AtMeasurements *body, const AtGarmentDef *def, int size, GCancellable *cancel, DrapeWait *w)
{
  memset (w, 0, sizeof *w);
  w->loop = g_main_loop_new (NULL, FALSE);
  GTask *task = at_kiosk_drape_async (NULL, body, def, size, "cotton jersey", cancel, drape_ready, w);
  g_assert_cmpfloat (at_kiosk_drape_progress (task), >=, 0.0);
  if (cancel)
    g_cancellable_cancel (cancel);
  g_main_loop_run (w->loop);
  g_assert_cmpfloat (at_kiosk_drape_progress (task), <=, 1.0);
  g_object_unref (task);
  g_main_loop_unref (w->loop);
}

/* The try-on drape: the garment at rest on the body with a fit report of
 * the same vertices and regions the kiosk's words can judge; a cancelled
 * one ends as cancelled with nothing to free. */
static void
test_drape_task (void)
{
  AtMeasurements partial, body;
  at_measurements_init (&partial, AT_SEX_FEMALE);
  partial.value[AT_M_STATURE] = 165, partial.given[AT_M_STATURE] = TRUE;
  partial.value[AT_M_WEIGHT] = 61, partial.given[AT_M_WEIGHT] = TRUE;
  AtError err = { 0 };
  g_assert_cmpint (at_completion_complete (&partial, &body, &err), ==, AT_OK);
  AtGarmentDef def;
  g_assert_cmpint (at_garment_load ("tshirt", &def, &err), ==, AT_OK);
  AtKioskAdvice advice;
  at_kiosk_advise (&def, &body, AT_KIOSK_FIT_REGULAR, NULL, &advice);
  g_assert_cmpint (advice.best, >=, 0);

  DrapeWait w;
  wait_drape (&body, &def, advice.best, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_nonnull (w.mesh);
  g_assert_cmpint (w.report.vertex_count, ==, w.mesh->vertex_count);
  AtKioskSizeFit fit;
  at_kiosk_feel_measured (&w.report, &def, AT_KIOSK_FIT_REGULAR, &fit);
  g_assert_cmpint (fit.n_regions, >=, 3);
  gboolean chest = FALSE;
  for (int r = 0; r < fit.n_regions; r++)
    chest |= g_str_equal (fit.regions[r].ease.region, "chest");
  g_assert_true (chest);
  at_mesh_free (w.mesh);
  at_fit_report_clear (&w.report);

  GCancellable *cancel = g_cancellable_new ();
  wait_drape (&body, &def, advice.best, cancel, &w);
  g_assert_false (w.ok);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (w.mesh);
  g_clear_error (&w.error);
  g_object_unref (cancel);
}

static void
test_picks (void)
{
  char path[4096];
  at_data_path ("catalog/catalog.json", path, sizeof path);
  AtStyleCatalog *cat = NULL;
  AtStyleModel *model = NULL;
  AtError err = { 0 };
  AtStyleDef def = at_style_def_default ();
  g_assert_cmpint (at_style_catalog_load (path, &cat, &err), ==, AT_OK);
  g_assert_cmpint (at_style_model_train (cat, NULL, 0, &def, &model, &err), ==, AT_OK);
  for (int sex = 0; sex < 2; sex++)
    {
      int picks[6];
      gsize n = at_kiosk_pick_items (model, cat, (AtSex) sex, G_N_ELEMENTS (picks), picks);
      g_assert_cmpuint (n, ==, G_N_ELEMENTS (picks));
      GHashTable *count = g_hash_table_new (g_str_hash, g_str_equal);
      for (gsize i = 0; i < n; i++)
        {
          const AtStyleItem *item = at_style_catalog_item (cat, picks[i]);
          if (sex == AT_SEX_MALE)
            g_assert_true (!g_str_equal (item->garment, "dress") && !g_str_equal (item->garment, "skirt"));
          guint c = GPOINTER_TO_UINT (g_hash_table_lookup (count, item->garment)) + 1;
          g_assert_cmpuint (c, <=, 2);
          g_hash_table_insert (count, (gpointer) item->garment, GUINT_TO_POINTER (c));
        }
      g_hash_table_unref (count);
    }
  at_style_model_free (model);
  at_style_catalog_free (cat);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk-logic/pin-hash", test_pin_hash);
  g_test_add_func ("/kiosk-logic/advice-chart-body", test_advice_chart_body);
  g_test_add_func ("/kiosk-logic/advice-hips", test_advice_hips);
  g_test_add_func ("/kiosk-logic/advice-known-size", test_advice_known_size);
  g_test_add_func ("/kiosk-logic/feel-measured", test_feel_measured);
  g_test_add_func ("/kiosk-logic/drape-task", test_drape_task);
  g_test_add_func ("/kiosk-logic/picks", test_picks);
  return g_test_run ();
}

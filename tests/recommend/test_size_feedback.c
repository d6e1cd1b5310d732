/* Size advice refined by fit feedback: without reports it is the body's
 * advice; a customer whose reports keep saying a size is too small is
 * moved up (and one who says too large, down); another customer on the
 * same garment keeps the body's answer; per-region reports count; the
 * store path reads the same reports back. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "recommend/at_size_feedback.h"
#include "common/at-test-garment.h"


static AtSizeFeedback *
train (const AtSizeReport *reports, size_t n)
{
  AtSizeFeedback *fb = NULL;
  AtFitModelDef def = at_size_feedback_def_default ();
  size_t skipped = 99;
  AtError err = { 0 };
  g_assert_cmpint (at_size_feedback_train (reports, n, &def, &fb, &skipped, &err), ==, AT_OK);
  g_assert_cmpuint (skipped, ==, 0);
  return fb;
}

static void
advise (const AtSizeFeedback *fb, const AtGarmentDef *g, const AtMeasurements *body, int64_t customer,
        AtSizeAdvice *advice, AtSizeFeedbackEffect *effect)
{
  AtError err = { 0 };
  g_assert_cmpint (at_size_advise_feedback (fb, g, body, AT_FIT_PREFERENCE_REGULAR, customer, advice, effect, &err),
                   ==, AT_OK);
}

static void
test_no_reports_is_body_advice (void)
{
  AtGarmentDef g;
  at_test_load_garment ("shirt", &g);
  for (int s = 0; s < g.size_count; s++)
    {
      AtMeasurements body;
      at_test_body_of_size (&g, s, &body);
      AtSizeAdvice plain, advice;
      AtSizeFeedbackEffect effect;
      g_assert_cmpint (at_size_advise (&g, &body, AT_FIT_PREFERENCE_REGULAR, &plain, NULL), ==, AT_OK);
      advise (NULL, &g, &body, 1, &advice, &effect);
      g_assert_cmpstr (advice.best.size, ==, plain.best.size);
      g_assert_false (effect.changed);
      g_assert_cmpfloat_with_epsilon (plain.position, s, 0.35);
    }
}

static void
test_repeated_too_small_moves_up (void)
{
  AtGarmentDef g, other;
  at_test_load_garment ("shirt", &g);
  at_test_load_garment ("tshirt", &other);
  int m = g.size_count / 2;
  AtMeasurements ada, bea;
  at_test_body_of_size (&g, m, &ada);
  at_test_body_of_size (&g, m, &bea);
  /* Ada said twice that the middle size was too small; Bea, with the same
   * body, has only told the shop about another garment. */
  AtSizeReport reports[] = {
    { .customer = 1, .garment = &g, .body = &ada, .size = g.sizes[m].name, .outcome = AT_FIT_SMALL },
    { .customer = 2, .garment = &other, .body = &bea, .size = other.sizes[1].name, .outcome = AT_FIT_FIT },
    { .customer = 1, .garment = &g, .body = &ada, .size = g.sizes[m].name, .outcome = AT_FIT_SMALL },
  };
  AtSizeFeedback *fb = train (reports, G_N_ELEMENTS (reports));
  AtSizeAdvice advice;
  AtSizeFeedbackEffect effect;
  advise (fb, &g, &ada, 1, &advice, &effect);
  g_assert_true (effect.changed);
  g_assert_cmpint (advice.best.size_index, ==, m + 1);
  g_assert_cmpstr (advice.runner_up.size, ==, g.sizes[m].name);
  g_assert_cmpstr (effect.body_size, ==, g.sizes[m].name);
  g_assert_cmpint (effect.reports, ==, 2);
  g_assert_cmpint (effect.evidence, ==, 2);
  g_assert_true (effect.evidence_tight);
  g_assert_cmpstr (effect.evidence_size, ==, g.sizes[m].name);
  /* Bea and a customer the model never saw get the body's answer. */
  advise (fb, &g, &bea, 2, &advice, &effect);
  g_assert_false (effect.changed);
  g_assert_cmpint (advice.best.size_index, ==, m);
  advise (fb, &g, &bea, 77, &advice, &effect);
  g_assert_false (effect.changed);
  g_assert_cmpint (effect.reports, ==, 0);
  g_assert_cmpint (advice.best.size_index, ==, m);
  at_size_feedback_free (fb);
}

static void
test_too_large_and_regions (void)
{
  AtGarmentDef g;
  at_test_load_garment ("shirt", &g);
  int m = g.size_count / 2;
  AtMeasurements body;
  at_test_body_of_size (&g, m, &body);
  AtSizeReport large[] = {
    { .customer = 5, .garment = &g, .body = &body, .size = g.sizes[m].name, .outcome = AT_FIT_LARGE },
    { .customer = 5, .garment = &g, .body = &body, .size = g.sizes[m].name, .outcome = AT_FIT_LARGE },
  };
  AtSizeFeedback *fb = train (large, 2);
  AtSizeAdvice advice;
  AtSizeFeedbackEffect effect;
  advise (fb, &g, &body, 5, &advice, &effect);
  g_assert_cmpint (advice.best.size_index, ==, m - 1);
  g_assert_false (effect.evidence_tight);
  at_size_feedback_free (fb);

  /* "Fits" reports keep the size; region reports alone also move the
   * customer (tight at the chest and the waist, three times each). */
  AtSizeReport fits[] = {
    { .customer = 6, .garment = &g, .body = &body, .size = g.sizes[m].name, .outcome = AT_FIT_FIT },
    { .customer = 6, .garment = &g, .body = &body, .size = g.sizes[m].name, .outcome = AT_FIT_FIT },
  };
  fb = train (fits, 2);
  advise (fb, &g, &body, 6, &advice, &effect);
  g_assert_cmpint (advice.best.size_index, ==, m);
  at_size_feedback_free (fb);
  AtSizeReport regions[6];
  for (int i = 0; i < 6; i++)
    regions[i] = (AtSizeReport) { .customer = 7, .garment = &g, .body = &body, .size = g.sizes[m].name,
                                  .region = i % 2 ? "chest" : "waist", .outcome = AT_FIT_SMALL };
  fb = train (regions, 6);
  advise (fb, &g, &body, 7, &advice, &effect);
  g_assert_cmpint (advice.best.size_index, ==, m + 1);
  at_size_feedback_free (fb);
}

static void
test_from_store (void)
{
  const char *tmp = g_getenv ("ATELIER_TEST_TMP");
  g_mkdir_with_parents (tmp ? tmp : g_get_tmp_dir (), 0700);
  g_autofree char *path = g_build_filename (tmp ? tmp : g_get_tmp_dir (), "size-feedback.db", NULL);
  g_remove (path);
  AtStore *store = NULL;
  AtError err = { 0 };
  AtStoreDef def = at_store_def_default ();
  g_assert_cmpint (at_store_open (path, &def, &store, &err), ==, AT_OK);
  AtGarmentDef g;
  at_test_load_garment ("shirt", &g);
  int m = g.size_count / 2;
  AtMeasurements body;
  at_test_body_of_size (&g, m, &body);
  AtCustomer ada, ghost;
  g_assert_cmpint (at_store_customer_create (store, "Ada", true, false, &ada, &err), ==, AT_OK);
  g_assert_cmpint (at_store_customer_create (store, NULL, true, false, &ghost, &err), ==, AT_OK);
  g_assert_cmpint (at_store_measurements_add (store, ada.id, &body, AT_MEASURE_SOURCE_TYPED, NULL, &err), ==, AT_OK);
  AtFeedback report = { .verdict = AT_FEEDBACK_TOO_SMALL };
  g_strlcpy (report.garment, "shirt", sizeof report.garment);
  g_strlcpy (report.size, g.sizes[m].name, sizeof report.size);
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (at_store_feedback_add (store, ada.id, &report, NULL, &err), ==, AT_OK);
  /* no measurements: cannot be placed on a chart, skipped */
  g_assert_cmpint (at_store_feedback_add (store, ghost.id, &report, NULL, &err), ==, AT_OK);
  /* a garment the library does not have: skipped */
  g_strlcpy (report.garment, "cape", sizeof report.garment);
  g_assert_cmpint (at_store_feedback_add (store, ada.id, &report, NULL, &err), ==, AT_OK);

  AtFeedback *all = NULL;
  size_t n = 0;
  g_assert_cmpint (at_store_feedback_list_all (store, &all, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (all[2].customer, ==, ghost.id);
  free (all);

  AtSizeFeedback *fb = NULL;
  size_t skipped = 0;
  g_assert_cmpint (at_size_feedback_from_store (store, &fb, &skipped, &err), ==, AT_OK);
  g_assert_cmpuint (skipped, ==, 2);
  AtSizeAdvice advice;
  AtSizeFeedbackEffect effect;
  advise (fb, &g, &body, ada.id, &advice, &effect);
  g_assert_cmpint (advice.best.size_index, ==, m + 1);
  g_assert_cmpint (effect.evidence, ==, 2);
  at_size_feedback_free (fb);
  at_store_close (store);
  g_remove (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/size-feedback/no-reports", test_no_reports_is_body_advice);
  g_test_add_func ("/size-feedback/too-small-moves-up", test_repeated_too_small_moves_up);
  g_test_add_func ("/size-feedback/too-large-and-regions", test_too_large_and_regions);
  g_test_add_func ("/size-feedback/from-store", test_from_store);
  return g_test_run ();
}

/* Statistical completion: given keys kept and flagged, every subset with
 * stature works, the shipped model round-trips through its file, bad model
 * files and impossible bodies are rejected with the key named, and on
 * held-out ANSUR II subjects the conditional model beats least squares on
 * stature and weight for chest, waist and hip girth. */
#include "anthro/at_completion.h"
#include "anthro/at_completion_eval.h"
#include "at_file.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static AtMeasurements
female_sw (void)
{
  AtMeasurements m;
  at_measurements_init (&m, AT_SEX_FEMALE);
  m.value[AT_M_STATURE] = 165.2;
  m.value[AT_M_WEIGHT] = 61.5;
  m.given[AT_M_STATURE] = m.given[AT_M_WEIGHT] = true;
  return m;
}

static void
assert_complete (const AtMeasurements *given, const AtMeasurements *full)
{
  g_assert_cmpint (full->sex, ==, given->sex);
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      g_assert_cmpint (full->given[k], ==, given->given[k]);
      if (given->given[k])
        g_assert_cmpfloat (full->value[k], ==, given->value[k]);
      g_assert_cmpint (at_measurement_check ((AtMeasureKey) k, full->value[k], NULL), ==, AT_OK);
    }
}

static void
test_given_kept (void)
{
  AtMeasurements m = female_sw (), full;
  AtError err = { 0 };
  g_assert_cmpint (at_completion_complete (&m, &full, &err), ==, AT_OK);
  assert_complete (&m, &full);
  /* A 165 cm, 61.5 kg woman: girths near the ANSUR II averages for that build. */
  g_assert_cmpfloat (full.value[AT_M_CHEST_GIRTH], >, 82);
  g_assert_cmpfloat (full.value[AT_M_CHEST_GIRTH], <, 98);
  g_assert_cmpfloat (full.value[AT_M_HIP_GIRTH], >, 90);
  g_assert_cmpfloat (full.value[AT_M_HIP_GIRTH], <, 106);

  /* More weight, same stature: every girth grows. */
  AtMeasurements heavy = m, full_heavy;
  heavy.value[AT_M_WEIGHT] = 85;
  g_assert_cmpint (at_completion_complete (&heavy, &full_heavy, &err), ==, AT_OK);
  for (int k = 0; k < AT_M_COUNT; k++)
    if (at_measure_info ((AtMeasureKey) k)->kind == AT_KIND_GIRTH)
      g_assert_cmpfloat (full_heavy.value[k], >, full.value[k]);

  at_measurements_init (&m, AT_SEX_MALE);
  m.value[AT_M_WEIGHT] = 80;
  m.given[AT_M_WEIGHT] = true;
  g_assert_cmpint (at_completion_complete (&m, &full, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "stature"));
  m.value[AT_M_STATURE] = 300;
  m.given[AT_M_STATURE] = true;
  g_assert_cmpint (at_completion_complete (&m, &full, &err), ==, AT_ERR_RANGE);
  g_assert_nonnull (strstr (err.message, "stature"));
}

static void
test_any_subset (void)
{
  /* A plausible complete body to draw subsets from. */
  AtMeasurements base = female_sw (), truth;
  AtError err = { 0 };
  g_assert_cmpint (at_completion_complete (&base, &truth, &err), ==, AT_OK);
  GRand *rand = g_rand_new_with_seed (7);
  for (int trial = 0; trial < 500; trial++)
    {
      AtMeasurements partial = truth, full;
      for (int k = 0; k < AT_M_COUNT; k++)
        partial.given[k] = k == AT_M_STATURE || g_rand_boolean (rand);
      g_assert_cmpint (at_completion_complete (&partial, &full, &err), ==, AT_OK);
      assert_complete (&partial, &full);
      /* The body is self-consistent, so estimates land close to it. */
      for (int k = 0; k < AT_M_COUNT; k++)
        if (k != AT_M_AGE)
          g_assert_cmpfloat (fabs (full.value[k] / truth.value[k] - 1.0), <, 0.1);
    }
  g_rand_free (rand);

  /* All keys given: nothing estimated, nothing changed. */
  AtMeasurements all = truth, full;
  for (int k = 0; k < AT_M_COUNT; k++)
    all.given[k] = true;
  g_assert_cmpint (at_completion_complete (&all, &full, &err), ==, AT_OK);
  assert_complete (&all, &full);
}

static void
test_plausibility (void)
{
  AtMeasurements m = female_sw (), full;
  AtError err = { 0 };
  g_assert_cmpint (at_completion_complete (&m, &full, &err), ==, AT_OK);
  for (int k = 0; k < AT_M_COUNT; k++)
    full.given[k] = true;
  g_assert_cmpint (at_completion_check_plausible (&full, &err), ==, AT_OK);

  /* Waist 80 cm larger than chest: each value alone is in range. */
  AtMeasurements bad = m;
  bad.value[AT_M_CHEST_GIRTH] = 90;
  bad.value[AT_M_WAIST_GIRTH] = 170;
  bad.given[AT_M_CHEST_GIRTH] = bad.given[AT_M_WAIST_GIRTH] = true;
  g_assert_cmpint (at_completion_check_plausible (&bad, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "waist_girth"));

  /* An inside leg longer than the whole stature allows. */
  bad = m;
  bad.value[AT_M_INSIDE_LEG] = 120;
  bad.given[AT_M_INSIDE_LEG] = true;
  g_assert_cmpint (at_completion_check_plausible (&bad, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "inside_leg"));
}

static char *
tmp_path (const char *name)
{
  const char *root = g_getenv ("ATELIER_TEST_TMP");
  char *dir = g_build_filename (root ? root : g_get_tmp_dir (), "anthro", NULL);
  g_mkdir_with_parents (dir, 0755);
  char *path = g_build_filename (dir, name, NULL);
  g_free (dir);
  return path;
}

static void
test_model_file (void)
{
  char shipped[4096];
  AtCompletionModel *model = NULL, *again = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_completion_model_load (at_data_path ("body/completion.json", shipped, sizeof shipped), &model,
                                             &err), ==, AT_OK);
  char *path = tmp_path ("completion.json");
  g_assert_cmpint (at_completion_model_save (model, path, &err), ==, AT_OK);
  g_assert_cmpint (at_completion_model_load (path, &again, &err), ==, AT_OK);
  AtMeasurements m = female_sw (), a, b;
  g_assert_cmpint (at_completion_model_complete (model, &m, &a, &err), ==, AT_OK);
  g_assert_cmpint (at_completion_model_complete (again, &m, &b, &err), ==, AT_OK);
  for (int k = 0; k < AT_M_COUNT; k++)
    g_assert_cmpfloat_with_epsilon (a.value[k], b.value[k], 1e-6 * a.value[k]);
  at_completion_model_free (again);
  at_completion_model_free (model);

  /* Damaged files: each names the file and the problem. */
  char *text;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  static const struct { const char *from, *to, *says; } damage[] = {
    { "\"atelier-completion\"", "\"other\"", "not an atelier-completion" },
    { "\"version\": 1", "\"version\": 9", "version" },
    { "\"chest_girth\"", "\"chest_girt\"", "keys" },
    { "\"subjects\"", "\"people\"", "subjects" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      char *at = strstr (text, damage[i].from);
      g_assert_nonnull (at);
      GString *bad = g_string_new_len (text, at - text);
      g_string_append (bad, damage[i].to);
      g_string_append (bad, at + strlen (damage[i].from));
      char *bad_path = tmp_path ("damaged.json");
      g_assert_true (g_file_set_contents (bad_path, bad->str, -1, NULL));
      g_assert_cmpint (at_completion_model_load (bad_path, &again, &err), !=, AT_OK);
      g_assert_null (again);
      g_assert_nonnull (strstr (err.message, "damaged.json"));
      g_assert_nonnull (strstr (err.message, damage[i].says));
      g_free (bad_path);
      g_string_free (bad, TRUE);
    }
  g_free (text);
  g_free (path);
}

static void
test_beats_lsq (void)
{
  char dir[4096];
  if (at_shared_data_path ("ansur2", dir, sizeof dir, NULL) != AT_OK)
    {
      g_test_skip ("no ANSUR II data: set ATELIER_SHARED_DATA to the shared data folder");
      return;
    }
  AtAnsurTable *table = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_ansur_load_dir (dir, &table, &err), ==, AT_OK);
  AtCompletionEval ev;
  g_assert_cmpint (at_completion_evaluate (table, 1, &ev, &err), ==, AT_OK);
  at_ansur_free (table);
  static const AtMeasureKey girths[] = { AT_M_CHEST_GIRTH, AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH };
  double ours = 0, lsq = 0;
  for (int sex = 0; sex < 2; sex++)
    {
      g_assert_cmpuint (ev.n_test[sex], >, 300);
      for (size_t i = 0; i < G_N_ELEMENTS (girths); i++)
        {
          double a = ev.mae[AT_GIVEN_STATURE_WEIGHT_AGE][sex][girths[i]], b = ev.mae_lsq[sex][girths[i]];
          g_assert_cmpfloat (a, <=, b);
          ours += a;
          lsq += b;
        }
      /* Weight is informative: knowing it must help every girth. */
      for (int k = 0; k < AT_M_COUNT; k++)
        if (at_measure_info ((AtMeasureKey) k)->kind == AT_KIND_GIRTH)
          g_assert_cmpfloat (ev.mae[AT_GIVEN_STATURE_WEIGHT][sex][k], <, ev.mae[AT_GIVEN_STATURE][sex][k]);
      /* Real bodies are almost never called implausible. */
      g_assert_cmpfloat (ev.false_implausible[sex], <, 0.01);
    }
  g_assert_cmpfloat (ours, <, 0.99 * lsq);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/anthro/completion/given-kept", test_given_kept);
  g_test_add_func ("/anthro/completion/any-subset", test_any_subset);
  g_test_add_func ("/anthro/completion/plausibility", test_plausibility);
  g_test_add_func ("/anthro/completion/model-file", test_model_file);
  g_test_add_func ("/anthro/completion/beats-lsq", test_beats_lsq);
  return g_test_run ();
}

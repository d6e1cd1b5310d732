/* Size systems: k-means is deterministic and finds well-separated groups,
 * accommodation is counted right on a tiny population worked by hand, the
 * chart designer finds the obvious optimum on clustered data and beats
 * k-means centres on ANSUR II, and shape groups classify and round-trip. */
#include "anthro/at_ansur.h"
#include "anthro/at_completion.h"
#include "anthro/at_sizing.h"
#include "at_file.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* Three tight blobs of 40, 30 and 20 points around (0,0), (30,0), (0,30). */
static double *
blobs (size_t *n)
{
  static const double centre[3][2] = { { 0, 0 }, { 30, 0 }, { 0, 30 } };
  static const int count[3] = { 40, 30, 20 };
  *n = 90;
  double *p = g_new (double, 2 * 90);
  GRand *rand = g_rand_new_with_seed (3);
  size_t i = 0;
  for (int b = 0; b < 3; b++)
    for (int j = 0; j < count[b]; j++, i++)
      {
        p[2 * i] = centre[b][0] + g_rand_double_range (rand, -1, 1);
        p[2 * i + 1] = centre[b][1] + g_rand_double_range (rand, -1, 1);
      }
  g_rand_free (rand);
  return p;
}

static void
test_kmeans (void)
{
  size_t n;
  double *p = blobs (&n);
  AtKMeansDef def = at_kmeans_def_default ();
  def.k = 3;
  AtKMeans a, b;
  AtError err = { 0 };
  g_assert_cmpint (at_kmeans_run (&def, p, n, 2, &a, &err), ==, AT_OK);
  g_assert_cmpint (at_kmeans_run (&def, p, n, 2, &b, &err), ==, AT_OK);
  g_assert_cmpmem (a.assignment, n * sizeof (int), b.assignment, n * sizeof (int));
  g_assert_cmpmem (a.centres, 6 * sizeof (double), b.centres, 6 * sizeof (double));
  /* Each blob is one cluster. */
  for (size_t i = 0; i < n; i++)
    {
      size_t first = i < 40 ? 0 : i < 70 ? 40 : 70;
      g_assert_cmpint (a.assignment[i], ==, a.assignment[first]);
    }
  g_assert_cmpint (a.assignment[0], !=, a.assignment[40]);
  g_assert_cmpint (a.assignment[0], !=, a.assignment[70]);
  g_assert_cmpint (a.assignment[40], !=, a.assignment[70]);
  g_assert_cmpuint (a.sizes[a.assignment[0]], ==, 40);
  g_assert_cmpfloat (a.inertia, <, 90 * 2.0);
  at_kmeans_clear (&b);

  /* Another seed: other draws, same blobs. */
  def.seed = 12345;
  g_assert_cmpint (at_kmeans_run (&def, p, n, 2, &b, &err), ==, AT_OK);
  g_assert_cmpfloat_with_epsilon (b.inertia, a.inertia, 1e-9);
  at_kmeans_clear (&a);
  at_kmeans_clear (&b);

  def.k = 91;
  g_assert_cmpint (at_kmeans_run (&def, p, n, 2, &a, &err), ==, AT_ERR_INVALID);
  p[5] = NAN;
  def.k = 3;
  g_assert_cmpint (at_kmeans_run (&def, p, n, 2, &a, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "point 2"));
  g_free (p);
}

static void
test_accommodation (void)
{
  /* Two sizes at (90, 80) and (100, 90), +-2.5 cm. Worked by hand:
   * (90,80) in size 0; (92.5,77.5) in size 0 (edges count); (95,85) in
   * neither (2.5 beyond size 0's chest edge? |95-90| = 5 > 2.5, and
   * |95-100| = 5 > 2.5); (101,88) in size 1; (100,80) in neither (waist 10
   * from size 1); (91,82.6) in neither (waist 2.6 from size 0). */
  double centres[] = { 90, 80, 100, 90 };
  AtSizeChart chart = { .n_sizes = 2, .dims = 2, .tolerance = 2.5, .centres = centres };
  double people[] = { 90, 80, 92.5, 77.5, 95, 85, 101, 88, 100, 80, 91, 82.6 };
  static const int expected[] = { 0, 0, -1, 1, -1, -1 };
  for (int i = 0; i < 6; i++)
    g_assert_cmpint (at_size_chart_fit (&chart, people + 2 * i), ==, expected[i]);
  g_assert_cmpfloat_with_epsilon (at_size_chart_accommodation (&chart, people, 6), 3.0 / 6.0, 1e-12);
  /* Overlapping sizes: the nearest (max-norm) wins. */
  double overlap[] = { 90, 80, 92, 80 };
  chart.centres = overlap;
  double p[] = { 91.5, 80 };
  g_assert_cmpint (at_size_chart_fit (&chart, p), ==, 1);
}

static void
test_design (void)
{
  size_t n;
  double *p = blobs (&n);
  AtSizeChartDef def = at_size_chart_def_default ();
  AtSizeChart chart;
  AtError err = { 0 };
  def.n_sizes = 3;
  g_assert_cmpint (at_size_chart_design (&def, p, n, 2, &chart, &err), ==, AT_OK);
  g_assert_cmpfloat (at_size_chart_accommodation (&chart, p, n), ==, 1.0);
  /* Sorted by the first dimension. */
  g_assert_cmpfloat (chart.centres[0], <=, chart.centres[2]);
  g_assert_cmpfloat (chart.centres[2], <=, chart.centres[4]);
  at_size_chart_clear (&chart);
  /* Two sizes: the two biggest blobs (40 + 30 of 90). */
  def.n_sizes = 2;
  g_assert_cmpint (at_size_chart_design (&def, p, n, 2, &chart, &err), ==, AT_OK);
  g_assert_cmpfloat_with_epsilon (at_size_chart_accommodation (&chart, p, n), 70.0 / 90.0, 1e-12);
  at_size_chart_clear (&chart);

  def.tolerance = -1;
  g_assert_cmpint (at_size_chart_design (&def, p, n, 2, &chart, &err), ==, AT_ERR_RANGE);
  g_assert_nonnull (strstr (err.message, "tolerance"));
  def = at_size_chart_def_default ();
  def.n_sizes = 0;
  g_assert_cmpint (at_size_chart_design (&def, p, n, 2, &chart, &err), ==, AT_ERR_RANGE);
  g_free (p);
}

static void
test_design_ansur (void)
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
  size_t n = at_ansur_count (table);
  AtMeasurements *subjects = g_new (AtMeasurements, n);
  for (size_t i = 0; i < n; i++)
    subjects[i] = at_ansur_subject (table, i)->m;
  at_ansur_free (table);
  const AtSizeChartKind *tops = &at_size_chart_kinds[0];
  size_t count;
  double *pts = at_sizing_points (subjects, n, AT_SEX_FEMALE, tops->keys, tops->dims, &count);
  g_assert_cmpuint (count, ==, 1581);
  AtSizeChartDef def = at_size_chart_def_default ();
  AtSizeChart chart;
  g_assert_cmpint (at_size_chart_design (&def, pts, count, tops->dims, &chart, &err), ==, AT_OK);
  AtKMeansDef kdef = at_kmeans_def_default ();
  kdef.k = def.n_sizes;
  AtKMeans km;
  g_assert_cmpint (at_kmeans_run (&kdef, pts, count, tops->dims, &km, &err), ==, AT_OK);
  AtSizeChart kchart = { .n_sizes = km.k, .dims = 2, .tolerance = def.tolerance, .centres = km.centres };
  double designed = at_size_chart_accommodation (&chart, pts, count);
  g_assert_cmpfloat (designed, >, 0.85);
  g_assert_cmpfloat (designed, >, at_size_chart_accommodation (&kchart, pts, count) + 0.03);
  at_kmeans_clear (&km);
  at_size_chart_clear (&chart);
  g_free (pts);

  /* Shape groups refitted here match the shipped ones (same seed). */
  AtShapeModel *fitted = NULL, *shipped = NULL;
  char path[4096];
  g_assert_cmpint (at_shape_model_fit (subjects, n, 5, 1, &fitted, &err), ==, AT_OK);
  g_assert_cmpint (at_shape_model_load (at_data_path ("sizes/shape_groups.json", path, sizeof path), &shipped, &err),
                   ==, AT_OK);
  for (int sex = 0; sex < 2; sex++)
    for (int g = 0; g < 5; g++)
      {
        g_assert_cmpint (at_shape_model_count (shipped, (AtSex) sex), ==, 5);
        const AtShapeGroup *a = at_shape_model_group (fitted, (AtSex) sex, g);
        const AtShapeGroup *b = at_shape_model_group (shipped, (AtSex) sex, g);
        g_assert_cmpstr (a->label, ==, b->label);
        g_assert_cmpfloat_with_epsilon (a->share, b->share, 1e-6);
      }
  at_shape_model_free (fitted);
  at_shape_model_free (shipped);
  g_free (subjects);
}

static void
test_shape_group (void)
{
  AtMeasurements m;
  at_measurements_init (&m, AT_SEX_FEMALE);
  m.value[AT_M_STATURE] = 165;
  m.given[AT_M_STATURE] = true;
  AtShapeGroup grp;
  AtError err = { 0 };
  g_assert_cmpint (at_sizing_shape_group (&m, &grp, &err), ==, AT_OK);
  g_assert_cmpint (grp.sex, ==, AT_SEX_FEMALE);
  g_assert_cmpfloat (grp.share, >, 0.05);
  /* An average body (every key estimated) sits in the balanced group. */
  g_assert_cmpstr (grp.label, ==, "balanced proportions");

  /* Hips much fuller than chest, narrow waist: a pear. */
  m.value[AT_M_CHEST_GIRTH] = 84;
  m.value[AT_M_WAIST_GIRTH] = 70;
  m.value[AT_M_HIP_GIRTH] = 108;
  m.given[AT_M_CHEST_GIRTH] = m.given[AT_M_WAIST_GIRTH] = m.given[AT_M_HIP_GIRTH] = true;
  g_assert_cmpint (at_sizing_shape_group (&m, &grp, &err), ==, AT_OK);
  g_assert_nonnull (strstr (grp.label, "hips fuller than chest"));

  /* Without stature nothing can be completed: the error says so. */
  m.given[AT_M_STATURE] = false;
  g_assert_cmpint (at_sizing_shape_group (&m, &grp, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "stature"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/anthro/sizing/kmeans", test_kmeans);
  g_test_add_func ("/anthro/sizing/accommodation", test_accommodation);
  g_test_add_func ("/anthro/sizing/design", test_design);
  g_test_add_func ("/anthro/sizing/design-ansur", test_design_ansur);
  g_test_add_func ("/anthro/sizing/shape-group", test_shape_group);
  return g_test_run ();
}

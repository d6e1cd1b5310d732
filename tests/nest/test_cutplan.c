/* Tests of cut-order planning (GLPK): a small order met exactly with the
 * provably best plan, and orders that cannot be planned. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "nest/at_cutplan.h"

static const char *const sizes[] = { "S", "M" };
static const char *const colours[] = { "navy", "white" };

static AtCutOrder
small_order (int *quantity, double *length)
{
  AtCutOrder o = at_cut_order_default ();
  o.n_sizes = 2;
  o.n_colours = 1;
  o.size_names = sizes;
  o.colour_names = colours;
  o.quantity = quantity;
  o.garment_length = length;
  o.max_plies = 10;
  o.max_marker_length = 200;
  o.end_allowance = 0;
  return o;
}

static void
test_exact_plan (void)
{
  int quantity[] = { 4, 8 };
  double length[] = { 50, 60 };
  AtCutOrder o = small_order (quantity, length);
  AtCutPlan p;
  AtError err = { 0 };
  g_assert_cmpint (at_cutplan_solve (&o, &p, &err), ==, AT_OK);
  /* One marker S + 2 M (170 cm) spread 4 plies cuts the order exactly in a
   * single lay; fabric is the garments' length, nothing over or under. */
  g_assert_true (p.optimal);
  g_assert_cmpuint (p.n_lays, ==, 1);
  g_assert_cmpint (p.lays[0].plies, ==, 4);
  g_assert_cmpint (p.lays[0].ratio[0], ==, 1);
  g_assert_cmpint (p.lays[0].ratio[1], ==, 2);
  g_assert_cmpint (p.cut[0], ==, 4);
  g_assert_cmpint (p.cut[1], ==, 8);
  g_assert_cmpfloat_with_epsilon (p.fabric_length, 680.0, 1e-9);
  at_cutplan_free (&p);
}

static void
test_plies_and_colours (void)
{
  /* 25 plies do not fit one lay of at most 10: the plan needs 3 lays per
   * colour at least for its marker, and every size is still met exactly. */
  int quantity[] = { 25, 25, 3, 6 };
  double length[] = { 50, 60 };
  AtCutOrder o = small_order (quantity, length);
  o.n_colours = 2;
  o.end_allowance = 1.0;
  AtCutPlan p;
  AtError err = { 0 };
  const AtStatus st = at_cutplan_solve (&o, &p, &err);
  g_test_message ("%s", err.message);
  g_assert_cmpint (st, ==, AT_OK);
  for (int i = 0; i < 4; i++)
    g_assert_cmpint (p.cut[i], ==, quantity[i]);
  int plies[2] = { 0, 0 };
  double fabric = 0;
  for (size_t l = 0; l < p.n_lays; l++)
    {
      g_assert_cmpint (p.lays[l].plies, >=, 1);
      g_assert_cmpint (p.lays[l].plies, <=, 10);
      g_assert_cmpfloat (p.lays[l].marker_length, <=, 200.0);
      plies[p.lays[l].colour] += p.lays[l].plies;
      fabric += p.lays[l].plies * p.lays[l].marker_length;
    }
  g_assert_cmpfloat_with_epsilon (fabric, p.fabric_length, 1e-6);
  /* Navy: at most 3 garments per ply (50 + 2 x 60 or 3 x 50 ... <= 200), so
   * at least 50 / 3 -> 17 plies. */
  g_assert_cmpint (plies[0], >=, 17);
  at_cutplan_free (&p);
}

/* Both plans equal, lay by lay. */
static void
assert_same_plan (const AtCutPlan *a, const AtCutPlan *b, size_t n_sizes)
{
  g_assert_cmpuint (a->n_lays, ==, b->n_lays);
  g_assert_cmpfloat (a->fabric_length, ==, b->fabric_length);
  g_assert_true (a->optimal == b->optimal);
  for (size_t l = 0; l < a->n_lays; l++)
    {
      g_assert_cmpuint (a->lays[l].colour, ==, b->lays[l].colour);
      g_assert_cmpint (a->lays[l].plies, ==, b->lays[l].plies);
      for (size_t s = 0; s < n_sizes; s++)
        g_assert_cmpint (a->lays[l].ratio[s], ==, b->lays[l].ratio[s]);
    }
}

static void
test_node_limit_deterministic (void)
{
  /* Five sizes, three colours, uneven quantities and some over-cut: the
   * root relaxation is fractional, so the solver branches. Stopped by a
   * node count, not the clock, the plan is the same on every run however
   * loaded the machine is; a larger node limit can only do as well or
   * better. */
  static const char *const sizes5[] = { "XS", "S", "M", "L", "XL" };
  static const char *const colours3[] = { "navy", "white", "red" };
  int quantity[] = { 7, 19, 33, 26, 11, 3, 12, 21, 17, 5, 9, 4, 15, 8, 13 };
  double length[] = { 41.5, 45.25, 48.0, 52.75, 57.5 };
  AtCutOrder o = at_cut_order_default ();
  o.n_sizes = 5;
  o.n_colours = 3;
  o.size_names = sizes5;
  o.colour_names = colours3;
  o.quantity = quantity;
  o.garment_length = length;
  o.max_plies = 8;
  o.max_marker_length = 260;
  o.end_allowance = 1.5;
  o.max_overcut = 0.1;
  o.max_nodes = 400;
  AtCutPlan first, again, longer;
  AtError err = { 0 };
  const AtStatus st = at_cutplan_solve (&o, &first, &err);
  g_test_message ("%s", err.message);
  g_assert_cmpint (st, ==, AT_OK);
  g_assert_cmpint (at_cutplan_solve (&o, &again, &err), ==, AT_OK);
  assert_same_plan (&first, &again, 5);
  at_cutplan_free (&again);
  o.max_nodes = 1500;
  g_assert_cmpint (at_cutplan_solve (&o, &longer, &err), ==, AT_OK);
  g_assert_cmpfloat (longer.fabric_length, <=, first.fabric_length + 1e-9);
  for (size_t i = 0; i < 15; i++)
    {
      g_assert_cmpint (longer.cut[i], >=, quantity[i]);
      g_assert_cmpint (longer.cut[i], <=, quantity[i] + (int) floor (0.1 * quantity[i] + 1e-9));
    }
  g_test_message ("400 nodes: %.2f cm (%s); 1500 nodes: %.2f cm (%s)", first.fabric_length,
                  first.optimal ? "optimal" : "stopped", longer.fabric_length,
                  longer.optimal ? "optimal" : "stopped");
  at_cutplan_free (&first);
  at_cutplan_free (&longer);
}

static void
test_bad_orders (void)
{
  int quantity[] = { 4, 8 };
  double length[] = { 50, 260 };
  AtCutOrder o = small_order (quantity, length);
  AtCutPlan p;
  AtError err = { 0 };
  g_assert_cmpint (at_cutplan_solve (&o, &p, &err), !=, AT_OK);
  g_assert_nonnull (strstr (err.message, "size M needs 260"));
  length[1] = 60;
  quantity[0] = quantity[1] = 0;
  g_assert_cmpint (at_cutplan_solve (&o, &p, &err), !=, AT_OK);
  g_assert_nonnull (strstr (err.message, "nothing to cut"));
  quantity[0] = -2;
  g_assert_cmpint (at_cutplan_solve (&o, &p, &err), !=, AT_OK);
  g_assert_nonnull (strstr (err.message, "size S: quantity -2 is negative"));
  quantity[0] = 4;
  o.max_plies = 0;
  g_assert_cmpint (at_cutplan_solve (&o, &p, &err), !=, AT_OK);
  g_assert_nonnull (strstr (err.message, "max plies"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cutplan/exact", test_exact_plan);
  g_test_add_func ("/cutplan/plies-colours", test_plies_and_colours);
  g_test_add_func ("/cutplan/bad-orders", test_bad_orders);
  g_test_add_func ("/cutplan/node-limit-deterministic", test_node_limit_deterministic);
  return g_test_run ();
}

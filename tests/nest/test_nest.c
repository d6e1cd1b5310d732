/* Tests of the nest module: no-fit polygons and convex parts on known
 * shapes and their reach, the outward simplification of search outlines, the independent
 * validity checker on planted faults, a short nest
 * giving a valid marker, determinism for a seed, and bad input. */
#include <glib.h>
#include <math.h>
#include <omp.h>
#include <string.h>

#include "nest/at_nest.h"
#include "nest/nest_geom.h"

static const AtPoint2 unit_square[] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
/* An L: a 2 x 2 square without its top-right 1 x 1 quarter (area 3). */
static const AtPoint2 ell[] = { { 0, 0 }, { 2, 0 }, { 2, 1 }, { 1, 1 }, { 1, 2 }, { 0, 2 } };

static void
test_nfp_squares (void)
{
  NestConvex *a, *b, nfp;
  g_assert_cmpint (nest_convex_decompose (unit_square, 4, &a), ==, 1);
  g_assert_cmpint (nest_convex_decompose (unit_square, 4, &b), ==, 1);
  g_assert_true (nest_convex_nfp (&a[0], &b[0], 0.0, &nfp));
  /* Two unit squares overlap exactly when the offset is inside (-1, 1)^2. */
  g_assert_cmpint (nfp.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (nfp.minx, -1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nfp.maxx, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nfp.miny, -1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (nfp.maxy, 1.0, 1e-12);
  g_assert_true (nest_convex_contains (&nfp, 0.99, -0.99, 1e-9));
  g_assert_false (nest_convex_contains (&nfp, 1.0, 0.5, 1e-9)); /* touching */
  g_assert_false (nest_convex_contains (&nfp, 1.5, 0.0, 1e-9));
  nest_convex_free (&nfp);
  /* A gap grows the NFP by at least the gap on every side. */
  g_assert_true (nest_convex_nfp (&a[0], &b[0], 0.5, &nfp));
  g_assert_true (nest_convex_contains (&nfp, 1.45, 0.0, 1e-9));
  g_assert_true (nest_convex_contains (&nfp, 1.3, 1.3, 1e-9)); /* corner distance 0.42 < 0.5 */
  nest_convex_free (&nfp);
  nest_convex_free_array (a, 1);
  nest_convex_free_array (b, 1);
}

/* Deepest distance to the edges over a grid of points of c. */
static double
deepest_sampled (const NestConvex *c)
{
  double deepest = 0.0;
  for (int a = 0; a <= 200; a++)
    for (int b = 0; b <= 200; b++)
      {
        const double x = c->minx + (c->maxx - c->minx) * a / 200.0;
        const double y = c->miny + (c->maxy - c->miny) * b / 200.0;
        double d = INFINITY;
        for (int e = 0; e < c->n; e++)
          d = fmin (d, c->c[e] - (c->nx[e] * x + c->ny[e] * y));
        deepest = fmax (deepest, d);
      }
  return deepest;
}

/* A convex part's reach, half its least width, bounds how deep a point
 * lies inside it (the search stops on it): 0.5 for the unit square, 1.2
 * for the 3-4-5 triangle (its shortest height 2.4), whose inscribed
 * circle has radius 1. */
static void
test_convex_reach (void)
{
  NestConvex *sq;
  g_assert_cmpint (nest_convex_decompose (unit_square, 4, &sq), ==, 1);
  g_assert_cmpfloat_with_epsilon (sq[0].reach, 0.5, 1e-12);
  g_assert_cmpfloat (deepest_sampled (&sq[0]), <=, sq[0].reach + 1e-12);
  g_assert_cmpfloat (deepest_sampled (&sq[0]), >, 0.499);
  const AtPoint2 tri[] = { { 0, 0 }, { 4, 0 }, { 0, 3 } };
  NestConvex *t;
  g_assert_cmpint (nest_convex_decompose (tri, 3, &t), ==, 1);
  g_assert_cmpfloat_with_epsilon (t[0].reach, 1.2, 1e-12);
  const double deepest = deepest_sampled (&t[0]);
  g_assert_cmpfloat (deepest, <=, 1.0 + 1e-12);
  g_assert_cmpfloat (deepest, >, 0.98);
  nest_convex_free_array (sq, 1);
  nest_convex_free_array (t, 1);
}

static void
test_convex_parts (void)
{
  NestConvex *parts;
  const int n = nest_convex_decompose (ell, 6, &parts);
  g_assert_cmpint (n, ==, 2); /* one reflex vertex: two convex parts */
  double area = 0.0;
  for (int i = 0; i < n; i++)
    {
      area += nest_signed_area (parts[i].v, (size_t) parts[i].n);
      for (int k = 0; k < parts[i].n; k++)
        g_assert_cmpfloat (nest_cross3 (parts[i].v[k], parts[i].v[(k + 1) % parts[i].n],
                                        parts[i].v[(k + 2) % parts[i].n]), >, 0.0);
    }
  g_assert_cmpfloat_with_epsilon (area, 3.0, 1e-12);
  nest_convex_free_array (parts, n);

  AtPoint2 clean[8];
  const AtPoint2 bow[] = { { 0, 0 }, { 1, 1 }, { 1, 0 }, { 0, 1 } };
  g_assert_true (nest_polygon_self_intersects (bow, 4, 1e-9));
  g_assert_false (nest_polygon_self_intersects (ell, 6, 1e-9));
  /* Closing vertex, duplicates and collinear points are dropped, clockwise input reversed. */
  const AtPoint2 messy[] = { { 0, 0 }, { 0, 1 }, { 1, 1 }, { 1, 0.5 }, { 1, 0 }, { 1, 0 }, { 0, 0 } };
  g_assert_cmpuint (nest_clean_polygon (messy, 7, 1e-9, clean), ==, 4);
  g_assert_cmpfloat (nest_signed_area (clean, 4), >, 0.0);
}

/* True when p lies inside or on the polygon q (crossing number; the
 * boundary, within tol, counts as inside). */
static gboolean
inside_or_on (AtPoint2 p, const AtPoint2 *q, size_t n, double tol)
{
  gboolean in = FALSE;
  for (size_t i = 0, j = n - 1; i < n; j = i++)
    {
      const AtPoint2 a = q[i], b = q[j];
      const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      if (hypot (p.x - a.x - t * dx, p.y - a.y - t * dy) <= tol)
        return TRUE;
      if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x))
        in = !in;
    }
  return in;
}

static void
test_simplify_outward (void)
{
  /* A 10 x 4 bar whose top edge has five shallow notches (reflex vertices
   * at their bottoms) and one deep slot in the bottom edge. */
  const AtPoint2 comb[] = { { 0, 0 }, { 4, 0 }, { 4.5, 3 }, { 5, 0 }, { 10, 0 }, { 10, 4 },
                            { 9, 4 }, { 8.5, 3.9 }, { 8, 4 }, { 7, 4 }, { 6.5, 3.9 }, { 6, 4 },
                            { 5, 4 }, { 4.5, 3.9 }, { 4, 4 }, { 3, 4 }, { 2.5, 3.9 }, { 2, 4 },
                            { 1, 4 }, { 0.5, 3.9 }, { 0, 4 } };
  const size_t n = G_N_ELEMENTS (comb);
  AtPoint2 s[G_N_ELEMENTS (comb)];
  const double area = nest_signed_area (comb, n);
  memcpy (s, comb, sizeof comb);
  /* The notches add 0.05 each; the slot (area 1.5) is over the budget. */
  size_t m = nest_simplify_outward (s, n, 0.3, 0, 1e-9);
  g_assert_cmpuint (m, ==, n - 5);
  g_assert_cmpfloat_with_epsilon (nest_signed_area (s, m), area + 0.25, 1e-9);
  for (size_t k = 0; k < n; k++)
    g_assert_true (inside_or_on (comb[k], s, m, 1e-9));
  g_assert_true (inside_or_on ((AtPoint2){ 4.5, 2.9 }, s, m, 1e-9) == FALSE); /* the slot stays */
  /* keep_reflex stops early: six reflex vertices, keep four. */
  memcpy (s, comb, sizeof comb);
  g_assert_cmpuint (nest_simplify_outward (s, n, 100.0, 4, 1e-9), ==, n - 2);
  /* A larger budget closes the slot too, and the outline stays simple. */
  memcpy (s, comb, sizeof comb);
  m = nest_simplify_outward (s, n, 2.0, 0, 1e-9);
  g_assert_cmpuint (m, ==, n - 6);
  g_assert_false (nest_polygon_self_intersects (s, m, 1e-9));
}

static AtNestPolygon
poly (const AtPoint2 *p, size_t n)
{
  return (AtNestPolygon){ p, n };
}

static void
test_checker (void)
{
  AtError err = { 0 };
  const AtPoint2 a[] = { { 0, 0 }, { 2, 0 }, { 2, 2 }, { 0, 2 } };
  const AtPoint2 touching[] = { { 2, 0 }, { 4, 0 }, { 4, 2 }, { 2, 2 } };
  const AtPoint2 crossing[] = { { 1.5, 0.5 }, { 3.5, 0.5 }, { 3.5, 2.5 }, { 1.5, 2.5 } };
  const AtPoint2 inside[] = { { 0.5, 0.5 }, { 1.5, 0.5 }, { 1.5, 1.5 }, { 0.5, 1.5 } };
  /* Shares the bottom and top edge lines, no proper crossing. */
  const AtPoint2 shifted[] = { { 1, 0 }, { 3, 0 }, { 3, 2 }, { 1, 2 } };
  const AtPoint2 outside[] = { { 3, 3 }, { 4, 3 }, { 4, 5 }, { 3, 5 } };

  AtNestPolygon ok[] = { poly (a, 4), poly (touching, 4) };
  g_assert_cmpint (at_nest_check_layout (ok, 2, 4, 4, 1e-9, &err), ==, AT_OK);

  const AtPoint2 *bad[] = { crossing, inside, shifted, a };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      AtNestPolygon pair[] = { poly (a, 4), poly (bad[i], 4) };
      g_assert_cmpint (at_nest_check_layout (pair, 2, 4, 4, 1e-9, &err), ==, AT_ERR_INVALID);
      g_assert_nonnull (strstr (err.message, "overlap"));
    }
  AtNestPolygon out[] = { poly (a, 4), poly (outside, 4) };
  g_assert_cmpint (at_nest_check_layout (out, 2, 4, 4, 1e-9, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "leaves the strip"));
}

/* A small garment-like order: an L, a trapezoid, a triangle, a square. */
static const AtPoint2 trapezoid[] = { { 0, 0 }, { 4, 0 }, { 3, 2 }, { 1, 2 } };
static const AtPoint2 triangle[] = { { 0, 0 }, { 3, 0 }, { 0, 2.5 } };
static const double rot2[] = { 0, 180 };
static const double rot4[] = { 0, 90, 180, 270 };

static void
small_order (AtNestPiece pieces[4])
{
  pieces[0] = (AtNestPiece){ poly (ell, 6), 3, rot4, 4 };
  pieces[1] = (AtNestPiece){ poly (trapezoid, 4), 4, rot2, 2 };
  pieces[2] = (AtNestPiece){ poly (triangle, 3), 5, rot2, 2 };
  pieces[3] = (AtNestPiece){ poly (unit_square, 4), 2, NULL, 0 };
}

static double
polygon_distance (const AtNestPlacement *a, const AtNestPlacement *b)
{
  double best = INFINITY;
  for (size_t i = 0; i < a->n_points; i++)
    for (size_t j = 0; j < b->n_points; j++)
      {
        const AtPoint2 p = a->polygon[i], s = b->polygon[j], e = b->polygon[(j + 1) % b->n_points];
        const double dx = e.x - s.x, dy = e.y - s.y;
        double t = ((p.x - s.x) * dx + (p.y - s.y) * dy) / (dx * dx + dy * dy);
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        best = fmin (best, hypot (p.x - s.x - t * dx, p.y - s.y - t * dy));
      }
  return best;
}

static void
test_nest_small (void)
{
  AtNestPiece pieces[4];
  small_order (pieces);
  AtNestDef def = at_nest_def_default ();
  def.strip_width = 5.0;
  def.gap = 0.1;
  def.max_iterations = 64;
  def.seconds = 0;
  AtMarker m;
  AtError err = { 0 };
  g_assert_cmpint (at_nest_run (pieces, 4, &def, &m, &err), ==, AT_OK);
  g_assert_cmpuint (m.n_placements, ==, 14);
  g_assert_cmpint (at_marker_check (&m, &err), ==, AT_OK);
  const double area = 3 * 3.0 + 4 * 6.0 + 5 * 3.75 + 2 * 1.0;
  g_assert_cmpfloat_with_epsilon (m.piece_area, area, 1e-9);
  g_assert_cmpfloat (m.utilisation, >, 0.5);
  g_assert_cmpfloat (m.utilisation, <=, 1.0);
  g_assert_cmpfloat_with_epsilon (m.utilisation, area / (m.length * 5.0), 1e-12);
  /* Non-overlapping polygons are as far apart as their closest vertex and
   * edge: every pair keeps the gap. */
  for (size_t i = 0; i < m.n_placements; i++)
    for (size_t j = 0; j < m.n_placements; j++)
      if (i != j)
        g_assert_cmpfloat (polygon_distance (&m.placements[i], &m.placements[j]), >=, def.gap - 1e-9);
  /* Fabric cost: length cm × price per metre / garments. */
  g_assert_cmpfloat_with_epsilon (at_marker_fabric_cost (&m, 12.0, 2), m.length / 100.0 * 12.0 / 2, 1e-12);
  at_marker_free (&m);
}

static void
test_strip_reduction (void)
{
  /* Most of a 600-move budget goes to the strip reduction, which moves
   * pieces one at a time in any rotation (the L in four): the marker
   * stays valid, keeps the gap, uses only allowed rotations, and is no
   * longer than what the sequence search alone finds. */
  AtNestPiece pieces[4];
  small_order (pieces);
  AtNestDef def = at_nest_def_default ();
  def.strip_width = 5.0;
  def.gap = 0.1;
  def.seconds = 0;
  def.max_iterations = 8; /* one batch of the sequence search, nothing after */
  AtMarker seq, m;
  AtError err = { 0 };
  g_assert_cmpint (at_nest_run (pieces, 4, &def, &seq, &err), ==, AT_OK);
  def.max_iterations = 600;
  g_assert_cmpint (at_nest_run (pieces, 4, &def, &m, &err), ==, AT_OK);
  g_test_message ("sequence search: %.4f, with strip reduction: %.4f", seq.length, m.length);
  g_assert_cmpint (at_marker_check (&m, &err), ==, AT_OK);
  g_assert_cmpfloat (m.length, <=, seq.length + 1e-9);
  for (size_t i = 0; i < m.n_placements; i++)
    {
      const AtNestPiece *pc = &pieces[m.placements[i].piece];
      bool allowed = pc->rotations == NULL && m.placements[i].rotation == 0.0;
      for (size_t r = 0; r < pc->n_rotations; r++)
        allowed |= pc->rotations[r] == m.placements[i].rotation;
      g_assert_true (allowed);
      for (size_t j = i + 1; j < m.n_placements; j++)
        g_assert_cmpfloat (polygon_distance (&m.placements[i], &m.placements[j]), >=, def.gap - 1e-9);
    }
  at_marker_free (&seq);
  at_marker_free (&m);
}

/* The same marker from one thread and from two, for a seed and a move
 * budget. */
static void
check_determinism (const AtNestPiece *pieces, long moves)
{
  AtNestDef def = at_nest_def_default ();
  def.strip_width = 5.0;
  def.max_iterations = moves;
  def.seconds = 0;
  def.seed = 7;
  AtMarker m1, m2;
  AtError err = { 0 };
  const int threads = omp_get_max_threads ();
  omp_set_num_threads (1);
  g_assert_cmpint (at_nest_run (pieces, 4, &def, &m1, &err), ==, AT_OK);
  omp_set_num_threads (threads > 1 ? threads : 2);
  g_assert_cmpint (at_nest_run (pieces, 4, &def, &m2, &err), ==, AT_OK);
  omp_set_num_threads (threads);
  g_assert_cmpint (at_marker_check (&m1, &err), ==, AT_OK);
  g_assert_cmpfloat (m1.length, ==, m2.length);
  g_assert_cmpuint (m1.n_placements, ==, m2.n_placements);
  for (size_t i = 0; i < m1.n_placements; i++)
    {
      g_assert_cmpint (m1.placements[i].piece, ==, m2.placements[i].piece);
      g_assert_cmpfloat (m1.placements[i].dx, ==, m2.placements[i].dx);
      g_assert_cmpfloat (m1.placements[i].dy, ==, m2.placements[i].dy);
    }
  at_marker_free (&m1);
  at_marker_free (&m2);
}

static void
test_determinism (void)
{
  AtNestPiece pieces[4];
  small_order (pieces);
  check_determinism (pieces, 48);
  /* 70 copies: more no-fit polygon corners than the strip reduction tries
   * a move, so it samples them, from the seeded generator too. */
  for (int i = 0; i < 4; i++)
    pieces[i].quantity *= 5;
  check_determinism (pieces, 120);
}

static void
test_cancel (void)
{
  AtNestPiece pieces[4];
  small_order (pieces);
  AtNestDef def = at_nest_def_default ();
  def.strip_width = 5.0;
  def.seconds = 3600; /* only the flag can stop it */
  const volatile int cancel = 1;
  def.cancel = &cancel;
  AtMarker m;
  AtError err = { 0 };
  /* Cancelled before anything: the first marker is cut short too (a large
   * order must not overrun), its copies laid end to end along the strip,
   * and still a complete, valid marker. */
  g_assert_cmpint (at_nest_run (pieces, 4, &def, &m, &err), ==, AT_OK);
  g_assert_cmpint (m.iterations, ==, 0);
  g_assert_cmpuint (m.n_placements, ==, 14);
  g_assert_cmpint (at_marker_check (&m, &err), ==, AT_OK);
  double sum_w = 0.0;
  for (size_t i = 0; i < m.n_placements; i++)
    {
      double lo = INFINITY, hi = -INFINITY;
      for (size_t k = 0; k < m.placements[i].n_points; k++)
        {
          lo = fmin (lo, m.placements[i].polygon[k].x);
          hi = fmax (hi, m.placements[i].polygon[k].x);
        }
      sum_w += hi - lo;
    }
  g_assert_cmpfloat_with_epsilon (m.length, sum_w, 1e-9 * sum_w);
  at_marker_free (&m);
}

static void
expect_error (AtNestPiece *pieces, size_t n, double width, const char *needle)
{
  AtNestDef def = at_nest_def_default ();
  def.strip_width = width;
  def.max_iterations = 8;
  AtMarker m;
  AtError err = { 0 };
  g_assert_cmpint (at_nest_run (pieces, n, &def, &m, &err), !=, AT_OK);
  g_test_message ("%s", err.message);
  g_assert_nonnull (strstr (err.message, needle));
}

static void
test_bad_input (void)
{
  AtNestPiece pieces[4];
  small_order (pieces);
  /* The trapezoid is 4 x 2: wider than 1.5 in both 0 and 180 degrees. */
  expect_error (pieces, 4, 1.5, "piece 0 is wider than the fabric");
  const AtPoint2 bow[] = { { 0, 0 }, { 2, 2 }, { 2, 0 }, { 0, 1 } }; /* unequal lobes: has area */
  pieces[2].outline = poly (bow, 4);
  expect_error (pieces, 4, 5, "piece 2: the outline intersects itself");
  small_order (pieces);
  pieces[1].quantity = -1;
  expect_error (pieces, 4, 5, "piece 1: quantity -1 is negative");
  for (int i = 0; i < 4; i++)
    pieces[i].quantity = 0;
  expect_error (pieces, 4, 5, "nothing to nest");
  small_order (pieces);
  const AtPoint2 flat[] = { { 0, 0 }, { 1, 0 }, { 2, 0 } };
  pieces[3].outline = poly (flat, 3);
  expect_error (pieces, 4, 5, "piece 3: the outline has no area");
  small_order (pieces);
  expect_error (pieces, 4, -1, "width must be positive");
}

static void
test_esicup_instance (void)
{
  const char *dir = g_getenv ("ATELIER_SHARED_DATA");
  g_autofree char *path = dir ? g_build_filename (dir, "esicup", "jakobs1.json", NULL) : NULL;
  if (!path || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("ATELIER_SHARED_DATA/esicup/jakobs1.json is absent");
      return;
    }
  AtNestInstance inst;
  AtError err = { 0 };
  g_assert_cmpint (at_nest_instance_load (path, &inst, &err), ==, AT_OK);
  g_assert_cmpuint (inst.n_pieces, ==, 25);
  g_assert_cmpfloat_with_epsilon (inst.strip_width, 40.004, 1e-9);
  AtNestDef def = at_nest_def_default ();
  def.strip_width = inst.strip_width;
  def.max_iterations = 16;
  def.seconds = 0;
  AtMarker m;
  g_assert_cmpint (at_nest_run (inst.pieces, inst.n_pieces, &def, &m, &err), ==, AT_OK);
  g_assert_cmpint (at_marker_check (&m, &err), ==, AT_OK);
  g_assert_cmpuint (m.n_placements, ==, 25);
  /* Round trip through the CONTRACT JSON: item ids and strip width kept. */
  char *json = at_marker_to_json (&m);
  g_assert_nonnull (strstr (json, "\"strip_width\""));
  g_assert_nonnull (strstr (json, "\"item_id\""));
  free (json);
  at_marker_free (&m);
  at_nest_instance_free (&inst);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nest/nfp-squares", test_nfp_squares);
  g_test_add_func ("/nest/convex-parts", test_convex_parts);
  g_test_add_func ("/nest/convex-reach", test_convex_reach);
  g_test_add_func ("/nest/simplify-outward", test_simplify_outward);
  g_test_add_func ("/nest/checker", test_checker);
  g_test_add_func ("/nest/small-order", test_nest_small);
  g_test_add_func ("/nest/strip-reduction", test_strip_reduction);
  g_test_add_func ("/nest/determinism", test_determinism);
  g_test_add_func ("/nest/cancel", test_cancel);
  g_test_add_func ("/nest/bad-input", test_bad_input);
  g_test_add_func ("/nest/esicup-jakobs1", test_esicup_instance);
  return g_test_run ();
}

/* Production: cutting outlines, cut lists, markers, files and size mixes. */
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "common/at-test-garment.h"
#include "production/at_production.h"

static bool
inside (const AtPoint2 *p, size_t n, AtVec2 q)
{
  bool in = false;
  for (size_t i = 0, j = n - 1; i < n; j = i++)
    if ((p[i].y > q.y) != (p[j].y > q.y) && q.x < (p[j].x - p[i].x) * (q.y - p[i].y) / (p[j].y - p[i].y) + p[i].x)
      in = !in;
  return in;
}

static double
distance_to_outline (const AtPoint2 *p, size_t n, AtVec2 q)
{
  double best = INFINITY;
  for (size_t i = 0; i < n; i++)
    {
      AtPoint2 a = p[i], b = p[(i + 1) % n];
      double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
      double t = l2 > 0 ? fmax (0, fmin (1, ((q.x - a.x) * dx + (q.y - a.y) * dy) / l2)) : 0;
      best = fmin (best, hypot (a.x + t * dx - q.x, a.y + t * dy - q.y));
    }
  return best;
}

/* A 20 x 30 rectangle: 1 cm allowance, a 3 cm hem at the bottom. */
static void
test_rectangle_offset (void)
{
  AtPattern *p = g_new0 (AtPattern, 1);
  at_pattern_init (p, "test", "M");
  AtPanel *pn = at_pattern_add_panel (p, "front", "Front", "cotton-twill");
  at_panel_add_line (pn, "hem", (AtVec2) { 0, 0 });
  at_panel_add_line (pn, "side_r", (AtVec2) { 20, 0 });
  at_panel_add_line (pn, "top", (AtVec2) { 20, 30 });
  at_panel_add_line (pn, "side_l", (AtVec2) { 0, 30 });
  pn->allowance = 1.0;
  pn->segments[0].allowance = 3.0;
  AtPoint2 *c;
  size_t n;
  AtError err = { 0 };
  g_assert_cmpint (at_cutting_outline (pn, false, 2.0, &c, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 4);
  double min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
  for (size_t i = 0; i < n; i++)
    min_x = fmin (min_x, c[i].x), max_x = fmax (max_x, c[i].x), min_y = fmin (min_y, c[i].y),
    max_y = fmax (max_y, c[i].y);
  g_assert_cmpfloat_with_epsilon (min_x, -1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (max_x, 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (min_y, -3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (max_y, 31.0, 1e-9);
  free (c);
  g_free (p);
}

/* A dart in the top edge is bridged: the cutting line runs straight across
 * its mouth, one allowance above the edge, never down into the V. */
static void
test_dart_bridged (void)
{
  AtPattern *p = g_new0 (AtPattern, 1);
  at_pattern_init (p, "test", "M");
  AtPanel *pn = at_pattern_add_panel (p, "back", "Back", "cotton-twill");
  at_panel_add_line (pn, "hem", (AtVec2) { 0, 0 });
  at_panel_add_line (pn, "side_r", (AtVec2) { 30, 0 });
  at_panel_add_line (pn, "waist_r", (AtVec2) { 30, 40 });
  at_panel_add_line (pn, "dart_a", (AtVec2) { 16, 40 });
  at_panel_add_line (pn, "dart_b", (AtVec2) { 15, 28 });
  at_panel_add_line (pn, "waist_l", (AtVec2) { 14, 40 });
  at_panel_add_line (pn, "side_l", (AtVec2) { 0, 40 });
  g_assert_true (at_panel_add_dart (pn, "dart_a", "dart_b"));
  pn->allowance = 1.0;
  AtPoint2 *c;
  size_t n;
  AtError err = { 0 };
  g_assert_cmpint (at_cutting_outline (pn, false, 2.0, &c, &n, &err), ==, AT_OK);
  for (size_t i = 0; i < n; i++)
    g_assert_true (c[i].y < 0 || c[i].y > 40.5 || c[i].x < 0 || c[i].x > 30);
  g_assert_true (inside (c, n, (AtVec2) { 15, 40.5 }));
  free (c);
  g_free (p);
}

/* Every panel of the T-shirt: the stitch line lies inside the cutting line,
 * at its segment's allowance from it (less only a chord's sagitta). */
static void
test_tshirt_offset (void)
{
  AtGarmentDef g;
  AtPattern *p = at_test_draft_size ("tshirt", "M", &g);
  AtError err = { 0 };
  for (int k = 0; k < p->panel_count; k++)
    {
      const AtPanel *pn = &p->panels[k];
      AtPoint2 *c;
      size_t n;
      g_assert_cmpint (at_cutting_outline (pn, false, 1.0, &c, &n, &err), ==, AT_OK);
      for (int s = 0; s < pn->segment_count; s++)
        {
          double a = at_segment_allowance (pn, s);
          for (int t = 1; t < 10; t++)
            {
              AtVec2 q = at_segment_point (pn, s, t / 10.0);
              g_assert_true (inside (c, n, q));
              double d = distance_to_outline (c, n, q);
              if (d < a - 0.1 || d > a + 0.1)
                g_error ("%s segment %s: stitch point %.2f cm from the cutting line, allowance %.2f", pn->name,
                         pn->segments[s].name, d, a);
            }
        }
      free (c);
    }
  g_free (p);
}

/* The nesting outline holds the cutting outline with fewer points. */
static void
test_simplify_outward (void)
{
  AtGarmentDef g;
  AtPattern *p = at_test_draft_size ("tshirt", "M", &g);
  AtError err = { 0 };
  AtPoint2 *c, *s;
  size_t nc, ns;
  g_assert_cmpint (at_cutting_outline (&p->panels[0], false, 1.0, &c, &nc, &err), ==, AT_OK);
  g_assert_cmpint (at_outline_simplify_outward (c, nc, 0.3, &s, &ns, &err), ==, AT_OK);
  g_assert_cmpuint (ns, <, nc / 2);
  for (size_t i = 0; i < nc; i++)
    {
      g_assert_true (inside (s, ns, (AtVec2) { c[i].x, c[i].y }));
      g_assert_cmpfloat (distance_to_outline (s, ns, (AtVec2) { c[i].x, c[i].y }), <, 0.9);
    }
  free (c);
  free (s);
  g_free (p);
}

static void
test_mirror (void)
{
  AtGarmentDef g;
  AtPattern *p = at_test_draft_size ("tshirt", "M", &g);
  AtError err = { 0 };
  AtPoint2 *a, *b;
  size_t na, nb;
  g_assert_cmpint (at_cutting_outline (&p->panels[0], false, 2.0, &a, &na, &err), ==, AT_OK);
  g_assert_cmpint (at_cutting_outline (&p->panels[0], true, 2.0, &b, &nb, &err), ==, AT_OK);
  g_assert_cmpuint (na, ==, nb);
  /* Same shape reflected: each reflected point of a is a point of b. */
  for (size_t i = 0; i < na; i++)
    {
      bool found = false;
      for (size_t j = 0; j < nb && !found; j++)
        found = fabs (-a[i].x - b[j].x) < 1e-9 && fabs (a[i].y - b[j].y) < 1e-9;
      g_assert_true (found);
    }
  free (a);
  free (b);
  g_free (p);

  /* The cut list cuts a mirrored twin from its source's reflection. */
  AtSizeQuantity sq = { "M", 1 };
  AtProductionOrder order = { .garment = &g, .sizes = &sq, .n_sizes = 1 };
  AtCutList cl;
  g_assert_cmpint (at_cut_list_build (&order, &cl, &err), ==, AT_OK);
  int mirrored = 0;
  for (size_t i = 0; i < cl.n_pieces; i++)
    if (cl.pieces[i].mirrored)
      {
        mirrored++;
        bool twin = false;
        for (size_t j = 0; j < cl.n_pieces; j++)
          twin |= !cl.pieces[j].mirrored && fabs (cl.pieces[j].area - cl.pieces[i].area) < 1e-6;
        g_assert_true (twin);
      }
  g_assert_cmpint (mirrored, >, 0);
  at_cut_list_free (&cl);
}

static void
test_rotations (void)
{
  g_assert_true (at_fabric_is_knit ("cotton-jersey"));
  g_assert_true (at_fabric_is_knit ("fleece"));
  g_assert_true (at_fabric_is_knit ("knit-rib"));
  g_assert_false (at_fabric_is_knit ("cotton-poplin"));
  g_assert_false (at_fabric_is_knit ("wool-suiting"));
  const struct { const char *id; size_t n; } cases[] = { { "tshirt", 4 }, { "shirt", 2 }, { "trousers", 2 } };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      AtGarmentDef g;
      at_test_load_garment (cases[c].id, &g);
      AtSizeQuantity sq;
      g_strlcpy (sq.size, g.base_size, sizeof sq.size);
      sq.quantity = 1;
      AtProductionOrder order = { .garment = &g, .sizes = &sq, .n_sizes = 1 };
      AtCutList cl;
      AtError err = { 0 };
      g_assert_cmpint (at_cut_list_build (&order, &cl, &err), ==, AT_OK);
      for (size_t i = 0; i < cl.n_pieces; i++)
        {
          g_assert_cmpuint (cl.pieces[i].n_rotations, ==, cases[c].n);
          g_assert_cmpfloat (cl.pieces[i].rotations[0], ==, 0);
          g_assert_cmpfloat (cl.pieces[i].rotations[1], ==, 180);
        }
      at_cut_list_free (&cl);
    }
}

/* The grain runs along x: a trouser leg is much longer along the strip. */
static void
test_grain_along_strip (void)
{
  AtGarmentDef g;
  at_test_load_garment ("trousers", &g);
  AtSizeQuantity sq;
  g_strlcpy (sq.size, g.base_size, sizeof sq.size);
  sq.quantity = 1;
  AtProductionOrder order = { .garment = &g, .sizes = &sq, .n_sizes = 1 };
  AtCutList cl;
  AtError err = { 0 };
  g_assert_cmpint (at_cut_list_build (&order, &cl, &err), ==, AT_OK);
  const AtCutPiece *pc = &cl.pieces[0];
  double wx = 0, wy = 0;
  for (size_t i = 0; i < pc->n_points; i++)
    wx = fmax (wx, pc->outline[i].x), wy = fmax (wy, pc->outline[i].y);
  g_assert_cmpfloat (wx, >, 1.5 * wy);
  at_cut_list_free (&cl);
}

static void
make_marker (const char *garment, const char *sizes, double width, AtProductionMarker *pm)
{
  AtGarmentDef g;
  at_test_load_garment (garment, &g);
  AtSizeQuantity sq[AT_PRODUCTION_MAX_SIZES];
  size_t n;
  AtError err = { 0 };
  g_assert_cmpint (at_size_order_parse (sizes, &g, sq, G_N_ELEMENTS (sq), &n, &err), ==, AT_OK);
  AtProductionOrder order = { .garment = &g, .sizes = sq, .n_sizes = n };
  AtProductionDef def = at_production_def_default ();
  def.fabric_width = width;
  def.seconds = 0;
  def.max_iterations = 16;
  def.price_per_metre = 12.5;
  def.gap = 0.2;
  AtStatus st = at_production_marker_make (&order, &def, pm, &err);
  if (st != AT_OK)
    g_error ("%s", err.message);
}

static void
test_small_order_nests (void)
{
  AtProductionMarker pm;
  make_marker ("tshirt", "S=1,M=1", 150, &pm);
  AtError err = { 0 };
  g_assert_cmpint (at_marker_check (&pm.marker, &err), ==, AT_OK);
  int expected = 0;
  for (size_t i = 0; i < pm.cuts.n_pieces; i++)
    expected += pm.cuts.pieces[i].quantity;
  g_assert_cmpuint (pm.marker.n_placements, ==, (size_t) expected);
  g_assert_cmpint (pm.cuts.garments, ==, 2);
  g_assert_cmpfloat (pm.marker.utilisation, >, 0.3);
  g_assert_cmpfloat (pm.marker.utilisation, <=, 1.0);
  /* Cost: length in metres times price, over the garments. */
  g_assert_cmpfloat_with_epsilon (pm.fabric_cost, pm.marker.length / 100.0 * 12.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (pm.cost_per_garment, pm.fabric_cost / 2, 1e-9);
  char label[128];
  at_production_placement_label (&pm, 0, label, sizeof label);
  g_assert_true (g_str_has_prefix (label, "tshirt / S / ") || g_str_has_prefix (label, "tshirt / M / "));
  for (size_t i = 0; i < pm.marker.n_placements; i++)
    g_assert_true (inside (pm.marker.placements[i].polygon, pm.marker.placements[i].n_points,
                           (AtVec2) { at_production_label_point (&pm.marker.placements[i]).x,
                                      at_production_label_point (&pm.marker.placements[i]).y }));
  at_production_marker_free (&pm);
}

static void
test_files (void)
{
  AtProductionMarker pm;
  make_marker ("skirt", "38=1", 150, &pm);
  g_autofree char *dir = g_dir_make_tmp ("production-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "m.svg", NULL);
  g_autofree char *js = g_build_filename (dir, "m.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "m.txt", NULL);
  AtError err = { 0 };
  g_assert_cmpint (at_production_marker_write (&pm, svg, &err), ==, AT_OK);
  g_assert_cmpint (at_production_marker_write (&pm, js, &err), ==, AT_OK);
  g_assert_cmpint (at_production_marker_write (&pm, bad, &err), ==, AT_ERR_UNSUPPORTED);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<title>skirt marker"));
  g_assert_nonnull (strstr (text, "% used"));
  g_assert_nonnull (strstr (text, "skirt / 38 / "));
  json_error_t je;
  json_t *root = json_load_file (js, 0, &je);
  g_assert_nonnull (root);
  g_assert_cmpstr (json_string_value (json_object_get (root, "format")), ==, "atelier-cutting");
  g_assert_cmpfloat_with_epsilon (json_real_value (json_object_get (root, "length")), pm.marker.length, 1e-6);
  json_t *pieces = json_object_get (root, "pieces");
  g_assert_cmpuint (json_array_size (pieces), ==, pm.marker.n_placements);
  g_assert_cmpstr (json_string_value (json_object_get (json_array_get (pieces, 0), "size")), ==, "38");
  json_decref (root);
  g_remove (svg);
  g_remove (js);
  g_rmdir (dir);
  at_production_marker_free (&pm);
}

static void
test_bad_input (void)
{
  AtGarmentDef g;
  at_test_load_garment ("tshirt", &g);
  AtSizeQuantity sq[AT_PRODUCTION_MAX_SIZES];
  size_t n;
  AtError err = { 0 };
  g_assert_cmpint (at_size_order_parse ("M=2,XXXL9=1", &g, sq, 12, &n, &err), ==, AT_ERR_NOT_FOUND);
  g_assert_nonnull (strstr (err.message, "XXXL9"));
  g_assert_cmpint (at_size_order_parse ("M=2,M=1", &g, sq, 12, &n, &err), ==, AT_ERR_INVALID);
  g_assert_cmpint (at_size_order_parse ("M=-1", &g, sq, 12, &n, &err), ==, AT_ERR_RANGE);
  g_assert_cmpint (at_size_order_parse ("M", &g, sq, 12, &n, &err), ==, AT_ERR_PARSE);
  g_assert_cmpint (at_size_order_parse ("", &g, sq, 12, &n, &err), ==, AT_ERR_PARSE);

  AtProductionMarker pm;
  AtProductionDef def = at_production_def_default ();
  def.seconds = 0;
  def.max_iterations = 10;
  AtProductionOrder none = { 0 };
  g_assert_cmpint (at_production_marker_make (&none, &def, &pm, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "no garment"));

  g_assert_cmpint (at_size_order_parse ("S=0,M=0", &g, sq, 12, &n, &err), ==, AT_OK);
  AtProductionOrder zero = { .garment = &g, .sizes = sq, .n_sizes = n };
  g_assert_cmpint (at_production_marker_make (&zero, &def, &pm, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "zero"));

  g_assert_cmpint (at_size_order_parse ("L=1", &g, sq, 12, &n, &err), ==, AT_OK);
  AtProductionOrder one = { .garment = &g, .sizes = sq, .n_sizes = n };
  def.fabric_width = 20;
  g_assert_cmpint (at_production_marker_make (&one, &def, &pm, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "wider than the 20.0 cm fabric"));
  g_assert_nonnull (strstr (err.message, "size L"));
  def.fabric_width = -3;
  g_assert_cmpint (at_production_marker_make (&one, &def, &pm, &err), ==, AT_ERR_RANGE);
}

static void
test_size_mix_round (void)
{
  int out[6];
  AtError err = { 0 };
  const int c1[] = { 1, 2, 3 };
  g_assert_cmpint (at_size_mix_round (c1, 3, 10, out, &err), ==, AT_OK);
  /* Shares 1.67, 3.33, 5: floors 1, 3, 5 and the last garment to S. */
  g_assert_cmpint (out[0], ==, 2);
  g_assert_cmpint (out[1], ==, 3);
  g_assert_cmpint (out[2], ==, 5);
  GRand *r = g_rand_new_with_seed (7);
  for (int trial = 0; trial < 200; trial++)
    {
      int c[6], total = g_rand_int_range (r, 0, 500), sum = 0;
      for (int i = 0; i < 6; i++)
        sum += c[i] = g_rand_int_range (r, 0, 30);
      if (sum == 0)
        c[0] = sum = 1;
      g_assert_cmpint (at_size_mix_round (c, 6, total, out, &err), ==, AT_OK);
      int got = 0;
      for (int i = 0; i < 6; i++)
        {
          got += out[i];
          /* Never further than one garment from the exact share. */
          g_assert_cmpfloat (fabs (out[i] - (double) total * c[i] / sum), <, 1.0);
        }
      g_assert_cmpint (got, ==, total);
    }
  g_rand_free (r);
  const int zero[] = { 0, 0 };
  g_assert_cmpint (at_size_mix_round (zero, 2, 5, out, &err), ==, AT_ERR_INVALID);
  g_assert_cmpint (at_size_mix_round (c1, 3, -1, out, &err), ==, AT_ERR_RANGE);
}

static void
test_size_mix_store (void)
{
  AtGarmentDef g;
  at_test_load_garment ("tshirt", &g);
  g_autofree char *dir = g_dir_make_tmp ("production-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  AtStoreDef sd = at_store_def_default ();
  AtStore *store;
  AtError err = { 0 };
  g_assert_cmpint (at_store_open (path, &sd, &store, &err), ==, AT_OK);
  /* Ann: M then L (latest counts); Bob: M; Cy: S and a skirt. */
  const char *names[] = { "Ann", "Bob", "Cy" };
  const char *fits[][3] = { { "tshirt", "M", "tshirt" }, { "tshirt", "M", NULL }, { "tshirt", "S", "skirt" } };
  const char *second[] = { "L", NULL, "M" };
  for (int c = 0; c < 3; c++)
    {
      AtCustomer cu;
      g_assert_cmpint (at_store_customer_create (store, names[c], true, false, &cu, &err), ==, AT_OK);
      g_assert_cmpint (at_store_fitting_add (store, cu.id, fits[c][0], fits[c][1], NULL, NULL, &err), ==, AT_OK);
      if (fits[c][2])
        g_assert_cmpint (at_store_fitting_add (store, cu.id, fits[c][2], second[c], NULL, NULL, &err), ==, AT_OK);
    }
  int counts[AT_GARMENT_MAX_SIZES], voters;
  g_assert_cmpint (at_size_mix_from_store (store, &g, counts, &voters, &err), ==, AT_OK);
  g_assert_cmpint (voters, ==, 3);
  g_assert_cmpint (counts[at_garment_size_index (&g, "S")], ==, 1);
  g_assert_cmpint (counts[at_garment_size_index (&g, "M")], ==, 1);
  g_assert_cmpint (counts[at_garment_size_index (&g, "L")], ==, 1);
  at_store_close (store);

  const char *listed[] = { "M", "M", "L", "nonsense" };
  int unknown;
  at_size_mix_tally (&g, listed, 4, counts, &unknown);
  g_assert_cmpint (counts[at_garment_size_index (&g, "M")], ==, 2);
  g_assert_cmpint (unknown, ==, 1);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_remove (wal);
  g_remove (shm);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/production/offset/rectangle", test_rectangle_offset);
  g_test_add_func ("/production/offset/tshirt", test_tshirt_offset);
  g_test_add_func ("/production/offset/dart", test_dart_bridged);
  g_test_add_func ("/production/offset/simplify-outward", test_simplify_outward);
  g_test_add_func ("/production/mirror", test_mirror);
  g_test_add_func ("/production/rotations", test_rotations);
  g_test_add_func ("/production/grain", test_grain_along_strip);
  g_test_add_func ("/production/marker/small-order", test_small_order_nests);
  g_test_add_func ("/production/marker/files", test_files);
  g_test_add_func ("/production/bad-input", test_bad_input);
  g_test_add_func ("/production/size-mix/round", test_size_mix_round);
  g_test_add_func ("/production/size-mix/store", test_size_mix_store);
  return g_test_run ();
}

/* The editor's pattern edits: a dart inserted into a seamed edge closes on
 * itself and splits the seam in proportion; a mirrored twin follows its
 * source; an edit that cannot be made leaves the pattern untouched. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "pattern/at_garment_library.h"
#include "pattern/at_pattern_edit.h"

static AtPattern *
drafted (const char *garment, const char *size)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load (garment, &def, &err), ==, AT_OK);
  AtPattern *pattern = g_new0 (AtPattern, 1);
  g_assert_cmpint (at_garment_draft_size (&def, size, pattern, &err), ==, AT_OK);
  return pattern;
}

static int
seam_with (const AtPattern *p, int panel, int segment)
{
  for (int k = 0; k < p->seam_count; k++)
    for (int side = 0; side < 2; side++)
      {
        const AtSeamSide *s = side ? &p->seams[k].b : &p->seams[k].a;
        if (s->panel == panel && s->first == segment && s->count == 1)
          return k;
      }
  return -1;
}

static void
test_dart_in_seamed_edge (void)
{
  AtPattern *p = drafted ("skirt", "38");
  int front = at_pattern_find_panel (p, "front");
  int edge = at_panel_find_segment (&p->panels[front], "waist_side_l");
  int seam = seam_with (p, front, edge);
  g_assert_cmpint (seam, >=, 0);
  const AtSeamSide *band = p->seams[seam].a.panel == front ? &p->seams[seam].b : &p->seams[seam].a;
  double band_len = at_seam_side_length (p, band);
  double edge_len = at_segment_length (&p->panels[front], edge);
  int seams = p->seam_count, darts = p->panels[front].dart_count, segments = p->panels[front].segment_count;
  AtError err = { 0 };
  const double width = 1.5, depth = 6.0;
  g_assert_cmpint (at_pattern_insert_dart (p, front, edge, 0.4 * edge_len, width, depth, &err), ==, AT_OK);

  const AtPanel *f = &p->panels[front];
  g_assert_cmpint (f->segment_count, ==, segments + 3);
  g_assert_cmpint (f->dart_count, ==, darts + 1);
  /* The waist seam became two, and one more seam closes the dart. */
  g_assert_cmpint (p->seam_count, ==, seams + 2);
  const AtDart *dart = &f->darts[f->dart_count - 1];
  g_assert_cmpint (dart->leg_b, ==, dart->leg_a + 1);
  double leg_a = at_segment_length (f, dart->leg_a), leg_b = at_segment_length (f, dart->leg_b);
  g_assert_cmpfloat (fabs (leg_a - leg_b), <, 1e-6);
  g_assert_cmpfloat (fabs (sqrt (leg_a * leg_a - 0.25 * width * width) - depth), <, 0.05);
  g_assert_false (at_panel_self_intersects (f));

  /* Neither waist seam sews a leg; together they cover the edge less the
   * dart's opening and the whole band, split in the same proportion. */
  double x_total = 0, y_total = 0, x_first = -1, y_first = -1;
  for (int k = 0; k < p->seam_count; k++)
    {
      const AtSeam *s = &p->seams[k];
      const AtSeamSide *x = s->a.panel == front ? &s->a : s->b.panel == front ? &s->b : NULL;
      const AtSeamSide *y = x == &s->a ? &s->b : &s->a;
      if (!x || y->panel != band->panel || !(x->count >= 1))
        continue;
      gboolean touches = FALSE;
      for (int c = 0; c < x->count; c++)
        {
          int seg = (x->first + c) % f->segment_count;
          g_assert_cmpint (seg, !=, dart->leg_a);
          g_assert_cmpint (seg, !=, dart->leg_b);
          touches |= seg == edge || seg == dart->leg_b + 1;
        }
      if (!touches)
        continue;
      double xl = at_seam_side_length (p, x), yl = at_seam_side_length (p, y);
      if (x->first == edge)
        x_first = xl, y_first = yl;
      x_total += xl, y_total += yl;
    }
  g_assert_cmpfloat (fabs (x_total - (edge_len - width)), <, 0.05);
  g_assert_cmpfloat (fabs (y_total - band_len), <, 1e-6);
  g_assert_cmpfloat (fabs (x_first / x_total - y_first / y_total), <, 0.01);
  g_free (p);
}

static void
test_twin_follows (void)
{
  AtPattern *p = drafted ("tshirt", "M");
  int sleeve = at_pattern_find_panel (p, "sleeve_l"), twin = at_pattern_find_panel (p, "sleeve_r");
  g_assert_cmpint (p->panels[twin].mirror_of, ==, sleeve);
  int hem = at_panel_find_segment (&p->panels[sleeve], "hem");
  double hem_len = at_segment_length (&p->panels[sleeve], hem);
  AtError err = { 0 };
  g_assert_cmpint (at_pattern_insert_dart (p, sleeve, hem, 0.5 * hem_len, 2.0, 5.0, &err), ==, AT_OK);
  const AtPanel *s = &p->panels[sleeve], *t = &p->panels[twin];
  g_assert_cmpint (t->segment_count, ==, s->segment_count);
  g_assert_cmpint (t->dart_count, ==, s->dart_count);
  AtVec2 apex = s->segments[s->darts[s->dart_count - 1].leg_b].p0;
  AtVec2 twin_apex = t->segments[t->darts[t->dart_count - 1].leg_b].p0;
  /* The sleeves are drafted as copies and cut reflected. */
  g_assert_cmpfloat (fabs (twin_apex.x - apex.x), <, 1e-9);
  g_assert_cmpfloat (fabs (twin_apex.y - apex.y), <, 1e-9);

  /* A point dragged on the source moves on the twin after a sync. */
  p->panels[sleeve].segments[2].p0.x += 1.5;
  at_pattern_sync_mirrors (p);
  AtVec2 moved = s->segments[2].p0, follows = t->segments[2].p0;
  g_assert_cmpfloat (fabs (follows.x - moved.x), <, 1e-9);
  g_assert_cmpfloat (fabs (follows.y - moved.y), <, 1e-9);
  /* A twin made by reflection follows reflected, walked backwards. */
  int front = at_pattern_find_panel (p, "front");
  AtPanel *flipped = at_pattern_add_mirror (p, front, "front_twin", "Front twin");
  g_assert_nonnull (flipped);
  p->panels[front].segments[1].p0.x += 1.0;
  at_pattern_sync_mirrors (p);
  int n = p->panels[front].segment_count;
  AtVec2 source_point = p->panels[front].segments[1].p0, twin_point = at_segment_end (flipped, n - 1 - 1);
  g_assert_cmpfloat (fabs (twin_point.x + source_point.x), <, 1e-9);
  g_assert_cmpfloat (fabs (twin_point.y - source_point.y), <, 1e-9);
  g_assert_cmpint (at_pattern_insert_dart (p, twin, hem, 1.0, 0.5, 1.0, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "sleeve_l"));
  g_free (p);
}

static void
test_refused_unchanged (void)
{
  AtPattern *p = drafted ("tshirt", "M");
  AtPattern *before = g_memdup2 (p, sizeof *p);
  int front = at_pattern_find_panel (p, "front");
  int hem = at_panel_find_segment (&p->panels[front], "hem");
  double len = at_segment_length (&p->panels[front], hem);
  AtError err = { 0 };
  g_assert_cmpint (at_pattern_insert_dart (p, front, hem, 0.5 * len, len, 5, &err), ==, AT_ERR_RANGE);
  g_assert_nonnull (strstr (err.message, "hem"));
  g_assert_cmpint (at_pattern_insert_dart (p, front, hem, 0.5 * len, 2, 500, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "crosses"));
  g_assert_cmpint (at_pattern_insert_dart (p, front, hem, NAN, 2, 5, &err), ==, AT_ERR_RANGE);
  g_assert_cmpint (at_pattern_insert_dart (p, front, 99, 1, 2, 5, &err), ==, AT_ERR_RANGE);
  g_assert_true (memcmp (p, before, sizeof *p) == 0);
  g_free (before);
  g_free (p);
}

static void
test_segment_length (void)
{
  AtPattern *p = drafted ("tshirt", "M");
  int sleeve = at_pattern_find_panel (p, "sleeve_l"), twin = at_pattern_find_panel (p, "sleeve_r");
  int cap = at_panel_find_segment (&p->panels[sleeve], "cap_r");
  double was = at_segment_length (&p->panels[sleeve], cap);
  AtError err = { 0 };
  g_assert_cmpint (at_pattern_set_segment_length (p, sleeve, cap, was + 1.5, &err), ==, AT_OK);
  g_assert_cmpfloat (fabs (at_segment_length (&p->panels[sleeve], cap) - (was + 1.5)), <, 1e-6);
  g_assert_cmpfloat (fabs (at_segment_length (&p->panels[twin], cap) - (was + 1.5)), <, 1e-6);

  AtPattern *before = g_memdup2 (p, sizeof *p);
  int front = at_pattern_find_panel (p, "front");
  int neck = at_panel_find_segment (&p->panels[front], "neck_r");
  g_assert_cmpint (at_pattern_set_segment_length (p, front, neck, 0.1, &err), ==, AT_ERR_RANGE);
  g_assert_nonnull (strstr (err.message, "neck_r"));
  g_assert_cmpint (at_pattern_set_segment_length (p, front, neck, 400, &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "cross"));
  g_assert_true (memcmp (p, before, sizeof *p) == 0);
  g_free (before);
  g_free (p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pattern-edit/dart-in-seamed-edge", test_dart_in_seamed_edge);
  g_test_add_func ("/pattern-edit/twin-follows", test_twin_follows);
  g_test_add_func ("/pattern-edit/refused-unchanged", test_refused_unchanged);
  g_test_add_func ("/pattern-edit/segment-length", test_segment_length);
  return g_test_run ();
}

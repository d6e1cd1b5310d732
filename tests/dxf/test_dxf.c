/* AAMA DXF: every library garment's pieces and a marker, read back by an
 * independent reader (ezdxf) when it is installed: the file audits clean,
 * each panel is a block with a closed cut line around its sew line at true
 * size (mm), named by its texts, and a marker's cut lines lie on the fabric. */
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "dxf/at_dxf.h"
#include "pattern/at_garment_library.h"

/* The reader's view of the file, or NULL when ezdxf is not installed. */
static json_t *
read_back (const char *path)
{
  const char *check = g_getenv ("ATELIER_DXF_CHECK");
  g_assert_nonnull (check);
  const char *argv[] = { "/usr/bin/python3", check, path, NULL };
  g_autofree char *out = NULL, *errs = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errs, &status, &error));
  if (g_spawn_check_wait_status (status, NULL) == FALSE && WIFEXITED (status) && WEXITSTATUS (status) == 77)
    return NULL;
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed on %s: %s", check, path, errs);
  json_error_t jerr;
  json_t *doc = json_loads (out, 0, &jerr);
  g_assert_nonnull (doc);
  g_assert_cmpint (json_integer_value (json_object_get (doc, "errors")), ==, 0);
  g_assert_cmpuint (json_array_size (json_object_get (doc, "fixes")), ==, 0);
  return doc;
}

/* The perimeter and area (shoelace) of a closed polyline's points. */
static void
measure (json_t *points, double *perimeter, double *area)
{
  double length = 0, twice_area = 0;
  size_t n = json_array_size (points);
  for (size_t i = 0; i < n; i++)
    {
      json_t *a = json_array_get (points, i), *b = json_array_get (points, (i + 1) % n);
      double ax = json_real_value (json_array_get (a, 0)), ay = json_real_value (json_array_get (a, 1));
      double bx = json_real_value (json_array_get (b, 0)), by = json_real_value (json_array_get (b, 1));
      length += hypot (bx - ax, by - ay);
      twice_area += ax * by - bx * ay;
    }
  *perimeter = length;
  *area = 0.5 * fabs (twice_area);
}

static json_t *
closed_on_layer (json_t *block, const char *layer)
{
  size_t i;
  json_t *p;
  json_array_foreach (json_object_get (block, "polylines"), i, p)
    if (g_str_equal (json_string_value (json_object_get (p, "layer")), layer) && json_is_true (json_object_get (p, "closed")))
      return json_object_get (p, "points");
  return NULL;
}

static gboolean
has_text (json_t *block, const char *wanted)
{
  size_t i;
  json_t *t;
  json_array_foreach (json_object_get (block, "texts"), i, t)
    if (g_str_equal (json_string_value (t), wanted))
      return TRUE;
  return FALSE;
}

static void
test_library_pieces (void)
{
  g_autofree char *dir = g_dir_make_tmp ("atelier-dxf-XXXXXX", NULL);
  for (const char *const *id = at_garment_library_ids (); *id; id++)
    {
      AtGarmentDef def;
      AtError err = { 0 };
      g_assert_cmpint (at_garment_load (*id, &def, &err), ==, AT_OK);
      g_autofree AtPattern *pattern = g_new0 (AtPattern, 1);
      g_assert_cmpint (at_garment_draft_size (&def, def.base_size, pattern, &err), ==, AT_OK);
      g_autofree char *name = g_strdup_printf ("%s.dxf", *id);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (at_dxf_write_pattern (pattern, path, &err) != AT_OK)
        g_error ("%s: %s", *id, err.message);
      json_t *doc = read_back (path);
      if (!doc)
        {
          g_test_skip ("ezdxf is not installed (Debian: python3-ezdxf): the files were written but not read back");
          g_unlink (path);
          continue;
        }
      json_t *blocks = json_object_get (doc, "blocks");
      g_assert_cmpuint (json_object_size (blocks), ==, (size_t) pattern->panel_count);
      g_assert_cmpuint (json_array_size (json_object_get (json_object_get (doc, "model"), "inserts")), ==,
                        (size_t) pattern->panel_count);
      for (int k = 0; k < pattern->panel_count; k++)
        {
          const AtPanel *pn = &pattern->panels[k];
          const AtPanel *src = pn->mirror_of >= 0 ? &pattern->panels[pn->mirror_of] : pn;
          json_t *block = json_object_get (blocks, pn->name);
          g_assert_nonnull (block);
          g_autofree char *piece = g_strdup_printf ("Piece Name: %s", pn->name);
          g_autofree char *size = g_strdup_printf ("Size: %s", pattern->size);
          g_assert_true (has_text (block, piece) && has_text (block, size));
          json_t *cut = closed_on_layer (block, "1"), *sew = closed_on_layer (block, "14");
          g_assert_nonnull (cut);
          g_assert_nonnull (sew);
          /* True size: the sew line is the outline in mm; the cut line lies
           * outside it by the seam allowance (it bridges dart wedges, so
           * compare areas, not lengths). */
          double sew_mm, sew_mm2, cut_mm, cut_mm2, outline_mm = 10 * at_panel_perimeter (src);
          measure (sew, &sew_mm, &sew_mm2);
          measure (cut, &cut_mm, &cut_mm2);
          g_assert_cmpfloat (fabs (sew_mm - outline_mm) / outline_mm, <, 0.01);
          g_assert_cmpfloat (fabs (sew_mm2 - 100 * fabs (at_panel_area (src))) / sew_mm2, <, 0.01);
          g_assert_cmpfloat (cut_mm2, >, sew_mm2);
          g_assert_cmpuint (json_array_size (json_object_get (block, "lines")), >=, 1); /* the grain line */
        }
      json_decref (doc);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_marker (void)
{
  AtGarmentDef def;
  AtError err = { 0 };
  g_assert_cmpint (at_garment_load ("tshirt", &def, &err), ==, AT_OK);
  AtSizeQuantity sizes[] = { { "S", 1 }, { "L", 1 } };
  AtProductionOrder order = { .garment = &def, .sizes = sizes, .n_sizes = 2 };
  AtProductionDef pdef = at_production_def_default ();
  pdef.fabric_width = 150;
  pdef.seconds = 0;
  pdef.max_iterations = 50;
  AtProductionMarker pm;
  g_assert_cmpint (at_production_marker_make (&order, &pdef, &pm, &err), ==, AT_OK);
  g_autofree char *dir = g_dir_make_tmp ("atelier-dxf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "marker.dxf", NULL);
  g_assert_cmpint (at_dxf_write_marker (&pm, path, &err), ==, AT_OK);
  json_t *doc = read_back (path);
  if (!doc)
    g_test_skip ("ezdxf is not installed (Debian: python3-ezdxf): the marker was written but not read back");
  else
    {
      json_t *polylines = json_object_get (json_object_get (doc, "model"), "polylines");
      g_assert_cmpuint (json_array_size (polylines), ==, pm.marker.n_placements + 1);
      double length_mm = 10 * pm.marker.length, width_mm = 10 * pm.marker.strip_width;
      size_t i, j;
      json_t *p, *pt;
      json_array_foreach (polylines, i, p)
        json_array_foreach (json_object_get (p, "points"), j, pt)
        {
          g_assert_cmpfloat (json_real_value (json_array_get (pt, 0)), >=, -0.01);
          g_assert_cmpfloat (json_real_value (json_array_get (pt, 0)), <=, length_mm + 0.01);
          g_assert_cmpfloat (json_real_value (json_array_get (pt, 1)), >=, -0.01);
          g_assert_cmpfloat (json_real_value (json_array_get (pt, 1)), <=, width_mm + 0.01);
        }
      json_decref (doc);
    }
  at_production_marker_free (&pm);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_refused (void)
{
  g_autofree AtPattern *empty = g_new0 (AtPattern, 1);
  AtError err = { 0 };
  g_assert_cmpint (at_dxf_write_pattern (empty, "/tmp/never-written.dxf", &err), ==, AT_ERR_INVALID);
  g_assert_false (g_file_test ("/tmp/never-written.dxf", G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dxf/library-pieces", test_library_pieces);
  g_test_add_func ("/dxf/marker", test_marker);
  g_test_add_func ("/dxf/refused", test_refused);
  return g_test_run ();
}

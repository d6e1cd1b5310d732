/* Mesh import and scene export: GLB/glTF/OBJ round trips that measure the
 * same, uvs and node names written, a scan-like file (other resolution,
 * noise, holes at hands and feet, millimetres, Z up) measured correctly,
 * and bad files rejected with a message naming them. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/at_io.h"
#include "io_test_util.h"

static void
assert_same_measurements (const AtMeasurements *a, const AtMeasurements *b, double tol_cm)
{
  for (int k = 0; k < AT_M_COUNT; k++)
    if (k != AT_M_AGE && k != AT_M_WEIGHT && fabs (a->value[k] - b->value[k]) > tol_cm)
      g_error ("%s: %.2f vs %.2f cm", at_measure_info ((AtMeasureKey) k)->key, a->value[k], b->value[k]);
}

static void
round_trip (const char *ext)
{
  AtBody *body = io_test_body (NULL);
  char *dir = io_test_dir ("io-round-trip");
  char *name = g_strdup_printf ("body.%s", ext);
  char *path = g_build_filename (dir, name, NULL);
  AtError err = { 0 };
  AtSceneNode node = { "body", at_body_mesh (body), { 0.8f, 0.6f, 0.5f, 1 }, 0.6f };
  g_assert_cmpint (at_scene_export (path, &node, 1, &err), ==, AT_OK);
  AtMesh *back = NULL;
  g_assert_cmpint (at_mesh_import (path, NULL, &back, &err), ==, AT_OK);
  g_assert_cmpint (back->triangle_count, ==, at_body_mesh (body)->triangle_count);
  AtMeasurements built, again;
  g_assert_cmpint (at_body_measure_at (at_body_mesh (body), AT_SEX_FEMALE, at_body_landmarks (body), &built, &err), ==, AT_OK);
  g_assert_cmpint (at_body_measure_at (back, AT_SEX_FEMALE, at_body_landmarks (body), &again, &err), ==, AT_OK);
  assert_same_measurements (&built, &again, 0.05);
  g_assert_cmpint (at_body_measure_mesh (back, AT_SEX_FEMALE, &again, NULL, &err), ==, AT_OK);
  assert_same_measurements (&built, &again, 0.6);
  at_mesh_free (back);
  at_body_free (body);
  g_free (path);
  g_free (name);
  g_free (dir);
}

static void
test_round_trip_glb (void)
{
  round_trip ("glb");
}

static void
test_round_trip_gltf (void)
{
  round_trip ("gltf");
}

static void
test_round_trip_obj (void)
{
  round_trip ("obj");
}

static char *
read_text (const char *path)
{
  char *data = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  /* GLB is binary: make its JSON chunk searchable as text. */
  for (gsize i = 0; i < len; i++)
    if (data[i] == 0)
      data[i] = ' ';
  return data;
}

/* Two named nodes, one with uvs, as a drape writes them. */
static void
test_nodes_and_uvs (void)
{
  AtBody *body = io_test_body (NULL);
  AtMesh *cloth = at_mesh_new (4, 2, AT_MESH_UVS);
  static const float pos[12] = { 0, 1, 0.2f, 0.5f, 1, 0.2f, 0.5f, 1.5f, 0.2f, 0, 1.5f, 0.2f };
  static const float uv[8] = { 0, 0, 0.5f, 0, 0.5f, 0.5f, 0, 0.5f };
  static const uint32_t idx[6] = { 0, 1, 2, 0, 2, 3 };
  memcpy (cloth->positions, pos, sizeof pos);
  memcpy (cloth->uvs, uv, sizeof uv);
  memcpy (cloth->indices, idx, sizeof idx);
  AtSceneNode nodes[2] = { { "body", at_body_mesh (body), { 0.8f, 0.6f, 0.5f, 1 }, 0.6f },
                           { "garment", cloth, { 0.2f, 0.3f, 0.8f, 1 }, 0.9f } };
  char *dir = io_test_dir ("io-nodes");
  char *glb = g_build_filename (dir, "drape.glb", NULL), *obj = g_build_filename (dir, "drape.obj", NULL);
  AtError err = { 0 };
  g_assert_cmpint (at_scene_export (glb, nodes, 2, &err), ==, AT_OK);
  g_assert_cmpint (at_scene_export (obj, nodes, 2, &err), ==, AT_OK);
  char *text = read_text (glb);
  g_assert_nonnull (strstr (text, "\"TEXCOORD_0\""));
  g_assert_nonnull (strstr (text, "\"body\""));
  g_assert_nonnull (strstr (text, "\"garment\""));
  g_free (text);
  text = read_text (obj);
  g_assert_nonnull (strstr (text, "\nvt "));
  g_assert_nonnull (strstr (text, "garment"));
  g_free (text);
  /* Unknown format and unwritable place: an error and no file left. */
  char *bad = g_build_filename (dir, "drape.xyz", NULL);
  g_assert_cmpint (at_scene_export (bad, nodes, 2, &err), ==, AT_ERR_UNSUPPORTED);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  char *nowhere = g_build_filename (dir, "no", "such", "drape.glb", NULL);
  g_assert_cmpint (at_scene_export (nowhere, nodes, 2, &err), !=, AT_OK);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  g_free (nowhere);
  g_free (bad);
  g_free (glb);
  g_free (obj);
  g_free (dir);
  at_mesh_free (cloth);
  at_body_free (body);
}

/* Deterministic noise in [-1, 1]. */
static float
noise (uint32_t i)
{
  i = (i ^ 61u) ^ (i >> 16);
  i *= 9u;
  i ^= i >> 4;
  i *= 0x27d4eb2du;
  i ^= i >> 15;
  return (float) (i & 0xffff) / 32767.5f - 1.f;
}

static void
put_f32 (FILE *f, float x)
{
  fwrite (&x, 4, 1, f);
}

/* A scan: coarser tessellation, +-0.5 mm noise along the normal, open at
 * the fingertips and soles, millimetres, Z up and facing -Y, binary STL. */
static void
test_scan_like (void)
{
  AtBodyDef def = at_body_def_default ();
  def.torso_ring = 64, def.arm_ring = 24, def.row_spacing = 0.012f;
  AtBody *body = io_test_body (&def);
  const AtMesh *m = at_body_mesh (body);
  float mn[3], mx[3];
  at_mesh_bounds (m, mn, mx);
  float *p = g_new (float, 3 * m->vertex_count);
  for (int v = 0; v < m->vertex_count; v++)
    for (int k = 0; k < 3; k++)
      p[3 * v + k] = m->positions[3 * v + k] + 0.0005f * noise ((uint32_t) v) * m->normals[3 * v + k];
  char *dir = io_test_dir ("io-scan");
  char *path = g_build_filename (dir, "scan.stl", NULL);
  FILE *f = fopen (path, "wb");
  g_assert_nonnull (f);
  char header[80] = "atelier test scan";
  fwrite (header, 1, 80, f);
  uint32_t count = 0;
  fwrite (&count, 4, 1, f);
  for (int t = 0; t < m->triangle_count; t++)
    {
      const uint32_t *tri = m->indices + 3 * t;
      bool hole = true, hand = true;
      for (int k = 0; k < 3; k++)
        {
          hole = hole && m->positions[3 * tri[k] + 1] < 0.001f; /* the sole caps */
          hand = hand && fabsf (m->positions[3 * tri[k]]) > mx[0] - 0.015f;
        }
      if (hole || hand)
        continue;
      for (int k = 0; k < 3; k++)
        put_f32 (f, 0);
      for (int k = 0; k < 3; k++)
        {
          const float *q = p + 3 * tri[k];
          put_f32 (f, q[0] * 1000), put_f32 (f, -q[2] * 1000), put_f32 (f, q[1] * 1000);
        }
      uint16_t attr = 0;
      fwrite (&attr, 2, 1, f);
      count++;
    }
  fseek (f, 80, SEEK_SET);
  fwrite (&count, 4, 1, f);
  fclose (f);
  g_assert_cmpuint (count, <, (uint32_t) m->triangle_count);

  AtMesh *scan = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_mesh_import (path, NULL, &scan, &err), ==, AT_OK);
  float smn[3], smx[3];
  at_mesh_bounds (scan, smn, smx);
  g_assert_cmpfloat (fabsf (smx[1] - mx[1]), <, 0.002f);
  AtMeasurements asked, got;
  g_assert_cmpint (at_body_measure_mesh (m, AT_SEX_FEMALE, &asked, NULL, &err), ==, AT_OK);
  g_assert_cmpint (at_body_measure_mesh (scan, AT_SEX_FEMALE, &got, NULL, &err), ==, AT_OK);
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      const AtMeasureInfo *info = at_measure_info ((AtMeasureKey) k);
      double tol = info->kind == AT_KIND_GIRTH ? 0.8 : 0.6;
      if (k != AT_M_AGE && k != AT_M_WEIGHT && fabs (asked.value[k] - got.value[k]) > tol)
        g_error ("scan %s: %.2f cm, body %.2f cm", info->key, got.value[k], asked.value[k]);
    }
  /* The unit and axis may also be given. */
  AtImportOptions opt = { AT_UNIT_MM, AT_UP_Z, true };
  AtMesh *again = NULL;
  g_assert_cmpint (at_mesh_import (path, &opt, &again, &err), ==, AT_OK);
  at_mesh_bounds (again, smn, smx);
  g_assert_cmpfloat (fabsf (smx[1] - mx[1]), <, 0.002f);
  at_mesh_free (again);
  at_mesh_free (scan);
  at_body_free (body);
  g_free (p);
  g_free (path);
  g_free (dir);
}

static void
expect_import_error (const char *name, const char *content, gssize len, AtStatus code, const char *phrase)
{
  char *dir = io_test_dir ("io-bad");
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, content, len, NULL));
  AtMesh *mesh = (AtMesh *) 1;
  AtError err = { 0 };
  AtStatus st = at_mesh_import (path, NULL, &mesh, &err);
  if (st != code || !strstr (err.message, path) || !strstr (err.message, phrase))
    g_error ("%s: status %d, message '%s'", name, st, err.message);
  g_assert_null (mesh);
  g_free (path);
  g_free (dir);
}

static void
test_bad_files (void)
{
  expect_import_error ("empty.obj", "", 0, AT_ERR_PARSE, "empty");
  expect_import_error ("garbage.glb", "glTF\x02\x00\x00\x00garbage", 15, AT_ERR_PARSE, "not a readable");
  expect_import_error ("lines.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2\nl 2 3\n", -1, AT_ERR_INVALID, "no triangles");
  expect_import_error ("cube.obj",
                       "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 0 0 1\nv 1 0 1\nv 1 1 1\nv 0 1 1\n"
                       "f 1 3 2\nf 1 4 3\nf 5 6 7\nf 5 7 8\nf 1 2 6\nf 1 6 5\nf 2 3 7\nf 2 7 6\n"
                       "f 3 4 8\nf 3 8 7\nf 4 1 5\nf 4 5 8\n",
                       -1, AT_ERR_INVALID, "standing body");
  /* A sphere of 1.7 m: the right height, the wrong shape. */
  GString *sphere = g_string_new (NULL);
  const int rings = 12, seg = 16;
  for (int r = 0; r <= rings; r++)
    for (int s = 0; s < seg; s++)
      {
        double th = G_PI * r / rings, ph = 2 * G_PI * s / seg;
        g_string_append_printf (sphere, "v %f %f %f\n", 0.85 * sin (th) * cos (ph), 0.85 * cos (th), 0.85 * sin (th) * sin (ph));
      }
  for (int r = 0; r < rings; r++)
    for (int s = 0; s < seg; s++)
      {
        int a = r * seg + s + 1, b = r * seg + (s + 1) % seg + 1;
        g_string_append_printf (sphere, "f %d %d %d\nf %d %d %d\n", a, b, b + seg, a, b + seg, a + seg);
      }
  expect_import_error ("sphere.obj", sphere->str, -1, AT_ERR_INVALID, "standing body");
  g_string_free (sphere, TRUE);
  AtMesh *mesh;
  AtError err = { 0 };
  g_assert_cmpint (at_mesh_import ("/nonexistent/body.obj", NULL, &mesh, &err), ==, AT_ERR_IO);
  g_assert_nonnull (strstr (err.message, "/nonexistent/body.obj"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/io/round-trip-glb", test_round_trip_glb);
  g_test_add_func ("/io/round-trip-gltf", test_round_trip_gltf);
  g_test_add_func ("/io/round-trip-obj", test_round_trip_obj);
  g_test_add_func ("/io/nodes-and-uvs", test_nodes_and_uvs);
  g_test_add_func ("/io/scan-like", test_scan_like);
  g_test_add_func ("/io/bad-files", test_bad_files);
  return g_test_run ();
}

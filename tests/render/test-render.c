/* Camera math and offscreen rendering (EGL surfaceless, no display). */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "at_camera.h"
#include "at_gl.h"
#include "at_offscreen.h"
#include "at_primitives.h"
#include "at_renderer.h"

static void
test_camera (void)
{
  AtCamera cam;
  vec3 min = { -0.3f, 0.0f, -0.2f }, max = { 0.3f, 1.8f, 0.2f };
  at_camera_frame (&cam, min, max, AT_VIEW_FRONT);
  vec3 eye;
  at_camera_eye (&cam, eye);
  /* Front view looks at the body's front, which faces +Z. */
  g_assert_cmpfloat (eye[2], >, 1.0f);
  g_assert_cmpfloat (fabsf (eye[0]), <, 1e-4f);

  /* The whole figure projects inside the frame. */
  mat4 vp;
  at_camera_view_proj (&cam, 1.0f, vp);
  for (int corner = 0; corner < 8; corner++)
    {
      vec4 p = { corner & 1 ? max[0] : min[0], corner & 2 ? max[1] : min[1], corner & 4 ? max[2] : min[2], 1.0f };
      vec4 clip;
      glm_mat4_mulv (vp, p, clip);
      g_assert_cmpfloat (fabsf (clip[0] / clip[3]), <=, 1.0f);
      g_assert_cmpfloat (fabsf (clip[1] / clip[3]), <=, 1.0f);
    }

  at_camera_frame (&cam, min, max, AT_VIEW_BACK);
  at_camera_eye (&cam, eye);
  g_assert_cmpfloat (eye[2], <, -1.0f);

  /* Pitch is clamped short of the poles so "up" never flips. */
  at_camera_orbit (&cam, 0.0f, 10.0f);
  g_assert_cmpfloat (cam.pitch, <, 1.5f);
  float before = cam.distance;
  at_camera_zoom (&cam, 2.0f);
  g_assert_cmpfloat_with_epsilon (cam.distance, before / 2.0f, 1e-5f);
  at_camera_zoom (&cam, NAN);
  g_assert_cmpfloat_with_epsilon (cam.distance, before / 2.0f, 1e-5f);
  vec3 target;
  glm_vec3_copy (cam.target, target);
  at_camera_pan (&cam, 0.1f, 0.0f);
  g_assert_cmpfloat (glm_vec3_distance (target, cam.target), >, 0.0f);
}

static AtOffscreen *
offscreen_or_skip (void)
{
  g_autoptr (GError) error = NULL;
  AtOffscreen *off = at_offscreen_new (&error);
  if (!off)
    g_test_skip_printf ("no offscreen OpenGL here: %s", error->message);
  return off;
}

static void
test_offscreen_scene (void)
{
  AtOffscreen *off = offscreen_or_skip ();
  if (!off)
    return;
  g_autoptr (GError) error = NULL;
  AtRenderer *renderer = at_renderer_new (&error);
  g_assert_no_error (error);
  float centre[3] = { 0.0f, 0.6f, 0.0f };
  AtMesh *sphere = at_mesh_new_sphere (centre, 0.5f, 32, 64);
  AtMaterial material = at_material_default ();
  material.base_color[0] = 0.8f, material.base_color[1] = 0.1f, material.base_color[2] = 0.1f;
  at_renderer_set_mesh (renderer, 0, sphere, &material);
  AtCamera cam;
  float min[3], max[3];
  g_assert_true (at_renderer_scene_bounds (renderer, min, max));
  at_camera_frame (&cam, min, max, AT_VIEW_FRONT);
  cairo_surface_t *image = at_offscreen_draw (off, renderer, &cam, 320, 240, &error);
  g_assert_no_error (error);

  const guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  /* The centre of the frame is the red sphere, lit (neither black nor grey). */
  const guint32 centre_px = *(const guint32 *) (data + 120 * stride + 160 * 4);
  int r = (centre_px >> 16) & 0xff, g = (centre_px >> 8) & 0xff, b = centre_px & 0xff;
  g_assert_cmpint (r, >, 80);
  g_assert_cmpint (r, >, 2 * g);
  g_assert_cmpint (r, >, 2 * b);
  /* The corner is background, not the sphere; the image has shading, not flat fills. */
  const guint32 corner_px = *(const guint32 *) (data + 2 * stride + 2 * 4);
  g_assert_cmpint (((corner_px >> 16) & 0xff), <, 2 * ((corner_px >> 8) & 0xff) + 10);
  GHashTable *colours = g_hash_table_new (NULL, NULL);
  for (int y = 0; y < 240; y += 2)
    for (int x = 0; x < 320; x += 2)
      g_hash_table_add (colours, GUINT_TO_POINTER (*(const guint32 *) (data + y * stride + x * 4)));
  g_assert_cmpuint (g_hash_table_size (colours), >, 200);
  g_hash_table_unref (colours);

  g_autofree char *dir = g_dir_make_tmp ("atelier-render-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "scene.png", NULL);
  g_assert_true (at_render_write_png (image, png, &error));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_remove (png);
  g_rmdir (dir);

  cairo_surface_destroy (image);
  at_mesh_free (sphere);
  at_renderer_free (renderer);
  at_offscreen_free (off);
}

static void
test_shader_errors_are_reported (void)
{
  AtOffscreen *off = offscreen_or_skip ();
  if (!off)
    return;
  g_autoptr (GError) error = NULL;
  g_assert_cmpuint (at_gl_program_from_resources ("missing.vert", "mesh.frag", &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing.vert"));
  at_offscreen_free (off);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/camera", test_camera);
  g_test_add_func ("/render/offscreen-scene", test_offscreen_scene);
  g_test_add_func ("/render/shader-errors", test_shader_errors_are_reported);
  return g_test_run ();
}

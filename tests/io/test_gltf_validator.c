/* Exported GLB and glTF files pass the Khronos glTF validator (npm
 * gltf-validator, installed into tools/node_modules by
 * scripts/setup-deps.sh). Skipped (exit 77) without node or the module. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/at_io.h"
#include "io_test_util.h"

static void
validate (const char *path)
{
  char *argv[] = { "node", AT_GLTF_VALIDATE, (char *) path, NULL };
  char *out = NULL;
  int status = 0;
  GError *error = NULL;
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error));
  g_test_message ("%s", out);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("validator: %s", out);
  g_free (out);
}

static void
test_validator (void)
{
  AtBody *body = io_test_body (NULL);
  AtMesh *cloth = at_mesh_copy (at_body_mesh (body));
  cloth->uvs = g_malloc0 (sizeof (float) * 2 * (gsize) cloth->vertex_count + 1);
  for (int v = 0; v < cloth->vertex_count; v++)
    cloth->uvs[2 * v] = cloth->positions[3 * v], cloth->uvs[2 * v + 1] = cloth->positions[3 * v + 1];
  AtSceneNode nodes[2] = { { "body", at_body_mesh (body), { 0.8f, 0.6f, 0.5f, 1 }, 0.6f },
                           { "garment", cloth, { 0.2f, 0.3f, 0.8f, 1 }, 0.9f } };
  char *dir = io_test_dir ("io-validator");
  const char *names[] = { "body.glb", "drape.gltf" };
  for (int i = 0; i < 2; i++)
    {
      char *path = g_build_filename (dir, names[i], NULL);
      AtError err = { 0 };
      g_assert_cmpint (at_scene_export (path, nodes, i + 1, &err), ==, AT_OK);
      validate (path);
      g_free (path);
    }
  g_free (dir);
  g_free (cloth->uvs);
  cloth->uvs = NULL;
  at_mesh_free (cloth);
  at_body_free (body);
}

int
main (int argc, char **argv)
{
  char *node = g_find_program_in_path ("node");
  if (!node || !g_file_test (AT_GLTF_VALIDATOR_MODULE, G_FILE_TEST_IS_DIR))
    {
      printf ("1..0 # SKIP node or tools/node_modules/gltf-validator missing (scripts/setup-deps.sh installs it)\n");
      g_free (node);
      return 77;
    }
  g_free (node);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/io/gltf-validator", test_validator);
  return g_test_run ();
}

/* `atelier-cli body MEAS.json [--out body.glb|.gltf|.obj] [--json]`: builds
 * the parametric body (keys missing from the file are estimated by
 * statistical completion first) and, with --json, prints the measurements
 * taken back off the built mesh at the input heights (CONTRACT.md). Weight
 * and age are not shapes of the mesh: they are echoed from the input. */
#include "cli.h"
#include "anthro/at_completion.h"
#include "body/at_body.h"
#include "io/at_io.h"

#include <string.h>

static const char synopsis[] = "MEAS.json [--out body.glb|.obj] [--json]";

int
at_cli_body (int argc, char **argv)
{
  const char *cmd = "body";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Builds a body mesh (metres, Y up, A-pose) from a measurement file; missing keys\n"
                         "are estimated from those given.\n"
                         "  --out FILE  write the body (.glb, .gltf or .obj)\n"
                         "  --json      print the measurements taken back off the built mesh\n");
      return AT_EXIT_OK;
    }
  const char *path = NULL, *out_path = NULL;
  bool json = false;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = true;
      else if (strcmp (argv[i], "--out") == 0)
        {
          if (++i >= argc)
            return at_cli_usage_error (cmd, synopsis, "--out needs a file name");
          out_path = argv[i];
        }
      else if (argv[i][0] == '-' && argv[i][1])
        return at_cli_usage_error (cmd, synopsis, "unknown option '%s'", argv[i]);
      else if (path)
        return at_cli_usage_error (cmd, synopsis, "more than one measurement file");
      else
        path = argv[i];
    }
  if (!path)
    return at_cli_usage_error (cmd, synopsis, "no measurement file");

  AtError err = { 0 };
  AtMeasurements given, full, got;
  if (at_measurements_load (path, &given, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  if (at_completion_complete (&given, &full, &err) != AT_OK)
    {
      AtError named = err;
      at_error_set (&named, err.code, "%s: %s", path, err.message);
      return at_cli_fail (cmd, &named);
    }
  AtBody *body;
  AtBodyDef def = at_body_def_default ();
  if (at_body_build (&full, &def, &body, &err) != AT_OK)
    {
      AtError named = err;
      at_error_set (&named, err.code, "%s: %s", path, err.message);
      return at_cli_fail (cmd, &named);
    }
  const AtMesh *mesh = at_body_mesh (body);
  int rc = AT_EXIT_OK;
  if (out_path)
    {
      AtSceneNode node = { "body", mesh, { 0.80f, 0.62f, 0.52f, 1.f }, 0.6f };
      if (at_scene_export (out_path, &node, 1, &err) != AT_OK)
        rc = at_cli_fail (cmd, &err);
    }
  if (rc == AT_EXIT_OK && at_body_measure_at (mesh, full.sex, at_body_landmarks (body), &got, &err) != AT_OK)
    rc = at_cli_fail (cmd, &err);
  if (rc == AT_EXIT_OK)
    {
      got.value[AT_M_WEIGHT] = full.value[AT_M_WEIGHT];
      got.value[AT_M_AGE] = full.value[AT_M_AGE];
      if (json)
        at_cli_print_json (at_measurements_to_json (&got, true));
      else
        {
          printf ("body: %d vertices, %d triangles%s%s\n", mesh->vertex_count, mesh->triangle_count,
                  out_path ? ", written to " : "", out_path ? out_path : "");
          printf ("%-18s %8s %8s  %s\n", "key", "asked", "built", "");
          for (int k = 0; k < AT_M_COUNT; k++)
            printf ("%-18s %8.1f %8.1f  %s\n", at_measure_info ((AtMeasureKey) k)->key, full.value[k], got.value[k],
                    given.given[k] ? "given" : "estimated");
        }
    }
  at_body_free (body);
  return rc;
}

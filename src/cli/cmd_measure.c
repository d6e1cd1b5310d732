/* `atelier-cli measure MESH [--sex S] [--unit mm|cm|m] [--up y|z] [--json]`:
 * imports a body mesh (OBJ, PLY, STL, glTF/GLB, FBX; unit and up axis
 * guessed unless given), finds its landmarks and measures every CONTRACT
 * key. Age cannot be measured and is left out; weight is estimated from
 * the volume. Without --sex the sex is guessed from the hip-to-chest
 * ratio (hips larger than the chest: female), and reported as a guess. */
#include "cli.h"
#include "body/at_body.h"
#include "io/at_io.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char synopsis[] = "MESH [--sex female|male] [--unit mm|cm|m] [--up y|z] [--json]";

int
at_cli_measure (int argc, char **argv)
{
  const char *cmd = "measure";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Measures a body mesh standing in A-pose (a 3D scan or an exported body).\n"
                         "  --sex S    female or male (guessed from the shape if absent)\n"
                         "  --unit U   the file's unit, mm, cm or m (guessed from the height if absent)\n"
                         "  --up A     the file's up axis, y or z (guessed if absent)\n"
                         "  --json     one JSON object with every measured key (cm, weight kg)\n");
      return AT_EXIT_OK;
    }
  const char *path = NULL;
  bool json = false, sex_given = false;
  AtSex sex = AT_SEX_FEMALE;
  AtImportOptions opt = at_import_options_default ();
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "--json") == 0)
        json = true;
      else if (strcmp (a, "--sex") == 0 || strcmp (a, "--unit") == 0 || strcmp (a, "--up") == 0)
        {
          if (++i >= argc)
            return at_cli_usage_error (cmd, synopsis, "%s needs a value", a);
          bool ok = strcmp (a, "--sex") == 0    ? (sex_given = at_sex_from_name (argv[i], &sex))
                    : strcmp (a, "--unit") == 0 ? at_unit_from_name (argv[i], &opt.unit)
                                                : at_up_axis_from_name (argv[i], &opt.up);
          if (!ok)
            return at_cli_usage_error (cmd, synopsis, "bad value '%s' for %s", argv[i], a);
        }
      else if (a[0] == '-' && a[1])
        return at_cli_usage_error (cmd, synopsis, "unknown option '%s'", a);
      else if (path)
        return at_cli_usage_error (cmd, synopsis, "more than one mesh file");
      else
        path = a;
    }
  if (!path)
    return at_cli_usage_error (cmd, synopsis, "no mesh file");

  AtError err = { 0 };
  AtMesh *mesh;
  if (at_mesh_import (path, &opt, &mesh, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtMeasurements m;
  AtBodyLandmarks lm;
  AtStatus st = at_body_measure_mesh (mesh, sex, &m, &lm, &err);
  at_mesh_free (mesh);
  if (st != AT_OK)
    {
      AtError named = err;
      at_error_set (&named, err.code, "%s: %s", path, err.message);
      return at_cli_fail (cmd, &named);
    }
  if (!sex_given)
    m.sex = m.value[AT_M_HIP_GIRTH] > m.value[AT_M_CHEST_GIRTH] ? AT_SEX_FEMALE : AT_SEX_MALE;
  if (json)
    {
      char *text = at_measurements_to_json (&m, false);
      json_t *root = json_loads (text, 0, NULL);
      free (text);
      json_object_del (root, "age");
      json_object_set_new (root, "sex_guessed", json_boolean (!sex_given));
      at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10)));
      json_decref (root);
      return AT_EXIT_OK;
    }
  printf ("sex: %s%s\n", at_sex_name (m.sex), sex_given ? "" : " (guessed)");
  for (int k = 0; k < AT_M_COUNT; k++)
    if (k != AT_M_AGE)
      printf ("%-18s %8.1f %s\n", at_measure_info ((AtMeasureKey) k)->key, m.value[k],
              k == AT_M_WEIGHT ? "kg (estimated from the volume)" : "cm");
  return AT_EXIT_OK;
}

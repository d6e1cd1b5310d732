/* `atelier-cli bench drape-cusick`: the Cusick drape test on the solver
 * (engine: cloth/cusick.c). Prints the drape coefficient and node count per
 * fabric preset; stiffer fabrics must give higher coefficients. */
#include "cli.h"
#include "cloth/at_cloth.h"

#include <jansson.h>
#include <string.h>

static const char synopsis[] = "--fabric F|all [--render-obj F.obj] [--json]";

int
at_cli_bench_drape_cusick (int argc, char **argv)
{
  const char *name = "bench drape-cusick";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, name, synopsis,
                         "30 cm specimen clamped on an 18 cm disk, run to rest. Prints the drape\n"
                         "coefficient (shadow area method) and the number of nodes (folds).\n"
                         "--fabric all runs every preset in data/fabrics.\n");
      return AT_EXIT_OK;
    }
  const char *fabric = NULL, *obj = NULL;
  bool json = false;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = true;
      else if (strcmp (argv[i], "--fabric") == 0 && i + 1 < argc)
        fabric = argv[++i];
      else if (strcmp (argv[i], "--render-obj") == 0 && i + 1 < argc)
        obj = argv[++i];
      else
        return at_cli_usage_error (name, synopsis, "unexpected argument '%s'", argv[i]);
    }
  if (!fabric)
    return at_cli_usage_error (name, synopsis, "--fabric is required");
  bool all = strcmp (fabric, "all") == 0;
  if (all && obj)
    return at_cli_usage_error (name, synopsis, "--render-obj needs a single --fabric");
  AtError err = { 0 };
  char **names = NULL;
  int count = 0;
  char *single[1] = { (char *) fabric };
  if (all)
    {
      if (at_fabric_list (&names, &count, &err) != AT_OK)
        return at_cli_fail (name, &err);
    }
  else
    {
      names = single;
      count = 1;
    }
  json_t *arr = json_array ();
  int rc = AT_EXIT_OK;
  for (int k = 0; k < count && rc == AT_EXIT_OK; k++)
    {
      AtFabric f;
      AtDrapeResult r;
      AtMesh *mesh = NULL;
      if (at_fabric_load (names[k], &f, &err) != AT_OK
          || at_cloth_drape_cusick (&f, &r, obj ? &mesh : NULL, &err) != AT_OK)
        {
          rc = at_cli_fail (name, &err);
          break;
        }
      if (mesh && at_cli_write_cloth (obj, "specimen", mesh, &err) != AT_OK)
        rc = at_cli_fail (name, &err);
      at_mesh_free (mesh);
      if (!r.finite)
        rc = AT_EXIT_FAILURE;
      json_array_append_new (arr, json_pack ("{s:s, s:f, s:i, s:f, s:f, s:f, s:i, s:b}", "fabric", f.name, "drape_coefficient",
                                             r.drape_coefficient, "nodes", r.nodes, "bending_uNm", f.bend_warp * 0.5 + f.bend_weft * 0.5,
                                             "density_gsm", f.density_gsm, "shadow_area_m2", r.shadow_area, "frames", r.frames,
                                             "finite", r.finite));
      if (!json && k == 0)
        printf ("%-16s %8s %6s %8s %8s %7s\n", "fabric", "DC", "nodes", "B uN.m", "g/m2", "frames");
      if (!json)
        printf ("%-16s %8.3f %6d %8.1f %8.0f %7d\n", f.name, r.drape_coefficient, r.nodes, f.bend_warp * 0.5 + f.bend_weft * 0.5,
                f.density_gsm, r.frames);
    }
  if (json && rc == AT_EXIT_OK)
    {
      json_t *o = all ? json_pack ("{s:o}", "fabrics", json_incref (arr)) : json_incref (json_array_get (arr, 0));
      at_cli_print_json (json_dumps (o, JSON_INDENT (2) | JSON_REAL_PRECISION (6)));
      json_decref (o);
    }
  json_decref (arr);
  if (all)
    at_fabric_list_free (names, count);
  return rc;
}

/* `atelier-cli garments [--json]`: the garment library (CONTRACT.md): id,
 * name, category and sizes from smallest to largest. */
#include "cli.h"
#include "pattern/at_garment_library.h"

#include <jansson.h>
#include <string.h>

static const char synopsis[] = "[--json]";

int
at_cli_garments (int argc, char **argv)
{
  const char *cmd = "garments";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Lists the garment library (data/garments): id, name, category and chart sizes.\n"
                         "  --json    [{\"id\": ..., \"name\": ..., \"category\": ..., \"sizes\": [...]}, ...]\n");
      return AT_EXIT_OK;
    }
  bool json = false;
  const AtCliOption options[] = { { "--json", AT_CLI_FLAG, &json }, { 0 } };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  json_t *list = json_array ();
  const char *const *ids = at_garment_library_ids ();
  for (int g = 0; ids[g]; g++)
    {
      AtGarmentDef def;
      AtError err = { 0 };
      if (at_garment_load (ids[g], &def, &err) != AT_OK)
        {
          json_decref (list);
          return at_cli_fail (cmd, &err);
        }
      json_t *sizes = json_array ();
      for (int s = 0; s < def.size_count; s++)
        json_array_append_new (sizes, json_string (def.sizes[s].name));
      json_array_append_new (list, json_pack ("{ssssssso}", "id", def.id, "name", def.name, "category", def.category,
                                              "sizes", sizes));
    }
  if (json)
    at_cli_print_json (json_dumps (list, JSON_INDENT (2) | JSON_PRESERVE_ORDER));
  else
    {
      size_t i;
      json_t *e;
      json_array_foreach (list, i, e)
        {
          printf ("%-10s %-20s %-10s", json_string_value (json_object_get (e, "id")),
                  json_string_value (json_object_get (e, "name")), json_string_value (json_object_get (e, "category")));
          size_t k;
          json_t *s;
          json_array_foreach (json_object_get (e, "sizes"), k, s)
            printf ("%s%s", k ? " " : " sizes ", json_string_value (s));
          printf ("\n");
        }
    }
  json_decref (list);
  return AT_EXIT_OK;
}

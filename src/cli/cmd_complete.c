/* `atelier-cli complete MEAS.json [--json] [--strict]`: the full
 * measurement set estimated from the keys given (CONTRACT.md). An
 * implausible combination of given keys is reported on stderr as a
 * warning, or as an error with --strict. */
#include "cli.h"
#include "anthro/at_completion.h"

#include <string.h>

static const char synopsis[] = "MEAS.json [--json] [--strict]";

int
at_cli_complete (int argc, char **argv)
{
  const char *cmd = "complete";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Estimates every measurement key not in MEAS.json from those that are (sex and stature\n"
                         "are required), with a statistical model learned from ANSUR II.\n"
                         "  --json    one flat JSON object with every key\n"
                         "  --strict  fail (exit 1) when the given keys are an implausible combination\n");
      return AT_EXIT_OK;
    }
  const char *path = NULL;
  bool json = false, strict = false;
  const AtCliOption options[] = {
    { "--json", AT_CLI_FLAG, &json },
    { "--strict", AT_CLI_FLAG, &strict },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, &path, 1);
  if (rc != AT_EXIT_OK)
    return rc;
  if (!path)
    return at_cli_usage_error (cmd, synopsis, "no measurement file");

  AtError err = { 0 };
  AtMeasurements given, full;
  if (at_measurements_load (path, &given, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  if (at_completion_check_plausible (&given, &err) != AT_OK)
    {
      if (err.code != AT_ERR_INVALID)
        return at_cli_fail (cmd, &err);
      if (strict)
        {
          AtError named = err;
          at_error_set (&named, err.code, "%s: %s", path, err.message);
          return at_cli_fail (cmd, &named);
        }
      fprintf (stderr, "atelier-cli %s: warning: %s: %s\n", cmd, path, err.message);
    }
  if (at_completion_complete (&given, &full, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  if (json)
    {
      at_cli_print_json (at_measurements_to_json (&full, true));
      return AT_EXIT_OK;
    }
  printf ("sex: %s\n", at_sex_name (full.sex));
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      const AtMeasureInfo *info = at_measure_info ((AtMeasureKey) k);
      const char *unit = info->kind == AT_KIND_WEIGHT ? "kg" : info->kind == AT_KIND_AGE ? "years" : "cm";
      printf ("%-18s %7.1f %-5s %s\n", info->key, full.value[k], unit, full.given[k] ? "given" : "estimated");
    }
  return AT_EXIT_OK;
}

/* `atelier-cli recommend --body MEAS.json --garment GARMENT [--fit close|regular|loose] [--json]`:
 * the recommended size, the runner-up and the fit of each region
 * (CONTRACT.md). Missing measurements are estimated first; the confidence
 * says how much of the answer rests on estimates. */
#include "cli.h"
#include "anthro/at_completion.h"
#include "size/at_size_advice.h"

#include <stdlib.h>
#include <string.h>

static const char synopsis[] = "--body MEAS.json --garment GARMENT [--fit close|regular|loose] [--json]";

int
at_cli_recommend (int argc, char **argv)
{
  const char *cmd = "recommend";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Recommends a size of GARMENT for the body in MEAS.json, with the runner-up and the\n"
                         "ease of each region (tight / good / loose). Keys missing from MEAS.json are estimated.\n"
                         "  --fit   the customer's preference (default regular)\n"
                         "  --json  one JSON object: garment, size, runner_up, confidence, outside_chart, regions\n");
      return AT_EXIT_OK;
    }
  const char *body_path = NULL, *garment_id = NULL;
  AtFitPreference preference = AT_FIT_PREFERENCE_REGULAR;
  bool json = false;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = true;
      else if (strcmp (argv[i], "--body") == 0 && i + 1 < argc)
        body_path = argv[++i];
      else if (strcmp (argv[i], "--garment") == 0 && i + 1 < argc)
        garment_id = argv[++i];
      else if (strcmp (argv[i], "--fit") == 0 && i + 1 < argc)
        {
          if (!at_fit_preference_from_name (argv[++i], &preference))
            return at_cli_usage_error (cmd, synopsis, "--fit must be close, regular or loose, not '%s'", argv[i]);
        }
      else
        return at_cli_usage_error (cmd, synopsis, "unexpected argument '%s'", argv[i]);
    }
  if (!body_path || !garment_id)
    return at_cli_usage_error (cmd, synopsis, "--body and --garment are required");

  AtError err = { 0 };
  AtMeasurements given, body;
  AtGarmentDef garment;
  AtSizeAdvice advice;
  if (at_measurements_load (body_path, &given, &err) != AT_OK || at_completion_complete (&given, &body, &err) != AT_OK
      || at_garment_load (garment_id, &garment, &err) != AT_OK
      || at_size_advise (&garment, &body, preference, &advice, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  if (json)
    {
      at_cli_print_json (at_size_advice_to_json (&garment, &advice));
      return AT_EXIT_OK;
    }
  printf ("%s: %s (runner-up %s, confidence %.0f %%)%s\n", garment.name, advice.best.size,
          advice.has_runner_up ? advice.runner_up.size : "-", 100.0 * advice.confidence,
          advice.outside_chart ? ", outside the chart" : "");
  printf ("%s\n", advice.advice);
  for (int i = 0; i < advice.best.region_count; i++)
    {
      const AtRegionFit *r = &advice.best.regions[i];
      printf ("  %-10s %+6.1f cm ease (intended %+.1f)  %-5s%s\n", r->region, r->ease_cm, r->intended_cm,
              at_fit_verdict_name (r->verdict), r->measured ? "" : "  (estimated girth)");
    }
  return AT_EXIT_OK;
}

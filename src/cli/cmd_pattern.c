/* `atelier-cli pattern GARMENT --size S|--measurements MEAS.json --out FILE`
 * (CONTRACT.md): the garment's sewing pattern drafted for a chart size or
 * to one person's measurements, written as SVG (true scale, mm), PDF (A4
 * tiles, one A0 page or one plotter page) or the pattern file (.json). A
 * partial measurement set is completed statistically first. */
#include "cli.h"
#include "anthro/at_completion.h"
#include "cloth/at_fabric.h"
#include "at_file.h"
#include "at_print.h"
#include "pattern/at_garment_library.h"

#include <stdlib.h>
#include <string.h>

static const char synopsis[] = "GARMENT --size S|--measurements MEAS.json --out FILE.svg|.pdf|.json|.dxf [--page a4|a0|plotter]";

/* Checks the drafted pattern (seams, outlines, fabrics against the presets
 * in data/fabrics) and reports any problem as a warning. */
static void
report_checks (const AtPattern *pattern)
{
  char **fabrics = NULL;
  int fabric_count = 0;
  AtError err = { 0 };
  AtCheckOptions options = at_check_options_default ();
  if (at_fabric_list (&fabrics, &fabric_count, &err) == AT_OK)
    {
      char **known = realloc (fabrics, (size_t) (fabric_count + 1) * sizeof *known);
      if (known)
        {
          known[fabric_count] = NULL;
          fabrics = known;
          options.fabrics = (const char *const *) known;
        }
    }
  else
    fprintf (stderr, "atelier-cli pattern: warning: fabrics not checked: %s\n", err.message);
  AtCheckIssue issues[16];
  int n = at_pattern_check (pattern, &options, issues, 16);
  for (int i = 0; i < n && i < 16; i++)
    fprintf (stderr, "atelier-cli pattern: warning: %s\n", issues[i].message);
  at_fabric_list_free (fabrics, fabric_count);
}

int
at_cli_pattern (int argc, char **argv)
{
  const char *cmd = "pattern";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Drafts GARMENT (see 'atelier-cli garments') for a chart size or to measure.\n"
                         "  --size S               a size of the garment's chart\n"
                         "  --measurements FILE    a measurement file; missing keys are estimated\n"
                         "  --out FILE             .svg (one sheet, true scale), .pdf, .json (the pattern file)\n"
                         "                         or .dxf (AAMA/ASTM D6673 pieces for cutting systems)\n"
                         "  --page a4|a0|plotter   PDF pages: tiled A4 (default), one A0 page, one page of the sheet\n");
      return AT_EXIT_OK;
    }
  const char *garment = NULL, *size = NULL, *meas = NULL, *out = NULL;
  /* in AtPrintPage order */
  static const char *const pages[] = { "a4", "a0", "plotter", NULL };
  int page = AT_PRINT_PAGE_A4;
  const AtCliOption cli_options[] = {
    { "--size", AT_CLI_TEXT, &size },
    { "--measurements", AT_CLI_TEXT, &meas },
    { "--out", AT_CLI_TEXT, &out },
    { "--page", AT_CLI_CHOICE, &page, .choices = pages },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, cli_options, &garment, 1);
  if (rc != AT_EXIT_OK)
    return rc;
  if (!garment)
    return at_cli_usage_error (cmd, synopsis, "no garment given");
  if (!size == !meas)
    return at_cli_usage_error (cmd, synopsis, "give exactly one of --size and --measurements");
  if (!out)
    return at_cli_usage_error (cmd, synopsis, "no --out file given");
  AtPrintOptions options = at_print_options_default ();
  options.page = (AtPrintPage) page;
  char ext[16];
  at_file_extension (out, ext, sizeof ext);
  if (strcmp (ext, "svg") != 0 && strcmp (ext, "pdf") != 0 && strcmp (ext, "json") != 0 && strcmp (ext, "dxf") != 0)
    return at_cli_usage_error (cmd, synopsis, "--out must end in .svg, .pdf, .json or .dxf");

  AtError err = { 0 };
  AtGarmentDef def;
  if (at_garment_load (garment, &def, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtPattern *pattern = malloc (sizeof *pattern);
  if (!pattern)
    return at_cli_fail (cmd, &(AtError) { AT_ERR_NOMEM, "out of memory" });
  AtStatus st;
  if (size)
    st = at_garment_draft_size (&def, size, pattern, &err);
  else
    {
      AtMeasurements given, full;
      st = at_measurements_load (meas, &given, &err);
      if (st == AT_OK)
        st = at_completion_complete (&given, &full, &err);
      if (st == AT_OK)
        st = at_garment_draft_body (&def, &full, pattern, &err);
    }
  if (st == AT_OK)
    {
      report_checks (pattern);
      options.garment = &def;
      st = strcmp (ext, "json") == 0 ? at_pattern_save (pattern, out, &err) : at_print_file (pattern, &options, out, &err);
    }
  free (pattern);
  at_print_shutdown ();
  return st == AT_OK ? AT_EXIT_OK : at_cli_fail (cmd, &err);
}

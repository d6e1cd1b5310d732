#include "cli.h"
#include "at-config.h"

#include <locale.h>
#include <string.h>

static const AtCliCommand commands[] = {
  { "body", at_cli_body, "MEAS.json [--out body.glb|.obj] [--json]", "build a body from measurements" },
  { "complete", at_cli_complete, "MEAS.json [--json] [--strict]", "estimate every measurement from the keys given" },
  { "measure", at_cli_measure, "MESH [--sex S] [--unit mm|cm|m] [--up y|z] [--json]", "measure a body mesh or 3D scan" },
  { "garments", at_cli_garments, "[--json]", "list the garment library" },
  { "pattern", at_cli_pattern, "GARMENT --size S|--measurements MEAS.json --out FILE", "draft a sewing pattern to SVG/PDF" },
  { "drape", at_cli_drape, "--body MEAS.json|MESH --garment GARMENT [--size S | --made-to-measure] [--fabric F] [--out drape.glb|.obj] [--render drape.png] [--report fit.json]", "sew and drape a garment on a body" },
  { "recommend", at_cli_recommend, "--body MEAS.json --garment GARMENT [--fit F] [--json]", "recommend a size with the fit of each region" },
  { "sketch", at_cli_sketch, "--category C [--seed N] [--out sketch.svg] [--raster sketch.png]", "generate a garment sketch" },
  { "marker", at_cli_marker, "GARMENT --sizes S=2,M=3,L=1 --width CM [--seconds S] [--price P] [--out FILE] [--json]", "nest a garment order into a marker: length, utilisation, cost" },
  { "cutplan", at_cli_cutplan, "ORDER.json [--json]", "plan the lays that cut an order with the least fabric" },
  { "bench", at_cli_bench, "NAME [OPTIONS] [--json]", "run a benchmark and print its figures" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "usage: atelier-cli COMMAND [OPTIONS]\n\nAtelier %s, headless studio.\n\nCommands:\n", AT_VERSION);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\n'atelier-cli COMMAND --help' describes a command.\n");
}

int
main (int argc, char **argv)
{
  /* Numbers in JSON and files must use '.' whatever the user's locale. */
  setlocale (LC_ALL, "C");
  if (argc < 2)
    {
      print_usage (stderr);
      return AT_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return AT_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("atelier-cli %s\n", AT_VERSION);
      return AT_EXIT_OK;
    }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  fprintf (stderr, "atelier-cli: unknown command '%s'\n", argv[1]);
  print_usage (stderr);
  return AT_EXIT_USAGE;
}

/* `atelier-cli sketch`: a generated garment sketch (CONTRACT.md). */
#include "cli.h"
#include "at_file.h"
#include "sketch/at_sketch.h"

#include <limits.h>
#include <string.h>

static const char synopsis[] =
  "--category top|trousers|pullover|dress|coat|shirt [--seed N] [--out sketch.svg|sketch.json] "
  "[--raster sketch.png] [--weights FILE] [--json]";

static const char details[] =
  "Generates a garment sketch with the trained generator (data/sketch/generator.atw) and traces it\n"
  "into a symmetric vector outline at garment scale (centimetres).\n"
  "  --category C   garment category\n"
  "  --seed N       the random seed (default 1): the same seed gives the same sketch\n"
  "  --out FILE     the drawing as SVG, or the editable sketch as JSON (by extension)\n"
  "  --raster FILE  the generator's own 28 x 28 greyscale image as PNG\n"
  "  --weights FILE another generator weights file\n"
  "  --json         print the sketch as JSON on stdout\n";

int
at_cli_sketch (int argc, char **argv)
{
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, "sketch", synopsis, details);
      return AT_EXIT_OK;
    }
  const char *category_name = NULL, *out = NULL, *raster = NULL, *weights = NULL;
  long seed = 1;
  bool json = false;
  const AtCliOption options[] = {
    { "--category", AT_CLI_TEXT, &category_name },
    { "--seed", AT_CLI_INT, &seed, 0, (double) LONG_MAX },
    { "--out", AT_CLI_TEXT, &out },
    { "--raster", AT_CLI_TEXT, &raster },
    { "--weights", AT_CLI_TEXT, &weights },
    { "--json", AT_CLI_FLAG, &json },
    { 0 },
  };
  int rc = at_cli_parse_options ("sketch", synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  AtSketchCategory category;
  if (!category_name)
    return at_cli_usage_error ("sketch", synopsis, "--category is required");
  if (!at_sketch_category_from_name (category_name, &category))
    return at_cli_usage_error ("sketch", synopsis, "unknown category '%s'", category_name);
  char ext[16] = "";
  if (out)
    {
      at_file_extension (out, ext, sizeof ext);
      if (strcmp (ext, "svg") != 0 && strcmp (ext, "json") != 0)
        return at_cli_usage_error ("sketch", synopsis, "--out must end in .svg or .json, not '%s'", out);
    }

  AtError err = { 0 };
  AtSketchGenerator *g;
  AtStatus st = weights ? at_sketch_generator_load (weights, &g, &err) : at_sketch_generator_load_default (&g, &err);
  if (st != AT_OK)
    return at_cli_fail ("sketch", &err);
  AtSketch *s;
  st = at_sketch_generate (g, category, (uint64_t) seed, &s, &err);
  at_sketch_generator_free (g);
  if (st != AT_OK)
    return at_cli_fail ("sketch", &err);
  if (st == AT_OK && out)
    st = strcmp (ext, "svg") == 0 ? at_sketch_save_svg (s, out, &err) : at_sketch_save_json (s, out, &err);
  if (st == AT_OK && raster)
    st = at_sketch_save_png (s, raster, &err);
  if (st == AT_OK)
    {
      if (json)
        at_cli_print_json (at_sketch_to_json (s));
      else
        printf ("%s, seed %ld: %.1f x %.1f cm, outline of %d cubic segments, %d inner lines\n", category_name, seed,
                s->width_cm, s->height_cm, s->outline_count, s->line_count);
    }
  at_sketch_free (s);
  return st == AT_OK ? AT_EXIT_OK : at_cli_fail ("sketch", &err);
}

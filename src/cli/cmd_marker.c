/* `atelier-cli marker GARMENT --sizes S=2,M=3,L=1 --width CM [--seconds S]
 * [--price P] [--gap CM] [--out marker.svg|.pdf|.json|.dxf] [--json]`: the
 * marker of a garment order (production module + nest), its length,
 * utilisation and fabric cost per garment; the marker drawn as SVG or PDF
 * at true scale, or written as the cutting file (.json, or AAMA .dxf for
 * cutting systems). */
#include "cli.h"
#include "dxf/at_dxf.h"
#include "at_file.h"
#include "at_marker_draw.h"
#include "at_print.h"
#include "production/at_production.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char synopsis[] = "GARMENT --sizes S=2,M=3,L=1|--fittings STORE.db --garments N --width CM "
                               "[--seconds S] [--price P] [--gap CM] [--fabric F] [--out marker.svg|.pdf|.json|.dxf] [--json]";

/* The order's size mix from the latest fitted size of each customer in the
 * store: writes the order and the distribution (customers per size). */
static AtStatus
sizes_from_fittings (const char *path, const AtGarmentDef *g, int garments, AtSizeQuantity *sq, size_t *n,
                     int *counts, int *customers, AtError *err)
{
  if (access (path, F_OK) != 0)
    return at_error_set (err, AT_ERR_NOT_FOUND, "%s: no such customer database", path);
  AtStoreDef sd = at_store_def_default ();
  AtStore *store;
  AtStatus st = at_store_open (path, &sd, &store, err);
  if (st != AT_OK)
    return st;
  st = at_size_mix_from_store (store, g, counts, customers, err);
  at_store_close (store);
  int mix[AT_GARMENT_MAX_SIZES];
  if (st == AT_OK && *customers == 0)
    st = at_error_set (err, AT_ERR_INVALID, "%s: no customer has a recorded fitting of '%s'", path, g->id);
  if (st == AT_OK)
    st = at_size_mix_round (counts, (size_t) g->size_count, garments, mix, err);
  *n = 0;
  for (int i = 0; st == AT_OK && i < g->size_count; i++)
    {
      memcpy (sq[*n].size, g->sizes[i].name, sizeof g->sizes[i].name);
      sq[(*n)++].quantity = mix[i];
    }
  return st;
}

static char *
summary_json (const AtProductionMarker *pm, const AtSizeQuantity *sq, size_t n, const char *out,
              const AtGarmentDef *g, const int *fitted, int customers)
{
  json_t *sizes = json_object ();
  for (size_t i = 0; i < n; i++)
    json_object_set_new (sizes, sq[i].size, json_integer (sq[i].quantity));
  const AtMarker *m = &pm->marker;
  json_t *root = json_pack ("{s:s, s:s, s:o, s:i, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:i, s:f, s:I}", "garment",
                            pm->cuts.pieces[0].garment, "fabric", pm->fabric, "sizes", sizes, "garments",
                            pm->cuts.garments, "fabric_width", m->strip_width, "length", m->length, "utilisation",
                            m->utilisation, "price_per_metre", pm->price_per_metre, "fabric_cost", pm->fabric_cost,
                            "cost_per_garment", pm->cost_per_garment, "pieces", (int) m->n_placements,
                            "other_fabric_panels", pm->cuts.other_fabric_panels, "seconds", m->seconds,
                            "iterations", (json_int_t) m->iterations);
  if (out)
    json_object_set_new (root, "out", json_string (out));
  if (customers > 0)
    {
      json_t *dist = json_object ();
      for (int i = 0; i < g->size_count; i++)
        json_object_set_new (dist, g->sizes[i].name, json_integer (fitted[i]));
      json_object_set_new (root, "fitted_customers", dist);
    }
  char *text = json_dumps (root, JSON_INDENT (2) | JSON_REAL_PRECISION (10));
  json_decref (root);
  return text;
}

int
at_cli_marker (int argc, char **argv)
{
  const char *cmd = "marker";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Nests the cutting pieces of a garment order on the fabric.\n"
                         "  --sizes S=2,M=3    garments per chart size (see 'atelier-cli garments')\n"
                         "  --fittings DB      or: split --garments N over the sizes as the latest fitted\n"
                         "                     size of each customer in this customer database\n"
                         "  --width CM         fabric width in cm\n"
                         "  --seconds S        nesting time budget (default 20)\n"
                         "  --price P          fabric price per metre (default 0)\n"
                         "  --gap CM           minimum gap between pieces (default 0)\n"
                         "  --fabric F         nest the panels of this fabric (default: the garment's main\n"
                         "                     fabric; e.g. its trim fabric for rib bands)\n"
                         "  --out FILE         .svg or .pdf (true scale, labelled), .json (cutting file)\n"
                         "                     or .dxf (AAMA DXF in mm for cutting systems)\n"
                         "  --json             print the figures as one JSON object\n"
                         "Pieces of one fabric are nested; the others (e.g. rib bands) are counted in\n"
                         "other_fabric_panels and cut from their own marker (--fabric).\n");
      return AT_EXIT_OK;
    }
  const char *garment = NULL, *sizes = NULL, *fittings = NULL, *out = NULL, *fabric = NULL;
  long n_garments = 0;
  bool json = false;
  AtProductionDef def = at_production_def_default ();
  def.fabric_width = NAN;
  def.seconds = 20;
  const AtCliOption options[] = {
    { "--sizes", AT_CLI_TEXT, &sizes },
    { "--fittings", AT_CLI_TEXT, &fittings },
    { "--garments", AT_CLI_INT, &n_garments, 1, 1000000 },
    { "--width", AT_CLI_NUMBER, &def.fabric_width, 1, 10000 },
    { "--seconds", AT_CLI_NUMBER, &def.seconds, 0.01, 1e6 },
    { "--price", AT_CLI_NUMBER, &def.price_per_metre, 0, 1e9 },
    { "--gap", AT_CLI_NUMBER, &def.gap, 0, 100 },
    { "--fabric", AT_CLI_TEXT, &fabric },
    { "--out", AT_CLI_TEXT, &out },
    { "--json", AT_CLI_FLAG, &json },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, &garment, 1);
  if (rc != AT_EXIT_OK)
    return rc;
  if (!garment)
    return at_cli_usage_error (cmd, synopsis, "no garment given");
  if (!sizes == !fittings)
    return at_cli_usage_error (cmd, synopsis, "give exactly one of --sizes and --fittings");
  if (fittings && !n_garments)
    return at_cli_usage_error (cmd, synopsis, "--fittings needs --garments N (1-1000000)");
  if (isnan (def.fabric_width))
    return at_cli_usage_error (cmd, synopsis, "no --width given");
  char ext[16] = "";
  if (out)
    {
      at_file_extension (out, ext, sizeof ext);
      if (strcmp (ext, "svg") != 0 && strcmp (ext, "pdf") != 0 && strcmp (ext, "json") != 0 && strcmp (ext, "dxf") != 0)
        return at_cli_usage_error (cmd, synopsis, "--out must end in .svg, .pdf, .json or .dxf");
    }

  AtError err = { 0 };
  AtGarmentDef g;
  if (at_garment_load (garment, &g, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtSizeQuantity sq[AT_PRODUCTION_MAX_SIZES];
  size_t n_sizes;
  int fitted[AT_GARMENT_MAX_SIZES] = { 0 }, customers = 0;
  if (sizes ? at_size_order_parse (sizes, &g, sq, AT_PRODUCTION_MAX_SIZES, &n_sizes, &err) != AT_OK
            : sizes_from_fittings (fittings, &g, (int) n_garments, sq, &n_sizes, fitted, &customers, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtProductionOrder order = { .garment = &g, .sizes = sq, .n_sizes = n_sizes, .fabric = fabric };
  AtProductionMarker pm;
  if (at_production_marker_make (&order, &def, &pm, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtStatus st = AT_OK;
  if (out)
    {
      st = strcmp (ext, "pdf") == 0   ? at_marker_pdf (&pm, out, &err)
           : strcmp (ext, "dxf") == 0 ? at_dxf_write_marker (&pm, out, &err)
                                      : at_production_marker_write (&pm, out, &err);
      at_print_shutdown ();
    }
  if (st == AT_OK && json)
    at_cli_print_json (summary_json (&pm, sq, n_sizes, out, &g, fitted, customers));
  else if (st == AT_OK)
    {
      printf ("%s: %d garments on %.1f cm %s\n", g.id, pm.cuts.garments, pm.marker.strip_width, pm.fabric);
      if (customers > 0)
        {
          printf ("fittings     %d customers:", customers);
          for (int i = 0; i < g.size_count; i++)
            printf (" %s %d", g.sizes[i].name, fitted[i]);
          printf ("\norder       ");
          for (size_t i = 0; i < n_sizes; i++)
            printf ("%s%s=%d", i ? "," : "", sq[i].size, sq[i].quantity);
          printf ("\n");
        }
      printf ("length       %.1f cm\n", pm.marker.length);
      printf ("utilisation  %.1f %%\n", 100.0 * pm.marker.utilisation);
      printf ("pieces       %zu\n", pm.marker.n_placements);
      printf ("fabric cost  %.2f (%.2f per garment at %.2f per metre)\n", pm.fabric_cost, pm.cost_per_garment,
              pm.price_per_metre);
      printf ("nesting      %.1f s, %ld moves\n", pm.marker.seconds, pm.marker.iterations);
      if (pm.cuts.other_fabric_panels > 0)
        printf ("note         %d panels per garment are of another fabric (trims) and not in this marker\n",
                pm.cuts.other_fabric_panels);
      if (out)
        printf ("written      %s\n", out);
    }
  at_production_marker_free (&pm);
  return st == AT_OK ? AT_EXIT_OK : at_cli_fail (cmd, &err);
}

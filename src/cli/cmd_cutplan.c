/* `atelier-cli cutplan ORDER.json [--json]`: cut-order planning. Chooses
 * the lays (size ratio per marker, colour, plies) that cut the order with
 * the least fabric and then the fewest lays (an integer program solved with
 * GLPK, see src/engine/nest/cutplan.c), and reports over/under-cut per size.
 *
 * ORDER.json (lengths in cm):
 *   { "fabric_width": 150,              required
 *     "max_plies": 60,                  required, plies per lay
 *     "max_marker_length": 800,         required, the cutting table
 *     "end_allowance": 2,               optional cm lost per ply (default 2)
 *     "efficiency": 0.82,               marker efficiency, needed when a size gives "area"
 *     "max_garments_per_marker": 6,     optional (default: as many as fit, at most 8)
 *     "max_overcut": 0.02,              optional fraction of each quantity (default 0)
 *     "max_undercut": 0,                optional fraction (default 0)
 *     "lay_cost": 10,                   optional cm charged per lay (default 2 % of max_marker_length)
 *     "price_per_metre": 9.5,           optional, for the fabric cost per garment
 *     "max_nodes": 5000,                optional branch-and-bound node limit (the plan
 *                                       depends on the order only, never on the clock)
 *     "sizes": [ {"name": "S", "area": 9500},    piece area of one garment, cm²
 *                {"name": "M", "length": 72.5} ], or marker length per garment, cm
 *     "colours": [ {"name": "navy", "quantities": {"S": 40, "M": 80}} ] }
 * Sizes missing from a colour's quantities count as 0. */
#include "cli.h"
#include "at_file.h"
#include "nest/at_cutplan.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char synopsis[] = "ORDER.json [--json]";

typedef struct {
  AtCutOrder order;
  double price_per_metre;
  const char **size_names, **colour_names;
  int *quantity;
  double *garment_length;
} OrderFile;

static bool
get_number (json_t *root, const char *key, bool required, double *out)
{
  json_t *v = json_object_get (root, key);
  if (!v)
    return !required;
  if (!json_is_number (v) || !isfinite (json_number_value (v)))
    return false;
  *out = json_number_value (v);
  return true;
}

static AtStatus
parse_order (const char *path, json_t *root, OrderFile *f, AtError *err)
{
  double width = 0, plies = 0, efficiency = 0, max_garments = 0, max_nodes = 0;
  f->order = at_cut_order_default ();
  max_nodes = (double) f->order.max_nodes;
  const struct {
    const char *key;
    bool required;
    double *out;
  } keys[] = {
    { "fabric_width", true, &width },
    { "max_plies", true, &plies },
    { "max_marker_length", true, &f->order.max_marker_length },
    { "end_allowance", false, &f->order.end_allowance },
    { "efficiency", false, &efficiency },
    { "max_garments_per_marker", false, &max_garments },
    { "max_overcut", false, &f->order.max_overcut },
    { "max_undercut", false, &f->order.max_undercut },
    { "lay_cost", false, &f->order.lay_cost },
    { "price_per_metre", false, &f->price_per_metre },
    { "max_nodes", false, &max_nodes },
  };
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (!get_number (root, keys[i].key, keys[i].required, keys[i].out))
      return at_error_set (err, AT_ERR_PARSE, "%s: \"%s\" must be a number%s", path, keys[i].key,
                           keys[i].required ? " (required)" : "");
  if (!(width > 0) || plies < 1 || plies > 10000 || plies != floor (plies))
    return at_error_set (err, AT_ERR_RANGE, "%s: \"fabric_width\" must be positive and \"max_plies\" an integer 1..10000", path);
  if (max_garments < 0 || max_garments > 20 || max_garments != floor (max_garments))
    return at_error_set (err, AT_ERR_RANGE, "%s: \"max_garments_per_marker\" must be an integer 0..20", path);
  if (max_nodes < 1 || max_nodes > 1e7 || max_nodes != floor (max_nodes))
    return at_error_set (err, AT_ERR_RANGE, "%s: \"max_nodes\" must be an integer 1..10000000", path);
  f->order.max_nodes = (long) max_nodes;
  f->order.max_plies = (int) plies;
  f->order.max_garments_per_marker = (int) max_garments;
  json_t *sizes = json_object_get (root, "sizes"), *colours = json_object_get (root, "colours");
  if (!json_is_array (sizes) || json_array_size (sizes) == 0 || json_array_size (sizes) > 30)
    return at_error_set (err, AT_ERR_PARSE, "%s: \"sizes\" must be an array of 1..30 sizes", path);
  if (!json_is_array (colours) || json_array_size (colours) == 0 || json_array_size (colours) > 100)
    return at_error_set (err, AT_ERR_PARSE, "%s: \"colours\" must be an array of 1..100 colours", path);
  const size_t ns = json_array_size (sizes), nc = json_array_size (colours);
  f->size_names = calloc (ns, sizeof *f->size_names);
  f->colour_names = calloc (nc, sizeof *f->colour_names);
  f->garment_length = calloc (ns, sizeof *f->garment_length);
  f->quantity = calloc (ns * nc, sizeof *f->quantity);
  if (!f->size_names || !f->colour_names || !f->garment_length || !f->quantity)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  for (size_t s = 0; s < ns; s++)
    {
      json_t *o = json_array_get (sizes, s), *name = json_object_get (o, "name");
      double area = -1, length = -1;
      if (!json_is_string (name))
        return at_error_set (err, AT_ERR_PARSE, "%s: sizes[%zu]: \"name\" must be a string", path, s);
      f->size_names[s] = json_string_value (name);
      if (!get_number (o, "area", false, &area) || !get_number (o, "length", false, &length)
          || (area < 0) == (length < 0))
        return at_error_set (err, AT_ERR_PARSE, "%s: size %s: give either \"area\" (cm²) or \"length\" (cm), a number", path, f->size_names[s]);
      if (area >= 0 && !(efficiency > 0 && efficiency <= 1))
        return at_error_set (err, AT_ERR_RANGE, "%s: size %s gives an area: \"efficiency\" must be in (0, 1]", path, f->size_names[s]);
      f->garment_length[s] = area >= 0 ? at_cutplan_garment_length (area, width, efficiency) : length;
      if (!(f->garment_length[s] > 0))
        return at_error_set (err, AT_ERR_RANGE, "%s: size %s: the area or length must be positive", path, f->size_names[s]);
    }
  for (size_t c = 0; c < nc; c++)
    {
      json_t *o = json_array_get (colours, c), *name = json_object_get (o, "name");
      json_t *q = json_object_get (o, "quantities");
      if (!json_is_string (name) || !json_is_object (q))
        return at_error_set (err, AT_ERR_PARSE, "%s: colours[%zu] needs \"name\" and \"quantities\"", path, c);
      f->colour_names[c] = json_string_value (name);
      const char *key;
      json_t *v;
      json_object_foreach (q, key, v)
        {
          size_t s = 0;
          while (s < ns && strcmp (f->size_names[s], key) != 0)
            s++;
          if (s == ns)
            return at_error_set (err, AT_ERR_PARSE, "%s: colour %s: unknown size \"%s\"", path, f->colour_names[c], key);
          if (!json_is_integer (v) || json_integer_value (v) < 0 || json_integer_value (v) > 1000000)
            return at_error_set (err, AT_ERR_RANGE, "%s: colour %s, size %s: the quantity must be an integer 0..1000000", path, f->colour_names[c], key);
          f->quantity[c * ns + s] = (int) json_integer_value (v);
        }
    }
  f->order.n_sizes = ns;
  f->order.n_colours = nc;
  f->order.size_names = f->size_names;
  f->order.colour_names = f->colour_names;
  f->order.quantity = f->quantity;
  f->order.garment_length = f->garment_length;
  return AT_OK;
}

static void
print_plan (const OrderFile *f, const AtCutPlan *p, bool json)
{
  const size_t ns = p->n_sizes;
  long garments = 0;
  for (size_t i = 0; i < ns * p->n_colours; i++)
    garments += p->cut[i];
  if (json)
    {
      json_t *root = json_object (), *lays = json_array (), *sizes = json_array ();
      for (size_t l = 0; l < p->n_lays; l++)
        {
          json_t *ratio = json_object ();
          for (size_t s = 0; s < ns; s++)
            if (p->lays[l].ratio[s])
              json_object_set_new (ratio, f->size_names[s], json_integer (p->lays[l].ratio[s]));
          json_array_append_new (lays, json_pack ("{s:s, s:o, s:i, s:f}", "colour", f->colour_names[p->lays[l].colour],
                                                  "ratio", ratio, "plies", p->lays[l].plies,
                                                  "marker_length", p->lays[l].marker_length));
        }
      for (size_t c = 0; c < p->n_colours; c++)
        for (size_t s = 0; s < ns; s++)
          {
            const int q = f->quantity[c * ns + s], cut = p->cut[c * ns + s];
            json_array_append_new (sizes, json_pack ("{s:s, s:s, s:i, s:i, s:i, s:i}", "colour", f->colour_names[c],
                                                     "size", f->size_names[s], "ordered", q, "cut", cut,
                                                     "over", cut > q ? cut - q : 0, "under", cut < q ? q - cut : 0));
          }
      json_object_set_new (root, "fabric_length_cm", json_real (p->fabric_length));
      json_object_set_new (root, "n_lays", json_integer ((json_int_t) p->n_lays));
      json_object_set_new (root, "garments", json_integer (garments));
      json_object_set_new (root, "optimal", json_boolean (p->optimal));
      if (f->price_per_metre > 0 && garments > 0)
        json_object_set_new (root, "fabric_cost_per_garment",
                             json_real (p->fabric_length / 100.0 * f->price_per_metre / garments));
      json_object_set_new (root, "lays", lays);
      json_object_set_new (root, "sizes", sizes);
      at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_REAL_PRECISION (10)));
      json_decref (root);
      return;
    }
  printf ("%zu lays, %.1f cm of fabric (%s)\n", p->n_lays, p->fabric_length,
          p->optimal ? "optimal" : "best found within the node limit");
  for (size_t l = 0; l < p->n_lays; l++)
    {
      printf ("  lay %zu: %-10s %3d plies, marker %.1f cm:", l + 1, f->colour_names[p->lays[l].colour],
              p->lays[l].plies, p->lays[l].marker_length);
      for (size_t s = 0; s < ns; s++)
        if (p->lays[l].ratio[s])
          printf (" %s x%d", f->size_names[s], p->lays[l].ratio[s]);
      printf ("\n");
    }
  printf ("colour      size   ordered    cut   over  under\n");
  for (size_t c = 0; c < p->n_colours; c++)
    for (size_t s = 0; s < ns; s++)
      {
        const int q = f->quantity[c * ns + s], cut = p->cut[c * ns + s];
        printf ("%-11s %-6s %7d %6d %6d %6d\n", f->colour_names[c], f->size_names[s], q, cut,
                cut > q ? cut - q : 0, cut < q ? q - cut : 0);
      }
  if (f->price_per_metre > 0 && garments > 0)
    printf ("fabric cost per garment: %.2f\n", p->fabric_length / 100.0 * f->price_per_metre / garments);
}

int
at_cli_cutplan (int argc, char **argv)
{
  const char *cmd = "cutplan";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Plans the lays that cut an order with the least fabric, then the fewest lays.\n"
                         "The ORDER format is described at the top of src/cli/cmd_cutplan.c.\n");
      return AT_EXIT_OK;
    }
  const char *path = NULL;
  bool json = false;
  const AtCliOption options[] = { { "--json", AT_CLI_FLAG, &json }, { 0 } };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, &path, 1);
  if (rc != AT_EXIT_OK)
    return rc;
  if (!path)
    return at_cli_usage_error (cmd, synopsis, "the ORDER file is required");
  AtError err = { 0 };
  char *text = NULL;
  size_t len = 0;
  if (at_file_read_all (path, 16 << 20, &text, &len, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  json_error_t jerr;
  json_t *root = json_loadb (text, len, 0, &jerr);
  free (text);
  if (!root || !json_is_object (root))
    {
      at_error_set (&err, AT_ERR_PARSE, "%s:%d: %s", path, jerr.line, root ? "expected an object" : jerr.text);
      json_decref (root);
      return at_cli_fail (cmd, &err);
    }
  OrderFile f = { 0 };
  AtCutPlan plan = { 0 };
  AtStatus st = parse_order (path, root, &f, &err);
  if (st == AT_OK)
    st = at_cutplan_solve (&f.order, &plan, &err);
  if (st == AT_OK)
    print_plan (&f, &plan, json);
  at_cutplan_free (&plan);
  free (f.size_names);
  free (f.colour_names);
  free (f.quantity);
  free (f.garment_length);
  json_decref (root);
  return st == AT_OK ? AT_EXIT_OK : at_cli_fail (cmd, &err);
}

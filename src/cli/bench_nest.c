/* `atelier-cli bench nest`: nests an ESICUP strip-packing instance for a
 * given time, checks the marker with the independent validity checker and
 * prints the length and density reached, beside the best known density
 * (sparrow, Gardeyn & Wauters 2025, arXiv:2509.13329, at the file's width;
 * see shared/data/esicup/README.md). */
#include "cli.h"
#include "nest/at_nest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char synopsis[] = "--instance FILE --seconds S [--seed N] [--iterations N] [--gap G] "
                               "[--out marker.svg|marker.json] [--json]";

static const struct {
  const char *name;
  double density; /* percent */
} best_known[] = {
  { "shirts", 90.920 }, { "trousers", 92.615 }, { "swim", 79.826 }, { "albano", 89.821 },
  { "dagli", 90.172 },  { "mao", 86.867 },      { "marques", 92.015 }, { "jakobs1", 89.247 },
  { "jakobs2", 87.717 }, { "fu", 92.396 },      { "shapes0", 69.978 }, { "shapes1", 76.719 },
  { "blaz1", 86.224 },
};

static double
best_known_density (const char *name)
{
  for (size_t i = 0; i < sizeof best_known / sizeof best_known[0]; i++)
    if (strcmp (best_known[i].name, name) == 0)
      return best_known[i].density;
  return 0.0;
}

/* Every copy in one of its item's allowed rotations (the overlap and
 * containment check does not look at rotations). */
static AtStatus
check_rotations (const AtNestInstance *inst, const AtMarker *marker, AtError *err)
{
  for (size_t i = 0; i < marker->n_placements; i++)
    {
      const AtNestPlacement *pl = &marker->placements[i];
      const AtNestPiece *pc = &inst->pieces[pl->piece];
      bool allowed = !pc->rotations && pl->rotation == 0.0;
      for (size_t r = 0; pc->rotations && r < pc->n_rotations; r++)
        allowed |= pc->rotations[r] == pl->rotation;
      if (!allowed)
        return at_error_set (err, AT_ERR_INVALID, "marker check: copy %zu of item %d is rotated %g degrees, "
                             "which the item does not allow", i, pl->piece, pl->rotation);
    }
  return AT_OK;
}

int
at_cli_bench_nest (int argc, char **argv)
{
  const char *cmd = "bench nest";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Nests the instance for S seconds (on all OpenMP threads), checks the marker\n"
                         "(no overlap, inside the strip) and prints length and density.\n"
                         "--iterations N stops after N moves instead (deterministic for a seed).\n");
      return AT_EXIT_OK;
    }
  const char *instance = NULL, *out = NULL;
  bool json = false;
  AtNestDef def = at_nest_def_default ();
  def.seconds = 0.0;
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;
      long l;
      if (strcmp (a, "--json") == 0)
        json = true;
      else if (strcmp (a, "--instance") == 0 && v)
        instance = argv[++i];
      else if (strcmp (a, "--out") == 0 && v)
        out = argv[++i];
      else if (strcmp (a, "--seconds") == 0 && v)
        {
          if (!at_cli_parse_double (argv[++i], &def.seconds) || def.seconds <= 0)
            return at_cli_usage_error (cmd, synopsis, "--seconds needs a positive number");
        }
      else if (strcmp (a, "--gap") == 0 && v)
        {
          if (!at_cli_parse_double (argv[++i], &def.gap) || def.gap < 0)
            return at_cli_usage_error (cmd, synopsis, "--gap needs a number >= 0");
        }
      else if (strcmp (a, "--seed") == 0 && v)
        {
          if (!at_cli_parse_int (argv[++i], 0, __LONG_MAX__, &l))
            return at_cli_usage_error (cmd, synopsis, "--seed needs an integer >= 0");
          def.seed = (uint64_t) l;
        }
      else if (strcmp (a, "--iterations") == 0 && v)
        {
          if (!at_cli_parse_int (argv[++i], 1, __LONG_MAX__, &def.max_iterations))
            return at_cli_usage_error (cmd, synopsis, "--iterations needs a positive integer");
        }
      else
        return at_cli_usage_error (cmd, synopsis, "unexpected argument '%s'", a);
    }
  if (!instance)
    return at_cli_usage_error (cmd, synopsis, "--instance is required");
  if (def.seconds <= 0 && def.max_iterations <= 0)
    return at_cli_usage_error (cmd, synopsis, "give --seconds or --iterations");

  AtError err = { 0 };
  AtNestInstance inst;
  if (at_nest_instance_load (instance, &inst, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  def.strip_width = inst.strip_width;
  AtMarker marker;
  AtStatus st = at_nest_run (inst.pieces, inst.n_pieces, &def, &marker, &err);
  if (st == AT_OK && ((st = at_marker_check (&marker, &err)) != AT_OK
                      || (st = check_rotations (&inst, &marker, &err)) != AT_OK))
    at_marker_free (&marker);
  if (st == AT_OK && out && (st = at_marker_write (&marker, out, &err)) != AT_OK)
    at_marker_free (&marker);
  if (st != AT_OK)
    {
      at_nest_instance_free (&inst);
      return at_cli_fail (cmd, &err);
    }
  const double best = best_known_density (inst.name);
  const double density = 100.0 * marker.utilisation;
  if (json)
    {
      json_t *o = json_pack ("{s:s, s:f, s:f, s:f, s:I, s:I, s:f, s:b}", "instance", inst.name,
                             "strip_width", marker.strip_width, "length", marker.length,
                             "density", density, "items", (json_int_t) marker.n_placements,
                             "iterations", (json_int_t) marker.iterations, "seconds", marker.seconds,
                             "valid", 1);
      json_object_set_new (o, "seed", json_integer ((json_int_t) def.seed));
      if (best > 0)
        {
          json_object_set_new (o, "best_known_density", json_real (best));
          json_object_set_new (o, "gap_to_best_pp", json_real (best - density));
        }
      at_cli_print_json (json_dumps (o, JSON_INDENT (2) | JSON_REAL_PRECISION (10)));
      json_decref (o);
    }
  else
    {
      printf ("instance      %s (%zu items, width %g)\n", inst.name, marker.n_placements, marker.strip_width);
      printf ("length        %.4f\n", marker.length);
      printf ("density       %.3f %%\n", density);
      if (best > 0)
        printf ("best known    %.3f %% (%.2f points away)\n", best, best - density);
      printf ("iterations    %ld in %.1f s\n", marker.iterations, marker.seconds);
      printf ("valid         yes (independent overlap and containment check, allowed rotations)\n");
    }
  at_marker_free (&marker);
  at_nest_instance_free (&inst);
  return AT_EXIT_OK;
}

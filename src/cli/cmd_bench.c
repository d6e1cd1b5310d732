/* `atelier-cli bench NAME`: dispatches to the benchmarks. Each benchmark
 * lives beside the feature it measures (bench_*.c here) and prints its
 * figures as text, or as one JSON object with --json. */
#include "cli.h"

#include <string.h>

typedef struct {
  const char *name;
  AtCliCommandFunc run;
  const char *summary;
} AtBench;

static const AtBench benches[] = {
  { "body", at_cli_bench_body, "parametric body: measure-back error per key on ANSUR II, build ms" },
  { "complete", at_cli_bench_complete, "measurement completion: held-out MAE on ANSUR II vs least squares" },
  { "sizes", at_cli_bench_sizes, "size systems: share of ANSUR II accommodated by N designed sizes" },
  { "size-rec", at_cli_bench_size_rec, "size from height/weight/age vs from full measurements, on ANSUR II" },
  { "cloth-sphere", at_cli_bench_cloth_sphere, "cloth solver: N x N cloth on a sphere, ms per frame vs Bullet" },
  { "drape-cusick", at_cli_bench_drape_cusick, "cloth realism: Cusick drape coefficient and folds per fabric" },
  { "drape", at_cli_bench_drape, "garments: vertices, frames and seconds to rest on reference bodies" },
  { "drape-check", at_cli_bench_drape_check, "garments on ANSUR II bodies in several sizes: stayed on, seams closed, penetration, strain" },
  { "drape-agreement", at_cli_bench_drape_agreement, "size advice: chart verdicts per region vs the drape's fit report, on ANSUR II" },
  { "fit-feedback", at_cli_bench_fit_feedback, "size-from-feedback model: AUC on RentTheRunway" },
  { "style-rec", at_cli_bench_style_rec, "style recommendation: recall@10 on RentTheRunway rentals" },
  { "rank", at_cli_bench_rank, "style recommendation: time to rank a 10,000-item catalogue" },
  { "sketch", at_cli_bench_sketch, "sketch generator: class fidelity, diversity, memorisation, ms per sketch" },
  { "nest", at_cli_bench_nest, "marker making: strip length and density on an ESICUP instance" },
  { NULL, NULL, NULL },
};

static void
print_benches (FILE *out)
{
  fprintf (out, "usage: atelier-cli bench NAME [OPTIONS] [--json]\n\nBenchmarks:\n");
  for (size_t i = 0; benches[i].name; i++)
    fprintf (out, "  %-14s %s\n", benches[i].name, benches[i].summary);
  fprintf (out, "\n'atelier-cli bench NAME --help' describes a benchmark's options.\n");
}

int
at_cli_bench (int argc, char **argv)
{
  if (argc < 2)
    {
      print_benches (stderr);
      return AT_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_benches (stdout);
      return AT_EXIT_OK;
    }
  for (size_t i = 0; benches[i].name; i++)
    if (strcmp (argv[1], benches[i].name) == 0)
      return benches[i].run (argc - 1, argv + 1);
  fprintf (stderr, "atelier-cli bench: unknown benchmark '%s'\n", argv[1]);
  print_benches (stderr);
  return AT_EXIT_USAGE;
}

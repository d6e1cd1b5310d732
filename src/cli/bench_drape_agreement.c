/* `atelier-cli bench drape-agreement [--data DIR] [--subjects N] [--garment ID]
 * [--sexes garment|both] [--sizes best|neighbours] [--frames N] [--edge CM]
 * [--json]`: does the size advice from the chart say what the drape shows?
 * For each library garment, N ANSUR II subjects of the garment's sex (with
 * --sexes both, half of them, the rest of the other sex) at evenly spaced
 * ranks of the garment's first fitted girth, so the bodies span the chart, are built
 * from their full measurements; the garment is sewn and draped in the
 * recommended size and, with --sizes neighbours (the default), also one
 * size smaller and one larger, where those exist, so tight and loose
 * verdicts are exercised too. Each region both the chart advice
 * (at_size_fit) and the drape's fit report (at_fit_analyze) judge is a
 * pair of verdicts; the benchmark prints the share of pairs that agree per
 * garment and region, and the 3 x 3 table of chart against drape verdicts.
 * Without the shared data the ANSUR II mean woman and man stand in (see
 * bench drape). Each drape takes seconds: keep N small. */
#include "cli.h"
#include "cli_drape.h"
#include "body/at_body.h"
#include "fit/at_fit.h"
#include "size/at_size_advice.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char synopsis[] = "[--data DIR] [--subjects N] [--garment ID] [--sexes garment|both] "
                                "[--sizes best|neighbours] [--frames N] [--edge CM] [--json]";

#define MAX_BODIES 64

typedef struct {
  int n, agree;
} Tally;

typedef struct {
  const char *only;
  int subjects;
  bool neighbours, json, both_sexes;
  AtDrapeDef drape;
} Options;

/* Per garment: region tallies, keyed by the chart's region names. */
typedef struct {
  char region[AT_SIZE_MAX_REGIONS][24];
  Tally tally[AT_SIZE_MAX_REGIONS];
  int count;
} RegionTallies;

static Tally *
region_tally (RegionTallies *t, const char *region)
{
  for (int i = 0; i < t->count; i++)
    if (strcmp (t->region[i], region) == 0)
      return &t->tally[i];
  if (t->count == AT_SIZE_MAX_REGIONS)
    return NULL;
  snprintf (t->region[t->count], sizeof t->region[0], "%s", region);
  t->tally[t->count] = (Tally) { 0 };
  return &t->tally[t->count++];
}

/* Up to want bodies: ANSUR II subjects at evenly spaced ranks of the
 * garment's first fitted girth, of its sex or (both_sexes) half of each,
 * or the reference body. */
static int
pick_bodies (const AtAnsurTable *table, const AtGarmentDef *g, int want, bool both_sexes, AtCliSubject *out,
             AtError *err)
{
  AtGarmentEase eases[AT_SIZE_MAX_REGIONS];
  int n_eases = at_garment_eases (g, eases, AT_SIZE_MAX_REGIONS);
  if (n_eases == 0)
    table = NULL;
  AtMeasureKey key = n_eases > 0 ? eases[0].girth : AT_M_CHEST_GIRTH; /* unused without a table */
  int own = table && both_sexes ? (want + 1) / 2 : want;
  int picked = at_cli_drape_subjects (table, g->sex, key, own, out, err);
  int other = picked < 0 || !table || !both_sexes
                ? 0
                : at_cli_drape_subjects (table, g->sex == AT_SEX_MALE ? AT_SEX_FEMALE : AT_SEX_MALE, key, want - own,
                                         out + picked, err);
  return picked < 0 || other < 0 ? -1 : picked + other;
}

/* Drapes size s on body and tallies each region both sides judge. */
static AtStatus
compare_size (const AtGarmentDef *g, int s, const AtMeasurements *m, AtBody *body, const Options *o,
              RegionTallies *regions, int confusion[3][3], AtError *err)
{
  AtSizeFit chart;
  AtStatus st = at_size_fit (g, s, m, AT_FIT_PREFERENCE_REGULAR, &chart, err);
  AtPattern pattern;
  if (st == AT_OK)
    st = at_garment_draft_size (g, g->sizes[s].name, &pattern, err);
  AtDrape *drape = NULL;
  if (st == AT_OK)
    st = at_drape_create (&pattern, NULL, body, &o->drape, &drape, err);
  if (st == AT_OK)
    st = at_drape_run (drape, NULL, NULL, NULL, err);
  AtFitReport fit = { 0 };
  if (st == AT_OK)
    st = at_fit_analyze (drape, g, &fit, err);
  int pairs = 0;
  for (int i = 0; st == AT_OK && i < chart.region_count; i++)
    for (int j = 0; j < fit.region_count; j++)
      if (strcmp (chart.regions[i].region, fit.regions[j].region) == 0)
        {
          pairs++;
          AtFitVerdict a = chart.regions[i].verdict, b = fit.regions[j].verdict;
          confusion[a][b]++;
          Tally *t = region_tally (regions, chart.regions[i].region);
          if (t)
            t->n++, t->agree += a == b;
          if (!o->json)
            printf ("  %-9s %-4s %-10s chart %+6.1f cm %-5s  drape %+6.1f cm %-5s%s\n", g->id, chart.size,
                    chart.regions[i].region, chart.regions[i].ease_cm, at_fit_verdict_name (a),
                    fit.regions[j].ease_cm, at_fit_verdict_name (b), a == b ? "" : "  *");
        }
  if (st == AT_OK && !o->json)
    {
      /* a garment whose drape judges none of the chart's regions is
       * named, not silently left out */
      if (pairs == 0)
        {
          printf ("  %-9s %-4s no region both judge: chart", g->id, chart.size);
          for (int i = 0; i < chart.region_count; i++)
            printf (" %s", chart.regions[i].region);
          printf (", drape");
          for (int j = 0; j < fit.region_count; j++)
            printf (" %s", fit.regions[j].region);
          printf ("\n");
        }
      printf ("  (%s %s on a %s body, %s girth %.1f cm: %d frames, %.1f s)\n", g->id, chart.size, at_sex_name (m->sex),
              chart.regions[0].region, m->value[chart.regions[0].girth], at_drape_frames (drape), at_drape_seconds (drape));
      fflush (stdout); /* drapes take seconds: show progress */
    }
  at_fit_report_clear (&fit);
  at_drape_free (drape);
  return st;
}

static AtStatus
run_garment (const char *id, const AtAnsurTable *table, const Options *o, json_t *rows, int confusion[3][3],
             Tally *total, AtError *err)
{
  AtGarmentDef g;
  AtStatus st = at_garment_load (id, &g, err);
  if (st != AT_OK)
    return st;
  AtCliSubject bodies[MAX_BODIES];
  int n_bodies = pick_bodies (table, &g, o->subjects, o->both_sexes, bodies, err);
  if (n_bodies < 0)
    return err->code;
  RegionTallies regions = { .count = 0 };
  AtBodyDef bdef = at_body_def_default ();
  for (int b = 0; b < n_bodies && st == AT_OK; b++)
    {
      AtSizeAdvice advice;
      AtBody *body = NULL;
      st = at_size_advise (&g, &bodies[b].m, AT_FIT_PREFERENCE_REGULAR, &advice, err);
      if (st == AT_OK)
        st = at_body_build (&bodies[b].m, &bdef, &body, err);
      int best = advice.best.size_index, from = o->neighbours ? best - 1 : best, to = o->neighbours ? best + 1 : best;
      for (int s = from < 0 ? 0 : from; st == AT_OK && s <= to && s < g.size_count; s++)
        st = compare_size (&g, s, &bodies[b].m, body, o, &regions, confusion, err);
      at_body_free (body);
    }
  json_t *by_region = json_object ();
  Tally garment = { 0 };
  for (int i = 0; i < regions.count; i++)
    {
      const Tally *t = &regions.tally[i];
      garment.n += t->n, garment.agree += t->agree;
      json_object_set_new (by_region, regions.region[i],
                           json_pack ("{sisf}", "n", t->n, "agreement", t->n ? (double) t->agree / t->n : 0.0));
      if (!o->json)
        printf ("%-9s %-10s agreement %5.1f %% (%d)\n", id, regions.region[i],
                t->n ? 100.0 * t->agree / t->n : 0.0, t->n);
    }
  total->n += garment.n, total->agree += garment.agree;
  json_array_append_new (rows, json_pack ("{sssisisfso}", "garment", id, "bodies", n_bodies, "n", garment.n,
                                          "agreement", garment.n ? (double) garment.agree / garment.n : 0.0,
                                          "regions", by_region));
  return st;
}

int
at_cli_bench_drape_agreement (int argc, char **argv)
{
  const char *cmd = "bench drape-agreement";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "For ANSUR II subjects and the library garments: the chart advice's verdict per region\n"
                         "(tight/good/loose) against the drape's fit report for the same body and size.\n"
                         "  --data DIR      shared data folder (default: ATELIER_SHARED_DATA or ../shared/data)\n"
                         "  --subjects N    bodies per garment (default 3; 1 reference body without the data)\n"
                         "  --garment ID    only this garment\n"
                         "  --sexes S       garment (default): subjects of the garment's sex; both: half of each\n"
                         "  --sizes S       best: the recommended size; neighbours (default): and one either side\n"
                         "  --frames N      most frames per drape (default: the drape's)\n"
                         "  --edge CM       mesh edge length (default: the drape's)\n"
                         "  --json          one JSON object on stdout\n");
      return AT_EXIT_OK;
    }
  Options o = { .only = NULL, .subjects = 3, .neighbours = true, .json = false, .both_sexes = false,
                .drape = at_drape_def_default () };
  static const char *const sex_words[] = { "garment", "both", NULL }, *const size_words[] = { "best", "neighbours", NULL };
  const char *data = NULL;
  int sexes = 0, sizes = 1;
  long subjects = o.subjects, frames = o.drape.max_frames;
  const AtCliOption options[] = {
    { "--data", AT_CLI_TEXT, &data, 0, 0 },
    { "--garment", AT_CLI_TEXT, &o.only, 0, 0 },
    { "--subjects", AT_CLI_INT, &subjects, 1, MAX_BODIES },
    { "--sexes", AT_CLI_CHOICE, &sexes, .choices = sex_words },
    { "--sizes", AT_CLI_CHOICE, &sizes, .choices = size_words },
    { "--frames", AT_CLI_INT, &frames, 1, 100000 },
    { "--edge", AT_CLI_NUMBER, &o.drape.edge_length_cm, 0.5, 10 },
    { "--json", AT_CLI_FLAG, &o.json, 0, 0 },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  o.both_sexes = sexes == 1;
  o.neighbours = sizes == 1;
  o.subjects = (int) subjects;
  o.drape.max_frames = (int) frames;
  AtError err = { 0 };
  AtAnsurTable *table = NULL;
  if (at_cli_drape_ansur (data, o.json, &table, &err) != AT_OK)
    return at_cli_fail (cmd, &err);

  json_t *rows = json_array ();
  int confusion[3][3] = { { 0 } };
  Tally total = { 0 };
  AtStatus st = AT_OK;
  for (const char *const *id = at_garment_library_ids (); *id && st == AT_OK; id++)
    if (!o.only || strcmp (o.only, *id) == 0)
      st = run_garment (*id, table, &o, rows, confusion, &total, &err);
  at_ansur_free (table);
  if (st != AT_OK)
    {
      json_decref (rows);
      return at_cli_fail (cmd, &err);
    }
  if (json_array_size (rows) == 0)
    {
      json_decref (rows);
      return at_cli_usage_error (cmd, synopsis, "no library garment '%s'", o.only);
    }
  double agreement = total.n ? (double) total.agree / total.n : 0.0;
  json_t *table_json = json_object ();
  for (int a = 0; a < 3; a++)
    {
      json_t *row = json_object ();
      for (int b = 0; b < 3; b++)
        json_object_set_new (row, at_fit_verdict_name ((AtFitVerdict) b), json_integer (confusion[a][b]));
      json_object_set_new (table_json, at_fit_verdict_name ((AtFitVerdict) a), row);
    }
  if (o.json)
    {
      json_t *root = json_pack ("{sfsisoso}", "agreement", agreement, "pairs", total.n, "garments", rows,
                                "chart_vs_drape", table_json);
      at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER));
      json_decref (root);
      return AT_EXIT_OK;
    }
  printf ("chart \\ drape   tight   good  loose\n");
  for (int a = 0; a < 3; a++)
    printf ("%-13s %7d %6d %6d\n", at_fit_verdict_name ((AtFitVerdict) a), confusion[a][0], confusion[a][1],
            confusion[a][2]);
  printf ("all regions: agreement %.1f %% of %d region verdicts\n", 100.0 * agreement, total.n);
  json_decref (table_json);
  json_decref (rows);
  return AT_EXIT_OK;
}

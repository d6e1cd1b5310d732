/* `atelier-cli bench drape-check [--data DIR] [--subjects N] [--garment ID]
 * [--sizes best|neighbours] [--edge CM] [--frames N] [--json]`: does every
 * library garment drape properly on bodies it was never tuned on? N ANSUR
 * II subjects of each sex (at evenly spaced ranks of their weight, so thin
 * and heavy bodies both come up) are built from their full measurements;
 * each garment is draped on each in the recommended size (the size advice
 * of `recommend`), with --sizes neighbours (the default) also one size
 * either side, and drafted to the subject's measure. Each drape reports
 * whether it stayed on (at_drape_check: top above the armpits or the hips,
 * nothing under the floor), the largest seam gap, the penetrating vertices and
 * the strain's 99th percentile; the summary counts the drapes that failed
 * per garment. Without the shared data the ANSUR II mean woman and man of
 * `bench drape` stand in. Each drape takes seconds: the full run (6
 * garments x 12 bodies x 4 drapes) takes the better part of an hour. */
#include "cli.h"
#include "cli_drape.h"
#include "body/at_body.h"
#include "fit/at_fit.h"
#include "size/at_size_advice.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char synopsis[]
  = "[--data DIR] [--subjects N] [--garment ID] [--sizes best|neighbours] [--edge CM] [--frames N] [--json]";

#define MAX_SUBJECTS 32
/* A seam further apart than this when welded is left open (sewing closes
 * every seam to within a millimetre or two, a garment too small for the
 * body too). */
#define SEAM_OPEN_MM 10.0

typedef struct {
  const char *only;
  bool neighbours, json;
  AtDrapeDef drape;
} Options;

typedef struct {
  int drapes, failed;
} Tally;

static void
record_failure (const AtGarmentDef *g, const char *size_label, const AtCliSubject *s, const char *why,
                const Options *o, json_t *rows)
{
  const char *sex = s->m.sex == AT_SEX_MALE ? "male" : "female";
  if (!o->json)
    printf ("%-9s %-6s %6d %-5s FAILED: %s\n", g->id, sex, s->id, size_label, why);
  json_array_append_new (rows, json_pack ("{sssssisssbss}", "garment", g->id, "sex", sex, "subject", s->id, "size",
                                          size_label, "stayed_on", false, "error", why));
}

/* Drapes pattern on body, prints and records one row; *failed when it did
 * not stay on, left a seam open or could not be draped at all. */
static AtStatus
check_one (const AtGarmentDef *g, const AtPattern *pattern, const char *size_label, const AtCliSubject *s,
           AtBody *body, const Options *o, json_t *rows, bool *failed, AtError *err)
{
  AtDrape *drape = NULL;
  AtFitReport fit = { 0 };
  AtError derr = { 0 };
  AtStatus st = at_drape_create (pattern, NULL, body, &o->drape, &drape, &derr);
  if (st == AT_OK)
    st = at_drape_run (drape, NULL, NULL, NULL, &derr);
  if (st == AT_OK)
    st = at_fit_analyze (drape, g, &fit, &derr);
  const char *sex = s->m.sex == AT_SEX_MALE ? "male" : "female";
  if (st != AT_OK)
    {
      /* A pattern that cannot be draped on this body is a failed check,
       * not the end of the benchmark. */
      *failed = true;
      record_failure (g, size_label, s, derr.message, o, rows);
      at_drape_free (drape);
      return st == AT_ERR_NOMEM ? at_error_set (err, st, "%s", derr.message) : AT_OK;
    }
  AtDrapeCheck c;
  at_drape_check (drape, &c);
  bool open = c.max_seam_gap_mm > SEAM_OPEN_MM;
  *failed = !c.stayed_on || open;
  int n = at_drape_garment_mesh (drape)->vertex_count;
  json_array_append_new (
    rows, json_pack ("{sssssisssisisfsbsfsfsfsfsisf}", "garment", g->id, "sex", sex, "subject", s->id, "size",
                     size_label, "vertices", n, "frames", at_drape_frames (drape), "seconds", at_drape_seconds (drape),
                     "stayed_on", c.stayed_on, "top_m", c.top_m, "expected_top_m", c.expected_top_m, "lowest_m",
                     c.lowest_m, "max_seam_gap_mm", c.max_seam_gap_mm, "penetrating_vertices",
                     fit.penetrating_vertices, "p99_strain", fit.strain_p99));
  if (!o->json)
    {
      printf ("%-9s %-6s %6d %-5s %6d v %4d fr %6.2f s  top %.2f m (needs %.2f) low %.2f m %-8s seam gap %5.1f mm%s  "
              "penetrating %4d  strain p99 %5.1f%%\n",
              g->id, sex, s->id, size_label, n, at_drape_frames (drape), at_drape_seconds (drape), c.top_m,
              c.expected_top_m, c.lowest_m, c.stayed_on ? "on" : "FELL", c.max_seam_gap_mm, open ? " OPEN" : "",
              fit.penetrating_vertices, 100 * fit.strain_p99);
      fflush (stdout); /* drapes take seconds: show progress */
    }
  at_fit_report_clear (&fit);
  at_drape_free (drape);
  return AT_OK;
}

static AtStatus
check_garment (const char *id, const AtCliSubject *subjects, int n_subjects, const Options *o, json_t *rows,
               Tally *tally, AtError *err)
{
  AtGarmentDef g;
  AtStatus st = at_garment_load (id, &g, err);
  AtBodyDef bdef = at_body_def_default ();
  for (int b = 0; b < n_subjects && st == AT_OK; b++)
    {
      AtSizeAdvice advice;
      AtBody *body = NULL;
      st = at_size_advise (&g, &subjects[b].m, AT_FIT_PREFERENCE_REGULAR, &advice, err);
      if (st == AT_OK)
        st = at_body_build (&subjects[b].m, &bdef, &body, err);
      int best = advice.best.size_index, from = o->neighbours ? best - 1 : best, to = o->neighbours ? best + 1 : best;
      /* size index g.size_count: drafted to measure */
      for (int s = from < 0 ? 0 : from; st == AT_OK && s <= g.size_count; s++)
        {
          if (s > to && s < g.size_count)
            s = g.size_count;
          AtPattern pattern;
          bool mtm = s == g.size_count, failed = false;
          st = mtm ? at_garment_draft_body (&g, &subjects[b].m, &pattern, err)
                   : at_garment_draft_size (&g, g.sizes[s].name, &pattern, err);
          const char *label = mtm ? "mtm" : g.sizes[s].name;
          if (st == AT_OK)
            st = check_one (&g, &pattern, label, &subjects[b], body, o, rows, &failed, err);
          else if (st != AT_ERR_NOMEM)
            {
              /* a body the draft refuses is a failed check too */
              failed = true;
              record_failure (&g, label, &subjects[b], err->message, o, rows);
              st = AT_OK;
            }
          tally->drapes++;
          tally->failed += failed;
        }
      at_body_free (body);
    }
  return st;
}

int
at_cli_bench_drape_check (int argc, char **argv)
{
  const char *cmd = "bench drape-check";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Drapes every library garment on ANSUR II subjects of both sexes in the recommended size\n"
                         "(and one either side) and drafted to measure; reports whether each stayed on, seams\n"
                         "closed, penetration and strain, and counts the failures per garment.\n"
                         "  --data DIR      shared data folder (default: ATELIER_SHARED_DATA or ../shared/data)\n"
                         "  --subjects N    bodies of each sex (default 6; the reference bodies without the data)\n"
                         "  --garment ID    only this garment\n"
                         "  --sizes S       best: the recommended size; neighbours (default): and one either side\n"
                         "  --edge CM       mesh edge length (default: the drape's)\n"
                         "  --frames N      most frames per drape (default: the drape's)\n"
                         "  --json          one JSON object on stdout\n");
      return AT_EXIT_OK;
    }
  Options o = { .only = NULL, .neighbours = true, .json = false, .drape = at_drape_def_default () };
  static const char *const size_words[] = { "best", "neighbours", NULL };
  const char *data = NULL;
  int sizes = 1;
  long subjects = 6, frames = o.drape.max_frames;
  const AtCliOption options[] = {
    { "--data", AT_CLI_TEXT, &data, 0, 0 },
    { "--subjects", AT_CLI_INT, &subjects, 1, MAX_SUBJECTS },
    { "--garment", AT_CLI_TEXT, &o.only, 0, 0 },
    { "--sizes", AT_CLI_CHOICE, &sizes, .choices = size_words },
    { "--edge", AT_CLI_NUMBER, &o.drape.edge_length_cm, 0.5, 10 },
    { "--frames", AT_CLI_INT, &frames, 1, 100000 },
    { "--json", AT_CLI_FLAG, &o.json, 0, 0 },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  o.neighbours = sizes == 1;
  o.drape.max_frames = (int) frames;

  AtError err = { 0 };
  AtAnsurTable *table = NULL;
  if (at_cli_drape_ansur (data, o.json, &table, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtCliSubject picked[2 * MAX_SUBJECTS];
  int n = 0;
  const AtSex sexes[] = { AT_SEX_FEMALE, AT_SEX_MALE };
  for (int s = 0; s < 2; s++)
    {
      /* at evenly spaced weight ranks: thin and heavy bodies both come up */
      int k = at_cli_drape_subjects (table, sexes[s], AT_M_WEIGHT, (int) subjects, picked + n, &err);
      if (k < 0)
        {
          at_ansur_free (table);
          return at_cli_fail (cmd, &err);
        }
      n += k;
    }
  at_ansur_free (table);

  json_t *rows = json_array (), *garments = json_object ();
  Tally all = { 0 };
  AtStatus st = AT_OK;
  for (const char *const *id = at_garment_library_ids (); *id && st == AT_OK; id++)
    if (!o.only || strcmp (o.only, *id) == 0)
      {
        Tally t = { 0 };
        st = check_garment (*id, picked, n, &o, rows, &t, &err);
        all.drapes += t.drapes, all.failed += t.failed;
        json_object_set_new (garments, *id, json_pack ("{sisi}", "drapes", t.drapes, "failed", t.failed));
        if (!o.json && st == AT_OK)
          printf ("%s: %d of %d drapes failed\n", *id, t.failed, t.drapes);
      }
  if (st != AT_OK || all.drapes == 0)
    {
      json_decref (rows), json_decref (garments);
      return st != AT_OK ? at_cli_fail (cmd, &err) : at_cli_usage_error (cmd, synopsis, "no library garment '%s'", o.only);
    }
  if (o.json)
    {
      json_t *root = json_pack ("{sisisoso}", "drapes", all.drapes, "failed", all.failed, "garments", garments,
                                "runs", rows);
      at_cli_print_json (json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER));
      json_decref (root);
    }
  else
    {
      printf ("all garments: %d of %d drapes failed\n", all.failed, all.drapes);
      json_decref (rows), json_decref (garments);
    }
  return AT_EXIT_OK;
}

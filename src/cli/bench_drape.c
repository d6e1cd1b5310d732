/* `atelier-cli bench drape [--garment ID] [--render DIR] [--json]`: drapes
 * each library garment, in the chart size nearest to the body, on a
 * reference body of each sex and reports the mesh size, the frames and
 * wall-clock seconds to rest, penetration and strain. The reference bodies
 * are the ANSUR II means of stature and weight (Gordon et al. 2014: men
 * 175.6 cm, 85.3 kg; women 162.8 cm, 67.7 kg), every other measurement
 * completed from those two by the shipped completion model. Seconds are
 * wall clock on a shared machine: the 1-minute load average is reported
 * beside them. --render writes front and side stills DIR/GARMENT-SEX-VIEW.png. */
#include "cli.h"
#include "cli_drape.h"
#include "anthro/at_completion.h"
#include "fit/at_fit.h"
#include "pattern/at_garment_library.h"
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char synopsis[]
  = "[--garment ID] [--sex female|male] [--edge CM] [--frames N] [--self-collision on|off] [--render DIR] [--json]";

static AtStatus
reference_body (AtSex sex, AtBody **out, AtError *err)
{
  AtMeasurements full;
  AtStatus st = at_completion_reference_body (sex, &full, err);
  AtBodyDef def = at_body_def_default ();
  return st == AT_OK ? at_body_build (&full, &def, out, err) : st;
}

AtStatus
at_cli_drape_ansur (const char *data, bool quiet, AtAnsurTable **out, AtError *err)
{
  AtStatus st = at_ansur_load_shared (data, out, err);
  if (st == AT_OK && !*out && !quiet)
    printf ("no ANSUR II data: the reference bodies stand in\n");
  return st;
}

int
at_cli_drape_subjects (const AtAnsurTable *table, AtSex sex, AtMeasureKey key, int want, AtCliSubject *out,
                       AtError *err)
{
  if (!table)
    {
      out[0].id = 0;
      return at_completion_reference_body (sex, &out[0].m, err) == AT_OK ? 1 : -1;
    }
  size_t *rows = malloc ((want > 0 ? (size_t) want : 1) * sizeof *rows);
  int picked = rows ? at_ansur_spaced_rows (table, sex, key, want, rows) : -1;
  if (picked < 0)
    at_error_set (err, AT_ERR_NOMEM, "drape benchmark: out of memory picking subjects");
  for (int i = 0; i < picked; i++)
    {
      const AtAnsurSubject *s = at_ansur_subject (table, rows[i]);
      out[i].id = s->subject_id;
      out[i].m = s->m;
    }
  free (rows);
  return picked;
}

static double
load_average (void)
{
  double load = -1;
  FILE *f = fopen ("/proc/loadavg", "r");
  if (f)
    {
      if (fscanf (f, "%lf", &load) != 1)
        load = -1;
      fclose (f);
    }
  return load;
}

typedef struct {
  const char *only, *render_dir;
  int sex; /* -1: both */
  AtDrapeDef def;
  bool json;
} Options;

static AtStatus
run_one (const char *id, AtSex sex, AtBody *body, const Options *o, json_t *runs, AtError *err)
{
  const char *render_dir = o->render_dir;
  bool quiet = o->json;
  AtGarmentDef def;
  AtPattern pattern;
  AtStatus st = at_garment_load (id, &def, err);
  if (st != AT_OK)
    return st;
  int k = at_garment_nearest_size (&def, at_body_measurements (body));
  if ((st = at_garment_draft_size (&def, def.sizes[k < 0 ? 0 : k].name, &pattern, err)) != AT_OK)
    return st;
  AtDrape *drape;
  if ((st = at_drape_create (&pattern, NULL, body, &o->def, &drape, err)) != AT_OK)
    return st;
  st = at_drape_run (drape, NULL, NULL, NULL, err);
  AtFitReport fit;
  if (st == AT_OK)
    st = at_fit_analyze (drape, &def, &fit, err);
  if (st == AT_OK)
    {
      const char *sex_name = sex == AT_SEX_MALE ? "male" : "female";
      int n = at_drape_garment_mesh (drape)->vertex_count;
      bool rest = at_drape_phase (drape) == AT_DRAPE_AT_REST;
      double gap_mm = 1000 * at_drape_max_seam_gap (drape);
      json_array_append_new (runs, json_pack ("{sssssssisisfsbsisfsfsf}", "garment", id, "sex", sex_name, "size",
                                              pattern.size, "vertices", n, "frames", at_drape_frames (drape),
                                              "seconds", at_drape_seconds (drape), "at_rest", rest,
                                              "penetrating_vertices", fit.penetrating_vertices, "max_strain",
                                              fit.strain_max, "p99_strain", fit.strain_p99, "max_seam_gap_mm", gap_mm));
      if (!quiet)
        printf ("%-9s %-6s %-4s %6d vertices %4d frames %6.2f s%s  penetrating %d  strain p99 %.1f%% max %.1f%%  "
                "seam gap %.1f mm\n",
                id, sex_name, pattern.size, n, at_drape_frames (drape), at_drape_seconds (drape),
                rest ? "" : " (not at rest)", fit.penetrating_vertices, 100 * fit.strain_p99, 100 * fit.strain_max,
                gap_mm);
      const AtViewPreset views[] = { AT_VIEW_FRONT, AT_VIEW_SIDE };
      const char *view_names[] = { "front", "side" };
      for (int v = 0; render_dir && v < 2 && st == AT_OK; v++)
        {
          char *png = g_strdup_printf ("%s/%s-%s-%s.png", render_dir, id, sex_name, view_names[v]);
          if (!at_cli_drape_render (drape, views[v], png, err))
            st = err->code;
          g_free (png);
        }
      at_fit_report_clear (&fit);
    }
  at_drape_free (drape);
  return st;
}

int
at_cli_bench_drape (int argc, char **argv)
{
  const char *cmd = "bench drape";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Drapes each library garment on the ANSUR II mean woman and man and prints\n"
                         "vertices, frames and seconds to rest, penetration and strain.\n"
                         "  --garment ID  only this garment\n"
                         "  --sex S       only this reference body (female or male)\n"
                         "  --edge CM     mesh edge length (default 1.5)\n"
                         "  --frames N    most frames per drape (default 600)\n"
                         "  --self-collision on|off  garment self-collision while draping (default on)\n"
                         "  --render DIR  write front and side stills of each drape into DIR\n"
                         "  --json        one JSON object on stdout\n");
      return AT_EXIT_OK;
    }
  Options o = { NULL, NULL, -1, at_drape_def_default (), false };
  static const char *const sex_words[] = { "female", "male", NULL }, *const on_off[] = { "off", "on", NULL };
  int sex = -1, self_collision = o.def.self_collision;
  long frames = o.def.max_frames;
  const AtCliOption options[] = {
    { "--garment", AT_CLI_TEXT, &o.only },
    { "--render", AT_CLI_TEXT, &o.render_dir },
    { "--sex", AT_CLI_CHOICE, &sex, .choices = sex_words },
    { "--edge", AT_CLI_NUMBER, &o.def.edge_length_cm, 0.5, 10 },
    { "--self-collision", AT_CLI_CHOICE, &self_collision, .choices = on_off },
    { "--frames", AT_CLI_INT, &frames, 1, 100000 },
    { "--json", AT_CLI_FLAG, &o.json },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  if (sex >= 0)
    o.sex = sex == 1 ? AT_SEX_MALE : AT_SEX_FEMALE;
  o.def.self_collision = self_collision == 1;
  o.def.max_frames = (int) frames;
  bool json = o.json;
  const char *only = o.only;
  AtError err = { 0 };
  json_t *runs = json_array ();
  double load = load_average ();
  if (!json)
    printf ("load average %.2f (shared machine: seconds are wall clock)\n", load);
  AtStatus st = AT_OK;
  const AtSex sexes[] = { AT_SEX_FEMALE, AT_SEX_MALE };
  for (int s = 0; s < 2 && st == AT_OK; s++)
    {
      if (o.sex >= 0 && (int) sexes[s] != o.sex)
        continue;
      AtBody *body;
      if ((st = reference_body (sexes[s], &body, &err)) != AT_OK)
        break;
      for (const char *const *id = at_garment_library_ids (); *id && st == AT_OK; id++)
        if (!only || strcmp (only, *id) == 0)
          st = run_one (*id, sexes[s], body, &o, runs, &err);
      at_body_free (body);
    }
  if (st != AT_OK)
    {
      json_decref (runs);
      return at_cli_fail (cmd, &err);
    }
  if (json_array_size (runs) == 0)
    {
      json_decref (runs);
      return at_cli_usage_error (cmd, synopsis, "no library garment '%s'", only);
    }
  double max_s = 0, tshirt_s = 0;
  size_t i;
  json_t *r;
  json_array_foreach (runs, i, r)
    {
      double sec = json_real_value (json_object_get (r, "seconds"));
      max_s = sec > max_s ? sec : max_s;
      if (strcmp (json_string_value (json_object_get (r, "garment")), "tshirt") == 0)
        tshirt_s = sec > tshirt_s ? sec : tshirt_s;
    }
  if (json)
    {
      json_t *root = json_pack ("{sosfsfsf}", "runs", runs, "max_seconds", max_s, "tshirt_seconds", tshirt_s,
                                "load_average", load);
      at_cli_print_json (json_dumps (root, JSON_INDENT (2)));
      json_decref (root);
    }
  else
    {
      printf ("slowest %.2f s, T-shirt %.2f s\n", max_s, tshirt_s);
      json_decref (runs);
    }
  return AT_EXIT_OK;
}

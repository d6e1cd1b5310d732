/* `atelier-cli bench cloth-sphere`: the reference cloth scene. A 2 m square
 * of N x N vertices, flat at y = 0.8 m over a fixed sphere of radius 0.5 m at
 * the origin, falls for 240 frames of 1/60 s with self-collision on. Prints
 * per-frame time (median, max), final edge strain (max, mean), the deepest
 * penetration into the sphere and whether every position stayed finite;
 * then runs the same scene in Bullet's soft-body solver (the peer, a
 * separate program built from bench/) and prints the speed ratio. */
#include "cli.h"
#include "at-config.h"
#include "cloth/at_cloth.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Whether a cloth whose highest point is at top (m) still lies over a
 * sphere of radius r at the origin: one that slid off reads as unstretched
 * and unpenetrated. */
static bool
on_sphere (double top, double r)
{
  return top > r - 0.02;
}

static const char synopsis[] = "--res N [--fabric F] [--frames N] [--substeps N] [--iterations N] [--no-self] [--out final.obj] [--no-peer] [--json]";

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

typedef struct {
  bool ran;
  double median_ms, max_ms, max_strain, mean_strain, penetration_mm, top_m;
  int iterations;
} PeerResult;

/* Runs the Bullet peer (a separate program, so the CLI does not link C++)
 * and reads its one-line JSON. */
static void
run_peer (int res, int frames, PeerResult *peer)
{
  memset (peer, 0, sizeof *peer);
  const char *exe = getenv ("ATELIER_BULLET_PEER");
  char path[4096];
  snprintf (path, sizeof path, "%s", exe ? exe : AT_BUILD_DIR "/bench/atelier-bullet-cloth-peer");
  /* Position iterations: the fewest at which the peer's cloth stays on
   * the sphere with no node more than 1 mm inside (bullet_cloth_peer.cpp
   * lists the runs). */
  peer->iterations = res >= 96 ? 17 : 21;
  char cmd[4200];
  snprintf (cmd, sizeof cmd, "'%s' %d %d %d", path, res, frames, peer->iterations);
  FILE *p = popen (cmd, "r");
  if (!p)
    return;
  char buf[2048];
  size_t len = fread (buf, 1, sizeof buf - 1, p);
  buf[len] = '\0';
  if (pclose (p) != 0)
    return;
  json_t *root = json_loads (buf, 0, NULL);
  if (!json_is_object (root))
    {
      json_decref (root);
      return;
    }
  peer->median_ms = json_number_value (json_object_get (root, "median_ms"));
  peer->max_ms = json_number_value (json_object_get (root, "max_ms"));
  peer->max_strain = json_number_value (json_object_get (root, "max_strain"));
  peer->mean_strain = json_number_value (json_object_get (root, "mean_strain"));
  peer->penetration_mm = json_number_value (json_object_get (root, "penetration_mm"));
  peer->top_m = json_number_value (json_object_get (root, "top_m"));
  peer->ran = peer->median_ms > 0;
  json_decref (root);
}

int
at_cli_bench_cloth_sphere (int argc, char **argv)
{
  const char *name = "bench cloth-sphere";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, name, synopsis,
                         "2 m cloth of N x N vertices dropped on a 0.5 m sphere, 240 frames of 1/60 s,\n"
                         "self-collision on, cotton poplin unless --fabric. Compares with Bullet soft body.\n");
      return AT_EXIT_OK;
    }
  long res = 0, frames = 240, substeps = 0, iterations = 0;
  bool self = true;
  const char *fabric_name = "cotton-poplin", *out = NULL;
  bool json = false, peer_wanted = true;
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "--json") == 0)
        json = true;
      else if (strcmp (a, "--no-peer") == 0)
        peer_wanted = false;
      else if (strcmp (a, "--res") == 0 && i + 1 < argc)
        {
          if (!at_cli_parse_int (argv[++i], 2, 1024, &res))
            return at_cli_usage_error (name, synopsis, "--res must be an integer in 2..1024, not '%s'", argv[i]);
        }
      else if (strcmp (a, "--frames") == 0 && i + 1 < argc)
        {
          if (!at_cli_parse_int (argv[++i], 1, 100000, &frames))
            return at_cli_usage_error (name, synopsis, "--frames must be an integer in 1..100000, not '%s'", argv[i]);
        }
      else if (strcmp (a, "--substeps") == 0 && i + 1 < argc)
        {
          if (!at_cli_parse_int (argv[++i], 1, 200, &substeps))
            return at_cli_usage_error (name, synopsis, "--substeps must be an integer in 1..200, not '%s'", argv[i]);
        }
      else if (strcmp (a, "--iterations") == 0 && i + 1 < argc)
        {
          if (!at_cli_parse_int (argv[++i], 1, 100, &iterations))
            return at_cli_usage_error (name, synopsis, "--iterations must be an integer in 1..100, not '%s'", argv[i]);
        }
      else if (strcmp (a, "--no-self") == 0)
        self = false;
      else if (strcmp (a, "--fabric") == 0 && i + 1 < argc)
        fabric_name = argv[++i];
      else if (strcmp (a, "--out") == 0 && i + 1 < argc)
        out = argv[++i];
      else
        return at_cli_usage_error (name, synopsis, "unexpected argument '%s'", a);
    }
  if (res == 0)
    return at_cli_usage_error (name, synopsis, "--res is required");
  AtError err = { 0 };
  AtClothDef def = at_cloth_def_default ();
  if (at_fabric_load (fabric_name, &def.fabric, &err) != AT_OK)
    return at_cli_fail (name, &err);
  AtMesh *mesh = at_cloth_mesh_square ((int) res, 2.0f);
  if (!mesh)
    {
      at_error_set (&err, AT_ERR_NOMEM, "out of memory for a %ld x %ld cloth", res, res);
      return at_cli_fail (name, &err);
    }
  for (int i = 0; i < mesh->vertex_count; i++)
    mesh->positions[3 * i + 1] = 0.8f;
  def.mesh = mesh;
  def.self_collision = self;
  if (substeps)
    def.substeps = (int) substeps;
  if (iterations)
    def.iterations = (int) iterations;
  AtCloth *cloth = at_cloth_create (&def, &err);
  const float centre[3] = { 0, 0, 0 };
  const float radius = 0.5f;
  if (!cloth || at_cloth_add_sphere (cloth, centre, radius, &err) < 0)
    {
      at_cloth_free (cloth);
      at_mesh_free (mesh);
      return at_cli_fail (name, &err);
    }
  double *ms = malloc ((size_t) frames * sizeof *ms);
  bool finite = ms != NULL;
  for (long f = 0; f < frames && finite; f++)
    {
      double t0 = now_ms ();
      AtError step_err = { 0 };
      AtStatus st = at_cloth_step (cloth, &step_err);
      ms[f] = now_ms () - t0;
      if (st != AT_OK)
        {
          fprintf (stderr, "atelier-cli %s: frame %ld: %s\n", name, f, step_err.message);
          finite = st == AT_ERR_RANGE ? false : finite;
        }
    }
  AtClothStats stats;
  at_cloth_stats (cloth, &stats);
  finite = finite && stats.finite;
  const float *x = at_cloth_positions (cloth);
  double pen = 0, top = -INFINITY;
  for (int i = 0; i < mesh->vertex_count; i++)
    {
      double r = sqrt ((double) x[3 * i] * x[3 * i] + (double) x[3 * i + 1] * x[3 * i + 1] + (double) x[3 * i + 2] * x[3 * i + 2]);
      if (radius - r > pen)
        pen = radius - r;
      top = fmax (top, x[3 * i + 1]);
    }
  double max_ms = 0;
  for (long f = 0; ms && f < frames; f++)
    max_ms = fmax (max_ms, ms[f]);
  if (ms)
    qsort (ms, (size_t) frames, sizeof *ms, compare_doubles);
  double median = ms ? (frames % 2 ? ms[frames / 2] : 0.5 * (ms[frames / 2 - 1] + ms[frames / 2])) : NAN;
  free (ms);
  int rc = AT_EXIT_OK;
  if (out)
    {
      if (at_cloth_write_mesh (cloth, mesh, &err) != AT_OK || at_cli_write_cloth (out, "cloth", mesh, &err) != AT_OK)
        rc = at_cli_fail (name, &err);
    }
  at_cloth_free (cloth);
  at_mesh_free (mesh);
  if (rc != AT_EXIT_OK)
    return rc;
  PeerResult peer = { 0 };
  if (peer_wanted)
    run_peer ((int) res, (int) frames, &peer);
  double ratio = peer.ran ? peer.median_ms / median : NAN;
  if (json)
    {
      json_t *o = json_pack ("{s:s, s:i, s:i, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:b, s:b, s:i}", "scene", "cloth-sphere", "res",
                             (int) res, "frames", (int) frames, "fabric", fabric_name, "median_ms", median, "max_ms", max_ms,
                             "max_strain", stats.max_strain, "mean_strain", stats.mean_strain, "penetration_mm", pen * 1e3,
                             "top_m", top, "on_sphere", on_sphere (top, radius), "finite", finite, "self_contacts", stats.self_contacts);
      if (peer.ran)
        {
          json_object_set_new (o, "peer", json_string ("bullet-softbody-3.24"));
          json_object_set_new (o, "peer_iterations", json_integer (peer.iterations));
          json_object_set_new (o, "peer_median_ms", json_real (peer.median_ms));
          json_object_set_new (o, "peer_max_ms", json_real (peer.max_ms));
          json_object_set_new (o, "peer_max_strain", json_real (peer.max_strain));
          json_object_set_new (o, "peer_mean_strain", json_real (peer.mean_strain));
          json_object_set_new (o, "peer_penetration_mm", json_real (peer.penetration_mm));
          json_object_set_new (o, "peer_top_m", json_real (peer.top_m));
          json_object_set_new (o, "ratio", json_real (ratio));
        }
      else
        {
          json_object_set_new (o, "peer_median_ms", json_null ());
          json_object_set_new (o, "ratio", json_null ());
        }
      at_cli_print_json (json_dumps (o, JSON_INDENT (2) | JSON_REAL_PRECISION (6)));
      json_decref (o);
    }
  else
    {
      printf ("cloth-sphere  res %ldx%ld  fabric %s  frames %ld\n", res, res, fabric_name, frames);
      printf ("  atelier (XPBD)   median %.2f ms  max %.2f ms  strain max %.4f mean %.5f  penetration %.2f mm  top %.3f m%s  finite %s\n",
              median, max_ms, stats.max_strain, stats.mean_strain, pen * 1e3, top, on_sphere (top, radius) ? "" : " (slid off the sphere)",
              finite ? "yes" : "no");
      if (peer.ran)
        printf ("  bullet (%d it, 1 substep, margin 5 mm, SDF_RS 5 cm, friction 0.3)   median %.2f ms  max %.2f ms  strain max %.4f mean %.5f  penetration %.2f mm  top %.3f m%s\n"
                "  ratio (bullet / atelier median): %.2fx\n",
                peer.iterations, peer.median_ms, peer.max_ms, peer.max_strain, peer.mean_strain, peer.penetration_mm, peer.top_m,
                on_sphere (peer.top_m, radius) ? "" : " (slid off the sphere)", ratio);
      else if (peer_wanted)
        printf ("  bullet peer: not available (build bench/ with libbullet-dev)\n");
    }
  return finite ? AT_EXIT_OK : AT_EXIT_FAILURE;
}

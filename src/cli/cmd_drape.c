/* `atelier-cli drape --body MEAS.json|MESH --garment GARMENT [--size S |
 * --made-to-measure] [--fabric F] [--out drape.glb|.obj] [--render drape.png]
 * [--report fit.json]`: sews and drapes a library garment on a body
 * (CONTRACT.md). A body mesh (a scan) is measured and rebuilt as the
 * parametric body of those measurements, which gives the landmarks and the
 * collision field the drape needs. Without --size the chart size nearest
 * to the body is draped. */
#include "cli.h"
#include "cli_drape.h"
#include "anthro/at_completion.h"
#include "at_file.h"
#include "fit/at_fit.h"
#include "io/at_io.h"
#include "pattern/at_garment_library.h"
#include "at_offscreen.h"
#include <jansson.h>
#include <string.h>

static const char synopsis[] = "--body MEAS.json|MESH --garment GARMENT [--size S | --made-to-measure] [--fabric F] "
                               "[--out drape.glb|.obj] [--render drape.png] [--report fit.json]";

static bool
has_suffix (const char *s, const char *suffix)
{
  size_t n = strlen (s), k = strlen (suffix);
  return n >= k && g_ascii_strcasecmp (s + n - k, suffix) == 0;
}

AtStatus
at_cli_drape_body (const char *path, AtSex mesh_sex, AtBody **out, AtError *err)
{
  AtMeasurements given, full;
  AtStatus st;
  if (has_suffix (path, ".json"))
    st = at_measurements_load (path, &given, err);
  else
    {
      AtMesh *mesh;
      if ((st = at_mesh_import (path, NULL, &mesh, err)) != AT_OK)
        return st;
      st = at_body_measure_mesh (mesh, mesh_sex, &given, NULL, err);
      at_mesh_free (mesh);
    }
  if (st == AT_OK)
    st = at_completion_complete (&given, &full, err);
  AtBodyDef def = at_body_def_default ();
  if (st == AT_OK)
    st = at_body_build (&full, &def, out, err);
  if (st != AT_OK)
    {
      AtError named = *err;
      at_error_set (err, named.code, "%s: %s", path, named.message);
    }
  return st;
}

void
at_cli_fabric_color (const char *fabric, float rgb[3])
{
  static const struct {
    const char *name;
    float rgb[3];
  } table[] = {
    { "denim", { 0.10f, 0.18f, 0.38f } },        { "cotton-jersey", { 0.55f, 0.62f, 0.70f } },
    { "cotton-poplin", { 0.85f, 0.86f, 0.90f } }, { "cotton-twill", { 0.55f, 0.45f, 0.30f } },
    { "fleece", { 0.45f, 0.12f, 0.14f } },        { "knit-rib", { 0.30f, 0.30f, 0.32f } },
    { "leather", { 0.22f, 0.12f, 0.06f } },       { "silk-charmeuse", { 0.60f, 0.15f, 0.35f } },
    { "wool-suiting", { 0.18f, 0.20f, 0.24f } },
  };
  float fallback[3] = { 0.35f, 0.45f, 0.60f };
  memcpy (rgb, fallback, sizeof fallback);
  for (size_t i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (table[i].name, fabric) == 0)
      memcpy (rgb, table[i].rgb, sizeof table[i].rgb);
}

bool
at_cli_drape_render (AtDrape *drape, AtViewPreset view, const char *png, AtError *err)
{
  GError *error = NULL;
  AtOffscreen *off = at_offscreen_new (&error);
  AtRenderer *renderer = off ? at_renderer_new (&error) : NULL;
  cairo_surface_t *image = NULL;
  bool ok = false;
  if (renderer)
    {
      AtMaterial skin = at_material_default (), cloth = at_material_default ();
      float skin_rgb[3] = { 0.80f, 0.62f, 0.52f };
      memcpy (skin.base_color, skin_rgb, sizeof skin_rgb);
      at_cli_fabric_color (at_drape_fabric (drape)->name, cloth.base_color);
      cloth.roughness = 0.85f;
      at_renderer_set_mesh (renderer, 0, at_body_mesh (at_drape_body (drape)), &skin);
      at_renderer_set_mesh (renderer, 1, at_drape_garment_mesh (drape), &cloth);
      float min[3], max[3];
      at_renderer_scene_bounds (renderer, min, max);
      AtCamera cam;
      at_camera_frame (&cam, min, max, view);
      image = at_offscreen_draw (off, renderer, &cam, 720, 960, &error);
    }
  if (image)
    ok = at_render_write_png (image, png, &error);
  if (!ok)
    at_error_set (err, AT_ERR_IO, "%s: cannot render (%s)", png, error ? error->message : "unknown error");
  g_clear_error (&error);
  if (image)
    cairo_surface_destroy (image);
  if (renderer)
    at_renderer_free (renderer);
  if (off)
    at_offscreen_free (off);
  return ok;
}

static AtStatus
write_report (const char *path, const AtGarmentDef *g, const AtPattern *pattern, AtDrape *drape,
              const AtFitReport *fit, AtError *err)
{
  json_t *regions = json_array ();
  for (int i = 0; i < fit->region_count; i++)
    json_array_append_new (regions, json_pack ("{sssfss}", "region", fit->regions[i].region, "ease_cm",
                                               fit->regions[i].ease_cm, "verdict",
                                               at_fit_verdict_name (fit->regions[i].verdict)));
  json_t *root = json_pack ("{sssssisisfsis{sfsfsf}so}", "garment", g->id, "size", pattern->size, "vertices",
                            at_drape_garment_mesh (drape)->vertex_count, "frames", at_drape_frames (drape), "seconds",
                            at_drape_seconds (drape), "penetrating_vertices", fit->penetrating_vertices, "strain",
                            "mean", fit->strain_mean, "p99", fit->strain_p99, "max", fit->strain_max, "regions",
                            regions);
  char *text = json_dumps (root, JSON_INDENT (2));
  json_decref (root);
  if (!text)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  size_t n = strlen (text);
  text[n] = '\n';
  AtStatus st = at_file_write_atomic (path, text, n + 1, err);
  free (text);
  return st;
}

int
at_cli_drape (int argc, char **argv)
{
  const char *cmd = "drape";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, synopsis,
                         "Sews the garment's pattern and drapes it on the body.\n"
                         "  --body FILE         measurements (.json; missing keys estimated) or a body mesh\n"
                         "  --garment ID        library garment (see `atelier-cli garments`)\n"
                         "  --size S            chart size (default: the size nearest to the body)\n"
                         "  --made-to-measure   draft the pattern for this body\n"
                         "  --fabric F          fabric preset or .json file (default: the garment's)\n"
                         "  --out FILE          write body and garment (.glb, .gltf or .obj)\n"
                         "  --render FILE.png   write a lit still (three-quarter view)\n"
                         "  --report FILE.json  write the fit report\n");
      return AT_EXIT_OK;
    }
  const char *body_path = NULL, *garment = NULL, *size = NULL, *fabric_name = NULL, *out_path = NULL,
             *render_path = NULL, *report_path = NULL;
  bool mtm = false;
  for (int i = 1; i < argc; i++)
    {
      const char **slot = NULL;
      if (strcmp (argv[i], "--made-to-measure") == 0)
        {
          mtm = true;
          continue;
        }
      else if (strcmp (argv[i], "--body") == 0)
        slot = &body_path;
      else if (strcmp (argv[i], "--garment") == 0)
        slot = &garment;
      else if (strcmp (argv[i], "--size") == 0)
        slot = &size;
      else if (strcmp (argv[i], "--fabric") == 0)
        slot = &fabric_name;
      else if (strcmp (argv[i], "--out") == 0)
        slot = &out_path;
      else if (strcmp (argv[i], "--render") == 0)
        slot = &render_path;
      else if (strcmp (argv[i], "--report") == 0)
        slot = &report_path;
      else
        return at_cli_usage_error (cmd, synopsis, "unexpected argument '%s'", argv[i]);
      if (++i >= argc)
        return at_cli_usage_error (cmd, synopsis, "%s needs a value", argv[i - 1]);
      *slot = argv[i];
    }
  if (!body_path || !garment)
    return at_cli_usage_error (cmd, synopsis, "--body and --garment are required");
  if (size && mtm)
    return at_cli_usage_error (cmd, synopsis, "--size and --made-to-measure exclude each other");
  if (out_path && !has_suffix (out_path, ".glb") && !has_suffix (out_path, ".gltf") && !has_suffix (out_path, ".obj"))
    return at_cli_usage_error (cmd, synopsis, "--out must end in .glb, .gltf or .obj");

  AtError err = { 0 };
  AtGarmentDef def;
  AtFabric fabric;
  if (at_garment_load (garment, &def, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  if (fabric_name && at_fabric_load (fabric_name, &fabric, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  AtBody *body;
  if (at_cli_drape_body (body_path, def.sex, &body, &err) != AT_OK)
    return at_cli_fail (cmd, &err);
  const AtMeasurements *m = at_body_measurements (body);
  AtPattern pattern;
  AtStatus st;
  if (mtm)
    st = at_garment_draft_body (&def, m, &pattern, &err);
  else
    {
      if (!size)
        {
          int k = at_garment_nearest_size (&def, m);
          size = def.sizes[k < 0 ? 0 : k].name;
        }
      else if (at_garment_size_index (&def, size) < 0)
        {
          at_body_free (body);
          return at_cli_usage_error (cmd, synopsis, "garment '%s' has no size '%s'", garment, size);
        }
      st = at_garment_draft_size (&def, size, &pattern, &err);
    }
  AtDrape *drape = NULL;
  AtDrapeDef ddef = at_drape_def_default ();
  if (st == AT_OK)
    st = at_drape_create (&pattern, fabric_name ? &fabric : NULL, body, &ddef, &drape, &err);
  if (st == AT_OK)
    st = at_drape_run (drape, NULL, NULL, NULL, &err);
  AtFitReport fit = { 0 };
  if (st == AT_OK)
    st = at_fit_analyze (drape, &def, &fit, &err);
  if (st == AT_OK && out_path)
    {
      float rgb[3];
      at_cli_fabric_color (at_drape_fabric (drape)->name, rgb);
      AtSceneNode nodes[2] = {
        { "body", at_body_mesh (body), { 0.80f, 0.62f, 0.52f, 1.f }, 0.6f },
        { "garment", at_drape_garment_mesh (drape), { rgb[0], rgb[1], rgb[2], 1.f }, 0.85f },
      };
      st = at_scene_export (out_path, nodes, 2, &err);
    }
  if (st == AT_OK && report_path)
    st = write_report (report_path, &def, &pattern, drape, &fit, &err);
  if (st == AT_OK && render_path && !at_cli_drape_render (drape, AT_VIEW_THREE_QUARTER, render_path, &err))
    st = err.code;
  if (st == AT_OK)
    printf ("drape: %s size %s, %d vertices, %d frames, %.2f s, %d penetrating vertices, strain mean %.2f%% max %.2f%%\n",
            def.id, pattern.size, at_drape_garment_mesh (drape)->vertex_count, at_drape_frames (drape),
            at_drape_seconds (drape), fit.penetrating_vertices, 100 * fit.strain_mean, 100 * fit.strain_max);
  at_fit_report_clear (&fit);
  at_drape_free (drape);
  at_body_free (body);
  return st == AT_OK ? AT_EXIT_OK : at_cli_fail (cmd, &err);
}

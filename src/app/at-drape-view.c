#include "at-drape-view.h"
#include "at-body-panel.h"
#include "at-garment-panel.h"
#include "fit/at_fit.h"
#include "garment/at_drape.h"

#include <glib/gi18n.h>

#define LIVE_FRAME_INTERVAL 6

struct _AtDrapeView {
  GObject parent_instance;

  /* borrowed */
  AtWindow *window;

  /* owned */
  guint generation;
  guint compare_generation;
  GCancellable *cancellable;
  GCancellable *compare_cancellable;
  char compare_size[16];
  AtFitReport report;
  gboolean has_report;
  AtMesh *garment;          /* the last draped garment, for recolouring */
  AtMaterial material;
  char map[16];
  char last_size[32];
};

G_DEFINE_FINAL_TYPE (AtDrapeView, at_drape_view, G_TYPE_OBJECT)

typedef struct {
  AtDrapeView *self;        /* strong reference */
  guint generation;
  gboolean compare;         /* the side-by-side second size, drawn beside the first */
  AtMesh *body_mesh;
  AtMeasurements body;
  AtPattern *pattern;
  AtFabric fabric;
  AtGarmentDef garment;
  volatile bool cancel;
  gulong cancel_handler;
  GCancellable *cancellable;
  /* results */
  AtMesh *mesh;
  AtFitReport report;
  gboolean has_report;
  int frames;
  double seconds;
  AtError error;
} DrapeJob;

typedef struct {
  AtDrapeView *self;
  guint generation;
  int slot;
  AtMesh *mesh;
  double fraction;
} LiveFrame;

static void
drape_job_free (gpointer data)
{
  DrapeJob *job = data;
  if (job->cancel_handler)
    g_cancellable_disconnect (job->cancellable, job->cancel_handler);
  g_clear_object (&job->cancellable);
  g_free (job->pattern);
  at_mesh_free (job->mesh);
  at_mesh_free (job->body_mesh);
  if (job->has_report)
    at_fit_report_clear (&job->report);
  g_object_unref (job->self);
  g_free (job);
}

static AtMaterial
fabric_material (const AtFabric *fabric, const char *map)
{
  AtMaterial m = at_material_default ();
  /* A calm default colour per fabric family; the weave follows the grain. */
  const char *name = fabric->name;
  if (strstr (name, "denim"))
    m.base_color[0] = 0.16f, m.base_color[1] = 0.24f, m.base_color[2] = 0.42f;
  else if (strstr (name, "wool"))
    m.base_color[0] = 0.30f, m.base_color[1] = 0.30f, m.base_color[2] = 0.34f;
  else if (strstr (name, "silk"))
    m.base_color[0] = 0.62f, m.base_color[1] = 0.16f, m.base_color[2] = 0.22f;
  else if (strstr (name, "leather"))
    m.base_color[0] = 0.28f, m.base_color[1] = 0.17f, m.base_color[2] = 0.10f;
  else if (strstr (name, "fleece") || strstr (name, "rib"))
    m.base_color[0] = 0.40f, m.base_color[1] = 0.46f, m.base_color[2] = 0.36f;
  else
    m.base_color[0] = 0.78f, m.base_color[1] = 0.80f, m.base_color[2] = 0.84f;
  m.roughness = strstr (name, "silk") ? 0.35f : 0.85f;
  m.weave = 0.18f;
  m.weave_scale = 350.0f;
  m.use_vertex_color = map && !g_str_equal (map, "none");
  return m;
}

static gboolean
show_live_frame (gpointer data)
{
  LiveFrame *frame = data;
  if (frame->self->window && frame->generation == frame->self->generation && frame->slot == AT_SLOT_GARMENT)
    {
      AtView3d *view = at_window_get_view3d (frame->self->window);
      at_view3d_set_mesh (view, AT_SLOT_GARMENT, frame->mesh, &frame->self->material);
      at_window_task_progress (frame->self->window, frame->fraction);
    }
  at_mesh_free (frame->mesh);
  g_object_unref (frame->self);
  g_free (frame);
  return G_SOURCE_REMOVE;
}

static void
drape_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  DrapeJob *job = data;
  AtBody *body = NULL;
  AtDrape *drape = NULL;
  AtBodyDef body_def = at_body_def_default ();
  AtDrapeDef def = at_drape_def_default ();
  if (at_body_build (&job->body, &body_def, &body, &job->error) != AT_OK
      || at_drape_create (job->pattern, &job->fabric, body, &def, &drape, &job->error) != AT_OK)
    goto out;
  /* Frames are streamed to the view while the cloth settles. */
  while (at_drape_phase (drape) != AT_DRAPE_AT_REST && at_drape_frames (drape) < def.max_frames && !job->cancel)
    {
      if (at_drape_step (drape, &job->error) != AT_OK && job->error.code != AT_ERR_RANGE)
        goto out;
      if (at_drape_frames (drape) % LIVE_FRAME_INTERVAL == 0)
        {
          LiveFrame *frame = g_new0 (LiveFrame, 1);
          frame->self = g_object_ref (job->self);
          frame->generation = job->generation;
          frame->slot = job->compare ? AT_SLOT_COMPARE_GARMENT : AT_SLOT_GARMENT;
          frame->mesh = at_mesh_copy (at_drape_garment_mesh (drape));
          frame->fraction = (double) at_drape_frames (drape) / def.max_frames;
          g_main_context_invoke (NULL, show_live_frame, frame);
        }
    }
  at_error_clear (&job->error);
  if (job->cancel)
    {
      at_error_set (&job->error, AT_ERR_CANCELLED, "cancelled");
      goto out;
    }
  job->body_mesh = at_mesh_copy (at_body_mesh (body));
  job->frames = at_drape_frames (drape);
  job->seconds = at_drape_seconds (drape);
  job->mesh = at_mesh_copy (at_drape_garment_mesh (drape));
  job->has_report = at_fit_analyze (drape, &job->garment, &job->report, &job->error) == AT_OK;
out:
  at_drape_free (drape);
  at_body_free (body);
  g_task_return_boolean (task, TRUE);
}

static void
recolour (AtDrapeView *self)
{
  if (!self->garment || !self->window)
    return;
  AtView3d *view = at_window_get_view3d (self->window);
  gboolean mapped = self->has_report && !g_str_equal (self->map, "none");
  self->material.use_vertex_color = mapped;
  if (mapped)
    {
      AtFitMap map = g_str_equal (self->map, "ease") ? AT_FIT_MAP_EASE
                     : g_str_equal (self->map, "pressure") ? AT_FIT_MAP_PRESSURE : AT_FIT_MAP_STRAIN;
      at_fit_colorize (&self->report, map, self->garment, NULL);
      float lo, hi;
      at_fit_map_range (map, &lo, &hi);
      const char *unit = map == AT_FIT_MAP_EASE ? "cm" : map == AT_FIT_MAP_PRESSURE ? "kPa" : "%";
      double scale = map == AT_FIT_MAP_STRAIN ? 100.0 : 1.0;
      g_autofree char *low = g_strdup_printf ("%.0f %s", lo * scale, unit);
      g_autofree char *high = g_strdup_printf ("%.0f %s", hi * scale, unit);
      const char *title = map == AT_FIT_MAP_EASE ? _("Ease: distance from the skin")
                          : map == AT_FIT_MAP_PRESSURE ? _("Pressure on the body") : _("Strain: stretch of the cloth");
      at_view3d_set_legend (view, title, low, high);
    }
  else
    at_view3d_set_legend (view, NULL, NULL, NULL);
  at_view3d_set_mesh (view, AT_SLOT_GARMENT, self->garment, &self->material);
}

static void
drape_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AtDrapeView *self = AT_DRAPE_VIEW (source);
  DrapeJob *job = g_task_get_task_data (G_TASK (result));
  if (!self->window || job->generation != self->generation)
    return;
  g_clear_object (&self->cancellable);
  if (!job->mesh)
    {
      g_autofree char *status = job->error.code == AT_ERR_CANCELLED
                                  ? g_strdup (_("Drape cancelled"))
                                  : g_strdup_printf (_("The garment could not be draped: %s"), job->error.message);
      at_window_end_task (self->window, status);
      return;
    }
  at_mesh_free (self->garment);
  self->garment = g_steal_pointer (&job->mesh);
  if (self->has_report)
    at_fit_report_clear (&self->report);
  self->has_report = job->has_report;
  if (job->has_report)
    {
      self->report = job->report;
      job->has_report = FALSE; /* ownership moved */
    }
  recolour (self);
  g_strlcpy (self->last_size, job->pattern->size, sizeof self->last_size);
  GString *status = g_string_new (NULL);
  g_string_append_printf (status, _("Drape at rest in %.1f s · %'d vertices · size %s"), job->seconds,
                          self->garment->vertex_count, job->pattern->size);
  for (int i = 0; self->has_report && i < self->report.region_count; i++)
    if (g_str_equal (self->report.regions[i].region, "chest") || g_str_equal (self->report.regions[i].region, "hip"))
      g_string_append_printf (status, _(" · ease %s %+.1f cm"), self->report.regions[i].region,
                              self->report.regions[i].ease_cm);
  at_window_end_task (self->window, status->str);
  g_string_free (status, TRUE);
}

#define COMPARE_OFFSET_M 0.8f

static void
compare_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AtDrapeView *self = AT_DRAPE_VIEW (source);
  DrapeJob *job = g_task_get_task_data (G_TASK (result));
  if (!self->window || job->generation != self->compare_generation || !job->mesh)
    return;
  g_clear_object (&self->compare_cancellable);
  AtView3d *view = at_window_get_view3d (self->window);
  AtMaterial skin = at_material_default ();
  skin.base_color[0] = 0.74f, skin.base_color[1] = 0.53f, skin.base_color[2] = 0.43f;
  at_view3d_set_offset (view, AT_SLOT_COMPARE_BODY, COMPARE_OFFSET_M);
  at_view3d_set_offset (view, AT_SLOT_COMPARE_GARMENT, COMPARE_OFFSET_M);
  at_view3d_set_mesh (view, AT_SLOT_COMPARE_BODY, job->body_mesh, &skin);
  AtMaterial cloth = fabric_material (&job->fabric, "none");
  at_view3d_set_mesh (view, AT_SLOT_COMPARE_GARMENT, job->mesh, &cloth);
  at_view3d_set_preset (view, AT_VIEW_FRONT);
  g_autofree char *status = g_strdup_printf (_("Comparing size %s (left) with size %s (right)"), self->last_size,
                                             job->pattern->size);
  at_window_set_status (self->window, status);
}

static void
on_cancelled (GCancellable *cancellable, gpointer data)
{
  DrapeJob *job = data;
  job->cancel = true;
}

static void
start_job (AtDrapeView *self, const AtPattern *pattern, guint generation, gboolean compare, GCancellable *cancellable,
           GAsyncReadyCallback done)
{
  AtGarmentPanel *garment_panel = at_window_get_garment_panel (self->window);
  DrapeJob *job = g_new0 (DrapeJob, 1);
  job->self = g_object_ref (self);
  job->generation = generation;
  job->compare = compare;
  job->body = *at_body_panel_get_measurements (at_window_get_body_panel (self->window));
  job->pattern = g_memdup2 (pattern, sizeof *pattern);
  job->fabric = *at_garment_panel_get_fabric (garment_panel);
  job->garment = *at_garment_panel_get_garment (garment_panel);
  job->cancellable = g_object_ref (cancellable);
  job->cancel_handler = g_cancellable_connect (job->cancellable, G_CALLBACK (on_cancelled), job, NULL);
  GTask *task = g_task_new (self, NULL, done, NULL);
  g_task_set_task_data (task, job, drape_job_free);
  g_task_run_in_thread (task, drape_thread);
  g_object_unref (task);
}

void
at_drape_view_set_compare_size (AtDrapeView *self, const char *size)
{
  if (!self->window)
    return;
  if (self->compare_cancellable)
    g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);
  self->compare_generation++;
  AtView3d *view = at_window_get_view3d (self->window);
  const AtGarmentDef *garment = at_garment_panel_get_garment (at_window_get_garment_panel (self->window));
  g_autofree AtPattern *pattern = g_new0 (AtPattern, 1);
  if (!size || !garment || at_garment_draft_size (garment, size, pattern, NULL) != AT_OK)
    {
      self->compare_size[0] = '\0';
      at_view3d_set_mesh (view, AT_SLOT_COMPARE_BODY, NULL, NULL);
      at_view3d_set_mesh (view, AT_SLOT_COMPARE_GARMENT, NULL, NULL);
      at_view3d_reset (view);
      return;
    }
  g_strlcpy (self->compare_size, size, sizeof self->compare_size);
  self->compare_cancellable = g_cancellable_new ();
  start_job (self, pattern, self->compare_generation, TRUE, self->compare_cancellable, compare_done);
}

void
at_drape_view_update (AtDrapeView *self)
{
  if (!self->window)
    return;
  AtGarmentPanel *garment_panel = at_window_get_garment_panel (self->window);
  AtBodyPanel *body_panel = at_window_get_body_panel (self->window);
  const AtPattern *pattern = at_garment_panel_get_pattern (garment_panel);
  const AtGarmentDef *garment = at_garment_panel_get_garment (garment_panel);
  if (!pattern || !garment || !at_body_panel_get_body (body_panel))
    return;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->material = fabric_material (at_garment_panel_get_fabric (garment_panel), self->map);
  g_autofree char *what = g_strdup_printf (_("Sewing and draping %s, size %s…"), garment->name, pattern->size);
  self->cancellable = g_object_ref (at_window_begin_task (self->window, what));
  start_job (self, pattern, ++self->generation, FALSE, self->cancellable, drape_done);
  if (self->compare_size[0])
    at_drape_view_set_compare_size (self, self->compare_size);
}

void
at_drape_view_detach (AtDrapeView *self)
{
  self->generation++;
  self->compare_generation++;
  self->window = NULL;
  if (self->compare_cancellable)
    g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
at_drape_view_set_map (AtDrapeView *self, const char *map)
{
  g_strlcpy (self->map, map, sizeof self->map);
  recolour (self);
}

static void
at_drape_view_finalize (GObject *object)
{
  AtDrapeView *self = AT_DRAPE_VIEW (object);
  at_drape_view_detach (self);
  at_mesh_free (self->garment);
  if (self->has_report)
    at_fit_report_clear (&self->report);
  G_OBJECT_CLASS (at_drape_view_parent_class)->finalize (object);
}

static void
at_drape_view_class_init (AtDrapeViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = at_drape_view_finalize;
}

static void
at_drape_view_init (AtDrapeView *self)
{
  g_strlcpy (self->map, "none", sizeof self->map);
}

AtDrapeView *
at_drape_view_new (AtWindow *window)
{
  AtDrapeView *self = g_object_new (AT_TYPE_DRAPE_VIEW, NULL);
  self->window = window;
  g_signal_connect_object (at_window_get_garment_panel (window), "pattern-changed",
                           G_CALLBACK (at_drape_view_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (at_window_get_body_panel (window), "body-changed", G_CALLBACK (at_drape_view_update),
                           self, G_CONNECT_SWAPPED);
  return self;
}

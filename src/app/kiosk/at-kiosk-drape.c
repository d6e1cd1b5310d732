/* The kiosk's try-on drape in a worker thread: the engine's pipeline
 * (at_garment_draft_size, at_body_build, at_drape_create, at_drape_run,
 * at_fit_analyze) run as one GTask. Unlike the studio's drape view, no live
 * frames are streamed: a customer is shown a progress bar and then the
 * garment at rest, so the main thread only reads a progress fraction.
 *
 * The panels are meshed at KIOSK_EDGE_CM rather than the studio's 1.5 cm:
 * a customer's fit picture needs the garment's shape and ease, not its
 * small wrinkles, and the solver's cost grows with the vertex count (about
 * 1 / edge^2): measured on one thread, a T-shirt for a 165 cm / 61 kg body
 * took 2.8 s of CPU to come to rest (1,620 vertices, 363 frames) against
 * 13 s at 1.5 cm (4,355 vertices, still moving at the 600-frame limit).
 *
 * Cancelling is checked between the stages too, so a customer who moves on
 * costs the machine at most one stage of work. */
#include "at-kiosk-drape.h"
#include "at-body-task.h"
#include "garment/at_drape.h"

#define KIOSK_EDGE_CM 2.5

typedef struct {
  AtMeasurements body;
  AtGarmentDef garment;
  int size;
  char fabric[AT_PATTERN_NAME_MAX];
  GCancellable *cancellable;
  gint permille;           /* progress, written by the worker */
  AtMesh *mesh;
  AtFitReport report;
  gboolean has_report;
} DrapeJob;

static void
drape_job_free (gpointer data)
{
  DrapeJob *job = data;
  at_mesh_free (job->mesh);
  if (job->has_report)
    at_fit_report_clear (&job->report);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static bool
on_progress (int frame, int max_frames, void *data)
{
  DrapeJob *job = data;
  g_atomic_int_set (&job->permille, (gint) (1000.0 * frame / MAX (max_frames, 1)));
  return !g_cancellable_is_cancelled (job->cancellable);
}

static gboolean
cancelled (DrapeJob *job, AtError *err)
{
  if (!g_cancellable_is_cancelled (job->cancellable))
    return FALSE;
  at_error_set (err, AT_ERR_CANCELLED, "drape: cancelled");
  return TRUE;
}

/* "cotton jersey" -> the library's "cotton-jersey", when it has one. */
static gboolean
load_fabric (const char *name, AtFabric *out)
{
  if (!name[0])
    return FALSE;
  g_autofree char *id = g_strdelimit (g_strdup (name), " ", '-');
  AtError ignored = { 0 };
  return at_fabric_load (id, out, &ignored) == AT_OK;
}

static void
drape_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  DrapeJob *job = data;
  AtError err = { 0 };
  AtBody *body = NULL;
  AtDrape *drape = NULL;
  AtFabric fabric;
  gboolean have_fabric = load_fabric (job->fabric, &fabric);
  AtPattern *pattern = g_new0 (AtPattern, 1);
  AtBodyDef body_def = at_body_def_default ();
  AtDrapeDef def = at_drape_def_default ();
  def.edge_length_cm = KIOSK_EDGE_CM;
  AtStatus st = at_garment_draft_size (&job->garment, job->garment.sizes[job->size].name, pattern, &err);
  if (st == AT_OK)
    st = cancelled (job, &err) ? AT_ERR_CANCELLED : at_body_build (&job->body, &body_def, &body, &err);
  if (st == AT_OK)
    st = cancelled (job, &err) ? AT_ERR_CANCELLED
                               : at_drape_create (pattern, have_fabric ? &fabric : NULL, body, &def, &drape, &err);
  if (st == AT_OK)
    st = at_drape_run (drape, on_progress, job, NULL, &err);
  if (st == AT_OK)
    st = at_fit_analyze (drape, &job->garment, &job->report, &err);
  if (st == AT_OK)
    {
      job->has_report = TRUE;
      job->mesh = at_mesh_copy (at_drape_garment_mesh (drape));
    }
  at_drape_free (drape);
  at_body_free (body);
  g_free (pattern);
  if (st == AT_ERR_CANCELLED || g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the drape was cancelled");
  else if (st != AT_OK)
    g_task_return_new_error (task, AT_ENGINE_ERROR, (int) st, "%s", err.message);
  else if (!job->mesh)
    g_task_return_new_error (task, AT_ENGINE_ERROR, AT_ERR_NOMEM, "out of memory copying the draped garment");
  else
    g_task_return_boolean (task, TRUE);
}

GTask *
at_kiosk_drape_async (gpointer source_object, const AtMeasurements *body, const AtGarmentDef *garment, int size,
                      const char *fabric, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  DrapeJob *job = g_new0 (DrapeJob, 1);
  job->body = *body;
  job->garment = *garment;
  job->size = CLAMP (size, 0, garment->size_count - 1);
  g_strlcpy (job->fabric, fabric ? fabric : "", sizeof job->fabric);
  job->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, at_kiosk_drape_async);
  g_task_set_task_data (task, job, drape_job_free);
  g_task_run_in_thread (task, drape_thread);
  return task;
}

double
at_kiosk_drape_progress (GTask *task)
{
  DrapeJob *job = g_task_get_task_data (task);
  return job ? g_atomic_int_get (&job->permille) / 1000.0 : 0.0;
}

gboolean
at_kiosk_drape_finish (GAsyncResult *result, AtMesh **mesh, AtFitReport *report, GError **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  DrapeJob *job = g_task_get_task_data (G_TASK (result));
  *mesh = g_steal_pointer (&job->mesh);
  *report = job->report;
  job->has_report = FALSE; /* ownership moved */
  return TRUE;
}

#include "at-body-task.h"

G_DEFINE_QUARK (at-engine-error-quark, at_engine_error)

typedef struct {
  AtMeasurements partial, complete;
  AtBody *body;
  double milliseconds;
} BodyJob;

static void
body_job_free (gpointer data)
{
  BodyJob *job = data;
  at_body_free (job->body);
  g_free (job);
}

static void
build_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  BodyJob *job = data;
  AtBodyDef def = at_body_def_default ();
  AtError err = { 0 };
  gint64 start = g_get_monotonic_time ();
  if (at_body_build_from_partial (&job->partial, &def, &job->complete, &job->body, &err) != AT_OK)
    {
      g_task_return_new_error (task, AT_ENGINE_ERROR, (int) err.code, "%s", err.message);
      return;
    }
  job->milliseconds = (g_get_monotonic_time () - start) / 1000.0;
  g_task_return_boolean (task, TRUE);
}

void
at_body_build_async (gpointer source_object, const AtMeasurements *partial, GCancellable *cancellable,
                     GAsyncReadyCallback callback, gpointer user_data)
{
  BodyJob *job = g_new0 (BodyJob, 1);
  job->partial = *partial;
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, at_body_build_async);
  g_task_set_task_data (task, job, body_job_free);
  g_task_run_in_thread (task, build_thread);
  g_object_unref (task);
}

gboolean
at_body_build_finish (GAsyncResult *result, AtMeasurements *complete, AtBody **body, double *milliseconds,
                      GError **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  BodyJob *job = g_task_get_task_data (G_TASK (result));
  *complete = job->complete;
  *body = g_steal_pointer (&job->body);
  if (milliseconds)
    *milliseconds = job->milliseconds;
  return TRUE;
}

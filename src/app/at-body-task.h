/* Building a body from a partial measurement set off the main thread, as
 * GIO's _async/_finish pair, for the studio's body panel and the kiosk. */
#pragma once
#include <gio/gio.h>
#include "body/at_body.h"

/* Errors from the engine carry its AtStatus as their code. */
#define AT_ENGINE_ERROR (at_engine_error_quark ())
GQuark at_engine_error_quark (void);

void at_body_build_async (gpointer source_object, const AtMeasurements *partial, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data);
/* On success *body (owned by the caller) and *complete hold the result and
 * *milliseconds the time the build took; on failure error names the key
 * or the problem. */
gboolean at_body_build_finish (GAsyncResult *result, AtMeasurements *complete, AtBody **body, double *milliseconds,
                               GError **error);

/* The kiosk's try-on: one garment, in one chart size, drafted, sewn and
 * draped on the customer's body and its fit analysed, in a worker thread
 * (GTask), as an _async/_finish pair with a progress fraction the window
 * polls. */
#pragma once
#include <gio/gio.h>
#include "fit/at_fit.h"
#include "pattern/at_garment_library.h"

/* body: the customer's complete measurements (the drape builds its own
 * body from them, so nothing is shared with the main thread); fabric: a
 * catalogue fabric name ("cotton jersey"), used when the fabric library
 * has it, else the garment's own. Cancelling stops the drape within a
 * frame and completes the task with G_IO_ERROR_CANCELLED. Returns the task
 * (a reference the caller releases) so its progress can be read. */
GTask *at_kiosk_drape_async (gpointer source_object, const AtMeasurements *body, const AtGarmentDef *garment,
                           int size, const char *fabric, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
/* How far the drape of a running task is, 0..1 (thread-safe). */
double at_kiosk_drape_progress (GTask *task);
/* On success *mesh (owned by the caller) is the draped garment and *report
 * (cleared by the caller with at_fit_report_clear) its fit. */
gboolean at_kiosk_drape_finish (GAsyncResult *result, AtMesh **mesh, AtFitReport *report, GError **error);

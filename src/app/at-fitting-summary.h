/* The printable fitting summary (A4 PDF): who, when, which garment and
 * size, the per-region fit, and the measurements with which were measured
 * and which estimated. Written atomically. */
#pragma once
#include <glib.h>
#include "size/at_size_advice.h"
#include "store/at_store.h"

gboolean at_fitting_summary_write_pdf (const char *path, const AtCustomer *customer, const AtGarmentDef *garment,
                                       const AtSizeAdvice *advice, const AtMeasurements *body, GError **error);

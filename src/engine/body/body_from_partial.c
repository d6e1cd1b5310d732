/* A body from whatever measurements are known: statistical completion
 * fills the rest (anthro/completion.c), a plausibility check refuses sets
 * no human has, then the parametric body is built. The studio's body
 * panel and the kiosk both start from partial sets. */
#include "at_body.h"
#include "anthro/at_completion.h"

AtStatus
at_body_build_from_partial (const AtMeasurements *partial, const AtBodyDef *def, AtMeasurements *complete_out,
                            AtBody **out, AtError *err)
{
  *out = NULL;
  AtStatus st = at_completion_check_plausible (partial, err);
  if (st == AT_OK)
    st = at_completion_complete (partial, complete_out, err);
  if (st == AT_OK)
    st = at_body_build (complete_out, def, out, err);
  return st;
}

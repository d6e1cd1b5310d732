/* Did a drape stay on? A garment that slid off or fell shows it in its
 * vertical extent against the body's landmarks, which is how the drape
 * check of the benchmark and the tests judges it (no method beyond that; the
 * levels are the ones a fitter would look at):
 * - a garment hung from the shoulders (any panel placed at the neck, head
 *   or torso) keeps its top above the armpits: its shoulder seams rest on
 *   the shoulders, above the armpit level, and a top or dress sliding down
 *   the A-pose arms or off the body takes them below it;
 * - a garment hung from the waist (skirt, trousers) keeps its top above the
 *   hip level (buttock height): a waistband that slipped over the hips is
 *   below it;
 * - nothing is under the floor (trousers may touch it at the heel, as
 *   they break on a shoe).
 * The largest seam gap is the drape's own (at the weld, or now while
 * sewing). */
#include "at_drape.h"

#include <math.h>
#include <string.h>

/* The floor is a collider: a vertex lying on it sits within the solver's
 * contact margin, so only this far under it is through it. */
#define UNDER_FLOOR_M (-0.002)

static bool
hung_from_shoulders (const AtPattern *p)
{
  static const char *const upper[] = { "neck", "head", "front_torso", "back_torso" };
  for (int i = 0; i < p->panel_count; i++)
    for (size_t k = 0; k < sizeof upper / sizeof *upper; k++)
      if (strcmp (p->panels[i].placement.landmark, upper[k]) == 0)
        return true;
  return false;
}

void
at_drape_check (AtDrape *drape, AtDrapeCheck *out)
{
  const AtMesh *m = at_drape_garment_mesh (drape);
  const AtBodyLandmarks *lm = at_body_landmarks (at_drape_body (drape));
  double top = -INFINITY, low = INFINITY;
  for (int v = 0; v < m->vertex_count; v++)
    {
      top = fmax (top, m->positions[3 * v + 1]);
      low = fmin (low, m->positions[3 * v + 1]);
    }
  out->top_m = top;
  out->lowest_m = low;
  out->hung_from_shoulders = hung_from_shoulders (at_drape_pattern (drape));
  out->expected_top_m = out->hung_from_shoulders ? 0.5 * (lm->arm_left.armpit[1] + lm->arm_right.armpit[1])
                                                 : lm->hip.y;
  out->max_seam_gap_mm = 1000 * at_drape_max_seam_gap (drape);
  out->stayed_on = top >= out->expected_top_m && low >= UNDER_FLOOR_M;
}

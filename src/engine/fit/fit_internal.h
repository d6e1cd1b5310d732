/* Shared between the fit module's files: which body part a panel dresses,
 * from its placement landmark. */
#pragma once
#include "pattern/at_pattern.h"

typedef enum {
  AT_FIT_PART_TORSO, AT_FIT_PART_ARM_L, AT_FIT_PART_ARM_R, AT_FIT_PART_WRIST,
  AT_FIT_PART_NECK, AT_FIT_PART_HEAD, AT_FIT_PART_LEG_L, AT_FIT_PART_LEG_R,
} AtFitPart;

AtFitPart at_fit_part_of (const AtPanel *panel);

/* Size from the body: which chart size of a garment fits a person, the
 * runner-up, and the fit of each region in centimetres of ease.
 *
 * A chart size states body measurements. The size chosen is the one whose
 * body girths are nearest the person's in units of the chart's grade step
 * (cf. ISO/TR 10652 and Ashdown, "Sizing in Clothing", 2007, ch. 3). The
 * fit of a region is the garment's: its finished girth, measured on the
 * graded pattern of that size at the levels of the size's body
 * (at_fit_chart_girth), less the person's girth; the ease the garment was
 * made with is its finished girth less the size's own body girth (a
 * straight T-shirt cut for the chest has more at the hip than its hip ease
 * says; an A-line skirt flares from the waist and has more at the hip).
 * Each region's verdict uses the drape's limits (fit/at_fit.h): tight under
 * 2 cm of ease (1 cm at the neck), loose over 3 cm beyond the ease it was
 * made with, so advice and drape agree. */
#pragma once
#include <stdbool.h>
#include "at_measurements.h"
#include "fit/at_fit.h"
#include "pattern/at_garment_library.h"

#define AT_SIZE_MAX_REGIONS 12

typedef enum {
  AT_FIT_PREFERENCE_CLOSE,
  AT_FIT_PREFERENCE_REGULAR,
  AT_FIT_PREFERENCE_LOOSE,
} AtFitPreference;

typedef struct {
  char region[24];
  AtMeasureKey girth;
  double ease_cm;       /* finished garment girth minus body girth */
  double intended_cm;   /* the ease the size was made with (on its chart body) */
  AtFitVerdict verdict;
  bool measured;        /* the body girth was measured, not estimated */
} AtRegionFit;

typedef struct {
  char size[16];
  int size_index;
  double score;         /* lower is better */
  double looseness;     /* mean of (ease - wanted ease) / grade step over the regions */
  AtRegionFit regions[AT_SIZE_MAX_REGIONS];
  int region_count;
} AtSizeFit;

typedef struct {
  AtSizeFit best, runner_up;
  bool has_runner_up;
  double confidence;    /* 0..1: separation of the two and share of measured girths */
  bool outside_chart;   /* the body lies beyond the chart's smallest or largest size */
  bool between_sizes;   /* best and runner-up fit about equally well */
  char advice[160];     /* one sentence for staff and customers */
  double position;      /* the body's place on the chart in sizes: the best
                         * size's index less its looseness (2.4: a little
                         * above size 2) */
} AtSizeAdvice;

bool at_fit_preference_from_name (const char *name, AtFitPreference *out);

/* Evaluates one chart size for a complete measurement set. */
AtStatus at_size_fit (const AtGarmentDef *garment, int size_index, const AtMeasurements *body,
                      AtFitPreference preference, AtSizeFit *out, AtError *err);
/* The recommended size and runner-up. The body must be complete (use
 * at_completion_complete first); given[] says which girths were measured.
 * A garment without a size chart is an error naming the garment. */
AtStatus at_size_advise (const AtGarmentDef *garment, const AtMeasurements *body, AtFitPreference preference,
                         AtSizeAdvice *out, AtError *err);
/* The advice as the JSON of CONTRACT.md's `recommend --json` (caller frees). */
char *at_size_advice_to_json (const AtGarmentDef *garment, const AtSizeAdvice *advice);

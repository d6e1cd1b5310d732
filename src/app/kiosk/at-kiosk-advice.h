/* What the kiosk tells a customer about a garment: the size that suits
 * their body and fit preference, the next-best size, and how each region
 * would feel in plain words; and which garments to show them first. */
#pragma once
#include <glib.h>
#include "fit/at_fit.h"
#include "pattern/at_garment_library.h"
#include "recommend/at_style.h"

typedef enum { AT_KIOSK_FIT_CLOSE, AT_KIOSK_FIT_REGULAR, AT_KIOSK_FIT_LOOSE } AtKioskFitPref;
typedef enum { AT_KIOSK_FEEL_TIGHT, AT_KIOSK_FEEL_SNUG, AT_KIOSK_FEEL_RIGHT, AT_KIOSK_FEEL_ROOMY } AtKioskFeel;

#define AT_KIOSK_MAX_REGIONS 8

typedef struct {
  AtGarmentEase ease;  /* region, girth and the garment's intended ease */
  double body_ease;    /* garment girth in this size minus the customer's girth (cm) */
  double deviation;    /* body_ease minus the ease the customer prefers (cm) */
  AtKioskFeel feel;
} AtKioskRegionFit;

typedef struct {
  int n_regions;
  AtKioskRegionFit regions[AT_KIOSK_MAX_REGIONS];
  double score;        /* lower is better */
} AtKioskSizeFit;

typedef struct {
  int best, alternative; /* chart size indices; alternative -1 with a one-size chart */
  int known;             /* the size the customer usually wears, in this chart; -1 none */
  gboolean known_chosen; /* the usual size broke a near tie and became best */
  AtKioskSizeFit sizes[AT_GARMENT_MAX_SIZES];
} AtKioskAdvice;

/* How much worse (in summed squared deviations, one region a full
 * tolerance off = 1) a neighbouring size the customer usually wears may
 * score and still be recommended. */
#define AT_KIOSK_KNOWN_SIZE_MARGIN 1.0

/* body must be complete (every girth the garment eases). known (may be
 * NULL) lists, NULL-terminated, the size names the customer usually wears
 * (one per size system, e.g. "M" and "38"); the first one this chart has
 * is its usual size, which wins over the measured best only when it is a
 * neighbour scoring within AT_KIOSK_KNOWN_SIZE_MARGIN: a prior for near
 * ties, never an override of the measurements. */
void at_kiosk_advise (const AtGarmentDef *def, const AtMeasurements *body, AtKioskFitPref pref,
                      const char *const *known, AtKioskAdvice *out);
/* The feel of each region from a drape's fit report (measured ease of the
 * draped garment) instead of the size chart: girths the garment eases are
 * judged against the ease the customer prefers as at_kiosk_advise does;
 * other regions (shoulders) by the report's verdict. Garment length is
 * left out: it is not a fit a customer feels. */
void at_kiosk_feel_measured (const AtFitReport *report, const AtGarmentDef *def, AtKioskFitPref pref,
                             AtKioskSizeFit *out);
/* -1 .. +1 per feel, for the fit map's colours (tight -1, roomy +1). */
double at_kiosk_feel_value (const AtKioskRegionFit *fit);

/* Up to max catalogue indices to show first: the style model's ranking
 * for this customer, at most two items of one garment, and only garments
 * cut for them (no skirts or dresses unless they chose the female body).
 * Returns the count. */
gsize at_kiosk_pick_items (const AtStyleModel *model, const AtStyleCatalog *cat, AtSex sex, gsize max, int *out);

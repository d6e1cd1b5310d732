/* Fit analysis of a draped garment, as the fit maps of CLO 3D or Browzwear
 * VStitcher show it: per body region the ease (the garment's girth in
 * cloth at rest where the draped mesh crosses the body's girth level, minus
 * the body's girth) with a verdict, and per vertex the strain, the
 * clearance to the skin and the contact pressure so a view can colour the
 * garment.
 *
 * Usage:
 *   AtFitReport fit;
 *   at_fit_analyze (drape, &garment_def, &fit, &err);
 *   float lo, hi;
 *   at_fit_map_range (AT_FIT_MAP_STRAIN, &lo, &hi);
 *   at_fit_colorize (&fit, AT_FIT_MAP_STRAIN, garment_mesh_copy);
 *   at_fit_report_clear (&fit); */
#pragma once
#include "garment/at_drape.h"
#include "pattern/at_garment_library.h"

typedef enum { AT_FIT_TIGHT, AT_FIT_GOOD, AT_FIT_LOOSE } AtFitVerdict;

typedef enum {
  AT_FIT_MAP_STRAIN,    /* stretch of the cloth, percent (0 = rest length) */
  AT_FIT_MAP_EASE,      /* distance from the skin, cm */
  AT_FIT_MAP_PRESSURE,  /* contact pressure on the body, kPa */
} AtFitMap;

#define AT_FIT_MAX_REGIONS 8

typedef struct {
  const char *region;   /* neck, shoulders, chest, waist, hip, upper_arm, thigh, length */
  double ease_cm;       /* garment minus body; for length: draped minus flat length */
  AtFitVerdict verdict;
  double tight_below, loose_above; /* the thresholds the verdict used (cm) */
} AtFitRegion;

typedef struct {
  AtFitRegion regions[AT_FIT_MAX_REGIONS];
  int region_count;     /* only regions the garment covers */
  int vertex_count;
  float *strain;        /* per vertex, fraction (0.02 = 2 % longer than the pattern) */
  float *clearance;     /* per vertex, cm from the skin (negative inside) */
  float *pressure;      /* per vertex, kPa */
  double strain_mean, strain_p99, strain_max; /* over mesh edges, fractions */
  int penetrating_vertices;                   /* vertices inside the skin */
  double pressure_max_kpa;
} AtFitReport;

/* The limits of a region's verdict in cm of ease: tight below, loose
 * above. region: "chest", "neck"... (or a girth key, "neck_girth").
 * design_ease_cm is the ease the garment is designed with there, or
 * NULL when it states none. The drape's fit analysis and the chart-based
 * size advice both use these, so they say the same of the same body. */
void at_fit_region_limits (const char *region, const double *design_ease_cm, double *tight_below,
                           double *loose_above);

/* The finished girth (cm) of a pattern drafted for body drafted_for, at
 * the level where body (the one fitted; may be the same) has that girth
 * (fit_pattern.c): chest, waist, hip or upper arm; 0 for other keys or
 * where the pattern does not reach. Both bodies need the heights of chest,
 * waist, hip and knee. */
double at_fit_pattern_girth (const AtPattern *pattern, AtMeasureKey girth, const AtMeasurements *body,
                             const AtMeasurements *drafted_for);

/* The finished girth (cm) of chart size `size` of garment g: its graded
 * pattern measured at the levels where body `levels` has that girth (NULL:
 * the size's own body, completed from the chart's measurements), and the
 * ease it was made with (the girth at its own body's levels less that
 * body's girth). False where the pattern does not reach a level or the
 * size cannot be drafted. The graded patterns are drafted once per garment
 * and chart and kept; safe from several threads. */
bool at_fit_chart_girth (const AtGarmentDef *g, int size, AtMeasureKey girth, const AtMeasurements *levels,
                         double *finished_cm, double *made_with_cm);

/* garment (may be NULL) lends its design eases: a region reads loose 3 cm
 * beyond its design ease (fit.c lists the thresholds). */
AtStatus at_fit_analyze (AtDrape *drape, const AtGarmentDef *garment, AtFitReport *out, AtError *err);
void at_fit_report_clear (AtFitReport *report);
const char *at_fit_verdict_name (AtFitVerdict verdict);

/* Copies the per-vertex values of a map (vertex_count floats). */
void at_fit_vertex_values (const AtFitReport *report, AtFitMap map, float *out);
/* The value range a map's colour ramp spans. */
void at_fit_map_range (AtFitMap map, float *lo, float *hi);
/* Blue (lo) - cyan - green - yellow - red (hi), clamped; linear RGB. */
void at_fit_color_ramp (float value, float lo, float hi, float rgb[3]);
/* Fills mesh->colors (allocated if needed) from a map; mesh must have the
 * report's vertex count. */
AtStatus at_fit_colorize (const AtFitReport *report, AtFitMap map, AtMesh *mesh, AtError *err);

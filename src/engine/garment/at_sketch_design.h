/* From an edited sketch to a garment: the sketch's category picks the
 * library garment and the drawing's proportions, measured at garment
 * scale, set that garment's design parameters (length, ease at chest,
 * waist and hip, hem flare, sleeve length), so the pattern drafted from
 * them has the sketch's silhouette on the person it is drafted for. */
#pragma once
#include "at_measurements.h"
#include "pattern/at_garment_library.h"
#include "sketch/at_sketch.h"

/* What the silhouette measures (cm, garment scale). */
typedef struct {
  double length;          /* top of the outline to the hem */
  double shoulder_half;   /* half widths across the torso at these levels */
  double chest_half;
  double waist_half;
  double hip_half;
  double hem_half;
  double sleeve_reach;    /* how far below the shoulder line the sleeve ends; 0 without sleeves */
} AtSketchSilhouette;

/* The library garment a sketch category becomes ("top" -> "tshirt"...). */
const char *at_sketch_garment_id (AtSketchCategory category);
void at_sketch_measure (const AtSketch *sketch, AtSketchSilhouette *out);
/* Sets def's parameters from the sketch for the given body (the girths the
 * eases are added to); every value is clamped to its parameter's range. */
AtStatus at_sketch_apply_design (const AtSketch *sketch, const AtMeasurements *body, AtGarmentDef *def, AtError *err);

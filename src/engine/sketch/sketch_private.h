/* Internal pieces of the sketch module shared between its files. */
#pragma once
#include <stdbool.h>
#include "at_sketch.h"

typedef struct {
  AtSketchBezier *v;
  int count, cap;
} AtBezierList;

bool at_bezier_list_push (AtBezierList *list, const AtSketchBezier *b);

/* Least-squares cubic Bezier fit of the polyline pts[0..n-1] (n >= 2)
 * within tolerance (maximum distance), appended to out. t0 is the unit
 * tangent at the start pointing along the curve, t1 the unit tangent at the
 * end pointing back into it; NULL estimates them from the points. */
bool at_sketch_fit_cubics (const AtSketchPoint *pts, int n, const AtSketchPoint *t0, const AtSketchPoint *t1,
                           double tolerance, AtBezierList *out);

/* The right half of the garment's symmetrised outer contour, traced from
 * raster: a polyline in raster pixel units from the top crossing of the
 * centre line to the next crossing going down the right side (both
 * endpoints on the centre line, x measured from it, y down). Caller frees
 * *half. */
AtStatus at_sketch_trace_half (const float raster[AT_SKETCH_PIXELS], AtSketchPoint **half, int *count,
                               AtError *err);

/* Shared inside the body module: the plane slicer the builder's girth
 * correction and the measurer both use (one definition of "girth"), and the
 * level conventions both sides must agree on. */
#pragma once
#include <stdbool.h>
#include "at_body.h"

/* One curve of a plane section, in the plane's 2D frame (u, v). Open when
 * the mesh has a hole there (scans). */
typedef struct {
  float *uv;  /* 2 floats per point */
  int count;
  float min[2], max[2], centroid[2];
} AtSliceLoop;

typedef struct {
  AtSliceLoop *loops;
  int count, capacity;
} AtSlice;

typedef struct AtSlicer AtSlicer;

AtSlicer *at_slicer_new (const AtMesh *mesh);
void at_slicer_free (AtSlicer *slicer);
/* Section by the plane through origin with unit normal n, limited to
 * triangles within radius of the origin; u_axis (unit, perpendicular to n)
 * fixes the 2D frame, v = n x u. Replaces out's loops. Returns false when
 * out of memory. */
bool at_slicer_cut (const AtSlicer *slicer, const float origin[3], const float n[3], const float u_axis[3],
                    float radius, AtSlice *out);
/* Horizontal section at height y: u = x, v = z. */
bool at_slicer_cut_y (const AtSlicer *slicer, float y, AtSlice *out);
void at_slice_clear (AtSlice *slice);

/* Perimeter of the convex hull of the points of the listed loops. */
double at_slice_hull_perimeter (const AtSlice *slice, const int *loops, int n_loops);
/* The torso's loops at a horizontal section: the loop spanning x = 0
 * (largest if several), else the nearest loop on each side (both legs, as
 * a tape below the crotch would go round both). Returns the count (0-2). */
int at_slice_torso_loops (const AtSlice *slice, int out[2]);
/* The left leg's loop: the loop with centroid x > 0 nearest the midline. */
int at_slice_left_leg_loop (const AtSlice *slice);
/* The loop nearest a point of the plane (its centroid closest to u, v). */
int at_slice_nearest_loop (const AtSlice *slice, float u, float v);

/* Level conventions (heights in metres, H = stature). */
static inline float at_body_thigh_level (float crotch_y, float stature) { return crotch_y - 0.02f * stature; }
static inline float at_body_ankle_level (float stature) { return 0.062f * stature; }
static inline float at_body_calf_level (float knee_y, float ankle_y) { return ankle_y + 0.66f * (knee_y - ankle_y); }
static inline float at_body_neck_level (float stature) { return 0.842f * stature; }
static inline float at_body_shoulder_level (float armpit_y, float neck_y) { return armpit_y + 0.7f * (neck_y - armpit_y); }

/* What at_body_measure_at measures on sections (girths, breadths,
 * depths; the other keys 0), for the builder's correction passes on its
 * own valid mesh, which need neither heights nor weight. */
AtStatus body_measure_sections (const AtMesh *mesh, AtSex sex, const AtBodyLandmarks *lm, AtMeasurements *out,
                                AtError *err);

/* Fills a level's extreme points from the torso loops at height y. */
bool at_body_level_fill (const AtSlicer *slicer, float y, AtBodyLevel *level);

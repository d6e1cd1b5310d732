/* The 2D sewing pattern: panels, seams and where each panel sits on the body.
 *
 * A panel is a closed outline of segments (straight lines and cubic Béziers)
 * in centimetres, x to the right and y up, seen from the right side of the
 * fabric, counter-clockwise. Each segment is named ("side_r", "armhole_l")
 * so seams, notches and darts refer to stable names rather than to indices
 * that an editor would shift. A seam pairs a run of consecutive segments on
 * one panel with a run on another (or the same) panel; `reversed` says the
 * second run is walked backwards, which is the usual case for two outlines
 * that are both counter-clockwise when seen from outside.
 *
 * Sizes are fixed (no allocation inside a pattern) so that a pattern copies
 * with memcpy, can be edited in place by the GUI, and has no failure paths
 * beyond "too many".
 *
 * The on-disk form (at_pattern_save / at_pattern_load) is described in
 * docs/garment-format.md. */
#pragma once
#include <stdbool.h>
#include "at_status.h"

#define AT_PATTERN_NAME_MAX 32
#define AT_PATTERN_MAX_PANELS 16
#define AT_PATTERN_MAX_SEAMS 64
#define AT_PANEL_MAX_SEGMENTS 40
#define AT_PANEL_MAX_NOTCHES 24
#define AT_PANEL_MAX_DARTS 4
#define AT_PANEL_MAX_FOLDS 4

/* The on-disk pattern format version this build writes and the newest it reads. */
#define AT_PATTERN_FORMAT_VERSION 1

typedef struct {
  double x, y;
} AtVec2;

typedef enum {
  AT_SEGMENT_LINE = 0,
  AT_SEGMENT_CUBIC = 1,
} AtSegmentKind;

/* A segment runs from p0 to the next segment's p0 (the last one closes the
 * outline). c1, c2 are the cubic's control points. */
typedef struct {
  char name[AT_PATTERN_NAME_MAX];
  AtSegmentKind kind;
  AtVec2 p0, c1, c2;
  double allowance; /* seam allowance along this segment (cm); < 0: the panel's */
} AtSegment;

/* A notch: a balance mark at a fraction of a segment's arc length. */
typedef struct {
  int segment;
  double t;
} AtNotch;

/* A dart drafted into the outline: leg_a runs into the apex, leg_b runs out
 * of it; sewing leg_a to leg_b (reversed) closes the dart. */
typedef struct {
  int leg_a, leg_b;
} AtDart;

/* A fold line inside a panel (a cuff or waistband folded in half, a grown-on
 * facing). angle_deg is the dihedral angle the drape should give it. */
typedef struct {
  AtVec2 a, b;
  double angle_deg;
} AtFoldLine;

/* Where the panel is placed around the body before sewing, as CLO's
 * arrangement points: a landmark of the body (see at_placement_landmarks) and
 * an offset in that landmark's frame (cm: x across, y up, z away from the
 * body). The panel's point `anchor` (cm, panel coordinates) is put there, and
 * the panel is bent around the body part when `wrap` is true. `hold` marks a
 * panel that grips the body where it was sewn, as a waistband's elastic or
 * closure does (CLO's elastic): the drape holds it there once sewn. */
typedef struct {
  char landmark[AT_PATTERN_NAME_MAX];
  double offset[3];
  AtVec2 anchor;
  bool wrap;
  bool hold;
} AtPlacement;

typedef struct {
  char name[AT_PATTERN_NAME_MAX];   /* "front", "sleeve_l" */
  char label[AT_PATTERN_NAME_MAX];  /* "Front", "Left sleeve" */
  AtSegment segments[AT_PANEL_MAX_SEGMENTS];
  int segment_count;
  AtVec2 grain_a, grain_b;          /* grain line, a to b along the warp */
  AtNotch notches[AT_PANEL_MAX_NOTCHES];
  int notch_count;
  AtDart darts[AT_PANEL_MAX_DARTS];
  int dart_count;
  AtFoldLine folds[AT_PANEL_MAX_FOLDS];
  int fold_count;
  double allowance;                 /* default seam allowance (cm) */
  char fabric[AT_PATTERN_NAME_MAX]; /* fabric preset id */
  int cut_count;                    /* pieces cut from this outline */
  int mirror_of;                    /* -1, or the panel this one mirrors (printed once) */
  AtPlacement placement;
} AtPanel;

typedef struct {
  int panel;
  int first; /* first segment */
  int count; /* consecutive segments (wrapping around the outline) */
} AtSeamSide;

typedef struct {
  char name[AT_PATTERN_NAME_MAX * 2];
  AtSeamSide a, b;
  bool reversed; /* b is walked from its end to its start */
} AtSeam;

typedef struct AtPattern {
  char garment[AT_PATTERN_NAME_MAX];
  char size[AT_PATTERN_NAME_MAX];   /* chart size, or "made-to-measure" */
  AtPanel panels[AT_PATTERN_MAX_PANELS];
  int panel_count;
  AtSeam seams[AT_PATTERN_MAX_SEAMS];
  int seam_count;
} AtPattern;

/* ---- geometry ---------------------------------------------------------- */

/* The end point of segment i (the next segment's start). */
AtVec2 at_segment_end (const AtPanel *panel, int i);
/* The point at parameter t in [0, 1] of segment i. */
AtVec2 at_segment_point (const AtPanel *panel, int i, double t);
/* Arc length of segment i (cm). */
double at_segment_length (const AtPanel *panel, int i);
/* The parameter at which the arc length from the start reaches s. */
double at_segment_param_at_length (const AtPanel *panel, int i, double s);
double at_panel_perimeter (const AtPanel *panel);
/* Signed area (cm², positive for counter-clockwise). */
double at_panel_area (const AtPanel *panel);
void at_panel_bounds (const AtPanel *panel, AtVec2 *min, AtVec2 *max);
/* The outline flattened to a polygon with points at most `step` cm apart
 * (and at every segment start). Returns the point count, or -1 when `max`
 * is too small. seg_of[i] (may be NULL) receives the segment of point i. */
int at_panel_flatten (const AtPanel *panel, double step, AtVec2 *pts, int *seg_of, int max);
double at_seam_side_length (const AtPattern *pattern, const AtSeamSide *side);
/* Segment index by name, or -1. */
int at_panel_find_segment (const AtPanel *panel, const char *name);
int at_pattern_find_panel (const AtPattern *pattern, const char *name);
/* The segment's seam allowance (its own, or the panel's). */
double at_segment_allowance (const AtPanel *panel, int i);

/* ---- building (used by the drafting code and by editors) -------------- */

void at_pattern_init (AtPattern *pattern, const char *garment, const char *size);
/* Appends an empty panel; NULL when the pattern is full. */
AtPanel *at_pattern_add_panel (AtPattern *pattern, const char *name, const char *label, const char *fabric);
/* Appends a segment starting at p0; false when the panel is full. */
bool at_panel_add_line (AtPanel *panel, const char *name, AtVec2 p0);
bool at_panel_add_cubic (AtPanel *panel, const char *name, AtVec2 p0, AtVec2 c1, AtVec2 c2);
bool at_panel_add_notch (AtPanel *panel, const char *segment, double t);
bool at_panel_add_dart (AtPanel *panel, const char *leg_a, const char *leg_b);
bool at_panel_add_fold (AtPanel *panel, AtVec2 a, AtVec2 b, double angle_deg);
/* Splits segment i at arc length s from its start into two segments named
 * name_a and name_b (notches, darts and seams that refer to later segments
 * are renumbered). False when full or s is not inside the segment. */
bool at_panel_split_segment (AtPattern *pattern, int panel, int i, double s, const char *name_a, const char *name_b);
/* Adds a seam between the runs first_a..last_a of panel_a and first_b..last_b
 * of panel_b (segment names). Sets err and returns false when a name is
 * unknown or the pattern is full. */
bool at_pattern_add_seam (AtPattern *pattern, const char *panel_a, const char *first_a, const char *last_a,
                          const char *panel_b, const char *first_b, const char *last_b, bool reversed,
                          AtError *err);
/* A panel mirrored left-right (x -> -x), renamed; its outline stays
 * counter-clockwise and segment names swap their _l/_r suffixes. */
AtPanel *at_pattern_add_mirror (AtPattern *pattern, int source, const char *name, const char *label);
/* A buttoned front: drawn past its centre line (x = 0) to a button stand
 * folded back there (a vertical 180-degree fold on the far side of x = 0
 * from the panel's body), with a mirrored twin. Buttoned, the two fronts
 * overlap by the stand and meet at their centre lines. */
bool at_panel_is_buttoned_front (const AtPattern *pattern, int panel);

/* ---- checks ------------------------------------------------------------ */

typedef enum {
  AT_CHECK_SEAM_LENGTH,     /* the two sides of a seam differ in length */
  AT_CHECK_SELF_INTERSECTION,
  AT_CHECK_UNKNOWN_FABRIC,
  AT_CHECK_BAD_SEAM,        /* a seam refers to segments that do not exist or overlap */
  AT_CHECK_DEGENERATE,      /* a panel with no area or wound clockwise */
} AtCheckKind;

typedef struct {
  AtCheckKind kind;
  int panel; /* -1 when about a seam */
  int seam;  /* -1 when about a panel */
  char message[256];
} AtCheckIssue;

typedef struct {
  double seam_tolerance_cm;     /* default 0.3 */
  const char *const *fabrics;   /* NULL-terminated known fabric ids, or NULL to skip */
} AtCheckOptions;

AtCheckOptions at_check_options_default (void);
/* Runs every check; writes up to max issues and returns how many were found
 * (which may exceed max). */
int at_pattern_check (const AtPattern *pattern, const AtCheckOptions *options, AtCheckIssue *issues, int max);
/* True when segment runs of panel cross each other (touching at shared end
 * points does not count). */
bool at_panel_self_intersects (const AtPanel *panel);

/* ---- files ------------------------------------------------------------- */

/* JSON text of the pattern (caller frees), and the strict reverse: a file of a
 * newer format version, unknown kinds, out-of-range indices or non-finite
 * numbers are refused with a message naming the key. */
char *at_pattern_to_json (const AtPattern *pattern);
AtStatus at_pattern_from_json (const char *text, AtPattern *out, AtError *err);
AtStatus at_pattern_save (const AtPattern *pattern, const char *path, AtError *err);
AtStatus at_pattern_load (const char *path, AtPattern *out, AtError *err);

/* Landmarks a placement may name, NULL-terminated. */
const char *const *at_placement_landmarks (void);

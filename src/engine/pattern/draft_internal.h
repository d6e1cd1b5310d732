/* Shared pieces of the drafting code (draft_blocks.c) used by the garment
 * routines (draft_garments.c) and the library (garment_library.c). Not part
 * of the engine's public interface. */
#pragma once
#include "at_garment_library.h"

struct AtDraftRoutine {
  const char *id;
  const AtDesignParamInfo *params;
  int param_count;
  const AtMeasureKey *required;
  int required_count;
  AtStatus (*draft) (const AtMeasurements *m, const double *params, const char *fabric, AtPattern *out, AtError *err);
  const char *const *trim_panels; /* cut from the garment's trim fabric (rib bands), NULL-terminated, or NULL */
};

const AtDraftRoutine *at_draft_routine_find (const char *id);

/* ---- half outlines ----------------------------------------------------- */

#define DRAFT_PATH_MAX 24

typedef struct {
  char name[AT_PATTERN_NAME_MAX];
  AtSegmentKind kind;
  AtVec2 p0, c1, c2;
} DraftSeg;

/* A half outline drawn from the centre line outwards, counter-clockwise. */
typedef struct {
  DraftSeg seg[DRAFT_PATH_MAX];
  int n;
  AtVec2 cur;
  int dart_in[AT_PANEL_MAX_DARTS], dart_out[AT_PANEL_MAX_DARTS];
  int darts;
} DraftPath;

AtVec2 draft_v (double x, double y);
void draft_path_start (DraftPath *path, AtVec2 p);
void draft_path_line (DraftPath *path, const char *name, AtVec2 to);
void draft_path_cubic (DraftPath *path, const char *name, AtVec2 c1, AtVec2 c2, AtVec2 to);
/* Two legs "<name>_in" (to the apex) and "<name>_out" (back to the edge). */
void draft_path_dart (DraftPath *path, const char *name, AtVec2 apex, AtVec2 to);

/* A symmetric panel: the half path (starting on the centre line with a line
 * segment, ending on it) and its mirror image; segments get _r (x > 0) and
 * _l suffixes, the first segment spans both halves under its own name. */
AtPanel *draft_emit_full (AtPattern *pattern, const DraftPath *path, const char *name, const char *label,
                          const char *fabric, AtError *err);
/* The path's segments as they are; the caller closes the outline. */
AtPanel *draft_emit_half (AtPattern *pattern, const DraftPath *path, const char *name, const char *label,
                          const char *fabric, AtError *err);

/* ---- blocks ------------------------------------------------------------ */

/* The torso half (x >= 0) of a bodice-based block, in cm above the hem. */
typedef struct {
  double start_x;              /* x where the hem starts (0, or minus a button stand) */
  double top_y;                /* high point shoulder height above the hem */
  double ua_y, waist_y, hip_y; /* underarm, waist and hip levels */
  double ua_x, waist_x, hip_x, hem_x;
  bool shaped;                 /* side seam through waist and hip points */
  double neck_w, neck_d;       /* neck width at the HPS, neck depth at the centre */
  double sp_x, sp_y;           /* shoulder point */
  double bust_dart, bust_dart_y, bust_apex_x; /* side bust dart intake (0: none) */
  double shoulder_dart, shoulder_dart_len;    /* back shoulder dart intake (0: none) */
} DraftTorso;

/* Common torso measures (cm) of a body plus eases. */
typedef struct {
  double nape_to_waist, scye_depth, waist_to_hip;
  double chest_q, waist_q, hip_q; /* quarter girths with ease */
  double neck_w, shoulder_x;
} DraftBody;

void draft_body_measures (const AtMeasurements *m, double chest_ease, double waist_ease, double hip_ease,
                          DraftBody *out);
void draft_torso_path (const DraftTorso *t, DraftPath *path);

/* A sleeve whose half cap matches `armhole` (cm) in length. */
AtPanel *draft_sleeve (AtPattern *pattern, const char *name, const char *label, const char *fabric,
                       double armhole, double bicep_w, double hem_w, double length, AtError *err);

typedef struct {
  const char *panel, *first, *last;
} DraftBandPart;

/* A rectangular band sewn along the listed runs in order (each walked
 * backwards, as a band goes round an opening); `folded` doubles its width
 * with a fold line, `loop` sews its two ends together. */
AtPanel *draft_band (AtPattern *pattern, const char *name, const char *label, const char *fabric, double width,
                     bool folded, bool loop, const DraftBandPart *parts, int count, AtError *err);

/* Adds a seam or reports the first failure. */
bool draft_seam (AtPattern *pattern, const char *pa, const char *fa, const char *la, const char *pb,
                 const char *fb, const char *lb, AtError *err);

/* Bisection for x in [lo, hi] with f(x) = target, f increasing. */
double draft_solve (double (*f) (double x, void *user), void *user, double target, double lo, double hi);

double draft_cubic_length (AtVec2 p0, AtVec2 c1, AtVec2 c2, AtVec2 p3);

/* Grain lines, hem allowances, balance notches, dart seams. */
bool draft_finish (AtPattern *pattern, double hem_allowance, AtError *err);
void draft_place (AtPanel *panel, const char *landmark, double x, double y, double z, AtVec2 anchor, bool wrap);

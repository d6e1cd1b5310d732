/* The parametric human body: built from a complete measurement set, measured
 * back off any A-pose body mesh (ours or a 3D scan), with the landmarks the
 * garment code drafts and places panels from and a signed distance field
 * for cloth contact.
 *
 * Conventions (CONTRACT.md): metres, Y up, feet on y = 0, centred on
 * x = 0, z = 0 (bounding box), facing +Z, so the body's left is +X. A-pose:
 * arms clear of the torso below the armpit, legs apart. */
#pragma once
#include <stdbool.h>
#include "at_measurements.h"
#include "at_mesh.h"
#include "at_status.h"

typedef struct AtSdf AtSdf;

typedef struct {
  int torso_ring;         /* vertices around the torso and each leg (even, >= 32) */
  int arm_ring;           /* vertices around each arm (>= 16) */
  float row_spacing;      /* metres between rings along the body (0.002-0.05) */
  float arm_angle_deg;    /* abduction of the arms from the vertical (15-60) */
  float leg_spread;       /* extra distance of each ankle from the midline (m) */
  int correction_passes;  /* measure-and-rescale passes that make the girths exact */
  int smoothing;          /* fairing iterations that iron out creases at the joins (0-20) */
  float sdf_cell;         /* cell of the collision field (m; rounded to fit a whole number into the half-width) */
} AtBodyDef;

/* One horizontal level of the torso: its height and the extreme points of
 * the torso's section there (front = most +Z, left = most +X). */
typedef struct {
  float y;
  float front[3], back[3], left[3], right[3];
} AtBodyLevel;

typedef struct {
  float shoulder[3];  /* acromion point on the surface, top-outside of the shoulder */
  float armpit[3];    /* apex of the armpit */
  float upper_arm[3]; /* point on the arm axis where the upper-arm girth is taken */
  float elbow[3];     /* elbow joint centre (arm axis) */
  float wrist[3];     /* wrist centre (arm axis) */
  float axis[3];      /* unit direction down the arm */
} AtBodyArm;

typedef struct {
  float thigh[3], knee[3], calf[3], ankle[3]; /* centres of the leg's sections */
} AtBodyLeg;

typedef struct AtBodyLandmarks {
  float stature;
  AtBodyLevel chest, waist, hip;
  AtBodyLevel neck;    /* neck base: front/back/left/right are the neck points */
  float shoulder_y;    /* level where the shoulder breadth is taken */
  float crotch[3];     /* highest point between the legs */
  AtBodyArm arm_left, arm_right;
  AtBodyLeg leg_left, leg_right;
} AtBodyLandmarks;

typedef struct AtBody AtBody;

AtBodyDef at_body_def_default (void);

/* Builds the body of a complete measurement set (every key given or
 * estimated, e.g. by at_completion_complete). Rejects values out of range
 * and inconsistent sets (a waist far larger than chest and hips, heights in
 * the wrong order...) with a message naming the keys. */
AtStatus at_body_build (const AtMeasurements *complete_measurements, const AtBodyDef *def, AtBody **out,
                        AtError *err);
void at_body_free (AtBody *body);
/* The same from a partial set (sex and stature at least): the rest is
 * estimated, an implausible combination refused with a message naming the
 * key; complete_out receives the set the body was built from. */
AtStatus at_body_build_from_partial (const AtMeasurements *partial, const AtBodyDef *def,
                                     AtMeasurements *complete_out, AtBody **out, AtError *err);

/* The display mesh: closed, manifold, with smooth normals. */
const AtMesh *at_body_mesh (const AtBody *body);
const AtBodyLandmarks *at_body_landmarks (const AtBody *body);
const AtMeasurements *at_body_measurements (const AtBody *body);
/* The collision field (signed distance, negative inside, with gradient),
 * built on first use (NULL with err set on failure). */
const AtSdf *at_body_sdf (AtBody *body, AtError *err);

/* Finds the landmarks of an A-pose body mesh (Y up, metres, feet on y = 0)
 * and measures every CONTRACT key there. Works on scan-like meshes with
 * holes and noise. lm_out may be NULL. Weight is estimated from the
 * enclosed volume; age cannot be measured and is left not given. */
AtStatus at_body_measure_mesh (const AtMesh *mesh, AtSex sex, AtMeasurements *out, AtBodyLandmarks *lm_out,
                               AtError *err);
/* Measures at given landmarks (e.g. a built body's, which sit at the input
 * heights) instead of detecting them. */
AtStatus at_body_measure_at (const AtMesh *mesh, AtSex sex, const AtBodyLandmarks *lm, AtMeasurements *out,
                             AtError *err);

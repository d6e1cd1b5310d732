/* The body "plan": every number the mesh generator needs, derived from a
 * measurement set. Sections are superellipses with separate front and back
 * depths; the plan keys them along the body (by height, or by distance
 * along the arm axis) and the generator interpolates between keys. */
#pragma once
#include "at_body.h"

typedef struct {
  float cx, cz;   /* centre in the ring's plane (x or e1, z) */
  float a;        /* half-breadth along x (arm: along e1) */
  float bf, bb;   /* half-depths to the front (+z) and back */
  float n;        /* superellipse exponent: 2 ellipse, larger squarer */
  float taper;    /* narrowing of the back half (heels) */
} BodySection;

#define BODY_SECTION_FIELDS 7
#define BODY_MAX_KEYS 12

typedef struct {
  float y[BODY_MAX_KEYS];
  BodySection s[BODY_MAX_KEYS];
  int n;
  /* Tangents (d field / dy) at the first and last keys where the curve
   * joins another, for the fields flagged in the masks (bit k: field k);
   * elsewhere an end takes its one-sided slope. */
  float d_first[BODY_SECTION_FIELDS], d_last[BODY_SECTION_FIELDS];
  unsigned has_d_first, has_d_last;
} BodyCurve;

typedef struct {
  float H, sc, hs;           /* stature, body scale, head scale */
  float y_c, y_hip, y_waist, y_chest, y_a, y_sh, y_nb;
  float y_knee, y_thigh, y_calf, y_ankle;
  float y_hc;                /* head centre: the crown is an ellipsoid above */
  bool hip_below_crotch;     /* buttock level under the crotch (+4 mm) */
  float leg_blend_in, leg_blend_out; /* lengths under the crotch over which the legs blend into the torso */
  float foot_len, toe_h;
  BodyCurve torso;           /* crotch .. armpit */
  BodyCurve upper;           /* armpit .. head centre */
  BodyCurve leg;             /* left leg, ankle .. crotch */
  BodyCurve arm;             /* left arm, keyed by distance t along the axis */
  float shoulder_pt[3];      /* left acromion point */
  float sj[3];               /* left shoulder joint centre (arm axis origin) */
  float alpha;               /* arm abduction (rad) */
  float dir[3], e1[3];       /* axis (down the arm) and the outward normal in the arm plane */
  float t0, t_ua, t_el, t_wr, t_cap, t_tip;
  float arm_length, hand_len;
  /* Keys the girth correction rescales. */
  int k_hip, k_waist, k_chest, k_neck, k_thigh, k_calf, k_knee, k_ankle, k_ua, k_wr;
  int k_hip_leg;             /* leg key at a buttock level under the crotch, or -1 */
} BodyPlan;

/* Validates the measurement set and derives the plan (in metres). */
AtStatus body_plan_init (const AtMeasurements *m, const AtBodyDef *def, BodyPlan *plan, AtError *err);
/* Recomputes the keys that follow others (after any rescaling): the arms
 * placed against the torso, the knee under the calf, the wrist's end. */
void body_plan_derive (BodyPlan *plan);
void body_curve_eval (const BodyCurve *c, float y, BodySection *out);
void body_section_point (const BodySection *s, float theta, float out[2]);
/* A ring position's angle prepared once for the many rings that share it:
 * cosine, sine and the base-2 logarithms of their magnitudes, which turn
 * the superellipse's two powers into one exp2f each. */
typedef struct {
  float c, s, lc, ls;
} BodyAngle;
BodyAngle body_angle (float theta);
void body_section_point_at (const BodySection *s, const BodyAngle *angle, float out[2]);
void body_section_scale (BodySection *s, float factor);
/* Perimeter of the section as the generator samples torso rings (m). */
float body_section_perimeter (const BodySection *s);

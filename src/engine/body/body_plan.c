/* From measurements to the body plan.
 *
 * Method: a template body of horizontal cross-sections (after the
 * sectional body models of e.g. Wang, "Parameterization and parametric
 * design of mannequins", Computer-Aided Design 37(1), 2005), each a
 * superellipse |x/a|^n + |z/b|^n = 1 with separate front and back depths.
 * The measured heights place the key sections (crotch = inside leg, hip,
 * waist, chest, knee); breadth and depth give each key's proportions and
 * the exponent n is chosen so the section's perimeter matches the girth
 * (ANSUR's calipers often imply a smaller section than the tape: n is
 * clamped to plausible shapes and the girth then wins by scaling). Levels
 * ANSUR does not give (armpit, acromion, neck base, ankle, head) follow
 * population proportions of stature (ANSUR II means). The generator
 * interpolates keys with monotone cubic Hermite splines (Fritsch and
 * Carlson, SIAM J. Numer. Anal. 17(2), 1980) so no section overshoots its
 * neighbours; body.c then measures the built mesh and rescales the keys so
 * every girth comes out exact. */
#include "body_plan.h"
#include "body_internal.h"

#include <math.h>
#include <string.h>

#define PI_F 3.14159265358979f

BodyAngle
body_angle (float theta)
{
  float c = cosf (theta), s = sinf (theta);
  return (BodyAngle) { c, s, log2f (fabsf (c)), log2f (fabsf (s)) };
}

/* sign(x) |x|^e from x and log2 |x| (-inf at 0, where the power is 0). */
static float
spow (float x, float log2_abs, float e)
{
  float m = exp2f (e * log2_abs);
  return x < 0 ? -m : m;
}

void
body_section_point_at (const BodySection *s, const BodyAngle *angle, float out[2])
{
  float e = 2.f / s->n, sn = angle->s;
  float a = s->a * (sn < 0 ? 1.f + s->taper * sn : 1.f);
  out[0] = s->cx + a * spow (angle->c, angle->lc, e);
  out[1] = s->cz + (sn >= 0 ? s->bf : s->bb) * spow (sn, angle->ls, e);
}

void
body_section_point (const BodySection *s, float theta, float out[2])
{
  BodyAngle angle = body_angle (theta);
  body_section_point_at (s, &angle, out);
}

void
body_section_scale (BodySection *s, float factor)
{
  s->a *= factor;
  s->bf *= factor;
  s->bb *= factor;
}

/* Fritsch-Carlson's tangent at a key between two secants: zero at a local
 * extremum, their harmonic mean otherwise. */
static float
harmonic_slope (float dl, float dr)
{
  return dl * dr <= 0 ? 0.f : 2.f * dl * dr / (dl + dr);
}

void
body_curve_eval (const BodyCurve *c, float y, BodySection *out)
{
  if (y <= c->y[0] || c->n == 1)
    {
      *out = c->s[0];
      return;
    }
  if (y >= c->y[c->n - 1])
    {
      *out = c->s[c->n - 1];
      return;
    }
  int i = 0;
  while (y > c->y[i + 1])
    i++;
  float h = c->y[i + 1] - c->y[i], t = (y - c->y[i]) / h;
  float h00 = (1 + 2 * t) * (1 - t) * (1 - t), h10 = t * (1 - t) * (1 - t);
  float h01 = t * t * (3 - 2 * t), h11 = t * t * (t - 1);
  const float *f0 = (const float *) &c->s[i], *f1 = (const float *) &c->s[i + 1];
  float *o = (float *) out;
  for (int k = 0; k < BODY_SECTION_FIELDS; k++)
    {
      /* Fritsch-Carlson tangents. */
      float d[2];
      for (int e = 0; e < 2; e++)
        {
          int j = i + e;
          float dl = j > 0 ? (((const float *) &c->s[j])[k] - ((const float *) &c->s[j - 1])[k]) / (c->y[j] - c->y[j - 1]) : NAN;
          float dr = j + 1 < c->n ? (((const float *) &c->s[j + 1])[k] - ((const float *) &c->s[j])[k]) / (c->y[j + 1] - c->y[j]) : NAN;
          if (j == 0 && (c->has_d_first >> k & 1))
            d[e] = c->d_first[k];
          else if (j == c->n - 1 && (c->has_d_last >> k & 1))
            d[e] = c->d_last[k];
          else if (isnan (dl))
            d[e] = dr;
          else if (isnan (dr))
            d[e] = dl;
          else
            d[e] = harmonic_slope (dl, dr);
        }
      o[k] = h00 * f0[k] + h10 * h * d[0] + h01 * f1[k] + h11 * h * d[1];
    }
}

static void
curve_add (BodyCurve *c, float y, BodySection s)
{
  c->y[c->n] = y;
  c->s[c->n] = s;
  c->n++;
}

/* Perimeter of the section sampled as the generator samples torso rings. */
float
body_section_perimeter (const BodySection *s)
{
  enum { N = 96 };
  float prev[2], first[2], p = 0;
  for (int i = 0; i <= N; i++)
    {
      float q[2];
      body_section_point (s, -PI_F / 2 + 2 * PI_F * (float) i / N, q);
      if (i == 0)
        memcpy (first, q, sizeof q);
      else
        p += hypotf (q[0] - prev[0], q[1] - prev[1]);
      memcpy (prev, q, sizeof q);
    }
  return p;
}

/* A torso key: breadth and depth set the proportions, the exponent is
 * sought (bisection, perimeter grows with n) and the girth wins. */
static BodySection
torso_key (float girth, float breadth, float depth, float front_share)
{
  BodySection s = { 0, 0, breadth / 2, depth * front_share, depth * (1 - front_share), 2, 0 };
  float lo = 1.8f, hi = 3.4f;
  for (int it = 0; it < 24; it++)
    {
      s.n = 0.5f * (lo + hi);
      if (body_section_perimeter (&s) < girth)
        lo = s.n;
      else
        hi = s.n;
    }
  body_section_scale (&s, girth / body_section_perimeter (&s));
  return s;
}

static BodySection
round_key (float girth, float cx, float cz, float aspect)
{
  float r = girth / (2 * PI_F);
  BodySection s = { cx, cz, r / sqrtf (aspect), r * sqrtf (aspect), r * sqrtf (aspect), 2, 0 };
  body_section_scale (&s, girth / body_section_perimeter (&s));
  return s;
}

static float
lerpf (float a, float b, float t)
{
  return a + (b - a) * t;
}

static AtStatus
check_order (float lo, const char *lo_key, float hi, const char *hi_key, float gap, AtError *err)
{
  if (hi - lo >= gap)
    return AT_OK;
  return at_error_set (err, AT_ERR_INVALID, "%s (%.1f cm) must be at least %.0f cm above %s (%.1f cm)", hi_key,
                       hi * 100, gap * 100, lo_key, lo * 100);
}

static AtStatus
check_ratio (const AtMeasurements *m, AtMeasureKey key, AtMeasureKey ref, double lo, double hi, AtError *err)
{
  double r = m->value[key] / m->value[ref];
  if (r >= lo && r <= hi)
    return AT_OK;
  return at_error_set (err, AT_ERR_INVALID, "%s (%.1f) is implausible for %s (%.1f): expected %.0f%%-%.0f%% of it",
                       at_measure_info (key)->key, m->value[key], at_measure_info (ref)->key, m->value[ref],
                       lo * 100, hi * 100);
}

static AtStatus
validate (const AtMeasurements *m, AtError *err)
{
  for (int k = 0; k < AT_M_COUNT; k++)
    {
      if (k == AT_M_AGE)
        continue;
      AtStatus st = at_measurement_check ((AtMeasureKey) k, m->value[k], err);
      if (st != AT_OK)
        return st;
    }
  static const struct { AtMeasureKey key, ref; double lo, hi; } ratios[] = {
    { AT_M_INSIDE_LEG, AT_M_STATURE, 0.33, 0.60 },   { AT_M_KNEE_HEIGHT, AT_M_STATURE, 0.18, 0.38 },
    { AT_M_HIP_HEIGHT, AT_M_STATURE, 0.38, 0.62 },   { AT_M_WAIST_HEIGHT, AT_M_STATURE, 0.45, 0.74 },
    { AT_M_CHEST_HEIGHT, AT_M_STATURE, 0.58, 0.80 }, { AT_M_SHOULDER_BREADTH, AT_M_STATURE, 0.13, 0.36 },
    { AT_M_ARM_LENGTH, AT_M_STATURE, 0.24, 0.45 },   { AT_M_WAIST_GIRTH, AT_M_CHEST_GIRTH, 0.5, 1.45 },
    { AT_M_HIP_GIRTH, AT_M_CHEST_GIRTH, 0.6, 1.8 },  { AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH, 0.5, 1.45 },
    { AT_M_NECK_GIRTH, AT_M_CHEST_GIRTH, 0.22, 0.7 }, { AT_M_THIGH_GIRTH, AT_M_HIP_GIRTH, 0.35, 0.9 },
    { AT_M_CALF_GIRTH, AT_M_THIGH_GIRTH, 0.4, 1.05 }, { AT_M_ANKLE_GIRTH, AT_M_CALF_GIRTH, 0.35, 1.0 },
    { AT_M_WRIST_GIRTH, AT_M_UPPER_ARM_GIRTH, 0.3, 1.0 }, { AT_M_UPPER_ARM_GIRTH, AT_M_CHEST_GIRTH, 0.15, 0.6 },
    { AT_M_CHEST_BREADTH, AT_M_CHEST_GIRTH, 0.15, 0.48 }, { AT_M_CHEST_DEPTH, AT_M_CHEST_GIRTH, 0.1, 0.48 },
    { AT_M_WAIST_BREADTH, AT_M_WAIST_GIRTH, 0.15, 0.48 }, { AT_M_WAIST_DEPTH, AT_M_WAIST_GIRTH, 0.1, 0.48 },
    { AT_M_HIP_BREADTH, AT_M_HIP_GIRTH, 0.15, 0.48 },     { AT_M_HIP_DEPTH, AT_M_HIP_GIRTH, 0.1, 0.48 },
  };
  for (size_t i = 0; i < sizeof ratios / sizeof ratios[0]; i++)
    {
      AtStatus st = check_ratio (m, ratios[i].key, ratios[i].ref, ratios[i].lo, ratios[i].hi, err);
      if (st != AT_OK)
        return st;
    }
  const double *v = m->value;
  AtStatus st;
  if ((st = check_order (v[AT_M_KNEE_HEIGHT] / 100, "knee_height", v[AT_M_INSIDE_LEG] / 100, "inside_leg", 0.1f, err))
      || (st = check_order (v[AT_M_INSIDE_LEG] / 100, "inside_leg", v[AT_M_HIP_HEIGHT] / 100 + 0.04f, "hip_height (+4 cm)", 0, err))
      || (st = check_order (v[AT_M_HIP_HEIGHT] / 100, "hip_height", v[AT_M_WAIST_HEIGHT] / 100, "waist_height", 0.04f, err))
      || (st = check_order (v[AT_M_WAIST_HEIGHT] / 100, "waist_height", v[AT_M_CHEST_HEIGHT] / 100, "chest_height", 0.05f, err)))
    return st;
  return AT_OK;
}

AtStatus
body_plan_init (const AtMeasurements *m, const AtBodyDef *def, BodyPlan *p, AtError *err)
{
  AtStatus st = validate (m, err);
  if (st != AT_OK)
    return st;
  memset (p, 0, sizeof *p);
  const double *v = m->value;
#define M(key) ((float) (v[key] / 100.0))
  bool female = m->sex == AT_SEX_FEMALE;
  float H = M (AT_M_STATURE);
  p->H = H;
  p->sc = H / 1.756f;
  p->hs = powf (p->sc, 0.7f) * (female ? 0.97f : 1.f);
  /* Heights. ANSUR has subjects whose buttock level is at or below the
   * crotch: their hip key sits just above the crotch and the hip girth is
   * then taken, as a tape would, round both legs at the buttock level. */
  p->y_hip = M (AT_M_HIP_HEIGHT);
  p->y_c = M (AT_M_INSIDE_LEG);
  p->hip_below_crotch = p->y_hip < p->y_c + 0.004f;
  p->y_waist = M (AT_M_WAIST_HEIGHT);
  p->y_chest = M (AT_M_CHEST_HEIGHT);
  p->y_nb = at_body_neck_level (H);
  p->y_a = fminf (fmaxf (0.757f * H, p->y_chest + 0.02f), p->y_nb - 0.07f * p->sc);
  if (p->y_a < p->y_chest + 0.01f)
    return at_error_set (err, AT_ERR_INVALID, "chest_height (%.1f cm) is too close to the neck for stature %.1f cm",
                         v[AT_M_CHEST_HEIGHT], v[AT_M_STATURE]);
  p->y_sh = at_body_shoulder_level (p->y_a, p->y_nb);
  p->y_knee = M (AT_M_KNEE_HEIGHT);
  p->y_thigh = at_body_thigh_level (p->y_c, H);
  /* The legs blend into the torso down to the thigh level between the
   * thighs, and on the outside over twice that: a shorter blend there
   * bends the surface into a crease just under the crotch. The thigh
   * level then lies inside the outer blend (the girth correction knows
   * each leg key's share, body_leg_blend). A buttock level under the
   * crotch must be sized by the keys there, so for such a body the blend
   * ends at the thigh level all round, as the hip correction assumes. */
  p->leg_blend_in = p->y_c - p->y_thigh;
  p->leg_blend_out = (p->hip_below_crotch ? 1 : 2) * p->leg_blend_in;
  p->y_ankle = at_body_ankle_level (H);
  p->y_calf = at_body_calf_level (p->y_knee, p->y_ankle);
  if (p->y_thigh < p->y_knee + 0.08f)
    return at_error_set (err, AT_ERR_INVALID, "knee_height (%.1f cm) leaves no thigh below inside_leg (%.1f cm)",
                         v[AT_M_KNEE_HEIGHT], v[AT_M_INSIDE_LEG]);
  p->y_hc = H - 0.115f * p->hs;
  p->foot_len = 0.153f * H;
  p->toe_h = 0.022f * p->sc;

  /* Torso, crotch to armpit. */
  BodySection hip = torso_key (M (AT_M_HIP_GIRTH), M (AT_M_HIP_BREADTH), M (AT_M_HIP_DEPTH), 0.44f);
  BodySection waist = torso_key (M (AT_M_WAIST_GIRTH), M (AT_M_WAIST_BREADTH), M (AT_M_WAIST_DEPTH), 0.5f);
  BodySection chest = torso_key (M (AT_M_CHEST_GIRTH), M (AT_M_CHEST_BREADTH), M (AT_M_CHEST_DEPTH), female ? 0.56f : 0.5f);
  BodySection crotch = hip, armpit = chest;
  crotch.bf *= 0.9f, crotch.bb *= 0.85f; /* as wide as the hips: the thighs fill it */
  armpit.a *= 0.99f, armpit.bf *= female ? 0.88f : 0.97f;
  curve_add (&p->torso, p->y_c, crotch);
  p->k_hip = p->torso.n;
  curve_add (&p->torso, fmaxf (p->y_hip, p->y_c + 0.004f), hip);
  p->k_waist = p->torso.n;
  curve_add (&p->torso, p->y_waist, waist);
  p->k_chest = p->torso.n;
  curve_add (&p->torso, p->y_chest, chest);
  curve_add (&p->torso, p->y_a, armpit);

  /* Left leg, ankle to crotch. */
  float g_th = M (AT_M_THIGH_GIRTH), g_cf = M (AT_M_CALF_GIRTH), g_an = M (AT_M_ANKLE_GIRTH);
  /* Side by side the thighs span about the hips' width: a thigh deeper
   * than broad where its girth asks for more than half the hip breadth. */
  float r_th = g_th / (2 * PI_F), a_th = fminf (r_th, 0.5f * (crotch.a - 0.004f));
  float asp_th = fminf (fmaxf (r_th * r_th / (a_th * a_th), 1.f), 2.f);
  BodySection th = round_key (g_th, 0, 0, asp_th);
  float cx_th = fmaxf (th.a + 0.004f, crotch.a - th.a);
  float cx_an = cx_th + def->leg_spread;
  float y_shin = p->y_ankle + 0.35f * (p->y_calf - p->y_ankle);
  struct { float y, g, aspect, cz; } legs[] = {
    { p->y_ankle, g_an, 1.1f, -0.005f }, { y_shin, lerpf (g_an, g_cf, 0.55f), 1.05f, -0.006f },
    { p->y_calf, g_cf, 1.05f, -0.008f }, { p->y_knee, g_cf, 1.0f, 0.004f }, /* knee: body_plan_derive */
    { p->y_thigh, g_th, asp_th, 0.5f * (crotch.bf - crotch.bb) / p->sc },
  };
  for (int i = 0; i < 5; i++)
    {
      float t = (p->y_thigh - legs[i].y) / (p->y_thigh - p->y_ankle);
      BodySection s = round_key (legs[i].g, 0, legs[i].cz * p->sc, legs[i].aspect);
      s.cx = fmaxf (lerpf (cx_th, cx_an, t), s.a + 0.004f);
      if (i == 2)
        s.bb *= 1.1f; /* the calf bulges backwards */
      if (i == 0)
        p->k_ankle = p->leg.n;
      if (i == 2)
        p->k_calf = p->leg.n;
      if (i == 3)
        p->k_knee = p->leg.n;
      if (i == 4)
        p->k_thigh = p->leg.n;
      curve_add (&p->leg, legs[i].y, s);
    }
  /* A buttock level under the crotch, below the top quarter of the zone
   * where the legs blend into the torso, is a level of the legs: the tape
   * goes round both there, and the girth correction sizes the legs at that
   * level to the hip girth (the thighs carry the buttocks). Higher up the
   * torso's crotch key shapes the section and is corrected instead. */
  p->k_hip_leg = -1;
  if (p->y_hip < p->y_c - 0.25f * (p->y_c - p->y_thigh))
    {
      p->k_hip_leg = p->leg.n;
      curve_add (&p->leg, fmaxf (p->y_hip, p->y_thigh + 0.004f), p->leg.s[p->k_thigh]);
    }
  curve_add (&p->leg, p->y_c, p->leg.s[p->k_thigh]);

  /* Upper body, armpit to head centre (the armpit key is set by
   * body_plan_derive, which knows how far out the arms sit). */
  float sh_a = M (AT_M_SHOULDER_BREADTH) / 2, cd = M (AT_M_CHEST_DEPTH);
  BodySection sh = { 0, -0.01f * p->sc, sh_a, 0.40f * cd, 0.42f * cd, 2.3f, 0 };
  BodySection neck = round_key (M (AT_M_NECK_GIRTH), 0, -0.015f * p->sc, 0.92f);
  float y_chin = fmaxf (H - 0.235f * p->hs, p->y_nb + 0.045f * p->sc);
  float y_tr = p->y_sh + 0.5f * (p->y_nb - p->y_sh);
  BodySection tr = { 0, -0.014f * p->sc, lerpf (neck.a, sh_a, 0.45f), lerpf (neck.bf, sh.bf, 0.55f),
                     lerpf (neck.bb, sh.bb, 0.55f), 2.2f, 0 };
  BodySection neck_mid = neck;
  body_section_scale (&neck_mid, 0.93f);
  float ha = 0.077f * p->hs, hbf = 0.100f * p->hs, hbb = 0.097f * p->hs, hcz = 0.012f * p->sc;
  BodySection chin = { 0, hcz, fmaxf (0.62f * ha, neck_mid.a), 0.85f * hbf, fmaxf (neck.bb * 0.95f, neck_mid.bb), 2.1f, 0 };
  BodySection jaw = { 0, hcz, 0.9f * ha, 0.95f * hbf, 0.88f * hbb, 2.1f, 0 };
  BodySection head = { 0, hcz, ha, hbf, hbb, 2.1f, 0 };
  curve_add (&p->upper, p->y_a, sh); /* replaced by body_plan_derive */
  curve_add (&p->upper, p->y_sh, sh);
  curve_add (&p->upper, y_tr, tr);
  p->k_neck = p->upper.n;
  curve_add (&p->upper, p->y_nb, neck);
  curve_add (&p->upper, p->y_nb + 0.45f * (y_chin - p->y_nb), neck_mid);
  curve_add (&p->upper, y_chin, chin);
  curve_add (&p->upper, y_chin + 0.045f * p->hs, jaw);
  curve_add (&p->upper, p->y_hc, head);

  /* Left arm, keyed by distance along its axis from the shoulder joint. */
  p->alpha = def->arm_angle_deg * PI_F / 180.f;
  p->shoulder_pt[0] = sh_a, p->shoulder_pt[1] = p->y_sh, p->shoulder_pt[2] = sh.cz;
  p->arm_length = M (AT_M_ARM_LENGTH);
  float g_ua = M (AT_M_UPPER_ARM_GIRTH), g_wr = M (AT_M_WRIST_GIRTH);
  float hand = 0.11f * H;
  p->t_el = 0.19f * H - 0.02f * p->sc;
  BodySection top = round_key (g_ua * 1.08f, 0, 0, 1.1f);
  BodySection ua = round_key (g_ua, 0, 0, 1.03f);
  BodySection el = round_key (0.78f * g_ua, 0, 0, 1.08f);
  BodySection fa = round_key (fmaxf (0.86f * g_ua, 1.2f * g_wr), 0, 0, 1.12f);
  BodySection wr = round_key (g_wr, 0, 0, 1.45f);
  BodySection palm = { 0, 0, 0.016f * p->hs, 0.043f * p->hs, 0.043f * p->hs, 2.6f, 0 };
  BodySection fing = { 0, 0, 0.011f * p->hs, 0.04f * p->hs, 0.04f * p->hs, 2.6f, 0 };
  p->arm.n = 0;
  curve_add (&p->arm, 0, top); /* t0: set by body_plan_derive */
  p->k_ua = p->arm.n;
  curve_add (&p->arm, 0, ua);
  curve_add (&p->arm, p->t_el, el);
  curve_add (&p->arm, 0, fa);
  p->k_wr = p->arm.n;
  curve_add (&p->arm, 0, wr);
  curve_add (&p->arm, 0, wr); /* wrist's distal end: set by body_plan_derive */
  curve_add (&p->arm, 0, palm);
  curve_add (&p->arm, 0, fing);
  p->arm.y[2] = p->t_el;
  p->hand_len = hand; /* hand keys follow the wrist, placed in body_plan_derive */
#undef M
  body_plan_derive (p);
  if (p->t_wr < p->t_el + 0.12f * p->sc)
    return at_error_set (err, AT_ERR_INVALID, "arm_length (%.1f cm) is too short for shoulder_breadth %.1f cm",
                         v[AT_M_ARM_LENGTH], v[AT_M_SHOULDER_BREADTH]);
  return AT_OK;
}

void
body_plan_derive (BodyPlan *p)
{
  float ca = cosf (p->alpha), sa = sinf (p->alpha);
  float dir[3] = { sa, -ca, 0 }, e1[3] = { ca, sa, 0 };
  memcpy (p->dir, dir, sizeof dir);
  memcpy (p->e1, e1, sizeof e1);
  /* The buttocks are the torso's most posterior point near the crotch,
   * where the measurer finds the hip level: set back a heavy waist. */
  BodySection *hip = &p->torso.s[p->k_hip], *waist = &p->torso.s[p->k_waist];
  hip->cz = fminf (0, waist->cz - waist->bb + hip->bb - 0.004f);
  p->torso.s[0].cz = hip->cz;
  /* The knee a little slimmer than the calf in every direction: the
   * narrowest leg section between calf and thigh, where the measurer
   * finds it. */
  BodySection *knee = &p->leg.s[p->k_knee];
  const BodySection *calf = &p->leg.s[p->k_calf];
  knee->a = 0.93f * calf->a;
  knee->bf = knee->bb = 0.93f * fminf (calf->bf, calf->bb);
  BodyCurve *arm = &p->arm;
  float hand = p->hand_len;
  p->sj[1] = p->y_sh - 0.04f * p->sc;
  p->sj[2] = p->shoulder_pt[2];
  float r_top = arm->s[0].a;
  p->t0 = fminf (fmaxf ((p->sj[1] - p->y_a - r_top * sa) / ca, 0.01f), 0.5f * p->t_el - 0.02f);
  /* The arm's inner side must clear the torso below the armpit. */
  float torso_half = 0;
  for (int i = 0; i < p->torso.n; i++)
    if (p->torso.y[i] > p->y_a - 0.25f * p->sc)
      torso_half = fmaxf (torso_half, p->torso.s[i].cx + p->torso.s[i].a);
  p->sj[0] = fmaxf (p->shoulder_pt[0] - 0.035f * p->sc, torso_half + r_top * ca - p->t0 * sa + 0.004f);
  /* Sleeve outseam: acromion -> elbow -> wrist along the arm. */
  float el[3];
  for (int k = 0; k < 3; k++)
    el[k] = p->sj[k] + p->t_el * dir[k];
  float upper = sqrtf ((el[0] - p->shoulder_pt[0]) * (el[0] - p->shoulder_pt[0])
                       + (el[1] - p->shoulder_pt[1]) * (el[1] - p->shoulder_pt[1])
                       + (el[2] - p->shoulder_pt[2]) * (el[2] - p->shoulder_pt[2]));
  p->t_wr = p->t_el + (p->arm_length - upper);
  /* Upper-arm girth halfway between the acromion's and the elbow's
   * positions along the axis (the measurer's convention). */
  float t_s = (p->shoulder_pt[0] - p->sj[0]) * dir[0] + (p->shoulder_pt[1] - p->sj[1]) * dir[1];
  p->t_ua = fminf (fmaxf (0.5f * (t_s + p->t_el), p->t0 + 0.045f * p->sc), p->t_el - 0.03f);
  p->t_cap = p->t_wr + 0.88f * hand;
  p->t_tip = p->t_wr + hand;
  arm->y[0] = p->t0;
  arm->y[p->k_ua] = p->t_ua;
  arm->y[3] = p->t_el + 0.25f * (p->t_wr - p->t_el);
  arm->y[p->k_wr] = p->t_wr;
  /* Keeping the wrist's thickness a little past it makes the wrist the
   * arm's narrowest section, where the measurer looks for it. */
  BodySection *wr = &arm->s[p->k_wr], *out = &arm->s[p->k_wr + 1], *palm = &arm->s[p->k_wr + 2];
  *out = *wr;
  out->bf = out->bb = wr->bf + 0.35f * (palm->bf - wr->bf);
  arm->y[p->k_wr + 1] = p->t_wr + 0.12f * hand;
  arm->y[p->k_wr + 2] = p->t_wr + 0.45f * hand;
  arm->y[p->k_wr + 3] = p->t_cap;
  /* The armpit key of the upper body spans the arms' outer sides. */
  BodySection at_a;
  body_curve_eval (&p->torso, p->y_a, &at_a);
  float outer = p->sj[0] + p->t0 * sa + r_top * ca;
  BodySection env = { 0, at_a.cz, outer, at_a.bf, at_a.bb, 2.6f, 0 };
  p->upper.s[0] = env;
  /* Torso and upper body share the armpit section's centre and depths: one
   * tangent for them there, from the secants either side, so the chest
   * runs into the shoulders without a change of slope (it drew a line
   * across the chest). Breadth and shape differ across the junction, which
   * the generator blends. */
  BodyCurve *lo = &p->torso, *hi = &p->upper;
  const float *below = (const float *) &lo->s[lo->n - 2], *at = (const float *) &lo->s[lo->n - 1];
  const float *above = (const float *) &hi->s[1];
  const int shared[] = { 1, 3, 4 }; /* cz, bf, bb */
  for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
    {
      int k = shared[i];
      float d = harmonic_slope ((at[k] - below[k]) / (lo->y[lo->n - 1] - lo->y[lo->n - 2]),
                                (above[k] - at[k]) / (hi->y[1] - hi->y[0]));
      lo->d_last[k] = hi->d_first[k] = d;
      lo->has_d_last |= 1u << k, hi->has_d_first |= 1u << k;
    }
}

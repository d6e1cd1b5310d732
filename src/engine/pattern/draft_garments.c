/* The library's drafting routines: T-shirt, shirt, A-line skirt, straight
 * trousers, sheath dress, hoodie. Each builds its panels from the blocks of
 * draft_blocks.c (Aldrich's bodice and sleeve blocks) or, for the skirt and
 * the trousers, from Aldrich's skirt and trouser blocks drawn here: quarter
 * hip plus ease, waist suppression shared between side seam and darts, the
 * trouser crotch extensions of about 1/16 (front) and 1/8 (back) of the hip
 * girth, crease line midway across each leg.
 *
 * Where the book leaves ease in a seam (back inseam, back outseam), the
 * back's crotch point and waist corner are solved by bisection so both sides
 * of every seam have the same length: a simulator sews them point to point.
 *
 * Segment suffixes _r/_l name the drawing's right/left (x > 0 / x < 0) with
 * each panel seen from outside, so the front's side_r is the wearer's left
 * and sews to the back's side_l. */
#include "draft_internal.h"

#include <math.h>
#include <string.h>

#define M(k) (m->value[AT_M_##k])
#define NOEASE ((AtMeasureKey) -1)

/* ---- shared torso set-up ------------------------------------------------ */

/* A loose top: straight side seam wide enough for chest and, if the hem
 * reaches them, hips. */
static void
relaxed_torso (const DraftBody *b, double below_waist, double shoulder_ext, double armhole_drop, double neck_widen,
               DraftTorso *t)
{
  memset (t, 0, sizeof *t);
  t->top_y = b->nape_to_waist + 1.5 + below_waist;
  t->waist_y = below_waist;
  t->hip_y = below_waist - b->waist_to_hip;
  t->ua_y = t->top_y - b->scye_depth - armhole_drop;
  double at_hem = t->hip_y > 0 ? b->hip_q
                               : b->waist_q + (b->hip_q - b->waist_q) * below_waist / fmax (b->waist_to_hip, 1);
  t->neck_w = b->neck_w + neck_widen;
  t->sp_x = b->shoulder_x + shoulder_ext;
  /* Shoulder slope of about 17 degrees (Aldrich's 4-5 cm drop over a 13-15
   * cm shoulder); a dropped shoulder continues the same line. */
  t->sp_y = t->top_y - 0.3 * (t->sp_x - t->neck_w);
  t->ua_x = fmax (fmax (b->chest_q, at_hem), t->sp_x + 1);
  t->hem_x = t->waist_x = t->hip_x = t->ua_x;
}

static double
segment_length_named (const AtPattern *p, const char *panel, const char *segment)
{
  const AtPanel *pn = &p->panels[at_pattern_find_panel (p, panel)];
  return at_segment_length (pn, at_panel_find_segment (pn, segment));
}

/* Sleeves for a bodice with panels "front"/"back" (or front_left/right),
 * the left sleeve's x < 0 half of the head facing the front. */
static bool
set_in_sleeves (AtPattern *p, const char *front_l, const char *arm_front_l, const char *front_r,
                const char *arm_front_r, double bicep_w, double hem_w, double length, const char *fabric,
                AtError *err)
{
  double armhole = segment_length_named (p, "back", "armhole_r");
  AtPanel *sl = draft_sleeve (p, "sleeve_l", "Left sleeve", fabric, armhole, bicep_w, hem_w, length, err);
  if (!sl)
    return false;
  int sl_index = (int) (sl - p->panels);
  draft_place (sl, "arm_l", 0, 0, 4, draft_v (0, length * 0.6), true);
  AtPanel *sr = draft_sleeve (p, "sleeve_r", "Right sleeve", fabric, armhole, bicep_w, hem_w, length, err);
  if (!sr)
    return false;
  sr->mirror_of = sl_index;
  draft_place (sr, "arm_r", 0, 0, 4, draft_v (0, length * 0.6), true);
  return draft_seam (p, front_l, arm_front_l, arm_front_l, "sleeve_l", "cap_l", "cap_l", err)
         && draft_seam (p, "back", "armhole_l", "armhole_l", "sleeve_l", "cap_r", "cap_r", err)
         && draft_seam (p, front_r, arm_front_r, arm_front_r, "sleeve_r", "cap_r", "cap_r", err)
         && draft_seam (p, "back", "armhole_r", "armhole_r", "sleeve_r", "cap_l", "cap_l", err);
}

static bool
cuffs (AtPattern *p, double depth, const char *fabric, AtError *err)
{
  DraftBandPart left = { "sleeve_l", "hem", "hem" }, right = { "sleeve_r", "hem", "hem" };
  AtPanel *cl = draft_band (p, "cuff_l", "Left cuff", fabric, depth, true, true, &left, 1, err);
  if (!cl)
    return false;
  int cl_index = (int) (cl - p->panels);
  draft_place (cl, "wrist_l", 0, 0, 3, draft_v (0, depth), true);
  AtPanel *cr = draft_band (p, "cuff_r", "Right cuff", fabric, depth, true, true, &right, 1, err);
  if (!cr)
    return false;
  cr->mirror_of = cl_index;
  draft_place (cr, "wrist_r", 0, 0, 3, draft_v (0, depth), true);
  return true;
}

/* Sleeve length below the shoulder point and girth at its hem, tapering the
 * arm linearly from upper arm to wrist. */
static double
arm_girth_at (const AtMeasurements *m, double length)
{
  double f = fmin (fmax (length / M (ARM_LENGTH), 0), 1);
  return M (UPPER_ARM_GIRTH) + (M (WRIST_GIRTH) - M (UPPER_ARM_GIRTH)) * f;
}

static bool
front_back (AtPattern *p, const DraftTorso *t, const char *fabric, AtError *err)
{
  DraftPath path;
  DraftTorso front = *t, back = *t;
  /* The back neckline drops 2 cm plus a fifth of the front's extra depth. */
  back.neck_d = 2.0 + (t->neck_d - t->neck_w - 1.0) * 0.2;
  draft_torso_path (&front, &path);
  AtPanel *f = draft_emit_full (p, &path, "front", "Front", fabric, err);
  if (!f)
    return false;
  draft_place (f, "front_torso", 0, 0, 5, draft_v (0, t->ua_y), true);
  draft_torso_path (&back, &path);
  AtPanel *b = draft_emit_full (p, &path, "back", "Back", fabric, err);
  if (!b)
    return false;
  draft_place (b, "back_torso", 0, 0, 5, draft_v (0, t->ua_y), true);
  return draft_seam (p, "front", "shoulder_r", "shoulder_r", "back", "shoulder_l", "shoulder_l", err)
         && draft_seam (p, "front", "shoulder_l", "shoulder_l", "back", "shoulder_r", "shoulder_r", err)
         && draft_seam (p, "front", "side_r", "side_r", "back", "side_l", "side_l", err)
         && draft_seam (p, "front", "side_l", "side_l", "back", "side_r", "side_r", err);
}

/* ---- T-shirt ----------------------------------------------------------- */

enum { TS_BELOW_WAIST, TS_CHEST_EASE, TS_HIP_EASE, TS_NECK_WIDEN, TS_NECK_DROP, TS_SHOULDER_EXT, TS_ARMHOLE_DROP,
       TS_SLEEVE_RATIO, TS_SLEEVE_EASE, TS_SLEEVE_HEM_EASE, TS_BAND_WIDTH, TS_COUNT };

static const AtDesignParamInfo tshirt_params[TS_COUNT] = {
  [TS_BELOW_WAIST] = { "length_below_waist", 24, 0, 60, "hem below the natural waist (cm)", NOEASE },
  [TS_CHEST_EASE] = { "chest_ease", 12, 0, 40, "ease over the chest girth (cm)", AT_M_CHEST_GIRTH },
  [TS_HIP_EASE] = { "hip_ease", 8, 0, 40, "ease over the hip girth (cm)", AT_M_HIP_GIRTH },
  [TS_NECK_WIDEN] = { "neck_widen", 1.0, 0, 6, "neck opening wider than the block at the shoulder (cm)", NOEASE },
  [TS_NECK_DROP] = { "neck_drop", 1.5, 0, 15, "front neckline deeper than the block (cm)", NOEASE },
  [TS_SHOULDER_EXT] = { "shoulder_extension", 1.0, 0, 10, "shoulder seam beyond the shoulder point (cm)", NOEASE },
  [TS_ARMHOLE_DROP] = { "armhole_drop", 1.5, 0, 10, "armhole deeper than the block (cm)", NOEASE },
  [TS_SLEEVE_RATIO] = { "sleeve_ratio", 0.32, 0.15, 1.1, "sleeve length as a fraction of the arm length", NOEASE },
  [TS_SLEEVE_EASE] = { "sleeve_ease", 8, 0, 30, "ease over the upper arm girth (cm)", AT_M_UPPER_ARM_GIRTH },
  [TS_SLEEVE_HEM_EASE] = { "sleeve_hem_ease", 6, 0, 30, "ease at the sleeve hem (cm)", NOEASE },
  [TS_BAND_WIDTH] = { "band_width", 1.8, 0.8, 5, "finished neck band width (cm)", NOEASE },
};

static AtStatus
draft_tshirt (const AtMeasurements *m, const double *P, const char *fabric, AtPattern *p, AtError *err)
{
  DraftBody b;
  DraftTorso t;
  draft_body_measures (m, P[TS_CHEST_EASE], 0, P[TS_HIP_EASE], &b);
  relaxed_torso (&b, P[TS_BELOW_WAIST], P[TS_SHOULDER_EXT], P[TS_ARMHOLE_DROP], P[TS_NECK_WIDEN], &t);
  t.neck_d = t.neck_w + 1 + P[TS_NECK_DROP];
  double sleeve = P[TS_SLEEVE_RATIO] * M (ARM_LENGTH) - P[TS_SHOULDER_EXT];
  DraftBandPart band[] = { { "back", "neck_r", "neck_r" }, { "front", "neck_r", "neck_l" }, { "back", "neck_l", "neck_l" } };
  AtPanel *nb;
  if (!front_back (p, &t, fabric, err)
      || !set_in_sleeves (p, "front", "armhole_r", "front", "armhole_l", M (UPPER_ARM_GIRTH) + P[TS_SLEEVE_EASE],
                          arm_girth_at (m, sleeve) + P[TS_SLEEVE_HEM_EASE], sleeve, fabric, err)
      || !(nb = draft_band (p, "neckband", "Neck band", fabric, P[TS_BAND_WIDTH], true, true, band, 3, err)))
    return err->code;
  draft_place (nb, "neck", 0, 0, 2, draft_v (0, 0), true);
  return draft_finish (p, 2.5, err) ? AT_OK : err->code;
}

/* ---- shirt ------------------------------------------------------------- */

enum { SH_BELOW_WAIST, SH_CHEST_EASE, SH_HIP_EASE, SH_NECK_EASE, SH_SHOULDER_EXT, SH_ARMHOLE_DROP, SH_SLEEVE_EASE,
       SH_CUFF_EASE, SH_CUFF_DEPTH, SH_STAND_HEIGHT, SH_COLLAR_WIDTH, SH_BUTTON_STAND, SH_FACING, SH_COUNT };

static const AtDesignParamInfo shirt_params[SH_COUNT] = {
  [SH_BELOW_WAIST] = { "length_below_waist", 30, 5, 60, "hem below the natural waist (cm)", NOEASE },
  [SH_CHEST_EASE] = { "chest_ease", 14, 4, 40, "ease over the chest girth (cm)", AT_M_CHEST_GIRTH },
  [SH_HIP_EASE] = { "hip_ease", 10, 0, 40, "ease over the hip girth (cm)", AT_M_HIP_GIRTH },
  [SH_NECK_EASE] = { "neck_widen", 0.3, 0, 3, "neck opening wider than the block (cm)", NOEASE },
  [SH_SHOULDER_EXT] = { "shoulder_extension", 1.5, 0, 8, "shoulder seam beyond the shoulder point (cm)", NOEASE },
  [SH_ARMHOLE_DROP] = { "armhole_drop", 2, 0, 10, "armhole deeper than the block (cm)", NOEASE },
  [SH_SLEEVE_EASE] = { "sleeve_ease", 10, 2, 30, "ease over the upper arm girth (cm)", AT_M_UPPER_ARM_GIRTH },
  [SH_CUFF_EASE] = { "cuff_ease", 6, 1, 15, "cuff length over the wrist girth (cm)", AT_M_WRIST_GIRTH },
  [SH_CUFF_DEPTH] = { "cuff_depth", 6, 3, 12, "finished cuff depth (cm)", NOEASE },
  [SH_STAND_HEIGHT] = { "stand_height", 3, 2, 5, "collar stand height (cm)", NOEASE },
  [SH_COLLAR_WIDTH] = { "collar_width", 4.5, 3, 8, "collar fall width (cm)", NOEASE },
  [SH_BUTTON_STAND] = { "button_stand", 1.5, 1, 3, "button stand beyond the centre front (cm)", NOEASE },
  [SH_FACING] = { "facing", 3.5, 2, 8, "grown-on front facing width (cm)", NOEASE },
};

static AtStatus
draft_shirt (const AtMeasurements *m, const double *P, const char *fabric, AtPattern *p, AtError *err)
{
  DraftBody b;
  DraftTorso t;
  DraftPath path;
  draft_body_measures (m, P[SH_CHEST_EASE], 0, P[SH_HIP_EASE], &b);
  relaxed_torso (&b, P[SH_BELOW_WAIST], P[SH_SHOULDER_EXT], P[SH_ARMHOLE_DROP], P[SH_NECK_EASE], &t);
  t.neck_d = t.neck_w + 1;
  double stand = P[SH_BUTTON_STAND], ext = stand + P[SH_FACING];

  /* The wearer's left front, drawn at x >= 0 with the button stand and the
   * grown-on facing beyond the centre front at x < 0. */
  DraftTorso front = t;
  front.start_x = -ext;
  draft_torso_path (&front, &path);
  double neck_y = path.cur.y;
  draft_path_line (&path, "ext_top", draft_v (-stand, neck_y));
  draft_path_line (&path, "facing_top", draft_v (-ext, neck_y));
  draft_path_line (&path, "front_edge", draft_v (-ext, 0));
  AtPanel *fl = draft_emit_half (p, &path, "front_left", "Left front", fabric, err);
  if (!fl)
    return err->code;
  at_panel_add_fold (fl, draft_v (-stand, 0), draft_v (-stand, neck_y), 180);
  draft_place (fl, "front_torso", 8, 0, 5, draft_v (8, t.ua_y), true);
  AtPanel *fr = at_pattern_add_mirror (p, (int) (fl - p->panels), "front_right", "Right front");
  if (!fr)
    return at_error_set (err, AT_ERR_INVALID, "pattern '%s' has too many panels", p->garment);
  DraftTorso back = t;
  back.neck_d = 2.0;
  draft_torso_path (&back, &path);
  AtPanel *bk = draft_emit_full (p, &path, "back", "Back", fabric, err);
  if (!bk)
    return err->code;
  draft_place (bk, "back_torso", 0, 0, 5, draft_v (0, t.ua_y), true);

  double sleeve = M (ARM_LENGTH) - P[SH_SHOULDER_EXT] - P[SH_CUFF_DEPTH];
  double cuff = M (WRIST_GIRTH) + P[SH_CUFF_EASE];
  DraftBandPart neck[] = { { "front_left", "neck", "ext_top" }, { "back", "neck_r", "neck_l" },
                           { "front_right", "ext_top", "neck" } };
  DraftBandPart stand_top = { "stand", "top", "top" };
  AtPanel *st, *col;
  if (!draft_seam (p, "front_left", "shoulder", "shoulder", "back", "shoulder_l", "shoulder_l", err)
      || !draft_seam (p, "front_right", "shoulder", "shoulder", "back", "shoulder_r", "shoulder_r", err)
      || !draft_seam (p, "front_left", "side", "side", "back", "side_l", "side_l", err)
      || !draft_seam (p, "front_right", "side", "side", "back", "side_r", "side_r", err)
      || !set_in_sleeves (p, "front_left", "armhole", "front_right", "armhole", M (UPPER_ARM_GIRTH) + P[SH_SLEEVE_EASE],
                          cuff, sleeve, fabric, err)
      || !cuffs (p, P[SH_CUFF_DEPTH], fabric, err)
      || !(st = draft_band (p, "stand", "Collar stand", fabric, P[SH_STAND_HEIGHT], false, false, neck, 3, err))
      || !(col = draft_band (p, "collar", "Collar", fabric, P[SH_COLLAR_WIDTH], false, false, &stand_top, 1, err)))
    return err->code;
  st->cut_count = 2;
  /* Buttoned at the neck, the stand carries the shirt there: the open
   * fronts alone would slide down arms held in the A-pose. */
  st->placement.hold = true;
  col->cut_count = 2;
  draft_place (st, "neck", 0, 0, 2, draft_v (0, 0), true);
  draft_place (col, "neck", 0, 2, 3, draft_v (0, 0), true);
  /* Collar points: the fall edge runs past the stand at both ends. */
  double len = col->segments[at_panel_find_segment (col, "top")].p0.x;
  col->segments[at_panel_find_segment (col, "top")].p0.x = len + 1.5;
  col->segments[at_panel_find_segment (col, "end_l")].p0.x = -1.5;
  return draft_finish (p, 2.0, err) ? AT_OK : err->code;
}

/* ---- A-line skirt ------------------------------------------------------ */

enum { SK_KNEE_OFFSET, SK_WAIST_EASE, SK_HIP_EASE, SK_FLARE, SK_FRONT_DART, SK_BACK_DART, SK_BAND_WIDTH, SK_COUNT };

static const AtDesignParamInfo skirt_params[SK_COUNT] = {
  [SK_KNEE_OFFSET] = { "knee_offset", 4, -25, 40, "hem below the knee (cm; negative above)", NOEASE },
  [SK_WAIST_EASE] = { "waist_ease", 2, 0, 8, "ease over the waist girth (cm)", AT_M_WAIST_GIRTH },
  [SK_HIP_EASE] = { "hip_ease", 4, 1, 20, "ease over the hip girth (cm)", AT_M_HIP_GIRTH },
  [SK_FLARE] = { "flare", 6, 0, 25, "added to each side seam at the hem (cm)", NOEASE },
  [SK_FRONT_DART] = { "front_dart_length", 9, 5, 14, "front dart length (cm)", NOEASE },
  [SK_BACK_DART] = { "back_dart_length", 13, 7, 18, "back dart length (cm)", NOEASE },
  [SK_BAND_WIDTH] = { "band_width", 3.5, 2, 8, "finished waistband width (cm)", NOEASE },
};

static AtPanel *
skirt_panel (AtPattern *p, const char *name, const char *label, const char *fabric, double hq, double wq,
             double length, double hip_depth, double flare, double dart_len, AtError *err)
{
  /* Aldrich's skirt block: half the suppression at the side (at most 4 cm),
   * the rest in a dart midway across the waist. */
  double supp = hq - wq, side = fmin (0.5 * supp, 4), dart = fmax (supp - side, 0.6);
  double xd = 0.5 * (wq + dart);
  DraftPath path;
  draft_path_start (&path, draft_v (0, 0));
  draft_path_line (&path, "hem", draft_v (hq + flare, 0));
  double hip_y = length - hip_depth;
  draft_path_line (&path, "side", draft_v (hq + flare * hip_depth / length, hip_y));
  draft_path_cubic (&path, "hip", draft_v (hq + flare * hip_depth / length, hip_y + 0.5 * hip_depth),
                    draft_v (hq - side + 0.2, length + 1 - 0.25 * hip_depth), draft_v (hq - side, length + 1));
  draft_path_line (&path, "waist_side", draft_v (xd + dart / 2, length));
  draft_path_dart (&path, "dart", draft_v (xd, length - dart_len), draft_v (xd - dart / 2, length));
  draft_path_line (&path, "waist_centre", draft_v (0, length));
  return draft_emit_full (p, &path, name, label, fabric, err);
}

static AtStatus
draft_skirt (const AtMeasurements *m, const double *P, const char *fabric, AtPattern *p, AtError *err)
{
  double hq = (M (HIP_GIRTH) + P[SK_HIP_EASE]) / 4, wq = (M (WAIST_GIRTH) + P[SK_WAIST_EASE]) / 4;
  double length = M (WAIST_HEIGHT) - M (KNEE_HEIGHT) + P[SK_KNEE_OFFSET] - P[SK_BAND_WIDTH];
  double hip_depth = fmin (M (WAIST_HEIGHT) - M (HIP_HEIGHT), 0.7 * length);
  /* Aldrich moves 1 cm of the side seam from the front to the back. */
  AtPanel *f = skirt_panel (p, "front", "Front", fabric, hq + 1, wq + 1, length, hip_depth, P[SK_FLARE],
                            P[SK_FRONT_DART], err);
  if (!f)
    return err->code;
  draft_place (f, "waist_front", 0, -length / 2, 4, draft_v (0, length / 2), true);
  AtPanel *b = skirt_panel (p, "back", "Back", fabric, hq - 1, wq - 1, length, hip_depth, P[SK_FLARE],
                            P[SK_BACK_DART], err);
  if (!b)
    return err->code;
  draft_place (b, "waist_back", 0, -length / 2, 4, draft_v (0, length / 2), true);
  DraftBandPart band[] = {
    { "back", "waist_centre_r", "waist_centre_r" }, { "back", "waist_side_r", "waist_side_r" },
    { "front", "waist_side_l", "waist_side_l" }, { "front", "waist_centre_l", "waist_centre_l" },
    { "front", "waist_centre_r", "waist_centre_r" }, { "front", "waist_side_r", "waist_side_r" },
    { "back", "waist_side_l", "waist_side_l" }, { "back", "waist_centre_l", "waist_centre_l" },
  };
  AtPanel *wb;
  if (!draft_seam (p, "front", "side_r", "hip_r", "back", "hip_l", "side_l", err)
      || !draft_seam (p, "front", "hip_l", "side_l", "back", "side_r", "hip_r", err)
      || !(wb = draft_band (p, "waistband", "Waistband", fabric, P[SK_BAND_WIDTH], true, true, band, 8, err)))
    return err->code;
  draft_place (wb, "waist_front", 0, 1, 2, draft_v (0, 0), true);
  wb->placement.hold = true;
  return draft_finish (p, 3.0, err) ? AT_OK : err->code;
}

/* ---- straight trousers ------------------------------------------------- */

enum { TR_WAIST_EASE, TR_HIP_EASE, TR_KNEE_EASE, TR_TAPER, TR_CLEARANCE, TR_RISE_EASE, TR_BAND_WIDTH, TR_COUNT };

static const AtDesignParamInfo trousers_params[TR_COUNT] = {
  [TR_WAIST_EASE] = { "waist_ease", 2, 0, 8, "ease over the waist girth (cm)", AT_M_WAIST_GIRTH },
  [TR_HIP_EASE] = { "hip_ease", 6, 2, 20, "ease over the hip girth (cm)", AT_M_HIP_GIRTH },
  [TR_KNEE_EASE] = { "knee_ease", 12, 4, 40, "leg width at the knee over the calf girth (cm)", AT_M_CALF_GIRTH },
  [TR_TAPER] = { "hem_taper", 4, -10, 20, "hem narrower than the knee (cm, whole leg)", NOEASE },
  [TR_CLEARANCE] = { "hem_clearance", 3, 0, 40, "hem above the floor (cm)", NOEASE },
  [TR_RISE_EASE] = { "rise_ease", 1.5, 0, 5, "crotch depth ease (cm)", NOEASE },
  [TR_BAND_WIDTH] = { "band_width", 3.5, 2, 8, "finished waistband width (cm)", NOEASE },
};

typedef struct {
  AtVec2 hem_in, hem_out, knee_in, knee_out, hip_out, waist_out, waist_centre, seat_centre, crotch;
  double seat_y;
} Leg;

static double
inseam_len (const Leg *l)
{
  return hypot (l->crotch.x - l->knee_in.x, l->crotch.y - l->knee_in.y)
         + hypot (l->knee_in.x - l->hem_in.x, l->knee_in.y - l->hem_in.y);
}

static void
waist_curve (const Leg *l, AtVec2 *c1, AtVec2 *c2)
{
  double dy = l->waist_out.y - l->hip_out.y;
  *c1 = draft_v (l->hip_out.x, l->hip_out.y + 0.5 * dy);
  *c2 = draft_v (l->waist_out.x + 0.15 * (l->hip_out.x - l->waist_out.x), l->waist_out.y - 0.2 * dy);
}

static double
outseam_len (const Leg *l)
{
  AtVec2 c1, c2;
  waist_curve (l, &c1, &c2);
  return hypot (l->hem_out.x - l->knee_out.x, l->hem_out.y - l->knee_out.y)
         + hypot (l->knee_out.x - l->hip_out.x, l->knee_out.y - l->hip_out.y)
         + draft_cubic_length (l->hip_out, c1, c2, l->waist_out);
}

typedef struct {
  Leg *leg;
  bool outseam;
} LegSolve;

static double
leg_len_at (double y, void *user)
{
  LegSolve *s = user;
  if (s->outseam)
    {
      s->leg->waist_out.y = y;
      return outseam_len (s->leg);
    }
  s->leg->crotch.y = y;
  return inseam_len (s->leg);
}

static AtPanel *
emit_leg (AtPattern *p, const Leg *l, const char *name, const char *label, const char *fabric, const char *centre,
          AtError *err)
{
  DraftPath path;
  AtVec2 c1, c2;
  waist_curve (l, &c1, &c2);
  draft_path_start (&path, l->hem_in);
  draft_path_line (&path, "hem", l->hem_out);
  draft_path_line (&path, "out_knee", l->knee_out);
  draft_path_line (&path, "out_hip", l->hip_out);
  draft_path_cubic (&path, "out_waist", c1, c2, l->waist_out);
  draft_path_line (&path, "waist", l->waist_centre);
  draft_path_line (&path, centre, l->seat_centre);
  double drop = l->seat_centre.y - l->crotch.y;
  draft_path_cubic (&path, "crotch", draft_v (l->seat_centre.x, l->seat_centre.y - 0.6 * drop),
                    draft_v (0.55 * l->crotch.x, l->crotch.y), l->crotch);
  draft_path_line (&path, "in_upper", l->knee_in);
  draft_path_line (&path, "in_lower", l->hem_in);
  return draft_emit_half (p, &path, name, label, fabric, err);
}

static AtStatus
draft_trousers (const AtMeasurements *m, const double *P, const char *fabric, AtPattern *p, AtError *err)
{
  double hip = M (HIP_GIRTH) + P[TR_HIP_EASE], waist = M (WAIST_GIRTH) + P[TR_WAIST_EASE];
  double crotch_y = M (INSIDE_LEG) - P[TR_CLEARANCE];
  double top_y = M (WAIST_HEIGHT) - P[TR_CLEARANCE] + P[TR_RISE_EASE] - P[TR_BAND_WIDTH];
  double knee_y = M (KNEE_HEIGHT) - P[TR_CLEARANCE];
  double seat_y = fmax (M (HIP_HEIGHT) - P[TR_CLEARANCE], crotch_y + 0.45 * (top_y - crotch_y));
  double knee = M (CALF_GIRTH) + P[TR_KNEE_EASE], hem = knee - P[TR_TAPER];
  if (top_y - crotch_y < 10 || knee_y >= crotch_y - 5 || knee_y <= 5)
    return at_error_set (err, AT_ERR_RANGE, "trousers: waist height, inside leg and knee height are inconsistent "
                         "(rise %.1f cm, knee %.1f cm below the crotch)", top_y - crotch_y, crotch_y - knee_y);

  /* Front: crotch extension 1/16 hip, crease midway between it and the side. */
  double hf = hip / 4 - 1, ef = hip / 16, crease_f = 0.5 * (hf - ef);
  Leg f = {
    .hem_in = draft_v (crease_f - (hem / 4 - 1), 0), .hem_out = draft_v (crease_f + (hem / 4 - 1), 0),
    .knee_in = draft_v (crease_f - (knee / 4 - 1), knee_y), .knee_out = draft_v (crease_f + (knee / 4 - 1), knee_y),
    .hip_out = draft_v (hf, seat_y), .waist_out = draft_v (1 + waist / 4 - 1, top_y),
    .waist_centre = draft_v (1, top_y), .seat_centre = draft_v (0, seat_y), .crotch = draft_v (-ef, crotch_y),
  };
  /* Back: extension 1/8 hip less 1.5, raised and slanted centre back. */
  double hb = hip / 4 + 1, eb = hip / 8 - 1.5, crease_b = 0.5 * (hb - eb);
  Leg b = {
    .hem_in = draft_v (crease_b - (hem / 4 + 1), 0), .hem_out = draft_v (crease_b + (hem / 4 + 1), 0),
    .knee_in = draft_v (crease_b - (knee / 4 + 1), knee_y), .knee_out = draft_v (crease_b + (knee / 4 + 1), knee_y),
    .hip_out = draft_v (hb, seat_y), .waist_out = draft_v (2.5 + waist / 4 + 1, top_y),
    .waist_centre = draft_v (2.5, top_y + 2), .seat_centre = draft_v (0, seat_y), .crotch = draft_v (-eb, crotch_y),
  };
  LegSolve in = { &b, false }, out = { &b, true };
  b.crotch.y = draft_solve (leg_len_at, &in, inseam_len (&f), knee_y + 2, seat_y - 2);
  b.waist_out.y = draft_solve (leg_len_at, &out, outseam_len (&f), seat_y + 2, top_y + 8);
  if (fabs (inseam_len (&b) - inseam_len (&f)) > 0.01 || fabs (outseam_len (&b) - outseam_len (&f)) > 0.01)
    return at_error_set (err, AT_ERR_RANGE, "trousers: the back leg cannot match the front leg for these measurements");

  AtPanel *fl = emit_leg (p, &f, "front_left", "Left front leg", fabric, "cf", err);
  if (!fl)
    return err->code;
  draft_place (fl, "leg_front_l", 0, 0, 5, draft_v (crease_f, knee_y), true);
  AtPanel *fr = at_pattern_add_mirror (p, (int) (fl - p->panels), "front_right", "Right front leg");
  AtPanel *br = emit_leg (p, &b, "back_right", "Right back leg", fabric, "cb", err);
  if (!fr || !br)
    return fr ? err->code : at_error_set (err, AT_ERR_INVALID, "trousers: too many panels");
  draft_place (br, "leg_back_r", 0, 0, 5, draft_v (crease_b, knee_y), true);
  if (!at_pattern_add_mirror (p, (int) (br - p->panels), "back_left", "Left back leg"))
    return at_error_set (err, AT_ERR_INVALID, "trousers: too many panels");
  DraftBandPart band[] = { { "back_right", "waist", "waist" }, { "front_right", "waist", "waist" },
                           { "front_left", "waist", "waist" }, { "back_left", "waist", "waist" } };
  AtPanel *wb;
  if (!draft_seam (p, "front_left", "cf", "crotch", "front_right", "crotch", "cf", err)
      || !draft_seam (p, "back_right", "cb", "crotch", "back_left", "crotch", "cb", err)
      || !draft_seam (p, "front_left", "out_knee", "out_waist", "back_left", "out_waist", "out_knee", err)
      || !draft_seam (p, "front_right", "out_waist", "out_knee", "back_right", "out_knee", "out_waist", err)
      || !draft_seam (p, "front_left", "in_upper", "in_lower", "back_left", "in_lower", "in_upper", err)
      || !draft_seam (p, "front_right", "in_lower", "in_upper", "back_right", "in_upper", "in_lower", err)
      || !(wb = draft_band (p, "waistband", "Waistband", fabric, P[TR_BAND_WIDTH], true, true, band, 4, err)))
    return err->code;
  draft_place (wb, "waist_front", 0, 1, 2, draft_v (0, 0), true);
  wb->placement.hold = true;
  return draft_finish (p, 3.0, err) ? AT_OK : err->code;
}

/* ---- sheath dress ------------------------------------------------------ */

enum { DR_KNEE_OFFSET, DR_CHEST_EASE, DR_WAIST_EASE, DR_HIP_EASE, DR_NECK_WIDEN, DR_NECK_DROP, DR_ARMHOLE_DROP,
       DR_BUST_DART, DR_SHOULDER_DART, DR_CB_SHAPING, DR_HEM_TAPER, DR_COUNT };

static const AtDesignParamInfo dress_params[DR_COUNT] = {
  [DR_KNEE_OFFSET] = { "knee_offset", 2, -20, 30, "hem below the knee (cm; negative above)", NOEASE },
  [DR_CHEST_EASE] = { "chest_ease", 6, 2, 20, "ease over the bust girth (cm)", AT_M_CHEST_GIRTH },
  [DR_WAIST_EASE] = { "waist_ease", 4, 1, 20, "ease over the waist girth (cm)", AT_M_WAIST_GIRTH },
  [DR_HIP_EASE] = { "hip_ease", 4, 1, 20, "ease over the hip girth (cm)", AT_M_HIP_GIRTH },
  [DR_NECK_WIDEN] = { "neck_widen", 1.5, 0, 8, "neck opening wider than the block (cm)", NOEASE },
  [DR_NECK_DROP] = { "neck_drop", 3, 0, 20, "front neckline deeper than the block (cm)", NOEASE },
  [DR_ARMHOLE_DROP] = { "armhole_drop", 1, 0, 6, "armhole deeper than the block (cm)", NOEASE },
  [DR_BUST_DART] = { "bust_dart", 3, 0.5, 7, "side bust dart intake (cm)", NOEASE },
  [DR_SHOULDER_DART] = { "shoulder_dart", 1.2, 0.3, 3, "back shoulder dart intake (cm)", NOEASE },
  [DR_CB_SHAPING] = { "cb_shaping", 1.5, 0, 4, "centre back seam suppression at the waist (cm)", NOEASE },
  [DR_HEM_TAPER] = { "hem_taper", 1, -5, 4, "side seam narrower at the hem than at the hip (cm)", NOEASE },
};

static AtStatus
draft_dress (const AtMeasurements *m, const double *P, const char *fabric, AtPattern *p, AtError *err)
{
  DraftBody b;
  draft_body_measures (m, P[DR_CHEST_EASE], P[DR_WAIST_EASE], P[DR_HIP_EASE], &b);
  double below_waist = M (WAIST_HEIGHT) - M (KNEE_HEIGHT) + P[DR_KNEE_OFFSET];
  double cbs = P[DR_CB_SHAPING];
  DraftTorso t = { 0 };
  t.top_y = b.nape_to_waist + 1.5 + below_waist;
  t.waist_y = below_waist;
  t.ua_y = t.top_y - b.scye_depth - P[DR_ARMHOLE_DROP];
  /* The dress hangs from the shoulders with its underarm at the body's
   * chest level (the drape places it there), which lies about 2 cm below
   * the block's scye depth line: the body's hip meets the dress that far
   * below the underarm, above a hip line taken from the waist, where the
   * side seams already curve in. Without a chest height, from the waist. */
  t.hip_y = below_waist - b.waist_to_hip;
  if (M (CHEST_HEIGHT) > M (HIP_HEIGHT))
    t.hip_y = fmin (t.ua_y - (M (CHEST_HEIGHT) - M (HIP_HEIGHT)), below_waist - 0.5 * b.waist_to_hip);
  t.ua_x = b.chest_q;
  /* The centre back seam takes cbs out of the back waist; the side seams,
   * shared by front and back, give half of it back to each. */
  t.waist_x = b.waist_q + cbs / 2;
  t.hip_x = b.hip_q;
  t.hem_x = b.hip_q - P[DR_HEM_TAPER];
  t.shaped = true;
  t.neck_w = b.neck_w + P[DR_NECK_WIDEN];
  t.sp_x = b.shoulder_x - 0.5;
  t.sp_y = t.top_y - 0.3 * (t.sp_x - t.neck_w);
  if (t.hip_y <= 1 || t.waist_x >= t.ua_x + 8 || t.sp_x <= t.neck_w + 4)
    return at_error_set (err, AT_ERR_RANGE, "dress: body proportions out of the block's range "
                         "(hip %.1f cm above the hem, shoulder %.1f cm)", t.hip_y, t.sp_x - t.neck_w);

  DraftTorso front = t;
  front.neck_d = t.neck_w + 1 + P[DR_NECK_DROP];
  front.bust_dart = P[DR_BUST_DART];
  front.bust_dart_y = t.ua_y - 5;
  front.bust_apex_x = M (CHEST_GIRTH) / 10 + 2;
  DraftPath path;
  draft_torso_path (&front, &path);
  AtPanel *f = draft_emit_full (p, &path, "front", "Front", fabric, err);
  if (!f)
    return err->code;
  draft_place (f, "front_torso", 0, 0, 5, draft_v (0, t.ua_y), true);

  /* The centre back seam takes the sway-back suppression at the waist and
   * curves back to the centre back line by the hip, then runs straight to
   * the hem: the back keeps its full quarter of the hip and its ease. */
  DraftTorso back = t;
  back.neck_d = 2.0;
  back.shoulder_dart = P[DR_SHOULDER_DART];
  back.shoulder_dart_len = 7;
  draft_torso_path (&back, &path);
  double w2h = t.waist_y - t.hip_y;
  draft_path_line (&path, "cb_upper", draft_v (cbs, t.waist_y));
  draft_path_cubic (&path, "cb_hip", draft_v (cbs, t.waist_y - w2h / 3), draft_v (0, t.hip_y + w2h / 3),
                    draft_v (0, t.hip_y));
  draft_path_line (&path, "cb_lower", draft_v (0, 0));
  AtPanel *br = draft_emit_half (p, &path, "back_right", "Right back", fabric, err);
  if (!br)
    return err->code;
  draft_place (br, "back_torso", -10, 0, 5, draft_v (10, t.ua_y), true);
  int bri = (int) (br - p->panels), fi = (int) (f - p->panels);
  /* Split the back side where the front's bust dart interrupts it, and the
   * front shoulders where the back shoulder dart does. */
  double side_lo = at_segment_length (f, at_panel_find_segment (f, "side_r"));
  double sh_b = at_segment_length (br, at_panel_find_segment (br, "shoulder_b"));
  if (!at_panel_split_segment (p, bri, at_panel_find_segment (br, "side"), side_lo, "side", "side_top")
      || !at_panel_split_segment (p, fi, at_panel_find_segment (f, "shoulder_r"), sh_b, "shoulder_b_r", "shoulder_a_r"))
    return at_error_set (err, AT_ERR_INVALID, "dress: cannot split the side or shoulder seams");
  double sh_a = at_segment_length (br, at_panel_find_segment (br, "shoulder_a"));
  if (!at_panel_split_segment (p, fi, at_panel_find_segment (f, "shoulder_l"), sh_a, "shoulder_a_l", "shoulder_b_l"))
    return at_error_set (err, AT_ERR_INVALID, "dress: cannot split the shoulder seams");
  if (!at_pattern_add_mirror (p, bri, "back_left", "Left back"))
    return at_error_set (err, AT_ERR_INVALID, "dress: too many panels");
  if (!draft_seam (p, "front", "side_hip_r", "side_r", "back_left", "side", "side_hip", err)
      || !draft_seam (p, "front", "side_top_r", "side_top_r", "back_left", "side_top", "side_top", err)
      || !draft_seam (p, "front", "side_l", "side_hip_l", "back_right", "side_hip", "side", err)
      || !draft_seam (p, "front", "side_top_l", "side_top_l", "back_right", "side_top", "side_top", err)
      || !draft_seam (p, "front", "shoulder_b_r", "shoulder_b_r", "back_left", "shoulder_b", "shoulder_b", err)
      || !draft_seam (p, "front", "shoulder_a_r", "shoulder_a_r", "back_left", "shoulder_a", "shoulder_a", err)
      || !draft_seam (p, "front", "shoulder_a_l", "shoulder_a_l", "back_right", "shoulder_a", "shoulder_a", err)
      || !draft_seam (p, "front", "shoulder_b_l", "shoulder_b_l", "back_right", "shoulder_b", "shoulder_b", err)
      || !draft_seam (p, "back_right", "cb_upper", "cb_lower", "back_left", "cb_lower", "cb_upper", err))
    return err->code;
  return draft_finish (p, 3.0, err) ? AT_OK : err->code;
}

/* ---- hoodie ------------------------------------------------------------ */

enum { HD_BELOW_WAIST, HD_CHEST_EASE, HD_HIP_EASE, HD_NECK_WIDEN, HD_NECK_DROP, HD_SHOULDER_EXT, HD_ARMHOLE_DROP,
       HD_SLEEVE_EASE, HD_CUFF_EASE, HD_CUFF_DEPTH, HD_HOOD_HEIGHT, HD_HOOD_DEPTH, HD_COUNT };

static const AtDesignParamInfo hoodie_params[HD_COUNT] = {
  [HD_BELOW_WAIST] = { "length_below_waist", 24, 5, 50, "hem below the natural waist (cm)", NOEASE },
  [HD_CHEST_EASE] = { "chest_ease", 20, 8, 50, "ease over the chest girth (cm)", AT_M_CHEST_GIRTH },
  [HD_HIP_EASE] = { "hip_ease", 14, 0, 50, "ease over the hip girth (cm)", AT_M_HIP_GIRTH },
  [HD_NECK_WIDEN] = { "neck_widen", 2, 0, 6, "neck opening wider than the block (cm)", NOEASE },
  [HD_NECK_DROP] = { "neck_drop", 2.5, 0, 10, "front neckline deeper than the block (cm)", NOEASE },
  [HD_SHOULDER_EXT] = { "shoulder_extension", 4, 0, 12, "dropped shoulder beyond the shoulder point (cm)", NOEASE },
  [HD_ARMHOLE_DROP] = { "armhole_drop", 4, 0, 12, "armhole deeper than the block (cm)", NOEASE },
  [HD_SLEEVE_EASE] = { "sleeve_ease", 12, 4, 40, "ease over the upper arm girth (cm)", AT_M_UPPER_ARM_GIRTH },
  [HD_CUFF_EASE] = { "cuff_ease", 3, 0, 12, "rib cuff over the wrist girth (cm)", AT_M_WRIST_GIRTH },
  [HD_CUFF_DEPTH] = { "cuff_depth", 7, 3, 12, "finished cuff depth (cm)", NOEASE },
  [HD_HOOD_HEIGHT] = { "hood_height_ease", 10, 4, 20, "hood height over the head height (cm)", NOEASE },
  [HD_HOOD_DEPTH] = { "hood_depth_ease", 8, 2, 20, "hood depth over the head length (cm)", NOEASE },
};

static AtStatus
draft_hoodie (const AtMeasurements *m, const double *P, const char *fabric, AtPattern *p, AtError *err)
{
  DraftBody b;
  DraftTorso t;
  draft_body_measures (m, P[HD_CHEST_EASE], 0, P[HD_HIP_EASE], &b);
  relaxed_torso (&b, P[HD_BELOW_WAIST], P[HD_SHOULDER_EXT], P[HD_ARMHOLE_DROP], P[HD_NECK_WIDEN], &t);
  t.neck_d = t.neck_w + 1 + P[HD_NECK_DROP];
  double sleeve = M (ARM_LENGTH) - P[HD_SHOULDER_EXT] - P[HD_CUFF_DEPTH] + 2;
  double cuff = M (WRIST_GIRTH) + P[HD_CUFF_EASE];
  if (!front_back (p, &t, fabric, err)
      || !set_in_sleeves (p, "front", "armhole_r", "front", "armhole_l", M (UPPER_ARM_GIRTH) + P[HD_SLEEVE_EASE],
                          cuff, sleeve, fabric, err)
      || !cuffs (p, P[HD_CUFF_DEPTH], fabric, err))
    return err->code;

  /* Hood (left half, seen from the left): neck edge made of the front and
   * back neckline lengths, back seam bulging over the back of the head,
   * straight face edge. Head height and length from ANSUR II ratios of
   * stature (vertex to cervicale 0.14, head length 0.11). */
  double lf = segment_length_named (p, "front", "neck_r"), lb = segment_length_named (p, "back", "neck_r");
  double hh = 0.14 * M (STATURE) + P[HD_HOOD_HEIGHT];
  AtVec2 fp = draft_v (0, 0), sp = draft_v (lf, 0);
  AtVec2 bp = draft_v (lf + lb * cos (0.17), lb * sin (0.17));
  double hw = fmax (0.11 * M (STATURE) + P[HD_HOOD_DEPTH], bp.x + 3);
  DraftPath path;
  draft_path_start (&path, fp);
  draft_path_line (&path, "neck_front", sp);
  draft_path_line (&path, "neck_back", bp);
  draft_path_cubic (&path, "back", draft_v (hw + 1, bp.y + 0.3 * hh), draft_v (hw, 0.85 * hh),
                    draft_v (0.7 * hw, hh));
  draft_path_cubic (&path, "top", draft_v (0.45 * hw, hh + 1.5), draft_v (0.1 * hw, hh + 0.5), draft_v (0, hh - 1));
  draft_path_line (&path, "face", fp);
  AtPanel *hl = draft_emit_half (p, &path, "hood_l", "Left hood", fabric, err);
  if (!hl)
    return err->code;
  draft_place (hl, "head", 6, 0, 4, draft_v (hw / 2, hh / 2), true);
  if (!at_pattern_add_mirror (p, (int) (hl - p->panels), "hood_r", "Right hood"))
    return at_error_set (err, AT_ERR_INVALID, "hoodie: too many panels");
  if (!draft_seam (p, "front", "neck_r", "neck_r", "hood_l", "neck_front", "neck_front", err)
      || !draft_seam (p, "back", "neck_l", "neck_l", "hood_l", "neck_back", "neck_back", err)
      || !draft_seam (p, "front", "neck_l", "neck_l", "hood_r", "neck_front", "neck_front", err)
      || !draft_seam (p, "back", "neck_r", "neck_r", "hood_r", "neck_back", "neck_back", err)
      || !draft_seam (p, "hood_l", "back", "top", "hood_r", "top", "back", err))
    return err->code;
  return draft_finish (p, 2.5, err) ? AT_OK : err->code;
}

/* ---- table ------------------------------------------------------------- */

static const AtMeasureKey top_keys[] = {
  AT_M_STATURE, AT_M_CHEST_GIRTH, AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH, AT_M_NECK_GIRTH, AT_M_SHOULDER_BREADTH,
  AT_M_WAIST_HEIGHT, AT_M_HIP_HEIGHT, AT_M_UPPER_ARM_GIRTH, AT_M_WRIST_GIRTH, AT_M_ARM_LENGTH,
};
static const AtMeasureKey skirt_keys[] = {
  AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH, AT_M_WAIST_HEIGHT, AT_M_HIP_HEIGHT, AT_M_KNEE_HEIGHT,
};
static const AtMeasureKey trousers_keys[] = {
  AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH, AT_M_WAIST_HEIGHT, AT_M_HIP_HEIGHT, AT_M_INSIDE_LEG, AT_M_KNEE_HEIGHT,
  AT_M_CALF_GIRTH,
};
static const AtMeasureKey dress_keys[] = {
  AT_M_STATURE, AT_M_CHEST_GIRTH, AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH, AT_M_NECK_GIRTH, AT_M_SHOULDER_BREADTH,
  AT_M_WAIST_HEIGHT, AT_M_HIP_HEIGHT, AT_M_KNEE_HEIGHT,
};

#define N(a) ((int) (sizeof a / sizeof a[0]))

static const char *const tshirt_trims[] = { "neckband", NULL };
static const char *const hoodie_trims[] = { "cuff_l", "cuff_r", NULL };

static const AtDraftRoutine routines[] = {
  { "tshirt", tshirt_params, TS_COUNT, top_keys, N (top_keys), draft_tshirt, tshirt_trims },
  { "shirt", shirt_params, SH_COUNT, top_keys, N (top_keys), draft_shirt, NULL },
  { "skirt", skirt_params, SK_COUNT, skirt_keys, N (skirt_keys), draft_skirt, NULL },
  { "trousers", trousers_params, TR_COUNT, trousers_keys, N (trousers_keys), draft_trousers, NULL },
  { "dress", dress_params, DR_COUNT, dress_keys, N (dress_keys), draft_dress, NULL },
  { "hoodie", hoodie_params, HD_COUNT, top_keys, N (top_keys), draft_hoodie, hoodie_trims },
};

const AtDraftRoutine *
at_draft_routine_find (const char *id)
{
  for (int i = 0; i < N (routines); i++)
    if (strcmp (routines[i].id, id) == 0)
      return &routines[i];
  return NULL;
}

/* Pattern blocks: the bodice (torso) half, the set-in sleeve, bands.
 *
 * The proportions follow the classic flat-pattern block method of Winifred
 * Aldrich, "Metric Pattern Cutting for Women's Wear" and "Metric Pattern
 * Cutting for Menswear" (Blackwell): a rectangle of quarter girths plus ease,
 * scye depth and nape-to-waist from body measures, neck width from the neck
 * girth, shoulder from the shoulder breadth, then the armhole, neck and
 * sleeve-head curves. Aldrich's tables give the body measures per size; here
 * they come from AtMeasurements, which is what makes one routine serve both
 * graded sizes and made-to-measure. Two choices differ from the book so the
 * pattern sews exactly in simulation: front and back armholes share one
 * shape, and the sleeve head height is solved (bisection) so each half of the
 * head is as long as its armhole, instead of carrying 2-4 cm of ease.
 *
 * Body ratios not in the measurement set come from ANSUR II means:
 * cervicale height = 0.857 (female) / 0.864 (male) of stature. */
#include "draft_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

AtVec2
draft_v (double x, double y)
{
  return (AtVec2) { x, y };
}

/* name + suffix, cut to fit (snprintf would warn about truncation). */
static void
join_name (char *dst, size_t size, const char *a, const char *b)
{
  size_t i = 0;
  for (; *a && i + 1 < size; a++)
    dst[i++] = *a;
  for (; *b && i + 1 < size; b++)
    dst[i++] = *b;
  dst[i] = '\0';
}

void
draft_path_start (DraftPath *path, AtVec2 p)
{
  memset (path, 0, sizeof *path);
  path->cur = p;
}

static void
path_add (DraftPath *path, const char *name, AtSegmentKind kind, AtVec2 c1, AtVec2 c2, AtVec2 to)
{
  if (path->n >= DRAFT_PATH_MAX)
    return; /* draft_emit_* refuses a path that overflowed (n stays at max, cur moves on) */
  DraftSeg *s = &path->seg[path->n++];
  snprintf (s->name, sizeof s->name, "%s", name);
  s->kind = kind;
  s->p0 = path->cur;
  s->c1 = c1;
  s->c2 = c2;
  path->cur = to;
}

void
draft_path_line (DraftPath *path, const char *name, AtVec2 to)
{
  path_add (path, name, AT_SEGMENT_LINE, path->cur, to, to);
}

void
draft_path_cubic (DraftPath *path, const char *name, AtVec2 c1, AtVec2 c2, AtVec2 to)
{
  path_add (path, name, AT_SEGMENT_CUBIC, c1, c2, to);
}

void
draft_path_dart (DraftPath *path, const char *name, AtVec2 apex, AtVec2 to)
{
  char leg[AT_PATTERN_NAME_MAX];
  if (path->darts >= AT_PANEL_MAX_DARTS)
    return;
  join_name (leg, sizeof leg, name, "_in");
  path->dart_in[path->darts] = path->n;
  draft_path_line (path, leg, apex);
  join_name (leg, sizeof leg, name, "_out");
  path->dart_out[path->darts] = path->n;
  draft_path_line (path, leg, to);
  path->darts++;
}

static AtVec2
flipx (AtVec2 p)
{
  return (AtVec2) { -p.x, p.y };
}

static AtPanel *
new_panel (AtPattern *pattern, const DraftPath *path, int segments, const char *name, const char *label,
           const char *fabric, AtError *err)
{
  if (path->n >= DRAFT_PATH_MAX || segments > AT_PANEL_MAX_SEGMENTS)
    {
      at_error_set (err, AT_ERR_INVALID, "panel '%s' has too many segments", name);
      return NULL;
    }
  AtPanel *panel = at_pattern_add_panel (pattern, name, label, fabric);
  if (!panel)
    at_error_set (err, AT_ERR_INVALID, "pattern '%s' has too many panels", pattern->garment);
  return panel;
}

static void
put_segment (AtPanel *panel, int i, const char *name, const char *suffix, AtSegmentKind kind, AtVec2 p0,
             AtVec2 c1, AtVec2 c2)
{
  AtSegment *s = &panel->segments[i];
  memset (s, 0, sizeof *s);
  join_name (s->name, sizeof s->name, name, suffix);
  s->kind = kind;
  s->p0 = p0;
  s->c1 = c1;
  s->c2 = c2;
  s->allowance = -1;
}

AtPanel *
draft_emit_full (AtPattern *pattern, const DraftPath *path, const char *name, const char *label,
                 const char *fabric, AtError *err)
{
  int n = path->n;
  AtPanel *panel = new_panel (pattern, path, 2 * n - 1, name, label, fabric, err);
  if (!panel)
    return NULL;
  const DraftSeg *s = path->seg;
  AtVec2 first_end = n > 1 ? s[1].p0 : path->cur;
  put_segment (panel, 0, s[0].name, "", AT_SEGMENT_LINE, flipx (first_end), flipx (first_end), first_end);
  for (int i = 1; i < n; i++)
    put_segment (panel, i, s[i].name, "_r", s[i].kind, s[i].p0, s[i].c1, s[i].c2);
  for (int i = n - 1; i >= 1; i--)
    {
      AtVec2 end = i + 1 < n ? s[i + 1].p0 : path->cur;
      put_segment (panel, 2 * n - 1 - i, s[i].name, "_l", s[i].kind, flipx (end), flipx (s[i].c2), flipx (s[i].c1));
    }
  panel->segment_count = 2 * n - 1;
  for (int d = 0; d < path->darts && panel->dart_count + 2 <= AT_PANEL_MAX_DARTS; d++)
    {
      panel->darts[panel->dart_count++] = (AtDart) { path->dart_in[d], path->dart_out[d] };
      panel->darts[panel->dart_count++] = (AtDart) { 2 * n - 1 - path->dart_out[d], 2 * n - 1 - path->dart_in[d] };
    }
  return panel;
}

AtPanel *
draft_emit_half (AtPattern *pattern, const DraftPath *path, const char *name, const char *label,
                 const char *fabric, AtError *err)
{
  AtPanel *panel = new_panel (pattern, path, path->n, name, label, fabric, err);
  if (!panel)
    return NULL;
  for (int i = 0; i < path->n; i++)
    put_segment (panel, i, path->seg[i].name, "", path->seg[i].kind, path->seg[i].p0, path->seg[i].c1,
                 path->seg[i].c2);
  panel->segment_count = path->n;
  for (int d = 0; d < path->darts; d++)
    panel->darts[panel->dart_count++] = (AtDart) { path->dart_in[d], path->dart_out[d] };
  return panel;
}

void
draft_body_measures (const AtMeasurements *m, double chest_ease, double waist_ease, double hip_ease,
                     DraftBody *out)
{
  const double *v = m->value;
  double cervicale = (m->sex == AT_SEX_MALE ? 0.864 : 0.857) * v[AT_M_STATURE];
  out->nape_to_waist = cervicale - v[AT_M_WAIST_HEIGHT];
  /* Aldrich's scye depth grows with the chest girth: about 21 cm at an 88 cm
   * bust and 22-23.5 cm at a 100 cm chest. */
  out->scye_depth = v[AT_M_CHEST_GIRTH] / 10 + 12.2;
  out->waist_to_hip = v[AT_M_WAIST_HEIGHT] - v[AT_M_HIP_HEIGHT];
  out->chest_q = (v[AT_M_CHEST_GIRTH] + chest_ease) / 4;
  out->waist_q = (v[AT_M_WAIST_GIRTH] + waist_ease) / 4;
  out->hip_q = (v[AT_M_HIP_GIRTH] + hip_ease) / 4;
  out->neck_w = v[AT_M_NECK_GIRTH] / 5 - 0.3;
  /* Biacromial breadth is bone to bone; the seam sits about 1 cm outside. */
  out->shoulder_x = v[AT_M_SHOULDER_BREADTH] / 2 + 1;
}

void
draft_torso_path (const DraftTorso *t, DraftPath *path)
{
  draft_path_start (path, draft_v (t->start_x, 0));
  draft_path_line (path, "hem", draft_v (t->hem_x, 0));
  double lift = t->bust_dart; /* a side bust dart lengthens the front above it */
  if (t->shaped)
    {
      if (t->hip_y > 1)
        draft_path_line (path, "side_hip", draft_v (t->hip_x, t->hip_y));
      draft_path_cubic (path, "side_waist", draft_v (t->hip_x, t->hip_y + 0.4 * (t->waist_y - t->hip_y)),
                        draft_v (t->waist_x, t->waist_y - 0.3 * (t->waist_y - fmax (t->hip_y, 0))),
                        draft_v (t->waist_x, t->waist_y));
    }
  if (lift > 0)
    {
      double f = (t->bust_dart_y - t->waist_y) / (t->ua_y - t->waist_y);
      AtVec2 lo = draft_v (t->waist_x + f * (t->ua_x - t->waist_x), t->bust_dart_y);
      draft_path_line (path, "side", lo);
      draft_path_dart (path, "bust", draft_v (t->bust_apex_x, t->bust_dart_y + lift / 2),
                       draft_v (lo.x, lo.y + lift));
      draft_path_line (path, "side_top", draft_v (t->ua_x, t->ua_y + lift));
    }
  else
    draft_path_line (path, "side", draft_v (t->ua_x, t->ua_y));

  AtVec2 ua = draft_v (t->ua_x, t->ua_y + lift), sp = draft_v (t->sp_x, t->sp_y + lift);
  AtVec2 hps = draft_v (t->neck_w, t->top_y + lift);
  double dx = sp.x - hps.x, dy = sp.y - hps.y, len = hypot (dx, dy);
  double ux = dx / len, uy = dy / len;
  /* A back shoulder dart makes the back shoulder longer than the front by
   * its intake: the shoulder point moves out along the shoulder line. */
  if (t->shoulder_dart > 0)
    sp = draft_v (hps.x + ux * (len + t->shoulder_dart), hps.y + uy * (len + t->shoulder_dart));
  double across = fmin (t->sp_x - 1.5, t->ua_x - 2);
  draft_path_cubic (path, "armhole", draft_v (ua.x - 0.6 * (ua.x - across), ua.y),
                    draft_v (across, ua.y + 0.45 * (sp.y - ua.y)), sp);
  if (t->shoulder_dart > 0)
    {
      /* Mid-shoulder, pointing at the shoulder blade; the path runs
       * sp -> d2, dart, d1 -> hps. */
      AtVec2 d1 = draft_v (hps.x + ux * len / 2, hps.y + uy * len / 2);
      AtVec2 d2 = draft_v (d1.x + ux * t->shoulder_dart, d1.y + uy * t->shoulder_dart);
      AtVec2 mid = draft_v ((d1.x + d2.x) / 2, (d1.y + d2.y) / 2);
      AtVec2 apex = draft_v (mid.x + uy * t->shoulder_dart_len, mid.y - ux * t->shoulder_dart_len);
      draft_path_line (path, "shoulder_b", d2);
      draft_path_dart (path, "sdart", apex, d1);
      draft_path_line (path, "shoulder_a", hps);
    }
  else
    draft_path_line (path, "shoulder", hps);
  double neck_y = t->top_y + lift - t->neck_d;
  draft_path_cubic (path, "neck", draft_v (hps.x, hps.y - 0.55 * t->neck_d), draft_v (0.45 * hps.x, neck_y),
                    draft_v (0, neck_y));
}

typedef struct {
  double bw2, hem2, length;
  double cap_h; /* fixed head height while solving for the width */
} CapShape;

/* Half sleeve head from the underarm (bw2, length - h) to the crown (0, length). */
static void
cap_points (const CapShape *c, double h, AtVec2 pts[4])
{
  double yb = c->length - h;
  pts[0] = draft_v (c->bw2, yb);
  pts[1] = draft_v (0.6 * c->bw2, yb + 0.35 * h);
  pts[2] = draft_v (0.45 * c->bw2, c->length);
  pts[3] = draft_v (0, c->length);
}

double
draft_cubic_length (AtVec2 p0, AtVec2 c1, AtVec2 c2, AtVec2 p3)
{
  AtPanel tmp = { .segment_count = 2 };
  tmp.segments[0] = (AtSegment) { .kind = AT_SEGMENT_CUBIC, .p0 = p0, .c1 = c1, .c2 = c2 };
  tmp.segments[1] = (AtSegment) { .kind = AT_SEGMENT_LINE, .p0 = p3 };
  return at_segment_length (&tmp, 0);
}

static double
cap_length (double h, void *user)
{
  AtVec2 p[4];
  cap_points (user, h, p);
  return draft_cubic_length (p[0], p[1], p[2], p[3]);
}

/* Cap length as a function of the half width, at the height cap_h. */
static double
cap_width_length (double bw2, void *user)
{
  CapShape *c = user;
  c->bw2 = bw2;
  return cap_length (c->cap_h, c);
}

double
draft_solve (double (*f) (double x, void *user), void *user, double target, double lo, double hi)
{
  for (int it = 0; it < 60; it++)
    {
      double mid = 0.5 * (lo + hi);
      if (f (mid, user) < target)
        lo = mid;
      else
        hi = mid;
    }
  return 0.5 * (lo + hi);
}

AtPanel *
draft_sleeve (AtPattern *pattern, const char *name, const char *label, const char *fabric, double armhole,
              double bicep_w, double hem_w, double length, AtError *err)
{
  CapShape c = { bicep_w / 2, hem_w / 2, length };
  /* A sleeve wider than its armhole allows cannot be set in flat: narrow it
   * to keep a cap of at least a few centimetres. */
  double min_h = 3.0;
  if (cap_length (min_h, &c) > armhole)
    c.bw2 = 0.85 * armhole;
  double max_h = fmin (0.8 * length, 40);
  double h = draft_solve (cap_length, &c, armhole, min_h, max_h);
  /* A short sleeve cannot have a head taller than itself: widen it instead
   * until the head reaches round the armhole. */
  if (cap_length (max_h, &c) < armhole)
    {
      h = c.cap_h = max_h;
      c.bw2 = draft_solve (cap_width_length, &c, armhole, c.bw2, armhole);
    }
  if (fabs (cap_length (h, &c) - armhole) > 0.01)
    {
      at_error_set (err, AT_ERR_INVALID, "sleeve '%s': no sleeve head fits a %.1f cm armhole", name, armhole);
      return NULL;
    }
  AtVec2 p[4];
  cap_points (&c, h, p);
  DraftPath path;
  draft_path_start (&path, draft_v (0, 0));
  draft_path_line (&path, "hem", draft_v (fmin (c.hem2, c.bw2), 0));
  draft_path_line (&path, "underarm", p[0]);
  draft_path_cubic (&path, "cap", p[1], p[2], p[3]);
  AtPanel *panel = draft_emit_full (pattern, &path, name, label, fabric, err);
  if (panel && !draft_seam (pattern, name, "underarm_r", "underarm_r", name, "underarm_l", "underarm_l", err))
    return NULL;
  return panel;
}

bool
draft_seam (AtPattern *pattern, const char *pa, const char *fa, const char *la, const char *pb, const char *fb,
            const char *lb, AtError *err)
{
  return at_pattern_add_seam (pattern, pa, fa, la, pb, fb, lb, true, err);
}

AtPanel *
draft_band (AtPattern *pattern, const char *name, const char *label, const char *fabric, double width, bool folded,
            bool loop, const DraftBandPart *parts, int count, AtError *err)
{
  double lengths[8];
  if (count > 8)
    {
      at_error_set (err, AT_ERR_INVALID, "band '%s' has too many parts", name);
      return NULL;
    }
  for (int k = 0; k < count; k++)
    {
      const AtPattern *p = pattern;
      int pi = at_pattern_find_panel (p, parts[k].panel);
      int a = pi < 0 ? -1 : at_panel_find_segment (&p->panels[pi], parts[k].first);
      int b = pi < 0 ? -1 : at_panel_find_segment (&p->panels[pi], parts[k].last);
      if (a < 0 || b < 0)
        {
          at_error_set (err, AT_ERR_INVALID, "band '%s' refers to unknown edge %s.%s", name, parts[k].panel,
                        parts[k].first);
          return NULL;
        }
      AtSeamSide side = { pi, a, (b - a + p->panels[pi].segment_count) % p->panels[pi].segment_count + 1 };
      lengths[k] = at_seam_side_length (p, &side);
    }
  AtPanel *panel = at_pattern_add_panel (pattern, name, label, fabric);
  if (!panel)
    {
      at_error_set (err, AT_ERR_INVALID, "pattern '%s' has too many panels", pattern->garment);
      return NULL;
    }
  double x = 0, height = folded ? 2 * width : width;
  char part[AT_PATTERN_NAME_MAX];
  for (int k = 0; k < count; k++)
    {
      snprintf (part, sizeof part, "attach%d", k + 1);
      at_panel_add_line (panel, part, draft_v (x, 0));
      x += lengths[k];
    }
  at_panel_add_line (panel, "end_r", draft_v (x, 0));
  at_panel_add_line (panel, "top", draft_v (x, height));
  at_panel_add_line (panel, "end_l", draft_v (0, height));
  if (folded)
    at_panel_add_fold (panel, draft_v (0, width), draft_v (x, width), 180);
  /* Bands are cut across the grain of knits and along it for wovens; along
   * the band suits both drawings and keeps the grain line readable. */
  panel->grain_a = draft_v (0.25 * x, 0.5 * width);
  panel->grain_b = draft_v (0.75 * x, 0.5 * width);
  for (int k = 0; k < count; k++)
    {
      snprintf (part, sizeof part, "attach%d", k + 1);
      if (!draft_seam (pattern, name, part, part, parts[k].panel, parts[k].first, parts[k].last, err))
        return NULL;
    }
  if (loop && !draft_seam (pattern, name, "end_r", "end_r", name, "end_l", "end_l", err))
    return NULL;
  return panel;
}

void
draft_place (AtPanel *panel, const char *landmark, double x, double y, double z, AtVec2 anchor, bool wrap)
{
  snprintf (panel->placement.landmark, sizeof panel->placement.landmark, "%s", landmark);
  panel->placement.offset[0] = x;
  panel->placement.offset[1] = y;
  panel->placement.offset[2] = z;
  panel->placement.anchor = anchor;
  panel->placement.wrap = wrap;
}

/* A balance notch at the middle of each side of every seam: the two marks
 * meet when the seam is sewn, whatever the segment structure either side. */
static void
notch_middle (AtPattern *pattern, const AtSeamSide *side)
{
  AtPanel *panel = &pattern->panels[side->panel];
  double half = at_seam_side_length (pattern, side) / 2;
  for (int k = 0; k < side->count; k++)
    {
      int i = (side->first + k) % panel->segment_count;
      double len = at_segment_length (panel, i);
      if (half <= len && panel->notch_count < AT_PANEL_MAX_NOTCHES)
        {
          panel->notches[panel->notch_count++] = (AtNotch) { i, len > 0 ? half / len : 0 };
          return;
        }
      half -= len;
    }
}

bool
draft_finish (AtPattern *pattern, double hem_allowance, AtError *err)
{
  for (int p = 0; p < pattern->panel_count; p++)
    {
      AtPanel *panel = &pattern->panels[p];
      for (int i = 0; i < panel->segment_count; i++)
        if (strncmp (panel->segments[i].name, "hem", 3) == 0)
          panel->segments[i].allowance = hem_allowance;
      if (panel->grain_a.x == panel->grain_b.x && panel->grain_a.y == panel->grain_b.y)
        {
          AtVec2 lo, hi;
          at_panel_bounds (panel, &lo, &hi);
          double cx = 0.5 * (lo.x + hi.x), h = hi.y - lo.y;
          panel->grain_a = draft_v (cx, lo.y + 0.2 * h);
          panel->grain_b = draft_v (cx, hi.y - 0.2 * h);
        }
    }
  for (int s = 0; s < pattern->seam_count; s++)
    if (at_seam_side_length (pattern, &pattern->seams[s].a) > 8)
      {
        notch_middle (pattern, &pattern->seams[s].a);
        notch_middle (pattern, &pattern->seams[s].b);
      }
  /* Darts are sewn like any seam: leg into the apex against leg out of it. */
  for (int p = 0; p < pattern->panel_count; p++)
    {
      const AtPanel *panel = &pattern->panels[p];
      for (int d = 0; d < panel->dart_count; d++)
        {
          const char *a = panel->segments[panel->darts[d].leg_a].name;
          const char *b = panel->segments[panel->darts[d].leg_b].name;
          if (!draft_seam (pattern, panel->name, a, a, panel->name, b, b, err))
            return false;
        }
    }
  return true;
}

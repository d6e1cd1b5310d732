/* Pattern edits that keep the pattern sewable.
 *
 * Inserting a dart (Aldrich, "Metric Pattern Cutting for Women's Wear",
 * ch. 1: a dart is a wedge taken out of an edge, its two legs sewn
 * together): the edge is split at the two points where the dart opens and
 * at its centre, and the centre is moved square to the edge into the panel
 * to become the apex. A seam along the edge would otherwise sew the legs to
 * the neighbouring panel, so it is split in two around the dart; its other
 * side is split where the same share of its length has been walked
 * (respecting the seam's direction), the way a pattern maker moves the
 * matching notch. The legs are straight, as drafted darts are.
 *
 * Setting an edge's length keeps its start and its shape (the designer
 * types a length the way CLO's segment-length field works): the end moves
 * and drags the next segment's start and first handle with it, as a corner
 * drag in the editor does.
 *
 * All work happens on a copy, so a failed edit leaves the pattern as it
 * was. */
#include "at_pattern_edit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The dart may not open closer than this to the edge's ends. */
#define END_MARGIN_CM 0.5
/* A seam split this close to an existing corner uses the corner. */
#define CORNER_SNAP_CM 0.1

static void
unique_name (const AtPanel *panel, const char *base, char *out)
{
  snprintf (out, AT_PATTERN_NAME_MAX, "%s", base);
  /* A panel has at most AT_PANEL_MAX_SEGMENTS names, so a free one is near. */
  for (int k = 2; at_panel_find_segment (panel, out) >= 0 && k < 1000; k++)
    snprintf (out, AT_PATTERN_NAME_MAX, "%.*s_%d", AT_PATTERN_NAME_MAX - 6, base, k % 1000);
}

static bool
side_contains (const AtPattern *p, const AtSeamSide *side, int panel, int segment)
{
  if (side->panel != panel)
    return false;
  int n = p->panels[panel].segment_count;
  return (segment - side->first + n) % n < side->count;
}

/* Whether a seam side is walked from its first segment to its last. */
static bool
side_forward (const AtSeam *seam, bool is_b)
{
  return !(is_b && seam->reversed);
}

/* Splits side at arc length `at` (from its first segment, forward) and
 * returns the name of the first segment after the split point, so callers
 * can find it again after renumbering. */
static bool
split_side_at (AtPattern *p, const AtSeamSide *side, double at, char *after_name, AtError *err)
{
  AtPanel *panel = &p->panels[side->panel];
  int n = panel->segment_count;
  double walked = 0;
  for (int k = 0; k < side->count; k++)
    {
      int j = (side->first + k) % n;
      double len = at_segment_length (panel, j);
      if (at < walked + len - CORNER_SNAP_CM)
        {
          if (at - walked <= CORNER_SNAP_CM)
            {
              if (k == 0)
                break;
              snprintf (after_name, AT_PATTERN_NAME_MAX, "%s", panel->segments[j].name);
              return true;
            }
          char first[AT_PATTERN_NAME_MAX];
          snprintf (first, sizeof first, "%s", panel->segments[j].name);
          unique_name (panel, first, after_name);
          if (!at_panel_split_segment (p, side->panel, j, at - walked, first, after_name))
            return at_error_set (err, AT_ERR_INVALID, "panel '%s' has no room for another corner", panel->name),
                   false;
          return true;
        }
      walked += len;
      if (k + 1 < side->count && at <= walked + CORNER_SNAP_CM)
        {
          snprintf (after_name, AT_PATTERN_NAME_MAX, "%s", panel->segments[(j + 1) % n].name);
          return true;
        }
    }
  at_error_set (err, AT_ERR_INVALID, "the dart is too close to the end of a seam on panel '%s'", panel->name);
  return false;
}

/* Re-finds a seam side's run start after renumbering: the segment named
 * `name` is where part two begins. */
static int
count_before (const AtPattern *p, const AtSeamSide *side, const char *name)
{
  const AtPanel *panel = &p->panels[side->panel];
  int at = at_panel_find_segment (panel, name);
  return at < 0 ? -1 : (at - side->first + panel->segment_count) % panel->segment_count;
}

/* Splits seam `index`, one of whose sides runs over the dart whose legs are
 * named leg_a, leg_b on panel `panel`, into two seams that skip the legs. */
static bool
split_seam_around (AtPattern *p, int index, int panel, const char *leg_a, AtError *err)
{
  if (p->seam_count >= AT_PATTERN_MAX_SEAMS)
    return at_error_set (err, AT_ERR_INVALID, "the pattern has no room for another seam"), false;
  AtSeam *seam = &p->seams[index];
  bool x_is_b = seam->b.panel == panel && side_contains (p, &seam->b, panel, at_panel_find_segment (&p->panels[panel], leg_a));
  const AtSeamSide *x = x_is_b ? &seam->b : &seam->a, *y = x_is_b ? &seam->a : &seam->b;
  bool x_forward = side_forward (seam, x_is_b), y_forward = side_forward (seam, !x_is_b);

  const AtPanel *xp = &p->panels[panel];
  int legs_at = count_before (p, x, leg_a);
  double before = 0, total = 0;
  for (int k = 0; k < x->count; k++)
    {
      if (k == legs_at || k == legs_at + 1)
        continue;
      double len = at_segment_length (xp, (x->first + k) % xp->segment_count);
      total += len;
      if (k < legs_at)
        before += len;
    }
  double share = (x_forward ? before : total - before) / total;
  double y_len = at_seam_side_length (p, y);
  double y_at = y_forward ? share * y_len : (1 - share) * y_len;
  char y_after[AT_PATTERN_NAME_MAX];
  AtSeamSide y_side = *y;
  if (!split_side_at (p, &y_side, y_at, y_after, err))
    return false;

  /* The split may have renumbered both sides (even the same panel's). */
  seam = &p->seams[index];
  AtSeamSide *xs = x_is_b ? &seam->b : &seam->a, *ys = x_is_b ? &seam->a : &seam->b;
  int n = p->panels[panel].segment_count;
  legs_at = count_before (p, xs, leg_a);
  int y_first_part = count_before (p, ys, y_after);
  if (legs_at < 1 || legs_at + 2 >= xs->count || y_first_part < 1 || y_first_part >= ys->count)
    return at_error_set (err, AT_ERR_INVALID, "the dart is too close to the end of seam '%s'", seam->name), false;

  AtSeamSide x1 = { xs->panel, xs->first, legs_at };
  AtSeamSide x2 = { xs->panel, (xs->first + legs_at + 2) % n, xs->count - legs_at - 2 };
  int yn = p->panels[ys->panel].segment_count;
  AtSeamSide y1 = { ys->panel, ys->first, y_first_part };
  AtSeamSide y2 = { ys->panel, (ys->first + y_first_part) % yn, ys->count - y_first_part };
  /* Parts walked first on each side are sewn together. */
  bool same = x_forward == y_forward;
  AtSeam second = *seam;
  snprintf (second.name, sizeof second.name, "%.*s_2", (int) sizeof second.name - 3, seam->name);
  *xs = x1, *ys = same ? y1 : y2;
  AtSeamSide *xs2 = x_is_b ? &second.b : &second.a, *ys2 = x_is_b ? &second.a : &second.b;
  *xs2 = x2, *ys2 = same ? y2 : y1;
  p->seams[p->seam_count++] = second;
  return true;
}

/* Twins come two ways: drafted again and marked (the same outline, cut
 * reflected: sleeves, cuffs) or reflected by at_pattern_add_mirror (the
 * outline flipped and walked backwards, _l/_r names swapped). */
static bool
twin_is_copy (const AtPanel *src, const AtPanel *twin)
{
  for (int i = 0; i < src->segment_count; i++)
    if (strcmp (src->segments[i].name, twin->segments[i].name) != 0)
      return false;
  return true;
}

static bool
insert_dart (AtPattern *p, int pi, int i, double s, double width, double depth, AtError *err)
{
  AtPanel *panel = &p->panels[pi];
  double len = at_segment_length (panel, i);
  if (!(width > 0) || !(depth > 0) || !isfinite (s) || s - width / 2 < END_MARGIN_CM
      || s + width / 2 > len - END_MARGIN_CM)
    return at_error_set (err, AT_ERR_RANGE,
                         "a %.1f cm dart does not fit at %.1f cm along '%s' (%.1f cm long) of panel '%s'", width, s,
                         panel->segments[i].name, len, panel->name),
           false;
  if (panel->segment_count + 3 > AT_PANEL_MAX_SEGMENTS || panel->dart_count >= AT_PANEL_MAX_DARTS)
    return at_error_set (err, AT_ERR_INVALID, "panel '%s' has no room for another dart", panel->name), false;

  AtVec2 open_a = at_segment_point (panel, i, at_segment_param_at_length (panel, i, s - width / 2));
  AtVec2 open_b = at_segment_point (panel, i, at_segment_param_at_length (panel, i, s + width / 2));
  double ux = open_b.x - open_a.x, uy = open_b.y - open_a.y, ul = hypot (ux, uy);
  char edge[AT_PATTERN_NAME_MAX], rest[AT_PATTERN_NAME_MAX], leg_a[AT_PATTERN_NAME_MAX], leg_b[AT_PATTERN_NAME_MAX],
    after[AT_PATTERN_NAME_MAX];
  snprintf (edge, sizeof edge, "%s", panel->segments[i].name);
  unique_name (panel, "dart_in", leg_a);
  unique_name (panel, "dart_out", leg_b);
  unique_name (panel, edge, after);
  snprintf (rest, sizeof rest, "%s", leg_a);
  if (!at_panel_split_segment (p, pi, i, s - width / 2, edge, rest)
      || !at_panel_split_segment (p, pi, i + 1, width, rest, after)
      || !at_panel_split_segment (p, pi, i + 1, width / 2, leg_a, leg_b))
    return at_error_set (err, AT_ERR_INVALID, "panel '%s' has no room for another dart", panel->name), false;
  /* Outlines run counter-clockwise, so the inside is on the left. */
  AtSegment *in = &panel->segments[i + 1], *out = &panel->segments[i + 2];
  in->kind = out->kind = AT_SEGMENT_LINE;
  out->p0 = (AtVec2) { out->p0.x - uy / ul * depth, out->p0.y + ux / ul * depth };
  in->c1 = in->p0, in->c2 = out->p0;
  out->c1 = out->p0, out->c2 = at_segment_end (panel, i + 2);
  if (!at_panel_add_dart (panel, leg_a, leg_b))
    return at_error_set (err, AT_ERR_INVALID, "panel '%s' has no room for another dart", panel->name), false;

  for (int k = 0; k < p->seam_count; k++)
    {
      int legs = at_panel_find_segment (panel, leg_a);
      if ((side_contains (p, &p->seams[k].a, pi, legs) || side_contains (p, &p->seams[k].b, pi, legs))
          && !split_seam_around (p, k, pi, leg_a, err))
        return false;
    }
  /* Sewing the legs to each other closes the dart (as drafted darts are). */
  if (!at_pattern_add_seam (p, panel->name, leg_a, leg_a, panel->name, leg_b, leg_b, true, err))
    return false;
  if (at_panel_self_intersects (panel))
    return at_error_set (err, AT_ERR_INVALID, "a %.1f cm deep dart crosses the outline of panel '%s': make it shorter",
                         depth, panel->name),
           false;
  return true;
}

AtStatus
at_pattern_insert_dart (AtPattern *pattern, int panel, int segment, double s, double width, double depth, AtError *err)
{
  if (panel < 0 || panel >= pattern->panel_count || segment < 0
      || segment >= pattern->panels[panel].segment_count)
    return at_error_set (err, AT_ERR_RANGE, "no such panel edge (%d, %d)", panel, segment);
  int source = pattern->panels[panel].mirror_of;
  if (source >= 0)
    return at_error_set (err, AT_ERR_INVALID, "panel '%s' mirrors '%s': add the dart to '%s'",
                         pattern->panels[panel].name, pattern->panels[source].name, pattern->panels[source].name);
  AtPattern *work = malloc (sizeof *work);
  if (!work)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory");
  *work = *pattern;
  int n = work->panels[panel].segment_count;
  double len = at_segment_length (&work->panels[panel], segment);
  bool ok = insert_dart (work, panel, segment, s, width, depth, err);
  for (int t = 0; ok && t < work->panel_count; t++)
    {
      const AtPanel *twin = &work->panels[t];
      if (twin->mirror_of != panel || twin->segment_count != n)
        continue;
      /* A flipped twin's outline runs the other way: segment i is its
       * n-1-i, walked backwards. */
      bool copy = twin_is_copy (&pattern->panels[panel], &pattern->panels[t]);
      ok = insert_dart (work, t, copy ? segment : n - 1 - segment, copy ? s : len - s, width, depth, err);
    }
  if (ok)
    *pattern = *work;
  free (work);
  return ok ? AT_OK : err->code;
}

static AtVec2
flip (AtVec2 p)
{
  return (AtVec2) { -p.x, p.y };
}

void
at_pattern_sync_mirrors (AtPattern *pattern)
{
  for (int t = 0; t < pattern->panel_count; t++)
    {
      AtPanel *twin = &pattern->panels[t];
      if (twin->mirror_of < 0 || twin->mirror_of >= pattern->panel_count)
        continue;
      const AtPanel *src = &pattern->panels[twin->mirror_of];
      int n = src->segment_count;
      if (twin->segment_count != n)
        continue;
      bool copy = twin_is_copy (src, twin);
      for (int i = 0; i < n; i++)
        {
          const AtSegment *s = &src->segments[i];
          AtSegment *d = &twin->segments[copy ? i : n - 1 - i];
          d->kind = s->kind;
          d->p0 = copy ? s->p0 : flip (at_segment_end (src, i));
          d->c1 = copy ? s->c1 : flip (s->c2);
          d->c2 = copy ? s->c2 : flip (s->c1);
        }
      twin->grain_a = copy ? src->grain_a : flip (src->grain_a);
      twin->grain_b = copy ? src->grain_b : flip (src->grain_b);
    }
}

AtStatus
at_pattern_set_segment_length (AtPattern *pattern, int panel, int segment, double length, AtError *err)
{
  if (panel < 0 || panel >= pattern->panel_count || segment < 0
      || segment >= pattern->panels[panel].segment_count)
    return at_error_set (err, AT_ERR_RANGE, "no such panel edge (%d, %d)", panel, segment);
  AtPanel *pn = &pattern->panels[panel];
  if (!(length >= 0.5 && length <= 500))
    return at_error_set (err, AT_ERR_RANGE, "'%s' of panel '%s': a length of %g cm is outside 0.5-500 cm",
                         pn->segments[segment].name, pn->name, length);
  double now = at_segment_length (pn, segment);
  if (!(now > 0))
    return at_error_set (err, AT_ERR_INVALID, "'%s' of panel '%s' has no length to scale", pn->segments[segment].name,
                         pn->name);
  AtPanel before = *pn;
  double k = length / now;
  AtSegment *s = &pn->segments[segment];
  AtSegment *next = &pn->segments[(segment + 1) % pn->segment_count];
  AtVec2 end = at_segment_end (pn, segment);
  AtVec2 moved = { s->p0.x + k * (end.x - s->p0.x), s->p0.y + k * (end.y - s->p0.y) };
  s->c1 = (AtVec2) { s->p0.x + k * (s->c1.x - s->p0.x), s->p0.y + k * (s->c1.y - s->p0.y) };
  s->c2 = (AtVec2) { s->p0.x + k * (s->c2.x - s->p0.x), s->p0.y + k * (s->c2.y - s->p0.y) };
  next->c1 = (AtVec2) { next->c1.x + moved.x - end.x, next->c1.y + moved.y - end.y };
  next->p0 = moved;
  if (at_panel_self_intersects (pn))
    {
      *pn = before;
      return at_error_set (err, AT_ERR_INVALID, "'%s' of panel '%s' at %.1f cm would make the outline cross itself",
                           s->name, pn->name, length);
    }
  at_pattern_sync_mirrors (pattern);
  return AT_OK;
}

bool
at_notch_frame (const AtPanel *panel, const AtNotch *notch, AtVec2 *at, AtVec2 *outward)
{
  double len = at_segment_length (panel, notch->segment);
  double t = at_segment_param_at_length (panel, notch->segment, notch->t * len);
  AtVec2 a = at_segment_point (panel, notch->segment, fmax (t - 0.01, 0.0));
  AtVec2 b = at_segment_point (panel, notch->segment, fmin (t + 0.01, 1.0));
  double dx = b.x - a.x, dy = b.y - a.y, l = hypot (dx, dy);
  if (!(l > 0))
    return false;
  *at = at_segment_point (panel, notch->segment, t);
  /* Counter-clockwise outline: outside is to the right of the direction. */
  *outward = (AtVec2) { dy / l, -dx / l };
  return true;
}

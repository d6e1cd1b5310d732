/* Pattern checks, each with an explanation a pattern maker can act on.
 *
 * Self-intersection: the outline is flattened to a polygon (0.5 cm chords)
 * and every pair of non-adjacent edges is tested with the orientation
 * predicates for a proper crossing or a touching overlap; quadratic, but a
 * panel flattens to a few hundred edges. Seam lengths are compared side to
 * side against a tolerance, and a segment sewn by two seams is reported,
 * because the mesher pairs each boundary vertex with exactly one partner. */
#include "at_pattern.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FLAT_MAX 2048

AtCheckOptions
at_check_options_default (void)
{
  return (AtCheckOptions) { .seam_tolerance_cm = 0.3, .fabrics = NULL };
}

static double
orient (AtVec2 a, AtVec2 b, AtVec2 c)
{
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

static bool
on_segment (AtVec2 a, AtVec2 b, AtVec2 p)
{
  return fmin (a.x, b.x) - 1e-9 <= p.x && p.x <= fmax (a.x, b.x) + 1e-9 && fmin (a.y, b.y) - 1e-9 <= p.y
         && p.y <= fmax (a.y, b.y) + 1e-9;
}

static bool
edges_cross (AtVec2 a, AtVec2 b, AtVec2 c, AtVec2 d)
{
  const double eps = 1e-9;
  double o1 = orient (a, b, c), o2 = orient (a, b, d), o3 = orient (c, d, a), o4 = orient (c, d, b);
  if (((o1 > eps && o2 < -eps) || (o1 < -eps && o2 > eps)) && ((o3 > eps && o4 < -eps) || (o3 < -eps && o4 > eps)))
    return true;
  return (fabs (o1) <= eps && on_segment (a, b, c)) || (fabs (o2) <= eps && on_segment (a, b, d))
         || (fabs (o3) <= eps && on_segment (c, d, a)) || (fabs (o4) <= eps && on_segment (c, d, b));
}

bool
at_panel_self_intersects (const AtPanel *panel)
{
  AtVec2 raw[FLAT_MAX], pts[FLAT_MAX];
  int n = at_panel_flatten (panel, 0.5, raw, NULL, FLAT_MAX);
  if (n < 0)
    return true;
  /* Drop repeated points so that adjacency is well defined. */
  int m = 0;
  for (int i = 0; i < n; i++)
    if (m == 0 || hypot (raw[i].x - pts[m - 1].x, raw[i].y - pts[m - 1].y) > 1e-7)
      pts[m++] = raw[i];
  while (m > 1 && hypot (pts[0].x - pts[m - 1].x, pts[0].y - pts[m - 1].y) <= 1e-7)
    m--;
  for (int i = 0; i < m; i++)
    for (int j = i + 2; j < m; j++)
      {
        if (i == 0 && j == m - 1)
          continue;
        if (edges_cross (pts[i], pts[(i + 1) % m], pts[j], pts[(j + 1) % m]))
          return true;
      }
  return false;
}

static void
add_issue (AtCheckIssue *issues, int max, int *count, AtCheckKind kind, int panel, int seam, const char *fmt, ...)
  __attribute__ ((format (printf, 7, 8)));

static void
add_issue (AtCheckIssue *issues, int max, int *count, AtCheckKind kind, int panel, int seam, const char *fmt, ...)
{
  if (*count < max)
    {
      AtCheckIssue *is = &issues[*count];
      is->kind = kind;
      is->panel = panel;
      is->seam = seam;
      va_list ap;
      va_start (ap, fmt);
      vsnprintf (is->message, sizeof is->message, fmt, ap);
      va_end (ap);
    }
  (*count)++;
}

static bool
side_valid (const AtPattern *p, const AtSeamSide *s)
{
  return s->panel >= 0 && s->panel < p->panel_count && s->first >= 0
         && s->first < p->panels[s->panel].segment_count && s->count >= 1
         && s->count <= p->panels[s->panel].segment_count;
}

static void
side_text (const AtPattern *p, const AtSeamSide *s, char *buf, size_t size)
{
  const AtPanel *pn = &p->panels[s->panel];
  int last = (s->first + s->count - 1) % pn->segment_count;
  if (s->count == 1)
    snprintf (buf, size, "%s.%s", pn->name, pn->segments[s->first].name);
  else
    snprintf (buf, size, "%s.%s..%s", pn->name, pn->segments[s->first].name, pn->segments[last].name);
}

int
at_pattern_check (const AtPattern *pattern, const AtCheckOptions *options, AtCheckIssue *issues, int max)
{
  AtCheckOptions defaults = at_check_options_default ();
  if (!options)
    options = &defaults;
  int count = 0;
  unsigned char used[AT_PATTERN_MAX_PANELS][AT_PANEL_MAX_SEGMENTS] = { { 0 } };

  for (int p = 0; p < pattern->panel_count; p++)
    {
      const AtPanel *panel = &pattern->panels[p];
      if (panel->segment_count < 2 || at_panel_area (panel) <= 0)
        add_issue (issues, max, &count, AT_CHECK_DEGENERATE, p, -1,
                   "panel '%s' has no area or runs clockwise (outlines must be counter-clockwise)", panel->name);
      else if (at_panel_self_intersects (panel))
        add_issue (issues, max, &count, AT_CHECK_SELF_INTERSECTION, p, -1,
                   "panel '%s' crosses itself: its outline must be a simple closed curve", panel->name);
      if (options->fabrics)
        {
          bool known = false;
          for (int f = 0; options->fabrics[f]; f++)
            known |= strcmp (options->fabrics[f], panel->fabric) == 0;
          if (!known)
            add_issue (issues, max, &count, AT_CHECK_UNKNOWN_FABRIC, p, -1,
                       "panel '%s' uses fabric '%s', which is not a known fabric preset", panel->name, panel->fabric);
        }
    }

  for (int s = 0; s < pattern->seam_count; s++)
    {
      const AtSeam *seam = &pattern->seams[s];
      if (!side_valid (pattern, &seam->a) || !side_valid (pattern, &seam->b))
        {
          add_issue (issues, max, &count, AT_CHECK_BAD_SEAM, -1, s, "seam '%s' refers to segments that do not exist",
                     seam->name);
          continue;
        }
      char ta[96], tb[96];
      side_text (pattern, &seam->a, ta, sizeof ta);
      side_text (pattern, &seam->b, tb, sizeof tb);
      const AtSeamSide *sides[2] = { &seam->a, &seam->b };
      bool twice = false;
      for (int k = 0; k < 2; k++)
        for (int j = 0; j < sides[k]->count; j++)
          {
            int seg = (sides[k]->first + j) % pattern->panels[sides[k]->panel].segment_count;
            twice |= used[sides[k]->panel][seg]++ > 0;
          }
      if (twice)
        add_issue (issues, max, &count, AT_CHECK_BAD_SEAM, -1, s,
                   "seam %s + %s sews a segment that another seam already sews", ta, tb);
      double la = at_seam_side_length (pattern, &seam->a), lb = at_seam_side_length (pattern, &seam->b);
      if (fabs (la - lb) > options->seam_tolerance_cm)
        add_issue (issues, max, &count, AT_CHECK_SEAM_LENGTH, -1, s,
                   "seam %s (%.1f cm) + %s (%.1f cm): the sides differ by %.1f cm, more than %.1f cm", ta, la, tb, lb,
                   fabs (la - lb), options->seam_tolerance_cm);
    }
  return count;
}

/* Pattern geometry and construction.
 *
 * Arc lengths of cubic Béziers have no closed form; they are integrated with
 * 5-point Gauss-Legendre quadrature on 8 sub-intervals, which is accurate to
 * far below a millimetre for the gentle curves of a sewing pattern, and the
 * inverse (parameter at a length) by bisection on that integral. Splitting
 * a cubic uses de Casteljau's construction. */
#include "at_pattern.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void
copy_name (char *dst, const char *src, size_t size)
{
  snprintf (dst, size, "%s", src ? src : "");
}

AtVec2
at_segment_end (const AtPanel *panel, int i)
{
  return panel->segments[(i + 1) % panel->segment_count].p0;
}

static AtVec2
lerp (AtVec2 a, AtVec2 b, double t)
{
  return (AtVec2) { a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t };
}

AtVec2
at_segment_point (const AtPanel *panel, int i, double t)
{
  const AtSegment *s = &panel->segments[i];
  AtVec2 p3 = at_segment_end (panel, i);
  if (s->kind == AT_SEGMENT_LINE)
    return lerp (s->p0, p3, t);
  double u = 1 - t;
  double b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
  return (AtVec2) { b0 * s->p0.x + b1 * s->c1.x + b2 * s->c2.x + b3 * p3.x,
                    b0 * s->p0.y + b1 * s->c1.y + b2 * s->c2.y + b3 * p3.y };
}

static double
cubic_speed (const AtSegment *s, AtVec2 p3, double t)
{
  double u = 1 - t;
  double dx = 3 * u * u * (s->c1.x - s->p0.x) + 6 * u * t * (s->c2.x - s->c1.x) + 3 * t * t * (p3.x - s->c2.x);
  double dy = 3 * u * u * (s->c1.y - s->p0.y) + 6 * u * t * (s->c2.y - s->c1.y) + 3 * t * t * (p3.y - s->c2.y);
  return hypot (dx, dy);
}

/* Arc length of segment i between parameters 0 and t. */
static double
length_to (const AtPanel *panel, int i, double t)
{
  const AtSegment *s = &panel->segments[i];
  AtVec2 p3 = at_segment_end (panel, i);
  if (s->kind == AT_SEGMENT_LINE)
    return t * hypot (p3.x - s->p0.x, p3.y - s->p0.y);
  static const double x[5] = { -0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831, 0.9061798459386640 };
  static const double w[5] = { 0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891 };
  const int pieces = 8;
  double h = t / pieces, sum = 0;
  for (int k = 0; k < pieces; k++)
    {
      double mid = (k + 0.5) * h;
      for (int j = 0; j < 5; j++)
        sum += w[j] * cubic_speed (s, p3, mid + 0.5 * h * x[j]);
    }
  return sum * 0.5 * h;
}

double
at_segment_length (const AtPanel *panel, int i)
{
  return length_to (panel, i, 1.0);
}

double
at_segment_param_at_length (const AtPanel *panel, int i, double s)
{
  double total = at_segment_length (panel, i);
  if (s <= 0 || total <= 0)
    return 0;
  if (s >= total)
    return 1;
  if (panel->segments[i].kind == AT_SEGMENT_LINE)
    return s / total;
  double lo = 0, hi = 1;
  for (int it = 0; it < 50; it++)
    {
      double mid = 0.5 * (lo + hi);
      if (length_to (panel, i, mid) < s)
        lo = mid;
      else
        hi = mid;
    }
  return 0.5 * (lo + hi);
}

double
at_panel_perimeter (const AtPanel *panel)
{
  double sum = 0;
  for (int i = 0; i < panel->segment_count; i++)
    sum += at_segment_length (panel, i);
  return sum;
}

int
at_panel_flatten (const AtPanel *panel, double step, AtVec2 *pts, int *seg_of, int max)
{
  int n = 0;
  for (int i = 0; i < panel->segment_count; i++)
    {
      int pieces = 1;
      if (panel->segments[i].kind == AT_SEGMENT_CUBIC)
        {
          pieces = (int) ceil (at_segment_length (panel, i) / step);
          pieces = pieces < 1 ? 1 : pieces;
        }
      for (int k = 0; k < pieces; k++)
        {
          if (n >= max)
            return -1;
          pts[n] = at_segment_point (panel, i, (double) k / pieces);
          if (seg_of)
            seg_of[n] = i;
          n++;
        }
    }
  return n;
}

double
at_panel_area (const AtPanel *panel)
{
  AtVec2 pts[2048];
  int n = at_panel_flatten (panel, 0.5, pts, NULL, 2048);
  if (n < 0)
    n = at_panel_flatten (panel, 5.0, pts, NULL, 2048);
  double a = 0;
  for (int i = 0; i < n; i++)
    {
      AtVec2 p = pts[i], q = pts[(i + 1) % n];
      a += p.x * q.y - q.x * p.y;
    }
  return 0.5 * a;
}

void
at_panel_bounds (const AtPanel *panel, AtVec2 *min, AtVec2 *max)
{
  *min = (AtVec2) { INFINITY, INFINITY };
  *max = (AtVec2) { -INFINITY, -INFINITY };
  for (int i = 0; i < panel->segment_count; i++)
    for (int k = 0; k < 16; k++)
      {
        AtVec2 p = at_segment_point (panel, i, k / 16.0);
        min->x = fmin (min->x, p.x);
        min->y = fmin (min->y, p.y);
        max->x = fmax (max->x, p.x);
        max->y = fmax (max->y, p.y);
      }
}

double
at_seam_side_length (const AtPattern *pattern, const AtSeamSide *side)
{
  const AtPanel *panel = &pattern->panels[side->panel];
  double sum = 0;
  for (int k = 0; k < side->count; k++)
    sum += at_segment_length (panel, (side->first + k) % panel->segment_count);
  return sum;
}

int
at_panel_find_segment (const AtPanel *panel, const char *name)
{
  for (int i = 0; i < panel->segment_count; i++)
    if (strcmp (panel->segments[i].name, name) == 0)
      return i;
  return -1;
}

int
at_pattern_find_panel (const AtPattern *pattern, const char *name)
{
  for (int i = 0; i < pattern->panel_count; i++)
    if (strcmp (pattern->panels[i].name, name) == 0)
      return i;
  return -1;
}

double
at_segment_allowance (const AtPanel *panel, int i)
{
  double a = panel->segments[i].allowance;
  return a < 0 ? panel->allowance : a;
}

void
at_pattern_init (AtPattern *pattern, const char *garment, const char *size)
{
  memset (pattern, 0, sizeof *pattern);
  copy_name (pattern->garment, garment, sizeof pattern->garment);
  copy_name (pattern->size, size, sizeof pattern->size);
}

AtPanel *
at_pattern_add_panel (AtPattern *pattern, const char *name, const char *label, const char *fabric)
{
  if (pattern->panel_count >= AT_PATTERN_MAX_PANELS)
    return NULL;
  AtPanel *p = &pattern->panels[pattern->panel_count++];
  memset (p, 0, sizeof *p);
  copy_name (p->name, name, sizeof p->name);
  copy_name (p->label, label, sizeof p->label);
  copy_name (p->fabric, fabric, sizeof p->fabric);
  p->allowance = 1.0;
  p->cut_count = 1;
  p->mirror_of = -1;
  return p;
}

static bool
add_segment (AtPanel *panel, const char *name, AtSegmentKind kind, AtVec2 p0, AtVec2 c1, AtVec2 c2)
{
  if (panel->segment_count >= AT_PANEL_MAX_SEGMENTS)
    return false;
  AtSegment *s = &panel->segments[panel->segment_count++];
  memset (s, 0, sizeof *s);
  copy_name (s->name, name, sizeof s->name);
  s->kind = kind;
  s->p0 = p0;
  s->c1 = c1;
  s->c2 = c2;
  s->allowance = -1;
  return true;
}

bool
at_panel_add_line (AtPanel *panel, const char *name, AtVec2 p0)
{
  return add_segment (panel, name, AT_SEGMENT_LINE, p0, p0, p0);
}

bool
at_panel_add_cubic (AtPanel *panel, const char *name, AtVec2 p0, AtVec2 c1, AtVec2 c2)
{
  return add_segment (panel, name, AT_SEGMENT_CUBIC, p0, c1, c2);
}

bool
at_panel_add_notch (AtPanel *panel, const char *segment, double t)
{
  int i = at_panel_find_segment (panel, segment);
  if (i < 0 || panel->notch_count >= AT_PANEL_MAX_NOTCHES || !(t >= 0 && t <= 1))
    return false;
  panel->notches[panel->notch_count++] = (AtNotch) { i, t };
  return true;
}

bool
at_panel_add_dart (AtPanel *panel, const char *leg_a, const char *leg_b)
{
  int a = at_panel_find_segment (panel, leg_a), b = at_panel_find_segment (panel, leg_b);
  if (a < 0 || b < 0 || panel->dart_count >= AT_PANEL_MAX_DARTS)
    return false;
  panel->darts[panel->dart_count++] = (AtDart) { a, b };
  return true;
}

bool
at_panel_add_fold (AtPanel *panel, AtVec2 a, AtVec2 b, double angle_deg)
{
  if (panel->fold_count >= AT_PANEL_MAX_FOLDS)
    return false;
  panel->folds[panel->fold_count++] = (AtFoldLine) { a, b, angle_deg };
  return true;
}

static void
renumber_side (AtSeamSide *side, int panel, int i, int n_before)
{
  if (side->panel != panel)
    return;
  bool inside = ((i - side->first + n_before) % n_before) < side->count;
  if (inside)
    side->count++;
  if (side->first > i)
    side->first++;
}

bool
at_panel_split_segment (AtPattern *pattern, int panel_index, int i, double s, const char *name_a, const char *name_b)
{
  AtPanel *panel = &pattern->panels[panel_index];
  double len = at_segment_length (panel, i);
  if (panel->segment_count >= AT_PANEL_MAX_SEGMENTS || !(s > 1e-6 && s < len - 1e-6))
    return false;
  int n = panel->segment_count;
  AtSegment seg = panel->segments[i];
  AtVec2 p3 = at_segment_end (panel, i);
  double t = at_segment_param_at_length (panel, i, s);
  AtSegment a = seg, b = seg;
  if (seg.kind == AT_SEGMENT_LINE)
    b.p0 = lerp (seg.p0, p3, t);
  else
    {
      AtVec2 p01 = lerp (seg.p0, seg.c1, t), p12 = lerp (seg.c1, seg.c2, t), p23 = lerp (seg.c2, p3, t);
      AtVec2 p012 = lerp (p01, p12, t), p123 = lerp (p12, p23, t);
      AtVec2 mid = lerp (p012, p123, t);
      a.c1 = p01;
      a.c2 = p012;
      b.p0 = mid;
      b.c1 = p123;
      b.c2 = p23;
    }
  copy_name (a.name, name_a, sizeof a.name);
  copy_name (b.name, name_b, sizeof b.name);
  memmove (&panel->segments[i + 2], &panel->segments[i + 1], (size_t) (n - i - 1) * sizeof (AtSegment));
  panel->segments[i] = a;
  panel->segments[i + 1] = b;
  panel->segment_count = n + 1;

  for (int k = 0; k < panel->notch_count; k++)
    {
      AtNotch *nt = &panel->notches[k];
      if (nt->segment > i)
        nt->segment++;
      else if (nt->segment == i)
        {
          double at = nt->t * len;
          if (at < s)
            nt->t = at / s;
          else
            {
              nt->segment = i + 1;
              nt->t = (at - s) / (len - s);
            }
        }
    }
  for (int k = 0; k < panel->dart_count; k++)
    {
      if (panel->darts[k].leg_a > i)
        panel->darts[k].leg_a++;
      if (panel->darts[k].leg_b > i)
        panel->darts[k].leg_b++;
    }
  for (int k = 0; k < pattern->seam_count; k++)
    {
      renumber_side (&pattern->seams[k].a, panel_index, i, n);
      renumber_side (&pattern->seams[k].b, panel_index, i, n);
    }
  return true;
}

static bool
resolve_side (const AtPattern *pattern, const char *panel_name, const char *first, const char *last,
              AtSeamSide *out, AtError *err)
{
  int p = at_pattern_find_panel (pattern, panel_name);
  if (p < 0)
    {
      at_error_set (err, AT_ERR_INVALID, "seam refers to unknown panel '%s'", panel_name);
      return false;
    }
  const AtPanel *panel = &pattern->panels[p];
  int a = at_panel_find_segment (panel, first), b = at_panel_find_segment (panel, last);
  if (a < 0 || b < 0)
    {
      at_error_set (err, AT_ERR_INVALID, "seam refers to unknown segment '%s' of panel '%s'",
                    a < 0 ? first : last, panel_name);
      return false;
    }
  *out = (AtSeamSide) { p, a, (b - a + panel->segment_count) % panel->segment_count + 1 };
  return true;
}

bool
at_pattern_add_seam (AtPattern *pattern, const char *panel_a, const char *first_a, const char *last_a,
                     const char *panel_b, const char *first_b, const char *last_b, bool reversed,
                     AtError *err)
{
  if (pattern->seam_count >= AT_PATTERN_MAX_SEAMS)
    {
      at_error_set (err, AT_ERR_INVALID, "pattern '%s' has more than %d seams", pattern->garment, AT_PATTERN_MAX_SEAMS);
      return false;
    }
  AtSeam seam = { .reversed = reversed };
  if (!resolve_side (pattern, panel_a, first_a, last_a, &seam.a, err)
      || !resolve_side (pattern, panel_b, first_b, last_b, &seam.b, err))
    return false;
  snprintf (seam.name, sizeof seam.name, "%s.%s-%s.%s", panel_a, first_a, panel_b, first_b);
  pattern->seams[pattern->seam_count++] = seam;
  return true;
}

/* "side_l" <-> "side_r"; other names unchanged. */
static void
swap_side_suffix (char *name)
{
  size_t n = strlen (name);
  if (n >= 2 && name[n - 2] == '_')
    {
      if (name[n - 1] == 'l')
        name[n - 1] = 'r';
      else if (name[n - 1] == 'r')
        name[n - 1] = 'l';
    }
}

static AtVec2
flip (AtVec2 p)
{
  return (AtVec2) { -p.x, p.y };
}

AtPanel *
at_pattern_add_mirror (AtPattern *pattern, int source, const char *name, const char *label)
{
  if (pattern->panel_count >= AT_PATTERN_MAX_PANELS)
    return NULL;
  const AtPanel *src = &pattern->panels[source];
  AtPanel *dst = &pattern->panels[pattern->panel_count++];
  *dst = *src;
  copy_name (dst->name, name, sizeof dst->name);
  copy_name (dst->label, label, sizeof dst->label);
  dst->mirror_of = source;
  int n = src->segment_count;
  /* Mirroring reverses the winding; walking the segments backwards restores
   * counter-clockwise order. Old segment i becomes new segment n-1-i. */
  for (int i = 0; i < n; i++)
    {
      const AtSegment *s = &src->segments[i];
      AtSegment *d = &dst->segments[n - 1 - i];
      *d = *s;
      d->p0 = flip (at_segment_end (src, i));
      d->c1 = flip (s->c2);
      d->c2 = flip (s->c1);
      swap_side_suffix (d->name);
    }
  for (int k = 0; k < dst->notch_count; k++)
    dst->notches[k] = (AtNotch) { n - 1 - src->notches[k].segment, 1 - src->notches[k].t };
  for (int k = 0; k < dst->dart_count; k++)
    dst->darts[k] = (AtDart) { n - 1 - src->darts[k].leg_b, n - 1 - src->darts[k].leg_a };
  for (int k = 0; k < dst->fold_count; k++)
    {
      dst->folds[k].a = flip (src->folds[k].a);
      dst->folds[k].b = flip (src->folds[k].b);
    }
  dst->grain_a = flip (src->grain_a);
  dst->grain_b = flip (src->grain_b);
  dst->placement.anchor = flip (src->placement.anchor);
  dst->placement.offset[0] = -src->placement.offset[0];
  swap_side_suffix (dst->placement.landmark);
  return dst;
}

bool
at_panel_is_buttoned_front (const AtPattern *p, int index)
{
  const AtPanel *panel = &p->panels[index];
  bool twinned = panel->mirror_of >= 0;
  for (int i = 0; i < p->panel_count && !twinned; i++)
    twinned = p->panels[i].mirror_of == index;
  if (!twinned)
    return false;
  double body_x = 0;
  for (int i = 0; i < panel->segment_count; i++)
    body_x += panel->segments[i].p0.x;
  for (int k = 0; k < panel->fold_count; k++)
    {
      const AtFoldLine *f = &panel->folds[k];
      if (f->a.x == f->b.x && f->a.x != 0 && fabs (f->angle_deg) >= 179 && (f->a.x < 0) != (body_x < 0))
        return true;
    }
  return false;
}

const char *const *
at_placement_landmarks (void)
{
  static const char *const names[] = {
    "front_torso", "back_torso", "arm_l", "arm_r", "neck", "head",
    "waist_front", "waist_back", "leg_front_l", "leg_front_r", "leg_back_l", "leg_back_r",
    "wrist_l", "wrist_r", NULL,
  };
  return names;
}

/* Finished girths of a graded pattern: what a garment's specification sheet
 * lists as its finished chest, waist, hip and biceps, measured flat on the
 * pattern (ISO 8559-1 names the body points; ASTM D5585-style spec sheets
 * take the garment at the same levels). The girth at a body level is the
 * sum, over the panels that go round that part of the body, of the panel's
 * width along the horizontal line at that level: the intervals where the
 * line lies inside the outline (so a dart's wedge is left out, as sewing
 * closes it), less the part beyond a fold line that folds the cloth back
 * (a grown-on facing lies under its front, not beside it).
 *
 * The levels are those of the body being fitted (for the ease the garment
 * was made with, the body it was drafted for): a shorter torso meets a
 * dress's shaped side seam higher up, where it is narrower, as the drape
 * shows. A panel's placement says which of its points sits at which
 * landmark of the body it was drafted for: the chest level for the torso
 * (the drape centres torso panels there), the waist for waist-hung panels,
 * the knee for trouser legs. A panel hangs from the shoulders (torso, near
 * its chest landmark) or the waistband (skirts, trouser legs), so a level
 * lies as far below that point on the pattern as on the body fitted:
 * panel height anchor.y - offset.y + (hang - landmark) on the drafted body
 * - (hang - H) on the fitted one.
 * A sleeve's girth is its biceps as a specification sheet takes it, 2.5 cm
 * below the armhole (the sleeve's widest line, where the cap ends): the
 * drape shows sleeves hanging from the armhole, well down the arm from the
 * shoulder point (the body's biceps level cuts a T-shirt's sleeve 2-6 cm
 * below its cap, a hoodie's about 1 cm below), not a cap sitting on the
 * acromion.
 * Buttoned fronts (at_panel_is_buttoned_front) overlap by their stands and
 * count up to their centre lines. */
#include "at_fit.h"
#include "anthro/at_completion.h"
#include "fit_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define FLATTEN_STEP_CM 1.0
#define BICEPS_BELOW_ARMHOLE_CM 2.5
#define MAX_POINTS 4096

AtFitPart
at_fit_part_of (const AtPanel *panel)
{
  const char *l = panel->placement.landmark;
  size_t len = strlen (l);
  bool left = len > 0 && l[len - 1] == 'l';
  if (strncmp (l, "arm_", 4) == 0)
    return left ? AT_FIT_PART_ARM_L : AT_FIT_PART_ARM_R;
  if (strncmp (l, "wrist_", 6) == 0)
    return AT_FIT_PART_WRIST;
  if (strcmp (l, "neck") == 0)
    return AT_FIT_PART_NECK;
  if (strcmp (l, "head") == 0)
    return AT_FIT_PART_HEAD;
  if (strncmp (l, "leg_", 4) == 0)
    return left ? AT_FIT_PART_LEG_L : AT_FIT_PART_LEG_R;
  return AT_FIT_PART_TORSO;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Width (cm) of the panel, flattened to the n points pts, along the line
 * y = level: see the design comment. The level must lie within the panel's
 * height along its middle (a shaped waist or shoulder may rise above it at
 * the sides); one just inside the top or bottom edge is measured half a
 * centimetre in. */
static double
panel_width_at (const AtPanel *panel, bool buttoned, const AtVec2 *pts, int n, double level)
{
  double xlo = INFINITY, xhi = -INFINITY;
  for (int i = 0; i < n; i++)
    xlo = fmin (xlo, pts[i].x), xhi = fmax (xhi, pts[i].x);
  double mid = 0.5 * (xlo + xhi), top = -INFINITY, bottom = INFINITY;
  for (int i = 0; i < n; i++)
    {
      AtVec2 a = pts[i], b = pts[(i + 1) % n];
      if ((a.x <= mid) != (b.x <= mid))
        {
          double y = a.y + (mid - a.x) / (b.x - a.x) * (b.y - a.y);
          top = fmax (top, y), bottom = fmin (bottom, y);
        }
    }
  if (!(level >= bottom && level <= top) || top - bottom < 1.0)
    return 0;
  level = fmin (fmax (level, bottom + 0.5), top - 0.5);
  double xs[MAX_POINTS / 2];
  int k = 0;
  for (int i = 0; i < n && k < MAX_POINTS / 2; i++)
    {
      AtVec2 a = pts[i], b = pts[(i + 1) % n];
      /* half-open in y so a vertex on the line counts once */
      if ((a.y <= level) != (b.y <= level))
        xs[k++] = a.x + (level - a.y) / (b.y - a.y) * (b.x - a.x);
    }
  qsort (xs, (size_t) k, sizeof *xs, cmp_double);
  /* Folds that fold cloth back clip the intervals to the side the panel's
   * middle lies on. */
  double keep_lo = -INFINITY, keep_hi = INFINITY;
  for (int f = 0; f < panel->fold_count; f++)
    {
      const AtFoldLine *fl = &panel->folds[f];
      if (fabs (fl->angle_deg) < 90 || (fl->a.y <= level) == (fl->b.y <= level))
        continue;
      double x = fl->a.x + (level - fl->a.y) / (fl->b.y - fl->a.y) * (fl->b.x - fl->a.x);
      /* a buttoned front's stand lies under its twin, up to the centre line */
      if (buttoned)
        x = 0;
      if (x < mid)
        keep_lo = fmax (keep_lo, x);
      else
        keep_hi = fmin (keep_hi, x);
    }
  double width = 0;
  for (int i = 0; i + 1 < k; i += 2)
    width += fmax (0, fmin (xs[i + 1], keep_hi) - fmax (xs[i], keep_lo));
  return width;
}

/* The height of the widest point of a panel flattened to n points pts (a
 * sleeve's underarm corners). */
static double
widest_level (const AtVec2 *pts, int n)
{
  double xlo = INFINITY, xhi = -INFINITY;
  for (int i = 0; i < n; i++)
    xlo = fmin (xlo, pts[i].x), xhi = fmax (xhi, pts[i].x);
  double mid = 0.5 * (xlo + xhi), far = -1, level = 0;
  for (int i = 0; i < n; i++)
    if (fabs (pts[i].x - mid) > far)
      far = fabs (pts[i].x - mid), level = pts[i].y;
  return level;
}

/* The heights (cm) on body m of the landmark a torso or leg panel is
 * placed at and of the point it hangs from; false for other landmarks.
 * Torso panels hang from the shoulders, near their chest landmark; trouser
 * legs are placed at the knee but hang from the waistband. */
static bool
landmark_heights (const char *landmark, const AtMeasurements *m, double *placed, double *hangs)
{
  if (strcmp (landmark, "front_torso") == 0 || strcmp (landmark, "back_torso") == 0)
    *placed = *hangs = m->value[AT_M_CHEST_HEIGHT];
  else if (strncmp (landmark, "waist_", 6) == 0)
    *placed = *hangs = m->value[AT_M_WAIST_HEIGHT];
  else if (strncmp (landmark, "leg_", 4) == 0)
    *placed = m->value[AT_M_KNEE_HEIGHT], *hangs = m->value[AT_M_WAIST_HEIGHT];
  else
    return false;
  return *placed > 0 && *hangs > 0;
}

double
at_fit_pattern_girth (const AtPattern *p, AtMeasureKey girth, const AtMeasurements *body,
                      const AtMeasurements *drafted_for)
{
  double height = 0;
  if (girth == AT_M_CHEST_GIRTH)
    height = body->value[AT_M_CHEST_HEIGHT];
  else if (girth == AT_M_WAIST_GIRTH)
    height = body->value[AT_M_WAIST_HEIGHT];
  else if (girth == AT_M_HIP_GIRTH)
    height = body->value[AT_M_HIP_HEIGHT];
  else if (girth != AT_M_UPPER_ARM_GIRTH)
    return 0;
  AtVec2 *pts = malloc (MAX_POINTS * sizeof *pts);
  if (!pts)
    return 0;
  double sum = 0;
  int sleeves = 0;
  for (int i = 0; i < p->panel_count; i++)
    {
      const AtPanel *panel = &p->panels[i];
      AtFitPart part = at_fit_part_of (panel);
      bool sleeve = part == AT_FIT_PART_ARM_L || part == AT_FIT_PART_ARM_R;
      const char *landmark = panel->placement.landmark;
      double placed, hangs, placed_here, hangs_here;
      if (girth == AT_M_UPPER_ARM_GIRTH ? !sleeve
                                        : !landmark_heights (landmark, drafted_for, &placed, &hangs)
                                            || !landmark_heights (landmark, body, &placed_here, &hangs_here))
        continue;
      int n = at_panel_flatten (panel, FLATTEN_STEP_CM, pts, NULL, MAX_POINTS);
      if (n < 3)
        continue;
      if (sleeve)
        {
          double w = panel_width_at (panel, false, pts, n, widest_level (pts, n) - BICEPS_BELOW_ARMHOLE_CM);
          sum += w, sleeves += w > 0;
          continue;
        }
      /* the point the panel hangs from lies at the drafted body's height
       * of it, and the level that far below it on this body */
      const AtPlacement *pl = &panel->placement;
      sum += panel_width_at (panel, at_panel_is_buttoned_front (p, i), pts, n, pl->anchor.y - pl->offset[1] + (hangs - placed) - (hangs_here - height));
    }
  free (pts);
  /* both sleeves alike: their mean */
  return girth == AT_M_UPPER_ARM_GIRTH ? (sleeves ? sum / sleeves : 0) : sum;
}

/* ---- chart sizes, kept per garment -------------------------------------
 * The size advice asks for the finished girths of a garment's sizes for
 * every customer (bench size-rec: tens of thousands); drafting a size takes
 * a few hundred microseconds, so each garment's graded patterns are drafted
 * once and kept in a small table, looked up by the garment's drafting
 * routine, parameters and chart (a garment edited in the studio is a new
 * entry; the oldest entry makes way). Measuring a kept pattern at a
 * customer's levels takes microseconds. */

#define CACHE_ENTRIES 8

typedef struct {
  bool used;
  const AtDraftRoutine *draft;
  double params[AT_GARMENT_MAX_PARAMS];
  int size_count;
  double chart[AT_GARMENT_MAX_SIZES][AT_M_COUNT];
  bool given[AT_GARMENT_MAX_SIZES][AT_M_COUNT];
  AtPattern *pattern[AT_GARMENT_MAX_SIZES]; /* NULL: the size cannot be drafted */
  AtMeasurements body[AT_GARMENT_MAX_SIZES]; /* the chart's body, completed */
  double own[AT_GARMENT_MAX_SIZES][AT_M_COUNT]; /* finished girths at that body's levels */
} ChartEntry;

static ChartEntry cache[CACHE_ENTRIES];
static int cache_next;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
entry_is (const ChartEntry *e, const AtGarmentDef *g)
{
  if (!e->used || e->draft != g->draft || e->size_count != g->size_count
      || memcmp (e->params, g->params, (size_t) at_garment_param_count (g) * sizeof *g->params) != 0)
    return false;
  for (int s = 0; s < g->size_count; s++)
    if (memcmp (e->chart[s], g->sizes[s].body.value, sizeof e->chart[s]) != 0
        || memcmp (e->given[s], g->sizes[s].body.given, sizeof e->given[s]) != 0)
      return false;
  return true;
}

static void
entry_fill (ChartEntry *e, const AtGarmentDef *g)
{
  for (int s = 0; s < AT_GARMENT_MAX_SIZES; s++)
    free (e->pattern[s]);
  memset (e, 0, sizeof *e);
  e->used = true;
  e->draft = g->draft;
  memcpy (e->params, g->params, (size_t) at_garment_param_count (g) * sizeof *g->params);
  e->size_count = g->size_count;
  for (int s = 0; s < g->size_count; s++)
    {
      memcpy (e->chart[s], g->sizes[s].body.value, sizeof e->chart[s]);
      memcpy (e->given[s], g->sizes[s].body.given, sizeof e->given[s]);
      AtError err = { 0 };
      /* the chart states girths and a few heights; the chest height and the
       * rest are the population's for that size */
      if (!(e->pattern[s] = malloc (sizeof *e->pattern[s]))
          || at_completion_complete (&g->sizes[s].body, &e->body[s], &err) != AT_OK
          || at_garment_draft_size (g, g->sizes[s].name, e->pattern[s], &err) != AT_OK)
        {
          free (e->pattern[s]);
          e->pattern[s] = NULL;
          continue;
        }
      for (int k = 0; k < AT_M_COUNT; k++)
        e->own[s][k] = at_fit_pattern_girth (e->pattern[s], (AtMeasureKey) k, &e->body[s], &e->body[s]);
    }
}

bool
at_fit_chart_girth (const AtGarmentDef *g, int size, AtMeasureKey girth, const AtMeasurements *levels,
                    double *finished_cm, double *made_with_cm)
{
  if (size < 0 || size >= g->size_count || !g->draft || !g->sizes[size].body.given[girth])
    return false;
  pthread_mutex_lock (&cache_lock);
  int found = -1;
  for (int i = 0; i < CACHE_ENTRIES && found < 0; i++)
    if (entry_is (&cache[i], g))
      found = i;
  if (found < 0)
    {
      found = cache_next;
      cache_next = (cache_next + 1) % CACHE_ENTRIES;
      entry_fill (&cache[found], g);
    }
  const ChartEntry *e = &cache[found];
  double own = e->own[size][girth], there = own;
  if (own > 0 && levels)
    there = at_fit_pattern_girth (e->pattern[size], girth, levels, &e->body[size]);
  pthread_mutex_unlock (&cache_lock);
  *finished_cm = there;
  *made_with_cm = own - g->sizes[size].body.value[girth];
  return own > 0 && there > 0;
}

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
 * The level comes from the body the pattern was drafted for (a chart size's
 * body or the customer's): a panel's placement says which of its points
 * sits at which body landmark, and a landmark's height is the chest level
 * for the torso (the drape centres torso panels there), the waist for
 * waist-hung panels and the knee for trouser legs, so the body height H
 * lies at the panel height anchor.y - offset.y + (H - landmark height).
 * A sleeve's girth is its biceps as a specification sheet takes it, 2.5 cm
 * below the armhole (the sleeve's widest line, where the cap ends): the
 * drape shows sleeves hanging from the armhole, well down the arm from the
 * shoulder point (the body's biceps level cuts a T-shirt's sleeve 2-6 cm
 * below its cap, a hoodie's about 1 cm below), not a cap sitting on the
 * acromion.
 *
 * Not seen from the flat pattern: how far buttoned fronts overlap (a shirt
 * reads its two button stands, 2 x 1.5 cm, above its girth). */
#include "at_fit.h"
#include "anthro/at_completion.h"
#include "fit_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define FLATTEN_STEP_CM 0.5
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

/* Width (cm) of the panel along the line y = level: see the design comment.
 * The level must lie within the panel's height along its middle (a shaped
 * waist or shoulder may rise above it at the sides); one just inside the
 * top or bottom edge is measured half a centimetre in. pts: scratch for
 * MAX_POINTS points. */
static double
panel_width_at (const AtPanel *panel, double level, AtVec2 *pts)
{
  AtVec2 lo, hi;
  at_panel_bounds (panel, &lo, &hi);
  double mid = 0.5 * (lo.x + hi.x), top = -INFINITY, bottom = INFINITY;
  int n = at_panel_flatten (panel, FLATTEN_STEP_CM, pts, NULL, MAX_POINTS);
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

/* The height of the panel's widest point (a sleeve's underarm corners). */
static double
widest_level (const AtPanel *panel, AtVec2 *pts)
{
  AtVec2 lo, hi;
  at_panel_bounds (panel, &lo, &hi);
  double mid = 0.5 * (lo.x + hi.x), far = -1, level = lo.y;
  int n = at_panel_flatten (panel, FLATTEN_STEP_CM, pts, NULL, MAX_POINTS);
  for (int i = 0; i < n; i++)
    if (fabs (pts[i].x - mid) > far)
      far = fabs (pts[i].x - mid), level = pts[i].y;
  return level;
}

/* Height (cm) of the landmark a torso or leg panel is placed at, on body m;
 * false for other landmarks. */
static bool
landmark_height (const char *landmark, const AtMeasurements *m, double *out)
{
  if (strcmp (landmark, "front_torso") == 0 || strcmp (landmark, "back_torso") == 0)
    *out = m->value[AT_M_CHEST_HEIGHT];
  else if (strncmp (landmark, "waist_", 6) == 0)
    *out = m->value[AT_M_WAIST_HEIGHT];
  else if (strncmp (landmark, "leg_", 4) == 0)
    *out = m->value[AT_M_KNEE_HEIGHT];
  else
    return false;
  return *out > 0;
}

double
at_fit_pattern_girth (const AtPattern *p, AtMeasureKey girth, const AtMeasurements *body)
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
      if (girth == AT_M_UPPER_ARM_GIRTH)
        {
          if (part != AT_FIT_PART_ARM_L && part != AT_FIT_PART_ARM_R)
            continue;
          double w = panel_width_at (panel, widest_level (panel, pts) - BICEPS_BELOW_ARMHOLE_CM, pts);
          sum += w, sleeves += w > 0;
          continue;
        }
      double ref;
      if (!landmark_height (panel->placement.landmark, body, &ref))
        continue;
      const AtPlacement *pl = &panel->placement;
      sum += panel_width_at (panel, pl->anchor.y - pl->offset[1] + (height - ref), pts);
    }
  free (pts);
  /* both sleeves alike: their mean */
  return girth == AT_M_UPPER_ARM_GIRTH ? (sleeves ? sum / sleeves : 0) : sum;
}

/* ---- chart sizes, kept per garment -------------------------------------
 * The size advice asks for the finished girths of every size of a garment
 * for every customer (bench size-rec: tens of thousands); drafting a size
 * takes a few hundred microseconds, so each garment's chart is measured
 * once and kept in a small table, looked up by the garment's drafting
 * routine, parameters and chart (a garment edited in the studio is a new
 * entry; the oldest entry makes way). */

#define CACHE_ENTRIES 16
#define CHART_GIRTHS 4

static const AtMeasureKey chart_girths[CHART_GIRTHS] = {
  AT_M_CHEST_GIRTH, AT_M_WAIST_GIRTH, AT_M_HIP_GIRTH, AT_M_UPPER_ARM_GIRTH,
};

typedef struct {
  bool used;
  const AtDraftRoutine *draft;
  double params[AT_GARMENT_MAX_PARAMS];
  int size_count;
  double chart[AT_GARMENT_MAX_SIZES][AT_M_COUNT];
  bool given[AT_GARMENT_MAX_SIZES][AT_M_COUNT];
  double finished[AT_GARMENT_MAX_SIZES][CHART_GIRTHS]; /* 0: not reached */
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
  memset (e, 0, sizeof *e);
  e->used = true;
  e->draft = g->draft;
  memcpy (e->params, g->params, (size_t) at_garment_param_count (g) * sizeof *g->params);
  e->size_count = g->size_count;
  AtPattern *pattern = malloc (sizeof *pattern);
  for (int s = 0; s < g->size_count; s++)
    {
      memcpy (e->chart[s], g->sizes[s].body.value, sizeof e->chart[s]);
      memcpy (e->given[s], g->sizes[s].body.given, sizeof e->given[s]);
      AtMeasurements body;
      AtError err = { 0 };
      /* the chart states girths and a few heights; the chest height and the
       * rest are the population's for that size */
      if (!pattern || at_completion_complete (&g->sizes[s].body, &body, &err) != AT_OK
          || at_garment_draft_size (g, g->sizes[s].name, pattern, &err) != AT_OK)
        continue;
      for (int k = 0; k < CHART_GIRTHS; k++)
        e->finished[s][k] = at_fit_pattern_girth (pattern, chart_girths[k], &body);
    }
  free (pattern);
}

bool
at_fit_chart_girth (const AtGarmentDef *g, int size, AtMeasureKey girth, double *finished_cm, double *drafted_on_cm)
{
  int k = 0;
  while (k < CHART_GIRTHS && chart_girths[k] != girth)
    k++;
  if (k == CHART_GIRTHS || size < 0 || size >= g->size_count || !g->draft || !g->sizes[size].body.given[girth])
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
  *finished_cm = cache[found].finished[size][k];
  pthread_mutex_unlock (&cache_lock);
  *drafted_on_cm = g->sizes[size].body.value[girth];
  return *finished_cm > 0;
}

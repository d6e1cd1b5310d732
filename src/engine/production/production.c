/* Production orders: the cut list of a garment order and its marker.
 *
 * Each ordered size is drafted from the garment's chart; every panel of the
 * marker's fabric becomes one nesting piece: its cutting outline (see
 * cutting.c), a mirrored twin (mirror_of) cut as the reflection of the panel
 * it mirrors, turned so the grain line runs along the strip, with
 * cut_count copies per garment. Grain placement follows industry practice
 * for one-way-free fabrics: woven pieces may be turned end for end (0/180
 * degrees about the grain), knits also a quarter turn (90/270), as the
 * issue asks. The nest module places them; cost per garment is the marker
 * length times the price per metre over the garments in it. */
#include "at_production.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The nesting outline may stand this far (cm) outside the cutting line:
 * flattened curves carry many points, and the nesting's no-fit polygons
 * grow with the square of their convex parts. 6 mm (about 3 mm on
 * average along a curve) cuts a T-shirt front from 43 to 17 points and the
 * first marker of a 7-garment order from 8.4 s to 2.1 s, so the search gets
 * its time for improving moves. */
#define AT_NEST_TOLERANCE 0.6

AtProductionDef
at_production_def_default (void)
{
  return (AtProductionDef){ .fabric_width = 150.0, .gap = 0.0, .seconds = 10.0, .max_iterations = 0, .seed = 1,
                            .price_per_metre = 0.0, .cancel = NULL };
}

AtStatus
at_size_order_parse (const char *text, const AtGarmentDef *garment, AtSizeQuantity *out, size_t max, size_t *n_out,
                     AtError *err)
{
  *n_out = 0;
  if (!text || !*text)
    return at_error_set (err, AT_ERR_PARSE, "sizes: empty; expected e.g. S=2,M=3,L=1");
  const char *p = text;
  while (*p)
    {
      size_t len = strcspn (p, ",");
      char item[AT_PATTERN_NAME_MAX];
      if (len == 0 || len >= sizeof item)
        return at_error_set (err, AT_ERR_PARSE, "sizes '%s': an empty or overlong item", text);
      memcpy (item, p, len);
      item[len] = '\0';
      char *eq = strchr (item, '=');
      if (!eq || eq == item)
        return at_error_set (err, AT_ERR_PARSE, "sizes: item '%s' is not SIZE=COUNT", item);
      *eq = '\0';
      char *end;
      long count = strtol (eq + 1, &end, 10);
      if (end == eq + 1 || *end || count < 0 || count > 100000)
        return at_error_set (err, AT_ERR_RANGE, "sizes: count of '%s' is '%s', not a whole number 0-100000", item,
                             eq + 1);
      if (at_garment_size_index (garment, item) < 0)
        return at_error_set (err, AT_ERR_NOT_FOUND, "sizes: '%s' is not a size of garment '%s'", item, garment->id);
      for (size_t k = 0; k < *n_out; k++)
        if (strcmp (out[k].size, item) == 0)
          return at_error_set (err, AT_ERR_INVALID, "sizes: '%s' is named twice", item);
      if (*n_out >= max)
        return at_error_set (err, AT_ERR_RANGE, "sizes: more than %zu sizes", max);
      /* A chart size name always fits: the chart holds at most 16 bytes. */
      memcpy (out[*n_out].size, item, strlen (item) + 1);
      out[*n_out].quantity = (int) count;
      (*n_out)++;
      p += len;
      if (*p == ',')
        p++;
    }
  return AT_OK;
}

/* Turns the outline so the grain (a to b) runs along +x, then moves it to
 * the origin's quadrant. */
static void
align_grain (AtPoint2 *p, size_t n, AtVec2 grain)
{
  double len = hypot (grain.x, grain.y);
  /* A panel without a grain line is cut with the warp up the panel. */
  double c = len > 1e-9 ? grain.x / len : 0.0, s = len > 1e-9 ? grain.y / len : 1.0;
  double min_x = INFINITY, min_y = INFINITY;
  for (size_t i = 0; i < n; i++)
    {
      AtPoint2 q = { p[i].x * c + p[i].y * s, -p[i].x * s + p[i].y * c };
      p[i] = q;
      min_x = fmin (min_x, q.x);
      min_y = fmin (min_y, q.y);
    }
  for (size_t i = 0; i < n; i++)
    p[i].x -= min_x, p[i].y -= min_y;
}

static double
outline_area (const AtPoint2 *p, size_t n)
{
  double a = 0;
  for (size_t i = 0; i < n; i++)
    a += p[i].x * p[(i + 1) % n].y - p[(i + 1) % n].x * p[i].y;
  return 0.5 * fabs (a);
}

static AtStatus
add_piece (AtCutList *list, const AtPattern *pat, int k, const char *garment, const char *fabric, int garments,
           double step, AtError *err)
{
  const AtPanel *pn = &pat->panels[k];
  bool mirrored = pn->mirror_of >= 0 && pn->mirror_of < pat->panel_count;
  const AtPanel *src = mirrored ? &pat->panels[pn->mirror_of] : pn;
  AtCutPiece *pc = &list->pieces[list->n_pieces];
  memset (pc, 0, sizeof *pc);
  AtPoint2 *cut;
  size_t n_cut;
  AtStatus status = at_cutting_outline (src, mirrored, step, &cut, &n_cut, err);
  if (status != AT_OK)
    return status;
  pc->area = outline_area (cut, n_cut);
  status = at_outline_simplify_outward (cut, n_cut, AT_NEST_TOLERANCE, &pc->outline, &pc->n_points, err);
  free (cut);
  if (status != AT_OK)
    return status;
  list->n_pieces++;
  AtVec2 grain = { src->grain_b.x - src->grain_a.x, src->grain_b.y - src->grain_a.y };
  if (mirrored)
    grain.x = -grain.x;
  align_grain (pc->outline, pc->n_points, grain);
  snprintf (pc->garment, sizeof pc->garment, "%s", garment);
  snprintf (pc->size, sizeof pc->size, "%s", pat->size);
  snprintf (pc->panel, sizeof pc->panel, "%s", pn->name);
  snprintf (pc->label, sizeof pc->label, "%s", pn->label[0] ? pn->label : pn->name);
  snprintf (pc->fabric, sizeof pc->fabric, "%s", fabric);
  pc->mirrored = mirrored;
  pc->quantity = (pn->cut_count > 0 ? pn->cut_count : 1) * garments;
  static const double quarter_turns[] = { 0, 180, 90, 270 };
  pc->n_rotations = at_fabric_is_knit (fabric) ? 4 : 2;
  memcpy (pc->rotations, quarter_turns, pc->n_rotations * sizeof pc->rotations[0]);
  return AT_OK;
}

AtStatus
at_cut_list_build (const AtProductionOrder *order, AtCutList *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  if (!order || !order->garment)
    return at_error_set (err, AT_ERR_INVALID, "no garment: open or choose a garment first");
  const AtGarmentDef *g = order->garment;
  const char *fabric = order->fabric && *order->fabric ? order->fabric : g->fabric;
  double step = order->flatten_step > 0 ? order->flatten_step : 2.0;
  int garments = 0;
  for (size_t s = 0; s < order->n_sizes; s++)
    {
      if (order->sizes[s].quantity < 0)
        return at_error_set (err, AT_ERR_RANGE, "size %s: quantity %d is negative", order->sizes[s].size,
                             order->sizes[s].quantity);
      if (at_garment_size_index (g, order->sizes[s].size) < 0)
        return at_error_set (err, AT_ERR_NOT_FOUND, "size '%s' is not in the chart of garment '%s'",
                             order->sizes[s].size, g->id);
      garments += order->sizes[s].quantity;
    }
  if (garments <= 0)
    return at_error_set (err, AT_ERR_INVALID, "the order of '%s' has no garments: every size quantity is zero",
                         g->id);
  out->garments = garments;
  out->pieces = calloc (order->n_sizes * AT_PATTERN_MAX_PANELS, sizeof *out->pieces);
  AtPattern *pat = malloc (sizeof *pat);
  if (!out->pieces || !pat)
    {
      free (pat);
      at_cut_list_free (out);
      return at_error_set (err, AT_ERR_NOMEM, "no memory for the cut list of '%s'", g->id);
    }
  AtStatus status = AT_OK;
  for (size_t s = 0; s < order->n_sizes && status == AT_OK; s++)
    {
      if (order->sizes[s].quantity == 0)
        continue;
      status = at_garment_draft_size (g, order->sizes[s].size, pat, err);
      int other = 0;
      for (int k = 0; k < pat->panel_count && status == AT_OK; k++)
        {
          const char *pf = pat->panels[k].fabric[0] ? pat->panels[k].fabric : g->fabric;
          if (strcmp (pf, fabric) != 0)
            other++;
          else
            status = add_piece (out, pat, k, g->id, pf, order->sizes[s].quantity, step, err);
        }
      out->other_fabric_panels = other;
    }
  free (pat);
  if (status == AT_OK && out->n_pieces == 0)
    status = at_error_set (err, AT_ERR_INVALID, "garment '%s' has no panel of fabric '%s'", g->id, fabric);
  if (status != AT_OK)
    at_cut_list_free (out);
  return status;
}

void
at_cut_list_free (AtCutList *list)
{
  if (!list)
    return;
  for (size_t i = 0; i < list->n_pieces; i++)
    free (list->pieces[i].outline);
  free (list->pieces);
  memset (list, 0, sizeof *list);
}

/* The narrowest the piece gets across the strip over its allowed rotations. */
static double
narrowest_across (const AtCutPiece *pc)
{
  double min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
  for (size_t i = 0; i < pc->n_points; i++)
    {
      min_x = fmin (min_x, pc->outline[i].x), max_x = fmax (max_x, pc->outline[i].x);
      min_y = fmin (min_y, pc->outline[i].y), max_y = fmax (max_y, pc->outline[i].y);
    }
  double across = max_y - min_y;
  for (size_t r = 0; r < pc->n_rotations; r++)
    if (fmod (pc->rotations[r], 180.0) != 0.0)
      across = fmin (across, max_x - min_x);
  return across;
}

AtStatus
at_production_marker_make (const AtProductionOrder *order, const AtProductionDef *def, AtProductionMarker *out,
                           AtError *err)
{
  memset (out, 0, sizeof *out);
  if (!def || !isfinite (def->fabric_width) || def->fabric_width <= 0)
    return at_error_set (err, AT_ERR_RANGE, "fabric width %g cm: must be a positive number",
                         def ? def->fabric_width : 0.0);
  if (!isfinite (def->price_per_metre) || def->price_per_metre < 0)
    return at_error_set (err, AT_ERR_RANGE, "price per metre %g: must be zero or more", def->price_per_metre);
  AtStatus status = at_cut_list_build (order, &out->cuts, err);
  if (status != AT_OK)
    return status;
  const AtCutList *cl = &out->cuts;
  for (size_t i = 0; i < cl->n_pieces; i++)
    {
      double across = narrowest_across (&cl->pieces[i]);
      if (across + 2 * def->gap > def->fabric_width)
        {
          at_error_set (err, AT_ERR_INVALID,
                        "size %s, panel '%s': %.1f cm across even turned as its fabric allows, wider than the "
                        "%.1f cm fabric",
                        cl->pieces[i].size, cl->pieces[i].label, across, def->fabric_width);
          at_production_marker_free (out);
          return AT_ERR_INVALID;
        }
    }
  AtNestPiece *np = calloc (cl->n_pieces, sizeof *np);
  if (!np)
    {
      at_production_marker_free (out);
      return at_error_set (err, AT_ERR_NOMEM, "no memory for the nesting pieces");
    }
  for (size_t i = 0; i < cl->n_pieces; i++)
    np[i] = (AtNestPiece){ .outline = { cl->pieces[i].outline, cl->pieces[i].n_points },
                           .quantity = cl->pieces[i].quantity,
                           .rotations = cl->pieces[i].rotations,
                           .n_rotations = cl->pieces[i].n_rotations };
  AtNestDef nd = at_nest_def_default ();
  nd.strip_width = def->fabric_width;
  nd.gap = def->gap;
  nd.seconds = def->seconds;
  nd.max_iterations = def->max_iterations;
  nd.seed = def->seed;
  nd.cancel = def->cancel;
  status = at_nest_run (np, cl->n_pieces, &nd, &out->marker, err);
  free (np);
  if (status != AT_OK)
    {
      at_production_marker_free (out);
      return status;
    }
  /* Utilisation counts the fabric the cutting lines enclose, not the
   * nesting outlines' extra margin (AT_NEST_TOLERANCE). */
  double cut_area = 0;
  for (size_t i = 0; i < out->marker.n_placements; i++)
    cut_area += cl->pieces[out->marker.placements[i].piece].area;
  out->marker.piece_area = cut_area;
  out->marker.utilisation = out->marker.length > 0 ? cut_area / (out->marker.length * out->marker.strip_width) : 0;
  snprintf (out->fabric, sizeof out->fabric, "%s", cl->pieces[0].fabric);
  out->price_per_metre = def->price_per_metre;
  out->fabric_cost = out->marker.length / 100.0 * def->price_per_metre;
  out->cost_per_garment = at_marker_fabric_cost (&out->marker, def->price_per_metre, cl->garments);
  return AT_OK;
}

void
at_production_marker_free (AtProductionMarker *pm)
{
  if (!pm)
    return;
  at_cut_list_free (&pm->cuts);
  at_marker_free (&pm->marker);
  memset (pm, 0, sizeof *pm);
}

void
at_production_placement_label (const AtProductionMarker *pm, size_t i, char *buf, size_t size)
{
  const AtCutPiece *pc = &pm->cuts.pieces[pm->marker.placements[i].piece];
  snprintf (buf, size, "%s / %s / %s", pc->garment, pc->size, pc->label);
}

static bool
point_inside (const AtPoint2 *p, size_t n, AtPoint2 q)
{
  bool in = false;
  for (size_t i = 0, j = n - 1; i < n; j = i++)
    if ((p[i].y > q.y) != (p[j].y > q.y) && q.x < (p[j].x - p[i].x) * (q.y - p[i].y) / (p[j].y - p[i].y) + p[i].x)
      in = !in;
  return in;
}

AtPoint2
at_production_label_point (const AtNestPlacement *pl)
{
  const AtPoint2 *p = pl->polygon;
  size_t n = pl->n_points;
  double a = 0, cx = 0, cy = 0;
  for (size_t i = 0; i < n; i++)
    {
      AtPoint2 q = p[(i + 1) % n];
      double w = p[i].x * q.y - q.x * p[i].y;
      a += w, cx += (p[i].x + q.x) * w, cy += (p[i].y + q.y) * w;
    }
  AtPoint2 c = fabs (a) > 1e-12 ? (AtPoint2) { cx / (3 * a), cy / (3 * a) } : p[0];
  if (point_inside (p, n, c))
    return c;
  /* A crescent: the middle of the widest stretch inside along y = c.y. */
  double best = -1;
  AtPoint2 mid = c;
  for (size_t i = 0; i < n; i++)
    {
      AtPoint2 u = p[i], v = p[(i + 1) % n];
      if ((u.y > c.y) == (v.y > c.y))
        continue;
      double x0 = u.x + (c.y - u.y) / (v.y - u.y) * (v.x - u.x);
      for (size_t j = 0; j < n; j++)
        {
          AtPoint2 s = p[j], t = p[(j + 1) % n];
          if (j == i || (s.y > c.y) == (t.y > c.y))
            continue;
          double x1 = s.x + (c.y - s.y) / (t.y - s.y) * (t.x - s.x);
          AtPoint2 m = { 0.5 * (x0 + x1), c.y };
          if (fabs (x1 - x0) > best && point_inside (p, n, m))
            best = fabs (x1 - x0), mid = m;
        }
    }
  return mid;
}

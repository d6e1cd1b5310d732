/* AAMA / ASTM D6673 DXF writer.
 *
 * The layout follows the AAMA DXF exchange practice as CAD systems (Gerber
 * AccuMark, Lectra Modaris, Optitex) read it: DXF R12 (AC1009) ASCII, one
 * BLOCK per piece holding its cut line (layer 1) as a closed POLYLINE, the
 * sew line (14), the grain line (7), notches (4) as short lines across the
 * seam allowance and internal lines such as folds (8), and TEXT entities on
 * layer 1 that name the piece ("Piece Name: front", "Size: M",
 * "Quantity: 1", "Material: denim"); the ENTITIES section inserts the
 * blocks and states "Units: METRIC" (millimetres). A marker has no blocks:
 * its cut lines are placed where the cutter cuts them, with the fabric's
 * edges (layer "FABRIC") and labels (layer 15, annotation).
 *
 * Cut lines come from the production module's cutting outline (stitch line
 * pushed out by each segment's seam allowance), so the DXF, the marker and
 * the printed pattern cut the same piece. */
#include "dxf/at_dxf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_file.h"
#include "pattern/at_pattern_edit.h"

#define MM_PER_CM 10.0
#define FLATTEN_STEP_CM 0.2
/* The cut line's chords: fine, unless a curve tighter than its seam
 * allowance makes the offset outline cross itself, as the marker's would. */
static const double cut_steps_cm[] = { 0.5, 1.0, 2.0 };
#define PIECE_GAP_MM 50.0
#define TEXT_MM 5.0
#define GRAIN_MARK_MM 60.0

static void
group (FILE *f, int code, const char *value)
{
  fprintf (f, "%3d\n%s\n", code, value);
}

static void
group_int (FILE *f, int code, int value)
{
  fprintf (f, "%3d\n%6d\n", code, value);
}

static void
group_real (FILE *f, int code, double value)
{
  fprintf (f, "%3d\n%.3f\n", code, value);
}

static void
point (FILE *f, int code, double x, double y)
{
  group_real (f, code, x);
  group_real (f, code + 10, y);
  group_real (f, code + 20, 0.0);
}

static void
entity (FILE *f, const char *type, const char *layer)
{
  group (f, 0, type);
  group (f, 8, layer);
}

/* pts in cm; written in mm, shifted by (dx, dy) mm. */
static void
polyline (FILE *f, const char *layer, const AtPoint2 *pts, size_t n, bool closed, double dx, double dy)
{
  entity (f, "POLYLINE", layer);
  group_int (f, 66, 1);
  group_int (f, 70, closed ? 1 : 0);
  point (f, 10, 0, 0);
  for (size_t i = 0; i < n; i++)
    {
      entity (f, "VERTEX", layer);
      point (f, 10, pts[i].x * MM_PER_CM + dx, pts[i].y * MM_PER_CM + dy);
    }
  entity (f, "SEQEND", layer);
}

static void
line (FILE *f, const char *layer, double x0, double y0, double x1, double y1)
{
  entity (f, "LINE", layer);
  point (f, 10, x0, y0);
  point (f, 11, x1, y1);
}

static void
text (FILE *f, const char *layer, double x, double y, const char *value)
{
  entity (f, "TEXT", layer);
  point (f, 10, x, y);
  group_real (f, 40, TEXT_MM);
  group (f, 1, value);
}

static void
tables (FILE *f, const char *const *layers, int n)
{
  group (f, 0, "SECTION");
  group (f, 2, "TABLES");
  group (f, 0, "TABLE");
  group (f, 2, "LTYPE");
  group_int (f, 70, 1);
  group (f, 0, "LTYPE");
  group (f, 2, "CONTINUOUS");
  group_int (f, 70, 0);
  group (f, 3, "Solid line");
  group_int (f, 72, 65);
  group_int (f, 73, 0);
  group_real (f, 40, 0.0);
  group (f, 0, "ENDTAB");
  group (f, 0, "TABLE");
  group (f, 2, "LAYER");
  group_int (f, 70, n);
  for (int i = 0; i < n; i++)
    {
      group (f, 0, "LAYER");
      group (f, 2, layers[i]);
      group_int (f, 70, 0);
      group_int (f, 62, 1 + i % 7);
      group (f, 6, "CONTINUOUS");
    }
  group (f, 0, "ENDTAB");
  group (f, 0, "ENDSEC");
}

static FILE *
open_dxf (const char *tmp_path, AtError *err)
{
  FILE *f = fopen (tmp_path, "w");
  if (!f)
    at_error_set (err, AT_ERR_IO, "%s: cannot write", tmp_path);
  return f;
}

/* Ends the last section and the file. */
static AtStatus
close_dxf (FILE *f, const char *tmp_path, AtError *err)
{
  group (f, 0, "ENDSEC");
  group (f, 0, "EOF");
  bool ok = !ferror (f);
  ok = fclose (f) == 0 && ok;
  return ok ? AT_OK : at_error_set (err, AT_ERR_IO, "%s: write failed", tmp_path);
}

static void
header (FILE *f, double max_x, double max_y)
{
  group (f, 0, "SECTION");
  group (f, 2, "HEADER");
  group (f, 9, "$ACADVER");
  group (f, 1, "AC1009");
  group (f, 9, "$EXTMIN");
  point (f, 10, 0, 0);
  group (f, 9, "$EXTMAX");
  point (f, 10, max_x, max_y);
  group (f, 0, "ENDSEC");
}

/* ---- pattern pieces -------------------------------------------------------- */

typedef struct {
  AtPoint2 *cut;
  size_t n_cut;
  AtPoint2 *sew;
  int n_sew;
  double min_x, min_y, max_x, max_y; /* mm, cut line */
} Piece;

typedef struct {
  const AtPattern *pattern;
  Piece *pieces;
} PatternJob;

static AtPoint2
panel_point (AtVec2 p, bool mirror)
{
  return (AtPoint2) { mirror ? -p.x : p.x, p.y };
}

static void
piece_block (FILE *f, const AtPattern *pattern, int k, const Piece *piece)
{
  const AtPanel *pn = &pattern->panels[k];
  bool mirror = pn->mirror_of >= 0 && pn->mirror_of < pattern->panel_count;
  const AtPanel *src = mirror ? &pattern->panels[pn->mirror_of] : pn;
  group (f, 0, "BLOCK");
  group (f, 8, "0");
  group (f, 2, pn->name);
  group_int (f, 70, 0);
  point (f, 10, 0, 0);
  group (f, 3, pn->name);
  polyline (f, "1", piece->cut, piece->n_cut, true, 0, 0);
  polyline (f, "14", piece->sew, (size_t) piece->n_sew, true, 0, 0);
  AtPoint2 ga = panel_point (src->grain_a, mirror), gb = panel_point (src->grain_b, mirror);
  line (f, "7", ga.x * MM_PER_CM, ga.y * MM_PER_CM, gb.x * MM_PER_CM, gb.y * MM_PER_CM);
  for (int i = 0; i < src->notch_count; i++)
    {
      AtVec2 at, n;
      if (!at_notch_frame (src, &src->notches[i], &at, &n))
        continue;
      double depth = at_segment_allowance (src, src->notches[i].segment);
      AtVec2 out = { at.x + n.x * depth, at.y + n.y * depth };
      AtPoint2 p0 = panel_point (at, mirror), p1 = panel_point (out, mirror);
      line (f, "4", p0.x * MM_PER_CM, p0.y * MM_PER_CM, p1.x * MM_PER_CM, p1.y * MM_PER_CM);
    }
  for (int i = 0; i < src->fold_count; i++)
    {
      AtPoint2 a = panel_point (src->folds[i].a, mirror), b = panel_point (src->folds[i].b, mirror);
      line (f, "8", a.x * MM_PER_CM, a.y * MM_PER_CM, b.x * MM_PER_CM, b.y * MM_PER_CM);
    }
  double tx = 0.5 * (piece->min_x + piece->max_x) - 20 * TEXT_MM, ty = 0.5 * (piece->min_y + piece->max_y);
  char quantity[16];
  snprintf (quantity, sizeof quantity, "%d", pn->cut_count > 0 ? pn->cut_count : 1);
  const char *fields[][2] = {
    { "Piece Name", pn->name }, { "Size", pattern->size }, { "Quantity", quantity },
    { "Material", pn->fabric }, { "Category", pattern->garment },
  };
  for (int i = 0; i < 5; i++)
    {
      char buf[160];
      snprintf (buf, sizeof buf, "%s: %s", fields[i][0], fields[i][1]);
      text (f, "1", tx, ty - i * 2 * TEXT_MM, buf);
    }
  group (f, 0, "ENDBLK");
  group (f, 8, "0");
}

static AtStatus
write_pattern (const char *tmp_path, void *user, AtError *err)
{
  PatternJob *job = user;
  const AtPattern *pattern = job->pattern;
  FILE *f = open_dxf (tmp_path, err);
  if (!f)
    return err->code;
  double width = 0, height = 0;
  for (int k = 0; k < pattern->panel_count; k++)
    {
      width += job->pieces[k].max_x - job->pieces[k].min_x + PIECE_GAP_MM;
      height = fmax (height, job->pieces[k].max_y - job->pieces[k].min_y);
    }
  header (f, width, height);
  static const char *const layers[] = { "0", "1", "4", "7", "8", "14" };
  tables (f, layers, 6);
  group (f, 0, "SECTION");
  group (f, 2, "BLOCKS");
  for (int k = 0; k < pattern->panel_count; k++)
    piece_block (f, pattern, k, &job->pieces[k]);
  group (f, 0, "ENDSEC");
  group (f, 0, "SECTION");
  group (f, 2, "ENTITIES");
  text (f, "1", 0, height + 4 * TEXT_MM, "Units: METRIC");
  char buf[96];
  snprintf (buf, sizeof buf, "Style Name: %s", pattern->garment);
  text (f, "1", 0, height + 2 * TEXT_MM, buf);
  double x = 0;
  for (int k = 0; k < pattern->panel_count; k++)
    {
      const Piece *piece = &job->pieces[k];
      entity (f, "INSERT", "0");
      group (f, 2, pattern->panels[k].name);
      point (f, 10, x - piece->min_x, -piece->min_y);
      x += piece->max_x - piece->min_x + PIECE_GAP_MM;
    }
  return close_dxf (f, tmp_path, err);
}

AtStatus
at_dxf_write_pattern (const AtPattern *pattern, const char *path, AtError *err)
{
  if (pattern->panel_count <= 0)
    return at_error_set (err, AT_ERR_INVALID, "%s: the pattern has no panels", path);
  PatternJob job = { pattern, calloc ((size_t) pattern->panel_count, sizeof (Piece)) };
  if (!job.pieces)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory");
  AtStatus st = AT_OK;
  for (int k = 0; k < pattern->panel_count && st == AT_OK; k++)
    {
      const AtPanel *pn = &pattern->panels[k];
      bool mirror = pn->mirror_of >= 0 && pn->mirror_of < pattern->panel_count;
      const AtPanel *src = mirror ? &pattern->panels[pn->mirror_of] : pn;
      Piece *piece = &job.pieces[k];
      AtError local = { 0 };
      st = AT_ERR_INVALID;
      for (size_t i = 0; i < sizeof cut_steps_cm / sizeof *cut_steps_cm && st != AT_OK; i++)
        st = at_cutting_outline (src, mirror, cut_steps_cm[i], &piece->cut, &piece->n_cut, &local);
      if (st != AT_OK)
        {
          at_error_set (err, st, "%s: %s", path, local.message);
          break;
        }
      AtVec2 *sew = malloc (4096 * sizeof *sew);
      piece->sew = malloc (4096 * sizeof *piece->sew);
      piece->n_sew = sew && piece->sew ? at_panel_flatten (src, FLATTEN_STEP_CM, sew, NULL, 4096) : -1;
      for (int i = 0; i < piece->n_sew; i++)
        piece->sew[i] = panel_point (sew[i], mirror);
      free (sew);
      if (piece->n_sew < 3)
        {
          st = at_error_set (err, AT_ERR_INVALID, "%s: panel '%s' has no outline to write", path, pn->name);
          break;
        }
      piece->min_x = piece->min_y = INFINITY;
      piece->max_x = piece->max_y = -INFINITY;
      for (size_t i = 0; i < piece->n_cut; i++)
        {
          piece->min_x = fmin (piece->min_x, piece->cut[i].x * MM_PER_CM);
          piece->max_x = fmax (piece->max_x, piece->cut[i].x * MM_PER_CM);
          piece->min_y = fmin (piece->min_y, piece->cut[i].y * MM_PER_CM);
          piece->max_y = fmax (piece->max_y, piece->cut[i].y * MM_PER_CM);
        }
    }
  if (st == AT_OK)
    st = at_file_write_via (path, write_pattern, &job, err);
  for (int k = 0; k < pattern->panel_count; k++)
    {
      free (job.pieces[k].cut);
      free (job.pieces[k].sew);
    }
  free (job.pieces);
  return st;
}

/* ---- markers --------------------------------------------------------------- */

static AtStatus
write_marker (const char *tmp_path, void *user, AtError *err)
{
  const AtProductionMarker *pm = user;
  const AtMarker *m = &pm->marker;
  FILE *f = open_dxf (tmp_path, err);
  if (!f)
    return err->code;
  double length = m->length * MM_PER_CM, width = m->strip_width * MM_PER_CM;
  header (f, length, width);
  static const char *const layers[] = { "0", "1", "7", "15", "FABRIC" };
  tables (f, layers, 5);
  group (f, 0, "SECTION");
  group (f, 2, "ENTITIES");
  AtPoint2 edges[4] = { { 0, 0 }, { m->length, 0 }, { m->length, m->strip_width }, { 0, m->strip_width } };
  polyline (f, "FABRIC", edges, 4, true, 0, 0);
  char buf[160];
  text (f, "15", 0, width + 4 * TEXT_MM, "Units: METRIC");
  snprintf (buf, sizeof buf, "Marker: %s, fabric %s, width %.1f cm, length %.1f cm, utilisation %.1f %%",
            pm->cuts.n_pieces ? pm->cuts.pieces[0].garment : "", pm->fabric, m->strip_width, m->length,
            100.0 * m->utilisation);
  text (f, "15", 0, width + 2 * TEXT_MM, buf);
  for (size_t i = 0; i < m->n_placements; i++)
    {
      const AtNestPlacement *pl = &m->placements[i];
      polyline (f, "1", pl->polygon, pl->n_points, true, 0, 0);
      AtPoint2 at = at_production_label_point (pl);
      at_production_placement_label (pm, i, buf, sizeof buf);
      text (f, "15", at.x * MM_PER_CM - 10 * TEXT_MM, at.y * MM_PER_CM, buf);
      /* The grain ran along x before the piece was turned. */
      double r = pl->rotation * M_PI / 180.0, gx = cos (r) * GRAIN_MARK_MM / 2, gy = sin (r) * GRAIN_MARK_MM / 2;
      double cx = at.x * MM_PER_CM, cy = at.y * MM_PER_CM - 2 * TEXT_MM;
      line (f, "7", cx - gx, cy - gy, cx + gx, cy + gy);
    }
  return close_dxf (f, tmp_path, err);
}

AtStatus
at_dxf_write_marker (const AtProductionMarker *marker, const char *path, AtError *err)
{
  if (marker->marker.n_placements == 0)
    return at_error_set (err, AT_ERR_INVALID, "%s: the marker has no pieces", path);
  return at_file_write_via (path, write_marker, (void *) marker, err);
}

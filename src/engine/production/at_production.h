/* Production: from the studio's garments to markers, cutting files and
 * fabric cost, and an order's size mix from the sizes recorded at fittings.
 *
 * A garment (data/garments/<id>.json) drafted in each ordered size gives
 * its panels; each panel's cutting outline (the stitch line pushed out by
 * the seam allowance of each segment) is turned so that its grain line runs
 * along the strip (x) and becomes one nesting piece, cut_count copies per
 * garment, with the rotations the fabric allows (woven: 0 and 180 degrees
 * about the grain; knits: also 90 and 270). The nest module
 * (nest/at_nest.h) places them on the fabric; this module labels each
 * placement garment / size / panel and reports length, utilisation and
 * fabric cost per garment.
 *
 * Units: centimetres. Outlines are counter-clockwise. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "nest/at_nest.h"
#include "pattern/at_garment_library.h"
#include "store/at_store.h"

/* ---- cutting outlines ---------------------------------------------------- */

/* The cutting outline of a panel: its outline flattened with points at
 * most `step` cm apart, each edge moved outward by its segment's seam
 * allowance, corners mitred (a corner sharper than the mitre limit is
 * squared off at the allowance). With `mirror` the panel is reflected
 * (x -> -x) first, which is how a mirrored twin is cut. The caller frees
 * *out. Fails on a degenerate panel or an outline that crosses itself once
 * offset. */
AtStatus at_cutting_outline (const AtPanel *panel, bool mirror, double step, AtPoint2 **out, size_t *n_out,
                             AtError *err);

/* Fewer points for nesting: the outline simplified (Douglas-Peucker, points
 * within tol cm of the coarser outline) and pushed out by tol, so the
 * result still holds the whole outline at the cost of at most about tol of
 * extra margin. Returns a copy of the outline when that does not pay. The
 * caller frees *out. */
AtStatus at_outline_simplify_outward (const AtPoint2 *p, size_t n, double tol, AtPoint2 **out, size_t *n_out,
                                      AtError *err);

/* True when the fabric preset is a knit (its id names jersey, rib, fleece or
 * knit): knits may be turned a quarter turn on the marker. */
bool at_fabric_is_knit (const char *fabric);

/* ---- the cut list of an order -------------------------------------------- */

typedef struct {
  char size[AT_PATTERN_NAME_MAX];
  int quantity;   /* garments of this size, >= 0 */
} AtSizeQuantity;

#define AT_PRODUCTION_MAX_SIZES AT_GARMENT_MAX_SIZES

typedef struct {
  const AtGarmentDef *garment;
  const AtSizeQuantity *sizes;
  size_t n_sizes;
  const char *fabric;      /* marker for panels of this fabric; NULL: the garment's main fabric */
  double flatten_step;     /* cm between outline points; <= 0: 2 cm */
} AtProductionOrder;

/* One nesting piece: a panel of one size, its cutting outline with the
 * grain along +x, and how many copies the order needs. */
typedef struct {
  char garment[AT_PATTERN_NAME_MAX];
  char size[AT_PATTERN_NAME_MAX];
  char panel[AT_PATTERN_NAME_MAX];   /* panel name */
  char label[AT_PATTERN_NAME_MAX];   /* panel label ("Left sleeve") */
  char fabric[AT_PATTERN_NAME_MAX];
  bool mirrored;                     /* cut as the reflection of panel mirror_of */
  AtPoint2 *outline;
  size_t n_points;
  double area;                       /* cm² inside the cutting line of one copy */
  int quantity;
  double rotations[4];
  size_t n_rotations;
} AtCutPiece;

typedef struct {
  AtCutPiece *pieces;
  size_t n_pieces;
  int garments;                      /* garments in the order */
  int other_fabric_panels;           /* panels per garment left to another marker (trims) */
} AtCutList;

/* Parses "S=2,M=3,L=1" against the garment's chart: unknown sizes, a size
 * named twice, negative or non-integer counts are refused naming the item. */
AtStatus at_size_order_parse (const char *text, const AtGarmentDef *garment, AtSizeQuantity *out, size_t max,
                              size_t *n_out, AtError *err);

/* Drafts each ordered size and builds its pieces. Fails with a message for
 * no garment, an order of zero garments or an unknown size. */
AtStatus at_cut_list_build (const AtProductionOrder *order, AtCutList *out, AtError *err);
void at_cut_list_free (AtCutList *list);

/* ---- the marker ------------------------------------------------------------ */

typedef struct {
  double fabric_width;       /* cm, > 0 */
  double gap;                /* cm between pieces, >= 0 */
  double seconds;            /* nesting time budget; 0 with max_iterations */
  long max_iterations;
  uint64_t seed;
  double price_per_metre;    /* fabric price; 0 when unknown */
  const volatile int *cancel;
} AtProductionDef;

AtProductionDef at_production_def_default (void);

typedef struct {
  AtCutList cuts;
  AtMarker marker;             /* piece_area and utilisation count the cutting lines' area */
  char fabric[AT_PATTERN_NAME_MAX];
  double price_per_metre;
  double fabric_cost;          /* the whole marker */
  double cost_per_garment;
} AtProductionMarker;

/* Builds the cut list and nests it. A piece wider than the fabric in every
 * allowed rotation is refused naming its size and panel. */
AtStatus at_production_marker_make (const AtProductionOrder *order, const AtProductionDef *def,
                                    AtProductionMarker *out, AtError *err);
void at_production_marker_free (AtProductionMarker *pm);

/* "tshirt / M / Front" for placement i. */
void at_production_placement_label (const AtProductionMarker *pm, size_t i, char *buf, size_t size);
/* A point inside placement i's outline to anchor its label (the centroid,
 * or the middle of the widest horizontal chord when the centroid falls
 * outside the outline). */
AtPoint2 at_production_label_point (const AtNestPlacement *placement);

/* ---- files ------------------------------------------------------------------ */

/* SVG at true scale (mm document units, 1 cm = 10 mm): the strip outline,
 * every piece labelled, length and utilisation in <title> and a caption.
 * The caller frees the text. */
char *at_production_marker_svg (const AtProductionMarker *pm);
/* The cutting file, format "atelier-cutting" version 1: one JSON object
 *   {"format": "atelier-cutting", "version": 1, "unit": "cm",
 *    "garment": ID, "fabric": PRESET, "fabric_width": W, "length": L,
 *    "utilisation": 0-1, "garments": N, "price_per_metre": P,
 *    "cost_per_garment": C,
 *    "pieces": [{"garment", "size", "panel", "label", "rotation" (degrees
 *                the piece was turned from grain-along-x), "mirrored",
 *                "polygon": [[x, y], ...]}]}
 * Polygons are closed cutting lines (the last point joins the first) in
 * strip coordinates: x along the length from 0 to L, y across from 0 to W,
 * as in the nest module's marker JSON. The caller frees the text. */
char *at_production_cutting_json (const AtProductionMarker *pm);
/* Writes .svg or .json atomically (PDF is drawn outside the engine). */
AtStatus at_production_marker_write (const AtProductionMarker *pm, const char *path, AtError *err);

/* ---- size mix from fittings ------------------------------------------------- */

/* Splits total garments over the sizes in proportion to counts (largest
 * remainder: floors first, then one more to the largest fractional parts,
 * ties to the size with more fittings, then the smaller size). The result
 * sums to total. Fails when no count is positive or total < 0. */
AtStatus at_size_mix_round (const int *counts, size_t n, int total, int *out, AtError *err);

/* Tallies sizes (names of the garment's chart sizes) into counts per chart
 * size; names not in the chart are skipped and counted in *unknown. */
void at_size_mix_tally (const AtGarmentDef *garment, const char *const *sizes, size_t n, int *counts,
                        int *unknown);

/* Counts, per chart size, the named customers of the store whose latest
 * fitting of this garment recorded that size (one vote per customer).
 * counts has garment->size_count entries; *customers receives the voters. */
AtStatus at_size_mix_from_store (AtStore *store, const AtGarmentDef *garment, int *counts, int *customers,
                                 AtError *err);

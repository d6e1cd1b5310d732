/* Marker making (2D irregular strip packing, "nesting"): place polygonal
 * garment pieces, each with a quantity and a set of allowed rotations, on a
 * strip of fixed width with a minimum gap, so that the used length is as
 * short as possible. The result is always a valid marker (checked by an
 * independent exact test, at_nest_check_layout) and the search keeps the best
 * marker found when its time budget runs out or it is cancelled; when that
 * happens while the first, constructive marker is being built, the copies
 * not yet placed are laid at its end, so even then a valid marker comes
 * back on time.
 *
 * Coordinates: x runs along the strip (its length is minimised), y across
 * it, 0 <= y <= strip_width. Units are the caller's (cm for the studio). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "at_status.h"

typedef struct {
  double x, y;
} AtPoint2;

/* A closed outline: no holes; the closing vertex may be repeated; any
 * orientation. */
typedef struct {
  const AtPoint2 *points;
  size_t n_points;
} AtNestPolygon;

typedef struct {
  AtNestPolygon outline;
  int quantity;            /* copies to place, >= 1 */
  const double *rotations; /* allowed rotations in degrees; NULL: {0} */
  size_t n_rotations;
} AtNestPiece;

typedef struct {
  double strip_width;
  double gap;              /* minimum distance between pieces (>= 0) */
  double seconds;          /* time budget (> 0), or 0: no time limit */
  long max_iterations;     /* > 0: stop after this many moves (deterministic
                            * for a seed); 0: no limit. Whichever budget
                            * ends first stops the search; one is required. */
  uint64_t seed;
  const volatile int *cancel; /* optional: the search stops when *cancel != 0 */
} AtNestDef;

AtNestDef at_nest_def_default (void);

typedef struct {
  int piece;               /* index into the pieces array */
  double rotation;         /* degrees, one of the piece's allowed rotations */
  double dx, dy;           /* translation applied after rotation about the origin */
  AtPoint2 *polygon;       /* the placed outline in strip coordinates */
  size_t n_points;
} AtNestPlacement;

typedef struct {
  double strip_width;
  double length;           /* used strip length: the largest x of any piece */
  double piece_area;       /* total area of the placed copies */
  double utilisation;      /* piece_area / (length * strip_width) */
  AtNestPlacement *placements;
  size_t n_placements;
  long iterations;         /* improvement moves evaluated */
  double seconds;          /* time spent */
} AtMarker;

/* Nests the order. Bad input (a piece wider than the strip in every allowed
 * rotation, a self-intersecting or degenerate outline, a zero or negative
 * quantity, no pieces) fails with a message naming the piece. */
AtStatus at_nest_run (const AtNestPiece *pieces, size_t n_pieces, const AtNestDef *def,
                      AtMarker *out, AtError *err);
void at_marker_free (AtMarker *marker);

/* Independent validity check of a layout: every polygon inside
 * [0, length] x [0, width] and no two polygons overlapping, by exact segment
 * crossing tests and point containment, with a tolerance tol (in length
 * units) for touching boundaries. Names the first offending pair. */
AtStatus at_nest_check_layout (const AtNestPolygon *polygons, size_t n, double width,
                               double length, double tol, AtError *err);
AtStatus at_marker_check (const AtMarker *marker, AtError *err);

/* Fabric cost per garment: length (strip units, cm) times price per metre,
 * shared by the garments the marker holds. */
double at_marker_fabric_cost (const AtMarker *marker, double price_per_metre, int garments);

/* ESICUP / jagua-rs JSON instance ("strip_height", "items" with "demand",
 * "allowed_orientations", "shape": {"type": "simple_polygon", "data"}). */
typedef struct {
  char *name;
  double strip_width;
  AtNestPiece *pieces;
  size_t n_pieces;
} AtNestInstance;

AtStatus at_nest_instance_load (const char *path, AtNestInstance *out, AtError *err);
void at_nest_instance_free (AtNestInstance *inst);

/* Marker files: JSON as in CONTRACT.md ({"strip_width", "length", "pieces":
 * [{"item_id", "polygon"}]}) or an SVG drawing, chosen by the extension. */
char *at_marker_to_json (const AtMarker *marker);
AtStatus at_marker_write (const AtMarker *marker, const char *path, AtError *err);

/* Cut-order planning: given an order (garments per size and colour), the
 * maximum plies a lay may have and the maximum marker length, choose the
 * lays (a marker's size ratio, a colour, a number of plies) that cut the
 * order with the least fabric, then the fewest lays, as an integer program
 * solved with GLPK. Over- and under-cut per size are bounded by the order
 * and reported.
 *
 * Each size needs a length of marker per garment: estimated from the area
 * of its pieces, the fabric width and a target efficiency
 * (at_cutplan_garment_length), or measured by nesting. A marker's length is
 * the sum over the garments it holds plus an end allowance per ply (the
 * fabric lost where each ply is cut off), which is what makes markers with
 * more garments, and so fewer plies, save fabric. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "at_status.h"

typedef struct {
  size_t n_sizes, n_colours;
  const char *const *size_names;    /* n_sizes, smallest first */
  const char *const *colour_names;  /* n_colours */
  const int *quantity;              /* [colour * n_sizes + size] garments ordered */
  const double *garment_length;     /* per size: marker length per garment */
  int max_plies;                    /* plies per lay (> 0) */
  double max_marker_length;         /* > 0, the cutting table's length */
  double end_allowance;             /* length lost per ply (>= 0) */
  int max_garments_per_marker;      /* 0: as many as fit (capped at 8) */
  double max_overcut;               /* fraction of each ordered quantity that may be cut extra */
  double max_undercut;              /* fraction that may be left uncut */
  double lay_cost;                  /* length charged per lay: trades fabric for fewer
                                     * lays; < 0 picks 2 % of the marker length */
  long max_nodes;                   /* branch-and-bound nodes before the solver stops with
                                     * the best plan found (> 0); a count, not a time limit,
                                     * so the same order always gives the same plan */
} AtCutOrder;

AtCutOrder at_cut_order_default (void);

typedef struct {
  int *ratio;                       /* garments per ply, per size */
  size_t colour;
  int plies;
  double marker_length;
} AtCutLay;

typedef struct {
  size_t n_sizes, n_colours;
  AtCutLay *lays;
  size_t n_lays;
  int *cut;                         /* [colour * n_sizes + size] garments cut */
  double fabric_length;             /* sum of marker length x plies */
  bool optimal;                     /* proven optimal within 0.1 % (else the best found
                                     * within the node limit) */
} AtCutPlan;

/* Marker length one garment needs: its piece area over the fabric width
 * times the expected marker efficiency (0 < efficiency <= 1). */
double at_cutplan_garment_length (double piece_area, double fabric_width, double efficiency);

/* Solves the plan. An order that cannot be met (a garment longer than the
 * longest marker, nothing ordered, no integer solution within the over- and
 * under-cut limits) fails with a message naming the size or colour. */
AtStatus at_cutplan_solve (const AtCutOrder *order, AtCutPlan *out, AtError *err);
void at_cutplan_free (AtCutPlan *plan);

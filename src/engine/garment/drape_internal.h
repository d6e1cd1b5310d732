/* Shared between drape.c (sewing and draping) and drape_place.c (where each
 * panel starts). */
#pragma once
#include "at_drape.h"
#include "pattern/at_panel_mesh.h"

/* Positions (3 floats per vertex of the garment mesh, panel i's vertices
 * from first_vertex[i]) of every panel placed round the body before sewing.
 * Fails with a message naming a panel whose placement names an unknown
 * landmark. */
AtStatus at_drape_place (const AtPattern *pattern, const AtPatternMesh *pm, AtBody *body, const int *first_vertex,
                         float *positions, AtError *err);

/* Whether fold `fold` of panel `panel` is folded in the drape (a fold of 90
 * degrees or more with fewer seam vertices on one side, which is at least
 * two mesh edges deep): then normal gets
 * the unit normal of the fold line, in the flat, pointing to the side that
 * folds back. */
bool at_drape_fold_side (const AtPattern *pattern, const AtPatternMesh *pm, int panel, int fold, float normal[2]);

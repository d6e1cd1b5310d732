/* Cutting-room files: pattern pieces and markers as DXF in the layout of
 * AAMA / ASTM D6673 ("Standard Practice for the Exchange of Pattern Data
 * in DXF Format"), which pattern CAD and automatic cutters import: an ASCII
 * DXF (R12 entities), millimetres, each piece a BLOCK whose layers carry
 * its parts — 1 the cut line (boundary), 14 the sew line, 7 the grain line,
 * 4 notches, 8 internal lines (folds) — and whose TEXT says "Piece Name:",
 * "Size:", "Quantity:", "Material:". Mirrored twins are written as the
 * reflected pieces they are cut as. */
#pragma once
#include "at_status.h"
#include "pattern/at_pattern.h"
#include "production/at_production.h"

/* Every panel of the pattern as a piece, laid side by side. */
AtStatus at_dxf_write_pattern (const AtPattern *pattern, const char *path, AtError *err);
/* A nested marker: the fabric's edges and every placed cut line where the
 * cutter must cut it (x along the fabric, y across), each labelled. */
AtStatus at_dxf_write_marker (const AtProductionMarker *marker, const char *path, AtError *err);

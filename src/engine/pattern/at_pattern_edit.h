/* Edits of the 2D pattern editor that keep a pattern sewable, and the
 * geometry that the editor, the printed pattern and cutting files share. */
#pragma once
#include "at_pattern.h"
#include "at_status.h"

/* Inserts a dart into segment `segment` of panel `panel`, centred at arc
 * length s (cm from the segment's start), opening `width` cm on the outline
 * and reaching `depth` cm into the panel, square to the edge. A seam running
 * along the edge is split around the dart so the legs are sewn to each other
 * (closing the dart), not to the neighbouring panel, and the seam's other
 * side is split at the matching point. A mirrored twin of the panel gets
 * the mirrored dart. On failure (no room on the edge, the panel full, the
 * dart crossing the outline) the pattern is unchanged and err says why. */
AtStatus at_pattern_insert_dart (AtPattern *pattern, int panel, int segment, double s, double width, double depth,
                                 AtError *err);

/* Makes segment `segment` of panel `panel` `length` cm long, keeping its
 * start and its shape: a line's end moves along the line, a curve is scaled
 * about its start; the next segment's start (and its first handle) follows.
 * Twins follow. Refused, with the pattern unchanged, for a length outside
 * 0.5-500 cm or one that makes the outline cross itself. */
AtStatus at_pattern_set_segment_length (AtPattern *pattern, int panel, int segment, double length, AtError *err);

/* Brings every twin (mirror_of >= 0) back in step with its source after the
 * source's points moved: a copy for twins drafted as copies (cut reflected),
 * the reflection for twins made by at_pattern_add_mirror; the twin keeps its
 * names, seams and placement. Twins whose segment count no longer matches
 * their source's are left alone. */
void at_pattern_sync_mirrors (AtPattern *pattern);

/* Where a notch sits on the stitch line and the unit normal pointing out of
 * the panel there (into the seam allowance); false for a degenerate edge. */
bool at_notch_frame (const AtPanel *panel, const AtNotch *notch, AtVec2 *at, AtVec2 *outward);

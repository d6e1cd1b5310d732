/* Panels meshed for simulation: each panel becomes an even triangle mesh in
 * its flat rest coordinates (metres), with its boundary vertices listed per
 * segment so a drape can sew seams vertex to vertex. Both sides of a seam
 * are resampled with the same number of points, so the pairs always match. */
#pragma once
#include <stdint.h>
#include "at_pattern.h"

typedef struct {
  double edge_length_cm;    /* target edge length, default 1.5 */
  int smoothing_iterations; /* Laplacian passes on interior vertices, default 6 */
} AtMeshOptions;

AtMeshOptions at_mesh_options_default (void);

typedef struct {
  int vertex_count;
  float *rest;          /* 2 floats per vertex: flat x, y in metres */
  int triangle_count;
  uint32_t *indices;    /* 3 per triangle, counter-clockwise */
  int boundary_count;   /* boundary vertices are 0..boundary_count-1, in outline order */
  int segment_count;
  int *segment_start;   /* segment i owns boundary vertices segment_start[i] .. segment_start[i+1]
                           (the last one wraps to vertex 0); segment_count + 1 entries */
} AtPanelMesh;

/* Vertex pairs of one seam: a[k] (on the mesh of seam.a's panel) is sewn to
 * b[k] (on seam.b's panel), from the start of side a to its end. */
typedef struct {
  int count;
  int *a, *b;
} AtSeamPairs;

typedef struct {
  int panel_count;
  AtPanelMesh *panels;
  int seam_count;
  AtSeamPairs *seams;
} AtPatternMesh;

/* A panel with a fold line is meshed finer where the fold is shallow: the
 * part either side of every fold line is at least this many edges deep, so
 * a drape can fold it (one row of triangles either side is pulled into a
 * saw-tooth by a solver that bends towards flat). */
#define AT_MESH_FOLD_ROWS 2.0

/* The edge length (cm) panel is meshed at: options' own, or finer for a
 * shallow fold (AT_MESH_FOLD_ROWS), down to a quarter of it. */
double at_panel_edge_length (const AtPanel *panel, const AtMeshOptions *options);

/* Meshes one panel at at_panel_edge_length; divisions[i] (or NULL: from the
 * edge length) is the number of boundary edges along segment i. */
AtStatus at_panel_triangulate (const AtPanel *panel, const int *divisions, const AtMeshOptions *options,
                               AtPanelMesh *out, AtError *err);
void at_panel_mesh_clear (AtPanelMesh *mesh);

/* Meshes every panel with seam-consistent boundary divisions (a seam takes
 * the finer of its two panels' edge lengths) and pairs the seam vertices. */
AtStatus at_pattern_mesh (const AtPattern *pattern, const AtMeshOptions *options, AtPatternMesh **out, AtError *err);
void at_pattern_mesh_free (AtPatternMesh *mesh);

/* Quality figures of a panel mesh: smallest angle (degrees), and the ratio
 * of the 95th to the 5th percentile of edge lengths. */
void at_panel_mesh_quality (const AtPanelMesh *mesh, double *min_angle_deg, double *edge_spread);

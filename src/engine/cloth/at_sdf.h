/* Signed distance fields of closed meshes, for cloth–body contact.
 * A regular grid of signed distances in metres (negative inside), sampled
 * trilinearly. Built once per body pose; sampling is read-only and safe
 * from many threads at once. */
#pragma once
#include "at_mesh.h"
#include "at_status.h"

typedef struct AtSdf AtSdf;

/* Builds the field of a closed (watertight; orientation does not matter)
 * triangle mesh on a grid of cubic cells of cell_size metres covering the
 * mesh bounds plus padding metres on every side. Values within one cell of
 * the surface are exact Euclidean distances; further away they are accurate
 * to about half a cell, which is all contact handling needs. Fails with AT_ERR_INVALID on an empty or invalid
 * mesh, AT_ERR_RANGE on a non-positive cell size or a grid over 64 million
 * nodes. */
AtSdf *at_sdf_from_mesh (const AtMesh *closed_mesh, float cell_size, float padding, AtError *err);

/* Signed distance at p (metres). With grad_out non-NULL, writes the gradient
 * of the trilinear interpolant there (a unit-ish outward direction). Points
 * outside the grid get the distance to the grid plus the value at the grid's
 * nearest point, so the field stays usable (and positive) far away. */
float at_sdf_sample (const AtSdf *sdf, const float p[3], float grad_out[3]);

/* Grid geometry: nodes per axis and the position of node (0,0,0). */
void at_sdf_get_grid (const AtSdf *sdf, int dims_out[3], float origin_out[3], float *cell_size_out);

void at_sdf_free (AtSdf *sdf);

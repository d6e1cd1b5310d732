/* Private state of the cloth solver, shared by cloth.c (set-up and API),
 * cloth_step.c (the XPBD integrator) and cloth_contact.c (collisions).
 * Hot per-vertex arrays are separate from the cold set-up data. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "at_cloth.h"

#define AT_CLOTH_MAX_COLLIDERS 16
#define AT_CLOTH_MAX_COLORS 64
/* Below this many vertices a frame is a fraction of a millisecond and
 * thread start-up and barriers would cost more than they save. */
#define AT_CLOTH_PARALLEL_MIN 1500

/* Constraints of one kind, stored colour by colour: two constraints of the
 * same colour share no vertex, so a colour is solved in parallel with the
 * same result as in serial (Gauss-Seidel across colours). */
typedef struct {
  int count;
  int colors;
  int color_start[AT_CLOTH_MAX_COLORS + 1];
} AtColoring;

typedef struct {
  int i, j;
  float rest;
  float compliance; /* m/N */
} AtStretch;

/* Cotangent-Laplacian bending at one interior vertex (Wardetzky et al.):
 * C = sum_k w_k (x_k - x_v), energy B / (2 A_v) |C|^2. Neighbours are
 * stored in AtCloth.bend_nbr[first .. first + count). */
typedef struct {
  int v;
  int first, count;
  float wsum;       /* sum of w_k */
  float compliance; /* A_v / B, 1/(N m) */
} AtBend;

typedef enum { AT_COLLIDER_SPHERE, AT_COLLIDER_PLANE, AT_COLLIDER_CAPSULE, AT_COLLIDER_SDF } AtColliderKind;

typedef struct {
  AtColliderKind kind;
  float a[3], b[3];  /* centre / point / capsule ends, as added */
  float radius;      /* sphere and capsule; plane: unused */
  const AtSdf *sdf;
  float offset_from[3], offset_to[3]; /* translation over the current frame */
  float offset[3];   /* translation at the current substep */
  float velocity[3]; /* for friction */
} AtCollider;

typedef struct {
  int vertex, tri;
  float bary[3];
  float side; /* +1 / -1: which side of the triangle the vertex belongs */
} AtSelfContact;

/* Self-contacts found in one fixed range of triangles. */
#define AT_CONTACT_CHUNKS 64
typedef struct {
  AtSelfContact *items;
  int count, cap;
} AtContactChunk;

typedef struct {
  int vertex;
  float target[3];
  float compliance;
} AtAttachment;

struct AtCloth {
  AtClothDef def;
  int n, ntri;
  uint32_t *tris;
  float *x, *v, *x_prev, *x_frame, *inv_mass;
  float *w;             /* solver inverse mass: 0 for pinned vertices */
  float *rest;          /* 3 per vertex: rest position (pattern uv, z = 0) */
  float thickness;      /* m */
  bool has_uv;          /* rest shape from pattern coordinates */

  AtStretch *stretch;   /* every mesh edge, in colour order */
  AtColoring stretch_col;
  AtStretch *tether;    /* long-range strain limits (cloth_tether.c) */
  AtColoring tether_col;
  AtBend *bend;
  int *bend_nbr;
  float *bend_w;
  AtColoring bend_col;
  float *lambda;        /* XPBD multipliers: stretch, then 3 per bend */

  uint8_t *pinned;
  float *pin_target;    /* 3 per vertex */
  AtAttachment *attach;
  int nattach, attach_cap;
  int (*seam)[2];
  int nseam, seam_cap;
  int *seam_partner;    /* one partner per vertex or -1, for self-collision */
  int grab_vertex;
  float grab_target[3];

  AtCollider colliders[AT_CLOTH_MAX_COLLIDERS];
  int ncolliders;

  /* self-collision */
  int *component;       /* connected component of each vertex */
  int *vt_start, *vt_tris;  /* vertex -> incident triangles (CSR) */
  float max_edge;       /* longest rest edge, m */
  AtSelfContact *contacts;
  int ncontacts, contacts_cap;
  AtContactChunk chunks[AT_CONTACT_CHUNKS];
  int *hash_start, *hash_items;
  int hash_size, hash_items_cap;
  float *vertex_box;    /* 6 per vertex: box swept this frame (lo, hi) */
  int *vertex_cells;    /* 6 per vertex: its range of hash cells */
  float *tri_normal;    /* 3 per triangle, at the frame start */
};

/* cloth.c */
bool at_cloth_color_constraints (int count, const int *first, const int *verts, int nverts, int *color_of, AtColoring *col);
bool at_cloth_sort_by_color (void *items, size_t size, int count, const int *color_of, const AtColoring *col);

/* cloth_tether.c */
AtStatus at_cloth_build_tethers (AtCloth *c, AtError *err);

/* cloth_contact.c */
void at_cloth_collide_bodies (AtCloth *c, float h, float t, bool friction);
AtStatus at_cloth_find_self_contacts (AtCloth *c);
void at_cloth_solve_self_contacts (AtCloth *c);

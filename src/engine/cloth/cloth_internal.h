/* Private state of the cloth solver, shared by cloth.c (set-up and API),
 * cloth_step.c (the XPBD integrator) and cloth_contact.c (collisions).
 * Hot per-vertex arrays are separate from the cold set-up data. */
#pragma once
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "at_cloth.h"

#define AT_CLOTH_MAX_COLLIDERS 16
#define AT_CLOTH_MAX_COLORS 64
/* Below this many vertices a frame is a fraction of a millisecond and
 * thread start-up and barriers would cost more than they save. */
#define AT_CLOTH_PARALLEL_MIN 1500

/* Strain limit: no edge stretches (or shortens) further than the fabric's
 * strain at this tension (N/m) in the edge's direction, at least 2 %, at
 * most 50 %. Garments in wear and the sphere scene hold a few N/m;
 * a stiff woven (4000 N/m) is held to 2 %, while a knit's or a woven's
 * bias (shear) strain at this tension is large, so they keep their
 * stretch. */
#define AT_CLOTH_LIMIT_TENSION 50.0

/* Most sweeps of the strain limit per substep. Each is a pass over every
 * edge; in the sphere scene the edges held by contacts keep it from ever
 * converging to its tolerance, and sweeps 3 and 4 cost 30 % of the frame
 * while moving the final strain by under 0.1 % (p99 6.12 vs 6.14 %). */
#define AT_CLOTH_LIMIT_SWEEPS 2

/* Every this many frames one frame runs on the other thread count (all
 * blocks' threads or one) to see which is faster now (cloth_step.c). */
#define AT_CLOTH_TEAM_PROBE 24

/* Most vertex blocks (threads) the constraints are split into. */
#define AT_CLOTH_MAX_BLOCKS 16

/* Constraints of one kind, in solve order. The vertices are cut into
 * contiguous index blocks, one per thread at creation; constraints whose
 * vertices all lie in block b come first, block by block, and are solved
 * in order (Gauss-Seidel) by the thread that owns b, with no
 * synchronisation. The rest (the boundary) follow, colour by colour: two
 * constraints of the same colour share no vertex, so a colour can run in
 * parallel with the same result as in serial. Results depend on the block
 * count only, never on timing. */
typedef struct {
  int count;
  int blocks;
  int block_start[AT_CLOTH_MAX_BLOCKS + 1]; /* block_start[blocks]: boundary */
  int colors;
  int color_start[AT_CLOTH_MAX_COLORS + 1]; /* absolute indices */
} AtColoring;

typedef struct {
  int i, j;
  float rest;
  float compliance; /* m/N */
  float hi;         /* strain limit: the length stays below hi (tethers:
                       hi = rest) */
  float lo;         /* and above lo (tethers: 0) */
} AtStretch;

/* Cotangent-Laplacian bending at one interior vertex (Wardetzky et al.):
 * C = sum_k w_k (x_k - x_v), energy |C|^2 / (2 A_v), the weights carrying
 * the square root of the bending stiffness along each neighbour (warp /
 * weft). Neighbours are stored in AtCloth.bend_nbr[first .. first + count). */
typedef struct {
  int v;
  int first, count;
  float wsum;       /* sum of w_k */
  float compliance; /* A_v (the stiffness is in the weights) */
  /* From the solver inverse masses (at_cloth_update_bend_masses): the
   * vertex's step per unit multiplier, w_v wsum, and the constraint's
   * effective inverse mass, w_v wsum^2 + sum_k w_k^2 w_nbr. */
  float wv, denom;
} AtBend;

typedef enum { AT_COLLIDER_SPHERE, AT_COLLIDER_PLANE, AT_COLLIDER_CAPSULE, AT_COLLIDER_SDF } AtColliderKind;

typedef struct {
  AtColliderKind kind;
  float a[3], b[3];  /* centre / point / capsule ends, as added */
  float radius;      /* sphere and capsule; plane: unused */
  const AtSdf *sdf;
  float offset_from[3], offset_to[3]; /* translation over the current frame */
  float velocity[3]; /* for friction */
  float skin_offset; /* m, kept on top of the cloth's thickness */
} AtCollider;

typedef struct {
  int vertex, tri;
  float bary[3];
  float side; /* +1 / -1: which side of the triangle the vertex belongs */
  float dist2; /* squared distance at detection, m² */
} AtSelfContact;

/* A vertex in the self-contact hash, with what a query reads, so a
 * bucket is read in one sweep. */
typedef struct {
  float x[3];
  float reach;  /* m it may move this frame */
  int vertex;
  int cells[6]; /* lowest and highest hash cell it is in */
} AtHashEntry;

/* Self-contacts found in one fixed range of triangles. */
#define AT_CONTACT_CHUNKS 64
typedef struct {
  AtSelfContact *items;
  int count, cap;
  bool failed; /* out of memory */
} AtContactChunk;

/* The threads running one frame (cloth_step.c). Its barrier spins briefly,
 * then yields the core: on a machine shared with other work a spinning
 * waiter burns the time slice its partner needs to arrive (libgomp's own
 * barriers spin far longer; with two threads on two busy cores they cost
 * more than the solve). */
typedef struct {
  int tid, nt;
  atomic_int *arrived, *generation;
} AtTeam;

typedef struct {
  int vertex;
  float target[3];
  float compliance;
} AtAttachment;

struct AtCloth {
  AtClothDef def;
  int n, ntri;
  int blocks;           /* vertex blocks: block b owns [block_first[b], block_first[b + 1]) */
  int team;             /* threads running a frame: blocks or 1 */
  bool probing;         /* this frame runs on the other thread count */
  long frames_run;
  double last_frame_ms; /* wall time of the last frame on team threads */
  int block_first[AT_CLOTH_MAX_BLOCKS + 1];
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
  float *bend_ws;       /* per neighbour: w_k times its solver inverse mass */
  bool masses_changed;  /* pins changed since bend_ws / wv / denom were set */
  AtColoring bend_col;
  float *lambda;        /* XPBD multipliers: stretch, then 3 per bend */
  atomic_int limit_violated[AT_CLOTH_LIMIT_SWEEPS]; /* per strain-limit sweep of a substep: some edge still beyond */

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
  bool contacts_failed; /* out of memory in the last detection */
  AtContactChunk chunks[AT_CONTACT_CHUNKS];
  int *hash_start;
  AtHashEntry *hash_items;
  int hash_size, hash_cap;
  float hash_cell;      /* m */
  float *motion;        /* per vertex: how far it may move this frame (m) */
  int *vertex_cell;     /* 6 per vertex: lowest and highest hash cell it is in */
  int *contact_count;   /* per vertex, while joining the contact chunks */
  float *tri_normal;    /* 3 per triangle, at the frame start */
  /* self-collision broad phase (cloth_patch.c) */
  int npatch;
  int *vertex_patch, *tri_patch;
  int *patch_vert_start, *patch_verts, *patch_tri_start, *patch_tris; /* members (CSR) */
  int (*patch_cell)[4];  /* component and rest-shape cell */
  float *patch_box;     /* 6 per patch: low, high corner, grown by the search distance */
  float *patch_cone;    /* 4 per patch: normal axis, half-angle (radians) */
  int *patch_order;     /* sweep order */
  uint8_t *patch_active; /* some pair of this patch is searched */
  uint8_t *patch_pairs; /* npatch x npatch bits: pair searched this frame */
};

/* Plain comparisons for hot loops: fminf/fmaxf honour NaN rules and are
 * library calls there. */
static inline float
min_f (float a, float b)
{
  return a < b ? a : b;
}

static inline float
max_f (float a, float b)
{
  return a > b ? a : b;
}

/* cloth_step.c */
void at_cloth_team_barrier (const AtTeam *tm);

/* cloth.c */
/* Orders items (size bytes each; constraint k touches verts[first[k] ..
 * first[k + 1])) into c's blocks and boundary colours, filling col. */
bool at_cloth_schedule_constraints (const AtCloth *c, void *items, size_t size, int count, const int *first, const int *verts,
                                    AtColoring *col);

/* cloth.c: refreshes the bending terms that depend on the solver inverse
 * masses (after pins change). */
void at_cloth_update_bend_masses (AtCloth *c);

/* cloth_tether.c */
AtStatus at_cloth_build_tethers (AtCloth *c, AtError *err);

/* cloth_patch.c */
AtStatus at_cloth_build_patches (AtCloth *c, AtError *err);
/* Boxes, normal cones and the searched patch pairs of this frame, by every
 * thread of the team (needs tri_normal and motion), for the contact
 * distance dist; ends with a team barrier. */
void at_cloth_update_patches (AtCloth *c, const AtTeam *tm, float dist);
static inline bool
at_cloth_patch_pair (const AtCloth *c, int p, int q)
{
  size_t a = (size_t) p * c->npatch + q;
  return (c->patch_pairs[a >> 3] >> (a & 7)) & 1;
}

/* cloth_contact.c */
/* Pushes vertices [lo, hi) out of the bodies, placed at time t in (0, 1]
 * of the frame, with friction against their motion since x_prev: on the
 * predicted positions, or after the constraints (see cloth_contact.c). */
void at_cloth_collide_bodies (AtCloth *c, float h, float t, int lo, int hi, bool predicted);
/* Serial set-up of a frame's self-contact search (the vertex hash). */
AtStatus at_cloth_prepare_self_contacts (AtCloth *c);
/* The search, by every thread of the team; sets contacts_failed when out of
 * memory. Ends with a team barrier. */
void at_cloth_detect_self_contacts (AtCloth *c, const AtTeam *tm);
void at_cloth_solve_self_contacts (AtCloth *c, float h);

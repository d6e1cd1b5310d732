/* A garment sewn and draped on a body: every cut panel of a pattern is
 * meshed, placed round the body from its placement (landmark frame, bent
 * round the body part), sewn along its seams and dropped under gravity onto
 * the body's collision field.
 *
 * Usage (the GUI runs at_drape_run in a worker thread; at_drape_step drives
 * a live view one frame at a time):
 *   AtDrapeDef def = at_drape_def_default ();
 *   AtDrape *d;
 *   at_drape_create (&pattern, NULL, body, &def, &d, &err);
 *   at_drape_run (d, progress, user_data, &cancel, &err);
 *   const AtMesh *m = at_drape_garment_mesh (d);
 *   at_drape_free (d);
 * The body must outlive the drape. One AtDrape must not be used from two
 * threads at once. */
#pragma once
#include <stdbool.h>
#include "body/at_body.h"
#include "cloth/at_fabric.h"
#include "pattern/at_pattern.h"

typedef struct AtDrape AtDrape;

typedef struct {
  double edge_length_cm;  /* target triangle edge of the panel meshes (1.5) */
  int sew_frames;         /* most frames of the weightless sewing phase (120) */
  int max_frames;         /* most frames of the whole drape (600) */
  float rest_speed;       /* m/s: at rest when all but 1 % of the vertices are
                             slower for a quarter second (0.05) */
  float frame_dt;         /* seconds per frame (1/30) */
  int substeps;           /* solver substeps per frame once draping (16) */
  int sew_substeps;       /* solver substeps per frame while sewing (8) */
  int drape_iterations;   /* constraint sweeps per substep once draping (4):
                             the welded garment has no tethers to limit
                             stretch, so it sags under its weight by as much
                             as the solver lags; the same 64 sweeps a frame
                             in 16 small steps converge far better than in 8
                             (Macklin et al., "Small steps in physics
                             simulation", SCA 2019): a sheath dress's waist
                             line hung 4 cm under the body's waist at 8 x 8,
                             1.3 cm at 16 x 4. Fewer sweeps a frame (8 x 3)
                             build the hoop tension round a sleeveless
                             dress's neck and armholes too slowly to hold it
                             on the shoulders (it slid to the floor) */
  bool self_collision;    /* garment self-collision while draping (true): the two
                             layers of a fold, a sleeve and the torso beside it
                             stay apart; sewing runs without it, as the cloth
                             beside each seam must pass its partner's */
  float seam_closed_mm;   /* sewing ends when every seam pair is this close (20) */
  float settle_damping;   /* 1/s, least velocity damping of the simulation (4): a
                             drape seeks the rest shape, which damping leaves
                             alone, and a fabric's own damping lets a skirt
                             swing for seconds before it rests */
} AtDrapeDef;

AtDrapeDef at_drape_def_default (void);

/* fabric: the fabric of the whole garment, or NULL for the preset named by
 * the pattern's panels (all panels must name the same one, or the first
 * panel's is used). Refuses, with a message naming the seam, panel or
 * fabric: seams whose sides differ in length, self-intersecting or
 * degenerate panels, unknown fabrics, placements naming unknown landmarks. */
AtStatus at_drape_create (const AtPattern *pattern, const AtFabric *fabric, AtBody *body, const AtDrapeDef *def,
                          AtDrape **out, AtError *err);
void at_drape_free (AtDrape *drape);

typedef enum {
  AT_DRAPE_SEWING,   /* seams being pulled closed, no gravity */
  AT_DRAPE_DRAPING,  /* under gravity */
  AT_DRAPE_AT_REST,
} AtDrapePhase;

/* One frame (sewing, then draping once the seams are closed or the sewing
 * frames are spent). */
AtStatus at_drape_step (AtDrape *drape, AtError *err);

/* Steps until at rest or max_frames. progress (may be NULL) gets the frames
 * done and the frame budget; returning false or *cancel becoming true stops
 * with AT_ERR_CANCELLED (the drape stays usable and can be resumed). */
typedef bool (*AtDrapeProgress) (int frame, int max_frames, void *user_data);
AtStatus at_drape_run (AtDrape *drape, AtDrapeProgress progress, void *user_data, const volatile bool *cancel,
                       AtError *err);

AtDrapePhase at_drape_phase (const AtDrape *drape);
int at_drape_frames (const AtDrape *drape);
/* Wall-clock seconds spent in at_drape_step so far. */
double at_drape_seconds (const AtDrape *drape);

/* The garment now: positions, normals, uvs = flat pattern coordinates in
 * metres. Valid until the next step or free. */
const AtMesh *at_drape_garment_mesh (AtDrape *drape);
AtBody *at_drape_body (const AtDrape *drape);
const AtPattern *at_drape_pattern (const AtDrape *drape);
const AtFabric *at_drape_fabric (const AtDrape *drape);
/* The pattern panel each garment vertex belongs to (vertex_count entries). */
const int *at_drape_vertex_panel (const AtDrape *drape);

/* Largest distance (m) between two sewn vertices, over every seam pair:
 * now while sewing, when the seams were welded once draping. */
double at_drape_max_seam_gap (AtDrape *drape);
/* Seam pairs as vertex indices into the garment mesh (2 per pair). */
int at_drape_seam_pairs (const AtDrape *drape, const int **pairs);

/* Whether the garment stayed on the body (drape_check.c): its top above the
 * armpits (garments hung from the shoulders) or above the hip level
 * (garments hung from the waist), and no vertex under the floor. */
typedef struct {
  double top_m, lowest_m;   /* highest and lowest garment point (m) */
  double expected_top_m;    /* the level its top must stay above */
  bool hung_from_shoulders; /* false: hung from the waist */
  double max_seam_gap_mm;   /* at_drape_max_seam_gap */
  bool stayed_on;
} AtDrapeCheck;

void at_drape_check (AtDrape *drape, AtDrapeCheck *out);

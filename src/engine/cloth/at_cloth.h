/* Cloth simulation: a triangle mesh with stretch (warp/weft/bias) and
 * bending energies from an AtFabric, gravity, body contacts (SDF, sphere,
 * plane, capsule), self-collision, pins, attachments, seams and a mouse grab.
 * Usage (Box2D style):
 *   AtClothDef def = at_cloth_def_default ();
 *   def.mesh = panel_mesh;            // positions in m; uvs = flat pattern (m)
 *   at_fabric_load ("denim", &def.fabric, &err);
 *   AtCloth *c = at_cloth_create (&def, &err);
 *   at_cloth_add_sphere (c, centre, 0.5f, &err);
 *   for (...) at_cloth_step (c, &err);   // one frame of def.frame_dt
 * One AtCloth must not be used from two threads at once; it uses OpenMP
 * inside. Results are identical run to run for a fixed thread count. */
#pragma once
#include <stdbool.h>
#include "at_fabric.h"
#include "at_mesh.h"
#include "at_sdf.h"
#include "at_status.h"

typedef struct AtCloth AtCloth;

typedef struct AtClothDef {
  const AtMesh *mesh;   /* copied; uvs (metres) give the rest shape and the
                           warp (v) / weft (u) axes; without uvs the initial
                           positions are the rest shape, warp along +y */
  AtFabric fabric;
  float gravity[3];     /* m/s² */
  float frame_dt;       /* seconds per at_cloth_step */
  int substeps;         /* XPBD substeps per frame */
  int iterations;       /* constraint sweeps per substep */
  bool self_collision;
  float max_speed;      /* m/s; a safety clamp, far above draping speeds */
} AtClothDef;

AtClothDef at_cloth_def_default (void);

/* Fails with a message naming the problem: missing or invalid mesh (NaN
 * positions, bad indices), invalid fabric (negative stiffness, zero
 * density), non-positive time step or substeps. */
AtCloth *at_cloth_create (const AtClothDef *def, AtError *err);
void at_cloth_free (AtCloth *cloth);

int at_cloth_vertex_count (const AtCloth *cloth);
/* Current positions, 3 floats per vertex, valid until the next step. */
const float *at_cloth_positions (const AtCloth *cloth);
/* Writes the current state into mesh (same topology as the def's mesh):
 * positions and normals. */
AtStatus at_cloth_write_mesh (const AtCloth *cloth, AtMesh *mesh, AtError *err);

/* Pins: the vertex follows target exactly (NULL: stays where it is). */
AtStatus at_cloth_pin (AtCloth *cloth, int vertex, const float target[3], AtError *err);
AtStatus at_cloth_unpin (AtCloth *cloth, int vertex, AtError *err);
/* Attachment: a spring of the given stiffness (N/m) pulling vertex to a
 * fixed point (a button on a body, a hanger). */
AtStatus at_cloth_attach (AtCloth *cloth, int vertex, const float target[3], float stiffness, AtError *err);
/* Sewing: pulls vertices i and j (usually of different panels) together
 * until they coincide; the pair is exempt from self-collision. */
AtStatus at_cloth_add_seam_pair (AtCloth *cloth, int i, int j, AtError *err);
/* Mouse drag: vertex is pulled firmly to target; vertex -1 releases. */
AtStatus at_cloth_set_grab (AtCloth *cloth, int vertex, const float target[3], AtError *err);

/* Colliders. Each returns an id >= 0, or -1 with err set. The SDF is
 * borrowed and must outlive its use. */
int at_cloth_add_sdf (AtCloth *cloth, const AtSdf *sdf, AtError *err);
int at_cloth_add_sphere (AtCloth *cloth, const float centre[3], float radius, AtError *err);
int at_cloth_add_plane (AtCloth *cloth, const float point[3], const float normal[3], AtError *err);
int at_cloth_add_capsule (AtCloth *cloth, const float a[3], const float b[3], float radius, AtError *err);
/* Moves a collider rigidly by translation (metres, relative to where it was
 * added) over the next frame; the solver sweeps it through the substeps and
 * friction drags cloth along with it. */
AtStatus at_cloth_move_collider (AtCloth *cloth, int id, const float translation[3], AtError *err);
/* Replaces the SDF of an SDF collider (a new body pose). */
AtStatus at_cloth_set_collider_sdf (AtCloth *cloth, int id, const AtSdf *sdf, AtError *err);
/* Skin offset, the avatar property of CLO and Marvelous Designer (3 mm by
 * default there): the cloth rests this far outside the collider's surface,
 * on top of its own thickness. A body's collision field is sampled more
 * coarsely than its display mesh and cuts a few millimetres inside it
 * between samples; without the offset the cloth lies in the skin there.
 * Metres, from 0 to 0.02. */
AtStatus at_cloth_set_skin_offset (AtCloth *cloth, int id, float metres, AtError *err);

/* Advances one frame. Never produces NaN: a vertex that would is put back
 * to its last good position and the frame reports AT_ERR_RANGE with a
 * message (the state stays usable). */
AtStatus at_cloth_step (AtCloth *cloth, AtError *err);

/* Steps until the cloth is at rest (fastest vertex slower than rest_speed
 * m/s for a quarter second) or max_frames pass. progress (may be NULL) is
 * called every frame with frames done and max_frames; returning false, or
 * *cancel becoming true (set from another thread), stops with
 * AT_ERR_CANCELLED. frames_out (may be NULL) receives the frames run. */
typedef bool (*AtClothProgress) (int frame, int max_frames, void *user_data);
AtStatus at_cloth_run_to_rest (AtCloth *cloth, int max_frames, float rest_speed, AtClothProgress progress,
                               void *user_data, const volatile bool *cancel, int *frames_out, AtError *err);

typedef struct AtClothStats {
  double max_strain;      /* largest |length/rest - 1| over mesh edges */
  double mean_strain;
  double kinetic_energy;  /* J */
  double max_speed;       /* m/s */
  int self_contacts;      /* vertex-triangle pairs held apart last frame */
  bool finite;
} AtClothStats;

void at_cloth_stats (const AtCloth *cloth, AtClothStats *out);

/* Test and benchmark specimens, flat in the y = 0 plane with uvs equal to
 * their rest positions (x, z) in metres: warp along z, weft along x. */
/* A square of side size metres centred on the origin, res x res vertices. */
AtMesh *at_cloth_mesh_square (int res, float size);
/* A disk of the given radius, rings of vertices spacing metres apart. */
AtMesh *at_cloth_mesh_disk (float radius, float spacing);

/* Cusick drape test (BS EN ISO 9073-9 / BS 5058 geometry): a 30 cm specimen
 * clamped on an 18 cm disk, dropped and run to rest. */
typedef struct AtDrapeResult {
  double drape_coefficient; /* (A_shadow - A_disk) / (A_specimen - A_disk) */
  int nodes;                /* folds around the hem */
  double shadow_area;       /* m² */
  int frames;
  bool finite;
} AtDrapeResult;

/* Runs the test for fabric; with out_mesh non-NULL, returns the draped
 * specimen there (caller frees). */
AtStatus at_cloth_drape_cusick (const AtFabric *fabric, AtDrapeResult *out, AtMesh **out_mesh, AtError *err);

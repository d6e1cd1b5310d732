/* Generated garment sketches: the generator's 28 x 28 image traced into an
 * editable vector drawing at garment scale.
 *
 * Coordinates are centimetres, x = 0 on the garment's centre line (the
 * outline is mirror-symmetric about it), y = 0 at the garment's top and
 * growing downwards (as in SVG). The outline is closed: cubic Bezier
 * segments, each starting where the previous one ends and the last ending
 * at the first one's start; it runs from the top of the centre line down
 * the right side (x > 0) and back up the left side. Inner lines (neckline,
 * armholes, waist, centre front ...) are open chains of cubic segments.
 *
 * Typical use:
 *   AtSketchGenerator *g; at_sketch_generator_load_default (&g, &err);
 *   AtSketch *s; at_sketch_generate (g, AT_SKETCH_DRESS, 42, &s, &err);
 *   at_sketch_save_svg (s, "dress.svg", &err);
 *   AtSketch *t; at_sketch_sample_near (g, s, 0.3, 7, &t, &err);  // a variation
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "at_status.h"
#include "sketch/at_sketch_net.h"

typedef enum {
  AT_SKETCH_TOP,
  AT_SKETCH_TROUSERS,
  AT_SKETCH_PULLOVER,
  AT_SKETCH_DRESS,
  AT_SKETCH_COAT,
  AT_SKETCH_SHIRT,
  AT_SKETCH_CATEGORY_COUNT
} AtSketchCategory;

/* "top", "trousers", "pullover", "dress", "coat", "shirt" (CONTRACT.md). */
const char *at_sketch_category_name (AtSketchCategory category);
bool at_sketch_category_from_name (const char *name, AtSketchCategory *out);
/* The garment length the drawing is scaled to (e.g. a top 70 cm). */
double at_sketch_category_length_cm (AtSketchCategory category);

typedef struct {
  double x, y;
} AtSketchPoint;

typedef struct {
  AtSketchPoint p[4]; /* start, first control, second control, end */
} AtSketchBezier;

typedef struct {
  char name[32]; /* "neckline", "armhole_right", "waist", ... */
  AtSketchBezier *segments;
  int count;
} AtSketchLine;

typedef struct {
  AtSketchCategory category;
  uint64_t seed;
  int latent_dim;
  float latent[AT_SKETCH_MAX_LATENT];
  float class_weights[AT_SKETCH_CLASSES]; /* one-hot, or a blend after interpolation */
  float raster[AT_SKETCH_PIXELS];         /* the generator's image, [0, 1], garment light */
  double width_cm, height_cm;             /* bounding box of the outline */
  AtSketchBezier *outline;
  int outline_count;
  AtSketchLine *lines;
  int line_count;
} AtSketch;

/* A point of a cubic segment at parameter t in [0, 1], and the segment cut
 * in two there (editors insert points this way). */
AtSketchPoint at_sketch_bezier_point (const AtSketchBezier *b, double t);
void at_sketch_bezier_split (const AtSketchBezier *b, double t, AtSketchBezier *first, AtSketchBezier *second);

/* The committed generator, data/sketch/generator.atw (see at_data_path). */
AtStatus at_sketch_generator_load_default (AtSketchGenerator **out, AtError *err);

/* A sketch of the category from a seed: the latent is drawn from N(0, I)
 * with the seed, so a seed always gives the same sketch. */
AtStatus at_sketch_generate (const AtSketchGenerator *g, AtSketchCategory category, uint64_t seed, AtSketch **out,
                             AtError *err);
/* A sketch from an explicit latent and class blend (class_weights may be
 * NULL for the category's one-hot). */
AtStatus at_sketch_from_latent (const AtSketchGenerator *g, AtSketchCategory category, const float *latent,
                                const float *class_weights, uint64_t seed, AtSketch **out, AtError *err);
/* A variation: base's latent plus N(0, spread^2) noise drawn with seed. */
AtStatus at_sketch_sample_near (const AtSketchGenerator *g, const AtSketch *base, double spread, uint64_t seed,
                                AtSketch **out, AtError *err);
/* Between a (t = 0) and b (t = 1): spherical interpolation of the latents
 * (they are Gaussian, so their norm stays typical) and linear blending of
 * the class vectors; the category is the nearer end's. */
AtStatus at_sketch_interpolate (const AtSketchGenerator *g, const AtSketch *a, const AtSketch *b, double t,
                                AtSketch **out, AtError *err);
/* Re-traces the vector drawing from s->raster (after editing the raster). */
AtStatus at_sketch_trace (AtSketch *s, AtError *err);
void at_sketch_free (AtSketch *s);

/* SVG document in centimetres (caller frees). */
char *at_sketch_to_svg (const AtSketch *s);
AtStatus at_sketch_save_svg (const AtSketch *s, const char *path, AtError *err);
/* JSON: category, seed, latent, class_weights, raster (hex), width_cm,
 * height_cm, outline [[[x,y] x 4] ...], lines [{name, segments}]. */
char *at_sketch_to_json (const AtSketch *s);
AtStatus at_sketch_from_json (const char *text, const char *source, AtSketch **out, AtError *err);
AtStatus at_sketch_save_json (const AtSketch *s, const char *path, AtError *err);
AtStatus at_sketch_load_json (const char *path, AtSketch **out, AtError *err);
/* The raster as an 8-bit greyscale 28 x 28 PNG (caller frees *png). */
AtStatus at_sketch_raster_png (const AtSketch *s, unsigned char **png, size_t *len, AtError *err);
AtStatus at_sketch_save_png (const AtSketch *s, const char *path, AtError *err);

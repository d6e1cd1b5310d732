/* The sketch networks, shared by the engine (inference) and the training
 * tool (tools/train_sketch.c), so both agree on tensor names and shapes.
 *
 * Generator (conditional DCGAN, Radford et al. 2016, "Unsupervised
 * Representation Learning with Deep Convolutional GANs"; conditioning by a
 * one-hot class vector concatenated to the latent, Mirza & Osindero 2014):
 *   [z (Z) | one-hot class (6)] -> dense "g.fc" -> C1 x 7 x 7 -> pixel norm -> ReLU
 *   -> transposed conv "g.ct1" 4x4/2 -> C2 x 14 x 14 -> pixel norm -> ReLU
 *   -> transposed conv "g.ct2" 4x4/2 -> 1 x 28 x 28 -> tanh.
 * Pixel norm (Karras et al. 2018, "Progressive Growing of GANs") replaces
 * batch norm: it needs no running statistics, so training and inference
 * compute the same function.
 *
 * Classifier (independent judge of class fidelity):
 *   image -> conv "c.c1" 4x4/2 -> K1 x 14 x 14 -> ReLU -> conv "c.c2" 4x4/2
 *   -> K2 x 7 x 7 -> ReLU -> dense "c.fc1" -> H -> ReLU -> dense "c.fc2" -> 6 logits.
 *
 * Layouts: dense weights [out][in]; conv weights [Cout][Cin][4][4];
 * transposed conv weights [Cin][Cout][4][4]. Images are 28 x 28 row-major;
 * the networks see pixels scaled to [-1, 1], callers use [0, 1]. */
#pragma once
#include <stdint.h>
#include "at_status.h"

enum {
  AT_SKETCH_CLASSES = 6,
  AT_SKETCH_SIDE = 28,
  AT_SKETCH_PIXELS = 28 * 28,
  AT_SKETCH_MAX_LATENT = 256,
  AT_SKETCH_KERNEL = 4, /* every conv: 4x4 kernel, stride 2, padding 1 */
};

/* Fashion-MNIST label of each sketch class (0 top, 1 trousers, 2 pullover,
 * 3 dress, 4 coat, 5 shirt). */
extern const int at_sketch_fmnist_label[AT_SKETCH_CLASSES];
/* The sketch class of a Fashion-MNIST label, or -1 when not a sketch class. */
int at_sketch_class_of_fmnist (int label);

/* Deterministic random numbers (SplitMix64; Box-Muller for normals). */
uint64_t at_sketch_rng_next (uint64_t *state);
double at_sketch_rng_uniform (uint64_t *state); /* [0, 1) */
double at_sketch_rng_normal (uint64_t *state);

/* Each network keeps its own scratch buffers: use one instance per thread. */
typedef struct AtSketchGenerator AtSketchGenerator;
typedef struct AtSketchClassifier AtSketchClassifier;

AtStatus at_sketch_generator_load (const char *path, AtSketchGenerator **out, AtError *err);
void at_sketch_generator_free (AtSketchGenerator *g);
int at_sketch_generator_latent_dim (const AtSketchGenerator *g);
/* Runs the generator: latent (latent_dim values), class_weights (6 values:
 * a one-hot vector, or a blend of two for interpolation) -> image in [0, 1]. */
void at_sketch_generator_run (const AtSketchGenerator *g, const float *latent, const float *class_weights,
                              float image[AT_SKETCH_PIXELS]);

AtStatus at_sketch_classifier_load (const char *path, AtSketchClassifier **out, AtError *err);
void at_sketch_classifier_free (AtSketchClassifier *c);
/* Class probabilities of an image in [0, 1]; returns the most probable class. */
int at_sketch_classifier_run (const AtSketchClassifier *c, const float image[AT_SKETCH_PIXELS],
                              float probs[AT_SKETCH_CLASSES]);

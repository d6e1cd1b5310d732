/* Training of the sketch networks (architecture in
 * src/engine/sketch/at_sketch_net.h): the conditional GAN and the
 * independent classifier used to judge class fidelity. Used by the
 * train-sketch tool and by the sketch tests (short runs). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "sketch_idx.h"

typedef struct {
  int latent;         /* z dimension */
  int g_c1, g_c2;     /* generator channels at 7x7 and 14x14 */
  int d_k1, d_k2;     /* discriminator channels at 14x14 and 7x7 */
  int batch;
  float lr_g, lr_d, beta1, beta2;
  float ema_decay;    /* exported generator = exponential moving average of its weights */
  uint64_t seed;
} AtSketchGanDef;

AtSketchGanDef at_sketch_gan_def_default (void);

typedef struct {
  double d_loss, g_loss;
  double d_acc_real, d_acc_fake; /* fraction of real/fake the discriminator classifies right */
  bool finite;
} AtSketchGanStats;

typedef struct AtSketchGan AtSketchGan;

/* data is borrowed and must outlive the trainer. */
AtStatus at_sketch_gan_new (const AtSketchGanDef *def, const AtSketchDataset *data, AtSketchGan **out, AtError *err);
void at_sketch_gan_free (AtSketchGan *gan);
void at_sketch_gan_step (AtSketchGan *gan, AtSketchGanStats *stats);
long at_sketch_gan_steps_done (const AtSketchGan *gan);
/* n images (n <= batch) of the current (not averaged) generator for latents
 * z (n x latent) and classes cls, pixels in [-1, 1]. */
void at_sketch_gan_sample (AtSketchGan *gan, int n, const float *z, const int *cls, float *images);
/* Checkpoint: every weight, Adam moment and the step count. */
AtStatus at_sketch_gan_save_checkpoint (const AtSketchGan *gan, const char *path, AtError *err);
AtStatus at_sketch_gan_load_checkpoint (AtSketchGan *gan, const char *path, AtError *err);
/* The generator alone, as the engine loads it: its moving average, or
 * (averaged false) the current weights. */
AtStatus at_sketch_gan_export (const AtSketchGan *gan, bool averaged, const char *path, AtError *err);

typedef struct {
  int k1, k2, hidden, batch;
  float lr;
  uint64_t seed;
} AtSketchClassifierDef;

AtSketchClassifierDef at_sketch_classifier_def_default (void);

typedef struct AtSketchClassifierTrainer AtSketchClassifierTrainer;
AtStatus at_sketch_classifier_trainer_new (const AtSketchClassifierDef *def, const AtSketchDataset *data,
                                           AtSketchClassifierTrainer **out, AtError *err);
void at_sketch_classifier_trainer_free (AtSketchClassifierTrainer *t);
/* One minibatch; returns the mean cross-entropy. */
double at_sketch_classifier_trainer_step (AtSketchClassifierTrainer *t);
/* Accuracy on a labelled set. */
double at_sketch_classifier_trainer_accuracy (AtSketchClassifierTrainer *t, const AtSketchDataset *test);
AtStatus at_sketch_classifier_trainer_export (const AtSketchClassifierTrainer *t, const char *path, AtError *err);

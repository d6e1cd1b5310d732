/* Building blocks of the sketch trainers (sketch_layers.c): parameters
 * with Adam state, batched layers with their backward passes, and the
 * two-convolution trunk shared by the discriminator and the classifier.
 * Activations are [C][B][side][side] unless noted. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sketch_idx.h"
#include "sketch/at_sketch_weights.h"

typedef struct {
  char name[AT_TENSOR_NAME_MAX];
  int ndim, dims[4];
  size_t n;
  float *w, *g, *m, *v, *ema; /* ema only where averaged */
} Param;

typedef struct {
  Param p[16];
  int count;
  long t; /* Adam step */
} Params;

typedef struct {
  Param *c1w, *c1b, *c2w, *c2b;
  int k1, k2, maxb;
  float slope;
  float *cols1, *h1, *cols2, *h2, *feat, *dcols, *dh1, *dh2;
} Trunk;

/* Parameters: weights, gradients, Adam moments, optional average. */
Param *sk_param_add (Params *ps, const char *name, int ndim, const int *dims, float init_std, bool ema,
                     uint64_t *rng);
bool sk_params_allocated (const Params *ps);
void sk_params_free (Params *ps);
void sk_params_zero_grad (Params *ps);
/* One Adam step; averaged weights follow with ema_decay. */
void sk_params_adam (Params *ps, float lr, float b1, float b2, float ema_decay);
/* Weights (the averages when `averaged`) into set; `state` adds .m/.v/.ema. */
AtStatus sk_params_to_set (const Params *ps, bool averaged, bool state, AtTensorSet *set, AtError *err);
AtStatus sk_params_from_set (Params *ps, const AtTensorSet *set, const char *path, AtError *err);

/* Convolution 4x4/2/1 (side -> side/2); cols is kept for the backward pass. */
void sk_conv_forward (const Param *w, const Param *b, const float *in, int cin, int cout, int B, int side,
                      float *cols, float *out);
void sk_conv_backward (Param *w, Param *b, const float *dout, const float *cols, int cin, int cout, int B, int side,
                       bool weight_grads, float *dcols, float *din);
/* Transposed convolution 4x4/2/1 (side -> side*2). */
void sk_convt_forward (const Param *w, const Param *b, const float *in, int cin, int cout, int B, int side,
                       float *cols, float *out);
void sk_convt_backward (Param *w, Param *b, const float *dout, const float *in, int cin, int cout, int B, int side,
                        float *dcols, float *din);
/* Dense layers on row-major [B][features]. */
void sk_dense_forward (const Param *w, const Param *b, const float *in, int nin, int nout, int B, float *out);
void sk_dense_backward (Param *w, Param *b, const float *dout, const float *in, int nin, int nout, int B,
                        float *din);
/* [B][C*P] <-> [C][B][P] */
void sk_rows_to_channels (const float *src, int B, int C, int P, float *dst);
void sk_channels_to_rows (const float *src, int B, int C, int P, float *dst);
void sk_pixel_norm_relu_forward (const float *x, int C, size_t np, float *r, float *y);
void sk_pixel_norm_relu_backward (const float *dy, const float *x, const float *r, const float *y, int C, size_t np,
                                  float *dx);
void sk_leaky_forward (float *x, size_t n, float slope);
void sk_leaky_backward (float *dy, const float *y, size_t n, float slope);

/* Two convolutions with leaky ReLU (slope 0: ReLU), flattened to
 * t->feat as [B][k2*49]. */
void sk_trunk_init (Trunk *t, Params *ps, const char *prefix, int k1, int k2, int maxb, float slope, uint64_t *rng);
bool sk_trunk_allocated (const Trunk *t);
void sk_trunk_free (Trunk *t);
void sk_trunk_forward (Trunk *t, const float *img, int B);
void sk_trunk_backward (Trunk *t, const float *dfeat, int B, bool weight_grads, float *dimg);

/* A random labelled real image in [-1, 1], mirrored half the time. */
int sk_draw_real (const AtSketchDataset *data, uint64_t *rng, float *img);

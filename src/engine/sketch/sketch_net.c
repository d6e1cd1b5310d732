/* Inference of the sketch generator and classifier (architecture in
 * at_sketch_net.h), one image at a time in plain C.
 *
 * At 28 x 28 the whole generator is about two million multiply-adds, so
 * direct loops (gather for convolution; a small hand-written GEMM then
 * col2im for transposed convolution) take a millisecond or two and need
 * no GEMM library. The training tool computes the same functions batched
 * with im2col + BLAS. */
#include "at_sketch_net.h"
#include "at_sketch_weights.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int at_sketch_fmnist_label[AT_SKETCH_CLASSES] = { 0, 1, 2, 3, 4, 6 };

int
at_sketch_class_of_fmnist (int label)
{
  for (int c = 0; c < AT_SKETCH_CLASSES; c++)
    if (at_sketch_fmnist_label[c] == label)
      return c;
  return -1;
}

uint64_t
at_sketch_rng_next (uint64_t *state)
{
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double
at_sketch_rng_uniform (uint64_t *state)
{
  return (double) (at_sketch_rng_next (state) >> 11) * (1.0 / 9007199254740992.0);
}

double
at_sketch_rng_normal (uint64_t *state)
{
  double u = 1.0 - at_sketch_rng_uniform (state); /* (0, 1]: log stays finite */
  double v = at_sketch_rng_uniform (state);
  return sqrt (-2.0 * log (u)) * cos (2.0 * M_PI * v);
}

/* A dense or convolution layer: weights and bias borrowed from the set. */
typedef struct {
  const float *w, *b;
  int in, out; /* features, or channels for convolutions */
} Layer;

struct AtSketchGenerator {
  AtTensorSet set;
  int latent, c1, c2;
  Layer fc, ct1, ct2;
  float *scratch; /* activations: c1*49 + c2*196 floats, then GEMM columns */
  size_t cols_offset;
};

struct AtSketchClassifier {
  AtTensorSet set;
  int k1, k2, hidden;
  Layer c1, c2, fc1, fc2;
  float *scratch;
};

static void
dense (const Layer *l, const float *x, float *y)
{
  for (int o = 0; o < l->out; o++)
    {
      const float *w = l->w + (size_t) o * l->in;
      float s = l->b[o];
      for (int i = 0; i < l->in; i++)
        s += w[i] * x[i];
      y[o] = s;
    }
}

/* Convolution 4x4 / stride 2 / padding 1: side -> side / 2. */
static void
conv (const Layer *l, const float *x, int side, float *y)
{
  int os = side / 2;
  for (int co = 0; co < l->out; co++)
    for (int oy = 0; oy < os; oy++)
      for (int ox = 0; ox < os; ox++)
        {
          float s = l->b[co];
          for (int ci = 0; ci < l->in; ci++)
            {
              const float *w = l->w + ((size_t) co * l->in + ci) * 16;
              const float *xc = x + (size_t) ci * side * side;
              for (int ky = 0; ky < 4; ky++)
                {
                  int iy = oy * 2 - 1 + ky;
                  if (iy < 0 || iy >= side)
                    continue;
                  for (int kx = 0; kx < 4; kx++)
                    {
                      int ix = ox * 2 - 1 + kx;
                      if (ix >= 0 && ix < side)
                        s += w[ky * 4 + kx] * xc[iy * side + ix];
                    }
                }
            }
          y[((size_t) co * os + oy) * os + ox] = s;
        }
}

/* Transposed convolution 4x4 / stride 2 / padding 1: side -> side * 2.
 * First cols = W^T x, a small GEMM whose inner loop runs along contiguous
 * pixels, then each column's 4x4 patch is added into the output (col2im). */
static void
conv_transpose (const Layer *l, const float *x, int side, float *cols, float *y)
{
  int os = side * 2, np = side * side, rows = l->out * 16;
  memset (cols, 0, (size_t) rows * np * sizeof (float));
  for (int ci = 0; ci < l->in; ci++)
    {
      const float *xc = x + (size_t) ci * np, *w = l->w + (size_t) ci * rows;
      for (int r = 0; r < rows; r++)
        {
          float wr = w[r], *c = cols + (size_t) r * np;
          if (wr != 0.0f)
            for (int p = 0; p < np; p++)
              c[p] += wr * xc[p];
        }
    }
  for (int co = 0; co < l->out; co++)
    {
      float *yc = y + (size_t) co * os * os;
      for (int k = 0; k < os * os; k++)
        yc[k] = l->b[co];
      for (int ky = 0; ky < 4; ky++)
        for (int kx = 0; kx < 4; kx++)
          {
            const float *c = cols + ((size_t) co * 16 + ky * 4 + kx) * np;
            for (int iy = 0; iy < side; iy++)
              {
                int oy = iy * 2 - 1 + ky;
                if (oy < 0 || oy >= os)
                  continue;
                for (int ix = 0; ix < side; ix++)
                  {
                    int ox = ix * 2 - 1 + kx;
                    if (ox >= 0 && ox < os)
                      yc[oy * os + ox] += c[iy * side + ix];
                  }
              }
          }
    }
}

/* Pixel norm over channels, then ReLU. */
static void
pixel_norm_relu (float *x, int channels, int pixels)
{
  for (int p = 0; p < pixels; p++)
    {
      float ss = 0.0f;
      for (int c = 0; c < channels; c++)
        ss += x[(size_t) c * pixels + p] * x[(size_t) c * pixels + p];
      float r = 1.0f / sqrtf (ss / (float) channels + 1e-8f);
      for (int c = 0; c < channels; c++)
        {
          float v = x[(size_t) c * pixels + p] * r;
          x[(size_t) c * pixels + p] = v > 0.0f ? v : 0.0f;
        }
    }
}

static void
relu (float *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (x[i] < 0.0f)
      x[i] = 0.0f;
}

/* Looks up "<prefix>.w" with the given shape and "<prefix>.b" with dims[bias_dim]. */
static AtStatus
bind (const AtTensorSet *set, const char *path, const char *prefix, int ndim, const int *dims, int bias_dim,
      Layer *l, AtError *err)
{
  char name[AT_TENSOR_NAME_MAX];
  snprintf (name, sizeof name, "%s.w", prefix);
  const AtTensor *w = at_tensor_set_expect (set, path, name, ndim, dims, err);
  if (!w)
    return err ? err->code : AT_ERR_CORRUPT;
  snprintf (name, sizeof name, "%s.b", prefix);
  const AtTensor *b = at_tensor_set_expect (set, path, name, 1, &dims[bias_dim], err);
  if (!b)
    return err ? err->code : AT_ERR_CORRUPT;
  l->w = w->data;
  l->b = b->data;
  l->out = ndim == 2 ? dims[0] : dims[bias_dim];
  l->in = ndim == 2 ? dims[1] : dims[1 - bias_dim];
  return AT_OK;
}

/* A dimension of a tensor read before the others are checked against it. */
static int
dim_of (const AtTensorSet *set, const char *name, int d, int ndim)
{
  const AtTensor *t = at_tensor_set_find (set, name);
  return t && t->ndim == ndim ? t->dims[d] : -1;
}

AtStatus
at_sketch_generator_load (const char *path, AtSketchGenerator **out, AtError *err)
{
  *out = NULL;
  AtSketchGenerator *g = calloc (1, sizeof *g);
  if (!g)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  AtStatus s = at_tensor_set_load (path, &g->set, err);
  if (s != AT_OK)
    {
      free (g);
      return s;
    }
  g->c1 = dim_of (&g->set, "g.ct1.w", 0, 4);
  g->c2 = dim_of (&g->set, "g.ct1.w", 1, 4);
  g->latent = dim_of (&g->set, "g.fc.w", 1, 2) - AT_SKETCH_CLASSES;
  if (g->c1 < 1 || g->c2 < 1 || g->latent < 1 || g->latent > AT_SKETCH_MAX_LATENT)
    s = at_error_set (err, AT_ERR_CORRUPT, "%s: not a sketch generator (tensors g.fc.w / g.ct1.w missing or bad)",
                      path);
  int fc_dims[2] = { g->c1 * 49, g->latent + AT_SKETCH_CLASSES };
  int ct1_dims[4] = { g->c1, g->c2, 4, 4 };
  int ct2_dims[4] = { g->c2, 1, 4, 4 };
  if (s == AT_OK)
    s = bind (&g->set, path, "g.fc", 2, fc_dims, 0, &g->fc, err);
  if (s == AT_OK)
    s = bind (&g->set, path, "g.ct1", 4, ct1_dims, 1, &g->ct1, err);
  if (s == AT_OK)
    s = bind (&g->set, path, "g.ct2", 4, ct2_dims, 1, &g->ct2, err);
  size_t cols = (size_t) g->c2 * 16 * 49 > 16 * 196 ? (size_t) g->c2 * 16 * 49 : 16 * 196;
  g->cols_offset = (size_t) g->c1 * 49 + (size_t) g->c2 * 196;
  if (s == AT_OK && !(g->scratch = malloc ((g->cols_offset + cols) * sizeof (float))))
    s = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  if (s != AT_OK)
    {
      at_sketch_generator_free (g);
      return s;
    }
  *out = g;
  return AT_OK;
}

void
at_sketch_generator_free (AtSketchGenerator *g)
{
  if (!g)
    return;
  at_tensor_set_clear (&g->set);
  free (g->scratch);
  free (g);
}

int
at_sketch_generator_latent_dim (const AtSketchGenerator *g)
{
  return g->latent;
}

void
at_sketch_generator_run (const AtSketchGenerator *g, const float *latent, const float *class_weights,
                         float image[AT_SKETCH_PIXELS])
{
  float in[AT_SKETCH_MAX_LATENT + AT_SKETCH_CLASSES];
  memcpy (in, latent, (size_t) g->latent * sizeof (float));
  memcpy (in + g->latent, class_weights, AT_SKETCH_CLASSES * sizeof (float));
  float *h0 = g->scratch, *h1 = g->scratch + (size_t) g->c1 * 49;
  dense (&g->fc, in, h0);
  pixel_norm_relu (h0, g->c1, 49);
  conv_transpose (&g->ct1, h0, 7, g->scratch + g->cols_offset, h1);
  pixel_norm_relu (h1, g->c2, 196);
  conv_transpose (&g->ct2, h1, 14, g->scratch + g->cols_offset, image);
  for (int i = 0; i < AT_SKETCH_PIXELS; i++)
    image[i] = 0.5f * (tanhf (image[i]) + 1.0f);
}

AtStatus
at_sketch_classifier_load (const char *path, AtSketchClassifier **out, AtError *err)
{
  *out = NULL;
  AtSketchClassifier *c = calloc (1, sizeof *c);
  if (!c)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  AtStatus s = at_tensor_set_load (path, &c->set, err);
  if (s != AT_OK)
    {
      free (c);
      return s;
    }
  c->k1 = dim_of (&c->set, "c.c1.w", 0, 4);
  c->k2 = dim_of (&c->set, "c.c2.w", 0, 4);
  c->hidden = dim_of (&c->set, "c.fc1.w", 0, 2);
  if (c->k1 < 1 || c->k2 < 1 || c->hidden < 1)
    s = at_error_set (err, AT_ERR_CORRUPT, "%s: not a sketch classifier (tensors c.c1.w / c.c2.w / c.fc1.w)", path);
  int c1_dims[4] = { c->k1, 1, 4, 4 }, c2_dims[4] = { c->k2, c->k1, 4, 4 };
  int fc1_dims[2] = { c->hidden, c->k2 * 49 }, fc2_dims[2] = { AT_SKETCH_CLASSES, c->hidden };
  if (s == AT_OK)
    s = bind (&c->set, path, "c.c1", 4, c1_dims, 0, &c->c1, err);
  if (s == AT_OK)
    s = bind (&c->set, path, "c.c2", 4, c2_dims, 0, &c->c2, err);
  if (s == AT_OK)
    s = bind (&c->set, path, "c.fc1", 2, fc1_dims, 0, &c->fc1, err);
  if (s == AT_OK)
    s = bind (&c->set, path, "c.fc2", 2, fc2_dims, 0, &c->fc2, err);
  if (s == AT_OK
      && !(c->scratch = malloc (((size_t) c->k1 * 196 + (size_t) c->k2 * 49 + (size_t) c->hidden + 784) * sizeof (float))))
    s = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  if (s != AT_OK)
    {
      at_sketch_classifier_free (c);
      return s;
    }
  *out = c;
  return AT_OK;
}

void
at_sketch_classifier_free (AtSketchClassifier *c)
{
  if (!c)
    return;
  at_tensor_set_clear (&c->set);
  free (c->scratch);
  free (c);
}

int
at_sketch_classifier_run (const AtSketchClassifier *c, const float image[AT_SKETCH_PIXELS],
                          float probs[AT_SKETCH_CLASSES])
{
  float *x = c->scratch, *h1 = x + 784, *h2 = h1 + (size_t) c->k1 * 196, *h3 = h2 + (size_t) c->k2 * 49;
  for (int i = 0; i < AT_SKETCH_PIXELS; i++)
    x[i] = 2.0f * image[i] - 1.0f;
  conv (&c->c1, x, 28, h1);
  relu (h1, (size_t) c->k1 * 196);
  conv (&c->c2, h1, 14, h2);
  relu (h2, (size_t) c->k2 * 49);
  dense (&c->fc1, h2, h3);
  relu (h3, (size_t) c->hidden);
  float logits[AT_SKETCH_CLASSES];
  dense (&c->fc2, h3, logits);
  int best = 0;
  for (int k = 1; k < AT_SKETCH_CLASSES; k++)
    if (logits[k] > logits[best])
      best = k;
  double sum = 0.0;
  for (int k = 0; k < AT_SKETCH_CLASSES; k++)
    sum += exp ((double) (logits[k] - logits[best]));
  for (int k = 0; k < AT_SKETCH_CLASSES; k++)
    probs[k] = (float) (exp ((double) (logits[k] - logits[best])) / sum);
  return best;
}

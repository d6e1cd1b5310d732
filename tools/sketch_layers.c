/* Batched layers for the sketch trainers.
 *
 * Activations are stored channel-major over the whole batch,
 * [C][B][H][W], so that a convolution over the batch is one im2col and one
 * GEMM (Chellapilla et al. 2006, "High Performance Convolutional Neural
 * Networks for Document Processing"), and a transposed convolution is its
 * adjoint: GEMM then col2im. GEMMs go to OpenBLAS, which uses both cores.
 * Pixel norm: Karras et al. 2018; Adam: Kingma & Ba 2015. */
#include "sketch_layers.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- parameters and Adam ---------- */



Param *
sk_param_add (Params *ps, const char *name, int ndim, const int *dims, float init_std, bool ema, uint64_t *rng)
{
  Param *p = &ps->p[ps->count++];
  snprintf (p->name, sizeof p->name, "%s", name);
  p->ndim = ndim;
  p->n = 1;
  for (int d = 0; d < 4; d++)
    {
      p->dims[d] = d < ndim ? dims[d] : 1;
      p->n *= (size_t) p->dims[d];
    }
  p->w = calloc (p->n, sizeof (float));
  p->g = calloc (p->n, sizeof (float));
  p->m = calloc (p->n, sizeof (float));
  p->v = calloc (p->n, sizeof (float));
  p->ema = ema ? calloc (p->n, sizeof (float)) : NULL;
  for (size_t i = 0; i < p->n && init_std > 0.0f; i++)
    p->w[i] = (float) (init_std * at_sketch_rng_normal (rng));
  if (ema)
    memcpy (p->ema, p->w, p->n * sizeof (float));
  return p;
}

bool
sk_params_allocated (const Params *ps)
{
  for (int i = 0; i < ps->count; i++)
    if (!ps->p[i].w || !ps->p[i].g || !ps->p[i].m || !ps->p[i].v)
      return false;
  return true;
}

void
sk_params_free (Params *ps)
{
  for (int i = 0; i < ps->count; i++)
    {
      free (ps->p[i].w);
      free (ps->p[i].g);
      free (ps->p[i].m);
      free (ps->p[i].v);
      free (ps->p[i].ema);
    }
  ps->count = 0;
}

void
sk_params_zero_grad (Params *ps)
{
  for (int i = 0; i < ps->count; i++)
    memset (ps->p[i].g, 0, ps->p[i].n * sizeof (float));
}

void
sk_params_adam (Params *ps, float lr, float b1, float b2, float ema_decay)
{
  ps->t++;
  double c1 = 1.0 - pow (b1, (double) ps->t), c2 = 1.0 - pow (b2, (double) ps->t);
  float step = (float) (lr * sqrt (c2) / c1);
  for (int i = 0; i < ps->count; i++)
    {
      Param *p = &ps->p[i];
      for (size_t k = 0; k < p->n; k++)
        {
          p->m[k] = b1 * p->m[k] + (1.0f - b1) * p->g[k];
          p->v[k] = b2 * p->v[k] + (1.0f - b2) * p->g[k] * p->g[k];
          p->w[k] -= step * p->m[k] / (sqrtf (p->v[k]) + 1e-8f);
          if (p->ema)
            p->ema[k] = ema_decay * p->ema[k] + (1.0f - ema_decay) * p->w[k];
        }
    }
}

/* Adds the weights (averaged ones when `averaged`) to a tensor set; with
 * `state` also the Adam moments and averages, suffixed .m/.v/.ema. */
AtStatus
sk_params_to_set (const Params *ps, bool averaged, bool state, AtTensorSet *set, AtError *err)
{
  AtStatus s = AT_OK;
  for (int i = 0; s == AT_OK && i < ps->count; i++)
    {
      const Param *p = &ps->p[i];
      char name[AT_TENSOR_NAME_MAX];
      s = at_tensor_set_add (set, p->name, p->ndim, p->dims, averaged && p->ema ? p->ema : p->w, err);
      const char *suffix[3] = { ".m", ".v", ".ema" };
      const float *data[3] = { p->m, p->v, p->ema };
      for (int k = 0; state && s == AT_OK && k < 3; k++)
        if (data[k])
          {
            snprintf (name, sizeof name, "%s%s", p->name, suffix[k]);
            s = at_tensor_set_add (set, name, p->ndim, p->dims, data[k], err);
          }
    }
  return s;
}

AtStatus
sk_params_from_set (Params *ps, const AtTensorSet *set, const char *path, AtError *err)
{
  for (int i = 0; i < ps->count; i++)
    {
      Param *p = &ps->p[i];
      const char *suffix[4] = { "", ".m", ".v", ".ema" };
      float *data[4] = { p->w, p->m, p->v, p->ema };
      for (int k = 0; k < 4; k++)
        {
          if (!data[k])
            continue;
          char name[AT_TENSOR_NAME_MAX];
          snprintf (name, sizeof name, "%s%s", p->name, suffix[k]);
          const AtTensor *t = at_tensor_set_expect (set, path, name, p->ndim, p->dims, err);
          if (!t)
            return AT_ERR_CORRUPT;
          memcpy (data[k], t->data, p->n * sizeof (float));
        }
    }
  return AT_OK;
}

/* ---------- layers, batched, [C][B][side][side] ---------- */

/* cols[(c*16 + ky*4 + kx)][b*os*os + oy*os + ox] = img[c][b][oy*2-1+ky][ox*2-1+kx]. */
static void
im2col (const float *img, int C, int B, int side, int os, float *cols)
{
  size_t np = (size_t) B * os * os;
  for (int c = 0; c < C; c++)
    for (int ky = 0; ky < 4; ky++)
      for (int kx = 0; kx < 4; kx++)
        {
          float *row = cols + ((size_t) c * 16 + ky * 4 + kx) * np;
          for (int b = 0; b < B; b++)
            {
              const float *im = img + ((size_t) c * B + b) * side * side;
              for (int oy = 0; oy < os; oy++)
                {
                  int iy = oy * 2 - 1 + ky;
                  float *r = row + ((size_t) b * os + oy) * os;
                  for (int ox = 0; ox < os; ox++)
                    {
                      int ix = ox * 2 - 1 + kx;
                      r[ox] = (iy >= 0 && iy < side && ix >= 0 && ix < side) ? im[iy * side + ix] : 0.0f;
                    }
                }
            }
        }
}

/* The adjoint of im2col: img (zeroed here) accumulates cols. */
static void
col2im (const float *cols, int C, int B, int side, int os, float *img)
{
  size_t np = (size_t) B * os * os;
  memset (img, 0, (size_t) C * B * side * side * sizeof (float));
  for (int c = 0; c < C; c++)
    for (int ky = 0; ky < 4; ky++)
      for (int kx = 0; kx < 4; kx++)
        {
          const float *row = cols + ((size_t) c * 16 + ky * 4 + kx) * np;
          for (int b = 0; b < B; b++)
            {
              float *im = img + ((size_t) c * B + b) * side * side;
              for (int oy = 0; oy < os; oy++)
                {
                  int iy = oy * 2 - 1 + ky;
                  if (iy < 0 || iy >= side)
                    continue;
                  const float *r = row + ((size_t) b * os + oy) * os;
                  for (int ox = 0; ox < os; ox++)
                    {
                      int ix = ox * 2 - 1 + kx;
                      if (ix >= 0 && ix < side)
                        im[iy * side + ix] += r[ox];
                    }
                }
            }
        }
}

static void
gemm (bool ta, bool tb, int M, int N, int K, const float *A, const float *Bm, float beta, float *Cm)
{
  cblas_sgemm (CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K, 1.0f, A,
               ta ? M : K, Bm, tb ? K : N, beta, Cm, N);
}

static void
add_bias (float *x, const float *b, int C, size_t per_channel)
{
  for (int c = 0; c < C; c++)
    for (size_t i = 0; i < per_channel; i++)
      x[(size_t) c * per_channel + i] += b[c];
}

static void
bias_grad (const float *dx, float *db, int C, size_t per_channel)
{
  for (int c = 0; c < C; c++)
    {
      double s = 0.0;
      for (size_t i = 0; i < per_channel; i++)
        s += dx[(size_t) c * per_channel + i];
      db[c] += (float) s;
    }
}

/* Convolution 4x4/2/1, side -> side/2. cols is kept for the backward pass. */
void
sk_conv_forward (const Param *w, const Param *b, const float *in, int cin, int cout, int B, int side, float *cols,
              float *out)
{
  int os = side / 2;
  int np = B * os * os;
  im2col (in, cin, B, side, os, cols);
  gemm (false, false, cout, np, cin * 16, w->w, cols, 0.0f, out);
  add_bias (out, b->w, cout, (size_t) np);
}

void
sk_conv_backward (Param *w, Param *b, const float *dout, const float *cols, int cin, int cout, int B, int side,
               bool weight_grads, float *dcols, float *din)
{
  int os = side / 2;
  int np = B * os * os;
  if (weight_grads)
    {
      gemm (false, true, cout, cin * 16, np, dout, cols, 1.0f, w->g);
      bias_grad (dout, b->g, cout, (size_t) np);
    }
  if (din)
    {
      gemm (true, false, cin * 16, np, cout, w->w, dout, 0.0f, dcols);
      col2im (dcols, cin, B, side, os, din);
    }
}

/* Transposed convolution 4x4/2/1, side -> side*2 (the adjoint of conv). */
void
sk_convt_forward (const Param *w, const Param *b, const float *in, int cin, int cout, int B, int side, float *cols,
               float *out)
{
  int np = B * side * side;
  gemm (true, false, cout * 16, np, cin, w->w, in, 0.0f, cols);
  col2im (cols, cout, B, side * 2, side, out);
  add_bias (out, b->w, cout, (size_t) B * side * side * 4);
}

void
sk_convt_backward (Param *w, Param *b, const float *dout, const float *in, int cin, int cout, int B, int side,
                float *dcols, float *din)
{
  int np = B * side * side;
  im2col (dout, cout, B, side * 2, side, dcols);
  gemm (false, true, cin, cout * 16, np, in, dcols, 1.0f, w->g);
  bias_grad (dout, b->g, cout, (size_t) np * 4);
  if (din)
    gemm (false, false, cin, np, cout * 16, w->w, dcols, 0.0f, din);
}

/* Dense on row-major [B][in]: out = in W^T + b. */
void
sk_dense_forward (const Param *w, const Param *b, const float *in, int nin, int nout, int B, float *out)
{
  gemm (false, true, B, nout, nin, in, w->w, 0.0f, out);
  for (int r = 0; r < B; r++)
    for (int o = 0; o < nout; o++)
      out[(size_t) r * nout + o] += b->w[o];
}

void
sk_dense_backward (Param *w, Param *b, const float *dout, const float *in, int nin, int nout, int B, float *din)
{
  gemm (true, false, nout, nin, B, dout, in, 1.0f, w->g);
  for (int r = 0; r < B; r++)
    for (int o = 0; o < nout; o++)
      b->g[o] += dout[(size_t) r * nout + o];
  if (din)
    gemm (false, false, B, nin, nout, dout, w->w, 0.0f, din);
}

/* [B][C*P] <-> [C][B][P] */
void
sk_rows_to_channels (const float *src, int B, int C, int P, float *dst)
{
  for (int b = 0; b < B; b++)
    for (int c = 0; c < C; c++)
      memcpy (dst + ((size_t) c * B + b) * P, src + ((size_t) b * C + c) * P, (size_t) P * sizeof (float));
}

void
sk_channels_to_rows (const float *src, int B, int C, int P, float *dst)
{
  for (int b = 0; b < B; b++)
    for (int c = 0; c < C; c++)
      memcpy (dst + ((size_t) b * C + c) * P, src + ((size_t) c * B + b) * P, (size_t) P * sizeof (float));
}

/* Pixel norm then ReLU over C channels of np positions; keeps 1/norm in r. */
void
sk_pixel_norm_relu_forward (const float *x, int C, size_t np, float *r, float *y)
{
  for (size_t q = 0; q < np; q++)
    {
      float ss = 0.0f;
      for (int c = 0; c < C; c++)
        ss += x[c * np + q] * x[c * np + q];
      r[q] = 1.0f / sqrtf (ss / (float) C + 1e-8f);
      for (int c = 0; c < C; c++)
        {
          float v = x[c * np + q] * r[q];
          y[c * np + q] = v > 0.0f ? v : 0.0f;
        }
    }
}

/* dx from dy, given x, r and the output y (for the ReLU mask). */
void
sk_pixel_norm_relu_backward (const float *dy, const float *x, const float *r, const float *y, int C, size_t np,
                          float *dx)
{
  for (size_t q = 0; q < np; q++)
    {
      float dot = 0.0f;
      for (int c = 0; c < C; c++)
        {
          float d = y[c * np + q] > 0.0f ? dy[c * np + q] : 0.0f;
          dx[c * np + q] = d;
          dot += d * x[c * np + q];
        }
      float k = r[q] * r[q] * r[q] * dot / (float) C;
      for (int c = 0; c < C; c++)
        dx[c * np + q] = r[q] * dx[c * np + q] - k * x[c * np + q];
    }
}

void
sk_leaky_forward (float *x, size_t n, float slope)
{
  for (size_t i = 0; i < n; i++)
    if (x[i] < 0.0f)
      x[i] *= slope;
}

/* y is the activation's output: its sign is the input's. */
void
sk_leaky_backward (float *dy, const float *y, size_t n, float slope)
{
  for (size_t i = 0; i < n; i++)
    if (y[i] <= 0.0f)
      dy[i] *= slope;
}

/* ---------- the two-convolution trunk shared by discriminator and classifier ---------- */


void
sk_trunk_init (Trunk *t, Params *ps, const char *prefix, int k1, int k2, int maxb, float slope, uint64_t *rng)
{
  char name[AT_TENSOR_NAME_MAX];
  int d1[4] = { k1, 1, 4, 4 }, d2[4] = { k2, k1, 4, 4 };
  t->k1 = k1;
  t->k2 = k2;
  t->maxb = maxb;
  t->slope = slope;
  snprintf (name, sizeof name, "%s.c1.w", prefix);
  t->c1w = sk_param_add (ps, name, 4, d1, 0.02f, false, rng);
  snprintf (name, sizeof name, "%s.c1.b", prefix);
  t->c1b = sk_param_add (ps, name, 1, &k1, 0.0f, false, rng);
  snprintf (name, sizeof name, "%s.c2.w", prefix);
  t->c2w = sk_param_add (ps, name, 4, d2, 0.02f, false, rng);
  snprintf (name, sizeof name, "%s.c2.b", prefix);
  t->c2b = sk_param_add (ps, name, 1, &k2, 0.0f, false, rng);
  size_t B = (size_t) maxb;
  t->cols1 = malloc (16 * B * 196 * sizeof (float));
  t->h1 = malloc ((size_t) k1 * B * 196 * sizeof (float));
  t->cols2 = malloc ((size_t) k1 * 16 * B * 49 * sizeof (float));
  t->h2 = malloc ((size_t) k2 * B * 49 * sizeof (float));
  t->feat = malloc ((size_t) k2 * B * 49 * sizeof (float));
  t->dcols = malloc ((size_t) k1 * 16 * B * 49 * sizeof (float) + 16 * B * 196 * sizeof (float));
  t->dh1 = malloc ((size_t) k1 * B * 196 * sizeof (float));
  t->dh2 = malloc ((size_t) k2 * B * 49 * sizeof (float));
}

bool
sk_trunk_allocated (const Trunk *t)
{
  return t->cols1 && t->h1 && t->cols2 && t->h2 && t->feat && t->dcols && t->dh1 && t->dh2;
}

void
sk_trunk_free (Trunk *t)
{
  free (t->cols1);
  free (t->h1);
  free (t->cols2);
  free (t->h2);
  free (t->feat);
  free (t->dcols);
  free (t->dh1);
  free (t->dh2);
}

/* img: B images in [-1, 1] ([1][B][28][28]); features to t->feat as [B][k2*49]. */
void
sk_trunk_forward (Trunk *t, const float *img, int B)
{
  sk_conv_forward (t->c1w, t->c1b, img, 1, t->k1, B, 28, t->cols1, t->h1);
  sk_leaky_forward (t->h1, (size_t) t->k1 * B * 196, t->slope);
  sk_conv_forward (t->c2w, t->c2b, t->h1, t->k1, t->k2, B, 14, t->cols2, t->h2);
  sk_leaky_forward (t->h2, (size_t) t->k2 * B * 49, t->slope);
  sk_channels_to_rows (t->h2, B, t->k2, 49, t->feat);
}

/* dfeat ([B][k2*49], consumed) -> parameter gradients (when weight_grads)
 * and the image gradient (when dimg). */
void
sk_trunk_backward (Trunk *t, const float *dfeat, int B, bool weight_grads, float *dimg)
{
  sk_rows_to_channels (dfeat, B, t->k2, 49, t->dh2);
  sk_leaky_backward (t->dh2, t->h2, (size_t) t->k2 * B * 49, t->slope);
  sk_conv_backward (t->c2w, t->c2b, t->dh2, t->cols2, t->k1, t->k2, B, 14, weight_grads, t->dcols, t->dh1);
  sk_leaky_backward (t->dh1, t->h1, (size_t) t->k1 * B * 196, t->slope);
  sk_conv_backward (t->c1w, t->c1b, t->dh1, t->cols1, 1, t->k1, B, 28, weight_grads, t->dcols, dimg);
}

/* ---------- data ---------- */

/* A random labelled real image in [-1, 1], mirrored half the time (garments
 * are close to symmetric; mirroring doubles the data). */
int
sk_draw_real (const AtSketchDataset *data, uint64_t *rng, float *img)
{
  int i = (int) (at_sketch_rng_uniform (rng) * data->count);
  bool flip = at_sketch_rng_uniform (rng) < 0.5;
  const uint8_t *px = data->pixels + (size_t) i * 784;
  for (int y = 0; y < 28; y++)
    for (int x = 0; x < 28; x++)
      img[y * 28 + x] = px[y * 28 + (flip ? 27 - x : x)] / 127.5f - 1.0f;
  return data->labels[i];
}

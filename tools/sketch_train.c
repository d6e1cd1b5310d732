/* Batched training of the sketch networks.
 *
 * Method: conditional DCGAN (Radford et al. 2016) with the non-saturating
 * GAN loss (Goodfellow et al. 2014), Adam (Kingma & Ba 2015, beta1 = 0.5 as
 * in DCGAN), a projection discriminator for the class condition (Miyato &
 * Koyama 2018, "cGANs with Projection Discriminator": logit = w.h + e_y.h),
 * and an exponential moving average of the generator weights for export
 * (Yazici et al. 2019). The classifier is a small CNN trained with
 * softmax cross-entropy.
 *
 * Layout: activations are stored channel-major over the whole batch,
 * [C][B][H][W], so that a convolution over the batch is one im2col and one
 * GEMM (Chellapilla et al. 2006), and a transposed convolution is the
 * adjoint: GEMM then col2im. GEMMs go to OpenBLAS, which uses both cores. */
#include "sketch_train.h"
#include "sketch/at_sketch_weights.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- parameters and Adam ---------- */

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

static Param *
param_add (Params *ps, const char *name, int ndim, const int *dims, float init_std, bool ema, uint64_t *rng)
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

static bool
params_allocated (const Params *ps)
{
  for (int i = 0; i < ps->count; i++)
    if (!ps->p[i].w || !ps->p[i].g || !ps->p[i].m || !ps->p[i].v)
      return false;
  return true;
}

static void
params_free (Params *ps)
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

static void
params_zero_grad (Params *ps)
{
  for (int i = 0; i < ps->count; i++)
    memset (ps->p[i].g, 0, ps->p[i].n * sizeof (float));
}

static void
params_adam (Params *ps, float lr, float b1, float b2, float ema_decay)
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
static AtStatus
params_to_set (const Params *ps, bool averaged, bool state, AtTensorSet *set, AtError *err)
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

static AtStatus
params_from_set (Params *ps, const AtTensorSet *set, const char *path, AtError *err)
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
static void
conv_forward (const Param *w, const Param *b, const float *in, int cin, int cout, int B, int side, float *cols,
              float *out)
{
  int os = side / 2;
  int np = B * os * os;
  im2col (in, cin, B, side, os, cols);
  gemm (false, false, cout, np, cin * 16, w->w, cols, 0.0f, out);
  add_bias (out, b->w, cout, (size_t) np);
}

static void
conv_backward (Param *w, Param *b, const float *dout, const float *cols, int cin, int cout, int B, int side,
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
static void
convt_forward (const Param *w, const Param *b, const float *in, int cin, int cout, int B, int side, float *cols,
               float *out)
{
  int np = B * side * side;
  gemm (true, false, cout * 16, np, cin, w->w, in, 0.0f, cols);
  col2im (cols, cout, B, side * 2, side, out);
  add_bias (out, b->w, cout, (size_t) B * side * side * 4);
}

static void
convt_backward (Param *w, Param *b, const float *dout, const float *in, int cin, int cout, int B, int side,
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
static void
dense_forward (const Param *w, const Param *b, const float *in, int nin, int nout, int B, float *out)
{
  gemm (false, true, B, nout, nin, in, w->w, 0.0f, out);
  for (int r = 0; r < B; r++)
    for (int o = 0; o < nout; o++)
      out[(size_t) r * nout + o] += b->w[o];
}

static void
dense_backward (Param *w, Param *b, const float *dout, const float *in, int nin, int nout, int B, float *din)
{
  gemm (true, false, nout, nin, B, dout, in, 1.0f, w->g);
  for (int r = 0; r < B; r++)
    for (int o = 0; o < nout; o++)
      b->g[o] += dout[(size_t) r * nout + o];
  if (din)
    gemm (false, false, B, nin, nout, dout, w->w, 0.0f, din);
}

/* [B][C*P] <-> [C][B][P] */
static void
rows_to_channels (const float *src, int B, int C, int P, float *dst)
{
  for (int b = 0; b < B; b++)
    for (int c = 0; c < C; c++)
      memcpy (dst + ((size_t) c * B + b) * P, src + ((size_t) b * C + c) * P, (size_t) P * sizeof (float));
}

static void
channels_to_rows (const float *src, int B, int C, int P, float *dst)
{
  for (int b = 0; b < B; b++)
    for (int c = 0; c < C; c++)
      memcpy (dst + ((size_t) b * C + c) * P, src + ((size_t) c * B + b) * P, (size_t) P * sizeof (float));
}

/* Pixel norm then ReLU over C channels of np positions; keeps 1/norm in r. */
static void
pixel_norm_relu_forward (const float *x, int C, size_t np, float *r, float *y)
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
static void
pixel_norm_relu_backward (const float *dy, const float *x, const float *r, const float *y, int C, size_t np,
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

static void
leaky_forward (float *x, size_t n, float slope)
{
  for (size_t i = 0; i < n; i++)
    if (x[i] < 0.0f)
      x[i] *= slope;
}

/* y is the activation's output: its sign is the input's. */
static void
leaky_backward (float *dy, const float *y, size_t n, float slope)
{
  for (size_t i = 0; i < n; i++)
    if (y[i] <= 0.0f)
      dy[i] *= slope;
}

/* ---------- the two-convolution trunk shared by discriminator and classifier ---------- */

typedef struct {
  Param *c1w, *c1b, *c2w, *c2b;
  int k1, k2, maxb;
  float slope;
  float *cols1, *h1, *cols2, *h2, *feat, *dcols, *dh1, *dh2;
} Trunk;

static void
trunk_init (Trunk *t, Params *ps, const char *prefix, int k1, int k2, int maxb, float slope, uint64_t *rng)
{
  char name[AT_TENSOR_NAME_MAX];
  int d1[4] = { k1, 1, 4, 4 }, d2[4] = { k2, k1, 4, 4 };
  t->k1 = k1;
  t->k2 = k2;
  t->maxb = maxb;
  t->slope = slope;
  snprintf (name, sizeof name, "%s.c1.w", prefix);
  t->c1w = param_add (ps, name, 4, d1, 0.02f, false, rng);
  snprintf (name, sizeof name, "%s.c1.b", prefix);
  t->c1b = param_add (ps, name, 1, &k1, 0.0f, false, rng);
  snprintf (name, sizeof name, "%s.c2.w", prefix);
  t->c2w = param_add (ps, name, 4, d2, 0.02f, false, rng);
  snprintf (name, sizeof name, "%s.c2.b", prefix);
  t->c2b = param_add (ps, name, 1, &k2, 0.0f, false, rng);
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

static bool
trunk_allocated (const Trunk *t)
{
  return t->cols1 && t->h1 && t->cols2 && t->h2 && t->feat && t->dcols && t->dh1 && t->dh2;
}

static void
trunk_free (Trunk *t)
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
static void
trunk_forward (Trunk *t, const float *img, int B)
{
  conv_forward (t->c1w, t->c1b, img, 1, t->k1, B, 28, t->cols1, t->h1);
  leaky_forward (t->h1, (size_t) t->k1 * B * 196, t->slope);
  conv_forward (t->c2w, t->c2b, t->h1, t->k1, t->k2, B, 14, t->cols2, t->h2);
  leaky_forward (t->h2, (size_t) t->k2 * B * 49, t->slope);
  channels_to_rows (t->h2, B, t->k2, 49, t->feat);
}

/* dfeat ([B][k2*49], consumed) -> parameter gradients (when weight_grads)
 * and the image gradient (when dimg). */
static void
trunk_backward (Trunk *t, const float *dfeat, int B, bool weight_grads, float *dimg)
{
  rows_to_channels (dfeat, B, t->k2, 49, t->dh2);
  leaky_backward (t->dh2, t->h2, (size_t) t->k2 * B * 49, t->slope);
  conv_backward (t->c2w, t->c2b, t->dh2, t->cols2, t->k1, t->k2, B, 14, weight_grads, t->dcols, t->dh1);
  leaky_backward (t->dh1, t->h1, (size_t) t->k1 * B * 196, t->slope);
  conv_backward (t->c1w, t->c1b, t->dh1, t->cols1, 1, t->k1, B, 28, weight_grads, t->dcols, dimg);
}

/* ---------- data ---------- */

/* A random labelled real image in [-1, 1], mirrored half the time (garments
 * are close to symmetric; mirroring doubles the data). */
static int
draw_real (const AtSketchDataset *data, uint64_t *rng, float *img)
{
  int i = (int) (at_sketch_rng_uniform (rng) * data->count);
  bool flip = at_sketch_rng_uniform (rng) < 0.5;
  const uint8_t *px = data->pixels + (size_t) i * 784;
  for (int y = 0; y < 28; y++)
    for (int x = 0; x < 28; x++)
      img[y * 28 + x] = px[y * 28 + (flip ? 27 - x : x)] / 127.5f - 1.0f;
  return data->labels[i];
}

static double
softplus (double x)
{
  return (x > 0 ? x : 0.0) + log1p (exp (-fabs (x)));
}

static double
sigmoid (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

/* ---------- conditional GAN ---------- */

AtSketchGanDef
at_sketch_gan_def_default (void)
{
  return (AtSketchGanDef) { .latent = 32, .g_c1 = 64, .g_c2 = 32, .d_k1 = 32, .d_k2 = 64, .batch = 64,
                            .lr_g = 2e-4f, .lr_d = 2e-4f, .beta1 = 0.5f, .beta2 = 0.999f, .ema_decay = 0.999f,
                            .seed = 1 };
}

struct AtSketchGan {
  AtSketchGanDef def;
  const AtSketchDataset *data;
  uint64_t rng;
  long steps;
  Params gp, dp;
  Param *fcw, *fcb, *ct1w, *ct1b, *ct2w, *ct2b; /* generator */
  Trunk trunk;                                  /* discriminator body */
  Param *dfw, *dfb, *demb;                      /* discriminator head + class projection */
  float *zin, *a0, *x0, *r0, *y0, *cols1, *x1, *r1, *y1, *cols2, *img;
  float *dimg, *dy1, *dx1, *dy0, *dx0, *da0, *dcols;
  float *real, *logit, *dfeat;
  int *yreal, *yfake;
};

static void
g_forward (AtSketchGan *gan, int B, const float *z, const int *cls)
{
  int Z = gan->def.latent, C1 = gan->def.g_c1, C2 = gan->def.g_c2, nin = Z + AT_SKETCH_CLASSES;
  for (int b = 0; b < B; b++)
    {
      float *row = gan->zin + (size_t) b * nin;
      memcpy (row, z + (size_t) b * Z, (size_t) Z * sizeof (float));
      for (int k = 0; k < AT_SKETCH_CLASSES; k++)
        row[Z + k] = k == cls[b] ? 1.0f : 0.0f;
    }
  dense_forward (gan->fcw, gan->fcb, gan->zin, nin, C1 * 49, B, gan->a0);
  rows_to_channels (gan->a0, B, C1, 49, gan->x0);
  pixel_norm_relu_forward (gan->x0, C1, (size_t) B * 49, gan->r0, gan->y0);
  convt_forward (gan->ct1w, gan->ct1b, gan->y0, C1, C2, B, 7, gan->cols1, gan->x1);
  pixel_norm_relu_forward (gan->x1, C2, (size_t) B * 196, gan->r1, gan->y1);
  convt_forward (gan->ct2w, gan->ct2b, gan->y1, C2, 1, B, 14, gan->cols2, gan->img);
  for (size_t i = 0; i < (size_t) B * 784; i++)
    gan->img[i] = tanhf (gan->img[i]);
}

/* dimg (consumed) -> generator weight gradients. */
static void
g_backward (AtSketchGan *gan, int B)
{
  int Z = gan->def.latent, C1 = gan->def.g_c1, C2 = gan->def.g_c2;
  for (size_t i = 0; i < (size_t) B * 784; i++)
    gan->dimg[i] *= 1.0f - gan->img[i] * gan->img[i];
  convt_backward (gan->ct2w, gan->ct2b, gan->dimg, gan->y1, C2, 1, B, 14, gan->dcols, gan->dy1);
  pixel_norm_relu_backward (gan->dy1, gan->x1, gan->r1, gan->y1, C2, (size_t) B * 196, gan->dx1);
  convt_backward (gan->ct1w, gan->ct1b, gan->dx1, gan->y0, C1, C2, B, 7, gan->dcols, gan->dy0);
  pixel_norm_relu_backward (gan->dy0, gan->x0, gan->r0, gan->y0, C1, (size_t) B * 49, gan->dx0);
  channels_to_rows (gan->dx0, B, C1, 49, gan->da0);
  dense_backward (gan->fcw, gan->fcb, gan->da0, gan->zin, Z + AT_SKETCH_CLASSES, C1 * 49, B, NULL);
}

static void
d_forward (AtSketchGan *gan, const float *img, const int *cls, int B)
{
  trunk_forward (&gan->trunk, img, B);
  int nf = gan->def.d_k2 * 49;
  for (int b = 0; b < B; b++)
    {
      const float *f = gan->trunk.feat + (size_t) b * nf, *e = gan->demb->w + (size_t) cls[b] * nf;
      double s = gan->dfb->w[0];
      for (int i = 0; i < nf; i++)
        s += f[i] * (gan->dfw->w[i] + e[i]);
      gan->logit[b] = (float) s;
    }
}

/* dlogit in gan->logit (overwritten by the caller) -> D gradients (when
 * weight_grads) and the image gradient (when dimg). */
static void
d_backward (AtSketchGan *gan, const int *cls, int B, bool weight_grads, float *dimg)
{
  int nf = gan->def.d_k2 * 49;
  for (int b = 0; b < B; b++)
    {
      float dl = gan->logit[b];
      const float *f = gan->trunk.feat + (size_t) b * nf, *e = gan->demb->w + (size_t) cls[b] * nf;
      float *df = gan->dfeat + (size_t) b * nf;
      for (int i = 0; i < nf; i++)
        df[i] = dl * (gan->dfw->w[i] + e[i]);
      if (!weight_grads)
        continue;
      float *ge = gan->demb->g + (size_t) cls[b] * nf;
      for (int i = 0; i < nf; i++)
        {
          gan->dfw->g[i] += dl * f[i];
          ge[i] += dl * f[i];
        }
      gan->dfb->g[0] += dl;
    }
  trunk_backward (&gan->trunk, gan->dfeat, B, weight_grads, dimg);
}

AtStatus
at_sketch_gan_new (const AtSketchGanDef *def, const AtSketchDataset *data, AtSketchGan **out, AtError *err)
{
  *out = NULL;
  if (def->latent < 1 || def->latent > AT_SKETCH_MAX_LATENT || def->batch < 1 || def->g_c1 < 1 || def->g_c2 < 1
      || def->d_k1 < 1 || def->d_k2 < 1 || data->count < 1)
    return at_error_set (err, AT_ERR_INVALID, "bad GAN definition or empty data set");
  AtSketchGan *gan = calloc (1, sizeof *gan);
  if (!gan)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory");
  gan->def = *def;
  gan->data = data;
  gan->rng = def->seed;
  int Z = def->latent, C1 = def->g_c1, C2 = def->g_c2, nin = Z + AT_SKETCH_CLASSES;
  size_t B = (size_t) def->batch;
  int fc[2] = { C1 * 49, nin }, ct1[4] = { C1, C2, 4, 4 }, ct2[4] = { C2, 1, 4, 4 }, one = 1;
  gan->fcw = param_add (&gan->gp, "g.fc.w", 2, fc, 0.02f, true, &gan->rng);
  gan->fcb = param_add (&gan->gp, "g.fc.b", 1, fc, 0.0f, true, &gan->rng);
  gan->ct1w = param_add (&gan->gp, "g.ct1.w", 4, ct1, 0.02f, true, &gan->rng);
  gan->ct1b = param_add (&gan->gp, "g.ct1.b", 1, &C2, 0.0f, true, &gan->rng);
  gan->ct2w = param_add (&gan->gp, "g.ct2.w", 4, ct2, 0.02f, true, &gan->rng);
  gan->ct2b = param_add (&gan->gp, "g.ct2.b", 1, &one, 0.0f, true, &gan->rng);
  trunk_init (&gan->trunk, &gan->dp, "d", def->d_k1, def->d_k2, def->batch, 0.2f, &gan->rng);
  int nf = def->d_k2 * 49, head[2] = { 1, nf }, emb[2] = { AT_SKETCH_CLASSES, nf };
  gan->dfw = param_add (&gan->dp, "d.fc.w", 2, head, 0.02f, false, &gan->rng);
  gan->dfb = param_add (&gan->dp, "d.fc.b", 1, &one, 0.0f, false, &gan->rng);
  gan->demb = param_add (&gan->dp, "d.embed", 2, emb, 0.02f, false, &gan->rng);
  size_t dcols = (size_t) C2 * 16 * B * 49 > 16 * B * 196 ? (size_t) C2 * 16 * B * 49 : 16 * B * 196;
  float **bufs[] = { &gan->zin, &gan->a0, &gan->x0, &gan->r0, &gan->y0, &gan->cols1, &gan->x1, &gan->r1,
                     &gan->y1, &gan->cols2, &gan->img, &gan->dimg, &gan->dy1, &gan->dx1, &gan->dy0, &gan->dx0,
                     &gan->da0, &gan->dcols, &gan->real, &gan->logit, &gan->dfeat };
  size_t sizes[] = { B * nin, B * C1 * 49, B * C1 * 49, B * 49, B * C1 * 49, (size_t) C2 * 16 * B * 49,
                     B * C2 * 196, B * 196, B * C2 * 196, 16 * B * 196, B * 784, B * 784, B * C2 * 196,
                     B * C2 * 196, B * C1 * 49, B * C1 * 49, B * C1 * 49, dcols, B * 784, B, B * nf };
  bool ok = params_allocated (&gan->gp) && params_allocated (&gan->dp) && trunk_allocated (&gan->trunk);
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    ok = (*bufs[i] = malloc (sizes[i] * sizeof (float))) && ok;
  gan->yreal = malloc (B * sizeof (int));
  gan->yfake = malloc (B * sizeof (int));
  if (!ok || !gan->yreal || !gan->yfake)
    {
      at_sketch_gan_free (gan);
      return at_error_set (err, AT_ERR_NOMEM, "out of memory for the GAN");
    }
  *out = gan;
  return AT_OK;
}

void
at_sketch_gan_free (AtSketchGan *gan)
{
  if (!gan)
    return;
  params_free (&gan->gp);
  params_free (&gan->dp);
  trunk_free (&gan->trunk);
  float *bufs[] = { gan->zin, gan->a0, gan->x0, gan->r0, gan->y0, gan->cols1, gan->x1, gan->r1,
                    gan->y1, gan->cols2, gan->img, gan->dimg, gan->dy1, gan->dx1, gan->dy0, gan->dx0,
                    gan->da0, gan->dcols, gan->real, gan->logit, gan->dfeat };
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
    free (bufs[i]);
  free (gan->yreal);
  free (gan->yfake);
  free (gan);
}

long
at_sketch_gan_steps_done (const AtSketchGan *gan)
{
  return gan->steps;
}

void
at_sketch_gan_step (AtSketchGan *gan, AtSketchGanStats *stats)
{
  int B = gan->def.batch, Z = gan->def.latent;
  double loss_real = 0, loss_fake = 0, loss_g = 0;
  int right_real = 0, right_fake = 0;

  /* Discriminator: real images of their class vs generated ones. */
  params_zero_grad (&gan->dp);
  for (int b = 0; b < B; b++)
    gan->yreal[b] = draw_real (gan->data, &gan->rng, gan->real + (size_t) b * 784);
  d_forward (gan, gan->real, gan->yreal, B);
  for (int b = 0; b < B; b++)
    {
      double l = gan->logit[b];
      loss_real += softplus (-l);
      right_real += l > 0;
      gan->logit[b] = (float) ((sigmoid (l) - 1.0) / B);
    }
  d_backward (gan, gan->yreal, B, true, NULL);

  float *z = gan->dimg; /* free until the generator's backward pass */
  for (int b = 0; b < B; b++)
    {
      for (int k = 0; k < Z; k++)
        z[(size_t) b * Z + k] = (float) at_sketch_rng_normal (&gan->rng);
      gan->yfake[b] = (int) (at_sketch_rng_uniform (&gan->rng) * AT_SKETCH_CLASSES);
    }
  g_forward (gan, B, z, gan->yfake);
  d_forward (gan, gan->img, gan->yfake, B);
  for (int b = 0; b < B; b++)
    {
      double l = gan->logit[b];
      loss_fake += softplus (l);
      right_fake += l < 0;
      gan->logit[b] = (float) (sigmoid (l) / B);
    }
  d_backward (gan, gan->yfake, B, true, NULL);
  params_adam (&gan->dp, gan->def.lr_d, gan->def.beta1, gan->def.beta2, 0.0f);

  /* Generator: make the updated discriminator call its images real. */
  params_zero_grad (&gan->gp);
  d_forward (gan, gan->img, gan->yfake, B);
  for (int b = 0; b < B; b++)
    {
      double l = gan->logit[b];
      loss_g += softplus (-l);
      gan->logit[b] = (float) ((sigmoid (l) - 1.0) / B);
    }
  d_backward (gan, gan->yfake, B, false, gan->dimg);
  g_backward (gan, B);
  params_adam (&gan->gp, gan->def.lr_g, gan->def.beta1, gan->def.beta2, gan->def.ema_decay);
  gan->steps++;

  stats->d_loss = (loss_real + loss_fake) / B;
  stats->g_loss = loss_g / B;
  stats->d_acc_real = (double) right_real / B;
  stats->d_acc_fake = (double) right_fake / B;
  stats->finite = isfinite (stats->d_loss) && isfinite (stats->g_loss);
}

void
at_sketch_gan_sample (AtSketchGan *gan, int n, const float *z, const int *cls, float *images)
{
  g_forward (gan, n, z, cls);
  memcpy (images, gan->img, (size_t) n * 784 * sizeof (float));
}

AtStatus
at_sketch_gan_save_checkpoint (const AtSketchGan *gan, const char *path, AtError *err)
{
  AtTensorSet set = { 0 };
  float step = (float) gan->steps;
  int one = 1;
  AtStatus s = params_to_set (&gan->gp, false, true, &set, err);
  if (s == AT_OK)
    s = params_to_set (&gan->dp, false, true, &set, err);
  if (s == AT_OK)
    s = at_tensor_set_add (&set, "meta.steps", 1, &one, &step, err);
  if (s == AT_OK)
    s = at_tensor_set_save (path, &set, err);
  at_tensor_set_clear (&set);
  return s;
}

AtStatus
at_sketch_gan_load_checkpoint (AtSketchGan *gan, const char *path, AtError *err)
{
  AtTensorSet set;
  AtStatus s = at_tensor_set_load (path, &set, err);
  if (s != AT_OK)
    return s;
  int one = 1;
  const AtTensor *steps = at_tensor_set_expect (&set, path, "meta.steps", 1, &one, err);
  if (!steps)
    s = AT_ERR_CORRUPT;
  if (s == AT_OK)
    s = params_from_set (&gan->gp, &set, path, err);
  if (s == AT_OK)
    s = params_from_set (&gan->dp, &set, path, err);
  if (s == AT_OK)
    {
      gan->steps = (long) steps->data[0];
      gan->gp.t = gan->dp.t = gan->steps;
      /* A fresh stream per resume point keeps resumed runs reproducible. */
      gan->rng = gan->def.seed ^ ((uint64_t) gan->steps * 0x9E3779B97F4A7C15ull);
    }
  at_tensor_set_clear (&set);
  return s;
}

AtStatus
at_sketch_gan_export (const AtSketchGan *gan, const char *path, AtError *err)
{
  AtTensorSet set = { 0 };
  AtStatus s = params_to_set (&gan->gp, true, false, &set, err);
  if (s == AT_OK)
    s = at_tensor_set_save (path, &set, err);
  at_tensor_set_clear (&set);
  return s;
}

/* ---------- classifier ---------- */

AtSketchClassifierDef
at_sketch_classifier_def_default (void)
{
  return (AtSketchClassifierDef) { .k1 = 32, .k2 = 64, .hidden = 128, .batch = 64, .lr = 1e-3f, .seed = 7 };
}

struct AtSketchClassifierTrainer {
  AtSketchClassifierDef def;
  const AtSketchDataset *data;
  uint64_t rng;
  Params ps;
  Trunk trunk;
  Param *f1w, *f1b, *f2w, *f2b;
  float *img, *h, *logits, *dh, *dfeat;
  int *y;
};

AtStatus
at_sketch_classifier_trainer_new (const AtSketchClassifierDef *def, const AtSketchDataset *data,
                                  AtSketchClassifierTrainer **out, AtError *err)
{
  *out = NULL;
  if (def->k1 < 1 || def->k2 < 1 || def->hidden < 1 || def->batch < 1 || data->count < 1)
    return at_error_set (err, AT_ERR_INVALID, "bad classifier definition or empty data set");
  AtSketchClassifierTrainer *t = calloc (1, sizeof *t);
  if (!t)
    return at_error_set (err, AT_ERR_NOMEM, "out of memory");
  t->def = *def;
  t->data = data;
  t->rng = def->seed;
  trunk_init (&t->trunk, &t->ps, "c", def->k1, def->k2, def->batch, 0.0f, &t->rng);
  int nf = def->k2 * 49, f1[2] = { def->hidden, nf }, f2[2] = { AT_SKETCH_CLASSES, def->hidden };
  /* He initialisation for the ReLU layers. */
  t->f1w = param_add (&t->ps, "c.fc1.w", 2, f1, sqrtf (2.0f / nf), false, &t->rng);
  t->f1b = param_add (&t->ps, "c.fc1.b", 1, f1, 0.0f, false, &t->rng);
  t->f2w = param_add (&t->ps, "c.fc2.w", 2, f2, sqrtf (2.0f / def->hidden), false, &t->rng);
  t->f2b = param_add (&t->ps, "c.fc2.b", 1, f2, 0.0f, false, &t->rng);
  size_t B = (size_t) def->batch;
  t->img = malloc (B * 784 * sizeof (float));
  t->h = malloc (B * def->hidden * sizeof (float));
  t->logits = malloc (B * AT_SKETCH_CLASSES * sizeof (float));
  t->dh = malloc (B * def->hidden * sizeof (float));
  t->dfeat = malloc (B * nf * sizeof (float));
  t->y = malloc (B * sizeof (int));
  if (!params_allocated (&t->ps) || !trunk_allocated (&t->trunk) || !t->img || !t->h || !t->logits || !t->dh
      || !t->dfeat || !t->y)
    {
      at_sketch_classifier_trainer_free (t);
      return at_error_set (err, AT_ERR_NOMEM, "out of memory for the classifier");
    }
  *out = t;
  return AT_OK;
}

void
at_sketch_classifier_trainer_free (AtSketchClassifierTrainer *t)
{
  if (!t)
    return;
  params_free (&t->ps);
  trunk_free (&t->trunk);
  free (t->img);
  free (t->h);
  free (t->logits);
  free (t->dh);
  free (t->dfeat);
  free (t->y);
  free (t);
}

static void
classifier_forward (AtSketchClassifierTrainer *t, int B)
{
  int nf = t->def.k2 * 49, H = t->def.hidden;
  trunk_forward (&t->trunk, t->img, B);
  dense_forward (t->f1w, t->f1b, t->trunk.feat, nf, H, B, t->h);
  leaky_forward (t->h, (size_t) B * H, 0.0f);
  dense_forward (t->f2w, t->f2b, t->h, H, AT_SKETCH_CLASSES, B, t->logits);
}

double
at_sketch_classifier_trainer_step (AtSketchClassifierTrainer *t)
{
  int B = t->def.batch, nf = t->def.k2 * 49, H = t->def.hidden;
  for (int b = 0; b < B; b++)
    t->y[b] = draw_real (t->data, &t->rng, t->img + (size_t) b * 784);
  params_zero_grad (&t->ps);
  classifier_forward (t, B);
  double loss = 0.0;
  for (int b = 0; b < B; b++)
    {
      float *l = t->logits + (size_t) b * AT_SKETCH_CLASSES;
      float mx = l[0];
      for (int k = 1; k < AT_SKETCH_CLASSES; k++)
        mx = l[k] > mx ? l[k] : mx;
      double sum = 0.0;
      for (int k = 0; k < AT_SKETCH_CLASSES; k++)
        sum += exp ((double) (l[k] - mx));
      loss += log (sum) - (l[t->y[b]] - mx);
      /* softmax minus one-hot, averaged: the cross-entropy gradient */
      for (int k = 0; k < AT_SKETCH_CLASSES; k++)
        l[k] = (float) ((exp ((double) (l[k] - mx)) / sum - (k == t->y[b])) / B);
    }
  dense_backward (t->f2w, t->f2b, t->logits, t->h, H, AT_SKETCH_CLASSES, B, t->dh);
  leaky_backward (t->dh, t->h, (size_t) B * H, 0.0f);
  dense_backward (t->f1w, t->f1b, t->dh, t->trunk.feat, nf, H, B, t->dfeat);
  trunk_backward (&t->trunk, t->dfeat, B, true, NULL);
  params_adam (&t->ps, t->def.lr, 0.9f, 0.999f, 0.0f);
  return loss / B;
}

double
at_sketch_classifier_trainer_accuracy (AtSketchClassifierTrainer *t, const AtSketchDataset *test)
{
  int right = 0;
  for (int start = 0; start < test->count; start += t->def.batch)
    {
      int B = test->count - start < t->def.batch ? test->count - start : t->def.batch;
      for (size_t i = 0; i < (size_t) B * 784; i++)
        t->img[i] = test->pixels[(size_t) start * 784 + i] / 127.5f - 1.0f;
      classifier_forward (t, B);
      for (int b = 0; b < B; b++)
        {
          const float *l = t->logits + (size_t) b * AT_SKETCH_CLASSES;
          int best = 0;
          for (int k = 1; k < AT_SKETCH_CLASSES; k++)
            best = l[k] > l[best] ? k : best;
          right += best == test->labels[start + b];
        }
    }
  return test->count ? (double) right / test->count : 0.0;
}

AtStatus
at_sketch_classifier_trainer_export (const AtSketchClassifierTrainer *t, const char *path, AtError *err)
{
  AtTensorSet set = { 0 };
  AtStatus s = params_to_set (&t->ps, false, false, &set, err);
  if (s == AT_OK)
    s = at_tensor_set_save (path, &set, err);
  at_tensor_set_clear (&set);
  return s;
}

/* Batched training of the sketch networks.
 *
 * Method: conditional DCGAN (Radford et al. 2016) with the non-saturating
 * GAN loss (Goodfellow et al. 2014), Adam (Kingma & Ba 2015, beta1 = 0.5 as
 * in DCGAN), a projection discriminator for the class condition (Miyato &
 * Koyama 2018, "cGANs with Projection Discriminator": logit = w.h + e_y.h),
 * and an exponential moving average of the generator weights for export
 * (Yazici et al. 2019). The classifier is a small CNN trained with
 * softmax cross-entropy. Layers are in sketch_layers.c. */
#include "sketch_train.h"
#include "sketch_layers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  sk_dense_forward (gan->fcw, gan->fcb, gan->zin, nin, C1 * 49, B, gan->a0);
  sk_rows_to_channels (gan->a0, B, C1, 49, gan->x0);
  sk_pixel_norm_relu_forward (gan->x0, C1, (size_t) B * 49, gan->r0, gan->y0);
  sk_convt_forward (gan->ct1w, gan->ct1b, gan->y0, C1, C2, B, 7, gan->cols1, gan->x1);
  sk_pixel_norm_relu_forward (gan->x1, C2, (size_t) B * 196, gan->r1, gan->y1);
  sk_convt_forward (gan->ct2w, gan->ct2b, gan->y1, C2, 1, B, 14, gan->cols2, gan->img);
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
  sk_convt_backward (gan->ct2w, gan->ct2b, gan->dimg, gan->y1, C2, 1, B, 14, gan->dcols, gan->dy1);
  sk_pixel_norm_relu_backward (gan->dy1, gan->x1, gan->r1, gan->y1, C2, (size_t) B * 196, gan->dx1);
  sk_convt_backward (gan->ct1w, gan->ct1b, gan->dx1, gan->y0, C1, C2, B, 7, gan->dcols, gan->dy0);
  sk_pixel_norm_relu_backward (gan->dy0, gan->x0, gan->r0, gan->y0, C1, (size_t) B * 49, gan->dx0);
  sk_channels_to_rows (gan->dx0, B, C1, 49, gan->da0);
  sk_dense_backward (gan->fcw, gan->fcb, gan->da0, gan->zin, Z + AT_SKETCH_CLASSES, C1 * 49, B, NULL);
}

static void
d_forward (AtSketchGan *gan, const float *img, const int *cls, int B)
{
  sk_trunk_forward (&gan->trunk, img, B);
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
  sk_trunk_backward (&gan->trunk, gan->dfeat, B, weight_grads, dimg);
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
  gan->fcw = sk_param_add (&gan->gp, "g.fc.w", 2, fc, 0.02f, true, &gan->rng);
  gan->fcb = sk_param_add (&gan->gp, "g.fc.b", 1, fc, 0.0f, true, &gan->rng);
  gan->ct1w = sk_param_add (&gan->gp, "g.ct1.w", 4, ct1, 0.02f, true, &gan->rng);
  gan->ct1b = sk_param_add (&gan->gp, "g.ct1.b", 1, &C2, 0.0f, true, &gan->rng);
  gan->ct2w = sk_param_add (&gan->gp, "g.ct2.w", 4, ct2, 0.02f, true, &gan->rng);
  gan->ct2b = sk_param_add (&gan->gp, "g.ct2.b", 1, &one, 0.0f, true, &gan->rng);
  sk_trunk_init (&gan->trunk, &gan->dp, "d", def->d_k1, def->d_k2, def->batch, 0.2f, &gan->rng);
  int nf = def->d_k2 * 49, head[2] = { 1, nf }, emb[2] = { AT_SKETCH_CLASSES, nf };
  gan->dfw = sk_param_add (&gan->dp, "d.fc.w", 2, head, 0.02f, false, &gan->rng);
  gan->dfb = sk_param_add (&gan->dp, "d.fc.b", 1, &one, 0.0f, false, &gan->rng);
  gan->demb = sk_param_add (&gan->dp, "d.embed", 2, emb, 0.02f, false, &gan->rng);
  size_t dcols = (size_t) C2 * 16 * B * 49 > 16 * B * 196 ? (size_t) C2 * 16 * B * 49 : 16 * B * 196;
  float **bufs[] = { &gan->zin, &gan->a0, &gan->x0, &gan->r0, &gan->y0, &gan->cols1, &gan->x1, &gan->r1,
                     &gan->y1, &gan->cols2, &gan->img, &gan->dimg, &gan->dy1, &gan->dx1, &gan->dy0, &gan->dx0,
                     &gan->da0, &gan->dcols, &gan->real, &gan->logit, &gan->dfeat };
  size_t sizes[] = { B * nin, B * C1 * 49, B * C1 * 49, B * 49, B * C1 * 49, (size_t) C2 * 16 * B * 49,
                     B * C2 * 196, B * 196, B * C2 * 196, 16 * B * 196, B * 784, B * 784, B * C2 * 196,
                     B * C2 * 196, B * C1 * 49, B * C1 * 49, B * C1 * 49, dcols, B * 784, B, B * nf };
  bool ok = sk_params_allocated (&gan->gp) && sk_params_allocated (&gan->dp) && sk_trunk_allocated (&gan->trunk);
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
  sk_params_free (&gan->gp);
  sk_params_free (&gan->dp);
  sk_trunk_free (&gan->trunk);
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
  sk_params_zero_grad (&gan->dp);
  for (int b = 0; b < B; b++)
    gan->yreal[b] = sk_draw_real (gan->data, &gan->rng, gan->real + (size_t) b * 784);
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
  sk_params_adam (&gan->dp, gan->def.lr_d, gan->def.beta1, gan->def.beta2, 0.0f);

  /* Generator: make the updated discriminator call its images real. */
  sk_params_zero_grad (&gan->gp);
  d_forward (gan, gan->img, gan->yfake, B);
  for (int b = 0; b < B; b++)
    {
      double l = gan->logit[b];
      loss_g += softplus (-l);
      gan->logit[b] = (float) ((sigmoid (l) - 1.0) / B);
    }
  d_backward (gan, gan->yfake, B, false, gan->dimg);
  g_backward (gan, B);
  sk_params_adam (&gan->gp, gan->def.lr_g, gan->def.beta1, gan->def.beta2, gan->def.ema_decay);
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
  AtStatus s = sk_params_to_set (&gan->gp, false, true, &set, err);
  if (s == AT_OK)
    s = sk_params_to_set (&gan->dp, false, true, &set, err);
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
    s = sk_params_from_set (&gan->gp, &set, path, err);
  if (s == AT_OK)
    s = sk_params_from_set (&gan->dp, &set, path, err);
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
at_sketch_gan_export (const AtSketchGan *gan, bool averaged, const char *path, AtError *err)
{
  AtTensorSet set = { 0 };
  AtStatus s = sk_params_to_set (&gan->gp, averaged, false, &set, err);
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
  sk_trunk_init (&t->trunk, &t->ps, "c", def->k1, def->k2, def->batch, 0.0f, &t->rng);
  int nf = def->k2 * 49, f1[2] = { def->hidden, nf }, f2[2] = { AT_SKETCH_CLASSES, def->hidden };
  /* He initialisation for the ReLU layers. */
  t->f1w = sk_param_add (&t->ps, "c.fc1.w", 2, f1, sqrtf (2.0f / nf), false, &t->rng);
  t->f1b = sk_param_add (&t->ps, "c.fc1.b", 1, f1, 0.0f, false, &t->rng);
  t->f2w = sk_param_add (&t->ps, "c.fc2.w", 2, f2, sqrtf (2.0f / def->hidden), false, &t->rng);
  t->f2b = sk_param_add (&t->ps, "c.fc2.b", 1, f2, 0.0f, false, &t->rng);
  size_t B = (size_t) def->batch;
  t->img = malloc (B * 784 * sizeof (float));
  t->h = malloc (B * def->hidden * sizeof (float));
  t->logits = malloc (B * AT_SKETCH_CLASSES * sizeof (float));
  t->dh = malloc (B * def->hidden * sizeof (float));
  t->dfeat = malloc (B * nf * sizeof (float));
  t->y = malloc (B * sizeof (int));
  if (!sk_params_allocated (&t->ps) || !sk_trunk_allocated (&t->trunk) || !t->img || !t->h || !t->logits || !t->dh
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
  sk_params_free (&t->ps);
  sk_trunk_free (&t->trunk);
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
  sk_trunk_forward (&t->trunk, t->img, B);
  sk_dense_forward (t->f1w, t->f1b, t->trunk.feat, nf, H, B, t->h);
  sk_leaky_forward (t->h, (size_t) B * H, 0.0f);
  sk_dense_forward (t->f2w, t->f2b, t->h, H, AT_SKETCH_CLASSES, B, t->logits);
}

double
at_sketch_classifier_trainer_step (AtSketchClassifierTrainer *t)
{
  int B = t->def.batch, nf = t->def.k2 * 49, H = t->def.hidden;
  for (int b = 0; b < B; b++)
    t->y[b] = sk_draw_real (t->data, &t->rng, t->img + (size_t) b * 784);
  sk_params_zero_grad (&t->ps);
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
  sk_dense_backward (t->f2w, t->f2b, t->logits, t->h, H, AT_SKETCH_CLASSES, B, t->dh);
  sk_leaky_backward (t->dh, t->h, (size_t) B * H, 0.0f);
  sk_dense_backward (t->f1w, t->f1b, t->dh, t->trunk.feat, nf, H, B, t->dfeat);
  sk_trunk_backward (&t->trunk, t->dfeat, B, true, NULL);
  sk_params_adam (&t->ps, t->def.lr, 0.9f, 0.999f, 0.0f);
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
  AtStatus s = sk_params_to_set (&t->ps, false, false, &set, err);
  if (s == AT_OK)
    s = at_tensor_set_save (path, &set, err);
  at_tensor_set_clear (&set);
  return s;
}

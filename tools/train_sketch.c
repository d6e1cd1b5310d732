/* train-sketch: trains the sketch generator (conditional GAN) and the
 * classifier that judges it, from Fashion-MNIST, and writes the weight files
 * the engine loads (data/sketch/). Methods in sketch_train.c.
 *
 *   train-sketch gan --data DIR [--out FILE] [--checkpoint FILE] [--resume]
 *                    [--minutes M] [--steps N] [--batch B] [--log-every N]
 *   train-sketch classifier --data DIR [--out FILE] [--steps N]
 *   train-sketch export --data DIR --checkpoint FILE [--out FILE] [--raw] */
#include "sketch_train.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
usage (void)
{
  fprintf (stderr,
           "usage: train-sketch gan --data DIR [--out generator.atw] [--checkpoint FILE] [--resume]\n"
           "                        [--minutes M] [--steps N] [--batch B] [--log-every N]\n"
           "       train-sketch classifier --data DIR [--out classifier.atw] [--steps N]\n"
           "       train-sketch export --data DIR --checkpoint FILE [--out generator.atw] [--raw]\n");
  return 2;
}

static bool
parse_long (const char *s, long min, long *out)
{
  if (!s)
    return false;
  char *end;
  errno = 0;
  long v = strtol (s, &end, 10);
  if (errno || *end || v < min)
    return false;
  *out = v;
  return true;
}

static int
fail (const AtError *err)
{
  fprintf (stderr, "train-sketch: %s\n", err->message);
  return 1;
}

static int
train_gan (const char *data_dir, const char *out, const char *checkpoint, bool resume, double minutes, long steps,
           long batch, long log_every)
{
  AtError err = { 0 };
  AtSketchDataset data;
  if (at_sketch_dataset_load (data_dir, "train", &data, &err) != AT_OK)
    return fail (&err);
  AtSketchGanDef def = at_sketch_gan_def_default ();
  def.batch = (int) batch;
  AtSketchGan *gan;
  if (at_sketch_gan_new (&def, &data, &gan, &err) != AT_OK)
    {
      at_sketch_dataset_free (&data);
      return fail (&err);
    }
  if (resume && at_sketch_gan_load_checkpoint (gan, checkpoint, &err) != AT_OK)
    {
      at_sketch_gan_free (gan);
      at_sketch_dataset_free (&data);
      return fail (&err);
    }
  printf ("training conditional GAN on %d images (6 classes), batch %ld, from step %ld\n", data.count, batch,
          at_sketch_gan_steps_done (gan));
  double start = now_s (), last = start, sum_d = 0, sum_g = 0, sum_ar = 0, sum_af = 0;
  long n = 0, first = at_sketch_gan_steps_done (gan);
  int rc = 0;
  while ((steps <= 0 || at_sketch_gan_steps_done (gan) < steps) && now_s () - start < minutes * 60.0)
    {
      AtSketchGanStats st;
      at_sketch_gan_step (gan, &st);
      if (!st.finite)
        {
          fprintf (stderr, "train-sketch: loss became non-finite at step %ld; keeping the last checkpoint\n",
                   at_sketch_gan_steps_done (gan));
          rc = 1;
          break;
        }
      sum_d += st.d_loss;
      sum_g += st.g_loss;
      sum_ar += st.d_acc_real;
      sum_af += st.d_acc_fake;
      n++;
      long k = at_sketch_gan_steps_done (gan);
      if (k % log_every == 0)
        {
          double t = now_s ();
          printf ("step %6ld  D loss %.3f  G loss %.3f  D acc real %.2f fake %.2f  %.0f ms/step  %.1f min\n", k,
                  sum_d / n, sum_g / n, sum_ar / n, sum_af / n, 1000.0 * (t - last) / n, (t - start) / 60.0);
          fflush (stdout);
          sum_d = sum_g = sum_ar = sum_af = 0;
          n = 0;
          last = t;
        }
      if (k % 1000 == 0 && (at_sketch_gan_save_checkpoint (gan, checkpoint, &err) != AT_OK
                            || at_sketch_gan_export (gan, true, out, &err) != AT_OK))
        {
          rc = fail (&err);
          break;
        }
    }
  if (rc == 0 && (at_sketch_gan_save_checkpoint (gan, checkpoint, &err) != AT_OK
                  || at_sketch_gan_export (gan, true, out, &err) != AT_OK))
    rc = fail (&err);
  if (rc == 0)
    printf ("done: %ld steps this run (%ld in all) in %.1f min; generator written to %s, checkpoint %s\n",
            at_sketch_gan_steps_done (gan) - first, at_sketch_gan_steps_done (gan), (now_s () - start) / 60.0, out,
            checkpoint);
  at_sketch_gan_free (gan);
  at_sketch_dataset_free (&data);
  return rc;
}

/* The generator of a checkpoint: averaged weights, or the raw ones. */
static int
export_checkpoint (const char *data_dir, const char *checkpoint, const char *out, bool raw)
{
  AtError err = { 0 };
  AtSketchDataset data;
  if (at_sketch_dataset_load (data_dir, "t10k", &data, &err) != AT_OK)
    return fail (&err);
  AtSketchGanDef def = at_sketch_gan_def_default ();
  AtSketchGan *gan = NULL;
  int rc = 0;
  if (at_sketch_gan_new (&def, &data, &gan, &err) != AT_OK || at_sketch_gan_load_checkpoint (gan, checkpoint, &err) != AT_OK
      || at_sketch_gan_export (gan, !raw, out, &err) != AT_OK)
    rc = fail (&err);
  else
    printf ("%s generator of step %ld written to %s\n", raw ? "raw" : "averaged", at_sketch_gan_steps_done (gan), out);
  at_sketch_gan_free (gan);
  at_sketch_dataset_free (&data);
  return rc;
}

static int
train_classifier (const char *data_dir, const char *out, long steps)
{
  AtError err = { 0 };
  AtSketchDataset train, test;
  if (at_sketch_dataset_load (data_dir, "train", &train, &err) != AT_OK)
    return fail (&err);
  if (at_sketch_dataset_load (data_dir, "t10k", &test, &err) != AT_OK)
    {
      at_sketch_dataset_free (&train);
      return fail (&err);
    }
  AtSketchClassifierDef def = at_sketch_classifier_def_default ();
  AtSketchClassifierTrainer *t;
  if (at_sketch_classifier_trainer_new (&def, &train, &t, &err) != AT_OK)
    {
      at_sketch_dataset_free (&train);
      at_sketch_dataset_free (&test);
      return fail (&err);
    }
  double start = now_s (), sum = 0;
  for (long k = 1; k <= steps; k++)
    {
      sum += at_sketch_classifier_trainer_step (t);
      if (k % 200 == 0)
        {
          printf ("step %5ld  loss %.4f  %.1f s\n", k, sum / 200, now_s () - start);
          fflush (stdout);
          sum = 0;
        }
    }
  double acc = at_sketch_classifier_trainer_accuracy (t, &test);
  printf ("classifier test accuracy on the real t10k images (6 classes, %d images): %.4f\n", test.count, acc);
  int rc = at_sketch_classifier_trainer_export (t, out, &err) == AT_OK ? 0 : fail (&err);
  at_sketch_classifier_trainer_free (t);
  at_sketch_dataset_free (&train);
  at_sketch_dataset_free (&test);
  return rc;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    return usage ();
  const char *mode = argv[1], *data = NULL, *out = NULL, *checkpoint = "sketch-gan.ckpt";
  bool resume = false, raw = false;
  long steps = 0, batch = 64, log_every = 100, minutes = 45;
  for (int i = 2; i < argc; i++)
    {
      const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
      bool ok = true;
      if (strcmp (a, "--data") == 0 && v)
        data = argv[++i];
      else if (strcmp (a, "--out") == 0 && v)
        out = argv[++i];
      else if (strcmp (a, "--checkpoint") == 0 && v)
        checkpoint = argv[++i];
      else if (strcmp (a, "--resume") == 0)
        resume = true;
      else if (strcmp (a, "--raw") == 0)
        raw = true;
      else if (strcmp (a, "--minutes") == 0)
        ok = parse_long (argv[++i], 1, &minutes);
      else if (strcmp (a, "--steps") == 0)
        ok = parse_long (argv[++i], 1, &steps);
      else if (strcmp (a, "--batch") == 0)
        ok = parse_long (argv[++i], 1, &batch) && batch <= 1024;
      else if (strcmp (a, "--log-every") == 0)
        ok = parse_long (argv[++i], 1, &log_every);
      else
        ok = false;
      if (!ok)
        {
          fprintf (stderr, "train-sketch: bad or unknown option '%s'\n", a);
          return usage ();
        }
    }
  if (!data)
    {
      fprintf (stderr, "train-sketch: --data DIR (the Fashion-MNIST folder) is required\n");
      return usage ();
    }
  if (strcmp (mode, "gan") == 0)
    return train_gan (data, out ? out : "generator.atw", checkpoint, resume, (double) minutes, steps, batch,
                      log_every);
  if (strcmp (mode, "export") == 0)
    return export_checkpoint (data, checkpoint, out ? out : "generator.atw", raw);
  if (strcmp (mode, "classifier") == 0)
    return train_classifier (data, out ? out : "classifier.atw", steps > 0 ? steps : 3000);
  return usage ();
}

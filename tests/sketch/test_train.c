/* A short run of the sketch trainers on a subset of Fashion-MNIST: the GAN's
 * losses move as a GAN's should (the discriminator leaves chance, the
 * generator's output changes, everything stays finite), a checkpoint
 * resumes exactly, and the classifier's loss falls. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>

#include "sketch_train.h"

static AtSketchDataset data;

static void
test_gan_short_run (void)
{
  AtSketchGanDef def = at_sketch_gan_def_default ();
  def.batch = 16;
  def.seed = 3;
  AtSketchGan *gan;
  AtError err = { 0 };
  g_assert_cmpint (at_sketch_gan_new (&def, &data, &gan, &err), ==, AT_OK);
  enum { N = 8, STEPS = 150 };
  float z[N * 64], before[N * 784], after[N * 784];
  int cls[N];
  uint64_t rng = 99;
  for (int i = 0; i < N * def.latent; i++)
    z[i] = (float) at_sketch_rng_normal (&rng);
  for (int i = 0; i < N; i++)
    cls[i] = i % AT_SKETCH_CLASSES;
  at_sketch_gan_sample (gan, N, z, cls, before);
  double off_chance = 0.0, d_first = 0, d_last = 0;
  for (int s = 0; s < STEPS; s++)
    {
      AtSketchGanStats st;
      at_sketch_gan_step (gan, &st);
      g_assert_true (st.finite);
      g_assert_cmpfloat (st.d_acc_real, >=, 0.0);
      g_assert_cmpfloat (st.d_acc_fake, <=, 1.0);
      /* How far the discriminator is from a coin toss, over the run. */
      off_chance += fabs (0.5 * (st.d_acc_real + st.d_acc_fake) - 0.5) / STEPS;
      if (s < 10)
        d_first += st.d_loss / 10;
      if (s >= STEPS - 10)
        d_last += st.d_loss / 10;
    }
  g_test_message ("D loss %.3f -> %.3f, mean distance of D accuracy from 0.5: %.3f", d_first, d_last, off_chance);
  g_assert_cmpfloat (off_chance, >, 0.08);
  g_assert_cmpfloat (fabs (d_last - d_first), >, 1e-3);
  at_sketch_gan_sample (gan, N, z, cls, after);
  double change = 0.0;
  for (int i = 0; i < N * 784; i++)
    {
      g_assert_true (isfinite (after[i]));
      change += fabs (after[i] - before[i]) / (N * 784);
    }
  g_assert_cmpfloat (change, >, 0.02);

  /* Checkpoint and resume give the same generator. */
  const char *tmp = g_getenv ("ATELIER_TEST_TMP");
  g_mkdir_with_parents (tmp ? tmp : "/tmp", 0755);
  g_autofree char *ckpt = g_build_filename (tmp ? tmp : "/tmp", "sketch-test.ckpt", NULL);
  g_autofree char *exported = g_build_filename (tmp ? tmp : "/tmp", "sketch-test-generator.atw", NULL);
  g_assert_cmpint (at_sketch_gan_save_checkpoint (gan, ckpt, &err), ==, AT_OK);
  g_assert_cmpint (at_sketch_gan_export (gan, true, exported, &err), ==, AT_OK);
  AtSketchGan *again;
  g_assert_cmpint (at_sketch_gan_new (&def, &data, &again, &err), ==, AT_OK);
  g_assert_cmpint (at_sketch_gan_load_checkpoint (again, ckpt, &err), ==, AT_OK);
  g_assert_cmpint (at_sketch_gan_steps_done (again), ==, STEPS);
  float resumed[N * 784];
  at_sketch_gan_sample (again, N, z, cls, resumed);
  g_assert_cmpmem (resumed, sizeof resumed, after, sizeof after);
  /* The exported generator loads in the engine. */
  AtSketchGenerator *g;
  g_assert_cmpint (at_sketch_generator_load (exported, &g, &err), ==, AT_OK);
  g_assert_cmpint (at_sketch_generator_latent_dim (g), ==, def.latent);
  at_sketch_generator_free (g);
  at_sketch_gan_free (again);
  at_sketch_gan_free (gan);
}

static void
test_classifier_short_run (void)
{
  AtSketchClassifierDef def = at_sketch_classifier_def_default ();
  def.batch = 32;
  AtSketchClassifierTrainer *t;
  AtError err = { 0 };
  g_assert_cmpint (at_sketch_classifier_trainer_new (&def, &data, &t, &err), ==, AT_OK);
  double first = 0, last = 0;
  for (int s = 0; s < 120; s++)
    {
      double loss = at_sketch_classifier_trainer_step (t);
      g_assert_true (isfinite (loss));
      if (s < 10)
        first += loss / 10;
      if (s >= 110)
        last += loss / 10;
    }
  g_test_message ("classifier loss %.3f -> %.3f", first, last);
  g_assert_cmpfloat (last, <, 0.8 * first);
  at_sketch_classifier_trainer_free (t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *shared = g_getenv ("ATELIER_SHARED_DATA");
  g_autofree char *dir = shared ? g_build_filename (shared, "fashion-mnist", NULL) : NULL;
  if (!dir || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_print ("1..0 # SKIP Fashion-MNIST not found (set ATELIER_SHARED_DATA)\n");
      return 77;
    }
  AtError err = { 0 };
  if (at_sketch_dataset_load (dir, "t10k", &data, &err) != AT_OK)
    g_error ("%s", err.message);
  data.count = data.count < 3000 ? data.count : 3000; /* a subset keeps the run short */
  g_test_add_func ("/sketch/train/gan", test_gan_short_run);
  g_test_add_func ("/sketch/train/classifier", test_classifier_short_run);
  int rc = g_test_run ();
  at_sketch_dataset_free (&data);
  return rc;
}

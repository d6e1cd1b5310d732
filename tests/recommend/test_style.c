/* Tests of the style recommender: the shipped catalogue loads, bad
 * catalogues are rejected by name, co-occurrence and segments rank the
 * expected items with the expected reasons, history and budget are
 * respected, and the benches write well-formed outputs. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include "common/at-test-cli.h"
#include "recommend/at_rec_learn.h"
#include "recommend/at_style.h"

static char *tmp_dir;

static void
test_shipped_catalog (void)
{
  const char *datadir = g_getenv ("ATELIER_DATADIR");
  g_assert_nonnull (datadir);
  g_autofree char *path = g_build_filename (datadir, "catalog", "catalog.json", NULL);
  AtStyleCatalog *cat = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_style_catalog_load (path, &cat, &err), ==, AT_OK);
  g_assert_cmpuint (at_style_catalog_size (cat), >=, 60);
  const char *garments[] = { "tshirt", "shirt", "skirt", "trousers", "dress", "hoodie" };
  for (size_t g = 0; g < G_N_ELEMENTS (garments); g++)
    {
      gboolean found = FALSE;
      for (size_t i = 0; i < at_style_catalog_size (cat); i++)
        found |= strcmp (at_style_catalog_item (cat, i)->garment, garments[g]) == 0;
      g_assert_true (found);
    }
  const AtStyleItem *first = at_style_catalog_item (cat, 0);
  g_assert_cmpint (at_style_catalog_find (cat, first->id), ==, 0);
  g_assert_cmpint (at_style_catalog_find (cat, "no-such-item"), ==, -1);
  at_style_catalog_free (cat);
}

static AtStatus
load_text (const char *text, AtError *err)
{
  g_autofree char *path = g_build_filename (tmp_dir, "cat.json", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  AtStyleCatalog *cat = NULL;
  AtStatus st = at_style_catalog_load (path, &cat, err);
  at_style_catalog_free (cat);
  return st;
}

static void
test_catalog_rejects (void)
{
  AtError err = { 0 };
  g_assert_cmpint (load_text ("{\"items\": [{\"id\": \"a\", \"garment\": \"dress\", \"category\": \"dress\", \"price\": 10}]}", &err), ==, AT_OK);
  g_assert_cmpint (load_text ("{\"items\": [{\"id\": \"a\", \"garment\": \"dress\", \"category\": \"dress\", \"price\": 10, \"colur\": \"red\"}]}", &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "'colur'"));
  g_assert_cmpint (load_text ("{\"items\": [{\"id\": \"a\", \"garment\": \"dress\", \"price\": 10}]}", &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "'category'"));
  g_assert_cmpint (load_text ("{\"items\": [{\"id\": \"a\", \"garment\": \"dress\", \"category\": \"dress\", \"price\": 10},"
                              " {\"id\": \"a\", \"garment\": \"skirt\", \"category\": \"bottom\", \"price\": 10}]}", &err), ==, AT_ERR_INVALID);
  g_assert_nonnull (strstr (err.message, "duplicate item id 'a'"));
  g_assert_cmpint (load_text ("{\"items\": [{\"id\": \"a\", \"garment\": \"dress\", \"category\": \"dress\", \"price\": -1}]}", &err), ==, AT_ERR_RANGE);
  g_assert_cmpint (load_text ("{\"items\": []}", &err), ==, AT_ERR_PARSE);
  g_assert_cmpint (load_text ("{\"items\": [", &err), ==, AT_ERR_PARSE);
  g_assert_nonnull (strstr (err.message, "cat.json"));
  g_assert_cmpint (load_text ("[1, 2]", &err), ==, AT_ERR_PARSE);
}

/* Twelve items: dresses d0-d5, trousers t0-t5. */
static AtStyleCatalog *
small_catalog (void)
{
  static char ids[12][8];
  AtStyleItem items[12];
  for (int k = 0; k < 12; k++)
    {
      gboolean dress = k < 6;
      g_snprintf (ids[k], sizeof ids[k], "%c%d", dress ? 'd' : 't', k % 6);
      items[k] = (AtStyleItem) { .id = ids[k], .garment = dress ? "dress" : "trousers",
                                 .category = dress ? "dress" : "bottom", .occasion = dress ? "party" : "work",
                                 .colour = k % 2 ? "navy" : "red", .price = 50.0 + 20.0 * k };
    }
  AtStyleCatalog *cat = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_style_catalog_new (items, 12, &cat, &err), ==, AT_OK);
  return cat;
}

static void
test_rank_reasons (void)
{
  AtStyleCatalog *cat = small_catalog ();
  /* 40 customers liked d0 and bought d3; 30 "pear" customers bought t4 */
  AtStyleEvent ev[200];
  static char names[80][8];
  size_t n = 0;
  for (int c = 0; c < 40; c++)
    {
      g_snprintf (names[c], sizeof names[c], "a%d", c);
      ev[n++] = (AtStyleEvent) { names[c], "d0", AT_STYLE_LIKE, "hourglass", "party", -1 };
      ev[n++] = (AtStyleEvent) { names[c], "d3", AT_STYLE_PURCHASE, "hourglass", "party", -1 };
    }
  for (int c = 40; c < 70; c++)
    {
      g_snprintf (names[c], sizeof names[c], "b%d", c);
      ev[n++] = (AtStyleEvent) { names[c], "t4", AT_STYLE_PURCHASE, "pear", "work", -1 };
    }
  ev[n++] = (AtStyleEvent) { "x", "not-in-catalogue", AT_STYLE_LIKE, NULL, NULL, -1 };
  AtStyleDef def = at_style_def_default ();
  AtStyleModel *m = NULL;
  AtError err = { 0 };
  g_assert_cmpint (at_style_model_train (cat, ev, n, &def, &m, &err), ==, AT_OK);

  AtStyleEvent mine = { "me", "d0", AT_STYLE_LIKE, NULL, NULL, -1 };
  AtStyleProfile p = at_style_profile_default ();
  p.history = &mine;
  p.n_history = 1;
  AtStyleRec recs[12];
  size_t got = at_style_rank (m, &p, 12, recs);
  g_assert_cmpuint (got, ==, 11); /* everything but d0, which she has */
  for (size_t k = 0; k < got; k++)
    g_assert_cmpint (recs[k].item, !=, at_style_catalog_find (cat, "d0"));
  g_assert_cmpint (recs[0].item, ==, at_style_catalog_find (cat, "d3"));
  g_assert_cmpint (recs[0].why, ==, AT_STYLE_REASON_SIMILAR);
  g_assert_cmpstr (recs[0].reason, ==, "similar to the dress you liked");
  for (size_t k = 1; k < got; k++)
    g_assert_cmpfloat (recs[k - 1].score, >=, recs[k].score);

  /* a new pear-shaped customer: what pear customers chose comes first */
  AtStyleProfile q = at_style_profile_default ();
  q.body_shape = "pear";
  got = at_style_rank (m, &q, 3, recs);
  g_assert_cmpuint (got, ==, 3);
  g_assert_cmpint (recs[0].item, ==, at_style_catalog_find (cat, "t4"));
  g_assert_cmpstr (recs[0].reason, ==, "popular with customers like you");

  /* questionnaire: trousers in navy under 200; t4 (130) is red, t5 (270)
   * over budget */
  const char *cats[] = { "trousers" }, *cols[] = { "navy" };
  AtStyleProfile r = at_style_profile_default ();
  r.categories = cats;
  r.n_categories = 1;
  r.colours = cols;
  r.n_colours = 1;
  r.max_price = 200;
  got = at_style_rank (m, &r, 12, recs);
  for (size_t k = 0; k < got; k++)
    g_assert_cmpfloat (at_style_catalog_item (cat, (size_t) recs[k].item)->price, <=, 200);
  g_assert_cmpuint (got, ==, 8); /* t5 at 270 and t4 at 250 are out */
  const AtStyleItem *top = at_style_catalog_item (cat, (size_t) recs[0].item);
  g_assert_cmpstr (top->garment, ==, "trousers");
  g_assert_cmpstr (top->colour, ==, "navy");

  int32_t pop[3];
  g_assert_cmpuint (at_style_rank_popular (m, &p, 3, pop), ==, 3);
  g_assert_cmpint (pop[0], ==, at_style_catalog_find (cat, "d3")); /* 40 purchases beat 30 */
  at_style_model_free (m);
  at_style_catalog_free (cat);
}

static char *
synthetic_rtr (const char *name, size_t n, uint64_t seed)
{
  GString *s = g_string_new ("user_id,item_id,rented_for,body_type,category,review_date\n");
  uint64_t rng = seed;
  for (size_t k = 0; k < n; k++)
    {
      int u = (int) (at_rng_next (&rng) % 60), i = (int) (at_rng_next (&rng) % 25);
      g_string_append_printf (s, "%d,%d,%s,%s,%s,2017-0%d-1%d\n", 100 + u, 3000 + (i + u) % 25,
                              u % 2 ? "party" : "work", u % 3 ? "pear" : "athletic", i % 2 ? "dress" : "gown",
                              1 + i % 9, u % 10);
    }
  char *path = at_test_write_gz (tmp_dir, name, s->str);
  g_string_free (s, TRUE);
  return path;
}

static void
test_bench_outputs (void)
{
  if (!g_getenv ("ATELIER_CLI"))
    {
      g_test_skip ("ATELIER_CLI is not set");
      return;
    }
  g_autofree char *train = synthetic_rtr ("train.csv.gz", 800, 1);
  g_autofree char *test = synthetic_rtr ("test.csv.gz", 120, 2);
  g_autofree char *pred = g_build_filename (tmp_dir, "pred.txt", NULL);
  const char *args[] = { "bench", "style-rec", "--train", train, "--test", test, "--predictions", pred, "--json", NULL };
  g_autofree char *out = NULL;
  g_assert_cmpint (at_test_run_cli (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"recall_at_10\""));
  g_assert_nonnull (strstr (out, "\"ndcg_at_10\""));
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (pred, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 120 + 1);
  for (int k = 0; k < 120; k++)
    {
      g_auto (GStrv) ids = g_strsplit (lines[k], " ", -1);
      g_assert_cmpuint (g_strv_length (ids), ==, 10);
      for (int j = 0; j < 10; j++)
        g_assert_cmpint (atoi (ids[j]), >=, 3000);
    }
  const char *args2[] = { "bench", "rank", "--items", "500", "--runs", "3", "--json", NULL };
  g_autofree char *out2 = NULL;
  g_assert_cmpint (at_test_run_cli (args2, &out2, NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "\"median_ms\""));
  g_assert_nonnull (strstr (out2, "\"reason\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("test-recommend-style-XXXXXX", NULL);
  g_test_add_func ("/recommend/shipped-catalog", test_shipped_catalog);
  g_test_add_func ("/recommend/catalog-rejects", test_catalog_rejects);
  g_test_add_func ("/recommend/rank-reasons", test_rank_reasons);
  g_test_add_func ("/recommend/bench-outputs", test_bench_outputs);
  int rc = g_test_run ();
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", tmp_dir);
  g_free (tmp_dir);
  return rc;
}

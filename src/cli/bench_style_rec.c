/* `atelier-cli bench style-rec`: offline evaluation of the style
 * recommender (at_style.h) on RentTheRunway rentals. The catalogue is the
 * items rented in TRAIN (category and most frequent occasion as attributes),
 * the events are TRAIN's rentals; for each TEST row whose user rented in
 * TRAIN the customer's profile is her TRAIN history plus what the kiosk
 * would know when she asks: her body type, the occasion she shops for (the
 * row's rented_for, a questionnaire answer) and the date. The row's item and
 * category are never shown. A hit is the row's item among the ten proposed;
 * recall@10 and NDCG@10 are averaged over those rows, beside the
 * most-popular-items peer (history excluded likewise). */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "at_file.h"
#include "recommend/at_rec_learn.h"
#include "recommend/at_rtr.h"
#include "recommend/at_style.h"

#define SYNOPSIS "--train TRAIN.csv.gz --test TEST.csv.gz [--predictions P.txt] [--json]"
#define MAX_TEXT ((size_t) 1 << 30)
enum { TOP = 10 };

typedef struct {
  char (*user)[24];      /* train rows' ids as text */
  char (*item)[24];
  AtStyleEvent *events;  /* train rows, grouped by user */
  size_t *user_start;    /* per distinct train user: its first event */
  AtIdMap *users;
  AtStyleCatalog *cat;
  AtStyleModel *model;
} Setup;

typedef struct {
  const char (*ids)[24];
  const int32_t *top; /* n x TOP, -1 padded */
  size_t n;
} PredFile;

static void
setup_clear (Setup *s)
{
  at_style_model_free (s->model);
  at_style_catalog_free (s->cat);
  at_id_map_free (s->users);
  free (s->user);
  free (s->item);
  free (s->events);
  free (s->user_start);
}

static const char *
vocab_name (const AtStrMap *map, int32_t code)
{
  return code >= 0 ? at_str_map_key (map, code) : NULL;
}

/* The most frequent value among codes[0..n-1] (-1 if none is known). */
static int32_t
most_frequent (const int32_t *codes, size_t n, int32_t *count, size_t n_values)
{
  memset (count, 0, n_values * sizeof *count);
  int32_t best = -1;
  for (size_t r = 0; r < n; r++)
    {
      int32_t c = codes[r];
      if (c < 0 || (size_t) c >= n_values)
        continue;
      count[c]++;
      if (best < 0 || count[c] > count[best])
        best = c;
    }
  return best;
}

static int
compare_events (const void *a, const void *b)
{
  const AtStyleEvent *x = a, *y = b;
  int c = strcmp (x->customer, y->customer);
  return c ? c : (x->day > y->day) - (x->day < y->day);
}

static AtStatus
build_setup (const AtRtrTable *train, const AtRtrVocab *vocab, Setup *s, AtError *err)
{
  size_t n = train->n;
  memset (s, 0, sizeof *s);
  s->user = malloc (n * sizeof *s->user);
  s->item = malloc (n * sizeof *s->item);
  s->events = malloc (n * sizeof *s->events);
  s->user_start = malloc ((n + 1) * sizeof *s->user_start);
  s->users = at_id_map_new ();
  AtIdMap *items = at_id_map_new ();
  size_t n_cat = at_str_map_size (vocab->category), n_occ = at_str_map_size (vocab->occasion);
  int32_t *count = malloc ((n_cat + n_occ + 1) * sizeof *count);
  int32_t *item_of = malloc (n * sizeof *item_of), *row_cat = malloc (n * sizeof *row_cat);
  int32_t *row_occ = malloc (n * sizeof *row_occ);
  AtStyleItem *cat_items = calloc (n, sizeof *cat_items);
  if (!s->user || !s->item || !s->events || !s->user_start || !s->users || !items || !count || !item_of || !row_cat
      || !row_occ || !cat_items)
    {
      at_id_map_free (items);
      free (count), free (item_of), free (row_cat), free (row_occ), free (cat_items);
      return at_error_set (err, AT_ERR_NOMEM, "out of memory");
    }
  for (size_t r = 0; r < n; r++)
    {
      const AtFitRecord *rec = &train->rows[r];
      snprintf (s->user[r], sizeof s->user[r], "%lld", (long long) rec->customer);
      snprintf (s->item[r], sizeof s->item[r], "%lld", (long long) rec->item);
      s->events[r] = (AtStyleEvent) { s->user[r], s->item[r], AT_STYLE_RENTAL, vocab_name (vocab->body_type, rec->body_type),
                                      vocab_name (vocab->occasion, train->occasion[r]), train->day[r] };
      item_of[r] = at_id_map_add (items, rec->item);
    }
  /* the catalogue: each item with its usual category and occasion; rows
   * are bucketed by item through a counting sort */
  size_t m = at_id_map_size (items);
  size_t *start = calloc (m + 1, sizeof *start), *fill = calloc (m, sizeof *fill);
  AtStatus st = start && fill ? AT_OK : at_error_set (err, AT_ERR_NOMEM, "out of memory");
  for (size_t r = 0; !st && r < n; r++)
    start[item_of[r] + 1]++;
  for (size_t i = 0; !st && i < m; i++)
    start[i + 1] += start[i];
  for (size_t r = 0; !st && r < n; r++)
    {
      size_t at = start[item_of[r]] + fill[item_of[r]]++;
      row_cat[at] = train->rows[r].category;
      row_occ[at] = train->occasion[r];
      if (fill[item_of[r]] == 1)
        cat_items[item_of[r]].id = s->item[r];
    }
  for (size_t i = 0; !st && i < m; i++)
    {
      size_t len = start[i + 1] - start[i];
      cat_items[i].category = vocab_name (vocab->category, most_frequent (row_cat + start[i], len, count, n_cat));
      cat_items[i].occasion = vocab_name (vocab->occasion, most_frequent (row_occ + start[i], len, count, n_occ));
    }
  if (!st)
    st = at_style_catalog_new (cat_items, m, &s->cat, err);
  free (start), free (fill), free (count), free (item_of), free (row_cat), free (row_occ), free (cat_items);
  at_id_map_free (items);
  if (st)
    return st;
  AtStyleDef def = at_style_def_default ();
  if ((st = at_style_model_train (s->cat, s->events, n, &def, &s->model, err)))
    return st;
  /* group events by user (time order within) for the profiles */
  qsort (s->events, n, sizeof *s->events, compare_events);
  size_t n_users = 0;
  for (size_t r = 0; r < n; r++)
    if (r == 0 || strcmp (s->events[r].customer, s->events[r - 1].customer) != 0)
      {
        if (at_id_map_add (s->users, strtoll (s->events[r].customer, NULL, 10)) < 0)
          return at_error_set (err, AT_ERR_NOMEM, "out of memory");
        s->user_start[n_users++] = r;
      }
  s->user_start[n_users] = n;
  return AT_OK;
}

static AtStatus
write_predictions (const char *tmp_path, void *user_data, AtError *err)
{
  const PredFile *pf = user_data;
  FILE *f = fopen (tmp_path, "w");
  if (!f)
    return at_error_set (err, AT_ERR_IO, "%s: cannot write", tmp_path);
  for (size_t r = 0; r < pf->n; r++)
    {
      for (int k = 0; k < TOP && pf->top[r * TOP + k] >= 0; k++)
        fprintf (f, "%s%s", k ? " " : "", pf->ids[pf->top[r * TOP + k]]);
      fputc ('\n', f);
    }
  bool failed = ferror (f) != 0;
  failed |= fclose (f) != 0;
  return failed ? at_error_set (err, AT_ERR_IO, "%s: write error", tmp_path) : AT_OK;
}

static int
run_bench (const char *train_path, const char *test_path, const char *pred_path, bool json)
{
  const char *cmd = "bench style-rec";
  AtError err = { 0 };
  AtRtrVocab vocab = { 0 };
  AtRtrTable train = { 0 }, test = { 0 };
  Setup s = { 0 };
  int32_t *top = NULL;
  char (*ids)[24] = NULL;
  int rc = AT_EXIT_FAILURE;
  struct timespec t0, t1;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  if (at_rtr_vocab_init (&vocab, &err) || at_rtr_load (train_path, &vocab, AT_RTR_NEED_IDS, MAX_TEXT, &train, &err)
      || at_rtr_load (test_path, &vocab, AT_RTR_NEED_IDS, MAX_TEXT, &test, &err) || build_setup (&train, &vocab, &s, &err))
    goto out;
  size_t m = at_style_catalog_size (s.cat);
  top = malloc (test.n * TOP * sizeof *top);
  ids = malloc (m * sizeof *ids);
  if (!top || !ids)
    {
      at_error_set (&err, AT_ERR_NOMEM, "out of memory");
      goto out;
    }
  for (size_t i = 0; i < m; i++)
    snprintf (ids[i], sizeof ids[i], "%s", at_style_catalog_item (s.cat, i)->id);
  double hit = 0, ndcg = 0, peer_hit = 0, peer_ndcg = 0;
  size_t evaluated = 0;
#pragma omp parallel for schedule(dynamic, 64) reduction(+ : hit, ndcg, peer_hit, peer_ndcg, evaluated)
  for (size_t r = 0; r < test.n; r++)
    {
      const AtFitRecord *rec = &test.rows[r];
      int32_t u = at_id_map_find (s.users, rec->customer);
      AtStyleProfile p = at_style_profile_default ();
      p.body_shape = vocab_name (vocab.body_type, rec->body_type);
      p.occasion = vocab_name (vocab.occasion, test.occasion[r]);
      p.day = test.day[r];
      if (u >= 0)
        {
          p.history = s.events + s.user_start[u];
          p.n_history = s.user_start[u + 1] - s.user_start[u];
        }
      AtStyleRec recs[TOP];
      size_t got = at_style_rank (s.model, &p, TOP, recs);
      for (size_t k = 0; k < TOP; k++)
        top[r * TOP + k] = k < got ? recs[k].item : -1;
      if (u < 0)
        continue;
      char want[24];
      snprintf (want, sizeof want, "%lld", (long long) rec->item);
      int32_t target = at_style_catalog_find (s.cat, want);
      int32_t peer[TOP];
      size_t n_peer = at_style_rank_popular (s.model, &p, TOP, peer);
      int rank = target >= 0 ? at_rank_of (top + r * TOP, TOP, target) : -1;
      int peer_rank = target >= 0 ? at_rank_of (peer, (int) n_peer, target) : -1;
      hit += rank >= 0, ndcg += at_ndcg_single (rank);
      peer_hit += peer_rank >= 0, peer_ndcg += at_ndcg_single (peer_rank);
      evaluated++;
    }
  PredFile pf = { (const char (*)[24]) ids, top, test.n };
  if (pred_path && at_file_write_via (pred_path, write_predictions, &pf, &err))
    goto out;
  clock_gettime (CLOCK_MONOTONIC, &t1);
  double seconds = (double) (t1.tv_sec - t0.tv_sec) + 1e-9 * (double) (t1.tv_nsec - t0.tv_nsec);
  double d = evaluated ? (double) evaluated : 1.0;
  double recall = hit / d, nd = ndcg / d, peer_recall = peer_hit / d, peer_nd = peer_ndcg / d;
  double ratio = peer_recall > 0 ? recall / peer_recall : 0.0;
  if (json)
    {
      json_t *o = json_object ();
      json_object_set_new (o, "recall_at_10", json_real (recall));
      json_object_set_new (o, "ndcg_at_10", json_real (nd));
      json_object_set_new (o, "peer_recall_at_10", json_real (peer_recall));
      json_object_set_new (o, "peer_ndcg_at_10", json_real (peer_nd));
      json_object_set_new (o, "peer", json_string ("most popular items the customer has not rented yet"));
      json_object_set_new (o, "ratio", json_real (ratio));
      json_object_set_new (o, "evaluated_rows", json_integer ((json_int_t) evaluated));
      json_object_set_new (o, "test_rows", json_integer ((json_int_t) test.n));
      json_object_set_new (o, "catalog_items", json_integer ((json_int_t) m));
      json_object_set_new (o, "seconds", json_real (seconds));
      at_cli_print_json (json_dumps (o, JSON_INDENT (2) | JSON_REAL_PRECISION (6)));
      json_decref (o);
    }
  else
    {
      printf ("style-rec: %zu catalogue items, %zu of %zu test rows have a training history (%.1f s)\n", m, evaluated,
              test.n, seconds);
      printf ("%-28s %10s %10s\n", "", "recall@10", "NDCG@10");
      printf ("%-28s %10.4f %10.4f\n", "blend (this)", recall, nd);
      printf ("%-28s %10.4f %10.4f\n", "peer: most popular", peer_recall, peer_nd);
      printf ("recall ratio to peer: %.2f\n", ratio);
    }
  rc = AT_EXIT_OK;
out:
  if (rc != AT_EXIT_OK)
    at_cli_fail (cmd, &err);
  setup_clear (&s);
  free (top);
  free (ids);
  at_rtr_table_clear (&train);
  at_rtr_table_clear (&test);
  at_rtr_vocab_clear (&vocab);
  return rc;
}

int
at_cli_bench_style_rec (int argc, char **argv)
{
  const char *cmd = "bench style-rec";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, SYNOPSIS,
                         "Trains the style recommender on TRAIN's rentals and prints recall@10 and\n"
                         "NDCG@10 over TEST rows whose user rented in TRAIN, beside a\n"
                         "most-popular-items peer. P.txt: one line per TEST row, the ten item ids.\n");
      return AT_EXIT_OK;
    }
  return at_cli_bench_train_test (cmd, SYNOPSIS, argc, argv, run_bench);
}

/* `atelier-cli bench rank`: how long the style recommender (at_style.h)
 * takes to rank a large catalogue for one customer. The catalogue is the
 * shipped one (data/catalog) repeated in colour variants up to --items;
 * synthetic customers with a taste for one garment and colour give the
 * collaborative part something to chew on. Prints the median and worst
 * time of one at_style_rank call over --runs calls. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "at_file.h"
#include "recommend/at_rec_learn.h"
#include "recommend/at_style.h"

#define SYNOPSIS "[--items N] [--runs N] [--json]"
enum { TOP = 10, CUSTOMERS = 2000, EVENTS_PER_CUSTOMER = 12 };

static const char *const colours[] = { "black", "white", "navy", "grey", "red", "green", "blue", "beige", "pink",
                                       "burgundy", "olive", "mustard" };
#define N_COLOURS (sizeof colours / sizeof colours[0])

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
now_ms (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return 1e3 * (double) t.tv_sec + 1e-6 * (double) t.tv_nsec;
}

static int
run_bench (long n_items, long runs, bool json)
{
  const char *cmd = "bench rank";
  AtError err = { 0 };
  char path[4096];
  at_data_path ("catalog/catalog.json", path, sizeof path);
  AtStyleCatalog *base = NULL, *cat = NULL;
  AtStyleModel *model = NULL;
  AtStyleItem *items = malloc ((size_t) n_items * sizeof *items);
  char (*ids)[96] = malloc ((size_t) n_items * sizeof *ids);
  char (*names)[16] = malloc (CUSTOMERS * sizeof *names);
  AtStyleEvent *events = malloc ((size_t) CUSTOMERS * EVENTS_PER_CUSTOMER * sizeof *events);
  double *ms = malloc ((size_t) runs * sizeof *ms);
  int rc = AT_EXIT_FAILURE;
  if (!items || !ids || !names || !events || !ms)
    {
      at_error_set (&err, AT_ERR_NOMEM, "out of memory");
      goto out;
    }
  if (at_style_catalog_load (path, &base, &err))
    goto out;
  size_t nb = at_style_catalog_size (base);
  uint64_t rng = 42;
  for (long k = 0; k < n_items; k++)
    {
      items[k] = *at_style_catalog_item (base, (size_t) k % nb);
      items[k].colour = colours[(size_t) k / nb % N_COLOURS];
      snprintf (ids[k], sizeof ids[k], "%s-v%ld", items[k].id, k / (long) nb);
      items[k].id = ids[k];
      items[k].price *= 0.8 + 0.4 * at_rng_uniform (&rng);
    }
  if (at_style_catalog_new (items, (size_t) n_items, &cat, &err))
    goto out;
  /* each synthetic customer favours one garment and one colour */
  size_t n_events = 0;
  for (int c = 0; c < CUSTOMERS; c++)
    {
      snprintf (names[c], sizeof names[c], "c%d", c);
      long taste = (long) (at_rng_next (&rng) % nb), colour = (long) (at_rng_next (&rng) % N_COLOURS);
      for (int e = 0; e < EVENTS_PER_CUSTOMER; e++)
        {
          long variant = at_rng_uniform (&rng) < 0.7 ? colour : (long) (at_rng_next (&rng) % N_COLOURS);
          long garment = at_rng_uniform (&rng) < 0.5 ? taste : (long) (at_rng_next (&rng) % nb);
          long k = (variant * (long) nb + garment) % n_items;
          events[n_events++] = (AtStyleEvent) { names[c], ids[k], (AtStyleEventKind) (e % AT_STYLE_EVENT_KINDS),
                                                c % 2 ? "pear" : "hourglass", "party", 17000 + e };
        }
    }
  double t0 = now_ms ();
  AtStyleDef def = at_style_def_default ();
  if (at_style_model_train (cat, events, n_events, &def, &model, &err))
    goto out;
  double train_ms = now_ms () - t0;
  const char *likes[] = { "navy", "black" };
  AtStyleProfile p = at_style_profile_default ();
  p.body_shape = "pear";
  p.occasion = "party";
  p.season = "summer";
  p.colours = likes;
  p.n_colours = 2;
  p.max_price = 200;
  p.history = events;
  p.n_history = EVENTS_PER_CUSTOMER;
  p.day = 17005;
  AtStyleRec recs[TOP];
  size_t got = 0;
  for (long r = 0; r < runs; r++)
    {
      double t = now_ms ();
      got = at_style_rank (model, &p, TOP, recs);
      ms[r] = now_ms () - t;
    }
  qsort (ms, (size_t) runs, sizeof *ms, compare_double);
  double median = runs % 2 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]), worst = ms[runs - 1];
  if (json)
    {
      json_t *o = json_object ();
      json_object_set_new (o, "items", json_integer (n_items));
      json_object_set_new (o, "runs", json_integer (runs));
      json_object_set_new (o, "median_ms", json_real (median));
      json_object_set_new (o, "max_ms", json_real (worst));
      json_object_set_new (o, "train_ms", json_real (train_ms));
      json_t *top = json_array ();
      for (size_t k = 0; k < got; k++)
        {
          json_t *e = json_object ();
          json_object_set_new (e, "id", json_string (at_style_catalog_item (cat, (size_t) recs[k].item)->id));
          json_object_set_new (e, "reason", json_string (recs[k].reason));
          json_array_append_new (top, e);
        }
      json_object_set_new (o, "top", top);
      at_cli_print_json (json_dumps (o, JSON_INDENT (2) | JSON_REAL_PRECISION (6)));
      json_decref (o);
    }
  else
    {
      printf ("rank: %ld items, %ld runs: median %.3f ms, max %.3f ms (model trained in %.0f ms)\n", n_items, runs,
              median, worst, train_ms);
      for (size_t k = 0; k < got; k++)
        printf ("  %2zu. %-48s %s\n", k + 1, at_style_catalog_item (cat, (size_t) recs[k].item)->id, recs[k].reason);
    }
  rc = AT_EXIT_OK;
out:
  if (rc != AT_EXIT_OK)
    at_cli_fail (cmd, &err);
  at_style_model_free (model);
  at_style_catalog_free (cat);
  at_style_catalog_free (base);
  free (items), free (ids), free (names), free (events), free (ms);
  return rc;
}

int
at_cli_bench_rank (int argc, char **argv)
{
  const char *cmd = "bench rank";
  if (at_cli_wants_help (argc, argv))
    {
      at_cli_print_help (stdout, cmd, SYNOPSIS,
                         "Times at_style_rank on a catalogue of N items (default 10000) built\n"
                         "from data/catalog in colour variants; prints median and max ms over\n"
                         "--runs calls (default 51) and the top ten with their reasons.\n");
      return AT_EXIT_OK;
    }
  long n_items = 10000, runs = 51;
  bool json = false;
  const AtCliOption options[] = {
    { "--items", AT_CLI_INT, &n_items, 1, 10000000 },
    { "--runs", AT_CLI_INT, &runs, 1, 100000 },
    { "--json", AT_CLI_FLAG, &json },
    { 0 },
  };
  int rc = at_cli_parse_options (cmd, SYNOPSIS, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  return run_bench (n_items, runs, json);
}

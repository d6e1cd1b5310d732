/* The style recommender of at_style.h: item-based collaborative filtering
 * (Sarwar, Karypis, Konstan & Riedl, "Item-Based Collaborative Filtering
 * Recommendation Algorithms", WWW 2001) with cosine co-occurrence over the
 * customers who interacted with both items, heavy users' pairs damped by
 * 1 / log2(2 + their item count) as in Breese et al.'s inverse user
 * frequency; content similarity over the catalogue attributes for cold
 * items; popularity within the customer's body shape and occasion segment
 * and within a window around the request date (rental fashion is strongly
 * seasonal: items come and go); and the questionnaire's preferences. */
#include "at_style.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "at_id_map.h"

/* attributes: category silhouette occasion season colour pattern fabric;
 * the latest MAX_HISTORY events count, and the latest MAX_CONTENT of them
 * for attribute similarity (a scan of the whole catalogue each) */
enum { ATTR_COUNT = 7, MAX_HISTORY = 50, MAX_CONTENT = 10 };

/* How much each attribute adds to content similarity: the category
 * matters most, then the cut, then the look. */
static const double attr_weight[ATTR_COUNT] = { 0.4, 0.2, 0.1, 0.05, 0.1, 0.1, 0.05 };
static const double kind_weight[AT_STYLE_EVENT_KINDS] = { 1.0, 1.5, 3.0, 3.0 };
static const char *const kind_verb[AT_STYLE_EVENT_KINDS] = { "liked", "tried on", "bought", "rented" };

typedef struct {
  int32_t day;
  int32_t occasion; /* segment code, -1 unknown */
} DatedEvent;

struct AtStyleModel {
  const AtStyleCatalog *cat;
  AtStyleDef def;
  size_t m;
  int32_t *attr;          /* m x ATTR_COUNT value codes, -1 empty */
  AtStrMap *values[ATTR_COUNT];
  AtStrMap *shapes, *occasions;
  double *pop;            /* m */
  float *pop_shape;       /* m x shapes */
  float *pop_occasion;    /* m x occasions */
  int32_t *by_popularity; /* item indices, most popular first */
  int32_t *nb_item;       /* m x neighbours, -1 padded */
  float *nb_sim;
  size_t *day_start;      /* m + 1 */
  DatedEvent *days;       /* sorted by day per item */
};

AtStyleDef
at_style_def_default (void)
{
  return (AtStyleDef) { .neighbours = 50, .trend_days = 30, .w_similar = 1.0, .w_segment = 0.6, .w_trend = 1.0,
                        .w_popular = 0.2, .w_preference = 0.5, .content_share = 0.3 };
}

AtStyleProfile
at_style_profile_default (void)
{
  return (AtStyleProfile) { .day = -1 };
}

void
at_style_model_free (AtStyleModel *model)
{
  if (!model)
    return;
  free (model->attr);
  for (int a = 0; a < ATTR_COUNT; a++)
    at_str_map_free (model->values[a]);
  at_str_map_free (model->shapes);
  at_str_map_free (model->occasions);
  free (model->pop);
  free (model->pop_shape);
  free (model->pop_occasion);
  free (model->by_popularity);
  free (model->nb_item);
  free (model->nb_sim);
  free (model->day_start);
  free (model->days);
  free (model);
}

static const char *
item_attr (const AtStyleItem *item, int a)
{
  const char *v[ATTR_COUNT] = { item->category, item->silhouette, item->occasion, item->season,
                                item->colour, item->pattern, item->fabric };
  return v[a];
}

static int
compare_int32 (const void *a, const void *b)
{
  int32_t x = *(const int32_t *) a, y = *(const int32_t *) b;
  return (x > y) - (x < y);
}

static int
compare_dated (const void *a, const void *b)
{
  const DatedEvent *x = a, *y = b;
  return x->day != y->day ? (x->day > y->day) - (x->day < y->day) : (x->occasion > y->occasion) - (x->occasion < y->occasion);
}

static int
compare_popularity (const void *a, const void *b, void *pop)
{
  int32_t x = *(const int32_t *) a, y = *(const int32_t *) b;
  double px = ((const double *) pop)[x], py = ((const double *) pop)[y];
  return px < py ? 1 : px > py ? -1 : (x > y) - (x < y);
}

/* Keeps each item's top neighbours by damped cosine co-occurrence. */
static bool
build_neighbours (AtStyleModel *mo, const int32_t *ev_user, const int32_t *ev_item, size_t n_ev, size_t n_users)
{
  size_t m = mo->m;
  int k = mo->def.neighbours;
  size_t *u_start = calloc (n_users + 1, sizeof *u_start), *i_start = calloc (m + 1, sizeof *i_start);
  int32_t *u_items = malloc ((n_ev ? n_ev : 1) * sizeof *u_items), *i_users = malloc ((n_ev ? n_ev : 1) * sizeof *i_users);
  size_t *fill = calloc (n_users > m ? n_users + 1 : m + 1, sizeof *fill);
  mo->nb_item = malloc (m * (size_t) k * sizeof *mo->nb_item);
  mo->nb_sim = malloc (m * (size_t) k * sizeof *mo->nb_sim);
  bool ok = u_start && i_start && u_items && i_users && fill && mo->nb_item && mo->nb_sim;
  if (ok)
    {
      /* user -> distinct items */
      for (size_t e = 0; e < n_ev; e++)
        u_start[ev_user[e] + 1]++;
      for (size_t u = 0; u < n_users; u++)
        u_start[u + 1] += u_start[u];
      for (size_t e = 0; e < n_ev; e++)
        u_items[u_start[ev_user[e]] + fill[ev_user[e]]++] = ev_item[e];
      size_t w = 0;
      for (size_t u = 0; u < n_users; u++)
        {
          size_t begin = u_start[u], end = u_start[u + 1];
          qsort (u_items + begin, end - begin, sizeof *u_items, compare_int32);
          u_start[u] = w;
          for (size_t q = begin; q < end; q++)
            if (q == begin || u_items[q] != u_items[q - 1])
              u_items[w++] = u_items[q];
        }
      u_start[n_users] = w;
      /* item -> users */
      for (size_t q = 0; q < w; q++)
        i_start[u_items[q] + 1]++;
      for (size_t i = 0; i < m; i++)
        i_start[i + 1] += i_start[i];
      memset (fill, 0, (m + 1) * sizeof *fill);
      for (size_t u = 0; u < n_users; u++)
        for (size_t q = u_start[u]; q < u_start[u + 1]; q++)
          i_users[i_start[u_items[q]] + fill[u_items[q]]++] = (int32_t) u;
    }
  bool failed = !ok;
#pragma omp parallel if (ok)
  {
    double *acc = ok ? calloc (m, sizeof *acc) : NULL;
    int32_t *touched = ok ? malloc (m * sizeof *touched) : NULL;
    if (ok && (!acc || !touched))
      {
#pragma omp atomic write
        failed = true;
      }
#pragma omp for schedule(dynamic, 64)
    for (size_t i = 0; i < (ok ? m : 0); i++)
      {
        int32_t *nb = mo->nb_item + i * (size_t) k;
        float *sim = mo->nb_sim + i * (size_t) k;
        for (int s = 0; s < k; s++)
          nb[s] = -1, sim[s] = 0;
        if (!acc || !touched)
          continue;
        size_t n_touched = 0;
        for (size_t p = i_start[i]; p < i_start[i + 1]; p++)
          {
            int32_t u = i_users[p];
            double damp = 1.0 / log2 (2.0 + (double) (u_start[u + 1] - u_start[u]));
            for (size_t q = u_start[u]; q < u_start[u + 1]; q++)
              {
                int32_t j = u_items[q];
                if ((size_t) j == i)
                  continue;
                if (acc[j] == 0)
                  touched[n_touched++] = j;
                acc[j] += damp;
              }
          }
        double ni = (double) (i_start[i + 1] - i_start[i]);
        for (size_t t = 0; t < n_touched; t++)
          {
            int32_t j = touched[t];
            float c = (float) (acc[j] / sqrt (ni * (double) (i_start[j + 1] - i_start[j])));
            acc[j] = 0;
            if (c <= sim[k - 1])
              continue;
            int s = k - 1;
            for (; s > 0 && sim[s - 1] < c; s--)
              sim[s] = sim[s - 1], nb[s] = nb[s - 1];
            sim[s] = c, nb[s] = j;
          }
      }
    free (acc);
    free (touched);
  }
  free (u_start), free (i_start), free (u_items), free (i_users), free (fill);
  return !failed;
}

static int32_t
segment_code (AtStrMap *map, const char *name)
{
  return name && *name ? at_str_map_add (map, name) : -1;
}

AtStatus
at_style_model_train (const AtStyleCatalog *cat, const AtStyleEvent *events, size_t n, const AtStyleDef *def,
                      AtStyleModel **out, AtError *err)
{
  *out = NULL;
  if (def->neighbours < 1 || def->neighbours > 1000 || def->trend_days < 0)
    return at_error_set (err, AT_ERR_RANGE, "style model: neighbours must be 1-1000, trend_days >= 0");
  AtStyleModel *mo = calloc (1, sizeof *mo);
  size_t m = cat ? at_style_catalog_size (cat) : 0;
  int32_t *ev_user = malloc ((n ? n : 1) * sizeof *ev_user), *ev_item = malloc ((n ? n : 1) * sizeof *ev_item);
  int32_t *ev_shape = malloc ((n ? n : 1) * sizeof *ev_shape), *ev_occ = malloc ((n ? n : 1) * sizeof *ev_occ);
  AtStrMap *users = at_str_map_new ();
  AtStatus st = AT_OK;
  if (!mo || !ev_user || !ev_item || !ev_shape || !ev_occ || !users)
    st = at_error_set (err, AT_ERR_NOMEM, "style model: out of memory");
  else if (m == 0)
    st = at_error_set (err, AT_ERR_INVALID, "style model: the catalogue is empty");
  if (!st)
    {
      mo->cat = cat;
      mo->def = *def;
      mo->m = m;
      mo->attr = malloc (m * ATTR_COUNT * sizeof *mo->attr);
      mo->shapes = at_str_map_new ();
      mo->occasions = at_str_map_new ();
      mo->pop = calloc (m, sizeof *mo->pop);
      mo->day_start = calloc (m + 1, sizeof *mo->day_start);
      mo->by_popularity = malloc (m * sizeof *mo->by_popularity);
      bool ok = mo->attr && mo->shapes && mo->occasions && mo->pop && mo->day_start && mo->by_popularity;
      for (int a = 0; ok && a < ATTR_COUNT; a++)
        ok = (mo->values[a] = at_str_map_new ()) != NULL;
      for (size_t i = 0; ok && i < m; i++)
        for (int a = 0; a < ATTR_COUNT; a++)
          {
            const char *v = item_attr (at_style_catalog_item (cat, i), a);
            mo->attr[i * ATTR_COUNT + a] = *v ? at_str_map_add (mo->values[a], v) : -1;
          }
      if (!ok)
        st = at_error_set (err, AT_ERR_NOMEM, "style model: out of memory");
    }
  size_t kept = 0, n_dated = 0;
  for (size_t e = 0; !st && e < n; e++)
    {
      const AtStyleEvent *ev = &events[e];
      if (ev->kind < AT_STYLE_LIKE || ev->kind >= AT_STYLE_EVENT_KINDS || !ev->customer)
        st = at_error_set (err, AT_ERR_INVALID, "style model: event %zu has no customer or an unknown kind", e);
      int32_t item = at_style_catalog_find (cat, ev->item);
      if (st || item < 0)
        continue;
      ev_user[kept] = at_str_map_add (users, ev->customer);
      ev_item[kept] = item;
      ev_shape[kept] = segment_code (mo->shapes, ev->body_shape);
      ev_occ[kept] = segment_code (mo->occasions, ev->occasion);
      mo->pop[item] += kind_weight[ev->kind];
      if (ev->day >= 0)
        {
          mo->day_start[item + 1]++;
          n_dated++;
        }
      kept++;
    }
  if (!st)
    {
      size_t ns = at_str_map_size (mo->shapes), no = at_str_map_size (mo->occasions);
      mo->pop_shape = calloc (m * (ns ? ns : 1), sizeof *mo->pop_shape);
      mo->pop_occasion = calloc (m * (no ? no : 1), sizeof *mo->pop_occasion);
      mo->days = malloc ((n_dated ? n_dated : 1) * sizeof *mo->days);
      size_t *fill = calloc (m, sizeof *fill);
      if (!mo->pop_shape || !mo->pop_occasion || !mo->days || !fill)
        st = at_error_set (err, AT_ERR_NOMEM, "style model: out of memory");
      for (size_t i = 0; !st && i < m; i++)
        mo->day_start[i + 1] += mo->day_start[i];
      for (size_t e = 0, q = 0; !st && e < n; e++)
        {
          int32_t item = at_style_catalog_find (cat, events[e].item);
          if (item < 0)
            continue;
          double w = kind_weight[events[e].kind];
          if (ev_shape[q] >= 0)
            mo->pop_shape[(size_t) item * ns + ev_shape[q]] += (float) w;
          if (ev_occ[q] >= 0)
            mo->pop_occasion[(size_t) item * no + ev_occ[q]] += (float) w;
          if (events[e].day >= 0)
            mo->days[mo->day_start[item] + fill[item]++] = (DatedEvent) { events[e].day, ev_occ[q] };
          q++;
        }
      for (size_t i = 0; !st && i < m; i++)
        {
          qsort (mo->days + mo->day_start[i], mo->day_start[i + 1] - mo->day_start[i], sizeof *mo->days,
                 compare_dated);
          mo->by_popularity[i] = (int32_t) i;
        }
      free (fill);
    }
  if (!st)
    {
      qsort_r (mo->by_popularity, m, sizeof *mo->by_popularity, compare_popularity, mo->pop);
      if (!build_neighbours (mo, ev_user, ev_item, kept, at_str_map_size (users)))
        st = at_error_set (err, AT_ERR_NOMEM, "style model: out of memory");
    }
  free (ev_user), free (ev_item), free (ev_shape), free (ev_occ);
  at_str_map_free (users);
  if (st)
    {
      at_style_model_free (mo);
      return st;
    }
  *out = mo;
  return AT_OK;
}

/* Events within the trend window around day for item i, those for the
 * same occasion counting twice (what is worn to weddings this month). */
static double
trend_count (const AtStyleModel *mo, size_t i, int32_t day, int32_t occasion)
{
  const DatedEvent *d = mo->days + mo->day_start[i];
  size_t n = mo->day_start[i + 1] - mo->day_start[i];
  int32_t lo_day = day - mo->def.trend_days, hi_day = day + mo->def.trend_days;
  size_t lo = 0, hi = n;
  while (lo < hi) /* first event on or after lo_day */
    {
      size_t mid = (lo + hi) / 2;
      if (d[mid].day < lo_day)
        lo = mid + 1;
      else
        hi = mid;
    }
  double count = 0;
  for (size_t k = lo; k < n && d[k].day <= hi_day; k++)
    count += occasion >= 0 && d[k].occasion == occasion ? 2.0 : 1.0;
  return count;
}

static double
content_similarity (const AtStyleModel *mo, size_t a, size_t b)
{
  const int32_t *x = mo->attr + a * ATTR_COUNT, *y = mo->attr + b * ATTR_COUNT;
  double s = 0;
  for (int k = 0; k < ATTR_COUNT; k++)
    if (x[k] >= 0 && x[k] == y[k])
      s += attr_weight[k];
  return s;
}

static bool
listed (const char *value, const char *const *list, size_t n)
{
  for (size_t k = 0; k < n; k++)
    if (list[k] && strcmp (list[k], value) == 0)
      return true;
  return false;
}

/* How many of the questionnaire's answers item i meets, as a fraction of
 * the answers given; -1 when the item is over budget. */
static double
preference_match (const AtStyleItem *item, const AtStyleProfile *p)
{
  int asked = 0, met = 0;
  if (p->occasion && *p->occasion)
    asked++, met += strcmp (item->occasion, p->occasion) == 0;
  if (p->season && *p->season)
    asked++, met += strcmp (item->season, p->season) == 0 || strcmp (item->season, "all") == 0;
  if (p->n_colours)
    asked++, met += listed (item->colour, p->colours, p->n_colours);
  if (p->n_categories)
    asked++, met += listed (item->category, p->categories, p->n_categories) || listed (item->garment, p->categories, p->n_categories);
  if (p->max_price > 0 && item->price > p->max_price)
    return -1;
  return asked ? (double) met / asked : 0.0;
}

enum { PART_SIMILAR, PART_SEGMENT, PART_TREND, PART_POPULAR, PART_PREFERENCE, PART_COUNT };

static void
write_reason (const AtStyleModel *mo, const AtStyleProfile *p, int part, const AtStyleEvent *because,
              AtStyleRec *rec)
{
  const AtStyleItem *item = at_style_catalog_item (mo->cat, (size_t) rec->item);
  rec->why = (AtStyleReason) part;
  switch (part)
    {
    case PART_SIMILAR:
      {
        /* the garment ("shirt") reads better than the category ("top") */
        const AtStyleItem *h = at_style_catalog_item (mo->cat, (size_t) at_style_catalog_find (mo->cat, because->item));
        const char *what = *h->garment ? h->garment : *h->category ? h->category : "item";
        snprintf (rec->reason, sizeof rec->reason, "similar to the %s you %s", what, kind_verb[because->kind]);
      }
      break;
    case PART_SEGMENT:
      snprintf (rec->reason, sizeof rec->reason, "popular with customers like you");
      break;
    case PART_TREND:
      snprintf (rec->reason, sizeof rec->reason, "popular right now");
      break;
    case PART_POPULAR:
      snprintf (rec->reason, sizeof rec->reason, "a customer favourite");
      break;
    default:
      if (p->occasion && *p->occasion && strcmp (item->occasion, p->occasion) == 0)
        snprintf (rec->reason, sizeof rec->reason, "matches your occasion: %s", p->occasion);
      else
        snprintf (rec->reason, sizeof rec->reason, "matches your answers: %s%s%s", item->category,
                  *item->colour ? ", " : "", item->colour);
      break;
    }
}

typedef struct {
  double *part[PART_COUNT];
  double *because_weight; /* the largest single contribution to the similarity */
  int32_t *because;       /* the history entry that made it */
  uint8_t *owned;
} Scratch;

static void
scratch_free (Scratch *s)
{
  free (s->part[0]);
  free (s->because);
  free (s->owned);
}

static bool
scratch_alloc (Scratch *s, size_t m)
{
  memset (s, 0, sizeof *s);
  double *block = calloc (m * (PART_COUNT + 1), sizeof *block);
  s->because = malloc (m * sizeof *s->because);
  s->owned = calloc (m, 1);
  if (!block || !s->because || !s->owned)
    {
      free (block);
      scratch_free (s);
      return false;
    }
  for (int k = 0; k < PART_COUNT; k++)
    s->part[k] = block + (size_t) k * m;
  s->because_weight = block + (size_t) PART_COUNT * m;
  return true;
}

static void
note_similar (Scratch *s, int32_t item, double add, size_t event)
{
  s->part[PART_SIMILAR][item] += add;
  if (add > s->because_weight[item])
    {
      s->because_weight[item] = add;
      s->because[item] = (int32_t) event;
    }
}

/* The blend's parts for every item, each scaled to [0, 1]. */
static void
score_parts (const AtStyleModel *mo, const AtStyleProfile *p, Scratch *s)
{
  size_t m = mo->m, k = (size_t) mo->def.neighbours;
  size_t first = p->n_history > MAX_HISTORY ? p->n_history - MAX_HISTORY : 0;
  for (size_t i = 0; i < m; i++)
    s->because[i] = -1;
  for (size_t e = first; e < p->n_history; e++)
    {
      const AtStyleEvent *ev = &p->history[e];
      int32_t h = at_style_catalog_find (mo->cat, ev->item);
      if (h < 0 || ev->kind < AT_STYLE_LIKE || ev->kind >= AT_STYLE_EVENT_KINDS)
        continue;
      s->owned[h] = 1;
      double w = kind_weight[ev->kind];
      const int32_t *nb = mo->nb_item + (size_t) h * k;
      const float *sim = mo->nb_sim + (size_t) h * k;
      for (size_t q = 0; q < k && nb[q] >= 0; q++)
        {
          double add = (1.0 - mo->def.content_share) * w * sim[q];
          note_similar (s, nb[q], add, e);
        }
      size_t n_content = p->n_history - first < MAX_CONTENT ? p->n_history - first : MAX_CONTENT;
      if (mo->def.content_share > 0 && e + n_content >= p->n_history)
        for (size_t i = 0; i < m; i++)
          {
            double add = mo->def.content_share * w * content_similarity (mo, (size_t) h, i) / (double) n_content;
            note_similar (s, (int32_t) i, add, e);
          }
    }
  int32_t shape = p->body_shape ? at_str_map_find (mo->shapes, p->body_shape) : -1;
  int32_t occ = p->occasion ? at_str_map_find (mo->occasions, p->occasion) : -1;
  size_t ns = at_str_map_size (mo->shapes), no = at_str_map_size (mo->occasions);
  for (size_t i = 0; i < m; i++)
    {
      double seg = 0;
      if (shape >= 0)
        seg += mo->pop_shape[i * ns + shape];
      if (occ >= 0)
        seg += mo->pop_occasion[i * no + occ];
      s->part[PART_SEGMENT][i] = seg;
      s->part[PART_TREND][i] = p->day >= 0 ? trend_count (mo, i, p->day, occ) : 0.0;
      s->part[PART_POPULAR][i] = mo->pop[i];
      s->part[PART_PREFERENCE][i] = preference_match (at_style_catalog_item (mo->cat, i), p);
    }
  for (int part = 0; part < PART_COUNT; part++)
    {
      double top = 0;
      for (size_t i = 0; i < m; i++)
        top = s->part[part][i] > top ? s->part[part][i] : top;
      if (top > 0 && part != PART_PREFERENCE)
        for (size_t i = 0; i < m; i++)
          s->part[part][i] /= top;
    }
}

size_t
at_style_rank (const AtStyleModel *mo, const AtStyleProfile *p, size_t k, AtStyleRec *out)
{
  Scratch s;
  if (k == 0 || !scratch_alloc (&s, mo->m))
    return 0;
  score_parts (mo, p, &s);
  const double weight[PART_COUNT] = { mo->def.w_similar, mo->def.w_segment, mo->def.w_trend, mo->def.w_popular,
                                      mo->def.w_preference };
  size_t n_out = 0;
  for (size_t i = 0; i < mo->m; i++)
    {
      if (s.owned[i] || s.part[PART_PREFERENCE][i] < 0)
        continue;
      double total = 0, best = -1;
      int best_part = PART_POPULAR;
      for (int part = 0; part < PART_COUNT; part++)
        {
          double c = weight[part] * s.part[part][i];
          total += c;
          if (c > best)
            best = c, best_part = part;
        }
      if (n_out == k && total <= out[k - 1].score)
        continue;
      size_t pos = n_out < k ? n_out++ : k - 1;
      for (; pos > 0 && out[pos - 1].score < total; pos--)
        out[pos] = out[pos - 1];
      out[pos] = (AtStyleRec) { .item = (int32_t) i, .score = total, .why = (AtStyleReason) best_part };
    }
  for (size_t r = 0; r < n_out; r++)
    {
      int32_t e = s.because[out[r].item];
      int part = out[r].why == AT_STYLE_REASON_SIMILAR && e < 0 ? PART_POPULAR : (int) out[r].why;
      write_reason (mo, p, part, e >= 0 ? &p->history[e] : NULL, &out[r]);
    }
  scratch_free (&s);
  return n_out;
}

size_t
at_style_rank_popular (const AtStyleModel *mo, const AtStyleProfile *p, size_t k, int32_t *out)
{
  size_t n_out = 0;
  for (size_t r = 0; r < mo->m && n_out < k; r++)
    {
      int32_t i = mo->by_popularity[r];
      bool owned = false;
      for (size_t e = 0; e < p->n_history && !owned; e++)
        owned = at_style_catalog_find (mo->cat, p->history[e].item) == i;
      if (!owned)
        out[n_out++] = i;
    }
  return n_out;
}

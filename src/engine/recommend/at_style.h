/* Style recommendation for the studio and the kiosk: a garment catalogue,
 * a short questionnaire (the profile) and what customers liked, tried on
 * and bought are blended into a ranked list, each entry with a one-line
 * reason ("similar to the dress you liked", "popular with customers like
 * you").
 *
 * Method: a weighted blend of item-based collaborative filtering (cosine
 * item-item co-occurrence, Sarwar et al. 2001; Linden, Smith & York 2003),
 * content similarity on the catalogue attributes, popularity within the
 * customer's segment (body shape, occasion), popularity around the request
 * date, and the questionnaire's stated preferences; each part is scaled to
 * [0, 1] over the candidates before weighting, and the part that contributes
 * most names the reason. Items the customer already has are not proposed.
 *
 * Customer records live elsewhere (the store module); everything here takes
 * plain structs. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "at_status.h"

/* One catalogue entry. Strings may be empty (""), never NULL, once in a
 * catalogue. garment is the garment library id (tshirt, shirt, ...). */
typedef struct {
  const char *id;
  const char *name;
  const char *garment;
  const char *category;
  const char *silhouette;
  const char *occasion;
  const char *season;
  const char *colour;
  const char *pattern;
  const char *fabric;
  double price;
} AtStyleItem;

typedef struct AtStyleCatalog AtStyleCatalog;

/* Loads a catalogue JSON file: {"items": [{"id": ..., "garment": ...,
 * "category": ..., "price": ..., optional "name", "silhouette", "occasion",
 * "season", "colour", "pattern", "fabric"}, ...]}. Unknown keys, duplicate
 * ids, a missing required key or a negative price are rejected by name. */
AtStatus at_style_catalog_load (const char *path, AtStyleCatalog **out, AtError *err);
/* A catalogue from items (copied; NULL strings become ""). */
AtStatus at_style_catalog_new (const AtStyleItem *items, size_t n, AtStyleCatalog **out, AtError *err);
size_t at_style_catalog_size (const AtStyleCatalog *cat);
const AtStyleItem *at_style_catalog_item (const AtStyleCatalog *cat, size_t index);
/* The index of the item with this id, or -1. */
int32_t at_style_catalog_find (const AtStyleCatalog *cat, const char *id);
void at_style_catalog_free (AtStyleCatalog *cat);

typedef enum {
  AT_STYLE_LIKE,
  AT_STYLE_TRY_ON,
  AT_STYLE_PURCHASE,
  AT_STYLE_RENTAL,
  AT_STYLE_EVENT_KINDS
} AtStyleEventKind;

/* One thing a customer did with an item. body_shape and occasion may be
 * NULL; day is days since 1970-01-01 or -1. */
typedef struct {
  const char *customer;
  const char *item;
  AtStyleEventKind kind;
  const char *body_shape;
  const char *occasion;
  int32_t day;
} AtStyleEvent;

typedef struct {
  int neighbours;        /* item-item neighbours kept per item */
  int trend_days;        /* half-width of the "popular now" window */
  double w_similar;      /* weights of the blended parts */
  double w_segment;
  double w_trend;
  double w_popular;
  double w_preference;
  double content_share;  /* share of attribute similarity in "similar to" */
} AtStyleDef;

AtStyleDef at_style_def_default (void);

typedef struct AtStyleModel AtStyleModel;

/* Learns from events (those naming items not in cat are skipped). The model
 * keeps a pointer to cat, which must outlive it. */
AtStatus at_style_model_train (const AtStyleCatalog *cat, const AtStyleEvent *events, size_t n, const AtStyleDef *def,
                               AtStyleModel **out, AtError *err);
void at_style_model_free (AtStyleModel *model);

/* The questionnaire and the customer's own history. NULL / 0 = not asked. */
typedef struct {
  const char *body_shape;
  const char *occasion;
  const char *season;
  const char *const *colours;
  size_t n_colours;
  const char *const *categories;
  size_t n_categories;
  double max_price;            /* 0: no budget given */
  const AtStyleEvent *history; /* this customer's events (customer ignored) */
  size_t n_history;
  int32_t day;                 /* today, days since 1970-01-01, or -1 */
} AtStyleProfile;

AtStyleProfile at_style_profile_default (void);

typedef enum {
  AT_STYLE_REASON_SIMILAR,
  AT_STYLE_REASON_SEGMENT,
  AT_STYLE_REASON_TREND,
  AT_STYLE_REASON_POPULAR,
  AT_STYLE_REASON_PREFERENCE
} AtStyleReason;

typedef struct {
  int32_t item;        /* catalogue index */
  double score;
  AtStyleReason why;
  char reason[128];    /* one line for the customer */
} AtStyleRec;

/* Fills out[0..k-1] with the best items for profile, best first; returns
 * how many (fewer than k when the catalogue runs out). */
size_t at_style_rank (const AtStyleModel *model, const AtStyleProfile *profile, size_t k, AtStyleRec *out);
/* Items by plain popularity (the benchmark's peer), skipping the profile's
 * history; returns how many. */
size_t at_style_rank_popular (const AtStyleModel *model, const AtStyleProfile *profile, size_t k, int32_t *out);

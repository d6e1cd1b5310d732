/* Reader for RentTheRunway-style rental logs (gzip or plain CSV with a
 * header row): fit, user_id, item_id, weight_lbs, rating, rented_for,
 * body_type, category, size, age, review_date, bust_size_num,
 * bust_size_letter, height_in, ... (extra columns are ignored, any order).
 * Rows become AtFitRecord (body fields converted to cm / kg) plus the
 * rental context the style recommender uses. Category, body type and
 * occasion names share one vocabulary across files so that a train and a
 * test file index them alike. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "at_fit_model.h"
#include "at_id_map.h"

typedef struct {
  AtStrMap *category;
  AtStrMap *body_type;
  AtStrMap *occasion;
} AtRtrVocab;

AtStatus at_rtr_vocab_init (AtRtrVocab *vocab, AtError *err);
void at_rtr_vocab_clear (AtRtrVocab *vocab);

typedef struct {
  size_t n;
  AtFitRecord *rows;  /* outcome is AT_FIT_FIT where the file has no fit column */
  int32_t *occasion;  /* rented_for index, -1 unknown */
  int32_t *day;       /* review_date as days since 1970-01-01, -1 unknown */
  float *rating;      /* NAN unknown */
} AtRtrTable;

/* Which columns the caller cannot do without. */
typedef enum {
  AT_RTR_NEED_FIT = 1 << 0,  /* fit and size */
  AT_RTR_NEED_IDS = 1 << 1,  /* user_id and item_id (always checked) */
} AtRtrNeeds;

/* Reads path (at most max_bytes once decompressed). A missing required
 * column, an empty file, a damaged gzip stream, a row with the wrong number
 * of cells or a malformed number fails with a message naming the file, line
 * and column. */
AtStatus at_rtr_load (const char *path, AtRtrVocab *vocab, unsigned needs, size_t max_bytes,
                      AtRtrTable *out, AtError *err);
void at_rtr_table_clear (AtRtrTable *table);

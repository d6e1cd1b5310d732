/* The customer store: an embedded SQLite database of customers, their
 * measurement history, fittings, fit feedback and favourites, for the
 * studio's fitting mode and the kiosk (only for customers who agreed).
 *
 * The file lives where the caller says (the app uses
 * $XDG_DATA_HOME/atelier/atelier.db). It is created on first use with mode
 * 0600, runs in WAL mode, and carries its schema version in PRAGMA
 * user_version; older versions are migrated forward in one transaction.
 * An existing file is never overwritten or "repaired": a file that is not
 * an Atelier database, a corrupt or truncated one, one written by a newer
 * Atelier, or one locked by another program is refused with a message that
 * says so (AT_ERR_CORRUPT, AT_ERR_VERSION, AT_ERR_BUSY) and left as it was.
 *
 * Every change is one transaction: on any failure (out of memory, disk full,
 * lock) nothing of it is kept and what was saved before stays intact. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "at_measurements.h"
#include "at_status.h"

#define AT_STORE_SCHEMA_VERSION 2
#define AT_STORE_NUMBER_MAX 16
#define AT_STORE_NAME_MAX 128
#define AT_STORE_ID_MAX 64

typedef struct AtStore AtStore;

typedef struct {
  int busy_timeout_ms; /* how long to wait for another writer before AT_ERR_BUSY */
} AtStoreDef;

AtStoreDef at_store_def_default (void);

/* Opens (or creates, when path does not exist) the database at path. The
 * folder must exist. */
AtStatus at_store_open (const char *path, const AtStoreDef *def, AtStore **out, AtError *err);
void at_store_close (AtStore *store);

typedef struct {
  int64_t id;
  char number[AT_STORE_NUMBER_MAX]; /* given to the customer for staff, e.g. "K7QM-3XPA" */
  char name[AT_STORE_NAME_MAX];     /* may be empty: kiosk customers stay anonymous */
  bool consent_store;               /* agreed that their data is kept */
  bool consent_contact;             /* agreed to be contacted */
  int64_t created;                  /* seconds since 1970 */
} AtCustomer;

/* A new customer with a fresh random customer number; name may be NULL. */
AtStatus at_store_customer_create (AtStore *store, const char *name, bool consent_store, bool consent_contact,
                                   AtCustomer *out, AtError *err);
/* AT_ERR_NOT_FOUND when no customer has that number (case-insensitive,
 * the dash optional). */
AtStatus at_store_customer_find_number (AtStore *store, const char *number, AtCustomer *out, AtError *err);
/* Customers whose name contains text (case-insensitive), newest first: up
 * to max written to out, the total count in *count. */
AtStatus at_store_customer_find_name (AtStore *store, const char *text, AtCustomer *out, size_t max, size_t *count,
                                      AtError *err);

typedef enum {
  AT_MEASURE_SOURCE_TYPED,
  AT_MEASURE_SOURCE_ESTIMATED,
  AT_MEASURE_SOURCE_SCAN,
} AtMeasureSource;

const char *at_measure_source_name (AtMeasureSource source);

typedef struct {
  int64_t id;
  int64_t date;
  AtMeasureSource source;
  AtMeasurements m; /* given[] says which keys were measured, the rest estimated */
} AtStoredMeasurements;

AtStatus at_store_measurements_add (AtStore *store, int64_t customer, const AtMeasurements *m, AtMeasureSource source,
                                    int64_t *out_id, AtError *err);
/* Oldest first; the caller frees *out with free(). */
AtStatus at_store_measurements_list (AtStore *store, int64_t customer, AtStoredMeasurements **out, size_t *n,
                                     AtError *err);

typedef struct {
  int64_t id;
  int64_t date;
  char garment[AT_STORE_ID_MAX];
  char size[AT_STORE_NUMBER_MAX];
  char *report_json; /* the fit report (a JSON object); never photos */
} AtFitting;

/* report_json must be a JSON object (or NULL for none). */
AtStatus at_store_fitting_add (AtStore *store, int64_t customer, const char *garment, const char *size,
                               const char *report_json, int64_t *out_id, AtError *err);
AtStatus at_store_fittings_list (AtStore *store, int64_t customer, AtFitting **out, size_t *n, AtError *err);
void at_store_fittings_free (AtFitting *fittings, size_t n);

typedef enum {
  AT_FEEDBACK_TOO_SMALL,
  AT_FEEDBACK_FITS,
  AT_FEEDBACK_TOO_LARGE,
} AtFeedbackVerdict;

const char *at_feedback_verdict_name (AtFeedbackVerdict verdict);

typedef struct {
  int64_t id;
  int64_t date;
  int64_t fitting;                  /* 0 when not tied to a recorded fitting */
  int64_t customer;                 /* filled by the lists; ignored by at_store_feedback_add */
  char garment[AT_STORE_ID_MAX];
  char size[AT_STORE_NUMBER_MAX];
  char region[AT_STORE_ID_MAX];     /* "" for the garment overall, else "chest", "hip", ... */
  AtFeedbackVerdict verdict;
} AtFeedback;

AtStatus at_store_feedback_add (AtStore *store, int64_t customer, const AtFeedback *feedback, int64_t *out_id,
                                AtError *err);
AtStatus at_store_feedback_list (AtStore *store, int64_t customer, AtFeedback **out, size_t *n, AtError *err);
/* Every customer's feedback, oldest first (what a size model learns from). */
AtStatus at_store_feedback_list_all (AtStore *store, AtFeedback **out, size_t *n, AtError *err);

/* Favourites are catalogue item ids; adding one twice keeps one. */
AtStatus at_store_favourite_add (AtStore *store, int64_t customer, const char *item, AtError *err);
AtStatus at_store_favourite_remove (AtStore *store, int64_t customer, const char *item, AtError *err);
/* NUL-terminated ids, AT_STORE_ID_MAX each; the caller frees *out. */
AtStatus at_store_favourites_list (AtStore *store, int64_t customer, char (**out)[AT_STORE_ID_MAX], size_t *n,
                                   AtError *err);

/* Everything held about one customer as one JSON document (the caller
 * frees it): the customer, measurements, fittings, feedback, favourites. */
AtStatus at_store_customer_export (AtStore *store, int64_t customer, char **out_json, AtError *err);
/* Deletes everything about one customer, overwriting the freed space
 * (secure_delete) and checkpointing the WAL so the text does not linger in
 * either file. */
AtStatus at_store_customer_delete (AtStore *store, int64_t customer, AtError *err);

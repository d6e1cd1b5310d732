/* The customer store's records: customers, measurement history, fittings,
 * feedback and favourites; export and deletion of one customer's data.
 * Each change runs in its own transaction (store.c explains why). */
#include "store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* No 0/O, 1/I: customers read these out to staff. 32 symbols, 5 bits each. */
static const char number_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
#define NUMBER_SYMBOLS 8

static const char *const source_names[] = { "typed", "estimated", "scan" };
static const char *const verdict_names[] = { "too_small", "fits", "too_large" };

const char *
at_measure_source_name (AtMeasureSource source)
{
  return (unsigned) source < 3 ? source_names[source] : "typed";
}

const char *
at_feedback_verdict_name (AtFeedbackVerdict verdict)
{
  return (unsigned) verdict < 3 ? verdict_names[verdict] : "fits";
}

static int
name_index (const char *const *names, int n, const char *name)
{
  for (int i = 0; name && i < n; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  return 0;
}

static void
copy_text (char *dst, size_t size, const unsigned char *src)
{
  snprintf (dst, size, "%s", src ? (const char *) src : "");
}

/* Steps a statement that returns no rows and finalizes it. */
static AtStatus
step_done (AtStore *store, sqlite3_stmt *st, const char *doing, AtError *err)
{
  int rc = sqlite3_step (st);
  sqlite3_finalize (st);
  return rc == SQLITE_DONE ? AT_OK : at_store_fail (store, rc, doing, err);
}

static AtStatus
finish_change (AtStore *store, AtStatus st, AtError *err)
{
  if (st != AT_OK)
    {
      at_store_rollback (store);
      return st;
    }
  return at_store_commit (store, err);
}

static AtStatus
customer_exists (AtStore *store, int64_t customer, AtError *err)
{
  sqlite3_stmt *st;
  AtStatus status = at_store_prepare (store, "SELECT 1 FROM customers WHERE id = ?", &st, err);
  if (status != AT_OK)
    return status;
  sqlite3_bind_int64 (st, 1, customer);
  int rc = sqlite3_step (st);
  sqlite3_finalize (st);
  if (rc == SQLITE_ROW)
    return AT_OK;
  if (rc == SQLITE_DONE)
    return at_error_set (err, AT_ERR_NOT_FOUND, "customer database %s: no customer %lld", store->path,
                         (long long) customer);
  return at_store_fail (store, rc, "finding a customer", err);
}

/* ---- customers ---- */

#define CUSTOMER_COLUMNS "id, number, name, consent_store, consent_contact, created"

static void
read_customer (sqlite3_stmt *st, AtCustomer *out)
{
  out->id = sqlite3_column_int64 (st, 0);
  copy_text (out->number, sizeof out->number, sqlite3_column_text (st, 1));
  copy_text (out->name, sizeof out->name, sqlite3_column_text (st, 2));
  out->consent_store = sqlite3_column_int (st, 3) != 0;
  out->consent_contact = sqlite3_column_int (st, 4) != 0;
  out->created = sqlite3_column_int64 (st, 5);
}

static void
random_number (char out[AT_STORE_NUMBER_MAX])
{
  unsigned char bytes[NUMBER_SYMBOLS];
  sqlite3_randomness (sizeof bytes, bytes);
  int j = 0;
  for (int i = 0; i < NUMBER_SYMBOLS; i++)
    {
      if (i == NUMBER_SYMBOLS / 2)
        out[j++] = '-';
      out[j++] = number_alphabet[bytes[i] & 31];
    }
  out[j] = '\0';
}

AtStatus
at_store_customer_create (AtStore *store, const char *name, bool consent_store, bool consent_contact,
                          AtCustomer *out, AtError *err)
{
  if (name && strlen (name) >= AT_STORE_NAME_MAX)
    return at_error_set (err, AT_ERR_RANGE, "customer name: longer than %d bytes", AT_STORE_NAME_MAX - 1);
  AtStatus st = at_store_begin (store, err);
  if (st != AT_OK)
    return st;
  AtCustomer c = { .consent_store = consent_store, .consent_contact = consent_contact, .created = time (NULL) };
  snprintf (c.name, sizeof c.name, "%s", name ? name : "");
  /* 2^40 numbers: a collision is rare, but must not fail the customer. */
  for (int attempt = 0;; attempt++)
    {
      random_number (c.number);
      sqlite3_stmt *ins;
      st = at_store_prepare (store,
                             "INSERT INTO customers (number, name, consent_store, consent_contact, created) "
                             "VALUES (?, ?, ?, ?, ?)",
                             &ins, err);
      if (st != AT_OK)
        break;
      sqlite3_bind_text (ins, 1, c.number, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 2, c.name, -1, SQLITE_STATIC);
      sqlite3_bind_int (ins, 3, consent_store);
      sqlite3_bind_int (ins, 4, consent_contact);
      sqlite3_bind_int64 (ins, 5, c.created);
      int rc = sqlite3_step (ins);
      sqlite3_finalize (ins);
      if (rc == SQLITE_DONE)
        {
          c.id = sqlite3_last_insert_rowid (store->db);
          break;
        }
      if (rc != SQLITE_CONSTRAINT_UNIQUE || attempt == 8)
        {
          st = at_store_fail (store, rc, "adding a customer", err);
          break;
        }
    }
  st = finish_change (store, st, err);
  if (st == AT_OK && out)
    *out = c;
  return st;
}

/* "k7qm 3xpa", "K7QM3XPA" -> "K7QM-3XPA"; false when it cannot be one. */
static bool
normalise_number (const char *in, char out[AT_STORE_NUMBER_MAX])
{
  int n = 0, j = 0;
  for (const char *p = in; *p; p++)
    {
      if (*p == '-' || *p == ' ')
        continue;
      char c = (*p >= 'a' && *p <= 'z') ? (char) (*p - 'a' + 'A') : *p;
      if (!strchr (number_alphabet, c) || n == NUMBER_SYMBOLS)
        return false;
      if (n == NUMBER_SYMBOLS / 2)
        out[j++] = '-';
      out[j++] = c;
      n++;
    }
  out[j] = '\0';
  return n == NUMBER_SYMBOLS;
}

AtStatus
at_store_customer_find_number (AtStore *store, const char *number, AtCustomer *out, AtError *err)
{
  char norm[AT_STORE_NUMBER_MAX];
  if (!normalise_number (number, norm))
    return at_error_set (err, AT_ERR_NOT_FOUND, "customer number '%s': not a customer number (like K7QM-3XPA)",
                         number);
  sqlite3_stmt *st;
  AtStatus status = at_store_prepare (store, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE number = ?", &st, err);
  if (status != AT_OK)
    return status;
  sqlite3_bind_text (st, 1, norm, -1, SQLITE_STATIC);
  int rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    read_customer (st, out);
  else if (rc == SQLITE_DONE)
    status = at_error_set (err, AT_ERR_NOT_FOUND, "customer number %s: no such customer", norm);
  else
    status = at_store_fail (store, rc, "finding a customer", err);
  sqlite3_finalize (st);
  return status;
}

AtStatus
at_store_customer_find_name (AtStore *store, const char *text, AtCustomer *out, size_t max, size_t *count,
                             AtError *err)
{
  *count = 0;
  sqlite3_stmt *st;
  /* instr() rather than LIKE: a name holding % or _ matches literally. */
  AtStatus status = at_store_prepare (store,
                                      "SELECT " CUSTOMER_COLUMNS " FROM customers "
                                      "WHERE name <> '' AND instr (lower (name), lower (?)) > 0 "
                                      "ORDER BY created DESC, id DESC",
                                      &st, err);
  if (status != AT_OK)
    return status;
  sqlite3_bind_text (st, 1, text, -1, SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      if (*count < max)
        read_customer (st, &out[*count]);
      (*count)++;
    }
  if (rc != SQLITE_DONE)
    status = at_store_fail (store, rc, "finding customers", err);
  sqlite3_finalize (st);
  return status;
}

/* ---- measurements ---- */

static char *
measured_keys_json (const AtMeasurements *m)
{
  json_t *keys = json_array ();
  for (int k = 0; k < AT_M_COUNT; k++)
    if (m->given[k])
      json_array_append_new (keys, json_string (at_measure_info (k)->key));
  char *text = json_dumps (keys, JSON_COMPACT);
  json_decref (keys);
  return text;
}

AtStatus
at_store_measurements_add (AtStore *store, int64_t customer, const AtMeasurements *m, AtMeasureSource source,
                           int64_t *out_id, AtError *err)
{
  if (m->value[AT_M_STATURE] <= 0)
    return at_error_set (err, AT_ERR_INVALID, "measurements: stature is required");
  char *values = at_measurements_to_json (m, false);
  char *measured = measured_keys_json (m);
  AtStatus st = values && measured ? at_store_begin (store, err)
                                   : at_error_set (err, AT_ERR_NOMEM, "measurements: out of memory");
  if (st == AT_OK)
    {
      st = customer_exists (store, customer, err);
      sqlite3_stmt *ins = NULL;
      if (st == AT_OK)
        st = at_store_prepare (store,
                               "INSERT INTO measurements (customer, date, source, values_json, measured_json) "
                               "VALUES (?, ?, ?, ?, ?)",
                               &ins, err);
      if (st == AT_OK)
        {
          sqlite3_bind_int64 (ins, 1, customer);
          sqlite3_bind_int64 (ins, 2, time (NULL));
          sqlite3_bind_text (ins, 3, at_measure_source_name (source), -1, SQLITE_STATIC);
          sqlite3_bind_text (ins, 4, values, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins, 5, measured, -1, SQLITE_STATIC);
          st = step_done (store, ins, "saving measurements", err);
        }
      if (st == AT_OK && out_id)
        *out_id = sqlite3_last_insert_rowid (store->db);
      st = finish_change (store, st, err);
    }
  free (values);
  free (measured);
  return st;
}

static AtStatus
parse_stored_measurements (AtStore *store, const char *values, const char *measured, AtMeasurements *out,
                           AtError *err)
{
  AtStatus st = at_measurements_parse (values ? values : "", out, err);
  if (st != AT_OK)
    return at_error_set (err, AT_ERR_CORRUPT, "customer database %s: stored measurements unreadable: %s",
                         store->path, err ? err->message : "");
  json_t *keys = json_loads (measured ? measured : "", 0, NULL);
  if (!json_is_array (keys))
    {
      json_decref (keys);
      return at_error_set (err, AT_ERR_CORRUPT, "customer database %s: stored list of measured keys unreadable",
                           store->path);
    }
  for (int k = 0; k < AT_M_COUNT; k++)
    out->given[k] = false;
  size_t i;
  json_t *key;
  json_array_foreach (keys, i, key)
    {
      int k = at_measure_key_from_name (json_string_value (key) ? json_string_value (key) : "");
      if (k >= 0)
        out->given[k] = true;
    }
  json_decref (keys);
  return AT_OK;
}

/* Runs a per-customer query, growing *items by item_size per row. */
typedef AtStatus (*RowReader) (AtStore *store, sqlite3_stmt *st, void *item, AtError *err);

static AtStatus
list_rows (AtStore *store, const char *sql, int64_t customer, size_t item_size, RowReader read, void **items,
           size_t *n, AtError *err)
{
  *items = NULL;
  *n = 0;
  sqlite3_stmt *st;
  AtStatus status = at_store_prepare (store, sql, &st, err);
  if (status != AT_OK)
    return status;
  sqlite3_bind_int64 (st, 1, customer);
  size_t cap = 0;
  int rc;
  while (status == AT_OK && (rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      if (*n == cap)
        {
          size_t new_cap = cap ? cap * 2 : 8;
          void *grown = realloc (*items, new_cap * item_size);
          if (!grown)
            {
              status = at_error_set (err, AT_ERR_NOMEM, "customer database %s: out of memory", store->path);
              break;
            }
          *items = grown;
          cap = new_cap;
        }
      void *item = (char *) *items + *n * item_size;
      memset (item, 0, item_size);
      status = read (store, st, item, err);
      if (status == AT_OK)
        (*n)++;
    }
  if (status == AT_OK && rc != SQLITE_DONE)
    status = at_store_fail (store, rc, "reading records", err);
  sqlite3_finalize (st);
  return status;
}

static AtStatus
read_measurements (AtStore *store, sqlite3_stmt *st, void *item, AtError *err)
{
  AtStoredMeasurements *sm = item;
  sm->id = sqlite3_column_int64 (st, 0);
  sm->date = sqlite3_column_int64 (st, 1);
  sm->source = name_index (source_names, 3, (const char *) sqlite3_column_text (st, 2));
  return parse_stored_measurements (store, (const char *) sqlite3_column_text (st, 3),
                                    (const char *) sqlite3_column_text (st, 4), &sm->m, err);
}

AtStatus
at_store_measurements_list (AtStore *store, int64_t customer, AtStoredMeasurements **out, size_t *n, AtError *err)
{
  void *items;
  AtStatus st = list_rows (store,
                           "SELECT id, date, source, values_json, measured_json FROM measurements "
                           "WHERE customer = ? ORDER BY id",
                           customer, sizeof **out, read_measurements, &items, n, err);
  if (st != AT_OK)
    {
      free (items);
      *n = 0;
      items = NULL;
    }
  *out = items;
  return st;
}

/* ---- fittings ---- */

static AtStatus
check_id (const char *what, const char *value, size_t max, AtError *err)
{
  if (!value || !*value || strlen (value) >= max)
    return at_error_set (err, AT_ERR_INVALID, "%s: must be 1 to %zu characters", what, max - 1);
  return AT_OK;
}

AtStatus
at_store_fitting_add (AtStore *store, int64_t customer, const char *garment, const char *size,
                      const char *report_json, int64_t *out_id, AtError *err)
{
  AtStatus st = check_id ("fitting garment", garment, AT_STORE_ID_MAX, err);
  if (st == AT_OK)
    st = check_id ("fitting size", size, AT_STORE_NUMBER_MAX, err);
  if (st != AT_OK)
    return st;
  if (report_json)
    {
      json_t *report = json_loads (report_json, 0, NULL);
      bool ok = json_is_object (report);
      json_decref (report);
      if (!ok)
        return at_error_set (err, AT_ERR_PARSE, "fitting report: not a JSON object");
    }
  st = at_store_begin (store, err);
  if (st != AT_OK)
    return st;
  st = customer_exists (store, customer, err);
  sqlite3_stmt *ins = NULL;
  if (st == AT_OK)
    st = at_store_prepare (store,
                           "INSERT INTO fittings (customer, date, garment, size, report_json) VALUES (?, ?, ?, ?, ?)",
                           &ins, err);
  if (st == AT_OK)
    {
      sqlite3_bind_int64 (ins, 1, customer);
      sqlite3_bind_int64 (ins, 2, time (NULL));
      sqlite3_bind_text (ins, 3, garment, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 4, size, -1, SQLITE_STATIC);
      if (report_json)
        sqlite3_bind_text (ins, 5, report_json, -1, SQLITE_STATIC);
      st = step_done (store, ins, "saving a fitting", err);
    }
  if (st == AT_OK && out_id)
    *out_id = sqlite3_last_insert_rowid (store->db);
  return finish_change (store, st, err);
}

static AtStatus
read_fitting (AtStore *store, sqlite3_stmt *st, void *item, AtError *err)
{
  AtFitting *f = item;
  f->id = sqlite3_column_int64 (st, 0);
  f->date = sqlite3_column_int64 (st, 1);
  copy_text (f->garment, sizeof f->garment, sqlite3_column_text (st, 2));
  copy_text (f->size, sizeof f->size, sqlite3_column_text (st, 3));
  const char *report = (const char *) sqlite3_column_text (st, 4);
  if (report && !(f->report_json = strdup (report)))
    return at_error_set (err, AT_ERR_NOMEM, "customer database %s: out of memory", store->path);
  return AT_OK;
}

AtStatus
at_store_fittings_list (AtStore *store, int64_t customer, AtFitting **out, size_t *n, AtError *err)
{
  void *items;
  AtStatus st = list_rows (store,
                           "SELECT id, date, garment, size, report_json FROM fittings WHERE customer = ? ORDER BY id",
                           customer, sizeof **out, read_fitting, &items, n, err);
  if (st != AT_OK)
    {
      at_store_fittings_free (items, *n);
      *n = 0;
      items = NULL;
    }
  *out = items;
  return st;
}

void
at_store_fittings_free (AtFitting *fittings, size_t n)
{
  for (size_t i = 0; fittings && i < n; i++)
    free (fittings[i].report_json);
  free (fittings);
}

/* ---- feedback ---- */

AtStatus
at_store_feedback_add (AtStore *store, int64_t customer, const AtFeedback *fb, int64_t *out_id, AtError *err)
{
  AtStatus st = check_id ("feedback garment", fb->garment, AT_STORE_ID_MAX, err);
  if (st == AT_OK)
    st = check_id ("feedback size", fb->size, AT_STORE_NUMBER_MAX, err);
  if (st == AT_OK && (unsigned) fb->verdict > AT_FEEDBACK_TOO_LARGE)
    st = at_error_set (err, AT_ERR_INVALID, "feedback verdict: must be too small, fits or too large");
  if (st == AT_OK && strnlen (fb->region, sizeof fb->region) >= sizeof fb->region)
    st = at_error_set (err, AT_ERR_INVALID, "feedback region: too long");
  if (st != AT_OK)
    return st;
  st = at_store_begin (store, err);
  if (st != AT_OK)
    return st;
  st = customer_exists (store, customer, err);
  sqlite3_stmt *ins = NULL;
  if (st == AT_OK)
    st = at_store_prepare (store,
                           "INSERT INTO feedback (customer, fitting, date, garment, size, region, verdict) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)",
                           &ins, err);
  if (st == AT_OK)
    {
      sqlite3_bind_int64 (ins, 1, customer);
      if (fb->fitting > 0)
        sqlite3_bind_int64 (ins, 2, fb->fitting);
      sqlite3_bind_int64 (ins, 3, fb->date > 0 ? fb->date : (int64_t) time (NULL));
      sqlite3_bind_text (ins, 4, fb->garment, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 5, fb->size, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 6, fb->region, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, 7, at_feedback_verdict_name (fb->verdict), -1, SQLITE_STATIC);
      st = step_done (store, ins, "saving feedback", err);
    }
  if (st == AT_OK && out_id)
    *out_id = sqlite3_last_insert_rowid (store->db);
  return finish_change (store, st, err);
}

static AtStatus
read_feedback (AtStore *store, sqlite3_stmt *st, void *item, AtError *err)
{
  AtFeedback *f = item;
  f->id = sqlite3_column_int64 (st, 0);
  f->fitting = sqlite3_column_int64 (st, 1);
  f->date = sqlite3_column_int64 (st, 2);
  copy_text (f->garment, sizeof f->garment, sqlite3_column_text (st, 3));
  copy_text (f->size, sizeof f->size, sqlite3_column_text (st, 4));
  copy_text (f->region, sizeof f->region, sqlite3_column_text (st, 5));
  f->verdict = name_index (verdict_names, 3, (const char *) sqlite3_column_text (st, 6));
  f->customer = sqlite3_column_int64 (st, 7);
  return AT_OK;
}

/* Feedback rows of customers matching the query's condition on ?. */
static AtStatus
list_feedback (AtStore *store, const char *condition, int64_t customer, AtFeedback **out, size_t *n, AtError *err)
{
  char sql[200];
  snprintf (sql, sizeof sql,
            "SELECT id, fitting, date, garment, size, region, verdict, customer FROM feedback "
            "WHERE %s ORDER BY id",
            condition);
  void *items;
  AtStatus st = list_rows (store, sql, customer, sizeof **out, read_feedback, &items, n, err);
  if (st != AT_OK)
    {
      free (items);
      *n = 0;
      items = NULL;
    }
  *out = items;
  return st;
}

AtStatus
at_store_feedback_list (AtStore *store, int64_t customer, AtFeedback **out, size_t *n, AtError *err)
{
  return list_feedback (store, "customer = ?", customer, out, n, err);
}

AtStatus
at_store_feedback_list_all (AtStore *store, AtFeedback **out, size_t *n, AtError *err)
{
  /* customer ids are SQLite row ids, which start at 1 */
  return list_feedback (store, "customer >= ?", 1, out, n, err);
}

/* ---- favourites ---- */

static AtStatus
favourite_change (AtStore *store, int64_t customer, const char *item, const char *sql, AtError *err)
{
  AtStatus st = check_id ("favourite item", item, AT_STORE_ID_MAX, err);
  if (st == AT_OK)
    st = at_store_begin (store, err);
  if (st != AT_OK)
    return st;
  st = customer_exists (store, customer, err);
  sqlite3_stmt *stmt = NULL;
  if (st == AT_OK)
    st = at_store_prepare (store, sql, &stmt, err);
  if (st == AT_OK)
    {
      sqlite3_bind_int64 (stmt, 1, customer);
      sqlite3_bind_text (stmt, 2, item, -1, SQLITE_STATIC);
      if (sqlite3_bind_parameter_count (stmt) == 3)
        sqlite3_bind_int64 (stmt, 3, time (NULL));
      st = step_done (store, stmt, "saving favourites", err);
    }
  return finish_change (store, st, err);
}

AtStatus
at_store_favourite_add (AtStore *store, int64_t customer, const char *item, AtError *err)
{
  return favourite_change (store, customer, item,
                           "INSERT OR IGNORE INTO favourites (customer, item, added) VALUES (?, ?, ?)", err);
}

AtStatus
at_store_favourite_remove (AtStore *store, int64_t customer, const char *item, AtError *err)
{
  return favourite_change (store, customer, item, "DELETE FROM favourites WHERE customer = ? AND item = ?", err);
}

static AtStatus
read_favourite (AtStore *store, sqlite3_stmt *st, void *item, AtError *err)
{
  copy_text (item, AT_STORE_ID_MAX, sqlite3_column_text (st, 0));
  return AT_OK;
}

AtStatus
at_store_favourites_list (AtStore *store, int64_t customer, char (**out)[AT_STORE_ID_MAX], size_t *n, AtError *err)
{
  void *items;
  AtStatus st = list_rows (store, "SELECT item FROM favourites WHERE customer = ? ORDER BY added, item", customer,
                           AT_STORE_ID_MAX, read_favourite, &items, n, err);
  if (st != AT_OK)
    {
      free (items);
      *n = 0;
      items = NULL;
    }
  *out = items;
  return st;
}

/* ---- export and delete ---- */

static json_t *
customer_json (const AtCustomer *c)
{
  return json_pack ("{s:s, s:s, s:b, s:b, s:I}", "number", c->number, "name", c->name, "consent_store",
                    c->consent_store, "consent_contact", c->consent_contact, "created", (json_int_t) c->created);
}

static AtStatus
find_customer_by_id (AtStore *store, int64_t customer, AtCustomer *out, AtError *err)
{
  sqlite3_stmt *st;
  AtStatus status = at_store_prepare (store, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = ?", &st, err);
  if (status != AT_OK)
    return status;
  sqlite3_bind_int64 (st, 1, customer);
  int rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    read_customer (st, out);
  else if (rc == SQLITE_DONE)
    status = at_error_set (err, AT_ERR_NOT_FOUND, "customer database %s: no customer %lld", store->path,
                           (long long) customer);
  else
    status = at_store_fail (store, rc, "finding a customer", err);
  sqlite3_finalize (st);
  return status;
}

static AtStatus
export_records (AtStore *store, int64_t customer, json_t *root, AtError *err)
{
  AtStoredMeasurements *ms = NULL;
  AtFitting *fs = NULL;
  AtFeedback *fbs = NULL;
  char (*favs)[AT_STORE_ID_MAX] = NULL;
  size_t n_ms = 0, n_fs = 0, n_fbs = 0, n_favs = 0;
  AtStatus st = at_store_measurements_list (store, customer, &ms, &n_ms, err);
  if (st == AT_OK)
    st = at_store_fittings_list (store, customer, &fs, &n_fs, err);
  if (st == AT_OK)
    st = at_store_feedback_list (store, customer, &fbs, &n_fbs, err);
  if (st == AT_OK)
    st = at_store_favourites_list (store, customer, &favs, &n_favs, err);
  json_t *arr = json_array ();
  json_object_set_new (root, "measurements", arr);
  for (size_t i = 0; st == AT_OK && i < n_ms; i++)
    {
      char *values = at_measurements_to_json (&ms[i].m, false);
      char *measured = measured_keys_json (&ms[i].m);
      json_array_append_new (arr, json_pack ("{s:I, s:s, s:o?, s:o?}", "date", (json_int_t) ms[i].date, "source",
                                             at_measure_source_name (ms[i].source), "values",
                                             values ? json_loads (values, 0, NULL) : NULL, "measured",
                                             measured ? json_loads (measured, 0, NULL) : NULL));
      free (values);
      free (measured);
    }
  json_object_set_new (root, "fittings", arr = json_array ());
  for (size_t i = 0; st == AT_OK && i < n_fs; i++)
    json_array_append_new (arr, json_pack ("{s:I, s:s, s:s, s:o?}", "date", (json_int_t) fs[i].date, "garment",
                                           fs[i].garment, "size", fs[i].size, "report",
                                           fs[i].report_json ? json_loads (fs[i].report_json, 0, NULL) : NULL));
  json_object_set_new (root, "feedback", arr = json_array ());
  for (size_t i = 0; st == AT_OK && i < n_fbs; i++)
    json_array_append_new (arr, json_pack ("{s:I, s:s, s:s, s:s, s:s}", "date", (json_int_t) fbs[i].date, "garment",
                                           fbs[i].garment, "size", fbs[i].size, "region", fbs[i].region, "verdict",
                                           at_feedback_verdict_name (fbs[i].verdict)));
  json_object_set_new (root, "favourites", arr = json_array ());
  for (size_t i = 0; st == AT_OK && i < n_favs; i++)
    json_array_append_new (arr, json_string (favs[i]));
  free (ms);
  at_store_fittings_free (fs, n_fs);
  free (fbs);
  free (favs);
  return st;
}

AtStatus
at_store_customer_export (AtStore *store, int64_t customer, char **out_json, AtError *err)
{
  *out_json = NULL;
  AtCustomer c = { 0 };
  /* One read transaction: the export is a consistent snapshot. */
  AtStatus st = at_store_exec (store, "BEGIN", "exporting a customer", err);
  if (st != AT_OK)
    return st;
  st = find_customer_by_id (store, customer, &c, err);
  json_t *root = json_pack ("{s:s, s:i, s:o}", "format", "atelier-customer-export", "version", 1, "customer",
                            customer_json (&c));
  if (st == AT_OK && !root)
    st = at_error_set (err, AT_ERR_NOMEM, "customer export: out of memory");
  if (st == AT_OK)
    st = export_records (store, customer, root, err);
  at_store_rollback (store);
  if (st == AT_OK && !(*out_json = json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10))))
    st = at_error_set (err, AT_ERR_NOMEM, "customer export: out of memory");
  json_decref (root);
  return st;
}

AtStatus
at_store_customer_delete (AtStore *store, int64_t customer, AtError *err)
{
  AtStatus st = at_store_begin (store, err);
  if (st != AT_OK)
    return st;
  st = customer_exists (store, customer, err);
  /* Explicit deletes, children first, rather than relying on cascades
   * alone: a database opened without foreign_keys must not keep orphans. */
  static const char *const deletes[] = {
    "DELETE FROM favourites WHERE customer = ?", "DELETE FROM feedback WHERE customer = ?",
    "DELETE FROM fittings WHERE customer = ?",   "DELETE FROM measurements WHERE customer = ?",
    "DELETE FROM customers WHERE id = ?",
  };
  for (size_t i = 0; st == AT_OK && i < sizeof deletes / sizeof deletes[0]; i++)
    {
      sqlite3_stmt *del;
      st = at_store_prepare (store, deletes[i], &del, err);
      if (st == AT_OK)
        {
          sqlite3_bind_int64 (del, 1, customer);
          st = step_done (store, del, "deleting a customer", err);
        }
    }
  st = finish_change (store, st, err);
  /* secure_delete zeroed the freed cells; moving the pages into the main
   * file and truncating the WAL removes the old copies there too. A reader
   * holding an old snapshot can keep the WAL busy; the data then goes at
   * the next checkpoint, so that is not an error. */
  if (st == AT_OK)
    sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  return st;
}

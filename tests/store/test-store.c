/* The customer store: round trips, migration from schema v1, export and
 * deletion that leave nothing behind, and fault injection (truncated,
 * garbage, damaged, newer, foreign and locked files; allocation failures
 * inside transactions), each checking that saved data and files survive. */
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "store/at_store.h"

static char *tmp_dir;

static char *
db_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static AtStore *
open_ok (const char *path)
{
  AtStore *store = NULL;
  AtError err = { 0 };
  AtStatus st = at_store_open (path, NULL, &store, &err);
  if (st != AT_OK)
    g_error ("open %s: %s", path, err.message);
  return store;
}

static void
sample_measurements (AtMeasurements *m, double stature)
{
  at_measurements_init (m, AT_SEX_FEMALE);
  m->value[AT_M_STATURE] = stature, m->given[AT_M_STATURE] = true;
  m->value[AT_M_WEIGHT] = 61.5, m->given[AT_M_WEIGHT] = true;
  m->value[AT_M_HIP_GIRTH] = 101.25; /* estimated */
}

/* A customer with one record of every kind; returns the customer. */
static AtCustomer
add_full_customer (AtStore *store, const char *name)
{
  AtError err = { 0 };
  AtCustomer c;
  g_assert_cmpint (at_store_customer_create (store, name, true, false, &c, &err), ==, AT_OK);
  AtMeasurements m;
  sample_measurements (&m, 165.2);
  g_assert_cmpint (at_store_measurements_add (store, c.id, &m, AT_MEASURE_SOURCE_TYPED, NULL, &err), ==, AT_OK);
  int64_t fitting;
  g_assert_cmpint (at_store_fitting_add (store, c.id, "dress", "M", "{\"regions\": [{\"region\": \"hip\"}]}",
                                         &fitting, &err),
                   ==, AT_OK);
  AtFeedback fb = { .fitting = fitting, .garment = "dress", .size = "M", .region = "hip",
                    .verdict = AT_FEEDBACK_TOO_SMALL };
  g_assert_cmpint (at_store_feedback_add (store, c.id, &fb, NULL, &err), ==, AT_OK);
  g_assert_cmpint (at_store_favourite_add (store, c.id, "item-042", &err), ==, AT_OK);
  return c;
}

static char *
export_ok (AtStore *store, int64_t id)
{
  char *json = NULL;
  AtError err = { 0 };
  if (at_store_customer_export (store, id, &json, &err) != AT_OK)
    g_error ("export: %s", err.message);
  return json;
}

static void
test_round_trip (void)
{
  g_autofree char *path = db_path ("round.db");
  remove_db (path);
  AtStore *store = open_ok (path);
  struct stat sb;
  g_assert_cmpint (g_stat (path, &sb), ==, 0);
  g_assert_cmpint (sb.st_mode & 0777, ==, 0600);

  AtError err = { 0 };
  AtCustomer anna = add_full_customer (store, "Anna Lindqvist");
  AtCustomer anon;
  g_assert_cmpint (at_store_customer_create (store, NULL, true, true, &anon, &err), ==, AT_OK);
  g_assert_cmpstr (anon.name, ==, "");
  g_assert_cmpstr (anon.number, !=, anna.number);
  g_assert_cmpuint (strlen (anna.number), ==, 9);
  AtMeasurements m2;
  sample_measurements (&m2, 170.0);
  g_assert_cmpint (at_store_measurements_add (store, anna.id, &m2, AT_MEASURE_SOURCE_SCAN, NULL, &err), ==, AT_OK);
  /* duplicate favourites collapse; removal works */
  g_assert_cmpint (at_store_favourite_add (store, anna.id, "item-042", &err), ==, AT_OK);
  g_assert_cmpint (at_store_favourite_add (store, anna.id, "item-007", &err), ==, AT_OK);
  g_assert_cmpint (at_store_favourite_remove (store, anna.id, "item-007", &err), ==, AT_OK);
  /* records for a customer that does not exist are refused */
  g_assert_cmpint (at_store_favourite_add (store, 9999, "item-1", &err), ==, AT_ERR_NOT_FOUND);
  g_assert_cmpint (at_store_fitting_add (store, anna.id, "dress", "M", "[1, 2]", NULL, &err), ==, AT_ERR_PARSE);
  at_store_close (store);

  store = open_ok (path);
  AtCustomer found;
  char typed[16];
  /* staff type it in lower case without the dash */
  g_snprintf (typed, sizeof typed, "%.4s%s", anna.number, anna.number + 5);
  for (char *p = typed; *p; p++)
    *p = g_ascii_tolower (*p);
  g_assert_cmpint (at_store_customer_find_number (store, typed, &found, &err), ==, AT_OK);
  g_assert_cmpint (found.id, ==, anna.id);
  g_assert_cmpstr (found.name, ==, "Anna Lindqvist");
  g_assert_true (found.consent_store && !found.consent_contact);
  g_assert_cmpint (at_store_customer_find_number (store, "2222-2222", &found, &err), ==, AT_ERR_NOT_FOUND);
  g_assert_cmpint (at_store_customer_find_number (store, "O0", &found, &err), ==, AT_ERR_NOT_FOUND);

  AtCustomer hits[4];
  size_t count;
  g_assert_cmpint (at_store_customer_find_name (store, "lindq", hits, 4, &count, &err), ==, AT_OK);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpint (hits[0].id, ==, anna.id);
  g_assert_cmpint (at_store_customer_find_name (store, "%", hits, 4, &count, &err), ==, AT_OK);
  g_assert_cmpuint (count, ==, 0);

  AtStoredMeasurements *ms;
  size_t n;
  g_assert_cmpint (at_store_measurements_list (store, anna.id, &ms, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (ms[0].source, ==, AT_MEASURE_SOURCE_TYPED);
  g_assert_cmpint (ms[1].source, ==, AT_MEASURE_SOURCE_SCAN);
  g_assert_cmpfloat_with_epsilon (ms[0].m.value[AT_M_STATURE], 165.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (ms[0].m.value[AT_M_HIP_GIRTH], 101.25, 1e-9);
  g_assert_true (ms[0].m.given[AT_M_WEIGHT]);
  g_assert_false (ms[0].m.given[AT_M_HIP_GIRTH]);
  g_assert_cmpint (ms[0].m.sex, ==, AT_SEX_FEMALE);
  free (ms);

  AtFitting *fs;
  g_assert_cmpint (at_store_fittings_list (store, anna.id, &fs, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (fs[0].garment, ==, "dress");
  g_assert_nonnull (strstr (fs[0].report_json, "hip"));
  at_store_fittings_free (fs, n);

  AtFeedback *fbs;
  g_assert_cmpint (at_store_feedback_list (store, anna.id, &fbs, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (fbs[0].verdict, ==, AT_FEEDBACK_TOO_SMALL);
  g_assert_cmpstr (fbs[0].region, ==, "hip");
  g_assert_cmpint (fbs[0].fitting, >, 0);
  free (fbs);

  char (*favs)[AT_STORE_ID_MAX];
  g_assert_cmpint (at_store_favourites_list (store, anna.id, &favs, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (favs[0], ==, "item-042");
  free (favs);
  at_store_close (store);
  remove_db (path);
}

/* Schema version 1 exactly as Atelier 0.1 wrote it: a frozen fixture. */
static const char v1_schema[] =
  "CREATE TABLE customers (id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '',"
  " consent_store INTEGER NOT NULL, consent_contact INTEGER NOT NULL, created INTEGER NOT NULL);"
  "CREATE TABLE measurements (id INTEGER PRIMARY KEY,"
  " customer INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE, date INTEGER NOT NULL,"
  " source TEXT NOT NULL CHECK (source IN ('typed', 'estimated', 'scan')), values_json TEXT NOT NULL,"
  " measured_json TEXT NOT NULL);"
  "CREATE INDEX measurements_customer ON measurements (customer);"
  "INSERT INTO customers VALUES (1, 'ABCD-EFGH', 'Old Customer', 1, 0, 1700000000);"
  "INSERT INTO measurements VALUES (1, 1, 1700000000, 'typed',"
  " '{\"sex\": \"male\", \"stature\": 180.5, \"weight\": 80}', '[\"stature\", \"weight\"]');"
  "PRAGMA user_version = 1; PRAGMA application_id = 1096043602;";

static void
test_migration_from_v1 (void)
{
  g_autofree char *path = db_path ("v1.db");
  remove_db (path);
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v1_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  AtStore *store = open_ok (path);
  AtError err = { 0 };
  AtCustomer old;
  g_assert_cmpint (at_store_customer_find_number (store, "abcd-efgh", &old, &err), ==, AT_OK);
  g_assert_cmpstr (old.name, ==, "Old Customer");
  AtStoredMeasurements *ms;
  size_t n;
  g_assert_cmpint (at_store_measurements_list (store, old.id, &ms, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (ms[0].m.sex, ==, AT_SEX_MALE);
  g_assert_cmpfloat (ms[0].m.value[AT_M_STATURE], ==, 180.5);
  free (ms);
  /* the v2 tables exist and work for the old customer */
  g_assert_cmpint (at_store_fitting_add (store, old.id, "shirt", "L", NULL, NULL, &err), ==, AT_OK);
  g_assert_cmpint (at_store_favourite_add (store, old.id, "item-1", &err), ==, AT_OK);
  at_store_close (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_stmt *st;
  sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (st, 0), ==, AT_STORE_SCHEMA_VERSION);
  sqlite3_finalize (st);
  sqlite3_close (db);
  remove_db (path);
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  return memmem (data, len, needle, strlen (needle)) != NULL;
}

static void
test_export_and_delete (void)
{
  g_autofree char *path = db_path ("delete.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  remove_db (path);
  AtStore *store = open_ok (path);
  AtCustomer keep = add_full_customer (store, "Kept Customer");
  AtCustomer gone = add_full_customer (store, "Quintessa Forgetme");
  g_autofree char *keep_before = export_ok (store, keep.id);

  g_autofree char *json = export_ok (store, gone.id);
  g_assert_nonnull (strstr (json, "Quintessa Forgetme"));
  g_assert_nonnull (strstr (json, gone.number));
  g_assert_nonnull (strstr (json, "\"stature\": 165.2"));
  g_assert_nonnull (strstr (json, "item-042"));
  g_assert_nonnull (strstr (json, "too_small"));
  g_assert_true (file_contains (path, "Quintessa Forgetme") || file_contains (wal, "Quintessa Forgetme"));

  AtError err = { 0 };
  g_assert_cmpint (at_store_customer_delete (store, gone.id, &err), ==, AT_OK);
  char *none = NULL;
  g_assert_cmpint (at_store_customer_export (store, gone.id, &none, &err), ==, AT_ERR_NOT_FOUND);
  g_assert_null (none);
  g_assert_cmpint (at_store_customer_find_number (store, gone.number, &(AtCustomer){ 0 }, &err), ==,
                   AT_ERR_NOT_FOUND);
  size_t n = 1;
  AtStoredMeasurements *ms;
  g_assert_cmpint (at_store_measurements_list (store, gone.id, &ms, &n, &err), ==, AT_OK);
  g_assert_cmpuint (n, ==, 0);
  free (ms);
  g_assert_cmpint (at_store_customer_delete (store, gone.id, &err), ==, AT_ERR_NOT_FOUND);
  /* neither the database nor its WAL still holds the name or the number */
  g_assert_false (file_contains (path, "Quintessa Forgetme"));
  g_assert_false (file_contains (wal, "Quintessa Forgetme"));
  g_assert_false (file_contains (path, gone.number));
  g_assert_false (file_contains (wal, gone.number));
  g_autofree char *keep_after = export_ok (store, keep.id);
  g_assert_cmpstr (keep_before, ==, keep_after);
  at_store_close (store);
  remove_db (path);
}

/* A store with enough customers to span several pages, closed. */
static void
make_populated (const char *path)
{
  remove_db (path);
  AtStore *store = open_ok (path);
  for (int i = 0; i < 40; i++)
    add_full_customer (store, "Customer With A Reasonably Long Name");
  at_store_close (store);
}

/* Opening must fail with want, naming the file, and leave it unchanged. */
static void
assert_refused (const char *path, AtStatus want)
{
  g_autofree char *before = NULL, *after = NULL;
  gsize len_before = 0, len_after = 0;
  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));
  AtStore *store = NULL;
  AtError err = { 0 };
  AtStoreDef def = at_store_def_default ();
  def.busy_timeout_ms = 50;
  g_assert_cmpint (at_store_open (path, &def, &store, &err), ==, want);
  g_assert_null (store);
  g_assert_nonnull (strstr (err.message, path));
  g_test_message ("refused as expected: %s", err.message);
  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpuint (len_before, ==, len_after);
  g_assert_true (memcmp (before, after, len_before) == 0);
}

static void
test_truncated (void)
{
  g_autofree char *path = db_path ("truncated.db");
  make_populated (path);
  struct stat sb;
  g_assert_cmpint (g_stat (path, &sb), ==, 0);
  g_assert_cmpint (sb.st_size, >=, 3 * 4096);
  g_assert_cmpint (truncate (path, (sb.st_size / 4096 / 2) * 4096), ==, 0);
  assert_refused (path, AT_ERR_CORRUPT);
  /* cut inside the header too */
  g_assert_cmpint (truncate (path, 60), ==, 0);
  assert_refused (path, AT_ERR_CORRUPT);
  remove_db (path);
}

static void
test_garbage (void)
{
  g_autofree char *path = db_path ("garbage.db");
  remove_db (path);
  GRand *rand = g_rand_new_with_seed (7);
  guint8 junk[8192];
  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_rand_int (rand);
  g_assert_true (g_file_set_contents (path, (const char *) junk, sizeof junk, NULL));
  assert_refused (path, AT_ERR_CORRUPT);

  /* a sound header over damaged pages: found by quick_check */
  make_populated (path);
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize i = 4096; i < len; i++)
    data[i] = (char) g_rand_int (rand);
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  assert_refused (path, AT_ERR_CORRUPT);
  g_rand_free (rand);
  remove_db (path);
}

static void
run_sql (const char *path, const char *sql)
{
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_newer_version (void)
{
  g_autofree char *path = db_path ("newer.db");
  make_populated (path);
  run_sql (path, "PRAGMA user_version = 99");
  assert_refused (path, AT_ERR_VERSION);
  remove_db (path);
}

static void
test_foreign_database (void)
{
  g_autofree char *path = db_path ("foreign.db");
  remove_db (path);
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine')", NULL, NULL,
                                 NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused (path, AT_ERR_INVALID);
  remove_db (path);
}

static void
test_locked (void)
{
  g_autofree char *path = db_path ("locked.db");
  make_populated (path);
  AtStore *store = open_ok (path);
  AtCustomer before = add_full_customer (store, "Saved Before The Lock");
  g_autofree char *saved = export_ok (store, before.id);

  /* another program takes the write lock and keeps it */
  sqlite3 *other;
  g_assert_cmpint (sqlite3_open_v2 (path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE; UPDATE customers SET name = name", NULL, NULL, NULL), ==,
                   SQLITE_OK);

  AtStore *second = NULL;
  AtError err = { 0 };
  AtStoreDef def = at_store_def_default ();
  def.busy_timeout_ms = 50;
  g_assert_cmpint (at_store_open (path, &def, &second, &err), ==, AT_ERR_BUSY);
  g_assert_null (second);
  g_assert_nonnull (strstr (err.message, "another program"));

  /* a store already open cannot write either, and says why */
  at_store_close (store);
  sqlite3_exec (other, "COMMIT", NULL, NULL, NULL);
  store = NULL;
  g_assert_cmpint (at_store_open (path, &def, &store, &err), ==, AT_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  AtCustomer c;
  g_assert_cmpint (at_store_customer_create (store, "Blocked", false, false, &c, &err), ==, AT_ERR_BUSY);
  g_assert_cmpint (at_store_customer_delete (store, before.id, &err), ==, AT_ERR_BUSY);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  g_autofree char *after = export_ok (store, before.id);
  g_assert_cmpstr (saved, ==, after);
  size_t count;
  AtCustomer hit;
  g_assert_cmpint (at_store_customer_find_name (store, "Blocked", &hit, 1, &count, &err), ==, AT_OK);
  g_assert_cmpuint (count, ==, 0);
  at_store_close (store);
  remove_db (path);
}

/* ---- allocation failures: SQLite's allocator replaced by one that fails
 * every request from the n-th on, until disarmed ---- */

static sqlite3_mem_methods real_mem;
static int fail_countdown = -1;
static gboolean fault_hit;

static gboolean
should_fail (void)
{
  if (fail_countdown < 0)
    return FALSE;
  if (fail_countdown == 0)
    {
      fault_hit = TRUE;
      return TRUE;
    }
  fail_countdown--;
  return FALSE;
}

static void *
failing_malloc (int n)
{
  return should_fail () ? NULL : real_mem.xMalloc (n);
}

static void *
failing_realloc (void *p, int n)
{
  return should_fail () ? NULL : real_mem.xRealloc (p, n);
}

static void
arm_fault (int n)
{
  fault_hit = FALSE;
  fail_countdown = n;
}

static void
disarm_fault (void)
{
  fail_countdown = -1;
}

static void
test_allocation_failure (void)
{
  g_autofree char *path = db_path ("nomem.db");
  remove_db (path);
  AtStore *store = open_ok (path);
  AtCustomer kept = add_full_customer (store, "Kept Through Failures");
  AtCustomer victim = add_full_customer (store, "Deleted Under Pressure");
  g_autofree char *kept_json = export_ok (store, kept.id);
  g_autofree char *victim_json = export_ok (store, victim.id);
  at_store_close (store);

  /* Count the allocations of one clean run, then fail at points spread
   * over it (every point would take minutes of fsyncs). */
  const int points = 120;
  int total = 0;
  int failures = 0;
  gsize expected = 1;
  gboolean done = FALSE;
  for (int i = 0; i <= 2 * points && !done; i++)
    {
      int n = i == 0 ? G_MAXINT : (int) ((gint64) (i - 1) * total / points);
      /* open, add a measurement to one customer, delete the other: any of
       * it may fail; each transaction must be all or nothing */
      AtError err = { 0 };
      AtMeasurements m;
      sample_measurements (&m, 150.0 + (n % 50));
      AtStatus st_add = AT_ERR_CANCELLED, st_del = AT_ERR_CANCELLED;
      arm_fault (n);
      AtStatus st_open = at_store_open (path, NULL, &store, &err);
      if (st_open == AT_OK)
        {
          st_add = at_store_measurements_add (store, kept.id, &m, AT_MEASURE_SOURCE_TYPED, NULL, &err);
          st_del = at_store_customer_delete (store, victim.id, &err);
        }
      gboolean hit = fault_hit;
      if (i == 0)
        total = G_MAXINT - fail_countdown;
      disarm_fault ();
      at_store_close (store);
      store = NULL;
      if (!hit)
        {
          g_assert_cmpint (st_del, ==, AT_OK);
          done = i > 0;
        }
      else
        failures++;

      store = open_ok (path);
      expected += st_add == AT_OK;
      AtStoredMeasurements *ms;
      size_t count;
      g_assert_cmpint (at_store_measurements_list (store, kept.id, &ms, &count, &err), ==, AT_OK);
      g_assert_cmpuint (count, ==, expected);
      free (ms);
      g_autofree char *kept_now = export_ok (store, kept.id);
      if (st_add != AT_OK)
        g_assert_cmpstr (kept_now, ==, kept_json);
      g_free (kept_json);
      kept_json = g_steal_pointer (&kept_now);

      char *victim_now = NULL;
      AtStatus st_victim = at_store_customer_export (store, victim.id, &victim_now, &err);
      if (st_del == AT_OK)
        {
          g_assert_cmpint (st_victim, ==, AT_ERR_NOT_FOUND);
          victim = add_full_customer (store, "Deleted Under Pressure");
          g_free (victim_json);
          victim_json = export_ok (store, victim.id);
        }
      else
        {
          g_assert_cmpint (st_victim, ==, AT_OK);
          g_assert_cmpstr (victim_now, ==, victim_json);
        }
      free (victim_now);
      at_store_close (store);
      store = NULL;
    }
  g_assert_true (done);
  g_test_message ("%d allocations in one run; %d injected failures, each left the saved data intact", total, failures);
  g_assert_cmpint (failures, >=, points / 2);
  remove_db (path);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The failing allocator must be installed before SQLite starts. */
  sqlite3_shutdown ();
  sqlite3_config (SQLITE_CONFIG_GETMALLOC, &real_mem);
  sqlite3_mem_methods failing = real_mem;
  failing.xMalloc = failing_malloc;
  failing.xRealloc = failing_realloc;
  sqlite3_config (SQLITE_CONFIG_MALLOC, &failing);
  sqlite3_config (SQLITE_CONFIG_LOOKASIDE, 0, 0);
  g_assert_cmpint (sqlite3_initialize (), ==, SQLITE_OK);

  tmp_dir = g_dir_make_tmp ("atelier-store-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  g_test_add_func ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/migration-from-v1", test_migration_from_v1);
  g_test_add_func ("/store/export-and-delete", test_export_and_delete);
  g_test_add_func ("/store/truncated", test_truncated);
  g_test_add_func ("/store/garbage", test_garbage);
  g_test_add_func ("/store/newer-version", test_newer_version);
  g_test_add_func ("/store/foreign-database", test_foreign_database);
  g_test_add_func ("/store/locked", test_locked);
  g_test_add_func ("/store/allocation-failure", test_allocation_failure);
  int status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}

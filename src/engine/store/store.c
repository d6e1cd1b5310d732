/* Opening the customer store safely: checks before SQLite touches the file,
 * schema migrations, and the error mapping shared by the store's files.
 *
 * Method: the SQLite file format's 100-byte header (sqlite.org/fileformat2)
 * is read first: a file that lacks the magic string, or is shorter than the
 * page count its header claims (a truncated copy), is refused before SQLite
 * opens it. Then PRAGMA user_version (newer than this build: refused),
 * application_id (another program's database: refused) and PRAGMA
 * quick_check (damaged pages: refused). Only then may anything be written:
 * WAL mode, and the migrations from the file's version to
 * AT_STORE_SCHEMA_VERSION inside one BEGIN IMMEDIATE transaction, which is
 * also how a database held by another writer is detected (SQLITE_BUSY after
 * the busy timeout). New files are created by us with O_EXCL and mode 0600,
 * so they are never readable by others, not even for a moment; SQLite gives
 * its -wal and -shm files the same mode. */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'ATLR': marks the file as Atelier's in the SQLite header. */
#define AT_STORE_APPLICATION_ID 0x41544C52

/* migrations[v] brings a version-v database to version v + 1. */
static const char *const migrations[AT_STORE_SCHEMA_VERSION] = {
  /* v1: customers and their measurement history */
  "CREATE TABLE customers ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  consent_store INTEGER NOT NULL,"
  "  consent_contact INTEGER NOT NULL,"
  "  created INTEGER NOT NULL);"
  "CREATE TABLE measurements ("
  "  id INTEGER PRIMARY KEY,"
  "  customer INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  date INTEGER NOT NULL,"
  "  source TEXT NOT NULL CHECK (source IN ('typed', 'estimated', 'scan')),"
  "  values_json TEXT NOT NULL,"
  "  measured_json TEXT NOT NULL);"
  "CREATE INDEX measurements_customer ON measurements (customer);",
  /* v2: fittings, fit feedback, favourites, and finding customers by name */
  "CREATE TABLE fittings ("
  "  id INTEGER PRIMARY KEY,"
  "  customer INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  date INTEGER NOT NULL,"
  "  garment TEXT NOT NULL,"
  "  size TEXT NOT NULL,"
  "  report_json TEXT);"
  "CREATE INDEX fittings_customer ON fittings (customer);"
  "CREATE TABLE feedback ("
  "  id INTEGER PRIMARY KEY,"
  "  customer INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  fitting INTEGER REFERENCES fittings (id) ON DELETE SET NULL,"
  "  date INTEGER NOT NULL,"
  "  garment TEXT NOT NULL,"
  "  size TEXT NOT NULL,"
  "  region TEXT NOT NULL DEFAULT '',"
  "  verdict TEXT NOT NULL CHECK (verdict IN ('too_small', 'fits', 'too_large')));"
  "CREATE INDEX feedback_customer ON feedback (customer);"
  "CREATE TABLE favourites ("
  "  customer INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  item TEXT NOT NULL,"
  "  added INTEGER NOT NULL,"
  "  PRIMARY KEY (customer, item));"
  "CREATE INDEX customers_name ON customers (name COLLATE NOCASE);",
};

AtStoreDef
at_store_def_default (void)
{
  return (AtStoreDef){ .busy_timeout_ms = 2000 };
}

AtStatus
at_store_fail (AtStore *store, int rc, const char *doing, AtError *err)
{
  AtStatus status;
  const char *advice = "";
  switch (rc & 0xff)
    {
    case SQLITE_NOMEM:
      status = AT_ERR_NOMEM;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      status = AT_ERR_BUSY;
      advice = " (another program is writing to it; close it and try again)";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      status = AT_ERR_CORRUPT;
      advice = " (the file is damaged; it was left untouched)";
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      status = AT_ERR_INVALID;
      break;
    default:
      status = AT_ERR_IO;
      break;
    }
  const char *detail = store && store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc);
  return at_error_set (err, status, "customer database %s: %s failed: %s%s", store && store->path ? store->path : "",
                       doing, detail, advice);
}

AtStatus
at_store_prepare (AtStore *store, const char *sql, sqlite3_stmt **out, AtError *err)
{
  int rc = sqlite3_prepare_v2 (store->db, sql, -1, out, NULL);
  if (rc != SQLITE_OK)
    {
      *out = NULL;
      return at_store_fail (store, rc, "preparing a query", err);
    }
  return AT_OK;
}

AtStatus
at_store_exec (AtStore *store, const char *sql, const char *doing, AtError *err)
{
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? AT_OK : at_store_fail (store, rc, doing, err);
}

AtStatus
at_store_begin (AtStore *store, AtError *err)
{
  return at_store_exec (store, "BEGIN IMMEDIATE", "starting a change", err);
}

AtStatus
at_store_commit (AtStore *store, AtError *err)
{
  AtStatus st = at_store_exec (store, "COMMIT", "saving a change", err);
  if (st != AT_OK)
    at_store_rollback (store);
  return st;
}

void
at_store_rollback (AtStore *store)
{
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

static uint32_t
be32 (const unsigned char *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* Looks at the file before SQLite does. *exists is false when there is no
 * file (or an empty one, which SQLite treats as a new database). */
static AtStatus
check_header (const char *path, bool *exists, AtError *err)
{
  struct stat sb;
  *exists = false;
  if (stat (path, &sb) != 0)
    {
      if (errno == ENOENT)
        return AT_OK;
      return at_error_set (err, AT_ERR_IO, "customer database %s: %s", path, strerror (errno));
    }
  if (!S_ISREG (sb.st_mode))
    return at_error_set (err, AT_ERR_INVALID, "customer database %s: not a regular file", path);
  if (sb.st_size == 0)
    return AT_OK;
  *exists = true;

  unsigned char h[100];
  FILE *f = fopen (path, "rb");
  if (!f)
    return at_error_set (err, AT_ERR_IO, "customer database %s: %s", path, strerror (errno));
  size_t got = fread (h, 1, sizeof h, f);
  fclose (f);
  if (got < sizeof h || memcmp (h, "SQLite format 3", 16) != 0)
    return at_error_set (err, AT_ERR_CORRUPT,
                         "customer database %s: not a database file (damaged or something else); it was left "
                         "untouched: move it aside to start a new one",
                         path);
  uint32_t page_size = (uint32_t) h[16] << 8 | h[17];
  if (page_size == 1)
    page_size = 65536;
  uint32_t pages = be32 (h + 28);
  /* The page count is only meaningful when "version-valid-for" matches the
   * change counter (writers before SQLite 3.7.0 did not keep it). */
  bool count_valid = pages > 0 && be32 (h + 24) == be32 (h + 92);
  if (page_size < 512 || (page_size & (page_size - 1)) != 0
      || (count_valid && (uint64_t) pages * page_size > (uint64_t) sb.st_size))
    return at_error_set (err, AT_ERR_CORRUPT,
                         "customer database %s: the file is truncated or damaged (%lld bytes, its header says %llu); "
                         "it was left untouched: restore it from a backup",
                         path, (long long) sb.st_size, (unsigned long long) pages * page_size);
  return AT_OK;
}

static AtStatus
pragma_int (AtStore *store, const char *sql, int64_t *out, AtError *err)
{
  sqlite3_stmt *st;
  AtStatus status = at_store_prepare (store, sql, &st, err);
  if (status != AT_OK)
    return status;
  int rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (st, 0);
  else
    status = at_store_fail (store, rc, "reading the database header", err);
  sqlite3_finalize (st);
  return status;
}

/* PRAGMA quick_check: "ok", or one row per problem found. */
static AtStatus
quick_check (AtStore *store, AtError *err)
{
  sqlite3_stmt *st;
  AtStatus status = at_store_prepare (store, "PRAGMA quick_check(1)", &st, err);
  if (status != AT_OK)
    return status;
  int rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    status = at_store_fail (store, rc, "checking the database", err);
  else
    {
      const char *verdict = (const char *) sqlite3_column_text (st, 0);
      if (!verdict)
        status = at_store_fail (store, SQLITE_NOMEM, "checking the database", err);
      else if (strcmp (verdict, "ok") != 0)
        status = at_error_set (err, AT_ERR_CORRUPT,
                               "customer database %s: the file is damaged (%s); it was left untouched: restore it "
                               "from a backup",
                               store->path, verdict);
    }
  sqlite3_finalize (st);
  return status;
}

/* Refuses files that SQLite reads but that are not ours to change. */
static AtStatus
check_identity (AtStore *store, bool existed, int64_t *version, AtError *err)
{
  int64_t app_id = 0, tables = 0;
  AtStatus st = pragma_int (store, "PRAGMA user_version", version, err);
  if (st == AT_OK)
    st = pragma_int (store, "PRAGMA application_id", &app_id, err);
  if (st == AT_OK)
    st = pragma_int (store, "SELECT count(*) FROM sqlite_schema", &tables, err);
  if (st != AT_OK)
    return st;
  if (*version > AT_STORE_SCHEMA_VERSION)
    return at_error_set (err, AT_ERR_VERSION,
                         "customer database %s: written by a newer Atelier (schema version %lld, this one knows up "
                         "to %d); it was left untouched: update Atelier to open it",
                         store->path, (long long) *version, AT_STORE_SCHEMA_VERSION);
  if (existed && app_id != AT_STORE_APPLICATION_ID && (tables > 0 || *version != 0))
    return at_error_set (err, AT_ERR_INVALID,
                         "customer database %s: this is another program's database, not Atelier's; it was left "
                         "untouched",
                         store->path);
  return AT_OK;
}

static AtStatus
migrate (AtStore *store, int64_t version, AtError *err)
{
  /* Always taken, even with nothing to migrate: it is how a database held
   * by another writer is found at open rather than at the first save. */
  AtStatus st = at_store_begin (store, err);
  if (st != AT_OK)
    return st;
  for (int64_t v = version; v < AT_STORE_SCHEMA_VERSION && st == AT_OK; v++)
    st = at_store_exec (store, migrations[v], "upgrading the schema", err);
  if (st == AT_OK && version < AT_STORE_SCHEMA_VERSION)
    {
      char sql[96];
      snprintf (sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d", AT_STORE_SCHEMA_VERSION,
                AT_STORE_APPLICATION_ID);
      st = at_store_exec (store, sql, "upgrading the schema", err);
    }
  if (st != AT_OK)
    {
      at_store_rollback (store);
      return st;
    }
  return at_store_commit (store, err);
}

static AtStatus
create_private_file (const char *path, AtError *err)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return at_error_set (err, AT_ERR_IO, "customer database %s: cannot create it: %s", path, strerror (errno));
  close (fd);
  return AT_OK;
}

AtStatus
at_store_open (const char *path, const AtStoreDef *def, AtStore **out, AtError *err)
{
  *out = NULL;
  AtStoreDef defaults = at_store_def_default ();
  if (!def)
    def = &defaults;
  bool existed;
  AtStatus st = check_header (path, &existed, err);
  if (st != AT_OK)
    return st;
  struct stat sb;
  if (stat (path, &sb) != 0)
    {
      st = create_private_file (path, err);
      if (st != AT_OK)
        return st;
    }

  AtStore *store = calloc (1, sizeof *store);
  if (!store || !(store->path = strdup (path)))
    {
      free (store);
      return at_error_set (err, AT_ERR_NOMEM, "customer database %s: out of memory", path);
    }
  /* READWRITE without CREATE: SQLite never makes a file we did not. */
  int rc = sqlite3_open_v2 (path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    st = at_store_fail (store, rc, "opening", err);
  if (st == AT_OK)
    {
      sqlite3_extended_result_codes (store->db, 1);
      sqlite3_busy_timeout (store->db, def->busy_timeout_ms);
    }
  int64_t version = 0;
  if (st == AT_OK)
    st = check_identity (store, existed, &version, err);
  if (st == AT_OK && existed)
    st = quick_check (store, err);
  /* From here on the file may be written. */
  if (st == AT_OK)
    st = at_store_exec (store,
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                        "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON",
                        "setting up", err);
  if (st == AT_OK)
    st = migrate (store, version, err);
  if (st != AT_OK)
    {
      /* A file we created and could not set up holds no tables, so the next
       * open takes it as new. */
      at_store_close (store);
      return st;
    }
  *out = store;
  return AT_OK;
}

void
at_store_close (AtStore *store)
{
  if (!store)
    return;
  sqlite3_close_v2 (store->db);
  free (store->path);
  free (store);
}

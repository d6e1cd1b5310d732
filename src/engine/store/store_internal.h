/* Shared between the store's files: the handle, SQLite error mapping and
 * the transaction helpers every change goes through. */
#pragma once
#include <sqlite3.h>
#include "at_store.h"

struct AtStore {
  sqlite3 *db;
  char *path;
};

/* Maps a SQLite result code to an AtStatus, with a message naming the file
 * and what was being done. */
AtStatus at_store_fail (AtStore *store, int rc, const char *doing, AtError *err);
AtStatus at_store_prepare (AtStore *store, const char *sql, sqlite3_stmt **out, AtError *err);
/* BEGIN IMMEDIATE: takes the write lock up front so a busy database fails
 * before anything is done. */
AtStatus at_store_begin (AtStore *store, AtError *err);
AtStatus at_store_commit (AtStore *store, AtError *err);
/* Undoes the open transaction, if SQLite has not already done so. */
void at_store_rollback (AtStore *store);
/* Runs SQL with no result rows. */
AtStatus at_store_exec (AtStore *store, const char *sql, const char *doing, AtError *err);

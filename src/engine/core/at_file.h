/* File helpers: whole-file reads with a size cap (hostile inputs cannot make
 * us allocate gigabytes), crash-safe writes (temporary name, fsync, rename:
 * a reader never sees a half-written file), and the data folder lookup. */
#pragma once
#include <stddef.h>
#include "at_status.h"

/* Reads the whole file into a NUL-terminated buffer (caller frees). */
AtStatus at_file_read_all (const char *path, size_t max_bytes, char **out_data, size_t *out_len, AtError *err);

/* Writes len bytes atomically to path. */
AtStatus at_file_write_atomic (const char *path, const void *data, size_t len, AtError *err);

/* Callback form for writers that stream (PNG encoders, exporters): `write`
 * receives a temporary path to write to; on success it is renamed to path,
 * on failure removed. */
typedef AtStatus (*AtFileWriter) (const char *tmp_path, void *user_data, AtError *err);
AtStatus at_file_write_via (const char *path, AtFileWriter write, void *user_data, AtError *err);

/* The folder holding Atelier's run-time data (size charts, fabrics, weights).
 * Looked up in $ATELIER_DATADIR, the source tree's data/ (running from the
 * build folder), then the installed location. Never NULL. */
const char *at_data_dir (void);
/* at_data_dir()/relative into buf; returns buf. */
char *at_data_path (const char *relative, char *buf, size_t size);

/* The file name's extension in lower case without the dot ("" if none). */
void at_file_extension (const char *path, char *ext, size_t size);

/* What the tests that drive atelier-cli share: running it, and writing the
 * gzip files its benches read. */
#pragma once

/* Runs $ATELIER_CLI with args (NULL-terminated), capturing stdout and stderr
 * into *out and *err (g_free; either may be NULL). Returns the exit status,
 * -1 when it did not exit; a failure to start it aborts the test. */
int at_test_run_cli (const char *const *args, char **out, char **err);
/* Writes text gzip-compressed to dir/name; returns the path (g_free). */
char *at_test_write_gz (const char *dir, const char *name, const char *text);

/* Status codes and error detail shared by every engine function.
 * One table of messages (status.c) keeps wording consistent; AtError adds
 * the specific detail (which file, which key) that the user needs. */
#pragma once
#include <stdarg.h>

typedef enum {
  AT_OK = 0,
  AT_ERR_IO,          /* a file could not be read or written */
  AT_ERR_PARSE,       /* malformed input */
  AT_ERR_RANGE,       /* a value outside its allowed range */
  AT_ERR_INVALID,     /* inconsistent or impossible input */
  AT_ERR_NOMEM,
  AT_ERR_UNSUPPORTED, /* a format or feature this build does not handle */
  AT_ERR_CANCELLED,
  AT_ERR_CORRUPT,     /* a file or database failed its integrity check */
  AT_ERR_VERSION,     /* written by a newer or unknown version */
  AT_ERR_BUSY,        /* locked by someone else */
  AT_ERR_NOT_FOUND,
  AT_STATUS_COUNT
} AtStatus;

typedef struct AtError {
  AtStatus code;
  char message[512];
} AtError;

const char *at_status_message (AtStatus status);

/* Records status and a printf-style detail in err (which may be NULL) and
 * returns status, so callers can write `return at_error_set (...)`. */
AtStatus at_error_set (AtError *err, AtStatus status, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));
AtStatus at_error_setv (AtError *err, AtStatus status, const char *fmt, va_list ap);
void at_error_clear (AtError *err);

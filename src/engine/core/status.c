#include "at_status.h"

#include <stdio.h>
#include <string.h>

static const char *const messages[AT_STATUS_COUNT] = {
  [AT_OK] = "success",
  [AT_ERR_IO] = "input/output error",
  [AT_ERR_PARSE] = "malformed input",
  [AT_ERR_RANGE] = "value out of range",
  [AT_ERR_INVALID] = "invalid input",
  [AT_ERR_NOMEM] = "out of memory",
  [AT_ERR_UNSUPPORTED] = "not supported",
  [AT_ERR_CANCELLED] = "cancelled",
  [AT_ERR_CORRUPT] = "corrupt data",
  [AT_ERR_VERSION] = "unsupported version",
  [AT_ERR_BUSY] = "resource busy",
  [AT_ERR_NOT_FOUND] = "not found",
};

const char *
at_status_message (AtStatus status)
{
  if ((int) status < 0 || status >= AT_STATUS_COUNT)
    return "unknown error";
  return messages[status];
}

AtStatus
at_error_setv (AtError *err, AtStatus status, const char *fmt, va_list ap)
{
  if (err)
    {
      err->code = status;
      if (fmt)
        vsnprintf (err->message, sizeof err->message, fmt, ap);
      else
        snprintf (err->message, sizeof err->message, "%s", at_status_message (status));
    }
  return status;
}

AtStatus
at_error_set (AtError *err, AtStatus status, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  at_error_setv (err, status, fmt, ap);
  va_end (ap);
  return status;
}

void
at_error_clear (AtError *err)
{
  if (err)
    {
      err->code = AT_OK;
      err->message[0] = '\0';
    }
}

#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int
at_cli_fail (const char *command, const AtError *err)
{
  fprintf (stderr, "atelier-cli %s: %s\n", command,
           err && err->message[0] ? err->message : at_status_message (err ? err->code : AT_ERR_INVALID));
  return AT_EXIT_FAILURE;
}

int
at_cli_usage_error (const char *command, const char *synopsis, const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "atelier-cli %s: ", command);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, "\nusage: atelier-cli %s %s\n", command, synopsis);
  return AT_EXIT_USAGE;
}

bool
at_cli_wants_help (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
      return true;
  return false;
}

void
at_cli_print_help (FILE *out, const char *command, const char *synopsis, const char *details)
{
  fprintf (out, "usage: atelier-cli %s %s\n", command, synopsis);
  if (details)
    fprintf (out, "\n%s", details);
}

bool
at_cli_parse_int (const char *text, long min, long max, long *out)
{
  if (!text || !*text)
    return false;
  char *end;
  errno = 0;
  long v = strtol (text, &end, 10);
  if (errno || *end || v < min || v > max)
    return false;
  *out = v;
  return true;
}

bool
at_cli_parse_double (const char *text, double *out)
{
  if (!text || !*text)
    return false;
  char *end;
  errno = 0;
  double v = strtod (text, &end);
  if (errno || *end || !isfinite (v))
    return false;
  *out = v;
  return true;
}

void
at_cli_print_json (char *text)
{
  if (text)
    fputs (text, stdout);
  fputc ('\n', stdout);
  free (text);
}

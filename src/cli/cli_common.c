#include "cli.h"
#include "io/at_io.h"

#include <errno.h>
#include <limits.h>
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

static const AtCliOption *
find_option (const AtCliOption *options, const char *name)
{
  for (const AtCliOption *o = options; o->name; o++)
    if (strcmp (o->name, name) == 0)
      return o;
  return NULL;
}

static int
store_value (const char *command, const char *synopsis, const AtCliOption *o, const char *text)
{
  switch (o->kind)
    {
    case AT_CLI_TEXT:
      *(const char **) o->target = text;
      return AT_EXIT_OK;
    case AT_CLI_INT:
      {
        /* (double) LONG_MAX rounds up to 2^63, which does not convert back. */
        long lo = o->min <= (double) LONG_MIN ? LONG_MIN : (long) o->min;
        long hi = o->max >= (double) LONG_MAX ? LONG_MAX : (long) o->max;
        if (!at_cli_parse_int (text, lo, hi, o->target))
          return at_cli_usage_error (command, synopsis, "%s must be an integer from %ld to %ld, not '%s'", o->name,
                                     lo, hi, text);
        return AT_EXIT_OK;
      }
    case AT_CLI_NUMBER:
      {
        double v;
        if (!at_cli_parse_double (text, &v) || v < o->min || v > o->max)
          return at_cli_usage_error (command, synopsis, "%s must be a number from %g to %g, not '%s'", o->name,
                                     o->min, o->max, text);
        *(double *) o->target = v;
        return AT_EXIT_OK;
      }
    case AT_CLI_CHOICE:
      for (int i = 0; o->choices[i]; i++)
        if (strcmp (text, o->choices[i]) == 0)
          {
            *(int *) o->target = i;
            return AT_EXIT_OK;
          }
      {
        char words[256] = "";
        for (int i = 0; o->choices[i]; i++)
          snprintf (words + strlen (words), sizeof words - strlen (words), "%s%s", i ? ", " : "", o->choices[i]);
        return at_cli_usage_error (command, synopsis, "%s must be one of %s, not '%s'", o->name, words, text);
      }
    case AT_CLI_FLAG:
      break;
    }
  *(bool *) o->target = true;
  return AT_EXIT_OK;
}

int
at_cli_parse_options (const char *command, const char *synopsis, int argc, char **argv,
                      const AtCliOption *options, const char **positional, int n_positional)
{
  int n_words = 0;
  for (int i = 1; i < argc; i++)
    {
      const char *word = argv[i];
      if (word[0] == '-' && word[1])
        {
          const AtCliOption *o = find_option (options, word);
          if (!o)
            return at_cli_usage_error (command, synopsis, "unknown option '%s'", word);
          if (o->kind != AT_CLI_FLAG && i + 1 >= argc)
            return at_cli_usage_error (command, synopsis, "%s needs a value", word);
          int rc = store_value (command, synopsis, o, o->kind == AT_CLI_FLAG ? NULL : argv[++i]);
          if (rc != AT_EXIT_OK)
            return rc;
        }
      else if (n_words < n_positional)
        positional[n_words++] = word;
      else
        return at_cli_usage_error (command, synopsis, "unexpected argument '%s'", word);
    }
  return AT_EXIT_OK;
}

int
at_cli_bench_train_test (const char *command, const char *synopsis, int argc, char **argv, AtCliTrainTestRun run)
{
  const char *train = NULL, *test = NULL, *predictions = NULL;
  bool json = false;
  const AtCliOption options[] = {
    { "--train", AT_CLI_TEXT, &train },
    { "--test", AT_CLI_TEXT, &test },
    { "--predictions", AT_CLI_TEXT, &predictions },
    { "--json", AT_CLI_FLAG, &json },
    { 0 },
  };
  int rc = at_cli_parse_options (command, synopsis, argc, argv, options, NULL, 0);
  if (rc != AT_EXIT_OK)
    return rc;
  if (!train || !test)
    return at_cli_usage_error (command, synopsis, "--train and --test are required");
  return run (train, test, predictions, json);
}

void
at_cli_print_json (char *text)
{
  if (text)
    fputs (text, stdout);
  fputc ('\n', stdout);
  free (text);
}

AtStatus
at_cli_write_cloth (const char *path, const char *name, const AtMesh *mesh, AtError *err)
{
  const AtSceneNode node = { name, mesh, { 0.85f, 0.85f, 0.82f, 1 }, 0.8f };
  return at_scene_export (path, &node, 1, err);
}

#include "at_json.h"

#include <stdlib.h>
#include "at_file.h"

AtStatus
at_json_parse (const char *text, const char *source, json_t **out, AtError *err)
{
  json_error_t jerr;
  *out = json_loads (text, JSON_REJECT_DUPLICATES, &jerr);
  if (!*out)
    return at_error_set (err, AT_ERR_PARSE, "%s: line %d: %s", source, jerr.line, jerr.text);
  return AT_OK;
}

AtStatus
at_json_read_file (const char *path, size_t max_bytes, json_t **out, AtError *err)
{
  *out = NULL;
  char *text;
  size_t len;
  AtStatus st = at_file_read_all (path, max_bytes, &text, &len, err);
  if (st != AT_OK)
    return st;
  st = at_json_parse (text, path, out, err);
  free (text);
  return st;
}

/* Strict JSON reading for every Atelier file format: duplicate keys are
 * refused (a hand-edited file with two "chest_girth" entries is ambiguous,
 * not "last one wins") and NaN/Infinity literals are not JSON. Errors name
 * the source and the line. */
#pragma once
#include <jansson.h>
#include <stddef.h>
#include "at_status.h"

/* Parses text into *out (caller decrefs); on failure *out is NULL and err
 * says "SOURCE: line N: problem". */
AtStatus at_json_parse (const char *text, const char *source, json_t **out, AtError *err);
/* Reads path (at most max_bytes) and parses it, named by its path. */
AtStatus at_json_read_file (const char *path, size_t max_bytes, json_t **out, AtError *err);

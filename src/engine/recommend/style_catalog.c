/* The garment catalogue of at_style.h: a JSON list of items with their
 * attributes, validated strictly (a catalogue typo would otherwise silently
 * empty a category in the kiosk). */
#include "at_style.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "at_file.h"
#include "at_id_map.h"

enum { FIELD_COUNT = 10 }; /* string fields of AtStyleItem, in order */

static const char *const field_names[FIELD_COUNT] = {
  "id", "name", "garment", "category", "silhouette", "occasion", "season", "colour", "pattern", "fabric",
};

struct AtStyleCatalog {
  AtStyleItem *items;
  size_t n;
  AtStrMap *ids;
};

static const char **
item_field (AtStyleItem *item, int f)
{
  const char **fields[FIELD_COUNT] = { &item->id, &item->name, &item->garment, &item->category, &item->silhouette,
                                       &item->occasion, &item->season, &item->colour, &item->pattern, &item->fabric };
  return fields[f];
}

void
at_style_catalog_free (AtStyleCatalog *cat)
{
  if (!cat)
    return;
  for (size_t i = 0; i < cat->n; i++)
    for (int f = 0; f < FIELD_COUNT; f++)
      free ((char *) *item_field (&cat->items[i], f));
  free (cat->items);
  at_str_map_free (cat->ids);
  free (cat);
}

AtStatus
at_style_catalog_new (const AtStyleItem *items, size_t n, AtStyleCatalog **out, AtError *err)
{
  *out = NULL;
  AtStyleCatalog *cat = calloc (1, sizeof *cat);
  if (!cat || !(cat->items = calloc (n ? n : 1, sizeof *cat->items)) || !(cat->ids = at_str_map_new ()))
    {
      at_style_catalog_free (cat);
      return at_error_set (err, AT_ERR_NOMEM, "catalogue: out of memory");
    }
  for (size_t i = 0; i < n; i++)
    {
      AtStyleItem src = items[i];
      AtStyleItem *dst = &cat->items[cat->n];
      for (int f = 0; f < FIELD_COUNT; f++)
        {
          const char *s = *item_field (&src, f);
          *item_field (dst, f) = strdup (s ? s : "");
        }
      dst->price = src.price;
      cat->n++;
      for (int f = 0; f < FIELD_COUNT; f++)
        if (!*item_field (dst, f))
          {
            at_style_catalog_free (cat);
            return at_error_set (err, AT_ERR_NOMEM, "catalogue: out of memory");
          }
      if (!*dst->id)
        {
          at_style_catalog_free (cat);
          return at_error_set (err, AT_ERR_INVALID, "catalogue: item %zu has an empty id", i);
        }
      if (!isfinite (dst->price) || dst->price < 0)
        {
          at_error_set (err, AT_ERR_RANGE, "catalogue: item '%s': price %g is not a non-negative number", dst->id,
                        dst->price);
          at_style_catalog_free (cat);
          return AT_ERR_RANGE;
        }
      size_t before = at_str_map_size (cat->ids);
      int32_t k = at_str_map_add (cat->ids, dst->id);
      if (k < 0 || at_str_map_size (cat->ids) == before)
        {
          AtStatus st = k < 0 ? at_error_set (err, AT_ERR_NOMEM, "catalogue: out of memory")
                              : at_error_set (err, AT_ERR_INVALID, "catalogue: duplicate item id '%s'", dst->id);
          at_style_catalog_free (cat);
          return st;
        }
    }
  *out = cat;
  return AT_OK;
}

static AtStatus
parse_item (const char *path, size_t index, json_t *obj, AtStyleItem *item, AtError *err)
{
  memset (item, 0, sizeof *item);
  if (!json_is_object (obj))
    return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu] is not an object", path, index);
  const char *key;
  json_t *value;
  bool have_price = false;
  json_object_foreach (obj, key, value)
    {
      if (strcmp (key, "price") == 0)
        {
          if (!json_is_number (value))
            return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: 'price' is not a number", path, index);
          item->price = json_number_value (value);
          have_price = true;
          continue;
        }
      int f = 0;
      while (f < FIELD_COUNT && strcmp (key, field_names[f]) != 0)
        f++;
      if (f == FIELD_COUNT)
        return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: unknown key '%s'", path, index, key);
      if (!json_is_string (value))
        return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: '%s' is not a string", path, index, key);
      *item_field (item, f) = json_string_value (value);
    }
  const char *missing = !item->id ? "id" : !item->garment ? "garment" : !item->category ? "category"
                                                                       : !have_price ? "price" : NULL;
  if (missing)
    return at_error_set (err, AT_ERR_PARSE, "%s: items[%zu]: missing key '%s'", path, index, missing);
  return AT_OK;
}

AtStatus
at_style_catalog_load (const char *path, AtStyleCatalog **out, AtError *err)
{
  *out = NULL;
  char *text;
  AtStatus st = at_file_read_all (path, 64u << 20, &text, NULL, err);
  if (st)
    return st;
  json_error_t jerr;
  json_t *root = json_loads (text, 0, &jerr);
  free (text);
  if (!root)
    return at_error_set (err, AT_ERR_PARSE, "%s:%d: %s", path, jerr.line, jerr.text);
  json_t *items = json_object_get (root, "items");
  if (!json_is_object (root) || !json_is_array (items))
    {
      json_decref (root);
      return at_error_set (err, AT_ERR_PARSE, "%s: expected an object with an 'items' array", path);
    }
  size_t n = json_array_size (items);
  AtStyleItem *parsed = calloc (n ? n : 1, sizeof *parsed);
  if (!parsed)
    st = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  for (size_t i = 0; !st && i < n; i++)
    st = parse_item (path, i, json_array_get (items, i), &parsed[i], err);
  if (!st && n == 0)
    st = at_error_set (err, AT_ERR_PARSE, "%s: the catalogue has no items", path);
  if (!st)
    {
      st = at_style_catalog_new (parsed, n, out, err);
      if (st)
        {
          /* name the file as well as the item */
          char detail[sizeof err->message];
          snprintf (detail, sizeof detail, "%s", err ? err->message : "");
          at_error_set (err, st, "%s: %s", path, detail);
        }
    }
  free (parsed);
  json_decref (root);
  return st;
}

size_t
at_style_catalog_size (const AtStyleCatalog *cat)
{
  return cat->n;
}

const AtStyleItem *
at_style_catalog_item (const AtStyleCatalog *cat, size_t index)
{
  return &cat->items[index];
}

int32_t
at_style_catalog_find (const AtStyleCatalog *cat, const char *id)
{
  return id ? at_str_map_find (cat->ids, id) : -1;
}

/* Open-addressing hash maps from sparse keys to dense indices (see
 * at_id_map.h). Integer keys are spread with the splitmix64 finaliser and
 * strings with FNV-1a, so sequential ids do not cluster in the table. */
#include "at_id_map.h"

#include <stdlib.h>
#include <string.h>

struct AtIdMap {
  int64_t *keys;
  int32_t *values; /* -1 marks an empty slot */
  size_t capacity;  /* a power of two */
  size_t count;
};

struct AtStrMap {
  char **strings;   /* index -> string */
  int32_t *slots;   /* -1 empty, else an index into strings */
  size_t capacity;  /* slots, a power of two */
  size_t count;
};

static uint64_t
mix64 (uint64_t x)
{
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

static uint64_t
fnv1a (const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char) *s) * 0x100000001b3ULL;
  return h;
}

static bool
id_map_alloc (AtIdMap *map, size_t capacity)
{
  map->keys = malloc (capacity * sizeof *map->keys);
  map->values = malloc (capacity * sizeof *map->values);
  if (!map->keys || !map->values)
    {
      free (map->keys);
      free (map->values);
      return false;
    }
  memset (map->values, 0xff, capacity * sizeof *map->values);
  map->capacity = capacity;
  return true;
}

AtIdMap *
at_id_map_new (void)
{
  AtIdMap *map = calloc (1, sizeof *map);
  if (map && !id_map_alloc (map, 64))
    {
      free (map);
      return NULL;
    }
  return map;
}

void
at_id_map_free (AtIdMap *map)
{
  if (!map)
    return;
  free (map->keys);
  free (map->values);
  free (map);
}

static size_t
id_slot (const AtIdMap *map, int64_t key)
{
  size_t mask = map->capacity - 1;
  size_t i = (size_t) mix64 ((uint64_t) key) & mask;
  while (map->values[i] >= 0 && map->keys[i] != key)
    i = (i + 1) & mask;
  return i;
}

int32_t
at_id_map_find (const AtIdMap *map, int64_t key)
{
  return map->values[id_slot (map, key)];
}

int32_t
at_id_map_add (AtIdMap *map, int64_t key)
{
  size_t i = id_slot (map, key);
  if (map->values[i] >= 0)
    return map->values[i];
  if (2 * (map->count + 1) > map->capacity)
    {
      AtIdMap old = *map;
      if (!id_map_alloc (map, old.capacity * 2))
        {
          *map = old;
          return -1;
        }
      for (size_t j = 0; j < old.capacity; j++)
        if (old.values[j] >= 0)
          {
            size_t k = id_slot (map, old.keys[j]);
            map->keys[k] = old.keys[j];
            map->values[k] = old.values[j];
          }
      free (old.keys);
      free (old.values);
      i = id_slot (map, key);
    }
  map->keys[i] = key;
  map->values[i] = (int32_t) map->count++;
  return map->values[i];
}

size_t
at_id_map_size (const AtIdMap *map)
{
  return map->count;
}

static bool
str_map_alloc (AtStrMap *map, size_t capacity)
{
  int32_t *slots = malloc (capacity * sizeof *slots);
  char **strings = realloc (map->strings, (capacity / 2 + 1) * sizeof *strings);
  if (strings)
    map->strings = strings;
  if (!slots || !strings)
    {
      free (slots);
      return false;
    }
  memset (slots, 0xff, capacity * sizeof *slots);
  map->slots = slots;
  map->capacity = capacity;
  return true;
}

AtStrMap *
at_str_map_new (void)
{
  AtStrMap *map = calloc (1, sizeof *map);
  if (map && !str_map_alloc (map, 64))
    {
      free (map->strings);
      free (map);
      return NULL;
    }
  return map;
}

void
at_str_map_free (AtStrMap *map)
{
  if (!map)
    return;
  for (size_t i = 0; i < map->count; i++)
    free (map->strings[i]);
  free (map->strings);
  free (map->slots);
  free (map);
}

static size_t
str_slot (const AtStrMap *map, const char *key)
{
  size_t mask = map->capacity - 1;
  size_t i = (size_t) fnv1a (key) & mask;
  while (map->slots[i] >= 0 && strcmp (map->strings[map->slots[i]], key) != 0)
    i = (i + 1) & mask;
  return i;
}

int32_t
at_str_map_find (const AtStrMap *map, const char *key)
{
  return map->slots[str_slot (map, key)];
}

int32_t
at_str_map_add (AtStrMap *map, const char *key)
{
  size_t i = str_slot (map, key);
  if (map->slots[i] >= 0)
    return map->slots[i];
  if (2 * (map->count + 1) > map->capacity)
    {
      int32_t *old_slots = map->slots;
      size_t old_capacity = map->capacity;
      if (!str_map_alloc (map, old_capacity * 2))
        {
          map->slots = old_slots;
          return -1;
        }
      free (old_slots);
      for (size_t j = 0; j < map->count; j++)
        map->slots[str_slot (map, map->strings[j])] = (int32_t) j;
      i = str_slot (map, key);
    }
  char *copy = strdup (key);
  if (!copy)
    return -1;
  map->strings[map->count] = copy;
  map->slots[i] = (int32_t) map->count++;
  return map->slots[i];
}

size_t
at_str_map_size (const AtStrMap *map)
{
  return map->count;
}

const char *
at_str_map_key (const AtStrMap *map, int32_t index)
{
  return map->strings[index];
}

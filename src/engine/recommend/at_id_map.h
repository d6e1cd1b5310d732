/* Dense indices for sparse keys: customer and product ids (64-bit integers)
 * and catalogue strings are mapped to 0..n-1 so that the recommenders can
 * keep their parameters in flat arrays. Open addressing with linear probing;
 * the table doubles when it is half full, so lookups stay O(1). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct AtIdMap AtIdMap;

AtIdMap *at_id_map_new (void);
void at_id_map_free (AtIdMap *map);
/* The index of key, or -1 when it has not been added. */
int32_t at_id_map_find (const AtIdMap *map, int64_t key);
/* The index of key, adding it with the next free index when new; -1 when
 * memory runs out. */
int32_t at_id_map_add (AtIdMap *map, int64_t key);
size_t at_id_map_size (const AtIdMap *map);

/* The same for strings; the map keeps its own copy of each string. */
typedef struct AtStrMap AtStrMap;

AtStrMap *at_str_map_new (void);
void at_str_map_free (AtStrMap *map);
int32_t at_str_map_find (const AtStrMap *map, const char *key);
int32_t at_str_map_add (AtStrMap *map, const char *key);
size_t at_str_map_size (const AtStrMap *map);
/* The string stored for index (0 <= index < size). */
const char *at_str_map_key (const AtStrMap *map, int32_t index);

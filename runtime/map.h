/* Go's hash map (runtime/map.go, reduced): an array of 2^B buckets of 8 entries, each bucket a
 * tophash byte per entry, the 8 keys, the 8 values and an overflow pointer; growth doubles the
 * array and moves (evacuates) old buckets incrementally, one or two per write; iteration starts at
 * a random bucket and offset, so its order is unspecified as in Go.
 *
 * Keys and values are stored in their memory layout (types.h); hashing and equality use the key
 * type's hashfn/equalfn (types_hash/types_equal for aggregates and interfaces) with a per-map
 * random seed. All functions take the map type (K_MAP). A nil *hmap is an empty map for reads
 * and deletes. Maps are not safe for concurrent writes (as Go); the VM panics on an unhashable
 * dynamic key type (checked before calling in for interface keys, reported by
 * types_uncomparable_hook for interfaces nested in struct or array keys). */
#ifndef GOL_RUNTIME_MAP_H
#define GOL_RUNTIME_MAP_H

#include <stdbool.h>
#include <stdint.h>

struct Type;

typedef struct hmap hmap;

typedef struct hiter {
  void *key;  /* the current entry's key and value (valid after mapiternext returns true) */
  void *elem;
  const struct Type *t;
  hmap *h;
  uint8_t *buckets;   /* the bucket array when iteration started */
  uint8_t *bptr;      /* current bucket */
  uintptr_t startbucket, bucket;
  uintptr_t checkbucket;
  uint8_t B, offset, i, wrapped;
} hiter;

hmap *makemap(const struct Type *t, int64_t hint);
/* The value stored under key, or NULL. */
void *mapaccess(const struct Type *t, hmap *h, const void *key);
/* The value slot for key (a new zeroed one when absent). */
void *mapassign(const struct Type *t, hmap *h, const void *key);
void mapdelete(const struct Type *t, hmap *h, const void *key);
int64_t maplen(const hmap *h);
void mapclear(hmap *h);
void mapiterinit(const struct Type *t, hmap *h, hiter *it);
bool mapiternext(hiter *it);

#endif

/* Go-style hash map (see map.h). Bucket layout, for key slot size ks and value slot size es
 * (each the type's size rounded up to 8):
 *
 *     tophash[8] | key[8] (ks each) | elem[8] (es each) | overflow *bucket
 *
 * tophash holds the hash's top byte (>= MIN_TOPHASH) for a used entry, or a marker below it.
 * During growth h->oldbuckets is the previous array (half the size); an old bucket whose first
 * tophash is an EVACUATED_* marker has been moved into the new array. */
#include "runtime/map.h"

#include <string.h>

#include "lang/types.h"
#include "lang/typesys.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"

enum {
  BUCKETCNT = 8,
  EMPTY_ONE = 1,       /* this entry is empty */
  EVACUATED_X = 2,     /* entry moved to the first half of the new array */
  EVACUATED_Y = 3,     /* entry moved to the second half */
  EVACUATED_EMPTY = 4, /* entry was empty; bucket evacuated */
  MIN_TOPHASH = 5,
};
/* 0 also means empty (never used). */

struct hmap {
  int64_t count;
  uint8_t B;
  uint16_t noverflow;
  uint64_t hash0;
  uint8_t *buckets;
  uint8_t *oldbuckets;
  uintptr_t nevacuate;
  const Type *t;
  uint32_t ks, es, bsz;
};

static inline bool is_empty(uint8_t x) { return x <= EMPTY_ONE; }
static inline bool evacuated(const uint8_t *b) {
  uint8_t h = b[0];
  return h > EMPTY_ONE && h < MIN_TOPHASH;
}
static inline uint8_t tophash(uint64_t hash) {
  uint8_t top = (uint8_t)(hash >> 56);
  return top < MIN_TOPHASH ? top + MIN_TOPHASH : top;
}
static inline uintptr_t bucket_mask(uint8_t B) { return ((uintptr_t)1 << B) - 1; }
static inline uint8_t *bkey(const hmap *h, uint8_t *b, int i) { return b + 8 + (size_t)i * h->ks; }
static inline uint8_t *belem(const hmap *h, uint8_t *b, int i) {
  return b + 8 + BUCKETCNT * (size_t)h->ks + (size_t)i * h->es;
}
static inline uint8_t **boverflow(const hmap *h, uint8_t *b) {
  return (uint8_t **)(b + h->bsz - sizeof(void *));
}
static inline bool over_load(int64_t count, uint8_t B) {
  return count > BUCKETCNT && (uint64_t)count > 13 * (((uint64_t)1 << B) / 2);
}

/* The collector's view (runtime/mgc.h): an hmap points at its bucket arrays; a bucket's pointer
 * words come from its map type (gc_mapbucket_type, which knows the layout above). */
_Static_assert((int)BUCKETCNT == (int)GC_BUCKETCNT, "map bucket layout: see gc_mapbucket_type");
static const uint8_t hmap_ptrmask[8] = GC_MASK64(GC_WORD(hmap, buckets) | GC_WORD(hmap, oldbuckets));
static const Type hmap_type = GC_STRUCT_TYPE(hmap, hmap_ptrmask, "runtime.hmap");

static uint8_t *new_array(hmap *h, uint8_t B) {
  return mallocgc((size_t)h->bsz << B, gc_mapbucket_type(h->t, h->ks, h->es, h->bsz), true);
}

hmap *makemap(const Type *t, int64_t hint) {
  hmap *h = mallocgc(sizeof(hmap), &hmap_type, true);
  h->t = t;
  h->ks = (uint32_t)((t->key->size + 7) & ~7);
  h->es = (uint32_t)((t->elem->size + 7) & ~7);
  h->bsz = 8 + BUCKETCNT * (h->ks + h->es) + (uint32_t)sizeof(void *);
  h->hash0 = fastrand64();
  uint8_t B = 0;
  while (hint > 0 && over_load(hint, B)) B++;
  h->B = B;
  h->buckets = new_array(h, B);
  return h;
}

int64_t maplen(const hmap *h) { return h ? h->count : 0; }

/* Scalar and string keys have hashfn/equalfn; arrays, structs and interfaces go through
 * types_hash/types_equal (which report an uncomparable dynamic type to the VM's hook). */
static inline uint64_t hashkey(const hmap *h, const void *key) {
  const Type *kt = h->t->key;
  return kt->hashfn ? kt->hashfn(key, h->hash0) : types_hash(kt, key, h->hash0);
}
static inline bool keyeq(const hmap *h, const void *a, const void *b) {
  const Type *kt = h->t->key;
  return kt->equalfn ? kt->equalfn(a, b) : types_equal(kt, a, b);
}

static uint8_t *lookup(hmap *h, const void *key, uint8_t **bucketp, int *slotp) {
  uint64_t hash = hashkey(h, key);
  uintptr_t m = bucket_mask(h->B);
  uint8_t *b = h->buckets + (hash & m) * h->bsz;
  if (h->oldbuckets) {
    uint8_t *ob = h->oldbuckets + (hash & (m >> 1)) * h->bsz;
    if (!evacuated(ob)) b = ob;
  }
  uint8_t top = tophash(hash);
  for (; b; b = *boverflow(h, b))
    for (int i = 0; i < BUCKETCNT; i++)
      if (b[i] == top && keyeq(h, key, bkey(h, b, i))) {
        if (bucketp) *bucketp = b, *slotp = i;
        return belem(h, b, i);
      }
  return NULL;
}

void *mapaccess(const Type *t, hmap *h, const void *key) {
  (void)t;
  if (!h || h->count == 0) return NULL;
  return lookup(h, key, NULL, NULL);
}

/* Moves old bucket `ob` (and its overflow chain) into the two new buckets it splits into. */
static void evacuate(hmap *h, uintptr_t oldbucket) {
  uint8_t *b = h->oldbuckets + oldbucket * h->bsz;
  uintptr_t newbit = (uintptr_t)1 << (h->B - 1);
  if (!evacuated(b)) {
    uint8_t *dst[2] = {h->buckets + oldbucket * h->bsz, h->buckets + (oldbucket + newbit) * h->bsz};
    int di[2] = {0, 0};
    for (; b; b = *boverflow(h, b)) {
      for (int i = 0; i < BUCKETCNT; i++) {
        uint8_t top = b[i];
        if (is_empty(top)) {
          b[i] = EVACUATED_EMPTY;
          continue;
        }
        uint8_t *k = bkey(h, b, i);
        uint64_t hash = hashkey(h, k);
        int y;
        if (!keyeq(h, k, k)) y = top & 1; /* NaN: hash is random, tophash decides */
        else y = (hash & newbit) != 0;
        if (!keyeq(h, k, k)) top = tophash(hash);
        b[i] = (uint8_t)(EVACUATED_X + y);
        if (di[y] == BUCKETCNT) {
          uint8_t *ov = new_array(h, 0);
          *boverflow(h, dst[y]) = ov;
          h->noverflow++;
          dst[y] = ov;
          di[y] = 0;
        }
        dst[y][di[y]] = top;
        memcpy(bkey(h, dst[y], di[y]), k, h->ks);
        memcpy(belem(h, dst[y], di[y]), belem(h, b, i), h->es);
        di[y]++;
      }
    }
  }
  if (oldbucket == h->nevacuate) {
    uintptr_t n = newbit;
    h->nevacuate++;
    while (h->nevacuate < n && evacuated(h->oldbuckets + h->nevacuate * h->bsz)) h->nevacuate++;
    if (h->nevacuate == n) h->oldbuckets = NULL;
  }
}

static void grow_work(hmap *h, uintptr_t bucket) {
  evacuate(h, bucket & bucket_mask(h->B - 1));
  if (h->oldbuckets) evacuate(h, h->nevacuate);
}

static void hash_grow(hmap *h) {
  h->oldbuckets = h->buckets;
  h->B++;
  h->buckets = new_array(h, h->B);
  h->nevacuate = 0;
  h->noverflow = 0;
}

void *mapassign(const Type *t, hmap *h, const void *key) {
  (void)t;
again:;
  uint64_t hash = hashkey(h, key);
  uintptr_t bucket = hash & bucket_mask(h->B);
  if (h->oldbuckets) grow_work(h, bucket);
  uint8_t *b = h->buckets + bucket * h->bsz;
  uint8_t top = tophash(hash);
  uint8_t *ib = NULL;
  int islot = 0;
  uint8_t *last = b;
  for (; b; last = b, b = *boverflow(h, b)) {
    for (int i = 0; i < BUCKETCNT; i++) {
      if (b[i] != top) {
        if (is_empty(b[i]) && !ib) ib = b, islot = i;
        continue;
      }
      uint8_t *k = bkey(h, b, i);
      if (!keyeq(h, key, k)) continue;
      memcpy(k, key, (size_t)h->t->key->size); /* Go updates the key (+0 vs -0) */
      return belem(h, b, i);
    }
  }
  if (!h->oldbuckets && (over_load(h->count + 1, h->B) || h->noverflow >= (1u << (h->B < 15 ? h->B : 15)))) {
    hash_grow(h);
    goto again;
  }
  if (!ib) {
    uint8_t *ov = new_array(h, 0);
    *boverflow(h, last) = ov;
    h->noverflow++;
    ib = ov;
    islot = 0;
  }
  ib[islot] = top;
  memcpy(bkey(h, ib, islot), key, (size_t)h->t->key->size);
  uint8_t *e = belem(h, ib, islot);
  memset(e, 0, h->es);
  h->count++;
  return e;
}

void mapdelete(const Type *t, hmap *h, const void *key) {
  (void)t;
  if (!h || h->count == 0) return;
  uint64_t hash = hashkey(h, key);
  if (h->oldbuckets) grow_work(h, hash & bucket_mask(h->B));
  uint8_t *b;
  int i;
  if (!lookup(h, key, &b, &i)) return;
  b[i] = EMPTY_ONE;
  memset(bkey(h, b, i), 0, h->ks);
  memset(belem(h, b, i), 0, h->es);
  if (--h->count == 0) h->hash0 = fastrand64();
}

void mapclear(hmap *h) {
  if (!h) return;
  h->count = 0;
  h->oldbuckets = NULL;
  h->nevacuate = 0;
  h->noverflow = 0;
  h->hash0 = fastrand64();
  h->buckets = new_array(h, h->B);
}

void mapiterinit(const Type *t, hmap *h, hiter *it) {
  memset(it, 0, sizeof *it);
  it->t = t;
  it->h = h;
  if (!h || h->count == 0) {
    it->wrapped = 2; /* done */
    return;
  }
  it->B = h->B;
  it->buckets = h->buckets;
  uint64_t r = fastrand64();
  it->startbucket = (uintptr_t)r & bucket_mask(h->B);
  it->offset = (uint8_t)((r >> h->B) & (BUCKETCNT - 1));
  it->bucket = it->startbucket;
  it->checkbucket = (uintptr_t)-1;
}

bool mapiternext(hiter *it) {
  hmap *h = it->h;
  if (it->wrapped == 2) return false;
  uint8_t *b = it->bptr;
  uintptr_t bucket = it->bucket;
  int i = it->i;
  uintptr_t check = it->checkbucket;
  for (;;) {
    if (!b) {
      if (bucket == it->startbucket && it->wrapped) {
        it->wrapped = 2;
        it->key = it->elem = NULL;
        return false;
      }
      if (h->oldbuckets && it->B == h->B) {
        /* iterating the new array while an old bucket may still hold our entries */
        uintptr_t ob = bucket & bucket_mask(h->B - 1);
        b = h->oldbuckets + ob * h->bsz;
        if (!evacuated(b)) check = bucket;
        else b = it->buckets + bucket * h->bsz, check = (uintptr_t)-1;
      } else {
        b = it->buckets + bucket * h->bsz;
        check = (uintptr_t)-1;
      }
      bucket++;
      if (bucket == ((uintptr_t)1 << it->B)) bucket = 0, it->wrapped = 1;
      i = 0;
    }
    for (; i < BUCKETCNT; i++) {
      int off = (i + it->offset) & (BUCKETCNT - 1);
      uint8_t top = b[off];
      if (is_empty(top) || top == EVACUATED_EMPTY) continue;
      uint8_t *k = bkey(h, b, off);
      bool reflexive = keyeq(h, k, k);
      if (check != (uintptr_t)-1) {
        if (reflexive) {
          if ((hashkey(h, k) & bucket_mask(it->B)) != check) continue;
        } else if ((check >> (it->B - 1)) != (uintptr_t)(top & 1)) {
          continue;
        }
      }
      if ((top != EVACUATED_X && top != EVACUATED_Y) || !reflexive) {
        it->key = k;
        it->elem = belem(h, b, off);
      } else {
        /* the map grew since iteration began: the entry's current home has the live value */
        uint8_t *nb;
        int ni;
        if (!lookup(h, k, &nb, &ni)) continue; /* deleted */
        it->key = bkey(h, nb, ni);
        it->elem = belem(h, nb, ni);
      }
      it->bucket = bucket;
      it->bptr = b;
      it->i = (uint8_t)(i + 1);
      it->checkbucket = check;
      return true;
    }
    b = *boverflow(h, b);
    i = 0;
  }
}

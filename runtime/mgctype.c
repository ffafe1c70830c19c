/* Pointer maps for the objects the runtime and the VM allocate for themselves (not Go values), as
 * Type descriptors for mallocgc (runtime/malloc.h): no object that holds a GC pointer is allocated
 * noscan, which is what lets the collector skip noscan objects (runtime/mgc.h, "Heap objects").
 *
 *   gc_ptrwords_type: one word that may hold a pointer. mallocgc repeats a type over the whole
 *     object, so every word of the object is scanned: the rule for objects whose layout has no
 *     static map (closures' cells and bound receivers, defer and go argument slots, constant
 *     pools, itab method tables, the VM's channel scratch buffers).
 *   gc_mapbucket_type: the bucket of a map type, made once per map type (cached here). */
#include <string.h>

#include "lang/types.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"

static const uint8_t ptrwords_mask[1] = {1};
const Type gc_ptrwords_type = {
    .kind = K_UINTPTR,
    .align = 8,
    .tflags = TF_HASPTR | TF_COMPLETE,
    .size = 8,
    .nslots = 1,
    .str = "runtime.word",
    .ptrmask = ptrwords_mask,
};

/* ---- map buckets ----------------------------------------------------------------------------- */

/* Sets the bits of words [off/8, off/8 + nwords) of mask from the pointer words of t. */
static void maskcopy(uint8_t *mask, uint32_t off, const Type *t) {
  if (!t->ptrmask || !(t->tflags & TF_HASPTR)) return;
  uint32_t nw = (uint32_t)((t->size + 7) / 8);
  for (uint32_t w = 0; w < nw; w++)
    if ((t->ptrmask[w / 8] >> (w % 8)) & 1) mask[(off / 8 + w) / 8] |= (uint8_t)(1u << ((off / 8 + w) % 8));
}

static const Type *newbuckettype(const Type *mt, uint32_t ks, uint32_t es, uint32_t bsz) {
  uint32_t nw = bsz / 8;
  uint8_t *mask = persistentalloc((nw + 7) / 8);
  for (uint32_t i = 0; i < GC_BUCKETCNT; i++) {
    maskcopy(mask, 8 + i * ks, mt->key);
    maskcopy(mask, 8 + GC_BUCKETCNT * ks + i * es, mt->elem);
  }
  mask[(nw - 1) / 8] |= (uint8_t)(1u << ((nw - 1) % 8)); /* the overflow pointer */
  Type *bt = persistentalloc(sizeof *bt);
  bt->kind = K_STRUCT;
  bt->align = 8;
  bt->tflags = TF_HASPTR | TF_COMPLETE;
  bt->size = bsz;
  bt->nslots = (int32_t)nw;
  bt->str = "runtime.bmap";
  bt->ptrmask = mask;
  return bt;
}

/* An open-addressing table from map type to bucket type. Readers take no lock: an entry's bt is
 * written before its mt is published (release); a grown table replaces the old one, which stays
 * allocated (persistent memory) for readers still probing it. */
typedef struct bucketEntry {
  const Type *mt; /* atomic */
  const Type *bt;
} bucketEntry;
typedef struct bucketTable {
  size_t mask, count;
  bucketEntry e[];
} bucketTable;

static struct {
  mutex lock;
  bucketTable *tab; /* atomic pointer; contents: lock for writers */
} buckets;

static const Type *lookup(const bucketTable *t, const Type *mt) {
  if (!t) return NULL;
  for (size_t i = ((uintptr_t)mt >> 4) & t->mask;; i = (i + 1) & t->mask) {
    const Type *k = __atomic_load_n(&t->e[i].mt, __ATOMIC_ACQUIRE);
    if (k == mt) return t->e[i].bt;
    if (!k) return NULL;
  }
}

static void insert(bucketTable *t, const Type *mt, const Type *bt) {
  size_t i = ((uintptr_t)mt >> 4) & t->mask;
  while (t->e[i].mt) i = (i + 1) & t->mask;
  t->e[i].bt = bt;
  __atomic_store_n(&t->e[i].mt, mt, __ATOMIC_RELEASE);
  t->count++;
}

const struct Type *gc_mapbucket_type(const struct Type *mt, uint32_t ks, uint32_t es, uint32_t bsz) {
  const Type *bt = lookup(__atomic_load_n(&buckets.tab, __ATOMIC_ACQUIRE), mt);
  if (bt) return bt;
  runtime_lock(&buckets.lock);
  bucketTable *t = buckets.tab;
  bt = lookup(t, mt);
  if (!bt) {
    bt = newbuckettype(mt, ks, es, bsz);
    if (!t || (t->count + 1) * 2 > t->mask + 1) {
      size_t n = t ? (t->mask + 1) * 2 : 64;
      bucketTable *nt = persistentalloc(sizeof *nt + n * sizeof(bucketEntry));
      nt->mask = n - 1;
      if (t)
        for (size_t i = 0; i <= t->mask; i++)
          if (t->e[i].mt) insert(nt, t->e[i].mt, t->e[i].bt);
      __atomic_store_n(&buckets.tab, nt, __ATOMIC_RELEASE);
      t = nt;
    }
    insert(t, mt, bt);
  }
  runtime_unlock(&buckets.lock);
  return bt;
}

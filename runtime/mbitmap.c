/* A span's allocation and mark bits, the bit work of the sweep, and the heap's pointer bitmap
 * (Go's mbitmap.go; the sweep's list handling is in mgcsweep.c). Who may touch what: mheap.h. */
#include <string.h>

#include "lang/types.h"
#include "runtime/mheap.h"

uint64_t memstats_nfree;     /* atomic */
uint64_t memstats_freebytes; /* atomic */

void mspan_initSmall(mspan *s) {
  s->freeindex = 0;
  s->allocCount = 0;
  s->allocCache = ~(uint64_t)0;
  memset(s->allocBits, 0, sizeof s->allocBits);
  memset(s->gcmarkBits, 0, sizeof s->gcmarkBits);
}

/* allocCache := the complement of the 8 allocBits bytes starting at whichByte (a multiple of 8). */
void mspan_refillAllocCache(mspan *s, uint32_t whichByte) {
  uint64_t v;
  memcpy(&v, s->allocBits + whichByte, 8); /* little-endian: bit i of the word is object i */
  s->allocCache = ~v;
}

uint32_t mspan_nextFreeIndex(mspan *s) {
  uint32_t sfreeindex = s->freeindex, snelems = s->nelems;
  if (sfreeindex >= snelems) return snelems;
  uint64_t aCache = s->allocCache;
  uint32_t bitIndex = aCache ? (uint32_t)__builtin_ctzll(aCache) : 64;
  while (bitIndex == 64) {
    /* move to the next 64-object group */
    sfreeindex = (sfreeindex + 64) & ~63u;
    if (sfreeindex >= snelems) {
      __atomic_store_n(&s->freeindex, snelems, __ATOMIC_RELAXED);
      return snelems;
    }
    mspan_refillAllocCache(s, sfreeindex / 8);
    aCache = s->allocCache;
    bitIndex = aCache ? (uint32_t)__builtin_ctzll(aCache) : 64;
  }
  uint32_t result = sfreeindex + bitIndex;
  if (result >= snelems) {
    __atomic_store_n(&s->freeindex, snelems, __ATOMIC_RELAXED);
    return snelems;
  }
  s->allocCache = bitIndex == 63 ? 0 : s->allocCache >> (bitIndex + 1);
  sfreeindex = result + 1;
  if (sfreeindex % 64 == 0 && sfreeindex != snelems) mspan_refillAllocCache(s, sfreeindex / 8);
  __atomic_store_n(&s->freeindex, sfreeindex, __ATOMIC_RELAXED); /* findObject reads it */
  return result;
}

bool mspan_isFree(const mspan *s, uintptr_t index) {
  /* findObject from a thread that does not own s: freeindex only grows while s is cached, and
   * the caller's object is below it */
  if (index < __atomic_load_n(&s->freeindex, __ATOMIC_RELAXED)) return false;
  return (s->allocBits[index / 8] & (1u << (index % 8))) == 0;
}

void mspan_markObject(mspan *s, uintptr_t index) {
  __atomic_fetch_or(&s->gcmarkBits[index / 8], (uint8_t)(1u << (index % 8)), __ATOMIC_RELAXED);
}

bool mspan_tryMarkObject(mspan *s, uintptr_t index) {
  uint8_t bit = (uint8_t)(1u << (index % 8));
  uint8_t *b = &s->gcmarkBits[index / 8];
  if (__atomic_load_n(b, __ATOMIC_RELAXED) & bit) return false; /* the common case: no RMW */
  return (__atomic_fetch_or(b, bit, __ATOMIC_RELAXED) & bit) == 0;
}

bool mspan_isMarked(mspan *s, uintptr_t index) {
  return (__atomic_load_n(&s->gcmarkBits[index / 8], __ATOMIC_RELAXED) >> (index % 8)) & 1;
}

static uint32_t countMarked(const mspan *s) {
  uint32_t n = 0;
  for (size_t i = 0; i < gcBitsBytes; i += 8) {
    uint64_t w;
    memcpy(&w, s->gcmarkBits + i, 8);
    n += (uint32_t)__builtin_popcountll(w);
  }
  return n;
}

uintptr_t mspan_sweepBits(mspan *s) {
  if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != mSpanInUse) throw("mspan_sweep: bad span");
  uint32_t after = countMarked(s);
  if (after > s->allocCount) throw("mspan_sweep: a free object is marked");
  uintptr_t nfreed = s->allocCount - after;
  if (spanClass_sizeclass(s->spanclass) == 0) {
    s->gcmarkBits[0] = 0; /* a large object: live or not; the caller frees a dead one */
    s->allocCount = after;
  } else {
    memcpy(s->allocBits, s->gcmarkBits, gcBitsBytes);
    memset(s->gcmarkBits, 0, gcBitsBytes);
    s->allocCount = after;
    s->freeindex = 0;
    mspan_refillAllocCache(s, 0);
    if (nfreed) s->needzero = true;
  }
  if (nfreed) {
    __atomic_fetch_add(&memstats_nfree, nfreed, __ATOMIC_RELAXED);
    __atomic_fetch_add(&memstats_freebytes, nfreed * s->elemsize, __ATOMIC_RELAXED);
  }
  return nfreed;
}

/* ---- pointer bits ---- */

static inline void heapBitSet(heapArena *ha, uintptr_t addr, bool ptr) {
  uintptr_t w = (addr & (heapArenaBytes - 1)) / 8;
  uint8_t bit = (uint8_t)(1u << (w % 8));
  if (ptr) ha->ptrbits[w / 8] |= bit;
  else ha->ptrbits[w / 8] &= (uint8_t)~bit;
}

/* Records, for every word of the slot [x, x+size), whether it holds a pointer: dataSize bytes of
 * data are an array of typ (dataSize / typ->size elements, typ's ptrmask repeated); the rest of
 * the slot holds none. The caller owns the span (see mheap.h): no other thread writes these bits
 * (spans are page-aligned, so two spans never share a bitmap byte). */
void heapBitsSetType(uintptr_t x, uintptr_t size, uintptr_t dataSize, const struct Type *typ) {
  const Type *t = typ;
  uintptr_t tsize = (uintptr_t)t->size;
  if (tsize == 0 || tsize % 8 != 0) throw("heapBitsSetType: pointerful type of odd size");
  uintptr_t twords = tsize / 8;
  uintptr_t datawords = (dataSize / tsize) * twords;
  uintptr_t nw = size / 8;
  heapArena *ha = arenaOf(x);
  uintptr_t tw = 0;
  for (uintptr_t i = 0; i < nw; i++) {
    uintptr_t a = x + i * 8;
    if ((a & (heapArenaBytes - 1)) == 0) ha = arenaOf(a);
    bool ptr = false;
    if (i < datawords) {
      ptr = (t->ptrmask[tw / 8] >> (tw % 8)) & 1;
      if (++tw == twords) tw = 0;
    }
    heapBitSet(ha, a, ptr);
  }
}

bool heapBitsIsPointer(uintptr_t addr) {
  heapArena *ha = arenaOf(addr);
  if (!ha) return false;
  uintptr_t w = (addr & (heapArenaBytes - 1)) / 8;
  return (ha->ptrbits[w / 8] >> (w % 8)) & 1;
}

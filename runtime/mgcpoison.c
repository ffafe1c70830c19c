/* GOLDEBUG=gcpoison=1 (runtime/mgc.h): every object a cycle frees is overwritten with GC_POISON
 * before the sweep returns its memory, so a use after free (an object freed while something still
 * reached it: a missing root or pointer map) reads a non-canonical address and faults, or prints
 * garbage, deterministically, instead of reading stale data that still looks right. For testing:
 * the whole suite runs with it under gcstress (tests/gc/tests.cmake). */
#include "runtime/mgc.h"
#include "runtime/mheap.h"

bool gcPoison;

static void poison(uintptr_t p, uintptr_t n) {
  for (uint64_t *w = (uint64_t *)p, *end = (uint64_t *)(p + n); w < end; w++) *w = GC_POISON;
}

static bool poisonSpan(mspan *s, void *unused) {
  (void)unused;
  for (uintptr_t j = 0; j < s->nelems; j++)
    if (!mspan_isFree(s, j) && !mspan_isMarked(s, j)) poison(s->startAddr + j * s->elemsize, s->elemsize);
  return true;
}

/* World stopped, marking done, every mcache flushed: an allocated slot that is not marked is
 * garbage the sweep (eager or lazy) will free, and nothing else writes to it meanwhile. */
void gcPoisonUnmarked(void) { mheap_forEachInUse(poisonSpan, NULL); }

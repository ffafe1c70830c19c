/* Per-P allocation caches (Go's mcache.go). A P's mcache is made with the P (newp) and owned by
 * whoever holds the P; allocation from it takes no lock. Threads without a P use nopcache under
 * its lock (malloc.c). */
#include "runtime/mheap.h"

/* The placeholder span of an empty mcache slot: no objects, so allocation falls into refill.
 * Never written. */
mspan emptymspan;

mcache *allocmcache(void) {
  mcache *c = persistentalloc(sizeof(mcache));
  for (int i = 0; i < numSpanClasses; i++) c->alloc[i] = &emptymspan;
  return c;
}

void mcache_refill(mcache *c, spanClass spc) {
  mspan *s = c->alloc[spc];
  if (s != &emptymspan) {
    if (s->allocCount != s->nelems) throw("mcache_refill: span has free objects");
    mcentral_uncacheSpan(&mheap_.central[spc], s);
  }
  s = mcentral_cacheSpan(&mheap_.central[spc]);
  if (s->allocCount == s->nelems) throw("mcache_refill: span has no free space");
  c->alloc[spc] = s;
}

void mcache_releaseAll(mcache *c) {
  if (!c) return;
  for (int i = 0; i < numSpanClasses; i++) {
    mspan *s = c->alloc[i];
    if (s != &emptymspan) {
      mcentral_uncacheSpan(&mheap_.central[i], s);
      c->alloc[i] = &emptymspan;
    }
  }
}

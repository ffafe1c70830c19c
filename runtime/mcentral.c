/* Central free lists, one per span class (Go's mcentral.go, with lists instead of Go 1.19's
 * sweepgen-indexed span sets: sweeping here happens with the world stopped, see mspan_sweep).
 * An mcentral hands spans with free objects to mcaches and takes them back; it grows from the
 * heap. Each has its own lock, so refills of different classes never contend. */
#include "runtime/mheap.h"

/* A span with at least one free object, now owned by the caller's mcache. */
mspan *mcentral_cacheSpan(mcentral *c) {
  runtime_lock(&c->lock);
  mspan *s = c->partial.first;
  if (s) {
    mSpanList_remove(&c->partial, s);
    runtime_unlock(&c->lock);
    if (s->allocCount >= s->nelems) throw("mcentral_cacheSpan: full span on the partial list");
    return s;
  }
  runtime_unlock(&c->lock);
  /* Grow: a fresh span from the heap (not under c->lock: mheap_.lock may be slow to get). */
  uint8_t sc = spanClass_sizeclass(c->spanclass);
  return mheap_alloc(class_to_allocnpages[sc], c->spanclass);
}

/* Takes back a span an mcache is done with. The lock publishes the mcache owner's writes to the
 * span's allocation state to the next owner. */
void mcentral_uncacheSpan(mcentral *c, mspan *s) {
  runtime_lock(&c->lock);
  mSpanList_insert(s->allocCount < s->nelems ? &c->partial : &c->full, s);
  runtime_unlock(&c->lock);
}

/* Central free lists, one per span class (Go's mcentral.go, with lists instead of Go 1.19's
 * lock-free span sets, but the same swept/unswept split: see mcentral in mheap.h).
 * An mcentral hands swept spans with free objects to mcaches and takes them back; it sweeps
 * unswept spans of its class on demand (lazy sweeping) and grows from the heap. Each has its own
 * lock, so refills of different classes never contend. */
#include "runtime/mheap.h"

/* Spans of the full unswept list swept per cacheSpan call before growing (Go's spanBudget). */
enum { fullSweepBudget = 100 };

void mcentral_putSwept(mcentral *c, mspan *s, uint32_t sg) {
  mSpanList_insert(s->allocCount < s->nelems ? mcentral_partialSwept(c, sg)
                                             : mcentral_fullSwept(c, sg),
                   s);
}

/* Takes the first span of the unswept list l (lock held), claims it and sweeps it with the lock
 * dropped. Returns it when it has a free object (now the caller's), else puts it on the swept
 * full list and returns NULL. Comes back with the lock held. */
static mspan *sweepFromList(mcentral *c, mSpanList *l, uint32_t sg) {
  mspan *s = l->first;
  mSpanList_remove(l, s);
  mspan_claimLocked(s, sg);
  runtime_unlock(&c->lock);
  mspan_sweepClaimed(s, sg);
  runtime_lock(&c->lock);
  if (s->allocCount < s->nelems) return s;
  mcentral_putSwept(c, s, sg);
  return NULL;
}

mspan *mcentral_cacheSpan(mcentral *c) {
  uint32_t sg = __atomic_load_n(&mheap_.sweepgen, __ATOMIC_ACQUIRE);
  runtime_lock(&c->lock);
  mspan *s = mcentral_partialSwept(c, sg)->first;
  if (s) {
    mSpanList_remove(s->list, s);
    runtime_unlock(&c->lock);
    if (s->allocCount >= s->nelems) throw("mcentral_cacheSpan: full span on the partial list");
    return s;
  }
  /* Unswept spans: a partial one has a free object before sweeping (and so after); a full one
   * may have some after. */
  mSpanList *l = mcentral_partialUnswept(c, sg);
  if (l->first) {
    s = sweepFromList(c, l, sg);
    runtime_unlock(&c->lock);
    if (!s) throw("mcentral_cacheSpan: partial span full after sweeping");
    return s;
  }
  l = mcentral_fullUnswept(c, sg);
  for (int budget = fullSweepBudget; budget > 0 && l->first; budget--) {
    s = sweepFromList(c, l, sg);
    if (s) {
      runtime_unlock(&c->lock);
      return s;
    }
  }
  runtime_unlock(&c->lock);
  /* Grow: a fresh span from the heap (not under c->lock: mheap_.lock may be slow to get). Pay
   * the sweep debt first, so the heap reuses swept pages before growing. */
  uint8_t sc = spanClass_sizeclass(c->spanclass);
  sweep_reclaim(class_to_allocnpages[sc]);
  return mheap_alloc(class_to_allocnpages[sc], c->spanclass);
}

/* Takes back a span an mcache is done with (swept: only swept spans are cached). The lock
 * publishes the mcache owner's writes to the span's allocation state to the next owner. */
void mcentral_uncacheSpan(mcentral *c, mspan *s) {
  uint32_t sg = __atomic_load_n(&mheap_.sweepgen, __ATOMIC_ACQUIRE);
  runtime_lock(&c->lock);
  mcentral_putSwept(c, s, sg);
  runtime_unlock(&c->lock);
}

/* Sweeping (Go's mgcsweep.go, stop-the-world flavour): at the end of the stop-the-world phase,
 * after marking, every in-use span is swept (mspan_sweep: unmarked objects are freed, mark bits
 * become the allocation bits, empty spans and unmarked large objects go back to the page heap).
 * Not lazy: the pause includes the sweep; in exchange the allocator never meets an unswept span
 * and the span's sweepgen is unused. */
#include "runtime/mgc.h"
#include "runtime/mheap.h"

/* World stopped, every mcache flushed (so every small span is on an mcentral list). */
uint64_t gcSweepAll(uint64_t *nfreed) {
  uint64_t live = 0, freed = 0;
  /* Sweeping takes no span structs from the heap (freeing only returns them), so allspans does
   * not grow while we walk it; a span freed or coalesced by a sweep becomes free or dead and is
   * skipped. */
  runtime_lock(&mheap_.lock);
  size_t n = mheap_.nallspans;
  mspan **all = mheap_.allspans;
  runtime_unlock(&mheap_.lock);
  for (size_t i = 0; i < n; i++) {
    mspan *s = all[i];
    if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != mSpanInUse) continue;
    freed += mspan_sweep(s);
    if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) == mSpanInUse)
      live += (uint64_t)s->allocCount * s->elemsize;
  }
  if (nfreed) *nfreed = freed;
  return live;
}

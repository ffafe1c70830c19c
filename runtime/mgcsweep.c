/* Sweeping (Go's mgcsweep.go): lazy and in the background, outside the stop-the-world pause.
 *
 * At the end of marking (world stopped) gcSweepStart bumps mheap_.sweepgen by 2: every in-use
 * span then needs sweeping (the sweep generations are described in mheap.h) and the mcentrals'
 * swept lists have become their unswept lists. After the world restarts, spans are swept by
 *   - the allocator, before it reuses a span: mcentral_cacheSpan sweeps unswept spans of the
 *     class it needs, and takes new pages from the heap only after paying a sweep debt of as many
 *     pages (sweep_reclaim, Go's mheap.reclaim), so the heap does not grow while garbage waits;
 *   - the background sweeper, a runtime thread (an M without a P, like sysmon) woken after each
 *     cycle, which walks the span list until everything is swept;
 *   - runtime.GC, which sweeps everything before returning (as Go's does);
 *   - the next cycle, which sweeps what is left before it stops the world, then (world stopped)
 *     finishes: gcSweepFinish sweeps any remainder and waits for the background sweeper to leave
 *     the span it is sweeping, so marking always starts from a fully swept heap (Go's
 *     finishsweep_m).
 *
 * The walk: gcSweepStart snapshots mheap_.allspans (old arrays are never unmapped, so a snapshot
 * stays readable) and resets a cursor that packs the generation with the next index, so a
 * sweeper still holding the previous cycle's cursor can never claim an index of the new one.
 * Claims are exclusive: a small span is claimed under its mcentral's lock (it is always on one of
 * the unswept lists), a large one by a CAS on sweepgen. */
#include <sched.h>

#include "runtime/mgc.h"
#include "runtime/mheap.h"

static struct {
  mspan **spans;   /* atomic: the snapshot of allspans for this generation */
  uint64_t nspans; /* atomic */
  uint64_t cursor; /* atomic: sweepgen << 32 | next index into spans */
  uint32_t active; /* atomic: sweepone calls in progress (gcSweepFinish waits for 0) */
} sweep;

static struct {
  note wake;       /* the sweeper sleeps here when there is nothing to sweep */
  uint32_t parked; /* atomic: 1 while the sweeper sleeps or is about to (a waker CASes it to 0) */
  uint32_t started;
} bgsweeper;

void mspan_claimLocked(mspan *s, uint32_t sg) {
  if (__atomic_load_n(&s->sweepgen, __ATOMIC_RELAXED) != sg - 2)
    throw("sweep: claiming a span that does not need sweeping");
  __atomic_store_n(&s->sweepgen, sg - 1, __ATOMIC_RELAXED);
}

uintptr_t mspan_sweepClaimed(mspan *s, uint32_t sg) {
  uintptr_t n = mspan_sweepBits(s);
  __atomic_store_n(&s->sweepgen, sg, __ATOMIC_RELEASE);
  return n;
}

/* A swept small span (allocCount recounted, on no list) goes to its mcentral's swept lists, or to
 * the heap when empty. */
static void releaseSwept(mspan *s, uint32_t sg) {
  if (s->allocCount == 0) {
    mheap_freeSpan(s);
    return;
  }
  mcentral *c = &mheap_.central[s->spanclass];
  runtime_lock(&c->lock);
  mcentral_putSwept(c, s, sg);
  runtime_unlock(&c->lock);
}

uintptr_t mspan_trySweep(mspan *s, uint32_t sg) {
  if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != mSpanInUse ||
      __atomic_load_n(&s->sweepgen, __ATOMIC_ACQUIRE) != sg - 2)
    return 0;
  spanClass spc = __atomic_load_n(&s->spanclass, __ATOMIC_RELAXED);
  if (spanClass_sizeclass(spc) == 0) {
    uint32_t old = sg - 2;
    if (!__atomic_compare_exchange_n(&s->sweepgen, &old, sg - 1, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_RELAXED))
      return 0;
    uintptr_t np = s->npages;
    mspan_sweepBits(s);
    if (s->allocCount == 0) mheap_freeSpan(s);
    else __atomic_store_n(&s->sweepgen, sg, __ATOMIC_RELEASE);
    return np;
  }
  /* A span that still needs sweeping cannot be freed or reused, so if the checks below pass
   * under the lock, s is an unswept span of class spc on one of c's unswept lists. */
  mcentral *c = &mheap_.central[spc];
  runtime_lock(&c->lock);
  if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != mSpanInUse ||
      __atomic_load_n(&s->sweepgen, __ATOMIC_ACQUIRE) != sg - 2 ||
      __atomic_load_n(&s->spanclass, __ATOMIC_RELAXED) != spc) {
    runtime_unlock(&c->lock);
    return 0;
  }
  if (s->list != mcentral_partialUnswept(c, sg) && s->list != mcentral_fullUnswept(c, sg))
    throw("sweep: unswept span not on an unswept list");
  mSpanList_remove(s->list, s);
  mspan_claimLocked(s, sg);
  runtime_unlock(&c->lock);
  uintptr_t np = s->npages;
  mspan_sweepClaimed(s, sg);
  releaseSwept(s, sg);
  return np;
}

void mspan_ensureSwept(mspan *s, uint32_t sg) {
  if (__atomic_load_n(&s->sweepgen, __ATOMIC_ACQUIRE) == sg - 2) mspan_trySweep(s, sg);
  while (__atomic_load_n(&s->sweepgen, __ATOMIC_ACQUIRE) == sg - 1) sched_yield();
}

uintptr_t mspan_sweep(mspan *s) {
  if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != mSpanInUse) throw("mspan_sweep: bad span");
  uint32_t sg = __atomic_load_n(&mheap_.sweepgen, __ATOMIC_ACQUIRE);
  if (spanClass_sizeclass(s->spanclass) == 0) {
    if (s->list) throw("mspan_sweep: large span on a list");
    uintptr_t n = mspan_sweepBits(s);
    if (s->allocCount == 0) mheap_freeSpan(s);
    else __atomic_store_n(&s->sweepgen, sg, __ATOMIC_RELEASE);
    return n;
  }
  mcentral *c = &mheap_.central[s->spanclass];
  runtime_lock(&c->lock);
  if (!s->list) {
    runtime_unlock(&c->lock);
    throw("mspan_sweep: span is cached (flush the mcaches first)");
  }
  mSpanList_remove(s->list, s);
  runtime_unlock(&c->lock);
  uintptr_t n = mspan_sweepClaimed(s, sg);
  releaseSwept(s, sg);
  return n;
}

/* Sweeps the next span of the walk that needs it. Returns false when the walk is over; *npages
 * gets the pages of the span swept (0 if the span at the cursor needed nothing). */
static bool sweepone(uintptr_t *npages) {
  *npages = 0;
  __atomic_add_fetch(&sweep.active, 1, __ATOMIC_ACQ_REL);
  bool more = false;
  uint64_t cur = __atomic_load_n(&sweep.cursor, __ATOMIC_ACQUIRE);
  for (;;) {
    uint64_t n = __atomic_load_n(&sweep.nspans, __ATOMIC_ACQUIRE);
    if ((cur & 0xffffffffu) >= n) break;
    if (!__atomic_compare_exchange_n(&sweep.cursor, &cur, cur + 1, true, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
      continue;
    mspan *s = __atomic_load_n(&sweep.spans, __ATOMIC_ACQUIRE)[cur & 0xffffffffu];
    *npages = mspan_trySweep(s, (uint32_t)(cur >> 32));
    more = true;
    break;
  }
  __atomic_sub_fetch(&sweep.active, 1, __ATOMIC_ACQ_REL);
  return more;
}

static bool sweepDone(void) {
  uint64_t cur = __atomic_load_n(&sweep.cursor, __ATOMIC_ACQUIRE);
  return (cur & 0xffffffffu) >= __atomic_load_n(&sweep.nspans, __ATOMIC_ACQUIRE);
}

void sweep_reclaim(uintptr_t npages) {
  uintptr_t swept = 0, n;
  while (swept < npages && !sweepDone() && sweepone(&n)) swept += n;
}

void gcSweepAllNow(void) {
  uintptr_t n;
  while (sweepone(&n)) {
  }
}

void gcSweepFinish(void) {
  gcSweepAllNow();
  while (__atomic_load_n(&sweep.active, __ATOMIC_ACQUIRE) != 0) sched_yield();
}

void gcSweepStart(void) {
  runtime_lock(&mheap_.lock);
  mspan **spans = mheap_.allspans;
  size_t n = mheap_.nallspans;
  runtime_unlock(&mheap_.lock);
  uint32_t sg = __atomic_load_n(&mheap_.sweepgen, __ATOMIC_RELAXED) + 2;
  __atomic_store_n(&sweep.spans, spans, __ATOMIC_RELEASE);
  __atomic_store_n(&sweep.nspans, (uint64_t)n, __ATOMIC_RELEASE);
  __atomic_store_n(&mheap_.sweepgen, sg, __ATOMIC_RELEASE);
  __atomic_store_n(&sweep.cursor, (uint64_t)sg << 32, __ATOMIC_RELEASE);
}

/* ---- the background sweeper ---------------------------------------------------------------- */

static void bgsweep(void) {
  for (;;) {
    gcSweepAllNow();
    __atomic_store_n(&bgsweeper.parked, 1, __ATOMIC_RELEASE);
    uint32_t one = 1;
    if (!sweepDone() && __atomic_compare_exchange_n(&bgsweeper.parked, &one, 0, false,
                                                    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
      continue; /* a cycle ended between the walk and parking, and nobody woke us */
    notesleep(&bgsweeper.wake);
    noteclear(&bgsweeper.wake);
  }
}

void gcBgSweepWake(void) {
  if (!bgsweeper.started) {
    bgsweeper.started = 1; /* worldsema held: one caller at a time */
    gcNewSystemM(bgsweep);
    return;
  }
  uint32_t one = 1;
  if (__atomic_compare_exchange_n(&bgsweeper.parked, &one, 0, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_RELAXED))
    notewakeup(&bgsweeper.wake);
}

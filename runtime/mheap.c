/* The page heap (Go's mheap.go, in the shape of Go 1.11's free-list page heap): arenas, free page
 * runs, span lookup, and the scavenger. Locking: see mheap.h (everything here is mheap_.lock
 * unless it says otherwise).
 *
 * Address space: arenas are reserved (PROT_NONE) 64 MiB at a time, 64 MiB-aligned, contiguous
 * when the kernel allows (the next reservation is hinted at the end of the last one); the heap
 * maps (mprotect read-write) what it needs, at least 512 KiB at a time. Newly mapped memory is a
 * free run counted as released (never touched: zero and not resident), exactly as Go counts it.
 *
 * Free runs: coalesced with free neighbours when freed; indexed by length (exact lists below 128
 * pages, one best-fit list above). A free run is either wholly released (scavenged) or not;
 * merging a released with an unreleased run gives an unreleased one (the released part is then
 * counted as unreleased until the next scavenge: HeapReleased never overstates). needzero of a
 * run: some page may hold old data; merged runs OR it; released runs are zero. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "runtime/mheap.h"

#if defined(GOL_SANITIZE_ADDRESS)
#include <sanitizer/lsan_interface.h>
#endif

mheap mheap_;

#define heapGrowPages ((uintptr_t)64) /* grow the mapping by at least 512 KiB */

/* ---- OS memory ---- */

/* LeakSanitizer scans globals, thread stacks and the C heap, not the runtime's own mappings: the
 * heap arenas and runtime metadata (Ps, timer heaps' owners, constant pools of compiled code)
 * hold the only pointers to some C allocations. Readable parts of a root region are scanned
 * when LSan checks, so a reservation still PROT_NONE costs nothing; regions are never
 * unregistered (an unmapped one is skipped). */
static void lsanRoot(void *v, size_t n) {
#if defined(GOL_SANITIZE_ADDRESS)
  __lsan_register_root_region(v, n);
#else
  (void)v, (void)n;
#endif
}

void *sysAlloc(size_t n) {
  void *v = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
                 0);
  if (v == MAP_FAILED) return NULL;
  lsanRoot(v, n);
  return v;
}

void sysFree(void *v, size_t n) { munmap(v, n); }

/* Reserves n bytes (a multiple of heapArenaBytes), heapArenaBytes-aligned, preferably at hint. */
static uintptr_t sysReserveAligned(uintptr_t hint, uintptr_t n) {
  if (hint) {
    void *v = mmap((void *)hint, n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (v != MAP_FAILED) {
      if ((uintptr_t)v == hint) return hint;
      munmap(v, n);
    }
  }
  uintptr_t want = n + heapArenaBytes;
  void *v = mmap(NULL, want, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (v == MAP_FAILED) return 0;
  uintptr_t base = ((uintptr_t)v + heapArenaBytes - 1) & ~(heapArenaBytes - 1);
  if (base > (uintptr_t)v) munmap(v, base - (uintptr_t)v);
  uintptr_t end = (uintptr_t)v + want;
  if (end > base + n) munmap((void *)(base + n), end - (base + n));
  if (((base + n - 1) >> heapArenaShift) >= arenaL2Size) {
    munmap((void *)base, n);
    return 0;
  }
  lsanRoot((void *)base, n);
  return base;
}

/* ---- span lists ---- */

void mSpanList_insert(mSpanList *l, mspan *s) {
  if (s->list) throw("mSpanList_insert: span already on a list");
  s->prev = NULL;
  s->next = l->first;
  if (l->first) l->first->prev = s;
  else l->last = s;
  l->first = s;
  s->list = l;
}

void mSpanList_insertBack(mSpanList *l, mspan *s) {
  if (s->list) throw("mSpanList_insertBack: span already on a list");
  s->next = NULL;
  s->prev = l->last;
  if (l->last) l->last->next = s;
  else l->first = s;
  l->last = s;
  s->list = l;
}

void mSpanList_remove(mSpanList *l, mspan *s) {
  if (s->list != l) throw("mSpanList_remove: span not on this list");
  if (s->prev) s->prev->next = s->next;
  else l->first = s->next;
  if (s->next) s->next->prev = s->prev;
  else l->last = s->prev;
  s->next = s->prev = NULL;
  s->list = NULL;
}

/* ---- span structs (Go's fixalloc for mspan) ---- */

static mspan *spanalloc(void) {
  mspan *s = mheap_.spanfree;
  if (s) {
    mheap_.spanfree = s->next;
    /* Zeroed, except that the fields sweepers read without the lock (spanclass, state,
     * sweepgen: they may still hold a snapshot naming this struct) get atomic stores. */
    memset(s, 0, offsetof(mspan, spanclass));
    __atomic_store_n(&s->spanclass, 0, __ATOMIC_RELAXED);
    memset(&s->freeindex, 0, offsetof(mspan, sweepgen) - offsetof(mspan, freeindex));
    __atomic_store_n(&s->sweepgen, 0, __ATOMIC_RELAXED);
    memset(s->allocBits, 0, sizeof s->allocBits + sizeof s->gcmarkBits);
    return s;
  }
  s = persistentalloc(sizeof(mspan));
  __atomic_store_n(&mheap_.metaSys, mheap_.metaSys + sizeof(mspan), __ATOMIC_RELAXED);
  if (mheap_.nallspans == mheap_.allspanscap) {
    size_t ncap = mheap_.allspanscap ? mheap_.allspanscap * 2 : 1024;
    mspan **a = sysAlloc(ncap * sizeof(mspan *));
    if (!a) throw("out of memory (allspans)");
    /* the old array stays mapped: the background sweeper may be walking it (mheap.h) */
    if (mheap_.allspans) memcpy(a, mheap_.allspans, mheap_.nallspans * sizeof(mspan *));
    mheap_.allspans = a;
    mheap_.allspanscap = ncap;
  }
  mheap_.allspans[mheap_.nallspans++] = s;
  return s;
}

static void spanfree(mspan *s) {
  __atomic_store_n(&s->state, mSpanDead, __ATOMIC_RELEASE);
  s->next = mheap_.spanfree;
  mheap_.spanfree = s;
}

/* ---- the page -> span table ---- */

static void setSpan(uintptr_t addr, mspan *s) {
  heapArena *ha = arenaOf(addr);
  __atomic_store_n(&ha->spans[(addr / _PageSize) % pagesPerArena], s, __ATOMIC_RELEASE);
}

static mspan *spanAt(uintptr_t addr) {
  heapArena *ha = arenaOf(addr);
  if (!ha) return NULL;
  return __atomic_load_n(&ha->spans[(addr / _PageSize) % pagesPerArena], __ATOMIC_ACQUIRE);
}

static void setSpans(mspan *s, bool all) {
  uintptr_t end = s->startAddr + s->npages * _PageSize;
  if (all) {
    for (uintptr_t a = s->startAddr; a < end; a += _PageSize) setSpan(a, s);
  } else {
    setSpan(s->startAddr, s);
    setSpan(end - _PageSize, s);
  }
}

static void setPageInUse(uintptr_t addr, bool inuse) {
  heapArena *ha = arenaOf(addr);
  uintptr_t pg = (addr / _PageSize) % pagesPerArena;
  uint8_t bit = (uint8_t)(1u << (pg % 8));
  uint8_t v = __atomic_load_n(&ha->pageInUse[pg / 8], __ATOMIC_RELAXED);
  __atomic_store_n(&ha->pageInUse[pg / 8], inuse ? (v | bit) : (v & ~bit), __ATOMIC_RELAXED);
}

mspan *spanOfHeap(uintptr_t p) {
  mspan *s = spanAt(p);
  if (!s || __atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != mSpanInUse) return NULL;
  if (p < s->startAddr || p >= s->startAddr + s->npages * _PageSize) return NULL;
  return s;
}

uintptr_t findObject(uintptr_t p, mspan **sp, uintptr_t *objIndex) {
  mspan *s = spanOfHeap(p);
  if (!s || p >= s->limit) return 0;
  uint32_t sg = __atomic_load_n(&mheap_.sweepgen, __ATOMIC_ACQUIRE);
  if (__atomic_load_n(&s->sweepgen, __ATOMIC_ACQUIRE) != sg) {
    /* unswept or being swept: its allocation bits are stale or changing (never while marking,
     * which starts from a swept heap) */
    mspan_ensureSwept(s, sg);
    if (spanOfHeap(p) != s) return 0; /* the sweep freed the span */
  }
  uintptr_t idx = mspan_objIndex(s, p);
  if (mspan_isFree(s, idx)) return 0;
  if (sp) *sp = s;
  if (objIndex) *objIndex = idx;
  return s->startAddr + idx * s->elemsize;
}

/* ---- statistics helpers (lock held) ---- */

static void statAdd(uint64_t *f, int64_t d) {
  __atomic_store_n(f, (uint64_t)((int64_t)*f + d), __ATOMIC_RELAXED);
}

/* ---- free runs ---- */

static mSpanList *freeListFor(uintptr_t npages) {
  return npages < maxMHeapList ? &mheap_.free[npages] : &mheap_.freelarge;
}

/* Inserts the free run s, coalescing with free neighbours (lock held). */
static void freeSpanLocked(mspan *s) {
  __atomic_store_n(&s->state, mSpanFree, __ATOMIC_RELEASE);
  /* the previous run */
  if (s->startAddr > 0) {
    mspan *t = spanAt(s->startAddr - _PageSize);
    if (t && t != s && __atomic_load_n(&t->state, __ATOMIC_RELAXED) == mSpanFree &&
        t->startAddr + t->npages * _PageSize == s->startAddr) {
      mSpanList_remove(t->list, t);
      if (t->scavenged != s->scavenged) {
        statAdd(&mheap_.heapReleased, -(int64_t)((t->scavenged ? t : s)->npages * _PageSize));
        s->scavenged = false;
      }
      s->needzero |= t->needzero;
      if (t->unusedsince > s->unusedsince) s->unusedsince = t->unusedsince;
      /* the page that was t's last keeps a stale entry: harmless (readers check bounds) */
      s->startAddr = t->startAddr;
      s->npages += t->npages;
      spanfree(t);
    }
  }
  /* the next run */
  uintptr_t end = s->startAddr + s->npages * _PageSize;
  mspan *t = spanAt(end);
  if (t && t != s && __atomic_load_n(&t->state, __ATOMIC_RELAXED) == mSpanFree &&
      t->startAddr == end) {
    mSpanList_remove(t->list, t);
    if (t->scavenged != s->scavenged) {
      statAdd(&mheap_.heapReleased, -(int64_t)((t->scavenged ? t : s)->npages * _PageSize));
      s->scavenged = false;
    }
    s->needzero |= t->needzero;
    if (t->unusedsince > s->unusedsince) s->unusedsince = t->unusedsince;
    s->npages += t->npages;
    spanfree(t);
  }
  setSpans(s, false);
  mSpanList_insert(freeListFor(s->npages), s);
}

/* Makes the mapped range [base, base+n) part of the heap: arena metadata, then a released free
 * run (lock held). */
static void addHeapRange(uintptr_t base, uintptr_t n) {
  for (uintptr_t a = base & ~(heapArenaBytes - 1); a < base + n; a += heapArenaBytes) {
    uintptr_t i = a >> heapArenaShift;
    if (!__atomic_load_n(&mheap_.arenas[i], __ATOMIC_ACQUIRE)) {
      heapArena *ha = sysAlloc(sizeof(heapArena));
      if (!ha) throw("out of memory (heap arena metadata)");
      statAdd(&mheap_.metaSys, (int64_t)sizeof(heapArena));
      __atomic_store_n(&mheap_.arenas[i], ha, __ATOMIC_RELEASE);
    }
  }
  statAdd(&mheap_.heapSys, (int64_t)n);
  statAdd(&mheap_.heapFree, (int64_t)n);
  statAdd(&mheap_.heapReleased, (int64_t)n);
  mspan *s = spanalloc();
  s->startAddr = base;
  s->npages = n / _PageSize;
  s->scavenged = true;
  s->needzero = false;
  s->unusedsince = nanotime();
  freeSpanLocked(s);
}

static bool sysMap(uintptr_t base, uintptr_t n) {
  return mprotect((void *)base, n, PROT_READ | PROT_WRITE) == 0;
}

/* Adds at least npages to the heap (lock held). Returns false when the OS refuses. */
static bool mheap_grow(uintptr_t npages) {
  uintptr_t ask = ((npages + heapGrowPages - 1) & ~(heapGrowPages - 1)) * _PageSize;
  if (ask / _PageSize < npages) return false;
  if (mheap_.curArenaEnd - mheap_.curArenaBase < ask) {
    uintptr_t n = (ask + heapArenaBytes - 1) & ~(heapArenaBytes - 1);
    if (n < ask) return false;
    uintptr_t base = sysReserveAligned(mheap_.curArenaEnd, n);
    if (!base) return false;
    if (base == mheap_.curArenaEnd && mheap_.curArenaEnd != 0) {
      mheap_.curArenaEnd += n;
    } else {
      /* Not contiguous: the rest of the old reservation becomes heap now (Go does the same). */
      uintptr_t rest = mheap_.curArenaEnd - mheap_.curArenaBase;
      if (rest > 0) {
        if (!sysMap(mheap_.curArenaBase, rest)) return false;
        addHeapRange(mheap_.curArenaBase, rest);
      }
      mheap_.curArenaBase = base;
      mheap_.curArenaEnd = base + n;
    }
  }
  uintptr_t base = mheap_.curArenaBase;
  if (!sysMap(base, ask)) return false;
  mheap_.curArenaBase += ask;
  addHeapRange(base, ask);
  return true;
}

/* Takes a free run of at least npages: smallest exact list first, then best fit among the large
 * runs (lowest address on ties). Lock held. */
static mspan *findFree(uintptr_t npages) {
  for (uintptr_t i = npages; i < maxMHeapList; i++)
    if (mheap_.free[i].first) return mheap_.free[i].first;
  mspan *best = NULL;
  for (mspan *s = mheap_.freelarge.first; s; s = s->next) {
    if (s->npages < npages) continue;
    if (!best || s->npages < best->npages ||
        (s->npages == best->npages && s->startAddr < best->startAddr))
      best = s;
  }
  return best;
}

static mspan *allocSpanLocked(uintptr_t npages) {
  mspan *s = findFree(npages);
  if (!s) {
    if (!mheap_grow(npages)) return NULL;
    s = findFree(npages);
    if (!s) throw("mheap_grow: no run after growing");
  }
  mSpanList_remove(s->list, s);
  if (s->npages > npages) {
    /* split: the tail stays free with the same state */
    mspan *t = spanalloc();
    t->startAddr = s->startAddr + npages * _PageSize;
    t->npages = s->npages - npages;
    t->scavenged = s->scavenged;
    t->needzero = s->needzero;
    t->unusedsince = s->unusedsince;
    s->npages = npages;
    __atomic_store_n(&t->state, mSpanFree, __ATOMIC_RELEASE);
    setSpans(t, false);
    mSpanList_insert(freeListFor(t->npages), t);
  }
  uintptr_t bytes = npages * _PageSize;
  if (s->scavenged) statAdd(&mheap_.heapReleased, -(int64_t)bytes);
  statAdd(&mheap_.heapFree, -(int64_t)bytes);
  statAdd(&mheap_.heapInuse, (int64_t)bytes);
  s->scavenged = false;
  s->unusedsince = 0;
  return s;
}

mspan *mheap_alloc(uintptr_t npages, spanClass spc) {
  runtime_lock(&mheap_.lock);
  mspan *s = allocSpanLocked(npages);
  if (!s) {
    runtime_unlock(&mheap_.lock);
    throw("out of memory");
  }
  uint8_t sc = spanClass_sizeclass(spc);
  __atomic_store_n(&s->spanclass, spc, __ATOMIC_RELAXED); /* read racily by sweepers */
  __atomic_store_n(&s->sweepgen, __atomic_load_n(&mheap_.sweepgen, __ATOMIC_ACQUIRE),
                   __ATOMIC_RELAXED); /* fresh: swept */
  s->list = NULL;
  if (sc == 0) {
    s->elemsize = npages * _PageSize;
    s->nelems = 1;
    s->divMul = 0; /* every offset is object 0 */
  } else {
    s->elemsize = class_to_size[sc];
    s->nelems = (uint32_t)(npages * _PageSize / s->elemsize);
    s->divMul = class_to_divmagic[sc];
  }
  s->limit = s->startAddr + s->nelems * s->elemsize;
  mspan_initSmall(s);
  setSpans(s, true);
  setPageInUse(s->startAddr, true);
  __atomic_store_n(&s->state, mSpanInUse, __ATOMIC_RELEASE);
  runtime_unlock(&mheap_.lock);
  return s;
}

void mheap_freeSpan(mspan *s) {
  runtime_lock(&mheap_.lock);
  if (__atomic_load_n(&s->state, __ATOMIC_RELAXED) != mSpanInUse || s->list)
    throw("mheap_freeSpan: bad span");
  uintptr_t bytes = s->npages * _PageSize;
  setPageInUse(s->startAddr, false);
  statAdd(&mheap_.heapInuse, -(int64_t)bytes);
  statAdd(&mheap_.heapFree, (int64_t)bytes);
  s->needzero = true;
  s->scavenged = false;
  s->unusedsince = nanotime();
  __atomic_store_n(&s->spanclass, 0, __ATOMIC_RELAXED);
  s->allocCount = 0;
  freeSpanLocked(s);
  runtime_unlock(&mheap_.lock);
}

/* ---- the scavenger ---- */

static uint64_t scavengeList(mSpanList *l, int64_t now, int64_t olderthan) {
  uint64_t released = 0;
  uintptr_t pg = physPageSize;
  /* oldest first: lists are kept most-recently-freed first */
  for (mspan *s = l->last; s; s = s->prev) {
    if (s->scavenged) continue;
    if (olderthan > 0 && now - s->unusedsince < olderthan) continue;
    uintptr_t start = s->startAddr, end = s->startAddr + s->npages * _PageSize;
    /* Physical pages larger than heap pages: only whole runs aligned to them are released. */
    if ((start & (pg - 1)) != 0 || (end & (pg - 1)) != 0) continue;
    if (madvise((void *)start, end - start, MADV_DONTNEED) != 0) continue;
    s->scavenged = true;
    s->needzero = false; /* MADV_DONTNEED on private anonymous memory: reads as zero */
    statAdd(&mheap_.heapReleased, (int64_t)(s->npages * _PageSize));
    released += s->npages * _PageSize;
  }
  return released;
}

uint64_t mheap_scavenge(int64_t olderthan) {
  int64_t now = nanotime();
  uint64_t released = 0;
  runtime_lock(&mheap_.lock);
  for (int i = 1; i < maxMHeapList; i++) released += scavengeList(&mheap_.free[i], now, olderthan);
  released += scavengeList(&mheap_.freelarge, now, olderthan);
  runtime_unlock(&mheap_.lock);
  return released;
}

/* ---- init ---- */

void mheapinit(void) {
  mheap_.arenas = sysAlloc(arenaL2Size * sizeof(heapArena *));
  if (!mheap_.arenas) throw("mheapinit: cannot reserve the arena index");
  for (int i = 0; i < numSpanClasses; i++) mheap_.central[i].spanclass = (spanClass)i;
}

bool mheap_forEachInUse(bool (*f)(mspan *s, void *arg), void *arg) {
  runtime_lock(&mheap_.lock);
  size_t n = mheap_.nallspans;
  mspan **all = mheap_.allspans; /* old arrays are never unmapped: the snapshot stays valid */
  runtime_unlock(&mheap_.lock);
  for (size_t i = 0; i < n; i++)
    if (__atomic_load_n(&all[i]->state, __ATOMIC_ACQUIRE) == mSpanInUse && !f(all[i], arg))
      return false;
  return true;
}

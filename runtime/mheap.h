/* The Go-style heap behind mallocgc (runtime-internal; the collector's interface to the heap).
 *
 * Shape (Go's malloc.go/mheap.go/mcentral.go/mcache.go):
 *
 *   mcache    one per P (p->mcache) plus one for threads without a P (nopcache, locked): for every
 *             span class a span to allocate from. Allocation from it takes no lock.
 *   mcentral  one per span class: spans with free objects (partial) and without (full) that no
 *             mcache holds. Refills mcaches.
 *   mheap     the page heap: 8 KiB pages in 64 MiB arenas; free page runs (free spans) indexed by
 *             length; large objects (> 32 KiB) get their own span; idle free runs are returned to
 *             the OS (madvise MADV_DONTNEED) by the scavenger.
 *   heapArena per 64 MiB arena: the page -> span table (spanOf: any address -> its span), the
 *             pageInUse bits, room for the collector's pageMarks, and the pointer bitmap (one bit
 *             per heap word, written when an object of a pointerful type is allocated).
 *
 * A span class is size class << 1 | noscan. Objects whose Type is NULL or has no pointers go to
 * noscan spans: the collector never looks inside them and their pointer bits are never written.
 *
 * Ownership of a span's allocation state (freeindex, allocCache, allocCount, allocBits,
 * needzero): the mcache's owner (the M holding that P, or the holder of nopcache.lock) while the
 * span is cached; the mcentral's lock while the span is on one of its lists; the heap lock while
 * the span is free; the collector while the world is stopped and every mcache is flushed
 * (mcache_flushall); the sweeper that claimed it (sweepgen, below). Handing a span over always
 * goes through a lock or the sweepgen CAS, which orders the accesses.
 *
 * Sweep generations (Go's mspan.sweepgen): mheap_.sweepgen grows by 2 at the end of each
 * collection's mark phase. For an in-use span, with sg = mheap_.sweepgen:
 *   s->sweepgen == sg - 2   the span needs sweeping (its allocBits predate the last mark)
 *   s->sweepgen == sg - 1   a sweeper claimed it and is sweeping it
 *   s->sweepgen == sg       swept (or allocated since): allocation may use it
 * A small span needing sweeping is always on its mcentral's unswept lists (the collector flushes
 * every mcache before marking), and is claimed under that mcentral's lock; a large span is
 * claimed by a CAS on sweepgen. Only swept spans are ever cached or allocated from.
 *
 * Lock order (acquire top to bottom; all below sched.lock, which procresize holds while it calls
 * mcache_releaseAll for a dying P):
 *   nopcache.lock  ->  mcentral.lock  ->  mheap_.lock  ->  persistent.lock
 * None of these is held across a park; mheap_.lock is held across madvise by the scavenger. */
#ifndef GOL_RUNTIME_MHEAP_H
#define GOL_RUNTIME_MHEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/internal.h"
#include "runtime/sizeclasses.h"

struct Type;

/* ---- span classes ---- */
typedef uint8_t spanClass;
enum { numSpanClasses = _NumSizeClasses << 1 };
static inline spanClass makeSpanClass(uint8_t sizeclass, bool noscan) {
  return (spanClass)(sizeclass << 1 | (noscan ? 1 : 0));
}
static inline uint8_t spanClass_sizeclass(spanClass sc) { return sc >> 1; }
static inline bool spanClass_noscan(spanClass sc) { return sc & 1; }

/* ---- arenas ---- */
enum {
  heapArenaShift = 26,                               /* 64 MiB, Go's heapArenaBytes on linux/amd64 */
  arenaL2Bits = 47 - heapArenaShift,                 /* user addresses are below 2^47 */
};
#define heapArenaBytes ((uintptr_t)1 << heapArenaShift)
#define pagesPerArena (heapArenaBytes / _PageSize)   /* 8192 */
#define heapArenaWords (heapArenaBytes / 8)
#define arenaL2Size ((uintptr_t)1 << arenaL2Bits)

enum {
  mSpanDead = 0,  /* the struct is unused (on the span allocator's free list) */
  mSpanInUse = 1, /* holds objects: a small-object span (cached or in an mcentral) or a large one */
  mSpanFree = 2,  /* a free page run in the heap's free lists */
};

/* Objects per span at most: class 1 (8 bytes) in one page. */
enum { maxObjsPerSpan = _PageSize / 8, gcBitsBytes = maxObjsPerSpan / 8 };

struct mSpanList;

typedef struct mspan {
  struct mspan *next;      /* list links: guarded by the lock of the list holding the span */
  struct mspan *prev;
  struct mSpanList *list;  /* the list holding the span (NULL: cached, large in use, or dead) */

  /* Set under mheap_.lock when the span is made (in use or free); read-only while in use. */
  uintptr_t startAddr;
  uintptr_t npages;
  uintptr_t elemsize;      /* class_to_size, or npages * _PageSize for a large span */
  uintptr_t limit;         /* end of the last object */
  uint32_t divMul;         /* class_to_divmagic: object index = (off * divMul) >> 32 */
  uint32_t nelems;         /* objects in the span (1 for a large span) */
  spanClass spanclass;
  uint8_t state;           /* mSpan*: written under mheap_.lock (release), read atomically */

  /* Allocation state (see "Ownership" above). Objects below freeindex are allocated; at or above
   * it, allocBits says (a set bit: allocated at the last sweep). allocCache is the complement of
   * allocBits from the 64-aligned word holding freeindex, shifted so bit 0 is freeindex. */
  uint32_t freeindex;
  uint32_t allocCount;     /* allocated objects */
  uint64_t allocCache;
  bool needzero;           /* the memory may hold old data (free objects or pages are dirty) */

  /* Free spans only (mheap_.lock). */
  bool scavenged;          /* every page was returned to the OS (and reads as zero) */
  int64_t unusedsince;     /* nanotime when the run became free */

  uint32_t sweepgen;       /* atomic: see "Sweep generations" above */
  uint8_t allocBits[gcBitsBytes] __attribute__((aligned(8)));
  /* The collector's mark bits: set by marking (atomic OR: several mark workers); consumed and
   * cleared by the span's sweep. */
  uint8_t gcmarkBits[gcBitsBytes] __attribute__((aligned(8)));
} mspan;

typedef struct mSpanList {
  mspan *first;
  mspan *last;
} mSpanList;

void mSpanList_insert(mSpanList *l, mspan *s);      /* at the front */
void mSpanList_insertBack(mSpanList *l, mspan *s);
void mSpanList_remove(mSpanList *l, mspan *s);

typedef struct heapArena {
  /* The span of every page of an in-use span; the first and last page of a free span; NULL for
   * pages never used. Entries are written under mheap_.lock with atomic stores and read with
   * atomic loads (spanOf is lock-free); an entry may be stale, so readers check the span's state
   * and bounds. */
  mspan *spans[pagesPerArena];
  /* One bit per page: the first page of an in-use span (mheap_.lock). The collector's span walk. */
  uint8_t pageInUse[pagesPerArena / 8];
  /* Reserved for the collector: the first page of spans holding marked objects (Go's pageMarks). */
  uint8_t pageMarks[pagesPerArena / 8];
  /* One bit per 8-byte word: the word holds a pointer. Written by whoever allocates an object in
   * a scan span (the owner of the span, see above), for every word of the object (bits past the
   * type's data are cleared); never written for noscan spans. Read by the collector. */
  uint8_t ptrbits[heapArenaWords / 8];
} heapArena;

/* ---- mcentral ---- */
typedef struct mcentral {
  mutex lock;
  spanClass spanclass;  /* immutable */
  /* lock: uncached spans with at least one free object (partial) and without (full), in two
   * sets indexed by sweep generation like Go's partial/full spanSets: index (sg/2)%2 holds the
   * swept spans and the other index the spans still to sweep, so bumping mheap_.sweepgen by 2
   * turns every swept set into an unswept one at no cost. */
  mSpanList partial[2];
  mSpanList full[2];
} __attribute__((aligned(64))) mcentral;

static inline mSpanList *mcentral_partialSwept(mcentral *c, uint32_t sg) {
  return &c->partial[sg / 2 % 2];
}
static inline mSpanList *mcentral_partialUnswept(mcentral *c, uint32_t sg) {
  return &c->partial[1 - sg / 2 % 2];
}
static inline mSpanList *mcentral_fullSwept(mcentral *c, uint32_t sg) { return &c->full[sg / 2 % 2]; }
static inline mSpanList *mcentral_fullUnswept(mcentral *c, uint32_t sg) {
  return &c->full[1 - sg / 2 % 2];
}

/* A swept span with a free object for an mcache (sweeping unswept spans of the class first, as
 * Go's cacheSpan does; growing from the heap last). */
mspan *mcentral_cacheSpan(mcentral *c);
void mcentral_uncacheSpan(mcentral *c, mspan *s);
/* Puts a swept, uncached small span with allocCount > 0 on c's swept partial or full list. */
void mcentral_putSwept(mcentral *c, mspan *s, uint32_t sg);

/* ---- mcache ---- */
typedef struct mcache {
  /* The span each class allocates from; &emptymspan when none (never NULL, so the fast path
   * needs no check). Owner: the P's owner (or nopcache.lock). */
  mspan *alloc[numSpanClasses];
} mcache;

extern mspan emptymspan;
mcache *allocmcache(void);
/* Returns c's spans to their mcentrals (P destruction; the collector before sweeping). The
 * caller owns c. */
void mcache_releaseAll(mcache *c);
/* Replaces c's span of class spc (full) with one that has a free object. */
void mcache_refill(mcache *c, spanClass spc);
/* World stopped: releases every P's mcache and the no-P cache. */
void mcache_flushall(void);

/* ---- mheap ---- */
enum { maxMHeapList = 128 }; /* free runs shorter than this many pages have exact-size lists */

typedef struct mheap {
  mutex lock;
  mSpanList free[maxMHeapList]; /* lock: free runs of exactly i pages, most recently freed first */
  mSpanList freelarge;          /* lock: free runs of >= maxMHeapList pages */

  /* Arena index: arenaL2Size entries, a MAP_NORESERVE mapping (only touched pages cost). Each
   * entry is written once (release, under lock) and read lock-free (acquire). */
  heapArena **arenas;

  /* lock: the reserved (PROT_NONE) but not yet mapped rest of the current reservation. */
  uintptr_t curArenaBase;
  uintptr_t curArenaEnd;

  /* lock: every mspan struct ever made (states vary). Grown by copying; the old arrays are kept
   * (never unmapped), because the background sweeper walks a snapshot without the lock. */
  mspan **allspans;
  size_t nallspans;
  size_t allspanscap;
  mspan *spanfree;              /* lock: dead mspan structs for reuse */

  /* Statistics, in bytes: written under lock with atomic stores, read atomically. */
  uint64_t heapSys;      /* mapped for the heap (in use + free + released) */
  uint64_t heapInuse;    /* in in-use spans */
  uint64_t heapFree;     /* in free spans, released or not */
  uint64_t heapReleased; /* in free spans whose pages were returned to the OS */
  uint64_t metaSys;      /* heapArena metadata and span structs (virtual sizes) */

  int64_t lastScavenge;  /* sysmon only (runtime_scavenge_tick) */
  uint32_t sweepgen;     /* atomic; written by the collector with the world stopped */

  mcentral central[numSpanClasses];
} mheap;

extern mheap mheap_;

void mheapinit(void);
/* A span of npages for span class spc (class 0: a large object), initialised for allocation.
 * s->needzero says whether its memory may be dirty. Takes mheap_.lock; throws when out of memory. */
mspan *mheap_alloc(uintptr_t npages, spanClass spc);
/* Returns an in-use span's pages to the heap (takes mheap_.lock). The span must be on no list. */
void mheap_freeSpan(mspan *s);
/* Calls f(s, arg) for every span in use, in allspans order, over a snapshot of allspans taken
 * under mheap_.lock (spans made later are not visited; a span's state is read atomically). Stops
 * at the first f that returns false; returns whether every span was visited. Callers that need
 * the states stable (persisting, poisoning) stop the world first. */
bool mheap_forEachInUse(bool (*f)(mspan *s, void *arg), void *arg);
/* Returns free runs unused for at least olderthan ns (0: all) to the OS; returns the bytes
 * released. Takes mheap_.lock. */
uint64_t mheap_scavenge(int64_t olderthan);

/* The span holding address p: in-use spans only (NULL for anything else, including addresses
 * outside the heap). Lock-free; exact while the span cannot be freed concurrently (the collector
 * with the world stopped, or a caller that owns a live object in it). findObject sweeps the span
 * first (or waits for its sweeper) if lazy sweeping has not reached it. */
mspan *spanOfHeap(uintptr_t p);
/* The base of the object holding p (an interior pointer is fine), or 0 if p is not inside an
 * allocated slot of an in-use span. *sp and *objIndex receive the span and the object's index
 * when not NULL. Same conditions as spanOfHeap. */
uintptr_t findObject(uintptr_t p, mspan **sp, uintptr_t *objIndex);
static inline uintptr_t mspan_objIndex(const mspan *s, uintptr_t p) {
  return (uintptr_t)(((uint64_t)(p - s->startAddr) * s->divMul) >> 32);
}
static inline heapArena *arenaOf(uintptr_t p) {
  uintptr_t i = p >> heapArenaShift;
  if (i >= arenaL2Size || !mheap_.arenas) return NULL;
  return __atomic_load_n(&mheap_.arenas[i], __ATOMIC_ACQUIRE);
}

/* ---- span allocation state (mbitmap.c) ---- */
void mspan_initSmall(mspan *s);
/* The index of the next free object at or after freeindex (advancing freeindex past it), or
 * nelems when the span is full. */
uint32_t mspan_nextFreeIndex(mspan *s);
void mspan_refillAllocCache(mspan *s, uint32_t whichByte);
bool mspan_isFree(const mspan *s, uintptr_t index);
/* Sets the mark bit of an object (atomic, for the collector). */
void mspan_markObject(mspan *s, uintptr_t index);
/* Sets the mark bit; returns false when it was already set (atomic: of several mark workers
 * racing on one object exactly one gets true). */
bool mspan_tryMarkObject(mspan *s, uintptr_t index);
bool mspan_isMarked(mspan *s, uintptr_t index);
/* The bit work of a sweep, by the span's owner (a claiming sweeper, or the collector with the
 * world stopped): objects without a mark bit are freed (allocBits := gcmarkBits, freeindex := 0),
 * mark bits are cleared, allocCount is recounted and the free counters updated. Touches no list.
 * Returns the number of objects freed. */
uintptr_t mspan_sweepBits(mspan *s);
/* Sweeps an in-use span now, whatever its sweep generation (world stopped and every mcache
 * flushed: the span is on an mcentral list, or large): mspan_sweepBits, then the span moves to
 * its mcentral's swept lists, or back to the heap when left empty (or an unmarked large object).
 * Returns the number of objects freed. */
uintptr_t mspan_sweep(mspan *s);
/* Claims and sweeps s if it needs sweeping in generation sg (lazy sweeping: the background
 * sweeper, runtime.GC, the collector's finishing sweep). Returns the span's pages, or 0 if s did
 * not need it or someone else claimed it. mgcsweep.c. */
uintptr_t mspan_trySweep(mspan *s, uint32_t sg);
/* Claims an unswept small span the caller removed from c's unswept lists under c->lock (which it
 * still holds): sweepgen sg-2 -> sg-1. mgcsweep.c. */
void mspan_claimLocked(mspan *s, uint32_t sg);
/* Sweeps a span claimed by mspan_claimLocked and not on any list: its bits only; the caller
 * decides where it goes. Marks it swept (sweepgen := sg). Returns the objects freed. */
uintptr_t mspan_sweepClaimed(mspan *s, uint32_t sg);
/* Returns once s is swept in generation sg (sweeping it, or waiting for its sweeper). */
void mspan_ensureSwept(mspan *s, uint32_t sg);
/* Lazy sweeping's debt: sweeps spans until at least npages pages were swept or none is left
 * (before taking new pages from the heap, as Go's mheap.reclaim). Cheap once sweeping is done. */
void sweep_reclaim(uintptr_t npages);

/* Pointer bits (mbitmap.c). */
void heapBitsSetType(uintptr_t x, uintptr_t size, uintptr_t dataSize, const struct Type *typ);
bool heapBitsIsPointer(uintptr_t addr);

/* ---- OS memory (mheap.c) ---- */
void *sysAlloc(size_t n);         /* zeroed, MAP_NORESERVE read-write mapping; NULL on failure */
void sysFree(void *v, size_t n);

/* Frees counted by sweeping (malloc.c): atomic. */
extern uint64_t memstats_nfree;
extern uint64_t memstats_freebytes;

#endif

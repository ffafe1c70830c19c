/* mallocgc and persistentalloc (Go's malloc.go). The design is in mheap.h.
 *
 * mallocgc: size 0 -> zerobase; small sizes (<= 32 KiB) -> a slot of their size class from the
 * current P's mcache span of class (size class, noscan) with no lock, refilled from the class's
 * mcentral, which grows from the page heap; large sizes -> their own span from the page heap.
 * Without a P (boot, sysmon, a thread inside entersyscall/exitsyscall) the same path runs on
 * nopcache under nopcache.lock.
 *
 * Alignment: malloc.h promises 16 bytes, so the 8-byte class (1) and the 24-byte class (3), whose
 * slots are only 8-aligned, are not used by mallocgc: 1..16 bytes take class 2, 17..32 class 4.
 * For the same reason there is no tiny allocator (Go's packs noscan objects < 16 bytes with
 * 8/4/2-byte alignment). roundupsize still answers Go's numbers (8, 24) for append growth.
 *
 * Zeroing: a span fresh from the OS or from released pages is known zero (span.needzero == 0),
 * so needzero costs nothing until memory is reused.
 *
 * Counters: mallocs and bytes per P (written by the owner with relaxed atomics, summed by
 * readers); allocations without a P count in global atomics. */
#include <string.h>
#include <sys/mman.h>

#include "lang/types.h"
#include "runtime/mgc.h"
#include "runtime/mheap.h"

static uint64_t zerobase[2] __attribute__((aligned(16)));

/* Allocations made without a P: global counters (atomic). */
static uint64_t nop_mallocs;
static uint64_t nop_bytes;

/* The cache of threads without a P. */
static struct {
  mutex lock;
  mcache *c; /* lock (set once by mallocinit) */
} nopcache;

#define maxAlloc ((uintptr_t)1 << 47)

void mallocinit(void) {
  if (physPageSize == 0 || (physPageSize & (physPageSize - 1)) != 0)
    throw("mallocinit: bad physical page size");
  sizeclasses_init();
  mheapinit();
  nopcache.c = allocmcache();
}

size_t roundupsize(size_t n) {
  if (n == 0) return 0;
  if (n <= _MaxSmallSize) return class_to_size[sizeToClass(n)];
  if (n + _PageSize < n) return n;
  return (n + _PageSize - 1) & ~(size_t)_PageMask;
}

/* The size class mallocgc uses for 1 <= size <= _MaxSmallSize (16-byte aligned classes only). */
static inline uint8_t mallocClass(size_t size) {
  if (size <= 16) return 2;
  uint8_t sc = sizeToClass(size);
  return sc == 3 ? 4 : sc;
}

/* The next free slot of s or 0 (Go's nextFreeFast): the common case, a set bit in allocCache. */
static inline uintptr_t nextFreeFast(mspan *s) {
  if (s->allocCache == 0) return 0;
  uint32_t theBit = (uint32_t)__builtin_ctzll(s->allocCache);
  uint32_t result = s->freeindex + theBit;
  if (result >= s->nelems) return 0;
  uint32_t freeidx = result + 1;
  if (freeidx % 64 == 0 && freeidx != s->nelems) return 0; /* needs a cache refill: slow path */
  s->allocCache = theBit == 63 ? 0 : s->allocCache >> (theBit + 1);
  __atomic_store_n(&s->freeindex, freeidx, __ATOMIC_RELAXED); /* findObject reads it */
  s->allocCount++;
  return s->startAddr + (uintptr_t)result * s->elemsize;
}

/* The slow path (Go's mcache.nextFree): the next index in the span, refilling when it is full. */
static uintptr_t nextFree(mcache *c, spanClass spc) {
  mspan *s = c->alloc[spc];
  uint32_t idx = mspan_nextFreeIndex(s);
  if (idx == s->nelems) {
    mcache_refill(c, spc);
    s = c->alloc[spc];
    idx = mspan_nextFreeIndex(s);
    if (idx >= s->nelems) throw("mallocgc: refilled span has no free object");
  }
  if (s->allocCount >= s->nelems) throw("mallocgc: s.allocCount >= s.nelems");
  s->allocCount++;
  return s->startAddr + (uintptr_t)idx * s->elemsize;
}

/* Nothing to scan: no type, no pointers, or a zero-size type (e.g. [0]*T, which types.c flags
 * TF_HASPTR: its values hold no words at all). */
static bool typeIsNoscan(const Type *t) {
  return t == NULL || !(t->tflags & TF_HASPTR) || t->ptrmask == NULL || t->size <= 0;
}

void *mallocgc(size_t size, const struct Type *typ, bool needzero) {
  if (size == 0) return zerobase;
  if (size > maxAlloc) throw("out of memory");
  const Type *t = typ;
  bool noscan = typeIsNoscan(t);

  g *gp = getg();
  m *mp = gp ? gp->m : NULL;
  if (mp) {
    if (mp->mallocing) throw("malloc deadlock");
    mp->locks++; /* not a preemption point (Go's acquirem) */
    mp->mallocing = 1;
  }
  p *pp = mp ? mp->p : NULL;
  mcache *c;
  if (pp && pp->mcache) {
    c = pp->mcache;
  } else {
    pp = NULL;
    runtime_lock(&nopcache.lock);
    c = nopcache.c;
  }

  uintptr_t x, elemsize;
  if (size <= _MaxSmallSize) {
    uint8_t sc = mallocClass(size);
    spanClass spc = makeSpanClass(sc, noscan);
    mspan *s = c->alloc[spc];
    x = nextFreeFast(s);
    if (x == 0) {
      x = nextFree(c, spc);
      s = c->alloc[spc];
    }
    elemsize = s->elemsize;
    if (needzero && s->needzero) memset((void *)x, 0, elemsize);
    if (!noscan) heapBitsSetType(x, elemsize, size, t);
  } else {
    uintptr_t npages = (size + _PageSize - 1) / _PageSize;
    sweep_reclaim(npages); /* lazy sweeping's debt before new pages (mgcsweep.c) */
    mspan *s = mheap_alloc(npages, makeSpanClass(0, noscan));
    s->freeindex = 1;
    s->allocCount = 1;
    x = s->startAddr;
    elemsize = s->elemsize;
    if (needzero && s->needzero) memset((void *)x, 0, elemsize);
    if (!noscan) heapBitsSetType(x, elemsize, size, t);
  }

  if (pp) {
    __atomic_store_n(&pp->mallocs, pp->mallocs + 1, __ATOMIC_RELAXED);
    __atomic_store_n(&pp->mallocbytes, pp->mallocbytes + elemsize, __ATOMIC_RELAXED);
  } else {
    runtime_unlock(&nopcache.lock);
    __atomic_fetch_add(&nop_mallocs, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&nop_bytes, elemsize, __ATOMIC_RELAXED);
  }
  if (mp) {
    mp->mallocing = 0;
    mp->locks--;
  }
  /* The collector (runtime/mgc.c): collect when the heap reached its goal, at a safe point. x is
   * a local of this frame, so the collector's conservative stack scan keeps it alive. */
  if (pp && __atomic_load_n(&gc_armed, __ATOMIC_RELAXED)) gc_malloc_hook(elemsize);
  return (void *)x;
}

/* The collector, world stopped: flushes every cache like mcache_flushall but keeps
 * nopcache.lock held (until mcache_flushall_end) so that threads without a P (natives inside
 * entersyscall/exitsyscall) cannot allocate while the heap is marked and swept. */
void mcache_flushall_begin(void) {
  runtime_lock(&nopcache.lock);
  for (int i = 0; i < MaxGomaxprocs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) break;
    mcache_releaseAll(pp->mcache);
  }
  mcache_releaseAll(nopcache.c);
}

void mcache_flushall_end(void) { runtime_unlock(&nopcache.lock); }

void mcache_flushall(void) {
  for (int i = 0; i < MaxGomaxprocs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) break;
    mcache_releaseAll(pp->mcache);
  }
  runtime_lock(&nopcache.lock);
  mcache_releaseAll(nopcache.c);
  runtime_unlock(&nopcache.lock);
}

/* ---- statistics ---- */

uint64_t runtime_mallocs(void) {
  uint64_t n = __atomic_load_n(&nop_mallocs, __ATOMIC_RELAXED);
  for (int i = 0; i < MaxGomaxprocs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) break;
    n += __atomic_load_n(&pp->mallocs, __ATOMIC_RELAXED);
  }
  return n;
}

uint64_t runtime_mallocbytes(void) {
  uint64_t n = __atomic_load_n(&nop_bytes, __ATOMIC_RELAXED);
  for (int i = 0; i < MaxGomaxprocs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) break;
    n += __atomic_load_n(&pp->mallocbytes, __ATOMIC_RELAXED);
  }
  return n;
}

static uint64_t persistentSys; /* atomic: bytes mapped by persistentalloc */

void runtime_ReadMemStats(runtime_MemStats *st) {
  memset(st, 0, sizeof *st);
  st->Mallocs = runtime_mallocs();
  st->TotalAlloc = runtime_mallocbytes();
  st->Frees = __atomic_load_n(&memstats_nfree, __ATOMIC_RELAXED);
  uint64_t freed = __atomic_load_n(&memstats_freebytes, __ATOMIC_RELAXED);
  st->HeapAlloc = st->TotalAlloc >= freed ? st->TotalAlloc - freed : 0;
  st->Alloc = st->HeapAlloc;
  st->HeapObjects = st->Mallocs >= st->Frees ? st->Mallocs - st->Frees : 0;
  st->HeapSys = __atomic_load_n(&mheap_.heapSys, __ATOMIC_RELAXED);
  st->HeapIdle = __atomic_load_n(&mheap_.heapFree, __ATOMIC_RELAXED);
  st->HeapInuse = __atomic_load_n(&mheap_.heapInuse, __ATOMIC_RELAXED);
  st->HeapReleased = __atomic_load_n(&mheap_.heapReleased, __ATOMIC_RELAXED);
  st->Sys = st->HeapSys + __atomic_load_n(&mheap_.metaSys, __ATOMIC_RELAXED) +
            __atomic_load_n(&persistentSys, __ATOMIC_RELAXED);
}

/* ---- scavenging ---- */

enum {
  scavengePeriodNS = 1000 * 1000 * 1000,     /* sysmon runs the scavenger at most once a second */
};
#define scavengeIdleNS (5LL * 1000 * 1000 * 1000) /* a free run idle this long goes back */

void runtime_scavenge_tick(int64_t now) {
  if (now - mheap_.lastScavenge < scavengePeriodNS) return;
  mheap_.lastScavenge = now;
  mheap_scavenge(scavengeIdleNS);
}

void runtime_debug_FreeOSMemory(void) { mheap_scavenge(0); }

/* ---- persistentalloc ---- */

enum { PersistentChunk = 256 << 10 };

static struct {
  mutex lock;
  uint8_t *next; /* lock */
  uint8_t *end;  /* lock */
} persistent;

void *persistentalloc(size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (size >= PersistentChunk / 4) {
    void *v = sysAlloc(size);
    if (!v) throw("out of memory (persistentalloc)");
    __atomic_fetch_add(&persistentSys, size, __ATOMIC_RELAXED);
    return v;
  }
  runtime_lock(&persistent.lock);
  if ((size_t)(persistent.end - persistent.next) < size) {
    uint8_t *c = sysAlloc(PersistentChunk);
    if (!c) throw("out of memory (persistentalloc)");
    __atomic_fetch_add(&persistentSys, PersistentChunk, __ATOMIC_RELAXED);
    persistent.next = c;
    persistent.end = c + PersistentChunk;
  }
  void *v = persistent.next;
  persistent.next += size;
  runtime_unlock(&persistent.lock);
  return v;
}

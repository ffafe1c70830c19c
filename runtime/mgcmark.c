/* Marking (Go's mgcmark.go, stop-the-world): the roots, as jobs, and object scanning. Runs with
 * the world stopped, every mcache flushed and every span swept, on the initiating M's g0 and the
 * mark helper threads (parallel marking: mgcwork.c), so spans can neither be allocated from nor
 * freed while it runs and findObject is exact.
 *
 * Root jobs (gcMarkRootPrepare makes the list; workers claim jobs with an atomic counter): the
 * data segments, the timers, the registered ranges, the permanent objects in chunks, then one job
 * per goroutine. Root functions call greyobject / scanblock, which work on the calling thread's
 * worker (gcw_current).
 *
 * Roots:
 *   - every goroutine's C stack: a stopped G from g->sched.sp to the top of its stack, plus the
 *     callee-saved registers saved in g->sched; the initiator from its stack pointer at the stop
 *     (its registers spilled above it); a G in a system call (still running C code) over its whole
 *     stack, because entersyscall records no stack pointer. Conservative.
 *   - the VM's state of every goroutine with g->vm (register files, frames, defers, panics): the
 *     enumerator registered by the VM (vm/vm_gc.c) reports the ranges. Conservative: the VM has no
 *     per-slot pointer maps.
 *   - the writable segments (data, bss) of the executable and every loaded library
 *     (dl_iterate_phdr). Conservative.
 *   - every g struct (persistent memory: a fresh G's start argument, saved registers) and every
 *     timer in the Ps' timer heaps (user timers are GC objects). Conservative. Other persistent
 *     memory is not scanned: mspan structs hold span addresses that would pin the first object of
 *     every span. Sudogs point at the waiting G's channel buffer (vm: th->chanbuf) and channel,
 *     both reachable from the waiting goroutine's VM state.
 *   - the ranges registered with gc_addroot. Conservative.
 *   - the permanent objects (gc_persist, gc_program_ready).
 *
 * The conservative rule: a word that findObject resolves to an allocated object (any address in
 * [base, base+elemsize)) marks that object. A live object is always referenced by some word of
 * some root or reachable object (the VM keeps every live pointer in a register slot, a frame, a C
 * local or a scanned object), so it is always marked: conservatism only ever keeps garbage alive,
 * never frees a live object. Words that are not pointers (integers, floats) may retain garbage.
 *
 * Heap objects: an object in a scan span is scanned precisely with the pointer bits written at
 * allocation from its Type's ptrmask. An object in a noscan span (allocated with a NULL or
 * pointer-free type) is not scanned at all, as in Go: every pointerful runtime and VM object has
 * a pointer map (mgctype.c, vm/vm_gc.h). GOLDEBUG=gcprecise=0 scans noscan objects
 * conservatively too (a diagnostic).
 *
 * The mark loop is bound by cache misses on large heaps: the object lookup is inlined
 * (markFindObject) and grey objects pass through a small prefetching FIFO (gcDrain). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dl_iterate_phdr */
#endif
#include <link.h>
#include <string.h>

#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/time.h"

gcState work;

/* A large object is scanned in oblets of at most this many bytes (Go's maxObletBytes), each a
 * separate grey entry, so several workers share it. */
#define maxObletBytes ((uintptr_t)128 << 10)

/* findObject for the mark phase, inlined into the scan loops: the world is stopped and every
 * span is swept (gc_body finished the sweep first), so no sweep generation check is needed and
 * the span table cannot change. Returns the object's base or 0; *sp and *idx as findObject. */
static inline uintptr_t markFindObject(uintptr_t p, mspan **sp, uintptr_t *idx) {
  heapArena *ha = arenaOf(p);
  if (!ha) return 0;
  mspan *s = __atomic_load_n(&ha->spans[(p / _PageSize) % pagesPerArena], __ATOMIC_RELAXED);
  if (!s || __atomic_load_n(&s->state, __ATOMIC_RELAXED) != mSpanInUse || p < s->startAddr ||
      p >= s->limit)
    return 0;
  uintptr_t i = mspan_objIndex(s, p);
  if (i >= s->freeindex && !((s->allocBits[i / 8] >> (i % 8)) & 1)) return 0; /* a free slot */
  *sp = s;
  *idx = i;
  return s->startAddr + i * s->elemsize;
}

/* mspan_tryMarkObject, inlined: a plain load first (most words reach marked objects). */
static inline bool markTrySet(mspan *s, uintptr_t i) {
  uint8_t bit = (uint8_t)(1u << (i % 8));
  uint8_t *b = &s->gcmarkBits[i / 8];
  if (__atomic_load_n(b, __ATOMIC_RELAXED) & bit) return false;
  return (__atomic_fetch_or(b, bit, __ATOMIC_RELAXED) & bit) == 0;
}

/* Marks the object holding p, if any, and queues it for scanning on w. */
static inline void greyobject_w(gcWork *w, uintptr_t p) {
  mspan *s;
  uintptr_t idx;
  uintptr_t base = markFindObject(p, &s, &idx);
  if (base == 0 || !markTrySet(s, idx)) return;
  w->markedBytes += s->elemsize;
  w->markedObjects++;
  if (work.precise && spanClass_noscan(s->spanclass)) return;
  gcw_put(w, base);
}

static gcWork *currentWork(void) {
  gcWork *w = gcw_current;
  if (!w) throw("gc: root scanned outside a mark worker");
  return w;
}

void greyobject(uintptr_t p) { greyobject_w(currentWork(), p); }

/* Conservative scan of [lo, hi) onto w: lo rounded up to a word. Not instrumented: it reads other
 * goroutines' stacks and globals' redzones. */
static NOSAN_ALL void scanblock_w(gcWork *w, uintptr_t lo, uintptr_t hi) {
  lo = (lo + 7) & ~(uintptr_t)7;
  for (uintptr_t a = lo; a + 8 <= hi; a += 8) {
    uintptr_t v = *(volatile uintptr_t *)a;
    if (v < 4096 || !arenaOf(v)) continue;
    greyobject_w(w, v);
  }
}

void scanblock(uintptr_t lo, uintptr_t hi) { scanblock_w(currentWork(), lo, hi); }

/* Scans one grey entry b (an object's base, or an oblet start inside a large object): precisely
 * in a scan span, conservatively in a noscan one. */
static NOSAN_ALL void scanobject(gcWork *w, uintptr_t b) {
  mspan *s;
  uintptr_t idx;
  if (!markFindObject(b, &s, &idx)) throw("gc: scanobject of a non-heap address");
  uintptr_t end = b + s->elemsize;
  if (s->elemsize > maxObletBytes) { /* a large object: s holds only it */
    uintptr_t objend = s->startAddr + s->elemsize;
    if (b == s->startAddr)
      for (uintptr_t o = b + maxObletBytes; o < objend; o += maxObletBytes) gcw_put(w, o);
    end = b + maxObletBytes < objend ? b + maxObletBytes : objend;
  }
  if (spanClass_noscan(s->spanclass)) {
    scanblock_w(w, b, end);
    return;
  }
  for (uintptr_t a = b; a < end;) {
    heapArena *ha = arenaOf(a);
    uintptr_t wi = (a & (heapArenaBytes - 1)) / 8;
    uint8_t bits = ha->ptrbits[wi / 8];
    if (wi % 8 == 0 && bits == 0) { /* eight words without pointers */
      a += 64;
      continue;
    }
    if ((bits >> (wi % 8)) & 1) {
      uintptr_t v = *(uintptr_t *)a;
      if (v >= 4096 && arenaOf(v)) greyobject_w(w, v);
    }
    a += 8;
  }
}

/* Grey objects taken from the work buffers wait in a small FIFO, prefetched, before they are
 * scanned: a large heap's marking is bound by cache misses on the objects and their pointer bits,
 * and the FIFO overlaps them with the scanning of the objects ahead (the queue holds grey objects
 * that are no longer in w's buffers: gcDrain asks for more work only once it is empty). */
enum { prefetchDepth = 8 };

static inline void prefetchGrey(uintptr_t b) {
  __builtin_prefetch((const void *)b, 0, 3);
  heapArena *ha = arenaOf(b);
  if (ha) __builtin_prefetch(&ha->ptrbits[(b & (heapArenaBytes - 1)) / 64], 0, 3);
}

void gcDrain(gcWork *w) {
  uintptr_t fifo[prefetchDepth];
  uint32_t head = 0, n = 0, k = 0;
  for (;;) {
    uintptr_t b;
    while (n < prefetchDepth && (b = gcw_tryGet(w)) != 0) {
      prefetchGrey(b);
      fifo[(head + n++) % prefetchDepth] = b;
    }
    if (n == 0) {
      if (!gcMarkWaitForWork(w)) return;
      continue;
    }
    b = fifo[head];
    head = (head + 1) % prefetchDepth;
    n--;
    scanobject(w, b);
    if ((++k & 31) == 0 && gcMarkWantsWork()) gcw_balance(w);
  }
}

/* ---- registered roots and permanent objects ---------------------------------------------------- */

typedef struct rootRange {
  uintptr_t lo, len;
} rootRange;

static struct {
  mutex lock;           /* held by root jobs while they scan: only wbufs.lock nests inside */
  rootRange *roots;     /* lock; sysAlloc'd */
  size_t nroots, caproots;
  uintptr_t *persist;   /* lock; base addresses of permanent objects */
  size_t npersist, cappersist;
} gcroots;

static void *growarray(void *old, size_t n, size_t *cap, size_t elem) {
  size_t ncap = *cap ? *cap * 2 : 1024;
  void *nv = sysAlloc(ncap * elem);
  if (!nv) throw("gc: out of memory for roots");
  if (old) {
    memcpy(nv, old, n * elem);
    sysFree(old, *cap * elem);
  }
  *cap = ncap;
  return nv;
}

void gc_addroot(const void *p, size_t len) {
  if (!p || !len) return;
  runtime_lock(&gcroots.lock);
  if (gcroots.nroots == gcroots.caproots)
    gcroots.roots = growarray(gcroots.roots, gcroots.nroots, &gcroots.caproots, sizeof(rootRange));
  gcroots.roots[gcroots.nroots++] = (rootRange){(uintptr_t)p, len};
  runtime_unlock(&gcroots.lock);
}

void gc_removeroot(const void *p) {
  runtime_lock(&gcroots.lock);
  for (size_t i = gcroots.nroots; i-- > 0;) {
    if (gcroots.roots[i].lo == (uintptr_t)p) {
      gcroots.roots[i] = gcroots.roots[--gcroots.nroots];
      break;
    }
  }
  runtime_unlock(&gcroots.lock);
}

void gcPersistAdd(uintptr_t base) {
  runtime_lock(&gcroots.lock);
  if (gcroots.npersist == gcroots.cappersist)
    gcroots.persist =
        growarray(gcroots.persist, gcroots.npersist, &gcroots.cappersist, sizeof(uintptr_t));
  gcroots.persist[gcroots.npersist++] = base;
  runtime_unlock(&gcroots.lock);
}

/* ---- data and bss ------------------------------------------------------------------------------ */

static int scanphdr(struct dl_phdr_info *info, size_t size, void *ctx) {
  (void)size;
  (void)ctx;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W)) continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
    scanblock(lo, lo + ph->p_memsz);
  }
  return 0;
}

/* ---- goroutines -------------------------------------------------------------------------------- */

static gc_vmroots_fn vmroots; /* set once before the collector is armed */

void gc_set_vmroots(gc_vmroots_fn fn) { vmroots = fn; }

void gc_scan_conservative(const void *p, size_t len) {
  if (p && len) scanblock((uintptr_t)p, (uintptr_t)p + len);
}

static void scangoroutine(g *gp, void *ctx) {
  (void)ctx;
  uint32_t st = readgstatus(gp);
  if (st == _Gdead || st == _Gidle) return;
  /* the g itself (persistent memory): startarg of a G not yet started, sched registers, ... */
  scanblock((uintptr_t)gp, (uintptr_t)gp + sizeof *gp);
  uintptr_t lo = gp->stack.lo, hi = gp->stack.hi;
  if (gp == work.initiator) {
    lo = work.initiatorSP;
  } else if (st == _Grunnable || st == _Gwaiting) {
    uintptr_t sp = gp->sched.sp;
    if (sp >= lo && sp <= hi) lo = sp;
    /* the callee-saved registers in g->sched (scanned with the g above): a C local of the
     * switched-out code may live only there */
  } else {
    /* _Gsyscall (still running C code) or an unexpected running G: the whole stack. A pointer
     * such a G keeps only in a CPU register during the call is not seen (see mgc.h). */
  }
  if (lo < hi) scanblock(lo, hi);
  if (gp->vm && vmroots) vmroots(gp, gp->vm);
}

/* The timers in every P's heap: user timers are GC objects (time.gol's runtimeTimer inside a heap
 * object) that only the heap may reference (time.AfterFunc); sleep timers are persistent and
 * point at their G. */
static void scantimers(void) {
  for (int i = 0; i < MaxGomaxprocs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) break;
    runtime_lock(&pp->timersLock);
    for (int32_t j = 0; j < pp->ntimers; j++) {
      timer *t = pp->timers[j];
      greyobject((uintptr_t)t);
      scanblock((uintptr_t)t, (uintptr_t)t + sizeof *t);
    }
    runtime_unlock(&pp->timersLock);
  }
}

/* ---- root jobs ---------------------------------------------------------------------------- */

enum { persistChunk = 4096 }; /* permanent objects per root job */

/* The cycle's root jobs: written by gcMarkRootPrepare (world stopped, before any worker runs;
 * published to helpers by the lock they join under), claimed through next. */
static struct {
  g **gs;            /* every goroutine, snapshot (sysAlloc'd, grown as needed) */
  size_t ngs, capgs;
  uint32_t npersistJobs;
  uint32_t njobs;
  uint32_t next;     /* atomic */
} rootjobs;

enum { rootData, rootTimers, rootRegistered, rootFixedJobs };

static void collectg(g *gp, void *ctx) {
  (void)ctx;
  if (rootjobs.ngs == rootjobs.capgs)
    rootjobs.gs = growarray(rootjobs.gs, rootjobs.ngs, &rootjobs.capgs, sizeof(g *));
  rootjobs.gs[rootjobs.ngs++] = gp;
}

void gcMarkRootPrepare(void) {
  /* world stopped: no G can be created (newproc needs a running G), so the list is stable and
   * allglock (ranked above nopcache.lock, which the collector holds) is not needed */
  rootjobs.ngs = 0;
  forEachGRace(collectg, NULL);
  runtime_lock(&gcroots.lock);
  rootjobs.npersistJobs = (uint32_t)((gcroots.npersist + persistChunk - 1) / persistChunk);
  runtime_unlock(&gcroots.lock);
  rootjobs.njobs = rootFixedJobs + rootjobs.npersistJobs + (uint32_t)rootjobs.ngs;
  __atomic_store_n(&rootjobs.next, 0, __ATOMIC_RELAXED);
}

/* Permanent objects [i*persistChunk, (i+1)*persistChunk): marked and scanned like any other. */
static void markPersist(uint32_t i) {
  runtime_lock(&gcroots.lock);
  size_t lo = (size_t)i * persistChunk, hi = lo + persistChunk;
  if (hi > gcroots.npersist) hi = gcroots.npersist;
  for (size_t k = lo; k < hi; k++) greyobject(gcroots.persist[k]);
  runtime_unlock(&gcroots.lock);
}

static void markRegistered(void) {
  runtime_lock(&gcroots.lock);
  for (size_t i = 0; i < gcroots.nroots; i++)
    scanblock(gcroots.roots[i].lo, gcroots.roots[i].lo + gcroots.roots[i].len);
  runtime_unlock(&gcroots.lock);
}

static void markroot(uint32_t i) {
  switch (i) {
  case rootData: dl_iterate_phdr(scanphdr, NULL); return;
  case rootTimers: scantimers(); return;
  case rootRegistered: markRegistered(); return;
  default: break;
  }
  i -= rootFixedJobs;
  if (i < rootjobs.npersistJobs) {
    markPersist(i);
    return;
  }
  scangoroutine(rootjobs.gs[i - rootjobs.npersistJobs], NULL);
}

/* On a mark worker (gcw_current set). Claims and runs root jobs until none is left. */
void gcMarkRoots(void) {
  uint32_t i;
  while ((i = __atomic_fetch_add(&rootjobs.next, 1, __ATOMIC_RELAXED)) < rootjobs.njobs)
    markroot(i);
}

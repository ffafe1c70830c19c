/* Marking (Go's mgcmark.go, stop-the-world and single-threaded): the roots, the grey stack, and
 * object scanning. Runs on the initiating M's g0 with the world stopped and every mcache flushed,
 * so spans can neither be allocated from nor freed while it runs and findObject is exact.
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
 * pointer-free type) should not be scanned at all -- but the VM and the runtime still allocate
 * several pointerful objects with a NULL type (Closure, Proto, Defer, Panic, hmap and its buckets,
 * hiter, GoStart, Itab, boxed panic strings), so by default noscan objects are scanned
 * conservatively. GOLDEBUG=gcprecise=1 skips them (Go's behaviour), which is only safe once the
 * VM passes types for those objects. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dl_iterate_phdr */
#endif
#include <link.h>
#include <string.h>

#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/time.h"

gcWork work;

/* ---- the grey stack --------------------------------------------------------------------------- */

static void growstack(void) {
  size_t ncap = work.cap ? work.cap * 2 : 64 * 1024;
  uintptr_t *ns = sysAlloc(ncap * sizeof(uintptr_t));
  if (!ns) throw("gc: out of memory for the mark stack");
  if (work.n) memcpy(ns, work.stack, work.n * sizeof(uintptr_t));
  if (work.stack) sysFree(work.stack, work.cap * sizeof(uintptr_t));
  work.stack = ns;
  work.cap = ncap;
}

/* Marks the object holding p, if any, and queues it for scanning. */
void greyobject(uintptr_t p) {
  mspan *s;
  uintptr_t idx;
  uintptr_t base = findObject(p, &s, &idx);
  if (base == 0) return;
  if (mspan_isMarked(s, idx)) return;
  mspan_markObject(s, idx);
  work.markedBytes += s->elemsize;
  work.markedObjects++;
  if (work.precise && spanClass_noscan(s->spanclass)) return;
  if (work.n == work.cap) growstack();
  work.stack[work.n++] = base;
}

/* Conservative scan of [lo, hi): lo rounded up to a word. Not instrumented: it reads other
 * goroutines' stacks and globals' redzones. */
NOSAN_ALL void scanblock(uintptr_t lo, uintptr_t hi) {
  lo = (lo + 7) & ~(uintptr_t)7;
  for (uintptr_t a = lo; a + 8 <= hi; a += 8) {
    uintptr_t w = *(volatile uintptr_t *)a;
    if (w < 4096 || !arenaOf(w)) continue;
    greyobject(w);
  }
}

/* Scans one marked object: precisely in a scan span, conservatively in a noscan one. */
static NOSAN_ALL void scanobject(uintptr_t base) {
  mspan *s = spanOfHeap(base);
  if (!s) throw("gc: scanobject of a non-heap address");
  uintptr_t n = s->elemsize;
  if (spanClass_noscan(s->spanclass)) {
    scanblock(base, base + n);
    return;
  }
  uintptr_t end = base + n;
  for (uintptr_t a = base; a < end;) {
    heapArena *ha = arenaOf(a);
    uintptr_t w = (a & (heapArenaBytes - 1)) / 8;
    uint8_t bits = ha->ptrbits[w / 8];
    if (w % 8 == 0 && bits == 0) { /* eight words without pointers */
      a += 64;
      continue;
    }
    if ((bits >> (w % 8)) & 1) {
      uintptr_t v = *(uintptr_t *)a;
      if (v >= 4096 && arenaOf(v)) greyobject(v);
    }
    a += 8;
  }
}

void gcDrain(void) {
  while (work.n > 0) scanobject(work.stack[--work.n]);
}

/* ---- registered roots and permanent objects ---------------------------------------------------- */

typedef struct rootRange {
  uintptr_t lo, len;
} rootRange;

static struct {
  mutex lock;           /* a leaf */
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

/* World stopped, on g0. Greys every root and drains. */
void gcMarkRoots(void) {
  dl_iterate_phdr(scanphdr, NULL);
  scantimers();
  /* world stopped: no G can be created (newproc needs a running G), so the list is stable and
   * allglock (ranked above nopcache.lock, which the collector holds) is not needed */
  forEachGRace(scangoroutine, NULL);
  runtime_lock(&gcroots.lock);
  for (size_t i = 0; i < gcroots.nroots; i++)
    scanblock(gcroots.roots[i].lo, gcroots.roots[i].lo + gcroots.roots[i].len);
  /* permanent objects: marked and scanned like any other */
  for (size_t i = 0; i < gcroots.npersist; i++) greyobject(gcroots.persist[i]);
  runtime_unlock(&gcroots.lock);
  gcDrain();
}

/* The garbage collector (Go's mgc.go, mgcmark.go, mgcsweep.go, mgcpacer.go, stop-the-world
 * flavour): the API for the VM, the stdlib and the driver, and the collector's internals shared by
 * runtime/mgc.c, mgcmark.c and mgcsweep.c.
 *
 * ON BY DEFAULT, paced by GOGC (default 100; GOGC=off: no automatic cycles, only runtime.GC(),
 * as in Go). Settings (GOLDEBUG, comma separated):
 *   gc=0          no collections at all (runtime.GC() is a no-op)
 *   gcstress=N    collect at every Nth allocation that is a safe point (N >= 1; implies gc=1)
 *   gctrace=1     one line per cycle on stderr, in the spirit of Go's (=2: and a line about the
 *                 mark workers: how many joined, the busiest one's CPU time, objects marked)
 *   gcprecise=0   scan noscan objects conservatively too (a diagnostic: by default they are not
 *                 scanned, as in Go; every pointerful runtime and VM object has a pointer map,
 *                 see mgctype.c and vm/vm_gc.h)
 *   gcpoison=1    fill every object a cycle frees with GC_POISON (use-after-free shows at once)
 *
 * A cycle: sweep what the last cycle left, stop the world through the scheduler's safe points
 * (procresize.c's stopTheWorld, the GOMAXPROCS mechanism; goroutines in system calls count as
 * stopped), finish sweeping, flush every mcache, mark from the roots on GOMAXPROCS workers (the
 * initiating M's g0 and helper threads: mgcwork.c), start a new sweep generation, start the
 * world. Sweeping is lazy (mgcsweep.c): the allocator and a background thread do it afterwards.
 *
 * The collector starts only after the program is "ready" (gc_program_ready, called by the driver
 * once the program is compiled): every object allocated before that point (compiled code, package
 * variables, types' method tables, constants) is made permanent, because the compiler's C-heap
 * structures reference them and are not roots. */
#ifndef GOL_RUNTIME_MGC_H
#define GOL_RUNTIME_MGC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct g;

/* ---- API (VM, stdlib, driver) ---------------------------------------------------------------- */

/* C memory (malloc, static, mmap) that holds pointers to GC objects must be registered while it
 * does: the collector scans [p, p+len) conservatively on every cycle. gc_removeroot(p) drops the
 * range registered at p. Thread-safe; may be called with or without a P. */
void gc_addroot(const void *p, size_t len);
void gc_removeroot(const void *p);
/* Makes the GC object holding obj (an interior pointer is fine) permanent: it and everything it
 * references stay alive forever. For objects published only through C-heap caches (itabs, method
 * wrappers). Thread-safe. */
void gc_persist(const void *obj);
/* The program is compiled: makes every object allocated so far permanent (see above) and arms the
 * collector when GOLDEBUG enables it. Call from a goroutine, before any goroutine but the caller
 * runs gol code. May be called again (each call adds the objects allocated since). */
void gc_program_ready(void);
/* Holds off collections while C memory that is not a root references new GC objects (a program
 * being compiled while other goroutines run, in library mode): gc_inhibit waits for a running
 * cycle to end, and no cycle starts (runtime.GC() included) until the matching gc_uninhibit.
 * Nests. Call from a goroutine. */
void gc_inhibit(void);
void gc_uninhibit(void);
/* runtime.GC(): a full collection now (blocking). A no-op while the collector is disabled. */
void runtime_GC(void);
/* Whether collections can happen (not GOLDEBUG=gc=0, and the program is ready). */
bool gc_enabled(void);

/* The VM's root enumerator: called, world stopped, for every goroutine that has g->vm set; it
 * must report every range of C memory reachable from the VM state that may hold GC pointers with
 * gc_scan_conservative (register files, frames, defers, panics in flight). Set once. */
typedef void (*gc_vmroots_fn)(struct g *gp, void *vm);
void gc_set_vmroots(gc_vmroots_fn fn);
/* Inside a root enumerator only: every word of [p, p+len) that points into an allocated object
 * keeps that object alive (conservative; an interior pointer counts). */
void gc_scan_conservative(const void *p, size_t len);

/* ---- pointer maps of the runtime's and the VM's own objects (mgctype.c) ---------------------- */

/* Every word may hold a pointer: passed to mallocgc for objects without a static layout, it makes
 * every word of the object scanned (the conservative rule inside one object). */
extern const struct Type gc_ptrwords_type;
/* The bucket type of map type mt for runtime/map.c's layout: a tophash word, GC_BUCKETCNT keys
 * of ks bytes, GC_BUCKETCNT values of es bytes, the overflow pointer (the last word of bsz).
 * Made once per map type. */
enum { GC_BUCKETCNT = 8 };
const struct Type *gc_mapbucket_type(const struct Type *mt, uint32_t ks, uint32_t es, uint32_t bsz);
/* Static descriptors of C structs (need lang/types.h and stddef.h): GC_WORD(T, f) is the bit of
 * field f (8-byte aligned), GC_MASK64 the ptrmask bytes of a bit set over at most 64 words, and
 * GC_STRUCT_TYPE a Type for T with that mask. */
#define GC_WORD(T, f) ((uint64_t)1 << (offsetof(T, f) / 8))
#define GC_MASK64(bits)                                                                          \
  {(uint8_t)(bits), (uint8_t)((bits) >> 8), (uint8_t)((bits) >> 16), (uint8_t)((bits) >> 24),   \
   (uint8_t)((bits) >> 32), (uint8_t)((bits) >> 40), (uint8_t)((bits) >> 48),                   \
   (uint8_t)((bits) >> 56)}
#define GC_STRUCT_TYPE(T, mask, name)                                                            \
  {.kind = K_STRUCT, .align = 8, .tflags = TF_HASPTR | TF_COMPLETE, .size = sizeof(T),          \
   .nslots = (int32_t)((sizeof(T) + 7) / 8), .str = (name), .ptrmask = (mask)}

/* GOLDEBUG=gcpoison=1 (mgcpoison.c; set by parsecfg): once marking is done, with the world
 * stopped, every allocated but unmarked object (what the sweep frees) is filled with GC_POISON. */
extern bool gcPoison;
#define GC_POISON ((uint64_t)0xdeadbeefdeadbeefull) /* non-canonical: dereferencing it faults */
void gcPoisonUnmarked(void);

/* Statistics (runtime.MemStats names and meanings). */
enum { gcPauseRing = 256 };
typedef struct gc_stats {
  uint32_t NumGC;         /* completed cycles */
  uint32_t NumForcedGC;   /* of which runtime.GC() */
  uint64_t PauseTotalNs;  /* sum of stop-the-world pauses */
  uint64_t LastPauseNs;
  uint64_t NextGC;        /* heap goal in bytes (0 with GOGC=off) */
  uint64_t LastGC;        /* end of the last cycle, ns since 1970 (0: none yet) */
  /* the last 256 pauses and their ends (ns since 1970): cycle N at [(N+255) % 256] */
  uint64_t PauseNs[gcPauseRing];
  uint64_t PauseEnd[gcPauseRing];
  double GCCPUFraction;   /* of the CPU time available since the program started */
} gc_stats;
void gc_readstats(gc_stats *st);
/* debug.SetGCPercent: sets GOGC (negative: off, returned as -1) and returns the previous
 * setting; the heap goal is recomputed from the last cycle's live heap at once. Call from a
 * goroutine. */
int32_t gc_setpercent(int32_t percent);

/* ---- the allocator's hook (malloc.c) --------------------------------------------------------- */

/* Nonzero once the collector is armed (atomic, relaxed). */
extern uint32_t gc_armed;
/* Called by mallocgc after an allocation of size bytes made on a P, once the M is out of the
 * allocator: collects if the heap reached its goal (or in stress mode) and this is a safe point. */
void gc_malloc_hook(uintptr_t size);

/* ---- internals (runtime/mgc*.c only) --------------------------------------------------------- */

/* Grey objects travel in fixed-size work buffers (Go's workbuf): each mark worker holds two, and
 * hands full ones to a global list that idle workers take from (mgcwork.c). */
enum { workbufObjs = 2046 }; /* a workbuf is 16 KiB */
typedef struct workbuf {
  struct workbuf *next; /* on the global full or empty list (its lock) */
  uintptr_t nobj;
  uintptr_t obj[workbufObjs]; /* grey addresses: object bases, or oblet starts inside a large
                                 object (see scanobject) */
} workbuf;

/* One mark worker's grey objects and counts (Go's gcWork). Owned by the worker's thread while it
 * marks; the counts are added to the cycle's totals when the worker goes idle. */
typedef struct gcWork {
  workbuf *wbuf1, *wbuf2; /* never NULL while marking (possibly empty) */
  uint64_t markedBytes;
  uint64_t markedObjects;
  uint32_t gen;           /* the mark phase the worker joined */
  int64_t busySince;      /* its thread's CPU time when it last found work */
  int64_t phaseNs;        /* its CPU time in the current phase so far */
} gcWork;

/* The collector's state for one cycle (Go's work). The initiator writes it with the world
 * stopped before any worker starts; workers only read it. */
typedef struct gcState {
  bool precise;            /* do not scan noscan objects (GOLDEBUG=gcprecise=1) */
  struct g *initiator;     /* the G that stopped the world, and its stack pointer at that time
                              (its callee-saved registers are spilled above it) */
  uintptr_t initiatorSP;
  uint64_t markedBytes;    /* totals of the cycle (the workers' counts, added when they idle) */
  uint64_t markedObjects;
  int64_t markWorkerNs;    /* summed CPU time of the mark workers while busy (gctrace) */
  int64_t markWorkerMaxNs; /* the busiest worker's: the mark's length on idle CPUs */
  int32_t markWorkers;     /* workers that joined */
} gcState;
extern gcState work;

/* The worker running on this thread (NULL outside marking): the target of greyobject and
 * scanblock, which root functions call without a gcWork. */
extern __thread gcWork *gcw_current;

/* mgcwork.c */
void gcw_putSlow(gcWork *w, uintptr_t obj);
uintptr_t gcw_tryGetSlow(gcWork *w);
static inline void gcw_put(gcWork *w, uintptr_t obj) {
  workbuf *b = w->wbuf1;
  if (__builtin_expect(b->nobj < workbufObjs, 1)) b->obj[b->nobj++] = obj;
  else gcw_putSlow(w, obj);
}
static inline uintptr_t gcw_tryGet(gcWork *w) {
  workbuf *b = w->wbuf1;
  if (__builtin_expect(b->nobj > 0, 1)) return b->obj[--b->nobj];
  return gcw_tryGetSlow(w);
}
/* Gives work to idle workers when some wait and the global list is empty. */
void gcw_balance(gcWork *w);
/* Whether some worker waits for work while no full buffer is available (cheap; relaxed). */
bool gcMarkWantsWork(void);
/* w has no grey object left: waits until some worker publishes a full buffer (true) or every
 * worker is idle, which ends the mark phase (false). Adds w's counts to work's totals. */
bool gcMarkWaitForWork(gcWork *w);
/* Marks the heap from the roots on nproc workers (this thread and nproc-1 helper threads), world
 * stopped and every mcache flushed. Returns when every reachable object is marked. */
void gcMarkParallel(int32_t nproc);
/* Starts the helper threads a cycle with nproc workers needs (not with the world stopped). */
void gcMarkStartHelpers(int32_t nproc);
/* A runtime thread running fn (which never returns) on an M without a P, counted as a system M
 * (sched.nmsys: not user code for checkdead). Call from a running goroutine. */
void gcNewSystemM(void (*fn)(void));

/* malloc.c: mcache_flushall that keeps the no-P cache's lock until _end (no allocation without
 * a P while the collector runs). */
void mcache_flushall_begin(void);
void mcache_flushall_end(void);
/* procresize.c: the one-world-stopper semaphore shared with runtime_GOMAXPROCS (a loser yields). */
void runtime_worldsema_acquire(void);
void runtime_worldsema_release(void);

/* mgcmark.c */
/* Runs root jobs until none is left (every mark worker calls it; jobs are claimed atomically).
 * gcMarkRootPrepare (initiator, world stopped) makes the cycle's job list. */
void gcMarkRootPrepare(void);
void gcMarkRoots(void);
/* Scans grey objects until no worker has any (termination detection in mgcwork.c). */
void gcDrain(gcWork *w);
void greyobject(uintptr_t p);
void scanblock(uintptr_t lo, uintptr_t hi);
/* The permanent objects (gc_persist, gc_program_ready), marked and scanned as roots. */
void gcPersistAdd(uintptr_t base);
/* mgcsweep.c (see there) */
void gcSweepStart(void);   /* world stopped, marking done: a new sweep generation */
void gcSweepFinish(void);  /* nothing left unswept, no sweepone inside a span (world stopped, or
                              runtime.GC waiting for the background sweeper) */
void gcSweepAllNow(void);  /* sweeps every span still unswept */
void gcBgSweepWake(void);  /* worldsema held: wake (or start) the background sweeper */

#endif

/* The garbage collector (Go's mgc.go, mgcmark.go, mgcsweep.go, mgcpacer.go, stop-the-world
 * flavour): the API for the VM, the stdlib and the driver, and the collector's internals shared by
 * runtime/mgc.c, mgcmark.c and mgcsweep.c.
 *
 * OFF BY DEFAULT. The collector runs only under GOLDEBUG=gc=1 (or gcstress=N) until it has passed
 * the whole script suite in stress mode and the lead turns it on. Settings (GOLDEBUG, comma
 * separated):
 *   gc=1          enable collections (pacing: GOGC, default 100; GOGC=off: only runtime.GC())
 *   gcstress=N    collect at every Nth allocation that is a safe point (N >= 1; implies gc=1)
 *   gctrace=1     one line per cycle on stderr, in the spirit of Go's
 *   gcprecise=1   do not scan noscan objects (see "Heap objects" in mgcmark.c: the VM still
 *                 allocates pointerful objects with a NULL type, so this is unsafe for now)
 *
 * A cycle: stop the world through the scheduler's safe points (procresize.c's stopTheWorld, the
 * GOMAXPROCS mechanism; goroutines in system calls count as stopped), flush every mcache, mark from
 * the roots, sweep every span, start the world. Everything runs on the initiating M's g0 stack.
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
/* runtime.GC(): a full collection now (blocking). A no-op while the collector is disabled. */
void runtime_GC(void);
/* Whether collections can happen (GOLDEBUG=gc=1 and the program is ready). */
bool gc_enabled(void);

/* The VM's root enumerator: called, world stopped, for every goroutine that has g->vm set; it
 * must report every range of C memory reachable from the VM state that may hold GC pointers with
 * gc_scan_conservative (register files, frames, defers, panics in flight). Set once. */
typedef void (*gc_vmroots_fn)(struct g *gp, void *vm);
void gc_set_vmroots(gc_vmroots_fn fn);
/* Inside a root enumerator only: every word of [p, p+len) that points into an allocated object
 * keeps that object alive (conservative; an interior pointer counts). */
void gc_scan_conservative(const void *p, size_t len);

/* Statistics (runtime.MemStats names). */
typedef struct gc_stats {
  uint32_t NumGC;         /* completed cycles */
  uint32_t NumForcedGC;   /* of which runtime.GC() */
  uint64_t PauseTotalNs;  /* sum of stop-the-world pauses */
  uint64_t LastPauseNs;
  uint64_t NextGC;        /* heap goal in bytes */
  uint64_t LastGC;        /* nanotime of the end of the last cycle */
} gc_stats;
void gc_readstats(gc_stats *st);

/* ---- the allocator's hook (malloc.c) --------------------------------------------------------- */

/* Nonzero once the collector is armed (atomic, relaxed). */
extern uint32_t gc_armed;
/* Called by mallocgc after an allocation of size bytes made on a P, once the M is out of the
 * allocator: collects if the heap reached its goal (or in stress mode) and this is a safe point. */
void gc_malloc_hook(uintptr_t size);

/* ---- internals (runtime/mgc*.c only) --------------------------------------------------------- */

/* The state of one cycle: owned by the collector (world stopped). */
typedef struct gcWork {
  uintptr_t *stack;        /* grey objects (base addresses) */
  size_t n, cap;
  uint64_t markedBytes;    /* bytes of marked objects */
  uint64_t markedObjects;
  bool precise;            /* do not scan noscan objects (GOLDEBUG=gcprecise=1) */
  struct g *initiator;     /* the G that stopped the world, and its stack pointer at that time
                              (its callee-saved registers are spilled above it) */
  uintptr_t initiatorSP;
} gcWork;
extern gcWork work;

/* malloc.c: mcache_flushall that keeps the no-P cache's lock until _end (no allocation without
 * a P while the collector runs). */
void mcache_flushall_begin(void);
void mcache_flushall_end(void);
/* procresize.c: the one-world-stopper semaphore shared with runtime_GOMAXPROCS (a loser yields). */
void runtime_worldsema_acquire(void);
void runtime_worldsema_release(void);

/* mgcmark.c */
void gcMarkRoots(void);
void gcDrain(void);
void greyobject(uintptr_t p);
void scanblock(uintptr_t lo, uintptr_t hi);
/* The permanent objects (gc_persist, gc_program_ready), marked and scanned as roots. */
void gcPersistAdd(uintptr_t base);
/* mgcsweep.c: sweeps every in-use span; returns the bytes of objects left allocated. */
uint64_t gcSweepAll(uint64_t *nfreed);

#endif

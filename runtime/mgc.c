/* The collector's driver (Go's mgc.go and mgcpacer.go, stop-the-world flavour). Design and
 * settings: runtime/mgc.h; roots and the conservative rule: mgcmark.c; sweeping: mgcsweep.c.
 *
 * A cycle (gcStart), run by the goroutine whose allocation reached the goal (or by runtime.GC):
 *   1. take worldsema (one world-stopper at a time, shared with GOMAXPROCS);
 *   2. stopTheWorld: every P stopped at a scheduler safe point (running Gs are preempted at their
 *      next VM poll; Gs in system calls count as stopped);
 *   3. spill the initiator's callee-saved registers into its frame and note its stack pointer,
 *      then switch to g0's stack (systemstack) for the rest;
 *   4. flush every mcache, keeping the no-P cache locked (no allocation anywhere until 6);
 *   5. mark (mgcmark.c, single-threaded) and sweep every span (mgcsweep.c);
 *   6. unlock, startTheWorld, release worldsema; pace the next cycle.
 *
 * Pacing (Go's GOGC rule): after a cycle that left `live` bytes of objects, the next starts when
 * the heap (bytes allocated and not freed) reaches live * (1 + GOGC/100), at least 4 MiB.
 * GOGC=off: only runtime.GC(). The allocator checks the goal whenever a P's allocated bytes cross
 * a 64 KiB boundary (gc_malloc_hook), so a cycle may start up to 64 KiB per P late.
 *
 * Safe points: gc_malloc_hook collects only from a user goroutine holding a P, outside the
 * allocator and any runtime lock (m->locks == 0). Natives that call mallocgc must therefore keep
 * the GC pointers they hold in C locals (conservatively scanned), VM registers, or registered
 * roots (gc_addroot). */
#include <stdio.h>
#include <string.h>

#include "runtime/mgc.h"
#include "runtime/mheap.h"

uint32_t gc_armed; /* atomic */

#define heapMinimum ((uint64_t)4 << 20)

static struct {
  bool parsed;
  bool enable;      /* GOLDEBUG=gc=1 */
  int32_t stress;   /* GOLDEBUG=gcstress=N: every Nth safe allocation collects (0: off) */
  int32_t trace;    /* GOLDEBUG=gctrace=1 */
  bool precise;     /* GOLDEBUG=gcprecise=1 */
  bool ready;       /* gc_program_ready was called */
} cfg;

/* Pacer and statistics: written by the collector with worldsema held (atomic stores), read
 * anywhere (atomic loads). */
static uint64_t heapGoal;     /* atomic */
static uint64_t heapMarked;   /* live bytes after the last cycle */
static uint32_t numgc;        /* atomic */
static uint32_t numforced;    /* atomic */
static uint64_t pauseTotal;   /* atomic */
static uint64_t lastPause;    /* atomic */
static uint64_t lastGC;       /* atomic */
static uint64_t gcTotalNs;    /* worldsema: time spent in cycles (for gctrace's P%) */
static uint64_t stressCount;  /* atomic */

/* GOLDEBUG's value for name (name=N), or -1. */
static int32_t golvar(const char *s, const char *name) {
  size_t n = strlen(name);
  while (s && *s) {
    if (strncmp(s, name, n) == 0 && s[n] == '=') {
      int32_t v = 0;
      const char *p = s + n + 1;
      if (*p < '0' || *p > '9') return -1;
      while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
      return v;
    }
    s = strchr(s, ',');
    if (s) s++;
  }
  return -1;
}

static void parsecfg(void) {
  if (cfg.parsed) return;
  const char *s = gogetenv("GOLDEBUG");
  int32_t v;
  if ((v = golvar(s, "gc")) >= 0) cfg.enable = v > 0;
  if ((v = golvar(s, "gcstress")) > 0) {
    cfg.stress = v;
    cfg.enable = true;
  }
  if ((v = golvar(s, "gctrace")) >= 0) cfg.trace = v;
  if ((v = golvar(s, "gcprecise")) >= 0) cfg.precise = v > 0;
  cfg.parsed = true;
}

bool gc_enabled(void) { return __atomic_load_n(&gc_armed, __ATOMIC_RELAXED) != 0; }

static uint64_t heapAlloc(void) {
  uint64_t a = runtime_mallocbytes();
  uint64_t f = __atomic_load_n(&memstats_freebytes, __ATOMIC_RELAXED);
  return a > f ? a - f : 0;
}

static uint64_t computeGoal(uint64_t live) {
  int32_t gogc = debug.gogc;
  if (gogc < 0) return UINT64_MAX;
  uint64_t goal = live + live / 100 * (uint64_t)gogc;
  return goal < heapMinimum ? heapMinimum : goal;
}

void gc_readstats(gc_stats *st) {
  st->NumGC = __atomic_load_n(&numgc, __ATOMIC_RELAXED);
  st->NumForcedGC = __atomic_load_n(&numforced, __ATOMIC_RELAXED);
  st->PauseTotalNs = __atomic_load_n(&pauseTotal, __ATOMIC_RELAXED);
  st->LastPauseNs = __atomic_load_n(&lastPause, __ATOMIC_RELAXED);
  uint64_t goal = __atomic_load_n(&heapGoal, __ATOMIC_RELAXED);
  st->NextGC = goal == UINT64_MAX ? 0 : goal;
  st->LastGC = __atomic_load_n(&lastGC, __ATOMIC_RELAXED);
}

/* ---- a cycle ------------------------------------------------------------------------------------ */

typedef struct gcCycle {
  uint64_t heap0;           /* heap before */
  uint64_t live;            /* after sweeping */
  uint64_t marked;
  uint64_t nfreed;
  int64_t tmark, tsweep;    /* phase ends (nanotime) */
} gcCycle;

/* On g0, world stopped. */
static void gc_body(void *arg) {
  gcCycle *c = arg;
  mcache_flushall_begin();
  work.n = 0;
  work.markedBytes = 0;
  work.markedObjects = 0;
  work.precise = cfg.precise;
  gcMarkRoots();
  gcDrain();
  c->marked = work.markedBytes;
  c->tmark = nanotime();
  c->live = gcSweepAll(&c->nfreed);
  c->tsweep = nanotime();
  mcache_flushall_end();
}

/* Spills the callee-saved registers into this frame (so a GC pointer a caller keeps only in one
 * of them is on the scanned stack), records the stack pointer and runs the cycle on g0. */
static __attribute__((noinline)) void gc_run_on_g0(gcCycle *c) {
  __builtin_unwind_init();
  uintptr_t sp;
  __asm__ volatile("movq %%rsp, %0" : "=r"(sp));
  work.initiator = getg();
  work.initiatorSP = sp;
  systemstack(gc_body, c);
  work.initiator = NULL;
  __asm__ volatile("" ::: "memory");
}

static void gcStart(bool forced) {
  uint32_t cycle = __atomic_load_n(&numgc, __ATOMIC_ACQUIRE);
  runtime_worldsema_acquire();
  if (!forced && __atomic_load_n(&numgc, __ATOMIC_ACQUIRE) != cycle) {
    runtime_worldsema_release(); /* another goroutine collected meanwhile */
    return;
  }
  gcCycle c = {0};
  c.heap0 = heapAlloc();
  int64_t t0 = nanotime();
  stopTheWorld();
  int64_t tstop = nanotime();
  gc_run_on_g0(&c);
  startTheWorld();
  int64_t t1 = nanotime();
  __atomic_store_n(&getg()->preempt, 0, __ATOMIC_RELAXED); /* stopTheWorld's request, if any */

  uint64_t pause = (uint64_t)(t1 - t0);
  heapMarked = c.live;
  uint64_t goal = computeGoal(c.live);
  __atomic_store_n(&heapGoal, goal, __ATOMIC_RELAXED);
  __atomic_store_n(&lastPause, pause, __ATOMIC_RELAXED);
  __atomic_store_n(&pauseTotal, __atomic_load_n(&pauseTotal, __ATOMIC_RELAXED) + pause,
                   __ATOMIC_RELAXED);
  __atomic_store_n(&lastGC, (uint64_t)t1, __ATOMIC_RELAXED);
  if (forced) __atomic_fetch_add(&numforced, 1, __ATOMIC_RELAXED);
  uint32_t n = __atomic_add_fetch(&numgc, 1, __ATOMIC_RELEASE);
  gcTotalNs += pause;
  if (cfg.trace > 0) {
    int64_t since = t1 - runtime_inittime();
    double pct = since > 0 ? 100.0 * (double)gcTotalNs / (double)since : 0;
    char line[256];
    snprintf(line, sizeof line,
             "gc %u @%.3fs %.0f%%: %.3f+%.3f+%.3f ms clock, %.1f->%.1f->%.1f MB, %.1f MB goal, "
             "%d P%s\n",
             n, (double)since / 1e9, pct, (double)(tstop - t0) / 1e6,
             (double)(c.tmark - tstop) / 1e6, (double)(t1 - c.tmark) / 1e6,
             (double)c.heap0 / 1048576.0, (double)c.marked / 1048576.0,
             (double)c.live / 1048576.0, goal == UINT64_MAX ? 0.0 : (double)goal / 1048576.0,
             (int)__atomic_load_n(&gomaxprocs, __ATOMIC_RELAXED), forced ? " (forced)" : "");
    runtime_printf("%s", line);
  }
  runtime_worldsema_release();
}

/* ---- triggers ----------------------------------------------------------------------------------- */

/* A user goroutine holding a P, not inside the allocator or any runtime lock. */
static bool atSafePoint(void) {
  g *gp = getg();
  m *mp = gp ? gp->m : NULL;
  if (!mp || gp == mp->g0 || mp->locks || mp->mallocing || !mp->p) return false;
  return readgstatus(gp) == _Grunning;
}

void gc_malloc_hook(uintptr_t size) {
  if (cfg.stress > 0) {
    if (!atSafePoint()) return;
    uint64_t k = __atomic_add_fetch(&stressCount, 1, __ATOMIC_RELAXED);
    if (k % (uint64_t)cfg.stress != 0) return;
    gcStart(false);
    return;
  }
  g *gp = getg();
  p *pp = gp->m ? gp->m->p : NULL;
  if (!pp) return;
  uint64_t nb = __atomic_load_n(&pp->mallocbytes, __ATOMIC_RELAXED);
  if (((nb - size) >> 16) == (nb >> 16)) return; /* check once per 64 KiB per P */
  if (heapAlloc() < __atomic_load_n(&heapGoal, __ATOMIC_RELAXED)) return;
  if (!atSafePoint()) return;
  gcStart(false);
}

void runtime_GC(void) {
  if (!gc_enabled() || !atSafePoint()) return;
  gcStart(true);
}

/* ---- permanent objects -------------------------------------------------------------------------- */

void gc_persist(const void *obj) {
  uintptr_t base = findObject((uintptr_t)obj, NULL, NULL);
  if (base) gcPersistAdd(base);
}

void gc_program_ready(void) {
  parsecfg();
  if (!cfg.enable) return;
  /* Every allocated object becomes permanent. World stopped so spans are stable. */
  runtime_worldsema_acquire();
  stopTheWorld();
  runtime_lock(&mheap_.lock);
  size_t n = mheap_.nallspans;
  mspan **all = mheap_.allspans;
  runtime_unlock(&mheap_.lock);
  for (size_t i = 0; i < n; i++) {
    mspan *s = all[i];
    if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != mSpanInUse) continue;
    for (uintptr_t j = 0; j < s->nelems; j++)
      if (!mspan_isFree(s, j)) gcPersistAdd(s->startAddr + j * s->elemsize);
  }
  startTheWorld();
  __atomic_store_n(&getg()->preempt, 0, __ATOMIC_RELAXED);
  if (!cfg.ready) {
    cfg.ready = true;
    __atomic_store_n(&heapGoal, computeGoal(heapAlloc()), __ATOMIC_RELAXED);
    __atomic_store_n(&gc_armed, 1, __ATOMIC_RELEASE);
  }
  runtime_worldsema_release();
}

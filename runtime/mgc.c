/* The collector's driver (Go's mgc.go and mgcpacer.go, stop-the-world flavour). Design and
 * settings: runtime/mgc.h; roots: mgcmark.c; parallel marking: mgcwork.c; sweeping: mgcsweep.c.
 *
 * A cycle (gcStart), run by the goroutine whose allocation reached the goal (or by runtime.GC):
 *   1. take worldsema (one world-stopper at a time, shared with GOMAXPROCS); make sure the mark
 *      helper threads exist; sweep what the previous cycle left (outside the pause, like Go);
 *   2. stopTheWorld: every P stopped at a scheduler safe point (running Gs are preempted at their
 *      next VM poll; Gs in system calls count as stopped);
 *   3. spill the initiator's callee-saved registers into its frame and note its stack pointer,
 *      then switch to g0's stack (systemstack) for the rest;
 *   4. finish sweeping (gcSweepFinish), flush every mcache, keeping the no-P cache locked (no
 *      allocation anywhere until 6);
 *   5. mark on GOMAXPROCS workers (gcMarkParallel), then open a new sweep generation;
 *   6. unlock, startTheWorld, wake the background sweeper, release worldsema; pace the next
 *      cycle. runtime.GC() also sweeps everything before it returns (Go does the same).
 * The pause (PauseNs) is 2..6: stopping, finishing the sweep, flushing and marking.
 *
 * Pacing (Go's GOGC rule): the live heap of a cycle is the bytes it marked; the next cycle starts
 * when the heap -- marked bytes plus everything allocated since the mark -- reaches
 * live * (1 + GOGC/100), and at least 4 MiB * GOGC/100 (Go's heapMinimum). GOGC=off (or
 * debug.SetGCPercent(-1)): only runtime.GC(). The allocator checks the goal whenever a P's
 * allocated bytes cross a 64 KiB boundary (gc_malloc_hook), so a cycle may start up to 64 KiB per
 * P late.
 *
 * Safe points: gc_malloc_hook collects only from a user goroutine holding a P, outside the
 * allocator and any runtime lock (m->locks == 0). Natives that call mallocgc must therefore keep
 * the GC pointers they hold in C locals (conservatively scanned), VM registers, or registered
 * roots (gc_addroot).
 *
 * gctrace=1 prints Go's line, with fields meaning what they can in a stop-the-world collector:
 *   gc N @T s P%: A+B+C ms clock, D+E/F/G+H ms cpu, X->Y->Z MB, W MB goal, 0 MB stacks,
 *   0 MB globals, N P [(forced)]
 * A = stopping the world, finishing the sweep and flushing the caches; B = marking (world
 * stopped: Go's concurrent mark); C = opening the sweep generation and restarting the world;
 * D, H = A and C times GOMAXPROCS (every P is stopped); E = 0 (no assists), F = the mark workers'
 * summed CPU time while busy (thread CPU clocks: honest on a loaded machine), G = 0 (no idle
 * workers); X = heap (live + allocated since) at the start,
 * Y = the same at the end of marking (= X: the world is stopped), Z = marked (live) bytes; W = the
 * goal that triggered the cycle; P% = the share of wall time spent in pauses since start. Stacks and
 * globals are scanned conservatively and not measured: 0. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "runtime/mgc.h"
#include "runtime/mheap.h"

uint32_t gc_armed; /* atomic */

#define heapMinimum ((uint64_t)4 << 20)

static struct {
  bool parsed;
  bool enable;      /* on unless GOLDEBUG=gc=0 */
  int32_t stress;   /* GOLDEBUG=gcstress=N: every Nth safe allocation collects (0: off) */
  int32_t trace;    /* GOLDEBUG=gctrace=1 */
  bool precise;     /* noscan objects are not scanned (GOLDEBUG=gcprecise=0: they are) */
  bool ready;       /* gc_program_ready was called */
} cfg;

/* Pacer and statistics: written by the collector with worldsema held (atomic stores), read
 * anywhere (atomic loads). */
static uint64_t heapGoal;     /* atomic */
static uint64_t heapMarked;   /* atomic: live (marked) bytes of the last cycle */
static uint64_t allocAtMark;  /* atomic: runtime_mallocbytes() at the end of that mark */
static int32_t gcPercent;     /* atomic: GOGC (-1: off); set by parsecfg, SetGCPercent */
static uint32_t numgc;        /* atomic */
static uint32_t numforced;    /* atomic */
static uint64_t pauseTotal;   /* atomic */
static uint64_t lastPause;    /* atomic */
static uint64_t lastGC;       /* atomic: wall clock */
static uint64_t pauseNs[gcPauseRing];  /* atomic elements */
static uint64_t pauseEnd[gcPauseRing]; /* atomic elements */
static uint64_t gcCpuNs;      /* atomic: pauses times GOMAXPROCS (GCCPUFraction) */
static uint64_t gcTotalNs;    /* worldsema: time spent in cycles (for gctrace's P%) */
static uint64_t stressCount;  /* atomic */
static uint32_t inhibit;      /* atomic: gc_inhibit nesting */

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
  cfg.enable = true;
  cfg.precise = true;
  if ((v = golvar(s, "gc")) >= 0) cfg.enable = v > 0;
  if ((v = golvar(s, "gcstress")) > 0) {
    cfg.stress = v;
    cfg.enable = true;
  }
  if ((v = golvar(s, "gctrace")) >= 0) cfg.trace = v;
  if ((v = golvar(s, "gcprecise")) >= 0) cfg.precise = v > 0;
  if ((v = golvar(s, "gcpoison")) >= 0) gcPoison = v > 0;
  __atomic_store_n(&gcPercent, debug.gogc < 0 ? -1 : debug.gogc, __ATOMIC_RELAXED);
  cfg.parsed = true;
}

bool gc_enabled(void) { return __atomic_load_n(&gc_armed, __ATOMIC_RELAXED) != 0; }

static uint64_t heapAlloc(void) {
  uint64_t a = runtime_mallocbytes();
  uint64_t f = __atomic_load_n(&memstats_freebytes, __ATOMIC_RELAXED);
  return a > f ? a - f : 0;
}

/* The heap as the pacer sees it: the last cycle's live bytes plus everything allocated since
 * (garbage not yet swept does not count, as in Go's heapLive). */
static uint64_t heapLive(void) {
  uint64_t since = runtime_mallocbytes() - __atomic_load_n(&allocAtMark, __ATOMIC_RELAXED);
  return __atomic_load_n(&heapMarked, __ATOMIC_RELAXED) + since;
}

static uint64_t computeGoal(uint64_t live) {
  int32_t gogc = __atomic_load_n(&gcPercent, __ATOMIC_RELAXED);
  if (gogc < 0) return UINT64_MAX;
  uint64_t goal = live + live / 100 * (uint64_t)gogc;
  uint64_t min = heapMinimum * (uint64_t)gogc / 100;
  return goal < min ? min : goal;
}

static uint64_t walltime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int32_t gc_setpercent(int32_t percent) {
  runtime_worldsema_acquire(); /* no cycle is pacing meanwhile */
  parsecfg();
  int32_t old = __atomic_load_n(&gcPercent, __ATOMIC_RELAXED);
  __atomic_store_n(&gcPercent, percent < 0 ? -1 : percent, __ATOMIC_RELAXED);
  if (cfg.ready)
    __atomic_store_n(&heapGoal, computeGoal(__atomic_load_n(&heapMarked, __ATOMIC_RELAXED)),
                     __ATOMIC_RELAXED);
  runtime_worldsema_release();
  return old;
}

void gc_readstats(gc_stats *st) {
  st->NumGC = __atomic_load_n(&numgc, __ATOMIC_RELAXED);
  st->NumForcedGC = __atomic_load_n(&numforced, __ATOMIC_RELAXED);
  st->PauseTotalNs = __atomic_load_n(&pauseTotal, __ATOMIC_RELAXED);
  st->LastPauseNs = __atomic_load_n(&lastPause, __ATOMIC_RELAXED);
  uint64_t goal = __atomic_load_n(&heapGoal, __ATOMIC_RELAXED);
  st->NextGC = goal == UINT64_MAX ? 0 : goal;
  st->LastGC = __atomic_load_n(&lastGC, __ATOMIC_RELAXED);
  for (int i = 0; i < gcPauseRing; i++) {
    st->PauseNs[i] = __atomic_load_n(&pauseNs[i], __ATOMIC_RELAXED);
    st->PauseEnd[i] = __atomic_load_n(&pauseEnd[i], __ATOMIC_RELAXED);
  }
  int64_t elapsed = nanotime() - runtime_inittime();
  int32_t procs = __atomic_load_n(&gomaxprocs, __ATOMIC_RELAXED);
  st->GCCPUFraction = elapsed > 0 ? (double)__atomic_load_n(&gcCpuNs, __ATOMIC_RELAXED) /
                                        ((double)elapsed * (double)procs)
                                  : 0;
}

/* ---- a cycle ------------------------------------------------------------------------------------ */

typedef struct gcCycle {
  int32_t nproc;            /* mark workers */
  uint64_t heap0;           /* heapLive before */
  uint64_t marked;          /* live bytes */
  int64_t tmark0, tmark1;   /* marking (nanotime) */
} gcCycle;

/* On g0, world stopped. */
static void gc_body(void *arg) {
  gcCycle *c = arg;
  gcSweepFinish();
  mcache_flushall_begin();
  work.precise = cfg.precise;
  c->tmark0 = nanotime();
  gcMarkParallel(c->nproc);
  c->marked = work.markedBytes;
  c->tmark1 = nanotime();
  if (gcPoison) gcPoisonUnmarked();
  gcSweepStart();
  __atomic_store_n(&heapMarked, c->marked, __ATOMIC_RELAXED);
  __atomic_store_n(&allocAtMark, runtime_mallocbytes(), __ATOMIC_RELAXED);
  mcache_flushall_end();
}

static void gctrace(uint32_t n, const gcCycle *c, int64_t t0, int64_t t1, uint64_t goal,
                    bool forced) {
  int64_t since = t1 - runtime_inittime();
  double pct = since > 0 ? 100.0 * (double)gcTotalNs / (double)since : 0;
  double a = (double)(c->tmark0 - t0) / 1e6, b = (double)(c->tmark1 - c->tmark0) / 1e6,
         e = (double)(t1 - c->tmark1) / 1e6;
  char line[320];
  snprintf(line, sizeof line,
           "gc %u @%.3fs %.0f%%: %.3f+%.3f+%.3f ms clock, %.3f+0/%.3f/0+%.3f ms cpu, "
           "%llu->%llu->%llu MB, %llu MB goal, 0 MB stacks, 0 MB globals, %d P%s\n",
           n, (double)since / 1e9, pct, a, b, e, a * c->nproc,
           (double)work.markWorkerNs / 1e6, e * c->nproc,
           (unsigned long long)(c->heap0 >> 20), (unsigned long long)(c->heap0 >> 20),
           (unsigned long long)(c->marked >> 20),
           (unsigned long long)(goal == UINT64_MAX ? 0 : goal >> 20), c->nproc,
           forced ? " (forced)" : "");
  runtime_printf("%s", line);
  if (cfg.trace > 1)
    runtime_printf("gc %u mark: %d workers, busiest %.3f ms cpu, %llu objects\n", n,
                   (int)work.markWorkers, (double)work.markWorkerMaxNs / 1e6,
                   (unsigned long long)work.markedObjects);
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
  if ((!forced && __atomic_load_n(&numgc, __ATOMIC_ACQUIRE) != cycle) ||
      __atomic_load_n(&inhibit, __ATOMIC_ACQUIRE)) {
    runtime_worldsema_release(); /* another goroutine collected meanwhile, or gc_inhibit */
    return;
  }
  gcCycle c = {0};
  c.nproc = __atomic_load_n(&gomaxprocs, __ATOMIC_RELAXED); /* fixed: worldsema held */
  gcMarkStartHelpers(c.nproc);
  gcSweepAllNow(); /* the previous cycle's leftovers, outside the pause */
  c.heap0 = heapLive();
  uint64_t trigger = __atomic_load_n(&heapGoal, __ATOMIC_RELAXED);
  int64_t t0 = nanotime();
  stopTheWorld();
  gc_run_on_g0(&c);
  startTheWorld();
  int64_t t1 = nanotime();
  __atomic_store_n(&getg()->preempt, 0, __ATOMIC_RELAXED); /* stopTheWorld's request, if any */
  gcBgSweepWake();

  uint64_t pause = (uint64_t)(t1 - t0), end = walltime();
  __atomic_store_n(&heapGoal, computeGoal(c.marked), __ATOMIC_RELAXED);
  uint32_t slot = __atomic_load_n(&numgc, __ATOMIC_RELAXED) % gcPauseRing;
  __atomic_store_n(&pauseNs[slot], pause, __ATOMIC_RELAXED);
  __atomic_store_n(&pauseEnd[slot], end, __ATOMIC_RELAXED);
  __atomic_store_n(&lastPause, pause, __ATOMIC_RELAXED);
  __atomic_store_n(&pauseTotal, __atomic_load_n(&pauseTotal, __ATOMIC_RELAXED) + pause,
                   __ATOMIC_RELAXED);
  __atomic_store_n(&gcCpuNs, __atomic_load_n(&gcCpuNs, __ATOMIC_RELAXED) + pause * (uint64_t)c.nproc,
                   __ATOMIC_RELAXED);
  __atomic_store_n(&lastGC, end, __ATOMIC_RELAXED);
  if (forced) __atomic_fetch_add(&numforced, 1, __ATOMIC_RELAXED);
  uint32_t n = __atomic_add_fetch(&numgc, 1, __ATOMIC_RELEASE);
  gcTotalNs += pause;
  if (cfg.trace > 0) gctrace(n, &c, t0, t1, trigger, forced);
  runtime_worldsema_release();
  /* runtime.GC returns with the heap swept, as Go's: the walk done and no sweeper (the background
   * one) still inside a span it claimed */
  if (forced) gcSweepFinish();
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
  if (heapLive() < __atomic_load_n(&heapGoal, __ATOMIC_RELAXED)) return;
  if (!atSafePoint()) return;
  gcStart(false);
}

void runtime_GC(void) {
  if (!gc_enabled() || !atSafePoint()) return;
  gcStart(true);
}

/* Checked by gcStart with worldsema held; raised with worldsema held, so no cycle is running. */
void gc_inhibit(void) {
  runtime_worldsema_acquire();
  __atomic_add_fetch(&inhibit, 1, __ATOMIC_RELEASE);
  runtime_worldsema_release();
}

void gc_uninhibit(void) { __atomic_sub_fetch(&inhibit, 1, __ATOMIC_RELEASE); }

/* ---- permanent objects -------------------------------------------------------------------------- */

static void finishSweep(void *arg) {
  (void)arg;
  gcSweepFinish();
}

void gc_persist(const void *obj) {
  uintptr_t base = findObject((uintptr_t)obj, NULL, NULL);
  if (base) gcPersistAdd(base);
}

/* Every allocated object of s becomes permanent (gc_program_ready). */
static bool persistSpan(mspan *s, void *unused) {
  (void)unused;
  for (uintptr_t j = 0; j < s->nelems; j++)
    if (!mspan_isFree(s, j)) gcPersistAdd(s->startAddr + j * s->elemsize);
  return true;
}

void gc_program_ready(void) {
  parsecfg();
  if (!cfg.enable) return;
  /* Every allocated object becomes permanent. World stopped so spans are stable. */
  runtime_worldsema_acquire();
  stopTheWorld();
  systemstack(finishSweep, NULL); /* an unswept span's allocBits would count garbage */
  mheap_forEachInUse(persistSpan, NULL);
  startTheWorld();
  __atomic_store_n(&getg()->preempt, 0, __ATOMIC_RELAXED);
  if (!cfg.ready) {
    cfg.ready = true;
    __atomic_store_n(&heapMarked, heapAlloc(), __ATOMIC_RELAXED);
    __atomic_store_n(&allocAtMark, runtime_mallocbytes(), __ATOMIC_RELAXED);
    __atomic_store_n(&heapGoal, computeGoal(heapAlloc()), __ATOMIC_RELAXED);
    __atomic_store_n(&gc_armed, 1, __ATOMIC_RELEASE);
  }
  runtime_worldsema_release();
}

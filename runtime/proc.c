/* The goroutine scheduler.
 *
 * Three kinds of object (Go's design, runtime/README.md has the full essay):
 *   G  a goroutine: a C stack, a saved context (gobuf) and the VM's per-goroutine state;
 *   M  an OS thread; it runs Gs, or the scheduler on its own g0 stack;
 *   P  a processor: the right to run Gs. GOMAXPROCS of them exist; an M must hold one to run a G.
 *      Each P has a local run queue (256-entry lock-free ring plus runnext) that other Ms steal
 *      from; the global run queue under sched.lock takes overflow and yields.
 *
 * An M without work spins for a while (stealing from random victims), then parks on its note;
 * wakep() starts a spinning M when new work appears and there is an idle P and nobody spinning. An
 * M entering a blocking call releases its P to _Psyscall; sysmon retakes Ps stuck there.
 *
 * Context switches: a G leaves with mcall(fn), which saves its registers into g->sched and calls
 * fn(g) on g0's stack (park_m, gosched_m, goexit0...); g0 picks the next G in schedule() and
 * gogo()s into it. g0's stack is reset to the point mstart1 recorded on every mcall, so schedule()
 * never returns and never accumulates frames.
 *
 * Sanitizers: TSan tracks a shadow call stack per fiber, so every G and every g0 is its own fiber
 * and every switch (mcall, execute) switches fibers first; the g0 functions that never return are
 * NOSAN_SWITCH (uninstrumented) and call instrumented helpers that do return. ASan is told about
 * every stack switch with __sanitizer_start/finish_switch_fiber.
 *
 * Boot order (rt0_go, arch/amd64/asm_amd64.S): runtime_check, runtime_args, osinit, schedinit,
 * newproc(runtime_main), mstart. A library-mode start (gol_open, later) runs the same steps from
 * runtime_args_from_libc on a new thread; nothing below assumes it runs on the process's first
 * thread except m0/g0 being the thread that called schedinit. */
#define _GNU_SOURCE
#include <stddef.h>
#include <string.h>

#include "arch/arch.h"
#include "runtime/internal.h"
#include "runtime/time.h"

#if defined(GOL_SANITIZE_THREAD)
extern void *__tsan_get_current_fiber(void);
extern void *__tsan_create_fiber(unsigned flags);
extern void __tsan_switch_to_fiber(void *fiber, unsigned flags);
extern void __tsan_destroy_fiber(void *fiber);
#endif
#if defined(GOL_SANITIZE_ADDRESS)
#include <sanitizer/common_interface_defs.h>
#endif

_Static_assert(offsetof(g, stack) + offsetof(gstack, lo) == G_STACK_LO, "G_STACK_LO");
_Static_assert(offsetof(g, stack) + offsetof(gstack, hi) == G_STACK_HI, "G_STACK_HI");
_Static_assert(offsetof(g, stackguard0) == G_STACKGUARD0, "G_STACKGUARD0");
_Static_assert(offsetof(g, sched) == G_SCHED, "G_SCHED");
_Static_assert(offsetof(g, m) == G_M, "G_M");
_Static_assert(offsetof(m, g0) == M_G0, "M_G0");
_Static_assert(offsetof(m, curg) == M_CURG, "M_CURG");
_Static_assert(offsetof(gobuf, sp) == GOBUF_SP && offsetof(gobuf, pc) == GOBUF_PC, "gobuf");
_Static_assert(offsetof(gobuf, g) == GOBUF_G && offsetof(gobuf, bp) == GOBUF_BP, "gobuf");
_Static_assert(offsetof(gobuf, rbx) == GOBUF_RBX && offsetof(gobuf, r12) == GOBUF_R12, "gobuf");
_Static_assert(offsetof(gobuf, r13) == GOBUF_R13 && offsetof(gobuf, r14) == GOBUF_R14, "gobuf");
_Static_assert(offsetof(gobuf, r15) == GOBUF_R15, "gobuf");

g runtime_g0;
m runtime_m0;
__thread g *runtime_g_tls __attribute__((tls_model("initial-exec")));
schedt sched;
p *allp[MaxGomaxprocs]; /* entries published with release stores, never freed */
int32_t gomaxprocs;
int32_t ncpu;
m *allm;
bool runtime_islibrary;
int64_t runtimeInitTime;
runtime_hooks runtime_vmhooks;

static mutex allglock;
static g *allgs;        /* allglock for writers; head published with release stores */
static int64_t allglen; /* atomic */

const char *const waitReasonStrings[waitReasonCount] = {
    [waitReasonZero] = "",
    [waitReasonGCAssistMarking] = "GC assist marking",
    [waitReasonIOWait] = "IO wait",
    [waitReasonChanReceiveNilChan] = "chan receive (nil chan)",
    [waitReasonChanSendNilChan] = "chan send (nil chan)",
    [waitReasonDumpingHeap] = "dumping heap",
    [waitReasonGarbageCollection] = "garbage collection",
    [waitReasonGarbageCollectionScan] = "garbage collection scan",
    [waitReasonPanicWait] = "panicwait",
    [waitReasonSelect] = "select",
    [waitReasonSelectNoCases] = "select (no cases)",
    [waitReasonGCAssistWait] = "GC assist wait",
    [waitReasonGCSweepWait] = "GC sweep wait",
    [waitReasonGCScavengeWait] = "GC scavenge wait",
    [waitReasonChanReceive] = "chan receive",
    [waitReasonChanSend] = "chan send",
    [waitReasonFinalizerWait] = "finalizer wait",
    [waitReasonForceGCIdle] = "force gc (idle)",
    [waitReasonSemacquire] = "semacquire",
    [waitReasonSleep] = "sleep",
    [waitReasonSyncCondWait] = "sync.Cond.Wait",
    [waitReasonTimerGoroutineIdle] = "timer goroutine (idle)",
    [waitReasonTraceReaderBlocked] = "trace reader (blocked)",
    [waitReasonWaitForGCCycle] = "wait for GC cycle",
    [waitReasonGCWorkerIdle] = "GC worker (idle)",
    [waitReasonPreempted] = "preempted",
    [waitReasonDebugCall] = "debug call",
};

void runtime_sethooks(const runtime_hooks *h) {
  if (h->goexit) runtime_vmhooks.goexit = h->goexit;
  if (h->traceback) runtime_vmhooks.traceback = h->traceback;
}

/* ---- sanitizer fiber glue ------------------------------------------------------------------- */

/* Leaving cur for to's stack; dying: cur never runs again. Called immediately before the switch.
 * san_leave and san_arrive are NOSAN_SWITCH themselves: gcc and clang refuse to inline a function
 * into one with different sanitizer attributes, so an instrumented san_leave called from execute
 * would be an out-of-line call whose __tsan_func_entry lands on the fiber being left and whose
 * __tsan_func_exit lands on the fiber switched to: one leaked frame on g0's shadow stack and one
 * frame popped from the G's per switch (the "execute" recursion, then a SEGV in TSan's FuncExit
 * once the G's shadow stack underflows). */
static inline NOSAN_SWITCH void san_leave(g *cur, g *to, bool dying) {
#if defined(GOL_SANITIZE_THREAD)
  (void)cur;
  (void)dying;
  __tsan_switch_to_fiber(to->tsan_fiber, 0);
#elif defined(GOL_SANITIZE_ADDRESS)
  __sanitizer_start_switch_fiber(dying ? NULL : &cur->asan_fake_stack, (const void *)to->stack.lo,
                                 to->stack.hi - to->stack.lo);
#else
  (void)cur;
  (void)to;
  (void)dying;
#endif
}

/* First thing on gp's stack after a switch. */
static inline NOSAN_SWITCH void san_arrive(g *gp) {
#if defined(GOL_SANITIZE_ADDRESS)
  __sanitizer_finish_switch_fiber(gp->asan_fake_stack, NULL, NULL);
#else
  (void)gp;
#endif
}

void san_newg(g *gp) {
#if defined(GOL_SANITIZE_THREAD)
  gp->tsan_fiber = __tsan_create_fiber(0);
#else
  (void)gp;
#endif
}

/* On g0: gp died with frames still on its fiber's shadow stack (goexit1); it gets a fresh fiber so
 * that its next life starts with an empty one. */
static inline NOSAN_SWITCH void san_renewfiber(g *gp) {
#if defined(GOL_SANITIZE_THREAD)
  __tsan_destroy_fiber(gp->tsan_fiber);
  gp->tsan_fiber = __tsan_create_fiber(0);
#else
  (void)gp;
#endif
}

/* A g0 adopts the fiber of the thread it runs on. */
void san_m0init(g *g0) {
#if defined(GOL_SANITIZE_THREAD)
  g0->tsan_fiber = __tsan_get_current_fiber();
#else
  (void)g0;
#endif
}

/* ---- context switch wrappers ----------------------------------------------------------------- */

static _Noreturn void schedule(void);
static _Noreturn void goexit0(g *gp);

/* Switches to g0 and runs fn(gp) there (fn never returns). Returns when gp is resumed. */
static void mcall(void (*fn)(g *)) {
  g *gp = getg();
  san_leave(gp, gp->m->g0, fn == goexit0);
  arch_mcall(fn);
  san_arrive(getg());
}

/* Called by arch_mcall on g0's stack. */
NOSAN_SWITCH _Noreturn void runtime_mcall_g0(g *gp, void (*fn)(g *)) {
  san_arrive(getg());
  fn(gp);
  throw("mcall function returned");
}

_Noreturn void runtime_badmcall(void) { throw("runtime: mcall called on m->g0 stack"); }
_Noreturn void runtime_badmcall2(void) { throw("runtime: mcall function returned"); }

typedef struct sysstackctx {
  void (*fn)(void *);
  void *arg;
  g *gp;
} sysstackctx;

static void systemstack_tramp(void *v) {
  sysstackctx *c = v;
  g *g0 = getg();
  san_arrive(g0);
  c->fn(c->arg);
  san_leave(g0, c->gp, false);
}

void systemstack(void (*fn)(void *), void *arg) {
  g *gp = getg();
  if (gp == gp->m->g0) {
    fn(arg);
    return;
  }
#if defined(GOL_SANITIZE_ADDRESS)
  sysstackctx c = {fn, arg, gp};
  __sanitizer_start_switch_fiber(&gp->asan_fake_stack, (const void *)gp->m->g0->stack.lo,
                                 gp->m->g0->stack.hi - gp->m->g0->stack.lo);
  arch_systemstack(systemstack_tramp, &c);
  san_arrive(gp);
#else
  (void)systemstack_tramp;
  arch_systemstack(fn, arg);
#endif
}

/* ---- G status --------------------------------------------------------------------------------- */

uint32_t readgstatus(const g *gp) { return __atomic_load_n(&gp->atomicstatus, __ATOMIC_ACQUIRE); }

/* gol has no _Gscan states, so a status that is not oldval is always a bug. */
void casgstatus(g *gp, uint32_t oldval, uint32_t newval) {
  uint32_t exp = oldval;
  if (!__atomic_compare_exchange_n(&gp->atomicstatus, &exp, newval, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    runtime_printf("runtime: casgstatus: oldval=%u newval=%u status=%u goid=%lld\n", oldval, newval,
                   exp, (long long)gp->goid);
    throw("casgstatus: bad incoming values");
  }
}

/* ---- allgs -------------------------------------------------------------------------------------- */

static void allgadd(g *gp) {
  runtime_lock(&allglock);
  gp->alllink = allgs;
  __atomic_store_n(&allgs, gp, __ATOMIC_RELEASE);
  __atomic_add_fetch(&allglen, 1, __ATOMIC_RELAXED);
  runtime_unlock(&allglock);
}

int64_t runtime_allglen(void) { return __atomic_load_n(&allglen, __ATOMIC_RELAXED); }

void forEachG(void (*fn)(g *gp, void *ctx), void *ctx) {
  runtime_lock(&allglock);
  for (g *gp = allgs; gp; gp = gp->alllink) fn(gp, ctx);
  runtime_unlock(&allglock);
}

void forEachGRace(void (*fn)(g *gp, void *ctx), void *ctx) {
  for (g *gp = __atomic_load_n(&allgs, __ATOMIC_ACQUIRE); gp; gp = gp->alllink) fn(gp, ctx);
}

static void countg(g *gp, void *ctx) {
  uint32_t s = readgstatus(gp);
  if (gp->goid != 0 && s != _Gdead && s != _Gidle) ++*(int32_t *)ctx;
}

int32_t runtime_NumGoroutine(void) {
  int32_t n = 0;
  forEachG(countg, &n);
  return n;
}

int32_t runtime_NumCPU(void) { return ncpu; }

/* ---- Ms ---------------------------------------------------------------------------------------- */

int32_t mcount(void) { return (int32_t)(sched.mnext - sched.nmfreed); }

static void checkmcount(void) {
  if (mcount() > sched.maxmcount) {
    runtime_printf("runtime: program exceeds %d-thread limit\n", sched.maxmcount);
    throw("thread exhaustion");
  }
}

/* Gives mp an id, its random state and a place on allm. */
static void mcommoninit(m *mp) {
  runtime_lock(&sched.lock);
  mp->id = sched.mnext++;
  checkmcount();
  fastrandinit(mp);
  runtime_unlock(&sched.lock);
  m *old = __atomic_load_n(&allm, __ATOMIC_RELAXED);
  do mp->alllink = old;
  while (!__atomic_compare_exchange_n(&allm, &old, mp, true, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* A new M (not yet running) that will run fn then acquire pp. Its g0 uses the thread's stack. */
m *newm(void (*fn)(void), p *pp) {
  m *mp = persistentalloc(sizeof(m));
  g *g0 = persistentalloc(sizeof(g));
  g0->m = mp;
  mp->g0 = g0;
  mp->mstartfn = fn;
  mp->nextp = pp;
  mcommoninit(mp);
  newosproc(mp);
  return mp;
}

static void mspinning(void) { getg()->m->spinning = true; }

/* sched.lock held. Puts mp on the idle list. */
static void mput(m *mp) {
  mp->schedlink = sched.midle;
  sched.midle = mp;
  sched.nmidle++;
  checkdead();
}

m *mget(void) {
  m *mp = sched.midle;
  if (mp) {
    sched.midle = mp->schedlink;
    sched.nmidle--;
  }
  return mp;
}

/* ---- Ps ------------------------------------------------------------------------------------------ */

void pidleput(p *pp) {
  if (!runqempty(pp)) throw("pidleput: P has non-empty run queue");
  pp->link = sched.pidle;
  sched.pidle = pp;
  __atomic_add_fetch(&sched.npidle, 1, __ATOMIC_RELEASE);
}

p *pidleget(void) {
  p *pp = sched.pidle;
  if (pp) {
    sched.pidle = pp->link;
    __atomic_sub_fetch(&sched.npidle, 1, __ATOMIC_RELEASE);
  }
  return pp;
}

static void wirep(p *pp) {
  m *mp = getg()->m;
  if (mp->p) throw("wirep: already in go");
  if (__atomic_load_n(&pp->m, __ATOMIC_RELAXED) ||
      __atomic_load_n(&pp->status, __ATOMIC_ACQUIRE) != _Pidle) {
    runtime_printf("wirep: p->m=%p p->status=%u\n", (void *)pp->m, pp->status);
    throw("wirep: invalid p state");
  }
  mp->p = pp;
  __atomic_store_n(&pp->m, mp, __ATOMIC_RELAXED);
  __atomic_store_n(&pp->status, _Prunning, __ATOMIC_RELEASE);
}

void acquirep(p *pp) { wirep(pp); }

p *releasep(void) {
  m *mp = getg()->m;
  p *pp = mp->p;
  if (!pp || pp->m != mp || __atomic_load_n(&pp->status, __ATOMIC_ACQUIRE) != _Prunning)
    throw("releasep: invalid p state");
  mp->p = NULL;
  __atomic_store_n(&pp->m, NULL, __ATOMIC_RELAXED);
  __atomic_store_n(&pp->status, _Pidle, __ATOMIC_RELEASE);
  return pp;
}

/* ---- run queues ----------------------------------------------------------------------------------- */

bool runqempty(p *pp) {
  /* Loop until head, tail and runnext are seen consistently (the owner may move a G from runnext
   * to the ring in between). */
  for (;;) {
    uint32_t head = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
    uint32_t tail = __atomic_load_n(&pp->runqtail, __ATOMIC_ACQUIRE);
    g *next = __atomic_load_n(&pp->runnext, __ATOMIC_ACQUIRE);
    if (tail == __atomic_load_n(&pp->runqtail, __ATOMIC_ACQUIRE)) return head == tail && !next;
  }
}

static inline g *runq_slot_load(p *pp, uint32_t i) {
  return __atomic_load_n(&pp->runq[i % RUNQ_SIZE], __ATOMIC_RELAXED);
}
static inline void runq_slot_store(p *pp, uint32_t i, g *gp) {
  __atomic_store_n(&pp->runq[i % RUNQ_SIZE], gp, __ATOMIC_RELAXED);
}

/* sched.lock held. */
void globrunqput(g *gp) {
  gp->schedlink = NULL;
  if (sched.runq.tail) sched.runq.tail->schedlink = gp;
  else sched.runq.head = gp;
  sched.runq.tail = gp;
  __atomic_store_n(&sched.runqsize, sched.runqsize + 1, __ATOMIC_RELAXED);
}

void globrunqputhead(g *gp) {
  gp->schedlink = sched.runq.head;
  sched.runq.head = gp;
  if (!sched.runq.tail) sched.runq.tail = gp;
  __atomic_store_n(&sched.runqsize, sched.runqsize + 1, __ATOMIC_RELAXED);
}

void globrunqputbatch(gQueue *batch, int32_t n) {
  if (!batch->head) return;
  batch->tail->schedlink = NULL;
  if (sched.runq.tail) sched.runq.tail->schedlink = batch->head;
  else sched.runq.head = batch->head;
  sched.runq.tail = batch->tail;
  __atomic_store_n(&sched.runqsize, sched.runqsize + n, __ATOMIC_RELAXED);
  batch->head = batch->tail = NULL;
}

static g *globrunqpop(void) {
  g *gp = sched.runq.head;
  if (gp) {
    sched.runq.head = gp->schedlink;
    if (!sched.runq.head) sched.runq.tail = NULL;
    __atomic_store_n(&sched.runqsize, sched.runqsize - 1, __ATOMIC_RELAXED);
  }
  return gp;
}

/* Puts the local queue's first half and gp on the global queue (local queue full). */
static bool runqputslow(p *pp, g *gp, uint32_t h, uint32_t t) {
  g *batch[RUNQ_SIZE / 2 + 1];
  uint32_t n = (t - h) / 2;
  if (n != RUNQ_SIZE / 2) throw("runqputslow: queue is not full");
  for (uint32_t i = 0; i < n; i++) batch[i] = runq_slot_load(pp, h + i);
  if (!__atomic_compare_exchange_n(&pp->runqhead, &h, h + n, false, __ATOMIC_RELEASE,
                                   __ATOMIC_RELAXED))
    return false;
  batch[n] = gp;
  for (uint32_t i = 0; i < n; i++) batch[i]->schedlink = batch[i + 1];
  gQueue q = {batch[0], batch[n]};
  runtime_lock(&sched.lock);
  globrunqputbatch(&q, (int32_t)n + 1);
  runtime_unlock(&sched.lock);
  return true;
}

/* Owner only. next: gp goes to runnext (kicking the previous runnext into the ring). */
void runqput(p *pp, g *gp, bool next) {
#if GOL_DEBUG
  if (__atomic_load_n(&pp->m, __ATOMIC_RELAXED) != getg()->m && getg()->m->p != pp) throw("runqput: not owner");
#endif
  if (next) {
    g *old = __atomic_load_n(&pp->runnext, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(&pp->runnext, &old, gp, true, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED)) {
    }
    if (!old) return;
    gp = old;
  }
  for (;;) {
    uint32_t h = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
    uint32_t t = pp->runqtail;
    if (t - h < RUNQ_SIZE) {
      runq_slot_store(pp, t, gp);
      __atomic_store_n(&pp->runqtail, t + 1, __ATOMIC_RELEASE);
      return;
    }
    if (runqputslow(pp, gp, h, t)) return;
  }
}

/* Owner only. Returns a G and whether it inherits the time slice (it came from runnext). */
static g *runqget(p *pp, bool *inheritTime) {
  g *next = __atomic_load_n(&pp->runnext, __ATOMIC_RELAXED);
  if (next && __atomic_compare_exchange_n(&pp->runnext, &next, NULL, false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED)) {
    *inheritTime = true;
    return next;
  }
  *inheritTime = false;
  for (;;) {
    uint32_t h = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
    uint32_t t = pp->runqtail;
    if (t == h) return NULL;
    g *gp = runq_slot_load(pp, h);
    if (__atomic_compare_exchange_n(&pp->runqhead, &h, h + 1, false, __ATOMIC_RELEASE,
                                    __ATOMIC_RELAXED))
      return gp;
  }
}

/* Copies half of pp's queue into batch (a ring starting at batchHead); returns the count. */
static uint32_t runqgrab(p *pp, p *dst, uint32_t batchHead, bool stealRunNextG) {
  for (;;) {
    uint32_t h = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
    uint32_t t = __atomic_load_n(&pp->runqtail, __ATOMIC_ACQUIRE);
    uint32_t n = t - h;
    n = n - n / 2;
    if (n == 0) {
      if (stealRunNextG) {
        g *next = __atomic_load_n(&pp->runnext, __ATOMIC_ACQUIRE);
        if (next) {
          /* The owner is likely about to run it; give it a moment (Go sleeps 3 us). */
          if (__atomic_load_n(&pp->status, __ATOMIC_ACQUIRE) == _Prunning) runtime_usleep(3);
          if (!__atomic_compare_exchange_n(&pp->runnext, &next, NULL, false, __ATOMIC_ACQ_REL,
                                           __ATOMIC_RELAXED))
            continue;
          runq_slot_store(dst, batchHead, next);
          return 1;
        }
      }
      return 0;
    }
    if (n > RUNQ_SIZE / 2) continue; /* h and t read inconsistently */
    for (uint32_t i = 0; i < n; i++) runq_slot_store(dst, batchHead + i, runq_slot_load(pp, h + i));
    if (__atomic_compare_exchange_n(&pp->runqhead, &h, h + n, false, __ATOMIC_RELEASE,
                                    __ATOMIC_RELAXED))
      return n;
  }
}

/* Steals half of p2's Gs into pp's queue (pp owned by the caller); returns one of them. */
static g *runqsteal(p *pp, p *p2, bool stealRunNextG) {
  uint32_t t = pp->runqtail;
  uint32_t n = runqgrab(p2, pp, t, stealRunNextG);
  if (n == 0) return NULL;
  n--;
  g *gp = runq_slot_load(pp, t + n);
  if (n == 0) return gp;
  uint32_t h = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
  if (t - h + n >= RUNQ_SIZE) throw("runqsteal: runq overflow");
  __atomic_store_n(&pp->runqtail, t + n, __ATOMIC_RELEASE);
  return gp;
}

/* sched.lock held. Takes a fair share of the global queue into pp's. max 0: no limit. */
static g *globrunqget(p *pp, int32_t max) {
  if (sched.runqsize == 0) return NULL;
  int32_t n = sched.runqsize / __atomic_load_n(&gomaxprocs, __ATOMIC_RELAXED) + 1;
  if (n > sched.runqsize) n = sched.runqsize;
  if (max > 0 && n > max) n = max;
  if (n > RUNQ_SIZE / 2) n = RUNQ_SIZE / 2;
  g *gp = globrunqpop();
  for (n--; n > 0; n--) runqput(pp, globrunqpop(), false);
  return gp;
}

/* ---- G allocation ----------------------------------------------------------------------------- */

static g *malg(void) {
  g *gp = persistentalloc(sizeof(g));
  m *mp = getg()->m;
  gp->stack = stackalloc(mp ? mp->p : NULL);
  gp->stackguard0 = gp->stack.lo + GOL_STACK_GUARD;
  san_newg(gp);
  return gp;
}

enum { GFreeLocalMax = 64, GFreeLocalKeep = 32 };

/* Owner of pp. Puts a dead G on pp's free list, spilling half to the global list when long. */
static void gfput(p *pp, g *gp) {
#if GOL_DEBUG
  if (getg()->m->p != pp || pp->m != getg()->m) throw("gfput: not owner");
  for (g *x = pp->gFree.head; x; x = x->schedlink) if (x == gp) throw("gfput: twice");
#endif
  if (readgstatus(gp) != _Gdead) throw("gfput: bad status (not Gdead)");
  gp->schedlink = pp->gFree.head;
  pp->gFree.head = gp;
  pp->gFree.n++;
  if (pp->gFree.n >= GFreeLocalMax) {
    runtime_lock(&sched.gFreelock);
    while (pp->gFree.n >= GFreeLocalKeep) {
      g *x = pp->gFree.head;
      pp->gFree.head = x->schedlink;
      pp->gFree.n--;
      x->schedlink = sched.gFree.head;
      sched.gFree.head = x;
      __atomic_store_n(&sched.gFree.n, sched.gFree.n + 1, __ATOMIC_RELAXED);
    }
    runtime_unlock(&sched.gFreelock);
  }
}

static g *gfget(p *pp) {
#if GOL_DEBUG
  if (getg()->m->p != pp || pp->m != getg()->m) throw("gfget: not owner");
#endif
  if (!pp->gFree.head && __atomic_load_n(&sched.gFree.n, __ATOMIC_RELAXED) > 0) {
    runtime_lock(&sched.gFreelock);
    while (pp->gFree.n < GFreeLocalKeep && sched.gFree.head) {
      g *x = sched.gFree.head;
      sched.gFree.head = x->schedlink;
      __atomic_store_n(&sched.gFree.n, sched.gFree.n - 1, __ATOMIC_RELAXED);
      x->schedlink = pp->gFree.head;
      pp->gFree.head = x;
      pp->gFree.n++;
    }
    runtime_unlock(&sched.gFreelock);
  }
  g *gp = pp->gFree.head;
  if (gp) {
    pp->gFree.head = gp->schedlink;
    pp->gFree.n--;
  }
  return gp;
}

/* Moves all of pp's free Gs to the global list (P destruction). */
void gfpurge(p *pp) {
  runtime_lock(&sched.gFreelock);
  while (pp->gFree.head) {
    g *x = pp->gFree.head;
    pp->gFree.head = x->schedlink;
    pp->gFree.n--;
    x->schedlink = sched.gFree.head;
    sched.gFree.head = x;
    __atomic_store_n(&sched.gFree.n, sched.gFree.n + 1, __ATOMIC_RELAXED);
  }
  runtime_unlock(&sched.gFreelock);
}

/* ---- newproc --------------------------------------------------------------------------------- */

/* The C entry of every G (reached through runtime_gostart); returning lands in runtime_goexit. */
void runtime_goentry(g *gp) {
#if defined(GOL_SANITIZE_ADDRESS)
  __sanitizer_finish_switch_fiber(NULL, NULL, NULL);
#endif
  gp->startfn(gp->startarg);
}

static g *newproc1(void (*fn)(void *), void *arg, g *callergp, p *pp) {
  g *newg = gfget(pp);
  if (!newg) {
    newg = malg();
    casgstatus(newg, _Gidle, _Gdead);
    allgadd(newg);
  }
  if (newg->stack.hi == 0) throw("newproc1: newg missing stack");
  if (readgstatus(newg) != _Gdead) throw("newproc1: new g is not Gdead");

  /* Go's gostartcallfn: the entry's return address is goexit, so returning from the entry
   * function exits the goroutine. sp is 8 mod 16, as at any function entry. */
  uintptr_t sp = (newg->stack.hi & ~(uintptr_t)15) - 16 - 8;
  *(uintptr_t *)sp = (uintptr_t)runtime_goexit;
  memset(&newg->sched, 0, sizeof newg->sched);
  newg->sched.sp = sp;
  newg->sched.pc = (uintptr_t)runtime_gostart;
  newg->sched.g = newg;
  newg->sched.r12 = (uintptr_t)newg;
  newg->sched.r13 = (uintptr_t)runtime_goentry;
  newg->startfn = fn;
  newg->startarg = arg;
  newg->vm = NULL;
  newg->m = NULL;
  newg->waitreason = waitReasonZero;
  newg->lockedm = NULL;
  newg->lockedcount = 0;
  newg->asan_fake_stack = NULL;
  __atomic_store_n(&newg->preempt, 0, __ATOMIC_RELAXED);
  newg->gopc = callergp ? callergp->goid : 0;

  if (pp->goidcache == pp->goidcacheend) {
    pp->goidcache = __atomic_add_fetch(&sched.goidgen, GoidCacheBatch, __ATOMIC_RELAXED);
    pp->goidcache -= GoidCacheBatch - 1;
    pp->goidcacheend = pp->goidcache + GoidCacheBatch;
  }
  newg->goid = (int64_t)pp->goidcache++;
  casgstatus(newg, _Gdead, _Grunnable);
  return newg;
}

int64_t newproc(void (*fn)(void *), void *arg) {
  g *gp = getg();
  m *mp = gp->m;
  mp->locks++;
  p *pp = mp->p;
  if (!pp) throw("newproc: no P");
  g *newg = newproc1(fn, arg, gp, pp);
  int64_t goid = newg->goid;
  if (fn == runtime_main) bootprint("newproc runtime.main goid=%lld", (long long)goid);
  runqput(pp, newg, true);
  if (__atomic_load_n(&sched.mainStarted, __ATOMIC_ACQUIRE)) wakep();
  mp->locks--;
  return goid;
}

/* ---- schedinit ------------------------------------------------------------------------------- */

/* Go's order. Runs on g0 of the booting thread (m0); no other thread exists yet. */
void schedinit(void) {
  runtimeInitTime = nanotime();
  runtime_lock(&sched.lock);
  sched.maxmcount = 10000;
  runtime_unlock(&sched.lock);
  stackinit();
  mallocinit();
  cpuinit();
  alginit();
  mcommoninit(&runtime_m0);
  san_m0init(&runtime_g0);
  goargs();
  goenvs();
  parsedebugvars();
  gcinit();

  int32_t procs = ncpu;
  const char *s = gogetenv("GOMAXPROCS");
  if (s && *s) {
    int64_t n = 0;
    bool ok = true;
    for (const char *c = s; *c; c++) {
      if (*c < '0' || *c > '9' || n > MaxGomaxprocs) {
        ok = false;
        break;
      }
      n = n * 10 + (*c - '0');
    }
    if (ok && n > 0) procs = (int32_t)n;
  }
  if (procs > MaxGomaxprocs) procs = MaxGomaxprocs;
  runtime_lock(&sched.lock);
  if (procresize(procs) != NULL) throw("unknown runnable goroutine during bootstrap");
  runtime_unlock(&sched.lock);
  bootprint("schedinit procs=%d maxmcount=%d ncpu=%d gogc=%d", procs, sched.maxmcount, ncpu,
            debug.gogc);
}

/* ---- M start ------------------------------------------------------------------------------------ */

static _Noreturn void mstart1(void);

/* The entry of every M on its g0 stack (m0 from rt0_go, others from mstart_thread). Never
 * returns. */
NOSAN_SWITCH void mstart(void) {
  g *gp = getg();
  if (gp->stack.lo == 0) throw("mstart: g0 stack bounds unknown");
  gp->stackguard0 = gp->stack.lo + GOL_STACK_GUARD;
  if (gp->m != &runtime_m0) san_m0init(gp);
  mstart1();
}

static void mstart1_body(void) {
  m *mp = getg()->m;
  minit();
  if (mp == &runtime_m0) mstartm0();
  bootprint("mstart m=%lld", (long long)mp->id);
  if (mp->mstartfn) mp->mstartfn();
  if (mp != &runtime_m0) {
    acquirep(mp->nextp);
    mp->nextp = NULL;
  }
}

static NOSAN_SWITCH _Noreturn void mstart1(void) {
  g *g0 = getg();
  /* Every mcall restarts g0 from here: schedule() runs on a fresh stack each time. */
  gosave(&g0->sched);
  g0->sched.pc = 0; /* g0's saved pc is never resumed */
  mstart1_body();
  schedule();
}

/* ---- the scheduler ------------------------------------------------------------------------------- */

/* Drops the association of the current M and its curg. */
static void dropg(void) {
  m *mp = getg()->m;
  g *gp = mp->curg;
  if (gp) gp->m = NULL;
  __atomic_store_n(&mp->curg, NULL, __ATOMIC_RELAXED);
}

/* Wakes an M if there is an idle P and nobody spinning. */
void wakep(void) {
  if (__atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) == 0) return;
  uint32_t zero = 0;
  if (__atomic_load_n(&sched.nmspinning, __ATOMIC_ACQUIRE) != 0 ||
      !__atomic_compare_exchange_n(&sched.nmspinning, &zero, 1, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_RELAXED))
    return;
  startm(NULL, true);
}

/* Runs pp (or an idle P) on an idle or new M. spinning: the caller counted it in nmspinning. */
void startm(p *pp, bool spinning) {
  runtime_lock(&sched.lock);
  if (!pp) {
    pp = pidleget();
    if (!pp) {
      runtime_unlock(&sched.lock);
      if (spinning && __atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_ACQ_REL) == (uint32_t)-1)
        throw("startm: negative nmspinning");
      return;
    }
  }
  m *nmp = mget();
  if (!nmp) {
    runtime_unlock(&sched.lock);
    newm(spinning ? mspinning : NULL, pp);
    return;
  }
  runtime_unlock(&sched.lock);
  if (nmp->spinning) throw("startm: m is spinning");
  if (nmp->nextp) throw("startm: m has p");
  if (spinning && !runqempty(pp)) throw("startm: p has runnable gs");
  nmp->spinning = spinning;
  nmp->nextp = pp;
  notewakeup(&nmp->park);
}

/* Hands off P from a syscall or locked M. */
void handoffp(p *pp) {
  if (!runqempty(pp) || __atomic_load_n(&sched.runqsize, __ATOMIC_RELAXED) != 0) {
    startm(pp, false);
    return;
  }
  uint32_t zero = 0;
  if (__atomic_load_n(&sched.nmspinning, __ATOMIC_ACQUIRE) +
              __atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) == 0 &&
      __atomic_compare_exchange_n(&sched.nmspinning, &zero, 1, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_RELAXED)) {
    startm(pp, true);
    return;
  }
  runtime_lock(&sched.lock);
  if (__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE)) {
    __atomic_store_n(&pp->status, _Pgcstop, __ATOMIC_RELEASE);
    if (--sched.stopwait == 0) notewakeup(&sched.stopnote);
    runtime_unlock(&sched.lock);
    return;
  }
  if (sched.runqsize != 0) {
    runtime_unlock(&sched.lock);
    startm(pp, false);
    return;
  }
  pidleput(pp);
  runtime_unlock(&sched.lock);
}

/* Parks the current M until startm hands it a P. */
void stopm(void) {
  m *mp = getg()->m;
  if (mp->locks) throw("stopm holding locks");
  if (mp->p) throw("stopm holding p");
  if (mp->spinning) throw("stopm spinning");
  runtime_lock(&sched.lock);
  mput(mp);
  runtime_unlock(&sched.lock);
  notesleep(&mp->park);
  noteclear(&mp->park);
  acquirep(mp->nextp);
  mp->nextp = NULL;
}

/* Timers: stopm that gives up at the deadline `until` (nanotime). Only the M with the earliest
 * deadline sleeps with a timeout (sched.pollUntil); an M whose deadline is not earlier parks as
 * stopm does, since the earlier sleeper will wake and run every due timer. Returns true with a P
 * when startm handed it one, false at the deadline, with no P and off the idle list. */
static bool stopm_timed(int64_t until) {
  m *mp = getg()->m;
  int64_t cur = __atomic_load_n(&sched.pollUntil, __ATOMIC_ACQUIRE);
  do {
    if (cur != 0 && cur <= until) {
      stopm();
      return true;
    }
  } while (!__atomic_compare_exchange_n(&sched.pollUntil, &cur, until, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE));
  if (mp->locks) throw("stopm holding locks");
  if (mp->p) throw("stopm holding p");
  if (mp->spinning) throw("stopm spinning");
  runtime_lock(&sched.lock);
  mput(mp);
  runtime_unlock(&sched.lock);
  int64_t ns = until - nanotime();
  bool woken = ns > 0 && notetsleep(&mp->park, ns);
  /* No longer the timer sleeper (unless a later M already replaced the deadline). */
  int64_t mine = until;
  __atomic_compare_exchange_n(&sched.pollUntil, &mine, 0, false, __ATOMIC_ACQ_REL,
                              __ATOMIC_RELAXED);
  if (!woken) {
    runtime_lock(&sched.lock);
    bool idle = false;
    for (m **pm = &sched.midle; *pm; pm = &(*pm)->schedlink) {
      if (*pm == mp) {
        *pm = mp->schedlink;
        sched.nmidle--;
        idle = true;
        break;
      }
    }
    runtime_unlock(&sched.lock);
    if (idle) return false;
    /* startm took us off the list: its notewakeup is coming with a P. */
    notesleep(&mp->park);
  }
  noteclear(&mp->park);
  acquirep(mp->nextp);
  mp->nextp = NULL;
  return true;
}

/* Stops the current M for a stop-the-world. */
static void gcstopm(void) {
  m *mp = getg()->m;
  if (!__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE)) throw("gcstopm: not waiting for gc");
  if (mp->spinning) {
    mp->spinning = false;
    if (__atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_ACQ_REL) == (uint32_t)-1)
      throw("gcstopm: negative nmspinning");
  }
  p *pp = releasep();
  runtime_lock(&sched.lock);
  __atomic_store_n(&pp->status, _Pgcstop, __ATOMIC_RELEASE);
  if (--sched.stopwait == 0) notewakeup(&sched.stopnote);
  runtime_unlock(&sched.lock);
  stopm();
}

static void incidlelocked(int32_t v) {
  runtime_lock(&sched.lock);
  sched.nmidlelocked += v;
  if (v > 0) checkdead();
  runtime_unlock(&sched.lock);
}

/* The current M has a locked G that is not runnable: give away the P and sleep until the G is
 * handed back by startlockedm. */
static void stoplockedm(void) {
  m *mp = getg()->m;
  if (!mp->lockedg || mp->lockedg->lockedm != mp) throw("stoplockedm: inconsistent locking");
  if (mp->p) handoffp(releasep());
  incidlelocked(1);
  notesleep(&mp->park);
  noteclear(&mp->park);
  if (readgstatus(mp->lockedg) != _Grunnable) throw("stoplockedm: not runnable");
  acquirep(mp->nextp);
  mp->nextp = NULL;
}

/* gp is locked to another M: hand it our P and stop. */
static void startlockedm(g *gp) {
  m *mp = gp->lockedm;
  if (mp == getg()->m) throw("startlockedm: locked to me");
  if (mp->nextp) throw("startlockedm: m has p");
  incidlelocked(-1);
  p *pp = releasep();
  mp->nextp = pp;
  notewakeup(&mp->park);
  stopm();
}

static void resetspinning(void) {
  m *mp = getg()->m;
  if (!mp->spinning) throw("resetspinning: not a spinning m");
  mp->spinning = false;
  if (__atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_ACQ_REL) == (uint32_t)-1)
    throw("findrunnable: negative nmspinning");
  wakep();
}

/* Tries to steal from every other P, in random order, four times (the last time also runnext). */
static g *stealWork(p *pp) {
  enum { stealTries = 4 };
  int32_t n = __atomic_load_n(&gomaxprocs, __ATOMIC_RELAXED);
  for (int i = 0; i < stealTries; i++) {
    bool stealRunNextG = i == stealTries - 1;
    uint32_t pos = fastrand() % (uint32_t)n;
    uint32_t inc = stealOrder_coprimes[fastrand() % stealOrder_count];
    for (int32_t k = 0; k < n; k++, pos = (pos + inc) % (uint32_t)n) {
      if (__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE)) return NULL;
      p *p2 = allp[pos];
      if (p2 == pp) continue;
      if (__atomic_load_n(&p2->status, __ATOMIC_ACQUIRE) == _Pidle) continue;
      g *gp = runqsteal(pp, p2, stealRunNextG);
      if (gp) return gp;
    }
  }
  return NULL;
}

/* Finds a runnable G, blocking (stopm) until one exists. Tries the local queue, the global queue
 * (first, every 61st tick, for fairness), then stealing; then gives up its P and parks. */
static g *findrunnable(bool *inheritTime) {
  m *mp = getg()->m;
top:;
  p *pp = mp->p;
  if (__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE)) {
    gcstopm();
    goto top;
  }
  *inheritTime = false;
  /* Timers (runtime/time.c): run this P's due timers; the Gs they ready land in our queue. */
  checkTimers(pp, 0);
  if (pp->schedtick % 61 == 0 && __atomic_load_n(&sched.runqsize, __ATOMIC_RELAXED) != 0) {
    runtime_lock(&sched.lock);
    g *gp = globrunqget(pp, 1);
    runtime_unlock(&sched.lock);
    if (gp) return gp;
  }
  g *gp = runqget(pp, inheritTime);
  if (gp) return gp;
  if (__atomic_load_n(&sched.runqsize, __ATOMIC_RELAXED) != 0) {
    runtime_lock(&sched.lock);
    gp = globrunqget(pp, 0);
    runtime_unlock(&sched.lock);
    if (gp) return gp;
  }
  /* Spin only while fewer than half the busy Ps have a spinning M. */
  int32_t procs = __atomic_load_n(&gomaxprocs, __ATOMIC_RELAXED);
  if (mp->spinning || 2 * (int32_t)__atomic_load_n(&sched.nmspinning, __ATOMIC_ACQUIRE) <
                          procs - (int32_t)__atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE)) {
    if (!mp->spinning) {
      mp->spinning = true;
      __atomic_add_fetch(&sched.nmspinning, 1, __ATOMIC_ACQ_REL);
    }
    gp = stealWork(pp);
    if (gp) return gp;
  }

  /* Timers: run every P's due timers (an idle P has no M to run its own; dead Ps keep theirs,
   * see runtime/time.h) and note the earliest deadline left, to sleep until it below. */
  int64_t pollUntil = 0;
  {
    int64_t now = nanotime();
    for (int32_t i = 0; i < MaxGomaxprocs; i++) {
      p *p2 = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
      if (!p2) break;
      int64_t w = checkTimers(p2, now);
      if (w != 0 && (pollUntil == 0 || w < pollUntil)) pollUntil = w;
    }
    gp = runqget(pp, inheritTime);
    if (gp) return gp;
  }

  /* Nothing: give up the P. */
  runtime_lock(&sched.lock);
  if (__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE)) {
    runtime_unlock(&sched.lock);
    goto top;
  }
  if (sched.runqsize != 0) {
    gp = globrunqget(pp, 0);
    runtime_unlock(&sched.lock);
    return gp;
  }
  if (releasep() != pp) throw("findrunnable: wrong p");
  pidleput(pp);
  runtime_unlock(&sched.lock);

  if (mp->spinning) {
    mp->spinning = false;
    if (__atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_ACQ_REL) == (uint32_t)-1)
      throw("findrunnable: negative nmspinning");
    /* A G may have been queued between our last look and the P becoming idle: whoever queued it
     * saw us spinning and did not wake anyone. Look once more. */
    for (int32_t i = 0; i < procs; i++) {
      p *p2 = allp[i];
      if (p2 && !runqempty(p2)) {
        runtime_lock(&sched.lock);
        p *pp2 = pidleget();
        runtime_unlock(&sched.lock);
        if (pp2) {
          acquirep(pp2);
          mp->spinning = true;
          __atomic_add_fetch(&sched.nmspinning, 1, __ATOMIC_ACQ_REL);
          goto top;
        }
        break;
      }
    }
  }
  if (pollUntil != 0) {
    /* A timer is pending: sleep until it is due rather than forever, then take an idle P to run
     * it (if none is idle, every P has an M, and they run timers as they schedule). */
    if (stopm_timed(pollUntil)) goto top;
    runtime_lock(&sched.lock);
    p *pp2 = pidleget();
    runtime_unlock(&sched.lock);
    if (pp2) {
      acquirep(pp2);
      goto top;
    }
  }
  stopm();
  goto top;
}

/* Everything schedule() does before the switch; instrumented and returning. Returns the G to run,
 * with *inheritTime. */
static __attribute__((noinline)) g *schedule_pick(bool *inheritTime) {
  m *mp = getg()->m;
  if (mp->locks) throw("schedule: holding locks");
  if (mp->lockedg) {
    stoplockedm();
    *inheritTime = false;
    return mp->lockedg; /* never returns otherwise */
  }
  for (;;) {
    g *gp = findrunnable(inheritTime);
    if (mp->spinning) resetspinning();
    if (gp->lockedm) {
      /* Hand our P to the locked G's M and wait for another P. */
      startlockedm(gp);
      continue;
    }
    return gp;
  }
}

static __attribute__((noinline)) void execute_prepare(g *gp, bool inheritTime) {
  m *mp = getg()->m;
  __atomic_store_n(&mp->curg, gp, __ATOMIC_RELAXED);
  gp->m = mp;
  casgstatus(gp, _Grunnable, _Grunning);
  __atomic_store_n(&gp->preempt, 0, __ATOMIC_RELAXED);
  gp->stackguard0 = gp->stack.lo + GOL_STACK_GUARD;
  if (!inheritTime) __atomic_store_n(&mp->p->schedtick, mp->p->schedtick + 1, __ATOMIC_RELAXED);
  if (debug.boottrace && gp->goid == 1 && gp->startfn == runtime_main &&
      gp->sched.pc == (uintptr_t)runtime_gostart)
    bootprint("schedule m=%lld goid=%lld", (long long)mp->id, (long long)gp->goid);
}

/* Runs gp on the current M. Never returns. */
static NOSAN_SWITCH _Noreturn void execute(g *gp, bool inheritTime) {
  execute_prepare(gp, inheritTime);
  san_leave(getg(), gp, false);
  gogo(&gp->sched);
}

/* One round of scheduling: find a runnable G and run it. Never returns. */
static NOSAN_SWITCH _Noreturn void schedule(void) {
  bool inheritTime;
  g *gp = schedule_pick(&inheritTime);
  execute(gp, inheritTime);
}

/* ---- parking ------------------------------------------------------------------------------------ */

static __attribute__((noinline)) bool park_m_body(g *gp) {
  m *mp = getg()->m;
  casgstatus(gp, _Grunning, _Gwaiting);
  dropg();
  bool (*fn)(g *, void *) = mp->waitunlockf;
  if (fn) {
    bool ok = fn(gp, mp->waitlock);
    mp->waitunlockf = NULL;
    mp->waitlock = NULL;
    if (!ok) {
      casgstatus(gp, _Gwaiting, _Grunnable);
      return false;
    }
  }
  return true;
}

static NOSAN_SWITCH _Noreturn void park_m(g *gp) {
  if (!park_m_body(gp)) execute(gp, true); /* schedule it right back */
  schedule();
}

void gopark(bool (*unlockf)(g *, void *), void *lock, waitReason reason) {
  g *gp = getg();
  m *mp = gp->m;
  if (gp == mp->g0) throw("gopark on g0");
  uint32_t status = readgstatus(gp);
  if (status != _Grunning) throw("gopark: bad g status");
  mp->waitlock = lock;
  mp->waitunlockf = unlockf;
  gp->waitreason = reason;
  mcall(park_m);
}

static bool parkunlock_c(g *gp, void *lock) {
  (void)gp;
  runtime_unlock(lock);
  return true;
}

void goparkunlock(mutex *lock, waitReason reason) { gopark(parkunlock_c, lock, reason); }

void goready(g *gp) {
  g *cur = getg();
  m *mp = cur ? cur->m : NULL;
  if (readgstatus(gp) != _Gwaiting) throw("bad g->status in ready");
  casgstatus(gp, _Gwaiting, _Grunnable);
  if (mp && mp->p) {
    mp->locks++;
    runqput(mp->p, gp, true);
    wakep();
    mp->locks--;
  } else {
    /* No P (a host thread in library mode, sysmon): gp goes on the global queue, and an idle P
     * is started for it outright, as Go's injectglist does. wakep would leave it to a spinning
     * M, but a spinning M that is giving up re-checks only the local queues (findrunnable), so
     * the wakeup could be lost. */
    runtime_lock(&sched.lock);
    globrunqput(gp);
    runtime_unlock(&sched.lock);
    if (__atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) != 0) startm(NULL, false);
  }
}

static __attribute__((noinline)) void goschedImpl(g *gp) {
  casgstatus(gp, _Grunning, _Grunnable);
  dropg();
  runtime_lock(&sched.lock);
  globrunqput(gp);
  runtime_unlock(&sched.lock);
  if (__atomic_load_n(&sched.mainStarted, __ATOMIC_ACQUIRE)) wakep();
}

static NOSAN_SWITCH _Noreturn void gosched_m(g *gp) {
  goschedImpl(gp);
  schedule();
}

void gosched(void) { mcall(gosched_m); }
void runtime_Gosched(void) { gosched(); }

void runtime_preempt_park(void) {
  g *gp = getg();
  __atomic_store_n(&gp->preempt, 0, __ATOMIC_RELAXED);
  if (gp->m->locks || gp == gp->m->g0) return; /* not at a safe point: try at the next poll */
  mcall(gosched_m);
}

/* ---- goexit -------------------------------------------------------------------------------------- */

static __attribute__((noinline)) void goexit0_body(g *gp) {
  m *mp = getg()->m;
  casgstatus(gp, _Grunning, _Gdead);
  gp->m = NULL;
  gp->lockedm = NULL;
  gp->lockedcount = 0;
  mp->lockedg = NULL;
  mp->lockedExt = 0;
  gp->vm = NULL;
  gp->waitreason = waitReasonZero;
  dropg();
  gfput(mp->p, gp);
}

static NOSAN_SWITCH _Noreturn void goexit0(g *gp) {
  goexit0_body(gp);
  schedule();
}

static __attribute__((noinline)) g *goexit1_body(void) {
  g *gp = getg();
  if (runtime_vmhooks.goexit) runtime_vmhooks.goexit(gp);
  return gp;
}

/* Leaves the exiting G for good and runs fn (a goexit0) on g0. NOSAN_SWITCH and no mcall(): the
 * G is reused with the same TSan fiber, so any instrumented frame left here would stay on that
 * fiber's shadow stack for every later life of the G. */
static inline NOSAN_SWITCH _Noreturn void goexit_switch(void (*fn)(g *)) {
  g *gp = goexit1_body();
  san_leave(gp, gp->m->g0, true);
  arch_mcall(fn);
  throw("goexit0 returned");
}

/* Called from runtime_goexit on the exiting G's stack: runtime_goentry has returned, so the
 * fiber's shadow stack is empty at this point. Never returns. */
NOSAN_SWITCH _Noreturn void runtime_goexit1(void) { goexit_switch(goexit0); }

/* goexit1's end on g0: the abandoned frames are still on gp's fiber, so it gets a new one. */
static NOSAN_SWITCH _Noreturn void goexit0_abandoned(g *gp) {
  san_renewfiber(gp);
  goexit0(gp);
}

NOSAN_SWITCH _Noreturn void goexit1(void) { goexit_switch(goexit0_abandoned); }

/* ---- lockOSThread ------------------------------------------------------------------------------- */

void lockOSThread(void) {
  g *gp = getg();
  m *mp = gp->m;
  mp->lockedExt++;
  mp->lockedg = gp;
  gp->lockedm = mp;
}

void unlockOSThread(void) {
  g *gp = getg();
  m *mp = gp->m;
  if (mp->lockedExt == 0) return;
  if (--mp->lockedExt == 0) {
    mp->lockedg = NULL;
    gp->lockedm = NULL;
  }
}

/* ---- system calls --------------------------------------------------------------------------------
 * entersyscall releases the P to _Psyscall without giving it away: if the call is short the same M
 * takes it back (exitsyscall fast path); sysmon retakes a P stuck there and hands it off. */

void entersyscall(void) {
  g *gp = getg();
  m *mp = gp->m;
  mp->locks++;
  casgstatus(gp, _Grunning, _Gsyscall);
  if (__atomic_load_n(&sched.sysmonwait, __ATOMIC_ACQUIRE)) {
    runtime_lock(&sched.lock);
    if (__atomic_load_n(&sched.sysmonwait, __ATOMIC_ACQUIRE)) {
      __atomic_store_n(&sched.sysmonwait, 0, __ATOMIC_RELEASE);
      notewakeup(&sched.sysmonnote);
    }
    runtime_unlock(&sched.lock);
  }
  p *pp = mp->p;
  mp->syscalltick = __atomic_load_n(&pp->syscalltick, __ATOMIC_RELAXED);
  __atomic_store_n(&pp->m, NULL, __ATOMIC_RELAXED);
  mp->oldp = pp;
  mp->p = NULL;
  __atomic_store_n(&pp->status, _Psyscall, __ATOMIC_RELEASE);
  if (__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE)) {
    runtime_lock(&sched.lock);
    uint32_t s = _Psyscall;
    if (sched.stopwait > 0 && __atomic_compare_exchange_n(&pp->status, &s, _Pgcstop, false,
                                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
      if (--sched.stopwait == 0) notewakeup(&sched.stopnote);
    }
    runtime_unlock(&sched.lock);
  }
  mp->locks--;
}

static bool exitsyscallfast(p *oldp) {
  uint32_t s = _Psyscall;
  if (oldp && __atomic_compare_exchange_n(&oldp->status, &s, _Pidle, false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED)) {
    wirep(oldp);
    return true;
  }
  if (__atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) != 0 &&
      !__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE)) {
    runtime_lock(&sched.lock);
    p *pp = __atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE) ? NULL : pidleget();
    if (pp && __atomic_load_n(&sched.sysmonwait, __ATOMIC_ACQUIRE)) {
      __atomic_store_n(&sched.sysmonwait, 0, __ATOMIC_RELEASE);
      notewakeup(&sched.sysmonnote);
    }
    runtime_unlock(&sched.lock);
    if (pp) {
      acquirep(pp);
      return true;
    }
  }
  return false;
}

/* Returns gp to the global queue (no P could be had) or runs it on a P just found. */
static __attribute__((noinline)) p *exitsyscall0_body(g *gp, bool *locked) {
  casgstatus(gp, _Gsyscall, _Grunnable);
  dropg();
  runtime_lock(&sched.lock);
  p *pp = NULL;
  if (!__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE)) pp = pidleget();
  *locked = false;
  if (!pp) {
    globrunqput(gp);
    *locked = gp->lockedm != NULL;
  } else if (__atomic_load_n(&sched.sysmonwait, __ATOMIC_ACQUIRE)) {
    __atomic_store_n(&sched.sysmonwait, 0, __ATOMIC_RELEASE);
    notewakeup(&sched.sysmonnote);
  }
  runtime_unlock(&sched.lock);
  if (pp) acquirep(pp);
  else if (*locked) stoplockedm();
  else stopm();
  return pp;
}

static NOSAN_SWITCH _Noreturn void exitsyscall0(g *gp) {
  bool locked;
  p *pp = exitsyscall0_body(gp, &locked);
  if (pp || locked) execute(gp, false);
  schedule();
}

void exitsyscall(void) {
  g *gp = getg();
  m *mp = gp->m;
  mp->locks++;
  p *oldp = mp->oldp;
  mp->oldp = NULL;
  if (exitsyscallfast(oldp)) {
    __atomic_store_n(&mp->p->syscalltick, mp->p->syscalltick + 1, __ATOMIC_RELAXED);
    __atomic_store_n(&mp->curg, gp, __ATOMIC_RELAXED);
    casgstatus(gp, _Gsyscall, _Grunning);
    mp->locks--;
    return;
  }
  mp->locks--;
  mcall(exitsyscall0);
}

/* ---- deadlock detection ------------------------------------------------------------------------- */

typedef struct deadctx {
  int32_t waiting;
  g *bad;
} deadctx;

static void checkdeadg(g *gp, void *v) {
  deadctx *c = v;
  if (gp->goid == 0) return;
  switch (readgstatus(gp)) {
  case _Gwaiting: c->waiting++; break;
  case _Grunnable:
  case _Grunning:
  case _Gsyscall: c->bad = gp; break;
  default: break;
  }
}

/* sched.lock held. Throws if no M is running user code and none can ever be woken: every
 * goroutine is blocked and no timer is pending. */
void checkdead(void) {
  if (runtime_islibrary) return;
  int32_t run = mcount() - sched.nmidle - sched.nmidlelocked - sched.nmsys;
  if (run > 0) return;
  if (run < 0) {
    runtime_printf("runtime: checkdead: nmidle=%d nmidlelocked=%d mcount=%d nmsys=%d\n",
                   sched.nmidle, sched.nmidlelocked, mcount(), sched.nmsys);
    throw("checkdead: inconsistent counts");
  }
  deadctx c = {0, NULL};
  forEachG(checkdeadg, &c);
  if (c.bad) {
    runtime_printf("runtime: checkdead: find g %lld in status %u\n", (long long)c.bad->goid,
                   readgstatus(c.bad));
    throw("checkdead: runnable g");
  }
  /* A pending timer will ready a sleeping G (or start one): not a deadlock. An idle M sleeps
   * until it is due (findrunnable), and sysmon starts one if it is overdue. */
  if (c.waiting > 0 && timersPending()) return;
  runtime_unlock(&sched.lock);
  if (c.waiting == 0) throw("no goroutines (main called runtime.Goexit) - deadlock!");
  throw("all goroutines are asleep - deadlock!");
}

/* ---- runtime_main ------------------------------------------------------------------------------- */

static void startsysmon(void *unused) {
  (void)unused;
  m *mp = newm(sysmon, NULL);
  bootprint("sysmon m=%lld", (long long)mp->id);
}

/* The main goroutine. */
void runtime_main(void *unused) {
  (void)unused;
  g *gp = getg();
  bootprint("runtime.main goid=%lld m=%lld", (long long)gp->goid, (long long)gp->m->id);
  __atomic_store_n(&sched.mainStarted, 1, __ATOMIC_RELEASE);
  systemstack(startsysmon, NULL);
  /* Package initialisation runs on the main thread (m0), like Go. */
  lockOSThread();
  if (gp->m != &runtime_m0) throw("runtime.main not on m0");
  doInit(&runtime_inittask);
  /* The garbage collector is a later issue: gcenable has nothing to start yet. */
  gcenable();
  if (&runtime_main_inittask) doInit(&runtime_main_inittask);
  unlockOSThread();
  if (runtime_islibrary) {
    /* Go's library-mode early return (c-archive/c-shared): the host program's own main is the
     * program, so main.main is not called and the process does not exit; the scheduler keeps
     * running and waits for work from the host (runtime/libmode.c). */
    libmode_main_done();
    return;
  }
  bootprint("main.main");
  main_main();
  runtime_exit(0);
}

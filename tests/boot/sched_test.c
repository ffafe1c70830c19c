/* Scheduler tests: a program booted through the same native entry as gol
 * (_rt0_amd64_linux -> rt0_go -> ... -> runtime_main -> main_main), whose main_main runs the
 * checks below on the main goroutine. Modes (argv[1]):
 *   (none)    all scheduler tests; prints "ok <name>" per test, "PASS" at the end
 *   boot      exits at once (for the boottrace checks)
 *   deadlock  the main goroutine parks forever: Go's deadlock fatal error, status 2
 *   initloop  an init task depending on itself: Go's "linker skew" throw, status 2 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/internal.h"

#include "tests/runtime_test.h"

/* ---- init tasks ---- */
static int initorder[8];
static int ninit;
static void initfn_rec(void *ctx) { initorder[ninit++] = (int)(intptr_t)ctx; }
static const initfn fnsA[] = {{initfn_rec, (void *)1}};
static const initfn fnsB[] = {{initfn_rec, (void *)2}, {initfn_rec, (void *)3}};
static const initfn fnsMain[] = {{initfn_rec, (void *)4}};
static inittask taskA = {.nfns = 1, .fns = fnsA, .name = "A"};
static inittask *depsB[] = {&taskA};
static inittask taskB = {.ndeps = 1, .deps = depsB, .nfns = 2, .fns = fnsB, .name = "B"};
static inittask *depsMain[] = {&taskA, &taskB};
/* The program's init task: runtime_main runs it before main_main. */
inittask runtime_main_inittask = {.ndeps = 2, .deps = depsMain, .nfns = 1, .fns = fnsMain,
                                  .name = "main"};

static void test_init(void) {
  CHECK(ninit == 4);
  for (int i = 0; i < 4; i++) CHECK(initorder[i] == i + 1);
  CHECK(runtime_main_inittask.state == 2 && taskA.state == 2);
  doInit(&runtime_main_inittask); /* done: nothing runs again */
  CHECK(ninit == 4);
  CHECK(runtime_inittask.state == 2);
}

/* ---- many goroutines, G and stack reuse ---- */
static int64_t counter;
static wg wave;

static void incr(void *arg) {
  __atomic_add_fetch(&counter, (int64_t)(intptr_t)arg, __ATOMIC_RELAXED);
  wg_done(&wave);
}

static void wait_numgoroutine(int32_t want) {
  for (int i = 0; i < 100000 && runtime_NumGoroutine() != want; i++) gosched();
  CHECK(runtime_NumGoroutine() == want);
}

/* TSan makes every G a fiber, and counts fibers against its limit of 8128 threads. */
#if defined(GOL_SANITIZE_THREAD)
enum { N = 2000 };
#else
enum { N = 10000 };
#endif

static void test_many(void) {
  int base = runtime_NumGoroutine();
  wg_add(&wave, N);
  int64_t lastid = 0;
  for (int i = 0; i < N; i++) {
    int64_t id = newproc(incr, (void *)(intptr_t)1);
    CHECK(id > lastid);
    lastid = id;
  }
  wg_wait(&wave);
  CHECK(__atomic_load_n(&counter, __ATOMIC_RELAXED) == N);
  wait_numgoroutine(base);
  int64_t glen1 = runtime_allglen();
  /* A second wave reuses the dead Gs (and their stacks) from the free lists. */
  wg_add(&wave, N);
  for (int i = 0; i < N; i++) newproc(incr, (void *)(intptr_t)1);
  wg_wait(&wave);
  CHECK(__atomic_load_n(&counter, __ATOMIC_RELAXED) == 2 * N);
  wait_numgoroutine(base);
  int64_t glen2 = runtime_allglen();
  printf("  allglen after wave 1: %lld, after wave 2: %lld\n", (long long)glen1, (long long)glen2);
  /* 2N goroutines were created; far fewer Gs (each with its stack) were ever made. */
  CHECK(glen1 <= N + 1 && glen2 <= N + 1 + 2 * 64);
}

/* ---- gopark / goready ping-pong ---- */
typedef struct baton {
  mutex lock;
  int turn;
  g *waiter[2];
} baton;
static baton bt;
static wg pingdone;
enum { Rounds = 20000 };

static void wait_turn(int me) {
  runtime_lock(&bt.lock);
  while (bt.turn != me) {
    bt.waiter[me] = getg();
    goparkunlock(&bt.lock, waitReasonChanReceive);
    runtime_lock(&bt.lock);
  }
  runtime_unlock(&bt.lock);
}

static void pass_to(int to) {
  runtime_lock(&bt.lock);
  bt.turn = to;
  g *w = bt.waiter[to];
  bt.waiter[to] = NULL;
  runtime_unlock(&bt.lock);
  if (w) goready(w);
}

static int64_t pings;
static void player(void *arg) {
  int me = (int)(intptr_t)arg;
  for (int i = 0; i < Rounds; i++) {
    wait_turn(me);
    pings++; /* ordered by the baton's lock */
    pass_to(1 - me);
  }
  wg_done(&pingdone);
}

static void test_pingpong(void) {
  wg_add(&pingdone, 2);
  newproc(player, (void *)0);
  newproc(player, (void *)1);
  wg_wait(&pingdone);
  runtime_lock(&bt.lock);
  CHECK(pings == 2 * Rounds);
  runtime_unlock(&bt.lock);
}

/* ---- work stealing: goroutines made on one P run on several ---- */
static uint64_t seenP, seenM;
static wg stealwg;

static void busy(void *arg) {
  (void)arg;
  int64_t end = nanotime() + 2 * 1000 * 1000;
  while (nanotime() < end) {
  }
  g *gp = getg();
  __atomic_or_fetch(&seenP, 1ull << (gp->m->p->id & 63), __ATOMIC_RELAXED);
  __atomic_or_fetch(&seenM, 1ull << (gp->m->id & 63), __ATOMIC_RELAXED);
  wg_done(&stealwg);
}

static void test_steal(void) {
  if (runtime_GOMAXPROCS(0) < 2) {
    printf("  skipped: GOMAXPROCS < 2\n");
    return;
  }
  wg_add(&stealwg, 64);
  for (int i = 0; i < 64; i++) newproc(busy, NULL);
  wg_wait(&stealwg);
  printf("  Ps used: %d, Ms used: %d\n", __builtin_popcountll(seenP), __builtin_popcountll(seenM));
  CHECK(__builtin_popcountll(seenP) >= 2);
  CHECK(__builtin_popcountll(seenM) >= 2);
}

/* ---- Ms are OS threads ---- */
static void test_threads(void) {
  int ntask = 0;
  DIR *d = opendir("/proc/self/task");
  CHECK(d != NULL);
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    if (e->d_name[0] != '.') ntask++;
  closedir(d);
  int nm = 0;
  for (m *mp = __atomic_load_n(&allm, __ATOMIC_ACQUIRE); mp; mp = mp->alllink) {
    uint64_t tid = __atomic_load_n(&mp->procid, __ATOMIC_RELAXED);
    if (!tid) continue;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%llu", (unsigned long long)tid);
    CHECK(access(path, F_OK) == 0);
    nm++;
  }
  printf("  threads: %d, Ms with a thread: %d\n", ntask, nm);
  CHECK(nm >= 2); /* m0 and sysmon at least */
  CHECK(ntask >= nm);
}

/* ---- systemstack ---- */
static void onsys(void *arg) {
  g *gp = getg();
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  *(bool *)arg = gp == gp->m->g0 && sp > gp->stack.lo && sp <= gp->stack.hi;
}

static void test_systemstack(void) {
  bool ok = false;
  g *before = getg();
  systemstack(onsys, &ok);
  CHECK(ok);
  CHECK(getg() == before);
  CHECK(runtime_stack_ok(4096));
}

/* ---- preemption by sysmon (the VM's poll) and syscall hand-off, on one P ---- */
static uint32_t stop, ranDuringSyscall;
static wg pwg;

static void spinner(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
    if (runtime_preempt_requested(getg())) runtime_preempt_park();
  wg_done(&pwg);
}

static void stopper(void *arg) {
  (void)arg;
  __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
  wg_done(&pwg);
}

static void sleeper(void *arg) {
  (void)arg;
  entersyscall();
  for (int i = 0; i < 2000 && !__atomic_load_n(&stop, __ATOMIC_ACQUIRE); i++) usleep(1000);
  __atomic_store_n(&ranDuringSyscall, __atomic_load_n(&stop, __ATOMIC_ACQUIRE), __ATOMIC_RELAXED);
  exitsyscall();
  wg_done(&pwg);
}

static void test_preempt_and_syscall(void) {
  int32_t old = runtime_GOMAXPROCS(1);
  CHECK(runtime_GOMAXPROCS(0) == 1);
  /* spinner never yields on its own: stopper only runs if sysmon preempts it. */
  __atomic_store_n(&stop, 0, __ATOMIC_RELAXED);
  wg_add(&pwg, 2);
  newproc(spinner, NULL);
  gosched(); /* let the spinner start first */
  newproc(stopper, NULL);
  wg_wait(&pwg);
  printf("  preempted a spinning goroutine\n");
  /* sleeper holds the only P in a syscall: sysmon must hand the P to another M for stopper. */
  __atomic_store_n(&stop, 0, __ATOMIC_RELAXED);
  wg_add(&pwg, 2);
  newproc(sleeper, NULL);
  gosched();
  newproc(stopper, NULL);
  wg_wait(&pwg);
  CHECK(__atomic_load_n(&ranDuringSyscall, __ATOMIC_RELAXED) == 1);
  printf("  P handed off during a syscall\n");
  CHECK(runtime_GOMAXPROCS(old) == 1);
  CHECK(runtime_GOMAXPROCS(0) == old);
}

/* ---- lockOSThread across a park ---- */
static wg lockwg;
static g *lockedG;
static mutex lockedMu;
static bool lockedOK;

static void locked_g(void *arg) {
  (void)arg;
  lockOSThread();
  uint64_t tid = getg()->m->procid;
  runtime_lock(&lockedMu);
  lockedG = getg();
  goparkunlock(&lockedMu, waitReasonSleep);
  lockedOK = getg()->m->procid == tid;
  unlockOSThread();
  wg_done(&lockwg);
}

static void test_lockosthread(void) {
  wg_add(&lockwg, 1);
  newproc(locked_g, NULL);
  g *w = NULL;
  while (!w) {
    gosched();
    runtime_lock(&lockedMu);
    w = lockedG;
    runtime_unlock(&lockedMu);
  }
  while (readgstatus(w) != _Gwaiting) gosched();
  goready(w);
  wg_wait(&lockwg);
  CHECK(lockedOK);
}

/* ---- failure modes (subprocess tests) ---- */
static inittask loopA;
static inittask *loopDeps[] = {&loopA};
static inittask loopA = {.ndeps = 1, .deps = loopDeps, .name = "loop"};

void main_main(void) {
  const char *mode = runtime_argc() > 1 ? runtime_argv()[1] : "";
  if (strcmp(mode, "boot") == 0) return;
  if (strcmp(mode, "deadlock") == 0) {
    mutex mu = {0};
    runtime_lock(&mu);
    goparkunlock(&mu, waitReasonChanReceive);
    return;
  }
  if (strcmp(mode, "initloop") == 0) {
    doInit(&loopA);
    return;
  }
  static const struct {
    const char *name;
    void (*fn)(void);
  } tests[] = {
      {"init", test_init},         {"systemstack", test_systemstack},
      {"many", test_many},         {"pingpong", test_pingpong},
      {"steal", test_steal},       {"threads", test_threads},
      {"preempt_syscall", test_preempt_and_syscall},
      {"lockosthread", test_lockosthread},
  };
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (*mode && strcmp(mode, tests[i].name) != 0) continue;
    tests[i].fn();
    printf("ok %s\n", tests[i].name);
  }
  printf("PASS\n");
}

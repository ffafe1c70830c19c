/* Timer tests (runtime/time.c): a program booted through gol's native entry (like
 * tests/boot/sched_test.c) whose main_main runs the checks on the main goroutine. Modes (argv[1]):
 *   (none)        every test below; "ok <name>" per test, "PASS" at the end
 *   <name>        one test
 *   lonesleep     the only goroutine sleeps 30 ms, twice, then exits 0 (not a deadlock)
 *   sleepdeadlock sleeps 5 ms, then parks forever: Go's deadlock fatal error (status 2) once the
 *                 timer has fired
 *   sleeploop     sleeps in a loop for ~60 ms (GOLDEBUG=schedtrace checks) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/internal.h"
#include "runtime/time.h"

#include "tests/runtime_test.h"

enum { MS = 1000 * 1000 };

static bool no_timers_left(void) { return timeSleepUntil() == 0; }

/* ---- timers fire in deadline order, not before their deadline ---- */
enum { NORDER = 64 };
static timer ordert[NORDER];
static int64_t firedWhen[NORDER], firedAt[NORDER];
static mutex orderlock; /* guards the three arrays above, nfired and fireorder */
static int32_t nfired;   /* atomic (written under orderlock) */
static int32_t fireorder[NORDER];

static void record(void *arg, uintptr_t seq, int64_t delta) {
  (void)arg;
  CHECK(delta >= 0);
  runtime_lock(&orderlock);
  firedAt[seq] = nanotime();
  firedWhen[seq] = ordert[seq].when;
  fireorder[nfired] = (int32_t)seq;
  __atomic_store_n(&nfired, nfired + 1, __ATOMIC_RELEASE);
  runtime_unlock(&orderlock);
}

static void test_order(void) {
  int64_t base = nanotime() + 5 * MS;
  /* Deadlines spread over 20 ms in a scrambled order (i * 37 mod 64 is a permutation). */
  for (int i = 0; i < NORDER; i++) {
    int j = (i * 37) % NORDER;
    ordert[j].f = record;
    ordert[j].seq = (uintptr_t)j;
    ordert[j].when = base + (int64_t)j * 300 * 1000;
    addtimer(&ordert[j]);
  }
  for (int i = 0; i < 200 && __atomic_load_n(&nfired, __ATOMIC_ACQUIRE) < NORDER; i++)
    timeSleep(5 * MS);
  runtime_lock(&orderlock);
  CHECK(nfired == NORDER);
  runtime_unlock(&orderlock);
  for (int k = 0; k < NORDER; k++) {
    int32_t j = fireorder[k];
    CHECK(firedAt[j] >= firedWhen[j]);
    /* Timers on one P fire in order; a timer whose deadline passed while another M ran an earlier
     * one may come right after it, so compare deadlines, not positions, with 1 ms of slack. */
    if (k > 0) CHECK(firedWhen[j] + MS >= firedWhen[fireorder[k - 1]]);
  }
  CHECK(no_timers_left());
}

/* ---- a lone sleeping goroutine wakes on time ---- */
static void test_sleep(void) {
  int64_t t0 = nanotime();
  timeSleep(20 * MS);
  int64_t d = nanotime() - t0;
  printf("  sleep(20ms) took %.2f ms\n", d / 1e6);
  CHECK(d >= 20 * MS);
  CHECK(d < 500 * MS);
  timeSleep(0);
  timeSleep(-5);
}

/* ---- 1000 goroutines sleeping 10 ms at once finish in about 10 ms on 2 Ps ---- */
#if defined(GOL_SANITIZE_THREAD)
enum { NSLEEPERS = 1000, SLEEPERS_LIMIT_MS = 1500 };
#else
enum { NSLEEPERS = 1000, SLEEPERS_LIMIT_MS = 250 };
#endif
static wg sleepwg;

static void sleeper(void *arg) {
  timeSleep((int64_t)(intptr_t)arg);
  wg_done(&sleepwg);
}

static void test_sleepers(void) {
  int32_t old = runtime_GOMAXPROCS(2);
  int32_t threads0 = mcount();
  int64_t t0 = nanotime();
  wg_add(&sleepwg, NSLEEPERS);
  for (int i = 0; i < NSLEEPERS; i++) newproc(sleeper, (void *)(intptr_t)(10 * MS));
  wg_wait(&sleepwg);
  int64_t d = nanotime() - t0;
  printf("  %d goroutines sleeping 10 ms: %.2f ms, threads %d -> %d\n", NSLEEPERS, d / 1e6,
         threads0, mcount());
  CHECK(d >= 10 * MS);
  CHECK(d < SLEEPERS_LIMIT_MS * (int64_t)MS);
  /* Goroutines sleep, threads do not: no thread per sleeper. */
  CHECK(mcount() <= threads0 + 4);
  CHECK(no_timers_left());
  runtime_GOMAXPROCS(old);
}

/* ---- concurrent Stop/Reset/fire on shared timers never corrupt a heap ---- */
enum { NRACE_TIMERS = 16, NRACERS = 4, RACE_OPS = 3000 };
static timer racet[NRACE_TIMERS];
static int64_t racefires; /* atomic */
static wg racewg;

static void racefire(void *arg, uintptr_t seq, int64_t delta) {
  (void)arg;
  (void)seq;
  (void)delta;
  __atomic_add_fetch(&racefires, 1, __ATOMIC_RELAXED);
}

static void racer(void *arg) {
  uint32_t r = (uint32_t)(uintptr_t)arg * 2654435761u + 1;
  for (int i = 0; i < RACE_OPS; i++) {
    r = r * 1664525u + 1013904223u;
    timer *t = &racet[(r >> 8) % NRACE_TIMERS];
    int64_t d = (int64_t)((r >> 16) % 200) * 1000; /* 0..200 us: many fire during the race */
    switch ((r >> 4) % 3) {
    case 0: deltimer(t); break;
    case 1: resettimer(t, nanotime() + d); break;
    default: modtimer(t, nanotime() + d, (r & 1) ? 50 * 1000 : 0, racefire, NULL, 0); break;
    }
    if (i % 64 == 0) gosched();
  }
  wg_done(&racewg);
}

static void test_race(void) {
  int32_t old = runtime_GOMAXPROCS(2);
  for (int i = 0; i < NRACE_TIMERS; i++) {
    racet[i].f = racefire;
    racet[i].when = nanotime() + MS;
    addtimer(&racet[i]);
  }
  wg_add(&racewg, NRACERS);
  for (int i = 0; i < NRACERS; i++) newproc(racer, (void *)(intptr_t)i);
  wg_wait(&racewg);
  for (int i = 0; i < NRACE_TIMERS; i++) deltimer(&racet[i]);
  CHECK(no_timers_left());
  for (int i = 0; i < NRACE_TIMERS; i++)
    CHECK(__atomic_load_n(&racet[i].status, __ATOMIC_ACQUIRE) == timerNoStatus);
  int64_t fires = __atomic_load_n(&racefires, __ATOMIC_RELAXED);
  /* Stopped timers stay stopped (periodic ones included). */
  timeSleep(3 * MS);
  CHECK(__atomic_load_n(&racefires, __ATOMIC_RELAXED) == fires);
  printf("  %d racers x %d ops on %d timers: %lld fired\n", NRACERS, RACE_OPS, NRACE_TIMERS,
         (long long)fires);
  CHECK(fires > 0);
  /* deltimer reports whether the timer was pending; resettimer too. */
  timer t = {.f = racefire, .when = nanotime() + 1000 * MS};
  addtimer(&t);
  CHECK(resettimer(&t, nanotime() + 1000 * MS));
  CHECK(deltimer(&t));
  CHECK(!deltimer(&t));
  CHECK(!resettimer(&t, nanotime() + 1000 * MS));
  CHECK(deltimer(&t));
  CHECK(no_timers_left());
  runtime_GOMAXPROCS(old);
}

/* ---- a periodic timer ticks until stopped ---- */
static int64_t ticks; /* atomic */
static void tick(void *arg, uintptr_t seq, int64_t delta) {
  (void)arg;
  (void)seq;
  (void)delta;
  __atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
}

static void test_ticker(void) {
  timer t = {.f = tick, .period = 2 * MS};
  t.when = nanotime() + 2 * MS;
  addtimer(&t);
  timeSleep(21 * MS);
  CHECK(deltimer(&t)); /* a periodic timer is pending between ticks */
  int64_t n = __atomic_load_n(&ticks, __ATOMIC_RELAXED);
  printf("  ticks in 21 ms at 2 ms: %lld\n", (long long)n);
  CHECK(n >= 3 && n <= 12);
  timeSleep(5 * MS);
  CHECK(__atomic_load_n(&ticks, __ATOMIC_RELAXED) == n);
  CHECK(no_timers_left());
}

/* ---- a timer armed on a P that then goes idle still fires (other Ms run idle Ps' timers) ---- */
static wg idlewg;
static int64_t idlefired; /* atomic */
static timer idlet;
static void idlefire(void *arg, uintptr_t seq, int64_t delta) {
  (void)arg;
  (void)seq;
  (void)delta;
  __atomic_store_n(&idlefired, nanotime(), __ATOMIC_RELEASE);
}
static void arm_and_exit(void *arg) {
  (void)arg;
  idlet.f = idlefire;
  idlet.when = nanotime() + 5 * MS;
  addtimer(&idlet);
  wg_done(&idlewg);
}

static void test_idle_p(void) {
  int32_t old = runtime_GOMAXPROCS(3);
  wg_add(&idlewg, 1);
  int64_t t0 = nanotime();
  newproc(arm_and_exit, NULL);
  wg_wait(&idlewg);
  for (int i = 0; i < 100 && !__atomic_load_n(&idlefired, __ATOMIC_ACQUIRE); i++)
    timeSleep(MS);
  int64_t at = __atomic_load_n(&idlefired, __ATOMIC_ACQUIRE);
  CHECK(at != 0 && at - t0 >= 5 * MS);
  /* Shrinking GOMAXPROCS leaves a timer on a dead P: it still fires. */
  runtime_GOMAXPROCS(3);
  __atomic_store_n(&idlefired, 0, __ATOMIC_RELEASE);
  wg_add(&idlewg, 1);
  newproc(arm_and_exit, NULL);
  wg_wait(&idlewg);
  runtime_GOMAXPROCS(1);
  for (int i = 0; i < 100 && !__atomic_load_n(&idlefired, __ATOMIC_ACQUIRE); i++)
    timeSleep(MS);
  CHECK(__atomic_load_n(&idlefired, __ATOMIC_ACQUIRE) != 0);
  CHECK(no_timers_left());
  runtime_GOMAXPROCS(old);
}

void main_main(void) {
  const char *mode = runtime_argc() > 1 ? runtime_argv()[1] : "";
  if (strcmp(mode, "lonesleep") == 0) {
    timeSleep(30 * MS);
    timeSleep(30 * MS);
    printf("woke\n");
    return;
  }
  if (strcmp(mode, "sleepdeadlock") == 0) {
    timeSleep(5 * MS);
    mutex mu = {0};
    runtime_lock(&mu);
    goparkunlock(&mu, waitReasonChanReceive);
    return;
  }
  if (strcmp(mode, "sleeploop") == 0) {
    for (int i = 0; i < 30; i++) timeSleep(2 * MS);
    printf("done\n");
    return;
  }
  static const struct {
    const char *name;
    void (*fn)(void);
  } tests[] = {
      {"sleep", test_sleep},   {"order", test_order}, {"ticker", test_ticker},
      {"sleepers", test_sleepers}, {"race", test_race},   {"idle_p", test_idle_p},
  };
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (*mode && strcmp(mode, tests[i].name) != 0) continue;
    tests[i].fn();
    printf("ok %s\n", tests[i].name);
  }
  printf("PASS\n");
}

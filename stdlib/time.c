/* Natives of package time (stdlib/time.gol). The timers themselves are the runtime's
 * (runtime/time.c): a Timer or Ticker embeds a runtimeTimer, which is the runtime's struct timer
 * laid out in Go memory, so the pointer the VM passes is used as a timer* directly. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "runtime/chan.h"
#include "runtime/runtime.h"
#include "runtime/time.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"

/* Starts a goroutine running the func value c with nargs argument slots (vm/vm.c: the `go`
 * statement's implementation). Not yet declared in a VM header: see stdlib/README.md, time. */
extern void vm_go(const Closure *c, const Slot *args, int nargs);

/* time.Time in memory (stdlib/time.gol: sec int64, nsec int32, mono int64, hasMono bool; Go's
 * amd64 layout, 32 bytes). */
typedef struct GoTime {
  int64_t sec;  /* seconds since January 1, year 1 UTC */
  int32_t nsec;
  int64_t mono; /* nanotime() */
  bool hasMono;
} GoTime;
_Static_assert(sizeof(GoTime) == 32, "time.Time layout");

/* Seconds from January 1, year 1 to January 1, 1970 (time.gol's unixToInternal). */
#define UNIX_TO_INTERNAL ((int64_t)(1969 * 365 + 1969 / 4 - 1969 / 100 + 1969 / 400) * 86400)

static GoTime time_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  GoTime t = {(int64_t)ts.tv_sec + UNIX_TO_INTERNAL, (int32_t)ts.tv_nsec, nanotime(), true};
  return t;
}

static void time_now_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  GoTime t = time_now();
  res[0] = (Slot)(t.sec - UNIX_TO_INTERNAL);
  res[1] = (Slot)(int64_t)t.nsec;
  res[2] = (Slot)t.mono;
}

static void time_runtimeNano(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  res[0] = (Slot)nanotime();
}

static void time_Sleep(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)res;
  timeSleep((int64_t)args[0]);
}

/* ---- timer callbacks (run on the scheduler's stack: must not block) ---------------------------- */

/* A Timer/Ticker fired: send the time it was due on its channel, unless the channel's one buffer
 * slot is full (the tick is dropped, as Go's select-with-default does). */
static void sendTime(void *c, uintptr_t seq, int64_t delta) {
  (void)seq;
  GoTime t = time_now();
  /* Go sends Now().Add(-delta): the time the timer was due. */
  int64_t ns = (int64_t)t.nsec - delta % 1000000000;
  t.sec -= delta / 1000000000;
  if (ns < 0) {
    ns += 1000000000;
    t.sec--;
  }
  t.nsec = (int32_t)ns;
  t.mono -= delta;
  bool sent;
  chansend(c, &t, false, &sent); /* a receive-only channel cannot be closed: no error */
}

/* An AfterFunc timer fired: run its function in a new goroutine. */
static void goFunc(void *fn, uintptr_t seq, int64_t delta) {
  (void)seq;
  (void)delta;
  vm_go((const Closure *)fn, NULL, 0);
}

/* ---- timer natives ----------------------------------------------------------------------------- */

static inline timer *arg_timer(const Slot *a) { return (timer *)(uintptr_t)a[0]; }

static void time_initSendTimer(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)res;
  timer *t = arg_timer(args);
  t->f = sendTime;
  t->arg = (void *)(uintptr_t)args[1];
  t->heapidx = -1;
}

static void time_initFuncTimer(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)res;
  timer *t = arg_timer(args);
  t->f = goFunc;
  t->arg = (void *)(uintptr_t)args[1];
  t->heapidx = -1;
}

static void time_startTimer(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)res;
  addtimer(arg_timer(args));
}

static void time_stopTimer(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  ret_bool(res, deltimer(arg_timer(args)));
}

static void time_resetTimer(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  ret_bool(res, resettimer(arg_timer(args), (int64_t)args[1]));
}

static void time_modTimer(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)res;
  resettimerPeriod(arg_timer(args), (int64_t)args[1], (int64_t)args[2]);
}

const StdNative stdlib_time_natives[] = {
    {"now", (void *)time_now_native},
    {"runtimeNano", (void *)time_runtimeNano},
    {"Sleep", (void *)time_Sleep},
    {"initSendTimer", (void *)time_initSendTimer},
    {"initFuncTimer", (void *)time_initFuncTimer},
    {"startTimer", (void *)time_startTimer},
    {"stopTimer", (void *)time_stopTimer},
    {"resetTimer", (void *)time_resetTimer},
    {"modTimer", (void *)time_modTimer},
    {NULL, NULL},
};

/* Natives of package time (stdlib/time.gol). The timers themselves are the runtime's
 * (runtime/time.c): a Timer or Ticker embeds a runtimeTimer, which is the runtime's struct timer
 * laid out in Go memory, so the pointer the VM passes is used as a timer* directly. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runtime/chan.h"
#include "runtime/runtime.h"
#include "runtime/time.h"
#include "stdlib/natives_util.h"
#include "stdlib/os_file.h"
#include "stdlib/stdlib.h"

/* Starts a goroutine running the func value c with nargs argument slots (vm/vm.c: the `go`
 * statement's implementation). Not yet declared in a VM header: see stdlib/README.md, time. */
extern void vm_go(const Closure *c, const Slot *args, int nargs);

/* time.Time in memory (stdlib/time.gol: sec int64, nsec int32, mono int64, hasMono bool,
 * loc *Location; Go's amd64 layout, 40 bytes). */
typedef struct GoTime {
  int64_t sec;  /* seconds since January 1, year 1 UTC */
  int32_t nsec;
  int64_t mono; /* nanotime() */
  bool hasMono;
  void *loc; /* *time.Location; NULL is UTC */
} GoTime;
_Static_assert(sizeof(GoTime) == 40, "time.Time layout");

/* time.Local, for the Times the timer callbacks send: set once by the package's init, before any
 * timer can fire; the package variable keeps it alive. */
static void *_Atomic local_location;

/* Seconds from January 1, year 1 to January 1, 1970 (time.gol's unixToInternal). */
#define UNIX_TO_INTERNAL ((int64_t)(1969 * 365 + 1969 / 4 - 1969 / 100 + 1969 / 400) * 86400)

static GoTime time_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  GoTime t = {(int64_t)ts.tv_sec + UNIX_TO_INTERNAL, (int32_t)ts.tv_nsec, nanotime(), true,
              local_location};
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

static void time_setLocalLocation(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)res;
  local_location = (void *)(uintptr_t)args[0];
}

/* readFile(name) ([]byte, errno): the whole file (zone files are small; Go's limit is 10 MB). */
static void time_readFile(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  enum { MAX_SIZE = 10 << 20 };
  char *name = os_cstr(arg_str(args));
  if (!name) {
    res[3] = EINVAL;
    return;
  }
  size_t len = 0, cap = 4096;
  char *buf = malloc(cap);
  int e = buf ? 0 : ENOMEM;
  entersyscall();
  int fd = e ? -1 : open(name, O_RDONLY | O_CLOEXEC);
  if (!e && fd < 0) e = errno;
  while (!e) {
    if (len == cap) {
      char *nb = cap < MAX_SIZE ? realloc(buf, cap * 2) : NULL;
      if (!nb) {
        e = cap < MAX_SIZE ? ENOMEM : EFBIG;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    ssize_t n = read(fd, buf + len, cap - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) e = errno;
    if (n <= 0) break;
    len += (size_t)n;
  }
  if (fd >= 0) close(fd);
  exitsyscall();
  free(name);
  if (!e) {
    uint8_t *p = vm_alloc(len ? len : 1, NULL);
    memcpy(p, buf, len);
    ret_slice(res, (GoSlice){p, (int64_t)len, (int64_t)len});
  }
  free(buf);
  res[3] = (Slot)e;
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
    {"setLocalLocation", (void *)time_setLocalLocation},
    {"getenv", (void *)os_LookupEnv},
    {"readFile", (void *)time_readFile},
    {"errstr", (void *)os_file_errstr},
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

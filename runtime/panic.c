/* Fatal errors and process exit.
 *
 * Go panics are the VM's business (it unwinds gol frames and prints "panic: ..." plus the
 * traceback itself, then calls runtime_exit(2)). This file has the runtime's other failure channel:
 * throw, for broken invariants and Go's fatal errors, and runtime_exit. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "runtime/internal.h"

static uint32_t throwing; /* atomic: a throw is in progress (a second one exits at once) */

_Noreturn void runtime_exit(int code) {
  bootprint("exit %d", code);
  fflush(stdout);
  fflush(stderr);
#if defined(GOL_SANITIZE_ADDRESS) || defined(GOL_SANITIZE_THREAD) || defined(GOL_SANITIZE_UNDEFINED)
  /* Let the sanitizer's atexit hook report (and set its exit status). */
  exit(code);
#else
  /* exit_group: other threads may still run; nothing of theirs needs tearing down. */
  _exit(code);
#endif
}

static void tracebackg(g *gp, void *ctx) {
  (void)ctx;
  uint32_t st = readgstatus(gp);
  if (st == _Gdead || st == _Gidle || gp->goid == 0) return;
  const char *status;
  switch (st) {
  case _Grunnable: status = "runnable"; break;
  case _Grunning: status = "running"; break;
  case _Gsyscall: status = "syscall"; break;
  case _Gwaiting:
    status = gp->waitreason < waitReasonCount && gp->waitreason != waitReasonZero
                 ? waitReasonStrings[gp->waitreason]
                 : "waiting";
    break;
  default: status = "unknown"; break;
  }
  runtime_printf("\ngoroutine %lld [%s]:\n", (long long)gp->goid, status);
  if (runtime_vmhooks.traceback) runtime_vmhooks.traceback(gp);
}

typedef struct gsnap {
  g **gs;
  int64_t n, cap;
} gsnap;

static void collectg(g *gp, void *ctx) {
  gsnap *s = ctx;
  if (s->n < s->cap) s->gs[s->n++] = gp;
}

_Noreturn void throw(const char *s) {
  if (__atomic_exchange_n(&throwing, 1, __ATOMIC_ACQ_REL) != 0) {
    runtime_printf("fatal error: %s\n", s);
    runtime_exit(2);
  }
  fflush(stdout);
  runtime_printf("fatal error: %s\n", s);
  /* Go prints every goroutine on a fatal error, oldest first (goroutine 1 leads). The G list is
   * walked without allglock (the thrower may hold it); it is newest first, so it is reversed
   * through an array when one can be had. */
  gsnap snap = {NULL, 0, 0};
  snap.cap = runtime_allglen() + 64;
  snap.gs = malloc((size_t)snap.cap * sizeof(g *));
  if (snap.gs) {
    forEachGRace(collectg, &snap);
    for (int64_t i = snap.n - 1; i >= 0; i--) tracebackg(snap.gs[i], NULL);
  } else {
    forEachGRace(tracebackg, NULL);
  }
  runtime_exit(2);
}

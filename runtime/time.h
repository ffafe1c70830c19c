/* Timers: the runtime's half of package time (the design of Go's runtime/time.go).
 *
 * Every P owns a 4-ary min-heap of timers keyed by `when` (a nanotime() deadline), guarded by the
 * P's timersLock. A timer is added to the heap of the P that starts it. The scheduler runs due
 * timers (checkTimers) at the top of findrunnable, i.e. on every schedule(); an M that finds no
 * work sleeps until the earliest timer of all Ps instead of forever, and sysmon starts an M when a
 * timer is overdue and nobody is looking. checkdead does not report a deadlock while any timer is
 * pending (a sleeping goroutine will wake).
 *
 * A timer's function f(arg, seq, delta) runs on the scheduler's stack (g0) of the M that found it
 * due, holding that M's P but no lock: it must not block or park. Typical functions goready a
 * sleeping G (time.Sleep), send on a buffered channel without blocking (time.Timer/Ticker), or
 * start a goroutine (time.AfterFunc). delta is how late the timer ran (now - when).
 *
 * Memory: a timer is owned by its creator (a G's sleep timer hangs on the G; package time embeds
 * its timers in Go-visible objects, laid out as `runtimeTimer` in stdlib/time.gol: keep the two in
 * step). While a timer sits in a P's heap the heap refers to it, so a garbage collector must treat
 * every P's timer heap as a root.
 *
 * States (status, atomic). A timer is in a heap exactly when it is timerWaiting or timerModifying
 * after having been timerWaiting; heap membership itself changes only under the P's timersLock.
 *   timerNoStatus  not in any heap and not running; pp == NULL. The zero value.
 *   timerWaiting   in pp's heap.
 *   timerRunning   taken out of the heap by checkTimers; a periodic timer's f is running and the
 *                  timer will go back to timerWaiting. (A one-shot timer is timerNoStatus while its
 *                  f runs, so Stop reports false and Reset may re-arm it from f's goroutine.)
 *   timerModifying owned by one deltimer/modtimer; others wait (yield) until it finishes.
 * Transitions are CASes, so concurrent Stop/Reset/firing of one timer never corrupt a heap; as in
 * Go, their outcome between each other is whichever order they happen in. */
#ifndef GOL_RUNTIME_TIME_H
#define GOL_RUNTIME_TIME_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/runtime2.h"

enum {
  timerNoStatus = 0,
  timerWaiting = 1,
  timerRunning = 2,
  timerModifying = 3,
};

/* The largest deadline (Go's maxWhen): "never" in practice. */
#define timerMaxWhen INT64_MAX

/* Layout is part of the contract with stdlib/time.gol's runtimeTimer (64 bytes, Go's amd64
 * layout): change both together. */
typedef struct timer {
  struct p *pp;     /* 0  atomic: the P whose heap holds it (NULL when in none); written under
                          that P's timersLock by the timer's current owner */
  int64_t when;     /* 8  the deadline (nanotime); written only while not in a heap, or under
                          pp->timersLock by the heap code */
  int64_t period;   /* 16 > 0: re-arm every period after firing (Ticker) */
  void (*f)(void *arg, uintptr_t seq, int64_t delta); /* 24 runs on g0, must not block */
  void *arg;        /* 32 f's argument */
  uintptr_t seq;    /* 40 f's second argument (free for f's owner) */
  int64_t nextwhen; /* 48 timeSleep: the deadline to arm when the G has parked */
  uint32_t status;  /* 56 atomic: timer* above */
  int32_t heapidx;  /* 60 pp->timersLock: index in pp->timers while in the heap */
} timer;

_Static_assert(sizeof(timer) == 64, "timer layout is shared with stdlib/time.gol");

/* Starts t (status timerNoStatus, f and when set) on the current P. Must run on an M with a P. */
void addtimer(timer *t);
/* Stops t. Returns whether it was pending (it then will not run). */
bool deltimer(timer *t);
/* Re-arms t for when (period, f, arg, seq as given) on the current P, whatever its state; returns
 * whether it was pending before. Must run on an M with a P. */
bool modtimer(timer *t, int64_t when, int64_t period, void (*f)(void *, uintptr_t, int64_t),
              void *arg, uintptr_t seq);
/* resettimer(t, when): modtimer keeping t's period, f, arg and seq (Timer.Reset). */
bool resettimer(timer *t, int64_t when);
/* The same, also setting the period (Ticker.Reset); period >= 0. */
bool resettimerPeriod(timer *t, int64_t when, int64_t period);

/* time.Sleep: parks the calling goroutine ("sleep") for at least ns nanoseconds (ns <= 0:
 * returns at once). The OS thread is not blocked: it runs other goroutines meanwhile. */
void timeSleep(int64_t ns);

/* goready(arg) as a timer function (how timeSleep's timer wakes its G). */
void goroutineReady(void *arg, uintptr_t seq, int64_t delta);

/* ---- scheduler side (proc.c, sysmon.c, procresize.c) ------------------------------------------ */

/* Runs pp's due timers (now: nanotime(), or 0 to read the clock only if a timer may be due).
 * Returns the deadline of pp's earliest remaining timer, 0 if it has none. The caller's M holds a
 * P (timer functions need one), not necessarily pp: an idle P's timers may be run by anyone. */
int64_t checkTimers(struct p *pp, int64_t now);
/* The earliest deadline of all Ps' timers, 0 if none (sysmon, findrunnable). Lock-free snapshot. */
int64_t timeSleepUntil(void);
/* Whether any P has a pending timer (checkdead). Lock-free snapshot. */
bool timersPending(void);

/* Ps destroyed by a smaller GOMAXPROCS keep their heaps (Ps are never freed): findrunnable runs the
 * due timers of every P ever made, dead ones included, so no timer is lost; a later procresize
 * that revives the P finds them in place. (Go moves them to a live P instead: moveTimers.) */

#endif

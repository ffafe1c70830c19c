/* Timers: per-P 4-ary heaps, the timer state machine, checkTimers and time.Sleep (the design of
 * Go's runtime/time.go; see time.h for the contract and the states).
 *
 * Locking. p.timersLock guards the P's heap (timers, ntimers, captimers) and the heapidx and when
 * of every timer in it. It is a leaf lock: nothing else is acquired while holding it (timer
 * functions run after it is released), and it is never held together with another P's. A timer
 * is "owned" by whoever moved its status out of timerWaiting/timerNoStatus (checkTimers into
 * timerRunning, deltimer/modtimer into timerModifying); only the owner changes its heap membership,
 * its pp and its fields, and it gives the timer back with a release store of the new status.
 * checkTimers never waits for a timerModifying timer while holding the lock (the modifier needs
 * that lock to take the timer out): it drops the lock, yields and looks again.
 *
 * pp->timer0When mirrors timers[0]->when (0: empty heap) with atomic stores under the lock, so the
 * scheduler, sysmon and checkdead can look at every P's timers without locking. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>

#include "runtime/internal.h"
#include "runtime/time.h"

enum { timerHeapArity = 4 };

/* ---- the heap (pp->timersLock held) ------------------------------------------------------------- */

static inline void heapset(p *pp, int32_t i, timer *t) {
  pp->timers[i] = t;
  t->heapidx = i;
}

static void siftupTimer(p *pp, int32_t i) {
  timer *t = pp->timers[i];
  int64_t when = t->when;
  while (i > 0) {
    int32_t parent = (i - 1) / timerHeapArity;
    if (when >= pp->timers[parent]->when) break;
    heapset(pp, i, pp->timers[parent]);
    i = parent;
  }
  heapset(pp, i, t);
}

static void siftdownTimer(p *pp, int32_t i) {
  int32_t n = pp->ntimers;
  timer *t = pp->timers[i];
  int64_t when = t->when;
  for (;;) {
    int32_t c = i * timerHeapArity + 1;
    if (c >= n) break;
    int32_t best = c;
    for (int32_t k = c + 1; k < c + timerHeapArity && k < n; k++)
      if (pp->timers[k]->when < pp->timers[best]->when) best = k;
    if (pp->timers[best]->when >= when) break;
    heapset(pp, i, pp->timers[best]);
    i = best;
  }
  heapset(pp, i, t);
}

static void updateTimer0When(p *pp) {
  __atomic_store_n(&pp->timer0When, pp->ntimers > 0 ? pp->timers[0]->when : 0, __ATOMIC_RELEASE);
}

/* Adds t (owned by the caller) to pp's heap. */
static void doaddtimer(p *pp, timer *t) {
  if (pp->ntimers == pp->captimers) {
    int32_t cap = pp->captimers ? pp->captimers * 2 : 16;
    /* The C allocator, not mallocgc: the heap is runtime memory, and a collector must see it as a
     * root set rather than as a Go object. */
    timer **nt = realloc(pp->timers, (size_t)cap * sizeof *nt);
    if (!nt) throw("addtimer: out of memory");
    pp->timers = nt;
    pp->captimers = cap;
  }
  __atomic_store_n(&t->pp, pp, __ATOMIC_RELAXED);
  heapset(pp, pp->ntimers++, t);
  siftupTimer(pp, t->heapidx);
  updateTimer0When(pp);
}

/* Removes the timer at index i (owned by the caller) from pp's heap. */
static void dodeltimer(p *pp, int32_t i) {
  if (i < 0 || i >= pp->ntimers) throw("dodeltimer: bad heap index");
  timer *t = pp->timers[i];
  int32_t last = --pp->ntimers;
  if (i != last) {
    /* The last timer fills the hole, then moves down or up to its place. */
    timer *moved = pp->timers[last];
    heapset(pp, i, moved);
    siftdownTimer(pp, i);
    if (moved->heapidx == i) siftupTimer(pp, i);
  }
  pp->timers[last] = NULL;
  t->heapidx = -1;
  __atomic_store_n(&t->pp, NULL, __ATOMIC_RELAXED);
  updateTimer0When(pp);
}

/* ---- waking a sleeping M for an earlier deadline ------------------------------------------------ */

/* A timer due at `when` was just armed. Idle Ms sleep until the earliest deadline they saw when
 * they parked (sched.pollUntil, findrunnable); if this one is earlier and a P is idle, start a
 * spinning M, which recomputes the deadline when it parks again (Go's wakeNetPoller). */
static void wakeTimerSleeper(int64_t when) {
  if (__atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) == 0) return;
  int64_t until = __atomic_load_n(&sched.pollUntil, __ATOMIC_ACQUIRE);
  if (until != 0 && until <= when) return;
  wakep();
}

/* ---- the state machine -------------------------------------------------------------------------- */

/* Takes ownership of t (status -> timerModifying) and takes it out of its heap if it was waiting
 * there. Returns whether it was pending. */
static bool timer_acquire(timer *t) {
  for (;;) {
    uint32_t s = __atomic_load_n(&t->status, __ATOMIC_ACQUIRE);
    switch (s) {
    case timerNoStatus:
      if (__atomic_compare_exchange_n(&t->status, &s, timerModifying, false, __ATOMIC_ACQUIRE,
                                      __ATOMIC_RELAXED))
        return false;
      break;
    case timerWaiting:
      if (__atomic_compare_exchange_n(&t->status, &s, timerModifying, false, __ATOMIC_ACQUIRE,
                                      __ATOMIC_RELAXED)) {
        /* pp cannot change now: only the owner moves a timer between heaps. */
        p *pp = __atomic_load_n(&t->pp, __ATOMIC_RELAXED);
        runtime_lock(&pp->timersLock);
        dodeltimer(pp, t->heapidx);
        runtime_unlock(&pp->timersLock);
        return true;
      }
      break;
    case timerRunning:
    case timerModifying:
      /* Another M holds it for a few instructions (under a lock it is about to release). */
      sched_yield();
      break;
    default:
      throw("timer: bad status");
    }
  }
}

/* Puts t (owned by the caller) in the current P's heap and releases it as timerWaiting. */
static void timer_arm(timer *t) {
  if (t->when <= 0) t->when = 1; /* keep 0 meaning "no timer" in timer0When */
  m *mp = getg()->m;
  mp->locks++; /* stay on this P (no preemption point inside, but say so) */
  p *pp = mp->p;
  if (!pp) throw("timer: no P");
  int64_t when = t->when; /* t is not ours once released */
  runtime_lock(&pp->timersLock);
  doaddtimer(pp, t);
  __atomic_store_n(&t->status, timerWaiting, __ATOMIC_RELEASE);
  runtime_unlock(&pp->timersLock);
  mp->locks--;
  wakeTimerSleeper(when);
}

void addtimer(timer *t) {
  uint32_t s = timerNoStatus;
  if (!__atomic_compare_exchange_n(&t->status, &s, timerModifying, false, __ATOMIC_ACQUIRE,
                                   __ATOMIC_RELAXED))
    throw("addtimer called with initialized timer");
  if (!t->f) throw("addtimer: timer without function");
  if (t->when < 0) t->when = timerMaxWhen;
  timer_arm(t);
}

bool deltimer(timer *t) {
  bool pending = timer_acquire(t);
  __atomic_store_n(&t->status, timerNoStatus, __ATOMIC_RELEASE);
  return pending;
}

bool modtimer(timer *t, int64_t when, int64_t period, void (*f)(void *, uintptr_t, int64_t),
              void *arg, uintptr_t seq) {
  if (!f) throw("modtimer: timer without function");
  if (when < 0) when = timerMaxWhen;
  bool pending = timer_acquire(t);
  t->when = when;
  t->period = period;
  t->f = f;
  t->arg = arg;
  t->seq = seq;
  timer_arm(t);
  return pending;
}

/* Re-arms t for when keeping f, arg and seq; period < 0 keeps the period too. */
static bool resettimer1(timer *t, int64_t when, int64_t period) {
  /* f, arg, seq and period are written only by owners: read them once we own t. */
  bool pending = timer_acquire(t);
  if (!t->f) throw("resettimer: timer without function");
  if (when < 0) when = timerMaxWhen;
  t->when = when;
  if (period >= 0) t->period = period;
  timer_arm(t);
  return pending;
}

bool resettimer(timer *t, int64_t when) { return resettimer1(t, when, -1); }

bool resettimerPeriod(timer *t, int64_t when, int64_t period) {
  if (period < 0) throw("resettimerPeriod: negative period");
  return resettimer1(t, when, period);
}

/* ---- running timers ----------------------------------------------------------------------------- */

int64_t checkTimers(p *pp, int64_t now) {
  int64_t next = __atomic_load_n(&pp->timer0When, __ATOMIC_ACQUIRE);
  if (next == 0) return 0;
  if (now == 0) now = nanotime();
  if (now < next) return next;

  runtime_lock(&pp->timersLock);
  while (pp->ntimers > 0) {
    timer *t = pp->timers[0];
    if (t->when > now) break;
    uint32_t s = timerWaiting;
    if (!__atomic_compare_exchange_n(&t->status, &s, timerRunning, false, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED)) {
      if (s != timerModifying) throw("checkTimers: bad timer status");
      /* Its modifier is waiting for our lock to take it out. */
      runtime_unlock(&pp->timersLock);
      sched_yield();
      runtime_lock(&pp->timersLock);
      continue;
    }
    void (*f)(void *, uintptr_t, int64_t) = t->f;
    void *arg = t->arg;
    uintptr_t seq = t->seq;
    int64_t delta = now - t->when;
    if (t->period > 0) {
      /* Re-arm in place before running f (a Stop during f then stops the next tick). Skip the
       * periods already missed, as Go does. */
      int64_t w = t->when + t->period * (1 + delta / t->period);
      if (w < 0) w = timerMaxWhen;
      t->when = w;
      siftdownTimer(pp, 0);
      updateTimer0When(pp);
      __atomic_store_n(&t->status, timerWaiting, __ATOMIC_RELEASE);
    } else {
      dodeltimer(pp, 0);
      __atomic_store_n(&t->status, timerNoStatus, __ATOMIC_RELEASE);
    }
    runtime_unlock(&pp->timersLock);
    f(arg, seq, delta); /* may goready, send without blocking, newproc: needs our P, no lock */
    runtime_lock(&pp->timersLock);
  }
  next = pp->ntimers > 0 ? pp->timers[0]->when : 0;
  runtime_unlock(&pp->timersLock);
  return next;
}

/* Every P ever made counts (allp is filled from index 0 and never shrinks; dead Ps stay). */
int64_t timeSleepUntil(void) {
  int64_t next = 0;
  for (int32_t i = 0; i < MaxGomaxprocs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) break;
    int64_t w = __atomic_load_n(&pp->timer0When, __ATOMIC_ACQUIRE);
    if (w != 0 && (next == 0 || w < next)) next = w;
  }
  return next;
}

bool timersPending(void) { return timeSleepUntil() != 0; }

/* ---- time.Sleep ---------------------------------------------------------------------------------- */

void goroutineReady(void *arg, uintptr_t seq, int64_t delta) {
  (void)seq;
  (void)delta;
  goready(arg);
}

/* gopark's unlock function: arms the sleep timer once the G is marked waiting, so the timer
 * cannot goready a G that has not parked yet. Runs on g0 with the P. */
static bool resetForSleep(g *gp, void *ut) {
  (void)gp;
  timer *t = ut;
  modtimer(t, t->nextwhen, 0, goroutineReady, gp, 0);
  return true;
}

void timeSleep(int64_t ns) {
  if (ns <= 0) return;
  g *gp = getg();
  if (gp == gp->m->g0) throw("timeSleep on g0");
  timer *t = gp->timer;
  if (!t) {
    /* Gs are never freed, so neither is their sleep timer; a reused G reuses it. */
    t = persistentalloc(sizeof *t);
    t->heapidx = -1;
    gp->timer = t;
  }
  int64_t when = nanotime() + ns;
  if (when < 0) when = timerMaxWhen; /* overflow: sleep "forever" */
  t->nextwhen = when;
  gopark(resetForSleep, t, waitReasonSleep);
}

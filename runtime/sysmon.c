/* sysmon: the monitor thread. It runs on its own M without a P (so it never runs Gs and is not
 * counted by checkdead), waking every 20 us to 10 ms (backing off while idle) to
 *   - retake Ps blocked in system calls for more than one tick, handing them to other Ms;
 *   - ask Gs that have run for more than 10 ms to yield (g->preempt, polled by the VM);
 *   - start an M when a timer is overdue and no M is looking (runtime/time.c);
 *   - print the GOLDEBUG=schedtrace line.
 * It sleeps on sched.sysmonnote while every P is idle or the world is stopped.
 * sysmontick fields of every P belong to sysmon alone. */
#include <stdio.h>

#include "runtime/internal.h"
#include "runtime/time.h"

/* The G running on pp, asked to yield. */
static void preemptone_p(p *pp) {
  m *mp = __atomic_load_n(&pp->m, __ATOMIC_RELAXED);
  if (!mp) return;
  g *gp = __atomic_load_n(&mp->curg, __ATOMIC_RELAXED);
  if (!gp || gp == mp->g0) return;
  __atomic_store_n(&gp->preempt, 1, __ATOMIC_RELAXED);
}

static uint32_t retake(int64_t now) {
  uint32_t n = 0;
  int32_t procs = __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE);
  for (int32_t i = 0; i < procs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) continue;
    sysmontick *pd = &pp->sysmontick;
    uint32_t s = __atomic_load_n(&pp->status, __ATOMIC_ACQUIRE);
    bool sysretake = false;
    if (s == _Prunning || s == _Psyscall) {
      uint32_t t = __atomic_load_n(&pp->schedtick, __ATOMIC_RELAXED);
      if (pd->schedtick != t || pd->schedwhen == 0) { /* changed, or first seen */
        pd->schedtick = t;
        pd->schedwhen = now;
      } else if (pd->schedwhen + ForcePreemptNS <= now) {
        preemptone_p(pp);
        sysretake = true; /* a syscall that long has surely blocked */
      }
    }
    if (s == _Psyscall) {
      uint32_t t = __atomic_load_n(&pp->syscalltick, __ATOMIC_RELAXED);
      if (!sysretake && pd->syscalltick != t) {
        pd->syscalltick = t;
        pd->syscallwhen = now;
        continue;
      }
      /* Leave it if there is nothing else to run and someone is free to run it, for up to 10 ms. */
      if (runqempty(pp) &&
          __atomic_load_n(&sched.nmspinning, __ATOMIC_ACQUIRE) +
                  __atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) > 0 &&
          pd->syscallwhen + 10 * 1000 * 1000 > now)
        continue;
      /* Count this M as idle while it hands off, so checkdead does not see a false deadlock. */
      runtime_lock(&sched.lock);
      sched.nmidlelocked--;
      runtime_unlock(&sched.lock);
      uint32_t exp = _Psyscall;
      if (__atomic_compare_exchange_n(&pp->status, &exp, _Pidle, false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_RELAXED)) {
        n++;
        __atomic_add_fetch(&pp->syscalltick, 1, __ATOMIC_RELAXED);
        handoffp(pp);
      }
      runtime_lock(&sched.lock);
      sched.nmidlelocked++;
      runtime_unlock(&sched.lock);
    }
  }
  return n;
}

void schedtrace(bool detailed) {
  (void)detailed; /* scheddetail output is not implemented */
  int64_t now = nanotime();
  char buf[4096];
  int len = 0;
  runtime_lock(&sched.lock);
  int32_t procs = gomaxprocs;
  len += snprintf(buf + len, sizeof buf - len,
                  "SCHED %lldms: gomaxprocs=%d idleprocs=%u threads=%d spinningthreads=%u "
                  "idlethreads=%d runqueue=%d [",
                  (long long)((now - runtimeInitTime) / 1000000), procs,
                  __atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE), mcount(),
                  __atomic_load_n(&sched.nmspinning, __ATOMIC_ACQUIRE), sched.nmidle,
                  sched.runqsize);
  for (int32_t i = 0; i < procs && len < (int)sizeof buf - 16; i++) {
    p *pp = allp[i];
    uint32_t h = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
    uint32_t t = __atomic_load_n(&pp->runqtail, __ATOMIC_ACQUIRE);
    len += snprintf(buf + len, sizeof buf - len, "%s%u", i ? " " : "", t - h);
  }
  runtime_unlock(&sched.lock);
  runtime_printf("%s]\n", buf);
}

void sysmon(void) {
  runtime_lock(&sched.lock);
  sched.nmsys++;
  checkdead();
  runtime_unlock(&sched.lock);

  int64_t lasttrace = 0;
  uint32_t idle = 0, delay = 0;
  for (;;) {
    if (idle == 0) delay = 20;
    else if (idle > 50) delay *= 2;
    if (delay > 10 * 1000) delay = 10 * 1000;
    runtime_usleep(delay);
    int64_t now = nanotime();
    int32_t procs = __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE);
    if (debug.schedtrace <= 0 &&
        (__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE) ||
         (int32_t)__atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) == procs)) {
      runtime_lock(&sched.lock);
      if (__atomic_load_n(&sched.gcwaiting, __ATOMIC_ACQUIRE) ||
          (int32_t)__atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) == gomaxprocs) {
        __atomic_store_n(&sched.sysmonwait, 1, __ATOMIC_RELEASE);
        runtime_unlock(&sched.lock);
        /* Sleep no later than the next timer (runtime/time.c), to check that someone runs it. */
        int64_t sleep = 60LL * 1000 * 1000 * 1000;
        int64_t next = timeSleepUntil();
        if (next != 0 && next - now < sleep) sleep = next - now > 0 ? next - now : 0;
        notetsleep(&sched.sysmonnote, sleep);
        runtime_lock(&sched.lock);
        __atomic_store_n(&sched.sysmonwait, 0, __ATOMIC_RELEASE);
        noteclear(&sched.sysmonnote);
        runtime_unlock(&sched.lock);
        idle = 0;
        delay = 20;
      } else {
        runtime_unlock(&sched.lock);
      }
    }
    if (retake(now) != 0) idle = 0;
    else idle++;
    runtime_scavenge_tick(now); /* returns long-idle free pages to the OS (acts once a second) */
    /* Timers: an idle M sleeps until the earliest timer (findrunnable), but a timer armed on a P
     * that then went idle (a syscall hand-off), or one an M missed while racing to park, can be
     * overdue with nobody to run it. Start an M on an idle P; it runs every P's due timers. */
    int64_t next = timeSleepUntil();
    if (next != 0 && next < now && __atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) > 0 &&
        __atomic_load_n(&sched.nmspinning, __ATOMIC_ACQUIRE) == 0) {
      int64_t until = __atomic_load_n(&sched.pollUntil, __ATOMIC_ACQUIRE);
      if (until == 0 || until > next) {
        startm(NULL, false);
        idle = 0;
      }
    }
    if (debug.schedtrace > 0 && lasttrace + (int64_t)debug.schedtrace * 1000000 <= now) {
      lasttrace = now;
      schedtrace(debug.scheddetail == 1);
    }
  }
}

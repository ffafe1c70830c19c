/* Changing the number of Ps: procresize, stop-the-world and runtime.GOMAXPROCS.
 *
 * Stop-the-world (Go's stopTheWorldWithSema, minimal): the initiator sets sched.gcwaiting, asks
 * every running G to preempt, takes its own P, every idle P and every P in a syscall to _Pgcstop,
 * and sleeps on sched.stopnote until the Ms running the remaining Ps notice gcwaiting in the
 * scheduler (gcstopm) or in entersyscall. Running Gs must reach a preemption point (the VM polls
 * g->preempt at loop back-edges and calls); C code that never yields delays the stop. */
#include "runtime/internal.h"
#include "runtime/mheap.h"

uint32_t stealOrder_count;
uint32_t stealOrder_coprimes[MaxGomaxprocs];

static uint32_t gcd(uint32_t a, uint32_t b) {
  while (b) {
    uint32_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* The strides that visit every P exactly once from any start (sched.lock held, world stopped). */
void stealOrder_reset(int32_t n) {
  uint32_t c = 0;
  for (uint32_t i = 1; i <= (uint32_t)n; i++)
    if (gcd(i, (uint32_t)n) == 1) stealOrder_coprimes[c++] = i;
  __atomic_store_n(&stealOrder_count, c, __ATOMIC_RELEASE);
}

static p *newp(int32_t id) {
  p *pp = persistentalloc(sizeof(p));
  pp->id = id;
  pp->status = _Pgcstop;
  pp->mcache = allocmcache();
  return pp;
}

/* Moves everything pp holds to global structures; pp becomes _Pdead (world stopped). */
static void pdestroy(p *pp) {
  bool inherit;
  (void)inherit;
  for (;;) {
    uint32_t h = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
    uint32_t t = __atomic_load_n(&pp->runqtail, __ATOMIC_ACQUIRE);
    if (h == t) break;
    /* pop from the tail, put at the global head, preserving order */
    t--;
    g *gp = pp->runq[t % RUNQ_SIZE];
    __atomic_store_n(&pp->runqtail, t, __ATOMIC_RELEASE);
    globrunqputhead(gp);
  }
  g *next = __atomic_exchange_n(&pp->runnext, NULL, __ATOMIC_ACQ_REL);
  if (next) globrunqputhead(next);
  gfpurge(pp);
  stackcache_clear(pp);
  mcache_releaseAll(pp->mcache); /* its spans go back to the mcentrals (the cache stays) */
  pp->goidcache = pp->goidcacheend = 0;
  __atomic_store_n(&pp->status, _Pdead, __ATOMIC_RELEASE);
}

/* sched.lock held, world stopped (or boot). Makes nprocs Ps; returns the list (linked by link)
 * of Ps with local work, each given an idle M in p->m for startTheWorld to wake. The caller's M
 * keeps its P if it survives, otherwise gets allp[0]. */
p *procresize(int32_t nprocs) {
  int32_t old = __atomic_load_n(&gomaxprocs, __ATOMIC_RELAXED);
  if (nprocs <= 0 || nprocs > MaxGomaxprocs) throw("procresize: invalid arg");
  for (int32_t i = 0; i < nprocs; i++) {
    if (!allp[i]) __atomic_store_n(&allp[i], newp(i), __ATOMIC_RELEASE);
    else if (i >= old) __atomic_store_n(&allp[i]->status, _Pgcstop, __ATOMIC_RELEASE);
  }
  m *mp = getg()->m;
  if (mp->p && mp->p->id < nprocs) {
    __atomic_store_n(&mp->p->status, _Prunning, __ATOMIC_RELEASE);
  } else {
    if (mp->p) __atomic_store_n(&mp->p->m, NULL, __ATOMIC_RELAXED);
    mp->p = NULL;
    p *pp = allp[0];
    __atomic_store_n(&pp->m, NULL, __ATOMIC_RELAXED);
    __atomic_store_n(&pp->status, _Pidle, __ATOMIC_RELEASE);
    acquirep(pp);
  }
  for (int32_t i = nprocs; i < old; i++) pdestroy(allp[i]);

  p *runnablePs = NULL;
  for (int32_t i = nprocs - 1; i >= 0; i--) {
    p *pp = allp[i];
    if (mp->p == pp) continue;
    __atomic_store_n(&pp->status, _Pidle, __ATOMIC_RELEASE);
    if (runqempty(pp)) {
      pidleput(pp);
    } else {
      __atomic_store_n(&pp->m, mget(), __ATOMIC_RELAXED);
      pp->link = runnablePs;
      runnablePs = pp;
    }
  }
  stealOrder_reset(nprocs);
  __atomic_store_n(&gomaxprocs, nprocs, __ATOMIC_RELEASE);
  return runnablePs;
}

static void preemptone(p *pp) {
  m *mp = __atomic_load_n(&pp->m, __ATOMIC_RELAXED);
  if (!mp || mp == getg()->m) return;
  g *gp = __atomic_load_n(&mp->curg, __ATOMIC_RELAXED);
  if (!gp || gp == mp->g0) return;
  __atomic_store_n(&gp->preempt, 1, __ATOMIC_RELAXED);
}

void preemptall(void) {
  int32_t n = __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE);
  for (int32_t i = 0; i < n; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (pp && __atomic_load_n(&pp->status, __ATOMIC_ACQUIRE) == _Prunning) preemptone(pp);
  }
}

void stopTheWorld(void) {
  m *mp = getg()->m;
  mp->locks++;
  runtime_lock(&sched.lock);
  int32_t n = gomaxprocs;
  sched.stopwait = n;
  __atomic_store_n(&sched.gcwaiting, 1, __ATOMIC_RELEASE);
  preemptall();
  __atomic_store_n(&mp->p->status, _Pgcstop, __ATOMIC_RELEASE);
  sched.stopwait--;
  for (int32_t i = 0; i < n; i++) {
    p *pp = allp[i];
    uint32_t s = _Psyscall;
    if (__atomic_compare_exchange_n(&pp->status, &s, _Pgcstop, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED)) {
      __atomic_add_fetch(&pp->syscalltick, 1, __ATOMIC_RELAXED);
      sched.stopwait--;
    }
  }
  for (p *pp; (pp = pidleget()) != NULL;) {
    __atomic_store_n(&pp->status, _Pgcstop, __ATOMIC_RELEASE);
    sched.stopwait--;
  }
  bool wait = sched.stopwait > 0;
  runtime_unlock(&sched.lock);
  if (wait) {
    for (;;) {
      if (notetsleep(&sched.stopnote, 100 * 1000)) {
        noteclear(&sched.stopnote);
        break;
      }
      preemptall();
    }
  }
  runtime_lock(&sched.lock);
  bool bad = sched.stopwait != 0;
  for (int32_t i = 0; i < n; i++)
    if (__atomic_load_n(&allp[i]->status, __ATOMIC_ACQUIRE) != _Pgcstop) bad = true;
  runtime_unlock(&sched.lock);
  if (bad) throw("stopTheWorld: not stopped");
}

static int32_t newprocs; /* sched.lock: the GOMAXPROCS to apply at startTheWorld (0: keep) */

/* Whether anything may need another P: runnable goroutines or pending timers (world stopped, so
 * the queues are stable; timer0When is read atomically as everywhere). */
static bool worldHasWork(int32_t procs) {
  if (__atomic_load_n(&sched.runqsize, __ATOMIC_RELAXED) != 0) return true;
  for (int32_t i = 0; i < procs; i++) {
    p *pp = allp[i];
    if (!runqempty(pp) || __atomic_load_n(&pp->timer0When, __ATOMIC_ACQUIRE) != 0) return true;
  }
  return false;
}

void startTheWorld(void) {
  m *mp = getg()->m;
  runtime_lock(&sched.lock);
  int32_t procs = gomaxprocs;
  if (newprocs) {
    procs = newprocs;
    newprocs = 0;
  }
  p *p1 = procresize(procs);
  __atomic_store_n(&sched.gcwaiting, 0, __ATOMIC_RELEASE);
  if (__atomic_load_n(&sched.sysmonwait, __ATOMIC_ACQUIRE)) {
    __atomic_store_n(&sched.sysmonwait, 0, __ATOMIC_RELEASE);
    notewakeup(&sched.sysmonnote);
  }
  runtime_unlock(&sched.lock);
  while (p1) {
    p *pp = p1;
    p1 = pp->link;
    m *nmp = __atomic_load_n(&pp->m, __ATOMIC_RELAXED);
    if (nmp) {
      __atomic_store_n(&pp->m, NULL, __ATOMIC_RELAXED);
      if (nmp->nextp) throw("startTheWorld: inconsistent mp->nextp");
      nmp->nextp = pp;
      notewakeup(&nmp->park);
    } else {
      newm(NULL, pp);
    }
  }
  /* Go wakes a P here unconditionally, in case the queues hold more than the restarted Ps take;
   * with nothing runnable and no timer pending, that only starts a thread that parks again. */
  if (worldHasWork(procs)) wakep();
  mp->locks--;
}

static uint32_t worldsema; /* atomic: 1 while a GOMAXPROCS change or a GC owns the world */

void gosched_lock(uint32_t *l) {
  for (;;) {
    uint32_t zero = 0;
    if (__atomic_compare_exchange_n(l, &zero, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    gosched();
  }
}

/* The collector's access to worldsema (runtime/mgc.c): the same protocol as runtime_GOMAXPROCS. */
void runtime_worldsema_acquire(void) { gosched_lock(&worldsema); }

void runtime_worldsema_release(void) { gosched_unlock(&worldsema); }

int32_t runtime_GOMAXPROCS(int32_t n) {
  if (n > MaxGomaxprocs) n = MaxGomaxprocs;
  int32_t ret = __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE);
  if (n <= 0 || n == ret) return ret;
  /* One world-stopper at a time; a loser yields rather than blocking its P (which the winner is
   * waiting to stop). */
  gosched_lock(&worldsema);
  ret = __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE);
  stopTheWorld();
  runtime_lock(&sched.lock);
  newprocs = n;
  runtime_unlock(&sched.lock);
  startTheWorld();
  gosched_unlock(&worldsema);
  __atomic_store_n(&getg()->preempt, 0, __ATOMIC_RELAXED);
  return ret;
}

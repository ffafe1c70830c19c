/* Semaphores and the sync primitives' runtime halves: see sema.h.
 *
 * semtable: SemTabSize buckets, each a semaRoot padded to a cache line. A root's lock guards its
 * address list: head sudogs of distinct addresses linked through next/prev, each head carrying the
 * further waiters for its address through waitlink (FIFO; waittail is the last of them, NULL when
 * the head waits alone). nwait counts waiters (atomic; written under the lock) so semrelease can
 * skip the lock when nobody waits. The ordering argument (Go's): a releaser increments *addr
 * before reading nwait; a waiter increments nwait under the lock before re-checking *addr, so
 * either the waiter sees the count or the releaser sees the waiter. */
#include "runtime/sema.h"

#include <stddef.h>

#include "runtime/chan.h"
#include "runtime/internal.h"

/* The Go memory layouts sema.h promises (the stdlib declares these structs in Go source). */
_Static_assert(sizeof(GoMutex) == 8, "sync.Mutex is 8 bytes");
_Static_assert(sizeof(GoRWMutex) == 24 && offsetof(GoRWMutex, readerCount) == 16, "sync.RWMutex");
_Static_assert(sizeof(GoWaitGroup) == 16 && offsetof(GoWaitGroup, sema) == 8, "sync.WaitGroup");
_Static_assert(sizeof(notifyList) == 32 && offsetof(notifyList, head) == 16, "notifyList");

enum { SemTabSize = 251 };

typedef struct semaRoot {
  mutex lock;
  uint32_t nwait; /* atomic */
  sudog *head;    /* lock */
} semaRoot;

static struct {
  semaRoot root;
  uint8_t pad[64 - sizeof(semaRoot)];
} semtable[SemTabSize];

static semaRoot *semroot(uint32_t *addr) {
  return &semtable[((uintptr_t)addr >> 3) % SemTabSize].root;
}

static bool cansemacquire(uint32_t *addr) {
  uint32_t v = __atomic_load_n(addr, __ATOMIC_ACQUIRE);
  while (v != 0)
    if (__atomic_compare_exchange_n(addr, &v, v - 1, true, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      return true;
  return false;
}

/* root->lock held. Adds s (s->g, s->addr set) as a waiter for s->addr. */
static void semaqueue(semaRoot *root, sudog *s, bool lifo) {
  s->waitlink = NULL;
  s->waittail = NULL;
  for (sudog *t = root->head; t; t = t->next) {
    if (t->addr != s->addr) continue;
    if (lifo) {
      /* s replaces t as the head of the address's list; t becomes its first follower. */
      s->prev = t->prev;
      s->next = t->next;
      if (s->prev) s->prev->next = s;
      else root->head = s;
      if (s->next) s->next->prev = s;
      s->waitlink = t;
      s->waittail = t->waittail ? t->waittail : t;
      t->waittail = NULL;
      t->next = t->prev = NULL;
    } else {
      if (t->waittail) t->waittail->waitlink = s;
      else t->waitlink = s;
      t->waittail = s;
    }
    return;
  }
  /* A new address: push its list at the front. */
  s->prev = NULL;
  s->next = root->head;
  if (root->head) root->head->prev = s;
  root->head = s;
}

/* root->lock held. Removes and returns the first waiter for addr, or NULL. */
static sudog *semadequeue(semaRoot *root, uintptr_t addr) {
  sudog *t = root->head;
  while (t && t->addr != addr) t = t->next;
  if (!t) return NULL;
  sudog *t2 = t->waitlink;
  if (t2) {
    /* The next waiter heads the address's list in t's place. */
    t2->prev = t->prev;
    t2->next = t->next;
    if (t2->prev) t2->prev->next = t2;
    else root->head = t2;
    if (t2->next) t2->next->prev = t2;
    t2->waittail = t2->waitlink ? t->waittail : NULL;
  } else {
    if (t->prev) t->prev->next = t->next;
    else root->head = t->next;
    if (t->next) t->next->prev = t->prev;
  }
  t->next = t->prev = t->waitlink = t->waittail = NULL;
  return t;
}

void semacquire1(uint32_t *addr, bool lifo, waitReason reason) {
  if (cansemacquire(addr)) return;
  sudog *s = acquireSudog();
  semaRoot *root = semroot(addr);
  for (;;) {
    runtime_lock(&root->lock);
    /* Announce the wait before re-checking (see the file comment). */
    __atomic_add_fetch(&root->nwait, 1, __ATOMIC_SEQ_CST);
    if (cansemacquire(addr)) {
      __atomic_sub_fetch(&root->nwait, 1, __ATOMIC_SEQ_CST);
      runtime_unlock(&root->lock);
      break;
    }
    s->g = getg();
    s->addr = (uintptr_t)addr;
    s->ticket = 0;
    semaqueue(root, s, lifo);
    goparkunlock(&root->lock, reason);
    /* Woken by semrelease, which dequeued s: either the count was handed to us, or try again. */
    if (s->ticket != 0 || cansemacquire(addr)) break;
  }
  s->g = NULL;
  s->addr = 0;
  s->ticket = 0;
  releaseSudog(s);
}

void semacquire(uint32_t *addr) { semacquire1(addr, false, waitReasonSemacquire); }

void semrelease1(uint32_t *addr, bool handoff) {
  semaRoot *root = semroot(addr);
  __atomic_add_fetch(addr, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&root->nwait, __ATOMIC_SEQ_CST) == 0) return;
  runtime_lock(&root->lock);
  if (__atomic_load_n(&root->nwait, __ATOMIC_RELAXED) == 0) {
    runtime_unlock(&root->lock); /* the count was taken by someone else */
    return;
  }
  sudog *s = semadequeue(root, (uintptr_t)addr);
  if (s) __atomic_sub_fetch(&root->nwait, 1, __ATOMIC_SEQ_CST);
  runtime_unlock(&root->lock);
  if (!s) return;
  if (s->ticket != 0) throw("corrupted semaphore ticket");
  bool handed = handoff && cansemacquire(addr);
  if (handed) s->ticket = 1; /* the waiter owns the count we just took back */
  goready(s->g);             /* s is the waiter's from here on */
  if (handed && getg()->m->locks == 0) gosched(); /* let the waiter run now (Go's goyield) */
}

void semrelease(uint32_t *addr) { semrelease1(addr, false); }

/* ---- sync.Mutex (Go's sync/mutex.go algorithm: normal and starvation modes) ---------------------- */

enum {
  mutexLocked = 1,
  mutexWoken = 2,
  mutexStarving = 4,
  mutexWaiterShift = 3,
};
#define STARVATION_THRESHOLD_NS (1000 * 1000)

/* Active spinning only makes sense on a multicore machine with other running Ps and an empty local
 * run queue, for a few iterations (Go's sync_runtime_canSpin). */
static bool canspin(int iter) {
  if (iter >= 4 || ncpu <= 1) return false;
  int32_t procs = __atomic_load_n(&gomaxprocs, __ATOMIC_RELAXED);
  uint32_t idle = __atomic_load_n(&sched.npidle, __ATOMIC_RELAXED);
  uint32_t spinning = __atomic_load_n(&sched.nmspinning, __ATOMIC_RELAXED);
  if (procs <= (int32_t)(idle + spinning) + 1) return false;
  p *pp = getg()->m->p;
  return pp && runqempty(pp);
}

static void dospin(void) {
  for (int i = 0; i < 30; i++) __builtin_ia32_pause();
}

static bool cas32(int32_t *a, int32_t old, int32_t new) {
  return __atomic_compare_exchange_n(a, &old, new, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static void mutex_lockslow(GoMutex *mu) {
  int64_t waitStart = 0;
  bool starving = false, awoke = false;
  int iter = 0;
  int32_t old = __atomic_load_n(&mu->state, __ATOMIC_RELAXED);
  for (;;) {
    /* Spin while locked in normal mode, telling Unlock not to wake others (mutexWoken). */
    if ((old & (mutexLocked | mutexStarving)) == mutexLocked && canspin(iter)) {
      if (!awoke && (old & mutexWoken) == 0 && (old >> mutexWaiterShift) != 0 &&
          cas32(&mu->state, old, old | mutexWoken))
        awoke = true;
      dospin();
      iter++;
      old = __atomic_load_n(&mu->state, __ATOMIC_RELAXED);
      continue;
    }
    int32_t new = old;
    if ((old & mutexStarving) == 0) new |= mutexLocked; /* starving: new arrivals queue */
    if ((old & (mutexLocked | mutexStarving)) != 0) new += 1 << mutexWaiterShift;
    if (starving && (old & mutexLocked) != 0) new |= mutexStarving;
    if (awoke) {
      if ((new & mutexWoken) == 0) throw("sync: inconsistent mutex state");
      new &= ~mutexWoken;
    }
    if (cas32(&mu->state, old, new)) {
      if ((old & (mutexLocked | mutexStarving)) == 0) break; /* locked it */
      bool lifo = waitStart != 0;
      if (waitStart == 0) waitStart = nanotime();
      semacquire1(&mu->sema, lifo, waitReasonSemacquire);
      starving = starving || nanotime() - waitStart > STARVATION_THRESHOLD_NS;
      old = __atomic_load_n(&mu->state, __ATOMIC_RELAXED);
      if ((old & mutexStarving) != 0) {
        /* Handed off in starvation mode: we own it; fix up the state. */
        if ((old & (mutexLocked | mutexWoken)) != 0 || (old >> mutexWaiterShift) == 0)
          throw("sync: inconsistent mutex state");
        int32_t delta = mutexLocked - (1 << mutexWaiterShift);
        if (!starving || (old >> mutexWaiterShift) == 1) delta -= mutexStarving;
        __atomic_add_fetch(&mu->state, delta, __ATOMIC_ACQ_REL);
        break;
      }
      awoke = true;
      iter = 0;
    } else {
      old = __atomic_load_n(&mu->state, __ATOMIC_RELAXED);
    }
  }
}

void sync_Mutex_Lock(GoMutex *mu) {
  if (cas32(&mu->state, 0, mutexLocked)) return;
  mutex_lockslow(mu);
}

bool sync_Mutex_TryLock(GoMutex *mu) {
  int32_t old = __atomic_load_n(&mu->state, __ATOMIC_RELAXED);
  if ((old & (mutexLocked | mutexStarving)) != 0) return false;
  return cas32(&mu->state, old, old | mutexLocked);
}

static void mutex_unlockslow(GoMutex *mu, int32_t new) {
  if (((new + mutexLocked) & mutexLocked) == 0) throw("sync: unlock of unlocked mutex");
  if ((new & mutexStarving) == 0) {
    int32_t old = new;
    for (;;) {
      /* Nobody to wake, or someone already woken/holding it. */
      if ((old >> mutexWaiterShift) == 0 || (old & (mutexLocked | mutexWoken | mutexStarving)) != 0)
        return;
      new = (old - (1 << mutexWaiterShift)) | mutexWoken;
      if (cas32(&mu->state, old, new)) {
        semrelease1(&mu->sema, false);
        return;
      }
      old = __atomic_load_n(&mu->state, __ATOMIC_RELAXED);
    }
  }
  /* Starvation mode: hand ownership to the first waiter. */
  semrelease1(&mu->sema, true);
}

void sync_Mutex_Unlock(GoMutex *mu) {
  int32_t new = __atomic_add_fetch(&mu->state, -mutexLocked, __ATOMIC_ACQ_REL);
  if (new != 0) mutex_unlockslow(mu, new);
}

/* ---- sync.RWMutex (Go 1.19's sync/rwmutex.go) ---------------------------------------------------- */

enum { rwmutexMaxReaders = 1 << 30 };

void sync_RWMutex_RLock(GoRWMutex *rw) {
  if (__atomic_add_fetch(&rw->readerCount, 1, __ATOMIC_ACQ_REL) < 0)
    semacquire1(&rw->readerSem, false, waitReasonSemacquire); /* a writer is pending */
}

bool sync_RWMutex_TryRLock(GoRWMutex *rw) {
  int32_t c = __atomic_load_n(&rw->readerCount, __ATOMIC_RELAXED);
  for (;;) {
    if (c < 0) return false;
    if (__atomic_compare_exchange_n(&rw->readerCount, &c, c + 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED))
      return true;
  }
}

void sync_RWMutex_RUnlock(GoRWMutex *rw) {
  int32_t r = __atomic_add_fetch(&rw->readerCount, -1, __ATOMIC_ACQ_REL);
  if (r >= 0) return;
  if (r + 1 == 0 || r + 1 == -rwmutexMaxReaders) throw("sync: RUnlock of unlocked RWMutex");
  /* A writer is pending: the last departing reader wakes it. */
  if (__atomic_add_fetch(&rw->readerWait, -1, __ATOMIC_ACQ_REL) == 0) semrelease1(&rw->writerSem, false);
}

void sync_RWMutex_Lock(GoRWMutex *rw) {
  sync_Mutex_Lock(&rw->w); /* exclude other writers */
  int32_t r = __atomic_add_fetch(&rw->readerCount, -rwmutexMaxReaders, __ATOMIC_ACQ_REL) +
              rwmutexMaxReaders;
  if (r != 0 && __atomic_add_fetch(&rw->readerWait, r, __ATOMIC_ACQ_REL) != 0)
    semacquire1(&rw->writerSem, false, waitReasonSemacquire);
}

bool sync_RWMutex_TryLock(GoRWMutex *rw) {
  if (!sync_Mutex_TryLock(&rw->w)) return false;
  if (!cas32(&rw->readerCount, 0, -rwmutexMaxReaders)) {
    sync_Mutex_Unlock(&rw->w);
    return false;
  }
  return true;
}

void sync_RWMutex_Unlock(GoRWMutex *rw) {
  int32_t r = __atomic_add_fetch(&rw->readerCount, rwmutexMaxReaders, __ATOMIC_ACQ_REL);
  if (r >= rwmutexMaxReaders) throw("sync: Unlock of unlocked RWMutex");
  for (int32_t i = 0; i < r; i++) semrelease1(&rw->readerSem, false); /* blocked readers */
  sync_Mutex_Unlock(&rw->w);
}

/* ---- sync.WaitGroup -------------------------------------------------------------------------------- */

const char *sync_WaitGroup_Add(GoWaitGroup *wg, int64_t delta) {
  uint64_t state = __atomic_add_fetch(&wg->state, (uint64_t)delta << 32, __ATOMIC_ACQ_REL);
  int32_t v = (int32_t)(state >> 32);
  uint32_t w = (uint32_t)state;
  if (v < 0) return "sync: negative WaitGroup counter";
  if (w != 0 && delta > 0 && v == (int32_t)delta)
    return "sync: WaitGroup misuse: Add called concurrently with Wait";
  if (v > 0 || w == 0) return NULL;
  /* The counter reached 0 with waiters: nobody may touch the state concurrently now. */
  if (__atomic_load_n(&wg->state, __ATOMIC_ACQUIRE) != state)
    return "sync: WaitGroup misuse: Add called concurrently with Wait";
  __atomic_store_n(&wg->state, 0, __ATOMIC_RELEASE);
  for (; w != 0; w--) semrelease1(&wg->sema, false);
  return NULL;
}

const char *sync_WaitGroup_Wait(GoWaitGroup *wg) {
  uint64_t state = __atomic_load_n(&wg->state, __ATOMIC_ACQUIRE);
  for (;;) {
    if ((int32_t)(state >> 32) == 0) return NULL;
    if (__atomic_compare_exchange_n(&wg->state, &state, state + 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
      semacquire(&wg->sema);
      if (__atomic_load_n(&wg->state, __ATOMIC_ACQUIRE) != 0)
        return "sync: WaitGroup is reused before previous Wait has returned";
      return NULL;
    }
  }
}

/* ---- notify lists (Go's notifyList in sema.go) -------------------------------------------------- */

/* a < b in ticket order (wrap-around safe). */
static bool less(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

uint32_t notifyListAdd(notifyList *l) {
  return __atomic_fetch_add(&l->wait, 1, __ATOMIC_ACQ_REL);
}

void notifyListWait(notifyList *l, uint32_t t) {
  runtime_lock(&l->lock);
  if (less(t, __atomic_load_n(&l->notify, __ATOMIC_RELAXED))) {
    runtime_unlock(&l->lock); /* already notified */
    return;
  }
  sudog *s = acquireSudog();
  s->g = getg();
  s->ticket = t;
  if (l->tail) l->tail->next = s;
  else l->head = s;
  l->tail = s;
  goparkunlock(&l->lock, waitReasonSyncCondWait);
  s->g = NULL;
  s->ticket = 0;
  releaseSudog(s);
}

void notifyListNotifyAll(notifyList *l) {
  if (__atomic_load_n(&l->wait, __ATOMIC_ACQUIRE) == __atomic_load_n(&l->notify, __ATOMIC_ACQUIRE))
    return; /* nobody since the last notification */
  runtime_lock(&l->lock);
  sudog *s = l->head;
  l->head = l->tail = NULL;
  __atomic_store_n(&l->notify, __atomic_load_n(&l->wait, __ATOMIC_ACQUIRE), __ATOMIC_RELEASE);
  runtime_unlock(&l->lock);
  while (s) {
    sudog *next = s->next;
    s->next = NULL;
    goready(s->g);
    s = next;
  }
}

void notifyListNotifyOne(notifyList *l) {
  if (__atomic_load_n(&l->wait, __ATOMIC_ACQUIRE) == __atomic_load_n(&l->notify, __ATOMIC_ACQUIRE))
    return;
  runtime_lock(&l->lock);
  uint32_t t = l->notify;
  if (t == __atomic_load_n(&l->wait, __ATOMIC_ACQUIRE)) {
    runtime_unlock(&l->lock);
    return;
  }
  __atomic_store_n(&l->notify, t + 1, __ATOMIC_RELEASE);
  /* The waiter holding ticket t may not have queued yet; then it sees notify > t and returns. */
  for (sudog *prev = NULL, *s = l->head; s; prev = s, s = s->next) {
    if (s->ticket != t) continue;
    sudog *n = s->next;
    if (prev) prev->next = n;
    else l->head = n;
    if (!n) l->tail = prev;
    runtime_unlock(&l->lock);
    s->next = NULL;
    goready(s->g);
    return;
  }
  runtime_unlock(&l->lock);
}

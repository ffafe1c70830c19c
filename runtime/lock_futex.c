/* Runtime mutexes and notes on Linux futexes (the shape of Go's lock_futex.go).
 *
 * mutex.key: 0 unlocked, 1 locked, 2 locked and maybe someone sleeping in the kernel. A locker
 * spins briefly (active spin with PAUSE, then sched_yield), then swaps in 2 and sleeps; unlock
 * swaps in 0 and wakes one sleeper only when the old value was 2.
 *
 * note.key: 0 clear, 1 woken. One M sleeps, one M wakes, once per clear. Every access is an
 * __atomic builtin, so TSan sees the happens-before edges. */
#include <sched.h>

#include "runtime/internal.h"

enum { mutex_unlocked = 0, mutex_locked = 1, mutex_sleeping = 2 };
enum { active_spin = 4, active_spin_cnt = 30, passive_spin = 1 };

static inline void procyield(int n) {
  for (int i = 0; i < n; i++) __builtin_ia32_pause();
}

/* The M of the calling thread, or NULL on a thread the runtime does not know. */
static inline m *lockm(void) {
  g *gp = getg();
  return gp ? gp->m : NULL;
}

void runtime_lock(mutex *l) {
  m *mp = lockm();
  if (mp) mp->locks++;

  uint32_t v = __atomic_exchange_n(&l->key, mutex_locked, __ATOMIC_ACQUIRE);
  if (v == mutex_unlocked) return;
  /* wait is the state to leave behind when we get the lock: if anyone may be sleeping, keep 2 so
   * our unlock wakes them. */
  uint32_t wait = v;
  int spin = ncpu > 1 ? active_spin : 0;
  for (;;) {
    for (int i = 0; i < spin; i++) {
      while (__atomic_load_n(&l->key, __ATOMIC_RELAXED) == mutex_unlocked) {
        uint32_t exp = mutex_unlocked;
        if (__atomic_compare_exchange_n(&l->key, &exp, wait, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
          return;
      }
      procyield(active_spin_cnt);
    }
    for (int i = 0; i < passive_spin; i++) {
      while (__atomic_load_n(&l->key, __ATOMIC_RELAXED) == mutex_unlocked) {
        uint32_t exp = mutex_unlocked;
        if (__atomic_compare_exchange_n(&l->key, &exp, wait, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
          return;
      }
      sched_yield();
    }
    v = __atomic_exchange_n(&l->key, mutex_sleeping, __ATOMIC_ACQUIRE);
    if (v == mutex_unlocked) return;
    wait = mutex_sleeping;
    futexsleep(&l->key, mutex_sleeping, -1);
  }
}

void runtime_unlock(mutex *l) {
  uint32_t v = __atomic_exchange_n(&l->key, mutex_unlocked, __ATOMIC_RELEASE);
  if (v == mutex_unlocked) throw("unlock of unlocked lock");
  if (v == mutex_sleeping) futexwakeup(&l->key, 1);
  m *mp = lockm();
  if (mp) {
    if (mp->locks == 0) throw("runtime_unlock: lock count");
    mp->locks--;
  }
}

void noteclear(note *n) { __atomic_store_n(&n->key, 0, __ATOMIC_RELAXED); }

void notewakeup(note *n) {
  uint32_t old = __atomic_exchange_n(&n->key, 1, __ATOMIC_RELEASE);
  if (old != 0) throw("notewakeup - double wakeup");
  futexwakeup(&n->key, 1);
}

void notesleep(note *n) {
  while (__atomic_load_n(&n->key, __ATOMIC_ACQUIRE) == 0) futexsleep(&n->key, 0, -1);
}

bool notetsleep(note *n, int64_t ns) {
  if (ns < 0) {
    notesleep(n);
    return true;
  }
  if (__atomic_load_n(&n->key, __ATOMIC_ACQUIRE) != 0) return true;
  int64_t deadline = nanotime() + ns;
  for (;;) {
    futexsleep(&n->key, 0, ns);
    if (__atomic_load_n(&n->key, __ATOMIC_ACQUIRE) != 0) return true;
    int64_t now = nanotime();
    if (now >= deadline) return false;
    ns = deadline - now;
  }
}

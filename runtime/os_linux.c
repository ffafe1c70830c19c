/* Linux: futexes, threads, CPU count, signals masks, time, randomness. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "arch/arch.h"
#include "runtime/internal.h"

/* Sleeps while *addr == val, at most ns nanoseconds (ns < 0: no limit). Spurious wake-ups are
 * allowed; callers re-check. */
void futexsleep(uint32_t *addr, uint32_t val, int64_t ns) {
  struct timespec ts, *tsp = NULL;
  if (ns >= 0) {
    ts.tv_sec = ns / 1000000000;
    ts.tv_nsec = ns % 1000000000;
    tsp = &ts;
  }
  syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, tsp, NULL, 0);
}

void futexwakeup(uint32_t *addr, uint32_t cnt) {
  long r = syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, cnt, NULL, NULL, 0);
  if (r < 0) throw("futexwakeup failed");
}

/* The number of CPUs this process may run on (sched_getaffinity's mask), like Go. */
int32_t getproccount(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  int n = CPU_COUNT(&set);
  return n > 0 ? n : 1;
}

void osinit(void) {
  ncpu = getproccount();
  if (physPageSize == 0) physPageSize = (uintptr_t)sysconf(_SC_PAGESIZE);
  bootprint("osinit ncpu=%d pagesize=%lu", ncpu, (unsigned long)physPageSize);
}

int64_t runtime_gettid(void) { return (int64_t)syscall(SYS_gettid); }

void runtime_usleep(uint32_t usec) {
  struct timespec ts = {usec / 1000000, (long)(usec % 1000000) * 1000};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

int64_t nanotime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void runtime_getrandom(void *buf, size_t n) {
  uint8_t *b = buf;
  while (n > 0) {
    ssize_t r = getrandom(b, n, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      /* No entropy source: fall back to time and addresses (only seeds hashing). */
      uint64_t x = (uint64_t)nanotime() ^ (uint64_t)(uintptr_t)buf;
      for (size_t i = 0; i < n; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        b[i] = (uint8_t)(x >> 56);
      }
      return;
    }
    b += r;
    n -= (size_t)r;
  }
}

/* The first code of every new thread: bind g0, learn the stack the thread library gave us. */
static void *mstart_thread(void *arg) {
  m *mp = arg;
  runtime_g_tls = mp->g0;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void *addr;
    size_t size;
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    mp->g0->stack.lo = (uintptr_t)addr;
    mp->g0->stack.hi = (uintptr_t)addr + size;
  }
  mstart();
  return NULL; /* not reached */
}

/* Starts an OS thread running mp (its g0 stack is the thread's own). Signals are blocked during
 * creation so the new thread starts with everything masked until minit. */
void newosproc(m *mp) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, GOL_M_STACK_SIZE);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t tid;
  int err = pthread_create(&tid, &attr, mstart_thread, mp);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  if (err != 0) {
    runtime_printf("runtime: failed to create new OS thread (have %d already; errno=%d)\n",
                   (int)mcount(), err);
    throw("newosproc");
  }
}

/* Per-thread initialisation on the new M: record the kernel thread id and unblock the signals the
 * process had unblocked at boot (the mask is inherited from m0, so nothing changes for m0). */
static sigset_t initSigmask;
static bool initSigmaskSet;

void minit(void) {
  m *mp = getg()->m;
  __atomic_store_n(&mp->procid, (uint64_t)runtime_gettid(), __ATOMIC_RELAXED);
  if (mp == &runtime_m0) {
    pthread_sigmask(SIG_SETMASK, NULL, &initSigmask);
    __atomic_store_n(&initSigmaskSet, true, __ATOMIC_RELEASE);
  } else if (__atomic_load_n(&initSigmaskSet, __ATOMIC_ACQUIRE)) {
    pthread_sigmask(SIG_SETMASK, &initSigmask, NULL);
  }
}

/* Signal set-up on m0. gol installs no handlers yet: Go's SIGSEGV-to-panic conversion needs the VM
 * to report nil dereferences itself (it does, as checked errors), SIGPIPE keeps the default (Go
 * also dies of SIGPIPE on stdout), and leaving SIGSEGV/SIGBUS alone keeps the sanitizers' own
 * handlers working. Signal delivery to scripts (os/signal) is a later issue. */
void mstartm0(void) {}

/* Library mode: booting the runtime inside a host program, and running work for host threads.
 *
 * In executable mode the process entry is rt0 (arch/README.md). An embedder's process instead
 * starts through crt1's _start and the host's own main; libc is initialised, the executable's
 * init arrays have run, and the host keeps its main thread. Go calls this c-archive mode. The
 * runtime is booted here, once per process, on a thread of its own:
 *
 *   runtime_libmode_boot (host thread)           creates the m0 thread, then waits on `booted`
 *   m0_thread (new thread)                        bind TLS g = &g0, g0 <-> m0, g0 stack bounds from
 *                                                 the thread's attributes, CPUID facts (rt0_go's
 *                                                 job), runtime_check, runtime_args_from_libc,
 *                                                 osinit, schedinit, newproc(runtime_main), mstart
 *   runtime_main (goroutine 1, on m0)             sysmon, doInit(runtime), gcenable, then the
 *                                                 library-mode early return (proc.c) calls
 *   libmode_main_done                             runs the library's init (the VM's hooks: before
 *                                                 any other goroutine exists), starts the
 *                                                 dispatcher goroutine, sets `booted`
 *
 * and the scheduler keeps running with nothing to do (checkdead is off in library mode: an idle
 * runtime is waiting for the host, not deadlocked).
 *
 * Work from the host (runtime_libcall): a host thread is not an M and holds no P, so it cannot
 * call newproc. It queues a libcall under lq.lock and readies the dispatcher goroutine if it is
 * parked (goready from a thread without a P puts the G on the global run queue and wakes an idle
 * P: see goready in proc.c). The dispatcher, an ordinary goroutine, calls newproc for each queued
 * libcall; that goroutine runs fn(arg), publishes `done` and wakes the host thread, which sleeps
 * on a futex meanwhile. This is a simpler cousin of Go's cgo callbacks (needm/dropm lend the host
 * thread an M instead): the host thread never runs Go code, so it never needs a g, an m or a P,
 * and a host thread blocked in a call holds no runtime resources at all.
 *
 * Invariants:
 *   - lq.head/lq.tail/lq.parked are guarded by lq.lock. lq.parked is non-NULL only while the
 *     dispatcher is parked (or about to be: it is set under the lock just before goparkunlock,
 *     which marks the G waiting before it releases the lock, so whoever reads it under the lock
 *     may goready it).
 *   - A libcall lives on the host thread's stack. After the goroutine stores done = 1 it touches
 *     the libcall no more, except for the futex wake on its address, whose errors are ignored
 *     (the waiter may have returned already: a spurious wake or EFAULT harms nobody).
 *   - booted goes 0 -> 1 once; boot_mu serialises boot attempts. */
#define _GNU_SOURCE
#include <cpuid.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch/arch.h"
#include "runtime/internal.h"

typedef struct libcall {
  void (*fn)(void *);
  void *arg;
  struct libcall *next; /* lq.lock */
  uint32_t done;        /* atomic: 1 once fn returned */
} libcall;

static struct {
  mutex lock;
  libcall *head, *tail;
  g *parked; /* the dispatcher while parked on an empty queue */
} lq;

static pthread_mutex_t boot_mu = PTHREAD_MUTEX_INITIALIZER;
static uint32_t booted; /* atomic; futex word the booting host thread sleeps on */
static int boot_argc;
static char **boot_argv;
static char **boot_envp;
static void (*boot_init)(void);

bool runtime_libmode(void) { return runtime_islibrary; }

/* Sets *word to 1 and wakes its sleepers. The waiter may already have gone (see invariants), so
 * the result of the wake is ignored rather than thrown on like futexwakeup does. */
static void wake_word(uint32_t *word) {
  __atomic_store_n(word, 1, __ATOMIC_RELEASE);
  (void)syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static void wait_word(uint32_t *word) {
  while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == 0) futexsleep(word, 0, -1);
}

/* ---- the dispatcher goroutine ------------------------------------------------------------------ */

static void libcall_entry(void *arg) {
  libcall *c = arg;
  c->fn(c->arg);
  wake_word(&c->done); /* last touch of *c */
}

static void dispatcher(void *unused) {
  (void)unused;
  for (;;) {
    runtime_lock(&lq.lock);
    while (!lq.head) {
      lq.parked = getg();
      goparkunlock(&lq.lock, waitReasonZero);
      runtime_lock(&lq.lock);
    }
    libcall *c = lq.head;
    lq.head = lq.tail = NULL;
    runtime_unlock(&lq.lock);
    while (c) {
      libcall *next = c->next; /* read before the call can finish and the host frees c */
      newproc(libcall_entry, c);
      c = next;
    }
  }
}

void runtime_libcall(void (*fn)(void *), void *arg) {
  if (getg()) throw("runtime_libcall on a runtime thread");
  libcall c = {fn, arg, NULL, 0};
  runtime_lock(&lq.lock);
  if (lq.tail) lq.tail->next = &c;
  else lq.head = &c;
  lq.tail = &c;
  g *w = lq.parked;
  lq.parked = NULL;
  runtime_unlock(&lq.lock);
  if (w) goready(w);
  wait_word(&c.done);
}

/* ---- boot ----------------------------------------------------------------------------------------- */

void libmode_main_done(void) {
  if (boot_init) boot_init();
  newproc(dispatcher, NULL);
  bootprint("libmode: runtime up, returning to the host");
  wake_word(&booted);
}

/* rt0_go's CPU probe (asm_amd64.S), for the globals arch.h documents. */
static void cpuprobe(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(0, &a, &b, &c, &d)) return;
  runtime_cpuid_maxleaf = a;
  memcpy(runtime_cpu_vendor + 0, &b, 4);
  memcpy(runtime_cpu_vendor + 4, &d, 4);
  memcpy(runtime_cpu_vendor + 8, &c, 4);
  runtime_cpu_vendor[12] = 0;
  if (a >= 1 && __get_cpuid(1, &a, &b, &c, &d)) {
    runtime_processorVersionInfo = a;
    runtime_cpuid_ecx1 = c;
    runtime_cpuid_edx1 = d;
  }
}

/* The m0 thread: what rt0_go does after the process entry, then the same boot chain. Never
 * returns. */
static void *m0_thread(void *unused) {
  (void)unused;
  runtime_g_tls = &runtime_g0;
  runtime_m0.g0 = &runtime_g0;
  runtime_g0.m = &runtime_m0;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) runtime_abort();
  void *addr;
  size_t size;
  pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_destroy(&attr);
  runtime_g0.stack.lo = (uintptr_t)addr;
  runtime_g0.stack.hi = (uintptr_t)addr + size;
  runtime_g0.stackguard0 = runtime_g0.stack.lo;
  cpuprobe();
  runtime_check();
  runtime_args_from_libc(boot_argc, boot_argv, boot_envp);
  parsedebugvars(); /* for boottrace's first lines; schedinit parses again, idempotently */
  bootprint("libmode: m0 thread (gol_open) g0.stack=[%#lx,%#lx)", (unsigned long)runtime_g0.stack.lo,
            (unsigned long)runtime_g0.stack.hi);
  osinit();
  schedinit();
  newproc(runtime_main, NULL);
  mstart();
  runtime_abort(); /* mstart never returns */
}

/* A copy of environ with GOMAXPROCS=procs in place of any existing setting (schedinit reads the
 * setting from the environment, as in executable mode). Never freed: runtime_envp() keeps it. */
static char **make_envp(int32_t procs) {
  extern char **environ;
  size_t n = 0;
  for (char **e = environ; e && *e; e++) n++;
  char **envp = calloc(n + 2, sizeof *envp);
  if (!envp) return NULL;
  size_t k = 0;
  for (char **e = environ; e && *e; e++)
    if (procs <= 0 || strncmp(*e, "GOMAXPROCS=", 11) != 0) envp[k++] = *e;
  if (procs > 0) {
    char buf[32];
    snprintf(buf, sizeof buf, "GOMAXPROCS=%d", (int)procs);
    envp[k] = strdup(buf);
    if (!envp[k]) return NULL;
    k++;
  }
  envp[k] = NULL;
  return envp;
}

bool runtime_libmode_boot(int32_t procs, int argc, char **argv, void (*init)(void)) {
  if (getg()) return false; /* a runtime thread: executable mode, or a call from a goroutine */
  if (__atomic_load_n(&booted, __ATOMIC_ACQUIRE)) return true;
  pthread_mutex_lock(&boot_mu);
  bool ok = true;
  if (runtime_m0.g0 && !runtime_islibrary) {
    ok = false; /* booted by rt0 (executable mode): there is no dispatcher to serve host calls */
  } else if (!__atomic_load_n(&booted, __ATOMIC_ACQUIRE)) {
    boot_argc = argv ? argc : 0;
    boot_argv = argv;
    boot_envp = make_envp(procs);
    boot_init = init;
    runtime_islibrary = true;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, GOL_M_STACK_SIZE);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t tid;
    ok = boot_envp && pthread_create(&tid, &attr, m0_thread, NULL) == 0;
    pthread_attr_destroy(&attr);
    if (ok) wait_word(&booted);
  }
  pthread_mutex_unlock(&boot_mu);
  return ok;
}

/* The program's entry in executable mode is the gol CLI's main_main (stdlib/cmd/gol.c). A host
 * program has none, and runtime_main never calls it in library mode; this weak definition only
 * satisfies proc.c's reference when libgol is linked into a host. */
__attribute__((weak)) void main_main(void) { throw("main_main called in library mode"); }

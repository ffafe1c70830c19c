/* The runtime's public API: what the VM, the stdlib and the CLI use.
 *
 * Everything here may be called from a goroutine (a G running on an M that holds a P) unless a
 * comment says otherwise. The scheduler's data structures are in runtime2.h, included for the few
 * inline fast paths below (getg, the preemption poll, the C stack check); code outside runtime/
 * reads only the fields documented as public there (g->goid, g->vm, g->preempt, g->stack).
 *
 * Threads: a goroutine may resume on a different OS thread after any call that can park or yield
 * (gopark, gosched, runtime_preempt_park, exitsyscall, GOMAXPROCS). Never keep a pointer to
 * thread-local storage across such a call; use getg() again afterwards. */
#ifndef GOL_RUNTIME_H
#define GOL_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/runtime2.h"
#include "runtime/malloc.h"

/* ---- the current goroutine ------------------------------------------------------------------- */

/* The G running on this thread (g0 when on the scheduler stack). Reads the thread-local
 * register every time: a goroutine can migrate between threads, so the value must not be cached
 * by the compiler across calls (volatile asm). */
static inline struct g *getg(void) {
  struct g *gp;
  __asm__ volatile("movq runtime_g_tls@gottpoff(%%rip), %0\n\t"
                   "movq %%fs:(%0), %0"
                   : "=r"(gp));
  return gp;
}

/* The current goroutine's id (1 for the main goroutine). */
static inline int64_t runtime_goid(void) { return getg()->goid; }

/* ---- goroutines ------------------------------------------------------------------------------- */

/* Starts a goroutine running fn(arg). Returns the new goroutine's id. */
int64_t newproc(void (*fn)(void *), void *arg);

/* Parks the current goroutine with the given wait reason. On the scheduler stack, unlockf(gp,
 * lock) runs after the G is marked waiting; if it returns false the G is made runnable again
 * immediately. unlockf may be NULL (always park). Another party must call goready(gp) to wake it.
 * reason is a waitReason (runtime2.h; the strings tracebacks print: "chan receive", "sleep"...). */
void gopark(bool (*unlockf)(struct g *gp, void *lock), void *lock, waitReason reason);
/* gopark with unlockf = unlock the runtime mutex *lock (it must be held by the caller). */
void goparkunlock(struct mutex *lock, waitReason reason);
/* Makes a parked goroutine runnable; it runs next on the caller's P. May be called from a G, from
 * g0, or from a thread without a P (then the G goes to the global run queue). */
void goready(struct g *gp);

/* Yields the processor: the current G goes to the global run queue (runtime.Gosched). */
void gosched(void);
void runtime_Gosched(void);
/* A lock for goroutines that waits by yielding (gosched) instead of blocking its M: a
 * stop-the-world never waits for a waiter, which keeps its P only while it runs. *l is 1 while
 * held. The holder must not wait for the world (nor for anything a stopped G holds). */
void gosched_lock(uint32_t *l);
static inline void gosched_unlock(uint32_t *l) { __atomic_store_n(l, 0, __ATOMIC_RELEASE); }

/* The VM polls this at loop back-edges and calls; sysmon sets it on Gs running for > 10 ms and
 * stop-the-world sets it on all. When it is true, call runtime_preempt_park(). */
static inline bool runtime_preempt_requested(struct g *gp) {
  return __atomic_load_n(&gp->preempt, __ATOMIC_RELAXED) != 0;
}
/* Clears the request and yields (the G goes to the global run queue, or stops for a
 * stop-the-world). */
void runtime_preempt_park(void);

/* A native about to block in the kernel (read, write, wait...) brackets the call so its P can run
 * other goroutines meanwhile; sysmon hands the P off if the call lasts more than ~20 us. Between
 * the two calls, do not touch goroutine state and do not allocate with mallocgc. */
void entersyscall(void);
void exitsyscall(void);

/* Wires the calling goroutine to its current thread (nests). */
void lockOSThread(void);
void unlockOSThread(void);

/* runtime.GOMAXPROCS(n): returns the previous setting; n <= 0 only queries. Changing it stops the
 * world briefly (every running G must reach a preemption point). */
int32_t runtime_GOMAXPROCS(int32_t n);
int32_t runtime_NumGoroutine(void);
int32_t runtime_NumCPU(void);

/* ---- the C stack -------------------------------------------------------------------------------
 * Every G has a fixed C stack of GOL_STACK_SIZE bytes without a guard page (see stack.c). The VM
 * does not recurse on the C stack for gol calls; a native that re-enters the VM (sort.Slice's less,
 * fmt calling String methods) must first check that `need` bytes remain, and fail with a stack
 * overflow instead of calling when they do not. */
static inline bool runtime_stack_ok(size_t need) {
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  return sp > getg()->stackguard0 + need;
}

/* Runs fn(arg) on the current M's scheduler (g0) stack, which is large; returns when fn returns. */
void systemstack(void (*fn)(void *), void *arg);

/* ---- init tasks ---------------------------------------------------------------------------------
 * Go's shape: a task runs its dependencies first (each once), then its functions in order.
 * state: 0 uninitialised, 1 in progress, 2 done. */
typedef struct initfn {
  void (*fn)(void *ctx);
  void *ctx;
} initfn;

typedef struct inittask {
  uintptr_t state;
  uintptr_t ndeps;
  uintptr_t nfns;
  struct inittask **deps;
  const initfn *fns;
  const char *name; /* for boottrace ("runtime", "main") */
} inittask;

void doInit(inittask *t);
/* The runtime's own init task, run by runtime_main before the program's. Runtime modules register
 * into it statically (inittask.c). */
extern inittask runtime_inittask;
/* The main program's init tasks, run by runtime_main after the runtime's (before main_main). The
 * program may define runtime_main_inittask; when it does not, there is nothing to run. */
extern inittask runtime_main_inittask __attribute__((weak));
/* The program's entry, called by runtime_main on the main goroutine (the gol CLI defines it). */
extern void main_main(void);

/* ---- process ----------------------------------------------------------------------------------- */

/* Flushes stdout/stderr (stdio) and ends the process with that status, even while other threads run.
 * Never returns. */
_Noreturn void runtime_exit(int code);
/* Prints "fatal error: " s, the goroutines' tracebacks (through the VM's hook), and exits with
 * status 2. For broken invariants and Go's fatal errors ("all goroutines are asleep - deadlock!").
 * Never returns. */
_Noreturn void throw(const char *s);
/* Ends the calling goroutine from anywhere on its stack (runtime.Goexit, once the VM has run its
 * deferred calls); the C frames above the G's entry are abandoned. Never returns. */
_Noreturn void goexit1(void);

/* Hooks the VM registers (once, before starting goroutines; NULL leaves the default). */
typedef struct runtime_hooks {
  /* On the exiting G's stack, after its entry function returned: frees gp->vm. */
  void (*goexit)(struct g *gp);
  /* Prints gp's frames (after the runtime printed "goroutine N [status]:") during throw. */
  void (*traceback)(struct g *gp);
} runtime_hooks;
void runtime_sethooks(const runtime_hooks *h);

/* Command line and environment (valid after args()/goargs(); never freed). */
int runtime_argc(void);
char **runtime_argv(void);
char **runtime_envp(void);

/* Monotonic time in nanoseconds. */
int64_t nanotime(void);
/* GOLDEBUG=inittrace=1 was set (Go's GODEBUG inittrace): the program driver traces package
 * initialisation. runtime_inittime is nanotime() when runtime_main started (the trace's origin). */
bool runtime_inittrace(void);
/* Prints "boot: " + the line to stderr under GOLDEBUG=boottrace=1 (drivers trace their own steps:
 * the CLI marks where the script's init tasks and main.main begin). */
void bootprint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int64_t runtime_inittime(void);

/* ---- runtime mutex ------------------------------------------------------------------------------
 * A futex mutex for short critical sections in runtime and VM code (channels, maps' locks). The
 * holder must not park (gopark) while holding one, except through goparkunlock. Not recursive. */
void runtime_lock(struct mutex *l);
void runtime_unlock(struct mutex *l);

/* ---- library mode (libmode.c) -------------------------------------------------------------------
 * How libgol (vm/api.c) runs the runtime inside a host program that has its own main thread and
 * crt1 start-up (Go's c-archive mode). Unlike the rest of this header, the two calls below are for
 * host threads that are NOT runtime threads (getg() == NULL there). */

/* Boots the runtime once per process: a new thread becomes m0 and runs osinit, schedinit,
 * newproc(runtime_main), mstart; runtime_main runs the runtime's init tasks and returns early
 * (runtime_islibrary). Returns when the scheduler runs and accepts work. procs > 0 sets
 * GOMAXPROCS (else the GOMAXPROCS environment variable or the CPU count, as in executable mode);
 * argv (NULL: none) becomes runtime_argv(). Later calls return at once (the runtime is
 * process-global). init (may be NULL) runs once on the main goroutine after the runtime's init
 * tasks and before any other goroutine starts (the library's own initialisation, where Go's
 * c-archive runs the archive's package inits): the VM registers its runtime hooks there.
 * Returns false only if called on a runtime thread or the thread cannot start. Thread-safe. */
bool runtime_libmode_boot(int32_t procs, int argc, char **argv, void (*init)(void));
/* Runs fn(arg) on a new goroutine and blocks the calling host thread until fn returns. Must be
 * called from a thread that is not a runtime thread, after runtime_libmode_boot. Thread-safe. */
void runtime_libcall(void (*fn)(void *), void *arg);
/* Whether the process booted through runtime_libmode_boot (rather than rt0). */
bool runtime_libmode(void);
/* runtime_main's library-mode early return calls this on the main goroutine (proc.c). */
void libmode_main_done(void);

/* Per-process randomness (seeded from AT_RANDOM / getrandom): map hash seeds, select order. */
uint32_t fastrand(void);
uint64_t fastrand64(void);
uintptr_t runtime_hashseed(void);

#endif

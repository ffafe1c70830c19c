/* Declarations shared between runtime/ files only (the runtime is one "package" split in files;
 * nothing outside runtime/ and arch/ includes this). */
#ifndef GOL_RUNTIME_INTERNAL_H
#define GOL_RUNTIME_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/runtime.h"

/* ---- sanitizer attributes ----------------------------------------------------------------------
 * NOSAN_SWITCH marks the scheduler functions that never return (they end in gogo). TSan's shadow
 * call stack is per fiber; an instrumented function that never returns would leave a frame on g0's
 * fiber each time, so these carry no instrumentation at all and do their real work in instrumented
 * helpers that do return. */
#if defined(GOL_SANITIZE_THREAD) && defined(__clang__)
/* clang's no_sanitize("thread") still emits __tsan_func_entry/__tsan_func_exit ("to provide
 * meaningful stack traces"); only disable_sanitizer_instrumentation (clang >= 14) removes them.
 * gcc's no_sanitize_thread skips the whole TSan pass for the function. */
#define NOSAN_SWITCH __attribute__((disable_sanitizer_instrumentation))
#elif defined(GOL_SANITIZE_THREAD)
#define NOSAN_SWITCH __attribute__((no_sanitize_thread))
#else
#define NOSAN_SWITCH
#endif
/* no_sanitize("...") is understood by both gcc and clang (gcc's no_sanitize_undefined is not). */
#define NOSAN_ALL __attribute__((no_sanitize("address", "thread", "undefined")))

/* ---- constants ---------------------------------------------------------------------------------- */
enum {
  MaxGomaxprocs = 1024,   /* the largest GOMAXPROCS accepted */
  GoidCacheBatch = 16,    /* goids a P takes from sched.goidgen at a time (Go's _GoidCacheBatch) */
  ForcePreemptNS = 10 * 1000 * 1000, /* sysmon preempts a G running longer than 10 ms */
};

/* C stack of each user G: virtual size; only touched pages cost memory (stack.c). Sanitizers make
 * frames several times larger. */
#if defined(GOL_SANITIZE_THREAD) || defined(GOL_SANITIZE_ADDRESS)
#define GOL_STACK_SIZE (512 * 1024)
#else
#define GOL_STACK_SIZE (64 * 1024)
#endif
/* Bytes below stackguard0 reserved for the runtime itself (throw, the switch paths). */
#define GOL_STACK_GUARD (8 * 1024)
/* Stack size of the OS threads that run new Ms (their g0 stack). */
#define GOL_M_STACK_SIZE (1024 * 1024)

/* ---- globals (proc.c) ------------------------------------------------------------------------- */
extern g runtime_g0;
extern m runtime_m0;
extern __thread g *runtime_g_tls __attribute__((tls_model("initial-exec")));
extern schedt sched;
extern p *allp[MaxGomaxprocs];
extern int32_t gomaxprocs;   /* atomic (written with the world stopped) */
extern int32_t ncpu;         /* set by osinit */
extern m *allm;              /* atomic push list */
extern bool runtime_islibrary;
extern int64_t runtimeInitTime;

/* ---- debug variables (runtime1.c) ----------------------------------------------------------- */
typedef struct dbgvars {
  int32_t boottrace;   /* print the boot chain */
  int32_t schedtrace;  /* ms between SCHED lines (sysmon) */
  int32_t scheddetail; /* reserved: detailed schedtrace */
  int32_t gogc;        /* GOGC percentage (-1: off); the collector is a later issue */
  int32_t inittrace;   /* trace package initialisation (read by the program driver) */
} dbgvars;
extern dbgvars debug;

/* ---- boot chain (runtime1.c, os_linux.c, proc.c) --------------------------------------------- */
void rt0_go_c(int argc, char **argv, void (*rtld_fini)(void));
void runtime_check(void);
void runtime_args(int argc, char **argv);
/* Library mode: argv/envp from the host program instead of the process stack. */
void runtime_args_from_libc(int argc, char **argv, char **envp);
void osinit(void);
void schedinit(void);
void mstart(void);
void runtime_main(void *unused);
void goargs(void);
void goenvs(void);
void parsedebugvars(void);
void gcinit(void);
void gcenable(void);
void stackinit(void);
void alginit(void);
void fastrandinit(m *mp);
void cpuinit(void);
const char *gogetenv(const char *name);
/* Prints "boot: " + the formatted line to stderr when GOLDEBUG=boottrace=1. */
void bootprint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Unbuffered formatted write to stderr (no stdio locks: usable from any thread and from throw). */
void runtime_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void runtime_abort(void);

/* auxv facts (runtime1.c) */
extern uintptr_t physPageSize;
extern const uint8_t *startupRandomData; /* AT_RANDOM: 16 bytes, or NULL */

/* ---- OS (os_linux.c) ----------------------------------------------------------------------- */
void futexsleep(uint32_t *addr, uint32_t val, int64_t ns);
void futexwakeup(uint32_t *addr, uint32_t cnt);
void newosproc(m *mp);
void minit(void);
void mstartm0(void);
int64_t runtime_gettid(void);
void runtime_usleep(uint32_t usec);
int32_t getproccount(void);
void runtime_getrandom(void *buf, size_t n);

/* ---- locks and notes (lock_futex.c) --------------------------------------------------------- */
void noteclear(note *n);
void notewakeup(note *n);
void notesleep(note *n);
/* Sleeps until woken or ns nanoseconds passed (ns < 0: forever). Returns whether it was woken. */
bool notetsleep(note *n, int64_t ns);

/* ---- stacks (stack.c) -------------------------------------------------------------------------- */
/* A GOL_STACK_SIZE stack; pp's cache when pp != NULL (the caller owns pp), else the global pool. */
gstack stackalloc(p *pp);
void stackfree(p *pp, gstack s);
/* Returns pp's cached stacks to the global pool (P destruction). */
void stackcache_clear(p *pp);

/* ---- scheduler internals (proc.c) ------------------------------------------------------------ */
uint32_t readgstatus(const g *gp);
int32_t mcount(void);
void checkdead(void);
void sysmon(void);
bool runqempty(p *pp);
void preemptall(void);
void stopTheWorld(void);
void startTheWorld(void);
int64_t runtime_allglen(void);
/* Calls fn for every G (allglock held: fn must not allocate Gs). */
void forEachG(void (*fn)(g *gp, void *ctx), void *ctx);
/* forEachG without allglock, for throw (the list only grows; links are published atomically). */
void forEachGRace(void (*fn)(g *gp, void *ctx), void *ctx);
void schedtrace(bool detailed);
void casgstatus(g *gp, uint32_t oldval, uint32_t newval);
/* sched.lock held: */
void pidleput(p *pp);
p *pidleget(void);
m *mget(void);
void globrunqput(g *gp);
void globrunqputhead(g *gp);
void globrunqputbatch(gQueue *batch, int32_t n);
/* P and M hand-offs (proc.c). */
void startm(p *pp, bool spinning);
void handoffp(p *pp);
void wakep(void);
void acquirep(p *pp);
p *releasep(void);
void stopm(void);
/* Makes and starts an M running fn (may be NULL), then pp (may be NULL). */
m *newm(void (*fn)(void), p *pp);
void runqput(p *pp, g *gp, bool next);
void gfpurge(p *pp);
/* procresize.c */
p *procresize(int32_t nprocs);
void stealOrder_reset(int32_t n);
extern uint32_t stealOrder_count;
extern uint32_t stealOrder_coprimes[MaxGomaxprocs];
/* The VM's hooks (proc.c). */
extern runtime_hooks runtime_vmhooks;

/* ---- sanitizer fiber glue (proc.c) ------------------------------------------------------------ */
void san_newg(g *gp);
void san_m0init(g *g0);

#endif

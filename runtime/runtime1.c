/* Boot-time plumbing: the C side of rt0_go, command line, environment, auxv and GOLDEBUG.
 *
 * Everything here runs on m0 before any other thread exists (rt0_go_c through schedinit), except
 * the accessors and the print functions, which are thread-safe. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/arch.h"
#include "runtime/internal.h"

char runtime_cpu_vendor[16];
uint32_t runtime_cpuid_maxleaf;
uint32_t runtime_processorVersionInfo;
uint32_t runtime_cpuid_ecx1;
uint32_t runtime_cpuid_edx1;

dbgvars debug = {.gogc = 100};
uintptr_t physPageSize;
const uint8_t *startupRandomData;

static int argc_;
static char **argv_;
static char **envp_;
static int nenv_;

int runtime_argc(void) { return argc_; }
char **runtime_argv(void) { return argv_; }
char **runtime_envp(void) { return envp_; }

/* ---- printing ---------------------------------------------------------------------------------- */

static void vprint(const char *prefix, const char *fmt, va_list ap) {
  char buf[1024];
  size_t n = 0;
  if (prefix) {
    n = strlen(prefix);
    memcpy(buf, prefix, n);
  }
  int k = vsnprintf(buf + n, sizeof buf - n, fmt, ap);
  if (k < 0) return;
  n += (size_t)k < sizeof buf - n ? (size_t)k : sizeof buf - n - 1;
  size_t off = 0;
  while (off < n) {
    ssize_t w = write(2, buf + off, n - off);
    if (w <= 0) break;
    off += (size_t)w;
  }
}

void runtime_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprint(NULL, fmt, ap);
  va_end(ap);
}

void bootprint(const char *fmt, ...) {
  if (!debug.boottrace) return;
  char f[256];
  snprintf(f, sizeof f, "%s\n", fmt);
  va_list ap;
  va_start(ap, fmt);
  vprint("boot: ", f, ap);
  va_end(ap);
}

_Noreturn void runtime_abort(void) {
  static const char msg[] = "runtime: abort\n";
  (void)!write(2, msg, sizeof msg - 1);
  abort();
}

/* ---- GOLDEBUG ----------------------------------------------------------------------------------- */

/* The value of name in a GODEBUG-style list "a=1,b=2" (the last occurrence wins), or -1. */
static int32_t debugvar(const char *list, const char *name) {
  int32_t val = -1;
  size_t nl = strlen(name);
  for (const char *s = list; s && *s;) {
    const char *end = strchr(s, ',');
    size_t len = end ? (size_t)(end - s) : strlen(s);
    if (len > nl && strncmp(s, name, nl) == 0 && s[nl] == '=') {
      int64_t v = 0;
      bool ok = len > nl + 1;
      for (size_t i = nl + 1; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 100000000) {
          ok = false;
          break;
        }
        v = v * 10 + (s[i] - '0');
      }
      if (ok) val = (int32_t)v;
    }
    s = end ? end + 1 : NULL;
  }
  return val;
}

static const char *envlookup(char **envp, const char *name) {
  size_t n = strlen(name);
  for (char **e = envp; e && *e; e++)
    if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
  return NULL;
}

const char *gogetenv(const char *name) { return envlookup(envp_, name); }

/* ---- rt0_go's C side ---------------------------------------------------------------------------
 * Called before the runtime exists (no g, no m): it may only touch globals. Not instrumented: the
 * sanitizers' runtimes are initialised by the preinit array it runs. */
typedef void (*initarrayfn)(int, char **, char **);
extern initarrayfn __preinit_array_start[] __attribute__((weak));
extern initarrayfn __preinit_array_end[] __attribute__((weak));
extern initarrayfn __init_array_start[] __attribute__((weak));
extern initarrayfn __init_array_end[] __attribute__((weak));
extern int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);

NOSAN_ALL void rt0_go_c(int argc, char **argv, void (*rtld_fini)(void)) {
  char **envp = argv + argc + 1;
  /* What crt1's __libc_start_main would have done: register the dynamic linker's finaliser, then
   * run the executable's preinit and init arrays with (argc, argv, envp). */
  if (rtld_fini) __cxa_atexit((void (*)(void *))(void *)rtld_fini, NULL, NULL);
  if (__preinit_array_start)
    for (initarrayfn *f = __preinit_array_start; f < __preinit_array_end; f++) (*f)(argc, argv, envp);
  if (__init_array_start)
    for (initarrayfn *f = __init_array_start; f < __init_array_end; f++) (*f)(argc, argv, envp);

  /* boottrace must be known before the first boot line: read it straight from envp. */
  if (debugvar(envlookup(envp, "GOLDEBUG"), "boottrace") > 0) debug.boottrace = 1;
  bootprint("_rt0_amd64_linux");
  uint32_t v = runtime_processorVersionInfo;
  uint32_t family = (v >> 8) & 0xf, model = (v >> 4) & 0xf;
  if (family == 0xf) family += (v >> 20) & 0xff;
  if (family >= 6) model += ((v >> 16) & 0xf) << 4;
  bootprint("rt0_go cpu=%s family=%u model=%u g0.stack=[%#lx,%#lx)", runtime_cpu_vendor, family,
            model, (unsigned long)runtime_g0.stack.lo, (unsigned long)runtime_g0.stack.hi);
}

/* Sanity checks on the compiler and machine the runtime depends on (Go's check()). */
void runtime_check(void) {
  _Static_assert(sizeof(void *) == 8 && sizeof(uintptr_t) == 8, "64-bit only");
  _Static_assert(sizeof(int64_t) == 8 && sizeof(int32_t) == 4, "int sizes");
  uint32_t z = 1;
  uint32_t exp = 1;
  if (!__atomic_compare_exchange_n(&z, &exp, 2, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) || z != 2)
    throw("cas1");
  exp = 5;
  if (__atomic_compare_exchange_n(&z, &exp, 3, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) || exp != 2)
    throw("cas2");
  uint64_t u = 0xffffffff;
  if (__atomic_add_fetch(&u, 1, __ATOMIC_SEQ_CST) != 0x100000000ull) throw("xadd64");
  if (getg() != &runtime_g0 || runtime_g0.m != &runtime_m0 || runtime_m0.g0 != &runtime_g0)
    throw("check: g0/m0 not bound");
  if (runtime_g0.stack.hi <= runtime_g0.stack.lo) throw("check: g0 stack");
}

/* args: argc, argv, envp, and the auxiliary vector past envp's terminating NULL. */
enum { AT_NULL_ = 0, AT_PAGESZ_ = 6, AT_RANDOM_ = 25 };

void runtime_args(int argc, char **argv) {
  argc_ = argc;
  argv_ = argv;
  envp_ = argv + argc + 1;
  char **e = envp_;
  while (*e) e++;
  for (uintptr_t *auxv = (uintptr_t *)(e + 1); auxv[0] != AT_NULL_; auxv += 2) {
    if (auxv[0] == AT_PAGESZ_) physPageSize = auxv[1];
    if (auxv[0] == AT_RANDOM_) startupRandomData = (const uint8_t *)auxv[1];
  }
  bootprint("args argc=%d", argc);
}

/* Library mode (no process entry): the same facts from libc. */
void runtime_args_from_libc(int argc, char **argv, char **envp) {
  extern char **environ;
  argc_ = argc;
  argv_ = argv;
  envp_ = envp ? envp : environ;
}

void goargs(void) {
  /* argv_ stays the kernel's array: strings are immutable for the process's life. */
}

void goenvs(void) {
  int n = 0;
  for (char **e = envp_; e && *e; e++) n++;
  nenv_ = n;
}

void parsedebugvars(void) {
  const char *s = gogetenv("GOLDEBUG");
  int32_t v;
  if ((v = debugvar(s, "boottrace")) >= 0) debug.boottrace = v;
  if ((v = debugvar(s, "schedtrace")) >= 0) debug.schedtrace = v;
  if ((v = debugvar(s, "scheddetail")) >= 0) debug.scheddetail = v;
  if ((v = debugvar(s, "inittrace")) >= 0) debug.inittrace = v;
}

bool runtime_inittrace(void) { return debug.inittrace > 0; }
int64_t runtime_inittime(void) { return runtimeInitTime; }

/* GOGC is parsed now so the setting is fixed at boot like Go's; the garbage collector itself is a
 * later issue, so nothing reads debug.gogc yet. */
void gcinit(void) {
  const char *s = gogetenv("GOGC");
  if (!s || !*s) return;
  if (strcmp(s, "off") == 0) {
    debug.gogc = -1;
    return;
  }
  char *end;
  long v = strtol(s, &end, 10);
  if (*end == 0) debug.gogc = (int32_t)v;
}

/* Starts the background collector goroutines in Go. The collector is a later issue: there is
 * nothing to start yet. */
void gcenable(void) {}

void cpuinit(void) {
  /* The vendor and version were probed by rt0_go; nothing depends on feature bits yet. */
}

/* Natives of package runtime (stdlib/runtime.gol): thin wrappers over the scheduler's API
 * (runtime/runtime.h) and the allocator's counters (runtime/malloc.h). */
#include <string.h>

#include "runtime/malloc.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"

/* What runtime.Version() reports: gol's version and the Go release whose semantics it follows. */
#define GOL_RUNTIME_VERSION "gol0.1-go1.19"

static void runtime_Gosched_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  (void)res;
  runtime_Gosched();
}

static void runtime_NumGoroutine_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  res[0] = (Slot)(int64_t)runtime_NumGoroutine();
}

static void runtime_GOMAXPROCS_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  int64_t n = (int64_t)args[0];
  /* runtime_GOMAXPROCS clamps to its maximum; keep huge values from wrapping in the int32. */
  if (n > INT32_MAX) n = INT32_MAX;
  if (n < 0) n = 0;
  res[0] = (Slot)(int64_t)runtime_GOMAXPROCS((int32_t)n);
}

static void runtime_NumCPU_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  res[0] = (Slot)(int64_t)runtime_NumCPU();
}

static void runtime_Version_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  ret_str(res, gostring_lit(GOL_RUNTIME_VERSION));
}

/* A full collection (runtime/mgc.h); a no-op while the collector is off (GOLDEBUG=gc=1 turns
 * it on). */
static void runtime_GC_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  (void)res;
  runtime_GC();
}

static void runtime_readMemStats(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  res[0] = (Slot)runtime_mallocs();
  res[1] = (Slot)runtime_mallocbytes();
}

const StdNative stdlib_runtime_natives[] = {
    {"Gosched", (void *)runtime_Gosched_native},
    {"NumGoroutine", (void *)runtime_NumGoroutine_native},
    {"GOMAXPROCS", (void *)runtime_GOMAXPROCS_native},
    {"NumCPU", (void *)runtime_NumCPU_native},
    {"Version", (void *)runtime_Version_native},
    {"GC", (void *)runtime_GC_native},
    {"readMemStats", (void *)runtime_readMemStats},
    {NULL, NULL},
};

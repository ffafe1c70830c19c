/* Natives of package runtime (stdlib/runtime.gol): thin wrappers over the scheduler's API
 * (runtime/runtime.h) and the allocator's counters (runtime/malloc.h). */
#include <string.h>

#include "runtime/malloc.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"
#include "vm/frame.h"

/* What runtime.Version() reports: gol's version and the Go release whose semantics it follows. */
#define GOL_RUNTIME_VERSION "gol0.1-go1.19"

static void runtime_Gosched_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  (void)res;
  runtime_Gosched();
}

/* The VM unwinds the goroutine (vm/panic.c): deferred calls run, then the goroutine ends. */
static void runtime_Goexit_native(VMThread *th, Slot *args, Slot *res) {
  (void)args;
  (void)res;
  vm_goexit_start(th);
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

/* A full collection (runtime/mgc.h); a no-op while the collector is off (GOLDEBUG=gc=0). */
static void runtime_GC_native(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  (void)res;
  runtime_GC();
}

/* readMemStats(v, pauseNs, pauseEnd []uint64) float64: v gets, in order, Alloc, TotalAlloc,
 * Sys, Mallocs, Frees, HeapAlloc, HeapSys, HeapIdle, HeapInuse, HeapReleased, HeapObjects,
 * NextGC, LastGC, PauseTotalNs, NumGC | NumForcedGC << 32 (runtime.gol's ReadMemStats). */
static void runtime_readMemStats(VMThread *th, Slot *args, Slot *res) {
  GoSlice v = arg_slice(args), ns = arg_slice(args + 3), end = arg_slice(args + 6);
  if (v.len < 15 || ns.len < gcPauseRing || end.len < gcPauseRing) {
    vm_panic_runtime(th, "runtime: bad readMemStats buffers");
    return;
  }
  runtime_MemStats ms;
  runtime_ReadMemStats(&ms);
  gc_stats gs;
  gc_readstats(&gs);
  uint64_t vals[15] = {ms.Alloc, ms.TotalAlloc, ms.Sys, ms.Mallocs, ms.Frees, ms.HeapAlloc,
                       ms.HeapSys, ms.HeapIdle, ms.HeapInuse, ms.HeapReleased, ms.HeapObjects,
                       gs.NextGC, gs.LastGC, gs.PauseTotalNs,
                       gs.NumGC | (uint64_t)gs.NumForcedGC << 32};
  memcpy(v.ptr, vals, sizeof vals);
  memcpy(ns.ptr, gs.PauseNs, sizeof gs.PauseNs);
  memcpy(end.ptr, gs.PauseEnd, sizeof gs.PauseEnd);
  ret_f64(res, gs.GCCPUFraction);
}

const StdNative stdlib_runtime_natives[] = {
    {"Gosched", (void *)runtime_Gosched_native},
    {"Goexit", (void *)runtime_Goexit_native},
    {"NumGoroutine", (void *)runtime_NumGoroutine_native},
    {"GOMAXPROCS", (void *)runtime_GOMAXPROCS_native},
    {"NumCPU", (void *)runtime_NumCPU_native},
    {"Version", (void *)runtime_Version_native},
    {"GC", (void *)runtime_GC_native},
    {"readMemStats", (void *)runtime_readMemStats},
    {NULL, NULL},
};

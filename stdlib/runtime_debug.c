/* Natives of package runtime/debug (stdlib/runtime_debug.gol): the collector's pacing knob and
 * statistics (runtime/mgc.h), and returning free memory to the OS (runtime/malloc.h). */
#include "runtime/malloc.h"
#include "runtime/mgc.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"

static void debug_setGCPercent(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  int64_t pct = (int64_t)args[0]; /* clamped to 1<<30 by the gol wrapper */
  res[0] = (Slot)(int64_t)gc_setpercent(pct < 0 ? -1 : (int32_t)pct);
}

/* A forced collection (sweeping everything), then every free page back to the OS. */
static void debug_FreeOSMemory(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)args;
  (void)res;
  runtime_GC();
  runtime_debug_FreeOSMemory();
}

/* readGCStats(pauses, ends []int64) (n int, last, numGC, total int64): most recent first. */
static void debug_readGCStats(VMThread *th, Slot *args, Slot *res) {
  GoSlice ps = arg_slice(args), es = arg_slice(args + 3);
  if (ps.len < gcPauseRing || es.len < gcPauseRing) {
    vm_panic_runtime(th, "runtime/debug: bad readGCStats buffers");
    return;
  }
  gc_stats st;
  gc_readstats(&st);
  int64_t *pauses = ps.ptr, *ends = es.ptr;
  uint32_t n = st.NumGC < gcPauseRing ? st.NumGC : gcPauseRing;
  for (uint32_t i = 0; i < n; i++) { /* cycle NumGC-i sits at [(NumGC-1-i) % 256] */
    uint32_t slot = (st.NumGC - 1 - i) % gcPauseRing;
    pauses[i] = (int64_t)st.PauseNs[slot];
    ends[i] = (int64_t)st.PauseEnd[slot];
  }
  res[0] = (Slot)(int64_t)n;
  res[1] = (Slot)st.LastGC;
  res[2] = (Slot)(int64_t)st.NumGC;
  res[3] = (Slot)st.PauseTotalNs;
}

const StdNative stdlib_runtime_debug_natives[] = {
    {"setGCPercent", (void *)debug_setGCPercent},
    {"FreeOSMemory", (void *)debug_FreeOSMemory},
    {"readGCStats", (void *)debug_readGCStats},
    {NULL, NULL},
};

/* Parallel marking and lazy sweeping (runtime/mgcwork.c, mgcsweep.c), booted through the native
 * entry like gc_test. Prints "ok <name>" per test and "PASS"; argv[1] selects one test.
 *
 *   par_graph    a 300,000-node graph (a wide tree with cross links) reachable only from a
 *                registered root survives collections on GOMAXPROCS workers intact, and the cycle
 *                marks at least its bytes;
 *   sweep_reuse  a loop allocating 200 MB of garbage around a small live set stays within a
 *                bounded heap (lazily swept memory is reused), and after runtime.GC every in-use
 *                span is swept in the current generation;
 *   stats_pauses the pause ring, NumGC and PauseTotalNs agree after forced cycles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/types.h"
#include "runtime/malloc.h"
#include "runtime/mgc.h"
#include "runtime/mheap.h"

#include "tests/runtime_test.h"

/* struct gnode { kids[4] *gnode; link *gnode; id int64 } */
typedef struct gnode {
  struct gnode *kids[4];
  struct gnode *link;
  int64_t id;
} gnode;
static uint8_t gnodemask[1] = {0x1f}; /* words 0..4 */
static Type gnodetype = {.kind = K_STRUCT, .align = 8, .tflags = TF_HASPTR | TF_COMPLETE,
                         .size = sizeof(gnode), .ptrmask = gnodemask};

enum { GraphNodes = 300000 };

static gnode *newgnode(int64_t id) {
  gnode *n = mallocgc(sizeof(gnode), &gnodetype, true);
  n->id = id;
  return n;
}

static void poll(void) {
  if (runtime_preempt_requested(getg())) runtime_preempt_park();
}

/* Nodes in breadth-first order: node i's kids are 4i+1..4i+4; link points back to i/2. */
static __attribute__((noinline)) gnode *graph(gnode **all) {
  for (int64_t i = 0; i < GraphNodes; i++) {
    all[i] = newgnode(i);
    if (i > 0) all[(i - 1) / 4]->kids[(i - 1) % 4] = all[i];
    all[i]->link = all[i / 2];
    if (i % 1024 == 0) poll();
  }
  return all[0];
}

static int64_t checkgraph(gnode *root) {
  /* iterative walk over the kids (the tree part), checking ids and links */
  gnode **stack = malloc(GraphNodes * sizeof(gnode *));
  int64_t n = 0, sp = 0;
  stack[sp++] = root;
  while (sp > 0) {
    gnode *g = stack[--sp];
    CHECK(findObject((uintptr_t)g, NULL, NULL) == (uintptr_t)g);
    CHECK(g->link->id == g->id / 2);
    n++;
    for (int k = 0; k < 4; k++) {
      gnode *c = g->kids[k];
      if (!c) continue;
      CHECK(c->id == g->id * 4 + 1 + k);
      stack[sp++] = c;
    }
  }
  free(stack);
  return n;
}

static void test_par_graph(void) {
  gnode **all = calloc(GraphNodes, sizeof(gnode *)); /* a root while the graph is built */
  gc_addroot(all, GraphNodes * sizeof(gnode *));
  static gnode *root[1];
  gc_addroot(root, sizeof root);
  root[0] = graph(all);
  memset(all, 0, GraphNodes * sizeof(gnode *));
  gc_removeroot(all);
  free(all);
  for (int i = 0; i < 3; i++) {
    runtime_GC();
    CHECK(work.markedBytes >= (uint64_t)GraphNodes * sizeof(gnode));
    CHECK(checkgraph(root[0]) == GraphNodes);
  }
  root[0] = NULL;
  gc_removeroot(root);
}

static bool sweptIn(mspan *s, void *sg) {
  return __atomic_load_n(&s->sweepgen, __ATOMIC_ACQUIRE) == *(uint32_t *)sg;
}

static bool allSwept(void) {
  uint32_t sg = __atomic_load_n(&mheap_.sweepgen, __ATOMIC_ACQUIRE);
  return mheap_forEachInUse(sweptIn, &sg);
}

static void test_sweep_reuse(void) {
  enum { Live = 4096 };
  gnode **live = calloc(Live, sizeof(gnode *));
  gc_addroot(live, Live * sizeof(gnode *));
  runtime_MemStats before, after;
  runtime_GC();
  runtime_ReadMemStats(&before);
  uint64_t maxInuse = 0;
  for (int64_t i = 0; i < 200 * 1000 * 1000 / (int64_t)sizeof(gnode); i++) {
    gnode *n = newgnode(i);
    if (i % 3 == 0) live[i % Live] = n; /* a third replace a live slot */
    else n->link = live[i % Live];      /* the rest are garbage pointing at live nodes */
    if (i % 4096 == 0) {
      runtime_MemStats ms;
      runtime_ReadMemStats(&ms);
      if (ms.HeapInuse > maxInuse) maxInuse = ms.HeapInuse;
      poll();
    }
  }
  runtime_GC();
  CHECK(allSwept());
  runtime_ReadMemStats(&after);
  printf("  heap in use: max %.1f MB (200 MB allocated); %llu objects freed\n",
         (double)maxInuse / 1048576.0, (unsigned long long)(after.Frees - before.Frees));
  CHECK(after.Frees > before.Frees);
  CHECK(maxInuse < before.HeapInuse + (64u << 20)); /* paced: garbage was reused, not kept */
  memset(live, 0, Live * sizeof(gnode *));
  gc_removeroot(live);
  free(live);
}

static void test_stats_pauses(void) {
  gc_stats a, b;
  gc_readstats(&a);
  for (int i = 0; i < 3; i++) runtime_GC();
  gc_readstats(&b);
  CHECK(b.NumGC >= a.NumGC + 3 && b.NumForcedGC >= a.NumForcedGC + 3);
  uint64_t sum = 0;
  for (uint32_t c = a.NumGC + 1; c <= b.NumGC; c++) {
    uint64_t ns = b.PauseNs[(c + gcPauseRing - 1) % gcPauseRing];
    CHECK(ns > 0);
    sum += ns;
  }
  CHECK(b.PauseTotalNs - a.PauseTotalNs == sum);
  CHECK(b.LastGC == b.PauseEnd[(b.NumGC + gcPauseRing - 1) % gcPauseRing]);
  CHECK(b.LastPauseNs == b.PauseNs[(b.NumGC + gcPauseRing - 1) % gcPauseRing]);
}

void main_main(void) {
  gc_program_ready();
  CHECK(gc_enabled());
  const char *mode = runtime_argc() > 1 ? runtime_argv()[1] : "";
  static const struct {
    const char *name;
    void (*fn)(void);
  } tests[] = {
      {"par_graph", test_par_graph},
      {"sweep_reuse", test_sweep_reuse},
      {"stats_pauses", test_stats_pauses},
  };
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (*mode && strcmp(mode, tests[i].name) != 0) continue;
    tests[i].fn();
    printf("ok %s\n", tests[i].name);
    fflush(stdout);
  }
  printf("PASS\n");
}

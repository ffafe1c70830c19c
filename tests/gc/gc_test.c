/* Collector tests (runtime/mgc.c), booted through the native entry like tests/malloc (main_main
 * runs them on the main goroutine). Run with GOLDEBUG=gc=1,gcstress=N (tests.cmake). Prints
 * "ok <name>" per test and "PASS"; argv[1] selects one test.
 *
 * An object is "alive" when findObject still resolves its address (the sweep frees unmarked
 * slots, so a freed object's address resolves to nothing until it is reused) and its contents
 * are intact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/types.h"
#include "runtime/mgc.h"
#include "runtime/mheap.h"

#include "tests/runtime_test.h"

/* struct node { next *node; prev *node; val int64; other *node } */
typedef struct node {
  struct node *next, *prev;
  int64_t val;
  struct node *other;
} node;
static uint8_t nodemask[1] = {0x0b}; /* words 0, 1, 3 */
static Type nodetype = {.kind = K_STRUCT, .align = 8, .tflags = TF_HASPTR | TF_COMPLETE,
                        .size = sizeof(node), .ptrmask = nodemask};

static node *newnode(int64_t v) {
  node *n = mallocgc(sizeof(node), &nodetype, true);
  n->val = v;
  return n;
}

static bool alive(const void *p) { return findObject((uintptr_t)p, NULL, NULL) == (uintptr_t)p; }

static void poll(void) {
  if (runtime_preempt_requested(getg())) runtime_preempt_park();
}

static __attribute__((noinline)) void clobber_stack(void) {
  char buf[16384];
  memset(buf, 0, sizeof buf);
  __asm__ volatile("" : : "r"(buf) : "memory"); /* the stores must happen (no dead-store removal) */
}

/* A cyclic ring of n nodes with chords, values 0..n-1. */
static __attribute__((noinline)) node *ring(int n) {
  node *first = newnode(0), *p = first;
  for (int i = 1; i < n; i++) {
    node *q = newnode(i);
    q->prev = p;
    p->next = q;
    q->other = first;
    p = q;
  }
  p->next = first;
  first->prev = p;
  return first;
}

static __attribute__((noinline)) void checkring(node *r, int n) {
  node *p = r;
  for (int i = 0; i < n; i++) {
    CHECK(alive(p));
    CHECK(p->val == i);
    CHECK(p->next->prev == p);
    p = p->next;
  }
  CHECK(p == r);
}

/* A cycle kept by a registered C-heap root survives; dropped, it is collected. */
static void test_cycle(void) {
  /* Roots are scanned conservatively, so a stale copy of one ring pointer in a register or a dead
   * stack slot may keep that one ring (a cycle) alive: that is allowed (never freeing a live
   * object is the invariant; reclaiming garbage is best effort). Several independent rings make
   * the test exact about the invariant and robust about the rest. */
  enum { NRINGS = 8 };
  node **root = calloc(NRINGS, sizeof(node *));
  gc_addroot(root, NRINGS * sizeof(node *));
  /* Each ring's address, complemented so the stack scan does not see it. volatile: otherwise the
   * optimiser (clang does) folds ~~p to p and keeps the plain pointers in stack slots across the
   * collections, which then (rightly) keep every ring alive. */
  volatile uintptr_t addrs[NRINGS];
  for (int k = 0; k < NRINGS; k++) {
    root[k] = ring(1000);
    addrs[k] = ~(uintptr_t)root[k]->next->next;
  }
  runtime_GC();
  for (int k = 0; k < NRINGS; k++) checkring(root[k], 1000);
  memset(root, 0, NRINGS * sizeof(node *));
  gc_removeroot(root);
  free(root);
  clobber_stack(); /* dead frames below us held ring pointers: conservative scans would see them */
  runtime_GC();
  int dead = 0;
  for (int k = 0; k < NRINGS; k++) dead += !alive((void *)~addrs[k]);
  CHECK(dead >= NRINGS - 2);
}

/* An object reachable only from a C local of this goroutine's stack survives. */
static __attribute__((noinline)) void stack_inner(void) {
  node *volatile local = ring(100);
  for (int i = 0; i < 5; i++) {
    runtime_GC();
    for (int j = 0; j < 1000; j++) (void)mallocgc(64, &nodetype, true); /* garbage */
  }
  checkring(local, 100);
}
static void test_stack(void) { stack_inner(); }

/* An object reachable only from a global (bss) survives. */
static node *global_root;
static void test_global(void) {
  global_root = ring(500);
  for (int i = 0; i < 3; i++) runtime_GC();
  checkring(global_root, 500);
  global_root = NULL;
}

/* An object reachable only from a goroutine's "register file" (g->vm, C heap memory reported by
 * the VM's root enumerator) survives. */
typedef struct fakevm {
  uint64_t *slots;
  size_t n;
} fakevm;
static void fakevm_roots(struct g *gp, void *vm) {
  (void)gp;
  fakevm *f = vm;
  gc_scan_conservative(f, sizeof *f);
  gc_scan_conservative(f->slots, f->n * sizeof(uint64_t));
}
static void test_registers(void) {
  fakevm *f = calloc(1, sizeof *f);
  f->n = 64;
  f->slots = calloc(f->n, sizeof(uint64_t));
  gc_set_vmroots(fakevm_roots);
  getg()->vm = f;
  f->slots[17] = (uint64_t)(uintptr_t)ring(300);
  for (int i = 0; i < 3; i++) runtime_GC();
  checkring((node *)(uintptr_t)f->slots[17], 300);
  getg()->vm = NULL;
  free(f->slots);
  free(f);
}

/* Many goroutines build and drop lists in parallel while collections happen (gcstress triggers
 * them from their allocations); each checks the list it keeps. */
enum { ParG = 8, ParRounds = 60, ParLen = 500 };
static wg parwg;
static void par_worker(void *arg) {
  int64_t id = (int64_t)(intptr_t)arg;
  node *keep = NULL;
  for (int r = 0; r < ParRounds; r++) {
    node *h = NULL;
    for (int i = 0; i < ParLen; i++) {
      node *n = newnode(id * 1000000 + r * 1000 + i);
      n->next = h;
      if (h) h->prev = n;
      n->other = keep;
      h = n;
      if (i % 64 == 0) poll();
    }
    /* verify the list just built and the one kept from the previous round */
    int cnt = 0;
    for (node *p = h; p; p = p->next, cnt++) CHECK(p->val == id * 1000000 + r * 1000 + (ParLen - 1 - cnt));
    CHECK(cnt == ParLen);
    if (keep) {
      cnt = 0;
      for (node *p = keep; p; p = p->next, cnt++) CHECK(alive(p) && p->val / 1000000 == id);
      CHECK(cnt == ParLen);
    }
    keep = h;
    if (r % 10 == 0) runtime_GC();
  }
  wg_done(&parwg);
}
static void test_parallel(void) {
  gc_stats before, after;
  gc_readstats(&before);
  wg_add(&parwg, ParG);
  for (int i = 0; i < ParG; i++) newproc(par_worker, (void *)(intptr_t)i);
  wg_wait(&parwg);
  gc_readstats(&after);
  printf("  %u collections, %.3f ms total pause, last %.3f ms\n", after.NumGC - before.NumGC,
         (double)(after.PauseTotalNs - before.PauseTotalNs) / 1e6, (double)after.LastPauseNs / 1e6);
  CHECK(after.NumGC > before.NumGC);
}

void main_main(void) {
  gc_program_ready();
  CHECK(gc_enabled()); /* run with GOLDEBUG=gc=1 */
  const char *mode = runtime_argc() > 1 ? runtime_argv()[1] : "";
  static const struct {
    const char *name;
    void (*fn)(void);
  } tests[] = {
      {"cycle", test_cycle},         {"stack", test_stack},       {"global", test_global},
      {"registers", test_registers}, {"parallel", test_parallel},
  };
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (*mode && strcmp(mode, tests[i].name) != 0) continue;
    tests[i].fn();
    printf("ok %s\n", tests[i].name);
    fflush(stdout);
  }
  printf("PASS\n");
}

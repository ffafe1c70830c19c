/* Shared by the C tests that boot the runtime through the rt0 entry (tests/boot, malloc, gc,
 * timers): a CHECK that ends the process with status 1, and a wait group built directly on
 * gopark/goready (the tests exercise the runtime below the VM, so sync.WaitGroup is not there). */
#ifndef GOL_TESTS_RUNTIME_TEST_H
#define GOL_TESTS_RUNTIME_TEST_H

#include <stdio.h>
#include "runtime/internal.h"

#define CHECK(cond)                                                                         \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                       \
      runtime_exit(1);                                                                      \
    }                                                                                       \
  } while (0)

/* A wait group on gopark/goready. */
typedef struct wg {
  mutex lock;
  int64_t n;
  g *waiter;
} wg;

static inline void wg_add(wg *w, int64_t d) {
  runtime_lock(&w->lock);
  w->n += d;
  runtime_unlock(&w->lock);
}

static inline void wg_done(wg *w) {
  runtime_lock(&w->lock);
  g *ready = NULL;
  if (--w->n == 0 && w->waiter) {
    ready = w->waiter;
    w->waiter = NULL;
  }
  runtime_unlock(&w->lock);
  if (ready) goready(ready);
}

static inline void wg_wait(wg *w) {
  runtime_lock(&w->lock);
  if (w->n == 0) {
    runtime_unlock(&w->lock);
    return;
  }
  w->waiter = getg();
  goparkunlock(&w->lock, waitReasonSemacquire);
}

#endif

/* Shared by the libgol host-program tests (tests/api, tests/gc/api_gc_test.c): the last error a
 * GolVM reported (host_on_error, the GolConfig.errorFn) and a CHECK that prints it on failure and
 * ends the process with status 1; host_open. */
#ifndef GOL_TESTS_HOST_TEST_H
#define GOL_TESTS_HOST_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "gol.h"

static char lasterr[4096];
static GolErrorType lasttype;
static int nerrors;

static inline void host_on_error(GolVM *vm, GolErrorType type, const char *msg, void *ud) {
  (void)vm;
  (void)ud;
  snprintf(lasterr, sizeof lasterr, "%s", msg);
  lasttype = type;
  __atomic_add_fetch(&nerrors, 1, __ATOMIC_RELAXED);
}

#define CHECK(c)                                                                          \
  do {                                                                                    \
    if (!(c)) {                                                                           \
      fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__, __LINE__, #c, \
              lasterr);                                                                   \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

/* A GolVM reporting to host_on_error (procs: GolConfig.maxProcs, 0 for the default) with host
 * package `path` (source and natives) registered. */
static inline GolVM *host_open(int procs, const char *path, const char *src, const GolNative *natives) {
  GolConfig cfg;
  gol_init_config(&cfg);
  cfg.errorFn = host_on_error;
  cfg.maxProcs = procs;
  GolVM *vm = gol_open(&cfg);
  CHECK(vm);
  CHECK(gol_register_package(vm, path, src, natives) == GOL_RESULT_SUCCESS);
  return vm;
}

#endif

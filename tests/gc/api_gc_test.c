/* The collector and libgol (paired with api_gc.gol): what a program keeps between host calls
 * (package variables, closures, goroutines parked with values) survives collections made by
 * other calls, and strings crossing the API (arguments, results, a host native's arguments and
 * results) survive collections during the call; also from two host threads at once.
 *
 *   api_gc_test SCRIPT   prints "PASS" at the end; exits 1 at the first failure.
 * Run with GOLDEBUG=gcpoison=1 (freed objects are filled with garbage) and gcstress. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gol.h"
#include "tests/host_test.h"


static const char hostgc_src[] = "package hostgc\n\nfunc Wrap(s string) string\n";

static void hostgc_wrap(GolVM *vm) {
  char buf[256];
  snprintf(buf, sizeof buf, "[%s]", gol_get_slot_string(vm, 0, NULL));
  gol_set_slot_string(vm, 0, buf);
}

static const GolNative hostgc_natives[] = {{"Wrap", hostgc_wrap}, {NULL, NULL}};

static const char *call_s(GolVM *vm, const char *fn, const char *s) {
  gol_ensure_slots(vm, 1);
  gol_set_slot_string(vm, 0, s);
  CHECK(gol_call(vm, fn) == GOL_RESULT_SUCCESS);
  CHECK(gol_get_slot_type(vm, 0) == GOL_TYPE_STRING);
  return gol_get_slot_string(vm, 0, NULL);
}

static int64_t call_i(GolVM *vm, const char *fn, int64_t n) {
  gol_ensure_slots(vm, 1);
  gol_set_slot_int(vm, 0, n);
  CHECK(gol_call(vm, fn) == GOL_RESULT_SUCCESS);
  return gol_get_slot_int(vm, 0);
}

enum { nkeys = 8, nvals = 50 };

/* Keeps keys "<prefix>0".."<prefix>7", collects, and checks each. */
static void keep_and_check(GolVM *vm, const char *prefix) {
  char key[64], want[256];
  for (int k = 0; k < nkeys; k++) {
    snprintf(key, sizeof key, "%s%d", prefix, k);
    gol_ensure_slots(vm, 2);
    gol_set_slot_string(vm, 0, key);
    gol_set_slot_int(vm, 1, nvals);
    CHECK(gol_call(vm, "Keep") == GOL_RESULT_SUCCESS);
    call_i(vm, "Churn", 1);
  }
  call_i(vm, "Churn", 3);
  for (int k = 0; k < nkeys; k++) {
    snprintf(key, sizeof key, "%s%d", prefix, k);
    snprintf(want, sizeof want, "%s%s %s/next %d", key, key, key, 3 * nvals * (nvals - 1) / 2);
    const char *got = call_s(vm, "Check", key);
    if (strcmp(got, want) != 0) fprintf(stderr, "Check(%s) = %s, want %s\n", key, got, want);
    CHECK(strcmp(got, want) == 0);
  }
}

static void *second_thread(void *arg) {
  keep_and_check(arg, "t");
  return NULL;
}

int main(int argc, char **argv) {
  CHECK(argc == 2);
  GolVM *vm = host_open(0, "hostgc", hostgc_src, hostgc_natives);
  CHECK(gol_load_file(vm, argv[1]) == GOL_RESULT_SUCCESS);

  keep_and_check(vm, "k");
  char want[64];
  snprintf(want, sizeof want, "k%d/next%d", nkeys - 1, nvals);
  CHECK(strcmp(call_s(vm, "Saved", ""), want) == 0);

  /* two host threads on one program */
  GolVM *other = gol_open_shared(vm);
  pthread_t t;
  CHECK(pthread_create(&t, NULL, second_thread, other) == 0);
  keep_and_check(vm, "m");
  CHECK(pthread_join(t, NULL) == 0);
  gol_close(other);

  /* 24 goroutines are parked sending "<key>/parked" (keys of two characters) */
  CHECK(call_i(vm, "Unpark", 3 * nkeys) == 3 * nkeys * (int64_t)strlen("k0/parked"));

  gol_ensure_slots(vm, 2);
  gol_set_slot_string(vm, 0, "abc");
  gol_set_slot_int(vm, 1, 20);
  CHECK(gol_call(vm, "ViaHost") == GOL_RESULT_SUCCESS);
  CHECK(strcmp(gol_get_slot_string(vm, 0, NULL), "[abc19]") == 0);

  for (int i = 0; i < 100; i++) {
    char a[32], b[32], c[32], joined[128];
    snprintf(a, sizeof a, "first%d", i);
    snprintf(b, sizeof b, "second%d", i);
    snprintf(c, sizeof c, "third%d", i);
    snprintf(joined, sizeof joined, "%s+%s+%s", a, b, c);
    gol_ensure_slots(vm, 3);
    gol_set_slot_string(vm, 0, a);
    gol_set_slot_string(vm, 1, b);
    gol_set_slot_string(vm, 2, c);
    CHECK(gol_call(vm, "Join3") == GOL_RESULT_SUCCESS);
    CHECK(strcmp(gol_get_slot_string(vm, 0, NULL), joined) == 0);
  }

  gol_close(vm);
  printf("PASS\n");
  return 0;
}

/* libgol API tests (paired with api.gol). An ordinary host program: crt1's _start and a normal
 * main, linked with libgol.a; the runtime is booted by gol_open.
 *
 *   api_test SCRIPT [TEST...]   runs the named tests (all when none), prints "ok NAME" for each
 *                               and "PASS" at the end; exits 1 at the first failure. */
#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gol.h"
#include "tests/host_test.h"

static const char *script;

/* ---- the host package ---- */
static const char host_src[] = "package host\n"
                               "\n"
                               "func Mul(a, b int) int\n"
                               "func Greet(name string) string\n"
                               "func Fail()\n";

static void host_mul(GolVM *vm) { gol_set_slot_int(vm, 0, gol_get_slot_int(vm, 0) * gol_get_slot_int(vm, 1)); }
static void host_greet(GolVM *vm) {
  char buf[128];
  snprintf(buf, sizeof buf, "hello, %s (from C)", gol_get_slot_string(vm, 0, NULL));
  gol_set_slot_string(vm, 0, buf);
}
static void host_fail(GolVM *vm) { gol_abort_native(vm, "host says no"); }
static const GolNative host_natives[] = {
    {"Mul", host_mul}, {"Greet", host_greet}, {"Fail", host_fail}, {NULL, NULL}};

static GolVM *open_loaded(int procs) {
  GolVM *vm = host_open(procs, "host", host_src, host_natives);
  CHECK(gol_load_file(vm, script) == GOL_RESULT_SUCCESS);
  return vm;
}

static int count_threads(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d) return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n;
}

/* ---- tests ---- */

static void test_boot(void) {
  CHECK(count_threads() == 1);
  GolVM *vm = open_loaded(3);
  /* m0 and sysmon at least, besides the host's main thread */
  CHECK(count_threads() >= 3);
  CHECK(gol_call(vm, "Procs") == GOL_RESULT_SUCCESS);
  CHECK(gol_get_slot_type(vm, 0) == GOL_TYPE_INT);
  CHECK(gol_get_slot_int(vm, 0) == 3); /* GOMAXPROCS from the config */
  CHECK(gol_call(vm, "InitCount") == GOL_RESULT_SUCCESS);
  CHECK(gol_get_slot_int(vm, 0) == 100); /* init() ran before the first call */
  gol_close(vm);
}

static void test_errors(void) {
  GolVM *vm = gol_open(&(GolConfig){.errorFn = host_on_error});
  CHECK(vm);
  nerrors = 0;
  CHECK(gol_load_string(vm, "bad.gol", "package main\n\nfunc main() {\n\tx := 1\n}\n") ==
        GOL_RESULT_COMPILE_ERROR);
  CHECK(nerrors == 1 && lasttype == GOL_ERROR_COMPILE);
  CHECK(strcmp(lasterr, "bad.gol:4:2: x declared but not used\n") == 0);
  CHECK(gol_load_string(vm, "syn.gol", "package main\n\nfunc main() {\n\tx := \n}\n") ==
        GOL_RESULT_COMPILE_ERROR);
  CHECK(strcmp(lasterr, "syn.gol:5:1: syntax error: unexpected }, expecting expression\n") == 0);
  CHECK(gol_load_file(vm, "/nonexistent/x.gol") == GOL_RESULT_COMPILE_ERROR);
  CHECK(strstr(lasterr, "open /nonexistent/x.gol: No such file or directory"));
  CHECK(gol_load_string(vm, "imp.gol", "package main\n\nimport \"nosuch\"\n\nfunc main() {}\n") ==
        GOL_RESULT_COMPILE_ERROR);
  CHECK(strstr(lasterr, "imp.gol:3:8: package nosuch is not in GOROOT"));
  /* API misuse */
  CHECK(gol_call(vm, "Add") == GOL_RESULT_API_ERROR && lasttype == GOL_ERROR_API);
  CHECK(gol_load_string(vm, "ok.gol", "package main\n\nfunc Add(a, b int) int { return a + b }\n\nfunc main() {}\n") ==
        GOL_RESULT_SUCCESS);
  CHECK(gol_call(vm, "Nope") == GOL_RESULT_API_ERROR);
  CHECK(strstr(lasterr, "main.Nope is not a function"));
  CHECK(gol_call(vm, "Add") == GOL_RESULT_API_ERROR); /* no argument slots */
  gol_ensure_slots(vm, 2);
  gol_set_slot_int(vm, 0, 1);
  gol_set_slot_string(vm, 1, "x");
  CHECK(gol_call(vm, "Add") == GOL_RESULT_API_ERROR);
  CHECK(strstr(lasterr, "argument 2: int required for int, slot holds string"));
  gol_set_slot_int(vm, 1, 2);
  CHECK(gol_call(vm, "Add") == GOL_RESULT_SUCCESS && gol_get_slot_int(vm, 0) == 3);
  CHECK(gol_run_main(vm) == GOL_RESULT_SUCCESS);
  /* Go's rule: a main package without func main does not build */
  CHECK(gol_load_string(vm, "nomain.gol", "package main\n\nfunc F() {}\n") == GOL_RESULT_COMPILE_ERROR);
  CHECK(strstr(lasterr, "function main is undeclared in the main package"));
  CHECK(gol_load_string(vm, "lib.gol", "package lib\n\nfunc main() {}\n") == GOL_RESULT_COMPILE_ERROR);
  CHECK(strstr(lasterr, "package lib is not a main package"));
  gol_close(vm);
}

static void test_slots(void) {
  GolVM *vm = open_loaded(0);
  gol_ensure_slots(vm, 7);
  CHECK(gol_get_slot_count(vm) == 7 && gol_slot_type(vm, 6) == GOL_TYPE_NIL);
  gol_set_slot_bool(vm, 0, true);
  gol_set_slot_int(vm, 1, -21);
  gol_set_slot_float(vm, 2, 5.0);
  gol_set_slot_bytes(vm, 3, "a\0b", 3);
  gol_set_slot_int(vm, 4, 255);  /* uint8: wraps to 0 after +1 */
  gol_set_slot_int(vm, 5, -128); /* int8: wraps to 127 after -1 */
  gol_set_slot_float(vm, 6, 1.5);
  CHECK(gol_call(vm, "Echo") == GOL_RESULT_SUCCESS);
  CHECK(gol_get_slot_type(vm, 0) == GOL_TYPE_BOOL && gol_get_slot_bool(vm, 0) == false);
  CHECK(gol_get_slot_type(vm, 1) == GOL_TYPE_INT && gol_get_slot_int(vm, 1) == -42);
  CHECK(gol_get_slot_type(vm, 2) == GOL_TYPE_FLOAT && gol_get_slot_float(vm, 2) == 2.5);
  size_t len;
  const char *s = gol_get_slot_string(vm, 3, &len);
  CHECK(gol_get_slot_type(vm, 3) == GOL_TYPE_STRING && len == 3 && memcmp(s, "A\0B", 3) == 0);
  CHECK(gol_get_slot_int(vm, 4) == 0);
  CHECK(gol_get_slot_int(vm, 5) == 127);
  CHECK(gol_get_slot_float(vm, 6) == 3.0);
  /* wrong-type getters give zero values */
  CHECK(gol_get_slot_int(vm, 3) == 0 && gol_get_slot_string(vm, 1, NULL) == NULL);
  /* (int, error) results */
  gol_set_slot_int(vm, 0, 7);
  gol_set_slot_int(vm, 1, 2);
  CHECK(gol_call(vm, "Div") == GOL_RESULT_SUCCESS);
  CHECK(gol_get_slot_int(vm, 0) == 3 && gol_get_slot_type(vm, 1) == GOL_TYPE_NIL);
  gol_set_slot_int(vm, 1, 0);
  CHECK(gol_call(vm, "Div") == GOL_RESULT_SUCCESS);
  CHECK(gol_get_slot_type(vm, 1) == GOL_TYPE_ERROR);
  CHECK(strcmp(gol_get_slot_string(vm, 1, NULL), "division by zero") == 0);
  /* host natives */
  gol_set_slot_int(vm, 0, 6);
  gol_set_slot_int(vm, 1, 7);
  CHECK(gol_call(vm, "UseHost") == GOL_RESULT_SUCCESS);
  CHECK(gol_get_slot_int(vm, 0) == 42);
  CHECK(strcmp(gol_get_slot_string(vm, 1, NULL), "hello, gol (from C)") == 0);
  CHECK(gol_call(vm, "HostFails") == GOL_RESULT_SUCCESS);
  CHECK(strcmp(gol_get_slot_string(vm, 0, NULL), "host says no") == 0);
  /* goroutines and channels inside a call */
  gol_set_slot_int(vm, 0, 100000);
  gol_set_slot_int(vm, 1, 8);
  CHECK(gol_call(vm, "ParSum") == GOL_RESULT_SUCCESS);
  CHECK(gol_get_slot_int(vm, 0) == 5000050000LL);
  gol_close(vm);
}

static void test_panic(void) {
  GolVM *vm = open_loaded(0);
  gol_ensure_slots(vm, 1);
  gol_set_slot_string(vm, 0, "boom");
  nerrors = 0;
  CHECK(gol_call(vm, "Boom") == GOL_RESULT_RUNTIME_ERROR);
  CHECK(nerrors == 1 && lasttype == GOL_ERROR_RUNTIME);
  CHECK(strcmp(lasterr, "panic: boom\n") == 0);
  gol_set_slot_int(vm, 0, 5);
  CHECK(gol_call(vm, "Index") == GOL_RESULT_RUNTIME_ERROR);
  CHECK(strcmp(lasterr, "panic: runtime error: index out of range [5] with length 3\n") == 0);
  /* the program is still usable, and recover() inside a call still works */
  gol_set_slot_int(vm, 0, 1);
  CHECK(gol_call(vm, "Index") == GOL_RESULT_SUCCESS && gol_get_slot_int(vm, 0) == 2);
  CHECK(gol_call(vm, "Recovers") == GOL_RESULT_SUCCESS);
  CHECK(strcmp(gol_get_slot_string(vm, 0, NULL), "recovered: inner") == 0);
  /* a panicking init makes every later call fail with it */
  GolVM *bad = gol_open(&(GolConfig){.errorFn = host_on_error});
  CHECK(gol_load_string(bad, "init.gol",
                        "package main\n\nfunc init() { panic(\"init failed\") }\n\n"
                        "func F() int { return 1 }\n\nfunc main() {}\n") == GOL_RESULT_SUCCESS);
  CHECK(gol_call(bad, "F") == GOL_RESULT_RUNTIME_ERROR);
  CHECK(strcmp(lasterr, "panic: init failed\n") == 0);
  CHECK(gol_run_main(bad) == GOL_RESULT_RUNTIME_ERROR);
  gol_close(bad);
  gol_close(vm);
}

typedef struct worker {
  GolVM *vm;
  int id;
  int ok;
} worker;

static void *work(void *arg) {
  worker *w = arg;
  GolVM *vm = w->vm;
  gol_ensure_slots(vm, 2);
  for (int i = 0; i < 40; i++) {
    gol_set_slot_int(vm, 0, 1000 + w->id);
    gol_set_slot_int(vm, 1, 1 + (i % 4));
    if (gol_call(vm, "ParSum") != GOL_RESULT_SUCCESS) return NULL;
    int64_t n = 1000 + w->id;
    if (gol_get_slot_int(vm, 0) != n * (n + 1) / 2) return NULL;
    gol_set_slot_int(vm, 0, i);
    gol_set_slot_int(vm, 1, w->id);
    if (gol_call(vm, "Add") != GOL_RESULT_SUCCESS || gol_get_slot_int(vm, 0) != i + w->id)
      return NULL;
  }
  w->ok = 1;
  return NULL;
}

static void test_concurrent(void) {
  GolVM *vm = open_loaded(0);
  worker w[4];
  pthread_t t[4];
  for (int i = 0; i < 4; i++) {
    w[i] = (worker){gol_open_shared(vm), i, 0};
    CHECK(pthread_create(&t[i], NULL, work, &w[i]) == 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    CHECK(w[i].ok);
    gol_close(w[i].vm);
  }
  gol_close(vm);
}

static void test_reopen(void) {
  for (int round = 0; round < 3; round++) {
    GolVM *vm = open_loaded(0);
    gol_ensure_slots(vm, 2);
    gol_set_slot_int(vm, 0, round);
    gol_set_slot_int(vm, 1, 10);
    CHECK(gol_call(vm, "Add") == GOL_RESULT_SUCCESS && gol_get_slot_int(vm, 0) == round + 10);
    gol_close(vm);
  }
}

static void test_main(void) {
  GolVM *vm = open_loaded(0);
  CHECK(gol_run_main(vm) == GOL_RESULT_SUCCESS);
  fflush(stdout);
  gol_close(vm);
}

/* gol_load_file on a directory: the package in it, with its module's own imports (moddir/ next
 * to the script), as `gol DIR` loads it; host packages stay importable. */
static void test_dir(void) {
  GolVM *vm = host_open(0, "host", host_src, host_natives);
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", script);
  char *slash = strrchr(dir, '/');
  snprintf(slash ? slash + 1 : dir, sizeof dir - (size_t)(slash ? slash + 1 - dir : 0), "moddir");
  CHECK(gol_load_file(vm, dir) == GOL_RESULT_SUCCESS);
  gol_ensure_slots(vm, 1);
  gol_set_slot_int(vm, 0, 21);
  CHECK(gol_call(vm, "Twice") == GOL_RESULT_SUCCESS && gol_get_slot_int(vm, 0) == 42);
  gol_set_slot_int(vm, 0, 8);
  CHECK(gol_call(vm, "HostTwice") == GOL_RESULT_SUCCESS && gol_get_slot_int(vm, 0) == 16);
  /* a program from memory sees standard and host packages, not module directories */
  CHECK(gol_load_string(vm, "mem.gol",
                        "package main\n\nimport \"example.com/apimod/util\"\n\n"
                        "func main() { util.Double(1) }\n") == GOL_RESULT_COMPILE_ERROR);
  CHECK(strstr(lasterr, "mem.gol:3:8: no required module provides package example.com/apimod/util"));
  gol_close(vm);
}

/* A goroutine outlives its program's handle and only then makes its first calls into standard
 * functions, which are compiled on first call (lang/compile_lazy.c) in the closed program's
 * arena: it must still be there. */
static void test_outlive(void) {
  GolVM *vm = gol_open(&(GolConfig){.errorFn = host_on_error});
  CHECK(vm);
  CHECK(gol_load_string(vm, "outlive.gol",
                        "package main\n\nimport (\n\t\"os\"\n\t\"strconv\"\n\t\"time\"\n)\n\n"
                        "func Start() {\n\tgo func() {\n\t\ttime.Sleep(50 * time.Millisecond)\n"
                        "\t\tos.Stdout.WriteString(\"late \" + strconv.Quote(\"first call\") + \"\\n\")\n"
                        "\t}()\n}\n\nfunc main() {}\n") == GOL_RESULT_SUCCESS);
  CHECK(gol_call(vm, "Start") == GOL_RESULT_SUCCESS);
  gol_close(vm);
  nanosleep(&(struct timespec){0, 300 * 1000 * 1000}, NULL);
  fflush(stdout);
}

static const struct {
  const char *name;
  void (*fn)(void);
} tests[] = {{"boot", test_boot},     {"errors", test_errors},         {"slots", test_slots},
             {"panic", test_panic},   {"concurrent", test_concurrent}, {"reopen", test_reopen},
             {"main", test_main},     {"dir", test_dir},               {"outlive", test_outlive}};

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: api_test SCRIPT [TEST...]\n");
    return 2;
  }
  script = argv[1];
  int n = (int)(sizeof tests / sizeof *tests);
  for (int i = 0; i < n; i++) {
    bool run = argc == 2;
    for (int j = 2; j < argc; j++) run |= strcmp(argv[j], tests[i].name) == 0;
    if (!run) continue;
    tests[i].fn();
    printf("ok %s\n", tests[i].name);
    fflush(stdout);
  }
  printf("PASS\n");
  return 0;
}

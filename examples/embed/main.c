/* Embedding gol in a C program: open the runtime, give scripts a host package, load a script,
 * call one of its functions with arguments and print the result.
 *
 *   embed_example [SCRIPT]   (default: examples/embed/script.gol)
 *
 * Build: link with libgol.a (target libgol) and include gol.h; the program keeps its ordinary
 * main and C start-up: gol_open boots gol's runtime on threads of its own. */
#include <stdio.h>

#include "gol.h"

/* host.Log(msg string): called by the script on one of gol's runtime threads. */
static void host_log(GolVM *vm) { printf("[host] %s\n", gol_get_slot_string(vm, 0, NULL)); }

static const GolNative host_natives[] = {{"Log", host_log}, {NULL, NULL}};
static const char host_source[] = "package host\n\n// Log prints msg from C.\nfunc Log(msg string)\n";

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "examples/embed/script.gol";
  GolConfig config;
  gol_init_config(&config); /* errors go to stderr; GOMAXPROCS from the environment */
  GolVM *vm = gol_open(&config);
  if (!vm) {
    fprintf(stderr, "cannot start gol\n");
    return 1;
  }
  if (gol_register_package(vm, "host", host_source, host_natives) != GOL_RESULT_SUCCESS ||
      gol_load_file(vm, path) != GOL_RESULT_SUCCESS)
    return 1;

  if (gol_run_main(vm) != GOL_RESULT_SUCCESS) return 1;
  fflush(stdout);

  gol_ensure_slots(vm, 2);
  gol_set_slot_int(vm, 0, 1000000);
  gol_set_slot_int(vm, 1, 4);
  if (gol_call(vm, "SumSquares") != GOL_RESULT_SUCCESS) return 1;
  printf("sum of squares 1..1000000 with 4 goroutines = %lld\n", (long long)gol_get_slot_int(vm, 0));

  gol_close(vm);
  return 0;
}

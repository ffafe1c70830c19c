/* The gol command: the program's main for the runtime (main_main), run by runtime_main on the
 * main goroutine after the runtime's own init tasks.
 *
 *   gol FILE [ARGS...]   compile FILE and run it: its packages' init tasks through doInit, then
 *                        its main.main; os.Args is FILE ARGS...
 *   gol DIR [ARGS...]    the same for the main package in directory DIR (`gol .`): all its .go and
 *                        .gol files; imports of the main module (go.mod or gol.mod above DIR)
 *                        are loaded from their directories
 *   gol -d FILE          print the bytecode instead of running
 *   gol -version
 *   gol                  the REPL: reads Go statements and declarations from standard input
 *
 * Exit status as Go: 1 for compile errors (and usage errors 2, as the go command), 2 after an
 * unrecovered panic (the VM exits), 0 when main.main returns (runtime_main exits). */
#include <stdio.h>
#include <string.h>

#include "lang/diag.h"
#include "lang/program.h"
#include "runtime/runtime.h"
#include "stdlib/cmd/repl.h"
#include "stdlib/stdlib.h"
#include "vm/vm.h"
#include "vm/vm_gc.h"

#define GOL_VERSION "gol 0.1 (go1.19 subset)"

static _Noreturn void usage(void) {
  fprintf(stderr,
          "usage: gol [-d] FILE.gol|DIR [ARGS...]\n"
          "       gol -version\n"
          "  -d        print the bytecode of every function instead of running\n"
          "  -version  print the version\n");
  runtime_exit(2);
}

void main_main(void) {
  int argc = runtime_argc();
  char **argv = runtime_argv();
  bool disasm = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (a[1] == '-') a++; /* accept --flag like -flag, as Go's flag package does */
    if (strcmp(a, "-d") == 0) disasm = true;
    else if (strcmp(a, "-version") == 0) {
      printf("%s\n", GOL_VERSION);
      return;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "-help") == 0) usage();
    else {
      fprintf(stderr, "gol: unknown flag %s\n", argv[i]);
      usage();
    }
  }
  if (i >= argc && argc > 1) usage();
  vm_init();
  if (i >= argc) { /* no arguments: the REPL (stdlib/cmd/repl.c) */
    repl_main();
    return;
  }

  Diag d;
  diag_init(&d);
  Program *p = program_load(argv[i], &d);
  if (p) program_compile(p, &d);
  if (!p || diag_count(&d)) {
    fflush(stdout);
    diag_print(&d, stderr);
    runtime_exit(1);
  }
  diag_free(&d);
  if (disasm) {
    program_disassemble(p, stdout);
    return;
  }
  stdlib_setargs(argc - i, argv + i);
  gol_gc_program_ready(); /* arms the collector (vm/vm_gc.h) */
  bootprint("script doInit (goid=%lld)", (long long)runtime_goid());
  doInit(program_inittask(p));
  bootprint("script main.main");
  program_run_main(p);
}

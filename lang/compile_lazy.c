/* Lazy bodies: a standard package's functions are parsed, checked and compiled on their first
 * call, not when the package is loaded.
 *
 * A script that imports fmt loads fmt, io, strconv, errors and unicode/utf8 (1,400 lines) but
 * runs a handful of their functions; compiling all of them used to be most of a hello world's
 * start-up. So, as V8 and LuaJIT do with lazy parsing:
 *   - parse_file_lazy (lang/parse.h) lexes each top-level function body only to find its end and
 *     leaves an empty block flagged NF_LAZYBODY that remembers where the body starts;
 *   - check_package (lang/check.h) checks declarations and signatures as usual, and only the
 *     bodies that package-level initialisers reach (their initialisation order depends on them);
 *   - compile_package gives every other function a Proto whose native is the marker
 *     vm_lazy_body (vm/object.h), with the signature fields set;
 *   - the first call of such a Proto (any path into a function: CALL, CALLI, closures, defer, go,
 *     vm_call) runs compile_lazy_body, which parses, checks and compiles the body into the same
 *     Proto and publishes it (native = NULL, release order).
 * User packages are always compiled whole: their errors must be reported before anything runs.
 *
 * The compiler lock. Goroutines compile lazy bodies while others run, and the REPL and libgol
 * compile new inputs while goroutines of earlier ones run: the checker and compiler (arenas,
 * scopes, the packages' tables) are not thread-safe, so every compilation holds one process-wide
 * lock, taken by compile_begin. compile_begin first holds off the collector (gc_inhibit: the new
 * objects are referenced only from the compiler's C memory until published), then takes the
 * lock, spinning with gosched: a waiter gives up its P, so a stop-the-world never waits for it,
 * and a holder never waits for anything (no GC can start while it holds the lock). A lazy
 * Proto's new objects (code, constants, nested literals) are reachable from the Proto once
 * published; the Proto itself is permanent (made before the program was ready). */
#include <stdio.h>
#include <stdlib.h>

#include "lang/compile_int.h"
#include "lang/compile_x.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "stdlib/stdlib.h"
#include "vm/vm.h"

static uint32_t compiling; /* the compiler lock: 1 while held */

void compile_begin(void) {
  gc_inhibit();
  gosched_lock(&compiling);
}

void compile_end(void) {
  gosched_unlock(&compiling);
  gc_uninhibit();
}

/* A standard package's body failed to compile: a bug in gol, not in the script. */
static _Noreturn void lazy_failed(Proto *p, Diag *d) {
  fflush(stdout);
  diag_print(d, stderr);
  fprintf(stderr, "gol: internal error compiling %s\n", p->name);
  throw("lazy body does not compile");
}

/* The work of compile_lazy_body, on the M's system stack: the first call of a function may come
 * from deep in a goroutine's small C stack (a native calling back into gol), and checking and
 * compiling recurse. No collection can start meanwhile (inhibited; none starts on g0 anyway). */
static void compile_body(void *arg) {
  Proto *p = arg;
  if (vm_proto_native(p) == vm_lazy_body) {
    FuncInfo *fi = p->lazy;
    Package *pkg = fi->obj->pkg;
    Diag d;
    diag_init(&d);
    if (!check_lazy_body(fi, &d)) lazy_failed(p, &d);
    Compiler c = {.pkg = pkg, .std = stdlib_lookup(pkg->path), .diag = &d};
    /* compiled into a copy: callers may read the signature fields of p meanwhile */
    Proto body = *p;
    cx_function(&c, NULL, fi, &body);
    if (diag_count(&d)) lazy_failed(p, &d);
    free(c.protos);
    diag_free(&d);
    p->code = body.code;
    p->ncode = body.ncode;
    p->lines = body.lines;
    p->k = body.k;
    p->nk = body.nk;
    p->maxslots = body.maxslots;
    p->nup = body.nup;
    p->recoverpc = body.recoverpc;
    p->lazy = NULL;
    __atomic_store_n(&p->native, NULL, __ATOMIC_RELEASE);
  }
}

void compile_lazy_body(Proto *p) {
  compile_begin();
  systemstack(compile_body, p);
  compile_end();
}

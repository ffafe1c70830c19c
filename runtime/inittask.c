/* Package initialisation tasks (Go's doInit).
 *
 * A task's dependencies are initialised first (each task once, however many tasks depend on it),
 * then its functions run in order. Initialisation runs on the main goroutine only, so state needs
 * no lock; finding a task in progress again means a dependency cycle, which the compiler rules
 * out: Go reports it as linker skew. */
#include "runtime/internal.h"

/* The runtime's own init task: no runtime module needs package-style initialisation yet (all of
 * them are set up by schedinit); it exists so the boot order matches Go's and modules can add
 * entries here. */
inittask runtime_inittask = {.name = "runtime"};

void doInit(inittask *t) {
  switch (t->state) {
  case 2:
    return;
  case 1:
    throw("recursive call during initialization - linker skew");
  default:
    break;
  }
  t->state = 1;
  for (uintptr_t i = 0; i < t->ndeps; i++) doInit(t->deps[i]);
  bootprint("doInit %s", t->name ? t->name : "?");
  for (uintptr_t i = 0; i < t->nfns; i++) t->fns[i].fn(t->fns[i].ctx);
  t->state = 2;
}

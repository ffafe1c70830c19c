/* The VM's roots for the garbage collector (runtime/mgc.h, runtime/mgcmark.c).
 *
 * Called with the world stopped, for every goroutine with g->vm set. Everything the VM keeps in C
 * memory (calloc/realloc) that may hold GC pointers is reported as a conservative range:
 *
 *   - the VMThread struct itself (chanbuf, panic chain heads, the uncomparable type);
 *   - the whole register file th->stack[0, stacksize): the VM has no per-slot pointer maps, so
 *     every slot is a potential pointer (a slot whose value resolves to an allocated object keeps
 *     it alive; integers that happen to look like heap addresses only retain garbage). Slots at
 *     and above th->top are included: natives and vm_call put their arguments there;
 *   - the frame array th->frames[0, nframes) (closures, protos, code pointers, defer lists);
 *   - every deferred call (Defer: heap objects allocated without a type, so their closure and
 *     argument slots are reported explicitly, which keeps them alive even with
 *     GOLDEBUG=gcprecise=1) and every panic in flight (Panic: its argument).
 *
 * gol_gc_program_ready (the driver calls it once the program is compiled) registers this
 * enumerator and arms the collector (runtime/mgc.h: gc_program_ready). */
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/vm.h"
#include "vm/vm_gc.h"

static void vm_gc_roots(struct g *gp, void *vm) {
  (void)gp;
  VMThread *th = vm;
  gc_scan_conservative(th, sizeof *th);
  if (th->stack) gc_scan_conservative(th->stack, th->stacksize * sizeof(Slot));
  if (th->frames && th->nframes > 0) {
    gc_scan_conservative(th->frames, (size_t)th->nframes * sizeof(Frame));
    for (int32_t i = 0; i < th->nframes; i++)
      for (Defer *d = th->frames[i].defers; d; d = d->next)
        gc_scan_conservative(d, sizeof(Defer) + (size_t)(d->nargs > 0 ? d->nargs : 0) * sizeof(Slot));
  }
  for (Panic *p = th->panic; p; p = p->link) gc_scan_conservative(p, sizeof *p);
  for (Panic *p = th->panicbase; p; p = p->link) gc_scan_conservative(p, sizeof *p);
}

void gol_gc_program_ready(void) {
  gc_set_vmroots(vm_gc_roots);
  gc_program_ready();
}

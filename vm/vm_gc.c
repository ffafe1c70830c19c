/* The VM's roots for the garbage collector (runtime/mgc.h, runtime/mgcmark.c) and the pointer
 * maps of the VM's own heap objects (vm_gc.h).
 *
 * Roots: called with the world stopped, for every goroutine with g->vm set. Everything the VM
 * keeps in C memory (calloc/realloc) that may hold GC pointers is reported as a conservative
 * range:
 *
 *   - the VMThread struct itself (chanbuf, the panic chain heads, the uncomparable type);
 *   - the whole register file th->stack[0, stacksize): the VM has no per-slot pointer maps, so
 *     every slot is a potential pointer (a slot whose value resolves to an allocated object keeps
 *     it alive; integers that happen to look like heap addresses only retain garbage). Slots at
 *     and above th->top are included: natives and vm_call put their arguments there;
 *   - the frame array th->frames[0, nframes) (closures, protos, code pointers, defer lists).
 *
 * Deferred calls and panics in flight are heap objects reached from the frames and the VMThread;
 * their own pointer maps (gc_ptrwords_type for Defer, vm_panic_gctype) scan the rest.
 *
 * gol_gc_program_ready (the driver calls it once the program is compiled) registers this
 * enumerator and arms the collector (runtime/mgc.h: gc_program_ready). */
#include <stddef.h>

#include "lang/types.h"
#include "runtime/map.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/vm.h"
#include "vm/vm_gc.h"

/* name, code, k, lines, ubounds: GC memory (name may also be C memory: a word that does not resolve to
 * an object is ignored); type: a type descriptor; self, valwrap: a Closure and a Proto. */
static const uint8_t proto_ptrmask[8] =
    GC_MASK64(GC_WORD(Proto, name) | GC_WORD(Proto, code) | GC_WORD(Proto, k) |
              GC_WORD(Proto, lines) | GC_WORD(Proto, ubounds) | GC_WORD(Proto, type) | GC_WORD(Proto, self) |
              GC_WORD(Proto, valwrap));
const Type vm_proto_gctype = GC_STRUCT_TYPE(Proto, proto_ptrmask, "vm.Proto");

_Static_assert(offsetof(Panic, arg) % 8 == 0 && sizeof(GoEface) == 16, "Panic layout");
static const uint8_t panic_ptrmask[8] = GC_MASK64(
    GC_WORD(Panic, link) | GC_WORD(Panic, arg) | ((uint64_t)1 << (offsetof(Panic, arg) / 8 + 1)));
const Type vm_panic_gctype = GC_STRUCT_TYPE(Panic, panic_ptrmask, "vm.Panic");

static const uint8_t hiter_ptrmask[8] =
    GC_MASK64(GC_WORD(hiter, key) | GC_WORD(hiter, elem) | GC_WORD(hiter, h) |
              GC_WORD(hiter, buckets) | GC_WORD(hiter, bptr));
const Type vm_hiter_gctype = GC_STRUCT_TYPE(hiter, hiter_ptrmask, "runtime.hiter");

_Static_assert(sizeof(Proto) <= 64 * 8 && sizeof(Panic) <= 64 * 8 && sizeof(hiter) <= 64 * 8,
               "GC_MASK64 covers 64 words");

static void vm_gc_roots(struct g *gp, void *vm) {
  (void)gp;
  VMThread *th = vm;
  gc_scan_conservative(th, sizeof *th);
  if (th->stack) gc_scan_conservative(th->stack, th->stacksize * sizeof(Slot));
  if (th->frames && th->nframes > 0)
    gc_scan_conservative(th->frames, (size_t)th->nframes * sizeof(Frame));
}

void gol_gc_program_ready(void) {
  gc_set_vmroots(vm_gc_roots);
  gc_program_ready();
}

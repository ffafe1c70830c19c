/* VM internals shared by vm.c, panic.c and debug.c: the per-goroutine state.
 *
 * Stack: th->stack[0..th->stacksize) holds every frame's register window. A frame's window
 * starts at base and spans proto->maxslots slots; a callee's window starts at the caller's
 * argument register (windows overlap like Lua's). The stack may be moved by realloc when it
 * grows, so code holds slot indices (base), not pointers, across anything that may call.
 * Frames: th->frames[0..nframes) with the running one last.
 * Invariant: th->top >= base + maxslots of the running frame; native calls and vm_call place
 * their data at th->top. */
#ifndef GOL_VM_FRAME_H
#define GOL_VM_FRAME_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "vm/object.h"
#include "vm/value.h"

enum {
  FR_BOUNDARY = 1 << 0, /* entered from C (vm_call): returning from it leaves the loop */
  FR_DEFERRED = 1 << 1, /* a deferred call run by a panic: recover() called directly works */
  FR_DEFERRET = 1 << 2, /* a deferred call run by RUNDEFERS: returning resumes RUNDEFERS */
};

typedef struct Defer Defer;
struct Defer {
  Defer *next;
  const Closure *fn;
  int32_t nargs;
  Slot args[];
};

typedef struct Frame {
  const Proto *proto;
  const Closure *cl;
  const Instr *pc;    /* next instruction (saved while a callee runs) */
  size_t base;
  Defer *defers;      /* deferred calls, most recent first */
  uint32_t flags;
} Frame;

/* Where a goroutine was started (its go statement), for "created by" in tracebacks. */
typedef struct VMCreator {
  const Proto *proto; /* NULL: not started by a go statement (main, timers, embedders) */
  const Instr *pc;    /* just after the GO instruction */
} VMCreator;

typedef struct Panic Panic;
typedef struct TbGroup TbGroup;
struct Panic {
  Panic *link;       /* the panic this one interrupted (printed as a chain) */
  GoEface arg;
  bool recovered;
  bool aborted;      /* superseded by a newer panic raised in a deferred call */
  bool goexit;
};

struct VMThread {
  Slot *stack;
  size_t stacksize;  /* slots */
  size_t top;
  Frame *frames;
  int32_t nframes, framecap;
  Panic *panic;      /* the innermost active panic, or NULL */
  Panic *panicbase;  /* th->panic when the running native was called: vm_panicking compares */
  int64_t maxstack;  /* bytes */
  int32_t depth;     /* nested interpreter loops (vm_call) */
  VMCreator creator; /* set once by go_entry */
  int32_t reportdepth; /* a panic escaping the vm_call running at this depth is reported there
                          (vm_panic_report) before it returns false; 0: never (the REPL) */
  /* Set by types_uncomparable_hook while hashing or comparing (types_hash/types_equal) met an
   * uncomparable dynamic type; the VM turns it into Go's run-time panic after the operation. */
  const struct Type *uncmp;
  bool uncmp_hashing;
  /* vm_chan.c: scratch element buffers for channel operations and select (heap memory that does
   * not move while the goroutine is parked; see vm/vm_chan.h). Grows, never shrinks. */
  void *chanbuf;
  size_t chanbufsize;
  /* traceback.c: frames panics left behind (vm_tb_save), newest loop first; loops are numbered
   * in the order they are entered (tbseq counts them, loopseq is the running one's number) */
  struct TbGroup *tbgroups;
  uint64_t tbseq, loopseq;
};

VMThread *vm_thread_get(void);
/* Makes sure the stack has room for slots [0, need); may move it. Returns false on overflow
 * (the caller reports the fatal error). */
bool vm_stack_ensure(VMThread *th, size_t need);
/* Runs the interpreter from the current top frame until the frame marked FR_BOUNDARY returns
 * (true) or a panic unwinds past it (false, panic pending). */
bool vm_execute(VMThread *th);

/* panic.c */
/* Starts unwinding for a new panic with value v. */
void vm_panic_start(VMThread *th, GoEface v);
/* Starts runtime.Goexit: unwinds like a panic (deferred calls run, recover() returns nil) and
 * ends the goroutine at its outermost frame instead of printing anything. */
void vm_goexit_start(VMThread *th);
/* Go's panicwrap: value method m (receiver type recvt) called through a nil *recvt. */
void vm_panic_nilwrap(VMThread *th, const Proto *m, const struct Type *recvt);
/* Prints the panic chain and th's traceback, then exits with status 2; for a finished Goexit,
 * ends the goroutine instead. Never returns. */
_Noreturn void vm_panic_fatal(VMThread *th);
/* What vm_panic_fatal prints (the chain and th's traceback), without exiting. */
void vm_panic_report(VMThread *th);
/* Go's fatal "stack overflow". Never returns. */
_Noreturn void vm_stack_overflow(VMThread *th);
/* traceback.c */
/* Prints the frames of th as Go's traceback does, then "created by" for a goroutine started by a
 * go statement. */
void vm_traceback(VMThread *th, FILE *out);
/* Keeps a copy of frames [from, nframes) of th, which a panic is leaving (Go keeps them on its
 * stack until a recovery): vm_traceback prints them above the live frames. */
void vm_tb_save(VMThread *th, int32_t from);
/* Forgets the saved frames of interpreter loops entered after the one with loopseq `above`
 * (a recovery unwound them in Go); 0 forgets all. */
void vm_tb_drop(VMThread *th, uint64_t above);
/* Records the go statement the calling goroutine is executing (nothing when it is not one). */
void vm_creator_save(VMCreator *c);
/* The source line of the instruction before pc in p (pc points after the faulting one). */
int32_t vm_pcline(const Proto *p, const Instr *pc);
/* The %T string of t (types_string: type strings are made lazily, never read t->str). */
const char *vm_typestr(const struct Type *t);
/* Prints a value as the print builtin does. */
void vm_print_value(FILE *out, const Slot *v, const struct Type *t);
/* Boxes a runtime error message as the panic value. */
GoEface vm_runtime_error(const char *msg, size_t n);
/* Interface conversion errors (*runtime.TypeAssertionError). */
GoEface vm_assert_error(const struct Type *iface, const struct Type *have, const struct Type *want,
                        const char *missing);
/* True when the value is one of the VM's runtime.Error types (bounds, errorString, plainError,
 * TypeAssertionError). */
bool vm_is_runtime_error(GoEface v);

/* object.c (vm_getitab, vm_implements: vm/object.h) */
/* Eface equality; sets *uncomparable to the offending type instead of comparing. */
/* The proto to call for method `name` of dynamic type t with the interface data word as its
 * receiver (value methods of indirect types go through a wrapper); NULL if t has none. */
const Proto *vm_method_for_word(const struct Type *t, const char *name);
bool vm_efaceeq(GoEface a, GoEface b, const struct Type **uncomparable);

/* Go's printpanicval for v (Error()/String() text, named basic types as T(v), else "(T) addr"),
 * and the whole panic chain as Go prints it ("panic: a [recovered]\n\tpanic: b\n"). */
void vm_print_panic_value(VMThread *th, FILE *out, GoEface v);
void vm_print_panics(VMThread *th, FILE *out, Panic *p);

#endif

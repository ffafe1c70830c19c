/* The VM's API for the driver, the runtime and the stdlib (natives use vm/native.h).
 *
 * Each goroutine that runs gol code owns one VMThread (hung on g->vm): a growable slot stack of
 * register windows and a frame stack. gol-to-gol calls never recurse on the C stack; only
 * vm_call (natives calling back into scripts, deferred calls run during a panic) re-enters the
 * interpreter loop. */
#ifndef GOL_VM_VM_H
#define GOL_VM_VM_H

#include <stdbool.h>
#include <stdio.h>
#include "vm/native.h"
#include "vm/object.h"

/* The default stack limit, in bytes as Go counts them (runtime/debug.SetMaxStack's default on
 * 64-bit). Exceeding it is Go's fatal "stack overflow". */
#define VM_DEFAULT_MAX_STACK 1000000000LL

/* Sets the stack limit for goroutines created from now on (bytes). */
void vm_set_max_stack(int64_t bytes);

/* Runs the closure fn (no arguments, no results) on the current goroutine, creating its
 * VMThread if needed. A panic that escapes is printed as Go does ("panic: ..." and the
 * goroutine's traceback on stderr, after flushing stdout) and the process exits with status 2.
 * This is how the driver runs init functions and main.main. */
void vm_run(const Closure *fn);

/* Registers the VM's runtime hooks (goexit, traceback). Call once before starting goroutines. */
void vm_init(void);

/* Disassembles one function (and, recursively, the function literals it references). */
void vm_disassemble(FILE *out, const Proto *p);

/* Numeric conversion codes (CONV's C operand). */
typedef enum VmConv {
  CV_I2F32, CV_U2F, CV_U2F32, CV_F2U, CV_F2F32, CV_F322F, CV_F322I, CV_F322U,
  CV__COUNT
} VmConv;

#endif

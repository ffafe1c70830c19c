/* The native calling convention: how C functions (stdlib natives, runtime helpers) are called by
 * the VM, and what they may do.
 *
 * A native is declared in Go source without a body (stdlib/stdlib.h) and implemented in C as
 *
 *     static void fmt_Println(VMThread *th, Slot *args, Slot *res);
 *
 * args: the argument slots, laid out exactly as the Go signature says (vm/value.h): each
 *   parameter occupies Type->nslots consecutive slots, in order; a method's receiver comes first
 *   (a pointer receiver is one slot; a value receiver its nslots). A variadic ...T parameter is
 *   one []T slice (3 slots): the VM packs the extra arguments, or passes s for f(s...). For
 *   ...interface{} each element is a GoEface {type, data} (the direct-interface rule of value.h
 *   applies to data).
 * res: where the results go, laid out the same way (e.g. (n int, err error) is 1 + 2 slots). The
 *   VM zeroes res before the call, so a native that returns zero values writes nothing. res never
 *   overlaps args: read args freely after writing res.
 * th: the calling goroutine's VM state (opaque). It is only valid during the call and only on the
 *   calling goroutine; do not store it.
 *
 * Failure: a native raises a Go panic by calling one of the vm_panic_* functions below and then
 * returning promptly (no longjmp: the VM sees the pending panic when the native returns and
 * unwinds VM frames, running defers; a deferred recover() in a script caller can stop it). A
 * native must not raise two panics in one call. Broken invariants use throw() (runtime.h).
 *
 * Calling back into scripts: vm_call runs a func value (a Closure, e.g. sort.Slice's less) in the
 * current goroutine, re-entrantly, and returns false when a panic escaped the callee: the native
 * must then return at once (leaving the panic pending so it keeps unwinding through the native's
 * caller). The callee may park the goroutine (channel operations); natives must therefore not hold
 * locks across vm_call.
 *
 * Memory: allocate Go-visible memory only with vm_alloc (garbage-collected; zeroed), never
 * malloc. Strings are immutable: build the bytes in vm_alloc'd memory and hand out the GoString.
 */
#ifndef GOL_VM_NATIVE_H
#define GOL_VM_NATIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vm/value.h"

struct Type;
struct Method;
typedef struct VMThread VMThread;
typedef struct Closure Closure;

typedef void (*NativeFn)(VMThread *th, Slot *args, Slot *res);

/* ---- memory ---- */
/* Zeroed, garbage-collected memory for a value of type t (t may be NULL for pointer-free bytes). */
void *vm_alloc(size_t size, const struct Type *t);
/* A new string holding a copy of p[0:n]. */
GoString vm_string_copy(const void *p, size_t n);
/* A fresh n-byte buffer to fill and then use as a string's bytes (no copy is made). */
uint8_t *vm_string_buf(size_t n);

/* ---- panics (see "Failure" above) ---- */
/* panic(v): v is any Go value boxed in an empty interface. */
void vm_panic_value(VMThread *th, GoEface v);
/* A run-time error: the panic value is a runtime.Error whose Error() is "runtime error: " + msg.
 * Example: vm_panic_runtime(th, "index out of range [%lld] with length %lld", i, n). */
void vm_panic_runtime(VMThread *th, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A run-time error whose Error() is msg verbatim (Go's runtime.plainError: "send on closed
 * channel", "close of nil channel"...): printed without the "runtime error: " prefix, yet it is a
 * runtime.Error for recover(). msg is copied. */
void vm_panic_plain(VMThread *th, const char *msg);
/* panic(errors.New(msg))-like: the panic value is an error whose Error() is msg verbatim. */
void vm_panic_error(VMThread *th, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A panic is pending on th (raised by a vm_panic_* call or escaped from vm_call). */
bool vm_panicking(VMThread *th);

/* ---- calling scripts ---- */
/* Calls func value fn with nargs argument slots from args, writing nres result slots to res
 * (res may equal args). Returns false if a panic escaped (it stays pending; return at once). */
bool vm_call(VMThread *th, const Closure *fn, const Slot *args, int nargs, Slot *res, int nres);
/* Calls the method named `name` (interned or not) of the dynamic value in v, which must take no
 * arguments and return one string (String() / Error()). Returns 1 and sets *out on success,
 * 0 if v's type has no such method (or v is nil), -1 if the method panicked: the panic is then
 * recovered and described in *out as fmt does ("%!v(PANIC=String method: boom)" is the caller's
 * business: *out holds just the panic value's text, e.g. "boom"). Nil-pointer receivers whose
 * method panics with a nil dereference report -2 (fmt prints "<nil>"). */
int vm_call_string_method(VMThread *th, GoEface v, const char *name, GoString *out);
/* The current goroutine's VM state (for natives called outside the VM, e.g. from runtime hooks). */
VMThread *vm_thread(void);

/* ---- interfaces ---- */
/* Converts a non-empty interface {itab, data} to an empty one {type, data}. */
static inline GoEface vm_iface_to_eface(GoIface i) {
  GoEface e = {i.tab ? i.tab->type : NULL, i.data};
  return e;
}

#endif

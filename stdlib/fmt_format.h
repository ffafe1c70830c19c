/* The formatting engine behind fmt (Print, Println, Printf and their S/F/Errorf variants): Go's
 * exact output for any value described by a run-time type (lang/types.h) and laid out as
 * vm/value.h says.
 *
 * The engine never runs script code itself. Two things need the VM and come through FmtHooks:
 * calling an Error/String/GoString method (which may panic), and iterating a map. Operands are
 * interface values (GoEface), as in Go's ...any parameters.
 *
 * Method rules (as Go's fmt): for %v %s %q %x %X and the Print functions, an operand whose method
 * set has Error() string is printed by calling it, else one with String() string; %#v uses
 * GoString() string. Value-receiver methods are in the method sets of T and *T, pointer-receiver
 * ones only in *T's. Nested values (elements, fields, map entries) are handled the same way unless
 * reached through an unexported struct field. A method that panics prints
 * %!v(PANIC=String method: <panic value>), or <nil> when the receiver is a nil pointer. */
#ifndef GOL_STDLIB_FMT_FORMAT_H
#define GOL_STDLIB_FMT_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include "lang/types.h"
#include "stdlib/strconv_num.h"
#include "vm/value.h"

typedef enum FmtCallResult {
  FMT_CALL_OK,    /* *out holds the method's result */
  FMT_CALL_PANIC, /* the method panicked (recovered); *out holds the panic value as %v prints it */
  FMT_CALL_ABORT, /* the goroutine is unwinding for another reason (Goexit, fatal): stop */
} FmtCallResult;

typedef void (*FmtMapVisit)(void *arg, const void *key, const void *val);

typedef struct FmtHooks {
  void *ctx;
  /* Calls m (a method of signature func() string) on recv, whose type is the method's receiver
   * type: T for value receivers (the engine dereferences a *T operand first), *T for pointer
   * receivers; recv.data follows the interface data-word rule of vm/value.h. */
  FmtCallResult (*call_method)(void *ctx, GoEface recv, const Method *m, GoString *out);
  /* Calls visit once per entry of the map m (not nil) of map type mt, with pointers to the key and
   * value in memory layout; the pointers stay valid until the formatting call returns. */
  void (*map_range)(void *ctx, const Type *mt, void *m, FmtMapVisit visit, void *arg);
  /* May be NULL. The method named name in the method set of t that is promoted through embedded
   * fields (the spec's selector rule, Go's method sets; NULL when t declares it itself, when it is
   * ambiguous or missing). The engine calls it with recv = the operand itself (type t). */
  const Method *(*promoted_method)(void *ctx, const Type *t, const char *name);
} FmtHooks;

typedef enum FmtStatus {
  FMT_OK,
  FMT_ABORT, /* a hook returned FMT_CALL_ABORT: the output is incomplete, unwind */
} FmtStatus;

typedef struct FmtCall {
  StrBuf *out;            /* output is appended here */
  const FmtHooks *hooks;  /* may be NULL: no method calls, maps print as map[...] of nothing */
  bool wrap_errs;         /* Errorf: %w accepts an error operand */
  int64_t wrapped;        /* out: index of the operand %w consumed, or -1 */
} FmtCall;

FmtStatus fmt_print(FmtCall *c, const GoEface *args, int64_t n);   /* Sprint */
FmtStatus fmt_println(FmtCall *c, const GoEface *args, int64_t n); /* Sprintln */
FmtStatus fmt_printf(FmtCall *c, const uint8_t *format, int64_t flen, const GoEface *args,
                     int64_t n);                                  /* Sprintf */

/* The method named name with signature func() string in the method set of t, or NULL. *via_ptr
 * is set when t is a pointer type and the method has a value receiver (the receiver is *p).
 * Promoted methods are found through h->promoted_method when h provides it (h may be NULL). */
const Method *fmt_find_string_method(const FmtHooks *h, const Type *t, const char *name,
                                     bool *via_ptr);

#endif

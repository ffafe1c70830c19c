/* Panics: panic values for run-time errors, the panic chain, Go-format fatal output and
 * tracebacks, the print builtin's value printer, and calling String()/Error() for fmt. */
#define _GNU_SOURCE /* open_memstream */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/types.h"
#include "lang/typesys.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/vm.h"
#include "vm/vm_gc.h"

/* ---- error types ----
 * A run-time error is a value of a named string type whose Error() method returns the string.
 * The concrete types carry Go's names, so %T and type switches see what Go shows:
 * runtime.boundsError (index, slice and slice-to-array-pointer failures), runtime.errorString
 * (the other "runtime error: ..." panics), runtime.plainError (nil map writes, channel misuse),
 * *runtime.TypeAssertionError; all four have RuntimeError(), so they implement the runtime.Error
 * interface declared in stdlib/runtime.gol. Unlike Go's, boundsError and TypeAssertionError hold
 * only their message: %#v prints that string, not Go's struct fields. */

/* Error() with a value receiver: the receiver is the string itself (2 slots). */
static void err_Error(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  res[0] = args[0];
  res[1] = args[1];
}

const char *vm_typestr(const Type *t) { return types_string((Type *)t); }

/* RuntimeError(): the marker method of runtime.Error. */
static void err_RuntimeError(VMThread *th, Slot *args, Slot *res) {
  (void)th, (void)args, (void)res;
}

/* methods[0] Error, methods[1] RuntimeError (runtime errors only): sorted by name. */
typedef struct ErrType {
  Type type;
  Method methods[2];
  Proto protos[2];
} ErrType;

static uint64_t str_hash(const void *p, uint64_t seed) {
  const GoString *s = p;
  uint64_t h = seed ^ 0xcbf29ce484222325ull;
  for (int64_t i = 0; i < s->len; i++) h = (h ^ s->ptr[i]) * 0x100000001b3ull;
  return h;
}
static bool str_equal(const void *a, const void *b) {
  return vm_streq(*(const GoString *)a, *(const GoString *)b);
}

static ErrType bounds_error, errstr_error, assert_error, plain_error, rt_plain_error;
static struct mutex err_lock;
static bool err_ready;

static void init_method(ErrType *e, int i, const char *name, NativeFn fn, Type *sig, int nres) {
  Proto *p = &e->protos[i];
  p->name = name;
  p->native = fn;
  p->nparams = 2;
  p->nrecv = 2;
  p->nresults = nres;
  p->maxslots = 4;
  p->recoverpc = -1;
  p->type = sig;
  Method *m = &e->methods[i];
  m->name = intern_cstr(strrchr(name, '.') + 1);
  m->exported = true;
  m->ptrrecv = false;
  m->fn = p;
  m->type = sig;
}

static void init_errtype(ErrType *e, const char *name, const char *pkg, const char *str,
                         bool runtime_error) {
  Type *t = &e->type;
  t->kind = K_STRING;
  t->align = 8;
  t->tflags = TF_NAMED | TF_COMPARABLE | TF_HASPTR | TF_COMPLETE;
  t->size = 16;
  t->nslots = 2;
  t->name = name;
  t->pkgpath = pkg;
  t->str = str;
  t->underlying = t;
  t->hash = (uint32_t)str_hash(&(GoString){(const uint8_t *)str, (int64_t)strlen(str)}, 0);
  t->hashfn = str_hash;
  t->equalfn = str_equal;
  Type *strt = types_basic(K_STRING);
  init_method(e, 0, "runtime.Error.Error", err_Error, types_func(NULL, 0, &strt, 1, false), 2);
  if (runtime_error)
    init_method(e, 1, "runtime.Error.RuntimeError", err_RuntimeError,
                types_func(NULL, 0, NULL, 0, false), 0);
  t->methods = e->methods;
  t->nmethods = runtime_error ? 2 : 1;
}

static void err_init(void) {
  if (__atomic_load_n(&err_ready, __ATOMIC_ACQUIRE)) return;
  runtime_lock(&err_lock);
  if (!err_ready) {
    init_errtype(&bounds_error, "boundsError", "runtime", "runtime.boundsError", true);
    init_errtype(&errstr_error, "errorString", "runtime", "runtime.errorString", true);
    init_errtype(&assert_error, "TypeAssertionError", "runtime", "*runtime.TypeAssertionError",
                 true);
    init_errtype(&plain_error, "errorString", "errors", "*errors.errorString", false);
    init_errtype(&rt_plain_error, "plainError", "runtime", "runtime.plainError", true);
    __atomic_store_n(&err_ready, true, __ATOMIC_RELEASE);
  }
  runtime_unlock(&err_lock);
}

static GoEface make_err(ErrType *e, const char *prefix, const char *msg, size_t n) {
  err_init();
  size_t pl = strlen(prefix);
  GoString *s = vm_alloc(sizeof(GoString), types_basic(K_STRING));
  uint8_t *b = vm_string_buf(pl + n);
  memcpy(b, prefix, pl);
  memcpy(b + pl, msg, n);
  s->ptr = b;
  s->len = (int64_t)(pl + n);
  GoEface v = {&e->type, s};
  return v;
}

static bool has_prefix(const char *msg, size_t n, const char *prefix) {
  size_t pl = strlen(prefix);
  return n >= pl && memcmp(msg, prefix, pl) == 0;
}

GoEface vm_runtime_error(const char *msg, size_t n) {
  /* Go raises a boundsError from panicIndex, the panicSlice family and panicSliceConvert, and an
   * errorString for every other "runtime error: ..." */
  bool bounds = has_prefix(msg, n, "index out of range") ||
                has_prefix(msg, n, "slice bounds out of range") ||
                has_prefix(msg, n, "cannot convert slice with length");
  return make_err(bounds ? &bounds_error : &errstr_error, "runtime error: ", msg, n);
}

bool vm_is_runtime_error(GoEface v) {
  return v.type == &bounds_error.type || v.type == &errstr_error.type ||
         v.type == &assert_error.type || v.type == &rt_plain_error.type;
}

void vm_panic_plain(VMThread *th, const char *msg) {
  vm_panic_start(th, make_err(&rt_plain_error, "", msg, strlen(msg)));
}

void vm_panic_nilwrap(VMThread *th, const Proto *m, const Type *recvt) {
  char buf[512];
  snprintf(buf, sizeof buf, "value method %s called using nil *%s pointer", m->name,
           recvt->name ? recvt->name : vm_typestr(recvt));
  vm_panic_plain(th, buf);
}

void vm_panic_error(VMThread *th, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if (n >= (int)sizeof buf) n = sizeof buf - 1;
  vm_panic_start(th, make_err(&plain_error, "", buf, (size_t)n));
}

GoEface vm_assert_error(const Type *iface, const Type *have, const Type *want, const char *missing) {
  char buf[512];
  const char *is = iface ? vm_typestr(iface) : "interface";
  int n;
  if (!have)
    n = snprintf(buf, sizeof buf, "interface conversion: %s is nil, not %s", is,
                 vm_typestr(want));
  else if (missing)
    n = snprintf(buf, sizeof buf, "interface conversion: %s is not %s: missing method %s",
                 vm_typestr(have), vm_typestr(want), missing);
  else
    n = snprintf(buf, sizeof buf, "interface conversion: %s is %s, not %s", is, vm_typestr(have),
                 vm_typestr(want));
  if (n >= (int)sizeof buf) n = sizeof buf - 1;
  return make_err(&assert_error, "", buf, (size_t)n);
}

/* ---- the panic chain ---- */

static Panic *push_panic(VMThread *th) {
  Panic *p = vm_alloc(sizeof(Panic), &vm_panic_gctype);
  p->link = th->panic; /* the interrupted panic is aborted only if p unwinds past its defer */
  th->panic = p;
  return p;
}

void vm_panic_start(VMThread *th, GoEface v) { push_panic(th)->arg = v; }

void vm_goexit_start(VMThread *th) { push_panic(th)->goexit = true; }

/* ---- printing (the print builtin's formats, also used for panic values) ---- */

static void print_float(FILE *out, double v) {
  if (isnan(v)) {
    fputs("NaN", out);
    return;
  }
  if (isinf(v)) {
    fputs(v > 0 ? "+Inf" : "-Inf", out);
    return;
  }
  enum { N = 7 };
  char buf[N + 7];
  int e = 0;
  buf[0] = '+';
  if (v == 0) {
    if (signbit(v)) buf[0] = '-';
  } else {
    if (v < 0) v = -v, buf[0] = '-';
    while (v >= 10) e++, v /= 10;
    while (v < 1) e--, v *= 10;
    double h = 5.0;
    for (int i = 0; i < N; i++) h /= 10;
    v += h;
    if (v >= 10) e++, v /= 10;
  }
  for (int i = 0; i < N; i++) {
    int s = (int)v;
    buf[i + 2] = (char)(s + '0');
    v -= s;
    v *= 10;
  }
  buf[1] = buf[2];
  buf[2] = '.';
  buf[N + 2] = 'e';
  buf[N + 3] = '+';
  if (e < 0) e = -e, buf[N + 3] = '-';
  buf[N + 4] = (char)(e / 100 + '0');
  buf[N + 5] = (char)(e / 10 % 10 + '0');
  buf[N + 6] = (char)(e % 10 + '0');
  fwrite(buf, 1, sizeof buf, out);
}

static float slot_f32(Slot s) {
  uint32_t u = (uint32_t)s;
  float f;
  memcpy(&f, &u, 4);
  return f;
}

void vm_print_value(FILE *out, const Slot *v, const Type *t) {
  switch (t->kind) {
  case K_BOOL: fputs(v[0] ? "true" : "false", out); break;
  case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64:
    fprintf(out, "%" PRId64, (int64_t)v[0]);
    break;
  case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
    fprintf(out, "%" PRIu64, (uint64_t)v[0]);
    break;
  case K_FLOAT32: print_float(out, (double)slot_f32(v[0])); break;
  case K_FLOAT64: {
    double d;
    memcpy(&d, v, 8);
    print_float(out, d);
    break;
  }
  case K_COMPLEX64: {
    fputc('(', out);
    print_float(out, (double)slot_f32(v[0]));
    print_float(out, (double)slot_f32(v[0] >> 32));
    fputs("i)", out);
    break;
  }
  case K_COMPLEX128: {
    double re, im;
    memcpy(&re, v, 8);
    memcpy(&im, v + 1, 8);
    fputc('(', out);
    print_float(out, re);
    print_float(out, im);
    fputs("i)", out);
    break;
  }
  case K_STRING: {
    const GoString *s = (const GoString *)v;
    if (s->len) fwrite(s->ptr, 1, (size_t)s->len, out); /* ptr may be NULL when empty */
    break;
  }
  case K_INTERFACE: fprintf(out, "(0x%" PRIx64 ",0x%" PRIx64 ")", v[0], v[1]); break;
  case K_SLICE: fprintf(out, "[%" PRId64 "/%" PRId64 "]0x%" PRIx64, v[1], v[2], v[0]); break;
  default: fprintf(out, "0x%" PRIx64, v[0]); break;
  }
}

static int string_method(VMThread *th, GoEface v, const char *name, GoString *out, GoEface *pv);

/* printpanicval: errors and Stringers were turned into their text beforehand (Go's
 * preprintpanics). A panic inside that Error/String call is stored in *failed (its type set);
 * failed NULL: such a value is printed as if it had no method. */
static void print_panic_value(VMThread *th, FILE *out, GoEface v, GoEface *failed) {
  const Type *t = v.type;
  if (!t) {
    fputs("nil", out);
    return;
  }
  GoString s;
  GoEface pv = {0};
  int r = string_method(th, v, "Error", &s, &pv);
  if (r == 0) r = string_method(th, v, "String", &s, &pv);
  if (r == 1) {
    fwrite(s.ptr, 1, (size_t)s.len, out);
    return;
  }
  if (r < 0 && failed && !failed->type) {
    *failed = pv;
    if (!pv.type) failed->type = types_basic(K_UNTYPED_NIL); /* panic(nil) in the method */
  }
  Slot tmp[2] = {0, 0};
  bool direct = t->tflags & TF_DIRECTIFACE;
  if (direct) tmp[0] = (Slot)(uintptr_t)v.data;
  else if (t->size <= 16) memcpy(tmp, v.data, (size_t)t->size);
  bool named = (t->tflags & TF_NAMED) && t->pkgpath;
  switch (t->kind) {
  case K_BOOL: case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64: case K_UINT:
  case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR: case K_FLOAT32:
  case K_FLOAT64:
    if (named) fprintf(out, "%s(", vm_typestr(t));
    vm_print_value(out, tmp, t);
    if (named) fputc(')', out);
    break;
  case K_COMPLEX64: case K_COMPLEX128: /* the value's own parentheses: main.C(+1e+000+2e+000i) */
    if (named) fputs(vm_typestr(t), out);
    vm_print_value(out, tmp, t);
    break;
  case K_STRING:
    if (named) fprintf(out, "%s(\"", vm_typestr(t));
    vm_print_value(out, tmp, t);
    if (named) fputs("\")", out);
    break;
  default: /* Go's print of the data word: 0x0 when nil (glibc's %p would say "(nil)") */
    fprintf(out, "(%s) 0x%" PRIxPTR, vm_typestr(t), (uintptr_t)v.data);
    break;
  }
}

void vm_print_panic_value(VMThread *th, FILE *out, GoEface v) { print_panic_value(th, out, v, NULL); }

/* Go 1.19's printpanics: a Goexit in the chain prints nothing (nor the tab after it). */
static void print_chain(VMThread *th, FILE *out, Panic *p, GoEface *failed) {
  if (p->link) {
    print_chain(th, out, p->link, failed);
    if (!p->link->goexit) fputc('\t', out);
  }
  if (p->goexit) return;
  fputs("panic: ", out);
  print_panic_value(th, out, p->arg, failed);
  if (p->recovered) fputs(" [recovered]", out);
  fputc('\n', out);
}

void vm_print_panics(VMThread *th, FILE *out, Panic *p) {
  /* only an embedder's call can end in a Goexit (the VM ends the goroutine otherwise): a Goexit
   * drops the panics it interrupted */
  if (p->goexit) fputs("runtime.Goexit called\n", out);
  else print_chain(th, out, p, NULL);
}

/* The chain as vm_print_panics prints it, unless an Error/String method panics meanwhile: then
 * Go's preprintpanics throws instead, and that second panic's value is returned (type set). */
static GoEface print_panics_or_throw(VMThread *th, FILE *out, Panic *p) {
  GoEface failed = {0};
  char *buf = NULL;
  size_t len = 0;
  FILE *m = p->goexit ? NULL : open_memstream(&buf, &len);
  if (!m) {
    vm_print_panics(th, out, p);
    return failed;
  }
  print_chain(th, m, p, &failed);
  fclose(m);
  if (!failed.type) {
    fwrite(buf, 1, len, out);
  } else if (failed.type->kind == K_STRING && !((failed.type->tflags & TF_NAMED) && failed.type->pkgpath)) {
    const GoString *s = failed.data;
    fputs("fatal error: panic while printing panic value: ", out);
    fwrite(s->ptr, 1, (size_t)s->len, out);
    fputc('\n', out);
  } else {
    fprintf(out, "fatal error: panic while printing panic value: type %s\n",
            failed.type->kind == K_UNTYPED_NIL ? "nil" : vm_typestr(failed.type));
  }
  free(buf);
  return failed;
}

_Noreturn void vm_panic_fatal(VMThread *th) {
  /* runtime.Goexit has run every deferred call: the goroutine ends (goexit1 abandons the C frames
   * of the VM loop below us) */
  if (th->panic->goexit) goexit1();
  vm_panic_report(th);
  runtime_exit(2);
}

void vm_panic_report(VMThread *th) {
  fflush(stdout);
  Panic *p = th->panic;
  /* print the chain, text of errors computed while the goroutine still runs */
  GoEface failed = print_panics_or_throw(th, stderr, p);
  GoEface cause = failed.type ? failed : p->arg;
  if (vm_is_runtime_error(cause)) {
    const GoString *s = cause.data;
    static const char nilmsg[] = "runtime error: invalid memory address or nil pointer dereference";
    if (s->len == (int64_t)strlen(nilmsg) && memcmp(s->ptr, nilmsg, (size_t)s->len) == 0)
      fputs("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n", stderr);
  }
  fprintf(stderr, "\ngoroutine %lld [running]:\n", (long long)runtime_goid());
  vm_traceback(th, stderr);
  fflush(stderr);
}

_Noreturn void vm_stack_overflow(VMThread *th) {
  fflush(stdout);
  fprintf(stderr, "runtime: goroutine stack exceeds %lld-byte limit\n", (long long)th->maxstack);
  fputs("fatal error: stack overflow\n\n", stderr);
  fprintf(stderr, "goroutine %lld [running]:\n", (long long)runtime_goid());
  vm_traceback(th, stderr);
  runtime_exit(2);
}

/* ---- String()/Error() for fmt ---- */

int vm_call_string_method(VMThread *th, GoEface v, const char *name, GoString *out) {
  return string_method(th, v, name, out, NULL);
}

/* vm_call_string_method, also giving back the value of a panic in the method (pv non-NULL). */
static int string_method(VMThread *th, GoEface v, const char *name, GoString *out, GoEface *pv) {
  if (!v.type) return 0;
  const Proto *m = vm_method_for_word(v.type, name);
  if (!m || m->nparams != 1 || m->nresults != 2) return 0;
  if (m->type && (m->type->nparams != 0 || m->type->nresults != 1 ||
                  m->type->results[0]->kind != K_STRING))
    return 0;
  Slot args[1] = {(Slot)(uintptr_t)v.data};
  Slot res[2] = {0, 0};
  Closure *cl = vm_proto_closure((Proto *)m);
  Panic *before = th->panic;
  if (vm_call(th, cl, args, 1, res, 2)) {
    memcpy(out, res, sizeof *out);
    return 1;
  }
  /* the method panicked: take the panic back (fmt reports it in the output); a Goexit is not a
   * panic and goes on (fmt sees vm_panicking and unwinds) */
  Panic *p = th->panic;
  if (p->goexit) return -1;
  if (pv) *pv = p->arg;
  th->panic = before;
  vm_tb_drop(th, th->loopseq); /* fmt recovers it: Go unwinds the method's frames */
  if (before) before->aborted = false;
  GoString s = {NULL, 0};
  if (vm_is_runtime_error(p->arg) || p->arg.type == &plain_error.type) {
    s = *(const GoString *)p->arg.data;
  } else if (p->arg.type && p->arg.type->kind == K_STRING) {
    if (p->arg.type->tflags & TF_DIRECTIFACE) s = (GoString){NULL, 0};
    else s = *(const GoString *)p->arg.data;
  }
  *out = s;
  if ((v.type->kind == K_POINTER && v.data == NULL) && vm_is_runtime_error(p->arg)) return -2;
  return -1;
}

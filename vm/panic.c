/* Panics: panic values for run-time errors, the panic chain, Go-format fatal output and
 * tracebacks, the print builtin's value printer, and calling String()/Error() for fmt. */
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

/* ---- error types ----
 * A run-time error is a value of a named string type whose Error() method returns the string.
 * runtime.Error is what Go's runtime errors implement; the concrete types mimic Go's names. */

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

static ErrType rt_error, assert_error, plain_error, rt_plain_error;
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
    init_errtype(&rt_error, "Error", "runtime", "runtime.Error", true);
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
  GoString *s = vm_alloc(sizeof(GoString), NULL);
  uint8_t *b = vm_string_buf(pl + n);
  memcpy(b, prefix, pl);
  memcpy(b + pl, msg, n);
  s->ptr = b;
  s->len = (int64_t)(pl + n);
  GoEface v = {&e->type, s};
  return v;
}

GoEface vm_runtime_error(const char *msg, size_t n) {
  return make_err(&rt_error, "runtime error: ", msg, n);
}

bool vm_is_runtime_error(GoEface v) {
  return v.type == &rt_error.type || v.type == &assert_error.type || v.type == &rt_plain_error.type;
}

void vm_panic_plain(VMThread *th, const char *msg) {
  vm_panic_start(th, make_err(&rt_plain_error, "", msg, strlen(msg)));
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

void vm_panic_start(VMThread *th, GoEface v) {
  Panic *p = vm_alloc(sizeof(Panic), NULL);
  p->arg = v;
  p->link = th->panic; /* the interrupted panic is aborted only if p unwinds past its defer */
  th->panic = p;
}

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

/* printpanicval: errors and Stringers were turned into their text beforehand. */
void vm_print_panic_value(VMThread *th, FILE *out, GoEface v) {
  const Type *t = v.type;
  if (!t) {
    fputs("nil", out);
    return;
  }
  GoString s;
  int r = vm_call_string_method(th, v, "Error", &s);
  if (r == 0) r = vm_call_string_method(th, v, "String", &s);
  if (r == 1) {
    fwrite(s.ptr, 1, (size_t)s.len, out);
    return;
  }
  Slot tmp[2] = {0, 0};
  bool direct = t->tflags & TF_DIRECTIFACE;
  if (direct) tmp[0] = (Slot)(uintptr_t)v.data;
  else if (t->size <= 16) memcpy(tmp, v.data, (size_t)t->size);
  bool named = (t->tflags & TF_NAMED) && t->pkgpath;
  switch (t->kind) {
  case K_BOOL: case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64: case K_UINT:
  case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR: case K_FLOAT32:
  case K_FLOAT64: case K_COMPLEX64: case K_COMPLEX128:
    if (named) fprintf(out, "%s(", vm_typestr(t));
    vm_print_value(out, tmp, t);
    if (named) fputc(')', out);
    break;
  case K_STRING:
    if (named) fprintf(out, "%s(\"", vm_typestr(t));
    vm_print_value(out, tmp, t);
    if (named) fputs("\")", out);
    break;
  default: fprintf(out, "(%s) %p", vm_typestr(t), v.data); break;
  }
}

void vm_print_panics(VMThread *th, FILE *out, Panic *p) {
  if (p->link) {
    vm_print_panics(th, out, p->link);
    fputc('\t', out);
  }
  if (p->goexit) {
    fputs("runtime.Goexit called\n", out);
    return;
  }
  fputs("panic: ", out);
  vm_print_panic_value(th, out, p->arg);
  if (p->recovered) fputs(" [recovered]", out);
  fputc('\n', out);
}

int32_t vm_pcline(const Proto *p, const Instr *pc) {
  if (!p->lines || p->ncode == 0) return (int32_t)p->pos.line;
  ptrdiff_t i = pc - p->code - 1;
  if (i < 0) i = 0;
  if (i >= p->ncode) i = p->ncode - 1;
  return p->lines[i];
}

void vm_traceback(VMThread *th, FILE *out) {
  for (int32_t i = th->nframes - 1; i >= 0; i--) {
    const Frame *f = &th->frames[i];
    const Proto *p = f->proto;
    const SourceFile *sf = p->file ? src_file(p->file) : NULL;
    fprintf(out, "%s(...)\n\t%s:%d +0x%tx\n", p->name ? p->name : "?", sf ? sf->name : "?",
            vm_pcline(p, f->pc), (f->pc - p->code) * 8);
  }
}

_Noreturn void vm_panic_fatal(VMThread *th) {
  fflush(stdout);
  Panic *p = th->panic;
  /* print the chain, text of errors computed while the goroutine still runs */
  vm_print_panics(th, stderr, p);
  if (vm_is_runtime_error(p->arg)) {
    const GoString *s = p->arg.data;
    static const char nilmsg[] = "runtime error: invalid memory address or nil pointer dereference";
    if (s->len == (int64_t)strlen(nilmsg) && memcmp(s->ptr, nilmsg, (size_t)s->len) == 0)
      fputs("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n", stderr);
  }
  fprintf(stderr, "\ngoroutine %lld [running]:\n", (long long)runtime_goid());
  vm_traceback(th, stderr);
  runtime_exit(2);
}

_Noreturn void vm_stack_overflow(VMThread *th) {
  fflush(stdout);
  fprintf(stderr, "runtime: goroutine stack exceeds %lld-byte limit\n", (long long)th->maxstack);
  fputs("fatal error: stack overflow\n\n", stderr);
  fprintf(stderr, "goroutine %lld [running]:\n", (long long)runtime_goid());
  /* the innermost frames only, as Go elides the middle of deep stacks */
  int32_t n = th->nframes;
  int32_t save = th->nframes;
  if (n > 50) th->nframes = 50;
  vm_traceback(th, stderr);
  th->nframes = save;
  runtime_exit(2);
}

/* ---- String()/Error() for fmt ---- */

int vm_call_string_method(VMThread *th, GoEface v, const char *name, GoString *out) {
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
  /* the method panicked: take the panic back (fmt reports it in the output) */
  Panic *p = th->panic;
  th->panic = before;
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

/* The interpreter loop.
 *
 * One loop runs a goroutine's frames; gol-to-gol calls push a Frame and continue in the same
 * loop (no C recursion). The loop re-enters itself only through vm_call (natives calling back
 * into scripts) and for deferred calls run while a panic unwinds. Dispatch is computed goto,
 * or a switch when GOL_SWITCH_DISPATCH is defined. Preemption is polled at backward jumps and
 * at calls. Run-time errors become Go panics: the faulting instruction raises the panic value and
 * jumps to `unwind`, which runs deferred calls frame by frame until one recovers (the frame then
 * resumes at its epilogue, proto->recoverpc) or a boundary frame is reached. */
#include "vm/vm.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/types.h"
#include "lang/typesys.h"
#include "runtime/chan.h"
#include "runtime/map.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/opcodes.h"
#include "vm/vm_chan.h"
#include "vm/vm_gc.h"

static int64_t max_stack = VM_DEFAULT_MAX_STACK;

void vm_set_max_stack(int64_t bytes) { max_stack = bytes; }

/* ---- per-goroutine state ---- */

VMThread *vm_thread_get(void) {
  struct g *gp = getg();
  VMThread *th = gp->vm;
  if (th) return th;
  th = calloc(1, sizeof *th);
  if (!th) throw("vm: out of memory");
  /* small initial sizes (both grow by doubling): a parked goroutine's VM state is about 0.6 KiB
   * (32 registers, 4 frames), so with its touched C-stack page and struct g it costs ~5 KiB */
  th->stacksize = 32;
  th->stack = calloc(th->stacksize, sizeof(Slot));
  th->framecap = 4;
  th->frames = calloc((size_t)th->framecap, sizeof(Frame));
  if (!th->stack || !th->frames) throw("vm: out of memory");
  th->maxstack = max_stack;
  gp->vm = th;
  return th;
}

VMThread *vm_thread(void) { return vm_thread_get(); }

static void vm_goexit(struct g *gp) {
  VMThread *th = gp->vm;
  if (!th) return;
  vm_tb_drop(th, 0);
  free(th->stack);
  free(th->frames);
  free(th);
  gp->vm = NULL;
}

static void vm_traceback_hook(struct g *gp) {
  if (gp->vm) vm_traceback(gp->vm, stderr);
}

/* types_hash/types_equal met an uncomparable dynamic type inside an interface: remember the
 * first one; the instruction that hashed or compared raises the panic (uncmp_panic). */
static void vm_uncomparable_hook(const Type *dynamic, bool hashing) {
  VMThread *th = vm_thread_get();
  if (th->uncmp) return;
  th->uncmp = dynamic;
  th->uncmp_hashing = hashing;
}

/* Raises the panic recorded by vm_uncomparable_hook, if any; false when one was raised. */
static bool uncmp_panic(VMThread *th) {
  if (__builtin_expect(th->uncmp == NULL, 1)) return true;
  const Type *t = th->uncmp;
  th->uncmp = NULL;
  vm_panic_runtime(th, th->uncmp_hashing ? "hash of unhashable type %s" : "comparing uncomparable type %s",
                   vm_typestr(t));
  return false;
}

void vm_init(void) {
  static const runtime_hooks hooks = {vm_goexit, vm_traceback_hook};
  runtime_sethooks(&hooks);
  types_uncomparable_hook = vm_uncomparable_hook;
}

/* Bytes of stack as Go would count them: the register windows plus a frame header each. */
static inline int64_t stack_bytes(VMThread *th, size_t need) {
  return (int64_t)need * 8 + (int64_t)th->nframes * 64;
}

bool vm_stack_ensure(VMThread *th, size_t need) {
  if (need <= th->stacksize) return true;
  if (stack_bytes(th, need) > th->maxstack) return false;
  size_t n = th->stacksize;
  while (n < need) n *= 2;
  Slot *s = realloc(th->stack, n * sizeof(Slot));
  if (!s) return false;
  memset(s + th->stacksize, 0, (n - th->stacksize) * sizeof(Slot));
  th->stack = s;
  th->stacksize = n;
  return true;
}

static Frame *push_frame(VMThread *th) {
  if (th->nframes == th->framecap) {
    int32_t n = th->framecap * 2;
    Frame *f = realloc(th->frames, (size_t)n * sizeof(Frame));
    if (!f) vm_stack_overflow(th);
    th->frames = f;
    th->framecap = n;
  }
  Frame *f = &th->frames[th->nframes++];
  memset(f, 0, sizeof *f);
  return f;
}

/* ---- panics raised by natives and by the loop ---- */

void vm_panic_value(VMThread *th, GoEface v) { vm_panic_start(th, v); }

void vm_panic_runtime(VMThread *th, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if (n >= (int)sizeof buf) n = sizeof buf - 1;
  vm_panic_start(th, vm_runtime_error(buf, (size_t)n));
}

/* A native may run while older panics are active (in a deferred call during a panic, or while
 * a fatal panic prints its value): only a panic raised since the native was called counts. */
bool vm_panicking(VMThread *th) { return th->panic != th->panicbase; }

/* The marker of a lazy body (object.h); the VM compiles such a proto before calling it. */
void vm_lazy_body(VMThread *th, Slot *args, Slot *res) {
  (void)th, (void)args, (void)res;
  throw("vm: a lazy body was called as a native");
}

/* ---- calls from C ---- */

/* C stack that one re-entry of the interpreter may use before it reaches the next vm_call (the
 * loop's own frame, call_native's argument copy, and a native such as fmt's formatter). A
 * goroutine's C stack is small (runtime/internal.h), so this bounds the nesting of
 * native -> script -> native calls, not gol recursion (which does not use the C stack). */
#define VM_CALL_CSTACK (12 * 1024)

/* Calls a native with its arguments at stack slot `at` (nparams slots); results are written
 * back at `at`. Natives get private copies so that a stack move during vm_call cannot
 * invalidate their pointers. Returns false when the native raised a panic (or let one escape
 * from vm_call). */
static bool call_native(VMThread *th, const Proto *p, size_t at) {
  Slot local[64];
  size_t n = (size_t)p->nparams + (size_t)p->nresults;
  Slot *buf = n <= 64 ? local : vm_alloc(n * sizeof(Slot), &gc_ptrwords_type);
  memcpy(buf, th->stack + at, (size_t)p->nparams * sizeof(Slot));
  memset(buf + p->nparams, 0, (size_t)p->nresults * sizeof(Slot));
  size_t savetop = th->top;
  if (th->top < at + n) th->top = at + n;
  Panic *savebase = th->panicbase;
  th->panicbase = th->panic;
  p->native(th, buf, buf + p->nparams);
  bool ok = th->panic == th->panicbase;
  th->panicbase = savebase;
  th->top = savetop;
  memcpy(th->stack + at, buf + p->nparams, (size_t)p->nresults * sizeof(Slot));
  return ok;
}

/* Pushes a boundary frame for cl with the arguments already at slot `at`. Every caller has made
 * cl's proto ready first (vm_proto_ready: it reads maxslots to size the stack). */
static bool enter(VMThread *th, const Closure *cl, size_t at, uint32_t flags) {
  const Proto *p = cl->proto;
  if (!vm_stack_ensure(th, at + (size_t)p->maxslots + (size_t)p->nparams + 1)) vm_stack_overflow(th);
  /* a method value (natives included: `defer mu.Unlock()`): its receiver goes first */
  if (cl->bound) {
    Slot *r = th->stack + at;
    memmove(r + cl->nup, r, (size_t)(p->nparams - (int32_t)cl->nup) * sizeof(Slot));
    if (cl->nup) memcpy(r, cl->up, cl->nup * sizeof(Slot));
  }
  if (p->native) return call_native(th, p, at);
  Frame *f = push_frame(th);
  f->proto = p;
  f->cl = cl;
  f->pc = p->code;
  f->base = at;
  f->flags = FR_BOUNDARY | flags;
  size_t savetop = th->top;
  uint64_t saveseq = th->loopseq;
  th->top = at + (size_t)p->maxslots;
  th->loopseq = ++th->tbseq;
  th->depth++;
  bool ok = vm_execute(th);
  th->depth--;
  th->loopseq = saveseq;
  th->top = savetop;
  return ok;
}

bool vm_call(VMThread *th, const Closure *fn, const Slot *args, int nargs, Slot *res, int nres) {
  if (!runtime_stack_ok(VM_CALL_CSTACK)) vm_stack_overflow(th);
  if (!fn) {
    vm_panic_runtime(th, "invalid memory address or nil pointer dereference");
    return false;
  }
  vm_proto_ready(fn->proto);
  size_t at = th->top;
  size_t need = at + (size_t)(nargs > nres ? nargs : nres) + (size_t)fn->proto->maxslots + 4;
  if (!vm_stack_ensure(th, need)) vm_stack_overflow(th);
  if (nargs) memcpy(th->stack + at, args, (size_t)nargs * sizeof(Slot)); /* args may be NULL */
  bool ok = enter(th, fn, at, 0);
  if (ok && nres) memcpy(res, th->stack + at, (size_t)nres * sizeof(Slot));
  return ok;
}

void vm_run(const Closure *fn) {
  VMThread *th = vm_thread_get();
  vm_proto_ready(fn->proto);
  size_t at = th->top;
  if (!vm_stack_ensure(th, at + (size_t)fn->proto->maxslots + 4)) vm_stack_overflow(th);
  if (!enter(th, fn, at, 0)) vm_panic_fatal(th);
}

/* Runs deferred call d on top of the stack; flags mark it for recover(). */
static bool run_defer(VMThread *th, Defer *d, uint32_t flags) {
  vm_proto_ready(d->fn->proto);
  size_t at = th->top;
  size_t need = at + (size_t)d->nargs + (size_t)d->fn->proto->maxslots + (size_t)d->fn->proto->nresults + 4;
  if (!vm_stack_ensure(th, need)) vm_stack_overflow(th);
  if (d->nargs) memcpy(th->stack + at, d->args, (size_t)d->nargs * sizeof(Slot));
  size_t savetop = th->top;
  th->top = need;
  bool ok = enter(th, d->fn, at, flags);
  th->top = savetop;
  return ok;
}

/* ---- conversions ---- */

static inline int64_t f2i(double f) {
  /* amd64 CVTTSD2SQ: out of range and NaN give 0x8000000000000000 */
  if (!(f > -9223372036854775809.0 && f < 9223372036854775808.0)) return INT64_MIN;
  return (int64_t)f;
}

static inline uint64_t f2u(double f) {
  /* Go amd64: values < 2^63 convert signed; larger subtract 2^63 first */
  if (f < 9223372036854775808.0) return (uint64_t)f2i(f);
  double g = f - 9223372036854775808.0;
  if (!(g < 9223372036854775808.0)) return 0x8000000000000000ull;
  return (uint64_t)(int64_t)g ^ 0x8000000000000000ull;
}

static inline float getf32(Slot s) {
  uint32_t u = (uint32_t)s;
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static inline Slot putf32(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
static inline double getf(Slot s) {
  double d;
  memcpy(&d, &s, 8);
  return d;
}
static inline Slot putf(double d) {
  Slot s;
  memcpy(&s, &d, 8);
  return s;
}

static Slot conv(Slot x, int code) {
  switch (code) {
  case CV_I2F32: return putf32((float)(int64_t)x);
  case CV_U2F: return putf((double)x);
  case CV_U2F32: return putf32((float)x);
  case CV_F2U: return f2u(getf(x));
  case CV_F2F32: return putf32((float)getf(x));
  case CV_F322F: return putf((double)getf32(x));
  case CV_F322I: return (Slot)f2i((double)getf32(x));
  case CV_F322U: return f2u((double)getf32(x));
  }
  return 0;
}

/* Go's min and max of floats: a NaN operand gives NaN; -0 is less than +0. */
static inline double fmin_go(double x, double y) {
  if (x != x) return x;
  if (y != y) return y;
  if (x == y) return signbit(x) ? x : y;
  return x < y ? x : y;
}
static inline double fmax_go(double x, double y) {
  if (x != x) return x;
  if (y != y) return y;
  if (x == y) return signbit(x) ? y : x;
  return x > y ? x : y;
}

/* Go's complex128div (runtime/complex.go): Smith's algorithm, then C99's infinity and zero
 * corrections when both parts came out NaN. */
static void cdiv(double a, double b, double c, double d, double *e, double *f) {
  double x, y;
  if (fabs(c) >= fabs(d)) {
    double ratio = d / c, denom = c + ratio * d;
    x = (a + b * ratio) / denom;
    y = (b - a * ratio) / denom;
  } else {
    double ratio = c / d, denom = d + ratio * c;
    x = (a * ratio + b) / denom;
    y = (b * ratio - a) / denom;
  }
  if (isnan(x) && isnan(y)) {
    if (c == 0 && d == 0 && (!isnan(a) || !isnan(b))) {
      x = copysign(INFINITY, c) * a;
      y = copysign(INFINITY, c) * b;
    } else if ((isinf(a) || isinf(b)) && isfinite(c) && isfinite(d)) {
      a = copysign(isinf(a) ? 1.0 : 0.0, a);
      b = copysign(isinf(b) ? 1.0 : 0.0, b);
      x = INFINITY * (a * c + b * d);
      y = INFINITY * (b * c - a * d);
    } else if ((isinf(c) || isinf(d)) && isfinite(a) && isfinite(b)) {
      c = copysign(isinf(c) ? 1.0 : 0.0, c);
      d = copysign(isinf(d) ? 1.0 : 0.0, d);
      x = 0 * (a * c + b * d);
      y = 0 * (b * c - a * d);
    }
  }
  *e = x;
  *f = y;
}

/* ---- the loop ---- */

#define GET_OP(i) ((unsigned)((i)&0xFFFF))
#define GET_A(i) ((unsigned)(((i) >> 16) & 0xFFFF))
#define GET_B(i) ((unsigned)(((i) >> 32) & 0xFFFF))
#define GET_C(i) ((unsigned)((i) >> 48))
#define GET_sB(i) ((int16_t)(((i) >> 32) & 0xFFFF))
#define GET_sC(i) ((int16_t)((i) >> 48))
#define GET_sBC(i) ((int32_t)((i) >> 32))
#define GET_BC(i) ((uint32_t)((i) >> 32))

#define RA (R[GET_A(i)])
#define RB (R[GET_B(i)])
#define RC (R[GET_C(i)])
#define SA ((int64_t)RA)
#define SB ((int64_t)RB)
#define SC ((int64_t)RC)
#define FB getf(RB)
#define FC getf(RC)
#define F32B getf32(RB)
#define F32C getf32(RC)
#define RPTR(x) ((uint8_t *)(uintptr_t)(x))

#if defined(GOL_SWITCH_DISPATCH)
#define VMCASE(name) case OP_##name:
#define DISPATCH() goto dispatch_
#define VMSWITCH_BEGIN                                                                             \
  dispatch_:                                                                                       \
  i = *pc++;                                                                                       \
  switch (GET_OP(i)) {
#define VMSWITCH_END                                                                               \
  default: throw("vm: bad opcode");                                                                \
  }
#else
#define VMCASE(name) L_##name:
#define DISPATCH()                                                                                 \
  do {                                                                                             \
    i = *pc++;                                                                                     \
    goto *labels[GET_OP(i)];                                                                       \
  } while (0)
#define VMSWITCH_BEGIN DISPATCH();
#define VMSWITCH_END
#endif

#define SAVEPC() (fr->pc = pc)
#define RELOAD()                                                                                   \
  do {                                                                                             \
    fr = &th->frames[th->nframes - 1];                                                             \
    base = fr->base;                                                                               \
    R = th->stack + base;                                                                          \
    pc = fr->pc;                                                                                   \
    K = fr->proto->k;                                                                              \
  } while (0)
/* Raise a run-time error: the pc stays after the faulting instruction (vm_pcline looks back). */
#define RTERR(...)                                                                                 \
  do {                                                                                             \
    SAVEPC();                                                                                      \
    vm_panic_runtime(th, __VA_ARGS__);                                                             \
    goto unwind;                                                                                   \
  } while (0)
#define NILDEREF() RTERR("invalid memory address or nil pointer dereference")
#define POLL()                                                                                     \
  do {                                                                                             \
    if (__builtin_expect(runtime_preempt_requested(gp), 0)) {                                      \
      SAVEPC();                                                                                    \
      runtime_preempt_park();                                                                      \
    }                                                                                              \
  } while (0)
#define EXTRA() (*pc++)

/* Go's bounds errors (runtime/error.go boundsError): x is the failing operand, y what it was
 * checked against (never negative). A negative x is printed without y (boundsNegErrorFmt); an
 * operand of unsigned type is never negative: the compiler lists the instructions with unsigned
 * operands in proto->ubounds, which is read only here, once a check has failed. */
enum { BE_INDEX, BE_SLICE_A, BE_SLICE_B, BE_SLICE3_A, BE_SLICE3_B, BE_SLICE3_C };

/* Whether operand k (0: the index or low bound, 1: high, 2: max) of the instruction at ip is
 * unsigned. ubounds is sorted by pc (entries are pc << 3 | operand mask). */
static bool bounds_unsigned(const Proto *p, const Instr *ip, int k) {
  uint32_t pc = (uint32_t)(ip - p->code);
  int32_t lo = 0, hi = p->nubounds;
  while (lo < hi) {
    int32_t mid = lo + (hi - lo) / 2;
    uint32_t e = p->ubounds[mid];
    if (e >> 3 == pc) return (e >> k) & 1;
    if (e >> 3 < pc) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/* ip: the failing instruction; k: which of its operands x is; what: "length" or "capacity". */
static void bounds_error(VMThread *th, const Instr *ip, int k, int code, int64_t x, int64_t y,
                         const char *what) {
  static const char *const pre[] = {"index out of range [", "slice bounds out of range [:",
                                    "slice bounds out of range [", "slice bounds out of range [::",
                                    "slice bounds out of range [:", "slice bounds out of range ["};
  static const char *const negpost[] = {"]", "]", ":]", "]", ":]", "::]"};
  bool uns = bounds_unsigned(th->frames[th->nframes - 1].proto, ip, k);
  if (x < 0 && !uns) {
    vm_panic_runtime(th, "%s%lld%s", pre[code], (long long)x, negpost[code]);
    return;
  }
  char xs[24];
  snprintf(xs, sizeof xs, uns ? "%llu" : "%lld", (unsigned long long)x);
  if (code == BE_INDEX || code == BE_SLICE_A || code == BE_SLICE3_A)
    vm_panic_runtime(th, "%s%s] with %s %lld", pre[code], xs, what, (long long)y);
  else
    vm_panic_runtime(th, "%s%s:%lld%s", pre[code], xs, (long long)y,
                     code == BE_SLICE3_C ? ":]" : "]");
}

static void index_error(VMThread *th, const Instr *ip, int64_t i, int64_t n) {
  bounds_error(th, ip, 0, BE_INDEX, i, n, "length");
}

/* s[lo:hi:max] against cap (for strings and arrays the length: `what` says which word Go uses),
 * checked in Go's order; ip is the instruction (for bounds_error). */
static bool slice_check(VMThread *th, const Instr *ip, int64_t lo, int64_t hi, int64_t max,
                        int64_t cap, bool three, const char *what) {
  if (three) {
    if ((uint64_t)max > (uint64_t)cap) bounds_error(th, ip, 2, BE_SLICE3_A, max, cap, what);
    else if ((uint64_t)hi > (uint64_t)max) bounds_error(th, ip, 1, BE_SLICE3_B, hi, max, what);
    else if ((uint64_t)lo > (uint64_t)hi) bounds_error(th, ip, 0, BE_SLICE3_C, lo, hi, what);
    else return true;
    return false;
  }
  if ((uint64_t)hi > (uint64_t)cap) bounds_error(th, ip, 1, BE_SLICE_A, hi, cap, what);
  else if ((uint64_t)lo > (uint64_t)hi) bounds_error(th, ip, 0, BE_SLICE_B, lo, hi, what);
  else return true;
  return false;
}

static const Type *dyn_type(GoEface e) { return e.type; }

static void box(Slot *dst, const Slot *src, const Type *t, Slot word0) {
  dst[0] = word0;
  if (t->tflags & TF_DIRECTIFACE) {
    dst[1] = src[0];
  } else {
    void *p = vm_alloc((size_t)t->size, t);
    memcpy(p, src, (size_t)t->size);
    dst[1] = (Slot)(uintptr_t)p;
  }
}

static void unbox(Slot *dst, GoEface e, const Type *t) {
  if (t->tflags & TF_DIRECTIFACE) dst[0] = (Slot)(uintptr_t)e.data;
  else memcpy(dst, e.data, (size_t)t->size);
}

static bool key_hashable(VMThread *th, const Type *mt, const Slot *key) {
  if (mt->key->kind != K_INTERFACE) return true;
  const Type *dt = (const Type *)(uintptr_t)key[0];
  if (dt && mt->key->nmethods) dt = ((const Itab *)dt)->type;
  if (dt && !(dt->tflags & TF_COMPARABLE)) {
    vm_panic_runtime(th, "hash of unhashable type %s", vm_typestr(dt));
    return false;
  }
  return true;
}

bool vm_execute(VMThread *th) {
#if !defined(GOL_SWITCH_DISPATCH)
  static void *const labels[] = {
#define GOL_OP_LABEL(name, fmt, doc) &&L_##name,
      GOL_OPCODES(GOL_OP_LABEL)
#undef GOL_OP_LABEL
  };
#endif
  struct g *gp = getg();
  Frame *fr;
  size_t base;
  Slot *R;
  const Instr *pc;
  const Slot *K;
  Instr i;
  const Proto *callee;
  const Closure *calleecl;
  size_t callbase;

  RELOAD();
  VMSWITCH_BEGIN

  VMCASE(NOP) DISPATCH();
  VMCASE(MOVE) RA = RB; DISPATCH();
  VMCASE(MOVE2) {
    Slot *a = &RA, *b = &RB;
    Slot x = b[0], y = b[1];
    a[0] = x, a[1] = y;
    DISPATCH();
  }
  VMCASE(MOVE3) {
    Slot *a = &RA, *b = &RB;
    Slot x = b[0], y = b[1], z = b[2];
    a[0] = x, a[1] = y, a[2] = z;
    DISPATCH();
  }
  VMCASE(MOVEN) memmove(&RA, &RB, GET_C(i) * sizeof(Slot)); DISPATCH();
  VMCASE(LOADI) RA = (Slot)(int64_t)GET_sBC(i); DISPATCH();
  VMCASE(LOADK) RA = K[GET_BC(i)]; DISPATCH();
  VMCASE(LOADK2) {
    Slot *a = &RA;
    a[0] = K[GET_BC(i)], a[1] = K[GET_BC(i) + 1];
    DISPATCH();
  }
  VMCASE(ZERO) memset(&RA, 0, GET_B(i) * sizeof(Slot)); DISPATCH();

  VMCASE(ADD) RA = RB + RC; DISPATCH();
  VMCASE(SUB) RA = RB - RC; DISPATCH();
  VMCASE(MUL) RA = RB * RC; DISPATCH();
  VMCASE(DIV) {
    int64_t d = SC;
    if (d == 0) RTERR("integer divide by zero");
    RA = d == -1 ? (Slot)(0 - RB) : (Slot)(SB / d);
    DISPATCH();
  }
  VMCASE(REM) {
    int64_t d = SC;
    if (d == 0) RTERR("integer divide by zero");
    RA = d == -1 ? 0 : (Slot)(SB % d);
    DISPATCH();
  }
  VMCASE(DIVU) {
    if (RC == 0) RTERR("integer divide by zero");
    RA = RB / RC;
    DISPATCH();
  }
  VMCASE(REMU) {
    if (RC == 0) RTERR("integer divide by zero");
    RA = RB % RC;
    DISPATCH();
  }
  VMCASE(AND) RA = RB & RC; DISPATCH();
  VMCASE(OR) RA = RB | RC; DISPATCH();
  VMCASE(XOR) RA = RB ^ RC; DISPATCH();
  VMCASE(ANDNOT) RA = RB & ~RC; DISPATCH();
  VMCASE(SHL) RA = RC >= 64 ? 0 : RB << RC; DISPATCH();
  VMCASE(SHR) RA = (Slot)(RC >= 64 ? (SB < 0 ? -1 : 0) : SB >> RC); DISPATCH();
  VMCASE(SHRU) RA = RC >= 64 ? 0 : RB >> RC; DISPATCH();
  VMCASE(SHLK) RA = RB << GET_C(i); DISPATCH();
  VMCASE(SHRK) RA = (Slot)(SB >> GET_C(i)); DISPATCH();
  VMCASE(SHRUK) RA = RB >> GET_C(i); DISPATCH();
  VMCASE(ADDK) RA = RB + (Slot)(int64_t)GET_sC(i); DISPATCH();
  VMCASE(MULK) RA = RB * (Slot)(int64_t)GET_sC(i); DISPATCH();
  VMCASE(DIVK) {
    int64_t d = GET_sC(i);
    RA = d == -1 ? (Slot)(0 - RB) : (Slot)(SB / d);
    DISPATCH();
  }
  VMCASE(REMK) {
    int64_t d = GET_sC(i);
    RA = d == -1 ? 0 : (Slot)(SB % d);
    DISPATCH();
  }
  VMCASE(NEG) RA = 0 - RB; DISPATCH();
  VMCASE(NOT) RA = ~RB; DISPATCH();
  VMCASE(LNOT) RA = !RB; DISPATCH();
  VMCASE(CHKSHIFT) {
    if (SA < 0) RTERR("negative shift amount");
    DISPATCH();
  }
  VMCASE(SEXT8) RA = (Slot)(int64_t)(int8_t)RB; DISPATCH();
  VMCASE(SEXT16) RA = (Slot)(int64_t)(int16_t)RB; DISPATCH();
  VMCASE(SEXT32) RA = (Slot)(int64_t)(int32_t)RB; DISPATCH();
  VMCASE(ZEXT8) RA = (uint8_t)RB; DISPATCH();
  VMCASE(ZEXT16) RA = (uint16_t)RB; DISPATCH();
  VMCASE(ZEXT32) RA = (uint32_t)RB; DISPATCH();

  VMCASE(ADDF) RA = putf(FB + FC); DISPATCH();
  VMCASE(SUBF) RA = putf(FB - FC); DISPATCH();
  VMCASE(MULF) RA = putf(FB * FC); DISPATCH();
  VMCASE(DIVF) RA = putf(FB / FC); DISPATCH();
  VMCASE(NEGF) RA = RB ^ 0x8000000000000000ull; DISPATCH();
  VMCASE(ADDF32) RA = putf32(F32B + F32C); DISPATCH();
  VMCASE(SUBF32) RA = putf32(F32B - F32C); DISPATCH();
  VMCASE(MULF32) RA = putf32(F32B * F32C); DISPATCH();
  VMCASE(DIVF32) RA = putf32(F32B / F32C); DISPATCH();
  VMCASE(NEGF32) RA = (RB ^ 0x80000000u) & 0xFFFFFFFFu; DISPATCH();
  VMCASE(ADDC) {
    Slot *a = &RA, *b = &RB, *c = &RC;
    double re = getf(b[0]) + getf(c[0]), im = getf(b[1]) + getf(c[1]);
    a[0] = putf(re), a[1] = putf(im);
    DISPATCH();
  }
  VMCASE(SUBC) {
    Slot *a = &RA, *b = &RB, *c = &RC;
    double re = getf(b[0]) - getf(c[0]), im = getf(b[1]) - getf(c[1]);
    a[0] = putf(re), a[1] = putf(im);
    DISPATCH();
  }
  VMCASE(MULC) {
    Slot *a = &RA, *b = &RB, *c = &RC;
    double x = getf(b[0]), y = getf(b[1]), u = getf(c[0]), v = getf(c[1]);
    a[0] = putf(x * u - y * v), a[1] = putf(x * v + y * u);
    DISPATCH();
  }
  VMCASE(DIVC) {
    Slot *a = &RA, *b = &RB, *c = &RC;
    double e, f;
    cdiv(getf(b[0]), getf(b[1]), getf(c[0]), getf(c[1]), &e, &f);
    a[0] = putf(e), a[1] = putf(f);
    DISPATCH();
  }
  VMCASE(NEGC) {
    Slot *a = &RA, *b = &RB;
    Slot x = b[0], y = b[1];
    a[0] = x ^ 0x8000000000000000ull, a[1] = y ^ 0x8000000000000000ull;
    DISPATCH();
  }
  VMCASE(EQC) {
    Slot *b = &RB, *c = &RC;
    RA = getf(b[0]) == getf(c[0]) && getf(b[1]) == getf(c[1]);
    DISPATCH();
  }
  VMCASE(C64TO128) {
    Slot *a = &RA;
    Slot x = RB;
    a[0] = putf((double)getf32(x)), a[1] = putf((double)getf32(x >> 32));
    DISPATCH();
  }
  VMCASE(C128TO64) {
    Slot *b = &RB;
    RA = putf32((float)getf(b[0])) | putf32((float)getf(b[1])) << 32;
    DISPATCH();
  }
  VMCASE(MINF) RA = putf(fmin_go(FB, FC)); DISPATCH();
  VMCASE(MAXF) RA = putf(fmax_go(FB, FC)); DISPATCH();
  VMCASE(MINF32) RA = putf32((float)fmin_go(F32B, F32C)); DISPATCH();
  VMCASE(MAXF32) RA = putf32((float)fmax_go(F32B, F32C)); DISPATCH();
  VMCASE(CONV) RA = conv(RB, (int)GET_C(i)); DISPATCH();
  VMCASE(I2F) RA = putf((double)SB); DISPATCH();
  VMCASE(F2I) RA = (Slot)f2i(FB); DISPATCH();

  VMCASE(EQ) RA = RB == RC; DISPATCH();
  VMCASE(NE) RA = RB != RC; DISPATCH();
  VMCASE(LT) RA = SB < SC; DISPATCH();
  VMCASE(LE) RA = SB <= SC; DISPATCH();
  VMCASE(LTU) RA = RB < RC; DISPATCH();
  VMCASE(LEU) RA = RB <= RC; DISPATCH();
  VMCASE(EQF) RA = FB == FC; DISPATCH();
  VMCASE(NEF) RA = FB != FC; DISPATCH();
  VMCASE(LTF) RA = FB < FC; DISPATCH();
  VMCASE(LEF) RA = FB <= FC; DISPATCH();
  VMCASE(EQF32) RA = F32B == F32C; DISPATCH();
  VMCASE(NEF32) RA = F32B != F32C; DISPATCH();
  VMCASE(LTF32) RA = F32B < F32C; DISPATCH();
  VMCASE(LEF32) RA = F32B <= F32C; DISPATCH();
  VMCASE(EQSTR) RA = vm_streq(*(GoString *)&RB, *(GoString *)&RC); DISPATCH();
  VMCASE(LTSTR) RA = vm_strcmp(*(GoString *)&RB, *(GoString *)&RC) < 0; DISPATCH();
  VMCASE(LESTR) RA = vm_strcmp(*(GoString *)&RB, *(GoString *)&RC) <= 0; DISPATCH();
  VMCASE(EQT) {
    const Type *t = (const Type *)(uintptr_t)K[EXTRA()];
    RA = types_equal(t, &RB, &RC);
    if (!uncmp_panic(th)) {
      SAVEPC();
      goto unwind;
    }
    DISPATCH();
  }
  VMCASE(EQIFACE) {
    const Type *bad;
    bool eq = vm_efaceeq(*(GoEface *)&RB, *(GoEface *)&RC, &bad);
    if (bad) RTERR("comparing uncomparable type %s", vm_typestr(bad));
    if (!uncmp_panic(th)) {
      SAVEPC();
      goto unwind;
    }
    RA = eq;
    DISPATCH();
  }

  VMCASE(JMP) {
    int32_t off = GET_sBC(i);
    pc += off;
    if (off < 0) POLL();
    DISPATCH();
  }
  VMCASE(JT) {
    if (RA) {
      int32_t off = GET_sBC(i);
      pc += off;
      if (off < 0) POLL();
    }
    DISPATCH();
  }
  VMCASE(JF) {
    if (!RA) {
      int32_t off = GET_sBC(i);
      pc += off;
      if (off < 0) POLL();
    }
    DISPATCH();
  }
#define CONDJUMP(cond)                                                                             \
  do {                                                                                             \
    if (cond) {                                                                                    \
      int32_t off = GET_sC(i);                                                                     \
      pc += off;                                                                                   \
      if (off < 0) POLL();                                                                         \
    }                                                                                              \
    DISPATCH();                                                                                    \
  } while (0)
  VMCASE(JEQ) CONDJUMP(RA == RB);
  VMCASE(JNE) CONDJUMP(RA != RB);
  VMCASE(JLT) CONDJUMP(SA < SB);
  VMCASE(JLE) CONDJUMP(SA <= SB);
  VMCASE(JLTU) CONDJUMP(RA < RB);
  VMCASE(JLEU) CONDJUMP(RA <= RB);
  VMCASE(JEQK) CONDJUMP(SA == GET_sB(i));
  VMCASE(JNEK) CONDJUMP(SA != GET_sB(i));
  VMCASE(JLTK) CONDJUMP(SA < GET_sB(i));
  VMCASE(JLEK) CONDJUMP(SA <= GET_sB(i));
  VMCASE(JGTK) CONDJUMP(SA > GET_sB(i));
  VMCASE(JGEK) CONDJUMP(SA >= GET_sB(i));

  VMCASE(CONCAT) {
    GoString s = vm_concat(*(GoString *)&RB, *(GoString *)&RC);
    memcpy(&RA, &s, sizeof s);
    DISPATCH();
  }
  VMCASE(CONCATN) {
    GoString s = vm_concatn((GoString *)&RB, (int)GET_C(i));
    memcpy(&RA, &s, sizeof s);
    DISPATCH();
  }
  VMCASE(STRIDX) {
    GoString s = *(GoString *)&RB;
    if ((uint64_t)RC >= (uint64_t)s.len) {
      SAVEPC();
      index_error(th, pc - 1, SC, s.len);
      goto unwind;
    }
    RA = s.ptr[RC];
    DISPATCH();
  }
  VMCASE(STRSLICE) {
    GoString s = *(GoString *)&RB;
    Slot *c = &RC;
    int64_t lo = (int64_t)c[0], hi = (int64_t)c[1];
    if (!slice_check(th, pc - 1, lo, hi, 0, s.len, false, "length")) {
      SAVEPC();
      goto unwind;
    }
    GoString r = {hi - lo ? s.ptr + lo : NULL, hi - lo};
    memcpy(&RA, &r, sizeof r);
    DISPATCH();
  }
  VMCASE(STR2BYTES) {
    GoSlice b = vm_str2bytes(*(GoString *)&RB);
    if (GET_C(i)) b.cap = b.len;
    memcpy(&RA, &b, sizeof b);
    DISPATCH();
  }
  VMCASE(BYTES2STR) {
    GoString s = vm_bytes2str(*(GoSlice *)&RB);
    memcpy(&RA, &s, sizeof s);
    DISPATCH();
  }
  VMCASE(STR2RUNES) {
    GoSlice b = vm_str2runes(*(GoString *)&RB);
    if (GET_C(i)) b.cap = b.len;
    memcpy(&RA, &b, sizeof b);
    DISPATCH();
  }
  VMCASE(RUNES2STR) {
    GoString s = vm_runes2str(*(GoSlice *)&RB);
    memcpy(&RA, &s, sizeof s);
    DISPATCH();
  }
  VMCASE(RUNE2STR) {
    GoString s = vm_rune2str(SB);
    memcpy(&RA, &s, sizeof s);
    DISPATCH();
  }
  VMCASE(DECRUNE) {
    GoString s = *(GoString *)&RB;
    int64_t k = SC;
    int w = 1;
    Slot r = s.ptr[k];
    if (r >= 0x80) r = (Slot)vm_decoderune(s, k, &w);
    Slot *a = &RA;
    a[0] = r;
    a[1] = (Slot)(k + w);
    DISPATCH();
  }

#define LOADOP(name, T)                                                                            \
  VMCASE(name) {                                                                                   \
    uint8_t *p = RPTR(RB);                                                                         \
    if (!p) NILDEREF();                                                                            \
    T v;                                                                                           \
    memcpy(&v, p + GET_C(i), sizeof v);                                                            \
    RA = (Slot)v;                                                                                  \
    DISPATCH();                                                                                    \
  }
  LOADOP(LD8, int8_t)
  LOADOP(LD8U, uint8_t)
  LOADOP(LD16, int16_t)
  LOADOP(LD16U, uint16_t)
  LOADOP(LD32, int32_t)
  LOADOP(LD32U, uint32_t)
  LOADOP(LD64, int64_t)
  VMCASE(LDG) RA = *(const Slot *)(uintptr_t)K[GET_BC(i)]; DISPATCH();
  VMCASE(STG) *(Slot *)(uintptr_t)K[GET_BC(i)] = RA; DISPATCH();
  VMCASE(LDN) {
    uint8_t *p = RPTR(RB);
    uint64_t n = EXTRA();
    if (!p) NILDEREF();
    memmove(&RA, p + GET_C(i), n);
    DISPATCH();
  }
#define STOREOP(name, T)                                                                           \
  VMCASE(name) {                                                                                   \
    uint8_t *p = RPTR(RA);                                                                         \
    if (!p) NILDEREF();                                                                            \
    T v = (T)RB;                                                                                   \
    memcpy(p + GET_C(i), &v, sizeof v);                                                            \
    DISPATCH();                                                                                    \
  }
  STOREOP(ST8, uint8_t)
  STOREOP(ST16, uint16_t)
  STOREOP(ST32, uint32_t)
  STOREOP(ST64, uint64_t)
  VMCASE(STN) {
    uint8_t *p = RPTR(RA);
    uint64_t n = EXTRA();
    if (!p) NILDEREF();
    memmove(p + GET_C(i), &RB, n);
    DISPATCH();
  }
#define GETFOP(name, T)                                                                            \
  VMCASE(name) {                                                                                   \
    T v;                                                                                           \
    memcpy(&v, (uint8_t *)&RB + GET_C(i), sizeof v);                                               \
    RA = (Slot)v;                                                                                  \
    DISPATCH();                                                                                    \
  }
  GETFOP(GF8, int8_t)
  GETFOP(GF8U, uint8_t)
  GETFOP(GF16, int16_t)
  GETFOP(GF16U, uint16_t)
  GETFOP(GF32, int32_t)
  GETFOP(GF32U, uint32_t)
  VMCASE(GFN) {
    uint64_t n = EXTRA();
    memmove(&RA, (uint8_t *)&RB + GET_C(i), n);
    DISPATCH();
  }
#define SETFOP(name, T)                                                                            \
  VMCASE(name) {                                                                                   \
    T v = (T)RB;                                                                                   \
    memcpy((uint8_t *)&RA + GET_C(i), &v, sizeof v);                                               \
    DISPATCH();                                                                                    \
  }
  SETFOP(SF8, uint8_t)
  SETFOP(SF16, uint16_t)
  SETFOP(SF32, uint32_t)
  VMCASE(SFN) {
    uint64_t n = EXTRA();
    memmove((uint8_t *)&RA + GET_C(i), &RB, n);
    DISPATCH();
  }
  /* Arrays held in registers indexed by a variable: the byte offset R[C] was bounds-checked by
   * the compiler's BOUNDS on the index. */
  VMCASE(GFX) {
    uint64_t x = EXTRA();
    size_t n = (size_t)(x & 0xFFFFFFFFu);
    const uint8_t *src = (const uint8_t *)&RB + RC;
    if (x >> 32) {
      Slot v = 0;
      memcpy(&v, src, n);
      if ((x >> 32) == 2) v = (Slot)((int64_t)(v << (64 - 8 * n)) >> (64 - 8 * n));
      RA = v;
    } else {
      memmove(&RA, src, n);
    }
    DISPATCH();
  }
  VMCASE(SFX) {
    uint64_t n = EXTRA();
    memmove((uint8_t *)&RA + RB, &RC, n);
    DISPATCH();
  }

  VMCASE(IDX) {
    uint64_t es = EXTRA();
    Slot *s = &RB;
    if (RC >= s[1]) {
      SAVEPC();
      index_error(th, pc - 2, SC, (int64_t)s[1]);
      goto unwind;
    }
    RA = s[0] + RC * es;
    DISPATCH();
  }
  VMCASE(IDXA) {
    uint64_t x = EXTRA();
    uint64_t es = x & 0xFFFFFFFFu, n = x >> 32;
    if (RC >= n) {
      SAVEPC();
      index_error(th, pc - 2, SC, (int64_t)n);
      goto unwind;
    }
    if (!RB) NILDEREF();
    RA = RB + RC * es;
    DISPATCH();
  }
  VMCASE(SLD64) {
    Slot *s = &RB;
    if (RC >= s[1]) {
      SAVEPC();
      index_error(th, pc - 1, SC, (int64_t)s[1]);
      goto unwind;
    }
    RA = ((Slot *)(uintptr_t)s[0])[RC];
    DISPATCH();
  }
  VMCASE(SLD8U) {
    Slot *s = &RB;
    if (RC >= s[1]) {
      SAVEPC();
      index_error(th, pc - 1, SC, (int64_t)s[1]);
      goto unwind;
    }
    RA = ((uint8_t *)(uintptr_t)s[0])[RC];
    DISPATCH();
  }
  VMCASE(SST64) {
    Slot *s = &RA;
    if (RB >= s[1]) {
      SAVEPC();
      index_error(th, pc - 1, SB, (int64_t)s[1]);
      goto unwind;
    }
    ((Slot *)(uintptr_t)s[0])[RB] = RC;
    DISPATCH();
  }
  VMCASE(SST8) {
    Slot *s = &RA;
    if (RB >= s[1]) {
      SAVEPC();
      index_error(th, pc - 1, SB, (int64_t)s[1]);
      goto unwind;
    }
    ((uint8_t *)(uintptr_t)s[0])[RB] = (uint8_t)RC;
    DISPATCH();
  }
  VMCASE(SLICE) {
    uint64_t x = EXTRA();
    uint64_t es = x & 0xFFFFFFFFu;
    bool three = (x >> 32) & 1;
    GoSlice s = *(GoSlice *)&RB;
    Slot *c = &RC;
    int64_t lo = (int64_t)c[0], hi = (int64_t)c[1], max = three ? (int64_t)c[2] : s.cap;
    if (!slice_check(th, pc - 2, lo, hi, max, s.cap, three, "capacity")) {
      SAVEPC();
      goto unwind;
    }
    GoSlice r = {(uint8_t *)s.ptr + (max - lo > 0 ? lo * (int64_t)es : 0), hi - lo, max - lo};
    memcpy(&RA, &r, sizeof r);
    DISPATCH();
  }
  VMCASE(SLICEA) {
    uint64_t x = EXTRA();
    uint64_t es = x & 0x7FFFFFFFu, n = x >> 32;
    bool three = (x >> 31) & 1;
    uint8_t *p = RPTR(RB);
    if (!p) NILDEREF();
    Slot *c = &RC;
    int64_t lo = (int64_t)c[0], hi = (int64_t)c[1], max = three ? (int64_t)c[2] : (int64_t)n;
    if (!slice_check(th, pc - 2, lo, hi, max, (int64_t)n, three, "length")) {
      SAVEPC();
      goto unwind;
    }
    GoSlice r = {p + (max - lo > 0 ? lo * (int64_t)es : 0), hi - lo, max - lo};
    memcpy(&RA, &r, sizeof r);
    DISPATCH();
  }
  VMCASE(BOUNDS) {
    if (RA >= RB) {
      SAVEPC();
      index_error(th, pc - 1, SA, SB);
      goto unwind;
    }
    DISPATCH();
  }
  VMCASE(NILCHK) {
    if (!RA) NILDEREF();
    DISPATCH();
  }
  VMCASE(NILWRAP) {
    if (!RA) {
      SAVEPC();
      vm_panic_nilwrap(th, (const Proto *)(uintptr_t)K[GET_B(i)],
                       (const Type *)(uintptr_t)K[GET_B(i) + 1]);
      goto unwind;
    }
    DISPATCH();
  }

  VMCASE(NEW) {
    const Type *t = (const Type *)(uintptr_t)K[GET_BC(i)];
    RA = (Slot)(uintptr_t)vm_alloc((size_t)t->size, t);
    DISPATCH();
  }
  VMCASE(MAKESLICE) {
    const Type *et = (const Type *)(uintptr_t)K[EXTRA()];
    int64_t len = SB, cap = SC;
    if (len < 0 || (et->size && len > (int64_t)(((uint64_t)1 << 40) / (uint64_t)et->size)))
      RTERR("makeslice: len out of range");
    if (cap < len || (et->size && cap > (int64_t)(((uint64_t)1 << 40) / (uint64_t)et->size)))
      RTERR("makeslice: cap out of range");
    GoSlice s = {vm_alloc((size_t)(cap * et->size), et), len, cap};
    memcpy(&RA, &s, sizeof s);
    DISPATCH();
  }
  VMCASE(APPEND) {
    const Type *et = (const Type *)(uintptr_t)K[EXTRA()];
    int64_t n = GET_C(i);
    GoSlice *s = (GoSlice *)&RA;
    int64_t old = s->len;
    GoSlice r = vm_growslice(*s, n, et);
    R = th->stack + base;
    s = (GoSlice *)&RA;
    /* elements sit in registers, one value per nslots; copy each in memory layout */
    const Slot *src = &RB;
    for (int64_t k = 0; k < n; k++)
      memcpy((uint8_t *)r.ptr + (old + k) * et->size, src + k * et->nslots, (size_t)et->size);
    *s = r;
    DISPATCH();
  }
  VMCASE(APPENDS) {
    const Type *et = (const Type *)(uintptr_t)K[EXTRA()];
    GoSlice *s = (GoSlice *)&RA;
    GoSlice src = *(GoSlice *)&RB; /* a string's {ptr, len} reads the same way */
    int64_t old = s->len;
    if (src.len == 0) {
      DISPATCH();
    }
    GoSlice r = vm_growslice(*s, src.len, et);
    memmove((uint8_t *)r.ptr + old * et->size, src.ptr, (size_t)(src.len * et->size));
    *s = r;
    DISPATCH();
  }
  VMCASE(COPY) {
    uint64_t es = EXTRA();
    GoSlice d = *(GoSlice *)&RB;
    GoSlice s = *(GoSlice *)&RC;
    int64_t n = d.len < s.len ? d.len : s.len;
    if (n > 0) memmove(d.ptr, s.ptr, (size_t)n * es);
    RA = (Slot)n;
    DISPATCH();
  }

  VMCASE(CLEARS) {
    uint64_t es = EXTRA();
    GoSlice s = *(GoSlice *)&RA;
    if (s.len > 0) memset(s.ptr, 0, (size_t)s.len * es);
    DISPATCH();
  }

  VMCASE(SLICE2AP) {
    uint64_t n = EXTRA();
    GoSlice s = *(GoSlice *)&RB;
    if ((uint64_t)s.len < n)
      RTERR("cannot convert slice with length %lld to pointer to array with length %lld",
            (long long)s.len, (long long)n);
    RA = (Slot)(uintptr_t)s.ptr;
    DISPATCH();
  }

  VMCASE(MAKEMAP) {
    const Type *mt = (const Type *)(uintptr_t)K[EXTRA()];
    RA = (Slot)(uintptr_t)makemap(mt, SB);
    DISPATCH();
  }
  VMCASE(MAPGET) {
    const Type *mt = (const Type *)(uintptr_t)K[EXTRA()];
    if (!key_hashable(th, mt, &RC)) {
      SAVEPC();
      goto unwind;
    }
    const void *v = mapaccess(mt, (hmap *)(uintptr_t)RB, &RC);
    if (v) memcpy(&RA, v, (size_t)mt->elem->size);
    else memset(&RA, 0, (size_t)mt->elem->nslots * sizeof(Slot));
    if (!uncmp_panic(th)) {
      SAVEPC();
      goto unwind;
    }
    DISPATCH();
  }
  VMCASE(MAPGET2) {
    const Type *mt = (const Type *)(uintptr_t)K[EXTRA()];
    if (!key_hashable(th, mt, &RC)) {
      SAVEPC();
      goto unwind;
    }
    const void *v = mapaccess(mt, (hmap *)(uintptr_t)RB, &RC);
    Slot *a = &RA;
    if (v) memcpy(a, v, (size_t)mt->elem->size);
    else memset(a, 0, (size_t)mt->elem->nslots * sizeof(Slot));
    a[mt->elem->nslots] = v != NULL;
    if (!uncmp_panic(th)) {
      SAVEPC();
      goto unwind;
    }
    DISPATCH();
  }
  VMCASE(MAPSET) {
    const Type *mt = (const Type *)(uintptr_t)K[EXTRA()];
    hmap *h = (hmap *)(uintptr_t)RA;
    if (!h) {
      SAVEPC();
      vm_panic_plain(th, "assignment to entry in nil map");
      goto unwind;
    }
    if (!key_hashable(th, mt, &RB)) {
      SAVEPC();
      goto unwind;
    }
    void *v = mapassign(mt, h, &RB);
    memcpy(v, &RC, (size_t)mt->elem->size);
    if (!uncmp_panic(th)) {
      SAVEPC();
      goto unwind;
    }
    DISPATCH();
  }
  VMCASE(MAPREF) {
    const Type *mt = (const Type *)(uintptr_t)K[EXTRA()];
    hmap *h = (hmap *)(uintptr_t)RB;
    if (!h) {
      SAVEPC();
      vm_panic_plain(th, "assignment to entry in nil map");
      goto unwind;
    }
    if (!key_hashable(th, mt, &RC)) {
      SAVEPC();
      goto unwind;
    }
    RA = (Slot)(uintptr_t)mapassign(mt, h, &RC);
    if (!uncmp_panic(th)) {
      SAVEPC();
      goto unwind;
    }
    DISPATCH();
  }
  VMCASE(MAPDEL) {
    const Type *mt = (const Type *)(uintptr_t)K[EXTRA()];
    if (!key_hashable(th, mt, &RB)) {
      SAVEPC();
      goto unwind;
    }
    mapdelete(mt, (hmap *)(uintptr_t)RA, &RB);
    if (!uncmp_panic(th)) {
      SAVEPC();
      goto unwind;
    }
    DISPATCH();
  }
  VMCASE(MAPLEN) RA = (Slot)maplen((hmap *)(uintptr_t)RB); DISPATCH();
  VMCASE(MAPCLEAR) mapclear((hmap *)(uintptr_t)RA); DISPATCH();
  VMCASE(MAPITER) {
    const Type *mt = (const Type *)(uintptr_t)K[EXTRA()];
    hiter *it = vm_alloc(sizeof(hiter), &vm_hiter_gctype);
    mapiterinit(mt, (hmap *)(uintptr_t)RB, it);
    RA = (Slot)(uintptr_t)it;
    DISPATCH();
  }
  VMCASE(MAPNEXT) {
    hiter *it = (hiter *)(uintptr_t)RB;
    if (!mapiternext(it)) {
      int32_t off = GET_sC(i);
      pc += off;
      DISPATCH();
    }
    const Type *mt = it->t;
    Slot *a = &RA;
    memcpy(a, it->key, (size_t)mt->key->size);
    memcpy(a + mt->key->nslots, it->elem, (size_t)mt->elem->size);
    POLL();
    DISPATCH();
  }

  VMCASE(BOX) {
    const Type *t = (const Type *)(uintptr_t)K[GET_C(i)];
    Slot tmp[2];
    box(tmp, &RB, t, K[GET_C(i) + 1]);
    Slot *a = &RA;
    a[0] = tmp[0], a[1] = tmp[1];
    DISPATCH();
  }
  VMCASE(TYPEOF) {
    const Itab *tab = (const Itab *)(uintptr_t)RB;
    RA = (Slot)(uintptr_t)(tab ? tab->type : NULL);
    DISPATCH();
  }
  VMCASE(I2E) {
    Slot *b = &RB, *a = &RA;
    const Itab *tab = (const Itab *)(uintptr_t)b[0];
    Slot d = b[1];
    a[0] = (Slot)(uintptr_t)(tab ? tab->type : NULL);
    a[1] = d;
    DISPATCH();
  }
  VMCASE(CONVI) {
    const Type *it = (const Type *)(uintptr_t)K[GET_C(i)];
    GoEface e = *(GoEface *)&RB;
    Slot *a = &RA;
    if (!e.type || it->nmethods == 0) {
      a[0] = (Slot)(uintptr_t)(e.type && it->nmethods ? NULL : e.type);
      a[1] = (Slot)(uintptr_t)e.data;
    } else {
      const Itab *tab = vm_getitab(it, e.type, NULL);
      if (!tab) throw("vm: static interface conversion failed");
      a[0] = (Slot)(uintptr_t)tab;
      a[1] = (Slot)(uintptr_t)e.data;
    }
    DISPATCH();
  }
  VMCASE(ASSERT) {
    const Type *want = (const Type *)(uintptr_t)K[GET_C(i)];
    const Type *src = (const Type *)(uintptr_t)K[EXTRA()];
    GoEface e = *(GoEface *)&RB;
    if (dyn_type(e) != want) {
      SAVEPC();
      vm_panic_start(th, vm_assert_error(src, e.type, want, NULL));
      goto unwind;
    }
    unbox(&RA, e, want);
    DISPATCH();
  }
  VMCASE(ASSERT2) {
    const Type *want = (const Type *)(uintptr_t)K[GET_C(i)];
    (void)EXTRA();
    GoEface e = *(GoEface *)&RB;
    Slot *a = &RA;
    if (dyn_type(e) != want) {
      memset(a, 0, (size_t)want->nslots * sizeof(Slot));
      a[want->nslots] = 0;
    } else {
      unbox(a, e, want);
      a[want->nslots] = 1;
    }
    DISPATCH();
  }
  VMCASE(ASSERTI) {
    const Type *want = (const Type *)(uintptr_t)K[GET_C(i)];
    const Type *src = (const Type *)(uintptr_t)K[EXTRA()];
    GoEface e = *(GoEface *)&RB;
    const char *missing = NULL;
    const Itab *tab = NULL;
    if (e.type && (want->nmethods == 0 || (tab = vm_getitab(want, e.type, &missing)))) {
      Slot *a = &RA;
      a[0] = want->nmethods ? (Slot)(uintptr_t)tab : (Slot)(uintptr_t)e.type;
      a[1] = (Slot)(uintptr_t)e.data;
      DISPATCH();
    }
    SAVEPC();
    /* Go's panicnildottype: a nil operand names no static interface ("interface is nil") */
    vm_panic_start(th, vm_assert_error(e.type ? src : NULL, e.type, want, missing));
    goto unwind;
  }
  VMCASE(ASSERTI2) {
    const Type *want = (const Type *)(uintptr_t)K[GET_C(i)];
    (void)EXTRA();
    GoEface e = *(GoEface *)&RB;
    const Itab *tab = NULL;
    Slot *a = &RA;
    if (e.type && (want->nmethods == 0 || (tab = vm_getitab(want, e.type, NULL)))) {
      a[0] = want->nmethods ? (Slot)(uintptr_t)tab : (Slot)(uintptr_t)e.type;
      a[1] = (Slot)(uintptr_t)e.data;
      a[2] = 1;
    } else {
      a[0] = a[1] = a[2] = 0;
    }
    DISPATCH();
  }
  VMCASE(IMPLEMENTS) {
    const Type *want = (const Type *)(uintptr_t)K[GET_C(i)];
    const Type *t = (const Type *)(uintptr_t)RB;
    RA = t != NULL && (want->nmethods == 0 || vm_getitab(want, t, NULL) != NULL);
    DISPATCH();
  }

  VMCASE(CALL) {
    callee = (const Proto *)(uintptr_t)K[GET_BC(i)];
    calleecl = callee->self;
    callbase = base + GET_A(i);
    goto call;
  }
  VMCASE(CALLCL) {
    calleecl = (const Closure *)(uintptr_t)RB;
    if (!calleecl) NILDEREF();
    callee = calleecl->proto;
    callbase = base + GET_A(i);
    if (calleecl->bound) {
      size_t nrecv = calleecl->nup;
      if (!vm_stack_ensure(th, callbase + (size_t)callee->nparams)) { /* call: ensures the rest */
        SAVEPC();
        vm_stack_overflow(th);
      }
      R = th->stack + base;
      Slot *r = th->stack + callbase;
      memmove(r + nrecv, r, (size_t)(callee->nparams - (int32_t)nrecv) * sizeof(Slot));
      memcpy(r, calleecl->up, nrecv * sizeof(Slot));
    }
    goto call;
  }
  VMCASE(CALLI) {
    const Itab *tab = (const Itab *)(uintptr_t)RB;
    if (!tab) NILDEREF();
    callee = (const Proto *)tab->fun[GET_C(i)];
    calleecl = callee->self;
    callbase = base + GET_A(i);
    goto call;
  }
  call : {
    SAVEPC();
    NativeFn native = vm_proto_native(callee);
    if (native) {
      if (native == vm_lazy_body) {
        compile_lazy_body((Proto *)callee); /* may yield the P; R, fr and the stack stay put */
        goto call;
      }
      bool ok = call_native(th, callee, callbase);
      /* a native that re-entered the VM (fmt calling String) may have moved both arrays */
      fr = &th->frames[th->nframes - 1];
      R = th->stack + base;
      if (!ok) goto unwind;
      DISPATCH();
    }
    size_t need = callbase + (size_t)callee->maxslots;
    if (need > th->stacksize && !vm_stack_ensure(th, need)) vm_stack_overflow(th);
    if (stack_bytes(th, need) > th->maxstack) vm_stack_overflow(th);
    fr = th->nframes < th->framecap ? &th->frames[th->nframes++] : push_frame(th);
    *fr = (Frame){.proto = callee, .cl = calleecl, .pc = callee->code, .base = callbase};
    th->top = need;
    base = callbase;
    R = th->stack + base;
    pc = callee->code;
    K = callee->k;
    POLL();
    DISPATCH();
  }
  VMCASE(RET) {
    unsigned n = GET_B(i);
    if (n == 1) R[0] = RA;
    else if (n) memmove(R, &RA, n * sizeof(Slot));
    uint32_t flags = fr->flags;
    th->nframes--;
    if (flags & FR_BOUNDARY) return true;
    fr--; /* the caller's frame (frames are contiguous) */
    base = fr->base;
    R = th->stack + base;
    pc = fr->pc;
    K = fr->proto->k;
    th->top = base + (size_t)fr->proto->maxslots;
    DISPATCH();
  }
  VMCASE(CLOSURE) {
    const Proto *p = (const Proto *)(uintptr_t)K[GET_B(i)];
    Closure *c = vm_closure_new(p, (uint32_t)p->nup);
    memcpy(c->up, &RC, (size_t)p->nup * sizeof(void *));
    RA = (Slot)(uintptr_t)c;
    DISPATCH();
  }
  VMCASE(GETUP) RA = (Slot)(uintptr_t)fr->cl->up[GET_B(i)]; DISPATCH();
  VMCASE(BIND) {
    const Proto *p = (const Proto *)(uintptr_t)K[GET_C(i)];
    Closure *c = vm_closure_new(p, (uint32_t)p->nrecv);
    c->bound = 1;
    memcpy(c->up, &RB, (size_t)p->nrecv * sizeof(Slot));
    RA = (Slot)(uintptr_t)c;
    DISPATCH();
  }
  VMCASE(GO) {
    SAVEPC();
    const Closure *c = (const Closure *)(uintptr_t)RB;
    if (!c) {
      /* Go: "go of nil func value" is a fatal error */
      fflush(stdout);
      throw("go of nil func value");
    }
    extern void vm_go(const Closure *c, const Slot *args, int nargs);
    vm_go(c, &RA, (int)GET_C(i));
    R = th->stack + base;
    DISPATCH();
  }

  /* Channel operations (vm/vm_chan.c). Those that may park save the pc first (tracebacks of a
   * deadlock show where each goroutine waits) and re-derive R afterwards. */
  VMCASE(MAKECHAN) {
    const Type *et = (const Type *)(uintptr_t)K[EXTRA()];
    SAVEPC();
    if (!vm_chan_make(th, et, SB, &RA)) goto unwind;
    DISPATCH();
  }
  VMCASE(CHANSEND) {
    const Type *et = (const Type *)(uintptr_t)K[EXTRA()];
    SAVEPC();
    bool ok = vm_chan_send(th, (void *)(uintptr_t)RA, et, &RB);
    R = th->stack + base;
    if (!ok) goto unwind;
    DISPATCH();
  }
  VMCASE(CHANRECV) {
    const Type *et = (const Type *)(uintptr_t)K[EXTRA()];
    SAVEPC();
    vm_chan_recv(th, (void *)(uintptr_t)RB, et, base + GET_A(i), GET_C(i));
    R = th->stack + base;
    DISPATCH();
  }
  VMCASE(CLOSE) {
    SAVEPC();
    if (!vm_chan_close(th, (void *)(uintptr_t)RA)) goto unwind;
    DISPATCH();
  }
  VMCASE(CHANLEN) {
    void *c = (void *)(uintptr_t)RB;
    RA = (Slot)(GET_C(i) ? chancap(c) : chanlen(c));
    DISPATCH();
  }
  VMCASE(SELECT) {
    const VmSelectDesc *d = (const VmSelectDesc *)(uintptr_t)K[EXTRA()];
    SAVEPC();
    bool ok = vm_chan_select(th, d, base, base + GET_A(i));
    R = th->stack + base;
    if (!ok) goto unwind;
    DISPATCH();
  }

  VMCASE(DEFER) {
    const Closure *c = (const Closure *)(uintptr_t)RB;
    unsigned n = GET_C(i);
    Defer *d = vm_alloc(sizeof(Defer) + n * sizeof(Slot), &gc_ptrwords_type);
    d->fn = c;
    d->nargs = (int32_t)n;
    memcpy(d->args, &RA, n * sizeof(Slot));
    d->next = fr->defers;
    fr->defers = d;
    DISPATCH();
  }
  VMCASE(RUNDEFERS) {
    while (fr->defers) {
      Defer *d = fr->defers;
      fr->defers = d->next;
      SAVEPC();
      if (!d->fn) {
        vm_panic_runtime(th, "invalid memory address or nil pointer dereference");
        goto unwind;
      }
      bool ok = run_defer(th, d, 0);
      RELOAD();
      if (!ok) goto unwind;
    }
    DISPATCH();
  }
  VMCASE(PANIC) {
    SAVEPC();
    vm_panic_start(th, *(GoEface *)&RA);
    goto unwind;
  }
  VMCASE(RECOVER) {
    Slot *a = &RA;
    Panic *p = th->panic;
    if ((fr->flags & FR_DEFERRED) && p && !p->recovered && !p->goexit) {
      p->recovered = true;
      a[0] = (Slot)(uintptr_t)p->arg.type;
      a[1] = (Slot)(uintptr_t)p->arg.data;
    } else {
      a[0] = a[1] = 0;
    }
    DISPATCH();
  }

  VMCASE(PRINT) {
    fflush(stdout);
    vm_print_value(stderr, &RA, (const Type *)(uintptr_t)K[GET_B(i)]);
    fflush(stderr);
    DISPATCH();
  }
  VMCASE(PRINTSP) fputc(' ', stderr), fflush(stderr); DISPATCH();
  VMCASE(PRINTNL) fputc('\n', stderr), fflush(stderr); DISPATCH();
  VMCASE(FAULT) RTERR("unreachable code reached (fault %u)", GET_A(i));

  VMSWITCH_END

unwind:
  /* A panic is pending: run the deferred calls of each frame from the top, leaving the frames in
   * place (as Go does, so a fatal panic's traceback shows where it happened), until one recovers
   * (its frame resumes at its epilogue) or a boundary frame is reached. */
  for (int32_t ci = th->nframes - 1;; ci--) {
    fr = &th->frames[ci];
    while (fr->defers) {
      Defer *d = fr->defers;
      fr->defers = d->next;
      Panic *p = th->panic;
      bool ok = false;
      if (d->fn) ok = run_defer(th, d, FR_DEFERRED);
      else vm_panic_runtime(th, "invalid memory address or nil pointer dereference");
      fr = &th->frames[ci];
      /* a newer panic escaped the deferred call p started: p is aborted (Go's gopanic) */
      if (!ok && th->panic != p) p->aborted = true;
      if (ok && p->recovered) {
        /* Go: drop the recovered panic and the aborted ones it interrupted, except that a
         * recovered panic which had aborted a Goexit resumes it (its deferred calls go on) */
        th->panic = p->link;
        if (th->panic && th->panic->goexit && th->panic->aborted) {
          th->panic->aborted = false;
          continue;
        }
        while (th->panic && th->panic->aborted) th->panic = th->panic->link;
        vm_tb_drop(th, th->loopseq);
        if (fr->proto->recoverpc < 0) throw("vm: recovered in a frame without an epilogue");
        th->nframes = ci + 1;
        fr->pc = fr->proto->code + fr->proto->recoverpc;
        RELOAD();
        th->top = base + (size_t)fr->proto->maxslots;
        DISPATCH();
      }
    }
    if (fr->flags & FR_BOUNDARY) {
      if (th->depth <= 1) vm_panic_fatal(th);
      if (th->depth == th->reportdepth) {
        vm_panic_report(th);
        vm_tb_drop(th, th->loopseq - 1); /* reported: the caller drops the panic */
      } else {
        vm_tb_save(th, ci);
      }
      th->nframes = ci;
      return false;
    }
  }
}

/* ---- goroutines ---- */

typedef struct GoStart {
  const Closure *fn;
  VMCreator creator;
  int nargs;
  Slot args[];
} GoStart;

static void go_entry(void *arg) {
  GoStart *gs = arg;
  VMThread *th = vm_thread_get();
  th->creator = gs->creator;
  size_t at = th->top;
  const Proto *p = gs->fn->proto;
  vm_proto_ready(p);
  if (!vm_stack_ensure(th, at + (size_t)gs->nargs + (size_t)p->maxslots + (size_t)p->nresults + 4))
    vm_stack_overflow(th);
  memcpy(th->stack + at, gs->args, (size_t)gs->nargs * sizeof(Slot));
  if (!enter(th, gs->fn, at, 0)) vm_panic_fatal(th);
}

void vm_go(const Closure *c, const Slot *args, int nargs) {
  GoStart *gs = vm_alloc(sizeof(GoStart) + (size_t)nargs * sizeof(Slot), &gc_ptrwords_type);
  gs->fn = c;
  vm_creator_save(&gs->creator);
  gs->nargs = nargs;
  if (nargs) memcpy(gs->args, args, (size_t)nargs * sizeof(Slot));
  newproc(go_entry, gs);
}

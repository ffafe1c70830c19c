/* libgol: the embedding API of gol.h.
 *
 * Layers. A GolVM (handle) holds the host-side state: its config, its slots, a reference on an
 * ApiProg. An ApiProg is one loaded program (main package plus its imports, checked and compiled,
 * with one init task per package), shared by the handles made with gol_open_shared and freed by
 * the last gol_close.
 *
 * Where code runs. Host threads are not runtime threads: they have no g, so they cannot allocate
 * gol memory or run the VM. Every operation that does (loading: the compiler allocates with
 * vm_alloc; calls) is packaged as a function and run on a fresh goroutine with runtime_libcall
 * (runtime/libmode.c), which blocks the host thread until it is done. Error messages are collected
 * on the goroutine and handed to errorFn on the host thread afterwards.
 *
 * Loading. lang/program.c loads programs for libgol exactly as for the gol command (a file or a
 * directory with its main module, or a file held in memory), with the handle's registered
 * packages added as host packages. Between checking and compiling, this file validates each host
 * native's signature and binds it to a trampoline; package initialisation runs through
 * program_set_init_runner, protected.
 *
 * Panics. vm_call returns false when a panic escapes the called function, except when the call is
 * the goroutine's outermost interpreter loop (VMThread.depth <= 1 at the boundary frame): then the
 * VM prints the panic and exits the process, as for main.main. A protected call therefore raises
 * th->depth by one around vm_call (vm/frame.h), takes the pending panic's text and clears it.
 *
 * Natives. A NativeFn receives no context pointer, so host natives are bound to trampolines: a
 * fixed pool of GOL_MAX_HOST_NATIVES C functions, each forwarding to its entry in natives[]
 * (the host function, its Go signature and the owning config). Entries are assigned when a
 * program is loaded and never reused. */
#define _GNU_SOURCE
#include "vm/gol.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/ast.h"
#include "lang/check.h"
#include "lang/compile.h"
#include "lang/diag.h"
#include "lang/program.h"
#include "lang/source.h"
#include "lang/types.h"
#include "lang/typesys.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "stdlib/stdlib.h"
#include "vm/frame.h"
#include "vm/native.h"
#include "vm/vm.h"
#include "vm/vm_gc.h"

/* ---- host-side memory and slots -------------------------------------------------------------- */

typedef struct HostSlot {
  GolType type;
  union {
    bool b;
    int64_t i;
    double f;
    struct {
      char *ptr; /* NUL-terminated host copy (cfg allocator) */
      size_t len;
    } s;
  } as;
} HostSlot;

typedef struct HostPkg {
  char *path;
  StdPackage sp;      /* sp.natives: filled per load with trampolines */
  GolNative *natives; /* the embedder's table, copied; names copied */
  int nnatives;
} HostPkg;

typedef struct ApiProg ApiProg;

struct GolVM {
  GolConfig cfg;
  HostSlot *slots;
  int nslots, capslots;
  ApiProg *prog;   /* NULL until a load succeeds */
  HostPkg *hosts;  /* registered host packages (copied into each program loaded) */
  int nhosts;
  char *abortmsg;  /* a native's gol_abort_native message */
  bool native;     /* a frame handle given to a host native (never closed by the host) */
};

static void *default_realloc(void *ptr, size_t size, void *ud) {
  (void)ud;
  if (size == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, size);
}

static void default_error(GolVM *vm, GolErrorType type, const char *msg, void *ud) {
  (void)vm, (void)type, (void)ud;
  size_t n = strlen(msg);
  fprintf(stderr, "%s%s", msg, n && msg[n - 1] == '\n' ? "" : "\n");
  fflush(stderr);
}

static void *vmalloc(const GolConfig *cfg, void *p, size_t n) {
  void *r = cfg->reallocateFn(p, n, cfg->userData);
  if (!r && n) {
    fputs("gol: out of memory\n", stderr);
    abort();
  }
  return r;
}

static char *hstrdup(const GolConfig *cfg, const char *s, size_t n) {
  char *r = vmalloc(cfg, NULL, n + 1);
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

static void report(GolVM *vm, GolErrorType type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(GolVM *vm, GolErrorType type, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  vm->cfg.errorFn(vm, type, buf, vm->cfg.userData);
}

static void slot_clear(GolVM *vm, HostSlot *s) {
  if (s->type == GOL_TYPE_STRING || s->type == GOL_TYPE_ERROR) vmalloc(&vm->cfg, s->as.s.ptr, 0);
  s->type = GOL_TYPE_NIL;
}

static HostSlot *slot_at(GolVM *vm, int i, const char *fn) {
  if (i >= 0 && i < vm->nslots) return &vm->slots[i];
  report(vm, GOL_ERROR_API, "%s: slot %d out of range (slot count %d)", fn, i, vm->nslots);
  return NULL;
}

/* ---- programs ---------------------------------------------------------------------------------- */

enum { INIT_NONE, INIT_OK, INIT_FAILED };

struct ApiProg {
  uint32_t refs;          /* atomic: handles holding the program */
  Program *prog;          /* lang/program.h */
  HostPkg *hosts;         /* the loading handle's host packages (borrowed during the load) */
  int nhosts;
  pthread_mutex_t initmu; /* serialises package initialisation (host threads) */
  int initstate;          /* INIT_*; under initmu */
  char *initerr;          /* the panic text of a failed initialisation (malloc'd) */
};

/* Per-operation record passed to the goroutine (lives on the host thread's stack). */
typedef struct ApiOp {
  GolVM *vm;
  GolResult result;
  GolErrorType errtype;
  char *errmsg;        /* malloc'd, reported on the host thread */
  /* load */
  const char *path, *name, *source;
  ApiProg *prog;
  /* call */
  const char *fn;
} ApiOp;

static void op_error(ApiOp *op, GolResult r, GolErrorType t, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void op_error(ApiOp *op, GolResult r, GolErrorType t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  if (vasprintf(&s, fmt, ap) < 0) s = NULL;
  va_end(ap);
  free(op->errmsg);
  op->errmsg = s;
  op->result = r;
  op->errtype = t;
}

/* Hands the operation's error to the callback (host thread). */
static GolResult op_finish(ApiOp *op) {
  if (op->errmsg) {
    op->vm->cfg.errorFn(op->vm, op->errtype, op->errmsg, op->vm->cfg.userData);
    free(op->errmsg);
  }
  return op->result;
}

/* ---- host natives: trampolines ------------------------------------------------------------- */

#define GOL_MAX_HOST_NATIVES 256

typedef struct NativeEntry {
  GolNativeFn fn;
  const Type *sig; /* the Go signature, set after checking and before any call */
  const char *name;
  GolConfig cfg;   /* the loading handle's config (allocator, userData) */
} NativeEntry;

static NativeEntry natives[GOL_MAX_HOST_NATIVES];
static uint32_t nnatives; /* atomic: entries handed out */

static void native_call(uint32_t k, VMThread *th, Slot *args, Slot *res);

#define TRAMP(a, b)                                                      \
  static void tramp_##a##b(VMThread *th, Slot *args, Slot *res) {        \
    native_call(0x##a##b, th, args, res);                               \
  }
#define TRAMP16(h)                                                                           \
  TRAMP(h, 0) TRAMP(h, 1) TRAMP(h, 2) TRAMP(h, 3) TRAMP(h, 4) TRAMP(h, 5) TRAMP(h, 6)      \
  TRAMP(h, 7) TRAMP(h, 8) TRAMP(h, 9) TRAMP(h, a) TRAMP(h, b) TRAMP(h, c) TRAMP(h, d)      \
  TRAMP(h, e) TRAMP(h, f)
TRAMP16(0) TRAMP16(1) TRAMP16(2) TRAMP16(3) TRAMP16(4) TRAMP16(5) TRAMP16(6) TRAMP16(7)
TRAMP16(8) TRAMP16(9) TRAMP16(a) TRAMP16(b) TRAMP16(c) TRAMP16(d) TRAMP16(e) TRAMP16(f)
#define TNAME(a, b) tramp_##a##b,
#define TNAME16(h)                                                                           \
  TNAME(h, 0) TNAME(h, 1) TNAME(h, 2) TNAME(h, 3) TNAME(h, 4) TNAME(h, 5) TNAME(h, 6)      \
  TNAME(h, 7) TNAME(h, 8) TNAME(h, 9) TNAME(h, a) TNAME(h, b) TNAME(h, c) TNAME(h, d)      \
  TNAME(h, e) TNAME(h, f)
static const NativeFn trampolines[GOL_MAX_HOST_NATIVES] = {
    TNAME16(0) TNAME16(1) TNAME16(2) TNAME16(3) TNAME16(4) TNAME16(5) TNAME16(6) TNAME16(7)
    TNAME16(8) TNAME16(9) TNAME16(a) TNAME16(b) TNAME16(c) TNAME16(d) TNAME16(e) TNAME16(f)};

/* ---- value conversion between VM slots and host slots ------------------------------------- */

static bool kind_int(int k) { return k >= K_INT && k <= K_UINTPTR; }
static bool kind_float(int k) { return k == K_FLOAT32 || k == K_FLOAT64; }
static bool type_ok_param(const Type *t) {
  return t->kind == K_BOOL || kind_int(t->kind) || kind_float(t->kind) || t->kind == K_STRING;
}
static bool type_ok_result(const Type *t) { return type_ok_param(t) || t->kind == K_INTERFACE; }

static const char *slot_type_name(GolType t) {
  static const char *const names[] = {"nil", "bool", "int", "float", "string", "error"};
  return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

/* Register form of integer v for kind k (vm/value.h: widened from the type's width). */
static Slot int_to_slot(int k, int64_t v) {
  switch (k) {
  case K_INT8: return (Slot)(int64_t)(int8_t)v;
  case K_INT16: return (Slot)(int64_t)(int16_t)v;
  case K_INT32: return (Slot)(int64_t)(int32_t)v;
  case K_UINT8: return (Slot)(uint8_t)v;
  case K_UINT16: return (Slot)(uint16_t)v;
  case K_UINT32: return (Slot)(uint32_t)v;
  default: return (Slot)v;
  }
}

/* Host slot -> VM register(s) of type t at out (t->nslots slots). On the goroutine. False with a
 * message in why when the slot's type does not fit. */
static bool to_vm(const HostSlot *s, const Type *t, Slot *out, char *why, size_t cap) {
  GolType want = t->kind == K_BOOL ? GOL_TYPE_BOOL
                 : kind_int(t->kind) ? GOL_TYPE_INT
                 : kind_float(t->kind) ? GOL_TYPE_FLOAT
                                       : GOL_TYPE_STRING;
  if (s->type != want) {
    snprintf(why, cap, "%s required for %s, slot holds %s", slot_type_name(want),
             types_string((Type *)t), slot_type_name(s->type));
    return false;
  }
  switch (want) {
  case GOL_TYPE_BOOL: out[0] = s->as.b ? 1 : 0; break;
  case GOL_TYPE_INT: out[0] = int_to_slot(t->kind, s->as.i); break;
  case GOL_TYPE_FLOAT:
    if (t->kind == K_FLOAT32) {
      float f = (float)s->as.f;
      uint32_t bits;
      memcpy(&bits, &f, 4);
      out[0] = bits;
    } else {
      memcpy(&out[0], &s->as.f, 8);
    }
    break;
  default: {
    GoString g = vm_string_copy(s->as.s.ptr, s->as.s.len);
    memcpy(out, &g, sizeof g);
    break;
  }
  }
  return true;
}


/* VM register(s) of type t -> host slot (previous contents already cleared). On the goroutine. */
static void to_host(const GolConfig *cfg, VMThread *th, const Slot *in, const Type *t, HostSlot *s) {
  int k = t->kind;
  if (k == K_BOOL) {
    s->type = GOL_TYPE_BOOL;
    s->as.b = in[0] != 0;
  } else if (kind_int(k)) {
    s->type = GOL_TYPE_INT;
    s->as.i = (int64_t)in[0];
  } else if (k == K_FLOAT32) {
    float f;
    uint32_t bits = (uint32_t)in[0];
    memcpy(&f, &bits, 4);
    s->type = GOL_TYPE_FLOAT;
    s->as.f = f;
  } else if (k == K_FLOAT64) {
    s->type = GOL_TYPE_FLOAT;
    memcpy(&s->as.f, &in[0], 8);
  } else if (k == K_STRING) {
    GoString g;
    memcpy(&g, in, sizeof g);
    s->type = GOL_TYPE_STRING;
    s->as.s.ptr = hstrdup(cfg, (const char *)g.ptr, (size_t)g.len);
    s->as.s.len = (size_t)g.len;
  } else if (k == K_INTERFACE) {
    GoEface e;
    if (t->nmethods == 0) memcpy(&e, in, sizeof e);
    else {
      GoIface i;
      memcpy(&i, in, sizeof i);
      e = vm_iface_to_eface(i);
    }
    if (!e.type) {
      s->type = GOL_TYPE_NIL;
      return;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) abort();
    vm_print_panic_value(th, f, e);
    fclose(f);
    s->type = GOL_TYPE_ERROR;
    s->as.s.ptr = hstrdup(cfg, buf, len);
    s->as.s.len = len;
    free(buf);
  } else {
    s->type = GOL_TYPE_NIL; /* unsupported result types are rejected before the call */
  }
}

/* ---- panics --------------------------------------------------------------------------------- */

/* Calls fn on the current goroutine; a panic that escapes is returned as text (malloc'd, in
 * *err) and cleared instead of ending the process. */
static bool protected_call(const Closure *fn, const Slot *args, int nargs, Slot *res, int nres,
                           char **err) {
  VMThread *th = vm_thread();
  /* Invariant (vm.c, vm_execute): a panic reaching a boundary frame exits the process only when
   * that frame is the outermost loop (depth <= 1); one extra level makes vm_call return false. */
  th->depth++;
  bool ok = vm_call(th, fn, args, nargs, res, nres);
  th->depth--;
  if (!ok) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) abort();
    if (th->panic) vm_print_panics(th, f, th->panic);
    fclose(f);
    /* The goroutine ends after this call: dropping the chain is all the clean-up needed. */
    th->panic = NULL;
    th->panicbase = NULL;
    *err = buf;
  }
  return ok;
}

/* ---- native calls -------------------------------------------------------------------------- */

static void native_call(uint32_t k, VMThread *th, Slot *args, Slot *res) {
  NativeEntry *e = &natives[k];
  const Type *sig = e->sig;
  GolVM frame = {.cfg = e->cfg, .native = true};
  int nargs = sig->nparams, nres = sig->nresults;
  int n = nargs > nres ? nargs : nres;
  gol_ensure_slots(&frame, n);
  int off = 0;
  for (int i = 0; i < nargs; i++) {
    to_host(&frame.cfg, th, args + off, sig->params[i], &frame.slots[i]);
    off += sig->params[i]->nslots;
  }
  e->fn(&frame);
  if (frame.abortmsg) {
    vm_panic_error(th, "%s", frame.abortmsg);
  } else {
    off = 0;
    char why[256];
    for (int i = 0; i < nres; i++) {
      HostSlot *s = i < frame.nslots ? &frame.slots[i] : NULL;
      HostSlot nil = {.type = GOL_TYPE_NIL};
      if (!to_vm(s ? s : &nil, sig->results[i], res + off, why, sizeof why)) {
        vm_panic_error(th, "host native %s: result %d: %s", e->name, i, why);
        break;
      }
      off += sig->results[i]->nslots;
    }
  }
  for (int i = 0; i < frame.nslots; i++) slot_clear(&frame, &frame.slots[i]);
  vmalloc(&frame.cfg, frame.slots, 0);
  if (frame.abortmsg) vmalloc(&frame.cfg, frame.abortmsg, 0);
}

/* ---- loading (on a goroutine) -------------------------------------------------------------- */

/* Validates the natives of a checked host package and fills their signatures. */
static bool bind_host_natives(HostPkg *h, Package *pkg, Diag *d) {
  for (int i = 0; i < h->nnatives; i++) {
    const StdNative *sn = &h->sp.natives[i];
    Object *o = check_lookup(pkg->scope, intern_cstr(sn->name));
    const char *what = NULL;
    if (!o || o->kind != OBJ_FUNC || o->pkg != pkg) what = "is not declared as a function";
    else if (o->type->tflags & TF_VARIADIC) what = "is variadic (not supported for host natives)";
    else {
      for (int j = 0; j < o->type->nparams && !what; j++)
        if (!type_ok_param(o->type->params[j])) what = "has a parameter type libgol cannot pass";
      for (int j = 0; j < o->type->nresults && !what; j++)
        if (!type_ok_param(o->type->results[j])) what = "has a result type libgol cannot pass";
    }
    if (what) {
      diag_error(d, o ? o->pos : (Pos){0}, "host package %s: native %s %s", h->path, sn->name, what);
      return false;
    }
    for (uint32_t k = 0; k < GOL_MAX_HOST_NATIVES; k++) {
      if (trampolines[k] == (NativeFn)sn->fn) {
        natives[k].sig = o->type;
        break;
      }
    }
  }
  return true;
}

/* Gives every native of the program's host packages a trampoline. False when the pool is empty. */
static bool assign_natives(ApiProg *P, const GolConfig *cfg, Diag *d) {
  for (int i = 0; i < P->nhosts; i++) {
    HostPkg *h = &P->hosts[i];
    StdNative *tab = calloc((size_t)h->nnatives + 1, sizeof *tab);
    if (!tab) abort();
    for (int j = 0; j < h->nnatives; j++) {
      uint32_t k = __atomic_fetch_add(&nnatives, 1, __ATOMIC_RELAXED);
      if (k >= GOL_MAX_HOST_NATIVES) {
        diag_error(d, (Pos){0}, "libgol: more than %d host natives loaded in this process",
                   GOL_MAX_HOST_NATIVES);
        free(tab);
        return false;
      }
      natives[k] = (NativeEntry){.fn = h->natives[j].fn, .name = intern_cstr(h->natives[j].name),
                                 .cfg = *cfg};
      tab[j] = (StdNative){h->natives[j].name, (void *)trampolines[k]};
    }
    h->sp.natives = tab; /* the program's copy of the host package (see op_load) */
  }
  return true;
}

static void api_run_init(void *ctx, Closure *init);

static void op_load_body(void *arg);

/* Loading runs while other goroutines may allocate: no collection may run while the compiler's C
 * memory (not a root) holds the new program's objects, which become permanent once it is built
 * (vm/vm_gc.h; runtime/mgc.h: gc_inhibit, gc_program_ready). */
static void op_load(void *arg) {
  compile_begin(); /* lang/compile.h: also excludes goroutines compiling lazy bodies */
  op_load_body(arg);
  if (((ApiOp *)arg)->result == GOL_RESULT_SUCCESS) gol_gc_program_ready();
  compile_end();
}

static void op_load_body(void *arg) {
  ApiOp *op = arg;
  GolVM *vm = op->vm;
  ApiProg *P = op->prog;
  Diag d;
  diag_init(&d);
  bool ok = assign_natives(P, &vm->cfg, &d);
  P->prog = program_new();
  for (int i = 0; i < P->nhosts; i++) program_add_host(P->prog, &P->hosts[i].sp);
  if (ok && op->source)
    ok = program_load_main_source(P->prog, op->name, op->source, strlen(op->source), &d);
  else if (ok)
    ok = program_load_main(P->prog, op->path, &d);
  /* host natives are validated against the checked packages before anything is compiled */
  for (int i = 0; ok && i < P->nhosts; i++) {
    Package *pkg = program_package(P->prog, P->hosts[i].path);
    if (pkg) ok = bind_host_natives(&P->hosts[i], pkg, &d);
  }
  ok = ok && program_compile(P->prog, &d);
  program_set_init_runner(P->prog, api_run_init, P);
  if (!ok || diag_count(&d)) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) abort();
    diag_print(&d, f);
    fclose(f);
    op->result = GOL_RESULT_COMPILE_ERROR;
    op->errtype = GOL_ERROR_COMPILE;
    op->errmsg = buf;
  }
  diag_free(&d);
}

/* ---- initialisation and calls (on a goroutine) ------------------------------------------- */

/* A package's init function (program_set_init_runner), protected. After a failure the remaining
 * packages are skipped (doInit still marks their tasks done; the program is unusable: initstate). */
static void api_run_init(void *ctx, Closure *init) {
  ApiProg *P = ctx;
  if (P->initerr) return;
  char *err = NULL;
  if (!protected_call(init, NULL, 0, NULL, 0, &err)) P->initerr = err;
}

static void op_init(void *arg) {
  ApiOp *op = arg;
  doInit(program_inittask(op->prog->prog));
}

static void op_main(void *arg) {
  ApiOp *op = arg;
  Closure *fn = program_main_func(op->prog->prog);
  if (!fn) {
    op_error(op, GOL_RESULT_API_ERROR, GOL_ERROR_API,
             "function main is undeclared in the main package");
    return;
  }
  char *err = NULL;
  if (!protected_call(fn, NULL, 0, NULL, 0, &err)) {
    op->result = GOL_RESULT_RUNTIME_ERROR;
    op->errtype = GOL_ERROR_RUNTIME;
    op->errmsg = err;
  }
}

static void op_call(void *arg) {
  ApiOp *op = arg;
  GolVM *vm = op->vm;
  Closure *fn = NULL;
  const Type *sig = NULL;
  if (!program_lookup_func(op->prog->prog, op->fn, &fn, &sig)) {
    op_error(op, GOL_RESULT_API_ERROR, GOL_ERROR_API,
             "gol_call: main.%s is not a function of the main package", op->fn);
    return;
  }
  if (sig->tflags & TF_VARIADIC) {
    op_error(op, GOL_RESULT_API_ERROR, GOL_ERROR_API, "gol_call: main.%s is variadic", op->fn);
    return;
  }
  if (vm->nslots < sig->nparams) {
    op_error(op, GOL_RESULT_API_ERROR, GOL_ERROR_API,
             "gol_call: main.%s takes %d arguments, only %d slots exist", op->fn, sig->nparams,
             vm->nslots);
    return;
  }
  int nin = 0, nout = 0;
  for (int i = 0; i < sig->nparams; i++) {
    if (!type_ok_param(sig->params[i])) {
      op_error(op, GOL_RESULT_API_ERROR, GOL_ERROR_API,
               "gol_call: main.%s: parameter %d has type %s, which libgol cannot pass", op->fn,
               i + 1, types_string(sig->params[i]));
      return;
    }
    nin += sig->params[i]->nslots;
  }
  for (int i = 0; i < sig->nresults; i++) {
    if (!type_ok_result(sig->results[i])) {
      op_error(op, GOL_RESULT_API_ERROR, GOL_ERROR_API,
               "gol_call: main.%s: result %d has type %s, which libgol cannot return", op->fn,
               i + 1, types_string(sig->results[i]));
      return;
    }
    nout += sig->results[i]->nslots;
  }
  Slot *args = calloc((size_t)nin + 1, sizeof(Slot));
  Slot *res = calloc((size_t)nout + 1, sizeof(Slot));
  if (!args || !res) abort();
  /* GC roots while they hold strings: converting one argument, or a result's Error(), allocates */
  gc_addroot(args, ((size_t)nin + 1) * sizeof(Slot));
  gc_addroot(res, ((size_t)nout + 1) * sizeof(Slot));
  int off = 0;
  char why[256];
  for (int i = 0; i < sig->nparams; i++) {
    if (!to_vm(&vm->slots[i], sig->params[i], args + off, why, sizeof why)) {
      op_error(op, GOL_RESULT_API_ERROR, GOL_ERROR_API, "gol_call: main.%s: argument %d: %s",
               op->fn, i + 1, why);
      goto out;
    }
    off += sig->params[i]->nslots;
  }
  char *err = NULL;
  if (!protected_call(fn, args, nin, res, nout, &err)) {
    op->result = GOL_RESULT_RUNTIME_ERROR;
    op->errtype = GOL_ERROR_RUNTIME;
    op->errmsg = err;
    goto out;
  }
  gol_ensure_slots(vm, sig->nresults);
  off = 0;
  VMThread *th = vm_thread();
  for (int i = 0; i < sig->nresults; i++) {
    slot_clear(vm, &vm->slots[i]);
    to_host(&vm->cfg, th, res + off, sig->results[i], &vm->slots[i]);
    off += sig->results[i]->nslots;
  }
out:
  gc_removeroot(args);
  gc_removeroot(res);
  free(args);
  free(res);
}

/* ---- handles ------------------------------------------------------------------------------- */

/* os.Args for scripts, from the first gol_open's config (read by lib_init). */
static int boot_argc;
static char **boot_argv;

/* The library's initialisation, on the runtime's main goroutine before any other goroutine runs
 * (runtime_libmode_boot): vm_init's hooks must be in place before goroutines start and exit. */
static void lib_init(void) {
  vm_init();
  stdlib_setargs(boot_argc, boot_argv);
}

void gol_init_config(GolConfig *c) {
  memset(c, 0, sizeof *c);
  c->reallocateFn = default_realloc;
  c->errorFn = default_error;
}

/* Host-thread entry check: libgol's functions block on runtime work, which a runtime thread must
 * not do (it would hold its M and P while waiting for goroutines). */
static bool host_thread(GolVM *vm, const char *fn) {
  if (!getg()) return true;
  report(vm, GOL_ERROR_API, "%s: called on a runtime thread (from a native or a goroutine)", fn);
  return false;
}

GolVM *gol_open(const GolConfig *config) {
  GolConfig cfg;
  if (config) cfg = *config;
  else gol_init_config(&cfg);
  if (!cfg.reallocateFn) cfg.reallocateFn = default_realloc;
  if (!cfg.errorFn) cfg.errorFn = default_error;
  if (getg()) return NULL;
  /* Only the booting call's values are used (runtime_libmode_boot serialises boots; the
   * statics are written before the boot that reads them and never again afterwards). */
  static pthread_mutex_t args_mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&args_mu);
  if (!runtime_libmode()) {
    boot_argc = cfg.argv ? cfg.argc : 0;
    boot_argv = cfg.argv;
  }
  bool ok = runtime_libmode_boot(cfg.maxProcs, cfg.argc, cfg.argv, lib_init);
  pthread_mutex_unlock(&args_mu);
  if (!ok) return NULL;
  GolVM *vm = vmalloc(&cfg, NULL, sizeof *vm);
  memset(vm, 0, sizeof *vm);
  vm->cfg = cfg;
  return vm;
}

static void prog_release(ApiProg *P) {
  if (!P || __atomic_sub_fetch(&P->refs, 1, __ATOMIC_ACQ_REL) != 0) return;
  /* Compiled code, types, checker data and host native tables stay: goroutines the script
   * started may still run this program's code (see gol.h, gol_close). program_free releases only
   * the loader's bookkeeping; no initialisation is running once the last handle goes. */
  program_free(P->prog);
  free(P->initerr);
  pthread_mutex_destroy(&P->initmu);
  free(P);
}

GolVM *gol_open_shared(GolVM *vm) {
  GolVM *h = vmalloc(&vm->cfg, NULL, sizeof *h);
  memset(h, 0, sizeof *h);
  h->cfg = vm->cfg;
  h->prog = vm->prog;
  if (h->prog) __atomic_add_fetch(&h->prog->refs, 1, __ATOMIC_RELAXED);
  return h;
}

void gol_close(GolVM *vm) {
  if (!vm || vm->native) return;
  for (int i = 0; i < vm->nslots; i++) slot_clear(vm, &vm->slots[i]);
  vmalloc(&vm->cfg, vm->slots, 0);
  prog_release(vm->prog);
  for (int i = 0; i < vm->nhosts; i++) {
    HostPkg *h = &vm->hosts[i];
    for (int j = 0; j < h->nnatives; j++) vmalloc(&vm->cfg, (void *)h->natives[j].name, 0);
    vmalloc(&vm->cfg, h->natives, 0);
    vmalloc(&vm->cfg, h->path, 0);
    vmalloc(&vm->cfg, (void *)h->sp.source, 0);
  }
  vmalloc(&vm->cfg, vm->hosts, 0);
  GolConfig cfg = vm->cfg;
  vmalloc(&cfg, vm, 0);
}

void *gol_get_user_data(GolVM *vm) { return vm->cfg.userData; }

GolResult gol_register_package(GolVM *vm, const char *path, const char *source,
                               const GolNative *natives_) {
  if (!path || !source || !*path) {
    report(vm, GOL_ERROR_API, "gol_register_package: path and source are required");
    return GOL_RESULT_API_ERROR;
  }
  bool dup = stdlib_lookup(path) != NULL || strcmp(path, "main") == 0 || strcmp(path, "unsafe") == 0;
  for (int i = 0; i < vm->nhosts && !dup; i++) dup = strcmp(vm->hosts[i].path, path) == 0;
  if (dup) {
    report(vm, GOL_ERROR_API, "gol_register_package: package %s already exists", path);
    return GOL_RESULT_API_ERROR;
  }
  vm->hosts = vmalloc(&vm->cfg, vm->hosts, (size_t)(vm->nhosts + 1) * sizeof *vm->hosts);
  HostPkg *h = &vm->hosts[vm->nhosts++];
  memset(h, 0, sizeof *h);
  h->path = hstrdup(&vm->cfg, path, strlen(path));
  int n = 0;
  while (natives_ && natives_[n].name) n++;
  h->natives = vmalloc(&vm->cfg, NULL, (size_t)(n + 1) * sizeof *h->natives);
  for (int i = 0; i < n; i++)
    h->natives[i] = (GolNative){hstrdup(&vm->cfg, natives_[i].name, strlen(natives_[i].name)),
                                natives_[i].fn};
  h->natives[n] = (GolNative){NULL, NULL};
  h->nnatives = n;
  h->sp = (StdPackage){h->path, hstrdup(&vm->cfg, source, strlen(source)), NULL};
  return GOL_RESULT_SUCCESS;
}

static GolResult load(GolVM *vm, const char *path, const char *name, const char *source) {
  if (!host_thread(vm, "gol_load")) return GOL_RESULT_API_ERROR;
  ApiProg *P = calloc(1, sizeof *P);
  if (!P) abort();
  P->refs = 1;
  pthread_mutex_init(&P->initmu, NULL);
  /* The program keeps its own copy of the host package records (the natives tables are per
   * program); the strings stay the handle's: they are only read during this load. */
  P->nhosts = vm->nhosts;
  P->hosts = calloc((size_t)vm->nhosts + 1, sizeof *P->hosts);
  if (!P->hosts) abort();
  if (vm->nhosts) memcpy(P->hosts, vm->hosts, (size_t)vm->nhosts * sizeof *P->hosts);
  ApiOp op = {.vm = vm, .result = GOL_RESULT_SUCCESS, .path = path, .name = name,
              .source = source, .prog = P};
  runtime_libcall(op_load, &op);
  /* Host package records and their natives tables are only needed while loading: the compiler
   * copies each native's function pointer (a trampoline) into its Proto. */
  for (int i = 0; i < P->nhosts; i++) free((void *)P->hosts[i].sp.natives);
  free(P->hosts);
  P->hosts = NULL;
  P->nhosts = 0;
  if (op.result != GOL_RESULT_SUCCESS) {
    prog_release(P);
    return op_finish(&op);
  }
  prog_release(vm->prog);
  vm->prog = P;
  return GOL_RESULT_SUCCESS;
}

GolResult gol_load_file(GolVM *vm, const char *path) {
  if (!path) {
    report(vm, GOL_ERROR_API, "gol_load_file: path is NULL");
    return GOL_RESULT_API_ERROR;
  }
  return load(vm, path, NULL, NULL);
}

GolResult gol_load_string(GolVM *vm, const char *name, const char *source) {
  if (!source) {
    report(vm, GOL_ERROR_API, "gol_load_string: source is NULL");
    return GOL_RESULT_API_ERROR;
  }
  return load(vm, NULL, name ? name : "main.gol", source);
}

/* Runs package initialisation once per program. Host thread. */
static GolResult ensure_init(GolVM *vm) {
  ApiProg *P = vm->prog;
  pthread_mutex_lock(&P->initmu);
  if (P->initstate == INIT_NONE) {
    ApiOp op = {.vm = vm, .prog = P};
    runtime_libcall(op_init, &op);
    P->initstate = P->initerr ? INIT_FAILED : INIT_OK;
  }
  GolResult r = GOL_RESULT_SUCCESS;
  if (P->initstate == INIT_FAILED) {
    vm->cfg.errorFn(vm, GOL_ERROR_RUNTIME, P->initerr, vm->cfg.userData);
    r = GOL_RESULT_RUNTIME_ERROR;
  }
  pthread_mutex_unlock(&P->initmu);
  return r;
}

static bool have_prog(GolVM *vm, const char *fn) {
  if (vm->prog) return true;
  report(vm, GOL_ERROR_API, "%s: no program loaded", fn);
  return false;
}

GolResult gol_run_main(GolVM *vm) {
  if (!host_thread(vm, "gol_run_main") || !have_prog(vm, "gol_run_main"))
    return GOL_RESULT_API_ERROR;
  GolResult r = ensure_init(vm);
  if (r != GOL_RESULT_SUCCESS) return r;
  ApiOp op = {.vm = vm, .result = GOL_RESULT_SUCCESS, .prog = vm->prog};
  runtime_libcall(op_main, &op);
  return op_finish(&op);
}

GolResult gol_call(GolVM *vm, const char *name) {
  if (!host_thread(vm, "gol_call") || !have_prog(vm, "gol_call")) return GOL_RESULT_API_ERROR;
  if (!name) {
    report(vm, GOL_ERROR_API, "gol_call: name is NULL");
    return GOL_RESULT_API_ERROR;
  }
  GolResult r = ensure_init(vm);
  if (r != GOL_RESULT_SUCCESS) return r;
  ApiOp op = {.vm = vm, .result = GOL_RESULT_SUCCESS, .prog = vm->prog, .fn = name};
  runtime_libcall(op_call, &op);
  return op_finish(&op);
}

/* ---- slots --------------------------------------------------------------------------------- */

void gol_ensure_slots(GolVM *vm, int n) {
  if (n <= vm->nslots) return;
  if (n > vm->capslots) {
    int cap = vm->capslots ? vm->capslots : 8;
    while (cap < n) cap *= 2;
    vm->slots = vmalloc(&vm->cfg, vm->slots, (size_t)cap * sizeof *vm->slots);
    vm->capslots = cap;
  }
  for (int i = vm->nslots; i < n; i++) vm->slots[i].type = GOL_TYPE_NIL;
  vm->nslots = n;
}

int gol_get_slot_count(GolVM *vm) { return vm->nslots; }

GolType gol_get_slot_type(GolVM *vm, int slot) {
  HostSlot *s = slot_at(vm, slot, "gol_get_slot_type");
  return s ? s->type : GOL_TYPE_NIL;
}

GolType gol_slot_type(GolVM *vm, int slot) { return gol_get_slot_type(vm, slot); }

void gol_set_slot_nil(GolVM *vm, int slot) {
  HostSlot *s = slot_at(vm, slot, "gol_set_slot_nil");
  if (s) slot_clear(vm, s);
}

void gol_set_slot_bool(GolVM *vm, int slot, bool v) {
  HostSlot *s = slot_at(vm, slot, "gol_set_slot_bool");
  if (!s) return;
  slot_clear(vm, s);
  s->type = GOL_TYPE_BOOL;
  s->as.b = v;
}

void gol_set_slot_int(GolVM *vm, int slot, int64_t v) {
  HostSlot *s = slot_at(vm, slot, "gol_set_slot_int");
  if (!s) return;
  slot_clear(vm, s);
  s->type = GOL_TYPE_INT;
  s->as.i = v;
}

void gol_set_slot_float(GolVM *vm, int slot, double v) {
  HostSlot *s = slot_at(vm, slot, "gol_set_slot_float");
  if (!s) return;
  slot_clear(vm, s);
  s->type = GOL_TYPE_FLOAT;
  s->as.f = v;
}

void gol_set_slot_bytes(GolVM *vm, int slot, const char *bytes, size_t len) {
  HostSlot *s = slot_at(vm, slot, "gol_set_slot_bytes");
  if (!s) return;
  char *copy = hstrdup(&vm->cfg, bytes ? bytes : "", bytes ? len : 0); /* before clearing: bytes
                                                                            may be this slot's */
  slot_clear(vm, s);
  s->type = GOL_TYPE_STRING;
  s->as.s.ptr = copy;
  s->as.s.len = bytes ? len : 0;
}

void gol_set_slot_string(GolVM *vm, int slot, const char *text) {
  gol_set_slot_bytes(vm, slot, text, text ? strlen(text) : 0);
}

bool gol_get_slot_bool(GolVM *vm, int slot) {
  HostSlot *s = slot_at(vm, slot, "gol_get_slot_bool");
  return s && s->type == GOL_TYPE_BOOL ? s->as.b : false;
}

int64_t gol_get_slot_int(GolVM *vm, int slot) {
  HostSlot *s = slot_at(vm, slot, "gol_get_slot_int");
  return s && s->type == GOL_TYPE_INT ? s->as.i : 0;
}

double gol_get_slot_float(GolVM *vm, int slot) {
  HostSlot *s = slot_at(vm, slot, "gol_get_slot_float");
  return s && s->type == GOL_TYPE_FLOAT ? s->as.f : 0.0;
}

const char *gol_get_slot_string(GolVM *vm, int slot, size_t *length) {
  HostSlot *s = slot_at(vm, slot, "gol_get_slot_string");
  if (!s || (s->type != GOL_TYPE_STRING && s->type != GOL_TYPE_ERROR)) {
    if (length) *length = 0;
    return NULL;
  }
  if (length) *length = s->as.s.len;
  return s->as.s.ptr;
}

void gol_abort_native(GolVM *vm, const char *message) {
  if (!vm->native) {
    report(vm, GOL_ERROR_API, "gol_abort_native: not inside a native");
    return;
  }
  if (vm->abortmsg) vmalloc(&vm->cfg, vm->abortmsg, 0);
  const char *m = message ? message : "host native aborted";
  vm->abortmsg = hstrdup(&vm->cfg, m, strlen(m));
}

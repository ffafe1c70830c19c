/* Natives of package fmt (stdlib/fmt.gol): the VM side of the formatting engine's hooks
 * (fmt_format.h) and the print functions. */
#include "lang/source.h"
#include "lang/typesys.h"
#include "runtime/map.h"
#include "stdlib/fmt_format.h"
#include "stdlib/natives_util.h"
#include "stdlib/os_file.h"
#include "stdlib/stdlib.h"

static FmtCallResult call_method(void *ctx, GoEface recv, const Method *m, GoString *out) {
  VMThread *th = ctx;
  int r = vm_call_string_method(th, recv, m->name, out);
  if (r == 1) return FMT_CALL_OK;
  if (r == 0) { /* the VM found no such method: print nothing rather than guess */
    out->ptr = NULL;
    out->len = 0;
    return FMT_CALL_OK;
  }
  if (vm_panicking(th)) return FMT_CALL_ABORT;
  return FMT_CALL_PANIC;
}

static void map_range(void *ctx, const Type *mt, void *m, FmtMapVisit visit, void *arg) {
  hiter it;
  mapiterinit(mt, m, &it);
  while (mapiternext(&it)) visit(arg, it.key, it.elem);
}

/* A method of t's method set promoted through embedded fields: types_lookup's selector rule, with
 * Go's method-set restriction (a pointer-receiver method needs a pointer on the way). The VM
 * resolves the call the same way (vm_call_string_method). */
static const Method *promoted_method(void *ctx, const Type *t, const char *name) {
  (void)ctx;
  LookupResult r = types_lookup((Type *)t, intern_cstr(name));
  if (r.npath == 0) return NULL;
  if (r.kind == LK_IFACEMETHOD) return r.method;
  if (r.kind != LK_METHOD || (r.method->ptrrecv && !r.indirect)) return NULL;
  return r.method;
}

/* Runs one formatting operation; returns false (the output is discarded) if the goroutine must
 * unwind. */
typedef enum { OP_PRINT, OP_PRINTLN, OP_PRINTF } Op;

static bool format(VMThread *th, Op op, const Slot *args, StrBuf *b, bool wrap, int64_t *wrapped) {
  FmtHooks hooks = {th, call_method, map_range, promoted_method};
  FmtCall c = {.out = b, .hooks = &hooks, .wrap_errs = wrap, .wrapped = -1};
  FmtStatus st;
  if (op == OP_PRINTF) {
    GoString f = arg_str(args);
    GoSlice a = arg_slice(args + 2);
    st = fmt_printf(&c, f.ptr, f.len, a.ptr, a.len);
  } else {
    GoSlice a = arg_slice(args);
    st = op == OP_PRINT ? fmt_print(&c, a.ptr, a.len) : fmt_println(&c, a.ptr, a.len);
  }
  if (wrapped) *wrapped = c.wrapped;
  if (st != FMT_OK) {
    strbuf_free(b);
    return false;
  }
  return true;
}

static void print_to_stdout(VMThread *th, Op op, Slot *args, Slot *res) {
  StrBuf b = {0};
  if (!format(th, op, args, &b, false, NULL)) return;
  int64_t n = stdlib_write(1, b.p, b.len);
  res[0] = (Slot)(n < 0 ? 0 : n);
  strbuf_free(&b);
}

static void sprint(VMThread *th, Op op, Slot *args, Slot *res) {
  StrBuf b = {0};
  if (!format(th, op, args, &b, false, NULL)) return;
  ret_str(res, vm_string_copy(b.p, b.len));
  strbuf_free(&b);
}

static void fmt_Print(VMThread *th, Slot *args, Slot *res) { print_to_stdout(th, OP_PRINT, args, res); }
static void fmt_Println(VMThread *th, Slot *args, Slot *res) { print_to_stdout(th, OP_PRINTLN, args, res); }
static void fmt_Printf(VMThread *th, Slot *args, Slot *res) { print_to_stdout(th, OP_PRINTF, args, res); }
static void fmt_Sprint(VMThread *th, Slot *args, Slot *res) { sprint(th, OP_PRINT, args, res); }
static void fmt_Sprintln(VMThread *th, Slot *args, Slot *res) { sprint(th, OP_PRINTLN, args, res); }
static void fmt_Sprintf(VMThread *th, Slot *args, Slot *res) { sprint(th, OP_PRINTF, args, res); }

static void fmt_sprintfw(VMThread *th, Slot *args, Slot *res) {
  StrBuf b = {0};
  int64_t w = -1;
  if (!format(th, OP_PRINTF, args, &b, true, &w)) return;
  ret_str(res, vm_string_copy(b.p, b.len));
  res[2] = (Slot)w;
  strbuf_free(&b);
}

/* readStdin(b []byte) (n, errno int): os's read of descriptor 0 (between entersyscall and
 * exitsyscall, stdout flushed first), so that fmt's Scan need not import os. */
static void fmt_readStdin(VMThread *th, Slot *args, Slot *res) {
  Slot fd_and_slice[4] = {0, args[0], args[1], args[2]};
  os_file_readFd(th, fd_and_slice, res);
}

const StdNative stdlib_fmt_natives[] = {
    {"readStdin", (void *)fmt_readStdin},
    {"errstr", (void *)os_file_errstr},
    {"Print", (void *)fmt_Print},
    {"Println", (void *)fmt_Println},
    {"Printf", (void *)fmt_Printf},
    {"Sprint", (void *)fmt_Sprint},
    {"Sprintln", (void *)fmt_Sprintln},
    {"Sprintf", (void *)fmt_Sprintf},
    {"sprintfw", (void *)fmt_sprintfw},
    {NULL, NULL},
};

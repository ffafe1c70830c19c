/* Natives of package fmt (stdlib/fmt.gol): the VM side of the formatting engine's hooks
 * (fmt_format.h) and the print functions. */
#include <string.h>
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

/* Scan targets of named types (`*Celsius` with `type Celsius float64`): what Go reaches through
 * reflection. scanKind(p any) (class, bits int) classifies a non-nil pointer's element: 1 bool,
 * 2 signed integer, 3 unsigned integer, 4 float, 5 string, 6 []byte (class 0: none of these). */
enum { SCAN_NONE, SCAN_BOOL, SCAN_INT, SCAN_UINT, SCAN_FLOAT, SCAN_STRING, SCAN_BYTES };

static int scan_class(const Type *t) {
  switch (t->kind) {
  case K_BOOL: return SCAN_BOOL;
  case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64: return SCAN_INT;
  case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
    return SCAN_UINT;
  case K_FLOAT32: case K_FLOAT64: return SCAN_FLOAT;
  case K_STRING: return SCAN_STRING;
  case K_SLICE: return t->elem->kind == K_UINT8 ? SCAN_BYTES : SCAN_NONE;
  default: return SCAN_NONE;
  }
}

static void fmt_scanKind(VMThread *th, Slot *args, Slot *res) {
  GoEface p = arg_eface(args);
  res[0] = res[1] = 0;
  if (!p.type || p.type->kind != K_POINTER || !p.data) return;
  const Type *e = p.type->elem;
  res[0] = (Slot)(int64_t)scan_class(e);
  res[1] = (Slot)(e->size * 8);
}

/* storeScanned(p any, i int64, f float64, s string, b []byte): stores the value of p's class
 * (scanKind) into *p, truncated to the element's size (the scanner checked the range). */
static void fmt_storeScanned(VMThread *th, Slot *args, Slot *res) {
  GoEface p = arg_eface(args);
  if (!p.type || p.type->kind != K_POINTER || !p.data) return;
  const Type *e = p.type->elem;
  int64_t i = (int64_t)args[2];
  double f;
  memcpy(&f, &args[3], sizeof f);
  switch (scan_class(e)) {
  case SCAN_BOOL: *(uint8_t *)p.data = (uint8_t)(i != 0); break;
  case SCAN_INT: case SCAN_UINT:
    switch (e->size) {
    case 1: *(int8_t *)p.data = (int8_t)i; break;
    case 2: *(int16_t *)p.data = (int16_t)i; break;
    case 4: *(int32_t *)p.data = (int32_t)i; break;
    default: *(int64_t *)p.data = i; break;
    }
    break;
  case SCAN_FLOAT:
    if (e->size == 4) *(float *)p.data = (float)f;
    else *(double *)p.data = f;
    break;
  case SCAN_STRING: *(GoString *)p.data = arg_str(args + 4); break;
  case SCAN_BYTES: *(GoSlice *)p.data = arg_slice(args + 6); break;
  default: break;
  }
}

void math_Ldexp(VMThread *th, Slot *args, Slot *res); /* stdlib/math.c */

const StdNative stdlib_fmt_natives[] = {
    {"ldexp", (void *)math_Ldexp},
    {"scanKind", (void *)fmt_scanKind},
    {"storeScanned", (void *)fmt_storeScanned},
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

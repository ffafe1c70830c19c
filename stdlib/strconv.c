/* Natives of package strconv (stdlib/strconv.gol), over the engine of strconv_num.h. */
#include <stdlib.h>
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"
#include "stdlib/strconv_num.h"

static const int err_code[] = {
    [STRCONV_OK] = 0, [STRCONV_ESYNTAX] = 1, [STRCONV_ERANGE] = 2, [STRCONV_EBASE] = 3,
    [STRCONV_EBITSIZE] = 4,
};

static void ret_buf(Slot *res, StrBuf *b) {
  ret_str(res, vm_string_copy(b->p, b->len));
  strbuf_free(b);
}

static void sc_parseInt(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  int64_t v;
  StrconvErr e = strconv_parse_int(s.ptr, s.len, (int)(int64_t)args[2], (int)(int64_t)args[3], &v);
  res[0] = (Slot)v;
  res[1] = (Slot)err_code[e];
}

static void sc_parseUint(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  uint64_t v;
  StrconvErr e = strconv_parse_uint(s.ptr, s.len, (int)(int64_t)args[2], (int)(int64_t)args[3], &v);
  res[0] = (Slot)v;
  res[1] = (Slot)err_code[e];
}

static void sc_parseFloat(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  double v;
  StrconvErr e = strconv_parse_float(s.ptr, s.len, (int)(int64_t)args[2], &v);
  ret_f64(res, v);
  res[1] = (Slot)err_code[e];
}

static bool check_base(VMThread *th, int64_t base) {
  if (base < 2 || base > 36) {
    stdlib_panic_string(th, "strconv: illegal AppendInt/FormatInt base");
    return false;
  }
  return true;
}

static void sc_FormatInt(VMThread *th, Slot *args, Slot *res) {
  if (!check_base(th, (int64_t)args[1])) return;
  StrBuf b = {0};
  strconv_format_int(&b, (int64_t)args[0], (int)(int64_t)args[1]);
  ret_buf(res, &b);
}

static void sc_FormatUint(VMThread *th, Slot *args, Slot *res) {
  if (!check_base(th, (int64_t)args[1])) return;
  StrBuf b = {0};
  strconv_format_uint(&b, (uint64_t)args[0], (int)(int64_t)args[1]);
  ret_buf(res, &b);
}

static void sc_FormatFloat(VMThread *th, Slot *args, Slot *res) {
  StrBuf b = {0};
  int64_t prec = (int64_t)args[2], bits = (int64_t)args[3];
  if (bits != 32 && bits != 64) {
    stdlib_panic_string(th, "strconv: illegal AppendFloat/FormatFloat bitSize");
    return;
  }
  if (prec > 100000000) prec = 100000000; /* Go would try and run out of memory */
  strconv_format_float(&b, arg_f64(args), (char)args[1], (int)(prec < -1 ? -1 : prec), (int)bits);
  ret_buf(res, &b);
}

static void quote_str(Slot *args, Slot *res, bool ascii, bool graphic) {
  GoString s = arg_str(args);
  StrBuf b = {0};
  strconv_quote(&b, s.ptr, s.len, '"', ascii, graphic);
  ret_buf(res, &b);
}

static void quote_rune(Slot *args, Slot *res, bool ascii, bool graphic) {
  StrBuf b = {0};
  strconv_quote_rune(&b, (int32_t)(int64_t)args[0], ascii, graphic);
  ret_buf(res, &b);
}

static void sc_Quote(VMThread *th, Slot *a, Slot *r) { quote_str(a, r, false, false); }
static void sc_QuoteToASCII(VMThread *th, Slot *a, Slot *r) { quote_str(a, r, true, false); }
static void sc_QuoteToGraphic(VMThread *th, Slot *a, Slot *r) { quote_str(a, r, false, true); }
static void sc_QuoteRune(VMThread *th, Slot *a, Slot *r) { quote_rune(a, r, false, false); }
static void sc_QuoteRuneToASCII(VMThread *th, Slot *a, Slot *r) { quote_rune(a, r, true, false); }
static void sc_QuoteRuneToGraphic(VMThread *th, Slot *a, Slot *r) { quote_rune(a, r, false, true); }

static void sc_CanBackquote(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  ret_bool(res, strconv_can_backquote(s.ptr, s.len));
}

static void sc_IsPrint(VMThread *th, Slot *args, Slot *res) {
  ret_bool(res, strconv_is_print((int32_t)(int64_t)args[0]));
}

static void sc_IsGraphic(VMThread *th, Slot *args, Slot *res) {
  ret_bool(res, strconv_is_graphic((int32_t)(int64_t)args[0]));
}

static void sc_unquote(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  StrBuf b = {0};
  if (strconv_unquote(&b, s.ptr, s.len)) {
    ret_str(res, vm_string_copy(b.p, b.len));
    res[2] = 1;
  }
  strbuf_free(&b);
}

static void sc_unquoteChar(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  int32_t r;
  bool mb;
  int n = strconv_unquote_char(s.ptr, s.len, (char)args[2], &r, &mb);
  if (n == 0) return;
  res[0] = (Slot)(int64_t)r;
  res[1] = mb;
  res[2] = (Slot)n;
}

const StdNative stdlib_strconv_natives[] = {
    {"parseInt", (void *)sc_parseInt},
    {"parseUint", (void *)sc_parseUint},
    {"parseFloat", (void *)sc_parseFloat},
    {"FormatInt", (void *)sc_FormatInt},
    {"FormatUint", (void *)sc_FormatUint},
    {"FormatFloat", (void *)sc_FormatFloat},
    {"Quote", (void *)sc_Quote},
    {"QuoteToASCII", (void *)sc_QuoteToASCII},
    {"QuoteToGraphic", (void *)sc_QuoteToGraphic},
    {"QuoteRune", (void *)sc_QuoteRune},
    {"QuoteRuneToASCII", (void *)sc_QuoteRuneToASCII},
    {"QuoteRuneToGraphic", (void *)sc_QuoteRuneToGraphic},
    {"CanBackquote", (void *)sc_CanBackquote},
    {"IsPrint", (void *)sc_IsPrint},
    {"IsGraphic", (void *)sc_IsGraphic},
    {"unquote", (void *)sc_unquote},
    {"unquoteChar", (void *)sc_unquoteChar},
    {NULL, NULL},
};

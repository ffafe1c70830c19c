/* Unit test of the formatting engine (stdlib/fmt_format.c) without the VM: hand-built type
 * descriptors and interface values, a fake method hook, and the same operands as
 * fmt_engine_oracle.go.txt, whose output under real Go is fmt_engine.out. Prints one line per case
 * (the driver compares with fmt_engine.out). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stdlib/fmt_format.h"

/* The engine prints %T with lang's types_string; these hand-built descriptors carry their string. */
const char *types_string(Type *t);
const char *types_string(Type *t) { return t->str; }

static Type *mk(int kind, int64_t size, const char *str, bool named, bool direct) {
  Type *t = calloc(1, sizeof *t);
  t->kind = (uint8_t)kind;
  t->size = size;
  t->align = (uint8_t)(size >= 8 ? 8 : size ? size : 1);
  t->str = str;
  if (named) { t->tflags |= TF_NAMED; t->name = str; }
  if (direct) t->tflags |= TF_DIRECTIFACE;
  t->underlying = t;
  return t;
}

static Type *tint, *tint8, *tuint8, *tuint16, *tuint64, *tuintptr, *tint32, *tf32, *tf64, *tc128,
    *tbool, *tstring, *tsint, *tsbyte, *tsstring, *tabool2, *taint3, *tT, *tpT, *tS, *tpS, *tE,
    *tspT;

/* The test's boxed values and method results live as long as the test (as GC objects would):
 * a static pool, so nothing leaks. */
static void *pool_alloc(size_t n) {
  static _Alignas(16) unsigned char pool[1 << 16];
  static size_t used;
  if (used + n > sizeof pool) abort();
  void *q = pool + used;
  used += (n + 15) & ~(size_t)15;
  return q;
}

static void *box(const void *p, size_t n) { return memcpy(pool_alloc(n), p, n); }

static GoEface I(int64_t v) { return (GoEface){tint, (void *)(intptr_t)v}; }
static GoEface F(double v) { uint64_t u; memcpy(&u, &v, 8); return (GoEface){tf64, (void *)(uintptr_t)u}; }
static GoEface F32(float v) { uint32_t u; memcpy(&u, &v, 4); return (GoEface){tf32, (void *)(uintptr_t)u}; }
static GoEface R(int32_t v) { return (GoEface){tint32, (void *)(intptr_t)v}; }
static GoEface B(bool v) { return (GoEface){tbool, (void *)(uintptr_t)v}; }
static GoEface S(const char *s) {
  GoString g = gostring_lit(s);
  return (GoEface){tstring, box(&g, sizeof g)};
}
static GoEface C(double re, double im) {
  double v[2] = {re, im};
  return (GoEface){tc128, box(v, sizeof v)};
}
static GoEface SL(Type *t, void *ptr, int64_t n) {
  GoSlice s = {ptr, n, n};
  return (GoEface){t, box(&s, sizeof s)};
}
static GoEface BYTES(const char *s) { return SL(tsbyte, box(s, strlen(s)), (int64_t)strlen(s)); }

typedef struct { int64_t A; GoString B; } TV;
typedef struct { int64_t x; TV *P; } SV;
typedef struct { GoString msg; } EV;

static FmtCallResult call_method(void *ctx, GoEface recv, const Method *m, GoString *out) {
  if (recv.type == tE && strcmp(m->name, "Error") == 0) {
    const EV *e = recv.data;
    char *s = pool_alloc((size_t)e->msg.len + 3);
    memcpy(s, "E:", 2);
    memcpy(s + 2, e->msg.ptr, (size_t)e->msg.len);
    out->ptr = (const uint8_t *)s;
    out->len = e->msg.len + 2;
    return FMT_CALL_OK;
  }
  return FMT_CALL_ABORT;
}

static const FmtHooks hooks = {NULL, call_method, NULL};

static void emit(StrBuf *b) {
  fwrite(b->p, 1, b->len, stdout);
  putchar('\n');
  strbuf_free(b);
}

#define NARGS(...) (sizeof((GoEface[]){__VA_ARGS__}) / sizeof(GoEface))
#define PRINTF(fmtstr, ...)                                                                       \
  do {                                                                                            \
    StrBuf b_ = {0};                                                                              \
    FmtCall c_ = {.out = &b_, .hooks = &hooks};                                                   \
    GoEface a_[] = {__VA_ARGS__};                                                                 \
    fmt_printf(&c_, (const uint8_t *)fmtstr, (int64_t)strlen(fmtstr), a_, (int64_t)NARGS(__VA_ARGS__)); \
    emit(&b_);                                                                                    \
  } while (0)
#define PRINTF0(fmtstr)                                                                           \
  do {                                                                                            \
    StrBuf b_ = {0};                                                                              \
    FmtCall c_ = {.out = &b_, .hooks = &hooks};                                                   \
    fmt_printf(&c_, (const uint8_t *)fmtstr, (int64_t)strlen(fmtstr), NULL, 0);                   \
    emit(&b_);                                                                                    \
  } while (0)

static void setup(void) {
  tint = mk(K_INT, 8, "int", true, true);
  tint8 = mk(K_INT8, 1, "int8", true, true);
  tuint8 = mk(K_UINT8, 1, "uint8", true, true);
  tuint16 = mk(K_UINT16, 2, "uint16", true, true);
  tuint64 = mk(K_UINT64, 8, "uint64", true, true);
  tuintptr = mk(K_UINTPTR, 8, "uintptr", true, true);
  tint32 = mk(K_INT32, 4, "int32", true, true);
  tf32 = mk(K_FLOAT32, 4, "float32", true, true);
  tf64 = mk(K_FLOAT64, 8, "float64", true, true);
  tc128 = mk(K_COMPLEX128, 16, "complex128", true, false);
  tbool = mk(K_BOOL, 1, "bool", true, true);
  tstring = mk(K_STRING, 16, "string", true, false);
  tsint = mk(K_SLICE, 24, "[]int", false, false);
  tsint->elem = tint;
  tsbyte = mk(K_SLICE, 24, "[]uint8", false, false);
  tsbyte->elem = tuint8;
  tsstring = mk(K_SLICE, 24, "[]string", false, false);
  tsstring->elem = tstring;
  tabool2 = mk(K_ARRAY, 2, "[2]bool", false, false);
  tabool2->elem = tbool;
  tabool2->len = 2;
  taint3 = mk(K_ARRAY, 24, "[3]int", false, false);
  taint3->elem = tint;
  taint3->len = 3;

  tT = mk(K_STRUCT, 24, "main.T", true, false);
  tT->name = "T";
  tT->pkgpath = "main";
  Field *tf = calloc(2, sizeof *tf);
  tf[0] = (Field){"A", tint, 0, NULL, false, true};
  tf[1] = (Field){"B", tstring, 8, NULL, false, true};
  tT->fields = tf;
  tT->nfields = 2;
  tpT = mk(K_POINTER, 8, "*main.T", false, true);
  tpT->elem = tT;
  tspT = mk(K_SLICE, 24, "[]*main.T", false, false);
  tspT->elem = tpT;

  tS = mk(K_STRUCT, 16, "main.S", true, false);
  tS->name = "S";
  tS->pkgpath = "main";
  Field *sf = calloc(2, sizeof *sf);
  sf[0] = (Field){"x", tint, 0, NULL, false, false};
  sf[1] = (Field){"P", tpT, 8, NULL, false, true};
  tS->fields = sf;
  tS->nfields = 2;
  tpS = mk(K_POINTER, 8, "*main.S", false, true);
  tpS->elem = tS;

  tE = mk(K_STRUCT, 16, "main.E", true, false);
  tE->name = "E";
  tE->pkgpath = "main";
  Field *ef = calloc(1, sizeof *ef);
  ef[0] = (Field){"msg", tstring, 0, NULL, false, false};
  tE->fields = ef;
  tE->nfields = 1;
  Type *sig = mk(K_FUNC, 8, "func() string", false, true);
  sig->nresults = 1;
  sig->results = calloc(1, sizeof(Type *));
  sig->results[0] = tstring;
  Method *em = calloc(1, sizeof *em);
  em->name = "Error";
  em->type = sig;
  em->exported = true;
  tE->methods = em;
  tE->nmethods = 1;
}

int main(void) {
  setup();
  TV t = {1, gostring_lit("x")};
  GoEface tval = {tT, &t}, tptr = {tpT, &t}, nilT = {tpT, NULL};
  {
    StrBuf b = {0};
    FmtCall c = {.out = &b, .hooks = &hooks};
    GoEface a[] = {S("a"), I(1), I(2), S("b"), F(3.5), B(true)};
    fmt_print(&c, a, 6);
    emit(&b);
    FmtCall c2 = {.out = &b, .hooks = &hooks};
    GoEface a2[] = {S("a"), I(1), I(2), S("b")};
    fmt_println(&c2, a2, 4);
    emit(&b);
  }
  PRINTF("%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%#x|%o|%#o|%O|%b|%c|%q|%U|%#U", I(42), I(42), I(42),
         I(-42), I(42), I(42), I(255), I(255), I(255), I(8), I(8), I(8), I(5), R('A'), R('x'),
         I(0x1F600), R('A'));
  PRINTF("%v|%.2f|%8.3f|%-8.2f|%e|%E|%g|%G|%.3g|%+.1f|%08.2f|% .2f", F(0.3) /* Go folds the constant 0.1+0.2 exactly */, F(3.14159),
         F(3.14159), F(2.5), F(1234.5678), F(0.000123), F(1e21), F(1e-7), F(1234.5678), F(2.25),
         F(-3.5), F(1.0));
  PRINTF("%s|%q|%x|%X|% x|%10s|%-10s|%.2s|%#q|%+q", S("hi"), S("hi\n"), S("hi"), S("hi"), S("abc"),
         S("r"), S("l"), S("héllo"), S("bq"), S("日本"));
  PRINTF("%v|%+v|%#v|%T", tval, tval, tval, tval);
  int64_t ints12[] = {1, 2};
  PRINTF("%v|%+v|%#v|%T", tptr, tptr, SL(tsint, ints12, 2), SL(tsint, ints12, 1));
  PRINTF("%v|%#v|%v|%d|%s", SL(tsint, NULL, 0), SL(tsint, NULL, 0), BYTES("hi"), BYTES("hi"),
         BYTES("hi"));
  PRINTF("%v|%v|%#v|%t|%v", (GoEface){0}, nilT, nilT, B(true), B(false));
  PRINTF("%d|%s|%!|%z", S("str"), I(5), I(3));
  PRINTF("%d %d", I(1));
  PRINTF("%d", I(1), I(2), S("x"));
  PRINTF("%[2]d %[1]d|%[3]d|%*d|%-*d|%.*f", I(1), I(2), I(5), I(42), I(3), I(7), I(2), F(3.14159));
  PRINTF("%*d", S("x"), I(5));
  PRINTF0("%");
  EV e1 = {gostring_lit("m")}, e2 = {gostring_lit("n")}, e3 = {gostring_lit("o")};
  PRINTF("%v|%s|%d", ((GoEface){tE, &e1}), ((GoEface){tE, &e2}), ((GoEface){tE, &e3}));
  SV s1 = {1, NULL}, s2 = {2, NULL};
  TV *nilp[] = {NULL};
  PRINTF("%v|%+v|%v", ((GoEface){tS, &s1}), SL(tspT, nilp, 1), ((GoEface){tpS, &s2}));
  PRINTF("%v|%.0f|%.0f|%.1f|%5.1f|%-7.2e|", F32(0.1f), F(0.5), F(1.5), F(0.25), F(-1.25),
         F(123456.0));
  PRINTF("%x|%X|%#v|%v|%.3v", F(3.5), F(-1.0), F(1.0), F(1e6), F(3.14159));
  PRINTF("%v|%.2f|%+v", C(1, -2), C(1.5, 2.5), C(0, 1));
  PRINTF("%6.2v|%#g|%#.3g|%#e|%#.0f", F(3.14159), F(1.0), F(2.0), F(1.0), F(3.0));
  GoString ab[] = {gostring_lit("a"), gostring_lit("b")};
  bool tf[2] = {true, false};
  int64_t i123[] = {1, 2, 3};
  PRINTF("%5t|%-6v|%q|%v|%d", B(true), B(false), SL(tsstring, ab, 2), ((GoEface){tabool2, tf}),
         ((GoEface){taint3, i123}));
  uint8_t b2[] = {1, 171};
  PRINTF("%08.3d|%.0d|%5.0d|%x|%X|% X", I(42), I(0), I(0), I(-255), S("héllo"),
         SL(tsbyte, b2, 2));
  PRINTF("%v %v %v %v", ((GoEface){tint8, (void *)(intptr_t)-5}),
         ((GoEface){tuint16, (void *)(uintptr_t)65535}), ((GoEface){tuint64, (void *)UINT64_MAX}),
         ((GoEface){tuintptr, (void *)(uintptr_t)10}));
  PRINTF("%#v %#v %#v %#v", I(42), S("s"), ((GoEface){tuint8, (void *)(uintptr_t)7}),
         SL(tsstring, ab, 1));
  PRINTF("%c|%c|%q|%U", I(0x110000), I(-1), I(0x7f), I(-1));
  PRINTF("%010s|%-010d|%+010d|%x", S("ab"), I(5), I(5), S("\xff"));
  PRINTF("%v|%v|%v", F(1e20), F(123456789.0), F(1e-5));
  return 0;
}

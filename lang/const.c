/* Exact constant arithmetic (see const.h).
 *
 * BigInt invariant: every value stored in a ConstVal fits in CONST_MAXBITS bits of magnitude, so
 * the CONST_LIMBS*64 - CONST_MAXBITS top bits are pure sign extension and the bitwise operators can
 * work word by word as on infinite-precision two's complement. */
#include "lang/const.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "lang/ast.h"
#include "lang/types.h"

#define L CONST_LIMBS

/* ---- big integers ---------------------------------------------------------------------------- */

static BigInt big_u64(uint64_t v) {
  BigInt b;
  memset(&b, 0, sizeof b);
  b.w[0] = v;
  return b;
}
static BigInt big_i64(int64_t v) {
  BigInt b;
  memset(&b, v < 0 ? 0xff : 0, sizeof b);
  b.w[0] = (uint64_t)v;
  return b;
}
static bool big_neg_p(const BigInt *b) { return (b->w[L - 1] >> 63) != 0; }
static bool big_zero_p(const BigInt *b) {
  for (int i = 0; i < L; i++)
    if (b->w[i]) return false;
  return true;
}
static BigInt big_add(BigInt x, BigInt y) {
  BigInt r;
  unsigned __int128 c = 0;
  for (int i = 0; i < L; i++) {
    c += (unsigned __int128)x.w[i] + y.w[i];
    r.w[i] = (uint64_t)c;
    c >>= 64;
  }
  return r;
}
static BigInt big_not(BigInt x) {
  for (int i = 0; i < L; i++) x.w[i] = ~x.w[i];
  return x;
}
static BigInt big_negate(BigInt x) { return big_add(big_not(x), big_u64(1)); }
static BigInt big_sub(BigInt x, BigInt y) { return big_add(x, big_negate(y)); }
static BigInt big_abs(BigInt x) { return big_neg_p(&x) ? big_negate(x) : x; }
/* Bits needed for the magnitude. */
static int big_bitlen(BigInt x) {
  x = big_abs(x);
  for (int i = L - 1; i >= 0; i--)
    if (x.w[i]) return i * 64 + 64 - __builtin_clzll(x.w[i]);
  return 0;
}
static int big_cmp(BigInt x, BigInt y) {
  bool nx = big_neg_p(&x), ny = big_neg_p(&y);
  if (nx != ny) return nx ? -1 : 1;
  for (int i = L - 1; i >= 0; i--)
    if (x.w[i] != y.w[i]) return x.w[i] < y.w[i] ? -1 : 1;
  return 0;
}
/* Product of magnitudes; false when it needs more than L words. */
static bool big_mul(BigInt x, BigInt y, BigInt *out) {
  bool neg = big_neg_p(&x) != big_neg_p(&y);
  x = big_abs(x), y = big_abs(y);
  uint64_t r[2 * L];
  memset(r, 0, sizeof r);
  for (int i = 0; i < L; i++) {
    if (!x.w[i]) continue;
    unsigned __int128 c = 0;
    for (int j = 0; j < L; j++) {
      c += (unsigned __int128)x.w[i] * y.w[j] + r[i + j];
      r[i + j] = (uint64_t)c;
      c >>= 64;
    }
    r[i + L] = (uint64_t)c;
  }
  for (int i = L; i < 2 * L; i++)
    if (r[i]) return false;
  if (r[L - 1] >> 63) return false;
  memcpy(out->w, r, sizeof out->w);
  if (neg) *out = big_negate(*out);
  return true;
}
static BigInt big_shl(BigInt x, unsigned s) {
  BigInt r;
  memset(&r, 0, sizeof r);
  unsigned ws = s / 64, bs = s % 64;
  for (int i = L - 1; i >= (int)ws; i--) {
    uint64_t v = x.w[i - ws] << bs;
    if (bs && i - (int)ws - 1 >= 0) v |= x.w[i - ws - 1] >> (64 - bs);
    r.w[i] = v;
  }
  return r;
}
static BigInt big_shr(BigInt x, unsigned s) { /* arithmetic */
  bool neg = big_neg_p(&x);
  if (s >= L * 64) return big_i64(neg ? -1 : 0);
  BigInt r;
  unsigned ws = s / 64, bs = s % 64;
  for (int i = 0; i < L; i++) {
    int src = i + (int)ws;
    uint64_t lo = src < L ? x.w[src] : (neg ? ~0ull : 0);
    uint64_t hi = src + 1 < L ? x.w[src + 1] : (neg ? ~0ull : 0);
    r.w[i] = bs ? (lo >> bs) | (hi << (64 - bs)) : lo;
  }
  return r;
}
/* Truncated division of magnitudes (y != 0): quotient toward zero, remainder with x's sign. */
static void big_divmod(BigInt x, BigInt y, BigInt *q, BigInt *r) {
  bool nx = big_neg_p(&x), ny = big_neg_p(&y);
  x = big_abs(x), y = big_abs(y);
  BigInt qq = big_u64(0), rr = big_u64(0);
  for (int i = L * 64 - 1; i >= 0; i--) {
    rr = big_shl(rr, 1);
    rr.w[0] |= (x.w[i / 64] >> (i % 64)) & 1;
    if (big_cmp(rr, y) >= 0) {
      rr = big_sub(rr, y);
      qq.w[i / 64] |= 1ull << (i % 64);
    }
  }
  if (q) *q = nx != ny ? big_negate(qq) : qq;
  if (r) *r = nx ? big_negate(rr) : rr;
}
static uint64_t big_divsmall(BigInt *mag, uint64_t d) { /* mag >= 0; returns remainder */
  unsigned __int128 rem = 0;
  for (int i = L - 1; i >= 0; i--) {
    rem = (rem << 64) | mag->w[i];
    mag->w[i] = (uint64_t)(rem / d);
    rem %= d;
  }
  return (uint64_t)rem;
}
/* Integer <-> rational. */
static Rat big_to_rat(Arena *a, BigInt x) {
  BigInt m = big_abs(x);
  return rat_from_nat(a, big_neg_p(&x), nat_from_limbs(a, m.w, L));
}
/* false when r is not an integer or needs more than CONST_MAXBITS + 64 bits. */
static bool rat_to_big(Arena *a, Rat r, BigInt *out) {
  if (!rat_is_int(r) || nat_bitlen(r.num) + r.exp > CONST_MAXBITS + 64) return false;
  Nat m = nat_shl(a, r.num, r.exp);
  BigInt b = big_u64(0);
  for (int i = 0; i < m.n; i++) b.w[i] = m.w[i];
  *out = r.neg ? big_negate(b) : b;
  return true;
}

/* ---- constructors ---------------------------------------------------------------------------- */

static ConstVal *mk(Arena *a, ConstKind k) {
  ConstVal *c = ARENA_NEW(a, ConstVal);
  c->kind = k;
  return c;
}
ConstVal *const_bool(Arena *a, bool b) {
  ConstVal *c = mk(a, CK_BOOL);
  c->b = b;
  return c;
}
ConstVal *const_string(Arena *a, const char *s, int64_t len) {
  ConstVal *c = mk(a, CK_STRING);
  c->s = s;
  c->slen = len;
  return c;
}
static ConstVal *mkint(Arena *a, BigInt b) {
  ConstVal *c = mk(a, CK_INT);
  c->i = b;
  return c;
}
ConstVal *const_int64(Arena *a, int64_t v) { return mkint(a, big_i64(v)); }
ConstVal *const_uint64(Arena *a, uint64_t v) { return mkint(a, big_u64(v)); }
static ConstVal *mkfloat(Arena *a, Rat v) {
  ConstVal *c = mk(a, CK_FLOAT);
  c->re = v;
  c->im = rat_zero();
  return c;
}
static ConstVal *mkcomplex(Arena *a, Rat re, Rat im) {
  ConstVal *c = mk(a, CK_COMPLEX);
  c->re = re;
  c->im = im;
  return c;
}
ConstVal *const_make_complex(Arena *a, const ConstVal *re, const ConstVal *im) {
  return mkcomplex(a, re->re, im->re);
}

static int digitval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return 99;
}

/* Parses an integer or float literal (no 'i' suffix). */
static ConstVal *parse_number(Arena *a, const char *s, size_t n, bool allow_octal0) {
  int base = 10;
  size_t i = 0;
  bool legacy_octal = false;
  if (n >= 2 && s[0] == '0') {
    char c = s[1] | 0x20;
    if (c == 'x') base = 16, i = 2;
    else if (c == 'b') base = 2, i = 2;
    else if (c == 'o') base = 8, i = 2;
    else if (allow_octal0) legacy_octal = true;
  }
  bool isfloat = false;
  for (size_t k = i; k < n; k++) {
    char c = s[k];
    if (c == '.' || (base == 10 && (c | 0x20) == 'e') || (base == 16 && (c | 0x20) == 'p'))
      isfloat = true;
  }
  if (!isfloat) {
    if (legacy_octal) base = 8;
    BigInt v = big_u64(0), bb = big_u64((uint64_t)base);
    for (; i < n; i++) {
      if (s[i] == '_') continue;
      int d = digitval(s[i]);
      if (d >= base) return NULL;
      if (!big_mul(v, bb, &v)) return NULL;
      v = big_add(v, big_u64((uint64_t)d));
      if (big_bitlen(v) > CONST_MAXBITS + 64) return NULL;
    }
    return mkint(a, v);
  }
  Rat r;
  return rat_parse(a, s, n, &r) ? mkfloat(a, r) : NULL;
}

ConstVal *const_literal(Arena *a, int litkind, const char *raw, int32_t rune, const char *val,
                        int64_t len) {
  switch (litkind) {
  case LIT_STRING: return const_string(a, val, len);
  case LIT_CHAR: return const_int64(a, rune);
  case LIT_INT:
  case LIT_FLOAT: return parse_number(a, raw, strlen(raw), true);
  case LIT_IMAG: {
    size_t n = strlen(raw);
    if (n == 0) return NULL;
    /* "0123i" is decimal for backward compatibility. */
    bool prefixed = n > 2 && raw[0] == '0' && strchr("xXbBoO", raw[1]);
    ConstVal *v = parse_number(a, raw, n - 1, prefixed);
    if (!v) return NULL;
    return mkcomplex(a, rat_zero(), v->kind == CK_INT ? big_to_rat(a, v->i) : v->re);
  }
  }
  return NULL;
}

/* ---- accessors and conversions ---------------------------------------------------------------- */

/* The accessors take no arena: rational temporaries go to a scratch one. */
static double to_double(const ConstVal *c, Rat r, bool f32) {
  Arena tmp = {0};
  double d = c->kind == CK_INT ? rat_to_double(&tmp, big_to_rat(&tmp, c->i), f32) : rat_to_double(&tmp, r, f32);
  arena_free(&tmp);
  return d;
}

bool const_is_integral(const ConstVal *c) {
  if (c->kind == CK_INT) return true;
  if (c->kind == CK_FLOAT) return rat_is_int(c->re);
  if (c->kind == CK_COMPLEX) return rat_is_zero(c->im) && rat_is_int(c->re);
  return false;
}

ConstVal *const_to_int(Arena *a, const ConstVal *c) {
  if (c->kind == CK_INT) return (ConstVal *)c;
  BigInt b;
  if (!const_is_integral(c) || !rat_to_big(a, c->re, &b)) return NULL;
  return mkint(a, b);
}
ConstVal *const_to_float(Arena *a, const ConstVal *c) {
  if (c->kind == CK_FLOAT) return (ConstVal *)c;
  if (c->kind == CK_INT) return mkfloat(a, big_to_rat(a, c->i));
  if (c->kind == CK_COMPLEX) return rat_is_zero(c->im) ? mkfloat(a, c->re) : NULL;
  return NULL;
}
ConstVal *const_to_complex(Arena *a, const ConstVal *c) {
  if (c->kind == CK_COMPLEX) return (ConstVal *)c;
  if (c->kind == CK_INT) return mkcomplex(a, big_to_rat(a, c->i), rat_zero());
  if (c->kind == CK_FLOAT) return mkcomplex(a, c->re, rat_zero());
  return NULL;
}
ConstVal *const_exported(Arena *a, const ConstVal *c) {
  if (!c || (c->kind != CK_FLOAT && c->kind != CK_COMPLEX)) return (ConstVal *)c;
  return c->kind == CK_FLOAT ? mkfloat(a, rat_to_float(a, c->re))
                             : mkcomplex(a, rat_to_float(a, c->re), rat_to_float(a, c->im));
}
ConstVal *const_real(Arena *a, const ConstVal *c) {
  return c->kind == CK_INT ? const_to_float(a, c) : mkfloat(a, c->re);
}
ConstVal *const_imag(Arena *a, const ConstVal *c) { return mkfloat(a, c->kind == CK_COMPLEX ? c->im : rat_zero()); }

/* The integer value of c, when it is one of at most CONST_MAXBITS + 64 bits. */
static bool get_big(const ConstVal *c, BigInt *b) {
  if (c->kind == CK_INT) {
    *b = c->i;
    return true;
  }
  if (!const_is_integral(c)) return false;
  Arena tmp = {0};
  bool ok = rat_to_big(&tmp, c->re, b);
  arena_free(&tmp);
  return ok;
}
bool const_get_int64(const ConstVal *c, int64_t *out) {
  BigInt b;
  if (!get_big(c, &b)) return false;
  if (big_bitlen(b) > 63 && !(big_neg_p(&b) && big_cmp(b, big_i64(INT64_MIN)) == 0)) return false;
  *out = (int64_t)b.w[0];
  return true;
}
bool const_get_uint64(const ConstVal *c, uint64_t *out) {
  BigInt b;
  if (!get_big(c, &b)) return false;
  if (big_neg_p(&b) || big_bitlen(b) > 64) return false;
  *out = b.w[0];
  return true;
}
double const_get_float64(const ConstVal *c) { return to_double(c, c->re, false); }
float const_get_float32(const ConstVal *c) { return (float)to_double(c, c->re, true); }
double const_get_imag64(const ConstVal *c) { return c->kind == CK_COMPLEX ? to_double(c, c->im, false) : 0; }
float const_get_imag32(const ConstVal *c) { return c->kind == CK_COMPLEX ? (float)to_double(c, c->im, true) : 0; }
int const_sign(const ConstVal *c) {
  switch (c->kind) {
  case CK_INT: return big_zero_p(&c->i) ? 0 : big_neg_p(&c->i) ? -1 : 1;
  case CK_FLOAT: return rat_sign(c->re);
  case CK_COMPLEX: return rat_is_zero(c->re) && rat_is_zero(c->im) ? 0 : 1;
  default: return 0;
  }
}

static int int_bits(int kind, bool *is_unsigned) {
  *is_unsigned = kind >= K_UINT && kind <= K_UINTPTR;
  switch (kind) {
  case K_INT8: case K_UINT8: return 8;
  case K_INT16: case K_UINT16: return 16;
  case K_INT32: case K_UINT32: return 32;
  default: return 64;
  }
}

int const_represent(Arena *a, const ConstVal *c, int kind, ConstVal **out) {
  ConstVal *r = NULL;
  if (kind >= K_INT && kind <= K_UINTPTR) {
    if (c->kind == CK_BOOL || c->kind == CK_STRING) return 3;
    if (!const_is_integral(c)) return 2;
    ConstVal *iv = const_to_int(a, c);
    if (!iv) return 1;
    bool uns;
    int bits = int_bits(kind, &uns);
    if (uns) {
      if (big_neg_p(&iv->i) || big_bitlen(iv->i) > bits) return 1;
    } else if (big_bitlen(iv->i) > bits - 1) {
      /* -2^(bits-1) is representable */
      if (!(big_neg_p(&iv->i) && big_cmp(iv->i, big_negate(big_shl(big_u64(1), bits - 1))) == 0))
        return 1;
    }
    r = iv;
  } else if (kind == K_FLOAT32 || kind == K_FLOAT64) {
    if (c->kind == CK_BOOL || c->kind == CK_STRING) return 3;
    ConstVal *fv = const_to_float(a, c);
    if (!fv) return 2;
    double d = rat_to_double(a, fv->re, kind == K_FLOAT32);
    if (isinf(d)) return 1;
    r = mkfloat(a, rat_from_double(a, d));
  } else if (kind == K_COMPLEX64 || kind == K_COMPLEX128) {
    if (c->kind == CK_BOOL || c->kind == CK_STRING) return 3;
    ConstVal *cv = const_to_complex(a, c);
    double re = rat_to_double(a, cv->re, kind == K_COMPLEX64), im = rat_to_double(a, cv->im, kind == K_COMPLEX64);
    if (isinf(re) || isinf(im)) return 1;
    r = mkcomplex(a, rat_from_double(a, re), rat_from_double(a, im));
  } else if (kind == K_STRING || kind == K_UNTYPED_STRING) {
    if (c->kind != CK_STRING) return 3;
    r = (ConstVal *)c;
  } else if (kind == K_BOOL || kind == K_UNTYPED_BOOL) {
    if (c->kind != CK_BOOL) return 3;
    r = (ConstVal *)c;
  } else if (kind == K_UNTYPED_INT || kind == K_UNTYPED_RUNE) {
    if (c->kind == CK_BOOL || c->kind == CK_STRING) return 3;
    r = const_to_int(a, c);
    if (!r) return 2;
  } else if (kind == K_UNTYPED_FLOAT) {
    if (c->kind == CK_BOOL || c->kind == CK_STRING) return 3;
    r = const_to_float(a, c);
    if (!r) return 2;
  } else if (kind == K_UNTYPED_COMPLEX) {
    if (c->kind == CK_BOOL || c->kind == CK_STRING) return 3;
    r = const_to_complex(a, c);
  } else {
    return 3;
  }
  if (out) *out = r;
  return 0;
}

/* ---- arithmetic ------------------------------------------------------------------------------ */

/* x op y for + - * /; false when the result is beyond 2^RAT_MAXEXP (or op is not arithmetic). */
static bool rat_arith(Arena *a, int op, Rat x, Rat y, Rat *r) {
  switch (op) {
  case '+': return rat_add(a, x, y, r);
  case '-': return rat_sub(a, x, y, r);
  case '*': return rat_mul(a, x, y, r);
  case '/': return rat_quo(a, x, y, r);
  }
  return false;
}
/* Exact complex + - * / (y != 0 for /), as go/constant computes them. */
static bool complex_arith(Arena *a, int op, const ConstVal *x, const ConstVal *y, Rat *re, Rat *im) {
  Rat p, q, r, s, den;
  switch (op) {
  case '+':
  case '-': return rat_arith(a, op, x->re, y->re, re) && rat_arith(a, op, x->im, y->im, im);
  case '*': /* (ac - bd) + (bc + ad)i */
    return rat_mul(a, x->re, y->re, &p) && rat_mul(a, x->im, y->im, &q) && rat_sub(a, p, q, re) &&
           rat_mul(a, x->im, y->re, &r) && rat_mul(a, x->re, y->im, &s) && rat_add(a, r, s, im);
  case '/': /* ((ac + bd) + (bc - ad)i) / (c² + d²) */
    return rat_mul(a, y->re, y->re, &p) && rat_mul(a, y->im, y->im, &q) && rat_add(a, p, q, &den) &&
           rat_mul(a, x->re, y->re, &p) && rat_mul(a, x->im, y->im, &q) && rat_add(a, p, q, &p) &&
           rat_quo(a, p, den, re) && rat_mul(a, x->im, y->re, &r) && rat_mul(a, x->re, y->im, &s) &&
           rat_sub(a, r, s, &r) && rat_quo(a, r, den, im);
  }
  return false;
}

static const char *overflow_msg(int op) {
  switch (op) {
  case '+': return "constant addition overflow";
  case '-': return "constant subtraction overflow";
  case '*': return "constant multiplication overflow";
  case '/': return "constant division overflow";
  default: return "constant overflow";
  }
}

ConstVal *const_binary(Arena *a, int op, const ConstVal *x, const ConstVal *y, bool intdiv,
                       const char **err) {
  *err = NULL;
  switch (x->kind) {
  case CK_BOOL:
    if (op == T_ANDAND) return const_bool(a, x->b && y->b);
    if (op == T_OROR) return const_bool(a, x->b || y->b);
    break;
  case CK_STRING:
    if (op == '+') {
      char *s = arena_alloc(a, (size_t)(x->slen + y->slen + 1));
      if (x->slen) memcpy(s, x->s, (size_t)x->slen);
      if (y->slen) memcpy(s + x->slen, y->s, (size_t)y->slen);
      return const_string(a, s, x->slen + y->slen);
    }
    break;
  case CK_INT: {
    BigInt r;
    switch (op) {
    case '+': r = big_add(x->i, y->i); break;
    case '-': r = big_sub(x->i, y->i); break;
    case '*':
      if (!big_mul(x->i, y->i, &r)) { *err = overflow_msg(op); return NULL; }
      break;
    case '/':
    case '%':
      if (big_zero_p(&y->i)) { *err = "division by zero"; return NULL; }
      if (op == '/' && !intdiv) {
        Rat q;
        rat_quo(a, big_to_rat(a, x->i), big_to_rat(a, y->i), &q); /* 512-bit integers never overflow */
        return mkfloat(a, q);
      }
      if (op == '/') big_divmod(x->i, y->i, &r, NULL);
      else big_divmod(x->i, y->i, NULL, &r);
      break;
    case '&': case '|': case '^': case T_ANDNOT:
      for (int i = 0; i < L; i++) {
        uint64_t p = x->i.w[i], q = y->i.w[i];
        r.w[i] = op == '&' ? p & q : op == '|' ? p | q : op == '^' ? p ^ q : p & ~q;
      }
      break;
    default: return NULL;
    }
    if (big_bitlen(r) > CONST_MAXBITS) { *err = overflow_msg(op); return NULL; }
    return mkint(a, r);
  }
  case CK_FLOAT: {
    Rat r;
    if (op == '/' && rat_is_zero(y->re)) { *err = "division by zero"; return NULL; }
    if (!rat_arith(a, op, x->re, y->re, &r)) break;
    return mkfloat(a, r);
  }
  case CK_COMPLEX: {
    Rat re, im;
    if (op == '/' && rat_is_zero(y->re) && rat_is_zero(y->im)) { *err = "division by zero"; return NULL; }
    if (!complex_arith(a, op, x, y, &re, &im)) break;
    return mkcomplex(a, re, im);
  }
  }
  if ((x->kind == CK_FLOAT || x->kind == CK_COMPLEX) && (op == '+' || op == '-' || op == '*' || op == '/'))
    *err = "constant result is not representable";
  return NULL;
}

ConstVal *const_unary(Arena *a, int op, const ConstVal *x, int ubits, const char **err) {
  *err = NULL;
  switch (op) {
  case '+': return (ConstVal *)x;
  case '!': return x->kind == CK_BOOL ? const_bool(a, !x->b) : NULL;
  case '-':
    if (x->kind == CK_INT) return mkint(a, big_negate(x->i));
    if (x->kind == CK_FLOAT) return mkfloat(a, rat_neg(x->re));
    if (x->kind == CK_COMPLEX) return mkcomplex(a, rat_neg(x->re), rat_neg(x->im));
    return NULL;
  case '^':
    if (x->kind != CK_INT) return NULL;
    if (ubits) { /* x ^ (1<<ubits - 1) */
      BigInt m = big_sub(big_shl(big_u64(1), (unsigned)ubits), big_u64(1));
      BigInt r;
      for (int i = 0; i < L; i++) r.w[i] = x->i.w[i] ^ m.w[i];
      return mkint(a, r);
    }
    return mkint(a, big_not(x->i));
  }
  return NULL;
}

ConstVal *const_shift(Arena *a, int op, const ConstVal *x, uint64_t s, const char **err) {
  *err = NULL;
  if (x->kind != CK_INT) return NULL;
  if (op == T_SHR) return mkint(a, big_shr(x->i, s > 100000 ? 100000 : (unsigned)s));
  if (big_zero_p(&x->i)) return (ConstVal *)x;
  if (s > CONST_MAXBITS || big_bitlen(x->i) + (int)s > CONST_MAXBITS) {
    *err = "constant shift overflow";
    return NULL;
  }
  return mkint(a, big_shl(x->i, (unsigned)s));
}

bool const_compare(int op, const ConstVal *x, const ConstVal *y) {
  int c = 0;
  switch (x->kind) {
  case CK_BOOL:
    c = x->b == y->b ? 0 : 1;
    break;
  case CK_STRING: {
    int64_t n = x->slen < y->slen ? x->slen : y->slen;
    c = n ? memcmp(x->s, y->s, (size_t)n) : 0;
    if (c == 0) c = x->slen < y->slen ? -1 : x->slen > y->slen;
    break;
  }
  case CK_INT: c = big_cmp(x->i, y->i); break;
  case CK_FLOAT: {
    Arena tmp = {0};
    c = rat_cmp(&tmp, x->re, y->re);
    arena_free(&tmp);
    break;
  }
  case CK_COMPLEX: c = rat_equal(x->re, y->re) && rat_equal(x->im, y->im) ? 0 : 1; break;
  }
  switch (op) {
  case T_EQL: return c == 0;
  case T_NEQ: return c != 0;
  case '<': return c < 0;
  case T_LEQ: return c <= 0;
  case '>': return c > 0;
  case T_GEQ: return c >= 0;
  }
  return false;
}

/* ---- formatting ------------------------------------------------------------------------------ */

static void fmt_int(BigInt b, char *buf, size_t n) {
  char tmp[CONST_LIMBS * 20 + 2];
  int k = (int)sizeof tmp - 1;
  tmp[k] = 0;
  bool neg = big_neg_p(&b);
  BigInt m = big_abs(b);
  do {
    tmp[--k] = (char)('0' + big_divsmall(&m, 10));
  } while (!big_zero_p(&m));
  if (neg) tmp[--k] = '-';
  snprintf(buf, n, "%s", tmp + k);
}

static void fmt_float(Rat v, char *buf, size_t n) {
  Arena tmp = {0};
  rat_format(&tmp, v, buf, n);
  arena_free(&tmp);
}

void const_format(const ConstVal *c, char *buf, size_t n) {
  switch (c->kind) {
  case CK_BOOL: snprintf(buf, n, "%s", c->b ? "true" : "false"); return;
  case CK_INT: fmt_int(c->i, buf, n); return;
  case CK_FLOAT: fmt_float(c->re, buf, n); return;
  case CK_COMPLEX: {
    char r[64], i[64];
    fmt_float(c->re, r, sizeof r);
    fmt_float(c->im, i, sizeof i);
    snprintf(buf, n, "(%s + %si)", r, i);
    return;
  }
  case CK_STRING: {
    /* strconv.Quote, then shortened to 72 runes as go/constant does. */
    size_t k = 0;
    int runes = 0;
    bool cut = false;
    if (n < 8) { buf[0] = 0; return; }
    buf[k++] = '"';
    for (int64_t i = 0; i < c->slen; i++) {
      unsigned char ch = (unsigned char)c->s[i];
      char esc[8];
      const char *e = NULL;
      switch (ch) {
      case '\a': e = "\\a"; break;
      case '\b': e = "\\b"; break;
      case '\f': e = "\\f"; break;
      case '\n': e = "\\n"; break;
      case '\r': e = "\\r"; break;
      case '\t': e = "\\t"; break;
      case '\v': e = "\\v"; break;
      case '\\': e = "\\\\"; break;
      case '"': e = "\\\""; break;
      default:
        if (ch < 0x20 || ch == 0x7f) {
          snprintf(esc, sizeof esc, "\\x%02x", ch);
          e = esc;
        }
      }
      size_t need = e ? strlen(e) : 1;
      if (k + need + 5 >= n || runes >= 69) { cut = true; break; }
      if (e) {
        memcpy(buf + k, e, need);
        k += need;
        runes += (int)need;
      } else {
        buf[k++] = (char)ch;
        if ((ch & 0xc0) != 0x80) runes++;
      }
    }
    if (cut) {
      memcpy(buf + k, "...", 4);
    } else {
      buf[k++] = '"';
      buf[k] = 0;
    }
    return;
  }
  }
  snprintf(buf, n, "?");
}

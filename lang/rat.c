/* Exact rationals for untyped float and complex constants (see rat.h). */
#include "lang/rat.h"

#include <math.h>
#include <stdio.h>

static const uint64_t one_limb = 1;
static const Nat nat_one = {&one_limb, 1};

Rat rat_zero(void) { return (Rat){false, false, 0, {NULL, 0}, nat_one}; }

/* ⌊log2|x|⌋ is magnitude(x) - 1 or magnitude(x) (x != 0). */
static int64_t magnitude(Rat x) { return nat_bitlen(x.num) - nat_bitlen(x.den) + x.exp; }

/* Bits of the numerator and denominator of x written as a plain fraction. */
static bool oversize(Rat x) {
  return nat_bitlen(x.num) + (x.exp > 0 ? x.exp : 0) >= RAT_MAXBITS ||
         nat_bitlen(x.den) + (x.exp < 0 ? -x.exp : 0) >= RAT_MAXBITS;
}

/* Normalises ±num/den·2^exp (den != 0) into *out, rounded when approx or too large; false when
 * it overflows 2^RAT_MAXEXP. */
static bool make(Arena *a, bool neg, Nat num, Nat den, int64_t exp, bool approx, Rat *out) {
  if (nat_is_zero(num)) {
    *out = rat_zero();
    out->approx = approx;
    return true;
  }
  int64_t tz = nat_trailing_zeros(num);
  num = nat_shr(a, num, tz);
  exp += tz;
  tz = nat_trailing_zeros(den);
  den = nat_shr(a, den, tz);
  exp -= tz;
  Rat x = {neg, approx, exp, num, den};
  int64_t mag = magnitude(x);
  if (mag > RAT_MAXEXP) return false;
  if (mag < -RAT_MAXEXP) {
    *out = rat_zero();
    out->approx = true;
    return true;
  }
  /* Reducing a fraction that is rounded below anyway is skipped. */
  if (!approx && !nat_is_one(den) && nat_bitlen(num) + nat_bitlen(den) < 8 * RAT_MAXBITS) {
    Nat g = nat_gcd_odd(a, num, den);
    if (!nat_is_one(g)) {
      nat_divmod(a, num, g, &x.num, NULL);
      nat_divmod(a, den, g, &x.den, NULL);
    }
  }
  if (approx || oversize(x)) {
    Nat m;
    int64_t lsb;
    rat_round(a, x, RAT_PREC, INT64_MIN / 4, &m, &lsb);
    tz = nat_trailing_zeros(m);
    x = (Rat){neg, true, lsb + tz, nat_shr(a, m, tz), nat_one};
  }
  *out = x;
  return true;
}

Rat rat_to_float(Arena *a, Rat x) {
  if (x.approx) return x;
  Rat r;
  make(a, x.neg, x.num, x.den, x.exp, true, &r); /* rounding never overflows */
  return r;
}

Rat rat_from_nat(Arena *a, bool neg, Nat mag) {
  Rat r;
  make(a, neg, mag, nat_one, 0, false, &r); /* integers of CONST_MAXBITS never overflow */
  return r;
}

Rat rat_from_double(Arena *a, double d) {
  int e;
  double fr = frexp(fabs(d), &e);
  Rat r;
  make(a, d < 0, nat_u64(a, (uint64_t)ldexp(fr, 53)), nat_one, (int64_t)e - 53, false, &r);
  return r;
}

bool rat_is_int(Rat x) { return rat_is_zero(x) || (nat_is_one(x.den) && x.exp >= 0); }

/* ---- arithmetic ------------------------------------------------------------------------------ */

/* Go's match: with an approx operand, both are 512-bit floats. */
static bool as_floats(Arena *a, Rat *x, Rat *y) {
  if (!x->approx && !y->approx) return false;
  *x = rat_to_float(a, *x);
  *y = rat_to_float(a, *y);
  return true;
}

bool rat_add(Arena *a, Rat x, Rat y, Rat *out) {
  bool ap = as_floats(a, &x, &y);
  if (rat_is_zero(x) || rat_is_zero(y)) {
    *out = rat_is_zero(x) ? y : x;
    out->approx = ap;
    return true;
  }
  int64_t mx = magnitude(x), my = magnitude(y);
  if (mx - my > RAT_NEGLIGIBLE || my - mx > RAT_NEGLIGIBLE) {
    *out = mx > my ? x : y;
    return true;
  }
  int64_t e = x.exp < y.exp ? x.exp : y.exp;
  bool sameden = nat_cmp(x.den, y.den) == 0;
  Nat tx = sameden ? x.num : nat_mul(a, x.num, y.den);
  Nat ty = sameden ? y.num : nat_mul(a, y.num, x.den);
  Nat den = sameden ? x.den : nat_mul(a, x.den, y.den);
  tx = nat_shl(a, tx, x.exp - e);
  ty = nat_shl(a, ty, y.exp - e);
  if (x.neg == y.neg) return make(a, x.neg, nat_add(a, tx, ty), den, e, ap, out);
  int c = nat_cmp(tx, ty);
  if (c >= 0) return make(a, x.neg, nat_sub(a, tx, ty), den, e, ap, out);
  return make(a, y.neg, nat_sub(a, ty, tx), den, e, ap, out);
}
bool rat_sub(Arena *a, Rat x, Rat y, Rat *out) { return rat_add(a, x, rat_neg(y), out); }
bool rat_mul(Arena *a, Rat x, Rat y, Rat *out) {
  bool ap = as_floats(a, &x, &y);
  return make(a, x.neg != y.neg, nat_mul(a, x.num, y.num), nat_mul(a, x.den, y.den), x.exp + y.exp, ap, out);
}
bool rat_quo(Arena *a, Rat x, Rat y, Rat *out) {
  bool ap = as_floats(a, &x, &y);
  return make(a, x.neg != y.neg, nat_mul(a, x.num, y.den), nat_mul(a, x.den, y.num), x.exp - y.exp, ap, out);
}
int rat_cmp(Arena *a, Rat x, Rat y) {
  if (rat_sign(x) != rat_sign(y)) return rat_sign(x) < rat_sign(y) ? -1 : 1;
  if (rat_equal(x, y)) return 0;
  Rat d;
  if (!rat_sub(a, x, y, &d)) return x.neg ? -1 : 1; /* only when both are huge */
  return rat_sign(d);
}

/* ---- rounding -------------------------------------------------------------------------------- */

void rat_round(Arena *a, Rat x, int prec, int64_t minexp, Nat *mant, int64_t *lsb) {
  /* q = ⌊|x|·2^s⌋ with at least prec+2 bits; |x| = (q + r/D)·2^base. */
  int64_t s = prec + 2 - (nat_bitlen(x.num) - nat_bitlen(x.den)), base;
  Nat q, r = {NULL, 0};
  if (nat_is_one(x.den)) {
    if (s < 0) s = 0;
    q = nat_shl(a, x.num, s);
  } else {
    Nat n = s > 0 ? nat_shl(a, x.num, s) : x.num, d = s < 0 ? nat_shl(a, x.den, -s) : x.den;
    nat_divmod(a, n, d, &q, &r);
  }
  base = x.exp - s;
  int64_t L = base + nat_bitlen(q) - prec;
  if (L < minexp) L = minexp;
  int64_t drop = L - base;
  if (drop > nat_bitlen(q) + 1) {
    *mant = (Nat){NULL, 0};
    *lsb = L;
    return;
  }
  bool half = nat_bit(q, drop - 1), sticky = !nat_is_zero(r) || nat_low_bits_nonzero(q, drop - 1);
  Nat m = nat_shr(a, q, drop);
  if (half && (sticky || nat_bit(m, 0))) m = nat_add(a, m, nat_one);
  if (nat_bitlen(m) > prec) {
    m = nat_shr(a, m, 1);
    L++;
  }
  *mant = m;
  *lsb = L;
}

double rat_to_double(Arena *a, Rat x, bool f32) {
  if (rat_is_zero(x)) return 0;
  Nat m;
  int64_t lsb;
  rat_round(a, x, f32 ? 24 : 53, f32 ? -149 : -1074, &m, &lsb);
  double d;
  if (nat_bitlen(m) + lsb > (f32 ? 128 : 1024)) d = INFINITY;
  else d = nat_is_zero(m) ? 0 : ldexp((double)m.w[0], (int)lsb);
  return x.neg ? -d : d;
}

/* ---- literals -------------------------------------------------------------------------------- */

/* Significant mantissa digits kept exactly; later ones only count as a sticky digit. */
#define LIT_MAXDIGITS 20000
/* Decimal exponents up to this build 5^|e| exactly; beyond, the value is rounded anyway. */
#define LIT_EXACT_POW10 1400
#define POW5_PREC 640

static int digitval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return 99;
}

static void truncate_to(Arena *a, Nat *x, int64_t *e, int64_t prec) {
  int64_t k = nat_bitlen(*x) - prec;
  if (k > 0) {
    *x = nat_shr(a, *x, k);
    *e += k;
  }
}
/* 5^e ≈ *m·2^*e2, to about POW5_PREC-8 correct bits. */
static void pow5_approx(Arena *a, uint64_t e, Nat *m, int64_t *e2) {
  Nat r = nat_one, b = nat_u64(a, 5);
  int64_t re = 0, be = 0;
  for (; e; e >>= 1) {
    if (e & 1) {
      r = nat_mul(a, r, b);
      re += be;
      truncate_to(a, &r, &re, POW5_PREC);
    }
    if (e > 1) {
      b = nat_mul(a, b, b);
      be *= 2;
      truncate_to(a, &b, &be, POW5_PREC);
    }
  }
  *m = r;
  *e2 = re;
}

bool rat_parse(Arena *a, const char *s, size_t n, Rat *out) {
  int base = 10, chunkmax = 19;
  size_t i = 0;
  if (n >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') base = 16, chunkmax = 15, i = 2;
  Nat m = {NULL, 0};
  uint64_t chunk = 0, chunkmul = 1;
  int chunkdigits = 0;
  int64_t scale = 0, sig = 0; /* value = m·base^scale·(2 or 10)^exp */
  bool frac = false, any = false, sticky = false;
  for (; i < n; i++) {
    char c = s[i];
    if (c == '_') continue;
    if (c == '.') {
      if (frac) return false;
      frac = true;
      continue;
    }
    if ((c | 0x20) == (base == 10 ? 'e' : 'p')) break;
    int d = digitval(c);
    if (d >= base) return false;
    any = true;
    if (sig >= LIT_MAXDIGITS) {
      sticky |= d != 0;
      if (!frac) scale++;
      continue;
    }
    if (sig || d) sig++;
    if (frac) scale--;
    chunk = chunk * (uint64_t)base + (uint64_t)d;
    chunkmul *= (uint64_t)base;
    if (++chunkdigits == chunkmax) {
      m = nat_mul_add_small(a, m, chunkmul, chunk);
      chunk = 0, chunkmul = 1, chunkdigits = 0;
    }
  }
  if (!any) return false;
  if (chunkdigits) m = nat_mul_add_small(a, m, chunkmul, chunk);
  if (sticky) {
    m = nat_mul_add_small(a, m, (uint64_t)base, 1);
    scale--;
  }
  int64_t e = 0;
  if (i < n) {
    bool eneg = false, edigit = false;
    if (++i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    for (; i < n; i++) {
      if (s[i] == '_') continue;
      if (s[i] < '0' || s[i] > '9') return false;
      edigit = true;
      if (e < 1000000000000LL) e = e * 10 + (s[i] - '0');
    }
    if (!edigit) return false;
    if (eneg) e = -e;
  }
  if (nat_is_zero(m)) {
    *out = rat_zero();
    return true;
  }
  if (base == 16) return make(a, false, m, nat_one, 4 * scale + e, false, out);
  int64_t d = scale + e; /* value = m·10^d */
  double est = (double)nat_bitlen(m) + (double)d * 3.321928094887362;
  if (est > (double)RAT_MAXEXP + 64) return false;
  if (est < -(double)RAT_MAXEXP - 64) {
    *out = rat_zero();
    return true;
  }
  uint64_t ad = d < 0 ? (uint64_t)-d : (uint64_t)d;
  Nat p;
  int64_t pe = 0;
  if (ad <= LIT_EXACT_POW10) p = nat_pow_small(a, 5, ad);
  else pow5_approx(a, ad, &p, &pe);
  if (d >= 0) return make(a, false, nat_mul(a, m, p), nat_one, d + pe, pe != 0, out);
  return make(a, false, m, p, d - pe, pe != 0, out);
}

/* ---- formatting ------------------------------------------------------------------------------ */

void rat_format(Arena *a, Rat x, char *buf, size_t n) {
  double d = rat_to_double(a, x, false);
  if ((d == 0) == rat_is_zero(x) && !isinf(d)) {
    snprintf(buf, n, "%.6g", d);
    return;
  }
  /* Outside float64's range: |x| = mant·2^exp with 0.5 <= mant < 1, then a decimal exponent
   * estimated from exp, as go/constant does. */
  Nat m;
  int64_t lsb;
  rat_round(a, (Rat){false, false, x.exp, x.num, x.den}, 53, INT64_MIN / 4, &m, &lsb);
  double mant = ldexp((double)m.w[0], -(int)nat_bitlen(m));
  int64_t exp = lsb + nat_bitlen(m);
  if (x.neg) mant = -mant;
  double dexp = (double)exp * 0.30102999566398119521373889472449302676818988146210854131;
  int64_t e = (int64_t)dexp;
  mant *= pow(10, dexp - (double)e);
  double am = fabs(mant);
  if (am < 1 - 0.5e-6) {
    mant *= 10;
    e--;
  } else if (am >= 10) {
    mant /= 10;
    e++;
  }
  snprintf(buf, n, "%.6ge%+lld", mant, (long long)e);
}

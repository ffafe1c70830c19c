/* Arbitrary-size natural numbers (see bignat.h). */
#include "lang/bignat.h"

#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

static uint64_t *limbs(Arena *a, int64_t n) {
  return n > 0 ? arena_alloc(a, (size_t)n * sizeof(uint64_t)) : NULL;
}
/* The Nat over w[0..n), trimmed of high zero limbs. */
static Nat trimmed(uint64_t *w, int64_t n) {
  while (n > 0 && w[n - 1] == 0) n--;
  return (Nat){n ? w : NULL, (int32_t)n};
}

Nat nat_u64(Arena *a, uint64_t v) {
  if (!v) return (Nat){NULL, 0};
  uint64_t *w = limbs(a, 1);
  w[0] = v;
  return (Nat){w, 1};
}
Nat nat_from_limbs(Arena *a, const uint64_t *src, int32_t n) {
  uint64_t *w = limbs(a, n);
  if (n > 0) memcpy(w, src, (size_t)n * sizeof *w);
  return trimmed(w, n);
}
int64_t nat_bitlen(Nat x) { return x.n ? (int64_t)x.n * 64 - __builtin_clzll(x.w[x.n - 1]) : 0; }
int64_t nat_trailing_zeros(Nat x) {
  int64_t i = 0;
  while (x.w[i] == 0) i++;
  return i * 64 + __builtin_ctzll(x.w[i]);
}
bool nat_bit(Nat x, int64_t i) { return i >= 0 && i / 64 < x.n && ((x.w[i / 64] >> (i % 64)) & 1); }
bool nat_low_bits_nonzero(Nat x, int64_t k) {
  for (int64_t i = 0; i < x.n && i * 64 < k; i++) {
    uint64_t m = k - i * 64 >= 64 ? ~0ull : (1ull << (k - i * 64)) - 1;
    if (x.w[i] & m) return true;
  }
  return false;
}
static int limbs_cmp(const uint64_t *x, int64_t xn, const uint64_t *y, int64_t yn) {
  if (xn != yn) return xn < yn ? -1 : 1;
  for (int64_t i = xn - 1; i >= 0; i--)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}
int nat_cmp(Nat x, Nat y) { return limbs_cmp(x.w, x.n, y.w, y.n); }

Nat nat_add(Arena *a, Nat x, Nat y) {
  if (x.n < y.n) { Nat t = x; x = y; y = t; }
  uint64_t *w = limbs(a, x.n + 1);
  u128 c = 0;
  for (int64_t i = 0; i < x.n; i++) {
    c += (u128)x.w[i] + (i < y.n ? y.w[i] : 0);
    w[i] = (uint64_t)c;
    c >>= 64;
  }
  w[x.n] = (uint64_t)c;
  return trimmed(w, x.n + 1);
}
/* x -= y in place over xn limbs (x >= y). */
static void limbs_sub(uint64_t *x, int64_t xn, const uint64_t *y, int64_t yn) {
  uint64_t borrow = 0;
  for (int64_t i = 0; i < xn; i++) {
    uint64_t yi = i < yn ? y[i] : 0;
    if (i >= yn && !borrow) break;
    uint64_t d = x[i] - yi - borrow;
    borrow = x[i] < yi || x[i] - yi < borrow;
    x[i] = d;
  }
}
Nat nat_sub(Arena *a, Nat x, Nat y) {
  uint64_t *w = limbs(a, x.n);
  if (x.n > 0) memcpy(w, x.w, (size_t)x.n * sizeof *w);
  limbs_sub(w, x.n, y.w, y.n);
  return trimmed(w, x.n);
}
Nat nat_mul(Arena *a, Nat x, Nat y) {
  if (!x.n || !y.n) return (Nat){NULL, 0};
  int64_t n = (int64_t)x.n + y.n;
  uint64_t *w = limbs(a, n);
  memset(w, 0, (size_t)n * sizeof *w);
  for (int64_t i = 0; i < x.n; i++) {
    u128 c = 0;
    for (int64_t j = 0; j < y.n; j++) {
      c += (u128)x.w[i] * y.w[j] + w[i + j];
      w[i + j] = (uint64_t)c;
      c >>= 64;
    }
    w[i + y.n] = (uint64_t)c;
  }
  return trimmed(w, n);
}
Nat nat_mul_add_small(Arena *a, Nat x, uint64_t m, uint64_t add) {
  uint64_t *w = limbs(a, x.n + 1);
  u128 c = add;
  for (int64_t i = 0; i < x.n; i++) {
    c += (u128)x.w[i] * m;
    w[i] = (uint64_t)c;
    c >>= 64;
  }
  w[x.n] = (uint64_t)c;
  return trimmed(w, x.n + 1);
}
/* w[0..xn+s/64] = x << s, for s < 64 per limb step; w must hold xn + ws + 1 limbs. */
static void limbs_shl(uint64_t *w, const uint64_t *x, int64_t xn, int64_t s) {
  int64_t ws = s / 64, bs = s % 64;
  memset(w, 0, (size_t)(xn + ws + 1) * sizeof *w);
  for (int64_t i = 0; i < xn; i++) {
    w[i + ws] |= x[i] << bs;
    if (bs) w[i + ws + 1] = x[i] >> (64 - bs);
  }
}
Nat nat_shl(Arena *a, Nat x, int64_t s) {
  if (!x.n || !s) return x;
  int64_t n = x.n + s / 64 + 1;
  uint64_t *w = limbs(a, n);
  limbs_shl(w, x.w, x.n, s);
  return trimmed(w, n);
}
/* x >>= s in place; returns the new length. */
static int64_t limbs_shr(uint64_t *x, int64_t xn, int64_t s) {
  int64_t ws = s / 64, bs = s % 64;
  if (ws >= xn) return 0;
  for (int64_t i = 0; i + ws < xn; i++) {
    uint64_t lo = x[i + ws], hi = i + ws + 1 < xn ? x[i + ws + 1] : 0;
    x[i] = bs ? (lo >> bs) | (hi << (64 - bs)) : lo;
  }
  xn -= ws;
  while (xn > 0 && x[xn - 1] == 0) xn--;
  return xn;
}
Nat nat_shr(Arena *a, Nat x, int64_t s) {
  if (!x.n || !s) return x;
  if (s / 64 >= x.n) return (Nat){NULL, 0};
  uint64_t *w = limbs(a, x.n);
  memcpy(w, x.w, (size_t)x.n * sizeof *w);
  return trimmed(w, limbs_shr(w, x.n, s));
}

/* Long division (Knuth, TAOCP 4.3.1 algorithm D) on normalised operands: the divisor is shifted
 * so its top limb has its high bit set, which bounds each estimated quotient limb's error by 2. */
void nat_divmod(Arena *a, Nat x, Nat y, Nat *q, Nat *r) {
  if (nat_cmp(x, y) < 0) {
    if (q) *q = (Nat){NULL, 0};
    if (r) *r = x;
    return;
  }
  if (y.n == 1) {
    uint64_t *qw = limbs(a, x.n);
    u128 rem = 0;
    for (int64_t i = x.n - 1; i >= 0; i--) {
      rem = (rem << 64) | x.w[i];
      qw[i] = (uint64_t)(rem / y.w[0]);
      rem %= y.w[0];
    }
    if (q) *q = trimmed(qw, x.n);
    if (r) *r = nat_u64(a, (uint64_t)rem);
    return;
  }
  int64_t n = y.n, m = x.n - y.n, s = __builtin_clzll(y.w[n - 1]);
  uint64_t *v = limbs(a, n + 1), *u = limbs(a, x.n + 1), *qw = limbs(a, m + 1);
  limbs_shl(v, y.w, n, s);
  limbs_shl(u, x.w, x.n, s);
  for (int64_t j = m; j >= 0; j--) {
    u128 num = ((u128)u[j + n] << 64) | u[j + n - 1];
    u128 qhat = num / v[n - 1], rhat = num % v[n - 1];
    while (qhat >> 64 || qhat * v[n - 2] > ((rhat << 64) | u[j + n - 2])) {
      qhat--;
      rhat += v[n - 1];
      if (rhat >> 64) break;
    }
    uint64_t carry = 0, borrow = 0;
    for (int64_t i = 0; i <= n; i++) {
      uint64_t plo = carry;
      if (i < n) {
        u128 p = qhat * v[i] + carry;
        carry = (uint64_t)(p >> 64);
        plo = (uint64_t)p;
      }
      uint64_t ui = u[i + j], d = ui - plo - borrow;
      borrow = ui < plo || ui - plo < borrow;
      u[i + j] = d;
    }
    if (borrow) { /* qhat was one too large: add the divisor back */
      qhat--;
      u128 c = 0;
      for (int64_t i = 0; i < n; i++) {
        c += (u128)u[i + j] + v[i];
        u[i + j] = (uint64_t)c;
        c >>= 64;
      }
      u[j + n] += (uint64_t)c;
    }
    qw[j] = (uint64_t)qhat;
  }
  if (q) *q = trimmed(qw, m + 1);
  if (r) *r = trimmed(u, limbs_shr(u, n, s));
}

/* Binary gcd: both stay odd, so each subtraction leaves an even difference whose trailing zeros
 * are shifted out; every step removes at least one bit. */
Nat nat_gcd_odd(Arena *a, Nat x, Nat y) {
  if (nat_is_one(x) || nat_is_one(y)) return nat_u64(a, 1);
  uint64_t *p = malloc((size_t)(x.n + y.n) * sizeof *p), *q = p + x.n;
  memcpy(p, x.w, (size_t)x.n * sizeof *p);
  memcpy(q, y.w, (size_t)y.n * sizeof *q);
  int64_t pn = x.n, qn = y.n;
  for (;;) {
    int c = limbs_cmp(p, pn, q, qn);
    if (c == 0) break;
    uint64_t *big = c > 0 ? p : q, *small = c > 0 ? q : p;
    int64_t *bn = c > 0 ? &pn : &qn, sn = c > 0 ? qn : pn;
    limbs_sub(big, *bn, small, sn);
    int64_t n = *bn;
    while (n > 0 && big[n - 1] == 0) n--;
    *bn = limbs_shr(big, n, nat_trailing_zeros((Nat){big, (int32_t)n}));
  }
  Nat g = nat_from_limbs(a, p, (int32_t)pn);
  free(p);
  return g;
}

Nat nat_pow_small(Arena *a, uint64_t base, uint64_t e) {
  Nat r = nat_u64(a, 1), b = nat_u64(a, base);
  for (; e; e >>= 1) {
    if (e & 1) r = nat_mul(a, r, b);
    if (e > 1) b = nat_mul(a, b, b);
  }
  return r;
}

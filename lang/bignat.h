/* Arbitrary-size natural numbers for exact constant arithmetic (const_rat.c).
 *
 * A Nat is an immutable little-endian array of 64-bit limbs allocated in a compilation's arena:
 * n is the number of limbs and w[n-1] != 0, so zero is n == 0 (w may then be NULL). Every
 * operation returns a new Nat and never modifies its operands. Sizes are not capped here: the
 * callers (const_rat.c) keep operands below a few thousand bits, so the quadratic algorithms
 * (schoolbook multiplication, Knuth's long division, binary gcd) stay fast. */
#ifndef GOL_LANG_BIGNAT_H
#define GOL_LANG_BIGNAT_H

#include <stdbool.h>
#include <stdint.h>
#include "lang/source.h"

typedef struct Nat {
  const uint64_t *w;
  int32_t n;
} Nat;

Nat nat_u64(Arena *a, uint64_t v);
Nat nat_from_limbs(Arena *a, const uint64_t *w, int32_t n); /* copies; trailing zero limbs dropped */
static inline bool nat_is_zero(Nat x) { return x.n == 0; }
static inline bool nat_is_one(Nat x) { return x.n == 1 && x.w[0] == 1; }
int64_t nat_bitlen(Nat x);
int64_t nat_trailing_zeros(Nat x); /* x != 0 */
bool nat_bit(Nat x, int64_t i);
bool nat_low_bits_nonzero(Nat x, int64_t k); /* any of bits 0..k-1 set */
int nat_cmp(Nat x, Nat y);
Nat nat_add(Arena *a, Nat x, Nat y);
Nat nat_sub(Arena *a, Nat x, Nat y); /* x >= y */
Nat nat_mul(Arena *a, Nat x, Nat y);
Nat nat_mul_add_small(Arena *a, Nat x, uint64_t m, uint64_t add); /* x*m + add */
Nat nat_shl(Arena *a, Nat x, int64_t s);
Nat nat_shr(Arena *a, Nat x, int64_t s);
/* Quotient and remainder (y != 0); q or r may be NULL. */
void nat_divmod(Arena *a, Nat x, Nat y, Nat *q, Nat *r);
/* Greatest common divisor of two odd numbers. */
Nat nat_gcd_odd(Arena *a, Nat x, Nat y);
/* x^e for a small base. */
Nat nat_pow_small(Arena *a, uint64_t base, uint64_t e);

#endif

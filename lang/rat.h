/* Exact rationals for untyped float and complex constants (Go's go/constant ratVal/floatVal).
 *
 * A Rat is ±num/den·2^exp, normalised: num and den odd and coprime (powers of two live in exp),
 * and zero is num = 0, den = 1, exp = 0, neg = false (so there is no -0, as in go/constant).
 * Arithmetic is exact while the value, written as a plain fraction, has a numerator and a
 * denominator below RAT_MAXBITS bits (Go's maxExp: 4096). A result beyond that is rounded to
 * RAT_PREC significant bits (half to even) and marked approx: Go switches to a 512-bit big.Float
 * (floatVal) and never goes back, so an operation with an approx operand rounds both operands and
 * its result to RAT_PREC bits, as big.Float arithmetic does. The binary magnitude is limited as big.Float's is:
 * above 2^RAT_MAXEXP an operation fails (Go: "constant result is not representable"), below
 * 2^-RAT_MAXEXP a value underflows to 0. Where one addend is more than RAT_NEGLIGIBLE bits smaller
 * than the other, the sum is the larger addend (an approximation only reachable with values far
 * outside any float type's range). Everything is allocated in the caller's arena. */
#ifndef GOL_LANG_RAT_H
#define GOL_LANG_RAT_H

#include "lang/bignat.h"

#define RAT_MAXBITS 4096
#define RAT_PREC 512
#define RAT_MAXEXP 2147483647LL
#define RAT_NEGLIGIBLE (3 * RAT_MAXBITS)

typedef struct Rat {
  bool neg;
  bool approx; /* a 512-bit float (go/constant's floatVal), not an exact fraction */
  int64_t exp;
  Nat num, den;
} Rat;

Rat rat_zero(void);
Rat rat_from_nat(Arena *a, bool neg, Nat mag); /* ±mag, an integer */
Rat rat_from_double(Arena *a, double d);       /* d finite */
Rat rat_to_float(Arena *a, Rat x);             /* x rounded to RAT_PREC bits, approx */
static inline bool rat_is_zero(Rat x) { return x.num.n == 0; }
static inline int rat_sign(Rat x) { return rat_is_zero(x) ? 0 : x.neg ? -1 : 1; }
static inline Rat rat_neg(Rat x) {
  if (!rat_is_zero(x)) x.neg = !x.neg;
  return x;
}
/* Whether x is an integer (then den = 1 and exp >= 0: |x| = num·2^exp). */
bool rat_is_int(Rat x);

/* Arithmetic; false when the result's magnitude exceeds 2^RAT_MAXEXP. rat_quo needs y != 0. */
bool rat_add(Arena *a, Rat x, Rat y, Rat *out);
bool rat_sub(Arena *a, Rat x, Rat y, Rat *out);
bool rat_mul(Arena *a, Rat x, Rat y, Rat *out);
bool rat_quo(Arena *a, Rat x, Rat y, Rat *out);
int rat_cmp(Arena *a, Rat x, Rat y);
/* Equal values (approx or not). */
static inline bool rat_equal(Rat x, Rat y) {
  return x.neg == y.neg && x.exp == y.exp && nat_cmp(x.num, y.num) == 0 && nat_cmp(x.den, y.den) == 0;
}

/* |x| (nonzero) rounded half-to-even to prec significant bits and to a multiple of 2^minexp:
 * |x| ≈ *mant·2^*lsb with *mant < 2^prec (*mant may be 0 when |x| < 2^(minexp-1)). */
void rat_round(Arena *a, Rat x, int prec, int64_t minexp, Nat *mant, int64_t *lsb);
/* x correctly rounded to float64 (or float32 when f32): ±Inf when it overflows the type. */
double rat_to_double(Arena *a, Rat x, bool f32);

/* Parses a float literal (decimal or 0x hex, '_' separators, no 'i'); false when malformed or
 * beyond 2^RAT_MAXEXP. */
bool rat_parse(Arena *a, const char *s, size_t n, Rat *out);
/* go/constant's String of a float: %.6g of the float64 value, or an approximate decimal
 * mantissa and exponent outside float64's range. */
void rat_format(Arena *a, Rat x, char *buf, size_t n);

#endif

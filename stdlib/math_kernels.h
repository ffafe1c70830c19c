/* Go's own elementary functions (stdlib/math_kernels.c), bit for bit what Go 1.19 returns on
 * amd64: the pure-Go algorithms of package math (Cephes and FreeBSD msun based) and the amd64
 * assembly ones (Exp, Log, Hypot). The C library's versions round differently in the last bit
 * for many arguments, which shows when a result is printed with full precision. */
#ifndef GOL_STDLIB_MATH_KERNELS_H
#define GOL_STDLIB_MATH_KERNELS_H

#include <stdint.h>
#include <string.h>

/* Go's math.Float64frombits / Float64bits. */
static inline double f64_from_bits(uint64_t u) {
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}
static inline uint64_t f64_bits(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}

double go_exp(double x);
double go_exp2(double x);
double go_expm1(double x);
double go_log(double x);
double go_log2(double x);
double go_log10(double x);
double go_log1p(double x);
double go_pow(double x, double y);
double go_hypot(double p, double q);
double go_sin(double x);
double go_cos(double x);
double go_tan(double x);
double go_asin(double x);
double go_acos(double x);
double go_atan(double x);
double go_atan2(double y, double x);
double go_sinh(double x);
double go_cosh(double x);
double go_tanh(double x);
double go_asinh(double x);
double go_acosh(double x);
double go_atanh(double x);
double go_mod(double x, double y);
double go_remainder(double x, double y);
double go_ldexp(double frac, int exp);
double go_modf(double f, double *frac);

#endif

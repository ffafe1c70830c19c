/* Natives of package math (stdlib/math.gol): Go's own algorithms (math_kernels.c, and Cbrt here)
 * where the C library rounds differently; the C library where it is exact (Sqrt, Floor, Ceil,
 * Trunc, Round, Mod, Remainder, Nextafter). */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "stdlib/math_kernels.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"

/* Go's own Cbrt (math/cbrt.go, from FreeBSD's s_cbrt.c): glibc's cbrt is not correctly rounded
 * and differs from Go even for perfect cubes (cbrt(27) = 3.0000000000000004). */
static double go_cbrt(double x) {
  const uint64_t B1 = 715094163, B2 = 696219795;
  const double C = 5.42857142857142815906e-01, D = -7.05306122448979611050e-01,
               E = 1.41428571428571436819e+00, F = 1.60714285714285720630e+00,
               G = 3.57142857142857150787e-01, SmallestNormal = 2.22507385850720138309e-308;
  if (x == 0 || isnan(x) || isinf(x)) return x;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  double t = f64_from_bits(f64_bits(x) / 3 + (B1 << 32));
  if (x < SmallestNormal) {
    t = (double)(1ULL << 54);
    t *= x;
    t = f64_from_bits(f64_bits(t) / 3 + (B2 << 32));
  }
  double r = t * t / x;
  double s = C + r * t;
  t *= G + F / (s + E + D / s);
  t = f64_from_bits((f64_bits(t) & (0xFFFFFFFFCULL << 28)) + (1ULL << 30));
  s = t * t;
  r = x / s;
  double w = t + t;
  r = (r - t) / (w + r);
  t = t + t * r;
  return sign ? -t : t;
}

#define UNARY(name, expr)                                                                         \
  static void math_##name(VMThread *th, Slot *args, Slot *res) {                                  \
    double x = arg_f64(args);                                                                     \
    ret_f64(res, (expr));                                                                         \
  }
#define BINARY(name, expr)                                                                        \
  static void math_##name(VMThread *th, Slot *args, Slot *res) {                                  \
    double x = arg_f64(args), y = arg_f64(args + 1);                                              \
    ret_f64(res, (expr));                                                                         \
  }

UNARY(Sqrt, sqrt(x))
UNARY(Floor, floor(x))
UNARY(Ceil, ceil(x))
UNARY(Trunc, trunc(x))
UNARY(Round, round(x))
UNARY(RoundToEven, nearbyint(x)) /* the default rounding mode is to nearest, ties to even */
UNARY(Log, go_log(x))
UNARY(Log2, go_log2(x))
UNARY(Log10, go_log10(x))
UNARY(Log1p, go_log1p(x))
UNARY(Exp, go_exp(x))
UNARY(Exp2, go_exp2(x))
UNARY(Expm1, go_expm1(x))
UNARY(Sin, go_sin(x))
UNARY(Cos, go_cos(x))
UNARY(Tan, go_tan(x))
UNARY(Asin, go_asin(x))
UNARY(Acos, go_acos(x))
UNARY(Atan, go_atan(x))
UNARY(Sinh, go_sinh(x))
UNARY(Cosh, go_cosh(x))
UNARY(Tanh, go_tanh(x))
UNARY(Asinh, go_asinh(x))
UNARY(Acosh, go_acosh(x))
UNARY(Atanh, go_atanh(x))
UNARY(Cbrt, go_cbrt(x))
BINARY(Atan2, go_atan2(x, y))
BINARY(Hypot, go_hypot(x, y))
BINARY(Mod, go_mod(x, y))
BINARY(Remainder, go_remainder(x, y))
BINARY(Nextafter, nextafter(x, y))

BINARY(Pow, go_pow(x, y))

static void math_Float64bits(VMThread *th, Slot *args, Slot *res) { res[0] = args[0]; }
static void math_Float64frombits(VMThread *th, Slot *args, Slot *res) { res[0] = args[0]; }
static void math_Float32bits(VMThread *th, Slot *args, Slot *res) { res[0] = args[0] & 0xFFFFFFFFu; }
static void math_Float32frombits(VMThread *th, Slot *args, Slot *res) {
  res[0] = args[0] & 0xFFFFFFFFu;
}

static void math_Frexp(VMThread *th, Slot *args, Slot *res) {
  double f = arg_f64(args);
  int e = 0;
  double frac = (f == 0 || isinf(f) || isnan(f)) ? f : frexp(f, &e);
  ret_f64(res, frac);
  res[1] = (Slot)(int64_t)e;
}

/* Also fmt's ldexp (stdlib/fmt.c), so that fmt need not import math. */
void math_Ldexp(VMThread *th, Slot *args, Slot *res);
void math_Ldexp(VMThread *th, Slot *args, Slot *res) {
  int64_t e = (int64_t)args[1];
  if (e > 100000) e = 100000;
  if (e < -100000) e = -100000;
  ret_f64(res, go_ldexp(arg_f64(args), (int)e));
}

static void math_Modf(VMThread *th, Slot *args, Slot *res) {
  double frac, ip = go_modf(arg_f64(args), &frac);
  ret_f64(res, ip);
  ret_f64(res + 1, frac);
}

#define N(name) {#name, (void *)math_##name}
const StdNative stdlib_math_natives[] = {
    N(Sqrt), N(Pow), N(Floor), N(Ceil), N(Trunc), N(Round), N(RoundToEven), N(Mod),
    N(Remainder), N(Log), N(Log2), N(Log10), N(Log1p), N(Exp), N(Exp2), N(Expm1), N(Sin), N(Cos),
    N(Tan), N(Asin), N(Acos), N(Atan), N(Atan2), N(Sinh), N(Cosh), N(Tanh), N(Asinh), N(Acosh),
    N(Atanh), N(Hypot), N(Cbrt), N(Float64bits), N(Float64frombits), N(Float32bits),
    N(Float32frombits), N(Frexp), N(Ldexp), N(Modf), N(Nextafter),
    {NULL, NULL},
};

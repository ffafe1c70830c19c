/* Go 1.19's elementary functions on amd64, operation for operation (see math_kernels.h): every
 * expression keeps Go's evaluation order and rounding steps (no fused multiply-add except where
 * Go's assembly uses one), and constants that Go computes exactly (4/Pi, 1/Ln10, ...) are
 * written as the float64 Go rounds them to. */
#include "stdlib/math_kernels.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>


/* Go's NaN(): its payload differs from C's NAN (Float64bits shows it). */
#define GO_NAN f64_from_bits(0x7FF8000000000001ULL)

#define PI_2 0x1.921fb54442d18p+0      /* Pi/2 */
#define PI_4 0x1.921fb54442d18p-1      /* Pi/4 */
#define PI_3_4 0x1.2d97c7f3321d2p+1    /* 3*Pi/4 rounded once */
#define FOUR_OVER_PI 0x1.45f306dc9c883p+0
#define INV_LN2 0x1.71547652b82fep+0   /* 1/Ln2 */
#define INV_LN10 0x1.bcb7b1526e50ep-2  /* 1/Ln10 (C's 1/M_LN10 is one ulp lower) */
#define LN2 0x1.62e42fefa39efp-1
#define LN2_HI 6.93147180369123816490e-01 /* 0x3fe62e42fee00000 */
#define LN2_LO 1.90821492927058770002e-10 /* 0x3dea39ef35793c76 */

/* ---- scaling ------------------------------------------------------------------------------ */

/* Go's Ldexp: exact scaling with one rounding for subnormal results, but 0 below 2**-1075. */
/* Go's Mod and Remainder special cases (the values themselves are exact, as C's). */
double go_mod(double x, double y) {
  if (y == 0 || isinf(x) || isnan(x) || isnan(y)) return GO_NAN;
  return fmod(x, y);
}

double go_remainder(double x, double y) {
  if (isnan(x) || isnan(y) || isinf(x) || y == 0) return GO_NAN;
  return remainder(x, y);
}

double go_ldexp(double frac, int exp) {
  if (frac == 0 || isinf(frac) || isnan(frac)) return frac;
  if (fabs(frac) < 0x1p-1022) { /* normalize a subnormal */
    frac *= 0x1p52;
    exp -= 52;
  }
  uint64_t x = f64_bits(frac);
  long e = (long)exp + (long)((x >> 52) & 0x7ff) - 1023;
  if (e < -1075) return copysign(0, frac);
  if (e > 1023) return frac < 0 ? -INFINITY : INFINITY;
  double m = 1;
  if (e < -1022) {
    e += 53;
    m = 0x1p-53;
  }
  x &= ~(0x7ffULL << 52);
  x |= (uint64_t)(e + 1023) << 52;
  return m * f64_from_bits(x);
}

/* Go's Modf: Modf(±Inf) = (±Inf, NaN), and -0 keeps its sign in both parts. */
double go_modf(double f, double *frac) {
  if (f < 1) {
    if (f < 0) {
      double fr, ip = go_modf(-f, &fr);
      *frac = -fr;
      return -ip;
    }
    if (f == 0) {
      *frac = f;
      return f;
    }
    *frac = f;
    return 0;
  }
  uint64_t x = f64_bits(f);
  unsigned e = (unsigned)((x >> 52) & 0x7ff) - 1023;
  if (e < 64 - 12) x &= ~((1ULL << (64 - 12 - e)) - 1);
  double ip = f64_from_bits(x);
  *frac = f - ip;
  return ip;
}

/* ---- exponentials and logarithms ---------------------------------------------------------- */

/* Go's amd64 assembly Exp: x = k*ln2 + r, then exp(r/16) by a Taylor polynomial squared four
 * times. Go takes a fused multiply-add path on CPUs with AVX and FMA (every x86-64 CPU of the
 * last decade) and separate roundings elsewhere; gol always follows the FMA path (C's fma() is
 * exact with or without the instruction), so its results do not depend on the machine. */
double go_exp(double x) {
  static const double c[] = {2.4801587301587301587e-5, 1.9841269841269841270e-4,
                             1.3888888888888888889e-3, 8.3333333333333333333e-3,
                             4.1666666666666666667e-2, 1.6666666666666666667e-1, 0.5, 1.0};
  const double ln2u = 0.69314718055966295651160180568695068359375;
  const double ln2l = 0.28235290563031577122588448175013436025525412068e-12;
  uint64_t bx = f64_bits(x);
  if ((bx & ~(1ULL << 63)) >= 0x7FF0000000000000ULL) /* NaN or ±Inf */
    return bx == 0xFFF0000000000000ULL ? 0 : x;
  if (x > 7.09782712893384e+02) return INFINITY;
  double t = 1.4426950408889634073599246810018920 * x;
  /* CVTSD2SL: round to nearest even; out of range gives the "integer indefinite" INT32_MIN. */
  int32_t k = (t > -2147483648.5 && t < 2147483647.5) ? (int32_t)nearbyint(t) : INT32_MIN;
  double kf = (double)k;
  double r = fma(-kf, ln2u, x);
  r = fma(-kf, ln2l, r);
  r *= 0.0625;
  double p = c[0];
  for (int i = 1; i < 8; i++) p = fma(p, r, c[i]);
  r *= p;
  for (int i = 0; i < 3; i++) r *= r + 2.0;
  r = fma(r, r + 2.0, 1.0);
  int32_t biased = (int32_t)((uint32_t)k + 0x3FF);
  if (biased <= 0) { /* subnormal result: scale in two steps */
    if (biased < -52) return 0;
    r *= f64_from_bits((uint64_t)(uint32_t)(biased + 0x3FE) << 52);
    biased = 1;
  } else if (biased >= 0x7FF) {
    return INFINITY;
  }
  return r * f64_from_bits((uint64_t)biased << 52);
}

/* expmulti: e**(hi-lo) * 2**k, for |hi-lo| <= ln2/2 (Go's exp.go, from FreeBSD e_exp.c). */
static double expmulti(double hi, double lo, int k) {
  const double P1 = 1.66666666666666657415e-01, P2 = -2.77777777770155933842e-03,
               P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
               P5 = 4.13813679705723846039e-08;
  double r = hi - lo;
  double t = r * r;
  double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  double y = 1 - ((lo - (r * c) / (2 - c)) - hi);
  return go_ldexp(y, k);
}

double go_exp2(double x) {
  if (isnan(x) || x == INFINITY) return x;
  if (x == -INFINITY) return 0;
  if (x > 1.0239999999999999e+03) return INFINITY;
  if (x < -1.0740e+03) return 0;
  int k = 0;
  if (x > 0) k = (int)(x + 0.5);
  else if (x < 0) k = (int)(x - 0.5);
  double t = x - (double)k;
  return expmulti(t * LN2_HI, -t * LN2_LO, k);
}

/* Go's amd64 assembly Log (FreeBSD e_log.c's polynomial): the exponent is read straight from
 * the bits, so subnormal arguments are not normalised first (as in Go). */
double go_log(double x) {
  const double L1 = 6.666666666666735130e-01, L2 = 3.999999999940941908e-01,
               L3 = 2.857142874366239149e-01, L4 = 2.222219843214978396e-01,
               L5 = 1.818357216161805012e-01, L6 = 1.531383769920937332e-01,
               L7 = 1.479819860511658591e-01;
  uint64_t bx = f64_bits(x);
  if ((bx & ~(1ULL << 63)) == 0) return -INFINITY;
  if ((int64_t)bx < 0) return GO_NAN;
  if (bx >= 0x7FF0000000000000ULL) return x;
  double f1 = f64_from_bits((bx & 0x000FFFFFFFFFFFFFULL) | 0x3FE0000000000000ULL);
  double k = (double)((int)((bx >> 52) & 0x7FF) - 0x3FE);
  double adj = f1 <= 7.07106781186547524401e-01 ? 1.0 : 0.0; /* f1 <= Sqrt2/2: k--, f1 *= 2 */
  k -= adj;
  f1 *= adj + 1.0;
  double f = f1 - 1.0;
  double s = f / (2.0 + f);
  double s2 = s * s;
  double s4 = s2 * s2;
  double t1 = s2 * (((L7 * s4 + L5) * s4 + L3) * s4 + L1);
  double t2 = s4 * ((L6 * s4 + L4) * s4 + L2);
  double R = t1 + t2;
  double hfsq = 0.5 * f * f;
  return k * LN2_HI - ((hfsq - (s * (hfsq + R) + k * LN2_LO)) - f);
}

double go_log10(double x) { return go_log(x) * INV_LN10; }

double go_log2(double x) {
  int e = 0;
  double frac = (x == 0 || isinf(x) || isnan(x)) ? x : frexp(x, &e);
  if (frac == 0.5) return (double)(e - 1);
  return go_log(frac) * INV_LN2 + (double)e;
}

/* Go's log1p.go (FreeBSD s_log1p.c). */
double go_log1p(double x) {
  const double Sqrt2M1 = 4.142135623730950488017e-01, Sqrt2HalfM1 = -2.928932188134524755992e-01,
               Lp1 = 6.666666666666735130e-01, Lp2 = 3.999999999940941908e-01,
               Lp3 = 2.857142874366239149e-01, Lp4 = 2.222219843214978396e-01,
               Lp5 = 1.818357216161805012e-01, Lp6 = 1.531383769920937332e-01,
               Lp7 = 1.479819860511658591e-01;
  if (x < -1 || isnan(x)) return GO_NAN;
  if (x == -1) return -INFINITY;
  if (x == INFINITY) return INFINITY;
  double absx = fabs(x), f = 0, c = 0;
  uint64_t iu = 0;
  int k = 1;
  if (absx < Sqrt2M1) {
    if (absx < 0x1p-29) {
      if (absx < 0x1p-54) return x;
      return x - x * x * 0.5;
    }
    if (x > Sqrt2HalfM1) {
      k = 0;
      f = x;
      iu = 1;
    }
  }
  if (k != 0) {
    double u;
    if (absx < 0x1p53) {
      u = 1.0 + x;
      iu = f64_bits(u);
      k = (int)((iu >> 52) - 1023);
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
      c /= u;
    } else {
      u = x;
      iu = f64_bits(u);
      k = (int)((iu >> 52) - 1023);
      c = 0;
    }
    iu &= 0x000fffffffffffffULL;
    if (iu < 0x0006a09e667f3bcdULL) {
      u = f64_from_bits(iu | 0x3ff0000000000000ULL);
    } else {
      k++;
      u = f64_from_bits(iu | 0x3fe0000000000000ULL);
      iu = (0x0010000000000000ULL - iu) >> 2;
    }
    f = u - 1.0;
  }
  double hfsq = 0.5 * f * f, R;
  double kf = (double)k;
  if (iu == 0) {
    if (f == 0) {
      if (k == 0) return 0;
      c += kf * LN2_LO;
      return kf * LN2_HI + c;
    }
    R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return kf * LN2_HI - ((R - (kf * LN2_LO + c)) - f);
  }
  double s = f / (2.0 + f);
  double z = s * s;
  R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return kf * LN2_HI - ((hfsq - (s * (hfsq + R) + (kf * LN2_LO + c))) - f);
}

/* Go's expm1.go (FreeBSD s_expm1.c). */
double go_expm1(double x) {
  const double Othreshold = 7.09782712893383973096e+02, Ln2X56 = 3.88162421113569373274e+01,
               Ln2HalfX3 = 1.03972077083991796413e+00, Ln2Half = 3.46573590279972654709e-01,
               InvLn2 = 1.44269504088896338700e+00, Q1 = -3.33333333333331316428e-02,
               Q2 = 1.58730158725481460165e-03, Q3 = -7.93650757867487942473e-05,
               Q4 = 4.00821782732936239552e-06, Q5 = -2.01099218183624371326e-07;
  if (x == INFINITY || isnan(x)) return x;
  if (x == -INFINITY) return -1;
  double absx = x;
  bool sign = false;
  if (x < 0) {
    absx = -absx;
    sign = true;
  }
  if (absx >= Ln2X56) {
    if (sign) return -1;
    if (absx >= Othreshold) return INFINITY;
  }
  double c = 0;
  int k = 0;
  if (absx > Ln2Half) {
    double hi, lo;
    if (absx < Ln2HalfX3) {
      hi = sign ? x + LN2_HI : x - LN2_HI;
      lo = sign ? -LN2_LO : LN2_LO;
      k = sign ? -1 : 1;
    } else {
      k = sign ? (int)(InvLn2 * x - 0.5) : (int)(InvLn2 * x + 0.5);
      double t = (double)k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (absx < 0x1p-54) {
    return x;
  }
  double hfx = 0.5 * x;
  double hxs = x * hfx;
  double r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  double t = 3 - r1 * hfx;
  double e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  e = (x * (e - c) - c);
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  uint64_t kexp = (uint64_t)(int64_t)k << 52;
  if (k <= -2 || k > 56) {
    double y = 1 - (e - x);
    return f64_from_bits(f64_bits(y) + kexp) - 1;
  }
  if (k < 20) {
    double tk = f64_from_bits(0x3ff0000000000000ULL - (0x20000000000000ULL >> k)); /* 1-2**-k */
    double y = tk - (e - x);
    return f64_from_bits(f64_bits(y) + kexp);
  }
  double tk = f64_from_bits((uint64_t)(0x3ff - k) << 52); /* 2**-k */
  double y = x - (e + tk);
  y++;
  return f64_from_bits(f64_bits(y) + kexp);
}

static bool is_odd_int(double x) {
  double xf, xi = go_modf(x, &xf);
  return xf == 0 && ((int64_t)xi & 1) == 1;
}

/* Go's pow.go: special cases, then repeated squaring of the frexp mantissa for the integer part
 * of y and Exp(yf*Log(x)) for the fraction. */
double go_pow(double x, double y) {
  if (y == 0 || x == 1) return 1;
  if (y == 1) return x;
  if (isnan(x) || isnan(y)) return GO_NAN;
  if (x == 0) {
    if (y < 0) return is_odd_int(y) ? copysign(INFINITY, x) : INFINITY;
    return is_odd_int(y) ? x : 0;
  }
  if (isinf(y)) {
    if (x == -1) return 1;
    if ((fabs(x) < 1) == (y > 0)) return 0;
    return INFINITY;
  }
  if (isinf(x)) {
    if (x < 0) return go_pow(1 / x, -y);
    return y < 0 ? 0 : INFINITY;
  }
  if (y == 0.5) return sqrt(x);
  if (y == -0.5) return 1 / sqrt(x);
  double yf, yi = go_modf(fabs(y), &yf);
  if (yf != 0 && x < 0) return GO_NAN;
  if (yi >= 0x1p63) {
    if (x == -1) return 1;
    if ((fabs(x) < 1) == (y > 0)) return 0;
    return INFINITY;
  }
  double a1 = 1.0;
  long ae = 0;
  if (yf != 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = go_exp(yf * go_log(x));
  }
  int xe0 = 0;
  double x1 = frexp(x, &xe0);
  long xe = xe0;
  for (int64_t i = (int64_t)yi; i != 0; i >>= 1) {
    if (xe < -(1 << 12) || (1 << 12) < xe) {
      ae += xe;
      break;
    }
    if ((i & 1) == 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2; /* xe may be negative: a left shift of it is undefined in C */
    if (x1 < .5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  if (ae > 100000) ae = 100000;
  if (ae < -100000) ae = -100000;
  return go_ldexp(a1, (int)ae);
}

/* Go's amd64 assembly Hypot: max * sqrt(1 + (min/max)**2). */
double go_hypot(double p, double q) {
  p = fabs(p);
  q = fabs(q);
  if (isinf(p) || isinf(q)) return INFINITY;
  if (isnan(p) || isnan(q)) return GO_NAN;
  if (p == 0 && q == 0) return 0;
  double hi = p > q ? p : q, lo = p > q ? q : p;
  lo /= hi;
  return hi * sqrt(lo * lo + 1.0);
}

/* ---- trigonometric ------------------------------------------------------------------------ */

/* Payne-Hanek reduction for |x| >= 2**29 (Go's trig_reduce.go): 4/Pi's bits. */
static const uint64_t mpi4[] = {
    0x0000000000000001, 0x45f306dc9c882a53, 0xf84eafa3ea69bb81, 0xb6c52b3278872083,
    0xfca2c757bd778ac3, 0x6e48dc74849ba5c0, 0x0c925dd413a32439, 0xfc3bd63962534e7d,
    0xd1046bea5d768909, 0xd338e04d68befc82, 0x7323ac7306a673e9, 0x3908bf177bf25076,
    0x3ff12fffbc0b301f, 0xde5e2316b414da3e, 0xda6cfd9e4f96136e, 0x9e8c7ecd3cbfd45a,
    0xea4f758fd7cbe2f6, 0x7a0e73ef14a525d4, 0xd7f6bf623f1aba10, 0xac06608df8f6d757,
};

#define REDUCE_THRESHOLD 0x1p29

/* Shifts with Go's semantics: a count of 64 or more gives 0. */
static uint64_t shl(uint64_t a, unsigned n) { return n < 64 ? a << n : 0; }
static uint64_t shr(uint64_t a, unsigned n) { return n < 64 ? a >> n : 0; }

static double trig_reduce(double x, uint64_t *octant) {
  if (x < PI_4) {
    *octant = 0;
    return x;
  }
  uint64_t ix = f64_bits(x);
  int exp = (int)((ix >> 52) & 0x7ff) - 1023 - 52;
  ix &= ~(0x7ffULL << 52);
  ix |= 1ULL << 52;
  unsigned digit = (unsigned)(exp + 61) / 64, shift = (unsigned)(exp + 61) % 64;
  uint64_t z0 = (mpi4[digit] << shift) | shr(mpi4[digit + 1], 64 - shift);
  uint64_t z1 = (mpi4[digit + 1] << shift) | shr(mpi4[digit + 2], 64 - shift);
  uint64_t z2 = (mpi4[digit + 2] << shift) | shr(mpi4[digit + 3], 64 - shift);
  unsigned __int128 p2 = (unsigned __int128)z2 * ix, p1 = (unsigned __int128)z1 * ix;
  uint64_t z2hi = (uint64_t)(p2 >> 64), z1hi = (uint64_t)(p1 >> 64), z1lo = (uint64_t)p1;
  uint64_t z0lo = z0 * ix;
  uint64_t lo = z1lo + z2hi;
  uint64_t hi = z0lo + z1hi + (lo < z1lo);
  uint64_t j = hi >> 61;
  hi = hi << 3 | lo >> 61;
  unsigned lz = hi ? (unsigned)__builtin_clzll(hi) : 64;
  uint64_t e = (uint64_t)(1023 - (lz + 1));
  hi = shl(hi, lz + 1) | shr(lo, 64 - (lz + 1));
  hi >>= 64 - 52;
  hi |= e << 52;
  double z = f64_from_bits(hi);
  if ((j & 1) == 1) {
    j++;
    j &= 7;
    z--;
  }
  *octant = j;
  return z * PI_4;
}

static const double sin_c[] = {1.58962301576546568060e-10, -2.50507477628578072866e-8,
                               2.75573136213857245213e-6,  -1.98412698295895385996e-4,
                               8.33333333332211858878e-3,  -1.66666666666666307295e-1};
static const double cos_c[] = {-1.13585365213876817300e-11, 2.08757008419747316778e-9,
                               -2.75573141792967388112e-7,  2.48015872888517045348e-5,
                               -1.38888888888730564116e-3,  4.16666666666665929218e-2};

/* Octant j (made even) and z = x - j*Pi/4 in extended precision, for 0 <= x. */
static double trig_octant(double x, uint64_t *octant) {
  const double PI4A = 7.85398125648498535156e-1, PI4B = 3.77489470793079817668e-8,
               PI4C = 2.69515142907905952645e-15;
  if (x >= REDUCE_THRESHOLD) return trig_reduce(x, octant);
  uint64_t j = (uint64_t)(x * FOUR_OVER_PI);
  double y = (double)j;
  if ((j & 1) == 1) {
    j++;
    y++;
  }
  *octant = j;
  return ((x - y * PI4A) - y * PI4B) - y * PI4C;
}

static double sin_poly(double z, double zz) {
  return z + z * zz * ((((((sin_c[0] * zz) + sin_c[1]) * zz + sin_c[2]) * zz + sin_c[3]) * zz +
                        sin_c[4]) * zz + sin_c[5]);
}
static double cos_poly(double zz) {
  return 1.0 - 0.5 * zz +
         zz * zz * ((((((cos_c[0] * zz) + cos_c[1]) * zz + cos_c[2]) * zz + cos_c[3]) * zz +
                     cos_c[4]) * zz + cos_c[5]);
}

double go_sin(double x) {
  if (x == 0 || isnan(x)) return x;
  if (isinf(x)) return GO_NAN;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  uint64_t j;
  double z = trig_octant(x, &j);
  if (x < REDUCE_THRESHOLD) j &= 7;
  if (j > 3) {
    sign = !sign;
    j -= 4;
  }
  double zz = z * z;
  double y = (j == 1 || j == 2) ? cos_poly(zz) : sin_poly(z, zz);
  return sign ? -y : y;
}

double go_cos(double x) {
  if (isnan(x) || isinf(x)) return GO_NAN;
  bool sign = false;
  x = fabs(x);
  uint64_t j;
  double z = trig_octant(x, &j);
  if (x < REDUCE_THRESHOLD) j &= 7;
  if (j > 3) {
    j -= 4;
    sign = !sign;
  }
  if (j > 1) sign = !sign;
  double zz = z * z;
  double y = (j == 1 || j == 2) ? sin_poly(z, zz) : cos_poly(zz);
  return sign ? -y : y;
}

double go_tan(double x) {
  static const double P[] = {-1.30936939181383777646e4, 1.15351664838587416140e6,
                             -1.79565251976484877988e7};
  static const double Q[] = {1.0, 1.36812963470692954678e4, -1.32089234440210967447e6,
                             2.50083801823357915839e7, -5.38695755929454629881e7};
  if (x == 0 || isnan(x)) return x;
  if (isinf(x)) return GO_NAN;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  uint64_t j;
  double z = trig_octant(x, &j); /* tan keeps j unreduced: only bit 1 matters */
  double zz = z * z, y;
  if (zz > 1e-14)
    y = z + z * (zz * (((P[0] * zz) + P[1]) * zz + P[2]) /
                 ((((zz + Q[1]) * zz + Q[2]) * zz + Q[3]) * zz + Q[4]));
  else
    y = z;
  if ((j & 2) == 2) y = -1 / y;
  return sign ? -y : y;
}

/* Cephes atan: xatan for [0, 0.66], satan reduces any non-negative argument into it. */
static double xatan(double x) {
  const double P0 = -8.750608600031904122785e-01, P1 = -1.615753718733365076637e+01,
               P2 = -7.500855792314704667340e+01, P3 = -1.228866684490136173410e+02,
               P4 = -6.485021904942025371773e+01, Q0 = +2.485846490142306297962e+01,
               Q1 = +1.650270098316988542046e+02, Q2 = +4.328810604912902668951e+02,
               Q3 = +4.853903996359136964868e+02, Q4 = +1.945506571482613964425e+02;
  double z = x * x;
  z = z * ((((P0 * z + P1) * z + P2) * z + P3) * z + P4) /
      (((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4);
  return x * z + x;
}

static double satan(double x) {
  const double Morebits = 6.123233995736765886130e-17, Tan3pio8 = 2.41421356237309504880;
  if (x <= 0.66) return xatan(x);
  if (x > Tan3pio8) return PI_2 - xatan(1 / x) + Morebits;
  return PI_4 + xatan((x - 1) / (x + 1)) + 0.5 * Morebits;
}

double go_atan(double x) {
  /* NaN: Go's -satan(-x) gives x back; clang rewrites -(a + b) as -a - b, flipping a NaN's sign */
  if (x == 0 || x != x) return x;
  return x > 0 ? satan(x) : -satan(-x);
}

double go_asin(double x) {
  if (x == 0) return x;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  if (x > 1) return GO_NAN;
  double temp = sqrt(1 - x * x);
  temp = x > 0.7 ? PI_2 - satan(temp / x) : satan(x / temp);
  return sign ? -temp : temp;
}

double go_acos(double x) { return PI_2 - go_asin(x); }

double go_atan2(double y, double x) {
  if (isnan(y) || isnan(x)) return GO_NAN;
  if (y == 0) return (x >= 0 && !signbit(x)) ? copysign(0, y) : copysign(M_PI, y);
  if (x == 0) return copysign(PI_2, y);
  if (isinf(x)) {
    if (x > 0) return isinf(y) ? copysign(PI_4, y) : copysign(0, y);
    return isinf(y) ? copysign(PI_3_4, y) : copysign(M_PI, y);
  }
  if (isinf(y)) return copysign(PI_2, y);
  double q = go_atan(y / x);
  if (x < 0) return q <= 0 ? q + M_PI : q - M_PI;
  return q;
}

/* ---- hyperbolic --------------------------------------------------------------------------- */

double go_sinh(double x) {
  const double P0 = -0.6307673640497716991184787251e+6, P1 = -0.8991272022039509355398013511e+5,
               P2 = -0.2894211355989563807284660366e+4, P3 = -0.2630563213397497062819489e+2,
               Q0 = -0.6307673640497716991212077277e+6, Q1 = 0.1521517378790019070696485176e+5,
               Q2 = -0.173678953558233699533450911e+3;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  double temp;
  if (x > 21) {
    temp = go_exp(x) * 0.5;
  } else if (x > 0.5) {
    double ex = go_exp(x);
    temp = (ex - 1 / ex) * 0.5;
  } else {
    double sq = x * x;
    temp = (((P3 * sq + P2) * sq + P1) * sq + P0) * x;
    temp = temp / (((sq + Q2) * sq + Q1) * sq + Q0);
  }
  return sign ? -temp : temp;
}

double go_cosh(double x) {
  x = fabs(x);
  if (x > 21) return go_exp(x) * 0.5;
  double ex = go_exp(x);
  return (ex + 1 / ex) * 0.5;
}

double go_tanh(double x) {
  static const double P[] = {-9.64399179425052238628e-1, -9.92877231001918586564e1,
                             -1.61468768441708447952e3};
  static const double Q[] = {1.12811678491632931402e2, 2.23548839060100448583e3,
                             4.84406305325125486048e3};
  const double MAXLOG = 8.8029691931113054295988e+01;
  double z = fabs(x);
  if (z > 0.5 * MAXLOG) return x < 0 ? -1 : 1;
  if (z >= 0.625) {
    double s = go_exp(2 * z);
    z = 1 - 2 / (s + 1);
    return x < 0 ? -z : z;
  }
  if (x == 0) return x;
  double s = x * x;
  return x + x * s * ((P[0] * s + P[1]) * s + P[2]) / (((s + Q[0]) * s + Q[1]) * s + Q[2]);
}

double go_asinh(double x) {
  if (isnan(x) || isinf(x)) return x;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  double temp;
  if (x > 0x1p28) temp = go_log(x) + LN2;
  else if (x > 2) temp = go_log(2 * x + 1 / (sqrt(x * x + 1) + x));
  else if (x < 0x1p-28) temp = x;
  else temp = go_log1p(x + x * x / (1 + sqrt(1 + x * x)));
  return sign ? -temp : temp;
}

double go_acosh(double x) {
  if (x < 1 || isnan(x)) return GO_NAN;
  if (x == 1) return 0;
  if (x >= 0x1p28) return go_log(x) + LN2;
  if (x > 2) return go_log(2 * x - 1 / (x + sqrt(x * x - 1)));
  double t = x - 1;
  return go_log1p(t + sqrt(2 * t + t * t));
}

double go_atanh(double x) {
  if (x < -1 || x > 1 || isnan(x)) return GO_NAN;
  if (x == 1) return INFINITY;
  if (x == -1) return -INFINITY;
  bool sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  double temp;
  if (x < 0x1p-28) {
    temp = x;
  } else if (x < 0.5) {
    temp = x + x;
    temp = 0.5 * go_log1p(temp + temp * x / (1 - x));
  } else {
    temp = 0.5 * go_log1p((x + x) / (1 - x));
  }
  return sign ? -temp : temp;
}

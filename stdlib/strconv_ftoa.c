/* Floating-point to text with strconv.FormatFloat's exact output.
 *
 * Digits come from the C library, whose printf conversions are exact (correctly rounded, ties to
 * even, from the full binary value), so every fixed-precision result matches Go's. The shortest
 * form (precision -1) is the fewest significant digits that parse back to the same float at the
 * requested bit size; among those Go picks the one nearest the exact value, which is the correctly
 * rounded candidate when it round-trips, else its neighbour on the other side (this happens only
 * next to powers of two, where the rounding interval is lopsided). The layout of the digits
 * (%e, %f, %g choices, exponent width) then follows Go's rules. */
#include "stdlib/strconv_num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decimal d[0:nd] * 10^(dp-nd): digits without leading or trailing zeros; zero has nd == 0. */
typedef struct Decimal {
  char *d;
  int nd, dp;
} Decimal;

/* Parses printf's "%.Ne" output ("d.ddde+XX", sign stripped) into dec (d has room). */
static void dec_from_e(Decimal *dec, const char *s) {
  int nd = 0;
  const char *p = s;
  for (; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9') dec->d[nd++] = *p;
  int exp = *p == 'e' ? atoi(p + 1) : 0;
  int lead = 0;
  while (lead < nd && dec->d[lead] == '0') lead++;
  if (lead >= nd) { dec->nd = 0; dec->dp = 0; return; }
  memmove(dec->d, dec->d + lead, (size_t)(nd - lead));
  nd -= lead;
  while (nd > 0 && dec->d[nd - 1] == '0') nd--;
  dec->nd = nd;
  dec->dp = exp + 1;
}

/* Same for "%.Nf" output ("ddd.ddd"). */
static void dec_from_f(Decimal *dec, const char *s) {
  int nd = 0, dp = -1;
  for (const char *p = s; *p; p++) {
    if (*p == '.') dp = nd;
    else if (*p >= '0' && *p <= '9') dec->d[nd++] = *p;
  }
  if (dp < 0) dp = nd;
  int lead = 0;
  while (lead < nd && dec->d[lead] == '0') lead++;
  if (lead >= nd) { dec->nd = 0; dec->dp = 0; return; }
  memmove(dec->d, dec->d + lead, (size_t)(nd - lead));
  nd -= lead;
  dp -= lead;
  while (nd > 0 && dec->d[nd - 1] == '0') nd--;
  dec->nd = nd;
  dec->dp = dp;
}

static bool roundtrips(const char *s, double v, int bitsize) {
  if (bitsize == 32) return strtof(s, NULL) == (float)v;
  return strtod(s, NULL) == v;
}

/* Shortest digits of |v| (finite, non-zero). dec->d needs 32 bytes. */
static void dec_shortest(Decimal *dec, double v, int bitsize) {
  char buf[64], alt[64];
  int maxp = bitsize == 32 ? 9 : 17;
  for (int p = 1; p <= maxp; p++) {
    snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    if (roundtrips(buf, v, bitsize)) { dec_from_e(dec, buf); return; }
    /* The neighbour candidate: one unit in the last place towards v. */
    double back = bitsize == 32 ? (double)strtof(buf, NULL) : strtod(buf, NULL);
    int up = back < v;
    char *e = strchr(buf, 'e');
    int exp = atoi(e + 1);
    char digs[32];
    int nd = 0;
    for (char *q = buf; q < e; q++)
      if (*q >= '0' && *q <= '9') digs[nd++] = *q;
    int i = nd - 1;
    if (up) {
      while (i >= 0 && digs[i] == '9') digs[i--] = '0';
      if (i < 0) { memmove(digs + 1, digs, (size_t)nd); digs[0] = '1'; exp++; }
      else digs[i]++;
    } else {
      while (i >= 0 && digs[i] == '0') digs[i--] = '9';
      if (i < 0) continue; /* cannot happen: the leading digit is non-zero */
      digs[i]--;
      if (digs[0] == '0') { /* 1000 -> 0999: renormalise to 999 with a lower exponent */
        memmove(digs, digs + 1, (size_t)nd - 1);
        digs[nd - 1] = '9';
        exp--;
      }
    }
    int k = 0;
    alt[k++] = digs[0];
    if (p > 1) {
      alt[k++] = '.';
      for (int j = 1; j < p; j++) alt[k++] = digs[j];
    }
    snprintf(alt + k, sizeof alt - (size_t)k, "e%d", exp);
    if (roundtrips(alt, v, bitsize)) { dec_from_e(dec, alt); return; }
  }
  snprintf(buf, sizeof buf, "%.*e", maxp - 1, v);
  dec_from_e(dec, buf);
}

static void put_exp(StrBuf *b, int exp, int mindigits) {
  char tmp[16];
  int n = snprintf(tmp, sizeof tmp, "%0*d", mindigits, exp);
  strbuf_put(b, tmp, (size_t)n);
}

/* %e: d.ddddde±dd with prec digits after the point. */
static void fmt_e(StrBuf *b, bool neg, const Decimal *d, int prec, char fmt) {
  if (neg) strbuf_putc(b, '-');
  strbuf_putc(b, d->nd ? d->d[0] : '0');
  if (prec > 0) {
    strbuf_putc(b, '.');
    int i = 1;
    int m = d->nd < prec + 1 ? d->nd : prec + 1;
    if (i < m) { strbuf_put(b, d->d + i, (size_t)(m - i)); i = m; }
    for (; i <= prec; i++) strbuf_putc(b, '0');
  }
  strbuf_putc(b, fmt);
  int exp = d->nd == 0 ? 0 : d->dp - 1;
  strbuf_putc(b, exp < 0 ? '-' : '+');
  put_exp(b, exp < 0 ? -exp : exp, 2);
}

/* %f: ddd.ddd with prec digits after the point. */
static void fmt_f(StrBuf *b, bool neg, const Decimal *d, int prec) {
  if (neg) strbuf_putc(b, '-');
  if (d->dp > 0) {
    int m = d->nd < d->dp ? d->nd : d->dp;
    strbuf_put(b, d->d, (size_t)m);
    for (; m < d->dp; m++) strbuf_putc(b, '0');
  } else {
    strbuf_putc(b, '0');
  }
  if (prec > 0) {
    strbuf_putc(b, '.');
    for (int i = 1; i <= prec; i++) {
      int j = d->dp + i - 1;
      strbuf_putc(b, (j >= 0 && j < d->nd) ? d->d[j] : '0');
    }
  }
}

/* %b: mantissa "p" binary exponent. */
static void fmt_b(StrBuf *b, bool neg, uint64_t mant, int exp, int mantbits) {
  if (neg) strbuf_putc(b, '-');
  strconv_format_uint(b, mant, 10);
  strbuf_putc(b, 'p');
  exp -= mantbits;
  if (exp >= 0) strbuf_putc(b, '+');
  strconv_format_int(b, exp, 10);
}

/* %x: -0x1.yyyyp±dd, the mantissa normalised so its leading 1 sits at bit 60. */
static void fmt_x(StrBuf *b, int prec, char fmt, bool neg, uint64_t mant, int exp, int mantbits) {
  if (mant == 0) exp = 0;
  mant <<= 60 - mantbits;
  while (mant != 0 && (mant & (1ULL << 60)) == 0) { mant <<= 1; exp--; }
  if (prec >= 0 && prec < 15) {
    unsigned shift = (unsigned)prec * 4;
    uint64_t extra = (mant << shift) & ((1ULL << 60) - 1);
    mant >>= 60 - shift;
    if ((extra | (mant & 1)) > (1ULL << 59)) mant++;
    mant <<= 60 - shift;
    if (mant & (1ULL << 61)) { mant >>= 1; exp++; }
  }
  const char *hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  if (neg) strbuf_putc(b, '-');
  strbuf_putc(b, '0');
  strbuf_putc(b, fmt);
  strbuf_putc(b, (char)('0' + ((mant >> 60) & 1)));
  mant <<= 4;
  if (prec < 0 && mant != 0) {
    strbuf_putc(b, '.');
    while (mant != 0) { strbuf_putc(b, hex[(mant >> 60) & 15]); mant <<= 4; }
  } else if (prec > 0) {
    strbuf_putc(b, '.');
    for (int i = 0; i < prec; i++) { strbuf_putc(b, hex[(mant >> 60) & 15]); mant <<= 4; }
  }
  strbuf_putc(b, fmt == 'X' ? 'P' : 'p');
  strbuf_putc(b, exp < 0 ? '-' : '+');
  put_exp(b, exp < 0 ? -exp : exp, 2);
}

void strconv_format_float(StrBuf *b, double v, char fmt, int prec, int bitsize) {
  uint64_t bits;
  int mantbits, expbits, bias;
  if (bitsize == 32) {
    float f = (float)v;
    uint32_t u;
    memcpy(&u, &f, 4);
    bits = u;
    mantbits = 23, expbits = 8, bias = -127;
  } else {
    bitsize = 64;
    memcpy(&bits, &v, 8);
    mantbits = 52, expbits = 11, bias = -1023;
  }
  bool neg = (bits >> (expbits + mantbits)) != 0;
  int exp = (int)(bits >> mantbits) & ((1 << expbits) - 1);
  uint64_t mant = bits & ((1ULL << mantbits) - 1);
  if (exp == (1 << expbits) - 1) {
    strbuf_puts(b, mant != 0 ? "NaN" : neg ? "-Inf" : "+Inf");
    return;
  }
  if (exp == 0) exp++;
  else mant |= 1ULL << mantbits;
  exp += bias;
  if (fmt == 'b') { fmt_b(b, neg, mant, exp, mantbits); return; }
  if (fmt == 'x' || fmt == 'X') { fmt_x(b, prec, fmt, neg, mant, exp, mantbits); return; }
  if (fmt != 'e' && fmt != 'E' && fmt != 'f' && fmt != 'g' && fmt != 'G') {
    strbuf_putc(b, '%');
    strbuf_putc(b, fmt);
    return;
  }

  double a = fabs(v);
  if (bitsize == 32) a = (double)(float)a;
  bool shortest = prec < 0;
  /* Digits: at most 17 significant for shortest and %e/%g; %f needs up to 309 integer digits
   * plus prec fraction digits; printf's own buffer gets the same bound plus slack. */
  size_t cap = (size_t)(prec > 0 ? prec : 0) + 360;
  char *digs = malloc(cap), *tmp = malloc(cap + 16);
  if (!digs || !tmp) abort();
  Decimal d = {digs, 0, 0};
  if (a == 0) {
    /* zero: nd == 0 */
  } else if (shortest) {
    dec_shortest(&d, a, bitsize);
  } else if (fmt == 'f') {
    snprintf(tmp, cap + 16, "%.*f", prec, a);
    dec_from_f(&d, tmp);
  } else {
    int digits = prec + 1; /* %e */
    if (fmt == 'g' || fmt == 'G') {
      if (prec == 0) prec = 1;
      digits = prec;
    }
    snprintf(tmp, cap + 16, "%.*e", digits - 1, a);
    dec_from_e(&d, tmp);
  }
  if (shortest) {
    if (fmt == 'e' || fmt == 'E') prec = d.nd > 1 ? d.nd - 1 : 0;
    else if (fmt == 'f') prec = d.nd - d.dp > 0 ? d.nd - d.dp : 0;
    else prec = d.nd;
  }
  switch (fmt) {
  case 'e': case 'E':
    fmt_e(b, neg, &d, prec, fmt);
    break;
  case 'f':
    fmt_f(b, neg, &d, prec);
    break;
  default: { /* g, G */
    int eprec = prec;
    if (eprec > d.nd && d.nd >= d.dp) eprec = d.nd;
    if (shortest) eprec = 6; /* shortest: the exponent decides at precision 6 */
    int x = d.dp - 1;
    if (x < -4 || x >= eprec) {
      if (prec > d.nd) prec = d.nd;
      fmt_e(b, neg, &d, prec - 1, (char)(fmt + 'e' - 'g'));
    } else {
      if (prec > d.dp) prec = d.nd;
      fmt_f(b, neg, &d, prec - d.dp > 0 ? prec - d.dp : 0);
    }
  }
  }
  free(digs);
  free(tmp);
}

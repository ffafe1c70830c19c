/* Text to numbers with strconv's grammar and error classes (ParseInt, ParseUint, ParseFloat,
 * ParseBool). The float grammar is checked here, Go's exactly; the cleaned text (underscores
 * removed) is then converted by strtod/strtof, which round correctly. */
#include "stdlib/strconv_num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static inline uint8_t lower(uint8_t c) { return c | 0x20; }

/* Underscores may only separate digits (a base prefix counts as a digit). */
static bool underscore_ok(const uint8_t *s, int64_t n) {
  char saw = '^';
  int64_t i = 0;
  if (n >= 1 && (s[0] == '-' || s[0] == '+')) { s++; n--; }
  bool hex = false;
  if (n >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < n; i++) {
    if ((s[i] >= '0' && s[i] <= '9') || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

StrconvErr strconv_parse_uint(const uint8_t *s, int64_t n, int base, int bitsize, uint64_t *out) {
  const uint8_t *s0 = s;
  int64_t n0 = n;
  *out = 0;
  if (n == 0) return STRCONV_ESYNTAX;
  bool base0 = base == 0;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      if (n >= 3 && lower(s[1]) == 'b') { base = 2; s += 2; n -= 2; }
      else if (n >= 3 && lower(s[1]) == 'o') { base = 8; s += 2; n -= 2; }
      else if (n >= 3 && lower(s[1]) == 'x') { base = 16; s += 2; n -= 2; }
      else { base = 8; s++; n--; }
    }
  } else if (base < 2 || base > 36) {
    return STRCONV_EBASE;
  }
  if (bitsize == 0) bitsize = 64;
  else if (bitsize < 0 || bitsize > 64) return STRCONV_EBITSIZE;
  uint64_t cutoff = UINT64_MAX / (uint64_t)base + 1; /* smallest n with n*base overflowing */
  uint64_t maxval = bitsize == 64 ? UINT64_MAX : (1ULL << bitsize) - 1;
  bool underscores = false;
  uint64_t v = 0;
  for (int64_t i = 0; i < n; i++) {
    uint8_t c = s[i], d;
    if (c == '_' && base0) { underscores = true; continue; }
    if (c >= '0' && c <= '9') d = c - '0';
    else if (lower(c) >= 'a' && lower(c) <= 'z') d = lower(c) - 'a' + 10;
    else return STRCONV_ESYNTAX;
    if (d >= base) return STRCONV_ESYNTAX;
    if (v >= cutoff) { *out = maxval; return STRCONV_ERANGE; }
    v *= (uint64_t)base;
    uint64_t v1 = v + d;
    if (v1 < v || v1 > maxval) { *out = maxval; return STRCONV_ERANGE; }
    v = v1;
  }
  if (underscores && !underscore_ok(s0, n0)) return STRCONV_ESYNTAX;
  *out = v;
  return STRCONV_OK;
}

StrconvErr strconv_parse_int(const uint8_t *s, int64_t n, int base, int bitsize, int64_t *out) {
  *out = 0;
  if (n == 0) return STRCONV_ESYNTAX;
  bool neg = false;
  if (s[0] == '+') { s++; n--; }
  else if (s[0] == '-') { neg = true; s++; n--; }
  uint64_t un;
  StrconvErr err = strconv_parse_uint(s, n, base, bitsize, &un);
  if (err != STRCONV_OK && err != STRCONV_ERANGE) return err;
  if (bitsize == 0) bitsize = 64;
  uint64_t cutoff = 1ULL << (bitsize - 1);
  if (!neg && un >= cutoff) { *out = (int64_t)(cutoff - 1); return STRCONV_ERANGE; }
  if (neg && un > cutoff) { *out = -(int64_t)(cutoff - 1) - 1; return STRCONV_ERANGE; }
  *out = neg ? (int64_t)(0 - un) : (int64_t)un;
  return STRCONV_OK;
}

int strconv_parse_bool(const uint8_t *s, int64_t n) {
  static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
  static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
  for (int i = 0; i < 6; i++) {
    if ((int64_t)strlen(yes[i]) == n && memcmp(yes[i], s, (size_t)n) == 0) return 1;
    if ((int64_t)strlen(no[i]) == n && memcmp(no[i], s, (size_t)n) == 0) return 0;
  }
  return -1;
}

static bool eq_fold(const uint8_t *s, int64_t n, const char *word) {
  int64_t k = (int64_t)strlen(word);
  if (n != k) return false;
  for (int64_t i = 0; i < n; i++)
    if (lower(s[i]) != (uint8_t)word[i]) return false;
  return true;
}

/* The length of the longest prefix of s that is a Go float literal (0 if none). */
static int64_t float_syntax(const uint8_t *s, int64_t n, bool *underscores) {
  int64_t i = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  int base = 10;
  if (i + 1 < n && s[i] == '0' && lower(s[i + 1]) == 'x') { base = 16; i += 2; }
  bool sawdot = false, sawdigits = false;
  for (; i < n; i++) {
    uint8_t c = s[i];
    if (c == '_') { *underscores = true; continue; }
    if (c == '.') {
      if (sawdot) break;
      sawdot = true;
      continue;
    }
    if ((c >= '0' && c <= '9') || (base == 16 && lower(c) >= 'a' && lower(c) <= 'f')) {
      sawdigits = true;
      continue;
    }
    break;
  }
  if (!sawdigits) return 0;
  if (i < n && lower(s[i]) == (base == 16 ? 'p' : 'e')) {
    i++;
    if (i >= n) return 0;
    if (s[i] == '+' || s[i] == '-') i++;
    if (i >= n || s[i] < '0' || s[i] > '9') return 0;
    for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++)
      if (s[i] == '_') *underscores = true;
  } else if (base == 16) {
    return 0; /* a hexadecimal mantissa requires a 'p' exponent */
  }
  if (*underscores && !underscore_ok(s, i)) return 0;
  return i;
}

StrconvErr strconv_parse_float(const uint8_t *s, int64_t n, int bitsize, double *out) {
  *out = 0;
  /* Infinity and NaN, spelled case-insensitively; only infinities take a sign. */
  int64_t k = 0;
  bool neg = false;
  if (n > 0 && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; k = 1; }
  if (eq_fold(s + k, n - k, "inf") || eq_fold(s + k, n - k, "infinity")) {
    *out = neg ? -INFINITY : INFINITY;
    return STRCONV_OK;
  }
  if (eq_fold(s, n, "nan")) { *out = NAN; return STRCONV_OK; }
  bool underscores = false;
  if (n == 0 || float_syntax(s, n, &underscores) != n) return STRCONV_ESYNTAX;
  char small[64];
  char *clean = n < (int64_t)sizeof small ? small : malloc((size_t)n + 1);
  if (!clean) abort();
  int64_t m = 0;
  for (int64_t i = 0; i < n; i++)
    if (s[i] != '_') clean[m++] = (char)s[i];
  clean[m] = 0;
  double v = bitsize == 32 ? (double)strtof(clean, NULL) : strtod(clean, NULL);
  if (clean != small) free(clean);
  *out = v;
  return isinf(v) ? STRCONV_ERANGE : STRCONV_OK;
}

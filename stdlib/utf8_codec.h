/* UTF-8 encoding and decoding with Go's rules (unicode/utf8): invalid or short sequences decode
 * to RuneError with width 1, surrogates and runes above MaxRune are invalid, encoding an invalid
 * rune writes RuneError. */
#ifndef GOL_STDLIB_UTF8_CODEC_H
#define GOL_STDLIB_UTF8_CODEC_H

#include <stdbool.h>
#include <stdint.h>

enum { UTF8_RUNE_ERROR = 0xFFFD, UTF8_RUNE_SELF = 0x80, UTF8_MAX_RUNE = 0x10FFFF, UTF8_UTFMAX = 4 };

static inline bool utf8_valid_rune(int32_t r) {
  return (r >= 0 && r < 0xD800) || (r > 0xDFFF && r <= UTF8_MAX_RUNE);
}

/* Decodes the first rune of s[0:n] (n > 0); *width gets 1..4. */
static inline int32_t utf8_decode(const uint8_t *s, int64_t n, int *width) {
  uint8_t c = s[0];
  *width = 1;
  if (c < 0x80) return c;
  int need;
  int32_t r, min;
  if (c >= 0xC2 && c <= 0xDF) { need = 1; r = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { need = 2; r = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { need = 3; r = c & 0x07; min = 0x10000; }
  else return UTF8_RUNE_ERROR;
  if (n <= need) return UTF8_RUNE_ERROR;
  for (int i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) return UTF8_RUNE_ERROR;
    r = (r << 6) | (s[i] & 0x3F);
  }
  if (r < min || !utf8_valid_rune(r)) return UTF8_RUNE_ERROR;
  *width = need + 1;
  return r;
}

/* Decodes the last rune of s[0:n] (n > 0) as utf8.DecodeLastRune does. */
static inline int32_t utf8_decode_last(const uint8_t *s, int64_t n, int *width) {
  int64_t start = n - 1;
  *width = 1;
  if (s[start] < 0x80) return s[start];
  int64_t lim = n - UTF8_UTFMAX < 0 ? 0 : n - UTF8_UTFMAX;
  for (start--; start >= lim; start--)
    if ((s[start] & 0xC0) != 0x80) break;
  if (start < 0) start = 0;
  int w;
  int32_t r = utf8_decode(s + start, n - start, &w);
  if (start + w != n) return UTF8_RUNE_ERROR;
  *width = w;
  return r;
}

/* Writes r (RuneError if invalid) to buf; returns the byte count. */
static inline int utf8_encode(uint8_t *buf, int32_t r) {
  uint32_t u = (uint32_t)r;
  if (u < 0x80) { buf[0] = (uint8_t)u; return 1; }
  if (u < 0x800) { buf[0] = (uint8_t)(0xC0 | (u >> 6)); buf[1] = (uint8_t)(0x80 | (u & 0x3F)); return 2; }
  if (!utf8_valid_rune(r)) u = UTF8_RUNE_ERROR;
  if (u < 0x10000) {
    buf[0] = (uint8_t)(0xE0 | (u >> 12)); buf[1] = (uint8_t)(0x80 | ((u >> 6) & 0x3F));
    buf[2] = (uint8_t)(0x80 | (u & 0x3F));
    return 3;
  }
  buf[0] = (uint8_t)(0xF0 | (u >> 18)); buf[1] = (uint8_t)(0x80 | ((u >> 12) & 0x3F));
  buf[2] = (uint8_t)(0x80 | ((u >> 6) & 0x3F)); buf[3] = (uint8_t)(0x80 | (u & 0x3F));
  return 4;
}

static inline int utf8_rune_len(int32_t r) {
  if (r < 0) return -1;
  if (r < 0x80) return 1;
  if (r < 0x800) return 2;
  if (r >= 0xD800 && r <= 0xDFFF) return -1;
  if (r < 0x10000) return 3;
  if (r <= UTF8_MAX_RUNE) return 4;
  return -1;
}

/* The number of runes in s[0:n], each invalid byte counting as one. */
static inline int64_t utf8_count(const uint8_t *s, int64_t n) {
  int64_t count = 0;
  for (int64_t i = 0; i < n; count++) {
    if (s[i] < 0x80) { i++; continue; }
    int w;
    utf8_decode(s + i, n - i, &w);
    i += w;
  }
  return count;
}

#endif

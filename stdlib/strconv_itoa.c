/* StrBuf, and integers to text (strconv.FormatInt / FormatUint). */
#include "stdlib/strconv_num.h"

#include <stdlib.h>
#include <string.h>
#include "stdlib/utf8_codec.h"

void strbuf_grow(StrBuf *b, size_t extra) {
  if (b->cap - b->len >= extra) return;
  size_t cap = b->cap ? b->cap * 2 : 64;
  while (cap - b->len < extra) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) abort(); /* out of memory: formatting has no failure mode */
  b->p = p;
  b->cap = cap;
}

void strbuf_put(StrBuf *b, const void *s, size_t n) {
  if (n == 0) return;
  strbuf_grow(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
}

void strbuf_puts(StrBuf *b, const char *s) { strbuf_put(b, s, strlen(s)); }

void strbuf_rune(StrBuf *b, int32_t r) {
  uint8_t tmp[4];
  strbuf_put(b, tmp, (size_t)utf8_encode(tmp, r));
}

void strbuf_free(StrBuf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

static const char digits36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

void strconv_format_uint(StrBuf *b, uint64_t u, int base) {
  char tmp[65];
  int i = (int)sizeof tmp;
  if (base < 2 || base > 36) base = 10; /* callers validate; Go panics on a bad base */
  do {
    tmp[--i] = digits36[u % (unsigned)base];
    u /= (unsigned)base;
  } while (u != 0);
  strbuf_put(b, tmp + i, sizeof tmp - (size_t)i);
}

void strconv_format_int(StrBuf *b, int64_t v, int base) {
  if (v < 0) {
    strbuf_putc(b, '-');
    strconv_format_uint(b, -(uint64_t)v, base);
  } else {
    strconv_format_uint(b, (uint64_t)v, base);
  }
}

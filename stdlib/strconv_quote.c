/* Quoting and unquoting with Go's escaping rules (strconv.Quote and friends, Unquote). */
#include "stdlib/strconv_num.h"

#include "stdlib/unicode_tables.h"
#include "stdlib/utf8_codec.h"

static const char lowerhex[] = "0123456789abcdef";

bool strconv_is_print(int32_t r) { return uni_isprint(r); }

bool strconv_is_graphic(int32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  return uni_in(uni_graphic, uni_graphic_len, r);
}

static void escaped_rune(StrBuf *b, int32_t r, char quote, bool ascii_only, bool graphic_only) {
  if (r == quote || r == '\\') {
    strbuf_putc(b, '\\');
    strbuf_putc(b, (char)r);
    return;
  }
  if (ascii_only) {
    if (r < UTF8_RUNE_SELF && uni_isprint(r)) { strbuf_putc(b, (char)r); return; }
  } else if (uni_isprint(r) || (graphic_only && strconv_is_graphic(r))) {
    strbuf_rune(b, r);
    return;
  }
  switch (r) {
  case '\a': strbuf_puts(b, "\\a"); return;
  case '\b': strbuf_puts(b, "\\b"); return;
  case '\f': strbuf_puts(b, "\\f"); return;
  case '\n': strbuf_puts(b, "\\n"); return;
  case '\r': strbuf_puts(b, "\\r"); return;
  case '\t': strbuf_puts(b, "\\t"); return;
  case '\v': strbuf_puts(b, "\\v"); return;
  }
  if (r < ' ' || r == 0x7f) {
    strbuf_puts(b, "\\x");
    strbuf_putc(b, lowerhex[(r >> 4) & 0xF]);
    strbuf_putc(b, lowerhex[r & 0xF]);
    return;
  }
  if (!utf8_valid_rune(r)) r = UTF8_RUNE_ERROR;
  int shift;
  if (r < 0x10000) { strbuf_puts(b, "\\u"); shift = 12; }
  else { strbuf_puts(b, "\\U"); shift = 28; }
  for (; shift >= 0; shift -= 4) strbuf_putc(b, lowerhex[(r >> shift) & 0xF]);
}

void strconv_quote(StrBuf *b, const uint8_t *s, int64_t n, char quote, bool ascii_only,
                   bool graphic_only) {
  strbuf_putc(b, quote);
  for (int64_t i = 0; i < n;) {
    int w;
    int32_t r = utf8_decode(s + i, n - i, &w);
    if (w == 1 && r == UTF8_RUNE_ERROR) { /* an invalid byte, shown as \xNN */
      strbuf_puts(b, "\\x");
      strbuf_putc(b, lowerhex[s[i] >> 4]);
      strbuf_putc(b, lowerhex[s[i] & 0xF]);
      i++;
      continue;
    }
    escaped_rune(b, r, quote, ascii_only, graphic_only);
    i += w;
  }
  strbuf_putc(b, quote);
}

void strconv_quote_rune(StrBuf *b, int32_t r, bool ascii_only, bool graphic_only) {
  strbuf_putc(b, '\'');
  if (!utf8_valid_rune(r)) r = UTF8_RUNE_ERROR;
  escaped_rune(b, r, '\'', ascii_only, graphic_only);
  strbuf_putc(b, '\'');
}

bool strconv_can_backquote(const uint8_t *s, int64_t n) {
  for (int64_t i = 0; i < n;) {
    int w;
    int32_t r = utf8_decode(s + i, n - i, &w);
    i += w;
    if (w > 1) {
      if (r == 0xFEFF) return false;
      continue;
    }
    if (r == UTF8_RUNE_ERROR) return false;
    if ((r < ' ' && r != '\t') || r == '`' || r == 0x7f) return false;
  }
  return true;
}

static int unhex(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

int strconv_unquote_char(const uint8_t *s, int64_t n, char quote, int32_t *r, bool *multibyte) {
  *multibyte = false;
  if (n == 0) return 0;
  uint8_t c = s[0];
  if (c == (uint8_t)quote && (quote == '\'' || quote == '"')) return 0;
  if (c >= UTF8_RUNE_SELF) {
    int w;
    *r = utf8_decode(s, n, &w);
    *multibyte = true;
    return w;
  }
  if (c != '\\') { *r = c; return 1; }
  if (n <= 1) return 0;
  c = s[1];
  switch (c) {
  case 'a': *r = '\a'; return 2;
  case 'b': *r = '\b'; return 2;
  case 'f': *r = '\f'; return 2;
  case 'n': *r = '\n'; return 2;
  case 'r': *r = '\r'; return 2;
  case 't': *r = '\t'; return 2;
  case 'v': *r = '\v'; return 2;
  case 'x': case 'u': case 'U': {
    int k = c == 'x' ? 2 : c == 'u' ? 4 : 8;
    if (n < 2 + k) return 0;
    int32_t v = 0;
    for (int j = 0; j < k; j++) {
      int d = unhex(s[2 + j]);
      if (d < 0) return 0;
      v = (int32_t)(((uint32_t)v << 4) | (uint32_t)d);
    }
    if (c == 'x') { *r = v; return 4; } /* a single byte */
    if (!utf8_valid_rune(v)) return 0;
    *r = v;
    *multibyte = true;
    return 2 + k;
  }
  case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
    if (n < 4) return 0;
    int32_t v = 0;
    for (int j = 1; j <= 3; j++) {
      int d = s[j] - '0';
      if (d < 0 || d > 7) return 0;
      v = (v << 3) | d;
    }
    if (v > 255) return 0;
    *r = v;
    return 4;
  }
  case '\\': *r = '\\'; return 2;
  case '\'': case '"':
    if (c != (uint8_t)quote) return 0;
    *r = c;
    return 2;
  default:
    return 0;
  }
}

bool strconv_unquote(StrBuf *b, const uint8_t *s, int64_t n) {
  if (n < 2) return false;
  uint8_t quote = s[0];
  if (quote != s[n - 1]) return false;
  s++;
  n -= 2;
  if (quote == '`') {
    for (int64_t i = 0; i < n; i++) {
      if (s[i] == '`') return false;
      if (s[i] != '\r') strbuf_putc(b, (char)s[i]); /* carriage returns are discarded */
    }
    return true;
  }
  if (quote != '"' && quote != '\'') return false;
  for (int64_t i = 0; i < n; i++)
    if (s[i] == '\n') return false;
  int64_t runes = 0;
  for (int64_t i = 0; i < n;) {
    int32_t r;
    bool mb;
    int w = strconv_unquote_char(s + i, n - i, (char)quote, &r, &mb);
    if (w == 0) return false;
    i += w;
    if (mb || r >= UTF8_RUNE_SELF) {
      if (mb) strbuf_rune(b, r);
      else strbuf_putc(b, (char)r);
    } else {
      strbuf_putc(b, (char)r);
    }
    runes++;
    if (quote == '\'' && i < n) return false; /* a rune literal holds exactly one character */
  }
  /* Go 1.19's fast path accepts the empty rune literal '' as "" (DecodeRune of "" has width 0). */
  if (quote == '\'' && runes != 1 && n != 0) return false;
  return true;
}

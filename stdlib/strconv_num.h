/* The number and quoting engine behind strconv and fmt: Go's exact text for integers, floats and
 * quoted strings, independent of the VM (plain C buffers in, plain C buffers out).
 *
 * StrBuf is a growable byte buffer owned by its user (malloc'd; strbuf_free releases it). Running
 * out of memory aborts the process: formatting has no partial-failure mode. */
#ifndef GOL_STDLIB_STRCONV_NUM_H
#define GOL_STDLIB_STRCONV_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct StrBuf {
  char *p;
  size_t len, cap;
} StrBuf;

void strbuf_grow(StrBuf *b, size_t extra);
static inline void strbuf_putc(StrBuf *b, char c) {
  if (b->len == b->cap) strbuf_grow(b, 1);
  b->p[b->len++] = c;
}
void strbuf_put(StrBuf *b, const void *s, size_t n);
void strbuf_puts(StrBuf *b, const char *s);
void strbuf_rune(StrBuf *b, int32_t r); /* UTF-8 encoding; invalid runes become U+FFFD */
void strbuf_free(StrBuf *b);

/* Integers: base 2..36, lower-case digits (strconv.FormatInt / FormatUint). */
void strconv_format_uint(StrBuf *b, uint64_t u, int base);
void strconv_format_int(StrBuf *b, int64_t i, int base);

/* strconv.FormatFloat(v, fmt, prec, bitsize): fmt is one of b e E f g G x X (anything else
 * appends '%' fmt, as Go does); prec < 0 means the shortest digits that round-trip at bitsize
 * (32 or 64). */
void strconv_format_float(StrBuf *b, double v, char fmt, int prec, int bitsize);

/* Parse results, mirroring strconv's errors. For STRCONV_ERANGE the out value is Go's clamped
 * result. STRCONV_EBASE / STRCONV_EBITSIZE: "invalid base N" / "invalid bit size N". */
typedef enum StrconvErr {
  STRCONV_OK, STRCONV_ESYNTAX, STRCONV_ERANGE, STRCONV_EBASE, STRCONV_EBITSIZE
} StrconvErr;
StrconvErr strconv_parse_uint(const uint8_t *s, int64_t n, int base, int bitsize, uint64_t *out);
StrconvErr strconv_parse_int(const uint8_t *s, int64_t n, int base, int bitsize, int64_t *out);
StrconvErr strconv_parse_float(const uint8_t *s, int64_t n, int bitsize, double *out);
/* 1 true, 0 false, -1 syntax error */
int strconv_parse_bool(const uint8_t *s, int64_t n);

/* Quoting (strconv.Quote, QuoteToASCII, QuoteToGraphic, QuoteRune...): quote is '"' or '\''. */
void strconv_quote(StrBuf *b, const uint8_t *s, int64_t n, char quote, bool ascii_only,
                   bool graphic_only);
void strconv_quote_rune(StrBuf *b, int32_t r, bool ascii_only, bool graphic_only);
bool strconv_can_backquote(const uint8_t *s, int64_t n);
bool strconv_is_print(int32_t r);
bool strconv_is_graphic(int32_t r);
/* strconv.Unquote: appends the unquoted value of s[0:n] to b; false on invalid syntax (b may then
 * hold a partial result). */
bool strconv_unquote(StrBuf *b, const uint8_t *s, int64_t n);
/* strconv.UnquoteChar: decodes one character or escape of s for a literal quoted with quote;
 * returns bytes consumed (0 on syntax error), the value in *r and whether it needs UTF-8 encoding
 * (a \x or octal escape is a byte, not a rune) in *multibyte. */
int strconv_unquote_char(const uint8_t *s, int64_t n, char quote, int32_t *r, bool *multibyte);

#endif

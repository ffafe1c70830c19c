/* The lexer (see lexer.h). re2c classifies the first byte(s) of a token and Unicode identifier
 * characters; literals are scanned by hand, digit by digit, so that malformed ones get exactly
 * the messages (and columns) of Go's scanner (cmd/compile/internal/syntax/scanner.go). */
#include "lang/lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser.h"

typedef unsigned char uchar;

/*!include:re2c "unicode_ident.re" */

/* ---- errors ----------------------------------------------------------------------------------- */

static Pos pos_at(Lexer *lx, const char *p) {
  return pos_make(lx->file, lx->line, (uint32_t)(p - lx->linestart) + 1);
}

static void lerr(Lexer *lx, const char *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void lerr(Lexer *lx, const char *p, const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  lx->nerrors++;
  diag_error(lx->diag, pos_at(lx, p), "%s", buf);
}

/* ---- UTF-8 ------------------------------------------------------------------------------------ */

/* Decodes one rune at p (valid UTF-8, guaranteed by the first pass); sets *w to its width. */
static int32_t utf8_decode(const char *s, int *w) {
  const uchar *p = (const uchar *)s;
  if (p[0] < 0x80) { *w = 1; return p[0]; }
  if (p[0] < 0xE0) { *w = 2; return ((p[0] & 0x1F) << 6) | (p[1] & 0x3F); }
  if (p[0] < 0xF0) { *w = 3; return ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F); }
  *w = 4;
  return ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

/* Length of a valid UTF-8 sequence at p (within [p, lim)), or 0 if invalid. */
static int utf8_valid(const uchar *p, const uchar *lim) {
  uchar c = p[0];
  if (c < 0x80) return 1;
  int n;
  int32_t min, r;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; r = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; r = c & 0x0F; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; r = c & 0x07; }
  else return 0;
  if (lim - p < n) return 0;
  for (int i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    r = (r << 6) | (p[i] & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0;
  return n;
}

static int utf8_encode(char *buf, int32_t r) {
  uchar *b = (uchar *)buf;
  if (r < 0x80) { b[0] = (uchar)r; return 1; }
  if (r < 0x800) { b[0] = 0xC0 | (r >> 6); b[1] = 0x80 | (r & 0x3F); return 2; }
  if (r < 0x10000) {
    b[0] = 0xE0 | (r >> 12); b[1] = 0x80 | ((r >> 6) & 0x3F); b[2] = 0x80 | (r & 0x3F);
    return 3;
  }
  b[0] = 0xF0 | (r >> 18); b[1] = 0x80 | ((r >> 12) & 0x3F);
  b[2] = 0x80 | ((r >> 6) & 0x3F); b[3] = 0x80 | (r & 0x3F);
  return 4;
}

/* Go's %#U: U+0040 '@' (the quoted form only for printable runes). */
static const char *fmt_U(char *buf, size_t n, int32_t r) {
  if (r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || (r >= 0xD800 && r < 0xE000) || r > 0x10FFFF) {
    snprintf(buf, n, "U+%04X", (unsigned)r);
  } else {
    char u[5] = {0};
    utf8_encode(u, r);
    snprintf(buf, n, "U+%04X '%s'", (unsigned)r, u);
  }
  return buf;
}

/* Go's %q of a rune: 'x', '\n', '\x00'. */
static const char *fmt_q(char *buf, size_t n, int32_t r) {
  switch (r) {
  case '\a': return "'\\a'";
  case '\b': return "'\\b'";
  case '\f': return "'\\f'";
  case '\n': return "'\\n'";
  case '\r': return "'\\r'";
  case '\t': return "'\\t'";
  case '\v': return "'\\v'";
  case '\\': return "'\\\\'";
  case '\'': return "'\\''";
  }
  if (r < 0x20 || r == 0x7F) {
    snprintf(buf, n, "'\\x%02x'", (unsigned)r);
  } else {
    char u[5] = {0};
    utf8_encode(u, r);
    snprintf(buf, n, "'%s'", u);
  }
  return buf;
}

/* ---- first pass: the source reader's errors ---------------------------------------------------- */

/* Reports NUL bytes, invalid UTF-8 and BOMs other than a leading one, as Go's source reader does,
 * and returns a copy without them (NULL when the text is clean). */
static char *lex_clean(Lexer *lx, const char *text, size_t len) {
  const uchar *p = (const uchar *)text, *lim = p + len;
  const uchar *linestart = p, *counted = p; /* lines are counted up to `counted` when needed */
  uint32_t line = 1;
  char *out = NULL;
  size_t o = 0;
  for (const uchar *q = p; q < lim;) {
    if (!out && lim - q >= 8) { /* eight ASCII bytes without NUL: the common case, no copy */
      uint64_t w8;
      memcpy(&w8, q, 8);
      const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
      if (!((w8 | ((w8 - ones) & ~w8)) & highs)) {
        q += 8;
        continue;
      }
    }
    int w = utf8_valid(q, lim);
    const char *msg = NULL;
    if (*q == 0) msg = "invalid NUL character", w = 1;
    else if (w == 0) msg = "invalid UTF-8 encoding", w = 1;
    else if (w == 3 && q[0] == 0xEF && q[1] == 0xBB && q[2] == 0xBF && q != p)
      msg = "invalid BOM in the middle of the file";
    if (msg) {
      for (; counted < q; counted++)
        if (*counted == '\n') line++, linestart = counted + 1;
      lx->nerrors++;
      diag_error(lx->diag, pos_make(lx->file, line, (uint32_t)(q - linestart) + 1), "%s", msg);
      if (!out) {
        out = arena_alloc(lx->arena, len + 1);
        memcpy(out, text, (size_t)(q - p));
        o = (size_t)(q - p);
      }
      q += w;
      continue;
    }
    if (out) memcpy(out + o, q, (size_t)w), o += (size_t)w;
    q += w;
  }
  if (out) out[o] = 0;
  return out;
}

/* ---- set-up ------------------------------------------------------------------------------------ */

void lex_init(Lexer *lx, uint16_t file, Arena *a, Diag *d) {
  memset(lx, 0, sizeof *lx);
  const SourceFile *f = src_file(file);
  lx->file = file;
  lx->arena = a;
  lx->diag = d;
  lx->line = 1;
  const char *text = f ? f->text : "";
  size_t len = f ? f->len : 0;
  char *clean = lex_clean(lx, text, len);
  if (clean) text = clean, len = strlen(clean) /* NULs were removed */;
  lx->src = lx->cur = lx->linestart = text;
  lx->lim = text + len;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) lx->cur += 3, lx->linestart += 3;
  if (lx->lim - lx->cur >= 2 && lx->cur[0] == '#' && lx->cur[1] == '!') {
    while (lx->cur < lx->lim && *lx->cur != '\n') lx->cur++; /* the newline stays: line 2 */
  }
  lx->cap = 64;
  lx->frames = calloc((size_t)lx->cap, sizeof *lx->frames);
  if (!lx->frames) abort();
}

void lex_init_at(Lexer *lx, uint16_t file, Arena *a, Diag *d, uint32_t offset, Pos pos) {
  memset(lx, 0, sizeof *lx);
  const SourceFile *f = src_file(file);
  lx->file = file;
  lx->arena = a;
  lx->diag = d;
  lx->src = f->text;
  lx->lim = f->text + f->len;
  lx->cur = f->text + offset;
  lx->line = pos.line;
  lx->linestart = lx->cur - (pos.col - 1);
  lx->cap = 64;
  lx->frames = calloc((size_t)lx->cap, sizeof *lx->frames);
  if (!lx->frames) abort();
}

void lex_free(Lexer *lx) {
  free(lx->frames);
  lx->frames = NULL;
}

void lex_end_header(Lexer *lx, int32_t depth) {
  if (depth >= 0 && depth <= lx->depth) lx->frames[depth].hdr = 0;
}

static void frame_push(Lexer *lx, int open) {
  if (lx->depth + 1 == lx->cap) {
    lx->cap *= 2;
    lx->frames = realloc(lx->frames, (size_t)lx->cap * sizeof *lx->frames);
    if (!lx->frames) abort();
  }
  lx->frames[++lx->depth] = (LexFrame){(int16_t)open, (int16_t)lx->last, 0};
}

static void frame_pop(Lexer *lx) {
  if (lx->depth > 0) lx->depth--;
}

/* ---- identifiers and keywords ------------------------------------------------------------------ */

enum { IC_NONE, IC_LETTER, IC_DIGIT, IC_OTHER };

/* Classifies the character at p for identifiers and sets *end past it. */
static int ident_class(const char *p, const char **end) {
  const uchar *YYCURSOR = (const uchar *)p, *YYMARKER = YYCURSOR;
  (void)YYMARKER;
  /*!re2c
    re2c:define:YYCTYPE = uchar;
    re2c:yyfill:enable = 0;

    [a-zA-Z_] | uL { *end = (const char *)YYCURSOR; return IC_LETTER; }
    [0-9] | uNd    { *end = (const char *)YYCURSOR; return IC_DIGIT; }
    [\x00-\x7f] { *end = p; return IC_NONE; }
    *         { int w; utf8_decode(p, &w); *end = p + w; return IC_OTHER; }
  */
}

/* Keywords by first letter (b..v), each list ending with a NULL name. */
typedef struct Keyword { const char *s; uint8_t len; int code; } Keyword;
#define KW(s, code) {s, sizeof s - 1, code}
static const Keyword kw_b[] = {KW("break", TK_BREAK), {0}};
static const Keyword kw_c[] = {KW("case", TK_CASE), KW("chan", TK_CHAN), KW("const", TK_CONST),
                               KW("continue", TK_CONTINUE), {0}};
static const Keyword kw_d[] = {KW("default", TK_DEFAULT), KW("defer", TK_DEFER), {0}};
static const Keyword kw_e[] = {KW("else", TK_ELSE), {0}};
static const Keyword kw_f[] = {KW("fallthrough", TK_FALLTHROUGH), KW("for", TK_FOR),
                               KW("func", TK_FUNC), {0}};
static const Keyword kw_g[] = {KW("go", TK_GO), KW("goto", TK_GOTO), {0}};
static const Keyword kw_i[] = {KW("if", TK_IF), KW("import", TK_IMPORT),
                               KW("interface", TK_INTERFACE), {0}};
static const Keyword kw_m[] = {KW("map", TK_MAP), {0}};
static const Keyword kw_p[] = {KW("package", TK_PACKAGE), {0}};
static const Keyword kw_r[] = {KW("range", TK_RANGE), KW("return", TK_RETURN), {0}};
static const Keyword kw_s[] = {KW("select", TK_SELECT), KW("struct", TK_STRUCT),
                               KW("switch", TK_SWITCH), {0}};
static const Keyword kw_t[] = {KW("type", TK_TYPE), {0}};
static const Keyword kw_v[] = {KW("var", TK_VAR), {0}};
#undef KW
static const Keyword *const keywords['v' - 'b' + 1] = {
    ['b' - 'b'] = kw_b, ['c' - 'b'] = kw_c, ['d' - 'b'] = kw_d, ['e' - 'b'] = kw_e,
    ['f' - 'b'] = kw_f, ['g' - 'b'] = kw_g, ['i' - 'b'] = kw_i, ['m' - 'b'] = kw_m,
    ['p' - 'b'] = kw_p, ['r' - 'b'] = kw_r, ['s' - 'b'] = kw_s, ['t' - 'b'] = kw_t,
    ['v' - 'b'] = kw_v};

/* Scans an identifier or keyword starting at lx->tok. */
static int scan_ident(Lexer *lx, Tok *t) {
  const char *p = lx->tok, *e;
  char buf[64];
  bool first = true;
  for (;;) {
    int c = ident_class(p, &e);
    if (c == IC_NONE) break;
    if (c == IC_DIGIT && first) {
      int w;
      lerr(lx, p, "identifier cannot begin with digit %s", fmt_U(buf, sizeof buf, utf8_decode(p, &w)));
    } else if (c == IC_OTHER) {
      int w;
      lerr(lx, p, "invalid character %s in identifier", fmt_U(buf, sizeof buf, utf8_decode(p, &w)));
    }
    first = false;
    p = e;
  }
  lx->cur = p;
  size_t n = (size_t)(p - lx->tok);
  const Keyword *kw = n >= 2 && n <= 11 && lx->tok[0] >= 'b' && lx->tok[0] <= 'v'
                          ? keywords[lx->tok[0] - 'b'] : NULL;
  for (; kw && kw->s; kw++) {
    if (kw->len == n && memcmp(kw->s, lx->tok, n) == 0) {
      int k = kw->code;
      lx->nlsemi = k == TK_BREAK || k == TK_CONTINUE || k == TK_FALLTHROUGH || k == TK_RETURN;
      if (k == TK_IF || k == TK_FOR || k == TK_SWITCH || k == TK_SELECT) lx->frames[lx->depth].hdr = (int16_t)k;
      t->s = kw->s;
      return k;
    }
  }
  lx->nlsemi = true;
  t->s = intern(lx->tok, n);
  return TK_NAME;
}

/* ---- literals ---------------------------------------------------------------------------------- */

static Node *make_lit(Lexer *lx, int kind, bool ok) {
  Node *n = ast_node(lx->arena, N_BASICLIT, pos_at(lx, lx->tok));
  n->op = (uint16_t)kind;
  n->lit.raw = arena_strndup(lx->arena, lx->tok, (size_t)(lx->cur - lx->tok));
  if (!ok) n->kind = N_BAD;
  return n;
}

static bool is_dec(int c) { return c >= '0' && c <= '9'; }
static bool is_hex(int c) { return is_dec(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static int lower(int c) { return c | 0x20; }

static const char *base_name(int base) {
  return base == 2 ? "binary" : base == 8 ? "octal" : base == 10 ? "decimal" : "hexadecimal";
}

/* Go's digits(): bit 0 = saw a digit, bit 1 = saw '_'; records the first digit >= base. */
static int scan_digits(Lexer *lx, int base, const char **invalid) {
  int ds = 0;
  if (base <= 10) {
    for (; is_dec(*lx->cur) || *lx->cur == '_'; lx->cur++) {
      if (*lx->cur == '_') ds |= 2;
      else {
        ds |= 1;
        if (*lx->cur >= '0' + base && invalid && !*invalid) *invalid = lx->cur;
      }
    }
  } else {
    for (; is_hex(*lx->cur) || *lx->cur == '_'; lx->cur++) ds |= *lx->cur == '_' ? 2 : 1;
  }
  return ds;
}

/* Index of the first misplaced '_' in the literal x[0:n], or -1 (Go's invalidSep). */
static long invalid_sep(const char *x, size_t n) {
  int x1 = ' ', d = '.';
  size_t i = 0;
  if (n >= 2 && x[0] == '0') {
    x1 = lower(x[1]);
    if (x1 == 'x' || x1 == 'o' || x1 == 'b') d = '0', i = 2;
  }
  for (; i < n; i++) {
    int p = d;
    d = x[i];
    if (d == '_') {
      if (p != '0') return (long)i;
    } else if (is_dec(d) || (x1 == 'x' && is_hex(d))) {
      d = '0';
    } else {
      if (p == '_') return (long)i - 1;
      d = '.';
    }
  }
  return d == '_' ? (long)n - 1 : -1;
}

static int scan_number(Lexer *lx, Tok *t, bool seen_point) {
  bool ok = true;
  int kind = LIT_INT, base = 10, prefix = 0, ds = 0;
  const char *invalid = NULL;
  lx->cur = lx->tok;
  if (seen_point) lx->cur++; /* the '.' */
  if (!seen_point) {
    if (*lx->cur == '0') {
      lx->cur++;
      switch (lower(*lx->cur)) {
      case 'x': lx->cur++, base = 16, prefix = 'x'; break;
      case 'o': lx->cur++, base = 8, prefix = 'o'; break;
      case 'b': lx->cur++, base = 2, prefix = 'b'; break;
      default: base = 8, prefix = '0', ds = 1;
      }
    }
    ds |= scan_digits(lx, base, &invalid);
    if (*lx->cur == '.') {
      if (prefix == 'o' || prefix == 'b') {
        lerr(lx, lx->cur, "invalid radix point in %s literal", base_name(base));
        ok = false;
      }
      lx->cur++;
      seen_point = true;
    }
  }
  if (seen_point) {
    kind = LIT_FLOAT;
    ds |= scan_digits(lx, base, &invalid);
  }
  if (!(ds & 1) && ok) {
    lerr(lx, lx->cur, "%s literal has no digits", base_name(base));
    ok = false;
  }
  int e = lower(*lx->cur);
  if (e == 'e' || e == 'p') {
    if (ok) {
      if (e == 'e' && prefix != 0 && prefix != '0') {
        lerr(lx, lx->cur, "'%c' exponent requires decimal mantissa", *lx->cur);
        ok = false;
      } else if (e == 'p' && prefix != 'x') {
        lerr(lx, lx->cur, "'%c' exponent requires hexadecimal mantissa", *lx->cur);
        ok = false;
      }
    }
    lx->cur++;
    kind = LIT_FLOAT;
    if (*lx->cur == '+' || *lx->cur == '-') lx->cur++;
    ds = scan_digits(lx, 10, NULL) | (ds & 2);
    if (!(ds & 1) && ok) {
      lerr(lx, lx->cur, "exponent has no digits");
      ok = false;
    }
  } else if (prefix == 'x' && kind == LIT_FLOAT && ok) {
    lerr(lx, lx->cur, "hexadecimal mantissa requires a 'p' exponent");
    ok = false;
  }
  if (*lx->cur == 'i') {
    kind = LIT_IMAG;
    lx->cur++;
  }
  if (kind == LIT_INT && invalid && ok) {
    char q[16];
    lerr(lx, invalid, "invalid digit %s in %s literal", fmt_q(q, sizeof q, *invalid), base_name(base));
    ok = false;
  }
  if ((ds & 2) && ok) {
    long i = invalid_sep(lx->tok, (size_t)(lx->cur - lx->tok));
    if (i >= 0) {
      lerr(lx, lx->tok + i, "'_' must separate successive digits");
      ok = false;
    }
  }
  lx->nlsemi = true;
  t->lit = make_lit(lx, kind, ok);
  return TK_LITERAL;
}

/* Byte buffer for decoded strings (grown in the heap, copied to the arena at the end). */
typedef struct Buf {
  char *v;
  size_t n, cap;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n) {
  if (b->n + n > b->cap) {
    b->cap = b->cap ? b->cap * 2 : 64;
    if (b->cap < b->n + n) b->cap = b->n + n;
    b->v = realloc(b->v, b->cap);
    if (!b->v) abort();
  }
  memcpy(b->v + b->n, s, n);
  b->n += n;
}

/* Scans an escape after '\' (lx->cur at the character after it), as Go's escape(): appends the
 * decoded bytes to b and returns the rune in *r. Returns false after reporting an error. */
static bool scan_escape(Lexer *lx, char quote, Buf *b, int32_t *r) {
  int n;
  uint32_t base, max;
  char c = *lx->cur, tmp[8];
  if (lx->cur >= lx->lim) return true; /* the caller complains about EOF */
  switch (c) {
  case 'a': *r = '\a'; break;
  case 'b': *r = '\b'; break;
  case 'f': *r = '\f'; break;
  case 'n': *r = '\n'; break;
  case 'r': *r = '\r'; break;
  case 't': *r = '\t'; break;
  case 'v': *r = '\v'; break;
  case '\\': *r = '\\'; break;
  case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
    n = 3, base = 8, max = 255;
    goto digits;
  case 'x': lx->cur++, n = 2, base = 16, max = 255; goto digits;
  case 'u': lx->cur++, n = 4, base = 16, max = 0x10FFFF; goto digits;
  case 'U': lx->cur++, n = 8, base = 16, max = 0x10FFFF; goto digits;
  default:
    if (c == quote) {
      *r = (uchar)c;
      break;
    }
    lerr(lx, lx->cur, "unknown escape");
    return false;
  }
  lx->cur++;
  tmp[0] = (char)*r;
  buf_put(b, tmp, 1);
  return true;
digits:;
  uint32_t x = 0;
  for (int i = n; i > 0; i--) {
    if (lx->cur >= lx->lim) return true;
    int ch = (uchar)*lx->cur;
    uint32_t d = base;
    if (is_dec(ch)) d = (uint32_t)(ch - '0');
    else if (lower(ch) >= 'a' && lower(ch) <= 'f') d = (uint32_t)(lower(ch) - 'a' + 10);
    if (d >= base) {
      char q[16];
      int w = 1;
      int32_t rr = ch < 0x80 ? ch : utf8_decode(lx->cur, &w);
      lerr(lx, lx->cur, "invalid character %s in %s escape", fmt_q(q, sizeof q, rr), base_name((int)base));
      return false;
    }
    x = x * base + d;
    lx->cur++;
  }
  if (x > max && base == 8) {
    lerr(lx, lx->cur, "octal escape value %u > 255", x);
    return false;
  }
  if (x > max || (x >= 0xD800 && x < 0xE000)) {
    char u[32];
    lerr(lx, lx->cur, "escape is invalid Unicode code point %s", fmt_U(u, sizeof u, (int32_t)x));
    return false;
  }
  *r = (int32_t)x;
  if (max == 255) { /* \x and octal: one byte */
    tmp[0] = (char)x;
    buf_put(b, tmp, 1);
  } else {
    buf_put(b, tmp, (size_t)utf8_encode(tmp, (int32_t)x));
  }
  return true;
}

static void set_string(Lexer *lx, Node *n, Buf *b) {
  char *v = arena_alloc(lx->arena, b->n + 1);
  if (b->n) memcpy(v, b->v, b->n);
  n->lit.val = v;
  n->lit.len = (int64_t)b->n;
  free(b->v);
}

static int scan_string(Lexer *lx, Tok *t) {
  bool ok = true;
  Buf b = {0};
  int32_t r;
  lx->cur = lx->tok + 1;
  for (;;) {
    char c = *lx->cur;
    if (lx->cur >= lx->lim) {
      lerr(lx, lx->tok, "string not terminated");
      ok = false;
      break;
    }
    if (c == '"') {
      lx->cur++;
      break;
    }
    if (c == '\\') {
      lx->cur++;
      if (!scan_escape(lx, '"', &b, &r)) ok = false;
      continue;
    }
    if (c == '\n') {
      lerr(lx, lx->cur, "newline in string");
      ok = false;
      break;
    }
    buf_put(&b, lx->cur, 1);
    lx->cur++;
  }
  lx->nlsemi = true;
  t->lit = make_lit(lx, LIT_STRING, ok);
  set_string(lx, t->lit, &b);
  return TK_LITERAL;
}

static int scan_raw_string(Lexer *lx, Tok *t) {
  bool ok = true;
  Buf b = {0};
  const char *start = lx->tok;
  uint32_t line0 = lx->line;
  const char *ls0 = lx->linestart;
  lx->cur = lx->tok + 1;
  for (;;) {
    if (lx->cur >= lx->lim) {
      ok = false;
      break;
    }
    char c = *lx->cur++;
    if (c == '`') break;
    if (c == '\n') lx->line++, lx->linestart = lx->cur;
    if (c != '\r') buf_put(&b, &c, 1); /* the spec drops carriage returns from raw strings */
  }
  /* the literal's position is its start line */
  uint32_t line1 = lx->line;
  const char *ls1 = lx->linestart;
  lx->line = line0, lx->linestart = ls0;
  if (!ok) lerr(lx, start, "string not terminated"), lx->unterminated = true;
  lx->nlsemi = true;
  t->lit = make_lit(lx, LIT_STRING, ok);
  set_string(lx, t->lit, &b);
  lx->line = line1, lx->linestart = ls1;
  return TK_LITERAL;
}

static int scan_rune(Lexer *lx, Tok *t) {
  bool ok = true;
  Buf b = {0};
  int32_t r = 0;
  int n = 0;
  lx->cur = lx->tok + 1;
  for (;; n++) {
    char c = *lx->cur;
    if (lx->cur >= lx->lim) {
      if (ok) lerr(lx, lx->tok, "rune literal not terminated"), ok = false;
      break;
    }
    if (c == '\'') {
      if (ok) {
        if (n == 0) lerr(lx, lx->cur, "empty rune literal or unescaped '"), ok = false;
        else if (n != 1) lerr(lx, lx->tok, "more than one character in rune literal"), ok = false;
      }
      lx->cur++;
      break;
    }
    if (c == '\\') {
      lx->cur++;
      if (!scan_escape(lx, '\'', &b, &r)) ok = false;
      continue;
    }
    if (c == '\n') {
      if (ok) lerr(lx, lx->cur, "newline in rune literal"), ok = false;
      break;
    }
    int w;
    r = utf8_decode(lx->cur, &w);
    lx->cur += w;
  }
  free(b.v);
  lx->nlsemi = true;
  t->lit = make_lit(lx, LIT_CHAR, ok);
  t->lit->lit.rune = r;
  return TK_LITERAL;
}

/* Skips a block comment whose "/ *" is at lx->tok; returns whether it spanned a newline. */
static bool skip_block_comment(Lexer *lx) {
  const char *p = lx->tok + 2;
  bool nl = false;
  uint32_t line0 = lx->line;
  const char *ls0 = lx->linestart;
  for (;;) {
    if (p >= lx->lim) {
      lx->line = line0, lx->linestart = ls0;
      lerr(lx, lx->tok, "comment not terminated");
      lx->unterminated = true;
      lx->cur = p;
      return false;
    }
    if (p[0] == '*' && p[1] == '/') {
      lx->cur = p + 2;
      return nl;
    }
    if (*p == '\n') nl = true, lx->line++, lx->linestart = p + 1;
    p++;
  }
}

/* ---- skipping bodies and declarations ----------------------------------------------------------- */

/* The bytes the skipping scanner stops at; everything else is passed over in a tight loop. */
static const uint8_t skip_stop[256] = {
    ['\n'] = 1, [';'] = 1, ['{'] = 1, ['}'] = 1, ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1,
    ['"'] = 1, ['\''] = 1, ['`'] = 1, ['/'] = 1};

/* Bytes up to the end of a quoted literal opened by q ('"' or '\''), escapes honoured; stops at a
 * newline (an unterminated literal, which the real scan of the text will report). */
static const char *skip_quoted(const char *p, const char *lim, char q) {
  while (p < lim && *p != q && *p != '\n') p += *p == '\\' && p + 1 < lim ? 2 : 1;
  return p < lim && *p == q ? p + 1 : p;
}

/* Scans bytes from lx->cur with `depth` brackets open, honouring comments, strings and rune
 * literals and counting lines. A body (decl false) ends after the bracket that closes depth to 0;
 * a declaration (decl true) at a newline or ';' outside brackets (a comment spanning lines counts
 * as a newline). Sets lx->cur past the end and returns a pointer to the byte that ended it, or
 * NULL at the end of input. */
static const char *skip_bytes(Lexer *lx, int depth, bool decl) {
  const uchar *p = (const uchar *)lx->cur, *lim = (const uchar *)lx->lim;
  for (;;) {
    while (p < lim && !skip_stop[*p]) p++;
    if (p >= lim) break;
    const uchar *at = p++;
    switch (*at) {
    case '\n':
      lx->line++, lx->linestart = (const char *)p;
      if (decl && depth == 0) goto done;
      break;
    case ';':
      if (decl && depth == 0) goto done;
      break;
    case '{': case '(': case '[': depth++; break;
    case '}': case ')': case ']':
      if (--depth == 0 && !decl) goto done;
      break;
    case '"': case '\'': p = (const uchar *)skip_quoted((const char *)p, (const char *)lim, (char)*at); break;
    case '`':
      while (p < lim && *p != '`')
        if (*p++ == '\n') lx->line++, lx->linestart = (const char *)p;
      p += p < lim;
      break;
    case '/':
      if (p < lim && *p == '/') {
        while (p < lim && *p != '\n') p++;
      } else if (p < lim && *p == '*') {
        bool nl = false;
        for (p++; p < lim && !(p[0] == '*' && p + 1 < lim && p[1] == '/'); p++)
          if (*p == '\n') nl = true, lx->line++, lx->linestart = (const char *)p + 1;
        p += p < lim ? 2 : 0;
        if (nl && decl && depth == 0) {
          at = p - 1;
          goto done;
        }
      }
      break;
    }
    continue;
  done:
    lx->cur = (const char *)p;
    return (const char *)at;
  }
  lx->cur = lx->lim;
  return NULL;
}

int lex_skip_body(Lexer *lx, Tok *t) {
  memset(t, 0, sizeof *t);
  const char *end = skip_bytes(lx, 1, false);
  lx->last = end ? TK_RBRACE : 0;
  if (!end) return 0;
  t->pos = pos_at(lx, end);
  frame_pop(lx);
  lx->nlsemi = true;
  return TK_RBRACE;
}

bool lex_skip_decl(Lexer *lx) {
  const char *end = skip_bytes(lx, lx->depth, true); /* brackets the tokens read left open */
  lx->depth = 0;
  lx->nlsemi = false;
  lx->last = TK_SEMI;
  return end != NULL;
}

/* ---- the scanner ------------------------------------------------------------------------------- */

static int lex_scan(Lexer *lx, Tok *t) {
  bool nlsemi = lx->nlsemi;
  lx->nlsemi = false;
  memset(t, 0, sizeof *t);
  for (;;) {
    lx->tok = lx->cur;
    t->pos = pos_at(lx, lx->tok);
    if (lx->cur >= lx->lim) {
      if (nlsemi && !lx->eof_done) {
        lx->eof_done = true;
        t->s = "EOF";
        return TK_SEMI;
      }
      return 0;
    }
    const uchar *YYCURSOR = (const uchar *)lx->cur, *YYMARKER = YYCURSOR;
    int op = 0;
#define TOKEN(code) do { lx->cur = (const char *)YYCURSOR; return (code); } while (0)
#define OPTOK(code, o) do { t->op = (uint16_t)(o); lx->cur = (const char *)YYCURSOR; return (code); } while (0)
#define ASSIGNOP(o) do { t->op = (uint16_t)(o); lx->cur = (const char *)YYCURSOR; return TK_ASSIGNOP; } while (0)
    /*!re2c
      re2c:define:YYCTYPE = uchar;
      re2c:yyfill:enable = 0;

      [ \t\r]+ { lx->cur = (const char *)YYCURSOR; continue; }
      "\n" {
        if (nlsemi) {
          lx->cur = (const char *)YYCURSOR;
          lx->line++, lx->linestart = lx->cur;
          t->s = "newline";
          return TK_SEMI;
        }
        lx->cur = (const char *)YYCURSOR;
        lx->line++, lx->linestart = lx->cur;
        continue;
      }
      "//" {
        const char *p = (const char *)YYCURSOR;
        while (p < lx->lim && *p != '\n') p++;
        lx->cur = p;
        continue;
      }
      "/*" {
        if (skip_block_comment(lx) && nlsemi) {
          t->s = "newline";
          return TK_SEMI;
        }
        continue;
      }
      [a-zA-Z_] | [\u0080-\U0010FFFF] { return scan_ident(lx, t); }
      [0-9] { return scan_number(lx, t, false); }
      "." [0-9] { return scan_number(lx, t, true); }
      ["] { return scan_string(lx, t); }
      [`] { return scan_raw_string(lx, t); }
      ['] { return scan_rune(lx, t); }

      "(" { frame_push(lx, TK_LPAREN); TOKEN(TK_LPAREN); }
      "[" { frame_push(lx, TK_LBRACK); TOKEN(TK_LBRACK); }
      "{" {
        lx->cur = (const char *)YYCURSOR;
        if (lx->frames[lx->depth].hdr) {
          t->depth = lx->depth;
          frame_push(lx, TK_LBODY);
          return TK_LBODY;
        }
        frame_push(lx, TK_LBRACE);
        return TK_LBRACE;
      }
      ")" { frame_pop(lx); lx->nlsemi = true; TOKEN(TK_RPAREN); }
      "]" { frame_pop(lx); lx->nlsemi = true; TOKEN(TK_RBRACK); }
      "}" { frame_pop(lx); lx->nlsemi = true; TOKEN(TK_RBRACE); }
      "," { TOKEN(TK_COMMA); }
      ";" { t->s = "semicolon"; TOKEN(TK_SEMI); }
      ":" { TOKEN(TK_COLON); }
      ":=" { TOKEN(TK_DEFINE); }
      "." { TOKEN(TK_DOT); }
      "..." { TOKEN(TK_ELLIPSIS); }
      "=" { TOKEN(TK_ASSIGN); }
      "++" { lx->nlsemi = true; OPTOK(TK_INC, T_INC); }
      "--" { lx->nlsemi = true; OPTOK(TK_DEC, T_DEC); }
      "<-" { OPTOK(TK_ARROW, T_ARROW); }
      "||" { OPTOK(TK_OROR, T_OROR); }
      "&&" { OPTOK(TK_ANDAND, T_ANDAND); }
      "==" { OPTOK(TK_EQL, T_EQL); }
      "!=" { OPTOK(TK_NEQ, T_NEQ); }
      "<"  { OPTOK(TK_LSS, '<'); }
      "<=" { OPTOK(TK_LEQ, T_LEQ); }
      ">"  { OPTOK(TK_GTR, '>'); }
      ">=" { OPTOK(TK_GEQ, T_GEQ); }
      "+"  { OPTOK(TK_PLUS, '+'); }
      "-"  { OPTOK(TK_MINUS, '-'); }
      "|"  { OPTOK(TK_OR, '|'); }
      "^"  { OPTOK(TK_XOR, '^'); }
      "*"  { OPTOK(TK_STAR, '*'); }
      "/"  { OPTOK(TK_SLASH, '/'); }
      "%"  { OPTOK(TK_PERCENT, '%'); }
      "<<" { OPTOK(TK_SHL, T_SHL); }
      ">>" { OPTOK(TK_SHR, T_SHR); }
      "&"  { OPTOK(TK_AND, '&'); }
      "&^" { OPTOK(TK_ANDNOT, T_ANDNOT); }
      "!"  { OPTOK(TK_NOT, '!'); }
      "~"  { OPTOK(TK_TILDE, '~'); }
      "+=" { ASSIGNOP(T_ADD_ASSIGN); }
      "-=" { ASSIGNOP(T_SUB_ASSIGN); }
      "*=" { ASSIGNOP(T_MUL_ASSIGN); }
      "/=" { ASSIGNOP(T_QUO_ASSIGN); }
      "%=" { ASSIGNOP(T_REM_ASSIGN); }
      "&=" { ASSIGNOP(T_AND_ASSIGN); }
      "|=" { ASSIGNOP(T_OR_ASSIGN); }
      "^=" { ASSIGNOP(T_XOR_ASSIGN); }
      "<<=" { ASSIGNOP(T_SHL_ASSIGN); }
      ">>=" { ASSIGNOP(T_SHR_ASSIGN); }
      "&^=" { ASSIGNOP(T_ANDNOT_ASSIGN); }
      * {
        char buf[32];
        lerr(lx, lx->tok, "invalid character %s", fmt_U(buf, sizeof buf, (uchar)*lx->tok));
        lx->cur = lx->tok + 1;
        continue;
      }
    */
#undef TOKEN
#undef OPTOK
#undef ASSIGNOP
    (void)op;
    (void)YYMARKER;
  }
}

int lex_next(Lexer *lx, Tok *t) {
  int code = lex_scan(lx, t);
  lx->last = code;
  return code;
}

const char *lex_token_name(int code) {
  switch (code) {
  case 0: return "EOF";
  case TK_NAME: return "name";
  case TK_LITERAL: return "literal";
  case TK_SEMI: return "semicolon or newline";
  case TK_COMMA: return "comma";
  case TK_DOT: return ".";
  case TK_COLON: return ":";
  case TK_LPAREN: return "(";
  case TK_RPAREN: return ")";
  case TK_LBRACK: return "[";
  case TK_RBRACK: return "]";
  case TK_LBRACE: case TK_LBODY: return "{";
  case TK_RBRACE: return "}";
  case TK_ELLIPSIS: return "...";
  case TK_ASSIGN: return "=";
  case TK_DEFINE: return ":=";
  case TK_ASSIGNOP: return "op=";
  case TK_INC: return "++";
  case TK_DEC: return "--";
  case TK_ARROW: return "<-";
  case TK_OROR: return "||";
  case TK_ANDAND: return "&&";
  case TK_EQL: return "==";
  case TK_NEQ: return "!=";
  case TK_LSS: return "<";
  case TK_LEQ: return "<=";
  case TK_GTR: return ">";
  case TK_GEQ: return ">=";
  case TK_PLUS: return "+";
  case TK_MINUS: return "-";
  case TK_OR: return "|";
  case TK_XOR: return "^";
  case TK_STAR: return "*";
  case TK_SLASH: return "/";
  case TK_PERCENT: return "%";
  case TK_SHL: return "<<";
  case TK_SHR: return ">>";
  case TK_AND: return "&";
  case TK_ANDNOT: return "&^";
  case TK_NOT: return "!";
  case TK_TILDE: return "~";
  }
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    for (const Keyword *kw = keywords[i]; kw && kw->s; kw++)
      if (kw->code == code) return kw->s;
  return "token";
}

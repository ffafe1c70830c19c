/* The fmt formatting engine (see fmt_format.h). It follows the structure of Go's fmt: a printer
 * holding the current flags, the operand being printed (as an interface, `arg`, or as a value
 * reached inside another, `value`), and the error states (erroring: a bad-verb message is being
 * written, so methods are not called).
 *
 * A Val is a typed pointer to a value in memory layout. Direct interface values (vm/value.h) have
 * no memory of their own, so a Val can carry the data word inline; vptr() gives the address. */
#include "stdlib/fmt_format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang/typesys.h"
#include "stdlib/unicode_tables.h"
#include "stdlib/utf8_codec.h"

typedef struct Val {
  const Type *t; /* NULL: invalid (a nil interface) */
  const void *p;
  uint64_t word; /* the data word of a direct interface value; p == NULL then */
  bool inline_;
  bool can_iface; /* false when reached through an unexported struct field */
} Val;

static inline const void *vptr(const Val *v) { return v->inline_ ? (const void *)&v->word : v->p; }

typedef struct Flags {
  bool plus, minus, sharp, space, zero, plusV, sharpV, wid_present, prec_present;
  int wid, prec;
} Flags;

typedef struct Printer {
  StrBuf *buf;
  const FmtHooks *h;
  Flags f;
  bool has_arg; /* Go's p.arg != nil */
  Val arg;
  Val value;    /* Go's p.value (t == NULL: invalid) */
  bool erroring;
  bool wrap_errs;
  int64_t wrapped;
  bool reordered, good_argnum;
  FmtStatus status;
} Printer;

static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

static void print_arg(Printer *p, Val arg, int32_t verb);
static void print_value(Printer *p, Val v, int32_t verb, int depth);

/* ---- values -------------------------------------------------------------------------------- */

static Val val_from_eface(GoEface e) {
  Val v = {0};
  v.can_iface = true;
  if (!e.type) return v;
  v.t = e.type;
  if (e.type->tflags & TF_DIRECTIFACE) {
    v.word = (uint64_t)(uintptr_t)e.data;
    v.inline_ = true;
  } else {
    v.p = e.data;
  }
  return v;
}

static Val val_at(const Type *t, const void *p, bool can_iface) {
  Val v = {0};
  v.t = t;
  v.p = p;
  v.can_iface = can_iface;
  return v;
}

/* The data word an interface holding v would have. */
static void *val_dataword(const Val *v) {
  if (v->t->tflags & TF_DIRECTIFACE) {
    uint64_t w = 0;
    memcpy(&w, vptr(v), (size_t)(v->t->size < 8 ? v->t->size : 8));
    /* re-widen signed kinds as registers hold them */
    switch (v->t->kind) {
    case K_INT8: w = (uint64_t)(int64_t)(int8_t)w; break;
    case K_INT16: w = (uint64_t)(int64_t)(int16_t)w; break;
    case K_INT32: w = (uint64_t)(int64_t)(int32_t)w; break;
    default: break;
    }
    return (void *)(uintptr_t)w;
  }
  return (void *)vptr(v);
}

static bool is_signed_kind(int k) { return k >= K_INT && k <= K_INT64; }
static bool is_unsigned_kind(int k) { return k >= K_UINT && k <= K_UINTPTR; }

static int64_t ld_int(const Type *t, const void *p) {
  switch (t->size) {
  case 1: return *(const int8_t *)p;
  case 2: { int16_t x; memcpy(&x, p, 2); return x; }
  case 4: { int32_t x; memcpy(&x, p, 4); return x; }
  default: { int64_t x; memcpy(&x, p, 8); return x; }
  }
}

static uint64_t ld_uint(const Type *t, const void *p) {
  switch (t->size) {
  case 1: return *(const uint8_t *)p;
  case 2: { uint16_t x; memcpy(&x, p, 2); return x; }
  case 4: { uint32_t x; memcpy(&x, p, 4); return x; }
  default: { uint64_t x; memcpy(&x, p, 8); return x; }
  }
}

static double ld_float(const Type *t, const void *p) {
  if (t->size == 4) { float x; memcpy(&x, p, 4); return x; }
  double x;
  memcpy(&x, p, 8);
  return x;
}

static void *ld_ptr(const void *p) {
  void *x;
  memcpy(&x, p, sizeof x);
  return x;
}

/* The dynamic value inside an interface value stored at v (invalid Val for a nil interface). */
static Val iface_elem(const Val *v) {
  const void *p = vptr(v);
  const void *w0 = ld_ptr(p);
  void *data = ld_ptr((const char *)p + 8);
  const Type *dyn = NULL;
  if (w0) dyn = v->t->nmethods == 0 ? (const Type *)w0 : ((const Itab *)w0)->type;
  GoEface e = {dyn, data};
  Val r = val_from_eface(e);
  r.can_iface = v->can_iface;
  return r;
}

/* ---- methods ------------------------------------------------------------------------------- */

static bool is_string_sig(const Type *ft) {
  return ft && ft->kind == K_FUNC && ft->nparams == 0 && ft->nresults == 1 &&
         ft->results[0]->kind == K_STRING && ft->results[0]->pkgpath == NULL &&
         (ft->results[0]->tflags & TF_NAMED);
}

static const Method *find_method(const Type *t, const char *name) {
  for (int32_t i = 0; i < t->nmethods; i++)
    if (strcmp(t->methods[i].name, name) == 0) return &t->methods[i];
  return NULL;
}

const Method *fmt_find_string_method(const FmtHooks *h, const Type *t, const char *name,
                                     bool *via_ptr) {
  *via_ptr = false;
  if (!t || t->kind == K_INTERFACE) return NULL;
  const Method *m;
  if (t->kind == K_POINTER && !(t->tflags & TF_NAMED) && t->elem && (t->elem->tflags & TF_NAMED) &&
      t->elem->kind != K_POINTER && t->elem->kind != K_INTERFACE) {
    m = find_method(t->elem, name);
    if (m) {
      if (!is_string_sig(m->type)) return NULL;
      *via_ptr = !m->ptrrecv;
      return m;
    }
  } else if ((m = find_method(t, name))) {
    return m->ptrrecv || !is_string_sig(m->type) ? NULL : m;
  }
  /* not declared by t (or *t's element) itself: maybe promoted from an embedded field */
  if (!h || !h->promoted_method) return NULL;
  m = h->promoted_method(h->ctx, t, name);
  return m && is_string_sig(m->type) ? m : NULL;
}

/* ---- padding and basic formatting (Go's fmt.fmt) -------------------------------------------- */

static void write_padding(Printer *p, int n) {
  if (n <= 0) return;
  strbuf_grow(p->buf, (size_t)n);
  memset(p->buf->p + p->buf->len, p->f.zero ? '0' : ' ', (size_t)n);
  p->buf->len += (size_t)n;
}

static void pad(Printer *p, const char *s, size_t n) {
  if (!p->f.wid_present || p->f.wid == 0) { strbuf_put(p->buf, s, n); return; }
  int width = p->f.wid - (int)utf8_count((const uint8_t *)s, (int64_t)n);
  if (!p->f.minus) {
    write_padding(p, width);
    strbuf_put(p->buf, s, n);
  } else {
    strbuf_put(p->buf, s, n);
    write_padding(p, width);
  }
}

static void pad_cstr(Printer *p, const char *s) { pad(p, s, strlen(s)); }

/* Truncates s to the precision in runes. */
static int64_t truncate_len(Printer *p, const uint8_t *s, int64_t n) {
  if (!p->f.prec_present) return n;
  int64_t runes = p->f.prec;
  for (int64_t i = 0; i < n;) {
    if (runes-- <= 0) return i;
    int w;
    utf8_decode(s + i, n - i, &w);
    i += w;
  }
  return n;
}

static void fmt_s(Printer *p, const uint8_t *s, int64_t n) {
  pad(p, (const char *)s, (size_t)truncate_len(p, s, n));
}

static void fmt_boolean(Printer *p, bool v) { pad_cstr(p, v ? "true" : "false"); }

static void fmt_integer(Printer *p, uint64_t u, int base, bool is_signed, int32_t verb,
                        const char *digits) {
  bool negative = is_signed && (int64_t)u < 0;
  if (negative) u = -u;
  int cap = 68;
  if (p->f.wid_present || p->f.prec_present) {
    int w = 3 + p->f.wid + p->f.prec;
    if (w > cap) cap = w;
  }
  char small[68];
  char *buf = cap > 68 ? malloc((size_t)cap) : small;
  if (!buf) abort();
  int prec = 0;
  if (p->f.prec_present) {
    prec = p->f.prec;
    if (prec == 0 && u == 0) { /* precision 0 and value 0 print nothing but padding */
      bool z = p->f.zero;
      p->f.zero = false;
      write_padding(p, p->f.wid);
      p->f.zero = z;
      if (buf != small) free(buf);
      return;
    }
  } else if (p->f.zero && p->f.wid_present) {
    prec = p->f.wid;
    if (negative || p->f.plus || p->f.space) prec--; /* room for the sign */
  }
  int i = cap;
  do {
    buf[--i] = digits[u % (unsigned)base];
    u /= (unsigned)base;
  } while (u != 0);
  while (i > 0 && prec > cap - i) buf[--i] = '0';
  if (p->f.sharp) {
    switch (base) {
    case 2: buf[--i] = 'b'; buf[--i] = '0'; break;
    case 8: if (buf[i] != '0') buf[--i] = '0'; break;
    case 16: buf[--i] = digits[16]; buf[--i] = '0'; break;
    }
  }
  if (verb == 'O') { buf[--i] = 'o'; buf[--i] = '0'; }
  if (negative) buf[--i] = '-';
  else if (p->f.plus) buf[--i] = '+';
  else if (p->f.space) buf[--i] = ' ';
  bool z = p->f.zero;
  p->f.zero = false;
  pad(p, buf + i, (size_t)(cap - i));
  p->f.zero = z;
  if (buf != small) free(buf);
}

static void fmt_unicode(Printer *p, uint64_t u) {
  int prec = 4;
  if (p->f.prec_present && p->f.prec > 4) prec = p->f.prec;
  size_t cap = (size_t)prec + 32;
  char *buf = malloc(cap);
  if (!buf) abort();
  size_t i = cap;
  if (p->f.sharp && u <= UTF8_MAX_RUNE && uni_isprint((int32_t)u)) {
    uint8_t enc[4];
    int n = utf8_encode(enc, (int32_t)u);
    buf[--i] = '\'';
    i -= (size_t)n;
    memcpy(buf + i, enc, (size_t)n);
    buf[--i] = '\'';
    buf[--i] = ' ';
  }
  while (u >= 16) {
    buf[--i] = udigits[u & 0xF];
    prec--;
    u >>= 4;
  }
  buf[--i] = udigits[u];
  prec--;
  while (prec-- > 0) buf[--i] = '0';
  buf[--i] = '+';
  buf[--i] = 'U';
  bool z = p->f.zero;
  p->f.zero = false;
  pad(p, buf + i, cap - i);
  p->f.zero = z;
  free(buf);
}

static int32_t clamp_rune(uint64_t c) { return c > UTF8_MAX_RUNE ? UTF8_RUNE_ERROR : (int32_t)c; }

static void fmt_c(Printer *p, uint64_t c) {
  uint8_t enc[4];
  int n = utf8_encode(enc, clamp_rune(c));
  pad(p, (const char *)enc, (size_t)n);
}

static void fmt_qc(Printer *p, uint64_t c) {
  StrBuf t = {0};
  strconv_quote_rune(&t, clamp_rune(c), p->f.plus, false);
  pad(p, t.p, t.len);
  strbuf_free(&t);
}

static void fmt_q(Printer *p, const uint8_t *s, int64_t n) {
  n = truncate_len(p, s, n);
  StrBuf t = {0};
  if (p->f.sharp && strconv_can_backquote(s, n)) {
    strbuf_putc(&t, '`');
    strbuf_put(&t, s, (size_t)n);
    strbuf_putc(&t, '`');
  } else {
    strconv_quote(&t, s, n, '"', p->f.plus, false);
  }
  pad(p, t.p, t.len);
  strbuf_free(&t);
}

/* %x %X of a string or byte slice. */
static void fmt_sx(Printer *p, const uint8_t *s, int64_t n, const char *digits) {
  int64_t length = n;
  if (p->f.prec_present && p->f.prec < length) length = p->f.prec;
  int64_t width = 2 * length;
  if (width > 0) {
    if (p->f.space) {
      if (p->f.sharp) width *= 2;
      width += length - 1;
    } else if (p->f.sharp) {
      width += 2;
    }
  } else {
    if (p->f.wid_present) write_padding(p, p->f.wid);
    return;
  }
  if (p->f.wid_present && p->f.wid > width && !p->f.minus) write_padding(p, (int)(p->f.wid - width));
  StrBuf *b = p->buf;
  if (p->f.sharp) { strbuf_putc(b, '0'); strbuf_putc(b, digits[16]); }
  for (int64_t i = 0; i < length; i++) {
    if (p->f.space && i > 0) {
      strbuf_putc(b, ' ');
      if (p->f.sharp) { strbuf_putc(b, '0'); strbuf_putc(b, digits[16]); }
    }
    strbuf_putc(b, digits[s[i] >> 4]);
    strbuf_putc(b, digits[s[i] & 0xF]);
  }
  if (p->f.wid_present && p->f.wid > width && p->f.minus) write_padding(p, (int)(p->f.wid - width));
}

static void fmt_float_(Printer *p, double v, int size, int32_t verb, int prec) {
  if (p->f.prec_present) prec = p->f.prec;
  StrBuf nb = {0};
  strbuf_putc(&nb, '+'); /* room for a sign */
  strconv_format_float(&nb, v, (char)verb, prec, size);
  char *num = nb.p;
  size_t len = nb.len;
  if (num[1] == '-' || num[1] == '+') { num++; len--; }
  if (p->f.space && num[0] == '+' && !p->f.plus) num[0] = ' ';
  if (num[1] == 'I' || num[1] == 'N') { /* Inf and NaN are never zero padded */
    bool z = p->f.zero;
    p->f.zero = false;
    if (num[1] == 'N' && !p->f.space && !p->f.plus) { num++; len--; }
    pad(p, num, len);
    p->f.zero = z;
    strbuf_free(&nb);
    return;
  }
  StrBuf sharp = {0};
  if (p->f.sharp && verb != 'b') {
    /* %#: always a decimal point; %#g keeps trailing zeros up to the precision */
    int digits = 0;
    if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') digits = prec == -1 ? 6 : prec;
    char tail[16];
    size_t tlen = 0;
    bool has_point = false, nonzero = false;
    size_t cut = len;
    for (size_t i = 1; i < len; i++) {
      char c = num[i];
      if (c == '.') { has_point = true; continue; }
      if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
        tlen = len - i < sizeof tail ? len - i : sizeof tail;
        memcpy(tail, num + i, tlen);
        cut = i;
        break;
      }
      if (c != '0') nonzero = true;
      if (nonzero) digits--;
    }
    strbuf_put(&sharp, num, cut);
    if (!has_point) {
      if (cut == 2 && num[1] == '0') digits--;
      strbuf_putc(&sharp, '.');
    }
    while (digits-- > 0) strbuf_putc(&sharp, '0');
    strbuf_put(&sharp, tail, tlen);
    num = sharp.p;
    len = sharp.len;
  }
  if (p->f.plus || num[0] != '+') {
    if (p->f.zero && p->f.wid_present && p->f.wid > (int)len) {
      strbuf_putc(p->buf, num[0]);
      write_padding(p, p->f.wid - (int)len);
      strbuf_put(p->buf, num + 1, len - 1);
    } else {
      pad(p, num, len);
    }
  } else {
    pad(p, num + 1, len - 1);
  }
  strbuf_free(&sharp);
  strbuf_free(&nb);
}

/* ---- the printer (Go's fmt.pp) -------------------------------------------------------------- */

static void put_type_string(Printer *p, const Type *t) { strbuf_puts(p->buf, types_string((Type *)t)); }

static void bad_verb(Printer *p, int32_t verb) {
  p->erroring = true;
  strbuf_puts(p->buf, "%!");
  strbuf_rune(p->buf, verb);
  strbuf_putc(p->buf, '(');
  if (p->has_arg && p->arg.t) {
    put_type_string(p, p->arg.t);
    strbuf_putc(p->buf, '=');
    print_arg(p, p->arg, 'v');
  } else if (p->value.t) {
    put_type_string(p, p->value.t);
    strbuf_putc(p->buf, '=');
    print_value(p, p->value, 'v', 0);
  } else {
    strbuf_puts(p->buf, "<nil>");
  }
  strbuf_putc(p->buf, ')');
  p->erroring = false;
}

static void fmt_bool(Printer *p, bool v, int32_t verb) {
  if (verb == 't' || verb == 'v') fmt_boolean(p, v);
  else bad_verb(p, verb);
}

static void fmt_0x64(Printer *p, uint64_t v, bool leading0x) {
  bool sharp = p->f.sharp;
  p->f.sharp = leading0x;
  fmt_integer(p, v, 16, false, 'v', ldigits);
  p->f.sharp = sharp;
}

static void fmt_int(Printer *p, uint64_t v, bool is_signed, int32_t verb) {
  switch (verb) {
  case 'v':
    if (p->f.sharpV && !is_signed) fmt_0x64(p, v, true);
    else fmt_integer(p, v, 10, is_signed, verb, ldigits);
    break;
  case 'd': fmt_integer(p, v, 10, is_signed, verb, ldigits); break;
  case 'b': fmt_integer(p, v, 2, is_signed, verb, ldigits); break;
  case 'o': case 'O': fmt_integer(p, v, 8, is_signed, verb, ldigits); break;
  case 'x': fmt_integer(p, v, 16, is_signed, verb, ldigits); break;
  case 'X': fmt_integer(p, v, 16, is_signed, verb, udigits); break;
  case 'c': fmt_c(p, v); break;
  case 'q': fmt_qc(p, v); break;
  case 'U': fmt_unicode(p, v); break;
  default: bad_verb(p, verb);
  }
}

static void fmt_float(Printer *p, double v, int size, int32_t verb) {
  switch (verb) {
  case 'v': fmt_float_(p, v, size, 'g', -1); break;
  case 'b': case 'g': case 'G': case 'x': case 'X': fmt_float_(p, v, size, verb, -1); break;
  case 'f': case 'e': case 'E': fmt_float_(p, v, size, verb, 6); break;
  case 'F': fmt_float_(p, v, size, 'f', 6); break;
  default: bad_verb(p, verb);
  }
}

static void fmt_complex(Printer *p, double re, double im, int size, int32_t verb) {
  switch (verb) {
  case 'v': case 'b': case 'g': case 'G': case 'x': case 'X': case 'f': case 'F': case 'e':
  case 'E': {
    bool plus = p->f.plus;
    strbuf_putc(p->buf, '(');
    fmt_float(p, re, size / 2, verb);
    p->f.plus = true; /* the imaginary part always has a sign */
    fmt_float(p, im, size / 2, verb);
    strbuf_puts(p->buf, "i)");
    p->f.plus = plus;
    break;
  }
  default: bad_verb(p, verb);
  }
}

static void fmt_string(Printer *p, const uint8_t *s, int64_t n, int32_t verb) {
  switch (verb) {
  case 'v':
    if (p->f.sharpV) fmt_q(p, s, n);
    else fmt_s(p, s, n);
    break;
  case 's': fmt_s(p, s, n); break;
  case 'x': fmt_sx(p, s, n, ldigits); break;
  case 'X': fmt_sx(p, s, n, udigits); break;
  case 'q': fmt_q(p, s, n); break;
  default: bad_verb(p, verb);
  }
}

/* Byte slices and arrays for %s %q %x %X (and %v %d of an operand of type []byte). t NULL: the
 * operand itself is a []byte, whose %#v Go spells "[]byte" rather than "[]uint8". */
static void fmt_bytes(Printer *p, const uint8_t *b, int64_t n, bool isnil, int32_t verb,
                      const Type *t) {
  switch (verb) {
  case 'v': case 'd':
    if (p->f.sharpV) {
      if (t) put_type_string(p, t);
      else strbuf_puts(p->buf, "[]byte"); /* Go's printArg names an operand's type so */
      if (isnil) { strbuf_puts(p->buf, "(nil)"); return; }
      strbuf_putc(p->buf, '{');
      for (int64_t i = 0; i < n; i++) {
        if (i > 0) strbuf_puts(p->buf, ", ");
        fmt_0x64(p, b[i], true);
      }
      strbuf_putc(p->buf, '}');
    } else {
      strbuf_putc(p->buf, '[');
      for (int64_t i = 0; i < n; i++) {
        if (i > 0) strbuf_putc(p->buf, ' ');
        fmt_integer(p, b[i], 10, false, verb, ldigits);
      }
      strbuf_putc(p->buf, ']');
    }
    break;
  case 's': fmt_s(p, b, n); break;
  case 'x': fmt_sx(p, b, n, ldigits); break;
  case 'X': fmt_sx(p, b, n, udigits); break;
  case 'q': fmt_q(p, b, n); break;
  }
}

static uint64_t pointer_of(const Val *v) {
  const void *q = vptr(v);
  if (v->t->kind == K_SLICE) return (uint64_t)(uintptr_t)((const GoSlice *)q)->ptr;
  return (uint64_t)(uintptr_t)ld_ptr(q);
}

static void fmt_pointer(Printer *p, const Val *v, int32_t verb) {
  switch (v->t->kind) {
  case K_CHAN: case K_FUNC: case K_MAP: case K_POINTER: case K_SLICE: case K_UNSAFEPOINTER: break;
  default: bad_verb(p, verb); return;
  }
  uint64_t u = pointer_of(v);
  switch (verb) {
  case 'v':
    if (p->f.sharpV) {
      strbuf_putc(p->buf, '(');
      put_type_string(p, v->t);
      strbuf_puts(p->buf, ")(");
      if (u == 0) strbuf_puts(p->buf, "nil");
      else fmt_0x64(p, u, true);
      strbuf_putc(p->buf, ')');
    } else if (u == 0) {
      pad_cstr(p, "<nil>");
    } else {
      fmt_0x64(p, u, !p->f.sharp);
    }
    break;
  case 'p': fmt_0x64(p, u, !p->f.sharp); break;
  case 'b': case 'o': case 'd': case 'x': case 'X': fmt_int(p, u, false, verb); break;
  default: bad_verb(p, verb);
  }
}

/* Calls the method and prints its result, or the panic message (Go's catchPanic). */
static void call_and_print(Printer *p, const Val *v, const Method *m, bool via_ptr,
                           const char *mname, int32_t verb) {
  GoEface recv;
  if (via_ptr) { /* value method through a pointer: the receiver is *ptr */
    void *ptr = ld_ptr(vptr(v));
    if (!ptr) { fmt_s(p, (const uint8_t *)"<nil>", 5); return; } /* Go: nil pointer dereference */
    Val inner = val_at(v->t->elem, ptr, true);
    recv.type = v->t->elem;
    recv.data = val_dataword(&inner);
  } else {
    recv.type = v->t;
    recv.data = val_dataword(v);
  }
  GoString out = {0};
  FmtCallResult r = p->h->call_method(p->h->ctx, recv, m, &out);
  if (r == FMT_CALL_ABORT) { p->status = FMT_ABORT; return; }
  if (r == FMT_CALL_OK) {
    if (verb == 'G') { /* GoString: written as is */
      strbuf_put(p->buf, out.ptr, (size_t)out.len);
      return;
    }
    fmt_string(p, out.ptr, out.len, verb);
    return;
  }
  if (v->t->kind == K_POINTER && ld_ptr(vptr(v)) == NULL) {
    fmt_s(p, (const uint8_t *)"<nil>", 5);
    return;
  }
  Flags old = p->f;
  memset(&p->f, 0, sizeof p->f);
  strbuf_puts(p->buf, "%!");
  strbuf_rune(p->buf, verb == 'G' ? 'v' : verb);
  strbuf_puts(p->buf, "(PANIC=");
  strbuf_puts(p->buf, mname);
  strbuf_puts(p->buf, " method: ");
  strbuf_put(p->buf, out.ptr, (size_t)out.len);
  strbuf_putc(p->buf, ')');
  p->f = old;
}

/* Go's handleMethods: true when the operand p->arg was printed by one of its methods. */
static bool handle_methods(Printer *p, int32_t verb) {
  if (p->erroring) return false;
  const Val *v = &p->arg;
  if (verb == 'w') {
    bool via;
    const Method *m = v->t ? fmt_find_string_method(p->h, v->t, "Error", &via) : NULL;
    if (!m || !p->wrap_errs || p->wrapped != -2) {
      /* not an error, not Errorf, or a second %w */
      p->wrapped = -1;
      p->wrap_errs = false;
      bad_verb(p, verb);
      return true;
    }
    p->wrapped = -3; /* marks "this operand"; fmt_printf records its index */
    verb = 'v';
  }
  if (!p->h || !p->h->call_method || !v->t) return false;
  bool via;
  const Method *m;
  if (p->f.sharpV) {
    if ((m = fmt_find_string_method(p->h, v->t, "GoString", &via))) {
      call_and_print(p, v, m, via, "GoString", 'G');
      return true;
    }
    return false;
  }
  switch (verb) {
  case 'v': case 's': case 'x': case 'X': case 'q':
    if ((m = fmt_find_string_method(p->h, v->t, "Error", &via))) {
      call_and_print(p, v, m, via, "Error", verb);
      return true;
    }
    if ((m = fmt_find_string_method(p->h, v->t, "String", &via))) {
      call_and_print(p, v, m, via, "String", verb);
      return true;
    }
  }
  return false;
}

/* ---- maps ---------------------------------------------------------------------------------- */

typedef struct MapEntry { const void *k, *v; } MapEntry;
typedef struct MapEntries { MapEntry *e; size_t n, cap; } MapEntries;

static void collect_entry(void *arg, const void *k, const void *v) {
  MapEntries *m = arg;
  if (m->n == m->cap) {
    m->cap = m->cap ? 2 * m->cap : 16;
    m->e = realloc(m->e, m->cap * sizeof *m->e);
    if (!m->e) abort();
  }
  m->e[m->n].k = k;
  m->e[m->n].v = v;
  m->n++;
}

/* The size of the type descriptor symbol Go's compiler emits for t (reflectdata.writeType on
 * amd64): a 48-byte rtype, the kind's own fields, a 16-byte uncommonType when t is named or has
 * methods, then 24 bytes per struct field and 16 per method. Methods promoted through embedded
 * fields are not counted. */
static int64_t go_typedesc_size(const Type *t) {
  const Type *u = t->underlying ? t->underlying : t;
  int64_t n = 48;
  switch (u->kind) {
  case K_ARRAY: n += 24; break;                     /* elem, slice, len */
  case K_CHAN: n += 16; break;                      /* elem, dir */
  case K_POINTER: case K_SLICE: n += 8; break;      /* elem */
  case K_MAP: n += 32; break;                       /* key, elem, bucket, sizes and flags */
  case K_STRUCT: n += 32 + 24 * (int64_t)u->nfields; break; /* pkgpath, fields */
  case K_INTERFACE: n += 32 + 8 * (int64_t)u->nmethods; break;
  case K_FUNC: n += 8 + 8 * (int64_t)(u->nparams + u->nresults); break;
  default: break;
  }
  /* the method set: T's value methods; *T's are all of T's */
  const Type *base = t;
  bool ptr = false;
  if (!(t->tflags & TF_NAMED) && u->kind == K_POINTER && (u->elem->tflags & TF_NAMED)) {
    base = u->elem;
    ptr = true;
  }
  int64_t nm = 0;
  if ((base->tflags & TF_NAMED) && (base->underlying ? base->underlying : base)->kind != K_INTERFACE)
    for (int32_t i = 0; i < base->nmethods; i++) nm += ptr || !base->methods[i].ptrrecv;
  if ((t->tflags & TF_NAMED) || nm) n += 16 + 16 * nm;
  return n;
}

/* The name of t's descriptor symbol without its "type." prefix: the package path qualifies a
 * defined type ("main.T", "example.com/m/util.T"). */
static void go_typedesc_name(const Type *t, char *buf, size_t n) {
  if ((t->tflags & TF_NAMED) && t->pkgpath) snprintf(buf, n, "%s.%s", t->pkgpath, t->name);
  else snprintf(buf, n, "%s", types_string((Type *)t));
}

/* fmtsort orders interface keys of different dynamic types by the addresses of the types'
 * descriptors, and Go's linker lays the descriptors out by symbol size, then symbol name
 * (cmd/link dodataSect). */
static int compare_dyn_types(const Type *a, const Type *b) {
  int64_t sa = go_typedesc_size(a), sb = go_typedesc_size(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  char na[256], nb[256];
  go_typedesc_name(a, na, sizeof na);
  go_typedesc_name(b, nb, sizeof nb);
  int c = strcmp(na, nb);
  if (c) return c < 0 ? -1 : 1;
  return (uintptr_t)a < (uintptr_t)b ? -1 : 1;
}

/* Go's fmtsort order: numbers by value (NaN first), strings bytewise, false before true,
 * pointers and channels by address, structs and arrays element by element, interfaces nil first,
 * then by dynamic type (compare_dyn_types), then by value. */
static int compare_vals(const Type *t, const void *a, const void *b) {
  switch (t->kind) {
  case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64: {
    int64_t x = ld_int(t, a), y = ld_int(t, b);
    return x < y ? -1 : x > y;
  }
  case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR: {
    uint64_t x = ld_uint(t, a), y = ld_uint(t, b);
    return x < y ? -1 : x > y;
  }
  case K_STRING: {
    const GoString *x = a, *y = b;
    int64_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->ptr, y->ptr, (size_t)n) : 0;
    if (c) return c < 0 ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len;
  }
  case K_FLOAT32: case K_FLOAT64: {
    double x = ld_float(t, a), y = ld_float(t, b);
    if (x < y) return -1;
    if (x > y) return 1;
    if (isnan(x) && !isnan(y)) return -1;
    if (!isnan(x) && isnan(y)) return 1;
    return 0;
  }
  case K_COMPLEX64: case K_COMPLEX128: {
    int half = (int)t->size / 2;
    const Type *ft = NULL;
    static const Type f32 = {.kind = K_FLOAT32, .size = 4}, f64 = {.kind = K_FLOAT64, .size = 8};
    ft = half == 4 ? &f32 : &f64;
    int c = compare_vals(ft, a, b);
    return c ? c : compare_vals(ft, (const char *)a + half, (const char *)b + half);
  }
  case K_BOOL: {
    bool x = *(const uint8_t *)a, y = *(const uint8_t *)b;
    return x == y ? 0 : x ? 1 : -1;
  }
  case K_POINTER: case K_CHAN: case K_UNSAFEPOINTER: case K_FUNC: case K_MAP: {
    uintptr_t x = (uintptr_t)ld_ptr(a), y = (uintptr_t)ld_ptr(b);
    return x < y ? -1 : x > y;
  }
  case K_STRUCT:
    for (int32_t i = 0; i < t->nfields; i++) {
      int c = compare_vals(t->fields[i].type, (const char *)a + t->fields[i].offset,
                           (const char *)b + t->fields[i].offset);
      if (c) return c;
    }
    return 0;
  case K_ARRAY:
    for (int64_t i = 0; i < t->len; i++) {
      int c = compare_vals(t->elem, (const char *)a + i * t->elem->size,
                           (const char *)b + i * t->elem->size);
      if (c) return c;
    }
    return 0;
  case K_INTERFACE: {
    Val va = val_at(t, a, true), vb = val_at(t, b, true);
    Val ea = iface_elem(&va), eb = iface_elem(&vb);
    if (!ea.t || !eb.t) return ea.t ? 1 : eb.t ? -1 : 0;
    if (ea.t != eb.t) return compare_dyn_types(ea.t, eb.t);
    return compare_vals(ea.t, vptr(&ea), vptr(&eb));
  }
  default:
    return 0;
  }
}

static __thread const Type *tls_sort_key_type;
static int cmp_entries(const void *x, const void *y) {
  const MapEntry *a = x, *b = y;
  return compare_vals(tls_sort_key_type, a->k, b->k);
}

static void print_map(Printer *p, const Val *v, int32_t verb, int depth) {
  void *m = ld_ptr(vptr(v));
  if (p->f.sharpV) {
    put_type_string(p, v->t);
    if (!m) { strbuf_puts(p->buf, "(nil)"); return; }
    strbuf_putc(p->buf, '{');
  } else {
    strbuf_puts(p->buf, "map[");
  }
  MapEntries es = {0};
  if (m && p->h && p->h->map_range) p->h->map_range(p->h->ctx, v->t, m, collect_entry, &es);
  if (es.n > 1) {
    const Type *saved = tls_sort_key_type;
    tls_sort_key_type = v->t->key;
    qsort(es.e, es.n, sizeof *es.e, cmp_entries);
    tls_sort_key_type = saved;
  }
  for (size_t i = 0; i < es.n && p->status == FMT_OK; i++) {
    if (i > 0) {
      if (p->f.sharpV) strbuf_puts(p->buf, ", ");
      else strbuf_putc(p->buf, ' ');
    }
    print_value(p, val_at(v->t->key, es.e[i].k, v->can_iface), verb, depth + 1);
    strbuf_putc(p->buf, ':');
    print_value(p, val_at(v->t->elem, es.e[i].v, v->can_iface), verb, depth + 1);
  }
  free(es.e);
  strbuf_putc(p->buf, p->f.sharpV ? '}' : ']');
}

/* ---- printValue / printArg ----------------------------------------------------------------- */

static void print_value(Printer *p, Val v, int32_t verb, int depth) {
  if (p->status != FMT_OK) return;
  if (depth > 0 && v.t && v.t->kind == K_INTERFACE) {
    /* An interface-typed element: print its dynamic value (or nil). */
    Val e = iface_elem(&v);
    if (!e.t) {
      p->has_arg = false;
      p->value = v;
      if (p->f.sharpV) {
        put_type_string(p, v.t);
        strbuf_puts(p->buf, "(nil)");
      } else {
        strbuf_puts(p->buf, "<nil>");
      }
      return;
    }
    v = e;
  }
  if (depth > 0 && v.t && v.can_iface) {
    p->has_arg = true;
    p->arg = v;
    if (handle_methods(p, verb)) return;
  }
  p->has_arg = false;
  p->value = v;
  if (!v.t) {
    if (depth == 0) strbuf_puts(p->buf, "<invalid reflect.Value>");
    else if (verb == 'v') strbuf_puts(p->buf, "<nil>");
    else bad_verb(p, verb);
    return;
  }
  const Type *t = v.t;
  const void *q = vptr(&v);
  switch (t->kind) {
  case K_BOOL: fmt_bool(p, *(const uint8_t *)q != 0, verb); break;
  case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64:
    fmt_int(p, (uint64_t)ld_int(t, q), true, verb);
    break;
  case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
    fmt_int(p, ld_uint(t, q), false, verb);
    break;
  case K_FLOAT32: fmt_float(p, ld_float(t, q), 32, verb); break;
  case K_FLOAT64: fmt_float(p, ld_float(t, q), 64, verb); break;
  case K_COMPLEX64: {
    float re, im;
    memcpy(&re, q, 4);
    memcpy(&im, (const char *)q + 4, 4);
    fmt_complex(p, re, im, 64, verb);
    break;
  }
  case K_COMPLEX128: {
    double re, im;
    memcpy(&re, q, 8);
    memcpy(&im, (const char *)q + 8, 8);
    fmt_complex(p, re, im, 128, verb);
    break;
  }
  case K_STRING: {
    const GoString *s = q;
    fmt_string(p, s->ptr, s->len, verb);
    break;
  }
  case K_MAP: print_map(p, &v, verb, depth); break;
  case K_STRUCT:
    if (p->f.sharpV) put_type_string(p, t);
    strbuf_putc(p->buf, '{');
    for (int32_t i = 0; i < t->nfields && p->status == FMT_OK; i++) {
      const Field *fd = &t->fields[i];
      if (i > 0) {
        if (p->f.sharpV) strbuf_puts(p->buf, ", ");
        else strbuf_putc(p->buf, ' ');
      }
      if ((p->f.plusV || p->f.sharpV) && fd->name && fd->name[0]) {
        strbuf_puts(p->buf, fd->name);
        strbuf_putc(p->buf, ':');
      }
      bool exported = fd->exported;
      print_value(p, val_at(fd->type, (const char *)q + fd->offset, v.can_iface && exported), verb,
                  depth + 1);
    }
    strbuf_putc(p->buf, '}');
    break;
  case K_INTERFACE: { /* only at depth 0 (a Val made from memory by a caller) */
    Val e = iface_elem(&v);
    if (!e.t) {
      if (p->f.sharpV) {
        put_type_string(p, t);
        strbuf_puts(p->buf, "(nil)");
      } else {
        strbuf_puts(p->buf, "<nil>");
      }
    } else {
      print_value(p, e, verb, depth + 1);
    }
    break;
  }
  case K_ARRAY: case K_SLICE: {
    const uint8_t *base;
    int64_t n;
    bool isnil = false;
    if (t->kind == K_SLICE) {
      const GoSlice *s = q;
      base = s->ptr;
      n = s->len;
      isnil = s->ptr == NULL;
    } else {
      base = q;
      n = t->len;
    }
    if ((verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') && t->elem->kind == K_UINT8) {
      fmt_bytes(p, base, n, isnil, verb, t);
      break;
    }
    int64_t esz = t->elem->size;
    if (p->f.sharpV) {
      put_type_string(p, t);
      if (t->kind == K_SLICE && isnil) { strbuf_puts(p->buf, "(nil)"); break; }
      strbuf_putc(p->buf, '{');
      for (int64_t i = 0; i < n && p->status == FMT_OK; i++) {
        if (i > 0) strbuf_puts(p->buf, ", ");
        print_value(p, val_at(t->elem, base + i * esz, v.can_iface), verb, depth + 1);
      }
      strbuf_putc(p->buf, '}');
    } else {
      strbuf_putc(p->buf, '[');
      for (int64_t i = 0; i < n && p->status == FMT_OK; i++) {
        if (i > 0) strbuf_putc(p->buf, ' ');
        print_value(p, val_at(t->elem, base + i * esz, v.can_iface), verb, depth + 1);
      }
      strbuf_putc(p->buf, ']');
    }
    break;
  }
  case K_POINTER:
    if (depth == 0) {
      void *ptr = ld_ptr(q);
      int ek = t->elem ? t->elem->kind : K_INVALID;
      if (ptr && (ek == K_ARRAY || ek == K_SLICE || ek == K_STRUCT || ek == K_MAP)) {
        strbuf_putc(p->buf, '&');
        print_value(p, val_at(t->elem, ptr, v.can_iface), verb, depth + 1);
        break;
      }
    }
    fmt_pointer(p, &v, verb);
    break;
  case K_CHAN: case K_FUNC: case K_UNSAFEPOINTER:
    fmt_pointer(p, &v, verb);
    break;
  default:
    strbuf_puts(p->buf, "?");
    put_type_string(p, t);
    strbuf_puts(p->buf, "?");
  }
}

static void print_arg(Printer *p, Val arg, int32_t verb) {
  if (p->status != FMT_OK) return;
  p->has_arg = true;
  p->arg = arg;
  p->value.t = NULL;
  if (!arg.t) {
    if (verb == 'T' || verb == 'v') pad_cstr(p, "<nil>");
    else bad_verb(p, verb);
    return;
  }
  if (verb == 'T') {
    const char *s = types_string((Type *)arg.t);
    fmt_s(p, (const uint8_t *)s, (int64_t)strlen(s));
    return;
  }
  if (verb == 'p') {
    p->value = arg;
    p->has_arg = false;
    fmt_pointer(p, &arg, 'p');
    return;
  }
  const Type *t = arg.t;
  if (t->kind == K_SLICE && !(t->tflags & TF_NAMED) && t->elem->kind == K_UINT8 &&
      (t->elem->tflags & TF_NAMED) && t->elem->pkgpath == NULL) {
    /* []byte: Go formats it without reflection; %v elements take the flags each */
    const GoSlice *s = vptr(&arg);
    switch (verb) {
    case 'v': case 'd': case 's': case 'x': case 'X': case 'q':
      fmt_bytes(p, s->ptr, s->len, s->ptr == NULL, verb, NULL);
      return;
    }
    p->has_arg = true;
    print_value(p, arg, verb, 0);
    return;
  }
  if (!handle_methods(p, verb)) print_value(p, arg, verb, 0);
}

/* ---- entry points -------------------------------------------------------------------------- */

static void printer_init(Printer *p, FmtCall *c) {
  memset(p, 0, sizeof *p);
  p->buf = c->out;
  p->h = c->hooks;
  p->wrap_errs = c->wrap_errs;
  p->wrapped = -2; /* -2: no %w seen yet */
}

static FmtStatus printer_done(Printer *p, FmtCall *c) {
  c->wrapped = p->wrapped >= 0 ? p->wrapped : -1;
  return p->status;
}

static bool is_string_kind_arg(const GoEface *a) { return a->type && a->type->kind == K_STRING; }

FmtStatus fmt_print(FmtCall *c, const GoEface *args, int64_t n) {
  Printer p;
  printer_init(&p, c);
  bool prev_string = false;
  for (int64_t i = 0; i < n && p.status == FMT_OK; i++) {
    bool is_string = is_string_kind_arg(&args[i]);
    if (i > 0 && !is_string && !prev_string) strbuf_putc(p.buf, ' ');
    print_arg(&p, val_from_eface(args[i]), 'v');
    prev_string = is_string;
  }
  return printer_done(&p, c);
}

FmtStatus fmt_println(FmtCall *c, const GoEface *args, int64_t n) {
  Printer p;
  printer_init(&p, c);
  for (int64_t i = 0; i < n && p.status == FMT_OK; i++) {
    if (i > 0) strbuf_putc(p.buf, ' ');
    print_arg(&p, val_from_eface(args[i]), 'v');
  }
  strbuf_putc(p.buf, '\n');
  return printer_done(&p, c);
}

static bool too_large(int x) { return x > 1000000 || x < -1000000; }

/* Parses a decimal number in s[start:end]. */
static int parsenum(const uint8_t *s, int64_t start, int64_t end, bool *isnum, int64_t *newi) {
  int num = 0;
  *isnum = false;
  int64_t i = start;
  if (start >= end) { *newi = end; return 0; }
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (too_large(num)) { *isnum = false; *newi = end; return 0; }
    num = num * 10 + (s[i] - '0');
    *isnum = true;
  }
  *newi = i;
  return num;
}

/* An explicit argument index [n] at s[i]; returns the new argument number. */
static int64_t arg_number(Printer *p, int64_t argnum, const uint8_t *s, int64_t end, int64_t *i,
                          int64_t nargs, bool *found) {
  *found = false;
  if (*i >= end || s[*i] != '[') return argnum;
  p->reordered = true;
  /* parseArgNumber: at least "[n]" */
  int64_t wid = 1;
  bool ok = false;
  int index = 0;
  if (end - *i >= 3) {
    for (int64_t j = *i + 1; j < end; j++) {
      if (s[j] == ']') {
        bool isnum;
        int64_t newi;
        int w = parsenum(s, *i + 1, j, &isnum, &newi);
        if (!isnum || newi != j) { wid = j - *i + 1; ok = false; }
        else { index = w - 1; wid = j - *i + 1; ok = true; }
        break;
      }
    }
  }
  if (ok && index >= 0 && index < nargs) {
    *i += wid;
    *found = true;
    return index;
  }
  p->good_argnum = false;
  *i += wid;
  *found = ok;
  return argnum;
}

/* A * width or precision operand: an integer that fits (|n| <= 1e6). */
static int int_from_arg(const GoEface *args, int64_t nargs, int64_t *argnum, bool *isint) {
  int num = 0;
  *isint = false;
  if (*argnum < nargs) {
    const GoEface *a = &args[*argnum];
    if (a->type) {
      Val v = val_from_eface(*a);
      const void *q = vptr(&v);
      if (is_signed_kind(a->type->kind)) {
        int64_t x = ld_int(a->type, q);
        if (x >= -2147483648LL && x <= 2147483647LL) { num = (int)x; *isint = true; }
        else *isint = false;
        if (!*isint) num = 0;
      } else if (is_unsigned_kind(a->type->kind)) {
        uint64_t x = ld_uint(a->type, q);
        if (x <= 2147483647ULL) { num = (int)x; *isint = true; }
      }
    }
    (*argnum)++;
    if (too_large(num)) { num = 0; *isint = false; }
  }
  return num;
}

FmtStatus fmt_printf(FmtCall *c, const uint8_t *s, int64_t end, const GoEface *args,
                     int64_t nargs) {
  Printer p;
  printer_init(&p, c);
  int64_t argnum = 0;
  bool after_index = false;
  for (int64_t i = 0; i < end && p.status == FMT_OK;) {
    p.good_argnum = true;
    int64_t lasti = i;
    while (i < end && s[i] != '%') i++;
    if (i > lasti) strbuf_put(p.buf, s + lasti, (size_t)(i - lasti));
    if (i >= end) break;
    i++; /* skip % */
    memset(&p.f, 0, sizeof p.f);
    bool simple_done = false;
    for (; i < end; i++) {
      uint8_t ch = s[i];
      if (ch == '#') p.f.sharp = true;
      else if (ch == '0') p.f.zero = !p.f.minus;
      else if (ch == '+') p.f.plus = true;
      else if (ch == '-') { p.f.minus = true; p.f.zero = false; }
      else if (ch == ' ') p.f.space = true;
      else {
        if (ch >= 'a' && ch <= 'z' && argnum < nargs) { /* fast path: flags and a verb */
          if (ch == 'v') {
            p.f.sharpV = p.f.sharp;
            p.f.sharp = false;
            p.f.plusV = p.f.plus;
            p.f.plus = false;
          }
          print_arg(&p, val_from_eface(args[argnum]), ch);
          if (p.wrapped == -3) p.wrapped = argnum;
          argnum++;
          i++;
          simple_done = true;
        }
        break;
      }
    }
    if (simple_done) continue;

    argnum = arg_number(&p, argnum, s, end, &i, nargs, &after_index);
    if (i < end && s[i] == '*') {
      i++;
      bool ok;
      p.f.wid = int_from_arg(args, nargs, &argnum, &ok);
      p.f.wid_present = ok;
      if (!ok) strbuf_puts(p.buf, "%!(BADWIDTH)");
      if (p.f.wid < 0) {
        p.f.wid = -p.f.wid;
        p.f.minus = true;
        p.f.zero = false;
      }
      after_index = false;
    } else {
      bool ok;
      p.f.wid = parsenum(s, i, end, &ok, &i);
      p.f.wid_present = ok;
      if (after_index && p.f.wid_present) p.good_argnum = false;
    }
    if (i + 1 < end && s[i] == '.') {
      i++;
      if (after_index) p.good_argnum = false;
      argnum = arg_number(&p, argnum, s, end, &i, nargs, &after_index);
      if (i < end && s[i] == '*') {
        i++;
        bool ok;
        p.f.prec = int_from_arg(args, nargs, &argnum, &ok);
        p.f.prec_present = ok;
        if (p.f.prec < 0) { p.f.prec = 0; p.f.prec_present = false; }
        if (!ok) strbuf_puts(p.buf, "%!(BADPREC)");
        after_index = false;
      } else {
        bool ok;
        p.f.prec = parsenum(s, i, end, &ok, &i);
        p.f.prec_present = true;
        if (!ok) p.f.prec = 0;
      }
    }
    if (!after_index) argnum = arg_number(&p, argnum, s, end, &i, nargs, &after_index);
    if (i >= end) {
      strbuf_puts(p.buf, "%!(NOVERB)");
      break;
    }
    int32_t verb = s[i];
    int size = 1;
    if (verb >= UTF8_RUNE_SELF) verb = utf8_decode(s + i, end - i, &size);
    i += size;
    if (verb == '%') {
      strbuf_putc(p.buf, '%');
    } else if (!p.good_argnum) {
      strbuf_puts(p.buf, "%!");
      strbuf_rune(p.buf, verb);
      strbuf_puts(p.buf, "(BADINDEX)");
    } else if (argnum >= nargs) {
      strbuf_puts(p.buf, "%!");
      strbuf_rune(p.buf, verb);
      strbuf_puts(p.buf, "(MISSING)");
    } else {
      if (verb == 'v') {
        p.f.sharpV = p.f.sharp;
        p.f.sharp = false;
        p.f.plusV = p.f.plus;
        p.f.plus = false;
      }
      print_arg(&p, val_from_eface(args[argnum]), verb);
      if (p.wrapped == -3) p.wrapped = argnum;
      argnum++;
    }
  }
  if (p.status == FMT_OK && !p.reordered && argnum < nargs) {
    memset(&p.f, 0, sizeof p.f);
    strbuf_puts(p.buf, "%!(EXTRA ");
    for (int64_t k = argnum; k < nargs && p.status == FMT_OK; k++) {
      if (k > argnum) strbuf_puts(p.buf, ", ");
      if (!args[k].type) {
        strbuf_puts(p.buf, "<nil>");
      } else {
        put_type_string(&p, args[k].type);
        strbuf_putc(p.buf, '=');
        print_arg(&p, val_from_eface(args[k]), 'v');
      }
    }
    strbuf_putc(p.buf, ')');
  }
  return printer_done(&p, c);
}

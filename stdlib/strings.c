/* Natives of package strings (stdlib/strings.gol): searching, trimming, case mapping, splitting
 * and joining. */
#define _GNU_SOURCE /* memmem, memrchr */
#include <stdlib.h>
#include <string.h>
#include "lang/typesys.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"
#include "stdlib/strconv_num.h"
#include "stdlib/unicode_tables.h"
#include "stdlib/utf8_codec.h"

static int64_t index_of(GoString s, GoString sub) {
  if (sub.len == 0) return 0;
  if (sub.len > s.len) return -1;
  const uint8_t *p = memmem(s.ptr, (size_t)s.len, sub.ptr, (size_t)sub.len);
  return p ? p - s.ptr : -1;
}

static int64_t last_index_of(GoString s, GoString sub) {
  if (sub.len == 0) return s.len;
  for (int64_t i = s.len - sub.len; i >= 0; i--)
    if (s.ptr[i] == sub.ptr[0] && memcmp(s.ptr + i, sub.ptr, (size_t)sub.len) == 0) return i;
  return -1;
}

static int64_t count_of(GoString s, GoString sub) {
  if (sub.len == 0) return utf8_count(s.ptr, s.len) + 1;
  int64_t n = 0;
  for (;;) {
    int64_t i = index_of(s, sub);
    if (i < 0) return n;
    n++;
    s.ptr += i + sub.len;
    s.len -= i + sub.len;
  }
}

/* Whether rune r occurs in chars (invalid bytes in chars stand for RuneError). */
static bool in_set(GoString chars, int32_t r) {
  for (int64_t i = 0; i < chars.len;) {
    int w;
    int32_t c = utf8_decode(chars.ptr + i, chars.len - i, &w);
    if (c == r) return true;
    i += w;
  }
  return false;
}

static void st_Index(VMThread *th, Slot *a, Slot *r) { r[0] = (Slot)index_of(arg_str(a), arg_str(a + 2)); }
static void st_LastIndex(VMThread *th, Slot *a, Slot *r) {
  r[0] = (Slot)last_index_of(arg_str(a), arg_str(a + 2));
}
static void st_Count(VMThread *th, Slot *a, Slot *r) { r[0] = (Slot)count_of(arg_str(a), arg_str(a + 2)); }

static void st_IndexByte(VMThread *th, Slot *a, Slot *r) {
  GoString s = arg_str(a);
  const uint8_t *p = s.len ? memchr(s.ptr, (int)(uint8_t)a[2], (size_t)s.len) : NULL;
  r[0] = (Slot)(p ? p - s.ptr : -1);
}

static void st_LastIndexByte(VMThread *th, Slot *a, Slot *r) {
  GoString s = arg_str(a);
  const uint8_t *p = s.len ? memrchr(s.ptr, (int)(uint8_t)a[2], (size_t)s.len) : NULL;
  r[0] = (Slot)(p ? p - s.ptr : -1);
}

/* IndexRune: RuneError matches the first invalid byte or encoded U+FFFD; other invalid runes
 * never match. */
static void st_IndexRune(VMThread *th, Slot *a, Slot *res) {
  GoString s = arg_str(a);
  int64_t want = (int64_t)a[2];
  res[0] = (Slot)-1;
  if (want >= 0 && want < 0x80) {
    const uint8_t *p = s.len ? memchr(s.ptr, (int)want, (size_t)s.len) : NULL;
    if (p) res[0] = (Slot)(p - s.ptr);
    return;
  }
  if (want != UTF8_RUNE_ERROR && !utf8_valid_rune((int32_t)want)) return;
  for (int64_t i = 0; i < s.len;) {
    int w;
    int32_t c = utf8_decode(s.ptr + i, s.len - i, &w);
    if (c == want) { res[0] = (Slot)i; return; }
    i += w;
  }
}

static void st_IndexAny(VMThread *th, Slot *a, Slot *res) {
  GoString s = arg_str(a), chars = arg_str(a + 2);
  res[0] = (Slot)-1;
  if (chars.len == 0) return;
  for (int64_t i = 0; i < s.len;) {
    int w;
    int32_t c = utf8_decode(s.ptr + i, s.len - i, &w);
    if (in_set(chars, c)) { res[0] = (Slot)i; return; }
    i += w;
  }
}

static void st_LastIndexAny(VMThread *th, Slot *a, Slot *res) {
  GoString s = arg_str(a), chars = arg_str(a + 2);
  res[0] = (Slot)-1;
  if (chars.len == 0) return;
  for (int64_t i = s.len; i > 0;) {
    int w;
    int32_t c = utf8_decode_last(s.ptr, i, &w);
    i -= w;
    if (in_set(chars, c)) { res[0] = (Slot)i; return; }
  }
}

static void ret_buf(Slot *res, StrBuf *b) {
  ret_str(res, vm_string_copy(b->p, b->len));
  strbuf_free(b);
}

/* Case mapping as strings.Map(unicode.ToUpper, s): invalid bytes become U+FFFD, except that a
 * string needing no change is returned as is (Go's ASCII fast path and unchanged Map). */
static void map_case(Slot *a, Slot *res, int32_t (*f)(int32_t)) {
  GoString s = arg_str(a);
  bool changed = false;
  for (int64_t i = 0; i < s.len && !changed;) {
    int w;
    int32_t c = utf8_decode(s.ptr + i, s.len - i, &w);
    if (f(c) != c || (c == UTF8_RUNE_ERROR && w == 1)) changed = true;
    i += w;
  }
  if (!changed) { ret_str(res, s); return; }
  StrBuf b = {0};
  for (int64_t i = 0; i < s.len;) {
    int w;
    int32_t c = utf8_decode(s.ptr + i, s.len - i, &w);
    strbuf_rune(&b, f(c));
    i += w;
  }
  ret_buf(res, &b);
}

static int32_t to_title(int32_t r) { return uni_map(uni_totitle, uni_totitle_len, r); }

static void st_ToUpper(VMThread *th, Slot *a, Slot *r) { map_case(a, r, uni_toupper_rune); }
static void st_ToLower(VMThread *th, Slot *a, Slot *r) { map_case(a, r, uni_tolower_rune); }
static void st_ToTitle(VMThread *th, Slot *a, Slot *r) { map_case(a, r, to_title); }

static void st_isSpace(VMThread *th, Slot *a, Slot *r) { ret_bool(r, uni_isspace((int32_t)(int64_t)a[0])); }

static void st_TrimSpace(VMThread *th, Slot *a, Slot *res) {
  GoString s = arg_str(a);
  int64_t lo = 0, hi = s.len;
  while (lo < hi) {
    int w;
    int32_t c = utf8_decode(s.ptr + lo, hi - lo, &w);
    if (!uni_isspace(c)) break;
    lo += w;
  }
  while (hi > lo) {
    int w;
    int32_t c = utf8_decode_last(s.ptr + lo, hi - lo, &w);
    if (!uni_isspace(c)) break;
    hi -= w;
  }
  GoString r = {s.ptr + lo, hi - lo};
  ret_str(res, r);
}

static GoString trim_left(GoString s, GoString cut) {
  while (s.len > 0) {
    int w;
    int32_t c = utf8_decode(s.ptr, s.len, &w);
    if (!in_set(cut, c)) break;
    s.ptr += w;
    s.len -= w;
  }
  return s;
}

static GoString trim_right(GoString s, GoString cut) {
  while (s.len > 0) {
    int w;
    int32_t c = utf8_decode_last(s.ptr, s.len, &w);
    if (!in_set(cut, c)) break;
    s.len -= w;
  }
  return s;
}

static void st_Trim(VMThread *th, Slot *a, Slot *r) {
  ret_str(r, trim_right(trim_left(arg_str(a), arg_str(a + 2)), arg_str(a + 2)));
}
static void st_TrimLeft(VMThread *th, Slot *a, Slot *r) { ret_str(r, trim_left(arg_str(a), arg_str(a + 2))); }
static void st_TrimRight(VMThread *th, Slot *a, Slot *r) {
  ret_str(r, trim_right(arg_str(a), arg_str(a + 2)));
}

static void st_Repeat(VMThread *th, Slot *a, Slot *res) {
  GoString s = arg_str(a);
  int64_t count = (int64_t)a[2];
  if (count < 0) { stdlib_panic_string(th, "strings: negative Repeat count"); return; }
  if (s.len > 0 && count > INT64_MAX / s.len) {
    stdlib_panic_string(th, "strings: Repeat count causes overflow");
    return;
  }
  size_t n = (size_t)(s.len * count);
  if (n == 0) return;
  uint8_t *p = vm_string_buf(n);
  for (int64_t i = 0; i < count; i++) memcpy(p + i * s.len, s.ptr, (size_t)s.len);
  GoString r = {p, (int64_t)n};
  ret_str(res, r);
}

static void st_Replace(VMThread *th, Slot *a, Slot *res) {
  GoString s = arg_str(a), old = arg_str(a + 2), new_ = arg_str(a + 4);
  int64_t n = (int64_t)a[6];
  bool same = old.len == new_.len && memcmp(old.ptr, new_.ptr, (size_t)old.len) == 0;
  int64_t m = (same || n == 0) ? 0 : count_of(s, old);
  if (m == 0) { ret_str(res, s); return; }
  if (n < 0 || m < n) n = m;
  StrBuf b = {0};
  int64_t start = 0;
  for (int64_t i = 0; i < n; i++) {
    int64_t j = start;
    if (old.len == 0) {
      if (i > 0) {
        int w;
        utf8_decode(s.ptr + start, s.len - start, &w);
        j += w;
      }
    } else {
      GoString rest = {s.ptr + start, s.len - start};
      j += index_of(rest, old);
    }
    strbuf_put(&b, s.ptr + start, (size_t)(j - start));
    strbuf_put(&b, new_.ptr, (size_t)new_.len);
    start = j + old.len;
  }
  strbuf_put(&b, s.ptr + start, (size_t)(s.len - start));
  ret_buf(res, &b);
}

/* Go's EqualFold test for one pair of runes: equal, an ASCII letter and its other case, or the
 * larger rune reached by walking the smaller one's unicode.SimpleFold orbit upwards. */
static bool fold_eq(int32_t a, int32_t b) {
  if (a == b) return true;
  if (b < a) {
    int32_t t = a;
    a = b;
    b = t;
  }
  if (b < 0x80) return 'A' <= a && a <= 'Z' && b == a + 'a' - 'A';
  int32_t r = uni_map(uni_fold, uni_fold_len, a);
  while (r != a && r < b) r = uni_map(uni_fold, uni_fold_len, r);
  return r == b;
}

static void st_EqualFold(VMThread *th, Slot *a, Slot *res) {
  GoString s = arg_str(a), t = arg_str(a + 2);
  int64_t i = 0, j = 0;
  while (i < s.len && j < t.len) {
    int w1, w2;
    int32_t r1 = utf8_decode(s.ptr + i, s.len - i, &w1);
    int32_t r2 = utf8_decode(t.ptr + j, t.len - j, &w2);
    if (!fold_eq(r1, r2)) return;
    i += w1;
    j += w2;
  }
  ret_bool(res, i == s.len && j == t.len);
}

/* ---- splitting and joining ---- */

/* A []string of n elements (len and cap n; non-nil even when empty, as make returns). */
static GoSlice make_strings(int64_t n) {
  GoSlice a = {n ? vm_alloc((size_t)n * sizeof(GoString), types_basic(K_STRING)) : vm_alloc(0, NULL), n, n};
  return a;
}

/* The rune at s[i] (ASCII without decoding) and its width. */
static inline int32_t rune_at(GoString s, int64_t i, int *w) {
  if (s.ptr[i] < 0x80) {
    *w = 1;
    return s.ptr[i];
  }
  return utf8_decode(s.ptr + i, s.len - i, w);
}

/* Fields: the runs of s between white space (unicode.IsSpace); two passes, count then fill, so
 * the result is allocated once (Go's Fields also returns a non-nil slice). */
static void st_Fields(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  int64_t n = 0;
  bool infield = false;
  for (int64_t i = 0; i < s.len;) {
    int w;
    bool space = uni_isspace(rune_at(s, i, &w));
    if (!space && !infield) n++;
    infield = !space;
    i += w;
  }
  GoSlice a = make_strings(n);
  GoString *v = a.ptr;
  int64_t k = 0, start = -1;
  for (int64_t i = 0; i < s.len;) {
    int w;
    bool space = uni_isspace(rune_at(s, i, &w));
    if (space && start >= 0) {
      v[k++] = (GoString){s.ptr + start, i - start};
      start = -1;
    } else if (!space && start < 0) {
      start = i;
    }
    i += w;
  }
  if (start >= 0) v[k] = (GoString){s.ptr + start, s.len - start};
  ret_slice(res, a);
}

/* genSplit(s, sep, sepSave, n): s split around each instance of sep, keeping sepSave bytes of
 * sep in the pieces, into at most n pieces (n < 0: all); an empty sep splits after each UTF-8
 * sequence (an invalid byte is one piece). n == 0 gives nil. */
static void st_genSplit(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args), sep = arg_str(args + 2);
  int64_t save = (int64_t)args[4], n = (int64_t)args[5];
  if (n == 0) return;
  if (sep.len == 0) {
    int64_t l = utf8_count(s.ptr, s.len);
    if (n < 0 || n > l) n = l;
    GoSlice a = make_strings(n);
    GoString *v = a.ptr;
    for (int64_t i = 0; i < n - 1; i++) {
      int w;
      rune_at(s, 0, &w);
      v[i] = (GoString){s.ptr, w};
      s.ptr += w, s.len -= w;
    }
    if (n > 0) v[n - 1] = s;
    ret_slice(res, a);
    return;
  }
  if (n < 0) n = count_of(s, sep) + 1;
  if (n > s.len + 1) n = s.len + 1;
  GoSlice a = make_strings(n);
  GoString *v = a.ptr;
  int64_t i = 0;
  while (i < n - 1) {
    int64_t m = index_of(s, sep);
    if (m < 0) break;
    v[i++] = (GoString){s.ptr, m + save};
    s.ptr += m + sep.len, s.len -= m + sep.len;
  }
  v[i] = s;
  a.len = i + 1;
  ret_slice(res, a);
}

/* Join: one allocation of the exact length; one element is returned as it is. */
static void st_Join(VMThread *th, Slot *args, Slot *res) {
  GoSlice elems = arg_slice(args);
  GoString sep = arg_str(args + 3);
  const GoString *v = elems.ptr;
  if (elems.len == 0) return;
  if (elems.len == 1) {
    ret_str(res, v[0]);
    return;
  }
  int64_t n = sep.len * (elems.len - 1);
  for (int64_t i = 0; i < elems.len; i++) n += v[i].len;
  if (n == 0) return;
  uint8_t *p = vm_string_buf((size_t)n), *q = p;
  memcpy(q, v[0].ptr, (size_t)v[0].len);
  q += v[0].len;
  for (int64_t i = 1; i < elems.len; i++) {
    memcpy(q, sep.ptr, (size_t)sep.len);
    q += sep.len;
    memcpy(q, v[i].ptr, (size_t)v[i].len);
    q += v[i].len;
  }
  ret_str(res, (GoString){p, n});
}

#define N(name) {#name, (void *)st_##name}
const StdNative stdlib_strings_natives[] = {
    N(Index), N(LastIndex), N(IndexByte), N(LastIndexByte), N(IndexRune), N(IndexAny),
    N(LastIndexAny), N(Count), N(ToUpper), N(ToLower), N(ToTitle), N(TrimSpace), N(Trim),
    N(TrimLeft), N(TrimRight), N(Repeat), N(Replace), N(EqualFold), N(isSpace), N(Fields),
    N(genSplit), N(Join),
    {NULL, NULL},
};

/* VM objects: protos, closures, strings, slice growth, interface equality (itabs: itab.c). */
#include "vm/object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/types.h"
#include "lang/typesys.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/opcodes.h"
#include "vm/vm_gc.h"

void *vm_alloc(size_t size, const struct Type *t) {
  if (size == 0) size = 1;
  return mallocgc(size, t, true);
}

/* ---- protos and closures ---- */

Proto *vm_proto_new(const char *name) {
  Proto *p = vm_alloc(sizeof(Proto), &vm_proto_gctype);
  p->name = name;
  p->recoverpc = -1;
  return p;
}

Closure *vm_closure_new(const Proto *p, uint32_t nup) {
  Closure *c = vm_alloc(sizeof(Closure) + nup * sizeof(void *), &gc_ptrwords_type);
  c->proto = p;
  c->nup = nup;
  return c;
}

Closure *vm_proto_closure(Proto *p) {
  if (!p->self) p->self = vm_closure_new(p, 0);
  return p->self;
}

/* ---- strings ---- */

uint8_t *vm_string_buf(size_t n) { return mallocgc(n ? n : 1, NULL, false); }

GoString vm_string_copy(const void *p, size_t n) {
  GoString s = {NULL, (int64_t)n};
  if (n == 0) return s;
  uint8_t *b = vm_string_buf(n);
  memcpy(b, p, n);
  s.ptr = b;
  return s;
}

GoString vm_concat(GoString a, GoString b) {
  if (a.len == 0) return b;
  if (b.len == 0) return a;
  uint8_t *buf = vm_string_buf((size_t)(a.len + b.len));
  memcpy(buf, a.ptr, (size_t)a.len);
  memcpy(buf + a.len, b.ptr, (size_t)b.len);
  GoString s = {buf, a.len + b.len};
  return s;
}

GoString vm_concatn(const GoString *v, int n) {
  int64_t total = 0;
  int nonempty = 0, last = 0;
  for (int i = 0; i < n; i++)
    if (v[i].len) total += v[i].len, nonempty++, last = i;
  GoString s = {NULL, 0};
  if (nonempty == 0) return s;
  if (nonempty == 1) return v[last]; /* Go returns the operand itself */
  uint8_t *buf = vm_string_buf((size_t)total);
  int64_t off = 0;
  for (int i = 0; i < n; i++) {
    if (v[i].len) memcpy(buf + off, v[i].ptr, (size_t)v[i].len);
    off += v[i].len;
  }
  s.ptr = buf;
  s.len = total;
  return s;
}

int vm_strcmp(GoString a, GoString b) {
  int64_t n = a.len < b.len ? a.len : b.len;
  int c = n ? memcmp(a.ptr, b.ptr, (size_t)n) : 0;
  if (c) return c < 0 ? -1 : 1;
  return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

int32_t vm_decoderune(GoString s, int64_t i, int *w) {
  const uint8_t *p = s.ptr + i;
  int64_t n = s.len - i;
  uint8_t c = p[0];
  *w = 1;
  if (c < 0x80) return c;
  int need;
  int32_t r, min;
  if (c >= 0xC2 && c <= 0xDF) need = 1, r = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) need = 2, r = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) need = 3, r = c & 0x07, min = 0x10000;
  else return 0xFFFD;
  if (n <= need) return 0xFFFD;
  for (int k = 1; k <= need; k++) {
    if ((p[k] & 0xC0) != 0x80) return 0xFFFD;
    r = (r << 6) | (p[k] & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0xFFFD;
  *w = need + 1;
  return r;
}

int vm_encoderune(uint8_t *b, int32_t r) {
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) { b[0] = (uint8_t)r; return 1; }
  if (r < 0x800) { b[0] = (uint8_t)(0xC0 | (r >> 6)); b[1] = (uint8_t)(0x80 | (r & 0x3F)); return 2; }
  if (r < 0x10000) {
    b[0] = (uint8_t)(0xE0 | (r >> 12));
    b[1] = (uint8_t)(0x80 | ((r >> 6) & 0x3F));
    b[2] = (uint8_t)(0x80 | (r & 0x3F));
    return 3;
  }
  b[0] = (uint8_t)(0xF0 | (r >> 18));
  b[1] = (uint8_t)(0x80 | ((r >> 12) & 0x3F));
  b[2] = (uint8_t)(0x80 | ((r >> 6) & 0x3F));
  b[3] = (uint8_t)(0x80 | (r & 0x3F));
  return 4;
}

GoString vm_rune2str(int64_t r) {
  uint8_t tmp[4];
  int32_t rr = (r < 0 || r > 0x10FFFF) ? 0xFFFD : (int32_t)r;
  int n = vm_encoderune(tmp, rr);
  return vm_string_copy(tmp, (size_t)n);
}

GoSlice vm_str2bytes(GoString s) {
  GoSlice b = {NULL, s.len, 0};
  if (s.len == 0) {
    b.ptr = vm_alloc(0, NULL); /* non-nil, like Go's []byte("") */
    return b;
  }
  b.cap = (int64_t)vm_roundupsize((size_t)s.len);
  b.ptr = mallocgc((size_t)b.cap, NULL, false);
  memcpy(b.ptr, s.ptr, (size_t)s.len);
  memset((uint8_t *)b.ptr + s.len, 0, (size_t)(b.cap - s.len));
  return b;
}

GoString vm_bytes2str(GoSlice b) { return vm_string_copy(b.ptr, (size_t)b.len); }

GoSlice vm_str2runes(GoString s) {
  int64_t n = 0;
  for (int64_t i = 0; i < s.len; n++) {
    int w;
    vm_decoderune(s, i, &w);
    i += w;
  }
  GoSlice r = {NULL, n, 0};
  r.cap = (int64_t)(vm_roundupsize((size_t)(n * 4)) / 4);
  r.ptr = vm_alloc((size_t)r.cap * 4, NULL);
  int32_t *out = r.ptr;
  for (int64_t i = 0, k = 0; i < s.len; k++) {
    int w;
    out[k] = vm_decoderune(s, i, &w);
    i += w;
  }
  return r;
}

GoString vm_runes2str(GoSlice r) {
  const int32_t *in = r.ptr;
  int64_t n = 0;
  uint8_t tmp[4];
  for (int64_t i = 0; i < r.len; i++) n += vm_encoderune(tmp, in[i]);
  uint8_t *buf = vm_string_buf((size_t)n);
  int64_t off = 0;
  for (int64_t i = 0; i < r.len; i++) off += vm_encoderune(buf + off, in[i]);
  GoString s = {n ? buf : NULL, n};
  return s;
}

/* ---- slices ---- */

/* Go 1.19's size classes (runtime/sizeclasses.go), up to 32 KiB; larger sizes round to pages. */
static const uint16_t size_classes[] = {
    8,    16,   24,   32,   48,   64,   80,   96,   112,  128,  144,  160,  176,  192,
    208,  224,  240,  256,  288,  320,  352,  384,  416,  448,  480,  512,  576,  640,
    704,  768,  896,  1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200,
    3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288,
    13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768};

size_t vm_roundupsize(size_t n) {
  if (n <= 32768) {
    size_t lo = 0, hi = sizeof size_classes / sizeof size_classes[0];
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (size_classes[mid] < n) lo = mid + 1;
      else hi = mid;
    }
    return n == 0 ? 0 : size_classes[lo];
  }
  if (n + 8192 < n) return n;
  return (n + 8191) & ~(size_t)8191;
}

int64_t vm_growcap(int64_t oldlen, int64_t oldcap, int64_t newlen, int64_t elemsize) {
  (void)oldlen;
  int64_t newcap = oldcap, doublecap = oldcap + oldcap;
  if (newlen > doublecap) {
    newcap = newlen;
  } else if (oldcap < 256) {
    newcap = doublecap;
  } else {
    while (0 < newcap && newcap < newlen) newcap += (newcap + 3 * 256) / 4;
    if (newcap <= 0) newcap = newlen;
  }
  if (elemsize == 0) return newlen;
  return (int64_t)(vm_roundupsize((size_t)(newcap * elemsize)) / (size_t)elemsize);
}

GoSlice vm_growslice(GoSlice s, int64_t n, const struct Type *elem) {
  int64_t need = s.len + n;
  if (need <= s.cap) {
    s.len = need;
    return s;
  }
  int64_t es = elem->size;
  int64_t cap = vm_growcap(s.len, s.cap, need, es);
  void *p = vm_alloc((size_t)(cap * es), elem);
  if (s.len && es) memcpy(p, s.ptr, (size_t)(s.len * es));
  GoSlice r = {p, need, cap};
  return r;
}

bool vm_efaceeq(GoEface a, GoEface b, const Type **uncomparable) {
  *uncomparable = NULL;
  if (a.type != b.type) return false;
  if (!a.type) return true;
  const Type *t = a.type;
  if (!(t->tflags & TF_COMPARABLE)) {
    *uncomparable = t;
    return false;
  }
  if (t->tflags & TF_DIRECTIFACE) return types_equal(t, &a.data, &b.data);
  return types_equal(t, a.data, b.data);
}

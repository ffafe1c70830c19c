/* VM objects: protos, closures, strings, slice growth, itabs, interface equality. */
#include "vm/object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/types.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/opcodes.h"

void *vm_alloc(size_t size, const struct Type *t) {
  if (size == 0) size = 1;
  return mallocgc(size, t, true);
}

/* ---- protos and closures ---- */

Proto *vm_proto_new(const char *name) {
  Proto *p = vm_alloc(sizeof(Proto), NULL);
  p->name = name;
  p->recoverpc = -1;
  return p;
}

Closure *vm_closure_new(const Proto *p, uint32_t nup) {
  Closure *c = vm_alloc(sizeof(Closure) + nup * sizeof(void *), NULL);
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

/* ---- itabs ---- */

/* The concrete method set entry named `name` of type t, or NULL. Methods of a named type T
 * are in T->methods (value and pointer receivers); *T has all of them, T only the value ones. */
static const Method *find_method(const Type *t, const char *name, bool *viaptr) {
  const Type *named = t;
  bool isptr = false;
  if (t->kind == K_POINTER && !(t->tflags & TF_NAMED) && t->elem) {
    named = t->elem;
    isptr = true;
  }
  for (int32_t i = 0; i < named->nmethods; i++) {
    const Method *m = &named->methods[i];
    if (strcmp(m->name, name) != 0) continue;
    if (m->ptrrecv && !isptr) return NULL;
    *viaptr = isptr;
    return m;
  }
  return NULL;
}

bool vm_implements(const Type *inter, const Type *type, const char **missing) {
  if (!type) return false;
  if (type->kind == K_INTERFACE) {
    /* only reached for static checks; the dynamic type of an interface is never an interface */
    return true;
  }
  for (int32_t i = 0; i < inter->nmethods; i++) {
    bool viaptr;
    if (!find_method(type, inter->methods[i].name, &viaptr)) {
      if (missing) *missing = inter->methods[i].name;
      return false;
    }
  }
  return true;
}

/* A value method called with a pointer receiver word (the interface holds *T, or T boxed
 * indirectly): a wrapper that loads the receiver and calls the method. One per method, made on
 * first need. */
typedef struct WrapEntry {
  const Proto *m;
  Proto *w;
} WrapEntry;
static WrapEntry *wraps;
static size_t nwraps, capwraps;

static Proto *value_wrapper(const Proto *m) {
  for (size_t i = 0; i < nwraps; i++)
    if (wraps[i].m == m) return wraps[i].w;
  int32_t nargs = m->nparams - m->nrecv;
  int32_t w = 1 + nargs;
  char *name = vm_alloc(strlen(m->name) + 1, NULL);
  strcpy(name, m->name);
  Proto *p = vm_proto_new(name);
  p->file = m->file;
  p->pos = m->pos;
  p->nparams = 1 + nargs;
  p->nresults = m->nresults;
  p->maxslots = w + (m->nparams > m->nresults ? m->nparams : m->nresults) + 1;
  p->type = m->type;
  p->k = vm_alloc(sizeof(Slot), NULL);
  p->k[0] = (Slot)(uintptr_t)m;
  p->nk = 1;
  p->code = vm_alloc(6 * sizeof(Instr), NULL);
  p->lines = vm_alloc(6 * sizeof(int32_t), NULL);
  int n = 0;
#define EMIT(op, a, b, c) (p->code[n++] = (Instr)(op) | (Instr)(a) << 16 | (Instr)(b) << 32 | (Instr)(c) << 48)
  EMIT(OP_LDN, w, 0, 0);
  p->code[n++] = (Instr)(m->nrecv * 8);
  if (nargs) EMIT(OP_MOVEN, w + m->nrecv, 1, nargs);
  EMIT(OP_CALL, w, 0, 0);
  EMIT(OP_RET, w, m->nresults, 0);
#undef EMIT
  p->ncode = n;
  for (int i = 0; i < n; i++) p->lines[i] = (int32_t)m->pos.line;
  if (nwraps == capwraps) {
    capwraps = capwraps ? capwraps * 2 : 16;
    wraps = realloc(wraps, capwraps * sizeof *wraps);
    if (!wraps) throw("vm: out of memory");
  }
  wraps[nwraps].m = m;
  wraps[nwraps++].w = p;
  return p;
}

/* The itab table: open addressing, readers lock-free (acquire loads of the table pointer and
 * of each entry), writers under itab_lock; a full table is replaced by a larger copy (old tables
 * are leaked: readers may still be probing them). */
typedef struct ItabTable {
  size_t mask;
  size_t count;
  const Itab *entries[];
} ItabTable;
static ItabTable *itabs;
static struct mutex itab_lock;

static size_t itab_hash(const Type *inter, const Type *type) {
  uintptr_t h = (uintptr_t)inter * 0x9E3779B97F4A7C15ull ^ (uintptr_t)type * 0xC2B2AE3D27D4EB4Full;
  return (size_t)(h ^ (h >> 29));
}

static const Itab *itab_find(ItabTable *t, const Type *inter, const Type *type) {
  if (!t) return NULL;
  for (size_t i = itab_hash(inter, type) & t->mask;; i = (i + 1) & t->mask) {
    const Itab *e = __atomic_load_n(&t->entries[i], __ATOMIC_ACQUIRE);
    if (!e) return NULL;
    if (e->inter == inter && e->type == type) return e;
  }
}

static void itab_insert(ItabTable *t, const Itab *m) {
  size_t i = itab_hash(m->inter, m->type) & t->mask;
  while (t->entries[i]) i = (i + 1) & t->mask;
  __atomic_store_n(&t->entries[i], m, __ATOMIC_RELEASE);
  t->count++;
}

const Itab *vm_getitab(const Type *inter, const Type *type, const char **missing) {
  const Itab *tab = itab_find(__atomic_load_n(&itabs, __ATOMIC_ACQUIRE), inter, type);
  if (tab) return tab;
  if (!vm_implements(inter, type, missing)) return NULL;
  runtime_lock(&itab_lock);
  tab = itab_find(itabs, inter, type);
  if (!tab) {
    Itab *m = vm_alloc(sizeof(Itab) + (size_t)inter->nmethods * sizeof(void *), NULL);
    m->inter = inter;
    m->type = type;
    m->hash = type->hash;
    m->nfun = (uint32_t)inter->nmethods;
    for (int32_t i = 0; i < inter->nmethods; i++) {
      bool viaptr = false;
      const Method *cm = find_method(type, inter->methods[i].name, &viaptr);
      const Proto *fn = cm->fn;
      if (fn && !cm->ptrrecv && (viaptr || !(type->tflags & TF_DIRECTIFACE)))
        fn = value_wrapper(fn);
      m->fun[i] = (void *)fn;
    }
    if (!itabs || (itabs->count + 1) * 4 > (itabs->mask + 1) * 3) {
      size_t n = itabs ? (itabs->mask + 1) * 2 : 256;
      ItabTable *nt = calloc(1, sizeof(ItabTable) + n * sizeof(Itab *));
      if (!nt) throw("vm: out of memory");
      nt->mask = n - 1;
      if (itabs)
        for (size_t i = 0; i <= itabs->mask; i++)
          if (itabs->entries[i]) itab_insert(nt, itabs->entries[i]);
      __atomic_store_n(&itabs, nt, __ATOMIC_RELEASE);
    }
    itab_insert(itabs, m);
    tab = m;
  }
  runtime_unlock(&itab_lock);
  return tab;
}

bool vm_efaceeq(GoEface a, GoEface b, const Type **uncomparable) {
  *uncomparable = NULL;
  if (a.type != b.type) return false;
  if (!a.type) return true;
  const Type *t = a.type;
  if (!t->equalfn) {
    *uncomparable = t;
    return false;
  }
  if (t->tflags & TF_DIRECTIFACE) return t->equalfn(&a.data, &b.data);
  return t->equalfn(a.data, b.data);
}

const Proto *vm_method_for_word(const Type *t, const char *name) {
  if (!t) return NULL;
  bool viaptr = false;
  const Method *m = find_method(t, name, &viaptr);
  if (!m || !m->fn) return NULL;
  const Proto *fn = m->fn;
  if (!m->ptrrecv && (viaptr || !(t->tflags & TF_DIRECTIFACE))) fn = value_wrapper(fn);
  return fn;
}

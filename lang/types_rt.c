/* Run-time hashing and equality of comparable values (typesys.h), as Go's runtime alg.go:
 * floats compare by IEEE rules (NaN != NaN, +0 == -0, so NaN hashes randomly and ±0 alike),
 * strings by bytes, interfaces by dynamic type then value, arrays and structs element-wise. */
#include "lang/typesys.h"
#include "vm/value.h"

#include <math.h>
#include <string.h>

void (*types_uncomparable_hook)(const Type *dynamic, bool hashing);

static uint64_t mix64(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 33);
}
static uint64_t hash_bytes(const void *p, size_t n, uint64_t seed) {
  const uint8_t *b = p;
  uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ull);
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, b, 8);
    h = mix64(h, w);
    b += 8, n -= 8;
  }
  uint64_t w = 0;
  memcpy(&w, b, n);
  return mix64(h, w);
}

static uint64_t nan_counter;

static uint64_t h8(const void *p, uint64_t s) { return hash_bytes(p, 1, s); }
static uint64_t h16(const void *p, uint64_t s) { return hash_bytes(p, 2, s); }
static uint64_t h32(const void *p, uint64_t s) { return hash_bytes(p, 4, s); }
static uint64_t h64(const void *p, uint64_t s) { return hash_bytes(p, 8, s); }
static uint64_t hf32(const void *p, uint64_t s) {
  float f;
  memcpy(&f, p, 4);
  if (f == 0) f = 0;
  if (f != f) return mix64(s, __atomic_add_fetch(&nan_counter, 1, __ATOMIC_RELAXED));
  return hash_bytes(&f, 4, s);
}
static uint64_t hf64(const void *p, uint64_t s) {
  double f;
  memcpy(&f, p, 8);
  if (f == 0) f = 0;
  if (f != f) return mix64(s, __atomic_add_fetch(&nan_counter, 1, __ATOMIC_RELAXED));
  return hash_bytes(&f, 8, s);
}
static uint64_t hc64(const void *p, uint64_t s) { return hf32((const char *)p + 4, hf32(p, s)); }
static uint64_t hc128(const void *p, uint64_t s) { return hf64((const char *)p + 8, hf64(p, s)); }
static uint64_t hstr(const void *p, uint64_t s) {
  const GoString *g = p;
  return hash_bytes(g->ptr, (size_t)g->len, s);
}
static bool e8(const void *a, const void *b) { return *(const uint8_t *)a == *(const uint8_t *)b; }
static bool e16(const void *a, const void *b) { return memcmp(a, b, 2) == 0; }
static bool e32(const void *a, const void *b) { return memcmp(a, b, 4) == 0; }
static bool e64(const void *a, const void *b) { return memcmp(a, b, 8) == 0; }
static bool ef32(const void *a, const void *b) {
  float x, y;
  memcpy(&x, a, 4), memcpy(&y, b, 4);
  return x == y;
}
static bool ef64(const void *a, const void *b) {
  double x, y;
  memcpy(&x, a, 8), memcpy(&y, b, 8);
  return x == y;
}
static bool ec64(const void *a, const void *b) {
  return ef32(a, b) && ef32((const char *)a + 4, (const char *)b + 4);
}
static bool ec128(const void *a, const void *b) {
  return ef64(a, b) && ef64((const char *)a + 8, (const char *)b + 8);
}
static bool estr(const void *a, const void *b) {
  const GoString *x = a, *y = b;
  return x->len == y->len && (x->ptr == y->ptr || memcmp(x->ptr, y->ptr, (size_t)x->len) == 0);
}

void types_set_runtime_fns(Type *t) {
  t->hashfn = NULL;
  t->equalfn = NULL;
  if (!(t->tflags & TF_COMPARABLE)) return;
  switch (t->kind) {
  case K_BOOL: case K_INT8: case K_UINT8: t->hashfn = h8, t->equalfn = e8; break;
  case K_INT16: case K_UINT16: t->hashfn = h16, t->equalfn = e16; break;
  case K_INT32: case K_UINT32: t->hashfn = h32, t->equalfn = e32; break;
  case K_INT: case K_INT64: case K_UINT: case K_UINT64: case K_UINTPTR: case K_POINTER:
  case K_CHAN: case K_UNSAFEPOINTER:
    t->hashfn = h64, t->equalfn = e64;
    break;
  case K_FLOAT32: t->hashfn = hf32, t->equalfn = ef32; break;
  case K_FLOAT64: t->hashfn = hf64, t->equalfn = ef64; break;
  case K_COMPLEX64: t->hashfn = hc64, t->equalfn = ec64; break;
  case K_COMPLEX128: t->hashfn = hc128, t->equalfn = ec128; break;
  case K_STRING: t->hashfn = hstr, t->equalfn = estr; break;
  default: break; /* arrays, structs, interfaces: types_hash / types_equal */
  }
}

/* Dynamic type and data pointer of an interface value in memory. */
static const Type *iface_dyn(const Type *it, const void *p, const void **data) {
  const GoEface *e = p;
  const Type *dt;
  if (it->nmethods == 0) dt = e->type;
  else dt = e->type ? ((const Itab *)(const void *)e->type)->type : NULL;
  if (dt && dt->tflags & TF_DIRECTIFACE) *data = &e->data;
  else *data = e->data;
  return dt;
}

uint64_t types_hash(const Type *t, const void *p, uint64_t seed) {
  if (t->hashfn) return t->hashfn(p, seed);
  switch (t->kind) {
  case K_ARRAY:
    for (int64_t i = 0; i < t->len; i++) seed = types_hash(t->elem, (const char *)p + i * t->elem->size, seed);
    return seed;
  case K_STRUCT:
    for (int i = 0; i < t->nfields; i++) {
      if (t->fields[i].name[0] == '_' && t->fields[i].name[1] == 0) continue;
      seed = types_hash(t->fields[i].type, (const char *)p + t->fields[i].offset, seed);
    }
    return seed;
  case K_INTERFACE: {
    const void *data;
    const Type *dt = iface_dyn(t, p, &data);
    if (!dt) return mix64(seed, 0);
    if (!(dt->tflags & TF_COMPARABLE)) {
      if (types_uncomparable_hook) types_uncomparable_hook(dt, true);
      return 0;
    }
    return types_hash(dt, data, mix64(seed, dt->hash));
  }
  default:
    return hash_bytes(p, (size_t)t->size, seed);
  }
}

bool types_equal(const Type *t, const void *a, const void *b) {
  if (t->equalfn) return t->equalfn(a, b);
  switch (t->kind) {
  case K_ARRAY:
    for (int64_t i = 0; i < t->len; i++)
      if (!types_equal(t->elem, (const char *)a + i * t->elem->size, (const char *)b + i * t->elem->size))
        return false;
    return true;
  case K_STRUCT:
    for (int i = 0; i < t->nfields; i++) {
      if (t->fields[i].name[0] == '_' && t->fields[i].name[1] == 0) continue;
      int64_t o = t->fields[i].offset;
      if (!types_equal(t->fields[i].type, (const char *)a + o, (const char *)b + o)) return false;
    }
    return true;
  case K_INTERFACE: {
    const void *da, *db;
    const Type *ta = iface_dyn(t, a, &da), *tb = iface_dyn(t, b, &db);
    if (ta != tb) return false;
    if (!ta) return true;
    if (!(ta->tflags & TF_COMPARABLE)) {
      if (types_uncomparable_hook) types_uncomparable_hook(ta, false);
      return false;
    }
    return types_equal(ta, da, db);
  }
  default:
    return memcmp(a, b, (size_t)t->size) == 0;
  }
}

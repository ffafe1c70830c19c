/* The type universe (see types.h): predeclared types, hash-consed constructors, Go amd64 layout,
 * type strings, run-time hash/equality, method lookup and interface satisfaction.
 *
 * Invariants:
 *  - Unnamed types are unique per structure: a constructor returns the existing Type when an
 *    identical one was made before (components are compared by pointer, which is identity because
 *    they were hash-consed too). So identical(T, U) <=> T == U.
 *  - A type is TF_COMPLETE once its layout is known. Unnamed types are complete when made unless
 *    they contain, by value, a named type whose underlying type is not set yet; such types are
 *    completed when the named type is (types_complete propagates through the pending list).
 *  - All mutation happens under types_lock; checker passes may run on several threads. */
#include "lang/types.h"
#include "lang/check.h"
#include "lang/typesys.h"
#include "vm/value.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t types_lock = PTHREAD_MUTEX_INITIALIZER;

static void *xcalloc(size_t n, size_t sz) {
  void *p = calloc(n ? n : 1, sz);
  if (!p) abort();
  return p;
}

/* ---- hashing helpers ------------------------------------------------------------------------ */

static uint32_t mix32(uint32_t h, uint64_t v) {
  uint64_t x = (h ^ v) * 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  return (uint32_t)(x ^ (x >> 32));
}
static uint32_t strhash(const char *s) {
  uint32_t h = 2166136261u;
  for (; s && *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
  return h;
}

/* ---- hash-cons table ------------------------------------------------------------------------ */

static Type **tab;
static size_t tabcap, tabn;

static bool same_struct(const Type *a, const Type *b) {
  if (a->kind != b->kind || a->tflags & TF_NAMED || b->tflags & TF_NAMED) return false;
  switch (a->kind) {
  case K_POINTER: case K_SLICE: return a->elem == b->elem;
  case K_ARRAY: return a->elem == b->elem && a->len == b->len;
  case K_MAP: return a->key == b->key && a->elem == b->elem;
  case K_CHAN: return a->elem == b->elem && a->chandir == b->chandir;
  case K_FUNC:
  case K_TUPLE:
    if (a->nparams != b->nparams || a->nresults != b->nresults ||
        (a->tflags & TF_VARIADIC) != (b->tflags & TF_VARIADIC))
      return false;
    for (int i = 0; i < a->nparams; i++)
      if (a->params[i] != b->params[i]) return false;
    for (int i = 0; i < a->nresults; i++)
      if (a->results[i] != b->results[i]) return false;
    return true;
  case K_STRUCT:
    if (a->nfields != b->nfields) return false;
    for (int i = 0; i < a->nfields; i++) {
      Field *x = &a->fields[i], *y = &b->fields[i];
      if (x->name != y->name || x->type != y->type || x->embedded != y->embedded) return false;
      if ((x->tag == NULL) != (y->tag == NULL) || (x->tag && strcmp(x->tag, y->tag))) return false;
    }
    return true;
  case K_INTERFACE:
    if (a->nmethods != b->nmethods) return false;
    for (int i = 0; i < a->nmethods; i++)
      if (a->methods[i].name != b->methods[i].name || a->methods[i].type != b->methods[i].type)
        return false;
    return true;
  }
  return false;
}

static uint32_t struct_hash(const Type *t) {
  uint32_t h = mix32(0x51ed27u, t->kind);
  switch (t->kind) {
  case K_POINTER: case K_SLICE: h = mix32(h, t->elem->hash); break;
  case K_ARRAY: h = mix32(mix32(h, t->elem->hash), (uint64_t)t->len); break;
  case K_MAP: h = mix32(mix32(h, t->key->hash), t->elem->hash); break;
  case K_CHAN: h = mix32(mix32(h, t->elem->hash), t->chandir); break;
  case K_FUNC: case K_TUPLE:
    h = mix32(h, (uint64_t)t->nparams << 32 | (uint32_t)t->nresults);
    h = mix32(h, t->tflags & TF_VARIADIC);
    for (int i = 0; i < t->nparams; i++) h = mix32(h, t->params[i]->hash);
    for (int i = 0; i < t->nresults; i++) h = mix32(h, t->results[i]->hash);
    break;
  case K_STRUCT:
    for (int i = 0; i < t->nfields; i++)
      h = mix32(mix32(mix32(h, strhash(t->fields[i].name)), t->fields[i].type->hash),
                t->fields[i].embedded);
    break;
  case K_INTERFACE:
    for (int i = 0; i < t->nmethods; i++)
      h = mix32(mix32(h, strhash(t->methods[i].name)), t->methods[i].type->hash);
    break;
  }
  return h ? h : 1;
}

static void tab_insert_raw(Type *t) {
  size_t i = t->hash & (tabcap - 1);
  while (tab[i]) i = (i + 1) & (tabcap - 1);
  tab[i] = t;
}
/* Returns the canonical type for proto (which lives on the caller's stack; its arrays are copied
 * when it becomes canonical). Lock held. */
static Type *intern_type(Type *proto);

/* ---- layout ----------------------------------------------------------------------------------- */

static Type **pending; /* unnamed types waiting for a named component to complete */
static int npending, cappending;

static bool needs_by_value(const Type *t) { return (t->tflags & TF_COMPLETE) != 0; }

static void set_mask(uint8_t *mask, int64_t word) { mask[word / 8] |= (uint8_t)(1u << (word % 8)); }

static void copy_mask(uint8_t *dst, int64_t dstword, const Type *src) {
  if (!src->ptrmask) return;
  int64_t words = (src->size + 7) / 8;
  for (int64_t w = 0; w < words; w++)
    if (src->ptrmask[w / 8] & (1u << (w % 8))) set_mask(dst, dstword + w);
}

/* Computes the layout and run-time fields of an unnamed type whose by-value components are
 * complete. Lock held. */
static void layout(Type *t) {
  int64_t size = 8;
  int align = 8;
  bool cmp = true, direct = false;
  uint8_t *mask = NULL;
  switch (t->kind) {
  case K_POINTER: case K_MAP: case K_CHAN: case K_FUNC: case K_UNSAFEPOINTER:
    direct = true;
    cmp = t->kind != K_MAP && t->kind != K_FUNC;
    mask = xcalloc(1, 1);
    mask[0] = 1;
    break;
  case K_SLICE:
    size = 24, cmp = false;
    mask = xcalloc(1, 1);
    mask[0] = 1;
    break;
  case K_INTERFACE:
    size = 16;
    mask = xcalloc(1, 1);
    mask[0] = 2; /* the data word; type words are never freed */
    break;
  case K_TUPLE:
    size = 0, cmp = false;
    break;
  case K_ARRAY: {
    Type *e = t->elem;
    if (__builtin_mul_overflow(e->size, t->len, &size)) size = INT64_MAX; /* checker reports */
    align = e->align;
    cmp = (e->tflags & TF_COMPARABLE) != 0;
    if (e->ptrmask && size < (1ll << 40)) {
      int64_t words = (size + 7) / 8;
      mask = xcalloc((size_t)(words + 7) / 8, 1);
      for (int64_t i = 0; i < t->len; i++) {
        if (e->size % 8) break; /* elements with pointers are 8-aligned, so this never happens */
        copy_mask(mask, i * e->size / 8, e);
      }
    }
    break;
  }
  case K_STRUCT: {
    int64_t off = 0;
    align = 1;
    bool anyptr = false;
    for (int i = 0; i < t->nfields; i++) {
      Type *ft = t->fields[i].type;
      int a = ft->align ? ft->align : 1;
      off = (off + a - 1) / a * a;
      t->fields[i].offset = off;
      off += ft->size;
      if (a > align) align = a;
      if (!(ft->tflags & TF_COMPARABLE)) cmp = false;
      if (ft->ptrmask) anyptr = true;
    }
    if (t->nfields && off > 0 && t->fields[t->nfields - 1].type->size == 0) off++;
    size = (off + align - 1) / align * align;
    if (anyptr) {
      int64_t words = (size + 7) / 8;
      mask = xcalloc((size_t)(words + 7) / 8, 1);
      for (int i = 0; i < t->nfields; i++) copy_mask(mask, t->fields[i].offset / 8, t->fields[i].type);
    }
    break;
  }
  default:
    break;
  }
  t->size = size;
  t->align = (uint8_t)align;
  t->nslots = (int32_t)((size + 7) / 8);
  if (t->kind == K_TUPLE) t->nslots = 0;
  t->ptrmask = mask;
  t->tflags |= TF_COMPLETE | (cmp ? TF_COMPARABLE : 0) | (direct ? TF_DIRECTIFACE : 0) |
               (mask ? TF_HASPTR : 0);
  types_set_runtime_fns(t);
}

static bool components_complete(const Type *t) {
  switch (t->kind) {
  case K_ARRAY: return needs_by_value(t->elem);
  case K_STRUCT:
    for (int i = 0; i < t->nfields; i++)
      if (!needs_by_value(t->fields[i].type)) return false;
    return true;
  default: return true;
  }
}

static Type *intern_type(Type *proto) {
  proto->hash = struct_hash(proto);
  if (tabcap) {
    size_t i = proto->hash & (tabcap - 1);
    for (; tab[i]; i = (i + 1) & (tabcap - 1))
      if (tab[i]->hash == proto->hash && same_struct(tab[i], proto)) return tab[i];
  }
  if ((tabn + 1) * 2 > tabcap) {
    Type **old = tab;
    size_t oldcap = tabcap;
    tabcap = tabcap ? tabcap * 2 : 1024;
    tab = xcalloc(tabcap, sizeof *tab);
    for (size_t i = 0; i < oldcap; i++)
      if (old[i]) tab_insert_raw(old[i]);
    free(old);
  }
  Type *t = xcalloc(1, sizeof *t);
  *t = *proto;
  t->underlying = t;
  if (t->nparams) {
    t->params = xcalloc((size_t)t->nparams, sizeof(Type *));
    memcpy(t->params, proto->params, (size_t)t->nparams * sizeof(Type *));
  }
  if (t->nresults) {
    t->results = xcalloc((size_t)t->nresults, sizeof(Type *));
    memcpy(t->results, proto->results, (size_t)t->nresults * sizeof(Type *));
  }
  if (t->nfields) {
    t->fields = xcalloc((size_t)t->nfields, sizeof(Field));
    memcpy(t->fields, proto->fields, (size_t)t->nfields * sizeof(Field));
  }
  if (t->nmethods) {
    t->methods = xcalloc((size_t)t->nmethods, sizeof(Method));
    memcpy(t->methods, proto->methods, (size_t)t->nmethods * sizeof(Method));
    for (int i = 0; i < t->nmethods; i++) t->methods[i].index = i;
  }
  tab_insert_raw(t);
  tabn++;
  if (components_complete(t)) {
    layout(t);
  } else {
    if (npending == cappending) {
      cappending = cappending ? cappending * 2 : 16;
      pending = realloc(pending, (size_t)cappending * sizeof *pending);
      if (!pending) abort();
    }
    pending[npending++] = t;
  }
  t->str = NULL; /* made lazily by types_string */
  return t;
}

/* ---- predeclared types ------------------------------------------------------------------------ */

static Type basic_types[K_KIND_COUNT];
static Type *error_type, *any_type, *invalid_type;
static pthread_once_t basic_once = PTHREAD_ONCE_INIT;

static const char *basic_names[K_KIND_COUNT] = {
  [K_INVALID] = "invalid type", [K_BOOL] = "bool", [K_INT] = "int", [K_INT8] = "int8",
  [K_INT16] = "int16", [K_INT32] = "int32", [K_INT64] = "int64", [K_UINT] = "uint",
  [K_UINT8] = "uint8", [K_UINT16] = "uint16", [K_UINT32] = "uint32", [K_UINT64] = "uint64",
  [K_UINTPTR] = "uintptr", [K_FLOAT32] = "float32", [K_FLOAT64] = "float64",
  [K_COMPLEX64] = "complex64", [K_COMPLEX128] = "complex128", [K_STRING] = "string",
  [K_UNSAFEPOINTER] = "unsafe.Pointer", [K_UNTYPED_BOOL] = "untyped bool",
  [K_UNTYPED_INT] = "untyped int", [K_UNTYPED_RUNE] = "untyped rune",
  [K_UNTYPED_FLOAT] = "untyped float", [K_UNTYPED_COMPLEX] = "untyped complex",
  [K_UNTYPED_STRING] = "untyped string", [K_UNTYPED_NIL] = "untyped nil",
};

static __thread bool initialising; /* init_basic uses the constructors itself */

static void init_basic(void) {
  initialising = true;
  pthread_mutex_lock(&types_lock);
  for (int k = 0; k < K_KIND_COUNT; k++) {
    if (!basic_names[k]) continue;
    Type *t = &basic_types[k];
    t->kind = (uint8_t)k;
    t->name = basic_names[k];
    t->str = basic_names[k];
    t->underlying = t;
    t->hash = strhash(basic_names[k]) | 1;
    if (k < K_UNTYPED_BOOL && k != K_INVALID) t->tflags = TF_NAMED;
    int64_t size = 0;
    switch (k) {
    case K_BOOL: case K_INT8: case K_UINT8: size = 1; break;
    case K_INT16: case K_UINT16: size = 2; break;
    case K_INT32: case K_UINT32: case K_FLOAT32: size = 4; break;
    case K_INT: case K_INT64: case K_UINT: case K_UINT64: case K_UINTPTR: case K_FLOAT64:
    case K_COMPLEX64: case K_UNSAFEPOINTER: size = 8; break;
    case K_COMPLEX128: case K_STRING: size = 16; break;
    }
    t->size = size;
    t->align = (uint8_t)(k == K_COMPLEX64 ? 4 : k == K_COMPLEX128 || k == K_STRING ? 8 : size);
    t->nslots = (int32_t)((size + 7) / 8);
    if (k == K_INVALID || k >= K_UNTYPED_BOOL) continue;
    t->tflags |= TF_COMPLETE | TF_COMPARABLE;
    if (k != K_STRING && k != K_COMPLEX64 && k != K_COMPLEX128) t->tflags |= TF_DIRECTIFACE;
    if (k == K_STRING || k == K_UNSAFEPOINTER) {
      uint8_t *m = xcalloc(1, 1);
      m[0] = 1;
      t->ptrmask = m;
      t->tflags |= TF_HASPTR;
    }
    if (k == K_UNSAFEPOINTER) t->name = "Pointer", t->pkgpath = "unsafe";
    types_set_runtime_fns(t);
  }
  invalid_type = &basic_types[K_INVALID];
  pthread_mutex_unlock(&types_lock);

  any_type = types_interface(NULL, 0);
  /* error: a named interface { Error() string } */
  Type *str = &basic_types[K_STRING];
  Type *sig = types_func(NULL, 0, &str, 1, false);
  Method m = {.name = intern_cstr("Error"), .type = sig, .exported = true};
  Type *u = types_interface(&m, 1);
  error_type = types_named(intern_cstr("error"), NULL, NULL);
  types_set_underlying(error_type, u);
  initialising = false;
}

Type *types_basic(Kind k) {
  pthread_once(&basic_once, init_basic);
  return &basic_types[k];
}
Type *types_error(void) {
  pthread_once(&basic_once, init_basic);
  return error_type;
}
Type *types_any(void) {
  pthread_once(&basic_once, init_basic);
  return any_type;
}

/* ---- constructors ----------------------------------------------------------------------------- */

static Type *make(Type *proto) {
  if (!initialising) pthread_once(&basic_once, init_basic);
  pthread_mutex_lock(&types_lock);
  Type *t = intern_type(proto);
  pthread_mutex_unlock(&types_lock);
  return t;
}

Type *types_pointer(Type *elem) {
  if (elem->ptrto) return elem->ptrto;
  Type p = {.kind = K_POINTER, .elem = elem};
  Type *t = make(&p);
  elem->ptrto = t;
  return t;
}
Type *types_slice(Type *elem) {
  Type p = {.kind = K_SLICE, .elem = elem};
  return make(&p);
}
Type *types_array(Type *elem, int64_t len) {
  Type p = {.kind = K_ARRAY, .elem = elem, .len = len};
  return make(&p);
}
Type *types_map(Type *key, Type *elem) {
  Type p = {.kind = K_MAP, .key = key, .elem = elem};
  return make(&p);
}
Type *types_chan(int dir, Type *elem) {
  Type p = {.kind = K_CHAN, .elem = elem, .chandir = (uint8_t)dir};
  return make(&p);
}
Type *types_func(Type **params, int np, Type **results, int nr, bool variadic) {
  Type p = {.kind = K_FUNC, .params = params, .nparams = np, .results = results, .nresults = nr,
            .tflags = variadic ? TF_VARIADIC : 0};
  return make(&p);
}
Type *types_tuple(Type **elems, int n) {
  Type p = {.kind = K_TUPLE, .params = elems, .nparams = n};
  return make(&p);
}
Type *types_struct(Field *fields, int n) {
  Type p = {.kind = K_STRUCT, .fields = fields, .nfields = n};
  return make(&p);
}
static int method_cmp(const void *a, const void *b) {
  return strcmp(((const Method *)a)->name, ((const Method *)b)->name);
}
Type *types_interface(Method *methods, int n) {
  Method *sorted = NULL;
  if (n) {
    sorted = xcalloc((size_t)n, sizeof *sorted);
    memcpy(sorted, methods, (size_t)n * sizeof *sorted);
    qsort(sorted, (size_t)n, sizeof *sorted, method_cmp);
  }
  Type p = {.kind = K_INTERFACE, .methods = sorted, .nmethods = n};
  Type *t = make(&p);
  free(sorted);
  return t;
}

static uint32_t named_counter;

Type *types_named(const char *name, const char *pkgpath, Object *obj) {
  if (!initialising) pthread_once(&basic_once, init_basic);
  Type *t = xcalloc(1, sizeof *t);
  t->kind = K_INVALID;
  t->tflags = TF_NAMED;
  t->name = name;
  t->pkgpath = pkgpath;
  t->obj = obj;
  t->underlying = NULL;
  pthread_mutex_lock(&types_lock);
  t->hash = mix32(mix32(strhash(name), strhash(pkgpath)), ++named_counter) | 1;
  pthread_mutex_unlock(&types_lock);
  return t;
}

/* Copies the layout of u into named type t. Lock held. */
static void complete_named(Type *t, Type *u) {
  t->kind = u->kind;
  t->align = u->align;
  t->chandir = u->chandir;
  t->size = u->size;
  t->nslots = u->nslots;
  t->elem = u->elem;
  t->key = u->key;
  t->len = u->len;
  t->fields = u->fields;
  t->nfields = u->nfields;
  t->params = u->params;
  t->nparams = u->nparams;
  t->results = u->results;
  t->nresults = u->nresults;
  t->ptrmask = u->ptrmask;
  t->tflags = TF_NAMED | (u->tflags & ~TF_NAMED);
  if (u->kind == K_INTERFACE) {
    t->methods = u->methods;
    t->nmethods = u->nmethods;
  }
  types_set_runtime_fns(t);
}

static void flush_pending(void) {
  bool progress = true;
  while (progress) {
    progress = false;
    for (int i = 0; i < npending; i++) {
      Type *p = pending[i];
      if (components_complete(p)) {
        layout(p);
        pending[i] = pending[--npending];
        progress = true;
        i--;
      }
    }
  }
}

void types_set_underlying(Type *named, Type *u) {
  pthread_mutex_lock(&types_lock);
  Type *uu = u->underlying ? u->underlying : u;
  named->underlying = uu;
  if (uu->tflags & TF_COMPLETE) {
    complete_named(named, uu);
    flush_pending();
  } else {
    named->kind = uu->kind; /* kind is known even when layout is not */
  }
  pthread_mutex_unlock(&types_lock);
}

bool types_try_complete(Type *named) {
  pthread_mutex_lock(&types_lock);
  bool ok = named->tflags & TF_COMPLETE;
  if (!ok && named->underlying && named->underlying->tflags & TF_COMPLETE) {
    complete_named(named, named->underlying);
    flush_pending();
    ok = true;
  }
  pthread_mutex_unlock(&types_lock);
  return ok;
}

/* types_lock: method arrays replaced by types_add_method, still reachable (not leaked). */
typedef struct RetiredMethods {
  struct RetiredMethods *next;
  Method *methods;
} RetiredMethods;
static RetiredMethods *retired_methods;

/* types_lock held: named's current array stays reachable (readers may hold it). */
static void retire_methods(Type *named) {
  if (!named->methods) return;
  RetiredMethods *r = xcalloc(1, sizeof *r);
  r->methods = named->methods;
  r->next = retired_methods;
  retired_methods = r;
}

void types_restore_methods(Type *named, Method *methods, int32_t n) {
  pthread_mutex_lock(&types_lock);
  if (named->methods != methods) retire_methods(named);
  named->methods = methods;
  named->nmethods = n;
  pthread_mutex_unlock(&types_lock);
}

void types_add_method(Type *named, const Method *m) {
  pthread_mutex_lock(&types_lock);
  if (named->underlying && named->underlying->kind == K_INTERFACE) {
    pthread_mutex_unlock(&types_lock);
    return;
  }
  Method *v = xcalloc((size_t)named->nmethods + 1, sizeof *v);
  int k = 0, i = 0;
  for (; i < named->nmethods && strcmp(named->methods[i].name, m->name) < 0; i++) v[k++] = named->methods[i];
  v[k++] = *m;
  for (; i < named->nmethods; i++) v[k++] = named->methods[i];
  for (i = 0; i < k; i++) v[i].index = i;
  retire_methods(named); /* types are immortal */
  named->methods = v;
  named->nmethods = k;
  pthread_mutex_unlock(&types_lock);
}

/* ---- type strings ----------------------------------------------------------------------------- */

typedef struct Buf {
  char *p;
  size_t n, cap;
} Buf;
static void bput(Buf *b, const char *s) {
  size_t l = strlen(s);
  if (b->n + l + 1 > b->cap) {
    b->cap = (b->n + l + 1) * 2;
    b->p = realloc(b->p, b->cap);
    if (!b->p) abort();
  }
  memcpy(b->p + b->n, s, l + 1);
  b->n += l;
}

/* mode 0: %T (reflect) style; mode 1: checker style relative to package `rel`. */
static void write_type(Buf *b, const Type *t, int mode, const char *rel, int depth) {
  if (depth > 50) { bput(b, "..."); return; }
  if (t->tflags & TF_NAMED || t->kind == K_INVALID || t->kind >= K_UNTYPED_BOOL) {
    if (t->pkgpath && !(mode == 1 && rel && strcmp(t->pkgpath, rel) == 0)) {
      const char *slash = strrchr(t->pkgpath, '/');
      bput(b, slash ? slash + 1 : t->pkgpath);
      bput(b, ".");
    }
    bput(b, t->name ? t->name : "?");
    return;
  }
  char tmp[32];
  switch (t->kind) {
  case K_POINTER: bput(b, "*"); write_type(b, t->elem, mode, rel, depth + 1); break;
  case K_SLICE: bput(b, "[]"); write_type(b, t->elem, mode, rel, depth + 1); break;
  case K_ARRAY:
    snprintf(tmp, sizeof tmp, "[%lld]", (long long)t->len);
    bput(b, tmp);
    write_type(b, t->elem, mode, rel, depth + 1);
    break;
  case K_MAP:
    bput(b, "map[");
    write_type(b, t->key, mode, rel, depth + 1);
    bput(b, "]");
    write_type(b, t->elem, mode, rel, depth + 1);
    break;
  case K_CHAN:
    bput(b, t->chandir == CHAN_SEND ? "chan<- " : t->chandir == CHAN_RECV ? "<-chan " : "chan ");
    if (t->chandir == CHAN_BOTH && t->elem->kind == K_CHAN && !(t->elem->tflags & TF_NAMED) &&
        t->elem->chandir == CHAN_RECV) {
      bput(b, "(");
      write_type(b, t->elem, mode, rel, depth + 1);
      bput(b, ")");
    } else {
      write_type(b, t->elem, mode, rel, depth + 1);
    }
    break;
  case K_FUNC:
    bput(b, "func");
    /* fallthrough */
  case K_TUPLE: {
    /* a function's spelling may name its parameters and results (in fields, params first;
     * NULL names in an unnamed list) */
    bool names = t->tflags & TF_SPELLING && t->nfields && t->nfields == t->nparams + t->nresults;
    bool rnames = names && t->nresults && t->fields[t->nparams].name;
    bput(b, "(");
    for (int i = 0; i < t->nparams; i++) {
      if (i) bput(b, ", ");
      if (names && t->fields[i].name) {
        bput(b, t->fields[i].name);
        bput(b, " ");
      }
      if (i == t->nparams - 1 && t->tflags & TF_VARIADIC) {
        bput(b, "...");
        write_type(b, t->params[i]->elem, mode, rel, depth + 1);
      } else {
        write_type(b, t->params[i], mode, rel, depth + 1);
      }
    }
    bput(b, ")");
    if (t->nresults == 1 && !rnames) {
      bput(b, " ");
      write_type(b, t->results[0], mode, rel, depth + 1);
    } else if (t->nresults > 0) {
      bput(b, " (");
      for (int i = 0; i < t->nresults; i++) {
        if (i) bput(b, ", ");
        if (rnames) {
          bput(b, t->fields[t->nparams + i].name);
          bput(b, " ");
        }
        write_type(b, t->results[i], mode, rel, depth + 1);
      }
      bput(b, ")");
    }
    break;
  }
  case K_STRUCT:
    bput(b, mode == 0 ? "struct {" : "struct{");
    for (int i = 0; i < t->nfields; i++) {
      bput(b, i ? "; " : mode == 0 ? " " : "");
      if (!t->fields[i].embedded || mode == 0) {
        bput(b, t->fields[i].name);
        bput(b, " ");
      }
      write_type(b, t->fields[i].type, mode, rel, depth + 1);
      if (t->fields[i].tag) {
        bput(b, " \"");
        for (const char *s = t->fields[i].tag; *s; s++) {
          char c[3] = {*s, 0, 0};
          if (*s == '"' || *s == '\\') c[0] = '\\', c[1] = *s;
          bput(b, c);
        }
        bput(b, "\"");
      }
    }
    bput(b, mode == 0 && t->nfields ? " }" : "}");
    break;
  case K_INTERFACE:
    bput(b, mode == 0 ? "interface {" : "interface{");
    for (int i = 0; i < t->nmethods; i++) {
      bput(b, i ? "; " : mode == 0 ? " " : "");
      bput(b, t->methods[i].name);
      Buf sb = {0};
      write_type(&sb, t->methods[i].type, mode, rel, depth + 1);
      bput(b, sb.p + 4); /* drop "func" */
      free(sb.p);
    }
    bput(b, mode == 0 && t->nmethods ? " }" : "}");
    break;
  default:
    bput(b, "?");
  }
}

const char *types_string(Type *t) {
  if (t->str) return t->str;
  Buf b = {0};
  write_type(&b, t, 0, NULL, 0);
  const char *s = intern_cstr(b.p);
  free(b.p);
  t->str = s; /* benign race: every writer stores the same interned pointer */
  return s;
}

char *types_string_rel(const Type *t, const char *relpkg) {
  Buf b = {0};
  bput(&b, "");
  write_type(&b, t, 1, relpkg, 0);
  return b.p;
}

/* ---- method and field lookup ----------------------------------------------------------------- */

/* Breadth-first search through embedded fields, as the spec's selector rule: the shallowest
 * depth with a match wins; two matches at that depth are ambiguous. */
typedef struct Cand {
  const Type *t;    /* named or unnamed type at this level (pointer stripped) */
  int32_t path[16];
  int npath;
  bool indirect;    /* reached through a pointer */
} Cand;

LookupResult types_lookup(Type *T, const char *name) {
  LookupResult r;
  memset(&r, 0, sizeof r);
  if (name[0] == '_' && name[1] == 0) return r; /* blank fields and methods cannot be selected */
  bool isptr = false;
  if (!(T->tflags & TF_NAMED) && T->kind == K_POINTER) {
    T = T->elem;
    isptr = true;
  }
  /* interface: its method set directly */
  if (T->kind == K_INTERFACE) {
    if (isptr) return r;
    for (int i = 0; i < T->nmethods; i++)
      if (T->methods[i].name == name) {
        r.kind = LK_IFACEMETHOD;
        r.method = &T->methods[i];
        r.index = i;
        return r;
      }
    return r;
  }
  Cand cur[64], next[64];
  int ncur = 1, nnext;
  memset(&cur[0], 0, sizeof cur[0]);
  cur[0].t = T;
  cur[0].indirect = isptr;
  const Type *seen[64];
  int nseen = 0;
  for (int depth = 0; ncur > 0 && depth < 16; depth++) {
    int found = 0;
    nnext = 0;
    for (int c = 0; c < ncur; c++) {
      const Type *t = cur[c].t;
      if (t->tflags & TF_NAMED) {
        bool dup = false;
        for (int s = 0; s < nseen; s++)
          if (seen[s] == t) dup = true;
        if (dup) continue;
        if (nseen < 64) seen[nseen++] = t;
        if (t->kind != K_INTERFACE)
          for (int i = 0; i < t->nmethods; i++)
            if (t->methods[i].name == name) {
              if (found++ == 0) {
                r.kind = LK_METHOD;
                r.method = &t->methods[i];
                r.recvtype = (Type *)t;
                r.npath = cur[c].npath;
                memcpy(r.path, cur[c].path, sizeof r.path);
                r.indirect = cur[c].indirect;
              }
            }
      }
      const Type *u = t->underlying ? t->underlying : t;
      if (u->kind == K_STRUCT) {
        for (int i = 0; i < u->nfields; i++) {
          Field *f = &u->fields[i];
          if (f->name == name) {
            if (found++ == 0) {
              r.kind = LK_FIELD;
              r.field = f;
              r.index = i;
              r.npath = cur[c].npath;
              memcpy(r.path, cur[c].path, sizeof r.path);
              r.indirect = cur[c].indirect;
            }
          }
          if (f->embedded && nnext < 64 && cur[c].npath < 15) {
            Cand *n = &next[nnext++];
            *n = cur[c];
            n->path[n->npath++] = i;
            const Type *ft = f->type;
            if (!(ft->tflags & TF_NAMED) && ft->kind == K_POINTER) {
              ft = ft->elem;
              n->indirect = true;
            }
            n->t = ft;
          }
        }
      } else if (u->kind == K_INTERFACE && depth > 0) {
        for (int i = 0; i < u->nmethods; i++)
          if (u->methods[i].name == name) {
            if (found++ == 0) {
              r.kind = LK_IFACEMETHOD;
              r.method = &u->methods[i];
              r.index = i;
              r.npath = cur[c].npath;
              memcpy(r.path, cur[c].path, sizeof r.path);
              r.indirect = cur[c].indirect;
            }
          }
      }
    }
    if (found > 1) {
      memset(&r, 0, sizeof r);
      r.kind = LK_AMBIGUOUS;
      return r;
    }
    if (found == 1) return r;
    memcpy(cur, next, (size_t)nnext * sizeof *cur);
    ncur = nnext;
  }
  return r;
}

/* Does T (value or pointer type) have method m with an identical signature? */
int types_missing_method(Type *T, Type *iface, const char **name) {
  Type *u = iface->underlying ? iface->underlying : iface;
  for (int i = 0; i < u->nmethods; i++) {
    Method *want = &u->methods[i];
    *name = want->name;
    if (T->kind == K_INTERFACE) {
      Type *tu = T->underlying;
      bool ok = false;
      for (int j = 0; j < tu->nmethods; j++)
        if (tu->methods[j].name == want->name) {
          if (tu->methods[j].type != want->type) return MM_WRONGTYPE;
          ok = true;
        }
      if (!ok) return MM_MISSING;
      continue;
    }
    LookupResult r = types_lookup(T, want->name);
    if (r.kind != LK_METHOD && r.kind != LK_IFACEMETHOD) return MM_MISSING;
    if (r.method->type != want->type) return MM_WRONGTYPE;
    bool tisptr = !(T->tflags & TF_NAMED) && T->kind == K_POINTER;
    if (r.kind == LK_METHOD && r.method->ptrrecv && !tisptr && !r.indirect) return MM_PTRRECV;
  }
  return MM_OK;
}

/* Method lookup on dynamic types: itabs, and the wrappers that adapt a method to being called
 * with an interface's data word as its receiver.
 *
 * An interface call (CALLI) passes the data word (vm/value.h) where the method expects its
 * receiver. The word is the receiver itself when the method's receiver type is the dynamic type
 * and that type is TF_DIRECTIFACE, or a pointer method of *T. Otherwise a wrapper proto adapts:
 *   - value wrapper: a value method of T called through a pointer (dynamic type *T, or T stored
 *     indirectly): loads T from the word;
 *   - promoted wrapper: a method found through embedded fields (the spec's selector rule,
 *     types_lookup): walks the fields from the word (a pointer to the outer struct: structs are
 *     never direct), loading embedded pointers, then passes the embedded value, its address, or
 *     for an embedded interface, calls through its itab.
 * Wrappers are made once and cached (value wrappers on the method's Proto, promoted ones in a
 * table keyed by (type, name)); all creation happens under wrap_lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/mgc.h"
#include "lang/source.h"
#include "lang/typesys.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/object.h"
#include "vm/opcodes.h"

static struct mutex wrap_lock;

int vm_loadop(const Type *t) {
  switch (t->kind) {
  case K_STRUCT: case K_ARRAY: case K_STRING: case K_SLICE: case K_INTERFACE: case K_COMPLEX128:
    return OP_LDN;
  default: break;
  }
  bool sgn = t->kind >= K_INT && t->kind <= K_INT64;
  switch (t->size) {
  case 1: return sgn ? OP_LD8 : OP_LD8U;
  case 2: return sgn ? OP_LD16 : OP_LD16U;
  case 4: return sgn ? OP_LD32 : OP_LD32U;
  case 8: return OP_LD64;
  default: return OP_LDN;
  }
}

/* ---- wrapper code ---- */

typedef struct WBuf {
  Instr code[80];
  int n;
  Slot k[2];
  int nk;
} WBuf;

static void emit(WBuf *b, int op, int a, int bb, int c) {
  if (b->n >= (int)(sizeof b->code / sizeof b->code[0])) throw("vm: method wrapper too long");
  b->code[b->n++] = (Instr)(uint16_t)op | (Instr)(uint16_t)a << 16 | (Instr)(uint16_t)bb << 32 |
                    (Instr)(uint16_t)c << 48;
}
static void emitx(WBuf *b, uint64_t x) {
  if (b->n >= (int)(sizeof b->code / sizeof b->code[0])) throw("vm: method wrapper too long");
  b->code[b->n++] = x;
}

/* R[dst..] = value of type t at R[ptr] + off (registers widened as value.h says). */
static void emit_load(WBuf *b, const Type *t, int dst, int ptr, int64_t off) {
  if (off > 0xFFFF) throw("vm: embedded field offset too large for a wrapper");
  if (t->size == 0) {
    emit(b, OP_NILCHK, ptr, 0, 0);
    return;
  }
  int op = vm_loadop(t);
  if (op == OP_LDN && t->nslots * 8 > t->size) emit(b, OP_ZERO, dst + t->nslots - 1, 1, 0);
  emit(b, op, dst, ptr, (int)off);
  if (op == OP_LDN) emitx(b, (uint64_t)t->size);
}

static Proto *wrapper_proto(const char *name, const Proto *like, const Type *sig, WBuf *b,
                            int nparams, int nresults, int maxslots) {
  Proto *p = vm_proto_new(name);
  if (like) {
    p->file = like->file;
    p->pos = like->pos;
  }
  p->nparams = nparams;
  p->nrecv = 1;
  p->nresults = nresults;
  p->maxslots = maxslots;
  p->type = sig;
  p->nk = b->nk;
  p->k = vm_alloc(sizeof(Slot) * 2, &gc_ptrwords_type);
  memcpy(p->k, b->k, sizeof b->k);
  p->ncode = b->n;
  p->code = vm_alloc((size_t)b->n * sizeof(Instr), NULL);
  memcpy(p->code, b->code, (size_t)b->n * sizeof(Instr));
  p->lines = vm_alloc((size_t)b->n * sizeof(int32_t), NULL);
  for (int i = 0; i < b->n; i++) p->lines[i] = like ? (int32_t)like->pos.line : 0;
  vm_proto_closure(p);
  gc_persist(p); /* GC: cached in C memory (proms); wrappers live forever (runtime/mgc.h) */
  return p;
}

static int max2(int a, int b) { return a > b ? a : b; }

/* A value method m of T called with a pointer to T: loads the receiver and calls m. */
static const Proto *value_wrapper(const Proto *m, const Type *recvt) {
  const Proto *w = __atomic_load_n(&m->valwrap, __ATOMIC_ACQUIRE);
  if (w) return w;
  runtime_lock(&wrap_lock);
  w = m->valwrap;
  if (!w) {
    WBuf b = {.nk = 2};
    b.k[0] = (Slot)(uintptr_t)m;
    b.k[1] = (Slot)(uintptr_t)recvt;
    int nargs = m->nparams - m->nrecv;
    int win = 1 + nargs;
    emit(&b, OP_NILWRAP, 0, 0, 0); /* Go's panicwrap: a nil *T has no T to load */
    emit_load(&b, recvt, win, 0, 0);
    if (nargs) emit(&b, OP_MOVEN, win + m->nrecv, 1, nargs);
    emit(&b, OP_CALL, win, 0, 0);
    emit(&b, OP_RET, win, m->nresults, 0);
    Proto *p = wrapper_proto(m->name, m, m->type, &b, 1 + nargs, m->nresults,
                             win + max2(m->nparams, m->nresults) + 1);
    __atomic_store_n(&((Proto *)m)->valwrap, p, __ATOMIC_RELEASE);
    w = p;
  }
  runtime_unlock(&wrap_lock);
  return w;
}

static int sig_slots(Type **ts, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += ts[i]->nslots;
  return s;
}

/* The wrapper for method r (found at depth r->npath > 0 below dynamic type t). */
static Proto *promoted_wrapper(const Type *t, const LookupResult *r) {
  const Type *sig = r->method->type;
  int nargs = sig_slots(sig->params, sig->nparams);
  int nres = sig_slots(sig->results, sig->nresults);
  bool viaiface = r->kind == LK_IFACEMETHOD;
  const Proto *m = viaiface ? NULL : r->method->fn;
  int nrecv = viaiface ? 1 : m->nrecv;
  int win = 1 + nargs;
  int tmp = win + max2(nrecv + nargs, nres);
  WBuf b = {0};
  /* R[win] walks the path: a pointer to the current struct, plus off */
  const Type *cur = t->kind == K_POINTER && !(t->tflags & TF_NAMED) ? t->elem : t;
  int64_t off = 0;
  bool loaded = false; /* R[win] was just loaded from an embedded pointer field */
  emit(&b, OP_MOVE, win, 0, 0);
  for (int i = 0; i < r->npath; i++) {
    const Type *st = cur->underlying ? cur->underlying : cur;
    const Field *f = &st->fields[r->path[i]];
    off += f->offset;
    cur = f->type;
    loaded = false;
    if (cur->kind == K_POINTER && !(cur->tflags & TF_NAMED)) {
      if (off > 0xFFFF) throw("vm: embedded field offset too large for a wrapper");
      emit(&b, OP_LD64, win, win, (int)off);
      off = 0;
      cur = cur->elem;
      loaded = true;
    }
  }
  if (viaiface) {
    /* the embedded interface {itab, data}: call its method with the data word */
    emit_load(&b, cur, tmp, win, off);
    emit(&b, OP_MOVE, win, tmp + 1, 0);
    if (nargs) emit(&b, OP_MOVEN, win + 1, 1, nargs);
    emit(&b, OP_CALLI, win, tmp, r->method->index);
  } else {
    if (r->method->ptrrecv) {
      /* &x.f: Go nil-checks x; a loaded embedded pointer is passed as it is (even nil) */
      if (!loaded) emit(&b, OP_NILCHK, win, 0, 0);
      if (off) {
        if (off > 0x7FFF) throw("vm: embedded field offset too large for a wrapper");
        emit(&b, OP_ADDK, win, win, (int)off);
      }
    } else {
      emit_load(&b, cur, win, win, off);
    }
    if (nargs) emit(&b, OP_MOVEN, win + nrecv, 1, nargs);
    b.k[0] = (Slot)(uintptr_t)m;
    b.nk = 1;
    emit(&b, OP_CALL, win, 0, 0);
  }
  emit(&b, OP_RET, win, nres, 0);
  char name[512];
  snprintf(name, sizeof name, "%s.%s", vm_typestr(t), r->method->name);
  return wrapper_proto(intern_cstr(name), m, sig, &b, 1 + nargs, nres, tmp + 3);
}

/* Generated wrappers by (generator, type, method name): open addressing under wrap_lock. */
typedef Proto *(*WrapGen)(const Type *, const void *);
typedef struct PromEntry {
  const Type *t;
  const char *name;
  WrapGen gen;
  const Proto *fn;
} PromEntry;
static PromEntry *proms;
static size_t promcap, promcount;

static size_t prom_hash(const Type *t, const char *name) {
  uintptr_t h = (uintptr_t)t * 0x9E3779B97F4A7C15ull ^ (uintptr_t)name * 0xC2B2AE3D27D4EB4Full;
  return (size_t)(h ^ (h >> 29));
}

/* The cached wrapper for (t, name), made by gen(t, arg) on first use. */
static const Proto *cached_wrapper(const Type *t, const char *name, WrapGen gen,
                                   const void *arg) {
  runtime_lock(&wrap_lock);
  const Proto *fn = NULL;
  if (promcap) {
    for (size_t i = prom_hash(t, name) & (promcap - 1); proms[i].t; i = (i + 1) & (promcap - 1))
      if (proms[i].t == t && proms[i].name == name && proms[i].gen == gen) {
        fn = proms[i].fn;
        break;
      }
  }
  if (!fn) {
    if ((promcount + 1) * 2 > promcap) {
      size_t n = promcap ? promcap * 2 : 64;
      PromEntry *v = calloc(n, sizeof *v);
      if (!v) throw("vm: out of memory");
      for (size_t i = 0; i < promcap; i++) {
        if (!proms[i].t) continue;
        size_t j = prom_hash(proms[i].t, proms[i].name) & (n - 1);
        while (v[j].t) j = (j + 1) & (n - 1);
        v[j] = proms[i];
      }
      free(proms);
      proms = v;
      promcap = n;
    }
    fn = gen(t, arg);
    size_t i = prom_hash(t, name) & (promcap - 1);
    while (proms[i].t) i = (i + 1) & (promcap - 1);
    proms[i] = (PromEntry){t, name, gen, fn};
    promcount++;
  }
  runtime_unlock(&wrap_lock);
  return fn;
}

static Proto *gen_promoted(const Type *t, const void *r) { return promoted_wrapper(t, r); }

static const Proto *promoted(const Type *t, const LookupResult *r) {
  return cached_wrapper(t, r->method->name, gen_promoted, r);
}

/* Interface method thunk: R[0..2) the interface {itab, data}, then the arguments. */
static Proto *gen_thunk(const Type *iface, const void *arg) {
  const Method *im = arg;
  const Type *sig = im->type;
  int nargs = sig_slots(sig->params, sig->nparams);
  int nres = sig_slots(sig->results, sig->nresults);
  int win = 2 + nargs;
  WBuf b = {0};
  emit(&b, OP_MOVE, win, 1, 0);
  if (nargs) emit(&b, OP_MOVEN, win + 1, 2, nargs);
  emit(&b, OP_CALLI, win, 0, im->index);
  emit(&b, OP_RET, win, nres, 0);
  char name[512];
  snprintf(name, sizeof name, "%s.%s-fm", vm_typestr(iface), im->name);
  Proto *p = wrapper_proto(intern_cstr(name), NULL, sig, &b, 2 + nargs, nres,
                           win + max2(1 + nargs, nres) + 1);
  p->nrecv = 2;
  return p;
}

const Proto *vm_iface_method_thunk(const Type *iface, int index) {
  const Method *im = &iface->methods[index];
  return cached_wrapper(iface, im->name, gen_thunk, im);
}

/* ---- method sets ---- */

/* The proto implementing method `name` (interned) of dynamic type t, called with t's interface
 * data word as receiver; NULL when t's method set has no such method. sig, when not NULL, must be
 * the method's signature. */
static const Proto *method_for_word(const Type *t, const char *name, const Type *sig) {
  LookupResult r = types_lookup((Type *)t, name);
  if (r.kind != LK_METHOD && r.kind != LK_IFACEMETHOD) return NULL;
  if (sig && r.method->type != sig) return NULL;
  bool isptr = t->kind == K_POINTER && !(t->tflags & TF_NAMED);
  if (r.kind == LK_METHOD) {
    if (r.method->ptrrecv && !isptr && !r.indirect) return NULL; /* not in T's method set */
    if (!r.method->fn) return NULL;
  }
  if (r.npath == 0 && r.kind == LK_METHOD) {
    const Proto *fn = r.method->fn;
    if (!r.method->ptrrecv && (isptr || !(t->tflags & TF_DIRECTIFACE)))
      fn = value_wrapper(fn, isptr ? t->elem : t);
    return fn;
  }
  if (r.npath == 0) return NULL; /* an interface type is never a dynamic type */
  return promoted(t, &r);
}

bool vm_implements(const Type *inter, const Type *type, const char **missing) {
  if (!type) return false;
  if (type->kind == K_INTERFACE) {
    /* only reached for static checks; the dynamic type of an interface is never an interface */
    return true;
  }
  for (int32_t i = 0; i < inter->nmethods; i++) {
    const Method *im = &inter->methods[i];
    if (!method_for_word(type, im->name, im->type)) {
      if (missing) *missing = im->name;
      return false;
    }
  }
  return true;
}

const Proto *vm_method_for_word(const Type *t, const char *name) {
  if (!t) return NULL;
  return method_for_word(t, intern_cstr(name), NULL);
}

/* T.M for a value type T whose M needs adapting (promoted): the receiver arrives in registers
 * R[0..T->nslots); a heap copy gives the word-based wrapper its pointer. */
static Proto *gen_method_expr(const Type *t, const void *arg) {
  const Proto *w = arg;
  const Type *sig = w->type;
  int ns = t->nslots;
  int nargs = sig_slots(sig->params, sig->nparams);
  int nres = sig_slots(sig->results, sig->nresults);
  int win = ns + nargs;
  WBuf b = {.nk = 2};
  b.k[0] = (Slot)(uintptr_t)w;
  b.k[1] = (Slot)(uintptr_t)t;
  emit(&b, OP_NEW, win, 1, 0);
  if (t->size) {
    emit(&b, OP_STN, win, 0, 0);
    emitx(&b, (uint64_t)t->size);
  }
  if (nargs) emit(&b, OP_MOVEN, win + 1, ns, nargs);
  emit(&b, OP_CALL, win, 0, 0);
  emit(&b, OP_RET, win, nres, 0);
  Proto *p = wrapper_proto(w->name, w, sig, &b, ns + nargs, nres, win + max2(1 + nargs, nres) + 1);
  p->nrecv = ns;
  return p;
}

const Proto *vm_method_expr(const Type *t, const char *name) {
  name = intern_cstr(name);
  bool isptr = t->kind == K_POINTER && !(t->tflags & TF_NAMED);
  if (isptr || t->kind == K_INTERFACE) return isptr ? method_for_word(t, name, NULL) : NULL;
  LookupResult r = types_lookup((Type *)t, name);
  if (r.kind == LK_METHOD && r.npath == 0) return r.method->fn;
  const Proto *w = method_for_word(t, name, NULL);
  if (!w) return NULL;
  return cached_wrapper(t, name, gen_method_expr, w);
}

/* ---- itabs ----
 * The itab table: open addressing, readers lock-free (acquire loads of the table pointer and
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
  /* resolve (and make wrappers) before taking itab_lock: wrappers take wrap_lock */
  Itab *m = vm_alloc(sizeof(Itab) + (size_t)inter->nmethods * sizeof(void *), &gc_ptrwords_type);
  m->inter = inter;
  m->type = type;
  m->hash = type->hash;
  m->nfun = (uint32_t)inter->nmethods;
  for (int32_t i = 0; i < inter->nmethods; i++)
    m->fun[i] = (void *)method_for_word(type, inter->methods[i].name, inter->methods[i].type);
  runtime_lock(&itab_lock);
  tab = itab_find(itabs, inter, type);
  if (!tab) {
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
    gc_persist(m); /* GC: the cache (C heap) is not a root; itabs live forever (runtime/mgc.h) */
    tab = m;
  }
  runtime_unlock(&itab_lock);
  return tab;
}

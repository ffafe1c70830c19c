/* Declarations: the universe, scopes and objects, package-level object collection and lazy
 * resolution (types2's objDecl with grey/black colouring for cycle detection), type expressions,
 * function signatures, and the package entry point check_package.
 *
 * Package-level objects are resolved on first use or in source order, whichever comes first; a
 * grey object met again is a cycle (invalid recursive type, or an initialisation cycle for
 * constants). Function bodies are checked after all package-level declarations. */
#include "lang/check_impl.h"
#include "lang/parse.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- universe ------------------------------------------------------------------------------ */

static Scope universe;
static pthread_once_t universe_once = PTHREAD_ONCE_INIT;
static Arena universe_arena;

static const char *builtin_names[BI_COUNT] = {
  "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
  "max", "min", "new", "panic", "print", "println", "real", "recover",
  "Sizeof", "Alignof", "Offsetof",
};
const char *check_builtin_name(BuiltinId id) { return id < BI_COUNT ? builtin_names[id] : "?"; }

static void uadd(Object *o) {
  Scope *s = &universe;
  if (s->nobjs == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 64;
    s->objs = realloc(s->objs, (size_t)s->cap * sizeof *s->objs);
    if (!s->objs) abort();
  }
  s->objs[s->nobjs++] = o;
}
static Object *uobj(ObjKind k, const char *name, Type *t) {
  Object *o = ARENA_NEW(&universe_arena, Object);
  o->kind = (uint8_t)k;
  o->name = intern_cstr(name);
  o->type = t;
  o->flags = OF_EXPORTED;
  uadd(o);
  return o;
}
static void init_universe(void) {
  static const Kind kinds[] = {K_BOOL, K_INT, K_INT8, K_INT16, K_INT32, K_INT64, K_UINT, K_UINT8,
                               K_UINT16, K_UINT32, K_UINT64, K_UINTPTR, K_FLOAT32, K_FLOAT64,
                               K_COMPLEX64, K_COMPLEX128, K_STRING};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    Type *t = types_basic(kinds[i]);
    t->obj = uobj(OBJ_TYPE, t->name, t);
  }
  uobj(OBJ_TYPE, "byte", types_basic(K_UINT8))->spell = chk_spell_byte();
  uobj(OBJ_TYPE, "rune", types_basic(K_INT32))->spell = chk_spell_rune();
  Type *e = types_error();
  e->obj = uobj(OBJ_TYPE, "error", e);
  uobj(OBJ_TYPE, "any", types_any())->spell = chk_spell_any();
  Object *t = uobj(OBJ_CONST, "true", types_basic(K_UNTYPED_BOOL));
  t->cval = const_bool(&universe_arena, true);
  Object *f = uobj(OBJ_CONST, "false", types_basic(K_UNTYPED_BOOL));
  f->cval = const_bool(&universe_arena, false);
  Object *iota = uobj(OBJ_CONST, "iota", types_basic(K_UNTYPED_INT));
  iota->cval = const_int64(&universe_arena, 0);
  uobj(OBJ_NIL, "nil", types_basic(K_UNTYPED_NIL));
  for (int i = 0; i <= BI_RECOVER; i++) {
    Object *b = uobj(OBJ_BUILTIN, builtin_names[i], types_basic(K_INVALID));
    b->builtin = i;
  }
}
Scope *check_universe(void) {
  pthread_once(&universe_once, init_universe);
  return &universe;
}

static Package unsafe_pkg;
static pthread_once_t unsafe_once = PTHREAD_ONCE_INIT;
static void init_unsafe(void) {
  static Scope s;
  unsafe_pkg.path = "unsafe";
  unsafe_pkg.name = "unsafe";
  unsafe_pkg.scope = &s;
  unsafe_pkg.checked = true;
  unsafe_pkg.std = true;
  Object *objs[4];
  objs[0] = ARENA_NEW(&universe_arena, Object);
  objs[0]->kind = OBJ_TYPE;
  objs[0]->name = intern_cstr("Pointer");
  objs[0]->type = types_basic(K_UNSAFEPOINTER);
  for (int i = 0; i < 3; i++) {
    Object *o = objs[i + 1] = ARENA_NEW(&universe_arena, Object);
    o->kind = OBJ_BUILTIN;
    o->builtin = BI_SIZEOF + i;
    o->name = intern_cstr(builtin_names[BI_SIZEOF + i]);
    o->type = types_basic(K_INVALID);
  }
  s.objs = malloc(sizeof objs);
  if (!s.objs) abort();
  for (int i = 0; i < 4; i++) {
    objs[i]->flags = OF_EXPORTED;
    objs[i]->pkg = &unsafe_pkg;
    s.objs[i] = objs[i];
  }
  s.nobjs = s.cap = 4;
}

/* ---- scopes and objects --------------------------------------------------------------------- */

Scope *chk_newscope(Checker *c, Scope *parent) {
  Scope *s = ARENA_NEW(c->a, Scope);
  s->parent = parent;
  s->func = parent ? parent->func : NULL;
  return s;
}

static uint32_t name_hash(const char *name) { /* names are interned: hash the pointer */
  uint64_t h = (uint64_t)(uintptr_t)name * 0x9e3779b97f4a7c15u;
  return (uint32_t)(h >> 32);
}

static Object *scope_find(Scope *s, const char *name) {
  if (s->hidx) {
    for (uint32_t i = name_hash(name) & (uint32_t)(s->hcap - 1);; i = (i + 1) & (uint32_t)(s->hcap - 1))
      if (!s->hidx[i] || s->hidx[i]->name == name) return s->hidx[i];
  }
  for (int i = 0; i < s->nobjs; i++)
    if (s->objs[i]->name == name) return s->objs[i];
  return NULL;
}

Object *check_lookup(Scope *s, const char *name) {
  for (; s; s = s->parent) {
    Object *o = scope_find(s, name);
    if (o) return o;
  }
  return NULL;
}

FuncInfo *check_funcinfo(Node *fn) {
  Scope *s = fn ? fn->scope : NULL;
  return s ? s->func : NULL;
}

/* Indexes o by name unless an object of that name is indexed already (lookups find the first). */
static void scope_index(Scope *s, Object *o) {
  uint32_t i = name_hash(o->name) & (uint32_t)(s->hcap - 1);
  while (s->hidx[i]) {
    if (s->hidx[i]->name == o->name) return;
    i = (i + 1) & (uint32_t)(s->hcap - 1);
  }
  s->hidx[i] = o;
}

static void scope_add(Checker *c, Scope *s, Object *o) {
  if (s->nobjs == s->cap) {
    int ncap = s->cap ? s->cap * 2 : 8;
    Object **v = arena_alloc(c->a, (size_t)ncap * sizeof *v);
    if (s->nobjs) memcpy(v, s->objs, (size_t)s->nobjs * sizeof *v);
    s->objs = v;
    s->cap = ncap;
  }
  s->objs[s->nobjs++] = o;
  if (s->nobjs >= 16 && 2 * s->nobjs > s->hcap) { /* (re)build the index, at most half full */
    s->hcap = s->hcap ? s->hcap * 4 : 64;
    s->hidx = arena_alloc(c->a, (size_t)s->hcap * sizeof *s->hidx);
    for (int i = 0; i < s->nobjs; i++) scope_index(s, s->objs[i]);
  } else if (s->hidx) {
    scope_index(s, o);
  }
}

void chk_fmtpos(char *buf, size_t n, Pos p) {
  const SourceFile *f = src_file(p.file);
  snprintf(buf, n, "%s:%u:%u", f ? f->name : "?", p.line, p.col);
}

void chk_declare(Checker *c, Scope *s, Object *o, Pos p) {
  if (o->name == intern_cstr("_")) return; /* blank identifiers are never declared */
  Object *prev = scope_find(s, o->name);
  if (!prev && s->parent && s->parent->parent == NULL && s != c->pkg->scope) {
    /* file scope: nothing else */
  }
  if (prev) {
    char where[300];
    chk_fmtpos(where, sizeof where, prev->pos);
    chk_errorf(c, p, "%s redeclared in this block\n\t%s: other declaration of %s", o->name, where,
               o->name);
    return;
  }
  scope_add(c, s, o);
}

Object *chk_newobj(Checker *c, ObjKind k, const char *name, Type *t, Pos p) {
  Object *o = ARENA_NEW(c->a, Object);
  o->kind = (uint8_t)k;
  o->name = name;
  o->type = t;
  o->pos = p;
  o->pkg = c->pkg;
  o->index = -1;
  o->depth = c->fn ? c->fn->depth : -1;
  /* REPL: variables declared at an input's top level are session (package-level) variables */
  if (k == OBJ_VAR && c->replscope && c->scope == c->replscope) o->flags |= OF_GLOBAL;
  if (name && name[0] >= 'A' && name[0] <= 'Z') o->flags |= OF_EXPORTED;
  return o;
}

void chk_use_dotimport(Checker *c, Object *o, Pos at) {
  if (!o->pkg || o->pkg == c->pkg || o->kind == OBJ_PKG) return;
  for (int i = 0; i < c->ndots; i++)
    if (c->dots[i].pkg == o->pkg && c->dots[i].file == at.file) c->dots[i].used = true;
}

/* ---- package-level declaration infos ------------------------------------------------------- */

static DeclInfo *newdecl(Checker *c, Object *o, Node *spec) {
  DeclInfo *d = ARENA_NEW(c->a, DeclInfo);
  d->obj = o;
  d->spec = spec;
  if (c->ndecls == c->capdecls) {
    c->capdecls = c->capdecls ? c->capdecls * 2 : 64;
    c->decls = realloc(c->decls, (size_t)c->capdecls * sizeof *c->decls);
    if (!c->decls) abort();
  }
  c->decls[c->ndecls++] = d;
  o->index = -(c->ndecls + 1); /* checker-private until compilation: -(decl index + 2) */
  return d;
}

DeclInfo *chk_declinfo(Checker *c, Object *o) {
  if (o->pkg != c->pkg || o->index > -2) return NULL;
  int i = -o->index - 2;
  if (i < 0 || i >= c->ndecls || c->decls[i]->obj != o) return NULL;
  return c->decls[i];
}

void chk_record_dep(Checker *c, Object *o) {
  DeclInfo *d = c->decl;
  if (!d || !chk_declinfo(c, o)) return;
  for (int i = 0; i < d->ndeps; i++)
    if (d->deps[i] == o) return;
  if (d->ndeps == d->capdeps) {
    int ncap = d->capdeps ? d->capdeps * 2 : 8;
    Object **v = arena_alloc(c->a, (size_t)ncap * sizeof *v);
    if (d->ndeps) memcpy(v, d->deps, (size_t)d->ndeps * sizeof *v);
    d->deps = v;
    d->capdeps = ncap;
  }
  d->deps[d->ndeps++] = o;
}

/* ---- type expressions ------------------------------------------------------------------------ */

static Type *invalid(void) { return types_basic(K_INVALID); }

/* A named type used by value inside its own definition. */
static bool check_complete(Checker *c, Type *t, Pos p) {
  if (t->tflags & TF_COMPLETE || t == invalid()) return true;
  if (t->tflags & TF_NAMED && types_try_complete(t)) return true;
  if (t->tflags & TF_NAMED && !t->underlying && t->obj) {
    char where[300];
    chk_fmtpos(where, sizeof where, t->obj->pos);
    chk_errorf(c, t->obj->pos, "invalid recursive type %s\n\t%s: %s refers to\n\t%s: %s", t->name,
               where, t->name, where, t->name);
    return false;
  }
  return true; /* completes later (pending) */
}

static Type *typexpr1(Checker *c, Node *n);

Type *chk_typexpr(Checker *c, Node *n) {
  if (++c->depth > CHECK_MAX_DEPTH) {
    if (!c->depth_reported) chk_errorf(c, n->pos, "type nesting too deep");
    c->depth_reported = true;
    c->depth--;
    return invalid();
  }
  Type *t = typexpr1(c, n);
  c->depth--;
  n->type = t;
  n->flags |= NF_TYPEEXPR | NF_CHECKED;
  return t;
}

static Type *field_type(Checker *c, Node *tn) {
  Type *t = chk_typexpr(c, tn);
  if (!check_complete(c, t, tn->pos)) return invalid();
  return t;
}

static bool valid_map_key(Checker *c, Type *k, Pos p) {
  if (chk_comparable(k) || k->kind == K_INTERFACE) return true;
  char *s = chk_typestr(c, k);
  chk_errorf(c, p, "invalid map key type %s", s);
  free(s);
  return false;
}

/* types2's arrayLength: the length, or -1 after reporting why there is none. */
static int64_t array_length(Checker *c, Node *e) {
  if (e->kind == N_IDENT) {
    /* reported before evaluating, so a variable named here stays unused (as types2 does) */
    Object *o = check_lookup(c->scope, e->name);
    if (!o) {
      chk_errorf(c, e->pos, "undeclared name %s for array length", e->name);
      return -1;
    }
    if (o->kind != OBJ_CONST) {
      chk_errorf(c, e->pos, "invalid array length %s", e->name);
      return -1;
    }
  }
  Operand x;
  chk_expr(c, &x, e, NULL);
  if (x.mode != M_CONST) {
    if (x.mode != M_INVALID) {
      char *s = chk_operandstr(c, &x);
      chk_errorf(c, e->pos, "array length %s must be constant", s);
      free(s);
    }
    return -1;
  }
  int64_t len = -1;
  ConstVal *iv = chk_isuntyped(x.type) || chk_isinteger(x.type) ? const_to_int(c->a, x.val) : NULL;
  if (iv && const_get_int64(iv, &len)) {
    if (len >= 0) {
      if (chk_isuntyped(x.type)) chk_convert_untyped(c, &x, types_basic(K_INT));
      return len;
    }
    char *s = chk_operandstr(c, &x);
    chk_errorf(c, e->pos, "invalid array length %s", s);
    free(s);
    return -1;
  }
  char *s = chk_operandstr(c, &x);
  chk_errorf(c, e->pos, "array length %s must be integer", s);
  free(s);
  return -1;
}

static Type *typexpr1(Checker *c, Node *n) {
  switch (n->kind) {
  case N_IDENT:
  case N_SELECTOR:
  case N_PAREN: {
    Operand x;
    chk_rawexpr(c, &x, n, NULL, false, true);
    if (x.mode == M_INVALID) return invalid();
    if (x.mode != M_TYPEXPR) {
      char *s = chk_exprstr(n);
      if (x.mode == M_NOVALUE || x.mode == M_BUILTIN || x.mode == M_CONST || x.mode == M_VAR ||
          x.mode == M_VALUE || x.mode == M_MAPINDEX || x.mode == M_COMMAOK) {
        char *xs = chk_operandstr(c, &x);
        chk_errorf(c, n->pos, "%s is not a type", x.mode == M_NOVALUE || x.mode == M_BUILTIN ? s : xs);
        free(xs);
      }
      free(s);
      return invalid();
    }
    return x.type;
  }
  case N_STAR: {
    Type *e = chk_typexpr(c, n->x);
    if (e == invalid()) return e;
    return types_pointer(e);
  }
  case N_SLICETYPE: {
    Type *e = chk_typexpr(c, n->y);
    return e == invalid() ? e : types_slice(e);
  }
  case N_ARRAYTYPE: {
    if (!n->x || n->x->kind == N_ELLIPSIS) {
      chk_errorf(c, n->pos, "invalid use of [...] array (outside a composite literal)");
      chk_typexpr(c, n->y);
      return invalid();
    }
    int64_t len = array_length(c, n->x);
    Type *e = field_type(c, n->y);
    if (len < 0 || e == invalid()) return invalid();
    return types_array(e, len);
  }
  case N_MAPTYPE: {
    Type *k = chk_typexpr(c, n->x);
    Type *v = chk_typexpr(c, n->y);
    if (k == invalid() || v == invalid()) return invalid();
    if (k->tflags & TF_COMPLETE || !(k->tflags & TF_NAMED)) {
      if (!valid_map_key(c, k, n->x->pos)) return invalid();
    } else {
      if (c->nkeys == c->capkeys) {
        c->capkeys = c->capkeys ? c->capkeys * 2 : 8;
        c->keys = realloc(c->keys, (size_t)c->capkeys * sizeof *c->keys);
        if (!c->keys) abort();
      }
      c->keys[c->nkeys].key = k;
      c->keys[c->nkeys++].pos = n->x->pos;
    }
    return types_map(k, v);
  }
  case N_CHANTYPE: {
    Type *e = chk_typexpr(c, n->x);
    return e == invalid() ? e : types_chan(n->op, e);
  }
  case N_FUNCTYPE: {
    Scope *s = chk_newscope(c, c->scope);
    return chk_functype(c, n, NULL, NULL, NULL, s);
  }
  case N_STRUCTTYPE: {
    int nf = 0;
    for (int i = 0; i < n->list.n; i++) nf += n->list.v[i]->list.n ? n->list.v[i]->list.n : 1;
    Field *fs = arena_alloc(c->a, (size_t)(nf ? nf : 1) * sizeof *fs);
    int k = 0;
    bool bad = false;
    for (int i = 0; i < n->list.n; i++) {
      Node *f = n->list.v[i];
      Type *ft = field_type(c, f->x);
      if (ft == invalid()) bad = true;
      const char *tag = f->y ? arena_strndup(c->a, f->y->lit.val, (size_t)f->y->lit.len) : NULL;
      f->type = ft;
      if (f->list.n == 0) {
        /* embedded: T, *T, pkg.T */
        Node *tn = f->x;
        if (tn->kind == N_STAR) tn = tn->x;
        const char *name = tn->kind == N_SELECTOR ? tn->name : tn->name;
        Type *base = ft->kind == K_POINTER && !(ft->tflags & TF_NAMED) ? ft->elem : ft;
        if (ft != invalid() && ft->kind == K_POINTER && !(ft->tflags & TF_NAMED) &&
            (base->kind == K_POINTER || base->kind == K_INTERFACE)) {
          chk_errorf(c, f->x->pos, "embedded field type cannot be a pointer to an interface");
          bad = true;
        }
        for (int j = 0; j < k; j++)
          if (fs[j].name == name) {
            char where[300];
            chk_fmtpos(where, sizeof where, f->pos);
            chk_errorf(c, f->pos, "%s redeclared\n\t%s: other declaration of %s", name, where, name);
          }
        fs[k++] = (Field){.name = name ? name : "?", .type = ft, .tag = tag, .embedded = true,
                          .exported = name && name[0] >= 'A' && name[0] <= 'Z'};
      } else {
        for (int j = 0; j < f->list.n; j++) {
          const char *name = f->list.v[j]->name;
          for (int m = 0; m < k; m++)
            if (fs[m].name == name && name != intern_cstr("_")) {
              char where[300];
              chk_fmtpos(where, sizeof where, f->list.v[j]->pos);
              chk_errorf(c, f->list.v[j]->pos, "%s redeclared\n\t%s: other declaration of %s", name,
                         where, name);
            }
          fs[k++] = (Field){.name = name, .type = ft, .tag = tag,
                            .exported = name[0] >= 'A' && name[0] <= 'Z'};
        }
      }
    }
    if (bad) return invalid();
    return types_struct(fs, k);
  }
  case N_INTERFACETYPE: {
    int cap = 8, nm = 0;
    Method *ms = malloc((size_t)cap * sizeof *ms);
    if (!ms) abort();
    bool bad = false;
    for (int i = 0; i < n->list.n; i++) {
      Node *m = n->list.v[i];
      Method *add = NULL;
      int nadd = 0;
      Method one;
      if (m->kind == N_METHODSPEC) {
        Scope *s = chk_newscope(c, c->scope);
        one = (Method){.name = m->name, .type = chk_functype(c, m->x, NULL, NULL, NULL, s),
                       .exported = m->name[0] >= 'A' && m->name[0] <= 'Z'};
        add = &one;
        nadd = 1;
      } else {
        Type *et = chk_typexpr(c, m->x);
        if (et == invalid()) { bad = true; continue; }
        Type *u = et->underlying;
        if (!u) {
          char where[300];
          chk_fmtpos(where, sizeof where, et->obj ? et->obj->pos : m->pos);
          chk_errorf(c, et->obj ? et->obj->pos : m->pos,
                     "invalid recursive type %s\n\t%s: %s refers to\n\t%s: %s", et->name, where,
                     et->name, where, et->name);
          bad = true;
          continue;
        }
        if (u->kind != K_INTERFACE) {
          char *s = chk_typestr(c, et);
          chk_errorf(c, m->x->pos, "cannot use %s as interface", s);
          free(s);
          bad = true;
          continue;
        }
        add = u->methods;
        nadd = u->nmethods;
      }
      for (int j = 0; j < nadd; j++) {
        bool dup = false;
        for (int q = 0; q < nm; q++)
          if (ms[q].name == add[j].name) {
            dup = true;
            if (ms[q].type != add[j].type || m->kind == N_METHODSPEC)
              chk_errorf(c, m->pos, "duplicate method %s", add[j].name);
          }
        if (dup) continue;
        if (nm == cap) {
          cap *= 2;
          ms = realloc(ms, (size_t)cap * sizeof *ms);
          if (!ms) abort();
        }
        ms[nm] = add[j];
        ms[nm].obj = NULL;
        ms[nm].fn = NULL;
        nm++;
      }
    }
    Type *t = bad ? invalid() : types_interface(ms, nm);
    free(ms);
    return t;
  }
  case N_ELLIPSIS:
    chk_errorf(c, n->pos, "invalid use of ...");
    return invalid();
  default: {
    char *s = chk_exprstr(n);
    chk_errorf(c, n->pos, "%s is not a type", s);
    free(s);
    return invalid();
  }
  }
}

/* Declares the parameters/results of ft in scope s and returns the signature. recvfield, when
 * given, is the receiver N_FIELD; *recv receives its object. fi (optional) receives the objects. */
Type *chk_functype(Checker *c, Node *ft, Object **recv, Node *recvfield, FuncInfo *fi, Scope *s) {
  Type *pt[256], *rt[256];
  Object *po[256], *ro[256];
  int np = 0, nr = 0;
  bool variadic = false, bad = false;
  for (int pass = 0; pass < 2; pass++) {
    NodeList *l = pass == 0 ? &ft->list : &ft->list2;
    for (int i = 0; i < l->n; i++) {
      Node *f = l->v[i];
      Node *tn = f->x;
      Type *t;
      if (tn && tn->kind == N_ELLIPSIS) {
        if (pass == 1 || i != l->n - 1 || f->list.n > 1) {
          chk_errorf(c, tn->pos, "can only use ... with final parameter in list");
          t = chk_typexpr(c, tn->x);
          bad = true;
        } else {
          Type *e = chk_typexpr(c, tn->x);
          t = e == invalid() ? e : types_slice(e);
          tn->type = t;
          variadic = true;
        }
      } else {
        t = chk_typexpr(c, tn);
      }
      if (t == invalid()) bad = true;
      f->type = t;
      int names = f->list.n ? f->list.n : 1;
      for (int j = 0; j < names; j++) {
        if ((pass == 0 ? np : nr) >= 255) {
          chk_errorf(c, f->pos, "too many parameters");
          bad = true;
          break;
        }
        const char *name = f->list.n ? f->list.v[j]->name : intern_cstr(pass == 0 ? "_" : "");
        Object *o = chk_newobj(c, OBJ_VAR, name, t, f->list.n ? f->list.v[j]->pos : f->pos);
        /* Parameters and results live at the function's own depth (c->fn may still be the
         * enclosing context here), so closures inside the body capture them. */
        if (fi) o->depth = fi->depth;
        o->flags |= pass == 0 ? OF_PARAM : OF_RESULT;
        o->decl = f;
        o->spell = chk_spelltype(c, tn);
        if (f->list.n) {
          f->list.v[j]->obj = o;
          f->list.v[j]->type = t;
          f->list.v[j]->flags |= NF_CHECKED;
          if (name[0]) chk_declare(c, s, o, f->list.v[j]->pos);
          if (pass == 1 && fi) fi->named_results = true;
        }
        if (pass == 0) pt[np] = t, po[np++] = o;
        else rt[nr] = t, ro[nr++] = o;
      }
    }
  }
  if (recvfield && recv) {
    Node *f = recvfield;
    Type *t = f->type;
    const char *name = f->list.n ? f->list.v[0]->name : intern_cstr("_");
    Object *o = chk_newobj(c, OBJ_VAR, name, t, f->list.n ? f->list.v[0]->pos : f->pos);
    if (fi) o->depth = fi->depth;
    o->flags |= OF_PARAM;
    o->decl = f;
    if (f->list.n) {
      f->list.v[0]->obj = o;
      f->list.v[0]->type = t;
      chk_declare(c, s, o, f->list.v[0]->pos);
    }
    *recv = o;
  }
  Type *sig = bad ? invalid() : types_func(pt, np, rt, nr, variadic);
  ft->type = sig;
  ft->flags |= NF_TYPEEXPR | NF_CHECKED;
  if (fi) {
    fi->sig = sig;
    fi->nparams = np;
    fi->params = arena_alloc(c->a, (size_t)(np ? np : 1) * sizeof(Object *));
    if (np) memcpy(fi->params, po, (size_t)np * sizeof(Object *));
    fi->nresults = nr;
    fi->results = arena_alloc(c->a, (size_t)(nr ? nr : 1) * sizeof(Object *));
    if (nr) memcpy(fi->results, ro, (size_t)nr * sizeof(Object *));
  }
  return sig;
}

/* ---- package-level objects ---------------------------------------------------------------------- */

static void push_path(Checker *c, Object *o) {
  if (c->nobjpath == c->capobjpath) {
    c->capobjpath = c->capobjpath ? c->capobjpath * 2 : 16;
    c->objpath = realloc(c->objpath, (size_t)c->capobjpath * sizeof *c->objpath);
    if (!c->objpath) abort();
  }
  c->objpath[c->nobjpath++] = o;
}

/* Reports the cycle that starts at o on the object path, as types2 does: a cycle of constants and
 * variables only is an initialisation loop; one through a type is reported at its first object in
 * source order ("invalid recursive type T" for a type, "illegal cycle in declaration of c" else). */
static void cycle_error(Checker *c, Object *o) {
  int start = 0;
  for (int i = 0; i < c->nobjpath; i++)
    if (c->objpath[i] == o) start = i;
  int n = c->nobjpath - start;
  Object **cyc = c->objpath + start;
  bool values = true;
  int first = 0;
  for (int i = 0; i < n; i++) {
    if (cyc[i]->kind != OBJ_CONST && cyc[i]->kind != OBJ_VAR) values = false;
    if (pos_cmp(cyc[i]->pos, cyc[first]->pos) < 0) first = i;
  }
  if (values) first = 0;
  Object *f = cyc[first];
  char msg[4096];
  size_t k;
  if (values)
    k = (size_t)snprintf(msg, sizeof msg, "initialization loop for %s", f->name);
  else if (f->kind == OBJ_TYPE)
    k = (size_t)snprintf(msg, sizeof msg, "invalid recursive type %s", f->name);
  else
    k = (size_t)snprintf(msg, sizeof msg, "illegal cycle in declaration of %s", f->name);
  for (int j = 0; j < n && k < sizeof msg - 400; j++) {
    Object *x = cyc[(first + j) % n];
    char where[300];
    chk_fmtpos(where, sizeof where, x->pos);
    k += (size_t)snprintf(msg + k, sizeof msg - k, "\n\t%s: %s refers to", where, x->name);
  }
  char where[300];
  chk_fmtpos(where, sizeof where, f->pos);
  if (k < sizeof msg - 400) snprintf(msg + k, sizeof msg - k, "\n\t%s: %s", where, f->name);
  chk_errorf(c, f->pos, "%s", msg);
}

static void constdecl(Checker *c, Object *o, Node *typ, Node *init, int iota);
static void vardecl(Checker *c, Object **lhs, int nlhs, Node *typ, Node *init, NodeList *inits);
static void typedecl(Checker *c, Object *o, Node *spec);
static void funcdecl(Checker *c, Object *o, DeclInfo *d);

/* A lazy declaration's stub (NF_LAZYDECL) becomes the parsed declaration. False on errors. */
static bool materialize(Checker *c, DeclInfo *d) {
  Node *decl = parse_decl(c->a, d->spec, c->diag);
  if (!decl) return false;
  Node *real = decl->kind == N_GENDECL ? decl->list.v[0] : decl;
  real->obj = d->obj;
  d->obj->decl = real;
  d->spec = real;
  return true;
}

void chk_objdecl(Checker *c, Object *o) {
  DeclInfo *d = chk_declinfo(c, o);
  if (!d) return;
  if (d->color == 2) return;
  if (d->color == 1) {
    /* A grey object: a cycle unless the reference is legal (a type referred to through a
     * pointer etc. is handled in typedecl: the named type exists already). */
    if (o->kind == OBJ_TYPE && d->spec->flags & NF_ALIAS) { /* an alias is never recursive */
      cycle_error(c, o);
      o->type = invalid();
      return;
    }
    if (o->kind == OBJ_TYPE) return;
    if (o->kind == OBJ_FUNC) return; /* recursion through function bodies is fine */
    if (o->kind == OBJ_CONST || (o->kind == OBJ_VAR && !o->type)) {
      cycle_error(c, o);
      o->type = invalid();
      if (o->kind == OBJ_CONST) o->cval = NULL;
    }
    return;
  }
  if (d->spec->flags & NF_LAZYDECL && !materialize(c, d)) {
    o->type = invalid();
    d->color = 2;
    return;
  }
  d->color = 1;
  push_path(c, o);
  /* resolve in the declaring file's scope, outside any function */
  Scope *saves = c->scope;
  FuncInfo *savefn = c->fn;
  DeclInfo *saved = c->decl;
  int saveiota = c->iota;
  c->scope = d->file ? c->filescope : c->pkg->scope;
  for (int i = 0; i < c->pkg->nfiles; i++)
    if (c->pkg->files[i]->pos.file == d->file) c->scope = c->pkg->files[i]->scope;
  c->fn = NULL;
  c->decl = d;
  switch (o->kind) {
  case OBJ_CONST: constdecl(c, o, d->typ, d->init, d->iota); break;
  case OBJ_VAR:
    if (d->nlhs > 1 && d->init) {
      for (int i = 0; i < d->nlhs; i++) {
        DeclInfo *di = chk_declinfo(c, d->lhs[i]);
        if (di) di->color = 1;
      }
      vardecl(c, d->lhs, d->nlhs, d->typ, d->init, NULL);
      for (int i = 0; i < d->nlhs; i++) {
        DeclInfo *di = chk_declinfo(c, d->lhs[i]);
        if (di) di->color = 2;
      }
    } else {
      vardecl(c, &o, 1, d->typ, d->init, NULL);
    }
    break;
  case OBJ_TYPE: typedecl(c, o, d->spec); break;
  case OBJ_FUNC: funcdecl(c, o, d); break;
  }
  c->scope = saves;
  c->fn = savefn;
  c->decl = saved;
  c->iota = saveiota;
  c->nobjpath--;
  d->color = 2;
}

void chk_const_arity(Checker *c, Node *spec, Node *src) {
  int l = spec->list.n, r = src ? src->list2.n : 0;
  if (l < r && src == spec) {
    char *es = chk_exprstr(spec->list2.v[l]);
    chk_errorf(c, spec->list2.v[l]->pos, "extra init expr %s", es);
    free(es);
  } else if (l < r) {
    char where[300];
    chk_fmtpos(where, sizeof where, src->list2.v[l]->pos);
    chk_errorf(c, spec->pos, "extra init expr at %s", where);
  } else if (l > r) {
    chk_errorf(c, spec->list.v[r]->pos, "missing init expr for %s", spec->list.v[r]->name);
  }
}

static void constdecl(Checker *c, Object *o, Node *typ, Node *init, int iota) {
  int saveiota = c->iota;
  c->iota = iota;
  Type *t = NULL;
  if (typ) {
    t = chk_typexpr(c, typ);
    if (t->tflags & TF_NAMED && !t->underlying) {
      /* the constant's type is still being declared: const c T = 1; type T [c]int */
      if (t->obj) cycle_error(c, t->obj);
      t = invalid();
    }
    if (t != invalid() && (t->underlying->kind > K_COMPLEX128 && t->underlying->kind != K_STRING)) {
      char *s = chk_typestr(c, t);
      chk_errorf(c, typ->pos, "invalid constant type %s", s);
      free(s);
      t = invalid();
    }
  }
  o->type = invalid();
  if (!init) {
    c->iota = saveiota;
    return;
  }
  Operand x;
  Pos saveerr = c->errpos;
  if (o->decl && o->decl->list2.n == 0) c->errpos = o->pos; /* inherited from an earlier spec */
  chk_expr(c, &x, init, NULL);
  if (x.mode != M_INVALID && x.mode != M_CONST) {
    char *s = chk_operandstr(c, &x);
    chk_errorf(c, init->pos, "%s is not constant", s);
    free(s);
    x.mode = M_INVALID;
  }
  Type *tspell = typ ? chk_spelltype(c, typ) : NULL;
  if (x.mode == M_CONST && t && t != invalid())
    chk_assignment_spelled(c, &x, t, tspell, "constant declaration");
  c->errpos = saveerr;
  if (x.mode == M_CONST) {
    o->type = x.type;
    o->cval = x.val;
    o->spell = t ? tspell : x.spell;
  }
  c->iota = saveiota;
}

/* Checks `var lhs... [typ] = init...`: either one init per lhs (inits), or one multi-value init
 * (init, nlhs > 1), or no init. */
static void vardecl(Checker *c, Object **lhs, int nlhs, Node *typ, Node *init, NodeList *inits) {
  Type *t = typ ? chk_typexpr(c, typ) : NULL;
  Type *tspell = typ ? chk_spelltype(c, typ) : NULL;
  if (t) {
    for (int i = 0; i < nlhs; i++) lhs[i]->type = t, lhs[i]->spell = tspell;
  }
  if (!init && (!inits || inits->n == 0)) {
    if (!t)
      for (int i = 0; i < nlhs; i++) lhs[i]->type = invalid();
    return;
  }
  NodeList one = {&init, 1, 1};
  if (init && nlhs == 1) inits = &one;
  if (inits && inits->n == nlhs) {
    for (int i = 0; i < nlhs; i++) {
      Operand x;
      chk_expr(c, &x, inits->v[i], t);
      if (x.mode == M_INVALID) {
        if (!t) lhs[i]->type = invalid();
        continue;
      }
      if (t) {
        chk_assignment_spelled(c, &x, t, tspell, "variable declaration");
      } else {
        if (x.mode == M_TYPEXPR || x.mode == M_NOVALUE || x.mode == M_BUILTIN) {
          chk_assignment(c, &x, NULL, "variable declaration");
          lhs[i]->type = invalid();
          continue;
        }
        if (x.type->kind == K_UNTYPED_NIL) {
          chk_errorf(c, inits->v[i]->pos, "use of untyped nil in variable declaration");
          lhs[i]->type = invalid();
          continue;
        }
        chk_assignment(c, &x, NULL, "variable declaration");
        lhs[i]->type = x.mode == M_INVALID ? invalid() : x.type;
        lhs[i]->spell = x.spell;
      }
    }
    return;
  }
  Node *rhs = init ? init : inits->v[0];
  Operand x;
  if (nlhs > 1 && (init || inits->n == 1)) {
    chk_multiexpr(c, &x, rhs);
    if (x.mode == M_INVALID) goto fail;
    if ((x.mode == M_COMMAOK || x.mode == M_MAPINDEX) && nlhs == 2) {
      rhs->flags |= NF_COMMAOK;
      Type *vt = x.type;
      if (t) {
        Operand v = x;
        v.mode = M_VALUE;
        chk_assignment(c, &v, t, "variable declaration");
      } else {
        lhs[0]->type = vt;
      }
      if (!t) lhs[1]->type = types_basic(K_BOOL);
      else if (!chk_isbool(t)) {
        /* ok into a typed non-bool variable */
        Operand ok = {M_VALUE, rhs, types_basic(K_UNTYPED_BOOL), NULL, 0, NULL};
        chk_assignment(c, &ok, t, "variable declaration");
      }
      return;
    }
    if (x.type && x.type->kind == K_TUPLE) {
      if (x.type->nparams != nlhs) {
        char *s = chk_exprstr(rhs->kind == N_CALL ? rhs->x : rhs);
        chk_errorf(c, rhs->pos, "assignment mismatch: %d variable%s but %s returns %d value%s",
                   nlhs, nlhs > 1 ? "s" : "", s, x.type->nparams, x.type->nparams != 1 ? "s" : "");
        free(s);
        goto fail;
      }
      for (int i = 0; i < nlhs; i++) {
        Operand v = {M_VALUE, rhs, x.type->params[i], NULL, 0, NULL};
        if (t) {
          char reason[256] = "";
          if (!chk_assignable(c, &v, t, reason, sizeof reason)) {
            char *ts = chk_typestr(c, t), *vs = chk_typestr(c, v.type);
            chk_errorf(c, rhs->pos, "cannot use %s value as %s value in assignment%s%s", vs, ts,
                       reason[0] ? ": " : "", reason);
            free(ts);
            free(vs);
          }
        } else {
          lhs[i]->type = v.type;
        }
      }
      return;
    }
    char *s = chk_exprstr(rhs->kind == N_CALL ? rhs->x : rhs);
    if (rhs->kind == N_CALL)
      chk_errorf(c, rhs->pos, "assignment mismatch: %d variables but %s returns 1 value", nlhs, s);
    else
      chk_errorf(c, rhs->pos, "assignment mismatch: %d variables but 1 value", nlhs);
    free(s);
    goto fail;
  }
  {
    int nr = init ? 1 : inits->n;
    chk_errorf(c, (init ? init : inits->v[0])->pos, "assignment mismatch: %d variable%s but %d value%s", nlhs,
               nlhs > 1 ? "s" : "", nr, nr > 1 ? "s" : "");
    if (inits) chk_use(c, inits);
  }
fail:
  if (!t)
    for (int i = 0; i < nlhs; i++) lhs[i]->type = invalid();
}

static void collect_methods(Checker *c, Object *tobj);

static void typedecl(Checker *c, Object *o, Node *spec) {
  if (spec->flags & NF_ALIAS) {
    o->type = invalid();
    Type *t = chk_typexpr(c, spec->x);
    o->type = t;
    o->spell = chk_spelltype(c, spec->x);
    return;
  }
  Type *named = o->type; /* made at collection time */
  Type *u = chk_typexpr(c, spec->x);
  if (u == invalid() || (u->tflags & TF_NAMED && !u->underlying)) {
    if (u != invalid() && u->obj) {
      char where[300];
      chk_fmtpos(where, sizeof where, u->obj->pos);
      chk_errorf(c, o->pos, "invalid recursive type %s\n\t%s: %s refers to\n\t%s: %s", o->name,
                 where, o->name, where, o->name);
    }
    types_set_underlying(named, types_struct(NULL, 0));
    named->tflags |= 0;
    return;
  }
  types_set_underlying(named, u->underlying ? u->underlying : u);
  o->spell = chk_spelltype(c, spec->x);
  collect_methods(c, o);
}

/* Methods are attached to their receiver base type when the type is resolved. */
static Node *recv_base(Node *recvfield, bool *ptr) {
  Node *t = recvfield->x;
  *ptr = false;
  while (t && t->kind == N_PAREN) t = t->x;
  if (t && t->kind == N_STAR) {
    *ptr = true;
    t = t->x;
    while (t && t->kind == N_PAREN) t = t->x;
  }
  return t;
}

static void collect_methods(Checker *c, Object *tobj) {
  for (int i = 0; i < c->ndecls; i++) {
    DeclInfo *d = c->decls[i];
    if (d->obj->kind != OBJ_FUNC || !(d->obj->flags & OF_METHOD)) continue;
    bool ptr;
    Node *b = recv_base(d->spec->x, &ptr);
    if (!b || b->kind != N_IDENT || b->name != tobj->name) continue;
    Object *bo = check_lookup(c->pkg->scope, b->name);
    if (bo != tobj) continue;
    chk_objdecl(c, d->obj);
  }
}

static void funcdecl(Checker *c, Object *o, DeclInfo *d) {
  Node *fn = d->spec;
  FuncInfo *fi = ARENA_NEW(c->a, FuncInfo);
  fi->decl = fn;
  fi->obj = o;
  Scope *s = chk_newscope(c, c->pkg->scope);
  for (int i = 0; i < c->pkg->nfiles; i++)
    if (c->pkg->files[i]->pos.file == fn->pos.file) s->parent = c->pkg->files[i]->scope;
  s->func = fi;
  s->isfunc = true;
  fn->scope = s;
  fn->obj = o;
  Type *recvt = NULL;
  if (fn->x) {
    /* receiver */
    bool ptr;
    Node *b = recv_base(fn->x, &ptr);
    Scope *saves = c->scope;
    c->scope = s->parent;
    Type *t = chk_typexpr(c, fn->x->x);
    c->scope = saves;
    fn->x->type = t;
    Type *base = ptr && t->kind == K_POINTER ? t->elem : t;
    if (t != invalid()) {
      bool ok = base->tflags & TF_NAMED && base->pkgpath && b && b->kind == N_IDENT &&
                base->obj && base->obj->pkg == c->pkg;
      if (ok && base->underlying && (base->underlying->kind == K_POINTER || base->underlying->kind == K_INTERFACE))
        ok = false;
      if (!ok) {
        /* types2 reports at the receiver variable: its name, or its type when unnamed */
        Pos rp = fn->x->list.n ? fn->x->list.v[0]->pos : fn->x->x->pos;
        char *ts = chk_typestr(c, base);
        int uk = base->underlying ? base->underlying->kind : K_INVALID;
        if (base->tflags & TF_NAMED && (!base->obj || base->obj->pkg != c->pkg)) {
          chk_errorf(c, rp, "cannot define new methods on non-local type %s", ts);
        } else if (base->tflags & TF_NAMED && (uk == K_POINTER || uk == K_INTERFACE)) {
          chk_errorf(c, rp, "invalid receiver type %s (pointer or interface type)", ts);
        } else if (base->tflags & TF_NAMED && uk == K_UNSAFEPOINTER) {
          chk_errorf(c, rp, "invalid receiver type %s (unsafe.Pointer)", ts);
        } else {
          char *full = chk_typestr(c, t);
          chk_errorf(c, rp, "invalid receiver type %s", full);
          free(full);
        }
        free(ts);
        t = invalid();
      } else {
        recvt = base;
      }
    }
  }
  c->scope = s;
  Scope *saves = c->scope;
  Type *sig = chk_functype(c, fn->y, &fi->recv, fn->x, fi, s);
  c->scope = saves;
  o->type = sig;
  o->spell = chk_spelltype(c, fn->y);
  if (recvt && sig != invalid()) {
    /* duplicate method / field-method clash */
    for (int i = 0; i < recvt->nmethods; i++)
      if (recvt->methods[i].name == o->name) {
        char where[300];
        chk_fmtpos(where, sizeof where, recvt->methods[i].obj ? recvt->methods[i].obj->pos : o->pos);
        char *ts = chk_typestr(c, recvt);
        chk_errorf(c, o->pos, "%s.%s redeclared in this block\n\t%s: other declaration of %s", ts, o->name, where, o->name);
        free(ts);
        recvt = NULL;
        break;
      }
    if (recvt && recvt->underlying && recvt->underlying->kind == K_STRUCT) {
      Type *u = recvt->underlying;
      for (int i = 0; i < u->nfields; i++)
        if (u->fields[i].name == o->name) {
          char *ts = chk_typestr(c, recvt);
          chk_errorf(c, o->pos, "field and method with the same name %s", o->name);
          free(ts);
          recvt = NULL;
          break;
        }
    }
    if (recvt) {
      bool ptr;
      recv_base(fn->x, &ptr);
      Method m = {.name = o->name, .type = sig, .ptrrecv = ptr,
                  .exported = o->flags & OF_EXPORTED ? true : false, .obj = o};
      types_add_method(recvt, &m);
    }
  }
  if (!fn->z) {
    fi->native = true;
    if (!c->cfg->std) chk_errorf(c, fn->pos, "missing function body");
  }
  /* schedule the body */
  if (c->nbodies == c->capbodies) {
    c->capbodies = c->capbodies ? c->capbodies * 2 : 32;
    c->bodies = realloc(c->bodies, (size_t)c->capbodies * sizeof *c->bodies);
    c->bodyfns = realloc(c->bodyfns, (size_t)c->capbodies * sizeof *c->bodyfns);
    c->bodyscopes = realloc(c->bodyscopes, (size_t)c->capbodies * sizeof *c->bodyscopes);
    if (!c->bodies || !c->bodyfns || !c->bodyscopes) abort();
  }
  c->bodies[c->nbodies] = fn->z;
  c->bodyfns[c->nbodies] = fi;
  c->bodyscopes[c->nbodies] = s;
  c->nbodies++;
  (void)d;
}

/* ---- collection ---------------------------------------------------------------------------- */

static void add_import(Checker *c, Package *p) {
  for (int i = 0; i < c->pkg->nimports; i++)
    if (c->pkg->imports[i] == p) return;
  Package **v = arena_alloc(c->a, (size_t)(c->pkg->nimports + 1) * sizeof *v);
  if (c->pkg->nimports) memcpy(v, c->pkg->imports, (size_t)c->pkg->nimports * sizeof *v);
  v[c->pkg->nimports++] = p;
  c->pkg->imports = v;
}

/* Declares a package-level constant, variable or type: init and main (in package main) can
 * only be functions; such objects are checked but not declared, as types2 does. */
static void declare_pkgobj(Checker *c, Object *o, Pos p) {
  if (o->name == intern_cstr("init") ||
      (o->name == intern_cstr("main") && strcmp(c->pkg->name, "main") == 0)) {
    chk_errorf(c, p, "cannot declare %s - must be func", o->name);
    return;
  }
  chk_declare(c, c->pkg->scope, o, p);
}

void chk_collect_file(Checker *c, Node *file) {
  Scope *fs = chk_newscope(c, c->pkg->scope);
  file->scope = fs;
  c->filescope = fs;
  for (int i = 0; i < file->list.n; i++) {
    Node *imp = file->list.v[i];
    const char *path = arena_strndup(c->a, imp->lit.val ? imp->lit.val : "", (size_t)imp->lit.len);
    Package *p = NULL;
    if (strcmp(path, "unsafe") == 0) {
      pthread_once(&unsafe_once, init_unsafe);
      p = &unsafe_pkg;
    } else if (c->cfg->importer) {
      p = c->cfg->importer(c->cfg->importer_ctx, path);
    }
    if (!p) {
      chk_errorf(c, imp->y ? imp->y->pos : imp->pos, "package %s is not in GOROOT", path);
      continue;
    }
    add_import(c, p);
    const char *name = imp->name ? imp->name : intern_cstr(p->name);
    if (name == intern_cstr("_")) continue;
    if (name == intern_cstr(".")) {
      if (c->ndots == c->capdots) {
        c->capdots = c->capdots ? c->capdots * 2 : 8;
        c->dots = realloc(c->dots, (size_t)c->capdots * sizeof *c->dots);
        if (!c->dots) abort();
      }
      c->dots[c->ndots++] = (DotImport){imp, p, file->pos.file, false};
      for (int j = 0; j < p->scope->nobjs; j++)
        if (p->scope->objs[j]->flags & OF_EXPORTED) scope_add(c, fs, p->scope->objs[j]);
      continue;
    }
    Object *o = chk_newobj(c, OBJ_PKG, name, NULL, imp->pos);
    o->pkg = p;
    o->decl = imp;
    imp->obj = o;
    chk_declare(c, fs, o, imp->pos);
    if (c->nimports == c->capimports) {
      c->capimports = c->capimports ? c->capimports * 2 : 16;
      c->imports = realloc(c->imports, (size_t)c->capimports * sizeof *c->imports);
      if (!c->imports) abort();
    }
    c->imports[c->nimports++] = o;
  }
  Scope *ps = c->pkg->scope;
  for (int i = 0; i < file->list2.n; i++) {
    Node *d = file->list2.v[i];
    if (d->kind == N_FUNCDECL) {
      Object *o = chk_newobj(c, OBJ_FUNC, d->name, NULL, d->pos);
      o->decl = d;
      o->flags |= OF_GLOBAL;
      d->obj = o;
      DeclInfo *di = newdecl(c, o, d);
      di->file = d->pos.file;
      if (d->x) {
        o->flags |= OF_METHOD;
      } else if (d->name == intern_cstr("init")) {
        if (d->y->list.n || d->y->list2.n)
          chk_errorf(c, d->pos, "func init must have no arguments and no return values");
        Object **v = arena_alloc(c->a, (size_t)(c->pkg->ninitfuncs + 1) * sizeof *v);
        if (c->pkg->ninitfuncs) memcpy(v, c->pkg->initfuncs, (size_t)c->pkg->ninitfuncs * sizeof *v);
        v[c->pkg->ninitfuncs++] = o;
        c->pkg->initfuncs = v;
      } else if (d->name == intern_cstr("_")) {
        /* blank functions are checked but not declared */
      } else {
        if (d->name == intern_cstr("main") && strcmp(c->pkg->name, "main") == 0 &&
            (d->y->list.n || d->y->list2.n))
          chk_errorf(c, d->pos, "func main must have no arguments and no return values");
        chk_declare(c, ps, o, d->pos);
      }
      continue;
    }
    if (d->kind != N_GENDECL) continue;
    Node *lastvals = NULL, *lasttyp = NULL;
    for (int j = 0; j < d->list.n; j++) {
      Node *spec = d->list.v[j];
      if (d->op == T_TYPE) {
        Object *o = chk_newobj(c, OBJ_TYPE, spec->name, NULL, spec->pos);
        o->decl = spec;
        spec->obj = o;
        if (!(spec->flags & NF_ALIAS)) o->type = types_named(spec->name, c->pkg->path, o);
        DeclInfo *di = newdecl(c, o, spec);
        di->file = spec->pos.file;
        declare_pkgobj(c, o, spec->pos);
      } else if (d->op == T_CONST) {
        if (spec->list2.n || spec->x || j == 0) lastvals = spec, lasttyp = spec->x;
        Node *src = lastvals;
        for (int k = 0; k < spec->list.n; k++) {
          Node *id = spec->list.v[k];
          Object *o = chk_newobj(c, OBJ_CONST, id->name, NULL, id->pos);
          o->decl = spec;
          id->obj = o;
          DeclInfo *di = newdecl(c, o, spec);
          di->file = spec->pos.file;
          di->typ = lasttyp;
          di->iota = spec->iota;
          di->init = src && k < src->list2.n ? src->list2.v[k] : NULL;
          declare_pkgobj(c, o, id->pos);
        }
        chk_const_arity(c, spec, src);
      } else if (d->op == T_VAR) {
        Object **lhs = arena_alloc(c->a, (size_t)spec->list.n * sizeof *lhs);
        for (int k = 0; k < spec->list.n; k++) {
          Node *id = spec->list.v[k];
          Object *o = chk_newobj(c, OBJ_VAR, id->name, NULL, id->pos);
          o->decl = spec;
          o->flags |= OF_GLOBAL;
          id->obj = o;
          lhs[k] = o;
          DeclInfo *di = newdecl(c, o, spec);
          di->file = spec->pos.file;
          di->typ = spec->x;
          if (spec->list2.n == spec->list.n) di->init = spec->list2.v[k];
          else if (spec->list2.n == 1) di->init = spec->list2.v[0], di->lhs = lhs, di->nlhs = spec->list.n;
          declare_pkgobj(c, o, id->pos);
          Object **g = arena_alloc(c->a, (size_t)(c->pkg->nglobals + 1) * sizeof *g);
          if (c->pkg->nglobals) memcpy(g, c->pkg->globals, (size_t)c->pkg->nglobals * sizeof *g);
          g[c->pkg->nglobals++] = o;
          c->pkg->globals = g;
        }
        if (spec->list2.n > spec->list.n && spec->list.n > 1) {
          char *es = chk_exprstr(spec->list2.v[spec->list.n]);
          chk_errorf(c, spec->list2.v[spec->list.n]->pos, "extra init expr %s", es);
          free(es);
        } else if (spec->list2.n && spec->list2.n != spec->list.n && spec->list2.n != 1) {
          chk_errorf(c, spec->list2.v[0]->pos, "assignment mismatch: %d variable%s but %d value%s",
                     spec->list.n, spec->list.n > 1 ? "s" : "", spec->list2.n,
                     spec->list2.n > 1 ? "s" : "");
        }
      }
    }
  }
}

/* Appends the functions scheduled since the last call to pkg->funcs and checks their bodies
 * (lazy ones excepted). The list grows while checking: closures are checked inline. */
static void drain_bodies(Checker *c) {
  Package *p = c->pkg;
  DeclInfo *saved = c->decl;
  Scope *saves = c->scope;
  for (; c->nbodiesdone < c->nbodies; c->nbodiesdone++) {
    int i = c->nbodiesdone;
    FuncInfo *fi = c->bodyfns[i];
    if (p->nfuncs == p->capfuncs) {
      p->capfuncs = p->capfuncs ? 2 * p->capfuncs : 32;
      FuncInfo **v = arena_alloc(c->a, (size_t)p->capfuncs * sizeof *v);
      if (p->nfuncs) memcpy(v, p->funcs, (size_t)p->nfuncs * sizeof *v);
      p->funcs = v;
    }
    p->funcs[p->nfuncs++] = fi;
    if (!c->bodies[i] || c->bodies[i]->flags & NF_LAZYBODY) continue;
    c->decl = chk_declinfo(c, fi->obj);
    c->scope = c->bodyscopes[i]->parent;
    chk_funcbody(c, fi, c->bodies[i], c->bodyscopes[i]);
  }
  c->decl = saved;
  c->scope = saves;
}

void chk_resolve_decls(Checker *c) {
  Package *p = c->pkg;
  /* types first (non-alias, then alias), then everything else, in source order */
  for (int pass = 0; pass < 3; pass++)
    for (int i = 0; i < c->ndecls; i++) {
      Object *o = c->decls[i]->obj;
      bool istype = o->kind == OBJ_TYPE;
      bool alias = istype && c->decls[i]->spec->flags & NF_ALIAS;
      if (c->decls[i]->spec->flags & NF_LAZYDECL) continue; /* checked when referenced */
      if ((pass == 0 && istype && !alias) || (pass == 1 && alias) || (pass == 2 && !istype)) {
        for (int f = 0; f < p->nfiles; f++)
          if (p->files[f]->pos.file == c->decls[i]->file) c->filescope = p->files[f]->scope;
        chk_objdecl(c, o);
      }
    }
  drain_bodies(c);
}

bool chk_lazybody(Checker *c, FuncInfo *fi) {
  Node *fn = fi->decl;
  int before = diag_count(c->diag);
  Node *body = parse_body(c->a, fn->z, c->diag);
  if (!body) return false;
  fn->z = body;
  chk_branches(c, fn);
  DeclInfo *saved = c->decl;
  Scope *saves = c->scope;
  c->decl = chk_declinfo(c, fi->obj);
  c->scope = ((Scope *)fn->scope)->parent;
  chk_funcbody(c, fi, body, fn->scope);
  c->decl = saved;
  c->scope = saves;
  return diag_count(c->diag) == before;
}

/* Map keys whose type was incomplete where written, now that every type is. */
static void check_pending_keys(Checker *c) {
  for (int i = 0; i < c->nkeys; i++)
    if (c->keys[i].key->tflags & TF_COMPLETE) valid_map_key(c, c->keys[i].key, c->keys[i].pos);
}

static void checker_init(Checker *c, const CheckConfig *cfg, Diag *diag) {
  memset(c, 0, sizeof *c);
  c->a = cfg->arena;
  c->diag = diag;
  c->cfg = cfg;
  c->iota = -1;
}

/* The end of work on a standard package's kept checker: new functions to pkg->funcs (and to
 * the compiler when the package is compiled already). */
static void lazy_done(Checker *c, int from) {
  Package *p = c->pkg;
  drain_bodies(c);
  check_pending_keys(c);
  c->nkeys = 0;
  if (p->nfuncs > from && p->declare_late) p->declare_late(p, from);
}

bool check_lazy_body(FuncInfo *fi, Diag *d) {
  Package *p = fi->obj->pkg;
  Checker *c = p->ck;
  int before = diag_count(d), from = p->nfuncs;
  Diag *saved = c->diag;
  c->diag = d;
  chk_lazybody(c, fi);
  lazy_done(c, from);
  c->diag = saved;
  return diag_count(d) == before;
}

void check_resolve(Object *o, Diag *d) {
  Package *p = o->pkg;
  Checker *c = p && o->kind != OBJ_PKG ? p->ck : NULL;
  DeclInfo *di = c ? chk_declinfo(c, o) : NULL;
  if (!di || di->color == 2) return;
  int from = p->nfuncs;
  Diag *saved = c->diag;
  c->diag = d;
  chk_objdecl(c, o);
  lazy_done(c, from);
  c->diag = saved;
}

Package *check_package(const CheckConfig *cfg, const char *path, Node **files, int nfiles,
                       Diag *diag) {
  check_universe();
  Checker cc;
  Checker *c = cfg->std ? malloc(sizeof *c) : &cc; /* std: kept for lazy declarations */
  if (!c) abort();
  checker_init(c, cfg, diag);
  if (cfg->std) c->cfgcopy = *cfg, c->cfg = cfg = &c->cfgcopy;
  Package *p = ARENA_NEW(c->a, Package);
  c->pkg = p;
  p->arena = cfg->arena;
  p->path = intern_cstr(path);
  p->name = nfiles ? files[0]->name : p->path;
  p->std = cfg->std;
  p->scope = chk_newscope(c, &universe);
  p->files = files;
  p->nfiles = nfiles;
  for (int i = 0; i < nfiles; i++) chk_branches(c, files[i]);
  for (int i = 0; i < nfiles; i++) {
    if (files[i]->name != p->name) {
      chk_errorf(c, files[i]->pos, "package %s; expected package %s", files[i]->name, p->name);
    }
    chk_collect_file(c, files[i]);
  }
  /* imports must not clash with package-level names */
  for (int i = 0; i < c->nimports; i++) {
    Object *imp = c->imports[i];
    Object *o = scope_find(p->scope, imp->name);
    if (o) {
      char where[300];
      chk_fmtpos(where, sizeof where, imp->pos);
      chk_errorf(c, o->pos, "%s already declared through import of package %s (\"%s\")\n\t%s: other declaration of %s",
                 o->name, imp->pkg->name, imp->pkg->path, where, o->name);
    }
  }
  chk_resolve_decls(c);
  chk_initorder(c);
  drain_bodies(c); /* functions the initialisation order's lazy bodies reached */
  /* unused imports (not in standard packages: lazy bodies are not checked yet) */
  for (int i = 0; i < c->nimports && !cfg->std; i++) {
    Object *o = c->imports[i];
    if (o->flags & OF_USED) continue;
    Node *imp = o->decl;
    const char *ip = o->pkg->path;
    const char *slash = strrchr(ip, '/');
    const char *last = slash ? slash + 1 : ip;
    if (imp->name && strcmp(imp->name, last) != 0)
      chk_errorf(c, imp->pos2, "imported and not used: \"%s\" as %s", ip, imp->name);
    else
      chk_errorf(c, imp->name ? imp->pos2 : imp->pos, "imported and not used: \"%s\"", ip);
  }
  check_pending_keys(c);
  for (int i = 0; i < c->ndots; i++)
    if (!c->dots[i].used)
      chk_errorf(c, c->dots[i].spec->pos2, "imported and not used: \"%s\"", c->dots[i].pkg->path);
  if (strcmp(p->name, "main") == 0 && !cfg->std && nfiles && diag_count(diag) == 0) {
    /* Go's linker reports this, only for a package that compiles */
    Object *m = scope_find(p->scope, intern_cstr("main"));
    if (!m || m->kind != OBJ_FUNC)
      diag_bare(diag, "runtime.main_main\u00b7f: function main is undeclared in the main package");
  }
  p->checked = true;
  if (cfg->std) p->ck = c;
  else chk_release(c);
  return p;
}

void chk_release(Checker *c) {
  /* hand the objects' index fields over to the compiler */
  for (int i = 0; i < c->ndecls; i++) c->decls[i]->obj->index = -1;
  free(c->decls);
  free(c->objpath);
  free(c->imports);
  free(c->dots);
  free(c->keys);
  free(c->bodies);
  free(c->bodyfns);
  free(c->bodyscopes);
}

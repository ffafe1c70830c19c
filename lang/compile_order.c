/* Evaluation order within a statement, as Go's gc compiler has it (cmd/compile/internal/walk,
 * order.go); the spec leaves it open beyond calls, methods and receives happening left to right.
 *
 * gc first runs, left to right and inner ones first, the statement's "early" operations, each
 * into a temporary: calls; the builtins len, cap, append, copy, make, new, complex, real, imag,
 * panic, print and recover; slice expressions; receives; type assertions to types that are not
 * pointer-shaped; && and || as a whole (each operand then ordered on its own); a map literal; and
 * the operand of a conversion to an interface that Go passes by address (not 2, 4 or 8 bytes
 * without pointers, nor a string or slice) unless it is addressable and not a local variable
 * (the same copy for struct and array comparisons, and for map keys without a fast map path).
 * Then it evaluates the rest of the statement, the "late" operands (variables, fields,
 * dereferences, indexes, arithmetic), which so see what the early ones did: with x captured by
 * f, `x + f()` adds f's x, `s[i] + f()` panics after f.
 *
 * gol compiles left to right. Before a statement, cx_order_begin walks its expressions (decide
 * mode): when a late operand that the early operations could change or that could panic
 * (anything but constants, locals held in registers and arithmetic on them) is read before an
 * early operation with an effect (all but len, cap, complex, real, imag, new and the copies), it
 * walks them again (emit mode) and compiles the early operations first, into registers above the
 * statement's (the hoist table fs->hoists); the statement is then compiled as usual, cx_expr,
 * cx_expr_any, cx_call and cx_cond_* taking a hoisted node's value from its register. Other
 * statements compile exactly as before: the walk emits nothing.
 *
 * go and defer statements are not ordered: Go 1.19 evaluates their operands left to right (as
 * does each value of a var declaration with several: declare_vars orders them one by one).
 * A map literal is early as a whole; each entry is then ordered as gc's statement m[k] = v
 * (composite in compile_expr.c), the key walked as that map index's (OrderRoot.map). gc inserts
 * the static entries (cx_order_static) first, when it makes the map.
 *
 * Statements with expressions of their own, each ordered alone: x++ and x-- (the target, read
 * after its operands' calls, as for x op= y), a range expression, a range's assigned iteration
 * targets (both together, each iteration: gc's k, v = key, value), each channel and value operand
 * of a select's cases (copied into temporaries in source order), and each target of a select's
 * receive (assigned after the receive: gc's statement target = temporary). */
#include <stdlib.h>
#include <string.h>

#include "lang/compile_x.h"

static const Type *under(const Type *t) { return t->underlying ? t->underlying : t; }
static bool is_iface(const Type *t) { return t && under(t)->kind == K_INTERFACE; }

enum { MAXPEND = 32 };

typedef struct Walk {
  FuncState *fs;
  bool emit;   /* false: decide (sets need); true: hoist the early nodes */
  bool need;   /* decide: an impure late read comes before an effect it must follow */
  bool impure; /* an impure late operand was read in the current scope (since the nearest
                  enclosing early node began) */
  bool effect; /* the nodes walked so far include an early node with an effect */
  int depth;   /* early nodes entered */
  /* emit: early nodes without an effect not hoisted yet. Until the next effect they read the
   * same values wherever they are evaluated: hoisted just before it, or else compiled in place
   * (inside their early parent, or late) */
  Node *pend[MAXPEND];
  int pdepth[MAXPEND];
  int npend;
} Walk;

enum { LATE, EARLY, EARLY_EFFECT, UNIT /* early, compiled whole: its operands are not walked */ };

/* Whether gc copies an operand early (walk's copy argument). */
enum { COPY_NO, COPY_ADDR /* unless addr_ok (gc's addrTemp) */, COPY_ALWAYS };

/* ---- the hoist table ---- */

int cx_hoisted(FuncState *fs, const Node *n) {
  for (int i = fs->nhoists - 1; i >= 0; i--)
    if (fs->hoists[i].n == n) return fs->hoists[i].reg;
  return -1;
}

static void hoist(FuncState *fs, Node *n) {
  int r;
  const Type *t = n->type;
  if (n->kind == N_CALL && (!t || t->kind == K_TUPLE || t->nslots == 0)) {
    /* no result or several: they stay where the call left them, kept above nextreg */
    r = cx_call(fs, n);
    int end = r;
    if (t && t->kind == K_TUPLE)
      for (int i = 0; i < t->nparams; i++) end += t->params[i]->nslots;
    if (fs->nextreg < end) cx_alloc(fs, end - fs->nextreg);
  } else {
    r = cx_expr_any(fs, n);
  }
  if (fs->nhoists == fs->caphoists) {
    fs->caphoists = fs->caphoists ? 2 * fs->caphoists : 8;
    fs->hoists = realloc(fs->hoists, (size_t)fs->caphoists * sizeof *fs->hoists);
    if (!fs->hoists) abort();
  }
  fs->hoists[fs->nhoists].n = n;
  fs->hoists[fs->nhoists++].reg = r;
}

/* ---- classification ---- */

static bool reg_local(const Object *o) {
  return o && o->kind == OBJ_VAR && !(o->flags & OF_GLOBAL) && !cx_in_cell(o);
}

/* Go's pointer-shaped types, stored in an interface's data word (types.IsDirectIface; gol's
 * TF_DIRECTIFACE also holds scalars). */
static bool go_direct_iface(const Type *t) {
  const Type *u = under(t);
  switch (u->kind) {
  case K_POINTER: case K_CHAN: case K_MAP: case K_FUNC: case K_UNSAFEPOINTER: return true;
  case K_STRUCT: return u->nfields == 1 && go_direct_iface(u->fields[0].type);
  case K_ARRAY: return u->len == 1 && go_direct_iface(u->elem);
  default: return false;
  }
}

/* A value of type t whose single component is a string or a slice (Go's convTstring/convTslice). */
static bool sole_string_or_slice(const Type *t) {
  const Type *u = under(t);
  if (u->kind == K_STRING || u->kind == K_SLICE) return true;
  if (u->kind == K_STRUCT && u->nfields == 1) return sole_string_or_slice(u->fields[0].type);
  if (u->kind == K_ARRAY && u->len == 1) return sole_string_or_slice(u->elem);
  return false;
}

/* Go converts a value of type t to an interface through its address (dataWordFuncName). */
static bool conv_needs_addr(const Type *t) {
  bool ptrs = (t->tflags & TF_HASPTR) != 0;
  if (t->size == 2 && t->align == 2) return false;
  if ((t->size == 4 && t->align == 4 && !ptrs) || (t->size == 8 && t->align == 8 && !ptrs))
    return false;
  return !sole_string_or_slice(t);
}

/* gc's isaddrokay: addressable, and not a local variable. */
static bool addr_ok(const Node *n) {
  if (!(n->flags & NF_ADDRESSABLE)) return false;
  return n->kind != N_IDENT || !n->obj || (n->obj->flags & OF_GLOBAL);
}

/* Whether n, converted to want, is copied early (gc's addrTemp for OCONVIFACE). */
static bool conv_copies(const Node *n, const Type *want) {
  return is_iface(want) && n->type && !is_iface(n->type) && n->type->kind != K_UNTYPED_NIL &&
         conv_needs_addr(n->type);
}

static int classify(const Node *n, int copy) {
  switch (n->kind) {
  case N_CALL:
    if (n->flags & NF_CONVERSION) {
      const Node *a = n->list.v[0];
      if (under(n->type)->kind == K_SLICE && a->type && under(a->type)->kind == K_STRING)
        return EARLY; /* []byte(s), []rune(s) */
      break;
    }
    if (n->flags & NF_BUILTIN) {
      switch (n->aux) {
      case BI_MIN: case BI_MAX: break;
      case BI_LEN: case BI_CAP: case BI_COMPLEX: case BI_REAL: case BI_IMAG: case BI_NEW:
        return EARLY;
      default: return EARLY_EFFECT;
      }
      break;
    }
    return EARLY_EFFECT;
  case N_SLICE: return EARLY_EFFECT;
  case N_TYPEASSERT:
    if (n->flags & NF_COMMAOK) break;
    if (!go_direct_iface(n->type)) return EARLY_EFFECT;
    break;
  case N_UNARY:
    if (n->op == T_ARROW && !(n->flags & NF_COMMAOK)) return EARLY_EFFECT;
    break;
  case N_BINARY:
    if (n->op == T_ANDAND || n->op == T_OROR) return UNIT;
    break;
  case N_COMPOSITE:
    if (n->type && under(n->type)->kind == K_MAP) return UNIT;
    break;
  default: break;
  }
  return copy == COPY_ALWAYS || (copy == COPY_ADDR && !addr_ok(n)) ? EARLY : LATE;
}

/* Whether n contains an early node with an effect (the operands of a UNIT). */
static bool has_effect(const Node *n) {
  if (!n || n->cval || n->kind == N_FUNCLIT || (n->flags & NF_TYPEEXPR)) return false;
  if (classify(n, COPY_NO) == EARLY_EFFECT) return true;
  if (has_effect(n->x) || has_effect(n->y) || has_effect(n->z) || has_effect(n->w)) return true;
  for (int i = 0; i < n->list.n; i++)
    if (has_effect(n->list.v[i])) return true;
  return false;
}

/* ---- the walk ---- */

static bool walk(Walk *w, Node *n, const Type *want, int copy, bool root);

/* Compared as plain memory (gc's AMEM algorithm). */
static bool mem_alg(const Type *t) {
  const Type *u = under(t);
  switch (u->kind) {
  case K_BOOL: case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64: case K_UINT:
  case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR: case K_POINTER:
  case K_CHAN: case K_UNSAFEPOINTER:
    return true;
  case K_ARRAY: return mem_alg(u->elem);
  case K_STRUCT: {
    int64_t sum = 0; /* padding makes it compared field by field */
    for (int32_t i = 0; i < u->nfields; i++) {
      if (!mem_alg(u->fields[i].type)) return false;
      sum += u->fields[i].type->size;
    }
    return sum == u->size;
  }
  default: return false;
  }
}

/* The key of map index m[y] (map type mt). Go's map functions without a fast path for the key
 * type (mapfast: 4- or 8-byte memory keys and strings, elements up to 128 bytes) take the key's
 * address: gc copies it early unless addr_ok, and a key converted to an interface key type
 * always (mapKeyTemp). */
static void walk_map_key(Walk *w, Node *y, const Type *mt) {
  const Type *k = mt->key;
  bool fast = mt->elem->size <= 128 && (under(k)->kind == K_STRING ||
                                        (mem_alg(k) && (k->size == 4 || k->size == 8)));
  int copy = conv_copies(y, k) ? COPY_ADDR : COPY_NO;
  if (!fast) copy = is_iface(k) && y->type && !is_iface(y->type) ? COPY_ALWAYS : COPY_ADDR;
  walk(w, y, k, copy, false);
}

/* x.m() with a pointer receiver and x addressable, not a pointer: the receiver is &x, so x's
 * location is computed, not its value read. */
static bool auto_addr_recv(const Node *sel) {
  Object *m = sel->obj;
  FuncInfo *fi = m && m->decl ? check_funcinfo(m->decl) : NULL;
  if (!fi || !fi->recv || sel->npath) return false;
  return under(fi->recv->type)->kind == K_POINTER && under(sel->x->type)->kind != K_POINTER;
}

static void walk_lvalue(Walk *w, Node *n);

/* The operands of a call (the callee's operand, then the arguments converted to the parameters'
 * types, as place_args passes them). Returns whether they are pure. */
static bool walk_call(Walk *w, Node *n) {
  bool pure = true;
  Node *fn = n->x;
  while (fn->kind == N_PAREN) fn = fn->x;
  NodeList *a = &n->list;
  if (n->flags & NF_CONVERSION)
    return walk(w, a->v[0], n->type, conv_copies(a->v[0], n->type) ? COPY_ADDR : COPY_NO, false);
  if (n->flags & NF_BUILTIN) {
    const Type *et = NULL;
    if (n->aux == BI_APPEND && a->n > 0 && !(n->flags & NF_DOTS)) et = under(a->v[0]->type)->elem;
    for (int i = 0; i < a->n; i++) {
      Node *e = a->v[i];
      if (e->flags & NF_TYPEEXPR) continue;
      const Type *want = n->aux == BI_PANIC ? types_any() : i > 0 ? et : NULL;
      pure &= walk(w, e, want, conv_copies(e, want) ? COPY_ADDR : COPY_NO, false);
    }
    return pure;
  }
  if (fn->kind == N_SELECTOR && fn->aux == SEL_METHOD && auto_addr_recv(fn)) walk_lvalue(w, fn->x);
  else if (fn->kind == N_SELECTOR && fn->aux != SEL_PKG && fn->aux != SEL_METHODEXPR)
    pure &= walk(w, fn->x, NULL, COPY_NO, false);
  else if (!(fn->flags & NF_TYPEEXPR)) pure &= walk(w, fn, NULL, COPY_NO, false);
  const Type *sig = under(fn->type);
  if (sig->kind != K_FUNC) return pure;
  bool variadic = (sig->tflags & TF_VARIADIC) && !(n->flags & NF_DOTS);
  for (int i = 0; i < a->n; i++) {
    const Type *want = NULL;
    if (variadic && i >= sig->nparams - 1) want = under(sig->params[sig->nparams - 1])->elem;
    else if (i < sig->nparams) want = sig->params[i];
    pure &= walk(w, a->v[i], want, conv_copies(a->v[i], want) ? COPY_ADDR : COPY_NO, false);
  }
  return pure;
}

/* The operands of a late node, in the order the compiler evaluates them; returns whether they and
 * the node's own operation are pure (no memory read, no possible panic). */
static bool walk_late(Walk *w, Node *n) {
  switch (n->kind) {
  case N_IDENT: return !n->obj || n->obj->kind != OBJ_VAR || reg_local(n->obj);
  case N_FUNCLIT: case N_BASICLIT: return true;
  case N_COMPOSITE: {
    const Type *u = n->type ? under(n->type) : NULL;
    bool pure = true;
    for (int i = 0; i < n->list.n; i++) {
      Node *e = n->list.v[i], *v = e->kind == N_KEYVALUE ? e->y : e;
      const Type *want = NULL;
      if (u && (u->kind == K_ARRAY || u->kind == K_SLICE)) want = u->elem;
      else if (u && u->kind == K_STRUCT && e == v && i < u->nfields) want = u->fields[i].type;
      pure &= walk(w, v, want, conv_copies(v, want) ? COPY_ADDR : COPY_NO, false);
    }
    return pure;
  }
  case N_SELECTOR:
    if (n->aux == SEL_PKG) return !n->obj || n->obj->kind != OBJ_VAR;
    if (n->aux == SEL_METHODEXPR) return true;
    return walk(w, n->x, NULL, COPY_NO, false) && n->aux == SEL_FIELD && n->npath == 0 &&
           under(n->x->type)->kind != K_POINTER;
  case N_INDEX: {
    const Type *xt = under(n->x->type);
    walk(w, n->x, NULL, COPY_NO, false);
    if (xt->kind == K_MAP) walk_map_key(w, n->y, xt);
    else walk(w, n->y, NULL, COPY_NO, false);
    return false;
  }
  case N_TYPEASSERT: case N_STAR: walk(w, n->x, NULL, COPY_NO, false); return false;
  case N_SLICE: {
    Node *ops[4] = {n->x, n->y, n->z, n->w}; /* y, z, w: the bounds, when written */
    for (int i = 0; i < 4; i++)
      if (ops[i]) walk(w, ops[i], NULL, COPY_NO, false);
    return false;
  }
  case N_UNARY: {
    Node *x = n->x;
    while (x->kind == N_PAREN) x = x->x;
    if (n->op == '&' && x->kind != N_COMPOSITE) {
      /* &x computes a location (a cell's address needs no read) */
      bool impure = w->impure;
      w->impure = false;
      walk_lvalue(w, x);
      bool pure = !w->impure;
      w->impure |= impure;
      return pure;
    }
    bool pure = walk(w, n->x, NULL, COPY_NO, false);
    return pure && n->op != T_ARROW;
  }
  case N_BINARY: {
    const Type *tx = n->x->type, *ty = n->y->type;
    bool cmp = n->op == T_EQL || n->op == T_NEQ || n->op == '<' || n->op == T_LEQ || n->op == '>' ||
               n->op == T_GEQ;
    bool agg = cmp && tx && (under(tx)->kind == K_STRUCT || under(tx)->kind == K_ARRAY);
    const Type *wx = cmp && is_iface(ty) ? ty : NULL, *wy = cmp && is_iface(tx) ? tx : NULL;
    bool pure = walk(w, n->x, wx, agg || conv_copies(n->x, wx) ? COPY_ADDR : COPY_NO, false);
    pure &= walk(w, n->y, wy, agg || conv_copies(n->y, wy) ? COPY_ADDR : COPY_NO, false);
    if (cmp) return pure && !agg && !is_iface(tx) && !is_iface(ty);
    int k = n->type ? under(n->type)->kind : K_INVALID;
    bool intop = k >= K_INT && k <= K_UINTPTR;
    if (intop && (n->op == '/' || n->op == '%')) return pure && n->y->cval; /* divide by zero */
    if ((n->op == T_SHL || n->op == T_SHR) && !n->y->cval) {             /* negative count */
      int yk = ty ? under(ty)->kind : K_INVALID;
      return pure && yk >= K_UINT && yk <= K_UINTPTR;
    }
    return pure;
  }
  case N_CALL: {
    /* conversions, min and max */
    bool pure = walk_call(w, n);
    if (!(n->flags & NF_CONVERSION)) return pure;
    const Type *from = n->list.v[0]->type;
    if (is_iface(n->type) && conv_copies(n->list.v[0], n->type)) return pure;
    return pure && !(from && under(from)->kind == K_SLICE); /* string(b), (*[N]T)(s) */
  }
  default: return false;
  }
}

/* Walks n (converted to want; copy: gc copies it unless addr_ok). root: a statement's only
 * expression, never hoisted (its value is the statement's). Returns whether n is pure (an early
 * node is: its parent reads its temporary). */
static bool walk(Walk *w, Node *n, const Type *want, int copy, bool root) {
  while (n->kind == N_PAREN) n = n->x;
  if ((n->cval && n->type && n->type->kind != K_TUPLE) || (n->flags & NF_TYPEEXPR)) return true;
  int kind = classify(n, copy);
  if (kind == LATE) {
    bool pure = walk_late(w, n);
    if (!pure) w->impure = true;
    return pure;
  }
  bool impure = w->impure, effect = w->effect;
  w->impure = w->effect = false;
  w->depth++;
  if (kind != UNIT) walk_late(w, n);
  w->depth--;
  bool eff = w->effect || kind == EARLY_EFFECT || (kind == UNIT && has_effect(n));
  w->impure = impure;
  w->effect = effect || eff;
  if (eff && impure) w->need = true;
  if (!w->emit || root) return true;
  while (w->npend && w->pdepth[w->npend - 1] > w->depth) w->npend--; /* n's own: in place */
  if (eff || w->npend == MAXPEND) {
    for (int i = 0; i < w->npend; i++) hoist(w->fs, w->pend[i]);
    w->npend = 0;
    hoist(w->fs, n);
  } else {
    w->pend[w->npend] = n;
    w->pdepth[w->npend++] = w->depth;
  }
  return true;
}

/* An assignment's target: the operands its location is computed from. */
static void walk_lvalue(Walk *w, Node *n) {
  while (n->kind == N_PAREN) n = n->x;
  switch (n->kind) {
  case N_INDEX: {
    const Type *xt = under(n->x->type);
    if (xt->kind == K_ARRAY) walk_lvalue(w, n->x);
    else walk(w, n->x, NULL, COPY_NO, false);
    if (xt->kind == K_MAP) {
      walk_map_key(w, n->y, xt);
      return;
    }
    walk(w, n->y, NULL, COPY_NO, false);
    w->impure = true; /* the bounds check */
    return;
  }
  case N_SELECTOR:
    if (n->aux != SEL_FIELD) return;
    if (n->npath) w->impure = true; /* embedded pointers are followed now */
    if (under(n->x->type)->kind == K_POINTER || n->npath) walk(w, n->x, NULL, COPY_NO, false);
    else walk_lvalue(w, n->x);
    return;
  case N_STAR: walk(w, n->x, NULL, COPY_NO, false); return;
  default: return;
  }
}

static void walk_roots(Walk *w, const OrderRoot *r, int n) {
  for (int i = 0; i < n; i++) {
    if (r[i].lvalue) walk_lvalue(w, r[i].n);
    else if (r[i].map) walk_map_key(w, r[i].n, r[i].map);
    else walk(w, r[i].n, r[i].want, conv_copies(r[i].n, r[i].want) ? COPY_ADDR : COPY_NO, n == 1);
  }
}

int cx_order_begin(FuncState *fs, const OrderRoot *roots, int n) {
  int mark = fs->nhoists;
  Walk w = {.fs = fs};
  walk_roots(&w, roots, n);
  if (!w.need) return mark;
  w = (Walk){.fs = fs, .emit = true};
  walk_roots(&w, roots, n);
  return mark;
}

void cx_order_end(FuncState *fs, int mark) { fs->nhoists = mark; }

static bool is_nil(const Node *n) {
  return n->kind == N_IDENT && n->obj && n->obj->kind == OBJ_NIL;
}

/* gc's isStaticCompositeLiteral on the entry after order.go's expr: a conversion to an interface
 * is static only for nil, since ordering gives any other operand a temporary (addrTemp); T(nil)
 * is a conversion, not nil (go1.19 inserts it in source order). */
bool cx_order_static(const Node *n, const Type *want) {
  while (n->kind == N_PAREN) n = n->x;
  if (is_nil(n)) return true;
  if (is_iface(want) && !(n->type && is_iface(n->type))) return false;
  if (n->cval) return true;
  const Type *t = n->type ? n->type : want; /* an elided literal type is want's */
  if (n->kind != N_COMPOSITE || !t) return false;
  const Type *u = under(t);
  if (u->kind != K_ARRAY && u->kind != K_STRUCT) return false; /* slices, maps, &T{} */
  for (int i = 0; i < n->list.n; i++) {
    const Node *e = n->list.v[i], *v = e->kind == N_KEYVALUE ? e->y : e;
    const Type *et = u->kind == K_ARRAY ? u->elem : NULL;
    if (u->kind == K_STRUCT) {
      if (e == v) et = i < u->nfields ? u->fields[i].type : NULL;
      else
        for (int32_t j = 0; j < u->nfields; j++)
          if (strcmp(u->fields[j].name, e->x->name) == 0) et = u->fields[j].type;
    }
    if (!cx_order_static(v, et)) return false;
  }
  return true;
}

int cx_order_expr(FuncState *fs, Node *n) {
  OrderRoot r = {n, NULL, false, NULL};
  return cx_order_begin(fs, &r, 1);
}

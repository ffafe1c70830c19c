/* Expressions: operands, identifiers, literals, unary/binary operators with constant folding,
 * untyped-constant conversion (types2's implicitTypeAndValue/updateExprType), assignability,
 * index/slice/type-assertion and composite literals. Calls and selectors are in check_call.c. */
#include "lang/check_impl.h"

#include <stdlib.h>
#include <string.h>

static Type *T(Kind k) { return types_basic(k); }
static Type *invalid(void) { return types_basic(K_INVALID); }

/* ---- type predicates ------------------------------------------------------------------------ */

static Type *U(Type *t) { return t->underlying ? t->underlying : t; }
bool chk_isuntyped(Type *t) { return t && t->kind >= K_UNTYPED_BOOL && t->kind <= K_UNTYPED_NIL; }
bool chk_isinteger(Type *t) {
  int k = U(t)->kind;
  return (k >= K_INT && k <= K_UINTPTR) || k == K_UNTYPED_INT || k == K_UNTYPED_RUNE;
}
bool chk_isunsigned(Type *t) { int k = U(t)->kind; return k >= K_UINT && k <= K_UINTPTR; }
bool chk_isfloat(Type *t) { int k = U(t)->kind; return k == K_FLOAT32 || k == K_FLOAT64 || k == K_UNTYPED_FLOAT; }
bool chk_iscomplex(Type *t) {
  int k = U(t)->kind;
  return k == K_COMPLEX64 || k == K_COMPLEX128 || k == K_UNTYPED_COMPLEX;
}
bool chk_isnumeric(Type *t) { return chk_isinteger(t) || chk_isfloat(t) || chk_iscomplex(t); }
bool chk_isstring(Type *t) { int k = U(t)->kind; return k == K_STRING || k == K_UNTYPED_STRING; }
bool chk_isbool(Type *t) { int k = U(t)->kind; return k == K_BOOL || k == K_UNTYPED_BOOL; }
bool chk_isiface(Type *t) { return U(t)->kind == K_INTERFACE; }
static bool isordered(Type *t) { return chk_isinteger(t) || chk_isfloat(t) || chk_isstring(t); }
static bool isbasic(Type *t) { int k = U(t)->kind; return (k >= K_BOOL && k <= K_COMPLEX128) || k == K_STRING || k == K_UNSAFEPOINTER || chk_isuntyped(t); }
static bool hasnil(Type *t) {
  switch (U(t)->kind) {
  case K_POINTER: case K_SLICE: case K_MAP: case K_CHAN: case K_FUNC: case K_INTERFACE:
  case K_UNSAFEPOINTER: case K_UNTYPED_NIL: return true;
  default: return false;
  }
}
bool chk_comparable(Type *t) { return (t->tflags & TF_COMPARABLE) != 0 || chk_isuntyped(t); }

Type *chk_defaulttype(Type *t) {
  switch (t->kind) {
  case K_UNTYPED_BOOL: return T(K_BOOL);
  case K_UNTYPED_INT: return T(K_INT);
  case K_UNTYPED_RUNE: return T(K_INT32);
  case K_UNTYPED_FLOAT: return T(K_FLOAT64);
  case K_UNTYPED_COMPLEX: return T(K_COMPLEX128);
  case K_UNTYPED_STRING: return T(K_STRING);
  default: return t;
  }
}

/* ---- recording ------------------------------------------------------------------------------ */

static void record(Operand *x) {
  Node *n = x->expr;
  if (!n) return;
  n->flags |= NF_CHECKED;
  if (x->mode == M_INVALID) {
    n->type = invalid();
    return;
  }
  n->type = x->type;
  if (x->mode == M_CONST) n->cval = x->val;
  if (x->mode == M_TYPEXPR) n->flags |= NF_TYPEEXPR;
  if (x->mode == M_VAR) n->flags |= NF_ADDRESSABLE;
}

/* Gives an untyped expression tree its final type (updateExprType). */
void chk_settype(Node *n, Type *t) {
  for (int guard = 0; n && guard < 100000; guard++) {
    if (!n->type || !chk_isuntyped(n->type)) return;
    n->type = t;
    switch (n->kind) {
    case N_PAREN: n = n->x; continue;
    case N_UNARY:
      if (n->op == '!' || n->op == '+' || n->op == '-' || n->op == '^') { n = n->x; continue; }
      return;
    case N_BINARY:
      switch (n->op) {
      case T_EQL: case T_NEQ: case '<': case T_LEQ: case '>': case T_GEQ: return;
      case T_SHL: case T_SHR: n = n->x; continue;
      default:
        if (n->x->kind == N_BINARY || n->x->kind == N_UNARY || n->x->kind == N_PAREN) {
          chk_settype(n->y, t);
          n = n->x;
        } else {
          chk_settype(n->x, t);
          n = n->y;
        }
        continue;
      }
    default: return;
    }
  }
}

/* ---- representability and untyped conversion ------------------------------------------------ */

/* why: 1 overflow, 2 truncated, 3 cannot convert */
bool chk_representable(Checker *c, Operand *x, Type *t, int *why) {
  ConstVal *out = NULL;
  int k = U(t)->kind;
  int r = const_represent(c->a, x->val, k, &out);
  if (r == 3 && chk_isnumeric(x->type) && chk_isnumeric(t)) r = chk_isinteger(t) ? 2 : 1;
  if (r == 0) {
    x->val = out;
    return true;
  }
  /* as types2: float or complex -> integer is "truncated", every other numeric failure "overflows" */
  if (r == 1 || r == 2) r = !chk_isinteger(x->type) && chk_isinteger(t) ? 2 : 1;
  *why = r;
  return false;
}

static void invalid_conversion(Checker *c, Operand *x, Type *target, int why) {
  char *xs = chk_operandstr(c, x), *ts = chk_typestr(c, target);
  if (why == 2) chk_errorf(c, x->expr->pos, "%s truncated to %s", xs, ts);
  else if (why == 1) chk_errorf(c, x->expr->pos, "%s overflows %s", xs, ts);
  else chk_errorf(c, x->expr->pos, "cannot convert %s to %s", xs, ts); /* implicit: no "type" */
  free(xs);
  free(ts);
}

/* Returns 0 and sets *nt on success, else the reason (1 overflow, 2 truncated, 3 invalid). */
static int implicit_type(Checker *c, Operand *x, Type *target, Type **nt) {
  if (!chk_isuntyped(x->type) || target == invalid()) { *nt = x->type; return 0; }
  if (chk_isuntyped(target)) {
    if (chk_isnumeric(x->type) && chk_isnumeric(target)) {
      *nt = x->type->kind > target->kind ? x->type : target;
      return 0;
    }
    if (x->type != target) return 3;
    *nt = target;
    return 0;
  }
  Type *tu = U(target);
  if (tu->kind == K_INTERFACE) {
    if (x->type->kind == K_UNTYPED_NIL) { *nt = target; return 0; }
    if (tu->nmethods) return 3;
    *nt = chk_defaulttype(x->type);
    return 0;
  }
  if (isbasic(tu) && tu->kind != K_UNSAFEPOINTER) {
    if (x->mode == M_CONST) {
      int why = 3;
      if (!chk_representable(c, x, target, &why)) return why;
      *nt = target;
      return 0;
    }
    /* non-constant untyped: bool results, shifted untyped constants */
    if (x->type->kind == K_UNTYPED_BOOL) {
      if (!chk_isbool(target)) return 3;
    } else if (x->type->kind == K_UNTYPED_NIL) {
      return 3;
    } else if (!chk_isnumeric(target)) {
      return 3;
    }
    *nt = target;
    return 0;
  }
  if (x->type->kind == K_UNTYPED_NIL && hasnil(tu)) { *nt = target; return 0; }
  return 3;
}

/* A non-constant untyped numeric value comes from shifting an untyped constant by a variable
 * count: returns the first such shift in n (its left operand takes n's final type, which must be
 * an integer type), or NULL. */
static Node *delayed_shift(Node *n) {
  for (int guard = 0; n && guard < 100000; guard++) {
    if (n->cval || !n->type || !chk_isuntyped(n->type)) return NULL;
    switch (n->kind) {
    case N_PAREN: case N_UNARY: n = n->x; continue;
    case N_BINARY:
      if (n->op == T_SHL || n->op == T_SHR) return n;
      Node *s = delayed_shift(n->x);
      if (s) return s;
      n = n->y;
      continue;
    default: return NULL;
    }
  }
  return NULL;
}

bool chk_shift_type_ok(Checker *c, Operand *x, Type *nt) {
  Node *sh;
  if (x->mode == M_CONST || !x->expr || chk_isuntyped(nt) || chk_isinteger(nt) ||
      !(sh = delayed_shift(x->expr)))
    return true;
  char *ss = chk_exprstr(sh), *ts = chk_typestr(c, nt);
  chk_errorf(c, sh->x->pos, "invalid operation: %s (shift of type %s)", ss, ts);
  free(ss);
  free(ts);
  x->mode = M_INVALID;
  return false;
}

void chk_convert_untyped(Checker *c, Operand *x, Type *target) {
  if (x->mode == M_INVALID || !chk_isuntyped(x->type)) return;
  Type *nt;
  int why = implicit_type(c, x, target, &nt);
  if (why) {
    invalid_conversion(c, x, U(target), why); /* types2 names the underlying type */
    x->mode = M_INVALID;
    return;
  }
  if (!chk_shift_type_ok(c, x, nt)) return;
  if (nt != x->type) {
    x->type = nt;
    if (x->expr) {
      if (x->mode == M_CONST) x->expr->cval = x->val;
      chk_settype(x->expr, nt);
    }
  }
}

void chk_default(Checker *c, Operand *x) {
  if (x->mode != M_INVALID && chk_isuntyped(x->type) && x->type->kind != K_UNTYPED_NIL) {
    bool r = x->type->kind == K_UNTYPED_RUNE;
    chk_convert_untyped(c, x, chk_defaulttype(x->type));
    if (r) x->spell = chk_spell_rune();
  }
}

/* ---- assignability ------------------------------------------------------------------------- */

static void implements_reason(Checker *c, Type *V, Type *Tt, char *reason, size_t n) {
  const char *m = NULL;
  int r = types_missing_method(V, Tt, &m);
  char *vs = chk_typestr(c, V), *ts = chk_typestr(c, Tt);
  switch (r) {
  case MM_MISSING: snprintf(reason, n, "%s does not implement %s (missing %s method)", vs, ts, m); break;
  case MM_PTRRECV: snprintf(reason, n, "%s does not implement %s (%s method has pointer receiver)", vs, ts, m); break;
  case MM_WRONGTYPE: snprintf(reason, n, "%s does not implement %s (wrong type for %s method)", vs, ts, m); break;
  }
  free(vs);
  free(ts);
}

bool chk_assignable(Checker *c, Operand *x, Type *Tt, char *reason, size_t n) {
  Type *V = x->type;
  if (reason) reason[0] = 0;
  if (V == Tt || V == invalid() || Tt == invalid()) return true;
  Type *Vu = U(V), *Tu = U(Tt);
  if (chk_isuntyped(V)) {
    if (Tu->kind == K_INTERFACE) return V->kind == K_UNTYPED_NIL || Tu->nmethods == 0;
    if (V->kind == K_UNTYPED_NIL) return hasnil(Tu);
    if (x->mode == M_CONST && isbasic(Tu)) {
      Operand y = *x;
      int why;
      return chk_representable(c, &y, Tt, &why);
    }
    if (V->kind == K_UNTYPED_BOOL) return chk_isbool(Tu);
    return isbasic(Tu) && chk_isnumeric(Tu);
  }
  if (Vu == Tu && (!(V->tflags & TF_NAMED) || !(Tt->tflags & TF_NAMED))) return true;
  if (Tu->kind == K_INTERFACE) {
    const char *m;
    if (types_missing_method(V, Tt, &m) == MM_OK) return true;
    if (reason) implements_reason(c, V, Tt, reason, n);
    return false;
  }
  if (Vu->kind == K_INTERFACE && Tu->kind != K_INTERFACE) {
    const char *m;
    if (reason && types_missing_method(Tt, V, &m) == MM_OK) {
      char *vs = chk_typestr(c, V), *ts = chk_typestr(c, Tt);
      snprintf(reason, n, "need type assertion");
      free(vs);
      free(ts);
    }
    return false;
  }
  if (Vu->kind == K_CHAN && Vu->chandir == CHAN_BOTH && Tu->kind == K_CHAN && Vu->elem == Tu->elem &&
      (!(V->tflags & TF_NAMED) || !(Tt->tflags & TF_NAMED)))
    return true;
  return false;
}

/* x is a single value being assigned to T (NULL: to a blank / inferred). */
void chk_assignment(Checker *c, Operand *x, Type *Tt, const char *context) {
  chk_assignment_spelled(c, x, Tt, NULL, context);
}

/* The same, with T spelled as Tspell in messages. */
void chk_assignment_spelled(Checker *c, Operand *x, Type *Tt, Type *Tspell, const char *context) {
  switch (x->mode) {
  case M_INVALID: return;
  case M_CONST: case M_VAR: case M_MAPINDEX: case M_VALUE: case M_COMMAOK: break;
  default: {
    char *xs = chk_operandstr(c, x);
    if (x->mode == M_NOVALUE) {
      char *es = chk_exprstr(x->expr);
      chk_errorf(c, x->expr->pos, "%s (no value) used as value", es);
      free(es);
    } else if (x->mode == M_TYPEXPR) {
      char *es = chk_exprstr(x->expr);
      chk_errorf(c, x->expr->pos, "%s (type) is not an expression", es);
      free(es);
    } else if (x->mode == M_BUILTIN) {
      char *es = chk_exprstr(x->expr);
      chk_errorf(c, x->expr->pos, "%s (built-in) must be called", es);
      free(es);
    } else {
      char *ts = Tt ? chk_typestr_spelled(c, Tt, Tspell) : strdup("_");
      chk_errorf(c, x->expr->pos, "cannot assign %s to %s in %s", xs, ts, context);
      free(ts);
    }
    free(xs);
    x->mode = M_INVALID;
    return;
  }
  }
  if (x->type && x->type->kind == K_TUPLE) {
    char *es = chk_exprstr(x->expr);
    chk_errorf(c, x->expr->pos, "multiple-value %s (value of type %s) in single-value context", es,
               chk_typestr(c, x->type));
    free(es);
    x->mode = M_INVALID;
    return;
  }
  if (chk_isuntyped(x->type)) {
    Type *target = Tt;
    if (!Tt || chk_isiface(Tt)) {
      if (!Tt && x->type->kind == K_UNTYPED_NIL) {
        chk_errorf(c, x->expr->pos, "use of untyped nil in %s", context);
        x->mode = M_INVALID;
        return;
      }
      if (!Tt || U(Tt)->nmethods == 0 || x->type->kind != K_UNTYPED_NIL)
        target = x->type->kind == K_UNTYPED_NIL ? Tt : chk_defaulttype(x->type);
    }
    bool defaulted_rune = target != Tt && x->type->kind == K_UNTYPED_RUNE;
    Type *nt;
    int why = implicit_type(c, x, target, &nt);
    if (why) {
      char *xs = chk_operandstr(c, x), *ts = chk_typestr_spelled(c, target, target == Tt ? Tspell : NULL);
      chk_errorf(c, x->expr->pos, "cannot use %s as %s value in %s%s", xs, ts, context,
                 why == 2 ? " (truncated)" : why == 1 ? " (overflows)" : "");
      free(xs);
      free(ts);
      x->mode = M_INVALID;
      return;
    }
    if (!chk_shift_type_ok(c, x, nt)) return;
    if (nt != x->type) {
      x->type = nt;
      if (x->mode == M_CONST) x->expr->cval = x->val;
      chk_settype(x->expr, nt);
    }
    if (defaulted_rune) x->spell = chk_spell_rune();
  }
  if (!Tt) return;
  char reason[512];
  if (!chk_assignable(c, x, Tt, reason, sizeof reason)) {
    char *xs = chk_operandstr(c, x), *ts = chk_typestr_spelled(c, Tt, Tspell);
    if (reason[0]) chk_errorf(c, x->expr->pos, "cannot use %s as type %s in %s:\n\t%s", xs, ts, context, reason);
    else chk_errorf(c, x->expr->pos, "cannot use %s as type %s in %s", xs, ts, context);
    free(xs);
    free(ts);
    x->mode = M_INVALID;
  }
}

void chk_use(Checker *c, NodeList *l) {
  for (int i = 0; i < l->n; i++) {
    Operand x;
    chk_rawexpr(c, &x, l->v[i], NULL, true, true);
  }
}

/* ---- identifiers ----------------------------------------------------------------------------- */

static void capture(Checker *c, Object *o) {
  o->flags |= OF_CAPTURED;
  for (FuncInfo *f = c->fn; f && f->depth > o->depth; f = f->outer) {
    bool have = false;
    for (int i = 0; i < f->ncaptures; i++)
      if (f->captures[i] == o) have = true;
    if (have) continue;
    if (f->ncaptures == f->capcap) {
      int ncap = f->capcap ? f->capcap * 2 : 4;
      Object **v = arena_alloc(c->a, (size_t)ncap * sizeof *v);
      if (f->ncaptures) memcpy(v, f->captures, (size_t)f->ncaptures * sizeof *v);
      f->captures = v;
      f->capcap = ncap;
    }
    f->captures[f->ncaptures++] = o;
  }
}

static void ident(Checker *c, Operand *x, Node *n, bool wanttype) {
  if (n->name == intern_cstr("_")) {
    chk_errorf(c, n->pos, "cannot use _ as value or type");
    x->mode = M_INVALID;
    return;
  }
  Object *o = check_lookup(c->scope, n->name);
  if (!o) {
    chk_errorf(c, n->pos, "undefined: %s", n->name);
    x->mode = M_INVALID;
    return;
  }
  n->obj = o;
  if (o->pkg == c->pkg) {
    chk_objdecl(c, o);
  } else {
    chk_use_dotimport(c, o, n->pos);
    check_resolve(o, c->diag); /* a lazy declaration of a dot-imported standard package */
  }
  x->spell = o->spell;
  switch (o->kind) {
  case OBJ_PKG:
    chk_errorf(c, n->pos, "use of package %s without selector", o->name);
    x->mode = M_INVALID;
    return;
  case OBJ_CONST:
    o->flags |= OF_USED;
    if (o->name == intern_cstr("iota") && !o->pkg) {
      if (c->iota < 0) {
        chk_errorf(c, n->pos, "cannot use iota outside constant declaration");
        x->mode = M_INVALID;
        return;
      }
      x->mode = M_CONST;
      x->type = T(K_UNTYPED_INT);
      x->val = const_int64(c->a, c->iota);
      return;
    }
    if (!o->type || o->type == invalid() || !o->cval) { x->mode = M_INVALID; return; }
    x->mode = M_CONST;
    x->type = o->type;
    x->val = o->cval;
    return;
  case OBJ_TYPE:
    o->flags |= OF_USED;
    if (!o->type || o->type == invalid()) { x->mode = M_INVALID; return; }
    x->mode = M_TYPEXPR;
    x->type = o->type;
    return;
  case OBJ_VAR:
    if (!(o->flags & OF_GLOBAL) && o->pkg == c->pkg && c->fn && o->depth >= 0 && o->depth < c->fn->depth)
      capture(c, o);
    if (o->flags & OF_GLOBAL) chk_record_dep(c, o);
    o->flags |= OF_USED;
    if (!o->type || o->type == invalid()) { x->mode = M_INVALID; return; }
    x->mode = M_VAR;
    x->type = o->type;
    return;
  case OBJ_FUNC:
    o->flags |= OF_USED;
    chk_record_dep(c, o);
    if (o->name == intern_cstr("init") && !(o->flags & OF_METHOD)) {
      chk_errorf(c, n->pos, "undefined: init");
      x->mode = M_INVALID;
      return;
    }
    if (!o->type || o->type == invalid()) { x->mode = M_INVALID; return; }
    x->mode = M_VALUE;
    x->type = o->type;
    return;
  case OBJ_BUILTIN:
    x->mode = M_BUILTIN;
    x->type = invalid();
    x->builtin = o->builtin;
    return;
  case OBJ_NIL:
    x->mode = M_VALUE;
    x->type = T(K_UNTYPED_NIL);
    return;
  default:
    x->mode = M_INVALID;
  }
  (void)wanttype;
}

/* ---- unary and binary ------------------------------------------------------------------------ */

void chk_markaddr(Node *n) {
  for (int g = 0; n && g < 100000; g++) {
    switch (n->kind) {
    case N_PAREN: n = n->x; continue;
    case N_SELECTOR:
      if (n->aux == SEL_FIELD && n->x->type && U(n->x->type)->kind == K_STRUCT && !n->x->cval) {
        /* a pointer on the path means the storage is elsewhere already */
        bool viaptr = false;
        Type *t = n->x->type;
        for (int i = 0; i < n->npath; i++) {
          Field *f = &U(t)->fields[n->path[i]];
          t = f->type;
          if (U(t)->kind == K_POINTER) { viaptr = true; break; }
        }
        if (viaptr) return;
        n = n->x;
        continue;
      }
      return;
    case N_INDEX:
      if (n->x->type && U(n->x->type)->kind == K_ARRAY) { n = n->x; continue; }
      return;
    case N_IDENT:
      if (n->obj && n->obj->kind == OBJ_VAR) n->obj->flags |= OF_ADDRTAKEN;
      return;
    default: return;
    }
  }
}

static const char *kindstr(Checker *c, Type *t, char **tofree) {
  *tofree = NULL;
  switch (U(t)->kind) {
  case K_SLICE: return "slice";
  case K_FUNC: return "func";
  case K_MAP: return "map";
  case K_CHAN: return "chan";
  case K_STRUCT: return "struct";
  case K_ARRAY: return "array";
  case K_INTERFACE: return "interface";
  case K_POINTER: return "pointer";
  default: return *tofree = chk_typestr(c, t);
  }
}

static bool unary_ok(int op, Type *t) {
  switch (op) {
  case '+': case '-': return chk_isnumeric(t);
  case '^': return chk_isinteger(t);
  case '!': return chk_isbool(t);
  }
  return false;
}

static void overflow_check(Checker *c, Operand *x, Pos oppos) {
  if (x->mode != M_CONST) return;
  if (!chk_isuntyped(x->type)) {
    int why;
    if (!chk_representable(c, x, x->type, &why)) {
      invalid_conversion(c, x, x->type, why == 3 ? 1 : why);
      x->mode = M_INVALID;
    }
  }
  (void)oppos;
}

static void unary(Checker *c, Operand *x, Node *n, Type *hint) {
  if (n->op == '&') {
    Node *inner = n->x;
    while (inner->kind == N_PAREN) inner = inner->x;
    if (inner->kind == N_COMPOSITE) {
      Type *h = hint && U(hint)->kind == K_POINTER ? U(hint)->elem : NULL;
      chk_rawexpr(c, x, n->x, h, false, false);
      if (x->mode == M_INVALID) return;
      x->mode = M_VALUE;
      x->spell = chk_spell_pointer(c, x->spell, x->type);
      x->type = types_pointer(x->type);
      return;
    }
    chk_rawexpr(c, x, n->x, NULL, false, false);
    if (x->mode == M_INVALID) return;
    if (x->mode != M_VAR) {
      char *xs = chk_operandstr(c, x);
      chk_errorf(c, n->x->pos, "invalid operation: cannot take address of %s", xs);
      free(xs);
      x->mode = M_INVALID;
      return;
    }
    chk_markaddr(n->x);
    x->mode = M_VALUE;
    x->spell = chk_spell_pointer(c, x->spell, x->type);
    x->type = types_pointer(x->type);
    return;
  }
  if (n->op == T_ARROW) {
    chk_expr(c, x, n->x, NULL);
    if (x->mode == M_INVALID) return;
    Type *u = U(x->type);
    if (u->kind != K_CHAN) {
      char *xs = chk_operandstr(c, x);
      chk_errorf(c, n->x->pos, "invalid operation: cannot receive from non-channel %s", xs);
      free(xs);
      x->mode = M_INVALID;
      return;
    }
    if (u->chandir == CHAN_SEND) {
      char *xs = chk_operandstr(c, x);
      chk_errorf(c, n->x->pos, "invalid operation: cannot receive from send-only channel %s", xs);
      free(xs);
      x->mode = M_INVALID;
      return;
    }
    x->mode = M_COMMAOK;
    x->spell = chk_spell_elem(x->spell, x->type);
    x->type = u->elem;
    return;
  }
  chk_expr(c, x, n->x, hint);
  if (x->mode == M_INVALID) return;
  if (!unary_ok(n->op, x->type)) {
    char *xs = chk_operandstr(c, x);
    chk_errorf(c, n->x->pos, "invalid operation: operator %s not defined on %s", chk_opstr(n->op), xs);
    free(xs);
    x->mode = M_INVALID;
    return;
  }
  if (x->mode == M_CONST) {
    const char *err;
    int ubits = 0;
    if (n->op == '^' && chk_isunsigned(x->type)) ubits = (int)U(x->type)->size * 8;
    ConstVal *v = const_unary(c->a, n->op, x->val, ubits, &err);
    if (!v) { x->mode = M_INVALID; return; }
    x->val = v;
    x->expr = n;
    overflow_check(c, x, n->pos);
    return;
  }
  x->mode = M_VALUE;
}

static bool isshift(int op) { return op == T_SHL || op == T_SHR; }
static bool iscomparison(int op) {
  return op == T_EQL || op == T_NEQ || op == '<' || op == T_LEQ || op == '>' || op == T_GEQ;
}

static bool binary_ok(int op, Type *t) {
  switch (op) {
  case '+': return chk_isnumeric(t) || chk_isstring(t);
  case '-': case '*': case '/': return chk_isnumeric(t);
  case '%': case '&': case '|': case '^': case T_ANDNOT: return chk_isinteger(t);
  case T_ANDAND: case T_OROR: return chk_isbool(t);
  }
  return false;
}

static void shift(Checker *c, Operand *x, Operand *y, Node *e, int op) {
  /* right operand: integer (or untyped constant representable as uint) */
  if (y->mode == M_CONST) {
    /* types2's order: a negative integral value, then an untyped count's representability as
     * uint (1.5 is "truncated to uint"), then its type */
    ConstVal *iv = const_to_int(c->a, y->val);
    if (iv && const_sign(iv) < 0) {
      char *ys = chk_operandstr(c, y);
      chk_errorf(c, y->expr->pos, "invalid operation: negative shift count %s", ys);
      free(ys);
      x->mode = M_INVALID;
      return;
    }
    int why = 3;
    Operand z = *y;
    if (chk_isuntyped(y->type) && !chk_representable(c, &z, T(K_UINT), &why)) {
      invalid_conversion(c, y, T(K_UINT), why);
      x->mode = M_INVALID;
      return;
    }
    if (!iv || (!chk_isuntyped(y->type) && !chk_isinteger(y->type))) {
      char *ys = chk_operandstr(c, y);
      chk_errorf(c, y->expr->pos, "invalid operation: shift count %s must be integer", ys);
      free(ys);
      x->mode = M_INVALID;
      return;
    }
    if (chk_isuntyped(y->type)) {
      y->val = iv;
      chk_convert_untyped(c, y, T(K_UINT));
      if (y->mode == M_INVALID) { x->mode = M_INVALID; return; }
    }
  } else if (!chk_isinteger(y->type)) {
    char *ys = chk_operandstr(c, y);
    chk_errorf(c, y->expr->pos, "invalid operation: shift count %s must be integer", ys);
    free(ys);
    x->mode = M_INVALID;
    return;
  } else if (chk_isuntyped(y->type)) {
    chk_convert_untyped(c, y, T(K_UINT));
  }
  /* left operand */
  if (x->mode == M_CONST) {
    if (chk_isuntyped(x->type)) {
      ConstVal *iv = const_to_int(c->a, x->val);
      if (iv) x->val = iv;
    }
    if (!chk_isinteger(x->type) && !(chk_isuntyped(x->type) && x->val->kind == CK_INT)) {
      char *xs = chk_operandstr(c, x);
      chk_errorf(c, x->expr->pos, "invalid operation: shifted operand %s must be integer", xs);
      free(xs);
      x->mode = M_INVALID;
      return;
    }
    if (y->mode == M_CONST) {
      uint64_t s = 0;
      if (!const_get_uint64(y->val, &s)) s = UINT64_MAX;
      const char *err;
      Type *xt = x->type->kind == K_UNTYPED_RUNE || x->type->kind == K_UNTYPED_FLOAT ? T(K_UNTYPED_INT) : x->type;
      if (chk_isuntyped(x->type) && x->type->kind != K_UNTYPED_INT) xt = T(K_UNTYPED_INT);
      if (x->type->kind == K_UNTYPED_RUNE) xt = x->type;
      ConstVal *v = const_shift(c->a, op, x->val, s, &err);
      if (!v) {
        chk_errorf(c, e->pos2, "%s", err ? err : "invalid shift");
        x->mode = M_INVALID;
        return;
      }
      x->val = v;
      x->type = xt;
      x->expr = e;
      overflow_check(c, x, e->pos2);
      return;
    }
    /* non-constant shift of an untyped constant: the type comes from context (delayed) */
    if (chk_isuntyped(x->type)) {
      /* keeps its untyped kind: 1.0<<s defaults to float64 (an error), 'a'<<s to rune */
      x->mode = M_VALUE;
      return;
    }
  }
  if (!chk_isinteger(x->type)) {
    char *xs = chk_operandstr(c, x);
    chk_errorf(c, x->expr->pos, "invalid operation: shifted operand %s must be integer", xs);
    free(xs);
    x->mode = M_INVALID;
    return;
  }
  x->mode = M_VALUE;
}

/* types2's canMix (go1.19): whether binary operands may be converted to each other's type */
static bool may_convert(Operand *x, Operand *y) {
  if (!chk_isuntyped(x->type) && !chk_isuntyped(y->type)) return false;
  if (chk_isiface(x->type) || chk_isiface(y->type)) return true;
  if (chk_isbool(x->type) != chk_isbool(y->type)) return false;
  if (chk_isstring(x->type) != chk_isstring(y->type)) return false;
  if (x->type->kind == K_UNTYPED_NIL && !hasnil(y->type)) return false;
  if (y->type->kind == K_UNTYPED_NIL && !hasnil(x->type)) return false;
  return true;
}

static bool isnil(Operand *x) {
  if (x->type->kind == K_UNTYPED_NIL) return true;
  Node *n = x->expr;
  while (n && n->kind == N_PAREN) n = n->x;
  return n && n->kind == N_IDENT && n->obj && n->obj->kind == OBJ_NIL;
}

static void comparison(Checker *c, Operand *x, Operand *y, Node *e, int op) {
  Operand *errop = x;
  char cause[512] = "";
  bool ok = chk_assignable(c, x, y->type, NULL, 0) || chk_assignable(c, y, x->type, NULL, 0);
  if (!ok) {
    char *xs = chk_typestr_spelled(c, x->type, x->spell), *ys = chk_typestr_spelled(c, y->type, y->spell);
    snprintf(cause, sizeof cause, "mismatched types %s and %s", xs, ys);
    free(xs);
    free(ys);
    errop = y;
    goto error;
  }
  if (op == T_EQL || op == T_NEQ) {
    bool xnil = isnil(x), ynil = isnil(y);
    if (xnil || ynil) {
      Type *t = xnil ? y->type : x->type;
      if (!hasnil(t)) { errop = y; goto error; }
    } else if (!chk_comparable(x->type) || !chk_comparable(y->type)) {
      errop = chk_comparable(x->type) ? y : x;
      Type *t = errop->type;
      int k = U(t)->kind;
      if (k == K_SLICE || k == K_FUNC || k == K_MAP) {
        char *tf;
        snprintf(cause, sizeof cause, "%s can only be compared to nil", kindstr(c, t, &tf));
        free(tf);
      } else if (k == K_STRUCT) {
        char *ts = chk_typestr(c, t);
        snprintf(cause, sizeof cause, "struct containing %s cannot be compared", "field");
        /* types2 names the incomparable field's type; find it */
        Type *u = U(t);
        for (int i = 0; i < u->nfields; i++)
          if (!(u->fields[i].type->tflags & TF_COMPARABLE)) {
            char *fs = chk_typestr(c, u->fields[i].type);
            snprintf(cause, sizeof cause, "struct containing %s cannot be compared", fs);
            free(fs);
            break;
          }
        free(ts);
      } else if (k == K_ARRAY) {
        char *ts = chk_typestr(c, t);
        snprintf(cause, sizeof cause, "%s cannot be compared", ts);
        free(ts);
      }
      goto error;
    }
  } else {
    if (!isordered(x->type)) { errop = x; goto error; }
    if (!isordered(y->type)) { errop = y; goto error; }
  }
  if (x->mode == M_CONST && y->mode == M_CONST) {
    ConstVal *a = x->val, *b = y->val;
    if (a->kind != b->kind && a->kind >= CK_INT && b->kind >= CK_INT) {
      int k = a->kind > b->kind ? a->kind : b->kind;
      a = k == CK_FLOAT ? const_to_float(c->a, a) : k == CK_COMPLEX ? const_to_complex(c->a, a) : a;
      b = k == CK_FLOAT ? const_to_float(c->a, b) : k == CK_COMPLEX ? const_to_complex(c->a, b) : b;
    }
    x->val = const_bool(c->a, const_compare(op, a, b));
    x->mode = M_CONST;
  } else {
    x->mode = M_VALUE;
    if (chk_isuntyped(x->type)) {
      Type *t = x->type->kind == K_UNTYPED_NIL ? y->type : chk_defaulttype(x->type);
      if (x->mode == M_CONST || x->expr->cval) x->expr->cval = x->val;
      if (!chk_shift_type_ok(c, x, t)) return;
      chk_settype(x->expr, t);
    }
    if (chk_isuntyped(y->type)) {
      Type *t = y->type->kind == K_UNTYPED_NIL ? x->type : chk_defaulttype(y->type);
      if (!chk_shift_type_ok(c, y, t)) { x->mode = M_INVALID; return; }
      chk_settype(y->expr, t);
    }
  }
  if (x->mode == M_CONST) {
    /* operands of a constant comparison keep default types */
    if (chk_isuntyped(x->expr->type)) chk_settype(x->expr, chk_defaulttype(x->expr->type));
    if (chk_isuntyped(y->expr->type)) chk_settype(y->expr, chk_defaulttype(y->expr->type));
  }
  x->type = T(K_UNTYPED_BOOL);
  x->expr = e;
  return;
error:
  if (!cause[0]) {
    char *tf;
    const char *ks = kindstr(c, errop->type, &tf);
    if (errop->type->kind == K_UNTYPED_NIL) ks = "nil";
    snprintf(cause, sizeof cause, "operator %s not defined on %s", chk_opstr(op), ks);
    free(tf);
  }
  {
    char *xs = chk_exprstr(x->expr), *ys = chk_exprstr(y->expr);
    chk_errorf(c, errop->expr->pos, "invalid operation: %s %s %s (%s)", xs, chk_opstr(op), ys, cause);
    free(xs);
    free(ys);
  }
  x->mode = M_INVALID;
}

void chk_binary(Checker *c, Operand *x, Node *e, Node *lhs, Node *rhs, int op, Pos oppos) {
  Operand y;
  chk_expr(c, x, lhs, NULL);
  chk_expr(c, &y, rhs, NULL);
  if (x->mode == M_INVALID) return;
  if (y.mode == M_INVALID) { x->mode = M_INVALID; x->expr = y.expr; return; }
  if (isshift(op)) {
    shift(c, x, &y, e, op);
    return;
  }
  if (may_convert(x, &y)) {
    if (chk_isuntyped(x->type) && chk_isuntyped(y.type)) {
      if (chk_isnumeric(x->type) && chk_isnumeric(y.type)) {
        Type *t = x->type->kind > y.type->kind ? x->type : y.type;
        x->type = y.type = t;
      }
    } else if (chk_isiface(x->type) || chk_isiface(y.type)) {
      if (chk_isuntyped(x->type)) chk_convert_untyped(c, x, y.type);
      if (x->mode != M_INVALID && chk_isuntyped(y.type)) chk_convert_untyped(c, &y, x->type);
    } else {
      if (chk_isuntyped(x->type)) chk_convert_untyped(c, x, y.type);
      else chk_convert_untyped(c, &y, x->type);
    }
    if (x->mode == M_INVALID || y.mode == M_INVALID) { x->mode = M_INVALID; return; }
  }
  if (chk_spelled(x->spell, x->type) == x->type) x->spell = y.spell; /* 1 + b is spelled as b */
  if (iscomparison(op)) {
    comparison(c, x, &y, e, op);
    return;
  }
  if (x->type != y.type) {
    if (x->type != invalid() && y.type != invalid()) {
      char *es = e ? chk_exprstr(e) : NULL, *xs = chk_typestr_spelled(c, x->type, x->spell);
      char *ys = chk_typestr_spelled(c, y.type, y.spell);
      if (!e) { /* x op= y: Go prints the assignment */
        char *ls = chk_exprstr(lhs), *rs = chk_exprstr(rhs);
        size_t n = strlen(ls) + strlen(rs) + 16;
        es = malloc(n);
        if (!es) abort();
        snprintf(es, n, "%s %s= %s", ls, chk_opstr(op), rs);
        free(ls);
        free(rs);
      }
      chk_errorf(c, lhs->pos, "invalid operation: %s (mismatched types %s and %s)", es, xs, ys);
      free(es);
      free(xs);
      free(ys);
    }
    x->mode = M_INVALID;
    return;
  }
  if (!binary_ok(op, x->type)) {
    char *xs = chk_operandstr(c, x);
    if (op == T_ANDAND || op == T_OROR)
      chk_errorf(c, lhs->pos, "invalid operation: operator %s not defined on %s", chk_opstr(op), xs);
    else
      chk_errorf(c, lhs->pos, "invalid operation: operator %s not defined on %s", chk_opstr(op), xs);
    free(xs);
    x->mode = M_INVALID;
    return;
  }
  if ((op == '/' || op == '%') && y.mode == M_CONST && (x->mode == M_CONST || chk_isinteger(x->type)) &&
      const_sign(y.val) == 0) {
    chk_errorf(c, y.expr->pos, "invalid operation: division by zero");
    x->mode = M_INVALID;
    return;
  }
  if (x->mode == M_CONST && y.mode == M_CONST) {
    ConstVal *a = x->val, *b = y.val;
    bool intdiv = chk_isinteger(x->type);
    int k;
    if (chk_isstring(x->type) || chk_isbool(x->type)) k = a->kind;
    else if (chk_iscomplex(x->type)) k = CK_COMPLEX;
    else if (chk_isfloat(x->type)) k = CK_FLOAT;
    else k = CK_INT;
    if (k == CK_INT) {
      a = const_to_int(c->a, a);
      b = const_to_int(c->a, b);
      if (!a || !b) { x->mode = M_INVALID; return; }
    } else if (k == CK_FLOAT) {
      a = const_to_float(c->a, a);
      b = const_to_float(c->a, b);
    } else if (k == CK_COMPLEX) {
      a = const_to_complex(c->a, a);
      b = const_to_complex(c->a, b);
    }
    const char *err;
    ConstVal *v = const_binary(c->a, op, a, b, intdiv, &err);
    if (!v) {
      chk_errorf(c, oppos, "%s", err ? err : "invalid constant operation");
      x->mode = M_INVALID;
      return;
    }
    x->val = v;
    x->expr = e;
    overflow_check(c, x, oppos);
    return;
  }
  x->mode = M_VALUE;
}

/* ---- index, slice, assertion ---------------------------------------------------------------- */

/* Checks an index value (types2's index): false after reporting it invalid; *out = its
 * constant value, or -1. max < 0: no bound. */
bool chk_index_value(Checker *c, Node *n, int64_t max, int64_t *out) {
  Operand x;
  *out = -1;
  chk_expr(c, &x, n, NULL);
  if (x.mode == M_INVALID) return false;
  if (x.mode == M_CONST && chk_isuntyped(x.type)) {
    int why;
    Operand y = x;
    if (!chk_representable(c, &y, T(K_INT), &why)) {
      invalid_conversion(c, &x, T(K_INT), why);
      return false;
    }
    chk_convert_untyped(c, &x, T(K_INT));
  } else if (chk_isuntyped(x.type)) {
    chk_convert_untyped(c, &x, T(K_INT));
  }
  if (x.mode == M_INVALID) return false;
  if (!chk_isinteger(x.type)) {
    char *xs = chk_operandstr(c, &x);
    chk_errorf(c, n->pos, "invalid argument: index %s must be integer", xs);
    free(xs);
    return false;
  }
  if (x.mode == M_CONST) {
    int64_t v;
    if (const_sign(x.val) < 0) {
      char *xs = chk_operandstr(c, &x);
      chk_errorf(c, n->pos, "invalid argument: index %s must not be negative", xs);
      free(xs);
      return false;
    }
    if (!const_get_int64(x.val, &v)) v = INT64_MAX;
    if (max >= 0 && v >= max) {
      char *es = chk_exprstr(n);
      chk_errorf(c, n->pos, "invalid argument: index %s out of bounds [0:%lld]", es, (long long)max);
      free(es);
      return false;
    }
    *out = v;
  }
  return true;
}

static void index_expr(Checker *c, Operand *x, Node *n) {
  chk_exprortype(c, x, n->x);
  if (x->mode == M_INVALID) { chk_use(c, &(NodeList){&n->y, 1, 1}); return; }
  if (x->mode == M_TYPEXPR) {
    char *s = chk_exprstr(n->x);
    chk_errorf(c, n->x->pos, "%s is not a generic type", s);
    free(s);
    x->mode = M_INVALID;
    return;
  }
  Type *u = U(x->type);
  int64_t idx;
  switch (u->kind) {
  case K_STRING:
  case K_UNTYPED_STRING: {
    int64_t len = x->mode == M_CONST ? x->val->slen : -1;
    chk_index_value(c, n->y, len, &idx);
    if (x->mode == M_CONST && idx >= 0) {
      x->val = const_int64(c->a, (uint8_t)x->val->s[idx]);
      x->mode = M_CONST;
      x->type = T(K_UINT8);
      /* types2: a constant string indexed by a constant is a byte value, not a constant */
      x->mode = M_VALUE;
    } else {
      x->mode = M_VALUE;
      x->type = T(K_UINT8);
    }
    x->spell = chk_spell_byte();
    if (chk_isuntyped(n->x->type)) chk_settype(n->x, T(K_STRING));
    return;
  }
  case K_ARRAY:
    chk_index_value(c, n->y, u->len, &idx);
    if (x->mode != M_VAR) x->mode = M_VALUE;
    x->spell = chk_spell_elem(x->spell, x->type);
    x->type = u->elem;
    return;
  case K_POINTER:
    if (U(u->elem)->kind == K_ARRAY) {
      chk_index_value(c, n->y, U(u->elem)->len, &idx);
      x->mode = M_VAR;
      x->spell = chk_spell_elem(chk_spell_elem(x->spell, x->type), u->elem);
      x->type = U(u->elem)->elem;
      return;
    }
    break;
  case K_SLICE:
    chk_index_value(c, n->y, -1, &idx);
    x->mode = M_VAR;
    x->spell = chk_spell_elem(x->spell, x->type);
    x->type = u->elem;
    return;
  case K_MAP: {
    Operand k;
    chk_expr(c, &k, n->y, u->key);
    Type *sh = chk_spelled(x->spell, x->type);
    chk_assignment_spelled(c, &k, u->key, sh->kind == K_MAP ? sh->key : NULL, "map index");
    x->mode = M_MAPINDEX;
    x->spell = chk_spell_elem(x->spell, x->type);
    x->type = u->elem;
    return;
  }
  default: break;
  }
  char *xs = chk_operandstr(c, x);
  chk_errorf(c, x->expr->pos, "invalid operation: cannot index %s", xs);
  free(xs);
  chk_use(c, &(NodeList){&n->y, 1, 1});
  x->mode = M_INVALID;
}

static void slice_expr(Checker *c, Operand *x, Node *n) {
  chk_expr(c, x, n->x, NULL);
  if (x->mode == M_INVALID) return;
  Type *u = U(x->type);
  int64_t len = -1;
  Type *res = NULL;
  switch (u->kind) {
  case K_STRING: case K_UNTYPED_STRING:
    if (n->flags & NF_SLICE3) {
      chk_errorf(c, n->w ? n->w->pos : n->pos, "invalid operation: 3-index slice of string");
      x->mode = M_INVALID;
      return;
    }
    if (x->mode == M_CONST) len = x->val->slen;
    res = u->kind == K_UNTYPED_STRING ? T(K_STRING) : x->type;
    if (chk_isuntyped(x->type)) chk_settype(n->x, T(K_STRING));
    break;
  case K_ARRAY:
    if (x->mode != M_VAR) {
      char *xs = chk_operandstr(c, x);
      chk_errorf(c, n->pos, "invalid operation: %s (slice of unaddressable value)", xs);
      free(xs);
      x->mode = M_INVALID;
      return;
    }
    len = u->len;
    res = types_slice(u->elem);
    chk_markaddr(n->x);
    break;
  case K_POINTER:
    if (U(u->elem)->kind == K_ARRAY) {
      len = U(u->elem)->len;
      res = types_slice(U(u->elem)->elem);
      break;
    }
    goto bad;
  case K_SLICE: res = x->type; break;
  default:
  bad: {
    char *xs = chk_operandstr(c, x);
    chk_errorf(c, n->x->pos, "cannot slice %s", xs);
    free(xs);
    x->mode = M_INVALID;
    return;
  }
  }
  if ((n->flags & NF_SLICE3) && (!n->z || !n->w)) {
    chk_errorf(c, n->pos, "middle index required in 3-index slice");
  }
  int64_t vals[3] = {-1, -1, -1};
  Node *idx[3] = {n->y, n->z, n->w};
  for (int i = 0; i < 3; i++)
    if (idx[i]) chk_index_value(c, idx[i], len >= 0 ? len + 1 : -1, &vals[i]);
  for (int i = 0; i < 3; i++)
    for (int j = i + 1; j < 3; j++)
      if (vals[i] >= 0 && vals[j] >= 0 && vals[i] > vals[j]) {
        chk_errorf(c, idx[j]->pos, "invalid slice indices: %lld < %lld", (long long)vals[j], (long long)vals[i]);
        i = j = 3;
      }
  x->mode = M_VALUE;
  x->type = res;
}

static void typeassert(Checker *c, Operand *x, Node *n) {
  chk_expr(c, x, n->x, NULL);
  if (x->mode == M_INVALID) return;
  if (!n->y) {
    chk_errorf(c, n->pos, "invalid syntax tree: use of .(type) outside type switch");
    x->mode = M_INVALID;
    return;
  }
  if (!chk_isiface(x->type)) {
    char *xs = chk_operandstr(c, x);
    chk_errorf(c, n->x->pos, "invalid operation: %s is not an interface", xs);
    free(xs);
    chk_typexpr(c, n->y);
    x->mode = M_INVALID;
    return;
  }
  Type *t = chk_typexpr(c, n->y);
  if (t == invalid()) { x->mode = M_INVALID; return; }
  if (!chk_isiface(t)) {
    const char *m;
    int r = types_missing_method(t, x->type, &m);
    if (r != MM_OK) {
      char reason[512];
      implements_reason(c, t, x->type, reason, sizeof reason);
      char *es = chk_exprstr(n);
      chk_errorf(c, n->x->pos, "impossible type assertion: %s\n\t%s", es, reason);
      free(es);
      x->mode = M_INVALID;
      return;
    }
  }
  x->mode = M_COMMAOK;
  x->type = t;
  x->spell = chk_spelltype(c, n->y);
}

/* ---- composite literals --------------------------------------------------------------------- */

/* An element (or map key) of a composite literal, assigned to elemT in context (Go's wording). */
static void composite_elem(Checker *c, Node *e, Type *elemT, const char *context) {
  Operand v;
  Node *inner = e;
  if (inner->kind == N_COMPOSITE && !inner->x) {
    Type *base = elemT;
    if (U(elemT)->kind == K_POINTER) base = U(elemT)->elem;
    chk_rawexpr(c, &v, inner, base, false, false);
    if (v.mode != M_INVALID && base != elemT) {
      /* &T{...} elided: the literal node has the pointer type */
      inner->type = elemT;
      v.type = elemT;
    }
    return;
  }
  chk_expr(c, &v, e, elemT);
  chk_assignment(c, &v, elemT, context);
}

static int64_t array_elems(Checker *c, Node *n, Type *elemT, int64_t len, const char *what) {
  int64_t idx = 0, max = 0;
  int64_t *seen = NULL;
  int nseen = 0;
  for (int i = 0; i < n->list.n; i++) {
    Node *e = n->list.v[i];
    Node *val = e;
    bool valid = false;
    if (e->kind == N_KEYVALUE) {
      int64_t kv;
      if (chk_index_value(c, e->x, len, &kv)) {
        if (kv >= 0) {
          idx = kv;
          valid = true;
        } else {
          char *ks = chk_exprstr(e->x);
          chk_errorf(c, e->pos2, "index %s must be integer constant", ks);
          free(ks);
        }
      }
      val = e->y;
      e->flags |= NF_CHECKED;
    } else if (len >= 0 && idx >= len) {
      chk_errorf(c, e->pos, "index %lld is out of bounds (>= %lld)", (long long)idx, (long long)len);
    } else {
      valid = true;
    }
    for (int j = 0; valid && j < nseen; j++)
      if (seen[j] == idx) {
        chk_errorf(c, e->kind == N_KEYVALUE ? e->pos2 : e->pos, "duplicate index %lld in array or slice literal",
                   (long long)idx);
        break;
      }
    if (valid) {
      seen = realloc(seen, (size_t)(nseen + 1) * sizeof *seen);
      if (!seen) abort();
      seen[nseen++] = idx;
    }
    composite_elem(c, val, elemT, "array or slice literal");
    idx++;
    if (idx > max) max = idx;
  }
  free(seen);
  (void)what;
  return max;
}

static void composite(Checker *c, Operand *x, Node *n, Type *hint) {
  Type *t;
  if (n->x) {
    if (n->x->kind == N_ARRAYTYPE && n->x->x && n->x->x->kind == N_ELLIPSIS) {
      Type *e = chk_typexpr(c, n->x->y);
      if (e == invalid()) { x->mode = M_INVALID; chk_use(c, &n->list); return; }
      int64_t len = array_elems(c, n, e, -1, "array");
      t = types_array(e, len);
      n->x->type = t;
      n->x->flags |= NF_TYPEEXPR | NF_CHECKED;
      x->mode = M_VALUE;
      x->type = t;
      return;
    }
    t = chk_typexpr(c, n->x);
  } else if (hint) {
    t = hint;
  } else {
    chk_errorf(c, n->pos, "invalid composite literal type: missing type");
    x->mode = M_INVALID;
    return;
  }
  if (t == invalid()) { x->mode = M_INVALID; chk_use(c, &n->list); return; }
  Type *u = U(t);
  switch (u->kind) {
  case K_STRUCT: {
    if (n->list.n == 0) break;
    bool keyed = n->list.v[0]->kind == N_KEYVALUE;
    if (keyed) {
      bool *seen = calloc((size_t)u->nfields + 1, 1);
      for (int i = 0; i < n->list.n; i++) {
        Node *e = n->list.v[i];
        if (e->kind != N_KEYVALUE) {
          chk_errorf(c, e->pos, "mixture of field:value and value elements in struct literal");
          Operand v;
          chk_expr(c, &v, e, NULL);
          continue;
        }
        e->flags |= NF_CHECKED;
        int fi = -1;
        if (e->x->kind == N_IDENT)
          for (int j = 0; j < u->nfields; j++)
            if (u->fields[j].name == e->x->name) fi = j;
        if (fi < 0) {
          char *ks = chk_exprstr(e->x);
          if (e->x->kind == N_IDENT) {
            char *ts = chk_typestr(c, t);
            chk_errorf(c, e->x->pos, "unknown field '%s' in struct literal of type %s", ks, ts);
            free(ts);
          } else {
            chk_errorf(c, e->x->pos, "invalid field name %s in struct literal", ks);
          }
          free(ks);
          Operand v;
          chk_expr(c, &v, e->y, NULL);
          continue;
        }
        Object *fo = chk_newobj(c, OBJ_VAR, u->fields[fi].name, u->fields[fi].type, e->x->pos);
        fo->flags |= OF_FIELD;
        fo->index = fi;
        e->x->obj = fo;
        e->x->type = u->fields[fi].type;
        e->x->flags |= NF_CHECKED;
        if (seen[fi]) chk_errorf(c, e->pos2, "duplicate field name %s in struct literal", e->x->name);
        seen[fi] = true;
        composite_elem(c, e->y, u->fields[fi].type, "struct literal");
      }
      free(seen);
    } else {
      int i = 0;
      for (; i < n->list.n; i++) {
        Node *e = n->list.v[i];
        if (e->kind == N_KEYVALUE) {
          chk_errorf(c, e->pos2, "mixture of field:value and value elements in struct literal");
          continue;
        }
        if (i >= u->nfields) {
          char *ts = chk_exprstr(n);
          chk_errorf(c, e->pos, "too many values in %s", ts);
          free(ts);
          break;
        }
        Operand v;
        chk_expr(c, &v, e, u->fields[i].type);
        chk_assignment(c, &v, u->fields[i].type, "struct literal");
      }
      if (i < u->nfields && i == n->list.n) {
        char *ts = chk_exprstr(n);
        chk_errorf(c, n->pos2, "too few values in %s", ts);
        free(ts);
      }
    }
    break;
  }
  case K_ARRAY: array_elems(c, n, u->elem, u->len, "array"); break;
  case K_SLICE: array_elems(c, n, u->elem, -1, "slice"); break;
  case K_MAP: {
    for (int i = 0; i < n->list.n; i++) {
      Node *e = n->list.v[i];
      if (e->kind != N_KEYVALUE) {
        chk_errorf(c, e->pos, "missing key in map literal");
        Operand v;
        chk_expr(c, &v, e, NULL);
        continue;
      }
      e->flags |= NF_CHECKED;
      Operand k;
      if (e->x->kind == N_COMPOSITE && !e->x->x) {
        composite_elem(c, e->x, u->key, "map literal");
      } else {
        chk_expr(c, &k, e->x, u->key);
        chk_assignment(c, &k, u->key, "map literal");
        if (k.mode == M_CONST) {
          for (int j = 0; j < i; j++) {
            Node *p = n->list.v[j];
            if (p->kind == N_KEYVALUE && p->x->cval && p->x->type == e->x->type &&
                p->x->cval->kind == k.val->kind && const_compare(T_EQL, p->x->cval, k.val)) {
              char *ks = chk_exprstr(e->x);
              chk_errorf(c, e->x->pos, "duplicate key %s in map literal", ks);
              free(ks);
              break;
            }
          }
        }
      }
      composite_elem(c, e->y, u->elem, "map literal");
    }
    break;
  }
  default: {
    char *ts = chk_typestr(c, t);
    chk_errorf(c, n->pos, "invalid composite literal type %s", ts);
    free(ts);
    chk_use(c, &n->list);
    x->mode = M_INVALID;
    return;
  }
  }
  x->mode = M_VALUE;
  x->type = t;
  if (n->x) x->spell = chk_spelltype(c, n->x);
}

/* ---- function literals ------------------------------------------------------------------- */

static void funclit(Checker *c, Operand *x, Node *n) {
  FuncInfo *fi = ARENA_NEW(c->a, FuncInfo);
  fi->decl = n;
  fi->outer = c->fn;
  fi->depth = c->fn ? c->fn->depth + 1 : 1;
  Scope *s = chk_newscope(c, c->scope);
  s->func = fi;
  s->isfunc = true;
  n->scope = s;
  FuncInfo *savefn = c->fn;
  Scope *saves = c->scope;
  c->fn = fi; /* parameters belong to the literal's depth */
  Type *sig = chk_functype(c, n->x, NULL, NULL, fi, s);
  c->fn = savefn;
  if (sig == invalid()) {
    x->mode = M_INVALID;
    return;
  }
  int saveiota = c->iota;
  c->iota = -1;
  chk_funcbody(c, fi, n->y, s);
  c->iota = saveiota;
  c->fn = savefn;
  c->scope = saves;
  x->mode = M_VALUE;
  x->type = sig;
  x->spell = chk_spelltype(c, n->x);
}

/* ---- dispatcher ------------------------------------------------------------------------------ */

static void expr1(Checker *c, Operand *x, Node *n, Type *hint) {
  x->mode = M_INVALID;
  x->expr = n;
  x->type = invalid();
  x->val = NULL;
  switch (n->kind) {
  case N_BAD: return;
  case N_IDENT: ident(c, x, n, false); return;
  case N_BASICLIT: {
    size_t rawlen = strlen(n->lit.raw);
    if (n->op <= LIT_IMAG && rawlen > 10000) { /* types2's cap: longer literals are meaningless */
      chk_errorf(c, n->pos, "excessively long constant: %.10s... (%zu chars)", n->lit.raw, rawlen);
      return;
    }
    ConstVal *v = const_literal(c->a, n->op, n->lit.raw, n->lit.rune, n->lit.val, n->lit.len);
    if (!v) {
      chk_errorf(c, n->pos, "malformed constant: %s", n->lit.raw);
      return;
    }
    x->mode = M_CONST;
    x->val = v;
    switch (n->op) {
    case LIT_INT: x->type = T(K_UNTYPED_INT); break;
    case LIT_FLOAT: x->type = T(K_UNTYPED_FLOAT); break;
    case LIT_IMAG: x->type = T(K_UNTYPED_COMPLEX); break;
    case LIT_CHAR: x->type = T(K_UNTYPED_RUNE); break;
    default: x->type = T(K_UNTYPED_STRING); break;
    }
    if (v->kind == CK_INT) {
      /* literals beyond the untyped limit */
      int why;
      Operand y = *x;
      (void)why;
      (void)y;
    }
    return;
  }
  case N_COMPOSITE: composite(c, x, n, hint); return;
  case N_FUNCLIT: funclit(c, x, n); return;
  case N_PAREN: {
    chk_rawexpr(c, x, n->x, hint, false, true);
    x->expr = n;
    return;
  }
  case N_SELECTOR: chk_selector(c, x, n); return;
  case N_INDEX: index_expr(c, x, n); return;
  case N_SLICE: slice_expr(c, x, n); return;
  case N_TYPEASSERT: typeassert(c, x, n); return;
  case N_CALL: chk_call(c, x, n); return;
  case N_STAR: {
    chk_exprortype(c, x, n->x);
    if (x->mode == M_INVALID) return;
    x->expr = n;
    if (x->mode == M_TYPEXPR) {
      x->type = types_pointer(x->type);
      return;
    }
    if (x->type->kind == K_UNTYPED_NIL) {
      chk_errorf(c, n->x->pos, "invalid operation: cannot indirect nil");
      x->mode = M_INVALID;
      return;
    }
    if (U(x->type)->kind != K_POINTER) {
      Operand y = *x;
      y.expr = n->x;
      char *xs = chk_operandstr(c, &y);
      chk_errorf(c, n->x->pos, "invalid operation: cannot indirect %s", xs);
      free(xs);
      x->mode = M_INVALID;
      return;
    }
    x->mode = M_VAR;
    x->type = U(x->type)->elem;
    return;
  }
  case N_UNARY:
    unary(c, x, n, hint);
    x->expr = n;
    return;
  case N_BINARY:
    chk_binary(c, x, n, n->x, n->y, n->op, n->pos2);
    x->expr = n;
    return;
  case N_KEYVALUE:
    chk_errorf(c, n->pos, "unexpected key:value expression");
    return;
  case N_ARRAYTYPE: case N_SLICETYPE: case N_STRUCTTYPE: case N_FUNCTYPE: case N_INTERFACETYPE:
  case N_MAPTYPE: case N_CHANTYPE:
    x->type = chk_typexpr(c, n);
    x->mode = x->type == invalid() ? M_INVALID : M_TYPEXPR;
    return;
  case N_ELLIPSIS:
    chk_errorf(c, n->pos, "invalid use of ...");
    return;
  default:
    chk_errorf(c, n->pos, "%s is not an expression", ast_kind_name(n->kind));
    return;
  }
}

void chk_rawexpr(Checker *c, Operand *x, Node *n, Type *hint, bool allowtuple, bool allowtype) {
  if (++c->depth > CHECK_MAX_DEPTH) {
    if (!c->depth_reported) chk_errorf(c, n->pos, "expression nesting too deep");
    c->depth_reported = true;
    c->depth--;
    x->mode = M_INVALID;
    x->expr = n;
    x->type = invalid();
    n->type = invalid();
    return;
  }
  x->spell = NULL;
  expr1(c, x, n, hint);
  c->depth--;
  x->expr = n;
  if (x->mode == M_TYPEXPR && !allowtype) {
    /* reported by the consumer (assignment etc.) */
  }
  (void)allowtuple;
  record(x);
}

void chk_expr(Checker *c, Operand *x, Node *n, Type *hint) {
  chk_rawexpr(c, x, n, hint, false, false);
  if (x->mode == M_TYPEXPR) {
    char *s = chk_exprstr(n);
    chk_errorf(c, n->pos, "%s (type) is not an expression", s);
    free(s);
    x->mode = M_INVALID;
  } else if (x->mode == M_NOVALUE) {
    char *s = chk_exprstr(n);
    chk_errorf(c, n->pos, "%s (no value) used as value", s);
    free(s);
    x->mode = M_INVALID;
  } else if (x->mode == M_BUILTIN) {
    char *s = chk_exprstr(n);
    chk_errorf(c, n->pos, "%s (built-in) must be called", s);
    free(s);
    x->mode = M_INVALID;
  } else if (x->mode != M_INVALID && x->type && x->type->kind == K_TUPLE) {
    char *s = chk_exprstr(n);
    chk_errorf(c, n->pos, "multiple-value %s (value of type %s) in single-value context", s,
               chk_typestr(c, x->type));
    free(s);
    x->mode = M_INVALID;
  }
}

void chk_multiexpr(Checker *c, Operand *x, Node *n) {
  chk_rawexpr(c, x, n, NULL, true, false);
  if (x->mode == M_TYPEXPR || x->mode == M_NOVALUE || x->mode == M_BUILTIN) {
    char *s = chk_exprstr(n);
    if (x->mode == M_TYPEXPR) chk_errorf(c, n->pos, "%s (type) is not an expression", s);
    else if (x->mode == M_NOVALUE) chk_errorf(c, n->pos, "%s (no value) used as value", s);
    else chk_errorf(c, n->pos, "%s (built-in) must be called", s);
    free(s);
    x->mode = M_INVALID;
  }
}

void chk_exprortype(Checker *c, Operand *x, Node *n) {
  chk_rawexpr(c, x, n, NULL, false, true);
  if (x->mode == M_NOVALUE) {
    char *s = chk_exprstr(n);
    chk_errorf(c, n->pos, "%s (no value) used as value", s);
    free(s);
    x->mode = M_INVALID;
  }
}

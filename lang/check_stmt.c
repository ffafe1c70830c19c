/* Statements and function bodies: assignments and short variable declarations, control flow,
 * labels (function-scoped, checked per body), terminating statements ("missing return") and
 * unused variables ("x declared but not used"). */
#include "lang/check_impl.h"

#include <stdlib.h>
#include <string.h>

static Type *T(Kind k) { return types_basic(k); }
static Type *invalid(void) { return types_basic(K_INVALID); }
static Type *U(Type *t) { return t->underlying ? t->underlying : t; }

/* Per function body. */
typedef struct Body {
  FuncInfo *fi;
  Object **locals; /* local variables, for the unused check */
  int nlocals, caplocals;
  struct Body *outer;
} Body;

static void stmt(Checker *c, Node *s);

static Body *body(Checker *c) { return c->stmtctx; }

/* cmd/compile's limit on the size of a type (MaxWidth on 64-bit targets) */
#define MAX_TYPE_SIZE (1ll << 50)

static void add_local(Checker *c, Object *o) {
  if (o->type && o->type->tflags & TF_COMPLETE && o->type->size >= MAX_TYPE_SIZE) {
    char *ts = chk_typestr(c, o->type);
    chk_errorf(c, o->pos, "type %s larger than address space", ts);
    free(ts);
  }
  Body *b = body(c);
  /* REPL session variables are package-level: never "declared but not used" */
  if (!b || o->name == intern_cstr("_") || (o->flags & OF_GLOBAL)) return;
  if (b->nlocals == b->caplocals) {
    b->caplocals = b->caplocals ? b->caplocals * 2 : 16;
    b->locals = realloc(b->locals, (size_t)b->caplocals * sizeof *b->locals);
    if (!b->locals) abort();
  }
  b->locals[b->nlocals++] = o;
}

static Object *newvar(Checker *c, Node *id, Type *t) {
  Object *o = chk_newobj(c, OBJ_VAR, id->name, t, id->pos);
  o->decl = id;
  id->obj = o;
  id->type = t;
  id->flags |= NF_CHECKED;
  return o;
}

static void openscope(Checker *c, Node *n) {
  c->scope = chk_newscope(c, c->scope);
  if (n) n->scope = c->scope;
}
static void closescope(Checker *c) { c->scope = c->scope->parent; }

/* ---- assignments ----------------------------------------------------------------------------- */

/* Evaluates an assignment's left-hand side; returns its type (NULL for a blank). */
static Type *lhs_type(Checker *c, Node *lhs, Operand *z) {
  if (lhs->kind == N_IDENT && lhs->name == intern_cstr("_")) {
    lhs->flags |= NF_CHECKED;
    lhs->type = NULL;
    return NULL;
  }
  Object *o = NULL;
  uint32_t saved = 0;
  if (lhs->kind == N_IDENT) {
    o = check_lookup(c->scope, lhs->name);
    if (o && o->kind == OBJ_VAR && o->pkg == c->pkg) saved = o->flags & OF_USED;
  }
  chk_expr(c, z, lhs, NULL);
  if (o && o->kind == OBJ_VAR && o->pkg == c->pkg && !saved) o->flags &= ~(uint32_t)OF_USED;
  if (z->mode == M_INVALID) return invalid();
  if (z->mode != M_VAR && z->mode != M_MAPINDEX) {
    Node *inner = lhs;
    while (inner->kind == N_PAREN) inner = inner->x;
    if (inner->kind == N_SELECTOR && inner->x->type && inner->x->kind == N_INDEX &&
        inner->x->x->type && U(inner->x->x->type)->kind == K_MAP) {
      char *es = chk_exprstr(lhs);
      chk_errorf(c, lhs->pos, "cannot assign to struct field %s in map", es);
      free(es);
    } else {
      char *zs = chk_operandstr(c, z);
      chk_errorf(c, lhs->pos, "cannot assign to %s", zs);
      free(zs);
    }
    return invalid();
  }
  return z->type;
}

/* Reported at the first right-hand side, as types2's assignError. */
static void mismatch(Checker *c, Node *at, int nl, Node *rhs0, int nr, bool call) {
  if (rhs0) at = rhs0;
  if (call) {
    char *s = chk_exprstr(rhs0->kind == N_CALL ? rhs0->x : rhs0);
    chk_errorf(c, at->pos, "assignment mismatch: %d variable%s but %s returns %d value%s", nl,
               nl != 1 ? "s" : "", s, nr, nr != 1 ? "s" : "");
    free(s);
  } else {
    chk_errorf(c, at->pos, "assignment mismatch: %d variable%s but %d value%s", nl, nl != 1 ? "s" : "",
               nr, nr != 1 ? "s" : "");
  }
}

/* Evaluates the right-hand sides for nl destinations; fills ops (nl of them) or returns false. */
static bool rhs_values(Checker *c, Node *s, NodeList *lhs, NodeList *rhs, Operand *ops, Type **hints) {
  int nl = lhs->n, nr = rhs->n;
  if (nl == nr && !(nl == 1 && rhs->v[0]->kind == N_CALL)) {
    for (int i = 0; i < nr; i++) chk_expr(c, &ops[i], rhs->v[i], hints ? hints[i] : NULL);
    return true;
  }
  if (nl == 1) {
    chk_multiexpr(c, &ops[0], rhs->v[0]);
    if (ops[0].mode == M_INVALID) return false;
    if (ops[0].type->kind == K_TUPLE) {
      mismatch(c, lhs->v[0], 1, rhs->v[0], ops[0].type->nparams, true);
      return false;
    }
    return true;
  }
  if (nr == 1) {
    Operand x;
    chk_multiexpr(c, &x, rhs->v[0]);
    if (x.mode == M_INVALID) return false;
    if ((x.mode == M_COMMAOK || x.mode == M_MAPINDEX) && nl == 2) {
      rhs->v[0]->flags |= NF_COMMAOK;
      ops[0] = x;
      ops[0].mode = M_VALUE;
      ops[1] = (Operand){M_VALUE, rhs->v[0], T(K_UNTYPED_BOOL), NULL, 0, NULL};
      return true;
    }
    if (x.type->kind == K_TUPLE) {
      if (x.type->nparams != nl) {
        mismatch(c, lhs->v[0], nl, rhs->v[0], x.type->nparams, true);
        return false;
      }
      for (int i = 0; i < nl; i++) ops[i] = (Operand){M_VALUE, rhs->v[0], x.type->params[i], NULL, 0, NULL};
      return true;
    }
    mismatch(c, lhs->v[0], nl, rhs->v[0], 1, rhs->v[0]->kind == N_CALL);
    return false;
  }
  mismatch(c, lhs->v[0], nl, rhs->v[0], nr, false);
  chk_use(c, rhs);
  (void)s;
  return false;
}

/* The bool of a v, ok form must not rewrite the node's type: it belongs to the value. */
static void assign_ok(Checker *c, Node *lhs, Operand *ok, Type *t) {
  if (!t) return;
  if (!chk_isbool(t)) {
    char *ts = chk_typestr(c, t);
    chk_errorf(c, lhs->pos, "cannot use untyped bool value as %s value in assignment", ts);
    free(ts);
  }
  (void)ok;
}

static void assign_stmt(Checker *c, Node *s) {
  NodeList *lhs = &s->list, *rhs = &s->list2;
  if (s->op != '=' && s->op != T_DEFINE) {
    /* x op= y */
    if (lhs->n != 1 || rhs->n != 1) {
      chk_errorf(c, s->pos2, "assignment operation %s requires single-valued expressions", chk_opstr(s->op));
      return;
    }
    static const int binop[] = {'+', '-', '*', '/', '%', '&', '|', '^', T_SHL, T_SHR, T_ANDNOT};
    int op = binop[s->op - T_ADD_ASSIGN];
    Operand x;
    chk_binary(c, &x, NULL, lhs->v[0], rhs->v[0], op, s->pos2);
    if (x.mode == M_INVALID) return;
    Operand z;
    Type *t = lhs_type(c, lhs->v[0], &z);
    if (t == invalid() || !t) return;
    x.expr = rhs->v[0];
    if (chk_isuntyped(x.type)) chk_convert_untyped(c, &x, t);
    /* the lhs was read: it is used */
    if (lhs->v[0]->kind == N_IDENT && lhs->v[0]->obj) lhs->v[0]->obj->flags |= OF_USED;
    return;
  }
  if (s->op == T_DEFINE) {
    int nl = lhs->n;
    Object **objs = calloc((size_t)nl, sizeof *objs);
    bool anynew = false, bad = false;
    for (int i = 0; i < nl; i++) {
      Node *id = lhs->v[i];
      if (id->kind != N_IDENT) {
        char *es = chk_exprstr(id);
        chk_errorf(c, id->pos, "non-name %s on left side of :=", es);
        free(es);
        bad = true;
        continue;
      }
      for (int j = 0; j < i; j++)
        if (lhs->v[j]->kind == N_IDENT && lhs->v[j]->name == id->name && id->name != intern_cstr("_")) {
          chk_errorf(c, id->pos, "%s repeated on left side of :=", id->name);
          bad = true;
        }
      Object *prev = NULL;
      for (int k = 0; k < c->scope->nobjs; k++)
        if (c->scope->objs[k]->name == id->name) prev = c->scope->objs[k];
      if (prev && prev->kind == OBJ_VAR) {
        objs[i] = prev;
        id->obj = prev;
      } else if (id->name != intern_cstr("_")) {
        anynew = true;
      }
    }
    if (!anynew && !bad) chk_errorf(c, s->pos2, "no new variables on left side of :=");
    Operand *ops = calloc((size_t)nl, sizeof *ops);
    Type **hints = calloc((size_t)nl, sizeof *hints);
    for (int i = 0; i < nl; i++) hints[i] = objs[i] ? objs[i]->type : NULL;
    bool ok = rhs_values(c, s, lhs, rhs, ops, rhs->n == nl ? hints : NULL);
    Object **fresh = calloc((size_t)nl, sizeof *fresh);
    for (int i = 0; i < nl; i++) {
      Node *id = lhs->v[i];
      if (id->kind != N_IDENT) continue;
      Type *t = invalid();
      if (ok && ops[i].mode != M_INVALID) {
        if (objs[i]) {
          bool isok = rhs->n == 1 && nl == 2 && i == 1 && ops[i].type->kind == K_UNTYPED_BOOL && ops[i].mode == M_VALUE && (rhs->v[0]->flags & NF_COMMAOK);
          if (isok) assign_ok(c, id, &ops[i], objs[i]->type);
          else if (rhs->n == nl || ops[i].expr != rhs->v[0])
            chk_assignment_spelled(c, &ops[i], objs[i]->type, objs[i]->spell, "assignment");
          else {
            char reason[256];
            if (!chk_assignable(c, &ops[i], objs[i]->type, reason, sizeof reason)) {
              char *vs = chk_typestr(c, ops[i].type), *ts = chk_typestr(c, objs[i]->type);
              chk_errorf(c, rhs->v[0]->pos, "cannot use %s value as %s value in assignment", vs, ts);
              free(vs);
              free(ts);
            }
          }
          id->type = objs[i]->type;
          id->flags |= NF_CHECKED;
          continue;
        }
        if (rhs->n == nl || ops[i].type->kind == K_UNTYPED_BOOL) {
          if (rhs->n == nl) {
            if (ops[i].type->kind == K_UNTYPED_NIL) {
              chk_errorf(c, ops[i].expr->pos, "use of untyped nil in assignment");
              ops[i].mode = M_INVALID;
            } else {
              chk_assignment(c, &ops[i], NULL, "assignment");
            }
            if (ops[i].mode != M_INVALID) t = ops[i].type;
          } else {
            t = T(K_BOOL);
          }
        } else {
          t = ops[i].type;
        }
      } else if (objs[i]) {
        continue;
      }
      if (id->name == intern_cstr("_")) {
        id->type = t;
        id->flags |= NF_CHECKED;
        continue;
      }
      fresh[i] = newvar(c, id, t);
      if (ok && ops[i].mode != M_INVALID) fresh[i]->spell = ops[i].spell;
      add_local(c, fresh[i]);
    }
    for (int i = 0; i < nl; i++)
      if (fresh[i]) chk_declare(c, c->scope, fresh[i], lhs->v[i]->pos);
    free(fresh);
    free(objs);
    free(ops);
    free(hints);
    return;
  }
  /* plain assignment */
  int nl = lhs->n;
  if (nl == rhs->n) {
    bool failed = false;
    for (int i = 0; i < nl; i++) {
      Operand z;
      Type *t = lhs_type(c, lhs->v[i], &z);
      Operand x;
      chk_expr(c, &x, rhs->v[i], t && t != invalid() ? t : NULL);
      if (t == invalid()) continue;
      if (!t) {
        chk_assignment(c, &x, NULL, "assignment");
        if (x.mode != M_INVALID) lhs->v[i]->type = x.type;
        continue;
      }
      chk_assignment_spelled(c, &x, t, z.spell, "assignment");
      failed |= x.mode == M_INVALID;
    }
    if (failed) /* as types2: no follow-on "declared but not used" for the assigned variables */
      for (int i = 0; i < nl; i++)
        if (lhs->v[i]->kind == N_IDENT && lhs->v[i]->obj && lhs->v[i]->obj->kind == OBJ_VAR)
          lhs->v[i]->obj->flags |= OF_USED;
    return;
  }
  Operand *ops = calloc((size_t)nl, sizeof *ops);
  Type **lt = calloc((size_t)nl, sizeof *lt);
  bool lhsok = true;
  for (int i = 0; i < nl; i++) {
    Operand z;
    lt[i] = lhs_type(c, lhs->v[i], &z);
    if (lt[i] == invalid()) lhsok = false;
  }
  if (rhs_values(c, s, lhs, rhs, ops, NULL) && lhsok) {
    for (int i = 0; i < nl; i++) {
      if (!lt[i]) {
        lhs->v[i]->type = ops[i].type->kind == K_UNTYPED_BOOL ? T(K_BOOL) : ops[i].type;
        continue;
      }
      if (i == 1 && ops[1].type->kind == K_UNTYPED_BOOL) {
        assign_ok(c, lhs->v[i], &ops[i], lt[i]);
        continue;
      }
      char reason[256];
      Operand v = ops[i];
      if (!chk_assignable(c, &v, lt[i], reason, sizeof reason)) {
        char *vs = chk_typestr(c, v.type), *ts = chk_typestr(c, lt[i]);
        chk_errorf(c, rhs->v[0]->pos, "cannot use %s value as %s value in assignment", vs, ts);
        free(vs);
        free(ts);
      }
    }
  }
  free(ops);
  free(lt);
}

/* ---- declarations in function bodies ------------------------------------------------------------ */

static void localdecl(Checker *c, Node *d) {
  Node *lastvals = NULL, *lasttyp = NULL;
  for (int j = 0; j < d->list.n; j++) {
    Node *spec = d->list.v[j];
    if (d->op == T_TYPE) {
      Object *o = chk_newobj(c, OBJ_TYPE, spec->name, NULL, spec->pos);
      o->decl = spec;
      spec->obj = o;
      if (spec->flags & NF_ALIAS) {
        o->type = chk_typexpr(c, spec->x);
        o->spell = chk_spelltype(c, spec->x);
        chk_declare(c, c->scope, o, spec->pos);
      } else {
        Type *named = types_named(spec->name, c->pkg->path, o);
        o->type = named;
        chk_declare(c, c->scope, o, spec->pos);
        Type *u = chk_typexpr(c, spec->x);
        if (u == invalid() || (u->tflags & TF_NAMED && !u->underlying)) {
          if (u != invalid()) chk_errorf(c, spec->pos, "invalid recursive type %s", spec->name);
          types_set_underlying(named, types_struct(NULL, 0));
        } else {
          types_set_underlying(named, u->underlying ? u->underlying : u);
          o->spell = chk_spelltype(c, spec->x);
        }
      }
      continue;
    }
    if (d->op == T_CONST) {
      if (spec->list2.n || spec->x || j == 0) lastvals = spec, lasttyp = spec->x;
      int saveiota = c->iota;
      c->iota = spec->iota;
      Type *t = lasttyp ? chk_typexpr(c, lasttyp) : NULL;
      Object **objs = calloc((size_t)spec->list.n, sizeof *objs);
      for (int k = 0; k < spec->list.n; k++) {
        Node *id = spec->list.v[k];
        Object *o = chk_newobj(c, OBJ_CONST, id->name, invalid(), id->pos);
        o->decl = spec;
        id->obj = o;
        objs[k] = o;
        if (!lastvals || k >= lastvals->list2.n) continue; /* chk_const_arity reports it */
        Node *init = lastvals->list2.v[k];
        Operand x;
        Pos saveerr = c->errpos;
        if (lastvals != spec) c->errpos = id->pos; /* inherited: reported at the name */
        chk_expr(c, &x, init, NULL);
        if (x.mode != M_INVALID && x.mode != M_CONST) {
          char *xs = chk_operandstr(c, &x);
          chk_errorf(c, init->pos, "%s is not constant", xs);
          free(xs);
          c->errpos = saveerr;
          continue;
        }
        if (x.mode == M_CONST && t && t != invalid()) chk_assignment(c, &x, t, "constant declaration");
        c->errpos = saveerr;
        if (x.mode == M_CONST) {
          o->type = x.type;
          o->cval = x.val;
          id->type = x.type;
          id->cval = x.val;
        }
      }
      chk_const_arity(c, spec, lastvals);
      for (int k = 0; k < spec->list.n; k++) {
        objs[k]->flags |= OF_USED; /* constants are never "unused" */
        chk_declare(c, c->scope, objs[k], spec->list.v[k]->pos);
      }
      free(objs);
      c->iota = saveiota;
      continue;
    }
    /* var */
    int nl = spec->list.n;
    Type *t = spec->x ? chk_typexpr(c, spec->x) : NULL;
    Type *tspell = spec->x ? chk_spelltype(c, spec->x) : NULL;
    Object **objs = calloc((size_t)nl, sizeof *objs);
    for (int k = 0; k < nl; k++) {
      objs[k] = newvar(c, spec->list.v[k], t ? t : invalid());
      objs[k]->decl = spec;
      objs[k]->spell = tspell;
    }
    if (spec->list2.n == 0) {
      if (!t) for (int k = 0; k < nl; k++) objs[k]->type = invalid();
    } else if (spec->list2.n == nl) {
      for (int k = 0; k < nl; k++) {
        Operand x;
        chk_expr(c, &x, spec->list2.v[k], t);
        if (t) {
          chk_assignment_spelled(c, &x, t, tspell, "variable declaration");
          if (x.mode == M_INVALID) objs[k]->flags |= OF_USED; /* no follow-on "declared but not used" */
        } else if (x.mode != M_INVALID) {
          if (x.type->kind == K_UNTYPED_NIL) {
            chk_errorf(c, x.expr->pos, "use of untyped nil in variable declaration");
            x.mode = M_INVALID;
          } else {
            chk_assignment(c, &x, NULL, "variable declaration");
          }
          objs[k]->type = x.mode == M_INVALID ? invalid() : x.type;
          objs[k]->spell = x.spell;
        }
      }
    } else {
      Operand *ops = calloc((size_t)nl, sizeof *ops);
      if (rhs_values(c, spec, &spec->list, &spec->list2, ops, NULL)) {
        for (int k = 0; k < nl; k++) {
          Type *vt = ops[k].type->kind == K_UNTYPED_BOOL ? T(K_BOOL) : ops[k].type;
          if (t) {
            if (k == 1 && ops[k].type->kind == K_UNTYPED_BOOL) { assign_ok(c, spec->list.v[k], &ops[k], t); continue; }
            char reason[256];
            if (!chk_assignable(c, &ops[k], t, reason, sizeof reason)) {
              char *vs = chk_typestr(c, vt), *ts = chk_typestr(c, t);
              chk_errorf(c, spec->list2.v[0]->pos, "cannot use %s value as %s value in assignment", vs, ts);
              free(vs);
              free(ts);
            }
          } else {
            objs[k]->type = vt;
          }
        }
      } else {
        for (int k = 0; k < nl; k++) {
          if (!t) objs[k]->type = invalid();
          objs[k]->flags |= OF_USED;
        }
      }
      free(ops);
    }
    for (int k = 0; k < nl; k++) {
      spec->list.v[k]->type = objs[k]->type;
      add_local(c, objs[k]);
      chk_declare(c, c->scope, objs[k], spec->list.v[k]->pos);
    }
    free(objs);
  }
}

/* ---- statements ---------------------------------------------------------------------------- */

static void simple(Checker *c, Node *s) {
  if (s) stmt(c, s);
}

static void cond(Checker *c, Node *e, const char *what) {
  Operand x;
  chk_expr(c, &x, e, NULL);
  if (x.mode == M_INVALID) return;
  if (!chk_isbool(x.type)) {
    char *es = chk_exprstr(e);
    chk_errorf(c, e->pos, "non-boolean condition in %s statement", what);
    free(es);
    return;
  }
  chk_default(c, &x);
}

static void return_stmt(Checker *c, Node *s) {
  FuncInfo *fi = c->fn;
  Type *sig = fi ? fi->sig : NULL;
  if (!sig || sig == invalid()) { chk_use(c, &s->list); return; }
  int nr = sig->nresults;
  if (s->list.n == 0) {
    if (nr > 0 && !fi->named_results) {
      char want[1024];
      char *w = chk_typestr(c, types_tuple(sig->results, nr));
      snprintf(want, sizeof want, "%s", w);
      free(w);
      chk_errorf(c, s->pos, "not enough return values\n\thave ()\n\twant %s", want);
    } else if (nr > 0) {
      for (int i = 0; i < fi->nresults; i++) {
        Object *r = fi->results[i];
        Object *o = check_lookup(c->scope, r->name);
        if (o && o != r) {
          chk_errorf(c, s->pos, "result parameter %s not in scope at return\n\tinner declaration of %s", r->name, r->name);
        }
      }
    }
    return;
  }
  Operand *ops = calloc((size_t)(s->list.n > nr ? s->list.n : nr) + 1, sizeof *ops);
  int n = s->list.n;
  bool ok = true;
  if (n == 1 && nr != 1) {
    chk_multiexpr(c, &ops[0], s->list.v[0]);
    if (ops[0].mode == M_INVALID) ok = false;
    else if (ops[0].type->kind == K_TUPLE) {
      Type *tt = ops[0].type;
      n = tt->nparams;
      for (int i = 0; i < n && i < nr; i++) ops[i] = (Operand){M_VALUE, s->list.v[0], tt->params[i], NULL, 0, NULL};
      if (n != nr) ok = false;
    }
  } else {
    for (int i = 0; i < n; i++) {
      chk_expr(c, &ops[i], s->list.v[i], i < nr ? sig->results[i] : NULL);
      if (ops[i].mode == M_INVALID) ok = false;
    }
  }
  if (n != nr) {
    char have[1024] = "(";
    size_t k = 1;
    if (s->list.n == 1 && ops[0].type && ops[0].type->kind == K_TUPLE && 0) {}
    for (int i = 0; i < s->list.n && k < sizeof have - 100; i++) {
      Node *e = s->list.v[i];
      char *ts = e->type && chk_isuntyped(e->type) && e->cval ? strdup("number") : e->type ? chk_typestr(c, e->type) : strdup("?");
      if (e->type && e->type->kind == K_TUPLE) { free(ts); ts = chk_typestr(c, e->type); if (ts[0] == '(') { memmove(ts, ts + 1, strlen(ts)); ts[strlen(ts) - 1] = 0; } }
      if (e->type && e->type->kind == K_UNTYPED_NIL) { free(ts); ts = strdup("nil"); }
      if (e->type && chk_isuntyped(e->type) && e->type->kind == K_UNTYPED_STRING) { free(ts); ts = strdup("string"); }
      if (e->type && chk_isuntyped(e->type) && e->type->kind == K_UNTYPED_BOOL) { free(ts); ts = strdup("bool"); }
      k += (size_t)snprintf(have + k, sizeof have - k, "%s%s", i ? ", " : "", ts);
      free(ts);
    }
    snprintf(have + k, sizeof have - k, ")");
    char *w = chk_typestr(c, types_tuple(sig->results, nr));
    if (nr == 0 && n > 0) {
      chk_errorf(c, s->list.v[0]->pos, "too many return values\n\thave %s\n\twant %s", have, w);
    } else if (n < nr) {
      chk_errorf(c, s->list.v[s->list.n - 1]->pos, "not enough return values\n\thave %s\n\twant %s", have, w);
    } else {
      chk_errorf(c, s->list.v[nr]->pos, "too many return values\n\thave %s\n\twant %s", have, w);
    }
    free(w);
    free(ops);
    return;
  }
  if (ok)
    for (int i = 0; i < nr; i++)
      chk_assignment_spelled(c, &ops[i], sig->results[i], i < fi->nresults ? fi->results[i]->spell : NULL,
                             "return statement");
  free(ops);
}


static void switch_stmt(Checker *c, Node *s) {
  openscope(c, s);
  simple(c, s->x);
  Operand tag;
  if (s->y) {
    chk_expr(c, &tag, s->y, NULL);
    chk_assignment(c, &tag, NULL, "switch expression");
    if (tag.mode != M_INVALID && !chk_comparable(tag.type) && tag.type->kind != K_UNTYPED_NIL) {
      char *ts = chk_operandstr(c, &tag);
      chk_errorf(c, s->y->pos, "cannot switch on %s", ts);
      free(ts);
      tag.mode = M_INVALID;
    }
  } else {
    tag = (Operand){M_CONST, NULL, T(K_BOOL), const_bool(c->a, true), 0, NULL};
  }
  bool seendefault = false;
  for (int i = 0; i < s->list.n; i++) {
    Node *cl = s->list.v[i];
    if (cl->flags & NF_DEFAULT) {
      if (seendefault) chk_errorf(c, cl->pos, "multiple defaults in switch");
      seendefault = true;
    }
    for (int j = 0; j < cl->list.n; j++) {
      Node *e = cl->list.v[j];
      Operand x;
      chk_expr(c, &x, e, NULL);
      if (x.mode == M_INVALID || tag.mode == M_INVALID) continue;
      if (!s->y) {
        /* switch { case cond: } */
        if (!chk_isbool(x.type)) {
          char *xs = chk_exprstr(e), *ts = chk_typestr(c, x.type);
          chk_errorf(c, e->pos, "invalid case %s in switch (mismatched types %s and bool)", xs, ts);
          free(xs);
          free(ts);
          continue;
        }
        chk_default(c, &x);
        continue;
      }
      /* x == tag, reported as types2 does for switch cases */
      Operand y = tag;
      if (chk_isuntyped(x.type)) {
        chk_convert_untyped(c, &x, y.type);
        if (x.mode == M_INVALID) continue;
      }
      bool ok = chk_assignable(c, &x, y.type, NULL, 0) || chk_assignable(c, &y, x.type, NULL, 0);
      if (!ok) {
        char *es = chk_exprstr(e), *ts = chk_exprstr(s->y), *xt = chk_typestr(c, x.type), *yt = chk_typestr(c, y.type);
        chk_errorf(c, e->pos, "invalid case %s in switch on %s (mismatched types %s and %s)", es, ts, xt, yt);
        free(es); free(ts); free(xt); free(yt);
        continue;
      }
      if (x.mode == M_CONST) {
        for (int p = 0; p <= i; p++) {
          Node *pc = s->list.v[p];
          for (int q = 0; q < pc->list.n; q++) {
            Node *pe = pc->list.v[q];
            if (pe == e) { p = i + 1; break; }
            /* as gc, duplicates are only looked for among integer, float and string values */
            if (pe->cval && pe->type == x.type && pe->cval->kind == x.val->kind && x.val->kind != CK_BOOL &&
                x.val->kind != CK_COMPLEX && const_compare(T_EQL, pe->cval, x.val)) {
              char *es = chk_exprstr(e);
              const SourceFile *f = src_file(pe->pos.file);
              free(es);
              es = chk_operandstr(c, &x);
              chk_errorf(c, e->pos, "duplicate case %s in expression switch\n\t%s:%u:%u: previous case", es,
                         f ? f->name : "?", pe->pos.line, pe->pos.col);
              free(es);
              p = i + 1;
              break;
            }
          }
        }
      }
    }
    openscope(c, cl);
    for (int j = 0; j < cl->list2.n; j++) stmt(c, cl->list2.v[j]);
    closescope(c);
  }
  closescope(c);
}

/* The types (NULL for nil) of a type switch's cases so far. */
typedef struct SeenCases {
  struct { Type *t; Node *e; } *v;
  int n, cap;
} SeenCases;

/* Reports t (at e) when an earlier case has it; otherwise records it. */
static bool seen_case(Checker *c, SeenCases *s, Type *t, Node *e) {
  for (int i = 0; i < s->n; i++)
    if (s->v[i].t == t) {
      char *ts = t ? chk_typestr(c, t) : strdup("nil"), where[300];
      chk_fmtpos(where, sizeof where, s->v[i].e->pos);
      chk_errorf(c, e->pos, "duplicate case %s in type switch\n\t%s: previous case", ts, where);
      free(ts);
      return true;
    }
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 8;
    s->v = realloc(s->v, (size_t)s->cap * sizeof *s->v);
    if (!s->v) abort();
  }
  s->v[s->n].t = t;
  s->v[s->n++].e = e;
  return false;
}

static void typeswitch_stmt(Checker *c, Node *s) {
  openscope(c, s);
  simple(c, s->x);
  Node *g = s->y;
  Operand x;
  chk_expr(c, &x, g->x, NULL);
  if (x.mode != M_INVALID && !chk_isiface(x.type)) {
    char *xs = chk_operandstr(c, &x);
    chk_errorf(c, g->x->pos, "%s is not an interface", xs);
    free(xs);
    x.mode = M_INVALID;
  }
  g->type = x.mode == M_INVALID ? invalid() : x.type;
  g->flags |= NF_CHECKED;
  Object **clobjs = calloc((size_t)s->list.n + 1, sizeof *clobjs);
  SeenCases seen = {0};
  bool seendefault = false;
  for (int i = 0; i < s->list.n; i++) {
    Node *cl = s->list.v[i];
    if (cl->flags & NF_DEFAULT) {
      if (seendefault) chk_errorf(c, cl->pos, "multiple defaults in switch");
      seendefault = true;
    }
    Type *single = NULL;
    for (int j = 0; j < cl->list.n; j++) {
      Node *e = cl->list.v[j];
      Operand t;
      chk_exprortype(c, &t, e);
      if (t.mode == M_INVALID) continue;
      bool isnil = t.mode == M_VALUE && t.type->kind == K_UNTYPED_NIL;
      if (!isnil && t.mode != M_TYPEXPR) {
        char *es = chk_exprstr(e);
        chk_errorf(c, e->pos, "%s is not a type", es);
        free(es);
        continue;
      }
      if (isnil) single = cl->list.n == 1 ? x.type : NULL;
      else if (cl->list.n == 1) single = t.type;
      if (seen_case(c, &seen, isnil ? NULL : t.type, e)) continue;
      if (isnil) continue;
      e->flags |= NF_TYPEEXPR;
      if (x.mode != M_INVALID && !chk_isiface(t.type)) {
        const char *m;
        if (types_missing_method(t.type, x.type, &m) != MM_OK) {
          char *es = chk_exprstr(e), *xs = chk_operandstr(c, &x), *ts = chk_typestr(c, t.type);
          int r = types_missing_method(t.type, x.type, &m);
          chk_errorf(c, e->pos, "impossible type switch case: %s\n\t%s cannot have dynamic type %s (%s%s method%s)",
                     es, xs, ts, r == MM_PTRRECV ? "" : r == MM_WRONGTYPE ? "wrong type for " : "missing ", m,
                     r == MM_PTRRECV ? " has pointer receiver" : "");
          free(es); free(xs); free(ts);
        }
      }
    }
    openscope(c, cl);
    if (g->name && g->name != intern_cstr("_")) {
      Type *vt = single ? single : x.mode == M_INVALID ? invalid() : x.type;
      Object *o = chk_newobj(c, OBJ_VAR, g->name, vt, g->pos2);
      o->decl = g;
      o->spell = single && cl->list.n == 1 ? chk_spelltype(c, cl->list.v[0]) : single ? NULL : x.spell;
      cl->obj = o;
      chk_declare(c, c->scope, o, g->pos2);
      clobjs[i] = o;
    }
    for (int j = 0; j < cl->list2.n; j++) stmt(c, cl->list2.v[j]);
    closescope(c);
  }
  if (g->name && g->name != intern_cstr("_")) {
    bool used = false;
    for (int i = 0; i < s->list.n; i++)
      if (clobjs[i] && clobjs[i]->flags & OF_USED) used = true;
    if (!used) chk_errorf(c, g->pos2, "%s declared but not used", g->name);
    /* the clause objects are reported here, not as locals */
  }
  free(clobjs);
  free(seen.v);
  closescope(c);
}

static void select_stmt(Checker *c, Node *s) {
  bool seendefault = false;
  for (int i = 0; i < s->list.n; i++) {
    Node *cl = s->list.v[i];
    openscope(c, cl);
    if (cl->flags & NF_DEFAULT) {
      if (seendefault) chk_errorf(c, cl->pos, "multiple defaults in select");
      seendefault = true;
    }
    if (cl->x) {
      Node *comm = cl->x;
      bool ok = false;
      if (comm->kind == N_SENDSTMT) ok = true;
      else if (comm->kind == N_EXPRSTMT) {
        Node *e = comm->x;
        while (e->kind == N_PAREN) e = e->x;
        ok = e->kind == N_UNARY && e->op == T_ARROW;
      } else if (comm->kind == N_ASSIGN && comm->list2.n == 1) {
        Node *e = comm->list2.v[0];
        while (e->kind == N_PAREN) e = e->x;
        ok = e->kind == N_UNARY && e->op == T_ARROW;
      }
      if (!ok) {
        /* types2 skips the whole clause: its names stay unused */
        chk_errorf(c, comm->pos, "select case must be receive, send or assign recv");
        closescope(c);
        continue;
      }
      stmt(c, comm);
    }
    for (int j = 0; j < cl->list2.n; j++) stmt(c, cl->list2.v[j]);
    closescope(c);
  }
}

static void range_stmt(Checker *c, Node *s) {
  openscope(c, s);
  Operand x;
  chk_expr(c, &x, s->x, NULL);
  Type *kt = NULL, *vt = NULL, *spells[2] = {NULL, NULL};
  int maxvars = 2;
  if (x.mode != M_INVALID) {
    Type *u = U(x.type);
    if (u->kind == K_POINTER && U(u->elem)->kind == K_ARRAY) u = U(u->elem);
    switch (u->kind) {
    case K_STRING: case K_UNTYPED_STRING:
      kt = T(K_INT), vt = T(K_INT32), spells[1] = chk_spell_rune();
      if (chk_isuntyped(x.type)) chk_convert_untyped(c, &x, T(K_STRING));
      break;
    case K_ARRAY: case K_SLICE:
      kt = T(K_INT), vt = u->elem;
      spells[1] = U(x.type)->kind == K_POINTER ? chk_spell_elem(chk_spell_elem(x.spell, x.type), U(x.type)->elem)
                                                : chk_spell_elem(x.spell, x.type);
      break;
    case K_MAP: {
      kt = u->key, vt = u->elem;
      Type *sh = chk_spelled(x.spell, x.type);
      spells[0] = sh->kind == K_MAP ? sh->key : NULL;
      spells[1] = chk_spell_elem(x.spell, x.type);
      break;
    }
    case K_CHAN:
      kt = u->elem, maxvars = 1;
      spells[0] = chk_spell_elem(x.spell, x.type);
      if (u->chandir == CHAN_SEND) {
        char *xs = chk_operandstr(c, &x);
        chk_errorf(c, s->x->pos, "cannot range over %s (receive from send-only channel)", xs);
        free(xs);
        x.mode = M_INVALID;
      }
      break;
    default:
      if (chk_isinteger(x.type)) {
        if (x.mode == M_CONST && chk_isuntyped(x.type)) {
          Operand y = x;
          chk_convert_untyped(c, &y, T(K_INT));
          x = y;
        }
        kt = x.type, maxvars = 1;
        break;
      }
      {
        char *xs = chk_operandstr(c, &x);
        chk_errorf(c, s->x->pos, "cannot range over %s", xs);
        free(xs);
        x.mode = M_INVALID;
      }
    }
  }
  if (s->list.n > 2) {
    chk_errorf(c, s->list.v[2]->pos, "range clause permits at most two iteration variables");
  } else if (x.mode != M_INVALID && s->list.n > maxvars) {
    char *xs = chk_operandstr(c, &x);
    chk_errorf(c, s->list.v[maxvars]->pos, "range over %s permits only one iteration variable", xs);
    free(xs);
  }
  Type *types[2] = {kt, vt};
  if (s->op == T_DEFINE) {
    Object *objs[2] = {NULL, NULL};
    for (int i = 0; i < s->list.n && i < 2; i++) {
      Node *id = s->list.v[i];
      if (id->kind != N_IDENT) {
        char *es = chk_exprstr(id);
        chk_errorf(c, id->pos, "non-name %s on left side of :=", es);
        free(es);
        continue;
      }
      Type *t = x.mode == M_INVALID || !types[i] ? invalid() : types[i];
      if (id->name == intern_cstr("_")) { id->type = t; id->flags |= NF_CHECKED; continue; }
      objs[i] = newvar(c, id, t);
      objs[i]->spell = spells[i];
      add_local(c, objs[i]);
    }
    for (int i = 0; i < 2; i++)
      if (objs[i]) chk_declare(c, c->scope, objs[i], s->list.v[i]->pos);
    if (!objs[0] && !objs[1]) chk_errorf(c, s->pos, "no new variables on left side of :=");
  } else if (s->list.n) {
    for (int i = 0; i < s->list.n && i < 2; i++) {
      if (x.mode == M_INVALID || !types[i]) continue;
      Operand v = {M_VALUE, s->list.v[i], types[i], NULL, 0, NULL};
      Operand z;
      Type *lt = lhs_type(c, s->list.v[i], &z);
      if (lt && lt != invalid()) {
        v.expr = s->list.v[i];
        char reason[256];
        if (!chk_assignable(c, &v, lt, reason, sizeof reason)) {
          char *vs = chk_typestr(c, types[i]), *ts = chk_typestr(c, lt);
          chk_errorf(c, s->list.v[i]->pos, "cannot use %s (value of type %s) as %s value in range clause",
                     chk_exprstr(s->list.v[i]), vs, ts);
          free(vs);
          free(ts);
        }
      }
    }
  }
  stmt(c, s->w);
  closescope(c);
}

static void exprstmt(Checker *c, Node *s) {
  Operand x;
  chk_rawexpr(c, &x, s->x, NULL, true, true);
  if (x.mode == M_INVALID) return;
  Node *e = s->x;
  while (e->kind == N_PAREN) e = e->x;
  const char *msg = NULL;
  if (x.mode == M_TYPEXPR) msg = "is not an expression";
  else if (x.mode == M_BUILTIN) msg = "must be called";
  else if (e->kind == N_CALL && !(e->flags & NF_CONVERSION)) {
    if (e->flags & NF_BUILTIN) {
      int id = e->aux;
      if (!(id == BI_COPY || id == BI_PANIC || id == BI_PRINT || id == BI_PRINTLN || id == BI_RECOVER ||
            id == BI_CLOSE || id == BI_DELETE || id == BI_CLEAR))
        msg = "is not used";
    }
  } else if (e->kind == N_UNARY && e->op == T_ARROW) {
  } else {
    msg = "is not used";
  }
  /* REPL: a value at an input's top level is printed, not an error */
  if (msg && c->replscope && c->scope == c->replscope && x.mode != M_TYPEXPR && x.mode != M_BUILTIN)
    msg = NULL;
  if (msg) {
    char *xs = x.mode == M_TYPEXPR || x.mode == M_BUILTIN ? NULL : chk_operandstr(c, &x);
    char *es = chk_exprstr(s->x);
    if (x.mode == M_TYPEXPR) chk_errorf(c, s->x->pos, "%s (type) is not an expression", es);
    else if (x.mode == M_BUILTIN) chk_errorf(c, s->x->pos, "%s (built-in) must be called", es);
    else chk_errorf(c, s->x->pos, "%s %s", xs, msg);
    free(xs);
    free(es);
    return;
  }
  if (x.mode != M_NOVALUE && x.type && chk_isuntyped(x.type)) chk_default(c, &x);
}

static void gostmt(Checker *c, Node *s, const char *kw) {
  Node *call = s->x;
  while (call && call->kind == N_PAREN) call = call->x;
  if (!call || call->kind != N_CALL) {
    chk_errorf(c, s->x ? s->x->pos : s->pos, "expression in %s must be function call", kw);
    if (s->x) { Operand x; chk_rawexpr(c, &x, s->x, NULL, true, true); }
    return;
  }
  Operand x;
  chk_rawexpr(c, &x, s->x, NULL, true, true);
  if (x.mode == M_INVALID) return;
  /* types2's suspendedCall: "KW MSG OPERAND" at the call */
  const char *msg = NULL;
  if (call->flags & NF_CONVERSION) {
    msg = "requires function call, not conversion";
  } else if (call->flags & NF_BUILTIN) {
    int id = call->aux;
    if (!(id == BI_COPY || id == BI_PANIC || id == BI_PRINT || id == BI_PRINTLN || id == BI_RECOVER ||
          id == BI_CLOSE || id == BI_DELETE || id == BI_CLEAR))
      msg = "discards result of";
  }
  if (msg) {
    char *xs = chk_operandstr(c, &x);
    chk_errorf(c, s->x->pos, "%s %s %s", kw, msg, xs);
    free(xs);
  }
}

static void stmt1(Checker *c, Node *s) {
  switch (s->kind) {
  case N_EMPTY: case N_BAD: return;
  case N_EXPRSTMT: exprstmt(c, s); return;
  case N_SENDSTMT: {
    Operand ch, v;
    chk_expr(c, &ch, s->x, NULL);
    Type *et = ch.mode != M_INVALID && U(ch.type)->kind == K_CHAN ? U(ch.type)->elem : NULL;
    chk_expr(c, &v, s->y, et);
    if (ch.mode == M_INVALID || v.mode == M_INVALID) return;
    if (U(ch.type)->kind != K_CHAN) {
      char *cs = chk_operandstr(c, &ch);
      chk_errorf(c, s->pos, "invalid operation: cannot send to non-channel %s", cs);
      free(cs);
      return;
    }
    if (U(ch.type)->chandir == CHAN_RECV) {
      char *cs = chk_operandstr(c, &ch);
      chk_errorf(c, s->pos, "invalid operation: cannot send to receive-only channel %s", cs);
      free(cs);
      return;
    }
    chk_assignment(c, &v, et, "send");
    return;
  }
  case N_INCDEC: {
    Operand x;
    chk_expr(c, &x, s->x, NULL);
    if (x.mode == M_INVALID) return;
    if (!chk_isnumeric(x.type)) {
      char *xs = chk_exprstr(s->x), *ts = chk_typestr(c, x.type);
      chk_errorf(c, s->x->pos, "invalid operation: %s%s (non-numeric type %s)", xs, chk_opstr(s->op), ts);
      free(xs);
      free(ts);
      return;
    }
    Operand z;
    uint32_t saved = s->x->obj ? s->x->obj->flags & OF_USED : 0;
    Type *t = lhs_type(c, s->x, &z);
    if (s->x->obj && saved) s->x->obj->flags |= OF_USED;
    (void)t;
    return;
  }
  case N_ASSIGN: assign_stmt(c, s); return;
  case N_GO: gostmt(c, s, "go"); return;
  case N_DEFER: gostmt(c, s, "defer"); return;
  case N_RETURN: return_stmt(c, s); return;
  case N_BRANCH: return; /* checked before type checking (check_branch.c) */
  case N_BLOCK:
    openscope(c, s);
    for (int i = 0; i < s->list.n; i++) stmt(c, s->list.v[i]);
    closescope(c);
    return;
  case N_IF:
    openscope(c, s);
    simple(c, s->x);
    cond(c, s->y, "if");
    stmt(c, s->z);
    if (s->w) stmt(c, s->w);
    closescope(c);
    return;
  case N_SWITCH: switch_stmt(c, s); return;
  case N_TYPESWITCH: typeswitch_stmt(c, s); return;
  case N_SELECT: select_stmt(c, s); return;
  case N_FOR:
    openscope(c, s);
    simple(c, s->x);
    if (s->y) cond(c, s->y, "for");
    simple(c, s->z);
    if (s->z && s->z->kind == N_ASSIGN && s->z->op == T_DEFINE)
      chk_errorf(c, s->z->pos, "cannot declare in post statement of for loop");
    stmt(c, s->w);
    closescope(c);
    return;
  case N_RANGE: range_stmt(c, s); return;
  case N_LABELED: stmt(c, s->x); return;
  case N_DECLSTMT: localdecl(c, s->x); return;
  default: {
    chk_errorf(c, s->pos, "%s is not a statement", ast_kind_name(s->kind));
    return;
  }
  }
}

static void stmt(Checker *c, Node *s) {
  if (!s) return;
  if (++c->depth > CHECK_MAX_DEPTH) {
    if (!c->depth_reported) chk_errorf(c, s->pos, "statement nesting too deep");
    c->depth_reported = true;
    c->depth--;
    return;
  }
  stmt1(c, s);
  s->flags |= NF_CHECKED;
  c->depth--;
}

void chk_stmtlist(Checker *c, NodeList *l) {
  for (int i = 0; i < l->n; i++) stmt(c, l->v[i]);
}

/* ---- terminating statements (spec) ---------------------------------------------------------- */

static bool has_break(Node *s, Node *target, bool implicit, int depth);

static bool list_has_break(NodeList *l, Node *target, bool implicit, int depth) {
  for (int i = 0; i < l->n; i++)
    if (has_break(l->v[i], target, implicit, depth)) return true;
  return false;
}

/* Is there a break referring to target (its label) or an unlabeled one (implicit)? */
static bool has_break(Node *s, Node *label, bool implicit, int depth) {
  if (!s || depth > CHECK_MAX_DEPTH) return false;
  switch (s->kind) {
  case N_BRANCH:
    if (s->op != T_BREAK) return false;
    if (!s->name) return implicit;
    return label && s->name == label->name;
  case N_BLOCK: return list_has_break(&s->list, label, implicit, depth + 1);
  case N_LABELED: return has_break(s->x, label, implicit, depth + 1);
  case N_IF: return has_break(s->z, label, implicit, depth + 1) || has_break(s->w, label, implicit, depth + 1);
  case N_CASECLAUSE: case N_COMMCLAUSE: return list_has_break(&s->list2, label, implicit, depth + 1);
  case N_SWITCH: case N_TYPESWITCH: case N_SELECT:
    /* unlabeled breaks inside refer to the inner statement */
    if (!label) return false;
    for (int i = 0; i < s->list.n; i++)
      if (has_break(s->list.v[i], label, false, depth + 1)) return true;
    return false;
  case N_FOR: case N_RANGE:
    if (!label) return false;
    return has_break(s->w, label, false, depth + 1);
  default: return false;
  }
}

static bool terminates(Node *s, Node *label, int depth) {
  if (!s || depth > CHECK_MAX_DEPTH) return false;
  switch (s->kind) {
  case N_RETURN: return true;
  case N_BRANCH: return s->op == T_GOTO || s->op == T_FALLTHROUGH;
  case N_EXPRSTMT: {
    Node *e = s->x;
    while (e->kind == N_PAREN) e = e->x;
    return e->kind == N_CALL && (e->flags & NF_BUILTIN) && e->aux == BI_PANIC;
  }
  case N_BLOCK: return s->list.n && terminates(s->list.v[s->list.n - 1], NULL, depth + 1);
  case N_IF: return s->w && terminates(s->z, NULL, depth + 1) && terminates(s->w, NULL, depth + 1);
  case N_LABELED: return terminates(s->x, s, depth + 1);
  case N_FOR:
    return !s->y && !has_break(s->w, label, true, depth + 1);
  case N_RANGE: return false;
  case N_SWITCH: case N_TYPESWITCH: case N_SELECT: {
    bool hasdefault = s->kind == N_SELECT;
    for (int i = 0; i < s->list.n; i++) {
      Node *cl = s->list.v[i];
      if (cl->flags & NF_DEFAULT) hasdefault = true;
      NodeList *b = &cl->list2;
      if (b->n == 0) return false;
      Node *last = b->v[b->n - 1];
      if (!terminates(last, NULL, depth + 1) || (last->kind == N_BRANCH && last->op == T_FALLTHROUGH && s->kind != N_SWITCH))
        return false;
      if (list_has_break(b, label, true, depth + 1)) return false;
    }
    return hasdefault;
  }
  default: return false;
  }
}

bool chk_terminates(Node *s, const char *label) {
  (void)label;
  return terminates(s, NULL, 0);
}

/* ---- function bodies ------------------------------------------------------------------------- */

static int pos_order(const void *a, const void *b) {
  return pos_cmp((*(Object *const *)a)->pos, (*(Object *const *)b)->pos);
}

void chk_funcbody(Checker *c, FuncInfo *fi, Node *bodyn, Scope *s) {
  if (!bodyn) return;
  Body b;
  memset(&b, 0, sizeof b);
  b.fi = fi;
  b.outer = c->stmtctx;
  void *savectx = c->stmtctx;
  FuncInfo *savefn = c->fn;
  Scope *saves = c->scope;
  c->stmtctx = &b;
  c->fn = fi;
  c->scope = s;
  bodyn->scope = s;
  for (int i = 0; i < bodyn->list.n; i++) stmt(c, bodyn->list.v[i]);
  bodyn->flags |= NF_CHECKED;
  if (fi->sig && fi->sig != invalid() && fi->sig->nresults > 0 && !terminates(bodyn, NULL, 0))
    chk_errorf(c, bodyn->pos2, "missing return");
  if (fi->sig && fi->sig->nresults > 0) bodyn->flags |= NF_TERMINATES;
  if (b.nlocals) qsort(b.locals, (size_t)b.nlocals, sizeof *b.locals, pos_order);
  for (int i = 0; i < b.nlocals; i++) {
    Object *o = b.locals[i];
    if (!(o->flags & OF_USED) && o->type != invalid()) chk_errorf(c, o->pos, "%s declared but not used", o->name);
  }
  free(b.locals);
  c->stmtctx = savectx;
  c->fn = savefn;
  c->scope = saves;
}

void chk_usage(Checker *c, Scope *s) { (void)c; (void)s; }

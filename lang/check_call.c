/* Calls (functions, methods, conversions, builtins) and selectors. */
#define _GNU_SOURCE
#include "lang/check_impl.h"

#include <stdlib.h>
#include <string.h>

static Type *T(Kind k) { return types_basic(k); }
static Type *invalid(void) { return types_basic(K_INVALID); }
static Type *U(Type *t) { return t->underlying ? t->underlying : t; }

/* ---- conversions ------------------------------------------------------------------------------ */

/* Identical types when struct tags are ignored, as the conversion rules compare underlying types.
 * Types are canonical, so only unnamed composites containing structs can differ from ==. */
static bool identical_ignore_tags(const Type *a, const Type *b, int depth) {
  if (a == b) return true;
  if (depth > 64 || a->kind != b->kind || (a->tflags & TF_NAMED) || (b->tflags & TF_NAMED)) return false;
  switch (a->kind) {
  case K_POINTER: case K_SLICE: return identical_ignore_tags(a->elem, b->elem, depth + 1);
  case K_ARRAY: return a->len == b->len && identical_ignore_tags(a->elem, b->elem, depth + 1);
  case K_MAP:
    return identical_ignore_tags(a->key, b->key, depth + 1) && identical_ignore_tags(a->elem, b->elem, depth + 1);
  case K_CHAN: return a->chandir == b->chandir && identical_ignore_tags(a->elem, b->elem, depth + 1);
  case K_STRUCT:
    if (a->nfields != b->nfields) return false;
    for (int32_t i = 0; i < a->nfields; i++) {
      const Field *f = &a->fields[i], *g = &b->fields[i];
      if (f->name != g->name || f->embedded != g->embedded || !identical_ignore_tags(f->type, g->type, depth + 1))
        return false;
    }
    return true;
  default: return false;
  }
}

bool chk_convertible(Checker *c, Operand *x, Type *Tt) {
  if (chk_assignable(c, x, Tt, NULL, 0)) return true;
  Type *V = x->type, *Vu = U(V), *Tu = U(Tt);
  if (identical_ignore_tags(Vu, Tu, 0)) return true;
  if (Vu->kind == K_POINTER && Tu->kind == K_POINTER && !(V->tflags & TF_NAMED) && !(Tt->tflags & TF_NAMED) &&
      identical_ignore_tags(U(Vu->elem), U(Tu->elem), 0))
    return true;
  if ((chk_isinteger(V) || chk_isfloat(V)) && (chk_isinteger(Tt) || chk_isfloat(Tt))) return true;
  if (chk_iscomplex(V) && chk_iscomplex(Tt)) return true;
  if ((chk_isinteger(V) || (Vu->kind == K_SLICE && (U(Vu->elem)->kind == K_UINT8 || U(Vu->elem)->kind == K_INT32))) &&
      chk_isstring(Tt))
    return true;
  if (chk_isstring(V) && Tu->kind == K_SLICE && (U(Tu->elem)->kind == K_UINT8 || U(Tu->elem)->kind == K_INT32))
    return true;
  if ((Vu->kind == K_POINTER || Vu->kind == K_UINTPTR) && Tu->kind == K_UNSAFEPOINTER) return true;
  if (Vu->kind == K_UNSAFEPOINTER && (Tu->kind == K_POINTER || Tu->kind == K_UINTPTR)) return true;
  if (Vu->kind == K_SLICE && Tu->kind == K_POINTER && U(Tu->elem)->kind == K_ARRAY &&
      Vu->elem == U(Tu->elem)->elem)
    return true;
  return false;
}

void chk_conversion(Checker *c, Operand *x, Type *Tt, Node *call) {
  bool constconv = x->mode == M_CONST && (U(Tt)->kind <= K_COMPLEX128 || U(Tt)->kind == K_STRING) &&
                   U(Tt)->kind != K_INVALID;
  bool ok;
  if (constconv) {
    /* constant conversions: representable (int -> string gives the rune's UTF-8) */
    if (chk_isinteger(x->type) && chk_isstring(Tt) && x->val->kind == CK_INT) {
      int64_t r;
      char buf[4];
      int n = 0;
      if (!const_get_int64(x->val, &r) || r < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000)) r = 0xFFFD;
      if (r < 0x80) buf[n++] = (char)r;
      else if (r < 0x800) buf[n++] = (char)(0xC0 | r >> 6), buf[n++] = (char)(0x80 | (r & 0x3F));
      else if (r < 0x10000)
        buf[n++] = (char)(0xE0 | r >> 12), buf[n++] = (char)(0x80 | ((r >> 6) & 0x3F)),
        buf[n++] = (char)(0x80 | (r & 0x3F));
      else
        buf[n++] = (char)(0xF0 | r >> 18), buf[n++] = (char)(0x80 | ((r >> 12) & 0x3F)),
        buf[n++] = (char)(0x80 | ((r >> 6) & 0x3F)), buf[n++] = (char)(0x80 | (r & 0x3F));
      if (chk_isuntyped(x->type)) chk_settype(x->expr, chk_defaulttype(x->type));
      x->val = const_string(c->a, arena_strndup(c->a, buf, (size_t)n), n);
      ok = true;
    } else {
      int why = 3;
      ok = (chk_isnumeric(x->type) && chk_isnumeric(Tt)) || (chk_isstring(x->type) && chk_isstring(Tt)) ||
           (chk_isbool(x->type) && chk_isbool(Tt));
      if (ok) {
        Operand y = *x;
        /* float -> int conversions of constants must be exact */
        ok = chk_representable(c, &y, Tt, &why);
        if (ok) {
          if (chk_isuntyped(x->type)) {
            Type *settle = chk_isnumeric(Tt) && chk_isinteger(x->type) == chk_isinteger(Tt) ? Tt : chk_defaulttype(x->type);
            if (chk_isinteger(Tt) && !chk_isinteger(x->type)) settle = chk_defaulttype(x->type);
            chk_settype(x->expr, settle);
          }
          x->val = y.val;
        } else {
          char *xs = chk_operandstr(c, x), *ts = chk_typestr(c, Tt);
          chk_errorf(c, x->expr->pos, "cannot convert %s to type %s", xs, ts); /* go1.19 gives no cause */
          free(xs);
          free(ts);
          x->mode = M_INVALID;
          return;
        }
      }
    }
  } else {
    if (chk_isuntyped(x->type)) {
      /* untyped non-constant or constant to non-basic types */
      Type *target = Tt;
      if (chk_isiface(Tt) || x->type->kind != K_UNTYPED_NIL) {
        if (x->type->kind == K_UNTYPED_NIL) target = Tt;
        else if (!chk_isnumeric(Tt) && !chk_isstring(Tt) && !chk_isbool(Tt)) target = chk_defaulttype(x->type);
      }
      if (x->type->kind == K_UNTYPED_NIL && !chk_isiface(Tt)) {
        ok = chk_assignable(c, x, Tt, NULL, 0);
        if (ok) chk_settype(x->expr, Tt);
        goto done;
      }
      if (target != Tt || chk_isiface(Tt)) {
        if (!chk_isiface(Tt)) {
          chk_convert_untyped(c, x, target);
        } else {
          chk_convert_untyped(c, x, x->type->kind == K_UNTYPED_NIL ? Tt : chk_defaulttype(x->type));
        }
        if (x->mode == M_INVALID) return;
      } else {
        if (!chk_shift_type_ok(c, x, Tt)) return;
        chk_settype(x->expr, Tt);
        x->type = Tt;
      }
    }
    ok = chk_convertible(c, x, Tt);
  }
done:
  if (!ok) {
    char *xs = chk_operandstr(c, x), *ts = chk_typestr(c, Tt);
    chk_errorf(c, x->expr->pos, "cannot convert %s to type %s", xs, ts);
    free(xs);
    free(ts);
    x->mode = M_INVALID;
    return;
  }
  if (constconv) x->mode = M_CONST;
  else x->mode = M_VALUE;
  x->type = Tt;
  (void)call;
}

/* ---- arguments -------------------------------------------------------------------------------- */

/* Checks args against sig's parameters; the callee's type is ft spelled fspell. */
static void arguments(Checker *c, Node *call, Type *ft, Type *fspell, Operand *args, int nargs,
                      bool dots, const char *fname) {
  Type *sig = U(ft);
  int np = sig->nparams;
  bool variadic = sig->tflags & TF_VARIADIC;
  char ctx[300];
  snprintf(ctx, sizeof ctx, "argument to %s", fname);
  if (dots) {
    if (!variadic) {
      char *fs = chk_exprstr(call->x);
      chk_errorf(c, args[nargs - 1].expr->pos, "have (...) but function is not variadic: %s", fs);
      /* types2: "cannot use ... in call to non-variadic f" */
      free(fs);
      return;
    }
    if (nargs != np) goto count;
    for (int i = 0; i < nargs; i++)
      chk_assignment_spelled(c, &args[i], sig->params[i], chk_spell_param(fspell, ft, i), ctx);
    return;
  }
  if (variadic) {
    if (nargs < np - 1) goto count;
    for (int i = 0; i < nargs; i++) {
      if (i < np - 1) {
        chk_assignment_spelled(c, &args[i], sig->params[i], chk_spell_param(fspell, ft, i), ctx);
        continue;
      }
      Type *last = sig->params[np - 1];
      chk_assignment_spelled(c, &args[i], last->elem,
                             chk_spell_elem(chk_spell_param(fspell, ft, np - 1), last), ctx);
    }
    return;
  }
  if (nargs != np) goto count;
  for (int i = 0; i < nargs; i++)
    chk_assignment_spelled(c, &args[i], sig->params[i], chk_spell_param(fspell, ft, i), ctx);
  return;
count: {
  /* "not enough arguments in call to f\n\thave (int)\n\twant (int, int)" */
  char have[1024] = "(", *w;
  size_t k = 1;
  for (int i = 0; i < nargs && k < sizeof have - 100; i++) {
    char *ts = args[i].mode == M_CONST && chk_isuntyped(args[i].type) ? strdup("number") : chk_typestr(c, args[i].type);
    k += (size_t)snprintf(have + k, sizeof have - k, "%s%s", i ? ", " : "", ts);
    free(ts);
  }
  snprintf(have + k, sizeof have - k, ")");
  Type *tp = types_tuple(sig->params, sig->nparams);
  w = chk_typestr(c, tp);
  if (variadic && np) {
    /* show the variadic parameter as ...T */
    char *inner = chk_typestr(c, sig->params[np - 1]);
    char *p = strstr(w, inner);
    char *rebuilt = NULL;
    if (p && inner[0] == '[' && inner[1] == ']') {
      size_t pre = (size_t)(p - w);
      if (asprintf(&rebuilt, "%.*s...%s%s", (int)pre, w, inner + 2, p + strlen(inner)) > 0) {
        free(w);
        w = rebuilt;
      }
    }
    free(inner);
  }
  if (nargs < np) chk_errorf(c, nargs ? args[nargs - 1].expr->pos : call->pos, "not enough arguments in call to %s\n\thave %s\n\twant %s", fname, have, w);
  else chk_errorf(c, args[np].expr->pos, "too many arguments in call to %s\n\thave %s\n\twant %s", fname, have, w);
  free(w);
}
}

/* Evaluates call arguments; a single multi-value call argument is spread. */
static Operand *eval_args(Checker *c, Node *call, int *nout, Type *sig) {
  NodeList *l = &call->list;
  if (l->n == 1 && l->v[0]->kind == N_CALL) {
    Operand x;
    Type *hint = sig && sig->nparams >= 1 ? sig->params[0] : NULL;
    chk_rawexpr(c, &x, l->v[0], hint, true, false);
    if (x.mode != M_INVALID && x.type && x.type->kind == K_TUPLE) {
      Operand *v = calloc((size_t)x.type->nparams + 1, sizeof *v);
      for (int i = 0; i < x.type->nparams; i++) v[i] = (Operand){M_VALUE, l->v[0], x.type->params[i], NULL, 0, NULL};
      *nout = x.type->nparams;
      return v;
    }
    Operand *v = calloc(1, sizeof *v);
    if (x.mode == M_TYPEXPR || x.mode == M_NOVALUE || x.mode == M_BUILTIN) {
      char *s = chk_exprstr(l->v[0]);
      chk_errorf(c, l->v[0]->pos, x.mode == M_NOVALUE ? "%s (no value) used as value"
                                  : x.mode == M_TYPEXPR ? "%s (type) is not an expression"
                                                        : "%s (built-in) must be called", s);
      free(s);
      x.mode = M_INVALID;
    }
    v[0] = x;
    *nout = 1;
    return v;
  }
  Operand *v = calloc((size_t)l->n + 1, sizeof *v);
  for (int i = 0; i < l->n; i++) {
    Type *hint = NULL;
    if (sig && sig != invalid()) {
      if (i < sig->nparams - (sig->tflags & TF_VARIADIC ? 1 : 0)) hint = sig->params[i];
      else if (sig->tflags & TF_VARIADIC && sig->nparams) hint = (call->flags & NF_DOTS) ? sig->params[sig->nparams - 1] : sig->params[sig->nparams - 1]->elem;
    }
    chk_expr(c, &v[i], l->v[i], hint);
  }
  *nout = l->n;
  return v;
}

/* ---- builtins --------------------------------------------------------------------------------- */

static void builtin_call(Checker *c, Operand *x, Node *call, int id);

void chk_call(Checker *c, Operand *x, Node *n) {
  chk_exprortype(c, x, n->x);
  if (x->mode == M_INVALID) {
    chk_use(c, &n->list);
    x->mode = M_INVALID;
    return;
  }
  if (x->mode == M_TYPEXPR) {
    Type *Tt = x->type;
    n->flags |= NF_CONVERSION;
    if (n->list.n != 1 || n->flags & NF_DOTS) {
      char *ts = chk_exprstr(n->x);
      if (n->list.n == 0) chk_errorf(c, n->pos2, "missing argument in conversion to %s", ts);
      else if (n->flags & NF_DOTS) chk_errorf(c, n->list.v[0]->pos, "invalid use of ... in conversion to %s", ts);
      else chk_errorf(c, n->list.v[1]->pos, "too many arguments in conversion to %s", ts);
      free(ts);
      chk_use(c, &n->list);
      x->mode = M_INVALID;
      return;
    }
    Type *Tspell = chk_spelltype(c, n->x);
    chk_expr(c, x, n->list.v[0], Tt);
    if (x->mode == M_INVALID) return;
    chk_conversion(c, x, Tt, n);
    x->spell = Tspell;
    return;
  }
  if (x->mode == M_BUILTIN) {
    n->flags |= NF_BUILTIN;
    n->aux = x->builtin;
    builtin_call(c, x, n, x->builtin);
    return;
  }
  Type *sig = U(x->type);
  if (sig->kind != K_FUNC) {
    char *xs = chk_operandstr(c, x);
    chk_errorf(c, x->expr->pos, "invalid operation: cannot call non-function %s", xs);
    free(xs);
    chk_use(c, &n->list);
    x->mode = M_INVALID;
    return;
  }
  if (n->x->kind == N_SELECTOR && (n->x->aux == SEL_METHOD || n->x->aux == SEL_IFACEMETHOD))
    n->flags |= NF_METHODCALL;
  Type *ft = x->type, *fspell = x->spell;
  int nargs;
  Operand *args = eval_args(c, n, &nargs, sig);
  bool bad = false;
  for (int i = 0; i < nargs; i++)
    if (args[i].mode == M_INVALID) bad = true;
  if (!bad) {
    char *fs = chk_exprstr(n->x);
    arguments(c, n, ft, fspell, args, nargs, (n->flags & NF_DOTS) != 0, fs);
    free(fs);
  }
  free(args);
  x->expr = n;
  if (sig->nresults == 0) {
    x->mode = M_NOVALUE;
    x->type = types_tuple(NULL, 0);
  } else if (sig->nresults == 1) {
    x->mode = M_VALUE;
    x->type = sig->results[0];
    x->spell = chk_spell_result(fspell, ft, 0);
  } else {
    x->mode = M_VALUE;
    x->type = types_tuple(sig->results, sig->nresults);
  }
}

static bool check_nargs(Checker *c, Node *call, int min, int max, const char *name) {
  int n = call->list.n;
  if (n < min) {
    char *cs = chk_exprstr(call);
    chk_errorf(c, call->pos2, "not enough arguments for %s (expected %d, found %d)", cs, min, n);
    free(cs);
    return false;
  }
  if (max >= 0 && n > max) {
    char *cs = chk_exprstr(call);
    chk_errorf(c, call->list.v[max]->pos, "too many arguments for %s (expected %d, found %d)", cs, max, n);
    free(cs);
    return false;
  }
  (void)name;
  return true;
}

static void invalid_arg(Checker *c, Operand *a, const char *fmt, const char *name) {
  char *as = chk_operandstr(c, a);
  char msg[1024];
  snprintf(msg, sizeof msg, fmt, as, name);
  chk_errorf(c, a->expr->pos, "invalid argument: %s", msg);
  free(as);
}

static void builtin_call(Checker *c, Operand *x, Node *call, int id) {
  const char *name = check_builtin_name((BuiltinId)id);
  NodeList *l = &call->list;
  x->expr = call;
  if ((call->flags & NF_DOTS) && id != BI_APPEND) {
    chk_errorf(c, call->pos, "invalid operation: invalid use of ... with built-in %s", name);
    chk_use(c, l);
    x->mode = M_INVALID;
    return;
  }
  Operand a;
  switch (id) {
  case BI_LEN:
  case BI_CAP: {
    if (!check_nargs(c, call, 1, 1, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    chk_expr(c, &a, l->v[0], NULL);
    if (a.mode == M_INVALID) { x->mode = M_INVALID; return; }
    Type *u = U(a.type);
    if (u->kind == K_POINTER && U(u->elem)->kind == K_ARRAY) u = U(u->elem);
    bool ok = false, isconst = false;
    int64_t cv = 0;
    switch (u->kind) {
    case K_STRING: case K_UNTYPED_STRING:
      ok = id == BI_LEN;
      if (a.mode == M_CONST) isconst = true, cv = a.val->slen;
      if (chk_isuntyped(a.type)) chk_settype(l->v[0], T(K_STRING));
      break;
    case K_ARRAY:
      ok = true;
      isconst = true; /* no calls or receives checked: approximation of the spec rule */
      cv = u->len;
      break;
    case K_SLICE: case K_CHAN: ok = true; break;
    case K_MAP: ok = id == BI_LEN; break;
    default: break;
    }
    if (!ok) {
      invalid_arg(c, &a, "%s for %s", name);
      x->mode = M_INVALID;
      return;
    }
    if (isconst) {
      x->mode = M_CONST;
      x->val = const_int64(c->a, cv);
    } else {
      x->mode = M_VALUE;
    }
    x->type = T(K_INT);
    return;
  }
  case BI_NEW: {
    if (!check_nargs(c, call, 1, 1, name)) { x->mode = M_INVALID; return; }
    Type *t = chk_typexpr(c, l->v[0]);
    if (t == invalid()) { x->mode = M_INVALID; return; }
    x->mode = M_VALUE;
    x->type = types_pointer(t);
    x->spell = chk_spell_pointer(c, chk_spelltype(c, l->v[0]), t);
    return;
  }
  case BI_MAKE: {
    if (!check_nargs(c, call, 1, -1, name)) { x->mode = M_INVALID; return; }
    Type *t = chk_typexpr(c, l->v[0]);
    if (t == invalid()) { chk_use(c, l); x->mode = M_INVALID; return; }
    int min = 1, max = 2;
    switch (U(t)->kind) {
    case K_SLICE: min = 2, max = 3; break;
    case K_MAP: case K_CHAN: min = 1, max = 2; break;
    default: {
      char *es = chk_exprstr(l->v[0]);
      chk_errorf(c, l->v[0]->pos, "invalid argument: cannot make %s; type must be slice, map, or channel", es);
      free(es);
      x->mode = M_INVALID;
      return;
    }
    }
    if (l->n < min || l->n > max) {
      char *cs = chk_exprstr(call), *ts = chk_typestr(c, t);
      if (l->n < min) chk_errorf(c, call->pos, "invalid operation: %s expects %d or %d arguments; found %d", cs, min, max, l->n);
      else chk_errorf(c, call->pos, "invalid operation: %s expects %d or %d arguments; found %d", cs, min, max, l->n);
      free(cs);
      free(ts);
      x->mode = M_INVALID;
      return;
    }
    int64_t vals[2] = {-1, -1};
    for (int i = 1; i < l->n; i++) {
      Operand s;
      chk_expr(c, &s, l->v[i], NULL);
      if (s.mode == M_INVALID) continue;
      if (s.mode == M_CONST && chk_isuntyped(s.type)) {
        int why;
        Operand y = s;
        if (!chk_representable(c, &y, T(K_INT), &why)) {
          char *ss = chk_operandstr(c, &s);
          chk_errorf(c, s.expr->pos, "%s %s int", ss, why == 2 ? "truncated to" : "overflows");
          free(ss);
          continue;
        }
        chk_convert_untyped(c, &s, T(K_INT));
      } else if (chk_isuntyped(s.type)) {
        chk_convert_untyped(c, &s, T(K_INT));
      }
      if (s.mode == M_INVALID) continue;
      if (!chk_isinteger(s.type)) {
        char *ss = chk_operandstr(c, &s);
        chk_errorf(c, s.expr->pos, "cannot convert %s to type int", ss);
        free(ss);
        continue;
      }
      if (s.mode == M_CONST) {
        if (const_sign(s.val) < 0) {
          char *ss = chk_operandstr(c, &s);
          chk_errorf(c, s.expr->pos, "invalid argument: index %s must not be negative", ss);
          free(ss);
          continue;
        }
        const_get_int64(s.val, &vals[i - 1]);
      }
    }
    if (vals[0] >= 0 && vals[1] >= 0 && vals[0] > vals[1]) {
      char *a1 = chk_exprstr(l->v[1]), *a2 = chk_exprstr(l->v[2]);
      chk_errorf(c, l->v[1]->pos, "invalid argument: length and capacity swapped");
      free(a1);
      free(a2);
    }
    x->mode = M_VALUE;
    x->type = t;
    x->spell = chk_spelltype(c, l->v[0]);
    return;
  }
  case BI_APPEND: {
    if (!check_nargs(c, call, 1, -1, name)) { x->mode = M_INVALID; return; }
    Operand s;
    chk_expr(c, &s, l->v[0], NULL);
    if (s.mode == M_INVALID) { NodeList rest = {l->v + 1, l->n - 1, 0}; chk_use(c, &rest); x->mode = M_INVALID; return; }
    if (s.type->kind == K_UNTYPED_NIL) {
      chk_errorf(c, s.expr->pos, "first argument to append must be a typed slice; found untyped nil");
      x->mode = M_INVALID;
      return;
    }
    Type *st = s.type, *su = U(st);
    if (su->kind != K_SLICE) {
      char *ss = chk_operandstr(c, &s);
      chk_errorf(c, s.expr->pos, "first argument to append must be a slice; have %s", ss);
      free(ss);
      x->mode = M_INVALID;
      return;
    }
    if (call->flags & NF_DOTS) {
      if (l->n != 2) {
        check_nargs(c, call, 2, 2, name);
        x->mode = M_INVALID;
        return;
      }
      Operand v;
      chk_expr(c, &v, l->v[1], st);
      if (v.mode != M_INVALID) {
        if (U(su->elem)->kind == K_UINT8 && chk_isstring(v.type)) {
          if (chk_isuntyped(v.type)) chk_convert_untyped(c, &v, T(K_STRING));
        } else {
          chk_assignment_spelled(c, &v, st, s.spell, "argument to append");
        }
      }
    } else {
      for (int i = 1; i < l->n; i++) {
        Operand v;
        chk_expr(c, &v, l->v[i], su->elem);
        chk_assignment_spelled(c, &v, su->elem, chk_spell_elem(s.spell, st), "argument to append");
      }
    }
    x->mode = M_VALUE;
    x->type = st;
    x->spell = s.spell;
    return;
  }
  case BI_COPY: {
    if (!check_nargs(c, call, 2, 2, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    Operand d, s;
    chk_expr(c, &d, l->v[0], NULL);
    chk_expr(c, &s, l->v[1], NULL);
    if (d.mode == M_INVALID || s.mode == M_INVALID) { x->mode = M_INVALID; return; }
    Type *du = U(d.type), *su = U(s.type);
    bool ok = du->kind == K_SLICE &&
              ((su->kind == K_SLICE && du->elem == su->elem) ||
               (chk_isstring(s.type) && U(du->elem)->kind == K_UINT8));
    if (!ok) {
      char *ds = chk_operandstr(c, &d), *ss = chk_operandstr(c, &s);
      if (du->kind != K_SLICE || (su->kind != K_SLICE && !chk_isstring(s.type)))
        chk_errorf(c, d.expr->pos, "invalid argument: copy expects slice arguments; found %s and %s", ds, ss);
      else {
        char *de = chk_typestr(c, du->elem), *se = chk_typestr(c, su->kind == K_SLICE ? su->elem : T(K_UINT8));
        chk_errorf(c, d.expr->pos, "invalid argument: arguments to copy %s and %s have different element types %s and %s",
                   ds, ss, de, se);
        free(de);
        free(se);
      }
      free(ds);
      free(ss);
      x->mode = M_INVALID;
      return;
    }
    if (chk_isuntyped(s.type)) chk_convert_untyped(c, &s, T(K_STRING));
    x->mode = M_VALUE;
    x->type = T(K_INT);
    return;
  }
  case BI_DELETE: {
    if (!check_nargs(c, call, 2, 2, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    Operand m, k;
    chk_expr(c, &m, l->v[0], NULL);
    if (m.mode == M_INVALID) { x->mode = M_INVALID; return; }
    if (U(m.type)->kind != K_MAP) {
      char *ms = chk_operandstr(c, &m);
      chk_errorf(c, m.expr->pos, "invalid argument: %s is not a map", ms);
      free(ms);
      x->mode = M_INVALID;
      return;
    }
    chk_expr(c, &k, l->v[1], U(m.type)->key);
    if (k.mode != M_INVALID) {
      char reason[256];
      if (!chk_assignable(c, &k, U(m.type)->key, reason, sizeof reason)) {
        char *ks = chk_operandstr(c, &k), *ts = chk_typestr(c, U(m.type)->key);
        chk_errorf(c, k.expr->pos, "invalid argument: %s is not assignable to %s", ks, ts);
        free(ks);
        free(ts);
      } else {
        chk_assignment(c, &k, U(m.type)->key, "argument to delete");
      }
    }
    x->mode = M_NOVALUE;
    x->type = types_tuple(NULL, 0);
    return;
  }
  case BI_CLEAR: {
    if (!check_nargs(c, call, 1, 1, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    chk_expr(c, &a, l->v[0], NULL);
    if (a.mode == M_INVALID) { x->mode = M_INVALID; return; }
    if (U(a.type)->kind != K_MAP && U(a.type)->kind != K_SLICE) {
      invalid_arg(c, &a, "cannot clear %s: argument must be (or constrained by) map or slice", name);
      x->mode = M_INVALID;
      return;
    }
    x->mode = M_NOVALUE;
    x->type = types_tuple(NULL, 0);
    return;
  }
  case BI_CLOSE: {
    if (!check_nargs(c, call, 1, 1, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    chk_expr(c, &a, l->v[0], NULL);
    if (a.mode == M_INVALID) { x->mode = M_INVALID; return; }
    if (U(a.type)->kind != K_CHAN || U(a.type)->chandir == CHAN_RECV) {
      char *as = chk_operandstr(c, &a);
      chk_errorf(c, a.expr->pos, "invalid operation: cannot close %s %s",
                 U(a.type)->kind != K_CHAN ? "non-channel" : "receive-only channel", as);
      free(as);
      x->mode = M_INVALID;
      return;
    }
    x->mode = M_NOVALUE;
    x->type = types_tuple(NULL, 0);
    return;
  }
  case BI_PANIC: {
    if (!check_nargs(c, call, 1, 1, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    chk_expr(c, &a, l->v[0], types_any());
    chk_assignment(c, &a, types_any(), "argument to panic");
    x->mode = M_NOVALUE;
    x->type = types_tuple(NULL, 0);
    return;
  }
  case BI_PRINT:
  case BI_PRINTLN:
    for (int i = 0; i < l->n; i++) {
      chk_expr(c, &a, l->v[i], NULL);
      if (a.mode == M_INVALID) continue;
      chk_assignment(c, &a, NULL, "argument");
    }
    x->mode = M_NOVALUE;
    x->type = types_tuple(NULL, 0);
    return;
  case BI_RECOVER:
    if (!check_nargs(c, call, 0, 0, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    x->mode = M_VALUE;
    x->type = types_any();
    return;
  case BI_MIN:
  case BI_MAX: {
    if (!check_nargs(c, call, 1, -1, name)) { x->mode = M_INVALID; return; }
    Operand acc;
    chk_expr(c, &acc, l->v[0], NULL);
    if (acc.mode == M_INVALID) { x->mode = M_INVALID; return; }
    if (!chk_isinteger(acc.type) && !chk_isfloat(acc.type) && !chk_isstring(acc.type)) {
      char *as = chk_operandstr(c, &acc);
      chk_errorf(c, acc.expr->pos, "invalid argument: %s cannot be ordered", as);
      free(as);
      x->mode = M_INVALID;
      return;
    }
    Operand *ops = calloc((size_t)l->n, sizeof *ops);
    ops[0] = acc;
    bool bad = false;
    for (int i = 1; i < l->n; i++) {
      chk_expr(c, &ops[i], l->v[i], NULL);
      if (ops[i].mode == M_INVALID) { bad = true; continue; }
    }
    if (bad) { free(ops); x->mode = M_INVALID; return; }
    /* result type: the typed operand's type, or the largest untyped kind */
    Type *rt = NULL;
    for (int i = 0; i < l->n; i++)
      if (!chk_isuntyped(ops[i].type)) {
        if (rt && rt != ops[i].type) {
          char *es = chk_exprstr(ops[i].expr), *t1 = chk_typestr(c, rt), *t2 = chk_typestr(c, ops[i].type);
          chk_errorf(c, ops[i].expr->pos, "invalid argument: mismatched types %s (previous argument) and %s (type of %s)", t1, t2, es);
          free(es); free(t1); free(t2);
          free(ops);
          x->mode = M_INVALID;
          return;
        }
        rt = ops[i].type;
      }
    bool allconst = true;
    for (int i = 0; i < l->n; i++) if (ops[i].mode != M_CONST) allconst = false;
    if (!rt) {
      rt = ops[0].type;
      for (int i = 1; i < l->n; i++) if (ops[i].type->kind > rt->kind) rt = ops[i].type;
    } else {
      for (int i = 0; i < l->n; i++) {
        chk_convert_untyped(c, &ops[i], rt);
        if (ops[i].mode == M_INVALID) { free(ops); x->mode = M_INVALID; return; }
      }
    }
    if (allconst) {
      ConstVal *best = ops[0].val;
      for (int i = 1; i < l->n; i++) {
        ConstVal *a1 = best, *b1 = ops[i].val;
        if (a1->kind != b1->kind && a1->kind >= CK_INT && b1->kind >= CK_INT) {
          a1 = const_to_float(c->a, a1);
          b1 = const_to_float(c->a, b1);
        }
        bool less = const_compare('<', b1, a1);
        if (id == BI_MIN ? less : const_compare('>', b1, a1)) best = ops[i].val;
      }
      x->mode = M_CONST;
      x->val = best;
    } else {
      for (int i = 0; i < l->n; i++) if (chk_isuntyped(ops[i].type)) chk_convert_untyped(c, &ops[i], chk_defaulttype(rt));
      if (chk_isuntyped(rt)) rt = chk_defaulttype(rt);
      x->mode = M_VALUE;
    }
    x->type = rt;
    free(ops);
    return;
  }
  case BI_COMPLEX: {
    if (!check_nargs(c, call, 2, 2, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    Operand re, im;
    chk_expr(c, &re, l->v[0], NULL);
    chk_expr(c, &im, l->v[1], NULL);
    if (re.mode == M_INVALID || im.mode == M_INVALID) { x->mode = M_INVALID; return; }
    if (chk_isuntyped(re.type) && !chk_isuntyped(im.type)) chk_convert_untyped(c, &re, im.type);
    else if (chk_isuntyped(im.type) && !chk_isuntyped(re.type)) chk_convert_untyped(c, &im, re.type);
    if (re.mode == M_INVALID || im.mode == M_INVALID) { x->mode = M_INVALID; return; }
    if (re.mode == M_CONST && im.mode == M_CONST && chk_isuntyped(re.type) && chk_isuntyped(im.type)) {
      ConstVal *r = const_to_float(c->a, re.val), *i2 = const_to_float(c->a, im.val);
      if (!r || !i2) { x->mode = M_INVALID; return; }
      x->mode = M_CONST;
      x->val = const_make_complex(c->a, r, i2);
      x->type = T(K_UNTYPED_COMPLEX);
      return;
    }
    if (chk_isuntyped(re.type)) chk_convert_untyped(c, &re, T(K_FLOAT64));
    if (chk_isuntyped(im.type)) chk_convert_untyped(c, &im, T(K_FLOAT64));
    if (re.type != im.type || !chk_isfloat(re.type)) {
      char *rs = chk_operandstr(c, &re), *is = chk_operandstr(c, &im);
      chk_errorf(c, call->pos, "invalid operation: complex(%s, %s) (mismatched types)", rs, is);
      free(rs);
      free(is);
      x->mode = M_INVALID;
      return;
    }
    x->mode = re.mode == M_CONST && im.mode == M_CONST ? M_CONST : M_VALUE;
    if (x->mode == M_CONST) x->val = const_make_complex(c->a, const_to_float(c->a, re.val), const_to_float(c->a, im.val));
    x->type = U(re.type)->kind == K_FLOAT32 ? T(K_COMPLEX64) : T(K_COMPLEX128);
    return;
  }
  case BI_REAL:
  case BI_IMAG: {
    if (!check_nargs(c, call, 1, 1, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    chk_expr(c, &a, l->v[0], NULL);
    if (a.mode == M_INVALID) { x->mode = M_INVALID; return; }
    if (a.mode == M_CONST && chk_isuntyped(a.type)) {
      ConstVal *cv = const_to_complex(c->a, a.val);
      if (!cv) { x->mode = M_INVALID; return; }
      x->mode = M_CONST;
      x->val = id == BI_REAL ? const_real(c->a, cv) : const_imag(c->a, cv);
      x->type = T(K_UNTYPED_FLOAT);
      return;
    }
    if (!chk_iscomplex(a.type)) {
      invalid_arg(c, &a, "argument has type %s, expected complex type", name);
      x->mode = M_INVALID;
      return;
    }
    x->mode = a.mode == M_CONST ? M_CONST : M_VALUE;
    if (x->mode == M_CONST) x->val = id == BI_REAL ? const_real(c->a, a.val) : const_imag(c->a, a.val);
    x->type = U(a.type)->kind == K_COMPLEX64 ? T(K_FLOAT32) : T(K_FLOAT64);
    return;
  }
  case BI_SIZEOF:
  case BI_ALIGNOF: {
    if (!check_nargs(c, call, 1, 1, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    chk_expr(c, &a, l->v[0], NULL);
    if (a.mode == M_INVALID) { x->mode = M_INVALID; return; }
    chk_default(c, &a);
    x->mode = M_CONST;
    x->val = const_int64(c->a, id == BI_SIZEOF ? a.type->size : a.type->align);
    x->type = T(K_UINTPTR);
    return;
  }
  case BI_OFFSETOF: {
    if (!check_nargs(c, call, 1, 1, name)) { chk_use(c, l); x->mode = M_INVALID; return; }
    Node *sel = l->v[0];
    while (sel->kind == N_PAREN) sel = sel->x;
    if (sel->kind != N_SELECTOR) {
      char *es = chk_exprstr(l->v[0]);
      chk_errorf(c, l->v[0]->pos, "invalid argument: %s is not a selector expression", es);
      free(es);
      x->mode = M_INVALID;
      return;
    }
    chk_expr(c, &a, l->v[0], NULL);
    if (a.mode == M_INVALID || sel->aux != SEL_FIELD) { x->mode = M_INVALID; return; }
    Type *st = U(sel->x->type);
    if (st->kind == K_POINTER) st = U(st->elem);
    int64_t off = 0;
    for (int i = 0; i < sel->npath; i++) {
      off += st->fields[sel->path[i]].offset;
      st = U(st->fields[sel->path[i]].type);
    }
    off += st->fields[sel->obj->index].offset;
    x->mode = M_CONST;
    x->val = const_int64(c->a, off);
    x->type = T(K_UINTPTR);
    return;
  }
  }
  x->mode = M_INVALID;
}

/* ---- selectors ------------------------------------------------------------------------------ */

static Object *field_obj(Checker *c, Field *f, int index, Pos p) {
  Object *o = chk_newobj(c, OBJ_VAR, f->name, f->type, p);
  o->flags |= OF_FIELD;
  o->index = index;
  return o;
}

static Object *iface_method_obj(Checker *c, Method *m, int index, Pos p) {
  Object *o = chk_newobj(c, OBJ_FUNC, m->name, m->type, p);
  o->flags |= OF_METHOD;
  o->index = index;
  return o;
}

static void set_path(Checker *c, Node *n, LookupResult *r) {
  n->npath = r->npath;
  if (r->npath) {
    n->path = arena_alloc(c->a, (size_t)r->npath * sizeof(int32_t));
    memcpy(n->path, r->path, (size_t)r->npath * sizeof(int32_t));
  }
}

/* Function type of a method expression T.m: receiver first. */
static Type *method_expr_type(Type *recv, Type *sig) {
  Type *ps[260];
  ps[0] = recv;
  int np = sig->nparams < 255 ? sig->nparams : 255;
  for (int i = 0; i < np; i++) ps[i + 1] = sig->params[i];
  return types_func(ps, np + 1, sig->results, sig->nresults, (sig->tflags & TF_VARIADIC) != 0);
}

void chk_selector(Checker *c, Operand *x, Node *n) {
  const char *sel = n->name;
  /* package-qualified identifier */
  if (n->x->kind == N_IDENT) {
    Object *po = check_lookup(c->scope, n->x->name);
    if (po && po->kind == OBJ_PKG) {
      po->flags |= OF_USED;
      n->x->obj = po;
      n->x->flags |= NF_CHECKED;
      Package *p = po->pkg;
      Object *m = NULL;
      for (int i = 0; p->scope && i < p->scope->nobjs; i++)
        if (p->scope->objs[i]->name == sel) m = p->scope->objs[i];
      if (!m || !(m->flags & OF_EXPORTED)) {
        if (m) chk_errorf(c, n->pos2, "%s not exported by package %s", sel, p->name);
        else chk_errorf(c, n->pos2, "undefined: %s.%s", n->x->name, sel);
        x->mode = M_INVALID;
        return;
      }
      check_resolve(m, c->diag); /* a lazy declaration of a standard package */
      n->obj = m;
      n->aux = SEL_PKG;
      x->expr = n;
      x->spell = m->spell;
      switch (m->kind) {
      case OBJ_CONST: x->mode = M_CONST; x->type = m->type; x->val = const_exported(c->a, m->cval); break;
      case OBJ_TYPE: x->mode = M_TYPEXPR; x->type = m->type; break;
      case OBJ_VAR: x->mode = M_VAR; x->type = m->type; break;
      case OBJ_FUNC: x->mode = M_VALUE; x->type = m->type; break;
      case OBJ_BUILTIN: x->mode = M_BUILTIN; x->type = invalid(); x->builtin = m->builtin; break;
      default: x->mode = M_INVALID;
      }
      if (!x->type || (x->type == invalid() && x->mode != M_BUILTIN)) x->mode = M_INVALID;
      return;
    }
  }
  chk_exprortype(c, x, n->x);
  if (x->mode == M_INVALID) return;
  if (x->mode == M_TYPEXPR) {
    /* method expression */
    Type *t = x->type;
    LookupResult r = types_lookup(t, sel);
    if (r.kind == LK_METHOD || r.kind == LK_IFACEMETHOD) {
      bool tptr = !(t->tflags & TF_NAMED) && t->kind == K_POINTER;
      if (r.kind == LK_METHOD && r.method->ptrrecv && !tptr && !r.indirect) {
        char *ts = chk_typestr(c, t);
        chk_errorf(c, n->pos2, "cannot call pointer method %s on %s", sel, ts);
        free(ts);
        x->mode = M_INVALID;
        return;
      }
      n->aux = SEL_METHODEXPR;
      n->obj = r.kind == LK_METHOD ? r.method->obj : iface_method_obj(c, r.method, r.index, n->pos2);
      set_path(c, n, &r);
      if (r.kind == LK_METHOD && r.method->obj) chk_record_dep(c, r.method->obj);
      x->mode = M_VALUE;
      x->type = method_expr_type(t, r.method->type);
      x->expr = n;
      return;
    }
    char *ts = chk_typestr(c, t), *es = chk_exprstr(n);
    chk_errorf(c, n->pos2, "%s undefined (type %s has no method %s)", es, ts, sel);
    free(ts);
    free(es);
    x->mode = M_INVALID;
    return;
  }
  if (x->type->kind == K_UNTYPED_NIL || x->type == invalid()) {
    if (x->type->kind == K_UNTYPED_NIL) chk_errorf(c, n->pos2, "use of untyped nil in selector expression");
    x->mode = M_INVALID;
    return;
  }
  if (chk_isuntyped(x->type)) chk_default(c, x);
  Type *t = x->type;
  LookupResult r = types_lookup(t, sel);
  /* a pointer to a pointer or to an interface has no fields or methods */
  if (U(t)->kind == K_POINTER && (t->tflags & TF_NAMED) != 0 && r.kind == LK_METHOD) r.kind = LK_NONE;
  if (r.kind == LK_NONE || r.kind == LK_AMBIGUOUS) {
    char *es = chk_exprstr(n), *ts = chk_typestr(c, t);
    if (r.kind == LK_AMBIGUOUS) {
      chk_errorf(c, n->pos2, "ambiguous selector %s", es);
    } else {
      /* hints as types2: pointer to interface, capitalisation */
      if (U(t)->kind == K_POINTER && chk_isiface(U(t)->elem)) {
        chk_errorf(c, n->pos2, "%s undefined (type %s is pointer to interface, not interface)", es, ts);
      } else {
        const char *alt = NULL;
        char buf[256];
        snprintf(buf, sizeof buf, "%s", sel);
        buf[0] = (char)(buf[0] >= 'a' && buf[0] <= 'z' ? buf[0] - 32 : buf[0] >= 'A' && buf[0] <= 'Z' ? buf[0] + 32 : buf[0]);
        LookupResult r2 = types_lookup(t, intern_cstr(buf));
        if (r2.kind == LK_FIELD || r2.kind == LK_METHOD || r2.kind == LK_IFACEMETHOD) alt = buf;
        if (alt)
          chk_errorf(c, n->pos2, "%s undefined (type %s has no field or method %s, but does have %s)", es, ts, sel, alt);
        else
          chk_errorf(c, n->pos2, "%s undefined (type %s has no field or method %s)", es, ts, sel);
      }
    }
    free(es);
    free(ts);
    x->mode = M_INVALID;
    return;
  }
  set_path(c, n, &r);
  x->expr = n;
  if (r.kind == LK_FIELD) {
    n->aux = SEL_FIELD;
    n->obj = field_obj(c, r.field, r.index, n->pos2);
    /* addressable if x is, or a pointer was followed */
    if (x->mode != M_VAR && !r.indirect) x->mode = M_VALUE;
    else x->mode = M_VAR;
    x->spell = r.npath == 0 ? chk_spell_field(x->spell, t, r.index) : NULL;
    x->type = r.field->type;
    return;
  }
  if (r.kind == LK_IFACEMETHOD) {
    n->aux = SEL_IFACEMETHOD;
    n->obj = iface_method_obj(c, r.method, r.index, n->pos2);
    x->mode = M_VALUE;
    x->type = r.method->type;
    return;
  }
  /* concrete method */
  if (r.method->ptrrecv && !r.indirect) {
    if (x->mode != M_VAR) {
      char *es = chk_exprstr(n), *ts = chk_typestr(c, t);
      chk_errorf(c, n->pos2, "cannot call pointer method %s on %s", sel, ts);
      free(es);
      free(ts);
      x->mode = M_INVALID;
      return;
    }
    chk_markaddr(n->x);
  }
  n->aux = SEL_METHOD;
  n->obj = r.method->obj;
  if (r.method->obj) chk_record_dep(c, r.method->obj);
  x->mode = M_VALUE;
  x->type = r.method->type;
  x->spell = r.method->obj ? r.method->obj->spell : NULL;
}

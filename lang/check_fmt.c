/* Error reporting helpers for the checker: expressions printed as cmd/compile's syntax.String
 * short form (function bodies and composite-literal contents elided as "{…}") and operands
 * described as types2 does ("x (variable of type int)", "1 (untyped int constant)"). */
#define _GNU_SOURCE
#include "lang/check_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void chk_errorf(Checker *c, Pos p, const char *fmt, ...) {
  char *msg = NULL;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&msg, fmt, ap) < 0) abort();
  va_end(ap);
  if (c->errpos.line) p = c->errpos;
  diag_error(c->diag, p, "%s", msg);
  free(msg);
}

typedef struct SB {
  char *p;
  size_t n, cap;
} SB;
static void put(SB *b, const char *s) {
  size_t l = strlen(s);
  if (b->n + l + 1 > b->cap) {
    b->cap = (b->n + l + 1) * 2 + 32;
    b->p = realloc(b->p, b->cap);
    if (!b->p) abort();
  }
  memcpy(b->p + b->n, s, l + 1);
  b->n += l;
}

const char *chk_opstr(int op) {
  static char one[256][2];
  switch (op) {
  case T_OROR: return "||";
  case T_ANDAND: return "&&";
  case T_EQL: return "==";
  case T_NEQ: return "!=";
  case T_LEQ: return "<=";
  case T_GEQ: return ">=";
  case T_SHL: return "<<";
  case T_SHR: return ">>";
  case T_ANDNOT: return "&^";
  case T_ARROW: return "<-";
  case T_INC: return "++";
  case T_DEC: return "--";
  case T_DEFINE: return ":=";
  case T_ADD_ASSIGN: return "+=";
  case T_SUB_ASSIGN: return "-=";
  case T_MUL_ASSIGN: return "*=";
  case T_QUO_ASSIGN: return "/=";
  case T_REM_ASSIGN: return "%=";
  case T_AND_ASSIGN: return "&=";
  case T_OR_ASSIGN: return "|=";
  case T_XOR_ASSIGN: return "^=";
  case T_SHL_ASSIGN: return "<<=";
  case T_SHR_ASSIGN: return ">>=";
  case T_ANDNOT_ASSIGN: return "&^=";
  }
  if (op > 0 && op < 256) {
    one[op][0] = (char)op;
    return one[op];
  }
  return "?";
}

static int prec(Node *n) {
  if (n->kind != N_BINARY) return 6;
  switch (n->op) {
  case T_OROR: return 1;
  case T_ANDAND: return 2;
  case T_EQL: case T_NEQ: case '<': case T_LEQ: case '>': case T_GEQ: return 3;
  case '+': case '-': case '|': case '^': return 4;
  default: return 5;
  }
}

static void wexpr(SB *b, Node *n, int depth);

static void wlist(SB *b, NodeList *l, int depth) {
  for (int i = 0; i < l->n; i++) {
    if (i) put(b, ", ");
    wexpr(b, l->v[i], depth);
  }
}

static void wfields(SB *b, NodeList *l, const char *sep, int depth) {
  for (int i = 0; i < l->n; i++) {
    Node *f = l->v[i];
    if (i) put(b, sep);
    for (int j = 0; j < f->list.n; j++) {
      if (j) put(b, ", ");
      put(b, f->list.v[j]->name);
    }
    if (f->list.n) put(b, " ");
    if (f->x) wexpr(b, f->x, depth);
  }
}

static void wsig(SB *b, Node *ft, int depth) {
  put(b, "(");
  wfields(b, &ft->list, ", ", depth);
  put(b, ")");
  if (ft->list2.n == 1 && ft->list2.v[0]->list.n == 0) {
    put(b, " ");
    wexpr(b, ft->list2.v[0]->x, depth);
  } else if (ft->list2.n) {
    put(b, " (");
    wfields(b, &ft->list2, ", ", depth);
    put(b, ")");
  }
}

static void wexpr(SB *b, Node *n, int depth) {
  if (!n) return;
  if (depth > 200) { put(b, "…"); return; }
  depth++;
  switch (n->kind) {
  case N_BAD: put(b, "BadExpr"); break;
  case N_IDENT: put(b, n->name); break;
  case N_BASICLIT: put(b, n->lit.raw ? n->lit.raw : "?"); break;
  case N_COMPOSITE:
    if (n->x) wexpr(b, n->x, depth);
    put(b, n->list.n ? "{…}" : "{}");
    break;
  case N_KEYVALUE: wexpr(b, n->x, depth); put(b, ": "); wexpr(b, n->y, depth); break;
  case N_FUNCLIT: put(b, "func"); wsig(b, n->x, depth); put(b, " {…}"); break;
  case N_PAREN: put(b, "("); wexpr(b, n->x, depth); put(b, ")"); break;
  case N_SELECTOR: wexpr(b, n->x, depth); put(b, "."); put(b, n->name); break;
  case N_INDEX: wexpr(b, n->x, depth); put(b, "["); wexpr(b, n->y, depth); put(b, "]"); break;
  case N_SLICE:
    wexpr(b, n->x, depth);
    put(b, "[");
    wexpr(b, n->y, depth);
    put(b, ":");
    wexpr(b, n->z, depth);
    if (n->flags & NF_SLICE3) { put(b, ":"); wexpr(b, n->w, depth); }
    put(b, "]");
    break;
  case N_TYPEASSERT:
    wexpr(b, n->x, depth);
    put(b, ".(");
    if (n->y) wexpr(b, n->y, depth); else put(b, "type");
    put(b, ")");
    break;
  case N_CALL:
    wexpr(b, n->x, depth);
    put(b, "(");
    wlist(b, &n->list, depth);
    if (n->flags & NF_DOTS) put(b, "...");
    put(b, ")");
    break;
  case N_STAR: put(b, "*"); wexpr(b, n->x, depth); break;
  case N_UNARY:
    put(b, chk_opstr(n->op));
    wexpr(b, n->x, depth);
    break;
  case N_BINARY: {
    int p = prec(n);
    bool lp = prec(n->x) < p, rp = prec(n->y) <= p && n->y->kind == N_BINARY;
    if (lp) put(b, "(");
    wexpr(b, n->x, depth);
    if (lp) put(b, ")");
    put(b, " ");
    put(b, chk_opstr(n->op));
    put(b, " ");
    if (rp) put(b, "(");
    wexpr(b, n->y, depth);
    if (rp) put(b, ")");
    break;
  }
  case N_ARRAYTYPE:
    put(b, "[");
    if (n->x && n->x->kind != N_ELLIPSIS) wexpr(b, n->x, depth); else put(b, "...");
    put(b, "]");
    wexpr(b, n->y, depth);
    break;
  case N_SLICETYPE: put(b, "[]"); wexpr(b, n->y, depth); break;
  case N_STRUCTTYPE:
    put(b, "struct{");
    wfields(b, &n->list, "; ", depth);
    put(b, "}");
    break;
  case N_FUNCTYPE: put(b, "func"); wsig(b, n, depth); break;
  case N_INTERFACETYPE:
    put(b, "interface{");
    for (int i = 0; i < n->list.n; i++) {
      Node *m = n->list.v[i];
      if (i) put(b, "; ");
      if (m->kind == N_METHODSPEC) {
        put(b, m->name);
        wsig(b, m->x, depth);
      } else {
        wexpr(b, m->x, depth);
      }
    }
    put(b, "}");
    break;
  case N_MAPTYPE: put(b, "map["); wexpr(b, n->x, depth); put(b, "]"); wexpr(b, n->y, depth); break;
  case N_CHANTYPE:
    put(b, n->op == CHAN_SEND ? "chan<- " : n->op == CHAN_RECV ? "<-chan " : "chan ");
    wexpr(b, n->x, depth);
    break;
  case N_ELLIPSIS: put(b, "..."); wexpr(b, n->x, depth); break;
  default: put(b, "?"); break;
  }
}

char *chk_exprstr(Node *n) {
  SB b = {0};
  put(&b, "");
  wexpr(&b, n, 0);
  return b.p;
}

char *chk_typestr(Checker *c, Type *t) {
  if (!t) return strdup("invalid type");
  return types_string_rel(t, c->pkg ? c->pkg->path : NULL);
}

static const char *modestr[] = {
  [M_INVALID] = "invalid operand", [M_NOVALUE] = "no value", [M_BUILTIN] = "built-in",
  [M_TYPEXPR] = "type", [M_CONST] = "constant", [M_VAR] = "variable",
  [M_MAPINDEX] = "map index expression", [M_VALUE] = "value", [M_COMMAOK] = "comma, ok expression",
};

char *chk_operandstr(Checker *c, Operand *x) {
  SB b = {0};
  put(&b, "");
  if (x->mode == M_VALUE && x->type && x->type->kind == K_UNTYPED_NIL) {
    put(&b, "nil");
    return b.p;
  }
  char *es = x->expr ? chk_exprstr(x->expr) : NULL;
  if (es) {
    put(&b, es);
    put(&b, " (");
  } else {
    put(&b, "(");
  }
  bool hastype = false;
  if (x->mode != M_INVALID && x->mode != M_NOVALUE && x->mode != M_BUILTIN && x->mode != M_TYPEXPR &&
      x->type) {
    if (chk_isuntyped(x->type)) {
      put(&b, x->type->name);
      put(&b, " ");
    } else {
      hastype = true;
    }
  }
  put(&b, modestr[x->mode]);
  if (x->mode == M_CONST && x->val) {
    char v[200];
    const_format(x->val, v, sizeof v);
    if (!es || strcmp(v, es) != 0) {
      put(&b, " ");
      put(&b, v);
    }
  }
  if (hastype) {
    if (x->type->kind != K_INVALID || (x->type->tflags & TF_NAMED && x->type->underlying)) {
      put(&b, " of type ");
      char *ts = chk_typestr_spelled(c, x->type, x->spell);
      put(&b, ts);
      free(ts);
    } else {
      put(&b, " with invalid type");
    }
  }
  put(&b, ")");
  free(es);
  return b.p;
}

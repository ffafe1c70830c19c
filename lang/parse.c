/* The parser driver and the AST builders called by the grammar's actions (parser.y).
 *
 * The driver pulls tokens from the lexer and pushes them into Lemon's parser. Before each push it
 * asks the tables whether the token can be accepted (gol_parse_accepts); if not, it builds Go's
 * message from the set of acceptable tokens and the bracket context kept by the lexer, records it
 * and stops: Go's compiler stops after syntax errors too, and the first one is what counts. */
#include "lang/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang/parse_int.h"
#include "parser.h"

int gol_parse_accepts(void *p, int code);

/* ---- generic builders ---------------------------------------------------------------------- */

Node *pb_node(Parser *ps, NodeKind k, Pos p) { return ast_node(ps->a, k, p); }

Node *pb_x(Parser *ps, NodeKind k, Pos p, Node *x) {
  Node *n = ast_node(ps->a, k, p);
  n->x = x;
  return n;
}

Node *pb_xy(Parser *ps, NodeKind k, Pos p, Node *x, Node *y) {
  Node *n = pb_x(ps, k, p, x);
  n->y = y;
  return n;
}

Node *pb_ident(Parser *ps, Tok t) {
  Node *n = ast_node(ps->a, N_IDENT, t.pos);
  n->name = t.s;
  return n;
}

NodeList pb_list1(Parser *ps, Node *n) {
  NodeList l = {0};
  if (n) ast_append(ps->a, &l, n);
  return l;
}

NodeList pb_list_add(Parser *ps, NodeList l, Node *n) {
  if (n) ast_append(ps->a, &l, n);
  return l;
}

NodeList pb_list_cat(Parser *ps, NodeList l, NodeList m) {
  for (int i = 0; i < m.n; i++) ast_append(ps->a, &l, m.v[i]);
  return l;
}

void pb_error_at(Parser *ps, Pos p, const char *msg) { diag_syntax(ps->d, p, "%s", msg); }

/* ---- a short rendering of expressions, for "cannot use x := 1 as value" ---------------------- */

static void render(char *b, size_t n, Node *x);

static void render_list(char *b, size_t n, NodeList *l) {
  for (int i = 0; i < l->n; i++) {
    size_t k = strlen(b);
    if (i) snprintf(b + k, n - k, ", "), k = strlen(b);
    render(b + k, n - k, l->v[i]);
  }
}

static void render(char *b, size_t n, Node *x) {
  static const char *const ops[] = {"||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "&^", "<-",
                                    "++", "--", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
                                    "^=", "<<=", ">>=", "&^="};
  char op[4] = {0};
  if (!n) return;
  b[0] = 0;
  if (!x) return;
  if (x->op >= T_OROR && x->op <= T_ANDNOT_ASSIGN) snprintf(op, sizeof op, "%s", ops[x->op - T_OROR]);
  else if (x->op > 0 && x->op < 128) op[0] = (char)x->op;
  char l[256] = "", r[256] = "";
  switch (x->kind) {
  case N_IDENT: snprintf(b, n, "%s", x->name); break;
  case N_BASICLIT: snprintf(b, n, "%s", x->lit.raw); break;
  case N_SELECTOR: render(l, sizeof l, x->x); snprintf(b, n, "%s.%s", l, x->name); break;
  case N_PAREN: render(l, sizeof l, x->x); snprintf(b, n, "(%s)", l); break;
  case N_STAR: render(l, sizeof l, x->x); snprintf(b, n, "*%s", l); break;
  case N_UNARY: render(l, sizeof l, x->x); snprintf(b, n, "%s%s", op, l); break;
  case N_BINARY:
    render(l, sizeof l, x->x), render(r, sizeof r, x->y);
    snprintf(b, n, "%s %s %s", l, op, r);
    break;
  case N_INDEX: render(l, sizeof l, x->x), render(r, sizeof r, x->y); snprintf(b, n, "%s[%s]", l, r); break;
  case N_CALL: render(l, sizeof l, x->x), render_list(r, sizeof r, &x->list); snprintf(b, n, "%s(%s)", l, r); break;
  case N_EXPRSTMT: render(b, n, x->x); break;
  case N_INCDEC: render(l, sizeof l, x->x); snprintf(b, n, "%s%s", l, op); break;
  case N_SENDSTMT: render(l, sizeof l, x->x), render(r, sizeof r, x->y); snprintf(b, n, "%s <- %s", l, r); break;
  case N_ASSIGN:
    render_list(l, sizeof l, &x->list), render_list(r, sizeof r, &x->list2);
    if (x->op == '=') snprintf(b, n, "assignment (%s) = (%s)", l, r);
    else snprintf(b, n, "%s %s %s", l, op, r);
    break;
  default: snprintf(b, n, "%s", "expression"); break;
  }
}

/* The condition or tag of a header must be an expression: Go's "cannot use ... as value". */
static Node *header_expr(Parser *ps, Node *s) {
  if (!s) return NULL;
  if (s->kind == N_EXPRSTMT) return s->x;
  char buf[600], str[512];
  render(str, sizeof str, s);
  snprintf(buf, sizeof buf, "syntax error: cannot use %s as value", str);
  pb_error_at(ps, s->kind == N_ASSIGN ? s->pos2 : s->pos, buf);
  return pb_node(ps, N_BAD, s->pos);
}

/* ---- declarations ---------------------------------------------------------------------------- */

static bool pos_before(Pos a, Pos b) { return a.line < b.line || (a.line == b.line && a.col < b.col); }

Node *pb_file(Parser *ps, Tok pkg, Tok name, NodeList imports, NodeList decls) {
  Node *n = ast_node(ps->a, N_FILE, pkg.pos);
  n->name = name.s;
  n->list = imports;
  if (ps->stubs.n) { /* the skipped declarations back in source order */
    NodeList all = {0};
    for (int i = 0, j = 0; i < decls.n || j < ps->stubs.n;) {
      bool stub = j < ps->stubs.n && (i == decls.n || pos_before(ps->stubs.v[j]->pos, decls.v[i]->pos));
      ast_append(ps->a, &all, stub ? ps->stubs.v[j++] : decls.v[i++]);
    }
    decls = all;
  }
  n->list2 = decls;
  return n;
}

Node *pb_importspec(Parser *ps, Tok *name, Tok path) {
  Node *n = ast_node(ps->a, N_IMPORTSPEC, path.pos);
  if (name) n->name = intern_cstr(name->s), n->pos2 = name->pos;
  n->y = path.lit;
  if (path.lit->op != LIT_STRING) {
    pb_error_at(ps, path.pos, "syntax error: import path must be a string");
  } else {
    n->lit.val = path.lit->lit.val;
    n->lit.len = path.lit->lit.len;
    n->lit.raw = path.lit->lit.raw;
  }
  return n;
}

Node *pb_gendecl(Parser *ps, Tok kw, int op, NodeList specs, bool grouped) {
  Node *n = ast_node(ps->a, N_GENDECL, kw.pos);
  n->op = (uint16_t)op;
  n->list = specs;
  if (grouped) n->flags |= NF_GROUPED;
  if (op == T_CONST)
    for (int i = 0; i < specs.n; i++) specs.v[i]->iota = i;
  return n;
}

Node *pb_valuespec(Parser *ps, NodeList names, Node *type, NodeList values) {
  Node *n = ast_node(ps->a, N_VALUESPEC, names.v[0]->pos);
  n->list = names;
  n->x = type;
  n->list2 = values;
  return n;
}

Node *pb_typespec(Parser *ps, Tok name, Node *type, bool alias) {
  Node *n = ast_node(ps->a, N_TYPESPEC, name.pos);
  n->name = name.s;
  n->x = type;
  if (alias) n->flags |= NF_ALIAS;
  return n;
}

Node *pb_funcdecl(Parser *ps, Tok func, Node *recv, Tok name, Node *sig, Node *body) {
  Node *n = ast_node(ps->a, N_FUNCDECL, name.pos);
  n->name = name.s;
  n->y = sig;
  n->z = body;
  if (recv) {
    int count = 0;
    for (int i = 0; i < recv->list.n; i++) count += recv->list.v[i]->list.n ? recv->list.v[i]->list.n : 1;
    if (count == 0) diag_error(ps->d, recv->pos, "method has no receiver");
    else if (count > 1) diag_error(ps->d, recv->pos, "method has multiple receivers");
    else n->x = recv->list.v[0];
  }
  return n;
}

Node *pb_block(Parser *ps, Tok lbrace, NodeList stmts, Tok rbrace) {
  Node *n = ast_node(ps->a, N_BLOCK, lbrace.pos);
  n->pos2 = rbrace.pos;
  n->list = stmts;
  if (ps->skipbodies && pos_equal(lbrace.pos, ps->skippos)) {
    n->flags |= NF_LAZYBODY;
    n->lit.len = ps->skipoff;
  }
  return n;
}

/* ---- expressions ------------------------------------------------------------------------------ */

Node *pb_binary(Parser *ps, Node *x, Tok op, Node *y) {
  Node *n = pb_xy(ps, N_BINARY, x->pos, x, y);
  n->op = op.op;
  n->pos2 = op.pos;
  return n;
}

Node *pb_unary(Parser *ps, Tok op, Node *x) {
  /* <-chan T in operand position is a channel type (Go's parser does the same rewrite) */
  if (op.op == T_ARROW && x->kind == N_CHANTYPE && !(x->flags & NF_PARENTHESIZED) &&
      x->op == CHAN_BOTH) {
    x->op = CHAN_RECV;
    x->pos = op.pos;
    return x;
  }
  Node *n = pb_x(ps, N_UNARY, op.pos, x);
  n->op = op.op;
  return n;
}

Node *pb_selector(Parser *ps, Node *x, Tok name) {
  Node *n = pb_x(ps, N_SELECTOR, x->pos, x);
  n->name = name.s;
  n->pos2 = name.pos;
  return n;
}

Node *pb_qualified(Parser *ps, Tok pkg, Tok name) { return pb_selector(ps, pb_ident(ps, pkg), name); }

Node *pb_index(Parser *ps, Node *x, Node *i) { return pb_xy(ps, N_INDEX, x->pos, x, i); }

Node *pb_slice(Parser *ps, Node *x, Node *lo, Node *hi, Node *max, bool three) {
  Node *n = pb_xy(ps, N_SLICE, x->pos, x, lo);
  n->z = hi;
  n->w = max;
  if (three) n->flags |= NF_SLICE3;
  return n;
}

Node *pb_call(Parser *ps, Node *f, NodeList args, bool dots, Tok rparen) {
  Node *n = pb_x(ps, N_CALL, f->pos, f);
  n->list = args;
  n->pos2 = rparen.pos;
  if (dots) n->flags |= NF_DOTS;
  return n;
}

Node *pb_composite(Parser *ps, Node *type, Tok lbrace, NodeList elems, Tok rbrace) {
  Node *n = ast_node(ps->a, N_COMPOSITE, type ? type->pos : lbrace.pos);
  n->x = type;
  n->list = elems;
  n->pos2 = rbrace.pos;
  if (type) {
    Node *t = type;
    while (t->kind == N_PAREN) t = t->x;
    bool ok = t->kind == N_IDENT || t->kind == N_ARRAYTYPE || t->kind == N_SLICETYPE ||
              t->kind == N_STRUCTTYPE || t->kind == N_MAPTYPE ||
              (t->kind == N_SELECTOR && t->x->kind == N_IDENT);
    if (t->kind == N_INDEX) pb_generics(ps, lbrace.pos);
    else if (!ok) pb_error_at(ps, lbrace.pos, "syntax error: unexpected {, expecting comma or )");
    else if (t != type) pb_error_at(ps, lbrace.pos, "syntax error: cannot parenthesize type in composite literal");
  }
  return n;
}

Node *pb_funclit(Parser *ps, Node *sig, Node *body) { return pb_xy(ps, N_FUNCLIT, sig->pos, sig, body); }

Node *pb_paren(Parser *ps, Tok lparen, Node *x) {
  x->flags |= NF_PARENTHESIZED;
  return pb_x(ps, N_PAREN, lparen.pos, x);
}

/* ---- types ------------------------------------------------------------------------------------ */

Node *pb_arraytype(Parser *ps, Tok lbrack, Node *len, Node *elem) {
  Node *n = ast_node(ps->a, len ? N_ARRAYTYPE : N_SLICETYPE, lbrack.pos);
  n->x = len;
  n->y = elem;
  return n;
}

Node *pb_chantype(Parser *ps, Tok start, int dir, Node *elem) {
  Node *n = pb_x(ps, N_CHANTYPE, start.pos, elem);
  n->op = (uint16_t)dir;
  return n;
}

Node *pb_maptype(Parser *ps, Tok map, Node *key, Node *val) { return pb_xy(ps, N_MAPTYPE, map.pos, key, val); }

Node *pb_functype(Parser *ps, Pos start, NodeList params, NodeList results) {
  Node *n = ast_node(ps->a, N_FUNCTYPE, start);
  n->list = params;
  n->list2 = results;
  return n;
}

Node *pb_structtype(Parser *ps, Tok kw, NodeList fields) {
  Node *n = ast_node(ps->a, N_STRUCTTYPE, kw.pos);
  n->list = fields;
  return n;
}

Node *pb_field(Parser *ps, NodeList names, Node *type, Node *tag, bool embedded) {
  Node *n = ast_node(ps->a, N_FIELD, names.n ? names.v[0]->pos : type->pos);
  n->list = names;
  n->x = type;
  n->y = tag;
  if (embedded) n->flags |= NF_EMBEDDED;
  if (tag && tag->op != LIT_STRING) pb_error_at(ps, tag->pos, "syntax error: struct field tag must be a string");
  return n;
}

Node *pb_interfacetype(Parser *ps, Tok kw, NodeList methods) {
  Node *n = ast_node(ps->a, N_INTERFACETYPE, kw.pos);
  n->list = methods;
  return n;
}

Node *pb_methodspec(Parser *ps, Tok name, Node *sig) {
  Node *n = pb_x(ps, N_METHODSPEC, name.pos, sig);
  n->name = name.s;
  return n;
}

Node *pb_param(Parser *ps, Tok *name, Node *type) {
  Node *n = ast_node(ps->a, N_FIELD, name ? name->pos : type->pos);
  if (name) ast_append(ps->a, &n->list, pb_ident(ps, *name));
  n->x = type;
  return n;
}

/* Go's rule: either no parameter is named, or all are, and then a run of bare names shares the
 * type that follows it: (a, b int, c string) is [a b]int, [c]string. */
NodeList pb_params(Parser *ps, NodeList raw, Pos at) {
  bool named = false;
  for (int i = 0; i < raw.n; i++) named |= raw.v[i]->list.n > 0;
  if (!named) return raw;
  Node **out = arena_alloc(ps->a, (size_t)raw.n * sizeof *out);
  int nout = 0;
  Node *group = NULL;
  for (int i = raw.n - 1; i >= 0; i--) {
    Node *f = raw.v[i];
    if (f->list.n) {
      group = f;
      out[nout++] = f;
      continue;
    }
    if (!group || f->x->kind != N_IDENT) {
      Node *bad = f;
      for (int j = 0; j < raw.n; j++)
        if (!raw.v[j]->list.n && (raw.v[j]->x->kind != N_IDENT || j > i)) { bad = raw.v[j]; break; }
      pb_error_at(ps, bad->pos, "syntax error: mixed named and unnamed parameters");
      return raw;
    }
    /* prepend the name to the group */
    NodeList names = {0};
    ast_append(ps->a, &names, f->x);
    for (int k = 0; k < group->list.n; k++) ast_append(ps->a, &names, group->list.v[k]);
    group->list = names;
    group->pos = f->x->pos;
  }
  NodeList l = {0};
  for (int i = nout - 1; i >= 0; i--) ast_append(ps->a, &l, out[i]);
  (void)at;
  return l;
}

/* ---- statements ------------------------------------------------------------------------------- */

Node *pb_simple(Parser *ps, NodeKind k, Node *x, Tok op, Node *y) {
  Node *n = pb_xy(ps, k, x->pos, x, y);
  if (k == N_INCDEC) n->op = op.op;
  return n;
}

Node *pb_assign(Parser *ps, NodeList lhs, Tok op, NodeList rhs) {
  Node *n = ast_node(ps->a, N_ASSIGN, lhs.v[0]->pos);
  n->op = op.op;
  n->pos2 = op.pos;
  n->list = lhs;
  n->list2 = rhs;
  if (op.op != '=' && op.op != T_DEFINE && lhs.n > 1) {
    char buf[64];
    snprintf(buf, sizeof buf, "syntax error: unexpected %s, expecting := or = or comma",
             op.op >= T_ADD_ASSIGN ? (const char *[]){"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
                                                      "<<=", ">>=", "&^="}[op.op - T_ADD_ASSIGN]
                                   : "op=");
    pb_error_at(ps, op.pos, buf);
  } else if (op.op != '=' && op.op != T_DEFINE && rhs.n > 1) {
    pb_error_at(ps, rhs.v[0]->pos, "syntax error: unexpected comma at end of statement");
  }
  return n;
}

Node *pb_stmt_kw(Parser *ps, NodeKind k, Tok kw, Node *x) { return pb_x(ps, k, kw.pos, x); }

Node *pb_return(Parser *ps, Tok kw, NodeList results) {
  Node *n = ast_node(ps->a, N_RETURN, kw.pos);
  n->list = results;
  return n;
}

Node *pb_branch(Parser *ps, Tok kw, int op, Tok *label) {
  Node *n = ast_node(ps->a, N_BRANCH, kw.pos);
  n->op = (uint16_t)op;
  if (label) n->name = label->s;
  return n;
}

Node *pb_labeled(Parser *ps, Tok label, Node *stmt) {
  Node *n = ast_node(ps->a, N_LABELED, label.pos);
  n->name = label.s;
  n->x = stmt ? stmt : ast_node(ps->a, N_EMPTY, label.pos);
  return n;
}

Node *pb_declstmt(Parser *ps, Node *decl) { return pb_x(ps, N_DECLSTMT, decl->pos, decl); }

Node *pb_if(Parser *ps, Tok kw, Node *init, Node *cond, Node *then, Node *els) {
  Node *n = ast_node(ps->a, N_IF, kw.pos);
  n->x = init;
  n->y = header_expr(ps, cond);
  n->z = then;
  n->w = els;
  return n;
}

Node *pb_for(Parser *ps, Tok kw, Node *init, Node *cond, Node *post, Node *body) {
  Node *n = ast_node(ps->a, N_FOR, kw.pos);
  n->x = init;
  n->y = cond;
  n->z = post;
  n->w = body;
  if (post && post->kind == N_ASSIGN && post->op == T_DEFINE)
    pb_error_at(ps, post->pos2, "syntax error: cannot declare in post statement of for loop");
  return n;
}

Node *pb_range(Parser *ps, Tok kw, NodeList lhs, int op, Node *x, Node *body) {
  Node *n = ast_node(ps->a, N_RANGE, kw.pos);
  n->list = lhs;
  n->op = (uint16_t)op;
  n->x = x;
  n->w = body;
  return n;
}

/* x.(type) written in the tag: the type switch guard, or NULL. */
static Node *type_guard(Parser *ps, Node *tag) {
  Node *e = NULL, *name = NULL;
  if (tag->kind == N_EXPRSTMT) e = tag->x;
  else if (tag->kind == N_ASSIGN && tag->op == T_DEFINE && tag->list.n == 1 && tag->list2.n == 1 &&
           tag->list.v[0]->kind == N_IDENT)
    e = tag->list2.v[0], name = tag->list.v[0];
  if (!e || e->kind != N_TYPEASSERT || e->y || (e->flags & NF_PARENTHESIZED)) return NULL;
  Node *g = ast_node(ps->a, N_TYPESWITCHGUARD, name ? name->pos : e->pos);
  g->x = e->x;
  if (name) g->name = name->name, g->pos2 = name->pos;
  return g;
}

Node *pb_switch(Parser *ps, Tok kw, Node *init, Node *tag, NodeList clauses, Tok rbrace) {
  Node *n = ast_node(ps->a, N_SWITCH, kw.pos);
  n->x = init;
  n->list = clauses;
  n->pos2 = rbrace.pos;
  if (tag) {
    Node *g = type_guard(ps, tag);
    if (g) n->kind = N_TYPESWITCH, n->y = g;
    else n->y = header_expr(ps, tag);
  }
  return n;
}

Node *pb_select(Parser *ps, Tok kw, NodeList clauses, Tok rbrace) {
  Node *n = ast_node(ps->a, N_SELECT, kw.pos);
  n->list = clauses;
  n->pos2 = rbrace.pos;
  return n;
}

Node *pb_caseclause(Parser *ps, Tok kw, NodeList exprs, bool dflt, NodeList body) {
  Node *n = ast_node(ps->a, N_CASECLAUSE, kw.pos);
  n->list = exprs;
  n->list2 = body;
  if (dflt) n->flags |= NF_DEFAULT;
  return n;
}

Node *pb_commclause(Parser *ps, Tok kw, Node *comm, NodeList body) {
  Node *n = ast_node(ps->a, N_COMMCLAUSE, kw.pos);
  n->x = comm;
  n->list2 = body;
  if (!comm) n->flags |= NF_DEFAULT;
  return n;
}

/* ---- syntax errors ---------------------------------------------------------------------------- */

enum { MAXTOK = 128 };

void pb_generics(Parser *ps, Pos p) {
  pb_error_at(ps, p, "syntax error: gol does not support type parameters (generics)");
  ps->failed = true;
}

void pb_stack_overflow(Parser *ps) {
  pb_error_at(ps, ps->tok.pos, "syntax error: program too deeply nested");
  ps->failed = true;
}

/* Go's spelling of the offending token in "unexpected X". */
static const char *tok_desc(char *buf, size_t n, int code, const Tok *t) {
  static const char *const aops[] = {"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^="};
  switch (code) {
  case TK_NAME: return t->s;
  case TK_SEMI: return t->s ? t->s : "semicolon";
  case TK_LITERAL: snprintf(buf, n, "literal %s", t->lit ? t->lit->lit.raw : ""); return buf;
  case TK_ASSIGNOP:
    return t->op >= T_ADD_ASSIGN && t->op <= T_ANDNOT_ASSIGN ? aops[t->op - T_ADD_ASSIGN] : "op=";
  default: return lex_token_name(code);
  }
}

/* Whether the error is one of the generics forms: func F[T any], type T[P any], T[int] as a type,
 * ~T and unions in interfaces, a[K, V]. */
static bool is_generics(Parser *ps, int code, const unsigned char *ok) {
  const int *h = ps->hist;
  if (code == TK_TILDE) return true;
  if (code == TK_LBRACK && h[0] == TK_NAME && !ok[TK_LBRACK]) return true;
  if (code == TK_OR && h[0] == TK_NAME && !ok[TK_OR]) return true;
  if (h[0] == TK_NAME && h[1] == TK_LBRACK && h[2] == TK_NAME &&
      (h[3] == TK_TYPE || h[3] == TK_LPAREN || h[3] == TK_SEMI))
    return true;
  if (code == TK_COMMA && ok[TK_RBRACK] && ok[TK_COLON] && !ok[TK_COMMA]) return true;
  return false;
}

/* Records the error for token code (not acceptable in the parser's state), in Go's words. depth
 * is the lexer's bracket depth before the token was read: frames[depth] encloses it. */
static void report(Parser *ps, void *p, int code, const Tok *t, int32_t depth) {
  unsigned char ok[MAXTOK] = {0};
  gol_parse_expected(p, ok, MAXTOK);
  char tb[320], msg[512];
  const char *tok = tok_desc(tb, sizeof tb, code, t);
  const char *plain = NULL, *ctx = NULL;
  const LexFrame *fr = &ps->lx->frames[depth];
  bool brace = fr->open == TK_LBRACE || fr->open == TK_LBODY;
  int nok = 0, last = 0;
  for (int i = 0; i < MAXTOK; i++)
    if (ok[i]) nok++, last = i;

  ps->failed = true;
  if (ps->repl && (code == 0 || (code == TK_SEMI && t->s && strcmp(t->s, "EOF") == 0)))
    ps->incomplete = true;
  if (!ps->repl && ps->hist[0] == 0 && code != TK_PACKAGE) {
    /* the go command finds this one (go/parser), without "syntax error" */
    if (code == TK_NAME || code == TK_LITERAL) snprintf(msg, sizeof msg, "expected 'package', found %s", code == TK_NAME ? t->s : t->lit->lit.raw);
    else snprintf(msg, sizeof msg, "expected 'package', found '%s'", code == TK_SEMI ? ";" : lex_token_name(code));
    pb_error_at(ps, t->pos, msg);
    return;
  }
  if (fr->hdr == TK_IF && (code == TK_LBODY || code == TK_LBRACE) && ps->hist[0] == TK_SEMI) {
    /* if x \n { : Go takes x as the init statement and finds no condition */
    if (ps->prevtok.s && strcmp(ps->prevtok.s, "semicolon") != 0)
      snprintf(msg, sizeof msg, "syntax error: unexpected %s, expecting { after if clause", ps->prevtok.s);
    else
      snprintf(msg, sizeof msg, "syntax error: missing condition in if statement");
    pb_error_at(ps, ps->prevtok.pos, msg);
    return;
  }
  if (ps->hist[0] == TK_ELSE) plain = "else must be followed by if or statement block";
  else if (is_generics(ps, code, ok)) {
    /* type T[P any]: point at the [ */
    pb_generics(ps, ps->hist[1] == TK_LBRACK && ps->hist[0] == TK_NAME ? ps->histpos[1] : t->pos);
    return;
  } else if (fr->hdr && ok[TK_LBODY] && (fr->hdr == TK_SWITCH || fr->hdr == TK_SELECT))
    plain = fr->hdr == TK_SWITCH ? "missing { after switch clause" : "missing { after select clause";
  else if (fr->hdr && ok[TK_LBODY])
    ctx = fr->hdr == TK_IF ? ", expecting { after if clause" : ", expecting { after for clause";
  else if (!ps->repl && depth == 0 && ok[TK_FUNC] && ok[TK_VAR] && ok[TK_TYPE])
    plain = (code == TK_LBRACE || code == TK_LBODY) && ps->hist[0] == TK_SEMI
                ? "unexpected semicolon or newline before {"
                : "non-declaration statement outside function body";
  else if (ok[TK_IF] && ok[TK_CASE])
    ctx = ", expecting case or default or }";
  else if (ok[TK_IF] && ok[TK_RBRACE])
    ctx = ", expecting }";
  else if (fr->open == TK_LPAREN && ok[TK_SEMI] && ok[TK_RPAREN])
    ctx = " in grouped declaration; possibly missing semicolon or newline or )";
  else if (brace && fr->before == TK_STRUCT && ok[TK_SEMI])
    ctx = " in struct type; possibly missing semicolon or newline or }";
  else if (brace && fr->before == TK_INTERFACE && ok[TK_SEMI])
    ctx = " in interface type; possibly missing semicolon or newline or }";
  else if (ok[TK_SEMI])
    ctx = depth == 0 && !ps->repl ? " after top level declaration" : " at end of statement";
  else if (brace && ok[TK_COMMA] && ok[TK_RBRACE])
    ctx = " in composite literal; possibly missing comma or }";
  else if (fr->open == TK_LPAREN && ok[TK_COMMA] && ok[TK_RPAREN])
    ctx = ok[TK_PLUS] ? " in argument list; possibly missing comma or )"
                      : " in parameter list; possibly missing comma or )";
  else if (ok[TK_NAME] && ok[TK_LITERAL] && ok[TK_LPAREN])
    ctx = ", expecting expression";
  else if (ok[TK_NAME] && ok[TK_STAR] && ok[TK_MAP])
    ctx = ", expecting type";
  else if (ok[TK_CASE] && ok[TK_DEFAULT])
    ctx = ", expecting case or default or }";
  else if (ok[TK_NAME] && ok[TK_LPAREN] && nok == 2)
    ctx = ", expecting name or (";
  else if (nok == 1) {
    static char one[64];
    snprintf(one, sizeof one, ", expecting %s", last == TK_LBODY ? "{" : lex_token_name(last));
    ctx = one;
  }
  if (plain) snprintf(msg, sizeof msg, "syntax error: %s", plain);
  else snprintf(msg, sizeof msg, "syntax error: unexpected %s%s", tok, ctx ? ctx : "");
  pb_error_at(ps, t->pos, msg);
}

void pb_syntax_error(Parser *ps, int code, Tok *t) {
  /* The driver checks every token before pushing it, so Lemon's own error path is reached only
   * if that check and the tables disagree; report something rather than nothing. */
  if (!ps->failed) pb_error_at(ps, t->pos, "syntax error: unexpected token");
  ps->failed = true;
}

/* Skips the tokens of the function body whose '{' (at lexer depth 0) was just read, up to and
 * including its '}', which it returns in *t (code 0 at a premature end of input). */
static int skip_body(Parser *ps, Tok *t) {
  Lexer *lx = ps->lx;
  ps->skipoff = (uint32_t)(lx->cur - 1 - lx->src);
  ps->skippos = t->pos;
  return lex_skip_body(lx, t);
}

/* The next token, from the read-ahead queue first; *depth: the lexer's depth before it. */
static int next_token(Parser *ps, Tok *t, int32_t *depth, bool *queued) {
  *queued = ps->nqueue > 0;
  if (*queued) {
    int code = ps->queue[0].code;
    *t = ps->queue[0].tok;
    *depth = ps->queue[0].depth;
    ps->nqueue--;
    memmove(ps->queue, ps->queue + 1, (size_t)ps->nqueue * sizeof ps->queue[0]);
    return code;
  }
  *depth = ps->lx->depth;
  return lex_next(ps->lx, t);
}

static int peek(Parser *ps) {
  if (ps->nqueue == (int)(sizeof ps->queue / sizeof ps->queue[0])) return -1;
  ps->queue[ps->nqueue].depth = ps->lx->depth;
  int code = lex_next(ps->lx, &ps->queue[ps->nqueue].tok);
  ps->queue[ps->nqueue].code = code;
  ps->nqueue++;
  return code;
}

/* The receiver of a method stub from the tokens read ahead between its parentheses
 * (q[from..to)): `r *T`, `r T`, `*T` or `T`; NULL for any other form. */
static Node *stub_receiver(Parser *ps, int from, int to) {
  int n = to - from;
  const int c0 = ps->queue[from].code, c1 = n > 1 ? ps->queue[from + 1].code : 0;
  Tok *name = NULL;
  if (n >= 2 && c0 == TK_NAME && (c1 == TK_STAR || c1 == TK_NAME)) name = &ps->queue[from++].tok, n--;
  bool ptr = n == 2 && ps->queue[from].code == TK_STAR;
  if (ptr) from++, n--;
  if (n != 1 || ps->queue[from].code != TK_NAME) return NULL;
  Node *type = pb_ident(ps, ps->queue[from].tok);
  if (ptr) type = pb_x(ps, N_STAR, ps->queue[from - 1].tok.pos, type);
  return pb_field(ps, name ? pb_list1(ps, pb_ident(ps, *name)) : (NodeList){0}, type, NULL, false);
}

/* Called at a top-level `func` or `type` keyword just read (at byte offset off): reads ahead,
 * and when the declaration is a function (not init), a method with a plain receiver or a single
 * type, skips it through its closing semicolon and records its stub (returns true). Otherwise
 * the tokens read ahead stay queued and the declaration is parsed as usual. */
static bool skip_decl(Parser *ps, int kw, Tok kwtok, uint32_t off) {
  Node *stub = NULL;
  if (kw == TK_TYPE) {
    if (peek(ps) == TK_NAME && peek(ps) != TK_SEMI) {
      stub = ast_node(ps->a, N_TYPESPEC, ps->queue[0].tok.pos);
      stub->name = ps->queue[0].tok.s;
      if (ps->queue[1].code == TK_ASSIGN) stub->flags |= NF_ALIAS;
    }
  } else if (peek(ps) == TK_NAME) {
    if (ps->queue[0].tok.s != intern_cstr("init")) {
      stub = ast_node(ps->a, N_FUNCDECL, ps->queue[0].tok.pos);
      stub->name = ps->queue[0].tok.s;
    }
  } else if (ps->queue[0].code == TK_LPAREN) {
    int code;
    while ((code = peek(ps)) > 0 && code != TK_RPAREN && ps->nqueue < 5) {}
    Node *recv = code == TK_RPAREN ? stub_receiver(ps, 1, ps->nqueue - 1) : NULL;
    if (recv && peek(ps) == TK_NAME) {
      stub = ast_node(ps->a, N_FUNCDECL, ps->queue[ps->nqueue - 1].tok.pos);
      stub->name = ps->queue[ps->nqueue - 1].tok.s;
      stub->x = recv;
    }
  }
  if (!stub) return false;
  stub->flags |= NF_LAZYDECL;
  stub->pos2 = kwtok.pos;
  stub->lit.len = off;
  /* a type stub sits in its declaration, as a parsed type spec does */
  ast_append(ps->a, &ps->stubs, kw == TK_TYPE ? pb_gendecl(ps, kwtok, T_TYPE, pb_list1(ps, stub), false) : stub);
  ps->nqueue = 0;
  lex_skip_decl(ps->lx); /* the rest, through the newline that ends it */
  return true;
}

static void run(Parser *ps) {
  void *p = GolParseAlloc(malloc, ps);
  if (!p) abort();
  if (ps->repl || ps->body || ps->decl) {
    Tok t0 = {0};
    GolParse(p, ps->repl ? TK_REPL : ps->body ? TK_BODY : TK_DECL, t0);
  }
  for (;;) {
    Tok t;
    int32_t depth;
    bool queued;
    int code = next_token(ps, &t, &depth, &queued);
    if (ps->skipbodies && !ps->decl && !queued && depth == 0 && ps->hist[0] == TK_SEMI &&
        (code == TK_FUNC || code == TK_TYPE) &&
        skip_decl(ps, code, t, (uint32_t)(ps->lx->tok - ps->lx->src)))
      continue;
    if (ps->decl && code == TK_SEMI && depth == 0) code = 0; /* the declaration is complete */
  push:
    ps->tok = t;
    ps->code = code;
    /* the standard library (skipbodies, body) has no syntax errors: no check before each token */
    if (!ps->skipbodies && !ps->body && !gol_parse_accepts(p, code)) {
      report(ps, p, code, &t, depth);
      break;
    }
    GolParse(p, code, t);
    if (ps->failed || code == 0) break;
    int prev = ps->hist[0];
    memmove(ps->hist + 1, ps->hist, 3 * sizeof ps->hist[0]);
    ps->hist[0] = code;
    memmove(ps->histpos + 1, ps->histpos, 3 * sizeof ps->histpos[0]);
    ps->histpos[0] = t.pos;
    ps->prevtok = t;
    if (ps->body && code == TK_RBRACE && ps->lx->depth == 0) {
      code = 0; /* the body is complete: end the input */
      goto push;
    }
    if (!ps->skipbodies || depth != 0) continue;
    /* A top-level `func` after a semicolon starts a declaration; its body is the first '{' at
     * depth 0 that does not belong to a struct or interface type in the signature. */
    if (code == TK_FUNC) ps->infunc = prev == TK_SEMI;
    else if (code == TK_SEMI) ps->infunc = false;
    else if (code == TK_LBRACE && ps->infunc && prev != TK_STRUCT && prev != TK_INTERFACE) {
      ps->infunc = false;
      depth = 1;
      code = skip_body(ps, &t);
      goto push;
    }
  }
  GolParseFree(p, free);
}

/* Runs ps over its lexer (lex_init'ed by the caller) and frees the lexer: the result, or NULL
 * when the parse failed or reported errors. */
static Node *parse_run(Parser *ps) {
  int before = diag_count(ps->d);
  run(ps);
  bool lexerr = ps->lx->nerrors > 0; /* lex_init's encoding errors are reported before run */
  lex_free(ps->lx);
  if (ps->failed || lexerr || diag_count(ps->d) > before || !ps->result) return NULL;
  return ps->result;
}

Node *parse_file(Arena *a, uint16_t file, Diag *d) {
  Lexer lx;
  lex_init(&lx, file, a, d);
  return parse_run(&(Parser){.a = a, .d = d, .lx = &lx});
}

Node *parse_file_lazy(Arena *a, uint16_t file, Diag *d) {
  Lexer lx;
  lex_init(&lx, file, a, d);
  return parse_run(&(Parser){.a = a, .d = d, .lx = &lx, .skipbodies = lex_text_is_source(&lx)});
}

Node *parse_body(Arena *a, const Node *lazy, Diag *d) {
  Lexer lx;
  lex_init_at(&lx, lazy->pos.file, a, d, (uint32_t)lazy->lit.len, lazy->pos);
  return parse_run(&(Parser){.a = a, .d = d, .lx = &lx, .body = true});
}

Node *parse_decl(Arena *a, const Node *lazy, Diag *d) {
  Lexer lx;
  lex_init_at(&lx, lazy->pos.file, a, d, (uint32_t)lazy->lit.len, lazy->pos2);
  return parse_run(
      &(Parser){.a = a, .d = d, .lx = &lx, .decl = true, .skipbodies = true, .hist = {TK_SEMI}});
}

Node *parse_repl(Arena *a, uint16_t file, Diag *d, bool *incomplete) {
  Lexer lx;
  int before = diag_count(d);
  lex_init(&lx, file, a, d);
  Parser ps = {.a = a, .d = d, .lx = &lx, .repl = true};
  run(&ps);
  bool unterminated = lx.unterminated;
  lex_free(&lx);
  if (incomplete) *incomplete = ps.failed && (ps.incomplete || unterminated);
  if (!incomplete || !*incomplete) {
    if (unterminated && incomplete) *incomplete = true;
  }
  if (ps.failed || diag_count(d) > before || !ps.result) return NULL;
  return ps.result;
}

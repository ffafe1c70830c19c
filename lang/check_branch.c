/* Branch statements, checked per function body before type checking, as cmd/compile's parser
 * does (syntax.CheckBranches; the type errors of the package are still reported after them):
 * labels are defined once and used; break and continue have a target of the right kind;
 * fallthrough ends a non-final expression-switch case; goto jumps neither into a block nor over a
 * variable declaration of the label's block.
 *
 * Each function body (declaration or literal; a literal's body is a label scope of its own) is
 * walked block by block. A goto to a label not declared yet is a forward jump: it stays pending
 * in its block and moves out to the enclosing block when the inner one ends. A pending goto is
 * resolved when its label is declared later in the same block: it jumps over the block's last
 * variable declaration if it was already pending when that declaration was seen. Gotos still
 * pending at the end of the body jump into a block (the label exists) or name no label. */
#include "lang/check_impl.h"

#include <stdlib.h>
#include <string.h>

typedef struct BrBlock {
  struct BrBlock *parent;
  int id;      /* unique in the function body (blocks live on the C stack: never compare addresses) */
  Pos start;
  Node *lstmt; /* the N_LABELED statement this block belongs to, or NULL */
} BrBlock;

typedef struct BrLabel {
  const char *name;
  Node *lstmt;   /* the declaring N_LABELED */
  int block;     /* id of the block declaring it */
  Pos blockstart;/* and where that block starts */
  bool used;
} BrLabel;

typedef struct BrTargets {
  Node *breaks;    /* innermost N_FOR, N_RANGE, N_SWITCH, N_TYPESWITCH or N_SELECT, or NULL */
  Node *continues; /* innermost N_FOR or N_RANGE, or NULL */
  int caseindex;   /* clause index in the immediately enclosing switch, or -1 */
} BrTargets;

typedef struct Gotos {
  Node **v;
  int n, cap;
} Gotos;

typedef struct BrScope {
  Checker *c;
  BrLabel *labels; /* every label declared so far in the function body */
  int nlabels, cap;
  int nblocks;
} BrScope;

static void gotos_add(Gotos *g, Node *s) {
  if (g->n == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 8;
    g->v = realloc(g->v, (size_t)g->cap * sizeof *g->v);
    if (!g->v) abort();
  }
  g->v[g->n++] = s;
}

static bool gotos_has(const Gotos *g, Node *s) {
  for (int i = 0; i < g->n; i++)
    if (g->v[i] == s) return true;
  return false;
}

static BrLabel *find_label(BrScope *ls, const char *name) {
  for (int i = 0; i < ls->nlabels; i++)
    if (ls->labels[i].name == name) return &ls->labels[i];
  return NULL;
}

static BrLabel *declare_label(BrScope *ls, BrBlock *b, Node *s) {
  BrLabel *alt = find_label(ls, s->name);
  if (alt) {
    char where[300];
    chk_fmtpos(where, sizeof where, alt->lstmt->pos);
    chk_errorf(ls->c, s->pos, "label %s already defined at %s", s->name, where);
    return alt;
  }
  if (ls->nlabels == ls->cap) {
    ls->cap = ls->cap ? ls->cap * 2 : 8;
    ls->labels = realloc(ls->labels, (size_t)ls->cap * sizeof *ls->labels);
    if (!ls->labels) abort();
  }
  ls->labels[ls->nlabels] = (BrLabel){s->name, s, b->id, b->start, false};
  return &ls->labels[ls->nlabels++];
}

/* The label's statement when it labels a block enclosing b; the label itself marked used. */
static Node *enclosing_target(BrScope *ls, BrBlock *b, BrLabel *l) {
  l->used = true;
  for (; b; b = b->parent)
    if (b->lstmt == l->lstmt) return l->lstmt;
  return NULL;
}

/* Where a branch's label is reported: the label, one space after the keyword. */
static Pos label_pos(Node *s, const char *kw) {
  return pos_make(s->pos.file, s->pos.line, s->pos.col + (uint32_t)strlen(kw) + 1u);
}

static void labeled_branch(BrScope *ls, BrBlock *b, Node *s, Gotos *fwd) {
  const char *kw = s->op == T_BREAK ? "break" : s->op == T_CONTINUE ? "continue" : "goto";
  BrLabel *l = find_label(ls, s->name);
  if (s->op == T_GOTO) {
    if (l) {
      l->used = true;
      for (BrBlock *p = b; p; p = p->parent)
        if (l->block == p->id) return; /* a backward jump within an enclosing block */
    }
    gotos_add(fwd, s);
    return;
  }
  if (!l) {
    chk_errorf(ls->c, label_pos(s, kw), "%s label not defined: %s", kw, s->name);
    return;
  }
  Node *t = enclosing_target(ls, b, l);
  int k = t ? t->x->kind : N_BAD;
  bool ok = k == N_FOR || k == N_RANGE ||
            (s->op == T_BREAK && (k == N_SWITCH || k == N_TYPESWITCH || k == N_SELECT));
  if (!ok) chk_errorf(ls->c, label_pos(s, kw), "invalid %s label %s", kw, s->name);
}

static void plain_branch(BrScope *ls, Node *s, BrTargets ctxt, bool last) {
  Checker *c = ls->c;
  switch (s->op) {
  case T_BREAK:
    if (!ctxt.breaks) chk_errorf(c, s->pos, "break is not in a loop, switch, or select");
    return;
  case T_CONTINUE:
    if (!ctxt.continues) chk_errorf(c, s->pos, "continue is not in a loop");
    return;
  case T_FALLTHROUGH: {
    const char *msg = "fallthrough statement out of place";
    Node *sw = ctxt.breaks;
    if (sw && sw->kind == N_TYPESWITCH) {
      msg = "cannot fallthrough in type switch";
    } else if (sw && sw->kind == N_SWITCH && ctxt.caseindex >= 0 && last) {
      if (ctxt.caseindex + 1 < sw->list.n) return; /* falls into the next case */
      msg = "cannot fallthrough final case in switch";
    }
    chk_errorf(c, s->pos, "%s", msg);
    return;
  }
  }
}

static void block_branches(BrScope *ls, BrBlock *parent, BrTargets ctxt, Node *lstmt, Pos start,
                           Node **stmts, int n, Gotos *out, int depth);

static void walk_funcs(Checker *c, Node *n, int depth);

/* The statements of a variable declaration for the "jumps over" check: the position and the
 * name(s) Go prints. */
static bool var_decl(Node *s, Pos *pos, char **name) {
  if (s->kind == N_DECLSTMT && s->x && s->x->op == T_VAR && s->x->list.n) {
    Node *spec = s->x->list.v[0];
    if (!spec->list.n) return false;
    *pos = spec->list.v[0]->pos;
    *name = chk_exprstr(spec->list.v[0]);
    return true;
  }
  if (s->kind == N_ASSIGN && s->op == T_DEFINE) {
    *pos = s->pos2;
    size_t len = 1;
    char *buf = calloc(1, 1);
    if (!buf) abort();
    for (int i = 0; i < s->list.n; i++) {
      char *e = chk_exprstr(s->list.v[i]);
      len += strlen(e) + 2;
      buf = realloc(buf, len);
      if (!buf) abort();
      if (i) strcat(buf, ", ");
      strcat(buf, e);
      free(e);
    }
    *name = buf;
    return true;
  }
  return false;
}

static void block_branches(BrScope *ls, BrBlock *parent, BrTargets ctxt, Node *lstmt, Pos start,
                           Node **stmts, int n, Gotos *out, int depth) {
  if (depth > CHECK_MAX_DEPTH) return; /* the type checker reports the nesting */
  BrBlock b = {parent, ++ls->nblocks, start, lstmt};
  Gotos fwd = {0}, bad = {0};
  bool hasvar = false;
  Pos varpos = {0};
  char *varname = NULL;
  while (n > 0 && stmts[n - 1]->kind == N_EMPTY) n--;
  for (int i = 0; i < n; i++) {
    Node *s = stmts[i];
    lstmt = NULL;
    while (s->kind == N_LABELED) {
      if (s->name != intern_cstr("_")) {
        BrLabel *l = declare_label(ls, &b, s);
        int k = 0;
        for (int j = 0; j < fwd.n; j++) {
          Node *g = fwd.v[j];
          if (g->name != s->name) {
            fwd.v[k++] = g;
            continue;
          }
          l->used = true;
          if (hasvar && gotos_has(&bad, g)) {
            char where[300];
            chk_fmtpos(where, sizeof where, varpos);
            chk_errorf(ls->c, label_pos(g, "goto"), "goto %s jumps over declaration of %s at %s",
                       s->name, varname, where);
          }
        }
        fwd.n = k;
        lstmt = s;
      }
      if (!s->x) break;
      s = s->x;
    }
    Pos vp;
    char *vn;
    if (var_decl(s, &vp, &vn)) {
      free(varname);
      hasvar = true, varpos = vp, varname = vn;
      bad.n = 0;
      for (int j = 0; j < fwd.n; j++) gotos_add(&bad, fwd.v[j]);
      continue;
    }
    BrTargets inner = {ctxt.breaks, ctxt.continues, -1};
    switch (s->kind) {
    case N_BRANCH:
      if (s->name) labeled_branch(ls, &b, s, &fwd);
      else plain_branch(ls, s, ctxt, i + 1 == n);
      break;
    case N_BLOCK:
      block_branches(ls, &b, inner, lstmt, s->pos, s->list.v, s->list.n, &fwd, depth + 1);
      break;
    case N_IF:
      if (s->z) block_branches(ls, &b, inner, lstmt, s->z->pos, s->z->list.v, s->z->list.n, &fwd, depth + 1);
      if (s->w) block_branches(ls, &b, inner, lstmt, s->w->pos, &s->w, 1, &fwd, depth + 1);
      break;
    case N_FOR: case N_RANGE:
      inner = (BrTargets){s, s, -1};
      if (s->w) block_branches(ls, &b, inner, lstmt, s->w->pos, s->w->list.v, s->w->list.n, &fwd, depth + 1);
      break;
    case N_SWITCH: case N_TYPESWITCH: case N_SELECT:
      inner.breaks = s;
      for (int j = 0; j < s->list.n; j++) {
        Node *cl = s->list.v[j];
        inner.caseindex = s->kind == N_SELECT ? -1 : j;
        block_branches(ls, &b, inner, lstmt, cl->pos, cl->list2.v, cl->list2.n, &fwd, depth + 1);
      }
      break;
    default:
      break;
    }
  }
  for (int j = 0; j < fwd.n; j++) gotos_add(out, fwd.v[j]);
  free(fwd.v);
  free(bad.v);
  free(varname);
}

static void func_branches(Checker *c, Node *body) {
  BrScope ls = {c, NULL, 0, 0, 0};
  Gotos fwd = {0};
  block_branches(&ls, NULL, (BrTargets){NULL, NULL, -1}, NULL, body->pos, body->list.v,
                 body->list.n, &fwd, 0);
  for (int i = 0; i < fwd.n; i++) {
    Node *g = fwd.v[i];
    BrLabel *l = find_label(&ls, g->name);
    if (l) {
      l->used = true;
      char where[300];
      chk_fmtpos(where, sizeof where, l->blockstart);
      chk_errorf(c, label_pos(g, "goto"), "goto %s jumps into block starting at %s", g->name, where);
    } else {
      chk_errorf(c, label_pos(g, "goto"), "label %s not defined", g->name);
    }
  }
  for (int i = 0; i < ls.nlabels; i++)
    if (!ls.labels[i].used)
      chk_errorf(c, ls.labels[i].lstmt->pos, "label %s defined and not used", ls.labels[i].name);
  free(fwd.v);
  free(ls.labels);
}

static void walk_list(Checker *c, NodeList *l, int depth) {
  for (int i = 0; i < l->n; i++) walk_funcs(c, l->v[i], depth);
}

/* Finds every function body under n (declarations and literals) and checks its branches. */
static void walk_funcs(Checker *c, Node *n, int depth) {
  if (!n || depth > CHECK_MAX_DEPTH) return;
  if (n->kind == N_FUNCDECL && n->z) func_branches(c, n->z);
  if (n->kind == N_FUNCLIT && n->y) func_branches(c, n->y);
  walk_funcs(c, n->x, depth + 1);
  walk_funcs(c, n->y, depth + 1);
  walk_funcs(c, n->z, depth + 1);
  walk_funcs(c, n->w, depth + 1);
  walk_list(c, &n->list, depth + 1);
  walk_list(c, &n->list2, depth + 1);
}

bool chk_branches(Checker *c, Node *n) {
  int before = diag_count(c->diag);
  walk_funcs(c, n, 0);
  return diag_count(c->diag) == before;
}

/* Statements. Temporaries are released after each statement (nextreg returns to its start);
 * locals declared in a block keep their registers until the block ends. */
#include <stdlib.h>
#include <string.h>

#include "lang/compile_x.h"

static void push(int **v, int *n, int *cap, int x) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    *v = realloc(*v, (size_t)*cap * sizeof(int));
    if (!*v) abort();
  }
  (*v)[(*n)++] = x;
}

void cx_block(FuncState *fs, Node **stmts, int n) {
  int save = fs->nextreg;
  for (int i = 0; i < n; i++) cx_stmt(fs, stmts[i]);
  fs->nextreg = save;
}

static bool is_blank(Node *n) { return n->kind == N_IDENT && n->name && strcmp(n->name, "_") == 0; }

static const Type *under_elem(const Type *t) { return (t->underlying ? t->underlying : t)->elem; }

static int binop_of_assign(int op) {
  switch (op) {
  case T_ADD_ASSIGN: return '+';
  case T_SUB_ASSIGN: return '-';
  case T_MUL_ASSIGN: return '*';
  case T_QUO_ASSIGN: return '/';
  case T_REM_ASSIGN: return '%';
  case T_AND_ASSIGN: return '&';
  case T_OR_ASSIGN: return '|';
  case T_XOR_ASSIGN: return '^';
  case T_SHL_ASSIGN: return T_SHL;
  case T_SHR_ASSIGN: return T_SHR;
  case T_ANDNOT_ASSIGN: return T_ANDNOT;
  }
  return 0;
}

/* x op= y: evaluates the operand's location once. */

static void assign_op(FuncState *fs, Node *lhs, int op, Node *rhs) {
  LValue lv = cx_lvalue(fs, lhs);
  const Type *t = lhs->type;
  /* the right operand first, then the current value (as Go: `x += f()` sees f's effects on x) */
  int r = -1;
  if (rhs && !cx_binop_const_ok(op, t, rhs)) r = cx_expr_any(fs, rhs);
  if (lv.kind == LV_REG) {
    /* in place: the operation reads both operands before writing its result */
    if (!rhs) cx_incdec(fs, op, t, lv.reg);
    else if (r < 0) cx_binop_const_node(fs, op, t, lv.reg, lv.reg, rhs);
    else cx_binop_regs(fs, op, t, rhs->type, lv.reg, lv.reg, r, lhs);
    return;
  }
  if (lv.kind == LV_MAP && op != '/' && op != '%' && op != T_SHL && op != T_SHR) {
    /* one lookup: the entry's address (made now: the operation cannot panic) */
    int p = cx_alloc(fs, 1);
    cx_emit(fs, OP_MAPREF, p, lv.reg, lv.keyreg);
    cx_emit_raw(fs, (Instr)cx_constp(fs, lv.maptype));
    lv.kind = LV_MEM;
    lv.reg = p;
    lv.off = 0;
  }
  int cur = cx_alloc(fs, t->nslots);
  cx_lv_load(fs, &lv, cur);
  if (!rhs) cx_incdec(fs, op, t, cur);
  else if (r < 0) cx_binop_const_node(fs, op, t, cur, cur, rhs);
  else cx_binop_regs(fs, op, t, rhs->type, cur, cur, r, lhs);
  cx_lv_store(fs, &lv, cur);
}

/* Declares (:=) or assigns (=) list = list2 with Go's order: operands of index expressions and
 * pointer indirections on the left, then the right-hand values, then the assignments left to
 * right. */
static void assign(FuncState *fs, Node *s, bool define) {
  int nl = s->list.n, nr = s->list2.n;
  Node **L = s->list.v, **Rv = s->list2.v;
  if (nl == 1 && nr == 1) {
    Node *l = L[0];
    if (define && !is_blank(l) && l->obj && l->obj->index >= 0 && l->obj->kind == OBJ_VAR &&
        l->obj->decl == l && false) {
    }
    if (is_blank(l)) {
      int save = fs->nextreg;
      int t = cx_alloc(fs, Rv[0]->type->nslots);
      cx_expr(fs, Rv[0], t);
      fs->nextreg = save;
      return;
    }
    bool isnew = define && l->obj && l->obj->decl == l;
    if (isnew) {
      Object *o = l->obj;
      if (cx_in_cell(o)) {
        /* the cell first (the new variable is not in scope on the right), then the value */
        cx_declare(fs, o);
        int save = fs->nextreg;
        int tmp = cx_alloc(fs, o->type->nslots);
        cx_expr_to(fs, Rv[0], o->type, tmp);
        cx_store(fs, o->type, o->index, tmp, 0);
        fs->nextreg = save;
        return;
      }
      /* evaluate first (the new variable is not in scope on the right) */
      int save = fs->nextreg;
      int tmp = cx_alloc(fs, o->type->nslots);
      cx_expr_to(fs, Rv[0], o->type, tmp);
      fs->nextreg = save;
      cx_declare(fs, o);
      if (cx_in_cell(o)) cx_store(fs, o->type, o->index, tmp, 0);
      else cx_move_temp(fs, o->index, tmp, o->type->nslots);
      return;
    }
    int gk = cx_global_k(fs, l);
    if (gk >= 0) {
      int save = fs->nextreg;
      int tmp = cx_alloc(fs, 1);
      cx_expr_to(fs, Rv[0], l->type, tmp);
      cx_emitbc(fs, OP_STG, tmp, gk);
      fs->nextreg = save;
      return;
    }
    LValue lv = cx_lvalue(fs, l);
    if (lv.kind == LV_REG) {
      int save = fs->nextreg;
      int tmp = cx_alloc(fs, lv.type->nslots);
      cx_expr_to(fs, Rv[0], lv.type, tmp);
      cx_move_temp(fs, lv.reg, tmp, lv.type->nslots);
      fs->nextreg = save;
      return;
    }
    /* a value computed before the target (compile_order.c) is stored from its register */
    int tmp = fs->nhoists && Rv[0]->type == lv.type ? cx_hoisted(fs, Rv[0]) : -1;
    if (tmp < 0) {
      tmp = cx_alloc(fs, lv.type->nslots);
      cx_expr_to(fs, Rv[0], lv.type, tmp);
    }
    cx_lv_store(fs, &lv, tmp);
    return;
  }
  /* general: lvalues, then values into temporaries, then stores */
  LValue lvs[nl];
  bool isnew[nl];
  for (int i = 0; i < nl; i++) {
    isnew[i] = define && !is_blank(L[i]) && L[i]->obj && L[i]->obj->decl == L[i];
    if (isnew[i] || is_blank(L[i])) {
      lvs[i].kind = LV_BLANK;
      lvs[i].type = L[i]->type;
    } else {
      lvs[i] = cx_lvalue(fs, L[i]);
    }
  }
  int vals[nl];
  if (nr == nl) {
    for (int i = 0; i < nl; i++) {
      const Type *want = isnew[i] ? L[i]->obj->type : is_blank(L[i]) ? Rv[i]->type : lvs[i].type;
      vals[i] = cx_alloc(fs, want->nslots);
      cx_expr_to(fs, Rv[i], want, vals[i]);
    }
  } else {
    /* one multi-value expression: call, map index, type assertion, receive */
    Node *r = Rv[0];
    int base = cx_call(fs, r);
    Type *tt = r->type;
    int off = 0;
    for (int i = 0; i < nl; i++) {
      const Type *et = tt->kind == K_TUPLE ? tt->params[i] : NULL;
      if (!et) et = i == 0 ? tt : L[i]->type;
      const Type *want = isnew[i] ? L[i]->obj->type : is_blank(L[i]) ? et : lvs[i].type;
      vals[i] = cx_alloc(fs, want->nslots);
      cx_convert_value(fs, et, want, base + off, vals[i]);
      off += et->nslots;
    }
  }
  for (int i = 0; i < nl; i++) {
    if (is_blank(L[i])) continue;
    if (isnew[i]) continue;
    cx_lv_store(fs, &lvs[i], vals[i]);
  }
  /* new variables last: their registers are allocated above the temporaries, so copy */
  int save = fs->nextreg;
  for (int i = 0; i < nl; i++) {
    if (!isnew[i]) continue;
    Object *o = L[i]->obj;
    cx_declare(fs, o);
    if (cx_in_cell(o)) cx_store(fs, o->type, o->index, vals[i], 0);
    else cx_move(fs, o->index, vals[i], o->type->nslots);
  }
  (void)save;
}

static void declare_vars(FuncState *fs, Node *spec) {
  int nl = spec->list.n, nr = spec->list2.n;
  if (nr == 0) {
    for (int i = 0; i < nl; i++) {
      Object *o = spec->list.v[i]->obj;
      if (!o || is_blank(spec->list.v[i])) continue;
      cx_declare(fs, o);
      if (!cx_in_cell(o)) cx_emit(fs, OP_ZERO, o->index, o->type->nslots, 0);
    }
    return;
  }
  /* same as :=, with the declared type */
  int vals[nl];
  if (nr == nl) {
    for (int i = 0; i < nl; i++) {
      Node *l = spec->list.v[i];
      const Type *want = l->obj ? l->obj->type : spec->list2.v[i]->type;
      vals[i] = cx_alloc(fs, want->nslots);
      /* gc orders each value of a var declaration as a statement of its own */
      OrderRoot r = {spec->list2.v[i], want, false, NULL};
      int mark = cx_order_begin(fs, &r, 1);
      cx_expr_to(fs, spec->list2.v[i], want, vals[i]);
      cx_order_end(fs, mark);
    }
  } else {
    Node *r = spec->list2.v[0];
    int base = cx_call(fs, r);
    Type *tt = r->type;
    int off = 0;
    for (int i = 0; i < nl; i++) {
      Node *l = spec->list.v[i];
      const Type *et = tt->kind == K_TUPLE ? tt->params[i] : (i == 0 ? tt : l->type);
      const Type *want = l->obj ? l->obj->type : et;
      vals[i] = cx_alloc(fs, want->nslots);
      cx_convert_value(fs, et, want, base + off, vals[i]);
      off += et->nslots;
    }
  }
  for (int i = 0; i < nl; i++) {
    Node *l = spec->list.v[i];
    Object *o = l->obj;
    if (!o || is_blank(l)) continue;
    cx_declare(fs, o);
    if (cx_in_cell(o)) cx_store(fs, o->type, o->index, vals[i], 0);
    else cx_move(fs, o->index, vals[i], o->type->nslots);
  }
}

void cx_global_init(FuncState *fs, VarInit *vi) {
  int nl = vi->nlhs;
  int vals[nl];
  const Type *ts[nl];
  if (nl == 1) {
    Object *o = vi->lhs[0];
    const Type *want = o->type ? o->type : vi->rhs->type;
    ts[0] = want;
    vals[0] = cx_alloc(fs, want->nslots);
    OrderRoot r = {vi->rhs, want, false, NULL};
    int mark = cx_order_begin(fs, &r, 1);
    cx_expr_to(fs, vi->rhs, want, vals[0]);
    cx_order_end(fs, mark);
  } else {
    int base = cx_call(fs, vi->rhs);
    Type *tt = vi->rhs->type;
    int off = 0;
    for (int i = 0; i < nl; i++) {
      const Type *et = tt->kind == K_TUPLE ? tt->params[i] : (i == 0 ? tt : vi->lhs[i]->type);
      ts[i] = vi->lhs[i]->type ? vi->lhs[i]->type : et;
      vals[i] = cx_alloc(fs, ts[i]->nslots);
      cx_convert_value(fs, et, ts[i], base + off, vals[i]);
      off += et->nslots;
    }
  }
  for (int i = 0; i < nl; i++) {
    Object *o = vi->lhs[i];
    if (!o->impl || strcmp(o->name, "_") == 0) continue;
    int p = cx_alloc(fs, 1);
    cx_emitbc(fs, OP_LOADK, p, cx_constp(fs, o->impl));
    cx_store(fs, ts[i], p, vals[i], 0);
  }
}

/* ---- control flow ---- */

static Loop *find_loop(FuncState *fs, const char *label, bool cont) {
  for (Loop *l = fs->loop; l; l = l->outer) {
    if (cont && l->isswitch) continue;
    if (!label || (l->label && strcmp(l->label, label) == 0)) return l;
  }
  return NULL;
}

static void open_loop(FuncState *fs, Loop *l, const char *label, bool isswitch) {
  memset(l, 0, sizeof *l);
  l->outer = fs->loop;
  l->label = label;
  l->isswitch = isswitch;
  l->contpc = -1;
  fs->loop = l;
}

static void close_loop(FuncState *fs, Loop *l, int contpc, int breakpc) {
  for (int i = 0; i < l->nbreaks; i++) cx_patch(fs, l->breaks[i], breakpc);
  for (int i = 0; i < l->nconts; i++) cx_patch(fs, l->conts[i], contpc);
  free(l->breaks);
  free(l->conts);
  fs->loop = l->outer;
}

static const char *pending_label;

static void stmt_if(FuncState *fs, Node *s) {
  int save = fs->nextreg;
  if (s->x) cx_stmt(fs, s->x);
  int *jf = NULL, nf = 0, cf = 0;
  cx_cond_false(fs, s->y, &jf, &nf, &cf);
  int inner = fs->nextreg;
  cx_block(fs, s->z->list.v, s->z->list.n);
  fs->nextreg = inner;
  if (s->w) {
    int jend = cx_jump(fs);
    for (int i = 0; i < nf; i++) cx_patch_here(fs, jf[i]);
    if (s->w->kind == N_IF) stmt_if(fs, s->w);
    else cx_block(fs, s->w->list.v, s->w->list.n);
    cx_patch_here(fs, jend);
  } else {
    for (int i = 0; i < nf; i++) cx_patch_here(fs, jf[i]);
  }
  free(jf);
  fs->nextreg = save;
}

/* Go 1.22 per-iteration loop variables: a captured/address-taken variable declared by the init
 * statement gets a fresh cell each iteration, copied from the previous one. */
static void fresh_cells(FuncState *fs, Node *init) {
  if (!init || init->kind != N_ASSIGN || init->op != T_DEFINE) return;
  for (int i = 0; i < init->list.n; i++) {
    Object *o = init->list.v[i]->obj;
    if (!o || !cx_in_cell(o) || is_blank(init->list.v[i])) continue;
    int save = fs->nextreg;
    int tmp = cx_alloc(fs, o->type->nslots);
    cx_load(fs, o->type, tmp, o->index, 0);
    cx_emitbc(fs, OP_NEW, o->index, cx_constp(fs, o->type));
    cx_store(fs, o->type, o->index, tmp, 0);
    fs->nextreg = save;
  }
}

static void stmt_for(FuncState *fs, Node *s) {
  int save = fs->nextreg;
  const char *label = pending_label;
  pending_label = NULL;
  if (s->x) cx_stmt(fs, s->x);
  /* layout: [init] jmp cond; body: ...; cont: [fresh cells] post; cond: if cond goto body */
  int jcond = s->y ? cx_jump(fs) : -1;
  int body = fs->ncode;
  Loop l;
  open_loop(fs, &l, label, false);
  int inner = fs->nextreg;
  cx_block(fs, s->w->list.v, s->w->list.n);
  fs->nextreg = inner;
  int cont = fs->ncode;
  fresh_cells(fs, s->x);
  if (s->z) cx_stmt(fs, s->z);
  fs->nextreg = inner;
  if (s->y && fs->ncode - body < 30000) {
    /* one conditional jump back (a 16-bit offset) */
    cx_patch_here(fs, jcond);
    cx_cond_true(fs, s->y, body);
  } else if (s->y) {
    cx_patch_here(fs, jcond);
    int *jf = NULL, nf = 0, cf = 0;
    cx_cond_false(fs, s->y, &jf, &nf, &cf);
    cx_patch(fs, cx_jump(fs), body);
    for (int i = 0; i < nf; i++) cx_patch_here(fs, jf[i]);
    free(jf);
  } else {
    cx_patch(fs, cx_jump(fs), body);
  }
  close_loop(fs, &l, cont, fs->ncode);
  fs->nextreg = save;
}

static void bind_range_var(FuncState *fs, Node *lhs, bool define, const Type *t, int src) {
  if (!lhs || is_blank(lhs)) return;
  if (define) {
    Object *o = lhs->obj;
    if (cx_in_cell(o)) {
      cx_emitbc(fs, OP_NEW, o->index, cx_constp(fs, o->type));
      cx_store(fs, o->type, o->index, src, 0);
    } else {
      cx_move(fs, o->index, src, t->nslots);
    }
    return;
  }
  LValue lv = cx_lvalue(fs, lhs);
  int tmp = cx_alloc(fs, lv.type->nslots);
  cx_convert_value(fs, t, lv.type, src, tmp);
  cx_lv_store(fs, &lv, tmp);
}

/* The assigned iteration targets of a range (not :=), each iteration before they are bound: gc
 * orders them in place, together (its statement k, v = key, value): the calls in both, then their
 * operands (compile_order.c). Returns the mark for cx_order_end. Not followed: over a map, gc
 * reads the value through the iterator after those calls (a call that changes the current entry
 * shows); MAPNEXT copies it before. */
static int order_range_targets(FuncState *fs, bool define, Node *kn, Node *vn) {
  OrderRoot r[2];
  int n = 0;
  if (!define && kn && !is_blank(kn)) r[n++] = (OrderRoot){kn, NULL, true, NULL};
  if (!define && vn && !is_blank(vn)) r[n++] = (OrderRoot){vn, NULL, true, NULL};
  return n ? cx_order_begin(fs, r, n) : fs->nhoists;
}

/* Loads element R[idx] of the ranged slice or array (R[x]: the slice, or the array's cell). */
static int range_elem(FuncState *fs, bool isarr, const Type *ut, int x, int idx) {
  const Type *et = ut->elem;
  int v = cx_alloc(fs, et->nslots);
  int p = cx_alloc(fs, 1);
  if (isarr) {
    cx_emit(fs, OP_IDXA, p, x, idx);
    cx_emit_raw(fs, (Instr)et->size | (Instr)ut->len << 32);
  } else {
    cx_emit(fs, OP_IDX, p, x, idx);
    cx_emit_raw(fs, (Instr)et->size);
  }
  cx_load(fs, et, v, p, 0);
  return v;
}

static void stmt_range(FuncState *fs, Node *s) {
  int save = fs->nextreg;
  const char *label = pending_label;
  pending_label = NULL;
  Type *xt = s->x->type;
  Type *ut = xt->underlying ? xt->underlying : xt;
  bool define = s->op == T_DEFINE;
  Node *kn = s->list.n > 0 ? s->list.v[0] : NULL;
  Node *vn = s->list.n > 1 ? s->list.v[1] : NULL;
  Loop l;
  if (define) {
    /* declare the iteration variables (cells are made fresh per iteration) */
    if (kn && !is_blank(kn)) {
      Object *o = kn->obj;
      o->index = cx_alloc(fs, cx_in_cell(o) ? 1 : o->type->nslots);
    }
    if (vn && !is_blank(vn)) {
      Object *o = vn->obj;
      o->index = cx_alloc(fs, cx_in_cell(o) ? 1 : o->type->nslots);
    }
  }
  if (ut->kind == K_POINTER) ut = ut->elem->underlying ? ut->elem->underlying : ut->elem;
  if (ut->kind == K_MAP) {
    int m = cx_alloc(fs, 1);
    cx_expr(fs, s->x, m);
    int it = cx_alloc(fs, 1);
    cx_emit(fs, OP_MAPITER, it, m, 0);
    cx_emit_raw(fs, (Instr)cx_constp(fs, ut));
    int kv = cx_alloc(fs, ut->key->nslots + ut->elem->nslots);
    int top = fs->ncode;
    int jnext = cx_emit(fs, OP_MAPNEXT, kv, it, 0);
    open_loop(fs, &l, label, false);
    int inner = fs->nextreg;
    int mark = order_range_targets(fs, define, kn, vn);
    bind_range_var(fs, kn, define, ut->key, kv);
    bind_range_var(fs, vn, define, ut->elem, kv + ut->key->nslots);
    cx_order_end(fs, mark);
    cx_block(fs, s->w->list.v, s->w->list.n);
    fs->nextreg = inner;
    cx_patch(fs, cx_jump(fs), top);
    cx_patch_here(fs, jnext);
    close_loop(fs, &l, top, fs->ncode);
    fs->nextreg = save;
    return;
  }
  if (ut->kind == K_CHAN) {
    /* for v := range c: receive with ok until the channel is closed and drained */
    const Type *et = ut->elem;
    int c = cx_alloc(fs, 1);
    cx_expr(fs, s->x, c);
    int v = cx_alloc(fs, et->nslots + 1);
    int top = fs->ncode;
    cx_setline(fs, s);
    cx_chan_recv_regs(fs, v, c, et, 1 /* VM_RECV_OK */);
    int jend = cx_emitbc(fs, OP_JF, v + et->nslots, 0);
    open_loop(fs, &l, label, false);
    int inner = fs->nextreg;
    int mark = order_range_targets(fs, define, kn, NULL);
    bind_range_var(fs, kn, define, et, v);
    cx_order_end(fs, mark);
    cx_block(fs, s->w->list.v, s->w->list.n);
    fs->nextreg = inner;
    cx_patch(fs, cx_jump(fs), top);
    cx_patch_here(fs, jend);
    close_loop(fs, &l, top, fs->ncode);
    fs->nextreg = save;
    return;
  }
  if (ut->kind >= K_INT && ut->kind <= K_UINTPTR) {
    /* range over an integer n: 0, 1, ..., n-1 in n's type (n evaluated once) */
    int n = cx_alloc(fs, 1);
    cx_expr(fs, s->x, n);
    int idx = cx_alloc(fs, 1);
    cx_emitbc(fs, OP_LOADI, idx, 0);
    int jcond = cx_jump(fs);
    int body = fs->ncode;
    open_loop(fs, &l, label, false);
    int inner = fs->nextreg;
    int mark = order_range_targets(fs, define, kn, NULL);
    bind_range_var(fs, kn, define, xt, idx);
    cx_order_end(fs, mark);
    cx_block(fs, s->w->list.v, s->w->list.n);
    fs->nextreg = inner;
    int cont = fs->ncode;
    cx_emit(fs, OP_ADDK, idx, idx, 1);
    cx_patch_here(fs, jcond);
    bool uns = ut->kind >= K_UINT;
    int j = cx_emit(fs, uns ? OP_JLTU : OP_JLT, idx, n, 0);
    cx_patch(fs, j, body);
    close_loop(fs, &l, cont, fs->ncode);
    fs->nextreg = save;
    return;
  }
  /* slices, arrays (by value or through a pointer), strings: index loop */
  bool isstr = ut->kind == K_STRING;
  const Type *et = isstr ? NULL : ut->elem;
  int x = -1, len = cx_alloc(fs, 1);
  bool isarr = xt->kind == K_ARRAY || (xt->kind == K_POINTER);
  int nslots = isstr ? 2 : isarr ? 1 : 3;
  x = cx_alloc(fs, nslots);
  if (isarr) {
    /* evaluate the array once: into a cell (copy) unless ranging over a pointer */
    if (xt->kind == K_POINTER) {
      cx_expr(fs, s->x, x);
    } else if (vn) {
      int tmp = cx_alloc(fs, xt->nslots);
      cx_expr(fs, s->x, tmp);
      cx_emitbc(fs, OP_NEW, x, cx_constp(fs, xt));
      cx_store(fs, xt, x, tmp, 0);
    } else {
      cx_emit(fs, OP_LOADI, x, 0, 0);
    }
    cx_emitbc(fs, OP_LOADI, len, (int32_t)ut->len);
  } else {
    cx_expr(fs, s->x, x);
    cx_move(fs, len, x + 1, 1);
  }
  int idx = cx_alloc(fs, 1);
  cx_emitbc(fs, OP_LOADI, idx, 0);
  int next = isstr ? cx_alloc(fs, 2) : -1; /* rune, next index */
  int jcond = cx_jump(fs);
  int body = fs->ncode;
  open_loop(fs, &l, label, false);
  int inner = fs->nextreg;
  int mark = order_range_targets(fs, define, kn, vn);
  if (isstr) {
    cx_emit(fs, OP_DECRUNE, next, x, idx);
    bind_range_var(fs, kn, define, types_basic(K_INT), idx);
    bind_range_var(fs, vn, define, types_basic(K_INT32), next);
  } else {
    /* assigned targets: the element is loaded before the key's store, which may change it */
    bool val = vn && !is_blank(vn);
    int v = val && !define ? range_elem(fs, isarr, ut, x, idx) : -1;
    bind_range_var(fs, kn, define, types_basic(K_INT), idx);
    if (val) bind_range_var(fs, vn, define, et, v >= 0 ? v : range_elem(fs, isarr, ut, x, idx));
  }
  cx_order_end(fs, mark);
  fs->nextreg = inner;
  cx_block(fs, s->w->list.v, s->w->list.n);
  fs->nextreg = inner;
  int cont = fs->ncode;
  if (isstr) cx_move(fs, idx, next + 1, 1);
  else cx_emit(fs, OP_ADDK, idx, idx, 1);
  cx_patch_here(fs, jcond);
  int j = cx_emit(fs, OP_JLT, idx, len, 0);
  cx_patch(fs, j, body);
  close_loop(fs, &l, cont, fs->ncode);
  fs->nextreg = save;
}

static void stmt_switch(FuncState *fs, Node *s) {
  int save = fs->nextreg;
  const char *label = pending_label;
  pending_label = NULL;
  if (s->x) cx_stmt(fs, s->x);
  int tag = -1;
  const Type *tt = NULL;
  if (s->y) {
    tt = s->y->type;
    tag = cx_alloc(fs, tt->nslots);
    int m = cx_order_expr(fs, s->y);
    cx_expr(fs, s->y, tag);
    cx_order_end(fs, m);
  }
  int nc = s->list.n;
  int deflt = -1;
  /* tests: each case's expressions in order, jumping to its body */
  int *tojump[nc ? nc : 1];
  int ntoj[nc ? nc : 1];
  for (int i = 0; i < nc; i++) {
    Node *cc = s->list.v[i];
    tojump[i] = NULL;
    ntoj[i] = 0;
    if (cc->flags & NF_DEFAULT) {
      deflt = i;
      continue;
    }
    int capj = 0;
    for (int j = 0; j < cc->list.n; j++) {
      Node *e = cc->list.v[j];
      int t2 = fs->nextreg;
      int m = cx_order_expr(fs, e);
      int r = cx_alloc(fs, 1);
      if (tag >= 0) {
        extern void cx_compare_regs(FuncState *, int op, const Type *, Node *, int, int, int);
        int v = cx_alloc(fs, tt->nslots);
        cx_expr_to(fs, e, tt, v);
        cx_compare_regs(fs, T_EQL, tt, e, r, tag, v);
      } else {
        cx_expr(fs, e, r);
      }
      int jt = cx_emitbc(fs, OP_JT, r, 0);
      push(&tojump[i], &ntoj[i], &capj, jt);
      cx_order_end(fs, m);
      fs->nextreg = t2;
    }
  }
  int jdefault = cx_jump(fs);
  Loop l;
  open_loop(fs, &l, label, true);
  int *fall = NULL, nfall = 0, capfall = 0;
  int *ends = NULL, nends = 0, capends = 0;
  for (int i = 0; i < nc; i++) {
    Node *cc = s->list.v[i];
    for (int j = 0; j < ntoj[i]; j++) cx_patch_here(fs, tojump[i][j]);
    free(tojump[i]);
    for (int j = 0; j < nfall; j++) cx_patch_here(fs, fall[j]);
    nfall = 0;
    if (i == deflt) cx_patch_here(fs, jdefault);
    int inner = fs->nextreg;
    bool fallsthrough = cc->list2.n > 0 && cc->list2.v[cc->list2.n - 1]->kind == N_BRANCH &&
                        cc->list2.v[cc->list2.n - 1]->op == T_FALLTHROUGH;
    cx_block(fs, cc->list2.v, cc->list2.n - (fallsthrough ? 1 : 0));
    fs->nextreg = inner;
    if (fallsthrough) push(&fall, &nfall, &capfall, cx_jump(fs));
    else push(&ends, &nends, &capends, cx_jump(fs));
  }
  if (deflt < 0) cx_patch_here(fs, jdefault);
  for (int j = 0; j < nfall; j++) cx_patch_here(fs, fall[j]);
  for (int j = 0; j < nends; j++) cx_patch_here(fs, ends[j]);
  free(fall);
  free(ends);
  close_loop(fs, &l, fs->ncode, fs->ncode);
  fs->nextreg = save;
}

/* return e1, ..., en straight from where the values are computed: only without deferred calls
 * (nothing can observe the result registers afterwards) and without results in cells. */
static bool return_direct(FuncState *fs, Node *s) {
  FuncInfo *fi = fs->fi;
  int n = s->list.n;
  if (fs->hasdefer || n == 0 || n != fi->nresults) return false;
  for (int i = 0; i < n; i++)
    if (cx_in_cell(fi->results[i])) return false;
  int total = fs->p->nresults;
  Node *e = s->list.v[0];
  if (n == 1 && e->type == fi->results[0]->type) {
    cx_emit(fs, OP_RET, cx_expr_any(fs, e), total, 0);
    return true;
  }
  int base = cx_alloc(fs, total);
  for (int i = 0, at = base; i < n; i++) {
    const Type *t = fi->results[i]->type;
    cx_expr_to(fs, s->list.v[i], t, at);
    at += t->nslots;
  }
  cx_emit(fs, OP_RET, base, total, 0);
  return true;
}

static void stmt_return(FuncState *fs, Node *s) {
  FuncInfo *fi = fs->fi;
  int n = s->list.n;
  if (return_direct(fs, s)) return;
  if (n > 0) {
    int save = fs->nextreg;
    if (n == fi->nresults) {
      /* evaluate all, then assign (results may be named and read on the right) */
      int tmp[n];
      for (int i = 0; i < n; i++) {
        const Type *t = fi->results[i]->type;
        tmp[i] = cx_alloc(fs, t->nslots);
        cx_expr_to(fs, s->list.v[i], t, tmp[i]);
      }
      for (int i = 0; i < n; i++) {
        Object *o = fi->results[i];
        if (cx_in_cell(o)) cx_store(fs, o->type, o->index, tmp[i], 0);
        else cx_move(fs, o->index, tmp[i], o->type->nslots);
      }
    } else {
      int base = cx_call(fs, s->list.v[0]);
      Type *tt = s->list.v[0]->type;
      int off = 0;
      for (int i = 0; i < fi->nresults; i++) {
        Object *o = fi->results[i];
        const Type *et = tt->params[i];
        int v = cx_alloc(fs, o->type->nslots);
        cx_convert_value(fs, et, o->type, base + off, v);
        off += et->nslots;
        if (cx_in_cell(o)) cx_store(fs, o->type, o->index, v, 0);
        else cx_move(fs, o->index, v, o->type->nslots);
      }
    }
    fs->nextreg = save;
  }
  if (!fs->hasdefer) {
    /* fast path: return directly when no result lives in a cell */
    bool cells = false;
    for (int i = 0; i < fi->nresults; i++) cells |= cx_in_cell(fi->results[i]);
    if (!cells) {
      cx_emit(fs, OP_RET, fs->resreg, fs->p->nresults, 0);
      return;
    }
  }
  push(&fs->retjumps, &fs->nretjumps, &fs->capretjumps, cx_jump(fs));
}

static void call_stmt_go_defer(FuncState *fs, Node *s) {
  Node *call = s->x;
  if (cx_chan_go_defer_builtin(fs, s)) return;
  while (call->kind == N_PAREN) call = call->x;
  if (call->kind != N_CALL) {
    cx_unsupported(fs, s, "this go or defer statement is");
    return;
  }
  /* recover() is only effective when called by a deferred function, never as one */
  if ((call->flags & NF_BUILTIN) && call->aux == BI_RECOVER) return;
  extern int cx_callee_and_args(FuncState *, Node *, int *fnreg, int *nargs);
  int fnreg, nargs;
  int base = (call->flags & (NF_BUILTIN | NF_CONVERSION))
                 ? cx_builtin_thunk(fs, call, &fnreg, &nargs)
                 : cx_callee_and_args(fs, call, &fnreg, &nargs);
  if (base < 0) return;
  if (s->kind == N_DEFER) {
    fs->hasdefer = true;
    cx_emit(fs, OP_DEFER, base, fnreg, nargs);
  } else {
    cx_emit(fs, OP_GO, base, fnreg, nargs);
  }
}

void cx_resolve_gotos(FuncState *fs) {
  for (int i = 0; i < fs->ngotos; i++) {
    int target = -1;
    for (int j = 0; j < fs->nlabels; j++)
      if (strcmp(fs->labels[j].name, fs->gotos[i].name) == 0) target = fs->labels[j].pc;
    if (target < 0) diag_error(fs->c->diag, fs->gotos[i].pos, "label %s not defined", fs->gotos[i].name);
    else cx_patch(fs, fs->gotos[i].pc, target);
  }
}

/* Go's order for the expressions of an assignment, increment, expression, return or send
 * statement and for a range expression (compile_order.c): returns the mark for cx_order_end. */
static int order_stmt(FuncState *fs, Node *s) {
  int nl = s->list.n, nr = s->list2.n;
  switch (s->kind) {
  case N_EXPRSTMT: return cx_order_expr(fs, s->x);
  case N_INCDEC: {
    /* gc's x++ is x += 1: the target's operands, then its value (assign_op reads it last) */
    OrderRoot r = {s->x, NULL, true, NULL};
    return cx_order_begin(fs, &r, 1);
  }
  case N_RANGE: return cx_order_expr(fs, s->x); /* evaluated once, as an expression of its own */
  case N_SENDSTMT: {
    OrderRoot r[2] = {{s->x, NULL, false, NULL}, {s->y, under_elem(s->x->type), false, NULL}};
    return cx_order_begin(fs, r, 2);
  }
  case N_ASSIGN: {
    OrderRoot r[nl + nr];
    int k = 0;
    for (int i = 0; i < nl; i++) {
      Node *l = s->list.v[i];
      if (is_blank(l) || (s->op == T_DEFINE && l->obj && l->obj->decl == l)) continue;
      r[k++] = (OrderRoot){l, NULL, true, NULL};
    }
    for (int i = 0; i < nr; i++) {
      Node *l = nr == nl ? s->list.v[i] : NULL;
      const Type *want = l && !is_blank(l) ? (l->obj && l->obj->decl == l ? l->obj->type : l->type) : NULL;
      r[k++] = (OrderRoot){s->list2.v[i], s->op == '=' || s->op == T_DEFINE ? want : NULL, false, NULL};
    }
    return cx_order_begin(fs, r, k);
  }
  case N_RETURN: {
    FuncInfo *fi = fs->fi;
    if (nl == 0) return fs->nhoists;
    OrderRoot r[nl];
    for (int i = 0; i < nl; i++)
      r[i] = (OrderRoot){s->list.v[i], nl == fi->nresults ? fi->results[i]->type : NULL, false, NULL};
    return cx_order_begin(fs, r, nl);
  }
  default: return fs->nhoists;
  }
}

void cx_stmt(FuncState *fs, Node *s) {
  if (!s) return;
  cx_setline(fs, s);
  int save = fs->nextreg;
  int mark = order_stmt(fs, s);
  switch (s->kind) {
  case N_EMPTY: break;
  case N_BLOCK: cx_block(fs, s->list.v, s->list.n); break;
  case N_EXPRSTMT: {
    Node *x = s->x;
    if (x->kind == N_CALL) {
      cx_call(fs, x);
    } else if (x->kind == N_UNARY && x->op == T_ARROW) {
      cx_chan_recv(fs, x, fs->nextreg, 2 /* VM_RECV_DISCARD */);
    } else {
      int r = cx_alloc(fs, x->type ? x->type->nslots : 1);
      cx_expr(fs, x, r);
    }
    fs->nextreg = save;
    break;
  }
  case N_INCDEC: assign_op(fs, s->x, s->op == T_INC ? '+' : '-', NULL); fs->nextreg = save; break;
  case N_ASSIGN:
    if (s->op == '=' || s->op == T_DEFINE) {
      assign(fs, s, s->op == T_DEFINE);
      if (s->op != T_DEFINE) fs->nextreg = save;
      else {
        /* keep the new locals, drop temporaries above them */
        int top = save;
        for (int i = 0; i < s->list.n; i++) {
          Object *o = s->list.v[i]->obj;
          if (o && o->decl == s->list.v[i] && !is_blank(s->list.v[i])) {
            int end = o->index + (cx_in_cell(o) ? 1 : o->type->nslots);
            if (end > top) top = end;
          }
        }
        fs->nextreg = top > fs->nextreg ? fs->nextreg : top;
      }
    } else {
      assign_op(fs, s->list.v[0], binop_of_assign(s->op), s->list2.v[0]);
      fs->nextreg = save;
    }
    break;
  case N_DECLSTMT: {
    Node *d = s->x;
    if (d->op != T_VAR) break; /* const and type declarations need no code */
    for (int i = 0; i < d->list.n; i++) declare_vars(fs, d->list.v[i]);
    break;
  }
  case N_IF: stmt_if(fs, s); break;
  case N_FOR: stmt_for(fs, s); break;
  case N_RANGE: stmt_range(fs, s); fs->nextreg = save; break; /* and its hoisted registers */
  case N_SWITCH: stmt_switch(fs, s); break;
  case N_RETURN: stmt_return(fs, s); fs->nextreg = save; break;
  case N_DEFER:
  case N_GO: call_stmt_go_defer(fs, s); fs->nextreg = save; break;
  case N_LABELED: {
    fs->labels = realloc(fs->labels, (size_t)(fs->nlabels + 1) * sizeof *fs->labels);
    fs->labels[fs->nlabels].name = s->name;
    fs->labels[fs->nlabels++].pc = fs->ncode;
    if (fs->ncode > fs->lasttarget) fs->lasttarget = fs->ncode;
    Node *x = s->x;
    if (x && (x->kind == N_FOR || x->kind == N_RANGE || x->kind == N_SWITCH ||
              x->kind == N_TYPESWITCH || x->kind == N_SELECT))
      pending_label = s->name;
    cx_stmt(fs, x);
    pending_label = NULL;
    break;
  }
  case N_BRANCH: {
    if (s->op == T_GOTO) {
      fs->gotos = realloc(fs->gotos, (size_t)(fs->ngotos + 1) * sizeof *fs->gotos);
      fs->gotos[fs->ngotos].name = s->name;
      fs->gotos[fs->ngotos].pos = s->pos;
      fs->gotos[fs->ngotos++].pc = cx_jump(fs);
      break;
    }
    if (s->op == T_FALLTHROUGH) {
      cx_unsupported(fs, s, "fallthrough outside a switch case's end is");
      break;
    }
    Loop *l = find_loop(fs, s->name, s->op == T_CONTINUE);
    if (!l) {
      cx_unsupported(fs, s, "this branch statement is");
      break;
    }
    int j = cx_jump(fs);
    if (s->op == T_BREAK) push(&l->breaks, &l->nbreaks, &l->capbreaks, j);
    else push(&l->conts, &l->nconts, &l->capconts, j);
    break;
  }
  case N_SENDSTMT: cx_chan_send(fs, s); break;
  case N_SELECT: {
    const char *label = pending_label;
    pending_label = NULL;
    cx_select(fs, s, label);
    fs->nextreg = save;
    break;
  }
  case N_TYPESWITCH: {
    extern void cx_typeswitch(FuncState *, Node *, const char *);
    const char *label = pending_label;
    pending_label = NULL;
    cx_typeswitch(fs, s, label);
    fs->nextreg = save;
    break;
  }
  default: cx_unsupported(fs, s, ast_kind_name((NodeKind)s->kind)); break;
  }
  cx_order_end(fs, mark);
}

/* Loops for the type switch in compile_expr.c. */
void cx_open_switch(FuncState *fs, Loop *l, const char *label) { open_loop(fs, l, label, true); }
void cx_close_switch(FuncState *fs, Loop *l) { close_loop(fs, l, fs->ncode, fs->ncode); }

/* Channels in the compiler: send and receive, close/len/cap/make of channels, select, and the
 * callee of `defer close(c)` / `go close(c)`. The VM side and the element-buffer contract are in
 * vm/vm_chan.h.
 *
 * select follows Go (spec and walk/select.go): on entry every case's channel operand and every
 * send's value are evaluated once, in source order; then one SELECT instruction runs the runtime's
 * selectgo (the VM lowers one-case selects to plain or non-blocking operations as Go's compiler
 * does) and leaves the chosen case index (-1 for default) in a register that a chain of
 * compare-and-branch instructions dispatches on. A receive case's value and ok land in
 * temporaries; the case's assignment (`v, ok := <-c` declares fresh variables scoped to the
 * clause, `x, ok = <-c` assigns) happens at the start of its body. */
#include <stdlib.h>
#include <string.h>

#include "lang/compile_x.h"
#include "vm/vm_chan.h"

static const Type *under(const Type *t) { return t->underlying ? t->underlying : t; }
static bool is_blank(Node *n) { return n->kind == N_IDENT && n->name && strcmp(n->name, "_") == 0; }
static Node *unparen(Node *n) {
  while (n && n->kind == N_PAREN) n = n->x;
  return n;
}

/* R[dst..] = <-R[chanreg] (element type et) as flags (VM_RECV_*) say. */
void cx_chan_recv_regs(FuncState *fs, int dst, int chanreg, const Type *et, unsigned flags) {
  cx_emit(fs, OP_CHANRECV, dst, chanreg, (int)flags);
  cx_emit_raw(fs, (Instr)cx_constp(fs, et));
}

/* The receive expression n (<-x) into R[dst..]: the value, then ok when flags has VM_RECV_OK. */
void cx_chan_recv(FuncState *fs, Node *n, int dst, unsigned flags) {
  int save = fs->nextreg;
  const Type *et = under(n->x->type)->elem;
  int c = cx_expr_any(fs, n->x);
  cx_setline(fs, n);
  cx_chan_recv_regs(fs, dst, c, et, flags);
  fs->nextreg = save;
}

/* c <- v */
void cx_chan_send(FuncState *fs, Node *s) {
  int save = fs->nextreg;
  const Type *et = under(s->x->type)->elem;
  int c = cx_alloc(fs, 1);
  cx_expr(fs, s->x, c);
  int v = cx_alloc(fs, et->nslots ? et->nslots : 1);
  cx_expr_to(fs, s->y, et, v);
  cx_setline(fs, s);
  cx_emit(fs, OP_CHANSEND, c, v, 0);
  cx_emit_raw(fs, (Instr)cx_constp(fs, et));
  fs->nextreg = save;
}

/* make(chan T[, size]) into a new register. */
int cx_chan_make(FuncState *fs, Node *n) {
  const Type *u = under(n->list.v[0]->type);
  int r = cx_alloc(fs, 1);
  int size = cx_alloc(fs, 1);
  /* an integer of any type, widened: an unsigned size above MaxInt64 reads as negative, which
   * makechan rejects as out of range, as Go does */
  if (n->list.n > 1) cx_expr(fs, n->list.v[1], size);
  else cx_emitbc(fs, OP_LOADI, size, 0);
  cx_setline(fs, n);
  cx_emit(fs, OP_MAKECHAN, r, size, 0);
  cx_emit_raw(fs, (Instr)cx_constp(fs, u->elem));
  fs->nextreg = r + 1;
  return r;
}

/* `go close(c)` / `defer close(c)`: the channel is evaluated now, closed later by a native func
 * value. Returns false for other builtins (the caller reports them). */
bool cx_chan_go_defer_builtin(FuncState *fs, Node *s) {
  Node *call = unparen(s->x);
  if (call->kind != N_CALL || !(call->flags & NF_BUILTIN) || call->aux != BI_CLOSE) return false;
  int fnreg = cx_alloc(fs, 1);
  Closure *cl = vm_proto_closure((Proto *)vm_chan_close_proto());
  cx_emitbc(fs, OP_LOADK, fnreg, cx_constp(fs, cl));
  int base = cx_alloc(fs, 1);
  cx_expr(fs, call->list.v[0], base);
  if (s->kind == N_DEFER) {
    fs->hasdefer = true;
    cx_emit(fs, OP_DEFER, base, fnreg, 1);
  } else {
    cx_emit(fs, OP_GO, base, fnreg, 1);
  }
  return true;
}

/* ---- select ---- */

void cx_open_switch(FuncState *fs, Loop *l, const char *label);
void cx_close_switch(FuncState *fs, Loop *l);

/* The receive expression of a select clause's communication, or NULL for a send/default. */
static Node *clause_recv(Node *comm) {
  if (!comm) return NULL;
  if (comm->kind == N_EXPRSTMT) return unparen(comm->x);
  if (comm->kind == N_ASSIGN) return unparen(comm->list2.v[0]);
  return NULL;
}

/* The start of a receive clause's body: `v[, ok] := <-c` or `v[, ok] = <-c` from the value at
 * R[val] (element type et) and ok at R[okreg]. */
static void recv_assign(FuncState *fs, Node *comm, const Type *et, int val, int okreg) {
  bool define = comm->op == T_DEFINE;
  for (int i = 0; i < comm->list.n && i < 2; i++) {
    Node *l = comm->list.v[i];
    if (is_blank(l)) continue;
    const Type *have = i == 0 ? et : types_basic(K_BOOL);
    int src = i == 0 ? val : okreg;
    if (define && l->obj && l->obj->decl == l) {
      /* the new variable's registers (or cell) are above the sources: convert into them */
      Object *o = l->obj;
      cx_declare(fs, o);
      if (cx_in_cell(o)) {
        int save = fs->nextreg;
        int tmp = cx_alloc(fs, o->type->nslots ? o->type->nslots : 1);
        cx_convert_value(fs, have, o->type, src, tmp);
        cx_store(fs, o->type, o->index, tmp, 0);
        fs->nextreg = save;
      } else {
        cx_convert_value(fs, have, o->type, src, o->index);
      }
      continue;
    }
    /* gc: a statement l = tmp of its own (each target ordered on its own, compile_order.c) */
    int save = fs->nextreg;
    OrderRoot r = {l, NULL, true, NULL};
    int mark = cx_order_begin(fs, &r, 1);
    LValue lv = cx_lvalue(fs, l);
    int tmp = cx_alloc(fs, lv.type->nslots ? lv.type->nslots : 1);
    cx_convert_value(fs, have, lv.type, src, tmp);
    cx_lv_store(fs, &lv, tmp);
    cx_order_end(fs, mark);
    fs->nextreg = save;
  }
}

void cx_select(FuncState *fs, Node *s, const char *label) {
  int save = fs->nextreg;
  int nclauses = s->list.n;
  int ncases = 0;
  for (int i = 0; i < nclauses; i++)
    if (!(s->list.v[i]->flags & NF_DEFAULT)) ncases++;
  if (ncases > 32767) {
    cx_unsupported(fs, s, "select with more than 32767 cases is");
    return;
  }
  VmSelectDesc *d = calloc(1, sizeof(VmSelectDesc) + (size_t)ncases * sizeof(VmSelectCase));
  if (!d) abort();
  d->ncases = ncases;
  d->block = ncases == nclauses;
  int res = cx_alloc(fs, 2); /* chosen index, recv ok */
  int caseof[nclauses > 0 ? nclauses : 1];
  /* evaluate the operands, in source order, each an expression of its own in gc's order: gc
   * copies each into a temporary (order.go, OSELECT), so the calls in one run before its other
   * operands, but after the operands of the cases before it */
  int k = 0;
  for (int i = 0; i < nclauses; i++) {
    Node *cl = s->list.v[i];
    caseof[i] = -1;
    if (cl->flags & NF_DEFAULT) continue;
    Node *comm = cl->x;
    VmSelectCase *sc = &d->cases[k];
    caseof[i] = k++;
    cx_setline(fs, comm);
    if (comm->kind == N_SENDSTMT) {
      const Type *et = under(comm->x->type)->elem;
      sc->elem = et;
      sc->send = 1;
      sc->chanreg = (uint16_t)cx_alloc(fs, 1);
      int mark = cx_order_expr(fs, comm->x);
      cx_expr(fs, comm->x, sc->chanreg);
      cx_order_end(fs, mark);
      sc->valreg = (uint16_t)cx_alloc(fs, et->nslots ? et->nslots : 1);
      OrderRoot r = {comm->y, et, false, NULL};
      mark = cx_order_begin(fs, &r, 1);
      cx_expr_to(fs, comm->y, et, sc->valreg);
      cx_order_end(fs, mark);
    } else {
      Node *rx = clause_recv(comm);
      const Type *et = under(rx->x->type)->elem;
      sc->elem = et;
      sc->chanreg = (uint16_t)cx_alloc(fs, 1);
      int mark = cx_order_expr(fs, rx->x);
      cx_expr(fs, rx->x, sc->chanreg);
      cx_order_end(fs, mark);
      bool used = comm->kind == N_ASSIGN && comm->list.n > 0 && !is_blank(comm->list.v[0]);
      sc->discard = !used;
      sc->valreg = used ? (uint16_t)cx_alloc(fs, et->nslots ? et->nslots : 1) : 0;
    }
  }
  cx_setline(fs, s);
  cx_emit(fs, OP_SELECT, res, 0, 0);
  cx_emit_raw(fs, (Instr)cx_constp(fs, d));
  /* dispatch: each clause tests the index and falls to the next clause when it is not its own */
  Loop l;
  cx_open_switch(fs, &l, label);
  int *ends = malloc((size_t)(nclauses > 0 ? nclauses : 1) * sizeof(int));
  if (!ends) abort();
  int nends = 0;
  for (int i = 0; i < nclauses; i++) {
    Node *cl = s->list.v[i];
    int j = cx_emit(fs, OP_JNEK, res, (uint16_t)(int16_t)caseof[i], 0);
    int inner = fs->nextreg;
    if (caseof[i] >= 0 && cl->x->kind == N_ASSIGN) {
      const VmSelectCase *sc = &d->cases[caseof[i]];
      recv_assign(fs, cl->x, sc->elem, sc->valreg, res + 1);
    }
    cx_block(fs, cl->list2.v, cl->list2.n);
    fs->nextreg = inner;
    ends[nends++] = cx_jump(fs);
    cx_patch_here(fs, j);
  }
  for (int i = 0; i < nends; i++) cx_patch_here(fs, ends[i]);
  free(ends);
  cx_close_switch(fs, &l);
  fs->nextreg = save;
}

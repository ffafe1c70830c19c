/* Expressions: values into registers, conversions, calls, builtins, lvalues. */
#include <stdlib.h>
#include <string.h>

#include "lang/compile_x.h"
#include "vm/vm.h"

static const Type *under(const Type *t) { return t->underlying ? t->underlying : t; }
static bool is_iface(const Type *t) { return under(t)->kind == K_INTERFACE; }
static bool is_float(const Type *t) { int k = under(t)->kind; return k == K_FLOAT32 || k == K_FLOAT64; }
static bool is_unsigned(const Type *t) {
  int k = under(t)->kind;
  return k == K_UINT || k == K_UINT8 || k == K_UINT16 || k == K_UINT32 || k == K_UINT64 || k == K_UINTPTR;
}
/* Operand bit k for cx_unsigned_bounds when bound expression e (may be NULL) is unsigned. */
static unsigned ubit(const Node *e, int k) { return e && is_unsigned(e->type) ? 1u << k : 0; }
static bool is_intlike(const Type *t) { int k = under(t)->kind; return k >= K_INT && k <= K_UINTPTR; }

/* The operand that holds a method found through embedded fields: for x.m with path
 * [p1..pk] (sel->npath = k > 0) a synthetic field selector x.f1...fk, built in *out with *fld as
 * its field object; sel->x itself when there is no path. The selector's operand rules then
 * apply to it unchanged (implicit & or * against the method's receiver). */
static Node *method_operand(Node *sel, Node *out, Object *fld) {
  if (sel->npath == 0) return sel->x;
  const Type *t = sel->x->type;
  bool addr = (sel->x->flags & NF_ADDRESSABLE) != 0;
  if (under(t)->kind == K_POINTER) t = under(t)->elem, addr = true;
  for (int i = 0; i < sel->npath; i++) {
    t = under(t)->fields[sel->path[i]].type;
    if (i + 1 < sel->npath && under(t)->kind == K_POINTER) t = under(t)->elem, addr = true;
  }
  memset(fld, 0, sizeof *fld);
  fld->kind = OBJ_VAR;
  fld->flags = OF_FIELD;
  fld->type = (Type *)t;
  fld->index = sel->path[sel->npath - 1];
  memset(out, 0, sizeof *out);
  out->kind = N_SELECTOR;
  out->aux = SEL_FIELD;
  out->pos = sel->pos;
  out->x = sel->x;
  out->path = sel->path;
  out->npath = sel->npath - 1;
  out->obj = fld;
  out->type = (Type *)t;
  out->flags = NF_CHECKED | (addr ? NF_ADDRESSABLE : 0);
  return out;
}

/* ---- constants ---- */

static void load_const(FuncState *fs, Node *n, const Type *t, int dst) {
  const ConstVal *c = n->cval;
  const Type *u = under(t);
  switch (u->kind) {
  case K_BOOL: cx_emitbc(fs, OP_LOADI, dst, c->b ? 1 : 0); return;
  case K_STRING: {
    GoString s = vm_string_copy(c->s, (size_t)c->slen);
    cx_emitbc(fs, OP_LOADK2, dst, cx_const2(fs, (Slot)(uintptr_t)s.ptr, (Slot)s.len));
    return;
  }
  case K_FLOAT64: {
    double d = const_get_float64(c);
    if (d == 0) d = 0; /* constants are exact: there is no negative zero constant */
    Slot v;
    memcpy(&v, &d, 8);
    cx_emitbc(fs, OP_LOADK, dst, cx_const(fs, v));
    return;
  }
  case K_FLOAT32: {
    float f = const_get_float32(c);
    if (f == 0) f = 0;
    uint32_t u32;
    memcpy(&u32, &f, 4);
    cx_emitbc(fs, OP_LOADK, dst, cx_const(fs, u32));
    return;
  }
  case K_COMPLEX128: {
    double re = const_get_float64(c), im = const_get_imag64(c);
    if (re == 0) re = 0; /* no negative zero constants */
    if (im == 0) im = 0;
    Slot a, b;
    memcpy(&a, &re, 8);
    memcpy(&b, &im, 8);
    cx_emitbc(fs, OP_LOADK2, dst, cx_const2(fs, a, b));
    return;
  }
  case K_COMPLEX64: {
    float re = (float)const_get_float64(c), im = (float)const_get_imag64(c);
    if (re == 0) re = 0;
    if (im == 0) im = 0;
    uint32_t a, b;
    memcpy(&a, &re, 4);
    memcpy(&b, &im, 4);
    cx_emitbc(fs, OP_LOADK, dst, cx_const(fs, (Slot)a | (Slot)b << 32));
    return;
  }
  default: {
    int64_t v = 0;
    uint64_t uv;
    if (!const_get_int64(c, &v) && const_get_uint64(c, &uv)) v = (int64_t)uv;
    if (v >= INT32_MIN && v <= INT32_MAX) cx_emitbc(fs, OP_LOADI, dst, (int32_t)v);
    else cx_emitbc(fs, OP_LOADK, dst, cx_const(fs, (Slot)v));
    return;
  }
  }
}

/* ---- conversions ---- */

void cx_convert_value(FuncState *fs, const Type *have, const Type *want, int src, int dst) {
  if (!want || have == want || !is_iface(want) ||
      (is_iface(have) && under(have)->nmethods == under(want)->nmethods && under(want)->nmethods == 0)) {
    if (have && want && is_iface(want) && is_iface(have) && under(want)->nmethods == 0 && under(have)->nmethods) {
      cx_emit(fs, OP_I2E, dst, src, 0);
      return;
    }
    if (have && want && is_iface(want) && is_iface(have) && under(want)->nmethods && have != want) {
      goto ifaceconv;
    }
    cx_move(fs, dst, src, want ? want->nslots : have->nslots);
    return;
  }
  if (is_iface(have)) {
  ifaceconv:;
    /* interface to interface */
    const Type *wu = under(want);
    if (wu->nmethods == 0) {
      if (under(have)->nmethods) cx_emit(fs, OP_I2E, dst, src, 0);
      else cx_move(fs, dst, src, 2);
      return;
    }
    int e = src;
    if (under(have)->nmethods) {
      e = cx_alloc(fs, 2);
      cx_emit(fs, OP_I2E, e, src, 0);
    }
    cx_emit(fs, OP_CONVI, dst, e, cx_constp(fs, wu) < 0 ? 0 : cx_constp(fs, want));
    return;
  }
  /* concrete to interface: box */
  Slot w0 = (Slot)(uintptr_t)have;
  if (under(want)->nmethods) {
    const Itab *tab = vm_getitab(want, have, NULL);
    if (!tab) {
      diag_error(fs->c->diag, fs->p->pos, "internal error: %s does not implement %s",
                 types_string((Type *)have), types_string((Type *)want));
      return;
    }
    w0 = (Slot)(uintptr_t)tab;
  }
  int k = cx_const2(fs, (Slot)(uintptr_t)have, w0);
  cx_emit(fs, OP_BOX, dst, src, k);
}

void cx_expr_to(FuncState *fs, Node *n, const Type *want, int dst) {
  const Type *have = n->type;
  if (!want || !have || have == want || !is_iface(want) || (n->kind == N_IDENT && n->obj && n->obj->kind == OBJ_NIL)) {
    cx_expr(fs, n, dst);
    return;
  }
  int save = fs->nextreg;
  int src = cx_expr_any(fs, n);
  cx_convert_value(fs, have, want, src, dst);
  fs->nextreg = save > fs->nextreg ? save : fs->nextreg;
  fs->nextreg = save;
}

static void numeric_conv(FuncState *fs, const Type *from, const Type *to, int src, int dst) {
  const Type *f = under(from), *t = under(to);
  if (is_intlike(f) && is_intlike(t)) {
    cx_move(fs, dst, src, 1);
    if (t->size < 8) cx_narrow(fs, t, dst);
    return;
  }
  if (is_intlike(f) && is_float(t)) {
    if (t->kind == K_FLOAT64) {
      if (is_unsigned(f) && f->size == 8) cx_emit(fs, OP_CONV, dst, src, CV_U2F);
      else cx_emit(fs, OP_I2F, dst, src, 0);
    } else {
      cx_emit(fs, OP_CONV, dst, src, is_unsigned(f) && f->size == 8 ? CV_U2F32 : CV_I2F32);
    }
    return;
  }
  if (is_float(f) && is_intlike(t)) {
    if (f->kind == K_FLOAT64) {
      if (is_unsigned(t) && t->size == 8) cx_emit(fs, OP_CONV, dst, src, CV_F2U);
      else cx_emit(fs, OP_F2I, dst, src, 0);
    } else {
      cx_emit(fs, OP_CONV, dst, src, is_unsigned(t) && t->size == 8 ? CV_F322U : CV_F322I);
    }
    if (t->size < 8) cx_narrow(fs, t, dst);
    return;
  }
  if (is_float(f) && is_float(t)) {
    if (f->kind == t->kind) cx_move(fs, dst, src, 1);
    else cx_emit(fs, OP_CONV, dst, src, t->kind == K_FLOAT32 ? CV_F2F32 : CV_F322F);
    return;
  }
  cx_move(fs, dst, src, t->nslots);
}

static void conversion(FuncState *fs, Node *n, int dst) {
  const Type *to = n->type;
  Node *arg = n->list.v[0];
  const Type *from = arg->type;
  if (is_iface(to)) {
    cx_expr_to(fs, arg, to, dst);
    return;
  }
  const Type *fu = under(from), *tu = under(to);
  int save = fs->nextreg;
  if (tu->kind == K_STRING) {
    if (fu->kind == K_STRING) {
      cx_expr(fs, arg, dst);
    } else if (fu->kind == K_SLICE) {
      int s = cx_expr_any(fs, arg);
      cx_emit(fs, under(fu->elem)->kind == K_INT32 ? OP_RUNES2STR : OP_BYTES2STR, dst, s, 0);
    } else {
      int s = cx_expr_any(fs, arg);
      cx_emit(fs, OP_RUNE2STR, dst, s, 0);
    }
  } else if (tu->kind == K_SLICE && fu->kind == K_STRING) {
    int s = cx_expr_any(fs, arg);
    /* Go allocates a constant's conversion at its exact size; others round up to a size class */
    cx_emit(fs, under(tu->elem)->kind == K_INT32 ? OP_STR2RUNES : OP_STR2BYTES, dst, s,
            arg->cval != NULL);
  } else if ((tu->kind == K_COMPLEX64 || tu->kind == K_COMPLEX128) && fu->kind != tu->kind) {
    int s = cx_expr_any(fs, arg);
    cx_emit(fs, tu->kind == K_COMPLEX128 ? OP_C64TO128 : OP_C128TO64, dst, s, 0);
  } else if (tu->kind == K_POINTER && fu->kind == K_SLICE) {
    /* slice to array pointer: checked against the array length */
    int s = cx_expr_any(fs, arg);
    cx_emit(fs, OP_SLICE2AP, dst, s, 0);
    cx_emit_raw(fs, (Instr)under(tu->elem)->len);
  } else {
    int s = cx_expr_any(fs, arg);
    numeric_conv(fs, from, to, s, dst);
  }
  fs->nextreg = save;
}

/* ---- operators ---- */

void cx_compare_regs(FuncState *fs, int op, const Type *t, Node *at, int dst, int a, int b) {
  const Type *u = under(t);
  bool neg = false;
  if (op == T_NEQ) op = T_EQL, neg = true;
  if (u->kind == K_STRING) {
    switch (op) {
    case T_EQL: cx_emit(fs, OP_EQSTR, dst, a, b); break;
    case '<': cx_emit(fs, OP_LTSTR, dst, a, b); break;
    case T_LEQ: cx_emit(fs, OP_LESTR, dst, a, b); break;
    case '>': cx_emit(fs, OP_LTSTR, dst, b, a); break;
    case T_GEQ: cx_emit(fs, OP_LESTR, dst, b, a); break;
    }
  } else if (u->kind == K_FLOAT64 || u->kind == K_FLOAT32) {
    bool f32 = u->kind == K_FLOAT32;
    switch (op) {
    case T_EQL: cx_emit(fs, f32 ? OP_EQF32 : OP_EQF, dst, a, b); break;
    case '<': cx_emit(fs, f32 ? OP_LTF32 : OP_LTF, dst, a, b); break;
    case T_LEQ: cx_emit(fs, f32 ? OP_LEF32 : OP_LEF, dst, a, b); break;
    case '>': cx_emit(fs, f32 ? OP_LTF32 : OP_LTF, dst, b, a); break;
    case T_GEQ: cx_emit(fs, f32 ? OP_LEF32 : OP_LEF, dst, b, a); break;
    }
  } else if (u->kind == K_COMPLEX128) {
    cx_emit(fs, OP_EQC, dst, a, b);
  } else if (u->kind == K_COMPLEX64) {
    int w = cx_alloc(fs, 4);
    cx_emit(fs, OP_C64TO128, w, a, 0);
    cx_emit(fs, OP_C64TO128, w + 2, b, 0);
    cx_emit(fs, OP_EQC, dst, w, w + 2);
  } else if (u->kind == K_INTERFACE) {
    int ea = a, eb = b;
    if (u->nmethods) {
      ea = cx_alloc(fs, 2);
      eb = cx_alloc(fs, 2);
      cx_emit(fs, OP_I2E, ea, a, 0);
      cx_emit(fs, OP_I2E, eb, b, 0);
    }
    cx_emit(fs, OP_EQIFACE, dst, ea, eb);
  } else if (u->kind == K_STRUCT || u->kind == K_ARRAY || u->kind == K_COMPLEX128) {
    cx_emit(fs, OP_EQT, dst, a, b);
    cx_emit_raw(fs, (Instr)cx_constp(fs, t));
  } else if (u->kind == K_SLICE || u->kind == K_MAP || u->kind == K_FUNC) {
    cx_emit(fs, OP_EQ, dst, a, b); /* only against nil */
  } else {
    bool uns = is_unsigned(t);
    switch (op) {
    case T_EQL: cx_emit(fs, OP_EQ, dst, a, b); break;
    case '<': cx_emit(fs, uns ? OP_LTU : OP_LT, dst, a, b); break;
    case T_LEQ: cx_emit(fs, uns ? OP_LEU : OP_LE, dst, a, b); break;
    case '>': cx_emit(fs, uns ? OP_LTU : OP_LT, dst, b, a); break;
    case T_GEQ: cx_emit(fs, uns ? OP_LEU : OP_LE, dst, b, a); break;
    }
  }
  (void)at;
  if (neg) cx_emit(fs, OP_LNOT, dst, dst, 0);
}

void cx_binop_regs(FuncState *fs, int op, const Type *t, const Type *ty, int dst, int a, int b, Node *at) {
  const Type *u = under(t);
  if (u->kind == K_STRING && op == '+') {
    cx_emit(fs, OP_CONCAT, dst, a, b);
    return;
  }
  if (u->kind == K_FLOAT64 || u->kind == K_FLOAT32) {
    bool f32 = u->kind == K_FLOAT32;
    int o = 0;
    switch (op) {
    case '+': o = f32 ? OP_ADDF32 : OP_ADDF; break;
    case '-': o = f32 ? OP_SUBF32 : OP_SUBF; break;
    case '*': o = f32 ? OP_MULF32 : OP_MULF; break;
    case '/': o = f32 ? OP_DIVF32 : OP_DIVF; break;
    }
    cx_emit(fs, o, dst, a, b);
    return;
  }
  if (u->kind == K_COMPLEX64 || u->kind == K_COMPLEX128) {
    int o = op == '+' ? OP_ADDC : op == '-' ? OP_SUBC : op == '*' ? OP_MULC : OP_DIVC;
    if (u->kind == K_COMPLEX128) {
      cx_emit(fs, o, dst, a, b);
      return;
    }
    /* complex64: computed in complex128, rounded back */
    int save = fs->nextreg;
    int w = cx_alloc(fs, 6);
    cx_emit(fs, OP_C64TO128, w, a, 0);
    cx_emit(fs, OP_C64TO128, w + 2, b, 0);
    cx_emit(fs, o, w + 4, w, w + 2);
    cx_emit(fs, OP_C128TO64, dst, w + 4, 0);
    fs->nextreg = save;
    return;
  }
  bool uns = is_unsigned(t);
  int o = OP_ADD;
  switch (op) {
  case '+': o = OP_ADD; break;
  case '-': o = OP_SUB; break;
  case '*': o = OP_MUL; break;
  case '/': o = uns ? OP_DIVU : OP_DIV; break;
  case '%': o = uns ? OP_REMU : OP_REM; break;
  case '&': o = OP_AND; break;
  case '|': o = OP_OR; break;
  case '^': o = OP_XOR; break;
  case T_ANDNOT: o = OP_ANDNOT; break;
  case T_SHL:
  case T_SHR:
    if (ty && !is_unsigned(ty)) cx_emit(fs, OP_CHKSHIFT, b, 0, 0);
    if (op == T_SHL) o = OP_SHL;
    else o = uns ? OP_SHRU : OP_SHR;
    break;
  }
  /* unsigned narrow values are zero-extended, so a logical right shift is right for them; for
   * signed narrow values the register is sign-extended, so an arithmetic shift is right */
  cx_emit(fs, o, dst, a, b);
  if (u->size < 8) cx_narrow(fs, u, dst);
}

/* The value of constant operand n when it fits a signed 16-bit immediate (and is not -32768, so
 * that it can be negated), else INT64_MIN. */
static int64_t small_const(const Node *n) {
  int64_t k;
  if (!n->cval || !const_get_int64(n->cval, &k) || k <= -32768 || k > 32767) return INT64_MIN;
  return k;
}

/* The immediate form of integer operator op (x op k, result type t), or -1: + and - become ADDK,
 * * MULK, signed / and % DIVK/REMK (k is never 0: the checker rejects constant division by
 * zero), shifts by 0..63 SHLK/SHRK/SHRUK. Narrow results are re-widened afterwards as for the register forms. */
static int const_operand_op(int op, const Type *t, const Node *k) {
  if (small_const(k) == INT64_MIN) return -1;
  switch (op) {
  case '+': case '-': return OP_ADDK;
  case '*': return OP_MULK;
  case '/': return is_unsigned(t) ? -1 : OP_DIVK;
  case '%': return is_unsigned(t) ? -1 : OP_REMK;
  case T_SHL: return small_const(k) >= 0 && small_const(k) < 64 ? OP_SHLK : -1;
  case T_SHR:
    if (small_const(k) < 0 || small_const(k) >= 64) return -1;
    return is_unsigned(t) ? OP_SHRUK : OP_SHRK;
  }
  return -1;
}

bool cx_binop_const_ok(int op, const Type *t, const Node *k) {
  return is_intlike(t) && const_operand_op(op, t, k) >= 0;
}

void cx_binop_const_node(FuncState *fs, int op, const Type *t, int dst, int a, const Node *k) {
  int64_t v = small_const(k);
  cx_emit(fs, const_operand_op(op, t, k), dst, a, (int)(int16_t)(op == '-' ? -v : v));
  cx_narrow(fs, under(t), dst);
}

void cx_incdec(FuncState *fs, int op, const Type *t, int r) {
  const Type *u = under(t);
  if (is_intlike(t)) {
    cx_emit(fs, OP_ADDK, r, r, op == '+' ? 1 : -1);
    cx_narrow(fs, u, r);
    return;
  }
  /* floats and complex numbers: add or subtract a constant 1 of their type */
  int save = fs->nextreg;
  int one = cx_alloc(fs, t->nslots);
  double d = 1.0;
  float f = 1.0f;
  Slot dbits, fbits = 0;
  memcpy(&dbits, &d, 8);
  memcpy(&fbits, &f, 4);
  switch (u->kind) {
  case K_FLOAT64: cx_emitbc(fs, OP_LOADK, one, cx_const(fs, dbits)); break;
  case K_COMPLEX128: cx_emitbc(fs, OP_LOADK2, one, cx_const2(fs, dbits, 0)); break;
  default: cx_emitbc(fs, OP_LOADK, one, cx_const(fs, fbits)); break; /* float32, complex64 */
  }
  cx_binop_regs(fs, op, t, t, r, r, one, NULL);
  fs->nextreg = save;
}

static void binary(FuncState *fs, Node *n, int dst) {
  int op = n->op;
  if (op == T_ANDAND || op == T_OROR) {
    /* each operand is a statement of its own in Go's order (r = x; if r { r = y }) */
    int save = fs->nextreg, mark = cx_order_expr(fs, n->x);
    cx_expr(fs, n->x, dst);
    cx_order_end(fs, mark);
    fs->nextreg = save;
    int j = cx_emitbc(fs, op == T_ANDAND ? OP_JF : OP_JT, dst, 0);
    mark = cx_order_expr(fs, n->y);
    cx_expr(fs, n->y, dst);
    cx_order_end(fs, mark);
    fs->nextreg = save;
    cx_patch_here(fs, j);
    return;
  }
  int save = fs->nextreg;
  if (op == T_EQL || op == T_NEQ || op == '<' || op == T_LEQ || op == '>' || op == T_GEQ) {
    const Type *t = n->x->type;
    if (is_iface(n->x->type) != is_iface(n->y->type)) t = is_iface(n->x->type) ? n->x->type : n->y->type;
    int a, b;
    if (n->x->kind == N_IDENT && n->x->obj && n->x->obj->kind == OBJ_NIL) {
      a = cx_alloc(fs, t->nslots);
      cx_emit(fs, OP_ZERO, a, t->nslots, 0);
    } else if (n->x->type != t) {
      a = cx_alloc(fs, t->nslots);
      cx_expr_to(fs, n->x, t, a);
    } else {
      a = cx_expr_any(fs, n->x);
    }
    if (n->y->kind == N_IDENT && n->y->obj && n->y->obj->kind == OBJ_NIL) {
      b = cx_alloc(fs, t->nslots);
      cx_emit(fs, OP_ZERO, b, t->nslots, 0);
    } else if (n->y->type != t) {
      b = cx_alloc(fs, t->nslots);
      cx_expr_to(fs, n->y, t, b);
    } else {
      b = cx_expr_any(fs, n->y);
    }
    const Type *ct = t;
    if (under(ct)->kind == K_SLICE || under(ct)->kind == K_MAP || under(ct)->kind == K_FUNC) {
      cx_compare_regs(fs, op, types_basic(K_UINTPTR), n, dst, a, b);
    } else {
      cx_compare_regs(fs, op, ct, n, dst, a, b);
    }
    fs->nextreg = save;
    return;
  }
  if (is_intlike(n->type)) {
    /* an operand that is a small constant becomes the instruction's immediate */
    Node *var = n->x, *k = n->y;
    if (n->x->cval && (op == '+' || op == '*')) var = n->y, k = n->x;
    int kop = const_operand_op(op, n->type, k);
    if (kop >= 0) {
      cx_binop_const_node(fs, op, n->type, dst, cx_expr_any(fs, var), k);
      fs->nextreg = save;
      return;
    }
  }
  int a = cx_expr_any(fs, n->x);
  int b = cx_expr_any(fs, n->y);
  cx_binop_regs(fs, op, n->type, n->y->type, dst, a, b, n);
  fs->nextreg = save;
}

static void unary(FuncState *fs, Node *n, int dst) {
  int save = fs->nextreg;
  switch (n->op) {
  case '+': cx_expr(fs, n->x, dst); break;
  case '-': {
    int a = cx_expr_any(fs, n->x);
    const Type *u = under(n->type);
    if (u->kind == K_FLOAT64) cx_emit(fs, OP_NEGF, dst, a, 0);
    else if (u->kind == K_FLOAT32) cx_emit(fs, OP_NEGF32, dst, a, 0);
    else if (u->kind == K_COMPLEX128) cx_emit(fs, OP_NEGC, dst, a, 0);
    else if (u->kind == K_COMPLEX64) {
      int w = cx_alloc(fs, 2);
      cx_emit(fs, OP_C64TO128, w, a, 0);
      cx_emit(fs, OP_NEGC, w, w, 0);
      cx_emit(fs, OP_C128TO64, dst, w, 0);
    } else {
      cx_emit(fs, OP_NEG, dst, a, 0);
      cx_narrow(fs, u, dst);
    }
    break;
  }
  case '^': {
    int a = cx_expr_any(fs, n->x);
    cx_emit(fs, OP_NOT, dst, a, 0);
    cx_narrow(fs, under(n->type), dst);
    break;
  }
  case '!': {
    int a = cx_expr_any(fs, n->x);
    cx_emit(fs, OP_LNOT, dst, a, 0);
    break;
  }
  case '&': {
    Node *x = n->x;
    while (x->kind == N_PAREN) x = x->x;
    if (x->kind == N_COMPOSITE) {
      const Type *t = x->type;
      int tmp = cx_alloc(fs, t->nslots);
      cx_expr(fs, x, tmp);
      cx_emitbc(fs, OP_NEW, dst, cx_constp(fs, t));
      cx_store(fs, t, dst, tmp, 0);
      break;
    }
    LValue lv = cx_lvalue(fs, x);
    if (lv.kind == LV_MEM) {
      if (lv.off) cx_emit(fs, OP_ADDK, dst, lv.reg, lv.off);
      else cx_move(fs, dst, lv.reg, 1);
    } else {
      cx_unsupported(fs, n, "taking this address is");
    }
    break;
  }
  case T_ARROW: cx_chan_recv(fs, n, dst, 0); break;
  }
  fs->nextreg = save;
}

/* Evaluates the receiver of method selector sel (its operand, or the embedded field holding the
 * method) into dst as the method's receiver type rt, applying Go's implicit & (pointer receiver
 * on an addressable value) or * (value receiver reached through a pointer). */
static void method_receiver(FuncState *fs, Node *sel, const Type *rt, int dst) {
  Node embsel;
  Object embfld;
  Node *recv = method_operand(sel, &embsel, &embfld);
  bool wantptr = under(rt)->kind == K_POINTER && !(rt->tflags & TF_NAMED);
  bool xptr = under(recv->type)->kind == K_POINTER;
  if (wantptr && !xptr) {
    Node amp = {0};
    amp.kind = N_UNARY;
    amp.op = '&';
    amp.x = recv;
    amp.type = (Type *)rt;
    amp.pos = sel->pos;
    unary(fs, &amp, dst);
  } else if (!wantptr && xptr) {
    int p = cx_expr_any(fs, recv);
    cx_load(fs, rt, dst, p, 0);
  } else {
    cx_expr(fs, recv, dst);
  }
}

/* ---- lvalues ---- */

int cx_global_k(FuncState *fs, Node *n) {
  while (n->kind == N_PAREN) n = n->x;
  Object *o = n->kind == N_IDENT ? n->obj : NULL;
  if (!o || o->kind != OBJ_VAR || !(o->flags & OF_GLOBAL) || !o->impl) return -1;
  if (cx_loadop(o->type) != OP_LD64 || cx_storeop(o->type) != OP_ST64) return -1;
  return cx_constp(fs, o->impl);
}

static Object *ident_obj(Node *n) { return n->kind == N_IDENT ? n->obj : NULL; }

/* The address of an addressable operand into a register (for fields/elements in memory), or
 * a register-resident aggregate. */
LValue cx_lvalue(FuncState *fs, Node *n) {
  LValue lv = {0};
  lv.type = n->type;
  while (n->kind == N_PAREN) n = n->x;
  switch (n->kind) {
  case N_IDENT: {
    Object *o = n->obj;
    if (!o || strcmp(n->name, "_") == 0) {
      lv.kind = LV_BLANK;
      return lv;
    }
    if (o->flags & OF_GLOBAL) {
      lv.kind = LV_MEM;
      lv.reg = cx_alloc(fs, 1);
      cx_emitbc(fs, OP_LOADK, lv.reg, cx_constp(fs, o->impl));
      return lv;
    }
    if (cx_in_cell(o)) {
      lv.kind = LV_MEM;
      lv.reg = cx_cellreg(fs, o);
      return lv;
    }
    lv.kind = LV_REG;
    lv.reg = o->index;
    return lv;
  }
  case N_STAR: {
    lv.kind = LV_MEM;
    lv.reg = cx_expr_any(fs, n->x);
    return lv;
  }
  case N_SELECTOR: {
    if (n->aux == SEL_PKG) {
      lv.kind = LV_MEM;
      lv.reg = cx_alloc(fs, 1);
      cx_emitbc(fs, OP_LOADK, lv.reg, cx_constp(fs, n->obj->impl));
      return lv;
    }
    if (n->aux != SEL_FIELD) break;
    /* walk the embedded path then the field */
    const Type *t = n->x->type;
    LValue base;
    int64_t off = 0;
    bool viaptr = under(t)->kind == K_POINTER;
    if (viaptr) {
      base.kind = LV_MEM;
      base.reg = cx_expr_any(fs, n->x);
      base.off = 0;
      t = under(t)->elem;
    } else {
      base = cx_lvalue(fs, n->x);
    }
    for (int i = 0; i <= n->npath; i++) {
      const Type *st = under(t);
      int fi = i < n->npath ? n->path[i] : n->obj->index;
      const Field *f = &st->fields[fi];
      off += f->offset;
      t = f->type;
      if (i < n->npath && under(t)->kind == K_POINTER) {
        /* through an embedded pointer: load it */
        int p = cx_alloc(fs, 1);
        if (base.kind == LV_MEM) {
          cx_emit(fs, OP_LD64, p, base.reg, (int)(base.off + off));
        } else if (base.kind == LV_REGIDX) {
          LValue e = base;
          e.off += (int)off;
          e.type = t;
          cx_lv_load(fs, &e, p);
        } else {
          cx_emit(fs, OP_MOVE, p, base.reg + (int)((base.off + off) / 8), 0);
        }
        base.kind = LV_MEM;
        base.reg = p;
        base.off = 0;
        off = 0;
        t = under(t)->elem;
      }
    }
    lv = base;
    lv.type = n->type;
    if (base.kind == LV_REG) {
      lv.kind = LV_REGFIELD;
      lv.off = (int)off;
    } else {
      lv.off = base.off + (int)off;
    }
    if (lv.off > 65535) cx_unsupported(fs, n, "struct offsets above 64 KiB are");
    return lv;
  }
  case N_INDEX: {
    const Type *xt = under(n->x->type);
    if (xt->kind == K_MAP) {
      lv.kind = LV_MAP;
      lv.maptype = xt;
      lv.reg = cx_expr_any(fs, n->x);
      lv.keyreg = cx_alloc(fs, xt->key->nslots);
      cx_expr_to(fs, n->y, xt->key, lv.keyreg);
      return lv;
    }
    int idx;
    if (xt->kind == K_SLICE) {
      int s = cx_expr_any(fs, n->x);
      idx = cx_expr_any(fs, n->y);
      lv.kind = LV_MEM;
      lv.reg = cx_alloc(fs, 1);
      cx_unsigned_bounds(fs, cx_emit(fs, OP_IDX, lv.reg, s, idx), ubit(n->y, 0));
      cx_emit_raw(fs, (Instr)xt->elem->size);
      return lv;
    }
    const Type *at = xt;
    int ptr;
    if (xt->kind == K_POINTER) {
      at = under(xt->elem);
      ptr = cx_expr_any(fs, n->x);
    } else {
      LValue base = cx_lvalue(fs, n->x);
      if (base.kind != LV_MEM) {
        /* an array in registers: copy through a temporary cell would lose the write; arrays
         * that are indexed by variables live in cells when addressable (checker marks) */
        if (n->y->cval) {
          int64_t k = 0;
          const_get_int64(n->y->cval, &k);
          lv = base;
          lv.type = n->type;
          if (base.kind == LV_REG) lv.kind = LV_REGFIELD, lv.off = (int)(k * at->elem->size);
          else lv.off = base.off + (int)(k * at->elem->size);
          return lv;
        }
        /* variable index: a bounds-checked byte offset into the registers */
        int64_t es = at->elem->size;
        int idx = cx_expr_any(fs, n->y);
        int lenr = cx_alloc(fs, 1);
        cx_emitbc(fs, OP_LOADI, lenr, (int32_t)at->len);
        cx_unsigned_bounds(fs, cx_emit(fs, OP_BOUNDS, idx, lenr, 0), ubit(n->y, 0));
        int offr = cx_alloc(fs, 1);
        if (es == 1) {
          cx_move(fs, offr, idx, 1);
        } else if ((es & (es - 1)) == 0) {
          cx_emit(fs, OP_SHLK, offr, idx, __builtin_ctzll((unsigned long long)es));
        } else {
          cx_emitbc(fs, OP_LOADI, offr, (int32_t)es);
          cx_emit(fs, OP_MUL, offr, idx, offr);
        }
        if (base.kind == LV_REGIDX) cx_emit(fs, OP_ADD, offr, offr, base.keyreg);
        lv = base;
        lv.type = n->type;
        lv.kind = LV_REGIDX;
        lv.keyreg = offr;
        lv.off = base.kind == LV_REG ? 0 : base.off;
        return lv;
      }
      ptr = base.reg;
      if (base.off) {
        int p2 = cx_alloc(fs, 1);
        cx_emit(fs, OP_ADDK, p2, ptr, base.off);
        ptr = p2;
      }
    }
    idx = cx_expr_any(fs, n->y);
    lv.kind = LV_MEM;
    lv.reg = cx_alloc(fs, 1);
    cx_unsigned_bounds(fs, cx_emit(fs, OP_IDXA, lv.reg, ptr, idx), ubit(n->y, 0));
    cx_emit_raw(fs, (Instr)at->elem->size | (Instr)at->len << 32);
    return lv;
  }
  default: break;
  }
  cx_unsupported(fs, n, "this assignment target is");
  lv.kind = LV_BLANK;
  return lv;
}

static void regfield_get(FuncState *fs, const Type *t, int dst, int agg, int off) {
  if (off % 8 == 0 && (t->size % 8 == 0)) {
    cx_move(fs, dst, agg + off / 8, t->nslots);
    return;
  }
  int op;
  switch (t->size) {
  case 1: op = is_unsigned(t) || under(t)->kind == K_BOOL ? OP_GF8U : OP_GF8; break;
  case 2: op = is_unsigned(t) ? OP_GF16U : OP_GF16; break;
  case 4: op = (is_unsigned(t) || under(t)->kind == K_FLOAT32) ? OP_GF32U : OP_GF32; break;
  default:
    if (t->nslots * 8 > t->size) cx_emit(fs, OP_ZERO, dst + t->nslots - 1, 1, 0);
    cx_emit(fs, OP_GFN, dst, agg, off);
    cx_emit_raw(fs, (Instr)t->size);
    return;
  }
  cx_emit(fs, op, dst, agg, off);
}

static void regfield_set(FuncState *fs, const Type *t, int agg, int off, int src) {
  if (off % 8 == 0 && (t->size % 8 == 0)) {
    cx_move(fs, agg + off / 8, src, t->nslots);
    return;
  }
  switch (t->size) {
  case 1: cx_emit(fs, OP_SF8, agg, src, off); return;
  case 2: cx_emit(fs, OP_SF16, agg, src, off); return;
  case 4: cx_emit(fs, OP_SF32, agg, src, off); return;
  default:
    cx_emit(fs, OP_SFN, agg, src, off);
    cx_emit_raw(fs, (Instr)t->size);
  }
}

/* The byte offset register of an LV_REGIDX lvalue, its constant part added. */
static int regidx_offset(FuncState *fs, const LValue *lv) {
  if (!lv->off) return lv->keyreg;
  int r = cx_alloc(fs, 1);
  if (lv->off <= 32767) {
    cx_emit(fs, OP_ADDK, r, lv->keyreg, lv->off);
  } else {
    cx_emitbc(fs, OP_LOADI, r, lv->off);
    cx_emit(fs, OP_ADD, r, r, lv->keyreg);
  }
  return r;
}

static void regidx_get(FuncState *fs, const LValue *lv, int dst) {
  const Type *t = lv->type;
  if (t->size == 0) return;
  int save = fs->nextreg;
  int offr = regidx_offset(fs, lv);
  int k = under(t)->kind;
  uint64_t ext = 0;
  if (t->size < 8 && k != K_STRUCT && k != K_ARRAY) ext = (k >= K_INT && k <= K_INT64) ? 2 : 1;
  if (t->nslots * 8 > t->size) cx_emit(fs, OP_ZERO, dst + t->nslots - 1, 1, 0);
  cx_emit(fs, OP_GFX, dst, lv->reg, offr);
  cx_emit_raw(fs, (Instr)t->size | (Instr)ext << 32);
  fs->nextreg = save;
}

static void regidx_set(FuncState *fs, const LValue *lv, int src) {
  const Type *t = lv->type;
  if (t->size == 0) return;
  int save = fs->nextreg;
  int offr = regidx_offset(fs, lv);
  cx_emit(fs, OP_SFX, lv->reg, offr, src);
  cx_emit_raw(fs, (Instr)t->size);
  fs->nextreg = save;
}

void cx_lv_store(FuncState *fs, LValue *lv, int src) {
  switch (lv->kind) {
  case LV_BLANK: return;
  case LV_REG: cx_move(fs, lv->reg, src, lv->type->nslots); return;
  case LV_MEM: cx_store(fs, lv->type, lv->reg, src, lv->off); return;
  case LV_REGFIELD: regfield_set(fs, lv->type, lv->reg, lv->off, src); return;
  case LV_REGIDX: regidx_set(fs, lv, src); return;
  case LV_MAP:
    cx_emit(fs, OP_MAPSET, lv->reg, lv->keyreg, src);
    cx_emit_raw(fs, (Instr)cx_constp(fs, lv->maptype));
    return;
  }
}

void cx_lv_load(FuncState *fs, LValue *lv, int dst) {
  switch (lv->kind) {
  case LV_BLANK: return;
  case LV_REG: cx_move(fs, dst, lv->reg, lv->type->nslots); return;
  case LV_MEM: cx_load(fs, lv->type, dst, lv->reg, lv->off); return;
  case LV_REGFIELD: regfield_get(fs, lv->type, dst, lv->reg, lv->off); return;
  case LV_REGIDX: regidx_get(fs, lv, dst); return;
  case LV_MAP:
    cx_emit(fs, OP_MAPGET, dst, lv->reg, lv->keyreg);
    cx_emit_raw(fs, (Instr)cx_constp(fs, lv->maptype));
    return;
  }
}

/* ---- calls ---- */

static const Proto *static_callee(Node *fn) {
  while (fn->kind == N_PAREN) fn = fn->x;
  Object *o = NULL;
  if (fn->kind == N_IDENT) o = fn->obj;
  else if (fn->kind == N_SELECTOR && fn->aux == SEL_PKG) o = fn->obj;
  if (o && o->kind == OBJ_FUNC && !(o->flags & OF_METHOD)) return o->impl;
  return NULL;
}

/* Arguments for signature sig at R[base..] (receiver slots already placed before base).
 * Returns the slots used. */
static int place_args(FuncState *fs, Node *call, const Type *sig, int base) {
  int np = sig->nparams;
  bool variadic = (sig->tflags & TF_VARIADIC) && !(call->flags & NF_DOTS);
  int at = base;
  NodeList *args = &call->list;
  int fixed = variadic ? np - 1 : np;
  if (args->n == 1 && args->v[0]->type && args->v[0]->type->kind == K_TUPLE) {
    /* f(g()) with g multi-valued: g's results are made above f's argument area, then converted
     * into it (the extra ones into the variadic slice) */
    int area = 0;
    for (int i = 0; i < np; i++) area += sig->params[i]->nslots;
    if (fs->nextreg < base + area) cx_alloc(fs, base + area - fs->nextreg);
    int r = cx_call(fs, args->v[0]);
    Type *tt = args->v[0]->type;
    int off = 0;
    for (int i = 0; i < fixed; i++) {
      cx_convert_value(fs, tt->params[i], sig->params[i], r + off, at);
      off += tt->params[i]->nslots;
      at += sig->params[i]->nslots;
    }
    if (variadic) {
      const Type *et = under(sig->params[np - 1])->elem;
      cx_emit(fs, OP_ZERO, at, 3, 0);
      int nextra = tt->nparams - fixed;
      if (nextra > 0) {
        int ebase = cx_alloc(fs, nextra * et->nslots);
        for (int i = 0; i < nextra; i++) {
          cx_convert_value(fs, tt->params[fixed + i], et, r + off, ebase + i * et->nslots);
          off += tt->params[fixed + i]->nslots;
        }
        cx_emit(fs, OP_APPEND, at, ebase, nextra);
        cx_emit_raw(fs, (Instr)cx_constp(fs, et));
      }
      at += 3;
    }
    fs->nextreg = at;
    return at - base;
  }
  for (int i = 0; i < fixed; i++) {
    if (fs->nextreg < at + sig->params[i]->nslots) cx_alloc(fs, at + sig->params[i]->nslots - fs->nextreg);
    cx_expr_to(fs, args->v[i], sig->params[i], at);
    at += sig->params[i]->nslots;
    fs->nextreg = at;
  }
  if (variadic) {
    const Type *st = sig->params[np - 1];
    const Type *et = under(st)->elem;
    int s = at;
    if (fs->nextreg < at + 3) cx_alloc(fs, at + 3 - fs->nextreg);
    cx_emit(fs, OP_ZERO, s, 3, 0);
    int nextra = args->n - fixed;
    if (nextra > 0) {
      int ebase = cx_alloc(fs, nextra * et->nslots);
      for (int i = 0; i < nextra; i++) cx_expr_to(fs, args->v[fixed + i], et, ebase + i * et->nslots);
      cx_emit(fs, OP_APPEND, s, ebase, nextra);
      cx_emit_raw(fs, (Instr)cx_constp(fs, et));
    }
    at += 3;
    fs->nextreg = at;
  }
  return at - base;
}

/* Evaluates the callee (as a closure register) and the arguments for go/defer: returns the
 * argument base, *fnreg the closure register and *nargs the argument slots. */
int cx_callee_and_args(FuncState *fs, Node *call, int *fnreg, int *nargs) {
  Node *fn = call->x;
  while (fn->kind == N_PAREN) fn = fn->x;
  const Type *sig = under(fn->type);
  *fnreg = cx_alloc(fs, 1);
  int base;
  if (call->flags & NF_METHODCALL) {
    /* bind the method value now (receiver evaluated at the defer statement) */
    cx_expr(fs, fn, *fnreg);
  } else if (fn->kind == N_SELECTOR && fn->aux == SEL_IFACEMETHOD) {
    cx_expr(fs, fn, *fnreg);
  } else {
    cx_expr(fs, fn, *fnreg);
  }
  base = fs->nextreg;
  *nargs = place_args(fs, call, sig, base);
  return base;
}

static int builtin_call(FuncState *fs, Node *n);

/* Go attributes a call to the line of its '(', where the function expression ends: the closing
 * brace of a literal called in place, the name of a selector. */
static void set_call_line(FuncState *fs, Node *call) {
  Node *fn = call->x;
  Pos p = call->pos;
  if (fn->kind == N_FUNCLIT && fn->y && fn->y->pos2.line) p = fn->y->pos2;
  else if (fn->kind == N_SELECTOR && fn->pos2.line) p = fn->pos2;
  if (p.line) fs->curline = (int)p.line;
}

/* Emits a call; results are at the returned register (the call's base). */
int cx_call(FuncState *fs, Node *n) {
  while (n->kind == N_PAREN) n = n->x;
  if (fs->nhoists) {
    int h = cx_hoisted(fs, n);
    if (h >= 0) return h;
  }
  if (n->kind != N_CALL) {
    /* comma-ok forms */
    int r;
    if (n->kind == N_INDEX) {
      const Type *mt = under(n->x->type);
      r = cx_alloc(fs, mt->elem->nslots + 1);
      int m = cx_expr_any(fs, n->x);
      int k = cx_alloc(fs, mt->key->nslots);
      cx_expr_to(fs, n->y, mt->key, k);
      cx_emit(fs, OP_MAPGET2, r, m, k);
      cx_emit_raw(fs, (Instr)cx_constp(fs, mt));
      return r;
    }
    if (n->kind == N_TYPEASSERT) {
      const Type *want = n->y->type;
      r = cx_alloc(fs, (is_iface(want) ? 2 : want->nslots) + 1);
      int x = cx_expr_any(fs, n->x);
      int e = x;
      if (under(n->x->type)->nmethods) {
        e = cx_alloc(fs, 2);
        cx_emit(fs, OP_I2E, e, x, 0);
      }
      cx_emit(fs, is_iface(want) ? OP_ASSERTI2 : OP_ASSERT2, r, e, cx_constp(fs, want));
      cx_emit_raw(fs, (Instr)cx_constp(fs, n->x->type));
      return r;
    }
    if (n->kind == N_UNARY && n->op == T_ARROW) {
      /* v, ok := <-c: the value, then ok (vm/vm_chan.h: VM_RECV_OK) */
      r = cx_alloc(fs, n->type->nslots + 1);
      cx_chan_recv(fs, n, r, 1);
      return r;
    }
    cx_unsupported(fs, n, "this multi-value expression is");
    return cx_alloc(fs, 1);
  }
  if (n->flags & NF_BUILTIN) return builtin_call(fs, n);
  if (n->flags & NF_CONVERSION) {
    int r = cx_alloc(fs, n->type->nslots);
    conversion(fs, n, r);
    return r;
  }
  Node *fn = n->x;
  while (fn->kind == N_PAREN) fn = fn->x;
  const Type *sig = under(fn->type);
  int nres = 0;
  for (int i = 0; i < sig->nresults; i++) nres += sig->results[i]->nslots;
  const Proto *p = static_callee(fn);
  if (p) {
    int base = fs->nextreg;
    place_args(fs, n, sig, base);
    set_call_line(fs, n);
    cx_emitbc(fs, OP_CALL, base, cx_constp(fs, p));
    fs->nextreg = base + (nres > 0 ? nres : 0);
    if (fs->nextreg > fs->maxreg) fs->maxreg = fs->nextreg;
    return base;
  }
  if (fn->kind == N_SELECTOR && fn->aux == SEL_METHOD && (n->flags & NF_METHODCALL)) {
    Object *m = fn->obj;
    const Proto *mp = m->impl;
    FuncInfo *mfi = m->decl ? check_funcinfo(m->decl) : NULL;
    const Type *rt = mfi && mfi->recv ? mfi->recv->type : NULL;
    if (!mp || !rt) {
      cx_unsupported(fs, n, "calling this method is");
      return cx_alloc(fs, 1);
    }
    int base = fs->nextreg;
    cx_alloc(fs, rt->nslots);
    int save = fs->nextreg;
    method_receiver(fs, fn, rt, base);
    fs->nextreg = save;
    place_args(fs, n, sig, base + rt->nslots);
    set_call_line(fs, n);
    cx_emitbc(fs, OP_CALL, base, cx_constp(fs, mp));
    fs->nextreg = base + nres;
    if (fs->nextreg > fs->maxreg) fs->maxreg = fs->nextreg;
    return base;
  }
  if (fn->kind == N_SELECTOR && fn->aux == SEL_IFACEMETHOD) {
    Node embsel;
    Object embfld;
    Node *recv = method_operand(fn, &embsel, &embfld);
    /* the interface first (a temporary below the call window keeps the itab live) */
    int it = cx_expr_any(fs, recv);
    int base = fs->nextreg;
    cx_alloc(fs, 1);
    cx_move(fs, base, it + 1, 1);
    place_args(fs, n, sig, base + 1);
    set_call_line(fs, n);
    cx_emit(fs, OP_CALLI, base, it, fn->obj->index);
    fs->nextreg = base + nres;
    if (fs->nextreg > fs->maxreg) fs->maxreg = fs->nextreg;
    return base;
  }
  /* a func value */
  int f = cx_alloc(fs, 1);
  cx_expr(fs, fn, f);
  int base = fs->nextreg;
  place_args(fs, n, sig, base);
  set_call_line(fs, n);
  cx_emit(fs, OP_CALLCL, base, f, 0);
  fs->nextreg = base + nres;
  if (fs->nextreg > fs->maxreg) fs->maxreg = fs->nextreg;
  return base;
}

static int builtin_call(FuncState *fs, Node *n) {
  NodeList *a = &n->list;
  int id = n->aux;
  switch (id) {
  case BI_PRINT:
  case BI_PRINTLN: {
    for (int i = 0; i < a->n; i++) {
      int save = fs->nextreg;
      if (id == BI_PRINTLN && i > 0) cx_emit(fs, OP_PRINTSP, 0, 0, 0);
      int r = cx_expr_any(fs, a->v[i]);
      cx_emit(fs, OP_PRINT, r, cx_constp(fs, a->v[i]->type), 0);
      fs->nextreg = save;
    }
    if (id == BI_PRINTLN) cx_emit(fs, OP_PRINTNL, 0, 0, 0);
    return fs->nextreg;
  }
  case BI_LEN:
  case BI_CAP: {
    int r = cx_alloc(fs, 1);
    if (n->cval) {
      load_const(fs, n, n->type, r);
      return r;
    }
    const Type *t = under(a->v[0]->type);
    if (t->kind == K_POINTER) t = under(t->elem);
    if (t->kind == K_ARRAY) {
      cx_emitbc(fs, OP_LOADI, r, (int32_t)t->len);
      return r;
    }
    int x = cx_expr_any(fs, a->v[0]);
    if (t->kind == K_MAP) cx_emit(fs, OP_MAPLEN, r, x, 0);
    else if (t->kind == K_CHAN) cx_emit(fs, OP_CHANLEN, r, x, id == BI_CAP);
    else cx_move(fs, r, x + (id == BI_LEN ? 1 : 2), 1);
    return r;
  }
  case BI_PANIC: {
    int r = cx_alloc(fs, 2);
    cx_expr_to(fs, a->v[0], types_any(), r);
    cx_emit(fs, OP_PANIC, r, 0, 0);
    return r;
  }
  case BI_RECOVER: {
    int r = cx_alloc(fs, 2);
    cx_emit(fs, OP_RECOVER, r, 0, 0);
    return r;
  }
  case BI_NEW: {
    int r = cx_alloc(fs, 1);
    cx_emitbc(fs, OP_NEW, r, cx_constp(fs, under(n->type)->elem));
    return r;
  }
  case BI_MAKE: {
    const Type *t = a->v[0]->type;
    const Type *u = under(t);
    if (u->kind == K_SLICE) {
      int r = cx_alloc(fs, 3);
      int len = cx_alloc(fs, 1);
      cx_expr(fs, a->v[1], len);
      int cap = len;
      if (a->n > 2) {
        cap = cx_alloc(fs, 1);
        cx_expr(fs, a->v[2], cap);
      }
      cx_emit(fs, OP_MAKESLICE, r, len, cap);
      cx_emit_raw(fs, (Instr)cx_constp(fs, u->elem));
      fs->nextreg = r + 3;
      return r;
    }
    if (u->kind == K_MAP) {
      int r = cx_alloc(fs, 1);
      int hint = cx_alloc(fs, 1);
      if (a->n > 1) cx_expr(fs, a->v[1], hint);
      else cx_emitbc(fs, OP_LOADI, hint, 0);
      cx_emit(fs, OP_MAKEMAP, r, hint, 0);
      cx_emit_raw(fs, (Instr)cx_constp(fs, u));
      fs->nextreg = r + 1;
      return r;
    }
    return cx_chan_make(fs, n);
  }
  case BI_CLOSE: {
    int c = cx_expr_any(fs, a->v[0]);
    cx_setline(fs, n);
    cx_emit(fs, OP_CLOSE, c, 0, 0);
    return c;
  }
  case BI_APPEND: {
    const Type *st = n->type;
    const Type *et = under(st)->elem;
    int r = cx_alloc(fs, 3);
    cx_expr(fs, a->v[0], r);
    if (n->flags & NF_DOTS) {
      int s = cx_expr_any(fs, a->v[1]);
      cx_emit(fs, OP_APPENDS, r, s, 0);
      cx_emit_raw(fs, (Instr)cx_constp(fs, et));
    } else if (a->n > 1) {
      int cnt = a->n - 1;
      int eb = cx_alloc(fs, cnt * et->nslots);
      for (int i = 0; i < cnt; i++) cx_expr_to(fs, a->v[i + 1], et, eb + i * et->nslots);
      cx_emit(fs, OP_APPEND, r, eb, cnt);
      cx_emit_raw(fs, (Instr)cx_constp(fs, et));
    }
    fs->nextreg = r + 3;
    return r;
  }
  case BI_COPY: {
    int r = cx_alloc(fs, 1);
    int d = cx_expr_any(fs, a->v[0]);
    int s = cx_expr_any(fs, a->v[1]);
    cx_emit(fs, OP_COPY, r, d, s);
    cx_emit_raw(fs, (Instr)under(under(a->v[0]->type)->elem)->size);
    fs->nextreg = r + 1;
    return r;
  }
  case BI_DELETE: {
    const Type *mt = under(a->v[0]->type);
    int m = cx_expr_any(fs, a->v[0]);
    int k = cx_alloc(fs, mt->key->nslots);
    cx_expr_to(fs, a->v[1], mt->key, k);
    cx_emit(fs, OP_MAPDEL, m, k, 0);
    cx_emit_raw(fs, (Instr)cx_constp(fs, mt));
    return m;
  }
  case BI_CLEAR: {
    const Type *t = under(a->v[0]->type);
    int m = cx_expr_any(fs, a->v[0]);
    if (t->kind == K_MAP) cx_emit(fs, OP_MAPCLEAR, m, 0, 0);
    else {
      cx_emit(fs, OP_CLEARS, m, 0, 0);
      cx_emit_raw(fs, (Instr)t->elem->size);
    }
    return m;
  }
  case BI_REAL:
  case BI_IMAG: {
    int r = cx_alloc(fs, n->type->nslots);
    if (n->cval) {
      load_const(fs, n, n->type, r);
      return r;
    }
    int x = cx_expr_any(fs, a->v[0]);
    if (under(a->v[0]->type)->kind == K_COMPLEX128) cx_move(fs, r, x + (id == BI_IMAG), 1);
    else if (id == BI_REAL) cx_emit(fs, OP_ZEXT32, r, x, 0);
    else cx_emit(fs, OP_SHRUK, r, x, 32);
    return r;
  }
  case BI_COMPLEX: {
    int r = cx_alloc(fs, n->type->nslots);
    if (n->cval) {
      load_const(fs, n, n->type, r);
      return r;
    }
    const Type *ft = under(n->type)->kind == K_COMPLEX128 ? types_basic(K_FLOAT64)
                                                           : types_basic(K_FLOAT32);
    int re = cx_alloc(fs, 1), im = cx_alloc(fs, 1);
    cx_expr_to(fs, a->v[0], ft, re);
    cx_expr_to(fs, a->v[1], ft, im);
    if (ft->kind == K_FLOAT64) {
      cx_move(fs, r, re, 1);
      cx_move(fs, r + 1, im, 1);
    } else {
      cx_emit(fs, OP_SHLK, im, im, 32);
      cx_emit(fs, OP_OR, r, re, im);
    }
    return r;
  }
  case BI_MIN:
  case BI_MAX: {
    int r = cx_alloc(fs, n->type->nslots);
    if (n->cval) {
      load_const(fs, n, n->type, r);
      return r;
    }
    cx_expr(fs, a->v[0], r);
    for (int i = 1; i < a->n; i++) {
      int save = fs->nextreg;
      int v = cx_expr_any(fs, a->v[i]);
      int c = cx_alloc(fs, 1);
      if (is_float(n->type)) {
        bool f32 = under(n->type)->kind == K_FLOAT32;
        int op = id == BI_MIN ? (f32 ? OP_MINF32 : OP_MINF) : (f32 ? OP_MAXF32 : OP_MAXF);
        cx_emit(fs, op, r, r, v);
        fs->nextreg = save;
        continue;
      }
      cx_compare_regs(fs, id == BI_MIN ? '<' : '>', n->type, n, c, v, r);
      int j = cx_emitbc(fs, OP_JF, c, 0);
      cx_move(fs, r, v, n->type->nslots);
      cx_patch_here(fs, j);
      fs->nextreg = save;
    }
    return r;
  }
  default: break;
  }
  cx_unsupported(fs, n, "this builtin is");
  return cx_alloc(fs, 1);
}

/* ---- conditions ---- */

static void pushj(int **v, int *n, int *cap, int x) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    *v = realloc(*v, (size_t)*cap * sizeof(int));
    if (!*v) abort();
  }
  (*v)[(*n)++] = x;
}

/* The comparison operator that holds when `a op b` does not (integers: no NaN). */
static int negate_cmp(int op) {
  switch (op) {
  case '<': return T_GEQ;
  case T_LEQ: return '>';
  case '>': return T_LEQ;
  case T_GEQ: return '<';
  case T_EQL: return T_NEQ;
  default: return T_EQL;
  }
}

/* The operator for `b op' a` equivalent to `a op b`. */
static int mirror_cmp(int op) {
  switch (op) {
  case '<': return '>';
  case T_LEQ: return T_GEQ;
  case '>': return '<';
  case T_GEQ: return T_LEQ;
  default: return op;
  }
}

static bool is_int_compare(const Node *c) {
  return c->kind == N_BINARY && is_intlike(c->x->type) && c->x->type == c->y->type &&
         (c->op == '<' || c->op == T_LEQ || c->op == '>' || c->op == T_GEQ || c->op == T_EQL ||
          c->op == T_NEQ);
}

/* Emits a conditional jump (offset to patch) taken when integer comparison `x op y` holds. A small
 * constant operand becomes the immediate of the J..K forms (signed compares: for uint64-sized
 * unsigned kinds only == and != compare the same way). */
static int int_compare_jump(FuncState *fs, int op, Node *x, Node *y) {
  const Type *t = x->type;
  bool uns = is_unsigned(t);
  if (x->cval && !y->cval) {
    Node *tmp = x;
    x = y, y = tmp;
    op = mirror_cmp(op);
  }
  int64_t k = small_const(y);
  if (k != INT64_MIN && (!uns || under(t)->size < 8 || op == T_EQL || op == T_NEQ)) {
    int a = cx_expr_any(fs, x);
    int o = op == '<' ? OP_JLTK : op == T_LEQ ? OP_JLEK : op == '>' ? OP_JGTK : op == T_GEQ ? OP_JGEK
            : op == T_EQL ? OP_JEQK : OP_JNEK;
    return cx_emit(fs, o, a, (int)(int16_t)k, 0);
  }
  int a = cx_expr_any(fs, x);
  int b = cx_expr_any(fs, y);
  switch (op) {
  case '<': return cx_emit(fs, uns ? OP_JLTU : OP_JLT, a, b, 0);
  case T_LEQ: return cx_emit(fs, uns ? OP_JLEU : OP_JLE, a, b, 0);
  case '>': return cx_emit(fs, uns ? OP_JLTU : OP_JLT, b, a, 0);
  case T_GEQ: return cx_emit(fs, uns ? OP_JLEU : OP_JLE, b, a, 0);
  case T_EQL: return cx_emit(fs, OP_JEQ, a, b, 0);
  default: return cx_emit(fs, OP_JNE, a, b, 0);
  }
}

void cx_cond_false(FuncState *fs, Node *cond, int **jumps, int *n, int *cap) {
  while (cond->kind == N_PAREN) cond = cond->x;
  int save = fs->nextreg;
  if (cond->kind == N_BINARY && cond->op == T_ANDAND) {
    cx_cond_false(fs, cond->x, jumps, n, cap);
    cx_cond_false(fs, cond->y, jumps, n, cap);
    return;
  }
  int mark = cx_order_expr(fs, cond); /* a leaf condition: an expression of its own */
  if (is_int_compare(cond)) {
    pushj(jumps, n, cap, int_compare_jump(fs, negate_cmp(cond->op), cond->x, cond->y));
  } else {
    int r = cx_alloc(fs, 1);
    cx_expr(fs, cond, r);
    pushj(jumps, n, cap, cx_emitbc(fs, OP_JF, r, 0));
  }
  cx_order_end(fs, mark);
  fs->nextreg = save;
}

void cx_cond_true(FuncState *fs, Node *cond, int target) {
  while (cond->kind == N_PAREN) cond = cond->x;
  int save = fs->nextreg;
  if (cond->kind == N_BINARY && cond->op == T_OROR) {
    cx_cond_true(fs, cond->x, target);
    cx_cond_true(fs, cond->y, target);
    return;
  }
  int mark = cx_order_expr(fs, cond); /* a leaf condition: an expression of its own */
  if (is_int_compare(cond)) {
    cx_patch(fs, int_compare_jump(fs, cond->op, cond->x, cond->y), target);
  } else {
    int r = cx_alloc(fs, 1);
    cx_expr(fs, cond, r);
    cx_patch(fs, cx_emitbc(fs, OP_JT, r, 0), target);
  }
  cx_order_end(fs, mark);
  fs->nextreg = save;
}

/* ---- composite literals ---- */

/* Entry e of a literal of map type u into the map at R[m]: gc makes it a statement m[k] = v, in
 * its evaluation order (compile_order.c). */
static void map_entry(FuncState *fs, const Type *u, int m, Node *e) {
  int save = fs->nextreg;
  OrderRoot entry[2] = {{e->x, u->key, false, u}, {e->y, u->elem, false, NULL}};
  int mark = cx_order_begin(fs, entry, 2);
  int k = cx_alloc(fs, u->key->nslots);
  cx_expr_to(fs, e->x, u->key, k);
  int v = cx_alloc(fs, u->elem->nslots);
  cx_expr_to(fs, e->y, u->elem, v);
  cx_emit(fs, OP_MAPSET, m, k, v);
  cx_emit_raw(fs, (Instr)cx_constp(fs, u));
  cx_order_end(fs, mark);
  fs->nextreg = save;
}

static void composite(FuncState *fs, Node *n, int dst) {
  const Type *t = n->type;
  const Type *u = under(t);
  int save = fs->nextreg;
  if (u->kind == K_STRUCT) {
    cx_emit(fs, OP_ZERO, dst, t->nslots, 0);
    for (int i = 0; i < n->list.n; i++) {
      Node *e = n->list.v[i];
      int fi = i;
      Node *v = e;
      if (e->kind == N_KEYVALUE) {
        v = e->y;
        fi = -1;
        for (int j = 0; j < u->nfields; j++)
          if (strcmp(u->fields[j].name, e->x->name) == 0) fi = j;
        if (fi < 0) continue;
      }
      const Field *f = &u->fields[fi];
      int r = cx_alloc(fs, f->type->nslots);
      if (v->kind == N_COMPOSITE && !v->type) v->type = f->type;
      cx_expr_to(fs, v, f->type, r);
      regfield_set(fs, f->type, dst, (int)f->offset, r);
      fs->nextreg = save;
    }
    return;
  }
  if (u->kind == K_ARRAY || u->kind == K_SLICE) {
    const Type *et = u->elem;
    int64_t len = 0, idx = 0;
    for (int i = 0; i < n->list.n; i++) {
      Node *e = n->list.v[i];
      if (e->kind == N_KEYVALUE) const_get_int64(e->x->cval, &idx);
      idx++;
      if (idx > len) len = idx;
    }
    if (u->kind == K_ARRAY) len = u->len;
    /* build in a heap block, then load (arrays) or wrap (slices) */
    int p = cx_alloc(fs, 1);
    const Type *at = u->kind == K_ARRAY ? t : types_array((Type *)et, len);
    cx_emitbc(fs, OP_NEW, p, cx_constp(fs, at));
    idx = 0;
    for (int i = 0; i < n->list.n; i++) {
      Node *e = n->list.v[i];
      Node *v = e;
      if (e->kind == N_KEYVALUE) {
        const_get_int64(e->x->cval, &idx);
        v = e->y;
      }
      int r = cx_alloc(fs, et->nslots);
      if (v->kind == N_COMPOSITE && !v->type) v->type = (Type *)et;
      cx_expr_to(fs, v, et, r);
      int64_t off = idx * et->size;
      if (off <= 65535) {
        cx_store(fs, et, p, r, (int)off);
      } else {
        int q = cx_alloc(fs, 1), ir = cx_alloc(fs, 1);
        cx_emitbc(fs, OP_LOADK, ir, cx_const(fs, (Slot)idx));
        cx_emit(fs, OP_IDXA, q, p, ir);
        cx_emit_raw(fs, (Instr)et->size | (Instr)len << 32);
        cx_store(fs, et, q, r, 0);
      }
      idx++;
      fs->nextreg = save + 1;
    }
    if (u->kind == K_ARRAY) {
      cx_load(fs, t, dst, p, 0);
    } else {
      cx_move(fs, dst, p, 1);
      int l = cx_alloc(fs, 1);
      if (len <= INT32_MAX) cx_emitbc(fs, OP_LOADI, l, (int32_t)len);
      cx_move(fs, dst + 1, l, 1);
      cx_move(fs, dst + 2, l, 1);
    }
    fs->nextreg = save;
    return;
  }
  if (u->kind == K_MAP) {
    int hint = cx_alloc(fs, 1);
    cx_emitbc(fs, OP_LOADI, hint, n->list.n);
    int m = cx_alloc(fs, 1);
    cx_emit(fs, OP_MAKEMAP, m, hint, 0);
    cx_emit_raw(fs, (Instr)cx_constp(fs, u));
    /* gc inserts the static entries first (cx_order_static), then the others in source order:
     * split when a static entry follows a dynamic one, as only then can the order show (a key
     * equal to an earlier one) */
    bool split = false, dynamic = false;
    for (int i = 0; i < n->list.n; i++) {
      Node *e = n->list.v[i];
      if (e->x->kind == N_COMPOSITE && !e->x->type) e->x->type = u->key;
      if (e->y->kind == N_COMPOSITE && !e->y->type) e->y->type = u->elem;
      bool st = cx_order_static(e->x, u->key) && cx_order_static(e->y, u->elem);
      split |= st && dynamic;
      dynamic |= !st;
    }
    for (int pass = split ? 0 : 1; pass < 2; pass++)
      for (int i = 0; i < n->list.n; i++) {
        Node *e = n->list.v[i];
        if (!split || (cx_order_static(e->x, u->key) && cx_order_static(e->y, u->elem)) == !pass)
          map_entry(fs, u, m, e);
      }
    cx_move(fs, dst, m, 1);
    fs->nextreg = save;
    return;
  }
  if (u->kind == K_POINTER) {
    /* &T{...} elided inside an outer literal */
    const Type *et = u->elem;
    int tmp = cx_alloc(fs, et->nslots);
    Node inner = *n;
    inner.type = (Type *)et;
    composite(fs, &inner, tmp);
    cx_emitbc(fs, OP_NEW, dst, cx_constp(fs, et));
    cx_store(fs, et, dst, tmp, 0);
    fs->nextreg = save;
    return;
  }
  cx_unsupported(fs, n, "this composite literal is");
}

/* ---- expressions ---- */

int cx_expr_any(FuncState *fs, Node *n) {
  while (n->kind == N_PAREN) n = n->x;
  if (fs->nhoists) {
    int h = cx_hoisted(fs, n);
    if (h >= 0) return h;
  }
  if (n->kind == N_IDENT && !n->cval) {
    Object *o = ident_obj(n);
    if (o && o->kind == OBJ_VAR && !(o->flags & OF_GLOBAL) && !cx_in_cell(o)) return o->index;
  }
  if (n->kind == N_CALL && !n->cval && !(n->flags & (NF_BUILTIN | NF_CONVERSION)) && n->type &&
      n->type->kind != K_TUPLE && n->type->nslots > 0) {
    /* a single-valued call: its result stays where the call left it */
    int r = cx_call(fs, n);
    fs->nextreg = r + n->type->nslots;
    if (fs->nextreg > fs->maxreg) fs->maxreg = fs->nextreg;
    return r;
  }
  int r = cx_alloc(fs, n->type && n->type->kind != K_TUPLE ? n->type->nslots : 1);
  cx_expr(fs, n, r);
  return r;
}

static void selector(FuncState *fs, Node *n, int dst) {
  switch (n->aux) {
  case SEL_PKG: {
    Object *o = n->obj;
    if (o->kind == OBJ_FUNC) {
      cx_emitbc(fs, OP_LOADK, dst, cx_constp(fs, vm_proto_closure(o->impl)));
      return;
    }
    int p = cx_alloc(fs, 1);
    cx_emitbc(fs, OP_LOADK, p, cx_constp(fs, o->impl));
    cx_load(fs, n->type, dst, p, 0);
    return;
  }
  case SEL_FIELD: {
    int save = fs->nextreg;
    /* a field of a value in registers without a path: extract directly */
    LValue lv;
    const Type *xt = n->x->type;
    Node *x = n->x;
    while (x->kind == N_PAREN) x = x->x;
    bool addressable = x->kind == N_IDENT || x->kind == N_SELECTOR || x->kind == N_INDEX || x->kind == N_STAR;
    if (x->kind == N_INDEX && under(x->x->type)->kind == K_MAP) addressable = false; /* m[k].f */
    if (under(xt)->kind != K_POINTER && !addressable) {
      int agg = cx_expr_any(fs, x);
      int64_t off = 0;
      const Type *t = xt;
      for (int i = 0; i <= n->npath; i++) {
        int fi = i < n->npath ? n->path[i] : n->obj->index;
        const Field *f = &under(t)->fields[fi];
        off += f->offset;
        t = f->type;
      }
      regfield_get(fs, n->type, dst, agg, (int)off);
      fs->nextreg = save;
      return;
    }
    lv = cx_lvalue(fs, n);
    cx_lv_load(fs, &lv, dst);
    fs->nextreg = save;
    return;
  }
  case SEL_METHOD: {
    /* method value: bind the receiver */
    Object *m = n->obj;
    FuncInfo *mfi = m->decl ? check_funcinfo(m->decl) : NULL;
    const Type *rt = mfi && mfi->recv ? mfi->recv->type : NULL;
    if (!rt) {
      cx_unsupported(fs, n, "this method value is");
      return;
    }
    int save = fs->nextreg;
    int r = cx_alloc(fs, rt->nslots);
    method_receiver(fs, n, rt, r);
    cx_emit(fs, OP_BIND, dst, r, cx_constp(fs, m->impl));
    fs->nextreg = save;
    return;
  }
  case SEL_IFACEMETHOD: {
    /* method value of an interface: a thunk bound to the interface value (nil panics now) */
    Node embsel;
    Object embfld;
    Node *recv = method_operand(n, &embsel, &embfld);
    int save = fs->nextreg;
    int r = cx_alloc(fs, 2);
    cx_expr(fs, recv, r);
    cx_emit(fs, OP_NILCHK, r, 0, 0);
    const Proto *thunk = vm_iface_method_thunk(under(recv->type), n->obj->index);
    cx_emit(fs, OP_BIND, dst, r, cx_constp(fs, thunk));
    fs->nextreg = save;
    return;
  }
  case SEL_METHODEXPR: {
    Object *m = n->obj;
    if (is_iface(n->x->type)) {
      /* I.M: a function taking the interface value first */
      const Proto *thunk = vm_iface_method_thunk(under(n->x->type), m->index);
      cx_emitbc(fs, OP_LOADK, dst, cx_constp(fs, thunk->self));
      return;
    }
    const Proto *fn = vm_method_expr(n->x->type, m->name);
    if (!fn) {
      cx_unsupported(fs, n, "this method expression is");
      return;
    }
    cx_emitbc(fs, OP_LOADK, dst, cx_constp(fs, fn->self ? fn->self : vm_proto_closure((Proto *)fn)));
    return;
  }
  default: cx_unsupported(fs, n, "this selector is"); return;
  }
}

static void index_expr(FuncState *fs, Node *n, int dst) {
  int save = fs->nextreg;
  const Type *xt = under(n->x->type);
  if (xt->kind == K_STRING) {
    int s = cx_expr_any(fs, n->x);
    int i = cx_expr_any(fs, n->y);
    cx_unsigned_bounds(fs, cx_emit(fs, OP_STRIDX, dst, s, i), ubit(n->y, 0));
  } else if (xt->kind == K_MAP) {
    int m = cx_expr_any(fs, n->x);
    int k = cx_alloc(fs, xt->key->nslots);
    cx_expr_to(fs, n->y, xt->key, k);
    cx_emit(fs, OP_MAPGET, dst, m, k);
    cx_emit_raw(fs, (Instr)cx_constp(fs, xt));
  } else if (xt->kind == K_SLICE && xt->elem->size == 8 && cx_loadop(xt->elem) == OP_LD64) {
    int s = cx_expr_any(fs, n->x);
    int i = cx_expr_any(fs, n->y);
    cx_unsigned_bounds(fs, cx_emit(fs, OP_SLD64, dst, s, i), ubit(n->y, 0));
  } else if (xt->kind == K_SLICE && xt->elem->size == 1 && cx_loadop(xt->elem) == OP_LD8U) {
    int s = cx_expr_any(fs, n->x);
    int i = cx_expr_any(fs, n->y);
    cx_unsigned_bounds(fs, cx_emit(fs, OP_SLD8U, dst, s, i), ubit(n->y, 0));
  } else if (xt->kind == K_ARRAY && !(n->x->flags & NF_ADDRESSABLE)) {
    /* array value (e.g. a call result): materialise in a cell */
    int v = cx_expr_any(fs, n->x);
    int p = cx_alloc(fs, 1);
    cx_emitbc(fs, OP_NEW, p, cx_constp(fs, xt));
    cx_store(fs, xt, p, v, 0);
    int i = cx_expr_any(fs, n->y);
    int q = cx_alloc(fs, 1);
    cx_unsigned_bounds(fs, cx_emit(fs, OP_IDXA, q, p, i), ubit(n->y, 0));
    cx_emit_raw(fs, (Instr)xt->elem->size | (Instr)xt->len << 32);
    cx_load(fs, xt->elem, dst, q, 0);
  } else {
    LValue lv = cx_lvalue(fs, n);
    cx_lv_load(fs, &lv, dst);
  }
  fs->nextreg = save;
}

static void slice_expr(FuncState *fs, Node *n, int dst) {
  int save = fs->nextreg;
  const Type *xt = under(n->x->type);
  bool three = n->flags & NF_SLICE3;
  unsigned umask = ubit(n->y, 0) | ubit(n->z, 1) | ubit(n->w, 2);
  int b = cx_alloc(fs, 3);
  if (xt->kind == K_STRING) {
    int s = cx_expr_any(fs, n->x);
    if (n->y) cx_expr(fs, n->y, b);
    else cx_emitbc(fs, OP_LOADI, b, 0);
    if (n->z) cx_expr(fs, n->z, b + 1);
    else cx_move(fs, b + 1, s + 1, 1);
    cx_unsigned_bounds(fs, cx_emit(fs, OP_STRSLICE, dst, s, b), umask);
    fs->nextreg = save;
    return;
  }
  if (xt->kind == K_SLICE) {
    int s = cx_expr_any(fs, n->x);
    if (n->y) cx_expr(fs, n->y, b);
    else cx_emitbc(fs, OP_LOADI, b, 0);
    if (n->z) cx_expr(fs, n->z, b + 1);
    else cx_move(fs, b + 1, s + 1, 1);
    if (n->w) cx_expr(fs, n->w, b + 2);
    cx_unsigned_bounds(fs, cx_emit(fs, OP_SLICE, dst, s, b), umask);
    cx_emit_raw(fs, (Instr)xt->elem->size | (Instr)(three ? 1 : 0) << 32);
    fs->nextreg = save;
    return;
  }
  /* arrays: through a pointer, or an addressable array (its cell) */
  const Type *at = xt;
  int p;
  if (xt->kind == K_POINTER) {
    at = under(xt->elem);
    p = cx_expr_any(fs, n->x);
  } else {
    LValue lv = cx_lvalue(fs, n->x);
    if (lv.kind != LV_MEM) {
      cx_unsupported(fs, n, "slicing an array held in registers is");
      return;
    }
    p = lv.reg;
    if (lv.off) {
      int q = cx_alloc(fs, 1);
      cx_emit(fs, OP_ADDK, q, p, lv.off);
      p = q;
    }
  }
  if (n->y) cx_expr(fs, n->y, b);
  else cx_emitbc(fs, OP_LOADI, b, 0);
  if (n->z) cx_expr(fs, n->z, b + 1);
  else cx_emitbc(fs, OP_LOADI, b + 1, (int32_t)at->len);
  if (n->w) cx_expr(fs, n->w, b + 2);
  cx_unsigned_bounds(fs, cx_emit(fs, OP_SLICEA, dst, p, b), umask);
  cx_emit_raw(fs, (Instr)at->elem->size | (Instr)(three ? 1u : 0u) << 31 | (Instr)at->len << 32);
  fs->nextreg = save;
}

static void type_assert(FuncState *fs, Node *n, int dst) {
  int save = fs->nextreg;
  const Type *want = n->y->type;
  int x = cx_expr_any(fs, n->x);
  int e = x;
  if (under(n->x->type)->nmethods) {
    e = cx_alloc(fs, 2);
    cx_emit(fs, OP_I2E, e, x, 0);
  }
  cx_emit(fs, is_iface(want) ? OP_ASSERTI : OP_ASSERT, dst, e, cx_constp(fs, want));
  cx_emit_raw(fs, (Instr)cx_constp(fs, n->x->type));
  fs->nextreg = save;
}

void cx_expr(FuncState *fs, Node *n, int dst) {
  if (n->cval && n->type && n->type->kind != K_TUPLE) {
    load_const(fs, n, n->type, dst);
    return;
  }
  if (fs->nhoists && n->kind != N_PAREN) {
    int h = cx_hoisted(fs, n);
    if (h >= 0) {
      cx_move(fs, dst, h, n->type->nslots);
      return;
    }
  }
  switch (n->kind) {
  case N_PAREN: cx_expr(fs, n->x, dst); return;
  case N_IDENT: {
    Object *o = n->obj;
    if (!o) break;
    if (o->kind == OBJ_NIL) {
      cx_emit(fs, OP_ZERO, dst, n->type ? n->type->nslots : 1, 0);
      return;
    }
    if (o->kind == OBJ_FUNC) {
      cx_emitbc(fs, OP_LOADK, dst, cx_constp(fs, vm_proto_closure(o->impl)));
      return;
    }
    if (o->kind != OBJ_VAR) break;
    if (o->flags & OF_GLOBAL) {
      int gk = cx_global_k(fs, n);
      if (gk >= 0) {
        cx_emitbc(fs, OP_LDG, dst, gk);
        return;
      }
      int p = cx_alloc(fs, 1);
      cx_emitbc(fs, OP_LOADK, p, cx_constp(fs, o->impl));
      cx_load(fs, o->type, dst, p, 0);
      fs->nextreg = p;
      return;
    }
    if (cx_in_cell(o)) {
      cx_load(fs, o->type, dst, cx_cellreg(fs, o), 0);
      return;
    }
    cx_move(fs, dst, o->index, o->type->nslots);
    return;
  }
  case N_BINARY: binary(fs, n, dst); return;
  case N_UNARY: unary(fs, n, dst); return;
  case N_CALL: {
    int save = fs->nextreg;
    int r = cx_call(fs, n);
    if (n->type && n->type->kind != K_TUPLE) cx_move(fs, dst, r, n->type->nslots);
    fs->nextreg = save;
    return;
  }
  case N_SELECTOR: selector(fs, n, dst); return;
  case N_INDEX: index_expr(fs, n, dst); return;
  case N_SLICE: slice_expr(fs, n, dst); return;
  case N_STAR: {
    int save = fs->nextreg;
    int p = cx_expr_any(fs, n->x);
    cx_load(fs, n->type, dst, p, 0);
    fs->nextreg = save;
    return;
  }
  case N_COMPOSITE: composite(fs, n, dst); return;
  case N_FUNCLIT: cx_funclit(fs, n, dst); return;
  case N_TYPEASSERT: type_assert(fs, n, dst); return;
  default: break;
  }
  cx_unsupported(fs, n, n->kind < N_KIND_COUNT ? ast_kind_name((NodeKind)n->kind) : "expression");
}

/* ---- type switches ---- */

void cx_open_switch(FuncState *fs, Loop *l, const char *label);
void cx_close_switch(FuncState *fs, Loop *l);

void cx_typeswitch(FuncState *fs, Node *s, const char *label) {
  if (s->x) cx_stmt(fs, s->x);
  Node *g = s->y;
  const Type *xt = g->x->type;
  int x = cx_expr_any(fs, g->x);
  int e = x;
  if (under(xt)->nmethods) {
    e = cx_alloc(fs, 2);
    cx_emit(fs, OP_I2E, e, x, 0);
  }
  int nc = s->list.n;
  int *tests[nc];
  int ntests[nc], captests[nc];
  int deflt = -1;
  int c = cx_alloc(fs, 1);
  for (int i = 0; i < nc; i++) {
    Node *cc = s->list.v[i];
    tests[i] = NULL;
    ntests[i] = captests[i] = 0;
    if (cc->flags & NF_DEFAULT) deflt = i;
    for (int j = 0; j < cc->list.n; j++) {
      Node *te = cc->list.v[j];
      const Type *t = te->type;
      int jt;
      if (te->kind == N_IDENT && te->obj && te->obj->kind == OBJ_NIL) {
        jt = cx_emit(fs, OP_JEQK, e, 0, 0);
      } else if (is_iface(t)) {
        cx_emit(fs, OP_IMPLEMENTS, c, e, cx_constp(fs, t));
        jt = cx_emitbc(fs, OP_JT, c, 0);
      } else {
        int k = cx_alloc(fs, 1);
        cx_emitbc(fs, OP_LOADK, k, cx_constp(fs, t));
        cx_emit(fs, OP_EQ, c, e, k);
        fs->nextreg = k;
        jt = cx_emitbc(fs, OP_JT, c, 0);
      }
      pushj(&tests[i], &ntests[i], &captests[i], jt);
    }
  }
  int jdef = cx_jump(fs);
  Loop l;
  cx_open_switch(fs, &l, label);
  int *ends = NULL, nends = 0, capends = 0;
  for (int i = 0; i < nc; i++) {
    Node *cc = s->list.v[i];
    for (int j = 0; j < ntests[i]; j++) cx_patch_here(fs, tests[i][j]);
    free(tests[i]);
    if (i == deflt) cx_patch_here(fs, jdef);
    int inner = fs->nextreg;
    /* the bound variable: the case's implicit object (checker: cc->obj) */
    Object *v = cc->obj;
    if (g->name && v) {
      const Type *vt = v->type;
      int tmp = cx_alloc(fs, vt->nslots);
      if (is_iface(vt)) {
        if (under(vt)->nmethods) {
          cx_emit(fs, OP_ASSERTI, tmp, e, cx_constp(fs, vt));
          cx_emit_raw(fs, (Instr)cx_constp(fs, xt));
        } else {
          cx_move(fs, tmp, e, 2);
        }
      } else {
        cx_emit(fs, OP_ASSERT, tmp, e, cx_constp(fs, vt));
        cx_emit_raw(fs, (Instr)cx_constp(fs, xt));
      }
      cx_declare(fs, v);
      if (cx_in_cell(v)) cx_store(fs, vt, v->index, tmp, 0);
      else cx_move(fs, v->index, tmp, vt->nslots);
    }
    cx_block(fs, cc->list2.v, cc->list2.n);
    fs->nextreg = inner;
    pushj(&ends, &nends, &capends, cx_jump(fs));
  }
  if (deflt < 0) cx_patch_here(fs, jdef);
  for (int j = 0; j < nends; j++) cx_patch_here(fs, ends[j]);
  free(ends);
  cx_close_switch(fs, &l);
}

/* Functions shared between compile.c (driver, statements) and compile_expr.c (expressions). */
#ifndef GOL_LANG_COMPILE_X_H
#define GOL_LANG_COMPILE_X_H

#include "lang/compile_int.h"

int cx_emit_raw(FuncState *fs, Instr w);
int cx_emit(FuncState *fs, int op, int a, int b, int c);
int cx_emitbc(FuncState *fs, int op, int a, int32_t bc);
/* Records that operands of the bounds-checking instruction at pc have unsigned types (mask: bit k
 * for operand k: the index, or a slice expression's lo, hi, max), for the VM's error message.
 * Calls come in increasing pc order. */
void cx_unsigned_bounds(FuncState *fs, int pc, unsigned mask);
int cx_const(FuncState *fs, Slot v);
int cx_const2(FuncState *fs, Slot a, Slot b);
int cx_constp(FuncState *fs, const void *p);
int cx_jump(FuncState *fs);
void cx_patch(FuncState *fs, int at, int target);
void cx_patch_here(FuncState *fs, int at);
int cx_alloc(FuncState *fs, int n);
void cx_unsupported(FuncState *fs, Node *n, const char *what);
void cx_setline(FuncState *fs, Node *n);
int cx_loadop(const Type *t);
int cx_storeop(const Type *t);
void cx_load(FuncState *fs, const Type *t, int dst, int ptr, int off);
void cx_store(FuncState *fs, const Type *t, int ptr, int src, int off);
void cx_move(FuncState *fs, int dst, int src, int n);
void cx_move_temp(FuncState *fs, int dst, int tmp, int n);
void cx_narrow(FuncState *fs, const Type *t, int r);
bool cx_in_cell(const Object *o);
void cx_declare(FuncState *fs, Object *o);
void cx_function(Compiler *c, FuncState *outer, FuncInfo *fi, Proto *p);
void cx_signature_slots(const FuncInfo *fi, Proto *p);
/* Gives c->pkg->funcs[from..] their Protos (bound to their objects and method entries). */
void cx_declare_funcs(Compiler *c, int from);
void cx_funclit(FuncState *fs, Node *n, int dst);
int cx_cellreg(FuncState *fs, Object *o);
int cx_builtin_thunk(FuncState *fs, Node *call, int *fnreg, int *nargs);

/* evaluation order (compile_order.c) */
/* One expression of a statement: a value converted to want (NULL: no conversion), an
 * assignment's target (lvalue), or the key of an index into a map of type map (as the target of
 * m[n] = v: map literal entries). */
typedef struct OrderRoot {
  Node *n;
  const Type *want;
  bool lvalue;
  const Type *map; /* the map's underlying type, or NULL */
} OrderRoot;
/* Before compiling a statement's expressions (roots, in evaluation order): when Go's order differs
 * from left to right, compiles the operations Go runs first into registers above nextreg, found
 * by cx_hoisted while the statement is compiled. Returns the mark for cx_order_end. */
int cx_order_begin(FuncState *fs, const OrderRoot *roots, int n);
/* cx_order_begin for one expression. */
int cx_order_expr(FuncState *fs, Node *n);
/* Forgets the nodes hoisted since mark (their registers are released with the statement's). */
void cx_order_end(FuncState *fs, int mark);
/* The register holding hoisted node n's value, or -1. */
int cx_hoisted(FuncState *fs, const Node *n);
/* Whether n, converted to want, is a static composite literal after gc orders it (constants, nil,
 * and array and struct literals of them; nothing converted to an interface but nil): gc inserts
 * the map literal entries whose key and value both are before the others. */
bool cx_order_static(const Node *n, const Type *want);

/* statements (compile_stmt.c) */
void cx_block(FuncState *fs, Node **stmts, int n);
void cx_stmt(FuncState *fs, Node *s);
void cx_resolve_gotos(FuncState *fs);
void cx_global_init(FuncState *fs, VarInit *vi);

/* expressions (compile_expr.c) */
/* Evaluates n into R[dst..dst+nslots). */
void cx_expr(FuncState *fs, Node *n, int dst);
/* Evaluates n into some register range (a local's own registers when possible). */
int cx_expr_any(FuncState *fs, Node *n);
/* Evaluates n converted to type want (boxing into interfaces) into R[dst..]. */
void cx_expr_to(FuncState *fs, Node *n, const Type *want, int dst);
/* Converts the value of type have at R[src] to want at R[dst] (interface boxing). */
void cx_convert_value(FuncState *fs, const Type *have, const Type *want, int src, int dst);
/* x op k with k a small integer constant (cx_binop_const_ok): the immediate forms. */
bool cx_binop_const_ok(int op, const Type *t, const Node *k);
void cx_binop_const_node(FuncState *fs, int op, const Type *t, int dst, int a, const Node *k);
void cx_binop_regs(FuncState *fs, int op, const Type *t, const Type *ty, int dst, int a, int b, Node *at);
/* R[r] op= 1 for x++ / x-- (op '+' or '-') of any numeric type t. */
void cx_incdec(FuncState *fs, int op, const Type *t, int r);
/* Emits a jump taken when cond is false; returns the jumps to patch (count in *n). */
void cx_cond_false(FuncState *fs, Node *cond, int **jumps, int *n, int *cap);
/* Emits jumps to target taken when cond is true (falls through otherwise). */
void cx_cond_true(FuncState *fs, Node *cond, int target);
/* A multi-value call: results at the returned register. */
int cx_call(FuncState *fs, Node *n);
/* Assignment targets. */
typedef struct LValue {
  int kind;      /* LV_REG, LV_MEM (ptr register + offset), LV_MAP, LV_BLANK, LV_REGFIELD */
  const Type *type;
  int reg;       /* value register / pointer register / map register / aggregate register */
  int off;
  int keyreg;    /* LV_MAP */
  const Type *maptype;
} LValue;
/* LV_REGIDX: bytes off + R[keyreg] of the register aggregate at reg (an element of an array held
 * in registers, indexed by a variable; the offset register is already bounds-checked). */
enum { LV_BLANK, LV_REG, LV_MEM, LV_MAP, LV_REGFIELD, LV_REGIDX };
LValue cx_lvalue(FuncState *fs, Node *n);
/* The constant index of the cell of package variable n when it is one 8-byte slot (LDG/STG), or
 * -1. */
int cx_global_k(FuncState *fs, Node *n);
void cx_lv_store(FuncState *fs, LValue *lv, int src);
void cx_lv_load(FuncState *fs, LValue *lv, int dst);

/* channels and select (compile_chan.c); flags are vm/vm_chan.h's VM_RECV_* */
void cx_chan_recv_regs(FuncState *fs, int dst, int chanreg, const Type *et, unsigned flags);
void cx_chan_recv(FuncState *fs, Node *n, int dst, unsigned flags);
void cx_chan_send(FuncState *fs, Node *s);
int cx_chan_make(FuncState *fs, Node *n);
bool cx_chan_go_defer_builtin(FuncState *fs, Node *s);
void cx_select(FuncState *fs, Node *s, const char *label);

#endif

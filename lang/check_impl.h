/* Internals shared by the checker's files (check_*.c). Not for use outside the checker. */
#ifndef GOL_LANG_CHECK_IMPL_H
#define GOL_LANG_CHECK_IMPL_H

#include "lang/check.h"
#include "lang/typesys.h"

/* Bound on expression/statement/type nesting, so hostile input cannot overflow the C stack. */
#define CHECK_MAX_DEPTH 1000

/* Operand modes (types2's). */
typedef enum Mode {
  M_INVALID, M_NOVALUE, M_BUILTIN, M_TYPEXPR, M_CONST, M_VAR, M_MAPINDEX, M_VALUE, M_COMMAOK
} Mode;

typedef struct Operand {
  Mode mode;
  Node *expr;
  Type *type;
  ConstVal *val;
  int builtin;
} Operand;

/* Package-level declaration resolution state (Object.index is reused before compilation? no:
 * we keep it in a side table). */
typedef struct DeclInfo {
  Object *obj;
  Node *spec;      /* N_VALUESPEC / N_TYPESPEC / N_FUNCDECL */
  Node *typ;       /* const/var: the spec's type expression (for consts: possibly inherited) */
  Node *init;      /* const: the value expression; var: the init expression (single) */
  Object **lhs;    /* var x, y = f(): all the objects sharing init */
  int nlhs;
  int color;       /* 0 white, 1 grey (in progress), 2 black */
  int iota;
  uint16_t file;
  Object **deps;   /* package-level vars/funcs referenced by the initialiser or body */
  int ndeps, capdeps;
} DeclInfo;

typedef struct Checker {
  Arena *a;
  Diag *diag;
  Package *pkg;
  const CheckConfig *cfg;
  Scope *scope;      /* current scope */
  FuncInfo *fn;      /* current function */
  DeclInfo *decl;    /* package-level declaration whose initialiser/body is being checked */
  DeclInfo **decls;
  int ndecls, capdecls;
  Object **objpath;  /* grey path for cycle reports */
  int nobjpath, capobjpath;
  Scope *filescope;  /* current file's scope */
  int depth;         /* recursion depth guard */
  bool depth_reported;
  int iota;          /* current iota, -1 outside const declarations */
  Type *ctx_result;  /* unused */
  /* function-body state for labels/unused checks */
  void *stmtctx;
  /* imports per file for "imported and not used" */
  Object **imports;
  int nimports, capimports;
  /* delayed function bodies */
  Node **bodies;
  FuncInfo **bodyfns;
  Scope **bodyscopes;
  int nbodies, capbodies;
} Checker;

/* check_fmt.c */
void chk_errorf(Checker *c, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
char *chk_exprstr(Node *n);                /* syntax.String short form; malloc'ed */
char *chk_operandstr(Checker *c, Operand *x); /* "x (variable of type int)"; malloc'ed */
char *chk_typestr(Checker *c, Type *t);    /* malloc'ed */
const char *chk_opstr(int op);

/* check_decl.c */
Scope *chk_newscope(Checker *c, Scope *parent);
void chk_declare(Checker *c, Scope *s, Object *o, Pos p);
Object *chk_newobj(Checker *c, ObjKind k, const char *name, Type *t, Pos p);
void chk_objdecl(Checker *c, Object *o);
DeclInfo *chk_declinfo(Checker *c, Object *o);
void chk_record_dep(Checker *c, Object *o);
Type *chk_typexpr(Checker *c, Node *n);
Type *chk_functype(Checker *c, Node *ft, Object **recv, Node *recvfield, FuncInfo *fi, Scope *s);
void chk_funcbody(Checker *c, FuncInfo *fi, Node *body, Scope *s);

/* check_expr.c */
void chk_expr(Checker *c, Operand *x, Node *n, Type *hint);
void chk_multiexpr(Checker *c, Operand *x, Node *n); /* allows tuples */
void chk_exprortype(Checker *c, Operand *x, Node *n);
void chk_rawexpr(Checker *c, Operand *x, Node *n, Type *hint, bool allowtuple, bool allowtype);
void chk_assignment(Checker *c, Operand *x, Type *T, const char *context);
void chk_convert_untyped(Checker *c, Operand *x, Type *target);
void chk_default(Checker *c, Operand *x); /* untyped -> default type */
bool chk_assignable(Checker *c, Operand *x, Type *T, char *reason, size_t n);
void chk_settype(Node *n, Type *t);
bool chk_isuntyped(Type *t);
Type *chk_defaulttype(Type *t);
bool chk_isinteger(Type *t);
bool chk_isunsigned(Type *t);
bool chk_isfloat(Type *t);
bool chk_iscomplex(Type *t);
bool chk_isnumeric(Type *t);
bool chk_isstring(Type *t);
bool chk_isbool(Type *t);
bool chk_isiface(Type *t);
bool chk_representable(Checker *c, Operand *x, Type *t, int *why);
void chk_use(Checker *c, NodeList *l); /* evaluate for side effects after an error */
void chk_index_value(Checker *c, Node *n, int64_t max, int64_t *out);
bool chk_comparable(Type *t);
void chk_binary(Checker *c, Operand *x, Node *e, Node *lhs, Node *rhs, int op, Pos oppos);
void chk_markaddr(Node *n);

/* check_call.c */
void chk_call(Checker *c, Operand *x, Node *n);
void chk_selector(Checker *c, Operand *x, Node *n);
void chk_conversion(Checker *c, Operand *x, Type *T, Node *call);
bool chk_convertible(Checker *c, Operand *x, Type *T);

/* check_stmt.c */
void chk_stmtlist(Checker *c, NodeList *l);
bool chk_terminates(Node *s, const char *label);
void chk_usage(Checker *c, Scope *s);

/* check_init.c */
void chk_initorder(Checker *c);

#endif

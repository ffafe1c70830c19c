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
  Type *spell; /* how type is spelled in messages (check_spell.c), or NULL */
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

/* An import . "path": used once an identifier of the file resolves to one of pkg's objects. */
typedef struct DotImport {
  Node *spec;
  Package *pkg;
  uint16_t file;
  bool used;
} DotImport;

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
  Pos errpos;        /* line != 0: where every error is reported (an inherited constant
                        initialiser is reported at the constant's name, as types2's errpos) */
  Type *ctx_result;  /* unused */
  /* function-body state for labels/unused checks */
  void *stmtctx;
  /* imports per file for "imported and not used" */
  Object **imports;
  int nimports, capimports;
  struct DotImport *dots; /* import . "path", per file */
  int ndots, capdots;
  /* map key types not yet complete where written (type M map[M]int): checked at the end */
  struct { Type *key; Pos pos; } *keys;
  int nkeys, capkeys;
  /* REPL (lang/repl.c): the top-level scope of the input being checked; variables declared
   * directly in it are session variables (OF_GLOBAL), and its expression statements may have
   * values (the REPL prints them). NULL when checking packages. */
  Scope *replscope;
  /* delayed function bodies */
  Node **bodies;
  FuncInfo **bodyfns;
  Scope **bodyscopes;
  int nbodies, capbodies;
  int nbodiesdone;   /* bodies[0..nbodiesdone) are in pkg->funcs (and checked unless lazy) */
  CheckConfig cfgcopy; /* standard packages: the configuration, for a checker that outlives the
                          check (Package.ck: lazy declarations) */
} Checker;

/* check_spell.c: types as messages spell them (byte and rune as the source wrote them) */
Type *chk_spell_byte(void);
Type *chk_spell_rune(void);
Type *chk_spell_any(void);
Type *chk_spelltype(Checker *c, Node *texpr);      /* the spelling of a checked type expression */
Type *chk_spelled(Type *spell, Type *t);           /* what to print for type t spelled spell */
Type *chk_spell_elem(Type *spell, Type *t);        /* the element spelling of t spelled spell */
Type *chk_spell_pointer(Checker *c, Type *spell, Type *t); /* the spelling of *t */
Type *chk_spell_field(Type *spell, Type *t, int index); /* field index of struct t (or *t) */
Type *chk_spell_result(Type *spell, Type *t, int i);    /* result i of function type t */
Type *chk_spell_param(Type *spell, Type *t, int i);     /* parameter i of function type t */

/* check_fmt.c */
void chk_errorf(Checker *c, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
char *chk_exprstr(Node *n);                /* syntax.String short form; malloc'ed */
char *chk_operandstr(Checker *c, Operand *x); /* "x (variable of type int)"; malloc'ed */
char *chk_typestr(Checker *c, Type *t);    /* malloc'ed */
char *chk_typestr_spelled(Checker *c, Type *t, Type *spell); /* t as spell spells it */
const char *chk_opstr(int op);

/* check_decl.c */
Scope *chk_newscope(Checker *c, Scope *parent);
void chk_declare(Checker *c, Scope *s, Object *o, Pos p);
Object *chk_newobj(Checker *c, ObjKind k, const char *name, Type *t, Pos p);
void chk_fmtpos(char *buf, size_t n, Pos p); /* "file:line:col" */
void chk_objdecl(Checker *c, Object *o);
/* Collects one file's imports (into its file scope) and package-level declarations (into
 * c->pkg->scope), as declinfos to resolve. */
void chk_collect_file(Checker *c, Node *file);
/* Resolves the collected declarations (types first) and checks the scheduled function bodies,
 * appending their FuncInfos to c->pkg->funcs. */
void chk_resolve_decls(Checker *c);
/* Ends a check (a package, or a REPL input): hands the declared objects' index fields over to the
 * compiler and frees the checker's working arrays. */
void chk_release(Checker *c);
DeclInfo *chk_declinfo(Checker *c, Object *o);
void chk_record_dep(Checker *c, Object *o);
void chk_use_dotimport(Checker *c, Object *o, Pos at); /* o found by an identifier at `at` */
Type *chk_typexpr(Checker *c, Node *n);
Type *chk_functype(Checker *c, Node *ft, Object **recv, Node *recvfield, FuncInfo *fi, Scope *s);
void chk_funcbody(Checker *c, FuncInfo *fi, Node *body, Scope *s);
/* Parses and checks fi's lazy body now (check.h: check_lazy_body); false on errors. */
bool chk_lazybody(Checker *c, FuncInfo *fi);

/* check_expr.c */
void chk_expr(Checker *c, Operand *x, Node *n, Type *hint);
void chk_multiexpr(Checker *c, Operand *x, Node *n); /* allows tuples */
void chk_exprortype(Checker *c, Operand *x, Node *n);
void chk_rawexpr(Checker *c, Operand *x, Node *n, Type *hint, bool allowtuple, bool allowtype);
void chk_assignment(Checker *c, Operand *x, Type *T, const char *context);
void chk_assignment_spelled(Checker *c, Operand *x, Type *T, Type *Tspell, const char *context);
void chk_convert_untyped(Checker *c, Operand *x, Type *target);
/* False (reported, x made invalid) when untyped x contains a shift of an untyped constant by a
 * variable count whose left operand would take the non-integer final type nt. */
bool chk_shift_type_ok(Checker *c, Operand *x, Type *nt);
/* types2's arityMatch for constant spec, whose values come from src (itself, or the spec it
 * inherits them from; NULL: none): extra or missing init expressions. */
void chk_const_arity(Checker *c, Node *spec, Node *src);
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
bool chk_index_value(Checker *c, Node *n, int64_t max, int64_t *out);
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

/* check_branch.c: labels, break/continue/fallthrough/goto of every function body under n
 * (a file, a declaration, a function literal). Returns false when it reported errors. */
bool chk_branches(Checker *c, Node *n);

/* check_init.c */
void chk_initorder(Checker *c);

#endif

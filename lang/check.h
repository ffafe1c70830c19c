/* The type checker's API: what the driver calls and what the compiler reads.
 *
 * check_package type-checks the parsed files of one package, filling the annotation fields of
 * lang/ast.h (type, cval, obj, aux, path, scope, NF_* annotation flags) and the Package below.
 * Standard packages go through the same checker (cfg.std = true allows bodyless functions, which
 * are natives). Syntax is never rewritten.
 *
 * Rules the compiler relies on:
 *  - Implicit conversions are not materialised. Wherever a value flows into a destination of a
 *    different type (assignment, argument, result, composite-literal element, map key, send,
 *    return, comparison of an interface with a non-interface), node->type is the value's own type
 *    and the destination type is known from context; when the destination is an interface and
 *    node->type is not, the compiler boxes (node->type is then the dynamic type). Untyped
 *    constants are already given their final type: the destination type when it is not an
 *    interface, otherwise their default type (int, float64, rune=int32, string, bool, complex128).
 *    Untyped nil gets the destination type (pointer, slice, map, chan, func, interface or
 *    unsafe.Pointer).
 *  - Comparisons (==, !=) with exactly one interface operand compare after converting the other
 *    operand to that interface type. The comparison node's type is bool (or the named boolean
 *    type the context requires).
 *  - Shifts: the right operand keeps its own integer type; the result has the left operand's type.
 *  - Every constant expression has cval != NULL and a typed `type` (its value is representable in
 *    it); the compiler never evaluates constant subtrees.
 *  - N_SELECTOR: aux is a SelKind, obj the field/method/member, path/npath the embedded fields
 *    followed first (field indices). For SEL_METHOD the receiver expression after the path may need
 *    an implicit & (pointer-receiver method on an addressable value; the variable then has
 *    OF_ADDRTAKEN) or * (value-receiver method reached through a pointer): compare the operand's
 *    type with the method's Method.ptrrecv.
 *  - Variables with OF_CAPTURED or OF_ADDRTAKEN must live in heap cells.
 *  - An elided composite literal inside []*T{{...}} or map[K]*T{...} has node->type == *T: the
 *    compiler allocates a T and takes its address (&T{...} implied).
 *  - Type switch: each N_CASECLAUSE's obj is the variable bound in that clause (v := x.(type)),
 *    typed as the clause's single type or as the operand's interface type.
 *  - `v, ok` forms (map index, type assertion, receive) carry NF_COMMAOK on the expression.
 *  - Object.index is -1 after checking for every object except field objects (field index) and
 *    interface method objects (itab index); the compiler owns it from then on.
 *  - Recursion is bounded (CHECK_MAX_DEPTH nested expressions/statements/types): deeper input
 *    gets "expression nesting too deep" instead of a C stack overflow.
 */
#ifndef GOL_LANG_CHECK_H
#define GOL_LANG_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/source.h"
#include "lang/types.h"
#include "lang/const.h"

/* Builtin functions (Object.builtin, and Node.aux of an NF_BUILTIN call). */
typedef enum BuiltinId {
  BI_APPEND, BI_CAP, BI_CLEAR, BI_CLOSE, BI_COMPLEX, BI_COPY, BI_DELETE, BI_IMAG, BI_LEN, BI_MAKE,
  BI_MAX, BI_MIN, BI_NEW, BI_PANIC, BI_PRINT, BI_PRINTLN, BI_REAL, BI_RECOVER,
  /* package unsafe */
  BI_SIZEOF, BI_ALIGNOF, BI_OFFSETOF,
  BI_COUNT
} BuiltinId;

/* N_SELECTOR kinds (Node.aux). */
typedef enum SelKind {
  SEL_NONE,
  SEL_FIELD,       /* x.f: obj is a field object (OF_FIELD, index = field index in the final
                      struct); x may be a pointer to a struct (implicit dereference) */
  SEL_METHOD,      /* x.m on a concrete type: a method call (the N_CALL has NF_METHODCALL) or a
                      method value; obj is the method's function object (OF_METHOD) */
  SEL_IFACEMETHOD, /* x.m with x of interface type: obj is the interface method object,
                      obj->index = its index in the itab (methods sorted by name) */
  SEL_METHODEXPR,  /* T.m or (*T).m with x a type expression: a function taking the receiver first */
  SEL_PKG,         /* pkg.Name: obj is the imported package's member */
} SelKind;

/* Scopes: universe -> package -> file -> function -> blocks. Objects in declaration order. */
typedef struct Scope Scope;
typedef struct FuncInfo FuncInfo;
struct Scope {
  Scope *parent;
  Object **objs;
  int32_t nobjs, cap;
  FuncInfo *func;   /* the innermost enclosing function (NULL at package/file/universe level) */
  bool isfunc;      /* the outermost scope of a function (parameters and results) */
  Object **hidx;    /* large scopes: open-addressing index by name (first object of each name), */
  int32_t hcap;     /* hcap slots (a power of two); NULL while the scope is small */
};

/* Per function (N_FUNCDECL and N_FUNCLIT): find it with check_funcinfo(node). */
struct FuncInfo {
  Node *decl;        /* N_FUNCDECL or N_FUNCLIT */
  Object *obj;       /* the function object (NULL for literals) */
  Type *sig;         /* K_FUNC, receiver excluded */
  Object *recv;      /* method receiver variable, or NULL (a blank/unnamed receiver still has one) */
  Object **params;   /* one object per parameter, in order; unnamed/blank ones are named "_" */
  int32_t nparams;
  Object **results;  /* one object per result, in order; unnamed results are named "" */
  int32_t nresults;
  bool named_results;/* the results have names (a bare return returns them) */
  bool native;       /* declared without a body (standard packages only) */
  FuncInfo *outer;   /* enclosing function for literals */
  int32_t depth;     /* 0 for package-level functions, +1 per nested literal */
  Object **captures; /* literals: enclosing-function variables referenced (also transitively by
                        nested literals), in order of first reference */
  int32_t ncaptures, capcap;
};

/* One package-level variable initialisation, in Go's initialisation order. */
typedef struct VarInit {
  Object **lhs;  /* the variables (blank ones included, named "_"), nlhs of them */
  int32_t nlhs;
  Node *rhs;     /* the initialiser; for nlhs > 1 a single multi-value expression */
} VarInit;

typedef struct Package Package;
struct Package {
  const char *path;   /* import path; "main" for the program */
  const char *name;   /* package clause name */
  Scope *scope;       /* package-level objects */
  Package **imports;  /* distinct imported packages, in first-import order */
  int32_t nimports;
  Node **files;
  int32_t nfiles;
  VarInit *inits;     /* package-level variable initialisations, in initialisation order */
  int32_t ninits;
  Object **initfuncs; /* init() functions in source order */
  int32_t ninitfuncs;
  Object **globals;   /* every package-level variable, in declaration order */
  int32_t nglobals;
  FuncInfo **funcs;   /* every function and method declared at package level, in source order */
  int32_t nfuncs, capfuncs;
  bool std;           /* a standard package: bodyless functions allowed (natives) */
  bool checked;       /* check_package finished (possibly with errors) */
  Arena *arena;       /* where the package was checked (CheckConfig.arena): lazy bodies too */
  struct Checker *ck; /* standard packages: their checker, kept for lazy declarations */
  /* The compiler's hook for functions added to funcs[from..] after compile_package (lazy
   * declarations resolved later): gives them Protos. NULL until the package is compiled. */
  void (*declare_late)(Package *pkg, int from);
};

/* Importer: returns the checked package for path, or NULL if there is none (the checker then
 * reports `package PATH is not in GOROOT`). Called at most once per path per package. */
typedef Package *(*CheckImporter)(void *ctx, const char *path);

typedef struct CheckConfig {
  Arena *arena;          /* objects, scopes and per-package data are allocated here */
  CheckImporter importer;
  void *importer_ctx;
  bool std;              /* checking a standard package */
} CheckConfig;

/* Type-checks the files (N_FILE nodes) of package `path`. Errors go to diag; the result is
 * returned even with errors (p->checked set), but must not be compiled if diag has errors. */
Package *check_package(const CheckConfig *cfg, const char *path, Node **files, int nfiles,
                       Diag *diag);

/* Lazy bodies. A standard package parsed with parse_file_lazy has function bodies that are not
 * parsed yet (NF_LAZYBODY): check_package leaves them unchecked, except those a package-level
 * variable's initialiser reaches (its initialisation order depends on them), and the compiler
 * compiles each on its first call (compile.h: compile_lazy_body). */
static inline bool check_body_is_lazy(const FuncInfo *fi) {
  return fi->decl->kind == N_FUNCDECL && fi->decl->z && (fi->decl->z->flags & NF_LAZYBODY);
}
/* Parses and checks fi's lazy body (fi->decl->z becomes the checked body). Errors go to d;
 * returns false if there were any. Not thread-safe: call with the compiler lock held. */
bool check_lazy_body(FuncInfo *fi, Diag *d);
/* Declarations of standard packages are lazy too: top-level functions, methods and types are
 * collected by name and checked when first referenced (from their package, from an importer, or
 * from a lazy body at run time). check_resolve checks package-level object o now if it is such
 * a declaration not checked yet (a no-op otherwise); new functions reach Package.declare_late.
 * Call it before reading the type of an object found by looking a name up in another package's
 * scope. Not thread-safe: call with the compiler lock held. */
void check_resolve(Object *o, Diag *d);

/* The universe scope (predeclared types, constants, nil, builtins). Thread-safe. */
Scope *check_universe(void);
/* Looks a name up in s and its parents; NULL if absent. */
Object *check_lookup(Scope *s, const char *name);
/* The FuncInfo of an N_FUNCDECL or N_FUNCLIT after checking, or NULL. */
FuncInfo *check_funcinfo(Node *fn);
/* Name of a builtin ("append"). */
const char *check_builtin_name(BuiltinId id);

#endif

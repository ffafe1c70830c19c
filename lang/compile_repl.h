/* Compiling one REPL input (lang/repl.c) with the package compiler's own pieces. */
#ifndef GOL_LANG_COMPILE_REPL_H
#define GOL_LANG_COMPILE_REPL_H

#include "lang/check.h"
#include "lang/diag.h"

struct Closure;

/* Compiles what one checked input added to pkg: the functions and methods pkg->funcs[from..],
 * and the input's statements (fi, whose top-level scope `vars` declares session variables: each
 * gets its package-level cell here). Top-level expression statements with values are compiled as
 * calls of println (fmt.Println; the new nodes are allocated in a), so running the input prints
 * them. Returns the statements as a
 * func value, or NULL with errors in d. */
struct Closure *compile_repl_input(Arena *a, Package *pkg, int from, FuncInfo *fi,
                                   Scope *vars, Object *println, Diag *d);

#endif

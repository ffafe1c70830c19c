/* The bytecode compiler: a checked package (lang/check.h) to VM functions (vm/object.h).
 *
 * Packages are compiled one at a time in dependency order (an imported package before its
 * importers: the driver's program order), each exactly once; compiling a package binds every
 * function object (Object.impl) to its Proto, so importers call them directly. Standard packages'
 * bodyless functions are bound to the natives registered in their StdPackage table.
 *
 * Initialisation follows Go: the package's variable initialisers in the checker's order, then its
 * init() functions in source order, all inside one synthesised function ("PKG.init"), run with
 * compile_run_init as the body of the package's inittask.
 *
 * A standard package's functions with lazy bodies (check.h) are compiled on their first call
 * instead (compile_lazy.c). */
#ifndef GOL_LANG_COMPILE_H
#define GOL_LANG_COMPILE_H

#include <stdio.h>
#include "lang/check.h"
#include "lang/diag.h"

struct StdPackage;
struct Proto;
struct Closure;

typedef struct CompiledPkg CompiledPkg;

/* Compiles pkg (std: its natives table, NULL for a user package). Errors (constructs gol does not
 * implement yet, missing natives) go to d with their positions; returns NULL if there were any. */
CompiledPkg *compile_package(Package *pkg, const struct StdPackage *std, Diag *d);
/* The package's init function (variable initialisers, then init()s): never NULL. */
struct Closure *compile_init_func(CompiledPkg *c);
/* An initfn body (runtime.h): ctx is a CompiledPkg*; runs its init function on this goroutine. */
void compile_run_init(void *ctx);
/* main.main of a compiled main package, or NULL. */
struct Closure *compile_main_func(CompiledPkg *c);
/* Prints the bytecode of every function of the package (gol -d). */
void compile_disassemble(CompiledPkg *c, FILE *out);

/* The compiler lock (compile_lazy.c): one compilation at a time in the process, with collections
 * held off. Call from a goroutine around any check or compile that may overlap running gol code
 * (REPL inputs, libgol loads); lazy bodies take it themselves. Not reentrant. */
void compile_begin(void);
void compile_end(void);
/* Compiles the lazy body of p (vm/object.h: vm_proto_ready calls it): see compile_lazy.c. */
void compile_lazy_body(struct Proto *p);

#endif

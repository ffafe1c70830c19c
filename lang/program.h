/* A program: the main package and every package it imports, loaded, parsed, type-checked and
 * compiled in dependency order, with one runtime init task per package (Go's inittask shape).
 *
 * Three drivers share this machinery:
 *  - the gol CLI: program_load (a file or directory), program_compile, then
 *    doInit(program_inittask(p)) and program_run_main(p) on a goroutine;
 *  - libgol (vm/api.c): program_new, program_add_host for the host's packages, program_load_main
 *    or program_load_main_source, program_compile; then program_lookup_func finds the functions
 *    the host calls, and program_set_init_runner runs package initialisation protected;
 *  - the REPL (lang/repl.c): program_new without a main package; program_require loads, checks
 *    and compiles each package an input imports, on demand.
 * A Program is built by one thread at a time; compiled code is immutable and may run on any
 * goroutine. */
#ifndef GOL_LANG_PROGRAM_H
#define GOL_LANG_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "lang/diag.h"

typedef struct Program Program;
struct inittask;
struct StdPackage;
struct Closure;
struct Type;
struct Package;

/* An empty program: no main package, no host packages. */
Program *program_new(void);
/* Makes a host package importable by path (libgol): sp->source is its Go source, its bodyless
 * functions bind to sp->natives. Host packages are visible to the main package and to each other,
 * not to standard packages. sp (and what it points to) must stay valid until program_compile. */
void program_add_host(Program *p, const struct StdPackage *sp);
/* Loads the main package from path (a .gol or .go file, or a directory: the package in it, with
 * the main module's imports) and everything it imports, and type-checks them. False on failure
 * (the errors are in d; the program must not be used further except by program_free). */
bool program_load_main(Program *p, const char *path, Diag *d);
/* The same for a main package held in memory (one file named name; imports of standard and host
 * packages only). */
bool program_load_main_source(Program *p, const char *name, const char *source, size_t len,
                              Diag *d);
/* program_new + program_load_main (the CLI): NULL on failure. */
Program *program_load(const char *path, Diag *d);
/* program_new + program_load_main_source: NULL on failure. */
Program *program_load_source(const char *name, const char *source, size_t len, Diag *d);
/* Compiles every loaded package to bytecode and builds the init tasks. False (errors in d) on
 * failure. */
bool program_compile(Program *p, Diag *d);
/* The main package's init task; its dependencies are the imported packages' tasks. */
struct inittask *program_inittask(Program *p);
/* main.main after program_compile, or NULL. */
struct Closure *program_main_func(Program *p);
/* Runs main.main on the current goroutine. Returns when it returns. */
void program_run_main(Program *p);
/* Prints the bytecode of every function of the main package. */
void program_disassemble(Program *p, FILE *out);

/* The checked package with import path `path` ("main": the main package), or NULL. */
struct Package *program_package(Program *p, const char *path);
/* The main package's package-level function `name` (not a method) after program_compile: its
 * func value and signature. False if there is no such function. */
bool program_lookup_func(Program *p, const char *name, struct Closure **fn,
                         const struct Type **sig);

/* Package initialisation hook: when set, each package's init task calls run(ctx, init) with the
 * package's init function instead of running it with vm_run (libgol runs it protected). */
typedef void (*ProgramInitRunner)(void *ctx, struct Closure *init);
void program_set_init_runner(Program *p, ProgramInitRunner run, void *ctx);

/* Incremental loading (the REPL): makes sure the package `path` and its imports are loaded,
 * checked and compiled (a main-package import: standard and host packages are visible). On
 * success *task is its init task (NULL for "unsafe"; doInit runs it, once), *pkg the checked
 * package (NULL for "unsafe"). On failure the errors are in d, reported at `at`, and the program
 * is as before the call. */
bool program_require(Program *p, const char *path, Pos at, Diag *d, struct inittask **task,
                     struct Package **pkg);

/* Releases the loader's bookkeeping. The ASTs, checker data and compiled code stay allocated for
 * the life of the process: goroutines the program started may still be running its code. No
 * package initialisation may be running. */
void program_free(Program *p);

#endif

/* A program: the main package and every package it imports, loaded, parsed, type-checked and
 * compiled in dependency order, with one runtime init task per package (Go's inittask shape).
 *
 * The driver (the gol CLI, later the REPL and libgol) calls program_load, then program_compile,
 * then runs doInit(program_inittask(p)) and program_run_main(p) on a goroutine. A Program is
 * built by one thread; once compiled it is immutable and may be run from any goroutine. */
#ifndef GOL_LANG_PROGRAM_H
#define GOL_LANG_PROGRAM_H

#include <stdbool.h>
#include <stdio.h>
#include "lang/diag.h"

typedef struct Program Program;
struct inittask;

/* Loads the main package from path (a .gol or .go file), and the standard packages it imports,
 * and type-checks them. Returns NULL if anything failed; the errors are in d. */
Program *program_load(const char *path, Diag *d);
/* Compiles every loaded package to bytecode. False (errors in d) on failure. */
bool program_compile(Program *p, Diag *d);
/* The main package's init task; its dependencies are the imported packages' tasks. */
struct inittask *program_inittask(Program *p);
/* Runs main.main on the current goroutine. Returns when it returns. */
void program_run_main(Program *p);
/* Prints the bytecode of every function of the main package. */
void program_disassemble(Program *p, FILE *out);

#endif

/* The gol command's REPL (stdlib/cmd/repl.c), run by main_main when gol has no arguments. */
#ifndef GOL_STDLIB_CMD_REPL_H
#define GOL_STDLIB_CMD_REPL_H

/* Reads inputs from standard input until end of file (prompts only on a terminal). */
void repl_main(void);

#endif

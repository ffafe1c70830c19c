/* The REPL's session: one persistent `main` package that grows one input at a time
 * (lang/README.md, "The REPL", describes the design).
 *
 * An input is one or more lines of statements and declarations (parse_repl). repl_eval parses it,
 * type-checks it against everything the session holds, compiles it and runs its statements on
 * the calling goroutine at once. Declarations (func, type, const, import) join the session, and so
 * do the variables an input declares at its top level (`x := 1`, `var y T`): they are package-level
 * variables that later inputs, closures and goroutines share. A name declared again replaces the
 * old one for later inputs (code compiled earlier keeps using the old one). An expression
 * statement with a value prints it as fmt.Println does.
 *
 * An input that does not compile changes nothing: its errors are printed as Go prints them
 * (positions are "<stdin>:LINE:COL", lines counted within the input). A panic escaping the input
 * is printed like an unrecovered one ("panic: ..." and "goroutine N [running]:") and the session
 * goes on; what the input did before the panic stays done.
 *
 * The session lives on one goroutine (the one that calls repl_new and repl_eval), after vm_init. */
#ifndef GOL_LANG_REPL_H
#define GOL_LANG_REPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct ReplSession ReplSession;

typedef enum ReplStatus {
  REPL_OK,         /* the input ran (possibly panicking: the panic was printed) */
  REPL_ERROR,      /* it did not compile: errors printed, the session unchanged */
  REPL_INCOMPLETE, /* the text ends inside a construct: append the next line and call again */
} ReplStatus;

/* A new session (loads and initialises package fmt, which prints values). */
ReplSession *repl_new(void);
/* Evaluates the input text[0:len). final: no more text will come, so an incomplete input is
 * reported as the syntax error it is. Errors go to errout. */
ReplStatus repl_eval(ReplSession *s, const char *text, size_t len, bool final, FILE *errout);

#endif

/* The parser's interface: source file -> AST (lang/ast.h).
 *
 * Syntax and lexical errors are recorded in the Diag in Go's format ("syntax error: unexpected
 * newline, expecting comma or }"); parsing stops at the first syntax error (lexical errors before
 * it are all reported). Nodes are allocated in the caller's arena. */
#ifndef GOL_LANG_PARSE_H
#define GOL_LANG_PARSE_H

#include <stdbool.h>
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/source.h"

/* Parses a whole file: the N_FILE, or NULL if there were errors (all recorded in d). */
Node *parse_file(Arena *a, uint16_t file, Diag *d);

/* parse_file for a standard package, lazily: top-level functions (but init), methods with a
 * plain receiver and single type declarations are skipped (scanned only to find their end) and
 * left as stubs flagged NF_LAZYDECL, which parse_decl parses when the checker needs them; the
 * body of every top-level function parsed is skipped too and left as an empty N_BLOCK flagged
 * NF_LAZYBODY, which parse_body parses when the function is first needed (lang/check.h). */
Node *parse_file_lazy(Arena *a, uint16_t file, Diag *d);
/* Parses the declaration that parse_file_lazy skipped at `lazy` (an NF_LAZYDECL stub): an
 * N_FUNCDECL (its body NF_LAZYBODY) or an N_GENDECL holding one N_TYPESPEC; NULL on errors. */
Node *parse_decl(Arena *a, const Node *lazy, Diag *d);
/* Parses the body that parse_file_lazy skipped at `lazy` (an NF_LAZYBODY block): a new N_BLOCK,
 * or NULL if there were errors. */
Node *parse_body(Arena *a, const Node *lazy, Diag *d);

/* Parses one REPL input: statements and declarations (func, import, const, var, type) separated
 * by semicolons or newlines. Returns an N_BLOCK whose list holds, in order, statements (N_EMPTY
 * never appears), N_FUNCDECL and N_GENDECL (op T_IMPORT) nodes; const/var/type declarations are
 * N_DECLSTMT as in function bodies. Returns NULL on error; then *incomplete tells whether the input
 * merely ended too early (an unclosed brace, string or comment, a trailing operator...): the REPL
 * should read another line and parse the whole text again; the errors in d are then meaningless. */
Node *parse_repl(Arena *a, uint16_t file, Diag *d, bool *incomplete);

#endif

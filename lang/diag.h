/* Diagnostics: compile-time errors in Go's format, "file:line:col: message".
 *
 * Errors are collected, then printed sorted by position as cmd/compile does: at most 10, then
 * "too many errors". A syntax error stops compilation before type checking (Go's behaviour);
 * several syntax errors may be reported, but only the first one on any line. The exit status for a
 * program with compile errors is 1 (as `go run`/`go build`). */
#ifndef GOL_LANG_DIAG_H
#define GOL_LANG_DIAG_H

#include <stdbool.h>
#include <stdio.h>
#include "lang/source.h"

typedef struct DiagEntry {
  Pos pos;
  char *msg;
  bool bare; /* printed as the message alone (diag_bare) */
} DiagEntry;

typedef struct Diag {
  DiagEntry *v;
  int n, cap;
  int nsyntax; /* how many of the n were syntax errors */
  /* dedup index (diag.c), so that recording n errors costs O(n), not O(n^2): open-addressing
   * tables of entry index + 1 (0 = empty), hcap slots each (a power of two, or 0) */
  int *byline; /* keyed by (file, line): an entry on that line */
  int *byexact;/* keyed by (pos, message) */
  int hcap;
} Diag;

#define DIAG_MAX_PRINTED 10

void diag_init(Diag *d);
void diag_free(Diag *d);
/* Records an error at p. Go's rule: one syntax error per line; type errors at the same position
 * and message are deduplicated. */
void diag_error(Diag *d, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_syntax(Diag *d, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records an error without a position, printed first and as the message alone (what Go's linker
 * prints: "runtime.main_main·f: function main is undeclared in the main package"). */
void diag_bare(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int diag_count(const Diag *d) { return d->n; }
/* Prints the errors ("file:line:col: msg") as cmd/compile does: the first DIAG_MAX_PRINTED
 * reported, sorted by position, then "too many errors" at the last of them if that many. */
void diag_print(Diag *d, FILE *out);

#endif

/* Diagnostics (see diag.h). */
#define _GNU_SOURCE /* vasprintf */
#include "lang/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(Diag *d) { memset(d, 0, sizeof *d); }

void diag_free(Diag *d) {
  for (int i = 0; i < d->n; i++) free(d->v[i].msg);
  free(d->v);
  memset(d, 0, sizeof *d);
}

static void add(Diag *d, Pos p, bool syntax, const char *fmt, va_list ap) {
  char *msg = NULL;
  if (vasprintf(&msg, fmt, ap) < 0) abort();
  for (int i = 0; i < d->n; i++) {
    DiagEntry *e = &d->v[i];
    bool sameline = e->pos.file == p.file && e->pos.line == p.line;
    if ((syntax && sameline) || (pos_cmp(e->pos, p) == 0 && strcmp(e->msg, msg) == 0)) {
      free(msg);
      return;
    }
  }
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->v = realloc(d->v, d->cap * sizeof *d->v);
    if (!d->v) abort();
  }
  d->v[d->n++] = (DiagEntry){p, msg};
  if (syntax) d->nsyntax++;
}

void diag_error(Diag *d, Pos p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(d, p, false, fmt, ap);
  va_end(ap);
}

void diag_syntax(Diag *d, Pos p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(d, p, true, fmt, ap);
  va_end(ap);
}

static int entry_cmp(const void *a, const void *b) {
  const DiagEntry *x = a, *y = b;
  int c = pos_cmp(x->pos, y->pos);
  return c ? c : (x < y ? -1 : x > y);
}

void diag_print(Diag *d, FILE *out) {
  qsort(d->v, d->n, sizeof *d->v, entry_cmp);
  for (int i = 0; i < d->n; i++) {
    if (i == DIAG_MAX_PRINTED) {
      const SourceFile *f = src_file(d->v[i].pos.file);
      fprintf(out, "%s:%u:%u: too many errors\n", f ? f->name : "?", d->v[i].pos.line, d->v[i].pos.col);
      break;
    }
    const SourceFile *f = src_file(d->v[i].pos.file);
    if (d->v[i].pos.line)
      fprintf(out, "%s:%u:%u: %s\n", f ? f->name : "?", d->v[i].pos.line, d->v[i].pos.col, d->v[i].msg);
    else
      fprintf(out, "%s: %s\n", f ? f->name : "gol", d->v[i].msg);
  }
  fflush(out);
}

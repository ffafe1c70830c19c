/* Diagnostics (see diag.h). */
#define _GNU_SOURCE /* vasprintf */
#include "lang/diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void diag_init(Diag *d) { memset(d, 0, sizeof *d); }

void diag_free(Diag *d) {
  for (int i = 0; i < d->n; i++) free(d->v[i].msg);
  free(d->v);
  free(d->byline);
  free(d->byexact);
  memset(d, 0, sizeof *d);
}

static uint32_t mix(uint32_t h) { /* murmur3's finaliser: every input bit reaches the low bits */
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

static uint32_t hash_line(Pos p) { return mix(((uint32_t)p.file << 24) ^ p.line); }

static uint32_t hash_exact(Pos p, const char *msg) {
  uint32_t h = 2166136261u;
  for (const unsigned char *s = (const unsigned char *)msg; *s; s++) h = (h ^ *s) * 16777619u;
  return mix(h ^ mix(((uint32_t)p.file << 24) ^ p.line) ^ ((uint32_t)p.col * 0x9e3779b9u));
}

static bool same_line(Pos a, Pos b) { return a.file == b.file && a.line == b.line; }

/* The entry on p's line (byline) or equal to (p, msg) (byexact), or -1. */
static int lookup(const Diag *d, int *tab, uint32_t h, Pos p, const char *msg) {
  if (!d->hcap) return -1;
  for (uint32_t i = h & (uint32_t)(d->hcap - 1);; i = (i + 1) & (uint32_t)(d->hcap - 1)) {
    int e = tab[i] - 1;
    if (e < 0) return -1;
    const DiagEntry *x = &d->v[e];
    if (msg ? pos_cmp(x->pos, p) == 0 && strcmp(x->msg, msg) == 0 : same_line(x->pos, p)) return e;
  }
}

static void insert(Diag *d, int *tab, uint32_t h, int e) {
  uint32_t i = h & (uint32_t)(d->hcap - 1);
  while (tab[i]) i = (i + 1) & (uint32_t)(d->hcap - 1);
  tab[i] = e + 1;
}

static void index_entry(Diag *d, int e) {
  const DiagEntry *x = &d->v[e];
  if (lookup(d, d->byline, hash_line(x->pos), x->pos, NULL) < 0)
    insert(d, d->byline, hash_line(x->pos), e);
  insert(d, d->byexact, hash_exact(x->pos, x->msg), e);
}

static void add(Diag *d, Pos p, bool syntax, bool bare, const char *fmt, va_list ap) {
  char *msg = NULL;
  if (vasprintf(&msg, fmt, ap) < 0) abort();
  if ((syntax && lookup(d, d->byline, hash_line(p), p, NULL) >= 0) ||
      lookup(d, d->byexact, hash_exact(p, msg), p, msg) >= 0) {
    free(msg);
    return;
  }
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->v = realloc(d->v, d->cap * sizeof *d->v);
    if (!d->v) abort();
  }
  d->v[d->n++] = (DiagEntry){p, msg, bare};
  if (syntax) d->nsyntax++;
  if (2 * d->n > d->hcap) { /* keep the tables at most half full: rebuild */
    free(d->byline);
    free(d->byexact);
    d->hcap = d->hcap ? d->hcap * 4 : 64;
    d->byline = calloc((size_t)d->hcap, sizeof *d->byline);
    d->byexact = calloc((size_t)d->hcap, sizeof *d->byexact);
    if (!d->byline || !d->byexact) abort();
    for (int i = 0; i < d->n; i++) index_entry(d, i);
  } else {
    index_entry(d, d->n - 1);
  }
}

void diag_error(Diag *d, Pos p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(d, p, false, false, fmt, ap);
  va_end(ap);
}

void diag_syntax(Diag *d, Pos p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(d, p, true, false, fmt, ap);
  va_end(ap);
}

void diag_bare(Diag *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  add(d, (Pos){0}, false, true, fmt, ap);
  va_end(ap);
}

static int entry_cmp(const void *a, const void *b) {
  const DiagEntry *x = a, *y = b;
  int c = pos_cmp(x->pos, y->pos);
  return c ? c : (x < y ? -1 : x > y);
}

void diag_print(Diag *d, FILE *out) {
  /* As cmd/compile: the first DIAG_MAX_PRINTED errors in the order they were reported, sorted by
   * position, then "too many errors" at the last of them when that many were reported. */
  int n = d->n < DIAG_MAX_PRINTED ? d->n : DIAG_MAX_PRINTED;
  Pos last = n ? d->v[n - 1].pos : (Pos){0};
  if (n) qsort(d->v, (size_t)n, sizeof *d->v, entry_cmp);
  /* the entries moved: rebuild the dedup index (diag_print may be followed by more errors) */
  if (d->hcap) {
    memset(d->byline, 0, (size_t)d->hcap * sizeof *d->byline);
    memset(d->byexact, 0, (size_t)d->hcap * sizeof *d->byexact);
    for (int i = 0; i < d->n; i++) index_entry(d, i);
  }
  for (int i = 0; i < n; i++) {
    const SourceFile *f = src_file(d->v[i].pos.file);
    if (d->v[i].bare)
      fprintf(out, "%s\n", d->v[i].msg);
    else if (d->v[i].pos.line)
      fprintf(out, "%s:%u:%u: %s\n", f ? f->name : "?", d->v[i].pos.line, d->v[i].pos.col, d->v[i].msg);
    else
      fprintf(out, "%s: %s\n", f ? f->name : "gol", d->v[i].msg);
  }
  if (n == DIAG_MAX_PRINTED) {
    const SourceFile *f = src_file(last.file);
    fprintf(out, "%s:%u:%u: too many errors\n", f ? f->name : "?", last.line, last.col);
  }
  fflush(out);
}

/* File table, arena and identifier interning (see source.h). */
#include "lang/source.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- file table: guarded by files_lock; entries are immutable once added ---- */
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static SourceFile *files; /* files[0] unused */
static uint32_t nfiles = 1, capfiles;

static uint16_t add_file(char *ncopy, const char *text, size_t len);

uint16_t src_add(const char *name, const char *text, size_t len) {
  char *copy = malloc(len + 1);
  char *ncopy = strdup(name);
  if (!copy || !ncopy) abort();
  memcpy(copy, text, len);
  copy[len] = 0;
  return add_file(ncopy, copy, len);
}

uint16_t src_add_static(const char *name, const char *text, size_t len) {
  char *ncopy = strdup(name);
  if (!ncopy) abort();
  return add_file(ncopy, text, len);
}

static uint16_t add_file(char *ncopy, const char *copy, size_t len) {
  pthread_mutex_lock(&files_lock);
  if (nfiles >= 65535) {
    pthread_mutex_unlock(&files_lock);
    fprintf(stderr, "gol: too many source files\n");
    exit(2);
  }
  if (nfiles >= capfiles) {
    capfiles = capfiles ? capfiles * 2 : 16;
    files = realloc(files, capfiles * sizeof *files);
    if (!files) abort();
  }
  uint16_t id = (uint16_t)nfiles++;
  files[id] = (SourceFile){ncopy, copy, len};
  pthread_mutex_unlock(&files_lock);
  return id;
}

uint16_t src_load(const char *path, const char **err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *err = strerror(errno);
    return 0;
  }
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (len == cap) buf = realloc(buf, cap *= 2);
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (n == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    *err = "read error";
    return 0;
  }
  uint16_t id = src_add(path, buf, len);
  free(buf);
  return id;
}

const SourceFile *src_file(uint16_t file) {
  pthread_mutex_lock(&files_lock);
  const SourceFile *f = file > 0 && file < nfiles ? &files[file] : NULL;
  pthread_mutex_unlock(&files_lock);
  return f;
}

/* ---- arena ---- */
struct ArenaBlock {
  ArenaBlock *next;
  size_t size;
  _Alignas(16) unsigned char data[];
};

void *arena_alloc(Arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (!a->head || a->used + size > a->cap) {
    size_t bsize = size > 60000 ? size : 64000;
    ArenaBlock *b = malloc(sizeof(ArenaBlock) + bsize);
    if (!b) abort();
    b->next = a->head;
    b->size = bsize;
    a->head = b;
    a->used = 0;
    a->cap = bsize;
  }
  void *p = a->head->data + a->used;
  a->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

void arena_free(Arena *a) {
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->used = a->cap = 0;
}

/* Arenas kept for the life of the process (arena_keep), reachable from here. */
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static Arena **kept;          /* kept_lock */
static size_t nkept, capkept; /* kept_lock */

void arena_keep(Arena *a) {
  pthread_mutex_lock(&kept_lock);
  if (nkept == capkept) {
    capkept = capkept ? 2 * capkept : 16;
    kept = realloc(kept, capkept * sizeof *kept);
    if (!kept) abort();
  }
  kept[nkept++] = a;
  pthread_mutex_unlock(&kept_lock);
}

/* ---- interning: open-addressed set of malloc'd strings, guarded by intern_lock ---- */
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static char **itab;
static size_t icap, icount;

static uint64_t str_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

const char *intern(const char *s, size_t n) {
  pthread_mutex_lock(&intern_lock);
  if ((icount + 1) * 2 > icap) {
    size_t ncap = icap ? icap * 2 : 1024;
    char **nt = calloc(ncap, sizeof *nt);
    if (!nt) abort();
    for (size_t i = 0; i < icap; i++) {
      if (!itab[i]) continue;
      size_t j = str_hash(itab[i], strlen(itab[i])) & (ncap - 1);
      while (nt[j]) j = (j + 1) & (ncap - 1);
      nt[j] = itab[i];
    }
    free(itab);
    itab = nt;
    icap = ncap;
  }
  size_t j = str_hash(s, n) & (icap - 1);
  while (itab[j]) {
    if (strncmp(itab[j], s, n) == 0 && itab[j][n] == 0) {
      const char *r = itab[j];
      pthread_mutex_unlock(&intern_lock);
      return r;
    }
    j = (j + 1) & (icap - 1);
  }
  char *c = malloc(n + 1);
  if (!c) abort();
  memcpy(c, s, n);
  c[n] = 0;
  itab[j] = c;
  icount++;
  pthread_mutex_unlock(&intern_lock);
  return c;
}

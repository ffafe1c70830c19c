/* Source files, positions and the compiler's arena.
 *
 * A Pos names a byte in a registered source file: line and column are 1-based, the column counts
 * bytes as Go's compiler does (a tab is one column). Files are registered once and live for the
 * process (the REPL registers each input as a new file), so a Pos stays valid as long as the
 * program compiled from it. The file table is guarded by its own lock: compilations may run on
 * different threads (embedders), but each compilation itself is single-threaded. */
#ifndef GOL_LANG_SOURCE_H
#define GOL_LANG_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct Pos {
  uint32_t line;
  uint16_t col;  /* saturates at 65535 */
  uint16_t file; /* index into the file table; 0 is "no file" */
} Pos;

static inline bool pos_equal(Pos a, Pos b) {
  return a.line == b.line && a.col == b.col && a.file == b.file;
}

typedef struct SourceFile {
  const char *name; /* as the user gave it: printed in diagnostics and tracebacks */
  const char *text; /* NUL-terminated copy (the lexer also checks for embedded NULs) */
  size_t len;
} SourceFile;

/* Registers a copy of text[0:len] under name; returns its file index (>= 1). */
uint16_t src_add(const char *name, const char *text, size_t len);
/* src_add without the copy, for text that lives for the process with text[len] == '\0' (the
 * embedded standard library). */
uint16_t src_add_static(const char *name, const char *text, size_t len);
/* Reads path and registers it; returns 0 and sets *err (static string from strerror) on failure. */
uint16_t src_load(const char *path, const char **err);
const SourceFile *src_file(uint16_t file);
static inline Pos pos_make(uint16_t file, uint32_t line, uint32_t col) {
  Pos p = {line, (uint16_t)(col > 65535 ? 65535 : col), file};
  return p;
}
static inline int pos_cmp(Pos a, Pos b) {
  if (a.file != b.file) return a.file < b.file ? -1 : 1;
  if (a.line != b.line) return a.line < b.line ? -1 : 1;
  if (a.col != b.col) return a.col < b.col ? -1 : 1;
  return 0;
}

/* Arena: bump allocation for everything a compilation builds (tokens' decoded literals, AST,
 * checker types of local scope...). Freed as a whole. Memory is zeroed. */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *head;
  size_t used, cap;
} Arena;
void *arena_alloc(Arena *a, size_t size);
char *arena_strndup(Arena *a, const char *s, size_t n);
void arena_free(Arena *a);
/* Keeps heap-allocated arena a, and every block allocated in it now or later, allocated and
 * reachable for the life of the process: its owner is gone, but other structures still point into
 * it and may still allocate in it. Does not touch *a. Thread-safe. */
void arena_keep(Arena *a);
#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))

/* Interned identifiers: equal names are the same pointer, for the life of the process.
 * Thread-safe. */
const char *intern(const char *s, size_t n);
static inline const char *intern_cstr(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return intern(s, n);
}

#endif

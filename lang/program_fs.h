/* File-system side of program loading (lang/program.c): package directories, the main module
 * (go.mod / gol.mod) and Go's display paths. All strings returned are allocated in the arena
 * passed in and live as long as it does. POSIX only. */
#ifndef GOL_LANG_PROGRAM_FS_H
#define GOL_LANG_PROGRAM_FS_H

#include <stdbool.h>
#include "lang/source.h"

/* The main module: the nearest go.mod (or gol.mod, same syntax) at or above the main package. */
typedef struct Module {
  const char *path; /* the `module` directive's path; NULL when no module file was found */
  const char *root; /* absolute directory holding the module file */
} Module;

/* The Go source files of a directory: *.go and *.gol, without *_test.go / *_test.gol and
 * without names starting with '.' or '_' (the go command ignores those), sorted bytewise. */
typedef struct FileList {
  const char **names; /* base names */
  int n;
  int ntest;          /* *_test.go / *_test.gol files left out */
  const char *err;    /* strerror text when listing failed */
} FileList;

/* Whether path exists; *isdir tells a directory from anything else. *err on failure. */
bool fs_stat_kind(const char *path, bool *isdir, const char **err);
bool fs_is_dir(const char *path);
/* The absolute, symlink-free directory of path (path itself when isdir), or NULL. */
const char *fs_abs_dir(Arena *a, const char *path, bool isdir);
/* Looks for go.mod, then gol.mod, in dir and its parents; fills *m (m->path NULL if none). */
void fs_find_module(Arena *a, const char *dir, Module *m);
/* The import path of absolute directory dir inside module m, or NULL if dir is outside it. */
const char *fs_module_path(Arena *a, const Module *m, const char *dir);
/* The directory of import path `path` inside module m, or NULL if path is not in the module. */
const char *fs_module_dir(Arena *a, const Module *m, const char *path);
bool fs_list_go_files(Arena *a, const char *dir, FileList *out);
/* dir relative to the working directory when that is shorter ("." for the directory itself),
 * else dir unchanged: the go command's base.ShortPath. */
const char *fs_short_path(Arena *a, const char *dir);
char *fs_join(Arena *a, const char *dir, const char *name);

#endif

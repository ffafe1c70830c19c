/* File-system side of program loading (see program_fs.h). */
#define _GNU_SOURCE
#include "lang/program_fs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *fs_dup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *fs_join(Arena *a, const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *s = arena_alloc(a, n);
  if (strcmp(dir, "/") == 0) snprintf(s, n, "/%s", name);
  else snprintf(s, n, "%s/%s", dir, name);
  return s;
}

bool fs_stat_kind(const char *path, bool *isdir, const char **err) {
  struct stat st;
  if (stat(path, &st) != 0) {
    *err = strerror(errno);
    return false;
  }
  *isdir = S_ISDIR(st.st_mode);
  return true;
}

bool fs_is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *fs_abs_dir(Arena *a, const char *path, bool isdir) {
  char buf[PATH_MAX];
  if (!realpath(path, buf)) return NULL;
  if (!isdir) {
    char *slash = strrchr(buf, '/');
    if (slash == buf) slash[1] = 0;
    else if (slash) *slash = 0;
  }
  return fs_dup(a, buf);
}

/* The module path of a go.mod text: the first `module` directive's argument (quotes removed). */
static const char *parse_modfile(Arena *a, const char *text) {
  for (const char *l = text; l && *l;) {
    while (*l == ' ' || *l == '\t') l++;
    if (strncmp(l, "module", 6) == 0 && (l[6] == ' ' || l[6] == '\t')) {
      const char *s = l + 6;
      while (*s == ' ' || *s == '\t') s++;
      char q = (*s == '"' || *s == '`') ? *s++ : 0;
      const char *e = s;
      while (*e && *e != '\n' && *e != '\r' && (q ? *e != q : (*e != ' ' && *e != '\t' && !(e[0] == '/' && e[1] == '/'))))
        e++;
      if (e > s) return arena_strndup(a, s, (size_t)(e - s));
    }
    l = strchr(l, '\n');
    if (l) l++;
  }
  return NULL;
}

static char *read_small(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *s = malloc(cap);
  size_t r;
  while (s && (r = fread(s + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (n + 1 == cap) {
      char *t = realloc(s, cap *= 2);
      if (!t) free(s);
      s = t;
    }
  }
  fclose(f);
  if (s) s[n] = 0;
  return s;
}

void fs_find_module(Arena *a, const char *dir, Module *m) {
  m->path = m->root = NULL;
  char *d = fs_dup(a, dir);
  for (;;) {
    static const char *const names[] = {"go.mod", "gol.mod"};
    for (int i = 0; i < 2; i++) {
      char *f = fs_join(a, d, names[i]);
      char *text = read_small(f);
      if (!text) continue;
      m->path = parse_modfile(a, text);
      free(text);
      if (m->path) {
        m->root = d;
        return;
      }
    }
    char *slash = strrchr(d, '/');
    if (!slash || slash == d) {
      if (d[1] == 0) return; /* tried "/" */
      d[1] = 0;               /* try "/" last */
      continue;
    }
    *slash = 0;
  }
}

const char *fs_module_path(Arena *a, const Module *m, const char *dir) {
  size_t n = strlen(m->root);
  if (strcmp(m->root, "/") == 0) n = 0;
  if (strncmp(dir, m->root, n) != 0 || (dir[n] != 0 && dir[n] != '/')) return NULL;
  if (dir[n] == 0) return m->path;
  return fs_join(a, m->path, dir + n + 1);
}

const char *fs_module_dir(Arena *a, const Module *m, const char *path) {
  size_t n = strlen(m->path);
  if (strncmp(path, m->path, n) != 0) return NULL;
  if (path[n] == 0) return m->root;
  if (path[n] != '/' || path[n + 1] == 0) return NULL;
  /* Import paths never climb out of the module ("." and ".." elements are invalid in Go). */
  if (strstr(path + n, "/./") || strstr(path + n, "/../")) return NULL;
  return fs_join(a, m->root, path + n + 1);
}

typedef enum { NOT_GO, GO_FILE, GO_TEST_FILE } GoFileKind;

static GoFileKind go_file_kind(const char *name) {
  size_t n = strlen(name);
  if (name[0] == '.' || name[0] == '_') return NOT_GO;
  const char *ext = n > 3 && strcmp(name + n - 3, ".go") == 0   ? name + n - 3
                    : n > 4 && strcmp(name + n - 4, ".gol") == 0 ? name + n - 4
                                                                 : NULL;
  if (!ext) return NOT_GO;
  return (size_t)(ext - name) >= 5 && strncmp(ext - 5, "_test", 5) == 0 ? GO_TEST_FILE : GO_FILE;
}

static int cmp_names(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bool fs_list_go_files(Arena *a, const char *dir, FileList *out) {
  out->names = NULL;
  out->n = 0;
  out->ntest = 0;
  out->err = NULL;
  DIR *d = opendir(dir);
  if (!d) {
    out->err = strerror(errno);
    return false;
  }
  int cap = 0;
  const char **v = NULL;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    GoFileKind kind = go_file_kind(e->d_name);
    if (kind == NOT_GO) continue;
    char *full = fs_join(a, dir, e->d_name);
    struct stat st;
    if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (kind == GO_TEST_FILE) {
      out->ntest++;
      continue;
    }
    if (out->n == cap) {
      cap = cap ? cap * 2 : 16;
      const char **t = arena_alloc(a, (size_t)cap * sizeof *t);
      if (out->n) memcpy(t, v, (size_t)out->n * sizeof *t);
      v = t;
    }
    v[out->n++] = fs_dup(a, e->d_name);
  }
  closedir(d);
  if (out->n) qsort(v, (size_t)out->n, sizeof *v, cmp_names);
  out->names = v;
  return true;
}

const char *fs_short_path(Arena *a, const char *dir) {
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return dir;
  char real[PATH_MAX];
  if (realpath(cwd, real)) strcpy(cwd, real);
  size_t n = strlen(cwd);
  if (strcmp(dir, cwd) == 0) return ".";
  if (strncmp(dir, cwd, n) == 0 && dir[n] == '/') return fs_dup(a, dir + n + 1);
  /* Climb: ../x is used when shorter than the absolute path (Go's ShortPath rule). */
  char rel[PATH_MAX] = "";
  char base[PATH_MAX];
  strcpy(base, cwd);
  for (;;) {
    char *slash = strrchr(base, '/');
    if (!slash) return dir;
    *slash = 0;
    if (strlen(rel) + 4 >= sizeof rel) return dir;
    strcat(rel, "../");
    size_t bn = strlen(base);
    if (bn == 0 || (strncmp(dir, base, bn) == 0 && dir[bn] == '/')) {
      const char *rest = dir + bn + (bn == 0 ? 1 : 1);
      size_t len = strlen(rel) + strlen(rest) + 1;
      if (len >= strlen(dir)) return dir;
      char *s = arena_alloc(a, len);
      snprintf(s, len, "%s%s", rel, rest);
      return s;
    }
  }
}

/* parsetool: the parser's test driver.
 *
 *   parsetool [-dump] FILE...     parse each file; print the errors (as the compiler prints them)
 *                                 or, with -dump, the AST; exit 1 if any file had errors
 *   parsetool -repl FILE          parse FILE as one REPL input; prints "ok", "incomplete" or the
 *                                 errors
 *   parsetool -corpus DIR         parse every non-test .go file under DIR (skipping testdata/);
 *                                 files rejected only for using type parameters are counted
 *                                 apart; any other error fails
 *   parsetool -lazy DIR|FILE...   lazy parsing (parse_file_lazy, as for the standard library) of
 *                                 every file that parses (.go/.gol; directories walked as for
 *                                 -corpus): with its skipped declarations and bodies parsed
 *                                 (parse_decl, parse_body) the AST must dump exactly as the
 *                                 whole file's */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/parse.h"

static int parse_one(const char *path, bool dump) {
  const char *err = NULL;
  uint16_t f = src_load(path, &err);
  if (!f) {
    fprintf(stderr, "%s: %s\n", path, err ? err : "cannot read");
    return 1;
  }
  Arena a = {0};
  Diag d;
  diag_init(&d);
  Node *n = parse_file(&a, f, &d);
  int bad = n == NULL;
  if (bad) diag_print(&d, stdout);
  else if (dump) ast_dump(n, 0, stdout);
  diag_free(&d);
  arena_free(&a);
  return bad;
}

static int parse_repl_file(const char *path) {
  const char *err = NULL;
  uint16_t f = src_load(path, &err);
  if (!f) return 1;
  Arena a = {0};
  Diag d;
  diag_init(&d);
  bool incomplete = false;
  Node *n = parse_repl(&a, f, &d, &incomplete);
  if (n) {
    printf("ok\n");
    ast_dump(n, 0, stdout);
  } else if (incomplete) {
    printf("incomplete\n");
  } else {
    diag_print(&d, stdout);
  }
  diag_free(&d);
  arena_free(&a);
  return n == NULL;
}

static int nparsed, ngeneric, nfailed;

static bool ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* ---- lazy parsing against whole-file parsing ---- */

static int nlazy, nlazyfailed, nstubs, nbodies;

/* Replaces the stubs and lazy bodies of file's declarations with their parses. */
static bool unlazy(Arena *a, Node *file, Diag *d) {
  for (int i = 0; i < file->list2.n; i++) {
    Node *decl = file->list2.v[i];
    Node *stub = decl->kind == N_GENDECL && decl->list.n ? decl->list.v[0] : decl;
    if (stub->flags & NF_LAZYDECL && (nstubs++, !(decl = file->list2.v[i] = parse_decl(a, stub, d))))
      return false;
    if (decl->kind == N_FUNCDECL && decl->z && decl->z->flags & NF_LAZYBODY &&
        (nbodies++, !(decl->z = parse_body(a, decl->z, d))))
      return false;
  }
  return true;
}

static char *dump_string(Node *n) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) abort();
  ast_dump(n, 0, f);
  fclose(f);
  return buf;
}

/* -lazy: file parsed whole as `whole`; its lazy parse, completed, must dump the same. */
static void compare_lazy(Arena *a, uint16_t f, Node *whole, Diag *d, const char *path) {
  nlazy++;
  Node *lazy = parse_file_lazy(a, f, d);
  char *w = dump_string(whole), *l = lazy && unlazy(a, lazy, d) ? dump_string(lazy) : NULL;
  if (!l || strcmp(w, l) != 0) {
    nlazyfailed++;
    size_t k = 0;
    while (l && w[k] && w[k] == l[k]) k++;
    int line = 1;
    for (size_t j = 0; j < k; j++) line += w[j] == '\n';
    printf("%s: lazy parse differs (dump line %d)\n", path, line);
    if (d->n) diag_print(d, stdout);
  }
  free(w);
  free(l);
}

static bool lazymode; /* -lazy: visit compares lazy parses too, of .gol files as well */

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st;
  if (type == FTW_D && strcmp(path + ftw->base, "testdata") == 0) return FTW_SKIP_SUBTREE;
  bool source = ends_with(path, ".go") || (lazymode && ends_with(path, ".gol"));
  if (type != FTW_F || !source || ends_with(path, "_test.go")) return FTW_CONTINUE;
  const char *err = NULL;
  uint16_t f = src_load(path, &err);
  if (!f) return FTW_CONTINUE;
  Arena a = {0};
  Diag d;
  diag_init(&d);
  Node *n = parse_file(&a, f, &d);
  if (n) {
    nparsed++;
    if (lazymode) compare_lazy(&a, f, n, &d, path);
  } else {
    bool generic = false;
    for (int i = 0; i < d.n; i++) generic |= strstr(d.v[i].msg, "type parameters") != NULL;
    if (generic) {
      ngeneric++;
    } else {
      nfailed++;
      if (nfailed <= 20) diag_print(&d, stdout);
    }
  }
  diag_free(&d);
  arena_free(&a);
  return FTW_CONTINUE;
}

int main(int argc, char **argv) {
  bool dump = false;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-dump") == 0) {
      dump = true;
    } else if (strcmp(argv[i], "-repl") == 0 && i + 1 < argc) {
      status |= parse_repl_file(argv[++i]);
    } else if (strcmp(argv[i], "-lazy") == 0) {
      lazymode = true;
      while (i + 1 < argc) nftw(argv[++i], visit, 32, FTW_PHYS | FTW_ACTIONRETVAL);
      printf("lazy parses of %d files (%d declarations, %d bodies parsed on demand), %d differ\n",
             nlazy, nstubs, nbodies, nlazyfailed);
      status |= nlazyfailed != 0 || nlazy == 0 || nbodies == 0;
    } else if (strcmp(argv[i], "-corpus") == 0 && i + 1 < argc) {
      clock_t t0 = clock();
      nftw(argv[++i], visit, 32, FTW_PHYS | FTW_ACTIONRETVAL);
      printf("parsed %d files, %d excused for type parameters, %d failed (%.2fs)\n", nparsed,
             ngeneric, nfailed, (double)(clock() - t0) / CLOCKS_PER_SEC);
      status |= nfailed != 0 || nparsed == 0;
    } else {
      status |= parse_one(argv[i], dump);
    }
  }
  return status;
}

/* Program loading: the main package and its imports, each parsed and checked once, in
 * dependency order (see program.h).
 *
 * Packages are kept in completion order: a package is appended after everything it imports, so
 * the list is a valid order for compiling and for building init tasks. Standard packages come
 * from the std table (stdlib/stdlib.h) as Go source and go through the same parser and checker. */
#include "lang/program.h"

#include <stdlib.h>
#include <string.h>

#include "lang/check.h"
#include "lang/compile.h"
#include "lang/parse.h"
#include "runtime/runtime.h"
#include "vm/vm.h"
#include "stdlib/stdlib.h"

typedef struct Loaded {
  const char *path;
  Package *pkg;
  bool loading;      /* on the import stack: seeing it again is an import cycle */
  CompiledPkg *code; /* after program_compile */
  inittask task;
  initfn fn;
  inittask **deps;
} Loaded;

struct Program {
  Arena arena;
  Diag *diag;
  Loaded *v;
  int n, cap;
  Package *main;
  Loaded *mainl;
};

static Loaded *find(Program *p, const char *path) {
  for (int i = 0; i < p->n; i++)
    if (strcmp(p->v[i].path, path) == 0) return &p->v[i];
  return NULL;
}

/* Appends a (finished) package. Loaded entries move when the array grows: never keep a Loaded*
 * across a call that may append. */
static Loaded *append(Program *p, const char *path, Package *pkg) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 16;
    p->v = realloc(p->v, p->cap * sizeof *p->v);
    if (!p->v) abort();
  }
  Loaded *l = &p->v[p->n++];
  memset(l, 0, sizeof *l);
  l->path = path;
  l->pkg = pkg;
  return l;
}

static Package *check_files(Program *p, const char *path, uint16_t file, bool std);

static Package *import_std(void *ctx, const char *path) {
  Program *p = ctx;
  Loaded *l = find(p, path);
  if (l) return l->pkg;
  const StdPackage *sp = stdlib_lookup(path);
  if (!sp) return NULL;
  char name[256];
  snprintf(name, sizeof name, "$GOLROOT/stdlib/%s.gol", path);
  uint16_t file = src_add(name, sp->source, strlen(sp->source));
  return check_files(p, intern_cstr(path), file, true);
}

static Package *check_files(Program *p, const char *path, uint16_t file, bool std) {
  Node *ast = parse_file(&p->arena, file, p->diag);
  if (!ast) return NULL;
  CheckConfig cfg = {.arena = &p->arena, .importer = import_std, .importer_ctx = p, .std = std};
  Package *pkg = check_package(&cfg, path, &ast, 1, p->diag);
  if (pkg) append(p, path, pkg);
  return pkg;
}

Program *program_load(const char *path, Diag *d) {
  Program *p = calloc(1, sizeof *p);
  if (!p) abort();
  p->diag = d;
  const char *err = NULL;
  uint16_t file = src_load(path, &err);
  if (!file) {
    diag_error(d, (Pos){0}, "open %s: %s", path, err);
    return NULL;
  }
  p->main = check_files(p, "main", file, false);
  if (!p->main || diag_count(d)) return NULL;
  if (strcmp(p->main->name, "main") != 0) {
    /* go run: "package command-line-arguments is not a main package" */
    diag_error(d, (Pos){0}, "package command-line-arguments is not a main package");
    return NULL;
  }
  return p;
}

bool program_compile(Program *p, Diag *d) {
  for (int i = 0; i < p->n; i++) {
    Loaded *l = &p->v[i];
    const StdPackage *sp = l->pkg->std ? stdlib_lookup(l->path) : NULL;
    l->code = compile_package(l->pkg, sp, d);
    if (!l->code) return false;
  }
  /* Init tasks: one per package, depending on its imports' tasks (Go's inittask shape). The
   * Loaded array is final now, so pointers into it stay valid. */
  for (int i = 0; i < p->n; i++) {
    Loaded *l = &p->v[i];
    Package *pkg = l->pkg;
    l->deps = calloc(pkg->nimports ? pkg->nimports : 1, sizeof *l->deps);
    if (!l->deps) abort();
    for (int j = 0; j < pkg->nimports; j++) l->deps[j] = &find(p, pkg->imports[j]->path)->task;
    l->fn = (initfn){compile_run_init, l->code};
    l->task = (inittask){.state = 0, .ndeps = (uintptr_t)pkg->nimports, .nfns = 1,
                         .deps = l->deps, .fns = &l->fn, .name = l->path};
  }
  p->mainl = find(p, "main");
  if (!compile_main_func(p->mainl->code)) {
    /* what Go's linker says */
    diag_error(d, (Pos){0}, "function main is undeclared in the main package");
    return false;
  }
  return true;
}

inittask *program_inittask(Program *p) { return &p->mainl->task; }

void program_run_main(Program *p) {
  Closure *mainfn = compile_main_func(p->mainl->code);
  vm_run(mainfn);
}

void program_disassemble(Program *p, FILE *out) {
  compile_disassemble(p->mainl->code, out);
}

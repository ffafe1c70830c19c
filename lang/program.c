/* Program loading: the main package and its imports, each loaded, parsed and checked once, in
 * dependency order (see program.h). Packages come from three places: the main module's
 * directories, the standard library (stdlib/, embedded) and the host (libgol's registered
 * packages, which behave like standard ones with natives supplied by the host).
 *
 * Two phases, as the go command and compiler split the work:
 *  1. load (program_load -> load_pkg): find each package's files (a directory of the main module,
 *     or a standard package's embedded source), parse them, resolve their imports recursively.
 *     Errors here are the go command's ("no required module provides package ...", "import cycle
 *     not allowed", "found packages a (a.go) and b (b.go) in DIR"); any of them stops before type
 *     checking, as `go build` does.
 *  2. check: packages are type-checked in completion order (a package is appended after everything
 *     it imports), so the importer callback only ever returns already-checked packages. The first
 *     package with errors stops the build (the go command does not compile its importers).
 * The list's order is also the order for compiling and building init tasks.
 *
 * Incremental use (program_require, the REPL) runs both phases for one more import path: the
 * packages it appends are checked and compiled at once; if anything fails they are dropped again,
 * so the list only ever holds complete packages between calls. Loaded records are allocated one
 * by one and never move: init tasks point at each other across calls. */
#include "lang/program.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/check.h"
#include "lang/compile.h"
#include "lang/parse.h"
#include "lang/program_fs.h"
#include "lang/types.h"
#include "runtime/runtime.h"
#include "vm/vm.h"
#include "stdlib/stdlib.h"

typedef struct Loaded {
  const char *path;  /* import path ("example.com/m/util", "fmt"; the main package's real path) */
  const char *dir;   /* absolute directory; NULL for a standard or host package */
  Node **files;      /* parsed N_FILE nodes, in file-name order */
  int nfiles;
  bool std;
  const StdPackage *sp; /* standard or host package: its source and natives; NULL otherwise */
  Program *prog;
  bool traced;       /* has init work in Go's sense: listed by GOLDEBUG=inittrace=1 */
  Package *pkg;      /* after phase 2 */
  CompiledPkg *code; /* after program_compile */
  inittask task;
  initfn fn;
  inittask **deps;
} Loaded;

struct Program {
  Arena *arena; /* outlives the Program: lazy standard packages allocate in it (program_free) */
  Diag *diag;
  Loaded **v; /* completion order: every package after the packages it imports */
  int n, cap;
  const char **stack; /* import paths being loaded (phase 1), outermost first */
  int nstack, capstack;
  Module mod;         /* the main module (mod.path NULL: none found) */
  Loaded *mainl;
  const StdPackage **hosts; /* program_add_host */
  int nhosts;
  ProgramInitRunner initrun;
  void *initctx;
};

static Loaded *find(Program *p, const char *path) {
  for (int i = 0; i < p->n; i++)
    if (strcmp(p->v[i]->path, path) == 0) return p->v[i];
  return NULL;
}

static Loaded *find_pkg(Program *p, const Package *pkg) {
  for (int i = 0; i < p->n; i++)
    if (p->v[i]->pkg == pkg) return p->v[i];
  return NULL;
}

static const StdPackage *find_host(Program *p, const char *path) {
  for (int i = 0; i < p->nhosts; i++)
    if (strcmp(p->hosts[i]->path, path) == 0) return p->hosts[i];
  return NULL;
}

/* Appends a fully loaded package (copied into a record of its own, which never moves). */
static Loaded *append(Program *p, const Loaded *l) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 16;
    p->v = realloc(p->v, (size_t)p->cap * sizeof *p->v);
    if (!p->v) abort();
  }
  Loaded *rec = ARENA_NEW(p->arena, Loaded);
  *rec = *l;
  rec->prog = p;
  p->v[p->n++] = rec;
  return rec;
}

/* ---- go-command style errors ------------------------------------------------------------------ */

/* The go command names files relative to the working directory without the "./" the compiler's
 * diagnostics carry ("main.go:4:2" vs "./main.go:6:2"). Such errors are recorded against a second
 * registration of the file under that name. */
static Pos loader_pos(Pos at) {
  const SourceFile *f = src_file(at.file);
  if (!f || strncmp(f->name, "./", 2) != 0) return at;
  at.file = src_add(f->name + 2, f->text, f->len);
  return at;
}

static void loader_error(Program *p, Pos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void loader_error(Program *p, Pos at, const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  diag_error(p->diag, loader_pos(at), "%s", buf);
}

/* "package A\n\timports B\n\timports A: import cycle not allowed". Diagnostics print
 * "NAME: MESSAGE", so the chain is the (position-less) name of a pseudo file. */
static void cycle_error(Program *p, const char *path) {
  size_t cap = 64;
  for (int i = 0; i < p->nstack; i++) cap += strlen(p->stack[i]) + 12;
  cap += strlen(path);
  char *s = arena_alloc(p->arena, cap);
  size_t n = (size_t)snprintf(s, cap, "package %s", p->stack[0]);
  for (int i = 1; i < p->nstack; i++) n += (size_t)snprintf(s + n, cap - n, "\n\timports %s", p->stack[i]);
  snprintf(s + n, cap - n, "\n\timports %s", path);
  Pos at = {0, 0, src_add(s, "", 0)};
  diag_error(p->diag, at, "import cycle not allowed");
}

/* Why an import path names no package: Go's wording depends on whether the path looks like a
 * standard one (no dot in its first element) and whether there is a main module. */
static void missing_error(Program *p, Pos at, const char *path) {
  const char *slash = strchr(path, '/');
  size_t first = slash ? (size_t)(slash - path) : strlen(path);
  if (!memchr(path, '.', first)) {
    const char *goroot = getenv("GOROOT");
    if (goroot && *goroot)
      loader_error(p, at, "package %s is not in GOROOT (%s/src/%s)", path, goroot, path);
    else
      loader_error(p, at, "package %s is not in GOROOT", path);
  } else if (p->mod.path) {
    loader_error(p, at, "no required module provides package %s; to add it:\n\tgo get %s", path, path);
  } else {
    loader_error(p, at,
                 "no required module provides package %s: go.mod file not found in current "
                 "directory or any parent directory; see 'go help modules'",
                 path);
  }
}

/* ---- phase 1: loading ---------------------------------------------------------------------- */

static bool load_pkg(Program *p, const char *path, const char *dir, const StdPackage *sp, Pos at);

static void push(Program *p, const char *path) {
  if (p->nstack == p->capstack) {
    p->capstack = p->capstack ? p->capstack * 2 : 16;
    p->stack = realloc(p->stack, (size_t)p->capstack * sizeof *p->stack);
    if (!p->stack) abort();
  }
  p->stack[p->nstack++] = path;
}

static bool on_stack(Program *p, const char *path) {
  for (int i = 0; i < p->nstack; i++)
    if (strcmp(p->stack[i], path) == 0) return true;
  return false;
}

/* Resolves and loads one import of a package being loaded (std: the importer is standard, so only
 * standard packages are visible). False after reporting an error. */
static bool load_import(Program *p, const char *path, bool std, Pos at) {
  if (strcmp(path, "unsafe") == 0 || find(p, path)) return true;
  if (on_stack(p, path)) {
    cycle_error(p, path);
    return false;
  }
  const StdPackage *sp = std ? NULL : find_host(p, path);
  if (!sp) sp = stdlib_lookup(path);
  if (sp) return load_pkg(p, path, NULL, sp, at);
  if (!std && p->mod.path) {
    const char *dir = fs_module_dir(p->arena, &p->mod, path);
    if (dir && fs_is_dir(dir)) return load_pkg(p, path, dir, NULL, at);
  }
  missing_error(p, at, path);
  return false;
}

/* Parses one file registered as `file`; NULL on syntax errors (in the diag). */
static Node *parse_one(Program *p, uint16_t file) { return parse_file(p->arena, file, p->diag); }

/* Reads the Go files of dir into l->files. at: the importing spec (for errors). */
static bool load_dir_files(Program *p, Loaded *l, Pos at, bool is_main) {
  FileList fl;
  if (!fs_list_go_files(p->arena, l->dir, &fl)) {
    loader_error(p, at, "open %s: %s", l->dir, fl.err);
    return false;
  }
  if (fl.n == 0) {
    /* The go command's wording: an imported directory with only test files is named by its
     * import path, one with no Go files at all is not a package of the module. */
    if (fl.ntest) {
      size_t cap = strlen(l->path) + 10;
      char *name = arena_alloc(p->arena, cap);
      snprintf(name, cap, "go build %s", l->path);
      diag_error(p->diag, (Pos){0, 0, src_add(name, "", 0)}, "no non-test Go files in %s", l->dir);
    }
    else if (at.file) missing_error(p, at, l->path);
    else diag_error(p->diag, at, "no Go files in %s", l->dir);
    return false;
  }
  l->files = arena_alloc(p->arena, (size_t)fl.n * sizeof *l->files);
  const char *shortdir = fs_short_path(p->arena, l->dir);
  const char *firstname = NULL, *firstfile = NULL;
  for (int i = 0; i < fl.n; i++) {
    /* Registered as the compiler names them: the directory relative to the working directory
     * ("." for itself), so diagnostics read "./main.go:6:2" or "util/u.go:2:8". */
    size_t len = strlen(shortdir) + strlen(fl.names[i]) + 2;
    char *name = arena_alloc(p->arena, len);
    snprintf(name, len, "%s/%s", shortdir, fl.names[i]);
    char *full = fs_join(p->arena, l->dir, fl.names[i]);
    const char *err = NULL;
    uint16_t file = src_load(full, &err);
    if (!file) {
      loader_error(p, at, "open %s: %s", full, err);
      return false;
    }
    /* src_load registered the absolute path; register the display name instead. */
    const SourceFile *sf = src_file(file);
    file = src_add(name, sf->text, sf->len);
    Node *ast = parse_one(p, file);
    if (!ast) return false;
    if (!firstname) {
      firstname = ast->name, firstfile = fl.names[i];
    } else if (strcmp(firstname, ast->name) != 0) {
      const char *msg = "found packages %s (%s) and %s (%s) in %s";
      if (at.file) loader_error(p, at, msg, firstname, firstfile, ast->name, fl.names[i], l->dir);
      else diag_error(p->diag, at, msg, firstname, firstfile, ast->name, fl.names[i], l->dir);
      return false;
    }
    l->files[l->nfiles++] = ast;
  }
  if (!is_main && strcmp(firstname, "main") == 0) {
    loader_error(p, at, "import \"%s\" is a program, not an importable package", l->path);
    return false;
  }
  return true;
}

/* Loads the imports of l's files (each after the packages it imports), with l on the import
 * stack; then appends l. */
static bool load_imports_append(Program *p, Loaded *l) {
  push(p, l->path);
  for (int i = 0; i < l->nfiles; i++) {
    Node *f = l->files[i];
    for (int j = 0; j < f->list.n; j++) {
      Node *imp = f->list.v[j];
      const char *ip = intern(imp->lit.val ? imp->lit.val : "", (size_t)imp->lit.len);
      if (!load_import(p, ip, l->std, imp->y ? imp->y->pos : imp->pos)) return false;
    }
  }
  p->nstack--;
  append(p, l);
  return true;
}

/* Loads package `path` (sp: a standard or host package; else the package in dir) and,
 * recursively, everything it imports, then appends it. at: the import spec that asked for it
 * (file 0 for the main package). */
static bool load_pkg(Program *p, const char *path, const char *dir, const StdPackage *sp, Pos at) {
  bool host = sp && sp != stdlib_lookup(path);
  Loaded l = {.path = intern_cstr(path), .dir = dir, .std = sp && !host, .sp = sp};
  if (sp) {
    char name[300];
    snprintf(name, sizeof name, host ? "$GOLHOST/%s.gol" : "$GOLROOT/stdlib/%s.gol", path);
    uint16_t file = host ? src_add(name, sp->source, strlen(sp->source))
                         : src_add_static(name, sp->source, strlen(sp->source));
    /* the standard library's bodies are compiled when first called (compile_lazy.c) */
    Node *ast = host ? parse_one(p, file) : parse_file_lazy(p->arena, file, p->diag);
    if (!ast) return false;
    l.files = arena_alloc(p->arena, sizeof *l.files);
    l.files[l.nfiles++] = ast;
  } else if (!load_dir_files(p, &l, at, at.file == 0)) {
    return false;
  }
  return load_imports_append(p, &l);
}

/* ---- phase 2: checking ------------------------------------------------------------------- */

static Package *importer(void *ctx, const char *path) {
  Loaded *l = find(ctx, path);
  return l ? l->pkg : NULL;
}

/* Checks the packages from index `from` on. */
static bool check_all(Program *p, int from) {
  for (int i = from; i < p->n; i++) {
    Loaded *l = p->v[i];
    /* host packages are checked like standard ones: bodyless functions are natives */
    CheckConfig cfg = {.arena = p->arena, .importer = importer, .importer_ctx = p,
                       .std = l->sp != NULL};
    /* The main package is "main" to the checker, as to Go's compiler and linker (main.T). */
    const char *cpath = l == p->mainl ? intern_cstr("main") : l->path;
    l->pkg = check_package(&cfg, cpath, l->files, l->nfiles, p->diag);
    if (!l->pkg || diag_count(p->diag)) return false;
  }
  return true;
}

Program *program_new(void) {
  Program *p = calloc(1, sizeof *p);
  if (!p || !(p->arena = calloc(1, sizeof *p->arena))) abort();
  return p;
}

void program_add_host(Program *p, const StdPackage *sp) {
  p->hosts = realloc(p->hosts, (size_t)(p->nhosts + 1) * sizeof *p->hosts);
  if (!p->hosts) abort();
  p->hosts[p->nhosts++] = sp;
}

/* The main package from one registered file: `go run FILE` names its package
 * command-line-arguments. clause_name: name a non-main package by its package clause in the
 * error (a program from memory has no file name for the go command to use). */
static bool load_main_file(Program *p, uint16_t file, const char *absdir, bool clause_name) {
  Loaded l = {.path = intern_cstr("command-line-arguments"), .dir = absdir};
  Node *ast = parse_one(p, file);
  if (!ast) return false;
  l.files = arena_alloc(p->arena, sizeof *l.files);
  l.files[l.nfiles++] = ast;
  if (!load_imports_append(p, &l)) return false;
  p->mainl = p->v[p->n - 1];
  if (strcmp(ast->name, "main") != 0) {
    /* go run: "package command-line-arguments is not a main package" */
    diag_error(p->diag, (Pos){0}, "package %s is not a main package",
               clause_name ? ast->name : p->mainl->path);
    return false;
  }
  return true;
}

bool program_load_main(Program *p, const char *path, Diag *d) {
  p->diag = d;
  const char *err = NULL;
  bool isdir = false;
  if (!fs_stat_kind(path, &isdir, &err)) {
    diag_error(d, (Pos){0}, "open %s: %s", path, err);
    return false;
  }
  const char *absdir = fs_abs_dir(p->arena, path, isdir);
  if (!absdir) {
    diag_error(d, (Pos){0}, "open %s: cannot resolve the directory", path);
    return false;
  }
  fs_find_module(p->arena, absdir, &p->mod);
  bool ok;
  if (isdir) {
    if (!p->mod.path) {
      diag_error(d, (Pos){0}, "go.mod file not found in current directory or any parent "
                              "directory; see 'go help modules'");
      return false;
    }
    const char *mainpath = fs_module_path(p->arena, &p->mod, absdir);
    if (!mainpath) {
      diag_error(d, (Pos){0}, "directory %s outside main module", absdir);
      return false;
    }
    ok = load_pkg(p, mainpath, absdir, NULL, (Pos){0});
    if (ok) p->mainl = p->v[p->n - 1]; /* the main package completes last */
    if (ok && strcmp(p->mainl->files[0]->name, "main") != 0) {
      diag_error(d, (Pos){0}, "package %s is not a main package", p->mainl->path);
      ok = false;
    }
  } else {
    uint16_t file = src_load(path, &err);
    if (!file) {
      diag_error(d, (Pos){0}, "open %s: %s", path, err);
      return false;
    }
    ok = load_main_file(p, file, absdir, false);
  }
  return ok && !diag_count(d) && check_all(p, 0);
}

bool program_load_main_source(Program *p, const char *name, const char *source, size_t len,
                              Diag *d) {
  p->diag = d;
  uint16_t file = src_add(name, source, len);
  return load_main_file(p, file, NULL, true) && !diag_count(d) && check_all(p, 0);
}

Program *program_load(const char *path, Diag *d) {
  Program *p = program_new();
  if (program_load_main(p, path, d)) return p;
  program_free(p);
  return NULL;
}

Program *program_load_source(const char *name, const char *source, size_t len, Diag *d) {
  Program *p = program_new();
  if (program_load_main_source(p, name, source, len, d)) return p;
  program_free(p);
  return NULL;
}

/* ---- init tasks ------------------------------------------------------------------------------ */

/* Go's fmtNSAsMS: whole milliseconds from 10 ms up, otherwise two significant digits with at most
 * three decimals ("0.85", "0.034", "1.5", "0"). */
static void fmt_ms(char *buf, size_t cap, int64_t ns) {
  if (ns < 0) ns = 0;
  if (ns >= 10000000) {
    snprintf(buf, cap, "%lld", (long long)(ns / 1000000));
    return;
  }
  long long x = ns / 1000;
  if (x == 0) {
    snprintf(buf, cap, "0");
    return;
  }
  int dec = 3;
  while (x >= 100) x /= 10, dec--;
  long long pow = 1;
  for (int i = 0; i < dec; i++) pow *= 10;
  if (dec == 0) snprintf(buf, cap, "%lld", x);
  else snprintf(buf, cap, "%lld.%0*lld", x / pow, dec, x % pow);
}

/* The body of a package's init task: its init function, traced as Go's doInit does under
 * GODEBUG=inittrace=1 (one line per package that has initialisation work). */
static void run_init_code(Loaded *l) {
  Program *p = l->prog;
  if (p->initrun) p->initrun(p->initctx, compile_init_func(l->code));
  else compile_run_init(l->code);
}

static void run_init(void *ctx) {
  Loaded *l = ctx;
  if (!l->traced || !runtime_inittrace()) {
    run_init_code(l);
    return;
  }
  int64_t start = nanotime();
  uint64_t allocs = runtime_mallocs(), bytes = runtime_mallocbytes();
  run_init_code(l);
  int64_t end = nanotime();
  char at[32], clock[32];
  fmt_ms(at, sizeof at, start - runtime_inittime());
  fmt_ms(clock, sizeof clock, end - start);
  fflush(stdout);
  fprintf(stderr, "init %s @%s ms, %s ms clock, %llu bytes, %llu allocs\n", l->pkg->path, at,
          clock, (unsigned long long)(runtime_mallocbytes() - bytes),
          (unsigned long long)(runtime_mallocs() - allocs));
  fflush(stderr);
}

/* Whether Go would give the package an init function: init() functions, or a package-level
 * variable whose initialiser is not a constant (Go initialises constant ones statically). */
static bool has_init_work(const Package *pkg) {
  if (pkg->ninitfuncs) return true;
  for (int i = 0; i < pkg->ninits; i++)
    if (!pkg->inits[i].rhs || !pkg->inits[i].rhs->cval) return true;
  return false;
}

/* Compiles the packages from index `from` on and builds their init tasks. */
static bool compile_from(Program *p, int from, Diag *d) {
  for (int i = from; i < p->n; i++) {
    Loaded *l = p->v[i];
    l->code = compile_package(l->pkg, l->sp, d);
    if (!l->code) return false;
  }
  /* Init tasks: one per package, depending on its imports' tasks in first-import order (what Go
   * 1.19's compiler emits). */
  for (int i = from; i < p->n; i++) {
    Loaded *l = p->v[i];
    Package *pkg = l->pkg;
    int nd = 0;
    l->deps = calloc(pkg->nimports ? (size_t)pkg->nimports : 1, sizeof *l->deps);
    if (!l->deps) abort();
    for (int j = 0; j < pkg->nimports; j++) {
      Loaded *dep = find_pkg(p, pkg->imports[j]);
      if (dep) l->deps[nd++] = &dep->task; /* unsafe has no task */
    }
    l->fn = (initfn){run_init, l};
    /* Variables with constant initialisers still need their init code in gol (Go initialises
     * them statically), so such a package has a function but is not traced. */
    bool work = pkg->ninitfuncs > 0 || pkg->ninits > 0;
    l->traced = has_init_work(pkg);
    l->task = (inittask){.state = 0, .ndeps = (uintptr_t)nd, .nfns = work ? 1 : 0,
                         .deps = l->deps, .fns = &l->fn, .name = l->path};
  }
  return true;
}

bool program_compile(Program *p, Diag *d) {
  if (!compile_from(p, 0, d)) return false;
  if (!compile_main_func(p->mainl->code)) {
    /* what Go's linker says */
    diag_error(d, (Pos){0}, "function main is undeclared in the main package");
    return false;
  }
  return true;
}

inittask *program_inittask(Program *p) { return &p->mainl->task; }

Closure *program_main_func(Program *p) {
  return p->mainl && p->mainl->code ? compile_main_func(p->mainl->code) : NULL;
}

void program_run_main(Program *p) { vm_run(program_main_func(p)); }

void program_disassemble(Program *p, FILE *out) { compile_disassemble(p->mainl->code, out); }

Package *program_package(Program *p, const char *path) {
  if (strcmp(path, "main") == 0) return p->mainl ? p->mainl->pkg : NULL;
  Loaded *l = find(p, path);
  return l ? l->pkg : NULL;
}

bool program_lookup_func(Program *p, const char *name, Closure **fn, const Type **sig) {
  Package *pkg = p->mainl ? p->mainl->pkg : NULL;
  Object *o = pkg && p->mainl->code ? check_lookup(pkg->scope, intern_cstr(name)) : NULL;
  if (!o || o->kind != OBJ_FUNC || o->pkg != pkg || (o->flags & OF_METHOD) || !o->impl)
    return false;
  *fn = vm_proto_closure(o->impl);
  *sig = o->type;
  return true;
}

void program_set_init_runner(Program *p, ProgramInitRunner run, void *ctx) {
  p->initrun = run;
  p->initctx = ctx;
}

bool program_require(Program *p, const char *path, Pos at, Diag *d, inittask **task,
                     Package **pkg) {
  *task = NULL;
  *pkg = NULL;
  if (strcmp(path, "unsafe") == 0) return true;
  p->diag = d;
  int from = p->n;
  bool ok = load_import(p, intern_cstr(path), false, at) && !diag_count(d) &&
            check_all(p, from) && compile_from(p, from, d);
  if (!ok) {
    for (int i = from; i < p->n; i++) free(p->v[i]->deps);
    p->n = from;
    p->nstack = 0;
    return false;
  }
  Loaded *l = find(p, path);
  *task = &l->task;
  *pkg = l->pkg;
  return true;
}

void program_free(Program *p) {
  if (!p) return;
  for (int i = 0; i < p->n; i++) free(p->v[i]->deps);
  free(p->v);
  free(p->stack);
  free(p->hosts);
  /* The ASTs and checker data stay (program.h), and the arena itself: a goroutine of the program
   * may yet compile a lazy standard-library function (compile_lazy.c), allocating in it. */
  arena_keep(p->arena);
  free(p);
}

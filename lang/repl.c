/* The REPL session (repl.h): incremental checking of one input against the session, rollback,
 * and running the input's statements. Compiling an input is lang/compile_repl.c.
 *
 * The session's names live in a chain of scopes, newest first: each accepted input links the
 * scopes it was checked in (its statements' top-level scope -> its imports' file scope -> its
 * declarations' package scope) on top of the chain. Later inputs look names up through the chain,
 * so a name declared again shadows (replaces) the old one, and nothing is ever removed. An input
 * is checked with the same checker entry points as a package file (chk_collect_file,
 * chk_resolve_decls, chk_funcbody); its scopes are linked only when it compiled, so a failed
 * input leaves no name behind. What checking an input changes outside its own scopes is saved
 * first and restored on failure (session_mark / session_rollback): the main package's function,
 * import and init lists, and the method tables of named types declared by earlier inputs. */
#include "lang/repl.h"

#include <stdlib.h>
#include <string.h>

#include "lang/check_impl.h"
#include "lang/compile.h"
#include "lang/compile_repl.h"
#include "lang/parse.h"
#include "lang/program.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "stdlib/stdlib.h"
#include "vm/frame.h"
#include "vm/vm.h"
#include "vm/vm_gc.h"

struct ReplSession {
  Program *prog;  /* the imported packages (program_require) */
  Arena arena;    /* every input's AST and checker data: compiled code refers to it */
  Package *pkg;   /* "main": functions, imports and init lists accumulate here */
  Scope *top;     /* the newest scope of the session's chain (see above) */
  Object *println;/* fmt.Println, which prints expression statements' values */
};

/* ---- saving and restoring what checking an input changes ------------------------------------ */

typedef struct MethodTable {
  Type *t;
  Method *methods;
  int32_t nmethods;
} MethodTable;

typedef struct SessionMark {
  int32_t nfuncs, nimports, ninitfuncs, nglobals;
  MethodTable *tables; /* every named type of the session (malloc'd) */
  int ntables;
} SessionMark;

static void session_mark(ReplSession *s, SessionMark *m) {
  Package *p = s->pkg;
  *m = (SessionMark){p->nfuncs, p->nimports, p->ninitfuncs, p->nglobals, NULL, 0};
  int cap = 0;
  for (Scope *sc = s->top; sc && sc != check_universe(); sc = sc->parent)
    for (int i = 0; i < sc->nobjs; i++) {
      Object *o = sc->objs[i];
      if (o->kind != OBJ_TYPE || o->pkg != p || !o->type || !(o->type->tflags & TF_NAMED)) continue;
      if (m->ntables == cap) {
        cap = cap ? cap * 2 : 16;
        m->tables = realloc(m->tables, (size_t)cap * sizeof *m->tables);
        if (!m->tables) abort();
      }
      m->tables[m->ntables++] = (MethodTable){o->type, o->type->methods, o->type->nmethods};
    }
}

/* Undoes a failed input: its methods on older types and its additions to the package's lists
 * (their arrays are only ever replaced by longer copies, so truncating restores them). */
static void session_rollback(ReplSession *s, const SessionMark *m) {
  Package *p = s->pkg;
  for (int i = 0; i < m->ntables; i++)
    types_restore_methods(m->tables[i].t, m->tables[i].methods, m->tables[i].nmethods);
  p->nfuncs = m->nfuncs;
  p->nimports = m->nimports;
  p->ninitfuncs = m->ninitfuncs;
  p->nglobals = m->nglobals;
}

/* ---- the session ------------------------------------------------------------------------------ */

static Package *importer(void *ctx, const char *path) {
  return program_package(((ReplSession *)ctx)->prog, path);
}

/* Loads, checks and compiles package path, and runs its initialisation (once). Called inside a
 * compile section (compile.h), which it leaves while the init code runs: that code may call lazy
 * bodies, or start goroutines that do. What was compiled so far is made permanent first. */
static Package *require(ReplSession *s, const char *path, Pos at, Diag *d) {
  inittask *task = NULL;
  Package *pkg = NULL;
  if (!program_require(s->prog, path, at, d, &task, &pkg)) return NULL;
  if (task) {
    gol_gc_program_ready();
    compile_end();
    doInit(task);
    compile_begin();
  }
  return pkg;
}

ReplSession *repl_new(void) {
  ReplSession *s = calloc(1, sizeof *s);
  if (!s) abort();
  s->prog = program_new();
  Package *p = ARENA_NEW(&s->arena, Package);
  p->path = p->name = intern_cstr("main");
  p->scope = ARENA_NEW(&s->arena, Scope);
  p->scope->parent = check_universe();
  p->checked = true;
  s->pkg = p;
  s->top = p->scope;
  Diag d;
  diag_init(&d);
  compile_begin();
  Package *fmt = require(s, "fmt", (Pos){0}, &d);
  s->println = fmt ? check_lookup(fmt->scope, intern_cstr("Println")) : NULL;
  if (s->println) check_resolve(s->println, &d);
  compile_end();
  if (!s->println) {
    diag_print(&d, stderr);
    throw("repl: cannot load package fmt");
  }
  diag_free(&d);
  return s;
}

/* ---- one input ----------------------------------------------------------------------------- */

/* An input split the way the checker wants it: a file of imports and package-level declarations
 * (func, type, const) and a function holding the statements (var declarations included: their
 * initialisers run in order with the statements). */
typedef struct Input {
  Node *file; /* N_FILE: list = import specs, list2 = declarations */
  Node *fn;   /* N_FUNCDECL: z = the statements */
} Input;

static void split(Arena *a, Node *block, Input *in) {
  in->file = ast_node(a, N_FILE, block->pos);
  in->file->name = intern_cstr("main");
  in->fn = ast_node(a, N_FUNCDECL, block->pos);
  in->fn->name = intern_cstr("main");
  in->fn->y = ast_node(a, N_FUNCTYPE, block->pos);
  Node *body = in->fn->z = ast_node(a, N_BLOCK, block->pos);
  body->pos2 = block->pos2;
  for (int i = 0; i < block->list.n; i++) {
    Node *item = block->list.v[i];
    if (item->kind == N_GENDECL && item->op == T_IMPORT) {
      for (int j = 0; j < item->list.n; j++) ast_append(a, &in->file->list, item->list.v[j]);
    } else if (item->kind == N_FUNCDECL) {
      ast_append(a, &in->file->list2, item);
    } else if (item->kind == N_DECLSTMT && (item->x->op == T_TYPE || item->x->op == T_CONST)) {
      ast_append(a, &in->file->list2, item->x);
    } else {
      ast_append(a, &body->list, item);
    }
  }
}

/* Checks the input with the package scope set to a fresh scope on top of the session's chain.
 * Returns the statements' FuncInfo; errors are in d. */
static FuncInfo *check_input(ReplSession *s, Input *in, Diag *d) {
  CheckConfig cfg = {.arena = &s->arena, .importer = importer, .importer_ctx = s};
  Checker cc;
  memset(&cc, 0, sizeof cc);
  Checker *c = &cc;
  c->a = &s->arena;
  c->diag = d;
  c->cfg = &cfg;
  c->iota = -1;
  c->pkg = s->pkg;
  Package *p = s->pkg;
  p->scope = chk_newscope(c, s->top);
  p->scope->func = NULL;
  p->files = ARENA_NEW(c->a, Node *); /* the declarations' file, for chk_objdecl's scopes */
  p->files[0] = in->file;
  p->nfiles = 1;
  FuncInfo *fi = ARENA_NEW(c->a, FuncInfo);
  fi->decl = in->fn;
  fi->sig = types_func(NULL, 0, NULL, 0, false);
  bool branches_ok = chk_branches(c, in->file); /* both report their errors */
  branches_ok = chk_branches(c, in->fn) && branches_ok;
  if (branches_ok) {
    chk_collect_file(c, in->file);
    chk_resolve_decls(c);
    /* the statements: a function body whose top-level variables are session variables */
    Scope *body = chk_newscope(c, in->file->scope);
    body->func = fi;
    body->isfunc = true;
    in->fn->scope = body;
    fi->obj = chk_newobj(c, OBJ_FUNC, in->fn->name, fi->sig, in->fn->pos);
    c->replscope = body;
    chk_funcbody(c, fi, in->fn->z, body);
    c->replscope = NULL;
  }
  chk_release(c);
  return fi;
}

/* Whether the input imports a package under the local name `name` (interned). */
static bool input_imports(const Input *in, const char *name) {
  for (int i = 0; i < in->file->list.n; i++) {
    const Node *imp = in->file->list.v[i];
    const char *path = imp->lit.val ? imp->lit.val : "";
    size_t lastlen = 0;
    while (lastlen < (size_t)imp->lit.len && path[imp->lit.len - 1 - (int64_t)lastlen] != '/') lastlen++;
    const char *last = path + imp->lit.len - lastlen;
    if (imp->name ? imp->name == name : strlen(name) == lastlen && memcmp(last, name, lastlen) == 0)
      return true;
  }
  return false;
}

/* Auto-import: `strings.ToUpper(s)` with `strings` undeclared in the session and not imported by
 * the input imports the standard package of that name, as if the input began with
 * `import "strings"` (the session keeps it, like any import). Only a selector's operand is a
 * candidate, so a misspelt variable still reads "undefined: x". */
static void add_auto_imports(ReplSession *s, Input *in, Node *n) {
  if (!n) return;
  if (n->kind == N_SELECTOR && n->x && n->x->kind == N_IDENT && !check_lookup(s->top, n->x->name) &&
      !input_imports(in, n->x->name)) {
    const StdPackage *sp = stdlib_lookup_name(n->x->name);
    if (sp) {
      Node *imp = ast_node(&s->arena, N_IMPORTSPEC, n->x->pos);
      imp->lit.val = sp->path;
      imp->lit.len = (int64_t)strlen(sp->path);
      ast_append(&s->arena, &in->file->list, imp);
    }
  }
  Node *kids[] = {n->x, n->y, n->z, n->w};
  for (int i = 0; i < 4; i++) add_auto_imports(s, in, kids[i]);
  for (int i = 0; i < n->list.n; i++) add_auto_imports(s, in, n->list.v[i]);
  for (int i = 0; i < n->list2.n; i++) add_auto_imports(s, in, n->list2.v[i]);
}

/* Loads the packages the input imports (before checking it: the checker's importer only finds
 * loaded packages). */
static bool load_imports(ReplSession *s, Input *in, Diag *d) {
  for (int i = 0; i < in->file->list.n; i++) {
    Node *imp = in->file->list.v[i];
    const char *path = arena_strndup(&s->arena, imp->lit.val ? imp->lit.val : "", (size_t)imp->lit.len);
    if (strcmp(path, "unsafe") != 0 && !require(s, path, imp->y ? imp->y->pos : imp->pos, d))
      return false;
  }
  return true;
}

/* Runs fn on this goroutine; a panic that escapes is printed as Go prints an unrecovered one
 * (by the VM, where the panicking frames are still there to trace) and then dropped, so the
 * session goes on. */
static void run_protected(const Closure *fn) {
  VMThread *th = vm_thread();
  /* vm.c: a panic reaching the boundary frame of the outermost interpreter loop (depth <= 1)
   * exits the process; one level more makes vm_call return false instead */
  th->depth++;
  th->reportdepth = th->depth + 1; /* the depth inside this vm_call: printed at the boundary */
  bool ok = vm_call(th, fn, NULL, 0, NULL, 0);
  th->reportdepth = 0;
  th->depth--;
  if (ok) return;
  th->panic = NULL;
  th->panicbase = NULL;
}

static bool blank_input(const char *text, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') return false;
  return true;
}

/* Whether the input's final newline ends a statement (Go's semicolon rule: it follows a name, a
 * literal, ++, --, ), ] or }...). When it does not ("x +", "f(a,"), the input is parsed without
 * it, so that it ends in EOF, which parse_repl reports as incomplete: it continues on the next
 * line, as in a file. (A line ending in a // comment counts as ending a statement.) */
static bool newline_ends_statement(const char *text, size_t len) {
  while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' ||
                 text[len - 1] == '\r'))
    len--;
  if (!len || !strchr("+-*/%&|^<>=!,([{.:", text[len - 1])) return true;
  if (len >= 2 && (memcmp(text + len - 2, "++", 2) == 0 || memcmp(text + len - 2, "--", 2) == 0 ||
                   memcmp(text + len - 2, "*/", 2) == 0))
    return true;
  return false;
}

ReplStatus repl_eval(ReplSession *s, const char *text, size_t len, bool final, FILE *errout) {
  if (blank_input(text, len)) return REPL_OK;
  if (!newline_ends_statement(text, len))
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r')) len--;
  /* Goroutines of earlier inputs may run (and collect) meanwhile: no cycle may start while the
   * compiler's C structures hold the only references to new objects; once compiled, they become
   * permanent (as everything allocated until then: a session's garbage between inputs is kept);
   * nor may a goroutine compile a lazy body meanwhile (compile.h: the compiler lock) */
  compile_begin();
  Diag d;
  diag_init(&d);
  bool incomplete = false;
  Node *block = parse_repl(&s->arena, src_add("<stdin>", text, len), &d, &incomplete);
  ReplStatus st = REPL_ERROR;
  if (!block && incomplete && !final) {
    st = REPL_INCOMPLETE;
    goto out;
  }
  if (!block) goto out;
  Input in;
  split(&s->arena, block, &in);
  add_auto_imports(s, &in, block);
  if (!load_imports(s, &in, &d)) goto out;
  SessionMark mark;
  session_mark(s, &mark);
  FuncInfo *fi = NULL;
  Closure *fn = NULL;
  if (diag_count(&d) == 0) {
    fi = check_input(s, &in, &d);
  }
  if (diag_count(&d) == 0)
    fn = compile_repl_input(&s->arena, s->pkg, mark.nfuncs, fi, in.fn->scope, s->println, &d);
  s->pkg->scope = s->top;
  if (!fn || diag_count(&d)) {
    session_rollback(s, &mark);
    free(mark.tables);
    goto out;
  }
  free(mark.tables);
  /* accepted: the input's scopes join the chain (statements' scope -> file scope -> declarations) */
  Scope *body = in.fn->scope;
  body->isfunc = false;
  s->top = body;
  st = REPL_OK;
  diag_free(&d);
  gol_gc_program_ready();
  compile_end();
  run_protected(fn);
  return st;
out:
  compile_end();
  if (st == REPL_ERROR) {
    fflush(stdout);
    diag_print(&d, errout);
    fflush(errout);
  }
  diag_free(&d);
  return st;
}

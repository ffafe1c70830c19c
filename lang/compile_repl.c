/* Compiling one REPL input (compile_repl.h): session variables get package-level cells, value
 * statements become fmt.Println calls, and the input's functions and statements are compiled by
 * the package compiler's cx_declare_funcs and cx_function. */
#include "lang/compile_repl.h"

#include <stdlib.h>

#include "lang/compile_int.h"
#include "lang/compile_x.h"
#include "lang/typesys.h"
#include "vm/vm.h"

/* Whether an expression statement's value is printed: anything but a call without results. */
static bool has_value(const Node *e) {
  const Type *t = e->type;
  return t && t->kind != K_INVALID && t->kind != K_UNTYPED_NIL &&
         !(t->kind == K_TUPLE && t->nparams == 0);
}

/* Rewrites `e` into the checked call println(e): the compiler packs e's value(s) into the ...any
 * argument as for any variadic call (boxing each, or spreading a multi-value call). */
static void print_values(Arena *a, Node *stmt, Object *println) {
  Node *e = stmt->x;
  Node *fn = ast_node(a, N_IDENT, e->pos);
  fn->name = println->name;
  fn->obj = println;
  fn->type = println->type;
  fn->flags = NF_CHECKED;
  Node *call = ast_node(a, N_CALL, e->pos);
  call->x = fn;
  ast_append(a, &call->list, e);
  call->type = types_tuple(println->type->results, println->type->nresults);
  call->flags = NF_CHECKED;
  stmt->x = call;
}

struct Closure *compile_repl_input(Arena *a, Package *pkg, int from, FuncInfo *fi,
                                   Scope *vars, Object *println, Diag *d) {
  Compiler c = {.pkg = pkg, .diag = d};
  int errs0 = diag_count(d);
  /* session variables: heap cells like package variables (cx_declare loads their address; the
   * flag makes every store go through the cell) */
  for (int i = 0; i < vars->nobjs; i++) {
    Object *o = vars->objs[i];
    if (o->kind != OBJ_VAR || !(o->flags & OF_GLOBAL)) continue;
    o->impl = vm_alloc((size_t)o->type->size, o->type);
    o->flags |= OF_ADDRTAKEN;
  }
  Node *body = fi->decl->z;
  for (int i = 0; i < body->list.n; i++) {
    Node *s = body->list.v[i];
    if (s->kind == N_EXPRSTMT && has_value(s->x)) print_values(a, s, println);
  }
  cx_declare_funcs(&c, from);
  for (int i = from; i < pkg->nfuncs; i++) {
    FuncInfo *f = pkg->funcs[i];
    if (f->obj && f->decl->z) cx_function(&c, NULL, f, f->obj->impl);
  }
  Proto *p = vm_proto_new(intern_cstr("main.main"));
  p->pos = fi->decl->pos;
  p->file = fi->decl->pos.file;
  p->type = fi->sig;
  cx_function(&c, NULL, fi, p);
  free(c.protos);
  if (diag_count(d) > errs0) return NULL;
  return vm_proto_closure(p);
}

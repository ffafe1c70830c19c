/* Package-level variable initialisation order (spec "Package initialization"): repeatedly pick
 * the earliest variable in declaration order that is ready, i.e. has no dependency on an
 * uninitialised variable; dependencies are the variables and functions (including methods)
 * referenced by its initialiser, followed transitively through function bodies. A variable that
 * depends on itself is an initialisation cycle ("initialization loop" in cmd/compile 1.19). */
#include "lang/check_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct VarNode {
  DeclInfo *d;
  Object **vdeps; /* variables reached, functions looked through */
  int nvdeps, capvdeps;
  bool done;
  bool emitted;
} VarNode;

static void push(VarNode *v, Object *o) {
  for (int i = 0; i < v->nvdeps; i++)
    if (v->vdeps[i] == o) return;
  if (v->nvdeps == v->capvdeps) {
    v->capvdeps = v->capvdeps ? v->capvdeps * 2 : 8;
    v->vdeps = realloc(v->vdeps, (size_t)v->capvdeps * sizeof *v->vdeps);
    if (!v->vdeps) abort();
  }
  v->vdeps[v->nvdeps++] = o;
}

/* Collects the variables reachable from d's dependencies through functions. */
static void reach(Checker *c, DeclInfo *d, VarNode *v, Object **seenf, int *nseenf, int cap) {
  for (int i = 0; i < d->ndeps; i++) {
    Object *o = d->deps[i];
    if (o->kind == OBJ_VAR) {
      push(v, o);
    } else if (o->kind == OBJ_FUNC) {
      bool seen = false;
      for (int k = 0; k < *nseenf; k++)
        if (seenf[k] == o) seen = true;
      if (seen || *nseenf >= cap) continue;
      seenf[(*nseenf)++] = o;
      DeclInfo *fd = chk_declinfo(c, o);
      if (fd) reach(c, fd, v, seenf, nseenf, cap);
    }
  }
}

static void fmtpos(char *buf, size_t n, Pos p) {
  const SourceFile *f = src_file(p.file);
  snprintf(buf, n, "%s:%u:%u", f ? f->name : "?", p.line, p.col);
}

/* Finds a dependency path from `from` back to `to` (objects in deps graph), for the report. */
static bool find_path(Checker *c, Object *from, Object *to, Object **path, int *n, int max, Object **seen, int *nseen) {
  DeclInfo *d = chk_declinfo(c, from);
  if (!d || *n >= max) return false;
  for (int i = 0; i < *nseen; i++)
    if (seen[i] == from) return false;
  seen[(*nseen)++] = from;
  path[(*n)++] = from;
  for (int i = 0; i < d->ndeps; i++) {
    if (d->deps[i] == to) return true;
    if (find_path(c, d->deps[i], to, path, n, max, seen, nseen)) return true;
  }
  (*n)--;
  return false;
}

void chk_initorder(Checker *c) {
  int nv = 0;
  for (int i = 0; i < c->ndecls; i++)
    if (c->decls[i]->obj->kind == OBJ_VAR) nv++;
  VarNode *vs = calloc((size_t)nv + 1, sizeof *vs);
  int k = 0;
  int cap = c->ndecls + 1;
  Object **seenf = malloc((size_t)cap * sizeof *seenf);
  for (int i = 0; i < c->ndecls; i++) {
    DeclInfo *d = c->decls[i];
    if (d->obj->kind != OBJ_VAR) continue;
    vs[k].d = d;
    int nseen = 0;
    reach(c, d, &vs[k], seenf, &nseen, cap);
    k++;
  }
  /* cycles: a variable reaching itself through variables and functions; reported once per
   * cycle, at its first variable in declaration order */
  bool cyc = false;
  Object **inreported = calloc((size_t)cap, sizeof *inreported);
  int ninrep = 0;
  for (int i = 0; i < nv; i++) {
    Object *o = vs[i].d->obj;
    Object *path[64];
    int n = 0, nseen = 0;
    Object **seen = malloc((size_t)cap * sizeof *seen);
    bool self = find_path(c, o, o, path, &n, 64, seen, &nseen);
    free(seen);
    if (!self) continue;
    cyc = true;
    bool reported = false;
    for (int r = 0; r < ninrep; r++)
      if (inreported[r] == o) reported = true;
    for (int p = 0; p < n && ninrep < cap; p++) inreported[ninrep++] = path[p];
    if (reported) continue;
    char msg[4096];
    size_t m = (size_t)snprintf(msg, sizeof msg, "initialization loop for %s", o->name);
    for (int p = 0; p < n && m < sizeof msg - 400; p++) {
      char where[300];
      fmtpos(where, sizeof where, path[p]->pos);
      m += (size_t)snprintf(msg + m, sizeof msg - m, "\n\t%s: %s refers to", where, path[p]->name);
    }
    char where[300];
    fmtpos(where, sizeof where, o->pos);
    if (m < sizeof msg - 400) snprintf(msg + m, sizeof msg - m, "\n\t%s: %s", where, o->name);
    chk_errorf(c, o->pos, "%s", msg);
  }
  free(inreported);
  free(seenf);
  if (cyc) {
    for (int i = 0; i < nv; i++) free(vs[i].vdeps);
    free(vs);
    return;
  }
  /* emission: earliest ready variable; multi-variable specs emit once */
  Package *p = c->pkg;
  p->inits = arena_alloc(c->a, (size_t)(nv + 1) * sizeof *p->inits);
  p->ninits = 0;
  int remaining = nv;
  while (remaining > 0) {
    int pick = -1;
    for (int i = 0; i < nv && pick < 0; i++) {
      if (vs[i].done) continue;
      bool ready = true;
      for (int j = 0; j < vs[i].nvdeps && ready; j++) {
        Object *dep = vs[i].vdeps[j];
        for (int q = 0; q < nv; q++)
          if (vs[q].d->obj == dep && !vs[q].done) {
            /* a sibling in the same multi-value spec is initialised together */
            if (!(vs[i].d->lhs && vs[i].d->lhs == vs[q].d->lhs)) ready = false;
          }
      }
      if (ready) pick = i;
    }
    if (pick < 0) break; /* unreachable without cycles */
    DeclInfo *d = vs[pick].d;
    if (d->lhs && d->nlhs > 1) {
      for (int q = 0; q < nv; q++)
        if (vs[q].d->lhs == d->lhs && !vs[q].done) vs[q].done = true, remaining--;
      if (d->init) p->inits[p->ninits++] = (VarInit){d->lhs, d->nlhs, d->init};
    } else {
      vs[pick].done = true;
      remaining--;
      if (d->init) {
        Object **lhs = arena_alloc(c->a, sizeof *lhs);
        lhs[0] = d->obj;
        p->inits[p->ninits++] = (VarInit){lhs, 1, d->init};
      }
    }
  }
  for (int i = 0; i < nv; i++) free(vs[i].vdeps);
  free(vs);
}

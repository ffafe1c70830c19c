/* Package-level variable initialisation order (spec "Package initialization"): repeatedly pick
 * the earliest variable in declaration order that is ready, i.e. has no dependency on an
 * uninitialised variable; dependencies are the variables and functions (including methods)
 * referenced by its initialiser, followed transitively through function bodies (lazy bodies of
 * standard packages are checked when reached). A variable that
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

/* Scratch state of one chk_initorder run: per-declaration marks (indexed like c->decls), so that
 * building the graph is linear in its size (hostile inputs have tens of thousands of nodes). */
typedef struct Marks {
  int *fseen; /* function decl already followed for the variable being collected: its stamp */
  int *vseen; /* variable already pushed for the variable being collected: its stamp */
  int stamp;
} Marks;

static int decl_index(Checker *c, Object *o) {
  DeclInfo *d = chk_declinfo(c, o);
  return d ? -o->index - 2 : -1;
}

static void push(Checker *c, VarNode *v, Object *o, Marks *m) {
  int di = decl_index(c, o);
  if (di >= 0) {
    if (m->vseen[di] == m->stamp) return;
    m->vseen[di] = m->stamp;
  } else {
    for (int i = 0; i < v->nvdeps; i++)
      if (v->vdeps[i] == o) return;
  }
  if (v->nvdeps == v->capvdeps) {
    v->capvdeps = v->capvdeps ? v->capvdeps * 2 : 8;
    v->vdeps = realloc(v->vdeps, (size_t)v->capvdeps * sizeof *v->vdeps);
    if (!v->vdeps) abort();
  }
  v->vdeps[v->nvdeps++] = o;
}

/* Collects the variables reachable from d's dependencies through functions (iteratively: a
 * chain of thousands of functions must not overflow the C stack). */
static void reach(Checker *c, DeclInfo *d, VarNode *v, Marks *m) {
  DeclInfo **stack = malloc(sizeof *stack * 16);
  int n = 0, cap = 16;
  if (!stack) abort();
  stack[n++] = d;
  while (n > 0) {
    DeclInfo *cur = stack[--n];
    for (int i = 0; i < cur->ndeps; i++) {
      Object *o = cur->deps[i];
      if (o->kind == OBJ_VAR) {
        push(c, v, o, m);
      } else if (o->kind == OBJ_FUNC) {
        int di = decl_index(c, o);
        if (di < 0 || m->fseen[di] == m->stamp) continue;
        m->fseen[di] = m->stamp;
        /* a lazy body (check.h) an initialiser reaches is checked now, for its dependencies */
        FuncInfo *fi = check_funcinfo(c->decls[di]->spec);
        if (fi && check_body_is_lazy(fi)) chk_lazybody(c, fi);
        if (n == cap) {
          cap *= 2;
          stack = realloc(stack, sizeof *stack * (size_t)cap);
          if (!stack) abort();
        }
        stack[n++] = c->decls[di];
      }
    }
  }
  free(stack);
}

static void fmtpos(char *buf, size_t n, Pos p) {
  const SourceFile *f = src_file(p.file);
  snprintf(buf, n, "%s:%u:%u", f ? f->name : "?", p.line, p.col);
}

/* Finds a dependency path from `from` back to `to` (objects in deps graph), for the report. */
static bool find_path(Checker *c, Object *from, Object *to, Object **path, int *n, int max, bool *seen) {
  DeclInfo *d = chk_declinfo(c, from);
  if (!d || *n >= max) return false;
  int di = decl_index(c, from);
  if (seen[di]) return false;
  seen[di] = true;
  path[(*n)++] = from;
  for (int i = 0; i < d->ndeps; i++) {
    if (d->deps[i] == to) return true;
    if (find_path(c, d->deps[i], to, path, n, max, seen)) return true;
  }
  (*n)--;
  return false;
}

/* Min-heap of variable indices (declaration order). */
typedef struct Heap {
  int *v;
  int n;
} Heap;

static void heap_push(Heap *h, int x) {
  int i = h->n++;
  while (i > 0 && h->v[(i - 1) / 2] > x) {
    h->v[i] = h->v[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h->v[i] = x;
}

static int heap_pop(Heap *h) {
  int top = h->v[0], x = h->v[--h->n], i = 0;
  for (;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    int mv = x;
    if (l < h->n && h->v[l] < mv) m = l, mv = h->v[l];
    if (r < h->n && h->v[r] < mv) m = r;
    if (m == i) break;
    h->v[i] = h->v[m];
    i = m;
  }
  if (h->n) h->v[i] = x;
  return top;
}

static void reportcycles(Checker *c, VarNode *vs, int nv);

void chk_initorder(Checker *c) {
  int nd = c->ndecls;
  int nv = 0;
  for (int i = 0; i < nd; i++)
    if (c->decls[i]->obj->kind == OBJ_VAR) nv++;
  VarNode *vs = calloc((size_t)nv + 1, sizeof *vs);
  int *vidx = malloc(((size_t)nd + 1) * sizeof *vidx); /* decl index -> variable index or -1 */
  Marks m = {calloc((size_t)nd + 1, sizeof(int)), calloc((size_t)nd + 1, sizeof(int)), 0};
  if (!vs || !vidx || !m.fseen || !m.vseen) abort();
  int k = 0;
  for (int i = 0; i < nd; i++) {
    DeclInfo *d = c->decls[i];
    vidx[i] = -1;
    if (d->obj->kind != OBJ_VAR) continue;
    vidx[i] = k;
    vs[k].d = d;
    m.stamp = k + 1;
    reach(c, d, &vs[k], &m);
    k++;
  }
  free(m.fseen);
  free(m.vseen);

  /* Emission (Kahn's algorithm): repeatedly the earliest variable in declaration order whose
   * dependencies are all initialised; a sibling in the same multi-value spec is initialised
   * together with it and is no dependency. */
  int *ndeps = calloc((size_t)nv + 1, sizeof *ndeps);
  int *succstart = calloc((size_t)nv + 2, sizeof *succstart);
  if (!ndeps || !succstart) abort();
  int *succ = NULL; /* successors of variable q: succ[succstart[q] .. succstart[q+1]) */
  for (int pass = 0; pass < 2; pass++) {
    int *fill = pass ? calloc((size_t)nv + 1, sizeof *fill) : NULL;
    if (pass && !fill) abort();
    for (int i = 0; i < nv; i++)
      for (int j = 0; j < vs[i].nvdeps; j++) {
        int di = decl_index(c, vs[i].vdeps[j]);
        int q = di >= 0 ? vidx[di] : -1;
        if (q < 0) continue;
        if (vs[i].d->lhs && vs[i].d->lhs == vs[q].d->lhs) continue;
        if (!pass) {
          ndeps[i]++;
          succstart[q + 1]++;
        } else {
          succ[succstart[q] + fill[q]++] = i;
        }
      }
    if (!pass) {
      for (int q = 0; q < nv; q++) succstart[q + 1] += succstart[q];
      succ = malloc(((size_t)succstart[nv] + 1) * sizeof *succ);
      if (!succ) abort();
    }
    free(fill);
  }
  Package *p = c->pkg;
  p->inits = arena_alloc(c->a, (size_t)(nv + 1) * sizeof *p->inits);
  p->ninits = 0;
  Heap h = {malloc(((size_t)nv + 1) * sizeof(int)), 0};
  int *done_list = malloc(((size_t)nv + 1) * sizeof(int));
  if (!h.v || !done_list) abort();
  for (int i = 0; i < nv; i++)
    if (ndeps[i] == 0) heap_push(&h, i);
  int remaining = nv;
  while (h.n > 0) {
    int pick = heap_pop(&h);
    if (vs[pick].done) continue;
    DeclInfo *d = vs[pick].d;
    int ndone = 0;
    if (d->lhs && d->nlhs > 1) {
      for (int i = 0; i < d->nlhs; i++) {
        int di = decl_index(c, d->lhs[i]);
        int q = di >= 0 ? vidx[di] : -1;
        if (q >= 0 && !vs[q].done) vs[q].done = true, done_list[ndone++] = q;
      }
      if (d->init) p->inits[p->ninits++] = (VarInit){d->lhs, d->nlhs, d->init};
    } else {
      vs[pick].done = true;
      done_list[ndone++] = pick;
      if (d->init) {
        Object **lhs = arena_alloc(c->a, sizeof *lhs);
        lhs[0] = d->obj;
        p->inits[p->ninits++] = (VarInit){lhs, 1, d->init};
      }
    }
    remaining -= ndone;
    for (int t = 0; t < ndone; t++) {
      int q = done_list[t];
      for (int e = succstart[q]; e < succstart[q + 1]; e++)
        if (--ndeps[succ[e]] == 0 && !vs[succ[e]].done) heap_push(&h, succ[e]);
    }
  }
  free(h.v);
  free(done_list);
  free(ndeps);
  free(succstart);
  free(succ);
  /* Variables left over depend on themselves: initialisation cycles. */
  if (remaining > 0) {
    p->ninits = 0;
    reportcycles(c, vs, nv);
  }
  for (int i = 0; i < nv; i++) free(vs[i].vdeps);
  free(vs);
  free(vidx);
}

/* Cycles: a variable reaching itself through variables and functions; reported once per cycle,
 * at its first variable in declaration order. */
static void reportcycles(Checker *c, VarNode *vs, int nv) {
  int nd = c->ndecls;
  bool *inreported = calloc((size_t)nd + 1, sizeof *inreported);
  bool *seen = malloc(((size_t)nd + 1) * sizeof *seen);
  if (!inreported || !seen) abort();
  bool any = false;
  for (int i = 0; i < nv; i++) {
    if (vs[i].done) continue;
    Object *o = vs[i].d->obj;
    if (inreported[decl_index(c, o)]) continue;
    Object *path[64];
    int n = 0;
    memset(seen, 0, ((size_t)nd + 1) * sizeof *seen);
    if (!find_path(c, o, o, path, &n, 64, seen)) continue;
    any = true;
    for (int q = 0; q < n; q++) {
      int di = decl_index(c, path[q]);
      if (di >= 0) inreported[di] = true;
    }
    char msg[4096];
    size_t m = (size_t)snprintf(msg, sizeof msg, "initialization loop for %s", o->name);
    for (int q = 0; q < n && m < sizeof msg - 400; q++) {
      char where[300];
      fmtpos(where, sizeof where, path[q]->pos);
      m += (size_t)snprintf(msg + m, sizeof msg - m, "\n\t%s: %s refers to", where, path[q]->name);
    }
    char where[300];
    fmtpos(where, sizeof where, o->pos);
    if (m < sizeof msg - 400) snprintf(msg + m, sizeof msg - m, "\n\t%s: %s", where, o->name);
    chk_errorf(c, o->pos, "%s", msg);
  }
  /* a cycle longer than the reported path bound: still an error, never a silent misorder */
  for (int i = 0; i < nv && !any; i++)
    if (!vs[i].done) {
      chk_errorf(c, vs[i].d->obj->pos, "initialization loop for %s", vs[i].d->obj->name);
      any = true;
    }
  free(inreported);
  free(seen);
}

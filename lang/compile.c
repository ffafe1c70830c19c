/* The bytecode compiler: package driver, function states, emission and register helpers,
 * statements. Expressions are in compile_expr.c. */
#include <stdlib.h>
#include <string.h>

#include "lang/compile_int.h"
#include "lang/compile_x.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "stdlib/stdlib.h"
#include "vm/vm.h"

/* ---- emission ---- */

static void *grow(void *p, int *cap, size_t elem, int need) {
  if (need <= *cap) return p;
  int n = *cap ? *cap : 16;
  while (n < need) n *= 2;
  p = realloc(p, (size_t)n * elem);
  if (!p) abort();
  *cap = n;
  return p;
}

int cx_emit_raw(FuncState *fs, Instr w) {
  int cap = fs->capcode;
  fs->code = grow(fs->code, &cap, sizeof(Instr), fs->ncode + 1);
  if (cap != fs->capcode) {
    int c2 = fs->capcode;
    fs->lines = grow(fs->lines, &c2, sizeof(int32_t), cap);
    fs->capcode = cap;
  }
  fs->code[fs->ncode] = w;
  fs->lines[fs->ncode] = fs->curline;
  return fs->ncode++;
}

int cx_emit(FuncState *fs, int op, int a, int b, int c) {
  return fs->lastop = cx_emit_raw(fs, (Instr)(uint16_t)op | (Instr)(uint16_t)a << 16 |
                                          (Instr)(uint16_t)b << 32 | (Instr)(uint16_t)c << 48);
}

int cx_emitbc(FuncState *fs, int op, int a, int32_t bc) {
  return fs->lastop =
             cx_emit_raw(fs, (Instr)(uint16_t)op | (Instr)(uint16_t)a << 16 | (Instr)(uint32_t)bc << 32);
}

void cx_unsigned_bounds(FuncState *fs, int pc, unsigned mask) {
  if (!mask) return;
  fs->ubounds = grow(fs->ubounds, &fs->capubounds, sizeof(uint32_t), fs->nubounds + 1);
  fs->ubounds[fs->nubounds++] = (uint32_t)pc << 3 | mask;
}

int cx_const(FuncState *fs, Slot v) {
  for (int i = 0; i < fs->nk; i++)
    if (fs->k[i] == v) return i;
  fs->k = grow(fs->k, &fs->capk, sizeof(Slot), fs->nk + 1);
  fs->k[fs->nk] = v;
  return fs->nk++;
}

int cx_const2(FuncState *fs, Slot a, Slot b) {
  for (int i = 0; i + 1 < fs->nk; i++)
    if (fs->k[i] == a && fs->k[i + 1] == b) return i;
  fs->k = grow(fs->k, &fs->capk, sizeof(Slot), fs->nk + 2);
  fs->k[fs->nk] = a;
  fs->k[fs->nk + 1] = b;
  fs->nk += 2;
  return fs->nk - 2;
}

int cx_constp(FuncState *fs, const void *p) { return cx_const(fs, (Slot)(uintptr_t)p); }

/* A jump to be patched: returns its pc. */
int cx_jump(FuncState *fs) { return cx_emitbc(fs, OP_JMP, 0, 0); }

void cx_patch(FuncState *fs, int at, int target) {
  if (target > fs->lasttarget) fs->lasttarget = target;
  Instr w = fs->code[at];
  int op = (int)(w & 0xFFFF);
  int32_t off = target - (at + 1);
  if (op == OP_JMP || op == OP_JT || op == OP_JF) {
    w = (w & 0xFFFFFFFFull) | (Instr)(uint32_t)off << 32;
  } else {
    if (off < -32768 || off > 32767) {
      diag_error(fs->c->diag, fs->p->pos, "function too large for gol's conditional jumps");
      return;
    }
    w = (w & 0x0000FFFFFFFFFFFFull) | (Instr)(uint16_t)off << 48;
  }
  fs->code[at] = w;
}

void cx_patch_here(FuncState *fs, int at) { cx_patch(fs, at, fs->ncode); }

int cx_alloc(FuncState *fs, int n) {
  int r = fs->nextreg;
  fs->nextreg += n;
  if (fs->nextreg > fs->maxreg) fs->maxreg = fs->nextreg;
  if (fs->nextreg > 60000) {
    diag_error(fs->c->diag, fs->p->pos, "function needs too many registers for gol");
    fs->nextreg = 0;
  }
  return r;
}

void cx_unsupported(FuncState *fs, Node *n, const char *what) {
  diag_error(fs->c->diag, n->pos, "%s not implemented yet in gol", what);
}

void cx_setline(FuncState *fs, Node *n) {
  if (n && n->pos.line) fs->curline = (int)n->pos.line;
}

/* ---- typed memory ---- */

int cx_nslots(const Type *t) { return t->nslots; }

int cx_loadop(const Type *t) { return vm_loadop(t); }

int cx_storeop(const Type *t) {
  if (t->kind == K_STRUCT || t->kind == K_ARRAY || t->kind == K_STRING || t->kind == K_SLICE ||
      t->kind == K_INTERFACE || t->kind == K_COMPLEX128)
    return OP_STN;
  switch (t->size) {
  case 1: return OP_ST8;
  case 2: return OP_ST16;
  case 4: return OP_ST32;
  case 8: return OP_ST64;
  default: return OP_STN;
  }
}

/* R[dst..] = *(R[ptr] + off) */
void cx_load(FuncState *fs, const Type *t, int dst, int ptr, int off) {
  if (t->size == 0) {
    cx_emit(fs, OP_NILCHK, ptr, 0, 0);
    return;
  }
  int op = cx_loadop(t);
  if (op == OP_LDN && t->nslots * 8 > t->size) cx_emit(fs, OP_ZERO, dst + t->nslots - 1, 1, 0);
  cx_emit(fs, op, dst, ptr, off);
  if (op == OP_LDN) cx_emit_raw(fs, (Instr)t->size);
}

/* *(R[ptr] + off) = R[src..] */
void cx_store(FuncState *fs, const Type *t, int ptr, int src, int off) {
  if (t->size == 0) {
    cx_emit(fs, OP_NILCHK, ptr, 0, 0);
    return;
  }
  int op = cx_storeop(t);
  cx_emit(fs, op, ptr, src, off);
  if (op == OP_STN) cx_emit_raw(fs, (Instr)t->size);
}

void cx_move(FuncState *fs, int dst, int src, int n) {
  if (dst == src || n == 0) return;
  if (n == 1) cx_emit(fs, OP_MOVE, dst, src, 0);
  else if (n == 2) cx_emit(fs, OP_MOVE2, dst, src, 0);
  else if (n == 3) cx_emit(fs, OP_MOVE3, dst, src, 0);
  else cx_emit(fs, OP_MOVEN, dst, src, n);
}

/* True for opcodes that write exactly R[A] (one slot) after reading all their operands and have
 * no extra word: the last of them may compute straight into another register. */
static bool writes_only_a(int op) {
  switch (op) {
  case OP_MOVE: case OP_LOADI: case OP_LOADK: case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV:
  case OP_REM: case OP_DIVU: case OP_REMU: case OP_AND: case OP_OR: case OP_XOR: case OP_ANDNOT:
  case OP_SHL: case OP_SHR: case OP_SHRU: case OP_SHLK: case OP_SHRK: case OP_SHRUK: case OP_ADDK:
  case OP_MULK: case OP_DIVK: case OP_REMK: case OP_NEG: case OP_NOT: case OP_LNOT: case OP_SEXT8:
  case OP_SEXT16: case OP_SEXT32: case OP_ZEXT8: case OP_ZEXT16: case OP_ZEXT32: case OP_ADDF:
  case OP_SUBF: case OP_MULF: case OP_DIVF: case OP_NEGF: case OP_ADDF32: case OP_SUBF32:
  case OP_MULF32: case OP_DIVF32: case OP_NEGF32: case OP_CONV: case OP_I2F: case OP_F2I: case OP_EQ:
  case OP_NE: case OP_LT: case OP_LE: case OP_LTU: case OP_LEU: case OP_EQF: case OP_NEF: case OP_LTF:
  case OP_LEF: case OP_EQF32: case OP_NEF32: case OP_LTF32: case OP_LEF32: case OP_EQSTR: case OP_LTSTR:
  case OP_LESTR: case OP_STRIDX: case OP_LD8: case OP_LD8U: case OP_LD16: case OP_LD16U: case OP_LD32:
  case OP_LD32U: case OP_LD64: case OP_LDG: case OP_SLD64: case OP_SLD8U: case OP_MAPLEN: case OP_GETUP:
    return true;
  }
  return false;
}

/* R[dst..dst+n) = R[tmp..tmp+n) where tmp is a temporary that dies here: when the last instruction
 * computed tmp (one slot) and no jump lands between it and here, it computes into dst instead. */
void cx_move_temp(FuncState *fs, int dst, int tmp, int n) {
  if (dst == tmp || n == 0) return;
  int last = fs->ncode - 1;
  if (n == 1 && last >= 0 && fs->lastop == last && fs->lasttarget < fs->ncode) {
    Instr w = fs->code[last];
    if (writes_only_a((int)(w & 0xFFFF)) && (int)((w >> 16) & 0xFFFF) == tmp) {
      fs->code[last] = (w & ~(Instr)0xFFFF0000u) | (Instr)(uint16_t)dst << 16;
      return;
    }
  }
  cx_move(fs, dst, tmp, n);
}

/* Re-widens a narrow integer result in place. */
void cx_narrow(FuncState *fs, const Type *t, int r) {
  switch (t->kind) {
  case K_INT8: cx_emit(fs, OP_SEXT8, r, r, 0); break;
  case K_INT16: cx_emit(fs, OP_SEXT16, r, r, 0); break;
  case K_INT32: cx_emit(fs, OP_SEXT32, r, r, 0); break;
  case K_UINT8: cx_emit(fs, OP_ZEXT8, r, r, 0); break;
  case K_UINT16: cx_emit(fs, OP_ZEXT16, r, r, 0); break;
  case K_UINT32: cx_emit(fs, OP_ZEXT32, r, r, 0); break;
  default: break;
  }
}

/* ---- variables ---- */

bool cx_in_cell(const Object *o) { return (o->flags & (OF_CAPTURED | OF_ADDRTAKEN)) != 0; }

/* Declares a local: registers for its value, or one for its heap cell (zeroed). */
void cx_declare(FuncState *fs, Object *o) {
  if (o->flags & OF_GLOBAL) { /* a REPL session variable (lang/repl.c): its cell is o->impl */
    o->index = cx_alloc(fs, 1);
    cx_emitbc(fs, OP_LOADK, o->index, cx_constp(fs, o->impl));
  } else if (cx_in_cell(o)) {
    o->index = cx_alloc(fs, 1);
    cx_emitbc(fs, OP_NEW, o->index, cx_constp(fs, o->type));
  } else {
    o->index = cx_alloc(fs, o->type->nslots ? o->type->nslots : 1);
  }
}

/* ---- function states ---- */

static void fs_open(FuncState *fs, Compiler *c, FuncState *outer, FuncInfo *fi, Proto *p) {
  memset(fs, 0, sizeof *fs);
  fs->c = c;
  fs->outer = outer;
  fs->fi = fi;
  fs->p = p;
  fs->curline = (int)p->pos.line;
  fs->lastop = -1;
}

static void fs_close(FuncState *fs) {
  Proto *p = fs->p;
  p->code = vm_alloc((size_t)fs->ncode * sizeof(Instr), NULL);
  memcpy(p->code, fs->code, (size_t)fs->ncode * sizeof(Instr));
  p->ncode = fs->ncode;
  p->lines = vm_alloc((size_t)fs->ncode * sizeof(int32_t), NULL);
  memcpy(p->lines, fs->lines, (size_t)fs->ncode * sizeof(int32_t));
  if (fs->nubounds) {
    p->ubounds = vm_alloc((size_t)fs->nubounds * sizeof(uint32_t), NULL);
    memcpy(p->ubounds, fs->ubounds, (size_t)fs->nubounds * sizeof(uint32_t));
    p->nubounds = fs->nubounds;
  }
  p->nk = fs->nk;
  p->k = vm_alloc((size_t)(fs->nk ? fs->nk : 1) * sizeof(Slot), &gc_ptrwords_type);
  if (fs->nk) memcpy(p->k, fs->k, (size_t)fs->nk * sizeof(Slot)); /* fs->k is NULL when empty */
  int m = fs->maxreg + 1;
  if (m < p->nparams) m = p->nparams;
  if (m < p->nresults) m = p->nresults;
  p->maxslots = m;
  free(fs->code);
  free(fs->lines);
  free(fs->ubounds);
  free(fs->hoists);
  free(fs->k);
  free(fs->ups);
  free(fs->upreg);
  free(fs->retjumps);
  free(fs->labels);
  free(fs->gotos);
}

static void add_proto(Compiler *c, Proto *p) {
  c->protos = grow(c->protos, &c->capprotos, sizeof(Proto *), c->nprotos + 1);
  c->protos[c->nprotos++] = p;
}

static int sig_slots(Type **ts, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += ts[i]->nslots;
  return s;
}

/* The register window of a function whose body is not compiled here (a native, a lazy body):
 * argument and result slots; the window is the larger of the two. */
void cx_signature_slots(const FuncInfo *fi, Proto *p) {
  int np = fi->recv ? fi->recv->type->nslots : 0;
  for (int j = 0; j < fi->nparams; j++) np += fi->params[j]->type->nslots;
  p->nparams = np;
  p->nrecv = fi->recv ? fi->recv->type->nslots : 0;
  p->nresults = sig_slots(fi->sig->results, fi->sig->nresults);
  p->maxslots = np > p->nresults ? np : p->nresults;
}

/* Whether statement tree n contains a defer statement outside function literals: such a function
 * runs its deferred calls at every return, so none of them may return directly. */
static bool has_defer(const Node *n) {
  if (!n || n->kind == N_FUNCLIT) return false;
  if (n->kind == N_DEFER) return true;
  if (has_defer(n->x) || has_defer(n->y) || has_defer(n->z) || has_defer(n->w)) return true;
  for (int i = 0; i < n->list.n; i++)
    if (has_defer(n->list.v[i])) return true;
  for (int i = 0; i < n->list2.n; i++)
    if (has_defer(n->list2.v[i])) return true;
  return false;
}

/* Compiles the body of fi into p. Params occupy R[0..); results get registers after them. */
void cx_function(Compiler *c, FuncState *outer, FuncInfo *fi, Proto *p) {
  FuncState fs;
  fs_open(&fs, c, outer, fi, p);
  Node *decl = fi->decl;
  Node *body = decl->kind == N_FUNCDECL ? decl->z : decl->y;
  /* upvalues first: literals load their captured cell pointers into registers */
  int preg = 0;
  Object **params = fi->params;
  /* parameter registers */
  int recvslots = 0;
  if (fi->recv) {
    fi->recv->index = preg;
    recvslots = fi->recv->type->nslots;
    preg += recvslots;
  }
  for (int i = 0; i < fi->nparams; i++) {
    params[i]->index = preg;
    preg += params[i]->type->nslots;
  }
  p->nparams = preg;
  p->nrecv = recvslots;
  p->recvtype = fi->recv ? fi->recv->type : NULL;
  p->nresults = sig_slots(fi->sig->results, fi->sig->nresults);
  fs.nextreg = fs.maxreg = preg;
  /* captured variables of a literal */
  if (fi->ncaptures) {
    fs.ups = calloc((size_t)fi->ncaptures, sizeof(Object *));
    fs.upreg = calloc((size_t)fi->ncaptures, sizeof(int));
    fs.nups = fi->ncaptures;
    for (int i = 0; i < fi->ncaptures; i++) {
      fs.ups[i] = fi->captures[i];
      fs.upreg[i] = cx_alloc(&fs, 1);
      cx_emit(&fs, OP_GETUP, fs.upreg[i], i, 0);
    }
    p->nup = fi->ncaptures;
  }
  /* parameters that live in cells: move them into a fresh cell */
  Object *all[1 + fi->nparams];
  int nall = 0;
  if (fi->recv) all[nall++] = fi->recv;
  for (int i = 0; i < fi->nparams; i++) all[nall++] = params[i];
  for (int i = 0; i < nall; i++) {
    Object *o = all[i];
    if (!cx_in_cell(o)) continue;
    int val = o->index;
    int cell = cx_alloc(&fs, 1);
    cx_emitbc(&fs, OP_NEW, cell, cx_constp(&fs, o->type));
    cx_store(&fs, o->type, cell, val, 0);
    o->index = cell;
  }
  fs.hasdefer = has_defer(body);
  /* results: registers, zeroed (named results may be read before assignment) */
  fs.resreg = cx_alloc(&fs, p->nresults ? p->nresults : 0);
  /* unnamed results without defers are only ever set by return statements */
  if (p->nresults && (fi->named_results || fs.hasdefer)) cx_emit(&fs, OP_ZERO, fs.resreg, p->nresults, 0);
  int r = fs.resreg;
  for (int i = 0; i < fi->nresults; i++) {
    Object *o = fi->results[i];
    int n = o->type->nslots;
    if (cx_in_cell(o)) {
      o->index = cx_alloc(&fs, 1);
      cx_emitbc(&fs, OP_NEW, o->index, cx_constp(&fs, o->type));
    } else {
      o->index = r;
    }
    r += n;
  }
  cx_block(&fs, body->list.v, body->list.n);
  /* epilogue: results to R[resreg..], defers, return */
  int epi = fs.ncode;
  for (int i = 0; i < fs.nretjumps; i++) cx_patch(&fs, fs.retjumps[i], epi);
  fs.curline = (int)body->pos2.line;
  if (fs.hasdefer) {
    p->recoverpc = fs.ncode;
    cx_emit(&fs, OP_RUNDEFERS, 0, 0, 0);
  }
  r = fs.resreg;
  for (int i = 0; i < fi->nresults; i++) {
    Object *o = fi->results[i];
    if (cx_in_cell(o)) cx_load(&fs, o->type, r, o->index, 0);
    r += o->type->nslots;
  }
  cx_emit(&fs, OP_RET, fs.resreg, p->nresults, 0);
  cx_resolve_gotos(&fs);
  fs_close(&fs);
  add_proto(c, p);
}

/* A function literal inside fs: compiles it and emits CLOSURE into dst. */
void cx_funclit(FuncState *fs, Node *n, int dst) {
  FuncInfo *fi = check_funcinfo(n);
  char name[256];
  /* Go's closure names: F.func1, F.func2, ... in a function F, F.funcN.1, ... in a literal, and
   * pkg.glob..func1, ... in package-level initialisers (numbered per enclosing function) */
  fs->nlits++;
  if (fs->outer) snprintf(name, sizeof name, "%s.%d", fs->p->name, fs->nlits);
  else if (!fs->fi) snprintf(name, sizeof name, "%s.glob..func%d", fs->c->pkg->path, fs->nlits);
  else snprintf(name, sizeof name, "%s.func%d", fs->p->name, fs->nlits);
  Proto *p = vm_proto_new(intern_cstr(name));
  p->pos = n->pos;
  p->file = n->pos.file;
  p->type = n->type;
  cx_function(fs->c, fs, fi, p);
  int k = cx_constp(fs, p);
  if (fi->ncaptures == 0) {
    cx_emitbc(fs, OP_LOADK, dst, cx_constp(fs, vm_proto_closure(p)));
    return;
  }
  int save = fs->nextreg;
  int base = cx_alloc(fs, fi->ncaptures);
  for (int i = 0; i < fi->ncaptures; i++) cx_move(fs, base + i, cx_cellreg(fs, fi->captures[i]), 1);
  cx_emit(fs, OP_CLOSURE, dst, k, base);
  fs->nextreg = save;
}

/* defer/go of a builtin call or conversion (Go evaluates the operands at the statement): the
 * value operands are placed in the argument area now, and a thunk proto taking them as its
 * parameters performs the call when it runs. Type operands (make, new) and constants stay in the
 * thunk. Returns the argument base and sets *fnreg (the thunk closure) and *nargs. */
int cx_builtin_thunk(FuncState *fs, Node *call, int *fnreg, int *nargs) {
  int n = call->list.n;
  Node **args = calloc((size_t)(n ? n : 1), sizeof(Node *));
  Node *ids = calloc((size_t)(n ? n : 1), sizeof(Node));
  Object *objs = calloc((size_t)(n ? n : 1), sizeof(Object));
  if (!args || !ids || !objs) abort();
  FuncState *top = fs;
  while (top->outer) top = top->outer;
  char name[256];
  fs->nwraps++;
  snprintf(name, sizeof name, "%s.deferwrap%d", top->p->name, fs->nwraps);
  Proto *p = vm_proto_new(intern_cstr(name));
  p->pos = call->pos;
  p->file = call->pos.file;
  FuncState ts;
  fs_open(&ts, fs->c, NULL, NULL, p);
  int nslots = 0;
  for (int i = 0; i < n; i++) {
    Node *a = call->list.v[i];
    args[i] = a;
    if ((a->flags & NF_TYPEEXPR) || a->cval || !a->type || a->type->kind == K_TUPLE) continue;
    Object *o = &objs[i];
    o->kind = OBJ_VAR;
    o->name = intern_cstr("arg");
    o->type = a->type;
    o->index = nslots;
    Node *id = &ids[i];
    id->kind = N_IDENT;
    id->pos = a->pos;
    id->name = o->name;
    id->obj = o;
    id->type = a->type;
    id->flags = NF_CHECKED;
    args[i] = id;
    nslots += a->type->nslots;
  }
  p->nparams = nslots;
  ts.nextreg = ts.maxreg = nslots;
  Node thunk = *call;
  thunk.list.v = args;
  thunk.list.cap = n;
  cx_setline(&ts, call);
  cx_call(&ts, &thunk);
  cx_emit(&ts, OP_RET, 0, 0, 0);
  fs_close(&ts);
  add_proto(fs->c, p);
  /* the call site: the closure, then the operands' values */
  *fnreg = cx_alloc(fs, 1);
  cx_emitbc(fs, OP_LOADK, *fnreg, cx_constp(fs, vm_proto_closure(p)));
  int base = fs->nextreg;
  cx_alloc(fs, nslots);
  for (int i = 0; i < n; i++)
    if (args[i] == &ids[i]) cx_expr(fs, call->list.v[i], base + objs[i].index);
  *nargs = nslots;
  free(args);
  free(ids);
  free(objs);
  return base;
}

/* The register holding o's cell pointer (o a captured/address-taken local of fs or an outer
 * function). */
int cx_cellreg(FuncState *fs, Object *o) {
  for (int i = 0; i < fs->nups; i++)
    if (fs->ups[i] == o) return fs->upreg[i];
  return o->index;
}

/* ---- package ---- */

static const char *qualified(Package *pkg, FuncInfo *fi) {
  char buf[512];
  const char *pp = pkg->path;
  if (fi->recv) {
    Type *rt = fi->recv->type;
    bool ptr = rt->kind == K_POINTER && !(rt->tflags & TF_NAMED);
    Type *nt = ptr ? rt->elem : rt;
    if (ptr) snprintf(buf, sizeof buf, "%s.(*%s).%s", pp, nt->name, fi->obj->name);
    else snprintf(buf, sizeof buf, "%s.%s.%s", pp, nt->name, fi->obj->name);
  } else {
    snprintf(buf, sizeof buf, "%s.%s", pp, fi->obj->name);
    /* Go names the init functions of a package init.0, init.1, ... in source order */
    for (int32_t i = 0; i < pkg->ninitfuncs; i++)
      if (pkg->initfuncs[i] == fi->obj) snprintf(buf, sizeof buf, "%s.init.%d", pp, (int)i);
  }
  return intern_cstr(buf);
}

static Method *method_of(FuncInfo *fi) {
  Type *rt = fi->recv->type;
  Type *nt = rt->kind == K_POINTER && !(rt->tflags & TF_NAMED) ? rt->elem : rt;
  for (int i = 0; i < nt->nmethods; i++)
    if (nt->methods[i].name == fi->obj->name || strcmp(nt->methods[i].name, fi->obj->name) == 0)
      return &nt->methods[i];
  return NULL;
}

/* Protos for funcs[from..] first (the *T method set's methods are listed on T), so calls bind
 * directly. */
void cx_declare_funcs(Compiler *c, int from) {
  for (int i = from; i < c->pkg->nfuncs; i++) {
    FuncInfo *fi = c->pkg->funcs[i];
    if (!fi->obj) continue;
    Proto *p = vm_proto_new(qualified(c->pkg, fi));
    p->pos = fi->decl->pos;
    p->file = fi->decl->pos.file;
    p->type = fi->sig;
    fi->obj->impl = p;
    vm_proto_closure(p);
    if (fi->recv) {
      Method *m = method_of(fi);
      if (m) m->fn = p;
    }
  }
}

/* Binds the Proto of a function whose body is not compiled now: a native (its entry in the
 * package's natives table) or a lazy body (compiled on its first call: compile_lazy.c). False
 * for a body to compile. */
static bool bind_body(Compiler *c, FuncInfo *fi) {
  Proto *p = fi->obj->impl;
  if (check_body_is_lazy(fi)) {
    p->native = vm_lazy_body;
    p->lazy = fi;
    cx_signature_slots(fi, p);
    p->recvtype = fi->recv ? fi->recv->type : NULL;
    return true;
  }
  if (!fi->native && fi->decl->z) return false;
  char name[256];
  if (fi->recv) {
    Type *rt = fi->recv->type;
    Type *nt = rt->kind == K_POINTER && !(rt->tflags & TF_NAMED) ? rt->elem : rt;
    snprintf(name, sizeof name, "%s.%s", nt->name, fi->obj->name);
  } else {
    snprintf(name, sizeof name, "%s", fi->obj->name);
  }
  NativeFn fn = NULL;
  if (c->std)
    for (const StdNative *sn = c->std->natives; sn && sn->name; sn++)
      if (strcmp(sn->name, name) == 0) fn = (NativeFn)sn->fn;
  if (!fn) {
    diag_error(c->diag, fi->decl->pos, "internal error: missing native %s.%s", c->pkg->path, name);
    return true;
  }
  p->native = fn;
  cx_signature_slots(fi, p);
  return true;
}

/* Package.declare_late: Protos for the functions of a compiled standard package that its
 * checker declared since (lazy declarations), permanent like everything compiled before the
 * program was ready. Their bodies are lazy; natives are bound now. */
static void declare_late(Package *pkg, int from) {
  Diag d;
  diag_init(&d);
  Compiler c = {.pkg = pkg, .std = stdlib_lookup(pkg->path), .diag = &d};
  cx_declare_funcs(&c, from);
  for (int i = from; i < pkg->nfuncs; i++) {
    FuncInfo *fi = pkg->funcs[i];
    if (!fi->obj) continue;
    if (!bind_body(&c, fi)) cx_function(&c, NULL, fi, fi->obj->impl);
    gc_persist(fi->obj->impl);
  }
  if (diag_count(&d)) {
    fflush(stdout);
    diag_print(&d, stderr);
    throw("compiling a standard package's declaration failed");
  }
  free(c.protos);
  diag_free(&d);
}

CompiledPkg *compile_package(Package *pkg, const struct StdPackage *std, Diag *d) {
  Compiler c = {.pkg = pkg, .std = std, .diag = d};
  int errs0 = diag_count(d);
  CompiledPkg *out = calloc(1, sizeof *out);
  if (!out) abort();
  out->pkg = pkg;
  c.out = out;
  /* globals: one heap cell each (never moves; &global is the cell) */
  for (int i = 0; i < pkg->nglobals; i++) {
    Object *o = pkg->globals[i];
    o->impl = vm_alloc((size_t)o->type->size, o->type);
  }
  cx_declare_funcs(&c, 0);
  for (int i = 0; i < pkg->nfuncs; i++) {
    FuncInfo *fi = pkg->funcs[i];
    if (!fi->obj || bind_body(&c, fi)) continue;
    Proto *p = fi->obj->impl;
    cx_function(&c, NULL, fi, p);
    if (strcmp(pkg->path, "main") == 0 && !fi->recv && strcmp(fi->obj->name, "main") == 0)
      out->main = p;
  }
  /* init: variable initialisers in order, then init()s */
  {
    char name[256];
    snprintf(name, sizeof name, "%s.init", pkg->path);
    Proto *p = vm_proto_new(intern_cstr(name));
    FuncState fs;
    fs_open(&fs, &c, NULL, NULL, p);
    for (int i = 0; i < pkg->ninits; i++) {
      VarInit *vi = &pkg->inits[i];
      cx_setline(&fs, vi->rhs);
      cx_global_init(&fs, vi);
      fs.nextreg = 0;
    }
    for (int i = 0; i < pkg->ninitfuncs; i++) {
      Proto *ip = pkg->initfuncs[i]->impl;
      if (!ip) continue;
      cx_emitbc(&fs, OP_CALL, 0, cx_constp(&fs, ip));
    }
    cx_emit(&fs, OP_RET, 0, 0, 0);
    fs_close(&fs);
    vm_proto_closure(p);
    add_proto(&c, p);
    out->init = p;
  }
  if (pkg->ck) pkg->declare_late = declare_late;
  out->protos = c.protos;
  out->nprotos = c.nprotos;
  if (diag_count(d) > errs0) return NULL;
  return out;
}

struct Closure *compile_init_func(CompiledPkg *c) { return vm_proto_closure(c->init); }
struct Closure *compile_main_func(CompiledPkg *c) {
  return c->main ? vm_proto_closure(c->main) : NULL;
}
void compile_run_init(void *ctx) { vm_run(compile_init_func(ctx)); }

void compile_disassemble(CompiledPkg *c, FILE *out) {
  for (int i = 0; i < c->nprotos; i++) vm_disassemble(out, c->protos[i]);
}

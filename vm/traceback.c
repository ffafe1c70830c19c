/* Tracebacks in Go 1.19's shape (runtime/traceback.go), for fatal panics, throw and the REPL:
 *
 *   main.f(0x1, {0x?, 0x3})
 *   	/abs/path/file.gol:12 +0x40
 *   created by main.main
 *   	/abs/path/file.gol:20 +0x88
 *
 * Function line: the frame's name and its argument words as Go prints them (the compiler's
 * argument-info encoding, cmd/compile's emitArgInfo): each scalar word in hex, masked to its size
 * (floats as their bits); strings, slices, interfaces, complex numbers, structs and arrays as
 * {...} groups of their words; at most 10 words in all, then "...", and nesting deeper than 5
 * levels shown as {...}. The words are the parameter registers' current contents (Go prints its
 * spill slots likewise: a parameter assigned since entry shows its new value). Pointer words
 * (pointers, maps, channels, funcs, string and slice data, both interface words) print as 0x0
 * when nil and as the placeholder 0x? otherwise: Go prints an address there, which a gol heap
 * address would not match. Go's trailing "?" (possibly stale register argument) is not printed.
 *
 * Location line: the absolute source path (relative names are joined to the current directory,
 * as Go prints the build directory's path), the line of the frame's current instruction, and
 * +0x.. = the byte offset in the function's bytecode of the instruction after it (8 bytes per
 * word, so +0x18 is word 3 of `gol -d`): gol's counterpart of Go's return-pc offset. Natives and
 * the runtime have no frames, so Go's runtime.gopanic / runtime.Goexit / library frames do not
 * appear. At most 100 frames are printed, then "...additional frames elided...". */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/source.h"
#include "lang/types.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/opcodes.h"

enum {
  ARG_LIMIT = 10,    /* words (components) printed per frame */
  ARG_MAXDEPTH = 5,  /* nesting of {...} groups */
  MAX_FRAMES = 100,  /* Go's _TracebackMaxFrames */
};

int32_t vm_pcline(const Proto *p, const Instr *pc) {
  if (!p->lines || p->ncode == 0) return (int32_t)p->pos.line;
  ptrdiff_t i = pc - p->code - 1;
  if (i < 0) i = 0;
  if (i >= p->ncode) i = p->ncode - 1;
  return p->lines[i];
}

/* ---- argument words ---- */

typedef struct ArgPrinter {
  FILE *out;
  int n;      /* components printed */
  bool start; /* no separator before the next item */
} ArgPrinter;

static void arg_sep(ArgPrinter *a) {
  if (!a->start) fputs(", ", a->out);
  a->start = false;
}

static bool is_pointer_kind(const Type *t) {
  switch (t->kind) {
  case K_POINTER: case K_MAP: case K_CHAN: case K_FUNC: case K_UNSAFEPOINTER: return true;
  default: return false;
  }
}

static bool is_aggregate(const Type *t) {
  switch (t->kind) {
  case K_STRUCT: case K_ARRAY: case K_COMPLEX64: case K_COMPLEX128: case K_INTERFACE:
  case K_STRING: case K_SLICE:
    return true;
  default: return false;
  }
}

/* Go's visitType stops at the limit: "..." and false. */
static bool arg_limit(ArgPrinter *a) {
  if (a->n < ARG_LIMIT) return false;
  arg_sep(a);
  fputs("...", a->out);
  return true;
}

/* One scalar word of size sz (1, 2, 4 or 8 bytes) read little-endian from b. */
static bool arg_word(ArgPrinter *a, const uint8_t *b, int64_t sz, bool pointer) {
  if (arg_limit(a)) return false;
  uint64_t x = 0;
  memcpy(&x, b, (size_t)(sz > 8 ? 8 : sz));
  arg_sep(a);
  if (pointer && x) fputs("0x?", a->out);
  else fprintf(a->out, "0x%" PRIx64, x);
  a->n++;
  return true;
}

/* Go's visitType: prints the value of type t stored at b; false once the limit cut it short
 * (an aggregate still closes its group and returns true, as Go's does). */
static bool arg_value(ArgPrinter *a, const Type *t, const uint8_t *b, int depth) {
  if (!is_aggregate(t)) return arg_word(a, b, t->size, is_pointer_kind(t));
  if (arg_limit(a)) return false;
  arg_sep(a);
  fputc('{', a->out);
  a->start = true;
  if (++depth >= ARG_MAXDEPTH) {
    fputs("...}", a->out);
    a->start = false;
    a->n++;
    return true;
  }
  switch (t->kind) {
  case K_STRING: (void)(arg_word(a, b, 8, true) && arg_word(a, b + 8, 8, false)); break;
  case K_INTERFACE: (void)(arg_word(a, b, 8, true) && arg_word(a, b + 8, 8, true)); break;
  case K_SLICE:
    (void)(arg_word(a, b, 8, true) && arg_word(a, b + 8, 8, false) && arg_word(a, b + 16, 8, false));
    break;
  case K_COMPLEX64: case K_COMPLEX128:
    (void)(arg_word(a, b, t->size / 2, false) && arg_word(a, b + t->size / 2, t->size / 2, false));
    break;
  case K_ARRAY:
    if (t->len == 0) a->n++; /* {} counts as a component */
    for (int64_t i = 0; i < t->len; i++)
      if (!arg_value(a, t->elem, b + i * t->elem->size, depth)) break;
    break;
  default: /* K_STRUCT */
    if (t->nfields == 0) a->n++;
    for (int32_t i = 0; i < t->nfields; i++)
      if (!arg_value(a, t->fields[i].type, b + t->fields[i].offset, depth)) break;
    break;
  }
  fputc('}', a->out);
  a->start = false;
  return true;
}

/* The frame's parameters (receiver first) from its registers: a value of type T occupies
 * T->nslots registers holding its memory layout. A receiver of unknown type (generated wrappers)
 * prints as plain words. */
static void print_args(FILE *out, const Frame *f, const Slot *regs) {
  const Proto *p = f->proto;
  ArgPrinter a = {out, 0, true};
  const uint8_t *b = (const uint8_t *)regs;
  bool more = true;
  if (p->recvtype) more = arg_value(&a, p->recvtype, b, 0);
  else
    for (int32_t i = 0; more && i < p->nrecv; i++) more = arg_word(&a, b + 8 * i, 8, false);
  int32_t slot = p->nrecv;
  const Type *sig = p->type;
  for (int32_t i = 0; more && sig && i < sig->nparams && slot < p->nparams; i++) {
    more = arg_value(&a, sig->params[i], b + 8 * (size_t)slot, 0);
    slot += sig->params[i]->nslots;
  }
}

/* ---- frames ---- */

/* "\tPATH:LINE +0xOFF\n" for the instruction before pc in p. */
static void print_location(FILE *out, const Proto *p, const Instr *pc) {
  const SourceFile *sf = p->file ? src_file(p->file) : NULL;
  const char *name = sf ? sf->name : "?";
  char *cwd = NULL;
  /* Go prints absolute paths; "<stdin>"-style pseudo names stay as they are */
  if (sf && name[0] != '/' && name[0] != '<') cwd = getcwd(NULL, 0);
  if (cwd) {
    while (name[0] == '.' && name[1] == '/') name += 2;
    fprintf(out, "\t%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, name);
    free(cwd);
  } else {
    fprintf(out, "\t%s", name);
  }
  fprintf(out, ":%d +0x%tx\n", vm_pcline(p, pc), (pc - p->code) * (ptrdiff_t)sizeof(Instr));
}

/* ---- frames a panic left behind ----
 *
 * Go runs deferred calls on top of the panicking stack and unwinds nothing until a recovery, so
 * a fatal traceback also shows the frames of a deferred call (or of a callback from a native)
 * that panicked. The VM pops the frames of each nested interpreter loop the panic leaves;
 * vm_tb_save keeps a copy of them, and vm_traceback prints those copies above the live frames,
 * the loop entered last on top (Go's stack order). Go's panic({...}) frames between them, being
 * runtime frames, are not printed. */

typedef struct TbFrame {
  Frame f;
  Slot *args; /* copy of the parameter registers (NULL: not printed) */
} TbFrame;

struct TbGroup {
  TbGroup *next; /* by seq, descending */
  uint64_t seq;  /* th->loopseq of the loop the frames ran in */
  int32_t n;
  TbFrame fr[]; /* top frame first */
};

void vm_tb_save(VMThread *th, int32_t from) {
  int32_t n = th->nframes - from;
  if (n <= 0) return;
  TbGroup *g = malloc(sizeof *g + (size_t)n * sizeof(TbFrame));
  if (!g) return; /* only traceback detail is lost */
  g->seq = th->loopseq;
  g->n = n;
  for (int32_t i = 0; i < n; i++) {
    const Frame *f = &th->frames[th->nframes - 1 - i];
    size_t np = (size_t)f->proto->nparams;
    g->fr[i].f = *f;
    g->fr[i].args = NULL;
    if (np && f->base + np <= th->stacksize && (g->fr[i].args = malloc(np * sizeof(Slot))))
      memcpy(g->fr[i].args, th->stack + f->base, np * sizeof(Slot));
  }
  TbGroup **at = &th->tbgroups;
  while (*at && (*at)->seq > g->seq) at = &(*at)->next;
  g->next = *at;
  *at = g;
}

void vm_tb_drop(VMThread *th, uint64_t above) {
  while (th->tbgroups && th->tbgroups->seq > above) {
    TbGroup *g = th->tbgroups;
    th->tbgroups = g->next;
    for (int32_t i = 0; i < g->n; i++) free(g->fr[i].args);
    free(g);
  }
}

/* One frame: name(args) and location; regs NULL: no arguments shown. */
static void print_frame(FILE *out, const Frame *f, const Slot *regs) {
  const Proto *p = f->proto;
  fprintf(out, "%s(", p->name ? p->name : "?");
  if (regs) print_args(out, f, regs);
  fputs(")\n", out);
  print_location(out, p, f->pc);
}

/* print_frame under the MAX_FRAMES limit; false once it is reached. */
static bool print_frame_limited(FILE *out, const Frame *f, const Slot *regs, int32_t *printed) {
  if ((*printed)++ == MAX_FRAMES) {
    fputs("...additional frames elided...\n", out);
    return false;
  }
  print_frame(out, f, regs);
  return true;
}

void vm_traceback(VMThread *th, FILE *out) {
  int32_t printed = 0;
  bool more = true;
  for (const TbGroup *g = th->tbgroups; more && g; g = g->next)
    for (int32_t i = 0; more && i < g->n; i++)
      more = print_frame_limited(out, &g->fr[i].f, g->fr[i].args, &printed);
  for (int32_t i = th->nframes - 1; more && i >= 0; i--) {
    const Frame *f = &th->frames[i];
    bool args = f->base + (size_t)f->proto->nparams <= th->stacksize;
    more = print_frame_limited(out, f, args ? th->stack + f->base : NULL, &printed);
  }
  if (th->creator.proto) {
    fprintf(out, "created by %s\n", th->creator.proto->name ? th->creator.proto->name : "?");
    print_location(out, th->creator.proto, th->creator.pc);
  }
}

void vm_creator_save(VMCreator *c) {
  c->proto = NULL;
  c->pc = NULL;
  VMThread *th = getg()->vm;
  if (!th || th->nframes == 0) return;
  const Frame *f = &th->frames[th->nframes - 1];
  /* only a go statement: a timer's goroutine (time.AfterFunc) is started by whatever G or g0
   * happens to run the timer */
  if (f->pc <= f->proto->code || (f->pc[-1] & 0xffff) != OP_GO) return;
  c->proto = f->proto;
  c->pc = f->pc;
}

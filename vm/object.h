/* VM objects: function prototypes, closures, and the string and slice operations the interpreter
 * and the natives share.
 *
 * Every heap object is allocated through mallocgc (vm_alloc), so the collector owns them.
 * Protos are made by the compiler and live for the process (like Types). */
#ifndef GOL_VM_OBJECT_H
#define GOL_VM_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lang/source.h"
#include "vm/native.h"
#include "vm/value.h"

struct Type;
typedef uint64_t Instr;

/* A compiled function. Register window: parameters (receiver first) occupy R[0..nparams),
 * results are returned in R[0..nresults) of the frame (the caller's argument area). */
typedef struct Proto {
  const char *name;     /* Go's traceback name: "main.f", "main.(*T).M", "main.f.func1" */
  Instr *code;
  int32_t ncode;
  int32_t nk;
  Slot *k;              /* constants: integers, float bits, string words, Type/Proto/Itab pointers */
  int32_t *lines;       /* source line of each instruction (ncode of them) */
  uint32_t *ubounds;    /* bounds-checking instructions with operands of unsigned type, by pc:
                         * pc << 3 | bit k set when operand k (index or lo, hi, max) is unsigned */
  int32_t nubounds;
  uint16_t file;        /* source file (source.h) */
  Pos pos;              /* the declaration */
  int32_t nparams;      /* argument slots, receiver included */
  int32_t nresults;     /* result slots */
  int32_t nrecv;        /* methods: receiver slots (for method values); else 0 */
  const struct Type *recvtype; /* methods: the receiver's type (tracebacks); else NULL */
  int32_t maxslots;     /* register window size (>= nparams, nresults) */
  int32_t nup;          /* captured cells (closures) */
  int32_t recoverpc;    /* pc of the epilogue's RUNDEFERS (functions with defer), else -1 */
  NativeFn native;      /* non-NULL: a native (code is empty) */
  const struct Type *type; /* the signature (K_FUNC), receiver excluded */
  struct Closure *self; /* the shared closure value of a function without captures */
  const struct Proto *valwrap; /* value methods: the wrapper taking a pointer receiver (itab.c) */
  void *lazy;           /* native == vm_lazy_body: the compiler's handle for the body (C memory) */
} Proto;

/* Lazy bodies. A standard package's function is compiled on its first call: until then its proto
 * has native == vm_lazy_body (a marker, never called) and only the fields a caller needs before
 * the call (name, type, nparams, nresults, nrecv, recvtype, self; maxslots covers the arguments).
 * vm_proto_ready compiles it (lang/compile.h: compile_lazy_body), which fills code, k, lines, nk,
 * ncode, maxslots, nup and recoverpc and then stores native = NULL with release order. Every
 * path that starts a call reads native with acquire order first, so a proto seen compiled is seen
 * whole; the other fields never change once published. */
void vm_lazy_body(VMThread *th, Slot *args, Slot *res);
void compile_lazy_body(Proto *p);
static inline NativeFn vm_proto_native(const Proto *p) {
  return __atomic_load_n(&p->native, __ATOMIC_ACQUIRE);
}
static inline void vm_proto_ready(const Proto *p) {
  if (__builtin_expect(vm_proto_native(p) == vm_lazy_body, 0)) compile_lazy_body((Proto *)p);
}

/* A func value. Closures made by CLOSURE carry nup cell pointers in up[]; method values (BIND)
 * carry the receiver's slots in up[] (bound == true, nup = receiver slots). */
struct Closure {
  const Proto *proto;
  uint32_t nup;
  uint32_t bound;
  void *up[];
};

Proto *vm_proto_new(const char *name);
/* The closure for a function without captures (made once). */
Closure *vm_proto_closure(Proto *p);
Closure *vm_closure_new(const Proto *p, uint32_t nup);

/* ---- itabs ---- */
/* The itab for (inter, type), made on first use and cached process-wide; NULL if type lacks one
 * of inter's methods (then *missing, when not NULL, names it). */
const Itab *vm_getitab(const struct Type *inter, const struct Type *type, const char **missing);
bool vm_implements(const struct Type *inter, const struct Type *type, const char **missing);
/* The method value x.M of an interface x: a proto taking the interface's two slots as its
 * receiver (nrecv 2, for BIND) and calling method `index` of its itab. Made once per pair. */
const Proto *vm_iface_method_thunk(const struct Type *iface, int index);
/* The function T.M of method expression T.M (T concrete): the receiver in T's slots, then the
 * arguments; adapts pointer receivers and promoted methods. NULL if T has no method M. */
const Proto *vm_method_expr(const struct Type *t, const char *name);
/* The load opcode (LD8..LD64, LDN) for a value of type t in memory. */
int vm_loadop(const struct Type *t);

/* ---- strings ---- */
GoString vm_concat(GoString a, GoString b);
GoString vm_concatn(const GoString *v, int n);
int vm_strcmp(GoString a, GoString b);
static inline bool vm_streq(GoString a, GoString b) {
  return a.len == b.len && (a.len == 0 || a.ptr == b.ptr || memcmp(a.ptr, b.ptr, (size_t)a.len) == 0);
}
GoSlice vm_str2bytes(GoString s);
GoString vm_bytes2str(GoSlice b);
GoSlice vm_str2runes(GoString s);
GoString vm_runes2str(GoSlice r);
GoString vm_rune2str(int64_t r);
/* Decodes the UTF-8 sequence at s[i] (i < len): returns the rune (U+FFFD for an invalid byte)
 * and stores its width in *w. */
int32_t vm_decoderune(GoString s, int64_t i, int *w);
/* Appends the UTF-8 encoding of r to buf (at least 4 bytes); returns its length. */
int vm_encoderune(uint8_t *buf, int32_t r);

/* ---- slices ---- */
/* Go 1.19's growslice capacity for an append needing newlen elements of elemsize bytes to a
 * slice of capacity oldcap (doubling below 256 elements, then 1.25x + 192, rounded up to a malloc
 * size class). */
int64_t vm_growcap(int64_t oldlen, int64_t oldcap, int64_t newlen, int64_t elemsize);
/* Makes room for n more elements: returns s with len += n (new backing array if needed). */
GoSlice vm_growslice(GoSlice s, int64_t n, const struct Type *elem);
/* Go's malloc size classes: the size mallocgc really hands out for a request of n bytes. */
size_t vm_roundupsize(size_t n);

#endif

/* Types and objects: what the checker computes, and at the same time the run-time type
 * descriptors the VM, fmt, maps, interfaces and the garbage collector use (one struct, like Go's
 * _type, so nothing is converted between compile time and run time).
 *
 * Identity: unnamed composite types are hash-consed by the constructors in types.c, so two types
 * are identical (spec) exactly when their Type pointers are equal. A named (defined) type is its own
 * Type object whose kind and layout fields copy its underlying type's, with name/pkgpath/methods
 * added and `underlying` pointing at the unnamed type. The predeclared types are named (int, string,
 * ...; error is a named interface). Untyped constant kinds exist only in the checker.
 *
 * Memory layout (size, align, Field.offset) is Go's on amd64, so the same numbers that `unsafe.Sizeof`
 * prints in Go hold here. Register layout: a value occupies nslots 8-byte VM slots = (size+7)/8
 * (at least 1 for non-zero-size scalars); composite values are stored in their slots with the memory
 * layout, scalars are widened to 64 bits (see vm/value.h).
 *
 * Lifetime: types belong to the process-wide type universe; they are never freed (scripts create a
 * bounded number). The universe is guarded by types_lock in types.c. */
#ifndef GOL_LANG_TYPES_H
#define GOL_LANG_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include "lang/source.h"

/* Kinds: the order of Go's reflect.Kind, then the checker-only kinds. */
typedef enum Kind {
  K_INVALID, K_BOOL, K_INT, K_INT8, K_INT16, K_INT32, K_INT64, K_UINT, K_UINT8, K_UINT16, K_UINT32,
  K_UINT64, K_UINTPTR, K_FLOAT32, K_FLOAT64, K_COMPLEX64, K_COMPLEX128, K_ARRAY, K_CHAN, K_FUNC,
  K_INTERFACE, K_MAP, K_POINTER, K_SLICE, K_STRING, K_STRUCT, K_UNSAFEPOINTER,
  /* checker only */
  K_UNTYPED_BOOL, K_UNTYPED_INT, K_UNTYPED_RUNE, K_UNTYPED_FLOAT, K_UNTYPED_COMPLEX,
  K_UNTYPED_STRING, K_UNTYPED_NIL,
  K_TUPLE, /* the type of a multi-value call: params holds the element types */
  K_KIND_COUNT
} Kind;

/* Type flags */
enum {
  TF_NAMED = 1 << 0,      /* a defined type (or predeclared); name is set */
  TF_COMPARABLE = 1 << 1, /* == is defined (spec) */
  TF_HASPTR = 1 << 2,     /* values contain pointers the GC must scan */
  TF_DIRECTIFACE = 1 << 3,/* stored in an interface's data word directly (vm/value.h) */
  TF_VARIADIC = 1 << 4,   /* K_FUNC: the last parameter is ...T (its type is []T) */
  TF_COMPLETE = 1 << 5,   /* layout computed (named types are completed after their underlying) */
  TF_SPELLING = 1 << 6,   /* checker only: how a type is spelled in messages (byte and rune as
                             written, lang/check_spell.c); underlying is the type it spells. Never
                             the type of a value. */
};

typedef struct Type Type;
typedef struct Field Field;
typedef struct Method Method;
typedef struct Object Object;

struct Field {
  const char *name; /* interned; for an embedded field, the type's name */
  Type *type;
  int64_t offset;
  const char *tag;  /* NULL when none */
  bool embedded;
  bool exported;
};

/* A method of a named type (or of *T), or a method of an interface type. */
struct Method {
  const char *name; /* interned */
  Type *type;       /* the signature without receiver (K_FUNC) */
  bool ptrrecv;     /* declared with a pointer receiver (only in *T's method set) */
  bool exported;
  Object *obj;      /* the declaring function object (concrete methods) */
  void *fn;         /* the compiled function (filled by the compiler; the VM's Proto or native) */
  int32_t index;    /* position in the interface's itab (interface methods: sorted by name) */
};

struct Type {
  uint8_t kind;      /* Kind */
  uint8_t align;
  uint8_t chandir;   /* K_CHAN: CHAN_BOTH / CHAN_SEND / CHAN_RECV (ast.h) */
  uint8_t pad_;
  uint32_t tflags;   /* TF_* */
  int64_t size;      /* bytes */
  int32_t nslots;    /* VM register slots a value occupies */
  uint32_t hash;     /* stable hash of the type's identity (type switches, itab cache) */

  const char *name;    /* defined types: the bare name ("T", "int") */
  const char *pkgpath; /* defined types: the package path ("main"), NULL for predeclared */
  const char *str;     /* the string %T prints: "int", "main.T", "[]*main.T", "map[string]int" */
  Type *underlying;    /* unnamed types: itself */

  Type *elem;        /* array, slice, pointer, chan, map value */
  Type *key;         /* map key */
  int64_t len;       /* array length */

  Field *fields;     /* struct */
  int32_t nfields;
  int32_t nparams;   /* func / tuple */
  Type **params;
  int32_t nresults;  /* func */
  Type **results;

  Method *methods;   /* defined types: declared methods sorted by name (value and pointer
                        receivers); interfaces: the full method set sorted by name */
  int32_t nmethods;
  Type *ptrto;       /* cache: the type *T, once made */

  /* run-time support, filled when the type is completed */
  uint64_t (*hashfn)(const void *p, uint64_t seed); /* NULL unless comparable */
  bool (*equalfn)(const void *a, const void *b);    /* NULL unless comparable */
  const uint8_t *ptrmask; /* one bit per 8-byte word of the memory layout that holds a pointer */
  Object *obj;            /* defined types: the type name object */
};

/* Objects: what an identifier denotes. */
typedef enum ObjKind {
  OBJ_BAD, OBJ_VAR, OBJ_CONST, OBJ_TYPE, OBJ_FUNC, OBJ_PKG, OBJ_BUILTIN, OBJ_NIL, OBJ_LABEL
} ObjKind;

enum {
  OF_GLOBAL = 1 << 0,    /* package-level variable or function */
  OF_PARAM = 1 << 1,
  OF_RESULT = 1 << 2,
  OF_CAPTURED = 1 << 3,  /* referenced from a nested function literal: lives in a heap cell */
  OF_ADDRTAKEN = 1 << 4, /* &x, or x.m() with pointer receiver, or x[:] of an array: heap cell */
  OF_USED = 1 << 5,
  OF_FIELD = 1 << 6,     /* a struct field (N_SELECTOR obj) */
  OF_METHOD = 1 << 7,    /* a method (N_SELECTOR obj / N_FUNCDECL obj) */
  OF_EXPORTED = 1 << 8,
};

typedef struct Package Package;
struct ConstVal;

struct Object {
  uint8_t kind;     /* ObjKind */
  uint32_t flags;   /* OF_* */
  const char *name; /* interned */
  Type *type;
  Pos pos;
  struct Node *decl;/* declaring node (N_VALUESPEC, N_FUNCDECL, N_TYPESPEC, N_FIELD, N_IDENT...) */
  Package *pkg;     /* owning package (OBJ_PKG: the imported package) */
  struct ConstVal *cval; /* OBJ_CONST */
  int32_t builtin;  /* OBJ_BUILTIN: builtin id */
  int32_t index;    /* compiler: register slot (locals), global index (globals), field index */
  int32_t depth;    /* checker: function nesting depth that declares it (closure capture) */
  void *impl;       /* compiler/VM: the compiled function (OBJ_FUNC), native pointer, ... */
  Type *spell;      /* checker: how type is spelled in messages (TF_SPELLING), or NULL; for a
                       defined type's name, how its underlying type is spelled */
};

#endif

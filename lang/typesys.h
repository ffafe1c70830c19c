/* The type universe's operations (types.c, types_rt.c): constructors of hash-consed types, type
 * strings, member lookup, interface satisfaction, and the run-time hash/equality of comparable
 * types. Used by the checker, the compiler and the runtime (maps, interface ==, type switches). */
#ifndef GOL_LANG_TYPESYS_H
#define GOL_LANG_TYPESYS_H

#include <stdbool.h>
#include <stdint.h>
#include "lang/types.h"

/* Predeclared types (byte is uint8 and rune is int32: aliases, as in Go). */
Type *types_basic(Kind k);
Type *types_error(void);
Type *types_any(void); /* interface{} */

/* Unnamed type constructors: identical arguments give the same pointer. The arrays passed are
 * copied. Interface methods need name and type only; they are sorted by name and indexed. */
Type *types_pointer(Type *elem);
Type *types_slice(Type *elem);
Type *types_array(Type *elem, int64_t len);
Type *types_map(Type *key, Type *elem);
Type *types_chan(int dir, Type *elem);
Type *types_func(Type **params, int np, Type **results, int nr, bool variadic);
Type *types_tuple(Type **elems, int n);
Type *types_struct(Field *fields, int n);
Type *types_interface(Method *methods, int n);

/* Defined types: made empty, then given their underlying type (which completes the layout when
 * the underlying type is complete; types_try_complete retries later). Methods are added one by
 * one and kept sorted by name. */
Type *types_named(const char *name, const char *pkgpath, Object *obj);
void types_set_underlying(Type *named, Type *underlying);
bool types_try_complete(Type *named);
void types_add_method(Type *named, const Method *m);
/* Puts back a method array named had before (a REPL input that failed); the current one is kept
 * reachable, as types_add_method keeps the arrays it replaces. */
void types_restore_methods(Type *named, Method *methods, int32_t n);

/* The %T string ("main.T", "[]*main.T", "struct { A int }"), interned and cached. */
const char *types_string(Type *t);
/* The checker's error-message form, relative to package relpkg ("T", "fmt.Stringer",
 * "struct{A int}"); malloc'ed, the caller frees. */
char *types_string_rel(const Type *t, const char *relpkg);

/* Selector lookup (spec "Selectors"): the shallowest field or method named name in T, *T or the
 * embedded fields. path lists the embedded field indices followed before the match. */
typedef enum LookupKind { LK_NONE, LK_FIELD, LK_METHOD, LK_IFACEMETHOD, LK_AMBIGUOUS } LookupKind;
typedef struct LookupResult {
  LookupKind kind;
  Field *field;     /* LK_FIELD */
  Method *method;   /* LK_METHOD / LK_IFACEMETHOD */
  Type *recvtype;   /* LK_METHOD: the named type declaring the method */
  int32_t index;    /* field index in its struct, or method index in its interface */
  int32_t path[16];
  int32_t npath;
  bool indirect;    /* a pointer was followed on the way (T itself being a pointer counts) */
} LookupResult;
LookupResult types_lookup(Type *T, const char *name);

/* Whether T implements interface iface: MM_OK, or why not, with the method's name in *name. */
enum { MM_OK, MM_MISSING, MM_WRONGTYPE, MM_PTRRECV };
int types_missing_method(Type *T, Type *iface, const char **name);

/* Run-time hashing and equality of values in memory layout. For interface-typed values the
 * dynamic types are compared first; an uncomparable dynamic type calls types_uncomparable_hook
 * (set by the runtime to raise Go's run-time panic) and then yields false / 0. */
uint64_t types_hash(const Type *t, const void *p, uint64_t seed);
bool types_equal(const Type *t, const void *a, const void *b);
extern void (*types_uncomparable_hook)(const Type *dynamic, bool hashing);
/* Fills t->hashfn/equalfn (types.h) for the types whose values can be hashed without knowing
 * the type: scalars, strings, pointers, channels. Aggregates and interfaces use types_hash/equal. */
void types_set_runtime_fns(Type *t);

#endif

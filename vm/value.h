/* Values: how gol values sit in VM registers and in memory.
 *
 * Registers are untagged 8-byte slots; the compiler knows every slot's type. A value of type T
 * occupies T->nslots consecutive slots:
 *
 *   bool, intN, uintN, uintptr   1 slot, widened to 64 bits: signed kinds sign-extended, unsigned
 *                                 kinds zero-extended, bool is 0 or 1. Arithmetic on narrow kinds
 *                                 is followed by a re-widening instruction, so the invariant holds
 *                                 after every instruction.
 *   float64                       1 slot, the IEEE double.
 *   float32                       1 slot, the IEEE single in the low 32 bits (upper bits zero).
 *   complex128 / complex64        2 slots / 1 slot (two float32 in Go's memory layout).
 *   pointer, map, chan, func,     1 slot: a pointer (NULL is nil). A func value points to a
 *   unsafe.Pointer                Closure (vm/object.h); map to a runtime hmap; chan to an hchan.
 *   string                        2 slots: GoString {ptr, len}. Bytes are immutable.
 *   slice                         3 slots: GoSlice {ptr, len, cap}.
 *   interface                     2 slots: GoEface {type, data} for interfaces without methods,
 *                                 GoIface {itab, data} for the others (itab->type is the dynamic
 *                                 type). Nil interface: word 0 is NULL.
 *   array, struct                 (size+7)/8 slots holding the value in its memory layout.
 *
 * In memory (heap objects, array and slice elements, struct fields) every type has Go's amd64
 * layout: bool/int8/uint8 take 1 byte, int16 2, int32/float32/rune 4, int/int64/float64/pointers 8,
 * strings 16, slices 24, interfaces 16, structs with Go's field alignment. Loads and stores between
 * registers and memory are typed by width and signedness.
 *
 * Interface data word: for TF_DIRECTIFACE types (bool, all integer and float kinds of size <= 8,
 * pointer, map, chan, func, unsafe.Pointer) the data word is the value itself, widened as in a
 * register, so boxing an int allocates nothing. For every other type the data word points to an
 * immutable heap copy of the value (any number of interfaces may share it).
 *
 * Addresses: no pointer ever points into a VM register file (register files move when a
 * goroutine's stack grows). A variable whose address is taken or that a closure captures lives in a
 * heap cell; the register holds the cell's pointer.
 */
#ifndef GOL_VM_VALUE_H
#define GOL_VM_VALUE_H

#include <stdint.h>
#include <string.h>

struct Type;
struct Method;

typedef uint64_t Slot;

typedef struct GoString {
  const uint8_t *ptr;
  int64_t len;
} GoString;

typedef struct GoSlice {
  void *ptr;
  int64_t len;
  int64_t cap;
} GoSlice;

typedef struct GoEface {
  const struct Type *type;
  void *data;
} GoEface;

/* itab: one per (interface type, concrete type) pair, made on first conversion and cached
 * process-wide (never freed). fun[i] is the concrete method implementing the interface's i-th
 * method (interface methods are sorted by name). */
typedef struct Itab {
  const struct Type *inter;
  const struct Type *type;
  uint32_t hash; /* copy of type->hash, for type switches */
  uint32_t nfun;
  void *fun[];
} Itab;

typedef struct GoIface {
  const Itab *tab;
  void *data;
} GoIface;

static inline GoString gostring_lit(const char *s) {
  GoString g = {(const uint8_t *)s, (int64_t)strlen(s)};
  return g;
}

#endif

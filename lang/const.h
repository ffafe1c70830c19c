/* Exact constant values for the checker (Go's go/constant, reduced).
 *
 * Integers are two's-complement big integers of CONST_LIMBS 64-bit words; a value whose magnitude
 * needs more than CONST_MAXBITS bits is an overflow (Go's untyped-integer limit is 512 bits).
 * Floats and complex parts are exact rationals (rat.h; rounded to 512 bits only beyond 4096-bit
 * fractions, as go/constant does), so 0.1 + 0.2 == 0.3 holds and a value is rounded once, when it
 * becomes typed: typed float and complex constants hold their value rounded to the type.
 * Values are immutable once made; they are allocated in the caller's arena. */
#ifndef GOL_LANG_CONST_H
#define GOL_LANG_CONST_H

#include <stdbool.h>
#include <stdint.h>
#include "lang/rat.h"
#include "lang/source.h"

#define CONST_LIMBS 10
#define CONST_MAXBITS 512

typedef enum ConstKind { CK_BOOL, CK_STRING, CK_INT, CK_FLOAT, CK_COMPLEX } ConstKind;

typedef struct BigInt {
  uint64_t w[CONST_LIMBS]; /* little-endian words, two's complement */
} BigInt;

typedef struct ConstVal {
  uint8_t kind; /* ConstKind */
  bool b;
  const char *s; /* CK_STRING bytes (may contain NUL), slen of them */
  int64_t slen;
  BigInt i;   /* CK_INT */
  Rat re, im; /* CK_FLOAT (re), CK_COMPLEX */
} ConstVal;

ConstVal *const_bool(Arena *a, bool b);
ConstVal *const_string(Arena *a, const char *s, int64_t len);
ConstVal *const_int64(Arena *a, int64_t v);
ConstVal *const_uint64(Arena *a, uint64_t v);
/* complex(re, im) of two CK_FLOAT values; real and imaginary parts (CK_FLOAT) of a numeric value. */
ConstVal *const_make_complex(Arena *a, const ConstVal *re, const ConstVal *im);
ConstVal *const_real(Arena *a, const ConstVal *c);
ConstVal *const_imag(Arena *a, const ConstVal *c);
/* The value of a literal (ast.h LIT_*); NULL when malformed (the lexer reports those). */
ConstVal *const_literal(Arena *a, int litkind, const char *raw, int32_t rune, const char *val,
                        int64_t len);

/* Accessors. const_get_int64/uint64 return false when the value is not an integer (an integral
 * float counts) or does not fit. The float accessors round correctly (half to even), straight
 * from the exact value to the requested width. */
bool const_get_int64(const ConstVal *c, int64_t *out);
bool const_get_uint64(const ConstVal *c, uint64_t *out);
double const_get_float64(const ConstVal *c);
float const_get_float32(const ConstVal *c);
double const_get_imag64(const ConstVal *c);
float const_get_imag32(const ConstVal *c);
int const_sign(const ConstVal *c); /* -1, 0, 1 (numeric kinds; complex: 0 iff zero) */
bool const_is_integral(const ConstVal *c); /* an int, or a float/complex with integral real part and zero imag */

/* A constant as another package sees it: gc exports float and complex constants as 512-bit
 * floats, which an importer reads back as such (go/constant floatVal); NULL stays NULL. */
ConstVal *const_exported(Arena *a, const ConstVal *c);

/* Conversions between numeric kinds. to_int returns NULL when the value is not integral. */
ConstVal *const_to_int(Arena *a, const ConstVal *c);
ConstVal *const_to_float(Arena *a, const ConstVal *c); /* NULL for a complex with imag != 0 */
ConstVal *const_to_complex(Arena *a, const ConstVal *c);

/* Representability in a typed basic kind (types.h Kind). Returns 0 when representable (*out, if
 * given, receives the value rounded to the type: floats rounded to float32/float64, complex64
 * parts each to float32), 1 when it overflows (a float rounds to ±Inf, an integer does not fit),
 * 2 when truncated (non-integral value for an integer type, or a complex with a nonzero imaginary
 * part for a non-complex type), 3 for a kind mismatch (e.g. a string for an int). */
int const_represent(Arena *a, const ConstVal *c, int kind, ConstVal **out);

/* Arithmetic. Operands have the same ConstKind (the caller converts first). op is an ast.h
 * operator; intdiv selects truncated integer division for '/'. Returns NULL and sets *err to a
 * static message ("division by zero", "constant addition overflow", "constant result is not
 * representable" for a float beyond 2^(2^31)) on failure. */
ConstVal *const_binary(Arena *a, int op, const ConstVal *x, const ConstVal *y, bool intdiv,
                       const char **err);
/* Unary + - ^ !. For ^ on an unsigned typed value, ubits gives the width (else 0). */
ConstVal *const_unary(Arena *a, int op, const ConstVal *x, int ubits, const char **err);
ConstVal *const_shift(Arena *a, int op, const ConstVal *x, uint64_t s, const char **err);
bool const_compare(int op, const ConstVal *x, const ConstVal *y);

/* Formats as Go's error messages print constants (go/constant's String). */
void const_format(const ConstVal *c, char *buf, size_t n);

#endif

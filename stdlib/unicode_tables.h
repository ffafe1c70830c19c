/* Unicode facts the standard library needs, generated from Go's unicode package
 * (stdlib/gen/unicode_tables.go writes unicode_tables.c) so that gol agrees with Go rune for rune.
 *
 * Range tables are sorted, disjoint and non-adjacent. A delta entry maps every stride-th rune of
 * [lo, hi] starting at lo to rune + delta; runes in no entry map to themselves. */
#ifndef GOL_STDLIB_UNICODE_TABLES_H
#define GOL_STDLIB_UNICODE_TABLES_H

#include <stdbool.h>
#include <stdint.h>

typedef struct UniRange { int32_t lo, hi; } UniRange;
typedef struct UniDelta { int32_t lo, hi, stride, delta; } UniDelta;

extern const UniRange uni_print[], uni_graphic[], uni_space[], uni_letter[], uni_digit[],
    uni_upper[], uni_lower[], uni_punct[];
extern const int uni_print_len, uni_graphic_len, uni_space_len, uni_letter_len, uni_digit_len,
    uni_upper_len, uni_lower_len, uni_punct_len;
/* Tables of the named list below that the natives test directly. */
extern const UniRange uni_tab_N[], uni_tab_M[], uni_tab_S[], uni_tab_Lt[];
extern const int uni_tab_N_len, uni_tab_M_len, uni_tab_S_len, uni_tab_Lt_len;
extern const UniDelta uni_toupper[], uni_tolower[], uni_totitle[], uni_fold[];
extern const int uni_toupper_len, uni_tolower_len, uni_totitle_len, uni_fold_len;

/* The range tables package unicode exports ("L", "Han", "White_Space"...), by Go name. */
typedef struct UniNamedTable {
  const char *name;
  const UniRange *ranges;
  const int *len;
} UniNamedTable;
extern const UniNamedTable uni_named[];
extern const int uni_named_len;

bool uni_in(const UniRange *t, int n, int32_t r);
int32_t uni_map(const UniDelta *t, int n, int32_t r);

/* strconv.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. */
static inline bool uni_isprint(int32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  return uni_in(uni_print, uni_print_len, r);
}
static inline bool uni_isspace(int32_t r) {
  if (r < 0x80) return r == ' ' || (r >= '\t' && r <= '\r');
  return uni_in(uni_space, uni_space_len, r);
}
static inline int32_t uni_toupper_rune(int32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
  return uni_map(uni_toupper, uni_toupper_len, r);
}
static inline int32_t uni_tolower_rune(int32_t r) {
  if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
  return uni_map(uni_tolower, uni_tolower_len, r);
}

#endif

/* Natives of package unicode (stdlib/unicode.gol): class tests and case mappings on the tables
 * generated from Go's unicode package (unicode_tables.h). Runes outside [0, MaxRune] belong to no
 * class and map to themselves, as in Go. */
#include <string.h>

#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"
#include "stdlib/unicode_tables.h"

static int32_t arg_rune(const Slot *a) { return (int32_t)(int64_t)a[0]; }

#define CLASS(NAME, TABLE)                                                                    \
  static void unicode_##NAME(VMThread *th, Slot *args, Slot *res) {                           \
    (void)th;                                                                                 \
    ret_bool(res, uni_in(uni_##TABLE, uni_##TABLE##_len, arg_rune(args)));                  \
  }
CLASS(IsLetter, letter)
CLASS(IsDigit, digit)
CLASS(IsUpper, upper)
CLASS(IsLower, lower)
CLASS(IsPunct, punct)
CLASS(IsGraphic, graphic)
CLASS(IsNumber, tab_N)
CLASS(IsMark, tab_M)
CLASS(IsSymbol, tab_S)
CLASS(IsTitle, tab_Lt)
#undef CLASS

static void unicode_IsSpace(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  ret_bool(res, uni_isspace(arg_rune(args)));
}

static void unicode_IsPrint(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  ret_bool(res, uni_isprint(arg_rune(args)));
}

static void unicode_ToUpper(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  res[0] = (Slot)(int64_t)uni_toupper_rune(arg_rune(args));
}

static void unicode_ToLower(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  res[0] = (Slot)(int64_t)uni_tolower_rune(arg_rune(args));
}

static void unicode_ToTitle(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  res[0] = (Slot)(int64_t)uni_map(uni_totitle, uni_totitle_len, arg_rune(args));
}

static void unicode_SimpleFold(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  res[0] = (Slot)(int64_t)uni_map(uni_fold, uni_fold_len, arg_rune(args));
}

/* unicode.RangeTable and Range16/Range32 in memory (stdlib/unicode.gol). */
typedef struct Range16 { uint16_t lo, hi, stride; } Range16;
typedef struct Range32 { uint32_t lo, hi, stride; } Range32;
typedef struct GoRangeTable {
  GoSlice r16, r32;
  int64_t latinOffset;
} GoRangeTable;

/* loadTable(name string, t *RangeTable): t's ranges from the named table of unicode_tables.c,
 * split at 0x10000; an unknown name leaves t empty. */
static void unicode_loadTable(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)res;
  GoString name = arg_str(args);
  GoRangeTable *t = (GoRangeTable *)(uintptr_t)args[2];
  for (int i = 0; i < uni_named_len; i++) {
    const UniNamedTable *nt = &uni_named[i];
    if (strlen(nt->name) != (size_t)name.len || memcmp(nt->name, name.ptr, (size_t)name.len) != 0)
      continue;
    int n = *nt->len, n16 = 0, n32 = 0;
    for (int k = 0; k < n; k++) {
      if (nt->ranges[k].lo <= 0xFFFF) n16++;
      if (nt->ranges[k].hi > 0xFFFF) n32++;
    }
    Range16 *r16 = vm_alloc((size_t)(n16 ? n16 : 1) * sizeof(Range16), NULL);
    Range32 *r32 = vm_alloc((size_t)(n32 ? n32 : 1) * sizeof(Range32), NULL);
    int j16 = 0, j32 = 0;
    for (int k = 0; k < n; k++) {
      int32_t lo = nt->ranges[k].lo, hi = nt->ranges[k].hi;
      if (lo <= 0xFFFF) {
        r16[j16++] = (Range16){(uint16_t)lo, (uint16_t)(hi > 0xFFFF ? 0xFFFF : hi), 1};
        if (hi <= 0xFF) t->latinOffset++;
      }
      if (hi > 0xFFFF) r32[j32++] = (Range32){(uint32_t)(lo > 0xFFFF ? lo : 0x10000), (uint32_t)hi, 1};
    }
    t->r16 = (GoSlice){n16 ? r16 : NULL, n16, n16};
    t->r32 = (GoSlice){n32 ? r32 : NULL, n32, n32};
    return;
  }
}

const StdNative stdlib_unicode_natives[] = {
    {"IsNumber", (void *)unicode_IsNumber}, {"IsMark", (void *)unicode_IsMark},
    {"IsSymbol", (void *)unicode_IsSymbol}, {"IsTitle", (void *)unicode_IsTitle},
    {"SimpleFold", (void *)unicode_SimpleFold}, {"loadTable", (void *)unicode_loadTable},
    {"IsLetter", (void *)unicode_IsLetter}, {"IsDigit", (void *)unicode_IsDigit},
    {"IsSpace", (void *)unicode_IsSpace},   {"IsUpper", (void *)unicode_IsUpper},
    {"IsLower", (void *)unicode_IsLower},   {"IsPunct", (void *)unicode_IsPunct},
    {"IsPrint", (void *)unicode_IsPrint},   {"IsGraphic", (void *)unicode_IsGraphic},
    {"ToUpper", (void *)unicode_ToUpper},   {"ToLower", (void *)unicode_ToLower},
    {"ToTitle", (void *)unicode_ToTitle},   {NULL, NULL},
};

/* Natives of package unicode (stdlib/unicode.gol): class tests and case mappings on the tables
 * generated from Go's unicode package (unicode_tables.h). Runes outside [0, MaxRune] belong to no
 * class and map to themselves, as in Go. */
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

const StdNative stdlib_unicode_natives[] = {
    {"IsLetter", (void *)unicode_IsLetter}, {"IsDigit", (void *)unicode_IsDigit},
    {"IsSpace", (void *)unicode_IsSpace},   {"IsUpper", (void *)unicode_IsUpper},
    {"IsLower", (void *)unicode_IsLower},   {"IsPunct", (void *)unicode_IsPunct},
    {"IsPrint", (void *)unicode_IsPrint},   {"IsGraphic", (void *)unicode_IsGraphic},
    {"ToUpper", (void *)unicode_ToUpper},   {"ToLower", (void *)unicode_ToLower},
    {"ToTitle", (void *)unicode_ToTitle},   {NULL, NULL},
};

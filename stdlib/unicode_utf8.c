/* Natives of package unicode/utf8 (stdlib/unicode_utf8.gol), over utf8_codec.h. */
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"
#include "stdlib/utf8_codec.h"

static void u8_RuneLen(VMThread *th, Slot *args, Slot *res) {
  int64_t r = (int64_t)args[0];
  res[0] = (Slot)(int64_t)(r > UTF8_MAX_RUNE ? -1 : utf8_rune_len((int32_t)r));
}

static void u8_RuneCountInString(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  res[0] = (Slot)utf8_count(s.ptr, s.len);
}

static void u8_DecodeRuneInString(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  if (s.len == 0) {
    res[0] = UTF8_RUNE_ERROR;
    return;
  }
  int w;
  res[0] = (Slot)(int64_t)utf8_decode(s.ptr, s.len, &w);
  res[1] = (Slot)w;
}

static void u8_DecodeLastRuneInString(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  if (s.len == 0) {
    res[0] = UTF8_RUNE_ERROR;
    return;
  }
  int w;
  res[0] = (Slot)(int64_t)utf8_decode_last(s.ptr, s.len, &w);
  res[1] = (Slot)w;
}

static void u8_ValidString(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  for (int64_t i = 0; i < s.len;) {
    if (s.ptr[i] < 0x80) { i++; continue; }
    int w;
    if (utf8_decode(s.ptr + i, s.len - i, &w) == UTF8_RUNE_ERROR && w == 1) return;
    i += w;
  }
  res[0] = 1;
}

/* Whether s begins with a full encoding (or an invalid one, which decodes as a 1-byte error). */
static void u8_FullRuneInString(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args);
  if (s.len == 0) return;
  int w;
  int32_t r = utf8_decode(s.ptr, s.len, &w);
  if (r != UTF8_RUNE_ERROR || w > 1) { res[0] = 1; return; }
  /* An error: is it because the input is short? Try with the sequence completed. */
  uint8_t c = s.ptr[0];
  int need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
  if (need == 1 || s.len >= need) { res[0] = 1; return; }
  uint8_t buf[4] = {0};
  for (int64_t i = 0; i < s.len; i++) buf[i] = s.ptr[i];
  for (int i = (int)s.len; i < need; i++) buf[i] = 0x80;
  /* pick continuation bytes valid for the lead byte's restricted second-byte range */
  if (c == 0xE0 && s.len < 2) buf[1] = 0xA0;
  if (c == 0xF0 && s.len < 2) buf[1] = 0x90;
  utf8_decode(buf, need, &w);
  res[0] = w == 1; /* the prefix was already invalid: a full (error) rune */
}

const StdNative stdlib_unicode_utf8_natives[] = {
    {"RuneLen", (void *)u8_RuneLen},
    {"RuneCountInString", (void *)u8_RuneCountInString},
    {"DecodeRuneInString", (void *)u8_DecodeRuneInString},
    {"DecodeLastRuneInString", (void *)u8_DecodeLastRuneInString},
    {"ValidString", (void *)u8_ValidString},
    {"FullRuneInString", (void *)u8_FullRuneInString},
    {NULL, NULL},
};

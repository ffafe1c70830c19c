/* Checks the strconv engine against cases real Go printed (ftoa_cases.txt: float bits, format,
 * precision, bit size, strconv.FormatFloat's result) and a few parse and quote cases. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang/types.h"
#include "stdlib/strconv_num.h"

/* The engine prints %T with lang's types_string; these hand-built descriptors carry their string. */
const char *types_string(Type *t);
const char *types_string(Type *t) { return t->str; }

static int failures;

static void check(const char *what, const char *got, size_t glen, const char *want) {
  if (glen != strlen(want) || (glen && memcmp(got, want, glen) != 0)) { /* got: NULL when empty */
    if (failures < 30) fprintf(stderr, "FAIL %s: got %.*s want %s\n", what, (int)glen, got, want);
    failures++;
  }
}

static void ftoa_file(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) { perror(path); exit(1); }
  char line[2048];
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    uint64_t bits;
    char fmt;
    int prec, bs;
    char want[1024];
    if (sscanf(line, "%" SCNx64 " %c %d %d %1023s", &bits, &fmt, &prec, &bs, want) != 5) continue;
    double v;
    memcpy(&v, &bits, 8);
    StrBuf b = {0};
    strconv_format_float(&b, v, fmt, prec, bs);
    check(line, b.p, b.len, want);
    strbuf_free(&b);
    n++;
  }
  fclose(f);
  printf("ftoa: %d cases\n", n);
}

static void parse_cases(void) {
  struct { const char *s; int base, bits; int err; int64_t v; } ints[] = {
    {"123", 10, 64, STRCONV_OK, 123}, {"-9223372036854775808", 10, 64, STRCONV_OK, INT64_MIN},
    {"9223372036854775808", 10, 64, STRCONV_ERANGE, INT64_MAX}, {"0x1F", 0, 64, STRCONV_OK, 31},
    {"1_000", 0, 64, STRCONV_OK, 1000}, {"1_000", 10, 64, STRCONV_ESYNTAX, 0},
    {"128", 10, 8, STRCONV_ERANGE, 127}, {"-129", 10, 8, STRCONV_ERANGE, -128},
    {"", 10, 64, STRCONV_ESYNTAX, 0}, {"12", 1, 64, STRCONV_EBASE, 0}, {"0b101", 0, 64, STRCONV_OK, 5},
    {"017", 0, 64, STRCONV_OK, 15}, {"0o17", 0, 64, STRCONV_OK, 15}, {"zz", 36, 64, STRCONV_OK, 1295},
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    int64_t v;
    StrconvErr e = strconv_parse_int((const uint8_t *)ints[i].s, (int64_t)strlen(ints[i].s),
                                     ints[i].base, ints[i].bits, &v);
    if ((int)e != ints[i].err || v != ints[i].v) {
      fprintf(stderr, "FAIL parse_int %s: err %d v %" PRId64 "\n", ints[i].s, e, v);
      failures++;
    }
  }
  struct { const char *s; int err; double v; } floats[] = {
    {"1.5", STRCONV_OK, 1.5}, {"1_000", STRCONV_OK, 1000}, {"0x1p-2", STRCONV_OK, 0.25},
    {"0x10", STRCONV_ESYNTAX, 0}, {"1e400", STRCONV_ERANGE, 1.0 / 0.0}, {".5", STRCONV_OK, 0.5},
    {".", STRCONV_ESYNTAX, 0}, {"1__0", STRCONV_ESYNTAX, 0}, {"-Inf", STRCONV_OK, -1.0 / 0.0},
    {" 1", STRCONV_ESYNTAX, 0}, {"1e", STRCONV_ESYNTAX, 0},
  };
  for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
    double v;
    StrconvErr e = strconv_parse_float((const uint8_t *)floats[i].s, (int64_t)strlen(floats[i].s),
                                       64, &v);
    if ((int)e != floats[i].err || v != floats[i].v) {
      fprintf(stderr, "FAIL parse_float %s: err %d v %g\n", floats[i].s, e, v);
      failures++;
    }
  }
}

static void quote_cases(void) {
  struct { const char *s; bool ascii; const char *want; } q[] = {
    {"hello", false, "\"hello\""}, {"a\tb\n", false, "\"a\\tb\\n\""},
    {"\xff", false, "\"\\xff\""}, {"日本", false, "\"日本\""}, {"日本", true, "\"\\u65e5\\u672c\""},
    {"\x7f\x01", false, "\"\\x7f\\x01\""}, {"\"\\", false, "\"\\\"\\\\\""},
    {"\xe2\x80\xa8", false, "\"\\u2028\""}, {"\xf0\x9f\x98\x80", true, "\"\\U0001f600\""},
  };
  for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
    StrBuf b = {0};
    strconv_quote(&b, (const uint8_t *)q[i].s, (int64_t)strlen(q[i].s), '"', q[i].ascii, false);
    check(q[i].s, b.p, b.len, q[i].want);
    strbuf_free(&b);
  }
  const char *uq[][2] = {{"\"a\\tb\"", "a\tb"}, {"`x\\n`", "x\\n"}, {"'a'", "a"},
                         {"\"\\u65e5\"", "日"}, {"\"\\x41\\101\"", "AA"},
                         {"''", ""} /* Go 1.19 accepts the empty rune literal */};
  for (size_t i = 0; i < sizeof uq / sizeof uq[0]; i++) {
    StrBuf b = {0};
    bool ok = strconv_unquote(&b, (const uint8_t *)uq[i][0], (int64_t)strlen(uq[i][0]));
    if (!ok) { fprintf(stderr, "FAIL unquote %s\n", uq[i][0]); failures++; }
    else check(uq[i][0], b.p, b.len, uq[i][1]);
    strbuf_free(&b);
  }
  const char *bad[] = {"\"a", "'ab'", "\"\\q\"", "\"a\nb\""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    StrBuf b = {0};
    if (strconv_unquote(&b, (const uint8_t *)bad[i], (int64_t)strlen(bad[i]))) {
      fprintf(stderr, "FAIL unquote accepted %s\n", bad[i]);
      failures++;
    }
    strbuf_free(&b);
  }
}

int main(int argc, char **argv) {
  ftoa_file(argc > 1 ? argv[1] : "ftoa_cases.txt");
  parse_cases();
  quote_cases();
  if (failures) { fprintf(stderr, "%d failures\n", failures); return 1; }
  printf("ok\n");
  return 0;
}

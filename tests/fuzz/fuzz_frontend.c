/* fuzz_frontend: libFuzzer harness for the front end (lexer, parser, checker; no compiler or VM).
 *
 * Build (clang only; not part of the CMake build):
 *   G=<a configured build dir, for gen/parser.c and gen/lexer.c>
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -Ivm -I$G/gen \
 *     tests/fuzz/fuzz_frontend.c lang/{source,diag,ast,parse,const,types,types_rt,check_fmt,\
 *     check_decl,check_expr,check_call,check_stmt,check_init}.c $G/gen/{parser,lexer}.c \
 *     -lpthread -lm -o fuzz_frontend
 *   GOL_STDLIB=stdlib ./fuzz_frontend -max_len=4096 -runs=60000 -dict=tests/fuzz/go.dict CORPUS/
 *
 * Every input is registered as a new source file and files live for the process (source.h), so
 * one process can run at most 65534 inputs: bound each run with -runs and loop. Standard packages
 * are read from $GOL_STDLIB (stdlib/<path with / as _>.gol) once and cached. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang/check.h"
#include "lang/diag.h"
#include "lang/parse.h"

static Arena stdarena;
typedef struct Cache {
  const char *path;
  Package *pkg;
} Cache;
static Cache cache[64];
static int ncache;

static Package *import_std(void *ctx, const char *path) {
  (void)ctx;
  for (int i = 0; i < ncache; i++)
    if (strcmp(cache[i].path, path) == 0) return cache[i].pkg;
  const char *dir = getenv("GOL_STDLIB");
  if (!dir || strlen(path) > 200 || ncache == 64) return NULL;
  for (const char *p = path; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || *p == '/')) return NULL;
  char file[1024];
  snprintf(file, sizeof file, "%s/", dir);
  size_t k = strlen(file);
  for (const char *p = path; *p && k < sizeof file - 5; p++) file[k++] = *p == '/' ? '_' : *p;
  snprintf(file + k, sizeof file - k, ".gol");
  const char *err;
  uint16_t f = src_load(file, &err);
  Package *p = NULL;
  if (f) {
    Diag d;
    diag_init(&d);
    Node *ast = parse_file(&stdarena, f, &d);
    if (ast) {
      CheckConfig cfg = {.arena = &stdarena, .importer = import_std, .std = true};
      p = check_package(&cfg, path, &ast, 1, &d);
    }
    diag_free(&d);
  }
  cache[ncache++] = (Cache){strdup(path), p};
  return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Arena a = {0};
  Diag d;
  diag_init(&d);
  uint16_t f = src_add("fuzz.go", (const char *)data, size);
  Node *ast = parse_file(&a, f, &d);
  if (ast) {
    CheckConfig cfg = {.arena = &a, .importer = import_std};
    check_package(&cfg, "main", &ast, 1, &d);
  }
  FILE *null = fopen("/dev/null", "w");
  if (null) {
    diag_print(&d, null);
    fclose(null);
  }
  diag_free(&d);
  arena_free(&a);
  return 0;
}

/* checktool: parses and type-checks one gol file and prints the diagnostics as gol would (exit
 * status 1 when there are errors). Standard packages are read from the source tree
 * (stdlib/<path with / as _>.gol), so the tool needs neither the compiler nor the VM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang/check.h"
#include "lang/diag.h"
#include "lang/parse.h"

static Arena arena;
static Diag diag;
static const char *stddir;

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
  char file[1024];
  snprintf(file, sizeof file, "%s/", stddir);
  size_t k = strlen(file);
  for (const char *p = path; *p && k < sizeof file - 5; p++) file[k++] = *p == '/' ? '_' : *p;
  snprintf(file + k, sizeof file - k, ".gol");
  const char *err;
  uint16_t f = src_load(file, &err);
  if (!f) return NULL;
  Node *ast = parse_file(&arena, f, &diag);
  if (!ast) return NULL;
  CheckConfig cfg = {.arena = &arena, .importer = import_std, .std = true};
  Package *p = check_package(&cfg, path, &ast, 1, &diag);
  if (ncache < 64) cache[ncache++] = (Cache){strdup(path), p};
  return p;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: checktool STDLIBDIR file.gol\n");
    return 2;
  }
  stddir = argv[1];
  diag_init(&diag);
  const char *err;
  uint16_t f = src_load(argv[2], &err);
  if (!f) {
    fprintf(stderr, "%s: %s\n", argv[2], err);
    return 1;
  }
  Node *ast = parse_file(&arena, f, &diag);
  if (ast) {
    CheckConfig cfg = {.arena = &arena, .importer = import_std};
    check_package(&cfg, "main", &ast, 1, &diag);
  }
  if (diag_count(&diag)) {
    diag_print(&diag, stderr);
    return 1;
  }
  return 0;
}

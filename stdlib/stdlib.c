/* The standard package table (see stdlib.h). The build lists every stdlib/NAME.gol in
 * gen/stdlib_table.inc as `#include "stdlib_NAME.inc"` (the source as a C string) followed by
 * STDPKG("path", NAME); each package's natives table is `stdlib_NAME_natives`, defined in
 * stdlib/NAME.c (a package whose functions are all written in gol defines an empty table). */
#include "stdlib/stdlib.h"

#include <string.h>

#define STDPKG(path, id) extern const StdNative stdlib_##id##_natives[];
#include "stdlib_table.inc"
#undef STDPKG

static const StdPackage packages[] = {
#define STDPKG(path, id) {path, stdlib_src_##id, stdlib_##id##_natives},
#include "stdlib_table.inc"
#undef STDPKG
    {NULL, NULL, NULL},
};

const StdPackage *stdlib_lookup(const char *path) {
  for (const StdPackage *p = packages; p->path; p++)
    if (strcmp(p->path, path) == 0) return p;
  return NULL;
}

const StdPackage *stdlib_lookup_name(const char *name) {
  for (const StdPackage *p = packages; p->path; p++) {
    const char *slash = strrchr(p->path, '/');
    if (strcmp(slash ? slash + 1 : p->path, name) == 0) return p;
  }
  return NULL;
}

static int script_argc;
static char **script_argv;

void stdlib_setargs(int argc, char **argv) {
  script_argc = argc;
  script_argv = argv;
}

char **stdlib_args(int *argc) {
  *argc = script_argc;
  return script_argv;
}

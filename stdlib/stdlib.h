/* The standard library's package table: the one registration mechanism every package uses.
 *
 * A standard package is Go source plus natives. Its source (stdlib/<pkg>.gol, turned into a C
 * string at build time) declares the package's API in Go: types, constants, variables, functions
 * written in gol itself, and functions without a body, which are native: their implementation is
 * the C function registered under the same name in `natives` ("Println", or "Builder.WriteString"
 * for a method). The checker type-checks the source like any package; the compiler binds each
 * bodyless function to its native by name and reports a missing one as an internal error. */
#ifndef GOL_STDLIB_H
#define GOL_STDLIB_H

typedef struct StdNative {
  const char *name; /* "Println"; methods as "Type.Method" */
  void *fn;         /* a NativeFn (vm/native.h) */
} StdNative;

typedef struct StdPackage {
  const char *path;          /* import path: "fmt", "unicode/utf8" */
  const char *source;        /* Go source of the package (package clause included) */
  const StdNative *natives;  /* terminated by {NULL, NULL} */
} StdPackage;

/* The script's command line, as os.Args sees it: the script path, then its arguments. Set once by
 * the driver before any package initialises; read-only afterwards. */
void stdlib_setargs(int argc, char **argv);
char **stdlib_args(int *argc);

/* The package with that import path, or NULL. */
const StdPackage *stdlib_lookup(const char *path);
/* The package whose import path ends in the element name ("utf8" -> "unicode/utf8"), or NULL.
 * Package names are unique among the standard packages. */
const StdPackage *stdlib_lookup_name(const char *name);

#endif

/* Package path (stdlib/path.gol) is written entirely in gol: no natives. */
#include <stddef.h>
#include "stdlib/stdlib.h"

const StdNative stdlib_path_natives[] = {{NULL, NULL}};

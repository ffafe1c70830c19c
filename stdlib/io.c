/* Package io (stdlib/io.gol) is written entirely in gol: no natives. */
#include <stddef.h>
#include "stdlib/stdlib.h"

const StdNative stdlib_io_natives[] = {{NULL, NULL}};

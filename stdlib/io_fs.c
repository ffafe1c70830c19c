/* Package io/fs (stdlib/io_fs.gol) is written entirely in gol: no natives. */
#include <stddef.h>
#include "stdlib/stdlib.h"

const StdNative stdlib_io_fs_natives[] = {{NULL, NULL}};

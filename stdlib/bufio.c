/* Package bufio (stdlib/bufio.gol) is written entirely in gol: no natives. */
#include <stddef.h>
#include "stdlib/stdlib.h"

const StdNative stdlib_bufio_natives[] = {{NULL, NULL}};

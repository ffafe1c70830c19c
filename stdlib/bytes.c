/* Package bytes (stdlib/bytes.gol) is written in gol on top of package strings: no natives. */
#include <stddef.h>
#include "stdlib/stdlib.h"

const StdNative stdlib_bytes_natives[] = {{NULL, NULL}};

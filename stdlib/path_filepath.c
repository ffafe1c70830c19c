/* Package path/filepath (stdlib/path_filepath.gol) is written entirely in gol: no natives. */
#include <stddef.h>
#include "stdlib/stdlib.h"

const StdNative stdlib_path_filepath_natives[] = {{NULL, NULL}};

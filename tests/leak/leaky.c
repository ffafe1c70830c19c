/* The leak tests' control (tests/leak/tests.cmake): a program that loses one block, which the
 * leak check must report. */
#include <stdlib.h>

static void *volatile sink;

int main(void) {
  sink = malloc(64);
  sink = NULL;
  return 0;
}

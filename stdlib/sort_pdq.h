/* Go 1.19's pdqsort (pattern-defeating quicksort, stdlib/sort_pdq.c) over abstract Less/Swap
 * callbacks: sort.Sort, sort.Slice and sort.Float64s make exactly the Less and Swap calls Go makes,
 * so elements that compare equal end in Go's order. */
#ifndef GOL_STDLIB_SORT_PDQ_H
#define GOL_STDLIB_SORT_PDQ_H

#include <stdbool.h>
#include <stdint.h>

typedef struct PdqOps {
  void *ctx;
  bool (*less)(void *ctx, int64_t i, int64_t j);
  void (*swap)(void *ctx, int64_t i, int64_t j);
  bool (*failed)(void *ctx); /* a Less or Swap call panicked: stop at once */
} PdqOps;

/* Sorts elements [0, n), as Go's pdqsort(data, 0, n, bits.Len(n)). */
void pdqsort_run(const PdqOps *ops, int64_t n);

#endif

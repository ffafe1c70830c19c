/* Go 1.19's pdqsort, call for call (see sort_pdq.h): insertion sort below 13 elements, heap sort
 * when the recursion budget runs out, ninther pivots with sortedness hints, partial insertion
 * sort for nearly sorted input, equal-element partitioning, and xorshift pattern breaking. */
#include "stdlib/sort_pdq.h"

#define LESS(i, j) ops->less(ops->ctx, (i), (j))
#define SWAP(i, j) ops->swap(ops->ctx, (i), (j))
#define FAILED() (ops->failed(ops->ctx))

enum { UNKNOWN_HINT, INCREASING_HINT, DECREASING_HINT };

static int bit_len(uint64_t x) { return x ? 64 - __builtin_clzll(x) : 0; }

static void insertion_sort(const PdqOps *ops, int64_t a, int64_t b) {
  for (int64_t i = a + 1; i < b && !FAILED(); i++)
    for (int64_t j = i; j > a && LESS(j, j - 1); j--) SWAP(j, j - 1);
}

static void sift_down(const PdqOps *ops, int64_t lo, int64_t hi, int64_t first) {
  int64_t root = lo;
  while (!FAILED()) {
    int64_t child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && LESS(first + child, first + child + 1)) child++;
    if (!LESS(first + root, first + child)) return;
    SWAP(first + root, first + child);
    root = child;
  }
}

static void heap_sort(const PdqOps *ops, int64_t a, int64_t b) {
  int64_t first = a, hi = b - a;
  for (int64_t i = (hi - 1) / 2; i >= 0; i--) sift_down(ops, i, hi, first);
  for (int64_t i = hi - 1; i >= 0; i--) {
    SWAP(first, first + i);
    sift_down(ops, 0, i, first);
  }
}

/* Partitions [a, b) around data[pivot]: returns its final index; *already: nothing moved. */
static int64_t partition(const PdqOps *ops, int64_t a, int64_t b, int64_t pivot, bool *already) {
  SWAP(a, pivot);
  int64_t i = a + 1, j = b - 1;
  while (i <= j && LESS(i, a)) i++;
  while (i <= j && !LESS(j, a)) j--;
  if (i > j) {
    SWAP(j, a);
    *already = true;
    return j;
  }
  SWAP(i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && LESS(i, a)) i++;
    while (i <= j && !LESS(j, a)) j--;
    if (i > j || FAILED()) break;
    SWAP(i, j);
    i++;
    j--;
  }
  SWAP(j, a);
  *already = false;
  return j;
}

/* Moves the elements equal to data[pivot] (not less than it, given it is a lower bound) first. */
static int64_t partition_equal(const PdqOps *ops, int64_t a, int64_t b, int64_t pivot) {
  SWAP(a, pivot);
  int64_t i = a + 1, j = b - 1;
  for (;;) {
    while (i <= j && !LESS(a, i)) i++;
    while (i <= j && LESS(a, j)) j--;
    if (i > j || FAILED()) break;
    SWAP(i, j);
    i++;
    j--;
  }
  return i;
}

/* Fixes up to 5 out-of-order adjacent pairs; true if [a, b) ends sorted. */
static bool partial_insertion_sort(const PdqOps *ops, int64_t a, int64_t b) {
  const int max_steps = 5;
  const int64_t shortest_shifting = 50;
  int64_t i = a + 1;
  for (int step = 0; step < max_steps; step++) {
    while (i < b && !LESS(i, i - 1)) i++;
    if (i == b) return true;
    if (b - a < shortest_shifting || FAILED()) return false;
    SWAP(i, i - 1);
    if (i - a >= 2)
      for (int64_t j = i - 1; j >= 1; j--) {
        if (!LESS(j, j - 1)) break;
        SWAP(j, j - 1);
      }
    if (b - i >= 2)
      for (int64_t j = i + 1; j < b; j++) {
        if (!LESS(j, j - 1)) break;
        SWAP(j, j - 1);
      }
  }
  return false;
}

static void break_patterns(const PdqOps *ops, int64_t a, int64_t b) {
  int64_t length = b - a;
  if (length < 8) return;
  uint64_t random = (uint64_t)length;
  uint64_t modulus = (uint64_t)1 << bit_len((uint64_t)length);
  for (int64_t idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; idx++) {
    random ^= random << 13;
    random ^= random >> 17;
    random ^= random << 5;
    int64_t other = (int64_t)(random & (modulus - 1));
    if (other >= length) other -= length;
    SWAP(idx, a + other);
  }
}

static void order2(const PdqOps *ops, int64_t *a, int64_t *b, int *swaps) {
  if (LESS(*b, *a)) {
    ++*swaps;
    int64_t t = *a;
    *a = *b;
    *b = t;
  }
}

static int64_t median(const PdqOps *ops, int64_t a, int64_t b, int64_t c, int *swaps) {
  order2(ops, &a, &b, swaps);
  order2(ops, &b, &c, swaps);
  order2(ops, &a, &b, swaps);
  return b;
}

static int64_t median_adjacent(const PdqOps *ops, int64_t a, int *swaps) {
  return median(ops, a - 1, a, a + 1, swaps);
}

static int64_t choose_pivot(const PdqOps *ops, int64_t a, int64_t b, int *hint) {
  const int64_t shortest_ninther = 50;
  const int max_swaps = 4 * 3;
  int64_t l = b - a;
  int swaps = 0;
  int64_t i = a + l / 4 * 1, j = a + l / 4 * 2, k = a + l / 4 * 3;
  if (l >= 8) {
    if (l >= shortest_ninther) {
      i = median_adjacent(ops, i, &swaps);
      j = median_adjacent(ops, j, &swaps);
      k = median_adjacent(ops, k, &swaps);
    }
    j = median(ops, i, j, k, &swaps);
  }
  *hint = swaps == 0 ? INCREASING_HINT : swaps == max_swaps ? DECREASING_HINT : UNKNOWN_HINT;
  return j;
}

static void reverse_range(const PdqOps *ops, int64_t a, int64_t b) {
  for (int64_t i = a, j = b - 1; i < j; i++, j--) SWAP(i, j);
}

static void pdqsort(const PdqOps *ops, int64_t a, int64_t b, int limit) {
  const int64_t max_insertion = 12;
  bool was_balanced = true, was_partitioned = true;
  while (!FAILED()) {
    int64_t length = b - a;
    if (length <= max_insertion) {
      insertion_sort(ops, a, b);
      return;
    }
    if (limit == 0) {
      heap_sort(ops, a, b);
      return;
    }
    if (!was_balanced) {
      break_patterns(ops, a, b);
      limit--;
    }
    int hint;
    int64_t pivot = choose_pivot(ops, a, b, &hint);
    if (hint == DECREASING_HINT) {
      reverse_range(ops, a, b);
      pivot = (b - 1) - (pivot - a);
      hint = INCREASING_HINT;
    }
    if (was_balanced && was_partitioned && hint == INCREASING_HINT &&
        partial_insertion_sort(ops, a, b))
      return;
    if (a > 0 && !LESS(a - 1, pivot)) {
      a = partition_equal(ops, a, b, pivot);
      continue;
    }
    bool already;
    int64_t mid = partition(ops, a, b, pivot, &already);
    was_partitioned = already;
    int64_t left = mid - a, right = b - mid, balance_threshold = length / 8;
    if (left < right) {
      was_balanced = left >= balance_threshold;
      pdqsort(ops, a, mid, limit);
      a = mid + 1;
    } else {
      was_balanced = right >= balance_threshold;
      pdqsort(ops, mid + 1, b, limit);
      b = mid;
    }
  }
}

void pdqsort_run(const PdqOps *ops, int64_t n) { pdqsort(ops, 0, n, bit_len((uint64_t)n)); }

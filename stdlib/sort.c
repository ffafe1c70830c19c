/* Natives of package sort (stdlib/sort.gol). Ints, Strings and Float64s sort in C (equal elements
 * are indistinguishable, so any algorithm gives Go's result). Slice and SliceStable must call the
 * script's less(i, j), which reads the slice itself, so they sort in place with swaps: insertion
 * sort of blocks of 20, then SymMerge (the same stable scheme as sort.Stable in sort.gol). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/mgc.h"
#include "lang/types.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"

static int cmp_int(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_string(const void *a, const void *b) {
  const GoString *x = a, *y = b;
  int64_t n = x->len < y->len ? x->len : y->len;
  int c = n ? memcmp(x->ptr, y->ptr, (size_t)n) : 0;
  if (c) return c;
  return x->len < y->len ? -1 : x->len > y->len;
}

/* NaNs first, as Float64Slice.Less orders them. */
static int cmp_float(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  if (isnan(x)) return isnan(y) ? 0 : -1;
  if (isnan(y)) return 1;
  return x < y ? -1 : x > y;
}

static void sort_Ints(VMThread *th, Slot *a, Slot *r) {
  GoSlice s = arg_slice(a);
  if (s.len > 1) qsort(s.ptr, (size_t)s.len, 8, cmp_int);
}
static void sort_Strings(VMThread *th, Slot *a, Slot *r) {
  GoSlice s = arg_slice(a);
  if (s.len > 1) qsort(s.ptr, (size_t)s.len, sizeof(GoString), cmp_string);
}
static void sort_Float64s(VMThread *th, Slot *a, Slot *r) {
  GoSlice s = arg_slice(a);
  if (s.len > 1) qsort(s.ptr, (size_t)s.len, 8, cmp_float);
}

/* A slice being sorted by a script's less function. failed: less panicked (stop at once). */
typedef struct Sorter {
  VMThread *th;
  const Closure *less;
  uint8_t *base;
  size_t esize;
  uint8_t *tmp;
  bool failed;
} Sorter;

static bool less(Sorter *s, int64_t i, int64_t j) {
  if (s->failed) return false;
  Slot args[2] = {(Slot)i, (Slot)j}, res[1] = {0};
  if (!vm_call(s->th, s->less, args, 2, res, 1)) {
    s->failed = true;
    return false;
  }
  return (res[0] & 1) != 0;
}

static void swap(Sorter *s, int64_t i, int64_t j) {
  uint8_t *a = s->base + (size_t)i * s->esize, *b = s->base + (size_t)j * s->esize;
  memcpy(s->tmp, a, s->esize);
  memcpy(a, b, s->esize);
  memcpy(b, s->tmp, s->esize);
}

static void insertion(Sorter *s, int64_t a, int64_t b) {
  for (int64_t i = a + 1; i < b && !s->failed; i++)
    for (int64_t j = i; j > a && less(s, j, j - 1); j--) swap(s, j, j - 1);
}

static void swap_range(Sorter *s, int64_t a, int64_t b, int64_t n) {
  for (int64_t i = 0; i < n; i++) swap(s, a + i, b + i);
}

static void rotate(Sorter *s, int64_t a, int64_t m, int64_t b) {
  int64_t i = m - a, j = b - m;
  while (i != j) {
    if (i > j) { swap_range(s, m - i, m, j); i -= j; }
    else { swap_range(s, m - i, m + j - i, i); j -= i; }
  }
  swap_range(s, m - i, m, i);
}

/* Merges sorted s[a:m] and s[m:b] in place. Recursion depth is O(log n). */
static void sym_merge(Sorter *s, int64_t a, int64_t m, int64_t b) {
  if (s->failed) return;
  if (m - a == 1) {
    int64_t i = m, j = b;
    while (i < j) {
      int64_t h = (int64_t)((uint64_t)(i + j) >> 1);
      if (less(s, h, a)) i = h + 1;
      else j = h;
    }
    for (int64_t k = a; k < i - 1; k++) swap(s, k, k + 1);
    return;
  }
  if (b - m == 1) {
    int64_t i = a, j = m;
    while (i < j) {
      int64_t h = (int64_t)((uint64_t)(i + j) >> 1);
      if (!less(s, m, h)) i = h + 1;
      else j = h;
    }
    for (int64_t k = m; k > i; k--) swap(s, k, k - 1);
    return;
  }
  int64_t mid = (int64_t)((uint64_t)(a + b) >> 1), n = mid + m, start, r;
  if (m > mid) { start = n - b; r = mid; }
  else { start = a; r = m; }
  int64_t p = n - 1;
  while (start < r) {
    int64_t c = (int64_t)((uint64_t)(start + r) >> 1);
    if (!less(s, p - c, c)) start = c + 1;
    else r = c;
  }
  int64_t end = n - start;
  if (s->failed) return;
  if (start < m && m < end) rotate(s, start, m, end);
  if (a < start && start < mid) sym_merge(s, a, start, mid);
  if (mid < end && end < b) sym_merge(s, mid, end, b);
}

static void stable(Sorter *s, int64_t n) {
  int64_t block = 20, a = 0, b = block;
  for (; b <= n; a = b, b += block) insertion(s, a, b);
  insertion(s, a, n);
  for (; block < n && !s->failed; block *= 2) {
    for (a = 0, b = 2 * block; b <= n; a = b, b += 2 * block) sym_merge(s, a, a + block, b);
    if (a + block < n) sym_merge(s, a, a + block, n);
  }
}

static void sort_slice(VMThread *th, Slot *args) {
  GoEface x = arg_eface(args);
  const Closure *fn = (const Closure *)(uintptr_t)args[2];
  if (!x.type || x.type->kind != K_SLICE) {
    vm_panic_error(th, "reflect: call of Swapper on %s Value",
                   x.type ? (x.type->kind == K_ARRAY ? "array" : "non-slice") : "zero");
    return;
  }
  const GoSlice *sl = x.data;
  if (sl->len < 2) return;
  Sorter s = {th, fn, sl->ptr, (size_t)x.type->elem->size, NULL, false};
  if (s.esize == 0) return;
  uint8_t small[64] = {0};
  s.tmp = s.esize <= sizeof small ? small : calloc(1, s.esize);
  if (!s.tmp) abort();
  /* GC: tmp may hold the only copy of an element while Less runs gol code (runtime/mgc.h) */
  if (s.tmp != small) gc_addroot(s.tmp, s.esize);
  stable(&s, sl->len);
  if (s.tmp != small) {
    gc_removeroot(s.tmp);
    free(s.tmp);
  }
}

static void sort_Slice(VMThread *th, Slot *a, Slot *r) { sort_slice(th, a); }
static void sort_SliceStable(VMThread *th, Slot *a, Slot *r) { sort_slice(th, a); }

static void sort_lenOf(VMThread *th, Slot *a, Slot *r) {
  GoEface x = arg_eface(a);
  if (!x.type || x.type->kind != K_SLICE) {
    vm_panic_error(th, "reflect: call of Swapper on non-slice Value");
    return;
  }
  r[0] = (Slot)((const GoSlice *)x.data)->len;
}

const StdNative stdlib_sort_natives[] = {
    {"Ints", (void *)sort_Ints},
    {"Strings", (void *)sort_Strings},
    {"Float64s", (void *)sort_Float64s},
    {"Slice", (void *)sort_Slice},
    {"SliceStable", (void *)sort_SliceStable},
    {"lenOf", (void *)sort_lenOf},
    {NULL, NULL},
};

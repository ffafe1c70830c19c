/* Natives of package sort (stdlib/sort.gol). Ints and Strings sort in C (equal elements are
 * indistinguishable, so any algorithm gives Go's result). Float64s (where -0 and 0, or NaNs, are
 * distinguishable yet equal), Slice and sort.Sort run Go's pdqsort (sort_pdq.c), Slice and Sort
 * calling the script's less (and, for Sort, Swap) through the VM; SliceStable is insertion sort of
 * blocks of 20, then SymMerge (the same stable scheme as sort.Stable in sort.gol). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/chan.h"
#include "runtime/map.h"
#include "runtime/mgc.h"
#include "lang/types.h"
#include "stdlib/natives_util.h"
#include "stdlib/sort_pdq.h"
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


static void sort_Ints(VMThread *th, Slot *a, Slot *r) {
  GoSlice s = arg_slice(a);
  if (s.len > 1) qsort(s.ptr, (size_t)s.len, 8, cmp_int);
}
static void sort_Strings(VMThread *th, Slot *a, Slot *r) {
  GoSlice s = arg_slice(a);
  if (s.len > 1) qsort(s.ptr, (size_t)s.len, sizeof(GoString), cmp_string);
}
/* Elements being sorted: by a script's less (and swap) function, or, without less, float64s by
 * Float64Slice.Less. failed: a script call panicked (stop at once, make no further calls). */
typedef struct Sorter {
  VMThread *th;
  const Closure *less;
  const Closure *swapfn; /* NULL: swap the elements of base in place */
  uint8_t *base;
  size_t esize;
  uint8_t *tmp;
  bool failed;
} Sorter;

static bool less(Sorter *s, int64_t i, int64_t j) {
  if (s->failed) return false;
  if (!s->less) { /* Float64Slice.Less: NaNs first */
    double x = ((const double *)s->base)[i], y = ((const double *)s->base)[j];
    return x < y || (isnan(x) && !isnan(y));
  }
  Slot args[2] = {(Slot)i, (Slot)j}, res[1] = {0};
  if (!vm_call(s->th, s->less, args, 2, res, 1)) {
    s->failed = true;
    return false;
  }
  return (res[0] & 1) != 0;
}

static void swap(Sorter *s, int64_t i, int64_t j) {
  if (s->failed) return;
  if (s->swapfn) {
    Slot args[2] = {(Slot)i, (Slot)j};
    if (!vm_call(s->th, s->swapfn, args, 2, NULL, 0)) s->failed = true;
    return;
  }
  uint8_t *a = s->base + (size_t)i * s->esize, *b = s->base + (size_t)j * s->esize;
  memcpy(s->tmp, a, s->esize);
  memcpy(a, b, s->esize);
  memcpy(b, s->tmp, s->esize);
}

static bool pdq_less(void *s, int64_t i, int64_t j) { return less(s, i, j); }
static void pdq_swap(void *s, int64_t i, int64_t j) { swap(s, i, j); }
static bool pdq_failed(void *s) { return ((Sorter *)s)->failed; }

static void pdqsort_sorter(Sorter *s, int64_t n) {
  PdqOps ops = {s, pdq_less, pdq_swap, pdq_failed};
  pdqsort_run(&ops, n);
}

static void sort_Float64s(VMThread *th, Slot *a, Slot *r) {
  GoSlice sl = arg_slice(a);
  uint8_t tmp[8];
  Sorter s = {th, NULL, NULL, sl.ptr, 8, tmp, false};
  if (sl.len > 1) pdqsort_sorter(&s, sl.len);
}

/* pdqsortFuncs(n, less, swap): sort.Sort's pdqsort over an Interface's method values. */
static void sort_pdqsortFuncs(VMThread *th, Slot *a, Slot *r) {
  Sorter s = {th, (const Closure *)(uintptr_t)a[1], (const Closure *)(uintptr_t)a[2], NULL, 0,
              NULL, false};
  pdqsort_sorter(&s, (int64_t)a[0]);
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

/* reflect.Kind's String, for the Swapper panic ("reflect: call of Swapper on int Value"). */
static const char *reflect_kind_name(int k) {
  static const char *names[] = {
      [K_BOOL] = "bool", [K_INT] = "int", [K_INT8] = "int8", [K_INT16] = "int16",
      [K_INT32] = "int32", [K_INT64] = "int64", [K_UINT] = "uint", [K_UINT8] = "uint8",
      [K_UINT16] = "uint16", [K_UINT32] = "uint32", [K_UINT64] = "uint64",
      [K_UINTPTR] = "uintptr", [K_FLOAT32] = "float32", [K_FLOAT64] = "float64",
      [K_COMPLEX64] = "complex64", [K_COMPLEX128] = "complex128", [K_ARRAY] = "array",
      [K_CHAN] = "chan", [K_FUNC] = "func", [K_INTERFACE] = "interface", [K_MAP] = "map",
      [K_POINTER] = "ptr", [K_SLICE] = "slice", [K_STRING] = "string", [K_STRUCT] = "struct",
      [K_UNSAFEPOINTER] = "unsafe.Pointer",
  };
  return k >= 0 && k < (int)(sizeof names / sizeof names[0]) && names[k] ? names[k] : "invalid";
}

static void sort_slice(VMThread *th, Slot *args, bool stable_order) {
  GoEface x = arg_eface(args);
  const Closure *fn = (const Closure *)(uintptr_t)args[2];
  if (!x.type || x.type->kind != K_SLICE) {
    vm_panic_error(th, "reflect: call of Swapper on %s Value",
                   x.type ? reflect_kind_name(x.type->kind) : "zero");
    return;
  }
  const GoSlice *sl = x.data;
  if (sl->len < 2) return;
  Sorter s = {th, fn, NULL, sl->ptr, (size_t)x.type->elem->size, NULL, false};
  if (s.esize == 0) return;
  uint8_t small[64] = {0};
  s.tmp = s.esize <= sizeof small ? small : calloc(1, s.esize);
  if (!s.tmp) abort();
  /* GC: tmp may hold the only copy of an element while Less runs gol code (runtime/mgc.h) */
  if (s.tmp != small) gc_addroot(s.tmp, s.esize);
  if (stable_order) stable(&s, sl->len);
  else pdqsort_sorter(&s, sl->len);
  if (s.tmp != small) {
    gc_removeroot(s.tmp);
    free(s.tmp);
  }
}

static void sort_Slice(VMThread *th, Slot *a, Slot *r) { sort_slice(th, a, false); }
static void sort_SliceStable(VMThread *th, Slot *a, Slot *r) { sort_slice(th, a, true); }

static void sort_lenOf(VMThread *th, Slot *a, Slot *r) {
  GoEface x = arg_eface(a);
  /* reflect's Len also works on arrays, strings, maps and channels (the latter two are direct
   * interface words: x.data is the hmap / hchan pointer itself). */
  if (x.type && x.type->kind == K_ARRAY) {
    r[0] = (Slot)x.type->len;
    return;
  }
  if (x.type && x.type->kind == K_STRING) {
    r[0] = (Slot)((const GoString *)x.data)->len;
    return;
  }
  if (x.type && x.type->kind == K_MAP) {
    r[0] = (Slot)maplen((const hmap *)x.data);
    return;
  }
  if (x.type && x.type->kind == K_CHAN) {
    r[0] = (Slot)chanlen((hchan *)x.data);
    return;
  }
  if (!x.type || x.type->kind != K_SLICE) {
    vm_panic_error(th, "reflect: call of reflect.Value.Len on %s Value",
                   x.type ? reflect_kind_name(x.type->kind) : "zero");
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
    {"pdqsortFuncs", (void *)sort_pdqsortFuncs},
    {NULL, NULL},
};

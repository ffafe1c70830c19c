/* Allocator tests, booted through the native entry like sched_test (main_main runs them on the
 * main goroutine). Prints "ok <name>" per test and "PASS"; argv[1] selects one test.
 *
 * Freeing uses the collector's path: world stopped, every mcache flushed, every allocated object
 * marked except the ones to free, then mspan_sweep on every in-use span. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lang/types.h"
#include "runtime/mheap.h"

#include "tests/runtime_test.h"

/* Every byte of [p, p+n) is v (memcmp of the range against itself shifted by one: fast, and one
 * intercepted call under TSan instead of n instrumented loads). */
static bool allbytes(const void *p, size_t n, uint8_t v) {
  const uint8_t *b = p;
  return n == 0 || (b[0] == v && memcmp(b, b + 1, n - 1) == 0);
}

static bool iszero(const void *p, size_t n) { return allbytes(p, n, 0); }

static bool markAllocated(mspan *s, void *unused) {
  (void)unused;
  for (uint32_t j = 0; j < s->nelems; j++)
    if (!mspan_isFree(s, j)) mspan_markObject(s, j);
  return true;
}

static bool sweepCounting(mspan *s, void *freed) {
  *(uintptr_t *)freed += mspan_sweep(s);
  return true;
}

/* Frees the n objects in ptrs (NULL entries ignored) the way the collector will: everything else
 * allocated is marked live, then every in-use span is swept. Returns the objects freed. */
static uintptr_t sweep_free(void **ptrs, size_t n) {
  stopTheWorld();
  mcache_flushall();
  mheap_forEachInUse(markAllocated, NULL);
  for (size_t i = 0; i < n; i++) {
    if (!ptrs[i]) continue;
    mspan *s;
    uintptr_t idx;
    uintptr_t base = findObject((uintptr_t)ptrs[i], &s, &idx);
    CHECK(base == (uintptr_t)ptrs[i]);
    CHECK(mspan_isMarked(s, idx));
    s->gcmarkBits[idx / 8] &= (uint8_t) ~(1u << (idx % 8));
  }
  uintptr_t freed = 0;
  mheap_forEachInUse(sweepCounting, &freed);
  startTheWorld();
  return freed;
}

static long rss_pages(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, rss = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &size, &rss) != 2) rss = 0;
    fclose(f);
  }
  return rss;
}

static uint8_t expected_class(size_t size) {
  if (size <= 16) return 2;
  uint8_t sc = sizeToClass(size);
  return sc == 3 ? 4 : sc;
}

/* ---- tests ---- */

static void test_sizeclasses(void) {
  CHECK(class_to_size[_NumSizeClasses - 1] == 32768);
  for (int c = 1; c < _NumSizeClasses; c++) {
    CHECK(class_to_size[c] > class_to_size[c - 1]);
    size_t spanbytes = (size_t)class_to_allocnpages[c] * _PageSize;
    CHECK(spanbytes / class_to_size[c] >= 1);
    /* the division magic is exact for every offset in the span */
    for (uint32_t off = 0; off < spanbytes; off++)
      CHECK((uint32_t)(((uint64_t)off * class_to_divmagic[c]) >> 32) == off / class_to_size[c]);
  }
  /* rows of Go's table: objects and tail waste */
  CHECK(8192 / 24 == 341 && 8192 - 341 * 24 == 8);
  CHECK(class_to_size[35] == 1408 && class_to_allocnpages[35] == 2);
  CHECK(class_to_size[65] == 27264 && class_to_allocnpages[65] == 10);
  CHECK((10 * 8192) / 27264 == 3 && 10 * 8192 - 3 * 27264 == 128);
  /* roundupsize is the smallest class that holds n; pages above 32 KiB */
  for (size_t n = 1; n <= 32768; n++) {
    size_t r = roundupsize(n);
    CHECK(r >= n);
    int c = sizeToClass(n);
    CHECK(class_to_size[c] == r && (c == 1 || class_to_size[c - 1] < n));
  }
  CHECK(roundupsize(0) == 0 && roundupsize(8) == 8 && roundupsize(9) == 16 && roundupsize(17) == 24);
  CHECK(roundupsize(32769) == 40960 && roundupsize(40960) == 40960);
  CHECK(roundupsize(SIZE_MAX - 10) == SIZE_MAX - 10);
}

/* Every size 1..32768 and some large sizes: aligned, zeroed, in the right class, findObject'able,
 * and non-overlapping (each batch is filled with a per-object pattern, then verified, then freed
 * through the sweep so the next batch reuses dirty memory: zeroing of reused memory is tested). */
static void test_sizes(void) {
  enum { Batch = 1024 };
  static void *objs[Batch];
  static size_t sizes[Batch];
  static const size_t large[] = {32769, 40000, 65536, 100000, (1 << 20) + 1, 8 << 20,
                                 (70 << 20) + 12345};
  size_t nlarge = sizeof large / sizeof large[0];
  size_t total = 32768 + nlarge;
  for (size_t start = 1; start <= total; start += Batch) {
    size_t n = 0;
    for (size_t k = start; k < start + Batch && k <= total; k++, n++) {
      size_t size = k <= 32768 ? k : large[k - 32769];
      uint8_t *p = mallocgc(size, NULL, true);
      CHECK(((uintptr_t)p & 15) == 0);
      CHECK(iszero(p, size));
      mspan *s;
      uintptr_t idx;
      CHECK(findObject((uintptr_t)p, &s, &idx) == (uintptr_t)p);
      CHECK(findObject((uintptr_t)p + size - 1, NULL, NULL) == (uintptr_t)p);
      CHECK(s->elemsize >= size);
      CHECK(spanClass_noscan(s->spanclass));
      if (size <= 32768) CHECK(spanClass_sizeclass(s->spanclass) == expected_class(size));
      else CHECK(spanClass_sizeclass(s->spanclass) == 0 && s->npages * _PageSize >= size);
      memset(p, (int)(k * 7 + 1) & 0xff, size);
      objs[n] = p;
      sizes[n] = size;
    }
    for (size_t i = 0; i < n; i++) {
      uint8_t want = (uint8_t)(((start + i) * 7 + 1) & 0xff);
      CHECK(allbytes(objs[i], sizes[i], want));
    }
    CHECK(sweep_free(objs, n) == n);
  }
  /* a needzero=false allocation is still correctly sized and aligned */
  void *q = mallocgc(100, NULL, false);
  CHECK(((uintptr_t)q & 15) == 0 && findObject((uintptr_t)q, NULL, NULL) == (uintptr_t)q);
  CHECK(mallocgc(0, NULL, true) == mallocgc(0, NULL, true));
}

static void test_lookup(void) {
  /* interior pointers in small spans of several classes */
  for (size_t size = 16; size <= 32768; size = size * 3 / 2) {
    uint8_t *p = mallocgc(size, NULL, true);
    mspan *s = spanOfHeap((uintptr_t)p);
    CHECK(s && s->startAddr <= (uintptr_t)p && (uintptr_t)p < s->limit);
    uintptr_t idx;
    for (size_t off = 0; off < s->elemsize; off += (s->elemsize / 7) | 1) {
      mspan *s2 = NULL;
      CHECK(findObject((uintptr_t)p + off, &s2, &idx) == (uintptr_t)p);
      CHECK(s2 == s && s->startAddr + idx * s->elemsize == (uintptr_t)p);
    }
    CHECK(findObject((uintptr_t)p + s->elemsize - 1, NULL, NULL) == (uintptr_t)p);
  }
  /* a large object: any interior address finds the base */
  uint8_t *big = mallocgc(5 << 20, NULL, true);
  CHECK(findObject((uintptr_t)big + (3 << 20) + 17, NULL, NULL) == (uintptr_t)big);
  CHECK(findObject((uintptr_t)big + (5 << 20) - 1, NULL, NULL) == (uintptr_t)big);
  /* not heap: stack, static data, NULL */
  int local;
  static int global;
  CHECK(spanOfHeap((uintptr_t)&local) == NULL && findObject((uintptr_t)&local, NULL, NULL) == 0);
  CHECK(findObject((uintptr_t)&global, NULL, NULL) == 0 && findObject(0, NULL, NULL) == 0);
  /* a free slot of a span is not an object */
  uint8_t *a = mallocgc(4000, NULL, true);
  mspan *s = spanOfHeap((uintptr_t)a);
  uintptr_t ai = mspan_objIndex(s, (uintptr_t)a);
  if (ai + 1 < s->nelems && mspan_isFree(s, ai + 1))
    CHECK(findObject((uintptr_t)a + s->elemsize, NULL, NULL) == 0);
  void *objs[] = {big, a};
  CHECK(sweep_free(objs, 2) == 2);
  CHECK(findObject((uintptr_t)big + 100, NULL, NULL) == 0);
}

static void test_ptrbits(void) {
  /* struct { *T; int; *T } : words 0 and 2 hold pointers */
  static const uint8_t mask[] = {0x5};
  static Type t = {.kind = K_STRUCT, .align = 8, .tflags = TF_HASPTR | TF_COMPLETE, .size = 24,
                   .ptrmask = mask};
  uint8_t *one = mallocgc(24, &t, true); /* class 4 (32 bytes): 4 words */
  mspan *s = spanOfHeap((uintptr_t)one);
  CHECK(!spanClass_noscan(s->spanclass) && s->elemsize == 32);
  bool want1[] = {1, 0, 1, 0};
  for (int w = 0; w < 4; w++) CHECK(heapBitsIsPointer((uintptr_t)one + 8 * w) == want1[w]);
  uint8_t *arr = mallocgc(24 * 3, &t, true); /* an array of 3 in an 80-byte slot: 10 words */
  bool want3[] = {1, 0, 1, 1, 0, 1, 1, 0, 1, 0};
  for (int w = 0; w < 10; w++) CHECK(heapBitsIsPointer((uintptr_t)arr + 8 * w) == want3[w]);
  /* a large array of t: the pattern repeats to the end of the data, then no pointers */
  size_t n = 2000;
  uint8_t *big = mallocgc(24 * n, &t, true);
  for (size_t w = 0; w < 3 * n; w++) CHECK(heapBitsIsPointer((uintptr_t)big + 8 * w) == (w % 3 != 1));
  for (size_t w = 3 * n; w < 3 * n + 64; w++) CHECK(!heapBitsIsPointer((uintptr_t)big + 8 * w));
  /* slot reuse by a pointer-free part of another array rewrites the bits */
  void *objs[] = {one, arr, big};
  CHECK(sweep_free(objs, 3) == 3);
  static const uint8_t mask2[] = {0x2};
  static Type t2 = {.kind = K_STRUCT, .align = 8, .tflags = TF_HASPTR | TF_COMPLETE, .size = 16,
                    .ptrmask = mask2};
  for (int i = 0; i < 100; i++) {
    uint8_t *o = mallocgc(16, &t2, true);
    uint8_t *o2 = mallocgc(32, &t2, true);
    CHECK(!heapBitsIsPointer((uintptr_t)o) && heapBitsIsPointer((uintptr_t)o + 8));
    CHECK(!heapBitsIsPointer((uintptr_t)o2) && heapBitsIsPointer((uintptr_t)o2 + 8) &&
          !heapBitsIsPointer((uintptr_t)o2 + 16) && heapBitsIsPointer((uintptr_t)o2 + 24));
  }
  /* pointer-free types and NULL go to noscan spans */
  static Type ti = {.kind = K_INT, .align = 8, .size = 8};
  CHECK(spanClass_noscan(spanOfHeap((uintptr_t)mallocgc(8, &ti, true))->spanclass));
  /* a zero-size pointerful type ([0]*T) has nothing to scan */
  static Type t0 = {.kind = K_ARRAY, .align = 8, .tflags = TF_HASPTR | TF_COMPLETE, .size = 0,
                    .ptrmask = mask};
  CHECK(spanClass_noscan(spanOfHeap((uintptr_t)mallocgc(1, &t0, true))->spanclass));
}

/* ---- parallel allocation ---- */
enum { ParG = 4, ParN = 200000 };
static uint64_t *parobjs[ParG][ParN];
static wg parwg;

static size_t parsize(int gid, int i) { return 8 + (size_t)((i * 37 + gid * 11) % 15) * 8; }

static void par_worker(void *arg) {
  int gid = (int)(intptr_t)arg;
  for (int i = 0; i < ParN; i++) {
    size_t sz = parsize(gid, i);
    uint64_t *o = mallocgc(sz, NULL, true);
    for (size_t w = 0; w < sz / 8; w++) {
      if (o[w] != 0) {
        fprintf(stderr, "FAIL: object not zeroed\n");
        runtime_exit(1);
      }
      o[w] = ((uint64_t)gid << 56) | ((uint64_t)i << 8) | w;
    }
    parobjs[gid][i] = o;
    if (i % 4096 == 0) runtime_Gosched();
  }
  wg_done(&parwg);
}

/* A thread with no M and no P allocating at the same time: the locked no-P path. */
static void *nop_thread(void *arg) {
  void **out = arg;
  for (int i = 0; i < 20000; i++) {
    uint64_t *o = mallocgc(48, NULL, true);
    for (int w = 0; w < 6; w++) {
      if (o[w]) return (void *)1;
      o[w] = 0xabcdef00u + (uint64_t)i;
    }
    out[i] = o;
  }
  return NULL;
}

static void test_parallel(void) {
  uint64_t m0 = runtime_mallocs();
  static void *nopobjs[20000];
  pthread_t th;
  CHECK(pthread_create(&th, NULL, nop_thread, nopobjs) == 0);
  wg_add(&parwg, ParG);
  for (int i = 0; i < ParG; i++) newproc(par_worker, (void *)(intptr_t)i);
  wg_wait(&parwg);
  void *rc;
  CHECK(pthread_join(th, &rc) == 0 && rc == NULL);
  for (int gid = 0; gid < ParG; gid++)
    for (int i = 0; i < ParN; i++) {
      uint64_t *o = parobjs[gid][i];
      size_t sz = parsize(gid, i);
      for (size_t w = 0; w < sz / 8; w++)
        CHECK(o[w] == (((uint64_t)gid << 56) | ((uint64_t)i << 8) | w));
    }
  for (int i = 0; i < 20000; i++)
    for (int w = 0; w < 6; w++) CHECK(((uint64_t *)nopobjs[i])[w] == 0xabcdef00u + (uint64_t)i);
  CHECK(runtime_mallocs() - m0 >= (uint64_t)ParG * ParN + 20000);
  CHECK(sweep_free((void **)parobjs, (size_t)ParG * ParN) == (uintptr_t)ParG * ParN);
  CHECK(sweep_free(nopobjs, 20000) == 20000);
}

/* Freed slots are reused (and zeroed); an emptied span goes back to the heap. */
static void test_sweep(void) {
  enum { N = 1000 };
  static void *objs[N], *tofree[N];
  runtime_MemStats st0, st1;
  runtime_ReadMemStats(&st0);
  for (int i = 0; i < N; i++) {
    objs[i] = mallocgc(64, NULL, true);
    memset(objs[i], 0xee, 64);
    tofree[i] = (i % 2) ? objs[i] : NULL;
  }
  CHECK(sweep_free(tofree, N) == N / 2);
  runtime_ReadMemStats(&st1);
  CHECK(st1.Frees - st0.Frees == N / 2);
  CHECK(st1.HeapAlloc < st0.HeapAlloc + N * 64);
  /* the survivors are intact and still objects; the freed ones are not */
  for (int i = 0; i < N; i++) {
    uintptr_t b = findObject((uintptr_t)objs[i] + 5, NULL, NULL);
    if (i % 2) CHECK(b == 0);
    else CHECK(b == (uintptr_t)objs[i] && ((uint8_t *)objs[i])[63] == 0xee);
  }
  /* new allocations of the class reuse the freed slots, zeroed */
  int reused = 0;
  for (int i = 0; i < N / 2; i++) {
    uint8_t *p = mallocgc(64, NULL, true);
    CHECK(iszero(p, 64));
    for (int j = 1; j < N; j += 2)
      if (objs[j] == p) {
        reused++;
        break;
      }
  }
  CHECK(reused >= N / 2 - 64); /* all but (at most) a span's worth cached elsewhere */
  /* a span whose objects all die returns to the heap */
  uint8_t *lone = mallocgc(20000, NULL, true); /* class 20480: 2 per 5-page span */
  mspan *s = spanOfHeap((uintptr_t)lone);
  uintptr_t inuse0 = __atomic_load_n(&mheap_.heapInuse, __ATOMIC_RELAXED);
  void *l[] = {lone, NULL};
  if (s->allocCount == 1) {
    CHECK(sweep_free(l, 1) == 1);
    CHECK(__atomic_load_n(&mheap_.heapInuse, __ATOMIC_RELAXED) <= inuse0 - 5 * _PageSize);
  } else {
    CHECK(sweep_free(l, 1) == 1);
  }
  CHECK(spanOfHeap((uintptr_t)lone) == NULL || findObject((uintptr_t)lone, NULL, NULL) == 0);
}

/* Freed memory goes back to the OS: RSS drops. */
static void test_scavenge(void) {
  long pg = sysconf(_SC_PAGESIZE);
  size_t size = 64 << 20;
  uint8_t *big = mallocgc(size, NULL, true);
  memset(big, 0x5a, size);
  long rss1 = rss_pages();
  void *l[] = {big};
  CHECK(sweep_free(l, 1) == 1);
  /* just freed: not idle long enough for the periodic scavenger */
  runtime_MemStats st;
  runtime_ReadMemStats(&st);
  uint64_t rel0 = st.HeapReleased;
  CHECK(mheap_scavenge(60LL * 1000 * 1000 * 1000) == 0);
  CHECK(rss_pages() > rss1 - (long)(16 << 20) / pg);
  runtime_debug_FreeOSMemory();
  long rss2 = rss_pages();
  runtime_ReadMemStats(&st);
  printf("  rss %ld KiB -> %ld KiB after scavenge; HeapReleased %llu -> %llu KiB\n",
         rss1 * pg / 1024, rss2 * pg / 1024, (unsigned long long)rel0 / 1024,
         (unsigned long long)st.HeapReleased / 1024);
  CHECK(rss1 - rss2 >= (long)(48 << 20) / pg);
  CHECK(st.HeapReleased >= rel0 + size);
  CHECK(st.HeapReleased <= st.HeapIdle && st.HeapInuse + st.HeapIdle == st.HeapSys);
  /* released memory comes back zeroed without a memset (needzero is clear) */
  uint8_t *again = mallocgc(size, NULL, true);
  CHECK(iszero(again, size));
  void *l2[] = {again};
  CHECK(sweep_free(l2, 1) == 1);
  runtime_debug_FreeOSMemory();
}

static void test_memstats(void) {
  runtime_MemStats a, b;
  runtime_ReadMemStats(&a);
  for (int i = 0; i < 1000; i++) mallocgc(100, NULL, true);
  runtime_ReadMemStats(&b);
  CHECK(b.Mallocs - a.Mallocs == 1000);
  CHECK(b.TotalAlloc - a.TotalAlloc == 1000 * 112);
  CHECK(b.HeapAlloc - a.HeapAlloc == 1000 * 112);
  CHECK(b.HeapInuse + b.HeapIdle == b.HeapSys && b.HeapReleased <= b.HeapIdle);
  CHECK(b.Sys >= b.HeapSys && b.HeapObjects == b.Mallocs - b.Frees);
  printf("  HeapSys=%llu KiB HeapInuse=%llu KiB HeapIdle=%llu KiB HeapReleased=%llu KiB "
         "Mallocs=%llu Frees=%llu\n",
         (unsigned long long)b.HeapSys / 1024, (unsigned long long)b.HeapInuse / 1024,
         (unsigned long long)b.HeapIdle / 1024, (unsigned long long)b.HeapReleased / 1024,
         (unsigned long long)b.Mallocs, (unsigned long long)b.Frees);
}

static void test_gomaxprocs(void) {
  /* Ps dying return their cached spans; new Ps get caches */
  int32_t old = runtime_GOMAXPROCS(0);
  runtime_GOMAXPROCS(old + 2);
  for (int i = 0; i < 1000; i++) mallocgc(32, NULL, true);
  runtime_GOMAXPROCS(1);
  for (int i = 0; i < 1000; i++) mallocgc(32, NULL, true);
  runtime_GOMAXPROCS(old);
}

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void test_bench(void) {
  enum { N = 1000000 };
  static void *v[N];
  for (int round = 0; round < 2; round++) {
    int64_t t0 = now_ns();
    for (int i = 0; i < N; i++) v[i] = mallocgc(32, NULL, true);
    int64_t t1 = now_ns();
    sweep_free(v, N);
    int64_t t2 = now_ns();
    for (int i = 0; i < N; i++) v[i] = mallocgc(32, NULL, true);
    int64_t t3 = now_ns();
    sweep_free(v, N);
    int64_t t4 = now_ns();
    for (int i = 0; i < N; i++) v[i] = calloc(1, 32);
    int64_t t5 = now_ns();
    for (int i = 0; i < N; i++) free(v[i]);
    int64_t t6 = now_ns();
    for (int i = 0; i < N; i++) v[i] = calloc(1, 32);
    int64_t t7 = now_ns();
    for (int i = 0; i < N; i++) free(v[i]);
    (void)t6;
    printf("  32-byte zeroed allocation: mallocgc %.1f ns (fresh), %.1f ns (reused swept "
           "memory); calloc %.1f ns (fresh), %.1f ns (reused)\n",
           (double)(t1 - t0) / N, (double)(t3 - t2) / N, (double)(t5 - t4) / N,
           (double)(t7 - t6) / N);
  }
}

void main_main(void) {
  const char *mode = runtime_argc() > 1 ? runtime_argv()[1] : "";
  static const struct {
    const char *name;
    void (*fn)(void);
  } tests[] = {
      {"sizeclasses", test_sizeclasses}, {"sizes", test_sizes},       {"lookup", test_lookup},
      {"ptrbits", test_ptrbits},         {"parallel", test_parallel}, {"sweep", test_sweep},
      {"scavenge", test_scavenge},       {"memstats", test_memstats}, {"gomaxprocs", test_gomaxprocs},
      {"bench", test_bench},
  };
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (*mode && strcmp(mode, tests[i].name) != 0) continue;
    if (!*mode && strcmp(tests[i].name, "bench") == 0 && getenv("MALLOC_BENCH") == NULL) continue;
    tests[i].fn();
    printf("ok %s\n", tests[i].name);
    fflush(stdout);
  }
  printf("PASS\n");
}

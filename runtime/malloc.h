/* The allocation interface: every heap object the VM makes goes through mallocgc, so the garbage
 * collector (a later issue) can take over without changes to the VM.
 *
 * mallocgc is a Go-style allocator (runtime/mheap.h describes the design): Go 1.19's 68 size
 * classes, a per-P cache (no lock on the common path), central lists per class, and a page heap
 * whose idle memory is returned to the OS. Nothing is freed until the collector exists: it will
 * free objects through mspan_sweep (mheap.h).
 *
 * typ describes the object for the collector: NULL, or a type without pointers (no TF_HASPTR or
 * no ptrmask), makes a "noscan" object that is never scanned. Otherwise the object's pointer
 * words are recorded from typ->ptrmask; when size > typ->size the object is an array of typ
 * (size / typ->size elements), as in Go's mallocgc(n * typ.size, typ). An object holding a
 * pointerful header followed by pointer-free data must therefore not pass the header's type. */
#ifndef GOL_RUNTIME_MALLOC_H
#define GOL_RUNTIME_MALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct Type;

void mallocinit(void);
/* A new object of size bytes, 16-byte aligned, zeroed when needzero. size 0 returns the address of
 * a shared zero-size object (Go's zerobase). Throws "out of memory" on failure. Callable from a G
 * (lock-free per-P path) or from a thread without a P (boot, sysmon, a native between
 * entersyscall and exitsyscall): those share one cache under a lock. */
void *mallocgc(size_t size, const struct Type *typ, bool needzero);
/* Zeroed memory that lives as long as the runtime (never freed, never scanned): type descriptors,
 * Ms, Ps. Thread-safe. */
void *persistentalloc(size_t size);

/* The size mallocgc really allocates for a request of n bytes under Go's rules: the size class
 * (Go 1.19 table) for n <= 32 KiB, whole 8 KiB pages above; n when rounding would overflow. Go's
 * roundupsize (append growth rounds capacities with it). roundupsize(0) == 0. */
size_t roundupsize(size_t n);

/* Totals over all Ps (runtime.MemStats.Mallocs / TotalAlloc), approximate while Gs run. */
uint64_t runtime_mallocs(void);
uint64_t runtime_mallocbytes(void);

/* What runtime.ReadMemStats reports about the heap (Go's field names and meanings, bytes unless
 * a count). Approximate while Gs allocate. */
typedef struct runtime_MemStats {
  uint64_t Alloc;        /* = HeapAlloc */
  uint64_t TotalAlloc;   /* bytes allocated, cumulative */
  uint64_t Sys;          /* HeapSys + runtime metadata (virtual sizes) */
  uint64_t Mallocs;      /* objects allocated, cumulative */
  uint64_t Frees;        /* objects freed (by the collector's sweep; 0 until it exists) */
  uint64_t HeapAlloc;    /* bytes of allocated objects (not yet freed) */
  uint64_t HeapSys;      /* heap memory obtained from the OS (in use, idle and released) */
  uint64_t HeapIdle;     /* in free spans (including released) */
  uint64_t HeapInuse;    /* in in-use spans */
  uint64_t HeapReleased; /* free spans returned to the OS */
  uint64_t HeapObjects;  /* Mallocs - Frees */
} runtime_MemStats;
void runtime_ReadMemStats(runtime_MemStats *st);

/* The scavenger step for sysmon: call it on every sysmon iteration (cheap: it acts at most once
 * per second), from a thread without a P. It returns free memory idle for more than 5 s to the
 * OS with madvise(MADV_DONTNEED). */
void runtime_scavenge_tick(int64_t now);
/* Returns every free span to the OS now (debug.FreeOSMemory without the collection). */
void runtime_debug_FreeOSMemory(void);

#endif

/* The allocation interface: every heap object the VM makes goes through mallocgc, so the garbage
 * collector (a later issue) can take over allocation without changes to the VM.
 *
 * Today mallocgc is a thread-safe layer over the system allocator that counts allocations per P;
 * nothing is ever freed, because nothing knows when an object dies until the collector exists.
 * typ describes the object (its ptrmask tells the collector where pointers are); NULL means the
 * object holds no pointers. */
#ifndef GOL_RUNTIME_MALLOC_H
#define GOL_RUNTIME_MALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct Type;

void mallocinit(void);
/* A new object of size bytes, 16-byte aligned, zeroed when needzero. size 0 returns the address of
 * a shared zero-size object (Go's zerobase). Throws "out of memory" on failure. */
void *mallocgc(size_t size, const struct Type *typ, bool needzero);
/* Zeroed memory that lives as long as the runtime (never freed, never scanned): type descriptors,
 * Ms, Ps. Thread-safe. */
void *persistentalloc(size_t size);

/* Totals over all Ps (runtime.MemStats.Mallocs / TotalAlloc), approximate while Gs run. */
uint64_t runtime_mallocs(void);
uint64_t runtime_mallocbytes(void);

#endif

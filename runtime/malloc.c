/* The allocator behind mallocgc and persistentalloc.
 *
 * The garbage collector is a later issue. Until then mallocgc allocates from the C library (which
 * is thread-safe) and never frees; it counts allocations in the current P (relaxed atomics written
 * by the owner, summed by readers) so runtime.MemStats-like numbers exist. persistentalloc carves
 * runtime-lifetime memory from 256 KiB chunks under a lock. */
#include <stdlib.h>
#include <string.h>

#include "runtime/internal.h"

static uint64_t zerobase[2] __attribute__((aligned(16)));

/* Allocations made without a P (boot, sysmon, threads in syscalls): global counters. */
static uint64_t nop_mallocs;
static uint64_t nop_bytes;

void mallocinit(void) {
  if (physPageSize == 0 || (physPageSize & (physPageSize - 1)) != 0)
    throw("mallocinit: bad physical page size");
}

void *mallocgc(size_t size, const struct Type *typ, bool needzero) {
  (void)typ; /* the collector will use typ->ptrmask */
  if (size == 0) return zerobase;
  size_t rounded = (size + 15) & ~(size_t)15;
  if (rounded < size) throw("out of memory");
  void *v = needzero ? calloc(1, rounded) : aligned_alloc(16, rounded);
  if (!v) throw("out of memory");
  g *gp = getg();
  m *mp = gp ? gp->m : NULL;
  p *pp = mp ? mp->p : NULL;
  if (pp) {
    __atomic_store_n(&pp->mallocs, pp->mallocs + 1, __ATOMIC_RELAXED);
    __atomic_store_n(&pp->mallocbytes, pp->mallocbytes + rounded, __ATOMIC_RELAXED);
  } else {
    __atomic_fetch_add(&nop_mallocs, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&nop_bytes, rounded, __ATOMIC_RELAXED);
  }
  return v;
}

uint64_t runtime_mallocs(void) {
  uint64_t n = __atomic_load_n(&nop_mallocs, __ATOMIC_RELAXED);
  for (int i = 0; i < MaxGomaxprocs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) break;
    n += __atomic_load_n(&pp->mallocs, __ATOMIC_RELAXED);
  }
  return n;
}

uint64_t runtime_mallocbytes(void) {
  uint64_t n = __atomic_load_n(&nop_bytes, __ATOMIC_RELAXED);
  for (int i = 0; i < MaxGomaxprocs; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (!pp) break;
    n += __atomic_load_n(&pp->mallocbytes, __ATOMIC_RELAXED);
  }
  return n;
}

enum { PersistentChunk = 256 << 10 };

static struct {
  mutex lock;
  uint8_t *next; /* lock */
  uint8_t *end;  /* lock */
} persistent;

void *persistentalloc(size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (size >= PersistentChunk / 4) {
    void *v = calloc(1, size);
    if (!v) throw("out of memory (persistentalloc)");
    return v;
  }
  runtime_lock(&persistent.lock);
  if ((size_t)(persistent.end - persistent.next) < size) {
    uint8_t *c = calloc(1, PersistentChunk);
    if (!c) throw("out of memory (persistentalloc)");
    persistent.next = c;
    persistent.end = c + PersistentChunk;
  }
  void *v = persistent.next;
  persistent.next += size;
  runtime_unlock(&persistent.lock);
  return v;
}

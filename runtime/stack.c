/* Goroutine C stacks.
 *
 * Every user G owns one GOL_STACK_SIZE stack for its whole life (stacks never move or grow: the VM
 * keeps gol frames in its own register files, so the C stack only holds the interpreter loop and
 * the natives it calls). Stacks are carved from large MAP_NORESERVE regions (StackRegion bytes
 * each), so creating a goroutine never costs a system call on the hot path and 200,000 goroutines
 * use a few hundred mappings, well under vm.max_map_count. Only the pages a G touches become
 * resident: a parked goroutine touches about one page at the top.
 *
 * No guard pages (one per stack would mean one mapping per goroutine). Overflow is prevented
 * instead: the VM does not recurse on the C stack for gol calls, natives that re-enter the VM call
 * runtime_stack_ok first, and the runtime's own paths use bounded stack (GOL_STACK_GUARD reserve).
 *
 * Free stacks are linked through their top word (a page the previous G touched anyway), in a
 * per-P cache (owner only, no lock) backed by a global pool under stackpool.lock. */
#include <sys/mman.h>

#include "runtime/internal.h"

#if defined(GOL_SANITIZE_ADDRESS)
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#endif

enum {
  StackRegion = 32 << 20,    /* bytes mapped at a time */
  StackCacheSize = 32,       /* per-P cache capacity (p.stackcache) */
  StackCacheBatch = 16,      /* moved between a P's cache and the pool at once */
};

static struct {
  mutex lock;
  void *free;       /* lock: free stacks (their lo), linked through the top word */
  uintptr_t next;   /* lock: next unused byte of the current region */
  uintptr_t end;    /* lock */
  int64_t nregions; /* lock */
} stackpool;

static inline void **stacklink(void *lo) { return (void **)((char *)lo + GOL_STACK_SIZE - 8); }

void stackinit(void) {
  if (GOL_STACK_SIZE % physPageSize != 0) throw("stackinit: stack size not a page multiple");
}

/* Takes one stack from the pool (lock held). */
static void *stackpool_get(void) {
  void *s = stackpool.free;
  if (s) {
    stackpool.free = *stacklink(s);
    return s;
  }
  if (stackpool.next == stackpool.end) {
    void *r = mmap(NULL, StackRegion, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED) throw("out of memory allocating goroutine stacks");
#if defined(GOL_SANITIZE_ADDRESS)
    /* LeakSanitizer scans thread stacks and globals, not these regions: goroutine stacks hold
     * pointers too. */
    __lsan_register_root_region(r, StackRegion);
#endif
    stackpool.next = (uintptr_t)r;
    stackpool.end = (uintptr_t)r + StackRegion;
    stackpool.nregions++;
  }
  s = (void *)stackpool.next;
  stackpool.next += GOL_STACK_SIZE;
  return s;
}

gstack stackalloc(p *pp) {
  void *lo;
  if (pp) {
    if (pp->nstackcache == 0) {
      runtime_lock(&stackpool.lock);
      while (pp->nstackcache < StackCacheBatch) pp->stackcache[pp->nstackcache++] = stackpool_get();
      runtime_unlock(&stackpool.lock);
    }
    lo = pp->stackcache[--pp->nstackcache];
  } else {
    runtime_lock(&stackpool.lock);
    lo = stackpool_get();
    runtime_unlock(&stackpool.lock);
  }
#if defined(GOL_SANITIZE_ADDRESS)
  /* A previous owner may have left redzones of frames that never returned. */
  ASAN_UNPOISON_MEMORY_REGION(lo, GOL_STACK_SIZE);
#endif
  gstack s = {(uintptr_t)lo, (uintptr_t)lo + GOL_STACK_SIZE};
  return s;
}

static void stackpool_put_locked(void *lo) {
  *stacklink(lo) = stackpool.free;
  stackpool.free = lo;
}

void stackfree(p *pp, gstack s) {
  void *lo = (void *)s.lo;
#if defined(GOL_SANITIZE_ADDRESS)
  ASAN_UNPOISON_MEMORY_REGION(lo, GOL_STACK_SIZE);
#endif
  if (pp) {
    if (pp->nstackcache == StackCacheSize) {
      runtime_lock(&stackpool.lock);
      while (pp->nstackcache > StackCacheSize - StackCacheBatch)
        stackpool_put_locked(pp->stackcache[--pp->nstackcache]);
      runtime_unlock(&stackpool.lock);
    }
    pp->stackcache[pp->nstackcache++] = lo;
    return;
  }
  runtime_lock(&stackpool.lock);
  stackpool_put_locked(lo);
  runtime_unlock(&stackpool.lock);
}

void stackcache_clear(p *pp) {
  runtime_lock(&stackpool.lock);
  while (pp->nstackcache > 0) stackpool_put_locked(pp->stackcache[--pp->nstackcache]);
  runtime_unlock(&stackpool.lock);
}

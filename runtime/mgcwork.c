/* Parallel marking: work buffers, mark workers and termination (Go's mgcwork.go and the
 * stop-the-world part of gcBgMarkWorker).
 *
 * With the world stopped, a cycle marks on nproc = GOMAXPROCS workers: the initiator's thread
 * and nproc-1 helper threads (Ms without a P, made once and parked on their notes between
 * cycles; checkdead does not count them). Each worker claims root jobs (gcMarkRoots), then drains
 * grey objects (gcDrain). Mark bits are set with an atomic OR (mspan_tryMarkObject), so of two
 * workers reaching one object only one queues it.
 *
 * Work buffers: a worker keeps grey objects in two 16 KiB buffers (wbuf1 in use, wbuf2 spare, so
 * a worker hovering at a buffer boundary does not hit the global lists each time). A full buffer
 * goes to the global full list; a worker that ran dry takes one from there. gcw_balance gives
 * work away when some worker waits and the full list is empty.
 *
 * Termination: a worker without work counts itself waiting (nwait); the phase is over when every
 * worker that joined it waits and no full buffer exists; both checked under wbufs.lock, so no
 * buffer can appear afterwards (only a non-waiting worker publishes buffers). Helpers join a phase
 * only while it is not over (a helper that wakes late skips it), and a worker of an older phase
 * (gen) never touches the counts of a newer one, so the initiator never waits for helpers to
 * leave: it continues as soon as the phase is over. */
#include <sched.h>
#include <time.h>

#include "runtime/mgc.h"
#include "runtime/mheap.h"

__thread gcWork *gcw_current;

enum { workbufChunk = 64 }; /* buffers mapped at a time (1 MiB) */

static struct {
  mutex lock;       /* a leaf */
  workbuf *full;    /* lock */
  workbuf *empty;   /* lock */
  uint32_t nfull;   /* atomic; changed under lock */
  uint32_t nwait;   /* atomic; changed under lock: joined workers waiting for work */
  uint32_t nactive; /* lock: workers that joined the phase */
  uint32_t gen;     /* atomic; changed under lock: the mark phase */
  uint32_t done;    /* atomic; changed under lock: the phase is over */
} wbufs;

static workbuf *getempty(void) {
  runtime_lock(&wbufs.lock);
  workbuf *b = wbufs.empty;
  if (!b) {
    b = sysAlloc(workbufChunk * sizeof(workbuf));
    if (!b) throw("gc: out of memory for work buffers");
    for (int i = 1; i < workbufChunk; i++) {
      b[i].next = wbufs.empty;
      wbufs.empty = &b[i];
    }
  } else {
    wbufs.empty = b->next;
  }
  runtime_unlock(&wbufs.lock);
  b->next = NULL;
  b->nobj = 0;
  return b;
}

static void putempty(workbuf *b) {
  runtime_lock(&wbufs.lock);
  b->next = wbufs.empty;
  wbufs.empty = b;
  runtime_unlock(&wbufs.lock);
}

static void putfull(workbuf *b) {
  runtime_lock(&wbufs.lock);
  b->next = wbufs.full;
  wbufs.full = b;
  __atomic_store_n(&wbufs.nfull, wbufs.nfull + 1, __ATOMIC_RELAXED);
  runtime_unlock(&wbufs.lock);
}

static workbuf *trygetfull(void) {
  if (__atomic_load_n(&wbufs.nfull, __ATOMIC_RELAXED) == 0) return NULL;
  runtime_lock(&wbufs.lock);
  workbuf *b = wbufs.full;
  if (b) {
    wbufs.full = b->next;
    __atomic_store_n(&wbufs.nfull, wbufs.nfull - 1, __ATOMIC_RELAXED);
  }
  runtime_unlock(&wbufs.lock);
  return b;
}

static void swapbufs(gcWork *w) {
  workbuf *t = w->wbuf1;
  w->wbuf1 = w->wbuf2;
  w->wbuf2 = t;
}

void gcw_putSlow(gcWork *w, uintptr_t obj) {
  swapbufs(w);
  if (w->wbuf1->nobj == workbufObjs) {
    putfull(w->wbuf1);
    w->wbuf1 = getempty();
  }
  w->wbuf1->obj[w->wbuf1->nobj++] = obj;
}

uintptr_t gcw_tryGetSlow(gcWork *w) {
  swapbufs(w);
  if (w->wbuf1->nobj == 0) {
    workbuf *b = trygetfull();
    if (!b) return 0;
    putempty(w->wbuf1);
    w->wbuf1 = b;
  }
  return w->wbuf1->obj[--w->wbuf1->nobj];
}

void gcw_balance(gcWork *w) {
  if (w->wbuf2->nobj > 0) {
    putfull(w->wbuf2);
    w->wbuf2 = getempty();
    return;
  }
  workbuf *a = w->wbuf1;
  if (a->nobj < 4) return;
  workbuf *b = getempty(); /* half of wbuf1 */
  uintptr_t half = a->nobj / 2;
  for (uintptr_t i = 0; i < half; i++) b->obj[i] = a->obj[a->nobj - half + i];
  b->nobj = half;
  a->nobj -= half;
  putfull(b);
}

bool gcMarkWantsWork(void) {
  return __atomic_load_n(&wbufs.nwait, __ATOMIC_RELAXED) != 0 &&
         __atomic_load_n(&wbufs.nfull, __ATOMIC_RELAXED) == 0;
}

/* The calling thread's CPU time: mark workers' busy time is measured in CPU time, so the
 * figure stays meaningful on a loaded machine. */
static int64_t threadCPUTime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* lock held */
static void flushCounts(gcWork *w) {
  work.markedBytes += w->markedBytes;
  work.markedObjects += w->markedObjects;
  int64_t busy = threadCPUTime() - w->busySince;
  work.markWorkerNs += busy;
  w->phaseNs += busy;
  if (w->phaseNs > work.markWorkerMaxNs) work.markWorkerMaxNs = w->phaseNs;
  w->markedBytes = w->markedObjects = 0;
}

/* lock held: w's phase is still running */
static bool phaseRunning(gcWork *w) {
  return wbufs.gen == w->gen && !wbufs.done;
}

bool gcMarkWaitForWork(gcWork *w) {
  runtime_lock(&wbufs.lock);
  if (!phaseRunning(w)) throw("gc: mark worker outlived its phase");
  if (wbufs.nfull > 0) {
    runtime_unlock(&wbufs.lock);
    return true;
  }
  flushCounts(w);
  __atomic_store_n(&wbufs.nwait, wbufs.nwait + 1, __ATOMIC_RELAXED);
  if (wbufs.nwait == wbufs.nactive) {
    __atomic_store_n(&wbufs.done, 1, __ATOMIC_RELEASE);
    runtime_unlock(&wbufs.lock);
    return false;
  }
  runtime_unlock(&wbufs.lock);
  for (uint32_t spins = 0;; spins++) {
    if (spins < 64) __builtin_ia32_pause();
    else sched_yield();
    if (__atomic_load_n(&wbufs.nfull, __ATOMIC_RELAXED) == 0 &&
        !__atomic_load_n(&wbufs.done, __ATOMIC_RELAXED) &&
        __atomic_load_n(&wbufs.gen, __ATOMIC_RELAXED) == w->gen)
      continue;
    runtime_lock(&wbufs.lock);
    if (!phaseRunning(w)) {
      runtime_unlock(&wbufs.lock);
      return false;
    }
    if (wbufs.nfull > 0) {
      __atomic_store_n(&wbufs.nwait, wbufs.nwait - 1, __ATOMIC_RELAXED);
      runtime_unlock(&wbufs.lock);
      w->busySince = threadCPUTime();
      return true;
    }
    runtime_unlock(&wbufs.lock);
  }
}

/* Joins the current phase unless it is over; then marks until it is. */
static void markWorker(gcWork *w, bool initiator) {
  if (!w->wbuf1) {
    w->wbuf1 = getempty();
    w->wbuf2 = getempty();
  }
  if (!initiator) {
    runtime_lock(&wbufs.lock);
    bool join = !wbufs.done;
    if (join) {
      wbufs.nactive++;
      w->gen = wbufs.gen;
      w->phaseNs = 0;
    }
    runtime_unlock(&wbufs.lock);
    if (!join) return;
  }
  w->busySince = threadCPUTime();
  gcw_current = w;
  gcMarkRoots();
  gcDrain(w);
  gcw_current = NULL;
}

/* ---- helper threads ------------------------------------------------------------------------- */

void gcNewSystemM(void (*fn)(void)) {
  newm(fn, NULL);
  /* Counted as a system M by its creator, not by the new thread: a goroutine creating it is
   * running, so checkdead cannot miss a deadlock meanwhile, whereas a late count from the thread
   * could make the last idle M's checkdead see one M too many and never report it. */
  runtime_lock(&sched.lock);
  sched.nmsys++;
  runtime_unlock(&sched.lock);
}

typedef struct markHelper {
  note wake;
  uint32_t busy; /* atomic: woken for a phase and not yet back to sleep */
  gcWork w;
} markHelper;

static markHelper *helpers[MaxGomaxprocs]; /* worldsema for writers; set before the M starts */
static int32_t nhelpers;                   /* worldsema */
static uint32_t helperIds;                 /* atomic: the next helper thread's index */

static void markHelperLoop(void) {
  markHelper *h = helpers[__atomic_fetch_add(&helperIds, 1, __ATOMIC_ACQ_REL)];
  for (;;) {
    notesleep(&h->wake);
    noteclear(&h->wake);
    markWorker(&h->w, false);
    __atomic_store_n(&h->busy, 0, __ATOMIC_RELEASE);
  }
}

void gcMarkStartHelpers(int32_t nproc) {
  while (nhelpers < nproc - 1 && nhelpers < MaxGomaxprocs) {
    /* zeroed: idle, its note clear (a wakeup before its first sleep is fine) */
    helpers[nhelpers++] = persistentalloc(sizeof(markHelper));
    gcNewSystemM(markHelperLoop);
  }
}

static gcWork initiatorWork;

void gcMarkParallel(int32_t nproc) {
  gcMarkRootPrepare();
  runtime_lock(&wbufs.lock);
  if (wbufs.full) throw("gc: full work buffers before marking");
  __atomic_store_n(&wbufs.gen, wbufs.gen + 1, __ATOMIC_RELAXED);
  __atomic_store_n(&wbufs.done, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&wbufs.nwait, 0, __ATOMIC_RELAXED);
  wbufs.nactive = 1;
  work.markedBytes = work.markedObjects = 0;
  work.markWorkerNs = work.markWorkerMaxNs = 0;
  work.markWorkers = 0;
  initiatorWork.gen = wbufs.gen;
  initiatorWork.phaseNs = 0;
  runtime_unlock(&wbufs.lock);
  for (int32_t i = 0; i < nproc - 1 && i < nhelpers; i++) {
    uint32_t zero = 0;
    if (__atomic_compare_exchange_n(&helpers[i]->busy, &zero, 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED))
      notewakeup(&helpers[i]->wake);
  }
  markWorker(&initiatorWork, true);
  /* over: every worker that joined waits, so none touches the heap's marks any more */
  runtime_lock(&wbufs.lock);
  work.markWorkers = (int32_t)wbufs.nactive;
  runtime_unlock(&wbufs.lock);
}

/* The scheduler's data structures: g, m, p, schedt (the shape of Go's runtime2.go).
 *
 * Every field says who may touch it. "owner" means the M currently running the G or holding the P;
 * "sched.lock" means the field is read and written only with sched.lock held; "atomic" means every
 * access goes through __atomic builtins (so TSan sees the synchronisation). Lock order:
 * runtime/README.md. Field offsets used by assembly (arch/amd64/asm_amd64.S) are pinned by the
 * G_/M_/GOBUF_ macros in arch/arch.h and checked with _Static_assert in proc.c. */
#ifndef GOL_RUNTIME2_H
#define GOL_RUNTIME2_H

#include <stdbool.h>
#include <stdint.h>

struct m;
struct p;

/* A futex word (lock_futex.c). Zero value: unlocked. */
typedef struct mutex {
  uint32_t key; /* atomic: 0 unlocked, 1 locked, 2 locked with sleepers */
} mutex;

/* A one-shot event: one waker, one sleeper (lock_futex.c). Zero value: cleared. */
typedef struct note {
  uint32_t key; /* atomic: 0 clear, 1 woken */
} note;

/* A saved execution context: where gogo resumes. Written by mcall/gosave on the G being left (or
 * by newproc1 for a fresh G), read by gogo on the G being resumed; the G's status transition
 * (atomic) orders the two. The callee-saved registers of the SysV ABI are part of it because C code
 * sits above every switch point. */
typedef struct gobuf {
  uintptr_t sp;   /* 0 */
  uintptr_t pc;   /* 8 */
  struct g *g;    /* 16 */
  uintptr_t bp;   /* 24 */
  uintptr_t rbx;  /* 32 */
  uintptr_t r12;  /* 40: fresh G: the entry function's argument */
  uintptr_t r13;  /* 48: fresh G: the entry function */
  uintptr_t r14;  /* 56 */
  uintptr_t r15;  /* 64 */
} gobuf;

/* Stack bounds [lo, hi). */
typedef struct gstack {
  uintptr_t lo;
  uintptr_t hi;
} gstack;

/* G status (Go's values; only these are used). */
enum {
  _Gidle = 0,     /* just allocated, not yet initialised */
  _Grunnable = 1, /* on a run queue; not executing; owns no stack frames in use */
  _Grunning = 2,  /* executing on an M that holds a P; the M owns the G */
  _Gsyscall = 3,  /* in a blocking call (entersyscall); has an M, no P */
  _Gwaiting = 4,  /* parked (gopark); whoever holds the wait structure may goready it */
  _Gdead = 6,     /* exited or unused; on a free list */
};

/* Wait reasons, with Go's strings (waitReasonStrings in proc.c). */
typedef enum waitReason {
  waitReasonZero = 0,
  waitReasonGCAssistMarking,
  waitReasonIOWait,
  waitReasonChanReceiveNilChan,
  waitReasonChanSendNilChan,
  waitReasonDumpingHeap,
  waitReasonGarbageCollection,
  waitReasonGarbageCollectionScan,
  waitReasonPanicWait,
  waitReasonSelect,
  waitReasonSelectNoCases,
  waitReasonGCAssistWait,
  waitReasonGCSweepWait,
  waitReasonGCScavengeWait,
  waitReasonChanReceive,
  waitReasonChanSend,
  waitReasonFinalizerWait,
  waitReasonForceGCIdle,
  waitReasonSemacquire,
  waitReasonSleep,
  waitReasonSyncCondWait,
  waitReasonTimerGoroutineIdle,
  waitReasonTraceReaderBlocked,
  waitReasonWaitForGCCycle,
  waitReasonGCWorkerIdle,
  waitReasonPreempted,
  waitReasonDebugCall,
  waitReasonCount
} waitReason;

extern const char *const waitReasonStrings[waitReasonCount];

/* A goroutine. Gs are never freed: a dead G goes to its P's free list (gfput) with its stack and is
 * reused by newproc (gfget). allgs lists every G ever made. */
typedef struct g {
  /* ---- public (read by the VM; layout pinned for assembly) ---- */
  gstack stack;          /* 0: owner; fixed for the G's life (stacks never move) */
  uintptr_t stackguard0; /* 16: stack.lo + StackGuard: runtime_stack_ok's limit */
  gobuf sched;           /* 24: see gobuf */
  struct m *m;           /* 96: the M running it (owner), NULL when not running */
  int64_t goid;          /* set by newproc1 before the G is published; then immutable */
  uint8_t preempt;       /* atomic: preemption requested (sysmon, STW); cleared by the G */
  void *vm;              /* the VM's per-goroutine state; the runtime never looks inside */

  /* ---- runtime private ---- */
  uint32_t atomicstatus;  /* atomic: _G* */
  uint32_t waitreason;    /* waitReason; written by the G before parking (owner) */
  struct g *schedlink;    /* run queue / free list link: owned by whoever holds the queue */
  void (*startfn)(void *);/* entry; written by newproc1 before publishing */
  void *startarg;
  struct m *lockedm;      /* owner: the M this G is wired to (lockOSThread) */
  uint32_t lockedcount;   /* owner: lockOSThread nesting */
  struct g *alllink;      /* allglock: next in allgs */
  int64_t gopc;           /* reserved for tracebacks (creator's goid) */
  void *tsan_fiber;       /* TSan builds: this G's fiber (made in malg, lives as long as the G) */
  void *asan_fake_stack;  /* ASan builds: saved fake stack while switched out */
  struct timer *timer;    /* owner: time.Sleep's timer (runtime/time.c), made on the G's first
                             sleep and kept for the G's life (Gs are never freed) */
} g;

/* An OS thread. Ms are never freed (an idle M parks on its note). */
typedef struct m {
  struct g *g0;          /* 0: the scheduling stack's G; immutable after mcommoninit */
  struct g *curg;        /* 8: owner: the user G running on this M (NULL on g0 between Gs) */
  int64_t id;            /* immutable after mcommoninit */
  struct p *p;           /* owner: the attached P (NULL if none) */
  struct p *nextp;       /* set by startm before waking the M; read by the M after notesleep */
  struct p *oldp;        /* owner: the P held before entersyscall */
  bool spinning;         /* owner: looking for work (counted in sched.nmspinning) */
  bool blocked;          /* sched.lock: parked on park */
  uint32_t locks;        /* owner: > 0 forbids preemption (runtime code holding locks) */
  int32_t mallocing;     /* owner */
  uint32_t fastrand[2];  /* owner: per-M random state */
  note park;             /* the note an idle M sleeps on (stopm) */
  struct m *schedlink;   /* sched.lock: idle M list */
  struct m *alllink;     /* atomic push: allm list */
  struct g *lockedg;     /* owner: the G wired to this M */
  uint32_t lockedExt;    /* owner: lockOSThread nesting (external) */
  void (*mstartfn)(void);/* run first by mstart1 (sysmon, mspinning) */
  uint64_t procid;       /* atomic (relaxed): the kernel thread id, set by minit */
  uint64_t syscalltick;  /* owner */
  bool (*waitunlockf)(struct g *, void *); /* owner: gopark's unlock function, for park_m */
  void *waitlock;        /* owner: its argument */
  bool isextra;          /* reserved for library mode */
} m;

/* P status. */
enum {
  _Pidle = 0,    /* on the idle list or in transit; no M */
  _Prunning = 1, /* owned by an M running user code or the scheduler */
  _Psyscall = 2, /* its M is in a syscall; sysmon may retake it (CAS) */
  _Pgcstop = 3,  /* stopped for stop-the-world; owned by the STW initiator */
  _Pdead = 4,    /* no longer used (GOMAXPROCS shrank) */
};

#define RUNQ_SIZE 256

typedef struct gList {
  struct g *head;
  int32_t n;
} gList;

typedef struct gQueue {
  struct g *head;
  struct g *tail;
} gQueue;

/* Sysmon's view of a P: owned by sysmon only. */
typedef struct sysmontick {
  uint32_t schedtick;
  int64_t schedwhen;
  uint32_t syscalltick;
  int64_t syscallwhen;
} sysmontick;

/* A processor: the right to run Go code, with its local run queue and caches. */
typedef struct p {
  int32_t id;             /* immutable */
  uint32_t status;        /* atomic: _P* (transitions documented in proc.c) */
  struct p *link;         /* sched.lock: idle P list */
  uint32_t schedtick;     /* atomic (written by owner, read by sysmon): incremented per schedule */
  uint32_t syscalltick;   /* atomic (owner writes, sysmon reads): incremented per syscall */
  sysmontick sysmontick;  /* sysmon only */
  struct m *m;            /* owner: back-link to the M (NULL when idle or in syscall) */

  /* goid cache: a batch of GoidCacheBatch ids taken from sched.goidgen (owner). */
  uint64_t goidcache;
  uint64_t goidcacheend;

  /* Local run queue: owner pushes at tail, anyone pops at head (CAS). Slots are accessed with
   * relaxed atomics: a thief may read a slot the owner is rewriting and then fail its CAS. */
  uint32_t runqhead;      /* atomic */
  uint32_t runqtail;      /* atomic; written only by the owner */
  struct g *runq[RUNQ_SIZE];
  struct g *runnext;      /* atomic: a G readied by the running G, run next (inherits the slice) */

  gList gFree;            /* owner: dead Gs with stacks */

  /* per-P stack cache (stack.c), owner */
  void *stackcache[32];
  int32_t nstackcache;

  /* allocation statistics (malloc.c): owner writes relaxed atomics, anyone may read */
  uint64_t mallocs;
  uint64_t mallocbytes;

  /* The P's allocation cache (mcache.c, runtime/mheap.h): made with the P (newp), never freed;
   * owner. Emptied into the mcentrals when the P dies (pdestroy) and, world stopped, by the
   * collector (mcache_flushall). */
  struct mcache *mcache;

  /* timers (runtime/time.c): a 4-ary min-heap keyed by timer.when. timersLock is a leaf lock
   * guarding timers, ntimers, captimers and the heap position of every timer in it; anyone may
   * take it (idle Ps' timers are run by other Ms). */
  mutex timersLock;
  struct timer **timers;  /* timersLock: the heap (C allocator memory) */
  int32_t ntimers;        /* timersLock */
  int32_t captimers;      /* timersLock */
  int64_t timer0When;     /* atomic (stored under timersLock): timers[0]->when, 0 if no timer */
} p;

/* The global scheduler state. */
typedef struct schedt {
  uint64_t goidgen;       /* atomic: the last goid handed out in a batch */
  int64_t lastpoll;       /* reserved (netpoller) */

  mutex lock;             /* guards the fields marked sched.lock */

  struct m *midle;        /* sched.lock: idle Ms */
  int32_t nmidle;         /* sched.lock */
  int32_t nmidlelocked;   /* sched.lock: Ms parked with a locked G waiting to run */
  int64_t mnext;          /* sched.lock: the next M id; also the count of Ms made */
  int32_t maxmcount;      /* sched.lock */
  int32_t nmsys;          /* sched.lock: system Ms (sysmon) not counted for deadlock */
  int64_t nmfreed;        /* always 0: Ms are never freed */

  struct p *pidle;        /* sched.lock: idle Ps */
  uint32_t npidle;        /* atomic (written under sched.lock) */
  uint32_t nmspinning;    /* atomic */

  gQueue runq;            /* sched.lock: global run queue */
  int32_t runqsize;       /* written under sched.lock with relaxed atomic stores; lock-free
                             readers use it as a hint ("is there global work?") */

  mutex gFreelock;        /* guards gFree */
  gList gFree;            /* gFreelock: dead Gs overflowing the Ps' lists */

  /* stop-the-world (GOMAXPROCS) */
  uint32_t gcwaiting;     /* atomic: a stop-the-world is pending */
  int32_t stopwait;       /* sched.lock: Ps still to stop */
  note stopnote;          /* the STW initiator sleeps on it */
  uint32_t sysmonwait;    /* atomic (written under sched.lock): sysmon sleeps on sysmonnote */
  note sysmonnote;

  int64_t totaltime;      /* reserved */
  uint32_t mainStarted;   /* atomic: runtime_main has begun; newproc may start Ms */
  int64_t pollUntil;      /* atomic: the timer deadline an idle M sleeps until (findrunnable,
                             runtime/time.c), 0 if no M sleeps with a timeout */
} schedt;

#endif

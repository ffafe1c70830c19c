/* Semaphores for goroutines (Go's runtime/sema.go) and the sync primitives built on them (the C
 * halves of Go's sync.Mutex, RWMutex, WaitGroup and Cond's notify list), operating on the Go memory
 * layout of those structs so the stdlib can declare them in Go source and implement the methods as
 * natives that call these functions.
 *
 * A semaphore is a uint32 counter in Go memory. semacquire waits until it is > 0 and decrements
 * it; semrelease increments it and wakes one waiter. Waiters are goroutines (gopark, wait reason
 * "semacquire" / "sync.Cond.Wait"), never OS threads, so checkdead sees them. Waiters are kept in a
 * fixed table of 251 buckets hashed by address, each with its own lock and a FIFO list per distinct
 * address (Go's semaRoot, with a list of addresses instead of a treap).
 *
 * Lock order: a bucket lock and a notify list's lock are leaves (goready is called after releasing
 * them); they are never held together with a channel lock or with each other.
 *
 * Failures: Go's fatal errors ("sync: unlock of unlocked mutex", "sync: RUnlock of unlocked
 * RWMutex", "sync: Unlock of unlocked RWMutex") are throw()s here, which print "fatal error: ..."
 * and exit 2 like Go's fatal(). WaitGroup's misuse errors are Go panics with a string value: those
 * functions return the message and the VM raises panic(msg) (vm_panic_value with a string eface).
 */
#ifndef GOL_RUNTIME_SEMA_H
#define GOL_RUNTIME_SEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/runtime.h"

/* ---- semaphores ---------------------------------------------------------------------------------- */

void semacquire(uint32_t *addr);
/* lifo: queue at the head of addr's waiters (a waiter that already waited, as sync.Mutex does). */
void semacquire1(uint32_t *addr, bool lifo, waitReason reason);
void semrelease(uint32_t *addr);
/* handoff: give the count directly to the first waiter and yield to it (mutex starvation mode). */
void semrelease1(uint32_t *addr, bool handoff);

/* ---- sync.Mutex: Go's layout {state int32; sema uint32} (8 bytes, zero value unlocked) ---------- */
typedef struct GoMutex {
  int32_t state; /* atomic: mutexLocked | mutexWoken | mutexStarving | waiters << 3 */
  uint32_t sema;
} GoMutex;

void sync_Mutex_Lock(GoMutex *m);
bool sync_Mutex_TryLock(GoMutex *m);
void sync_Mutex_Unlock(GoMutex *m); /* throws "sync: unlock of unlocked mutex" */

/* ---- sync.RWMutex: Go 1.19's layout (24 bytes) ------------------------------------------------ */
typedef struct GoRWMutex {
  GoMutex w;           /* held by a writer, or by a writer waiting for readers to leave */
  uint32_t writerSem;  /* a writer waits here for departing readers */
  uint32_t readerSem;  /* readers wait here for the writer */
  int32_t readerCount; /* atomic: readers holding or waiting; minus 1<<30 while a writer is pending */
  int32_t readerWait;  /* atomic: readers the pending writer still waits for */
} GoRWMutex;

void sync_RWMutex_RLock(GoRWMutex *rw);
bool sync_RWMutex_TryRLock(GoRWMutex *rw);
void sync_RWMutex_RUnlock(GoRWMutex *rw); /* throws "sync: RUnlock of unlocked RWMutex" */
void sync_RWMutex_Lock(GoRWMutex *rw);
bool sync_RWMutex_TryLock(GoRWMutex *rw);
void sync_RWMutex_Unlock(GoRWMutex *rw);  /* throws "sync: Unlock of unlocked RWMutex" */

/* ---- sync.WaitGroup: {noCopy (0 bytes); state uint64; sema uint32} (16 bytes; Go 1.20's shape)
 * state: high 32 bits the counter, low 32 bits the number of waiters. */
typedef struct GoWaitGroup {
  uint64_t state; /* atomic */
  uint32_t sema;
} GoWaitGroup;

/* Return NULL, or the panic message ("sync: negative WaitGroup counter", "sync: WaitGroup misuse:
 * Add called concurrently with Wait", "sync: WaitGroup is reused before previous Wait has
 * returned"): the VM panics with that string as the value. Done is Add(-1). */
const char *sync_WaitGroup_Add(GoWaitGroup *wg, int64_t delta);
const char *sync_WaitGroup_Wait(GoWaitGroup *wg);

/* ---- notify lists (sync.Cond): Go's runtime notifyList layout (32 bytes, zero value ready) -------
 * sync.Cond is {noCopy; L Locker; notify notifyList; checker uintptr}. Cond.Wait is
 *     t := notifyListAdd(&c.notify); c.L.Unlock(); notifyListWait(&c.notify, t); c.L.Lock()
 * (the L calls are interface calls the VM makes), Signal is notifyListNotifyOne, Broadcast
 * notifyListNotifyAll. */
struct sudog;
typedef struct notifyList {
  uint32_t wait;   /* atomic: the next ticket to hand out */
  uint32_t notify; /* atomic (written under lock): the next ticket to notify */
  mutex lock;      /* guards head, tail */
  uint32_t pad_;
  struct sudog *head; /* waiters, ticket order not guaranteed (linked through next) */
  struct sudog *tail;
} notifyList;

uint32_t notifyListAdd(notifyList *l);
void notifyListWait(notifyList *l, uint32_t t);
void notifyListNotifyAll(notifyList *l);
void notifyListNotifyOne(notifyList *l);

#endif

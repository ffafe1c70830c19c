/* Natives of package sync (stdlib/sync.gol): thin bridges to the C cores in runtime/sema.h, which
 * operate directly on the Go structs (their layouts are declared identically in sync.gol). The
 * blocking ones park the calling goroutine; none holds a lock across a park. */
#include <stdint.h>
#include "runtime/sema.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"

/* A nil receiver faults in Go (the methods dereference it). */
static bool nonnil(VMThread *th, const void *p) {
  if (p) return true;
  vm_panic_runtime(th, "invalid memory address or nil pointer dereference");
  return false;
}

#define PTR(T, s) ((T *)(uintptr_t)(s))

static void Mutex_Lock(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(GoMutex, a[0]))) sync_Mutex_Lock(PTR(GoMutex, a[0]));
}
static void Mutex_TryLock(VMThread *th, Slot *a, Slot *r) {
  if (nonnil(th, PTR(GoMutex, a[0]))) ret_bool(r, sync_Mutex_TryLock(PTR(GoMutex, a[0])));
}
static void Mutex_Unlock(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(GoMutex, a[0]))) sync_Mutex_Unlock(PTR(GoMutex, a[0]));
}

static void RWMutex_RLock(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(GoRWMutex, a[0]))) sync_RWMutex_RLock(PTR(GoRWMutex, a[0]));
}
static void RWMutex_TryRLock(VMThread *th, Slot *a, Slot *r) {
  if (nonnil(th, PTR(GoRWMutex, a[0]))) ret_bool(r, sync_RWMutex_TryRLock(PTR(GoRWMutex, a[0])));
}
static void RWMutex_RUnlock(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(GoRWMutex, a[0]))) sync_RWMutex_RUnlock(PTR(GoRWMutex, a[0]));
}
static void RWMutex_Lock(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(GoRWMutex, a[0]))) sync_RWMutex_Lock(PTR(GoRWMutex, a[0]));
}
static void RWMutex_TryLock(VMThread *th, Slot *a, Slot *r) {
  if (nonnil(th, PTR(GoRWMutex, a[0]))) ret_bool(r, sync_RWMutex_TryLock(PTR(GoRWMutex, a[0])));
}
static void RWMutex_Unlock(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(GoRWMutex, a[0]))) sync_RWMutex_Unlock(PTR(GoRWMutex, a[0]));
}

static void WaitGroup_Add(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (!nonnil(th, PTR(GoWaitGroup, a[0]))) return;
  const char *msg = sync_WaitGroup_Add(PTR(GoWaitGroup, a[0]), (int64_t)a[1]);
  if (msg) stdlib_panic_string(th, msg);
}
static void WaitGroup_Wait(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (!nonnil(th, PTR(GoWaitGroup, a[0]))) return;
  const char *msg = sync_WaitGroup_Wait(PTR(GoWaitGroup, a[0]));
  if (msg) stdlib_panic_string(th, msg);
}

static void loadUint32(VMThread *th, Slot *a, Slot *r) {
  if (nonnil(th, PTR(uint32_t, a[0]))) r[0] = __atomic_load_n(PTR(uint32_t, a[0]), __ATOMIC_SEQ_CST);
}
static void storeUint32(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(uint32_t, a[0]))) __atomic_store_n(PTR(uint32_t, a[0]), (uint32_t)a[1], __ATOMIC_SEQ_CST);
}

static void nl_Add(VMThread *th, Slot *a, Slot *r) {
  if (nonnil(th, PTR(notifyList, a[0]))) r[0] = notifyListAdd(PTR(notifyList, a[0]));
}
static void nl_Wait(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(notifyList, a[0]))) notifyListWait(PTR(notifyList, a[0]), (uint32_t)a[1]);
}
static void nl_NotifyOne(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(notifyList, a[0]))) notifyListNotifyOne(PTR(notifyList, a[0]));
}
static void nl_NotifyAll(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  if (nonnil(th, PTR(notifyList, a[0]))) notifyListNotifyAll(PTR(notifyList, a[0]));
}

_Static_assert(sizeof(GoMutex) == 8, "sync.Mutex layout");
_Static_assert(sizeof(GoRWMutex) == 24, "sync.RWMutex layout");
_Static_assert(sizeof(GoWaitGroup) == 16, "sync.WaitGroup layout");
_Static_assert(sizeof(notifyList) == 32, "sync.notifyList layout");

const StdNative stdlib_sync_natives[] = {
    {"Mutex.Lock", Mutex_Lock},
    {"Mutex.TryLock", Mutex_TryLock},
    {"Mutex.Unlock", Mutex_Unlock},
    {"RWMutex.RLock", RWMutex_RLock},
    {"RWMutex.TryRLock", RWMutex_TryRLock},
    {"RWMutex.RUnlock", RWMutex_RUnlock},
    {"RWMutex.Lock", RWMutex_Lock},
    {"RWMutex.TryLock", RWMutex_TryLock},
    {"RWMutex.Unlock", RWMutex_Unlock},
    {"WaitGroup.Add", WaitGroup_Add},
    {"WaitGroup.Wait", WaitGroup_Wait},
    {"loadUint32", loadUint32},
    {"storeUint32", storeUint32},
    {"notifyListAdd", nl_Add},
    {"notifyListWait", nl_Wait},
    {"notifyListNotifyOne", nl_NotifyOne},
    {"notifyListNotifyAll", nl_NotifyAll},
    {NULL, NULL},
};

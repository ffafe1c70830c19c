/* Natives of package sync/atomic (stdlib/sync_atomic.gol): __atomic builtins on the pointed-to
 * memory (sequentially consistent, as Go's atomics), and atomic.Value. A nil address faults as in
 * Go (a nil-dereference run-time error). */
#include <stdint.h>
#include <stdio.h>
#include "lang/types.h"
#include "runtime/runtime.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"
#include "vm/frame.h"

static bool nonnil(VMThread *th, const void *p) {
  if (p) return true;
  vm_panic_runtime(th, "invalid memory address or nil pointer dereference");
  return false;
}

static void AddInt32(VMThread *th, Slot *a, Slot *r) {
  int32_t *p = (int32_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(int64_t)(int32_t)__atomic_add_fetch(p, (int32_t)a[1], __ATOMIC_SEQ_CST);
}
static void LoadInt32(VMThread *th, Slot *a, Slot *r) {
  int32_t *p = (int32_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(int64_t)(int32_t)__atomic_load_n(p, __ATOMIC_SEQ_CST);
}
static void StoreInt32(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  int32_t *p = (int32_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) __atomic_store_n(p, (int32_t)a[1], __ATOMIC_SEQ_CST);
}
static void SwapInt32(VMThread *th, Slot *a, Slot *r) {
  int32_t *p = (int32_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(int64_t)(int32_t)__atomic_exchange_n(p, (int32_t)a[1], __ATOMIC_SEQ_CST);
}
static void CompareAndSwapInt32(VMThread *th, Slot *a, Slot *r) {
  int32_t *p = (int32_t *)(uintptr_t)a[0];
  int32_t old = (int32_t)a[1];
  if (nonnil(th, p))
    r[0] = __atomic_compare_exchange_n(p, &old, (int32_t)a[2], false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static void AddInt64(VMThread *th, Slot *a, Slot *r) {
  int64_t *p = (int64_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(int64_t)__atomic_add_fetch(p, (int64_t)a[1], __ATOMIC_SEQ_CST);
}
static void LoadInt64(VMThread *th, Slot *a, Slot *r) {
  int64_t *p = (int64_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(int64_t)__atomic_load_n(p, __ATOMIC_SEQ_CST);
}
static void StoreInt64(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  int64_t *p = (int64_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) __atomic_store_n(p, (int64_t)a[1], __ATOMIC_SEQ_CST);
}
static void SwapInt64(VMThread *th, Slot *a, Slot *r) {
  int64_t *p = (int64_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(int64_t)__atomic_exchange_n(p, (int64_t)a[1], __ATOMIC_SEQ_CST);
}
static void CompareAndSwapInt64(VMThread *th, Slot *a, Slot *r) {
  int64_t *p = (int64_t *)(uintptr_t)a[0];
  int64_t old = (int64_t)a[1];
  if (nonnil(th, p))
    r[0] = __atomic_compare_exchange_n(p, &old, (int64_t)a[2], false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static void AddUint32(VMThread *th, Slot *a, Slot *r) {
  uint32_t *p = (uint32_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)(uint32_t)__atomic_add_fetch(p, (uint32_t)a[1], __ATOMIC_SEQ_CST);
}
static void LoadUint32(VMThread *th, Slot *a, Slot *r) {
  uint32_t *p = (uint32_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)(uint32_t)__atomic_load_n(p, __ATOMIC_SEQ_CST);
}
static void StoreUint32(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  uint32_t *p = (uint32_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) __atomic_store_n(p, (uint32_t)a[1], __ATOMIC_SEQ_CST);
}
static void SwapUint32(VMThread *th, Slot *a, Slot *r) {
  uint32_t *p = (uint32_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)(uint32_t)__atomic_exchange_n(p, (uint32_t)a[1], __ATOMIC_SEQ_CST);
}
static void CompareAndSwapUint32(VMThread *th, Slot *a, Slot *r) {
  uint32_t *p = (uint32_t *)(uintptr_t)a[0];
  uint32_t old = (uint32_t)a[1];
  if (nonnil(th, p))
    r[0] = __atomic_compare_exchange_n(p, &old, (uint32_t)a[2], false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static void AddUint64(VMThread *th, Slot *a, Slot *r) {
  uint64_t *p = (uint64_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)__atomic_add_fetch(p, (uint64_t)a[1], __ATOMIC_SEQ_CST);
}
static void LoadUint64(VMThread *th, Slot *a, Slot *r) {
  uint64_t *p = (uint64_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)__atomic_load_n(p, __ATOMIC_SEQ_CST);
}
static void StoreUint64(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  uint64_t *p = (uint64_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) __atomic_store_n(p, (uint64_t)a[1], __ATOMIC_SEQ_CST);
}
static void SwapUint64(VMThread *th, Slot *a, Slot *r) {
  uint64_t *p = (uint64_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)__atomic_exchange_n(p, (uint64_t)a[1], __ATOMIC_SEQ_CST);
}
static void CompareAndSwapUint64(VMThread *th, Slot *a, Slot *r) {
  uint64_t *p = (uint64_t *)(uintptr_t)a[0];
  uint64_t old = (uint64_t)a[1];
  if (nonnil(th, p))
    r[0] = __atomic_compare_exchange_n(p, &old, (uint64_t)a[2], false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static void AddUintptr(VMThread *th, Slot *a, Slot *r) {
  uintptr_t *p = (uintptr_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)__atomic_add_fetch(p, (uintptr_t)a[1], __ATOMIC_SEQ_CST);
}
static void LoadUintptr(VMThread *th, Slot *a, Slot *r) {
  uintptr_t *p = (uintptr_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)__atomic_load_n(p, __ATOMIC_SEQ_CST);
}
static void StoreUintptr(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  uintptr_t *p = (uintptr_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) __atomic_store_n(p, (uintptr_t)a[1], __ATOMIC_SEQ_CST);
}
static void SwapUintptr(VMThread *th, Slot *a, Slot *r) {
  uintptr_t *p = (uintptr_t *)(uintptr_t)a[0];
  if (nonnil(th, p)) r[0] = (Slot)(uint64_t)__atomic_exchange_n(p, (uintptr_t)a[1], __ATOMIC_SEQ_CST);
}
static void CompareAndSwapUintptr(VMThread *th, Slot *a, Slot *r) {
  uintptr_t *p = (uintptr_t *)(uintptr_t)a[0];
  uintptr_t old = (uintptr_t)a[1];
  if (nonnil(th, p))
    r[0] = __atomic_compare_exchange_n(p, &old, (uintptr_t)a[2], false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* ---- Value: {typ, data} words guarded by one process-wide runtime lock (a leaf; held for a few
 * instructions, never across a park or an allocation) so readers never see a torn interface. */
static struct mutex value_lock;

static GoEface value_get(const GoEface *v) {
  runtime_lock(&value_lock);
  GoEface e = *v;
  runtime_unlock(&value_lock);
  return e;
}

static void ret_eface(Slot *r, GoEface e) {
  r[0] = (Slot)(uintptr_t)e.type;
  r[1] = (Slot)(uintptr_t)e.data;
}

static void Value_Load(VMThread *th, Slot *a, Slot *r) {
  GoEface *v = (GoEface *)(uintptr_t)a[0];
  if (nonnil(th, v)) ret_eface(r, value_get(v));
}

/* Store (old == NULL) or Swap (old != NULL): returns NULL or Go's panic message. */
static const char *value_put(GoEface *v, GoEface val, GoEface *old, const char *what) {
  static char msg[2][96];
  if (!val.type) {
    snprintf(msg[0], sizeof msg[0], "sync/atomic: %s of nil value into Value", what);
    return msg[0];
  }
  runtime_lock(&value_lock);
  GoEface cur = *v;
  if (cur.type && cur.type != val.type) {
    runtime_unlock(&value_lock);
    snprintf(msg[1], sizeof msg[1], "sync/atomic: %s of inconsistently typed value into Value", what);
    return msg[1];
  }
  *v = val;
  runtime_unlock(&value_lock);
  if (old) *old = cur;
  return NULL;
}

static void Value_Store(VMThread *th, Slot *a, Slot *r) {
  (void)r;
  GoEface *v = (GoEface *)(uintptr_t)a[0];
  if (!nonnil(th, v)) return;
  const char *m = value_put(v, arg_eface(a + 1), NULL, "store");
  if (m) stdlib_panic_string(th, m);
}

static void Value_Swap(VMThread *th, Slot *a, Slot *r) {
  GoEface *v = (GoEface *)(uintptr_t)a[0];
  if (!nonnil(th, v)) return;
  GoEface old = {NULL, NULL};
  const char *m = value_put(v, arg_eface(a + 1), &old, "swap");
  if (m) stdlib_panic_string(th, m);
  else ret_eface(r, old);
}

static void Value_CompareAndSwap(VMThread *th, Slot *a, Slot *r) {
  GoEface *v = (GoEface *)(uintptr_t)a[0];
  GoEface old = arg_eface(a + 1), nw = arg_eface(a + 3);
  if (!nonnil(th, v)) return;
  if (!nw.type) {
    stdlib_panic_string(th, "sync/atomic: compare and swap of nil value into Value");
    return;
  }
  if (old.type && nw.type != old.type) {
    stdlib_panic_string(th, "sync/atomic: compare and swap of inconsistently typed values");
    return;
  }
  for (;;) {
    GoEface cur = value_get(v);
    if (!cur.type) {
      if (old.type) return; /* false */
      runtime_lock(&value_lock);
      bool won = v->type == NULL;
      if (won) *v = nw;
      runtime_unlock(&value_lock);
      if (won) {
        r[0] = 1;
        return;
      }
      continue;
    }
    if (cur.type != nw.type) {
      stdlib_panic_string(th, "sync/atomic: compare and swap of inconsistently typed value into Value");
      return;
    }
    /* i != old, outside the lock (it may panic for an uncomparable dynamic type) */
    const Type *bad = NULL;
    bool eq = vm_efaceeq(cur, old, &bad);
    if (bad) {
      vm_panic_runtime(th, "comparing uncomparable type %s", vm_typestr(bad));
      return;
    }
    if (!eq) return;
    runtime_lock(&value_lock);
    bool won = v->type == cur.type && v->data == cur.data;
    if (won) *v = nw;
    runtime_unlock(&value_lock);
    if (won) {
      r[0] = 1;
      return;
    }
  }
}

const StdNative stdlib_sync_atomic_natives[] = {
    {"AddInt32", AddInt32},
    {"LoadInt32", LoadInt32},
    {"StoreInt32", StoreInt32},
    {"SwapInt32", SwapInt32},
    {"CompareAndSwapInt32", CompareAndSwapInt32},
    {"AddInt64", AddInt64},
    {"LoadInt64", LoadInt64},
    {"StoreInt64", StoreInt64},
    {"SwapInt64", SwapInt64},
    {"CompareAndSwapInt64", CompareAndSwapInt64},
    {"AddUint32", AddUint32},
    {"LoadUint32", LoadUint32},
    {"StoreUint32", StoreUint32},
    {"SwapUint32", SwapUint32},
    {"CompareAndSwapUint32", CompareAndSwapUint32},
    {"AddUint64", AddUint64},
    {"LoadUint64", LoadUint64},
    {"StoreUint64", StoreUint64},
    {"SwapUint64", SwapUint64},
    {"CompareAndSwapUint64", CompareAndSwapUint64},
    {"AddUintptr", AddUintptr},
    {"LoadUintptr", LoadUintptr},
    {"StoreUintptr", StoreUintptr},
    {"SwapUintptr", SwapUintptr},
    {"CompareAndSwapUintptr", CompareAndSwapUintptr},
    {"Value.Load", Value_Load},
    {"Value.Store", Value_Store},
    {"Value.Swap", Value_Swap},
    {"Value.CompareAndSwap", Value_CompareAndSwap},
    {NULL, NULL},
};

/* Channel operations and select for the VM: registers <-> the runtime's element buffers
 * (vm/vm_chan.h states the buffer contract), Go's panics for channel misuse, and Go's compiler
 * lowering of small selects (walk/select.go): a one-case select is a plain send or receive, a
 * one-case select with default a non-blocking one, so wait reasons in tracebacks are Go's. */
#include "vm/vm_chan.h"

#include <stdlib.h>
#include <string.h>

#include "lang/types.h"
#include "runtime/chan.h"
#include "runtime/mgc.h"
#include "runtime/runtime.h"
#include "vm/frame.h"
#include "vm/object.h"

/* Scratch memory of at least n bytes, 8-byte aligned, owned by th's goroutine. The previous
 * contents are not kept: every operation fills it before use and is done with it on return.
 * Heap memory (vm_alloc), so it does not move while the goroutine is parked. */
static void *scratch(VMThread *th, size_t n) {
  if (n > th->chanbufsize || !th->chanbuf) {
    size_t m = th->chanbufsize ? th->chanbufsize : 64;
    while (m < n) m *= 2;
    /* every word scanned: a value sent to a parked receiver waits here (written by the sender's
     * M) until the receiver copies it out, and may be the only copy by then */
    th->chanbuf = vm_alloc(m, &gc_ptrwords_type);
    th->chanbufsize = m;
  }
  return th->chanbuf;
}

static inline size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Registers to memory: the first t->size bytes of a value's slots are its memory layout
 * (vm/value.h: narrow integers and float32 in the low bytes, aggregates in memory layout). */
static inline void regs_to_mem(void *dst, const Slot *src, const Type *t) {
  if (t->size) memcpy(dst, src, (size_t)t->size);
}

/* Memory to registers, re-widening narrow integers as registers require. */
static void mem_to_regs(Slot *dst, const void *src, const Type *t) {
  if (t->nslots) memset(dst, 0, (size_t)t->nslots * sizeof(Slot));
  if (t->size) memcpy(dst, src, (size_t)t->size);
  switch (t->kind) {
  case K_INT8: dst[0] = (Slot)(int64_t)(int8_t)dst[0]; break;
  case K_INT16: dst[0] = (Slot)(int64_t)(int16_t)dst[0]; break;
  case K_INT32: dst[0] = (Slot)(int64_t)(int32_t)dst[0]; break;
  default: break;
  }
}

static bool chan_fail(VMThread *th, chanerr err) {
  if (err == CHAN_OK) return true;
  vm_panic_plain(th, chanerr_string(err));
  return false;
}

bool vm_chan_make(VMThread *th, const Type *elem, int64_t size, Slot *out) {
  hchan *c = NULL;
  if (!chan_fail(th, makechan(elem, size, &c))) return false;
  *out = (Slot)(uintptr_t)c;
  return true;
}

bool vm_chan_send(VMThread *th, void *c, const Type *elem, const Slot *val) {
  void *buf = scratch(th, (size_t)elem->size);
  regs_to_mem(buf, val, elem);
  bool sent;
  return chan_fail(th, chansend(c, buf, true, &sent));
}

void vm_chan_recv(VMThread *th, void *c, const Type *elem, size_t dst, unsigned flags) {
  bool discard = (flags & VM_RECV_DISCARD) != 0;
  void *buf = discard ? NULL : scratch(th, (size_t)elem->size);
  bool ok = false;
  chanrecv(c, buf, true, &ok);
  /* the goroutine may have parked: address the registers only now */
  Slot *r = th->stack + dst;
  if (!discard) mem_to_regs(r, buf, elem);
  if (flags & VM_RECV_OK) r[discard ? 0 : elem->nslots] = ok;
}

bool vm_chan_close(VMThread *th, void *c) { return chan_fail(th, closechan(c)); }

bool vm_chan_select(VMThread *th, const VmSelectDesc *d, size_t base, size_t dst) {
  int n = d->ncases;
  /* scratch layout: the scase array, then one 8-aligned element buffer per case */
  size_t need = align8((size_t)n * sizeof(scase));
  for (int i = 0; i < n; i++) need += align8((size_t)d->cases[i].elem->size);
  uint8_t *mem = scratch(th, need ? need : 8);
  scase *cases = (scase *)mem;
  size_t off = align8((size_t)n * sizeof(scase));
  const Slot *R = th->stack + base;
  for (int i = 0; i < n; i++) {
    const VmSelectCase *sc = &d->cases[i];
    cases[i].c = (hchan *)(uintptr_t)R[sc->chanreg];
    cases[i].send = sc->send;
    cases[i].elem = mem + off;
    if (sc->send) regs_to_mem(cases[i].elem, R + sc->valreg, sc->elem);
    else if (sc->discard) cases[i].elem = NULL;
    off += align8((size_t)sc->elem->size);
  }
  int chosen;
  bool recvOK = false;
  chanerr err = CHAN_OK;
  if (n == 1) {
    /* Go's compiler: a plain (block) or non-blocking (default) send or receive */
    if (cases[0].send) {
      bool sent = false;
      err = chansend(cases[0].c, cases[0].elem, d->block, &sent);
      chosen = sent || err != CHAN_OK ? 0 : -1;
    } else {
      chosen = chanrecv(cases[0].c, cases[0].elem, d->block, &recvOK) ? 0 : -1;
    }
  } else {
    chosen = selectgo(cases, n, d->block, &recvOK, &err);
  }
  Slot *W = th->stack; /* re-read after a possible park */
  W[dst] = (Slot)(int64_t)chosen;
  W[dst + 1] = recvOK;
  if (chosen >= 0) {
    const VmSelectCase *sc = &d->cases[chosen];
    if (!sc->send && !sc->discard) mem_to_regs(W + base + sc->valreg, cases[chosen].elem, sc->elem);
  }
  return chan_fail(th, err);
}

/* ---- close as a func value (defer close(c), go close(c)) ---- */

static void native_close(VMThread *th, Slot *args, Slot *res) {
  (void)res;
  vm_chan_close(th, (void *)(uintptr_t)args[0]);
}

static Proto close_proto = {
    .name = "runtime.closechan",
    .nparams = 1,
    .maxslots = 1,
    .recoverpc = -1,
    .native = native_close,
};

const Proto *vm_chan_close_proto(void) { return &close_proto; }

/* Channel operations, select and `go` support for the VM (vm_chan.c): the bridge between the
 * interpreter's registers and the runtime's channels (runtime/chan.h).
 *
 * Element buffers: the runtime reads and writes elements in their memory layout through pointers
 * that must stay valid while the goroutine is parked, so they never point into the register file
 * (it moves when the goroutine's stack grows). Every operation copies through per-goroutine
 * scratch memory (VMThread.chanbuf, heap memory owned by the goroutine): a send stores its
 * registers into scratch before calling the runtime, a receive lets the runtime fill scratch and
 * loads it into registers after the call returns, re-deriving the register pointer from the stack
 * then. A select gives each case its own region of scratch.
 *
 * Failures are Go panics raised on th (vm_panic_plain with the runtime's chanerr text); the
 * functions returning bool return false when they raised one. */
#ifndef GOL_VM_VM_CHAN_H
#define GOL_VM_VM_CHAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vm/native.h"
#include "vm/value.h"

struct Type;
struct Proto;

/* One case of a compiled select statement (SELECT's descriptor, a constant of the function).
 * Register numbers are relative to the frame's base. */
typedef struct VmSelectCase {
  const struct Type *elem; /* the channel's element type */
  uint16_t chanreg;        /* the channel (evaluated before the select, in source order) */
  uint16_t valreg;         /* send: the value to send; receive: where the received value goes */
  uint8_t send;            /* `case c <- v` */
  uint8_t discard;         /* receive whose value is not used (`case <-c`, `case _, ok = <-c`) */
} VmSelectCase;

typedef struct VmSelectDesc {
  int32_t ncases;          /* cases without the default; 0 with block is `select {}` */
  bool block;              /* no default clause */
  VmSelectCase cases[];
} VmSelectDesc;

/* CHANRECV flags (its C operand). */
enum {
  VM_RECV_OK = 1,      /* also store `ok` at R[A + elem->nslots] */
  VM_RECV_DISCARD = 2, /* `<-c` as a statement: no value is stored (ok still is with VM_RECV_OK) */
};

/* make(chan elem, size): *out = the channel. A size that does not fit int64 arrives negative. */
bool vm_chan_make(VMThread *th, const struct Type *elem, int64_t size, Slot *out);
/* c <- R[val..]: may park. */
bool vm_chan_send(VMThread *th, void *c, const struct Type *elem, const Slot *val);
/* R[dst..] = <-c as flags say; dst is an absolute stack slot index (the stack may be re-read). */
void vm_chan_recv(VMThread *th, void *c, const struct Type *elem, size_t dst, unsigned flags);
bool vm_chan_close(VMThread *th, void *c);
/* Runs a select: R[dst] = chosen case (-1: default), R[dst+1] = the receive's ok; the chosen
 * receive's value is loaded into its valreg. base is the frame's base slot. */
bool vm_chan_select(VMThread *th, const VmSelectDesc *d, size_t base, size_t dst);

/* A native func(c chan T) closing c: the callee of `defer close(c)` and `go close(c)`. */
const struct Proto *vm_chan_close_proto(void);

#endif

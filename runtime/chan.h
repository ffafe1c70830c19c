/* Channels and select: Go's runtime/chan.go and select.go in C.
 *
 * A channel is an hchan: a ring buffer of dataqsiz elements stored in their memory layout
 * (lang/types.h; elemsize = elemtype->size), the queues of goroutines blocked receiving (recvq)
 * and sending (sendq), each goroutine represented by a sudog, and one runtime mutex guarding it
 * all. Unbuffered channels and full/empty buffers hand elements directly from goroutine to
 * goroutine: a sender that finds a parked receiver copies straight into the receiver's
 * destination and readies it; a receiver that finds a parked sender on a full buffer takes the
 * head of the buffer and moves the sender's element into the freed slot (Go's recv rotation).
 *
 * ---- Lock order -------------------------------------------------------------------------------
 * A channel's lock is a leaf: nothing else is locked while holding it, and goready() is called
 * only after it is released. The one exception is select, which holds the locks of all its
 * channels at once, acquired in increasing hchan address order (each distinct channel once).
 * The semaphore table's bucket locks (sema.c) are leaves too and are never held together with a
 * channel lock.
 *
 * ---- Element buffers: the contract with the VM ------------------------------------------------
 * Every `elem`/`ep` pointer passed to these functions addresses one element in its memory layout
 * (not the VM's register layout: narrow integers are 1/2/4 bytes, etc.). The call may park the
 * goroutine, and while it is parked another goroutine, on another thread, reads or writes that
 * memory directly. So the pointer must stay valid and must not move until the call returns: it may
 * point to heap memory (vm_alloc) or to per-goroutine scratch memory the VM owns (e.g. a buffer
 * in the VMThread sized for the largest element seen), but never into a VM register file (register
 * files move when a goroutine's stack grows; vm/value.h). The runtime keeps no reference to it
 * after returning.
 *
 * ---- Failures -----------------------------------------------------------------------------------
 * The runtime does not raise Go panics itself (it has no VMThread). Functions that can fail return
 * a chanerr; the VM raises the panic with chanerr_string(err) as the message. Go's values are
 * runtime.Error "plainError"s whose Error() is exactly the message (no "runtime error: " prefix),
 * printed as "panic: send on closed channel" etc.; blocking forever on a nil channel or in an empty
 * select is not a failure (the goroutine parks; the scheduler's checkdead reports the deadlock).
 */
#ifndef GOL_RUNTIME_CHAN_H
#define GOL_RUNTIME_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/runtime.h"

struct Type;
typedef struct hchan hchan;
typedef struct sudog sudog;

typedef enum chanerr {
  CHAN_OK = 0,
  CHAN_ERR_MAKESIZE,    /* "makechan: size out of range" */
  CHAN_ERR_SENDCLOSED,  /* "send on closed channel" */
  CHAN_ERR_CLOSENIL,    /* "close of nil channel" */
  CHAN_ERR_CLOSECLOSED, /* "close of closed channel" */
} chanerr;

/* Go's panic message for err (a static string; "" for CHAN_OK). */
const char *chanerr_string(chanerr err);

/* ---- channels ----------------------------------------------------------------------------------- */

/* make(chan T, size): elemtype is T (its size and ptrmask lay out the buffer). Sets *out and
 * returns CHAN_OK, or returns CHAN_ERR_MAKESIZE when size < 0 or the buffer would exceed the
 * maximum allocation (Go's check; the VM must first convert a size that does not fit in int64 to
 * a negative value, or panic on its own as Go does for non-integer/out-of-range constants). Element
 * types larger than 64 KiB are rejected by Go's compiler; gol's checker should do the same. */
chanerr makechan(const struct Type *elemtype, int64_t size, hchan **out);

/* c <- *elem. block=false is the non-blocking form (select with default): returns whether the
 * value was sent in *sent. Blocking sends return with *sent = true or an error. Errors:
 * CHAN_ERR_SENDCLOSED (also when the channel is closed while the sender is parked). A nil c
 * blocks forever ("chan send (nil chan)"), or returns *sent = false when !block. */
chanerr chansend(hchan *c, const void *elem, bool block, bool *sent);

/* v, ok := <-c into *ep (ep may be NULL to discard the value). Returns whether the receive
 * happened ("selected": always true when block, false when !block and nothing was ready);
 * *received (may be NULL) is true when a value was sent, false when the channel is closed and
 * drained, in which case *ep is zeroed. A nil c blocks forever ("chan receive (nil chan)"), or
 * returns false when !block. Never fails. */
bool chanrecv(hchan *c, void *ep, bool block, bool *received);

/* close(c). Errors: CHAN_ERR_CLOSENIL, CHAN_ERR_CLOSECLOSED. Wakes every parked receiver (zero
 * value, ok=false) and every parked sender (whose chansend then returns CHAN_ERR_SENDCLOSED). */
chanerr closechan(hchan *c);

/* len(c), cap(c); 0 for a nil channel. chanlen is a racy snapshot, as in Go. */
int64_t chanlen(hchan *c);
int64_t chancap(hchan *c);
/* The element type given to makechan (NULL for nil). */
const struct Type *chanelemtype(hchan *c);

/* ---- select -------------------------------------------------------------------------------------- */

/* One case of a select statement. */
typedef struct scase {
  hchan *c;   /* the channel; NULL (a nil channel) makes the case never ready */
  void *elem; /* send: the value to send; receive: where the value goes (NULL discards it). See
                 the element buffer contract above: each case needs its own buffer. */
  bool send;  /* true: `case c <- v`; false: `case v, ok := <-c` */
} scase;

/* Runs a select over cases[0..ncases) in any mix of sends and receives (ncases <= 65536).
 * block=false means the select has a default clause.
 * Returns the index of the chosen case, or -1 when !block and no case was ready (run the default).
 * Among ready cases the choice is uniformly random. For a chosen receive, *recvOK (may be NULL) is
 * the `ok` of `v, ok := <-c` (false: closed channel, *elem zeroed). If the chosen case is a send
 * on a closed channel, returns its index with *err = CHAN_ERR_SENDCLOSED (panic); otherwise *err =
 * CHAN_OK. ncases == 0 with block is `select {}`: parks forever ("select (no cases)").
 * Go's compiler turns a one-case select into a plain send/receive and a one-case select with
 * default into chansend/chanrecv with block=false; doing the same keeps tracebacks' wait reasons
 * ("chan receive" rather than "select") identical to Go's. */
int selectgo(scase *cases, int ncases, bool block, bool *recvOK, chanerr *err);

/* ---- sudogs (runtime-internal: shared by chan.c, select.c, sema.c) ------------------------------
 * A sudog is a goroutine waiting on a channel or a semaphore. A goroutine can have several at once
 * (select: one per case). They come from a per-P cache backed by a global free list, never from
 * malloc per operation, and they are never freed (persistentalloc).
 *
 * Wake-up protocol: the waker removes the sudog from its queue under the queue's lock, stores the
 * result (success, the element copy) and wctx->param = the sudog, and then, after releasing the
 * lock, calls goready(sg->g). After goready the waker must not touch the sudog (the woken G
 * releases it). The waiting G reads its result only after it runs again. */
typedef struct waitctx {
  uint32_t selectDone; /* atomic: select only; the first waker CASes it 0 -> 1 and wins */
  sudog *param;        /* the sudog that woke the G (written by the waker before goready) */
} waitctx;

struct sudog {
  /* Guarded by the lock of the channel (or sema bucket) the sudog is queued on. */
  struct g *g;
  sudog *next, *prev;  /* wait queue links */
  void *elem;          /* the element buffer (chan), see the buffer contract; NULL once consumed */
  hchan *c;            /* the channel (chan), for select's dequeue after wake-up */
  bool isSelect;       /* part of a select: wakers must win wctx->selectDone first */
  bool success;        /* chan: true if woken by a value passed, false if woken by close */
  waitctx *wctx;       /* the waiting G's wake record (lives on its stack while it waits) */
  /* Owned by the waiting G. */
  sudog *waitlink;     /* select: the G's list of sudogs, in lock order */
  /* sema.c: guarded by the bucket lock. */
  uintptr_t addr;      /* the semaphore's address */
  uint32_t ticket;     /* sema: 1 if the semaphore was handed off directly to this waiter */
  sudog *waittail;     /* sema: head of an address's list: its last waiter */
  int64_t releasetime; /* reserved (block profiling) */
};

/* A zeroed sudog for the current G (from its P's cache). Must be called on a goroutine with a P. */
sudog *acquireSudog(void);
/* Returns s to the current P's cache; s must be off every queue. */
void releaseSudog(sudog *s);

/* ---- channel internals (runtime-internal: chan.c and select.c) ---------------------------------- */
typedef struct waitq {
  sudog *first; /* written under the channel lock with atomic stores; read atomically without it */
  sudog *last;  /* channel lock */
} waitq;

struct hchan {
  mutex lock;                   /* guards every field below except the immutable ones */
  int64_t qcount;               /* lock (atomic stores): elements in the buffer */
  int64_t dataqsiz;             /* immutable: buffer capacity */
  void *buf;                    /* immutable: dataqsiz elements (zerobase when 0 bytes) */
  int64_t elemsize;             /* immutable */
  uint32_t closed;              /* lock (atomic stores): 0 or 1, never reset */
  const struct Type *elemtype;  /* immutable */
  int64_t sendx;                /* lock: next buffer slot to fill */
  int64_t recvx;                /* lock: next buffer slot to take */
  waitq recvq;                  /* lock: parked receivers */
  waitq sendq;                  /* lock: parked senders */
};

/* Queue operations (c->lock held). chan_dequeue skips (and drops) select sudogs whose select
 * already completed; chan_dequeueSudoG removes one given sudog if still queued. */
void chan_enqueue(waitq *q, sudog *sgp);
sudog *chan_dequeue(waitq *q);
void chan_dequeueSudoG(waitq *q, sudog *sgp);
/* The four ways an operation completes without parking (c->lock held on entry). The _direct
 * ones run unlockf(ctx) (which must release c->lock, and for select every other channel's lock)
 * before readying sg's goroutine; bufput/bufget leave c->lock held. */
void chan_send_direct(hchan *c, sudog *sg, const void *ep, void (*unlockf)(void *), void *ctx);
void chan_recv_direct(hchan *c, sudog *sg, void *ep, void (*unlockf)(void *), void *ctx);
void chan_bufput(hchan *c, const void *ep);
void chan_bufget(hchan *c, void *ep);

#endif

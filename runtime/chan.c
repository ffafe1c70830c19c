/* Channels (Go's runtime/chan.go): see chan.h for the design, the lock order and the element
 * buffer contract. Also the sudog cache shared with select.c and sema.c.
 *
 * Invariants (c->lock held), ignoring select sudogs whose select already completed through another
 * case (they stay queued until their G removes them, and every dequeue skips and drops them):
 *   - At least one of sendq and recvq is empty, except for an unbuffered channel with a single
 *     goroutine blocked on it in select for both sending and receiving (its sudogs are then
 *     both queued, but the G can only be woken once: selectDone).
 *   - For buffered channels: qcount > 0 implies recvq is empty; qcount < dataqsiz implies sendq
 *     is empty.
 *   - closed implies sendq and recvq are empty (closechan drains them).
 * Fields read without the lock by the non-blocking fast paths (qcount, closed, recvq.first,
 * sendq.first) are written with atomic stores under the lock and read with atomic loads, so the
 * unlocked reads are well-defined (and invisible to ThreadSanitizer); their answers are only
 * hints that the locked path re-checks, except where Go's linearisation argument (chanrecv's
 * empty-then-closed check) makes the unlocked answer correct. */
#include "runtime/chan.h"

#include <string.h>

#include "lang/types.h"
#include "runtime/internal.h"

#define MAX_ALLOC ((int64_t)1 << 48) /* Go's maxAlloc on linux/amd64: the same sizes panic */

/* The collector's view of an hchan (mallocgc's typ): only buf points into the GC heap (elemtype
 * is a persistent type descriptor, sudogs are persistentalloc'd and the G's wait record is on its
 * C stack). When the buffer shares the header's allocation, buf points inside the object. */
_Static_assert(offsetof(struct hchan, buf) % 8 == 0 && offsetof(struct hchan, buf) < 64,
               "hchan layout changed: fix hchan_ptrmask");
/* One bit per 8-byte word of the whole header: the allocator reads ceil(words/8) bytes. */
static const uint8_t hchan_ptrmask[(sizeof(struct hchan) / 8 + 7) / 8] = {
    1u << (offsetof(struct hchan, buf) / 8)};
static Type hchan_type = {
    .kind = K_STRUCT,
    .align = 8,
    .tflags = TF_HASPTR | TF_COMPLETE,
    .size = sizeof(struct hchan),
    .nslots = (int32_t)((sizeof(struct hchan) + 7) / 8),
    .name = "hchan",
    .pkgpath = "runtime",
    .str = "runtime.hchan",
    .ptrmask = hchan_ptrmask,
};

const char *chanerr_string(chanerr err) {
  switch (err) {
  case CHAN_OK: return "";
  case CHAN_ERR_MAKESIZE: return "makechan: size out of range";
  case CHAN_ERR_SENDCLOSED: return "send on closed channel";
  case CHAN_ERR_CLOSENIL: return "close of nil channel";
  case CHAN_ERR_CLOSECLOSED: return "close of closed channel";
  }
  return "unknown channel error";
}

/* ---- sudog cache ---------------------------------------------------------------------------------
 * Per-P caches live in this array indexed by p->id (runtime2.h's p has no field for them; P ids are
 * below MaxGomaxprocs and a P's cache is touched only by the M holding that P, like every other
 * per-P cache). Overflow and refills go through the global list under sudogsched.lock. */
enum { SudogCacheMax = 128 };

typedef struct sudogcache {
  sudog *list[SudogCacheMax]; /* owner of the P */
  int32_t n;
} sudogcache;

static sudogcache sudogcaches[MaxGomaxprocs];

static struct {
  mutex lock;
  sudog *head; /* lock: free sudogs linked through next */
} sudogsched;

static sudogcache *mycache(void) {
  p *pp = getg()->m->p;
  if (!pp) throw("acquireSudog: no P");
  return &sudogcaches[pp->id];
}

sudog *acquireSudog(void) {
  /* Preemption would not move us between Ps here (gol preempts only at VM polls), but keep the
   * M's lock count up as Go does so a future asynchronous preemption leaves us alone. */
  m *mp = getg()->m;
  mp->locks++;
  sudogcache *pc = mycache();
  if (pc->n == 0) {
    runtime_lock(&sudogsched.lock);
    while (pc->n < SudogCacheMax / 2 && sudogsched.head) {
      sudog *s = sudogsched.head;
      sudogsched.head = s->next;
      s->next = NULL;
      pc->list[pc->n++] = s;
    }
    runtime_unlock(&sudogsched.lock);
    if (pc->n == 0) pc->list[pc->n++] = persistentalloc(sizeof(sudog));
  }
  sudog *s = pc->list[--pc->n];
  pc->list[pc->n] = NULL;
  mp->locks--;
  if (s->elem || s->next || s->prev || s->waitlink || s->c || s->g)
    throw("acquireSudog: found a used sudog in the cache");
  return s;
}

void releaseSudog(sudog *s) {
  if (s->elem) throw("runtime: sudog with non-nil elem");
  if (s->isSelect) throw("runtime: sudog with non-false isSelect");
  if (s->next) throw("runtime: sudog with non-nil next");
  if (s->prev) throw("runtime: sudog with non-nil prev");
  if (s->waitlink) throw("runtime: sudog with non-nil waitlink");
  if (s->c) throw("runtime: sudog with non-nil c");
  memset(s, 0, sizeof *s);
  m *mp = getg()->m;
  mp->locks++;
  sudogcache *pc = mycache();
  if (pc->n == SudogCacheMax) {
    /* Move half of the cache to the global list. */
    sudog *first = NULL, *last = NULL;
    while (pc->n > SudogCacheMax / 2) {
      sudog *s1 = pc->list[--pc->n];
      pc->list[pc->n] = NULL;
      if (last) last->next = s1;
      else first = s1;
      last = s1;
    }
    runtime_lock(&sudogsched.lock);
    last->next = sudogsched.head;
    sudogsched.head = first;
    runtime_unlock(&sudogsched.lock);
  }
  pc->list[pc->n++] = s;
  mp->locks--;
}

/* ---- wait queues (c->lock held) ------------------------------------------------------------------ */

void chan_enqueue(waitq *q, sudog *sgp) {
  sgp->next = NULL;
  sudog *x = q->last;
  if (!x) {
    sgp->prev = NULL;
    __atomic_store_n(&q->first, sgp, __ATOMIC_RELAXED);
    q->last = sgp;
    return;
  }
  sgp->prev = x;
  x->next = sgp;
  q->last = sgp;
}

/* Removes and returns the first sudog whose G can still be woken: a select's sudog whose select
 * was already won through another channel is dropped (its G removes the rest itself). */
sudog *chan_dequeue(waitq *q) {
  for (;;) {
    sudog *sgp = q->first;
    if (!sgp) return NULL;
    sudog *y = sgp->next;
    if (!y) {
      __atomic_store_n(&q->first, NULL, __ATOMIC_RELAXED);
      q->last = NULL;
    } else {
      y->prev = NULL;
      __atomic_store_n(&q->first, y, __ATOMIC_RELAXED);
      sgp->next = NULL;
    }
    if (sgp->isSelect) {
      uint32_t zero = 0;
      if (!__atomic_compare_exchange_n(&sgp->wctx->selectDone, &zero, 1, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE))
        continue;
    }
    return sgp;
  }
}

/* Removes sgp from q if it is still there (a select cleaning up its losing cases). */
void chan_dequeueSudoG(waitq *q, sudog *sgp) {
  sudog *x = sgp->prev, *y = sgp->next;
  if (x) {
    if (y) {
      x->next = y;
      y->prev = x;
      sgp->next = sgp->prev = NULL;
      return;
    }
    x->next = NULL;
    q->last = x;
    sgp->prev = NULL;
    return;
  }
  if (y) {
    y->prev = NULL;
    __atomic_store_n(&q->first, y, __ATOMIC_RELAXED);
    sgp->next = NULL;
    return;
  }
  /* Alone in the queue, or already removed by a waker. */
  if (q->first == sgp) {
    __atomic_store_n(&q->first, NULL, __ATOMIC_RELAXED);
    q->last = NULL;
  }
}

/* ---- helpers shared with select.c ---------------------------------------------------------------- */

static inline void *chanbuf(hchan *c, int64_t i) {
  return (uint8_t *)c->buf + (size_t)i * (size_t)c->elemsize;
}

static inline void setqcount(hchan *c, int64_t n) {
  __atomic_store_n(&c->qcount, n, __ATOMIC_RELAXED);
}

/* Wakes sg's goroutine: records the result, then readies it. Called without any channel lock. */
static void wake(sudog *sg, bool success) {
  g *gp = sg->g;
  sg->success = success;
  sg->wctx->param = sg;
  goready(gp); /* sg belongs to gp from here on */
}

/* Sends ep to a parked receiver sg: copies straight into its destination (the buffer is empty or
 * absent, since a receiver waits). c->lock is held on entry and released by unlockf(ctx) before
 * the receiver is readied. */
void chan_send_direct(hchan *c, sudog *sg, const void *ep, void (*unlockf)(void *), void *ctx) {
  if (sg->elem) {
    if (c->elemsize) memmove(sg->elem, ep, (size_t)c->elemsize);
    sg->elem = NULL;
  }
  unlockf(ctx);
  wake(sg, true);
}

/* Receives from a parked sender sg (c->lock held, released by unlockf(ctx) before readying it).
 * Unbuffered: copies the sender's element into ep. Buffered (the buffer is full, since a sender
 * waits): takes the head of the buffer into ep and puts the sender's element at the tail, which
 * is the same slot; the queue stays full and FIFO order is kept. */
void chan_recv_direct(hchan *c, sudog *sg, void *ep, void (*unlockf)(void *), void *ctx) {
  size_t n = (size_t)c->elemsize;
  if (c->dataqsiz == 0) {
    if (ep && n) memmove(ep, sg->elem, n);
  } else {
    void *qp = chanbuf(c, c->recvx);
    if (ep && n) memmove(ep, qp, n);
    if (n) memmove(qp, sg->elem, n);
    if (++c->recvx == c->dataqsiz) c->recvx = 0;
    c->sendx = c->recvx; /* c->sendx = (c->sendx+1) % c->dataqsiz */
  }
  sg->elem = NULL;
  unlockf(ctx);
  wake(sg, true);
}

/* Buffered send without waiters (c->lock held, qcount < dataqsiz). */
void chan_bufput(hchan *c, const void *ep) {
  if (c->elemsize) memmove(chanbuf(c, c->sendx), ep, (size_t)c->elemsize);
  if (++c->sendx == c->dataqsiz) c->sendx = 0;
  setqcount(c, c->qcount + 1);
}

/* Buffered receive without waiting senders (c->lock held, qcount > 0). */
void chan_bufget(hchan *c, void *ep) {
  void *qp = chanbuf(c, c->recvx);
  if (c->elemsize) {
    if (ep) memmove(ep, qp, (size_t)c->elemsize);
    memset(qp, 0, (size_t)c->elemsize); /* drop references for the collector */
  }
  if (++c->recvx == c->dataqsiz) c->recvx = 0;
  setqcount(c, c->qcount - 1);
}

static void unlock_chan(void *c) { runtime_unlock(&((hchan *)c)->lock); }

/* gopark's unlockf for a channel operation: the G is now _Gwaiting, so a waker that takes the
 * lock after this can goready it. */
static bool chanparkcommit(g *gp, void *c) {
  (void)gp;
  runtime_unlock(&((hchan *)c)->lock);
  return true;
}

/* ---- make, send, receive, close ------------------------------------------------------------------ */

chanerr makechan(const Type *elem, int64_t size, hchan **out) {
  int64_t esz = elem ? elem->size : 0;
  if (esz < 0 || esz >= (1 << 16)) throw("makechan: invalid channel element type");
  if (size < 0) return CHAN_ERR_MAKESIZE;
  int64_t mem;
  if (__builtin_mul_overflow(esz, size, &mem) || mem > MAX_ALLOC - (int64_t)sizeof(hchan))
    return CHAN_ERR_MAKESIZE;
  hchan *c;
  if (mem == 0) {
    /* Zero-size elements or unbuffered: no buffer (buf is the zero-size base). */
    c = mallocgc(sizeof(hchan), &hchan_type, true);
    c->buf = mallocgc(0, NULL, true);
  } else if (!elem->ptrmask) {
    /* Pointer-free elements: one allocation holding header and buffer, as Go does. It is
     * allocated noscan: the header's only pointers then lead outside the collected heap (buf
     * into this object, elemtype to a type descriptor, the wait queues to sudogs). */
    c = mallocgc(sizeof(hchan) + (size_t)mem, NULL, true);
    c->buf = (uint8_t *)c + sizeof(hchan);
  } else {
    c = mallocgc(sizeof(hchan), &hchan_type, true);
    c->buf = mallocgc((size_t)mem, elem, true); /* an array of size elems */
  }
  c->elemsize = esz;
  c->elemtype = elem;
  c->dataqsiz = size;
  *out = c;
  return CHAN_OK;
}

/* Whether a send would block (no lock: a hint; see the file comment). */
static bool chan_full(hchan *c) {
  if (c->dataqsiz == 0) return __atomic_load_n(&c->recvq.first, __ATOMIC_RELAXED) == NULL;
  return __atomic_load_n(&c->qcount, __ATOMIC_RELAXED) == c->dataqsiz;
}

/* Whether a receive would block (no lock). */
static bool chan_empty(hchan *c) {
  if (c->dataqsiz == 0) return __atomic_load_n(&c->sendq.first, __ATOMIC_RELAXED) == NULL;
  return __atomic_load_n(&c->qcount, __ATOMIC_RELAXED) == 0;
}

chanerr chansend(hchan *c, const void *ep, bool block, bool *sent) {
  *sent = false;
  if (!c) {
    if (!block) return CHAN_OK;
    gopark(NULL, NULL, waitReasonChanSendNilChan);
    throw("unreachable");
  }
  /* Fast path: a non-blocking send on an open, full channel fails without the lock. closed and
   * full are read in this order; if both were observed, the channel was open and full at the
   * moment closed was read (Go's argument in chansend). */
  if (!block && __atomic_load_n(&c->closed, __ATOMIC_RELAXED) == 0 && chan_full(c))
    return CHAN_OK;

  runtime_lock(&c->lock);
  if (c->closed) {
    runtime_unlock(&c->lock);
    return CHAN_ERR_SENDCLOSED;
  }
  sudog *sg = chan_dequeue(&c->recvq);
  if (sg) {
    chan_send_direct(c, sg, ep, unlock_chan, c);
    *sent = true;
    return CHAN_OK;
  }
  if (c->qcount < c->dataqsiz) {
    chan_bufput(c, ep);
    runtime_unlock(&c->lock);
    *sent = true;
    return CHAN_OK;
  }
  if (!block) {
    runtime_unlock(&c->lock);
    return CHAN_OK;
  }

  /* Block: a receiver (or close) will take ep directly from our sudog. */
  g *gp = getg();
  waitctx wctx = {0, NULL};
  sudog *mysg = acquireSudog();
  mysg->elem = (void *)ep;
  mysg->g = gp;
  mysg->c = c;
  mysg->wctx = &wctx;
  chan_enqueue(&c->sendq, mysg);
  gopark(chanparkcommit, c, waitReasonChanSend);

  /* Woken by a receiver (success) or by close. */
  if (wctx.param != mysg) throw("G waiting list is corrupted");
  bool closed = !mysg->success;
  mysg->c = NULL;
  mysg->elem = NULL;
  releaseSudog(mysg);
  if (closed) {
    if (__atomic_load_n(&c->closed, __ATOMIC_RELAXED) == 0) throw("chansend: spurious wakeup");
    return CHAN_ERR_SENDCLOSED;
  }
  *sent = true;
  return CHAN_OK;
}

bool chanrecv(hchan *c, void *ep, bool block, bool *received) {
  bool dummy;
  if (!received) received = &dummy;
  *received = false;
  if (!c) {
    if (!block) return false;
    gopark(NULL, NULL, waitReasonChanReceiveNilChan);
    throw("unreachable");
  }
  /* Fast path: non-blocking receive on an empty channel. Empty is checked before closed; once a
   * channel is closed it stays closed, so if it was empty and then still open, it was empty and
   * open at the moment closed was read. If it is closed, re-check emptiness: a value sent before
   * the close must still be delivered. */
  if (!block && chan_empty(c)) {
    if (__atomic_load_n(&c->closed, __ATOMIC_ACQUIRE) == 0) return false;
    /* The acquire load of closed orders this re-check after every send made before close. */
    if (chan_empty(c)) {
      if (ep && c->elemsize) memset(ep, 0, (size_t)c->elemsize);
      return true;
    }
  }

  runtime_lock(&c->lock);
  if (c->closed && c->qcount == 0) {
    runtime_unlock(&c->lock);
    if (ep && c->elemsize) memset(ep, 0, (size_t)c->elemsize);
    return true;
  }
  sudog *sg = chan_dequeue(&c->sendq);
  if (sg) {
    /* A parked sender: the buffer is empty (unbuffered) or full (take its head). */
    chan_recv_direct(c, sg, ep, unlock_chan, c);
    *received = true;
    return true;
  }
  if (c->qcount > 0) {
    chan_bufget(c, ep);
    runtime_unlock(&c->lock);
    *received = true;
    return true;
  }
  if (!block) {
    runtime_unlock(&c->lock);
    return false;
  }

  /* Block: a sender copies straight into ep; close zeroes it. */
  g *gp = getg();
  waitctx wctx = {0, NULL};
  sudog *mysg = acquireSudog();
  mysg->elem = ep;
  mysg->g = gp;
  mysg->c = c;
  mysg->wctx = &wctx;
  chan_enqueue(&c->recvq, mysg);
  gopark(chanparkcommit, c, waitReasonChanReceive);

  if (wctx.param != mysg) throw("G waiting list is corrupted");
  bool success = mysg->success;
  mysg->c = NULL;
  mysg->elem = NULL;
  releaseSudog(mysg);
  *received = success;
  return true;
}

chanerr closechan(hchan *c) {
  if (!c) return CHAN_ERR_CLOSENIL;
  runtime_lock(&c->lock);
  if (c->closed) {
    runtime_unlock(&c->lock);
    return CHAN_ERR_CLOSECLOSED;
  }
  __atomic_store_n(&c->closed, 1, __ATOMIC_RELEASE);

  /* Collect every waiter, chained through next (dequeue cleared it; waitlink belongs to the
   * selecting G), and ready them after unlocking: goready never runs under a channel lock. */
  sudog *list = NULL, **tail = &list;
  sudog *sg;
  while ((sg = chan_dequeue(&c->recvq)) != NULL) {
    if (sg->elem) {
      if (c->elemsize) memset(sg->elem, 0, (size_t)c->elemsize);
      sg->elem = NULL;
    }
    *tail = sg;
    tail = &sg->next;
  }
  while ((sg = chan_dequeue(&c->sendq)) != NULL) {
    sg->elem = NULL;
    *tail = sg;
    tail = &sg->next;
  }
  runtime_unlock(&c->lock);

  /* Ready all Gs now that the lock is dropped. Each sudog is off its queue, so next is ours to
   * use until its G is readied; read it before goready. */
  for (sg = list; sg;) {
    sudog *next = sg->next;
    sg->next = NULL;
    wake(sg, false);
    sg = next;
  }
  return CHAN_OK;
}

int64_t chanlen(hchan *c) { return c ? __atomic_load_n(&c->qcount, __ATOMIC_RELAXED) : 0; }
int64_t chancap(hchan *c) { return c ? c->dataqsiz : 0; }
const Type *chanelemtype(hchan *c) { return c ? c->elemtype : NULL; }

/* select (Go's runtime/select.go): see selectgo in chan.h for the contract.
 *
 * Three passes, all channel locks held (taken in hchan address order, each channel once):
 *   1. poll the cases in a random order (uniform among the ready ones) and complete the first
 *      ready one;
 *   2. otherwise (and without default) queue one sudog per case on its channel, in lock order,
 *      chained through waitlink, and park; the unlock function releases the locks after the G
 *      is _Gwaiting;
 *   3. after a waker readied us, relock everything and dequeue the sudogs of the cases not taken.
 * A waker (chan.c's chan_dequeue) wins the select by CASing waitctx.selectDone 0 -> 1; the G's
 * other sudogs stay queued until pass 3 and are skipped by other wakers meanwhile. */
#include <stdlib.h>
#include <string.h>

#include "runtime/chan.h"
#include "runtime/internal.h"

enum { MaxSelectCases = 1 << 16, SelectStackCases = 64 };

/* A uniformly distributed value in [0, n). */
static uint32_t fastrandn(uint32_t n) { return (uint32_t)(((uint64_t)fastrand() * n) >> 32); }

/* Sorts lockorder[0..n) by channel address (heap sort: O(n log n), no allocation). */
static void sortlockorder(const scase *cases, uint16_t *lockorder, int n) {
#define ADDR(i) ((uintptr_t)cases[lockorder[i]].c)
  /* Build a max-heap. */
  for (int i = 1; i < n; i++) {
    int j = i;
    uint16_t v = lockorder[j];
    uintptr_t a = (uintptr_t)cases[v].c;
    while (j > 0 && ADDR((j - 1) / 2) < a) {
      lockorder[j] = lockorder[(j - 1) / 2];
      j = (j - 1) / 2;
    }
    lockorder[j] = v;
  }
  /* Repeatedly move the max to the end and sift the new root down. */
  for (int i = n - 1; i > 0; i--) {
    uint16_t v = lockorder[i];
    uintptr_t a = (uintptr_t)cases[v].c;
    lockorder[i] = lockorder[0];
    int j = 0, k;
    while ((k = 2 * j + 1) < i) {
      if (k + 1 < i && ADDR(k) < ADDR(k + 1)) k++;
      if (a < ADDR(k)) {
        lockorder[j] = lockorder[k];
        j = k;
      } else {
        break;
      }
    }
    lockorder[j] = v;
  }
  for (int i = 0; i + 1 < n; i++)
    if (ADDR(i) > ADDR(i + 1)) throw("select: broken sort");
#undef ADDR
}

static void sellock(const scase *cases, const uint16_t *lockorder, int n) {
  hchan *last = NULL;
  for (int i = 0; i < n; i++) {
    hchan *c = cases[lockorder[i]].c;
    if (c != last) runtime_lock(&c->lock);
    last = c;
  }
}

typedef struct selctx {
  const scase *cases;
  const uint16_t *lockorder;
  int n;
} selctx;

/* Unlocks in reverse lock order (each channel once). Used while the G runs (its stack is live). */
static void selunlock(void *v) {
  selctx *s = v;
  for (int i = s->n - 1; i >= 0; i--) {
    hchan *c = s->cases[s->lockorder[i]].c;
    if (i > 0 && c == s->cases[s->lockorder[i - 1]].c) continue; /* unlock the first copy */
    runtime_unlock(&c->lock);
  }
}

/* gopark's unlockf for pass 2, on g0 after the G became _Gwaiting; arg is the G's sudog list in
 * lock order. Once a channel is unlocked, a waker may ready the G, which then runs pass 3 and
 * blocks in sellock on the channels still held here. So this reads only sudogs (persistent memory
 * that the G releases after pass 3 takes every lock), never the G's stack, and each sudog it reads
 * belongs to a channel that is still locked. */
static bool selparkcommit(g *gp, void *arg) {
  (void)gp;
  hchan *lastc = NULL;
  for (sudog *sg = arg; sg; sg = sg->waitlink) {
    if (sg->c != lastc && lastc) runtime_unlock(&lastc->lock);
    lastc = sg->c;
  }
  if (lastc) runtime_unlock(&lastc->lock);
  return true;
}

int selectgo(scase *cases, int ncases, bool block, bool *recvOK, chanerr *err) {
  bool dummyok;
  if (!recvOK) recvOK = &dummyok;
  *recvOK = false;
  *err = CHAN_OK;
  if (ncases < 0 || ncases > MaxSelectCases) throw("selectgo: too many cases");
  if (ncases == 0) {
    if (!block) return -1;
    gopark(NULL, NULL, waitReasonSelectNoCases); /* select {} */
    throw("unreachable");
  }

  uint16_t stackorder[2 * SelectStackCases];
  uint16_t *order = stackorder;
  if (ncases > SelectStackCases) {
    order = malloc(2 * (size_t)ncases * sizeof(uint16_t));
    if (!order) throw("selectgo: out of memory");
  }
  uint16_t *pollorder = order, *lockorder = order + ncases;

  /* A random permutation of the cases with a channel (inside-out Fisher-Yates); nil channels
   * never become ready and are left out. */
  int norder = 0;
  for (int i = 0; i < ncases; i++) {
    if (!cases[i].c) continue;
    uint32_t j = fastrandn((uint32_t)norder + 1);
    pollorder[norder] = pollorder[j];
    pollorder[j] = (uint16_t)i;
    norder++;
  }
  memcpy(lockorder, pollorder, (size_t)norder * sizeof(uint16_t));
  sortlockorder(cases, lockorder, norder);

  selctx sctx = {cases, lockorder, norder};
  int casi = -1;
  sellock(cases, lockorder, norder);

  /* ---- pass 1: a ready case, in poll order ---- */
  for (int k = 0; k < norder; k++) {
    casi = pollorder[k];
    scase *cas = &cases[casi];
    hchan *c = cas->c;
    if (!cas->send) {
      sudog *sg = chan_dequeue(&c->sendq);
      if (sg) {
        chan_recv_direct(c, sg, cas->elem, selunlock, &sctx);
        *recvOK = true;
        goto done;
      }
      if (c->qcount > 0) {
        chan_bufget(c, cas->elem);
        selunlock(&sctx);
        *recvOK = true;
        goto done;
      }
      if (c->closed) {
        selunlock(&sctx);
        if (cas->elem && c->elemsize) memset(cas->elem, 0, (size_t)c->elemsize);
        *recvOK = false;
        goto done;
      }
    } else {
      if (c->closed) {
        selunlock(&sctx);
        *err = CHAN_ERR_SENDCLOSED;
        goto done;
      }
      sudog *sg = chan_dequeue(&c->recvq);
      if (sg) {
        chan_send_direct(c, sg, cas->elem, selunlock, &sctx);
        goto done;
      }
      if (c->qcount < c->dataqsiz) {
        chan_bufput(c, cas->elem);
        selunlock(&sctx);
        goto done;
      }
    }
  }

  if (!block) {
    selunlock(&sctx);
    casi = -1;
    goto done;
  }

  /* ---- pass 2: queue on every channel, in lock order, and park ---- */
  g *gp = getg();
  waitctx wctx = {0, NULL};
  sudog *waiting = NULL, **nextp = &waiting;
  for (int k = 0; k < norder; k++) {
    scase *cas = &cases[lockorder[k]];
    sudog *sg = acquireSudog();
    sg->g = gp;
    sg->isSelect = true;
    sg->elem = cas->elem;
    sg->c = cas->c;
    sg->wctx = &wctx;
    *nextp = sg;
    nextp = &sg->waitlink;
    chan_enqueue(cas->send ? &cas->c->sendq : &cas->c->recvq, sg);
  }
  /* With only nil channels nothing is queued and nothing will ever wake us: Go parks with
   * "select" all the same. */
  gopark(selparkcommit, waiting, waitReasonSelect);

  /* ---- pass 3: woken by the waker of wctx.param; dequeue the other cases ---- */
  sellock(cases, lockorder, norder);
  sudog *won = wctx.param;
  bool caseSuccess = false;
  casi = -1;
  sudog *sg = waiting;
  for (int k = 0; k < norder; k++, sg = sg->waitlink) {
    scase *cas = &cases[lockorder[k]];
    if (sg == won) {
      casi = lockorder[k];
      caseSuccess = sg->success; /* the waker dequeued it */
    } else {
      chan_dequeueSudoG(cas->send ? &cas->c->sendq : &cas->c->recvq, sg);
    }
  }
  if (casi < 0) throw("selectgo: bad wakeup");
  selunlock(&sctx);
  /* Every sudog is off its queue: no waker can reach them any more. */
  for (sg = waiting; sg;) {
    sudog *next = sg->waitlink;
    sg->waitlink = NULL;
    sg->isSelect = false;
    sg->elem = NULL;
    sg->c = NULL;
    releaseSudog(sg);
    sg = next;
  }
  if (cases[casi].send) {
    if (!caseSuccess) *err = CHAN_ERR_SENDCLOSED; /* woken by close */
  } else {
    *recvOK = caseSuccess;
  }

done:
  if (order != stackorder) free(order);
  return casi;
}

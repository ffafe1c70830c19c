/* Channel, select and semaphore tests: a program booted through gol's native entry
 * (_rt0_amd64_linux -> ... -> runtime_main -> main_main) whose main_main runs the checks on the
 * main goroutine, with goroutines on real Ms/Ps. Modes (argv[1]):
 *   (none)        every test; "ok <name>" per test, "PASS" at the end
 *   <test name>   that test only
 *   deadlock_send / deadlock_recv / deadlock_nil / deadlock_select / deadlock_select_nil:
 *                 the main goroutine blocks forever: Go's deadlock fatal error, status 2
 *   unlock_unlocked / runlock_unlocked: sync's fatal errors, status 2
 * Element buffers live on goroutine C stacks, which never move: they satisfy chan.h's buffer
 * contract as the VM's scratch memory will. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/types.h"
#include "runtime/chan.h"
#include "runtime/internal.h"
#include "runtime/sema.h"

#define CHECK(cond)                                                                         \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                       \
      runtime_exit(1);                                                                      \
    }                                                                                       \
  } while (0)

/* ThreadSanitizer makes every atomic and switch ~10x slower: scale the loop counts down. */
#if defined(GOL_SANITIZE_THREAD)
#define SCALE 2
#else
#define SCALE 1
#endif

/* ---- element types (only size and ptrmask matter to channels) ---- */
static Type t_int64 = {.kind = K_INT64, .align = 8, .size = 8, .nslots = 1};
static Type t_int8 = {.kind = K_INT8, .align = 1, .size = 1, .nslots = 1};
static Type t_empty = {.kind = K_STRUCT, .align = 1, .size = 0, .nslots = 0};
static const uint8_t rec_mask[] = {0x4};
/* struct { a int64; b int64; p *int64 } */
static Type t_rec = {.kind = K_STRUCT, .align = 8, .size = 24, .nslots = 3, .ptrmask = rec_mask};
typedef struct rec {
  int64_t a, b;
  int64_t *p;
} rec;

static hchan *mk(Type *t, int64_t size) {
  hchan *c = NULL;
  CHECK(makechan(t, size, &c) == CHAN_OK && c);
  return c;
}

static void send(hchan *c, const void *v) {
  bool sent = false;
  CHECK(chansend(c, v, true, &sent) == CHAN_OK && sent);
}

static void send64(hchan *c, int64_t v) { send(c, &v); }

static int64_t recv64(hchan *c, bool *ok) {
  int64_t v = -1;
  bool got;
  CHECK(chanrecv(c, &v, true, &got));
  if (ok) *ok = got;
  return v;
}

static void wg_done(GoWaitGroup *wg) { CHECK(sync_WaitGroup_Add(wg, -1) == NULL); }
static void wg_wait(GoWaitGroup *wg) { CHECK(sync_WaitGroup_Wait(wg) == NULL); }

/* Waits until gp is parked with the given reason (bounded). */
static void wait_parked(g *gp, waitReason r) {
  for (int i = 0; i < 1000000; i++) {
    if (readgstatus(gp) == _Gwaiting && __atomic_load_n(&gp->waitreason, __ATOMIC_RELAXED) == r)
      return;
    gosched();
  }
  CHECK(!"goroutine never parked");
}

/* ---- make, len, cap, errors ---- */
static void test_basic(void) {
  hchan *c = NULL;
  CHECK(makechan(&t_int64, -1, &c) == CHAN_ERR_MAKESIZE);
  CHECK(makechan(&t_int64, (int64_t)1 << 60, &c) == CHAN_ERR_MAKESIZE);
  CHECK(strcmp(chanerr_string(CHAN_ERR_MAKESIZE), "makechan: size out of range") == 0);
  CHECK(makechan(&t_empty, (int64_t)1 << 60, &c) == CHAN_OK); /* zero-size elements: fine */
  CHECK(chancap(c) == (int64_t)1 << 60 && chanlen(c) == 0);
  struct { char x; } e;
  for (int i = 0; i < 5; i++) send(c, &e);
  CHECK(chanlen(c) == 5);

  c = mk(&t_int8, 3);
  CHECK(chancap(c) == 3 && chanlen(c) == 0 && chanelemtype(c) == &t_int8);
  int8_t v = -5, w = 0;
  bool sent, ok;
  for (int i = 0; i < 3; i++) {
    v = (int8_t)(-5 + i);
    CHECK(chansend(c, &v, false, &sent) == CHAN_OK && sent);
  }
  CHECK(chansend(c, &v, false, &sent) == CHAN_OK && !sent); /* full */
  CHECK(chanlen(c) == 3);
  for (int i = 0; i < 3; i++) {
    CHECK(chanrecv(c, &w, false, &ok) && ok && w == -5 + i);
  }
  CHECK(!chanrecv(c, &w, false, &ok)); /* empty */
  CHECK(chanlen(NULL) == 0 && chancap(NULL) == 0);

  /* nil channels: non-blocking operations never proceed; close panics */
  CHECK(chansend(NULL, &v, false, &sent) == CHAN_OK && !sent);
  CHECK(!chanrecv(NULL, &w, false, &ok));
  CHECK(closechan(NULL) == CHAN_ERR_CLOSENIL);
  CHECK(strcmp(chanerr_string(CHAN_ERR_CLOSENIL), "close of nil channel") == 0);

  /* closed channels: buffered values drain first, then zero values with ok=false */
  c = mk(&t_int64, 4);
  send64(c, 7);
  send64(c, 8);
  CHECK(closechan(c) == CHAN_OK);
  CHECK(closechan(c) == CHAN_ERR_CLOSECLOSED);
  CHECK(strcmp(chanerr_string(CHAN_ERR_CLOSECLOSED), "close of closed channel") == 0);
  int64_t x = 1;
  CHECK(chansend(c, &x, true, &sent) == CHAN_ERR_SENDCLOSED && !sent);
  CHECK(chansend(c, &x, false, &sent) == CHAN_ERR_SENDCLOSED && !sent);
  CHECK(strcmp(chanerr_string(CHAN_ERR_SENDCLOSED), "send on closed channel") == 0);
  CHECK(recv64(c, &ok) == 7 && ok);
  CHECK(chanrecv(c, &x, false, &ok) && ok && x == 8);
  x = 99;
  CHECK(chanrecv(c, &x, false, &ok) && !ok && x == 0);
  x = 99;
  CHECK(recv64(c, &ok) == 0 && !ok);
  CHECK(chanrecv(c, NULL, true, &ok) && !ok); /* discard */
}

/* ---- unbuffered ping-pong ---- */
enum { PingRounds = 100000 / SCALE };
typedef struct pingctx {
  hchan *ping, *pong;
  GoWaitGroup *wg;
} pingctx;

static void ponger(void *arg) {
  pingctx *pc = arg;
  for (;;) {
    bool ok;
    int64_t v = recv64(pc->ping, &ok);
    if (!ok) break;
    send64(pc->pong, v + 1);
  }
  wg_done(pc->wg);
}

static void test_pingpong(void) {
  GoWaitGroup wg = {0};
  pingctx pc = {mk(&t_int64, 0), mk(&t_int64, 0), &wg};
  CHECK(sync_WaitGroup_Add(&wg, 1) == NULL);
  newproc(ponger, &pc);
  int64_t start = nanotime();
  for (int64_t i = 0; i < PingRounds; i++) {
    send64(pc.ping, 2 * i);
    bool ok;
    CHECK(recv64(pc.pong, &ok) == 2 * i + 1 && ok);
  }
  CHECK(closechan(pc.ping) == CHAN_OK);
  wg_wait(&wg);
  printf("  %d round trips in %.1f ms\n", PingRounds, (double)(nanotime() - start) / 1e6);
}

/* ---- buffered producers/consumers with a checksum ---- */
enum { Producers = 4, Consumers = 3, PerProducer = 50000 / SCALE };
typedef struct pcctx {
  hchan *c;
  GoWaitGroup prod, cons;
  int64_t sum, count; /* atomic */
  int64_t target;
} pcctx;
static pcctx pcx;

static void producer(void *arg) {
  int64_t id = (int64_t)(intptr_t)arg;
  for (int64_t i = 0; i < PerProducer; i++) {
    rec r = {id, i, &pcx.target};
    send(pcx.c, &r);
  }
  wg_done(&pcx.prod);
}

static void consumer(void *arg) {
  (void)arg;
  int64_t sum = 0, n = 0;
  for (;;) {
    rec r;
    bool ok;
    CHECK(chanrecv(pcx.c, &r, true, &ok));
    if (!ok) {
      CHECK(r.a == 0 && r.b == 0 && r.p == NULL);
      break;
    }
    CHECK(r.p == &pcx.target);
    sum += r.a * 1000003 + r.b;
    n++;
  }
  __atomic_add_fetch(&pcx.sum, sum, __ATOMIC_RELAXED);
  __atomic_add_fetch(&pcx.count, n, __ATOMIC_RELAXED);
  wg_done(&pcx.cons);
}

static void test_prodcons(void) {
  pcx.c = mk(&t_rec, 16);
  CHECK(sync_WaitGroup_Add(&pcx.prod, Producers) == NULL);
  CHECK(sync_WaitGroup_Add(&pcx.cons, Consumers) == NULL);
  for (int i = 0; i < Consumers; i++) newproc(consumer, NULL);
  for (int i = 0; i < Producers; i++) newproc(producer, (void *)(intptr_t)(i + 1));
  wg_wait(&pcx.prod);
  CHECK(closechan(pcx.c) == CHAN_OK);
  wg_wait(&pcx.cons);
  int64_t want = 0;
  for (int64_t id = 1; id <= Producers; id++)
    for (int64_t i = 0; i < PerProducer; i++) want += id * 1000003 + i;
  CHECK(pcx.count == (int64_t)Producers * PerProducer);
  CHECK(pcx.sum == want);
  printf("  %lld values, checksum %lld\n", (long long)pcx.count, (long long)pcx.sum);
}

/* ---- FIFO order through a full buffer with parked senders (recv rotation) ---- */
static hchan *fifo;
static GoWaitGroup fifowg;
static void fifo_sender(void *arg) {
  send64(fifo, (int64_t)(intptr_t)arg);
  wg_done(&fifowg);
}

static void test_fifo(void) {
  fifo = mk(&t_int64, 3);
  for (int64_t i = 0; i < 3; i++) send64(fifo, i);
  /* Three more senders park, in order, on the full buffer. */
  CHECK(sync_WaitGroup_Add(&fifowg, 3) == NULL);
  for (int64_t i = 3; i < 6; i++) {
    int64_t id = newproc(fifo_sender, (void *)(intptr_t)i);
    (void)id;
    /* Wait until it is queued so the order is deterministic. */
    for (int k = 0; k < 1000000; k++) {
      runtime_lock(&fifo->lock);
      int n = 0;
      for (sudog *s = fifo->sendq.first; s; s = s->next) n++;
      runtime_unlock(&fifo->lock);
      if (n == i - 2) break;
      gosched();
    }
  }
  for (int64_t i = 0; i < 6; i++) {
    bool ok;
    CHECK(recv64(fifo, &ok) == i && ok);
  }
  wg_wait(&fifowg);
  CHECK(chanlen(fifo) == 0);
}

/* ---- close wakes parked receivers and senders ---- */
enum { Waiters = 50 };
static hchan *cc;
static int64_t closeRecvOK, closeRecvZero, closeSendErr; /* atomic */
static GoWaitGroup closewg;

static void close_receiver(void *arg) {
  (void)arg;
  int64_t v = 12345;
  bool ok = true;
  CHECK(chanrecv(cc, &v, true, &ok));
  if (!ok) __atomic_add_fetch(&closeRecvOK, 1, __ATOMIC_RELAXED);
  if (v == 0) __atomic_add_fetch(&closeRecvZero, 1, __ATOMIC_RELAXED);
  wg_done(&closewg);
}

static void close_sender(void *arg) {
  (void)arg;
  int64_t v = 1;
  bool sent = true;
  if (chansend(cc, &v, true, &sent) == CHAN_ERR_SENDCLOSED && !sent)
    __atomic_add_fetch(&closeSendErr, 1, __ATOMIC_RELAXED);
  wg_done(&closewg);
}

static int queued(waitq *q) {
  int n = 0;
  for (sudog *s = q->first; s; s = s->next) n++;
  return n;
}

static void wait_queued(hchan *c, bool sendq, int want) {
  for (int k = 0; k < 2000000; k++) {
    runtime_lock(&c->lock);
    int n = queued(sendq ? &c->sendq : &c->recvq);
    runtime_unlock(&c->lock);
    if (n >= want) return;
    gosched();
  }
  CHECK(!"waiters never queued");
}

static void test_close(void) {
  cc = mk(&t_int64, 0);
  CHECK(sync_WaitGroup_Add(&closewg, Waiters) == NULL);
  for (int i = 0; i < Waiters; i++) newproc(close_receiver, NULL);
  wait_queued(cc, false, Waiters);
  CHECK(closechan(cc) == CHAN_OK);
  wg_wait(&closewg);
  CHECK(closeRecvOK == Waiters && closeRecvZero == Waiters);

  cc = mk(&t_int64, 0);
  CHECK(sync_WaitGroup_Add(&closewg, Waiters) == NULL);
  for (int i = 0; i < Waiters; i++) newproc(close_sender, NULL);
  wait_queued(cc, true, Waiters);
  CHECK(closechan(cc) == CHAN_OK);
  wg_wait(&closewg);
  CHECK(closeSendErr == Waiters);
}

/* ---- nil channels block forever (checked by the wait reason; the goroutines leak) ---- */
static g *nilg[2];
static void nil_recv(void *arg) {
  (void)arg;
  __atomic_store_n(&nilg[0], getg(), __ATOMIC_RELEASE);
  chanrecv(NULL, NULL, true, NULL);
  CHECK(!"nil receive returned");
}
static void nil_send(void *arg) {
  (void)arg;
  int64_t v = 0;
  bool sent;
  __atomic_store_n(&nilg[1], getg(), __ATOMIC_RELEASE);
  chansend(NULL, &v, true, &sent);
  CHECK(!"nil send returned");
}

static void test_nil(void) {
  newproc(nil_recv, NULL);
  newproc(nil_send, NULL);
  while (!__atomic_load_n(&nilg[0], __ATOMIC_ACQUIRE) || !__atomic_load_n(&nilg[1], __ATOMIC_ACQUIRE))
    gosched();
  wait_parked(nilg[0], waitReasonChanReceiveNilChan);
  wait_parked(nilg[1], waitReasonChanSendNilChan);
  printf("  parked: [%s] [%s]\n", waitReasonStrings[nilg[0]->waitreason],
         waitReasonStrings[nilg[1]->waitreason]);
}

/* ---- select with default ---- */
static void test_select_default(void) {
  hchan *a = mk(&t_int64, 1), *b = mk(&t_int64, 0);
  int64_t va = 0, vb = 0, s = 42;
  bool ok;
  chanerr err;
  scase cs[3] = {{a, &va, false}, {b, &vb, false}, {NULL, &vb, false}};
  CHECK(selectgo(cs, 3, false, &ok, &err) == -1 && err == CHAN_OK); /* nothing ready */
  send64(a, 5);
  CHECK(selectgo(cs, 3, false, &ok, &err) == 0 && ok && va == 5 && err == CHAN_OK);
  /* send cases: a has room, b has no receiver */
  scase ss[2] = {{b, &s, true}, {a, &s, true}};
  CHECK(selectgo(ss, 2, false, &ok, &err) == 1 && err == CHAN_OK);
  CHECK(selectgo(ss, 2, false, &ok, &err) == -1); /* a is full now */
  CHECK(recv64(a, &ok) == 42);
  /* no cases + default */
  CHECK(selectgo(NULL, 0, false, &ok, &err) == -1);
  /* closed channel: a receive case is ready with ok=false; a send case panics */
  CHECK(closechan(b) == CHAN_OK);
  vb = 7;
  CHECK(selectgo(cs, 3, false, &ok, &err) == 1 && !ok && vb == 0 && err == CHAN_OK);
  scase sc[1] = {{b, &s, true}};
  CHECK(selectgo(sc, 1, false, &ok, &err) == 0 && err == CHAN_ERR_SENDCLOSED);
  CHECK(selectgo(sc, 1, true, &ok, &err) == 0 && err == CHAN_ERR_SENDCLOSED);
}

/* ---- a select with more cases than fit on the stack, with duplicate channels ---- */
static void test_select_big(void) {
  enum { NC = 300, NCH = 7 };
  hchan *chs[NCH];
  for (int i = 0; i < NCH; i++) chs[i] = mk(&t_int64, 1);
  static scase cs[NC];
  static int64_t vals[NC];
  for (int i = 0; i < NC; i++) cs[i] = (scase){chs[i % NCH], &vals[i], false};
  bool ok;
  chanerr err;
  CHECK(selectgo(cs, NC, false, &ok, &err) == -1);
  send64(chs[3], 99);
  int k = selectgo(cs, NC, true, &ok, &err);
  CHECK(k >= 0 && k % NCH == 3 && ok && vals[k] == 99 && err == CHAN_OK);
}

/* ---- non-blocking operations racing with close (the lock-free fast paths) ---- */
enum { NbValues = 20000 / SCALE, NbReceivers = 3 };
static hchan *nbc;
static GoWaitGroup nbwg;
static int64_t nbsum, nbcount;
static void nb_receiver(void *arg) {
  (void)arg;
  int64_t sum = 0, n = 0;
  for (;;) {
    int64_t v = -1;
    bool ok;
    if (!chanrecv(nbc, &v, false, &ok)) {
      gosched();
      continue;
    }
    if (!ok) {
      CHECK(v == 0);
      break; /* closed and drained: every value sent before close was received by someone */
    }
    sum += v;
    n++;
  }
  __atomic_add_fetch(&nbsum, sum, __ATOMIC_RELAXED);
  __atomic_add_fetch(&nbcount, n, __ATOMIC_RELAXED);
  wg_done(&nbwg);
}

static void test_nonblocking(void) {
  nbc = mk(&t_int64, 8);
  CHECK(sync_WaitGroup_Add(&nbwg, NbReceivers) == NULL);
  for (int i = 0; i < NbReceivers; i++) newproc(nb_receiver, NULL);
  for (int64_t i = 1; i <= NbValues;) {
    bool sent;
    CHECK(chansend(nbc, &i, false, &sent) == CHAN_OK);
    if (sent) i++;
    else gosched();
  }
  CHECK(closechan(nbc) == CHAN_OK);
  wg_wait(&nbwg);
  CHECK(nbcount == NbValues && nbsum == (int64_t)NbValues * (NbValues + 1) / 2);
}

/* ---- select fairness: two always-ready cases ---- */
static void test_select_fair(void) {
  enum { N = 10000 };
  hchan *a = mk(&t_int64, 1), *b = mk(&t_int64, 1);
  send64(a, 1);
  send64(b, 2);
  int counts[2] = {0, 0};
  for (int i = 0; i < N; i++) {
    int64_t va, vb;
    bool ok;
    chanerr err;
    scase cs[2] = {{a, &va, false}, {b, &vb, false}};
    int k = selectgo(cs, 2, true, &ok, &err);
    CHECK(k == 0 || k == 1);
    CHECK(ok && err == CHAN_OK);
    counts[k]++;
    send64(k == 0 ? a : b, k == 0 ? va : vb); /* refill */
  }
  printf("  case 0: %d, case 1: %d\n", counts[0], counts[1]);
  CHECK(counts[0] >= N * 40 / 100 && counts[0] <= N * 60 / 100);
}

/* ---- select blocking: wake-up through each kind of case ---- */
static hchan *sb_a, *sb_b;
static void sb_sender(void *arg) {
  wait_queued(sb_b, false, 1);
  send64(sb_b, (int64_t)(intptr_t)arg);
}
static void sb_receiver(void *arg) {
  (void)arg;
  wait_queued(sb_a, true, 1);
  bool ok;
  CHECK(recv64(sb_a, &ok) == 77 && ok);
}
static void sb_closer(void *arg) {
  (void)arg;
  wait_queued(sb_b, false, 1);
  CHECK(closechan(sb_b) == CHAN_OK);
}

static void sb_closer_send(void *arg) {
  (void)arg;
  wait_queued(sb_b, true, 1);
  CHECK(closechan(sb_b) == CHAN_OK);
}

static void test_select_block(void) {
  sb_a = mk(&t_int64, 0);
  sb_b = mk(&t_int64, 0);
  int64_t out = 77, in = -1;
  bool ok;
  chanerr err;
  /* woken by a sender on b: the send case on a stays unmatched and is dequeued */
  newproc(sb_sender, (void *)(intptr_t)31);
  scase cs[3] = {{sb_a, &out, true}, {sb_b, &in, false}, {sb_b, &in, false}};
  int k = selectgo(cs, 3, true, &ok, &err);
  CHECK((k == 1 || k == 2) && ok && in == 31 && err == CHAN_OK);
  CHECK(sb_a->sendq.first == NULL && sb_b->recvq.first == NULL);
  /* woken by a receiver on a */
  newproc(sb_receiver, NULL);
  scase cs2[2] = {{sb_b, &in, false}, {sb_a, &out, true}};
  CHECK(selectgo(cs2, 2, true, &ok, &err) == 1 && err == CHAN_OK);
  CHECK(sb_a->sendq.first == NULL && sb_b->recvq.first == NULL);
  /* woken by close of b */
  newproc(sb_closer, NULL);
  in = 5;
  CHECK(selectgo(cs2, 2, true, &ok, &err) == 0 && !ok && in == 0 && err == CHAN_OK);
  CHECK(sb_a->sendq.first == NULL);
  /* a send case woken by close panics */
  sb_a = mk(&t_int64, 0);
  sb_b = mk(&t_int64, 0);
  newproc(sb_closer_send, NULL);
  scase cs3[2] = {{sb_b, &out, true}, {NULL, &in, false}};
  CHECK(selectgo(cs3, 2, true, &ok, &err) == 0 && err == CHAN_ERR_SENDCLOSED);
  CHECK(sb_b->sendq.first == NULL);
}

/* ---- select storm ---- */
enum { StormSenders = 6, StormReceivers = 6, StormPer = 20000 / SCALE };
static hchan *st[3], *stquit;
static GoWaitGroup stsend, strecv;
static int64_t stsum, stcount;

static void storm_sender(void *arg) {
  int64_t id = (int64_t)(intptr_t)arg;
  for (int64_t i = 0; i < StormPer; i++) {
    int64_t v = id * 1000000 + i;
    bool ok;
    chanerr err;
    scase cs[4] = {{st[0], &v, true}, {st[1], &v, true}, {st[2], &v, true}, {st[0], &v, true}};
    int k = selectgo(cs, 4, true, &ok, &err);
    CHECK(k >= 0 && k < 4 && err == CHAN_OK);
  }
  wg_done(&stsend);
}

static void storm_receiver(void *arg) {
  (void)arg;
  int64_t sum = 0, n = 0;
  for (;;) {
    int64_t v[3] = {-1, -1, -1}, q;
    bool ok;
    chanerr err;
    scase cs[5] = {{st[2], &v[2], false}, {stquit, &q, false}, {st[0], &v[0], false},
                   {st[1], &v[1], false}, {st[2], &v[2], false}};
    int k = selectgo(cs, 5, true, &ok, &err);
    CHECK(err == CHAN_OK);
    if (k == 1) {
      CHECK(!ok);
      /* quit is closed: every sender finished; drain what is still buffered, non-blocking */
      for (;;) {
        int kk = selectgo(cs + 2, 3, false, &ok, &err);
        if (kk < 0) break;
        CHECK(ok);
        sum += v[kk];
        n++;
      }
      break;
    }
    CHECK(ok);
    int ch = k == 0 || k == 4 ? 2 : k - 2;
    sum += v[ch];
    n++;
  }
  __atomic_add_fetch(&stsum, sum, __ATOMIC_RELAXED);
  __atomic_add_fetch(&stcount, n, __ATOMIC_RELAXED);
  wg_done(&strecv);
}

static void test_select_storm(void) {
  st[0] = mk(&t_int64, 0);
  st[1] = mk(&t_int64, 4);
  st[2] = mk(&t_int64, 1);
  stquit = mk(&t_int64, 0);
  int64_t start = nanotime();
  CHECK(sync_WaitGroup_Add(&stsend, StormSenders) == NULL);
  CHECK(sync_WaitGroup_Add(&strecv, StormReceivers) == NULL);
  for (int i = 0; i < StormReceivers; i++) newproc(storm_receiver, NULL);
  for (int i = 0; i < StormSenders; i++) newproc(storm_sender, (void *)(intptr_t)(i + 1));
  wg_wait(&stsend);
  CHECK(closechan(stquit) == CHAN_OK);
  wg_wait(&strecv);
  int64_t want = 0;
  for (int64_t id = 1; id <= StormSenders; id++)
    for (int64_t i = 0; i < StormPer; i++) want += id * 1000000 + i;
  printf("  %lld values through select in %.1f ms\n", (long long)stcount,
         (double)(nanotime() - start) / 1e6);
  CHECK(stcount == (int64_t)StormSenders * StormPer);
  CHECK(stsum == want);
  for (int i = 0; i < 3; i++) CHECK(chanlen(st[i]) == 0 && !st[i]->recvq.first && !st[i]->sendq.first);
}

/* ---- a goroutine selecting on both ends of one channel, against plain peers ---- */
enum { DuplexN = 20000 / SCALE };
static hchan *dx;
static GoWaitGroup dxwg;
static int64_t dxsent, dxrecvd;
/* The only peer: alternately sends and receives, so each of its operations must match the
 * selector's opposite case (the selector's sudogs sit on both queues of dx while it waits). */
static void duplex_peer(void *arg) {
  (void)arg;
  for (int i = 0; i < DuplexN; i++) {
    send64(dx, i);
    bool ok;
    CHECK(recv64(dx, &ok) == -i && ok);
  }
  wg_done(&dxwg);
}

static void test_select_duplex(void) {
  dx = mk(&t_int64, 0);
  CHECK(sync_WaitGroup_Add(&dxwg, 1) == NULL);
  newproc(duplex_peer, NULL);
  int64_t last = 0;
  while (dxsent < DuplexN || dxrecvd < DuplexN) {
    int64_t out = -last, in = -1;
    bool ok;
    chanerr err;
    scase cs[2] = {{dx, &out, true}, {dx, &in, false}};
    int k = selectgo(cs, 2, true, &ok, &err);
    CHECK(err == CHAN_OK);
    if (k == 0) {
      CHECK(dxsent == dxrecvd - 1);
      dxsent++;
    } else {
      CHECK(ok && in == dxrecvd && dxsent == dxrecvd);
      last = in;
      dxrecvd++;
    }
  }
  wg_wait(&dxwg);
  CHECK(!dx->sendq.first && !dx->recvq.first);
}

/* ---- many parked goroutines (sudog cache and global list) ---- */
enum { Many = 2000 };
static hchan *manyc;
static GoWaitGroup manywg;
static int64_t manysum;
static void many_recv(void *arg) {
  (void)arg;
  bool ok;
  int64_t v = recv64(manyc, &ok);
  CHECK(ok);
  __atomic_add_fetch(&manysum, v, __ATOMIC_RELAXED);
  wg_done(&manywg);
}

static void test_many(void) {
  manyc = mk(&t_int64, 0);
  CHECK(sync_WaitGroup_Add(&manywg, Many) == NULL);
  for (int i = 0; i < Many; i++) newproc(many_recv, NULL);
  wait_queued(manyc, false, Many);
  for (int64_t i = 1; i <= Many; i++) send64(manyc, i);
  wg_wait(&manywg);
  CHECK(manysum == (int64_t)Many * (Many + 1) / 2);
}

/* ---- semaphores ---- */
enum { SemWorkers = 4, SemIncr = 100000 / SCALE };
static uint32_t semlock = 1; /* a binary semaphore used as a mutex */
static int64_t semcounter;   /* guarded by semlock (plain accesses: TSan checks the ordering) */
static GoMutex gomu;
static int64_t mucounter; /* guarded by gomu */
static GoWaitGroup semwg;

static void sem_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < SemIncr; i++) {
    semacquire(&semlock);
    semcounter++;
    semrelease(&semlock);
    sync_Mutex_Lock(&gomu);
    mucounter++;
    sync_Mutex_Unlock(&gomu);
  }
  wg_done(&semwg);
}

static void test_sema(void) {
  int64_t start = nanotime();
  CHECK(sync_WaitGroup_Add(&semwg, SemWorkers) == NULL);
  for (int i = 0; i < SemWorkers; i++) newproc(sem_worker, NULL);
  wg_wait(&semwg);
  printf("  counters %lld %lld in %.1f ms\n", (long long)semcounter, (long long)mucounter,
         (double)(nanotime() - start) / 1e6);
  CHECK(semcounter == (int64_t)SemWorkers * SemIncr);
  CHECK(mucounter == (int64_t)SemWorkers * SemIncr);
  CHECK(semlock == 1 && gomu.state == 0);
  CHECK(sync_Mutex_TryLock(&gomu) && !sync_Mutex_TryLock(&gomu));
  sync_Mutex_Unlock(&gomu);
}

/* ---- semaphores: counts and many addresses sharing buckets ---- */
enum { SemAddrs = 600 };
static uint32_t sems[SemAddrs];
static GoWaitGroup semaddrwg;
static void sem_waiter(void *arg) {
  semacquire(&sems[(intptr_t)arg]);
  wg_done(&semaddrwg);
}

static void test_sema_addrs(void) {
  CHECK(sync_WaitGroup_Add(&semaddrwg, SemAddrs * 2) == NULL);
  for (intptr_t i = 0; i < SemAddrs; i++) {
    newproc(sem_waiter, (void *)i);
    newproc(sem_waiter, (void *)i);
  }
  for (int k = 0; k < 2; k++)
    for (int i = SemAddrs - 1; i >= 0; i--) semrelease(&sems[i]);
  wg_wait(&semaddrwg);
  for (int i = 0; i < SemAddrs; i++) CHECK(sems[i] == 0);
}

/* ---- RWMutex ---- */
static GoRWMutex rw;
static int64_t rwvalue[2]; /* invariant under rw: both equal */
static GoWaitGroup rwwg;
static void rw_worker(void *arg) {
  bool writer = arg != NULL;
  for (int i = 0; i < 20000 / SCALE; i++) {
    if (writer && i % 4 == 0) {
      sync_RWMutex_Lock(&rw);
      rwvalue[0]++;
      rwvalue[1]++;
      sync_RWMutex_Unlock(&rw);
    } else {
      sync_RWMutex_RLock(&rw);
      CHECK(rwvalue[0] == rwvalue[1]);
      sync_RWMutex_RUnlock(&rw);
    }
  }
  wg_done(&rwwg);
}

static void test_rwmutex(void) {
  CHECK(sync_WaitGroup_Add(&rwwg, 6) == NULL);
  for (int i = 0; i < 6; i++) newproc(rw_worker, i < 2 ? (void *)1 : NULL);
  wg_wait(&rwwg);
  CHECK(rwvalue[0] == 2 * (20000 / SCALE / 4) && rwvalue[1] == rwvalue[0]);
  CHECK(sync_RWMutex_TryRLock(&rw) && sync_RWMutex_TryRLock(&rw) && !sync_RWMutex_TryLock(&rw));
  sync_RWMutex_RUnlock(&rw);
  sync_RWMutex_RUnlock(&rw);
  CHECK(sync_RWMutex_TryLock(&rw) && !sync_RWMutex_TryRLock(&rw));
  sync_RWMutex_Unlock(&rw);
}

/* ---- WaitGroup misuse and Cond (notify lists) ---- */
static notifyList nl;
static GoMutex condmu;
static int condready, condwoken; /* condmu */
static GoWaitGroup condwg;
static void cond_waiter(void *arg) {
  (void)arg;
  sync_Mutex_Lock(&condmu);
  while (!condready) {
    uint32_t t = notifyListAdd(&nl);
    sync_Mutex_Unlock(&condmu);
    notifyListWait(&nl, t);
    sync_Mutex_Lock(&condmu);
  }
  condwoken++;
  sync_Mutex_Unlock(&condmu);
  wg_done(&condwg);
}

static void test_waitgroup_cond(void) {
  GoWaitGroup w = {0};
  CHECK(strcmp(sync_WaitGroup_Add(&w, -1), "sync: negative WaitGroup counter") == 0);
  enum { CondWaiters = 20 };
  CHECK(sync_WaitGroup_Add(&condwg, CondWaiters) == NULL);
  for (int i = 0; i < CondWaiters; i++) newproc(cond_waiter, NULL);
  /* Wait until they all sleep, then Signal one spuriously (it rechecks and sleeps again). */
  while (__atomic_load_n(&nl.wait, __ATOMIC_ACQUIRE) < CondWaiters) gosched();
  notifyListNotifyOne(&nl);
  sync_Mutex_Lock(&condmu);
  condready = 1;
  sync_Mutex_Unlock(&condmu);
  notifyListNotifyAll(&nl);
  wg_wait(&condwg);
  CHECK(condwoken == CondWaiters);
}

/* ---- failure modes (subprocess tests) ---- */
static void block_forever(const char *mode) {
  int64_t v = 0;
  bool b;
  if (strcmp(mode, "deadlock_send") == 0) {
    chansend(mk(&t_int64, 0), &v, true, &b);
  } else if (strcmp(mode, "deadlock_recv") == 0) {
    chanrecv(mk(&t_int64, 1), &v, true, &b);
  } else if (strcmp(mode, "deadlock_nil") == 0) {
    chanrecv(NULL, &v, true, &b);
  } else if (strcmp(mode, "deadlock_select") == 0) {
    chanerr err;
    selectgo(NULL, 0, true, &b, &err);
  } else if (strcmp(mode, "deadlock_select_nil") == 0) {
    chanerr err;
    scase cs[2] = {{NULL, &v, true}, {mk(&t_int64, 0), &v, false}};
    selectgo(cs, 2, true, &b, &err);
  } else if (strcmp(mode, "deadlock_sema") == 0) {
    static uint32_t s;
    semacquire(&s);
  }
  fprintf(stderr, "FAIL: %s returned\n", mode);
  runtime_exit(1);
}

void main_main(void) {
  const char *mode = runtime_argc() > 1 ? runtime_argv()[1] : "";
  if (strncmp(mode, "deadlock_", 9) == 0) block_forever(mode);
  if (strcmp(mode, "unlock_unlocked") == 0) {
    GoMutex m = {0, 0};
    sync_Mutex_Unlock(&m);
    runtime_exit(1);
  }
  if (strcmp(mode, "runlock_unlocked") == 0) {
    GoRWMutex m;
    memset(&m, 0, sizeof m);
    sync_RWMutex_RUnlock(&m);
    runtime_exit(1);
  }
  static const struct {
    const char *name;
    void (*fn)(void);
  } tests[] = {
      {"basic", test_basic},
      {"pingpong", test_pingpong},
      {"prodcons", test_prodcons},
      {"fifo", test_fifo},
      {"close", test_close},
      {"nil", test_nil},
      {"select_default", test_select_default},
      {"select_big", test_select_big},
      {"nonblocking", test_nonblocking},
      {"select_fair", test_select_fair},
      {"select_block", test_select_block},
      {"select_storm", test_select_storm},
      {"select_duplex", test_select_duplex},
      {"many", test_many},
      {"sema", test_sema},
      {"sema_addrs", test_sema_addrs},
      {"rwmutex", test_rwmutex},
      {"waitgroup_cond", test_waitgroup_cond},
  };
  bool any = false;
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (*mode && strcmp(mode, tests[i].name) != 0) continue;
    any = true;
    int64_t t0 = nanotime();
    tests[i].fn();
    printf("ok %s (%.0f ms)\n", tests[i].name, (double)(nanotime() - t0) / 1e6);
    fflush(stdout);
  }
  CHECK(any);
  printf("PASS\n");
}

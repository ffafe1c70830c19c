/* Randomness and hashing seeds (Go's alginit / fastrand).
 *
 * The process seed comes from the kernel's AT_RANDOM bytes (auxv) or getrandom. Each M has its own
 * fastrand state (m.fastrand, owner only), seeded from the process seed and the M id, so fastrand
 * needs no lock. Threads without an M use a global atomic generator. */
#include <string.h>

#include "runtime/internal.h"

static uintptr_t hashkey[4];
static uint64_t globalrand; /* atomic */

void alginit(void) {
  uint8_t seed[32];
  if (startupRandomData) {
    memcpy(seed, startupRandomData, 16);
    runtime_getrandom(seed + 16, 16);
  } else {
    runtime_getrandom(seed, sizeof seed);
  }
  memcpy(hashkey, seed, sizeof hashkey);
  for (int i = 0; i < 4; i++) hashkey[i] |= 1; /* odd multipliers */
  __atomic_store_n(&globalrand, (uint64_t)hashkey[1], __ATOMIC_RELAXED);
}

uintptr_t runtime_hashseed(void) { return hashkey[0]; }

/* Seeds a new M's generator (mcommoninit, sched.lock held). */
void fastrandinit(m *mp) {
  uint64_t s = (uint64_t)hashkey[2] ^ ((uint64_t)mp->id * 0x9E3779B97F4A7C15ull) ^ (uint64_t)nanotime();
  mp->fastrand[0] = (uint32_t)s | 1;
  mp->fastrand[1] = (uint32_t)(s >> 32) | 1;
}

/* wyrand-style step over a 64-bit state. */
static inline uint64_t wymix(uint64_t a, uint64_t b) {
  __uint128_t r = (__uint128_t)a * b;
  return (uint64_t)r ^ (uint64_t)(r >> 64);
}

uint64_t fastrand64(void) {
  g *gp = getg();
  m *mp = gp ? gp->m : NULL;
  if (mp) {
    uint64_t s = ((uint64_t)mp->fastrand[1] << 32 | mp->fastrand[0]) + 0xa0761d6478bd642full;
    mp->fastrand[0] = (uint32_t)s;
    mp->fastrand[1] = (uint32_t)(s >> 32);
    return wymix(s, s ^ 0xe7037ed1a0b428dbull);
  }
  uint64_t s = __atomic_add_fetch(&globalrand, 0xa0761d6478bd642full, __ATOMIC_RELAXED);
  return wymix(s, s ^ 0xe7037ed1a0b428dbull);
}

uint32_t fastrand(void) { return (uint32_t)fastrand64(); }

/* Natives of package math/rand (stdlib/math_rand.gol): seeding Go's additive lagged Fibonacci
 * generator, and the ziggurat tables. The state vector lives in a gol []int64 of RAND_LEN elements; stepping it is gol. */
#include "stdlib/math_rand.h"

#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"

/* x[n+1] = 48271 * x[n] mod (2**31 - 1), by Schrage's method in 32-bit arithmetic. */
static int32_t seedrand(int32_t x) {
  const int32_t a = 48271, q = 44488, r = 3399;
  int32_t hi = x / q, lo = x % q;
  x = a * lo - r * hi;
  if (x < 0) x += INT32_MAX;
  return x;
}

/* seedVec(vec []int64, seed int64): Go's rngSource.Seed on the state vector (len RAND_LEN). */
static void rand_seedVec(VMThread *th, Slot *args, Slot *res) {
  (void)res;
  GoSlice v = arg_slice(args);
  int64_t seed = (int64_t)args[3];
  if (v.len != RAND_LEN) {
    vm_panic_runtime(th, "math/rand: bad state vector");
    return;
  }
  int64_t *vec = v.ptr;
  seed %= INT32_MAX;
  if (seed < 0) seed += INT32_MAX;
  if (seed == 0) seed = 89482311;
  int32_t x = (int32_t)seed;
  for (int i = -20; i < RAND_LEN; i++) {
    x = seedrand(x);
    if (i >= 0) {
      uint64_t u = (uint64_t)(int64_t)x << 40;
      x = seedrand(x);
      u ^= (uint64_t)(int64_t)x << 20;
      x = seedrand(x);
      u ^= (uint64_t)(int64_t)x;
      u ^= (uint64_t)rand_cooked[i];
      vec[i] = (int64_t)u;
    }
  }
}

/* fillZiggurat(kn, wn, fn, ke, we, fe): copies the ziggurat tables into the package's arrays. */
static void rand_fillZiggurat(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  (void)res;
  memcpy((void *)(uintptr_t)args[0], rand_kn, sizeof rand_kn);
  memcpy((void *)(uintptr_t)args[1], rand_wn, sizeof rand_wn);
  memcpy((void *)(uintptr_t)args[2], rand_fn, sizeof rand_fn);
  memcpy((void *)(uintptr_t)args[3], rand_ke, sizeof rand_ke);
  memcpy((void *)(uintptr_t)args[4], rand_we, sizeof rand_we);
  memcpy((void *)(uintptr_t)args[5], rand_fe, sizeof rand_fe);
}

const StdNative stdlib_math_rand_natives[] = {
    {"seedVec", (void *)rand_seedVec},
    {"fillZiggurat", (void *)rand_fillZiggurat},
    {NULL, NULL},
};

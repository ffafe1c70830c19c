/* Helpers shared by the standard library's natives: reading arguments from and writing results to
 * VM slots (vm/native.h, vm/value.h), and the process's output streams. */
#ifndef GOL_STDLIB_NATIVES_UTIL_H
#define GOL_STDLIB_NATIVES_UTIL_H

#include <stdint.h>
#include <string.h>
#include "vm/native.h"
#include "vm/value.h"

static inline GoString arg_str(const Slot *a) {
  GoString s = {(const uint8_t *)(uintptr_t)a[0], (int64_t)a[1]};
  return s;
}
static inline GoSlice arg_slice(const Slot *a) {
  GoSlice s = {(void *)(uintptr_t)a[0], (int64_t)a[1], (int64_t)a[2]};
  return s;
}
static inline GoEface arg_eface(const Slot *a) {
  GoEface e = {(const struct Type *)(uintptr_t)a[0], (void *)(uintptr_t)a[1]};
  return e;
}
static inline double arg_f64(const Slot *a) {
  double d;
  memcpy(&d, a, 8);
  return d;
}
static inline void ret_str(Slot *r, GoString s) {
  r[0] = (Slot)(uintptr_t)s.ptr;
  r[1] = (Slot)s.len;
}
static inline void ret_slice(Slot *r, GoSlice s) {
  r[0] = (Slot)(uintptr_t)s.ptr;
  r[1] = (Slot)s.len;
  r[2] = (Slot)s.cap;
}
static inline void ret_f64(Slot *r, double d) { memcpy(r, &d, 8); }
static inline void ret_bool(Slot *r, int b) { r[0] = b != 0; }

/* panic(msg) with a string value, as Go's library code does for misuse. Defined in os.c. */
void stdlib_panic_string(VMThread *th, const char *msg);

/* Writes p[0:n] to file descriptor fd through stdio, keeping the order of standard output and
 * standard error: stdout is flushed before anything goes to stderr (the runtime flushes stdout at
 * exit and before printing a panic). Returns the bytes written, or -errno. Defined in os.c. */
int64_t stdlib_write(int fd, const void *p, size_t n);

#endif

/* Natives of package os (stdlib/os.gol). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lang/typesys.h"
#include "runtime/runtime.h"
#include "stdlib/natives_util.h"
#include "stdlib/os_file.h"
#include "stdlib/stdlib.h"

/* The script's arguments as the driver registered them (stdlib.c). */
char **stdlib_args(int *argc);

int64_t stdlib_write(int fd, const void *p, size_t n) {
  FILE *f = fd == 1 ? stdout : fd == 2 ? stderr : NULL;
  int64_t done = 0;
  entersyscall();
  if (f) {
    if (fd == 2) fflush(stdout);
    done = (int64_t)fwrite(p, 1, n, f);
    if (done < (int64_t)n) done = -(errno ? errno : EIO);
    if (fd == 2) fflush(stderr);
  } else {
    while ((size_t)done < n) {
      ssize_t w = write(fd, (const char *)p + done, n - (size_t)done);
      if (w < 0) {
        if (errno == EINTR) continue;
        done = -errno;
        break;
      }
      done += w;
    }
  }
  exitsyscall();
  return done;
}

void stdlib_panic_string(VMThread *th, const char *msg) {
  GoString *s = vm_alloc(sizeof(GoString), types_basic(K_STRING));
  *s = vm_string_copy(msg, strlen(msg));
  GoEface e = {types_basic(K_STRING), s};
  vm_panic_value(th, e);
}

static void write_result(Slot *res, int64_t r, size_t n) {
  if (r >= 0) {
    res[0] = (Slot)r;
    return;
  }
  const char *msg = strerror((int)-r);
  res[0] = 0;
  (void)n;
  ret_str(res + 1, vm_string_copy(msg, strlen(msg)));
}

static void os_write(VMThread *th, Slot *args, Slot *res) {
  GoSlice b = arg_slice(args + 1);
  write_result(res, stdlib_write((int)(int64_t)args[0], b.ptr, (size_t)b.len), (size_t)b.len);
}

static void os_writeString(VMThread *th, Slot *args, Slot *res) {
  GoString s = arg_str(args + 1);
  write_result(res, stdlib_write((int)(int64_t)args[0], s.ptr, (size_t)s.len), (size_t)s.len);
}

static void os_runtimeArgs(VMThread *th, Slot *args, Slot *res) {
  int argc = 0;
  char **argv = stdlib_args(&argc);
  if (argc <= 0 || !argv) return;
  GoString *v = vm_alloc((size_t)argc * sizeof(GoString), types_basic(K_STRING));
  for (int i = 0; i < argc; i++) v[i] = vm_string_copy(argv[i], strlen(argv[i]));
  GoSlice s = {v, argc, argc};
  ret_slice(res, s);
}

static void os_Exit(VMThread *th, Slot *args, Slot *res) { runtime_exit((int)(int64_t)args[0]); }

/* getenv on a NUL-terminated copy of the key (a key holding NUL is never set). */
static const char *lookup(GoString key) {
  if (memchr(key.ptr, 0, (size_t)key.len)) return NULL;
  char small[256];
  char *k = key.len < (int64_t)sizeof small ? small : malloc((size_t)key.len + 1);
  if (!k) return NULL;
  memcpy(k, key.ptr, (size_t)key.len);
  k[key.len] = 0;
  const char *v = getenv(k);
  if (k != small) free(k);
  return v;
}

static void os_Getenv(VMThread *th, Slot *args, Slot *res) {
  const char *v = lookup(arg_str(args));
  if (v) ret_str(res, vm_string_copy(v, strlen(v)));
}

void os_LookupEnv(VMThread *th, Slot *args, Slot *res) {
  const char *v = lookup(arg_str(args));
  if (!v) return;
  ret_str(res, vm_string_copy(v, strlen(v)));
  res[2] = 1;
}

static void os_Getpid(VMThread *th, Slot *args, Slot *res) { res[0] = (Slot)getpid(); }

const StdNative stdlib_os_natives[] = {
    {"runtimeArgs", (void *)os_runtimeArgs},
    {"write", (void *)os_write},
    {"writeString", (void *)os_writeString},
    {"Exit", (void *)os_Exit},
    {"Getenv", (void *)os_Getenv},
    {"LookupEnv", (void *)os_LookupEnv},
    {"Getpid", (void *)os_Getpid},
#define OS_FILE_ENTRY(name) {#name, (void *)os_file_##name},
    OS_FILE_NATIVES(OS_FILE_ENTRY)
#undef OS_FILE_ENTRY
    {NULL, NULL},
};

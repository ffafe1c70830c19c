/* Natives of package os for files, directories and the environment (see os_file.h). Every
 * blocking system call is bracketed by entersyscall/exitsyscall; nothing between the two touches
 * goroutine state or allocates Go memory. Strings are copied to NUL-terminated C strings (with
 * malloc, outside the bracket) first; a name holding a NUL byte fails with EINVAL as in Go. */
#define _GNU_SOURCE
#include "stdlib/os_file.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/utsname.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang/typesys.h"
#include "runtime/runtime.h"
#include "stdlib/natives_util.h"

extern char **environ;

char *os_cstr(GoString s) {
  if (s.len && memchr(s.ptr, 0, (size_t)s.len)) return NULL; /* s.ptr may be NULL when empty */
  char *c = malloc((size_t)s.len + 1);
  if (!c) return NULL;
  if (s.len) memcpy(c, s.ptr, (size_t)s.len);
  c[s.len] = 0;
  return c;
}

static void ret_int(Slot *r, int64_t v) { r[0] = (Slot)v; }

static void ret_cstr(Slot *r, const char *s) { ret_str(r, vm_string_copy(s, strlen(s))); }

/* write(2) loop on a descriptor; standard output and error keep stdio order (stdlib_write). */
static void write_common(Slot *res, int fd, const void *p, size_t n) {
  int64_t r = stdlib_write(fd, p, n);
  if (r < 0) {
    ret_int(res, 0);
    ret_int(res + 1, -r);
  } else {
    ret_int(res, r);
  }
}

void os_file_writeFd(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  GoSlice b = arg_slice(args + 1);
  write_common(res, (int)(int64_t)args[0], b.ptr, (size_t)b.len);
}

void os_file_writeStringFd(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  GoString s = arg_str(args + 1);
  write_common(res, (int)(int64_t)args[0], s.ptr, (size_t)s.len);
}

void os_file_readFd(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  int fd = (int)(int64_t)args[0];
  GoSlice b = arg_slice(args + 1);
  ssize_t n;
  entersyscall(); /* the flush may block too, on a full pipe */
  if (fd == 0) fflush(stdout); /* an interactive prompt printed with fmt shows before blocking */
  do n = read(fd, b.ptr, (size_t)b.len);
  while (n < 0 && errno == EINTR);
  int e = errno;
  exitsyscall();
  if (n < 0) ret_int(res + 1, e);
  else ret_int(res, n);
}

void os_file_openFd(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *name = os_cstr(arg_str(args));
  if (!name) {
    ret_int(res + 1, EINVAL);
    return;
  }
  int flag = (int)(int64_t)args[2];
  mode_t perm = (mode_t)(uint32_t)args[3];
  int fd;
  entersyscall();
  do fd = open(name, flag | O_CLOEXEC, perm);
  while (fd < 0 && errno == EINTR);
  int e = errno;
  exitsyscall();
  free(name);
  if (fd < 0) ret_int(res + 1, e);
  else ret_int(res, fd);
}

void os_file_closeFd(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  int fd = (int)(int64_t)args[0];
  entersyscall();
  if (fd == 1) fflush(stdout);
  if (fd == 2) fflush(stderr);
  int r = close(fd);
  int e = errno;
  exitsyscall();
  if (r < 0 && e != EINTR) ret_int(res, e);
}

void os_file_seekFd(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  entersyscall();
  off_t r = lseek((int)(int64_t)args[0], (off_t)(int64_t)args[1], (int)(int64_t)args[2]);
  int e = errno;
  exitsyscall();
  if (r < 0) ret_int(res + 1, e);
  else ret_int(res, r);
}

/* Go's messages are the C library's with a lower-case first letter ("no such file or
 * directory"); unknown numbers read "errno N" as in Go. */
void os_file_errstr(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  int e = (int)(int64_t)args[0];
  char buf[128];
  const char *m = (e > 0 && e < 4096) ? strerror(e) : NULL;
  if (!m || strncmp(m, "Unknown error", 13) == 0) snprintf(buf, sizeof buf, "errno %d", e);
  else snprintf(buf, sizeof buf, "%s", m);
  buf[0] = (char)tolower((unsigned char)buf[0]);
  ret_cstr(res, buf);
}

/* Go's io/fs.FileMode bits for a stat mode. */
static uint32_t go_mode(mode_t m) {
  uint32_t g = m & 0777;
  switch (m & S_IFMT) {
  case S_IFBLK: g |= 1u << 26; break;
  case S_IFCHR: g |= (1u << 26) | (1u << 21); break;
  case S_IFDIR: g |= 1u << 31; break;
  case S_IFIFO: g |= 1u << 25; break;
  case S_IFLNK: g |= 1u << 27; break;
  case S_IFSOCK: g |= 1u << 24; break;
  default: break;
  }
  if (m & S_ISGID) g |= 1u << 22;
  if (m & S_ISUID) g |= 1u << 23;
  if (m & S_ISVTX) g |= 1u << 20;
  return g;
}

/* statPath(name, follow) (size int64, mode uint32, mtime int64, e int) */
void os_file_statPath(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *name = os_cstr(arg_str(args));
  if (!name) {
    ret_int(res + 3, EINVAL);
    return;
  }
  bool follow = args[2] != 0;
  struct stat st;
  entersyscall();
  int r = follow ? stat(name, &st) : lstat(name, &st);
  int e = errno;
  exitsyscall();
  free(name);
  if (r < 0) {
    ret_int(res + 3, e);
    return;
  }
  ret_int(res, st.st_size);
  res[1] = (Slot)go_mode(st.st_mode);
  ret_int(res + 2, (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
}

void os_file_mkdir(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *name = os_cstr(arg_str(args));
  if (!name) {
    ret_int(res, EINVAL);
    return;
  }
  entersyscall();
  int r = mkdir(name, (mode_t)(uint32_t)args[2]);
  int e = errno;
  exitsyscall();
  free(name);
  if (r < 0) ret_int(res, e);
}

/* Go's Remove: unlink, then rmdir; the rmdir error wins unless it is ENOTDIR. */
void os_file_remove(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *name = os_cstr(arg_str(args));
  if (!name) {
    ret_int(res, EINVAL);
    return;
  }
  int e = 0;
  entersyscall();
  if (unlink(name) < 0) {
    e = errno;
    if (rmdir(name) == 0) e = 0;
    else if (errno != ENOTDIR) e = errno;
  }
  exitsyscall();
  free(name);
  ret_int(res, e);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)ftw;
  int r = (flag == FTW_DP || flag == FTW_D) ? rmdir(path) : unlink(path);
  return r < 0 && errno != ENOENT ? errno : 0;
}

/* Removes a tree (symbolic links are removed, not followed); a missing path is success. */
void os_file_removeAll(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *name = os_cstr(arg_str(args));
  if (!name) {
    ret_int(res, EINVAL);
    return;
  }
  struct stat st;
  int e = 0;
  entersyscall();
  if (lstat(name, &st) < 0) e = errno == ENOENT ? 0 : errno;
  else if (!S_ISDIR(st.st_mode)) e = unlink(name) < 0 && errno != ENOENT ? errno : 0;
  else e = nftw(name, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  if (e < 0) e = errno;
  exitsyscall();
  free(name);
  ret_int(res, e);
}

/* mkdirTemp(dir, prefix, suffix) (string, int): prefix+random+suffix with mode 0700. */
void os_file_mkdirTemp(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *prefix = os_cstr(arg_str(args + 2)), *suffix = os_cstr(arg_str(args + 4));
  int e = EINVAL;
  char path[PATH_MAX];
  for (int try = 0; prefix && suffix && try < 10000; try++) {
    snprintf(path, sizeof path, "%s%u%s", prefix, fastrand(), suffix);
    entersyscall();
    int r = mkdir(path, 0700);
    e = r < 0 ? errno : 0;
    exitsyscall();
    if (e != EEXIST) break;
  }
  free(prefix);
  free(suffix);
  if (e) ret_int(res + 2, e);
  else ret_cstr(res, path);
}

void os_file_environ(VMThread *th, Slot *args, Slot *res) {
  (void)th, (void)args;
  int n = 0;
  for (char **e = environ; e && *e; e++) n++;
  GoString *v = vm_alloc((size_t)(n ? n : 1) * sizeof(GoString), types_basic(K_STRING));
  for (int i = 0; i < n; i++) v[i] = vm_string_copy(environ[i], strlen(environ[i]));
  GoSlice s = {v, n, n};
  ret_slice(res, s);
}

void os_file_setenv(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *k = os_cstr(arg_str(args)), *v = os_cstr(arg_str(args + 2));
  if (!k || !v || !*k || strchr(k, '=')) ret_int(res, EINVAL);
  else if (setenv(k, v, 1) < 0) ret_int(res, errno);
  free(k);
  free(v);
}

void os_file_unsetenv(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *k = os_cstr(arg_str(args));
  if (!k) ret_int(res, EINVAL);
  else if (unsetenv(k) < 0) ret_int(res, errno);
  free(k);
}

void os_file_getwd(VMThread *th, Slot *args, Slot *res) {
  (void)th, (void)args;
  char buf[PATH_MAX];
  if (!getcwd(buf, sizeof buf)) ret_int(res + 2, errno);
  else ret_cstr(res, buf);
}

void os_file_chdir(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *d = os_cstr(arg_str(args));
  if (!d) ret_int(res, EINVAL);
  else if (chdir(d) < 0) ret_int(res, errno);
  free(d);
}

/* Go's d_type mapping for a directory entry: the FileMode type bits (go_mode of the file type). */
static uint32_t dirent_type(const char *dir, const struct dirent *d) {
  switch (d->d_type) {
  case DT_BLK: return go_mode(S_IFBLK);
  case DT_CHR: return go_mode(S_IFCHR);
  case DT_DIR: return go_mode(S_IFDIR);
  case DT_FIFO: return go_mode(S_IFIFO);
  case DT_LNK: return go_mode(S_IFLNK);
  case DT_REG: return go_mode(S_IFREG);
  case DT_SOCK: return go_mode(S_IFSOCK);
  default: break;
  }
  /* DT_UNKNOWN: ask lstat, as Go does. */
  char path[PATH_MAX];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
  return lstat(path, &st) == 0 ? go_mode(st.st_mode & S_IFMT) : 0;
}

typedef struct DirList {
  char **names;
  uint32_t *types;
  int n, cap;
} DirList;

static int dirlist_add(DirList *l, const char *name, uint32_t type) {
  if (l->n == l->cap) {
    int cap = l->cap ? 2 * l->cap : 16;
    char **nn = realloc(l->names, (size_t)cap * sizeof *nn);
    if (nn) l->names = nn;
    uint32_t *nt = realloc(l->types, (size_t)cap * sizeof *nt);
    if (nt) l->types = nt;
    if (!nn || !nt) return ENOMEM;
    l->cap = cap;
  }
  if (!(l->names[l->n] = strdup(name))) return ENOMEM;
  l->types[l->n++] = type;
  return 0;
}

/* readDirNames(name) (names []string, types []uint32, e int, op string): the entries of a
 * directory but "." and "..", in directory order, with their FileMode type bits. e is the errno of
 * the failing step op ("open" or "readdirent"); the entries read before a failure are returned. */
void os_file_readDirNames(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *name = os_cstr(arg_str(args));
  if (!name) {
    ret_int(res + 6, EINVAL);
    ret_cstr(res + 7, "open");
    return;
  }
  DirList l = {0};
  int e = 0;
  const char *op = "open";
  entersyscall();
  DIR *d = opendir(name);
  if (!d) e = errno;
  if (e == ENOTDIR) op = "readdirent"; /* Go opens without O_DIRECTORY and fails reading */
  while (d && !e) {
    errno = 0;
    struct dirent *ent = readdir(d);
    if (!ent) {
      e = errno;
      op = "readdirent";
      break;
    }
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
    e = dirlist_add(&l, ent->d_name, dirent_type(name, ent));
  }
  if (d) closedir(d);
  exitsyscall();
  free(name);
  GoString *names = vm_alloc((size_t)(l.n ? l.n : 1) * sizeof(GoString), types_basic(K_STRING));
  uint32_t *types = vm_alloc((size_t)(l.n ? l.n : 1) * sizeof(uint32_t), NULL);
  for (int i = 0; i < l.n; i++) {
    names[i] = vm_string_copy(l.names[i], strlen(l.names[i]));
    types[i] = l.types[i];
    free(l.names[i]);
  }
  free(l.names);
  free(l.types);
  ret_slice(res, (GoSlice){names, l.n, l.n});
  ret_slice(res + 3, (GoSlice){types, l.n, l.n});
  if (e) {
    ret_int(res + 6, e);
    ret_cstr(res + 7, op);
  }
}

/* rename(old, new) int: errno or 0. */
void os_file_rename(VMThread *th, Slot *args, Slot *res) {
  (void)th;
  char *from = os_cstr(arg_str(args)), *to = os_cstr(arg_str(args + 2));
  int e = EINVAL;
  if (from && to) {
    entersyscall();
    e = rename(from, to) < 0 ? errno : 0;
    exitsyscall();
  }
  free(from);
  free(to);
  ret_int(res, e);
}

/* hostname() (string, int): the kernel's node name (uname(2), as Go asks first). */
void os_file_hostname(VMThread *th, Slot *args, Slot *res) {
  (void)th, (void)args;
  struct utsname un;
  if (uname(&un) < 0) ret_int(res + 2, errno);
  else ret_cstr(res, un.nodename);
}

/* executable() (string, int): the running binary, /proc/self/exe's target without the
 * " (deleted)" suffix Linux adds once the file is gone (Go's rule). */
void os_file_executable(VMThread *th, Slot *args, Slot *res) {
  (void)th, (void)args;
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n < 0) {
    ret_int(res + 2, errno);
    return;
  }
  buf[n] = 0;
  static const char deleted[] = " (deleted)";
  size_t dl = sizeof deleted - 1;
  if ((size_t)n >= dl && strcmp(buf + n - dl, deleted) == 0) buf[n - dl] = 0;
  ret_cstr(res, buf);
}

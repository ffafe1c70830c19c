/* Natives of package os for files, directories and the environment (stdlib/os_file.c); os.c lists
 * them in stdlib_os_natives. Each returns Go's errno number (0: success) next to its result; the
 * gol side (stdlib/os.gol) wraps it in *PathError / *SyscallError with os.Errno. */
#ifndef GOL_STDLIB_OS_FILE_H
#define GOL_STDLIB_OS_FILE_H

#include "vm/native.h"

#define OS_FILE_NATIVES(X)                                                                     \
  X(writeFd) X(writeStringFd) X(readFd) X(openFd) X(closeFd) X(errstr) X(statPath) X(mkdir)    \
  X(remove) X(removeAll) X(mkdirTemp) X(environ) X(setenv) X(unsetenv) X(getwd) X(chdir)       \
  X(seekFd) X(readDirNames) X(rename) X(hostname) X(executable)

#define OS_FILE_DECLARE(name) void os_file_##name(VMThread *th, Slot *args, Slot *res);
OS_FILE_NATIVES(OS_FILE_DECLARE)
#undef OS_FILE_DECLARE

/* LookupEnv(key) (string, bool); package time reads $TZ and $ZONEINFO with it too. */
void os_LookupEnv(VMThread *th, Slot *args, Slot *res);

/* A malloc'd NUL-terminated copy of s, or NULL when s contains a NUL (or memory ran out). */
char *os_cstr(GoString s);

#endif

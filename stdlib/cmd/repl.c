/* `gol` with no arguments: the interactive loop around lang/repl.h.
 *
 * Input is read from standard input line by line. When it is a terminal, a prompt is written
 * before each line ("> " for a new input, ". " while an input continues); otherwise there are no
 * prompts, so a session can be piped in. A line is appended to the pending input, which is
 * evaluated; an incomplete input waits for the next line. End of file ends the session with
 * status 0 (a pending incomplete input is reported as the syntax error it is first). There is no
 * line editing beyond what the terminal's own line discipline offers.
 *
 * Reading blocks in a system call bracketed by entersyscall/exitsyscall, so goroutines started by
 * earlier inputs keep running while the REPL waits for a line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/repl.h"
#include "runtime/runtime.h"
#include "stdlib/cmd/repl.h"

typedef struct LineReader {
  char buf[4096];
  size_t start, end; /* unread bytes: buf[start:end] */
  bool eof;
} LineReader;

static void write_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

/* Appends the next line (with its '\n', if any) to *text. False at end of input. */
static bool read_line(LineReader *r, char **text, size_t *len, size_t *cap) {
  bool got = false;
  for (;;) {
    while (r->start < r->end) {
      char ch = r->buf[r->start++];
      if (*len + 2 > *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *text = realloc(*text, *cap);
        if (!*text) abort();
      }
      (*text)[(*len)++] = ch;
      got = true;
      if (ch == '\n') return true;
    }
    if (r->eof) return got;
    entersyscall();
    ssize_t n;
    do n = read(0, r->buf, sizeof r->buf);
    while (n < 0 && errno == EINTR);
    exitsyscall();
    if (n <= 0) r->eof = true;
    else r->start = 0, r->end = (size_t)n;
  }
}

void repl_main(void) {
  bool tty = isatty(0) && isatty(1);
  ReplSession *s = repl_new();
  LineReader r = {.eof = false};
  char *text = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (tty) write_all(1, len ? ". " : "> ", 2);
    if (!read_line(&r, &text, &len, &cap)) break;
    if (repl_eval(s, text, len, false, stderr) != REPL_INCOMPLETE) len = 0;
  }
  if (len) repl_eval(s, text, len, true, stderr);
  if (tty) write_all(1, "\n", 1);
  free(text);
}

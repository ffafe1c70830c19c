/* The lexer: Go's lexical grammar (re2c, lexer.re), feeding the Lemon parser one token at a time.
 *
 * Tokens carry Lemon's codes (TK_* from the generated parser.h). Beyond Go's scanner the lexer
 * does one piece of parsing work, the classic one of Go's old yacc grammar: it tells the body
 * brace of if/for/switch/select apart from other braces.
 *
 *   Every '(' '[' '{' opens a bracket frame, its closer pops it. The keywords if, for, switch and
 *   select set the current frame's "header" flag; a '{' read while the flag is set is returned as
 *   TK_LBODY instead of TK_LBRACE. The grammar takes TK_LBODY as the statement body, as the brace
 *   of a composite literal whose type is a type literal ([]T{...}, map[K]V{...}, struct{...}{...})
 *   and as the brace of a function literal, but never as the brace of a composite literal whose
 *   type is a bare name (Go: "T{} in an if header must be parenthesized"). When the parser takes
 *   a TK_LBODY as the statement body it calls lex_end_header(tok.depth), clearing the flag of the
 *   frame the token was read in; that frame outlives the body, so the call is correct whether
 *   Lemon reduces before or after reading the next token.
 *
 * Invariant: the lexer never reads past text[len] (the file table keeps a NUL there); NUL bytes,
 * invalid UTF-8 and misplaced BOMs are reported and dropped by a first pass, as Go's source
 * reader does. */
#ifndef GOL_LANG_LEXER_H
#define GOL_LANG_LEXER_H

#include <stdbool.h>
#include <stdint.h>
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/source.h"

/* One token. s: identifiers (interned); for TK_SEMI "semicolon", "newline" or "EOF" (what Go's
 * messages call it). lit: TK_LITERAL's N_BASICLIT. op: T_* / character code of assignment
 * operators (TK_ASSIGNOP) and operators. depth: TK_LBODY's frame (see above). */
typedef struct Tok {
  Pos pos;
  int32_t depth;
  uint16_t op;
  const char *s;
  Node *lit;
} Tok;

/* An open bracket: its token, the token before it, and the header keyword (TK_IF, TK_FOR,
 * TK_SWITCH, TK_SELECT) whose body brace is still to come at this depth, or 0. */
typedef struct LexFrame {
  int16_t open, before, hdr;
} LexFrame;

typedef struct Lexer {
  const char *src, *cur, *lim, *tok, *mark; /* lim = src + len; *lim == '\0' */
  const char *linestart;
  uint32_t line;
  uint16_t file;
  bool nlsemi;   /* a newline here is a semicolon */
  bool eof_done; /* the EOF semicolon has been returned */
  Arena *arena;
  Diag *diag;
  LexFrame *frames; /* one per open bracket; frames[0] is the file level */
  int32_t depth, cap;
  int last;          /* code of the last token returned */
  int nerrors;     /* lexical errors reported */
  bool unterminated; /* a raw string or comment ran into the end of the input */
} Lexer;

/* Prepares to scan file; reports encoding errors of the whole file at once. */
void lex_init(Lexer *lx, uint16_t file, Arena *a, Diag *d);
/* Prepares to scan file from byte offset `offset`, the start of a token at pos, as a file-level
 * scan would have reached it (no encoding pass: the file was scanned whole before). */
void lex_init_at(Lexer *lx, uint16_t file, Arena *a, Diag *d, uint32_t offset, Pos pos);
/* Whether the lexer scans file's text as registered (no encoding errors were cleaned up), so
 * byte offsets of its tokens are offsets into src_file(file)->text. */
static inline bool lex_text_is_source(const Lexer *lx) { return lx->src == src_file(lx->file)->text; }
void lex_free(Lexer *lx);
/* Scans the next token into *t; returns its code, 0 at the end of input. */
int lex_next(Lexer *lx, Tok *t);
/* Skips the rest of a function body whose '{' was just scanned: bytes up to the matching '}'
 * (comments, strings and rune literals honoured, lines counted), which it returns in *t as
 * TK_RBRACE; 0 at the end of input. No tokens are made: a fast path for bodies parsed later. */
int lex_skip_body(Lexer *lx, Tok *t);
/* Skips the rest of a top-level declaration whose first tokens were scanned (brackets they
 * opened are closed in the bytes skipped): bytes up to the newline or ';' that ends it outside
 * brackets, consumed (the semicolon is not returned). False at the end of input. Correct for
 * gofmt'ed declarations, whose lines never continue at depth 0. */
bool lex_skip_decl(Lexer *lx);
/* The parser took the TK_LBODY read in frame depth as a statement body. */
void lex_end_header(Lexer *lx, int32_t depth);
/* Go's name of a token code, as in "unexpected X": "name", "literal", "comma", "{" ... */
const char *lex_token_name(int code);

#endif

/* Parser internals shared by the Lemon grammar (parser.y) and the driver and builders (parse.c).
 * Not for the rest of the compiler: it uses parse.h. */
#ifndef GOL_LANG_PARSE_INT_H
#define GOL_LANG_PARSE_INT_H

#include <stdbool.h>
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/lexer.h"

/* The parser's state (Lemon's %extra_context). */
typedef struct Parser {
  Arena *a;
  Diag *d;
  Lexer *lx;
  Node *result;     /* N_FILE, or the REPL's N_BLOCK */
  bool failed;      /* a syntax error was reported: stop feeding tokens */
  bool repl;
  bool incomplete;  /* REPL: the error is at the end of the input */
  /* the token being fed and the codes of the four before it (hist[0] the latest), for messages */
  int code, hist[4];
  Pos histpos[4];
  Tok tok, prevtok;
  /* Lazy bodies (parse_file_lazy, parse_body). skipbodies: the body of every top-level function
   * is skipped by the driver, which feeds only its braces to the grammar; infunc: a top-level
   * `func` has been read and its body brace is still to come; skipped: the '{' of the body just
   * skipped, which pb_block marks NF_LAZYBODY. body: parsing one such body (BODY fbody). */
  bool skipbodies, infunc, body;
  Pos skippos;
  uint32_t skipoff;
  /* Lazy declarations (parse_file_lazy, parse_decl): top-level functions, methods and
   * ungrouped type declarations are skipped whole and recorded as stubs (NF_LAZYDECL), which
   * pb_file merges into the file's declarations. decl: parsing one such declaration (DECL
   * topdecl). queue: tokens read ahead while deciding whether a declaration can be skipped. */
  NodeList stubs;
  bool decl;
  int nqueue;
  struct { int code; int32_t depth; Tok tok; } queue[8];
} Parser;

/* A raw parameter before grouping: name (or NULL) and type (or NULL for a bare name). */
typedef struct Param {
  Node *name, *type;
} Param;

/* ---- builders: one call per grammar action ---- */
Node *pb_ident(Parser *ps, Tok t);
Node *pb_node(Parser *ps, NodeKind k, Pos p);
Node *pb_x(Parser *ps, NodeKind k, Pos p, Node *x);
Node *pb_xy(Parser *ps, NodeKind k, Pos p, Node *x, Node *y);
NodeList pb_list1(Parser *ps, Node *n);
NodeList pb_list_add(Parser *ps, NodeList l, Node *n);
NodeList pb_list_cat(Parser *ps, NodeList l, NodeList m);

Node *pb_file(Parser *ps, Tok pkg, Tok name, NodeList imports, NodeList decls);
Node *pb_importspec(Parser *ps, Tok *name, Tok path);
Node *pb_gendecl(Parser *ps, Tok kw, int op, NodeList specs, bool grouped);
Node *pb_valuespec(Parser *ps, NodeList names, Node *type, NodeList values);
Node *pb_typespec(Parser *ps, Tok name, Node *type, bool alias);
Node *pb_funcdecl(Parser *ps, Tok func, Node *recv, Tok name, Node *sig, Node *body);
Node *pb_block(Parser *ps, Tok lbrace, NodeList stmts, Tok rbrace);

Node *pb_binary(Parser *ps, Node *x, Tok op, Node *y);
Node *pb_unary(Parser *ps, Tok op, Node *x);
Node *pb_selector(Parser *ps, Node *x, Tok name);
Node *pb_index(Parser *ps, Node *x, Node *i);
Node *pb_slice(Parser *ps, Node *x, Node *lo, Node *hi, Node *max, bool three);
Node *pb_call(Parser *ps, Node *f, NodeList args, bool dots, Tok rparen);
Node *pb_composite(Parser *ps, Node *type, Tok lbrace, NodeList elems, Tok rbrace);
Node *pb_funclit(Parser *ps, Node *sig, Node *body);
Node *pb_paren(Parser *ps, Tok lparen, Node *x);

Node *pb_arraytype(Parser *ps, Tok lbrack, Node *len, Node *elem);
Node *pb_chantype(Parser *ps, Tok start, int dir, Node *elem);
Node *pb_maptype(Parser *ps, Tok map, Node *key, Node *val);
Node *pb_functype(Parser *ps, Pos start, NodeList params, NodeList results);
Node *pb_structtype(Parser *ps, Tok kw, NodeList fields);
Node *pb_field(Parser *ps, NodeList names, Node *type, Node *tag, bool embedded);
Node *pb_interfacetype(Parser *ps, Tok kw, NodeList methods);
Node *pb_methodspec(Parser *ps, Tok name, Node *sig);
Node *pb_qualified(Parser *ps, Tok pkg, Tok name);
/* Parameters: collected raw (as Param nodes: an N_FIELD with at most one name), then grouped. */
Node *pb_param(Parser *ps, Tok *name, Node *type);
NodeList pb_params(Parser *ps, NodeList raw, Pos at);

Node *pb_simple(Parser *ps, NodeKind k, Node *x, Tok op, Node *y);
Node *pb_assign(Parser *ps, NodeList lhs, Tok op, NodeList rhs);
Node *pb_stmt_kw(Parser *ps, NodeKind k, Tok kw, Node *x);
Node *pb_return(Parser *ps, Tok kw, NodeList results);
Node *pb_branch(Parser *ps, Tok kw, int op, Tok *label);
Node *pb_labeled(Parser *ps, Tok label, Node *stmt);
Node *pb_declstmt(Parser *ps, Node *decl);
Node *pb_if(Parser *ps, Tok kw, Node *init, Node *cond, Node *then, Node *els);
Node *pb_for(Parser *ps, Tok kw, Node *init, Node *cond, Node *post, Node *body);
Node *pb_range(Parser *ps, Tok kw, NodeList lhs, int op, Node *x, Node *body);
Node *pb_switch(Parser *ps, Tok kw, Node *init, Node *tag, NodeList clauses, Tok rbrace);
Node *pb_select(Parser *ps, Tok kw, NodeList clauses, Tok rbrace);
Node *pb_caseclause(Parser *ps, Tok kw, NodeList exprs, bool dflt, NodeList body);
Node *pb_commclause(Parser *ps, Tok kw, Node *comm, NodeList body);

/* Syntax errors from the grammar. */
void pb_error_at(Parser *ps, Pos p, const char *msg);
void pb_syntax_error(Parser *ps, int code, Tok *t);
void pb_stack_overflow(Parser *ps);
void pb_generics(Parser *ps, Pos p);

/* Lemon's entry points (parser.c). */
void *GolParseAlloc(void *(*malloc_fn)(size_t), Parser *ps);
void GolParseFree(void *p, void (*free_fn)(void *));
void GolParse(void *p, int code, Tok tok);
int GolParseFallback(int code);
/* The tokens an LALR state accepts: fills ok[0..ntok) (1 = acceptable), for error messages. */
void gol_parse_expected(void *p, unsigned char *ok, int ntok);
int gol_parse_accepts(void *p, int code);

#endif

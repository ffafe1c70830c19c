/* The abstract syntax tree: the contract between the parser, the checker and the compiler.
 *
 * One node shape for everything (as Go's old gc compiler had): a kind, an operator, flags, a
 * position, four child pointers x/y/z/w and two lists. What each field means for each kind is in
 * the table below; fields a kind does not name are NULL/empty. Nodes live in the compilation's
 * arena. The parser fills the syntax part; the checker fills the annotation part (type, cval,
 * obj, ...) and never rewrites syntax except where noted; the compiler reads both.
 *
 * Positions: pos is always the start of the construct (its leftmost token), which is where Go's
 * type checker reports errors (types2 uses syntax.StartPos). The "pos" column below names that
 * token for clarity. pos2 is a secondary position where the table names one: the operator of a
 * binary expression, the ')' of a call (Go reports "not enough arguments" there), the '.' ... name
 * of a selector, the closing '}' of blocks and composite literals.
 *
 * kind             pos          fields
 * ---------------- ------------ ---------------------------------------------------------------
 * Expressions
 * N_BAD            where        (placeholder after a syntax error)
 * N_IDENT          name         name (interned). "_" is an ident too.
 * N_BASICLIT       literal      op = LIT_INT/LIT_FLOAT/LIT_IMAG/LIT_CHAR/LIT_STRING; lit.raw = the
 *                               source text; for LIT_STRING lit.val/lit.len = decoded bytes; for
 *                               LIT_CHAR lit.rune = the code point.
 * N_COMPOSITE      type, or '{' when the type is elided
 *                               x = type (NULL when elided inside an outer literal),
 *                               list = elements (N_KEYVALUE or expression; an element may itself be
 *                               an N_COMPOSITE with x == NULL), pos of closing brace in pos2.
 * N_KEYVALUE       key          x = key, y = value; pos2 = ':' (types2's position for the pair)
 * N_FUNCLIT        'func'       x = N_FUNCTYPE, y = body (N_BLOCK)
 * N_PAREN          '('          x
 * N_SELECTOR       operand      x = operand, name = selected identifier; pos2 = the name
 * N_INDEX          operand      x = operand, y = index
 * N_SLICE          operand      x = operand, y = low, z = high, w = max (each may be NULL);
 *                               flags & NF_SLICE3 when written with two colons
 * N_TYPEASSERT     operand      x = operand, y = type; y == NULL for x.(type) (only in type switch)
 * N_CALL           function     pos2 = ')'; x = function or type (conversion), list = arguments;
 *                               flags & NF_DOTS when the last argument is followed by "..."
 * N_STAR           '*'          x: a dereference or a pointer type, the checker decides
 * N_UNARY          op           op = '+' '-' '!' '^' '&' or T_ARROW (receive), x = operand
 * N_BINARY         left operand pos2 = operator; op = an operator token (T_OROR, T_ANDAND, T_EQL, T_NEQ, '<', T_LEQ,
 *                               '>', T_GEQ, '+', '-', '|', '^', '*', '/', '%', T_SHL, T_SHR, '&',
 *                               T_ANDNOT), x = left, y = right
 * Types (also expressions syntactically: a conversion is a call of a type)
 * N_ARRAYTYPE      '['          x = length expression, or N_ELLIPSIS (x NULL) for [...]T; y = elem
 * N_SLICETYPE      '['          y = elem
 * N_STRUCTTYPE     'struct'     list = N_FIELD
 * N_FIELD          first name / type
 *                               list = names (N_IDENT; empty for an embedded field or an unnamed
 *                               parameter), x = type, y = tag (N_BASICLIT string) or NULL;
 *                               flags & NF_EMBEDDED for embedded struct fields
 * N_FUNCTYPE       'func'/'('   list = parameters (N_FIELD), list2 = results (N_FIELD)
 *                               (a variadic last parameter has x = N_ELLIPSIS whose x = elem type)
 * N_INTERFACETYPE  'interface'  list = N_METHODSPEC or N_FIELD without names (embedded interface)
 * N_METHODSPEC     name         name, x = N_FUNCTYPE
 * N_MAPTYPE        'map'        x = key, y = value
 * N_CHANTYPE       'chan'/'<-'  x = elem, op = CHAN_BOTH / CHAN_SEND (chan<- T) / CHAN_RECV (<-chan T)
 * N_ELLIPSIS       '...'        x = element type (parameter) or NULL ([...]T length)
 * Statements
 * N_EMPTY          ';'
 * N_EXPRSTMT       expr         x
 * N_SENDSTMT       channel      x = channel, y = value
 * N_INCDEC         operand      x, op = T_INC or T_DEC
 * N_ASSIGN         first lhs    pos2 = the operator; list = left side, list2 = right side, op = '=' or T_DEFINE (:=) or
 *                               an assign-op token (T_ADD_ASSIGN ... T_ANDNOT_ASSIGN)
 * N_GO, N_DEFER    keyword      x = the call (N_CALL; anything else is a checker error, as Go's)
 * N_RETURN         'return'     list = results
 * N_BRANCH         keyword      op = T_BREAK / T_CONTINUE / T_GOTO / T_FALLTHROUGH, name = label or NULL
 * N_BLOCK          '{'          list = statements; pos2 = closing '}'
 * N_IF             'if'         x = init stmt or NULL, y = condition, z = then (N_BLOCK),
 *                               w = else: N_IF, N_BLOCK or NULL
 * N_SWITCH         'switch'     x = init or NULL, y = tag expression or NULL, list = N_CASECLAUSE;
 *                               pos2 = closing '}'
 * N_TYPESWITCH     'switch'     x = init or NULL, y = N_TYPESWITCHGUARD, list = N_CASECLAUSE
 * N_TYPESWITCHGUARD  expr       name = bound identifier or NULL (v := x.(type)), x = the operand
 *                               (the x of x.(type), already unwrapped), pos2 = the name's position
 * N_CASECLAUSE     'case'/'default'
 *                               list = expressions (or types); flags & NF_DEFAULT for default;
 *                               list2 = body statements
 * N_SELECT         'select'     list = N_COMMCLAUSE
 * N_COMMCLAUSE     'case'/'default'
 *                               x = N_SENDSTMT, N_EXPRSTMT (receive), or N_ASSIGN (v, ok = <-c /
 *                               := form) or NULL for default (flags & NF_DEFAULT); list2 = body
 * N_FOR            'for'        x = init or NULL, y = condition or NULL, z = post or NULL, w = body
 * N_RANGE          'for'        list = key [, value] (0, 1 or 2 expressions), op = T_DEFINE, '='
 *                               or 0 (for range x), x = range operand, w = body
 * N_LABELED        label        name = label, x = statement
 * N_DECLSTMT       keyword      x = N_GENDECL
 * Declarations
 * N_FILE           'package'    name = package name, list = N_IMPORTSPEC, list2 = declarations
 *                               (N_GENDECL, N_FUNCDECL)
 * N_IMPORTSPEC     path         name = local name or NULL ("_" and "." are names too; pos2 = its position),
 *                               lit = the decoded path (lit.val/lit.len), y = N_BASICLIT path
 * N_GENDECL        keyword      op = T_CONST / T_VAR / T_TYPE / T_IMPORT, list = specs
 *                               (flags & NF_GROUPED for the parenthesised form)
 * N_VALUESPEC      first name   list = names (N_IDENT), x = type or NULL, list2 = values (may be
 *                               empty: for const, the checker repeats the previous spec's list);
 *                               iota = index of this spec within its const group
 * N_TYPESPEC       name         name, x = type; flags & NF_ALIAS for "type A = B"
 * N_FUNCDECL       name         name, x = receiver N_FIELD or NULL, y = N_FUNCTYPE, z = body N_BLOCK
 *                               or NULL (declaration without body)
 *
 * Type parameters (generics) are rejected by the parser with a syntax error.
 */
#ifndef GOL_LANG_AST_H
#define GOL_LANG_AST_H

#include <stdint.h>
#include "lang/source.h"

typedef struct Node Node;
struct Type;
struct Object;
struct ConstVal;

typedef enum NodeKind {
  N_BAD,
  /* expressions */
  N_IDENT, N_BASICLIT, N_COMPOSITE, N_KEYVALUE, N_FUNCLIT, N_PAREN, N_SELECTOR, N_INDEX, N_SLICE,
  N_TYPEASSERT, N_CALL, N_STAR, N_UNARY, N_BINARY,
  /* types */
  N_ARRAYTYPE, N_SLICETYPE, N_STRUCTTYPE, N_FIELD, N_FUNCTYPE, N_INTERFACETYPE, N_METHODSPEC,
  N_MAPTYPE, N_CHANTYPE, N_ELLIPSIS,
  /* statements */
  N_EMPTY, N_EXPRSTMT, N_SENDSTMT, N_INCDEC, N_ASSIGN, N_GO, N_DEFER, N_RETURN, N_BRANCH, N_BLOCK,
  N_IF, N_SWITCH, N_TYPESWITCH, N_TYPESWITCHGUARD, N_CASECLAUSE, N_SELECT, N_COMMCLAUSE, N_FOR,
  N_RANGE, N_LABELED, N_DECLSTMT,
  /* declarations */
  N_FILE, N_IMPORTSPEC, N_GENDECL, N_VALUESPEC, N_TYPESPEC, N_FUNCDECL,
  N_KIND_COUNT
} NodeKind;

/* Literal kinds (op of N_BASICLIT) and channel directions (op of N_CHANTYPE). */
enum { LIT_INT = 1, LIT_FLOAT, LIT_IMAG, LIT_CHAR, LIT_STRING };
enum { CHAN_BOTH = 3, CHAN_SEND = 1, CHAN_RECV = 2 };

/* Node flags: syntax (set by the parser) in the low byte and NF_LAZYDECL, annotations above. */
enum {
  NF_SLICE3 = 1 << 0,
  NF_DOTS = 1 << 1,
  NF_EMBEDDED = 1 << 2,
  NF_DEFAULT = 1 << 3,
  NF_ALIAS = 1 << 4,
  NF_GROUPED = 1 << 5,
  NF_PARENTHESIZED = 1 << 6, /* an expression that was written in parentheses (for x.(type) etc.) */
  NF_LAZYBODY = 1 << 7,  /* N_BLOCK: a function body not parsed yet (parse_file_lazy); lit.len
                            is the byte offset of its '{' in the file */
  NF_LAZYDECL = 1 << 16, /* N_FUNCDECL / N_TYPESPEC: a declaration not parsed yet
                            (parse_file_lazy): name, pos and (methods) x = the receiver are set;
                            pos2 and lit.len are the position and byte offset of its keyword;
                            NF_ALIAS for type A = ...; parse_decl parses it */
  /* set by the checker */
  NF_CHECKED = 1 << 8,   /* annotations below are valid */
  NF_ADDRESSABLE = 1 << 9,
  NF_TYPEEXPR = 1 << 10,  /* the node denotes a type, not a value */
  NF_CONVERSION = 1 << 11,/* N_CALL: x is a type; a conversion */
  NF_BUILTIN = 1 << 12,   /* N_CALL: x denotes a builtin; builtin id in n->aux */
  NF_METHODCALL = 1 << 13,/* N_CALL: x is a selector naming a method */
  NF_COMMAOK = 1 << 14,   /* map index, type assertion or receive used in a v, ok context */
  NF_TERMINATES = 1 << 15,/* a terminating statement (spec) */
};

/* Operators as they appear in op fields: the single-character ones are the character itself;
 * the rest use these codes (chosen above 255 so they never clash). The lexer's token codes are
 * Lemon's; the parser maps them to these values when building nodes. */
enum {
  T_OROR = 256, T_ANDAND, T_EQL, T_NEQ, T_LEQ, T_GEQ, T_SHL, T_SHR, T_ANDNOT, T_ARROW, T_INC, T_DEC,
  T_DEFINE, T_ADD_ASSIGN, T_SUB_ASSIGN, T_MUL_ASSIGN, T_QUO_ASSIGN, T_REM_ASSIGN, T_AND_ASSIGN,
  T_OR_ASSIGN, T_XOR_ASSIGN, T_SHL_ASSIGN, T_SHR_ASSIGN, T_ANDNOT_ASSIGN,
  T_BREAK, T_CONTINUE, T_GOTO, T_FALLTHROUGH, T_CONST, T_VAR, T_TYPE, T_IMPORT
};

typedef struct NodeList {
  Node **v;
  int32_t n;
  int32_t cap;
} NodeList;

typedef struct Literal {
  const char *raw; /* source text of the literal, NUL-terminated (arena) */
  const char *val; /* LIT_STRING / import path: decoded bytes (arena; may contain NUL) */
  int64_t len;     /* length of val */
  int32_t rune;    /* LIT_CHAR: the code point */
} Literal;

struct Node {
  uint8_t kind;   /* NodeKind */
  uint8_t pad_;
  uint16_t op;    /* operator / literal kind / channel direction / assign op / branch kind */
  uint32_t flags; /* NF_* */
  Pos pos;
  Pos pos2;       /* secondary position where the table above names one */
  Node *x, *y, *z, *w;
  NodeList list, list2;
  const char *name; /* interned */
  Literal lit;
  int32_t iota;

  /* ---- annotations, filled by the checker ---- */
  struct Type *type;      /* expression: its type (constants: after conversion to the type the
                             context requires, or their default type); type expression: the type */
  struct ConstVal *cval;  /* constant expressions: the exact value; NULL otherwise */
  struct Object *obj;     /* N_IDENT: the object it denotes; N_SELECTOR: the field, method or
                             package member; N_FUNCDECL/N_FUNCLIT: the function object */
  int32_t aux;            /* builtin id (NF_BUILTIN calls); N_SELECTOR: see sel_* below */
  int32_t *path;          /* N_SELECTOR through embedded fields: field indices to follow,
                             npath of them, before the final field or method */
  int32_t npath;
  void *scope;            /* blocks/functions: the checker's scope, for the compiler */
};

/* Builders used by the parser (ast.c). All allocate from the arena in use by the parser. */
Node *ast_node(Arena *a, NodeKind kind, Pos pos);
void ast_append(Arena *a, NodeList *l, Node *n);
const char *ast_kind_name(NodeKind k);
/* Prints the tree in an indented form, for tests and `gol -ast`. */
void ast_dump(Node *n, int indent, void *file /* FILE* */);

#endif

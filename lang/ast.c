/* AST construction helpers and the debugging dump (see ast.h). */
#include "lang/ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Node *ast_node(Arena *a, NodeKind kind, Pos pos) {
  Node *n = ARENA_NEW(a, Node);
  n->kind = (uint8_t)kind;
  n->pos = pos;
  return n;
}

void ast_append(Arena *a, NodeList *l, Node *n) {
  if (l->n == l->cap) {
    int32_t cap = l->cap ? l->cap * 2 : 4;
    Node **v = arena_alloc(a, (size_t)cap * sizeof *v);
    if (l->n) memcpy(v, l->v, (size_t)l->n * sizeof *v);
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = n;
}

static const char *const kind_names[N_KIND_COUNT] = {
  [N_BAD] = "Bad", [N_IDENT] = "Ident", [N_BASICLIT] = "BasicLit", [N_COMPOSITE] = "Composite",
  [N_KEYVALUE] = "KeyValue", [N_FUNCLIT] = "FuncLit", [N_PAREN] = "Paren",
  [N_SELECTOR] = "Selector", [N_INDEX] = "Index", [N_SLICE] = "Slice",
  [N_TYPEASSERT] = "TypeAssert", [N_CALL] = "Call", [N_STAR] = "Star", [N_UNARY] = "Unary",
  [N_BINARY] = "Binary", [N_ARRAYTYPE] = "ArrayType", [N_SLICETYPE] = "SliceType",
  [N_STRUCTTYPE] = "StructType", [N_FIELD] = "Field", [N_FUNCTYPE] = "FuncType",
  [N_INTERFACETYPE] = "InterfaceType", [N_METHODSPEC] = "MethodSpec", [N_MAPTYPE] = "MapType",
  [N_CHANTYPE] = "ChanType", [N_ELLIPSIS] = "Ellipsis", [N_EMPTY] = "Empty",
  [N_EXPRSTMT] = "ExprStmt", [N_SENDSTMT] = "SendStmt", [N_INCDEC] = "IncDec",
  [N_ASSIGN] = "Assign", [N_GO] = "Go", [N_DEFER] = "Defer", [N_RETURN] = "Return",
  [N_BRANCH] = "Branch", [N_BLOCK] = "Block", [N_IF] = "If", [N_SWITCH] = "Switch",
  [N_TYPESWITCH] = "TypeSwitch", [N_TYPESWITCHGUARD] = "TypeSwitchGuard",
  [N_CASECLAUSE] = "CaseClause", [N_SELECT] = "Select", [N_COMMCLAUSE] = "CommClause",
  [N_FOR] = "For", [N_RANGE] = "Range", [N_LABELED] = "Labeled", [N_DECLSTMT] = "DeclStmt",
  [N_FILE] = "File", [N_IMPORTSPEC] = "ImportSpec", [N_GENDECL] = "GenDecl",
  [N_VALUESPEC] = "ValueSpec", [N_TYPESPEC] = "TypeSpec", [N_FUNCDECL] = "FuncDecl",
};

const char *ast_kind_name(NodeKind k) {
  return (unsigned)k < N_KIND_COUNT && kind_names[k] ? kind_names[k] : "?";
}

/* Spelling of an op field value: operator tokens and keywords. */
static const char *op_name(int op) {
  static const char *const names[] = {
    "||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "&^", "<-", "++", "--", ":=", "+=", "-=",
    "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^=", "break", "continue", "goto",
    "fallthrough", "const", "var", "type", "import",
  };
  static char one[64][2];
  if (op >= T_OROR && op <= T_IMPORT) return names[op - T_OROR];
  if (op > 0 && op < 128) {
    one[op & 63][0] = (char)op;
    one[op & 63][1] = 0;
    return one[op & 63];
  }
  return NULL;
}

static void dump_str(FILE *f, const char *s, int64_t n) {
  fputc('"', f);
  for (int64_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c == '\n') fputs("\\n", f);
    else if (c < 0x20 || c >= 0x7F) fprintf(f, "\\x%02x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

static void dump_list(FILE *f, const char *label, NodeList *l, int indent) {
  if (!l->n) return;
  fprintf(f, "%*s%s:\n", indent, "", label);
  for (int i = 0; i < l->n; i++) ast_dump(l->v[i], indent + 2, f);
}

static void dump_child(FILE *f, const char *label, Node *n, int indent) {
  if (!n) return;
  fprintf(f, "%*s%s:\n", indent, "", label);
  ast_dump(n, indent + 2, f);
}

/* One node per line: "Kind line:col [op] [name] [literal] [flags]", children indented below,
 * labelled by field (x, y, z, w, list, list2). */
void ast_dump(Node *n, int indent, void *file) {
  FILE *f = file;
  if (!n) {
    fprintf(f, "%*snil\n", indent, "");
    return;
  }
  fprintf(f, "%*s%s %u:%u", indent, "", ast_kind_name((NodeKind)n->kind), n->pos.line, n->pos.col);
  if (n->op) {
    if (n->kind == N_BASICLIT) {
      static const char *const lk[] = {"", "int", "float", "imag", "char", "string"};
      fprintf(f, " %s", n->op <= LIT_STRING ? lk[n->op] : "?");
    } else if (n->kind == N_CHANTYPE) {
      fprintf(f, " %s", n->op == CHAN_SEND ? "send" : n->op == CHAN_RECV ? "recv" : "both");
    } else if (op_name(n->op)) {
      fprintf(f, " %s", op_name(n->op));
    }
  }
  if (n->name) fprintf(f, " %s", n->name);
  if (n->lit.raw) fprintf(f, " %s", n->lit.raw);
  if (n->kind == N_BASICLIT && n->op == LIT_STRING) {
    fputs(" = ", f);
    dump_str(f, n->lit.val, n->lit.len);
  } else if (n->kind == N_BASICLIT && n->op == LIT_CHAR) {
    fprintf(f, " = %d", n->lit.rune);
  } else if (n->kind == N_IMPORTSPEC) {
    fputc(' ', f);
    dump_str(f, n->lit.val, n->lit.len);
  }
  if (n->kind == N_VALUESPEC && n->iota >= 0) fprintf(f, " iota=%d", n->iota);
  static const char *const fl[] = {"slice3", "dots", "embedded", "default", "alias", "grouped",
                                   "paren"};
  for (int i = 0; i < 7; i++)
    if (n->flags & (1u << i)) fprintf(f, " %s", fl[i]);
  if (n->pos2.line) fprintf(f, " (%u:%u)", n->pos2.line, n->pos2.col);
  fputc('\n', f);
  indent += 2;
  dump_child(f, "x", n->x, indent);
  dump_child(f, "y", n->y, indent);
  dump_child(f, "z", n->z, indent);
  dump_child(f, "w", n->w, indent);
  dump_list(f, "list", &n->list, indent);
  dump_list(f, "list2", &n->list2, indent);
}

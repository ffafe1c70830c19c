/* The grammar of gol: Go 1.19's syntax without type parameters, for Lemon.
 *
 * Actions are one call into a builder (parse.c, pb_*). Everything a rule builds lives in the
 * compilation's arena, so no value needs a destructor; the stack is bounded (%stack_size) and an
 * overflow is a reported error, never a crash.
 *
 * Types are expressions where Go's syntax makes them so: in expression position an operand may be
 * a type literal ([]T, map[K]V, chan T, func(...), struct{...}, interface{...}); *T is a unary
 * '*' (N_STAR) and (T) an N_PAREN, the checker deciding; <-chan T written as an operand is the
 * receive of a channel type and pb_unary rewrites it into the channel type. In type position
 * (declarations, fields, parameters) the type rules below are used directly.
 *
 * The brace problem (a composite literal T{...} against the body of if/for/switch) is solved with
 * the lexer (lexer.h): a '{' at the header's bracket depth arrives as LBODY. LBODY opens statement
 * bodies, function literals and composite literals of type literals; a composite literal of a
 * bare (possibly qualified) name needs LBRACE, i.e. parentheses in a header, as in Go.
 *
 * A REPL input is parsed with the same tables: the driver sends a REPL token first. So is a
 * function body the driver skipped in a standard package (parse_body): a BODY token first, and
 * a declaration it skipped (parse_decl): a DECL token first. */

%name GolParse
%token_prefix TK_
%token_type {Tok}
%default_type {Node *}
%extra_context {Parser *ps}
%start_symbol start
%stack_size 4000
%stack_overflow { pb_stack_overflow(ps); }
%syntax_error { pb_syntax_error(ps, yymajor, &yyminor); }
%parse_failure { ps->failed = true; }

%include {
#include <assert.h>
#include <stdlib.h>
#include "lang/parse_int.h"
#define NOLIST ((NodeList){0})
}

%token REPL BODY DECL NAME LITERAL SEMI COMMA DOT COLON LPAREN RPAREN LBRACK RBRACK LBRACE LBODY RBRACE
       ELLIPSIS ASSIGN DEFINE ASSIGNOP INC DEC ARROW NOT TILDE.
%token BREAK CASE CHAN CONST CONTINUE DEFAULT DEFER ELSE FALLTHROUGH FOR FUNC GO GOTO IF IMPORT
       INTERFACE MAP PACKAGE RANGE RETURN SELECT STRUCT SWITCH TYPE VAR.

/* Conflict resolution. LOWEST marks rules that must lose a shift/reduce conflict: a type literal
 * followed by a brace is a composite literal or a function literal, never an operand followed
 * by a body; func(...) followed by '(' has a parenthesised result (Go: func()(x) is a type);
 * a name after a method receiver is the method's name. */
%nonassoc LOWEST.
%nonassoc LBRACE LBODY LPAREN LBRACK ARROW NAME IMPORT.
%nonassoc DOT.
%left OROR.
%left ANDAND.
%left EQL NEQ LSS LEQ GTR GEQ.
%left PLUS MINUS OR XOR.
%left STAR SLASH PERCENT SHL SHR AND ANDNOT.

start ::= file.
start ::= REPL repl_input.
start ::= BODY fbody(B). { ps->result = B; }
start ::= DECL topdecl(D). { ps->result = D; }

/* ---- files and declarations ---- */

file ::= PACKAGE(P) NAME(N) SEMI import_list(I) topdecl_list(D). { ps->result = pb_file(ps, P, N, I, D); }

%type import_list {NodeList}
import_list(A) ::= . { A = NOLIST; }
import_list(A) ::= import_list(L) import_decl(D) SEMI. { A = pb_list_cat(ps, L, D->list); }

import_decl(A) ::= IMPORT(K) import_spec(S). { A = pb_gendecl(ps, K, T_IMPORT, pb_list1(ps, S), false); }
import_decl(A) ::= IMPORT(K) LPAREN import_group(L) RPAREN. { A = pb_gendecl(ps, K, T_IMPORT, L, true); }

import_spec(A) ::= LITERAL(P). { A = pb_importspec(ps, NULL, P); }
import_spec(A) ::= NAME(N) LITERAL(P). { A = pb_importspec(ps, &N, P); }
import_spec(A) ::= DOT(N) LITERAL(P). { N.s = "."; A = pb_importspec(ps, &N, P); }

%type import_group {NodeList}
%type import_group_ne {NodeList}
import_group(A) ::= . { A = NOLIST; }
import_group(A) ::= import_group_ne(L) osemi. { A = L; }
import_group_ne(A) ::= import_spec(S). { A = pb_list1(ps, S); }
import_group_ne(A) ::= import_group_ne(L) SEMI import_spec(S). { A = pb_list_add(ps, L, S); }

osemi ::= .
osemi ::= SEMI.
ocomma ::= .
ocomma ::= COMMA.

%type topdecl_list {NodeList}
topdecl_list(A) ::= . { A = NOLIST; }
topdecl_list(A) ::= topdecl_list(L) topdecl(D) SEMI. { A = pb_list_add(ps, L, D); }

topdecl(A) ::= decl(D). { A = D; }
topdecl(A) ::= func_decl(D). { A = D; }

decl(A) ::= CONST(K) const_spec(S). { A = pb_gendecl(ps, K, T_CONST, pb_list1(ps, S), false); }
decl(A) ::= CONST(K) LPAREN const_group(L) RPAREN. { A = pb_gendecl(ps, K, T_CONST, L, true); }
decl(A) ::= VAR(K) var_spec(S). { A = pb_gendecl(ps, K, T_VAR, pb_list1(ps, S), false); }
decl(A) ::= VAR(K) LPAREN var_group(L) RPAREN. { A = pb_gendecl(ps, K, T_VAR, L, true); }
decl(A) ::= TYPE(K) type_spec(S). { A = pb_gendecl(ps, K, T_TYPE, pb_list1(ps, S), false); }
decl(A) ::= TYPE(K) LPAREN type_group(L) RPAREN. { A = pb_gendecl(ps, K, T_TYPE, L, true); }

const_spec(A) ::= name_list(N). { A = pb_valuespec(ps, N, NULL, NOLIST); }
const_spec(A) ::= name_list(N) type(T). { A = pb_valuespec(ps, N, T, NOLIST); }
const_spec(A) ::= name_list(N) ASSIGN expr_list(V). { A = pb_valuespec(ps, N, NULL, V); }
const_spec(A) ::= name_list(N) type(T) ASSIGN expr_list(V). { A = pb_valuespec(ps, N, T, V); }

%type const_group {NodeList}
%type const_group_ne {NodeList}
const_group(A) ::= . { A = NOLIST; }
const_group(A) ::= const_group_ne(L) osemi. { A = L; }
const_group_ne(A) ::= const_spec(S). { A = pb_list1(ps, S); }
const_group_ne(A) ::= const_group_ne(L) SEMI const_spec(S). { A = pb_list_add(ps, L, S); }

var_spec(A) ::= name_list(N) type(T). { A = pb_valuespec(ps, N, T, NOLIST); }
var_spec(A) ::= name_list(N) ASSIGN expr_list(V). { A = pb_valuespec(ps, N, NULL, V); }
var_spec(A) ::= name_list(N) type(T) ASSIGN expr_list(V). { A = pb_valuespec(ps, N, T, V); }

%type var_group {NodeList}
%type var_group_ne {NodeList}
var_group(A) ::= . { A = NOLIST; }
var_group(A) ::= var_group_ne(L) osemi. { A = L; }
var_group_ne(A) ::= var_spec(S). { A = pb_list1(ps, S); }
var_group_ne(A) ::= var_group_ne(L) SEMI var_spec(S). { A = pb_list_add(ps, L, S); }

type_spec(A) ::= NAME(N) type(T). { A = pb_typespec(ps, N, T, false); }
type_spec(A) ::= NAME(N) ASSIGN type(T). { A = pb_typespec(ps, N, T, true); }

%type type_group {NodeList}
%type type_group_ne {NodeList}
type_group(A) ::= . { A = NOLIST; }
type_group(A) ::= type_group_ne(L) osemi. { A = L; }
type_group_ne(A) ::= type_spec(S). { A = pb_list1(ps, S); }
type_group_ne(A) ::= type_group_ne(L) SEMI type_spec(S). { A = pb_list_add(ps, L, S); }

%type name_list {NodeList}
name_list(A) ::= NAME(N). { A = pb_list1(ps, pb_ident(ps, N)); }
name_list(A) ::= name_list(L) COMMA NAME(N). { A = pb_list_add(ps, L, pb_ident(ps, N)); }

func_decl(A) ::= FUNC(F) NAME(N) signature(S). { A = pb_funcdecl(ps, F, NULL, N, S, NULL); }
func_decl(A) ::= FUNC(F) NAME(N) signature(S) fbody(B). { A = pb_funcdecl(ps, F, NULL, N, S, B); }
func_decl(A) ::= FUNC(F) params(R) NAME(N) signature(S). { A = pb_funcdecl(ps, F, R, N, S, NULL); }
func_decl(A) ::= FUNC(F) params(R) NAME(N) signature(S) fbody(B). { A = pb_funcdecl(ps, F, R, N, S, B); }

fbody(A) ::= lbrace(L) stmt_list(S) RBRACE(R). { A = pb_block(ps, L, S, R); }

%type lbrace {Tok}
lbrace(A) ::= LBRACE(L). { A = L; }
lbrace(A) ::= LBODY(L). { A = L; }

/* ---- types ---- */

type(A) ::= nparen_type(T). { A = T; }
type(A) ::= LPAREN type(T) RPAREN. { A = T; }

nparen_type(A) ::= typename(T). { A = T; }
nparen_type(A) ::= STAR(S) type(T). { A = pb_x(ps, N_STAR, S.pos, T); }
nparen_type(A) ::= littype(T). { A = T; }
nparen_type(A) ::= ARROW(R) CHAN type(T). { A = pb_chantype(ps, R, CHAN_RECV, T); }

typename(A) ::= NAME(N). [LOWEST] { A = pb_ident(ps, N); } /* REPL: func (r T) M( is a method */
typename(A) ::= NAME(P) DOT NAME(N). { A = pb_qualified(ps, P, N); }

/* Type literals: types that are also operands. */
littype(A) ::= LBRACK(L) expr(N) RBRACK type(T). { A = pb_arraytype(ps, L, N, T); }
littype(A) ::= LBRACK(L) ELLIPSIS(E) RBRACK type(T). { A = pb_arraytype(ps, L, pb_node(ps, N_ELLIPSIS, E.pos), T); }
littype(A) ::= LBRACK(L) RBRACK type(T). { A = pb_arraytype(ps, L, NULL, T); }
littype(A) ::= MAP(M) LBRACK type(K) RBRACK type(V). { A = pb_maptype(ps, M, K, V); }
littype(A) ::= CHAN(C) chan_elem(T). { A = pb_chantype(ps, C, CHAN_BOTH, T); }
littype(A) ::= CHAN(C) ARROW type(T). { A = pb_chantype(ps, C, CHAN_SEND, T); }
littype(A) ::= functype(T). { A = T; }
littype(A) ::= STRUCT(S) lbrace field_list(F) RBRACE. { A = pb_structtype(ps, S, F); }
littype(A) ::= INTERFACE(I) lbrace method_list(M) RBRACE. { A = pb_interfacetype(ps, I, M); }

/* chan's element: <-chan T must be parenthesised (chan <-chan T is chan<- (chan T)). */
chan_elem(A) ::= typename(T). { A = T; }
chan_elem(A) ::= STAR(S) type(T). { A = pb_x(ps, N_STAR, S.pos, T); }
chan_elem(A) ::= littype(T). { A = T; }
chan_elem(A) ::= LPAREN type(T) RPAREN. { A = T; }

functype(A) ::= FUNC signature(S). [LOWEST] { A = S; } /* Go 1.19: a FuncType is at its ( */

signature(A) ::= params(P) result(R). { A = pb_functype(ps, P->pos, P->list, R ? R->list : NOLIST); }
%type result {Node *}
result(A) ::= . [LOWEST] { A = NULL; }
result(A) ::= nparen_type(T). { A = pb_x(ps, N_FUNCTYPE, T->pos, NULL); A->list = pb_list1(ps, pb_field(ps, NOLIST, T, NULL, false)); }
result(A) ::= params(P). { A = P; }

/* params builds an N_FUNCTYPE used only as a holder of the grouped list. */
params(A) ::= LPAREN(L) RPAREN. { A = pb_functype(ps, L.pos, NOLIST, NOLIST); }
params(A) ::= LPAREN(L) param_list(P) ocomma RPAREN. { A = pb_functype(ps, L.pos, pb_params(ps, P, L.pos), NOLIST); }

%type param_list {NodeList}
param_list(A) ::= param(P). { A = pb_list1(ps, P); }
param_list(A) ::= param_list(L) COMMA param(P). { A = pb_list_add(ps, L, P); }

param(A) ::= type(T). { A = pb_param(ps, NULL, T); }
param(A) ::= NAME(N) type(T). { A = pb_param(ps, &N, T); }
param(A) ::= NAME(N) ELLIPSIS(E) type(T). { A = pb_param(ps, &N, pb_x(ps, N_ELLIPSIS, E.pos, T)); }
param(A) ::= ELLIPSIS(E) type(T). { A = pb_param(ps, NULL, pb_x(ps, N_ELLIPSIS, E.pos, T)); }

%type field_list {NodeList}
%type field_list_ne {NodeList}
field_list(A) ::= . { A = NOLIST; }
field_list(A) ::= field_list_ne(L) osemi. { A = L; }
field_list_ne(A) ::= field(F). { A = pb_list1(ps, F); }
field_list_ne(A) ::= field_list_ne(L) SEMI field(F). { A = pb_list_add(ps, L, F); }

field(A) ::= name_list(N) type(T) otag(G). { A = pb_field(ps, N, T, G, false); }
field(A) ::= typename(T) otag(G). { A = pb_field(ps, NOLIST, T, G, true); }
field(A) ::= STAR(S) typename(T) otag(G). { A = pb_field(ps, NOLIST, pb_x(ps, N_STAR, S.pos, T), G, true); }

otag(A) ::= . { A = NULL; }
otag(A) ::= LITERAL(L). { A = L.lit; }

%type method_list {NodeList}
%type method_list_ne {NodeList}
method_list(A) ::= . { A = NOLIST; }
method_list(A) ::= method_list_ne(L) osemi. { A = L; }
method_list_ne(A) ::= method(M). { A = pb_list1(ps, M); }
method_list_ne(A) ::= method_list_ne(L) SEMI method(M). { A = pb_list_add(ps, L, M); }

method(A) ::= NAME(N) signature(S). { A = pb_methodspec(ps, N, S); }
method(A) ::= typename(T). { A = pb_field(ps, NOLIST, T, NULL, false); }

/* ---- expressions ---- */

expr(A) ::= unary(X). { A = X; }
expr(A) ::= expr(X) OROR(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) ANDAND(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) EQL(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) NEQ(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) LSS(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) LEQ(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) GTR(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) GEQ(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) PLUS(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) MINUS(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) OR(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) XOR(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) STAR(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) SLASH(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) PERCENT(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) SHL(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) SHR(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) AND(O) expr(Y). { A = pb_binary(ps, X, O, Y); }
expr(A) ::= expr(X) ANDNOT(O) expr(Y). { A = pb_binary(ps, X, O, Y); }

unary(A) ::= pexpr(X). { A = X; }
unary(A) ::= PLUS(O) unary(X). { A = pb_unary(ps, O, X); }
unary(A) ::= MINUS(O) unary(X). { A = pb_unary(ps, O, X); }
unary(A) ::= NOT(O) unary(X). { A = pb_unary(ps, O, X); }
unary(A) ::= XOR(O) unary(X). { A = pb_unary(ps, O, X); }
unary(A) ::= AND(O) unary(X). { A = pb_unary(ps, O, X); }
unary(A) ::= ARROW(O) unary(X). { A = pb_unary(ps, O, X); }
unary(A) ::= STAR(O) unary(X). { A = pb_x(ps, N_STAR, O.pos, X); }

pexpr(A) ::= operand(X). { A = X; }
pexpr(A) ::= pexpr(X) DOT NAME(N). { A = pb_selector(ps, X, N); }
pexpr(A) ::= pexpr(X) DOT LPAREN type(T) RPAREN. { A = pb_xy(ps, N_TYPEASSERT, X->pos, X, T); }
pexpr(A) ::= pexpr(X) DOT LPAREN TYPE RPAREN. { A = pb_xy(ps, N_TYPEASSERT, X->pos, X, NULL); }
pexpr(A) ::= pexpr(X) LBRACK expr(I) RBRACK. { A = pb_index(ps, X, I); }
pexpr(A) ::= pexpr(X) LBRACK oexpr(L) COLON oexpr(H) RBRACK. { A = pb_slice(ps, X, L, H, NULL, false); }
pexpr(A) ::= pexpr(X) LBRACK oexpr(L) COLON oexpr(H) COLON(C) oexpr(M) RBRACK(R). {
  /* Go's parser reports these itself (no "syntax error: " prefix) */
  if (!H) pb_error_at(ps, C.pos, "middle index required in 3-index slice");
  if (!M) pb_error_at(ps, R.pos, "final index required in 3-index slice");
  A = pb_slice(ps, X, L, H, M, true);
}
pexpr(A) ::= pexpr(X) LPAREN RPAREN(R). { A = pb_call(ps, X, NOLIST, false, R); }
pexpr(A) ::= pexpr(X) LPAREN expr_list(L) ocomma RPAREN(R). { A = pb_call(ps, X, L, false, R); }
pexpr(A) ::= pexpr(X) LPAREN expr_list(L) ELLIPSIS ocomma RPAREN(R). { A = pb_call(ps, X, L, true, R); }
pexpr(A) ::= pexpr(X) LBRACE(L) celems(E) RBRACE(R). { A = pb_composite(ps, X, L, E, R); }

operand(A) ::= LITERAL(L). { A = L.lit; }
operand(A) ::= NAME(N). { A = pb_ident(ps, N); }
operand(A) ::= LPAREN(L) expr(X) RPAREN. { A = pb_paren(ps, L, X); }
operand(A) ::= FUNC(F) signature(S) lbrace(L) stmt_list(B) RBRACE(R). { S->pos = F.pos; A = pb_funclit(ps, S, pb_block(ps, L, B, R)); }
operand(A) ::= littype(T). [LOWEST] { A = T; }
operand(A) ::= littype(T) LBODY(L) celems(E) RBRACE(R). { A = pb_composite(ps, T, L, E, R); }

oexpr(A) ::= . { A = NULL; }
oexpr(A) ::= expr(X). { A = X; }

%type expr_list {NodeList}
expr_list(A) ::= expr(X). { A = pb_list1(ps, X); }
expr_list(A) ::= expr_list(L) COMMA expr(X). { A = pb_list_add(ps, L, X); }

%type celems {NodeList}
%type celem_list {NodeList}
celems(A) ::= . { A = NOLIST; }
celems(A) ::= celem_list(L) ocomma. { A = L; }
celem_list(A) ::= celem(E). { A = pb_list1(ps, E); }
celem_list(A) ::= celem_list(L) COMMA celem(E). { A = pb_list_add(ps, L, E); }
celem(A) ::= cval(V). { A = V; }
celem(A) ::= cval(K) COLON(C) cval(V). { A = pb_xy(ps, N_KEYVALUE, K->pos, K, V); A->pos2 = C.pos; }
cval(A) ::= expr(X). { A = X; }
cval(A) ::= LBRACE(L) celems(E) RBRACE(R). { A = pb_composite(ps, NULL, L, E, R); }

/* ---- statements ---- */

%type stmt_list {NodeList}
stmt_list(A) ::= stmt(S). { A = pb_list1(ps, S); }
stmt_list(A) ::= stmt_list(L) SEMI stmt(S). { A = pb_list_add(ps, L, S); }

stmt(A) ::= . { A = NULL; }
stmt(A) ::= simple_stmt(S). { A = S; }
stmt(A) ::= decl(D). { A = pb_declstmt(ps, D); }
stmt(A) ::= NAME(N) COLON stmt(S). { A = pb_labeled(ps, N, S); }
stmt(A) ::= GO(K) expr(X). { A = pb_stmt_kw(ps, N_GO, K, X); }
stmt(A) ::= DEFER(K) expr(X). { A = pb_stmt_kw(ps, N_DEFER, K, X); }
stmt(A) ::= RETURN(K). { A = pb_return(ps, K, NOLIST); }
stmt(A) ::= RETURN(K) expr_list(L). { A = pb_return(ps, K, L); }
stmt(A) ::= BREAK(K). { A = pb_branch(ps, K, T_BREAK, NULL); }
stmt(A) ::= BREAK(K) NAME(N). { A = pb_branch(ps, K, T_BREAK, &N); }
stmt(A) ::= CONTINUE(K). { A = pb_branch(ps, K, T_CONTINUE, NULL); }
stmt(A) ::= CONTINUE(K) NAME(N). { A = pb_branch(ps, K, T_CONTINUE, &N); }
stmt(A) ::= GOTO(K) NAME(N). { A = pb_branch(ps, K, T_GOTO, &N); }
stmt(A) ::= FALLTHROUGH(K). { A = pb_branch(ps, K, T_FALLTHROUGH, NULL); }
stmt(A) ::= block(B). { A = B; }
stmt(A) ::= if_stmt(S). { A = S; }
stmt(A) ::= for_stmt(S). { A = S; }
stmt(A) ::= switch_stmt(S). { A = S; }
stmt(A) ::= select_stmt(S). { A = S; }

block(A) ::= LBRACE(L) stmt_list(S) RBRACE(R). { A = pb_block(ps, L, S, R); }

/* The body of if/for/switch/select: its LBODY ends the header (lexer.h). */
%type body_open {Tok}
body_open(A) ::= LBODY(L). { A = L; lex_end_header(ps->lx, L.depth); }
body(A) ::= body_open(L) stmt_list(S) RBRACE(R). { A = pb_block(ps, L, S, R); }

simple_stmt(A) ::= expr(X). { A = pb_x(ps, N_EXPRSTMT, X->pos, X); }
simple_stmt(A) ::= expr(X) ARROW(O) expr(Y). { A = pb_simple(ps, N_SENDSTMT, X, O, Y); }
simple_stmt(A) ::= expr(X) INC(O). { A = pb_simple(ps, N_INCDEC, X, O, NULL); }
simple_stmt(A) ::= expr(X) DEC(O). { A = pb_simple(ps, N_INCDEC, X, O, NULL); }
simple_stmt(A) ::= expr_list(L) ASSIGN(O) expr_list(R). { O.op = '='; A = pb_assign(ps, L, O, R); }
simple_stmt(A) ::= expr_list(L) DEFINE(O) expr_list(R). { O.op = T_DEFINE; A = pb_assign(ps, L, O, R); }
simple_stmt(A) ::= expr_list(L) ASSIGNOP(O) expr_list(R). { A = pb_assign(ps, L, O, R); }

osimple(A) ::= . { A = NULL; }
osimple(A) ::= simple_stmt(S). { A = S; }

if_stmt(A) ::= IF(K) simple_stmt(C) body(B) else(E). { A = pb_if(ps, K, NULL, C, B, E); }
if_stmt(A) ::= IF(K) osimple(I) SEMI simple_stmt(C) body(B) else(E). { A = pb_if(ps, K, I, C, B, E); }

else(A) ::= . { A = NULL; }
else(A) ::= ELSE if_stmt(S). { A = S; }
else(A) ::= ELSE block(B). { A = B; }

for_stmt(A) ::= FOR(K) body(B). { A = pb_for(ps, K, NULL, NULL, NULL, B); }
for_stmt(A) ::= FOR(K) expr(C) body(B). { A = pb_for(ps, K, NULL, C, NULL, B); }
for_stmt(A) ::= FOR(K) osimple(I) SEMI oexpr(C) SEMI osimple(P) body(B). { A = pb_for(ps, K, I, C, P, B); }
for_stmt(A) ::= FOR(K) RANGE expr(X) body(B). { A = pb_range(ps, K, NOLIST, 0, X, B); }
for_stmt(A) ::= FOR(K) expr_list(L) ASSIGN RANGE expr(X) body(B). { A = pb_range(ps, K, L, '=', X, B); }
for_stmt(A) ::= FOR(K) expr_list(L) DEFINE RANGE expr(X) body(B). { A = pb_range(ps, K, L, T_DEFINE, X, B); }

switch_stmt(A) ::= SWITCH(K) body_open caseclauses(C) RBRACE(R). { A = pb_switch(ps, K, NULL, NULL, C, R); }
switch_stmt(A) ::= SWITCH(K) simple_stmt(T) body_open caseclauses(C) RBRACE(R). { A = pb_switch(ps, K, NULL, T, C, R); }
switch_stmt(A) ::= SWITCH(K) osimple(I) SEMI body_open caseclauses(C) RBRACE(R). { A = pb_switch(ps, K, I, NULL, C, R); }
switch_stmt(A) ::= SWITCH(K) osimple(I) SEMI simple_stmt(T) body_open caseclauses(C) RBRACE(R). { A = pb_switch(ps, K, I, T, C, R); }

%type caseclauses {NodeList}
caseclauses(A) ::= . { A = NOLIST; }
caseclauses(A) ::= caseclauses(L) caseclause(C). { A = pb_list_add(ps, L, C); }
caseclause(A) ::= CASE(K) expr_list(L) COLON stmt_list(S). { A = pb_caseclause(ps, K, L, false, S); }
caseclause(A) ::= DEFAULT(K) COLON stmt_list(S). { A = pb_caseclause(ps, K, NOLIST, true, S); }

select_stmt(A) ::= SELECT(K) body_open commclauses(C) RBRACE(R). { A = pb_select(ps, K, C, R); }
%type commclauses {NodeList}
commclauses(A) ::= . { A = NOLIST; }
commclauses(A) ::= commclauses(L) commclause(C). { A = pb_list_add(ps, L, C); }
commclause(A) ::= CASE(K) simple_stmt(X) COLON stmt_list(S). { A = pb_commclause(ps, K, X, S); }
commclause(A) ::= DEFAULT(K) COLON stmt_list(S). { A = pb_commclause(ps, K, NULL, S); }

/* ---- REPL input: statements and declarations separated by semicolons ---- */

repl_input ::= repl_items(L). { ps->result = pb_block(ps, ps->tok, L, ps->tok); }
%type repl_items {NodeList}
repl_items(A) ::= repl_item(S). { A = pb_list1(ps, S); }
repl_items(A) ::= repl_items(L) SEMI repl_item(S). { A = pb_list_add(ps, L, S); }
repl_item(A) ::= stmt(S). { A = S; }
repl_item(A) ::= func_decl(D). { A = D; }
repl_item(A) ::= import_decl(D). { A = D; }

%code {
/* Whether feeding token code to the parser in its current state would be accepted (shifted
 * after zero or more reductions), simulated on a virtual stack without touching the parser. */
int gol_parse_accepts(void *p, int code) {
  yyParser *pp = p;
  int base = (int)(pp->yytos - pp->yystack), top = base, no = 0;
  YYACTIONTYPE over[256];
  for (int steps = 0; steps < 10000; steps++) {
    YYACTIONTYPE st = top <= base ? pp->yystack[top].stateno : over[top - base - 1];
    YYACTIONTYPE act = yy_find_shift_action((YYCODETYPE)code, st);
    if (act >= YY_MIN_REDUCE && act <= YY_MAX_REDUCE) {
      int rule = act - YY_MIN_REDUCE;
      top += yyRuleInfoNRhs[rule];
      if (top < 0) return 0;
      if (top < base) base = top, no = 0;
      else no = top - base;
      YYACTIONTYPE from = top <= base ? pp->yystack[top].stateno : over[top - base - 1];
      YYACTIONTYPE g = yy_find_reduce_action(from, yyRuleInfoLhs[rule]);
      if (no >= (int)(sizeof over / sizeof over[0])) return 1; /* deep: assume fine */
      over[no++] = g;
      top++;
      continue;
    }
    if (act <= YY_MAX_SHIFTREDUCE || act == YY_ACCEPT_ACTION) return 1;
    return 0;
  }
  return 1;
}

void gol_parse_expected(void *p, unsigned char *ok, int ntok) {
  for (int t = 0; t < ntok && t < YYNTOKEN; t++) ok[t] = (unsigned char)gol_parse_accepts(p, t);
}
}

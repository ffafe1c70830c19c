/* Spellings: how error messages print types. Go's types2 keeps byte and rune as distinct objects
 * (identical to uint8 and int32) so that messages say `byte`, `[]byte`, `map[rune]byte` where the
 * source did. In gol identity is pointer equality, so byte must be the very Type uint8 is; the
 * spelling travels beside the type instead:
 *
 *  - a spelling is a Type flagged TF_SPELLING whose `underlying` is the (canonical) type it
 *    spells; it has the shape of that type with byte/rune components, and only types_string_rel
 *    ever reads it. Composite spellings are made in the checker's arena, never hash-consed;
 *  - Operand.spell and Object.spell carry spellings (NULL: print the type itself). A spelling is
 *    used only while it still spells the operand's type (chk_spelled), so code that changes
 *    Operand.type without knowing about spellings can never print a wrong type;
 *  - the spelling of a defined type's name object is the spelling of its underlying type, so
 *    fields, elements and results of values of defined types are spelled as declared.
 *
 * The empty interface is spelled `any` only where the source says any (Go prints interface{}
 * otherwise).
 *
 * Spellings come from type expressions (chk_spelltype), string indexing (byte), rune constants and
 * ranging over strings (rune), and follow values through the checker's operations. Where one is
 * not propagated the message says uint8/int32, as before. Run-time type strings (%T) never see
 * spellings: Go prints uint8 and int32 there too. */
#include "lang/check_impl.h"

#include <pthread.h>
#include <string.h>

static Type byte_spell, rune_spell, any_spell;
static pthread_once_t spell_once = PTHREAD_ONCE_INIT;

static void init_spellings(void) {
  byte_spell = *types_basic(K_UINT8);
  byte_spell.name = byte_spell.str = "byte";
  byte_spell.tflags |= TF_SPELLING;
  byte_spell.underlying = types_basic(K_UINT8);
  rune_spell = *types_basic(K_INT32);
  rune_spell.name = rune_spell.str = "rune";
  rune_spell.tflags |= TF_SPELLING;
  rune_spell.underlying = types_basic(K_INT32);
  any_spell = *types_any();
  any_spell.name = any_spell.str = "any";
  any_spell.tflags |= TF_SPELLING | TF_NAMED;
  any_spell.underlying = types_any();
}

Type *chk_spell_byte(void) {
  pthread_once(&spell_once, init_spellings);
  return &byte_spell;
}
Type *chk_spell_rune(void) {
  pthread_once(&spell_once, init_spellings);
  return &rune_spell;
}

Type *chk_spell_any(void) {
  pthread_once(&spell_once, init_spellings);
  return &any_spell;
}

static bool is_spelling(const Type *s) { return s && (s->tflags & TF_SPELLING); }

Type *chk_spelled(Type *spell, Type *t) {
  return t && is_spelling(spell) && spell->underlying == t ? spell : t;
}

/* The composite spelling that describes t's structure, or NULL. */
static Type *shape(Type *spell, Type *t) {
  if (!t) return NULL;
  if (is_spelling(spell) && spell->underlying == t && !(spell->tflags & TF_NAMED)) return spell;
  if (t->tflags & TF_NAMED && t->obj && is_spelling(t->obj->spell) &&
      t->obj->spell->underlying == t->underlying)
    return t->obj->spell;
  return NULL;
}

Type *chk_spell_elem(Type *spell, Type *t) {
  Type *sh = shape(spell, t);
  return sh ? sh->elem : NULL;
}

Type *chk_spell_field(Type *spell, Type *t, int index) {
  if (t && !(t->tflags & TF_NAMED) && t->kind == K_POINTER) {
    Type *sh = shape(spell, t);
    spell = sh ? sh->elem : NULL;
    t = t->elem;
  }
  Type *sh = shape(spell, t);
  return sh && sh->kind == K_STRUCT && index >= 0 && index < sh->nfields ? sh->fields[index].type : NULL;
}

Type *chk_spell_result(Type *spell, Type *t, int i) {
  Type *sh = shape(spell, t);
  return sh && sh->kind == K_FUNC && i >= 0 && i < sh->nresults ? sh->results[i] : NULL;
}

Type *chk_spell_param(Type *spell, Type *t, int i) {
  Type *sh = shape(spell, t);
  return sh && sh->kind == K_FUNC && i >= 0 && i < sh->nparams ? sh->params[i] : NULL;
}

/* A composite spelling of canon, with proto's components. */
static Type *make_spelling(Checker *c, Type *canon, const Type *proto) {
  Type *s = ARENA_NEW(c->a, Type);
  *s = *proto;
  s->kind = canon->kind;
  s->tflags = TF_SPELLING | (canon->tflags & TF_VARIADIC);
  s->name = NULL;
  s->pkgpath = NULL;
  s->str = NULL;
  s->underlying = canon;
  return s;
}

Type *chk_spell_pointer(Checker *c, Type *spell, Type *t) {
  Type *s = chk_spelled(spell, t);
  if (!is_spelling(s)) return NULL;
  Type p = {.elem = s};
  return make_spelling(c, types_pointer(t), &p);
}

/* Component spelling or, where there is none, the component itself. */
static Type *or_type(Type *spell, Type *t) { return spell ? spell : t; }

static Type *spell_fields(Checker *c, Node *n, Type *canon, int depth);
static Type *spell1(Checker *c, Node *n, int depth);

/* A function type is spelled with byte/rune and with its parameter and result names, which
 * types2 prints too ("func(s string, c byte) int"). */
static Type *spell_func(Checker *c, Node *n, Type *canon, int depth) {
  if (canon->kind != K_FUNC) return NULL;
  int total = canon->nparams + canon->nresults;
  Type **ps = arena_alloc(c->a, (size_t)(total + 1) * sizeof *ps);
  Type **rs = ps + canon->nparams;
  Field *names = arena_alloc(c->a, (size_t)(total + 1) * sizeof *names);
  bool any = false, named = false;
  int k[2] = {0, 0};
  for (int pass = 0; pass < 2; pass++) {
    NodeList *l = pass ? &n->list2 : &n->list;
    int max = pass ? canon->nresults : canon->nparams;
    for (int i = 0; i < l->n; i++) {
      Node *f = l->v[i];
      Type *s = spell1(c, f->x, depth + 1);
      any |= s != NULL;
      named |= f->list.n > 0;
      for (int j = 0; j < (f->list.n ? f->list.n : 1) && k[pass] < max; j++) {
        Type *ct = pass ? canon->results[k[pass]] : canon->params[k[pass]];
        names[pass * canon->nparams + k[pass]].name = f->list.n ? f->list.v[j]->name : NULL;
        (pass ? rs : ps)[k[pass]++] = or_type(s, ct);
      }
    }
  }
  if ((!any && !named) || k[0] != canon->nparams || k[1] != canon->nresults) return NULL;
  Type p = {.params = ps, .nparams = canon->nparams, .results = rs, .nresults = canon->nresults};
  if (named) p.fields = names, p.nfields = total;
  return make_spelling(c, canon, &p);
}

static Type *spell_fields(Checker *c, Node *n, Type *canon, int depth) {
  if (canon->kind != K_STRUCT) return NULL;
  Field *fs = arena_alloc(c->a, (size_t)(canon->nfields + 1) * sizeof *fs);
  memcpy(fs, canon->fields, (size_t)canon->nfields * sizeof *fs);
  bool any = false;
  int k = 0;
  for (int i = 0; i < n->list.n; i++) {
    Node *f = n->list.v[i];
    Type *s = spell1(c, f->x, depth + 1);
    for (int j = 0; j < (f->list.n ? f->list.n : 1) && k < canon->nfields; j++, k++)
      if (s) fs[k].type = s, any = true;
  }
  if (!any) return NULL;
  Type p = {.fields = fs, .nfields = canon->nfields};
  return make_spelling(c, canon, &p);
}

static Type *spell_methods(Checker *c, Node *n, Type *canon, int depth) {
  if (canon->kind != K_INTERFACE) return NULL;
  Method *ms = arena_alloc(c->a, (size_t)(canon->nmethods + 1) * sizeof *ms);
  if (canon->nmethods) memcpy(ms, canon->methods, (size_t)canon->nmethods * sizeof *ms); /* NULL when none */
  bool any = false;
  for (int i = 0; i < n->list.n; i++) {
    Node *m = n->list.v[i];
    if (m->kind != N_METHODSPEC) continue;
    Type *s = spell1(c, m->x, depth + 1);
    for (int j = 0; s && j < canon->nmethods; j++)
      if (ms[j].name == m->name) ms[j].type = s, any = true;
  }
  if (!any) return NULL;
  Type p = {.methods = ms, .nmethods = canon->nmethods};
  return make_spelling(c, canon, &p);
}

/* The spelling of type expression n (already checked: n->type is its type), or NULL when it is
 * spelled as its type prints. */
static Type *spell1(Checker *c, Node *n, int depth) {
  if (!n || depth > CHECK_MAX_DEPTH) return NULL;
  Type *canon = n->type;
  if (!canon || canon->kind == K_INVALID || is_spelling(canon)) return NULL;
  Type p;
  memset(&p, 0, sizeof p);
  switch (n->kind) {
  case N_PAREN: return spell1(c, n->x, depth + 1);
  case N_IDENT: case N_SELECTOR: {
    Object *o = n->obj;
    return o && o->kind == OBJ_TYPE && chk_spelled(o->spell, canon) != canon ? o->spell : NULL;
  }
  case N_STAR: case N_SLICETYPE: case N_ARRAYTYPE: case N_CHANTYPE: case N_ELLIPSIS: {
    Node *en = n->kind == N_SLICETYPE || n->kind == N_ARRAYTYPE ? n->y : n->x;
    if (!canon->elem) return NULL;
    Type *e = spell1(c, en, depth + 1);
    if (!e) return NULL;
    p.elem = e;
    p.len = canon->len;
    p.chandir = canon->chandir;
    return make_spelling(c, canon, &p);
  }
  case N_MAPTYPE: {
    if (canon->kind != K_MAP) return NULL;
    Type *k = spell1(c, n->x, depth + 1), *e = spell1(c, n->y, depth + 1);
    if (!k && !e) return NULL;
    p.key = or_type(k, canon->key);
    p.elem = or_type(e, canon->elem);
    return make_spelling(c, canon, &p);
  }
  case N_FUNCTYPE: return spell_func(c, n, canon, depth);
  case N_STRUCTTYPE: return spell_fields(c, n, canon, depth);
  case N_INTERFACETYPE: return spell_methods(c, n, canon, depth);
  default: return NULL;
  }
}

Type *chk_spelltype(Checker *c, Node *texpr) { return spell1(c, texpr, 0); }

char *chk_typestr_spelled(Checker *c, Type *t, Type *spell) {
  return chk_typestr(c, chk_spelled(spell, t));
}

/* Compiler internals shared by lang/compile_*.c.
 *
 * Registers are allocated like a stack (Lua's scheme): locals take registers in declaration
 * order for the life of their block; temporaries sit above them and are released at the end of
 * each statement (fs->nextreg returns to the statement's start). A call's arguments are placed
 * at the top (above every live register), so the callee's window never clobbers live values. */
#ifndef GOL_LANG_COMPILE_INT_H
#define GOL_LANG_COMPILE_INT_H

#include "lang/check.h"
#include "lang/compile.h"
#include "lang/typesys.h"
#include "vm/object.h"
#include "vm/opcodes.h"

typedef struct Loop {
  struct Loop *outer;
  const char *label;
  int *breaks, nbreaks, capbreaks;
  int *conts, nconts, capconts;
  int contpc;          /* continue target when known (-1: patch later) */
  bool isswitch;       /* switch/select: break only */
} Loop;

typedef struct Compiler Compiler;

typedef struct FuncState {
  Compiler *c;
  struct FuncState *outer;
  FuncInfo *fi;
  Proto *p;
  Instr *code;
  int ncode, capcode;
  int32_t *lines;
  uint32_t *ubounds;   /* Proto.ubounds being built (cx_unsigned_bounds) */
  int nubounds, capubounds;
  /* early nodes of the statement being compiled, already computed into reg (compile_order.c);
   * the registers stay allocated until the statement releases its temporaries */
  struct Hoist { const Node *n; int reg; } *hoists;
  int nhoists, caphoists;
  Slot *k;
  int nk, capk;
  int nextreg, maxreg;
  int curline;
  int lastop;          /* pc of the last instruction emitted by cx_emit/cx_emitbc (-1: none) */
  int lasttarget;      /* highest pc any jump or label targets (cx_move_temp may not fold past it) */
  Loop *loop;
  Object **ups;        /* captured variables (literals): index = upvalue number */
  int nups;
  int *upreg;          /* register holding each upvalue's cell pointer */
  int resreg;          /* first result register (named or hidden) */
  bool hasdefer;
  int *retjumps, nretjumps, capretjumps;
  struct LabelEnt { const char *name; int pc; } *labels;
  int nlabels, caplabels;
  struct GotoEnt { const char *name; int pc; Pos pos; } *gotos;
  int ngotos, capgotos;
  int nlits;           /* function literals made so far ("func1", ...) */
  int nwraps;          /* defer/go wrappers of builtin calls made so far ("deferwrap1", ...) */
} FuncState;

struct Compiler {
  Package *pkg;
  const struct StdPackage *std;
  Diag *diag;
  Proto **protos;
  int nprotos, capprotos;
  CompiledPkg *out;
};

struct CompiledPkg {
  Package *pkg;
  Proto *init;
  Proto *main;
  Proto **protos;
  int nprotos;
};

#endif

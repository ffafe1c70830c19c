/* The disassembler behind `gol -d`: one line per instruction (see vm/README.md). */
#include <inttypes.h>
#include <string.h>

#include "lang/types.h"
#include "vm/frame.h"
#include "vm/opcodes.h"
#include "vm/vm.h"

static const char *const op_names[] = {
#define GOL_OP_NAME(name, fmt, doc) #name,
    GOL_OPCODES(GOL_OP_NAME)
#undef GOL_OP_NAME
};
static const char *const op_fmts[] = {
#define GOL_OP_FMT(name, fmt, doc) fmt,
    GOL_OPCODES(GOL_OP_FMT)
#undef GOL_OP_FMT
};

const char *vm_opname(int op) { return op >= 0 && op < OP__COUNT ? op_names[op] : "?"; }

static void operand(FILE *out, char kind, Instr w, int field) {
  unsigned v = (unsigned)((w >> (16 * (field + 1))) & 0xFFFF);
  switch (kind) {
  case 'R': fprintf(out, " r%u", v); break;
  case 'K': fprintf(out, " k%u", v); break;
  case 'U': fprintf(out, " %u", v); break;
  case 'I': fprintf(out, " %d", (int16_t)v); break;
  case 'j': fprintf(out, " ->%+d", (int16_t)v); break;
  case 'S': fprintf(out, " %" PRId32, (int32_t)(w >> 32)); break;
  case 'W': fprintf(out, " k%" PRIu32, (uint32_t)(w >> 32)); break;
  case 'J': fprintf(out, " ->%+" PRId32, (int32_t)(w >> 32)); break;
  default: break;
  }
}

void vm_disassemble(FILE *out, const Proto *p) {
  fprintf(out, "function %s (params %d, results %d, registers %d, upvalues %d, constants %d)\n",
          p->name ? p->name : "?", p->nparams, p->nresults, p->maxslots, p->nup, p->nk);
  if (p->native) {
    fprintf(out, "\tnative\n\n");
    return;
  }
  for (int32_t pc = 0; pc < p->ncode; pc++) {
    Instr w = p->code[pc];
    int op = (int)(w & 0xFFFF);
    const char *fmt = op < OP__COUNT ? op_fmts[op] : "___";
    fprintf(out, "%5d  [%4d]  %-10s", pc, p->lines ? p->lines[pc] : 0, vm_opname(op));
    for (int f = 0; f < 3 && fmt[f]; f++) {
      char k = fmt[f];
      if (k == 'S' || k == 'W' || k == 'J') {
        operand(out, k, w, 1);
        break;
      }
      operand(out, k, w, f);
    }
    if (strchr(fmt, 'J') || strchr(fmt, 'j')) {
      int32_t off = strchr(fmt, 'J') ? (int32_t)(w >> 32) : (int16_t)(w >> 48);
      fprintf(out, "\t; to %d", pc + 1 + off);
    }
    if (strchr(fmt, 'X') && pc + 1 < p->ncode) fprintf(out, " x%" PRIu64, p->code[++pc]);
    fputc('\n', out);
  }
  for (int32_t i = 0; i < p->nk; i++) fprintf(out, "\tk%d = 0x%" PRIx64 "\n", i, p->k[i]);
  fputc('\n', out);
}

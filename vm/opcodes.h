/* The instruction set: every opcode once, as an X-macro (see vm/README.md for the full reference).
 *
 * Encoding: one 64-bit word per instruction, fields of 16 bits, opcode in the low bits:
 *
 *     63          48 47          32 31          16 15           0
 *    +--------------+--------------+--------------+--------------+
 *    |      C       |      B       |      A       |    opcode    |
 *    +--------------+--------------+--------------+--------------+
 *    |            sBC / BC (32)    |
 *
 * A, B, C are register numbers (R), constant-pool indices (K), unsigned (U) or signed (I)
 * immediates; sBC is B and C read together as a signed 32-bit jump offset or immediate, BC as an
 * unsigned 32-bit constant index; j is C read as a signed 16-bit jump offset. Jump offsets are
 * relative to the instruction after the jump. An opcode whose format ends in X is followed by one
 * extra 64-bit word (a size, a constant index or flags; its meaning is in the opcode's line).
 *
 * Format strings (for the disassembler): one letter per field A, B, C, then 'X' if an extra word
 * follows. R register, K constant, U unsigned imm, I signed imm, j 16-bit jump (C), S signed 32
 * (sBC), W unsigned 32 constant index (BC), J 32-bit jump (sBC), _ unused.
 *
 * R[x] is register x of the current frame (an 8-byte slot, vm/value.h); a value of n slots
 * occupies R[x..x+n). K[x] is constant x of the function's constant pool. Narrow integer results
 * are re-widened by a following SEXT/ZEXT emitted by the compiler.
 */
#ifndef GOL_VM_OPCODES_H
#define GOL_VM_OPCODES_H

#define GOL_OPCODES(OP)                                                                            \
  OP(NOP,       "___",  "no operation")                                                          \
  /* moves and constants */                                                                        \
  OP(MOVE,      "RR_",  "R[A] = R[B]")                                                           \
  OP(MOVE2,     "RR_",  "R[A..A+2) = R[B..B+2)")                                                 \
  OP(MOVE3,     "RR_",  "R[A..A+3) = R[B..B+3)")                                                 \
  OP(MOVEN,     "RRU",  "R[A..A+C) = R[B..B+C) (memmove)")                                       \
  OP(LOADI,     "RS_",  "R[A] = sBC")                                                            \
  OP(LOADK,     "RW_",  "R[A] = K[BC]")                                                          \
  OP(LOADK2,    "RW_",  "R[A] = K[BC]; R[A+1] = K[BC+1] (string constants)")                     \
  OP(ZERO,      "RU_",  "R[A..A+B) = 0")                                                         \
  /* integer arithmetic on 64 bits */                                                              \
  OP(ADD,       "RRR",  "R[A] = R[B] + R[C]")                                                    \
  OP(SUB,       "RRR",  "R[A] = R[B] - R[C]")                                                    \
  OP(MUL,       "RRR",  "R[A] = R[B] * R[C]")                                                    \
  OP(DIV,       "RRR",  "R[A] = R[B] / R[C] signed; panics on zero")                             \
  OP(REM,       "RRR",  "R[A] = R[B] % R[C] signed; panics on zero")                             \
  OP(DIVU,      "RRR",  "R[A] = R[B] / R[C] unsigned; panics on zero")                           \
  OP(REMU,      "RRR",  "R[A] = R[B] % R[C] unsigned; panics on zero")                           \
  OP(AND,       "RRR",  "R[A] = R[B] & R[C]")                                                    \
  OP(OR,        "RRR",  "R[A] = R[B] | R[C]")                                                    \
  OP(XOR,       "RRR",  "R[A] = R[B] ^ R[C]")                                                    \
  OP(ANDNOT,    "RRR",  "R[A] = R[B] &^ R[C]")                                                   \
  OP(SHL,       "RRR",  "R[A] = R[B] << R[C] (count unsigned; >= 64 gives 0)")                   \
  OP(SHR,       "RRR",  "R[A] = R[B] >> R[C] arithmetic (count >= 64 gives 0 or -1)")            \
  OP(SHRU,      "RRR",  "R[A] = R[B] >> R[C] logical (count >= 64 gives 0)")                     \
  OP(SHLK,      "RRU",  "R[A] = R[B] << C (C < 64)")                                             \
  OP(SHRK,      "RRU",  "R[A] = R[B] >> C arithmetic (C < 64)")                                  \
  OP(SHRUK,     "RRU",  "R[A] = R[B] >> C logical (C < 64)")                                     \
  OP(ADDK,      "RRI",  "R[A] = R[B] + sC")                                                      \
  OP(MULK,      "RRI",  "R[A] = R[B] * sC")                                                      \
  OP(DIVK,      "RRI",  "R[A] = R[B] / sC signed (sC != 0; -1 negates)")                         \
  OP(REMK,      "RRI",  "R[A] = R[B] % sC signed (sC != 0)")                                     \
  OP(NEG,       "RR_",  "R[A] = -R[B]")                                                          \
  OP(NOT,       "RR_",  "R[A] = ^R[B]")                                                          \
  OP(LNOT,      "RR_",  "R[A] = !R[B] (bool)")                                                   \
  OP(CHKSHIFT,  "R__",  "panic \"negative shift amount\" if R[A] < 0")                           \
  OP(SEXT8,     "RR_",  "R[A] = int8(R[B]) sign-extended")                                       \
  OP(SEXT16,    "RR_",  "R[A] = int16(R[B]) sign-extended")                                      \
  OP(SEXT32,    "RR_",  "R[A] = int32(R[B]) sign-extended")                                      \
  OP(ZEXT8,     "RR_",  "R[A] = uint8(R[B]) zero-extended")                                      \
  OP(ZEXT16,    "RR_",  "R[A] = uint16(R[B]) zero-extended")                                     \
  OP(ZEXT32,    "RR_",  "R[A] = uint32(R[B]) zero-extended")                                     \
  /* floating point */                                                                             \
  OP(ADDF,      "RRR",  "R[A] = R[B] + R[C] (float64)")                                          \
  OP(SUBF,      "RRR",  "R[A] = R[B] - R[C] (float64)")                                          \
  OP(MULF,      "RRR",  "R[A] = R[B] * R[C] (float64)")                                          \
  OP(DIVF,      "RRR",  "R[A] = R[B] / R[C] (float64)")                                          \
  OP(NEGF,      "RR_",  "R[A] = -R[B] (float64)")                                                \
  OP(ADDF32,    "RRR",  "R[A] = R[B] + R[C] (float32)")                                          \
  OP(SUBF32,    "RRR",  "R[A] = R[B] - R[C] (float32)")                                          \
  OP(MULF32,    "RRR",  "R[A] = R[B] * R[C] (float32)")                                          \
  OP(DIVF32,    "RRR",  "R[A] = R[B] / R[C] (float32)")                                          \
  OP(NEGF32,    "RR_",  "R[A] = -R[B] (float32)")                                                \
  /* complex128: two slots {re, im}; complex64 (one slot) is widened to it for arithmetic */      \
  OP(ADDC,      "RRR",  "R[A..A+2) = R[B..] + R[C..] (complex128)")                              \
  OP(SUBC,      "RRR",  "R[A..A+2) = R[B..] - R[C..] (complex128)")                              \
  OP(MULC,      "RRR",  "R[A..A+2) = R[B..] * R[C..] (complex128)")                              \
  OP(DIVC,      "RRR",  "R[A..A+2) = R[B..] / R[C..] (complex128, Go's complex128div)")          \
  OP(NEGC,      "RR_",  "R[A..A+2) = -R[B..] (complex128)")                                      \
  OP(EQC,       "RRR",  "R[A] = R[B..] == R[C..] (complex128)")                                  \
  OP(C64TO128,  "RR_",  "R[A..A+2) = complex128(complex64 R[B])")                                \
  OP(C128TO64,  "RR_",  "R[A] = complex64(complex128 R[B..])")                                   \
  OP(MINF,      "RRR",  "R[A] = min(R[B], R[C]) (float64; NaN wins, min(-0, +0) = -0)")         \
  OP(MAXF,      "RRR",  "R[A] = max(R[B], R[C]) (float64; NaN wins, max(-0, +0) = +0)")         \
  OP(MINF32,    "RRR",  "R[A] = min(R[B], R[C]) (float32)")                                      \
  OP(MAXF32,    "RRR",  "R[A] = max(R[B], R[C]) (float32)")                                      \
  /* numeric conversions (C code: see VmConv in vm.h) */                                           \
  OP(CONV,      "RRU",  "R[A] = convert R[B] by conversion C (int/uint/float32/float64)")        \
  OP(I2F,       "RR_",  "R[A] = float64(int64 R[B])")                                            \
  OP(F2I,       "RR_",  "R[A] = int64(float64 R[B]) (out of range: Go's amd64 result)")           \
  /* comparisons producing a bool */                                                               \
  OP(EQ,        "RRR",  "R[A] = R[B] == R[C]")                                                   \
  OP(NE,        "RRR",  "R[A] = R[B] != R[C]")                                                   \
  OP(LT,        "RRR",  "R[A] = R[B] < R[C] signed")                                             \
  OP(LE,        "RRR",  "R[A] = R[B] <= R[C] signed")                                            \
  OP(LTU,       "RRR",  "R[A] = R[B] < R[C] unsigned")                                           \
  OP(LEU,       "RRR",  "R[A] = R[B] <= R[C] unsigned")                                          \
  OP(EQF,       "RRR",  "R[A] = R[B] == R[C] (float64)")                                         \
  OP(NEF,       "RRR",  "R[A] = R[B] != R[C] (float64)")                                         \
  OP(LTF,       "RRR",  "R[A] = R[B] < R[C] (float64)")                                          \
  OP(LEF,       "RRR",  "R[A] = R[B] <= R[C] (float64)")                                         \
  OP(EQF32,     "RRR",  "R[A] = R[B] == R[C] (float32)")                                         \
  OP(NEF32,     "RRR",  "R[A] = R[B] != R[C] (float32)")                                         \
  OP(LTF32,     "RRR",  "R[A] = R[B] < R[C] (float32)")                                          \
  OP(LEF32,     "RRR",  "R[A] = R[B] <= R[C] (float32)")                                         \
  OP(EQSTR,     "RRR",  "R[A] = string R[B..] == string R[C..]")                                 \
  OP(LTSTR,     "RRR",  "R[A] = string R[B..] < string R[C..]")                                  \
  OP(LESTR,     "RRR",  "R[A] = string R[B..] <= string R[C..]")                                 \
  OP(EQT,       "RRRX", "R[A] = R[B..] == R[C..] for type K[X] (struct, array; may panic)")      \
  OP(EQIFACE,   "RRR",  "R[A] = eface R[B..] == eface R[C..] (panics if uncomparable)")          \
  /* jumps */                                                                                      \
  OP(JMP,       "_J_",  "pc += sBC (a backward jump polls for preemption)")                      \
  OP(JT,        "RJ_",  "if R[A] pc += sBC")                                                     \
  OP(JF,        "RJ_",  "if !R[A] pc += sBC")                                                    \
  OP(JEQ,       "RRj",  "if R[A] == R[B] pc += sC")                                              \
  OP(JNE,       "RRj",  "if R[A] != R[B] pc += sC")                                              \
  OP(JLT,       "RRj",  "if R[A] < R[B] pc += sC (signed)")                                      \
  OP(JLE,       "RRj",  "if R[A] <= R[B] pc += sC (signed)")                                     \
  OP(JLTU,      "RRj",  "if R[A] < R[B] pc += sC (unsigned)")                                    \
  OP(JLEU,      "RRj",  "if R[A] <= R[B] pc += sC (unsigned)")                                   \
  OP(JEQK,      "RIj",  "if R[A] == sB pc += sC")                                                \
  OP(JNEK,      "RIj",  "if R[A] != sB pc += sC")                                                \
  OP(JLTK,      "RIj",  "if R[A] < sB pc += sC (signed)")                                        \
  OP(JLEK,      "RIj",  "if R[A] <= sB pc += sC (signed)")                                       \
  OP(JGTK,      "RIj",  "if R[A] > sB pc += sC (signed)")                                        \
  OP(JGEK,      "RIj",  "if R[A] >= sB pc += sC (signed)")                                       \
  /* strings */                                                                                    \
  OP(CONCAT,    "RRR",  "R[A..A+2) = string R[B..] + string R[C..]")                             \
  OP(CONCATN,   "RRU",  "R[A..A+2) = concatenation of the C strings at R[B], R[B+2], ...")       \
  OP(STRIDX,    "RRR",  "R[A] = string R[B..][R[C]] (bounds-checked byte)")                      \
  OP(STRSLICE,  "RRR",  "R[A..A+2) = string R[B..][R[C]:R[C+1]] (bounds-checked)")               \
  OP(STR2BYTES, "RRU",  "R[A..A+3) = []byte(string R[B..]); C=1: cap = len (constant operand)")  \
  OP(BYTES2STR, "RR_",  "R[A..A+2) = string([]byte R[B..])")                                     \
  OP(STR2RUNES, "RRU",  "R[A..A+3) = []rune(string R[B..]); C=1: cap = len (constant operand)")  \
  OP(RUNES2STR, "RR_",  "R[A..A+2) = string([]rune R[B..])")                                     \
  OP(RUNE2STR,  "RR_",  "R[A..A+2) = string(rune(R[B])) (invalid: U+FFFD)")                      \
  OP(DECRUNE,   "RRR",  "R[A] = rune at string R[B..][R[C]], R[A+1] = index after it")           \
  /* memory through pointers; nil base panics */                                                   \
  OP(LD8,       "RRU",  "R[A] = *(int8 *)(R[B] + C)")                                            \
  OP(LD8U,      "RRU",  "R[A] = *(uint8 *)(R[B] + C)")                                           \
  OP(LD16,      "RRU",  "R[A] = *(int16 *)(R[B] + C)")                                           \
  OP(LD16U,     "RRU",  "R[A] = *(uint16 *)(R[B] + C)")                                          \
  OP(LD32,      "RRU",  "R[A] = *(int32 *)(R[B] + C)")                                           \
  OP(LD32U,     "RRU",  "R[A] = *(uint32 *)(R[B] + C)")                                          \
  OP(LD64,      "RRU",  "R[A] = *(int64 *)(R[B] + C)")                                           \
  OP(LDG,       "RW_",  "R[A] = *(int64 *)K[BC] (an 8-byte package variable)")                   \
  OP(LDN,       "RRUX", "R[A..] = X bytes at R[B] + C")                                          \
  OP(ST8,       "RRU",  "*(int8 *)(R[A] + C) = R[B]")                                            \
  OP(ST16,      "RRU",  "*(int16 *)(R[A] + C) = R[B]")                                           \
  OP(ST32,      "RRU",  "*(int32 *)(R[A] + C) = R[B]")                                           \
  OP(ST64,      "RRU",  "*(int64 *)(R[A] + C) = R[B]")                                           \
  OP(STG,       "RW_",  "*(int64 *)K[BC] = R[A] (an 8-byte package variable)")                   \
  OP(STN,       "RRUX", "X bytes at R[A] + C = R[B..]")                                          \
  /* fields of aggregates held in registers (memory layout inside the slots) */                    \
  OP(GF8,       "RRU",  "R[A] = int8 at byte C of R[B..]")                                       \
  OP(GF8U,      "RRU",  "R[A] = uint8 at byte C of R[B..]")                                      \
  OP(GF16,      "RRU",  "R[A] = int16 at byte C of R[B..]")                                      \
  OP(GF16U,     "RRU",  "R[A] = uint16 at byte C of R[B..]")                                     \
  OP(GF32,      "RRU",  "R[A] = int32 at byte C of R[B..]")                                      \
  OP(GF32U,     "RRU",  "R[A] = uint32 at byte C of R[B..]")                                     \
  OP(GFN,       "RRUX", "R[A..] = X bytes at byte C of R[B..]")                                  \
  OP(SF8,       "RRU",  "byte C of R[A..] = int8 R[B]")                                          \
  OP(SF16,      "RRU",  "bytes C.. of R[A..] = int16 R[B]")                                      \
  OP(SF32,      "RRU",  "bytes C.. of R[A..] = int32 R[B]")                                      \
  OP(SFN,       "RRUX", "X bytes at byte C of R[A..] = R[B..]")                                  \
  OP(GFX,       "RRRX", "R[A..] = value at byte R[C] of R[B..]; X = size | ext << 32 (1 zero-, 2 sign-extend)")\
  OP(SFX,       "RRRX", "X bytes at byte R[B] of R[A..] = R[C..] (variable index into a register array)")\
  /* indexing */                                                                                   \
  OP(IDX,       "RRRX", "R[A] = &slice R[B..][R[C]], element size X (bounds-checked)")           \
  OP(IDXA,      "RRRX", "R[A] = &(*array R[B])[R[C]], X = elemsize | len << 32 (checked)")      \
  OP(SLD64,     "RRR",  "R[A] = ([]int64 R[B..])[R[C]] (bounds-checked)")                       \
  OP(SLD8U,     "RRR",  "R[A] = ([]uint8 R[B..])[R[C]] (bounds-checked)")                       \
  OP(SST64,     "RRR",  "([]int64 R[A..])[R[B]] = R[C] (bounds-checked)")                       \
  OP(SST8,      "RRR",  "([]uint8 R[A..])[R[B]] = R[C] (bounds-checked)")                       \
  OP(SLICE,     "RRRX", "R[A..A+3) = slice R[B..][R[C]:R[C+1]:R[C+2]], X = elemsize")           \
  OP(SLICEA,    "RRRX", "R[A..A+3) = (*array R[B])[R[C]:R[C+1]:R[C+2]], X = elemsize | len<<32")\
  OP(BOUNDS,    "RR_",  "panic index out of range unless 0 <= R[A] < R[B]")                     \
  OP(NILCHK,    "R__",  "panic nil dereference if R[A] == nil")                                  \
  OP(NILWRAP,   "RK_",  "panic \"value method M called using nil *T pointer\" if R[A] == nil "     \
                        "(K[B] the method M's Proto, K[B+1] its receiver type T)")               \
  /* allocation, slices */                                                                         \
  OP(NEW,       "RW_",  "R[A] = new(K[BC]) (zeroed heap object of type K[BC])")                 \
  OP(MAKESLICE, "RRRX", "R[A..A+3) = make([]K[X], R[B], R[C])")                                  \
  OP(APPEND,    "RRUX", "slice R[A..] = append(slice R[A..], C elements at R[B..]), elem K[X]")  \
  OP(APPENDS,   "RR_X", "slice R[A..] = append(slice R[A..], R[B..]...), elem K[X]")            \
  OP(COPY,      "RRRX", "R[A] = copy(slice R[B..], slice or string R[C..]), X = elemsize")       \
  OP(CLEARS,    "R__X", "clear(slice R[A..]): zero its len * X bytes (X = elemsize)")             \
  OP(SLICE2AP,  "RR_X", "R[A] = (*[X]T)(slice R[B..]) (its pointer); panics if len < X")        \
  /* maps (map type K[X]) */                                                                       \
  OP(MAKEMAP,   "RR_X", "R[A] = make(K[X], R[B])")                                               \
  OP(MAPGET,    "RRRX", "R[A..] = map R[B][key R[C..]] (zero value if absent)")                  \
  OP(MAPGET2,   "RRRX", "as MAPGET, and R[A+valslots] = present")                                \
  OP(MAPSET,    "RRRX", "map R[A][key R[B..]] = R[C..] (nil map panics)")                        \
  OP(MAPREF,    "RRRX", "R[A] = &map R[B][key R[C..]], a zeroed entry made if absent (nil panics)")\
  OP(MAPDEL,    "RR_X", "delete(map R[A], key R[B..])")                                          \
  OP(MAPLEN,    "RR_",  "R[A] = len(map R[B])")                                                  \
  OP(MAPCLEAR,  "R__",  "clear(map R[A])")                                                       \
  OP(MAPITER,   "RR_X", "R[A] = a new iterator over map R[B]")                                   \
  OP(MAPNEXT,   "RRj",  "next entry of iterator R[B]: R[A..] = key, value; at the end pc += sC") \
  /* interfaces */                                                                                 \
  OP(BOX,       "RRK",  "R[A..A+2) = {K[C+1], box(R[B..] of type K[C])}")                        \
  OP(TYPEOF,    "RR_",  "R[A] = dynamic type of iface {itab, data} R[B..] (nil: 0)")             \
  OP(I2E,       "RR_",  "R[A..A+2) = {itab R[B]->type, R[B+1]}")                                 \
  OP(CONVI,     "RRK",  "R[A..A+2) = eface R[B..] converted to interface K[C] (must succeed)")  \
  OP(ASSERT,    "RRKX", "R[A..] = eface R[B..].(K[C]) concrete; X = K of static iface type")    \
  OP(ASSERT2,   "RRKX", "comma-ok ASSERT: R[A..] = value or zero, R[A+nslots] = ok")             \
  OP(ASSERTI,   "RRKX", "R[A..A+2) = eface R[B..].(K[C]) interface; X = K of static iface type")\
  OP(ASSERTI2,  "RRKX", "comma-ok ASSERTI: R[A..A+2) = iface or nil, R[A+2] = ok")              \
  OP(IMPLEMENTS,"RRK",  "R[A] = dynamic type R[B] (a Type*, may be nil) implements K[C]")       \
  /* calls */                                                                                      \
  OP(CALL,      "RW_",  "call function K[BC]; arguments at R[A..], results written at R[A..]")   \
  OP(CALLCL,    "RR_",  "call closure R[B] (nil panics); arguments/results at R[A..]")           \
  OP(CALLI,     "RRU",  "call method C of itab R[B] (nil panics); receiver word at R[A]")        \
  OP(RET,       "RU_",  "return the B slots R[A..A+B)")                                         \
  OP(CLOSURE,   "RKR",  "R[A] = closure of K[B] capturing the cell pointers R[C..]")            \
  OP(GETUP,     "RU_",  "R[A] = captured cell pointer B of the running closure")                \
  OP(BIND,      "RRK",  "R[A] = method value: method K[C] bound to receiver R[B..]")            \
  OP(GO,        "RRU",  "go closure R[B] with the C argument slots R[A..]")                      \
  /* channels and select (vm/vm_chan.h): may park the goroutine */                                \
  OP(MAKECHAN,  "RR_X", "R[A] = make(chan K[X], R[B]) (K[X] the element type)")                 \
  OP(CHANSEND,  "RR_X", "chan R[A] <- R[B..] (element type K[X]); closed: panic")               \
  OP(CHANRECV,  "RRUX", "R[A..] = <-chan R[B] (elem K[X]); C: 1 = ok at R[A+nslots], 2 = discard")\
  OP(CLOSE,     "R__",  "close(chan R[A])")                                                      \
  OP(CHANLEN,   "RRU",  "R[A] = len(chan R[B]) (C = 0) or cap (C = 1)")                          \
  OP(SELECT,    "R__X", "select by descriptor K[X]: R[A] = case index or -1, R[A+1] = recv ok")  \
  /* defer, panic, recover */                                                                      \
  OP(DEFER,     "RRU",  "defer closure R[B] with the C argument slots R[A..] (copied now)")       \
  OP(RUNDEFERS, "___",  "run this frame's deferred calls, LIFO (function epilogue)")            \
  OP(PANIC,     "R__",  "panic(eface R[A..])")                                                   \
  OP(RECOVER,   "R__",  "R[A..A+2) = recover()")                                                 \
  /* builtin print/println (to standard error) */                                                  \
  OP(PRINT,     "RK_",  "print R[A..] of type K[B]")                                             \
  OP(PRINTSP,   "___",  "print a space")                                                         \
  OP(PRINTNL,   "___",  "print a newline")                                                       \
  OP(FAULT,     "U__",  "panic with the fixed run-time error A (unreachable code, ...)")

typedef enum Opcode {
#define GOL_OP_ENUM(name, fmt, doc) OP_##name,
  GOL_OPCODES(GOL_OP_ENUM)
#undef GOL_OP_ENUM
  OP__COUNT
} Opcode;

#endif

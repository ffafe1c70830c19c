/* The machine layer: entry points and context switches written in assembly (arch/amd64/), and the
 * CPU facts rt0_go probes. Only runtime/ includes this header.
 *
 * Offsets: the assembly addresses struct g, struct m and struct gobuf (runtime/runtime2.h) by the
 * constants below; proc.c checks each with _Static_assert, so a layout change fails the build
 * instead of corrupting a context switch. */
#ifndef GOL_ARCH_H
#define GOL_ARCH_H

#define G_STACK_LO 0
#define G_STACK_HI 8
#define G_STACKGUARD0 16
#define G_SCHED 24
#define G_M 96
#define M_G0 0
#define M_CURG 8
#define GOBUF_SP 0
#define GOBUF_PC 8
#define GOBUF_G 16
#define GOBUF_BP 24
#define GOBUF_RBX 32
#define GOBUF_R12 40
#define GOBUF_R13 48
#define GOBUF_R14 56
#define GOBUF_R15 64

/* g0's stack on the boot thread: rt0_go claims 64 KiB below the entry stack pointer, like Go. */
#define G0_BOOT_STACK (64 * 1024)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct g;
struct gobuf;

/* Restores buf (registers, stack pointer, the current-g thread-local) and jumps to buf->pc.
 * Never returns. */
_Noreturn void gogo(struct gobuf *buf);
/* Saves the caller's context (sp after return, return pc, callee-saved registers) into buf and
 * returns. The runtime only uses the saved sp (g0's scheduling stack top, see mstart1). */
void gosave(struct gobuf *buf);
/* Saves the current G's context into g->sched, switches to m->g0's stack and calls fn(g) there;
 * fn must not return (it ends in schedule/gogo). When g is resumed with gogo(&g->sched),
 * arch_mcall returns. Callers use mcall() (proc.c), which adds the sanitizer fiber switch. */
void arch_mcall(void (*fn)(struct g *));
/* Runs fn(arg) on m->g0's stack with getg() == g0, and returns. */
void arch_systemstack(void (*fn)(void *), void *arg);
/* A fresh G's first pc: calls runtime_goentry(r12) with the fake return address runtime_goexit
 * already on the stack. */
void runtime_gostart(void);
/* The return address planted under a fresh G's entry frame: calls runtime_goexit1. */
void runtime_goexit(void);
/* The ELF entry (the gol executable only) and the common amd64 entry. */
void _rt0_amd64_linux(void);
void _rt0_amd64(void);

/* CPU facts written once by rt0_go before any other thread exists. */
extern char runtime_cpu_vendor[16];          /* CPUID leaf 0: "GenuineIntel", "AuthenticAMD" */
extern uint32_t runtime_cpuid_maxleaf;       /* CPUID leaf 0: EAX */
extern uint32_t runtime_processorVersionInfo;/* CPUID leaf 1: EAX (stepping, model, family) */
extern uint32_t runtime_cpuid_ecx1;          /* CPUID leaf 1: ECX feature bits */
extern uint32_t runtime_cpuid_edx1;          /* CPUID leaf 1: EDX feature bits */
#endif

#endif

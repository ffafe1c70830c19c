/* amd64 bootstrap and context switches (SysV ABI). See arch/README.md for the boot chain and
 * arch/arch.h for the contracts of each routine.
 *
 * The current G lives in the C thread-local runtime_g_tls (initial-exec TLS model, so its address
 * is %fs plus a link-time constant fetched from the GOT). Only this file and mstart_thread (proc.c)
 * write it. */
#include "arch/arch.h"

#define TLS_G(reg) movq runtime_g_tls@gottpoff(%rip), reg

	.text

/* _rt0_amd64: the process stack holds argc at 0(%rsp) and argv from 8(%rsp). %rdx is the
 * dynamic linker's termination function (the ELF ABI's atexit argument). */
	.globl	_rt0_amd64
	.type	_rt0_amd64, @function
_rt0_amd64:
	.cfi_startproc
	.cfi_undefined rip
	movq	0(%rsp), %rdi		/* argc */
	leaq	8(%rsp), %rsi		/* argv */
	jmp	rt0_go
	.cfi_endproc
	.size	_rt0_amd64, .-_rt0_amd64

/* rt0_go(argc=%rdi, argv=%rsi, rtld_fini=%rdx). Never returns. */
	.globl	rt0_go
	.hidden	rt0_go
	.type	rt0_go, @function
rt0_go:
	.cfi_startproc
	.cfi_undefined rip
	xorl	%ebp, %ebp		/* outermost frame */
	movq	%rdi, %r12		/* argc, argv, rtld_fini survive in callee-saved registers */
	movq	%rsi, %r13
	movq	%rdx, %r14
	andq	$~15, %rsp		/* SysV: 16-byte aligned before a call */

	/* g0's stack: the OS stack, 64 KiB below here (the kernel grows the main stack on demand). */
	leaq	runtime_g0(%rip), %rdi
	leaq	(-G0_BOOT_STACK+104)(%rsp), %rbx
	movq	%rbx, G_STACKGUARD0(%rdi)
	movq	%rbx, G_STACK_LO(%rdi)
	movq	%rsp, G_STACK_HI(%rdi)

	/* CPUID leaf 0: highest leaf and the vendor string (EBX, EDX, ECX). */
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid
	movl	%eax, runtime_cpuid_maxleaf(%rip)
	leaq	runtime_cpu_vendor(%rip), %rdi
	movl	%ebx, 0(%rdi)
	movl	%edx, 4(%rdi)
	movl	%ecx, 8(%rdi)
	movl	$0, 12(%rdi)
	cmpl	$1, runtime_cpuid_maxleaf(%rip)
	jb	.Lnocpuinfo
	/* CPUID leaf 1: processor version (family, model, stepping) and feature bits. */
	movl	$1, %eax
	xorl	%ecx, %ecx
	cpuid
	movl	%eax, runtime_processorVersionInfo(%rip)
	movl	%ecx, runtime_cpuid_ecx1(%rip)
	movl	%edx, runtime_cpuid_edx1(%rip)
.Lnocpuinfo:

	/* The C side's first duty: the executable's preinit/init arrays (nobody else runs them when
	 * crt1 is not linked), then the first boottrace lines. */
	movq	%r12, %rdi
	movq	%r13, %rsi
	movq	%r14, %rdx
	call	rt0_go_c

	/* Bind the current-g thread-local and prove that a store through it reads back. */
	TLS_G(%rax)
	movq	$0x123, %fs:(%rax)
	TLS_G(%rbx)
	movq	%fs:(%rbx), %rcx
	cmpq	$0x123, %rcx
	je	.Ltlsok
	call	runtime_abort
.Ltlsok:
	leaq	runtime_g0(%rip), %rcx
	movq	%rcx, %fs:(%rax)	/* g = &g0 */
	leaq	runtime_m0(%rip), %rax
	movq	%rcx, M_G0(%rax)	/* m0.g0 = &g0 */
	movq	%rax, G_M(%rcx)		/* g0.m = &m0 */

	call	runtime_check
	movq	%r12, %rdi
	movq	%r13, %rsi
	call	runtime_args
	call	osinit
	call	schedinit

	/* The main goroutine: runtime_main, queued on m0's P. */
	leaq	runtime_main(%rip), %rdi
	xorl	%esi, %esi
	call	newproc

	call	mstart			/* starts this M; never returns */
	call	runtime_abort
	.cfi_endproc
	.size	rt0_go, .-rt0_go

/* gogo(buf=%rdi): restore the context in buf and continue at buf->pc. Never returns. */
	.globl	gogo
	.hidden	gogo
	.type	gogo, @function
gogo:
	.cfi_startproc
	movq	GOBUF_G(%rdi), %rdx
	TLS_G(%rax)
	movq	%rdx, %fs:(%rax)
	movq	GOBUF_BP(%rdi), %rbp
	movq	GOBUF_RBX(%rdi), %rbx
	movq	GOBUF_R12(%rdi), %r12
	movq	GOBUF_R13(%rdi), %r13
	movq	GOBUF_R14(%rdi), %r14
	movq	GOBUF_R15(%rdi), %r15
	movq	GOBUF_SP(%rdi), %rsp
	jmp	*GOBUF_PC(%rdi)
	.cfi_endproc
	.size	gogo, .-gogo

/* gosave(buf=%rdi): save the caller's context (as if just returned from gosave). */
	.globl	gosave
	.hidden	gosave
	.type	gosave, @function
gosave:
	.cfi_startproc
	movq	(%rsp), %rax
	movq	%rax, GOBUF_PC(%rdi)
	leaq	8(%rsp), %rax
	movq	%rax, GOBUF_SP(%rdi)
	TLS_G(%rax)
	movq	%fs:(%rax), %rax
	movq	%rax, GOBUF_G(%rdi)
	movq	%rbp, GOBUF_BP(%rdi)
	movq	%rbx, GOBUF_RBX(%rdi)
	movq	%r12, GOBUF_R12(%rdi)
	movq	%r13, GOBUF_R13(%rdi)
	movq	%r14, GOBUF_R14(%rdi)
	movq	%r15, GOBUF_R15(%rdi)
	ret
	.cfi_endproc
	.size	gosave, .-gosave

/* arch_mcall(fn=%rdi): save the current G's context in g->sched (resuming there returns from
 * arch_mcall), switch to g0's stack and call runtime_mcall_g0(g, fn), which never returns. */
	.globl	arch_mcall
	.hidden	arch_mcall
	.type	arch_mcall, @function
arch_mcall:
	.cfi_startproc
	TLS_G(%rax)
	movq	%fs:(%rax), %rdx		/* gp */
	movq	(%rsp), %rcx
	movq	%rcx, (G_SCHED+GOBUF_PC)(%rdx)
	leaq	8(%rsp), %rcx
	movq	%rcx, (G_SCHED+GOBUF_SP)(%rdx)
	movq	%rdx, (G_SCHED+GOBUF_G)(%rdx)
	movq	%rbp, (G_SCHED+GOBUF_BP)(%rdx)
	movq	%rbx, (G_SCHED+GOBUF_RBX)(%rdx)
	movq	%r12, (G_SCHED+GOBUF_R12)(%rdx)
	movq	%r13, (G_SCHED+GOBUF_R13)(%rdx)
	movq	%r14, (G_SCHED+GOBUF_R14)(%rdx)
	movq	%r15, (G_SCHED+GOBUF_R15)(%rdx)
	movq	G_M(%rdx), %rcx
	movq	M_G0(%rcx), %rsi		/* g0 */
	cmpq	%rsi, %rdx
	jne	1f
	call	runtime_badmcall		/* mcall on g0 */
1:
	movq	%rsi, %fs:(%rax)		/* g = g0 */
	movq	(G_SCHED+GOBUF_SP)(%rsi), %rsp
	andq	$~15, %rsp
	xorl	%ebp, %ebp
	movq	%rdi, %rsi			/* fn */
	movq	%rdx, %rdi			/* gp */
	call	runtime_mcall_g0
	call	runtime_badmcall2		/* fn returned */
	.cfi_endproc
	.size	arch_mcall, .-arch_mcall

/* arch_systemstack(fn=%rdi, arg=%rsi): run fn(arg) on g0's stack with g = g0, then come back. */
	.globl	arch_systemstack
	.hidden	arch_systemstack
	.type	arch_systemstack, @function
arch_systemstack:
	.cfi_startproc
	TLS_G(%rax)
	movq	%fs:(%rax), %rdx		/* gp */
	movq	G_M(%rdx), %rcx
	movq	M_G0(%rcx), %rcx		/* g0 */
	cmpq	%rcx, %rdx
	jne	1f
	movq	%rdi, %rax			/* already on g0: plain tail call */
	movq	%rsi, %rdi
	jmp	*%rax
1:
	pushq	%rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rbp, 0
	movq	%rsp, %rbp
	.cfi_def_cfa_register rbp
	pushq	%rbx
	.cfi_offset rbx, -24
	movq	%rdx, %rbx			/* gp, preserved across the call */
	movq	%rcx, %fs:(%rax)		/* g = g0 */
	movq	(G_SCHED+GOBUF_SP)(%rcx), %rsp
	andq	$~15, %rsp
	movq	%rdi, %rax
	movq	%rsi, %rdi
	call	*%rax
	TLS_G(%rax)
	movq	%rbx, %fs:(%rax)		/* g = gp */
	leaq	-8(%rbp), %rsp
	popq	%rbx
	popq	%rbp
	.cfi_def_cfa rsp, 8
	ret
	.cfi_endproc
	.size	arch_systemstack, .-arch_systemstack

/* A fresh G starts here (gogo from newproc1's gobuf): r12 = the G, r13 = its C entry. The word
 * at 0(%rsp) is runtime_goexit, the entry's return address. */
	.globl	runtime_gostart
	.hidden	runtime_gostart
	.type	runtime_gostart, @function
runtime_gostart:
	.cfi_startproc
	.cfi_undefined rip
	movq	%r12, %rdi
	jmp	*%r13
	.cfi_endproc
	.size	runtime_gostart, .-runtime_gostart

/* The entry function of every G returns here (16-byte aligned stack). */
	.globl	runtime_goexit
	.hidden	runtime_goexit
	.type	runtime_goexit, @function
runtime_goexit:
	.cfi_startproc
	.cfi_undefined rip
	call	runtime_goexit1			/* never returns */
	ud2
	.cfi_endproc
	.size	runtime_goexit, .-runtime_goexit

	.section .note.GNU-stack,"",@progbits

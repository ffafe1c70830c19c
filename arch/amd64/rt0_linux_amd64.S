/* The ELF entry point of the gol executable (linked with -Wl,-e,_rt0_amd64_linux): the kernel
 * jumps here with the initial process stack (argc, argv..., 0, envp..., 0, auxv...) and ld.so has
 * already initialised libc. Everything is common to amd64 from here on. */
	.text
	.globl	_rt0_amd64_linux
	.type	_rt0_amd64_linux, @function
_rt0_amd64_linux:
	.cfi_startproc
	.cfi_undefined rip
	jmp	_rt0_amd64
	.cfi_endproc
	.size	_rt0_amd64_linux, .-_rt0_amd64_linux

/* __dso_handle identifies this module to __cxa_atexit and pthread_atfork (libc_nonshared.a's
 * pthread_atfork passes it to __register_atfork, which clang's static TSan runtime calls).
 * crtbeginS.o defines it, but -nostartfiles leaves crtbegin out, so it is defined here the same
 * way: hidden, pointing at itself. Weak, so a link that does include crtbegin keeps its own. */
	.section .data.rel.ro.local,"aw"
	.p2align 3
	.weak	__dso_handle
	.hidden	__dso_handle
	.type	__dso_handle, @object
	.size	__dso_handle, 8
__dso_handle:
	.quad	__dso_handle

	.section .note.GNU-stack,"",@progbits

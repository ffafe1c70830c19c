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

	.section .note.GNU-stack,"",@progbits

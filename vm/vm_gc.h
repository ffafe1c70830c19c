/* The VM's side of the garbage collector (vm/vm_gc.c; the collector: runtime/mgc.h). */
#ifndef GOL_VM_VM_GC_H
#define GOL_VM_VM_GC_H

/* Call once the program is compiled, before its init functions run: registers the VM's root
 * enumerator, makes every object allocated so far (code, constants, package variables) permanent
 * and arms the collector if GOLDEBUG enables it (GOLDEBUG=gc=1; off by default). */
void gol_gc_program_ready(void);

#endif

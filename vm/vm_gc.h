/* The VM's side of the garbage collector (vm/vm_gc.c; the collector: runtime/mgc.h). */
#ifndef GOL_VM_VM_GC_H
#define GOL_VM_VM_GC_H

struct Type;

/* Call once the program is compiled, before its init functions run: registers the VM's root
 * enumerator, makes every object allocated so far (code, constants, package variables) permanent
 * and arms the collector (on by default; GOGC=off or GOLDEBUG=gc=0 turn it off). */
void gol_gc_program_ready(void);

/* Pointer maps of the VM's own heap objects (mallocgc's typ). The others use gc_ptrwords_type
 * (runtime/mgc.h: every word scanned): Closure, Defer, GoStart, Itab, a Proto's constants, the
 * channel scratch buffer, a native's argument copy. Code and line tables are pointer-free. */
extern const struct Type vm_proto_gctype; /* Proto (object.h) */
extern const struct Type vm_panic_gctype; /* Panic (frame.h) */
extern const struct Type vm_hiter_gctype; /* hiter (runtime/map.h), made by MAPITER */

#endif

/* gol.h: embedding gol in a C program (libgol). The only header an embedder includes.
 *
 * Shape (Wren's wren.h): one handle (GolVM), a config struct with documented defaults, a result
 * enum plus an error callback, values exchanged only through numbered slots.
 *
 *   GolConfig cfg;
 *   gol_init_config(&cfg);
 *   GolVM *vm = gol_open(&cfg);              // boots the runtime on first use
 *   if (gol_load_file(vm, "script.gol") != GOL_RESULT_SUCCESS) ...;
 *   gol_ensure_slots(vm, 2);
 *   gol_set_slot_int(vm, 0, 40);
 *   gol_set_slot_int(vm, 1, 2);
 *   if (gol_call(vm, "Add") == GOL_RESULT_SUCCESS) printf("%lld\n", (long long)gol_get_slot_int(vm, 0));
 *   gol_close(vm);
 *
 * The runtime. gol code runs on goroutines scheduled by gol's runtime (a G/M/P scheduler on its
 * own OS threads). The runtime is process-global: the first gol_open boots it (a new thread
 * becomes the runtime's first M; GOMAXPROCS comes from that first config), later gol_open calls
 * share it, and it stays up until the process exits (gol_close does not stop it). The host keeps
 * its own main thread; runtime threads inherit the signal mask of the thread that called the
 * first gol_open, and gol installs no signal handlers.
 *
 * Threads. Every gol_* function is called from HOST threads: threads the host created (its main
 * thread included), never runtime threads. The exception is a host native (GolNativeFn), which
 * runs on a goroutine and may use only the slot functions and gol_abort_native on the GolVM it is
 * given. A GolVM handle is used by one host thread at a time; to call into the same program from
 * several host threads at once, give each thread its own handle with gol_open_shared. A call
 * blocks its host thread until the gol code returns; the code itself runs on a new goroutine,
 * and may start goroutines and use channels, which keep running after the call returns.
 *
 * Errors. A function returning GolResult reports failures through the config's errorFn as well:
 *   GOL_RESULT_COMPILE_ERROR  loading failed; the message is exactly what `gol` prints (Go's
 *                             "file:line:col: message" lines, one per error, at most 10).
 *   GOL_RESULT_RUNTIME_ERROR  the gol code panicked and nothing recovered; the message is Go's
 *                             "panic: ..." line(s) (with "[recovered]" chains). The goroutine's
 *                             traceback is not included yet.
 *   GOL_RESULT_API_ERROR      the API was misused (no program loaded, unknown function, argument
 *                             slots that do not match the parameters...); the message says how.
 * Fatal errors stay fatal, as in Go, and end the host process: an unrecovered panic in a
 * goroutine the script started itself (only the call's own goroutine is protected), os.Exit, and
 * the runtime's throw() ("fatal error: ..."). Go's "all goroutines are asleep - deadlock!" check
 * is off in library mode (an idle runtime is waiting for the host). */
#ifndef GOL_H
#define GOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GOL_API __attribute__((visibility("default")))

/* A handle on a loaded program plus a slot array. */
typedef struct GolVM GolVM;

typedef enum GolResult {
  GOL_RESULT_SUCCESS,
  GOL_RESULT_COMPILE_ERROR,
  GOL_RESULT_RUNTIME_ERROR,
  GOL_RESULT_API_ERROR,
} GolResult;

typedef enum GolErrorType {
  GOL_ERROR_COMPILE, /* a load failed */
  GOL_ERROR_RUNTIME, /* a panic escaped a call */
  GOL_ERROR_API,     /* API misuse */
} GolErrorType;

/* What a slot holds. */
typedef enum GolType {
  GOL_TYPE_NIL,    /* an empty slot, or a nil interface result (a nil error) */
  GOL_TYPE_BOOL,
  GOL_TYPE_INT,    /* any Go integer type, as int64 (uint64 values reinterpreted) */
  GOL_TYPE_FLOAT,  /* float64 or float32, as double */
  GOL_TYPE_STRING, /* bytes with a length (may contain NULs; always NUL-terminated too) */
  GOL_TYPE_ERROR,  /* a non-nil interface result: its text (Error(), String() or the value as
                      panic prints it) is read with gol_get_slot_string */
} GolType;

/* The host allocator for the memory libgol keeps for the host (handles, slots, slot strings).
 * ptr NULL: allocate newSize bytes; newSize 0: free ptr (return NULL); else resize. gol values
 * live in the runtime's own heap, and compiled programs in the C heap. */
typedef void *(*GolReallocateFn)(void *ptr, size_t newSize, void *userData);

/* Receives every error message (see "Errors" above). Called on the host thread whose gol_* call
 * failed, before that call returns. message is only valid during the callback. */
typedef void (*GolErrorFn)(GolVM *vm, GolErrorType type, const char *message, void *userData);

/* A host function a script calls (see gol_register_package). Arguments are in slots 0..n-1 in
 * the Go parameter order; the native writes its results to slots 0..m-1 (slots of the right
 * types: GOL_TYPE_INT for an int result...). It runs on the calling goroutine, on a runtime
 * thread: it may use only the slot functions and gol_abort_native on vm, and should not block for
 * long (it occupies one of the GOMAXPROCS processors). */
typedef void (*GolNativeFn)(GolVM *vm);

typedef struct GolNative {
  const char *name; /* the bodyless Go function's name in the package source */
  GolNativeFn fn;
} GolNative;

typedef struct GolConfig {
  /* Default: realloc/free from the C library. */
  GolReallocateFn reallocateFn;
  /* Default: print the message to stderr (followed by a newline if it lacks one). */
  GolErrorFn errorFn;
  /* GOMAXPROCS for the runtime. Default 0: the GOMAXPROCS environment variable, else the number
   * of CPUs the process may use (Go's rule). Only the first gol_open of the process boots the
   * runtime, so later configs' values are ignored. */
  int maxProcs;
  /* os.Args for scripts: argc strings (not copied; they must live as long as the process).
   * Default 0/NULL: os.Args is empty. Only the first gol_open's values are used. */
  int argc;
  char **argv;
  /* Passed to reallocateFn and errorFn, and returned by gol_get_user_data. Default NULL. */
  void *userData;
} GolConfig;

/* Fills *config with the defaults above. Any thread. */
GOL_API void gol_init_config(GolConfig *config);

/* Creates a handle; the first call in the process boots the runtime and returns once it runs
 * (config NULL: the defaults; NULL reallocateFn/errorFn fields also take the defaults). Returns NULL if the runtime cannot start or when called from a
 * runtime thread. Host threads; thread-safe. */
GOL_API GolVM *gol_open(const GolConfig *config);

/* A new handle on the program vm holds now (none if vm has not loaded one), with vm's config and
 * registered host packages NOT copied, and its own empty slots: for another host thread to call
 * the same program (same globals, channels...) concurrently. Later loads through either handle do
 * not affect the other. Host threads; not concurrently with a load on vm. */
GOL_API GolVM *gol_open_shared(GolVM *vm);

/* Releases the handle, its slots and its reference on the program. The last handle's close
 * frees the program's libgol bookkeeping; the compiled code, types and checker data are retained
 * for the life of the process (goroutines the script started may still run them; the
 * collector treats everything allocated while a program was loaded as permanent). The runtime
 * stays up. Host thread owning vm; no call may be running
 * on vm. */
GOL_API void gol_close(GolVM *vm);

/* The config's userData. Any thread. */
GOL_API void *gol_get_user_data(GolVM *vm);

/* Registers a host package for programs vm loads from now on: source is its Go source (with a
 * package clause; it may import standard packages), whose bodyless functions are bound by name to
 * natives (terminated by {NULL, NULL}). Scripts import it by path. Parameter and result types of
 * natives must be bool, integer, float or string types. Both strings and the array are copied.
 * Fails (GOL_RESULT_API_ERROR) for a standard package's path or a path registered twice.
 * Host thread owning vm. */
GOL_API GolResult gol_register_package(GolVM *vm, const char *path, const char *source,
                                       const GolNative *natives);

/* Loads, type-checks and compiles a main package and everything it imports, with the same loader
 * as the gol command (lang/program.c): path is one file (.gol or .go) or a directory (its package:
 * every .gol/.go file in it, and imports of its main module, found through the nearest go.mod or
 * gol.mod, from the module's directories); standard and host packages are imported by path. Go's
 * rules apply (`package main` with a func main). The program then belongs to vm (replacing a
 * previous one for this handle). Does not run package initialisation: the first gol_call or
 * gol_run_main does. Host thread owning vm. */
GOL_API GolResult gol_load_file(GolVM *vm, const char *path);
/* The same for source text held in memory (one file, importing standard and host packages
 * only); name is the file name used in error messages and tracebacks ("script.gol"). */
GOL_API GolResult gol_load_string(GolVM *vm, const char *name, const char *source);

/* Runs the program's package initialisation (once per program, whichever handle asks first),
 * then main.main, on a new goroutine; blocks until main.main returns. Unlike `gol`, the process
 * does not exit when main returns, and goroutines main started keep running.
 * Host thread owning vm. */
GOL_API GolResult gol_run_main(GolVM *vm);

/* Calls the main package's top-level function `name` on a new goroutine (after package
 * initialisation, run once) and blocks until it returns. Its parameters are taken from slots
 * 0..n-1 (each slot's type must fit the parameter's: INT for integers, FLOAT for floats, BOOL,
 * STRING); on success its results are in slots 0..m-1 (the slot count grows to m if needed; other
 * slots are left alone). Supported parameter types: bool, integers, floats, string; results also
 * interfaces (error: GOL_TYPE_NIL or GOL_TYPE_ERROR). Integer arguments are converted to the
 * parameter's width as a Go conversion would. Host thread owning vm. */
GOL_API GolResult gol_call(GolVM *vm, const char *name);

/* ---- slots ----
 * A handle owns an array of slots (initially 0). Slot functions are called by the thread owning
 * the handle (or by a native on the handle it was given). Indexes must be below the slot count;
 * out of range reads give zero values and writes are ignored (and reported as API errors). */

/* Makes sure at least numSlots slots exist (new ones are GOL_TYPE_NIL). */
GOL_API void gol_ensure_slots(GolVM *vm, int numSlots);
GOL_API int gol_get_slot_count(GolVM *vm);
GOL_API GolType gol_get_slot_type(GolVM *vm, int slot);
/* Alias of gol_get_slot_type. */
GOL_API GolType gol_slot_type(GolVM *vm, int slot);

GOL_API void gol_set_slot_nil(GolVM *vm, int slot);
GOL_API void gol_set_slot_bool(GolVM *vm, int slot, bool value);
GOL_API void gol_set_slot_int(GolVM *vm, int slot, int64_t value);
GOL_API void gol_set_slot_float(GolVM *vm, int slot, double value);
/* Copies the NUL-terminated text. */
GOL_API void gol_set_slot_string(GolVM *vm, int slot, const char *text);
/* Copies length bytes (which may include NULs). */
GOL_API void gol_set_slot_bytes(GolVM *vm, int slot, const char *bytes, size_t length);

/* Each getter returns the zero value if the slot holds another type. */
GOL_API bool gol_get_slot_bool(GolVM *vm, int slot);
GOL_API int64_t gol_get_slot_int(GolVM *vm, int slot);
GOL_API double gol_get_slot_float(GolVM *vm, int slot);
/* A STRING or ERROR slot's bytes (NUL-terminated; *length, if not NULL, gets the byte count);
 * NULL for other types. The memory belongs to the handle until the slot is next written or the
 * handle closed; copy it to keep it. */
GOL_API const char *gol_get_slot_string(GolVM *vm, int slot, size_t *length);

/* In a native: raise a Go panic in the calling script with message (copied) once the native
 * returns (the script sees an error value whose Error() is message; recover() can catch it).
 * The native's results are then ignored. */
GOL_API void gol_abort_native(GolVM *vm, const char *message);

#ifdef __cplusplus
}
#endif

#endif

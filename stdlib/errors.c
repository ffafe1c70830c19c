/* Natives of package errors (stdlib/errors.gol): the reflection errors.Is and errors.As need. */
#include <string.h>
#include "lang/typesys.h"
#include "stdlib/natives_util.h"
#include "stdlib/stdlib.h"
#include "vm/frame.h"

static void errors_comparable(VMThread *th, Slot *args, Slot *res) {
  GoEface v = arg_eface(args);
  ret_bool(res, v.type && (v.type->tflags & TF_COMPARABLE));
}

static void errors_checkTarget(VMThread *th, Slot *args, Slot *res) {
  GoEface t = arg_eface(args);
  if (!t.type || t.type->kind != K_POINTER || !t.data) {
    stdlib_panic_string(th, "errors: target must be a non-nil pointer");
    return;
  }
  const Type *elem = t.type->elem;
  if (elem->kind != K_INTERFACE && !vm_implements(types_error(), elem, NULL))
    stdlib_panic_string(th, "errors: *target must be interface or implement error");
}

static void errors_setTarget(VMThread *th, Slot *args, Slot *res) {
  GoIface err = {(const Itab *)(uintptr_t)args[0], (void *)(uintptr_t)args[1]};
  GoEface t = arg_eface(args + 2);
  if (!err.tab || !t.type || t.type->kind != K_POINTER || !t.data) return;
  const Type *dyn = err.tab->type, *want = t.type->elem;
  if (want->kind == K_INTERFACE) {
    if (!vm_implements(want, dyn, NULL)) return;
    void *w[2] = {NULL, err.data};
    w[0] = want->nmethods == 0 ? (void *)dyn : (void *)vm_getitab(want, dyn, NULL);
    memcpy(t.data, w, sizeof w);
  } else if (dyn == want) {
    if (want->tflags & TF_DIRECTIFACE) memcpy(t.data, &err.data, (size_t)want->size);
    else memcpy(t.data, err.data, (size_t)want->size);
  } else {
    return;
  }
  res[0] = 1;
}

const StdNative stdlib_errors_natives[] = {
    {"comparable", (void *)errors_comparable},
    {"checkTarget", (void *)errors_checkTarget},
    {"setTarget", (void *)errors_setTarget},
    {NULL, NULL},
};

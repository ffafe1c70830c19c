/* Size classes: Go 1.19's table (runtime/sizeclasses.go), the same 68 classes (class 0 means
 * "large object": its own span of whole pages).
 *
 * Facts (never computed): class_to_size (bytes per object) and class_to_allocnpages (pages per
 * span, 8 KiB pages). Derived at init (sizeclasses_init, before any allocation, single-threaded;
 * read-only afterwards, so any thread reads them without synchronisation): size_to_class8 /
 * size_to_class128 (the lookup tables Go generates) and class_to_divmagic (n / size computed as
 * (n * magic) >> 32, exact for every offset inside a span). */
#ifndef GOL_RUNTIME_SIZECLASSES_H
#define GOL_RUNTIME_SIZECLASSES_H

#include <stddef.h>
#include <stdint.h>

enum {
  _MaxSmallSize = 32768,
  smallSizeDiv = 8,
  smallSizeMax = 1024,
  largeSizeDiv = 128,
  _NumSizeClasses = 68,
  _PageShift = 13,
  _PageSize = 1 << _PageShift, /* 8 KiB: the heap's page (not the OS page) */
  _PageMask = _PageSize - 1,
};

extern const uint16_t class_to_size[_NumSizeClasses];
extern const uint8_t class_to_allocnpages[_NumSizeClasses];
extern uint8_t size_to_class8[smallSizeMax / smallSizeDiv + 1];
extern uint8_t size_to_class128[(_MaxSmallSize - smallSizeMax) / largeSizeDiv + 1];
extern uint32_t class_to_divmagic[_NumSizeClasses];

void sizeclasses_init(void);

/* The size class of a small size (1 <= size <= _MaxSmallSize). */
static inline uint8_t sizeToClass(size_t size) {
  if (size <= smallSizeMax - 8) return size_to_class8[(size + smallSizeDiv - 1) / smallSizeDiv];
  return size_to_class128[(size - smallSizeMax + largeSizeDiv - 1) / largeSizeDiv];
}

#endif

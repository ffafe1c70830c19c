/* Go 1.19's size classes (see sizeclasses.h). The comment table of Go's sizeclasses.go, for
 * reference (objects = bytes/span / bytes/obj; tail waste = bytes/span - objects * bytes/obj):
 *
 * class  bytes/obj  bytes/span  objects  tail waste     class  bytes/obj  bytes/span  objects
 *     1          8        8192     1024           0        35       1408       16384       11
 *     2         16        8192      512           0        37       1792       16384        9
 *     3         24        8192      341           8        41       3072       24576        8
 *     ...                                                  65      27264       81920        3
 *    67      32768       32768        1           0 */
#include "runtime/sizeclasses.h"

const uint16_t class_to_size[_NumSizeClasses] = {
    0,     8,     16,    24,    32,    48,    64,    80,    96,    112,   128,   144,
    160,   176,   192,   208,   224,   240,   256,   288,   320,   352,   384,   416,
    448,   480,   512,   576,   640,   704,   768,   896,   1024,  1152,  1280,  1408,
    1536,  1792,  2048,  2304,  2688,  3072,  3200,  3456,  4096,  4864,  5376,  6144,
    6528,  6784,  6912,  8192,  9472,  9728,  10240, 10880, 12288, 13568, 14336, 16384,
    18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768};

const uint8_t class_to_allocnpages[_NumSizeClasses] = {
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1, 3, 2, 3, 1, 3,
    2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3, 5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4};

uint8_t size_to_class8[smallSizeMax / smallSizeDiv + 1];
uint8_t size_to_class128[(_MaxSmallSize - smallSizeMax) / largeSizeDiv + 1];
uint32_t class_to_divmagic[_NumSizeClasses];

/* Builds the lookup tables exactly as Go's mksizeclasses.go does: each entry is the smallest
 * class whose size holds the entry's upper bound. Runs once, before any allocation. */
void sizeclasses_init(void) {
  int c = 1;
  for (int i = 0; i < (int)sizeof size_to_class8; i++) {
    size_t size = (size_t)i * smallSizeDiv;
    while (class_to_size[c] < size) c++;
    size_to_class8[i] = (uint8_t)c;
  }
  size_to_class8[0] = 0; /* size 0 has no class (Go's table) */
  c = 1;
  for (int i = 0; i < (int)sizeof size_to_class128; i++) {
    size_t size = smallSizeMax + (size_t)i * largeSizeDiv;
    while (class_to_size[c] < size) c++;
    size_to_class128[i] = (uint8_t)c;
  }
  for (int k = 1; k < _NumSizeClasses; k++)
    class_to_divmagic[k] = UINT32_MAX / class_to_size[k] + 1;
}

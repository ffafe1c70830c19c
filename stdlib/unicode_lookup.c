/* Binary searches over the generated tables of unicode_tables.c. */
#include "stdlib/unicode_tables.h"

bool uni_in(const UniRange *t, int n, int32_t r) {
  int lo = 0, hi = n; /* invariant: every entry before lo ends below r, every one from hi starts above */
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (r < t[mid].lo) hi = mid;
    else if (r > t[mid].hi) lo = mid + 1;
    else return true;
  }
  return false;
}

int32_t uni_map(const UniDelta *t, int n, int32_t r) {
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (r < t[mid].lo) hi = mid;
    else if (r > t[mid].hi) lo = mid + 1;
    else return (r - t[mid].lo) % t[mid].stride == 0 ? r + t[mid].delta : r;
  }
  return r;
}

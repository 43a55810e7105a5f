#include "allocator.h"

#include <cstdlib> // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#  include <malloc.h>
#endif

namespace lockbox::core {

void tuneAllocator(const AllocatorTuning &tuning)
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, tuning.mapOnItsOwnBytes);
    mallopt(M_TRIM_THRESHOLD, tuning.keepAtTopBytes);
    if (tuning.threadArenas > 0)
        mallopt(M_ARENA_MAX, 1 + tuning.threadArenas); // the main thread's heap and theirs
#else
    (void)tuning;
#endif
}

} // namespace lockbox::core

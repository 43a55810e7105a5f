#include "allocator.h"

#include <cstdlib> // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#  include <malloc.h>
#endif

namespace lockbox::core {

namespace {
// A block this large or larger is mapped on its own (glibc's default is 128 KiB, raised on its
// own up to 32 MiB as such blocks are freed, after which a page of a listing lands in the heap).
constexpr int kMapOnItsOwnBytes = 1024 * 1024;
// Free memory at the top of the heap kept for reuse before it is given back. Setting the mapping
// threshold fixes this one too, at 128 KiB: the heap would then shrink and grow again around
// every page read (a system call and page faults each time, about 10 % of a sync's time).
constexpr int kKeepAtTopBytes = 16 * 1024 * 1024;
} // namespace

void tuneAllocator(int threadArenas)
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, kMapOnItsOwnBytes);
    mallopt(M_TRIM_THRESHOLD, kKeepAtTopBytes);
    if (threadArenas > 0)
        mallopt(M_ARENA_MAX, 1 + threadArenas); // the main thread's heap and theirs
#else
    (void)threadArenas;
#endif
}

} // namespace lockbox::core

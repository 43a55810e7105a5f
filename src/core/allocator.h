#pragma once

namespace lockbox::core {

// How the C library's allocator serves a program that holds a listing's pages (about a megabyte
// each) while it parses and writes many small values. By default (the console's) such buffers are
// mapped on their own and given back to the system the moment they are freed, instead of leaving
// holes in the heap that the process's footprint keeps (QUALITY P7: lockboxctl sync of 100,000
// requests peaked 15 % higher without it, before its own tuning below).
struct AllocatorTuning final
{
    // Above 0, caps the heaps beside the main thread's (glibc makes one for each thread that
    // allocates, up to eight a core, and each keeps up to 16 MiB free at its top): lockboxctl,
    // whose few threads (the network's, a listing's reader, the background checkpoint) then share
    // the heaps there are, main thread's included, peaks about 5 MB lower in a sync of 100,000 and
    // was no slower (alternating runs). The console leaves it at 0: there the engine's thread
    // would share its heap with the network's, and a launch with 100,000 cached requests had every
    // row about 60 ms later.
    int threadArenas = 0;
    // A block this large or larger is mapped on its own (glibc's default is 128 KiB, raised on its
    // own up to 32 MiB as such blocks are freed).
    int mapOnItsOwnBytes = 1024 * 1024;
    // Free memory at the top of a heap kept for reuse before it is given back. Setting the mapping
    // threshold fixes this one too, at 128 KiB: the heap would then shrink and grow again around
    // every page read (a system call and page faults each time, about 10 % of a sync's time).
    int keepAtTopBytes = 16 * 1024 * 1024;
};

// lockboxctl's tuning: its threads share one heap beside the main thread's, and the pages of a
// listing (about 1.2 MB each) come from the heap, so that the bodies of the pages read before are
// used again rather than each new one being mapped, faulted in page by page and unmapped (a third
// of a re-sync's processor time, which then went from 0.31 to 0.25 s for 100,000 requests; a
// first sync's peak grew by about 3 MB). Little is kept free at the heap's top in return.
constexpr AllocatorTuning kCommandLineAllocator {1, 16 * 1024 * 1024, 4 * 1024 * 1024};

// Call it first thing in main(). Does nothing where the C library is not glibc.
void tuneAllocator(const AllocatorTuning &tuning = {});
} // namespace lockbox::core

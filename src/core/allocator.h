#pragma once

namespace lockbox::core {

// Tunes the C library's allocator for a program that holds a listing's pages (about a megabyte
// each) while it parses and writes many small values: such buffers are mapped on their own and
// given back to the system the moment they are freed, instead of leaving holes in the heap that
// the process's footprint keeps (QUALITY P7: lockboxctl sync of 100,000 requests peaked 15 %
// higher without it). Call it first thing in main(). Does nothing where the C library is not glibc.
//
// `threadArenas` above 0 caps the heaps beside the main thread's (glibc makes one for each thread
// that allocates, up to eight a core, and each keeps up to 16 MiB free at its top): lockboxctl,
// whose few threads (the network's, a listing's reader, the background checkpoint) then share
// the heaps there are, main thread's included, peaks about 5 MB lower in a sync of 100,000 and
// was no slower (alternating runs). The console leaves it at 0: there the engine's
// thread would share its heap with the network's, and a launch with 100,000 cached requests had
// every row about 60 ms later.
void tuneAllocator(int threadArenas = 0);
} // namespace lockbox::core

// A small fork-join pool: the calling thread works too; idle workers sleep on a
// condition variable after a short bounded spin (no busy-waiting between steps).
#pragma once
#include <cstddef>
#include <functional>

namespace snip {

// Runs fn(task, thread) for task in [0, ntasks) on up to numThreads() threads.
// Blocks until every task has finished. Nested calls run serially.
void parallelFor(int ntasks, const std::function<void(int task, int thread)>& fn);

// parallelFor when `work` (elements or multiply-adds) is worth waking a worker, else serial:
// a sleeping worker's wake-up costs tens of microseconds, more than a small kernel's work.
void parallelForWork(long work, int ntasks, const std::function<void(int task, int thread)>& fn);

int numThreads();
void setNumThreads(int n);  // 1..64; takes effect on the next parallelFor

// Scratch of the calling thread, slots 0..3, grown on demand and kept across calls (a kernel's
// tens of MB of fresh pages cost a fault and a clear each). A slot's data is valid until the
// same thread asks for that slot again.
float* threadScratch(int slot, size_t n);

}  // namespace snip

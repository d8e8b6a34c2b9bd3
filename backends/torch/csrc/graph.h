// Capture and replay of whole steps as CUDA graphs (graph.cc). No N-API here.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

namespace snip_torch {

/** Whether this build can capture CUDA graphs (a CUDA libtorch and its headers were found). */
bool graphsAvailable();
/**
 * Starts recording the kernels issued from now on (cuda device only). With the id of a graph
 * that will not be replayed again, the new one allocates from that graph's memory pool.
 */
void graphBegin(uint32_t sharePoolOf = 0);
/** Records copies of tensor `from` into `to` (a pre-capture tensor, possibly released since). */
void graphWriteBack(const std::vector<std::pair<uint32_t, uint32_t>>& toFrom);
/** Ends recording; returns the graph's id. Throws if the capture failed (then nothing is kept). */
uint32_t graphEnd();
/** Ends a capture that went wrong, dropping what it recorded. */
void graphAbort();
void graphReplay(uint32_t id);
void graphFree(uint32_t id);

}  // namespace snip_torch

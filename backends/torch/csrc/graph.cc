// CUDA graphs of whole training steps. TF.js issues ~1,200 kernels per VGG-D step, each through
// its engine and this addon, so the host, not the GPU, sets the pace. A step is captured once
// (its kernels recorded on a side stream, none run) and then replayed as one launch per step.
// The TS side (src/step_graph.ts) decides what is captured and keeps the tensors' identities
// fixed: inputs are copied into the captured ones, and variables the step replaced are copied
// back into the tensors the graph reads (graphWriteBack), so each replay starts where the last
// one ended. Without a CUDA build of libtorch every entry throws.
#include "graph.h"

#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "tensor_store.h"

#ifdef SNIP_TORCH_CUDA
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace snip_torch {

#ifdef SNIP_TORCH_CUDA

namespace {
struct StepGraph {
  at::cuda::CUDAGraph graph;
  std::vector<at::Tensor> keep;  // pre-capture tensors the graph reads or writes
};
std::unordered_map<uint32_t, std::unique_ptr<StepGraph>> g_graphs;
uint32_t g_nextGraph = 1;
std::unique_ptr<StepGraph> g_pending;
bool g_pendingEnded = false;  // capture_end ran (and failed) for g_pending
std::unique_ptr<c10::cuda::CUDAStream> g_before;  // the stream to return to after capture

void restoreStream() {
  if (g_before) c10::cuda::setCurrentCUDAStream(*g_before);
  g_before.reset();
}
}  // namespace

bool graphsAvailable() { return true; }

void graphBegin(uint32_t sharePoolOf) {
  if (!device().is_cuda()) throw std::runtime_error("CUDA graphs need the cuda device");
  if (g_pending) throw std::runtime_error("a capture is already running");
  // The capture stream does not order after the default stream: finish queued work first.
  c10::cuda::device_synchronize();
  g_before = std::make_unique<c10::cuda::CUDAStream>(c10::cuda::getCurrentCUDAStream());
  c10::cuda::setCurrentCUDAStream(c10::cuda::getStreamFromPool());
  g_pending = std::make_unique<StepGraph>();
  g_pendingEnded = false;
  try {
    beginCapture();
    // A step captured anew (new arguments) takes over the memory pool of the graph it replaces,
    // which is never replayed again: one step's activations per run, not one per capture.
    auto old = g_graphs.find(sharePoolOf);
    if (old != g_graphs.end()) g_pending->graph.capture_begin(old->second->graph.pool());
    else g_pending->graph.capture_begin();
  } catch (...) {
    restoreStream();
    if (capturing()) endCapture(true);
    g_pending.reset();
    throw;
  }
}

void graphWriteBack(const std::vector<std::pair<uint32_t, uint32_t>>& toFrom) {
  if (!g_pending) throw std::runtime_error("no capture is running");
  for (auto [to, from] : toFrom) {
    at::Tensor dst = lookupForCapture(to);
    dst.copy_(lookup(from));
    g_pending->keep.push_back(dst);
  }
}

uint32_t graphEnd() {
  if (!g_pending || g_pendingEnded) throw std::runtime_error("no capture is running");
  // On failure the scope stays open, so the caller can still reach the released tensors to
  // restore its variables before graphAbort().
  g_pendingEnded = true;
  g_pending->graph.capture_end();
  std::unique_ptr<StepGraph> g = std::move(g_pending);
  CaptureScope scope = endCapture(false);
  restoreStream();
  g->keep.insert(g->keep.end(), scope.read.begin(), scope.read.end());
  for (auto& [id, t] : scope.released) g->keep.push_back(t);
  uint32_t id = g_nextGraph++;
  g_graphs.emplace(id, std::move(g));
  return id;
}

void graphAbort() {
  if (!g_pending) return;
  std::unique_ptr<StepGraph> g = std::move(g_pending);
  if (!g_pendingEnded) {
    try {
      g->graph.capture_end();  // ends the stream's capture even when it was invalidated
    } catch (...) {
    }
  }
  restoreStream();
  if (capturing()) endCapture(true);
  c10::cuda::device_synchronize();
}

void graphReplay(uint32_t id) {
  auto it = g_graphs.find(id);
  if (it == g_graphs.end()) throw std::invalid_argument("no graph " + std::to_string(id));
  it->second->graph.replay();
}

void graphFree(uint32_t id) { g_graphs.erase(id); }

#else

namespace {
[[noreturn]] void unavailable() {
  throw std::runtime_error("this torch addon was built without CUDA graph support (no CUDA libtorch and headers)");
}
}  // namespace

bool graphsAvailable() { return false; }
void graphBegin(uint32_t) { unavailable(); }
void graphWriteBack(const std::vector<std::pair<uint32_t, uint32_t>>&) { unavailable(); }
uint32_t graphEnd() { unavailable(); }
void graphAbort() {}
void graphReplay(uint32_t) { unavailable(); }
void graphFree(uint32_t) {}

#endif

}  // namespace snip_torch

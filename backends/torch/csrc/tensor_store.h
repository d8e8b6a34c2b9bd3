// The tensors the TS side refers to by id, the device new tensors go to, and the kernel table.
// No N-API here: binding.cc is the only glue.
#pragma once
#include <ATen/ATen.h>

#include <string>
#include <unordered_map>

#include "kernels.h"

namespace snip_torch {

/** Takes a reference to `t` and returns its new id. */
uint32_t keep(const at::Tensor& t);
/** The tensor of `id`; throws if there is none. */
const at::Tensor& lookup(uint32_t id);
/** Drops the reference of `id` (libtorch frees the memory when no view remains). */
void release(uint32_t id);
size_t liveTensors();

/** A device copy of JS-owned host values (`host` borrows them). */
at::Tensor upload(const at::Tensor& host);
/** int64/float64 results (argmax, integer sums) become the TF.js dtypes int32/float32. */
at::Tensor normalise(const at::Tensor& t);

/** 'cpu', 'cuda', 'cuda:N'; false if CUDA is unavailable; throws while tensors exist on another device. */
bool setDevice(const std::string& name);
/** Waits for the device's queued work. */
void synchronize();

/**
 * While a step is captured into a CUDA graph (graph.cc), kernels are recorded, not run, and the
 * graph will read and write the memory of every tensor that existed before the capture on each
 * replay: the scope keeps those tensors alive (the ones read, and the ones released meanwhile,
 * by id), so their memory is never handed to another tensor while the graph exists.
 */
struct CaptureScope {
  uint32_t firstId = 0;                               // ids below existed before the capture
  std::vector<at::Tensor> read;                       // pre-capture tensors a kernel read
  std::unordered_map<uint32_t, at::Tensor> released;  // pre-capture tensors freed during capture
  // Tensors of host constants made inside the capture: their fill is recorded, not run, so if
  // the capture fails they are filled afterwards (TF.js and tfjs-layers cache some of them).
  std::vector<std::pair<at::Tensor, at::Scalar>> constants;
};
void beginCapture();
/** Ends tracking; `failed` also fills the constants whose captured fill never ran (call it on the stream used after capture). */
CaptureScope endCapture(bool failed);
bool capturing();
/** A live tensor, or one released during the running capture. */
const at::Tensor& lookupForCapture(uint32_t id);

/** Every kernel row, keyed by tfjs-core kernel name. */
const std::unordered_map<std::string, KernelRow>& kernelTable();

}  // namespace snip_torch

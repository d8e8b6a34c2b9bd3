#include "tensor_store.h"

#include <cstring>
#include <memory>
#include <stdexcept>

namespace snip_torch {

namespace {
at::Device g_device(at::kCPU);
std::unordered_map<uint32_t, at::Tensor> g_tensors;  // RAII: erasing releases the tensor
uint32_t g_next = 1;
std::unordered_map<uint64_t, at::Tensor> g_scalars;  // see cachedScalar
const size_t kMaxScalars = 4096;
std::unique_ptr<CaptureScope> g_scope;  // set while a CUDA graph is being captured
}  // namespace

at::Device device() { return g_device; }

uint32_t keep(const at::Tensor& t) {
  uint32_t id = g_next++;
  g_tensors.emplace(id, t);
  return id;
}

const at::Tensor& lookup(uint32_t id) {
  auto it = g_tensors.find(id);
  if (it == g_tensors.end()) throw std::invalid_argument("no tensor " + std::to_string(id));
  if (g_scope && id < g_scope->firstId) g_scope->read.push_back(it->second);
  return it->second;
}

void release(uint32_t id) {
  auto it = g_tensors.find(id);
  if (it == g_tensors.end()) return;
  if (g_scope && id < g_scope->firstId) g_scope->released.emplace(id, std::move(it->second));
  g_tensors.erase(it);
}

void beginCapture() {
  if (g_scope) throw std::runtime_error("a capture is already running");
  g_scope = std::make_unique<CaptureScope>();
  g_scope->firstId = g_next;
}

CaptureScope endCapture(bool failed) {
  if (!g_scope) throw std::runtime_error("no capture is running");
  CaptureScope s = std::move(*g_scope);
  g_scope.reset();
  if (failed)
    for (auto& [t, value] : s.constants) at::Tensor(t).fill_(value);
  return s;
}

bool capturing() { return g_scope != nullptr; }

const at::Tensor& lookupForCapture(uint32_t id) {
  if (g_scope) {
    auto it = g_scope->released.find(id);
    if (it != g_scope->released.end()) return it->second;
  }
  return lookup(id);
}

size_t liveTensors() { return g_tensors.size(); }

// TF.js turns JS numbers into one-element tensors (~150 per training step): these come from a
// cache of device scalars keyed by dtype and bit pattern, so a repeated value costs neither a
// fill kernel nor an allocation. Sharing is safe because no kernel writes into its inputs.
at::Tensor cachedScalar(const at::Tensor& host) {
  uint32_t bits = 0;
  std::memcpy(&bits, host.data_ptr(), host.element_size());  // float32, int32 or bool: ≤ 4 bytes
  uint64_t key = (uint64_t(host.scalar_type()) << 32) | bits;
  auto it = g_scalars.find(key);
  if (it == g_scalars.end()) {
    if (g_scalars.size() >= kMaxScalars) g_scalars.clear();
    it = g_scalars.emplace(key, at::full({}, host.item(), host.options().device(g_device))).first;
    if (g_scope) g_scope->constants.emplace_back(it->second, host.item());
  }
  if (g_scope) g_scope->read.push_back(it->second);
  return it->second.view(host.sizes());
}

// Inside a capture, host values become part of the graph. A constant fill (TF.js's ones() and
// zeros() build their values on the host) is the same on every replay, so it is recorded as a
// fill kernel; any other values could differ from step to step (e.g. JS random numbers), so
// they are refused: the step has to take them as inputs.
at::Tensor capturedConstant(const at::Tensor& host) {
  size_t size = host.element_size(), n = host.numel();
  if (n == 0) return at::empty(host.sizes(), host.options().device(g_device));
  const auto* bytes = static_cast<const uint8_t*>(host.data_ptr());
  for (size_t i = 1; i < n; ++i)
    if (std::memcmp(bytes, bytes + i * size, size) != 0)
      throw std::runtime_error("host values uploaded inside a captured step (pass them as step inputs)");
  at::Scalar value = host.flatten()[0].item();
  at::Tensor t = at::full(host.sizes(), value, host.options().device(g_device));
  g_scope->constants.emplace_back(t, value);
  return t;
}

// Larger values go through pinned memory (libtorch's caching host allocator) and copy
// asynchronously on CUDA, so the host never waits for queued kernels.
at::Tensor upload(const at::Tensor& host) {
  if (host.numel() == 1) return cachedScalar(host);
  if (!g_device.is_cuda()) return host.clone();
  if (g_scope) return capturedConstant(host);
  at::Tensor pinned = at::empty(host.sizes(), host.options().pinned_memory(true));
  if (host.numel() > 0) std::memcpy(pinned.data_ptr(), host.data_ptr(), host.numel() * host.element_size());
  return pinned.to(g_device, /*non_blocking=*/true);
}

at::Tensor normalise(const at::Tensor& t) {
  switch (t.scalar_type()) {
    case at::kLong: return t.to(at::kInt);
    case at::kDouble: return t.to(at::kFloat);
    default:
      if (dtypeCode(t.scalar_type()) < 0) throw std::runtime_error("result has an unsupported dtype");
      return t;
  }
}

bool setDevice(const std::string& name) {
  at::Device d(name);
  if (d.is_cuda() && !at::hasCUDA()) return false;
  if (!g_tensors.empty() && d != g_device) throw std::runtime_error("cannot change the device while tensors exist");
  if (d != g_device) g_scalars.clear();
  g_device = d;
  return true;
}

// A one-element copy to the host is ordered after all queued work.
void synchronize() {
  if (g_scope) throw std::runtime_error("cannot wait for the device inside a captured step");
  if (g_device.is_cuda()) at::zeros({1}, at::TensorOptions().device(g_device)).to(at::kCPU);
}

const std::unordered_map<std::string, KernelRow>& kernelTable() {
  static const std::unordered_map<std::string, KernelRow> table = [] {
    std::unordered_map<std::string, KernelRow> t;
    for (auto family : {convKernels, poolKernels, matmulKernels, unaryKernels, binaryKernels, reduceKernels,
                        shapeKernels, createKernels, normKernels, optimKernels})
      for (const KernelRow& row : family()) t.emplace(row.name, row);
    return t;
  }();
  return table;
}

}  // namespace snip_torch

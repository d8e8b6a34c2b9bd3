#include "tensor_store.h"

#include <cstring>
#include <stdexcept>

namespace snip_torch {

namespace {
at::Device g_device(at::kCPU);
std::unordered_map<uint32_t, at::Tensor> g_tensors;  // RAII: erasing releases the tensor
uint32_t g_next = 1;
std::unordered_map<uint64_t, at::Tensor> g_scalars;  // see cachedScalar
const size_t kMaxScalars = 4096;
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
  return it->second;
}

void release(uint32_t id) { g_tensors.erase(id); }

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
  }
  return it->second.view(host.sizes());
}

// Larger values go through pinned memory (libtorch's caching host allocator) and copy
// asynchronously on CUDA, so the host never waits for queued kernels.
at::Tensor upload(const at::Tensor& host) {
  if (host.numel() == 1) return cachedScalar(host);
  if (!g_device.is_cuda()) return host.clone();
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

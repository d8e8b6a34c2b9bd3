#include "tensor_store.h"

#include <cstring>
#include <stdexcept>

namespace snip_torch {

namespace {
at::Device g_device(at::kCPU);
std::unordered_map<uint32_t, at::Tensor> g_tensors;  // RAII: erasing releases the tensor
uint32_t g_next = 1;
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

// For CUDA, one value (TF.js turns every JS number into a tensor) becomes a fill kernel with no
// copy; larger values go through pinned memory (libtorch's caching host allocator) and copy
// asynchronously, so the host never waits for queued kernels.
at::Tensor upload(const at::Tensor& host) {
  if (!g_device.is_cuda()) return host.clone();
  if (host.numel() == 1) return at::full(host.sizes(), host.item(), host.options().device(g_device));
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
                        shapeKernels, createKernels, normKernels})
      for (const KernelRow& row : family()) t.emplace(row.name, row);
    return t;
  }();
  return table;
}

}  // namespace snip_torch

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

/** Every kernel row, keyed by tfjs-core kernel name. */
const std::unordered_map<std::string, KernelRow>& kernelTable();

}  // namespace snip_torch

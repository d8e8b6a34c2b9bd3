// The only file that knows N-API: argument checks and conversions around tensor_store.h,
// which holds the tensors the TS side refers to by id. Exports a fixed set:
//   fromHost(values: TypedArray, shape: number[], dtype) -> id      (copies to the device)
//   toHost(id) -> Float32Array | Int32Array | Uint8Array               (copies to the host)
//   free(id)
//   run(name, ids: number[], attrs: Float64Array) -> Float64Array [count, (id, dtype, rank, ...shape)*]
//   configure(key: 'device' | 'tf32' | 'cudnnBenchmark' | 'deterministic' | 'threads', value) -> boolean
//   info() -> {version, device, cuda, kernels, live, tf32, graphs};  sync()
//   clone(id) -> id;  copyInto(dst, src)                               (device copies)
//   alias(id) -> id                                 (a second id, also for a tensor released in a capture)
//   graphBegin(sharePoolOf: graph id or 0);  graphWriteBack(pairs: number[] [to, from, ...]);  graphEnd() -> graph id
//   graphAbort();  graphReplay(graph);  graphFree(graph)                 (graph.h)
#include <node_api.h>

#include <cstring>
#include <string>
#include <unordered_map>

#include <ATen/Parallel.h>
#include <torch/version.h>

#include "graph.h"
#include "kernels.h"
#include "tensor_store.h"

namespace snip_torch {

namespace {

napi_value fail(napi_env env, const std::string& msg) {
  napi_throw_error(env, nullptr, ("snip torch: " + msg).c_str());
  return nullptr;
}

std::string errorText(const std::exception& e) {
  if (auto* c10err = dynamic_cast<const c10::Error*>(&e)) return c10err->what_without_backtrace();
  return e.what();
}

// Runs `body`, turning C++ exceptions (libtorch's included) into JS errors.
template <typename F>
napi_value guarded(napi_env env, const char* what, F body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return fail(env, std::string(what) + ": " + errorText(e));
  }
}

bool getString(napi_env env, napi_value v, std::string& out) {
  char buf[256];
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, buf, sizeof buf, &len) != napi_ok) return false;
  out.assign(buf, len);
  return true;
}

std::vector<int64_t> getInts(napi_env env, napi_value arr) {
  uint32_t n = 0;
  if (napi_get_array_length(env, arr, &n) != napi_ok) throw std::invalid_argument("expected an array of numbers");
  std::vector<int64_t> out(n);
  for (uint32_t i = 0; i < n; ++i) {
    napi_value el;
    double d = 0;
    napi_get_element(env, arr, i, &el);
    if (napi_get_value_double(env, el, &d) != napi_ok) throw std::invalid_argument("expected an array of numbers");
    out[i] = static_cast<int64_t>(d);
  }
  return out;
}

// The single uint32 argument of `what`(id); false (with a JS error thrown) if it is missing.
bool readId(napi_env env, napi_callback_info info, const char* what, uint32_t& id) {
  size_t argc = 1;
  napi_value args[1];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc == 1 && napi_get_value_uint32(env, args[0], &id) == napi_ok) return true;
  fail(env, std::string(what) + "(id) takes one id");
  return false;
}

// The two uint32 arguments of `what`(a, b).
bool readIds(napi_env env, napi_callback_info info, const char* what, uint32_t& a, uint32_t& b) {
  size_t argc = 2;
  napi_value args[2];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc == 2 && napi_get_value_uint32(env, args[0], &a) == napi_ok && napi_get_value_uint32(env, args[1], &b) == napi_ok) return true;
  fail(env, std::string(what) + " takes two ids");
  return false;
}

napi_value uint32Value(napi_env env, uint32_t v) {
  napi_value out;
  napi_create_uint32(env, v, &out);
  return out;
}

napi_value FromHost(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value args[3];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 3) return fail(env, "fromHost(values, shape, dtype) takes 3 arguments");
  return guarded(env, "fromHost", [&]() -> napi_value {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, args[0], &type, &length, &data, nullptr, nullptr) != napi_ok)
      throw std::invalid_argument("values must be a typed array");
    int32_t code = 0;
    napi_get_value_int32(env, args[2], &code);
    const napi_typedarray_type expected[] = {napi_float32_array, napi_int32_array, napi_uint8_array};
    if (code < 0 || code > 2 || type != expected[code]) throw std::invalid_argument("values do not match the dtype");
    std::vector<int64_t> shape = getInts(env, args[1]);
    at::Tensor host = at::from_blob(data, shape, at::TensorOptions().dtype(scalarType(code)));
    if (size_t(host.numel()) != length) throw std::invalid_argument("values do not match the shape");
    napi_value out;
    napi_create_uint32(env, keep(upload(host)), &out);
    return out;
  });
}

napi_value ToHost(napi_env env, napi_callback_info info) {
  uint32_t id = 0;
  if (!readId(env, info, "toHost", id)) return nullptr;
  return guarded(env, "toHost", [&]() -> napi_value {
    if (capturing()) throw std::runtime_error("values read on the host inside a captured step");
    at::Tensor t = lookup(id).to(at::kCPU).contiguous();
    size_t bytes = t.numel() * t.element_size();
    void* data = nullptr;
    napi_value buffer, out;
    napi_create_arraybuffer(env, bytes, &data, &buffer);
    if (bytes > 0) std::memcpy(data, t.data_ptr(), bytes);
    const napi_typedarray_type types[] = {napi_float32_array, napi_int32_array, napi_uint8_array};
    napi_create_typedarray(env, types[dtypeCode(t.scalar_type())], t.numel(), buffer, 0, &out);
    return out;
  });
}

napi_value Free(napi_env env, napi_callback_info info) {
  uint32_t id = 0;
  if (readId(env, info, "free", id)) release(id);
  return nullptr;
}

// A second id for the same tensor (no copy, no kernel): how a variable gets back a value
// released inside a capture that failed.
napi_value Alias(napi_env env, napi_callback_info info) {
  uint32_t id = 0;
  if (!readId(env, info, "alias", id)) return nullptr;
  return guarded(env, "alias", [&]() -> napi_value { return uint32Value(env, keep(lookupForCapture(id))); });
}

napi_value Clone(napi_env env, napi_callback_info info) {
  uint32_t id = 0;
  if (!readId(env, info, "clone", id)) return nullptr;
  return guarded(env, "clone", [&]() -> napi_value { return uint32Value(env, keep(lookup(id).clone())); });
}

// dst's memory takes src's values (same shape and dtype): the one in-place write the TS side
// makes, to feed a captured step's inputs.
napi_value CopyInto(napi_env env, napi_callback_info info) {
  uint32_t dst = 0, src = 0;
  if (!readIds(env, info, "copyInto(dst, src)", dst, src)) return nullptr;
  return guarded(env, "copyInto", [&]() -> napi_value {
    const at::Tensor& to = lookup(dst);
    const at::Tensor& from = lookup(src);
    if (!to.sizes().equals(from.sizes()) || to.scalar_type() != from.scalar_type()) throw std::invalid_argument("shapes or dtypes differ");
    at::Tensor(to).copy_(from, /*non_blocking=*/true);
    return nullptr;
  });
}

napi_value GraphBegin(napi_env env, napi_callback_info info) {
  uint32_t sharePoolOf = 0;
  if (!readId(env, info, "graphBegin", sharePoolOf)) return nullptr;
  return guarded(env, "graphBegin", [&]() -> napi_value { graphBegin(sharePoolOf); return nullptr; });
}

napi_value GraphWriteBack(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value args[1];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 1) return fail(env, "graphWriteBack(pairs) takes one array");
  return guarded(env, "graphWriteBack", [&]() -> napi_value {
    std::vector<int64_t> flat = getInts(env, args[0]);
    if (flat.size() % 2 != 0) throw std::invalid_argument("pairs must hold [to, from, ...]");
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    for (size_t i = 0; i < flat.size(); i += 2) pairs.emplace_back(uint32_t(flat[i]), uint32_t(flat[i + 1]));
    graphWriteBack(pairs);
    return nullptr;
  });
}

napi_value GraphEnd(napi_env env, napi_callback_info) {
  return guarded(env, "graphEnd", [&]() -> napi_value { return uint32Value(env, graphEnd()); });
}

napi_value GraphAbort(napi_env env, napi_callback_info) {
  return guarded(env, "graphAbort", [&]() -> napi_value { graphAbort(); return nullptr; });
}

napi_value GraphReplay(napi_env env, napi_callback_info info) {
  uint32_t id = 0;
  if (!readId(env, info, "graphReplay", id)) return nullptr;
  return guarded(env, "graphReplay", [&]() -> napi_value { graphReplay(id); return nullptr; });
}

napi_value GraphFree(napi_env env, napi_callback_info info) {
  uint32_t id = 0;
  if (readId(env, info, "graphFree", id)) graphFree(id);
  return nullptr;
}

napi_value Run(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value args[3];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  std::string name;
  if (argc != 3 || !getString(env, args[0], name)) return fail(env, "run(name, ids, attrs) takes 3 arguments");
  auto row = kernelTable().find(name);
  if (row == kernelTable().end()) return fail(env, "no torch kernel " + name);
  return guarded(env, name.c_str(), [&]() -> napi_value {
    Tensors inputs;
    for (int64_t id : getInts(env, args[1])) inputs.push_back(lookup(uint32_t(id)));
    if (int(inputs.size()) < row->second.minInputs) throw std::invalid_argument("too few inputs");
    napi_typedarray_type type;
    size_t numAttrs = 0;
    void* attrs = nullptr;
    if (napi_get_typedarray_info(env, args[2], &type, &numAttrs, &attrs, nullptr, nullptr) != napi_ok ||
        type != napi_float64_array)
      throw std::invalid_argument("attrs must be a Float64Array");
    Tensors outs = row->second.fn(inputs, Attrs{static_cast<const double*>(attrs), int(numAttrs)});
    std::vector<double> meta{double(outs.size())};
    for (const at::Tensor& raw : outs) {
      at::Tensor t = normalise(raw);
      meta.insert(meta.end(), {double(keep(t)), double(dtypeCode(t.scalar_type())), double(t.dim())});
      for (int64_t s : t.sizes()) meta.push_back(double(s));
    }
    void* data = nullptr;
    napi_value buffer, out;
    napi_create_arraybuffer(env, meta.size() * sizeof(double), &data, &buffer);
    std::memcpy(data, meta.data(), meta.size() * sizeof(double));
    napi_create_typedarray(env, napi_float64_array, meta.size(), buffer, 0, &out);
    return out;
  });
}

napi_value Configure(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2], result;
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  std::string key, value;
  if (argc != 2 || !getString(env, args[0], key)) return fail(env, "configure(key, value) takes 2 arguments");
  return guarded(env, "configure", [&]() -> napi_value {
    bool ok = true, flag = false;
    int32_t n = 0;
    if (key == "device" && getString(env, args[1], value)) {
      ok = setDevice(value);
    } else if (key == "tf32" && napi_get_value_bool(env, args[1], &flag) == napi_ok) {
      at::globalContext().setAllowTF32CuBLAS(flag);
      at::globalContext().setAllowTF32CuDNN(flag);
    } else if (key == "cudnnBenchmark" && napi_get_value_bool(env, args[1], &flag) == napi_ok) {
      at::globalContext().setBenchmarkCuDNN(flag);
    } else if (key == "deterministic" && napi_get_value_bool(env, args[1], &flag) == napi_ok) {
      at::globalContext().setDeterministicCuDNN(flag);
    } else if (key == "threads" && napi_get_value_int32(env, args[1], &n) == napi_ok && n >= 1) {
      at::set_num_threads(n);
    } else {
      throw std::invalid_argument("unknown key or bad value for " + key + " (valid: device, tf32, cudnnBenchmark, deterministic, threads)");
    }
    napi_get_boolean(env, ok, &result);
    return result;
  });
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value obj, v, list;
  napi_create_object(env, &obj);
  napi_create_string_utf8(env, TORCH_VERSION, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "version", v);
  napi_create_string_utf8(env, device().str().c_str(), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "device", v);
  napi_get_boolean(env, at::hasCUDA(), &v);
  napi_set_named_property(env, obj, "cuda", v);
  napi_create_uint32(env, uint32_t(liveTensors()), &v);
  napi_set_named_property(env, obj, "live", v);
  napi_get_boolean(env, at::globalContext().allowTF32CuBLAS() && at::globalContext().allowTF32CuDNN(), &v);
  napi_set_named_property(env, obj, "tf32", v);
  napi_get_boolean(env, graphsAvailable(), &v);
  napi_set_named_property(env, obj, "graphs", v);
  napi_create_array(env, &list);
  uint32_t i = 0;
  for (const auto& row : kernelTable()) {
    napi_create_string_utf8(env, row.first.c_str(), NAPI_AUTO_LENGTH, &v);
    napi_set_element(env, list, i++, v);
  }
  napi_set_named_property(env, obj, "kernels", list);
  return obj;
}

// Waits for the device's queued work (a one-element copy to the host orders after it).
napi_value Sync(napi_env env, napi_callback_info) {
  return guarded(env, "sync", [&]() -> napi_value {
    synchronize();
    return nullptr;
  });
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"fromHost", nullptr, FromHost, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"toHost", nullptr, ToHost, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"free", nullptr, Free, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"run", nullptr, Run, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"configure", nullptr, Configure, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sync", nullptr, Sync, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"alias", nullptr, Alias, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"clone", nullptr, Clone, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"copyInto", nullptr, CopyInto, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"graphBegin", nullptr, GraphBegin, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"graphWriteBack", nullptr, GraphWriteBack, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"graphEnd", nullptr, GraphEnd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"graphAbort", nullptr, GraphAbort, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"graphReplay", nullptr, GraphReplay, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"graphFree", nullptr, GraphFree, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

}  // namespace
}  // namespace snip_torch

NAPI_MODULE(NODE_GYP_MODULE_NAME, snip_torch::Init)

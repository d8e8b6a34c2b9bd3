// The only file that knows N-API. Exports a fixed set:
//   runKernel(name, inputs: Float32Array[], outputs: Float32Array[], attrs: Float64Array)
//   info() -> {gemm, gemmImpls, threads, kernels}
//   configure(key: 'gemm' | 'threads', value) -> boolean
// Tensors stay in the JS TypedArrays of the backend (it extends tfjs-backend-cpu), so
// there is no create/delete/read of native tensors: kernels borrow the buffers for one call.
#include <node_api.h>

#include <cstring>
#include <algorithm>
#include <string>
#include <unordered_map>

#include "gemm.h"
#include "kernels.h"
#include "thread_pool.h"

namespace snip {
namespace {

struct KernelRow {
  KernelRunner run;
  int minInputs, outputs;
  int maxOutputs = 0;  // more than `outputs` allowed (optional outputs the kernel checks); 0: exactly `outputs`
};

// One row per kernel name (tfjs-core kernel_names, and our Snip* kernels).
const std::unordered_map<std::string, KernelRow>& kernelTable() {
  static const std::unordered_map<std::string, KernelRow> table = {
      {"Add", {runAdd, 2, 1}},
      {"AvgPool", {runAvgPool, 1, 1}},
      {"AvgPoolGrad", {runAvgPoolGrad, 1, 1}},
      {"BatchMatMul", {runBatchMatMul, 2, 1}},
      {"Conv2D", {runConv2D, 2, 1}},
      {"Conv2DBackpropFilter", {runConv2DBackpropFilter, 2, 1}},
      {"Conv2DBackpropInput", {runConv2DBackpropInput, 2, 1}},
      {"FusedBatchNorm", {runFusedBatchNorm, 3, 1}},
      {"FusedConv2D", {runConv2D, 2, 1}},
      {"MaxPool", {runMaxPool, 1, 1}},
      {"MaxPoolGrad", {runMaxPoolGrad, 3, 1}},
      {"Mean", {runMean, 1, 1}},
      {"Multiply", {runMultiply, 2, 1}},
      {"RealDiv", {runRealDiv, 2, 1}},
      {"Relu", {runRelu, 1, 1}},
      {"SnipBatchNormTraining", {runSnipBatchNormTraining, 3, 4}},
      {"SnipBatchNormTrainingGrad", {runSnipBatchNormTrainingGrad, 5, 3}},
      {"SnipMaskedConv2D", {runSnipMaskedConv2D, 3, 1}},
      {"SnipMaskedConv2DGradFilter", {runSnipMaskedConv2DGradFilter, 3, 1}},
      {"SnipMaskedConv2DGradInput", {runSnipMaskedConv2DGradInput, 3, 1}},
      {"SnipMaskedMatMul", {runSnipMaskedMatMul, 3, 1, 2}},
      {"SnipMaskedMatMulGradFilter", {runSnipMaskedMatMulGradFilter, 3, 1}},
      {"SnipMaskedMatMulGradInput", {runSnipMaskedMatMulGradInput, 3, 1}},
      {"SnipMaskedSgdMomentum", {runSnipMaskedSgdMomentum, 3, 2}},
      {"SnipMaskedSgdMomentumKept", {runSnipMaskedSgdMomentumKept, 2, 2}},
      {"SnipReluBiasGrad", {runSnipReluBiasGrad, 2, 2}},
      {"SnipReluGrad", {runSnipReluGrad, 2, 1}},
      {"Step", {runStep, 1, 1}},
      {"Sub", {runSub, 2, 1}},
      {"Square", {runSquare, 1, 1}},
      {"Sum", {runSum, 1, 1}},
      {"Tile", {runTile, 1, 1}},
      {"_FusedMatMul", {runBatchMatMul, 2, 1}},
  };
  return table;
}

napi_value fail(napi_env env, const std::string& msg) {
  napi_throw_error(env, nullptr, ("snip native: " + msg).c_str());
  return nullptr;
}

bool getString(napi_env env, napi_value v, std::string& out) {
  char buf[128];
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, buf, sizeof buf, &len) != napi_ok) return false;
  out.assign(buf, len);
  return true;
}

// Reads an array of Float32Array into pointers and element counts.
bool getFloatArrays(napi_env env, napi_value arr, const float** ptrs, size_t* sizes, int& count) {
  uint32_t n = 0;
  if (napi_get_array_length(env, arr, &n) != napi_ok || n > kMaxOperands) return false;
  for (uint32_t i = 0; i < n; ++i) {
    napi_value el;
    napi_typedarray_type type;
    void* data = nullptr;
    if (napi_get_element(env, arr, i, &el) != napi_ok) return false;
    if (napi_get_typedarray_info(env, el, &type, &sizes[i], &data, nullptr, nullptr) != napi_ok) return false;
    if (type != napi_float32_array) return false;
    ptrs[i] = static_cast<const float*>(data);
  }
  count = int(n);
  return true;
}

napi_value RunKernel(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value args[4];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 4) return fail(env, "runKernel(name, inputs, outputs, attrs) takes 4 arguments");
  std::string name;
  if (!getString(env, args[0], name)) return fail(env, "kernel name must be a string");
  auto row = kernelTable().find(name);
  if (row == kernelTable().end()) return fail(env, "no native kernel " + name);
  KernelCall call;
  if (!getFloatArrays(env, args[1], call.in, call.inSize, call.numIn))
    return fail(env, name + ": inputs must be an array of Float32Array");
  if (!getFloatArrays(env, args[2], const_cast<const float**>(call.out), call.outSize, call.numOut))
    return fail(env, name + ": outputs must be an array of Float32Array");
  const int maxOut = std::max(row->second.outputs, row->second.maxOutputs);
  if (call.numIn < row->second.minInputs || call.numOut < row->second.outputs || call.numOut > maxOut)
    return fail(env, name + ": wrong number of inputs or outputs");
  napi_typedarray_type type;
  size_t numAttrs = 0;
  void* attrs = nullptr;
  if (napi_get_typedarray_info(env, args[3], &type, &numAttrs, &attrs, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array)
    return fail(env, name + ": attrs must be a Float64Array");
  call.attrs = static_cast<const double*>(attrs);
  call.numAttrs = int(numAttrs);
  if (const char* err = row->second.run(call)) return fail(env, name + ": " + err);
  return nullptr;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value obj, v, list;
  napi_create_object(env, &obj);
  napi_create_string_utf8(env, gemmImpl().c_str(), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "gemm", v);
  napi_create_string_utf8(env, availableGemmImpls().c_str(), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "gemmImpls", v);
  napi_create_int32(env, numThreads(), &v);
  napi_set_named_property(env, obj, "threads", v);
  napi_create_array(env, &list);
  uint32_t i = 0;
  for (const auto& row : kernelTable()) {
    napi_create_string_utf8(env, row.first.c_str(), NAPI_AUTO_LENGTH, &v);
    napi_set_element(env, list, i++, v);
  }
  napi_set_named_property(env, obj, "kernels", list);
  return obj;
}

napi_value Configure(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2], result;
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  std::string key, value;
  if (argc != 2 || !getString(env, args[0], key)) return fail(env, "configure(key, value) takes 2 arguments");
  bool ok = false;
  if (key == "gemm" && getString(env, args[1], value)) {
    ok = setGemmImpl(value);
  } else if (key == "threads") {
    int32_t n = 0;
    ok = napi_get_value_int32(env, args[1], &n) == napi_ok && n >= 1 && n <= 64;
    if (ok) setNumThreads(n);
  } else {
    return fail(env, "configure: unknown key " + key + " (valid: gemm, threads)");
  }
  napi_get_boolean(env, ok, &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"runKernel", nullptr, RunKernel, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"configure", nullptr, Configure, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

}  // namespace
}  // namespace snip

NAPI_MODULE(NODE_GYP_MODULE_NAME, snip::Init)

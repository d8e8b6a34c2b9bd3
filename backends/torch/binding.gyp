{
  "targets": [
    {
      "target_name": "snip_torch",
      "sources": [
        "csrc/binding.cc",
        "csrc/common.cc",
        "csrc/tensor_store.cc",
        "csrc/graph.cc",
        "csrc/kernels/conv.cc",
        "csrc/kernels/create.cc",
        "csrc/kernels/elementwise.cc",
        "csrc/kernels/matmul.cc",
        "csrc/kernels/norm.cc",
        "csrc/kernels/optim.cc",
        "csrc/kernels/pool.cc",
        "csrc/kernels/reduce.cc",
        "csrc/kernels/shape.cc"
      ],
      "include_dirs": ["<!@(node scripts/find_libtorch.mjs include)"],
      "cflags!": ["-fno-exceptions", "-fno-rtti", "-O3"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20", "-O3"],
      "cflags_cc": ["<!@(node scripts/find_libtorch.mjs cflags)"],
      "ldflags": ["<!@(node scripts/find_libtorch.mjs ldflags)"],
      "libraries": ["<!@(node scripts/find_libtorch.mjs libs)"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}

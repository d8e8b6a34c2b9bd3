{
  "targets": [
    {
      "target_name": "snip_native",
      "sources": [
        "csrc/binding.cc",
        "csrc/activation.cc",
        "csrc/blas_loader.cc",
        "csrc/gemm.cc",
        "csrc/im2col.cc",
        "csrc/direct_conv.cc",
        "csrc/sparse_products.cc",
        "csrc/sparse_direct_conv.cc",
        "csrc/thread_pool.cc",
        "csrc/ukernel_avx2.cc",
        "csrc/ukernel_avx512.cc",
        "csrc/ukernel_portable.cc",
        "csrc/winograd.cc",
        "csrc/kernels/avg_pool.cc",
        "csrc/kernels/avg_pool_grad.cc",
        "csrc/kernels/batch_mat_mul.cc",
        "csrc/kernels/batch_norm_training.cc",
        "csrc/kernels/binary.cc",
        "csrc/kernels/conv2d.cc",
        "csrc/kernels/conv2d_backprop_filter.cc",
        "csrc/kernels/conv2d_backprop_input.cc",
        "csrc/kernels/fused_batch_norm.cc",
        "csrc/kernels/max_pool.cc",
        "csrc/kernels/max_pool_grad.cc",
        "csrc/kernels/mean.cc",
        "csrc/kernels/relu_bias_grad.cc",
        "csrc/kernels/snip_masked_conv2d.cc",
        "csrc/kernels/snip_masked_mat_mul.cc",
        "csrc/kernels/snip_masked_sgd_momentum.cc",
        "csrc/kernels/sum.cc",
        "csrc/kernels/tile.cc",
        "csrc/kernels/unary.cc"
      ],
      "cflags!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags": ["-O3", "-fno-math-errno", "-fno-trapping-math"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-fno-trapping-math"],
      "libraries": ["-ldl", "-pthread"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}

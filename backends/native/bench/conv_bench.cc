// GFLOP/s of the native conv kernels on the issue-4 layer shapes (no Node):
//   g++ -O3 -std=c++17 -pthread -Icsrc bench/conv_bench.cc $(ls csrc/*.cc csrc/kernels/*.cc | grep -v binding) -ldl -o /tmp/conv_bench
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include "gemm.h"
#include "kernels.h"

using namespace snip;

static double timeIt(const std::function<void()>& f) {
  f();
  std::vector<double> t;
  for (int r = 0; r < 5; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

int main(int argc, char** argv) {
  if (argc > 1) setGemmImpl(argv[1]);
  std::printf("gemm %s\n", gemmImpl().c_str());
  struct Case { const char* name; ConvGeometry g; };
  const Case cases[] = {
      {"W2 conv1 28x28x1->20 5x5", {100, 28, 28, 1, 24, 24, 20, 5, 5, 1, 1, 1, 1, 0, 0}},
      {"W2 conv2 12x12x20->50 5x5", {100, 12, 12, 20, 8, 8, 50, 5, 5, 1, 1, 1, 1, 0, 0}},
      {"W3 conv1 32x32x3->64", {64, 32, 32, 3, 32, 32, 64, 3, 3, 1, 1, 1, 1, 1, 1}},
      {"W3 conv2 32x32x64->64", {64, 32, 32, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1, 1, 1}},
      {"W3 conv3 16x16x64->128", {64, 16, 16, 64, 16, 16, 128, 3, 3, 1, 1, 1, 1, 1, 1}},
      {"W3 conv4 16x16x128->128", {64, 16, 16, 128, 16, 16, 128, 3, 3, 1, 1, 1, 1, 1, 1}},
      {"W4 8x8x256->256", {128, 8, 8, 256, 8, 8, 256, 3, 3, 1, 1, 1, 1, 1, 1}},
      {"W4 4x4x512->512", {128, 4, 4, 512, 4, 4, 512, 3, 3, 1, 1, 1, 1, 1, 1}},
      {"W4 2x2x512->512", {128, 2, 2, 512, 2, 2, 512, 3, 3, 1, 1, 1, 1, 1, 1}},
  };
  for (const Case& c : cases) {
    const ConvGeometry& g = c.g;
    std::vector<float> x(g.batch * g.inImage(), 0.5f), w(g.patch() * g.outC, 0.25f),
        y(g.batch * g.outPixels() * g.outC, 0.1f);
    const double flops = 2.0 * g.batch * g.outPixels() * g.outC * g.patch() / 1e9;
    const double f = timeIt([&] { conv2d(x.data(), w.data(), nullptr, y.data(), g, Activation::kLinear, 0); });
    const double bi = timeIt([&] { conv2dBackpropInput(y.data(), w.data(), x.data(), g); });
    const double bf = timeIt([&] { conv2dBackpropFilter(x.data(), y.data(), w.data(), g); });
    std::printf("%-26s fwd %6.2f ms %5.1f GF/s | dx %6.2f ms %5.1f GF/s | dW %6.2f ms %5.1f GF/s\n", c.name, f * 1e3,
                flops / f, bi * 1e3, flops / bi, bf * 1e3, flops / bf);
  }
}

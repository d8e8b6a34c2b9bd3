#include "thread_pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace snip {
namespace {

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Microseconds a worker spins after a job before it sleeps (SNIP_NATIVE_SPIN_US).
long spinMicros() {
  const char* s = std::getenv("SNIP_NATIVE_SPIN_US");
  return s ? std::atol(s) : 50;
}

class Pool {
 public:
  explicit Pool(int n) { resize(n); }
  ~Pool() { stop(); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int n) {
    stop();
    stopping_ = false;
    const long g = generation_.load();
    for (int t = 1; t < n; ++t) workers_.emplace_back([this, t, g] { loop(t, g); });
  }

  void run(int ntasks, const std::function<void(int, int)>& fn) {
    fn_ = &fn;
    ntasks_ = ntasks;
    next_.store(0);
    pending_.store(size() - 1);
    {
      std::lock_guard<std::mutex> lock(mu_);
      generation_.fetch_add(1);
    }
    cv_.notify_all();
    work(0);
    waitForWorkers();
    fn_ = nullptr;
  }

 private:
  void work(int thread) {
    for (int task = next_.fetch_add(1); task < ntasks_; task = next_.fetch_add(1)) (*fn_)(task, thread);
  }

  void waitForWorkers() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(spin_);
    while (pending_.load(std::memory_order_acquire) != 0) {
      if (std::chrono::steady_clock::now() < deadline) { cpuRelax(); continue; }
      std::unique_lock<std::mutex> lock(mu_);
      doneCv_.wait(lock, [this] { return pending_.load() == 0; });
    }
  }

  void loop(int thread, long seen) {
    for (;;) {
      auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(spin_);
      while (generation_.load(std::memory_order_acquire) == seen && !stopping_.load() &&
             std::chrono::steady_clock::now() < deadline)
        cpuRelax();
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return generation_.load() != seen || stopping_.load(); });
      }
      if (stopping_.load()) return;
      seen = generation_.load();
      work(thread);
      if (pending_.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(mu_);
        doneCv_.notify_one();
      }
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
  }

  const long spin_ = spinMicros();
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_, doneCv_;
  std::atomic<long> generation_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<int> next_{0}, pending_{0};
  const std::function<void(int, int)>* fn_ = nullptr;
  int ntasks_ = 0;
};

int defaultThreads() {
  const char* s = std::getenv("SNIP_NATIVE_THREADS");
  int n = s ? std::atoi(s) : static_cast<int>(std::thread::hardware_concurrency());
  return n < 1 ? 1 : (n > 64 ? 64 : n);
}

Pool& pool() {
  static Pool p(defaultThreads());
  return p;
}

thread_local bool insideJob = false;

}  // namespace

void parallelForWork(long work, int ntasks, const std::function<void(int, int)>& fn) {
  if (work >= (1L << 17)) return parallelFor(ntasks, fn);
  for (int t = 0; t < ntasks; ++t) fn(t, 0);
}

int numThreads() { return pool().size(); }

void setNumThreads(int n) { pool().resize(n < 1 ? 1 : (n > 64 ? 64 : n)); }

void parallelFor(int ntasks, const std::function<void(int, int)>& fn) {
  if (ntasks <= 0) return;
  if (ntasks == 1 || insideJob || pool().size() == 1) {
    for (int t = 0; t < ntasks; ++t) fn(t, 0);
    return;
  }
  insideJob = true;
  pool().run(ntasks, [&fn](int task, int thread) {
    insideJob = true;
    fn(task, thread);
  });
  insideJob = false;
}

float* threadScratch(int slot, size_t n) {
  thread_local std::vector<float> bufs[4];
  if (bufs[slot].size() < n) bufs[slot].resize(n);
  return bufs[slot].data();
}

}  // namespace snip

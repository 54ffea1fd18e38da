// Stopping an OpenMP parallel region early: a shared Stop flag, and a Poller
// that checks for interrupts from OpenMP thread 0 only.
//
// Why: ctx.interrupted() takes the Python GIL, so only the calling thread,
// OpenMP thread 0, may poll it; and no exception may escape a parallel
// region. So thread 0 polls between work items and raises an atomic flag
// that every thread reads before taking more work; the first exception on any
// thread is kept, and it (or Interrupted) is thrown after the region.
// Internal to the engine's kernels; not part of corridor's API.
#pragma once

#include <omp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <thread>
#include <utility>

#include "engine/graph/run_context.hpp"

namespace corridor::detail {

// How a parallel run stops early: set by an interrupt (seen by thread 0) or
// by the first exception on any thread; rethrow() after the region.
struct Stop {
  std::atomic<bool> flag{false};
  bool interrupted = false;  // written by thread 0 only
  std::exception_ptr error;

  bool operator()() const { return flag.load(std::memory_order_relaxed); }
  void fail() {  // call from a catch block
#pragma omp critical(corridor_parallel_stop_error)
    if (!error) error = std::current_exception();
    flag.store(true, std::memory_order_relaxed);
  }
  void rethrow() const {
    if (error) std::rethrow_exception(error);
    if (interrupted) throw Interrupted();
  }
};

// When thread 0 polls: after `items` work items (sources, samples, ...) or
// `work` units of work (arcs scanned), whichever comes first; the default
// items never comes.
struct PollEvery {
  std::uint64_t items = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t work = std::numeric_limits<std::uint64_t>::max();
};

// Polls ctx.interrupted() on OpenMP thread 0 only (inert on the others and
// when there is no callback): after() once per work item, idle() every
// kIdle at most while thread 0 waits for the others. A callback that throws
// fails the Stop.
class Poller {
 public:
  static constexpr auto kIdle = std::chrono::milliseconds(10);

  Poller(const RunContext& ctx, Stop& stop, PollEvery every)
      : ctx_(ctx),
        stop_(stop),
        every_(every),
        active_(omp_get_thread_num() == 0 && static_cast<bool>(ctx.interrupted)) {}

  void after(std::uint64_t work) {
    if (!active_) return;
    work_ += work;
    if (++count_ >= every_.items || work_ >= every_.work) poll();
  }
  void idle() {
    if (active_ && std::chrono::steady_clock::now() - last_ >= kIdle) poll();
  }

 private:
  void poll() {
    count_ = 0;
    work_ = 0;
    last_ = std::chrono::steady_clock::now();
    try {
      if (ctx_.interrupted()) {
        stop_.interrupted = true;
        stop_.flag.store(true, std::memory_order_relaxed);
      }
    } catch (...) {
      stop_.fail();
    }
  }

  const RunContext& ctx_;
  Stop& stop_;
  PollEvery every_;
  bool active_;
  std::uint64_t count_ = 0;
  std::uint64_t work_ = 0;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// A thread's scratch space, allocated inside the parallel region; null, and
// the Stop failed, when the allocation throws.
template <class T, class... Args>
std::unique_ptr<T> make_or_fail(Stop& stop, Args&&... args) {
  try {
    return std::make_unique<T>(std::forward<Args>(args)...);
  } catch (...) {
    stop.fail();
    return nullptr;
  }
}

// A short wait in a spin loop: yield at first, then sleep, so that waiting
// threads neither burn a core for long nor add latency to short waits.
inline void wait_briefly(int& spins) {
  if (++spins < 64) {
    std::this_thread::yield();
  } else {
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

}  // namespace corridor::detail

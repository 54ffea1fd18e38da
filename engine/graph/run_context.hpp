// RunContext: what every long-running kernel receives besides its graph and
// parameters — thread count, seed, and a cooperative interrupt check so that
// Jupyter's interrupt button stops a kernel between two steps.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>

#include <omp.h>

namespace corridor {

// Thrown by a kernel that saw RunContext::interrupted() return true.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

struct RunContext {
  int threads = 0;          // 0: OpenMP's default
  std::uint64_t seed = 0;   // kernels that draw random numbers derive them from this only
  std::function<bool()> interrupted;  // polled between steps; may be empty

  int thread_count() const { return threads > 0 ? threads : omp_get_max_threads(); }

  void check_interrupt() const {
    if (interrupted && interrupted()) throw Interrupted();
  }
};

}  // namespace corridor

// What the power-iteration kernels (pagerank, eigenvector_centrality,
// katz_centrality) share: the fixed blocks their reductions are grouped by,
// the stopping rule, and the weight check.
//
// Why: a sum taken per thread depends on the thread count. These kernels take
// every sum per block of kBlock vertices and then add the block sums in block
// order, so the result is bit-for-bit the same at any thread count; the blocks
// and the order are fixed here, for all three.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor::detail {

// Fixed, independent of the thread count: the reductions' grouping of terms.
inline constexpr std::int64_t kBlock = 2048;

inline std::int64_t block_count(std::int64_t n) { return (n + kBlock - 1) / kBlock; }

// No more threads than blocks: idle ones would only add to the barriers.
inline int block_threads(const RunContext& ctx, std::int64_t blocks) {
  return static_cast<int>(std::min<std::int64_t>(ctx.thread_count(), blocks));
}

// The per-block partial sums added in block order.
inline double sum_blocks(const std::vector<double>& part) {
  double sum = 0;
  for (double x : part) sum += x;
  return sum;
}

// Records iteration `it`, whose L1 change is the sum of the per-block
// `change`s, in r under networkx's stopping rule (change < n * tol); returns
// whether the run has converged.
inline bool record_iteration(CentralityResult& r, int it, const std::vector<double>& change, double n,
                             double tol) {
  r.iterations = it;
  r.residual = sum_blocks(change);
  r.converged = r.residual < n * tol;
  return r.converged;
}

// Throws std::invalid_argument naming `who` unless every arc weight is finite
// and non-negative.
inline void check_nonnegative_weights(const CsrGraph& g, const std::string& who) {
  const auto& w = g.out().weights;
  for (std::uint64_t i = 0; i < g.num_arcs(); ++i) {
    if (!(w[i] >= 0) || std::isinf(w[i])) {
      throw std::invalid_argument(who + ": weighted needs finite non-negative weights; arc " + std::to_string(i) +
                                  " weighs " + std::to_string(w[i]));
    }
  }
}

}  // namespace corridor::detail

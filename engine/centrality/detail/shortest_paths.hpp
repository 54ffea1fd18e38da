// What the shortest-path counting kernels (betweenness, approx_betweenness)
// share: the check that every weight can serve as a length, the length table
// aligned with the CSR arrays, and a thread's single-source search state.
//
// Why shared: both kernels count shortest paths the way networkx does, so
// they must refuse the same weights with the same message, read a weight as
// the same length (itself, or 1 / weight for WeightAs::kStrength), and mark
// unreached vertices the same way.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"

namespace corridor::detail {

inline constexpr std::uint32_t kUnreached = std::numeric_limits<std::uint32_t>::max();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Checks every weight a shortest path can use (self-loops never lie on one);
// `who` names the kernel in the message.
inline void check_path_weights(const CsrGraph& g, WeightAs as, const char* who) {
  const Adjacency& a = g.out();
  for (VertexId u = 0; u < g.num_vertices(); ++u) {
    for (EdgeOffset i = a.offsets[u]; i < a.offsets[u + 1]; ++i) {
      const VertexId v = a.neighbors[i];
      if (v == u) continue;
      const double w = a.weights[i];
      const double len = as == WeightAs::kStrength ? 1.0 / w : w;
      if (w > 0 && std::isfinite(w) && std::isfinite(len) && len > 0) continue;
      std::ostringstream msg;
      msg << who << ": params.weighted: edge " << u << (g.directed() ? " -> " : " - ") << v
          << " has weight " << w;
      if (!(w > 0)) {
        msg << "; weights must be > 0 (zero-length edges make shortest-path counts undefined)";
      } else if (!std::isfinite(w)) {
        msg << "; weights must be finite";
      } else {
        msg << "; too small for weight_as = kStrength (1 / weight overflows)";
      }
      throw std::invalid_argument(msg.str());
    }
  }
}

// Arc lengths aligned with the out- and in-adjacency: the weights themselves
// (kDistance) or 1 / weight (kStrength); null pointers when unweighted.
class Lengths {
 public:
  Lengths(const CsrGraph& g, bool weighted, WeightAs as) {
    if (!weighted) return;
    if (as == WeightAs::kDistance) {
      out_ = g.out().weights.data();
      in_ = g.in().weights.data();
      return;
    }
    out_store_ = reciprocals(g.out());
    out_ = out_store_.data();
    if (g.directed()) {
      in_store_ = reciprocals(g.in());
      in_ = in_store_.data();
    } else {
      in_ = out_;
    }
  }
  Lengths(const Lengths&) = delete;
  Lengths& operator=(const Lengths&) = delete;

  const double* out() const { return out_; }
  const double* in() const { return in_; }

 private:
  static std::vector<double> reciprocals(const Adjacency& a) {
    std::vector<double> r(a.weights.size());
    for (std::size_t i = 0; i < r.size(); ++i) r[i] = 1.0 / a.weights[i];
    return r;
  }

  const double* out_ = nullptr;
  const double* in_ = nullptr;
  std::vector<double> out_store_, in_store_;
};

// One thread's single-source search state, O(n) arrays reused from search to
// search. reset() restores a vertex, so a search is cleaned up along the
// vertices it reached rather than by an O(n) sweep.
struct SearchState {
  SearchState(VertexId n, bool weighted) : sigma(n, 0.0) {
    if (weighted) {
      dist.assign(n, kInf);
      settled.assign(n, 0);
    } else {
      hops.assign(n, kUnreached);
    }
  }

  template <bool kWeighted>
  void reset(VertexId v) {
    sigma[v] = 0;
    if constexpr (kWeighted) {
      dist[v] = kInf;
      settled[v] = 0;
    } else {
      hops[v] = kUnreached;
    }
  }

  std::vector<double> sigma;        // shortest-path counts from the source
  std::vector<double> dist;         // weighted: distance from the source, kInf unreached
  std::vector<char> settled;        // weighted: popped from the heap
  std::vector<std::uint32_t> hops;  // unweighted: BFS level, kUnreached unreached
  std::vector<std::pair<double, VertexId>> heap;  // weighted: Dijkstra's queue
};

}  // namespace corridor::detail

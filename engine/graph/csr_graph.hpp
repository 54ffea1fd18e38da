// CsrGraph: the immutable compressed-sparse-row snapshot every corridor
// algorithm reads.
//
// - 32-bit vertex ids, 64-bit edge offsets.
// - Out- and in-adjacency, each neighbour list sorted ascending. For an
//   undirected graph both point at the same arrays and every edge {u, v}
//   appears in u's list and in v's list (a self-loop appears once).
// - Per edge: weight (double), the number of records aggregated into it, and
//   the first and last timestamp seen (kNoTime where no record had one).
//
// Built only by build_csr() (csr_builder.hpp); move-only so that a snapshot is
// never copied by accident.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/graph/big_vector.hpp"

namespace corridor {

using VertexId = std::uint32_t;
using EdgeOffset = std::uint64_t;
using Timestamp = std::int64_t;  // nanoseconds since the Unix epoch, UTC

inline constexpr Timestamp kNoTime = INT64_MIN;

// One direction of adjacency in CSR form; all arrays have one entry per arc
// except offsets (num_vertices + 1).
struct Adjacency {
  BigVector<EdgeOffset> offsets;
  BigVector<VertexId> neighbors;
  BigVector<double> weights;
  BigVector<std::uint32_t> counts;
  BigVector<Timestamp> first_time;
  BigVector<Timestamp> last_time;
};

class CsrGraph {
 public:
  CsrGraph() = default;
  CsrGraph(bool directed, std::shared_ptr<const Adjacency> out,
           std::shared_ptr<const Adjacency> in, std::uint64_t num_edges)
      : directed_(directed), out_(std::move(out)), in_(std::move(in)), num_edges_(num_edges) {}
  CsrGraph(CsrGraph&&) noexcept = default;
  CsrGraph& operator=(CsrGraph&&) noexcept = default;
  CsrGraph(const CsrGraph&) = delete;
  CsrGraph& operator=(const CsrGraph&) = delete;

  bool directed() const { return directed_; }
  VertexId num_vertices() const {
    return out_ ? static_cast<VertexId>(out_->offsets.size() - 1) : 0;
  }
  // Directed: number of arcs. Undirected: number of edges (self-loops once).
  std::uint64_t num_edges() const { return num_edges_; }
  // Number of stored out-arcs (2 * num_edges - self-loops when undirected).
  std::uint64_t num_arcs() const { return out_ ? out_->neighbors.size() : 0; }

  const Adjacency& out() const { return *out_; }
  const Adjacency& in() const { return *in_; }

  std::uint64_t out_degree(VertexId v) const { return out_->offsets[v + 1] - out_->offsets[v]; }
  std::uint64_t in_degree(VertexId v) const { return in_->offsets[v + 1] - in_->offsets[v]; }

  std::span<const VertexId> out_neighbors(VertexId v) const { return range(out_->neighbors, *out_, v); }
  std::span<const VertexId> in_neighbors(VertexId v) const { return range(in_->neighbors, *in_, v); }
  std::span<const double> out_weights(VertexId v) const { return range(out_->weights, *out_, v); }
  std::span<const double> in_weights(VertexId v) const { return range(in_->weights, *in_, v); }

 private:
  template <typename T>
  static std::span<const T> range(const BigVector<T>& a, const Adjacency& adj, VertexId v) {
    return {a.data() + adj.offsets[v], a.data() + adj.offsets[v + 1]};
  }

  bool directed_ = false;
  std::shared_ptr<const Adjacency> out_;
  std::shared_ptr<const Adjacency> in_;  // == out_ when undirected
  std::uint64_t num_edges_ = 0;
};

}  // namespace corridor

// PiecewiseBetweenness: exact betweenness of a graph kept up to date while
// vertices are removed, recomputing only the connected components that lost
// someone — the "incremental" recompute of a sequential or block arrest
// campaign (disrupt.hpp).
//
// Why it is exact. A shortest path never leaves its (weak) component, so the
// betweenness of v sums only over pairs inside v's component: removing
// vertices changes the scores of the component that held them and of no
// other. After a removal the remaining vertices of that component fall into
// one or more pieces; each piece's scores are recomputed with the Brandes
// kernel (betweenness.hpp) on the subgraph induced by the piece, every other
// score is kept. Pieces of fewer than 3 vertices score 0 without a kernel call.
//
// Normalisation. Scores are raw — normalized = false, so betweenness.hpp's
// unordered-pair sum for an undirected graph (the ordered one directed) —
// because raw scores of different components are comparable, while a
// per-piece normalisation 1 / ((n_c - 1)(n_c - 2)) would rank a vertex of a
// small piece above a busier one of a large piece. A full recompute on the
// remaining graph with normalized = true multiplies every raw score by the
// same 1 / ((n - 1)(n - 2)), so both rank the vertices identically; the sums
// are grouped differently (by piece, in blocks of sources), so scores agree
// to rounding (1e-12 relative), which the 1e-9 relative tie rule of disrupt
// absorbs.
//
// Also kept, for the state of the network after each step (fragmentation.hpp):
// the component sizes of the remaining vertices, so remaining / lcc /
// components / fragmentation come without a traversal (bitwise equal to
// network_state: the sums are exact integers), and each vertex's sum of
// 1 / distance to the rest of its component, recomputed (one BFS per vertex)
// only for the vertices of affected components — so the exact efficiency
// costs O(n_c m_c) per step, not O(n m), and is bitwise network_state's
// (the same per-source sums, added in the same vertex order).
//
// Interrupted inside the kernel calls (ctx). Deterministic at any thread count
// (the kernel is, and pieces are visited in a fixed order); pieces of little
// work run on one thread (serial_if_small), larger ones on ctx's.
// Time: the first scores() is one kernel call on the whole graph, O(n m);
// remove() is O(n + sum of the degrees in the affected components); the next
// scores() is O(n_c m_c) summed over the affected pieces.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/centrality/betweenness.hpp"
#include "engine/disruption/fragmentation.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

// A Brandes run whose work (vertices x edges) is below this goes on one
// thread: about a millisecond, less than waking a thread team can cost on a
// busy machine — and most pieces that arrests split off are that small.
inline constexpr std::uint64_t kSerialBetweennessWork = std::uint64_t{1} << 18;

// ctx, or ctx on one thread when `sub` is that small (the kernel's scores are
// bitwise the same at any thread count).
RunContext serial_if_small(const CsrGraph& sub, const RunContext& ctx);

class PiecewiseBetweenness {
 public:
  // `params.sources`, `targets` and `endpoints` must be left at their
  // defaults (std::invalid_argument otherwise); `normalized` is ignored (raw).
  PiecewiseBetweenness(const CsrGraph& g, const BetweennessParams& params);

  // Takes the vertices out (already removed ones and repeats are skipped;
  // an id out of range throws std::invalid_argument naming "vertices").
  void remove(const std::vector<VertexId>& vertices);

  // Raw betweenness of every vertex of g (0 for removed ones), recomputing
  // the pieces left dirty by remove().
  const std::vector<double>& scores(const RunContext& ctx = {});

  // network_state(g, removed vertices, params, ctx), computed from what is
  // kept: distances = false or exact (distance_sources 0 or >= remaining)
  // incrementally; sampled distances by network_state itself.
  NetworkState state(const StateParams& params = {}, const RunContext& ctx = {});

  // Vertices whose scores the kernel has computed so far, counted once per
  // call that covered them (the first call: every vertex in a piece >= 3).
  std::uint64_t recomputed_vertices() const { return recomputed_; }

 private:
  const CsrGraph& g_;
  BetweennessParams params_;
  std::vector<std::uint8_t> removed_;
  std::vector<std::int64_t> label_;   // component of each remaining vertex, -1 removed
  std::vector<std::uint64_t> size_;   // by label; 0 once retired
  std::uint64_t remaining_ = 0;
  std::uint64_t components_ = 0;
  std::vector<double> score_;
  std::vector<std::vector<VertexId>> dirty_;   // pieces to recompute, sorted
  std::vector<double> reach_;                  // sum of 1 / d(v, t) within v's component
  std::vector<std::uint8_t> stale_;            // reach_[v] out of date
  std::uint64_t recomputed_ = 0;
};

}  // namespace corridor

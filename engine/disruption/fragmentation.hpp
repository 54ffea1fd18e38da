// network_state: how broken a graph is once some vertices are removed — the
// facts a disruption curve reports after every arrest.
//
// Contract. The graph is read as undirected (a directed graph through its
// arcs both ways: weak components, distances ignoring direction); removed[v]
// != 0 takes v and its edges out. With n the remaining vertices and s_k the
// sizes of their connected components:
//   lcc                     largest s_k (0 when n = 0);
//   components              the number of components (isolates count);
//   fragmentation F         Borgatti's 1 - sum_k s_k (s_k - 1) / (n (n - 1)) [1]:
//                           the share of ordered pairs that cannot reach each
//                           other;
//   efficiency E            networkx's global_efficiency: sum over ordered
//                           pairs u != v of 1 / d(u, v) (hops; 0 unreachable)
//                           divided by n (n - 1) [2];
//   distance_fragmentation  Borgatti's distance-weighted fragmentation
//                           DF = 1 - E [1].
// With n < 2 there is no pair: F = DF = 1, E = 0.
// The distance measures need one BFS per remaining vertex (O(n m)); with
// distance_sources = k > 0 they are estimated from k sources drawn without
// replacement (seeded by ctx.seed) — the mean of the sources' sums, scaled
// to n sources — and distances = false skips them (E, DF reported as NaN).
//
// Deterministic: per-source sums are kept and added in source order, so the
// bits do not depend on the thread count. Parallel over sources, dynamic
// schedule; interruptible (thread 0 polls between sources).
// Time O(n + m) for the component measures, plus O(k (n + m)) for distances.
//
// [1] S. P. Borgatti. Identifying sets of key players in a social network.
//     Comput. Math. Organiz. Theor. 12:21-34, 2006.
// [2] V. Latora, M. Marchiori. Efficient behavior of small-world networks.
//     Phys. Rev. Lett. 87:198701, 2001.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct NetworkState {
  std::uint64_t remaining = 0;
  std::uint64_t lcc = 0;
  std::uint64_t components = 0;
  double fragmentation = 1;
  double efficiency = 0;
  double distance_fragmentation = 1;
};

struct StateParams {
  bool distances = true;
  std::uint64_t distance_sources = 0;  // 0: every remaining vertex (exact)
};

// Throws std::invalid_argument when removed is non-empty and its size is not
// num_vertices ("removed").
NetworkState network_state(const CsrGraph& g, const std::vector<std::uint8_t>& removed,
                           const StateParams& params = {}, const RunContext& ctx = {});

// The component sizes of the remaining vertices (label per vertex, -1 for
// removed ones, labels numbered from 0 in order of their lowest vertex).
std::vector<std::int64_t> component_labels(const CsrGraph& g, const std::vector<std::uint8_t>& removed,
                                           std::uint64_t* count = nullptr);

// Per source s: the sum of 1 / d(s, t) over the remaining t != s it reaches
// (hops, the graph read as undirected) — network_state's efficiency numerator,
// source by source. Bitwise the same at any thread count; parallel over
// sources, dynamic schedule; interruptible. O(k (n + m)) for k sources.
std::vector<double> inverse_distance_sums(const CsrGraph& g, const std::vector<std::uint8_t>& removed,
                                          const std::vector<VertexId>& sources, const RunContext& ctx = {});

// The component facts of a state from the sizes of the remaining components
// (remaining, components, lcc, fragmentation); efficiency and
// distance_fragmentation are left at their n < 2 values, or NaN when
// !distances.
NetworkState state_from_sizes(const std::vector<std::uint64_t>& sizes, bool distances);

// Borgatti's F from component sizes (1 when fewer than 2 vertices).
double fragmentation_from_sizes(const std::vector<std::uint64_t>& sizes);

}  // namespace corridor

// closeness and harmonic closeness from all-vertex shortest paths (BFS, or
// Dijkstra when weighted), parallel over vertices.
//
// Conventions (networkx 3.x closeness_centrality / harmonic_centrality,
// checked against 3.6.1):
// - Both read distances *into* u: d(v, u), the length of the shortest path
//   from v to u. On an undirected graph that is the same as from u.
//   networkx's closeness searches from u in G.reverse(); its
//   harmonic_centrality searches from every v and adds 1 / d(v, u) to u
//   (its docstring: "the sum of the reciprocal of the shortest path
//   distances from all other nodes to u"; networkx 2.x summed d(u, v),
//   distances *from* u). So on a directed graph both reward vertices that
//   many vertices can reach; run on the reversed graph for the other way.
// - closeness(u) = (r / sum d) * (r / (n - 1)) with wf_improved (Wasserman
//   and Faust's scaling; networkx's default), r / sum d without, where r is
//   the number of vertices other than u that reach u and the sum runs over
//   them; 0 when that sum is 0 (nothing reaches u, or only at distance 0) or
//   n = 1.
// - harmonic(u) = sum of 1 / d(v, u) over the v reaching u with d(v, u) > 0
//   (networkx skips pairs at distance 0: u itself, and zero-length paths).
// - weighted = false counts hops. weighted = true runs Dijkstra with arc
//   length = weight (WeightAs::kDistance; networkx's distance="weight"), or
//   1 / weight (kStrength: networkx with a distance attribute set to
//   1 / weight). Weights must be finite and non-negative (kDistance) or
//   finite and positive (kStrength), else std::invalid_argument names the
//   arc; zero-length arcs are allowed with kDistance.
// Each vertex's score is computed by one thread from its own search, so
// results are identical at any thread count. iterations = 0, residual = 0.
// Time O(n (n + m)), O(n (n + m) log n) weighted; memory O(n) per thread.
#pragma once

#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct ClosenessParams {
  bool weighted = false;
  WeightAs weight_as = WeightAs::kDistance;
  bool wf_improved = true;  // closeness only
};

CentralityResult closeness(const CsrGraph& g, const ClosenessParams& params = {},
                           const RunContext& ctx = {});
CentralityResult harmonic_closeness(const CsrGraph& g, const ClosenessParams& params = {},
                                    const RunContext& ctx = {});

// The verifiers: plain serial searches *from* every vertex along out-arcs
// (std::queue BFS, or Dijkstra over a std::set), accumulating at the
// vertices reached.
std::vector<double> closeness_reference(const CsrGraph& g, const ClosenessParams& params = {});
std::vector<double> harmonic_closeness_reference(const CsrGraph& g, const ClosenessParams& params = {});

}  // namespace corridor

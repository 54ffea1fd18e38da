// label_propagation: communities by asynchronous label propagation [1] —
// every vertex starts with its own label; in a seeded random order each
// vertex takes the label of greatest total edge weight among its neighbours
// (ties broken at random), until a sweep changes nothing.
//
// Convention: networkx's asyn_lpa_communities(G, weight, seed) — a vertex
// keeps its label when that label is among the most frequent; isolated
// vertices keep their own. Not networkx's random stream, so the partition for
// one seed differs from networkx's. A directed graph is read as undirected
// (w(u, v) + w(v, u)); self-loops are ignored (networkx counts a loop as a
// neighbour vote for the vertex's own label). Stops after max_iter sweeps
// even if labels still change (it can oscillate on bipartite parts).
// Serial and seeded: the same bits at any thread count. Interrupts polled
// once per sweep. Time O(m) per sweep. quality = 0; iterations = sweeps.
//
// Throws std::invalid_argument naming the parameter when max_iter < 1 or
// (weighted) a weight is negative or not finite.
//
// References
// [1] U. N. Raghavan, R. Albert, S. Kumara. Near linear time algorithm to
//     detect community structures in large-scale networks. Phys. Rev. E 76,
//     036106, 2007.
#pragma once

#include "engine/community/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct LabelPropagationParams {
  bool weighted = true;
  int max_iter = 1000;
};

CommunityResult label_propagation(const CsrGraph& g, const LabelPropagationParams& params = {},
                                  const RunContext& ctx = {});

}  // namespace corridor

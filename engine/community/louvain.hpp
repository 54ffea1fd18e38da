// louvain: a partition of high modularity by the Louvain method [1] —
// repeated sweeps moving single vertices to the neighbouring community of
// best modularity gain, then aggregation of each community into one vertex,
// until a level moves nothing.
//
// Convention: networkx's louvain_communities(G, weight, resolution, seed)
// objective (modularity with resolution, as in modularity.hpp); not its exact
// random stream, so partitions differ from networkx's for one seed, not in
// quality on average. A directed graph is read as undirected, w(u, v) +
// w(v, u) (networkx optimises directed modularity instead). Unweighted reads
// every edge as 1.
// Vertex order is a seeded random permutation at every sweep, and a sweep
// visits only the vertices whose neighbourhood changed since their last visit
// (Ozaki et al.'s pruning; local_moving.hpp). Local moving is serial;
// aggregation runs on ctx's threads in a fixed order: the same bits at any
// thread count. Interrupts are
// polled once per sweep. Time O(m) per sweep, in practice O(m log n) total.
// Communities may be disconnected (a known Louvain defect; Leiden fixes it).
// quality = modularity of the returned partition; iterations = levels.
//
// Throws std::invalid_argument naming the parameter when resolution is
// negative or not finite, or (weighted) a weight is negative or not finite.
//
// References
// [1] V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre. Fast
//     unfolding of communities in large networks. J. Stat. Mech. P10008, 2008.
#pragma once

#include "engine/community/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct LouvainParams {
  double resolution = 1.0;
  bool weighted = true;
  int max_levels = 100;
};

CommunityResult louvain(const CsrGraph& g, const LouvainParams& params = {}, const RunContext& ctx = {});

}  // namespace corridor

// leiden: a partition of high modularity (or Constant Potts Model quality) in
// which every community is connected, by the Leiden algorithm of Traag,
// Waltman and van Eck [1]: (1) fast local moving of vertices (a queue of the
// vertices whose neighbourhood changed), (2) refinement of each community —
// starting from singletons inside it, a vertex still alone merges only into a
// well-connected sub-community of non-negative gain, chosen at random with
// probability ~ exp(gain / theta), gain in edge-weight units (igraph's and
// leidenalg's scale: theta = 0.01 is nearly greedy) — and (3) aggregation by
// the refined partition, the coarse partition giving the aggregate's starting
// point. Levels repeat until local moving leaves every aggregate vertex alone.
//
// Iterations (stopping rule): the whole run repeats from its own result while
// it improves the quality (by more than 1e-13 of the normalised objective),
// at most max_iter times; default 3, NetworKit ParallelLeiden's count (igraph's
// community_leiden default is 2; its n_iterations = -1 is "until no change").
// A repeat that does not improve is discarded and ends the loop. On 1M-edge
// R-MAT the second run adds ~4.5% modularity, the third ~0.5%, later ones
// 0.05-0.3% each at the cost of a whole run: raise max_iter for those.
//
// Objectives (as leidenalg / igraph's community_leiden):
// - modularity: modularity with resolution (modularity.hpp); quality is that
//   modularity.
// - cpm: sum_c [ e_c - resolution * n_c (n_c - 1) / 2 ] (leidenalg's
//   CPMVertexPartition, node sizes 1; e_c = weight inside c).
// A directed graph is read as undirected, w(u, v) + w(v, u) (igraph's
// community_leiden refuses directed graphs). Unweighted reads edges as 1.
//
// Guarantee: every community induces a connected subgraph — refined
// communities are connected by construction, and a last pass splits any
// community that is not (which never lowers either objective) [1, Thm. 3].
// Deterministic: a seeded random stream drives the serial local moving and
// refinement; aggregation runs on ctx's threads with each coarse row summed
// by one thread in a fixed order: the same bits at any thread count.
// Interrupts are polled once per level and every 64Ki visits.
// Time O(m) per level in practice. iterations = levels summed over the runs.
//
// Throws std::invalid_argument naming the parameter when resolution is
// negative or not finite, theta is not positive, max_iter < 1, or
// (weighted) a weight is negative or not finite.
//
// References
// [1] V. A. Traag, L. Waltman, N. J. van Eck. From Louvain to Leiden:
//     guaranteeing well-connected communities. Sci. Rep. 9, 5233, 2019.
#pragma once

#include "engine/community/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

enum class LeidenObjective { kModularity, kCpm };

struct LeidenParams {
  double resolution = 1.0;
  LeidenObjective objective = LeidenObjective::kModularity;
  bool weighted = true;
  double theta = 0.01;  // randomness of the refinement (leidenalg's default)
  int max_iter = 3;     // runs of the whole algorithm, each from the last result, while quality improves
};

CommunityResult leiden(const CsrGraph& g, const LeidenParams& params = {}, const RunContext& ctx = {});

}  // namespace corridor

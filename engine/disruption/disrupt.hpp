// disrupt: a simulated law-enforcement campaign — remove the most central
// person (sequential) or the top block_size (block, one raid), recompute the
// centrality on what is left, repeat — and how broken the network is after
// every step (network_state, fragmentation.hpp).
//
// Strategies (scores recomputed on the subgraph induced by the remaining
// vertices, with the engine's own kernels, at every step):
//   kDegree, kStrength   degree / weighted degree (degree.hpp);
//   kBetweenness         exact Brandes (betweenness.hpp), or with
//                        approx_epsilon > 0 the Riondato-Kornaropoulos
//                        estimate (approx_betweenness.hpp), seeded per step;
//                        weighted reads weights as weight_as says. With
//                        incremental = true the exact scores are kept up to
//                        date piecewise (piecewise_betweenness.hpp): only the
//                        components that lost someone are recomputed, the
//                        same removal order as the full recompute (raw scores
//                        there, normalised here: one common factor per step,
//                        so the same ranking; equal to rounding, inside the
//                        tie rule's 1e-9); the states come from it too (the
//                        same values, recomputed only where the graph changed);
//   kPageRank            pagerank.hpp (damping 0.85, weighted as asked);
//   kKatz                katz_centrality exact solve (katz.hpp), alpha
//                        katz_alpha, beta 1 — networkx's katz_centrality_numpy;
//   kCollectiveInfluence Morone-Makse CI_l(v) = (k_v - 1) sum_{u: d(u,v)=l}
//                        (k_u - 1), l = ci_radius, k the degree in the
//                        remaining graph (strength when weighted) [2];
//   kKCore               core number (kcore.hpp);
//   kRandom              a uniform random order drawn once from ctx.seed;
//   kList                the vertices of `order`, in that order (already
//                        removed or repeated ones skipped).
// Selection and ties: the highest score wins; scores within a relative
// 1e-9 of the best (|a - b| <= 1e-9 max(|a|, |b|)) are tied — floating sums
// of mathematically equal scores differ in the last bits between
// implementations — and a tie goes to the lowest tie_rank[v] (empty: the
// lowest vertex id). A block takes the best, then the best of the rest, ...
// Cavallaro et al.'s code [1] breaks ties towards the vertex networkx
// inserted last; pass tie_rank = reversed insertion order to reproduce it.
//
// Result: states[0] is the graph before any removal, states[i] after step i;
// removed[i] lists the vertices taken at step i (states.size() ==
// removed.size(), removed[0] empty). The run stops after `steps` steps, or
// earlier when no vertex (kList: no listed vertex) is left, or when fewer
// than min_remaining + 1 vertices remain (the step that would go below is
// cut short, as Cavallaro et al.'s loop does with min_remaining = 5).
//
// Errors (std::invalid_argument, naming the parameter): block_size < 1;
// tie_rank or order naming a vertex out of range / of the wrong length;
// approx_epsilon not in [0, 1); incremental with approx_epsilon > 0; ci_radius < 1; katz_alpha not > 0; what the
// kernels themselves reject (e.g. non-positive weights with weighted
// betweenness). Interrupted between steps and inside the kernels.
// Deterministic for ctx.seed at any thread count.
// Time per step: the centrality kernel on the remaining graph (exact
// betweenness O(n m); incremental: O(n_c m_c) over the pieces of the
// affected components) + O(n + m) induced subgraph + network_state.
//
// [1] L. Cavallaro et al. Disrupting resilient criminal networks through data
//     analysis: the case of Sicilian Mafia. PLOS ONE 15(8):e0236476, 2020.
// [2] F. Morone, H. A. Makse. Influence maximization in complex networks
//     through optimal percolation. Nature 524:65-68, 2015.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/disruption/fragmentation.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

enum class DisruptStrategy {
  kDegree,
  kStrength,
  kBetweenness,
  kPageRank,
  kKatz,
  kCollectiveInfluence,
  kKCore,
  kRandom,
  kList
};

struct DisruptParams {
  DisruptStrategy strategy = DisruptStrategy::kBetweenness;
  bool block = false;              // false: sequential (one per step)
  std::uint64_t steps = 20;
  std::uint64_t block_size = 5;
  std::uint64_t min_remaining = 0;
  bool weighted = false;
  WeightAs weight_as = WeightAs::kDistance;
  double approx_epsilon = 0;       // > 0: approximate betweenness
  bool incremental = false;        // kBetweenness, exact: recompute only the affected components
  double katz_alpha = 0.1;
  int ci_radius = 2;
  std::vector<VertexId> order;     // kList
  std::vector<std::uint64_t> tie_rank;  // empty: vertex id
  StateParams state;
};

struct DisruptResult {
  std::vector<std::vector<VertexId>> removed;
  std::vector<NetworkState> states;
};

DisruptResult disrupt(const CsrGraph& g, const DisruptParams& params = {}, const RunContext& ctx = {});

// Collective influence CI_l on the remaining vertices (removed ones get 0).
std::vector<double> collective_influence(const CsrGraph& g, const std::vector<std::uint8_t>& removed, int radius,
                                         bool weighted);

}  // namespace corridor

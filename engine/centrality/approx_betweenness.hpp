// approx_betweenness: Riondato and Kornaropoulos' sampling estimate of
// betweenness with an (epsilon, delta) guarantee [1]: with probability at
// least 1 - delta every vertex's estimate is within epsilon of its exact
// betweenness on the scale of the pair fraction
//   b(v) = 1 / (n (n - 1)) * sum_{s != t} sigma_st(v) / sigma_st
// (ordered pairs, directed or not). That is networkx's normalized
// betweenness_centrality times (n - 2) / n.
//
// Sample size r = ceil((c / epsilon^2) (floor(log2(VD - 2)) + 1 + ln(1 / delta))),
// c = 0.5 [1], VD an upper bound on the vertex diameter
// (the most vertices on a shortest path) from one sweep per component, from
// its lowest id u:
//   undirected unweighted: min(|C|, d1 + d2 + 1), d1 >= d2 the two largest BFS
//     distances from u (the paper's 2-approximation);
//   undirected weighted:   min(|C|, floor((D1 + D2) / lmin) + 1), D1 >= D2 the
//     two largest Dijkstra distances from u, lmin the shortest edge of C (a
//     path of k edges is at least k lmin long);
//   directed:              |C| for the weakly connected components (through u
//     the triangle inequality fails);
// the maximum over components is returned as vertex_diameter. VD <= 2 means no
// shortest path has an inner vertex: all scores 0, no samples.
// Each sample: a uniform ordered pair s != t, one of its shortest paths drawn
// uniformly (backwards from t, predecessor v of w with probability
// sigma_sv / sigma_sw), its inner vertices credited 1 / r; unreachable pairs
// credit nothing. Weights as in betweenness.hpp (lengths or 1 / strength, ties
// by exact float equality).
//
// Errors (std::invalid_argument, naming the parameter): epsilon or delta not in
// (0, 1); an epsilon needing more than 2^53 samples; when weighted, a weight
// that is not finite and > 0, or whose 1 / weight overflows with kStrength.
// Interrupted when ctx.interrupted() says so (polled from the calling thread).
//
// Deterministic for ctx.seed at any thread count: sample i draws from its own
// splitmix64 stream started at mix(mix(seed) ^ i), and the per-vertex hit
// counts are integers, so their sum does not depend on the order.
// Time O(n + m) for the bound plus O(r (n + m)) unweighted, O(r m log n)
// weighted (each search stops when t is settled, often far earlier); memory
// O(n) per thread.
//
// [1] M. Riondato, E. M. Kornaropoulos. Fast approximation of betweenness
//     centrality through sampling. Data Min. Knowl. Disc. 30:438-475, 2016.
#pragma once

#include <cstdint>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct ApproxBetweennessParams {
  double epsilon = 0.01;
  double delta = 0.1;
  bool weighted = false;
  WeightAs weight_as = WeightAs::kDistance;
};

struct ApproxBetweennessResult {
  std::vector<double> score;  // b(v) estimates on the pair-fraction scale
  std::uint64_t samples = 0;
  std::uint64_t vertex_diameter = 0;
};

ApproxBetweennessResult approx_betweenness(const CsrGraph& g, const ApproxBetweennessParams& params = {},
                                           const RunContext& ctx = {});

}  // namespace corridor

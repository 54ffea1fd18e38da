// pagerank: the stationary distribution of a random surfer who follows an
// out-arc with probability `damping` (chosen in proportion to arc weight when
// weighted) and otherwise teleports.
//
// Convention: networkx's pagerank (its scipy power iteration, and the
// reference _pagerank_python), with dangling=None and nstart=None:
// - An undirected graph is read as arcs both ways (G.to_directed()); an
//   undirected self-loop is one arc u -> u, as there. Unweighted reads every
//   edge as weight 1 (an aggregated edge is one edge, as in an nx.Graph).
// - Teleport goes to p: uniform 1/n, or the personalization weights divided
//   by their sum (vertices not listed get 0; a vertex listed twice gets the
//   sum of its weights).
// - A vertex whose out-weight is 0 (no out-arc, or only zero-weight out-arcs)
//   is dangling and sends its whole rank along p (networkx's default,
//   dangling = personalization). A zero-weight arc carries nothing.
// - Start x = 1/n everywhere (also when personalized); each iteration
//   x <- damping * (x P + (sum of x over dangling vertices) * p)
//        + (1 - damping) * p,
//   with P the out-weight-normalised adjacency; stops after the first
//   iteration whose L1 change sum |x - x_prev| is below n * tol, returning
//   that iterate as is (no renormalisation: it sums to 1 up to rounding).
// - After max_iter iterations without convergence networkx raises
//   PowerIterationFailedConvergence; here the last iterate is returned with
//   converged = false. Defaults differ from networkx's (tol 1e-6,
//   max_iter 100): pass those to reproduce its stopping point.
// Result: iterations run, residual = the last L1 change. Deterministic: the
// same bits at any thread count. Time O(iterations * (n + m)).
//
// Throws std::invalid_argument (naming the parameter) when damping is not in
// [0, 1), tol is not positive, max_iter < 1, a personalization id is out of
// range, personalization_weights is non-empty but not as long as
// personalization, a personalization weight is negative or not finite, or
// they sum to 0; and, when weighted, when an arc weight is negative or not
// finite.
#pragma once

#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct PageRankParams {
  double damping = 0.85;
  double tol = 1e-10;
  int max_iter = 1000;
  bool weighted = true;
  // Seed suspects: teleport (and dangling mass) goes to these vertices in
  // proportion to personalization_weights (all 1 when that is empty).
  std::vector<VertexId> personalization;
  std::vector<double> personalization_weights;
};

CentralityResult pagerank(const CsrGraph& g, const PageRankParams& params = {},
                          const RunContext& ctx = {});

// The verifier: the same definition by a plain serial power iteration that
// pushes rank along out-arcs (networkx's _pagerank_python).
std::vector<double> pagerank_reference(const CsrGraph& g, const PageRankParams& params = {});

}  // namespace corridor

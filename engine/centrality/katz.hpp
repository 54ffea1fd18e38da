// katz_centrality: x = alpha * A^T x + beta, the sum of walks of every length
// into a vertex, attenuated by alpha per step.
//
// Convention: networkx's katz_centrality (exact = false) and
// katz_centrality_numpy (exact = true), with a scalar beta and nstart=None:
// - Directed graphs count walks arriving at a vertex (x[v] sums over in-arcs
//   u -> v: A^T, as both networkx functions use). An undirected self-loop
//   is one diagonal entry, as there. weighted uses edge weights as the
//   entries of A, unweighted 1 per edge.
// - exact = false: start x = 0; iterate x <- alpha * A^T x + beta; stop after
//   the first iteration whose L1 change is below n * tol; normalized then
//   multiplies by 1 / ||x||_2 (by 1 if that is 0). After max_iter iterations
//   without convergence networkx raises PowerIterationFailedConvergence;
//   here the last iterate is returned (normalised if asked) with
//   converged = false. alpha must be below 1 / lambda_max for the series to
//   converge. Defaults differ from networkx's (tol 1e-6, max_iter 1000).
// - exact = true: solves (I - alpha A^T) x = beta with Eigen's sparse LU
//   (networkx solves the same dense system with numpy); normalized divides
//   by sign(sum x) * ||x||_2 (the numpy variant's rule: positive scores even
//   for a negative beta; a zero sum counts as positive, where numpy would
//   give NaN). iterations = 0, residual = ||(I - alpha A^T) x - beta||_1
//   before normalisation. Unlike the series, the solve also answers for
//   alpha above 1 / lambda_max (as networkx's does).
// - An empty graph gives an empty result (networkx: {}).
// Deterministic: the same bits at any thread count. Time O(iterations *
// (n + m)); exact: one sparse LU (fill-in dependent).
//
// Throws std::invalid_argument when alpha is not positive and finite, beta
// is 0 or not finite, tol is not positive, max_iter < 1, an arc weight is
// negative or not finite (when weighted), or (exact) I - alpha A^T is
// singular or has more than 2^31 - 1 entries.
#pragma once

#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct KatzParams {
  double alpha = 0.1;
  double beta = 1.0;
  double tol = 1e-10;
  int max_iter = 1000;
  bool normalized = true;
  bool weighted = true;
  bool exact = false;
};

CentralityResult katz_centrality(const CsrGraph& g, const KatzParams& params = {},
                                 const RunContext& ctx = {});

// The verifier, without Eigen: a plain serial iteration pushing along
// out-arcs (networkx's loop), or with exact = true dense Gaussian elimination
// with partial pivoting — O(n^3) time and O(n^2) memory, for tests only.
std::vector<double> katz_centrality_reference(const CsrGraph& g, const KatzParams& params = {});

}  // namespace corridor

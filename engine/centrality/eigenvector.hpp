// eigenvector_centrality: the principal eigenvector of the adjacency matrix,
// by power iteration (Eigen sparse matrix-vector products).
//
// Convention: networkx's eigenvector_centrality (not the _numpy variant),
// with nstart=None:
// - On a directed graph the left eigenvector: a vertex is central when
//   central vertices point to it (x[v] sums over in-arcs u -> v). An
//   undirected self-loop adds its weight once to the diagonal, as there.
// - Start x = 1/n everywhere; iterate x <- (A^T + I) x, then divide by the
//   Euclidean norm (by 1 if that is 0); stop after the first iteration whose
//   L1 change is below n * tol, returning that iterate.
// - weighted uses edge weights as entries, unweighted 1 per edge.
// - After max_iter iterations without convergence networkx raises
//   PowerIterationFailedConvergence; here the last iterate is returned with
//   converged = false. Defaults differ from networkx's (tol 1e-6,
//   max_iter 100).
// Result: iterations run, residual = the last L1 change. Deterministic: the
// same bits at any thread count. Time O(iterations * (n + m)); memory one
// Eigen copy of the adjacency (16 bytes per arc).
//
// Throws std::invalid_argument when the graph has no vertex (networkx raises
// NetworkXPointlessConcept), tol is not positive, max_iter < 1, or (when
// weighted) an arc weight is negative or not finite.
#pragma once

#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct EigenvectorParams {
  double tol = 1e-10;
  int max_iter = 1000;
  bool weighted = true;
};

CentralityResult eigenvector_centrality(const CsrGraph& g, const EigenvectorParams& params = {},
                                        const RunContext& ctx = {});

// The verifier: the same definition by a plain serial iteration that pushes
// along out-arcs (networkx's loop), without Eigen.
std::vector<double> eigenvector_centrality_reference(const CsrGraph& g, const EigenvectorParams& params = {});

}  // namespace corridor

// katz_links: the Katz index [1] between one source s and every vertex v of
// an undirected graph — the number of walks from s to v of each length l,
// attenuated by beta^l:
//     K(s, v) = sum over l = 1 .. L of beta^l (A^l)[s, v]
// A is the 0/1 adjacency (unweighted; a self-loop is A[x, x] = 1, counted
// once, and an aggregated edge is one edge, as in an nx.Graph's
// adjacency_matrix). Liben-Nowell & Kleinberg's link-prediction form [2].
// - max_length = L >= 1: the truncated sum, by L sparse products from e_s
//   (a vector that only touches vertices within L hops): O(L (n + m)).
// - exact = true: L = infinity, the row s of (I - beta A)^-1 - I, by one
//   sparse LU solve (Eigen SparseLU, COLAMD ordering): needs
//   beta < 1 / lambda_max(A), else the series diverges (and the solve is
//   rejected when singular).
// Vertex s itself gets its closed-walk score (callers skip it).
//
// Throws std::invalid_argument (naming the parameter) for a directed graph,
// beta not in (0, 1), max_length < 1, source out of range.
#pragma once

#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct KatzLinksParams {
  double beta = 0.05;
  int max_length = 3;
  bool exact = false;
};

std::vector<double> katz_links(const CsrGraph& g, VertexId source, const KatzLinksParams& params = {},
                               const RunContext& ctx = {});

// The verifier: dense matrix powers (truncated) or dense Gaussian elimination
// of (I - beta A) (exact). O(n^3): tiny graphs only.
std::vector<double> katz_links_reference(const CsrGraph& g, VertexId source, const KatzLinksParams& params = {});

}  // namespace corridor

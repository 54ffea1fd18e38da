// betweenness: Brandes' exact shortest-path betweenness, parallel over
// sources; BFS when unweighted, Dijkstra when weighted (weights read as
// lengths, or as strengths with length 1 / weight).
//
// Conventions: networkx 3.6's betweenness_centrality (k = None) and, when
// sources and/or targets are given, betweenness_centrality_subset; scores
// match them to rounding (1e-9 relative). With S the sources and T the targets
// (each empty list meaning every vertex; duplicates ignored), both sum over
// ordered pairs — both directions of an undirected pair —
//   raw(v) = sum_{s in S, t in T, s != t} sigma_st(v) / sigma_st,
// plus, with endpoints, 1 for s and 1 for t per pair with t reachable from s.
// The result is raw times networkx's _rescale factor: with N = n - 1 (N = n
// with endpoints),
//   normalized:   1 / (N (N - 1)), i.e. 1 / ((n-1)(n-2)), or 1 / (n (n-1))
//                 with endpoints, directed or not (for an undirected graph
//                 that is the unordered-pair sum over (n-1)(n-2)/2);
//   unnormalized: 1/2 undirected (each unordered pair once), 1 directed;
//   and no rescaling at all when N < 2 (every score is 0 then).
// The subset variant uses the same factor with endpoints = false, which is
// what betweenness_centrality_subset(G, S, T, normalized) returns (note its
// normalized defaults to False there, true here). endpoints cannot be combined
// with sources/targets (networkx has no such variant). Self-loops never lie on
// a shortest path and are ignored, weights included.
// Weighted: kDistance is networkx's weight="weight", kStrength its
// weight=lambda u, v, d: 1 / d["weight"]. Equal-length paths are those whose
// float sums are exactly equal, each distance summed along the path from the
// source, as networkx does; the sums, hence the ties, are exact for integer
// lengths.
//
// Errors (std::invalid_argument, naming the parameter): a source or target id
// >= num_vertices; endpoints with sources/targets; when weighted, an edge
// whose weight is not finite and > 0 (networkx requires positive weights; a
// zero-length edge makes its path counts order-dependent), or, with kStrength,
// whose 1 / weight overflows. Interrupted when ctx.interrupted() says so,
// polled from the calling thread only.
//
// Deterministic: scores are bitwise identical at any thread count (sources are
// summed in fixed blocks, the blocks added in a fixed order). Parallel over
// sources, dynamic schedule, one block of up to 64 sources at a time.
//
// [1] U. Brandes. A faster algorithm for betweenness centrality. J. Math.
//     Sociology 25(2):163-177, 2001.
// [2] U. Brandes. On variants of shortest-path betweenness centrality and their
//     generic computation. Social Networks 30(2):136-145, 2008.
// Time O(n m) unweighted, O(n m log n) weighted (binary heap); an undirected,
// unweighted run over every pair first folds the trees hanging from the
// graph (degree-1 vertices, peeled repeatedly; see betweenness.cpp), so n and
// m are then the core's. Memory about 40 bytes per vertex per thread, plus
// one bit per arc per thread unweighted, 8 bytes per arc (16 directed) for
// kStrength lengths, and a copy of the core when folding.
#pragma once

#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct BetweennessParams {
  bool weighted = false;
  WeightAs weight_as = WeightAs::kDistance;
  bool normalized = true;
  bool endpoints = false;
  std::vector<VertexId> sources;  // empty: every vertex
  std::vector<VertexId> targets;  // empty: every vertex
};

CentralityResult betweenness(const CsrGraph& g, const BetweennessParams& params = {},
                             const RunContext& ctx = {});

// The verifier: all-pairs distances and path counts (a quadratic Dijkstra per
// source), then for every pair (s, t) and every v with d(s,v) + d(v,t) =
// d(s,t) the term sigma(s,v) sigma(v,t) / sigma(s,t); same conventions.
// Serial, O(n^3) time and O(n^2) memory: small graphs only, with lengths whose
// sums are exact (integers, or kStrength weights that are powers of two).
std::vector<double> betweenness_reference(const CsrGraph& g, const BetweennessParams& params = {});

}  // namespace corridor

// top_links: the k highest-scoring non-adjacent pairs under a local index
// (local_scores.hpp) — over the whole graph, from a set of source vertices,
// or among a set — without scoring all n^2 pairs.
//
// Which pairs compete (u != v, not adjacent, score > 0):
// - sources empty: every pair {u, v}, reported with u < v;
// - sources given, among = false: pairs with at least one end in sources,
//   reported as (source, other); a pair with both ends in sources once, as
//   (smaller, larger);
// - among = true: pairs with both ends in sources, reported (smaller, larger).
// Order: score descending, then (u, v) ascending — deterministic, the same at
// any thread count. Fewer than k pairs come back when fewer have a positive
// score (CN, Jaccard, AA, RA are positive exactly at distance 2; PA when
// both degrees are positive).
//
// Scores are the same doubles as score_links gives for the pair.
// Complexity: CN/Jaccard/AA/RA O(sum over sources s of sum over z in N(s) of
// deg(z)) two-hop work plus O(log k) per candidate; PA O(n log n) to sort by
// degree plus the pairs whose degree product is at least the k-th best
// (a regular graph, where all tie, can make that quadratic).
//
// Throws std::invalid_argument (naming the parameter) for k < 1, a source out
// of range, among without sources, and whatever validate_link_score rejects.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"
#include "engine/linkpred/local_scores.hpp"

namespace corridor {

struct TopLinksParams {
  LinkScoreParams score;
  std::size_t k = 50;
  std::vector<VertexId> sources;  // empty: the whole graph
  bool among = false;             // both ends in sources
};

struct LinkList {
  std::vector<VertexId> u, v;
  std::vector<double> score;
  std::size_t size() const { return score.size(); }
};

LinkList top_links(const CsrGraph& g, const TopLinksParams& params = {}, const RunContext& ctx = {});

// The verifier: every competing pair scored by score_links_reference, sorted.
LinkList top_links_reference(const CsrGraph& g, const TopLinksParams& params = {});

}  // namespace corridor

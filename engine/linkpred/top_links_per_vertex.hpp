// top_links_per_vertex: for every vertex u (or every vertex of a source
// list), the k best candidates v under a local index (local_scores.hpp) —
// "the 100 most likely missing contacts of each person" in one call.
//
// Candidates of u: every v != u not adjacent to u that shares a neighbour
// z != u with it, i.e. the vertices at distance exactly 2 (NetworKit's
// getDistance2Pairs, seen from u). CN, Jaccard, AA and RA are positive
// exactly there, so no pair with a positive score is missed; a pair scoring 0
// (only possible with zero edge weights, weighted) is left out, as in
// top_links. Preferential attachment is rejected: it has no two-hop
// structure, and ranked per vertex it is the global degree order minus the
// vertex's neighbours — the same list for everyone; use top_links.
//
// Output: flat arrays (u, v, score), grouped by u in ascending order (the
// sources sorted, repeats dropped), within u by score descending, then v
// ascending; up to k rows per u (fewer when u has fewer candidates, none for
// an isolated vertex). A pair {u, v} with both ends among the sources appears
// twice, once from each end. Deterministic, the same at any thread count;
// the scores are the same doubles as score_links gives for (u, v).
//
// Complexity: time O(sum over sources s of sum over z in N(s) of deg(z))
// for the two-hop walk plus O(c log k) selection per source with c
// candidates; memory O(n) scratch per thread plus O(|sources| k) for the
// answer (built in per-thread buffers, then copied once into place).
//
// Throws std::invalid_argument (naming the parameter) for k < 1, a source out
// of range, method preferential attachment, and whatever validate_link_score
// rejects (a directed graph, weighted Jaccard, bad weights).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"
#include "engine/linkpred/local_scores.hpp"
#include "engine/linkpred/top_links.hpp"

namespace corridor {

struct TopLinksPerVertexParams {
  LinkScoreParams score;
  std::size_t k = 100;
  std::vector<VertexId> sources;  // empty: every vertex
};

LinkList top_links_per_vertex(const CsrGraph& g, const TopLinksPerVertexParams& params = {},
                              const RunContext& ctx = {});

// Each row's rank within its source's rows (rows grouped by source, best
// first, as top_links_per_vertex returns them): 1 = best, tied scores share
// the best rank of their tie.
std::vector<std::uint32_t> ranks_within_sources(const LinkList& links);

// The verifier: for each source, every non-adjacent v scored by
// score_links_reference (O(n^2) pairs), positive ones sorted, first k kept.
LinkList top_links_per_vertex_reference(const CsrGraph& g, const TopLinksPerVertexParams& params = {});

}  // namespace corridor

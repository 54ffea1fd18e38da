// local_scores: the neighbourhood-based link-prediction indices of a vertex
// pair {u, v} on an undirected graph — common neighbours, Jaccard,
// Adamic–Adar, resource allocation, preferential attachment [1, 2].
//
// Convention: networkx's link-prediction functions (nx >= 3), N(x) the set of
// x's neighbours (x itself in it when x has a self-loop), deg(x) networkx's
// degree (a self-loop counts twice):
// - common neighbours   CN(u, v) = |N(u) ∩ N(v) \ {u, v}|
//                       (len(nx.common_neighbors(G, u, v)))
// - Jaccard             CN(u, v) / |N(u) ∪ N(v)|, 0 when the union is empty
//                       (nx.jaccard_coefficient)
// - Adamic–Adar         sum over z in N(u) ∩ N(v) \ {u, v} of 1 / ln deg(z)
//                       (nx.adamic_adar_index; deg(z) >= 2 there)
// - resource allocation sum over the same z of 1 / deg(z)
//                       (nx.resource_allocation_index)
// - preferential attach deg(u) * deg(v) (nx.preferential_attachment)
// Sums run over z in ascending vertex id, so they match networkx up to the
// order of floating-point addition (relative 1e-15 or so), not bit for bit.
//
// Weighted forms (Lü & Zhou 2010 [2]), w(x, y) the edge weight, s(x) the
// strength (sum of x's edge weights, a self-loop twice, as networkx's
// degree(weight=)):
// - WCN  sum over z of w(u, z) + w(z, v)
// - WAA  sum over z of (w(u, z) + w(z, v)) / ln(1 + s(z))
// - WRA  sum over z of (w(u, z) + w(z, v)) / s(z)   (0 when s(z) = 0)
// - WPA  s(u) * s(v)
// Jaccard has no weighted form there: weighted Jaccard is rejected.
//
// Directed graphs are rejected (std::invalid_argument naming `graph`):
// these indices are defined on undirected graphs; project first.
// Time: O(deg(u) + deg(v)) per pair (a merge of two sorted lists).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/graph/csr_graph.hpp"

namespace corridor {

enum class LinkScore {
  kCommonNeighbors,
  kJaccard,
  kAdamicAdar,
  kResourceAllocation,
  kPreferentialAttachment,
};

// "common_neighbors", "jaccard", "adamic_adar", "resource_allocation",
// "preferential_attachment"; throws std::invalid_argument naming `method`.
LinkScore parse_link_score(const std::string& method);

struct LinkScoreParams {
  LinkScore method = LinkScore::kAdamicAdar;
  bool weighted = false;
};

// Throws std::invalid_argument when the graph is directed, when weighted is
// asked of Jaccard, when (weighted) an edge weight is negative or not finite.
void validate_link_score(const CsrGraph& g, const LinkScoreParams& p, const char* who);

// Per vertex: networkx's degree (or strength when weighted), self-loops twice.
std::vector<double> link_degrees(const CsrGraph& g, bool weighted);

// One score per pair (us[i], vs[i]); throws std::invalid_argument when the
// lists differ in length or an id is out of range (naming `pairs`).
std::vector<double> score_links(const CsrGraph& g, const std::vector<VertexId>& us,
                                const std::vector<VertexId>& vs, const LinkScoreParams& params = {});

// The verifier: the definitions above with std::set neighbourhoods.
std::vector<double> score_links_reference(const CsrGraph& g, const std::vector<VertexId>& us,
                                          const std::vector<VertexId>& vs, const LinkScoreParams& params = {});

}  // namespace corridor

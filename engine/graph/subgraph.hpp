// induced_subgraph: the CSR of the subgraph induced by a vertex set, every
// edge attribute (weight, count, first/last time) carried over unchanged.
// Vertex i of the result is vertices[i]; `vertices` must be sorted and
// distinct. Time O(n + sum of degrees of the chosen vertices).
#pragma once

#include <vector>

#include "engine/graph/csr_graph.hpp"

namespace corridor {

CsrGraph induced_subgraph(const CsrGraph& g, const std::vector<VertexId>& vertices);

}  // namespace corridor

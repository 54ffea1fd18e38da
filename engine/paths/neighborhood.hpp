// neighborhood: the vertices within `hops` steps of a source (the source
// included), sorted ascending — the vertex set of an ego network.
//
// Direction on a directed graph: kOut follows arcs forward (networkx's
// ego_graph default), kIn backward, kBoth ignores direction (networkx's
// ego_graph(undirected=True)). On an undirected graph all three agree.
// Breadth-first; time O(vertices reached + their degrees).
#pragma once

#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

enum class Direction { kOut, kIn, kBoth };

std::vector<VertexId> neighborhood(const CsrGraph& g, VertexId source, int hops,
                                   Direction direction = Direction::kBoth,
                                   const RunContext& ctx = {});

}  // namespace corridor

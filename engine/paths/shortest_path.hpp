// shortest_path: one shortest path from `source` to `target`, as the list of
// vertices from source to target; empty when target is unreachable.
//
// - Unweighted: breadth-first search, fewest edges.
// - Weighted: Dijkstra with a binary heap; edge weights are distances (the
//   aggregated weight of the projection) and must be non-negative — an
//   invalid_argument names the offending edge otherwise.
// - Directed graphs follow arcs forward.
// Ties between equally short paths go to the one whose predecessor was
// settled first (neighbours are scanned in ascending id order), so the answer
// is deterministic; networkx may pick a different path of the same length.
// Time O(n + m) unweighted, O((n + m) log n) weighted.
#pragma once

#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct ShortestPathResult {
  std::vector<VertexId> path;  // source ... target; empty if unreachable
  double length = 0;           // edges (unweighted) or summed weight
};

ShortestPathResult shortest_path(const CsrGraph& g, VertexId source, VertexId target,
                                 bool weighted = false, const RunContext& ctx = {});

}  // namespace corridor

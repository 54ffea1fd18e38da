// degree: the number of edges at each vertex, or with weighted=true the sum
// of their weights (strength).
//
// Convention (networkx's): on an undirected graph a self-loop counts twice;
// on a directed graph kOut counts arcs leaving, kIn arcs entering, kBoth
// their sum. Time O(n + m).
#pragma once

#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/paths/neighborhood.hpp"

namespace corridor {

struct DegreeParams {
  Direction direction = Direction::kBoth;
  bool weighted = false;
};

std::vector<double> degree(const CsrGraph& g, const DegreeParams& params = {});

}  // namespace corridor

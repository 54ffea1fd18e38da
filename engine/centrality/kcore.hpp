// core_number: the k-core number of each vertex (the largest k such that the
// vertex belongs to a subgraph where every vertex has degree >= k), by
// Batagelj and Zaversnik's bucket peeling, O(n + m) time, O(n) memory.
//
// Convention (networkx's core_number): on a directed graph degree is in +
// out degree, neighbours are taken both ways with multiplicity (a
// reciprocated pair counts twice); self-loops are ignored (networkx refuses
// them), so the result is networkx's on the graph without its loops.
// The score is the core number as a double; iterations = 0.
#pragma once

#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

CentralityResult core_number(const CsrGraph& g, const RunContext& ctx = {});

std::vector<double> core_number_reference(const CsrGraph& g);

}  // namespace corridor

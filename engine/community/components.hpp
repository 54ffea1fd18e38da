// connected_components: weakly connected components (arc direction ignored;
// on an undirected graph, its connected components) and strongly connected
// components (directed graphs; on an undirected graph the same as weak).
//
// Labels: component id = the rank of the component's smallest vertex, so
// vertex 0 is always in component 0 and ids do not depend on thread count.
// Matches networkx's (weakly_|strongly_)connected_components as sets.
// Time O(n + m). Weak: union-find with path halving, serial (it is memory-
// bound and already a fraction of building the CSR). Strong: Tarjan's
// algorithm with an explicit stack (no recursion on long chains) [1].
// Zero-weight arcs still connect (components ignore weights).
//
// References
// [1] R. Tarjan. Depth-first search and linear graph algorithms. SIAM J.
//     Computing 1(2), 1972.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/community/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct ComponentsParams {
  bool strong = false;
};

// membership[v] = component of v (ids by smallest vertex); count; quality 0.
CommunityResult connected_components(const CsrGraph& g, const ComponentsParams& params = {},
                                     const RunContext& ctx = {});

// The verifier: weak by breadth-first search over out- and in-arcs; strong by
// mutual reachability (u, v together iff each reaches the other), O(n (n + m)).
std::vector<std::uint32_t> connected_components_reference(const CsrGraph& g, const ComponentsParams& params = {});

}  // namespace corridor

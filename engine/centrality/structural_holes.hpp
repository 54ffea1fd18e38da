// Burt's structural holes: constraint and effective size.
//
// Conventions (networkx's constraint and effective_size): N(i) is every
// vertex joined to i either way; the mutual weight of i and j is
// w(i->j) + w(j->i) (weights 1 when unweighted; an undirected edge counts
// from both ends); p_ij is i's mutual weight with j over the sum of its
// mutual weights, m_ij the same over their maximum (0 when that is 0).
//   constraint      c_i = sum_{j in N(i)} (p_ij + sum_{q in N(i)} p_iq p_qj)^2
//   effective size  e_i = sum_{j in N(i)} (1 - sum_{q in N(i)} p_iq m_jq),
//                   which is Borgatti's n - 2t/n when unweighted and
//                   undirected (n = |N(i)|, t = ties among N(i)).
// An isolated vertex (no neighbour but itself) gets NaN in both.
//
// Where networkx disagrees with itself, corridor follows its per-node
// (pure-Python) code, i.e. the formulas above:
// - networkx 3.6's scipy fast path (effective_size(G) with nodes=None and
//   scipy installed) divides m_jq by q's maximum instead of j's on weighted
//   or directed graphs (networkx PR #8906); effective_size(G, nodes=list(G))
//   gives the values corridor matches. Constraint agrees on both paths.
// - Self-loops are ignored: results equal networkx's after
//   G.remove_edges_from(nx.selfloop_edges(G)). (networkx feeds a loop into
//   p_ii and N(i), differently in its pure-Python and scipy paths.)
// - A directed vertex with in-arcs only is not isolated. networkx's
//   per-node code tests G[v] (successors only) and returns NaN for it
//   (networkx issue #2661); its scipy path does not.
// - A zero-weight edge keeps its neighbour in N(i) (p = 0, but the indirect
//   terms through other contacts still count), as in the per-node code; the
//   scipy path drops it.
//
// Throws std::invalid_argument when weighted and an edge weight is negative,
// infinite or NaN. Time O(sum over vertices q of deg(q)^2), memory O(n) per
// thread.
#pragma once

#include <vector>

#include "engine/centrality/result.hpp"
#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

struct StructuralHolesParams {
  bool weighted = false;
};

struct StructuralHolesResult {
  std::vector<double> constraint;
  std::vector<double> effective_size;
};

StructuralHolesResult structural_holes(const CsrGraph& g, const StructuralHolesParams& params = {},
                                       const RunContext& ctx = {});

StructuralHolesResult structural_holes_reference(const CsrGraph& g, const StructuralHolesParams& params = {});

}  // namespace corridor

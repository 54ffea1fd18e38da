// The two-hop accumulation shared by top_links and top_links_per_vertex: from
// a source s, walk s -> z -> v and add z's term (local_terms.hpp) into a dense
// per-thread accumulator; a touched list resets it. Terms are added in
// ascending z, the order of score_links' merge, so all three give the same
// doubles for a pair. Internal to engine/linkpred.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/linkpred/detail/local_terms.hpp"

namespace corridor::detail {

// One thread's scratch: accumulator, touched list, neighbour stamps of the source.
struct TwoHopScratch {
  explicit TwoHopScratch(VertexId n) : acc(n, 0.0), stamp(n, 0), seen(n, 0) {}
  std::vector<double> acc;
  std::vector<VertexId> touched;
  // 32-bit marks (s + 1 <= n fits a VertexId) keep the scratch small in cache.
  std::vector<std::uint32_t> stamp;  // stamp[x] == s + 1: x adjacent to source s
  std::vector<std::uint32_t> seen;   // seen[x] == s + 1: x in touched (a term may be 0)
};

// Calls emit(v, score) once for every v != s, not adjacent to s, with
// keep(v) true and at least one common neighbour z != s (so at distance 2),
// in the order first reached; score is the index's value for (s, v) (Jaccard
// divided through). `deg` is link_degrees(g, weighted). Returns the arcs
// scanned, for interrupt polling.
template <class Keep, class Emit>
std::uint64_t two_hop_scores(const CsrGraph& g, const std::vector<double>& deg, LinkScore m, bool weighted,
                             VertexId s, TwoHopScratch& sc, Keep&& keep, Emit&& emit) {
  const std::uint32_t mark = s + 1;
  const auto zs = g.out_neighbors(s);
  const auto wz = g.out_weights(s);
  for (VertexId z : zs) sc.stamp[z] = mark;
  std::uint64_t work = zs.size();
  for (std::size_t a = 0; a < zs.size(); ++a) {
    const VertexId z = zs[a];
    if (z == s) continue;
    const auto vs = g.out_neighbors(z);
    const auto wv = g.out_weights(z);
    work += vs.size();
    // Unweighted, z's term is the same for every v: computed once (a log for
    // Adamic-Adar), the same double as link_term gives per pair.
    const double term = weighted ? 0.0 : link_term(m, false, deg[z], 0.0, 0.0);
    for (std::size_t b = 0; b < vs.size(); ++b) {
      const VertexId v = vs[b];
      if (v == s || sc.stamp[v] == mark || !keep(v)) continue;
      if (sc.seen[v] != mark) {
        sc.seen[v] = mark;
        sc.touched.push_back(v);
      }
      sc.acc[v] += weighted ? link_term(m, true, deg[z], wz[a], wv[b]) : term;
    }
  }
  for (VertexId v : sc.touched) {
    double score = sc.acc[v];
    if (m == LinkScore::kJaccard) score /= static_cast<double>(zs.size() + g.out_degree(v)) - score;
    emit(v, score);
    sc.acc[v] = 0;
  }
  sc.touched.clear();
  return work;
}

}  // namespace corridor::detail

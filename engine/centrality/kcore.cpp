// core_number: Batagelj and Zaversnik's bucket peeling [1].
//
// Contract: score[v] is the largest k such that v lies in a subgraph whose
// vertices all have degree >= k there; equal to networkx's core_number [2]
// on the same graph with its self-loops removed.
// - Self-loops are ignored (networkx raises on them).
// - Directed: degree is in + out degree and a vertex's neighbours are its
//   predecessors and successors with multiplicity, so a reciprocated pair
//   u <-> v counts twice, exactly as networkx's list(all_neighbors(G, v)).
//
// Approach: vertices sit in an array sorted by current degree, with the start
// of every degree bucket recorded; taking them in order and moving each
// higher-degree neighbour one bucket down is O(1) per arc, so the whole run
// is O(n + m) time and O(n + max degree) memory. The peeling is inherently
// sequential; only the degree count runs in parallel (schedule(static):
// uniform work). The result does not depend on the thread count.
//
// Interrupts: polled between vertices, every kPollEvery of them (serial code).
//
// References
// [1] V. Batagelj, M. Zaversnik, "An O(m) Algorithm for Cores Decomposition
//     of Networks", arXiv cs/0310049, 2003.
// [2] networkx/algorithms/core.py, core_number (networkx 3.6).
#include "engine/centrality/kcore.hpp"

#include <algorithm>
#include <cstdint>

namespace corridor {
namespace {

constexpr VertexId kPollEvery = 1u << 16;

// Calls f(u) for every neighbour u != v, with multiplicity (out then in on a
// directed graph).
template <typename F>
void for_each_neighbor(const CsrGraph& g, VertexId v, F&& f) {
  for (VertexId u : g.out_neighbors(v)) {
    if (u != v) f(u);
  }
  if (!g.directed()) return;
  for (VertexId u : g.in_neighbors(v)) {
    if (u != v) f(u);
  }
}

std::uint64_t loopless_degree(const CsrGraph& g, VertexId v) {
  std::uint64_t d = 0;
  for_each_neighbor(g, v, [&](VertexId) { ++d; });
  return d;
}

}  // namespace

CentralityResult core_number(const CsrGraph& g, const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  CentralityResult result;
  result.score.assign(n, 0.0);
  if (n == 0) return result;

  std::vector<std::uint64_t> deg(n);
  const std::int64_t nn = n;
#pragma omp parallel for num_threads(ctx.thread_count()) schedule(static)
  for (std::int64_t i = 0; i < nn; ++i) deg[i] = loopless_degree(g, static_cast<VertexId>(i));
  const std::uint64_t max_deg = *std::max_element(deg.begin(), deg.end());

  // bin[d]: position of the first vertex of degree d in vert (counting sort).
  std::vector<std::uint64_t> bin(max_deg + 1, 0);
  for (VertexId v = 0; v < n; ++v) ++bin[deg[v]];
  std::uint64_t start = 0;
  for (std::uint64_t d = 0; d <= max_deg; ++d) {
    const std::uint64_t count = bin[d];
    bin[d] = start;
    start += count;
  }
  std::vector<VertexId> vert(n);
  std::vector<std::uint64_t> pos(n);
  for (VertexId v = 0; v < n; ++v) {
    pos[v] = bin[deg[v]]++;
    vert[pos[v]] = v;
  }
  for (std::uint64_t d = max_deg; d > 0; --d) bin[d] = bin[d - 1];
  bin[0] = 0;

  for (std::uint64_t i = 0; i < n; ++i) {
    if (i % kPollEvery == 0) ctx.check_interrupt();
    const VertexId v = vert[i];
    // deg[v] is final: every higher-degree neighbour loses one per arc to v.
    for_each_neighbor(g, v, [&](VertexId u) {
      if (deg[u] <= deg[v]) return;
      const std::uint64_t du = deg[u];
      const std::uint64_t pu = pos[u];
      const std::uint64_t pw = bin[du];
      const VertexId w = vert[pw];
      if (u != w) {
        pos[u] = pw;
        vert[pu] = w;
        pos[w] = pu;
        vert[pw] = u;
      }
      ++bin[du];
      --deg[u];
    });
  }
  for (VertexId v = 0; v < n; ++v) result.score[v] = static_cast<double>(deg[v]);
  return result;
}

// Verifier: the definition, by repeated peeling. Level k rises by one only
// when no remaining vertex has degree <= k; a vertex removed at level k has
// core number k. O(n * (n + max core) + m).
std::vector<double> core_number_reference(const CsrGraph& g) {
  const VertexId n = g.num_vertices();
  std::vector<std::uint64_t> deg(n);
  for (VertexId v = 0; v < n; ++v) deg[v] = loopless_degree(g, v);
  std::vector<double> core(n, 0.0);
  std::vector<bool> removed(n, false);
  VertexId remaining = n;
  std::uint64_t k = 0;
  while (remaining > 0) {
    bool found = false;
    for (VertexId v = 0; v < n; ++v) {
      if (removed[v] || deg[v] > k) continue;
      removed[v] = true;
      --remaining;
      found = true;
      core[v] = static_cast<double>(k);
      for_each_neighbor(g, v, [&](VertexId u) {
        if (!removed[u]) --deg[u];
      });
    }
    if (!found) ++k;
  }
  return core;
}

}  // namespace corridor

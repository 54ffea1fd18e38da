// structural_holes: Burt's constraint and effective size [1, 2], as
// networkx's constraint and effective_size define them [3].
//
// Contract (see structural_holes.hpp for the formulas)
// - N(i): the vertices joined to i by an arc either way, i itself excluded
//   (self-loops are ignored everywhere).
// - a_ij: weight of the arc i -> j (1 when unweighted, 0 when absent); the
//   mutual weight is a_ij + a_ji, so an undirected edge {i, j} weighs 2w from
//   either end (the factor 2 cancels in every ratio).
// - p_ij = mutual(i, j) / sum_{k in N(i)} mutual(i, k), and
//   m_ij = mutual(i, j) / max_{k in N(i)} mutual(i, k); both 0 when the
//   denominator is 0 (networkx's normalized_mutual_weight).
// - constraint c_i = sum_{j in N(i)} (p_ij + sum_{q in N(i)} p_iq p_qj)^2.
// - effective size e_i = sum_{j in N(i)} (1 - sum_{q in N(i)} p_iq m_jq);
//   unweighted and undirected, Borgatti's n - 2t/n [2] (n = |N(i)|, t = edges
//   among N(i)), the same value, which networkx uses there.
// - Both are NaN where N(i) is empty.
//
// Approach: a first pass stores every vertex's mutual-weight sum and maximum.
// Then each vertex i, by one thread: mark N(i) with its p_iq, and scan the
// arcs of every q in N(i); an arc q - j with j marked adds p_iq * w / sum_q to
// j's indirect constraint term and p_ij * w / max_q to q's redundancy. So
// time O(sum over i of sum over q in N(i) of deg(q)) = O(sum_q deg(q)^2),
// memory O(n) per thread. schedule(dynamic, 64): per-vertex work is skewed
// by degree. Each value is summed by one thread in a fixed order: identical
// at every thread count.
//
// Interrupts: OpenMP thread 0 polls RunContext::interrupted every kPollWork
// arcs scanned; an atomic flag stops the other threads; Interrupted is thrown
// after the parallel region.
//
// References
// [1] R. S. Burt, Structural Holes: The Social Structure of Competition,
//     Harvard University Press, 1992.
// [2] S. P. Borgatti, "Structural Holes: Unpacking Burt's Redundancy
//     Measures", Connections 20(1):35-38, 1997.
// [3] networkx/algorithms/structuralholes.py (networkx 3.6).
#include "engine/centrality/structural_holes.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "engine/graph/parallel.hpp"

namespace corridor {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t kPollWork = 1u << 20;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

void validate(const CsrGraph& g, const StructuralHolesParams& p) {
  if (!p.weighted) return;
  const Adjacency& a = g.out();
  for (VertexId v = 0; v < g.num_vertices(); ++v) {
    for (EdgeOffset k = a.offsets[v]; k < a.offsets[v + 1]; ++k) {
      const double w = a.weights[k];
      if (!(w >= 0) || std::isinf(w)) {
        throw std::invalid_argument("structural_holes: weighted=true needs finite non-negative edge weights; edge " +
                                    std::to_string(v) + (g.directed() ? " -> " : " - ") + std::to_string(a.neighbors[k]) +
                                    " has weight " + std::to_string(w));
      }
    }
  }
}

// Calls f(j, mutual weight) for every j in N(v) in ascending order (a merge
// of the sorted out- and in-lists when directed).
template <typename F>
void for_each_mutual(const CsrGraph& g, bool weighted, VertexId v, F&& f) {
  const auto on = g.out_neighbors(v);
  const auto ow = g.out_weights(v);
  if (!g.directed()) {
    for (std::size_t k = 0; k < on.size(); ++k) {
      if (on[k] != v) f(on[k], weighted ? ow[k] : 1.0);
    }
    return;
  }
  const auto in = g.in_neighbors(v);
  const auto iw = g.in_weights(v);
  std::size_t x = 0, y = 0;
  while (x < on.size() || y < in.size()) {
    VertexId j;
    double w = 0;
    if (y == in.size() || (x < on.size() && on[x] < in[y])) {
      j = on[x];
      w = weighted ? ow[x] : 1.0;
      ++x;
    } else if (x == on.size() || in[y] < on[x]) {
      j = in[y];
      w = weighted ? iw[y] : 1.0;
      ++y;
    } else {
      j = on[x];
      w = weighted ? ow[x] + iw[y] : 2.0;
      ++x;
      ++y;
    }
    if (j != v) f(j, w);
  }
}

// Calls f(j, w) for every arc of v either way with j != v (a reciprocated
// pair gives two calls, whose weights add up to the mutual weight).
template <typename F>
void for_each_arc(const CsrGraph& g, bool weighted, VertexId v, F&& f) {
  const auto on = g.out_neighbors(v);
  const auto ow = g.out_weights(v);
  for (std::size_t k = 0; k < on.size(); ++k) {
    if (on[k] != v) f(on[k], weighted ? ow[k] : 1.0);
  }
  if (!g.directed()) return;
  const auto in = g.in_neighbors(v);
  const auto iw = g.in_weights(v);
  for (std::size_t k = 0; k < in.size(); ++k) {
    if (in[k] != v) f(in[k], weighted ? iw[k] : 1.0);
  }
}

struct Scratch {
  std::vector<std::uint32_t> slot;  // per vertex: its index in N(i), or kNone
  std::vector<VertexId> nbr;
  std::vector<double> p, indirect, redundancy;
};

// One vertex; returns the number of arcs scanned (the work done).
std::uint64_t one_vertex(const CsrGraph& g, bool weighted, VertexId i, const std::vector<double>& sum,
                         const std::vector<double>& max, Scratch& s, double& constraint, double& esize) {
  std::size_t deg = 0;
  for_each_mutual(g, weighted, i, [&](VertexId j, double w) {
    s.nbr[deg] = j;
    s.p[deg] = w;
    ++deg;
  });
  if (deg == 0) {
    constraint = esize = kNaN;
    return 1;
  }
  const double total = sum[i];
  for (std::size_t k = 0; k < deg; ++k) {
    s.p[k] = total == 0 ? 0.0 : s.p[k] / total;
    s.indirect[k] = s.redundancy[k] = 0;
    s.slot[s.nbr[k]] = static_cast<std::uint32_t>(k);
  }
  const bool borgatti = !weighted && !g.directed();
  std::uint64_t ties2 = 0;  // 2t: ordered pairs of adjacent alters
  std::uint64_t work = deg;
  for (std::size_t k = 0; k < deg; ++k) {
    const VertexId q = s.nbr[k];
    const double pq = s.p[k], sq = sum[q], mq = max[q];
    for_each_arc(g, weighted, q, [&](VertexId j, double w) {
      ++work;
      const std::uint32_t t = s.slot[j];
      if (t == kNone) return;
      ++ties2;
      if (sq != 0) s.indirect[t] += pq * (w / sq);
      if (mq != 0) s.redundancy[k] += s.p[t] * (w / mq);
    });
  }
  double c = 0, e = 0;
  for (std::size_t k = 0; k < deg; ++k) {
    const double x = s.p[k] + s.indirect[k];
    c += x * x;
    e += 1 - s.redundancy[k];
    s.slot[s.nbr[k]] = kNone;
  }
  constraint = c;
  esize = borgatti ? static_cast<double>(deg) - static_cast<double>(ties2) / static_cast<double>(deg) : e;
  return work;
}

}  // namespace

StructuralHolesResult structural_holes(const CsrGraph& g, const StructuralHolesParams& params,
                                       const RunContext& ctx) {
  validate(g, params);
  const VertexId n = g.num_vertices();
  StructuralHolesResult r;
  r.constraint.assign(n, kNaN);
  r.effective_size.assign(n, kNaN);
  if (n == 0) return r;
  const int threads = ctx.thread_count();
  const std::int64_t nn = n;

  std::vector<double> sum(n, 0.0), max(n, 0.0);
  std::vector<std::size_t> deg(n, 0);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t v = 0; v < nn; ++v) {
    double s = 0, m = 0;
    std::size_t d = 0;
    for_each_mutual(g, params.weighted, static_cast<VertexId>(v), [&](VertexId, double w) {
      s += w;
      m = std::max(m, w);
      ++d;
    });
    sum[v] = s;
    max[v] = m;
    deg[v] = d;
  }
  std::size_t max_deg = 0;
  for (std::size_t d : deg) max_deg = std::max(max_deg, d);

  // Scratch space is allocated here, outside the parallel region.
  std::vector<Scratch> scratch(threads);
  for (Scratch& s : scratch) {
    s.slot.assign(n, kNone);
    s.nbr.resize(max_deg);
    s.p.resize(max_deg);
    s.indirect.resize(max_deg);
    s.redundancy.resize(max_deg);
  }

  ctx.check_interrupt();  // once here, so that even a tiny graph answers it
  detail::Stop stop;
#pragma omp parallel num_threads(threads)
  {
    Scratch& s = scratch[omp_get_thread_num()];
    detail::Poller poll(ctx, stop, {.work = kPollWork});
#pragma omp for schedule(dynamic, 64)
    for (std::int64_t v = 0; v < nn; ++v) {
      if (stop()) continue;
      poll.after(one_vertex(g, params.weighted, static_cast<VertexId>(v), sum, max, s, r.constraint[v],
                            r.effective_size[v]));
    }
  }
  stop.rethrow();
  return r;
}

// Verifier: networkx's functions transcribed literally (local_constraint,
// redundancy, normalized_mutual_weight with norm sum or max), with mutual
// weights looked up by binary search. O(sum over i of deg(i)^2 log).
StructuralHolesResult structural_holes_reference(const CsrGraph& g, const StructuralHolesParams& params) {
  validate(g, params);
  const VertexId n = g.num_vertices();
  const bool weighted = params.weighted;
  auto arc = [&](VertexId u, VertexId v) {  // a_uv
    const auto ns = g.out_neighbors(u);
    const auto it = std::lower_bound(ns.begin(), ns.end(), v);
    if (it == ns.end() || *it != v) return 0.0;
    return weighted ? g.out_weights(u)[it - ns.begin()] : 1.0;
  };
  auto mutual = [&](VertexId u, VertexId v) { return u == v ? 0.0 : arc(u, v) + arc(v, u); };
  // N(u), from the arcs so that zero-weight neighbours stay in it, and the
  // sum and max of u's mutual weights over it.
  std::vector<std::vector<VertexId>> adjacent(n);
  std::vector<double> sum(n, 0.0), max(n, 0.0);
  for (VertexId u = 0; u < n; ++u) {
    auto& out = adjacent[u];
    for (VertexId v : g.out_neighbors(u)) {
      if (v != u) out.push_back(v);
    }
    for (VertexId v : g.in_neighbors(u)) {
      if (v != u) out.push_back(v);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    for (VertexId w : out) {
      sum[u] += mutual(u, w);
      max[u] = std::max(max[u], mutual(u, w));
    }
  }
  auto nmw = [&](VertexId u, VertexId v, bool by_max) {
    const double scale = by_max ? max[u] : sum[u];
    return scale == 0 ? 0.0 : mutual(u, v) / scale;
  };
  StructuralHolesResult r;
  r.constraint.assign(n, kNaN);
  r.effective_size.assign(n, kNaN);
  for (VertexId u = 0; u < n; ++u) {
    const auto& nu = adjacent[u];
    if (nu.empty()) continue;
    double c = 0, e = 0;
    for (VertexId v : nu) {
      double indirect = 0, red = 0;
      for (VertexId w : nu) {
        indirect += nmw(u, w, false) * nmw(w, v, false);
        red += nmw(u, w, false) * nmw(v, w, true);
      }
      c += (nmw(u, v, false) + indirect) * (nmw(u, v, false) + indirect);
      e += 1 - red;
    }
    r.constraint[u] = c;
    r.effective_size[u] = e;
  }
  return r;
}

}  // namespace corridor

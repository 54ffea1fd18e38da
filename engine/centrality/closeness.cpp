// closeness, harmonic_closeness: one search per vertex u over its in-arcs,
// which finds d(v, u) for every v reaching u; definitions and networkx
// convention in closeness.hpp.
//
// Approach [1, 2]: parallel over vertices; each thread owns a Searcher whose
// arrays are sized once and reset after every search by the list of
// vertices it touched, so a search costs what it reaches, not O(n). A
// vertex's score comes from its own search only: identical at any thread
// count. Unweighted distances are summed as integers (exact, as networkx's
// Python ints).
//
// OpenMP: schedule(dynamic, kChunk = 16) over vertices (search costs vary
// wildly between components), no more threads than chunks. Thread 0 polls
// the interrupt callback (it takes the Python GIL) every kPollWork scanned
// arcs and raises an atomic flag that makes every thread skip its remaining
// vertices; Interrupted, and any exception caught inside the region, are
// thrown after it.
//
// References
// [1] A. Bavelas. Communication patterns in task-oriented groups. JASA, 1950;
//     S. Wasserman, K. Faust. Social Network Analysis. CUP, 1994 (the
//     scaling for disconnected graphs).
// [2] P. Boldi, S. Vigna. Axioms for centrality. Internet Mathematics 10,
//     2014 (harmonic centrality).
#include "engine/centrality/closeness.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <queue>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/graph/parallel.hpp"

namespace corridor {
namespace {

constexpr std::uint32_t kUnseen = std::numeric_limits<std::uint32_t>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kChunk = 16;  // vertices handed out at a time
constexpr std::uint64_t kPollWork = std::uint64_t{1} << 22;  // arcs + vertices between interrupt polls

// What the search into u found.
struct Reach {
  double reached = 0;   // vertices other than u that reach u
  double total = 0;     // the sum of their distances to u
  double harmonic = 0;  // the sum of 1 / distance over those at distance > 0
};

void validate(const CsrGraph& g, const ClosenessParams& p, const char* who) {
  if (!p.weighted) return;
  const bool strength = p.weight_as == WeightAs::kStrength;
  const auto& w = g.out().weights;
  for (std::uint64_t i = 0; i < g.num_arcs(); ++i) {
    const bool ok = strength ? (w[i] > 0 && !std::isinf(w[i])) : (w[i] >= 0 && !std::isinf(w[i]));
    if (!ok) {
      throw std::invalid_argument(std::string(who) +
                                  (strength ? ": weight_as=kStrength needs finite positive weights; arc "
                                            : ": weighted needs finite non-negative weights; arc ") +
                                  std::to_string(i) + " weighs " + std::to_string(w[i]));
    }
  }
}

double arc_length(const ClosenessParams& p, double w) {
  return p.weight_as == WeightAs::kStrength ? 1.0 / w : w;
}

// One thread's search state: BFS depths or Dijkstra distances, all unseen
// between two searches.
class Searcher {
 public:
  Searcher(const CsrGraph& g, const ClosenessParams& p) : g_(g), p_(p), order_(g.num_vertices()) {
    if (p.weighted) {
      dist_.assign(g.num_vertices(), kInf);
    } else {
      depth_.assign(g.num_vertices(), kUnseen);
    }
  }

  // Fills `out` for the vertex u; returns the work done (vertices + arcs).
  std::uint64_t run(VertexId u, Reach& out) { return p_.weighted ? dijkstra(u, out) : bfs(u, out); }

 private:
  std::uint64_t bfs(VertexId u, Reach& out) {
    std::size_t head = 0, tail = 0;
    std::uint64_t total = 0, work = 0;
    double harmonic = 0;
    depth_[u] = 0;
    order_[tail++] = u;
    while (head < tail) {
      const VertexId v = order_[head++];
      const std::uint32_t dv = depth_[v];
      total += dv;
      if (dv > 0) harmonic += 1.0 / dv;
      const auto ws = g_.in_neighbors(v);
      work += 1 + ws.size();
      for (VertexId w : ws) {
        if (depth_[w] == kUnseen) {
          depth_[w] = dv + 1;
          order_[tail++] = w;
        }
      }
    }
    for (std::size_t i = 0; i < tail; ++i) depth_[order_[i]] = kUnseen;
    out = {static_cast<double>(tail - 1), static_cast<double>(total), harmonic};
    return work;
  }

  std::uint64_t dijkstra(VertexId u, Reach& out) {
    std::size_t touched = 0;
    std::uint64_t work = 0;
    Reach r;
    dist_[u] = 0;
    order_[touched++] = u;
    heap_.clear();
    heap_.push_back({0.0, u});
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const auto [dv, v] = heap_.back();
      heap_.pop_back();
      if (dv > dist_[v]) continue;  // a stale entry
      if (v != u) {
        r.reached += 1;
        r.total += dv;
        if (dv > 0) r.harmonic += 1.0 / dv;
      }
      const auto ws = g_.in_neighbors(v);
      const auto lens = g_.in_weights(v);
      work += 1 + ws.size();
      for (std::size_t k = 0; k < ws.size(); ++k) {
        const double nd = dv + arc_length(p_, lens[k]);
        if (nd < dist_[ws[k]]) {
          if (dist_[ws[k]] == kInf) order_[touched++] = ws[k];
          dist_[ws[k]] = nd;
          heap_.push_back({nd, ws[k]});
          std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
        }
      }
    }
    for (std::size_t i = 0; i < touched; ++i) dist_[order_[i]] = kInf;
    out = r;
    return work;
  }

  const CsrGraph& g_;
  const ClosenessParams& p_;
  std::vector<VertexId> order_;  // BFS queue / vertices touched by Dijkstra
  std::vector<std::uint32_t> depth_;
  std::vector<double> dist_;
  std::vector<std::pair<double, VertexId>> heap_;
};

std::vector<Reach> reach_all(const CsrGraph& g, const ClosenessParams& p, const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  std::vector<Reach> reach(n);
  if (n == 0) return reach;
  ctx.check_interrupt();
  detail::Stop stop;
  const int threads = static_cast<int>(std::min<std::int64_t>(ctx.thread_count(), (n + kChunk - 1) / kChunk));
#pragma omp parallel num_threads(threads)
  {
    const std::unique_ptr<Searcher> searcher = detail::make_or_fail<Searcher>(stop, g, p);
    detail::Poller poll(ctx, stop, {.work = kPollWork});
#pragma omp for schedule(dynamic, kChunk)
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
      if (stop()) continue;
      try {
        poll.after(searcher->run(static_cast<VertexId>(i), reach[i]));
      } catch (...) {
        stop.fail();
      }
    }
  }
  stop.rethrow();
  return reach;
}

double closeness_of(const Reach& r, VertexId n, bool wf_improved) {
  if (!(r.total > 0) || n <= 1) return 0.0;
  double c = r.reached / r.total;
  if (wf_improved) c *= r.reached / (n - 1.0);
  return c;
}

// The verifiers' independent path: searches from every source s along
// out-arcs, each reached vertex v != s crediting d(s, v) to v.
std::vector<Reach> reach_reference(const CsrGraph& g, const ClosenessParams& p) {
  const VertexId n = g.num_vertices();
  std::vector<Reach> reach(n);
  for (VertexId s = 0; s < n; ++s) {
    std::vector<double> dist(n, kInf);
    dist[s] = 0;
    if (!p.weighted) {
      std::queue<VertexId> q;
      q.push(s);
      while (!q.empty()) {
        const VertexId v = q.front();
        q.pop();
        for (VertexId w : g.out_neighbors(v)) {
          if (dist[w] == kInf) {
            dist[w] = dist[v] + 1;
            q.push(w);
          }
        }
      }
    } else {
      std::set<std::pair<double, VertexId>> frontier{{0.0, s}};
      while (!frontier.empty()) {
        const auto [dv, v] = *frontier.begin();
        frontier.erase(frontier.begin());
        const auto ws = g.out_neighbors(v);
        const auto lens = g.out_weights(v);
        for (std::size_t k = 0; k < ws.size(); ++k) {
          const double nd = dv + arc_length(p, lens[k]);
          if (nd < dist[ws[k]]) {
            frontier.erase({dist[ws[k]], ws[k]});
            dist[ws[k]] = nd;
            frontier.insert({nd, ws[k]});
          }
        }
      }
    }
    for (VertexId v = 0; v < n; ++v) {
      if (v == s || dist[v] == kInf) continue;
      reach[v].reached += 1;
      reach[v].total += dist[v];
      if (dist[v] > 0) reach[v].harmonic += 1.0 / dist[v];
    }
  }
  return reach;
}

}  // namespace

CentralityResult closeness(const CsrGraph& g, const ClosenessParams& params, const RunContext& ctx) {
  validate(g, params, "closeness");
  const auto reach = reach_all(g, params, ctx);
  CentralityResult r;
  r.score.resize(reach.size());
  for (std::size_t v = 0; v < reach.size(); ++v) {
    r.score[v] = closeness_of(reach[v], g.num_vertices(), params.wf_improved);
  }
  return r;
}

CentralityResult harmonic_closeness(const CsrGraph& g, const ClosenessParams& params, const RunContext& ctx) {
  validate(g, params, "harmonic_closeness");
  const auto reach = reach_all(g, params, ctx);
  CentralityResult r;
  r.score.resize(reach.size());
  for (std::size_t v = 0; v < reach.size(); ++v) r.score[v] = reach[v].harmonic;
  return r;
}

std::vector<double> closeness_reference(const CsrGraph& g, const ClosenessParams& params) {
  validate(g, params, "closeness_reference");
  const auto reach = reach_reference(g, params);
  std::vector<double> c(reach.size());
  for (std::size_t v = 0; v < reach.size(); ++v) {
    c[v] = closeness_of(reach[v], g.num_vertices(), params.wf_improved);
  }
  return c;
}

std::vector<double> harmonic_closeness_reference(const CsrGraph& g, const ClosenessParams& params) {
  validate(g, params, "harmonic_closeness_reference");
  const auto reach = reach_reference(g, params);
  std::vector<double> h(reach.size());
  for (std::size_t v = 0; v < reach.size(); ++v) h[v] = reach[v].harmonic;
  return h;
}

}  // namespace corridor

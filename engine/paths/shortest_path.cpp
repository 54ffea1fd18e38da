#include "engine/paths/shortest_path.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <string>

namespace corridor {
namespace {

constexpr VertexId kNone = std::numeric_limits<VertexId>::max();

ShortestPathResult unwind(const std::vector<VertexId>& parent, VertexId source, VertexId target,
                          double length) {
  ShortestPathResult r;
  r.length = length;
  for (VertexId v = target; v != kNone; v = (v == source) ? kNone : parent[v]) r.path.push_back(v);
  std::reverse(r.path.begin(), r.path.end());
  return r;
}

}  // namespace

ShortestPathResult shortest_path(const CsrGraph& g, VertexId source, VertexId target, bool weighted,
                                 const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  if (source >= n || target >= n) throw std::invalid_argument("shortest_path: vertex out of range");
  std::vector<VertexId> parent(n, kNone);
  if (!weighted) {
    std::vector<std::uint32_t> depth(n, std::numeric_limits<std::uint32_t>::max());
    std::queue<VertexId> q;
    depth[source] = 0;
    q.push(source);
    while (!q.empty()) {
      const VertexId u = q.front();
      q.pop();
      if (u == target) return unwind(parent, source, target, depth[u]);
      for (VertexId w : g.out_neighbors(u)) {
        if (depth[w] == std::numeric_limits<std::uint32_t>::max()) {
          depth[w] = depth[u] + 1;
          parent[w] = u;
          q.push(w);
        }
      }
    }
    return {};
  }
  const auto& adj = g.out();
  for (std::uint64_t i = 0; i < adj.weights.size(); ++i) {
    if (!(adj.weights[i] >= 0) || std::isinf(adj.weights[i])) {
      throw std::invalid_argument("shortest_path: weighted search needs finite non-negative weights; arc " +
                                  std::to_string(i) + " weighs " + std::to_string(adj.weights[i]));
    }
  }
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  using Item = std::pair<double, VertexId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  dist[source] = 0;
  heap.push({0.0, source});
  std::uint64_t settled = 0;
  while (!heap.empty()) {
    const auto [d, u] = heap.top();
    heap.pop();
    if (d > dist[u]) continue;
    if (u == target) return unwind(parent, source, target, d);
    if ((++settled & 0xFFFF) == 0) ctx.check_interrupt();
    const auto ns = g.out_neighbors(u);
    const auto ws = g.out_weights(u);
    for (std::size_t k = 0; k < ns.size(); ++k) {
      const double nd = d + ws[k];
      if (nd < dist[ns[k]]) {
        dist[ns[k]] = nd;
        parent[ns[k]] = u;
        heap.push({nd, ns[k]});
      }
    }
  }
  return {};
}

}  // namespace corridor

// connected_components: union-find (weak) and iterative Tarjan (strong);
// contract in components.hpp.
#include "engine/community/components.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <numeric>

namespace corridor {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Relabels so that component ids follow the order of smallest vertex.
std::uint32_t by_smallest_vertex(std::vector<std::uint32_t>& label) {
  std::vector<std::uint32_t> id(label.size(), kNone);
  std::uint32_t next = 0;
  for (auto& l : label) {
    if (id[l] == kNone) id[l] = next++;
    l = id[l];
  }
  return next;
}

std::vector<std::uint32_t> weak(const CsrGraph& g, const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (VertexId u = 0; u < n; ++u) {
    if ((u & 0xFFFF) == 0) ctx.check_interrupt();
    for (VertexId v : g.out_neighbors(u)) {
      const auto a = find(u), b = find(v);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);  // root = smallest vertex
    }
  }
  for (VertexId u = 0; u < n; ++u) parent[u] = find(u);
  return parent;
}

std::vector<std::uint32_t> strong(const CsrGraph& g, const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  std::vector<std::uint32_t> index(n, kNone), low(n, 0), comp(n, kNone);
  std::vector<VertexId> stack;
  std::vector<std::pair<VertexId, std::uint64_t>> call;  // (vertex, next out-arc to scan)
  std::uint32_t counter = 0;
  for (VertexId root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    if ((root & 0xFFF) == 0) ctx.check_interrupt();
    call.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    while (!call.empty()) {
      auto& [u, k] = call.back();
      const auto vs = g.out_neighbors(u);
      if (k < vs.size()) {
        const VertexId v = vs[k++];
        if (index[v] == kNone) {
          index[v] = low[v] = counter++;
          stack.push_back(v);
          call.push_back({v, 0});
        } else if (comp[v] == kNone) {
          low[u] = std::min(low[u], index[v]);
        }
        continue;
      }
      const VertexId done = u;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
      if (low[done] == index[done]) {
        VertexId w;
        do {
          w = stack.back();
          stack.pop_back();
          comp[w] = done;
        } while (w != done);
      }
    }
  }
  return comp;
}

}  // namespace

CommunityResult connected_components(const CsrGraph& g, const ComponentsParams& params, const RunContext& ctx) {
  CommunityResult r;
  r.membership = (params.strong && g.directed()) ? strong(g, ctx) : weak(g, ctx);
  r.count = by_smallest_vertex(r.membership);
  return r;
}

std::vector<std::uint32_t> connected_components_reference(const CsrGraph& g, const ComponentsParams& params) {
  const VertexId n = g.num_vertices();
  auto reach = [&](VertexId s, bool both) {
    std::vector<char> seen(n, 0);
    std::deque<VertexId> q{s};
    seen[s] = 1;
    while (!q.empty()) {
      const VertexId u = q.front();
      q.pop_front();
      auto visit = [&](VertexId v) {
        if (!seen[v]) {
          seen[v] = 1;
          q.push_back(v);
        }
      };
      for (VertexId v : g.out_neighbors(u)) visit(v);
      if (both) {
        for (VertexId v : g.in_neighbors(u)) visit(v);
      }
    }
    return seen;
  };
  std::vector<std::uint32_t> label(n, kNone);
  const bool strong_mode = params.strong && g.directed();
  std::vector<std::vector<char>> r;
  if (strong_mode) {
    for (VertexId s = 0; s < n; ++s) r.push_back(reach(s, false));
  }
  for (VertexId s = 0; s < n; ++s) {
    if (label[s] != kNone) continue;
    if (!strong_mode) {
      const auto seen = reach(s, true);
      for (VertexId v = 0; v < n; ++v) {
        if (seen[v]) label[v] = s;
      }
    } else {
      for (VertexId v = s; v < n; ++v) {
        if (r[s][v] && r[v][s]) label[v] = s;
      }
    }
  }
  by_smallest_vertex(label);
  return label;
}

}  // namespace corridor

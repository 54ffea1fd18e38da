#include "engine/graph/subgraph.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace corridor {
namespace {

constexpr VertexId kAbsent = std::numeric_limits<VertexId>::max();

std::shared_ptr<Adjacency> restrict(const Adjacency& a, const std::vector<VertexId>& vertices,
                                    const std::vector<VertexId>& local) {
  auto out = std::make_shared<Adjacency>();
  out->offsets.push_back(0);
  for (VertexId v : vertices) {
    for (EdgeOffset i = a.offsets[v]; i < a.offsets[v + 1]; ++i) {
      const VertexId w = local[a.neighbors[i]];
      if (w == kAbsent) continue;
      out->neighbors.push_back(w);  // local ids keep the global order: still sorted
      out->weights.push_back(a.weights[i]);
      out->counts.push_back(a.counts[i]);
      out->first_time.push_back(a.first_time[i]);
      out->last_time.push_back(a.last_time[i]);
    }
    out->offsets.push_back(out->neighbors.size());
  }
  return out;
}

}  // namespace

CsrGraph induced_subgraph(const CsrGraph& g, const std::vector<VertexId>& vertices) {
  if (!std::is_sorted(vertices.begin(), vertices.end()) ||
      std::adjacent_find(vertices.begin(), vertices.end()) != vertices.end()) {
    throw std::invalid_argument("induced_subgraph: vertices must be sorted and distinct");
  }
  std::vector<VertexId> local(g.num_vertices(), kAbsent);
  for (VertexId i = 0; i < vertices.size(); ++i) {
    if (vertices[i] >= g.num_vertices()) throw std::invalid_argument("induced_subgraph: vertex out of range");
    local[vertices[i]] = i;
  }
  auto out = restrict(g.out(), vertices, local);
  if (!g.directed()) {
    std::uint64_t loops = 0;
    for (VertexId v = 0; v < vertices.size(); ++v)
      for (EdgeOffset i = out->offsets[v]; i < out->offsets[v + 1]; ++i) loops += out->neighbors[i] == v;
    const std::uint64_t edges = (out->neighbors.size() + loops) / 2;
    std::shared_ptr<const Adjacency> shared = std::move(out);
    return CsrGraph(false, shared, shared, edges);
  }
  auto in = restrict(g.in(), vertices, local);
  const std::uint64_t arcs = out->neighbors.size();
  return CsrGraph(true, std::move(out), std::move(in), arcs);
}

}  // namespace corridor

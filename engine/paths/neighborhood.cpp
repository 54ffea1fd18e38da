#include "engine/paths/neighborhood.hpp"

#include <algorithm>
#include <stdexcept>

namespace corridor {

std::vector<VertexId> neighborhood(const CsrGraph& g, VertexId source, int hops,
                                   Direction direction, const RunContext& ctx) {
  if (source >= g.num_vertices()) throw std::invalid_argument("neighborhood: source out of range");
  if (hops < 0) throw std::invalid_argument("neighborhood: hops must be >= 0");
  std::vector<bool> seen(g.num_vertices(), false);
  std::vector<VertexId> reached{source}, frontier{source}, next;
  seen[source] = true;
  auto visit = [&](std::span<const VertexId> ns) {
    for (VertexId w : ns) {
      if (!seen[w]) {
        seen[w] = true;
        next.push_back(w);
        reached.push_back(w);
      }
    }
  };
  for (int h = 0; h < hops && !frontier.empty(); ++h) {
    ctx.check_interrupt();
    next.clear();
    for (VertexId u : frontier) {
      if (direction != Direction::kIn) visit(g.out_neighbors(u));
      if (direction != Direction::kOut && g.directed()) visit(g.in_neighbors(u));
    }
    frontier.swap(next);
  }
  std::sort(reached.begin(), reached.end());
  return reached;
}

}  // namespace corridor

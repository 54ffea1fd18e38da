#include "engine/centrality/degree.hpp"

namespace corridor {
namespace {

void add(const Adjacency& a, bool weighted, bool loops_twice, std::vector<double>& d) {
  for (VertexId v = 0; v + 1 < a.offsets.size(); ++v) {
    for (EdgeOffset i = a.offsets[v]; i < a.offsets[v + 1]; ++i) {
      const double x = weighted ? a.weights[i] : 1.0;
      d[v] += (loops_twice && a.neighbors[i] == v) ? 2 * x : x;
    }
  }
}

}  // namespace

std::vector<double> degree(const CsrGraph& g, const DegreeParams& p) {
  std::vector<double> d(g.num_vertices(), 0.0);
  if (g.num_vertices() == 0) return d;
  if (!g.directed()) {
    add(g.out(), p.weighted, true, d);
    return d;
  }
  if (p.direction != Direction::kIn) add(g.out(), p.weighted, false, d);
  if (p.direction != Direction::kOut) add(g.in(), p.weighted, false, d);
  return d;
}

}  // namespace corridor

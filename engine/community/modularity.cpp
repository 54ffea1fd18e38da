// modularity: one pass over the arcs summing per-community internal weight
// and degree; definition and networkx convention in modularity.hpp.
#include "engine/community/modularity.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace corridor {
namespace {

void validate(const CsrGraph& g, const std::vector<std::uint32_t>& membership, const ModularityParams& p) {
  if (membership.size() != g.num_vertices()) {
    throw std::invalid_argument("modularity: membership has " + std::to_string(membership.size()) +
                                " entries for " + std::to_string(g.num_vertices()) + " vertices");
  }
  if (!(p.resolution >= 0) || std::isinf(p.resolution)) {
    throw std::invalid_argument("modularity: resolution must be finite and non-negative, got " +
                                std::to_string(p.resolution));
  }
  if (p.weighted) {
    const auto& w = g.out().weights;
    for (std::uint64_t i = 0; i < g.num_arcs(); ++i) {
      if (!(w[i] >= 0) || std::isinf(w[i])) {
        throw std::invalid_argument("modularity: weighted needs finite non-negative weights; arc " +
                                    std::to_string(i) + " weighs " + std::to_string(w[i]));
      }
    }
  }
}

}  // namespace

double modularity(const CsrGraph& g, const std::vector<std::uint32_t>& membership, const ModularityParams& p) {
  validate(g, membership, p);
  const VertexId n = g.num_vertices();
  std::uint32_t top = 0;
  for (auto c : membership) top = std::max(top, c + 1);
  std::vector<double> inside(top, 0.0), kout(top, 0.0), kin(top, 0.0);
  double m = 0;
  for (VertexId u = 0; u < n; ++u) {
    const auto vs = g.out_neighbors(u);
    const auto ws = g.out_weights(u);
    for (std::size_t k = 0; k < vs.size(); ++k) {
      const VertexId v = vs[k];
      const double w = p.weighted ? ws[k] : 1.0;
      const bool loop = v == u;
      // Undirected: a non-loop edge is stored twice (once per end), a loop once
      // but counts twice in the degree.
      const double arc = (g.directed() || !loop) ? w : 2 * w;
      m += arc;
      kout[membership[u]] += arc;
      kin[membership[v]] += arc;
      if (membership[u] == membership[v]) inside[membership[u]] += arc;
    }
  }
  if (!g.directed()) m /= 2;
  if (m == 0) return 0.0;
  double q = 0;
  for (std::uint32_t c = 0; c < top; ++c) {
    if (g.directed()) {
      q += inside[c] / m - p.resolution * kout[c] * kin[c] / (m * m);
    } else {
      q += inside[c] / (2 * m) - p.resolution * (kout[c] / (2 * m)) * (kout[c] / (2 * m));
    }
  }
  return q;
}

double modularity_reference(const CsrGraph& g, const std::vector<std::uint32_t>& membership,
                            const ModularityParams& p) {
  validate(g, membership, p);
  const VertexId n = g.num_vertices();
  std::vector<std::vector<double>> a(n, std::vector<double>(n, 0.0));
  for (VertexId u = 0; u < n; ++u) {
    const auto vs = g.out_neighbors(u);
    const auto ws = g.out_weights(u);
    for (std::size_t k = 0; k < vs.size(); ++k) {
      const double w = p.weighted ? ws[k] : 1.0;
      a[u][vs[k]] += (!g.directed() && vs[k] == u) ? 2 * w : w;  // A_ii = 2 w for an undirected loop
    }
  }
  std::vector<double> kout(n, 0.0), kin(n, 0.0);
  double total = 0;
  for (VertexId i = 0; i < n; ++i) {
    for (VertexId j = 0; j < n; ++j) {
      kout[i] += a[i][j];
      kin[j] += a[i][j];
      total += a[i][j];
    }
  }
  if (total == 0) return 0.0;  // total = 2m undirected, m directed
  double q = 0;
  for (VertexId i = 0; i < n; ++i) {
    for (VertexId j = 0; j < n; ++j) {
      if (membership[i] == membership[j]) q += a[i][j] - p.resolution * kout[i] * kin[j] / total;
    }
  }
  return q / total;
}

}  // namespace corridor

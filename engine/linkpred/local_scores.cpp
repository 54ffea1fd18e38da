// local_scores: each pair by a merge of the two sorted neighbour lists;
// definitions and the networkx convention in local_scores.hpp.
//
// Serial per call: a pair costs O(deg(u) + deg(v)), and the callers (Python's
// score_links, the evaluation harness) score at most a few hundred thousand
// pairs. The top-k search over the whole graph is top_links.cpp.
//
// References
// [1] D. Liben-Nowell, J. Kleinberg. The link-prediction problem for social
//     networks. JASIST 58(7), 2007.
// [2] L. Lü, T. Zhou. Link prediction in weighted networks: the role of weak
//     ties. EPL 89, 18001, 2010.
#include "engine/linkpred/local_scores.hpp"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "engine/linkpred/detail/local_terms.hpp"

namespace corridor {

LinkScore parse_link_score(const std::string& method) {
  if (method == "common_neighbors") return LinkScore::kCommonNeighbors;
  if (method == "jaccard") return LinkScore::kJaccard;
  if (method == "adamic_adar") return LinkScore::kAdamicAdar;
  if (method == "resource_allocation") return LinkScore::kResourceAllocation;
  if (method == "preferential_attachment") return LinkScore::kPreferentialAttachment;
  throw std::invalid_argument("method: 'common_neighbors', 'jaccard', 'adamic_adar', 'resource_allocation' or "
                              "'preferential_attachment', not '" + method + "'");
}

void validate_link_score(const CsrGraph& g, const LinkScoreParams& p, const char* who) {
  const std::string name(who);
  if (g.directed()) {
    throw std::invalid_argument(name + ": graph must be undirected (link-prediction indices are defined on "
                                "undirected graphs; project the graph undirected first)");
  }
  if (p.weighted && p.method == LinkScore::kJaccard) {
    throw std::invalid_argument(name + ": weighted must be false for method 'jaccard' (no weighted form)");
  }
  if (p.weighted) {
    for (double w : g.out().weights) {
      if (!(w >= 0) || std::isinf(w)) {
        throw std::invalid_argument(name + ": weighted needs finite, non-negative edge weights, found " +
                                    std::to_string(w));
      }
    }
  }
}

std::vector<double> link_degrees(const CsrGraph& g, bool weighted) {
  const VertexId n = g.num_vertices();
  std::vector<double> d(n, 0.0);
  for (VertexId u = 0; u < n; ++u) {
    const auto vs = g.out_neighbors(u);
    const auto ws = g.out_weights(u);
    for (std::size_t k = 0; k < vs.size(); ++k) {
      const double x = weighted ? ws[k] : 1.0;
      d[u] += vs[k] == u ? 2 * x : x;  // a self-loop counts twice, as in networkx
    }
  }
  return d;
}

namespace {

void check_pairs(const CsrGraph& g, const std::vector<VertexId>& us, const std::vector<VertexId>& vs) {
  if (us.size() != vs.size()) {
    throw std::invalid_argument("pairs: " + std::to_string(us.size()) + " first ends for " +
                                std::to_string(vs.size()) + " second ends");
  }
  const VertexId n = g.num_vertices();
  for (std::size_t i = 0; i < us.size(); ++i) {
    if (us[i] >= n || vs[i] >= n) {
      throw std::invalid_argument("pairs: pair " + std::to_string(i) + " names a vertex out of range (graph has " +
                                  std::to_string(n) + " vertices)");
    }
  }
}

}  // namespace

std::vector<double> score_links(const CsrGraph& g, const std::vector<VertexId>& us, const std::vector<VertexId>& vs,
                                const LinkScoreParams& p) {
  validate_link_score(g, p, "score_links");
  check_pairs(g, us, vs);
  const std::vector<double> deg = link_degrees(g, p.weighted);
  std::vector<double> out(us.size());
  for (std::size_t i = 0; i < us.size(); ++i) {
    const VertexId u = us[i], v = vs[i];
    if (p.method == LinkScore::kPreferentialAttachment) {
      out[i] = deg[u] * deg[v];
      continue;
    }
    const auto a = g.out_neighbors(u), b = g.out_neighbors(v);
    const auto wa = g.out_weights(u), wb = g.out_weights(v);
    double s = 0;
    std::size_t common = 0, x = 0, y = 0;  // common: |N(u) ∩ N(v)| including u, v
    while (x < a.size() && y < b.size()) {
      if (a[x] < b[y]) {
        ++x;
      } else if (b[y] < a[x]) {
        ++y;
      } else {
        const VertexId z = a[x];
        ++common;
        if (z != u && z != v) s += detail::link_term(p.method, p.weighted, deg[z], wa[x], wb[y]);
        ++x;
        ++y;
      }
    }
    if (p.method == LinkScore::kJaccard) {
      const std::size_t uni = a.size() + b.size() - common;
      out[i] = uni == 0 ? 0.0 : s / static_cast<double>(uni);
    } else {
      out[i] = s;
    }
  }
  return out;
}

std::vector<double> score_links_reference(const CsrGraph& g, const std::vector<VertexId>& us,
                                          const std::vector<VertexId>& vs, const LinkScoreParams& p) {
  validate_link_score(g, p, "score_links");
  check_pairs(g, us, vs);
  const VertexId n = g.num_vertices();
  std::vector<std::map<VertexId, double>> nb(n);  // neighbour -> weight
  std::vector<double> deg(n, 0.0);
  for (VertexId u = 0; u < n; ++u) {
    const auto xs = g.out_neighbors(u);
    const auto ws = g.out_weights(u);
    for (std::size_t k = 0; k < xs.size(); ++k) {
      nb[u][xs[k]] = ws[k];
      const double w = p.weighted ? ws[k] : 1.0;
      deg[u] += xs[k] == u ? 2 * w : w;
    }
  }
  std::vector<double> out;
  for (std::size_t i = 0; i < us.size(); ++i) {
    const VertexId u = us[i], v = vs[i];
    std::set<VertexId> common, uni;
    for (const auto& [z, w] : nb[u]) {
      uni.insert(z);
      if (nb[v].count(z) && z != u && z != v) common.insert(z);
    }
    for (const auto& [z, w] : nb[v]) uni.insert(z);
    double s = 0;
    for (VertexId z : common) {
      const double w = nb[u][z] + nb[v][z];
      switch (p.method) {
        case LinkScore::kCommonNeighbors: s += p.weighted ? w : 1.0; break;
        case LinkScore::kJaccard: s += 1.0; break;
        case LinkScore::kAdamicAdar:
          s += p.weighted ? (deg[z] > 0 ? w / std::log1p(deg[z]) : 0.0) : 1.0 / std::log(deg[z]);
          break;
        case LinkScore::kResourceAllocation: s += deg[z] > 0 ? (p.weighted ? w : 1.0) / deg[z] : 0.0; break;
        default: break;
      }
    }
    if (p.method == LinkScore::kPreferentialAttachment) s = deg[u] * deg[v];
    if (p.method == LinkScore::kJaccard) s = uni.empty() ? 0.0 : s / static_cast<double>(uni.size());
    out.push_back(s);
  }
  return out;
}

}  // namespace corridor

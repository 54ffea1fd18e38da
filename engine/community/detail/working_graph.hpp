// The weighted undirected graph Louvain and Leiden work on: level 0 is the
// input (a directed graph symmetrised: w(u, v) + w(v, u)), each further level
// the aggregate of the previous one by a partition. Internal to
// engine/community.
//
// Every vertex carries a self-loop weight `loop` (edge weight inside it,
// counted once), a strength k = sum of incident edge weights + 2 * loop, and
// a size (number of input vertices it stands for). Neighbour lists exclude
// the vertex itself.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/graph/csr_graph.hpp"

namespace corridor::detail {

struct WorkingGraph {
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> nbr;
  std::vector<double> w;
  std::vector<double> loop, strength, size;
  double total = 0;  // m: total edge weight (loops once)

  std::uint32_t n() const { return static_cast<std::uint32_t>(loop.size()); }
};

inline void check_weights(const CsrGraph& g, const char* who) {
  const auto& w = g.out().weights;
  for (std::uint64_t i = 0; i < g.num_arcs(); ++i) {
    if (!(w[i] >= 0) || std::isinf(w[i])) {
      throw std::invalid_argument(std::string(who) + ": weighted needs finite non-negative weights; arc " +
                                  std::to_string(i) + " weighs " + std::to_string(w[i]));
    }
  }
}

// Level 0. Neighbour lists stay sorted (merge of out- and in-lists when directed).
inline WorkingGraph working_graph(const CsrGraph& g, bool weighted) {
  WorkingGraph h;
  const VertexId n = g.num_vertices();
  h.loop.assign(n, 0.0);
  h.strength.assign(n, 0.0);
  h.size.assign(n, 1.0);
  for (VertexId u = 0; u < n; ++u) {
    auto add = [&](VertexId v, double wt) {
      if (v == u) {
        h.loop[u] += wt;
        return;
      }
      if (h.nbr.size() > h.offsets.back() && h.nbr.back() == v) {
        h.w.back() += wt;
      } else {
        h.nbr.push_back(v);
        h.w.push_back(wt);
      }
    };
    const auto os = g.out_neighbors(u);
    const auto ow = g.out_weights(u);
    if (!g.directed()) {
      for (std::size_t k = 0; k < os.size(); ++k) add(os[k], weighted ? ow[k] : 1.0);
    } else {
      const auto is = g.in_neighbors(u);
      const auto iw = g.in_weights(u);
      std::size_t a = 0, b = 0;
      while (a < os.size() || b < is.size()) {
        if (b == is.size() || (a < os.size() && os[a] <= is[b])) {
          add(os[a], weighted ? ow[a] : 1.0);
          ++a;
        } else {
          // an in-arc v -> u; a loop u -> u is already in the out-list
          if (is[b] != u) add(is[b], weighted ? iw[b] : 1.0);
          ++b;
        }
      }
    }
    h.offsets.push_back(h.nbr.size());
  }
  for (VertexId u = 0; u < n; ++u) {
    double s = 2 * h.loop[u];
    for (auto k = h.offsets[u]; k < h.offsets[u + 1]; ++k) s += h.w[k];
    h.strength[u] = s;
    h.total += s;
  }
  h.total /= 2;
  return h;
}

// The aggregate of h by `part` (ids 0 .. count - 1): one vertex per part.
// Members are grouped by a counting sort; each part's neighbour weights
// accumulate in a dense array (a touched list, no map); a neighbour list is
// in first-touch order (members ascending, each member's arcs in order), not
// sorted: sorting cost Leiden a tenth of its time on 1M-edge R-MAT, where
// refined parts are small and rows long, and no caller needs the order. Parts are
// split into chunks built by `threads` threads (each part's row summed by one
// thread in member order, rows joined in part order): the same bits at any
// thread count.
inline WorkingGraph aggregate(const WorkingGraph& h, const std::vector<std::uint32_t>& part, std::uint32_t count,
                              int threads = 1) {
  WorkingGraph a;
  a.loop.assign(count, 0.0);
  a.strength.assign(count, 0.0);
  a.size.assign(count, 0.0);
  a.total = h.total;
  std::vector<std::uint32_t> start(std::size_t{count} + 1, 0), members(h.n());
  for (std::uint32_t v = 0; v < h.n(); ++v) {
    ++start[part[v] + 1];
    a.loop[part[v]] += h.loop[v];
    a.strength[part[v]] += h.strength[v];
    a.size[part[v]] += h.size[v];
  }
  for (std::uint32_t c = 0; c < count; ++c) start[c + 1] += start[c];
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::uint32_t v = 0; v < h.n(); ++v) members[fill[part[v]]++] = v;  // ascending within a part
  }
  // Small graphs stay on one thread (a team costs more than the work).
  const int team = h.nbr.size() < (std::size_t{1} << 17) ? 1 : std::max(1, threads);
  const std::uint32_t chunks = team == 1 ? 1 : std::min<std::uint32_t>(count, 64u * static_cast<std::uint32_t>(team));
  std::vector<std::vector<std::uint32_t>> cnbr(chunks);
  std::vector<std::vector<double>> cw(chunks);
  std::vector<std::uint64_t> row(count, 0);
#pragma omp parallel num_threads(team)
  {
    std::vector<double> acc(count, 0.0);
    std::vector<std::uint32_t> touched, mark(count, UINT32_MAX);
#pragma omp for schedule(dynamic, 1)
    for (std::uint32_t ch = 0; ch < chunks; ++ch) {
      const auto c0 = static_cast<std::uint32_t>(std::uint64_t{count} * ch / chunks);
      const auto c1 = static_cast<std::uint32_t>(std::uint64_t{count} * (ch + 1) / chunks);
      auto& nbr = cnbr[ch];
      auto& w = cw[ch];
      std::uint64_t bound = 0;  // the members' arcs: no regrowth (copies, page faults) while rows are appended
      for (auto i = start[c0]; i < start[c1]; ++i) bound += h.offsets[members[i] + 1] - h.offsets[members[i]];
      nbr.reserve(bound);
      w.reserve(bound);
      for (std::uint32_t c = c0; c < c1; ++c) {
        touched.clear();
        for (auto i = start[c]; i < start[c + 1]; ++i) {
          const auto v = members[i];
          for (auto k = h.offsets[v]; k < h.offsets[v + 1]; ++k) {
            const auto d = part[h.nbr[k]];
            if (d == c) {
              a.loop[c] += h.w[k] / 2;  // each inside edge is seen from both ends
              continue;
            }
            if (mark[d] != c) {
              mark[d] = c;
              touched.push_back(d);
            }
            acc[d] += h.w[k];
          }
        }
        for (auto d : touched) {
          nbr.push_back(d);
          w.push_back(acc[d]);
          acc[d] = 0;
        }
        row[c] = touched.size();
      }
    }
  }
  a.offsets.resize(std::size_t{count} + 1);
  a.offsets[0] = 0;
  for (std::uint32_t c = 0; c < count; ++c) a.offsets[c + 1] = a.offsets[c] + row[c];
  if (chunks == 1) {
    a.nbr = std::move(cnbr[0]);
    a.w = std::move(cw[0]);
    return a;
  }
  a.nbr.resize(a.offsets[count]);
  a.w.resize(a.offsets[count]);
#pragma omp parallel for num_threads(team) schedule(static)
  for (std::uint32_t ch = 0; ch < chunks; ++ch) {
    const auto at = a.offsets[std::uint64_t{count} * ch / chunks];
    std::copy(cnbr[ch].begin(), cnbr[ch].end(), a.nbr.begin() + static_cast<std::ptrdiff_t>(at));
    std::copy(cw[ch].begin(), cw[ch].end(), a.w.begin() + static_cast<std::ptrdiff_t>(at));
  }
  return a;
}

// Objective: quality gain of putting vertex v (weight to C: wvc) into a
// community C whose mass without v is mass_c is  wvc - gamma * mass_v * mass_c * scale,
// where mass = strength and scale = 1 / (2m) for modularity, mass = size and
// scale = 1 for the Constant Potts Model.
struct Objective {
  bool cpm = false;
  double gamma = 1.0;
  double scale = 1.0;
  double mass(const WorkingGraph& h, std::uint32_t v) const { return cpm ? h.size[v] : h.strength[v]; }
  double gain(double wvc, double mass_v, double mass_c) const { return wvc - gamma * mass_v * mass_c * scale; }
};

// Modularity (or CPM) of a partition of the level-0 graph h.
inline double quality(const WorkingGraph& h, const std::vector<std::uint32_t>& part, const Objective& obj) {
  std::uint32_t top = 0;
  for (auto c : part) top = std::max(top, c + 1);
  std::vector<double> inside(top, 0.0), mass(top, 0.0);
  for (std::uint32_t v = 0; v < h.n(); ++v) {
    inside[part[v]] += h.loop[v];
    mass[part[v]] += obj.mass(h, v);
    for (auto k = h.offsets[v]; k < h.offsets[v + 1]; ++k) {
      if (part[h.nbr[k]] == part[v]) inside[part[v]] += h.w[k] / 2;
    }
  }
  double q = 0;
  if (obj.cpm) {
    // leidenalg's CPMVertexPartition: sum_c [ e_c - gamma * n_c (n_c - 1) / 2 ]
    for (std::uint32_t c = 0; c < top; ++c) q += inside[c] - obj.gamma * mass[c] * (mass[c] - 1) / 2;
    return q;
  }
  if (h.total == 0) return 0.0;
  for (std::uint32_t c = 0; c < top; ++c) {
    q += inside[c] / h.total - obj.gamma * (mass[c] / (2 * h.total)) * (mass[c] / (2 * h.total));
  }
  return q;
}

}  // namespace corridor::detail

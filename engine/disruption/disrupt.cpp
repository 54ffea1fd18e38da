#include "engine/disruption/disrupt.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>

#include "engine/centrality/approx_betweenness.hpp"
#include "engine/centrality/betweenness.hpp"
#include "engine/centrality/degree.hpp"
#include "engine/centrality/katz.hpp"
#include "engine/centrality/kcore.hpp"
#include "engine/centrality/pagerank.hpp"
#include "engine/disruption/piecewise_betweenness.hpp"
#include "engine/graph/subgraph.hpp"

namespace corridor {

namespace {

bool tied(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)); }

// Scores of the remaining vertices (index = position in `alive`).
std::vector<double> scores(const CsrGraph& g, const std::vector<std::uint8_t>& removed,
                           const std::vector<VertexId>& alive, const DisruptParams& p, std::uint64_t step,
                           const RunContext& ctx) {
  if (p.strategy == DisruptStrategy::kCollectiveInfluence) {
    const auto ci = collective_influence(g, removed, p.ci_radius, p.weighted);
    std::vector<double> out(alive.size());
    for (std::size_t i = 0; i < alive.size(); ++i) out[i] = ci[alive[i]];
    return out;
  }
  const CsrGraph sub = induced_subgraph(g, alive);
  switch (p.strategy) {
    case DisruptStrategy::kDegree:
      return degree(sub, {.weighted = false});
    case DisruptStrategy::kStrength:
      return degree(sub, {.weighted = true});
    case DisruptStrategy::kBetweenness:
      if (p.approx_epsilon > 0) {
        RunContext c = ctx;
        c.seed = ctx.seed + step;
        return approx_betweenness(sub, {.epsilon = p.approx_epsilon, .delta = 0.1, .weighted = p.weighted,
                                        .weight_as = p.weight_as}, c)
            .score;
      }
      return betweenness(sub, {.weighted = p.weighted, .weight_as = p.weight_as}, serial_if_small(sub, ctx))
          .score;
    case DisruptStrategy::kPageRank:
      return pagerank(sub, {.weighted = p.weighted}, ctx).score;
    case DisruptStrategy::kKatz:
      return katz_centrality(sub, {.alpha = p.katz_alpha, .weighted = p.weighted, .exact = true}, ctx).score;
    case DisruptStrategy::kKCore:
      return core_number(sub, ctx).score;
    default:
      return {};
  }
}

}  // namespace

std::vector<double> collective_influence(const CsrGraph& g, const std::vector<std::uint8_t>& removed, int radius,
                                         bool weighted) {
  const VertexId n = g.num_vertices();
  auto gone = [&](VertexId v) { return !removed.empty() && removed[v]; };
  auto each = [&](VertexId v, auto&& f) {
    auto nb = g.out_neighbors(v);
    auto w = g.out_weights(v);
    for (std::size_t i = 0; i < nb.size(); ++i) f(nb[i], w[i]);
    if (g.directed()) {
      auto ib = g.in_neighbors(v);
      auto iw = g.in_weights(v);
      for (std::size_t i = 0; i < ib.size(); ++i) f(ib[i], iw[i]);
    }
  };
  std::vector<double> k(n, 0.0);
  for (VertexId v = 0; v < n; ++v) {
    if (gone(v)) continue;
    each(v, [&](VertexId u, double w) {
      if (!gone(u)) k[v] += (u == v ? 2.0 : 1.0) * (weighted ? w : 1.0);  // networkx: a loop counts twice
    });
  }
  std::vector<double> ci(n, 0.0);
  std::vector<int> dist(n, -1);
  std::vector<VertexId> q;
  for (VertexId s = 0; s < n; ++s) {
    if (gone(s)) continue;
    q.assign(1, s);
    dist[s] = 0;
    double frontier = 0;
    for (std::size_t head = 0; head < q.size(); ++head) {
      const VertexId v = q[head];
      if (dist[v] == radius) {
        frontier += k[v] - 1;
        continue;
      }
      each(v, [&](VertexId u, double) {
        if (dist[u] < 0 && !gone(u)) {
          dist[u] = dist[v] + 1;
          q.push_back(u);
        }
      });
    }
    for (VertexId v : q) dist[v] = -1;
    ci[s] = (k[s] - 1) * frontier;
  }
  return ci;
}

DisruptResult disrupt(const CsrGraph& g, const DisruptParams& p, const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  if (p.block_size < 1) throw std::invalid_argument("block_size: must be at least 1");
  if (!(p.approx_epsilon >= 0 && p.approx_epsilon < 1))
    throw std::invalid_argument("approx_epsilon: must lie in [0, 1)");
  if (p.incremental && p.approx_epsilon > 0)
    throw std::invalid_argument("incremental: exact only, cannot be combined with approx_epsilon > 0");
  if (p.ci_radius < 1) throw std::invalid_argument("ci_radius: must be at least 1");
  if (!(p.katz_alpha > 0) || !std::isfinite(p.katz_alpha))
    throw std::invalid_argument("katz_alpha: must be positive and finite");
  if (!p.tie_rank.empty() && p.tie_rank.size() != n)
    throw std::invalid_argument("tie_rank: one rank per vertex expected");
  for (VertexId v : p.order)
    if (v >= n) throw std::invalid_argument("order: a vertex id out of range");

  std::vector<std::uint64_t> rank = p.tie_rank;
  if (rank.empty()) {
    rank.resize(n);
    std::iota(rank.begin(), rank.end(), std::uint64_t{0});
  }
  // kRandom: one seeded permutation; ranks by position make it a kList.
  std::vector<VertexId> order = p.order;
  if (p.strategy == DisruptStrategy::kRandom) {
    order.resize(n);
    std::iota(order.begin(), order.end(), VertexId{0});
    std::mt19937_64 rng(ctx.seed);
    for (VertexId i = n; i > 1; --i) {
      std::uniform_int_distribution<VertexId> pick(0, i - 1);
      std::swap(order[i - 1], order[pick(rng)]);
    }
  }
  const bool listed = p.strategy == DisruptStrategy::kList || p.strategy == DisruptStrategy::kRandom;

  // Incremental exact betweenness: scores and states from the piecewise
  // structure.
  std::optional<PiecewiseBetweenness> piecewise;
  if (p.incremental && p.strategy == DisruptStrategy::kBetweenness)
    piecewise.emplace(g, BetweennessParams{.weighted = p.weighted, .weight_as = p.weight_as});
  auto state = [&](const std::vector<std::uint8_t>& removed, const RunContext& c) {
    return piecewise ? piecewise->state(p.state, c) : network_state(g, removed, p.state, c);
  };

  std::vector<std::uint8_t> removed(n, 0);
  DisruptResult res;
  res.removed.emplace_back();
  res.states.push_back(state(removed, ctx));
  std::uint64_t remaining = n;
  std::size_t cursor = 0;  // next position in `order`
  for (std::uint64_t step = 1; step <= p.steps; ++step) {
    ctx.check_interrupt();
    if (remaining <= p.min_remaining || remaining == 0) break;
    const std::uint64_t take = std::min<std::uint64_t>(p.block ? p.block_size : 1, remaining - p.min_remaining);
    std::vector<VertexId> chosen;
    if (listed) {
      while (chosen.size() < take && cursor < order.size()) {
        const VertexId v = order[cursor++];
        if (!removed[v] && std::find(chosen.begin(), chosen.end(), v) == chosen.end()) chosen.push_back(v);
      }
    } else {
      std::vector<VertexId> alive;
      alive.reserve(remaining);
      for (VertexId v = 0; v < n; ++v)
        if (!removed[v]) alive.push_back(v);
      std::vector<double> sc;
      if (piecewise) {
        const auto& all = piecewise->scores(ctx);
        sc.resize(alive.size());
        for (std::size_t i = 0; i < alive.size(); ++i) sc[i] = all[alive[i]];
      } else {
        sc = scores(g, removed, alive, p, step, ctx);
      }
      std::vector<std::uint8_t> taken(alive.size(), 0);
      for (std::uint64_t j = 0; j < take; ++j) {
        double best = -std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < alive.size(); ++i)
          if (!taken[i] && sc[i] > best) best = sc[i];
        std::size_t pick = alive.size();
        for (std::size_t i = 0; i < alive.size(); ++i)
          if (!taken[i] && (sc[i] == best || tied(sc[i], best)) &&
              (pick == alive.size() || rank[alive[i]] < rank[alive[pick]]))
            pick = i;
        if (pick == alive.size()) break;
        taken[pick] = 1;
        chosen.push_back(alive[pick]);
      }
    }
    if (chosen.empty()) break;
    for (VertexId v : chosen) removed[v] = 1;
    if (piecewise) piecewise->remove(chosen);
    remaining -= chosen.size();
    RunContext c = ctx;
    c.seed = ctx.seed + step;
    res.states.push_back(state(removed, c));
    res.removed.push_back(std::move(chosen));
  }
  return res;
}

}  // namespace corridor

// pagerank: pull-direction power iteration; definition and networkx
// convention in pagerank.hpp.
//
// Approach [1, 2]: each iteration first divides every vertex's rank by its
// out-weight (its "contribution"; 0 for a dangling vertex, whose rank is
// summed instead), then every vertex pulls the contributions of its
// in-neighbours. Pulling means each new score is written by one thread only:
// no atomics. The two sums an iteration needs (dangling rank, L1 change) are
// taken per block of kBlock vertices and the block sums added in block order,
// so the result is bit-for-bit the same at any thread count.
//
// OpenMP: schedule(static) over blocks for the O(n) contribution pass,
// schedule(dynamic, 1) over blocks for the pull (in-degrees are skewed).
// Interrupts are polled between iterations, outside the parallel region.
//
// References
// [1] L. Page, S. Brin, R. Motwani, T. Winograd. The PageRank citation
//     ranking: bringing order to the web. Stanford InfoLab, 1999.
// [2] S. Beamer, K. Asanovic, D. Patterson. The GAP Benchmark Suite.
//     arXiv:1508.03619, 2015 (src/pr.cc: pull direction, contributions).
#include "engine/centrality/pagerank.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/centrality/detail/power_iteration.hpp"

namespace corridor {
namespace {

using detail::kBlock;

void validate(const CsrGraph& g, const PageRankParams& p) {
  if (!(p.damping >= 0 && p.damping < 1)) {
    throw std::invalid_argument("pagerank: damping must be in [0, 1), got " + std::to_string(p.damping));
  }
  if (!(p.tol > 0) || std::isinf(p.tol)) {
    throw std::invalid_argument("pagerank: tol must be positive and finite, got " + std::to_string(p.tol));
  }
  if (p.max_iter < 1) {
    throw std::invalid_argument("pagerank: max_iter must be at least 1, got " + std::to_string(p.max_iter));
  }
  const VertexId n = g.num_vertices();
  if (!p.personalization_weights.empty() && p.personalization_weights.size() != p.personalization.size()) {
    throw std::invalid_argument("pagerank: personalization_weights has " +
                                std::to_string(p.personalization_weights.size()) + " entries for " +
                                std::to_string(p.personalization.size()) + " personalization vertices");
  }
  double total = 0;
  for (std::size_t i = 0; i < p.personalization.size(); ++i) {
    if (p.personalization[i] >= n) {
      throw std::invalid_argument("pagerank: personalization vertex " + std::to_string(p.personalization[i]) +
                                  " is out of range (graph has " + std::to_string(n) + " vertices)");
    }
    if (!p.personalization_weights.empty()) {
      const double w = p.personalization_weights[i];
      if (!(w >= 0) || std::isinf(w)) {
        throw std::invalid_argument("pagerank: personalization_weights[" + std::to_string(i) +
                                    "] must be finite and non-negative, got " + std::to_string(w));
      }
      total += w;
    }
  }
  if (!p.personalization.empty() && !p.personalization_weights.empty() && !(total > 0)) {
    throw std::invalid_argument("pagerank: personalization_weights sum to 0");
  }
  if (p.weighted) detail::check_nonnegative_weights(g, "pagerank");
}

// The teleport distribution p (also where dangling rank goes).
std::vector<double> teleport(VertexId n, const PageRankParams& p) {
  if (p.personalization.empty()) return std::vector<double>(n, 1.0 / n);
  std::vector<double> t(n, 0.0);
  for (std::size_t i = 0; i < p.personalization.size(); ++i) {
    t[p.personalization[i]] += p.personalization_weights.empty() ? 1.0 : p.personalization_weights[i];
  }
  double total = 0;
  for (double x : t) total += x;
  for (double& x : t) x /= total;
  return t;
}

}  // namespace

CentralityResult pagerank(const CsrGraph& g, const PageRankParams& params, const RunContext& ctx) {
  validate(g, params);
  CentralityResult r;
  const VertexId n = g.num_vertices();
  if (n == 0) return r;
  const double d = params.damping;
  const bool weighted = params.weighted;
  const std::vector<double> tele = teleport(n, params);
  const std::int64_t blocks = detail::block_count(n);
  const int threads = detail::block_threads(ctx, blocks);

  // 1 / out-weight, and which vertices are dangling (out-weight exactly 0).
  std::vector<double> inv_out(n);
  std::vector<std::uint8_t> dangling(n);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t b = 0; b < blocks; ++b) {
    const VertexId hi = static_cast<VertexId>(std::min<std::int64_t>(n, (b + 1) * kBlock));
    for (VertexId u = static_cast<VertexId>(b * kBlock); u < hi; ++u) {
      double s = 0;
      if (weighted) {
        for (double w : g.out_weights(u)) s += w;
      } else {
        s = static_cast<double>(g.out_degree(u));
      }
      dangling[u] = s == 0;
      inv_out[u] = s == 0 ? 0.0 : 1.0 / s;
    }
  }

  std::vector<double> x(n, 1.0 / n), next(n), contrib(n), part(blocks);
  for (int it = 1; it <= params.max_iter; ++it) {
    ctx.check_interrupt();
    double dangling_sum = 0;
#pragma omp parallel num_threads(threads)
    {
#pragma omp for schedule(static)
      for (std::int64_t b = 0; b < blocks; ++b) {
        const VertexId hi = static_cast<VertexId>(std::min<std::int64_t>(n, (b + 1) * kBlock));
        double s = 0;
        for (VertexId u = static_cast<VertexId>(b * kBlock); u < hi; ++u) {
          contrib[u] = x[u] * inv_out[u];
          if (dangling[u]) s += x[u];
        }
        part[b] = s;
      }
#pragma omp single
      dangling_sum = detail::sum_blocks(part);
      // (the single's implicit barrier publishes dangling_sum and contrib)
#pragma omp for schedule(dynamic, 1)
      for (std::int64_t b = 0; b < blocks; ++b) {
        const VertexId hi = static_cast<VertexId>(std::min<std::int64_t>(n, (b + 1) * kBlock));
        double change = 0;
        for (VertexId v = static_cast<VertexId>(b * kBlock); v < hi; ++v) {
          const auto us = g.in_neighbors(v);
          double pulled = 0;
          if (weighted) {
            const auto ws = g.in_weights(v);
            for (std::size_t k = 0; k < us.size(); ++k) pulled += ws[k] * contrib[us[k]];
          } else {
            for (VertexId u : us) pulled += contrib[u];
          }
          next[v] = d * (pulled + dangling_sum * tele[v]) + (1 - d) * tele[v];
          change += std::abs(next[v] - x[v]);
        }
        part[b] = change;
      }
    }
    x.swap(next);
    if (detail::record_iteration(r, it, part, static_cast<double>(n), params.tol)) break;
  }
  r.score = std::move(x);
  return r;
}

std::vector<double> pagerank_reference(const CsrGraph& g, const PageRankParams& params) {
  validate(g, params);
  const VertexId n = g.num_vertices();
  if (n == 0) return {};
  const double d = params.damping;
  auto weight = [&](VertexId u, std::size_t k) { return params.weighted ? g.out_weights(u)[k] : 1.0; };

  std::vector<double> p(n, params.personalization.empty() ? 1.0 / n : 0.0);
  if (!params.personalization.empty()) {
    double total = 0;
    for (std::size_t i = 0; i < params.personalization.size(); ++i) {
      const double w = params.personalization_weights.empty() ? 1.0 : params.personalization_weights[i];
      p[params.personalization[i]] += w;
      total += w;
    }
    for (double& x : p) x /= total;
  }
  std::vector<double> out_weight(n, 0.0);
  for (VertexId u = 0; u < n; ++u) {
    for (std::size_t k = 0; k < g.out_degree(u); ++k) out_weight[u] += weight(u, k);
  }

  std::vector<double> x(n, 1.0 / n);
  for (int it = 0; it < params.max_iter; ++it) {
    std::vector<double> next(n, 0.0);
    double dangling = 0;
    for (VertexId u = 0; u < n; ++u) {
      if (out_weight[u] == 0) dangling += x[u];
    }
    for (VertexId u = 0; u < n; ++u) {
      if (out_weight[u] == 0) continue;  // dangling: its arcs (if any) weigh 0 and carry nothing
      const auto vs = g.out_neighbors(u);
      for (std::size_t k = 0; k < vs.size(); ++k) next[vs[k]] += d * x[u] * weight(u, k) / out_weight[u];
    }
    double err = 0;
    for (VertexId v = 0; v < n; ++v) {
      next[v] += d * dangling * p[v] + (1 - d) * p[v];
      err += std::abs(next[v] - x[v]);
    }
    x = std::move(next);
    if (err < n * params.tol) break;
  }
  return x;
}

}  // namespace corridor

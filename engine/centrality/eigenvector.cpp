// eigenvector_centrality: power iteration on A^T + I held as an Eigen
// row-major sparse matrix; definition and networkx convention in
// eigenvector.hpp.
//
// Approach [1, 2]: row v of A^T + I lists v's in-arcs (pull direction, so
// each entry of the product is written by one thread, no atomics) plus 1 on
// the diagonal — the shift that networkx applies so that the iteration also
// converges on bipartite graphs, whose spectrum is symmetric. The product
// runs in fixed blocks of kBlock rows; the norm and the L1 change are summed
// per block and the block sums added in block order, so the result is
// bit-for-bit the same at any thread count. The norm is scaled by the
// largest entry first (as math.hypot does) so that it cannot overflow.
//
// OpenMP: schedule(dynamic, 1) over row blocks for the product (in-degrees
// are skewed), schedule(static) for the O(n) passes. Interrupts are polled
// between iterations, outside the parallel regions.
// Eigen's own OpenMP loop in a block's product is nested inside ours, so it
// runs on one thread (nested parallelism is off by default); either way each
// row is one thread's dot product.
//
// References
// [1] P. Bonacich. Factoring and weighting approaches to status scores and
//     clique identification. J. Math. Sociology 2, 1972.
// [2] M. Newman. Networks: An Introduction. OUP, 2010, sec. 7.2.
#include "engine/centrality/eigenvector.hpp"

#include <Eigen/Sparse>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/centrality/detail/power_iteration.hpp"

namespace corridor {
namespace {

using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;
using detail::kBlock;

void validate(const CsrGraph& g, const EigenvectorParams& p, const char* who) {
  if (g.num_vertices() == 0) {
    throw std::invalid_argument(std::string(who) + ": the graph has no vertices (no eigenvector to compute)");
  }
  if (!(p.tol > 0) || std::isinf(p.tol)) {
    throw std::invalid_argument(std::string(who) + ": tol must be positive and finite, got " +
                                std::to_string(p.tol));
  }
  if (p.max_iter < 1) {
    throw std::invalid_argument(std::string(who) + ": max_iter must be at least 1, got " +
                                std::to_string(p.max_iter));
  }
  if (p.weighted) detail::check_nonnegative_weights(g, who);
}

// A^T + I: row v holds the in-arcs u -> v (their weight, or 1) and 1 more on
// the diagonal. Neighbour lists are sorted, so entries go in in order.
Matrix transpose_plus_identity(const CsrGraph& g, bool weighted) {
  const VertexId n = g.num_vertices();
  Matrix m(n, n);
  m.reserve(static_cast<Eigen::Index>(g.num_arcs() + n));
  for (VertexId v = 0; v < n; ++v) {
    m.startVec(v);
    const auto us = g.in_neighbors(v);
    const auto ws = g.in_weights(v);
    bool diagonal = false;
    for (std::size_t k = 0; k < us.size(); ++k) {
      const double w = weighted ? ws[k] : 1.0;
      if (!diagonal && us[k] >= v) {
        diagonal = true;
        if (us[k] == v) {
          m.insertBack(v, v) = 1.0 + w;
          continue;
        }
        m.insertBack(v, v) = 1.0;
      }
      m.insertBack(v, us[k]) = w;
    }
    if (!diagonal) m.insertBack(v, v) = 1.0;
  }
  m.finalize();
  return m;
}

}  // namespace

CentralityResult eigenvector_centrality(const CsrGraph& g, const EigenvectorParams& params,
                                        const RunContext& ctx) {
  validate(g, params, "eigenvector_centrality");
  const Eigen::Index n = g.num_vertices();
  const Matrix m = transpose_plus_identity(g, params.weighted);
  const std::int64_t blocks = detail::block_count(n);
  const int threads = detail::block_threads(ctx, blocks);
  auto lo = [](std::int64_t b) { return b * kBlock; };
  auto len = [n](std::int64_t b) { return std::min(kBlock, n - b * kBlock); };

  Eigen::VectorXd x = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
  Eigen::VectorXd y(n);
  std::vector<double> part(blocks);
  CentralityResult r;
  for (int it = 1; it <= params.max_iter; ++it) {
    ctx.check_interrupt();
    // y = (A^T + I) x, and the largest |y| per block.
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (std::int64_t b = 0; b < blocks; ++b) {
      y.segment(lo(b), len(b)).noalias() = m.middleRows(lo(b), len(b)) * x;
      double top = 0;
      for (Eigen::Index i = lo(b); i < lo(b) + len(b); ++i) top = std::max(top, std::abs(y[i]));
      part[b] = top;
    }
    double scale = 0;
    for (std::int64_t b = 0; b < blocks; ++b) scale = std::max(scale, part[b]);
    double norm = 1;
    if (scale > 0) {
#pragma omp parallel for schedule(static) num_threads(threads)
      for (std::int64_t b = 0; b < blocks; ++b) {
        double s = 0;
        for (Eigen::Index i = lo(b); i < lo(b) + len(b); ++i) s += (y[i] / scale) * (y[i] / scale);
        part[b] = s;
      }
      norm = scale * std::sqrt(detail::sum_blocks(part));
    }
    // Normalise, and the L1 change per block.
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::int64_t b = 0; b < blocks; ++b) {
      double change = 0;
      for (Eigen::Index i = lo(b); i < lo(b) + len(b); ++i) {
        y[i] /= norm;
        change += std::abs(y[i] - x[i]);
      }
      part[b] = change;
    }
    x.swap(y);
    if (detail::record_iteration(r, it, part, static_cast<double>(n), params.tol)) break;
  }
  r.score.assign(x.data(), x.data() + n);
  return r;
}

std::vector<double> eigenvector_centrality_reference(const CsrGraph& g, const EigenvectorParams& params) {
  validate(g, params, "eigenvector_centrality_reference");
  const VertexId n = g.num_vertices();
  std::vector<double> x(n, 1.0 / n);
  for (int it = 0; it < params.max_iter; ++it) {
    std::vector<double> next = x;  // the "+ I"
    for (VertexId u = 0; u < n; ++u) {
      const auto vs = g.out_neighbors(u);
      const auto ws = g.out_weights(u);
      for (std::size_t k = 0; k < vs.size(); ++k) next[vs[k]] += x[u] * (params.weighted ? ws[k] : 1.0);
    }
    double norm = 0;
    for (double v : next) norm = std::hypot(norm, v);
    if (norm == 0) norm = 1;
    double err = 0;
    for (VertexId v = 0; v < n; ++v) {
      next[v] /= norm;
      err += std::abs(next[v] - x[v]);
    }
    x = std::move(next);
    if (err < n * params.tol) break;
  }
  return x;
}

}  // namespace corridor

// katz_centrality: power iteration on an Eigen row-major A^T, or one sparse
// LU solve; definition and networkx convention in katz.hpp.
//
// Approach [1]: row v of A^T lists v's in-arcs (pull direction, so each
// entry of the product is written by one thread, no atomics). The product
// runs in fixed blocks of kBlock rows; the L1 change is summed per block and
// the block sums added in block order, so the result is bit-for-bit the same
// at any thread count. The exact form assembles I - alpha A^T column by
// column from the out-adjacency (column u holds u's out-arcs) and factorises
// it with Eigen's SparseLU under a COLAMD ordering [2]: serial, and
// deterministic.
//
// OpenMP: schedule(dynamic, 1) over row blocks (in-degrees are skewed).
// Interrupts are polled between iterations (and around the factorisation),
// outside the parallel regions.
// Eigen's own OpenMP loop in a block's product is nested inside ours, so it
// runs on one thread (nested parallelism is off by default); either way each
// row is one thread's dot product.
//
// References
// [1] L. Katz. A new status index derived from sociometric analysis.
//     Psychometrika 18, 1953.
// [2] X. Li, J. Demmel. SuperLU_DIST. ACM TOMS 29, 2003 (the supernodal LU
//     that Eigen's SparseLU follows).
#include "engine/centrality/katz.hpp"

#include <Eigen/Sparse>
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/centrality/detail/power_iteration.hpp"

namespace corridor {
namespace {

using detail::kBlock;

void validate(const CsrGraph& g, const KatzParams& p, const char* who) {
  const std::string name(who);
  if (!(p.alpha > 0) || std::isinf(p.alpha)) {
    throw std::invalid_argument(name + ": alpha must be positive and finite, got " + std::to_string(p.alpha));
  }
  if (p.beta == 0 || !std::isfinite(p.beta)) {
    throw std::invalid_argument(name + ": beta must be finite and non-zero, got " + std::to_string(p.beta));
  }
  if (!(p.tol > 0) || std::isinf(p.tol)) {
    throw std::invalid_argument(name + ": tol must be positive and finite, got " + std::to_string(p.tol));
  }
  if (p.max_iter < 1) {
    throw std::invalid_argument(name + ": max_iter must be at least 1, got " + std::to_string(p.max_iter));
  }
  if (p.weighted) detail::check_nonnegative_weights(g, name);
  if (p.exact && g.num_arcs() + g.num_vertices() > static_cast<std::uint64_t>(INT_MAX)) {
    throw std::invalid_argument(name + ": exact = true supports at most 2^31 - 1 matrix entries; "
                                "use exact = false");
  }
}

[[noreturn]] void singular(const KatzParams& p, const std::string& why) {
  throw std::invalid_argument("katz_centrality: I - alpha A^T is singular for alpha = " +
                              std::to_string(p.alpha) + ", the inverse of an eigenvalue of A (" + why +
                              "); any alpha below 1 / lambda_max is safe");
}

// diagonal * I + scale * A^T with outer index = vertex and inner index = its
// neighbours in `adj`: row v from the in-adjacency (row-major), or column u
// from the out-adjacency (column-major). Neighbour lists are sorted, so
// entries go in in order; diagonal = 0 adds no diagonal entries.
template <class Matrix>
Matrix assemble(const Adjacency& adj, VertexId n, bool weighted, double scale, double diagonal) {
  Matrix m(n, n);
  m.reserve(static_cast<Eigen::Index>(adj.neighbors.size() + (diagonal != 0 ? n : 0)));
  auto put = [&m](VertexId outer, VertexId inner) -> double& {
    return Matrix::IsRowMajor ? m.insertBack(outer, inner) : m.insertBack(inner, outer);
  };
  for (VertexId v = 0; v < n; ++v) {
    m.startVec(v);
    bool diagonal_done = diagonal == 0;
    for (EdgeOffset k = adj.offsets[v]; k < adj.offsets[v + 1]; ++k) {
      const VertexId u = adj.neighbors[k];
      const double w = scale * (weighted ? adj.weights[k] : 1.0);
      if (!diagonal_done && u >= v) {
        diagonal_done = true;
        if (u == v) {
          put(v, v) = diagonal + w;
          continue;
        }
        put(v, v) = diagonal;
      }
      put(v, u) = w;
    }
    if (!diagonal_done) put(v, v) = diagonal;
  }
  m.finalize();
  return m;
}

CentralityResult iterate(const CsrGraph& g, const KatzParams& p, const RunContext& ctx) {
  using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;
  const Eigen::Index n = g.num_vertices();
  const Matrix a = assemble<Matrix>(g.in(), g.num_vertices(), p.weighted, 1.0, 0.0);
  const std::int64_t blocks = detail::block_count(n);
  const int threads = detail::block_threads(ctx, blocks);

  Eigen::VectorXd x = Eigen::VectorXd::Zero(n), y(n);
  std::vector<double> part(blocks);
  CentralityResult r;
  for (int it = 1; it <= p.max_iter; ++it) {
    ctx.check_interrupt();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (std::int64_t b = 0; b < blocks; ++b) {
      const Eigen::Index lo = b * kBlock, len = std::min(kBlock, n - lo);
      y.segment(lo, len).noalias() = a.middleRows(lo, len) * x;
      double change = 0;
      for (Eigen::Index i = lo; i < lo + len; ++i) {
        y[i] = p.alpha * y[i] + p.beta;
        change += std::abs(y[i] - x[i]);
      }
      part[b] = change;
    }
    x.swap(y);
    if (detail::record_iteration(r, it, part, static_cast<double>(n), p.tol)) break;
  }
  if (p.normalized) {
    double top = 0, squares = 0;  // ||x||_2, scaled by the largest entry so that it cannot overflow
    for (Eigen::Index i = 0; i < n; ++i) top = std::max(top, std::abs(x[i]));
    if (top > 0) {
      for (Eigen::Index i = 0; i < n; ++i) squares += (x[i] / top) * (x[i] / top);
      x *= 1.0 / (top * std::sqrt(squares));
    }
  }
  r.score.assign(x.data(), x.data() + n);
  return r;
}

CentralityResult solve(const CsrGraph& g, const KatzParams& p, const RunContext& ctx) {
  using Matrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
  const Eigen::Index n = g.num_vertices();
  const Matrix m = assemble<Matrix>(g.out(), g.num_vertices(), p.weighted, -p.alpha, 1.0);
  const Eigen::VectorXd b = Eigen::VectorXd::Constant(n, p.beta);
  ctx.check_interrupt();
  Eigen::SparseLU<Matrix, Eigen::COLAMDOrdering<int>> lu;
  lu.compute(m);
  if (lu.info() != Eigen::Success) singular(p, lu.lastErrorMessage());
  ctx.check_interrupt();
  Eigen::VectorXd x = lu.solve(b);
  if (lu.info() != Eigen::Success || !x.allFinite()) singular(p, "the solve failed");
  CentralityResult r;
  r.residual = (m * x - b).lpNorm<1>();
  if (p.normalized) x /= (x.sum() < 0 ? -1.0 : 1.0) * x.norm();
  r.score.assign(x.data(), x.data() + n);
  return r;
}

// Dense Gaussian elimination with partial pivoting: the exact verifier.
std::vector<double> dense_solve(const CsrGraph& g, const KatzParams& p) {
  const VertexId n = g.num_vertices();
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));  // [I - alpha A^T | beta]
  for (VertexId v = 0; v < n; ++v) {
    a[v][v] = 1;
    a[v][n] = p.beta;
  }
  for (VertexId u = 0; u < n; ++u) {
    const auto vs = g.out_neighbors(u);
    const auto ws = g.out_weights(u);
    for (std::size_t k = 0; k < vs.size(); ++k) a[vs[k]][u] -= p.alpha * (p.weighted ? ws[k] : 1.0);
  }
  for (VertexId c = 0; c < n; ++c) {
    VertexId pivot = c;
    for (VertexId r = c + 1; r < n; ++r) {
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    }
    if (a[pivot][c] == 0) singular(p, "zero pivot");
    std::swap(a[c], a[pivot]);
    for (VertexId r = c + 1; r < n; ++r) {
      const double f = a[r][c] / a[c][c];
      for (VertexId k = c; k <= n; ++k) a[r][k] -= f * a[c][k];
    }
  }
  std::vector<double> x(n);
  for (VertexId c = n; c-- > 0;) {
    double s = a[c][n];
    for (VertexId k = c + 1; k < n; ++k) s -= a[c][k] * x[k];
    x[c] = s / a[c][c];
  }
  if (p.normalized) {
    double sum = 0, norm = 0;
    for (double v : x) {
      sum += v;
      norm = std::hypot(norm, v);
    }
    for (double& v : x) v /= (sum < 0 ? -1.0 : 1.0) * norm;
  }
  return x;
}

}  // namespace

CentralityResult katz_centrality(const CsrGraph& g, const KatzParams& params, const RunContext& ctx) {
  validate(g, params, "katz_centrality");
  if (g.num_vertices() == 0) return {};
  return params.exact ? solve(g, params, ctx) : iterate(g, params, ctx);
}

std::vector<double> katz_centrality_reference(const CsrGraph& g, const KatzParams& params) {
  validate(g, params, "katz_centrality_reference");
  const VertexId n = g.num_vertices();
  if (n == 0) return {};
  if (params.exact) return dense_solve(g, params);
  std::vector<double> x(n, 0.0);
  for (int it = 0; it < params.max_iter; ++it) {
    std::vector<double> next(n, 0.0);
    for (VertexId u = 0; u < n; ++u) {
      const auto vs = g.out_neighbors(u);
      const auto ws = g.out_weights(u);
      for (std::size_t k = 0; k < vs.size(); ++k) next[vs[k]] += x[u] * (params.weighted ? ws[k] : 1.0);
    }
    double err = 0;
    for (VertexId v = 0; v < n; ++v) {
      next[v] = params.alpha * next[v] + params.beta;
      err += std::abs(next[v] - x[v]);
    }
    x = std::move(next);
    if (err < n * params.tol) break;
  }
  if (params.normalized) {
    double norm = 0;
    for (double v : x) norm = std::hypot(norm, v);
    if (norm > 0) {
      for (double& v : x) v *= 1.0 / norm;
    }
  }
  return x;
}

}  // namespace corridor

// katz_links: sparse walk counting from one source, or one sparse solve;
// definition in katz_links.hpp.
//
// Truncated: x_1 = beta A e_s, x_l = beta A x_{l-1}, K = sum of the x_l.
// Each product pulls along the adjacency (A is symmetric) over the vertices
// reached so far, so early steps cost only the source's neighbourhood; the
// kernel is serial because one source's walk is small — callers that want
// many sources run them side by side. Exact: (I - beta A) y = e_s, K = y - e_s
// (A symmetric, so the row equals the column), as in katz.cpp [3].
// Interrupts are polled between steps.
//
// References
// [1] L. Katz. A new status index derived from sociometric analysis.
//     Psychometrika 18, 1953.
// [2] D. Liben-Nowell, J. Kleinberg. The link-prediction problem for social
//     networks. JASIST 58(7), 2007.
// [3] X. Li, J. Demmel. SuperLU_DIST. ACM TOMS 29, 2003.
#include "engine/linkpred/katz_links.hpp"

#include <Eigen/Sparse>
#include <climits>
#include <cmath>
#include <stdexcept>
#include <string>

namespace corridor {
namespace {

void validate(const CsrGraph& g, VertexId s, const KatzLinksParams& p) {
  if (g.directed()) throw std::invalid_argument("katz_links: graph must be undirected");
  if (!(p.beta > 0 && p.beta < 1)) {
    throw std::invalid_argument("katz_links: beta must be in (0, 1), got " + std::to_string(p.beta));
  }
  if (p.max_length < 1) {
    throw std::invalid_argument("katz_links: max_length must be at least 1, got " + std::to_string(p.max_length));
  }
  if (s >= g.num_vertices()) {
    throw std::invalid_argument("katz_links: source " + std::to_string(s) + " is out of range (graph has " +
                                std::to_string(g.num_vertices()) + " vertices)");
  }
  if (p.exact && g.num_arcs() + g.num_vertices() > static_cast<std::uint64_t>(INT_MAX)) {
    throw std::invalid_argument("katz_links: exact supports at most 2^31 - 1 matrix entries");
  }
}

}  // namespace

std::vector<double> katz_links(const CsrGraph& g, VertexId s, const KatzLinksParams& p, const RunContext& ctx) {
  validate(g, s, p);
  const VertexId n = g.num_vertices();
  if (p.exact) {
    using Matrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
    Matrix m(n, n);
    m.reserve(static_cast<Eigen::Index>(g.num_arcs() + n));
    for (VertexId u = 0; u < n; ++u) {
      m.startVec(u);
      bool diagonal = false;
      for (VertexId v : g.out_neighbors(u)) {
        if (!diagonal && v >= u) {
          diagonal = true;
          if (v == u) {
            m.insertBack(u, u) = 1 - p.beta;
            continue;
          }
          m.insertBack(u, u) = 1;
        }
        m.insertBack(v, u) = -p.beta;
      }
      if (!diagonal) m.insertBack(u, u) = 1;
    }
    m.finalize();
    ctx.check_interrupt();
    Eigen::SparseLU<Matrix, Eigen::COLAMDOrdering<int>> lu;
    lu.compute(m);
    if (lu.info() != Eigen::Success) {
      throw std::invalid_argument("katz_links: I - beta A is singular for beta = " + std::to_string(p.beta) +
                                  "; take beta below 1 / lambda_max(A)");
    }
    ctx.check_interrupt();
    Eigen::VectorXd e = Eigen::VectorXd::Zero(n);
    e[s] = 1;
    Eigen::VectorXd y = lu.solve(e);
    if (lu.info() != Eigen::Success || !y.allFinite()) {
      throw std::invalid_argument("katz_links: the solve failed for beta = " + std::to_string(p.beta));
    }
    // Below the radius, (I - beta A)^-1 = sum of (beta A)^l >= 0 entrywise;
    // a negative entry means beta >= 1 / lambda_max of s's component.
    if (y.minCoeff() < -1e-12 * y.cwiseAbs().maxCoeff()) {
      throw std::invalid_argument("katz_links: beta = " + std::to_string(p.beta) +
                                  " is not below 1 / lambda_max(A); the Katz series diverges");
    }
    y[s] -= 1;
    return {y.data(), y.data() + n};
  }
  std::vector<double> x(n, 0.0), next(n, 0.0), total(n, 0.0);
  std::vector<VertexId> live = {s}, grown;  // vertices where x may be non-zero
  std::vector<std::uint8_t> in(n, 0);
  x[s] = 1;
  in[s] = 1;
  for (int l = 1; l <= p.max_length; ++l) {
    ctx.check_interrupt();
    grown = live;
    for (VertexId u : live) {
      for (VertexId v : g.out_neighbors(u)) {
        if (!in[v]) {
          in[v] = 1;
          grown.push_back(v);
        }
      }
    }
    for (VertexId v : grown) {  // pull: next[v] = beta * sum of x over v's neighbours
      double sum = 0;
      for (VertexId u : g.out_neighbors(v)) sum += x[u];
      next[v] = p.beta * sum;
    }
    for (VertexId v : grown) {
      x[v] = next[v];
      total[v] += x[v];
    }
    live.swap(grown);
  }
  return total;
}

std::vector<double> katz_links_reference(const CsrGraph& g, VertexId s, const KatzLinksParams& p) {
  validate(g, s, p);
  const VertexId n = g.num_vertices();
  std::vector<std::vector<double>> a(n, std::vector<double>(n, 0.0));
  for (VertexId u = 0; u < n; ++u) {
    for (VertexId v : g.out_neighbors(u)) a[u][v] = 1;
  }
  std::vector<double> out(n, 0.0);
  if (!p.exact) {
    std::vector<double> row(n, 0.0);  // row s of (beta A)^l
    row[s] = 1;
    for (int l = 1; l <= p.max_length; ++l) {
      std::vector<double> next(n, 0.0);
      for (VertexId i = 0; i < n; ++i) {
        for (VertexId j = 0; j < n; ++j) next[j] += row[i] * p.beta * a[i][j];
      }
      row = next;
      for (VertexId j = 0; j < n; ++j) out[j] += row[j];
    }
    return out;
  }
  // (I - beta A) y = e_s by Gaussian elimination with partial pivoting.
  std::vector<std::vector<double>> m(n, std::vector<double>(n + 1, 0.0));
  for (VertexId i = 0; i < n; ++i) {
    for (VertexId j = 0; j < n; ++j) m[i][j] = (i == j ? 1.0 : 0.0) - p.beta * a[i][j];
    m[i][n] = i == s ? 1.0 : 0.0;
  }
  for (VertexId c = 0; c < n; ++c) {
    VertexId piv = c;
    for (VertexId r = c + 1; r < n; ++r) {
      if (std::abs(m[r][c]) > std::abs(m[piv][c])) piv = r;
    }
    std::swap(m[c], m[piv]);
    for (VertexId r = c + 1; r < n; ++r) {
      const double f = m[r][c] / m[c][c];
      for (VertexId k = c; k <= n; ++k) m[r][k] -= f * m[c][k];
    }
  }
  for (VertexId c = n; c-- > 0;) {
    double v = m[c][n];
    for (VertexId k = c + 1; k < n; ++k) v -= m[c][k] * out[k];
    out[c] = v / m[c][c];
  }
  out[s] -= 1;
  return out;
}

}  // namespace corridor

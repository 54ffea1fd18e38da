// logistic_regression: damped Newton with an Armijo line search; the model,
// convergence rule and references are in logistic.hpp.
//
// The parameters theta are w followed by b. Gradient and Hessian are summed
// row by row in row order (serial, so every run gives the same bits); only
// the d x d (or (d+1) x (d+1)) solve uses Eigen. Probabilities and losses
// are evaluated in forms that neither overflow nor lose the small side:
// p - y = -sigma(-z) for y = 1, p (1 - p) = sigma(z) sigma(-z), and the loss
// of a row is softplus(z) for y = 0 and softplus(-z) for y = 1.
#include "engine/linkpred/logistic.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace corridor {
namespace {

double softplus(double t) { return std::max(t, 0.0) + std::log1p(std::exp(-std::abs(t))); }

void validate(const std::vector<double>& x, std::size_t d, const std::vector<double>& y,
              const std::vector<double>& sw, const LogisticParams& p) {
  const std::size_t n = y.size();
  if (x.size() != n * d) {
    throw std::invalid_argument("x: expected " + std::to_string(n) + " rows of " + std::to_string(d) +
                                " features (" + std::to_string(n * d) + " values), got " +
                                std::to_string(x.size()) + " values");
  }
  if (d == 0 && !p.fit_intercept) {
    throw std::invalid_argument("num_features: no features and fit_intercept = false leave nothing to fit");
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) {
      throw std::invalid_argument("x: row " + std::to_string(i / d) + ", column " + std::to_string(i % d) +
                                  " is not finite (" + std::to_string(x[i]) + ")");
    }
  }
  if (!sw.empty() && sw.size() != n) {
    throw std::invalid_argument("sample_weight: expected " + std::to_string(n) + " weights (one per row), got " +
                                std::to_string(sw.size()));
  }
  double weight[2] = {0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    if (y[i] != 0 && y[i] != 1) {
      throw std::invalid_argument("y: row " + std::to_string(i) + " is " + std::to_string(y[i]) +
                                  "; labels must be 0 or 1");
    }
    const double s = sw.empty() ? 1.0 : sw[i];
    if (!(s >= 0) || !std::isfinite(s)) {
      throw std::invalid_argument("sample_weight: row " + std::to_string(i) + " is " + std::to_string(s) +
                                  "; weights must be non-negative and finite");
    }
    weight[y[i] == 1] += s;
  }
  if (!(weight[0] > 0) || !(weight[1] > 0)) {
    throw std::invalid_argument(std::string("y: only one class present (no row labelled ") +
                                (weight[0] > 0 ? "1" : "0") +
                                " with positive weight); logistic regression needs both 0 and 1");
  }
  if (!(p.l2 >= 0) || !std::isfinite(p.l2)) {
    throw std::invalid_argument("l2: must be non-negative and finite, got " + std::to_string(p.l2));
  }
  if (!(p.tol > 0) || !std::isfinite(p.tol)) {
    throw std::invalid_argument("tol: must be positive and finite, got " + std::to_string(p.tol));
  }
  if (p.max_iter < 1) {
    throw std::invalid_argument("max_iter: must be at least 1, got " + std::to_string(p.max_iter));
  }
}

// The data and the penalty, with theta = (w, b) as one vector.
class Problem {
 public:
  Problem(const std::vector<double>& x, std::size_t d, const std::vector<double>& y,
          const std::vector<double>& sw, const LogisticParams& p)
      : x_(x), y_(y), sw_(sw), d_(d), k_(d + (p.fit_intercept ? 1 : 0)), l2_(p.l2), intercept_(p.fit_intercept) {}

  std::size_t size() const { return k_; }

  double objective(const Eigen::VectorXd& theta) const {
    double f = 0;
    for (std::size_t i = 0; i < y_.size(); ++i) {
      const double z = margin(theta, i);
      f += weight(i) * (y_[i] == 1 ? softplus(-z) : softplus(z));
    }
    return f + 0.5 * l2_ * theta.head(static_cast<Eigen::Index>(d_)).squaredNorm();
  }

  // Gradient and Hessian (full, symmetric) at theta.
  void derivatives(const Eigen::VectorXd& theta, Eigen::VectorXd& g, Eigen::MatrixXd& h) const {
    const auto k = static_cast<Eigen::Index>(k_);
    g.setZero(k);
    h.setZero(k, k);
    Eigen::VectorXd row(k);
    if (intercept_) row[k - 1] = 1.0;
    for (std::size_t i = 0; i < y_.size(); ++i) {
      for (std::size_t j = 0; j < d_; ++j) row[static_cast<Eigen::Index>(j)] = x_[i * d_ + j];
      // p = sigma(z) and 1 - p = sigma(-z) from one exponential
      const double z = margin(theta, i), e = std::exp(-std::abs(z)), s = weight(i);
      const double big = 1.0 / (1.0 + e), small = e / (1.0 + e);
      const double p = z >= 0 ? big : small, q = z >= 0 ? small : big;
      const double r = s * (y_[i] == 1 ? -q : p), c = s * p * q;
      for (Eigen::Index a = 0; a < k; ++a) {
        g[a] += r * row[a];
        const double ca = c * row[a];
        for (Eigen::Index b = 0; b <= a; ++b) h(a, b) += ca * row[b];
      }
    }
    for (Eigen::Index a = 0; a < static_cast<Eigen::Index>(d_); ++a) {
      g[a] += l2_ * theta[a];
      h(a, a) += l2_;
    }
    h.triangularView<Eigen::StrictlyUpper>() = h.transpose();
  }

 private:
  double weight(std::size_t i) const { return sw_.empty() ? 1.0 : sw_[i]; }
  double margin(const Eigen::VectorXd& theta, std::size_t i) const {
    double z = intercept_ ? theta[static_cast<Eigen::Index>(d_)] : 0.0;
    for (std::size_t j = 0; j < d_; ++j) z += x_[i * d_ + j] * theta[static_cast<Eigen::Index>(j)];
    return z;
  }

  const std::vector<double>& x_;
  const std::vector<double>& y_;
  const std::vector<double>& sw_;
  std::size_t d_, k_;
  double l2_;
  bool intercept_;
};

// Solves h d = g; while h is not numerically positive definite, solves
// (h + mu I) d = g instead (Levenberg-Marquardt), mu growing tenfold.
Eigen::VectorXd newton_direction(const Eigen::MatrixXd& h, const Eigen::VectorXd& g) {
  const double scale = 1.0 + h.diagonal().cwiseAbs().maxCoeff();
  double mu = 0;
  for (int attempt = 0; attempt < 40; ++attempt) {
    Eigen::MatrixXd m = h;
    m.diagonal().array() += mu;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(m);
    const auto dd = ldlt.vectorD();
    if (ldlt.info() == Eigen::Success && dd.minCoeff() > 1e-13 * dd.cwiseAbs().maxCoeff() && dd.minCoeff() > 0) {
      Eigen::VectorXd step = ldlt.solve(g);
      if (step.allFinite()) return step;
    }
    mu = mu == 0 ? 1e-12 * scale : 10 * mu;
  }
  return g / scale;  // gradient descent: reached only for a pathological h
}

}  // namespace

LogisticResult logistic_regression(const std::vector<double>& x, std::size_t num_features,
                                   const std::vector<double>& y, const std::vector<double>& sample_weight,
                                   const LogisticParams& params, const RunContext& ctx) {
  validate(x, num_features, y, sample_weight, params);
  const Problem problem(x, num_features, y, sample_weight, params);
  const auto k = static_cast<Eigen::Index>(problem.size());
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(k), g, trial;
  Eigen::MatrixXd h;
  double f = problem.objective(theta);
  LogisticResult out;
  while (out.iterations < params.max_iter) {
    ctx.check_interrupt();
    problem.derivatives(theta, g, h);
    const Eigen::VectorXd step = newton_direction(h, g);
    if (step.cwiseAbs().maxCoeff() <= params.tol * (1.0 + theta.cwiseAbs().maxCoeff())) {
      theta -= step;
      ++out.iterations;
      out.converged = true;
      break;
    }
    // Armijo backtracking along -step (a descent direction: step = M^-1 g, M positive definite).
    const double slope = g.dot(step);
    double t = 1;
    bool accepted = false;
    for (int halving = 0; halving <= 60; ++halving, t *= 0.5) {
      trial = theta - t * step;
      const double ft = problem.objective(trial);
      // Near the optimum the decrease of a full step falls below F's rounding; accept it then.
      const double noise = halving == 0 ? 1e-12 * (1.0 + std::abs(f)) : 0.0;
      if (ft <= f - 1e-4 * t * slope + noise) {
        theta = trial;
        f = ft;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;  // no decrease left at double precision: converged stays false
    ++out.iterations;
  }
  problem.derivatives(theta, g, h);
  out.objective = problem.objective(theta);
  out.gradient_norm = k > 0 ? g.cwiseAbs().maxCoeff() : 0.0;
  out.coef.assign(theta.data(), theta.data() + num_features);
  out.intercept = params.fit_intercept ? theta[static_cast<Eigen::Index>(num_features)] : 0.0;
  return out;
}

LogisticObjective logistic_objective_reference(const std::vector<double>& x, std::size_t num_features,
                                               const std::vector<double>& y,
                                               const std::vector<double>& sample_weight,
                                               const std::vector<double>& coef, double intercept,
                                               const LogisticParams& params) {
  const std::size_t d = num_features, k = d + (params.fit_intercept ? 1 : 0);
  std::vector<long double> grad(k, 0.0L);
  long double f = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    long double z = params.fit_intercept ? intercept : 0.0;
    for (std::size_t j = 0; j < d; ++j) z += static_cast<long double>(x[i * d + j]) * coef[j];
    const long double s = sample_weight.empty() ? 1.0L : sample_weight[i];
    const long double p = 1.0L / (1.0L + std::exp(-z));
    // log(1 + e^z) - y z, written to stay finite for large |z|
    f += s * ((z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z))) - y[i] * z);
    for (std::size_t j = 0; j < d; ++j) grad[j] += s * (p - y[i]) * x[i * d + j];
    if (params.fit_intercept) grad[d] += s * (p - y[i]);
  }
  for (std::size_t j = 0; j < d; ++j) {
    f += 0.5L * params.l2 * coef[j] * coef[j];
    grad[j] += static_cast<long double>(params.l2) * coef[j];
  }
  LogisticObjective out;
  out.objective = static_cast<double>(f);
  out.gradient.assign(grad.begin(), grad.end());
  return out;
}

}  // namespace corridor

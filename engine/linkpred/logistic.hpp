// logistic_regression: L2-penalised logistic regression, the supervised
// link-prediction model (and its Platt calibration). Given n rows x_i of d
// features, labels y_i in {0, 1} and sample weights s_i >= 0, it returns the
// minimiser (w, b) of
//     F(w, b) = sum_i s_i [log(1 + exp(z_i)) - y_i z_i] + (l2 / 2) ||w||^2,
//     z_i = x_i . w + b,
// the intercept b unpenalised (fixed at 0 when fit_intercept = false).
// Convention: the loss is summed, not averaged, so this is scikit-learn's
// LogisticRegression(penalty="l2", C = 1 / l2) (and penalty=None for
// l2 = 0), whose intercept is not penalised either with the lbfgs/newton
// solvers. For l2 > 0 and both classes present F is strictly convex and
// coercive: the minimiser exists and is unique.
//
// Method: Newton's method [1] from w = 0, b = 0. Each iteration forms the
// gradient g and Hessian H = X~^T diag(s p (1 - p)) X~ + l2 I (X~ = X with a
// column of ones; p the fitted probabilities), solves H d = g by LDL^T,
// adding Levenberg-Marquardt damping mu I (mu from 1e-12 * (1 + max H_jj),
// times 10) while H is not numerically positive definite, and backtracks
// (halving t, at most 60 times) until F(theta - t d) <= F(theta) - 1e-4 t g.d
// (Armijo; the full step t = 1 is also accepted when it raises F by less
// than 1e-12 (1 + |F|), the rounding level at which a decrease this close
// to the optimum can no longer be seen).
// Convergence: the iteration stops, converged = true, once a Newton step
// satisfies ||d||_inf <= tol * (1 + ||theta||_inf) (that last step is still
// taken); Newton converges quadratically near the optimum, so the gradient
// there is of order tol. Otherwise it stops after max_iter iterations, or
// when the line search finds no decrease, with converged = false. A relative
// step is used, not the gradient, on purpose: with l2 = 0 and separable
// data F has no minimiser, the gradient still tends to 0 as ||theta|| grows
// without bound, but the relative step does not shrink — so separation is
// reported as converged = false rather than hidden behind huge weights.
//
// Deterministic: serial loops in row order (no OpenMP; O(n d^2) per
// iteration is small next to computing the pair features), the same bits on
// every run. Time O(iterations * (n d^2 + d^3)); memory O(n + d^2).
// Interrupts are polled once per iteration.
//
// Throws std::invalid_argument naming the parameter when x does not hold
// n * num_features values (n = y.size()) or holds a non-finite value
// (row and column given), a label is not 0 or 1, sample_weight is not empty
// or of size n, or holds a negative or non-finite value, only one class has
// positive weight ("y: only one class present"), l2 is negative or not
// finite, tol is not positive and finite, or max_iter < 1.
//
// References
// [1] J. Nocedal, S. J. Wright. Numerical Optimization, 2nd ed., Springer
//     2006: ch. 3 (backtracking line search, Armijo condition) and 3.4
//     (Newton's method with Hessian modification).
// [2] J. Platt. Probabilistic outputs for support vector machines and
//     comparisons to regularized likelihood methods. Advances in Large
//     Margin Classifiers, MIT Press 1999 (the calibration this routine fits).
#pragma once

#include <cstddef>
#include <vector>

#include "engine/graph/run_context.hpp"

namespace corridor {

struct LogisticParams {
  double l2 = 1e-2;
  bool fit_intercept = true;
  double tol = 1e-10;
  int max_iter = 100;
};

struct LogisticResult {
  std::vector<double> coef;   // w, one weight per feature
  double intercept = 0;       // b (0 when fit_intercept = false)
  int iterations = 0;         // Newton steps taken
  double objective = 0;       // F at (w, b)
  double gradient_norm = 0;   // ||grad F||_inf at (w, b)
  bool converged = false;
};

// x: row-major, y.size() rows of num_features values. sample_weight: empty
// (every row weight 1) or one weight per row.
LogisticResult logistic_regression(const std::vector<double>& x, std::size_t num_features,
                                   const std::vector<double>& y, const std::vector<double>& sample_weight = {},
                                   const LogisticParams& params = {}, const RunContext& ctx = {});

struct LogisticObjective {
  double objective = 0;
  std::vector<double> gradient;   // d partial derivatives in w, then one in b when fit_intercept
};

// The verifier: F and its gradient at a given (w, b), by plain loops in long
// double, without Eigen. F is strictly convex for l2 > 0, so a zero gradient
// certifies the global minimum. Inputs are assumed valid.
LogisticObjective logistic_objective_reference(const std::vector<double>& x, std::size_t num_features,
                                               const std::vector<double>& y,
                                               const std::vector<double>& sample_weight,
                                               const std::vector<double>& coef, double intercept,
                                               const LogisticParams& params = {});

}  // namespace corridor

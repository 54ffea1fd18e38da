// logistic_regression: optima checked by hand (closed forms, and a separable
// pair kept finite by the penalty), the zero-gradient condition through the
// verifier on random data, separation reported, sample weights as repeated
// rows, validation.
#include "engine/linkpred/logistic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "../test_checks.hpp"

namespace corridor {
namespace {

using testing::expect_invalid;

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// Intercept only: b = logit(share of 1s) = log(3) for three 1s and one 0.
TEST(Logistic, InterceptOnlyIsTheLogOdds) {
  const auto r = logistic_regression({}, 0, {1, 1, 0, 1}, {}, {.l2 = 5.0});  // l2 does not touch b
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.intercept, std::log(3.0), 1e-12);
  // F = -3 log(3/4) - log(1/4)
  EXPECT_NEAR(r.objective, -3 * std::log(0.75) - std::log(0.25), 1e-12);
}

// x: 0 0 1 1 1, y: 0 1 0 1 1, no penalty. The rows at x = 0 are half 1s, so
// b = logit(1/2) = 0; at x = 1 two thirds, so w + b = logit(2/3) = log 2.
TEST(Logistic, UnpenalisedClosedForm) {
  const auto r = logistic_regression({0, 0, 1, 1, 1}, 1, {0, 1, 0, 1, 1}, {}, {.l2 = 0});
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.intercept, 0.0, 1e-12);
  EXPECT_NEAR(r.coef[0], std::log(2.0), 1e-12);
  EXPECT_LT(r.gradient_norm, 1e-12);
  EXPECT_LE(r.iterations, 10);
}

// x = -1 labelled 0, x = +1 labelled 1: perfectly separable, so without a
// penalty the weight would grow without bound. With l2 the gradient
//     -sigma(-w) - sigma(-w) + l2 w
// is zero where l2 w = 2 sigma(-w); by symmetry b = 0.
TEST(Logistic, SeparableWithPenaltyHasAFiniteOptimum) {
  for (double l2 : {0.01, 0.5, 1.0, 4.0}) {
    const auto r = logistic_regression({-1, 1}, 1, {0, 1}, {}, {.l2 = l2});
    EXPECT_TRUE(r.converged) << l2;
    EXPECT_NEAR(l2 * r.coef[0], 2 * sigmoid(-r.coef[0]), 1e-12) << l2;
    EXPECT_NEAR(r.intercept, 0.0, 1e-12) << l2;
  }
  // l2 = 1: w = 2 sigma(-w) has the root w = 0.6748316143423994 (by bisection).
  EXPECT_NEAR(logistic_regression({-1, 1}, 1, {0, 1}, {}, {.l2 = 1.0}).coef[0], 0.6748316143423994, 1e-12);
  // Without the penalty: no minimiser, reported as not converged (weights large, gradient tiny).
  const auto sep = logistic_regression({-1, 1}, 1, {0, 1}, {}, {.l2 = 0, .max_iter = 50});
  EXPECT_FALSE(sep.converged);
  EXPECT_GT(sep.coef[0], 10.0);
}

// Random data: the verifier's gradient (long double, plain loops) vanishes at
// the answer, and moving any coordinate raises the objective.
TEST(Logistic, GradientVanishesAtTheAnswer) {
  for (unsigned seed : {1u, 2u, 3u}) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> unit;
    const std::size_t n = 300, d = 4;
    std::vector<double> x(n * d), y(n), sw(n);
    for (std::size_t i = 0; i < n; ++i) {
      double z = 0.3;
      for (std::size_t j = 0; j < d; ++j) {
        x[i * d + j] = normal(rng) * (1.0 + j);
        z += x[i * d + j] * (j % 2 ? -0.7 : 0.5);
      }
      y[i] = unit(rng) < sigmoid(z) ? 1 : 0;
      sw[i] = 0.5 + unit(rng);
    }
    for (const LogisticParams& p : {LogisticParams{.l2 = 0.0}, LogisticParams{.l2 = 0.1},
                                    LogisticParams{.l2 = 10.0, .fit_intercept = false}}) {
      for (const auto& w : {std::vector<double>{}, sw}) {
        const auto r = logistic_regression(x, d, y, w, p);
        ASSERT_TRUE(r.converged);
        const auto ref = logistic_objective_reference(x, d, y, w, r.coef, r.intercept, p);
        ASSERT_EQ(ref.gradient.size(), d + (p.fit_intercept ? 1 : 0));
        for (double gj : ref.gradient) EXPECT_NEAR(gj, 0.0, 1e-8);
        EXPECT_NEAR(ref.objective, r.objective, 1e-10 * r.objective);
        for (std::size_t j = 0; j < d; ++j) {
          for (double delta : {-1e-3, 1e-3}) {
            auto moved = r.coef;
            moved[j] += delta;
            EXPECT_GT(logistic_objective_reference(x, d, y, w, moved, r.intercept, p).objective, ref.objective);
          }
        }
        // Deterministic: a second run gives the same bits.
        const auto again = logistic_regression(x, d, y, w, p);
        EXPECT_EQ(again.coef, r.coef);
        EXPECT_EQ(again.intercept, r.intercept);
      }
    }
  }
}

// An integer sample weight is the same as repeating the row.
TEST(Logistic, SampleWeightsRepeatRows) {
  const std::vector<double> x = {0.5, -1.0, 2.0, 0.0, -0.5, 1.5};
  const std::vector<double> y = {1, 0, 1, 0, 1, 0};
  const auto weighted = logistic_regression(x, 1, y, {3, 1, 2, 1, 1, 2}, {.l2 = 0.3});
  const auto repeated = logistic_regression({0.5, 0.5, 0.5, -1.0, 2.0, 2.0, 0.0, -0.5, 1.5, 1.5},
                                            1, {1, 1, 1, 0, 1, 1, 0, 1, 0, 0}, {}, {.l2 = 0.3});
  EXPECT_NEAR(weighted.coef[0], repeated.coef[0], 1e-12);
  EXPECT_NEAR(weighted.intercept, repeated.intercept, 1e-12);
  // A zero weight drops the row.
  const auto dropped = logistic_regression({0.5, -1.0, 2.0, 0.0, -0.5, 1.5, 9.0}, 1, {1, 0, 1, 0, 1, 0, 1},
                                           {3, 1, 2, 1, 1, 2, 0}, {.l2 = 0.3});
  EXPECT_NEAR(dropped.coef[0], weighted.coef[0], 1e-12);
}

TEST(Logistic, Validation) {
  const std::vector<double> x = {0, 1, 2}, y = {0, 1, 1};
  expect_invalid([&] { logistic_regression({0, 1}, 1, y); }, "x:");
  expect_invalid([&] { logistic_regression({0, NAN, 2}, 1, y); }, "x: row 1, column 0 is not finite");
  expect_invalid([&] { logistic_regression({0, INFINITY, 2}, 1, y); }, "x: row 1");
  expect_invalid([&] { logistic_regression(x, 1, {0, 0.5, 1}); }, "y: row 1");
  expect_invalid([&] { logistic_regression(x, 1, {0, 2, 1}); }, "labels must be 0 or 1");
  expect_invalid([&] { logistic_regression(x, 1, {1, 1, 1}); }, "y: only one class present");
  expect_invalid([&] { logistic_regression(x, 1, {0, 0, 0}); }, "y: only one class present");
  expect_invalid([&] { logistic_regression({}, 1, {}); }, "y: only one class present");
  expect_invalid([&] { logistic_regression(x, 1, y, {1, 0, 0}); }, "y: only one class present");
  expect_invalid([&] { logistic_regression(x, 1, y, {1, 1}); }, "sample_weight");
  expect_invalid([&] { logistic_regression(x, 1, y, {1, -1, 1}); }, "sample_weight: row 1");
  expect_invalid([&] { logistic_regression(x, 1, y, {1, NAN, 1}); }, "sample_weight: row 1");
  expect_invalid([&] { logistic_regression(x, 1, y, {}, {.l2 = -1}); }, "l2");
  expect_invalid([&] { logistic_regression(x, 1, y, {}, {.l2 = INFINITY}); }, "l2");
  expect_invalid([&] { logistic_regression(x, 1, y, {}, {.tol = 0}); }, "tol");
  expect_invalid([&] { logistic_regression(x, 1, y, {}, {.max_iter = 0}); }, "max_iter");
  expect_invalid([&] { logistic_regression({}, 0, y, {}, {.fit_intercept = false}); }, "num_features");
}

}  // namespace
}  // namespace corridor

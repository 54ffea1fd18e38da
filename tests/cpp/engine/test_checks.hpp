// Assertions the engine tests share: scores to a tolerance or to the bit,
// argument errors by the name they give, and thread-count invariance.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace corridor::testing {

// Each score within rel * |want| + abs of the wanted one.
inline void expect_close(const std::vector<double>& got, const std::vector<double>& want, double rel = 1e-9,
                         double abs = 1e-18) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], rel * std::abs(want[i]) + abs) << "vertex " << i;
  }
}

// Bit for bit, NaN equal to NaN.
inline void expect_same(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE((std::isnan(a[i]) && std::isnan(b[i])) || a[i] == b[i]) << "vertex " << i;
  }
}

// f() throws std::invalid_argument with `names` in its message.
template <class F>
void expect_invalid(F f, const std::string& names) {
  try {
    f();
    ADD_FAILURE() << "no std::invalid_argument (expected one naming " << names << ")";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(names), std::string::npos) << e.what();
  }
}

// run(threads), a CentralityResult, has the same scores, iterations and
// residual, to the bit, at 2 and 3 threads as at 1.
template <class Run>
void expect_same_at_any_thread_count(Run run) {
  const auto one = run(1);
  for (int threads : {2, 3}) {
    const auto many = run(threads);
    EXPECT_EQ(one.score, many.score) << threads << " threads";
    EXPECT_EQ(one.iterations, many.iterations);
    EXPECT_EQ(one.residual, many.residual);
  }
}

}  // namespace corridor::testing

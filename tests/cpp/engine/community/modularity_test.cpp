// modularity: hand-checked values (networkx 3's community.modularity gives the
// same), the pairwise verifier on random weighted / directed graphs, bad input.
#include "engine/community/modularity.hpp"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "../test_graphs.hpp"

namespace corridor {
namespace {

using testing::make;

//   0       3
//   | \   / |
//   1--2--4-5      two triangles joined by the edge 2-4
CsrGraph barbell() {
  return make(6, {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {3, 4, 1}, {4, 5, 1}, {3, 5, 1}, {2, 4, 1}}, false);
}

TEST(Modularity, HandChecked) {
  // m = 7; each triangle: L = 3, K = 7 -> 2 * (3/7 - (7/14)^2) = 5/14.
  EXPECT_NEAR(modularity(barbell(), {0, 0, 0, 1, 1, 1}), 5.0 / 14.0, 1e-15);
  // One community: 1 - 1 = 0. Resolution 0.5: 2 * (3/7 - 0.5/4) = 17/28.
  EXPECT_NEAR(modularity(barbell(), {0, 0, 0, 0, 0, 0}), 0.0, 1e-15);
  EXPECT_NEAR(modularity(barbell(), {0, 0, 0, 1, 1, 1}, {.resolution = 0.5}), 17.0 / 28.0, 1e-15);
}

TEST(Modularity, SelfLoopCountsTwiceInDegree) {
  // 0-1, loop on 1: m = 2, K_{1} = 1 + 2 = 3; {0},{1}: 0 - 1/16 + 1/2 - 9/16 = -1/8.
  const auto g = make(2, {{0, 1, 1}, {1, 1, 1}}, false);
  EXPECT_NEAR(modularity(g, {0, 1}), -0.125, 1e-15);
  EXPECT_NEAR(modularity_reference(g, {0, 1}), -0.125, 1e-15);
}

TEST(Modularity, DirectedHandChecked) {
  // 0->1, 1->0, 1->2: m = 3. {0,1},{2}: L = 2, Kout = 3, Kin = 2 -> 2/3 - 6/9;
  // {2}: 0 - 0 * 1 / 9. Q = 0.
  const auto g = make(3, {{0, 1, 1}, {1, 0, 1}, {1, 2, 1}}, true);
  EXPECT_NEAR(modularity(g, {0, 0, 1}), 0.0, 1e-15);
}

TEST(Modularity, MatchesVerifierOnRandomGraphs) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    for (bool directed : {false, true}) {
      const auto g = testing::two_component_graph(seed, directed, 40, 120);
      std::mt19937 rng(seed);
      std::vector<std::uint32_t> part(g.num_vertices());
      for (auto& c : part) c = rng() % 5;
      for (bool weighted : {false, true}) {
        for (double res : {0.0, 0.5, 1.0, 2.0}) {
          const ModularityParams p{res, weighted};
          EXPECT_NEAR(modularity(g, part, p), modularity_reference(g, part, p), 1e-12)
              << "seed " << seed << " directed " << directed;
        }
      }
    }
  }
}

TEST(Modularity, RejectsBadInput) {
  EXPECT_THROW(modularity(barbell(), {0, 0}), std::invalid_argument);
  EXPECT_THROW(modularity(barbell(), {0, 0, 0, 1, 1, 1}, {.resolution = -1}), std::invalid_argument);
  const auto neg = make(2, {{0, 1, -1}}, false);
  EXPECT_THROW(modularity(neg, {0, 1}), std::invalid_argument);
  EXPECT_NO_THROW(modularity(neg, {0, 1}, {.weighted = false}));
}

}  // namespace
}  // namespace corridor

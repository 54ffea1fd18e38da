// connected_components: a hand-checked graph (networkx 3 agrees on the sets),
// the BFS / mutual-reachability verifier on random graphs, bad input.
#include "engine/community/components.hpp"

#include <gtest/gtest.h>

#include <random>

#include "../test_graphs.hpp"

namespace corridor {
namespace {

using testing::make;

//   0 -> 1 -> 2 -> 0      3 -> 4      5
//             |
//             v
//             6
// Directed: strong {0,1,2}, {3}, {4}, {5}, {6}; weak {0,1,2,6}, {3,4}, {5}.
CsrGraph drawn(bool directed) {
  return make(7, {{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {3, 4, 1}, {2, 6, 1}}, directed);
}

TEST(ConnectedComponents, HandCheckedWeak) {
  for (bool directed : {false, true}) {
    const auto r = connected_components(drawn(directed));
    EXPECT_EQ(r.membership, (std::vector<std::uint32_t>{0, 0, 0, 1, 1, 2, 0}));
    EXPECT_EQ(r.count, 3u);
  }
}

TEST(ConnectedComponents, HandCheckedStrong) {
  const auto r = connected_components(drawn(true), {.strong = true});
  EXPECT_EQ(r.membership, (std::vector<std::uint32_t>{0, 0, 0, 1, 2, 3, 4}));
  EXPECT_EQ(r.count, 5u);
  // Undirected: strong is weak.
  EXPECT_EQ(connected_components(drawn(false), {.strong = true}).membership,
            connected_components(drawn(false)).membership);
}

TEST(ConnectedComponents, MatchesVerifierOnRandomGraphs) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    std::mt19937 rng(seed);
    const VertexId n = 5 + rng() % 60;
    const int m = static_cast<int>(rng() % (2 * n));
    std::uniform_int_distribution<VertexId> pick(0, n - 1);
    std::vector<testing::Edge> es;
    for (int i = 0; i < m; ++i) es.push_back({pick(rng), pick(rng), 1.0});
    for (bool directed : {false, true}) {
      const auto g = make(n, es, directed);
      for (bool strong : {false, true}) {
        const auto r = connected_components(g, {.strong = strong});
        EXPECT_EQ(r.membership, connected_components_reference(g, {.strong = strong}))
            << "seed " << seed << " directed " << directed << " strong " << strong;
      }
    }
  }
}

TEST(ConnectedComponents, LongChainDoesNotRecurse) {
  const VertexId n = 200000;
  std::vector<testing::Edge> es;
  for (VertexId v = 0; v + 1 < n; ++v) es.push_back({v, v + 1, 1.0});
  es.push_back({n - 1, 0, 1.0});
  const auto r = connected_components(make(n, es, true), {.strong = true});
  EXPECT_EQ(r.count, 1u);
}

TEST(ConnectedComponents, EmptyGraph) {
  const auto r = connected_components(make(0, {}, false));
  EXPECT_TRUE(r.membership.empty());
  EXPECT_EQ(r.count, 0u);
}

}  // namespace
}  // namespace corridor

// piecewise_betweenness and disrupt's incremental mode: hand-checked scores
// on two components, and the incremental campaign equal to the full
// recompute (same removals, same states) on random graphs.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "engine/disruption/disrupt.hpp"
#include "engine/disruption/piecewise_betweenness.hpp"
#include "../test_graphs.hpp"

namespace corridor {
namespace {

//   0               5
//   | \           / |
//   |  2 -- 3 -- 4  |        7 -- 8 -- 9 -- 10 -- 11
//   | /           \ |
//   1               6
// The bowtie and a path of 5. Raw betweenness (unordered pairs): 3 -> 9,
// 2 and 4 -> 8 (bowtie); 9 -> 4 (pairs {7, 8} x {10, 11}), 8 and 10 -> 3.
CsrGraph bowtie_and_path() {
  return testing::make(12, {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {2, 3, 1}, {3, 4, 1}, {4, 5, 1}, {5, 6, 1},
                            {4, 6, 1}, {7, 8, 1}, {8, 9, 1}, {9, 10, 1}, {10, 11, 1}},
                       false);
}

TEST(PiecewiseBetweenness, OnlyTheHitComponentIsRecomputed) {
  const CsrGraph g = bowtie_and_path();
  PiecewiseBetweenness pw(g, {});
  EXPECT_EQ(pw.scores(), (std::vector<double>{0, 0, 8, 9, 8, 0, 0, 0, 3, 4, 3, 0}));
  EXPECT_EQ(pw.recomputed_vertices(), 12u);
  // Taking the bridge 3 leaves two triangles (no middle vertex: all 0); the
  // path keeps 3, 4, 3 without being looked at: 12 + 3 + 3 vertices scored.
  pw.remove({3});
  EXPECT_EQ(pw.scores(), (std::vector<double>{0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 3, 0}));
  EXPECT_EQ(pw.recomputed_vertices(), 18u);
  NetworkState s = pw.state({.distances = false});
  EXPECT_EQ(s.remaining, 11u);
  EXPECT_EQ(s.components, 3u);
  EXPECT_EQ(s.lcc, 5u);
  EXPECT_DOUBLE_EQ(s.fragmentation, 1 - 32.0 / 110.0);  // pairs within: 6 + 6 + 20
  EXPECT_TRUE(std::isnan(s.efficiency));
  // Sum of 1/d over ordered pairs: 6 in each triangle; in the path of 5,
  // 2 (4 + 3/2 + 2/3 + 1/4) = 77/6 (4 pairs at distance 1, 3 at 2, ...);
  // over 11 * 10 ordered pairs.
  s = pw.state();
  EXPECT_NEAR(s.efficiency, (12 + 77.0 / 6) / 110.0, 1e-15);
  // Taking 9 splits the path into {7, 8} and {10, 11}: zero without a kernel call.
  pw.remove({9, 9, 3});
  EXPECT_EQ(pw.scores(), std::vector<double>(12, 0.0));
  EXPECT_EQ(pw.recomputed_vertices(), 18u);
  std::vector<std::uint8_t> gone(12, 0);
  gone[3] = gone[9] = 1;
  s = pw.state();
  const NetworkState full = network_state(g, gone);
  EXPECT_EQ(s.components, 4u);
  EXPECT_EQ(s.lcc, 3u);
  EXPECT_EQ(s.efficiency, full.efficiency);  // bitwise
  EXPECT_EQ(s.fragmentation, full.fragmentation);
  const NetworkState sampled = pw.state({.distance_sources = 4}, {.seed = 5});  // network_state's own
  EXPECT_EQ(sampled.efficiency, network_state(g, gone, {.distance_sources = 4}, {.seed = 5}).efficiency);
  EXPECT_THROW(pw.remove({12}), std::invalid_argument);
  EXPECT_THROW(PiecewiseBetweenness(g, {.endpoints = true}), std::invalid_argument);
}

TEST(PiecewiseBetweenness, TwoRemovalsBeforeScoring) {
  // The first scores() would cover the whole graph; the triangles queued by
  // the first removal are scored on their own (3 + 3) and the rest of the
  // whole graph, the path without 9, once (4): 10 vertices in all.
  const CsrGraph g = bowtie_and_path();
  PiecewiseBetweenness pw(g, {});
  pw.remove({3});
  pw.remove({9});
  EXPECT_EQ(pw.scores(), std::vector<double>(12, 0.0));
  EXPECT_EQ(pw.recomputed_vertices(), 10u);
  // Taking 7 first instead leaves the path 8-9-10-11: 9 and 10 -> 2.
  PiecewiseBetweenness qw(g, {});
  qw.remove({7});
  EXPECT_EQ(qw.scores(), (std::vector<double>{0, 0, 8, 9, 8, 0, 0, 0, 0, 2, 2, 0}));
}

TEST(Disrupt, IncrementalMatchesExactOnTwoComponents) {
  // Sequential: 3 (9), then 9 (4 beats the triangles' 0), then all tie at 0:
  // the lowest id, 0. The states agree with network_state's field by field.
  const CsrGraph g = bowtie_and_path();
  for (bool distances : {true, false}) {
    DisruptParams p{.strategy = DisruptStrategy::kBetweenness, .steps = 3, .state = {.distances = distances}};
    const DisruptResult exact = disrupt(g, p);
    p.incremental = true;
    const DisruptResult inc = disrupt(g, p);
    ASSERT_EQ(inc.removed.size(), 4u);
    EXPECT_EQ(inc.removed[1], std::vector<VertexId>{3});
    EXPECT_EQ(inc.removed[2], std::vector<VertexId>{9});
    EXPECT_EQ(inc.removed[3], std::vector<VertexId>{0});
    EXPECT_EQ(inc.removed, exact.removed);
    for (std::size_t i = 0; i < inc.states.size(); ++i) {
      EXPECT_EQ(inc.states[i].lcc, exact.states[i].lcc);
      EXPECT_EQ(inc.states[i].components, exact.states[i].components);
      EXPECT_EQ(inc.states[i].fragmentation, exact.states[i].fragmentation);  // bitwise
      if (distances) EXPECT_EQ(inc.states[i].efficiency, exact.states[i].efficiency);
      else EXPECT_TRUE(std::isnan(inc.states[i].efficiency));
    }
  }
  EXPECT_THROW(disrupt(g, {.approx_epsilon = 0.1, .incremental = true}), std::invalid_argument);
}

TEST(Disrupt, IncrementalMatchesExactOnRandomGraphs) {
  // Sequential and block, directed or not, weighted or not, two components
  // plus isolates, with and without distances; at 1 and 3 threads.
  for (std::uint32_t seed = 1; seed <= 6; ++seed)
    for (bool directed : {false, true})
      for (bool weighted : {false, true})
        for (bool block : {false, true}) {
          const CsrGraph g = testing::two_component_graph(seed, directed, 90, 130);
          const bool distances = seed % 2 == 0;
          DisruptParams p{.strategy = DisruptStrategy::kBetweenness, .block = block, .steps = 25,
                          .block_size = 3, .weighted = weighted, .state = {.distances = distances}};
          const DisruptResult exact = disrupt(g, p, {.threads = 1});
          p.incremental = true;
          const DisruptResult inc = disrupt(g, p, {.threads = 3});
          SCOPED_TRACE(::testing::Message() << "seed " << seed << " directed " << directed << " weighted "
                                          << weighted << " block " << block);
          EXPECT_EQ(inc.removed, exact.removed);
          ASSERT_EQ(inc.states.size(), exact.states.size());
          for (std::size_t i = 0; i < inc.states.size(); ++i) {
            EXPECT_EQ(inc.states[i].lcc, exact.states[i].lcc);
            EXPECT_EQ(inc.states[i].components, exact.states[i].components);
            EXPECT_EQ(inc.states[i].fragmentation, exact.states[i].fragmentation);
            if (distances) EXPECT_EQ(inc.states[i].efficiency, exact.states[i].efficiency);  // bitwise
          }
        }
}

}  // namespace
}  // namespace corridor

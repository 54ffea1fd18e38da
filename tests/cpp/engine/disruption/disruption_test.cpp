// disruption: network_state, disrupt and key_player_set on hand-checked
// graphs (values worked out below and confirmed with networkx 3.6's
// global_efficiency / connected_components), plus determinism checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "engine/disruption/disrupt.hpp"
#include "engine/disruption/fragmentation.hpp"
#include "engine/disruption/key_player_set.hpp"
#include "../test_graphs.hpp"

namespace corridor {
namespace {

//   0               5
//   | \           / |
//   |  2 -- 3 -- 4  |
//   | /           \ |
//   1               6
// Two triangles joined through 3. Betweenness (unordered pairs): 3 -> 9,
// 2 and 4 -> 8, the rest 0. Degrees 2, 2, 3, 2, 3, 2, 2.
CsrGraph bowtie() {
  return testing::make(7, {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {2, 3, 1}, {3, 4, 1}, {4, 5, 1}, {5, 6, 1}, {4, 6, 1}},
                       false);
}

TEST(NetworkState, BowtieWhole) {
  // Sum of 1/d over ordered pairs: 0, 1, 5, 6 -> 10/3 each, 2 and 4 -> 25/6
  // each, 3 -> 4; total 77/3 over 7 * 6 pairs.
  const NetworkState s = network_state(bowtie(), {});
  EXPECT_EQ(s.remaining, 7u);
  EXPECT_EQ(s.lcc, 7u);
  EXPECT_EQ(s.components, 1u);
  EXPECT_DOUBLE_EQ(s.fragmentation, 0.0);
  EXPECT_NEAR(s.efficiency, 77.0 / 126.0, 1e-15);
  EXPECT_NEAR(s.distance_fragmentation, 1 - 77.0 / 126.0, 1e-15);
}

TEST(NetworkState, BowtieWithoutBridge) {
  // Two triangles: F = 1 - (3*2 + 3*2) / (6*5) = 0.6; 12 pairs at distance 1.
  std::vector<std::uint8_t> removed(7, 0);
  removed[3] = 1;
  const NetworkState s = network_state(bowtie(), removed);
  EXPECT_EQ(s.remaining, 6u);
  EXPECT_EQ(s.lcc, 3u);
  EXPECT_EQ(s.components, 2u);
  EXPECT_DOUBLE_EQ(s.fragmentation, 0.6);
  EXPECT_DOUBLE_EQ(s.efficiency, 0.4);
  EXPECT_DOUBLE_EQ(s.distance_fragmentation, 0.6);
}

TEST(NetworkState, DegenerateAndErrors) {
  std::vector<std::uint8_t> all(7, 1);
  const NetworkState s = network_state(bowtie(), all);
  EXPECT_EQ(s.remaining, 0u);
  EXPECT_EQ(s.lcc, 0u);
  EXPECT_EQ(s.components, 0u);
  EXPECT_DOUBLE_EQ(s.fragmentation, 1.0);
  EXPECT_DOUBLE_EQ(s.efficiency, 0.0);
  EXPECT_THROW(network_state(bowtie(), std::vector<std::uint8_t>(3, 0)), std::invalid_argument);
  const NetworkState nd = network_state(bowtie(), {}, {.distances = false});
  EXPECT_TRUE(std::isnan(nd.efficiency));
  EXPECT_DOUBLE_EQ(nd.fragmentation, 0.0);
}

TEST(NetworkState, ThreadInvariantAndSampledAllIsExact) {
  const CsrGraph g = testing::two_component_graph(7, false, 300, 900);
  std::vector<std::uint8_t> removed(300, 0);
  for (VertexId v = 0; v < 300; v += 7) removed[v] = 1;
  const NetworkState a = network_state(g, removed, {}, {.threads = 1});
  const NetworkState b = network_state(g, removed, {}, {.threads = 4});
  EXPECT_EQ(a.efficiency, b.efficiency);  // bitwise
  EXPECT_EQ(a.lcc, b.lcc);
  const NetworkState c = network_state(g, removed, {.distance_sources = 100000}, {});
  EXPECT_EQ(a.efficiency, c.efficiency);
  const NetworkState d = network_state(g, removed, {.distance_sources = 150}, {.seed = 3});
  EXPECT_NEAR(d.efficiency, a.efficiency, 0.2 * a.efficiency);
}

TEST(Disrupt, SequentialBetweennessOnBowtie) {
  // Step 1 takes the bridge 3. Then every betweenness is 0: the tie goes to
  // the lowest id, 0, leaving {1, 2} and {4, 5, 6}: F = 1 - (2 + 6) / 20.
  const DisruptResult r = disrupt(bowtie(), {.strategy = DisruptStrategy::kBetweenness, .steps = 2});
  ASSERT_EQ(r.states.size(), 3u);
  EXPECT_TRUE(r.removed[0].empty());
  EXPECT_EQ(r.removed[1], std::vector<VertexId>{3});
  EXPECT_EQ(r.removed[2], std::vector<VertexId>{0});
  EXPECT_EQ(r.states[1].lcc, 3u);
  EXPECT_EQ(r.states[1].components, 2u);
  EXPECT_DOUBLE_EQ(r.states[1].fragmentation, 0.6);
  EXPECT_EQ(r.states[2].remaining, 5u);
  EXPECT_DOUBLE_EQ(r.states[2].fragmentation, 0.6);
  EXPECT_DOUBLE_EQ(r.states[2].efficiency, 0.4);
}

TEST(Disrupt, BlockDegreeAndTieRank) {
  // Degree 3 at 2 and 4: one raid of two takes both (2 first, lower id):
  // {0, 1}, {3}, {5, 6} remain: F = 1 - (2 + 0 + 2) / 20 = 0.8.
  const DisruptResult r =
      disrupt(bowtie(), {.strategy = DisruptStrategy::kDegree, .block = true, .steps = 1, .block_size = 2});
  EXPECT_EQ(r.removed[1], (std::vector<VertexId>{2, 4}));
  EXPECT_EQ(r.states[1].components, 3u);
  EXPECT_DOUBLE_EQ(r.states[1].fragmentation, 0.8);
  // Reversed ranks: the tie between 2 and 4 now goes to 4.
  const DisruptResult s = disrupt(bowtie(), {.strategy = DisruptStrategy::kDegree, .steps = 1,
                                             .tie_rank = {6, 5, 4, 3, 2, 1, 0}});
  EXPECT_EQ(s.removed[1], std::vector<VertexId>{4});
}

TEST(Disrupt, CollectiveInfluenceRadiusOne) {
  // CI_1(v) = (k_v - 1) sum over neighbours (k_u - 1): 2 and 4 -> 2 * 3 = 6,
  // 3 -> 1 * 4 = 4, 0, 1, 5, 6 -> 1 * 3 = 3.
  const auto ci = collective_influence(bowtie(), {}, 1, false);
  EXPECT_EQ(ci, (std::vector<double>{3, 3, 6, 4, 6, 3, 3}));
  // Radius 2: the frontier of 3 is {0, 1, 5, 6}: 1 * 4 = 4; of 2 it is {4}: 2 * 2.
  const auto ci2 = collective_influence(bowtie(), {}, 2, false);
  EXPECT_EQ(ci2[3], 4.0);
  EXPECT_EQ(ci2[2], 4.0);
}

TEST(Disrupt, ListRandomAndStops) {
  const DisruptResult l = disrupt(bowtie(), {.strategy = DisruptStrategy::kList, .steps = 10, .order = {5, 5, 1}});
  ASSERT_EQ(l.removed.size(), 3u);  // 5, then 1; the repeat is skipped; then nothing left to list
  EXPECT_EQ(l.removed[1], std::vector<VertexId>{5});
  EXPECT_EQ(l.removed[2], std::vector<VertexId>{1});
  const DisruptResult a = disrupt(bowtie(), {.strategy = DisruptStrategy::kRandom, .steps = 10}, {.seed = 4});
  const DisruptResult b = disrupt(bowtie(), {.strategy = DisruptStrategy::kRandom, .steps = 10}, {.seed = 4});
  ASSERT_EQ(a.removed.size(), 8u);  // start + 7 removals, then the graph is empty
  std::vector<VertexId> all;
  for (std::size_t i = 1; i < a.removed.size(); ++i) {
    EXPECT_EQ(a.removed[i], b.removed[i]);
    all.insert(all.end(), a.removed[i].begin(), a.removed[i].end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<VertexId>{0, 1, 2, 3, 4, 5, 6}));
  // min_remaining = 5 cuts a raid of 5 to 2 and stops there.
  const DisruptResult m = disrupt(bowtie(), {.strategy = DisruptStrategy::kDegree, .block = true, .steps = 10,
                                             .block_size = 5, .min_remaining = 5});
  ASSERT_EQ(m.removed.size(), 2u);
  EXPECT_EQ(m.removed[1].size(), 2u);
  EXPECT_THROW(disrupt(bowtie(), {.block_size = 0}), std::invalid_argument);
  EXPECT_THROW(disrupt(bowtie(), {.tie_rank = {1, 2}}), std::invalid_argument);
  EXPECT_THROW(disrupt(bowtie(), {.strategy = DisruptStrategy::kList, .order = {9}}), std::invalid_argument);
}

TEST(Disrupt, ApproxBetweennessDeterministic) {
  const CsrGraph g = testing::two_component_graph(11, false, 120, 300);
  const DisruptParams p{.strategy = DisruptStrategy::kBetweenness, .steps = 5, .approx_epsilon = 0.1};
  const DisruptResult a = disrupt(g, p, {.threads = 1, .seed = 2});
  const DisruptResult b = disrupt(g, p, {.threads = 3, .seed = 2});
  EXPECT_EQ(a.removed, b.removed);
}

TEST(KeyPlayerSet, BowtieFragmentationAndReach) {
  const KeyPlayerResult f = key_player_set(bowtie(), {.k = 1, .restarts = 3});
  EXPECT_EQ(f.set, std::vector<VertexId>{3});
  EXPECT_DOUBLE_EQ(f.objective, 0.6);
  // Reach within 1 hop: {2, 4} touch 0, 1, 3, 5, 6 — all 5 outsiders.
  const KeyPlayerResult r = key_player_set(bowtie(), {.k = 2, .objective = KeyPlayerObjective::kReach, .m = 1});
  EXPECT_EQ(r.set, (std::vector<VertexId>{2, 4}));
  EXPECT_DOUBLE_EQ(r.objective, 1.0);
  // Excluding 3 forces the next best single cut: 2 (or 4): F = 1 - (2 + 12) / 30.
  const KeyPlayerResult e = key_player_set(bowtie(), {.k = 1, .exclude = {3}});
  EXPECT_EQ(e.set, std::vector<VertexId>{2});
  EXPECT_NEAR(e.objective, 16.0 / 30.0, 1e-15);
  const KeyPlayerResult i = key_player_set(bowtie(), {.k = 2, .include = {0}});
  EXPECT_TRUE(std::find(i.set.begin(), i.set.end(), 0u) != i.set.end());
  EXPECT_EQ(key_player_objective(bowtie(), {3}, KeyPlayerObjective::kFragmentation), 0.6);
  EXPECT_THROW(key_player_set(bowtie(), {.k = 8}), std::invalid_argument);
  EXPECT_THROW(key_player_set(bowtie(), {.k = 1, .include = {0, 1}}), std::invalid_argument);
  EXPECT_THROW(key_player_set(bowtie(), {.k = 1, .include = {0}, .exclude = {0}}), std::invalid_argument);
}

}  // namespace
}  // namespace corridor
